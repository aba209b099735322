//! `export`: every account as otpauth URIs or Aegis JSON, for another authenticator; to
//! standard output or a 0600 file.

use crate::app::{Context, check_out_file, check_out_not_a_key, write_out_file};
use crate::cli::{ExportArgs, ExportFormat};
use crate::core::transfer::{export_aegis, export_otpauth};
use crate::error::{Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: ExportArgs) -> Result<Outcome> {
    if let Some(path) = &args.out {
        check_out_file(ctx, path, "--out")?;
    }
    let unlocked = ctx.open()?;
    if let Some(path) = &args.out {
        check_out_not_a_key(&unlocked.vault, path, "--out")?;
    }
    let text = match args.format {
        ExportFormat::Otpauth => export_otpauth(&unlocked.vault),
        ExportFormat::Aegis => export_aegis(&unlocked.vault),
    };
    match &args.out {
        Some(path) => {
            write_out_file(ctx, path, text.expose().as_bytes(), "--out")?;
            output::note(format!(
                "Exported {} account(s) to {}. It holds every secret: delete it once imported.",
                unlocked.vault.accounts.len(),
                path.display()
            ));
        }
        None => output::bytes(text.expose().as_bytes())?,
    }
    Ok(Outcome::Yes)
}
