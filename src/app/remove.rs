//! `remove NAME`: removes an account and everything kept for it. On a terminal, when
//! recovery codes or SSH keys would go with it, it asks first (`--yes` does not ask); a
//! script, with no terminal, is never asked.

use std::io::{BufRead, IsTerminal};

use crate::app::{Context, account};
use crate::cli::RemoveArgs;
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: RemoveArgs) -> Result<Outcome> {
    if !args.yes && std::io::stdin().is_terminal() {
        // Asked before the writers' lock is taken: a person may take their time.
        let found = ctx.read_account(&args.name)?;
        let codes = found.recovery_codes.as_ref().map_or(0, |c| c.codes.len());
        let keys = found.ssh_keys.len();
        if codes + keys > 0 {
            let mut goes = Vec::new();
            if codes > 0 {
                goes.push(format!("{codes} recovery code(s)"));
            }
            if keys > 0 {
                goes.push(format!("{keys} SSH key(s)"));
            }
            output::prompt(&format!(
                "Remove {:?} with its {}? Type yes to remove: ",
                found.name,
                goes.join(" and ")
            ));
            let mut answer = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut answer)
                .map_err(|_| Error::new("cannot read the answer").hint("give --yes"))?;
            if !matches!(answer.trim().to_lowercase().as_str(), "yes" | "y") {
                output::note("Nothing removed.");
                return Ok(Outcome::No);
            }
        }
    }
    let removed = ctx.update_sealed(
        |sealed, save| {
            let index = sealed.position(&args.name)?;
            let name = sealed.account(index).name;
            Some(save(sealed.removed(index)).map(|()| name))
        },
        |vault| {
            let name = account(vault, &args.name)?.name.clone();
            vault.remove(&name);
            Ok(name)
        },
    )?;
    output::note(format!("Removed {removed:?}."));
    Ok(Outcome::Yes)
}
