//! `verify NAME CODE`: exit 0 if the code is valid within the window, else 1. An accepted
//! code's time step and every earlier one are refused afterwards (RFC 6238 section 5.2), and
//! the account is recorded as verified at that moment.

use crate::app::{Context, unknown_account};
use crate::cli::VerifyArgs;
use crate::core::otp::{MAX_WINDOW, Verdict};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: VerifyArgs) -> Result<Outcome> {
    if args.window > MAX_WINDOW {
        return Err(Error::new(format!(
            "--window {} is wider than the {MAX_WINDOW} steps accepted",
            args.window
        ))
        .hint("use a window of a few steps; fix the clock if it drifts"));
    }
    let code: String = args.code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new("the code must be digits (spaces are ignored)")
            .hint("type the code the authenticator shows"));
    }
    let time = args.time.unwrap_or_else(|| ctx.now());
    let verdict = ctx.update(|vault| {
        let account = vault
            .account_mut(&args.name)
            .ok_or_else(|| unknown_account(&args.name))?;
        let totp = account
            .totp()
            .map_err(|e| Error::new(format!("account {:?}: {e}", args.name)))?;
        let verdict = totp.verify(&code, time, args.window, account.last_step);
        if let Verdict::Accepted { step } = verdict {
            account.last_step = Some(step);
            account.last_verified = Some(time);
        }
        Ok(verdict)
    })?;
    match verdict {
        Verdict::Accepted { .. } => {
            output::line("valid")?;
            Ok(Outcome::Yes)
        }
        Verdict::Replayed => {
            output::line("not valid: this code, or a later one, was accepted already")?;
            Ok(Outcome::No)
        }
        Verdict::Invalid => {
            output::line("not valid")?;
            Ok(Outcome::No)
        }
    }
}
