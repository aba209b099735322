//! `backup`: an age-encrypted copy of the whole vault (the same TOML document, so stock age
//! recovers it), to recipients or a passphrase, written atomically, and recorded in the vault
//! with where it is kept, where its keys live and which version of each account it holds.

use std::path::Path;

use crate::app::{Context, check_locations, dedup};
use crate::cli::BackupArgs;
use crate::core::audit::MEMORY;
use crate::core::backup::{add_record, digests};
use crate::core::vault::BackupRecord;
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, Key};
use crate::sys::fs::{Existing, write_private_atomic};
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
    let key = if args.passphrase {
        Key::Passphrase(backup_passphrase(ctx)?)
    } else {
        Key::Recipients(recipients)
    };
    let file = if to_stdout {
        "-".to_string()
    } else {
        std::path::absolute(&args.out)
            .unwrap_or_else(|_| args.out.clone())
            .display()
            .to_string()
    };
    let now = ctx.now();
    let count = ctx.update(|vault| {
        let plaintext = vault.to_toml();
        let ciphertext = crypto::encrypt(plaintext.as_bytes(), &key, args.armor)?;
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
        } else {
            write_private_atomic(&args.out, &ciphertext, Existing::Replace)?;
        }
        let record = BackupRecord {
            created: now,
            file: file.clone(),
            written_on: device.clone(),
            at: at.clone(),
            passphrase: args.passphrase,
            recipients: recipient_texts.clone(),
            key_at: key_at.clone(),
            accounts: digests(vault),
        };
        let count = record.accounts.len();
        add_record(vault, record);
        Ok(count)
    })?;
    output::note(format!(
        "Wrote a backup of {count} account(s) to {file}, kept at {at}, opened by a key at {}.",
        key_at.join(" or ")
    ));
    Ok(Outcome::Yes)
}

/// The passphrase for a backup being written: --backup-passphrase-file, else the vault's
/// passphrase file, else asked twice on the terminal.
fn backup_passphrase(ctx: &Context) -> Result<age::secrecy::SecretString> {
    match ctx.backup_passphrase_file() {
        Some(path) => passphrase::from_file(path),
        None => passphrase::prompt_new("the backup", "backup --passphrase"),
    }
}
