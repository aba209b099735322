//! Recovery material end to end: recovery codes (read as services print them, counted, used
//! once), SSH recovery keys (fingerprints compared with `ssh-keygen -lf`, files checked), and
//! declared paths; each error exits 2 with the vault unchanged.

mod common;

use common::*;

fn vault_with_account() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "bitbucket", "--secret", SECRET, "--at", "phone"]);
    s
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn codes_are_read_as_printed_and_used_once() {
    let s = vault_with_account();
    let printed = "Your backup codes:\n".to_string();
    // A heading line is not a code: refused, nothing stored.
    let err = s.fails_with_stdin(&["codes", "add", "bitbucket"], &printed);
    assert!(err.contains("line 1"), "{err}");

    let out = s.run_with_stdin(
        &["codes", "add", "bitbucket", "--at", "paper-drawer"],
        "1. 1234 5678\n2. 2345-6789\n\n  3) abcd-efgh    ijkl-mnop  \nqrst-uvwx, yzab-cdef\tghij-klmn\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // Without --show no code is printed.
    let plain = s.ok(&["codes", "list", "bitbucket"]);
    assert!(plain.contains("7 of 7"), "{plain}");
    assert!(!plain.contains("1234"), "{plain}");
    let counted = json(&s.ok(&["codes", "list", "bitbucket", "--json"]));
    assert_eq!(counted["account"], "bitbucket");
    assert_eq!(counted["left"], 7);
    assert_eq!(counted["total"], 7);
    assert!(counted.get("codes").is_none());

    // The next unused code, printed and marked used.
    assert_eq!(s.ok(&["codes", "use", "bitbucket"]).trim(), "1234 5678");
    // A typed code, ignoring case, spaces and dashes.
    assert_eq!(code(&s.run(&["codes", "use", "bitbucket", "ABCD EFGH"])), 0);
    // Used already: refused with exit 1.
    assert_eq!(code(&s.run(&["codes", "use", "bitbucket", "abcdefgh"])), 1);
    assert_eq!(code(&s.run(&["codes", "use", "bitbucket", "12345678"])), 1);
    // Not one of the codes: exit 1.
    assert_eq!(code(&s.run(&["codes", "use", "bitbucket", "zzzz-zzzz"])), 1);

    let shown = json(&s.ok(&["codes", "list", "bitbucket", "--show", "--json"]));
    assert_eq!(shown["left"], 5);
    let codes = shown["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 7);
    assert_eq!(codes[0]["code"], "1234 5678");
    assert_eq!(codes[0]["used"], true);
    assert_eq!(codes[1]["code"], "2345-6789");
    assert_eq!(codes[1]["used"], false);
    let human = s.ok(&["codes", "list", "bitbucket", "--show"]);
    assert!(human.contains("1234 5678  (used)"), "{human}");

    // The vault document keeps them as typed, with when they were used.
    let plain = s.age_decrypt_vault();
    assert!(plain.contains("code = \"abcd-efgh\""), "{plain}");
    assert!(plain.contains("at = [\"paper-drawer\"]"), "{plain}");

    for _ in 0..5 {
        assert_eq!(code(&s.run(&["codes", "use", "bitbucket"])), 0);
    }
    let none = s.run(&["codes", "use", "bitbucket"]);
    assert_eq!(code(&none), 1);
    assert!(stdout(&none).is_empty());

    s.ok(&["codes", "remove", "bitbucket"]);
    assert_eq!(
        json(&s.ok(&["codes", "list", "bitbucket", "--json"]))["total"],
        0
    );
}

#[test]
fn codes_errors_change_nothing() {
    let s = vault_with_account();
    s.fails_with_stdin(&["codes", "add", "bitbucket"], "");
    s.fails_with_stdin(&["codes", "add", "bitbucket"], "\n \n");
    s.fails_with_stdin(&["codes", "add", "nobody"], "abcd-efgh\n");
    s.fails_with_stdin(&["codes", "add", "bitbucket", "--at", "a,b"], "abcd-efgh\n");
    s.fails(&["codes", "list", "nobody"]);
    s.fails(&["codes", "use", "bitbucket"]);
    s.fails(&["codes", "remove", "bitbucket"]);
}

/// Header and note lines around the codes are never stored as codes (the review's file: a
/// header, then two codes), and a line that could be a code or words is refused with the
/// vault unchanged, not skipped.
#[test]
fn header_lines_are_never_stored_as_codes() {
    let s = vault_with_account();
    let out = s.run_with_stdin(
        &["codes", "add", "bitbucket"],
        "Backup codes\n1234-5678\n2345-6789\nKeep safe\nalice backup\nNOTE ONE\nUsed\nGenerated 2024-01-15\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Stored 2 recovery codes"), "{err}");
    assert!(err.contains("Skipped lines 1, 4-8 as words"), "{err}");
    assert_eq!(shown_codes(&s, "bitbucket"), ["1234-5678", "2345-6789"]);
    assert_eq!(s.ok(&["codes", "use", "bitbucket"]).trim(), "1234-5678");

    // Letters alone in groups, with no code of that shape: refused, nothing changed.
    let before = s.snapshot();
    let err = s.fails_with_stdin(&["codes", "add", "bitbucket"], "abcde fghij klmno\n");
    assert!(err.contains("line 1") && err.contains("dashes"), "{err}");
    assert_eq!(before, s.snapshot());

    // One code: "1 recovery code".
    let out = s.run_with_stdin(
        &["codes", "add", "bitbucket"],
        "8HQ2K-7TRW9-LLX4M-2B3CP-Q9RTV\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Stored 1 recovery code for \"bitbucket\", replacing the 2"),
        "{}",
        stderr(&out)
    );
}

fn keygen(s: &Sandbox, name: &str, kind: &[&str], passphrase: &str) -> std::path::PathBuf {
    let path = s.path(name);
    let mut args = vec![
        "-q",
        "-N",
        passphrase,
        "-C",
        "recovery@test",
        "-f",
        path.to_str().unwrap(),
    ];
    args.extend_from_slice(kind);
    tool_ok("ssh-keygen", &args);
    path
}

fn ssh_keygen_fingerprint(path: &std::path::Path) -> String {
    // `ssh-keygen -l` prints "BITS SHA256:... COMMENT (TYPE)".
    tool_ok(
        "ssh-keygen",
        &["-l", "-E", "sha256", "-f", path.to_str().unwrap()],
    )
    .split_whitespace()
    .nth(1)
    .unwrap()
    .to_string()
}

#[test]
fn ssh_fingerprints_match_ssh_keygen() {
    let s = vault_with_account();
    let keys = [
        keygen(&s, "ed", &["-t", "ed25519"], ""),
        keygen(&s, "rsa", &["-t", "rsa", "-b", "2048"], ""),
        keygen(&s, "ecdsa", &["-t", "ecdsa"], ""),
        keygen(&s, "protected", &["-t", "ed25519"], "a passphrase"),
    ];
    for key in &keys {
        let want = ssh_keygen_fingerprint(key);
        // The private file (a protected one is never unlocked)...
        let name = format!("acct-{}", key.file_name().unwrap().to_str().unwrap());
        s.ok(&["add", &name, "--secret", SECRET]);
        let out = s.ok(&["ssh", "add", &name, key.to_str().unwrap()]);
        assert!(out.contains(&want), "{}: {out} vs {want}", key.display());
        assert!(
            out.contains("fingerprint"),
            "say what the fingerprint is: {out}"
        );
        // ...and the public one give the same fingerprint.
        let public = key.with_extension("pub");
        let out = s.ok(&["ssh", "add", "bitbucket", public.to_str().unwrap()]);
        assert!(out.contains(&want), "{}", public.display());
    }
    let rows = json(&s.ok(&["ssh", "check", "--json"]));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    // In the order of the accounts' names (added in another), each account's keys in the
    // order they were added.
    let listed: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| {
            (
                row["account"].as_str().unwrap(),
                row["fingerprint"].as_str().unwrap(),
            )
        })
        .collect();
    let mut want: Vec<(String, String)> = keys
        .iter()
        .map(|key| {
            let name = format!("acct-{}", key.file_name().unwrap().to_str().unwrap());
            (name, ssh_keygen_fingerprint(key))
        })
        .collect();
    want.sort();
    want.extend(
        keys.iter()
            .map(|key| ("bitbucket".into(), ssh_keygen_fingerprint(key))),
    );
    let want: Vec<(&str, &str)> = want.iter().map(|(a, f)| (a.as_str(), f.as_str())).collect();
    assert_eq!(listed, want);
    for row in rows {
        assert_eq!(row["state"], "ok", "{row}");
        assert_eq!(row["at"], "laptop");
        for key in ["account", "path", "fingerprint", "at", "state"] {
            assert!(row.get(key).is_some(), "{key} in {row}");
        }
    }
}

#[test]
fn ssh_check_finds_missing_and_replaced_keys() {
    let s = vault_with_account();
    let key = keygen(&s, "id_ed25519", &["-t", "ed25519"], "");
    let other = keygen(&s, "elsewhere", &["-t", "ed25519"], "");
    s.ok(&["ssh", "add", "bitbucket", key.to_str().unwrap()]);
    s.ok(&[
        "ssh",
        "add",
        "bitbucket",
        other.to_str().unwrap(),
        "--at",
        "home-desktop",
    ]);
    assert_eq!(code(&s.run(&["ssh", "check"])), 0);

    // Replaced by another key at the same path: changed.
    std::fs::remove_file(&key).unwrap();
    std::fs::remove_file(key.with_extension("pub")).unwrap();
    keygen(&s, "id_ed25519", &["-t", "ed25519"], "");
    let out = s.run(&["ssh", "check", "--json"]);
    assert_eq!(code(&out), 1);
    let rows = json(&stdout(&out));
    assert_eq!(rows[0]["state"], "changed");
    assert_eq!(
        rows[1]["state"], "elsewhere",
        "a key on another device is not checked"
    );

    std::fs::remove_file(&key).unwrap();
    let out = s.run(&["ssh", "check"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("missing"), "{}", stdout(&out));

    s.ok(&["ssh", "remove", "bitbucket", key.to_str().unwrap()]);
    assert_eq!(code(&s.run(&["ssh", "check"])), 0);
}

#[test]
fn ssh_store_keeps_the_private_key_as_it_is() {
    let s = vault_with_account();
    let key = keygen(&s, "protected", &["-t", "ed25519"], "secret words");
    let err = s.fails(&[
        "ssh",
        "add",
        "bitbucket",
        key.with_extension("pub").to_str().unwrap(),
        "--store",
    ]);
    assert!(err.contains("private key"), "{err}");
    s.ok(&["ssh", "add", "bitbucket", key.to_str().unwrap(), "--store"]);
    let plain = s.age_decrypt_vault();
    let original = std::fs::read_to_string(&key).unwrap();
    let stored_first_line = original.lines().nth(1).unwrap();
    assert!(
        plain.contains(stored_first_line),
        "the key's text is in the vault"
    );
    assert!(plain.contains("private_key = "), "{plain}");
}

#[test]
fn ssh_errors_change_nothing() {
    let s = vault_with_account();
    let key = keygen(&s, "k", &["-t", "ed25519"], "");
    let not_a_key = s.path("notes.txt");
    std::fs::write(&not_a_key, "hello\n").unwrap();
    let pem = s.path("old.pem");
    std::fs::write(
        &pem,
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
    )
    .unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["ssh", "add", "bitbucket", not_a_key.to_str().unwrap()],
            "neither",
        ),
        (
            vec!["ssh", "add", "bitbucket", pem.to_str().unwrap()],
            "PEM",
        ),
        (
            vec!["ssh", "add", "bitbucket", "/nonexistent/key"],
            "check the path",
        ),
        (
            vec!["ssh", "add", "nobody", key.to_str().unwrap()],
            "no account",
        ),
        (vec!["ssh", "remove", "bitbucket"], "no SSH key"),
    ];
    for (args, want) in cases {
        let err = s.fails(&args);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    s.ok(&["ssh", "add", "bitbucket", key.to_str().unwrap()]);
    let err = s.fails(&[
        "ssh",
        "add",
        "bitbucket",
        key.with_extension("pub").to_str().unwrap(),
    ]);
    assert!(err.contains("registered"), "{err}");
}

#[test]
fn declared_paths() {
    let s = vault_with_account();
    s.ok(&[
        "path",
        "add",
        "bitbucket",
        "security-key",
        "--at",
        "keychain",
        "--note",
        "yubikey 5",
    ]);
    s.ok(&[
        "path",
        "add",
        "bitbucket",
        "email",
        "--at",
        "personal-mailbox",
    ]);
    let plain = s.age_decrypt_vault();
    assert!(plain.contains("kind = \"security-key\""), "{plain}");
    assert!(plain.contains("at = \"keychain\""), "{plain}");
    s.fails(&[
        "path",
        "add",
        "bitbucket",
        "email",
        "--at",
        "personal-mailbox",
    ]);
    s.fails(&["path", "add", "nobody", "sms", "--at", "phone"]);
    // Usage errors from the command line: exit 2 too.
    assert_eq!(
        code(&s.run(&["path", "add", "bitbucket", "pigeon", "--at", "roof"])),
        2
    );
    assert_eq!(code(&s.run(&["path", "add", "bitbucket", "sms"])), 2);
    s.ok(&["path", "remove", "bitbucket", "email"]);
    s.fails(&["path", "remove", "bitbucket", "email"]);
}
