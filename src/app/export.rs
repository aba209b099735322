//! `export`: every account as otpauth URIs or Aegis JSON, for another authenticator; to
//! standard output or a 0600 file.

use crate::app::{Context, check_out_file, write_out_file};
use crate::cli::{ExportArgs, ExportFormat};
use crate::core::otpauth::OtpauthUri;
use crate::core::transfer::{export_aegis, export_otpauth};
use crate::error::{Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: ExportArgs) -> Result<Outcome> {
    if let Some(path) = &args.out {
        check_out_file(ctx, path, "--out")?;
    }
    // An account at a time: what an export needs of each (its URI's parts), --out checked
    // against its SSH key files, never the model of 10,000 accounts.
    let out = args.out.as_deref().map(|path| (path, "--out"));
    let mut rows = ctx.account_rows_for_out(out, |account| Exported {
        name: account.name.clone(),
        uri: account.to_otpauth(),
    })?;
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let uris: Vec<&OtpauthUri> = rows.iter().map(|row| &row.uri).collect();
    let text = match args.format {
        ExportFormat::Otpauth => export_otpauth(&uris),
        ExportFormat::Aegis => export_aegis(&uris),
    };
    match &args.out {
        Some(path) => {
            write_out_file(ctx, path, text.expose().as_bytes(), "--out")?;
            output::note(format!(
                "Exported {} account(s) to {}. It holds every secret: delete it once imported.",
                rows.len(),
                path.display()
            ));
        }
        None => output::bytes(text.expose().as_bytes())?,
    }
    Ok(Outcome::Yes)
}

/// What an export keeps of one account.
struct Exported {
    name: String,
    uri: OtpauthUri,
}
