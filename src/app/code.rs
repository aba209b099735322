//! `code [NAME]`: the current code of one account or of every TOTP account, at `--time` or
//! now; `--json` for scripts; `--clip` to the clipboard instead of standard output. On a
//! terminal a TOTP code comes with the seconds it has left.
//!
//! An HOTP (counter-based) account's code is printed only for `code NAME`, and printing it
//! spends it: the counter moves on and is saved (under the vault's lock) before the code is
//! shown. Without NAME, HOTP accounts are skipped with a note, never shown: a code shown but
//! not spent would be typed into the service, which moves its own counter past it, while the
//! vault would hand out the same, now used, code next time and fall behind. A listing is also
//! a read that takes no lock, and must stay one.

use serde::Serialize;

use std::ffi::OsString;
use std::path::PathBuf;

use crate::app::Context;
use crate::cli::{CodeArgs, GlobalArgs};
use crate::core::otp::MAX_COUNTER;
use crate::core::vault::Account;
use crate::error::{Error, Outcome, Result};
use crate::sys::{clipboard, output};

#[derive(Serialize)]
struct CodeJson {
    account: String,
    code: String,
    period: u64,
    remaining: u64,
}

#[derive(Serialize)]
struct HotpJson<'a> {
    account: &'a str,
    code: &'a str,
    /// The counter the code was made from (the vault's counter is now the next one).
    counter: u64,
}

fn code_of(account: &Account, time: u64) -> Result<CodeJson> {
    let totp = account
        .totp()
        .map_err(|e| Error::new(format!("account {:?}: {e}", account.name)))?;
    Ok(CodeJson {
        account: account.name.clone(),
        code: totp.code_at(time),
        period: totp.period(),
        remaining: totp.remaining(time),
    })
}

/// `mfa-kit [--vault PATH] code NAME`, the command people and scripts run most, recognised
/// without clap: building the parser of the whole command line took a fifth of its start-up,
/// and building one for the global options alone a twentieth. The global options are read as
/// clap reads them ([`globals_from_environment`]), and the command then runs exactly as after
/// the full parse. `None` for any other command line, which the full parser then reads.
pub fn plain_code_if_asked(line: Option<PlainCodeLine>) -> Option<Result<Outcome>> {
    let (vault, name) = line?;
    let global = globals_from_environment(vault)?;
    let args = CodeArgs {
        name: Some(name),
        time: None,
        json: false,
        clip: false,
    };
    Some(Context::new(global).and_then(|ctx| run(&ctx, args)))
}

/// PATH if given, and NAME, of a plain `code NAME` command line ([`plain_code_line`]).
pub type PlainCodeLine = (Option<PathBuf>, String);

/// The command line `mfa-kit [--vault PATH] code NAME`, as [`plain_code_if_asked`] reads it.
/// `None` for any other.
pub fn plain_code_line() -> Option<PlainCodeLine> {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let (vault, name) = match &args[..] {
        [code, name] if code == "code" => (None, name),
        [vault, path, code, name] if vault == "--vault" && code == "code" => {
            if path.as_encoded_bytes().first().is_none_or(|b| *b == b'-') {
                return None;
            }
            (Some(PathBuf::from(path)), name)
        }
        _ => return None,
    };
    let name = name
        .to_str()
        .filter(|n| !n.is_empty() && !n.starts_with('-'))?;
    Some((vault, name.to_string()))
}

/// The global options of a command line that gives none but `--vault` (`vault`), each other
/// one from its environment variable, as clap reads them with that command line (main has
/// removed every empty `MFA_KIT_` variable first, so an empty one is unset here too). `None`
/// where a variable is not what clap takes (a device name that is not UTF-8): the full
/// parser then says what is wrong. tests/plain_code.rs holds this to clap's reading.
pub fn globals_from_environment(vault: Option<PathBuf>) -> Option<GlobalArgs> {
    let path = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let device = match std::env::var_os("MFA_KIT_DEVICE") {
        Some(device) => Some(device.into_string().ok()?),
        None => None,
    };
    Some(GlobalArgs {
        vault: vault.or_else(|| path("MFA_KIT_VAULT")),
        identity: path("MFA_KIT_IDENTITY").into_iter().collect(),
        passphrase_file: path("MFA_KIT_PASSPHRASE_FILE"),
        backup_passphrase_file: path("MFA_KIT_BACKUP_PASSPHRASE_FILE"),
        device,
        config: path("MFA_KIT_CONFIG"),
    })
}

pub fn run(ctx: &Context, args: CodeArgs) -> Result<Outcome> {
    match &args.name {
        Some(name) => one(ctx, &args, name),
        None => every(ctx, &args),
    }
}

fn one(ctx: &Context, args: &CodeArgs, name: &str) -> Result<Outcome> {
    let time = args.time.unwrap_or_else(|| ctx.now());
    let found = ctx.read_account(name)?;
    if found.is_hotp() {
        return next_hotp(ctx, args, &found.name);
    }
    let code = code_of(&found, time)?;
    if args.clip {
        clipboard::copy_then_clear(&code.code)?;
        output::note(format!(
            "Copied the code of {:?} to the clipboard; it changes in {} s, and the clipboard is cleared in {} s.",
            code.account,
            code.remaining,
            clipboard::CLEAR_AFTER.as_secs()
        ));
    } else if args.json {
        output::json(&code)?;
    } else if output::stdout_is_terminal() {
        output::line(format!("{}  ({} s left)", code.code, code.remaining))?;
    } else {
        output::line(&code.code)?;
    }
    Ok(Outcome::Yes)
}

/// Spends the next code of an HOTP account: its counter moves on in the vault (under the lock)
/// and only then is the code shown or copied. With --clip, the clipboard is reached first
/// (an unreachable one fails with the counter as it was), then the counter is saved, then the
/// code copied: it never reaches the clipboard before its counter is saved, and the vault's
/// lock is never held while a display is waited on. A copy that fails after the save leaves
/// that code spent and never shown, which costs nothing: the service's look-ahead window
/// accepts the next one (RFC 4226 section 7.4), whereas a code copied while its counter was
/// not saved would be handed out again.
fn next_hotp(ctx: &Context, args: &CodeArgs, name: &str) -> Result<Outcome> {
    if args.time.is_some() {
        return Err(Error::new(format!(
            "{name:?} is an HOTP (counter-based) account: its codes follow a counter, not the time"
        ))
        .hint("drop --time"));
    }
    let holder = if args.clip {
        Some(clipboard::Holder::start()?)
    } else {
        None
    };
    let (code, counter) = ctx.update_account(name, |account| {
        let counter = account.counter.unwrap_or(0);
        let next = counter
            .checked_add(1)
            .filter(|next| *next <= MAX_COUNTER)
            .ok_or_else(|| {
                Error::new(format!(
                    "the counter of {name:?} has reached its end ({MAX_COUNTER}, the largest a vault holds)"
                ))
                .hint("enrol a new HOTP secret with the service")
            })?;
        let hotp = account
            .hotp()
            .map_err(|e| Error::new(format!("account {name:?}: {e}")))?;
        let code = zeroize::Zeroizing::new(hotp.code_at(counter));
        account.counter = Some(next);
        Ok((code, counter))
    })?;
    if let Some(holder) = holder {
        holder.copy(&code).map_err(|e| {
            Error::new(format!(
                "{}; the code of counter {counter} was not copied, and that counter is spent",
                e.message()
            ))
            .hint(
                "run the command again for the next code once the desktop answers (the \
                 service looks ahead past a skipped code)",
            )
        })?;
    }
    if args.clip {
        output::note(format!(
            "Copied the code of {name:?} (counter {counter}) to the clipboard; it is cleared in {} s. The next code uses counter {}.",
            clipboard::CLEAR_AFTER.as_secs(),
            counter + 1
        ));
    } else if args.json {
        output::json(&HotpJson {
            account: name,
            code: &code,
            counter,
        })?;
    } else {
        output::line(code.as_str())?;
        output::note(format!(
            "Counter {counter} used; the next code of {name:?} uses counter {}.",
            counter + 1
        ));
    }
    Ok(Outcome::Yes)
}

fn every(ctx: &Context, args: &CodeArgs) -> Result<Outcome> {
    let time = args.time.unwrap_or_else(|| ctx.now());
    // Each account's code (an HOTP's name), read one account at a time: the vault is never
    // held whole.
    let mut rows = ctx.account_rows(|a| {
        let code = (!a.is_hotp()).then(|| code_of(a, time));
        (a.name.clone(), code)
    })?;
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hotp = Vec::new();
    let mut codes = Vec::new();
    for (name, code) in rows {
        match code {
            Some(code) => codes.push(code?),
            None => hotp.push(name),
        }
    }
    if args.json {
        output::json(&codes)?;
    } else {
        let terminal = output::stdout_is_terminal();
        let mut out = output::Lines::new();
        for code in codes {
            if terminal {
                out.line(format!(
                    "{:<8}  {}  ({} s left)",
                    code.code, code.account, code.remaining
                ))?;
            } else {
                out.line(format!("{:<8}  {}", code.code, code.account))?;
            }
        }
        out.finish()?;
    }
    if !hotp.is_empty() {
        let names: Vec<String> = hotp.iter().map(|name| format!("{name:?}")).collect();
        output::note(format!(
            "Not shown: {} (HOTP, counter-based: each code shown is spent); `mfa-kit code NAME` gives the next one.",
            names.join(", ")
        ));
    }
    Ok(Outcome::Yes)
}
