//! `list`: the accounts, one a line (name, then the issuer after a tab), or `--json` (with
//! each account's `type`, `totp` or `hotp`, and a TOTP's period or an HOTP's counter).

use serde::Serialize;

use crate::app::Context;
use crate::cli::ListArgs;
use crate::error::{Outcome, Result};
use crate::sys::output;

#[derive(Serialize)]
struct ListedAccount<'a> {
    name: &'a str,
    issuer: Option<&'a str>,
    label: Option<&'a str>,
    /// `totp` or `hotp`.
    #[serde(rename = "type")]
    kind: &'static str,
    algorithm: &'static str,
    digits: u8,
    /// A TOTP's period (an HOTP has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u64>,
    /// An HOTP's counter: the counter of its next code.
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    authenticators: &'a [String],
}

pub fn run(ctx: &Context, args: ListArgs) -> Result<Outcome> {
    let unlocked = ctx.open()?;
    let accounts = unlocked.vault.sorted_accounts();
    if args.json {
        let listed: Vec<ListedAccount> = accounts
            .iter()
            .map(|a| ListedAccount {
                name: &a.name,
                issuer: a.issuer.as_deref(),
                label: a.label.as_deref(),
                kind: if a.is_hotp() { "hotp" } else { "totp" },
                algorithm: a.algorithm.as_str(),
                digits: a.digits,
                period: (!a.is_hotp()).then_some(a.period),
                counter: a.counter,
                authenticators: &a.authenticators,
            })
            .collect();
        return output::json(&listed).map(|_| Outcome::Yes);
    }
    // A tab separates the columns: one inside a name or issuer (an older or hand-edited
    // vault) is escaped, so it cannot add a column.
    let field = |text: &str| text.replace('\t', "\\u{0009}");
    let mut out = output::Lines::new();
    for account in accounts {
        match &account.issuer {
            Some(issuer) => out.line(format!("{}\t{}", field(&account.name), field(issuer)))?,
            None => out.line(field(&account.name))?,
        }
    }
    out.finish()?;
    Ok(Outcome::Yes)
}
