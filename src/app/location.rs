//! `location list|retire|rename|site`: the devices and places the vault names. Retiring one
//! (a phone reset, a laptop wiped) forgets what was kept there and prints, account by account,
//! what that cost and whether the account still passes the audit.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::app::audit::{DeviceFacts, check_known, known_with_places, settings as audit_settings};
use crate::app::{Context, Unlocked, check_locations};
use crate::cli::{
    LocationArgs, LocationCommand, LocationListArgs, LocationRenameArgs, LocationSiteArgs,
};
use crate::core::audit::{LossCache, MEMORY, audit_account};
use crate::core::location;
use crate::core::text::strip_bom;
use crate::core::vault::normalize_location;
use crate::error::{Error, Outcome, Result};
use crate::sys::config::Config;
use crate::sys::fs::{Existing, write_private_atomic};
use crate::sys::{allocator, output};

pub fn run(ctx: &Context, command: LocationCommand) -> Result<Outcome> {
    match command {
        LocationCommand::List(args) => list(ctx, args),
        LocationCommand::Retire(args) => retire(ctx, args),
        LocationCommand::Rename(args) => rename(ctx, args),
        LocationCommand::Site(args) => site(ctx, args),
    }
}

#[derive(Serialize)]
struct Listed {
    name: String,
    site: Option<String>,
    paths: usize,
}

fn list(ctx: &Context, args: LocationListArgs) -> Result<Outcome> {
    let device = ctx.device()?;
    let facts = DeviceFacts::new(&device, &ctx.vault_path);
    let mut settings = None;
    let mut losses = LossCache::default();
    // Each account is audited as it is read and only the places its working paths need are
    // kept (a retired backup's, a spent copy's do not count), each place by a number: the
    // audit of 10,000 accounts is never held. Numbering a place again, or naming it again,
    // changes nothing, should an account be read twice. Each account's numbers are kept in
    // one list for all, the account's row saying where they are: a list of its own for each
    // of 10,000 accounts took a megabyte.
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut named: HashSet<String> = HashSet::new();
    // Each place an account's paths need, with how many of them need it: a path a backup
    // record gives each account, and a vault may keep 200 records.
    let mut all_needs: Vec<(u32, u32)> = Vec::new();
    let (rest, needs) = ctx.account_rows_with_rest(|vault, key, account| {
        let start = all_needs.len();
        // The config's catalogue of services is read once the vault is, as the audit reads
        // it: a damaged vault is said before a damaged config (which is said below).
        let Ok(services) = ctx.services() else {
            return start..start;
        };
        let settings =
            settings.get_or_insert_with(|| audit_settings(ctx, key, &device, Vec::new(), None));
        for place in account.locations() {
            if !named.contains(place) {
                named.insert(place.to_string());
            }
        }
        let report = audit_account(account, vault, settings, &facts, services, &mut losses);
        for path in report.paths.iter().filter(|p| p.counts) {
            for (i, place) in path.needs.iter().enumerate() {
                if !path.needs[..i].contains(place) {
                    let next = numbers.len();
                    let number = *numbers.entry(place.clone()).or_insert(next) as u32;
                    match all_needs[start..].iter_mut().find(|(n, _)| *n == number) {
                        Some((_, paths)) => *paths += 1,
                        None => all_needs.push((number, 1)),
                    }
                }
            }
        }
        start..all_needs.len()
    })?;
    ctx.services()?;
    let mut needing = vec![0usize; numbers.len()];
    for (number, paths) in needs.into_iter().flat_map(|range| &all_needs[range]) {
        needing[*number as usize] += *paths as usize;
    }
    let vault = &rest.vault;
    let known = known_with_places(named, vault, &device);
    let sites: HashSet<&String> = vault.sites.values().collect();
    let listed: Vec<Listed> = known
        .into_iter()
        .map(|name| Listed {
            site: vault.sites.get(&name).cloned(),
            paths: numbers.get(&name).map_or(0, |number| needing[*number]),
            name,
        })
        // A site is listed as a place only where a path names it as one.
        .filter(|l| !sites.contains(&l.name) || l.paths > 0)
        .filter(|l| l.name != MEMORY || l.paths > 0)
        .collect();
    if args.json {
        output::json(&listed)?;
        return Ok(Outcome::Yes);
    }
    for entry in &listed {
        let site = entry
            .site
            .as_ref()
            .map(|s| format!("  (site {s})"))
            .unwrap_or_default();
        let this = if entry.name == device {
            "  (this device)"
        } else {
            ""
        };
        output::line(format!(
            "{:<20} {} path(s){this}{site}",
            entry.name, entry.paths
        ))?;
    }
    Ok(Outcome::Yes)
}

/// The vault without its accounts, and every place its accounts name: the accounts are read
/// a table at a time, never the model of 10,000 of them (48 MiB and more).
fn vault_places(ctx: &Context) -> Result<(Unlocked, BTreeSet<String>)> {
    let mut named: BTreeSet<String> = BTreeSet::new();
    let (rest, _) = ctx.account_rows_with_rest(|_, _, account| {
        for place in account.locations() {
            if !named.contains(place) {
                named.insert(place.to_string());
            }
        }
    })?;
    Ok((rest, named))
}

/// The name given, in its kept form, checked to be one of the places `known`.
fn known(known: &[String], name: &str, what: &str) -> Result<String> {
    let name = normalize_location(name);
    check_locations([&name])?;
    check_known(known, std::slice::from_ref(&name), what)?;
    Ok(name)
}

fn retire(ctx: &Context, args: LocationArgs) -> Result<Outcome> {
    let device = ctx.device()?;
    let now = ctx.now();
    let (rest, places) = vault_places(ctx)?;
    let name = known(
        &known_with_places(places, &rest.vault, &device),
        &args.location,
        "location retire",
    )?;
    // A site retires every place in it.
    // (and the site's own name, where a path names it as a place).
    let members: Vec<String> = match rest.vault.sites().get(name.as_str()) {
        Some(members) => members
            .iter()
            .map(|m| m.to_string())
            .chain(std::iter::once(name.clone()))
            .collect(),
        None => vec![name.clone()],
    };
    let passphrase_vault = rest.key.is_passphrase();
    for member in &members {
        if *member == device {
            let inside = if *member == name {
                String::new()
            } else {
                format!(" (it is in the site {name})")
            };
            return Err(Error::new(format!(
                "{member} holds the vault itself{inside}, so it cannot be retired"
            ))
            .hint("on a new device, set up the vault from a backup with `mfa-kit restore`"));
        }
        if passphrase_vault && member == MEMORY {
            return Err(Error::new(
                "memory holds the vault's passphrase, so it cannot be retired",
            )
            .hint("a forgotten vault passphrase: set up a new vault from a backup with `mfa-kit restore`"));
        }
    }
    drop(rest);
    // What the audit after the change reads, read before it: a damaged config must fail the
    // command before the vault is written, not after.
    ctx.services()?;
    let accounts = retire_members(ctx, &members, now)?;
    // Found by name among them, in the order of names.
    let mut by_name: Vec<usize> = (0..accounts.len()).collect();
    by_name.sort_by(|a, b| accounts.line(*a).0.cmp(accounts.line(*b).0));
    // The change's pieces, freed, given back before the vault is read again: the heap kept
    // them below what is still held, and a retirement that reaches 10,000 accounts peaked
    // at both.
    allocator::give_back_freed();
    let after = verdicts(
        ctx,
        &device,
        |name| {
            by_name
                .binary_search_by(|at| accounts.line(*at).0.cmp(name))
                .ok()
                .map(|found| by_name[found])
        },
        accounts.len(),
    )?;
    output::note(format!("Retired {}.", members.join(", ")));
    if accounts.is_empty() {
        output::line("Nothing of any account was kept there.")?;
    }
    for (at, verdict) in after.into_iter().enumerate() {
        let (name, what) = accounts.line(at);
        let verdict = match verdict {
            Some((true, paths)) => format!("still passes ({paths} independent paths)"),
            Some((false, paths)) => {
                format!("now FAILS ({paths} independent path(s)): see `mfa-kit audit`")
            }
            None => "gone".to_string(),
        };
        output::line(format!("{name}: lost {what}; {verdict}"))?;
    }
    Ok(Outcome::Yes)
}

/// Each account's line of losses ("the authenticator app on phone, the SSH key ... at
/// phone"), held as the change is written: a retirement that reaches 10,000 accounts holds one
/// for each while the vault is written, then read again. The names are one text, the losses
/// another, where a line of losses the same as one of the last few is kept once (a
/// retirement loses the same thing in thousands of accounts). As two strings each, the lines
/// took 1.3 MB at that peak.
#[derive(Default)]
struct LostText {
    /// Every line's account name, one after the other.
    names: String,
    /// The lines of losses, one after the other.
    whats: String,
    /// Where each of `whats`'s lines ends.
    what_ends: Vec<u32>,
    /// Each line in the order written: where its name ends in `names`, and which of `whats`
    /// its losses are.
    lines: Vec<(u32, u32)>,
    /// The lines' places in `lines`, in the order they are read ([`LostText::line`]).
    order: Vec<u32>,
}

impl LostText {
    /// Adds the line of `lost` after the others.
    fn push(&mut self, lost: &location::Lost) {
        self.push_line(&lost.account, &lost.what.join(", "));
    }

    /// Adds the line of `name`'s losses `what` after the others.
    fn push_line(&mut self, name: &str, what: &str) {
        self.names.push_str(name);
        let what = self.what_at(what);
        self.order.push(self.lines.len() as u32);
        self.lines.push((self.names.len() as u32, what));
    }

    /// Adds `more` to the last line's losses.
    fn push_more(&mut self, more: &str) {
        let Some(&(_, what)) = self.lines.last() else {
            return;
        };
        let joined = format!("{}, {more}", self.what(what));
        let what = self.what_at(&joined);
        if let Some(last) = self.lines.last_mut() {
            last.1 = what;
        }
    }

    /// Where `what` is among the lines of losses: one of the last eight kept when it is the
    /// same, else added.
    fn what_at(&mut self, what: &str) -> u32 {
        let kept = self.what_ends.len() as u32;
        if let Some(same) = (kept.saturating_sub(8)..kept).find(|at| self.what(*at) == what) {
            return same;
        }
        self.whats.push_str(what);
        self.what_ends.push(self.whats.len() as u32);
        kept
    }

    /// The `at`th line of losses kept.
    fn what(&self, at: u32) -> &str {
        let at = at as usize;
        let start = at.checked_sub(1).map_or(0, |before| self.what_ends[before]);
        &self.whats[start as usize..self.what_ends[at] as usize]
    }

    /// Puts the lines in the order of their accounts' names.
    fn sort_by_name(&mut self) {
        let mut order = std::mem::take(&mut self.order);
        order.sort_by(|a, b| self.written(*a).0.cmp(self.written(*b).0));
        self.order = order;
    }

    /// The line of `name`, when there is one (the lines in the order of names).
    fn find(&self, name: &str) -> Option<usize> {
        self.order
            .binary_search_by(|at| self.written(*at).0.cmp(name))
            .ok()
    }

    fn len(&self) -> usize {
        self.order.len()
    }

    fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The name and the losses of the `at`th line.
    fn line(&self, at: usize) -> (&str, &str) {
        self.written(self.order[at])
    }

    /// The name and the losses of the `at`th line written.
    fn written(&self, at: u32) -> (&str, &str) {
        let at = at as usize;
        let start = at.checked_sub(1).map_or(0, |before| self.lines[before].0);
        let (name_end, what) = self.lines[at];
        (
            &self.names[start as usize..name_end as usize],
            self.what(what),
        )
    }
}

/// Retires each of `members` in turn from the vault, under its lock ([`location::retire`],
/// made a table at a time where the document allows it): each account's losses, in the
/// order first lost (member by member, each member's in the order of the accounts' names),
/// the losses of an account that lost at several members in one line.
fn retire_members(ctx: &Context, members: &[String], now: u64) -> Result<LostText> {
    // Each member's records changed (their place among the records) and losses, as the
    // records and then the accounts are changed.
    let lost_records: RefCell<Vec<Vec<(usize, location::LostBackup)>>> =
        RefCell::new(vec![Vec::new(); members.len()]);
    let lost: RefCell<Vec<LostText>> =
        RefCell::new(members.iter().map(|_| LostText::default()).collect());
    let mut records_seen = 0;
    ctx.update_everywhere(
        |record| {
            let at = records_seen;
            records_seen += 1;
            let mut lost_records = lost_records.borrow_mut();
            let mut changed = false;
            for (member, lost) in members.iter().zip(lost_records.iter_mut()) {
                if let Some(backup) = location::retire_record(record, member, now) {
                    lost.push((at, backup));
                    changed = true;
                }
            }
            changed
        },
        |sites| {
            for member in members {
                location::retire_in_sites(sites, member);
            }
        },
        (
            |holds, account| {
                let places = account.locations().count();
                let lost_records = lost_records.borrow();
                let mut lost = lost.borrow_mut();
                for ((member, records), lost) in
                    members.iter().zip(lost_records.iter()).zip(lost.iter_mut())
                {
                    let holding: Vec<&location::LostBackup> = records
                        .iter()
                        .filter(|(at, _)| holds(*at, &account.name))
                        .map(|(_, backup)| backup)
                        .collect();
                    if let Some(this) = location::retire_in_account(account, member, &holding) {
                        lost.push(&this);
                    }
                }
                account.locations().count() != places
            },
            |place| members.iter().any(|member| member == place),
        ),
        |vault| {
            let mut lost = lost.borrow_mut();
            for (member, lost) in members.iter().zip(lost.iter_mut()) {
                *lost = LostText::default();
                for this in location::retire(vault, member, now) {
                    lost.push(&this);
                }
            }
        },
    )?;
    let mut members_lost = lost.into_inner();
    for lost in &mut members_lost {
        lost.sort_by_name();
    }
    if members_lost.len() <= 1 {
        return Ok(members_lost.pop().unwrap_or_default());
    }
    // A site's other members: an account that lost there too gets it on its first line. Each
    // account's line is that of the first member it lost something at, then what it lost at
    // each later member.
    let mut lines = LostText::default();
    for (member, lost) in members_lost.iter().enumerate() {
        for at in 0..lost.len() {
            let (name, what) = lost.line(at);
            if members_lost[..member]
                .iter()
                .any(|before| before.find(name).is_some())
            {
                continue;
            }
            lines.push_line(name, what);
            for later in &members_lost[member + 1..] {
                if let Some(found) = later.find(name) {
                    lines.push_more(later.line(found).1);
                }
            }
        }
    }
    Ok(lines)
}

/// Whether each account that `slot` finds (by name: its place in the list of `count` it
/// indexes) still passes the audit, and with how many independent paths, the vault read
/// again a table at a time as the audit reads it; `None` for an account no longer there.
fn verdicts(
    ctx: &Context,
    device: &str,
    slot: impl Fn(&str) -> Option<usize>,
    count: usize,
) -> Result<Vec<Option<(bool, u32)>>> {
    let facts = DeviceFacts::new(device, &ctx.vault_path);
    let services = ctx.services()?;
    let mut settings = None;
    let mut losses = LossCache::default();
    let mut verdicts = vec![None; count];
    // Each verdict put in its place (an account read twice puts the same one twice).
    ctx.account_rows_with_rest(|vault, key, account| {
        if let Some(slot) = slot(&account.name) {
            let settings =
                settings.get_or_insert_with(|| audit_settings(ctx, key, device, Vec::new(), None));
            let report = audit_account(account, vault, settings, &facts, services, &mut losses);
            let paths = u32::try_from(report.independent_paths).unwrap_or(u32::MAX);
            verdicts[slot] = Some((report.ok, paths));
        }
    })?;
    Ok(verdicts)
}

fn rename(ctx: &Context, args: LocationRenameArgs) -> Result<Outcome> {
    let device = ctx.device()?;
    let (rest, places) = vault_places(ctx)?;
    let known_places = known_with_places(places, &rest.vault, &device);
    drop(rest);
    let old = known(&known_places, &args.old, "location rename")?;
    let new = normalize_location(&args.new);
    check_locations([&new])?;
    if new == old {
        output::note(format!("{old} keeps its name."));
        return Ok(Outcome::Yes);
    }
    // Renaming onto a place in use would merge the two for good, with no way back.
    if known_places.contains(&new) {
        return Err(
            Error::new(format!("{new} names a place in the vault already")).hint(format!(
                "choose a new name; if {old} and {new} are one place, retire the one that is gone"
            )),
        );
    }
    if old == MEMORY {
        return Err(
            Error::new("memory is where passphrases live; it keeps its name")
                .hint("rename the places you chose"),
        );
    }
    // This device's own name lives in the config file: renamed there too, so the vault and
    // the config never disagree about which place is this device.
    let config_change = if old == device {
        if ctx.args.device.is_some() {
            return Err(Error::new(format!(
                "{old} is this device's name, given by --device or MFA_KIT_DEVICE"
            ))
            .hint(format!("run with --device {new} after the rename, or drop the option and let the config name it")));
        }
        let Some(path) = ctx.config_path.clone() else {
            return Err(
                Error::new("this device's name is not kept in a config file")
                    .hint("give --config FILE"),
            );
        };
        Some(path)
    } else {
        None
    };
    let previous_config = match &config_change {
        Some(path) => Some(set_config_device(path, &new)?),
        None => None,
    };
    let renamed = ctx.update_everywhere(
        |record| location::rename_in_record(record, &old, &new),
        |sites| location::rename_in_sites(sites, &old, &new),
        (
            |_, account| location::rename_in_account(account, &old, &new),
            |place| place == old,
        ),
        |vault| location::rename(vault, &old, &new),
    );
    if let Err(e) = renamed {
        if let (Some(path), Some(text)) = (&config_change, previous_config) {
            let _ = write_private_atomic(path, text.as_bytes(), Existing::Replace);
        }
        return Err(e);
    }
    output::note(format!("Renamed {old} to {new}."));
    Ok(Outcome::Yes)
}

/// Sets `device = "NEW"` in the config file (added at the top where it names none); returns
/// the text before, to put back if the vault's side of the rename fails.
fn set_config_device(path: &std::path::Path, new: &str) -> Result<String> {
    // Read without waiting (a FIFO in its place is refused at once, never waited on).
    let before = if std::fs::symlink_metadata(path).is_err() {
        String::new()
    } else {
        String::from_utf8(crate::sys::fs::read_regular_file(path, "the config file")?).map_err(
            |_| {
                Error::new(format!(
                    "the config file {} is not UTF-8 text",
                    path.display()
                ))
                .hint("fix it, or point --config elsewhere")
            },
        )?
    };
    let line = format!("device = {}", toml::Value::String(new.to_string()));
    let mut replaced = false;
    let mut text: Vec<String> = strip_bom(&before)
        .lines()
        .map(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            if !replaced && key == "device" && !l.trim_start().starts_with('#') {
                replaced = true;
                line.clone()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !replaced {
        text.insert(0, line);
    }
    let text = text.join("\n") + "\n";
    toml::from_str::<Config>(&text).map_err(|_| {
        Error::new(format!(
            "cannot set the device's name in {}",
            path.display()
        ))
        .hint(format!(
            "put `device = \"{new}\"` at its top by hand, then rename again"
        ))
    })?;
    write_private_atomic(path, text.as_bytes(), Existing::Replace)?;
    Ok(before)
}

fn site(ctx: &Context, args: LocationSiteArgs) -> Result<Outcome> {
    let (rest, places) = vault_places(ctx)?;
    // The name judged before this device's (whose name is among the places known).
    let location = normalize_location(&args.location);
    check_locations([&location])?;
    let device = ctx.device()?;
    let known_places = known_with_places(places, &rest.vault, &device);
    let location = known(&known_places, &location, "location site")?;
    let sites: Vec<String> = rest.vault.sites.values().cloned().collect();
    drop(rest);
    if sites.contains(&location) {
        return Err(Error::new(format!("{location} is a site, not a location"))
            .hint("put locations in sites: `mfa-kit location site LOCATION SITE`"));
    }
    let site = match &args.site {
        Some(site) => {
            let site = normalize_location(site);
            check_locations([&site])?;
            let is_location = known_places
                .iter()
                .any(|k| *k == site && !sites.contains(k));
            if is_location {
                return Err(Error::new(format!(
                    "{site} is a location already; a site needs a name of its own"
                ))
                .hint("for example: home, office, bank"));
            }
            Some(site)
        }
        None => None,
    };
    let set = |sites: &mut std::collections::BTreeMap<String, String>| match &site {
        Some(site) => sites.insert(location.clone(), site.clone()),
        None => sites.remove(&location),
    };
    // The sites alone change: every account table is kept as it is written.
    ctx.update_everywhere(
        |_| false,
        |sites| {
            set(sites);
        },
        (|_, _| false, |_| false),
        |vault| {
            set(&mut vault.sites);
        },
    )?;
    match site {
        Some(site) => output::note(format!(
            "{location} is in the site {site}: the audit counts {site} as one place."
        )),
        None => output::note(format!("{location} is in no site now.")),
    }
    Ok(Outcome::Yes)
}

#[cfg(test)]
mod tests {
    use super::LostText;

    /// Lines whose losses repeat keep them once, yet every line reads back as it was given:
    /// the same losses as an older line (past the last eight kept), different ones, and
    /// losses added to a line; then in the order of names, each found by its name.
    #[test]
    fn lost_lines_read_back_as_given_in_any_order() {
        let mut lines = LostText::default();
        let mut given = Vec::new();
        for at in 0..40 {
            let name = format!("account{:02}", 39 - at);
            let what = match at % 13 {
                0 => format!("the SSH key {at} at phone"),
                _ => "the recovery codes' copy at drawer".to_string(),
            };
            lines.push_line(&name, &what);
            let mut what = what;
            if at % 7 == 0 {
                lines.push_more("the email at drawer");
                what.push_str(", the email at drawer");
            }
            given.push((name, what));
        }
        assert!(lines.what_ends.len() < 12, "the same losses are kept once");
        for (at, (name, what)) in given.iter().enumerate() {
            assert_eq!(lines.line(at), (name.as_str(), what.as_str()));
        }
        lines.sort_by_name();
        given.sort();
        for (at, (name, what)) in given.iter().enumerate() {
            assert_eq!(lines.line(at), (name.as_str(), what.as_str()));
            assert_eq!(lines.find(name), Some(at));
        }
        assert_eq!(lines.find("account99"), None);
    }
}
