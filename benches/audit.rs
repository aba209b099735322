//! `cargo bench --bench audit`: the audit's own work (paths, minimum hitting sets, findings)
//! on in-memory vaults of 1,000 and 10,000 accounts with several paths each, without the
//! file reading and TOML parsing that `bench/audit.sh` measures end to end.

use std::collections::BTreeMap;
use std::time::Instant;

use mfa_kit::core::audit::{Facts, Settings, VaultLock, audit};
use mfa_kit::core::backup::digests;
use mfa_kit::core::otp::Algorithm;
use mfa_kit::core::recovery::PathKind;
use mfa_kit::core::secret::SecretString;
use mfa_kit::core::sshkey::KeyState;
use mfa_kit::core::vault::{
    Account, BackupRecord, DeclaredPath, RecoveryCode, RecoveryCodes, SshKey, Vault,
};

struct NoFiles;

impl Facts for NoFiles {
    fn key_state(&self, _: &SshKey) -> KeyState {
        KeyState::Elsewhere
    }
    fn backup_present(&self, _: &BackupRecord) -> bool {
        true
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
            }],
            paths: vec![DeclaredPath {
                kind: PathKind::SecurityKey,
                at: "keychain".into(),
                note: None,
            }],
        });
    }
    let accounts: BTreeMap<String, String> = digests(&vault);
    vault.backups.push(BackupRecord {
        created: 1_795_000_000,
        file: "/media/usb/b.age".into(),
        written_on: "laptop".into(),
        at: "usb-safe".into(),
        passphrase: false,
        recipients: vec![],
        key_at: vec!["paper-wallet".into(), "office-safe".into()],
        accounts,
    });
    vault
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
    for n in [1_000, 10_000] {
        let v = vault(n);
        let runs = 10;
        let mut best = f64::MAX;
        for _ in 0..runs {
            let start = Instant::now();
            let report = audit(&v, &settings, &NoFiles);
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
}
