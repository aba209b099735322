//! `path add|remove`: the other ways back in that the vault does not hold itself (a security
//! key, an SMS number, a recovery mailbox, the company admin, a trusted person).

use crate::app::{Context, check_locations};
use crate::cli::{PathAddArgs, PathCommand, PathKindArg, PathRemoveArgs};
use crate::core::recovery::PathKind;
use crate::core::text::{check_inert, with_article};
use crate::core::vault::DeclaredPath;
use crate::core::vault::normalize_location;
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, command: PathCommand) -> Result<Outcome> {
    match command {
        PathCommand::Add(args) => add(ctx, args),
        PathCommand::Remove(args) => remove(ctx, args),
    }
}

pub fn kind_of(arg: PathKindArg) -> PathKind {
    match arg {
        PathKindArg::Authenticator => PathKind::Authenticator,
        PathKindArg::SecurityKey => PathKind::SecurityKey,
        PathKindArg::Sms => PathKind::Sms,
        PathKindArg::Email => PathKind::Email,
        PathKindArg::AdminReset => PathKind::AdminReset,
        PathKindArg::TrustedContact => PathKind::TrustedContact,
        PathKindArg::Other => PathKind::Other,
    }
}

fn add(ctx: &Context, args: PathAddArgs) -> Result<Outcome> {
    check_locations([&args.at])?;
    if let Some(note) = &args.note {
        check_inert("the note", note).map_err(|e| Error::new(e).hint("fix --note"))?;
    }
    let path = DeclaredPath {
        kind: kind_of(args.kind),
        at: normalize_location(&args.at),
        note: args.note.clone().filter(|n| !n.trim().is_empty()),
    };
    ctx.update_account(&args.name, |account| {
        let copy_there =
            path.kind == PathKind::Authenticator && account.authenticators.contains(&path.at);
        if copy_there
            || account
                .paths
                .iter()
                .any(|p| p.kind == path.kind && p.at == path.at)
        {
            return Err(Error::new(format!(
                "{:?} has {} path at {} already",
                args.name,
                with_article(path.kind.as_str()),
                path.at
            ))
            .hint("nothing to add"));
        }
        // An authenticator app holding the secret is what `add --at` records: one list.
        if path.kind == PathKind::Authenticator && path.note.is_none() {
            account.authenticators.push(path.at.clone());
        } else {
            account.paths.push(path.clone());
        }
        Ok(())
    })?;
    output::note(format!(
        "Declared {} path at {} for {:?}.",
        with_article(path.kind.as_str()),
        path.at,
        args.name
    ));
    Ok(Outcome::Yes)
}

fn remove(ctx: &Context, args: PathRemoveArgs) -> Result<Outcome> {
    let kind = kind_of(args.kind);
    let removed = ctx.update_account(&args.name, |account| {
        let at = args.at.as_deref().map(normalize_location);
        let matches = |place: &String| at.as_ref().is_none_or(|at| place == at);
        let before = account.paths.len() + account.authenticators.len();
        account
            .paths
            .retain(|p| !(p.kind == kind && matches(&p.at)));
        // The copies `add --at` and `import --at` recorded are authenticator paths too.
        if kind == PathKind::Authenticator {
            account.authenticators.retain(|a| !matches(a));
        }
        match before - account.paths.len() - account.authenticators.len() {
            0 => Err(
                Error::new(format!("{:?} has no such {kind} path", args.name))
                    .hint("see the paths with `mfa-kit audit`"),
            ),
            n => Ok(n),
        }
    })?;
    output::note(format!(
        "Removed {removed} {kind} path(s) from {:?}.",
        args.name
    ));
    Ok(Outcome::Yes)
}
