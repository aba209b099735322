//! Shares of a backup key for trusted people (`share split|combine`): the 32-byte secret of an
//! age X25519 identity split into K-of-N Shamir shares over GF(256) (vsss-rs, audited), each
//! framed as text a person can type back in, read back tolerantly, and checked as a set before
//! it is combined. Pure: the randomness comes in as an argument, nothing touches a file.
//!
//! A share's frame, between `-----BEGIN MFA-KIT SHARE-----` and `-----END MFA-KIT SHARE-----`:
//!
//! ```text
//! version: 1
//! set: K7QD-3XPA                       (5 random bytes, base32; shared by one split's shares)
//! threshold: 2 of 3                    (K of N)
//! index: 1                             (the x of this share, 1..=N)
//! recipient: age1...                   (the public key the rebuilt identity must have)
//! share: AAAA BBBB ... (13 groups)     (the 32 bytes of y, RFC 4648 base32)
//! check: ABCD EFGH                     (see below)
//! ```
//!
//! Reading back ignores spaces, dashes, line breaks and case (and reads a typed `0`, `1`, `8`
//! as `O`, `I`, `B`, which base32 never uses). The check is the first 5 bytes of the SHA-256
//! of the canonical text
//! `mfa-kit share\nversion: V\nset: SET\nthreshold: KofN\nindex: I\nrecipient: R\nshare: Y\n`,
//! each value as it reads back (no spaces or dashes, base32 upper case, recipient lower case),
//! in base32: any typing mistake or damage in any field is caught before anything is combined.

use std::fmt;

use getrandom::rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use vsss_rs::{Gf256, IdentifierGf256};
use zeroize::Zeroizing;

/// The frame's version this build writes and reads.
pub const VERSION: u32 = 1;
/// The most holders a split has: enough for a family, few enough to hand out by hand.
pub const MAX_HOLDERS: usize = 10;
/// The length of a set id in bytes (8 base32 characters).
pub const SET_BYTES: usize = 5;
/// The length of the secret split: an X25519 scalar.
pub const SECRET_BYTES: usize = 32;

pub const BEGIN: &str = "-----BEGIN MFA-KIT SHARE-----";
pub const END: &str = "-----END MFA-KIT SHARE-----";

const SECRET_KEY_HRP: &str = "age-secret-key-";
const CHECK_BYTES: usize = 5;

/// A set id: random, the same in every share of one split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetId(pub [u8; SET_BYTES]);

impl fmt::Display for SetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = data_encoding::BASE32_NOPAD.encode(&self.0);
        write!(f, "{}-{}", &text[..4], &text[4..])
    }
}

/// One share: the frame's fields, decoded.
#[derive(Clone, PartialEq, Eq)]
pub struct Share {
    pub set: SetId,
    /// K: how many shares rebuild the key.
    pub threshold: u8,
    /// N: how many shares were made.
    pub total: u8,
    /// This share's x, 1..=N.
    pub index: u8,
    /// The age recipient (age1...) of the identity the shares rebuild.
    pub recipient: String,
    /// The share's y bytes.
    pub value: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Share")
            .field("set", &self.set)
            .field("threshold", &self.threshold)
            .field("total", &self.total)
            .field("index", &self.index)
            .field("recipient", &self.recipient)
            .finish_non_exhaustive()
    }
}

/// What the header of a share file tells its holder besides the frame.
pub struct Header<'a> {
    /// Who (or where) holds this share.
    pub holder: &'a str,
    /// Every holder, in index order.
    pub holders: &'a [String],
    /// The backup file the key opens, as recorded.
    pub backup_file: &'a str,
    /// Where the backup file is kept.
    pub backup_at: &'a str,
}

/// Why a split could not be made. The messages name no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Threshold { threshold: usize, total: usize },
    TooManyHolders(usize),
    Crate(String),
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::Threshold { threshold, total } => write!(
                f,
                "a threshold of {threshold} with {total} holder(s) is not a split: it must be 2 to {total}"
            ),
            SplitError::TooManyHolders(n) => {
                write!(f, "{n} holders are more than the {MAX_HOLDERS} a split has")
            }
            SplitError::Crate(e) => write!(f, "the shares could not be made ({e})"),
        }
    }
}

/// Checks K and N before anything is made.
pub fn check_split(threshold: usize, total: usize) -> Result<(), SplitError> {
    if total > MAX_HOLDERS {
        return Err(SplitError::TooManyHolders(total));
    }
    if threshold < 2 || threshold > total {
        return Err(SplitError::Threshold { threshold, total });
    }
    Ok(())
}

/// Splits `secret` into `total` shares, any `threshold` of which rebuild it, with Shamir's
/// scheme over GF(256) byte by byte (vsss-rs), the shares at x = 1..=N.
pub fn split(
    secret: &[u8; SECRET_BYTES],
    threshold: usize,
    total: usize,
    set: SetId,
    recipient: &str,
    rng: impl CryptoRng,
) -> Result<Vec<Share>, SplitError> {
    check_split(threshold, total)?;
    let ids = (1..=total as u8).map(|x| IdentifierGf256(Gf256(x)));
    let raw = Zeroizing::new(
        Gf256::split_bytes_with_participant_ids_iter(threshold, total, secret, rng, ids)
            .map_err(|e| SplitError::Crate(format!("{e:?}")))?,
    );
    // `raw` (the crate's vectors, x then y) is wiped when dropped.
    Ok(raw
        .iter()
        .map(|bytes| Share {
            set,
            threshold: threshold as u8,
            total: total as u8,
            index: bytes[0],
            recipient: recipient.to_string(),
            value: Zeroizing::new(bytes[1..].to_vec()),
        })
        .collect())
}

/// The share's frame, as written and as checked: each value in its canonical form.
struct Frame {
    version: String,
    set: String,
    threshold: String,
    index: String,
    recipient: String,
    share: Zeroizing<String>,
}

impl Frame {
    fn of(share: &Share) -> Frame {
        Frame {
            version: VERSION.to_string(),
            set: data_encoding::BASE32_NOPAD.encode(&share.set.0),
            threshold: format!("{}OF{}", share.threshold, share.total),
            index: share.index.to_string(),
            recipient: share.recipient.clone(),
            share: Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&share.value)),
        }
    }

    /// The check over every field: the first 5 bytes of a SHA-256, in base32.
    fn check(&self) -> String {
        let canonical = Zeroizing::new(format!(
            "mfa-kit share\nversion: {}\nset: {}\nthreshold: {}\nindex: {}\nrecipient: {}\nshare: {}\n",
            self.version,
            self.set,
            self.threshold,
            self.index,
            self.recipient,
            self.share.as_str()
        ));
        let digest = Sha256::digest(canonical.as_bytes());
        data_encoding::BASE32_NOPAD.encode(&digest[..CHECK_BYTES])
    }
}

/// `text` in groups of four characters, separated by spaces.
fn groups(text: &str) -> Vec<String> {
    text.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect()
}

/// The share file's text: a header for the person who holds it, then the frame.
pub fn to_text(share: &Share, header: &Header) -> Zeroizing<String> {
    let frame = Frame::of(share);
    let check = frame.check();
    let k = share.threshold;
    let n = share.total;
    let others: Vec<&str> = header
        .holders
        .iter()
        .map(String::as_str)
        .filter(|h| *h != header.holder)
        .collect();
    let share_groups = Zeroizing::new(groups(&frame.share));
    let half = share_groups.len().div_ceil(2);
    let mut text = Zeroizing::new(String::new());
    let t = &mut *text;
    t.push_str("mfa-kit share: one piece of the key to an mfa-kit backup\n");
    t.push_str(&format!("Held by: {}\n", header.holder));
    t.push_str(&format!(
        "This is share {} of {n}. Any {k} of the {n} shares rebuild the key; fewer reveal nothing.\n",
        share.index
    ));
    t.push_str(&format!("The other holders: {}\n", others.join(", ")));
    t.push_str(&format!(
        "The backup it opens: {} (kept at {})\n",
        header.backup_file, header.backup_at
    ));
    t.push('\n');
    // The combine command with this holder's file and the next K-1 holders' files.
    let mut files: Vec<String> = vec![format!("{}.txt", header.holder)];
    files.extend(
        others
            .iter()
            .take(k as usize - 1)
            .map(|h| format!("{h}.txt")),
    );
    t.push_str(&format!(
        "To rebuild the key, bring any {k} of the shares together (the files, or typed back in from\n\
         paper: spaces, case and line breaks do not matter) and run, for example:\n  \
         mfa-kit share combine {} --out backup-key.txt\n\
         then open the backup with stock age, or restore it into mfa-kit:\n  \
         age -d -i backup-key.txt {} > vault.toml\n  \
         mfa-kit restore {} -i backup-key.txt\n",
        files.join(" "),
        header.backup_file,
        header.backup_file
    ));
    t.push('\n');
    t.push_str(
        "Keep this share private and away from the other shares. Everything between the two\n\
         marker lines is the share; its last line is a checksum that catches a typing mistake.\n",
    );
    t.push_str(BEGIN);
    t.push('\n');
    t.push_str(&format!("version: {}\n", frame.version));
    t.push_str(&format!("set: {}\n", share.set));
    t.push_str(&format!("threshold: {k} of {n}\n"));
    t.push_str(&format!("index: {}\n", frame.index));
    t.push_str(&format!("recipient: {}\n", frame.recipient));
    t.push_str(&format!("share: {}\n", share_groups[..half].join(" ")));
    t.push_str(&format!("       {}\n", share_groups[half..].join(" ")));
    t.push_str(&format!("check: {}\n", groups(&check).join(" ")));
    t.push_str(END);
    t.push('\n');
    text
}

/// Why a share file could not be read. The messages name no share bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// No frame at all.
    NotAShare,
    /// A field is missing.
    Missing(&'static str),
    /// The check does not match: a typing mistake or damage.
    Checksum,
    /// A newer frame than this build reads.
    Version(String),
    /// The check matches but a field makes no sense (a forged or buggy share).
    Bad(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotAShare => write!(f, "is not an mfa-kit share (no {BEGIN} line)"),
            ParseError::Missing(field) => write!(f, "has no `{field}:` line in its share"),
            ParseError::Checksum => {
                write!(f, "is damaged or mistyped: its checksum does not match")
            }
            ParseError::Version(v) => write!(
                f,
                "is a version {v} share, which this mfa-kit (version {VERSION}) cannot read"
            ),
            ParseError::Bad(what) => write!(f, "is not a valid share: {what}"),
        }
    }
}

const FIELDS: [&str; 7] = [
    "version",
    "set",
    "threshold",
    "index",
    "recipient",
    "share",
    "check",
];

/// The frame's lines: between the marker lines when there are any, else the whole text.
fn frame_lines(text: &str) -> Vec<&str> {
    let marker = |line: &str| -> String {
        base32_typed(line)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect()
    };
    let lines: Vec<&str> = text.lines().collect();
    let begin = lines
        .iter()
        .position(|l| marker(l) == "BEGINMFAKITSHARE" && l.contains("--"));
    match begin {
        Some(b) => {
            let end = lines[b + 1..]
                .iter()
                .position(|l| marker(l) == "ENDMFAKITSHARE")
                .map_or(lines.len(), |e| b + 1 + e);
            lines[b + 1..end].to_vec()
        }
        // No marker line: the fields alone, and no line of dashes.
        None => lines
            .into_iter()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect(),
    }
}

/// A typed base32 value as it reads back: no spaces or dashes, upper case, and the digits
/// base32 never uses read as the letters they look like.
fn base32_typed(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            c => c,
        })
        .collect()
}

fn compact(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads a share from its text (a file, or typed back in).
pub fn parse(text: &str) -> Result<Share, ParseError> {
    let lines = frame_lines(text);
    let mut values: [Option<Zeroizing<String>>; 7] = Default::default();
    let mut current: Option<usize> = None;
    for line in lines {
        let field = line.split_once(':').and_then(|(key, rest)| {
            let key = key.trim().to_ascii_lowercase();
            FIELDS.iter().position(|f| *f == key).map(|i| (i, rest))
        });
        match field {
            Some((i, rest)) => {
                let slot = values[i].get_or_insert_with(|| Zeroizing::new(String::new()));
                slot.push_str(rest);
                slot.push(' ');
                current = Some(i);
            }
            None => {
                if let Some(slot) = current.and_then(|i| values[i].as_mut()) {
                    slot.push_str(line);
                    slot.push(' ');
                }
            }
        }
    }
    if values.iter().all(Option::is_none) {
        return Err(ParseError::NotAShare);
    }
    let take = |i: usize| -> Result<&str, ParseError> {
        values[i]
            .as_deref()
            .map(String::as_str)
            .ok_or(ParseError::Missing(FIELDS[i]))
    };
    let frame = Frame {
        version: compact(take(0)?),
        set: base32_typed(take(1)?),
        threshold: compact(take(2)?).to_ascii_uppercase(),
        index: compact(take(3)?),
        recipient: compact(take(4)?).to_ascii_lowercase(),
        share: Zeroizing::new(base32_typed(take(5)?)),
    };
    let check = base32_typed(take(6)?);
    let expected = frame.check();
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        check.as_bytes(),
        expected.as_bytes(),
    )) {
        return Err(ParseError::Checksum);
    }
    if frame.version != VERSION.to_string() {
        return Err(ParseError::Version(frame.version));
    }
    decode_frame(&frame)
}

fn decode_frame(frame: &Frame) -> Result<Share, ParseError> {
    let bad = |what: &str| ParseError::Bad(what.to_string());
    let set = data_encoding::BASE32_NOPAD
        .decode(frame.set.as_bytes())
        .ok()
        .and_then(|b| <[u8; SET_BYTES]>::try_from(b).ok())
        .ok_or_else(|| bad("its set is not 8 base32 characters"))?;
    let (k, n) = frame
        .threshold
        .split_once("OF")
        .and_then(|(k, n)| Some((k.parse::<u8>().ok()?, n.parse::<u8>().ok()?)))
        .ok_or_else(|| bad("its threshold is not `K of N`"))?;
    check_split(k.into(), n.into()).map_err(|e| bad(&e.to_string()))?;
    let index = frame
        .index
        .parse::<u8>()
        .ok()
        .filter(|i| (1..=n).contains(i))
        .ok_or_else(|| ParseError::Bad(format!("its index is not one of 1 to {n}")))?;
    frame
        .recipient
        .parse::<age::x25519::Recipient>()
        .map_err(|_| bad("its recipient is not an age1... key"))?;
    let value = Zeroizing::new(
        data_encoding::BASE32_NOPAD
            .decode(frame.share.as_bytes())
            .map_err(|_| bad("its share is not base32"))?,
    );
    if value.len() != SECRET_BYTES {
        return Err(bad("its share is not 32 bytes"));
    }
    Ok(Share {
        set: SetId(set),
        threshold: k,
        total: n,
        index,
        recipient: frame.recipient.clone(),
        value,
    })
}

/// Why shares could not be combined; `String`s are the labels (file names) given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CombineError {
    Empty,
    DifferentSets {
        first: String,
        first_set: SetId,
        other: String,
        other_set: SetId,
    },
    Disagree {
        first: String,
        other: String,
        set: SetId,
        field: &'static str,
    },
    Repeated {
        first: String,
        other: String,
        index: u8,
        set: SetId,
    },
    TooFew {
        needed: u8,
        total: u8,
        given: usize,
    },
    WrongRecipient {
        recipient: String,
    },
    Crate(String),
}

impl fmt::Display for CombineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CombineError::Empty => write!(f, "no share given"),
            CombineError::DifferentSets {
                first,
                first_set,
                other,
                other_set,
            } => write!(
                f,
                "{other} is a share of set {other_set}, not of set {first_set} as {first} is: shares of different splits do not combine"
            ),
            CombineError::Disagree {
                first,
                other,
                set,
                field,
            } => write!(
                f,
                "{first} and {other} are both of set {set} but record a different {field}: one of them was altered"
            ),
            CombineError::Repeated {
                first,
                other,
                index,
                set,
            } => write!(
                f,
                "{first} and {other} are the same share (share {index} of set {set})"
            ),
            CombineError::TooFew {
                needed,
                total,
                given,
            } => write!(
                f,
                "too few shares: {needed} of {total} needed, {given} given"
            ),
            CombineError::WrongRecipient { recipient } => write!(
                f,
                "the key rebuilt from these shares is not the one they record ({recipient}): a share was altered along with its checksum"
            ),
            CombineError::Crate(e) => write!(f, "the shares could not be combined ({e})"),
        }
    }
}

/// Checks that `shares` (each with its label) are K or more distinct shares of one set,
/// combines them, and checks that the rebuilt identity has the recipient they record.
/// Returns the identity's secret.
pub fn combine(shares: &[(String, Share)]) -> Result<Zeroizing<[u8; SECRET_BYTES]>, CombineError> {
    let (first_label, first) = shares.first().ok_or(CombineError::Empty)?;
    for (i, (label, share)) in shares.iter().enumerate() {
        if share.set != first.set {
            return Err(CombineError::DifferentSets {
                first: first_label.clone(),
                first_set: first.set,
                other: label.clone(),
                other_set: share.set,
            });
        }
        let field = if (share.threshold, share.total) != (first.threshold, first.total) {
            Some("threshold")
        } else if share.recipient != first.recipient {
            Some("recipient")
        } else {
            None
        };
        if let Some(field) = field {
            return Err(CombineError::Disagree {
                first: first_label.clone(),
                other: label.clone(),
                set: first.set,
                field,
            });
        }
        if let Some((earlier, _)) = shares[..i].iter().find(|(_, s)| s.index == share.index) {
            return Err(CombineError::Repeated {
                first: earlier.clone(),
                other: label.clone(),
                index: share.index,
                set: share.set,
            });
        }
    }
    if shares.len() < usize::from(first.threshold) {
        return Err(CombineError::TooFew {
            needed: first.threshold,
            total: first.total,
            given: shares.len(),
        });
    }
    let raw: Zeroizing<Vec<Vec<u8>>> = Zeroizing::new(
        shares
            .iter()
            .map(|(_, s)| {
                let mut bytes = Vec::with_capacity(SECRET_BYTES + 1);
                bytes.push(s.index);
                bytes.extend_from_slice(&s.value);
                bytes
            })
            .collect(),
    );
    let combined = Zeroizing::new(
        Gf256::combine_bytes(&*raw).map_err(|e| CombineError::Crate(format!("{e:?}")))?,
    );
    let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
    if combined.len() != SECRET_BYTES {
        return Err(CombineError::Crate("not 32 bytes".to_string()));
    }
    secret.copy_from_slice(&combined);
    if recipient_of(&secret).as_deref() != Some(first.recipient.as_str()) {
        return Err(CombineError::WrongRecipient {
            recipient: first.recipient.clone(),
        });
    }
    Ok(secret)
}

/// The age recipient (age1...) of the X25519 identity with this secret.
pub fn recipient_of(secret: &[u8; SECRET_BYTES]) -> Option<String> {
    use age::secrecy::ExposeSecret;
    let text = identity_text(secret);
    text.expose_secret()
        .parse::<age::x25519::Identity>()
        .ok()
        .map(|identity| identity.to_public().to_string())
}

/// The identity's text (`AGE-SECRET-KEY-1...`), as age writes it.
pub fn identity_text(secret: &[u8; SECRET_BYTES]) -> age::secrecy::SecretString {
    let data = Zeroizing::new(to_five_bits(secret));
    let mut text = Zeroizing::new(format!("{SECRET_KEY_HRP}1"));
    for value in data
        .iter()
        .chain(bech32_checksum(SECRET_KEY_HRP, &data).iter())
    {
        text.push(BECH32[usize::from(*value)] as char);
    }
    age::secrecy::SecretString::from(text.to_ascii_uppercase())
}

/// The 32-byte secret of an age X25519 identity's text (`AGE-SECRET-KEY-1...`).
pub fn identity_secret(text: &str) -> Option<Zeroizing<[u8; SECRET_BYTES]>> {
    let lower = Zeroizing::new(text.trim().to_ascii_lowercase());
    let data_part = lower.strip_prefix(SECRET_KEY_HRP)?.strip_prefix('1')?;
    let values = Zeroizing::new(
        data_part
            .bytes()
            .map(|c| BECH32.iter().position(|b| *b == c).map(|v| v as u8))
            .collect::<Option<Vec<u8>>>()?,
    );
    if values.len() < 6 {
        return None;
    }
    let (data, checksum) = values.split_at(values.len() - 6);
    if bech32_checksum(SECRET_KEY_HRP, data) != checksum {
        return None;
    }
    let bytes = Zeroizing::new(from_five_bits(data)?);
    let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
    if bytes.len() != SECRET_BYTES {
        return None;
    }
    secret.copy_from_slice(&bytes);
    Some(secret)
}

/// Bech32's alphabet (BIP 173), which age's key strings use.
const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn bech32_polymod(values: impl Iterator<Item = u8>) -> u32 {
    const GENERATOR: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let mut check: u32 = 1;
    for value in values {
        let top = check >> 25;
        check = ((check & 0x01ff_ffff) << 5) ^ u32::from(value);
        for (i, g) in GENERATOR.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                check ^= g;
            }
        }
    }
    check
}

/// The six checksum values of bech32 (not bech32m: age uses the original).
fn bech32_checksum(hrp: &str, data: &[u8]) -> [u8; 6] {
    let hrp = hrp.as_bytes();
    let values = hrp
        .iter()
        .map(|c| c >> 5)
        .chain(std::iter::once(0))
        .chain(hrp.iter().map(|c| c & 31))
        .chain(data.iter().copied())
        .chain([0u8; 6]);
    let polymod = bech32_polymod(values) ^ 1;
    std::array::from_fn(|i| ((polymod >> (5 * (5 - i))) & 31) as u8)
}

fn to_five_bits(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        out.push(((acc << (5 - bits)) & 31) as u8);
    }
    zeroize::Zeroize::zeroize(&mut acc);
    out
}

fn from_five_bits(values: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(values.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in values {
        acc = (acc << 5) | u32::from(*v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    // Leftover bits are padding: fewer than 5 and all zero.
    let ok = bits < 5 && (acc & ((1 << bits) - 1)) == 0;
    zeroize::Zeroize::zeroize(&mut acc);
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn rng() -> impl CryptoRng {
        getrandom::rand_core::UnwrapErr(getrandom::SysRng)
    }

    fn new_key() -> (Zeroizing<[u8; SECRET_BYTES]>, String) {
        let identity = age::x25519::Identity::generate();
        let secret = identity_secret(identity.to_string().expose_secret()).unwrap();
        (secret, identity.to_public().to_string())
    }

    fn make(k: usize, n: usize, set: u8) -> (Zeroizing<[u8; SECRET_BYTES]>, Vec<Share>) {
        let (secret, recipient) = new_key();
        let shares = split(&secret, k, n, SetId([set; SET_BYTES]), &recipient, rng()).unwrap();
        (secret, shares)
    }

    fn labelled(shares: &[&Share]) -> Vec<(String, Share)> {
        shares
            .iter()
            .map(|s| (format!("share{}.txt", s.index), (*s).clone()))
            .collect()
    }

    fn header_text(share: &Share) -> String {
        let holders: Vec<String> = (1..=share.total).map(|i| format!("h{i}")).collect();
        to_text(
            share,
            &Header {
                holder: &holders[usize::from(share.index) - 1],
                holders: &holders,
                backup_file: "/media/usb/shared.age",
                backup_at: "usb-safe",
            },
        )
        .to_string()
    }

    /// Every subset of `0..n` with `size` members.
    fn subsets(n: usize, size: usize) -> Vec<Vec<usize>> {
        (0u32..1 << n)
            .filter(|m| m.count_ones() as usize == size)
            .map(|m| (0..n).filter(|i| m >> i & 1 == 1).collect())
            .collect()
    }

    #[test]
    fn age_key_text_round_trips_through_its_32_bytes() {
        for _ in 0..20 {
            let identity = age::x25519::Identity::generate();
            let text = identity.to_string();
            let secret = identity_secret(text.expose_secret()).unwrap();
            assert_eq!(identity_text(&secret).expose_secret(), text.expose_secret());
            assert_eq!(
                recipient_of(&secret).unwrap(),
                identity.to_public().to_string()
            );
        }
        // A damaged key text fails bech32's checksum.
        let text = age::x25519::Identity::generate().to_string();
        let mut damaged = text.expose_secret().to_string();
        let last = damaged.pop().unwrap();
        damaged.push(if last == 'Q' { 'P' } else { 'Q' });
        assert!(identity_secret(&damaged).is_none());
        assert!(identity_secret("AGE-PLUGIN-FOO-1QQQQQQ").is_none());
    }

    #[test]
    fn every_k_subset_rebuilds_and_every_smaller_one_is_too_few() {
        for (k, n) in [(2, 3), (3, 5), (2, 2), (10, 10), (4, 10)] {
            let (secret, shares) = make(k, n, 7);
            assert_eq!(shares.len(), n);
            for size in 1..=n {
                for subset in subsets(n, size) {
                    let chosen: Vec<&Share> = subset.iter().map(|i| &shares[*i]).collect();
                    let result = combine(&labelled(&chosen));
                    if size >= k {
                        assert_eq!(*result.unwrap(), *secret, "{k} of {n}: {subset:?}");
                    } else {
                        assert_eq!(
                            result.unwrap_err(),
                            CombineError::TooFew {
                                needed: k as u8,
                                total: n as u8,
                                given: size
                            }
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fewer_than_k_shares_say_nothing_about_the_secret() {
        // Two splits of different secrets: K-1 shares of one are as likely from the other.
        // With the same randomness for the coefficients, x = 1..K-1 of a 3-of-5 split take
        // every value as often for any secret: check that each byte of share 1 (of a 2-of-3)
        // is uniform over many splits of one fixed secret.
        let secret = [0x42u8; SECRET_BYTES];
        let mut counts = [0u32; 256];
        for _ in 0..2000 {
            let shares = split(&secret, 2, 3, SetId([1; SET_BYTES]), "age1x", rng()).unwrap();
            for b in shares[0].value.iter() {
                counts[usize::from(*b)] += 1;
            }
        }
        // 64000 bytes over 256 values: 250 expected each; a share leaking the secret would
        // pile up on 0x42.
        assert!(counts.iter().all(|c| (150..360).contains(c)), "{counts:?}");
    }

    #[test]
    fn text_round_trips_and_tolerates_how_people_type() {
        let (_, shares) = make(2, 3, 9);
        for share in &shares {
            let text = header_text(share);
            assert_eq!(&parse(&text).unwrap(), share);
            // Lower case, extra spaces, other line breaks, digits that look like letters.
            let frame: String = text
                .lines()
                .skip_while(|l| *l != BEGIN)
                .collect::<Vec<_>>()
                .join("\n");
            let typed = frame
                .lines()
                // The share's second line (no field name): O typed as 0, I as 1.
                .map(|l| match l.contains(':') || l.starts_with('-') {
                    true => l.to_string(),
                    false => l.replace('O', "0").replace('I', "1"),
                })
                .collect::<Vec<_>>()
                .join("\n")
                .to_lowercase()
                .replace("share: ", "SHARE :\n  ")
                .replace(' ', "  ")
                .replace("-----begin", "---  begin");
            assert_eq!(&parse(&typed).unwrap(), share, "{typed}");
            // Without its marker lines: only the fields.
            let bare: String = frame
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<Vec<_>>()
                .join("\r\n");
            assert_eq!(&parse(&bare).unwrap(), share);
        }
    }

    #[test]
    fn every_one_character_change_is_caught() {
        let (_, shares) = make(3, 5, 3);
        let text = header_text(&shares[2]);
        let start = text.find(BEGIN).unwrap() + BEGIN.len();
        let end = text.find(END).unwrap();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut changed = 0;
        for (i, c) in text[start..end].char_indices() {
            let i = start + i;
            if !c.is_ascii_alphanumeric() {
                continue;
            }
            // A different character that does not read back as the same one.
            let replacement = alphabet
                .chars()
                .chain("9".chars())
                .find(|r| base32_typed(&r.to_string()) != base32_typed(&c.to_string()))
                .unwrap();
            let mut damaged = text.clone();
            damaged.replace_range(i..i + 1, &replacement.to_string());
            match parse(&damaged) {
                Err(ParseError::Checksum) | Err(ParseError::Missing(_)) => changed += 1,
                other => panic!("a change at {i} ({c} -> {replacement}) read as {other:?}"),
            }
        }
        assert!(changed > 100);
    }

    #[test]
    fn sets_are_not_mixed_nor_shares_repeated() {
        let (_, a) = make(2, 3, 1);
        let (_, b) = make(2, 3, 2);
        match combine(&labelled(&[&a[0], &b[1]])).unwrap_err() {
            CombineError::DifferentSets {
                other, other_set, ..
            } => {
                assert_eq!(other, "share2.txt");
                assert_eq!(other_set, SetId([2; SET_BYTES]));
            }
            e => panic!("{e:?}"),
        }
        let repeated = vec![
            ("a.txt".to_string(), a[1].clone()),
            ("b.txt".to_string(), a[1].clone()),
        ];
        assert_eq!(
            combine(&repeated).unwrap_err().to_string(),
            "a.txt and b.txt are the same share (share 2 of set AEAQ-CAIB)"
        );
    }

    #[test]
    fn a_rebuilt_key_must_have_the_recorded_recipient() {
        let (_, shares) = make(2, 3, 4);
        let (_, other) = new_key();
        // Every share re-framed (with a correct check) for another recipient.
        let forged: Vec<Share> = shares
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.recipient = other.clone();
                parse(&header_text(&s)).unwrap()
            })
            .collect();
        let err = combine(&labelled(&[&forged[0], &forged[2]])).unwrap_err();
        assert_eq!(err, CombineError::WrongRecipient { recipient: other });
        // One share of the set with another recipient: the set disagrees.
        let err = combine(&labelled(&[&shares[0], &forged[1]])).unwrap_err();
        assert!(
            matches!(
                err,
                CombineError::Disagree {
                    field: "recipient",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn thresholds_and_sizes_are_checked() {
        assert!(check_split(2, 3).is_ok());
        assert!(check_split(10, 10).is_ok());
        assert!(check_split(0, 3).is_err());
        assert!(check_split(1, 3).is_err());
        assert!(check_split(4, 3).is_err());
        assert_eq!(check_split(2, 11), Err(SplitError::TooManyHolders(11)));
        assert!(parse("hello").is_err());
        assert_eq!(parse("hello").unwrap_err(), ParseError::NotAShare);
    }

    #[test]
    fn nothing_secret_in_debug_or_errors() {
        let (_, shares) = make(2, 3, 5);
        let encoded = data_encoding::BASE32_NOPAD.encode(&shares[0].value);
        assert!(!format!("{:?}", shares[0]).contains(&encoded[..8]));
    }
}
