//! The vault model and its versioned TOML document: what is kept per account, how it is
//! checked when read, and how it is found and changed by name. Knows no files and no keys.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::otp::{Algorithm, Hotp, Totp, check_params};
use super::otpauth::OtpauthUri;
use super::recovery::PathKind;
use super::secret::{SecretString, check_base32};
use super::text::check_inert;

/// The newest document format this build reads and writes. Version 4 made each backup
/// record after the first hold only what changed since the record above it
/// ([`CHAINED_FORMAT_VERSION`]); version 3 added HOTP accounts (`counter`); version 2 backup
/// files' digests; documents of every older version are read as they are (every field a
/// version added is optional).
pub const FORMAT_VERSION: u32 = 4;
/// The version of a document of two backup records or more: from it on, each record after
/// the first holds in its maps of digests only the accounts whose digest differs from the
/// record above it (an account the record above holds and this one does not has the digest
/// `""`), and takes the others from that record. A record of 10,000 accounts was a megabyte
/// in every record, and every command read all of them: with it, a backup that changed
/// nothing since the last adds a few lines.
pub const CHAINED_FORMAT_VERSION: u32 = 4;
/// The version of a document with an HOTP account (and fewer than two backup records).
pub const HOTP_FORMAT_VERSION: u32 = 3;
/// The version a document without HOTP accounts and with one backup record or none is
/// written as: what it holds is all version 2 had, so an older mfa-kit still opens it (and
/// its backups); a document with an HOTP account says version 3, and one of two records or
/// more version 4, which an older mfa-kit refuses by name ("newer ... upgrade") instead of
/// misreading it ([`format_version_of`]).
pub const BASE_FORMAT_VERSION: u32 = 2;

/// The version a document is written as: the oldest that holds what it holds (see
/// [`BASE_FORMAT_VERSION`]).
pub fn format_version_of(hotp: bool, records: usize) -> u32 {
    if records >= 2 {
        CHAINED_FORMAT_VERSION
    } else if hotp {
        HOTP_FORMAT_VERSION
    } else {
        BASE_FORMAT_VERSION
    }
}
/// The oldest document format this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// The longest account or location name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 128;

/// The whole vault: every account and every backup made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vault {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    /// Every backup made (the newest record of each file and place).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backups: Vec<BackupRecord>,
    /// Sites: a location to the site it is in (`laptop = "home"`), a place one event (a fire,
    /// a burglary) takes out whole. The audit counts a site as one location.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sites: BTreeMap<String, String>,
}

/// One backup `backup` wrote: where it is, what opens it, and which version of each account
/// it holds (by a digest of the account's recovery material).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRecord {
    /// Unix time it was written.
    pub created: u64,
    /// The file written (absolute), or `-` for standard output.
    pub file: String,
    /// The device that wrote it.
    pub written_on: String,
    /// Where the file will be kept (`backup --at`).
    pub at: String,
    /// True when it opens with a passphrase (a key that lives in `memory`).
    #[serde(default)]
    pub passphrase: bool,
    /// The recipients it is encrypted to (empty with a passphrase).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Where the keys that open it live (`backup --key-at`; `memory` for a passphrase).
    pub key_at: Vec<String>,
    /// Account name to the digest of its recovery material as the backup holds it.
    #[serde(default)]
    pub accounts: BTreeMap<String, String>,
    /// Account name to the digest of its TOTP secret and parameters alone: the backup still
    /// recovers the account while these match, even when its codes or keys changed since.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub totp: BTreeMap<String, String>,
    /// SHA-256 of the file as written (hex), to tell the file from a damaged or other one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Unix time the place it was kept at, or every place of its keys, was retired: the
    /// backup is gone and no longer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gone: Option<u64>,
    /// Unix time a drill last opened this file (`mfa-kit drill`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drilled: Option<u64>,
    /// A printed kit (`mfa-kit kit`): the paper is the backup; `file` is the PDF it was
    /// printed from, not checked as an age file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paper: bool,
    /// K of a K-of-N key (`mfa-kit share split`): any K of the `key_at` holders rebuild it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
}

/// One account: its TOTP and everything known about the ways back into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The name the user chose; unique in the vault.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The account part of the otpauth label (the user name at the service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The TOTP key in base32, upper case, no padding.
    pub secret: SecretString,
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u64,
    /// Unix time the account was added.
    pub created: u64,
    /// Locations of authenticator apps that also hold the secret (`add --at`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authenticators: Vec<String>,
    /// Unix time of the last accepted `verify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_verified: Option<u64>,
    /// The time step of the last accepted code: it and earlier ones are refused (replay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_step: Option<u64>,
    /// An HOTP (RFC 4226) account's counter: the counter of its next code. Absent for a TOTP
    /// account, whose codes follow the clock (`period`, which an HOTP account does not use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
    /// The account's recovery codes, if stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<RecoveryCodes>,
    /// SSH keys the service accepts for recovery.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ssh_keys: Vec<SshKey>,
    /// Other recovery paths the user declared (`path add`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<DeclaredPath>,
    /// Names the account had before `rename`: a backup holding it under one of them restores
    /// into this account instead of forking it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
}

/// A set of recovery codes and where paper (or other) copies of it are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryCodes {
    /// Locations of other copies (`codes add --at`), besides the vault.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at: Vec<String>,
    /// Unix time the set was stored.
    pub added: u64,
    pub codes: Vec<RecoveryCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryCode {
    /// The code as the service printed it.
    pub code: SecretString,
    /// Unix time it was marked used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<u64>,
}

impl RecoveryCodes {
    pub fn left(&self) -> usize {
        self.codes.iter().filter(|c| c.used.is_none()).count()
    }
}

/// An SSH key a service accepts for recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SshKey {
    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, ...
    pub algorithm: String,
    /// The key file as registered (absolute).
    pub path: String,
    /// Where the private key lives.
    pub at: String,
    /// Unix time it was registered.
    pub added: u64,
    /// The private key file's text, as it was (still passphrase-protected if it was), when
    /// kept in the vault with `ssh add --store`, so that backups carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<SecretString>,
    /// `user@host[:port]` to check the key against live (`ssh add --host`), when the
    /// account's service gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The last live check (`ssh check --live`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveCheck>,
}

/// What the last live check of an SSH key found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiveCheck {
    /// Unix time of the check.
    pub checked: u64,
    /// `live`, `rejected` or `unreachable`.
    pub state: String,
    /// Unix time of the last check the service accepted the key at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<u64>,
}

/// Another way back in that the user declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredPath {
    pub kind: PathKind,
    /// Where it needs the user to be, or what it needs (`keychain`, `phone`, `admin`).
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Finds accounts by name as [`Vault::account`] does (as written, else ignoring case when
/// that names one account only) without a scan per name: for commands that look up every
/// account of one vault in another (a backup's check, a restore), where scanning would take
/// minutes at 10,000 accounts. Follows accounts added with [`NameIndex::add`].
#[derive(Default)]
pub struct NameIndex {
    exact: HashMap<String, usize>,
    folded: HashMap<String, Places>,
    /// A folded former name (`renamed_from`) to the accounts that may have had it: a superset,
    /// which [`NameIndex::renamed_from`] checks against the accounts as they are.
    former: HashMap<String, Places>,
}

/// The places of the accounts a folded name stands for: nearly always one, kept without a
/// list of its own (a list for each of 10,000 names took 320 KB of an import's peak).
enum Places {
    One([usize; 1]),
    Many(Vec<usize>),
}

impl Places {
    fn as_slice(&self) -> &[usize] {
        match self {
            Places::One(one) => one,
            Places::Many(many) => many,
        }
    }

    /// Adds `at` unless it is there.
    fn add_once(&mut self, at: usize) {
        match self {
            _ if self.as_slice().contains(&at) => {}
            Places::One([first]) => *self = Places::Many(vec![*first, at]),
            Places::Many(many) => many.push(at),
        }
    }
}

impl NameIndex {
    pub fn of(accounts: &[Account]) -> NameIndex {
        let mut index = NameIndex::default();
        for (at, account) in accounts.iter().enumerate() {
            index.add(account, at);
        }
        index
    }

    /// Indexes `account`, which is (now) at position `at`; indexing it again (an account
    /// replaced in place, with former names of its own) adds only what is new.
    pub fn add(&mut self, account: &Account, at: usize) {
        self.add_named(&account.name, &account.renamed_from, at);
    }

    /// [`NameIndex::add`] of an account known by its names alone.
    pub fn add_named(&mut self, name: &str, renamed_from: &[String], at: usize) {
        fn add_once(places: &mut HashMap<String, Places>, name: String, at: usize) {
            places
                .entry(name)
                .and_modify(|places| places.add_once(at))
                .or_insert(Places::One([at]));
        }
        self.exact.entry(name.to_string()).or_insert(at);
        add_once(&mut self.folded, fold(name), at);
        for former in renamed_from {
            add_once(&mut self.former, fold(former), at);
        }
    }

    /// Where the account called `name` is, as [`Vault::account`] finds it.
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(exact) = self.exact.get(name) {
            return Some(*exact);
        }
        match self.folded.get(&fold(name))?.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// The first account whose name is `name` in any case: the one that takes it.
    pub fn taken_by(&self, name: &str) -> Option<usize> {
        self.folded
            .get(&fold(name))?
            .as_slice()
            .iter()
            .min()
            .copied()
    }

    /// The first of `accounts` (indexed here) that was once called `name`, in any case.
    pub fn renamed_from(&self, accounts: &[Account], name: &str) -> Option<usize> {
        self.renamed_from_by(
            |at| accounts.get(at).map(|a| a.renamed_from.as_slice()),
            name,
        )
    }

    /// [`NameIndex::renamed_from`] of accounts known by their former names alone (`former`:
    /// those of the account at a place, if there is one).
    pub fn renamed_from_by<'a>(
        &self,
        former: impl Fn(usize) -> Option<&'a [String]>,
        name: &str,
    ) -> Option<usize> {
        let folded = fold(name);
        let mut candidates = self.former.get(&folded)?.as_slice().to_vec();
        candidates.sort_unstable();
        candidates
            .into_iter()
            .find(|at| former(*at).is_some_and(|names| names.iter().any(|n| fold(n) == folded)))
    }
}

/// Why a decrypted document is not a vault this build can use. Never quotes the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    Syntax { line: Option<usize>, detail: String },
    NewerVersion(u32),
    OldVersion(u32),
    DuplicateName(String),
    BadAccount { name: String, problem: String },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax {
                line: Some(line),
                detail,
            } => {
                write!(
                    f,
                    "it is not a valid vault document (line {line}: {detail})"
                )
            }
            FormatError::Syntax { line: None, detail } => {
                write!(f, "it is not a valid vault document ({detail})")
            }
            FormatError::NewerVersion(v) => write!(
                f,
                "it is a version {v} document, newer than this mfa-kit reads ({FORMAT_VERSION}); upgrade mfa-kit"
            ),
            FormatError::OldVersion(v) => write!(f, "it claims version {v}, which never existed"),
            FormatError::DuplicateName(n) => write!(f, "it names the account {n:?} twice"),
            FormatError::BadAccount { name, problem } => write!(f, "account {name:?}: {problem}"),
        }
    }
}

/// An account of that name exists already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTaken(pub String);

/// Why an account could not be renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    Unknown,
    Taken(String),
}

/// [`Vault::normalize_locations`] for one account ([`Account::normalize_locations`]).
fn normalize_account_locations(account: &mut Account) {
    normalize_list(&mut account.authenticators);
    if let Some(codes) = account.recovery_codes.as_mut() {
        normalize_list(&mut codes.at);
    }
    for key in &mut account.ssh_keys {
        normalize_in_place(&mut key.at);
    }
    for path in &mut account.paths {
        normalize_in_place(&mut path.at);
    }
    let paths = &mut account.paths;
    let mut kept = 0;
    for i in 0..paths.len() {
        let (kind, at) = (paths[i].kind, &paths[i].at);
        if !paths[..kept].iter().any(|p| p.kind == kind && p.at == *at) {
            paths.swap(kept, i);
            kept += 1;
        }
    }
    paths.truncate(kept);
}

/// Why a new name (of an account or a location) is refused: besides what a stored one must
/// pass, no invisible or direction-changing character that could disguise it.
pub fn check_name(kind: &str, name: &str) -> Result<(), String> {
    check_stored_name(kind, name)?;
    check_inert(&format!("the {kind} name"), name)
}

/// What every name read from a vault must pass (vaults written before the stricter rules
/// for new names still open; their names are escaped wherever they are shown).
fn check_stored_name(kind: &str, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(format!("the {kind} name is empty"));
    }
    if name.trim() != name {
        return Err(format!(
            "the {kind} name {name:?} starts or ends with a space"
        ));
    }
    // In ASCII (nearly every name), a byte is a character: 60,000 names of 10,000 accounts
    // are checked on every read of the vault.
    let (control, chars) = match name.is_ascii() {
        true => (name.bytes().any(|b| b.is_ascii_control()), name.len()),
        false => (name.chars().any(char::is_control), name.chars().count()),
    };
    if control {
        return Err(format!("the {kind} name has a control character"));
    }
    if chars > MAX_NAME_CHARS {
        return Err(format!(
            "the {kind} name is longer than {MAX_NAME_CHARS} characters"
        ));
    }
    Ok(())
}

/// What every account read from a vault must pass, from its parts (the model's, or those read
/// from its table alone by [`super::material`]): its name, its code parameters, a secret that
/// decodes, and the places it names.
pub fn check_stored_account(
    name: &str,
    digits: u8,
    period: u64,
    secret: &str,
    places: impl IntoIterator<Item = impl AsRef<str>>,
) -> Result<(), String> {
    check_stored_name("account", name)?;
    check_params(u64::from(digits), period).map_err(|e| e.to_string())?;
    // Decoding proves the secret usable; building the generator would cost an HMAC key
    // schedule per account on every read.
    check_base32(secret).map_err(|e| e.to_string())?;
    places
        .into_iter()
        .try_for_each(|place| check_stored_location(place.as_ref()))
}

/// Locations also may not hold commas, which `audit --lose a,b` separates them with. Checked
/// both as typed and as kept ([`normalize_location`]): a full-width comma folds to a comma, and
/// a name folds to more characters than it had, and the vault read back checks what it keeps.
pub fn check_location(location: &str) -> Result<(), String> {
    check_name("location", location)?;
    check_stored_location(location)?;
    check_stored_location(&normalize_location(location))
}

fn check_stored_location(location: &str) -> Result<(), String> {
    check_stored_name("location", location)?;
    if location.contains(',') {
        return Err(format!(
            "the location {location:?} has a comma, which separates locations in --lose"
        ));
    }
    Ok(())
}

/// A location as it is kept: names are compared after Unicode compatibility folding (NFKC:
/// full-width `ｐhone` is `phone`) and in lower case, so `Phone` is `phone`.
pub fn normalize_location(location: &str) -> String {
    kept_location(location).into_owned()
}

/// [`normalize_location`], borrowed where that is `location` trimmed (nearly always): what a
/// check of 50,000 places reads without copying each.
pub fn kept_location(location: &str) -> std::borrow::Cow<'_, str> {
    folded(location.trim())
}

/// The names of a vault's accounts in the form they are compared in ([`fold`]), for a
/// command that only asks whether a name is taken, in any case (an import): the names
/// themselves where folding leaves them be (most), never copied. A [`NameIndex`] of 10,000
/// accounts (two maps of strings to places) was 2 MB of an import's peak; this is 0.4.
#[derive(Default)]
pub struct FoldedNames<'a>(std::collections::HashSet<std::borrow::Cow<'a, str>>);

impl<'a> FoldedNames<'a> {
    pub fn of(names: impl Iterator<Item = &'a str>) -> Self {
        let room = names.size_hint().0;
        let mut folded = FoldedNames(std::collections::HashSet::with_capacity(room));
        for name in names {
            folded.add(name);
        }
        folded
    }

    /// Adds `name` (borrowed where folding leaves it be).
    fn add(&mut self, name: &'a str) {
        self.0.insert(folded(name));
    }

    /// Adds `name`, kept as its own folded copy.
    pub fn add_owned(&mut self, name: &str) {
        self.0.insert(std::borrow::Cow::Owned(fold(name)));
    }

    /// Whether an account has `name`, in any case.
    pub fn taken(&self, name: &str) -> bool {
        self.0.contains(&folded(name))
    }
}

/// `name` folded ([`fold`]), itself where folding leaves it be.
fn folded(name: &str) -> std::borrow::Cow<'_, str> {
    match is_folded_ascii(name) {
        true => std::borrow::Cow::Borrowed(name),
        false => std::borrow::Cow::Owned(fold(name)),
    }
}

/// The form names are compared in: NFKC, then lower case.
pub fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if is_folded_ascii(name) {
        return name.to_string();
    }
    name.nfkc().collect::<String>().to_lowercase()
}

/// True when folding cannot change `text`: ASCII (NFKC leaves it be) without capitals. The
/// common case, checked without allocating: a vault of 10,000 accounts has 50,000 places.
fn is_folded_ascii(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// Puts one location in its kept form, allocating only when that changes it.
fn normalize_in_place(location: &mut String) {
    let trimmed = location.trim();
    if trimmed.len() == location.len() && is_folded_ascii(trimmed) {
        return;
    }
    *location = normalize_location(location);
}

/// Normalises the locations and the sites of a vault's map of sites, as the vault keeps them.
pub fn normalize_sites(sites: &mut BTreeMap<String, String>) {
    *sites = std::mem::take(sites)
        .into_iter()
        .map(|(location, site)| (normalize_location(&location), normalize_location(&site)))
        .collect();
}

impl BackupRecord {
    /// Normalises the record's places as the vault keeps them.
    pub fn normalize_locations(&mut self) {
        normalize_in_place(&mut self.at);
        normalize_in_place(&mut self.written_on);
        normalize_list(&mut self.key_at);
    }
}

/// Normalises every location of a list and keeps the first of each.
fn normalize_list(locations: &mut Vec<String>) {
    for location in locations.iter_mut() {
        normalize_in_place(location);
    }
    let mut kept = 0;
    for i in 0..locations.len() {
        if !locations[..kept].contains(&locations[i]) {
            locations.swap(kept, i);
            kept += 1;
        }
    }
    locations.truncate(kept);
}

impl Default for Vault {
    fn default() -> Self {
        Vault::new()
    }
}

impl Vault {
    /// Zeroes every secret the vault holds, where it is, and leaves the rest of it in memory
    /// unfreed: for a command that ends next, whose memory the system takes back at once. At
    /// 10,000 accounts, freeing the model a string at a time is a twentieth of an audit. Each
    /// struct is taken apart by every field it has, so that a field added later is a build
    /// error here until it is said whether it holds a secret.
    pub fn wipe_and_leave(mut self) {
        self.wipe_secrets();
        std::mem::forget(self);
    }

    /// Zeroes every secret the vault holds, where it is ([`Vault::wipe_and_leave`]).
    fn wipe_secrets(&mut self) {
        let Vault {
            version: _,
            accounts,
            backups: _,
            sites: _,
        } = self;
        for account in accounts {
            let Account {
                name: _,
                issuer: _,
                label: _,
                secret,
                algorithm: _,
                digits: _,
                period: _,
                created: _,
                authenticators: _,
                last_verified: _,
                last_step: _,
                counter: _,
                recovery_codes,
                ssh_keys,
                paths: _,
                renamed_from: _,
            } = account;
            secret.wipe();
            if let Some(set) = recovery_codes {
                let RecoveryCodes {
                    at: _,
                    added: _,
                    codes,
                } = set;
                for RecoveryCode { code, used: _ } in codes {
                    code.wipe();
                }
            }
            for key in ssh_keys {
                let SshKey {
                    fingerprint: _,
                    algorithm: _,
                    path: _,
                    at: _,
                    added: _,
                    private_key,
                    host: _,
                    live: _,
                } = key;
                if let Some(private_key) = private_key {
                    private_key.wipe();
                }
            }
        }
    }

    pub fn new() -> Self {
        Vault {
            version: BASE_FORMAT_VERSION,
            accounts: Vec::new(),
            backups: Vec::new(),
            sites: BTreeMap::new(),
        }
    }

    /// Reads and checks a document. Error texts never quote the document's content.
    pub fn from_toml(text: &str) -> Result<Self, FormatError> {
        // The layout mfa-kit writes is read fast; anything else (an older layout, a hand
        // edit, an error) by the general TOML parser, which also says what is wrong.
        let vault: Vault = match super::document::read(text) {
            Some(vault) => vault,
            None => {
                // The version first, alone: a newer document (with fields this build does not
                // know) is "newer, upgrade mfa-kit", never "damaged, move it aside".
                #[derive(Deserialize)]
                struct VersionOnly {
                    version: u32,
                }
                if let Ok(VersionOnly { version }) = toml::from_str::<VersionOnly>(text)
                    && version > FORMAT_VERSION
                {
                    return Err(FormatError::NewerVersion(version));
                }
                toml::from_str(text).map_err(|e| syntax_error(text, &e))?
            }
        };
        vault.checked()
    }

    /// A document in the layout mfa-kit writes, read and checked as [`Vault::from_toml`] reads
    /// and checks it; `None` when it is not in that layout (a multi-line string, a table in
    /// another place, a comment after a value), which the general parser might still read.
    pub fn from_canonical_toml(text: &str) -> Option<Result<Self, FormatError>> {
        super::document::read(text).map(Vault::checked)
    }

    /// The checks of every document read, and the model as it is kept in memory.
    pub(super) fn checked(self) -> Result<Self, FormatError> {
        let vault = self;
        match vault.version {
            OLDEST_FORMAT_VERSION..=FORMAT_VERSION => {}
            v if v > FORMAT_VERSION => return Err(FormatError::NewerVersion(v)),
            v => return Err(FormatError::OldVersion(v)),
        }
        let mut vault = vault;
        match vault.version >= CHAINED_FORMAT_VERSION {
            true => super::chain::unchain(&mut vault.backups),
            false => super::chain::drop_not_held(&mut vault.backups),
        }
        // In memory the version says nothing: `to_toml` writes the one the content needs.
        vault.version = BASE_FORMAT_VERSION;
        vault.normalize_locations();
        let mut names: Vec<&str> = vault.accounts.iter().map(|a| a.name.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(FormatError::DuplicateName(w[0].to_string()));
        }
        let check = |accounts: &[Account]| {
            accounts.iter().try_for_each(|account| {
                account
                    .check_stored()
                    .map_err(|problem| FormatError::BadAccount {
                        name: account.name.clone(),
                        problem,
                    })
            })
        };
        // The first account in the document's order that is wrong is the one named.
        let (first, second) = super::halves::of_halves(&vault.accounts, check);
        first.and(second)?;
        for backup in &vault.backups {
            for location in std::iter::once(&backup.at).chain(&backup.key_at) {
                check_stored_location(location).map_err(|problem| FormatError::BadAccount {
                    name: format!("backup {}", backup.file),
                    problem,
                })?;
            }
        }
        Ok(vault)
    }

    /// The account named exactly `name`, read without reading the rest of the document when
    /// it is in the canonical layout ([`super::document::lone_account`]); `None` when that
    /// cannot be done, and the caller reads the whole document with [`Vault::from_toml`].
    /// The account is checked as the whole document's would be.
    pub fn account_from_toml(text: &str, name: &str) -> Option<Account> {
        let lone = super::document::lone_account_table(text, name)?;
        if let Some(account) = table_account_under(lone.version(), lone.table) {
            return (account.name == name).then_some(account);
        }
        let mut vault = Vault::from_toml(&lone.document()).ok()?;
        match vault.accounts.pop() {
            Some(account) if vault.accounts.is_empty() && account.name == name => Some(account),
            _ => None,
        }
    }

    /// `row` of every account of a document as mfa-kit wrote it, in the document's order, each
    /// account read and checked alone (as the whole document's would be) and dropped once its
    /// row is made ([`super::document::account_tables`]): a listing of 10,000 accounts never
    /// holds them all. `None` when that cannot be done, and the caller reads the whole
    /// document with [`Vault::from_toml`], which says what is wrong.
    pub fn accounts_of_toml<T>(text: &str, row: impl FnMut(&Account) -> T) -> Option<Vec<T>> {
        let tables = super::document::account_tables(text)?;
        // The backups and the sites are read and checked too (and dropped): a document
        // damaged there is refused as when read whole.
        // A table at a time where it can ([`super::document::AccountTables::rest_is_sound`]),
        // else whole, by the general parser if need be.
        if !tables.rest_is_sound() {
            let rest = Vault::from_toml(&tables.rest_document()).ok()?;
            if !rest.accounts.is_empty() {
                return None;
            }
        }
        rows_of_tables(&tables, row)
    }

    /// [`Vault::accounts_of_toml`] for a command that needs the backups and the sites beside
    /// each account (the audit of an account reads its backups): the rest of the document is
    /// read first, kept, given to each `row`, and returned with the rows. Each `row` is given
    /// the backup records with the digests of its account alone (what the audit of one
    /// account reads of them), looked up in the document's text where it allows it: the
    /// records' 10,000 digests each are then never held as strings. The records returned
    /// hold the digests the document's text was not looked up in, or none.
    pub fn accounts_with_rest_of_toml<T>(
        text: &str,
        mut row: impl FnMut(&Vault, &Account) -> T,
    ) -> Option<(Vault, Vec<T>)> {
        let tables = super::document::account_tables(text)?;
        if let Some((mut rest, digests)) = tables.rest_with_digests_in_text() {
            let mut cursor = super::document::DigestCursor::default();
            let rows = rows_of_tables(&tables, |account| {
                super::document::give_digests_of(
                    &account.name,
                    &mut rest.backups,
                    &digests,
                    &mut cursor,
                );
                row(&rest, account)
            })?;
            for record in &mut rest.backups {
                record.accounts.clear();
                record.totp.clear();
            }
            return Some((rest, rows));
        }
        let rest = Vault::from_toml(&tables.rest_document()).ok()?;
        if !rest.accounts.is_empty() {
            return None;
        }
        let rows = rows_of_tables(&tables, |account| row(&rest, account))?;
        Some((rest, rows))
    }

    /// Puts every location name in its kept form (lower case) and drops repeats, so that
    /// `KeyChain` and `keychain` are one place for the audit.
    pub fn normalize_locations(&mut self) {
        super::halves::of_halves_mut(&mut self.accounts, |half| {
            half.iter_mut().for_each(normalize_account_locations)
        });
        for backup in &mut self.backups {
            backup.normalize_locations();
        }
        normalize_sites(&mut self.sites);
    }

    /// The site a location is in, or the location itself when it is in none: what the audit
    /// counts as one place.
    pub fn site_of<'a>(&'a self, location: &'a str) -> &'a str {
        self.sites.get(location).map_or(location, String::as_str)
    }

    /// The sites, each with its locations, sorted.
    pub fn sites(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut sites: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (location, site) in &self.sites {
            sites.entry(site).or_default().push(location);
        }
        sites
    }

    /// Every location the vault names, sorted: where its copies, keys and paths live.
    pub fn locations(&self) -> Vec<String> {
        // Borrowed until the end: 10,000 accounts name a few places tens of thousands of times.
        let mut all = std::collections::BTreeSet::<&str>::new();
        for account in &self.accounts {
            all.extend(account.locations());
        }
        for backup in self.backups.iter().filter(|b| b.gone.is_none()) {
            all.insert(&backup.at);
            all.extend(backup.key_at.iter().map(String::as_str));
        }
        all.extend(self.sites.keys().map(String::as_str));
        all.into_iter().map(str::to_string).collect()
    }

    /// The format version the document needs ([`format_version_of`]).
    pub fn format_version(&self) -> u32 {
        format_version_of(
            self.accounts.iter().any(Account::is_hotp),
            self.backups.len(),
        )
    }

    /// The document, with a header that says what it is. Wiped from memory on drop.
    pub fn to_toml(&self) -> Zeroizing<String> {
        super::document::write(self, self.format_version())
    }

    /// Where the account called `name` is: names are matched as written, else ignoring case
    /// (`GitHub` finds `github`) when that names one account only.
    fn position(&self, name: &str) -> Option<usize> {
        find_name(self.accounts.iter().map(|a| a.name.as_str()), name)
    }

    pub fn account(&self, name: &str) -> Option<&Account> {
        self.position(name).map(|i| &self.accounts[i])
    }

    pub fn account_mut(&mut self, name: &str) -> Option<&mut Account> {
        self.position(name).map(|i| &mut self.accounts[i])
    }

    /// The names of the accounts, sorted: for "did you mean".
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.accounts.iter().map(|a| a.name.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// Adds an account; a name that exists, in any case, is refused.
    pub fn insert(&mut self, account: Account) -> Result<(), NameTaken> {
        let names = self.accounts.iter().map(|a| a.name.as_str());
        if let Some(taken) = name_taken(names, &account.name, None) {
            return Err(NameTaken(self.accounts[taken].name.clone()));
        }
        self.accounts.push(account);
        Ok(())
    }

    pub fn remove(&mut self, name: &str) -> Option<Account> {
        let index = self.position(name)?;
        Some(self.accounts.remove(index))
    }

    /// Renames an account, and the records of the backups that hold it, so that they still
    /// count for it. A new name taken by another account (in any case) is refused.
    pub fn rename(&mut self, old: &str, new: &str) -> Result<String, RenameError> {
        let index = self.position(old).ok_or(RenameError::Unknown)?;
        let names = self.accounts.iter().map(|a| a.name.as_str());
        if let Some(taken) = name_taken(names, new, Some(index)) {
            return Err(RenameError::Taken(self.accounts[taken].name.clone()));
        }
        let previous = self.accounts[index].take_name(new);
        // Each record holds the new name as it held the old one, or not at all: a digest a
        // removed account of the new name left is not this account's.
        for backup in self.backups.iter_mut().filter(|_| previous != new) {
            for digests in [&mut backup.accounts, &mut backup.totp] {
                digests.remove(new);
                if let Some(digest) = digests.remove(&previous) {
                    digests.insert(new.to_string(), digest);
                }
            }
        }
        Ok(previous)
    }

    /// The accounts sorted by name, for listings.
    pub fn sorted_accounts(&self) -> Vec<&Account> {
        let mut accounts: Vec<&Account> = self.accounts.iter().collect();
        accounts.sort_by(|a, b| a.name.cmp(&b.name));
        accounts
    }
}

/// Where `name` finds an account among the accounts' `names`, in order: the one named so as
/// written, else ignoring case (`GitHub` finds `github`) when that names one account only.
pub fn find_name<'a>(names: impl Iterator<Item = &'a str> + Clone, name: &str) -> Option<usize> {
    if let Some(exact) = names.clone().position(|n| n == name) {
        return Some(exact);
    }
    let folded = fold(name);
    let mut matches = names
        .enumerate()
        .filter(|(_, n)| fold(n) == folded)
        .map(|(i, _)| i);
    let first = matches.next()?;
    matches.next().is_none().then_some(first)
}

/// The first of the accounts' `names` but the one at `except` that is `name` in any case: the
/// account that takes it.
pub fn name_taken<'a>(
    names: impl Iterator<Item = &'a str>,
    name: &str,
    except: Option<usize>,
) -> Option<usize> {
    let folded = fold(name);
    names
        .enumerate()
        .position(|(i, n)| Some(i) != except && fold(n) == folded)
}

/// A 64-bit hash of `text`, to tell names or keys apart without holding them. Two texts
/// that hash alike (about one chance in 4 x 10^11 among 10,000, or a document made so) read as one
/// text written twice, and the caller then reads the whole document with the general
/// reader, which is slower but finds the same. The hash's key is fixed, so that the same
/// text always reads the same way: `restore` reads the document again under the lock and
/// would take a different answer the second time for a change made meanwhile.
pub(super) fn text_hash(text: &str) -> u64 {
    std::hash::BuildHasher::hash_one(
        &std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default(),
        text,
    )
}

/// `row` of each account table, read and checked alone, in order; `None` at the first that
/// does not read alone as one account, or that repeats a name.
pub(super) fn rows_of_tables<T>(
    tables: &super::document::AccountTables<'_>,
    mut row: impl FnMut(&Account) -> T,
) -> Option<Vec<T>> {
    // Each name seen is held as its 64-bit hash, not as a string: 10,000 names held so were
    // most of a megabyte at a listing's peak.
    let mut names = std::collections::HashSet::with_capacity(tables.len());
    let mut rows = Vec::with_capacity(tables.len());
    for index in 0..tables.len() {
        let account = account_of_table(tables, index)?;
        if !names.insert(text_hash(&account.name)) {
            return None;
        }
        rows.push(row(&account));
    }
    Some(rows)
}

/// The `index`th account table read and checked alone, as the one account it must hold and
/// nothing else (a header indented among its lines could give it a backup or the sites too,
/// which a command changing the account in its table would drop).
pub(crate) fn account_of_table(
    tables: &super::document::AccountTables<'_>,
    index: usize,
) -> Option<Account> {
    account_of_table_without_reader(tables, index)
        .or_else(|| account_of_table_by_reader(tables, index))
}

/// [`account_of_table`] without the TOML reader ([`super::material::table_account`]), where
/// the document's version line is one the reader takes (the table is read under it).
pub(crate) fn account_of_table_without_reader(
    tables: &super::document::AccountTables<'_>,
    index: usize,
) -> Option<Account> {
    table_account_under(tables.version(), tables.table(index))
}

/// The account of `table` read without the TOML reader ([`super::material::table_account`]),
/// where the document's `version` is one that reader takes (the table is read under it).
fn table_account_under(version: Option<u32>, table: &str) -> Option<Account> {
    version.is_some_and(readable).then_some(())?;
    super::material::table_account(table)
}

/// The name and the places (as the model keeps them; repeats included) of the account of
/// the `index`th account table, checked as [`account_of_table`] checks it, without the account
/// copied out where the table is as mfa-kit writes it.
pub(crate) fn name_and_places_of_table(
    tables: &super::document::AccountTables<'_>,
    index: usize,
) -> Option<(String, Vec<String>)> {
    if readable_version(tables)
        && let Some(read) = super::material::table_name_and_places(tables.table(index))
    {
        return Some(read);
    }
    let account = account_of_table_by_reader(tables, index)?;
    let places = account.locations().map(str::to_string).collect();
    Some((account.name, places))
}

/// True when the version line of `tables`' document is one the model's reader takes: a
/// table read without that reader is read under it.
fn readable_version(tables: &super::document::AccountTables<'_>) -> bool {
    tables.version().is_some_and(readable)
}

/// True for a format version the model's reader takes.
fn readable(version: u32) -> bool {
    (OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&version)
}

/// [`account_of_table`] by the model's TOML reader alone: the judge of
/// [`super::material::table_account`], and what reads a table in any other layout.
pub(crate) fn account_of_table_by_reader(
    tables: &super::document::AccountTables<'_>,
    index: usize,
) -> Option<Account> {
    let mut vault = match tables.read_alone(index) {
        Some(read) => read.checked().ok()?,
        None => Vault::from_toml(&tables.document(index)).ok()?,
    };
    if !vault.backups.is_empty() || !vault.sites.is_empty() {
        return None;
    }
    match (vault.accounts.pop(), vault.accounts.is_empty()) {
        (Some(account), true) => Some(account),
        _ => None,
    }
}

fn syntax_error(text: &str, err: &toml::de::Error) -> FormatError {
    // toml's own message may quote the offending line, which may hold a secret: keep only
    // the line number and the first line of the message up to any quote.
    let line = err
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let detail = err
        .message()
        .lines()
        .next()
        .unwrap_or("unreadable")
        .split(['`', '"', '\''])
        .next()
        .unwrap_or("unreadable")
        .trim()
        .to_string();
    FormatError::Syntax { line, detail }
}

impl Account {
    /// True for an HOTP (counter-based) account.
    pub fn is_hotp(&self) -> bool {
        self.counter.is_some()
    }

    /// "TOTP" or "HOTP", for messages.
    pub fn kind_name(&self) -> &'static str {
        if self.is_hotp() { "HOTP" } else { "TOTP" }
    }

    /// An HOTP generator for this account (its counter is kept in `counter`).
    pub fn hotp(&self) -> Result<Hotp, String> {
        Hotp::from_base32(self.secret.expose(), self.algorithm, u64::from(self.digits))
            .map_err(|e| e.to_string())
    }

    /// True when `other` gives the same codes as this account: the same kind, and the same
    /// next two codes, at `now` and the next time step for TOTP, at this account's counter and
    /// the next for HOTP (whatever `other`'s counter: one that lags or leads is the same
    /// secret, its counter moved on). What a person restoring `other` would type in.
    pub fn same_codes_as(&self, other: &Account, now: u64) -> bool {
        if self.is_hotp() != other.is_hotp() {
            return false;
        }
        let (Ok(ours), Ok(theirs)) = (self.two_codes(now), other.two_codes_at(now, self.counter))
        else {
            return false;
        };
        ours == theirs
    }

    fn two_codes(&self, now: u64) -> Result<[String; 2], String> {
        self.two_codes_at(now, self.counter)
    }

    /// The codes at `now` and the next time step (TOTP), or of `counter` and the next (HOTP).
    pub fn two_codes_at(&self, now: u64, counter: Option<u64>) -> Result<[String; 2], String> {
        if self.is_hotp() {
            return Ok(self.hotp()?.two_codes(counter.unwrap_or(0)));
        }
        let totp = self.totp()?;
        Ok([
            totp.code_at(now),
            totp.code_at(now.saturating_add(totp.period())),
        ])
    }

    /// A TOTP generator for this account.
    pub fn totp(&self) -> Result<Totp, String> {
        Totp::from_base32(
            self.secret.expose(),
            self.algorithm,
            u64::from(self.digits),
            self.period,
        )
        .map_err(|e| e.to_string())
    }

    pub(crate) fn check_stored(&self) -> Result<(), String> {
        let code_places = self.recovery_codes.iter().flat_map(|c| c.at.iter());
        let key_places = self.ssh_keys.iter().map(|k| &k.at);
        let path_places = self.paths.iter().map(|p| &p.at);
        check_stored_account(
            &self.name,
            self.digits,
            self.period,
            self.secret.expose(),
            self.authenticators
                .iter()
                .chain(code_places)
                .chain(key_places)
                .chain(path_places)
                .map(String::as_str),
        )
    }

    /// Gives the account the name `new`, keeping the one it had among its former names (a
    /// backup holding it under that name restores into it); returns that name.
    pub fn take_name(&mut self, new: &str) -> String {
        let previous = std::mem::replace(&mut self.name, new.to_string());
        if previous != new && !self.renamed_from.contains(&previous) {
            self.renamed_from.push(previous.clone());
        }
        previous
    }

    /// Puts every location name of the account in its kept form, and drops repeats, as
    /// [`Vault::normalize_locations`] does for each account.
    pub fn normalize_locations(&mut self) {
        normalize_account_locations(self);
    }

    /// Every place this account names (its authenticators, its codes' copies, its SSH keys',
    /// its declared paths'), repeats included.
    pub fn locations(&self) -> impl Iterator<Item = &str> {
        let codes = self.recovery_codes.iter().flat_map(|codes| &codes.at);
        self.authenticators
            .iter()
            .chain(codes)
            .map(String::as_str)
            .chain(self.ssh_keys.iter().map(|k| k.at.as_str()))
            .chain(self.paths.iter().map(|p| p.at.as_str()))
    }

    /// The account as an otpauth URI, to move it to an authenticator.
    pub fn to_otpauth(&self) -> OtpauthUri {
        OtpauthUri {
            issuer: self.issuer.clone(),
            account: self.label.clone().unwrap_or_else(|| self.name.clone()),
            secret: self.secret.clone(),
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
            counter: self.counter,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A backup record of `file`, kept at `at`, opened by a key at each of `key_at`, holding
    /// the accounts of `holds` (name, digest).
    pub fn sample_record(
        file: &str,
        at: &str,
        key_at: &[&str],
        holds: &[(&str, &str)],
    ) -> BackupRecord {
        BackupRecord {
            created: 1_799_000_000,
            file: file.into(),
            written_on: "laptop".into(),
            at: at.into(),
            passphrase: false,
            recipients: vec![],
            key_at: key_at.iter().map(|k| k.to_string()).collect(),
            accounts: holds
                .iter()
                .map(|(name, digest)| (name.to_string(), digest.to_string()))
                .collect(),
            totp: Default::default(),
            sha256: None,
            gone: None,
            drilled: None,
            paper: false,
            threshold: None,
        }
    }

    /// A place fine as typed but not as kept would be stored, and the vault then refused.
    #[test]
    fn a_place_is_checked_as_it_is_kept() {
        for typed in [
            "A\u{ff0c}B",
            "\u{a8}x",
            &"\u{fdfa}".repeat(128),
            &"\u{130}".repeat(100),
        ] {
            let kept = normalize_location(typed);
            assert!(check_stored_location(&kept).is_err(), "{kept:?}");
            assert!(check_location(typed).is_err(), "{typed:?}");
        }
        assert!(check_location("USB Safe").is_ok());
    }

    #[test]
    fn folded_names_take_a_name_in_any_case_and_width() {
        let mut names = FoldedNames::of(["alpha", "\u{ff22}\u{ff45}\u{ff54}\u{ff41}"].into_iter());
        assert!(names.taken("ALPHA") && names.taken("alpha"));
        // Full-width "Ｂｅｔａ" is "Beta" once NFKC-normalised.
        assert!(names.taken("beta") && names.taken("BETA"));
        assert!(!names.taken("gamma"));
        names.add_owned("Gamma");
        assert!(names.taken("GAMMA") && names.taken("gamma"));
        assert!(!names.taken("alph"));
    }

    #[test]
    fn the_name_index_finds_what_a_scan_finds() {
        let mut vault = Vault::new();
        // Two that fold alike (no document holds them, but the model can): neither is found
        // by a spelling that matches neither exactly.
        for name in ["GitHub", "gitlab", "Mail", "MAIL", "Ｗｉｄｅ", "Straße"] {
            vault.accounts.push(sample_account(name));
        }
        let mut renamed = sample_account("work");
        renamed.renamed_from = vec!["Old-Work".into(), "older".into()];
        vault.accounts.push(renamed);
        let mut index = NameIndex::of(&vault.accounts);
        // Indexed again in place (a replaced account): still found, not made ambiguous.
        index.add(&vault.accounts[0], 0);
        let added = sample_account("Late");
        index.add(&added, vault.accounts.len());
        vault.accounts.push(added);
        for query in [
            "GitHub",
            "github",
            "GITHUB",
            "gitlab",
            "GitLab",
            "Mail",
            "MAIL",
            "mail",
            "wide",
            "Ｗｉｄｅ",
            "straße",
            "STRASSE",
            "work",
            "old-work",
            "late",
            "LATE",
            "none",
            "",
        ] {
            let scanned = vault.account(query).map(|a| a.name.as_str());
            let indexed = index.find(query).map(|at| vault.accounts[at].name.as_str());
            assert_eq!(indexed, scanned, "{query:?}");
        }
        let formerly = |name: &str| {
            index
                .renamed_from(&vault.accounts, name)
                .map(|at| vault.accounts[at].name.as_str())
        };
        assert_eq!(formerly("old-work"), Some("work"));
        assert_eq!(formerly("OLDER"), Some("work"));
        assert_eq!(formerly("github"), None);
    }

    pub fn sample_account(name: &str) -> Account {
        Account {
            name: name.to_string(),
            issuer: Some("Example".into()),
            label: Some("alice@example.com".into()),
            secret: SecretString::from("JBSWY3DPEHPK3PXP"),
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            created: 1_700_000_000,
            authenticators: vec!["phone".into()],
            last_verified: None,
            last_step: None,
            counter: None,
            recovery_codes: None,
            ssh_keys: Vec::new(),
            paths: Vec::new(),
            renamed_from: Vec::new(),
        }
    }

    /// What [`Vault::wipe_and_leave`] wipes: every secret, and nothing a secret could hide
    /// in is left, as the document written after it shows.
    #[test]
    fn wiping_a_vault_leaves_no_secret() {
        let mut vault = Vault::new();
        let mut account = sample_account("github");
        account.secret = SecretString::from("SECRETAAAAAAAAAA");
        account.recovery_codes = Some(RecoveryCodes {
            at: Vec::new(),
            added: 5,
            codes: vec![RecoveryCode {
                code: SecretString::from("code-0000"),
                used: None,
            }],
        });
        account.ssh_keys.push(SshKey {
            fingerprint: "SHA256:x".into(),
            algorithm: "ssh-ed25519".into(),
            path: "/k".into(),
            at: "laptop".into(),
            added: 5,
            private_key: Some(SecretString::from("PRIVATE KEY TEXT")),
            host: None,
            live: None,
        });
        vault.accounts.push(account);
        let written = vault.to_toml();
        for secret in ["SECRETAAAAAAAAAA", "code-0000", "PRIVATE KEY TEXT"] {
            assert!(written.contains(secret), "{secret}");
        }
        vault.wipe_secrets();
        let account = &vault.accounts[0];
        assert_eq!(account.secret.expose(), "");
        let codes = &account.recovery_codes.as_ref().unwrap().codes;
        assert_eq!(codes[0].code.expose(), "");
        assert_eq!(
            account.ssh_keys[0].private_key.as_ref().unwrap().expose(),
            ""
        );
        let written = vault.to_toml();
        for secret in ["SECRETAAAAAAAAAA", "code-0000", "PRIVATE KEY TEXT"] {
            assert!(!written.contains(secret), "{secret}");
        }
    }

    #[test]
    fn a_newer_document_with_fields_unknown_here_is_newer_not_damaged() {
        let text = "version = 9\n\n[[accounts]]\nname = \"x\"\nsecret = \"JBSWY3DPEHPK3PXP\"\nalgorithm = \"SHA1\"\ndigits = 6\nperiod = 30\ncreated = 1\nkind_of_the_future = true\n";
        assert_eq!(Vault::from_toml(text), Err(FormatError::NewerVersion(9)));
    }

    #[test]
    fn document_round_trips() {
        let mut vault = Vault::new();
        vault.insert(sample_account("github")).unwrap();
        let mut other = sample_account("gitlab");
        other.last_step = Some(5);
        other.authenticators.clear();
        other.recovery_codes = Some(RecoveryCodes {
            at: vec!["paper-drawer".into()],
            added: 5,
            codes: vec![
                RecoveryCode {
                    code: SecretString::from("1234 5678"),
                    used: None,
                },
                RecoveryCode {
                    code: SecretString::from("abcd-efgh"),
                    used: Some(9),
                },
            ],
        });
        other.ssh_keys.push(SshKey {
            fingerprint: "SHA256:x".into(),
            algorithm: "ssh-ed25519".into(),
            path: "/home/a/.ssh/id".into(),
            at: "laptop".into(),
            added: 5,
            private_key: Some(SecretString::from("-----BEGIN OPENSSH PRIVATE KEY-----\n")),
            host: None,
            live: None,
        });
        other.paths.push(DeclaredPath {
            kind: PathKind::SecurityKey,
            at: "keychain".into(),
            note: None,
        });
        vault.insert(other).unwrap();
        let text = vault.to_toml();
        assert!(text.contains("version = 2"));
        assert!(text.contains("secret = \"JBSWY3DPEHPK3PXP\""));
        assert_eq!(Vault::from_toml(&text).unwrap(), vault);
    }

    /// DEL is valid in a TOML string only escaped; JSON leaves it raw. A vault holding one
    /// (from a restored backup or a hand edit) is written so that it opens again, as the
    /// general TOML parser reads it too.
    #[test]
    fn a_del_character_is_written_escaped_and_reads_back() {
        let mut vault = Vault::new();
        let mut account = sample_account("github");
        account.issuer = Some("del\u{7f}x\u{7f}".into());
        account.paths.push(DeclaredPath {
            kind: PathKind::SecurityKey,
            at: "keychain".into(),
            note: Some("\u{7f}".into()),
        });
        vault.accounts.push(account);
        vault
            .sites
            .insert("lap\u{7f}top".into(), "ho\u{7f}me".into());
        let text = vault.to_toml();
        assert!(!text.contains('\u{7f}'), "{}", text.as_str());
        assert!(text.contains("del\\u007Fx\\u007F"), "{}", text.as_str());
        assert_eq!(Vault::from_toml(&text).unwrap(), vault);
        let general: Vault = toml::from_str(&text).unwrap();
        assert_eq!(general, vault);
    }

    #[test]
    fn an_hotp_account_makes_a_version_3_document_and_older_ones_still_read() {
        let mut vault = Vault::new();
        vault.insert(sample_account("totp")).unwrap();
        // Without HOTP, the document is version 2: an older mfa-kit still opens it.
        assert!(vault.to_toml().contains("\nversion = 2\n"));
        let mut hotp = sample_account("hotp");
        hotp.counter = Some(7);
        vault.insert(hotp).unwrap();
        let text = vault.to_toml();
        assert!(text.contains("format version 3") && text.contains("\nversion = 3\n"));
        assert!(text.contains("counter = 7"), "{}", text.as_str());
        let read = Vault::from_toml(&text).unwrap();
        assert_eq!(read, vault);
        assert_eq!(read.account("hotp").unwrap().counter, Some(7));
        assert_eq!(read.account("totp").unwrap().counter, None);
        // Version 1 and 2 documents read as they are.
        for old in ["1", "2"] {
            let text = vault
                .to_toml()
                .replace("\nversion = 3\n", &format!("\nversion = {old}\n"));
            assert_eq!(Vault::from_toml(&text).unwrap(), vault, "version {old}");
        }
        assert!(read.account("hotp").unwrap().same_codes_as(
            &Account {
                counter: Some(2),
                ..read.account("hotp").unwrap().clone()
            },
            0
        ));
        assert!(
            !read
                .account("hotp")
                .unwrap()
                .same_codes_as(read.account("totp").unwrap(), 0)
        );
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let mut vault = Vault::new();
        let mut account = sample_account("a");
        account.recovery_codes = Some(RecoveryCodes {
            at: vec![],
            added: 0,
            codes: vec![RecoveryCode {
                code: SecretString::from("qqqq-7777"),
                used: None,
            }],
        });
        vault.insert(account).unwrap();
        let shown = format!("{vault:?} {vault:#?}");
        assert!(!shown.contains("JBSWY3DPEHPK3PXP"), "{shown}");
        assert!(!shown.contains("qqqq-7777"), "{shown}");
    }

    #[test]
    fn insert_refuses_an_existing_name() {
        let mut vault = Vault::new();
        vault.insert(sample_account("a")).unwrap();
        assert!(vault.insert(sample_account("a")).is_err());
        assert_eq!(vault.accounts.len(), 1);
    }

    #[test]
    fn reader_refuses_damage_without_quoting_secrets() {
        let cases = [
            ("version = 5\n", "newer"),
            ("version = 0\n", "never existed"),
            ("accounts = 3\n", "not a valid vault"),
            ("version = 1\nsurprise = true\n", "not a valid vault"),
        ];
        for (text, want) in cases {
            let err = Vault::from_toml(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?} gave {err}");
        }
        let mut vault = Vault::new();
        vault.insert(sample_account("a")).unwrap();
        let text = vault.to_toml().replace("digits = 6", "digits = 12");
        let err = Vault::from_toml(&text).unwrap_err().to_string();
        assert!(err.contains("12 digits"), "{err}");
        let twice = format!(
            "{}\n{}",
            vault.to_toml().as_str(),
            vault.to_toml().replace("version = 1", "")
        );
        assert!(Vault::from_toml(&twice).is_err());
        let bad_secret = vault
            .to_toml()
            .replace("JBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PX!");
        let err = Vault::from_toml(&bad_secret).unwrap_err().to_string();
        assert!(!err.contains("JBSWY3DP"), "{err}");
        let broken = vault.to_toml().replace(
            "secret = \"JBSWY3DPEHPK3PXP\"",
            "secret = \"JBSWY3DPEHPK3PXP",
        );
        let err = Vault::from_toml(&broken).unwrap_err().to_string();
        assert!(!err.contains("JBSWY3DP"), "{err}");
    }

    #[test]
    fn names_and_locations() {
        assert!(check_name("account", "GitHub (work)").is_ok());
        assert!(check_name("account", "").is_err());
        assert!(check_name("account", " x").is_err());
        assert!(check_name("account", "a\nb").is_err());
        assert!(check_name("account", &"x".repeat(200)).is_err());
        assert!(check_location("usb-safe").is_ok());
        assert!(check_location("a,b").is_err());
    }
}
