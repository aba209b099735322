//! `backup`: an age-encrypted copy of the whole vault (the same TOML document, so stock age
//! recovers it), to recipients or a passphrase, written atomically, and recorded in the vault
//! with where it is kept, where its keys live and which version of each account it holds.

use std::path::Path;

use crate::app::{Context, Locked, Unlocked, check_locations, check_out_not_a_key, dedup};
use crate::cli::BackupArgs;
use crate::core::audit::MEMORY;
use crate::core::backup::{add_record, digests, totp_digests};
use crate::core::halves;
use crate::core::vault::{BackupRecord, Vault, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, Key};
use crate::sys::fs::{
    Existing, canonical_target, require_folder, stage_private, write_private_atomic,
};
use crate::sys::{output, passphrase};
use zeroize::Zeroizing;

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
    let KeysAndPlaces {
        at,
        key_at,
        recipient_texts,
        recipients,
    } = keys_and_places(
        ctx,
        args.at.as_ref(),
        &args.key_at,
        args.passphrase,
        &args.recipients,
        &args.recipients_files,
    )?;

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
    write_backup(
        ctx,
        BackupSpec {
            key,
            recipients: recipient_texts,
            passphrase: args.passphrase,
            at,
            key_at,
            threshold: None,
            armor: args.armor,
            compress: false,
            destination: if to_stdout {
                Destination::Stdout
            } else {
                Destination::File(&args.out)
            },
        },
    )?;
    Ok(Outcome::Yes)
}

/// Where a backup is kept and what opens it, from the options `backup` and `kit` share.
pub struct KeysAndPlaces {
    pub at: String,
    pub key_at: Vec<String>,
    pub recipient_texts: Vec<String>,
    pub recipients: Vec<Box<dyn age::Recipient + Send>>,
}

/// `--at` (default: this device), `--key-at` (default: this device; `memory` for a
/// passphrase), and the recipients of `-r` and `-R`, checked.
pub fn keys_and_places(
    ctx: &Context,
    at: Option<&String>,
    key_at: &[String],
    passphrase: bool,
    recipient_args: &[String],
    recipient_files: &[std::path::PathBuf],
) -> Result<KeysAndPlaces> {
    let device = ctx.device()?;
    // In their kept form (`USB Safe` is `usb safe`), as the vault keeps every place: the
    // record written is then the record read back.
    let at = normalize_location(at.unwrap_or(&device));
    let key_at = if passphrase {
        vec![MEMORY.to_string()]
    } else if key_at.is_empty() {
        vec![device]
    } else {
        dedup(
            key_at
                .iter()
                .map(|place| normalize_location(place))
                .collect(),
        )
    };
    check_locations(std::iter::once(&at).chain(&key_at))?;
    let mut recipient_texts = Vec::new();
    let mut recipients = Vec::new();
    for text in recipient_args {
        let recipient = crypto::parse_recipient(text)
            .map_err(|e| Error::new(format!("bad -r: {e}")).hint("check the recipient"))?;
        recipient_texts.push(text.trim().to_string());
        recipients.push(recipient);
    }
    for file in recipient_files {
        for (text, recipient) in crypto::read_recipients_file(file)? {
            recipient_texts.push(text);
            recipients.push(recipient);
        }
    }
    Ok(KeysAndPlaces {
        at,
        key_at,
        recipient_texts,
        recipients,
    })
}

/// Where a backup goes.
pub enum Destination<'a> {
    /// An age file.
    File(&'a Path),
    /// Standard output.
    Stdout,
    /// A printed kit: `render` turns the armored age file into the file's bytes (a PDF of
    /// QR codes); the paper, not the file, is the backup (`paper` in its record).
    Paper {
        file: &'a Path,
        render: &'a RenderPaper<'a>,
    },
}

/// Turns a backup's armored age file into the printed kit's bytes.
pub type RenderPaper<'a> = dyn Fn(&[u8], &Vault) -> Result<Vec<u8>> + 'a;

/// One backup to write: what opens it, where it is kept, where it goes.
pub struct BackupSpec<'a> {
    pub key: Key,
    /// The recipients' texts, as the record keeps them.
    pub recipients: Vec<String>,
    pub passphrase: bool,
    pub at: String,
    /// Where the keys that open it live; with `threshold`, the holders of the shares.
    pub key_at: Vec<String>,
    /// K of a K-of-N key: any K of the `key_at` holders rebuild it.
    pub threshold: Option<u32>,
    pub armor: bool,
    /// gzip the document before encrypting it (a paper backup is smaller in fewer codes).
    pub compress: bool,
    pub destination: Destination<'a>,
}

/// Writes a backup of the whole vault and records it, under the writers' lock: both files are
/// written and synced before either is put in place, and the vault is put back if the backup
/// cannot be. Output files are checked by the caller ([`Context::check_out_target`] and the
/// folder), before any passphrase was asked. Returns how many accounts it holds.
pub fn write_backup(ctx: &Context, spec: BackupSpec) -> Result<usize> {
    let device = ctx.device()?;
    let now = ctx.now();
    let Locked {
        _lock,
        unlocked: Unlocked {
            mut vault,
            key: vault_key,
        },
        document,
    } = ctx.lock()?;
    // Put back if the backup cannot be put in place after the vault was.
    let old_vault = ctx.vault_file_bytes()?;
    let out_file = match &spec.destination {
        Destination::File(path) | Destination::Paper { file: path, .. } => {
            check_out_not_a_key(&vault, path, "--out")?;
            Some(*path)
        }
        Destination::Stdout => None,
    };
    // A backup file is the document the vault was just read from, as it is: the same vault
    // (its digests below are of the model read from it), not written out a second time. A
    // printed kit holds the vault written anew, comments and all else it does not need left
    // out: paper holds little. The digests of what it holds are taken on the other core
    // meanwhile.
    let (ciphertext, (accounts, totp)) = halves::join_if(
        vault.accounts.len() >= halves::ACCOUNTS,
        || {
            if spec.compress {
                let compressed = Zeroizing::new(gzip(vault.to_toml().as_bytes())?);
                crypto::encrypt(&compressed, &spec.key, spec.armor)
            } else {
                crypto::encrypt(&document, &spec.key, spec.armor)
            }
        },
        || (digests(&vault), totp_digests(&vault)),
    );
    let ciphertext = ciphertext?;
    drop(document);
    let (written, ciphertext_for_paper) = match &spec.destination {
        Destination::Paper { render, .. } => (render(&ciphertext, &vault)?, ciphertext),
        _ => (ciphertext, Vec::new()),
    };
    let file = match out_file {
        Some(path) => canonical_target(path).display().to_string(),
        None => "-".to_string(),
    };
    let record = BackupRecord {
        created: now,
        file: file.clone(),
        written_on: device,
        at: spec.at.clone(),
        passphrase: spec.passphrase,
        recipients: spec.recipients,
        key_at: spec.key_at.clone(),
        accounts,
        totp,
        // A printed kit's digest is of the age file its codes hold (what a drill is given
        // after scanning it back), not of the PDF.
        sha256: out_file.map(|_| {
            sha256_hex(if matches!(spec.destination, Destination::Paper { .. }) {
                &ciphertext_for_paper
            } else {
                &written
            })
        }),
        gone: None,
        drilled: None,
        paper: matches!(spec.destination, Destination::Paper { .. }),
        threshold: spec.threshold,
    };
    let count = record.accounts.len();
    add_record(&mut vault, record);
    // The vault goes first: if the backup file then cannot be put in place, the vault is put
    // back as it was; a crash between the two leaves a record whose file does not match its
    // digest, which the audit does not count.
    let staged_vault = ctx.stage(&vault, &vault_key, Existing::Replace)?;
    match out_file {
        None => {
            // A closed pipe means the backup never arrived: that is a failure here.
            output::bytes(&written).map_err(|e| {
                if e.kind() == crate::error::ErrorKind::BrokenPipe {
                    Error::new("standard output was closed before the backup was written")
                        .hint("check the command reading it")
                } else {
                    e
                }
            })?;
            staged_vault.commit()?;
        }
        Some(path) => {
            let staged_backup = stage_private(path, &written, Existing::Replace)?;
            staged_vault.commit()?;
            if let Err(e) = staged_backup.commit() {
                write_private_atomic(&ctx.vault_path, &old_vault, Existing::Replace).map_err(
                    |_| {
                        Error::new(format!(
                            "{}; the vault records a backup that was not written",
                            e.message()
                        ))
                        .hint("run the backup again once the problem is fixed")
                    },
                )?;
                return Err(e);
            }
        }
    }
    let opened_by = match spec.threshold {
        Some(k) => format!("any {k} of the shares held at {}", spec.key_at.join(", ")),
        None => format!("a key at {}", spec.key_at.join(" or ")),
    };
    output::note(format!(
        "Wrote a backup of {count} account(s) to {file}, kept at {}, opened by {opened_by}.",
        spec.at
    ));
    vault.wipe_and_leave();
    Ok(count)
}

/// The gzip of `bytes` (what `gunzip` undoes), for a paper backup.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .map_err(|e| Error::new(format!("cannot compress the backup: {e}")))
}

/// The SHA-256 of a backup file's bytes, in hex, as its record keeps it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    data_encoding::HEXLOWER.encode(&Sha256::digest(bytes))
}

/// The passphrase for a backup being written: --backup-passphrase-file, else the vault's
/// passphrase file, else asked twice on the terminal.
fn backup_passphrase(ctx: &Context) -> Result<age::secrecy::SecretString> {
    match ctx.backup_passphrase_file() {
        Some(path) => passphrase::from_file(path),
        None => passphrase::prompt_new("the backup", "backup --passphrase"),
    }
}
