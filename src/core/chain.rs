//! The chain of backup records' maps of digests (format version 4,
//! [`super::vault::CHAINED_FORMAT_VERSION`]): each record after the first holds only what
//! changed since the record above it, an account it no longer holds having the digest `""`.
//! This module owns both ways between that form and the model's, where each record holds
//! its whole maps: over the model ([`unchain`], [`chained`]) and over maps read straight from
//! a document's text ([`walk_resolved`], for the writing that skips the model).
//!
//! Why a chain: every record of a 10,000-account vault held 20,000 lines (a megabyte) that
//! every command decrypted and kept, so each backup made every command slower and larger. A
//! backup that changed nothing since the last one now adds a few lines.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::vault::BackupRecord;

/// The digest that says a record does not hold an account (its record above did). A digest
/// is never empty otherwise: mfa-kit writes 32 hexadecimal digits, and in every version a
/// hand-written `""` is read so too.
pub const NOT_HELD: &str = "";

/// Turns chained maps (as a version 4 document holds them) into whole ones, in place: each
/// record after the first takes every entry of the record above it that it does not set
/// itself, and an entry [`NOT_HELD`] takes one out.
pub fn unchain(records: &mut [BackupRecord]) {
    for at in 1..records.len() {
        let (above, rest) = records.split_at_mut(at);
        let (above, this) = (&above[at - 1], &mut rest[0]);
        inherit(&mut this.accounts, &above.accounts);
        inherit(&mut this.totp, &above.totp);
    }
    drop_not_held(records);
}

/// Takes out every entry [`NOT_HELD`] (in a document of any version: the model never holds
/// one).
pub fn drop_not_held(records: &mut [BackupRecord]) {
    for record in records {
        record.accounts.retain(|_, digest| digest != NOT_HELD);
        record.totp.retain(|_, digest| digest != NOT_HELD);
    }
}

fn inherit(this: &mut BTreeMap<String, String>, above: &BTreeMap<String, String>) {
    for (name, digest) in above {
        if digest != NOT_HELD && !this.contains_key(name) {
            this.insert(name.clone(), digest.clone());
        }
    }
}

/// The map a record whose whole map is `this` holds in a chained document, below a record
/// whose whole map is `above` (none for the first record, which holds its whole map): the
/// entries that differ, and [`NOT_HELD`] for each name `above` holds and `this` does not.
pub fn chained(
    above: Option<&BTreeMap<String, String>>,
    this: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let Some(above) = above else {
        return this.clone();
    };
    let mut changed: BTreeMap<String, String> = this
        .iter()
        .filter(|(name, digest)| above.get(*name) != Some(*digest))
        .map(|(name, digest)| (name.clone(), digest.clone()))
        .collect();
    for name in above.keys().filter(|name| !this.contains_key(*name)) {
        changed.insert(name.clone(), NOT_HELD.to_string());
    }
    changed
}

/// The digest a record holds of a name, as the model reads it: its map's `own` entry (none
/// where it is [`NOT_HELD`]), else, when it is `chained`, what the record above holds.
pub fn held<'a>(
    own: Option<Cow<'a, str>>,
    chained: bool,
    above: &Option<Cow<'a, str>>,
) -> Option<Cow<'a, str>> {
    match own {
        Some(digest) => (digest != NOT_HELD).then_some(digest),
        None if chained => above.clone(),
        None => None,
    }
}

/// One record's map of digests as a list of entries whose keys rise as the model keeps them
/// (a map read from a document's text).
pub trait SortedEntries<'a> {
    /// How many entries it has.
    fn count(&self) -> usize;
    /// The key of the `at`th entry.
    fn key(&self, at: usize) -> Cow<'a, str>;
    /// The digest of the `at`th entry; `None` when it does not read.
    fn digest(&self, at: usize) -> Option<Cow<'a, str>>;
}

/// Gives `each`, for every name any of `maps` (one map of each record, in order) has, in
/// rising order, the digest each record holds of it as the model reads the records: its own
/// entry, else, for a record `chained` to the one above it, that record's, none where the
/// entry is [`NOT_HELD`]. `None` when a digest does not read.
pub fn walk_resolved<'a, M: SortedEntries<'a>>(
    maps: &[M],
    chained: &[bool],
    mut each: impl FnMut(&str, &[Option<Cow<'a, str>>]),
) -> Option<()> {
    debug_assert_eq!(maps.len(), chained.len());
    let mut next = vec![0usize; maps.len()];
    let mut keys: Vec<Option<Cow<'a, str>>> = maps
        .iter()
        .map(|map| (map.count() > 0).then(|| map.key(0)))
        .collect();
    let mut held: Vec<Option<Cow<'a, str>>> = vec![None; maps.len()];
    loop {
        let Some(name) = keys.iter().flatten().min().cloned() else {
            return Some(());
        };
        for at in 0..maps.len() {
            let own = match &keys[at] {
                Some(key) if *key == name => {
                    let digest = maps[at].digest(next[at])?;
                    next[at] += 1;
                    keys[at] = (next[at] < maps[at].count()).then(|| maps[at].key(next[at]));
                    Some(digest)
                }
                _ => None,
            };
            let above = match at {
                0 => None,
                _ => held[at - 1].clone(),
            };
            held[at] = self::held(own, chained[at], &above);
        }
        each(&name, &held);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn record(accounts: &[(&str, &str)]) -> BackupRecord {
        super::super::vault::tests::sample_record("/b.age", "usb", &["laptop"], accounts)
    }

    #[test]
    fn a_chain_reads_back_as_the_whole_maps_it_was_made_of() {
        let whole = [
            map(&[("a", "1"), ("b", "2"), ("c", "3")]),
            map(&[("a", "1"), ("b", "9"), ("d", "4")]),
            map(&[("a", "1"), ("b", "9"), ("d", "4")]),
            map(&[]),
            map(&[("c", "3")]),
        ];
        let mut records: Vec<BackupRecord> = (0..whole.len())
            .map(|at| {
                let mut r = record(&[]);
                r.accounts = chained(at.checked_sub(1).map(|above| &whole[above]), &whole[at]);
                r
            })
            .collect();
        assert_eq!(
            records[1].accounts,
            map(&[("b", "9"), ("c", ""), ("d", "4")])
        );
        assert!(
            records[2].accounts.is_empty(),
            "nothing changed, nothing kept"
        );
        assert_eq!(records[3].accounts, map(&[("a", ""), ("b", ""), ("d", "")]));
        unchain(&mut records);
        for (record, whole) in records.iter().zip(&whole) {
            assert_eq!(&record.accounts, whole);
        }
    }

    struct Entries(Vec<(String, String)>);

    impl<'a> SortedEntries<'a> for &'a Entries {
        fn count(&self) -> usize {
            self.0.len()
        }
        fn key(&self, at: usize) -> Cow<'a, str> {
            Cow::Borrowed(&self.0[at].0)
        }
        fn digest(&self, at: usize) -> Option<Cow<'a, str>> {
            Some(Cow::Borrowed(&self.0[at].1))
        }
    }

    #[test]
    fn the_walk_resolves_each_name_as_unchaining_the_model_does() {
        let maps = [
            Entries(vec![("a".into(), "1".into()), ("c".into(), "3".into())]),
            Entries(vec![("a".into(), "".into()), ("b".into(), "2".into())]),
            Entries(vec![("c".into(), "7".into())]),
        ];
        let mut records: Vec<BackupRecord> = maps
            .iter()
            .map(|m| {
                let mut r = record(&[]);
                r.accounts = m.0.iter().cloned().collect();
                r
            })
            .collect();
        unchain(&mut records);
        for chained in [
            [false, true, true],
            [false, false, true],
            [false, false, false],
        ] {
            let mut seen = Vec::new();
            walk_resolved(&maps.iter().collect::<Vec<_>>(), &chained, |name, held| {
                seen.push((
                    name.to_string(),
                    held.iter()
                        .map(|h| h.as_deref().map(str::to_string))
                        .collect::<Vec<_>>(),
                ))
            })
            .unwrap();
            let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["a", "b", "c"]);
            if chained == [false, true, true] {
                for (name, held) in &seen {
                    for (at, digest) in held.iter().enumerate() {
                        assert_eq!(
                            digest.as_ref(),
                            records[at].accounts.get(name),
                            "{name}@{at}"
                        );
                    }
                }
            }
            if chained == [false, false, false] {
                assert_eq!(seen[0].1, [Some("1".to_string()), None, None]);
                assert_eq!(
                    seen[2].1,
                    [Some("3".to_string()), None, Some("7".to_string())]
                );
            }
        }
    }
}
