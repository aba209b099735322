//! `drill --lose LOCATION[,...]`: the end-to-end test a careful person would do by hand on a
//! second machine. The backups that survive the loss are opened in memory with only the keys
//! that survive it, and each account is checked to come back with the vault's codes. Nothing
//! is written but the drill's date on the backups it opened.

use std::path::{Path, PathBuf};

use serde::Serialize;

use std::collections::BTreeSet;

use crate::app::audit::{check_known, known_with_places};
use crate::app::backup::sha256_hex_of;
use crate::app::{Context, VaultKey, check_locations, dedup};
use crate::cli::DrillArgs;
use crate::core::document::{self, AccountTables};
use crate::core::drill::{DrillAccount, Held, HeldAccount, OpenFailure, Opened, Ours, judge};
use crate::core::halves;
use crate::core::vault::{Account, BackupRecord, Vault, account_of_table, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, DecryptFailure, Keyring};
use crate::sys::fs::{MAX_READ_BYTES, canonical_target, open_regular_file};
use crate::sys::{allocator, output, passphrase};

#[derive(Serialize)]
struct DrillJson<'a> {
    ok: bool,
    lost: &'a [String],
    backups: Vec<BackupJson<'a>>,
    accounts: &'a [DrillAccount],
}

#[derive(Serialize)]
struct BackupJson<'a> {
    file: &'a str,
    opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<String>,
}

pub fn run(ctx: &Context, args: DrillArgs) -> Result<Outcome> {
    let lost: Vec<String> = dedup(
        args.lose
            .iter()
            .map(|l| normalize_location(l))
            .filter(|l| !l.is_empty())
            .collect(),
    );
    check_locations(&lost)?;
    // The keys that survive, read before anything else: a wrong path is an error, not a
    // drill that finds nothing.
    let keyrings = args
        .identities
        .iter()
        .map(|p| crypto::load_identity_file(p))
        .collect::<Result<Vec<Keyring>>>()?;
    // A key whose passphrase cannot be asked for would never be tried: the drill would say
    // that accounts are lost when it is only this run that cannot use the key.
    if let Some(locked) = keyrings.iter().find(|k| k.asks_for_a_passphrase())
        && !passphrase::terminal_to_ask_on()
    {
        return Err(passphrase::key_needs_a_terminal(
            &locked.path,
            "run the drill on a terminal, or give an identity without a passphrase",
        ));
    }
    let pass = ctx
        .args
        .backup_passphrase_file
        .as_deref()
        .map(passphrase::from_file)
        .transpose()?;
    let device = ctx.device()?;
    allocator::large_buffers_apart();
    let (document, key) = ctx.read_document()?;
    // The drill's time, once the vault is open (unlocking it may take a while).
    let now = ctx.now();
    let (rest, accounts) = VaultAccounts::of(ctx, &document, &key)?;
    let vault = &rest;
    // What judging needs of each account, in the order of their names, and every place they
    // name, in one reading of the tables; the document is not held beside the backups then
    // opened (a backup of 10,000 accounts is megabytes).
    let (ours, places) = accounts.judged_and_places(now)?;
    drop(accounts);
    drop(document);
    check_known(&known_with_places(places, &rest, &device), &lost, "--lose")?;
    // A file given that is not there is a mistyped path, not a lost backup.
    for file in &args.backups {
        if !file.is_file() {
            return Err(Error::new(format!(
                "the backup {} does not exist or is not a file",
                file.display()
            ))
            .hint("check the path given to --backup"));
        }
    }
    let files = surviving_files(vault, &lost, &args.backups);
    let is_lost = |place: &str| lost.iter().any(|l| l == place || l == vault.site_of(place));
    let records: Vec<Vec<&BackupRecord>> = files.iter().map(|f| records_of(vault, f)).collect();
    let opened: Vec<Opened> = files
        .iter()
        .zip(&records)
        .map(|(file, records)| Opened {
            file: file.display().to_string().into(),
            // Only what survives: a backup kept at a lost place, or whose every key lived at
            // a lost place (a passphrase lives in memory), does not open, whatever is given.
            result: match lost_with_the_loss(records, &is_lost) {
                Some(failure) => Err(failure),
                None => open(file, &keyrings, pass.as_ref(), now),
            },
        })
        .collect();
    let (mut accounts, second) = halves::of_halves(&ours, |part| {
        part.iter()
            .map(|ours| judge(ours, &opened))
            .collect::<Vec<_>>()
    });
    accounts.extend(second);
    let ok = accounts.iter().all(|a| a.recovered);
    // The one write: when each backup that opened was last drilled.
    // The records of the backups that opened (a scanned kit marks its paper record).
    let drilled: Vec<(u64, String, String)> = opened
        .iter()
        .zip(&records)
        .filter(|(o, _)| o.result.is_ok())
        .flat_map(|(_, records)| {
            records
                .iter()
                .map(|r| (r.created, r.file.clone(), r.at.clone()))
        })
        .collect();
    // What the backups held is judged: from here on, only whether each opened is said, and
    // the memory it all took is given back before the vault is read again to be written.
    let opened: Vec<Opened> = opened
        .into_iter()
        .map(|o| Opened {
            file: o.file,
            result: o.result.map(|_| Held::default()),
        })
        .collect();
    drop((rest, ours));
    allocator::give_back_freed();
    if !drilled.is_empty() {
        ctx.update_records(|record| {
            let opened = drilled.iter().any(|(created, file, at)| {
                record.created == *created && record.file == *file && record.at == *at
            });
            let changed = opened && record.drilled != Some(now);
            if changed {
                record.drilled = Some(now);
            }
            changed
        })?;
    }
    if args.json {
        output::json(&DrillJson {
            ok,
            lost: &lost,
            backups: opened
                .iter()
                .map(|o| BackupJson {
                    file: &o.file,
                    opened: o.result.is_ok(),
                    why: o.result.as_ref().err().map(describe),
                })
                .collect(),
            accounts: &accounts,
        })?;
    } else {
        output::line(format!(
            "Drill: {} lost; {} surviving backup file(s).",
            lost.join(" and "),
            opened.len()
        ))?;
        for backup in &opened {
            match &backup.result {
                Ok(_) => output::line(format!("  opened     {}", backup.file))?,
                Err(e) => output::line(format!("  not opened {}: {}", backup.file, describe(e)))?,
            }
        }
        for account in &accounts {
            match (&account.by, &account.why) {
                (Some(by), _) => output::line(format!("recovered  {}  (by {by})", account.name))?,
                (None, Some(why)) => output::line(format!("lost       {}  ({why})", account.name))?,
                (None, None) => output::line(format!("lost       {}", account.name))?,
            }
        }
        let recovered = accounts.iter().filter(|a| a.recovered).count();
        output::line(format!(
            "{recovered} of {} account(s) recovered",
            accounts.len()
        ))?;
    }
    Ok(if ok { Outcome::Yes } else { Outcome::No })
}

/// The backup files the drill opens: those given, else every recorded backup file present
/// here whose place is not lost (a site lost takes every place in it).
fn surviving_files(vault: &Vault, lost: &[String], given: &[PathBuf]) -> Vec<PathBuf> {
    if !given.is_empty() {
        let mut files: Vec<PathBuf> = given.iter().map(|f| canonical_target(f)).collect();
        files.dedup();
        return files;
    }
    let is_lost = |place: &str| lost.iter().any(|l| l == place || l == vault.site_of(place));
    let mut files: Vec<PathBuf> = vault
        .backups
        .iter()
        .filter(|r| r.gone.is_none() && r.file != "-" && !is_lost(&r.at))
        .map(|r| PathBuf::from(&r.file))
        .filter(|f| f.is_file())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// The vault's records of a backup file: by its content (the SHA-256 recorded when it was
/// written; a printed kit scanned back into an age file matches its paper record), else by
/// its path. A file the vault does not record has none.
fn records_of<'a>(vault: &'a Vault, file: &Path) -> Vec<&'a BackupRecord> {
    // Hashed as it is read: a backup of 10,000 accounts is megabytes.
    let by_content = std::fs::File::open(file)
        .ok()
        .and_then(|opened| sha256_hex_of(opened).ok());
    let shown = file.display().to_string();
    let live = || vault.backups.iter().filter(|r| r.gone.is_none());
    let matched: Vec<&BackupRecord> = live()
        .filter(|r| r.sha256.is_some() && r.sha256 == by_content)
        .collect();
    if !matched.is_empty() {
        return matched;
    }
    live().filter(|r| r.file == shown).collect()
}

/// Why a recorded backup cannot help after the loss, whatever key is given: its place is
/// lost, or every key that opens it was kept at a lost place (a K-of-N key: fewer than K
/// holders survive).
fn lost_with_the_loss(
    records: &[&BackupRecord],
    is_lost: &dyn Fn(&str) -> bool,
) -> Option<OpenFailure> {
    if records.is_empty() {
        return None;
    }
    if records.iter().all(|r| is_lost(&r.at)) {
        return Some(OpenFailure::Damaged(
            "it is kept at a lost place: it is lost too".to_string(),
        ));
    }
    let keys_lost = records.iter().all(|r| {
        let surviving = r.key_at.iter().filter(|k| !is_lost(k)).count();
        match r.threshold {
            Some(k) => surviving < k as usize,
            None => surviving == 0,
        }
    });
    keys_lost.then_some(OpenFailure::NoKey)
}

/// Opens one backup in memory with the surviving keys only.
fn open(
    file: &Path,
    keyrings: &[Keyring],
    pass: Option<&age::secrecy::SecretString>,
    now: u64,
) -> std::result::Result<Held, OpenFailure> {
    let damaged = |what: &str| OpenFailure::Damaged(what.to_string());
    // Read as it is decrypted, past its header: a backup of 10,000 accounts is megabytes.
    let (opened, size) =
        open_regular_file(file, "the backup", MAX_READ_BYTES).map_err(|e| damaged(e.message()))?;
    let size = size as usize;
    let head =
        crypto::read_head(&opened, size, file, "the backup").map_err(|e| damaged(e.message()))?;
    let ciphertext = || std::io::Read::chain(&head[..], &opened);
    let passphrase_file = crypto::is_passphrase_encrypted(&head)
        .map_err(|_| damaged("not an age file, or its header is damaged"))?;
    let failure = |f: DecryptFailure| match f {
        DecryptFailure::WrongKey => OpenFailure::NoKey,
        DecryptFailure::NotAge => damaged("not an age file"),
        DecryptFailure::Damaged => damaged("damaged or truncated"),
        DecryptFailure::ExcessiveWork(n) => damaged(&format!("asks for scrypt work factor {n}")),
    };
    let plaintext = if passphrase_file {
        let pass = pass.ok_or(OpenFailure::NoKey)?;
        crypto::decrypt_with_passphrase_from(ciphertext(), &head, size, Some(&opened), pass)
            .map_err(failure)?
    } else {
        if keyrings.is_empty() {
            return Err(OpenFailure::NoKey);
        }
        crypto::decrypt_with_keyrings_from(ciphertext(), &head, size, Some(&opened), keyrings)
            .map(|(plaintext, _)| plaintext)
            .map_err(failure)?
    };
    let plaintext =
        crypto::document_bytes(plaintext).map_err(|_| damaged("a damaged gzip stream"))?;
    let text = std::str::from_utf8(&plaintext).map_err(|_| damaged("not a vault document"))?;
    // What the drill needs of each account, a table at a time where the backup allows it.
    let held = |account: &Account| HeldAccount::of(account, now);
    let accounts = match Vault::accounts_of_toml(text, held) {
        Some(accounts) => accounts,
        None => Vault::from_toml(text)
            .map_err(|_| damaged("it decrypts, but is not a vault document"))?
            .accounts
            .iter()
            .map(held)
            .collect(),
    };
    Ok(Held::of(accounts))
}

/// The vault's accounts as the drill reads them: a document as mfa-kit wrote it one table at
/// a time, never all held as a model; any other read whole (which says what is wrong).
enum VaultAccounts<'a> {
    /// The tables, and each account's name and table in the order of the names.
    Tables {
        tables: Box<AccountTables<'a>>,
        order: Vec<(String, usize)>,
        document: &'a [u8],
        key: &'a VaultKey,
        ctx: &'a Context,
    },
    /// The model's accounts, in the order of their names.
    Model(Vec<Account>),
}

impl<'a> VaultAccounts<'a> {
    /// The backups and the sites (the records' digests left out where they can be), and the
    /// accounts of `document`, which opened with `key`.
    fn of(
        ctx: &'a Context,
        document: &'a [u8],
        key: &'a VaultKey,
    ) -> Result<(Vault, VaultAccounts<'a>)> {
        let sealed = std::str::from_utf8(document)
            .ok()
            .and_then(document::account_tables)
            .and_then(|tables| {
                let (rest, _) = tables.rest_with_digests_in_text()?;
                let order = tables.in_order_of_names()?;
                Some((rest, tables, order))
            });
        if let Some((rest, tables, order)) = sealed {
            let accounts = VaultAccounts::Tables {
                tables: Box::new(tables),
                order,
                document,
                key,
                ctx,
            };
            return Ok((rest, accounts));
        }
        let mut vault = ctx.parse_vault(document, key)?;
        let mut accounts = std::mem::take(&mut vault.accounts);
        accounts.sort_by(|a, b| a.name.cmp(&b.name));
        Ok((vault, VaultAccounts::Model(accounts)))
    }

    /// What judging needs of each account at `now` ([`Ours`]), in the order of their names,
    /// and every place the accounts name.
    fn judged_and_places(&self, now: u64) -> Result<(Vec<Ours>, BTreeSet<String>)> {
        let start = || (Vec::new(), BTreeSet::new());
        let ((mut ours, mut places), (second, other_places)) =
            self.in_halves(start, |(ours, places), account| {
                ours.push(Ours::of(account, now));
                for place in account.locations() {
                    if !places.contains(place) {
                        places.insert(place.to_string());
                    }
                }
            })?;
        ours.extend(second);
        places.extend(other_places);
        Ok((ours, places))
    }

    /// What `add` makes of the accounts, in the order of their names, in two halves at once
    /// (each from `start`), each account read from its table where there are tables.
    fn in_halves<S: Send>(
        &self,
        start: impl Fn() -> S + Sync,
        add: impl Fn(&mut S, &Account) + Sync,
    ) -> Result<(S, S)> {
        match self {
            VaultAccounts::Model(accounts) => Ok(halves::of_halves(accounts, |part| {
                let mut made = start();
                part.iter().for_each(|account| add(&mut made, account));
                made
            })),
            VaultAccounts::Tables {
                tables,
                order,
                document,
                key,
                ctx,
            } => {
                let (first, second) = halves::of_halves(order, |part| {
                    let mut made = start();
                    for (name, index) in part {
                        let account =
                            account_of_table(tables, *index).filter(|a| a.name == *name)?;
                        add(&mut made, &account);
                    }
                    Some(made)
                });
                match first.zip(second) {
                    Some(made) => Ok(made),
                    // A table that does not read alone: the whole document says why.
                    None => Err(ctx
                        .parse_vault(document, key)
                        .err()
                        .unwrap_or_else(|| Error::new("an account's table does not read alone"))),
                }
            }
        }
    }
}

fn describe(failure: &OpenFailure) -> String {
    match failure {
        OpenFailure::NoKey => {
            "no surviving key opens it (its keys were at lost places, or the keys and passphrase given do not open it)".to_string()
        }
        OpenFailure::Damaged(what) => format!("damaged: {what}"),
    }
}
