//! Proof, not claims: the drill restores in memory from only what survives a loss (mfa-kit's
//! backups, one made with stock age, a passphrase backup, a backup whose key was lost, a
//! damaged file), and `ssh check --live` proves a key against a real OpenSSH server on
//! 127.0.0.1, started and stopped here, its host key pinned through MFA_KIT_SSH_COMMAND.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn s_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

const OTHER: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn age_key(s: &Sandbox, name: &str) -> (PathBuf, String) {
    let key = s.path(name);
    tool_ok("age-keygen", &["-o", s_str(&key)]);
    let recipient = tool_ok("age-keygen", &["-y", s_str(&key)])
        .trim()
        .to_string();
    (key, recipient)
}

/// A backup on the USB stick in the safe (`usb/b.age` at usb-safe), encrypted to a paper key
/// kept in the wallet: the key file and the backup.
fn backup_to_the_safe(s: &Sandbox) -> (PathBuf, PathBuf) {
    std::fs::create_dir(s.path("usb")).unwrap();
    let (paper, recipient) = age_key(s, "paper.txt");
    let usb = s.path("usb/b.age");
    s.ok(&[
        "backup",
        "--out",
        s_str(&usb),
        "-r",
        &recipient,
        "--at",
        "usb-safe",
        "--key-at",
        "paper-wallet",
    ]);
    (paper, usb)
}

/// `drill --json` after the loss of the phone and the laptop, with the paper key.
fn drill_phone_and_laptop_lost(s: &Sandbox, paper: &Path) -> std::process::Output {
    s.run(&[
        "drill",
        "--lose",
        "phone,laptop",
        "-i",
        s_str(paper),
        "--json",
    ])
}

/// The vault's plaintext without the drill's own bookkeeping.
/// The document without the drill's dates, nor the seal under it (a digest of all the rest).
fn without_drill_dates(plain: &str) -> String {
    plain
        .lines()
        .filter(|l| !l.starts_with("drilled = ") && !l.starts_with("# sha256 of the lines above: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_drill_restores_from_what_survives_and_says_why_not() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "phone"]);
    s.ok(&["add", "bitbucket", "--secret", OTHER, "--at", "phone"]);
    let (paper, usb) = backup_to_the_safe(&s);
    let pass = s.path("pass.txt");
    write_private(&pass, "a long backup passphrase\n");
    let bank = s.path("usb/bank.age");
    s.ok(&[
        "--backup-passphrase-file",
        s_str(&pass),
        "backup",
        "--out",
        s_str(&bank),
        "--passphrase",
        "--at",
        "bank",
    ]);
    let before = s.age_decrypt_vault();

    // The phone and the laptop are lost; the stick and the paper key survive.
    let out = drill_phone_and_laptop_lost(&s, &paper);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out) + &stderr(&out);
    assert!(
        !text.contains(SECRET) && !text.contains(OTHER),
        "a secret was printed"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["lost"], serde_json::json!(["phone", "laptop"]));
    for account in report["accounts"].as_array().unwrap() {
        assert_eq!(account["recovered"], true, "{account}");
        assert_eq!(account["by"].as_str().unwrap(), usb.to_str().unwrap());
    }
    // It wrote nothing but the drill's date on the backup it opened.
    let after = s.age_decrypt_vault();
    assert_eq!(without_drill_dates(&after), without_drill_dates(&before));
    assert_eq!(after.matches("drilled = ").count(), 1, "{after}");

    // The paper key lost too: nothing opens; each account says why.
    let out = s.run(&["drill", "--lose", "phone,laptop"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("no surviving key"),
        "{}",
        stdout(&out)
    );

    // The passphrase backup, with the passphrase remembered, brings them back.
    let out = s.run(&[
        "--backup-passphrase-file",
        s_str(&pass),
        "drill",
        "--lose",
        "phone,laptop,usb-safe,paper-wallet",
        "--backup",
        s_str(&bank),
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("recovered  github  (by"),
        "{}",
        stdout(&out)
    );

    // A backup made by stock age alone, from the vault's plaintext, opens the same way.
    let plain = s.path("plain.toml");
    std::fs::write(&plain, &before).unwrap();
    let (other_key, other_recipient) = age_key(&s, "other.txt");
    let stock = s.path("stock.age");
    tool_ok(
        "age",
        &["-r", &other_recipient, "-o", s_str(&stock), s_str(&plain)],
    );
    std::fs::remove_file(&plain).unwrap();
    let out = s.run(&[
        "drill",
        "--lose",
        "laptop",
        "--backup",
        s_str(&stock),
        "-i",
        s_str(&other_key),
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    // A damaged file, and an account newer than every backup.
    let damaged = s.path("damaged.age");
    let bytes = std::fs::read(&usb).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() - 40]).unwrap();
    let out = s.run(&[
        "drill",
        "--lose",
        "laptop",
        "--backup",
        s_str(&damaged),
        "-i",
        s_str(&paper),
    ]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("damaged"), "{}", stdout(&out));
    s.ok(&["add", "newer", "--secret", SECRET]);
    let out = s.run(&["drill", "--lose", "phone,laptop", "-i", s_str(&paper)]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("lost       newer  (no surviving backup holds it"),
        "{}",
        stdout(&out)
    );
    // A secret changed since the backup: the backup restores other codes.
    s.ok(&["remove", "github"]);
    s.ok(&["add", "github", "--secret", OTHER]);
    let out = s.run(&["drill", "--lose", "phone,laptop", "-i", s_str(&paper)]);
    assert!(stdout(&out).contains("older TOTP"), "{}", stdout(&out));
    // The audit knows what was drilled.
    let (_, report) = audit_json(&s, &[]);
    assert!(!codes(account(&report, "bitbucket")).contains(&"backup-undrilled".to_string()));
    assert!(codes(account(&report, "newer")).contains(&"no-backup".to_string()));
    // Bad input: an unknown place, a missing key file.
    let err = s.fails(&["drill", "--lose", "phnoe", "-i", s_str(&paper)]);
    assert!(err.contains("did you mean \"phone\""), "{err}");
    let err = s.fails(&["drill", "--lose", "phone", "-i", s_str(&s.path("nope.txt"))]);
    assert!(err.contains("nope.txt"), "{err}");
}

/// A throw-away OpenSSH server on 127.0.0.1 that greets like a Git host and runs nothing.
struct Sshd {
    child: Child,
    port: u16,
    known_hosts: PathBuf,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sshd_binary() -> PathBuf {
    ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("openssh-server must be installed for this test; see .ci/run")
}

fn start_sshd(dir: &Path, accepted_public: &str) -> Sshd {
    std::fs::create_dir_all(dir).unwrap();
    // sshd wants its privilege-separation folder.
    let _ = std::fs::create_dir_all("/run/sshd");
    let host_key = dir.join("host_key");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", s_str(&host_key)],
    );
    let authorized = dir.join("authorized_keys");
    std::fs::write(&authorized, accepted_public).unwrap();
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let greeting = dir.join("greeting.sh");
    std::fs::write(
        &greeting,
        "#!/bin/sh\necho \"Hi $USER! You've successfully authenticated, but this host does not provide shell access.\"\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(
        &greeting,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
             PermitRootLogin prohibit-password\nForceCommand {}\nLogLevel ERROR\n",
            host_key.display(),
            authorized.display(),
            dir.join("sshd.pid").display(),
            greeting.display()
        ),
    )
    .unwrap();
    let child = Command::new(sshd_binary())
        .args(["-D", "-e", "-f", s_str(&config)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sshd starts");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "sshd did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let host_public = std::fs::read_to_string(dir.join("host_key.pub")).unwrap();
    let known_hosts = dir.join("known_hosts");
    std::fs::write(&known_hosts, format!("[127.0.0.1]:{port} {host_public}")).unwrap();
    Sshd {
        child,
        port,
        known_hosts,
    }
}

fn whoami() -> String {
    tool_ok("id", &["-un"]).trim().to_string()
}

#[test]
fn ssh_check_live_proves_a_key_against_a_real_server() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "bitbucket", "--secret", SECRET, "--at", "phone"]);
    s.ok(&["add", "gitlab", "--secret", OTHER, "--at", "phone"]);
    let accepted = s.path("accepted");
    let refused = s.path("refused");
    for key in [&accepted, &refused] {
        tool_ok(
            "ssh-keygen",
            &["-q", "-t", "ed25519", "-N", "", "-f", s_str(key)],
        );
    }
    let sshd = start_sshd(
        &s.path("sshd"),
        &std::fs::read_to_string(s.path("accepted.pub")).unwrap(),
    );
    let host = format!("{}@127.0.0.1:{}", whoami(), sshd.port);
    s.ok(&["ssh", "add", "bitbucket", s_str(&accepted), "--host", &host]);
    s.ok(&["ssh", "add", "gitlab", s_str(&refused), "--host", &host]);
    let pinned = format!(
        "ssh -o UserKnownHostsFile={} -o StrictHostKeyChecking=yes",
        sshd.known_hosts.display()
    );
    let live = |args: &[&str]| {
        let mut cmd = s.cmd(args);
        cmd.env("MFA_KIT_SSH_COMMAND", &pinned);
        cmd.output().unwrap()
    };
    let out = live(&["ssh", "check", "--live", "--json"]);
    assert_eq!(code(&out), 1, "one key is refused: {}", stdout(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let state = |account: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["account"] == account)
            .unwrap()
            .clone()
    };
    assert_eq!(state("bitbucket")["state"], "live", "{rows}");
    assert!(
        state("bitbucket")["said"]
            .as_str()
            .unwrap()
            .contains("successfully authenticated")
    );
    assert_eq!(state("gitlab")["state"], "rejected", "{rows}");
    // One account only: the accepted key, exit 0.
    let out = live(&["ssh", "check", "--live", "Bitbucket"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("live"), "{}", stdout(&out));
    // The audit counts the refused key no more, and says so; the last success is recorded.
    let (_, report) = audit_json(&s, &[]);
    let gitlab = account(&report, "gitlab");
    let ssh = gitlab["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "ssh-key")
        .unwrap();
    assert_eq!(ssh["reason"], "rejected", "{gitlab}");
    assert!(codes(gitlab).contains(&"ssh-key-rejected".to_string()));
    assert!(s.age_decrypt_vault().contains("last_success = "));
    // A host that does not answer: unreachable, within the time-out.
    drop(sshd);
    let out = live(&["ssh", "check", "--live", "bitbucket", "--json"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("\"unreachable\""), "{}", stdout(&out));
    // A bad --host is refused when the key is added.
    let err = s.fails(&[
        "ssh",
        "add",
        "github",
        s_str(&accepted),
        "--host=-oProxyCommand=touch /tmp/x",
    ]);
    assert!(err.contains("USER@HOST"), "{err}");
}

#[test]
fn restore_and_drill_read_a_gzip_compressed_document_as_the_kit_writes_it() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "phone"]);
    let plain = s.path("vault.toml");
    std::fs::write(&plain, s.age_decrypt_vault()).unwrap();
    tool_ok("gzip", &["-9", s_str(&plain)]);
    let (key, recipient) = age_key(&s, "paper.txt");
    let backup = s.path("kit.age");
    tool_ok(
        "age",
        &[
            "-a",
            "-r",
            &recipient,
            "-o",
            s_str(&backup),
            s_str(&s.path("vault.toml.gz")),
        ],
    );
    let out = s.run(&[
        "drill",
        "--lose",
        "laptop",
        "--backup",
        s_str(&backup),
        "-i",
        s_str(&key),
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let check = s.run(&["restore", s_str(&backup), "-i", s_str(&key), "--check"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    // A gzip bomb is bounded, and garbage in the gzip is a clear error.
    std::fs::write(s.path("junk.gz"), b"\x1f\x8b\x08\x00garbage").unwrap();
    let junk = s.path("junk.age");
    tool_ok(
        "age",
        &[
            "-r",
            &recipient,
            "-o",
            s_str(&junk),
            s_str(&s.path("junk.gz")),
        ],
    );
    let err = s.fails(&["restore", s_str(&junk), "-i", s_str(&key)]);
    assert!(err.contains("gzip"), "{err}");
}

#[test]
fn the_drill_never_uses_a_key_kept_at_a_lost_place() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "a", "--secret", SECRET, "--at", "phone"]);
    let (paper, usb) = backup_to_the_safe(&s);
    let out = s.run(&[
        "drill",
        "--lose",
        "laptop,phone,paper-wallet",
        "-i",
        s_str(&paper),
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("no surviving key"),
        "{}",
        stdout(&out)
    );
    // A mistyped --backup is an error, not a lost backup.
    let err = s.fails(&[
        "drill",
        "--lose",
        "phone",
        "--backup",
        s_str(&s.path("nope.age")),
        "-i",
        s_str(&paper),
    ]);
    assert!(err.contains("does not exist"), "{err}");
    // restore --check follows a rename, as restore and the audit do.
    s.ok(&["rename", "a", "renamed"]);
    let check = s.run(&["restore", s_str(&usb), "-i", s_str(&paper), "--check"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

/// The drill finds each account in a backup made before it was renamed (under its former
/// name, or under its name in another case), and says of each other account why it would be
/// lost: its secret changed since, or it is newer than the backup.
#[test]
fn the_drill_follows_renames_and_tells_a_changed_secret() {
    let s = Sandbox::new();
    s.init_identity();
    for (name, secret) in [("github", SECRET), ("bank", SECRET), ("mail", OTHER)] {
        s.ok(&["add", name, "--secret", secret, "--at", "phone"]);
    }
    let (paper, usb) = backup_to_the_safe(&s);
    s.ok(&["rename", "github", "code-host"]);
    s.ok(&["rename", "bank", "Bank"]);
    s.ok(&["remove", "mail", "--yes"]);
    s.ok(&["add", "mail", "--secret", SECRET, "--at", "phone"]);
    s.ok(&["add", "shop", "--secret", SECRET, "--at", "phone"]);
    let out = drill_phone_and_laptop_lost(&s, &paper);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let outcome = |name: &str| account(&report, name).clone();
    for renamed in ["code-host", "Bank"] {
        assert_eq!(outcome(renamed)["recovered"], true, "{report}");
        assert_eq!(outcome(renamed)["by"], s_str(&usb), "{report}");
    }
    let why = |name: &str| outcome(name)["why"].as_str().unwrap().to_string();
    assert!(why("mail").contains("older TOTP secret"), "{report}");
    assert!(why("shop").contains("newer than the backups"), "{report}");
}

/// A drill given a passphrase-protected SSH key where there is no terminal to ask for its
/// passphrase (a new session has none, as under cron) stops at once, exit 2, naming the key:
/// it never reports accounts lost because this run could not use the key.
#[test]
fn a_drill_with_a_key_it_cannot_unlock_says_so_instead_of_failing_accounts() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "phone"]);
    let key = s.ssh_key("id_locked", "ed25519", "a key passphrase");
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    std::fs::create_dir(s.path("usb")).unwrap();
    let usb = s.path("usb/b.age");
    s.ok(&[
        "backup",
        "--out",
        s_str(&usb),
        "-r",
        public.trim(),
        "--at",
        "usb-safe",
    ]);
    let before = s.snapshot();
    let run = s.run_without_terminal(&["drill", "--lose", "phone,laptop", "-i", s_str(&key)]);
    let error = stderr(&run);
    assert_eq!(code(&run), 2, "{error}");
    assert_one_error_line(&error);
    assert!(
        error.contains("needs its passphrase") && error.contains("id_locked"),
        "{error}"
    );
    assert_eq!(s.snapshot(), before);
}
