//! Which export a file is, and reading it as that: `import FILE` without `--from` finds the
//! format from the file's content (the top-level keys of a JSON export, the scheme of a text
//! one, bytes that are not text for andOTP's `.json.aes`), and every format is read through
//! [`read_export`] into entries, or into a [`Sealed`] export that a password opens.

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

/// Why a file could not be read as the format asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// It is not an export of that format (the message says what is wrong).
    NotFormat(String),
    /// It holds more than `MAX_ENTRIES` entries.
    TooMany(String),
    /// It is of the format, but mfa-kit will not read it: an encryption it does not open, or
    /// key-derivation parameters beyond what the app writes.
    Refused(String),
}

fn not_format(error: String) -> ReadError {
    if is_too_many(&error) {
        ReadError::TooMany(error)
    } else {
        ReadError::NotFormat(error)
    }
}

fn text(bytes: &[u8]) -> Result<&str, ReadError> {
    std::str::from_utf8(bytes).map_err(|_| ReadError::NotFormat("it is not text".to_string()))
}

/// Reads `bytes` as `format`; an encrypted export's key-derivation parameters are checked
/// against `limits` here, before any password is asked for.
pub fn read_export(format: Format, bytes: &[u8], limits: KdfLimits) -> Result<Export, ReadError> {
    let plain = |result: Result<Vec<Entry>, String>| result.map(Export::Plain).map_err(not_format);
    match format {
        Format::Otpauth | Format::Ente => plain(parse_otpauth_list(text(bytes)?)),
        Format::Google => plain(parse_google(text(bytes)?)),
        Format::Bitwarden => apps::parse_bitwarden(text(bytes)?)
            .map(Export::Plain)
            .map_err(|e| match e.as_str() {
                apps::BITWARDEN_ENCRYPTED => ReadError::Refused(e),
                _ => not_format(e),
            }),
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
        Format::AndOtp => match std::str::from_utf8(bytes) {
            Ok(json) if strip_bom(json).trim_start().starts_with('[') => {
                plain(apps::parse_andotp(json))
            }
            Ok(other) if is_plain_text(other) => Err(ReadError::NotFormat(
                "it is neither andOTP's JSON list nor its encrypted .json.aes".to_string(),
            )),
            _ => Sealed::andotp(bytes, limits)
                .map(Export::Sealed)
                .map_err(ReadError::NotFormat),
        },
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
}

const NAME_IT: &str = "name its format with --from (otpauth, aegis, 2fas, google, bitwarden, \
     proton, ente, freeotp-plus or andotp)";

/// The format of an export, from its content. The error says why none (or more than one) fits.
pub fn detect(bytes: &[u8]) -> Result<Format, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if is_plain_text(text) => text,
        // andOTP's encrypted backup is the one binary export.
        _ => return Ok(Format::AndOtp),
    };
    let text = strip_bom(text).trim_start();
    if text.starts_with('[') {
        return Ok(Format::AndOtp);
    }
    if text.starts_with('{') {
        let shape: Shape = serde_json::from_str(text)
            .map_err(|_| format!("it looks like JSON but is not valid JSON; {NAME_IT}"))?;
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
            (shape.entries.is_some(), Format::Proton),
        ]
        .into_iter()
        .filter_map(|(fits, format)| fits.then_some(format))
        .collect();
        return match candidates[..] {
            [format] => Ok(format),
            [] => Err(format!("it is JSON of no export mfa-kit knows; {NAME_IT}")),
            _ => Err(format!(
                "it could be {}; {NAME_IT}",
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
        Err(format!("it is no export mfa-kit recognises; {NAME_IT}"))
    }
}
