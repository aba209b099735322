//! Locations as the user's life changes them: a device or place retired for good (a phone
//! reset, a laptop wiped, a drawer emptied) with everything that was kept there, a location
//! renamed everywhere it is named, and locations put in sites (a place one event takes out
//! whole). Pure: the vault in, the vault changed and what was lost out.

use super::vault::Vault;

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
/// its site. Returns, account by account, what was lost.
pub fn retire(vault: &mut Vault, location: &str, now: u64) -> Vec<Lost> {
    let mut lost = Vec::new();
    let mut gone_backups = Vec::new();
    for backup in vault.backups.iter_mut().filter(|b| b.gone.is_none()) {
        let kept_there = backup.at == location;
        let had_key_there = backup.key_at.iter().any(|k| k == location);
        let keys_left = backup.key_at.iter().filter(|k| *k != location).count();
        if kept_there || keys_left == 0 {
            // Kept as it was, for the record of what was lost.
            backup.gone = Some(now);
            gone_backups.push(backup.clone());
        } else if had_key_there {
            backup.key_at.retain(|k| k != location);
            gone_backups.push(backup.clone());
        }
    }
    for account in &mut vault.accounts {
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
        for backup in &gone_backups {
            if backup.accounts.contains_key(&account.name) {
                what.push(if backup.gone.is_some() {
                    format!("the backup {} (kept at {})", backup.file, backup.at)
                } else {
                    format!("a key of the backup {} (others remain)", backup.file)
                });
            }
        }
        if !what.is_empty() {
            lost.push(Lost {
                account: account.name.clone(),
                what,
            });
        }
    }
    vault.sites.remove(location);
    lost.sort_by(|a, b| a.account.cmp(&b.account));
    lost
}

/// Renames a location (or a site) everywhere the vault names it.
pub fn rename(vault: &mut Vault, old: &str, new: &str) {
    let swap = |name: &mut String| {
        if name == old {
            *name = new.to_string();
        }
    };
    for account in &mut vault.accounts {
        account.authenticators.iter_mut().for_each(swap);
        if let Some(codes) = account.recovery_codes.as_mut() {
            codes.at.iter_mut().for_each(swap);
        }
        account.ssh_keys.iter_mut().for_each(|k| swap(&mut k.at));
        account.paths.iter_mut().for_each(|p| swap(&mut p.at));
    }
    for backup in &mut vault.backups {
        swap(&mut backup.at);
        swap(&mut backup.written_on);
        backup.key_at.iter_mut().for_each(swap);
    }
    vault.sites = std::mem::take(&mut vault.sites)
        .into_iter()
        .map(|(mut location, mut site)| {
            swap(&mut location);
            swap(&mut site);
            (location, site)
        })
        .collect();
    // Renaming onto a name in use merges the two: repeats go.
    vault.normalize_locations();
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
