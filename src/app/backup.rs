//! `backup`: an age-encrypted copy of the whole vault (the same TOML document, so stock age
//! recovers it), to recipients or a passphrase, written atomically, and recorded in the vault
//! with where it is kept, where its keys live and which version of each account it holds.

use std::path::Path;

use crate::app::{Context, Locked, Unlocked, check_locations, check_out_not_a_key, dedup};
use crate::cli::BackupArgs;
use crate::core::audit::MEMORY;
use crate::core::backup::{add_record, digests, totp_digests};
use crate::core::vault::BackupRecord;
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, Key};
use crate::sys::fs::{
    Existing, canonical_target, require_folder, stage_private, write_private_atomic,
};
use crate::sys::{output, passphrase};

pub fn run(ctx: &Context, args: BackupArgs) -> Result<Outcome> {
    let has_recipients = !args.recipients.is_empty() || !args.recipients_files.is_empty();
    if args.passphrase && has_recipients {
        return Err(
            Error::new("age cannot mix a passphrase with recipients in one file")
                .hint("give either --passphrase or -r/-R, and make a second backup for the other"),
        );
    }
    if !args.passphrase && !has_recipients {
        return Err(Error::new("backup needs a key to encrypt to")
            .hint("give -r RECIPIENT, -R RECIPIENTS_FILE or --passphrase"));
    }
    if args.passphrase && !args.key_at.is_empty() {
        return Err(
            Error::new("a passphrase lives in memory; --key-at is for recipients' keys")
                .hint("drop --key-at"),
        );
    }
    let device = ctx.device()?;
    let at = args.at.clone().unwrap_or_else(|| device.clone());
    let key_at = if args.passphrase {
        vec![MEMORY.to_string()]
    } else if args.key_at.is_empty() {
        vec![device.clone()]
    } else {
        dedup(args.key_at.clone())
    };
    check_locations(std::iter::once(&at).chain(&key_at))?;

    let mut recipient_texts = Vec::new();
    let mut recipients = Vec::new();
    for text in &args.recipients {
        let recipient = crypto::parse_recipient(text)
            .map_err(|e| Error::new(format!("bad -r: {e}")).hint("check the recipient"))?;
        recipient_texts.push(text.trim().to_string());
        recipients.push(recipient);
    }
    for file in &args.recipients_files {
        for (text, recipient) in crypto::read_recipients_file(file)? {
            recipient_texts.push(text);
            recipients.push(recipient);
        }
    }

    let to_stdout = args.out == Path::new("-");
    if to_stdout && !args.armor && output::stdout_is_terminal() {
        return Err(
            Error::new("refusing to write a binary age file to the terminal")
                .hint("redirect standard output, or add --armor"),
        );
    }
    if !to_stdout {
        ctx.check_out_target(&args.out, "--out")?;
        // Nor the files this backup is made from: its recipients.
        for file in &args.recipients_files {
            if canonical_target(file) == canonical_target(&args.out) {
                return Err(Error::new(format!(
                    "--out {} is a recipients file of this backup; writing there would replace it",
                    args.out.display()
                ))
                .hint("give --out another file"));
            }
        }
        require_folder(&args.out)?;
    }
    let key = if args.passphrase {
        Key::Passphrase(backup_passphrase(ctx)?)
    } else {
        Key::Recipients(recipients)
    };
    let file = if to_stdout {
        "-".to_string()
    } else {
        canonical_target(&args.out).display().to_string()
    };
    let now = ctx.now();
    let Locked {
        _lock,
        unlocked: Unlocked {
            mut vault,
            key: vault_key,
        },
        ciphertext: old_vault,
    } = ctx.lock()?;
    if !to_stdout {
        check_out_not_a_key(&vault, &args.out, "--out")?;
    }
    let plaintext = vault.to_toml();
    let ciphertext = crypto::encrypt(plaintext.as_bytes(), &key, args.armor)?;
    drop(plaintext);
    let record = BackupRecord {
        created: now,
        file: file.clone(),
        written_on: device.clone(),
        at: at.clone(),
        passphrase: args.passphrase,
        recipients: recipient_texts,
        key_at: key_at.clone(),
        accounts: digests(&vault),
        totp: totp_digests(&vault),
        sha256: (!to_stdout).then(|| sha256_hex(&ciphertext)),
        gone: None,
        drilled: None,
    };
    let count = record.accounts.len();
    add_record(&mut vault, record);
    // Both files are written and synced before either is put in place, so a full disk fails
    // the backup with nothing replaced. The vault goes first: if the backup file then cannot
    // be put in place, the vault is put back as it was; a crash between the two leaves a
    // record whose file does not match its digest, which the audit does not count.
    let staged_vault = ctx.stage(&vault, &vault_key, Existing::Replace)?;
    if to_stdout {
        // A closed pipe means the backup never arrived: that is a failure here.
        output::bytes(&ciphertext).map_err(|e| {
            if e.kind() == crate::error::ErrorKind::BrokenPipe {
                Error::new("standard output was closed before the backup was written")
                    .hint("check the command reading it")
            } else {
                e
            }
        })?;
        staged_vault.commit()?;
    } else {
        let staged_backup = stage_private(&args.out, &ciphertext, Existing::Replace)?;
        staged_vault.commit()?;
        if let Err(e) = staged_backup.commit() {
            write_private_atomic(&ctx.vault_path, &old_vault, Existing::Replace).map_err(|_| {
                Error::new(format!(
                    "{}; the vault records a backup that was not written",
                    e.message()
                ))
                .hint("run the backup again once the problem is fixed")
            })?;
            return Err(e);
        }
    }
    output::note(format!(
        "Wrote a backup of {count} account(s) to {file}, kept at {at}, opened by a key at {}.",
        key_at.join(" or ")
    ));
    Ok(Outcome::Yes)
}

/// The SHA-256 of a backup file's bytes, in hex, as its record keeps it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The passphrase for a backup being written: --backup-passphrase-file, else the vault's
/// passphrase file, else asked twice on the terminal.
fn backup_passphrase(ctx: &Context) -> Result<age::secrecy::SecretString> {
    match ctx.backup_passphrase_file() {
        Some(path) => passphrase::from_file(path),
        None => passphrase::prompt_new("the backup", "backup --passphrase"),
    }
}
