//! `verify NAME CODE`: exit 0 if the code is valid within the window, else 1. An accepted
//! code's time step and every earlier one are refused afterwards (RFC 6238 section 5.2), and
//! the account is recorded as verified at that moment.

use crate::app::{Context, account_mut};
use crate::cli::VerifyArgs;
use crate::core::otp::{CLOCK_TOLERANCE_SECS, MAX_WINDOW, Verdict, plausible_last_step};
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
    let now = ctx.now();
    let time = args.time.unwrap_or(now);
    // A check at a moment far from the clock answers, but records nothing: a far-future step
    // stored as accepted would refuse every real code as a replay for years.
    let recorded = time.abs_diff(now) <= CLOCK_TOLERANCE_SECS;
    let verdict = ctx.update(|vault| {
        let account = account_mut(vault, &args.name)?;
        let totp = account
            .totp()
            .map_err(|e| Error::new(format!("account {:?}: {e}", args.name)))?;
        let last_step = plausible_last_step(account.last_step, totp.period(), now);
        let verdict = totp.verify(&code, time, args.window, last_step);
        // The step accepted must be near the clock too: a wide --window can accept a code
        // from hours ahead, and recording it would refuse every real code until then.
        let step_near_clock = |step: u64| {
            step.saturating_mul(totp.period()).abs_diff(now) <= CLOCK_TOLERANCE_SECS + totp.period()
        };
        let mut kept = true;
        if let Verdict::Accepted { step } = verdict {
            kept = recorded && step_near_clock(step);
            if kept {
                account.last_step = Some(step);
                account.last_verified = Some(time);
            }
        }
        Ok((verdict, kept))
    })?;
    let (verdict, kept) = verdict;
    if !kept && matches!(verdict, Verdict::Accepted { .. }) {
        output::note(if recorded {
            "Not recorded: the code matched a time step far from the clock (a wide --window), so this check does not count as a verification.".to_string()
        } else {
            format!(
                "Not recorded: --time is {} seconds from the clock, so this check does not count as a verification.",
                time.abs_diff(now)
            )
        });
    }
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
