//! Changes to the accounts of a vault document exactly as mfa-kit wrote it, made without a
//! model of the vault: one account changed, added, removed or renamed rewrites that account's
//! table alone and keeps every other table as it is written, so that a command about one
//! account of 10,000 never holds them all as a model. Each change is the one the model would
//! make, byte for byte ([`check_edits_without_model`], run by the property tests and on the
//! fuzz corpus, writes both and compares them); where one cannot be made so, the caller
//! changes the model, which is the judge.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::backup::SealedMerge;
use super::document::{
    AccountTables, Holds, WithAccount, WithEveryAccount, WithRecords, account_tables,
};
use super::recovery::PathKind;
use super::vault::{
    Account, BackupRecord, DeclaredPath, NameTaken, Vault, account_of_table, find_name,
    format_version_of, name_and_places_of_table, name_taken, normalize_sites, rows_of_tables,
};

/// Every account of a document as mfa-kit wrote it, judged (each table read and checked alone,
/// the backups and the sites too), known by its name.
pub struct SealedAccounts<'a> {
    tables: AccountTables<'a>,
    /// Each account's name, in the document's order: the text of its table's first line where
    /// it needs no decoding (as mfa-kit writes most names), never a copy of 10,000 names.
    names: Vec<Cow<'a, str>>,
    /// The names each account that was renamed had, by its place in order (few: not a list
    /// for each of 10,000 accounts).
    renamed_from: Vec<(usize, Vec<String>)>,
    /// Whether each account is an HOTP one: the format version follows.
    hotp: Vec<bool>,
    /// How many backup records the document has: the format version follows too.
    records: usize,
}

/// Why an account cannot be added or take a new name: another has it, in some case.
#[derive(Debug, PartialEq, Eq)]
pub struct Taken(pub String);

impl<'a> SealedAccounts<'a> {
    /// The accounts of `text`, when it is a document as mfa-kit wrote it that reads as the
    /// whole document would (every table alone, as [`super::vault::Vault::accounts_of_toml`]
    /// reads them, and the backups and the sites a table at a time), with the header mfa-kit
    /// writes for the version its accounts need, and each backup record's digests in its
    /// sub-tables, where a rename finds them; `None` otherwise.
    pub fn of_toml(text: &'a str) -> Option<Self> {
        let tables = account_tables(text)?;
        if !tables.header_as_written()
            || !tables.rest_is_sound()
            || tables.record_digests().is_none()
        {
            return None;
        }
        let mut names = Vec::with_capacity(tables.len());
        let mut renamed_from = Vec::new();
        let hotp = rows_of_tables(&tables, |account| {
            let at = names.len();
            if !account.renamed_from.is_empty() {
                renamed_from.push((at, account.renamed_from.clone()));
            }
            names.push(match tables.name_as_written(at) {
                Some(written) if written == account.name => Cow::Borrowed(written),
                _ => Cow::Owned(account.name.clone()),
            });
            account.is_hotp()
        })?;
        let records = tables.record_count();
        let sealed = SealedAccounts {
            tables,
            names,
            renamed_from,
            hotp,
            records,
        };
        (sealed.tables.version() == Some(sealed.version_with(None, &[]))).then_some(sealed)
    }

    /// Where the account called `name` is, as [`super::vault::Vault::account`] finds it.
    pub fn position(&self, name: &str) -> Option<usize> {
        find_name(self.names.iter().map(|n| &**n), name)
    }

    /// The account at `index`, as the whole document reads it.
    pub fn account(&self, index: usize) -> Account {
        account_of_table(&self.tables, index).expect("every table was read alone")
    }

    /// The document with the account at `index` replaced by `account`, the same account
    /// changed by a command (under the same name), as the model so changed writes it.
    pub fn replaced(&self, index: usize, account: &'a Account) -> WithAccount<'a> {
        let version = self.version_with(Some(index), std::slice::from_ref(account));
        self.tables
            .with_account(Some(index), std::slice::from_ref(account), version)
    }

    /// [`SealedAccounts::replaced`] for the account at `index` renamed (its name and former
    /// names changed as [`super::vault::Vault::rename`] changes them), the backup records
    /// that hold it following: `None` when another account has the new name, in any case, or
    /// a record's digests do not read as mfa-kit writes them.
    pub fn renamed(&self, index: usize, account: &'a Account) -> Option<WithAccount<'a>> {
        if self.taken_by_another(&account.name, Some(index)).is_some() {
            return None;
        }
        self.replaced(index, account)
            .with_records_renamed(&self.names[index], &account.name)
    }

    /// The document with `account` added after the others, as the model's
    /// [`super::vault::Vault::insert`] adds it; the account whose name it takes, in any case,
    /// when there is one.
    pub fn added(&self, account: &'a Account) -> Result<WithAccount<'a>, Taken> {
        if let Some(taken) = self.taken_by_another(&account.name, None) {
            return Err(taken);
        }
        Ok(self.added_all(std::slice::from_ref(account)))
    }

    /// The document with `accounts` added after the others, in order, as the model adds them
    /// one by one: for accounts whose names no account of the document, nor another of
    /// them, takes (the caller checked them, as an import does against a
    /// [`super::vault::NameIndex`] of [`SealedAccounts::names`]).
    pub fn added_all(&self, accounts: &'a [Account]) -> WithAccount<'a> {
        let version = self.version_with(None, accounts);
        self.tables.with_account(None, accounts, version)
    }

    /// The document with the accounts at the indexes of `changed` replaced by those (each
    /// under its own name, of the same kind) and `added` after the others: a restore's merge
    /// ([`super::backup::SealedMerge`]).
    pub fn merged(
        &self,
        changed: &'a BTreeMap<usize, Account>,
        added: &'a [Account],
    ) -> WithAccount<'a> {
        debug_assert!(
            changed
                .iter()
                .all(|(at, account)| account.is_hotp() == self.hotp[*at]),
            "a merge keeps each account's kind"
        );
        let version = self.version_with(None, added);
        self.tables.with_accounts_merged(changed, added, version)
    }

    /// How many accounts the document has.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The backup records (their maps of digests left out) and the sites, as the model
    /// reads them.
    pub fn rest(&self) -> Option<Vault> {
        self.tables
            .rest_with_digests_in_text()
            .map(|(rest, _)| rest)
    }

    /// Each account's name, in the document's order.
    pub fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.names.iter().map(|name| &**name)
    }

    /// The names the account at `index` had.
    pub fn renamed_from(&self, index: usize) -> &[String] {
        match self
            .renamed_from
            .binary_search_by_key(&index, |(at, _)| *at)
        {
            Ok(found) => &self.renamed_from[found].1,
            Err(_) => &[],
        }
    }

    /// The document without the account at `index`.
    pub fn removed(&self, index: usize) -> WithAccount<'a> {
        let version = self.version_with(Some(index), &[]);
        self.tables.with_account(Some(index), &[], version)
    }

    /// The document with `change` made to each backup record (see
    /// [`AccountTables::with_records_changed`]): a drill's dates.
    pub fn records_changed(
        &self,
        change: impl FnMut(&mut BackupRecord) -> bool,
    ) -> Option<WithRecords<'a>> {
        self.tables.with_records_changed(change)
    }

    /// The document with `record` made to each backup record and `sites` to the map of
    /// sites, each account to be changed as it is written ([`WithEveryAccount::write_to`]):
    /// a change that may reach every account (a location renamed or retired, a site set).
    /// What changes is normalised as the model normalises every place it keeps. With it,
    /// whether a record or the sites changed. `None` where the records are not as mfa-kit
    /// writes them (the caller then changes the model; `record` may have been made to some).
    pub fn every_account_changed(
        &self,
        mut record: impl FnMut(&mut BackupRecord) -> bool,
        sites: impl FnOnce(&mut BTreeMap<String, String>),
    ) -> Option<(WithEveryAccount<'_, 'a>, bool)> {
        // The records are judged once, as the change is made.
        let before = self.tables.sites()?;
        let mut after = before.clone();
        sites(&mut after);
        normalize_sites(&mut after);
        let mut changed = after != before;
        let with = self.tables.with_every_account(
            |each| {
                let this = record(each);
                if this {
                    each.normalize_locations();
                }
                changed |= this;
                this
            },
            &after,
        )?;
        Some((with, changed))
    }

    /// Whether an account names a place (as the model keeps it) for which `named` is true:
    /// a change of places that reaches no account leaves every account table as it is.
    pub fn any_account_names(&self, named: impl Fn(&str) -> bool) -> bool {
        (0..self.len()).any(|index| {
            name_and_places_of_table(&self.tables, index)
                .is_some_and(|(_, places)| places.iter().any(|place| named(place)))
        })
    }

    /// The first account but the one at `except` whose name is `name` in any case.
    pub fn taken_by_another(&self, name: &str, except: Option<usize>) -> Option<Taken> {
        let at = name_taken(self.names.iter().map(|n| &**n), name, except)?;
        Some(Taken(self.names[at].to_string()))
    }

    /// The format version of the document with the account at `index` replaced by the
    /// `accounts` (one, or none: left out), or with `accounts` added (no `index`).
    fn version_with(&self, index: Option<usize>, accounts: &[Account]) -> u32 {
        let others = self
            .hotp
            .iter()
            .enumerate()
            .any(|(at, hotp)| *hotp && Some(at) != index);
        format_version_of(
            others || accounts.iter().any(Account::is_hotp),
            self.records,
        )
    }
}

/// Panics where a change made without the model ([`SealedAccounts`]) is not the model's: for
/// each account of a document as mfa-kit wrote it, a change of its table, its removal and two
/// renames, and an account added, are each written both ways and compared (as read back, and
/// with `sealed_by_mfa_kit`, as text). A document the model refuses is never changed so.
pub fn check_edits_without_model(text: &str, whole: Option<&Vault>, sealed_by_mfa_kit: bool) {
    let Some(sealed) = SealedAccounts::of_toml(text) else {
        return;
    };
    let whole = whole.expect("a document changed without the model reads whole");
    let compare = |with: WithAccount, expected: &Vault, what: &str| {
        super::document::assert_written_as_the_model(
            |out| with.write_to(out),
            expected,
            sealed_by_mfa_kit,
            what,
        );
    };
    // An HOTP account, which may change the version the document says.
    let mut added = whole.accounts[0].clone();
    added.name = "Added-Account".into();
    added.counter = Some(7);
    let mut expected = whole.clone();
    match (sealed.added(&added), expected.insert(added.clone())) {
        (Ok(with), Ok(())) => compare(with, &expected, "an account added"),
        (Err(Taken(by)), Err(NameTaken(model_by))) => assert!(by == model_by),
        _ => panic!("an account added: taken one way, not the other"),
    }
    // Several added at once, as an import adds them: the model adds them one by one.
    let mut first = whole.accounts[0].clone();
    first.name = "Added-First".into();
    first.counter = None;
    let several = [first, added];
    let mut expected = whole.clone();
    if several
        .iter()
        .all(|account| expected.insert(account.clone()).is_ok())
    {
        compare(sealed.added_all(&several), &expected, "accounts added");
    }
    check_merge_without_model(&sealed, whole, &compare);
    check_location_edits_without_model(text, &sealed, whole, sealed_by_mfa_kit);
    for (index, account) in whole.accounts.iter().enumerate() {
        let found = whole.accounts.iter().position(|a| a.name == account.name);
        assert!(sealed.position(&account.name) == found);
        assert!(
            sealed.account(index) == *account,
            "an account read alone differs"
        );
        let mut expected = whole.clone();
        expected.accounts.remove(index);
        compare(sealed.removed(index), &expected, "an account removed");
        let mut changed = account.clone();
        changed.paths.push(DeclaredPath {
            kind: PathKind::Email,
            at: "inbox".into(),
            note: None,
        });
        changed.counter = changed.counter.map(|c| c + 1);
        let mut expected = whole.clone();
        expected.accounts[index] = changed.clone();
        compare(
            sealed.replaced(index, &changed),
            &expected,
            "an account changed",
        );
        // A name a backup still holds for an account since removed: the digests renamed
        // replace it, as in the model.
        let held_only = whole
            .backups
            .iter()
            .flat_map(|b| b.accounts.keys().chain(b.totp.keys()))
            .find(|held| whole.account(held).is_none());
        let news = [
            format!("{}-renamed", account.name),
            account.name.to_uppercase(),
        ];
        // Only names a rename takes (`rename` refuses the others before either is written):
        // a record's key may hold what no account name may.
        let takes = |new: &&String| super::vault::check_name("account", new).is_ok();
        for new in news.iter().chain(held_only).filter(takes) {
            let mut expected = whole.clone();
            let mut renamed = account.clone();
            renamed.take_name(new);
            match (
                sealed.renamed(index, &renamed),
                expected.rename(&account.name, new),
            ) {
                (Some(with), Ok(_)) => compare(with, &expected, "an account renamed"),
                // Onto a name only a record holds, a map may be left empty, which the
                // model writes otherwise: the model's to write.
                (None, Ok(_)) => assert!(
                    !sealed_by_mfa_kit || held_only == Some(new),
                    "a rename was not made without the model"
                ),
                (None, Err(_)) => {}
                (Some(_), Err(_)) => panic!("a rename refused by the model was made"),
            }
        }
    }
}

/// A backup of `whole` merged into it without the model ([`SealedMerge`]) as the model merges
/// it: a backup whose first account has moved on (a later code step, a recovery code used),
/// whose second holds more, with a name of the first in another case, and with an account
/// the vault lacks twice (in two cases).
fn check_merge_without_model(
    sealed: &SealedAccounts,
    whole: &Vault,
    compare: &dyn Fn(WithAccount, &Vault, &str),
) {
    let mut backup = whole.clone();
    if let Some(first) = backup.accounts.first_mut() {
        first.last_step = Some(first.last_step.map_or(1, |step| step.saturating_add(1)));
        if let Some(code) = first
            .recovery_codes
            .as_mut()
            .and_then(|set| set.codes.first_mut())
        {
            code.used = Some(
                code.used
                    .map_or(1_700_000_000, |when| when.saturating_sub(1)),
            );
        }
        let mut again = first.clone();
        again.name = again.name.to_uppercase();
        again.last_verified = Some(again.last_verified.map_or(1, |when| when.saturating_add(1)));
        backup.accounts.push(again);
    }
    if let Some(second) = backup.accounts.get_mut(1) {
        second.paths.push(DeclaredPath {
            kind: PathKind::Email,
            at: "Inbox".into(),
            note: None,
        });
    }
    if let Some(first) = whole.accounts.first() {
        let mut new = first.clone();
        new.name = "Restored-Account".into();
        new.renamed_from.clear();
        new.authenticators = vec!["Old Phone".into()];
        new.counter = Some(3);
        let mut twin = new.clone();
        twin.name = "restored-ACCOUNT".into();
        twin.counter = Some(9);
        backup.accounts.extend([new, twin]);
    }
    let mut expected = whole.clone();
    let report = super::backup::merge(&mut expected, backup.clone(), false);
    // The model normalises the locations of the accounts a merge touched, as each is kept.
    for (at, account) in expected.accounts.iter_mut().enumerate() {
        if whole.accounts.get(at) != Some(account) {
            account.normalize_locations();
        }
    }
    let theirs = super::backup::TheirNames::of(
        backup
            .accounts
            .iter()
            .map(|a| (a.name.as_str(), a.renamed_from.as_slice())),
    );
    let (merged, sealed_report) = SealedMerge::of(sealed)
        .merge(backup.accounts, &theirs, false)
        .expect("nothing is replaced");
    assert_eq!(sealed_report, report, "a merge reported otherwise");
    let changed = merged.changed(sealed);
    compare(
        sealed.merged(&changed, &merged.added),
        &expected,
        "a backup merged",
    );
}

/// Panics where a place renamed, retired, or put in a site or taken out of one, each made
/// without the model ([`SealedAccounts::every_account_changed`]), is not the model's change,
/// byte for byte; where a retirement says other losses than the model's; or where whether it
/// changes anything (what a command saves by) is not whether the document changed.
fn check_location_edits_without_model(
    text: &str,
    sealed: &SealedAccounts,
    whole: &Vault,
    sealed_by_mfa_kit: bool,
) {
    use super::location;
    // The document written with the change, as the model writes it; whether the change says
    // it changed something is whether it did.
    let compare = |with: Option<(WithEveryAccount, bool)>,
                   account: &mut dyn FnMut(Holds, &mut Account) -> bool,
                   changes: &dyn Fn(&str) -> bool,
                   expected: &mut Vault,
                   what: &str| {
        let Some((with, rest_changed)) = with else {
            assert!(!sealed_by_mfa_kit, "{what}: not made without the model");
            return false;
        };
        let mut written = Vec::new();
        with.write_to(&mut written, account)
            .expect("writing to memory cannot fail");
        // As `Context::update` saves the model's change.
        expected.normalize_locations();
        super::document::assert_written_as_the_model(
            |out| out.write_all(&written),
            expected,
            sealed_by_mfa_kit,
            what,
        );
        if sealed_by_mfa_kit {
            let changed = rest_changed || sealed.any_account_names(changes);
            assert!(
                changed == (written != text.as_bytes()),
                "{what}: said changed {changed}, wrongly"
            );
        }
        true
    };
    let places = whole.locations();
    let a_site = whole.sites.values().next().cloned();
    let sites = whole
        .sites
        .keys()
        .take(2)
        .chain(whole.sites.values().take(2));
    for place in places.iter().take(3).chain(sites) {
        let new = format!("{place}-renamed");
        let mut expected = whole.clone();
        location::rename(&mut expected, place, &new);
        compare(
            sealed.every_account_changed(
                |record| location::rename_in_record(record, place, &new),
                |sites| location::rename_in_sites(sites, place, &new),
            ),
            &mut |_, account| location::rename_in_account(account, place, &new),
            &|named| named == place,
            &mut expected,
            "a place renamed",
        );
        let mut expected = whole.clone();
        let lost_by_model = location::retire(&mut expected, place, 99);
        let mut lost_records = Vec::new();
        let mut records = 0;
        let mut lost = Vec::new();
        let with = sealed.every_account_changed(
            |record| {
                records += 1;
                let changed = location::retire_record(record, place, 99);
                lost_records.extend(changed.clone().map(|backup| (records - 1, backup)));
                changed.is_some()
            },
            |sites| location::retire_in_sites(sites, place),
        );
        let made = compare(
            with,
            &mut |holds, account| {
                let places = account.locations().count();
                let holding: Vec<&location::LostBackup> = lost_records
                    .iter()
                    .filter(|(at, _)| holds(*at, &account.name))
                    .map(|(_, backup)| backup)
                    .collect();
                lost.extend(location::retire_in_account(account, place, &holding));
                account.locations().count() != places
            },
            &|named| named == place,
            &mut expected,
            "a place retired",
        );
        lost.sort_by(|a, b| a.account.cmp(&b.account));
        assert!(
            !made || lost == lost_by_model,
            "a place retired: other losses"
        );
        // Taken out of its site, or put in one: a new one, and one the vault has.
        let sites_to = [Some("a-site".to_string()), a_site.clone()];
        for site in sites_to.iter().flatten() {
            let set = |sites: &mut BTreeMap<String, String>| {
                if sites.remove(place.as_str()).is_none() {
                    sites.insert(place.clone(), site.clone());
                }
            };
            let mut expected = whole.clone();
            set(&mut expected.sites);
            compare(
                sealed.every_account_changed(|_| false, set),
                &mut |_, _| false,
                &|_| false,
                &mut expected,
                "a site set",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::tests::sample_vault;
    use crate::core::document::write;
    use crate::core::vault::tests::{sample_account, sample_record};

    fn checked(vault: &Vault) {
        let text = write(vault, vault.format_version()).to_string();
        let read = Vault::from_toml(&text).expect("a written vault reads");
        assert!(SealedAccounts::of_toml(&text).is_some());
        check_edits_without_model(&text, Some(&read), true);
    }

    #[test]
    fn each_change_without_the_model_is_the_models_text() {
        checked(&sample_vault());
        // Records that hold an account removed since, whose name a rename then takes, and
        // names that sort around it, quoted and bare.
        let mut vault = Vault::new();
        for name in ["alpha", "Zed", "m i d", "émile"] {
            vault.insert(sample_account(name)).unwrap();
        }
        let holds = [
            ("alpha", "aa"),
            ("gone", "bb"),
            ("m i d", "cc"),
            ("Zed", "dd"),
            ("émile", "ee"),
        ];
        vault
            .backups
            .push(sample_record("/b/1.age", "usb", &["safe"], &holds));
        let mut second = sample_record("/b/2.age", "shelf", &["safe"], &holds[1..]);
        second.totp = second.accounts.clone();
        vault.backups.push(second);
        checked(&vault);
        // One account: removing it leaves a document of records alone.
        vault.accounts.truncate(1);
        checked(&vault);
    }

    /// Hand edits of a sealed document, resealed, that read whole as the model reads them but
    /// that a change made a table at a time would have got wrong (found by a hostile review):
    /// each is either changed exactly as the model changes it, or left to the model.
    #[test]
    fn resealed_hand_edits_are_changed_as_the_model_changes_them_or_left_to_it() {
        use crate::core::document::resealed;
        let mut vault = Vault::new();
        for name in ["alpha", "Zed", "h"] {
            let mut account = sample_account(name);
            account.recovery_codes = None;
            account.ssh_keys.clear();
            account.paths.clear();
            account.authenticators = vec!["phone".into()];
            vault.insert(account).unwrap();
        }
        vault.accounts[2].counter = Some(0);
        let holds = [("alpha", "a1"), ("gone", "g1"), ("h", "h1"), ("zed", "z1")];
        let mut record = sample_record("/b/1.age", "usb", &["safe"], &holds);
        record.totp = record.accounts.clone();
        vault.backups.push(record);
        vault.sites.insert("phone".into(), "home".into());
        let text = write(&vault, vault.format_version()).to_string();
        let body = &text[..text.rfind("# sha256").unwrap()];
        let record_at = body.find("[[backups]]").unwrap();
        let sites_at = body.find("[sites]").unwrap();
        let indented_record: String = body[record_at..sites_at]
            .split_inclusive('\n')
            .map(|line| match line.starts_with('[') {
                true => format!("  {line}"),
                false => line.to_string(),
            })
            .collect();
        let edits = [
            // A blank line inside each map of digests.
            body.replace("\ngone = \"", "\n\ngone = \""),
            // A key quoted where it could be bare, or escaped.
            body.replace("\nalpha = \"", "\n\"alpha\" = \""),
            body.replace("\nalpha = \"", "\n\"\\u0061lpha\" = \""),
            // The sites moved into an account's table, indented.
            body.replace("[sites]\nphone = \"home\"\n", "").replacen(
                "authenticators = [\"phone\"]\n",
                "authenticators = [\"phone\"]\n  [sites]\n  phone = \"home\"\n",
                1,
            ),
            // The backup record moved into an account's table, its headers indented.
            format!("{}{}", &body[..record_at], &body[sites_at..]).replacen(
                "counter = 0\n\n",
                &format!("counter = 0\n\n{indented_record}"),
                1,
            ),
            // A record's map of digests written inline, on an indented line, not as its
            // sub-table.
            {
                let map_at = body.find("\n[backups.accounts]\n").unwrap();
                let map_end = map_at + 1 + body[map_at + 1..].find("\n\n").unwrap() + 1;
                format!("{}{}", &body[..map_at], &body[map_end..]).replacen(
                    "key_at = [\"safe\"]\n",
                    "key_at = [\"safe\"]\n  accounts = { alpha = \"a1\", h = \"h1\" }\n",
                    1,
                )
            },
            // A second, indented [sites] in an account's table: the whole refuses it.
            body.replacen(
                "authenticators = [\"phone\"]\n",
                "authenticators = [\"phone\"]\n\t[sites]\n  usb = \"home\"\n",
                1,
            ),
        ];
        for edit in &edits {
            assert_ne!(edit, body);
            crate::core::document::check_read_alone(&resealed(edit), false);
        }
    }

    #[test]
    fn a_document_not_as_mfa_kit_wrote_it_is_left_to_the_model() {
        let vault = sample_vault();
        let text = write(&vault, vault.format_version()).to_string();
        // Another header, resealed: read whole, never changed a table at a time.
        let other = crate::core::document::resealed(
            &text[..text.rfind("# sha256").unwrap()].replace("# Every secret", "# Each secret"),
        );
        assert!(Vault::from_toml(&other).is_ok());
        assert!(SealedAccounts::of_toml(&other).is_none());
        // A seal that does not match.
        let broken = text.replacen("\nversion = ", "\n# by hand\nversion = ", 1);
        assert!(SealedAccounts::of_toml(&broken).is_none());
    }
}
