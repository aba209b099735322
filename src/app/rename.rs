//! `rename OLD NEW`: renames an account (matched in any case); the records of the backups that
//! hold it follow, so they still count for it.

use crate::app::{Context, unknown_account};
use crate::cli::RenameArgs;
use crate::core::vault::{RenameError, check_name};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: RenameArgs) -> Result<Outcome> {
    check_name("account", &args.new).map_err(|e| Error::new(e).hint("choose another name"))?;
    let previous = ctx.update(|vault| match vault.rename(&args.old, &args.new) {
        Ok(previous) if previous == args.new => {
            Err(Error::new(format!("{previous:?} is called that already")).hint("give a new name"))
        }
        Ok(previous) => Ok(previous),
        Err(RenameError::Unknown) => Err(unknown_account(vault, &args.old)),
        Err(RenameError::Taken(other)) => Err(Error::new(format!(
            "an account named {other:?} exists already"
        ))
        .hint("choose another name, or `mfa-kit remove` that one first")),
    })?;
    output::note(format!("Renamed {previous:?} to {:?}.", args.new));
    Ok(Outcome::Yes)
}
