//! `list`: the accounts, one a line (name, then the issuer after a tab), or `--json` (with
//! each account's `type`, `totp` or `hotp`, and a TOTP's period or an HOTP's counter).

use serde::Serialize;

use crate::app::Context;
use crate::cli::ListArgs;
use crate::error::{Outcome, Result};
use crate::sys::output;

#[derive(Serialize)]
struct ListedAccount {
    name: String,
    issuer: Option<String>,
    label: Option<String>,
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
    authenticators: Vec<String>,
}

pub fn run(ctx: &Context, args: ListArgs) -> Result<Outcome> {
    // What is listed of each account, read one at a time: the vault is never held whole.
    let mut accounts = ctx.account_rows(|a| ListedAccount {
        name: a.name.clone(),
        issuer: a.issuer.clone(),
        label: a.label.clone(),
        kind: if a.is_hotp() { "hotp" } else { "totp" },
        algorithm: a.algorithm.as_str(),
        digits: a.digits,
        period: (!a.is_hotp()).then_some(a.period),
        counter: a.counter,
        authenticators: a.authenticators.clone(),
    })?;
    accounts.sort_by(|a, b| a.name.cmp(&b.name));
    if args.json {
        return output::json(&accounts).map(|_| Outcome::Yes);
    }
    // A tab separates the columns: one inside a name or issuer (an older or hand-edited
    // vault) is escaped, so it cannot add a column.
    let field = |text: &str| text.replace('\t', "\\u{0009}");
    let mut out = output::Lines::new();
    for account in &accounts {
        match &account.issuer {
            Some(issuer) => out.line(format!("{}\t{}", field(&account.name), field(issuer)))?,
            None => out.line(field(&account.name))?,
        }
    }
    out.finish()?;
    Ok(Outcome::Yes)
}
