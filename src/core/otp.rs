//! TOTP (RFC 6238) and HOTP (RFC 4226): parameters checked for sense, codes generated and
//! verified with totp-rs doing the HMAC arithmetic (HOTP is its TOTP with a step of one
//! second and the counter for the time). Time and counters are always passed in, never read.
//! Two levels of checks: what any stored account must satisfy (`check_params`, which the
//! vault reader applies, so vaults written before stay readable), and the stricter bounds on
//! what is accepted as new input (`check_input_params`, `check_input_secret`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::secret::{Base32Error, SecretBytes, decode_base32};

/// The HMAC hash of a TOTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Algorithm {
    #[default]
    #[serde(rename = "SHA1")]
    Sha1,
    #[serde(rename = "SHA256")]
    Sha256,
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
            Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
            Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = OtpError;

    /// Accepts the spellings seen in the wild: `SHA1`, `sha-256`, `HmacSHA512`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded: String = s
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        match folded.trim_start_matches("HMAC") {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(OtpError::UnknownAlgorithm(s.chars().take(32).collect())),
        }
    }
}

pub const MIN_DIGITS: u8 = 6;
pub const MAX_DIGITS: u8 = 8;
pub const DEFAULT_DIGITS: u8 = 6;
pub const DEFAULT_PERIOD: u64 = 30;
/// The widest verification window accepted, in time steps either side.
pub const MAX_WINDOW: u64 = 1000;
/// The shortest secret accepted on input, in bytes: 80 bits, what GitHub and others issue
/// (RFC 4226 asks for at least 128 and recommends 160).
pub const MIN_SECRET_BYTES: usize = 10;
/// The longest period accepted on input, in seconds: a day.
pub const MAX_INPUT_PERIOD: u64 = 86_400;
/// The largest HOTP counter a vault holds: the vault is a TOML document, whose integers are
/// signed 64-bit (i64), so a counter above this could be neither written nor read back by
/// TOML tools. A counter is refused above it on every input, and the counter of the next
/// code never passes it: the code of counter `MAX_COUNTER - 1` is the last one.
pub const MAX_COUNTER: u64 = i64::MAX as u64;

/// How far from the clock a moment may be for a command to record state from it (an
/// accepted step, a verification): ten minutes covers any honest clock skew.
pub const CLOCK_TOLERANCE_SECS: u64 = 600;

/// The last accepted step, unless it lies beyond any step an honest verification could have
/// accepted at `now` (one stored from a far-future `--time` by an older build): such a step
/// would refuse every real code as a replay for years, so it is ignored.
pub fn plausible_last_step(last_step: Option<u64>, period: u64, now: u64) -> Option<u64> {
    let latest = now
        .saturating_add(CLOCK_TOLERANCE_SECS)
        .saturating_div(period.max(1))
        .saturating_add(MAX_WINDOW);
    last_step.filter(|step| *step <= latest)
}

/// Why TOTP parameters make no sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtpError {
    Secret(Base32Error),
    Digits(u64),
    ZeroPeriod,
    UnknownAlgorithm(String),
    /// A secret of this many bytes, under [`MIN_SECRET_BYTES`].
    ShortSecret(usize),
    /// A period over [`MAX_INPUT_PERIOD`].
    LongPeriod(u64),
    /// An HOTP counter over [`MAX_COUNTER`].
    LargeCounter(u64),
}

impl fmt::Display for OtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OtpError::Secret(e) => e.fmt(f),
            // RFC 4226 (HOTP) sets the digits; RFC 6238 (TOTP) takes them from it.
            OtpError::Digits(d) => write!(
                f,
                "{d} digits is outside RFC 4226's range; codes have {MIN_DIGITS} to {MAX_DIGITS} digits"
            ),
            OtpError::ZeroPeriod => write!(f, "a period of 0 seconds makes no sense; use 30"),
            OtpError::UnknownAlgorithm(a) => {
                write!(f, "unknown algorithm {a:?}; use SHA1, SHA256 or SHA512")
            }
            OtpError::ShortSecret(bytes) => write!(
                f,
                "the secret is {} bits long, under the minimum of {} bits ({} base32 \
                 characters)",
                bytes * 8,
                MIN_SECRET_BYTES * 8,
                (MIN_SECRET_BYTES * 8).div_ceil(5)
            ),
            OtpError::LongPeriod(period) => write!(
                f,
                "a period of {period} seconds is longer than a day ({MAX_INPUT_PERIOD} \
                 seconds); services use 30"
            ),
            OtpError::LargeCounter(counter) => write!(
                f,
                "the HOTP counter {counter} is above {MAX_COUNTER}, the largest a vault holds \
                 (its TOML integers are signed 64-bit)"
            ),
        }
    }
}

impl From<Base32Error> for OtpError {
    fn from(e: Base32Error) -> Self {
        OtpError::Secret(e)
    }
}

/// Checks digits and period before anything reaches totp-rs, whose unchecked constructor
/// would panic on them.
pub fn check_params(digits: u64, period: u64) -> Result<(u8, u64), OtpError> {
    if !(u64::from(MIN_DIGITS)..=u64::from(MAX_DIGITS)).contains(&digits) {
        return Err(OtpError::Digits(digits));
    }
    if period == 0 {
        return Err(OtpError::ZeroPeriod);
    }
    Ok((digits as u8, period))
}

/// [`check_params`], and the period at most a day: for parameters given as input (the
/// command line, a URI, an import file), not for accounts already stored.
pub fn check_input_params(digits: u64, period: u64) -> Result<(u8, u64), OtpError> {
    let (digits, period) = check_params(digits, period)?;
    if period > MAX_INPUT_PERIOD {
        return Err(OtpError::LongPeriod(period));
    }
    Ok((digits, period))
}

/// An HOTP counter given as input (the command line, a URI, an import file) is at most
/// [`MAX_COUNTER`].
pub fn check_input_counter(counter: u64) -> Result<u64, OtpError> {
    if counter > MAX_COUNTER {
        return Err(OtpError::LargeCounter(counter));
    }
    Ok(counter)
}

/// A secret given as input has at least [`MIN_SECRET_BYTES`] bytes. Accounts already stored
/// are not held to it.
pub fn check_input_secret(key: &SecretBytes) -> Result<(), OtpError> {
    if key.len() < MIN_SECRET_BYTES {
        return Err(OtpError::ShortSecret(key.len()));
    }
    Ok(())
}

/// A TOTP generator: key, hash, digits and period, all checked.
pub struct Totp {
    inner: totp_rs::Totp,
    period: u64,
    digits: u8,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Totp")
            .field("digits", &self.digits)
            .field("period", &self.period)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl Totp {
    pub fn new(
        key: &SecretBytes,
        algorithm: Algorithm,
        digits: u64,
        period: u64,
    ) -> Result<Self, OtpError> {
        let (digits, period) = check_params(digits, period)?;
        if key.is_empty() {
            return Err(OtpError::Secret(Base32Error::Empty));
        }
        let inner = totp_rs::Builder::new()
            .with_algorithm(algorithm.to_totp_rs())
            .with_digits(digits)
            .with_skew(0)
            .with_step_duration(period)
            .with_secret(key.expose().to_vec())
            // Digits and period were checked above; the RFC's 128-bit minimum is lifted
            // because services issue 80-bit secrets.
            .build_noncompliant();
        Ok(Totp {
            inner,
            period,
            digits,
        })
    }

    /// From the base32 text kept in the vault.
    pub fn from_base32(
        secret: &str,
        algorithm: Algorithm,
        digits: u64,
        period: u64,
    ) -> Result<Self, OtpError> {
        let key = decode_base32(secret)?;
        Totp::new(&key, algorithm, digits, period)
    }

    pub fn period(&self) -> u64 {
        self.period
    }

    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// The time step that `unix_time` falls in.
    pub fn step_of(&self, unix_time: u64) -> u64 {
        unix_time / self.period
    }

    /// Seconds left before the code at `unix_time` changes.
    pub fn remaining(&self, unix_time: u64) -> u64 {
        self.period - unix_time % self.period
    }

    /// The code for time step `step`, zero-padded to the number of digits.
    pub fn code_for_step(&self, step: u64) -> String {
        // step * period never overflows for a step derived from a u64 time.
        self.inner
            .generate(step.saturating_mul(self.period))
            .to_string()
    }

    /// The code at `unix_time`.
    pub fn code_at(&self, unix_time: u64) -> String {
        self.code_for_step(self.step_of(unix_time))
    }

    /// Looks for `code` among the steps within `window` of `unix_time`, skipping steps at or
    /// before `last_accepted` (RFC 6238 section 5.2: a code is accepted once). Returns the
    /// earliest matching step. Each comparison runs in constant time.
    pub fn verify(
        &self,
        code: &str,
        unix_time: u64,
        window: u64,
        last_accepted: Option<u64>,
    ) -> Verdict {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != usize::from(self.digits) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Verdict::Invalid;
        }
        let now = self.step_of(unix_time);
        let first = now.saturating_sub(window);
        let last = now.saturating_add(window).min(u64::MAX / self.period);
        let mut replayed = false;
        for step in first..=last {
            // totp-rs compares tokens in constant time; skew is 0, so this checks one step.
            if self
                .inner
                .check(&code, step.saturating_mul(self.period))
                .is_some()
            {
                if last_accepted.is_some_and(|seen| step <= seen) {
                    replayed = true;
                } else {
                    return Verdict::Accepted { step };
                }
            }
        }
        if replayed {
            Verdict::Replayed
        } else {
            Verdict::Invalid
        }
    }
}

/// An HOTP generator (RFC 4226): key, hash and digits, checked. Its codes follow a counter
/// that the caller keeps: the code of counter `c` is the HOTP value of `c`.
pub struct Hotp {
    /// HOTP is TOTP's arithmetic with a period of one: the "time" is the counter.
    inner: Totp,
}

impl fmt::Debug for Hotp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hotp")
            .field("digits", &self.inner.digits)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl Hotp {
    pub fn new(key: &SecretBytes, algorithm: Algorithm, digits: u64) -> Result<Self, OtpError> {
        Ok(Hotp {
            inner: Totp::new(key, algorithm, digits, 1)?,
        })
    }

    /// From the base32 text kept in the vault.
    pub fn from_base32(secret: &str, algorithm: Algorithm, digits: u64) -> Result<Self, OtpError> {
        let key = decode_base32(secret)?;
        Hotp::new(&key, algorithm, digits)
    }

    pub fn digits(&self) -> u8 {
        self.inner.digits
    }

    /// The code of counter `counter`, zero-padded to the number of digits.
    pub fn code_at(&self, counter: u64) -> String {
        self.inner.code_for_step(counter)
    }

    /// The codes of `counter` and the next: what a person restoring the account types in.
    pub fn two_codes(&self, counter: u64) -> [String; 2] {
        [
            self.code_at(counter),
            self.code_at(counter.saturating_add(1)),
        ]
    }

    /// Looks for `code` from `counter` (the next counter not yet used) up to `window` counters
    /// ahead (RFC 4226 section 7.4: the look-ahead that lets an authenticator that made codes
    /// nobody used catch up). The earliest match at or after `counter` is accepted; a code
    /// that only matches one of the `window` counters before `counter` was used already.
    /// Each comparison runs in constant time. Only counters below [`MAX_COUNTER`] are
    /// accepted, so that the counter after an accepted one can be kept: at the end of the
    /// range nothing more is accepted (never the last code twice).
    pub fn verify(&self, code: &str, counter: u64, window: u64) -> HotpVerdict {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != usize::from(self.digits()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return HotpVerdict::Invalid;
        }
        let last = counter.saturating_add(window).min(MAX_COUNTER - 1);
        for at in counter..=last {
            if self.inner.inner.check(&code, at).is_some() {
                return HotpVerdict::Accepted { counter: at };
            }
        }
        for at in counter.saturating_sub(window)..counter {
            if self.inner.inner.check(&code, at).is_some() {
                return HotpVerdict::Replayed;
            }
        }
        HotpVerdict::Invalid
    }
}

/// What [`Hotp::verify`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HotpVerdict {
    /// The code of this counter: the next one to use is the one after.
    Accepted {
        counter: u64,
    },
    /// The code of a counter already passed.
    Replayed,
    Invalid,
}

/// What `verify` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted { step: u64 },
    Replayed,
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::secret::encode_base32;

    fn key(seed: &[u8]) -> SecretBytes {
        SecretBytes::new(seed.to_vec())
    }

    const SEED_SHA1: &[u8] = b"12345678901234567890";
    const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    /// RFC 6238 appendix B: all 18 rows, each hash with its own seed.
    #[test]
    fn rfc6238_appendix_b() {
        let rows: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (time, sha1, sha256, sha512) in rows {
            for (seed, alg, want) in [
                (SEED_SHA1, Algorithm::Sha1, sha1),
                (SEED_SHA256, Algorithm::Sha256, sha256),
                (SEED_SHA512, Algorithm::Sha512, sha512),
            ] {
                let totp = Totp::new(&key(seed), alg, 8, 30).unwrap();
                assert_eq!(totp.code_at(time), want, "{alg} at {time}");
            }
        }
    }

    /// RFC 4226 appendix D: the ten HOTP values of the test secret.
    const RFC4226_CODES: [&str; 10] = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];

    #[test]
    fn rfc4226_appendix_d() {
        let hotp = Hotp::new(&key(SEED_SHA1), Algorithm::Sha1, 6).unwrap();
        for (counter, code) in RFC4226_CODES.iter().enumerate() {
            assert_eq!(hotp.code_at(counter as u64), *code, "counter {counter}");
        }
    }

    #[test]
    fn hotp_looks_ahead_and_refuses_used_counters() {
        let hotp = Hotp::new(&key(SEED_SHA1), Algorithm::Sha1, 6).unwrap();
        // The next counter is 3: its code, and with a window of 2 the codes of 4 and 5.
        assert_eq!(
            hotp.verify(RFC4226_CODES[3], 3, 0),
            HotpVerdict::Accepted { counter: 3 }
        );
        assert_eq!(
            hotp.verify("338 314", 3, 2),
            HotpVerdict::Accepted { counter: 4 }
        );
        assert_eq!(
            hotp.verify(RFC4226_CODES[5], 3, 2),
            HotpVerdict::Accepted { counter: 5 }
        );
        assert_eq!(hotp.verify(RFC4226_CODES[6], 3, 2), HotpVerdict::Invalid);
        // Counters before 3 were used.
        assert_eq!(hotp.verify(RFC4226_CODES[2], 3, 2), HotpVerdict::Replayed);
        assert_eq!(hotp.verify(RFC4226_CODES[0], 3, 2), HotpVerdict::Invalid);
        assert_eq!(hotp.verify("75522", 0, 2), HotpVerdict::Invalid);
        assert_eq!(hotp.verify("abcdef", 0, 2), HotpVerdict::Invalid);
        // At the end of the counter's range, nothing overflows, and the last code is
        // accepted once: the counter after it is the largest a vault holds, where nothing
        // more is accepted.
        let last = hotp.code_at(MAX_COUNTER - 1);
        assert_eq!(
            hotp.verify(&last, MAX_COUNTER - 2, MAX_WINDOW),
            HotpVerdict::Accepted {
                counter: MAX_COUNTER - 1
            }
        );
        assert_eq!(
            hotp.verify(&last, MAX_COUNTER, MAX_WINDOW),
            HotpVerdict::Replayed
        );
        let beyond = hotp.code_at(MAX_COUNTER);
        assert_ne!(
            hotp.verify(&beyond, MAX_COUNTER, MAX_WINDOW),
            HotpVerdict::Accepted {
                counter: MAX_COUNTER
            }
        );
        for counter in [MAX_COUNTER, u64::MAX - 1, u64::MAX] {
            assert!(!matches!(
                hotp.verify(&hotp.code_at(counter), counter, MAX_WINDOW),
                HotpVerdict::Accepted { .. }
            ));
        }
        assert_eq!(check_input_counter(MAX_COUNTER), Ok(MAX_COUNTER));
        assert_eq!(
            check_input_counter(MAX_COUNTER + 1),
            Err(OtpError::LargeCounter(MAX_COUNTER + 1))
        );
        assert!(
            OtpError::LargeCounter(u64::MAX)
                .to_string()
                .contains("9223372036854775807")
        );
        let shown = format!("{hotp:?}");
        assert!(!shown.contains("12345678"), "{shown}");
    }

    #[test]
    fn refuses_nonsense_parameters() {
        let k = key(SEED_SHA1);
        assert_eq!(
            Totp::new(&k, Algorithm::Sha1, 5, 30).unwrap_err(),
            OtpError::Digits(5)
        );
        assert_eq!(
            Totp::new(&k, Algorithm::Sha1, 10, 30).unwrap_err(),
            OtpError::Digits(10)
        );
        assert_eq!(
            Totp::new(&k, Algorithm::Sha1, 6, 0).unwrap_err(),
            OtpError::ZeroPeriod
        );
        assert!(Totp::new(&key(b""), Algorithm::Sha1, 6, 30).is_err());
    }

    #[test]
    fn input_bounds_are_stricter_than_stored_ones() {
        // A stored account with a long period or a short secret still makes codes...
        assert_eq!(check_params(6, 172_800), Ok((6, 172_800)));
        assert!(Totp::new(&key(b"short"), Algorithm::Sha1, 6, 30).is_ok());
        // ...but neither is accepted as new input.
        assert_eq!(check_input_params(6, 86_400), Ok((6, 86_400)));
        assert_eq!(
            check_input_params(6, 86_401),
            Err(OtpError::LongPeriod(86_401))
        );
        assert_eq!(check_input_params(9, 30), Err(OtpError::Digits(9)));
        assert_eq!(check_input_params(6, 0), Err(OtpError::ZeroPeriod));
        assert!(check_input_secret(&key(&[7; 10])).is_ok());
        let short = check_input_secret(&key(&[7; 9])).unwrap_err();
        assert_eq!(short, OtpError::ShortSecret(9));
        let shown = short.to_string();
        assert!(
            shown.contains("72 bits") && shown.contains("80 bits") && shown.contains("16 base32"),
            "{shown}"
        );
        assert!(
            OtpError::LongPeriod(86_401)
                .to_string()
                .contains("86400 seconds")
        );
    }

    #[test]
    fn algorithm_spellings() {
        for (text, alg) in [
            ("SHA1", Algorithm::Sha1),
            ("sha1", Algorithm::Sha1),
            ("SHA-256", Algorithm::Sha256),
            ("HmacSHA512", Algorithm::Sha512),
        ] {
            assert_eq!(text.parse::<Algorithm>().unwrap(), alg);
        }
        assert!("MD5".parse::<Algorithm>().is_err());
    }

    #[test]
    fn verify_window_and_replay() {
        let totp = Totp::new(&key(SEED_SHA1), Algorithm::Sha1, 6, 30).unwrap();
        let t = 1_700_000_000;
        let now = totp.step_of(t);
        let code = totp.code_at(t);
        assert_eq!(
            totp.verify(&code, t, 1, None),
            Verdict::Accepted { step: now }
        );
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(
            totp.verify(&spaced, t, 1, None),
            Verdict::Accepted { step: now }
        );
        assert_eq!(totp.verify(&code, t, 1, Some(now)), Verdict::Replayed);
        assert_eq!(totp.verify(&code, t, 1, Some(now + 5)), Verdict::Replayed);
        let previous = totp.code_for_step(now - 1);
        assert_eq!(
            totp.verify(&previous, t, 1, None),
            Verdict::Accepted { step: now - 1 }
        );
        assert_eq!(totp.verify(&previous, t, 0, None), Verdict::Invalid);
        let too_old = totp.code_for_step(now - 2);
        if too_old != code && too_old != previous && too_old != totp.code_for_step(now + 1) {
            assert_eq!(totp.verify(&too_old, t, 1, None), Verdict::Invalid);
        }
        assert_eq!(totp.verify("12345", t, 1, None), Verdict::Invalid);
        assert_eq!(totp.verify("abcdef", t, 1, None), Verdict::Invalid);
        assert_eq!(totp.verify("+12345", t, 1, None), Verdict::Invalid);
    }

    #[test]
    fn extreme_times_do_not_panic() {
        let totp = Totp::new(&key(SEED_SHA1), Algorithm::Sha1, 8, 1).unwrap();
        for t in [0, 1, u64::MAX - 1, u64::MAX] {
            let code = totp.code_at(t);
            assert_eq!(code.len(), 8);
            assert!(matches!(
                totp.verify(&code, t, MAX_WINDOW, None),
                Verdict::Accepted { .. }
            ));
        }
        let slow = Totp::new(&key(SEED_SHA1), Algorithm::Sha1, 6, u64::MAX).unwrap();
        assert_eq!(slow.code_at(u64::MAX).len(), 6);
        assert_eq!(slow.remaining(u64::MAX), u64::MAX);
    }

    #[test]
    fn debug_is_redacted() {
        let totp = Totp::new(&key(SEED_SHA1), Algorithm::Sha1, 6, 30).unwrap();
        let shown = format!("{totp:?}");
        assert!(!shown.contains("12345678"), "{shown}");
        assert!(!shown.contains(encode_base32(SEED_SHA1).expose()));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn generated_codes_always_verify(
                seed in proptest::collection::vec(any::<u8>(), 1..80),
                alg in prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
                digits in 6u64..=8,
                period in 1u64..=600,
                time in prop_oneof![0u64..100_000, (u64::MAX - 100_000)..=u64::MAX, any::<u64>()],
            ) {
                let totp = Totp::new(&SecretBytes::new(seed), alg, digits, period).unwrap();
                let code = totp.code_at(time);
                prop_assert_eq!(code.len() as u64, digits);
                prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(
                    totp.verify(&code, time, 1, None),
                    Verdict::Accepted { step: totp.step_of(time) }
                );
                prop_assert!(totp.remaining(time) >= 1 && totp.remaining(time) <= period);
            }

            #[test]
            fn parameters_never_panic(digits in any::<u64>(), period in any::<u64>(), time in any::<u64>()) {
                if let Ok(totp) = Totp::new(&SecretBytes::new(vec![7; 20]), Algorithm::Sha1, digits, period) {
                    let _ = totp.code_at(time);
                }
            }
        }
    }
}
