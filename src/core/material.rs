//! What a backup record needs of each account (its two digests and its SSH key files), read
//! straight from the account tables of a document exactly as mfa-kit wrote it, with no model
//! built: recording a backup of 10,000 accounts reads 10,000 tables in milliseconds. Only
//! lines as mfa-kit writes them are taken (each value one inline TOML value, its strings the
//! escapes JSON and TOML share); anything else says `None`, and the caller reads the model,
//! which is the judge. [`super::document::check_read_alone`] (run by a property test and a
//! fuzz target) checks that the two never disagree.

use std::collections::BTreeMap;

use super::backup::Material;
use super::document::{AccountTables, string_end};
use super::otp::Algorithm;
use super::secret::Decoded;
use super::vault::{BASE_FORMAT_VERSION, FORMAT_VERSION};

/// What a backup record needs of every account of a document.
#[derive(Debug, PartialEq, Eq)]
pub struct SealedMaterial {
    /// Each account's [`Material::digest`], by name.
    pub accounts: BTreeMap<String, String>,
    /// Each account's [`Material::totp_digest`], by name.
    pub totp: BTreeMap<String, String>,
    /// (account, file) of every SSH key, in the document's order.
    pub key_paths: Vec<(String, String)>,
    /// The format version a model of these accounts is written as.
    pub version: u32,
}

/// The material of every account of `tables`, each read from its table alone; `None` where a
/// table is not as mfa-kit writes it, or two tables spell the same name.
pub fn sealed_material(tables: &AccountTables) -> Option<SealedMaterial> {
    let mut material = SealedMaterial {
        accounts: BTreeMap::new(),
        totp: BTreeMap::new(),
        key_paths: Vec::new(),
        version: BASE_FORMAT_VERSION,
    };
    for index in 0..tables.len() {
        let table = table_material(tables.table(index))?;
        if table.hotp {
            material.version = FORMAT_VERSION;
        }
        for path in table.key_paths {
            material.key_paths.push((table.name.clone(), path));
        }
        material.totp.insert(table.name.clone(), table.totp);
        if material.accounts.insert(table.name, table.digest).is_some() {
            return None;
        }
    }
    Some(material)
}

/// One account's material.
struct TableMaterial {
    name: String,
    hotp: bool,
    digest: String,
    totp: String,
    key_paths: Vec<String>,
}

/// The keys of an account table, each with its bit in the set of keys seen (TOML refuses a
/// key twice); the model's fields, no more.
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

/// The material of one account table (its header line, then its lines).
fn table_material(table: &str) -> Option<TableMaterial> {
    let lines = table.strip_prefix("[[accounts]]\n")?;
    let mut seen = 0u32;
    let mut name = None;
    let mut secret = None;
    let mut algorithm = None;
    let (mut digits, mut period, mut created, mut counter) = (None, None, None, None);
    let mut codes = Vec::new();
    let mut keys = Vec::new();
    for line in lines.split('\n') {
        if line.is_empty() {
            continue;
        }
        // A key here is bare: it ends at the first space.
        let (key, value) = line.split_at(line.find(' ')?);
        let value = value.strip_prefix(" = ")?;
        let bit = ACCOUNT_KEYS.iter().position(|known| *known == key)?;
        if seen & (1 << bit) != 0 {
            return None;
        }
        seen |= 1 << bit;
        let value = value.as_bytes();
        let taken = match key {
            "name" => take_string(value, &mut name)?,
            "secret" => take_string(value, &mut secret)?,
            "algorithm" => {
                algorithm = Some(match value {
                    b"\"SHA1\"" => Algorithm::Sha1,
                    b"\"SHA256\"" => Algorithm::Sha256,
                    b"\"SHA512\"" => Algorithm::Sha512,
                    _ => return None,
                });
                value.len()
            }
            "digits" => {
                let (number, taken) = integer(value)?;
                digits = Some(u8::try_from(number).ok()?);
                taken
            }
            "period" => take_integer(value, &mut period)?,
            "created" => take_integer(value, &mut created)?,
            "counter" => take_integer(value, &mut counter)?,
            "last_verified" | "last_step" => integer(value)?.1,
            "issuer" | "label" => string(value)?.1,
            "authenticators" | "renamed_from" => strings(value)?,
            "recovery_codes" => recovery_codes(value, &mut codes)?,
            "ssh_keys" => each_item(value, |item| {
                let (key, taken) = ssh_key(item)?;
                keys.push(key);
                Some(taken)
            })?,
            _ => match value.first() {
                Some(b'[') => skip_value(value)?,
                _ => return None,
            },
        };
        // The value is the whole rest of its line.
        (taken == value.len()).then_some(())?;
    }
    created?;
    let (name, secret) = (name?, secret?);
    let material = Material {
        secret: &secret,
        algorithm: algorithm?,
        digits: digits?,
        period: period?,
        hotp: counter.is_some(),
        codes: codes.iter().map(|code: &Decoded| &**code).collect(),
        keys: keys
            .iter()
            .map(|key: &SshKeyFields| (&*key.fingerprint, key.private_key.as_deref()))
            .collect(),
    };
    Some(TableMaterial {
        digest: material.digest(),
        totp: material.totp_digest(),
        hotp: material.hotp,
        name: name.to_string(),
        key_paths: keys.iter().map(|key| key.path.to_string()).collect(),
    })
}

/// `{ at = [...], added = N, codes = [{ code = "..." }, ...] }`: the codes, into `codes`.
/// Returns how many bytes it took.
fn recovery_codes<'a>(value: &'a [u8], codes: &mut Vec<Decoded<'a>>) -> Option<usize> {
    const KEYS: [&[u8]; 3] = [b"at", b"added", b"codes"];
    let mut seen = 0u32;
    let taken = each_member(value, |key, inner| {
        let bit = KEYS.iter().position(|known| *known == key)?;
        if seen & (1 << bit) != 0 {
            return None;
        }
        seen |= 1 << bit;
        match bit {
            0 => strings(inner),
            1 => Some(integer(inner)?.1),
            _ => each_item(inner, |item| {
                let (code, taken) = recovery_code(item)?;
                codes.push(code);
                Some(taken)
            }),
        }
    })?;
    // `added` and `codes` are required.
    (seen & 0b110 == 0b110).then_some(taken)
}

/// `{ code = "..." }`, or with `used = N`: the code, and how many bytes it took.
fn recovery_code(item: &[u8]) -> Option<(Decoded<'_>, usize)> {
    let mut code = None;
    let mut used = None;
    let taken = each_member(item, |key, value| match key {
        b"code" if code.is_none() => take_string(value, &mut code),
        b"used" if used.is_none() => take_integer(value, &mut used),
        _ => None,
    })?;
    Some((code?, taken))
}

/// What the material takes of an SSH key.
struct SshKeyFields<'a> {
    fingerprint: Decoded<'a>,
    path: Decoded<'a>,
    private_key: Option<Decoded<'a>>,
}

/// `{ fingerprint = "...", algorithm = "...", path = "...", at = "...", added = N, ... }`, and
/// how many bytes it took.
fn ssh_key(item: &[u8]) -> Option<(SshKeyFields<'_>, usize)> {
    const KEYS: [&[u8]; 8] = [
        b"fingerprint",
        b"algorithm",
        b"path",
        b"at",
        b"added",
        b"private_key",
        b"host",
        b"live",
    ];
    let mut seen = 0u32;
    let (mut fingerprint, mut path, mut private_key) = (None, None, None);
    let taken = each_member(item, |key, value| {
        let bit = KEYS.iter().position(|known| *known == key)?;
        if seen & (1 << bit) != 0 {
            return None;
        }
        seen |= 1 << bit;
        match key {
            b"fingerprint" => take_string(value, &mut fingerprint),
            b"path" => take_string(value, &mut path),
            b"private_key" => take_string(value, &mut private_key),
            b"algorithm" | b"at" | b"host" => Some(string(value)?.1),
            b"added" => Some(integer(value)?.1),
            _ => match value.first() {
                Some(b'{') => skip_value(value),
                _ => None,
            },
        }
    })?;
    // The five fields the model requires.
    (seen & 0b11111 == 0b11111).then_some(())?;
    Some((
        SshKeyFields {
            fingerprint: fingerprint?,
            path: path?,
            private_key,
        },
        taken,
    ))
}

/// The basic string at the start of `bytes`, decoded, and how many bytes it took.
fn string(bytes: &[u8]) -> Option<(Decoded<'_>, usize)> {
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let end = string_end(bytes, 0)?;
    Some((Decoded::from_json_string(&bytes[..end])?, end))
}

/// [`string`], kept in `into`.
fn take_string<'a>(bytes: &'a [u8], into: &mut Option<Decoded<'a>>) -> Option<usize> {
    let (text, taken) = string(bytes)?;
    *into = Some(text);
    Some(taken)
}

/// The integer at the start of `bytes` (as serde_json writes a u64), and how many bytes it
/// took.
fn integer(bytes: &[u8]) -> Option<(u64, usize)> {
    let end = bytes
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len());
    let canonical = end > 0 && end <= 20 && (end == 1 || bytes[0] != b'0');
    let number = std::str::from_utf8(&bytes[..end]).ok()?.parse().ok();
    canonical.then_some((number?, end))
}

/// [`integer`], kept in `into`.
fn take_integer(bytes: &[u8], into: &mut Option<u64>) -> Option<usize> {
    let (number, taken) = integer(bytes)?;
    *into = Some(number);
    Some(taken)
}

/// The array of basic strings at the start of `bytes`: how many bytes it took.
fn strings(bytes: &[u8]) -> Option<usize> {
    each_item(bytes, |item| Some(string(item)?.1))
}

/// How many bytes the inline value at the start of `bytes` takes, written as mfa-kit writes
/// one: a basic string, an array `[a, b]`, a table `{ k = v, l = w }` (`{}` when empty), or
/// a bare number or boolean.
fn skip_value(bytes: &[u8]) -> Option<usize> {
    match *bytes.first()? {
        b'"' => string_end(bytes, 0),
        b'[' => each_item(bytes, skip_value),
        b'{' => each_member(bytes, |_, value| skip_value(value)),
        _ => {
            let end = bytes
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')))
                .unwrap_or(bytes.len());
            (end > 0).then_some(end)
        }
    }
}

/// Reads the array at the start of `bytes`, `item` reading each element from where it
/// starts and saying how many bytes it took; returns how many bytes the array took.
fn each_item<'a>(
    bytes: &'a [u8],
    mut item: impl FnMut(&'a [u8]) -> Option<usize>,
) -> Option<usize> {
    (bytes.first() == Some(&b'[')).then_some(())?;
    if bytes.get(1) == Some(&b']') {
        return Some(2);
    }
    let mut at = 1;
    loop {
        let end = at + item(&bytes[at..])?;
        match bytes.get(end..)? {
            [b',', b' ', ..] => at = end + 2,
            [b']', ..] => return Some(end + 1),
            _ => return None,
        }
    }
}

/// Reads the inline table at the start of `bytes`, `member` reading each value from where it
/// starts (given its key's bare text) and saying how many bytes it took; returns how many
/// bytes the table took. A quoted key is refused: mfa-kit writes none in the tables read
/// here.
fn each_member<'a>(
    bytes: &'a [u8],
    mut member: impl FnMut(&'a [u8], &'a [u8]) -> Option<usize>,
) -> Option<usize> {
    (bytes.first() == Some(&b'{')).then_some(())?;
    if bytes.get(1) == Some(&b'}') {
        return Some(2);
    }
    (bytes.get(1) == Some(&b' ')).then_some(())?;
    let mut at = 2;
    loop {
        let rest = &bytes[at..];
        let key_end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))?;
        if key_end == 0 || !rest[key_end..].starts_with(b" = ") {
            return None;
        }
        let value_at = at + key_end + 3;
        let end = value_at + member(&rest[..key_end], &bytes[value_at..])?;
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
        let material = sealed_material(&tables).expect("the sample vault is read without it");
        assert_eq!(material.accounts, digests(&read));
        assert_eq!(material.totp, totp_digests(&read));
        // An HOTP account: the newer format.
        assert_eq!(material.version, FORMAT_VERSION);
        assert_eq!(
            material.key_paths,
            vec![("github".to_string(), "/home/me/.ssh/id".to_string())]
        );
        check_record_without_model(&text, Some(&read), true);
    }

    #[test]
    fn past_the_most_records_the_model_drops_the_oldest() {
        let mut vault = tests::sample_vault();
        vault.backups = (0..MAX_BACKUP_RECORDS)
            .map(|i| sample_record(&format!("/b/{i}.age"), "usb", &[], &[]))
            .collect();
        let (text, read) = written(&vault);
        let tables = account_tables(&text).unwrap();
        let record = sample_record("/b/new.age", "usb", &[], &[]);
        let place = |p: &str| p.to_string();
        assert!(
            tables
                .with_record(&record, MAX_BACKUP_RECORDS, place)
                .is_none()
        );
        // A record of a file already recorded there replaces it: the count stays.
        let again = sample_record("/b/7.age", "usb", &[], &[]);
        assert!(
            tables
                .with_record(&again, MAX_BACKUP_RECORDS, place)
                .is_some()
        );
        check_record_without_model(&text, Some(&read), true);
    }

    #[test]
    fn a_table_not_as_mfa_kit_writes_it_is_left_to_the_model() {
        let (text, _) = written(&tests::sample_vault());
        let table = account_tables(&text).unwrap().table(2).to_string();
        assert!(table_material(&table).is_some());
        for (from, to) in [
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
        ] {
            assert!(table.contains(from), "{from}");
            let changed = table.replacen(from, to, 1);
            assert!(table_material(&changed).is_none(), "{to:?} was read");
        }
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
            proptest::prop_assert!(sealed_material(&tables).is_some());
            check_record_without_model(&text, Some(&read), true);
        }
    }
}
