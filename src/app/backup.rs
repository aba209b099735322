//! `backup`: an age-encrypted copy of the whole vault (the same TOML document, so stock age
//! recovers it), to recipients or a passphrase, written atomically, and recorded in the vault
//! with where it is kept, where its keys live and which version of each account it holds.

use std::path::Path;

use std::collections::BTreeMap;

use crate::app::{
    Context, KeyFilesCheck, LockedDocument, Unlocked, VaultKey, check_locations,
    check_out_not_a_key, dedup,
};
use crate::cli::BackupArgs;
use crate::core::audit::MEMORY;
use crate::core::backup::{MAX_BACKUP_RECORDS, add_record, digests, totp_digests};
use crate::core::document;
use crate::core::halves;
use crate::core::kit;
use crate::core::material::{AccountDigests, sealed_material};
use crate::core::vault::{BackupRecord, Vault, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, Key};
use crate::sys::fs::{
    Existing, Staged, canonical_target, drop_cached_pages, drop_cached_pages_at, require_folder,
    stage_private, stage_private_with,
};
use crate::sys::{allocator, output, passphrase};
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
    // The backup would be thrown away, yet recorded as kept where --at says: the audit would
    // count a backup that is nowhere.
    if to_stdout && output::stdout_keeps_nothing() {
        return Err(Error::new(
            "standard output keeps nothing (it is /dev/null or another memory device, closed, or open only for reading): the backup would be lost, yet recorded in the vault",
        )
        .hint("redirect standard output to a file, or give --out FILE"));
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
    pub recipients: Vec<crypto::AnyRecipient>,
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
        /// Refuses an armored age file of so many bytes that no kit holds it: asked before
        /// the vault is read into its model.
        fits: &'a dyn Fn(usize) -> Result<()>,
    },
}

impl Destination<'_> {
    /// The file written, if any.
    fn file(&self) -> Option<&Path> {
        match self {
            Destination::File(path) | Destination::Paper { file: path, .. } => Some(path),
            Destination::Stdout => None,
        }
    }
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
    // The vault is decrypted into large buffers, freed before the record's digests are held:
    // glibc would otherwise raise its threshold to their size, and keep what is freed for its
    // heaps. A backup of 10,000 accounts to a new file (two records held already) peaked at
    // 19.4 MiB so, 18.5 with each large buffer mapped apart, no slower.
    allocator::large_buffers_apart();
    let device = ctx.device()?;
    let now = ctx.now();
    let LockedDocument {
        lock: _lock,
        document,
        key: vault_key,
    } = ctx.lock_document()?;
    let out_file = spec.destination.file();
    // Put back if the backup cannot be put in place after the vault was: kept open, the old
    // file's bytes outlive its name being given to the new vault, and are read only then.
    let old_vault = match out_file {
        Some(_) => Some(ctx.vault_file_handle()?),
        None => None,
    };
    let file = match out_file {
        Some(path) => canonical_target(path).display().to_string(),
        None => "-".to_string(),
    };
    let mut record = BackupRecord {
        created: now,
        file: file.clone(),
        written_on: device,
        at: spec.at.clone(),
        passphrase: spec.passphrase,
        recipients: spec.recipients.clone(),
        key_at: spec.key_at.clone(),
        accounts: BTreeMap::new(),
        totp: BTreeMap::new(),
        sha256: None,
        gone: None,
        drilled: None,
        paper: matches!(spec.destination, Destination::Paper { .. }),
        threshold: spec.threshold,
    };
    // A backup file is the document the vault was just read from, as it is (unless printed or
    // compressed): it needs nothing else, so it is begun at once on a thread of its own while
    // the document's tables are found and checked. A document as mfa-kit wrote it is then
    // recorded in without a model of the vault ever being built.
    let as_it_is = match (&spec.destination, spec.compress) {
        (Destination::File(path), false) => Some(Some(*path)),
        (Destination::Stdout, false) => Some(None),
        _ => None,
    };
    let (written, staged_vault, count) = std::thread::scope(|scope| {
        let backup = as_it_is.map(|file| {
            let (key, armor, document) = (&spec.key, spec.armor, &document[..]);
            halves::later(scope, move || write_document(file, key, armor, document))
        });
        let tables = backup.as_ref().and_then(|_| {
            std::str::from_utf8(&document)
                .ok()
                .and_then(document::account_tables)
        });
        let recorded = match (tables, backup) {
            (Some(tables), Some(backup)) => record_without_model(
                ctx,
                &spec,
                &tables,
                &vault_key,
                &mut record,
                backup,
                old_vault.as_ref(),
            )?,
            // Taken once the model has judged the vault and --out: its refusal is said
            // first, as when nothing was begun.
            (_, backup) => Recorded::NeedsModel(backup.map(Backup::Begun)),
        };
        match recorded {
            Recorded::Staged(written, staged, count) => Ok((written, staged, count)),
            Recorded::NeedsModel(backup) => {
                let paper = paper_without_model(&spec, &document)?;
                record_in_model(ctx, &spec, &document, vault_key, &mut record, backup, paper)
            }
        }
    })?;
    // The document is wiped and freed, and the record's 20,000 strings freed, on the other
    // core while the files are put in place, which mostly waits for the disk.
    let (put, ()) = halves::join(
        || put_in_place(ctx, written, staged_vault, old_vault),
        move || {
            drop(document);
            drop(record);
        },
    );
    put?;
    let opened_by = match spec.threshold {
        Some(k) => format!("any {k} of the shares held at {}", spec.key_at.join(", ")),
        None => format!("a key at {}", spec.key_at.join(" or ")),
    };
    output::note(format!(
        "Wrote a backup of {count} account(s) to {file}, kept at {}, opened by {opened_by}.",
        spec.at
    ));
    Ok(count)
}

/// The paper backup of a document as mfa-kit wrote it: the document as it is (as a backup
/// file holds it; the model would write the very same text), gzip-compressed and encrypted,
/// so that a vault too large for paper is refused by the size of what would be printed
/// before its model is built. `None` for any other document, and for a backup that is not
/// a printed kit.
fn paper_without_model(spec: &BackupSpec, document: &[u8]) -> Result<Option<Vec<u8>>> {
    let Destination::Paper { fits, .. } = &spec.destination else {
        return Ok(None);
    };
    // Its header too as mfa-kit writes it: comments above the version line, kept in a seal
    // made by hand, would be printed where the model leaves them out.
    let sealed = std::str::from_utf8(document)
        .ok()
        .and_then(document::account_tables)
        .is_some_and(|tables| tables.header_as_written());
    if !spec.compress || !sealed {
        return Ok(None);
    }
    // Compressed and encrypted as it streams: only as much of the age file is kept as a kit
    // can hold, and the rest counted.
    let kept = KeptUpTo {
        kept: Vec::new(),
        most: kit::most_armored_bytes(),
        count: 0,
    };
    let kept = crypto::encrypt_into(kept, &spec.key, spec.armor, |out| {
        let mut gzip = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        std::io::Write::write_all(&mut gzip, document)?;
        gzip.finish().map(drop)
    })
    .map_err(crypto::EncryptFailure::into_error)?;
    fits(kept.count)?;
    debug_assert_eq!(
        kept.kept.len(),
        kept.count,
        "a file a kit holds is kept whole"
    );
    Ok(Some(kept.kept))
}

/// Keeps what is written to it up to `most` bytes, and counts all of it.
struct KeptUpTo {
    kept: Vec<u8>,
    most: usize,
    count: usize,
}

impl std::io::Write for KeptUpTo {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = self.most.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&bytes[..room.min(bytes.len())]);
        self.count += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What [`record_without_model`] did.
enum Recorded<'s> {
    /// The backup is written and the vault with its record staged.
    Staged(Written, Staged, usize),
    /// The record needs the model (and the backup is written or begun, if it is here).
    NeedsModel(Option<Backup<'s>>),
}

/// A backup file of the document as it is: written, or begun on a thread of its own.
enum Backup<'s> {
    Written(Written),
    Begun(halves::Later<'s, Result<Written>>),
}

impl Backup<'_> {
    /// The backup written, once it is.
    fn take(self) -> Result<Written> {
        match self {
            Backup::Written(written) => Ok(written),
            Backup::Begun(begun) => begun.take(),
        }
    }
}

/// Takes the backup of a document as mfa-kit wrote it (`tables`), begun on a thread of its
/// own, and stages the vault with its `record`, without a model of the vault: the digests of
/// its accounts are read from their tables here (each SSH key file compared with the backup's
/// file as it comes), while the vault is written with the record added on a third thread,
/// its lines above the record first, the record then once its digests are known. Where a
/// table is not as that reader takes it, or does not pass the model's checks, or the records
/// are at their most, the model is needed after all (and says what is wrong). `old_vault` is
/// the vault file the staged one will replace.
fn record_without_model<'s>(
    ctx: &Context,
    spec: &BackupSpec,
    tables: &document::AccountTables,
    vault_key: &VaultKey,
    record: &mut BackupRecord,
    backup: halves::Later<'s, Result<Written>>,
    old_vault: Option<&std::fs::File>,
) -> Result<Recorded<'s>> {
    let out_file = spec.destination.file();
    let (file, at) = (record.file.clone(), record.at.clone());
    // The record, once its digests are known, handed to the vault's writer as it takes it:
    // never left in a channel the writer no longer reads (it leaves when the record cannot
    // be added here, or its writing failed), but given back to be recorded by the model.
    let (give_record, record_given) = std::sync::mpsc::sync_channel::<NewRecord>(0);
    let encryption = vault_key.encryption_key()?;
    let vault_path = ctx.vault_path.as_path();
    std::thread::scope(|scope| {
        let vault = std::thread::Builder::new().spawn_scoped(scope, || {
            stage_with_record(vault_path, encryption, tables, (&file, &at), record_given)
        });
        // Each SSH key file compared with --out as it is read (a check for each half of the
        // tables); the first in the document's order that is it said.
        let checks = || {
            (
                out_file.map(|path| KeyFilesCheck::new(path, "--out")),
                Ok(()),
            )
        };
        let material = sealed_material(tables, checks, |(check, checked), account, key_path| {
            if let (Some(check), Ok(())) = (check, &*checked) {
                *checked = check.key(account, key_path);
            }
        })
        .map(|(material, [(_, first), (_, second)])| (material, first.and(second)));
        let written = backup.take()?;
        let Some((material, checked)) = material else {
            return Ok(Recorded::NeedsModel(Some(Backup::Written(written))));
        };
        checked?;
        let digests = material.digests;
        let count = digests.len();
        record.sha256 = written.sha256();
        // Where no thread could be started, the vault is written here, as it would have been.
        let Ok(vault) = vault else {
            return Ok(match tables.with_record(&file, &at, MAX_BACKUP_RECORDS) {
                Some(with_record) => {
                    let staged = ctx.stage_document(vault_key, Existing::Replace, |out| {
                        with_record.write_to(out, record, &digests)
                    })?;
                    Recorded::Staged(written, staged, count)
                }
                None => Recorded::NeedsModel(Some(Backup::Written(written))),
            });
        };
        // The writer has left when the record is not to be added here, or its writing
        // failed: the record is given back.
        let sent = give_record.send((std::mem::take(record), digests));
        if let Err(std::sync::mpsc::SendError((unsent, _))) = sent {
            *record = unsent;
        }
        drop(give_record);
        // While the vault's writer writes the record and syncs, this thread would only wait:
        // the cached pages of the two files about to be replaced are dropped meanwhile, so
        // that freeing them costs less at the end (see `drop_cached_pages`).
        if let Some(old_vault) = old_vault {
            drop_cached_pages(old_vault);
        }
        if let Some(path) = out_file {
            drop_cached_pages_at(&canonical_target(path));
        }
        let staged = vault
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok(match staged {
            VaultStaged::NotHere => Recorded::NeedsModel(Some(Backup::Written(written))),
            VaultStaged::Written(staged, given) => {
                if let Some(given) = given {
                    *record = *given;
                }
                Recorded::Staged(written, staged?, count)
            }
        })
    })
}

/// A new record, its maps of digests left empty, and the digests it is written with, read
/// from the account tables (see [`AccountDigests`]).
type NewRecord = (BackupRecord, Vec<AccountDigests>);

/// What [`stage_with_record`] did.
enum VaultStaged {
    /// The record cannot be added to the document as it is written: the model is needed.
    NotHere,
    /// The vault staged with the record, or why not (a write failed, or the record was not
    /// given); the record given, to go back to the caller.
    Written(Result<Staged>, Option<Box<BackupRecord>>),
}

/// The vault staged with the record of the backup `file` kept at `at` (a thread of
/// [`record_without_model`]): the lines above the record are written, then the record, once
/// `given`, and the rest.
fn stage_with_record(
    vault_path: &Path,
    key: Key,
    tables: &document::AccountTables,
    (file, at): (&str, &str),
    given: std::sync::mpsc::Receiver<NewRecord>,
) -> VaultStaged {
    let Some(with_record) = tables.with_record(file, at, MAX_BACKUP_RECORDS) else {
        return VaultStaged::NotHere;
    };
    let mut record = None;
    let staged =
        crypto::stage_encrypted(vault_path, Existing::Replace, &key, false, false, |out| {
            let seal = with_record.write_above(out)?;
            let (given, digests) = given
                .recv()
                .map_err(|_| std::io::Error::other("the record was not given"))?;
            let written = with_record.write_record(out, seal, &given, &digests);
            record = Some(Box::new(given));
            written
        })
        .map(|(staged, _)| staged);
    VaultStaged::Written(staged, record)
}

/// Writes the backup (unless it is `written` already) and stages the vault with its `record`,
/// the vault read into its model: a document not as mfa-kit wrote it, and a printed kit, which
/// holds the vault written anew, comments and all else it does not need left out (paper holds
/// little). The digests of the accounts are taken on the other core meanwhile.
fn record_in_model(
    ctx: &Context,
    spec: &BackupSpec,
    document: &[u8],
    vault_key: VaultKey,
    record: &mut BackupRecord,
    backup: Option<Backup>,
    paper: Option<Vec<u8>>,
) -> Result<(Written, Staged, usize)> {
    let Unlocked { mut vault, key } = ctx.parse(document, vault_key)?;
    if let Some(path) = spec.destination.file() {
        check_out_not_a_key(&vault, path, "--out")?;
    }
    let (written, (accounts, totp)) = halves::join_if(
        vault.accounts.len() >= halves::ACCOUNTS,
        || match backup {
            Some(backup) => backup.take(),
            None => write_model(spec, document, &vault, paper),
        },
        || (digests(&vault), totp_digests(&vault)),
    );
    let written = written?;
    record.accounts = accounts;
    record.totp = totp;
    record.sha256 = written.sha256();
    add_record(&mut vault, record.clone());
    let staged = ctx.stage(&vault, &key, Existing::Replace)?;
    vault.wipe_and_leave();
    Ok((written, staged, record.accounts.len()))
}

/// The backup of `vault` (read from `document`), written as [`record_in_model`] writes it: a
/// paper backup's age file is `paper` where it was made already ([`paper_without_model`]).
fn write_model(
    spec: &BackupSpec,
    document: &[u8],
    vault: &Vault,
    paper: Option<Vec<u8>>,
) -> Result<Written> {
    let ciphertext = if let Some(ciphertext) = paper {
        ciphertext
    } else if spec.compress {
        let compressed = Zeroizing::new(gzip(vault.to_toml().as_bytes())?);
        crypto::encrypt(&compressed, &spec.key, spec.armor)?
    } else {
        crypto::encrypt(document, &spec.key, spec.armor)?
    };
    match &spec.destination {
        // A printed kit's digest is of the age file its codes hold (what a drill is given
        // after scanning it back), not of the PDF.
        Destination::Paper { render, file, .. } => {
            let sha256 = sha256_hex(&ciphertext);
            let pdf = render(&ciphertext, vault)?;
            Ok(Written::File(
                stage_private(file, &pdf, Existing::Replace)?,
                sha256,
            ))
        }
        Destination::File(path) => Ok(Written::File(
            stage_private(path, &ciphertext, Existing::Replace)?,
            sha256_hex(&ciphertext),
        )),
        Destination::Stdout => Ok(Written::Stdout(ciphertext)),
    }
}

/// A backup written, not yet in place.
enum Written {
    /// Staged beside its file, with the SHA-256 (hex) of the age file.
    File(Staged, String),
    /// For standard output, once the vault is staged.
    Stdout(Vec<u8>),
}

impl Written {
    fn sha256(&self) -> Option<String> {
        match self {
            Written::File(_, sha256) => Some(sha256.clone()),
            Written::Stdout(_) => None,
        }
    }
}

/// The document, encrypted to `key`, staged beside the backup's `file` (streamed through age
/// into it, never held whole) or, without one, held for standard output.
fn write_document(file: Option<&Path>, key: &Key, armor: bool, document: &[u8]) -> Result<Written> {
    match file {
        Some(path) => {
            let (staged, sha256) =
                crypto::stage_encrypted(path, Existing::Replace, key, armor, true, |writer| {
                    writer.write_all(document)
                })?;
            Ok(Written::File(staged, sha256.expect("asked for")))
        }
        None => Ok(Written::Stdout(crypto::encrypt(document, key, armor)?)),
    }
}

/// Puts the staged vault in place, then the backup (or writes it to standard output); the
/// vault is put back as it was (`old_vault`) if the backup's file cannot be put in place. A
/// crash between the two leaves a record whose file does not match its digest, which the
/// audit does not count.
fn put_in_place(
    ctx: &Context,
    written: Written,
    staged_vault: Staged,
    old_vault: Option<std::fs::File>,
) -> Result<()> {
    match written {
        Written::Stdout(bytes) => {
            // A closed pipe means the backup never arrived: that is a failure here.
            output::bytes(&bytes).map_err(|e| {
                if e.kind() == crate::error::ErrorKind::BrokenPipe {
                    Error::new("standard output was closed before the backup was written")
                        .hint("check the command reading it")
                } else {
                    e
                }
            })?;
            staged_vault.commit()
        }
        Written::File(staged_backup, _) => {
            staged_vault.commit()?;
            if let Err(e) = staged_backup.commit() {
                put_back(&ctx.vault_path, old_vault).map_err(|_| {
                    Error::new(format!(
                        "{}; the vault records a backup that was not written",
                        e.message()
                    ))
                    .hint("run the backup again once the problem is fixed")
                })?;
                return Err(e);
            }
            Ok(())
        }
    }
}

/// Puts the vault file that `old` is still open on back at `path`, as it was.
fn put_back(path: &Path, old: Option<std::fs::File>) -> Result<()> {
    use std::io::Seek;
    let mut old = old.ok_or_else(|| Error::new("the old vault was not kept open"))?;
    stage_private_with(path, Existing::Replace, |staged| {
        old.rewind()?;
        std::io::copy(&mut old, staged).map(|_| ())
    })?
    .commit()
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

/// [`sha256_hex`] of what `reader` reads to its end, never held whole.
pub fn sha256_hex_of(mut reader: impl std::io::Read) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    std::io::copy(&mut reader, &mut hasher)?;
    Ok(data_encoding::HEXLOWER.encode(&hasher.finalize()))
}

/// The passphrase for a backup being written: --backup-passphrase-file, else the vault's
/// passphrase file, else asked twice on the terminal.
fn backup_passphrase(ctx: &Context) -> Result<age::secrecy::SecretString> {
    match ctx.backup_passphrase_file() {
        Some(path) => passphrase::from_file(path),
        None => passphrase::prompt_new("the backup", "backup --passphrase"),
    }
}
