//! `import FILE [--from FORMAT]`: accounts from another authenticator's export, its format
//! named or found from its content (and then said). An encrypted export (Aegis, 2FAS, andOTP)
//! is opened with the password from --backup-passphrase-file, else typed; its key-derivation
//! parameters are checked before the password is even asked for. Existing names and entries
//! mfa-kit cannot hold are skipped and reported on standard error; a file that is unreadable,
//! larger than [`MAX_IMPORT_BYTES`], not of the format, no export at all (an image, an archive,
//! text not in UTF-8: named, and no password asked), encrypted in a way mfa-kit does not open
//! (Bitwarden, Proton, ente), or opened with a wrong password is exit 2 with the vault
//! unchanged; the wrong-password error names the password file. A password file given for an
//! export that is not encrypted is not read, and the report says so. The report never repeats the file's text as it is: what it quotes
//! is escaped (`text::inert`).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;

use zeroize::Zeroizing;

use crate::app::Context;
use crate::app::add::account_from_uri;
use crate::app::{check_locations, dedup};
use crate::cli::{ImportArgs, ImportFormat};
use crate::core::qr::decode_image;
use crate::core::text::inert;
use crate::core::transfer::{
    Entry, Export, Format, KdfLimits, MAX_ENTRIES, OpenError, ReadError, Sealed, detect,
    read_export,
};
use crate::core::vault::{Account, FoldedNames, check_name, fold, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::fs::read_bounded;
use crate::sys::{output, passphrase};

/// The largest export read: far above a real one with every icon (an Aegis export of a few
/// hundred accounts with icons is a few megabytes), low enough that reading and parsing it
/// stays within a few hundred megabytes of memory.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an export file (`-`: standard input), refusing one over [`MAX_IMPORT_BYTES`]
/// before reading more than that: a file whose size says so is refused unread, and the
/// buffer is sized once, so the peak is the file's size, not twice it.
fn read_export_file(file: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let too_big = |source: &str| {
        Error::new(format!(
            "the export {source} is larger than {} MiB, more than any authenticator's export",
            MAX_IMPORT_BYTES >> 20
        ))
        .hint("check that it is the right file, or import it in parts")
    };
    let read = |reader: &mut dyn Read, size: u64, source: &str| -> Result<Zeroizing<Vec<u8>>> {
        let mut bytes = Zeroizing::new(Vec::with_capacity(
            usize::try_from(size.min(MAX_IMPORT_BYTES) + 1).unwrap_or(0),
        ));
        reader
            .take(MAX_IMPORT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("read the export", Path::new(source), &e))?;
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            return Err(too_big(source));
        }
        Ok(bytes)
    };
    if file == Path::new("-") {
        return read(&mut io::stdin().lock(), 64 * 1024, "standard input");
    }
    let source = file.display().to_string();
    let mut opened = File::open(file).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::new(format!("the export {source} does not exist"))
        } else {
            Error::io("read the export", file, &e)
        }
    })?;
    let size = opened.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_IMPORT_BYTES {
        return Err(too_big(&source));
    }
    read(&mut opened, size, &source)
}

/// The core's name for a `--from` format.
fn format_of(from: ImportFormat) -> Format {
    match from {
        ImportFormat::Otpauth => Format::Otpauth,
        ImportFormat::Aegis => Format::Aegis,
        ImportFormat::TwoFas => Format::TwoFas,
        ImportFormat::Google => Format::Google,
        ImportFormat::Bitwarden => Format::Bitwarden,
        ImportFormat::Proton => Format::Proton,
        ImportFormat::Ente => Format::Ente,
        ImportFormat::FreeotpPlus => Format::FreeOtpPlus,
        ImportFormat::Andotp => Format::AndOtp,
    }
}

/// The error for a file that could not be read as `format` (or, `detected`, whose format
/// could not be found): what is wrong, and the fix.
fn read_failure(source: &str, format: Option<Format>, error: ReadError) -> Error {
    const FORMATS: &str =
        "otpauth, aegis, 2fas, google, bitwarden, proton, ente, freeotp-plus or andotp";
    match (error, format) {
        (ReadError::NotExport(what), _) => {
            Error::new(format!("{source} is {}", what.is)).hint(what.fix)
        }
        (ReadError::TooMany(e), _) => {
            Error::new(format!("{source}: {e}")).hint("import it in parts")
        }
        (ReadError::Encrypted(e), _) => Error::new(format!("{source}: {e}")),
        (ReadError::NotFormat(e), None) => {
            Error::new(format!("cannot tell which export {source} is: {e}"))
                .hint(format!("name its format with --from ({FORMATS})"))
        }
        (ReadError::NotFormat(e), Some(format)) => {
            Error::new(format!("{source} is not {}: {e}", format.describe(false)))
                .hint(format!("check the file and --from ({FORMATS})"))
        }
        (ReadError::Refused(e), Some(format)) => Error::new(format!(
            "{source} is {} that mfa-kit will not open: {e}",
            format.describe(true)
        ))
        .hint("export it again from the app"),
        (ReadError::Refused(e), None) => Error::new(format!("{source} will not be opened: {e}"))
            .hint("export it again from the app"),
    }
}

/// Google Authenticator's export, from the file and from screenshots of its QR codes.
fn read_google(
    source: &str,
    file_bytes: Option<Zeroizing<Vec<u8>>>,
    images: &[PathBuf],
) -> Result<Export> {
    let mut text = Zeroizing::new(String::new());
    if let Some(mut bytes) = file_bytes {
        // The bytes become the text without a copy; invalid UTF-8 is refused (through the
        // reader, which says what the file is), and wiped.
        match String::from_utf8(std::mem::take(&mut *bytes)) {
            Ok(file_text) => *text = file_text,
            Err(e) => {
                let bytes = Zeroizing::new(e.into_bytes());
                return read_export(Format::Google, &bytes, KdfLimits::APPS)
                    .map_err(|e| read_failure(source, Some(Format::Google), e));
            }
        }
    }
    for image in images {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let bytes = read_bounded(image, "the image")?;
        for found in decode_image(&bytes).map_err(|e| {
            Error::new(format!("{}: {e}", image.display()))
                .hint("give a screenshot of the export QR code")
        })? {
            text.push_str(&found);
            text.push('\n');
        }
    }
    read_export(Format::Google, text.as_bytes(), KdfLimits::APPS)
        .map_err(|e| read_failure(source, Some(Format::Google), e))
}

/// Where the password came from, for the errors when it does not open the export: the file,
/// and whether the variable named it (it may have been set for a backup's passphrase, not for
/// this export's password). `None`: it was typed.
fn password_origin(password_file: Option<&Path>) -> Option<String> {
    let path = password_file?;
    let from_env =
        std::env::var_os(BACKUP_PASSPHRASE_FILE_VAR).is_some_and(|v| Path::new(&v) == path);
    Some(if from_env {
        format!(
            "{} (named by {BACKUP_PASSPHRASE_FILE_VAR}, which may be set for backups)",
            path.display()
        )
    } else {
        format!("{} (--backup-passphrase-file)", path.display())
    })
}

/// The variable that names the backup (and export) password file when the flag is not given.
const BACKUP_PASSPHRASE_FILE_VAR: &str = "MFA_KIT_BACKUP_PASSPHRASE_FILE";

/// The entries of an encrypted export, opened with the password from
/// --backup-passphrase-file, else typed. `what` names the file and its format.
fn open_sealed(ctx: &Context, sealed: &Sealed, source: &str, what: &str) -> Result<Vec<Entry>> {
    // The vault's own --passphrase-file is not the export's password: only the backup's is.
    let password_file = ctx.args.backup_passphrase_file.as_deref();
    let password = match password_file {
        Some(path) => passphrase::from_file(path)?,
        None => passphrase::prompt_or_named(
            &format!("Password of {what}: "),
            &format!("opening {what}"),
            &format!(
                "give --backup-passphrase-file FILE (its first line is the export's password) or \
                 set {BACKUP_PASSPHRASE_FILE_VAR}"
            ),
            "password",
        )?,
    };
    let origin = password_origin(password_file);
    let the_password = match &origin {
        Some(origin) => format!("the password read from {origin}"),
        None => "the password typed".to_string(),
    };
    sealed
        .open(password.expose_secret().as_bytes())
        .map_err(|e| match e {
            OpenError::WrongPassword => Error::new(format!(
                "wrong password for {what}, or the file is damaged"
            ))
            .hint(format!(
                "check {the_password}: it must be the one the app asked for when \
                         exporting"
            )),
            OpenError::NotThisExport(why) => Error::new(format!(
                "{source} is not an andOTP backup (or it is damaged): {why}"
            ))
            .hint(format!(
                "check the file and --from; if it is an andOTP backup of before 0.6.3, \
                 {the_password} is wrong"
            )),
            OpenError::Damaged(why) => {
                Error::new(format!("{what} opened but is damaged: {}", inert(&why)))
                    .hint("export it again from the app")
            }
        })
}

pub fn run(ctx: &Context, args: ImportArgs) -> Result<Outcome> {
    check_locations(&args.at)?;
    let at = dedup(args.at.iter().map(|l| normalize_location(l)).collect());
    // Screenshots are only ever Google's export QR codes.
    let from = args
        .from
        .or((!args.qr_image.is_empty()).then_some(ImportFormat::Google));
    if !args.qr_image.is_empty() && from != Some(ImportFormat::Google) {
        return Err(
            Error::new("--qr-image reads Google Authenticator's export QR codes")
                .hint("use it with --from google, or import the file"),
        );
    }
    let bytes = args.file.as_deref().map(read_export_file).transpose()?;
    let source = args
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "the QR image".to_string());
    let (format, detected) = match from {
        Some(from) => (format_of(from), false),
        None => {
            let bytes = bytes.as_deref().map(Vec::as_slice).unwrap_or_default();
            let format = detect(bytes).map_err(|e| read_failure(&source, None, e))?;
            (format, true)
        }
    };
    let export = if format == Format::Google {
        read_google(&source, bytes, &args.qr_image)?
    } else {
        let bytes = bytes.as_deref().map(Vec::as_slice).unwrap_or_default();
        read_export(format, bytes, KdfLimits::APPS)
            .map_err(|e| read_failure(&source, Some(format), e))?
    };
    let encrypted = matches!(export, Export::Sealed(_));
    let what = format!("{source} ({})", format.describe(encrypted));
    let entries = match export {
        Export::Plain(entries) => entries,
        Export::Sealed(sealed) => open_sealed(ctx, &sealed, &source, &what)?,
    };
    // Said once the file is read, so that a failure stays one line.
    if detected {
        output::note(format!("read {source} as {}", format.describe(encrypted)));
    }
    // A password file given for an export that needs none is not read: said, so that a user
    // who expected the export to be encrypted (or mistyped the file's name) knows.
    if let (false, Some(path)) = (encrypted, &ctx.args.backup_passphrase_file) {
        output::note(format!(
            "{source} is not encrypted: the password file {} was not needed, and not read",
            path.display()
        ));
    }
    let now = ctx.now();
    // Added in the document's text where it is as mfa-kit wrote it (the accounts already
    // there never built as a model), else in the model: the same accounts either way.
    let entries = std::cell::Cell::new(Some(entries));
    let take = || entries.take().expect("the entries are imported once");
    let Imported { added, skipped, .. } = ctx.update_sealed(
        |sealed, save| {
            let mut names = FoldedNames::of(sealed.names());
            let mut imported = imported(take(), &mut names, &at, now);
            for account in &mut imported.accounts {
                account.normalize_locations();
            }
            Some(match imported.accounts.is_empty() {
                true => Ok(imported),
                false => save(sealed.added_all(&imported.accounts)).map(|()| imported),
            })
        },
        |vault| {
            let mut names = FoldedNames::of(vault.accounts.iter().map(|a| a.name.as_str()));
            let mut imported = imported(take(), &mut names, &at, now);
            vault.accounts.append(&mut imported.accounts);
            Ok(imported)
        },
    )?;
    for shown in &added {
        output::note(format!("added    {shown}"));
    }
    for line in &skipped {
        output::note(format!("skipped  {}", inert(line)));
    }
    output::note(format!(
        "Imported {} account(s) from {source}; skipped {}.",
        added.len(),
        skipped.len()
    ));
    Ok(Outcome::Yes)
}

/// What an import adds, and what it says.
struct Imported {
    /// The accounts added, in the export's order, after the vault's.
    accounts: Vec<Account>,
    /// Each added account, as said.
    added: Vec<String>,
    /// Each entry skipped, with why.
    skipped: Vec<String>,
}

/// The accounts `entries` add to a vault whose names are `names` (kept up to date with those
/// added), found at `at`: an entry whose name an account has, in any case, is skipped; a
/// second entry of one name in the export is named apart.
fn imported(entries: Vec<Entry>, names: &mut FoldedNames, at: &[String], now: u64) -> Imported {
    let mut accounts = Vec::new();
    let mut added = Vec::new();
    let mut skipped = Vec::new();
    // Names this export brought in (folded): a second entry of the same name in one file
    // (two "Google" items without a user name) is named apart, not lost.
    let mut from_this_file = std::collections::HashSet::new();
    // A repeated name's next free suffix is remembered: 10,000 entries of one name would
    // otherwise take hours.
    let mut next_suffix: std::collections::HashMap<String, usize> = Default::default();
    for entry in entries {
        match entry {
            Entry::Skipped { what, why } => skipped.push(format!("{what}: {why}")),
            Entry::Found(found) => {
                if let Err(e) = check_name("account", &found.name) {
                    skipped.push(format!("{:?}: {e}", found.name));
                    continue;
                }
                let mut name = found.name.clone();
                let twin = !from_this_file.insert(fold(&name));
                if twin {
                    let first = next_suffix.get(&found.name).copied().unwrap_or(2);
                    let free = (first..=MAX_ENTRIES + 1).find(|n| {
                        let candidate = format!("{} ({n})", found.name);
                        !names.taken(&candidate) && check_name("account", &candidate).is_ok()
                    });
                    let Some(apart) = free.map(|n| {
                        next_suffix.insert(found.name.clone(), n + 1);
                        format!("{} ({n})", found.name)
                    }) else {
                        skipped.push(format!("{name:?}: another entry of the file has that name"));
                        continue;
                    };
                    name = apart;
                    from_this_file.insert(fold(&name));
                }
                if names.taken(&name) {
                    skipped.push(format!(
                        "{name:?}: an account of that name exists (kept as it was)"
                    ));
                    continue;
                }
                let mut shown = match found.uri.counter {
                    Some(counter) => format!("{}  (HOTP, next counter {counter})", inert(&name)),
                    None => inert(&name).into_owned(),
                };
                if twin {
                    shown.push_str(&format!(
                        "  (the file has another entry named {})",
                        inert(&format!("{:?}", found.name))
                    ));
                }
                let account = Account {
                    authenticators: at.to_vec(),
                    ..account_from_uri(&name, found.uri, now)
                };
                names.add_owned(&account.name);
                accounts.push(account);
                added.push(shown);
            }
        }
    }
    Imported {
        accounts,
        added,
        skipped,
    }
}
