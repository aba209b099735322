//! `audit`: runs the core audit with the facts only this device can see (key files, backup
//! files) and prints a table a person can act on, or one JSON object. Never changes a file.

use std::path::Path;

use crate::app::ssh::key_state;
use crate::app::{Context, VaultKey, check_locations, dedup};
use crate::cli::AuditArgs;
use crate::core::audit::{self, AccountReport, Facts, Report, Settings, Severity, VaultLock};
use crate::core::sshkey::KeyState;
use crate::core::vault::{BackupRecord, SshKey};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

struct DeviceFacts {
    device: String,
}

impl Facts for DeviceFacts {
    fn key_state(&self, key: &SshKey) -> KeyState {
        key_state(key, &self.device)
    }

    fn backup_present(&self, record: &BackupRecord) -> bool {
        Path::new(&record.file).is_file()
    }
}

pub fn run(ctx: &Context, args: AuditArgs) -> Result<Outcome> {
    let lost: Vec<String> = args
        .lose
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if !args.lose.is_empty() && lost.is_empty() {
        return Err(Error::new("--lose names no location").hint("give --lose phone,laptop"));
    }
    check_locations(&lost)?;
    let device = ctx.device()?;
    let thresholds = &ctx.config.audit;
    let unlocked = ctx.open()?;
    let settings = Settings {
        device: device.clone(),
        vault_lock: match unlocked.key {
            VaultKey::Passphrase(_) => VaultLock::Passphrase,
            VaultKey::Identity(_) => VaultLock::Identity,
        },
        min_paths: args.min_paths.unwrap_or(thresholds.min_paths),
        lost: dedup(lost),
        now: ctx.now(),
        codes_low: thresholds.codes_low,
        backup_max_age_days: thresholds.backup_max_age_days,
        verify_max_age_days: thresholds.verify_max_age_days,
    };
    let report = audit::audit(&unlocked.vault, &settings, &DeviceFacts { device });
    if args.json {
        output::json(&report)?;
    } else {
        print_table(&report)?;
    }
    Ok(if report.ok { Outcome::Yes } else { Outcome::No })
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
    let mut out = String::new();
    if report.lost.is_empty() {
        out.push_str(&format!(
            "Recovery audit on {} (an account passes with {} or more independent paths)\n",
            report.device, report.min_paths
        ));
    } else {
        out.push_str(&format!(
            "Recovery audit on {}, if {} were lost together (an account passes with a path left)\n",
            report.device,
            report.lost.join(" and ")
        ));
    }
    for account in &report.accounts {
        out.push('\n');
        account_block(account, &style, &mut out);
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
    output::bytes(out.as_bytes())
}

fn account_block(account: &AccountReport, style: &Style, out: &mut String) {
    let verdict = if account.ok {
        style.paint("32", "PASS")
    } else {
        style.paint("1;31", "FAIL")
    };
    out.push_str(&format!(
        "{verdict}  {}: {} independent path(s)\n",
        account.name, account.independent_paths
    ));
    for path in &account.paths {
        out.push_str(&format!(
            "      {:<16} needs {:<28} {}\n",
            path.kind,
            path.needs.join(" + "),
            path.detail
        ));
    }
    for path in &account.gone_paths {
        out.push_str(&format!(
            "      {:<16} {} ({})\n",
            path.kind,
            style.paint("2", "does not count"),
            path.reason
        ));
    }
    if !account.single_points_of_failure.is_empty() {
        out.push_str(&format!(
            "      single point of failure: {}\n",
            account.single_points_of_failure.join(", ")
        ));
    }
    for finding in &account.findings {
        let label = match finding.severity {
            Severity::Error => style.paint("31", "error  "),
            Severity::Warning => style.paint("33", "warning"),
        };
        out.push_str(&format!(
            "      {label} {}: {}\n",
            finding.code, finding.message
        ));
    }
}
