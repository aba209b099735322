//! `rename OLD NEW`: renames an account (matched in any case); the records of the backups that
//! hold it follow, so they still count for it.

use crate::app::{Context, unknown_account};
use crate::cli::RenameArgs;
use crate::core::edit::Taken;
use crate::core::vault::{RenameError, check_name};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: RenameArgs) -> Result<Outcome> {
    check_name("account", &args.new).map_err(|e| Error::new(e).hint("choose another name"))?;
    let called_that =
        |name: &str| Error::new(format!("{name:?} is called that already")).hint("give a new name");
    let taken = |other: &str| {
        Error::new(format!("an account named {other:?} exists already"))
            .hint("choose another name, or `mfa-kit remove` that one first")
    };
    let previous = ctx.update_sealed(
        |sealed, save| {
            let index = sealed.position(&args.old)?;
            // Refused in the model's order: a name taken first.
            if let Some(Taken(other)) = sealed.taken_by_another(&args.new, Some(index)) {
                return Some(Err(taken(&other)));
            }
            let mut account = sealed.account(index);
            if account.name == args.new {
                return Some(Err(called_that(&account.name)));
            }
            let previous = account.take_name(&args.new);
            // A backup may hold it under its old name: the model renames it there too.
            let with = sealed.renamed(index, &account)?;
            Some(save(with).map(|()| previous))
        },
        |vault| match vault.rename(&args.old, &args.new) {
            Ok(previous) if previous == args.new => Err(called_that(&previous)),
            Ok(previous) => Ok(previous),
            Err(RenameError::Unknown) => Err(unknown_account(vault, &args.old)),
            Err(RenameError::Taken(other)) => Err(taken(&other)),
        },
    )?;
    output::note(format!("Renamed {previous:?} to {:?}.", args.new));
    Ok(Outcome::Yes)
}
