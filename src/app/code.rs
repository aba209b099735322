//! `code [NAME]`: the current TOTP code of one account or of every account, at `--time` or
//! now; `--json` for scripts.

use serde::Serialize;

use crate::app::{Context, account};
use crate::cli::CodeArgs;
use crate::core::vault::Account;
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

#[derive(Serialize)]
struct CodeJson<'a> {
    account: &'a str,
    code: String,
    period: u64,
    remaining: u64,
}

fn code_of(account: &Account, time: u64) -> Result<CodeJson<'_>> {
    let totp = account
        .totp()
        .map_err(|e| Error::new(format!("account {:?}: {e}", account.name)))?;
    Ok(CodeJson {
        account: &account.name,
        code: totp.code_at(time),
        period: totp.period(),
        remaining: totp.remaining(time),
    })
}

pub fn run(ctx: &Context, args: CodeArgs) -> Result<Outcome> {
    let time = args.time.unwrap_or_else(|| ctx.now());
    let unlocked = ctx.open()?;
    let vault = &unlocked.vault;
    match &args.name {
        Some(name) => {
            let account = account(vault, name)?;
            let code = code_of(account, time)?;
            if args.json {
                output::json(&code)?;
            } else {
                output::line(&code.code)?;
            }
        }
        None => {
            let codes = vault
                .sorted_accounts()
                .into_iter()
                .map(|a| code_of(a, time))
                .collect::<Result<Vec<_>>>()?;
            if args.json {
                output::json(&codes)?;
            } else {
                for code in codes {
                    output::line(format!("{:<8}  {}", code.code, code.account))?;
                }
            }
        }
    }
    Ok(Outcome::Yes)
}
