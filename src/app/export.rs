//! `export`: every account as otpauth URIs or Aegis JSON, for another authenticator; to
//! standard output or a 0600 file.

use crate::app::Context;
use crate::cli::{ExportArgs, ExportFormat};
use crate::core::transfer::{export_aegis, export_otpauth};
use crate::error::{Outcome, Result};
use crate::sys::fs::{Existing, write_private_atomic};
use crate::sys::output;

pub fn run(ctx: &Context, args: ExportArgs) -> Result<Outcome> {
    let unlocked = ctx.open()?;
    let text = match args.format {
        ExportFormat::Otpauth => export_otpauth(&unlocked.vault),
        ExportFormat::Aegis => export_aegis(&unlocked.vault),
    };
    match &args.out {
        Some(path) => {
            write_private_atomic(path, text.expose().as_bytes(), Existing::Replace)?;
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
