//! The bad-input corpus: every case exits 2 with one line on standard error that names the
//! problem, prints no secret, and leaves every file byte-identical. Also secret hygiene:
//! private modes whatever the umask, a process that cannot be dumped, no secret in any file
//! but the vault's ciphertext and the identity.

mod common;

use common::*;

/// A secret that appears in no fixture but the vault, to catch it anywhere else.
const CANARY: &str = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZ";

fn corpus_sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", CANARY, "--at", "phone"]);
    let out = s.run_with_stdin(&["codes", "add", "svc"], "zzzz-9999\n");
    assert_eq!(code(&out), 0);
    s
}

#[test]
fn fifty_and_more_bad_inputs() {
    let s = corpus_sandbox();
    let w = |name: &str, bytes: &[u8]| {
        use std::os::unix::fs::PermissionsExt;
        let path = s.path(name);
        std::fs::write(&path, bytes).unwrap();
        // Private, as key files must be: the cases test the content, not the mode.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        path.to_str().unwrap().to_string()
    };
    let garbage = w("garbage.bin", &[0u8, 159, 146, 150, 255, 1, 2]);
    let notes = w("notes.txt", b"hello\n");
    let pem = w(
        "old.pem",
        b"-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
    );
    let empty = w("empty.txt", b"");
    let blank_first = w("blank-first.txt", b"\nsecond\n");
    let fake_age = w(
        "fake.age",
        b"age-encryption.org/v1\n-> X25519 nonsense\n--- xx\n",
    );
    let huge = w("huge.txt", "A".repeat(200_000).as_bytes());
    let bad_config = w("bad-config.toml", b"device = [\n");
    let key = s.path("k.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let k = key.to_str().unwrap().to_string();
    let other_key = s.path("other.txt");
    tool_ok("age-keygen", &["-o", other_key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", &k]).trim().to_string();
    let backup = s.path("good.age");
    s.ok(&[
        "backup",
        "--out",
        backup.to_str().unwrap(),
        "-r",
        &recipient,
    ]);
    let good = std::fs::read(&backup).unwrap();
    let truncated = w("truncated.age", &good[..good.len() - 30]);
    let mut flipped_bytes = good.clone();
    let at = good.len() - 8;
    flipped_bytes[at] ^= 1;
    let flipped = w("flipped.age", &flipped_bytes);
    let not_vault_plain = w("not-vault.txt", b"just text, no vault\n");
    let not_vault = s.path("not-vault.age");
    tool_ok(
        "age",
        &[
            "-r",
            &recipient,
            "-o",
            not_vault.to_str().unwrap(),
            &not_vault_plain,
        ],
    );
    let not_vault = not_vault.to_str().unwrap().to_string();
    let long_name = "n".repeat(300);
    let long_secret = "A".repeat(5000);
    let long_uri = format!("otpauth://totp/x?secret={}", "A".repeat(20_000));
    let dir = s.path("a-folder");
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.to_str().unwrap().to_string();
    let pass = w("pass.txt", b"pw\n");

    let cases: Vec<(Vec<&str>, &str)> = vec![
        // init
        (vec!["init"], "exists already"),
        (vec!["init", "--passphrase", "--identity", &k], "not both"),
        (
            vec!["--vault", "v2.age", "--config", "none.toml", "init"],
            "needs a way to unlock",
        ),
        (
            vec!["--vault", "v2.age", "init", "--identity", &notes],
            "no age identity",
        ),
        (
            vec![
                "--vault",
                "v2.age",
                "init",
                "--passphrase",
                "--passphrase-file",
                "missing.txt",
            ],
            "does not exist",
        ),
        (
            vec![
                "--vault",
                "v2.age",
                "init",
                "--passphrase",
                "--passphrase-file",
                &empty,
            ],
            "empty first line",
        ),
        (
            vec![
                "--vault",
                "v2.age",
                "init",
                "--passphrase",
                "--passphrase-file",
                &blank_first,
            ],
            "empty first line",
        ),
        // add
        (
            vec!["add", "svc", "--secret", "JBSWY3DPEHPK3PXP"],
            "exists already",
        ),
        (vec!["add", "x", "--secret", "JBSW1Y3DP"], "not base32"),
        (
            vec!["add", "x", "--secret", "ЈBSWY3DPEHPK3PXP"],
            "not base32",
        ),
        (vec!["add", "x", "--secret", "ABC"], "length"),
        (vec!["add", "x", "--secret", &long_secret], "longer than"),
        (
            vec!["add", "x", "--secret", "JBSWY3DPEHPK3PXP", "--digits", "9"],
            "9 digits",
        ),
        (
            vec!["add", "x", "--secret", "JBSWY3DPEHPK3PXP", "--digits", "0"],
            "0 digits",
        ),
        (
            vec!["add", "x", "--secret", "JBSWY3DPEHPK3PXP", "--period", "0"],
            "period of 0",
        ),
        (vec!["add", "x"], "needs the account's secret"),
        (vec!["add", "", "--secret", "JBSWY3DPEHPK3PXP"], "empty"),
        (vec!["add", " x", "--secret", "JBSWY3DPEHPK3PXP"], "space"),
        (
            vec!["add", "a\u{7}b", "--secret", "JBSWY3DPEHPK3PXP"],
            "control character",
        ),
        (
            vec!["add", &long_name, "--secret", "JBSWY3DPEHPK3PXP"],
            "longer than",
        ),
        (
            vec!["add", "x", "--secret", "JBSWY3DPEHPK3PXP", "--at", "a,b"],
            "comma",
        ),
        (
            vec![
                "add",
                "x",
                "--uri",
                "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP",
            ],
            "unknown OTP type",
        ),
        (
            vec!["add", "x", "--uri", "http://example.com/totp"],
            "not an otpauth URI",
        ),
        (
            vec!["add", "x", "--uri", "otpauth://totp/x?issuer=y"],
            "no secret",
        ),
        (
            vec![
                "add",
                "x",
                "--uri",
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            ],
            "unknown algorithm",
        ),
        (
            vec![
                "add",
                "x",
                "--uri",
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six",
            ],
            "not a whole number",
        ),
        (
            vec![
                "add",
                "x",
                "--uri",
                "otpauth://totp/%E2%28?secret=JBSWY3DPEHPK3PXP",
            ],
            "UTF-8",
        ),
        (vec!["add", "x", "--uri", &long_uri], "longer than"),
        (vec!["add", "x", "--qr-image", &notes], "not a PNG or JPEG"),
        (
            vec!["add", "x", "--qr-image", "missing.png"],
            "does not exist",
        ),
        // code, verify, remove
        (vec!["code", "nobody"], "no account named"),
        (vec!["verify", "nobody", "123456"], "no account named"),
        (vec!["verify", "svc", "12345x"], "must be digits"),
        (vec!["verify", "svc", "  "], "must be digits"),
        (vec!["verify", "svc", "123456", "--window", "5000"], "wider"),
        (vec!["remove", "nobody"], "no account named"),
        // codes
        (vec!["codes", "list", "nobody"], "no account named"),
        (vec!["codes", "remove", "nobody"], "no account named"),
        (vec!["codes", "use", "nobody"], "no account named"),
        // ssh
        (vec!["ssh", "add", "svc", &notes], "neither"),
        (vec!["ssh", "add", "svc", &pem], "PEM"),
        (vec!["ssh", "add", "svc", &garbage], "not an SSH key file"),
        (vec!["ssh", "add", "svc", &huge], "not an SSH key file"),
        (vec!["ssh", "add", "svc", &dir], "not an SSH key file"),
        (vec!["ssh", "add", "svc", "missing.pub"], "check the path"),
        (vec!["ssh", "remove", "svc"], "no SSH key"),
        // path
        (
            vec!["path", "add", "nobody", "sms", "--at", "phone"],
            "no account named",
        ),
        (vec!["path", "remove", "svc", "sms"], "no such sms path"),
        // backup
        (vec!["backup", "--out", "b.age"], "needs a key"),
        (
            vec!["backup", "--out", "b.age", "--passphrase", "-r", &recipient],
            "cannot mix",
        ),
        (
            vec!["backup", "--out", "b.age", "-r", "age1xyz"],
            "not a valid one",
        ),
        (
            vec![
                "backup",
                "--out",
                "b.age",
                "-r",
                "ecdsa-sha2-nistp256 AAAAE2VjZHNh",
            ],
            "cannot encrypt to ecdsa",
        ),
        (
            vec!["backup", "--out", "b.age", "-R", &empty],
            "names no recipient",
        ),
        (
            vec!["backup", "--out", "b.age", "-R", "missing.txt"],
            "does not exist",
        ),
        (
            vec!["backup", "--out", "b.age", "--passphrase", "--key-at", "x"],
            "memory",
        ),
        (
            vec!["backup", "--out", &dir, "-r", &recipient],
            "not a regular file",
        ),
        // restore
        (vec!["restore", "missing.age", "-i", &k], "does not exist"),
        // --check changes nothing: what only a merge does is refused, not ignored.
        (
            vec!["restore", &fake_age, "-i", &k, "--check", "--replace"],
            "cannot be used with",
        ),
        (
            vec![
                "restore",
                &fake_age,
                "-i",
                &k,
                "--check",
                "--ssh-dir",
                "keys",
            ],
            "cannot be used with",
        ),
        (vec!["restore", &notes, "-i", &k], "not an age file"),
        (vec!["restore", &garbage, "-i", &k], "not an age file"),
        (vec!["restore", &fake_age, "-i", &k], "damaged"),
        (vec!["restore", &truncated, "-i", &k], "damaged"),
        (vec!["restore", &flipped, "-i", &k], "damaged"),
        (
            vec!["restore", &not_vault, "-i", &k],
            "not a valid vault document",
        ),
        (
            vec![
                "restore",
                backup.to_str().unwrap(),
                "-i",
                other_key.to_str().unwrap(),
            ],
            "no identity given opens",
        ),
        (
            vec!["restore", backup.to_str().unwrap(), "-i", &notes],
            "no age identity",
        ),
        // audit, qr, import, export
        (vec!["audit", "--lose", " , "], "names no location"),
        (vec!["qr", "nobody"], "no account named"),
        (
            vec!["import", &notes, "--from", "aegis"],
            "not an Aegis export",
        ),
        (vec!["import", &garbage, "--from", "2fas"], "not text"),
        (vec!["import", &empty, "--from", "otpauth"], "no otpauth"),
        (
            vec!["export", "--format", "aegis", "--out", &dir],
            "not a regular file",
        ),
        // global options
        (vec!["--config", &bad_config, "list"], "config file"),
        (
            vec!["--identity", "missing-id.txt", "list"],
            "check the path",
        ),
        (vec!["--vault", &notes, "list"], "not an age file"),
        (
            vec!["--vault", &truncated, "list", "--identity", &k],
            "damaged",
        ),
        (
            vec!["--vault", &not_vault, "list", "--identity", &k],
            "not a valid vault document",
        ),
        (vec!["--device", "a,b", "audit"], "bad device name"),
        (
            vec![
                "--passphrase-file",
                &pass,
                "--vault",
                backup.to_str().unwrap(),
                "list",
            ],
            "no identity given opens",
        ),
    ];
    assert!(cases.len() >= 50, "{} cases", cases.len());
    for (args, want) in &cases {
        let err = s.fails(args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(
            !err.contains(CANARY) && !err.contains("zzzz-9999"),
            "{args:?} printed a secret: {err}"
        );
    }
    // Standard input cases.
    for (args, input, want) in [
        (
            vec!["add", "x", "--secret", "-"],
            "",
            "no secret on standard input",
        ),
        (vec!["add", "x", "--uri", "-"], "\n\n", "no otpauth URI"),
        (vec!["codes", "add", "svc"], "", "no recovery codes"),
        (
            vec!["codes", "add", "svc"],
            "Your backup codes:\n",
            "line 1",
        ),
        (
            vec!["codes", "add", "svc"],
            "\u{feff}\u{202e}abcd",
            "line 1",
        ),
        (
            vec!["import", "-", "--from", "google"],
            "otpauth-migration://offline?data=!!!",
            "not base64",
        ),
    ] {
        let err = s.fails_with_stdin(&args, input);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    eprintln!("bad inputs tried: {}", cases.len() + 6);
}

#[test]
fn files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let script = format!(
        "umask 000 && mkdir out && chmod 700 out && '{bin}' init --identity id.txt && '{bin}' add a --secret {CANARY} && '{bin}' backup --out out/b.age -r $(age-keygen -y id.txt) && '{bin}' export --format otpauth --out e.txt && '{bin}' qr a --format png --out q.png",
        bin = bin.display()
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .env_clear()
        .env("HOME", s.home())
        .env("PATH", std::env::var_os("PATH").unwrap())
        .current_dir(s.home())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for file in [
        "id.txt",
        "out/b.age",
        "e.txt",
        "q.png",
        ".local/share/mfa-kit/vault.age",
        ".config/mfa-kit/config.toml",
    ] {
        assert_eq!(mode(&s.path(file)), 0o600, "{file}");
    }
    for dir in ["out", ".local/share/mfa-kit", ".config/mfa-kit"] {
        assert_eq!(mode(&s.path(dir)), 0o700, "{dir}");
    }
}

#[test]
fn no_file_holds_a_secret_in_clear_but_the_identity() {
    let s = corpus_sandbox();
    let key = s.path("k.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()])
        .trim()
        .to_string();
    s.ok(&[
        "backup",
        "--out",
        s.path("b.age").to_str().unwrap(),
        "-r",
        &recipient,
    ]);
    s.run(&["verify", "svc", "000000"]);
    for (path, (bytes, _)) in s.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(CANARY),
            "{} holds the TOTP secret in clear",
            path.display()
        );
        assert!(
            !text.contains("zzzz-9999"),
            "{} holds a recovery code in clear",
            path.display()
        );
    }
}

#[test]
fn the_process_cannot_be_dumped() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    // Run as nobody, waiting on standard input: a dumpable process owns its /proc files, a
    // non-dumpable one's belong to root.
    let (dir, bin) = copy_for_any_user(0o777);
    let mut child = retry_while_busy(|| {
        std::process::Command::new(&bin)
            .args(["codes", "add", "x"])
            .env_clear()
            .env("HOME", dir.path())
            .uid(65534)
            .gid(65534)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let owner = std::fs::metadata(format!("/proc/{}/status", child.id()))
        .unwrap()
        .uid();
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(
        owner, 0,
        "the process is dumpable (its /proc files belong to it)"
    );
}
