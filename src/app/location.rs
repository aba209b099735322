//! `location list|retire|rename|site`: the devices and places the vault names. Retiring one
//! (a phone reset, a laptop wiped) forgets what was kept there and prints, account by account,
//! what that cost and whether the account still passes the audit.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::app::audit::{
    DeviceFacts, check_known_locations, known_locations, report, settings as audit_settings,
};
use crate::app::{Context, check_locations};
use crate::cli::{
    LocationArgs, LocationCommand, LocationListArgs, LocationRenameArgs, LocationSiteArgs,
};
use crate::core::audit::{LossCache, MEMORY, audit_account};
use crate::core::location;
use crate::core::text::strip_bom;
use crate::core::vault::{Vault, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::config::Config;
use crate::sys::fs::{Existing, write_private_atomic};
use crate::sys::output;

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
    let mut all_needs: Vec<usize> = Vec::new();
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
                    all_needs.push(*numbers.entry(place.clone()).or_insert(next));
                }
            }
        }
        start..all_needs.len()
    })?;
    ctx.services()?;
    let mut needing = vec![0usize; numbers.len()];
    for number in needs.into_iter().flat_map(|range| &all_needs[range]) {
        needing[*number] += 1;
    }
    let vault = &rest.vault;
    let mut known = known_locations(vault, &device);
    known.extend(named);
    known.sort();
    known.dedup();
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

/// The name given, in its kept form, checked to be one the vault knows.
fn known(ctx: &Context, vault: &Vault, name: &str, what: &str) -> Result<String> {
    let name = normalize_location(name);
    check_locations([&name])?;
    check_known_locations(vault, &ctx.device()?, std::slice::from_ref(&name), what)?;
    Ok(name)
}

fn retire(ctx: &Context, args: LocationArgs) -> Result<Outcome> {
    let device = ctx.device()?;
    let now = ctx.now();
    let unlocked = ctx.open()?;
    let name = known(ctx, &unlocked.vault, &args.location, "location retire")?;
    // A site retires every place in it.
    // (and the site's own name, where a path names it as a place).
    let members: Vec<String> = match unlocked.vault.sites().get(name.as_str()) {
        Some(members) => members
            .iter()
            .map(|m| m.to_string())
            .chain(std::iter::once(name.clone()))
            .collect(),
        None => vec![name.clone()],
    };
    let passphrase_vault = unlocked.key.is_passphrase();
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
    drop(unlocked);
    // What the audit after the change reads, read before it: a damaged config must fail the
    // command before the vault is written, not after.
    ctx.services()?;
    let lost = ctx.update(|vault| {
        Ok(members
            .iter()
            .flat_map(|member| location::retire(vault, member, now))
            .collect::<Vec<_>>())
    })?;
    let after = report(ctx, &ctx.open()?, &device, Vec::new(), None)?;
    output::note(format!("Retired {}.", members.join(", ")));
    if lost.is_empty() {
        output::line("Nothing of any account was kept there.")?;
    }
    // Grouped by account in one pass, in the order first lost (a place every one of 10,000
    // accounts used must not be a scan of every loss and every account per account).
    let mut accounts: Vec<&str> = Vec::new();
    let mut lost_by_account: HashMap<&str, Vec<&str>> = HashMap::new();
    for loss in &lost {
        lost_by_account
            .entry(loss.account.as_str())
            .or_insert_with(|| {
                accounts.push(loss.account.as_str());
                Vec::new()
            })
            .extend(loss.what.iter().map(String::as_str));
    }
    let audited: HashMap<&str, _> = after
        .accounts
        .iter()
        .map(|a| (a.name.as_str(), a))
        .collect();
    for name in accounts {
        let what = &lost_by_account[name];
        let verdict = match audited.get(name) {
            Some(a) if a.ok => format!("still passes ({} independent paths)", a.independent_paths),
            Some(a) => format!(
                "now FAILS ({} independent path(s)): see `mfa-kit audit`",
                a.independent_paths
            ),
            None => "gone".to_string(),
        };
        output::line(format!("{name}: lost {}; {verdict}", what.join(", ")))?;
    }
    Ok(Outcome::Yes)
}

fn rename(ctx: &Context, args: LocationRenameArgs) -> Result<Outcome> {
    let device = ctx.device()?;
    let unlocked = ctx.open()?;
    let old = known(ctx, &unlocked.vault, &args.old, "location rename")?;
    let new = normalize_location(&args.new);
    check_locations([&new])?;
    if new == old {
        output::note(format!("{old} keeps its name."));
        return Ok(Outcome::Yes);
    }
    // Renaming onto a place in use would merge the two for good, with no way back.
    if known_locations(&unlocked.vault, &device).contains(&new) {
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
    drop(unlocked);
    let previous_config = match &config_change {
        Some(path) => Some(set_config_device(path, &new)?),
        None => None,
    };
    let renamed = ctx.update(|vault| {
        location::rename(vault, &old, &new);
        Ok(())
    });
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
    let unlocked = ctx.open()?;
    let location = known(ctx, &unlocked.vault, &args.location, "location site")?;
    let device = ctx.device()?;
    let sites: Vec<String> = unlocked.vault.sites.values().cloned().collect();
    if sites.contains(&location) {
        return Err(Error::new(format!("{location} is a site, not a location"))
            .hint("put locations in sites: `mfa-kit location site LOCATION SITE`"));
    }
    let site = match &args.site {
        Some(site) => {
            let site = normalize_location(site);
            check_locations([&site])?;
            let is_location = known_locations(&unlocked.vault, &device)
                .into_iter()
                .any(|k| k == site && !sites.contains(&k));
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
    drop(unlocked);
    ctx.update(|vault| {
        match &site {
            Some(site) => vault.sites.insert(location.clone(), site.clone()),
            None => vault.sites.remove(&location),
        };
        Ok(())
    })?;
    match site {
        Some(site) => output::note(format!(
            "{location} is in the site {site}: the audit counts {site} as one place."
        )),
        None => output::note(format!("{location} is in no site now.")),
    }
    Ok(Outcome::Yes)
}
