//! `audit`: runs the core audit with the facts only this device can see (key files, backup
//! files) and prints a table a person can act on, or one JSON object. Never changes a file.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;

use crate::app::backup::sha256_hex_of;
use crate::app::ssh::key_state;
use crate::app::{Context, Unlocked, VaultKey, check_locations, dedup};
use crate::cli::AuditArgs;
use crate::core::advice::{NextStep, next_steps_of};
use crate::core::audit::{
    self, AccountReport, BackupFile, Facts, Finding, LossCache, MEMORY, Report, Settings, Severity,
    VaultLock,
};
use crate::core::document::{self, AccountTables, DigestCursor, RecordDigests};
use crate::core::halves;
use crate::core::services::Catalogue;
use crate::core::sshkey::KeyState;
use crate::core::text::{closest, inert};
use crate::core::vault::{BackupRecord, SshKey};
use crate::core::vault::{Vault, normalize_location};
use crate::core::vault::{account_of_table, name_and_places_of_table};
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
    let (document, key) = ctx.read_document()?;
    let lost = dedup(lost);
    if let Some(streamed) = StreamedAudit::of(ctx, &document, &key, &device, &lost, args.min_paths)
    {
        let streamed = streamed?;
        return match args.json {
            true => streamed.write_json(ctx),
            false => streamed.write_table(ctx),
        };
    }
    let unlocked = ctx.parse(&document, key)?;
    drop(document);
    check_known_locations(&unlocked.vault, &device, &lost, "--lose")?;
    let mut report = report(ctx, &unlocked, &device, lost, args.min_paths)?;
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
    known_of(vault.locations(), vault, device)
}

/// [`known_locations`] of a vault read a table at a time: `places`, those its accounts name,
/// and `rest`, the vault without its accounts.
pub(crate) fn known_with_places(
    places: impl IntoIterator<Item = String>,
    rest: &Vault,
    device: &str,
) -> Vec<String> {
    let mut known = rest.locations();
    known.extend(places);
    known_of(known, rest, device)
}

/// [`known_locations`] of a vault whose `locations` are given (its accounts read one at a
/// time), with `rest`'s sites.
fn known_of(mut known: Vec<String>, rest: &Vault, device: &str) -> Vec<String> {
    known.extend(rest.sites.values().cloned());
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
    check_known(&known_locations(vault, device), given, option)
}

/// [`check_known_locations`] against the names `known`.
pub(crate) fn check_known(known: &[String], given: &[String], option: &str) -> Result<()> {
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

/// The audit of a document as mfa-kit wrote it, its accounts read one at a time, in the
/// order of their names, each audited and written before the next is read: neither the model
/// of the vault nor the report of every account is ever held (at 10,000 accounts they were 79
/// MiB). The backup records' digests are looked up in the document's text.
struct StreamedAudit<'a> {
    tables: AccountTables<'a>,
    /// The backups and the sites, the records' digests left out.
    rest: Vault,
    digests: Vec<RecordDigests<'a>>,
    /// Each account's name and table, in the order of the names.
    order: Vec<(String, usize)>,
    /// Every place the accounts name.
    places: BTreeSet<String>,
    settings: Settings,
}

/// What the audit keeps of each account once it is written: its place in the order, its
/// verdict and its independent paths (the next steps need them).
type Verdict = (usize, bool, usize);

impl<'a> StreamedAudit<'a> {
    /// The audit of `document`, when it is as mfa-kit wrote it: every line outside the account
    /// tables judged, and every table read alone, on both cores, before anything is written
    /// (so a damaged vault is said as the whole document says it, before any output, and
    /// before a damaged config), keeping only the places the accounts name. `None` otherwise,
    /// and the caller reads the model.
    fn of(
        ctx: &Context,
        document: &'a [u8],
        key: &VaultKey,
        device: &'a str,
        lost: &[String],
        min_paths: Option<u32>,
    ) -> Option<Result<StreamedAudit<'a>>> {
        let tables = document::account_tables(std::str::from_utf8(document).ok()?)?;
        let (rest, digests) = tables.rest_with_digests_in_text()?;
        let order = tables.in_order_of_names()?;
        let (first, second) = halves::of_halves(&order, |part| {
            let mut places = BTreeSet::new();
            for (name, index) in part {
                let (read_name, named) = name_and_places_of_table(&tables, *index)?;
                if *name != read_name {
                    return None;
                }
                places.extend(named);
            }
            Some(places)
        });
        let mut places = first?;
        places.extend(second?);
        if !lost.is_empty() {
            let known = known_with_places(places.iter().cloned(), &rest, device);
            if let Err(e) = check_known(&known, lost, "--lose") {
                return Some(Err(e));
            }
        }
        let settings = settings(ctx, key, device, lost.to_vec(), min_paths);
        Some(Ok(StreamedAudit {
            tables,
            rest,
            digests,
            order,
            places,
            settings,
        }))
    }

    /// Writes the audit as `audit --json` writes it: the members before the accounts, each
    /// account as it is audited, then the next steps and the verdict.
    fn write_json(self, ctx: &Context) -> Result<Outcome> {
        let services = ctx.services()?;
        let facts = DeviceFacts::new(&self.settings.device, &ctx.vault_path);
        let verdicts = Mutex::new(Vec::<Verdict>::with_capacity(self.order.len()));
        let report = |next_steps, ok| Report {
            min_paths: self.settings.min_paths,
            lost: self.settings.lost.clone(),
            device: self.settings.device.clone(),
            accounts: Vec::new(),
            next_steps,
            ok,
        };
        let mut ok = true;
        output::json_with_made_items(
            &report(Vec::new(), false),
            "accounts",
            (self.order.len(), self.item_weight()),
            || self.auditor(),
            |auditor, at| {
                let report = self.account(at, auditor, &facts, services)?;
                verdicts.lock().unwrap_or_else(|p| p.into_inner()).push((
                    at,
                    report.ok,
                    report.independent_paths,
                ));
                Ok(report)
            },
            || {
                let verdicts =
                    std::mem::take(&mut *verdicts.lock().unwrap_or_else(|p| p.into_inner()));
                let (all_pass, steps, _) = self.outcome(verdicts);
                ok = all_pass;
                report(steps, ok)
            },
        )?;
        Ok(if ok { Outcome::Yes } else { Outcome::No })
    }

    /// Writes the audit as `audit` writes its table. The findings several accounts share are
    /// said once, at the end, not in each account's block: every account is audited first to
    /// count its findings (only a digest of each is kept, and its verdict), then again as its
    /// block is written, when the findings counted on several accounts are kept for the end.
    fn write_table(self, ctx: &Context) -> Result<Outcome> {
        let services = ctx.services()?;
        let facts = DeviceFacts::new(&self.settings.device, &ctx.vault_path);
        let style = Style::for_stdout();
        let positions: Vec<usize> = (0..self.order.len()).collect();
        let (first, second) = halves::of_halves(&positions, |part| {
            let mut auditor = self.auditor();
            let mut counts = FindingCounts::default();
            let mut verdicts = Vec::<Verdict>::with_capacity(part.len());
            for &at in part {
                let report = self.account(at, &mut auditor, &facts, services)?;
                counts.add(at, &report);
                verdicts.push((at, report.ok, report.independent_paths));
            }
            Ok::<_, Error>((counts, verdicts))
        });
        let (counts, mut verdicts) = first?;
        let (second_counts, second_verdicts) = second?;
        let counts = counts.and(second_counts);
        verdicts.extend(second_verdicts);
        let (ok, steps, failing) = self.outcome(verdicts);
        let head = table_head(
            &self.settings.device,
            self.settings.min_paths,
            &self.settings.lost,
        );
        let grouped = Mutex::new(GroupedFindings::default());
        output::text_with_made_items(
            &head,
            (self.order.len(), self.item_weight()),
            || self.auditor(),
            |auditor, at, text| {
                let report = self.account(at, auditor, &facts, services)?;
                grouped
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .add(at, &report, &counts);
                text.push('\n');
                account_block(&report, &|f| counts.on_several(f), &style, text);
                Ok(())
            },
            |out| {
                let grouped =
                    std::mem::take(&mut *grouped.lock().unwrap_or_else(|p| p.into_inner()));
                write_table_tail(
                    out,
                    &grouped.in_order(&counts),
                    |at| self.order[at].0.as_str(),
                    &steps,
                    self.order.len(),
                    failing,
                    &style,
                )
            },
        )?;
        Ok(if ok { Outcome::Yes } else { Outcome::No })
    }

    /// Whether every account passes, the next steps and how many fail, from each account's
    /// verdict.
    fn outcome(&self, mut verdicts: Vec<Verdict>) -> (bool, Vec<NextStep>, usize) {
        verdicts.sort_unstable();
        let failing: Vec<(&str, usize)> = verdicts
            .iter()
            .filter(|(_, ok, _)| !ok)
            .map(|(at, _, paths)| (self.order[*at].0.as_str(), *paths))
            .collect();
        let mut used = self.rest.locations();
        used.extend(self.places.iter().cloned());
        used.push(self.settings.device.clone());
        let steps = next_steps_of(
            self.settings.min_paths,
            &self.settings.lost,
            failing.iter().copied(),
            &used,
        );
        (failing.is_empty(), steps, failing.len())
    }

    /// What a thread that audits accounts starts with ([`Auditor`]).
    /// About how many times larger than an ordinary one an account's audit is in the output
    /// ([`halves::block_len_of`]): each backup record adds a path to every account it holds,
    /// and an account has about eight of its own.
    fn item_weight(&self) -> usize {
        1 + self.rest.backups.len() / 8
    }

    fn auditor(&self) -> Auditor {
        Auditor {
            rest: self.rest.clone(),
            losses: LossCache::default(),
            cursor: DigestCursor::default(),
        }
    }

    /// The report of the `at`th account in the order of names, with the records' digests of
    /// that account alone put in the auditor's copy of the records (every other account's
    /// left out).
    fn account(
        &self,
        at: usize,
        auditor: &mut Auditor,
        facts: &DeviceFacts,
        services: &Catalogue,
    ) -> Result<AccountReport> {
        let (name, index) = &self.order[at];
        // Read alone once already (StreamedAudit::of): the same text reads the same again.
        let account = account_of_table(&self.tables, *index)
            .ok_or_else(|| Error::new("an account's table no longer reads alone"))?;
        let Auditor {
            rest,
            losses,
            cursor,
        } = auditor;
        document::give_digests_of(name, &mut rest.backups, &self.digests, cursor);
        Ok(audit::audit_account(
            &account,
            rest,
            &self.settings,
            facts,
            services,
            losses,
        ))
    }
}

/// What each thread that audits accounts keeps from one to the next: a copy of the backups
/// and the sites (given one account's digests at a time), the losses it has judged, and
/// where its lookups of digests stand (it audits accounts in the order of their names).
struct Auditor {
    rest: Vault,
    losses: LossCache,
    cursor: DigestCursor,
}

/// How often each warning and hint of an audit was found (errors stay with their account),
/// each known by a 128-bit digest of it, with where it was first found: the table says once,
/// at its end, those found on several accounts, and a digest is all it needs to tell them
/// (10,000 accounts may each have findings of their own, which are not kept).
#[derive(Default)]
struct FindingCounts {
    /// A finding's digest to how many times it was found, and first where (the account's
    /// place in the report, the finding's among its findings).
    seen: HashMap<u128, (usize, (usize, usize))>,
}

impl FindingCounts {
    /// Counts the findings of the account at `at` in the report.
    fn add(&mut self, at: usize, account: &AccountReport) {
        for (i, finding) in shareable(account).enumerate() {
            let entry = self
                .seen
                .entry(finding_digest(finding))
                .or_insert((0, (at, i)));
            entry.0 += 1;
        }
    }

    /// These counts and `other`'s, of other accounts.
    fn and(mut self, other: FindingCounts) -> FindingCounts {
        for (digest, (count, first)) in other.seen {
            let entry = self.seen.entry(digest).or_insert((0, first));
            entry.0 += count;
            entry.1 = entry.1.min(first);
        }
        self
    }

    /// True when `finding` was found more than once: it is said at the end of the table.
    fn on_several(&self, finding: &Finding) -> bool {
        self.on_several_by_digest(finding, finding_digest(finding))
            .is_some()
    }

    /// How many times `finding` (whose digest is `digest`) was found, when more than once.
    fn on_several_by_digest(&self, finding: &Finding, digest: u128) -> Option<usize> {
        if finding.severity == Severity::Error {
            return None;
        }
        self.seen
            .get(&digest)
            .map(|(count, _)| *count)
            .filter(|count| *count > 1)
    }
}

/// The warnings and hints of an account: what may be said once for several.
fn shareable(account: &AccountReport) -> impl Iterator<Item = &Finding> {
    account
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Error)
}

/// 128 bits of two SipHash digests of `finding`, under two keys: two findings of one vault
/// that differ are not to be expected to share it.
fn finding_digest(finding: &Finding) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let half = |key: u8| {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        finding.hash(&mut hasher);
        u128::from(hasher.finish())
    };
    (half(0) << 64) | half(1)
}

/// The findings said once at the end of the table, each with the accounts it was found on
/// (by their place in the report), gathered as the accounts are written: each list made
/// with room for exactly the accounts counted, not grown by doubling (a finding on 10,000
/// accounts is 80 KB of places).
#[derive(Default)]
struct GroupedFindings {
    found: HashMap<u128, (Finding, Vec<usize>)>,
}

impl GroupedFindings {
    /// Gathers the findings of the account at `at` that `counts` found on several.
    fn add(&mut self, at: usize, account: &AccountReport, counts: &FindingCounts) {
        for finding in shareable(account) {
            let digest = finding_digest(finding);
            let Some(count) = counts.on_several_by_digest(finding, digest) else {
                continue;
            };
            self.found
                .entry(digest)
                .or_insert_with(|| (finding.clone(), Vec::with_capacity(count)))
                .1
                .push(at);
        }
    }

    /// Each finding with its accounts in the report's order, the findings in the order they
    /// were first found.
    fn in_order(self, counts: &FindingCounts) -> Vec<(Finding, Vec<usize>)> {
        let mut found: Vec<(&(usize, usize), Finding, Vec<usize>)> = self
            .found
            .into_iter()
            .map(|(digest, (finding, mut accounts))| {
                accounts.sort_unstable();
                (&counts.seen[&digest].1, finding, accounts)
            })
            .collect();
        found.sort_by_key(|(first, _, _)| **first);
        found
            .into_iter()
            .map(|(_, finding, accounts)| (finding, accounts))
            .collect()
    }
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

impl Style {
    /// Colours on a terminal, unless NO_COLOR says otherwise.
    fn for_stdout() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            on: output::stdout_is_terminal() && !no_color,
        }
    }
}

fn print_table(report: &Report) -> Result<()> {
    let style = Style::for_stdout();
    // Every name, note and path below came from the user or an imported file: escaped, so
    // that nothing in them acts on the terminal or fakes a line of the report.
    let head = table_head(&report.device, report.min_paths, &report.lost);
    // A warning or hint that says the same on several accounts is said once, at the end,
    // with the accounts it concerns; errors stay with their account.
    let mut counts = FindingCounts::default();
    let mut grouped = GroupedFindings::default();
    for (at, account) in report.accounts.iter().enumerate() {
        counts.add(at, account);
    }
    for (at, account) in report.accounts.iter().enumerate() {
        grouped.add(at, account, &counts);
    }
    // The accounts' blocks are made and written a block of accounts at a time, by both
    // threads in turn when there are many: at 10,000 accounts they are megabytes of text.
    let accounts_text = |accounts: &[AccountReport]| {
        let mut text = String::new();
        for account in accounts {
            text.push('\n');
            account_block(account, &|f| counts.on_several(f), &style, &mut text);
        }
        text
    };
    let failing = report.accounts.iter().filter(|a| !a.ok).count();
    let mut tail = Vec::new();
    write_table_tail(
        &mut tail,
        &grouped.in_order(&counts),
        |at| report.accounts[at].name.as_str(),
        &report.next_steps,
        report.accounts.len(),
        failing,
        &style,
    )
    .expect("writing to memory cannot fail");
    let tail = String::from_utf8(tail).expect("the tail is UTF-8");
    output::text_in_blocks(&head, &report.accounts, accounts_text, &tail)
}

/// The first line of the audit's table.
fn table_head(device: &str, min_paths: u32, lost: &[String]) -> String {
    if lost.is_empty() {
        format!(
            "Recovery audit on {} (an account passes with {} or more independent paths)\n",
            inert(device),
            min_paths
        )
    } else {
        let lost = match lost {
            [one] => format!("if {} were lost", inert(one)),
            many => format!("if {} were lost together", inert(&many.join(" and "))),
        };
        format!(
            "Recovery audit on {}, {lost} (an account passes with a path left)\n",
            inert(device),
        )
    }
}

/// Writes the end of the audit's table to `out`: the findings `shared` by several accounts
/// (each named by `name` of its place in the report), the next steps, and how many of
/// `total` pass. The names are written one by one, never joined first: a finding on 10,000
/// accounts names them all, and its line was copied four times over as it was made. (The
/// audit of a vault read whole, not as mfa-kit sealed it, gathers this end in memory first.)
fn write_table_tail<'a>(
    out: &mut dyn std::io::Write,
    shared: &[(Finding, Vec<usize>)],
    name: impl Fn(usize) -> &'a str,
    next_steps: &[NextStep],
    total: usize,
    failing: usize,
    style: &Style,
) -> std::io::Result<()> {
    if !shared.is_empty() {
        out.write_all(b"\nOn several accounts:\n")?;
        for (finding, accounts) in shared {
            write!(
                out,
                "      {} {}: {} accounts: ",
                label(finding.severity, style),
                finding.code,
                accounts.len(),
            )?;
            for (i, at) in accounts.iter().enumerate() {
                if i > 0 {
                    out.write_all(b", ")?;
                }
                out.write_all(inert(name(*at)).as_bytes())?;
            }
            writeln!(out, "\n        {}", inert(&finding.message))?;
        }
    }
    if !next_steps.is_empty() {
        out.write_all(b"\nNext steps:\n")?;
        for (i, step) in next_steps.iter().enumerate() {
            write!(out, "  {}. {} (fixes ", i + 1, inert(&step.advice))?;
            for (n, account) in step.accounts.iter().enumerate() {
                if n > 0 {
                    out.write_all(b", ")?;
                }
                out.write_all(inert(account).as_bytes())?;
            }
            writeln!(out, ")\n     {}", inert(&step.command))?;
        }
    }
    writeln!(
        out,
        "\n{} of {} account(s) pass{}",
        total - failing,
        total,
        if failing > 0 {
            format!("; {failing} fail{}", if failing == 1 { "s" } else { "" })
        } else {
            String::new()
        }
    )
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
    grouped: &dyn Fn(&Finding) -> bool,
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
    for finding in account.findings.iter().filter(|f| !grouped(f)) {
        out.push_str(&format!(
            "      {} {}: {}\n",
            label(finding.severity, style),
            finding.code,
            inert(&finding.message)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's end, written piece by piece: each shared finding's accounts and each next
    /// step's named in order, joined by commas, every name made inert (an escape sequence in
    /// a name is shown, never sent to the terminal), the count of those that pass last.
    #[test]
    fn the_tail_names_each_account_of_a_shared_finding_and_a_next_step() {
        let names = ["alpha", "b\u{1b}[2Jeta", "gamma"];
        let finding = Finding {
            severity: Severity::Warning,
            code: "no-backup",
            message: "no backup \u{7}holds it".into(),
        };
        let step = NextStep {
            advice: "add a path".into(),
            accounts: vec!["gamma".into(), "b\u{1b}eta".into()],
            command: "mfa-kit path add".into(),
        };
        let mut out = Vec::new();
        let style = Style { on: false };
        write_table_tail(
            &mut out,
            &[(finding, vec![0, 1, 2])],
            |at| names[at],
            &[step],
            3,
            1,
            &style,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\nOn several accounts:\n      warning no-backup: 3 accounts: alpha, b\\u{001B}[2Jeta, \
             gamma\n        no backup \\u{0007}holds it\n\nNext steps:\n  1. add a path (fixes \
             gamma, b\\u{001B}eta)\n     mfa-kit path add\n\n2 of 3 account(s) pass; 1 fails\n"
        );
    }
}
