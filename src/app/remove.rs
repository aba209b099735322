//! `remove NAME`: removes an account and everything kept for it.

use crate::app::{Context, unknown_account};
use crate::cli::RemoveArgs;
use crate::error::{Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: RemoveArgs) -> Result<Outcome> {
    ctx.update(|vault| {
        vault
            .remove(&args.name)
            .ok_or_else(|| unknown_account(&args.name))
    })?;
    output::note(format!("Removed {:?}.", args.name));
    Ok(Outcome::Yes)
}
