//! Locations as the user's life changes them: a device or place retired for good (a phone
//! reset, a laptop wiped, a drawer emptied) with everything that was kept there, a location
//! renamed everywhere it is named, and locations put in sites (a place one event takes out
//! whole). Pure: the vault in, the vault changed and what was lost out.

use std::collections::BTreeMap;

use super::vault::{Account, BackupRecord, Vault};

/// What retiring a location took from one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    pub account: String,
    /// One line each: "the authenticator app on phone", "the SSH key SHA256:... at laptop".
    pub what: Vec<String>,
}

/// Removes everything kept at `location`: authenticator copies, recovery-code copies,
/// declared paths and SSH keys there; backups kept there, or whose every key lived there, are
/// marked gone (`now`); a backup with other keys elsewhere keeps those. The location leaves
/// its site. Returns, account by account, what was lost. The same as [`retire_record`] made
/// to each record, [`retire_in_account`] to each account, and [`retire_in_sites`].
pub fn retire(vault: &mut Vault, location: &str, now: u64) -> Vec<Lost> {
    let lost_backups: Vec<(usize, LostBackup)> = vault
        .backups
        .iter_mut()
        .enumerate()
        .filter_map(|(at, backup)| Some((at, retire_record(backup, location, now)?)))
        .collect();
    let mut lost = Vec::new();
    for account in &mut vault.accounts {
        let holding: Vec<&LostBackup> = lost_backups
            .iter()
            .filter(|(at, _)| vault.backups[*at].accounts.contains_key(&account.name))
            .map(|(_, backup)| backup)
            .collect();
        lost.extend(retire_in_account(account, location, &holding));
    }
    retire_in_sites(&mut vault.sites, location);
    lost.sort_by(|a, b| a.account.cmp(&b.account));
    lost
}

/// A backup record that retiring a location changed: gone, or a key of it lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostBackup {
    pub file: String,
    /// Where the backup file is kept.
    pub at: String,
    /// Gone (kept there, or every key of it was there), not only a key of it.
    pub gone: bool,
}

/// Retires `location` from one backup record (one already gone is left as it is): a record
/// kept there, or whose every key lived there, is marked gone (`now`) and kept as it was,
/// for the record of what was lost; one with other keys elsewhere loses the key there.
/// What it cost, where it changed.
pub fn retire_record(backup: &mut BackupRecord, location: &str, now: u64) -> Option<LostBackup> {
    if backup.gone.is_some() {
        return None;
    }
    let kept_there = backup.at == location;
    let had_key_there = backup.key_at.iter().any(|k| k == location);
    let keys_left = backup.key_at.iter().filter(|k| *k != location).count();
    let gone = kept_there || keys_left == 0;
    if gone {
        backup.gone = Some(now);
    } else if had_key_there {
        backup.key_at.retain(|k| k != location);
    } else {
        return None;
    }
    Some(LostBackup {
        file: backup.file.clone(),
        at: backup.at.clone(),
        gone,
    })
}

/// Retires `location` from one account: what was kept there goes. `holding` are the
/// records [`retire_record`] changed that hold this account. What the account lost, if
/// anything.
pub fn retire_in_account(
    account: &mut Account,
    location: &str,
    holding: &[&LostBackup],
) -> Option<Lost> {
    let mut what = Vec::new();
    if account.authenticators.iter().any(|a| a == location) {
        what.push(format!("the authenticator app on {location}"));
        account.authenticators.retain(|a| a != location);
    }
    if let Some(codes) = account.recovery_codes.as_mut()
        && codes.at.iter().any(|a| a == location)
    {
        what.push(format!("the copy of the recovery codes at {location}"));
        codes.at.retain(|a| a != location);
    }
    for key in account.ssh_keys.iter().filter(|k| k.at == location) {
        what.push(format!("the SSH key {} at {location}", key.fingerprint));
    }
    account.ssh_keys.retain(|k| k.at != location);
    for path in account.paths.iter().filter(|p| p.at == location) {
        what.push(format!("the {} path at {location}", path.kind));
    }
    account.paths.retain(|p| p.at != location);
    for backup in holding {
        what.push(if backup.gone {
            format!("the backup {} (kept at {})", backup.file, backup.at)
        } else {
            format!("a key of the backup {} (others remain)", backup.file)
        });
    }
    (!what.is_empty()).then(|| Lost {
        account: account.name.clone(),
        what,
    })
}

/// Retires `location` from the sites: it leaves its site.
pub fn retire_in_sites(sites: &mut BTreeMap<String, String>, location: &str) {
    sites.remove(location);
}

/// Renames a location (or a site) everywhere the vault names it: [`rename_in_account`] made
/// to each account, [`rename_in_record`] to each record, [`rename_in_sites`], then the
/// places normalised as the vault keeps them.
pub fn rename(vault: &mut Vault, old: &str, new: &str) {
    for account in &mut vault.accounts {
        rename_in_account(account, old, new);
    }
    for backup in &mut vault.backups {
        rename_in_record(backup, old, new);
    }
    rename_in_sites(&mut vault.sites, old, new);
    // Renaming onto a name in use merges the two: repeats go.
    vault.normalize_locations();
}

/// Swaps `old` for `new` in `name`; true when it did.
fn swap(name: &mut String, old: &str, new: &str) -> bool {
    let swapped = name == old;
    if swapped {
        *name = new.to_string();
    }
    swapped
}

/// [`rename`] in one account: true when it named `old`.
pub fn rename_in_account(account: &mut Account, old: &str, new: &str) -> bool {
    let mut renamed = false;
    for name in account.authenticators.iter_mut() {
        renamed |= swap(name, old, new);
    }
    if let Some(codes) = account.recovery_codes.as_mut() {
        for name in codes.at.iter_mut() {
            renamed |= swap(name, old, new);
        }
    }
    for key in account.ssh_keys.iter_mut() {
        renamed |= swap(&mut key.at, old, new);
    }
    for path in account.paths.iter_mut() {
        renamed |= swap(&mut path.at, old, new);
    }
    renamed
}

/// [`rename`] in one backup record: true when it named `old`.
pub fn rename_in_record(backup: &mut BackupRecord, old: &str, new: &str) -> bool {
    let mut renamed = swap(&mut backup.at, old, new);
    renamed |= swap(&mut backup.written_on, old, new);
    for name in backup.key_at.iter_mut() {
        renamed |= swap(name, old, new);
    }
    renamed
}

/// [`rename`] in the sites, as locations and as sites.
pub fn rename_in_sites(sites: &mut BTreeMap<String, String>, old: &str, new: &str) {
    *sites = std::mem::take(sites)
        .into_iter()
        .map(|(mut location, mut site)| {
            swap(&mut location, old, new);
            swap(&mut site, old, new);
            (location, site)
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::recovery::PathKind;
    use crate::core::vault::tests::{sample_account, sample_record};
    use crate::core::vault::{BackupRecord, DeclaredPath};

    fn backup(at: &str, key_at: &[&str], holds: &str) -> BackupRecord {
        sample_record(&format!("/{at}/b.age"), at, key_at, &[(holds, "d")])
    }

    fn vault() -> Vault {
        let mut vault = Vault::new();
        let mut a = sample_account("a");
        a.paths.push(DeclaredPath {
            kind: PathKind::SecurityKey,
            at: "phone".into(),
            note: None,
        });
        vault.insert(a).unwrap();
        let mut b = sample_account("b");
        b.authenticators = vec!["tablet".into()];
        vault.insert(b).unwrap();
        vault.backups.push(backup("usb-safe", &["phone"], "a"));
        vault.backups.push(backup("phone", &["paper"], "b"));
        vault
            .backups
            .push(backup("usb-safe", &["phone", "paper"], "b"));
        vault.sites.insert("phone".into(), "pocket".into());
        vault
    }

    #[test]
    fn retiring_takes_what_was_kept_there() {
        let mut v = vault();
        let lost = retire(&mut v, "phone", 99);
        assert_eq!(lost.len(), 2);
        assert_eq!(lost[0].account, "a");
        assert_eq!(
            lost[0].what,
            [
                "the authenticator app on phone",
                "the security-key path at phone",
                "the backup /usb-safe/b.age (kept at usb-safe)"
            ]
        );
        assert!(lost[1].what[0].contains("/phone/b.age"), "{:?}", lost[1]);
        assert!(lost[1].what[1].contains("others remain"), "{:?}", lost[1]);
        assert!(v.account("a").unwrap().authenticators.is_empty());
        assert!(v.account("a").unwrap().paths.is_empty());
        assert_eq!(v.backups[0].gone, Some(99));
        assert_eq!(v.backups[1].gone, Some(99));
        assert_eq!(
            v.backups[0].key_at,
            ["phone"],
            "a gone record is kept as it was"
        );
        assert_eq!(v.backups[2].gone, None);
        assert_eq!(v.backups[2].key_at, ["paper"]);
        assert!(v.sites.is_empty());
        assert!(!v.locations().contains(&"phone".to_string()));
    }

    #[test]
    fn renaming_reaches_every_mention_and_merges() {
        let mut v = vault();
        rename(&mut v, "phone", "old-phone");
        assert_eq!(v.account("a").unwrap().authenticators, ["old-phone"]);
        assert_eq!(v.backups[1].at, "old-phone");
        assert_eq!(v.sites.get("old-phone").map(String::as_str), Some("pocket"));
        rename(&mut v, "pocket", "bag");
        assert_eq!(v.sites.get("old-phone").map(String::as_str), Some("bag"));
        rename(&mut v, "tablet", "old-phone");
        let b = v.account("b").unwrap();
        assert_eq!(b.authenticators, ["old-phone"]);
        assert!(!v.locations().contains(&"phone".to_string()));
    }
}
