//! Life after day one, command by command: places listed, retired, renamed and grouped in
//! sites (and the audit over sites), accounts matched in any case and renamed, imports that
//! record the exporting phone, authenticator copies removed, removal asked on a terminal,
//! and a new machine set up by restore. Every error named here: exit 2, files unchanged.

mod common;

use std::path::Path;

use common::*;

fn s_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// github on the phone, bitbucket with codes in the paper drawer and a backup in the safe.
fn day_one() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "Phone"]);
    s.ok(&["add", "bitbucket", "--secret", SECRET, "--at", "phone"]);
    let out = s.run_with_stdin(
        &["codes", "add", "bitbucket", "--at", "paper-drawer"],
        "aaaa-1111\nbbbb-2222\ncccc-3333\n",
    );
    assert_eq!(code(&out), 0);
    let key = s.path("paper.txt");
    tool_ok("age-keygen", &["-o", s_str(&key)]);
    let recipient = tool_ok("age-keygen", &["-y", s_str(&key)]);
    std::fs::create_dir(s.path("usb")).unwrap();
    s.ok(&[
        "backup",
        "--out",
        s_str(&s.path("usb/b.age")),
        "-r",
        recipient.trim(),
        "--at",
        "usb-safe",
        "--key-at",
        "paper-wallet",
    ]);
    s
}

fn locations(s: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&s.ok(&["location", "list", "--json"])).unwrap()
}

fn find<'a>(list: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    list.as_array().unwrap().iter().find(|l| l["name"] == name)
}

#[test]
fn location_list_counts_the_paths_that_need_each_place() {
    let s = day_one();
    let list = locations(&s);
    // Two authenticator copies on the phone (given once as "Phone"); the laptop holds the
    // vault (two accounts) and the codes in it; the backup needs the safe and the wallet.
    assert_eq!(find(&list, "phone").unwrap()["paths"], 2, "{list}");
    assert_eq!(find(&list, "laptop").unwrap()["paths"], 3, "{list}");
    assert_eq!(find(&list, "paper-drawer").unwrap()["paths"], 1);
    assert_eq!(find(&list, "usb-safe").unwrap()["paths"], 2);
    assert_eq!(
        find(&list, "paper-wallet").unwrap()["site"],
        serde_json::Value::Null
    );
    assert!(find(&list, "Phone").is_none());
    assert!(
        find(&list, "memory").is_none(),
        "no path needs memory: {list}"
    );
    let text = s.ok(&["location", "list"]);
    assert!(text.contains("(this device)"), "{text}");
}

#[test]
fn retiring_a_place_forgets_it_and_says_what_it_cost() {
    let s = day_one();
    let out = s.run(&["location", "retire", "PHONE"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("github: lost the authenticator app on phone; still passes"),
        "{text}"
    );
    assert!(
        text.contains("bitbucket: lost the authenticator app on phone"),
        "{text}"
    );
    let (_, report) = audit_json(&s, &[]);
    for account in ["github", "bitbucket"] {
        assert!(!needs(account_of(&report, account)).contains(&vec!["phone".to_string()]));
    }
    assert!(find(&locations(&s), "phone").is_none());
    // The wallet goes: the backup it opened no longer counts, and github now fails.
    let out = s.run(&["location", "retire", "paper-wallet"]);
    assert!(
        stdout(&out).contains("github: lost the backup"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("now FAILS"), "{}", stdout(&out));
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 1);
    let github = account_of(&report, "github");
    assert!(
        github["gone_paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["reason"].as_str().unwrap().contains("retired")),
        "{github}"
    );
    // The vault's own device, and names that are not there, are refused.
    let err = s.fails(&["location", "retire", "laptop"]);
    assert!(err.contains("cannot be retired"), "{err}");
    let err = s.fails(&["location", "retire", "paper-drawr"]);
    assert!(err.contains("did you mean \"paper-drawer\""), "{err}");
}

fn account_of<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    account(report, name)
}

#[test]
fn a_site_is_one_place_for_the_audit_and_for_losses() {
    let s = day_one();
    // The drawer and the laptop are both at home: bitbucket's codes no longer add a path.
    let (_, before) = audit_json(&s, &[]);
    let bitbucket_before = account(&before, "bitbucket")["independent_paths"].clone();
    assert_eq!(bitbucket_before, 4);
    s.ok(&["location", "site", "laptop", "Home"]);
    s.ok(&["location", "site", "paper-drawer", "home"]);
    let (_, after) = audit_json(&s, &[]);
    assert_eq!(
        account(&after, "bitbucket")["independent_paths"],
        3,
        "{after}"
    );
    let list = locations(&s);
    assert_eq!(find(&list, "laptop").unwrap()["site"], "home");
    // --lose home loses both.
    let (status, report) = audit_json(&s, &["--lose", "home,phone"]);
    assert_eq!(status, 0, "the backup elsewhere survives: {report}");
    let bitbucket = account(&report, "bitbucket");
    assert_eq!(needs(bitbucket), vec![vec!["paper-wallet", "usb-safe"]]);
    // A site cannot borrow a location's name, nor be put in a site itself.
    let err = s.fails(&["location", "site", "usb-safe", "phone"]);
    assert!(err.contains("location already"), "{err}");
    let err = s.fails(&["location", "site", "home", "city"]);
    assert!(err.contains("is a site"), "{err}");
    // Taken out of the site: counted on its own again.
    s.ok(&["location", "site", "paper-drawer", "--none"]);
    let (_, report) = audit_json(&s, &[]);
    assert_eq!(account(&report, "bitbucket")["independent_paths"], 4);
    // Retiring a site retires every place in it (but never this device).
    s.ok(&["location", "site", "paper-drawer", "home"]);
    let err = s.fails(&["location", "retire", "home"]);
    assert!(err.contains("laptop holds the vault"), "{err}");
}

#[test]
fn places_and_sites_rename_everywhere() {
    let s = day_one();
    s.ok(&["location", "site", "paper-drawer", "home"]);
    s.ok(&["location", "rename", "paper-drawer", "desk"]);
    s.ok(&["location", "rename", "HOME", "flat"]);
    let list = locations(&s);
    assert_eq!(find(&list, "desk").unwrap()["site"], "flat", "{list}");
    assert!(find(&list, "paper-drawer").is_none());
    let out = s.ok(&["codes", "list", "bitbucket"]);
    assert!(out.contains("copies at desk"), "{out}");
    let err = s.fails(&["location", "rename", "laptop", "old-laptop"]);
    assert!(err.contains("config"), "{err}");
    let err = s.fails(&["location", "rename", "nowhere", "x"]);
    assert!(err.contains("\"nowhere\""), "{err}");
}

#[test]
fn a_change_of_places_that_changes_nothing_writes_nothing() {
    let s = day_one();
    s.ok(&["location", "site", "paper-drawer", "home"]);
    let before = std::fs::read(s.vault()).unwrap();
    // Each is a change made to nothing: the vault file is not written again (each write
    // encrypts it anew, to other bytes), and so none can fail on a full disk.
    s.ok(&["location", "site", "paper-drawer", "home"]);
    s.ok(&["location", "site", "usb-safe", "--none"]);
    s.ok(&["location", "retire", "memory"]);
    assert!(
        std::fs::read(s.vault()).unwrap() == before,
        "the vault was written"
    );
    // A change that does change it, is written.
    s.ok(&["location", "site", "usb-safe", "home"]);
    assert!(std::fs::read(s.vault()).unwrap() != before);
}

#[test]
fn accounts_match_in_any_case_and_rename_with_their_backups() {
    let s = day_one();
    let now = unix_now();
    let code_now = oathtool_totp(SECRET, "SHA1", 6, 30, now);
    assert_eq!(
        s.ok(&["code", "GitHub", "--time", &now.to_string()]).trim(),
        code_now
    );
    let err = s.fails(&["add", "GITHUB", "--secret", SECRET]);
    assert!(err.contains("exists already"), "{err}");
    let err = s.fails(&["code", "githbu"]);
    assert!(err.contains("did you mean \"github\""), "{err}");
    s.ok(&["rename", "GitHub", "github-work"]);
    assert_eq!(s.ok(&["list"]), "bitbucket\ngithub-work\n");
    // The backup still counts for the renamed account.
    let (_, report) = audit_json(&s, &[]);
    let renamed = account(&report, "github-work");
    assert!(
        needs(renamed).contains(&vec!["paper-wallet".to_string(), "usb-safe".to_string()]),
        "{renamed}"
    );
    let err = s.fails(&["rename", "github-work", "BITBUCKET"]);
    assert!(err.contains("exists already"), "{err}");
    let err = s.fails(&["rename", "nobody", "x"]);
    assert!(err.contains("no account named"), "{err}");
    let err = s.fails(&["rename", "bitbucket", "bad\u{202e}name"]);
    assert!(err.contains("character"), "{err}");
}

#[test]
fn imports_record_the_exporting_phone_and_copies_can_be_removed() {
    let s = Sandbox::new();
    s.init_identity();
    let uris = s.path("uris.txt");
    std::fs::write(
        &uris,
        format!(
            "otpauth://totp/A:alice?secret={SECRET}&issuer=A\notpauth://totp/B:bob?secret={SECRET}&issuer=B\n"
        ),
    )
    .unwrap();
    s.ok(&[
        "import",
        s_str(&uris),
        "--from",
        "otpauth",
        "--at",
        "Old-Phone",
    ]);
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    for account in listed.as_array().unwrap() {
        assert_eq!(account["authenticators"], serde_json::json!(["old-phone"]));
    }
    s.ok(&[
        "path",
        "remove",
        "A:alice",
        "authenticator",
        "--at",
        "OLD-PHONE",
    ]);
    let (_, report) = audit_json(&s, &[]);
    assert_eq!(needs(account(&report, "A:alice")), vec![vec!["laptop"]]);
    assert!(needs(account(&report, "B:bob")).contains(&vec!["old-phone".to_string()]));
    let err = s.fails(&[
        "path",
        "remove",
        "A:alice",
        "authenticator",
        "--at",
        "old-phone",
    ]);
    assert!(err.contains("no such"), "{err}");
    let err = s.fails(&["import", s_str(&uris), "--from", "otpauth", "--at", "a,b"]);
    assert!(err.contains("comma"), "{err}");
}

/// Runs mfa-kit with ARGS on a terminal (script gives it one), answering `answer`.
fn on_a_terminal(s: &Sandbox, args: &str, answer: &str) -> (i32, String) {
    use std::io::Write;
    let mut child = s.terminal_cmd(args).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (code(&out), stdout(&out))
}

#[test]
fn remove_asks_on_a_terminal_when_codes_or_keys_go_with_it() {
    let s = day_one();
    let (status, screen) = on_a_terminal(&s, "remove bitbucket", "no\n");
    assert!(screen.contains("with its 3 recovery code(s)"), "{screen}");
    assert_eq!(status, 1, "{screen}");
    assert!(s.ok(&["list"]).contains("bitbucket"));
    let (status, _) = on_a_terminal(&s, "remove BitBucket", "yes\n");
    assert_eq!(status, 0);
    assert!(!s.ok(&["list"]).contains("bitbucket"));
    // Nothing to lose but the secret: no question. --yes: no question. No terminal: none.
    let (status, screen) = on_a_terminal(&s, "remove github", "");
    assert_eq!(status, 0, "{screen}");
    assert!(!screen.contains("Type yes"), "{screen}");
    let s = day_one();
    let (status, screen) = on_a_terminal(&s, "remove bitbucket --yes", "");
    assert_eq!(status, 0, "{screen}");
    assert!(!screen.contains("Type yes"));
    let s = day_one();
    s.ok(&["remove", "bitbucket"]);
}

#[test]
fn a_new_machine_is_set_up_by_restore() {
    let s = day_one();
    let ssh = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", s_str(&ssh)],
    );
    s.ok(&["ssh", "add", "bitbucket", s_str(&ssh), "--store"]);
    let key = s.path("paper.txt");
    let recipient = tool_ok("age-keygen", &["-y", s_str(&key)]);
    let backup = s.path("usb/b.age");
    s.ok(&["backup", "--out", s_str(&backup), "-r", recipient.trim()]);

    let new = Sandbox::new();
    let pass = new.path("pass.txt");
    write_private(&pass, "new laptop passphrase\n");
    let mut cmd = new.cmd(&[
        "--passphrase-file",
        s_str(&pass),
        "restore",
        s_str(&backup),
        "-i",
        s_str(&key),
        "--passphrase",
        "--ssh-dir",
        s_str(&new.path(".ssh")),
    ]);
    cmd.env("MFA_KIT_DEVICE", "new-laptop");
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("locked with a passphrase"),
        "{}",
        stderr(&out)
    );
    // It says how Bitbucket takes the key back, with this key alone.
    let written_shown = new.path(".ssh/bitbucket-id_ed25519");
    assert!(
        stdout(&out).contains(&format!(
            "recover    bitbucket: ssh -i {} -o IdentitiesOnly=yes git@bitbucket.org recovery_codes",
            written_shown.display()
        )),
        "{}",
        stdout(&out)
    );
    let config = std::fs::read_to_string(new.path(".config/mfa-kit/config.toml")).unwrap();
    assert!(config.contains("device = \"new-laptop\""), "{config}");
    // The key and its .pub are there, ssh-keygen reads them, and the record points there.
    let written = new.path(".ssh/bitbucket-id_ed25519");
    let public = new.path(".ssh/bitbucket-id_ed25519.pub");
    let fp = |p: &Path| {
        tool_ok("ssh-keygen", &["-l", "-f", s_str(p)])
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(fp(&written), fp(&ssh));
    assert_eq!(fp(&public), fp(&ssh));
    let mut check = new.cmd(&["--passphrase-file", s_str(&pass), "ssh", "check", "--json"]);
    check.env("MFA_KIT_DEVICE", "new-laptop");
    let out = check.output().unwrap();
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("new-laptop"), "{}", stdout(&out));
    // --passphrase is for a new vault only.
    let err = new.fails(&[
        "--passphrase-file",
        s_str(&pass),
        "restore",
        s_str(&backup),
        "-i",
        s_str(&key),
        "--passphrase",
    ]);
    assert!(err.contains("exists already"), "{err}");
}

#[test]
fn an_older_vault_with_mixed_case_places_opens_and_is_normalised() {
    let s = day_one();
    s.rewrite_vault(|plain| {
        plain
            .replace("version = 2", "version = 1")
            .replace("\"phone\"", "\"Phone\"")
            .replace("\"usb-safe\"", "\"USB-Safe\"")
    });
    let list = locations(&s);
    assert_eq!(find(&list, "phone").unwrap()["paths"], 2, "{list}");
    assert!(find(&list, "usb-safe").is_some(), "{list}");
    s.ok(&["path", "add", "github", "email", "--at", "mailbox"]);
    let plain = s.age_decrypt_vault();
    assert!(plain.contains("version = 2"));
    assert!(!plain.contains("\"Phone\""), "{plain}");
}

#[test]
fn retiring_a_site_also_retires_paths_that_name_the_site_itself() {
    let s = day_one();
    s.ok(&["location", "site", "phone", "office"]);
    // A key said to be kept at "office" (the site's own name).
    let key = s.path("office-key.txt");
    tool_ok("age-keygen", &["-o", s_str(&key)]);
    let recipient = tool_ok("age-keygen", &["-y", s_str(&key)]);
    s.ok(&[
        "backup",
        "--out",
        s_str(&s.path("usb/office.age")),
        "-r",
        recipient.trim(),
        "--at",
        "drawer2",
        "--key-at",
        "office",
    ]);
    let list: serde_json::Value =
        serde_json::from_str(&s.ok(&["location", "list", "--json"])).unwrap();
    assert!(find(&list, "office").is_some(), "a path names it: {list}");
    s.ok(&["location", "retire", "office"]);
    let (_, report) = audit_json(&s, &[]);
    let github = account(&report, "github");
    assert!(
        !needs(github)
            .iter()
            .any(|n| n.contains(&"office".to_string())),
        "{github}"
    );
}

#[test]
fn renaming_this_device_renames_it_in_the_config_too() {
    let s = day_one();
    let config = s.path(".config/mfa-kit/config.toml");
    let mut cmd = s.cmd(&["location", "rename", "laptop", "desk"]);
    cmd.env_remove("MFA_KIT_DEVICE");
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("device = \"desk\""), "{text}");
    let mut cmd = s.cmd(&["audit", "--json"]);
    cmd.env_remove("MFA_KIT_DEVICE");
    let report: serde_json::Value = serde_json::from_str(&stdout(&cmd.output().unwrap())).unwrap();
    assert_eq!(report["device"], "desk");
    let bitbucket = account(&report, "bitbucket");
    assert!(
        needs(bitbucket).contains(&vec!["desk".to_string()]),
        "{bitbucket}"
    );
    // With the name given by MFA_KIT_DEVICE, the rename says where to change it.
    let err = s.fails(&["location", "rename", "laptop", "desk2"]);
    assert!(err.contains("MFA_KIT_DEVICE"), "{err}");
}

#[test]
fn location_list_counts_each_working_path_once() {
    let s = day_one();
    // A second backup opened by the wallet's key, kept on the laptop.
    let recipient = tool_ok("age-keygen", &["-y", s_str(&s.path("paper.txt"))]);
    s.ok(&[
        "backup",
        "--out",
        s_str(&s.path("local.age")),
        "-r",
        recipient.trim(),
        "--key-at",
        "paper-wallet",
    ]);
    let wallet = |s: &Sandbox| find(&locations(s), "paper-wallet").unwrap()["paths"].clone();
    assert_eq!(wallet(&s), 4, "two backups, two accounts each");
    s.ok(&["location", "retire", "usb-safe"]);
    assert_eq!(wallet(&s), 2, "the retired backup's paths no longer work");
}

#[test]
fn a_failed_restore_on_a_new_machine_leaves_no_ssh_folder() {
    let s = day_one();
    let key = s.path("paper.txt");
    let new = Sandbox::new();
    let mut cmd = new.cmd(&[
        "restore",
        s_str(&s.path("usb/b.age")),
        "-i",
        s_str(&key),
        "--ssh-dir",
        s_str(&new.path(".ssh")),
    ]);
    cmd.env_remove("MFA_KIT_IDENTITY");
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(!new.path(".ssh").exists());
}

#[test]
fn a_command_that_reads_then_writes_asks_for_the_passphrase_once() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "typed once\n");
    s.ok(&["--passphrase-file", s_str(&pass), "init", "--passphrase"]);
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "add",
        "github",
        "--secret",
        SECRET,
        "--at",
        "phone",
    ]);
    // On a terminal, with the passphrase typed once: a second prompt would wait for ever, and
    // the answer below has only one line.
    let (status, screen) = on_a_terminal(&s, "location retire phone", "typed once\n");
    assert_eq!(status, 0, "{screen}");
    assert_eq!(screen.matches("Vault passphrase:").count(), 1, "{screen}");
    assert!(
        screen.contains("github: lost the authenticator app on phone"),
        "{screen}"
    );
}

/// Retiring a site says each account once, with everything it lost in every place of the
/// site (an account that kept things in two of them was said twice): first those that lost
/// something at the site's first place, in the order of their names, then the others.
#[test]
fn retiring_a_site_says_each_account_once() {
    let s = Sandbox::new();
    s.init_identity();
    for name in ["b", "a"] {
        s.ok(&["add", name, "--secret", SECRET]);
        s.ok(&["path", "add", name, "security-key", "--at", "box1"]);
    }
    s.ok(&["add", "0c", "--secret", SECRET]);
    s.ok(&["path", "add", "0c", "email", "--at", "box2"]);
    s.ok(&["path", "add", "a", "email", "--at", "box2"]);
    s.ok(&["location", "site", "box1", "room"]);
    s.ok(&["location", "site", "box2", "room"]);
    let out = s.ok(&["location", "retire", "room"]);
    let said = |name: &str| {
        out.lines()
            .filter(|line| line.starts_with(&format!("{name}: ")))
            .collect::<Vec<_>>()
    };
    let a = said("a");
    assert_eq!(a.len(), 1, "{out}");
    let (box1, box2) = (a[0].find("box1"), a[0].find("box2"));
    assert!(box1.is_some() && box1 < box2, "{out}");
    assert_eq!(said("b").len(), 1, "{out}");
    let order: Vec<&str> = out
        .lines()
        .filter_map(|line| line.split_once(": lost ").map(|(name, _)| name))
        .collect();
    assert_eq!(order, ["a", "b", "0c"], "{out}");
}

/// `location list` audits a sealed vault an account at a time and a vault edited by hand
/// whole: the list is the same, sites, retired places and this device included.
#[test]
fn location_list_is_the_same_read_by_tables_or_whole() {
    let s = day_one();
    s.ok(&["location", "site", "usb-safe", "home"]);
    s.ok(&["location", "site", "laptop", "home"]);
    s.ok(&["add", "spare", "--secret", SECRET, "--at", "old-phone"]);
    s.ok(&["location", "retire", "old-phone"]);
    s.ok(&["path", "add", "github", "security-key", "--at", "keychain"]);
    let lists = |s: &Sandbox| {
        (
            s.ok(&["location", "list"]),
            s.ok(&["location", "list", "--json"]),
        )
    };
    let by_tables = lists(&s);
    let list: serde_json::Value = serde_json::from_str(&by_tables.1).unwrap();
    assert_eq!(find(&list, "keychain").unwrap()["paths"], 1, "{list}");
    assert_eq!(find(&list, "usb-safe").unwrap()["site"], "home", "{list}");
    assert!(find(&list, "old-phone").is_none(), "{list}");
    s.rewrite_vault(|text| format!("# edited by hand\n{text}"));
    assert_eq!(lists(&s), by_tables);
}

/// A damaged config fails `location retire` before the vault is written (every file as it
/// was), and `location list` says a missing vault before a damaged config, as `audit` does.
#[test]
fn a_damaged_config_fails_location_commands_before_anything_is_written() {
    let s = day_one();
    // The config init wrote (which names the identity), with a service without a name.
    let config = std::fs::read_to_string(s.path(".config/mfa-kit/config.toml")).unwrap();
    let bad = s.path("bad.toml");
    std::fs::write(&bad, format!("{config}\n[services.\"\"]\n")).unwrap();
    let error = s.fails(&["--config", s_str(&bad), "location", "retire", "usb-safe"]);
    assert!(error.contains("config"), "{error}");
    let error = s.fails(&["--config", s_str(&bad), "location", "list"]);
    assert!(error.contains("config"), "{error}");
    let missing = s.path("missing.age");
    for command in [&["location", "list"][..], &["audit"]] {
        let mut args = vec!["--config", s_str(&bad), "--vault", s_str(&missing)];
        args.extend(command);
        let error = s.fails(&args);
        assert!(error.contains("no vault"), "{command:?}: {error}");
    }
}
