//! Faults injected into every write, fsync, link, rename and open of a save (strace's fault
//! injection: EIO, ENOSPC for a full disk, EROFS for a read-only folder), and unwritable
//! standard streams: the command exits 0 with the change made or 2 with one clear line and
//! the old vault intact; a failed fsync is never followed by the rename; never a panic.

mod common;

use common::*;

fn strace_run(
    s: &Sandbox,
    syscall: &str,
    error: &str,
    when: u32,
    args: &[&str],
) -> (std::process::Output, String) {
    let log = s.path("strace.log");
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let mut cmd = std::process::Command::new("strace");
    cmd.args([
        "-f",
        "-qq",
        "-o",
        log.to_str().unwrap(),
        "-e",
        &format!("trace={syscall},rename,linkat"),
    ])
    .arg("-e")
    .arg(format!("inject={syscall}:error={error}:when={when}"))
    .arg(&bin)
    .args(args)
    .env_clear()
    .env("HOME", s.home())
    .env("MFA_KIT_DEVICE", "laptop")
    .stdin(std::process::Stdio::null());
    let out = cmd.output().expect("strace is installed; see .ci/run");
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    std::fs::remove_file(&log).ok();
    (out, trace)
}

#[test]
fn every_fault_in_a_save_leaves_the_old_vault_or_the_new_one() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "keep", "--secret", SECRET]);
    let mut injected = 0;
    let mut failures = 0;
    for (syscall, errors) in [
        ("write", &["EIO", "ENOSPC"][..]),
        ("fsync", &["EIO"][..]),
        ("rename", &["EIO", "EROFS"][..]),
        ("linkat", &["EIO", "ENOSPC"][..]),
        ("openat", &["EIO", "EROFS", "ENOSPC"][..]),
    ] {
        for error in errors {
            for when in 1..=14 {
                let good = std::fs::read(s.vault()).unwrap();
                let name = format!("new-{syscall}-{error}-{when}");
                let (out, trace) = strace_run(
                    &s,
                    syscall,
                    error,
                    when,
                    &["add", &name, "--secret", SECRET],
                );
                if !trace.contains("(INJECTED)") {
                    continue;
                }
                injected += 1;
                let status = code(&out);
                let err = stderr(&out);
                assert!(!is_panic(&err), "{syscall} {error} #{when}: {err}");
                let listed = s.ok(&["list"]);
                match status {
                    0 => assert!(
                        listed.contains(&name),
                        "{syscall} {error} #{when}: exit 0 without the change"
                    ),
                    2 => {
                        failures += 1;
                        assert_eq!(
                            std::fs::read(s.vault()).unwrap(),
                            good,
                            "{syscall} {error} #{when}: the vault changed"
                        );
                        assert!(!listed.contains(&name));
                        // The error line names the problem (unless the failed write was the
                        // error line itself).
                        if !err.is_empty() {
                            assert_one_error_line(&err);
                        }
                    }
                    // The dynamic loader, not mfa-kit, failed to open a library: nothing ran.
                    127 if err.contains("error while loading shared libraries") => {
                        assert_eq!(std::fs::read(s.vault()).unwrap(), good);
                    }
                    other => panic!("{syscall} {error} #{when}: exit {other}: {err}"),
                }
                if syscall == "fsync" && trace.contains("fsync(") {
                    let after_failure = trace.split("(INJECTED)").nth(1).unwrap_or("");
                    let failed_file_sync = status == 2;
                    if failed_file_sync {
                        assert!(
                            !after_failure.contains("rename(")
                                && !after_failure.contains("linkat("),
                            "a failed fsync was followed by the rename:\n{trace}"
                        );
                    }
                }
            }
        }
    }
    assert!(injected >= 20, "only {injected} faults were injected");
    assert!(
        failures >= 5,
        "only {failures} faults made the command fail"
    );
    eprintln!("faults injected: {injected}, of which {failures} failed the command cleanly");
}

#[test]
fn unwritable_standard_streams_exit_2_or_0_never_panic() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET]);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    // Standard output full: the answer cannot be given, so it is an error.
    let out = s
        .cmd(&["list"])
        .stdout(full.try_clone().unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write to standard output"),
        "{}",
        stderr(&out)
    );
    // Standard error full too, on a failing command: still exit 2, no panic.
    let out = s
        .cmd(&["remove", "nobody"])
        .stdout(full.try_clone().unwrap())
        .stderr(full.try_clone().unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    // Standard error full on a succeeding command: its notes are lost, the change is made.
    let out = s
        .cmd(&["add", "other", "--secret", SECRET])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    assert!(s.ok(&["list"]).contains("other"));
    // A closed standard output (read end gone) is exit 0 for a reader that stopped early.
    let out = s
        .cmd(&["--help"])
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    assert_ne!(code(&out), 101);
}

/// Faults in the renames and links that put a backup in place, the vault with its record
/// first, then the backup's file: the command exits 0 with both in place, or 2 with the vault
/// as it was (put back from the old file, kept open, when the backup's file failed after it)
/// and no backup file. Never a vault that records a backup not written.
#[test]
fn a_backup_whose_file_cannot_be_put_in_place_leaves_the_vault_as_it_was() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "keep", "--secret", SECRET]);
    let key = s.path("k.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()]);
    let mut put_back = 0;
    for (syscall, error) in [("rename", "EIO"), ("linkat", "EIO"), ("linkat", "ENOSPC")] {
        for when in 1..=6 {
            let good = std::fs::read(s.vault()).unwrap();
            let out = s.path(&format!("b-{syscall}-{error}-{when}.age"));
            let (run, trace) = strace_run(
                &s,
                syscall,
                error,
                when,
                &[
                    "backup",
                    "--out",
                    out.to_str().unwrap(),
                    "-r",
                    recipient.trim(),
                ],
            );
            let Some((before, _)) = trace.split_once("(INJECTED)") else {
                continue;
            };
            let err = stderr(&run);
            assert!(!is_panic(&err), "{syscall} {error} #{when}: {err}");
            match code(&run) {
                0 => {
                    assert!(out.exists(), "{syscall} {error} #{when}: no backup file");
                    assert_ne!(std::fs::read(s.vault()).unwrap(), good, "no record");
                }
                2 => {
                    assert_one_error_line(&err);
                    assert_eq!(
                        std::fs::read(s.vault()).unwrap(),
                        good,
                        "{syscall} {error} #{when}: the vault records a backup not written"
                    );
                    assert!(!out.exists(), "{syscall} {error} #{when}: {err}");
                    // The vault had been put in place before the fault: it was put back.
                    if before
                        .lines()
                        .any(|l| l.contains("rename(") && l.ends_with("= 0"))
                    {
                        put_back += 1;
                    }
                }
                other => panic!("{syscall} {error} #{when}: exit {other}: {err}"),
            }
        }
    }
    assert!(
        put_back >= 1,
        "no fault came after the vault was put in place"
    );
}
