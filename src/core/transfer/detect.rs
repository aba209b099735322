//! Which export a file is, and reading it as that: `import FILE` without `--from` finds the
//! format from the file's content (the top-level keys of a JSON export, the scheme of a text
//! one; andOTP's `.json.aes` for bytes that are not text when nothing else fits), and every
//! format is
//! read through [`read_export`] into entries, or into a [`Sealed`] export that a password
//! opens. Files that are plainly no export (images, archives, text not in UTF-8) are named for
//! what they are, so that no password is asked for them.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::sealed::{KdfLimits, Sealed};
use super::{
    AegisExport, Entry, TwoFasExport, aegis_entries, apps, is_too_many, parse_google,
    parse_otpauth_list, read_2fas, read_aegis, twofas_entries,
};
use crate::core::secret::has_prefix_ignore_case;
use crate::core::text::strip_bom;

/// An export format `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Otpauth,
    Aegis,
    TwoFas,
    Google,
    Bitwarden,
    Proton,
    Ente,
    FreeOtpPlus,
    AndOtp,
}

impl Format {
    /// The format's name as `--from` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Otpauth => "otpauth",
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::Google => "google",
            Format::Bitwarden => "bitwarden",
            Format::Proton => "proton",
            Format::Ente => "ente",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::AndOtp => "andotp",
        }
    }

    /// What a file of this format is, for "reading FILE as ...".
    pub fn describe(self, encrypted: bool) -> &'static str {
        match (self, encrypted) {
            (Format::Otpauth | Format::Ente, _) => "a list of otpauth:// URIs",
            (Format::Aegis, false) => "an Aegis export",
            (Format::Aegis, true) => "an encrypted Aegis vault",
            (Format::TwoFas, false) => "a 2FAS backup",
            (Format::TwoFas, true) => "an encrypted 2FAS backup",
            (Format::Google, _) => "a Google Authenticator export",
            (Format::Bitwarden, _) => "a Bitwarden JSON export",
            (Format::Proton, _) => "a Proton Authenticator export",
            (Format::FreeOtpPlus, _) => "a FreeOTP+ backup",
            (Format::AndOtp, false) => "an andOTP backup",
            (Format::AndOtp, true) => "an encrypted andOTP backup",
        }
    }
}

/// An export read: its entries, or encrypted entries a password opens.
#[derive(Debug)]
pub enum Export {
    Plain(Vec<Entry>),
    Sealed(Sealed),
}

/// Why a file could not be read as the format asked (or its format found).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// It is not an export of that format, or (detection) of any one format: the message says
    /// what is wrong.
    NotFormat(String),
    /// It holds more than `MAX_ENTRIES` entries.
    TooMany(String),
    /// It is of the format, encrypted in a way mfa-kit does not open (Bitwarden, Proton, ente):
    /// the message says how to export it again.
    Encrypted(String),
    /// It is an encrypted export of the format that mfa-kit will not open: key-derivation
    /// parameters beyond what the app writes, or a header that is damaged.
    Refused(String),
    /// It is no export at all.
    NotExport(NotExport),
}

/// A file that is plainly no export: what it is, and what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotExport {
    /// What it is, to follow "FILE is": "a PNG image, not an export", ...
    pub is: &'static str,
    pub fix: &'static str,
}

/// Recognises what a file is when it is no export: by its first bytes (each signature three
/// bytes or more, so that an old andOTP backup, which starts with 12 random bytes, is almost
/// never taken for one), or as text in another encoding than UTF-8 (it starts as an export
/// would, and has next to no control bytes, where ciphertext has one byte in eight).
fn not_an_export(bytes: &[u8]) -> Option<NotExport> {
    const SCREENSHOT: &str = "for screenshots of Google Authenticator's export QR codes, give \
         them with --qr-image IMAGE";
    const UNPACK: &str = "unpack it first and import the export inside";
    const UTF8: &str = "save it as UTF-8 and import that";
    let ascii = |b: &u8| (0x20..0x7f).contains(b) || b.is_ascii_whitespace();
    let (is, fix) = match bytes {
        [0x89, b'P', b'N', b'G', ..] => ("a PNG image, not an export", SCREENSHOT),
        [0xff, 0xd8, 0xff, ..] => ("a JPEG image, not an export", SCREENSHOT),
        [0x1f, 0x8b, 0x08, ..] => ("a gzip archive, not an export", UNPACK),
        [b'P', b'K', 3 | 5, 4 | 6, ..] => ("a zip archive, not an export", UNPACK),
        [0xff, 0xfe, c, 0, ..] | [c, 0, _, 0, ..] if ascii(c) => ("UTF-16 text, not UTF-8", UTF8),
        [0xfe, 0xff, 0, c, ..] | [0, c, 0, _, ..] if ascii(c) => ("UTF-16 text, not UTF-8", UTF8),
        _ => {
            let start = bytes.trim_ascii_start();
            let starts_as_export = start.starts_with(b"{")
                || start.starts_with(b"[")
                || start
                    .get(..7)
                    .is_some_and(|s| s.eq_ignore_ascii_case(b"otpauth"));
            let controls = bytes
                .iter()
                .filter(|&&b| (b < 0x20 && !b.is_ascii_whitespace()) || b == 0x7f)
                .count();
            if !starts_as_export
                || controls * 64 > bytes.len()
                || std::str::from_utf8(bytes).is_ok()
            {
                return None;
            }
            ("text, but not UTF-8", UTF8)
        }
    };
    Some(NotExport { is, fix })
}

fn not_format(error: String) -> ReadError {
    if is_too_many(&error) {
        ReadError::TooMany(error)
    } else if apps::is_encrypted_refusal(&error) {
        ReadError::Encrypted(error)
    } else {
        ReadError::NotFormat(error)
    }
}

fn text(bytes: &[u8]) -> Result<&str, ReadError> {
    if let Some(what) = not_an_export(bytes) {
        return Err(ReadError::NotExport(what));
    }
    std::str::from_utf8(bytes).map_err(|_| ReadError::NotFormat("it is not text".to_string()))
}

/// Reads `bytes` as `format`; an encrypted export's key-derivation parameters are checked
/// against `limits` here, before any password is asked for.
pub fn read_export(format: Format, bytes: &[u8], limits: KdfLimits) -> Result<Export, ReadError> {
    let plain = |result: Result<Vec<Entry>, String>| result.map(Export::Plain).map_err(not_format);
    match format {
        Format::Otpauth => plain(parse_otpauth_list(text(bytes)?)),
        Format::Ente => plain(apps::parse_ente(text(bytes)?)),
        Format::Google => plain(parse_google(text(bytes)?)),
        Format::Bitwarden => plain(apps::parse_bitwarden(text(bytes)?)),
        Format::Proton => plain(apps::parse_proton(text(bytes)?)),
        Format::FreeOtpPlus => plain(apps::parse_freeotp_plus(text(bytes)?)),
        Format::Aegis => match read_aegis(text(bytes)?).map_err(not_format)? {
            AegisExport::Plain(items) => Ok(Export::Plain(aegis_entries(items))),
            AegisExport::Encrypted { header, db } => Sealed::aegis(header, &db, limits)
                .map(Export::Sealed)
                .map_err(ReadError::Refused),
        },
        Format::TwoFas => match read_2fas(text(bytes)?).map_err(not_format)? {
            TwoFasExport::Plain(services) => Ok(Export::Plain(twofas_entries(services))),
            TwoFasExport::Encrypted(encrypted) => Sealed::twofas(&encrypted)
                .map(Export::Sealed)
                .map_err(ReadError::Refused),
        },
        Format::AndOtp => {
            if let Some(what) = not_an_export(bytes) {
                return Err(ReadError::NotExport(what));
            }
            match std::str::from_utf8(bytes) {
                Ok(json) if strip_bom(json).trim_start().starts_with('[') => {
                    plain(apps::parse_andotp(json))
                }
                Ok(other) if is_plain_text(other) => Err(ReadError::NotFormat(
                    "it is neither andOTP's JSON list nor its encrypted .json.aes".to_string(),
                )),
                _ => Sealed::andotp(bytes, limits)
                    .map(Export::Sealed)
                    .map_err(ReadError::NotFormat),
            }
        }
    }
}

/// Text a person could have written: no control characters but white space. An encrypted
/// andOTP backup starts with a zero byte (its rounds, below 2^24), and is never this.
fn is_plain_text(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && !c.is_whitespace())
}

/// The top-level keys that tell the JSON exports apart; their values are skipped unbuilt.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Shape {
    db: Option<IgnoredAny>,
    services: Option<IgnoredAny>,
    #[serde(rename = "servicesEncrypted")]
    services_encrypted: Option<IgnoredAny>,
    items: Option<IgnoredAny>,
    #[serde(rename = "passwordProtected")]
    password_protected: Option<IgnoredAny>,
    tokens: Option<IgnoredAny>,
    entries: Option<IgnoredAny>,
    /// Proton Authenticator's export with a password: `salt` and `content` for `entries`.
    salt: Option<IgnoredAny>,
    content: Option<IgnoredAny>,
    /// ente Auth's encrypted export.
    #[serde(rename = "encryptedData")]
    encrypted_data: Option<IgnoredAny>,
}

/// The format of an export, from its content. The error says why none (or more than one) fits,
/// or what the file is when it is no export.
pub fn detect(bytes: &[u8]) -> Result<Format, ReadError> {
    if let Some(what) = not_an_export(bytes) {
        return Err(ReadError::NotExport(what));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if is_plain_text(text) => text,
        // andOTP's encrypted backup is the one binary export: what is not text and nothing
        // else recognised is tried as that (its old format has no header to check).
        _ => return Ok(Format::AndOtp),
    };
    let text = strip_bom(text).trim_start();
    let unknown = |why: String| Err(ReadError::NotFormat(why));
    if text.starts_with('[') {
        // andOTP's plain backup is the one export that is a JSON list: of entries that each
        // have a secret and a type (a list of 2FAS services or of URIs is none of its).
        #[derive(serde::Deserialize)]
        struct AndOtpShape {
            secret: Option<serde::de::IgnoredAny>,
            #[serde(rename = "type")]
            kind: Option<serde::de::IgnoredAny>,
        }
        return match serde_json::from_str::<Vec<AndOtpShape>>(text) {
            Ok(list) if list.iter().all(|e| e.secret.is_some() && e.kind.is_some()) => {
                Ok(Format::AndOtp)
            }
            Ok(_) => unknown(
                "it is a JSON list, but not of andOTP entries (each with a secret and a type)"
                    .to_string(),
            ),
            Err(_) => unknown("it looks like JSON but is not a list of andOTP entries".to_string()),
        };
    }
    if text.starts_with('{') {
        let Ok(shape) = serde_json::from_str::<Shape>(text) else {
            return unknown("it looks like JSON but is not valid JSON".to_string());
        };
        let candidates: Vec<Format> = [
            (shape.db.is_some(), Format::Aegis),
            (
                shape.services.is_some() || shape.services_encrypted.is_some(),
                Format::TwoFas,
            ),
            (
                shape.items.is_some() || shape.password_protected.is_some(),
                Format::Bitwarden,
            ),
            (shape.tokens.is_some(), Format::FreeOtpPlus),
            (
                shape.entries.is_some() || (shape.salt.is_some() && shape.content.is_some()),
                Format::Proton,
            ),
            (shape.encrypted_data.is_some(), Format::Ente),
        ]
        .into_iter()
        .filter_map(|(fits, format)| fits.then_some(format))
        .collect();
        return match candidates[..] {
            [format] => Ok(format),
            [] => unknown("it is JSON of no export mfa-kit knows".to_string()),
            _ => unknown(format!(
                "it could be {}",
                candidates
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        };
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if has_prefix_ignore_case(first, "otpauth-migration://") {
        Ok(Format::Google)
    } else if has_prefix_ignore_case(first, "otpauth://") {
        Ok(Format::Otpauth)
    } else {
        unknown("it is no export mfa-kit recognises".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_export(bytes: &[u8]) -> &'static str {
        match detect(bytes) {
            Err(ReadError::NotExport(what)) => what.is,
            other => panic!("{bytes:?}: {other:?}"),
        }
    }

    #[test]
    fn only_a_list_of_andotp_entries_is_an_andotp_backup() {
        let andotp = br#"[{"secret":"JBSWY3DPEHPK3PXP","type":"TOTP","label":"a"}]"#;
        assert_eq!(detect(andotp), Ok(Format::AndOtp));
        assert_eq!(detect(b"[]"), Ok(Format::AndOtp));
        for other in [
            &br#"[{"name":"GitHub","secret":"JBSWY3DPEHPK3PXP","otp":{}}]"#[..],
            br#"["otpauth://totp/a?secret=JBSWY3DPEHPK3PXP"]"#,
            b"[1, 2",
        ] {
            assert!(matches!(detect(other), Err(ReadError::NotFormat(_))));
        }
    }

    #[test]
    fn files_that_are_no_export_are_named_by_their_first_bytes_or_encoding() {
        assert!(not_export(b"\x89PNG\r\n\x1a\n\0\0").starts_with("a PNG image"));
        assert!(not_export(b"\xff\xd8\xff\xe0\0\x10JFIF").starts_with("a JPEG image"));
        assert!(not_export(b"\x1f\x8b\x08\0\0\0\0\0").starts_with("a gzip archive"));
        assert!(not_export(b"PK\x03\x04\x14\0").starts_with("a zip archive"));
        assert!(not_export(b"\xff\xfe{\0\"\0").starts_with("UTF-16"));
        assert!(not_export(b"\0[\0{").starts_with("UTF-16"));
        assert!(not_export(b"{\"name\":\"Caf\xe9\"}").starts_with("text, but not UTF-8"));
        assert!(not_export(b"OTPAUTH://totp/x?issuer=Caf\xe9").starts_with("text"));
    }

    #[test]
    fn ciphertext_is_still_taken_for_andotps_whatever_its_first_byte() {
        // andOTP's current format: rounds, then salt, IV, ciphertext and tag.
        let mut current = 150_000u32.to_be_bytes().to_vec();
        current.extend((0..60u8).map(|b| b.wrapping_mul(97) | 0x80));
        assert_eq!(detect(&current), Ok(Format::AndOtp));
        // The old format starts with a random IV: a `{` there, then bytes that are not text.
        let mut old = b"{".to_vec();
        old.extend((0..60u8).map(|b| b.wrapping_mul(31)));
        assert_eq!(detect(&old), Ok(Format::AndOtp));
    }

    #[test]
    fn encrypted_proton_and_ente_exports_are_found_and_refused() {
        let proton = br#"{"version":1,"salt":"c2FsdA==","content":"AAEC"}"#;
        assert_eq!(detect(proton), Ok(Format::Proton));
        assert!(matches!(
            read_export(Format::Proton, proton, KdfLimits::QUICK),
            Err(ReadError::Encrypted(_))
        ));
        let ente = br#"{"kdfParams":{},"encryptedData":"AAEC","encryptionNonce":"AAEC"}"#;
        assert_eq!(detect(ente), Ok(Format::Ente));
        assert!(matches!(
            read_export(Format::Ente, ente, KdfLimits::QUICK),
            Err(ReadError::Encrypted(_))
        ));
    }
}
