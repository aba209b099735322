//! The recovery audit: every account's recovery paths (each with the set of locations it
//! needs, all of them), which of them count, the fewest locations whose loss together leaves
//! no path (a minimum hitting set), single points of failure, what-if losses, and findings.
//! Pure: what only the edge can know (key files, backup files) comes in as [`Facts`].

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use super::backup::{holds_current, material_digest, totp_digest};
use super::otp::CLOCK_TOLERANCE_SECS;
use super::sshkey::KeyState;
use super::vault::{Account, BackupRecord, SshKey, Vault};

/// The location of a passphrase: it must be remembered.
pub const MEMORY: &str = "memory";
const DAY: u64 = 24 * 60 * 60;

/// How the vault itself is unlocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultLock {
    /// An identity file kept on the vault's device.
    Identity,
    /// A passphrase, which lives in `memory`.
    Passphrase,
}

/// The audit's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub device: String,
    pub vault_lock: VaultLock,
    pub min_paths: u32,
    pub lost: Vec<String>,
    pub now: u64,
    pub codes_low: u32,
    pub backup_max_age_days: u64,
    pub verify_max_age_days: u64,
}

/// What only the edge can find out: the state of key files and backup files on this device.
pub trait Facts {
    fn key_state(&self, key: &SshKey) -> KeyState;
    /// What can be seen here of a recorded backup's file.
    fn backup_file(&self, record: &BackupRecord) -> BackupFile;
}

/// A recorded backup's file as this device sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupFile {
    /// Kept elsewhere and not reachable here (or written to standard output): taken on trust.
    Unchecked,
    /// Here and whole: the bytes that were written.
    Present,
    /// Recorded as kept on this device, and gone.
    Missing,
    /// Empty, not an age file, or (kept on this device) not the bytes that were written.
    Damaged,
    /// Said to be kept elsewhere, but still on the vault's own disk.
    OnVaultDisk,
}

/// One way back into an account: what it is, the locations it needs (all of them), and,
/// when it does not count, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    pub kind: String,
    pub needs: Vec<String>,
    pub detail: String,
    pub counts: bool,
    /// Why it does not count, as a stable word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Why it does not count, for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Why a path does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// It needs a location given to `--lose`.
    Lost,
    /// A backup that holds an older TOTP secret or parameters than the vault.
    Stale,
    /// Its file (a key, a backup) is gone or is not what was recorded.
    Missing,
    /// No unused recovery code is left.
    Spent,
    /// The account's service does not accept this route.
    NotAccepted,
    /// The service refused the SSH key when last checked.
    Rejected,
    /// Its place was retired.
    Gone,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Lost => "lost",
            Reason::Stale => "stale",
            Reason::Missing => "missing",
            Reason::Spent => "spent",
            Reason::NotAccepted => "not-accepted",
            Reason::Rejected => "rejected",
            Reason::Gone => "gone",
        }
    }
}

/// A path that does not count, before it is put in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dead {
    reason: Reason,
    why: String,
}

fn dead(reason: Reason, why: impl Into<String>) -> Option<Dead> {
    Some(Dead {
        reason,
        why: why.into(),
    })
}

/// A path as the audit finds it: what it is, and whether something already stops it.
fn path(kind: &str, needs: Vec<String>, detail: String) -> Path {
    Path {
        kind: kind.to_string(),
        needs,
        detail,
        counts: true,
        reason: None,
        why: None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GonePath {
    pub kind: String,
    pub needs: Vec<String>,
    pub detail: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Advice that fails nothing.
    Hint,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountReport {
    pub name: String,
    pub ok: bool,
    pub independent_paths: usize,
    /// Every path, counting or not.
    pub paths: Vec<Path>,
    /// The paths that do not count, as the first version listed them (kept for its scripts).
    pub gone_paths: Vec<GonePath>,
    pub single_points_of_failure: Vec<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub ok: bool,
    pub min_paths: u32,
    pub lost: Vec<String>,
    pub device: String,
    pub accounts: Vec<AccountReport>,
}

/// Audits every account of the vault.
pub fn audit(vault: &Vault, settings: &Settings, facts: &dyn Facts) -> Report {
    let accounts: Vec<AccountReport> = vault
        .sorted_accounts()
        .into_iter()
        .map(|account| audit_account(account, vault, settings, facts))
        .collect();
    Report {
        ok: accounts.iter().all(|a| a.ok),
        min_paths: settings.min_paths,
        lost: settings.lost.clone(),
        device: settings.device.clone(),
        accounts,
    }
}

fn sorted(needs: impl IntoIterator<Item = String>) -> Vec<String> {
    needs
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn audit_account(
    account: &Account,
    vault: &Vault,
    settings: &Settings,
    facts: &dyn Facts,
) -> AccountReport {
    let backups = &vault.backups;
    let device = settings.device.as_str();
    let mut findings = Vec::new();
    let mut candidates: Vec<(Path, Option<Dead>)> = Vec::new();
    let mut vault_needs = vec![device.to_string()];
    if settings.vault_lock == VaultLock::Passphrase {
        vault_needs.push(MEMORY.to_string());
    }
    let vault_needs = sorted(vault_needs);

    candidates.push((
        path(
            "vault",
            vault_needs.clone(),
            format!("the TOTP secret in the vault on {device}"),
        ),
        None,
    ));
    for place in &account.authenticators {
        candidates.push((
            path(
                "authenticator",
                vec![place.clone()],
                format!("an authenticator app on {place}"),
            ),
            None,
        ));
    }

    if let Some(set) = &account.recovery_codes {
        let left = set.left();
        let spent = if left == 0 {
            dead(Reason::Spent, "no unused recovery code is left")
        } else {
            None
        };
        candidates.push((
            path(
                "recovery-codes",
                vault_needs.clone(),
                format!("{left} recovery code(s) in the vault"),
            ),
            spent.clone(),
        ));
        for place in &set.at {
            candidates.push((
                path(
                    "recovery-codes",
                    vec![place.clone()],
                    format!("a copy of the recovery codes at {place}"),
                ),
                spent.clone(),
            ));
        }
        if left == 0 {
            findings.push(warning(
                "codes-spent",
                "every recovery code is used: generate new ones at the service and `mfa-kit codes add` them",
            ));
        } else if (left as u64) < u64::from(settings.codes_low) {
            findings.push(warning(
                "codes-low",
                format!("only {left} recovery code(s) left: generate new ones at the service before they run out"),
            ));
        }
    }

    for key in &account.ssh_keys {
        let state = facts.key_state(key);
        let dead = match state {
            KeyState::Missing => {
                let stored = if key.private_key.is_some() {
                    "write its stored copy back (`mfa-kit restore BACKUP -i BACKUP_KEY --ssh-dir ~/.ssh`), or "
                } else {
                    ""
                };
                findings.push(warning(
                    "ssh-key-missing",
                    format!(
                        "the SSH key file {} (or its private key) is gone: {stored}register the key you use now (`mfa-kit ssh remove {} {}`, then `mfa-kit ssh add {} KEYFILE`)",
                        key.path, account.name, key.fingerprint, account.name
                    ),
                ));
                dead(Reason::Missing, "the key file is gone")
            }
            KeyState::Changed => {
                findings.push(warning(
                    "ssh-key-changed",
                    format!(
                        "the SSH key file {} no longer holds {}: register the key the service has, or restore the old one",
                        key.path, key.fingerprint
                    ),
                ));
                dead(Reason::Missing, "the key file holds another key")
            }
            KeyState::Ok | KeyState::Elsewhere => None,
        };
        candidates.push((
            path(
                "ssh-key",
                vec![key.at.clone()],
                format!("the SSH key {} at {}", key.fingerprint, key.at),
            ),
            dead,
        ));
    }

    for declared in &account.paths {
        let mut detail = format!("{} at {}", declared.kind, declared.at);
        if let Some(note) = &declared.note {
            detail.push_str(&format!(" ({note})"));
        }
        candidates.push((
            path(declared.kind.as_str(), vec![declared.at.clone()], detail),
            None,
        ));
    }

    backup_paths(
        account,
        backups,
        settings,
        facts,
        &mut candidates,
        &mut findings,
    );

    // A verification "in the future" was recorded from a moment far from the clock: it
    // proves nothing about the code working now.
    let verified_recently = account.last_verified.is_some_and(|t| {
        t <= settings.now.saturating_add(CLOCK_TOLERANCE_SECS)
            && settings.now.saturating_sub(t) <= settings.verify_max_age_days * DAY
    });
    if !verified_recently {
        findings.push(warning(
            "totp-unverified",
            // Only a code from elsewhere proves the vault's secret: mfa-kit's own code checked
            // by mfa-kit proves nothing.
            {
                let how = "type the code your authenticator app shows into `mfa-kit verify NAME CODE` (the same secret gives the same code), or log in at the service with a code from `mfa-kit code NAME`";
                match account.last_verified {
                    None => format!("the vault's TOTP secret was never checked against the service: {how}"),
                    Some(_) => format!(
                        "the vault's TOTP secret was not checked for {} days: {how}",
                        settings.verify_max_age_days
                    ),
                }
            },
        ));
    }

    // A location is lost when it, or the site it is in, is named in --lose.
    let lost: HashSet<&str> = settings.lost.iter().map(String::as_str).collect();
    let mut paths = Vec::new();
    let mut gone_paths = Vec::new();
    for (mut path, dead_already) in candidates {
        let lost_here: Vec<&str> = path
            .needs
            .iter()
            .map(String::as_str)
            .filter(|n| lost.contains(n) || lost.contains(vault.site_of(n)))
            .collect();
        let why_not = dead_already.or_else(|| {
            if lost_here.is_empty() {
                None
            } else {
                dead(
                    Reason::Lost,
                    format!("needs {}, lost", lost_here.join(", ")),
                )
            }
        });
        if let Some(Dead { reason, why }) = why_not {
            gone_paths.push(GonePath {
                kind: path.kind.clone(),
                needs: path.needs.clone(),
                detail: path.detail.clone(),
                reason: why.clone(),
            });
            path.counts = false;
            path.reason = Some(reason);
            path.why = Some(why);
        }
        paths.push(path);
    }

    // One event takes out a site whole: the losses are counted over sites (and the
    // locations in none).
    let need_sets: Vec<Vec<&str>> = paths
        .iter()
        .filter(|p| p.counts)
        .map(|p| p.needs.iter().map(|n| vault.site_of(n)).collect())
        .collect();
    let independent_paths = min_hitting_set(&need_sets);
    let single_points_of_failure = single_points_of_failure(&need_sets);
    let ok = if settings.lost.is_empty() {
        independent_paths >= settings.min_paths as usize
    } else {
        !need_sets.is_empty()
    };
    if !ok {
        findings.insert(
            0,
            too_few_paths(settings, independent_paths, &single_points_of_failure),
        );
    }
    AccountReport {
        name: account.name.clone(),
        ok,
        independent_paths,
        paths,
        gone_paths,
        single_points_of_failure,
        findings,
    }
}

fn backup_paths(
    account: &Account,
    backups: &[BackupRecord],
    settings: &Settings,
    facts: &dyn Facts,
    candidates: &mut Vec<(Path, Option<Dead>)>,
    findings: &mut Vec<Finding>,
) {
    let device = settings.device.as_str();
    let digest = material_digest(account);
    let totp = totp_digest(account);
    let holding: Vec<&BackupRecord> = backups
        .iter()
        .filter(|b| b.accounts.contains_key(&account.name))
        .collect();
    if holding.is_empty() {
        findings.push(warning(
            "no-backup",
            "no backup holds this account: `mfa-kit backup` to a place off this device, with its key elsewhere",
        ));
        return;
    }
    // The newest backup holding everything as it is now, and whether any holds at least
    // today's TOTP secret (it still recovers the account; newer codes or keys it lacks).
    let mut newest_current: Option<u64> = None;
    let mut totp_current = false;
    let mut reported = HashSet::new();
    let mut report = |findings: &mut Vec<Finding>, code: &'static str, message: String| {
        if reported.insert(code) {
            findings.push(warning(code, message));
        }
    };
    for record in &holding {
        let current = record.accounts.get(&account.name) == Some(&digest);
        debug_assert_eq!(current, holds_current(record, account));
        let holds_totp = current || record.totp.get(&account.name) == Some(&totp);
        let file = if record.gone.is_some() {
            BackupFile::Unchecked
        } else {
            facts.backup_file(record)
        };
        let dead_file = match file {
            _ if record.gone.is_some() => dead(
                Reason::Gone,
                "the place it was kept at, or of its keys, was retired",
            ),
            BackupFile::Missing => {
                report(
                    findings,
                    "backup-missing",
                    format!(
                        "the backup file {} recorded on this device is gone: make a new backup",
                        record.file
                    ),
                );
                dead(Reason::Missing, "the backup file is gone")
            }
            BackupFile::Damaged => {
                report(
                    findings,
                    "backup-damaged",
                    format!(
                        "the backup file {} is damaged (empty, not an age file, or not what was written): make a new backup",
                        record.file
                    ),
                );
                dead(Reason::Missing, "the backup file is damaged")
            }
            BackupFile::OnVaultDisk => {
                report(
                    findings,
                    "backup-on-vault-disk",
                    format!(
                        "the backup {} is said to be kept at {}, but it is still on the vault's own disk: move it there (a loss of this device takes it too until then)",
                        record.file, record.at
                    ),
                );
                None
            }
            BackupFile::Unchecked | BackupFile::Present => None,
        };
        let stale = if holds_totp {
            None
        } else {
            dead(
                Reason::Stale,
                "it holds an older TOTP secret or parameters than the vault",
            )
        };
        let alive = dead_file.is_none() && stale.is_none();
        // A record "made" in the future (a crafted or hand-edited one) proves no freshness.
        let plausible = record.created <= settings.now.saturating_add(CLOCK_TOLERANCE_SECS);
        if alive && current && plausible {
            newest_current = newest_current.max(Some(record.created));
        }
        totp_current |= alive && holds_totp;
        if alive && record.key_at.iter().all(|k| k == device) {
            report(
                findings,
                "backup-key-with-vault",
                format!(
                    "the backup {} opens only with a key on {device}, the device it backs up: encrypt it to a key kept elsewhere (--key-at)",
                    record.file
                ),
            );
        }
        for key_place in &record.key_at {
            candidates.push((
                path(
                    "backup",
                    sorted([record.at.clone(), key_place.clone()]),
                    format!(
                        "the backup {} at {}, opened by a key at {key_place}",
                        record.file, record.at
                    ),
                ),
                dead_file.clone().or(stale.clone()),
            ));
        }
    }
    let max_age = settings.backup_max_age_days * DAY;
    match newest_current {
        None if totp_current => findings.push(warning(
            "backup-stale",
            "the backups still recover the TOTP, but its recovery codes or SSH keys changed since: make a new backup",
        )),
        None => findings.push(warning(
            "backup-stale",
            "backups hold only an older version of this account: make a new backup",
        )),
        Some(created) if settings.now.saturating_sub(created) > max_age => findings.push(warning(
            "backup-stale",
            format!(
                "the newest backup holding this account is older than {} days: make a new one",
                settings.backup_max_age_days
            ),
        )),
        Some(_) => {}
    }
}

fn warning(code: &'static str, message: impl Into<String>) -> Finding {
    Finding {
        severity: Severity::Warning,
        code,
        message: message.into(),
    }
}

fn too_few_paths(settings: &Settings, independent: usize, spof: &[String]) -> Finding {
    let message = if !settings.lost.is_empty() {
        format!(
            "losing {} together leaves no way back in: add a path that needs none of them (a backup kept elsewhere, recovery codes on paper)",
            settings.lost.join(" and ")
        )
    } else if independent == 0 {
        "no way back in is left: add one (a backup, recovery codes, an authenticator)".to_string()
    } else if !spof.is_empty() {
        format!(
            "losing {} alone locks you out: add a path that does not need {} (a backup kept elsewhere with its key elsewhere again, recovery codes on paper)",
            spof.join(" or "),
            if spof.len() == 1 { "it" } else { "them" }
        )
    } else {
        format!(
            "only {independent} independent path(s), fewer than the {} required: add a path that needs other locations",
            settings.min_paths
        )
    };
    Finding {
        severity: Severity::Error,
        code: "too-few-paths",
        message,
    }
}

/// The locations each of which alone blocks every path (those in every path's set).
pub fn single_points_of_failure(paths: &[Vec<&str>]) -> Vec<String> {
    let Some((first, rest)) = paths.split_first() else {
        return Vec::new();
    };
    let mut common: BTreeSet<&str> = first.iter().copied().collect();
    for path in rest {
        let here: HashSet<&str> = path.iter().copied().collect();
        common.retain(|l| here.contains(l));
    }
    common.into_iter().map(str::to_string).collect()
}

/// The least number of locations whose loss together blocks every path: a minimum hitting
/// set of the paths' location sets (0 when there is no path). Exact: supersets are dropped,
/// then a branch-and-bound search branches on the locations of a path not yet hit, so its
/// cost grows with the answer (a handful), not with the number of locations.
pub fn min_hitting_set(paths: &[Vec<&str>]) -> usize {
    let mut sets: Vec<Vec<&str>> = paths
        .iter()
        .map(|p| {
            let mut s = p.clone();
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect();
    sets.sort_by_key(|s| s.len());
    sets.dedup();
    // A path whose set contains another's is hit whenever that one is: drop it.
    let mut minimal: Vec<Vec<&str>> = Vec::new();
    for set in sets {
        if !minimal.iter().any(|m| m.iter().all(|l| set.contains(l))) {
            minimal.push(set);
        }
    }
    if minimal.iter().any(|s| s.is_empty()) {
        // A path that needs nothing cannot be lost: no set of losses blocks it.
        return usize::MAX;
    }
    let mut best = minimal.len();
    let mut chosen = Vec::new();
    search(&minimal, &mut chosen, &mut best);
    best
}

fn search<'a>(sets: &[Vec<&'a str>], chosen: &mut Vec<&'a str>, best: &mut usize) {
    if chosen.len() >= *best {
        return;
    }
    let Some(unhit) = sets.iter().find(|s| !s.iter().any(|l| chosen.contains(l))) else {
        *best = chosen.len();
        return;
    };
    for location in unhit {
        chosen.push(location);
        search(sets, chosen, best);
        chosen.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(paths: &[&[&str]]) -> usize {
        let owned: Vec<Vec<&str>> = paths.iter().map(|p| p.to_vec()).collect();
        min_hitting_set(&owned)
    }

    #[test]
    fn hitting_set_table() {
        let cases: &[(&[&[&str]], usize)] = &[
            (&[], 0),
            (&[&["laptop"]], 1),
            (&[&["laptop"], &["laptop"]], 1),
            (&[&["laptop"], &["phone"]], 2),
            (&[&["laptop"], &["phone"], &["paper"]], 3),
            (&[&["laptop", "memory"], &["usb", "memory"]], 1),
            (&[&["laptop"], &["usb", "paper"]], 2),
            (&[&["laptop"], &["laptop", "usb"]], 1),
            (&[&["a", "b"], &["c", "d"], &["a", "c"], &["b", "d"]], 2),
            (&[&["a", "b"], &["b", "c"], &["c", "a"]], 2),
        ];
        for (paths, want) in cases {
            assert_eq!(hs(paths), *want, "{paths:?}");
        }
    }

    #[test]
    fn spof_is_the_common_location() {
        let paths = vec![vec!["laptop", "memory"], vec!["usb", "memory"]];
        assert_eq!(single_points_of_failure(&paths), ["memory"]);
        let paths = vec![vec!["laptop"], vec!["phone"]];
        assert!(single_points_of_failure(&paths).is_empty());
        assert!(single_points_of_failure(&[]).is_empty());
    }

    /// The exact search against brute force over every subset, on random small cases.
    mod properties {
        use super::*;
        use proptest::prelude::*;

        const NAMES: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

        fn brute_force(paths: &[Vec<&str>]) -> usize {
            if paths.is_empty() {
                return 0;
            }
            (0u32..1 << NAMES.len())
                .filter(|mask| {
                    paths.iter().all(|p| {
                        p.iter()
                            .any(|l| mask & (1 << NAMES.iter().position(|n| n == l).unwrap()) != 0)
                    })
                })
                .map(|mask| mask.count_ones() as usize)
                .min()
                .unwrap()
        }

        proptest! {
            #[test]
            fn matches_brute_force(raw in proptest::collection::vec(
                proptest::collection::vec(0usize..6, 1..4), 0..8)) {
                let paths: Vec<Vec<&str>> = raw
                    .iter()
                    .map(|p| p.iter().map(|i| NAMES[*i]).collect())
                    .collect();
                prop_assert_eq!(min_hitting_set(&paths), brute_force(&paths));
                let spof = single_points_of_failure(&paths);
                for location in &spof {
                    prop_assert!(paths.iter().all(|p| p.contains(&location.as_str())));
                }
                if !paths.is_empty() {
                    prop_assert_eq!(spof.is_empty(), min_hitting_set(&paths) > 1);
                }
            }
        }
    }
}
