//! `list`: the accounts, one a line (name, then the issuer after a tab), or `--json` (with
//! each account's `type`, `totp` or `hotp`, and a TOTP's period or an HOTP's counter).

use serde::Serialize;

use crate::app::Context;
use crate::cli::ListArgs;
use crate::core::otp::Algorithm;
use crate::core::packed::PackedTexts;
use crate::core::vault::Account;
use crate::error::{Outcome, Result};
use crate::sys::output;

/// What is listed of one account. Its name, issuer and label are one allocation, and its
/// kind and algorithm are flags: the rows of 10,000 accounts are made beside the vault's
/// text, and a string for each field was 1.2 MiB more at the listing's peak. Written in JSON
/// as `name`, `issuer`, `label` (null when there is none), `type` (`totp` or `hotp`),
/// `algorithm`, `digits`, `period` (a TOTP's), `counter` (an HOTP's: that of its next code)
/// and `authenticators`.
struct ListedAccount {
    /// The name, the issuer and the label (empty when there is none).
    texts: PackedTexts<3>,
    has_issuer: bool,
    has_label: bool,
    hotp: bool,
    algorithm: Algorithm,
    digits: u8,
    period: Option<u64>,
    counter: Option<u64>,
    authenticators: Box<[Box<str>]>,
}

impl ListedAccount {
    fn of(account: &Account) -> ListedAccount {
        ListedAccount {
            texts: PackedTexts::new([
                &account.name,
                account.issuer.as_deref().unwrap_or(""),
                account.label.as_deref().unwrap_or(""),
            ]),
            has_issuer: account.issuer.is_some(),
            has_label: account.label.is_some(),
            hotp: account.is_hotp(),
            algorithm: account.algorithm,
            digits: account.digits,
            period: (!account.is_hotp()).then_some(account.period),
            counter: account.counter,
            authenticators: account
                .authenticators
                .iter()
                .map(|at| Box::from(at.as_str()))
                .collect(),
        }
    }

    fn name(&self) -> &str {
        self.texts.get(0)
    }

    fn issuer(&self) -> Option<&str> {
        self.has_issuer.then(|| self.texts.get(1))
    }

    fn label(&self) -> Option<&str> {
        self.has_label.then(|| self.texts.get(2))
    }
}

impl Serialize for ListedAccount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = 7 + usize::from(self.period.is_some()) + usize::from(self.counter.is_some());
        let mut row = serializer.serialize_struct("ListedAccount", fields)?;
        row.serialize_field("name", self.name())?;
        row.serialize_field("issuer", &self.issuer())?;
        row.serialize_field("label", &self.label())?;
        row.serialize_field("type", if self.hotp { "hotp" } else { "totp" })?;
        row.serialize_field("algorithm", self.algorithm.as_str())?;
        row.serialize_field("digits", &self.digits)?;
        if let Some(period) = self.period {
            row.serialize_field("period", &period)?;
        }
        if let Some(counter) = self.counter {
            row.serialize_field("counter", &counter)?;
        }
        row.serialize_field("authenticators", &self.authenticators)?;
        row.end()
    }
}

pub fn run(ctx: &Context, args: ListArgs) -> Result<Outcome> {
    // What is listed of each account, read one at a time: the vault is never held whole.
    let mut accounts = ctx.account_rows(ListedAccount::of)?;
    accounts.sort_unstable_by(|a, b| a.name().cmp(b.name()));
    if args.json {
        return output::json(&accounts).map(|_| Outcome::Yes);
    }
    // A tab separates the columns: one inside a name or issuer (an older or hand-edited
    // vault) is escaped, so it cannot add a column.
    let field = |text: &str| text.replace('\t', "\\u{0009}");
    let mut out = output::Lines::new();
    for account in &accounts {
        match account.issuer() {
            Some(issuer) => out.line(format!("{}\t{}", field(account.name()), field(issuer)))?,
            None => out.line(field(account.name()))?,
        }
    }
    out.finish()?;
    Ok(Outcome::Yes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::vault::tests::sample_account;

    /// A row's JSON has the keys `list --json` has always had, in the same order: a missing
    /// issuer or label as null, a TOTP's period or an HOTP's counter.
    #[test]
    fn a_listed_account_writes_the_same_json() {
        let mut account = sample_account("bank");
        account.issuer = None;
        account.label = Some("me@example.com".into());
        account.authenticators = vec!["phone".into(), "tablet".into()];
        assert_eq!(
            serde_json::to_string(&ListedAccount::of(&account)).unwrap(),
            r#"{"name":"bank","issuer":null,"label":"me@example.com","type":"totp","algorithm":"SHA1","digits":6,"period":30,"authenticators":["phone","tablet"]}"#
        );
        account.counter = Some(7);
        account.issuer = Some("Bank".into());
        account.label = None;
        account.authenticators.clear();
        let row = ListedAccount::of(&account);
        assert!(row.hotp, "an account with a counter is HOTP");
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"name":"bank","issuer":"Bank","label":null,"type":"hotp","algorithm":"SHA1","digits":6,"counter":7,"authenticators":[]}"#
        );
    }
}
