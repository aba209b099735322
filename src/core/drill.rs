//! The recovery drill's judgement: given the vault and the backups that survive a loss (each
//! opened with only the keys that survive it, or the reason it could not be), which accounts
//! come back with a TOTP whose codes equal the vault's, now and at the next step, and why the
//! others do not. Pure: the edge opens the files; the clock comes in as a value.

use serde::Serialize;

use super::backup::in_backup;
use super::vault::{Account, NameIndex, Vault};

/// A backup the drill tried: its file, and what opening it gave.
pub struct Opened {
    pub file: String,
    pub result: Result<Vault, OpenFailure>,
}

/// Why a surviving backup file did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFailure {
    /// None of the surviving keys opens it (its keys were lost).
    NoKey,
    /// The file is damaged, truncated or not a vault (what was wrong, without a secret).
    Damaged(String),
}

/// One account's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillAccount {
    pub name: String,
    pub recovered: bool,
    /// The backup file that brought it back.
    pub by: Option<String>,
    /// Why it would be lost, when it would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Judges every account of `vault` against the opened backups, at `now` and the next step.
pub fn drill(vault: &Vault, opened: &[Opened], now: u64) -> Vec<DrillAccount> {
    let judge = Judge::of(opened);
    vault
        .sorted_accounts()
        .into_iter()
        .map(|account| judge.account(account, now))
        .collect()
}

/// The opened backups, each backup's accounts indexed by name once rather than scanned per
/// account: what judges an account ([`Judge::account`]) read by itself.
pub struct Judge<'a> {
    opened: Vec<(&'a Opened, Option<NameIndex>)>,
}

impl<'a> Judge<'a> {
    pub fn of(opened: &'a [Opened]) -> Judge<'a> {
        let opened = opened
            .iter()
            .map(|backup| {
                let names = backup
                    .result
                    .as_ref()
                    .ok()
                    .map(|v| NameIndex::of(&v.accounts));
                (backup, names)
            })
            .collect();
        Judge { opened }
    }

    /// Whether `account` of the vault comes back from the opened backups, at `now` and the
    /// next step, and why not.
    pub fn account(&self, account: &Account, now: u64) -> DrillAccount {
        judge(account, &self.opened, now)
    }
}

/// What the drill needs of an account a backup holds: its names, to find it by, and what
/// makes its codes (the rest, recovery codes and keys included, is dropped, and its secrets
/// wiped): a backup of 10,000 accounts is held as a few megabytes, not as its whole model.
pub fn for_the_drill(mut account: Account) -> Account {
    account.issuer = None;
    account.label = None;
    account.authenticators = Vec::new();
    account.recovery_codes = None;
    account.ssh_keys = Vec::new();
    account.paths = Vec::new();
    account
}

fn judge(account: &Account, opened: &[(&Opened, Option<NameIndex>)], now: u64) -> DrillAccount {
    let lost = |why: String| DrillAccount {
        name: account.name.clone(),
        recovered: false,
        by: None,
        why: Some(why),
    };
    if opened.is_empty() {
        return lost("no backup survives this loss".to_string());
    }
    let mut held_older = false;
    for (backup, names) in opened {
        let (Ok(restored), Some(names)) = (&backup.result, names) else {
            continue;
        };
        let Some(theirs) = in_backup(restored, names, account) else {
            continue;
        };
        if same_codes(account, theirs, now) {
            return DrillAccount {
                name: account.name.clone(),
                recovered: true,
                by: Some(backup.file.clone()),
                why: None,
            };
        }
        held_older = true;
    }
    if held_older {
        return lost(format!(
            "the surviving backups hold an older {} secret or parameters than the vault",
            account.kind_name()
        ));
    }
    let opened_any = opened.iter().any(|(b, _)| b.result.is_ok());
    if opened_any {
        return lost("no surviving backup holds it (it is newer than the backups)".to_string());
    }
    let damaged: Vec<&str> = opened
        .iter()
        .filter(|(b, _)| matches!(b.result, Err(OpenFailure::Damaged(_))))
        .map(|(b, _)| b.file.as_str())
        .collect();
    if !damaged.is_empty() {
        return lost(format!(
            "the surviving backup files do not open: {} damaged{}",
            damaged.join(", "),
            if damaged.len() < opened.len() {
                ", the others have no surviving key"
            } else {
                ""
            }
        ));
    }
    lost("no surviving key opens the surviving backups".to_string())
}

/// True when both give the same codes now and at the next step (HOTP: at the vault's counter
/// and the next): what a person restoring from the backup would type in.
fn same_codes(ours: &Account, theirs: &Account, now: u64) -> bool {
    ours.same_codes_as(theirs, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::secret::SecretString;
    use crate::core::vault::tests::sample_account;

    fn vault_of(accounts: &[(&str, &str)]) -> Vault {
        let mut vault = Vault::new();
        for (name, secret) in accounts {
            let mut account = sample_account(name);
            account.secret = SecretString::from(*secret);
            vault.insert(account).unwrap();
        }
        vault
    }

    const A: &str = "JBSWY3DPEHPK3PXP";
    const B: &str = "GEZDGNBVGY3TQOJQ";

    #[test]
    fn each_account_is_recovered_or_told_why_not() {
        let vault = vault_of(&[("same", A), ("changed", A), ("new", A)]);
        let backup = vault_of(&[("same", A), ("changed", B)]);
        let opened = [
            Opened {
                file: "/usb/b.age".into(),
                result: Ok(backup),
            },
            Opened {
                file: "/usb/old.age".into(),
                result: Err(OpenFailure::NoKey),
            },
        ];
        let result = drill(&vault, &opened, 1_800_000_000);
        let by_name = |n: &str| result.iter().find(|a| a.name == n).unwrap();
        assert!(by_name("same").recovered);
        assert_eq!(by_name("same").by.as_deref(), Some("/usb/b.age"));
        assert!(!by_name("changed").recovered);
        assert!(
            by_name("changed")
                .why
                .as_ref()
                .unwrap()
                .contains("older TOTP")
        );
        assert!(by_name("new").why.as_ref().unwrap().contains("newer than"));
    }

    #[test]
    fn no_backup_no_key_or_damage_each_say_so() {
        let vault = vault_of(&[("a", A)]);
        let why = |opened: &[Opened]| drill(&vault, opened, 0)[0].why.clone().unwrap();
        assert!(why(&[]).contains("no backup survives"));
        let no_key = [Opened {
            file: "f".into(),
            result: Err(OpenFailure::NoKey),
        }];
        assert!(why(&no_key).contains("no surviving key"));
        let damaged = [Opened {
            file: "f".into(),
            result: Err(OpenFailure::Damaged("truncated".into())),
        }];
        assert!(why(&damaged).contains("damaged"));
    }
}
