//! The readers of the second version of imports, for exports whose entries are plain once
//! opened: Bitwarden's JSON export (each item's `login.totp`), Proton Authenticator's JSON
//! export (each entry's `content.uri`), FreeOTP+'s JSON backup (`tokens`, secrets as signed
//! bytes) and andOTP's JSON backup (a list of entries; also what its `.json.aes` decrypts to).
//! ente Auth's plain-text export is a list of otpauth URIs, read by `parse_otpauth_list`.
//! The exports these apps encrypt (Bitwarden's, Proton's with a password, ente's) are
//! recognised and refused, each with how to export it again unencrypted.
//!
//! As in the first readers, every JSON field is read without trusting its type, lists stop at
//! `MAX_ENTRIES` while being read, and what is not kept is skipped unbuilt.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use zeroize::Zeroizing;

use super::{
    Bounded, Entry, Field, MAX_ENTRIES, Object, TOO_MANY_MARK, entry_uri, found, import_name,
    json_entries, json_entry, parse_json, parse_otpauth_list, skipped,
};
use crate::core::otpauth::OtpauthUri;
use crate::core::secret::{encode_base32, has_prefix_ignore_case};
use crate::core::text::{cleaned, strip_bom};

/// The visits of every JSON value a lenient visitor does not look for (a map, a string, a
/// number, a bool, null), each read and passed over as `$value(None)`: one that says "not
/// here" rather than failing the whole export.
macro_rules! anything_else_is_none {
    ($de:lifetime, $value:ident) => {
        fn visit_map<A: MapAccess<$de>>(self, mut map: A) -> Result<$value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok($value(None))
        }
        fn visit_str<E>(self, _: &str) -> Result<$value, E> {
            Ok($value(None))
        }
        fn visit_u64<E>(self, _: u64) -> Result<$value, E> {
            Ok($value(None))
        }
        fn visit_i64<E>(self, _: i64) -> Result<$value, E> {
            Ok($value(None))
        }
        fn visit_f64<E>(self, _: f64) -> Result<$value, E> {
            Ok($value(None))
        }
        fn visit_bool<E>(self, _: bool) -> Result<$value, E> {
            Ok($value(None))
        }
        fn visit_unit<E>(self) -> Result<$value, E> {
            Ok($value(None))
        }
    };
}

/// The longest secret read from a list of bytes: far above any real one (the input bounds
/// refuse more than 1024 bits anyway), so a hostile list is not built past it.
const MAX_SECRET_BYTES: usize = 1024;

#[derive(Deserialize, Default)]
#[serde(default)]
struct BitwardenRoot {
    items: TotpItems,
    /// `true` in the encrypted exports; older ones have nothing else to tell them by.
    encrypted: Field,
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

/// Bitwarden's `items`, keeping only those with a `login.totp` (with their position in the
/// list): a password manager's export may hold many thousands of passwords and a handful of
/// TOTP secrets, so only the kept items count towards `MAX_ENTRIES`. `None` when the file has
/// something other than a list there.
#[derive(Default)]
struct TotpItems(Option<Vec<(usize, BitwardenItem)>>);

impl<'de> Deserialize<'de> for TotpItems {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TotpItemsVisitor;
        impl<'de> Visitor<'de> for TotpItemsVisitor {
            type Value = TotpItems;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TotpItems, A::Error> {
                let mut kept = Vec::new();
                let mut position = 0;
                while let Some(Object(item)) = seq.next_element::<Object<BitwardenItem>>()? {
                    position += 1;
                    let Some(item) = item else { continue };
                    let has_totp = item
                        .login
                        .0
                        .as_ref()
                        .is_some_and(|login| !login.totp.text().trim().is_empty());
                    if !has_totp {
                        continue;
                    }
                    if kept.len() == MAX_ENTRIES {
                        return Err(de::Error::custom(TOO_MANY_MARK));
                    }
                    kept.push((position, item));
                }
                Ok(TotpItems(Some(kept)))
            }
            anything_else_is_none!('de, TotpItems);
        }
        deserializer.deserialize_any(TotpItemsVisitor)
    }
}

/// The message for an encrypted Bitwarden export, which mfa-kit does not open.
pub(super) const BITWARDEN_ENCRYPTED: &str = "this Bitwarden export is encrypted; export the vault \
     again as .json (not \"encrypted\" or password protected) and import that";

/// Bitwarden's JSON export (unencrypted): the items with a `login.totp`, which is an otpauth
/// URI, a bare base32 secret (TOTP, SHA-1, 6 digits, 30 s) or a `steam://` secret (skipped).
/// Items without one are passwords only, and are left out without a report.
pub fn parse_bitwarden(text: &str) -> Result<Vec<Entry>, String> {
    let root: BitwardenRoot = parse_json(text, "Bitwarden")?;
    if root.key_validation.is_some()
        || root.password_protected.is_some()
        || matches!(root.encrypted, Field::Flag(true))
    {
        return Err(BITWARDEN_ENCRYPTED.to_string());
    }
    let TotpItems(Some(items)) = root.items else {
        return Err("it has no \"items\" list".to_string());
    };
    Ok(items
        .into_iter()
        .map(|(position, item)| {
            let login = item.login.0.unwrap_or_default();
            let (issuer, account) = (item.name.text(), login.username.text());
            totp_value_entry(
                login.totp.text(),
                (issuer, account),
                format!(
                    "item {position} ({})",
                    import_name(Some(issuer), account, position)
                ),
                position,
            )
        })
        .collect())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProtonRoot {
    entries: Bounded<Object<ProtonEntry>>,
    /// An export with a password has these in place of `entries`.
    salt: Option<IgnoredAny>,
    content: Option<IgnoredAny>,
}

/// The message for a Proton Authenticator export with a password, which mfa-kit does not open.
pub(super) const PROTON_ENCRYPTED: &str = "this Proton Authenticator export is encrypted with a \
     password; export it again without a password and import that";

/// The message for ente Auth's encrypted export, which mfa-kit does not open.
pub(super) const ENTE_ENCRYPTED: &str = "this ente Auth export is encrypted; export the codes \
     again as plain text and import that";

/// True when a reader's error is an encryption mfa-kit does not open, the way out in its text.
pub(super) fn is_encrypted_refusal(error: &str) -> bool {
    [BITWARDEN_ENCRYPTED, PROTON_ENCRYPTED, ENTE_ENCRYPTED].contains(&error)
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
    if root.entries.0.is_none() && root.salt.is_some() && root.content.is_some() {
        return Err(PROTON_ENCRYPTED.to_string());
    }
    let Bounded(Some(items)) = root.entries else {
        return Err("it has no \"entries\" list".to_string());
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

/// The keys of ente Auth's encrypted export (its plain one is a list of otpauth URIs).
#[derive(Deserialize, Default)]
#[serde(default)]
struct EnteEncrypted {
    #[serde(rename = "encryptedData")]
    encrypted_data: Option<IgnoredAny>,
}

/// ente Auth's plain-text export, a list of otpauth URIs; its encrypted JSON export is
/// recognised and refused with the way out.
pub fn parse_ente(text: &str) -> Result<Vec<Entry>, String> {
    if strip_bom(text).trim_start().starts_with('{')
        && serde_json::from_str::<EnteEncrypted>(strip_bom(text))
            .is_ok_and(|e| e.encrypted_data.is_some())
    {
        return Err(ENTE_ENCRYPTED.to_string());
    }
    parse_otpauth_list(text)
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
            anything_else_is_none!('de, ByteList);
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
    /// The issuer from the otpauth label, when `issuerExt` is empty (FreeOTP's own name for a
    /// token falls back to it too).
    #[serde(rename = "issuerInt")]
    label_issuer: Field,
    /// The names the user gave the token in the app, over the enrolled ones.
    #[serde(rename = "issuerAlt")]
    renamed_issuer: Field,
    #[serde(rename = "labelAlt")]
    renamed_label: Field,
    label: Field,
    secret: ByteList,
}

impl FreeOtpToken {
    /// The issuer and account as the app shows them: renamed, else enrolled.
    fn names(&self) -> (&str, &str) {
        fn first(fields: [&Field; 3]) -> &str {
            fields
                .into_iter()
                .map(Field::text)
                .find(|t| !t.is_empty())
                .unwrap_or("")
        }
        (
            first([&self.renamed_issuer, &self.issuer, &self.label_issuer]),
            first([&self.renamed_label, &self.label, &Field::Missing]),
        )
    }
}

/// FreeOTP+'s JSON backup: `tokens[]` with `issuerExt`, `label`, `algo`, `digits`, `period`,
/// `counter` and the secret as a list of signed bytes. FreeOTP+ keeps an HOTP token's counter
/// one below the next one it will use (it stores a URI's `counter=N` as N - 1, -1 for a token
/// never used, and writes N + 1 back into a URI): the next counter is the stored one plus one.
pub fn parse_freeotp_plus(text: &str) -> Result<Vec<Entry>, String> {
    let root: FreeOtpRoot = parse_json(text, "FreeOTP+")?;
    let Bounded(Some(tokens)) = root.tokens else {
        return Err("it has no \"tokens\" list".to_string());
    };
    // FreeOTP+ leaves the type out of TOTP tokens at times.
    fn describe(token: &FreeOtpToken) -> (&str, &str, &str) {
        let kind = Some(token.kind.text()).filter(|k| !k.is_empty());
        let (issuer, label) = token.names();
        (issuer, label, kind.unwrap_or("TOTP"))
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
            let next_counter = token.counter.plus_one();
            json_entry(
                what,
                position,
                token.names(),
                (base32.expose(), token.algo.text()),
                (&token.digits, &token.period, hotp.then_some(&next_counter)),
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
        return Err("it is not a list of entries".to_string());
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
