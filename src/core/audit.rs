//! The recovery audit: every account's recovery paths (each with the set of locations it
//! needs, all of them), which of them count, the fewest locations whose loss together leaves
//! no path (a minimum hitting set), single points of failure, what-if losses, and findings.
//! Pure: what only the edge can know (key files, backup files) comes in as [`Facts`].

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::advice::{NextStep, next_steps};
use super::backup::{holds_current, material_digest, totp_digest};
use super::halves;
use super::hitting::{min_hitting_set, minimum_hitting_sets, single_points_of_failure};
use super::otp::CLOCK_TOLERANCE_SECS;
use super::services::{Catalogue, Route, Service};
use super::sshkey::KeyState;
use super::vault::{Account, BackupRecord, SshKey, Vault};

/// The most weakest losses listed for one account.
pub const MAX_WEAKEST_LOSSES: usize = 8;

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
pub trait Facts: Sync {
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
    pub kind: &'static str,
    pub needs: Vec<String>,
    pub detail: String,
    pub counts: bool,
    /// Why it does not count, as a stable word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Why it does not count, for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// For a backup opened by a K-of-N key: K; `needs` then lists its place and the N holders,
    /// any K of which open it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    /// The backup's place, for a K-of-N path.
    #[serde(skip)]
    pub place: Option<String>,
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
fn path(kind: &'static str, needs: Vec<String>, detail: String) -> Path {
    Path {
        kind,
        needs,
        detail,
        counts: true,
        reason: None,
        why: None,
        threshold: None,
        place: None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GonePath {
    pub kind: &'static str,
    pub needs: Vec<String>,
    pub detail: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Advice that fails nothing.
    Hint,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    /// Most messages are the same words for every account: not copied for each one.
    pub message: Cow<'static, str>,
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
    /// The smallest sets of locations (sites counted as one) whose loss together leaves the
    /// account no path: each has `independent_paths` members.
    pub weakest_losses: Vec<Vec<String>>,
    pub findings: Vec<Finding>,
    /// The service the account was matched to, if any.
    pub service: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub min_paths: u32,
    pub lost: Vec<String>,
    pub device: String,
    pub accounts: Vec<AccountReport>,
    /// The fewest actions that make every account pass, most accounts first.
    pub next_steps: Vec<NextStep>,
    /// Written last: every account's verdict is known only once each is written.
    pub ok: bool,
}

/// Audits every account of the vault.
pub fn audit(
    vault: &Vault,
    settings: &Settings,
    facts: &dyn Facts,
    services: &Catalogue,
) -> Report {
    // The two halves at once: accounts are audited each alone (a half keeps its own cache of
    // losses, which only saves work), so the report is the one a single thread makes.
    let (mut accounts, rest) = halves::of_halves(&vault.sorted_accounts(), |part| {
        let mut losses = LossCache::default();
        part.iter()
            .map(|account| audit_account(account, vault, settings, facts, services, &mut losses))
            .collect::<Vec<_>>()
    });
    accounts.extend(rest);
    let mut report = Report {
        ok: accounts.iter().all(|a| a.ok),
        min_paths: settings.min_paths,
        lost: settings.lost.clone(),
        device: settings.device.clone(),
        accounts,
        next_steps: Vec::new(),
    };
    let mut used = vault.locations();
    used.push(settings.device.clone());
    report.next_steps = next_steps(&report, &used);
    report
}

fn sorted(needs: impl IntoIterator<Item = String>) -> Vec<String> {
    needs
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// What the losses of one set of paths come to.
#[derive(Clone)]
struct Losses {
    independent_paths: usize,
    single_points_of_failure: Vec<String>,
    weakest_losses: Vec<Vec<String>>,
}

/// The most answers a [`LossCache`] keeps.
const MAX_KNOWN_LOSSES: usize = 512;

/// Accounts whose paths need the same places (every account a backup holds, with the same
/// phone) share one answer: the exact search runs once per distinct set of paths, not once
/// per account.
#[derive(Default)]
pub struct LossCache {
    known: HashMap<Vec<Vec<String>>, Losses>,
}

impl LossCache {
    fn of(&mut self, need_sets: &[Vec<&str>]) -> Losses {
        let mut key: Vec<Vec<String>> = need_sets
            .iter()
            .map(|set| {
                let mut set: Vec<String> = set.iter().map(|n| n.to_string()).collect();
                set.sort();
                set.dedup();
                set
            })
            .collect();
        key.sort();
        key.dedup();
        if let Some(found) = self.known.get(&key) {
            return found.clone();
        }
        // Accounts that each need places of their own would fill it with answers never
        // asked again: it is kept to a few hundred, which a vault's shared sets fit in.
        if self.known.len() >= MAX_KNOWN_LOSSES {
            self.known.clear();
        }
        let losses = Losses {
            independent_paths: min_hitting_set(need_sets),
            single_points_of_failure: single_points_of_failure(need_sets),
            weakest_losses: minimum_hitting_sets(need_sets, MAX_WEAKEST_LOSSES),
        };
        self.known.insert(key, losses.clone());
        losses
    }
}

/// The audit of one account of `vault` (only the vault's backups and sites are read, so a
/// vault without its accounts will do); `losses` may be shared by any accounts of one vault.
pub fn audit_account(
    account: &Account,
    vault: &Vault,
    settings: &Settings,
    facts: &dyn Facts,
    services: &Catalogue,
    losses: &mut LossCache,
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
            format!(
                "the {} secret in the vault on {device}",
                account.kind_name()
            ),
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
            KeyState::Ok | KeyState::Elsewhere
                if key.live.as_ref().is_some_and(|l| l.state == "rejected") =>
            {
                findings.push(warning(
                    "ssh-key-rejected",
                    format!(
                        "the service refused the SSH key {} when it was last checked live: register it at the service again, then `mfa-kit ssh check --live {}`",
                        key.fingerprint, account.name
                    ),
                ));
                dead(
                    Reason::Rejected,
                    "the service refused it at the last live check",
                )
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
    let service = services.find(
        account.issuer.as_deref(),
        &account.name,
        account.label.as_deref(),
    );
    if let Some(service) = service {
        judge_routes(account, service, &mut candidates, &mut findings);
    }

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
                    None => format!(
                        "the vault's {} secret was never checked against the service: {how}",
                        account.kind_name()
                    ),
                    Some(_) => format!(
                        "the vault's {} secret was not checked for {} days: {how}",
                        account.kind_name(),
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
        let is_lost = |n: &str| lost.contains(n) || lost.contains(vault.site_of(n));
        let lost_here: Vec<&str> = path
            .needs
            .iter()
            .map(String::as_str)
            .filter(|n| is_lost(n))
            .collect();
        // A K-of-N path survives while its place does and K holders do.
        let survives = match (path.threshold, &path.place) {
            (Some(k), Some(place)) => {
                let holders_left = path
                    .needs
                    .iter()
                    .filter(|n| *n != place && !is_lost(n))
                    .count();
                !is_lost(place) && holders_left >= k as usize
            }
            _ => lost_here.is_empty(),
        };
        let why_not = dead_already.or_else(|| {
            if survives {
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
                kind: path.kind,
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
        .flat_map(|p| need_sets_of(p, vault))
        .collect();
    let Losses {
        independent_paths,
        single_points_of_failure,
        weakest_losses,
    } = losses.of(&need_sets);
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
        weakest_losses,
        findings,
        service: service.map(|s| s.name.clone()),
    }
}

/// The location sets a path needs, sites counted as one: one set, or for a K-of-N path one
/// set per K holders (with its place), since any K of them open it.
fn need_sets_of<'a>(path: &'a Path, vault: &'a Vault) -> Vec<Vec<&'a str>> {
    let (Some(k), Some(place)) = (path.threshold, &path.place) else {
        return vec![path.needs.iter().map(|n| vault.site_of(n)).collect()];
    };
    let holders: Vec<&str> = path
        .needs
        .iter()
        .filter(|n| *n != place)
        .map(|n| vault.site_of(n))
        .collect();
    combinations(&holders, k as usize)
        .into_iter()
        .map(|mut set| {
            set.push(vault.site_of(place));
            set
        })
        .collect()
}

/// Every way to choose `k` of `items` (a share set has at most ten holders).
fn combinations<'a>(items: &[&'a str], k: usize) -> Vec<Vec<&'a str>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if items.len() < k {
        return Vec::new();
    }
    let (first, rest) = items.split_first().expect("items.len() >= k > 0");
    let mut with: Vec<Vec<&str>> = combinations(rest, k - 1)
        .into_iter()
        .map(|mut c| {
            c.insert(0, *first);
            c
        })
        .collect();
    with.extend(combinations(rest, k));
    with
}

/// The recovery route a path is, as services name them (`other` is none: not judged).
fn route_of(kind: &str) -> Option<Route> {
    Some(match kind {
        "vault" | "authenticator" | "backup" => Route::Totp,
        "recovery-codes" => Route::RecoveryCodes,
        "ssh-key" => Route::SshKey,
        "security-key" => Route::SecurityKey,
        "sms" => Route::Sms,
        "email" => Route::Email,
        "admin-reset" => Route::AdminReset,
        "trusted-contact" => Route::TrustedContact,
        _ => return None,
    })
}

/// Holds the account's paths to what its service accepts: a route the service does not
/// take does not count (`route-not-accepted`), and a route it takes that the account lacks is
/// suggested (`route-available`, with the command that adds it). What a person must know
/// about a service's SSH recovery comes with it.
fn judge_routes(
    account: &Account,
    service: &Service,
    candidates: &mut [(Path, Option<Dead>)],
    findings: &mut Vec<Finding>,
) {
    let name = &account.name;
    let mut refused = Vec::new();
    for (path, why_not) in candidates.iter_mut() {
        let Some(route) = route_of(path.kind) else {
            continue;
        };
        if service.accepts(route) {
            continue;
        }
        *why_not = dead(
            Reason::NotAccepted,
            format!("{} does not accept {}", service.name, route.describe()),
        );
        if !refused.contains(&route) {
            refused.push(route);
            findings.push(warning(
                "route-not-accepted",
                format!(
                    "{} does not accept {} for recovery (per the service catalogue: `mfa-kit services {}`), so that path does not count",
                    service.name,
                    route.describe(),
                    service.name
                ),
            ));
        }
    }
    let present: Vec<Route> = candidates
        .iter()
        .filter_map(|(path, _)| route_of(path.kind))
        .collect();
    let mut offer = |route: Route, how: String| {
        if service.accepts(route) && !present.contains(&route) {
            findings.push(hint(
                "route-available",
                format!(
                    "{} accepts {}, and this account has none: {how}",
                    service.name,
                    route.describe()
                ),
            ));
        }
    };
    offer(
        Route::RecoveryCodes,
        format!(
            "save them at the service, then `mfa-kit codes add {name} --at paper-drawer < codes.txt` and keep the printed copy there"
        ),
    );
    offer(
        Route::SecurityKey,
        format!(
            "register one at the service, then `mfa-kit path add {name} security-key --at keychain`"
        ),
    );
    let ssh_recovery = match &service.ssh_host {
        Some(_) if service.recovery.starts_with("ssh ") => {
            format!(" (recovery: `{}`)", service.recovery)
        }
        _ => String::new(),
    };
    offer(
        Route::SshKey,
        format!(
            "add an SSH key to the account at the service, then `mfa-kit ssh add {name} ~/.ssh/KEY --store`{ssh_recovery}"
        ),
    );
    // What to know before relying on the SSH route: the notes that speak of the key or of
    // the recovery command (GitLab's cancels every saved code).
    if service.accepts(Route::SshKey) {
        let command_word = service
            .recovery
            .strip_prefix("ssh ")
            .and_then(|rest| rest.split_whitespace().last());
        let about_ssh = |note: &&String| {
            note.contains("SSH key") || command_word.is_some_and(|word| note.contains(word))
        };
        for note in service.notes.iter().filter(about_ssh) {
            findings.push(hint("service-note", format!("{}: {note}", service.name)));
        }
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
    let digest = material_digest(account);
    let totp = totp_digest(account);
    // The newest backup holding everything as it is now, and whether any holds at least
    // today's TOTP secret (it still recovers the account; newer codes or keys it lacks).
    let mut newest_current: Option<u64> = None;
    let mut totp_current = false;
    let mut last_drill: Option<u64> = None;
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
                format!(
                    "it holds an older {} secret or parameters than the vault",
                    account.kind_name()
                ),
            )
        };
        let alive = dead_file.is_none() && stale.is_none();
        // A record "made" in the future (a crafted or hand-edited one) proves no freshness.
        let plausible = record.created <= settings.now.saturating_add(CLOCK_TOLERANCE_SECS);
        if alive && current && plausible {
            newest_current = newest_current.max(Some(record.created));
        }
        totp_current |= alive && holds_totp;
        if alive && holds_totp {
            last_drill = last_drill.max(record.drilled);
        }
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
        let drilled = match record.drilled {
            Some(t) => format!(
                " (drilled {} day(s) ago)",
                settings.now.saturating_sub(t) / DAY
            ),
            None => String::new(),
        };
        // A K-of-N key: one path, which any K of the holders open.
        if let Some(k) = record.threshold {
            let mut shared = path(
                "backup",
                sorted(std::iter::once(record.at.clone()).chain(record.key_at.iter().cloned())),
                format!(
                    "the backup {} at {}, opened by any {k} of the shares held at {}{drilled}",
                    record.file,
                    record.at,
                    record.key_at.join(", ")
                ),
            );
            shared.threshold = Some(k);
            shared.place = Some(record.at.clone());
            candidates.push((shared, dead_file.clone().or(stale.clone())));
            continue;
        }
        for key_place in &record.key_at {
            candidates.push((
                path(
                    "backup",
                    sorted([record.at.clone(), key_place.clone()]),
                    format!(
                        "the backup {} at {}, opened by a key at {key_place}{drilled}",
                        record.file, record.at,
                    ),
                ),
                dead_file.clone().or(stale.clone()),
            ));
        }
    }
    // A backup only proves itself when a drill has opened it with the keys that survive.
    let drilled_recently = last_drill
        .is_some_and(|t| settings.now.saturating_sub(t) <= settings.verify_max_age_days * DAY);
    if totp_current && !drilled_recently {
        findings.push(hint(
            "backup-undrilled",
            format!(
                "{}: prove the backups bring this account back, from only what survives a loss (`mfa-kit drill --lose {} -i PAPER_KEY`; a printed kit: scan it back into kit.age as its sheet says, and add --backup kit.age)",
                match last_drill {
                    None => "no drill has opened a backup that holds this account".to_string(),
                    Some(_) => format!("no drill for {} days", settings.verify_max_age_days),
                },
                settings.device
            ),
        ));
    }
    let max_age = settings.backup_max_age_days * DAY;
    match newest_current {
        None if totp_current => findings.push(warning(
            "backup-stale",
            format!(
                "the backups still recover the {}, but its recovery codes or SSH keys changed since: make a new backup",
                account.kind_name()
            ),
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

fn hint(code: &'static str, message: impl Into<Cow<'static, str>>) -> Finding {
    Finding {
        severity: Severity::Hint,
        code,
        message: message.into(),
    }
}

fn warning(code: &'static str, message: impl Into<Cow<'static, str>>) -> Finding {
    Finding {
        severity: Severity::Warning,
        code,
        message: message.into(),
    }
}

fn too_few_paths(settings: &Settings, independent: usize, spof: &[String]) -> Finding {
    let message = if let [one] = settings.lost.as_slice() {
        format!(
            "losing {one} leaves no way back in: add a path that does not need it (a backup kept elsewhere, recovery codes on paper)"
        )
    } else if !settings.lost.is_empty() {
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
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::vault::tests::{sample_account, sample_record};
    use proptest::prelude::*;

    struct NoFiles;

    impl Facts for NoFiles {
        fn key_state(&self, _: &SshKey) -> KeyState {
            KeyState::Elsewhere
        }
        fn backup_file(&self, _: &BackupRecord) -> BackupFile {
            BackupFile::Unchecked
        }
    }

    const PLACES: [&str; 6] = ["laptop", "phone", "paper", "usb", "wallet", "office"];

    fn settings(lost: Vec<String>) -> Settings {
        Settings {
            device: "laptop".into(),
            vault_lock: VaultLock::Identity,
            min_paths: 2,
            lost,
            now: 1_800_000_000,
            codes_low: 3,
            backup_max_age_days: 90,
            verify_max_age_days: 180,
        }
    }

    /// A vault large enough to be audited on two threads gets the report one thread makes,
    /// in the same order.
    #[test]
    fn a_large_vault_is_audited_in_two_halves_as_one_thread_audits_it() {
        let mut vault = Vault::new();
        for i in 0..halves::ACCOUNTS * 2 + 501 {
            let mut account = sample_account(&format!("account {i:05}"));
            account.authenticators = PLACES[..i % 4].iter().map(|p| p.to_string()).collect();
            vault.accounts.push(account);
        }
        // Out of order in the vault: the report is sorted by name whatever the split.
        vault.accounts.reverse();
        let settings = settings(vec!["phone".into()]);
        let services = Catalogue::default();
        let report = audit(&vault, &settings, &NoFiles, &services);
        let mut losses = LossCache::default();
        let one_thread: Vec<AccountReport> = vault
            .sorted_accounts()
            .into_iter()
            .map(|a| audit_account(a, &vault, &settings, &NoFiles, &services, &mut losses))
            .collect();
        assert_eq!(report.accounts.len(), vault.accounts.len());
        assert!(report.accounts == one_thread);
        let kinds: BTreeSet<usize> = report.accounts.iter().map(|a| a.paths.len()).collect();
        assert_eq!(kinds.len(), 4, "accounts with 0 to 3 authenticators");
    }

    /// A vault from random choices: authenticator copies, backups at a place with keys at
    /// others, and sites grouping some places.
    fn vault_from(
        copies: &[usize],
        backups: &[(usize, usize)],
        sites: &[(usize, usize)],
        shared: Option<&(usize, Vec<usize>, usize)>,
    ) -> Vault {
        let mut vault = Vault::new();
        let mut account = sample_account("a");
        account.authenticators = copies.iter().map(|i| PLACES[*i].to_string()).collect();
        let digest = material_digest(&account);
        vault.insert(account).unwrap();
        for (i, (at, key)) in backups.iter().enumerate() {
            vault.backups.push(sample_record(
                &format!("/b{i}.age"),
                PLACES[*at],
                &[PLACES[*key]],
                &[("a", &digest)],
            ));
        }
        if let Some((at, holders, k)) = shared {
            let mut holders: Vec<String> = holders.iter().map(|h| PLACES[*h].to_string()).collect();
            holders.sort();
            holders.dedup();
            let k = (*k).min(holders.len()).max(1);
            let holders: Vec<&str> = holders.iter().map(String::as_str).collect();
            let mut record = sample_record("/shared.age", PLACES[*at], &holders, &[("a", &digest)]);
            record.threshold = Some(k as u32);
            vault.backups.push(record);
        }
        for (place, site) in sites {
            if PLACES[*place] != "laptop" || *site != 0 {
                vault
                    .sites
                    .insert(PLACES[*place].into(), ["home", "town"][*site % 2].into());
            }
        }
        vault.normalize_locations();
        vault
    }

    /// Every loss that blocks all paths, found by trying every subset of the units (sites,
    /// and places in none): the smallest ones.
    fn brute_weakest(vault: &Vault, report: &AccountReport) -> Vec<Vec<String>> {
        let site = |n: &String| vault.site_of(n).to_string();
        let counting: Vec<&Path> = report.paths.iter().filter(|p| p.counts).collect();
        // Whether losing `loss` (units: sites and places in none) blocks a path: a plain path
        // when it loses any place it needs; a K-of-N one when it loses its place or leaves
        // fewer than K holders.
        let blocks = |loss: &[String], path: &Path| match (path.threshold, &path.place) {
            (Some(k), Some(place)) => {
                let left = path
                    .needs
                    .iter()
                    .filter(|n| *n != place && !loss.contains(&site(n)))
                    .count();
                loss.contains(&site(place)) || left < k as usize
            }
            _ => path.needs.iter().any(|n| loss.contains(&site(n))),
        };
        let mut units: Vec<String> = counting
            .iter()
            .flat_map(|p| p.needs.iter().map(site))
            .collect();
        units.sort();
        units.dedup();
        let mut blocking: Vec<Vec<String>> = (0u32..1 << units.len())
            .map(|mask| {
                units
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, u)| u.clone())
                    .collect::<Vec<_>>()
            })
            .filter(|loss| counting.iter().all(|p| blocks(loss, p)))
            .collect();
        let least = blocking.iter().map(Vec::len).min().unwrap_or(0);
        blocking.retain(|l| l.len() == least);
        blocking.sort();
        blocking
    }

    proptest! {
        #[test]
        fn weakest_losses_match_brute_force_over_sites(
            copies in proptest::collection::vec(0usize..6, 0..3),
            backups in proptest::collection::vec((0usize..6, 0usize..6), 0..4),
            sites in proptest::collection::vec((0usize..6, 0usize..2), 0..3),
            shared in proptest::option::of(
                (0usize..6, proptest::collection::vec(0usize..6, 2..5), 1usize..4)
            ),
        ) {
            let vault = vault_from(&copies, &backups, &sites, shared.as_ref());
            let report = audit(&vault, &settings(vec![]), &NoFiles, &Catalogue::default());
            let account = &report.accounts[0];
            let expected = brute_weakest(&vault, account);
            prop_assert_eq!(account.weakest_losses.len().min(MAX_WEAKEST_LOSSES), account.weakest_losses.len());
            if expected.len() <= MAX_WEAKEST_LOSSES {
                prop_assert_eq!(&account.weakest_losses, &expected);
            }
            for loss in &account.weakest_losses {
                prop_assert_eq!(loss.len(), account.independent_paths);
                // Losing it (by --lose) fails the account; it is a real lock-out.
                let lost = audit(&vault, &settings(loss.clone()), &NoFiles, &Catalogue::default());
                prop_assert!(!lost.accounts[0].ok, "{:?} does not lock out", loss);
            }
            // Following the advice makes every account pass.
            if !report.ok {
                let mut fixed = vault.clone();
                for (i, _) in report.next_steps.iter().enumerate() {
                    let digest = material_digest(&fixed.accounts[0]);
                    fixed.backups.push(sample_record(
                        &format!("/advice{i}.age"),
                        &format!("new-place-{i}"),
                        &[&format!("new-key-{i}")],
                        &[("a", &digest)],
                    ));
                }
                prop_assert!(audit(&fixed, &settings(vec![]), &NoFiles, &Catalogue::default()).ok);
            }
        }
    }
}
