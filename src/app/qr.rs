//! `qr NAME`: the account's enrollment QR code (its otpauth URI) for a new authenticator,
//! drawn for the terminal, as SVG or as PNG; to standard output or a 0600 file. A terminal
//! narrower than the code would wrap its lines into something no camera reads: refused,
//! naming the width it needs.

use crate::app::{Context, check_out_file, write_out_file};
use crate::cli::{QrArgs, QrFormat};
use crate::core::qr::{Matrix, ansi_columns, to_ansi, to_png, to_svg};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: QrArgs) -> Result<Outcome> {
    if args.format == QrFormat::Png && args.out.is_none() && output::stdout_is_terminal() {
        return Err(Error::new("refusing to write a PNG to the terminal")
            .hint("give --out FILE, redirect standard output, or use --format ansi"));
    }
    if let Some(path) = &args.out {
        check_out_file(ctx, path, "--out")?;
    }
    // For --out, every account's SSH key files read a table at a time (a key file is refused
    // first, whatever the name), then the account's table alone: never the model of 10,000
    // accounts (48 MiB).
    if let Some(path) = &args.out {
        ctx.account_rows_for_out(Some((path, "--out")), |_| ())?;
    }
    let account = ctx.read_account(&args.name)?;
    let uri = account.to_otpauth().to_uri();
    let matrix = Matrix::encode(uri.expose()).map_err(Error::new)?;
    if args.format == QrFormat::Ansi && args.out.is_none() {
        let needed = ansi_columns(&matrix);
        if let Some(columns) = output::terminal_columns().filter(|c| *c < needed) {
            return Err(Error::new(format!(
                "the QR code of {:?} is {needed} columns wide, and this terminal has {columns}: its lines would wrap and no camera could read it",
                args.name
            ))
            .hint(format!(
                "widen the terminal to {needed} columns or more, or write an image: --format png --out {0}.png (or --format svg --out {0}.svg)",
                file_stem(&args.name)
            )));
        }
    }
    let bytes = zeroize::Zeroizing::new(match args.format {
        QrFormat::Ansi => to_ansi(&matrix, args.invert).into_bytes(),
        QrFormat::Svg => to_svg(&matrix, args.invert).into_bytes(),
        QrFormat::Png => to_png(&matrix, args.invert),
    });
    match &args.out {
        Some(path) => {
            write_out_file(ctx, path, &bytes, "--out")?;
            output::note(format!(
                "Wrote the QR code of {:?} to {}.",
                args.name,
                path.display()
            ));
        }
        None => output::bytes(&bytes)?,
    }
    Ok(Outcome::Yes)
}

/// A file name made of the account's name: letters, digits, `-`, `_` and `.`, others `-`;
/// one that starts with `-` goes after `./`, or `--out -rf.png` would read as an option.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if stem.trim_matches(['-', '.']).is_empty() {
        "qr".to_string()
    } else if stem.starts_with('-') {
        format!("./{stem}")
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_file_names_are_never_read_as_options() {
        assert_eq!(file_stem("github"), "github");
        assert_eq!(file_stem("my bank"), "my-bank");
        assert_eq!(file_stem("-rf"), "./-rf");
        assert_eq!(file_stem("--out"), "./--out");
        assert_eq!(file_stem("***"), "qr");
    }
}
