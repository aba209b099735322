//! `audit`: runs the core audit with the facts only this device can see (key files, backup
//! files) and prints a table a person can act on, or one JSON object. Never changes a file.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use crate::app::backup::sha256_hex_of;
use crate::app::ssh::key_state;
use crate::app::{Context, Unlocked, VaultKey, check_locations, dedup};
use crate::cli::AuditArgs;
use crate::core::audit::{
    self, AccountReport, BackupFile, Facts, Finding, MEMORY, Report, Settings, Severity, VaultLock,
};
use crate::core::sshkey::KeyState;
use crate::core::text::{closest, inert};
use crate::core::vault::{BackupRecord, SshKey};
use crate::core::vault::{Vault, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto;
use crate::sys::fs::{MAX_READ_BYTES, open_regular_file, same_disk};
use crate::sys::output;

/// What this device sees of key and backup files, for the audit. A backup file is read and
/// hashed once per audit, not once per account it holds: at 10,000 accounts that was 10,000
/// reads of a file of megabytes.
pub struct DeviceFacts<'a> {
    device: &'a str,
    vault: &'a Path,
    /// Behind a lock: the audit asks from two threads.
    backup_files: Mutex<HashMap<BackupFileKey, BackupFile>>,
}

/// What [`backup_file_state`] looks at in a record.
type BackupFileKey = (String, String, String, bool, Option<String>);

impl<'a> DeviceFacts<'a> {
    pub fn new(device: &'a str, vault: &'a Path) -> DeviceFacts<'a> {
        DeviceFacts {
            device,
            vault,
            backup_files: Mutex::default(),
        }
    }
}

impl Facts for DeviceFacts<'_> {
    fn key_state(&self, key: &SshKey) -> KeyState {
        key_state(key, self.device)
    }

    fn backup_file(&self, record: &BackupRecord) -> BackupFile {
        let key = (
            record.file.clone(),
            record.at.clone(),
            record.written_on.clone(),
            record.paper,
            record.sha256.clone(),
        );
        *self
            .backup_files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(key)
            .or_insert_with(|| backup_file_state(record, self.device, self.vault))
    }
}

/// What this device can see of a recorded backup's file. A file kept here must be the bytes
/// that were written (its SHA-256, or for records older than that, an age header); a file
/// said to be kept elsewhere but reachable here is checked for damage and for still being on
/// the vault's own disk.
pub fn backup_file_state(record: &BackupRecord, device: &str, vault: &Path) -> BackupFile {
    // Standard output went somewhere unknown; a printed kit is paper, not its PDF.
    if record.file == "-" || record.paper {
        return BackupFile::Unchecked;
    }
    let path = Path::new(&record.file);
    let kept_here = record.at == device;
    if !kept_here && record.written_on != device {
        return BackupFile::Unchecked;
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return if kept_here {
            BackupFile::Missing
        } else {
            BackupFile::Unchecked
        };
    };
    if !meta.is_file() {
        return if kept_here {
            BackupFile::Missing
        } else {
            BackupFile::Unchecked
        };
    }
    // Its header read, the rest hashed as it is read: a backup of 10,000 accounts is
    // megabytes, never held.
    let Ok((file, size)) = open_regular_file(path, "the backup", MAX_READ_BYTES) else {
        return BackupFile::Damaged;
    };
    let Ok(head) = crypto::read_head(&file, size as usize, path, "the backup") else {
        return BackupFile::Damaged;
    };
    if head.is_empty() || crypto::is_passphrase_encrypted(&head).is_err() {
        return BackupFile::Damaged;
    }
    // Not the bytes that were written (truncated, damaged, another backup copied over it):
    // it does not count, wherever it is said to be kept. Another drive mounted at the same
    // path is read as such too: unmounted, the file is out of reach and taken on trust.
    if let Some(sum) = &record.sha256
        && sha256_hex_of(std::io::Read::chain(&head[..], &file))
            .ok()
            .as_ref()
            != Some(sum)
    {
        return BackupFile::Damaged;
    }
    if !kept_here && same_disk(path, vault) {
        return BackupFile::OnVaultDisk;
    }
    BackupFile::Present
}

pub fn run(ctx: &Context, args: AuditArgs) -> Result<Outcome> {
    let lost: Vec<String> = args
        .lose
        .iter()
        .map(|l| normalize_location(l))
        .filter(|l| !l.is_empty())
        .collect();
    if !args.lose.is_empty() && lost.is_empty() {
        return Err(Error::new("--lose names no location").hint("give --lose phone,laptop"));
    }
    check_locations(&lost)?;
    let device = ctx.device()?;
    crate::sys::allocator::for_a_whole_vault();
    let unlocked = ctx.open()?;
    check_known_locations(&unlocked.vault, &device, &lost, "--lose")?;
    let mut report = report(ctx, &unlocked, &device, dedup(lost), args.min_paths)?;
    if args.json {
        let accounts = std::mem::take(&mut report.accounts);
        output::json_with_items(&report, "accounts", &accounts)?;
        std::mem::forget(accounts);
    } else {
        print_table(&report)?;
    }
    let ok = report.ok;
    // The report holds no secret, and the process ends next: freeing its hundreds of
    // thousands of small strings one by one would take a tenth of a large audit's time.
    std::mem::forget(report);
    unlocked.vault.wipe_and_leave();
    Ok(if ok { Outcome::Yes } else { Outcome::No })
}

/// The audit of an opened vault on this device, with the config's thresholds.
pub fn report(
    ctx: &Context,
    unlocked: &Unlocked,
    device: &str,
    lost: Vec<String>,
    min_paths: Option<u32>,
) -> Result<Report> {
    let settings = settings(ctx, &unlocked.key, device, lost, min_paths);
    let facts = DeviceFacts::new(device, &ctx.vault_path);
    Ok(audit::audit(
        &unlocked.vault,
        &settings,
        &facts,
        ctx.services()?,
    ))
}

/// What the audit is asked, with the config's thresholds, for a vault opened with `key`.
pub fn settings(
    ctx: &Context,
    key: &VaultKey,
    device: &str,
    lost: Vec<String>,
    min_paths: Option<u32>,
) -> Settings {
    let thresholds = &ctx.config.audit;
    Settings {
        device: device.to_string(),
        vault_lock: if key.is_passphrase() {
            VaultLock::Passphrase
        } else {
            VaultLock::Identity
        },
        min_paths: min_paths.unwrap_or(thresholds.min_paths),
        lost,
        now: ctx.now(),
        codes_low: thresholds.codes_low,
        backup_max_age_days: thresholds.backup_max_age_days,
        verify_max_age_days: thresholds.verify_max_age_days,
    }
}

/// Every name `--lose` and `location` commands accept: the locations the vault names, the
/// sites, this device and `memory`.
pub fn known_locations(vault: &Vault, device: &str) -> Vec<String> {
    let mut known = vault.locations();
    known.extend(vault.sites.values().cloned());
    known.push(device.to_string());
    known.push(MEMORY.to_string());
    known.sort();
    known.dedup();
    known
}

/// Refuses a location that names nothing in the vault (a typo in `--lose phnoe` would
/// otherwise answer a question nobody asked, and pass).
pub fn check_known_locations(
    vault: &Vault,
    device: &str,
    given: &[String],
    option: &str,
) -> Result<()> {
    let known = known_locations(vault, device);
    for name in given {
        if known.contains(name) {
            continue;
        }
        let suggestion = closest(name, known.iter().map(String::as_str))
            .map(|c| format!("; did you mean {c:?}?"))
            .unwrap_or_default();
        return Err(Error::new(format!(
            "{option} names {name:?}, which no path, copy or key in the vault is kept at{suggestion}"
        ))
        .hint(format!("the known locations are: {}", known.join(", "))));
    }
    Ok(())
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn print_table(report: &Report) -> Result<()> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let style = Style {
        on: output::stdout_is_terminal() && !no_color,
    };
    // Every name, note and path below came from the user or an imported file: escaped, so
    // that nothing in them acts on the terminal or fakes a line of the report.
    let mut out = String::new();
    if report.lost.is_empty() {
        out.push_str(&format!(
            "Recovery audit on {} (an account passes with {} or more independent paths)\n",
            inert(&report.device),
            report.min_paths
        ));
    } else {
        let lost = match report.lost.as_slice() {
            [one] => format!("if {} were lost", inert(one)),
            many => format!("if {} were lost together", inert(&many.join(" and "))),
        };
        out.push_str(&format!(
            "Recovery audit on {}, {lost} (an account passes with a path left)\n",
            inert(&report.device),
        ));
    }
    // A warning or hint that says the same on several accounts is said once, at the end,
    // with the accounts it concerns; errors stay with their account.
    // Found through a hash, not a scan of those seen: 10,000 accounts may each have their own.
    let mut shared: Vec<(&Finding, Vec<&str>)> = Vec::new();
    let mut seen: HashMap<&Finding, usize> = HashMap::new();
    for account in &report.accounts {
        for finding in account
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Error)
        {
            match seen.get(finding) {
                Some(at) => shared[*at].1.push(&account.name),
                None => {
                    seen.insert(finding, shared.len());
                    shared.push((finding, vec![&account.name]));
                }
            }
        }
    }
    shared.retain(|(_, names)| names.len() > 1);
    let grouped: HashSet<&Finding> = shared.iter().map(|(f, _)| *f).collect();
    let head = out;
    // The accounts' blocks are made and written a block of accounts at a time, by both
    // threads in turn when there are many: at 10,000 accounts they are megabytes of text.
    let accounts_text = |accounts: &[AccountReport]| {
        let mut text = String::new();
        for account in accounts {
            text.push('\n');
            account_block(account, &grouped, &style, &mut text);
        }
        text
    };
    let mut out = String::new();
    if !shared.is_empty() {
        out.push_str("\nOn several accounts:\n");
        for (finding, names) in &shared {
            out.push_str(&format!(
                "      {} {}: {} accounts: {}\n        {}\n",
                label(finding.severity, &style),
                finding.code,
                names.len(),
                inert(&names.join(", ")),
                inert(&finding.message)
            ));
        }
    }
    if !report.next_steps.is_empty() {
        out.push_str("\nNext steps:\n");
        for (i, step) in report.next_steps.iter().enumerate() {
            out.push_str(&format!(
                "  {}. {} (fixes {})\n     {}\n",
                i + 1,
                inert(&step.advice),
                inert(&step.accounts.join(", ")),
                inert(&step.command)
            ));
        }
    }
    let failing = report.accounts.iter().filter(|a| !a.ok).count();
    out.push_str(&format!(
        "\n{} of {} account(s) pass{}\n",
        report.accounts.len() - failing,
        report.accounts.len(),
        if failing > 0 {
            format!("; {failing} fail{}", if failing == 1 { "s" } else { "" })
        } else {
            String::new()
        }
    ));
    output::text_in_blocks(&head, &report.accounts, accounts_text, &out)
}

fn label(severity: Severity, style: &Style) -> String {
    match severity {
        Severity::Error => style.paint("31", "error  "),
        Severity::Warning => style.paint("33", "warning"),
        Severity::Hint => style.paint("36", "hint   "),
    }
}

fn account_block(
    account: &AccountReport,
    grouped: &HashSet<&Finding>,
    style: &Style,
    out: &mut String,
) {
    let verdict = if account.ok {
        style.paint("32", "PASS")
    } else {
        style.paint("1;31", "FAIL")
    };
    out.push_str(&format!(
        "{verdict}  {}: {} independent path(s)\n",
        inert(&account.name),
        account.independent_paths
    ));
    for path in account.paths.iter().filter(|p| p.counts) {
        out.push_str(&format!(
            "      {:<16} needs {:<28} {}\n",
            path.kind,
            inert(&path.needs.join(" + ")),
            inert(&path.detail)
        ));
    }
    for path in account.paths.iter().filter(|p| !p.counts) {
        out.push_str(&format!(
            "      {:<16} {} ({})\n",
            path.kind,
            style.paint("2", "does not count"),
            inert(path.why.as_deref().unwrap_or(""))
        ));
    }
    // The weakest loss is what a person must keep apart; shown first where it is one or two.
    if let Some(first) = account.weakest_losses.first().filter(|l| !l.is_empty()) {
        let mut text = format!("locked out if you lose: {}", first.join(" + "));
        let others: Vec<String> = account.weakest_losses[1..]
            .iter()
            .take(2)
            .map(|l| l.join(" + "))
            .collect();
        if !others.is_empty() {
            text.push_str(&format!(" (or: {})", others.join("; ")));
        }
        out.push_str(&format!("      {}\n", inert(&text)));
    }
    if !account.single_points_of_failure.is_empty() {
        out.push_str(&format!(
            "      single point of failure: {}\n",
            inert(&account.single_points_of_failure.join(", "))
        ));
    }
    for finding in account.findings.iter().filter(|f| !grouped.contains(f)) {
        out.push_str(&format!(
            "      {} {}: {}\n",
            label(finding.severity, style),
            finding.code,
            inert(&finding.message)
        ));
    }
}
