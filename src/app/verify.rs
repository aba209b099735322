//! `verify NAME CODE`: exit 0 if the code is valid within the window, else 1. An accepted
//! code's time step and every earlier one are refused afterwards (RFC 6238 section 5.2), and
//! the account is recorded as verified at that moment. For an HOTP account the window looks
//! ahead of the vault's counter (RFC 4226 section 7.4) and an accepted code moves the counter
//! past it, so that it and every earlier one are refused afterwards.

use crate::app::Context;
use crate::cli::VerifyArgs;
use crate::core::otp::{
    CLOCK_TOLERANCE_SECS, HotpVerdict, MAX_COUNTER, MAX_WINDOW, Verdict, plausible_last_step,
};
use crate::core::vault::Account;
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
    let verdict = ctx.update_account(&args.name, |account| {
        if let Some(counter) = account.counter {
            return verify_hotp(account, &code, counter, &args, now);
        }
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
    say(verdict)
}

/// Checks an HOTP code against the counters from the vault's on, `--window` ahead; an
/// accepted one moves the counter past it.
fn verify_hotp(
    account: &mut Account,
    code: &str,
    counter: u64,
    args: &VerifyArgs,
    now: u64,
) -> Result<(Verdict, bool)> {
    if args.time.is_some() {
        return Err(Error::new(format!(
            "{:?} is an HOTP (counter-based) account: its codes follow a counter, not the time",
            account.name
        ))
        .hint("drop --time"));
    }
    let hotp = account
        .hotp()
        .map_err(|e| Error::new(format!("account {:?}: {e}", args.name)))?;
    Ok(match hotp.verify(code, counter, args.window) {
        HotpVerdict::Accepted { counter: used } => {
            // `verify` accepts only counters below MAX_COUNTER, so the one after fits: the
            // last code ever moves the counter to MAX_COUNTER, where nothing is accepted.
            let next = used
                .checked_add(1)
                .filter(|next| *next <= MAX_COUNTER)
                .ok_or_else(|| {
                    Error::new(format!(
                        "the counter of {:?} has reached its end",
                        account.name
                    ))
                    .hint("enrol a new HOTP secret with the service")
                })?;
            account.counter = Some(next);
            account.last_verified = Some(now);
            (Verdict::Accepted { step: used }, true)
        }
        HotpVerdict::Replayed => (Verdict::Replayed, true),
        HotpVerdict::Invalid => (Verdict::Invalid, true),
    })
}

fn say(verdict: Verdict) -> Result<Outcome> {
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
