//! The recovery audit end to end, on the people of the originating story and on each rule:
//! paths and their needs, independent paths, single points of failure, what-if losses,
//! findings, the JSON contract, and the exit status. The audit never changes a file.

mod common;

use common::*;

fn paper_key(s: &Sandbox) -> String {
    let key = s.path("paper-key.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    tool_ok("age-keygen", &["-y", key.to_str().unwrap()])
        .trim()
        .to_string()
}

#[test]
fn everything_on_one_work_laptop_that_gets_wiped() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "bitbucket", "--secret", SECRET]);
    let out = s.run_with_stdin(
        &["codes", "add", "bitbucket"],
        "aaaa-1111\nbbbb-2222\ncccc-3333\ndddd-4444\n",
    );
    assert_eq!(code(&out), 0);
    let key = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()],
    );
    s.ok(&["ssh", "add", "bitbucket", key.to_str().unwrap()]);

    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 1);
    assert_eq!(report["ok"], false);
    assert_eq!(report["min_paths"], 2);
    let acct = account(&report, "bitbucket");
    assert_eq!(acct["ok"], false);
    assert_eq!(acct["independent_paths"], 1);
    assert_eq!(
        acct["single_points_of_failure"],
        serde_json::json!(["laptop"])
    );
    assert!(codes(acct).contains(&"too-few-paths".to_string()));
    let error = &acct["findings"][0];
    assert_eq!(error["severity"], "error");
    assert_eq!(error["code"], "too-few-paths");
    assert!(error["message"].as_str().unwrap().contains("laptop"));
    let kinds: Vec<&str> = acct["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"vault") && kinds.contains(&"recovery-codes") && kinds.contains(&"ssh-key"),
        "{kinds:?}"
    );

    // The table says the same, without colour when not on a terminal.
    let table = s.run(&["audit"]);
    assert_eq!(code(&table), 1);
    let text = stdout(&table);
    assert!(
        text.contains("FAIL  bitbucket: 1 independent path(s)"),
        "{text}"
    );
    assert!(text.contains("single point of failure: laptop"), "{text}");
    assert!(!text.contains('\x1b'), "no colour off a terminal");

    // A lower bar in the config makes it pass.
    std::fs::write(
        s.path(".config/mfa-kit/config.toml"),
        format!(
            "identity = {:?}\n[audit]\nmin_paths = 1\n",
            s.identity().display().to_string()
        ),
    )
    .unwrap();
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 0);
    assert_eq!(report["min_paths"], 1);
    // --min-paths overrides the config.
    assert_eq!(audit_json(&s, &["--min-paths", "2"]).0, 1);
}

#[test]
fn phone_and_laptop_pass_until_both_are_lost_then_a_backup_elsewhere_saves_it() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "phone"]);
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 0);
    let acct = account(&report, "github");
    assert_eq!(acct["independent_paths"], 2);
    assert_eq!(needs(acct), vec![vec!["laptop"], vec!["phone"]]);
    assert!(
        acct["single_points_of_failure"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(codes(acct).contains(&"no-backup".to_string()));

    let (status, report) = audit_json(&s, &["--lose", "phone,laptop"]);
    assert_eq!(status, 1);
    assert_eq!(report["lost"], serde_json::json!(["phone", "laptop"]));
    let acct = account(&report, "github");
    assert_eq!(acct["ok"], false);
    assert_eq!(acct["independent_paths"], 0);
    // Every path is still shown, and none counts: each says why.
    assert!(
        acct["paths"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["counts"] == false && p["reason"] == "lost"),
        "{acct}"
    );

    let recipient = paper_key(&s);
    std::fs::create_dir(s.path("usb")).unwrap();
    let usb = s.path("usb/mfa-kit.age");
    s.ok(&[
        "backup",
        "--out",
        usb.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "usb-safe",
        "--key-at",
        "paper-wallet",
    ]);
    let (status, report) = audit_json(&s, &["--lose", "phone", "--lose", "laptop"]);
    assert_eq!(status, 0, "{report}");
    let acct = account(&report, "github");
    assert_eq!(acct["ok"], true);
    assert_eq!(needs(acct), vec![vec!["paper-wallet", "usb-safe"]]);
    // Without the what-if: three paths, three independent.
    let (_, report) = audit_json(&s, &[]);
    assert_eq!(account(&report, "github")["independent_paths"], 3);
    // --min-paths does not apply to a what-if.
    assert_eq!(
        audit_json(&s, &["--lose", "phone,laptop", "--min-paths", "5"]).0,
        0
    );
}

#[test]
fn one_passphrase_behind_vault_and_backup_is_the_single_point_of_failure() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "the one passphrase\n");
    let p = pass.to_str().unwrap();
    s.ok(&["init", "--passphrase", "--passphrase-file", p]);
    s.ok(&["add", "mail", "--secret", SECRET, "--passphrase-file", p]);
    let usb = s.path("usb.age");
    s.ok(&[
        "backup",
        "--out",
        usb.to_str().unwrap(),
        "--passphrase",
        "--at",
        "usb-safe",
        "--passphrase-file",
        p,
    ]);
    let (status, report) = audit_json(&s, &["--passphrase-file", p]);
    assert_eq!(status, 1);
    let acct = account(&report, "mail");
    assert_eq!(
        needs(acct),
        vec![vec!["laptop", "memory"], vec!["memory", "usb-safe"]]
    );
    assert_eq!(
        acct["single_points_of_failure"],
        serde_json::json!(["memory"])
    );
    assert_eq!(acct["independent_paths"], 1);
}

#[test]
fn backups_count_by_content_and_by_file() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "old", "--secret", SECRET]);
    s.ok(&["add", "changed", "--secret", SECRET]);
    let recipient = paper_key(&s);
    let usb = s.path("usb.age");
    s.ok(&[
        "backup",
        "--out",
        usb.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "usb-safe",
        "--key-at",
        "paper-wallet",
    ]);
    // An account added after the last backup, one changed after it.
    s.ok(&["add", "new", "--secret", SECRET]);
    let out = s.run_with_stdin(&["codes", "add", "changed"], "aaaa-1111\n");
    assert_eq!(code(&out), 0);
    // Bookkeeping after the backup is no change.
    let now = s.ok(&["code", "old"]);
    s.ok(&["verify", "old", now.trim()]);

    let (_, report) = audit_json(&s, &[]);
    let old = account(&report, "old");
    assert_eq!(old["independent_paths"], 2, "{old}");
    assert!(!codes(old).contains(&"backup-stale".to_string()));
    assert!(
        !codes(old).contains(&"totp-unverified".to_string()),
        "verified just now"
    );
    let new = account(&report, "new");
    assert!(codes(new).contains(&"no-backup".to_string()));
    assert_eq!(new["independent_paths"], 1);
    let changed = account(&report, "changed");
    assert!(
        codes(changed).contains(&"backup-stale".to_string()),
        "{changed}"
    );
    assert_eq!(
        changed["independent_paths"], 2,
        "a backup with today's TOTP secret still counts, new codes or not"
    );

    // A backup whose only key lives on the vault's device adds no path that survives it.
    let local = s.path("local.age");
    s.ok(&["backup", "--out", local.to_str().unwrap(), "-r", &recipient]);
    let (_, report) = audit_json(&s, &[]);
    let new = account(&report, "new");
    assert!(
        codes(new).contains(&"backup-key-with-vault".to_string()),
        "{new}"
    );
    assert_eq!(new["independent_paths"], 1);
    assert_eq!(
        new["single_points_of_failure"],
        serde_json::json!(["laptop"])
    );

    // A recorded backup file on this device that is gone no longer counts.
    std::fs::remove_file(&local).unwrap();
    let (_, report) = audit_json(&s, &[]);
    let new = account(&report, "new");
    assert!(codes(new).contains(&"backup-missing".to_string()), "{new}");
    assert!(
        new["gone_paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "backup")
    );
}

#[test]
fn dead_paths_and_their_findings() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let out = s.run_with_stdin(
        &["codes", "add", "svc", "--at", "paper-drawer"],
        "aaaa-1111\nbbbb-2222\n",
    );
    assert_eq!(code(&out), 0);
    let key = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()],
    );
    s.ok(&["ssh", "add", "svc", key.to_str().unwrap()]);
    s.ok(&["path", "add", "svc", "security-key", "--at", "keychain"]);

    let (_, report) = audit_json(&s, &[]);
    let acct = account(&report, "svc");
    assert_eq!(acct["independent_paths"], 3, "{acct}");
    assert!(codes(acct).contains(&"codes-low".to_string()));
    assert!(codes(acct).contains(&"totp-unverified".to_string()));

    std::fs::remove_file(&key).unwrap();
    let (_, report) = audit_json(&s, &[]);
    assert!(codes(account(&report, "svc")).contains(&"ssh-key-missing".to_string()));
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()],
    );
    let (_, report) = audit_json(&s, &[]);
    assert!(codes(account(&report, "svc")).contains(&"ssh-key-changed".to_string()));

    s.ok(&["codes", "use", "svc"]);
    s.ok(&["codes", "use", "svc"]);
    let (_, report) = audit_json(&s, &[]);
    let acct = account(&report, "svc");
    assert!(codes(acct).contains(&"codes-spent".to_string()), "{acct}");
    // Spent codes and the replaced key no longer count: the vault and the security key remain.
    assert_eq!(needs(acct), vec![vec!["keychain"], vec!["laptop"]]);
}

#[test]
fn verification_age_follows_the_config() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    // No command records a verification far from the clock, so the old one is written into
    // the vault's document by hand, with stock age.
    let long_ago = 1_000_000_000u64;
    s.rewrite_vault(|plain| {
        plain.replacen(
            "created = ",
            &format!("last_verified = {long_ago}\ncreated = "),
            1,
        )
    });
    let (_, report) = audit_json(&s, &[]);
    let acct = account(&report, "svc");
    let unverified = acct["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "totp-unverified")
        .unwrap();
    assert!(
        unverified["message"].as_str().unwrap().contains("180 days"),
        "{unverified}"
    );
}

#[test]
fn audit_usage_and_empty_vault() {
    let s = Sandbox::new();
    s.init_identity();
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 0);
    assert_eq!(report["ok"], true);
    assert!(report["accounts"].as_array().unwrap().is_empty());
    s.fails(&["audit", "--lose", ","]);
    assert_eq!(code(&s.run(&["audit", "--min-paths", "0"])), 2);
    let out = s.cmd(&["audit"]).env("NO_COLOR", "1").output().unwrap();
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn a_backup_with_an_older_totp_secret_is_shown_stale_and_does_not_count() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let recipient = paper_key(&s);
    let usb = s.path("usb.age");
    s.ok(&[
        "backup",
        "--out",
        usb.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "usb-safe",
        "--key-at",
        "paper-wallet",
    ]);
    // The service issued a new secret: the account was set up again.
    s.ok(&["remove", "svc"]);
    s.ok(&["add", "svc", "--secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]);
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 1);
    let svc = account(&report, "svc");
    let backup = svc["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "backup")
        .unwrap_or_else(|| panic!("the stale backup is not shown: {svc}"));
    assert_eq!(backup["counts"], false);
    assert_eq!(backup["reason"], "stale");
    assert_eq!(svc["independent_paths"], 1);
    assert!(codes(svc).contains(&"backup-stale".to_string()));
}

#[test]
fn the_seed_case_names_its_weakest_loss_and_following_the_next_step_fixes_it() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "bitbucket", "--secret", SECRET, "--at", "phone"]);
    let out = s.run_with_stdin(&["codes", "add", "bitbucket"], "4f2a-91cd\n7be0-33a1\n");
    assert_eq!(code(&out), 0);
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 0);
    let bitbucket = account(&report, "bitbucket");
    assert_eq!(
        bitbucket["weakest_losses"],
        serde_json::json!([["laptop", "phone"]])
    );
    assert!(
        s.ok(&["audit"])
            .contains("locked out if you lose: laptop + phone")
    );
    assert_eq!(report["next_steps"], serde_json::json!([]));
    // The bad month: the report ends with the way out, and its command works as given (with
    // the drive mounted where the sandbox can write).
    let (status, report) = audit_json(&s, &["--lose", "phone,laptop"]);
    assert_eq!(status, 1);
    let steps = report["next_steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "{report}");
    assert_eq!(steps[0]["accounts"], serde_json::json!(["bitbucket"]));
    let command = steps[0]["command"].as_str().unwrap();
    let command = command.split("   #").next().unwrap();
    let media = s.path("media");
    let command = command.replace("/media/", &format!("{}/", media.display()));
    let drive = command
        .split_whitespace()
        .find(|w| w.ends_with("/mfa-kit.age"))
        .unwrap();
    std::fs::create_dir_all(std::path::Path::new(drive).parent().unwrap()).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let out = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &command])
        .env_clear()
        .env("HOME", s.home())
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.parent().unwrap().display(),
                std::env::var("PATH").unwrap()
            ),
        )
        .env("MFA_KIT_DEVICE", "laptop")
        .current_dir(s.home())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{command}: {}", stderr(&out));
    let (status, report) = audit_json(&s, &["--lose", "phone,laptop"]);
    assert_eq!(status, 0, "{report}");
}

/// A backup file is read once an audit, whatever the number of accounts it holds: once per
/// account made the audit of 10,000 accounts read a file of megabytes 10,000 times (minutes).
#[test]
fn a_backup_file_is_read_once_per_audit_not_once_per_account() {
    let s = Sandbox::new();
    s.init_identity();
    for name in ["one", "two", "three", "four"] {
        s.ok(&["add", name, "--secret", SECRET]);
    }
    let recipient = paper_key(&s);
    let kept = s.path("kept-here.age");
    s.ok(&["backup", "--out", kept.to_str().unwrap(), "-r", &recipient]);
    for json in [false, true] {
        let log = s.path("openat.log");
        let mut args = vec!["audit"];
        if json {
            args.push("--json");
        }
        let out = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=openat,open", "-o"])
            .arg(&log)
            .arg(assert_cmd::cargo::cargo_bin("mfa-kit"))
            .args(&args)
            .env_clear()
            .envs(s.cmd(&[]).get_envs().filter_map(|(k, v)| Some((k, v?))))
            .current_dir(s.home())
            .output()
            .expect("strace is installed; see .ci/run");
        assert!(code(&out) <= 1, "{}", stderr(&out));
        let trace = std::fs::read_to_string(&log).unwrap();
        let opened = trace
            .lines()
            .filter(|line| line.contains(kept.to_str().unwrap()))
            .count();
        assert_eq!(
            opened, 1,
            "audit {args:?} opened the backup {opened} times:\n{trace}"
        );
    }
}

/// A vault large enough that the report is written in blocks by two threads taking turns:
/// the table and the JSON each give every account once, in the vault's order, as the other
/// says it, with the findings many accounts share said once at the end.
#[test]
fn a_large_vault_is_reported_whole_and_in_order() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "seed", "--secret", "JBSWY3DPEHPK3PXP"]);
    let count = 1_300;
    s.rewrite_vault(|plain| {
        let mut text = plain.split("\n[[accounts]]").next().unwrap().to_string();
        for i in 0..count {
            // Every third account has an authenticator besides the vault, and passes.
            let authenticators = if i % 3 == 0 { "authenticators = [\"phone\"]\n" } else { "" };
            text.push_str(&format!(
                "\n[[accounts]]\nname = \"acct{i:04}\"\nsecret = \"JBSWY3DPEHPK3PXP\"\nalgorithm = \"SHA1\"\ndigits = 6\nperiod = 30\ncreated = 1790000000\n{authenticators}"
            ));
        }
        text
    });
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&s.run(&["audit", "--json"]))).unwrap();
    let accounts = json["accounts"].as_array().unwrap();
    let names: Vec<String> = (0..count).map(|i| format!("acct{i:04}")).collect();
    assert_eq!(
        accounts
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        names
    );
    let table = stdout(&s.run(&["audit"]));
    let verdicts: Vec<String> = table
        .lines()
        .filter(|line| line.starts_with("PASS  ") || line.starts_with("FAIL  "))
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = accounts
        .iter()
        .map(|a| {
            format!(
                "{}  {}: {} independent path(s)",
                if a["ok"].as_bool().unwrap() {
                    "PASS"
                } else {
                    "FAIL"
                },
                a["name"].as_str().unwrap(),
                a["independent_paths"]
            )
        })
        .collect();
    assert_eq!(verdicts, expected);
    let passing = accounts.iter().filter(|a| a["ok"] == true).count();
    assert_eq!(passing, count / 3 + 1);
    assert!(
        table.ends_with(&format!(
            "\n{passing} of {count} account(s) pass; {} fail\n",
            count - passing
        )),
        "{}",
        &table[table.len() - 300..]
    );
    assert!(
        table.contains("\nOn several accounts:\n"),
        "shared findings said once"
    );
}

/// A vault as mfa-kit wrote it is audited an account at a time, each read from its table with
/// the backups' digests looked up in the document's text; the same vault with its seal broken
/// by a hand-written comment is read into the model and audited whole. Both must say the very
/// same thing, table and JSON, with and without losses, and `location list` too.
#[test]
fn a_sealed_vault_audited_an_account_at_a_time_says_what_its_model_says() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "phone"]);
    s.ok(&["add", "mail", "--secret", SECRET]);
    s.ok(&["add", "bank", "--secret", SECRET]);
    s.ok(&["add", "old", "--secret", SECRET]);
    s.ok(&["add", "counter", "--hotp", "--secret", SECRET]);
    let out = s.run_with_stdin(
        &["codes", "add", "mail", "--at", "drawer"],
        "aaaa-1111\nbbbb-2222\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let key = s.ssh_key("id_bank", "ed25519", "");
    s.ok(&[
        "ssh",
        "add",
        "bank",
        key.to_str().unwrap(),
        "--at",
        "laptop",
    ]);
    let recipient = paper_key(&s);
    let backup = s.path("b1.age");
    s.ok(&[
        "backup",
        "--out",
        backup.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "usb",
        "--key-at",
        "safe",
    ]);
    // After the backup: a rename the record follows, an account it holds that is gone, one it
    // does not hold, a changed one, a site and a declared path.
    s.ok(&["rename", "mail", "Post"]);
    s.ok(&["remove", "old", "--yes"]);
    s.ok(&["add", "new", "--secret", SECRET]);
    s.ok(&["path", "add", "github", "email", "--at", "inbox"]);
    s.ok(&["location", "site", "phone", "home"]);
    let sealed = std::fs::read(s.vault()).unwrap();
    assert!(
        s.age_decrypt_vault()
            .contains("\n# sha256 of the lines above: ")
    );
    s.rewrite_vault(|plain| format!("{plain}# kept by hand\n"));
    let whole = std::fs::read(s.vault()).unwrap();
    let runs: &[&[&str]] = &[
        &["audit"],
        &["audit", "--json"],
        &["audit", "--lose", "phone"],
        &["audit", "--lose", "home,laptop", "--json"],
        &["audit", "--min-paths", "4"],
        &["audit", "--min-paths", "1", "--json"],
        &["audit", "--lose", "phnoe"],
        &["location", "list"],
        &["location", "list", "--json"],
    ];
    for args in runs {
        std::fs::write(s.vault(), &sealed).unwrap();
        let by_tables = s.run(args);
        std::fs::write(s.vault(), &whole).unwrap();
        let by_model = s.run(args);
        assert_eq!(stdout(&by_tables), stdout(&by_model), "{args:?}");
        assert_eq!(stderr(&by_tables), stderr(&by_model), "{args:?}");
        assert_eq!(code(&by_tables), code(&by_model), "{args:?}");
    }
    // The JSON holds what the contract names, the verdict last.
    std::fs::write(s.vault(), &sealed).unwrap();
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 1);
    assert_eq!(report["ok"], false);
    let post = account(&report, "Post");
    let kinds: Vec<&str> = post["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"backup"), "{kinds:?}");
    let json = s.ok(&["audit", "--json", "--min-paths", "1"]);
    assert!(json.trim_end().ends_with("\"ok\": true\n}"), "{json}");
}

/// Hand edits resealed as mfa-kit seals a document (whoever holds the vault's key can): a
/// multi-line issuer holding a header line, which would cut its table in two, and a damaged
/// account that is not the first by name. Each is audited as the model reads it: the first
/// as the same edit with its seal broken is, the second refused before anything is written,
/// with the whole document's error, before a damaged config's.
#[test]
fn resealed_hand_edits_are_audited_as_the_whole_document_reads() {
    let s = Sandbox::new();
    s.init_identity();
    for name in ["alpha", "beta", "gamma"] {
        s.ok(&["add", name, "--secret", SECRET, "--at", "phone"]);
    }
    let sealed = std::fs::read(s.vault()).unwrap();
    let multi_line = |plain: String| {
        plain.replacen(
            "name = \"alpha\"\n",
            "name = \"alpha\"\nissuer = \"\"\"\n[[accounts]]\nname = \"zz\"\n\"\"\"\n",
            1,
        )
    };
    s.rewrite_vault(|plain| resealed(&multi_line(plain)));
    let forged = std::fs::read(s.vault()).unwrap();
    std::fs::write(s.vault(), &sealed).unwrap();
    s.rewrite_vault(|plain| format!("{}# kept by hand\n", multi_line(plain)));
    let whole = std::fs::read(s.vault()).unwrap();
    for args in [
        &["audit"][..],
        &["audit", "--json"],
        &["audit", "--lose", "phone"],
        &["location", "list"],
    ] {
        std::fs::write(s.vault(), &forged).unwrap();
        let by_tables = s.run(args);
        std::fs::write(s.vault(), &whole).unwrap();
        let by_model = s.run(args);
        assert_eq!(stdout(&by_tables), stdout(&by_model), "{args:?}");
        assert_eq!(code(&by_tables), code(&by_model), "{args:?}");
        assert_eq!(stderr(&by_tables), "", "{args:?}");
    }

    std::fs::write(s.vault(), &sealed).unwrap();
    s.rewrite_vault(|plain| {
        let gamma = plain.find("name = \"gamma\"").unwrap();
        let table = plain[gamma..].replacen(
            &format!("secret = \"{SECRET}\""),
            "secret = \"not base32!\"",
            1,
        );
        resealed(&format!("{}{table}", &plain[..gamma]))
    });
    assert!(s.age_decrypt_vault().contains("not base32!"));
    let config = s.path(".config/mfa-kit/config.toml");
    for damaged_config in [false, true] {
        if damaged_config {
            let kept = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, format!("{kept}\n[services.\"\"]\n")).unwrap();
        }
        for args in [&["audit"][..], &["audit", "--json"], &["location", "list"]] {
            let out = s.run(args);
            assert_eq!(code(&out), 2, "{args:?}");
            assert_eq!(stdout(&out), "", "{args:?}: written before the error");
            assert!(stderr(&out).contains("gamma"), "{args:?}: {}", stderr(&out));
            assert_one_error_line(&stderr(&out));
        }
    }
}
