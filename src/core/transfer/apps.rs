//! The readers of the second version of imports, for exports whose entries are plain once
//! opened: Bitwarden's JSON export (each item's `login.totp`), Proton Authenticator's JSON
//! export (each entry's `content.uri`), FreeOTP+'s JSON backup (`tokens`, secrets as signed
//! bytes) and andOTP's JSON backup (a list of entries; also what its `.json.aes` decrypts to).
//! ente Auth's plain-text export is a list of otpauth URIs, read by `parse_otpauth_list`.
//!
//! As in the first readers, every JSON field is read without trusting its type, lists stop at
//! `MAX_ENTRIES` while being read, and what is not kept is skipped unbuilt.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use zeroize::Zeroizing;

use super::{
    Bounded, Entry, Field, Object, entry_uri, found, import_name, json_entries, json_entry,
    parse_json, skipped,
};
use crate::core::otpauth::OtpauthUri;
use crate::core::secret::{encode_base32, has_prefix_ignore_case};
use crate::core::text::cleaned;

/// The longest secret read from a list of bytes: far above any real one (the input bounds
/// refuse more than 1024 bits anyway), so a hostile list is not built past it.
const MAX_SECRET_BYTES: usize = 1024;

#[derive(Deserialize, Default)]
#[serde(default)]
struct BitwardenRoot {
    items: Bounded<Object<BitwardenItem>>,
    /// Present in the encrypted exports (account-restricted and password-protected).
    #[serde(rename = "encKeyValidation_DO_NOT_EDIT")]
    key_validation: Option<IgnoredAny>,
    #[serde(rename = "passwordProtected")]
    password_protected: Option<IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BitwardenItem {
    name: Field,
    login: Object<BitwardenLogin>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BitwardenLogin {
    username: Field,
    totp: Field,
}

/// The message for an encrypted Bitwarden export, which mfa-kit does not open.
pub(super) const BITWARDEN_ENCRYPTED: &str = "this Bitwarden export is encrypted; export the vault \
     again as .json (not \"encrypted\" or password protected) and import that";

/// Bitwarden's JSON export (unencrypted): the items with a `login.totp`, which is an otpauth
/// URI, a bare base32 secret (TOTP, SHA-1, 6 digits, 30 s) or a `steam://` secret (skipped).
/// Items without one are passwords only, and are left out without a report.
pub fn parse_bitwarden(text: &str) -> Result<Vec<Entry>, String> {
    let root: BitwardenRoot = parse_json(text, "Bitwarden")?;
    if root.key_validation.is_some() || root.password_protected.is_some() {
        return Err(BITWARDEN_ENCRYPTED.to_string());
    }
    let Bounded(Some(items)) = root.items else {
        return Err("it has no \"items\" list: not a Bitwarden export".to_string());
    };
    let mut entries = Vec::new();
    for (index, Object(item)) in items.into_iter().enumerate() {
        let item = item.unwrap_or_default();
        let login = item.login.0.unwrap_or_default();
        if login.totp.text().trim().is_empty() {
            continue;
        }
        let (issuer, account) = (item.name.text(), login.username.text());
        entries.push(totp_value_entry(
            login.totp.text(),
            (issuer, account),
            format!(
                "item {} ({})",
                index + 1,
                import_name(Some(issuer), account, index + 1)
            ),
            index + 1,
        ));
    }
    Ok(entries)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProtonRoot {
    entries: Bounded<Object<ProtonEntry>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProtonEntry {
    content: Object<ProtonContent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProtonContent {
    uri: Field,
    name: Field,
}

/// Proton Authenticator's JSON export: `entries[].content.uri`, an otpauth URI (or a
/// `steam://` one, skipped), with `content.name` as the issuer when the URI has none.
pub fn parse_proton(text: &str) -> Result<Vec<Entry>, String> {
    let root: ProtonRoot = parse_json(text, "Proton Authenticator")?;
    let Bounded(Some(items)) = root.entries else {
        return Err("it has no \"entries\" list: not a Proton Authenticator export".to_string());
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(index, Object(entry))| {
            let content = entry.unwrap_or_default().content.0.unwrap_or_default();
            let name = content.name.text();
            totp_value_entry(
                content.uri.text(),
                (name, ""),
                format!(
                    "entry {} ({})",
                    index + 1,
                    import_name(Some(name), "", index + 1)
                ),
                index + 1,
            )
        })
        .collect())
}

/// An entry from a password manager's TOTP field: an otpauth URI, `steam://SECRET`, or a bare
/// base32 secret. `issuer` and `account` name it where the value itself does not.
fn totp_value_entry(
    value: &str,
    (issuer, account): (&str, &str),
    what: String,
    position: usize,
) -> Entry {
    let value = value.trim();
    if has_prefix_ignore_case(value, "otpauth://") {
        return match OtpauthUri::parse(value) {
            Ok(mut uri) => {
                if uri.issuer.is_none() {
                    uri.issuer = Some(cleaned(issuer)).filter(|i| !i.is_empty());
                }
                if uri.account.is_empty() {
                    uri.account = cleaned(account);
                }
                found(uri, position)
            }
            Err(e) => skipped(what, e.to_string()),
        };
    }
    if has_prefix_ignore_case(value, "steam://") {
        return skipped(what, "Steam accounts are not supported");
    }
    if value.is_empty() {
        return skipped(what, "the entry has no secret");
    }
    match entry_uri(issuer, account, value, "", 6, 30, None) {
        Ok(uri) => found(uri, position),
        Err(why) => skipped(what, why),
    }
}

/// A secret written as a JSON list of bytes (FreeOTP+ writes Java's signed bytes, -128 to
/// 127): the bytes, or `None` when the file has something else there or the list is too long.
#[derive(Default)]
struct ByteList(Option<Zeroizing<Vec<u8>>>);

impl<'de> Deserialize<'de> for ByteList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ByteListVisitor;
        impl<'de> Visitor<'de> for ByteListVisitor {
            type Value = ByteList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of bytes")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ByteList, A::Error> {
                let mut bytes = Zeroizing::new(Vec::new());
                let mut good = true;
                while let Some(SignedByte(value)) = seq.next_element()? {
                    match value {
                        Some(byte) if good && bytes.len() < MAX_SECRET_BYTES => bytes.push(byte),
                        _ => good = false,
                    }
                }
                Ok(ByteList(good.then_some(bytes)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ByteList, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ByteList(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<ByteList, E> {
                Ok(ByteList(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<ByteList, E> {
                Ok(ByteList(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ByteList, E> {
                Ok(ByteList(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<ByteList, E> {
                Ok(ByteList(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<ByteList, E> {
                Ok(ByteList(None))
            }
            fn visit_unit<E>(self) -> Result<ByteList, E> {
                Ok(ByteList(None))
            }
        }
        deserializer.deserialize_any(ByteListVisitor)
    }
}

/// One element of a byte list: a byte written signed (-128 to -1) or not (0 to 255), or
/// `None` for anything else (skipped unbuilt).
struct SignedByte(Option<u8>);

impl<'de> Deserialize<'de> for SignedByte {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ByteVisitor;
        impl<'de> Visitor<'de> for ByteVisitor {
            type Value = SignedByte;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a byte")
            }
            fn visit_u64<E>(self, v: u64) -> Result<SignedByte, E> {
                Ok(SignedByte(u8::try_from(v).ok()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<SignedByte, E> {
                Ok(SignedByte(match v {
                    -128..=-1 => Some(v as i8 as u8),
                    _ => u8::try_from(v).ok(),
                }))
            }
            fn visit_f64<E>(self, _: f64) -> Result<SignedByte, E> {
                Ok(SignedByte(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<SignedByte, E> {
                Ok(SignedByte(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<SignedByte, E> {
                Ok(SignedByte(None))
            }
            fn visit_unit<E>(self) -> Result<SignedByte, E> {
                Ok(SignedByte(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SignedByte, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(SignedByte(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SignedByte, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(SignedByte(None))
            }
        }
        deserializer.deserialize_any(ByteVisitor)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FreeOtpRoot {
    tokens: Bounded<Object<FreeOtpToken>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FreeOtpToken {
    #[serde(rename = "type")]
    kind: Field,
    algo: Field,
    counter: Field,
    digits: Field,
    period: Field,
    #[serde(rename = "issuerExt")]
    issuer: Field,
    label: Field,
    secret: ByteList,
}

/// FreeOTP+'s JSON backup: `tokens[]` with `issuerExt`, `label`, `algo`, `digits`, `period`,
/// `counter` (the next HOTP counter) and the secret as a list of signed bytes.
pub fn parse_freeotp_plus(text: &str) -> Result<Vec<Entry>, String> {
    let root: FreeOtpRoot = parse_json(text, "FreeOTP+")?;
    let Bounded(Some(tokens)) = root.tokens else {
        return Err("it has no \"tokens\" list: not a FreeOTP+ backup".to_string());
    };
    // FreeOTP+ leaves the type out of TOTP tokens at times.
    fn describe(token: &FreeOtpToken) -> (&str, &str, &str) {
        let kind = Some(token.kind.text()).filter(|k| !k.is_empty());
        (
            token.issuer.text(),
            token.label.text(),
            kind.unwrap_or("TOTP"),
        )
    }
    Ok(json_entries(
        tokens,
        "token",
        describe,
        |token, what, position, hotp| {
            let Some(secret) = token.secret.0.as_ref().filter(|s| !s.is_empty()) else {
                return skipped(what, "the secret is not a list of bytes");
            };
            let base32 = encode_base32(secret);
            json_entry(
                what,
                position,
                (token.issuer.text(), token.label.text()),
                (base32.expose(), token.algo.text()),
                (&token.digits, &token.period, hotp.then_some(&token.counter)),
            )
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AndOtpEntry {
    #[serde(rename = "type")]
    kind: Field,
    secret: Field,
    issuer: Field,
    label: Field,
    algorithm: Field,
    digits: Field,
    period: Field,
    counter: Field,
}

/// andOTP's JSON backup: a list of entries with `secret` (base32), `issuer`, `label`, `type`
/// (TOTP, HOTP; STEAM is skipped), `algorithm`, `digits`, `period` and `counter`.
pub fn parse_andotp(text: &str) -> Result<Vec<Entry>, String> {
    let list: Bounded<Object<AndOtpEntry>> = parse_json(text, "andOTP")?;
    let Bounded(Some(items)) = list else {
        return Err("it is not a list of entries: not an andOTP backup".to_string());
    };
    Ok(json_entries(
        items,
        "entry",
        |item| (item.issuer.text(), item.label.text(), item.kind.text()),
        |item, what, position, hotp| {
            json_entry(
                what,
                position,
                (item.issuer.text(), item.label.text()),
                (item.secret.text(), item.algorithm.text()),
                (&item.digits, &item.period, hotp.then_some(&item.counter)),
            )
        },
    ))
}
