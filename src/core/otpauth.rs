//! `otpauth://totp/...` and `otpauth://hotp/...` URIs, read as real authenticators and
//! services write them (issuer
//! parameter unlike the label prefix, `TOTP` in capitals, `+` for a space, padded secrets)
//! and written back in the canonical form authenticator apps read. A URI is input: what it
//! says is held to the input bounds (each parameter once, a secret of 80 bits or more, a
//! period of a day at most), and its issuer and account come out inert (`text::cleaned`).

use std::fmt;

use super::otp::{
    Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, OtpError, check_input_counter, check_input_params,
    check_input_secret,
};
use super::secret::{SecretString, decode_base32, has_prefix_ignore_case, normalize_base32};
use super::text::cleaned;

/// The longest URI read: far above any real one, bounded so a crafted line costs nothing.
pub const MAX_URI_LEN: usize = 16 * 1024;

/// The content of an otpauth URI. The secret is canonical base32.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpauthUri {
    pub issuer: Option<String>,
    /// The account part of the label (`alice@example.com` in `GitHub:alice@example.com`).
    pub account: String,
    pub secret: SecretString,
    pub algorithm: Algorithm,
    pub digits: u8,
    /// The period of a TOTP; an HOTP has none (kept at the default, unused).
    pub period: u64,
    /// An HOTP URI's counter (the counter of the next code); `None` for TOTP.
    pub counter: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriError {
    NotOtpauth,
    UnknownType(String),
    TooLong,
    BadEncoding(&'static str),
    MissingSecret,
    BadNumber(&'static str),
    /// A parameter given twice (which one would an authenticator use?).
    Repeated(&'static str),
    Otp(OtpError),
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UriError::NotOtpauth => write!(
                f,
                "not an otpauth URI (it should start with otpauth://totp/ or otpauth://hotp/)"
            ),
            UriError::UnknownType(t) => {
                write!(f, "unknown OTP type {t:?}; mfa-kit holds totp and hotp")
            }
            UriError::TooLong => write!(f, "the URI is longer than {MAX_URI_LEN} bytes"),
            UriError::BadEncoding(what) => {
                write!(f, "the URI's {what} is not valid percent-encoded UTF-8")
            }
            UriError::MissingSecret => write!(f, "the URI has no secret= parameter"),
            UriError::BadNumber(what) => write!(f, "the URI's {what} is not a whole number"),
            UriError::Repeated(what) => write!(
                f,
                "the URI gives {what}= more than once; keep one (authenticators disagree on \
                 which one counts)"
            ),
            UriError::Otp(e) => e.fmt(f),
        }
    }
}

impl From<OtpError> for UriError {
    fn from(e: OtpError) -> Self {
        UriError::Otp(e)
    }
}

/// Decodes `%XX` escapes and, as form encoding does, `+` as a space.
pub fn percent_decode(text: &str, what: &'static str) -> Result<String, UriError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(UriError::BadEncoding(what))?;
                out.push(hex);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| UriError::BadEncoding(what))
}

/// Encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn parse_number(value: &str, what: &'static str) -> Result<u64, UriError> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| UriError::BadNumber(what))
}

/// A parameter seen already is an error, naming it.
fn once<T>(seen: &Option<T>, what: &'static str) -> Result<(), UriError> {
    match seen {
        Some(_) => Err(UriError::Repeated(what)),
        None => Ok(()),
    }
}

impl OtpauthUri {
    pub fn parse(uri: &str) -> Result<Self, UriError> {
        let uri = uri.trim();
        if uri.len() > MAX_URI_LEN {
            return Err(UriError::TooLong);
        }
        let scheme = "otpauth://";
        if !has_prefix_ignore_case(uri, scheme) {
            return Err(UriError::NotOtpauth);
        }
        let rest = &uri[scheme.len()..];
        let (kind, rest) = rest.split_once('/').unwrap_or((rest, ""));
        let hotp = kind.eq_ignore_ascii_case("hotp");
        if !hotp && !kind.eq_ignore_ascii_case("totp") {
            return Err(UriError::UnknownType(kind.chars().take(16).collect()));
        }
        let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
        // Fragments are not part of an otpauth URI, but some QR generators append one.
        let query = query.split('#').next().unwrap_or("");
        // A literal ':' separates issuer and account; an encoded one (`%3A`) separates them
        // only where the label has no literal one, as Google writes it.
        let (label_issuer, account) = match label.split_once(':') {
            Some((issuer, account)) => (
                Some(percent_decode(issuer, "label")?),
                percent_decode(account, "label")?,
            ),
            None => {
                let decoded = percent_decode(label, "label")?;
                match decoded.split_once(':') {
                    Some((issuer, account)) => (Some(issuer.to_string()), account.to_string()),
                    None => (None, decoded),
                }
            }
        };
        let label_issuer = label_issuer.map(|i| cleaned(&i));
        let account = cleaned(&account);

        let mut secret = None;
        let mut issuer = None;
        let mut algorithm = None;
        let mut digits = None;
        let mut period = None;
        let mut counter = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key.to_ascii_lowercase().as_str() {
                "secret" => {
                    once(&secret, "secret")?;
                    // `+` for a space and `%3D` padding are both undone here.
                    let decoded = zeroize::Zeroizing::new(percent_decode(value, "secret")?);
                    let normal = normalize_base32(&decoded).map_err(OtpError::from)?;
                    check_input_secret(&decode_base32(normal.expose()).map_err(OtpError::from)?)?;
                    secret = Some(normal);
                }
                "issuer" => {
                    once(&issuer, "issuer")?;
                    issuer = Some(cleaned(&percent_decode(value, "issuer")?));
                }
                "algorithm" => {
                    once(&algorithm, "algorithm")?;
                    algorithm = Some(percent_decode(value, "algorithm")?.parse()?);
                }
                "digits" => {
                    once(&digits, "digits")?;
                    digits = Some(parse_number(value, "digits")?);
                }
                // An HOTP has no period (and a TOTP no counter): a stray one is not read.
                "period" if !hotp => {
                    once(&period, "period")?;
                    period = Some(parse_number(value, "period")?);
                }
                "counter" if hotp => {
                    once(&counter, "counter")?;
                    counter = Some(check_input_counter(parse_number(value, "counter")?)?);
                }
                _ => {}
            }
        }
        let secret = secret.ok_or(UriError::MissingSecret)?;
        let (digits, period) = check_input_params(
            digits.unwrap_or(u64::from(DEFAULT_DIGITS)),
            period.unwrap_or(DEFAULT_PERIOD),
        )?;
        let issuer = issuer.or(label_issuer).filter(|i| !i.is_empty());
        Ok(OtpauthUri {
            issuer,
            account,
            secret,
            algorithm: algorithm.unwrap_or_default(),
            digits,
            period,
            // The key URI format asks for the counter; one written without it starts at 0,
            // where RFC 4226's counter starts.
            counter: hotp.then(|| counter.unwrap_or(0)),
        })
    }

    /// The canonical URI, with every parameter spelled out. It holds the secret.
    pub fn to_uri(&self) -> SecretString {
        let label = match &self.issuer {
            Some(issuer) => format!(
                "{}:{}",
                percent_encode(issuer),
                percent_encode(&self.account)
            ),
            // An account with a ':' of its own needs an empty issuer before a literal ':',
            // or a reader would take its first part for the issuer.
            None if self.account.contains(':') => format!(":{}", percent_encode(&self.account)),
            None => percent_encode(&self.account),
        };
        let kind = if self.counter.is_some() {
            "hotp"
        } else {
            "totp"
        };
        let mut uri = format!("otpauth://{kind}/{label}?secret={}", self.secret.expose());
        if let Some(issuer) = &self.issuer {
            uri.push_str(&format!("&issuer={}", percent_encode(issuer)));
        }
        uri.push_str(&format!(
            "&algorithm={}&digits={}",
            self.algorithm, self.digits
        ));
        match self.counter {
            Some(counter) => uri.push_str(&format!("&counter={counter}")),
            None => uri.push_str(&format!("&period={}", self.period)),
        }
        SecretString::new(uri)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_form() {
        let uri = OtpauthUri::parse(
            "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
        )
        .unwrap();
        assert_eq!(uri.issuer.as_deref(), Some("ACME Co"));
        assert_eq!(uri.account, "john.doe@email.com");
        assert_eq!(uri.secret.expose(), "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
        assert_eq!(
            (uri.algorithm, uri.digits, uri.period),
            (Algorithm::Sha1, 6, 30)
        );
    }

    #[test]
    fn tolerates_real_world_deviations() {
        let uri = OtpauthUri::parse(
            "OTPAUTH://TOTP/Old%20Name:alice+smith?SECRET=jbsw+y3dp-ehpk3pxp%3D%3D&Issuer=New+Name&algorithm=sha256&digits=8&period=60",
        )
        .unwrap();
        assert_eq!(
            uri.issuer.as_deref(),
            Some("New Name"),
            "the issuer parameter wins"
        );
        assert_eq!(uri.account, "alice smith");
        assert_eq!(uri.secret.expose(), "JBSWY3DPEHPK3PXP");
        assert_eq!(
            (uri.algorithm, uri.digits, uri.period),
            (Algorithm::Sha256, 8, 60)
        );

        let bare = OtpauthUri::parse("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(bare.issuer, None);
        assert_eq!(bare.account, "bob");
        assert_eq!((bare.digits, bare.period), (6, 30));
    }

    #[test]
    fn refuses_what_it_cannot_hold() {
        let cases = [
            ("https://example.com", UriError::NotOtpauth),
            (
                "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP",
                UriError::UnknownType("steam".into()),
            ),
            (
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1",
                UriError::BadNumber("counter"),
            ),
            (
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1&counter=2",
                UriError::Repeated("counter"),
            ),
            ("otpauth://totp/x?issuer=a", UriError::MissingSecret),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9",
                UriError::Otp(OtpError::Digits(9)),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
                UriError::Otp(OtpError::ZeroPeriod),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six",
                UriError::BadNumber("digits"),
            ),
            (
                "otpauth://totp/%ZZ?secret=JBSWY3DPEHPK3PXP",
                UriError::BadEncoding("label"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(OtpauthUri::parse(text).unwrap_err(), want, "{text}");
        }
        assert!(matches!(
            OtpauthUri::parse("otpauth://totp/x?secret=JBSW1"),
            Err(UriError::Otp(OtpError::Secret(_)))
        ));
        let long = format!("otpauth://totp/x?secret={}", "A".repeat(MAX_URI_LEN));
        assert_eq!(OtpauthUri::parse(&long).unwrap_err(), UriError::TooLong);
    }

    #[test]
    fn each_parameter_once() {
        let base = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP";
        for (extra, name) in [
            ("&secret=GEZDGNBVGY3TQOJQ", "secret"),
            ("&SECRET=JBSWY3DPEHPK3PXP", "secret"),
            ("&digits=6&digits=8", "digits"),
            ("&period=30&period=60", "period"),
            ("&issuer=A&issuer=B", "issuer"),
            ("&algorithm=SHA1&Algorithm=SHA256", "algorithm"),
        ] {
            let err = OtpauthUri::parse(&format!("{base}{extra}")).unwrap_err();
            assert_eq!(err, UriError::Repeated(name), "{extra}");
            let shown = err.to_string();
            assert!(shown.contains(&format!("{name}=")), "{shown}");
            assert!(
                !shown.contains("JBSW") && !shown.contains("GEZD"),
                "{shown}"
            );
        }
        // Parameters mfa-kit does not read may repeat.
        assert!(OtpauthUri::parse(&format!("{base}&image=a&image=b")).is_ok());
    }

    #[test]
    fn input_bounds() {
        // 72 bits: refused, naming the minimum; 80 bits: the smallest accepted.
        let err = OtpauthUri::parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOI").unwrap_err();
        assert_eq!(err, UriError::Otp(OtpError::ShortSecret(9)));
        assert!(err.to_string().contains("80 bits"), "{err}");
        assert!(!err.to_string().contains("GEZD"), "{err}");
        assert!(OtpauthUri::parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ").is_ok());
        assert_eq!(
            OtpauthUri::parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=86401").unwrap_err(),
            UriError::Otp(OtpError::LongPeriod(86_401))
        );
        assert_eq!(
            OtpauthUri::parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=86400")
                .unwrap()
                .period,
            86_400
        );
    }

    #[test]
    fn issuer_and_account_come_out_inert() {
        let uri = OtpauthUri::parse(
            "otpauth://totp/Evil%1B%5B2J:alice%0Afake%E2%80%AEline?secret=JBSWY3DPEHPK3PXP&issuer=Bad%1B%5D0%3Btitle%07Co",
        )
        .unwrap();
        assert_eq!(uri.issuer.as_deref(), Some("Bad]0;titleCo"));
        assert_eq!(uri.account, "alice fakeline");
        let label_only =
            OtpauthUri::parse("otpauth://totp/Pay%E2%80%8Bpal:bob?secret=JBSWY3DPEHPK3PXP")
                .unwrap();
        assert_eq!(label_only.issuer.as_deref(), Some("Paypal"));
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        // Found by the fuzzer: a slice at a byte offset inside a character panicked.
        for text in [
            "otpauth:/\u{6ab}AUT/totp/x",
            "é",
            "otpauth://totp/x?secret=AB%3\u{e9}",
        ] {
            let _ = OtpauthUri::parse(text);
        }
    }

    #[test]
    fn writes_what_it_reads() {
        let uri = OtpauthUri {
            issuer: Some("Example & Co: Ltd".into()),
            account: "a+b@example.com".into(),
            secret: SecretString::from("JBSWY3DPEHPK3PXP"),
            algorithm: Algorithm::Sha512,
            digits: 7,
            period: 45,
            counter: None,
        };
        let text = uri.to_uri();
        assert_eq!(OtpauthUri::parse(text.expose()).unwrap(), uri);
        // Found by the fuzzer: an account with a ':' and no issuer.
        let colon = OtpauthUri {
            issuer: None,
            account: "a:b".into(),
            ..uri
        };
        assert_eq!(OtpauthUri::parse(colon.to_uri().expose()).unwrap(), colon);
    }

    #[test]
    fn reads_and_writes_hotp() {
        let uri = OtpauthUri::parse(
            "otpauth://HOTP/Yubico:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Yubico&counter=42&digits=8&period=0",
        )
        .unwrap();
        assert_eq!(uri.counter, Some(42));
        assert_eq!(
            (uri.digits, uri.period),
            (8, DEFAULT_PERIOD),
            "an HOTP's period is not read"
        );
        assert_eq!(uri.issuer.as_deref(), Some("Yubico"));
        let text = uri.to_uri();
        assert!(
            text.expose().starts_with("otpauth://hotp/Yubico:alice?")
                && text.expose().ends_with("&counter=42"),
            "{}",
            text.expose()
        );
        assert!(!text.expose().contains("period="));
        assert_eq!(OtpauthUri::parse(text.expose()).unwrap(), uri);
        // Written without a counter, an HOTP starts at 0; a TOTP's stray counter is not read.
        let bare = OtpauthUri::parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(bare.counter, Some(0));
        let totp = OtpauthUri::parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&counter=5").unwrap();
        assert_eq!(totp.counter, None);
    }
}
