//! Crash safety: `add`, `codes add`, `backup` and `restore` killed with SIGKILL at random
//! moments. After every kill the vault opens and holds the state before or the state after
//! the interrupted command, never anything else; a backup file is whole or absent; a
//! temporary file a killed run left is harmless and cleaned up once it is old.
//! MFA_KIT_CRASH_KILLS sets the number of kills (the full run is 1000; CI runs 160).

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;

fn names(s: &Sandbox) -> BTreeSet<String> {
    let out = s.run(&["list", "--json"]);
    assert_eq!(code(&out), 0, "the vault no longer opens: {}", stderr(&out));
    let listed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

fn codes_total(s: &Sandbox) -> u64 {
    let out: serde_json::Value =
        serde_json::from_str(&s.ok(&["codes", "list", "base", "--json"])).unwrap();
    out["total"].as_u64().unwrap()
}

fn backup_records(s: &Sandbox) -> usize {
    s.age_decrypt_vault().matches("[[backups]]").count()
}

/// Starts the command, kills it after `delay`, and waits for it.
fn kill_after(s: &Sandbox, args: &[&str], input: Option<&str>, delay: Duration) {
    use std::io::Write;
    let mut child = s
        .cmd(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    if let Some(text) = input {
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    } else {
        drop(child.stdin.take());
    }
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn sigkill_at_random_moments_never_corrupts_the_vault() {
    let kills: u64 = std::env::var("MFA_KIT_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(160);
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "base", "--secret", SECRET]);
    let seeded = s.run_with_stdin(&["codes", "add", "base"], "aaaa-0000\n");
    assert_eq!(code(&seeded), 0);
    let key = s.path("paper.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()])
        .trim()
        .to_string();
    // A backup holding three accounts the vault lacks, for the restores to add.
    let donor = Sandbox::new();
    donor.init_identity();
    for name in ["r1", "r2", "r3"] {
        donor.ok(&["add", name, "--secret", SECRET]);
    }
    let donated = s.path("donor.age");
    donor.ok(&[
        "backup",
        "--out",
        donated.to_str().unwrap(),
        "-r",
        &recipient,
    ]);

    let mut rng = Rng(0xdead_beef_2026);
    let mut outcomes = [0u32; 2]; // before, after
    for i in 0..kills {
        let delay = Duration::from_micros(rng.below(80_000));
        let before_names = names(&s);
        match i % 4 {
            0 => {
                let name = format!("k{i}");
                kill_after(&s, &["add", &name, "--secret", SECRET], None, delay);
                let after = names(&s);
                let mut expected = before_names.clone();
                expected.insert(name);
                assert!(
                    after == before_names || after == expected,
                    "kill {i}: {after:?}"
                );
                outcomes[usize::from(after == expected)] += 1;
            }
            1 => {
                let before = codes_total(&s);
                let count = 1 + (i % 7) + if before == 1 + (i % 7) { 1 } else { 0 };
                let text: String = (0..count).map(|j| format!("c{i}-{j}\n")).collect();
                kill_after(&s, &["codes", "add", "base"], Some(&text), delay);
                let after = codes_total(&s);
                assert!(
                    after == before || after == count,
                    "kill {i}: {before} -> {after}, not {count}"
                );
                assert_eq!(names(&s), before_names);
                outcomes[usize::from(after == count)] += 1;
            }
            2 => {
                let before = backup_records(&s);
                let file = s.path(&format!("b{i}.age"));
                kill_after(
                    &s,
                    &["backup", "--out", file.to_str().unwrap(), "-r", &recipient],
                    None,
                    delay,
                );
                let after = backup_records(&s);
                assert!(
                    after == before || after == before + 1,
                    "kill {i}: {before} -> {after}"
                );
                if file.exists() {
                    // Written whole or not at all: stock age opens it.
                    age_decrypt(&file, &key);
                }
                outcomes[usize::from(after == before + 1)] += 1;
            }
            _ => {
                for name in ["r1", "r2", "r3"] {
                    if before_names.contains(name) {
                        s.ok(&["remove", name]);
                    }
                }
                let before = names(&s);
                kill_after(
                    &s,
                    &[
                        "restore",
                        donated.to_str().unwrap(),
                        "-i",
                        key.to_str().unwrap(),
                    ],
                    None,
                    delay,
                );
                let after = names(&s);
                let mut expected = before.clone();
                expected.extend(["r1".to_string(), "r2".to_string(), "r3".to_string()]);
                assert!(after == before || after == expected, "kill {i}: {after:?}");
                outcomes[usize::from(after == expected)] += 1;
            }
        }
    }
    eprintln!(
        "kills survived: {kills} (interrupted before the change: {}, after: {})",
        outcomes[0], outcomes[1]
    );
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "the kills should land both before and after the change: {outcomes:?}"
    );

    // Whatever temporary files the kills left are harmless; once old, the next save removes them.
    let dir = s.vault().parent().unwrap().to_path_buf();
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".mfa-kit-tmp-"))
        .map(|e| e.path())
        .collect();
    let planted = dir.join(".mfa-kit-tmp-planted");
    std::fs::write(&planted, b"half a vault").unwrap();
    for path in leftovers.iter().chain([&planted]) {
        tool_ok("touch", &["-d", "2 hours ago", path.to_str().unwrap()]);
    }
    s.ok(&["add", "after-the-storm", "--secret", SECRET]);
    assert!(
        !planted.exists(),
        "an old temporary file was not cleaned up"
    );
    for path in &leftovers {
        assert!(!path.exists(), "{} was not cleaned up", path.display());
    }
}
