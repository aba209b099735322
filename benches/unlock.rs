//! `cargo bench --bench unlock`: what a passphrase vault costs, against the one scrypt it
//! cannot avoid. The baseline is that scrypt itself: stock-age-format decryption of the
//! vault's own identity file with its passphrase (work factor 18), timed in-process. Then, with
//! the release binary: a write without the agent (target: one scrypt + at most 5%), a session
//! of `unlock`, five reads, five writes and `lock` (target: one scrypt + at most 10%), and for
//! comparison the same on a vault of the first version (encrypted to the passphrase itself).
//! Prints the figures and the ratios; exits 1 when a target is missed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use age::secrecy::SecretString;

const SECRET: &str = "JBSWY3DPEHPK3PXP";
const PASSPHRASE: &str = "correct horse battery staple";
const RUNS: usize = 5;

struct Bench {
    dir: tempfile::TempDir,
    runtime: tempfile::TempDir,
}

impl Bench {
    fn new() -> Bench {
        use std::os::unix::fs::PermissionsExt;
        let bench = Bench {
            dir: tempfile::tempdir().unwrap(),
            runtime: tempfile::tempdir().unwrap(),
        };
        std::fs::set_permissions(bench.runtime.path(), std::fs::Permissions::from_mode(0o700))
            .unwrap();
        let pass = bench.path("pass.txt");
        std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();
        std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
        bench
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self, vault: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mfa-kit"));
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("MFA_KIT_DEVICE", "laptop")
            .env("MFA_KIT_VAULT", vault)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs a command and returns how long it took; it must succeed (audit may say 1).
    fn time(&self, vault: &Path, args: &[&str]) -> Duration {
        let start = Instant::now();
        let out = self.cmd(vault, args).output().unwrap();
        let took = start.elapsed();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || (code == 1 && args.contains(&"audit")),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        took
    }

    fn with_passphrase<'a>(&'a self, pass: &'a str, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["--passphrase-file", pass];
        all.extend_from_slice(args);
        all
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Five reads and five writes, as a person's session at the terminal might go.
fn session(bench: &Bench, vault: &Path, pass: Option<&str>, round: usize) -> Duration {
    let names: Vec<String> = (0..3).map(|i| format!("acct-{round}-{i}")).collect();
    let renamed = format!("renamed-{round}");
    let steps: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["code", "github"],
        vec!["add", &names[0], "--secret", SECRET],
        vec!["audit", "--json"],
        vec!["add", &names[1], "--secret", SECRET],
        vec!["codes", "list", "github"],
        vec!["add", &names[2], "--secret", SECRET],
        vec!["rename", &names[2], &renamed],
        vec!["export", "--format", "otpauth"],
        vec!["remove", &renamed, "--yes"],
    ];
    let mut total = Duration::ZERO;
    for step in steps {
        total += match pass {
            Some(pass) => bench.time(vault, &bench.with_passphrase(pass, &step)),
            None => bench.time(vault, &step),
        };
    }
    total
}

fn main() {
    let bench = Bench::new();
    let pass_file = bench.path("pass.txt");
    let pass = pass_file.to_str().unwrap();
    let vault = bench.path("vault.age");
    bench.time(
        &vault,
        &bench.with_passphrase(pass, &["init", "--passphrase"]),
    );
    bench.time(
        &vault,
        &bench.with_passphrase(pass, &["add", "github", "--secret", SECRET]),
    );
    let codes = bench.path("codes.txt");
    std::fs::write(&codes, "aaaa-bbbb\ncccc-dddd\n").unwrap();
    let out = bench
        .cmd(
            &vault,
            &["--passphrase-file", pass, "codes", "add", "github"],
        )
        .stdin(std::fs::File::open(&codes).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success());

    // The baseline: one scrypt, as the vault's own identity file asks for it.
    let identity = std::fs::read(bench.path("vault.identity.age")).unwrap();
    let scrypt = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let decryptor = age::Decryptor::new(&identity[..]).unwrap();
                let key = age::scrypt::Identity::new(SecretString::from(PASSPHRASE.to_string()));
                let mut reader = decryptor
                    .decrypt(std::iter::once(&key as &dyn age::Identity))
                    .unwrap();
                std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
                start.elapsed()
            })
            .collect(),
    );

    // A write without the agent.
    let no_agent_write = median(
        (0..RUNS)
            .map(|i| {
                let name = format!("w{i}");
                let took = bench.time(
                    &vault,
                    &bench.with_passphrase(pass, &["add", &name, "--secret", SECRET]),
                );
                bench.time(
                    &vault,
                    &bench.with_passphrase(pass, &["remove", &name, "--yes"]),
                );
                took
            })
            .collect(),
    );

    // A session with the agent: unlock (the one scrypt), ten commands, lock.
    let sessions: Vec<Duration> = (0..RUNS)
        .map(|round| {
            let start = Instant::now();
            bench.time(
                &vault,
                &bench.with_passphrase(pass, &["unlock", "--timeout", "5m"]),
            );
            let unlock = start.elapsed();
            let commands = session(&bench, &vault, None, round);
            let lock = bench.time(&vault, &["lock"]);
            unlock + commands + lock
        })
        .collect();
    let agent_session = median(sessions);

    // The first version: the vault encrypted to the passphrase itself.
    let v1 = bench.path("v1.age");
    bench.time(
        &vault,
        &bench.with_passphrase(
            pass,
            &[
                "backup",
                "--passphrase",
                "--out",
                v1.to_str().unwrap(),
                "--at",
                "usb",
            ],
        ),
    );
    let v1_write = median(
        (0..3)
            .map(|i| {
                let name = format!("v{i}");
                let took = bench.time(
                    &v1,
                    &bench.with_passphrase(pass, &["add", &name, "--secret", SECRET]),
                );
                bench.time(
                    &v1,
                    &bench.with_passphrase(pass, &["remove", &name, "--yes"]),
                );
                took
            })
            .collect(),
    );
    let v1_session = session(&bench, &v1, Some(pass), 99);

    let write_ratio = no_agent_write.as_secs_f64() / scrypt.as_secs_f64();
    let session_ratio = agent_session.as_secs_f64() / scrypt.as_secs_f64();
    println!(
        "one scrypt (work factor 18), the baseline:        {}",
        ms(scrypt)
    );
    println!(
        "a write, no agent:                                {}  = {write_ratio:.3} x scrypt (target <= 1.05)",
        ms(no_agent_write)
    );
    println!(
        "unlock + 5 reads + 5 writes + lock, with agent:   {}  = {session_ratio:.3} x scrypt (target <= 1.10)",
        ms(agent_session)
    );
    println!(
        "first-version vault, a write:                     {}  = {:.3} x scrypt",
        ms(v1_write),
        v1_write.as_secs_f64() / scrypt.as_secs_f64()
    );
    println!(
        "first-version vault, the same 10 commands:        {}  = {:.3} x scrypt",
        ms(v1_session),
        v1_session.as_secs_f64() / scrypt.as_secs_f64()
    );
    if write_ratio > 1.05 || session_ratio > 1.10 {
        println!("MISSED a target");
        std::process::exit(1);
    }
    println!("both targets hold");
}
