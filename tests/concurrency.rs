//! Concurrency: 32 writers of different kinds at once (add, codes use, verify, backup) lose
//! no update, and a code verified by several racing processes is accepted exactly once.

mod common;

use std::process::Stdio;

use common::*;

#[test]
fn thirty_two_writers_lose_no_update() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "shared", "--secret", SECRET]);
    let codes: String = (0..40).map(|i| format!("code-{i:04}\n")).collect();
    assert_eq!(
        code(&s.run_with_stdin(&["codes", "add", "shared"], &codes)),
        0
    );
    let key = s.path("k.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()])
        .trim()
        .to_string();
    let now = unix_now();
    let time = &now.to_string();
    let totp = oathtool_totp(SECRET, "SHA1", 6, 30, now);

    let mut children = Vec::new();
    for i in 0..8 {
        let add = s.cmd(&["add", &format!("writer{i}"), "--secret", SECRET]);
        let use_code = s.cmd(&["codes", "use", "shared"]);
        let verify = s.cmd(&["verify", "shared", &totp, "--time", time]);
        let backup_file = s.path(&format!("backup{i}.age"));
        let backup = s.cmd(&[
            "backup",
            "--out",
            backup_file.to_str().unwrap(),
            "-r",
            &recipient,
        ]);
        for (kind, mut cmd) in [
            ("add", add),
            ("use", use_code),
            ("verify", verify),
            ("backup", backup),
        ] {
            let child = cmd
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            children.push((kind, child));
        }
    }
    assert_eq!(children.len(), 32);
    let mut used_codes = Vec::new();
    let mut accepted = 0;
    for (kind, child) in children {
        let out = child.wait_with_output().unwrap();
        match kind {
            "verify" => {
                let status = code(&out);
                assert!(status == 0 || status == 1, "{}", stderr(&out));
                accepted += usize::from(status == 0);
            }
            "use" => {
                assert_eq!(code(&out), 0, "{}", stderr(&out));
                used_codes.push(stdout(&out).trim().to_string());
            }
            _ => assert_eq!(code(&out), 0, "{kind}: {}", stderr(&out)),
        }
    }
    assert_eq!(accepted, 1, "the same code was accepted {accepted} times");
    used_codes.sort();
    used_codes.dedup();
    assert_eq!(
        used_codes.len(),
        8,
        "two writers were handed the same recovery code"
    );

    let listed = s.ok(&["list"]);
    for i in 0..8 {
        assert!(listed.contains(&format!("writer{i}")), "writer{i} was lost");
    }
    let left: serde_json::Value =
        serde_json::from_str(&s.ok(&["codes", "list", "shared", "--json"])).unwrap();
    assert_eq!(left["left"], 32);
    let vault = s.age_decrypt_vault();
    assert_eq!(
        vault.matches("[[backups]]").count(),
        8,
        "a backup record was lost"
    );
    assert!(vault.contains(&format!("last_step = {}", now / 30)));
}
