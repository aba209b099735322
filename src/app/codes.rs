//! `codes add|list|use|remove`: an account's recovery codes, read from standard input as
//! services print them, counted, shown only on request, and marked used one by one.

use std::io::IsTerminal;

use serde::Serialize;

use crate::app::{Context, check_locations, dedup};
use crate::cli::{CodesAddArgs, CodesCommand, CodesListArgs, CodesUseArgs, NameArg};
use crate::core::backup::carry_used_marks;
use crate::core::recovery::{codes_match, line_ranges, read_codes};
use crate::core::vault::{RecoveryCode, RecoveryCodes};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, command: CodesCommand) -> Result<Outcome> {
    match command {
        CodesCommand::Add(args) => add(ctx, args),
        CodesCommand::List(args) => list(ctx, args),
        CodesCommand::Use(args) => use_code(ctx, args),
        CodesCommand::Remove(args) => remove(ctx, args),
    }
}

/// The most text read from standard input for codes.
const MAX_CODES_INPUT: u64 = 1024 * 1024;

fn add(ctx: &Context, args: CodesAddArgs) -> Result<Outcome> {
    check_locations(&args.at)?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        output::note("Paste the recovery codes, then press Ctrl-D:");
    }
    let bytes = zeroize::Zeroizing::new(crate::sys::fs::read_all_bounded(
        std::io::Read::take(stdin.lock(), MAX_CODES_INPUT + 1),
        "recovery codes",
        "standard input",
    )?);
    if bytes.len() as u64 > MAX_CODES_INPUT {
        return Err(
            Error::new("more than 1 MiB of recovery codes on standard input")
                .hint("pipe in only the codes"),
        );
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::new("the recovery codes on standard input are not UTF-8 text"))?;
    let read = read_codes(text).map_err(|e| {
        Error::new(format!("cannot read the recovery codes: {e}"))
            .hint("pipe in the codes as the service shows them, one or several a line")
    })?;
    let skipped = read.skipped_lines;
    let codes = read.codes;
    let count = codes.len();
    let now = ctx.now();
    let replaced = ctx.update_account(&args.name, |account| {
        let previous = account.recovery_codes.take();
        let replaced = previous.as_ref().map(|c| c.codes.len());
        let mut codes: Vec<RecoveryCode> = codes
            .into_iter()
            .map(|code| RecoveryCode { code, used: None })
            .collect();
        // Storing the same codes again never makes a used one usable: its mark stays.
        if let Some(previous) = &previous {
            carry_used_marks(&mut codes, &previous.codes);
        }
        account.recovery_codes = Some(RecoveryCodes {
            at: dedup(args.at.clone()),
            added: now,
            codes,
        });
        Ok(replaced)
    })?;
    if !skipped.is_empty() {
        output::note(format!(
            "Skipped line{} {} as words, not codes.",
            if skipped.len() == 1 { "" } else { "s" },
            line_ranges(&skipped)
        ));
    }
    let stored = match count {
        1 => "1 recovery code".to_string(),
        n => format!("{n} recovery codes"),
    };
    match replaced {
        Some(old) => output::note(format!(
            "Stored {stored} for {:?}, replacing the {old} stored before.",
            args.name
        )),
        None => output::note(format!("Stored {stored} for {:?}.", args.name)),
    }
    Ok(Outcome::Yes)
}

#[derive(Serialize)]
struct CodesJson<'a> {
    account: &'a str,
    left: usize,
    total: usize,
    at: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    codes: Option<Vec<CodeJson<'a>>>,
}

#[derive(Serialize)]
struct CodeJson<'a> {
    code: &'a str,
    used: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    used_at: Option<u64>,
}

fn list(ctx: &Context, args: CodesListArgs) -> Result<Outcome> {
    let account = &ctx.read_account(&args.name)?;
    let empty = RecoveryCodes {
        at: Vec::new(),
        added: 0,
        codes: Vec::new(),
    };
    let set = account.recovery_codes.as_ref().unwrap_or(&empty);
    if args.json {
        let codes = args.show.then(|| {
            set.codes
                .iter()
                .map(|c| CodeJson {
                    code: c.code.expose(),
                    used: c.used.is_some(),
                    used_at: c.used,
                })
                .collect()
        });
        output::json(&CodesJson {
            account: &account.name,
            left: set.left(),
            total: set.codes.len(),
            at: &set.at,
            codes,
        })?;
        return Ok(Outcome::Yes);
    }
    if set.codes.is_empty() {
        output::line(format!(
            "No recovery codes are stored for {:?}.",
            account.name
        ))?;
        output::note(format!(
            "Store them with `mfa-kit codes add {}` (paste them, or pipe in the file the service gave).",
            account.name
        ));
        return Ok(Outcome::Yes);
    }
    let mut summary = format!(
        "{} of {} recovery code{} left",
        set.left(),
        set.codes.len(),
        if set.codes.len() == 1 { "" } else { "s" }
    );
    if !set.at.is_empty() {
        summary.push_str(&format!(" (copies at {})", set.at.join(", ")));
    }
    output::line(summary)?;
    if args.show {
        for code in &set.codes {
            match code.used {
                Some(_) => output::line(format!("{}  (used)", code.code.expose()))?,
                None => output::line(code.code.expose())?,
            }
        }
    }
    Ok(Outcome::Yes)
}

enum UseResult {
    Marked(Option<String>),
    AlreadyUsed,
    NotFound,
    NoneLeft,
}

fn use_code(ctx: &Context, args: CodesUseArgs) -> Result<Outcome> {
    let now = ctx.now();
    let result = ctx.update_account(&args.name, |account| {
        let Some(set) = account.recovery_codes.as_mut() else {
            return Err(
                Error::new(format!("{:?} has no recovery codes stored", args.name))
                    .hint("store them with `mfa-kit codes add`"),
            );
        };
        match &args.code {
            Some(typed) => {
                let found = set
                    .codes
                    .iter_mut()
                    .find(|c| codes_match(c.code.expose(), typed));
                Ok(match found {
                    Some(code) if code.used.is_some() => UseResult::AlreadyUsed,
                    Some(code) => {
                        code.used = Some(now);
                        UseResult::Marked(None)
                    }
                    None => UseResult::NotFound,
                })
            }
            None => Ok(match set.codes.iter_mut().find(|c| c.used.is_none()) {
                Some(code) => {
                    code.used = Some(now);
                    UseResult::Marked(Some(code.code.expose().to_string()))
                }
                None => UseResult::NoneLeft,
            }),
        }
    })?;
    match result {
        UseResult::Marked(Some(code)) => {
            output::line(zeroize::Zeroizing::new(code).as_str())?;
            Ok(Outcome::Yes)
        }
        UseResult::Marked(None) => {
            output::note(format!("Marked the code used for {:?}.", args.name));
            Ok(Outcome::Yes)
        }
        UseResult::AlreadyUsed => {
            output::note("That code was used already.");
            Ok(Outcome::No)
        }
        UseResult::NotFound => {
            output::note(format!(
                "That is not one of the recovery codes of {:?}.",
                args.name
            ));
            Ok(Outcome::No)
        }
        UseResult::NoneLeft => {
            output::note(format!(
                "No unused recovery code is left for {:?}; generate new ones at the service.",
                args.name
            ));
            Ok(Outcome::No)
        }
    }
}

fn remove(ctx: &Context, args: NameArg) -> Result<Outcome> {
    ctx.update_account(&args.name, |account| {
        account.recovery_codes.take().map(drop).ok_or_else(|| {
            Error::new(format!("{:?} has no recovery codes stored", args.name))
                .hint("nothing to remove")
        })
    })?;
    output::note(format!("Removed the recovery codes of {:?}.", args.name));
    Ok(Outcome::Yes)
}
