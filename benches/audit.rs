//! `cargo bench --bench audit`: the audit's own work (paths, minimum hitting sets, findings)
//! on in-memory vaults of 1,000 and 10,000 accounts with several paths each, without the
//! file reading and TOML parsing that `bench/audit.sh` measures end to end. Then the minimum
//! hitting set alone on one account with many backups, in the shapes a crafted backup file
//! merged by `restore` can bring, and the audit of one account with 200 backups.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use mfa_kit::core::audit::{BackupFile, Facts, MEMORY, Settings, VaultLock, audit};
use mfa_kit::core::backup::digests;
use mfa_kit::core::hitting::{min_hitting_set, minimum_hitting_sets};
use mfa_kit::core::otp::Algorithm;
use mfa_kit::core::recovery::PathKind;
use mfa_kit::core::secret::SecretString;
use mfa_kit::core::services::Catalogue;
use mfa_kit::core::sshkey::KeyState;
use mfa_kit::core::vault::{
    Account, BackupRecord, DeclaredPath, RecoveryCode, RecoveryCodes, SshKey, Vault,
};

struct NoFiles;

impl Facts for NoFiles {
    fn key_state(&self, _: &SshKey) -> KeyState {
        KeyState::Elsewhere
    }
    fn backup_file(&self, _: &BackupRecord) -> BackupFile {
        BackupFile::Unchecked
    }
}

fn vault(n: usize) -> Vault {
    let mut vault = Vault::new();
    for i in 0..n {
        vault.accounts.push(Account {
            name: format!("account{i:05}"),
            issuer: Some("Bench".into()),
            label: None,
            secret: SecretString::from("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            created: 1_790_000_000,
            authenticators: vec!["phone".into()],
            last_verified: Some(1_795_000_000),
            last_step: None,
            counter: None,
            recovery_codes: Some(RecoveryCodes {
                at: vec!["paper-drawer".into()],
                added: 1_790_000_000,
                codes: (0..10)
                    .map(|j| RecoveryCode {
                        code: SecretString::new(format!("{i:05}-{j:04}")),
                        used: None,
                    })
                    .collect(),
            }),
            ssh_keys: vec![SshKey {
                fingerprint: format!("SHA256:{i:043}"),
                algorithm: "ssh-ed25519".into(),
                path: format!("/home/bench/.ssh/key{i}"),
                at: "home-desktop".into(),
                added: 1_790_000_000,
                private_key: None,
                host: None,
                live: None,
            }],
            paths: vec![DeclaredPath {
                kind: PathKind::SecurityKey,
                at: "keychain".into(),
                note: None,
            }],
            renamed_from: Vec::new(),
        });
    }
    let accounts: BTreeMap<String, String> = digests(&vault);
    vault.backups.push(backup_record(
        "/media/usb/b.age",
        "usb-safe",
        &["paper-wallet", "office-safe"],
        accounts,
    ));
    vault
}

/// A backup record as `backup` writes it, read the way a vault file is read, so that the
/// optional fields the record gains over time keep their defaults here.
fn backup_record(
    file: &str,
    at: &str,
    key_at: &[&str],
    accounts: BTreeMap<String, String>,
) -> BackupRecord {
    serde_json::from_value(serde_json::json!({
        "created": 1_795_000_000u64,
        "file": file,
        "written_on": "laptop",
        "at": at,
        "key_at": key_at,
        "accounts": accounts,
    }))
    .expect("a well-formed backup record")
}

/// One account (as in `vault`) with one backup per (place, key place).
fn account_with_backups(backups: &[(String, String)]) -> Vault {
    let mut vault = vault(1);
    vault.backups.clear();
    let accounts = digests(&vault);
    for (i, (at, key_at)) in backups.iter().enumerate() {
        vault.backups.push(backup_record(
            &format!("/media/{at}/b{i}.age"),
            at,
            &[key_at.as_str()],
            accounts.clone(),
        ));
    }
    vault
}

/// The location sets the audit builds for that account when the vault is unlocked by a
/// passphrase: the vault and the recovery codes in it, the authenticator, the codes on
/// paper, the SSH key, the security key, then each backup.
fn need_sets(backups: &[(String, String)]) -> Vec<Vec<String>> {
    let fixed: [&[&str]; 6] = [
        &["laptop", MEMORY],
        &["phone"],
        &["laptop", MEMORY],
        &["paper-drawer"],
        &["home-desktop"],
        &["keychain"],
    ];
    let mut sets: Vec<Vec<String>> = fixed
        .iter()
        .map(|set| set.iter().map(|l| l.to_string()).collect())
        .collect();
    sets.extend(
        backups
            .iter()
            .map(|(at, key)| vec![at.clone(), key.clone()]),
    );
    sets
}

/// Fixed-seed numbers (splitmix64), so that every run measures the same shapes.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn usb(i: usize) -> String {
    format!("usb{i:03}")
}

/// Backups at distinct places, each with its key at a place of its own.
fn at_distinct_places(n: usize) -> Vec<(String, String)> {
    (0..n).map(|i| (usb(i), format!("key{i:03}"))).collect()
}

/// `n` backups at random ones of `places` places, each keyed at another random one of them:
/// a random graph, the hardest of these shapes.
fn keyed_at_random(places: usize, n: usize, random: &mut Seeded) -> Vec<(String, String)> {
    let mut backups = Vec::new();
    while backups.len() < n {
        let (at, key_at) = (random.below(places), random.below(places));
        if at != key_at {
            backups.push((usb(at), usb(key_at)));
        }
    }
    backups
}

/// The shapes many backups can make, as lists of (place, key place).
fn backup_shapes() -> Vec<(&'static str, Vec<(String, String)>)> {
    let mut random = Seeded(42);
    vec![
        ("24 backups at distinct places", at_distinct_places(24)),
        ("26 backups at distinct places", at_distinct_places(26)),
        ("200 backups at distinct places", at_distinct_places(200)),
        (
            "200 backups, every key in memory",
            (0..200).map(|i| (usb(i), MEMORY.to_string())).collect(),
        ),
        (
            "200 backups, keys at 3 places",
            (0..200)
                .map(|i| (usb(i), ["home", "office", "bank"][i % 3].to_string()))
                .collect(),
        ),
        (
            "200 backups in a ring (each keyed at the next)",
            (0..200).map(|i| (usb(i), usb((i + 1) % 200))).collect(),
        ),
        (
            "200 backups keyed at random ones of 200 places",
            keyed_at_random(200, 200, &mut random),
        ),
        (
            "300 backups keyed at random ones of 200 places",
            keyed_at_random(200, 300, &mut random),
        ),
        (
            "400 backups keyed at random ones of 200 places",
            keyed_at_random(200, 400, &mut random),
        ),
        (
            "400 backups keyed at random ones of 100 places",
            keyed_at_random(100, 400, &mut random),
        ),
    ]
}

/// The best of `runs` timings of `work` in seconds, and its result.
fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = work();
        best = best.min(start.elapsed().as_secs_f64());
        result = Some(out);
    }
    (best, result.expect("at least one run"))
}

fn millis(seconds: f64) -> String {
    format!("{:>9.3} ms", seconds * 1e3)
}

fn main() {
    let settings = Settings {
        device: "laptop".into(),
        vault_lock: VaultLock::Identity,
        min_paths: 2,
        lost: vec![],
        now: 1_795_100_000,
        codes_low: 3,
        backup_max_age_days: 90,
        verify_max_age_days: 180,
    };
    let services = Catalogue::default();
    for n in [1_000, 10_000] {
        let v = vault(n);
        let runs = 10;
        let mut best = f64::MAX;
        for _ in 0..runs {
            let start = Instant::now();
            let report = audit(&v, &settings, &NoFiles, &services);
            let took = start.elapsed().as_secs_f64();
            assert!(report.ok && report.accounts.len() == n);
            best = best.min(took);
        }
        println!(
            "audit of {n:>6} accounts (8 paths each): best of {runs} {:>8.2} ms, {:.2} µs/account",
            best * 1e3,
            best * 1e6 / n as f64
        );
    }

    // The account of `vault`: its 8 paths, as the audit builds them.
    let typical: [&[&str]; 8] = [
        &["laptop"],
        &["phone"],
        &["laptop"],
        &["paper-drawer"],
        &["home-desktop"],
        &["keychain"],
        &["paper-wallet", "usb-safe"],
        &["office-safe", "usb-safe"],
    ];
    let typical: Vec<Vec<&str>> = typical.iter().map(|set| set.to_vec()).collect();
    let calls = 100_000;
    let (minimum, _) = best_of(3, || {
        (0..calls)
            .map(|_| min_hitting_set(std::hint::black_box(&typical)))
            .sum::<usize>()
    });
    let (listing, _) = best_of(3, || {
        (0..calls)
            .map(|_| minimum_hitting_sets(std::hint::black_box(&typical), 8).len())
            .sum::<usize>()
    });
    println!(
        "one account of those 8 paths: minimum hitting set {:.2} µs, its first 8 minimum sets {:.2} µs",
        minimum * 1e6 / calls as f64,
        listing * 1e6 / calls as f64
    );

    println!();
    println!("one account's paths with many backups, best of 10:");
    println!(
        "  {:<48} {:>12} {:>8} {:>12}",
        "", "minimum", "", "10 minimum sets"
    );
    for (name, backups) in backup_shapes() {
        let owned = need_sets(&backups);
        let paths: Vec<Vec<&str>> = owned
            .iter()
            .map(|set| set.iter().map(String::as_str).collect())
            .collect();
        let (took, minimum) = best_of(10, || min_hitting_set(&paths));
        let (listing, found) = best_of(10, || minimum_hitting_sets(&paths, 10));
        assert!(found.iter().all(|set| set.len() == minimum));
        println!(
            "  {name:<48} {} {minimum:>8} {}{}",
            millis(took),
            millis(listing),
            if found.len() < 10 {
                format!(" (only {} exist)", found.len())
            } else {
                String::new()
            }
        );
    }

    // Last, on a thread given up on after a while: until the audit uses core::hitting, its own
    // exponential search would not finish (24 backups took 13 s, 26 took 57 s).
    let one = account_with_backups(&at_distinct_places(200));
    let settings = Settings {
        vault_lock: VaultLock::Passphrase,
        ..settings
    };
    let patience = Duration::from_secs(20);
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let timed = best_of(10, || audit(&one, &settings, &NoFiles, &services));
        done.send(timed).ok();
    });
    let what = "audit of 1 account with 200 backups at distinct places";
    match finished.recv_timeout(patience) {
        Ok((took, report)) => println!(
            "\n{what}: best of 10 {}, {} independent paths",
            millis(took),
            report.accounts[0].independent_paths
        ),
        Err(_) => println!(
            "\n{what}: not done after {} s (the audit's minimum hitting set is still the exponential one)",
            patience.as_secs()
        ),
    }
}
