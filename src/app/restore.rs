//! `restore FILE`: decrypts a backup (identity files, SSH private keys or a passphrase) and
//! merges it into the vault, or with `--check` only compares it with the vault by content.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::app::{Context, decrypt_failure};
use crate::cli::RestoreArgs;
use crate::core::backup::{compare, merge};
use crate::core::vault::Vault;
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, DecryptFailure, Keyring};
use crate::sys::fs::{Existing, read_all_bounded, read_bounded, write_private_atomic};
use crate::sys::{output, passphrase};

pub fn run(ctx: &Context, args: RestoreArgs) -> Result<Outcome> {
    let backup = read_backup(ctx, &args)?;
    if args.check {
        return check(ctx, &backup);
    }
    let incoming_keys: Vec<(String, String, zeroize::Zeroizing<String>)> = backup
        .accounts
        .iter()
        .flat_map(|a| {
            a.ssh_keys.iter().filter_map(|k| {
                k.private_key.as_ref().map(|p| {
                    let file = Path::new(&k.path)
                        .file_name()
                        .map(|f| f.to_string_lossy().to_string())
                        .unwrap_or_else(|| "key".to_string());
                    (
                        a.name.clone(),
                        file,
                        zeroize::Zeroizing::new(p.expose().to_string()),
                    )
                })
            })
        })
        .collect();
    let report = ctx.update(|vault| Ok(merge(vault, backup, args.replace)))?;
    let mut summary = format!(
        "Restored: {} added, {} unchanged",
        report.added.len(),
        report.unchanged.len()
    );
    if !report.replaced.is_empty() {
        summary.push_str(&format!(", {} replaced", report.replaced.len()));
    }
    output::note(summary);
    for name in &report.added {
        output::line(format!("added      {name}"))?;
    }
    for name in &report.replaced {
        output::line(format!("replaced   {name}"))?;
    }
    for name in &report.kept {
        output::line(format!(
            "different  {name}  (kept the vault's; --replace takes the backup's)"
        ))?;
    }
    if let Some(dir) = &args.ssh_dir {
        write_ssh_keys(dir, &incoming_keys)?;
    }
    Ok(Outcome::Yes)
}

fn check(ctx: &Context, backup: &Vault) -> Result<Outcome> {
    let unlocked = ctx.open()?;
    let report = compare(&unlocked.vault, backup);
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
    let shown = format!("the backup {}", args.file.display());
    let ciphertext = if args.file == Path::new("-") {
        read_all_bounded(
            std::io::stdin().lock().by_ref(),
            "the backup",
            "standard input",
        )?
    } else {
        read_bounded(&args.file, "the backup")?
    };
    let damaged_hint = "use another copy of the backup";
    let plaintext = if crypto::is_passphrase_encrypted(&ciphertext)
        .map_err(|f| decrypt_failure(&shown, f, damaged_hint))?
    {
        let pass = match ctx.backup_passphrase_file() {
            Some(path) => passphrase::from_file(path)?,
            None => passphrase::prompt("Backup passphrase: ", "the backup")?,
        };
        crypto::decrypt_with_passphrase(&ciphertext, &pass).map_err(|f| match f {
            DecryptFailure::WrongKey => Error::new(format!("wrong passphrase for {shown}"))
                .hint("check --backup-passphrase-file (or the passphrase typed)"),
            other => decrypt_failure(&shown, other, damaged_hint),
        })?
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
        crypto::decrypt_with_keyrings(&ciphertext, &keyrings)
            .map(|(plaintext, _)| plaintext)
            .map_err(|f| match f {
                DecryptFailure::WrongKey => Error::new(format!("no identity given opens {shown}"))
                    .hint("give the identity or SSH private key it was encrypted to, with -i"),
                other => decrypt_failure(&shown, other, damaged_hint),
            })?
    };
    let text = std::str::from_utf8(&plaintext)
        .map_err(|_| Error::new(format!("{shown} decrypted to something that is not text")))?;
    Vault::from_toml(text).map_err(|e| {
        Error::new(format!("{shown} decrypted, but {e}")).hint("use another copy of the backup")
    })
}

/// Writes stored SSH private keys into `dir` as `ACCOUNT-FILENAME`, 0600, never over a file.
fn write_ssh_keys(dir: &Path, keys: &[(String, String, zeroize::Zeroizing<String>)]) -> Result<()> {
    for (account, file, text) in keys {
        let safe: String = format!("{account}-{file}")
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(safe);
        match write_private_atomic(&path, text.as_bytes(), Existing::Refuse) {
            Ok(()) => output::line(format!("wrote      {}", path.display()))?,
            Err(e) => output::note(format!("Skipped the key of {account:?}: {e}")),
        }
    }
    Ok(())
}
