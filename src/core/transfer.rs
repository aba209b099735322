//! Moving accounts between authenticators: reading otpauth URI lists, Aegis's plain JSON
//! export, 2FAS's `.2fas` backup and Google Authenticator's `otpauth-migration://` export;
//! writing otpauth lists and Aegis JSON, TOTP and HOTP (with its counter) alike. Names of
//! imported accounts are `Issuer:account`, `Issuer` or `account`. What mfa-kit cannot hold
//! (Steam, MD5) is skipped with a reason.
//!
//! An import file is hostile input. Names, issuers and labels it gives are kept inert
//! (`text::cleaned`); secrets and parameters are held to the input bounds (`otp::check_input_*`);
//! a byte-order mark at the start is ignored. Memory stays near the file's size: the JSON
//! formats are read into typed structs that skip what mfa-kit does not keep (icons, notes)
//! without building it, and every reader stops at [`MAX_ENTRIES`] while reading, not after.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::otp::{Algorithm, check_input_params, check_input_secret};
use super::otpauth::OtpauthUri;
use super::secret::{
    SecretString, Wiping, decode_base32, encode_base32, has_prefix_ignore_case, reserve_wiping_text,
};
use super::text::{cleaned, inert, strip_bom};

mod apps;
mod detect;
mod sealed;

pub use apps::{parse_andotp, parse_bitwarden, parse_ente, parse_freeotp_plus, parse_proton};
pub use detect::{Export, Format, NotExport, ReadError, detect, read_export};
pub use sealed::{KdfLimits, OpenError, Sealed};

/// The most entries one import file may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// The longest piece of a file's text (an entry's type) repeated in a report.
const MAX_SHOWN_CHARS: usize = 32;

/// One account found in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub uri: OtpauthUri,
}

/// One entry of an import file: an account to add, or what was skipped and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Found(Found),
    Skipped { what: String, why: String },
}

/// The name an imported account gets: inert (unsafe characters dropped, line breaks made
/// spaces) and at most `vault::MAX_NAME_CHARS` characters.
pub fn import_name(issuer: Option<&str>, account: &str, position: usize) -> String {
    let issuer = issuer.map(cleaned).filter(|i| !i.is_empty());
    let account = cleaned(account);
    let name = match (issuer, account.is_empty()) {
        (Some(issuer), false) if account.starts_with(&format!("{issuer}:")) => account,
        (Some(issuer), false) => format!("{issuer}:{account}"),
        (Some(issuer), true) => issuer,
        (None, false) => account,
        (None, true) => format!("imported-{position}"),
    };
    let name: String = name.chars().take(super::vault::MAX_NAME_CHARS).collect();
    name.trim().to_string()
}

fn found(uri: OtpauthUri, position: usize) -> Entry {
    Entry::Found(Found {
        name: import_name(uri.issuer.as_deref(), &uri.account, position),
        uri,
    })
}

fn skipped(what: impl Into<String>, why: impl Into<String>) -> Entry {
    Entry::Skipped {
        what: what.into(),
        why: why.into(),
    }
}

fn too_many_message() -> String {
    format!("the file holds more than {MAX_ENTRIES} entries")
}

/// True when a reader's error is the entry limit (the file may well be of the format).
pub fn is_too_many(error: &str) -> bool {
    error == too_many_message()
}

fn too_many(count: usize) -> Result<(), String> {
    if count > MAX_ENTRIES {
        return Err(too_many_message());
    }
    Ok(())
}

/// An entry's type as a report shows it: escaped (what is shown is what is there, and
/// nothing in it acts on a terminal), and short.
fn shown_kind(kind: &str) -> String {
    let short: String = kind.chars().take(MAX_SHOWN_CHARS).collect();
    let more = if short.len() < kind.len() { "..." } else { "" };
    format!("{}{more}", inert(&short))
}

/// One otpauth URI a line; blank lines and `#` comments skipped.
pub fn parse_otpauth_list(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen_uri = false;
    for (index, line) in strip_bom(text).lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let looks = has_prefix_ignore_case(line, "otpauth://");
        seen_uri |= looks;
        let what = format!("line {}", index + 1);
        entries.push(match OtpauthUri::parse(line) {
            Ok(uri) => found(uri, index + 1),
            // Its accounts are in there, only packed: say how to have them.
            Err(_) if has_prefix_ignore_case(line, "otpauth-migration://") => skipped(
                what,
                "a Google Authenticator export: import it with --from google",
            ),
            Err(e) => skipped(what, e.to_string()),
        });
        too_many(entries.len())?;
    }
    if !seen_uri {
        return Err("it holds no otpauth:// URI".to_string());
    }
    Ok(entries)
}

/// Builds the URI an entry describes, checking it as `add` would (input bounds included). An
/// HOTP entry has its `counter`; its period is not used.
fn entry_uri(
    issuer: &str,
    account: &str,
    secret: &str,
    algorithm: &str,
    digits: u64,
    period: u64,
    counter: Option<u64>,
) -> Result<OtpauthUri, String> {
    let canonical = super::secret::normalize_base32(secret).map_err(|e| e.to_string())?;
    let key = decode_base32(canonical.expose()).map_err(|e| e.to_string())?;
    check_input_secret(&key).map_err(|e| e.to_string())?;
    let algorithm: Algorithm = if algorithm.is_empty() {
        Algorithm::Sha1
    } else {
        algorithm
            .parse()
            .map_err(|e: super::otp::OtpError| e.to_string())?
    };
    let period = if counter.is_some() {
        super::otp::DEFAULT_PERIOD
    } else {
        period
    };
    let (digits, period) = check_input_params(digits, period).map_err(|e| e.to_string())?;
    let counter = counter
        .map(super::otp::check_input_counter)
        .transpose()
        .map_err(|e| e.to_string())?;
    Ok(OtpauthUri {
        issuer: Some(cleaned(issuer)).filter(|i| !i.is_empty()),
        account: cleaned(account),
        secret: canonical,
        algorithm,
        digits,
        period,
        counter,
    })
}

/// A JSON value where the file should have a string or a number, read without failing the
/// whole file when it has something else: a wrong type is reported for its entry. Text is
/// wiped from memory when dropped (it may be a secret).
#[derive(Default)]
enum Field {
    #[default]
    Missing,
    Text(Zeroizing<String>),
    Number(u64),
    /// `true` or `false`: only ever a flag (Bitwarden's `encrypted`), never a text or number.
    Flag(bool),
    /// A negative whole number: never a valid count, but FreeOTP+ stores one counter below
    /// the next (-1 for a token never used).
    Negative(i64),
    Other,
}

impl Field {
    fn text(&self) -> &str {
        match self {
            Field::Text(text) => text,
            _ => "",
        }
    }

    /// A whole number: a JSON number or a string holding one; `default` when absent.
    fn number(&self, key: &str, default: u64) -> Result<u64, String> {
        match self {
            Field::Missing => Ok(default),
            Field::Number(n) => Ok(*n),
            Field::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| format!("{key} is not a whole number")),
            Field::Flag(_) | Field::Negative(_) | Field::Other => {
                Err(format!("{key} is not a whole number"))
            }
        }
    }

    /// The number one above this one (FreeOTP+'s stored counter to the next counter), kept
    /// a field so that what is not a number is still said to be none.
    fn plus_one(&self) -> Field {
        let value = match self {
            Field::Missing => return Field::Missing,
            Field::Number(n) => i128::from(*n),
            Field::Negative(n) => i128::from(*n),
            Field::Text(text) => match text.trim().parse::<i64>() {
                Ok(n) => i128::from(n),
                Err(_) => return Field::Other,
            },
            Field::Flag(_) | Field::Other => return Field::Other,
        };
        u64::try_from(value + 1).map_or(Field::Other, Field::Number)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E>(self, v: &str) -> Result<Field, E> {
                Ok(Field::Text(Zeroizing::new(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Field, E> {
                Ok(Field::Text(Zeroizing::new(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Field, E> {
                Ok(Field::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Field, E> {
                Ok(u64::try_from(v).map_or(Field::Negative(v), Field::Number))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Field, E> {
                Ok(Field::Other)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Field, E> {
                Ok(Field::Flag(v))
            }
            fn visit_unit<E>(self) -> Result<Field, E> {
                Ok(Field::Missing)
            }
            fn visit_none<E>(self) -> Result<Field, E> {
                Ok(Field::Missing)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// A JSON object read as `T`, or `None` when the file has something else there (skipped
/// without being built).
struct Object<T>(Option<T>);

impl<T> Default for Object<T> {
    fn default() -> Self {
        Object(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| Object(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Object<T>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Object(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_unit<E>(self) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_none<E>(self) -> Result<Object<T>, E> {
                Ok(Object(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Object<T>, D::Error> {
                d.deserialize_any(self)
            }
        }
        deserializer.deserialize_any(ObjectVisitor(PhantomData))
    }
}

/// A JSON list read one element at a time, refused as soon as it has more than
/// [`MAX_ENTRIES`] elements: nothing past the limit is built. `None` when the file has
/// something other than a list there.
struct Bounded<T>(Option<Vec<T>>);

impl<T> Default for Bounded<T> {
    fn default() -> Self {
        Bounded(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Bounded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoundedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for BoundedVisitor<T> {
            type Value = Bounded<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bounded<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    if items.len() == MAX_ENTRIES {
                        return Err(de::Error::custom(TOO_MANY_MARK));
                    }
                    items.push(item);
                }
                Ok(Bounded(Some(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bounded<T>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Bounded(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_unit<E>(self) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_none<E>(self) -> Result<Bounded<T>, E> {
                Ok(Bounded(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Bounded<T>, D::Error> {
                d.deserialize_any(self)
            }
        }
        deserializer.deserialize_any(BoundedVisitor(PhantomData))
    }
}

/// The error a [`Bounded`] list raises, recognised in [`parse_json`].
const TOO_MANY_MARK: &str = "mfa-kit: too many entries";

fn parse_json<'a, T: Deserialize<'a>>(text: &'a str, format: &str) -> Result<T, String> {
    serde_json::from_str(strip_bom(text)).map_err(|e| {
        if e.to_string().starts_with(TOO_MANY_MARK) {
            too_many_message()
        } else {
            format!("it is not {} JSON file", super::text::with_article(format))
        }
    })
}

/// The kind of an entry of a JSON export: TOTP, HOTP, or what mfa-kit cannot hold.
fn otp_kind(kind: &str) -> Result<bool, String> {
    if kind.eq_ignore_ascii_case("totp") {
        Ok(false)
    } else if kind.eq_ignore_ascii_case("hotp") {
        Ok(true)
    } else {
        Err(format!("{} accounts are not supported", shown_kind(kind)))
    }
}

/// An entry of a JSON export: `digits` and `period` default to 6 and 30, an HOTP's `counter`
/// to 0.
fn json_entry(
    what: String,
    position: usize,
    (issuer, account): (&str, &str),
    (secret, algorithm): (&str, &str),
    (digits, period, counter): (&Field, &Field, Option<&Field>),
) -> Entry {
    let result = digits.number("digits", 6).and_then(|digits| {
        let period = period.number("period", 30)?;
        let counter = counter.map(|c| c.number("counter", 0)).transpose()?;
        entry_uri(issuer, account, secret, algorithm, digits, period, counter)
    });
    match result {
        Ok(uri) => found(uri, position),
        Err(why) => skipped(what, why),
    }
}

/// What mfa-kit reads of an Aegis export; every other field (icons above all) is skipped
/// unbuilt. (No `#[serde(flatten)]` anywhere here: it would buffer every unknown field.)
#[derive(Deserialize)]
struct AegisRoot {
    #[serde(default)]
    header: Object<AegisHeader>,
    #[serde(default)]
    db: Option<AegisDb>,
}

/// An encrypted vault's header: the key slots, and the nonce and tag of the encrypted `db`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AegisHeader {
    slots: Bounded<Object<AegisSlot>>,
    params: Object<AegisParams>,
}

/// One key slot: the master key wrapped by a credential. Type 1 is a password, with the
/// scrypt parameters and salt that turn it into the wrapping key.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AegisSlot {
    #[serde(rename = "type")]
    kind: Field,
    key: Field,
    key_params: Object<AegisParams>,
    n: Field,
    r: Field,
    p: Field,
    salt: Field,
}

/// The hexadecimal nonce and tag of one AES-256-GCM encryption.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AegisParams {
    nonce: Field,
    tag: Field,
}

/// `db`: an object with the entries, or (encrypted export) a base64 string.
enum AegisDb {
    Encrypted(String),
    Plain(Bounded<Object<AegisItem>>),
}

impl<'de> Deserialize<'de> for AegisDb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Plain {
            #[serde(default)]
            entries: Bounded<Object<AegisItem>>,
        }
        struct DbVisitor;
        impl<'de> Visitor<'de> for DbVisitor {
            type Value = AegisDb;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or a string")
            }
            fn visit_str<E>(self, v: &str) -> Result<AegisDb, E> {
                Ok(AegisDb::Encrypted(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AegisDb, A::Error> {
                Plain::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|p| AegisDb::Plain(p.entries))
            }
        }
        deserializer.deserialize_any(DbVisitor)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AegisItem {
    #[serde(rename = "type")]
    kind: Field,
    name: Field,
    issuer: Field,
    info: Object<AegisInfo>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AegisInfo {
    secret: Field,
    algo: Field,
    digits: Field,
    period: Field,
    counter: Field,
}

/// Aegis's plain (unencrypted) JSON export: `db.entries[]` with `info.secret`, `algo`,
/// `digits`, `period`.
pub fn parse_aegis(text: &str) -> Result<Vec<Entry>, String> {
    match read_aegis(text)? {
        AegisExport::Plain(items) => Ok(aegis_entries(items)),
        AegisExport::Encrypted { .. } => Err(
            "this Aegis export is encrypted; give --from aegis (or no --from) to open it with its password"
                .to_string(),
        ),
    }
}

/// An Aegis export read: its entries, or its encrypted `db` with the header that opens it.
enum AegisExport {
    Plain(Vec<Object<AegisItem>>),
    Encrypted { header: AegisHeader, db: String },
}

fn read_aegis(text: &str) -> Result<AegisExport, String> {
    let root: AegisRoot = parse_json(text, "Aegis")?;
    match root.db {
        None => Err("it has no \"db\"".to_string()),
        Some(AegisDb::Encrypted(db)) => Ok(AegisExport::Encrypted {
            header: root.header.0.unwrap_or_default(),
            db,
        }),
        Some(AegisDb::Plain(Bounded(None))) => Err("it has no db.entries list".to_string()),
        Some(AegisDb::Plain(Bounded(Some(items)))) => Ok(AegisExport::Plain(items)),
    }
}

/// The contents of an Aegis vault once decrypted: what a plain export has under `db`.
#[derive(Deserialize)]
struct AegisContent {
    #[serde(default)]
    entries: Bounded<Object<AegisItem>>,
}

/// The entries of a decrypted Aegis vault's contents.
fn parse_aegis_content(text: &str) -> Result<Vec<Entry>, String> {
    let content: AegisContent = parse_json(text, "Aegis")?;
    let Bounded(Some(items)) = content.entries else {
        return Err("the decrypted vault has no entries list".to_string());
    };
    Ok(aegis_entries(items))
}

fn aegis_entries(items: Vec<Object<AegisItem>>) -> Vec<Entry> {
    json_entries(
        items,
        "entry",
        |item| (item.issuer.text(), item.name.text(), item.kind.text()),
        |item, what, position, hotp| {
            let (issuer, name) = (item.issuer.text(), item.name.text());
            let info = item.info.0.unwrap_or_default();
            json_entry(
                what,
                position,
                (issuer, name),
                (info.secret.text(), info.algo.text()),
                (&info.digits, &info.period, hotp.then_some(&info.counter)),
            )
        },
    )
}

/// The entries of a JSON export's list, read alike whatever the app calls its fields: `noun`
/// names an item in the report, `describe` gives its (issuer, account, type), and `entry`
/// reads it once its type is known to be TOTP or HOTP (`true`).
fn json_entries<T: Default>(
    items: Vec<Object<T>>,
    noun: &str,
    describe: impl Fn(&T) -> (&str, &str, &str),
    entry: impl Fn(T, String, usize, bool) -> Entry,
) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(items.len());
    for (index, Object(item)) in items.into_iter().enumerate() {
        let item = item.unwrap_or_default();
        let position = index + 1;
        let (issuer, account, kind) = describe(&item);
        let what = format!(
            "{noun} {position} ({})",
            import_name(Some(issuer), account, position)
        );
        entries.push(match otp_kind(kind) {
            Ok(hotp) => entry(item, what, position, hotp),
            Err(why) => skipped(what, why),
        });
    }
    entries
}

/// What mfa-kit reads of a 2FAS backup; every other field is skipped.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TwoFasRoot {
    services: Bounded<Object<TwoFasService>>,
    #[serde(rename = "servicesEncrypted")]
    services_encrypted: Field,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TwoFasService {
    name: Field,
    secret: Field,
    otp: Object<TwoFasOtp>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TwoFasOtp {
    account: Field,
    issuer: Field,
    algorithm: Field,
    #[serde(rename = "tokenType")]
    token_type: Field,
    digits: Field,
    period: Field,
    counter: Field,
}

/// 2FAS's `.2fas` backup, schema 1 to 4, unencrypted.
pub fn parse_2fas(text: &str) -> Result<Vec<Entry>, String> {
    match read_2fas(text)? {
        TwoFasExport::Plain(services) => Ok(twofas_entries(services)),
        TwoFasExport::Encrypted(_) => Err(
            "this 2FAS backup is encrypted; give --from 2fas (or no --from) to open it with its password"
                .to_string(),
        ),
    }
}

/// A 2FAS backup read: its services, or its `servicesEncrypted` text.
enum TwoFasExport {
    Plain(Vec<Object<TwoFasService>>),
    Encrypted(Zeroizing<String>),
}

fn read_2fas(text: &str) -> Result<TwoFasExport, String> {
    let root: TwoFasRoot = parse_json(text, "2FAS")?;
    if let Field::Text(encrypted) = root.services_encrypted
        && !encrypted.is_empty()
    {
        return Ok(TwoFasExport::Encrypted(encrypted));
    }
    let Bounded(Some(services)) = root.services else {
        return Err("it has no \"services\" list".to_string());
    };
    Ok(TwoFasExport::Plain(services))
}

/// The services of a decrypted `servicesEncrypted`: a JSON list, as `services` is.
fn parse_2fas_services(text: &str) -> Result<Vec<Entry>, String> {
    let services: Bounded<Object<TwoFasService>> = parse_json(text, "2FAS")?;
    services
        .0
        .map(twofas_entries)
        .ok_or_else(|| "the decrypted services are not a list".to_string())
}

fn twofas_entries(services: Vec<Object<TwoFasService>>) -> Vec<Entry> {
    // The issuer is the OTP's, else the service's name; the type is TOTP when not given.
    fn describe(service: &TwoFasService) -> (&str, &str, &str) {
        let otp = service.otp.0.as_ref();
        let text = |field: fn(&TwoFasOtp) -> &Field| otp.map(|o| field(o).text()).unwrap_or("");
        let issuer = Some(text(|o| &o.issuer))
            .filter(|i| !i.is_empty())
            .unwrap_or(service.name.text());
        let kind = Some(text(|o| &o.token_type))
            .filter(|k| !k.is_empty())
            .unwrap_or("TOTP");
        (issuer, text(|o| &o.account), kind)
    }
    json_entries(
        services,
        "service",
        describe,
        |service, what, position, hotp| {
            let (issuer, account, _) = describe(&service);
            let otp = service.otp.0.as_ref();
            let missing = Field::Missing;
            let field = |f: fn(&TwoFasOtp) -> &Field| otp.map(f).unwrap_or(&missing);
            json_entry(
                what,
                position,
                (issuer, account),
                (service.secret.text(), field(|o| &o.algorithm).text()),
                (
                    field(|o| &o.digits),
                    field(|o| &o.period),
                    hotp.then(|| field(|o| &o.counter)),
                ),
            )
        },
    )
}

/// Google Authenticator's export: one or several `otpauth-migration://offline?data=...` URIs.
pub fn parse_google(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen = false;
    // An export of many accounts is several QR codes, each saying which of how many it is
    // (batch_index of batch_size, one batch_id): a code not given is said, never passed over.
    let mut batches: BTreeMap<u64, (u64, BTreeSet<u64>)> = BTreeMap::new();
    for line in strip_bom(text)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let payload = migration_payload(line)?;
        seen = true;
        let batch = decode_migration(&payload, &mut entries)?;
        if batch.size > 1 {
            let (size, given) = batches.entry(batch.id).or_default();
            *size = (*size).max(batch.size);
            given.insert(batch.index);
        }
    }
    if !seen {
        return Err("it holds no otpauth-migration:// URI".to_string());
    }
    for (size, given) in batches.values() {
        // Bounded by the codes given: a hostile size never makes this loop long.
        let missing: Vec<String> = (0..*size)
            .filter(|i| !given.contains(i))
            .take(given.len() + 10)
            .map(|i| (i + 1).to_string())
            .collect();
        if !missing.is_empty() {
            entries.push(skipped(
                format!("QR code {} of {size}", missing.join(", ")),
                "not given: the accounts it holds are not imported (give every code of the \
                 export, each with --qr-image, or each URI on its own line)",
            ));
        }
    }
    Ok(entries)
}

/// Which QR code of an export a migration payload is: `index` (from 0) of `size`, in the
/// export `id`. A payload without them is a batch of one.
#[derive(Default)]
struct Batch {
    size: u64,
    index: u64,
    id: u64,
}

/// The bytes of a migration URI's `data=` parameter: `%XX` escapes undone (base64 keeps `+`
/// as a plus), white space dropped, padding restored, base64 decoded. One copy of the text,
/// one of the bytes.
fn migration_payload(uri: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    let scheme = "otpauth-migration://";
    if !has_prefix_ignore_case(uri, scheme) {
        return Err("a line is not an otpauth-migration:// URI".to_string());
    }
    let query = uri.split_once('?').map(|(_, q)| q).unwrap_or("");
    let data = query
        .split('&')
        .find_map(|p| p.strip_prefix("data="))
        .ok_or("the otpauth-migration URI has no data= parameter")?
        .as_bytes();
    let mut base64 = Zeroizing::new(Vec::with_capacity(data.len() + 3));
    let mut at = 0;
    while at < data.len() {
        let byte = data[at];
        at += 1;
        match byte {
            b'%' => {
                let hex = data
                    .get(at..at + 2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or("the otpauth-migration data has a bad %-escape")?;
                at += 2;
                if !hex.is_ascii_whitespace() {
                    base64.push(hex);
                }
            }
            b if b.is_ascii_whitespace() => {}
            b => base64.push(b),
        }
    }
    while !base64.len().is_multiple_of(4) {
        base64.push(b'=');
    }
    data_encoding::BASE64
        .decode(&base64)
        .map(Zeroizing::new)
        .map_err(|_| "the otpauth-migration data is not base64".to_string())
}

/// A protobuf field as read from the wire: only what MigrationPayload uses.
enum Field64<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("the migration data is truncated")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("the migration data has an over-long number".to_string())
}

/// Calls `each` with every field of a protobuf message in turn, without collecting them.
fn for_each_field<'a>(
    bytes: &'a [u8],
    mut each: impl FnMut(u64, Field64<'a>) -> Result<(), String>,
) -> Result<(), String> {
    let mut at = 0;
    while at < bytes.len() {
        let key = read_varint(bytes, &mut at)?;
        let field = match key & 7 {
            0 => Field64::Varint(read_varint(bytes, &mut at)?),
            2 => {
                let len =
                    usize::try_from(read_varint(bytes, &mut at)?).map_err(|_| "bad length")?;
                let end = at
                    .checked_add(len)
                    .filter(|e| *e <= bytes.len())
                    .ok_or("the migration data is truncated")?;
                let slice = &bytes[at..end];
                at = end;
                Field64::Bytes(slice)
            }
            1 => {
                at = at
                    .checked_add(8)
                    .filter(|e| *e <= bytes.len())
                    .ok_or("the migration data is truncated")?;
                continue;
            }
            5 => {
                at = at
                    .checked_add(4)
                    .filter(|e| *e <= bytes.len())
                    .ok_or("the migration data is truncated")?;
                continue;
            }
            _ => return Err("the migration data is not a Google Authenticator export".to_string()),
        };
        each(key >> 3, field)?;
    }
    Ok(())
}

fn decode_migration(payload: &[u8], entries: &mut Vec<Entry>) -> Result<Batch, String> {
    let mut batch = Batch::default();
    for_each_field(payload, |number, field| {
        match (number, field) {
            (1, Field64::Bytes(parameters)) => {
                too_many(entries.len() + 1)?;
                let entry = migration_entry(parameters, entries.len() + 1)?;
                entries.push(entry);
            }
            (3, Field64::Varint(size)) => batch.size = size,
            (4, Field64::Varint(index)) => batch.index = index,
            (5, Field64::Varint(id)) => batch.id = id,
            _ => {}
        }
        Ok(())
    })?;
    Ok(batch)
}

/// One OtpParameters message of a migration payload.
fn migration_entry(parameters: &[u8], position: usize) -> Result<Entry, String> {
    let mut secret: &[u8] = &[];
    let (mut name, mut issuer): (&[u8], &[u8]) = (&[], &[]);
    let (mut algorithm, mut digits, mut kind, mut counter) = (0, 0, 0, 0);
    for_each_field(parameters, |number, field| {
        match (number, field) {
            (1, Field64::Bytes(b)) => secret = b,
            (2, Field64::Bytes(b)) => name = b,
            (3, Field64::Bytes(b)) => issuer = b,
            (4, Field64::Varint(v)) => algorithm = v,
            (5, Field64::Varint(v)) => digits = v,
            (6, Field64::Varint(v)) => kind = v,
            (7, Field64::Varint(v)) => counter = v,
            _ => {}
        }
        Ok(())
    })?;
    let name = cleaned(&String::from_utf8_lossy(name));
    let issuer = cleaned(&String::from_utf8_lossy(issuer));
    // Google writes "Issuer:account" as the name when it has both.
    let account = name
        .strip_prefix(&format!("{issuer}:"))
        .unwrap_or(&name)
        .trim()
        .to_string();
    let what = format!(
        "entry {position} ({})",
        import_name(Some(&issuer), &account, position)
    );
    // OtpType: 1 is HOTP, 2 TOTP (0, unspecified, is read as TOTP). The counter is an int64:
    // a varint above i64's range is a negative counter (-1 is all ones).
    let counter = (kind == 1).then_some(counter);
    if let Some(negative) = counter.filter(|c| i64::try_from(*c).is_err()) {
        let negative = negative as i64;
        return Ok(skipped(
            what,
            format!("the HOTP counter is negative ({negative})"),
        ));
    }
    let algorithm = match algorithm {
        0 | 1 => "SHA1",
        2 => "SHA256",
        3 => "SHA512",
        _ => {
            return Ok(skipped(
                what,
                "MD5 and unknown algorithms are not supported",
            ));
        }
    };
    let digits = match digits {
        0 | 1 => 6,
        2 => 8,
        _ => return Ok(skipped(what, "an unknown number of digits")),
    };
    if secret.is_empty() {
        return Ok(skipped(what, "the entry has no secret"));
    }
    let base32 = encode_base32(secret);
    Ok(
        match entry_uri(
            &issuer,
            &account,
            base32.expose(),
            algorithm,
            digits,
            30,
            counter,
        ) {
            Ok(uri) => found(uri, position),
            Err(why) => skipped(what, why),
        },
    )
}

/// Every account as an otpauth URI, one a line, in the order given (the accounts' names,
/// as an export lists them). Holds the secrets.
pub fn export_otpauth(accounts: &[&OtpauthUri]) -> SecretString {
    let mut text = Zeroizing::new(String::new());
    for account in accounts {
        let uri = account.to_uri();
        reserve_wiping_text(&mut text, uri.expose().len() + 1);
        text.push_str(uri.expose());
        text.push('\n');
    }
    SecretString::new(std::mem::take(&mut *text))
}

/// Every account as Aegis's plain JSON export (database version 2), which Aegis imports, in
/// the order given. Written straight into one wiped buffer: no tree of JSON values holds a
/// copy of a secret, and the members are in the order serde_json's own maps keep (sorted).
pub fn export_aegis(accounts: &[&OtpauthUri]) -> SecretString {
    #[derive(Serialize)]
    struct Root<'a> {
        db: Db<'a>,
        header: Header,
        version: u32,
    }
    #[derive(Serialize)]
    struct Header {
        params: Option<()>,
        slots: Option<()>,
    }
    #[derive(Serialize)]
    struct Db<'a> {
        entries: Vec<AegisExportEntry<'a>>,
        version: u32,
    }
    let root = Root {
        db: Db {
            entries: accounts
                .iter()
                .enumerate()
                .map(|(index, account)| AegisExportEntry::of(account, index))
                .collect(),
            version: 2,
        },
        header: Header {
            params: None,
            slots: None,
        },
        version: 1,
    };
    // Room for what an entry takes, so that the buffer is seldom moved while it grows.
    let mut json = Zeroizing::new(Vec::with_capacity(256 + 448 * accounts.len()));
    serde_json::to_writer_pretty(Wiping(&mut json), &root).expect("the entries serialise");
    let text = String::from_utf8(std::mem::take(&mut *json)).expect("serde_json writes UTF-8");
    SecretString::new(text)
}

/// One account as an entry of Aegis's database, borrowing its secret.
#[derive(Serialize)]
struct AegisExportEntry<'a> {
    favorite: bool,
    icon: Option<()>,
    info: AegisExportInfo<'a>,
    issuer: &'a str,
    name: &'a str,
    note: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    uuid: String,
}

/// Aegis's HotpInfo has a counter where TotpInfo has a period.
#[derive(Serialize)]
struct AegisExportInfo<'a> {
    algo: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u64>,
    secret: &'a str,
}

impl<'a> AegisExportEntry<'a> {
    fn of(account: &'a OtpauthUri, index: usize) -> AegisExportEntry<'a> {
        AegisExportEntry {
            favorite: false,
            icon: None,
            info: AegisExportInfo {
                algo: account.algorithm.as_str(),
                counter: account.counter,
                digits: account.digits,
                period: account.counter.is_none().then_some(account.period),
                secret: account.secret.expose(),
            },
            issuer: account.issuer.as_deref().unwrap_or_default(),
            name: &account.account,
            note: "",
            kind: if account.counter.is_some() {
                "hotp"
            } else {
                "totp"
            },
            // A stable, well-formed UUID per position: Aegis requires one and mfa-kit keeps
            // none.
            uuid: format!("00000000-0000-4000-8000-{:012x}", index + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Found(f) => f.name.clone(),
                Entry::Skipped { what, .. } => format!("skipped {what}"),
            })
            .collect()
    }

    #[test]
    fn names_are_predictable() {
        assert_eq!(import_name(Some("GitHub"), "alice", 1), "GitHub:alice");
        assert_eq!(import_name(Some("GitHub"), "", 1), "GitHub");
        assert_eq!(import_name(None, "alice", 1), "alice");
        assert_eq!(import_name(Some(" "), " ", 7), "imported-7");
        assert_eq!(
            import_name(Some("GitHub"), "GitHub:alice", 1),
            "GitHub:alice"
        );
    }

    #[test]
    fn names_from_a_file_are_inert() {
        assert_eq!(
            import_name(Some("Evil\x1b[2J"), "a\nb\u{202E}c", 1),
            "Evil[2J:a bc"
        );
        assert_eq!(import_name(Some("\u{200B}"), "\x07", 3), "imported-3");
        let long = "x".repeat(500);
        assert_eq!(
            import_name(None, &long, 1).chars().count(),
            super::super::vault::MAX_NAME_CHARS
        );
        for name in names(&parse_aegis(r#"{"db":{"entries":[{"type":"totp\u001b[2J","name":"a\u001b]0;t\u0007","issuer":"I\u202e","info":{"secret":"JBSWY3DPEHPK3PXP"}},
            {"type":"totp","name":"x\ny","issuer":"\u001b[31mRed","info":{"secret":"JBSWY3DPEHPK3PXP"}}]}}"#).unwrap()) {
            assert!(crate::core::text::first_unsafe(&name).is_none(), "{name:?}");
        }
    }

    #[test]
    fn reports_quote_an_entry_type_escaped_and_short() {
        let kind = format!("\u{1b}[2J{}", "x".repeat(10_000));
        let aegis = format!(
            r#"{{"db":{{"entries":[{{"type":{},"name":"a","info":{{}}}}]}}}}"#,
            serde_json::to_string(&kind).unwrap()
        );
        let entries = parse_aegis(&aegis).unwrap();
        let Entry::Skipped { why, .. } = &entries[0] else {
            panic!("{entries:?}")
        };
        assert!(why.starts_with("\\u{001B}[2Jxxx"), "{why}");
        assert!(why.contains("... accounts are not supported"), "{why}");
        assert!(why.len() < 100, "{why}");
    }

    #[test]
    fn byte_order_marks_are_ignored_in_every_format() {
        let uri = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";
        assert_eq!(
            names(&parse_otpauth_list(&format!("\u{FEFF}{uri}\n")).unwrap()),
            ["GitHub:alice"]
        );
        let aegis = r#"{"db":{"entries":[{"type":"totp","name":"a","issuer":"I","info":{"secret":"JBSWY3DPEHPK3PXP"}}]}}"#;
        assert_eq!(
            names(&parse_aegis(&format!("\u{FEFF}{aegis}")).unwrap()),
            ["I:a"]
        );
        let twofas =
            r#"{"services":[{"name":"S","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"b"}}]}"#;
        assert_eq!(
            names(&parse_2fas(&format!("\u{FEFF}{twofas}")).unwrap()),
            ["S:b"]
        );
        assert!(parse_google("\u{FEFF}otpauth-migration://offline?data=").is_ok());
    }

    #[test]
    fn input_bounds_hold_in_every_format() {
        // 72-bit secrets and periods over a day are skipped, with the reason.
        let short = "GEZDGNBVGY3TQOI";
        let list = format!(
            "otpauth://totp/a?secret={short}\notpauth://totp/b?secret=JBSWY3DPEHPK3PXP&period=100000\n"
        );
        for entry in parse_otpauth_list(&list).unwrap() {
            assert!(matches!(entry, Entry::Skipped { .. }), "{entry:?}");
        }
        let aegis = format!(
            r#"{{"db":{{"entries":[{{"type":"totp","name":"a","info":{{"secret":"{short}"}}}},
            {{"type":"totp","name":"b","info":{{"secret":"JBSWY3DPEHPK3PXP","period":"172800"}}}}]}}}}"#
        );
        let entries = parse_aegis(&aegis).unwrap();
        let Entry::Skipped { why, .. } = &entries[0] else {
            panic!("{entries:?}")
        };
        assert!(why.contains("80 bits"), "{why}");
        let Entry::Skipped { why, .. } = &entries[1] else {
            panic!("{entries:?}")
        };
        assert!(why.contains("longer than a day"), "{why}");
    }

    #[test]
    fn odd_json_types_skip_an_entry_not_the_file() {
        let aegis = r#"{"db":{"version":2,"entries":[7,"x",null,[1,2],
            {"type":"totp","name":{"a":1},"issuer":["GitHub"],"icon":"AAAA","info":"nope"},
            {"type":"totp","name":"ok","issuer":"I","info":{"secret":"JBSWY3DPEHPK3PXP","digits":"8","period":-5}},
            {"type":"totp","name":"good","issuer":"I","icon":{"big":[1,2,3]},"info":{"secret":"JBSWY3DPEHPK3PXP","digits":8,"period":60,"extra":[{}]}}]}}"#;
        let entries = parse_aegis(aegis).unwrap();
        assert_eq!(entries.len(), 7);
        let shown = names(&entries);
        assert!(
            shown[..6].iter().all(|n| n.starts_with("skipped")),
            "{shown:?}"
        );
        assert_eq!(shown[6], "I:good");
        let Entry::Skipped { why, .. } = &entries[5] else {
            panic!()
        };
        assert!(why.contains("period"), "{why}");
        assert!(
            parse_aegis(r#"{"db":{"entries":{}}}"#)
                .unwrap_err()
                .contains("db.entries")
        );
        assert!(parse_aegis(r#"{"db":5}"#).is_err());
        assert!(
            parse_2fas(r#"{"services":"x"}"#)
                .unwrap_err()
                .contains("services")
        );
        assert!(parse_aegis(r#"{"db":{"entries":[]}} trailing"#).is_err());
    }

    #[test]
    fn entry_limit_is_checked_while_reading() {
        let item = r#"{"type":"totp","name":"a","info":{"secret":"JBSWY3DPEHPK3PXP"}}"#;
        let list = |n: usize| vec![item; n].join(",");
        let at_limit = format!(r#"{{"db":{{"entries":[{}]}}}}"#, list(MAX_ENTRIES));
        assert_eq!(parse_aegis(&at_limit).unwrap().len(), MAX_ENTRIES);
        let over = format!(r#"{{"db":{{"entries":[{}]}}}}"#, list(MAX_ENTRIES + 1));
        assert!(
            parse_aegis(&over)
                .unwrap_err()
                .contains("more than 10000 entries")
        );
        let service = r#"{"name":"S","secret":"JBSWY3DPEHPK3PXP"}"#;
        let over = format!(
            r#"{{"services":[{}]}}"#,
            vec![service; MAX_ENTRIES + 1].join(",")
        );
        assert!(
            parse_2fas(&over)
                .unwrap_err()
                .contains("more than 10000 entries")
        );
    }

    #[test]
    fn otpauth_lists() {
        let text = "# my accounts\n\notpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\notpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1\nnonsense\n";
        let entries = parse_otpauth_list(text).unwrap();
        assert_eq!(names(&entries), ["GitHub:alice", "x", "skipped line 5"]);
        let Entry::Found(hotp) = &entries[1] else {
            panic!()
        };
        assert_eq!(hotp.uri.counter, Some(1));
        assert!(parse_otpauth_list("hello\n").is_err());
    }

    #[test]
    fn google_migration_payload() {
        // One TOTP (SHA1, 6 digits) and one HOTP entry, encoded by hand per the schema.
        fn field(number: u8, bytes: &[u8]) -> Vec<u8> {
            let mut out = vec![(number << 3) | 2, bytes.len() as u8];
            out.extend_from_slice(bytes);
            out
        }
        let mut totp = field(1, b"Hello!\xde\xad\xbe\xef");
        totp.extend(field(2, b"Example:alice"));
        totp.extend(field(3, b"Example"));
        totp.extend([4 << 3, 1, 5 << 3, 1, 6 << 3, 2]);
        let mut hotp = field(1, b"12345678901234567890");
        hotp.extend(field(2, b"counter"));
        hotp.extend([6 << 3, 1, 7 << 3, 0xac, 0x02]);
        let mut payload = field(1, &totp);
        payload.extend(field(1, &hotp));
        payload.extend([2 << 3, 1]);
        let data = data_encoding::BASE64.encode(&payload);
        let uri = format!(
            "otpauth-migration://offline?data={}",
            data.replace('=', "%3D").replace('+', "%2B")
        );
        let entries = parse_google(&uri).unwrap();
        assert_eq!(names(&entries), ["Example:alice", "counter"]);
        let Entry::Found(hotp) = &entries[1] else {
            panic!()
        };
        assert_eq!(hotp.uri.counter, Some(300), "the varint 0xac 0x02");
        let Entry::Found(found) = &entries[0] else {
            panic!()
        };
        assert_eq!(found.uri.counter, None);
        assert_eq!(
            found.uri.secret.expose(),
            encode_base32(b"Hello!\xde\xad\xbe\xef").expose()
        );
        assert!(parse_google("otpauth-migration://offline?data=%%%").is_err());
        assert!(parse_google("otpauth-migration://offline?data=AAAA").is_err());
        assert!(
            parse_google("otpauth-migration://offline?data=")
                .unwrap()
                .is_empty()
        );
        assert!(parse_google("otpauth://totp/x?secret=A").is_err());

        // One URI with more entries than the limit is refused while it is read.
        let one = field(1, &field(1, b"12345678901234567890"));
        let many = data_encoding::BASE64.encode(&one.repeat(MAX_ENTRIES + 1));
        assert!(
            parse_google(&format!("otpauth-migration://offline?data={many}"))
                .unwrap_err()
                .contains("more than 10000 entries")
        );
    }

    #[test]
    fn aegis_and_2fas() {
        let aegis = r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
            {"type":"totp","name":"alice","issuer":"GitHub","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA256","digits":8,"period":60}},
            {"type":"steam","name":"gamer","issuer":"Steam","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":5,"period":30}},
            {"type":"totp","name":"broken","issuer":"X","info":{"secret":"!!","algo":"SHA1","digits":6,"period":30}},
            {"type":"hotp","name":"token","issuer":"VPN","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"counter":12}}]}}"#;
        let entries = parse_aegis(aegis).unwrap();
        assert_eq!(names(&entries)[0], "GitHub:alice");
        assert!(names(&entries)[1].starts_with("skipped"));
        assert!(names(&entries)[2].starts_with("skipped"));
        let Entry::Found(hotp) = &entries[3] else {
            panic!("{entries:?}")
        };
        assert_eq!(
            (hotp.name.as_str(), hotp.uri.counter),
            ("VPN:token", Some(12))
        );
        let Entry::Found(found) = &entries[0] else {
            panic!()
        };
        assert_eq!(
            (found.uri.algorithm, found.uri.digits, found.uri.period),
            (Algorithm::Sha256, 8, 60)
        );
        assert!(
            parse_aegis(r#"{"header":{"slots":[{}]},"db":"ZW5jcnlwdGVk"}"#)
                .unwrap_err()
                .contains("encrypted")
        );
        assert!(parse_aegis("[]").is_err());

        let twofas = r#"{"services":[{"name":"GitLab","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"bob","issuer":"GitLab","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}},
            {"name":"Counter","secret":"JBSWY3DPEHPK3PXP","otp":{"tokenType":"HOTP","counter":4}},
            {"name":"Steam","secret":"JBSWY3DPEHPK3PXP","otp":{"tokenType":"STEAM"}}],"schemaVersion":4}"#;
        let entries = parse_2fas(twofas).unwrap();
        assert_eq!(names(&entries)[0], "GitLab:bob");
        let Entry::Found(hotp) = &entries[1] else {
            panic!("{entries:?}")
        };
        assert_eq!(hotp.uri.counter, Some(4));
        assert!(names(&entries)[2].starts_with("skipped"));
        assert!(
            parse_2fas(r#"{"services":[],"servicesEncrypted":"abc","schemaVersion":4}"#)
                .unwrap_err()
                .contains("encrypted")
        );
    }
}
