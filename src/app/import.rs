//! `import FILE --from FORMAT`: accounts from another authenticator's export. Existing names
//! and entries mfa-kit cannot hold are skipped and reported on standard error; a file that is
//! unreadable or not of the named format is exit 2 with the vault unchanged.

use std::io::Read;
use std::path::Path;

use crate::app::Context;
use crate::app::add::account_from_uri;
use crate::cli::{ImportArgs, ImportFormat};
use crate::core::qr::decode_image;
use crate::core::transfer::{Entry, parse_2fas, parse_aegis, parse_google, parse_otpauth_list};
use crate::core::vault::check_name;
use crate::error::{Error, Outcome, Result};
use crate::sys::fs::{read_all_bounded, read_bounded};
use crate::sys::output;

pub fn run(ctx: &Context, args: ImportArgs) -> Result<Outcome> {
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
    let mut text = zeroize::Zeroizing::new(String::new());
    if let Some(file) = &args.file {
        let bytes = zeroize::Zeroizing::new(if file == Path::new("-") {
            read_all_bounded(
                std::io::stdin().lock().by_ref(),
                "the export",
                "standard input",
            )?
        } else {
            read_bounded(file, "the export")?
        });
        let file_text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::new(format!(
                "{} is not a {format_name} export (not text)",
                file.display()
            ))
            .hint("check the file and --from")
        })?;
        text.push_str(file_text);
        text.push('\n');
    }
    for image in &args.qr_image {
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
        Error::new(format!("{source} is not a {format_name} export: {e}"))
            .hint("check the file and --from (otpauth, aegis, 2fas or google)")
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
                    match vault.insert(account_from_uri(&name, found.uri, now)) {
                        Ok(()) => added.push(name),
                        Err(_) => skipped.push(format!(
                            "{name:?}: an account of that name exists (kept as it was)"
                        )),
                    }
                }
            }
        }
        Ok((added, skipped))
    })?;
    for name in &added {
        output::note(format!("added    {name}"));
    }
    for line in &skipped {
        output::note(format!("skipped  {line}"));
    }
    output::note(format!(
        "Imported {} account(s) from {source}; skipped {}.",
        added.len(),
        skipped.len()
    ));
    Ok(Outcome::Yes)
}
