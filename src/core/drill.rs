//! The recovery drill's judgement: given the vault and the backups that survive a loss (each
//! opened with only the keys that survive it, or the reason it could not be), which accounts
//! come back with a TOTP whose codes equal the vault's, now and at the next step, and why the
//! others do not. Pure: the edge opens the files; the clock comes in as a value.

use serde::Serialize;

use super::backup::held_at;
use super::otp::Hotp;
use super::vault::{Account, fold};

/// A backup the drill tried: its file, and what opening it gave.
pub struct Opened {
    /// Shared with the outcome of each account it brings back (10,000 copies of a path).
    pub file: std::sync::Arc<str>,
    pub result: Result<Held, OpenFailure>,
}

/// Why a surviving backup file did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFailure {
    /// None of the surviving keys opens it (its keys were lost).
    NoKey,
    /// The file is damaged, truncated or not a vault (what was wrong, without a secret).
    Damaged(String),
}

/// One account's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillAccount {
    pub name: Box<str>,
    pub recovered: bool,
    /// The backup file that brought it back.
    pub by: Option<std::sync::Arc<str>>,
    /// Why it would be lost, when it would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Box<str>>,
}

/// What the drill needs of an account of the vault: its names, its kind, and the codes it
/// gives at the drill's time and the next step (HOTP: at its counter and the next). Taken
/// before any backup is opened, so that the vault's document is not held beside them.
pub struct Ours {
    pub name: String,
    renamed_from: Vec<String>,
    /// HOTP's counter; none for TOTP.
    counter: Option<u64>,
    /// The two codes, none when its secret makes none.
    codes: Option<TwoCodes>,
}

impl Ours {
    pub fn of(account: &Account, now: u64) -> Ours {
        Ours {
            name: account.name.clone(),
            renamed_from: account.renamed_from.clone(),
            counter: account.counter,
            codes: account
                .two_codes_at(now, account.counter)
                .ok()
                .and_then(TwoCodes::of),
        }
    }

    fn kind_name(&self) -> &'static str {
        if self.counter.is_some() {
            "HOTP"
        } else {
            "TOTP"
        }
    }
}

/// What the drill keeps of an account a backup holds: its name and what makes its codes. A
/// TOTP account is kept as its two codes at the drill's time (its secret is not kept); an
/// HOTP account as its generator, whose codes are taken at the vault's counter.
pub struct HeldAccount {
    name: Box<str>,
    codes: HeldCodes,
}

enum HeldCodes {
    /// TOTP's codes now and at the next step, none when its secret makes none.
    Totp(Option<TwoCodes>),
    Hotp(Option<Hotp>),
}

impl HeldAccount {
    pub fn of(account: &Account, now: u64) -> HeldAccount {
        let codes = if account.is_hotp() {
            HeldCodes::Hotp(account.hotp().ok())
        } else {
            HeldCodes::Totp(account.two_codes_at(now, None).ok().and_then(TwoCodes::of))
        };
        HeldAccount {
            name: account.name.as_str().into(),
            codes,
        }
    }

    /// True when it gives `ours`'s codes: the same kind, the same two codes (HOTP: of the
    /// vault's counter and the next, whatever the backup's counter: one that lags or leads
    /// is the same secret, its counter moved on).
    fn gives_the_codes_of(&self, ours: &Ours) -> bool {
        let theirs = match (&self.codes, ours.counter) {
            (HeldCodes::Totp(codes), None) => *codes,
            (HeldCodes::Hotp(hotp), Some(counter)) => hotp
                .as_ref()
                .and_then(|hotp| TwoCodes::of(hotp.two_codes(counter))),
            _ => return false,
        };
        matches!((ours.codes, theirs), (Some(ours), Some(theirs)) if ours == theirs)
    }
}

/// Two codes as the drill compares them, in 24 bytes rather than two strings: equal when
/// the codes are the same digits (as many, the same number).
#[derive(Clone, Copy, PartialEq, Eq)]
struct TwoCodes {
    digits: [u8; 2],
    values: [u64; 2],
}

impl TwoCodes {
    /// None where a code is not the digits of a number (a code has at most 10).
    fn of([now, next]: [String; 2]) -> Option<TwoCodes> {
        let value = |code: &str| {
            (code.len() <= 19 && code.bytes().all(|b| b.is_ascii_digit()))
                .then(|| code.parse().ok())
                .flatten()
        };
        let values = [value(&now)?, value(&next)?];
        Some(TwoCodes {
            // At most 19, as the values were read.
            digits: [now.len() as u8, next.len() as u8],
            values,
        })
    }
}

/// The accounts of a backup that opened, found by name as [`super::vault::Vault::account`]
/// finds them (as written, else ignoring case when that names one account only), held as a
/// name and two codes each: a backup of 10,000 accounts is about a megabyte here.
#[derive(Default)]
pub struct Held {
    accounts: Vec<HeldAccount>,
    /// Places in `accounts`, in the order of their names (the first of two same names first).
    by_name: Vec<u32>,
    /// Whether folding leaves each account's name as it is.
    folds_to_itself: Vec<bool>,
    /// (folded name, place) of each account whose name folding changes, in that order.
    folded: Vec<(Box<str>, u32)>,
}

impl Held {
    pub fn of(accounts: Vec<HeldAccount>) -> Held {
        let mut by_name: Vec<u32> = (0..accounts.len() as u32).collect();
        by_name.sort_by(|a, b| accounts[*a as usize].name.cmp(&accounts[*b as usize].name));
        let mut folds_to_itself = Vec::with_capacity(accounts.len());
        let mut folded = Vec::new();
        for (at, account) in accounts.iter().enumerate() {
            let name = fold(&account.name);
            folds_to_itself.push(*name == *account.name);
            if *name != *account.name {
                folded.push((name.into_boxed_str(), at as u32));
            }
        }
        folded.sort();
        Held {
            accounts,
            by_name,
            folds_to_itself,
            folded,
        }
    }

    /// Where the account called `name` is: as written, else ignoring case when that names
    /// one account only.
    fn find(&self, name: &str) -> Option<usize> {
        if let Some(at) = self.named(name).next() {
            return Some(at);
        }
        // Every account whose name folds to the same: those named so already (whose names
        // fold to themselves, as any folded name does as far as is known; checked all the
        // same), and those whose names fold to it.
        let folded = fold(name);
        let start = self.folded.partition_point(|(f, _)| **f < *folded);
        let mut candidates = self
            .named(&folded)
            .filter(|at| self.folds_to_itself[*at])
            .chain(
                self.folded[start..]
                    .iter()
                    .take_while(|(f, _)| **f == *folded)
                    .map(|(_, at)| *at as usize),
            );
        match (candidates.next(), candidates.next()) {
            (Some(at), None) => Some(at),
            _ => None,
        }
    }

    /// The places of the accounts called `name` as written, the first first.
    fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = usize> + 's {
        let start = self
            .by_name
            .partition_point(|at| *self.accounts[*at as usize].name < *name);
        self.by_name[start..]
            .iter()
            .map(|at| *at as usize)
            .take_while(move |at| *self.accounts[*at].name == *name)
    }

    /// The backup's account that is `ours`: by its name, or a name it had before a rename.
    fn holding(&self, ours: &Ours) -> Option<&HeldAccount> {
        held_at(
            |name| self.find(name),
            &ours.name,
            &ours.renamed_from,
            |at| &self.accounts[at].name,
        )
        .map(|at| &self.accounts[at])
    }
}

/// Whether the vault's account `ours` comes back from the opened backups, and why not.
pub fn judge(ours: &Ours, opened: &[Opened]) -> DrillAccount {
    let lost = |why: String| DrillAccount {
        name: ours.name.as_str().into(),
        recovered: false,
        by: None,
        why: Some(why.into()),
    };
    if opened.is_empty() {
        return lost("no backup survives this loss".to_string());
    }
    let mut held_older = false;
    for backup in opened {
        let Ok(held) = &backup.result else {
            continue;
        };
        let Some(theirs) = held.holding(ours) else {
            continue;
        };
        if theirs.gives_the_codes_of(ours) {
            return DrillAccount {
                name: ours.name.as_str().into(),
                recovered: true,
                by: Some(backup.file.clone()),
                why: None,
            };
        }
        held_older = true;
    }
    if held_older {
        return lost(format!(
            "the surviving backups hold an older {} secret or parameters than the vault",
            ours.kind_name()
        ));
    }
    let opened_any = opened.iter().any(|b| b.result.is_ok());
    if opened_any {
        return lost("no surviving backup holds it (it is newer than the backups)".to_string());
    }
    let damaged: Vec<&str> = opened
        .iter()
        .filter(|b| matches!(b.result, Err(OpenFailure::Damaged(_))))
        .map(|b| &*b.file)
        .collect();
    if !damaged.is_empty() {
        return lost(format!(
            "the surviving backup files do not open: {} damaged{}",
            damaged.join(", "),
            if damaged.len() < opened.len() {
                ", the others have no surviving key"
            } else {
                ""
            }
        ));
    }
    lost("no surviving key opens the surviving backups".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::otp::Algorithm;
    use crate::core::secret::SecretString;
    use crate::core::vault::Vault;
    use crate::core::vault::tests::sample_account;

    fn vault_of(accounts: &[(&str, &str)]) -> Vault {
        let mut vault = Vault::new();
        for (name, secret) in accounts {
            let mut account = sample_account(name);
            account.secret = SecretString::from(*secret);
            vault.insert(account).unwrap();
        }
        vault
    }

    /// Judges every account of `vault` against the opened backups, at `now` and the next
    /// step, as the drill does.
    fn drill(vault: &Vault, opened: &[Opened], now: u64) -> Vec<DrillAccount> {
        vault
            .sorted_accounts()
            .into_iter()
            .map(|account| judge(&Ours::of(account, now), opened))
            .collect()
    }

    fn held(backup: &Vault, now: u64) -> Held {
        Held::of(
            backup
                .accounts
                .iter()
                .map(|account| HeldAccount::of(account, now))
                .collect(),
        )
    }

    const A: &str = "JBSWY3DPEHPK3PXP";
    const B: &str = "GEZDGNBVGY3TQOJQ";

    #[test]
    fn each_account_is_recovered_or_told_why_not() {
        let vault = vault_of(&[("same", A), ("changed", A), ("new", A)]);
        let backup = vault_of(&[("same", A), ("changed", B)]);
        let opened = [
            Opened {
                file: "/usb/b.age".into(),
                result: Ok(held(&backup, 1_800_000_000)),
            },
            Opened {
                file: "/usb/old.age".into(),
                result: Err(OpenFailure::NoKey),
            },
        ];
        let result = drill(&vault, &opened, 1_800_000_000);
        let by_name = |n: &str| result.iter().find(|a| &*a.name == n).unwrap();
        assert!(by_name("same").recovered);
        assert_eq!(by_name("same").by.as_deref(), Some("/usb/b.age"));
        assert!(!by_name("changed").recovered);
        assert!(
            by_name("changed")
                .why
                .as_ref()
                .unwrap()
                .contains("older TOTP")
        );
        assert!(by_name("new").why.as_ref().unwrap().contains("newer than"));
    }

    #[test]
    fn no_backup_no_key_or_damage_each_say_so() {
        let vault = vault_of(&[("a", A)]);
        let why = |opened: &[Opened]| drill(&vault, opened, 0)[0].why.clone().unwrap();
        assert!(why(&[]).contains("no backup survives"));
        let no_key = [Opened {
            file: "f".into(),
            result: Err(OpenFailure::NoKey),
        }];
        assert!(why(&no_key).contains("no surviving key"));
        let damaged = [Opened {
            file: "f".into(),
            result: Err(OpenFailure::Damaged("truncated".into())),
        }];
        assert!(why(&damaged).contains("damaged"));
    }

    /// An 8-digit code is the 6-digit one with two more digits in front: where those are
    /// zeros, the two read as the same number, and are still not the same code.
    #[test]
    fn codes_of_other_lengths_differ_when_their_numbers_are_equal() {
        let ours = sample_account("a");
        let mut theirs = sample_account("a");
        theirs.digits = 8;
        let now = (0..100_000u64)
            .map(|step| 1_800_000_000 + step * 30)
            .find(|now| {
                let [code, next] = theirs.two_codes_at(*now, None).unwrap();
                code.starts_with("00") && next.starts_with("00")
            })
            .expect("one step in 10,000 begins so");
        assert!(!ours.same_codes_as(&theirs, now));
        assert!(!HeldAccount::of(&theirs, now).gives_the_codes_of(&Ours::of(&ours, now)));
    }

    /// Names that fold together in every way folding knows: case, accents, a ligature and
    /// the Kelvin sign (NFKC), and a name with a former name.
    const NAMES: [&str; 10] = ["a", "A", "b", "B", "é", "É", "ﬁ", "fi", "k", "\u{212a}"];

    proptest::proptest! {
        /// The backup's accounts are found as the vault's own index finds them: as written,
        /// else ignoring case when that names one account only, two same names included.
        #[test]
        fn held_accounts_are_found_as_the_name_index_finds_them(
            held in proptest::collection::vec(0usize..NAMES.len(), 0..6),
            sought in 0usize..NAMES.len(),
        ) {
            let accounts: Vec<Account> = held.iter().map(|n| sample_account(NAMES[*n])).collect();
            let index = crate::core::vault::NameIndex::of(&accounts);
            let kept = Held::of(accounts.iter().map(|a| HeldAccount::of(a, 0)).collect());
            proptest::prop_assert_eq!(kept.find(NAMES[sought]), index.find(NAMES[sought]));
        }

        /// The codes the drill compares, kept as numbers, say what comparing the accounts'
        /// codes says, whatever differs: secret, hash, digits, period, kind, counter.
        #[test]
        fn held_codes_compare_as_the_accounts_codes_do(
            ours in (0usize..2, 0usize..2, 0usize..2, 0usize..2, 0usize..3),
            theirs in (0usize..2, 0usize..2, 0usize..2, 0usize..2, 0usize..3),
            now in 0u64..4_000_000_000,
        ) {
            let account = |(secret, hash, digits, period, counter): (usize, usize, usize, usize, usize)| {
                let mut account = sample_account("a");
                account.secret = SecretString::from([A, B][secret]);
                account.algorithm = [Algorithm::Sha1, Algorithm::Sha256][hash];
                account.digits = [6, 8][digits];
                account.period = [30, 60][period];
                account.counter = [None, Some(0), Some(7)][counter];
                account
            };
            let (ours, theirs) = (account(ours), account(theirs));
            proptest::prop_assert_eq!(
                HeldAccount::of(&theirs, now).gives_the_codes_of(&Ours::of(&ours, now)),
                ours.same_codes_as(&theirs, now)
            );
        }
    }
}
