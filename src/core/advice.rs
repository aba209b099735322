//! What to do next: the fewest actions that make every account of an audit pass, most
//! accounts first, each with the command that does it. Pure: it reads the audit's report.
//!
//! Why backups: a backup holds every account, so one backup written to a place that no path
//! needs yet, encrypted to a key kept at another such place, adds a path that shares no
//! location with any other to every account at once: each account's independent paths rise by
//! exactly one, and under `--lose` the new path survives (its places are not lost). An
//! account short of N paths needs N such backups; no other single action (a phone, a paper
//! copy of one account's codes) helps more than one account.

use serde::Serialize;

use super::audit::Report;

/// One thing to do, and what it fixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub advice: String,
    /// The failing accounts it makes pass (with the steps before it).
    pub accounts: Vec<String>,
    pub command: String,
}

/// Places for the example commands, taken in order where the vault does not use them yet.
const PLACES: [&str; 4] = ["usb-safe", "bank-box", "office-drawer", "friend-house"];
const KEY_PLACES: [&str; 4] = [
    "paper-wallet",
    "paper-safe",
    "trusted-friend",
    "paper-office",
];

/// The steps that make every account of `report` pass; none when all pass. `used` are the
/// locations the vault names already (the example commands pick new ones).
pub fn next_steps(report: &Report, used: &[String]) -> Vec<NextStep> {
    let failing = report
        .accounts
        .iter()
        .filter(|a| !a.ok)
        .map(|a| (a.name.as_str(), a.independent_paths));
    next_steps_of(report.min_paths, &report.lost, failing, used)
}

/// [`next_steps`] of an audit known by its failing accounts alone, in the report's order, each
/// with its independent paths: an audit written as it is made holds no report.
pub fn next_steps_of<'a>(
    min_paths: u32,
    lost: &[String],
    failing: impl Iterator<Item = (&'a str, usize)>,
    used: &[String],
) -> Vec<NextStep> {
    let min_paths = min_paths as usize;
    // How many more independent paths each failing account needs.
    let mut short: Vec<(&str, usize)> = failing
        .map(|(name, independent_paths)| {
            let need = if lost.is_empty() {
                min_paths.saturating_sub(independent_paths).max(1)
            } else {
                1
            };
            (name, need)
        })
        .collect();
    let free = |names: &[&'static str]| -> Vec<&'static str> {
        names
            .iter()
            .copied()
            .filter(|n| !used.iter().any(|u| u == n) && !lost.iter().any(|l| l == n))
            .collect()
    };
    let places = free(&PLACES);
    let key_places = free(&KEY_PLACES);
    let mut steps = Vec::new();
    let mut round = 0;
    while !short.is_empty() {
        let place = places.get(round).copied().unwrap_or("another-place");
        let key_place = key_places
            .get(round)
            .copied()
            .unwrap_or("another-key-place");
        let fixed: Vec<String> = short
            .iter()
            .filter(|(_, need)| *need == 1)
            .map(|(name, _)| name.to_string())
            .collect();
        let all = fixed.len() == short.len();
        let ordinal = ["One", "A second", "A third"]
            .get(round)
            .copied()
            .unwrap_or("Another");
        let mut advice = format!(
            "{ordinal} backup kept at a place no path needs yet ({place}), encrypted to a key kept at another such place ({key_place})"
        );
        advice.push_str(if round == 0 && all && fixed.len() > 1 {
            ": it adds a way back into every account at once, and makes all of them pass"
        } else if round == 0 && all {
            ": it makes the account pass"
        } else if all {
            ": it makes the rest pass"
        } else {
            ": it adds a way back into every account at once"
        });
        if !lost.is_empty() {
            advice.push_str(&format!(" (and it survives losing {})", lost.join(" and ")));
        }
        let file = format!("/media/{place}/mfa-kit.age");
        let key_file = format!("{key_place}-key.txt");
        steps.push(NextStep {
            advice,
            accounts: fixed,
            // Runs again as it is once the drive is mounted: the key is made only once.
            command: format!(
                "(test -e {key_file} || age-keygen -o {key_file}) && mfa-kit backup --out {file} --at {place} -r \"$(age-keygen -y {key_file})\" --key-at {key_place}   # then print {key_file}, keep it at {key_place}, and delete the file"
            ),
        });
        short = short
            .into_iter()
            .filter(|(_, need)| *need > 1)
            .map(|(name, need)| (name, need - 1))
            .collect();
        round += 1;
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::AccountReport;

    fn account(name: &str, independent: usize, ok: bool) -> AccountReport {
        AccountReport {
            name: name.into(),
            ok,
            independent_paths: independent,
            paths: vec![],
            gone_paths: vec![],
            single_points_of_failure: vec![],
            weakest_losses: vec![],
            findings: vec![],
            service: None,
        }
    }

    fn report(accounts: Vec<AccountReport>, lost: &[&str]) -> Report {
        Report {
            ok: accounts.iter().all(|a| a.ok),
            min_paths: 2,
            lost: lost.iter().map(|l| l.to_string()).collect(),
            device: "laptop".into(),
            accounts,
            next_steps: vec![],
        }
    }

    #[test]
    fn one_backup_fixes_every_account_one_short() {
        let r = report(
            vec![
                account("a", 1, false),
                account("b", 1, false),
                account("c", 3, true),
            ],
            &[],
        );
        let steps = next_steps(&r, &["usb-safe".to_string()]);
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].accounts, ["a", "b"]);
        assert!(steps[0].advice.contains("every account at once"));
        assert!(
            steps[0].command.contains("--at bank-box"),
            "{}",
            steps[0].command
        );
        assert!(next_steps(&report(vec![account("c", 2, true)], &[]), &[]).is_empty());
    }

    #[test]
    fn accounts_short_of_two_need_two_backups_most_accounts_first() {
        let r = report(vec![account("a", 0, false), account("b", 1, false)], &[]);
        let steps = next_steps(&r, &[]);
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].accounts, ["b"]);
        assert_eq!(steps[1].accounts, ["a"]);
        assert_ne!(steps[0].command, steps[1].command);
    }

    #[test]
    fn under_a_loss_one_surviving_backup_is_enough() {
        let r = report(
            vec![account("a", 0, false), account("b", 0, false)],
            &["usb-safe"],
        );
        let steps = next_steps(&r, &[]);
        assert_eq!(steps.len(), 1);
        assert!(!steps[0].command.contains("--at usb-safe"));
        assert!(steps[0].advice.contains("survives losing usb-safe"));
    }
}
