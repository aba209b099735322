//! `import FILE --from FORMAT`: accounts from another authenticator's export. Existing names
//! and entries mfa-kit cannot hold are skipped and reported on standard error; a file that is
//! unreadable, larger than [`MAX_IMPORT_BYTES`] or not of the named format is exit 2 with the
//! vault unchanged. The report never repeats the file's text as it is: what it quotes is
//! escaped (`text::inert`).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use zeroize::Zeroizing;

use crate::app::Context;
use crate::app::add::account_from_uri;
use crate::app::{check_locations, dedup};
use crate::cli::{ImportArgs, ImportFormat};
use crate::core::qr::decode_image;
use crate::core::text::{inert, with_article};
use crate::core::transfer::{
    Entry, is_too_many, parse_2fas, parse_aegis, parse_google, parse_otpauth_list,
};
use crate::core::vault::{Account, check_name, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::fs::read_bounded;
use crate::sys::output;

/// The largest export read: far above a real one with every icon (an Aegis export of a few
/// hundred accounts with icons is a few megabytes), low enough that reading and parsing it
/// stays within a few hundred megabytes of memory.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an export file (`-`: standard input), refusing one over [`MAX_IMPORT_BYTES`]
/// before reading more than that: a file whose size says so is refused unread, and the
/// buffer is sized once, so the peak is the file's size, not twice it.
fn read_export(file: &Path) -> Result<Zeroizing<Vec<u8>>> {
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

pub fn run(ctx: &Context, args: ImportArgs) -> Result<Outcome> {
    check_locations(&args.at)?;
    let at = dedup(args.at.iter().map(|l| normalize_location(l)).collect());
    let format_name = match args.from {
        ImportFormat::Otpauth => "otpauth",
        ImportFormat::Aegis => "aegis",
        ImportFormat::TwoFas => "2fas",
        ImportFormat::Google => "google",
    };
    if !args.qr_image.is_empty() && args.from != ImportFormat::Google {
        return Err(
            Error::new("--qr-image reads Google Authenticator's export QR codes")
                .hint("use it with --from google, or import the file"),
        );
    }
    let mut text = Zeroizing::new(String::new());
    if let Some(file) = &args.file {
        let mut bytes = read_export(file)?;
        // The bytes become the text without a copy; invalid UTF-8 is wiped and refused.
        *text = String::from_utf8(std::mem::take(&mut *bytes)).map_err(|e| {
            drop(Zeroizing::new(e.into_bytes()));
            Error::new(format!(
                "{} is not {} export (not text)",
                file.display(),
                with_article(format_name)
            ))
            .hint("check the file and --from")
        })?;
    }
    for image in &args.qr_image {
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
    let source = args
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "the QR image".to_string());
    let parsed = match args.from {
        ImportFormat::Otpauth => parse_otpauth_list(&text),
        ImportFormat::Aegis => parse_aegis(&text),
        ImportFormat::TwoFas => parse_2fas(&text),
        ImportFormat::Google => parse_google(&text),
    };
    let entries = parsed.map_err(|e| {
        if is_too_many(&e) {
            Error::new(format!("{source}: {e}")).hint("import it in parts")
        } else {
            Error::new(format!(
                "{source} is not {} export: {e}",
                with_article(format_name)
            ))
            .hint("check the file and --from (otpauth, aegis, 2fas or google)")
        }
    })?;
    let now = ctx.now();
    let (added, skipped) = ctx.update(|vault| {
        let mut added = Vec::new();
        let mut skipped = Vec::new();
        for entry in entries {
            match entry {
                Entry::Skipped { what, why } => skipped.push(format!("{what}: {why}")),
                Entry::Found(found) => {
                    if let Err(e) = check_name("account", &found.name) {
                        skipped.push(format!("{:?}: {e}", found.name));
                        continue;
                    }
                    let name = found.name.clone();
                    let shown = match found.uri.counter {
                        Some(counter) => {
                            format!("{}  (HOTP, next counter {counter})", inert(&name))
                        }
                        None => inert(&name).into_owned(),
                    };
                    match vault.insert(Account {
                        authenticators: at.clone(),
                        ..account_from_uri(&name, found.uri, now)
                    }) {
                        Ok(()) => added.push(shown),
                        Err(_) => skipped.push(format!(
                            "{name:?}: an account of that name exists (kept as it was)"
                        )),
                    }
                }
            }
        }
        Ok((added, skipped))
    })?;
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
