//! Account tables read straight from a document exactly as mfa-kit wrote it, with no TOML
//! reader and no model of the vault: each account whole ([`table_account`]: `list` of 10,000
//! accounts took 97 ms by the TOML reader, 69 without it), its name and places alone (an
//! audit's first reading), and what a backup record needs of every account (its two digests
//! and its SSH key files). Only lines as mfa-kit writes them are taken (each value one inline
//! TOML value, its strings the escapes JSON and TOML share); anything else says `None`, and
//! the caller reads the table with the TOML reader, which is the judge.
//! [`super::document::check_read_alone`] (run by property tests and a fuzz target) checks that
//! the two never disagree.

use std::collections::BTreeMap;

use super::backup::Material;
use super::document::{AccountTables, string_end};
use super::halves;
use super::otp::Algorithm;
use super::recovery::PathKind;
use super::secret::{Decoded, SecretString};
use super::vault::{
    Account, DeclaredPath, LiveCheck, RecoveryCode, RecoveryCodes, SshKey, check_stored_account,
    format_version_of, kept_location, normalize_location,
};

/// What a backup record needs of every account of a document.
#[derive(Debug, PartialEq, Eq)]
pub struct SealedMaterial {
    /// Each account's two digests, in the order of the names.
    pub digests: Vec<AccountDigests>,
    /// Whether an account is an HOTP one (the format version follows).
    pub hotp: bool,
}

/// One account's name and its two digests, as bytes: the record's maps of 10,000 accounts
/// held as 20,000 pairs of strings were 2.7 MB at a backup's peak, these 0.8.
#[derive(Debug, PartialEq, Eq)]
pub struct AccountDigests {
    pub name: Box<str>,
    /// The first 128 bits of [`Material::digest`]'s hash.
    pub digest: [u8; 16],
    /// The same of [`Material::totp_digest`]'s.
    pub totp: [u8; 16],
}

impl SealedMaterial {
    /// The record's maps of digests as the model holds them: each account's
    /// [`Material::digest`], and its [`Material::totp_digest`], by name.
    pub fn maps(&self) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let hex = super::backup::hex;
        let pairs = |of: fn(&AccountDigests) -> &[u8; 16]| {
            self.digests
                .iter()
                .map(|account| (account.name.to_string(), hex(of(account))))
                .collect()
        };
        (pairs(|a| &a.digest), pairs(|a| &a.totp))
    }
}

/// The material of every account of `tables`, each read from its table alone, the two halves
/// of the tables on two cores (a backup of 10,000 accounts waits for them); `None` where a
/// table is not as mfa-kit writes it, two tables spell the same name, or the document says
/// another version than a model of these accounts is written as. `key_file` is given
/// (account, file) of every SSH key as it is read (not kept: 10,000 accounts name as many
/// files), with the state each half makes with `key_files`: those states are returned, the
/// first half's first, each having seen its half's keys in the document's order.
pub fn sealed_material<K: Send>(
    tables: &AccountTables,
    key_files: impl Fn() -> K + Sync,
    key_file: impl Fn(&mut K, &str, &str) + Sync,
) -> Option<(SealedMaterial, [K; 2])> {
    // Each half's accounts gathered in a list, sorted once both are done: a map of 10,000
    // names built one insertion at a time took a tenth of the whole.
    let half = |indices: std::ops::Range<usize>| {
        let mut keys = key_files();
        let mut accounts = Vec::with_capacity(indices.len());
        let mut hotp = false;
        for index in indices {
            let table = table_material(tables.table(index), |name, path| {
                key_file(&mut keys, name, path)
            })?;
            hotp |= table.hotp;
            accounts.push(AccountDigests {
                name: table.name,
                digest: table.digest,
                totp: table.totp,
            });
        }
        Some((accounts, hotp, keys))
    };
    let (len, middle) = (tables.len(), halves::middle(tables.len()));
    let (first, second) = halves::join_if(middle < len, || half(0..middle), || half(middle..len));
    let ((mut accounts, first_hotp, first_keys), (second, second_hotp, second_keys)) =
        (first?, second?);
    accounts.extend(second);
    accounts.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    // A name in two tables is refused.
    if accounts.windows(2).any(|pair| pair[0].name == pair[1].name) {
        return None;
    }
    let material = SealedMaterial {
        digests: accounts,
        hotp: first_hotp || second_hotp,
    };
    let version = format_version_of(material.hotp, tables.record_count());
    (tables.version() == Some(version)).then_some((material, [first_keys, second_keys]))
}

/// One account's material.
struct TableMaterial {
    name: Box<str>,
    hotp: bool,
    digest: [u8; 16],
    totp: [u8; 16],
}

/// The material of one account table, checked as [`table_account`] checks the account but
/// never copied into one (a backup of 10,000 accounts reads them all while it encrypts);
/// `key_file` is given (account, file) of each of its SSH keys.
fn table_material(table: &str, mut key_file: impl FnMut(&str, &str)) -> Option<TableMaterial> {
    let parts = checked_table_parts(table)?;
    let material = Material {
        secret: &parts.secret,
        algorithm: parts.algorithm,
        digits: parts.digits,
        period: parts.period,
        hotp: parts.counter.is_some(),
        codes: parts
            .recovery_codes
            .iter()
            .flat_map(|set| set.codes.iter())
            .map(|(code, _)| &**code)
            .collect(),
        keys: parts
            .ssh_keys
            .iter()
            .map(|key| (&*key.fingerprint, key.private_key.as_deref()))
            .collect(),
    };
    for key in &parts.ssh_keys {
        key_file(&parts.name, &key.path);
    }
    Some(TableMaterial {
        digest: material.digest_bytes(),
        totp: material.totp_digest_bytes(),
        hotp: material.hotp,
        name: Box::from(&*parts.name),
    })
}

/// The keys of a table met so far, out of the only ones it may have (the model's fields, no
/// more): TOML refuses a key twice.
struct Keys {
    known: &'static [&'static str],
    seen: u32,
}

impl Keys {
    fn of(known: &'static [&'static str]) -> Self {
        Keys { known, seen: 0 }
    }

    /// `key`'s place in the known keys; `None` for an unknown key or one met before.
    fn first_time(&mut self, key: &[u8]) -> Option<usize> {
        let bit = self
            .known
            .iter()
            .position(|known| known.as_bytes() == key)?;
        if self.seen & (1 << bit) != 0 {
            return None;
        }
        self.seen |= 1 << bit;
        Some(bit)
    }

    /// True when the first `count` known keys were all met (those the model requires).
    fn has_first(&self, count: usize) -> bool {
        let wanted = (1u32 << count) - 1;
        self.seen & wanted == wanted
    }
}

/// The keys of an account table.
const ACCOUNT_KEYS: [&str; 16] = [
    "name",
    "issuer",
    "label",
    "secret",
    "algorithm",
    "digits",
    "period",
    "created",
    "authenticators",
    "last_verified",
    "last_step",
    "counter",
    "recovery_codes",
    "ssh_keys",
    "paths",
    "renamed_from",
];

/// The account of one account table (its header line, then its lines) exactly as mfa-kit
/// writes it, read without the TOML reader, its places normalised and the account checked as
/// the model reads and checks it: `None` for a table in any other layout, or one the model
/// would refuse, and the caller reads it with the model's reader, which is the judge.
pub fn table_account(table: &str) -> Option<Account> {
    let parts = table_parts(table)?;
    let owned = |text: &Decoded| text.to_string();
    let all_owned = |texts: &[Decoded]| texts.iter().map(owned).collect::<Vec<_>>();
    let mut account = Account {
        name: owned(&parts.name),
        issuer: parts.issuer.as_ref().map(owned),
        label: parts.label.as_ref().map(owned),
        secret: SecretString::from(&*parts.secret),
        algorithm: parts.algorithm,
        digits: parts.digits,
        period: parts.period,
        created: parts.created,
        authenticators: all_owned(&parts.authenticators),
        last_verified: parts.last_verified,
        last_step: parts.last_step,
        counter: parts.counter,
        recovery_codes: parts.recovery_codes.as_ref().map(|set| RecoveryCodes {
            at: all_owned(&set.at),
            added: set.added,
            codes: set
                .codes
                .iter()
                .map(|(code, used)| RecoveryCode {
                    code: SecretString::from(&**code),
                    used: *used,
                })
                .collect(),
        }),
        ssh_keys: parts
            .ssh_keys
            .iter()
            .map(|key| SshKey {
                fingerprint: owned(&key.fingerprint),
                algorithm: owned(&key.algorithm),
                path: owned(&key.path),
                at: owned(&key.at),
                added: key.added,
                private_key: key.private_key.as_deref().map(SecretString::from),
                host: key.host.as_ref().map(owned),
                live: key.live.as_ref().map(|live| LiveCheck {
                    checked: live.checked,
                    state: owned(&live.state),
                    last_success: live.last_success,
                }),
            })
            .collect(),
        paths: parts
            .paths
            .iter()
            .map(|path| DeclaredPath {
                kind: path.kind,
                at: owned(&path.at),
                note: path.note.as_ref().map(owned),
            })
            .collect(),
        renamed_from: all_owned(&parts.renamed_from),
    };
    account.normalize_locations();
    account.check_stored().ok()?;
    Some(account)
}

/// The name and the places of one account table (as the model keeps them, normalised;
/// repeats included), checked as [`table_account`] checks the account, which is not copied
/// out: what an audit needs of every account before it writes anything. `None` where
/// `table_account` is.
pub fn table_name_and_places(table: &str) -> Option<(String, Vec<String>)> {
    let (parts, places) = checked_parts(table)?;
    Some((parts.name.to_string(), places))
}

/// An account table's values, checked as the model checks the account, and the places it
/// names as the model keeps them (normalised; repeats included).
fn checked_parts(table: &str) -> Option<(Parts<'_>, Vec<String>)> {
    let parts = table_parts(table)?;
    let places: Vec<String> = parts.places().map(normalize_location).collect();
    parts.check(&places)?;
    Some((parts, places))
}

/// An account table's values, checked as the model checks the account (its places as the
/// model keeps them, not copied).
fn checked_table_parts(table: &str) -> Option<Parts<'_>> {
    let parts = table_parts(table)?;
    parts.check(parts.places().map(kept_location))?;
    Some(parts)
}

/// An account table's values as written, borrowed from its text (a string is copied only to
/// decode an escape): what [`table_account`] and [`table_material`] both read, not checked.
struct Parts<'a> {
    name: Decoded<'a>,
    issuer: Option<Decoded<'a>>,
    label: Option<Decoded<'a>>,
    secret: Decoded<'a>,
    algorithm: Algorithm,
    digits: u8,
    period: u64,
    created: u64,
    authenticators: Vec<Decoded<'a>>,
    last_verified: Option<u64>,
    last_step: Option<u64>,
    counter: Option<u64>,
    recovery_codes: Option<CodesParts<'a>>,
    ssh_keys: Vec<KeyParts<'a>>,
    paths: Vec<PathParts<'a>>,
    renamed_from: Vec<Decoded<'a>>,
}

impl Parts<'_> {
    /// The model's checks of the account, its places as the model keeps them being `places`.
    fn check(&self, places: impl IntoIterator<Item = impl AsRef<str>>) -> Option<()> {
        check_stored_account(&self.name, self.digits, self.period, &self.secret, places).ok()
    }

    /// Every place the account names, as written.
    fn places(&self) -> impl Iterator<Item = &str> {
        let codes = self.recovery_codes.iter().flat_map(|set| set.at.iter());
        let keys = self.ssh_keys.iter().map(|key| &key.at);
        let paths = self.paths.iter().map(|path| &path.at);
        self.authenticators
            .iter()
            .chain(codes)
            .chain(keys)
            .chain(paths)
            .map(|place| &**place)
    }
}

/// See [`RecoveryCodes`]: each code with when it was used.
struct CodesParts<'a> {
    at: Vec<Decoded<'a>>,
    added: u64,
    codes: Vec<(Decoded<'a>, Option<u64>)>,
}

/// See [`SshKey`].
struct KeyParts<'a> {
    fingerprint: Decoded<'a>,
    algorithm: Decoded<'a>,
    path: Decoded<'a>,
    at: Decoded<'a>,
    added: u64,
    private_key: Option<Decoded<'a>>,
    host: Option<Decoded<'a>>,
    live: Option<LiveParts<'a>>,
}

/// See [`LiveCheck`].
struct LiveParts<'a> {
    checked: u64,
    state: Decoded<'a>,
    last_success: Option<u64>,
}

/// See [`DeclaredPath`].
struct PathParts<'a> {
    kind: PathKind,
    at: Decoded<'a>,
    note: Option<Decoded<'a>>,
}

/// The values of one account table (its header line, then its lines) written as mfa-kit
/// writes them; `None` for any other layout.
fn table_parts(table: &str) -> Option<Parts<'_>> {
    let lines = table.strip_prefix("[[accounts]]\n")?;
    let mut keys_met = Keys::of(&ACCOUNT_KEYS);
    let (mut name, mut issuer, mut label, mut secret) = (None, None, None, None);
    let mut algorithm = None;
    let (mut digits, mut period, mut created) = (None, None, None);
    let (mut last_verified, mut last_step, mut counter) = (None, None, None);
    let (mut authenticators, mut renamed_from) = (Vec::new(), Vec::new());
    let mut recovery_codes = None;
    let (mut ssh_keys, mut paths) = (Vec::new(), Vec::new());
    // Lines found by a search that asks the processor nothing (`code NAME` reads one table
    // this way: see `super::search`); a line's key byte by byte (a key is a few bytes:
    // `str::find(" = ")` set up a searcher for each of the 130,000 lines of 10,000 accounts,
    // read twice by an audit).
    for line in super::search::lines(lines) {
        if line.is_empty() {
            continue;
        }
        // A key here is bare: it ends at the first space. (Values are read as text, cut at
        // the ASCII bytes that end their parts: no part is checked to be UTF-8 again.)
        let (key, value) = line.split_at(line.bytes().position(|b| b == b' ')?);
        let value = value.strip_prefix(" = ")?;
        keys_met.first_time(key.as_bytes())?;
        let taken = match key.as_bytes() {
            b"name" => take_string(value, &mut name)?,
            b"issuer" => take_string(value, &mut issuer)?,
            b"label" => take_string(value, &mut label)?,
            b"secret" => take_string(value, &mut secret)?,
            b"algorithm" => {
                algorithm = Some(match value {
                    "\"SHA1\"" => Algorithm::Sha1,
                    "\"SHA256\"" => Algorithm::Sha256,
                    "\"SHA512\"" => Algorithm::Sha512,
                    _ => return None,
                });
                value.len()
            }
            b"digits" => {
                let (number, taken) = integer(value)?;
                digits = Some(u8::try_from(number).ok()?);
                taken
            }
            b"period" => take_integer(value, &mut period)?,
            b"created" => take_integer(value, &mut created)?,
            b"last_verified" => take_integer(value, &mut last_verified)?,
            b"last_step" => take_integer(value, &mut last_step)?,
            b"counter" => take_integer(value, &mut counter)?,
            b"authenticators" => strings(value, &mut authenticators)?,
            b"renamed_from" => strings(value, &mut renamed_from)?,
            b"recovery_codes" => {
                let (codes, taken) = recovery_codes_of(value)?;
                recovery_codes = Some(codes);
                taken
            }
            b"ssh_keys" => each_item(value, |item| {
                let (key, taken) = ssh_key(item)?;
                ssh_keys.push(key);
                Some(taken)
            })?,
            _ => each_item(value, |item| {
                let (path, taken) = declared_path(item)?;
                paths.push(path);
                Some(taken)
            })?,
        };
        // The value is the whole rest of its line.
        (taken == value.len()).then_some(())?;
    }
    Some(Parts {
        name: name?,
        issuer,
        label,
        secret: secret?,
        algorithm: algorithm?,
        digits: digits?,
        period: period?,
        created: created?,
        authenticators,
        last_verified,
        last_step,
        counter,
        recovery_codes,
        ssh_keys,
        paths,
        renamed_from,
    })
}

/// `{ at = [...], added = N, codes = [{ code = "..." }, ...] }`, and how many bytes it took.
fn recovery_codes_of(value: &str) -> Option<(CodesParts<'_>, usize)> {
    // `added` and `codes` are required.
    let mut keys = Keys::of(&["added", "codes", "at"]);
    let mut set = CodesParts {
        at: Vec::new(),
        added: 0,
        codes: Vec::new(),
    };
    let taken = each_member(value, |key, inner| {
        match keys.first_time(key.as_bytes())? {
            0 => {
                let (added, taken) = integer(inner)?;
                set.added = added;
                Some(taken)
            }
            2 => strings(inner, &mut set.at),
            _ => each_item(inner, |item| {
                let (code, taken) = recovery_code(item)?;
                set.codes.push(code);
                Some(taken)
            }),
        }
    })?;
    keys.has_first(2).then_some((set, taken))
}

/// `{ code = "..." }`, or with `used = N`: the code and when it was used, and how many bytes
/// it took.
fn recovery_code(item: &str) -> Option<((Decoded<'_>, Option<u64>), usize)> {
    let mut code = None;
    let mut used = None;
    let taken = each_member(item, |key, value| match key {
        "code" if code.is_none() => take_string(value, &mut code),
        "used" if used.is_none() => take_integer(value, &mut used),
        _ => None,
    })?;
    Some(((code?, used), taken))
}

/// `{ fingerprint = "...", algorithm = "...", path = "...", at = "...", added = N, ... }`, and
/// how many bytes it took.
fn ssh_key(item: &str) -> Option<(KeyParts<'_>, usize)> {
    // The first five are required.
    let mut keys = Keys::of(&[
        "fingerprint",
        "algorithm",
        "path",
        "at",
        "added",
        "private_key",
        "host",
        "live",
    ]);
    let (mut fingerprint, mut algorithm, mut path, mut at) = (None, None, None, None);
    let (mut added, mut private_key, mut host, mut live) = (None, None, None, None);
    let taken = each_member(item, |key, value| {
        match keys.first_time(key.as_bytes())? {
            0 => take_string(value, &mut fingerprint),
            1 => take_string(value, &mut algorithm),
            2 => take_string(value, &mut path),
            3 => take_string(value, &mut at),
            4 => take_integer(value, &mut added),
            5 => take_string(value, &mut private_key),
            6 => take_string(value, &mut host),
            _ => {
                let (check, taken) = live_check(value)?;
                live = Some(check);
                Some(taken)
            }
        }
    })?;
    keys.has_first(5).then_some(())?;
    Some((
        KeyParts {
            fingerprint: fingerprint?,
            algorithm: algorithm?,
            path: path?,
            at: at?,
            added: added?,
            private_key,
            host,
            live,
        },
        taken,
    ))
}

/// The basic string at the start of `text`, decoded, and how many bytes it took.
fn string(text: &str) -> Option<(Decoded<'_>, usize)> {
    if !text.starts_with('"') {
        return None;
    }
    let end = string_end(text.as_bytes(), 0)?;
    Some((Decoded::from_json_str(text.get(..end)?)?, end))
}

/// [`string`], kept in `into`.
fn take_string<'a>(text: &'a str, into: &mut Option<Decoded<'a>>) -> Option<usize> {
    let (text, taken) = string(text)?;
    *into = Some(text);
    Some(taken)
}

/// The integer at the start of `text` (as serde_json writes a u64), and how many bytes it
/// took.
fn integer(text: &str) -> Option<(u64, usize)> {
    let digits = text.as_bytes();
    let end = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    let canonical = end > 0 && end <= 20 && (end == 1 || digits[0] != b'0');
    canonical.then_some(())?;
    // As `str::parse` reads it: past u64::MAX it is no u64.
    let number = digits[..end].iter().try_fold(0u64, |number, digit| {
        number.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
    })?;
    Some((number, end))
}

/// [`integer`], kept in `into`.
fn take_integer(text: &str, into: &mut Option<u64>) -> Option<usize> {
    let (number, taken) = integer(text)?;
    *into = Some(number);
    Some(taken)
}

/// The array of basic strings at the start of `text`, into `into`: how many bytes it took.
fn strings<'a>(text: &'a str, into: &mut Vec<Decoded<'a>>) -> Option<usize> {
    each_item(text, |item| {
        let (text, taken) = string(item)?;
        into.push(text);
        Some(taken)
    })
}

/// A declared path, `{ kind = "security-key", at = "...", note = "..." }` (the last
/// optional), and how many bytes it took.
fn declared_path(item: &str) -> Option<(PathParts<'_>, usize)> {
    let mut keys = Keys::of(&["kind", "at", "note"]);
    let (mut kind, mut at, mut note) = (None, None, None);
    let taken = each_member(item, |key, value| {
        let (text, taken) = string(value)?;
        match keys.first_time(key.as_bytes())? {
            0 => kind = Some(serde_json::from_str::<PathKind>(&value[..taken]).ok()?),
            1 => at = Some(text),
            _ => note = Some(text),
        }
        Some(taken)
    })?;
    keys.has_first(2).then_some(())?;
    Some((
        PathParts {
            kind: kind?,
            at: at?,
            note,
        },
        taken,
    ))
}

/// An SSH key's last check, `{ checked = N, state = "...", last_success = N }` (the last
/// optional), and how many bytes it took.
fn live_check(text: &str) -> Option<(LiveParts<'_>, usize)> {
    let mut keys = Keys::of(&["checked", "state", "last_success"]);
    let (mut checked, mut state, mut last_success) = (None, None, None);
    let taken = each_member(text, |key, value| {
        match keys.first_time(key.as_bytes())? {
            0 => take_integer(value, &mut checked),
            1 => take_string(value, &mut state),
            _ => take_integer(value, &mut last_success),
        }
    })?;
    keys.has_first(2).then_some(())?;
    Some((
        LiveParts {
            checked: checked?,
            state: state?,
            last_success,
        },
        taken,
    ))
}

/// Reads the array at the start of `text`, `item` reading each element from where it
/// starts and saying how many bytes it took; returns how many bytes the array took.
fn each_item<'a>(text: &'a str, mut item: impl FnMut(&'a str) -> Option<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    (bytes.first() == Some(&b'[')).then_some(())?;
    if bytes.get(1) == Some(&b']') {
        return Some(2);
    }
    let mut at = 1;
    loop {
        let end = at + item(text.get(at..)?)?;
        match bytes.get(end..)? {
            [b',', b' ', ..] => at = end + 2,
            [b']', ..] => return Some(end + 1),
            _ => return None,
        }
    }
}

/// Reads the inline table at the start of `text`, `member` reading each value from where it
/// starts (given its key's bare text) and saying how many bytes it took; returns how many
/// bytes the table took. A quoted key is refused: mfa-kit writes none in the tables read
/// here.
fn each_member<'a>(
    text: &'a str,
    mut member: impl FnMut(&'a str, &'a str) -> Option<usize>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    (bytes.first() == Some(&b'{')).then_some(())?;
    if bytes.get(1) == Some(&b'}') {
        return Some(2);
    }
    (bytes.get(1) == Some(&b' ')).then_some(())?;
    let mut at = 2;
    loop {
        let rest = text.get(at..)?;
        let key_end = rest
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))?;
        if key_end == 0 || !rest[key_end..].starts_with(" = ") {
            return None;
        }
        let value_at = at + key_end + 3;
        let end = value_at + member(&rest[..key_end], text.get(value_at..)?)?;
        match bytes.get(end..)? {
            [b',', b' ', ..] => at = end + 2,
            [b' ', b'}', ..] => return Some(end + 2),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::backup::{MAX_BACKUP_RECORDS, digests, totp_digests};
    use crate::core::document::{account_tables, check_record_without_model, tests, write};
    use crate::core::secret::SecretString;
    use crate::core::vault::tests::{sample_account, sample_record};
    use crate::core::vault::{RecoveryCode, RecoveryCodes, SshKey, Vault};

    /// The document mfa-kit writes of `vault`, and the vault as it reads back.
    fn written(vault: &Vault) -> (String, Vault) {
        let text = write(vault, vault.format_version()).to_string();
        let read = Vault::from_toml(&text).expect("a written vault reads");
        (text, read)
    }

    #[test]
    fn every_field_and_escape_of_the_sample_vault_is_read_without_the_model() {
        let (text, read) = written(&tests::sample_vault());
        let tables = account_tables(&text).unwrap();
        let (material, [first, second]) =
            sealed_material(&tables, Vec::new, |paths, account, path| {
                paths.push((account.to_string(), path.to_string()))
            })
            .expect("the sample vault is read without it");
        let key_paths: Vec<_> = first.into_iter().chain(second).collect();
        assert_eq!(material.maps(), (digests(&read), totp_digests(&read)));
        // An HOTP account: the newer format.
        assert!(material.hotp);
        assert_eq!(
            key_paths,
            vec![("github".to_string(), "/home/me/.ssh/id".to_string())]
        );
        check_record_without_model(&text, Some(&read), true);
    }

    #[test]
    fn past_the_most_records_the_oldest_is_dropped_as_the_model_drops_it() {
        let mut vault = tests::sample_vault();
        vault.backups = (0..MAX_BACKUP_RECORDS)
            .map(|i| {
                let mut record = sample_record(&format!("/b/{i}.age"), "usb", &[], &[]);
                // The oldest in the middle, two of the same second.
                record.created = 1_800_000_000 + (i as u64 + 100) % (MAX_BACKUP_RECORDS as u64);
                record
            })
            .collect();
        let (text, read) = written(&vault);
        let tables = account_tables(&text).unwrap();
        let record = sample_record("/b/new.age", "usb", &[], &[]);
        assert!(
            tables
                .with_record(&record.file, &record.at, MAX_BACKUP_RECORDS)
                .is_some()
        );
        // A record of a file already recorded there replaces it: the count stays.
        let again = sample_record("/b/7.age", "usb", &[], &[]);
        assert!(
            tables
                .with_record(&again.file, &again.at, MAX_BACKUP_RECORDS)
                .is_some()
        );
        check_record_without_model(&text, Some(&read), true);
    }

    /// Each edit of the `index`th account table of the sample vault makes its reader say
    /// `None`; the whole document, so edited and resealed, agrees with the model.
    fn assert_each_edit_refused(index: usize, edits: &[(&str, &str)]) {
        let (text, _) = written(&tests::sample_vault());
        let table = account_tables(&text).unwrap().table(index).to_string();
        assert!(table_material(&table, |_, _| ()).is_some());
        for (from, to) in edits {
            assert!(table.contains(from), "{from}");
            assert!(
                table_material(&table.replacen(from, to, 1), |_, _| ()).is_none(),
                "{to:?} was read"
            );
            crate::core::document::check_resealed(&text.replacen(from, to, 1));
        }
    }

    #[test]
    fn a_table_not_as_mfa_kit_writes_it_is_left_to_the_model() {
        assert_each_edit_refused(
            2,
            &[
                ("\ndigits = 6\n", "\ndigits = 06\n"),
                ("\ndigits = 6\n", "\ndigits = 6 # six\n"),
                ("\ndigits = 6\n", "\ndigits = 6\ndigits = 6\n"),
                ("\ndigits = 6\n", "\ndigits = 6\nunknown = 1\n"),
                ("\ndigits = 6\n", "\n"),
                ("\ncreated = ", "\ncreated = \"1\"\nx = "),
                ("\nalgorithm = \"SHA1\"\n", "\nalgorithm = \"sha1\"\n"),
                ("\nsecret = \"", "\nsecret = '"),
                (
                    "\nauthenticators = [\"phone\"]\n",
                    "\nauthenticators = [\"phone\",]\n",
                ),
                (
                    "\nauthenticators = [\"phone\"]\n",
                    "\nauthenticators = [1]\n",
                ),
            ],
        );
    }

    /// The records and sites below the tables are judged as the whole document's reader
    /// judges them before a record is added among them: lines of a multi-line string that
    /// look like a record's `file` and `at`, and a record's sub-table moved below the sites
    /// (both valid TOML the general parser reads), leave the record to the model.
    #[test]
    fn a_record_is_added_only_among_records_as_mfa_kit_writes_them() {
        let (text, read) = written(&tests::sample_vault());
        let body = &text[..text.rfind("# sha256 of the lines above: ").unwrap()];
        let hidden = body.replacen(
            "\nwritten_on = \"laptop\"\n",
            "\nwritten_on = \"\"\"\nfile = \"/new/backup.age\"\nat = \"shelf\"\n\"\"\"\n",
            1,
        );
        let moved_totp = {
            let start = body.find("\n[backups.totp]\n").unwrap();
            let end = start + 1 + body[start + 1..].find("\n[").unwrap();
            let sub_table = &body[start..end];
            format!("{}{}", body.replacen(sub_table, "", 1), &sub_table[1..])
        };
        for edited in [hidden, moved_totp] {
            assert_ne!(edited, body);
            let sealed = crate::core::document::resealed(&edited);
            // A multi-line string is not looked for in tables at all.
            if let Some(tables) = account_tables(&sealed) {
                assert!(!tables.rest_is_sound());
                assert!(
                    tables
                        .with_record("/new/backup.age", "shelf", MAX_BACKUP_RECORDS)
                        .is_none()
                );
            } else {
                assert!(edited.contains("\"\"\""));
            }
            crate::core::document::check_resealed(&edited);
        }
        check_record_without_model(&text, Some(&read), true);
    }

    /// What the model refuses in an account (a secret that is not base32, no digits, a period
    /// of 0, a name with a space around it, a place with a comma, a path of an unknown kind)
    /// is refused by the reader of its table too, so that a backup goes the model's way and
    /// says what is wrong.
    #[test]
    fn what_the_model_refuses_in_an_account_is_not_read_without_it() {
        assert_each_edit_refused(
            0,
            &[
                (
                    "secret = \"JBSWY3DPEHPK3PXP\"",
                    "secret = \"JBSWY3DPEHPK3PX1\"",
                ),
                ("digits = 6", "digits = 0"),
                ("period = 30", "period = 0"),
                ("name = \"github\"", "name = \" github\""),
                ("at = [\"paper-drawer\"", "at = [\"paper, drawer\""),
                ("kind = \"security-key\"", "kind = \"carrier-pigeon\""),
                ("state = \"live\"", "state = 1"),
                // Fine as written, refused as kept: it folds to `paper,drawer`.
                ("at = [\"paper-drawer\"", "at = [\"paper\u{ff0c}drawer\""),
            ],
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Vaults of any names, codes (escapes and all), HOTP counters, SSH keys and stored
        /// private keys: the digests read from the tables are the model's, and the document
        /// with a backup recorded in it is the very text the model writes.
        #[test]
        fn any_vault_is_recorded_as_the_model_records_it(
            accounts in proptest::collection::vec(
                (
                    "[a-zA-Z0-9 é\"\\\\_.-]{1,12}",
                    proptest::collection::vec(("[a-z0-9 \"\\\\é-]{1,12}", proptest::option::of(0u64..3)), 0..4),
                    proptest::option::of(0u64..u64::MAX),
                    proptest::option::of(("/[a-z\"\\\\ ]{1,8}", proptest::option::of("[a-z\n\"\\\\-]{0,20}"))),
                ),
                1..8,
            ),
            records in proptest::collection::vec((0usize..3, "[a-z ]{1,6}"), 0..4),
        ) {
            let mut vault = Vault::new();
            for (name, codes, counter, key) in accounts {
                if vault.accounts.iter().any(|a| a.name == name) {
                    continue;
                }
                let mut account = sample_account(&name);
                account.counter = counter;
                if !codes.is_empty() {
                    account.recovery_codes = Some(RecoveryCodes {
                        at: vec!["drawer".into()],
                        added: 1,
                        codes: codes
                            .into_iter()
                            .map(|(code, used)| RecoveryCode { code: SecretString::from(code.as_str()), used })
                            .collect(),
                    });
                }
                if let Some((path, private)) = key {
                    account.ssh_keys.push(SshKey {
                        fingerprint: format!("SHA256:{path}"),
                        algorithm: "ssh-ed25519".into(),
                        path,
                        at: "laptop".into(),
                        added: 1,
                        private_key: private.map(|p| SecretString::from(p.as_str())),
                        host: None,
                        live: None,
                    });
                }
                vault.accounts.push(account);
            }
            for (file, at) in records {
                vault.backups.push(sample_record(&format!("/b/{file}.age"), &at, &[], &[]));
            }
            let Ok(vault) = Vault::from_toml(&write(&vault, vault.format_version())) else {
                // A name or code the model refuses: nothing to compare with.
                return Ok(());
            };
            // As mfa-kit writes a vault: read back first (places normalised).
            let (text, read) = written(&vault);
            let tables = account_tables(&text).unwrap();
            proptest::prop_assert!(sealed_material(&tables, || (), |_, _, _| ()).is_some());
            check_record_without_model(&text, Some(&read), true);
        }
    }
}
