//! `restore FILE`: decrypts a backup (identity files, SSH private keys or a passphrase) and
//! merges it into the vault, or with `--check` only compares it with the vault by content.

use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::app::{Context, LockedDocument, VaultKey, decrypt_failure, rows_or_whole};
use crate::cli::RestoreArgs;
use crate::core::backup::{
    Compared, MAX_BACKUP_RECORDS, MergeReport, SealedMerge, TheirNames, compare_accounts,
    knows_record, merge,
};
use crate::core::document;
use crate::core::edit::SealedAccounts;
use crate::core::sshkey::inspect_key;
use crate::core::vault::{NameIndex, Vault};
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, DecryptFailure, Keyring};
use crate::sys::fs::{
    Existing, MAX_READ_BYTES, canonical_target, create_private_dir, open_regular_file,
    read_all_bounded, read_bounded, write_private_atomic,
};
use crate::sys::{allocator, output, passphrase};

pub fn run(ctx: &Context, args: RestoreArgs) -> Result<Outcome> {
    let new_vault = !ctx.vault_path.exists();
    if args.passphrase && !new_vault {
        return Err(Error::new(format!(
            "--passphrase locks a new vault, and {} exists already",
            ctx.vault_path.display()
        ))
        .hint("drop --passphrase to merge the backup into the existing vault"));
    }
    if args.check && new_vault {
        return Err(Error::new(format!(
            "no vault at {} to compare the backup with",
            ctx.vault_path.display()
        ))
        .hint("drop --check to set up a vault from the backup"));
    }
    if args.check {
        return check(ctx, backup_accounts(ctx, &args)?);
    }
    if !new_vault && !args.replace && args.ssh_dir.is_none() {
        let report = merge_into_vault(ctx, &args)?;
        say(&report, &[])?;
        return Ok(Outcome::Yes);
    }
    let backup = read_backup(ctx, &args)?;
    let device = ctx.device()?;
    // A folder this restore creates for the keys goes again if the restore fails.
    let created_dir = args.ssh_dir.clone().filter(|d| !d.exists());
    let keys = match &args.ssh_dir {
        Some(dir) => write_ssh_keys(ctx, dir, &backup)?,
        None => Vec::new(),
    };
    let merged = if new_vault {
        let mut vault = Vault::new();
        let report = merge(&mut vault, backup, false);
        move_key_records(&mut vault, &keys, &device);
        crate::app::init::create_vault(ctx, args.passphrase, &vault, "restore").map(|_| report)
    } else {
        ctx.update(|vault| {
            let report = merge(vault, backup, args.replace);
            move_key_records(vault, &keys, &device);
            Ok(report)
        })
    };
    let report = match merged {
        Ok(report) => report,
        Err(e) => {
            // Leave every file as it was: the keys written for this restore go with it.
            for key in &keys {
                let _ = std::fs::remove_file(&key.private);
                let _ = std::fs::remove_file(&key.public);
            }
            if let Some(dir) = &created_dir {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
    };
    say(&report, &keys)?;
    Ok(Outcome::Yes)
}

/// Merges the backup into the existing vault, under the writers' lock, which is taken first:
/// a vault as mfa-kit wrote it, opened with an identity file, is merged without the model of
/// either side, and its document and the backup's are never held at once (10,000 accounts
/// are megabytes of each): what the merge needs of the vault's accounts is taken a table at a
/// time, the document let go, the backup read and merged into that, and the vault read
/// again to write the accounts the merge changed and added, every other table kept as it is
/// written ([`SealedMerge`]). A backup not as mfa-kit wrote it, one whose records or sites
/// the vault lacks, and any other vault are merged into the model, as the model would be
/// either way.
fn merge_into_vault(ctx: &Context, args: &RestoreArgs) -> Result<MergeReport> {
    // The two documents, one after the other, each in pages of its own given back once it
    // is let go.
    allocator::large_buffers_apart();
    let LockedDocument {
        lock,
        document,
        key,
    } = ctx.lock_document()?;
    // The backup merged into the model of the vault, under this lock.
    let by_model = |lock, document, key, backup: Vault| {
        let locked = LockedDocument {
            lock,
            document,
            key,
        };
        ctx.update_locked(locked, |vault| Ok(merge(vault, backup, false)))
    };
    let text = std::str::from_utf8(&document).ok();
    let taken = match (&key, text.and_then(SealedAccounts::of_toml)) {
        (VaultKey::Identity(_), Some(sealed)) => sealed
            .rest()
            .filter(|rest| rest.backups.len() <= MAX_BACKUP_RECORDS)
            .zip(text.and_then(document::seal_digest).map(str::to_string))
            .map(|(rest, seal)| (SealedMerge::of(&sealed), rest, seal)),
        _ => None,
    };
    let Some((ours, rest, seal)) = taken else {
        return by_model(lock, document, key, read_backup(ctx, args)?);
    };
    drop(document);
    allocator::give_back_freed();
    let (plaintext, shown) = backup_document(ctx, args)?;
    let merged = std::str::from_utf8(&plaintext)
        .ok()
        .and_then(SealedAccounts::of_toml)
        .filter(|backup| {
            backup.rest().is_some_and(|theirs| {
                let sites = theirs.sites.keys().all(|at| rest.sites.contains_key(at));
                let records = theirs
                    .backups
                    .iter()
                    .all(|r| knows_record(&rest.backups, r));
                sites && records
            })
        })
        .and_then(|backup| {
            let formers = (0..backup.len()).map(|at| backup.renamed_from(at));
            let theirs = TheirNames::of(backup.names().zip(formers));
            ours.merge(
                (0..backup.len()).map(|at| backup.account(at)),
                &theirs,
                false,
            )
        });
    let VaultKey::Identity(keyring) = key else {
        unreachable!("only a vault opened with an identity file is merged so")
    };
    // The backup is let go before the vault is read again, unless the model needs it.
    let merged = match merged {
        Some(merged) => {
            drop(plaintext);
            allocator::give_back_freed();
            Ok(merged)
        }
        None => Err(plaintext),
    };
    let (document, key) = ctx.read_again(keyring)?;
    let (merged, report) = match merged {
        Ok(merged) => merged,
        Err(plaintext) => {
            let backup = parse_backup(&plaintext, &shown)?;
            drop(plaintext);
            return by_model(lock, document, key, backup);
        }
    };
    // Under the lock, only another program can have written the vault meanwhile.
    let sealed = std::str::from_utf8(&document)
        .ok()
        .filter(|text| document::seal_digest(text) == Some(&seal))
        .and_then(SealedAccounts::of_toml)
        .ok_or_else(|| {
            Error::new(format!(
                "the vault {} changed while the backup was merged into it",
                ctx.vault_shown()
            ))
            .hint("run the command again (nothing was written)")
        })?;
    let changed = merged.changed(&sealed);
    if !changed.is_empty() || !merged.added.is_empty() {
        ctx.save_document(&key, |out| {
            sealed.merged(&changed, &merged.added).write_to(out)
        })?;
    }
    drop(lock);
    Ok(report)
}

/// Says what the merge did, and the keys written.
fn say(report: &MergeReport, keys: &[WrittenKey]) -> Result<()> {
    let mut summary = format!(
        "Restored: {} added, {} unchanged",
        report.added.len(),
        report.unchanged
    );
    if !report.replaced.is_empty() {
        summary.push_str(&format!(", {} replaced", report.replaced.len()));
    }
    if !report.left_out.is_empty() {
        summary.push_str(&format!(", {} left out", report.left_out.len()));
    }
    output::note(summary);
    for name in &report.added {
        output::line(format!("added      {name}"))?;
    }
    for name in &report.replaced {
        output::line(format!("replaced   {name}"))?;
    }
    for (name, existing) in &report.left_out {
        output::line(format!(
            "left out   {name}  (the backup holds another account that is {existing} too, merged first)"
        ))?;
    }
    for name in &report.kept {
        output::line(format!(
            "different  {name}  (kept the vault's; --replace takes the backup's)"
        ))?;
    }
    for key in keys {
        output::line(format!("wrote      {}", key.private.display()))?;
        output::line(format!("wrote      {}", key.public.display()))?;
    }
    for key in keys {
        if let Some(recovery) = &key.recovery {
            output::line(format!("recover    {}: {recovery}", key.account))?;
        }
    }
    Ok(())
}

/// The service's recovery command run with the restored key alone (`ssh git@bitbucket.org
/// recovery_codes` becomes `ssh -i KEY -o IdentitiesOnly=yes git@bitbucket.org
/// recovery_codes`); a recovery page is returned as it is.
fn recovery_command(recovery: &str, key: &Path) -> String {
    match recovery.strip_prefix("ssh ") {
        Some(rest) => format!(
            "ssh -i {} -o IdentitiesOnly=yes {rest}   (only when locked out: it may replace the saved codes)",
            key.display()
        ),
        None => recovery.to_string(),
    }
}

/// Compares the backup's accounts with the vault's, each side read an account at a time
/// where it was written by mfa-kit: a check of 10,000 accounts holds neither side's model.
fn check(ctx: &Context, backup: Vec<Compared>) -> Result<Outcome> {
    let report = compare_accounts(ctx.account_rows(Compared::of)?, backup);
    for name in &report.missing {
        output::line(format!("missing    {name}  (not in the backup)"))?;
    }
    for name in &report.different {
        output::line(format!(
            "different  {name}  (the backup holds an older or other version)"
        ))?;
    }
    for name in &report.extra {
        output::line(format!(
            "extra      {name}  (in the backup, no longer in the vault)"
        ))?;
    }
    if report.complete() {
        output::line(format!(
            "The backup holds all {} account(s) as the vault has them now.",
            report.same.len()
        ))?;
        Ok(Outcome::Yes)
    } else {
        Ok(Outcome::No)
    }
}

/// Reads, decrypts and parses the backup, without touching the vault.
fn read_backup(ctx: &Context, args: &RestoreArgs) -> Result<Vault> {
    let (plaintext, shown) = backup_document(ctx, args)?;
    parse_backup(&plaintext, &shown)
}

/// What a check compares of each account of the backup: read a table at a time when mfa-kit
/// wrote it, else from the whole model (which also says what is wrong with it).
fn backup_accounts(ctx: &Context, args: &RestoreArgs) -> Result<Vec<Compared>> {
    let (plaintext, shown) = backup_document(ctx, args)?;
    rows_or_whole(&plaintext, Compared::of, || {
        parse_backup(&plaintext, &shown)
    })
}

/// The backup's document, read and decrypted, and how errors name the backup.
fn backup_document(ctx: &Context, args: &RestoreArgs) -> Result<(Zeroizing<Vec<u8>>, String)> {
    let shown = format!("the backup {}", args.file.display());
    let ciphertext = Ciphertext::open(&args.file)?;
    let (head, size, file) = ciphertext.parts();
    let damaged_hint = "use another copy of the backup";
    let plaintext = if crypto::is_passphrase_encrypted(head)
        .map_err(|f| decrypt_failure(&shown, f, damaged_hint))?
    {
        let pass = match ctx.backup_passphrase_file() {
            Some(path) => passphrase::from_file(path)?,
            None => passphrase::prompt("Backup passphrase: ", "the backup")?,
        };
        crypto::decrypt_with_passphrase_from(ciphertext.reader(), head, size, file, &pass).map_err(
            |f| match f {
                DecryptFailure::WrongKey => Error::new(format!("wrong passphrase for {shown}"))
                    .hint("check --backup-passphrase-file (or the passphrase typed)"),
                other => decrypt_failure(&shown, other, damaged_hint),
            },
        )?
    } else {
        let paths: Vec<PathBuf> = if args.identities.is_empty() {
            ctx.identity_paths()
        } else {
            args.identities.clone()
        };
        if paths.is_empty() {
            return Err(Error::new(format!("{shown} is encrypted to recipients"))
                .hint("give the matching identity or SSH private key with -i FILE"));
        }
        let keyrings = paths
            .iter()
            .map(|p| crypto::load_identity_file(p))
            .collect::<Result<Vec<Keyring>>>()?;
        crypto::decrypt_with_keyrings_from(ciphertext.reader(), head, size, file, &keyrings)
            .map(|(plaintext, _)| plaintext)
            .map_err(|f| match f {
                DecryptFailure::WrongKey => match keyrings
                    .iter()
                    .find(|k| k.asks_for_a_passphrase())
                    .filter(|_| !passphrase::terminal_to_ask_on())
                {
                    // Its passphrase could not be asked for: the key was never tried.
                    Some(locked) => passphrase::key_needs_a_terminal(
                        &locked.path,
                        "run the command on a terminal, or give an identity without a passphrase",
                    ),
                    None => Error::new(format!("no identity given opens {shown}"))
                        .hint("give the identity or SSH private key it was encrypted to, with -i"),
                },
                other => decrypt_failure(&shown, other, damaged_hint),
            })?
    };
    // A printed kit's document is gzip-compressed.
    Ok((crypto::document_bytes(plaintext)?, shown))
}

/// A backup's ciphertext: a regular file is read past its header only as it is decrypted
/// (at 10,000 accounts it is megabytes, and the plaintext is as large); standard input, a
/// pipe or a device is read whole first, as it can be read only once.
enum Ciphertext {
    Whole(Vec<u8>),
    Streamed {
        file: std::fs::File,
        head: Vec<u8>,
        size: usize,
    },
}

impl Ciphertext {
    fn open(path: &Path) -> Result<Ciphertext> {
        if path == Path::new("-") {
            let stdin = std::io::stdin().lock();
            return read_all_bounded(stdin, "the backup", "standard input").map(Ciphertext::Whole);
        }
        let regular = std::fs::metadata(path)
            .is_ok_and(|meta| meta.is_file() && meta.len() <= MAX_READ_BYTES);
        if !regular {
            return read_bounded(path, "the backup").map(Ciphertext::Whole);
        }
        let (file, size) = open_regular_file(path, "the backup", MAX_READ_BYTES)?;
        let size = size as usize;
        let head = crypto::read_head(&file, size, path, "the backup")?;
        Ok(Ciphertext::Streamed { file, head, size })
    }

    /// Its first bytes (which hold the header), its length, and the file it is read from.
    fn parts(&self) -> (&[u8], usize, Option<&std::fs::File>) {
        match self {
            Ciphertext::Whole(bytes) => (bytes, bytes.len(), None),
            Ciphertext::Streamed { file, head, size } => (head, *size, Some(file)),
        }
    }

    /// The whole ciphertext, from its first byte.
    fn reader(&self) -> Box<dyn Read + '_> {
        match self {
            Ciphertext::Whole(bytes) => Box::new(&bytes[..]),
            Ciphertext::Streamed { file, head, .. } => Box::new((&head[..]).chain(file)),
        }
    }
}

/// The backup's model, from its decrypted document.
fn parse_backup(plaintext: &[u8], shown: &str) -> Result<Vault> {
    let text = std::str::from_utf8(plaintext)
        .map_err(|_| Error::new(format!("{shown} decrypted to something that is not text")))?;
    Vault::from_toml(text).map_err(|e| {
        Error::new(format!("{shown} decrypted, but {e}")).hint("use another copy of the backup")
    })
}

/// A stored SSH key that restore wrote out, and which record it belongs to.
struct WrittenKey {
    account: String,
    fingerprint: String,
    private: PathBuf,
    public: PathBuf,
    /// How the account's service takes the key for recovery, when it does over SSH.
    recovery: Option<String>,
}

/// Writes the backup's stored SSH private keys into `dir` as `ACCOUNT-FILENAME` (0600) with
/// their `.pub` beside them, never over a file (a key whose file exists is skipped and said
/// so). The folder is created 0700 if missing, as ssh-keygen does for `~/.ssh`.
fn write_ssh_keys(ctx: &Context, dir: &Path, backup: &Vault) -> Result<Vec<WrittenKey>> {
    let mut planned = Vec::new();
    for account in &backup.accounts {
        for key in &account.ssh_keys {
            let Some(text) = &key.private_key else {
                continue;
            };
            let file = Path::new(&key.path)
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_else(|| "key".to_string());
            let safe: String = format!("{}-{file}", account.name)
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let private = dir.join(&safe);
            let public = dir.join(format!("{safe}.pub"));
            ctx.check_out_target(&private, "--ssh-dir")?;
            ctx.check_out_target(&public, "--ssh-dir")?;
            let recovery = ctx
                .services()?
                .find(
                    account.issuer.as_deref(),
                    &account.name,
                    account.label.as_deref(),
                )
                .filter(|s| s.ssh_host.is_some())
                .map(|s| recovery_command(&s.recovery, &canonical_target(&private)));
            planned.push((account.name.clone(), key, text, private, public, recovery));
        }
    }
    if planned.is_empty() {
        output::note("The backup holds no stored SSH key (`mfa-kit ssh add --store` keeps one).");
        return Ok(Vec::new());
    }
    // Created 0700 when only its last folder is missing (`~/.ssh` on a new machine, as
    // ssh-keygen does); a deeper missing path is a mistyped or unmounted one.
    if !dir.is_dir() {
        crate::sys::fs::require_folder(dir)?;
        create_private_dir(dir)?;
    }
    let mut written = Vec::new();
    for (account, key, text, private, public, recovery) in planned {
        if private.exists() || public.exists() {
            output::note(format!(
                "Skipped the key of {account:?}: {} or its .pub exists already (never overwritten).",
                private.display()
            ));
            continue;
        }
        let public_line = inspect_key(text.expose())
            .map(|info| format!("{}\n", info.public_line))
            .map_err(|e| Error::new(format!("the key of {account:?} in the backup: {e}")))?;
        let result = write_private_atomic(&private, text.expose().as_bytes(), Existing::Refuse)
            .and_then(|_| write_private_atomic(&public, public_line.as_bytes(), Existing::Refuse));
        let entry = WrittenKey {
            account,
            fingerprint: key.fingerprint.clone(),
            private: canonical_target(&private),
            public: canonical_target(&public),
            recovery,
        };
        if let Err(e) = result {
            for done in written.iter().chain([&entry]) {
                let _ = std::fs::remove_file(&done.private);
                let _ = std::fs::remove_file(&done.public);
            }
            return Err(e);
        }
        written.push(entry);
    }
    Ok(written)
}

/// Points the records of the keys restore wrote at their new files, on this device.
fn move_key_records(vault: &mut Vault, keys: &[WrittenKey], device: &str) {
    let names = NameIndex::of(&vault.accounts);
    for written in keys {
        let Some(account) = names
            .find(&written.account)
            .map(|at| &mut vault.accounts[at])
        else {
            continue;
        };
        for key in account
            .ssh_keys
            .iter_mut()
            .filter(|k| k.fingerprint == written.fingerprint)
        {
            key.path = written.private.display().to_string();
            key.at = device.to_string();
        }
    }
}
