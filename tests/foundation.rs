//! The vault and TOTP commands end to end: init, add, list, remove, code, verify, each exit
//! status, each bad input (with every file left byte-identical), and stock age as an oracle.

mod common;

use std::os::unix::fs::MetadataExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o777
}

#[test]
fn init_creates_a_private_vault_that_stock_age_opens() {
    let s = Sandbox::new();
    s.init_identity();
    assert_eq!(mode(&s.identity()), 0o600);
    assert_eq!(mode(&s.vault()), 0o600);
    assert_eq!(mode(s.vault().parent().unwrap()), 0o700);
    let text = s.age_decrypt_vault();
    assert!(text.contains("version = 2"), "{text}");
    // init remembered the identity, so later commands need no --identity.
    assert_eq!(s.ok(&["list"]), "");
}

#[test]
fn init_uses_an_identity_made_by_age_keygen() {
    let s = Sandbox::new();
    let id = s.path("keys/age.txt");
    std::fs::create_dir_all(id.parent().unwrap()).unwrap();
    tool_ok("age-keygen", &["-o", id.to_str().unwrap()]);
    let before = std::fs::read(&id).unwrap();
    s.ok(&["init", "--identity", id.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&id).unwrap(),
        before,
        "an existing identity is never rewritten"
    );
    age_decrypt(&s.vault(), &id);
}

#[test]
fn init_refuses_to_overwrite_and_needs_a_key() {
    let s = Sandbox::new();
    let err = s.fails(&["init"]);
    assert!(
        err.contains("--identity FILE") && err.contains("--passphrase"),
        "{err}"
    );
    s.init_identity();
    let err = s.fails(&["init", "--identity", s.identity().to_str().unwrap()]);
    assert!(err.contains("exists already"), "{err}");
    let err = s.fails(&["init", "--passphrase"]);
    assert!(
        err.contains("exists already") || err.contains("not both"),
        "{err}"
    );
}

#[test]
fn add_list_code_remove_round_trip() {
    let s = Sandbox::new();
    s.init_identity();
    let out = s.run_with_stdin(
        &[
            "add", "github", "--secret", "-", "--issuer", "GitHub", "--at", "phone",
        ],
        "jbsw y3dp-ehpk 3pxp\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.ok(&[
        "add",
        "gitlab",
        "--uri",
        "otpauth://totp/GitLab:alice?secret=JBSWY3DPEHPK3PXP&digits=8&period=60&algorithm=SHA256",
    ]);
    assert_eq!(s.ok(&["list"]), "github\tGitHub\ngitlab\tGitLab\n");
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed[0]["name"], "github");
    assert_eq!(listed[0]["issuer"], "GitHub");
    assert_eq!(listed[1]["name"], "gitlab");

    let t = "1234567890";
    assert_eq!(
        s.ok(&["code", "github", "--time", t]).trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, 1234567890)
    );
    assert_eq!(
        s.ok(&["code", "gitlab", "--time", t]).trim(),
        oathtool_totp(SECRET, "SHA256", 8, 60, 1234567890)
    );
    let all = s.ok(&["code", "--time", t]);
    assert_eq!(all.lines().count(), 2);
    assert!(all.lines().next().unwrap().ends_with("github"));

    let one: serde_json::Value =
        serde_json::from_str(&s.ok(&["code", "gitlab", "--json", "--time", t])).unwrap();
    assert_eq!(one["account"], "gitlab");
    assert_eq!(
        one["code"],
        oathtool_totp(SECRET, "SHA256", 8, 60, 1234567890)
    );
    assert_eq!(one["period"], 60);
    assert_eq!(one["remaining"], 60 - 1234567890 % 60);
    let many: serde_json::Value =
        serde_json::from_str(&s.ok(&["code", "--json", "--time", t])).unwrap();
    assert_eq!(many.as_array().unwrap().len(), 2);

    let plain = s.age_decrypt_vault();
    assert!(
        plain.contains("secret = \"JBSWY3DPEHPK3PXP\""),
        "canonical base32: {plain}"
    );
    assert!(plain.contains("authenticators = [\"phone\"]"), "{plain}");

    s.ok(&["remove", "github"]);
    assert_eq!(s.ok(&["list"]), "gitlab\tGitLab\n");
    s.fails(&["remove", "github"]);
}

#[test]
fn add_reads_a_uri_from_standard_input() {
    let s = Sandbox::new();
    s.init_identity();
    let out = s.run_with_stdin(
        &["add", "acme", "--uri", "-"],
        "\n  otpauth://TOTP/Old:bob?SECRET=jbswy3dpehpk3pxp%3D%3D&issuer=ACME+Corp  \n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed[0]["issuer"], "ACME Corp");
    assert_eq!(listed[0]["label"], "bob");
}

#[test]
fn eighty_bit_and_odd_secrets_match_oathtool() {
    let s = Sandbox::new();
    s.init_identity();
    // 80-bit (GitHub-style), 160-bit, and 26 symbols (with unused trailing bits).
    let secrets = [
        "JBSWY3DPEHPK3PXP",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "HXDMVJECJJWSRB3HWIZR4IFUGF",
    ];
    for (i, secret) in secrets.iter().enumerate() {
        let name = format!("a{i}");
        s.ok(&["add", &name, "--secret", &secret.to_lowercase()]);
        for t in [0u64, 59, 1_111_111_109, 4_000_000_000] {
            assert_eq!(
                s.ok(&["code", &name, "--time", &t.to_string()]).trim(),
                oathtool_totp(secret, "SHA1", 6, 30, t),
                "{secret} at {t}"
            );
        }
    }
}

#[test]
fn verify_accepts_once_and_records_the_time() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    // Near the clock: a check far from it records nothing (see the test below).
    let t = unix_now();
    let now = oathtool_totp(SECRET, "SHA1", 6, 30, t);
    let before = oathtool_totp(SECRET, "SHA1", 6, 30, t - 30);
    let spaced = format!("{} {}", &now[..3], &now[3..]);
    let time = t.to_string();

    // A wrong code: exit 1, vault untouched.
    let vault_before = std::fs::read(s.vault()).unwrap();
    let wrong = if now == "000000" { "111111" } else { "000000" };
    assert_eq!(code(&s.run(&["verify", "svc", wrong, "--time", &time])), 1);
    assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before);

    // The previous step is within the default window of 1.
    assert_eq!(
        code(&s.run(&["verify", "svc", &before, "--time", &time])),
        0
    );
    // The current code, typed with a space, is accepted once.
    assert_eq!(
        code(&s.run(&["verify", "svc", &spaced, "--time", &time])),
        0
    );
    let replay = s.run(&["verify", "svc", &now, "--time", &time]);
    assert_eq!(code(&replay), 1);
    assert!(stdout(&replay).contains("accepted already"));
    // An earlier step is refused after a later one was accepted.
    assert_eq!(
        code(&s.run(&["verify", "svc", &before, "--time", &time])),
        1
    );

    let plain = s.age_decrypt_vault();
    assert!(plain.contains(&format!("last_verified = {t}")), "{plain}");
    assert!(
        plain.contains(&format!("last_step = {}", t / 30)),
        "{plain}"
    );

    // Outside the window: two steps later, with --window 0.
    let later = oathtool_totp(SECRET, "SHA1", 6, 30, t + 60);
    let out = s.run(&["verify", "svc", &later, "--time", &time, "--window", "0"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        code(&s.run(&["verify", "svc", &later, "--time", &time, "--window", "2"])),
        0
    );
}

#[test]
fn a_check_far_from_the_clock_answers_but_records_nothing() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let vault_before = std::fs::read(s.vault()).unwrap();
    // Once recorded, a step fifty years ahead refused every real code as a replay until then.
    let future = unix_now() + 50 * 365 * 86_400;
    let code_then = oathtool_totp(SECRET, "SHA1", 6, 30, future);
    let out = s.run(&["verify", "svc", &code_then, "--time", &future.to_string()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("Not recorded"), "{}", stderr(&out));
    assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before);
    // Real codes still work, and the audit still says the TOTP was never verified.
    let (_, report) = {
        let out = s.run(&["audit", "--json"]);
        (
            code(&out),
            serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap(),
        )
    };
    assert!(report.to_string().contains("totp-unverified"), "{report}");
    let now = unix_now();
    let code_now = oathtool_totp(SECRET, "SHA1", 6, 30, now);
    assert_eq!(code(&s.run(&["verify", "svc", &code_now])), 0);
    assert_eq!(code(&s.run(&["verify", "svc", &code_now])), 1, "replayed");
}

#[test]
fn bad_inputs_exit_2_and_change_nothing() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let cases: &[(&[&str], &str)] = &[
        (&["add", "svc", "--secret", SECRET], "exists already"),
        (&["add", "x", "--secret", "JBSW1"], "not base32"),
        (&["add", "x", "--secret", "A"], "length"),
        (
            &["add", "x", "--secret", SECRET, "--digits", "9"],
            "9 digits",
        ),
        (
            &["add", "x", "--secret", SECRET, "--digits", "5"],
            "5 digits",
        ),
        (
            &["add", "x", "--secret", SECRET, "--period", "0"],
            "period of 0",
        ),
        (&["add", "x"], "needs the account's secret"),
        (&["add", "", "--secret", SECRET], "empty"),
        (&["add", "x", "--secret", SECRET, "--at", "a,b"], "comma"),
        (
            &[
                "add",
                "x",
                "--uri",
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=next",
            ],
            "counter is not a whole number",
        ),
        (
            &["add", "x", "--uri", "https://example.com"],
            "not an otpauth URI",
        ),
        (
            &["add", "x", "--uri", "otpauth://totp/x?digits=6"],
            "no secret",
        ),
        (
            &[
                "add",
                "x",
                "--uri",
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            ],
            "unknown algorithm",
        ),
        (&["code", "nope"], "no account named"),
        (&["verify", "nope", "123456"], "no account named"),
        (&["verify", "svc", "12a456"], "must be digits"),
        (&["verify", "svc", "123456", "--window", "100000"], "wider"),
        (&["remove", "nope"], "no account named"),
    ];
    for (args, want) in cases {
        let err = s.fails(args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains(SECRET), "{args:?} printed the secret: {err}");
    }
    let err = s.fails_with_stdin(&["add", "x", "--secret", "-"], "\n\n");
    assert!(err.contains("no secret on standard input"), "{err}");
    // clap's usage errors also exit 2.
    let out = s.run(&["add", "x", "--secret", SECRET, "--algorithm", "MD5"]);
    assert_eq!(code(&out), 2);
    let out = s.run(&["frobnicate"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn damaged_missing_and_foreign_vaults_are_reported_and_never_rewritten() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let good = std::fs::read(s.vault()).unwrap();

    let mut truncated = good.clone();
    truncated.truncate(good.len() - 20);
    std::fs::write(s.vault(), &truncated).unwrap();
    let err = s.fails(&["add", "other", "--secret", SECRET]);
    assert!(err.contains("damaged"), "{err}");
    s.fails(&["code", "svc"]);

    let mut flipped = good.clone();
    let at = good.len() - 5;
    flipped[at] ^= 0x01;
    std::fs::write(s.vault(), &flipped).unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("damaged"), "{err}");

    std::fs::write(s.vault(), b"version = 1\n").unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("not an age file"), "{err}");

    std::fs::write(s.vault(), &good).unwrap();
    let other = s.path("other-id.txt");
    tool_ok("age-keygen", &["-o", other.to_str().unwrap()]);
    let err = s.fails(&["list", "--identity", other.to_str().unwrap()]);
    assert!(err.contains("no identity given opens"), "{err}");

    std::fs::remove_file(s.vault()).unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("no vault at"), "{err}");
}

#[test]
fn an_identity_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.init_identity();
    std::fs::set_permissions(s.identity(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("chmod 600"), "{err}");
}

#[test]
fn a_document_that_is_not_a_vault_is_refused_without_quoting_it() {
    let s = Sandbox::new();
    s.init_identity();
    let doc = s.path("doc.toml");
    std::fs::write(
        &doc,
        "version = 1\n[[accounts]]\nname = \"x\"\nsecret = \"JBSWY3DPEHPK3PXP\n",
    )
    .unwrap();
    let recipient = tool_ok("age-keygen", &["-y", s.identity().to_str().unwrap()]);
    tool_ok(
        "age",
        &[
            "-r",
            recipient.trim(),
            "-o",
            s.vault().to_str().unwrap(),
            doc.to_str().unwrap(),
        ],
    );
    let err = s.fails(&["list"]);
    assert!(err.contains("not a valid vault document"), "{err}");
    assert!(!err.contains("JBSWY3DP"), "{err}");
}

#[test]
fn passphrase_vault_from_a_file_and_no_terminal_never_hangs() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "correct horse battery staple\nignored second line\n");
    let p = pass.to_str().unwrap();
    s.ok(&["init", "--passphrase", "--passphrase-file", p]);
    s.ok(&["add", "svc", "--secret", SECRET, "--passphrase-file", p]);
    assert_eq!(
        s.ok(&["code", "svc", "--time", "59", "--passphrase-file", p])
            .trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, 59)
    );
    // The vault is encrypted to its own identity, which is encrypted with the passphrase at
    // stock age's work factor (tests/unlock.rs opens both with stock age on a terminal).
    let head = std::fs::read(s.vault()).unwrap();
    let text = String::from_utf8_lossy(&head[..80]);
    assert!(text.contains("-> X25519"), "{text}");
    let head = std::fs::read(s.path(".local/share/mfa-kit/vault.identity.age")).unwrap();
    let text = String::from_utf8_lossy(&head[..80]);
    assert!(text.contains("-> scrypt"), "{text}");
    assert!(text.contains(" 18\n"), "work factor 18: {text}");

    let wrong = s.path("wrong.txt");
    write_private(&wrong, "wrong\n");
    let err = s.fails(&["list", "--passphrase-file", wrong.to_str().unwrap()]);
    assert!(err.contains("wrong passphrase"), "{err}");

    // No terminal (a new session has none) and no passphrase file: exit 2 at once.
    let started = Instant::now();
    let before = s.snapshot();
    let out = s.run_without_terminal(&["list"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("no terminal"), "{}", stderr(&out));
    assert_one_error_line(&stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "it must not wait for input"
    );
    assert_eq!(before, s.snapshot());
}

#[test]
fn sixteen_concurrent_adds_lose_nothing() {
    let s = Sandbox::new();
    s.init_identity();
    let children: Vec<_> = (0..16)
        .map(|i| {
            s.cmd(&["add", &format!("acct{i:02}"), "--secret", SECRET])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    assert_eq!(s.ok(&["list"]).lines().count(), 16);
}

#[test]
fn errors_and_debug_output_never_carry_secrets() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    for args in [
        vec!["code", "svc"],
        vec!["list"],
        vec!["list", "--json"],
        vec!["verify", "svc", "000000"],
    ] {
        let out = s.cmd(&args).env("RUST_BACKTRACE", "1").output().unwrap();
        assert!(!stdout(&out).contains(SECRET), "{args:?}");
        assert!(!stderr(&out).contains(SECRET), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = Sandbox::new();
    s.init_identity();
    for i in 0..40 {
        s.ok(&["add", &format!("a{i}"), "--secret", SECRET]);
    }
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' code | head -1; echo \"status=${{PIPESTATUS:-x}}\"",
            bin.display()
        ))
        .env("HOME", s.home())
        .env("MFA_KIT_DEVICE", "laptop")
        .output()
        .unwrap();
    assert!(!is_panic(&stderr(&out)), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

/// Writing to a pipe nobody reads is an error mfa-kit reports, never a signal that kills it
/// (SIGPIPE is ignored at start-up, which mfa-kit does itself: see src/main.rs). A listing
/// stops quietly; a backup to standard output says it never arrived.
#[test]
fn a_pipe_nobody_reads_never_kills_mfa_kit() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let recipient = tool_ok("age-keygen", &["-y", s.identity().to_str().unwrap()]);
    let recipient = recipient.trim();
    let vault_before = std::fs::read(s.vault()).unwrap();
    for (args, status, says) in [
        (vec!["code", "svc"], 0, ""),
        (vec!["list"], 0, ""),
        (
            vec!["backup", "--out", "-", "-r", recipient, "--armor"],
            2,
            "standard output was closed before the backup was written",
        ),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = s.cmd(&args).stdout(writer).output().unwrap();
        assert_eq!(out.status.code(), Some(status), "{args:?}: {out:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before);
}

/// Started with standard output and error closed, mfa-kit opens them on /dev/null first (as
/// Rust's own start-up would; mfa-kit starts itself, see src/main.rs): otherwise the next files
/// it opened would take their numbers, and what it prints would be written there. Seen from
/// /proc while it waits for the codes on standard input; then it works as ever.
#[test]
fn closed_standard_streams_are_opened_on_dev_null() {
    use std::io::Write;
    use std::os::unix::process::CommandExt;
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let mut cmd = s.cmd(&["codes", "add", "svc"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: close is async-signal-safe and touches nothing but the child's descriptors.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            libc::close(2);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let opened_on = |fd: u32| std::fs::read_link(format!("/proc/{}/fd/{fd}", child.id())).ok();
    let started = Instant::now();
    while (opened_on(1).is_none() || opened_on(2).is_none())
        && started.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let (out, err) = (opened_on(1), opened_on(2));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"1234-5678\n8765-4321\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(out, Some("/dev/null".into()));
    assert_eq!(err, Some("/dev/null".into()));
    assert_eq!(status.code(), Some(0));
    assert!(
        s.ok(&["codes", "list", "svc", "--show"])
            .contains("8765-4321")
    );
}

#[test]
fn empty_environment_variables_mean_unset() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    // `code NAME` too, which reads the variables without clap (src/app/code.rs).
    for args in [&["list"][..], &["code", "svc"]] {
        let mut cmd = s.cmd(args);
        for name in [
            "MFA_KIT_VAULT",
            "MFA_KIT_IDENTITY",
            "MFA_KIT_PASSPHRASE_FILE",
            "MFA_KIT_BACKUP_PASSPHRASE_FILE",
            "MFA_KIT_DEVICE",
            "MFA_KIT_CONFIG",
        ] {
            cmd.env(name, "");
        }
        let out = cmd.output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        let shown = stdout(&out);
        match args {
            ["list"] => assert_eq!(shown, "svc\n"),
            _ => assert!(
                shown.len() == 7 && shown[..6].bytes().all(|b| b.is_ascii_digit()),
                "{shown:?}"
            ),
        }
    }
}

/// The vault streams through decryption past its first 16 KiB: a vault larger than that, and
/// one whose age header alone is larger (stock age, 300 recipient stanzas), open and give
/// the codes oathtool gives.
#[test]
fn a_large_vault_and_one_with_a_larger_header_open() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "first", "--secret", SECRET]);
    let mut document = s.age_decrypt_vault();
    for i in 0..1500 {
        document.push_str(&format!(
            "\n[[accounts]]\nname = \"acct{i:04}\"\nsecret = \"{SECRET}\"\nalgorithm = \"SHA1\"\n\
             digits = 6\nperiod = 30\ncreated = 1790000000\n"
        ));
    }
    let plain = s.path("large.toml");
    std::fs::write(&plain, &document).unwrap();
    let own = tool_ok("age-keygen", &["-y", s.identity().to_str().unwrap()]);
    // Its own recipient 300 times: stock age writes a stanza for each.
    let recipients = own.repeat(300);
    let recipients_file = s.path("recipients.txt");
    std::fs::write(&recipients_file, recipients).unwrap();
    let vault = s.vault();
    for (how, key_args) in [
        ("to its own key", vec!["-r", own.trim()]),
        (
            "to 300 stanzas",
            vec!["-R", recipients_file.to_str().unwrap()],
        ),
    ] {
        let mut args = key_args.clone();
        args.extend(["-o", vault.to_str().unwrap(), plain.to_str().unwrap()]);
        tool_ok("age", &args);
        let bytes = std::fs::read(s.vault()).unwrap();
        assert!(bytes.len() > 64 * 1024, "{how}: {} bytes", bytes.len());
        let header = bytes.windows(4).position(|w| w == b"\n---").unwrap();
        if how.contains("stanzas") {
            assert!(header > 16 * 1024, "{how}: a header of {header} bytes");
        }
        assert_eq!(s.ok(&["list"]).lines().count(), 1501, "{how}");
        let now = unix_now();
        let shown = s.ok(&["code", "acct1499", "--time", &now.to_string()]);
        assert_eq!(
            shown.trim(),
            oathtool_totp(SECRET, "SHA1", 6, 30, now),
            "{how}"
        );
    }
    // A vault cut short is damage, said as such, whatever the size.
    let whole = std::fs::read(s.vault()).unwrap();
    std::fs::write(s.vault(), &whole[..whole.len() - 1000]).unwrap();
    let err = s.fails(&["list"]);
    assert!(
        err.contains("damaged") || err.contains("truncated"),
        "{err}"
    );
}

/// mfa-kit is linked statically on Linux with glibc (.cargo/config.toml), for its start-up
/// time: the binary the tests run has no dynamic loader to ask for (no PT_INTERP header).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_is_linked_statically() {
    let elf = std::fs::read(assert_cmd::cargo::cargo_bin("mfa-kit")).unwrap();
    assert_eq!(&elf[..4], b"\x7fELF");
    assert_eq!(elf[4], 2, "a 64-bit ELF file");
    let word = |at: usize, size: usize| {
        let mut bytes = [0u8; 8];
        bytes[..size].copy_from_slice(&elf[at..at + size]);
        u64::from_le_bytes(bytes) as usize
    };
    let (table, entry_size, entries) = (word(0x20, 8), word(0x36, 2), word(0x38, 2));
    let kinds: Vec<usize> = (0..entries)
        .map(|i| word(table + i * entry_size, 4))
        .collect();
    const PT_LOAD: usize = 1;
    const PT_INTERP: usize = 3;
    assert!(kinds.contains(&PT_LOAD), "{kinds:?}");
    assert!(
        !kinds.contains(&PT_INTERP),
        "a dynamic loader is named: {kinds:?}"
    );
}

/// A static C library crashes in a name-service module it loads at run time (systemd's, for a
/// user /etc/passwd does not know). Run as such a user with no HOME, mfa-kit looks the user up
/// in the built-in services alone and says what to do.
#[test]
fn a_user_unknown_to_the_system_without_home_is_told_to_set_it() {
    use std::os::unix::process::CommandExt;
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let known = |uid: u32| {
        passwd
            .lines()
            .any(|line| line.split(':').nth(2) == Some(uid.to_string().as_str()))
    };
    let uid = (4242..).find(|uid| !known(*uid)).unwrap();
    let (_dir, bin) = copy_for_any_user(0o755);
    let out = retry_while_busy(|| {
        std::process::Command::new(&bin)
            .arg("list")
            .env_clear()
            .uid(uid)
            .gid(uid)
            .stdin(std::process::Stdio::null())
            .output()
    });
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("set HOME, or give --vault PATH or MFA_KIT_VAULT"),
        "{}",
        stderr(&out)
    );
    assert_one_error_line(&stderr(&out));
    // Known to /etc/passwd, the home folder is found without HOME (unless a real vault is
    // there, which this test leaves alone).
    let uid = unsafe { libc::getuid() }.to_string();
    let home = passwd
        .lines()
        .find(|line| line.split(':').nth(2) == Some(uid.as_str()))
        .and_then(|line| line.split(':').nth(5))
        .unwrap();
    let vault = format!("{home}/.local/share/mfa-kit/vault.age");
    if !std::path::Path::new(&vault).exists() {
        let out = std::process::Command::new(&bin)
            .arg("list")
            .env_clear()
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(stderr(&out).contains(&vault), "{}", stderr(&out));
    }
}
