//! Backups as the core sees them: a digest of each account's recovery material (so the audit
//! can tell by content which backups hold an account as it is now), merging a restored
//! document into the vault, and comparing a backup with the vault.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::edit::SealedAccounts;
use super::otp::Algorithm;
use super::recovery::{normalize_code, push_normalized_code};
use super::vault::{Account, BackupRecord, NameIndex, RecoveryCode, Vault, fold};

/// What the digests of an account are taken from, borrowed from wherever it was read: the
/// model ([`Material::of`]) or an account table's lines read without one
/// ([`table_material`]). One digest function for both, so that they cannot disagree.
pub struct Material<'a> {
    pub secret: &'a str,
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u64,
    pub hotp: bool,
    /// The recovery codes as stored (normalised by the digest).
    pub codes: Vec<&'a str>,
    /// Each SSH key's fingerprint and any private key stored with it.
    pub keys: Vec<(&'a str, Option<&'a str>)>,
}

impl<'a> Material<'a> {
    pub fn of(account: &'a Account) -> Self {
        Material {
            secret: account.secret.expose(),
            algorithm: account.algorithm,
            digits: account.digits,
            period: account.period,
            hotp: account.is_hotp(),
            codes: account
                .recovery_codes
                .iter()
                .flat_map(|set| set.codes.iter())
                .map(|c| c.code.expose())
                .collect(),
            keys: account
                .ssh_keys
                .iter()
                .map(|k| {
                    (
                        k.fingerprint.as_str(),
                        k.private_key.as_ref().map(|p| p.expose()),
                    )
                })
                .collect(),
        }
    }

    /// A digest of what recovers the account: the TOTP (or HOTP) secret and its parameters,
    /// the set of recovery codes, the SSH keys (and any private key stored). Bookkeeping (a
    /// verified code, a code marked used, an HOTP counter that moved on), names of places and
    /// notes do not change it.
    pub fn digest(&self) -> String {
        hex(&self.digest_bytes())
    }

    /// [`Material::digest`] as its 16 bytes.
    pub fn digest_bytes(&self) -> [u8; 16] {
        // The codes normalised into one buffer, then ordered: a code is a few bytes, and a
        // string of its own for each took longer than the hash.
        let mut normal = Zeroizing::new(String::with_capacity(
            self.codes.iter().map(|code| code.len()).sum(),
        ));
        let mut codes = Vec::with_capacity(self.codes.len());
        for code in &self.codes {
            let start = normal.len();
            push_normalized_code(code, &mut normal);
            codes.push(start..normal.len());
        }
        codes.sort_by(|a, b| normal[a.clone()].cmp(&normal[b.clone()]));
        let mut hasher = Fields::new(
            self.secret.len()
                + normal.len()
                + 8 * codes.len()
                + self
                    .keys
                    .iter()
                    .map(|(f, p)| 16 + f.len() + p.map_or(0, str::len))
                    .sum::<usize>(),
        );
        hasher.field(b"mfa-kit material v1");
        self.otp_fields(&mut hasher);
        hasher.field(&(codes.len() as u64).to_be_bytes());
        for code in codes {
            hasher.field(normal[code].as_bytes());
        }
        let mut keys = self.keys.clone();
        keys.sort();
        hasher.field(&(keys.len() as u64).to_be_bytes());
        for (fingerprint, private) in keys {
            hasher.field(fingerprint.as_bytes());
            hasher.field(private.unwrap_or("").as_bytes());
        }
        // 128 bits tell versions apart; the vault stays small with many backups of many
        // accounts.
        hasher.digest()
    }

    /// A digest of the account's TOTP (or HOTP) secret and parameters alone: what a backup
    /// must hold for the account to come back with the same codes.
    pub fn totp_digest(&self) -> String {
        hex(&self.totp_digest_bytes())
    }

    /// [`Material::totp_digest`] as its 16 bytes.
    pub fn totp_digest_bytes(&self) -> [u8; 16] {
        let mut hasher = Fields::new(self.secret.len());
        hasher.field(b"mfa-kit totp v1");
        self.otp_fields(&mut hasher);
        hasher.digest()
    }

    /// The secret and its parameters, as both digests take them. An HOTP account's adds a
    /// mark (its secret as a TOTP would be another account) but not its counter: a counter
    /// that moved on is the same secret, and a backup holding it still brings the account
    /// back. A TOTP account's fields are as they always were, so that digests recorded before
    /// stay valid.
    fn otp_fields(&self, hasher: &mut Fields) {
        hasher.field(self.secret.as_bytes());
        hasher.field(self.algorithm.as_str().as_bytes());
        hasher.field(&[self.digits]);
        hasher.field(&self.period.to_be_bytes());
        if self.hotp {
            hasher.field(b"hotp");
        }
    }
}

/// The stream a digest hashes, each field length-prefixed (so that no two different inputs
/// hash the same stream), gathered in one wiped buffer and hashed at once: dozens of small
/// updates took longer than the hash itself.
struct Fields(Zeroizing<Vec<u8>>);

impl Fields {
    /// Room for the fixed fields and `variable` bytes more: the buffer of secrets is never
    /// moved, which would leave a copy behind.
    fn new(variable: usize) -> Self {
        Fields(Zeroizing::new(Vec::with_capacity(128 + variable)))
    }

    fn field(&mut self, bytes: &[u8]) {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        self.0.extend_from_slice(bytes);
    }

    /// The first 128 bits of the SHA-256.
    fn digest(&self) -> [u8; 16] {
        Sha256::digest(&self.0[..])[..16]
            .try_into()
            .expect("SHA-256 is 32 bytes")
    }
}

/// A digest as a record holds it: in lower-case hex.
pub fn hex(digest: &[u8; 16]) -> String {
    data_encoding::HEXLOWER.encode(digest)
}

/// See [`Material::digest`].
pub fn material_digest(account: &Account) -> String {
    Material::of(account).digest()
}

/// See [`Material::totp_digest`].
pub fn totp_digest(account: &Account) -> String {
    Material::of(account).totp_digest()
}

/// The TOTP digests of every account, as a backup record keeps them.
pub fn totp_digests(vault: &Vault) -> BTreeMap<String, String> {
    vault
        .accounts
        .iter()
        .map(|a| (a.name.clone(), totp_digest(a)))
        .collect()
}

/// The digests of every account, as a backup record keeps them.
pub fn digests(vault: &Vault) -> BTreeMap<String, String> {
    vault
        .accounts
        .iter()
        .map(|a| (a.name.clone(), material_digest(a)))
        .collect()
}

/// True when `record` holds `account` as it is now.
pub fn holds_current(record: &BackupRecord, account: &Account) -> bool {
    record
        .accounts
        .get(&account.name)
        .is_some_and(|d| *d == material_digest(account))
}

/// The most backup records a vault keeps (the newest): far above what a person makes, and a
/// bound on what a crafted backup merged by `restore` can make the audit's exact search chew.
pub const MAX_BACKUP_RECORDS: usize = 200;

/// Records a new backup, dropping older records of the same file at the same place: that
/// file was overwritten, so they no longer describe anything that exists.
pub fn add_record(vault: &mut Vault, record: BackupRecord) {
    if record.file != "-" {
        vault
            .backups
            .retain(|old| !(old.file == record.file && old.at == record.at));
    }
    // Past the most kept, the oldest of the others make room: never the one just made.
    drop_oldest(vault, MAX_BACKUP_RECORDS - 1);
    vault.backups.push(record);
}

/// Drops the oldest backup records past [`MAX_BACKUP_RECORDS`], the others kept in their
/// order. Of records made in the same second, the one recorded last is the newer: a backup
/// made in the second of the oldest records is kept, not dropped as it is recorded.
fn keep_newest_records(vault: &mut Vault) {
    drop_oldest(vault, MAX_BACKUP_RECORDS);
}

/// Drops the oldest backup records past `most` ([`oldest_past`]), the others kept in order.
fn drop_oldest(vault: &mut Vault, most: usize) {
    let created: Vec<u64> = vault.backups.iter().map(|b| b.created).collect();
    let dropped = oldest_past(&created, most);
    let mut at = 0;
    vault.backups.retain(|_| {
        at += 1;
        dropped.binary_search(&(at - 1)).is_err()
    });
}

/// The places of the records to drop so that `most` are left, of records made at the times
/// `created` (in order): the oldest, the earlier of two made in the same second first.
pub fn oldest_past(created: &[u64], most: usize) -> Vec<usize> {
    let mut by_age: Vec<usize> = (0..created.len()).collect();
    by_age.sort_by_key(|&at| (created[at], at));
    by_age.truncate(created.len().saturating_sub(most));
    by_age.sort_unstable();
    by_age
}

/// The account with its bookkeeping cleared, to compare two versions of it.
fn without_bookkeeping(account: &Account) -> Account {
    let mut clean = account.clone();
    clean.name = String::new();
    clean.renamed_from.clear();
    clean.created = 0;
    clean.last_verified = None;
    clean.last_step = None;
    // An HOTP counter only moves on: which one is further is bookkeeping, not another secret.
    clean.counter = clean.counter.map(|_| 0);
    if let Some(set) = clean.recovery_codes.as_mut() {
        set.added = 0;
        for code in &mut set.codes {
            code.used = None;
        }
    }
    for key in &mut clean.ssh_keys {
        key.added = 0;
    }
    clean
}

/// True when two versions of an account differ in more than bookkeeping.
pub fn differs(a: &Account, b: &Account) -> bool {
    without_bookkeeping(a) != without_bookkeeping(b)
}

/// What merging a restored document did, by account name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: Vec<String>,
    pub replaced: Vec<String>,
    /// How many were the same but for bookkeeping (not named: a backup of the vault itself
    /// has every account so).
    pub unchanged: usize,
    /// Differ from the vault and were left alone (no `--replace`).
    pub kept: Vec<String>,
    /// An account of the backup (first) that is a vault account (second) another account of
    /// the backup was merged into already: left out, the vault's account as that made it.
    pub left_out: Vec<(String, String)>,
    pub backup_records_added: usize,
}

/// Merges `incoming` into `vault`: missing accounts are added; differing ones are replaced
/// only with `replace`. Backup records the vault lacks are added too. Bookkeeping only ever
/// moves forward: whatever version is kept, a code step accepted by either is never accepted
/// again, and a recovery code used in either stays used.
pub fn merge(vault: &mut Vault, incoming: Vault, replace: bool) -> MergeReport {
    let mut report = MergeReport::default();
    let theirs = TheirNames::of(
        incoming
            .accounts
            .iter()
            .map(|a| (a.name.as_str(), a.renamed_from.as_slice())),
    );
    merge_accounts(
        &mut vault.accounts,
        incoming.accounts,
        &theirs,
        replace,
        &mut report,
    )
    .expect("the model replaces any account");
    // Sites the vault does not know yet come along (a new laptop set up from a backup gets
    // the whole picture); a location the vault already places in a site stays where it is.
    for (location, site) in incoming.sites {
        vault.sites.entry(location).or_insert(site);
    }
    for record in incoming.backups {
        if !knows_record(&vault.backups, &record) {
            vault.backups.push(record);
            report.backup_records_added += 1;
        }
    }
    keep_newest_records(vault);
    report
}

/// True when `records` has `record` (the same file, made at the same time, kept at the same
/// place): a merge leaves it out.
pub fn knows_record(records: &[BackupRecord], record: &BackupRecord) -> bool {
    records
        .iter()
        .any(|r| r.created == record.created && r.file == record.file && r.at == record.at)
}

/// The accounts a backup's are merged into, known by their places: the vault's model, or
/// what a merge needs of a sealed document's accounts ([`SealedMerge`]). The one merge of
/// [`merge_accounts`] decides for both.
trait MergeInto {
    fn len(&self) -> usize;
    fn name(&self, at: usize) -> &str;
    fn renamed_from(&self, at: usize) -> &[String];
    /// True when the account at `at` differs from `incoming` in more than bookkeeping.
    fn differs(&self, at: usize, incoming: &Account) -> bool;
    /// Carries `incoming`'s bookkeeping into the account at `at` ([`carry_bookkeeping`]).
    fn carry(&mut self, at: usize, incoming: &Account);
    /// Puts `incoming` in the account's place, as `--replace` does (its name and former
    /// names, its bookkeeping carried); false where that cannot be done here.
    fn replace(&mut self, at: usize, incoming: Account) -> bool;
    fn push(&mut self, account: Account);
}

impl MergeInto for Vec<Account> {
    fn len(&self) -> usize {
        self.len()
    }

    fn name(&self, at: usize) -> &str {
        &self[at].name
    }

    fn renamed_from(&self, at: usize) -> &[String] {
        &self[at].renamed_from
    }

    fn differs(&self, at: usize, incoming: &Account) -> bool {
        differs(&self[at], incoming)
    }

    fn carry(&mut self, at: usize, incoming: &Account) {
        carry_bookkeeping(&mut self[at], incoming);
    }

    fn replace(&mut self, at: usize, incoming: Account) -> bool {
        let existing = &mut self[at];
        let mut account = incoming;
        carry_bookkeeping(&mut account, existing);
        account.name = existing.name.clone();
        // The names the vault's account had stay known: a backup that holds it under one of
        // them must still find it, not add it again.
        for former in &existing.renamed_from {
            if !account.renamed_from.contains(former) {
                account.renamed_from.push(former.clone());
            }
        }
        *existing = account;
        true
    }

    fn push(&mut self, account: Account) {
        self.push(account);
    }
}

/// What a merge needs of the names of a backup's accounts (folded): how many of them had
/// each former name, and how many have now each name one of them had.
pub struct TheirNames {
    former: HashMap<String, usize>,
    /// Of the names in `former`, how many accounts have each now: few, where the names of
    /// all would be thousands.
    names: HashMap<String, usize>,
}

impl TheirNames {
    /// Of each account's name and the names it had (gone through twice).
    pub fn of<'a>(accounts: impl Iterator<Item = (&'a str, &'a [String])> + Clone) -> TheirNames {
        let mut former = HashMap::new();
        for (_, renamed_from) in accounts.clone() {
            let own: std::collections::HashSet<String> =
                renamed_from.iter().map(|n| fold(n)).collect();
            for name in own {
                *former.entry(name).or_insert(0) += 1;
            }
        }
        let mut names = HashMap::new();
        if !former.is_empty() {
            for (name, _) in accounts {
                let name = fold(name);
                if former.contains_key(&name) {
                    *names.entry(name).or_insert(0) += 1;
                }
            }
        }
        TheirNames { former, names }
    }

    /// True when an account of the backup but `account` had the name `name` (folded).
    fn had_by_another(&self, name: &str, account: &Account) -> bool {
        let own = account.renamed_from.iter().any(|n| fold(n) == name);
        self.former.get(name).copied().unwrap_or(0) > usize::from(own)
    }

    /// True when an account of the backup but `account` has the name `name` (folded) now.
    fn has_another(&self, name: &str, account: &Account) -> bool {
        let own = fold(&account.name) == name;
        self.names.get(name).copied().unwrap_or(0) > usize::from(own)
    }
}

/// Merges the `incoming` accounts (whose names `theirs` holds) into `into`: missing accounts
/// are added; differing ones are replaced only with `replace`; bookkeeping is carried either
/// way. `None` where `into` cannot replace an account (the caller then merges into the model).
fn merge_accounts(
    into: &mut impl MergeInto,
    incoming: impl IntoIterator<Item = Account>,
    theirs: &TheirNames,
    replace: bool,
    report: &mut MergeReport,
) -> Option<()> {
    let mut names = NameIndex::default();
    for at in 0..into.len() {
        names.add_named(into.name(at), into.renamed_from(at), at);
    }
    // The accounts the vault had before the merge: a name another account had is looked up
    // among them alone, never among those the same backup just added.
    let ours = into.len();
    // The accounts an account of the backup was merged into already.
    let mut merged_into = std::collections::HashSet::new();
    for account in incoming {
        // An account renamed since the backup is still the same account: found by a name
        // it had. Adding it again under its old name would fork it, with its old replay state
        // and used codes.
        // Not so when the backup says one of its accounts had this name: this one took it
        // after (a backup that holds `X`, once `Y`, and a new `Y` adds that `Y`).
        let at = names
            .find(&account.name)
            .or_else(|| {
                let into = &*into;
                let taken_after = theirs.had_by_another(&fold(&account.name), &account);
                let former = |at| (at < ours).then(|| into.renamed_from(at));
                (!taken_after)
                    .then(|| names.renamed_from_by(former, &account.name))
                    .flatten()
            })
            // And an account the backup renamed since, that the vault still holds under a
            // name it had, as it is but for bookkeeping (unless another account of the backup
            // has that name now): the same account, not a second one beside it. One that
            // differs may be another account that took the name: it is added.
            .or_else(|| {
                account
                    .renamed_from
                    .iter()
                    .filter(|former| !theirs.has_another(&fold(former), &account))
                    .filter_map(|former| names.find(former).filter(|&at| at < ours))
                    .find(|&at| !into.differs(at, &account))
            });
        // A second account of the backup that is the same vault account (names that differ
        // only in case, or a name it had before a rename) is left out: put over the first,
        // one of the two would be lost.
        if let Some(at) = at
            && !merged_into.insert(at)
        {
            into.carry(at, &account);
            report
                .left_out
                .push((account.name.clone(), into.name(at).to_string()));
            continue;
        }
        match at {
            None => {
                report.added.push(account.name.clone());
                names.add(&account, into.len());
                into.push(account);
            }
            Some(at) if !into.differs(at, &account) => {
                into.carry(at, &account);
                report.unchanged += 1;
            }
            Some(at) if replace => {
                report.replaced.push(into.name(at).to_string());
                if !into.replace(at, account) {
                    return None;
                }
                // Its former names may be new: indexed again (the name is the same).
                names.add_named(into.name(at), into.renamed_from(at), at);
            }
            Some(at) => {
                into.carry(at, &account);
                report.kept.push(into.name(at).to_string());
            }
        }
    }
    Some(())
}

/// What a merge needs of the accounts of a document as mfa-kit wrote it, taken a table at a
/// time, so that the document need not be held while the backup is read: each account's
/// names, a digest of what it holds but its bookkeeping, and of its bookkeeping. The merge
/// ([`SealedMerge::merge`]) keeps what it changes of them as bookkeeping to carry, carried
/// once the document is read again ([`MergedAccounts::changed`]), and the accounts it adds.
pub struct SealedMerge {
    names: Vec<String>,
    renamed_from: Vec<Vec<String>>,
    content: Vec<[u8; 32]>,
    /// The digest of each account's bookkeeping, where carrying it into the account itself
    /// changes nothing (not so where two of its recovery codes are one code as typed, one
    /// marked used and the other not): bookkeeping of that digest is not carried.
    settled: Vec<Option<[u8; 32]>>,
    carried: Vec<(usize, Bookkeeping)>,
    added: Vec<Account>,
}

/// What [`SealedMerge::merge`] changes: bookkeeping to carry into the document's accounts, by
/// place, in order, and the accounts added after them.
pub struct MergedAccounts {
    carried: Vec<(usize, Bookkeeping)>,
    /// Added after the document's accounts, in the backup's order (their locations as the
    /// model keeps them).
    pub added: Vec<Account>,
}

impl SealedMerge {
    pub fn of(sealed: &SealedAccounts) -> SealedMerge {
        let mut merge = SealedMerge {
            names: Vec::with_capacity(sealed.len()),
            renamed_from: Vec::with_capacity(sealed.len()),
            content: Vec::with_capacity(sealed.len()),
            settled: Vec::with_capacity(sealed.len()),
            carried: Vec::new(),
            added: Vec::new(),
        };
        for index in 0..sealed.len() {
            let account = sealed.account(index);
            let bookkeeping = Bookkeeping::of(&account);
            let mut carried = account.clone();
            carry_bookkeeping_of(&mut carried, &bookkeeping);
            merge
                .settled
                .push((carried == account).then(|| bookkeeping.digest()));
            merge.content.push(content_digest(&account));
            merge.renamed_from.push(account.renamed_from.clone());
            merge.names.push(account.name.clone());
        }
        merge
    }

    /// Merges the `incoming` accounts as [`merge`] merges them into the model (no account
    /// replaced: `None` where `replace` would replace one).
    pub fn merge(
        mut self,
        incoming: impl IntoIterator<Item = Account>,
        theirs: &TheirNames,
        replace: bool,
    ) -> Option<(MergedAccounts, MergeReport)> {
        let mut report = MergeReport::default();
        merge_accounts(&mut self, incoming, theirs, replace, &mut report)?;
        // As the model keeps them once merged (not before: a later account of the backup is
        // compared with one added as the backup has it).
        for account in &mut self.added {
            account.normalize_locations();
        }
        let merged = MergedAccounts {
            carried: self.carried,
            added: self.added,
        };
        Some((merged, report))
    }
}

impl MergeInto for SealedMerge {
    fn len(&self) -> usize {
        self.names.len() + self.added.len()
    }

    fn name(&self, at: usize) -> &str {
        match self.added.get(at.wrapping_sub(self.names.len())) {
            Some(added) => &added.name,
            None => &self.names[at],
        }
    }

    fn renamed_from(&self, at: usize) -> &[String] {
        match self.added.get(at.wrapping_sub(self.names.len())) {
            Some(added) => &added.renamed_from,
            None => &self.renamed_from[at],
        }
    }

    fn differs(&self, at: usize, incoming: &Account) -> bool {
        match self.added.get(at.wrapping_sub(self.names.len())) {
            Some(added) => differs(added, incoming),
            None => content_digest(incoming) != self.content[at],
        }
    }

    fn carry(&mut self, at: usize, incoming: &Account) {
        let document_has = self.names.len();
        if let Some(added) = self.added.get_mut(at.wrapping_sub(document_has)) {
            return carry_bookkeeping(added, incoming);
        }
        let bookkeeping = Bookkeeping::of(incoming);
        if self.settled[at] != Some(bookkeeping.digest()) {
            self.carried.push((at, bookkeeping));
        }
    }

    fn replace(&mut self, _at: usize, _incoming: Account) -> bool {
        false
    }

    fn push(&mut self, account: Account) {
        self.added.push(account);
    }
}

impl MergedAccounts {
    /// The accounts of `sealed` (the document [`SealedMerge::of`] was taken from, read again)
    /// that the merge changes, by place, changed (their locations as the model keeps them).
    pub fn changed(&self, sealed: &SealedAccounts) -> BTreeMap<usize, Account> {
        let mut changed = BTreeMap::new();
        for (at, bookkeeping) in &self.carried {
            let account = changed.entry(*at).or_insert_with(|| sealed.account(*at));
            carry_bookkeeping_of(account, bookkeeping);
        }
        changed.retain(|at, account| {
            account.normalize_locations();
            *account != sealed.account(*at)
        });
        changed
    }
}

/// A digest of all an account holds but its bookkeeping: two versions of an account
/// [`differs`] where theirs do.
fn content_digest(account: &Account) -> [u8; 32] {
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hashing = Hashing(Sha256::new());
    serde_json::to_writer(&mut hashing, &without_bookkeeping(account))
        .expect("the model serialises");
    hashing.0.finalize().into()
}

/// What carrying an account's bookkeeping into another ([`carry_bookkeeping_of`]) takes of
/// it: which code it makes (a digest of its secret, period and kind), its last code step,
/// verification and HOTP counter, and each recovery code it marks used (a digest of the code
/// as typed codes are matched, with when).
#[derive(Clone, PartialEq, Eq)]
pub struct Bookkeeping {
    code: [u8; 32],
    last_step: Option<u64>,
    last_verified: Option<u64>,
    counter: Option<u64>,
    used: Vec<([u8; 32], u64)>,
}

impl Bookkeeping {
    pub fn of(account: &Account) -> Bookkeeping {
        Bookkeeping {
            code: code_digest(account),
            last_step: account.last_step,
            last_verified: account.last_verified,
            counter: account.counter,
            used: account
                .recovery_codes
                .iter()
                .flat_map(|set| &set.codes)
                .filter_map(|code| Some((typed_code_digest(code.code.expose()), code.used?)))
                .collect(),
        }
    }

    /// A digest of all of it, to tell one from another.
    fn digest(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.code);
        for value in [self.last_step, self.last_verified, self.counter] {
            match value {
                Some(value) => {
                    hasher.update([1]);
                    hasher.update(value.to_be_bytes());
                }
                None => hasher.update([0]),
            }
        }
        hasher.update((self.used.len() as u64).to_be_bytes());
        for (code, when) in &self.used {
            hasher.update(code);
            hasher.update(when.to_be_bytes());
        }
        hasher.finalize().into()
    }
}

/// Which code an account makes: its secret, period and kind (TOTP or HOTP), as a digest.
fn code_digest(account: &Account) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(account.secret.expose().as_bytes());
    hasher.update(account.period.to_be_bytes());
    hasher.update([u8::from(account.is_hotp())]);
    hasher.finalize().into()
}

/// A recovery code as typed codes are matched (ignoring case, spaces and dashes), as a digest.
fn typed_code_digest(code: &str) -> [u8; 32] {
    Sha256::digest(normalize_code(code).as_bytes()).into()
}

/// Moves `kept`'s bookkeeping forward to include `other`'s: the later accepted code step (for
/// the same secret), the further HOTP counter (a counter never moves back: the codes before
/// it were used), the later verification, and every recovery code `other` marks used.
pub fn carry_bookkeeping(kept: &mut Account, other: &Account) {
    carry_bookkeeping_of(kept, &Bookkeeping::of(other));
}

/// [`carry_bookkeeping`] from what it takes of the other account.
pub fn carry_bookkeeping_of(kept: &mut Account, other: &Bookkeeping) {
    if code_digest(kept) == other.code {
        kept.last_step = kept.last_step.max(other.last_step);
        kept.last_verified = kept.last_verified.max(other.last_verified);
        kept.counter = kept.counter.max(other.counter);
    }
    let Some(codes) = kept
        .recovery_codes
        .as_mut()
        .filter(|_| !other.used.is_empty())
    else {
        return;
    };
    for code in &mut codes.codes {
        let typed = typed_code_digest(code.code.expose());
        let used = other
            .used
            .iter()
            .filter(|(digest, _)| *digest == typed)
            .map(|(_, when)| *when)
            .min();
        if let Some(when) = used {
            code.used = Some(code.used.map_or(when, |t| t.min(when)));
        }
    }
}

/// Marks used every code of `codes` that `used_elsewhere` marks used (matched as typed codes
/// are: ignoring case, spaces and dashes), keeping the earlier time.
pub fn carry_used_marks(codes: &mut [RecoveryCode], used_elsewhere: &[RecoveryCode]) {
    for code in codes.iter_mut() {
        let normal = normalize_code(code.code.expose());
        let used = used_elsewhere
            .iter()
            .filter(|c| c.used.is_some() && normalize_code(c.code.expose()) == normal)
            .filter_map(|c| c.used)
            .min();
        if let Some(when) = used {
            code.used = Some(code.used.map_or(when, |t| t.min(when)));
        }
    }
}

/// How a backup compares with the vault, by account name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub missing: Vec<String>,
    pub different: Vec<String>,
    pub same: Vec<String>,
    /// In the backup but no longer in the vault (no harm: reported for information).
    pub extra: Vec<String>,
}

impl CheckReport {
    /// The backup holds every account's recovery material as the vault has it now.
    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.different.is_empty()
    }
}

/// What a check compares of one account: the names it is found by and the digest of its
/// recovery material. A few dozen bytes where the account is kilobytes, so that a check of
/// 10,000 accounts holds neither side's model: the backup's rows are held while the vault's
/// are made beside its text, so each is kept without spare room (a name boxed, the digest
/// as its 16 bytes: 1.4 MiB less at 10,000 accounts than strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub name: Box<str>,
    pub renamed_from: Box<[String]>,
    pub digest: [u8; 16],
}

impl Compared {
    pub fn of(account: &Account) -> Compared {
        Compared {
            name: account.name.as_str().into(),
            renamed_from: account.renamed_from.as_slice().into(),
            digest: Material::of(account).digest_bytes(),
        }
    }
}

/// How the backup's accounts compare with the vault's, each side in any order.
pub fn compare_accounts(mut vault: Vec<Compared>, backup: Vec<Compared>) -> CheckReport {
    let mut report = CheckReport::default();
    let mut names = NameIndex::default();
    for (at, theirs) in backup.iter().enumerate() {
        names.add_named(&theirs.name, &theirs.renamed_from, at);
    }
    let mut held = vec![false; backup.len()];
    vault.sort_by(|a, b| a.name.cmp(&b.name));
    for account in vault {
        match held_at(
            |name| names.find(name),
            &account.name,
            &account.renamed_from,
            |at| &backup[at].name,
        ) {
            None => report.missing.push(account.name.into()),
            Some(at) => {
                held[at] = true;
                if backup[at].digest != account.digest {
                    report.different.push(account.name.into())
                } else {
                    report.same.push(account.name.into())
                }
            }
        }
    }
    let mut extra: Vec<String> = backup
        .into_iter()
        .zip(held)
        .filter(|(_, held)| !held)
        .map(|(theirs, _)| theirs.name.into())
        .collect();
    extra.sort();
    report.extra = extra;
    report
}

/// Where a backup holds the account called `name` (once `renamed_from`): by that name, or
/// else by a former one, unless the account found there is only the same name in another
/// case. `find` finds a backup's account by name as [`NameIndex::find`] does; `name_at` is
/// the name of the backup's account at a place.
pub fn held_at<'a>(
    find: impl Fn(&str) -> Option<usize>,
    name: &str,
    renamed_from: &[String],
    name_at: impl Fn(usize) -> &'a str,
) -> Option<usize> {
    find(name).or_else(|| {
        renamed_from
            .iter()
            .find_map(|old| find(old))
            .filter(|at| fold(name_at(*at)) != fold(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::secret::SecretString;
    use crate::core::vault::tests::{sample_account, sample_record};
    use crate::core::vault::{RecoveryCode, RecoveryCodes};

    /// [`compare_accounts`] of two models.
    fn compare(vault: &Vault, backup: &Vault) -> CheckReport {
        compare_accounts(
            vault.accounts.iter().map(Compared::of).collect(),
            backup.accounts.iter().map(Compared::of).collect(),
        )
    }

    fn with_codes(mut account: Account, codes: &[&str]) -> Account {
        account.recovery_codes = Some(RecoveryCodes {
            at: vec![],
            added: 1,
            codes: codes
                .iter()
                .map(|c| RecoveryCode {
                    code: SecretString::from(*c),
                    used: None,
                })
                .collect(),
        });
        account
    }

    #[test]
    fn digest_follows_material_not_bookkeeping() {
        let base = with_codes(sample_account("a"), &["1111-2222", "3333-4444"]);
        let digest = material_digest(&base);

        let mut verified = base.clone();
        verified.last_verified = Some(5);
        verified.last_step = Some(5);
        verified.recovery_codes.as_mut().unwrap().codes[0].used = Some(7);
        verified.authenticators.push("tablet".into());
        assert_eq!(
            material_digest(&verified),
            digest,
            "bookkeeping is no change"
        );

        let reordered = with_codes(sample_account("a"), &["3333 4444", "1111-2222"]);
        assert_eq!(
            material_digest(&reordered),
            digest,
            "the set, not its order or spelling"
        );

        let mut new_secret = base.clone();
        new_secret.secret = SecretString::from("GEZDGNBVGY3TQOJQ");
        assert_ne!(material_digest(&new_secret), digest);
        let mut digits = base.clone();
        digits.digits = 8;
        assert_ne!(material_digest(&digits), digest);
        let new_codes = with_codes(sample_account("a"), &["1111-2222", "5555-6666"]);
        assert_ne!(material_digest(&new_codes), digest);
        let no_codes = sample_account("a");
        assert_ne!(material_digest(&no_codes), digest);
    }

    #[test]
    fn merge_adds_missing_and_keeps_differing_unless_replace() {
        let mut vault = Vault::new();
        vault.insert(sample_account("same")).unwrap();
        vault.insert(sample_account("changed")).unwrap();
        let mut incoming = Vault::new();
        incoming.insert(sample_account("same")).unwrap();
        let mut changed = sample_account("changed");
        changed.digits = 8;
        incoming.insert(changed.clone()).unwrap();
        incoming.insert(sample_account("new")).unwrap();

        let mut kept = vault.clone();
        let report = merge(&mut kept, incoming.clone(), false);
        assert_eq!(report.added, ["new"]);
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.kept, ["changed"]);
        assert_eq!(kept.account("changed").unwrap().digits, 6);

        let report = merge(&mut vault, incoming, true);
        assert_eq!(report.replaced, ["changed"]);
        assert_eq!(vault.account("changed").unwrap().digits, 8);
        assert_eq!(vault.accounts.len(), 3);
    }

    #[test]
    fn an_hotp_counter_is_bookkeeping_and_never_moves_back() {
        let mut now = sample_account("a");
        now.counter = Some(40);
        let mut old = now.clone();
        old.counter = Some(3);
        // The same secret with its counter behind: the same material, the same TOTP digest.
        assert_eq!(material_digest(&now), material_digest(&old));
        assert_eq!(totp_digest(&now), totp_digest(&old));
        assert!(!differs(&now, &old));
        // As a TOTP, the same secret is another account.
        let mut as_totp = now.clone();
        as_totp.counter = None;
        assert_ne!(totp_digest(&now), totp_digest(&as_totp));
        assert!(differs(&now, &as_totp));
        // A TOTP account's digest is what it was before HOTP existed.
        assert_eq!(totp_digest(&as_totp), totp_digest(&sample_account("a")));
        for replace in [false, true] {
            let mut vault = Vault::new();
            vault.insert(now.clone()).unwrap();
            let mut backup = Vault::new();
            backup.insert(old.clone()).unwrap();
            merge(&mut vault, backup, replace);
            assert_eq!(
                vault.account("a").unwrap().counter,
                Some(40),
                "replace={replace}"
            );
        }
        // A backup further on (codes spent from a copy restored elsewhere) moves it forward.
        let mut vault = Vault::new();
        vault.insert(old.clone()).unwrap();
        let mut backup = Vault::new();
        backup.insert(now.clone()).unwrap();
        merge(&mut vault, backup, false);
        assert_eq!(vault.account("a").unwrap().counter, Some(40));
    }

    #[test]
    fn merge_never_moves_bookkeeping_backwards() {
        let mut used = with_codes(sample_account("a"), &["1111-2222", "3333-4444"]);
        used.last_step = Some(900);
        used.last_verified = Some(27_000);
        used.recovery_codes.as_mut().unwrap().codes[0].used = Some(50);
        let mut vault = Vault::new();
        vault.insert(used.clone()).unwrap();
        // An older backup of the same account: nothing used, an earlier step.
        let mut old = with_codes(sample_account("a"), &["1111-2222", "3333-4444"]);
        old.last_step = Some(10);
        old.digits = 8; // differs, so --replace takes it
        let mut incoming = Vault::new();
        incoming.insert(old.clone()).unwrap();
        for replace in [false, true] {
            let mut merged = vault.clone();
            merge(&mut merged, incoming.clone(), replace);
            let a = merged.account("a").unwrap();
            assert_eq!(a.last_step, Some(900), "replace={replace}");
            assert_eq!(a.last_verified, Some(27_000));
            let codes = &a.recovery_codes.as_ref().unwrap().codes;
            assert_eq!(codes[0].used, Some(50), "replace={replace}");
            assert_eq!(codes[1].used, None);
        }
        // The same version: the backup's later marks move the vault forward, never back.
        let mut later = used.clone();
        later.recovery_codes.as_mut().unwrap().codes[1].used = Some(70);
        later.last_step = Some(950);
        let mut incoming = Vault::new();
        incoming.insert(later).unwrap();
        let mut merged = vault.clone();
        merge(&mut merged, incoming, false);
        let a = merged.account("a").unwrap();
        assert_eq!(a.last_step, Some(950));
        assert_eq!(a.recovery_codes.as_ref().unwrap().left(), 0);
    }

    #[test]
    fn a_renamed_account_is_matched_by_its_secret_not_forked() {
        let mut vault = Vault::new();
        let mut renamed = with_codes(sample_account("gh"), &["1111-2222"]);
        renamed.renamed_from = vec!["GitHub".into()];
        renamed.recovery_codes.as_mut().unwrap().codes[0].used = Some(5);
        renamed.last_step = Some(77);
        vault.insert(renamed).unwrap();
        let mut incoming = Vault::new();
        incoming
            .insert(with_codes(sample_account("github"), &["1111-2222"]))
            .unwrap();
        for replace in [false, true] {
            let mut merged = vault.clone();
            let report = merge(&mut merged, incoming.clone(), replace);
            assert!(report.added.is_empty(), "{report:?}");
            assert_eq!(merged.accounts.len(), 1);
            let gh = merged.account("gh").unwrap();
            assert_eq!(gh.last_step, Some(77));
            assert_eq!(gh.recovery_codes.as_ref().unwrap().left(), 0);
        }
    }

    #[test]
    fn a_vault_keeps_the_newest_backup_records_only() {
        let mut vault = Vault::new();
        let mut incoming = Vault::new();
        for i in 0..MAX_BACKUP_RECORDS as u64 + 50 {
            let mut record =
                sample_record(&format!("/b{i}.age"), &format!("place{i}"), &["key"], &[]);
            record.created = i;
            incoming.backups.push(record);
        }
        merge(&mut vault, incoming, false);
        assert_eq!(vault.backups.len(), MAX_BACKUP_RECORDS);
        assert!(vault.backups.iter().all(|b| b.created >= 50));
    }

    /// Accounts of a backup that are one vault account (names that differ in case or width,
    /// a name it had before a rename) merge once; the others are left out, never put over it
    /// nor added beside it; a replaced account keeps the names it had, so that restoring the
    /// backup again finds it.
    #[test]
    fn a_vault_account_takes_one_account_of_the_backup_and_keeps_its_former_names() {
        for replace in [false, true] {
            let mut vault = Vault::new();
            vault.insert(sample_account("a")).unwrap();
            let mut incoming = Vault::new();
            let mut wide = sample_account("ａ");
            wide.secret = SecretString::from("GEZDGNBVGY3TQOJQ");
            incoming.accounts.push(wide);
            incoming.accounts.push(sample_account("A"));
            let report = merge(&mut vault, incoming, replace);
            assert_eq!(vault.accounts.len(), 1, "{report:?}");
            assert_eq!(report.left_out, vec![("A".to_string(), "a".to_string())]);
            let expected = if replace {
                "GEZDGNBVGY3TQOJQ"
            } else {
                "JBSWY3DPEHPK3PXP"
            };
            assert_eq!(
                vault.accounts[0].secret.expose(),
                expected,
                "replace: {replace}"
            );
        }

        // Renamed Old -> New since the backup, new codes since; --replace takes the backup's
        // version, and a second restore still finds it by its old name.
        let mut vault = Vault::new();
        let mut renamed = with_codes(sample_account("New"), &["1111-2222"]);
        renamed.renamed_from = vec!["Old".into()];
        vault.insert(renamed).unwrap();
        let mut backup = Vault::new();
        backup.insert(sample_account("Old")).unwrap();
        backup.insert(sample_account("new")).unwrap();
        let report = merge(&mut vault, backup.clone(), true);
        assert_eq!(report.replaced, vec!["New".to_string()], "{report:?}");
        assert_eq!(
            report.left_out,
            vec![("new".to_string(), "New".to_string())]
        );
        assert_eq!(vault.accounts.len(), 1);
        assert!(vault.accounts[0].renamed_from.contains(&"Old".to_string()));
        let again = merge(&mut vault, backup, false);
        assert!(again.added.is_empty(), "{again:?}");
        assert_eq!(vault.accounts.len(), 1);
    }

    #[test]
    fn compare_follows_renames_by_names_and_digests_alone() {
        let named = |name: &str, former: &[&str], digest: u8| Compared {
            name: name.into(),
            renamed_from: former.iter().map(|f| f.to_string()).collect(),
            digest: [digest; 16],
        };
        let vault = vec![
            named("work", &["work-old"], 1),
            named("GitHub", &[], 2),
            named("new", &[], 3),
            named("b", &["A"], 4),
        ];
        let backup = vec![
            named("gone", &[], 0),
            named("a", &[], 9),
            named("github", &[], 2),
            named("work-old", &[], 1),
        ];
        let report = compare_accounts(vault, backup);
        assert_eq!(
            report.same,
            ["GitHub", "work"],
            "by another case, by a former name"
        );
        assert_eq!(report.different, ["b"]);
        assert_eq!(report.missing, ["new"]);
        assert_eq!(
            report.extra,
            ["gone"],
            "held ones are not extra, the rest sorted"
        );
    }

    #[test]
    fn compare_by_content() {
        let mut vault = Vault::new();
        vault.insert(sample_account("a")).unwrap();
        vault.insert(sample_account("b")).unwrap();
        let mut backup = vault.clone();
        assert!(compare(&vault, &backup).complete());
        backup.account_mut("a").unwrap().last_step = Some(9);
        assert!(compare(&vault, &backup).complete(), "bookkeeping only");
        backup.account_mut("b").unwrap().period = 60;
        backup.remove("a");
        let report = compare(&vault, &backup);
        assert_eq!(report.missing, ["a"]);
        assert_eq!(report.different, ["b"]);
        assert!(!report.complete());
    }
}
