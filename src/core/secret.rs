//! Secret holders and the base32 reader. Secrets live in types whose Debug is redacted and
//! whose memory is wiped on drop; the base32 reader accepts secrets as people paste them.

use std::fmt;
use std::sync::OnceLock;

use data_encoding::{Encoding, Specification};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, Zeroizing};

/// A secret text (a base32 TOTP secret, a recovery code, a private key file's text).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    pub fn new(text: String) -> Self {
        SecretString(Zeroizing::new(text))
    }

    /// The secret itself: call only where it must be used or shown on request.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Zeroes the secret where it is, leaving an empty string.
    pub fn wipe(&mut self) {
        self.0.zeroize();
    }
}

impl From<&str> for SecretString {
    fn from(text: &str) -> Self {
        SecretString::new(text.to_string())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([redacted])")
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretString::new)
    }
}

/// A string read from JSON without copying it where it can be (no escape in it), and where
/// it cannot, decoded into a copy of its own, made at its final size and wiped when dropped:
/// a secret read for a moment (a digest of it) leaves no copy behind.
pub struct Decoded<'a>(std::borrow::Cow<'a, str>);

impl<'a> Decoded<'a> {
    /// The string of `json`, one JSON string with its quotes; `None` for a bad escape.
    pub fn from_json_str(json: &'a str) -> Option<Self> {
        let inner = json.strip_prefix('"')?.strip_suffix('"')?;
        if !inner.contains('\\') {
            return Some(Decoded(std::borrow::Cow::Borrowed(inner)));
        }
        // An escape is never shorter than what it stands for: the text is never moved.
        let mut decoded = Decoded(std::borrow::Cow::Owned(String::with_capacity(inner.len())));
        let std::borrow::Cow::Owned(text) = &mut decoded.0 else {
            unreachable!("made owned above")
        };
        let mut rest = inner;
        while let Some(at) = rest.find('\\') {
            text.push_str(&rest[..at]);
            let escape = *rest.as_bytes().get(at + 1).filter(|b| b.is_ascii())?;
            rest = &rest[at + 2..];
            text.push(match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hex = rest.get(..4)?;
                    rest = &rest[4..];
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    // A half of a surrogate pair is no character (mfa-kit writes none).
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            });
        }
        text.push_str(rest);
        Some(decoded)
    }
}

impl std::ops::Deref for Decoded<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Drop for Decoded<'_> {
    fn drop(&mut self) {
        if let std::borrow::Cow::Owned(text) = &mut self.0 {
            text.zeroize();
        }
    }
}

/// Secret raw bytes (a decoded TOTP key).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(Zeroizing::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes([redacted; {} bytes])", self.0.len())
    }
}

/// The longest TOTP key accepted, in bytes: far above any service's (SHA512 keys are 64),
/// low enough that a crafted input cannot make work out of it.
pub const MAX_SECRET_BYTES: usize = 1024;

/// Why a base32 secret was refused. Never holds the secret itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base32Error {
    Empty,
    BadCharacter { position: usize },
    BadLength { symbols: usize },
    TooLong,
}

impl fmt::Display for Base32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base32Error::Empty => write!(f, "the secret is empty"),
            Base32Error::BadCharacter { position } => write!(
                f,
                "the secret has a character that is not base32 at position {position} \
                 (base32 uses the letters A-Z and the digits 2-7)"
            ),
            Base32Error::BadLength { symbols } => write!(
                f,
                "the secret has {symbols} base32 characters, a length no key encodes to \
                 (a character may be missing or doubled)"
            ),
            Base32Error::TooLong => write!(
                f,
                "the secret is longer than {MAX_SECRET_BYTES} bytes, which no service issues"
            ),
        }
    }
}

fn base32_lenient() -> &'static Encoding {
    static ENCODING: OnceLock<Encoding> = OnceLock::new();
    ENCODING.get_or_init(|| {
        let mut spec = Specification::new();
        spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        // Some services' secrets end with stray low bits: accept them, as authenticators do.
        spec.check_trailing_bits = false;
        spec.encoding()
            .expect("the base32 alphabet is a valid specification")
    })
}

/// True when `text` starts with `prefix`, ignoring ASCII case; never splits a character.
pub fn has_prefix_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// True when `text` ends with `suffix`, ignoring ASCII case; never splits a character.
pub fn has_suffix_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Puts a secret as pasted into canonical form: upper case, no spaces, dashes or padding.
pub fn normalize_base32(input: &str) -> Result<SecretString, Base32Error> {
    let mut out = String::with_capacity(input.len());
    let mut rest = input.trim();
    // Padding may come percent-encoded from a URI.
    loop {
        if let Some(stripped) = rest.strip_suffix('=') {
            rest = stripped;
        } else if has_suffix_ignore_case(rest, "%3D") {
            rest = &rest[..rest.len() - 3];
        } else {
            break;
        }
    }
    for (position, c) in rest.chars().enumerate() {
        match c {
            ' ' | '-' | '\t' => {}
            'a'..='z' | 'A'..='Z' | '2'..='7' => out.push(c.to_ascii_uppercase()),
            _ => {
                out.zeroize();
                return Err(Base32Error::BadCharacter {
                    position: position + 1,
                });
            }
        }
    }
    if out.is_empty() {
        return Err(Base32Error::Empty);
    }
    if out.len() > MAX_SECRET_BYTES * 8 / 5 + 1 {
        out.zeroize();
        return Err(Base32Error::TooLong);
    }
    Ok(SecretString::new(out))
}

/// Decodes a secret as pasted (any case, spaces, dashes, padding) into its key bytes.
pub fn decode_base32(input: &str) -> Result<SecretBytes, Base32Error> {
    let canonical = normalize_base32(input)?;
    let text = canonical.expose().as_bytes();
    let encoding = base32_lenient();
    let symbols = text.len();
    let len = encoding
        .decode_len(symbols)
        .map_err(|_| Base32Error::BadLength { symbols })?;
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    let written = encoding
        .decode_mut(text, &mut bytes)
        .map_err(|_| Base32Error::BadLength { symbols })?;
    bytes.truncate(written);
    if bytes.len() > MAX_SECRET_BYTES {
        return Err(Base32Error::TooLong);
    }
    Ok(SecretBytes::new(bytes.to_vec()))
}

/// [`decode_base32`]'s verdict on `input`, without its bytes: a secret in canonical form
/// (upper case, no padding, as the vault keeps every one) is judged by its length alone,
/// nothing decoded or copied (a vault of 10,000 accounts is checked on every read); any other
/// is decoded.
pub fn check_base32(input: &str) -> Result<(), Base32Error> {
    let canonical = !input.is_empty()
        && super::search::every_byte(input.as_bytes(), |b| matches!(b, b'A'..=b'Z' | b'2'..=b'7'));
    if !canonical {
        return decode_base32(input).map(drop);
    }
    let symbols = input.len();
    if symbols > MAX_SECRET_BYTES * 8 / 5 + 1 {
        return Err(Base32Error::TooLong);
    }
    // Every symbol decodes (trailing bits are not checked): only the length can be wrong.
    let len = base32_lenient()
        .decode_len(symbols)
        .map_err(|_| Base32Error::BadLength { symbols })?;
    if len > MAX_SECRET_BYTES {
        return Err(Base32Error::TooLong);
    }
    Ok(())
}

/// Encodes key bytes as canonical base32: upper case, no padding.
pub fn encode_base32(bytes: &[u8]) -> SecretString {
    SecretString::new(base32_lenient().encode(bytes))
}

/// Makes room for `extra` more bytes in a buffer of secrets without the reallocation that
/// could leave a copy of them in freed memory: a buffer too small is moved into a larger one,
/// and the old one is wiped as it is dropped.
pub fn reserve_wiping(buffer: &mut Zeroizing<Vec<u8>>, extra: usize) {
    if buffer.capacity() - buffer.len() < extra {
        let mut larger = Zeroizing::new(Vec::with_capacity(2 * buffer.capacity() + extra));
        larger.extend_from_slice(buffer);
        *buffer = larger;
    }
}

/// [`reserve_wiping`] for text.
pub fn reserve_wiping_text(text: &mut Zeroizing<String>, extra: usize) {
    if text.capacity() - text.len() < extra {
        let mut larger = Zeroizing::new(String::with_capacity(2 * text.capacity() + extra));
        larger.push_str(text);
        *text = larger;
    }
}

/// A writer into a buffer of secrets that grows as [`reserve_wiping`] says.
pub struct Wiping<'a>(pub &'a mut Zeroizing<Vec<u8>>);

impl std::io::Write for Wiping<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        reserve_wiping(self.0, bytes.len());
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A canonical secret's length alone says what decoding it says, at every length
        /// around the largest.
        #[test]
        fn a_canonical_secret_is_judged_as_decoding_judges_it(
            symbols in proptest::prop_oneof![0usize..40, 1620usize..1660],
            seed in proptest::prelude::any::<u64>(),
        ) {
            let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            let text: String = (0..symbols)
                .map(|i| char::from(alphabet[((seed >> (i % 59)) as usize + i * 7) % 32]))
                .collect();
            proptest::prop_assert_eq!(check_base32(&text), decode_base32(&text).map(drop));
            let pasted = format!("{} ", text.to_lowercase());
            proptest::prop_assert_eq!(check_base32(&pasted), decode_base32(&pasted).map(drop));
        }

        /// Any string as serde_json writes it (every escape it uses) reads back as itself,
        /// and a string with an escape is decoded at its final size, never moved.
        #[test]
        fn a_json_string_decodes_as_serde_json_reads_it(text in "\\PC{0,40}|[\"\\\\\u{0}-\u{1f}é]{0,12}") {
            let json = serde_json::to_string(&text).unwrap();
            let decoded = Decoded::from_json_str(&json).unwrap();
            proptest::prop_assert_eq!(&*decoded, text.as_str());
            if let std::borrow::Cow::Owned(owned) = &decoded.0 {
                proptest::prop_assert!(owned.capacity() == json.len() - 2);
            }
        }
    }

    #[test]
    fn bad_escapes_are_refused_not_panicking() {
        for bad in [
            r#""\é""#,
            r#""\u12""#,
            r#""\uD800""#,
            r#""\x41""#,
            r#""\""#,
            "\"",
            "",
        ] {
            assert!(Decoded::from_json_str(bad).is_none(), "{bad}");
        }
        let escaped = Decoded::from_json_str(r#""a\u00e9\n\"\/""#).unwrap();
        assert_eq!(&*escaped, "a\u{e9}\n\"/");
    }

    #[test]
    fn accepts_secrets_as_pasted() {
        let canonical = decode_base32("JBSWY3DPEHPK3PXP").unwrap();
        for pasted in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "jbsw-y3dp-ehpk-3pxp",
            " JBSWY3DPEHPK3PXP\t",
        ] {
            assert_eq!(decode_base32(pasted).unwrap(), canonical, "{pasted}");
        }
        assert_eq!(canonical.len(), 10, "an 80-bit secret");
    }

    #[test]
    fn accepts_padding_plain_or_percent_encoded() {
        let plain = decode_base32("GEZDGNBV").unwrap();
        assert_eq!(plain.expose(), b"12345");
        assert_eq!(decode_base32("MFRGG===").unwrap().expose(), b"abc");
        assert_eq!(decode_base32("MFRGG%3D%3D%3D").unwrap().expose(), b"abc");
        assert_eq!(decode_base32("MFRGG%3d").unwrap().expose(), b"abc");
    }

    #[test]
    fn refuses_what_is_not_base32() {
        assert_eq!(decode_base32(""), Err(Base32Error::Empty));
        assert_eq!(decode_base32(" = "), Err(Base32Error::Empty));
        assert_eq!(
            decode_base32("ABC1"),
            Err(Base32Error::BadCharacter { position: 4 })
        );
        assert_eq!(
            decode_base32("A"),
            Err(Base32Error::BadLength { symbols: 1 })
        );
        let huge = "A".repeat(MAX_SECRET_BYTES * 2);
        assert_eq!(decode_base32(&huge), Err(Base32Error::TooLong));
    }

    #[test]
    fn encode_is_canonical_and_round_trips() {
        let text = encode_base32(b"12345678901234567890");
        assert_eq!(text.expose(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            decode_base32(text.expose()).unwrap().expose(),
            b"12345678901234567890"
        );
        assert_eq!(encode_base32(b"abc").expose(), "MFRGG");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = SecretString::from("JBSWY3DPEHPK3PXP");
        assert!(!format!("{s:?}").contains("JBSW"));
        let b = decode_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert!(!format!("{b:?}").contains("72"));
    }
}
