//! The promise, tried as an attacker and a careless user would: no command loses or forks
//! what the vault holds (links, FIFOs, output files that name mfa-kit's own files, failures
//! half-way, crashes, prompts holding the lock, typos), and no verdict is false (devices,
//! location names, replay state, clocks, key files, damaged backups, hints that must work).
//! Each case failed before the fix that it guards.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn s_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A vault with one account, recovery codes and an age key to back it up to.
fn sandbox() -> (Sandbox, PathBuf, String) {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "svc", "--secret", SECRET, "--at", "phone"]);
    let codes: String = (0..10).map(|i| format!("code-{i:04}\n")).collect();
    assert_eq!(code(&s.run_with_stdin(&["codes", "add", "svc"], &codes)), 0);
    let key = s.path("paper-key.txt");
    tool_ok("age-keygen", &["-o", s_str(&key)]);
    let recipient = tool_ok("age-keygen", &["-y", s_str(&key)])
        .trim()
        .to_string();
    (s, key, recipient)
}

/// A backup to `out` said to be kept at `usb-safe`, its key on `paper`.
fn backup_kept_elsewhere(s: &Sandbox, out: &Path, recipient: &str) {
    s.ok(&[
        "backup",
        "--out",
        s_str(out),
        "-r",
        recipient,
        "--at",
        "usb-safe",
        "--key-at",
        "paper",
    ]);
}

/// Waits for a child, killing it and failing the test if it runs past `limit`: a guard
/// against a hang, not a measure of speed.
fn wait_or_kill(mut child: Child, limit: Duration, what: &str) -> std::process::Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{what} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------
// Silent forks and lost files

#[test]
fn a_vault_behind_a_link_is_written_where_it_points_and_locked_once() {
    let (s, _, _) = sandbox();
    let link = s.path("vault-link.age");
    std::os::unix::fs::symlink(s.vault(), &link).unwrap();
    // Writers on the link and on the real path exclude each other: every code handed out once.
    let mut children = Vec::new();
    for i in 0..10 {
        let mut cmd = if i % 2 == 0 {
            s.cmd(&["--vault", s_str(&link), "codes", "use", "svc"])
        } else {
            s.cmd(&["codes", "use", "svc"])
        };
        children.push(cmd.stdout(Stdio::piped()).spawn().unwrap());
    }
    let mut handed_out: Vec<String> = children
        .into_iter()
        .map(|c| stdout(&c.wait_with_output().unwrap()).trim().to_string())
        .collect();
    handed_out.sort();
    let before = handed_out.len();
    handed_out.dedup();
    assert_eq!(handed_out.len(), before, "a code was handed out twice");
    assert_eq!(before, 10);
    // The link is still a link, and the real vault holds every change.
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let listed = s.ok(&["codes", "list", "svc"]);
    assert!(listed.starts_with("0 of 10"), "{listed}");
    // A dangling link is refused, not replaced by a new vault.
    let dangling = s.path("dangling.age");
    std::os::unix::fs::symlink(s.path("nowhere.age"), &dangling).unwrap();
    let err = s.fails(&["--vault", s_str(&dangling), "list"]);
    assert!(err.contains("symbolic link"), "{err}");
}

#[test]
fn a_fifo_or_folder_as_the_vault_is_refused_at_once() {
    let s = Sandbox::new();
    s.init_identity();
    let fifo = s.path("fifo.age");
    tool_ok("mkfifo", &[s_str(&fifo)]);
    for args in [
        vec!["--vault", s_str(&fifo), "list"],
        vec!["--vault", s_str(&fifo), "add", "x", "--secret", SECRET],
    ] {
        let child = s
            .cmd(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = wait_or_kill(child, Duration::from_secs(30), "a command on a FIFO vault");
        assert_eq!(code(&out), 2);
        assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    }
    let err = s.fails(&["--vault", s_str(s.home()), "list"]);
    assert!(err.contains("not a regular file"), "{err}");
}

/// A FIFO as the config file (which every command reads, completion included) is refused at
/// once, never waited on; completion stays silent.
#[test]
fn a_fifo_as_the_config_file_is_refused_at_once() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let fifo = s.path("config.fifo");
    tool_ok("mkfifo", &[s_str(&fifo)]);
    let by_option = ["--config", s_str(&fifo), "list"];
    for (args, env) in [
        (&by_option[..], None),
        (&["list"][..], Some(s_str(&fifo))),
        (&["code", "github"][..], Some(s_str(&fifo))),
    ] {
        let mut cmd = s.cmd(args);
        if let Some(config) = env {
            cmd.env("MFA_KIT_CONFIG", config);
        }
        let out = output_within_30s(&mut cmd, "a command with a FIFO config");
        assert_eq!(code(&out), 2, "{args:?}");
        assert_one_error_line(&stderr(&out));
        assert!(
            stderr(&out).contains("config file") && stderr(&out).contains("FIFO"),
            "{}",
            stderr(&out)
        );
    }
    // Completion (what bash's script runs on Tab): options, no names, nothing on stderr.
    let mut completion = s.cmd(&["--"]);
    completion
        .env("COMPLETE", "bash")
        .env("_MFA_KIT_COMP_LINE", "mfa-kit code ")
        .env("_MFA_KIT_COMP_TEXT", "")
        .env("MFA_KIT_CONFIG", s_str(&fifo));
    let out = output_within_30s(&mut completion, "completion with a FIFO config");
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).contains("--json"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("github"), "{}", stdout(&out));
}

#[test]
fn output_files_may_not_name_what_mfa_kit_depends_on() {
    let (s, _, recipient) = sandbox();
    let pass = s.path("pass.txt");
    write_private(&pass, "a backup passphrase\n");
    let config = s.path(".config/mfa-kit/config.toml");
    let lock = s.path(".local/share/mfa-kit/vault.age.lock");
    let link = s.path("innocent.txt");
    std::os::unix::fs::symlink(s.vault(), &link).unwrap();
    let vault = s.vault();
    let identity = s.identity();
    let targets: [(&Path, &str); 5] = [
        (&vault, "the vault"),
        (&lock, "lock file"),
        (&config, "config file"),
        (&identity, "identity file"),
        (&link, "the vault"),
    ];
    for (target, what) in targets {
        let t = s_str(target);
        for args in [
            vec!["export", "--format", "otpauth", "--out", t],
            vec!["export", "--format", "aegis", "--out", t],
            vec!["qr", "svc", "--format", "png", "--out", t],
            vec!["backup", "--out", t, "-r", &recipient],
        ] {
            let err = s.fails(&args);
            assert!(err.contains(what), "{args:?}: {err}");
        }
    }
    let err = s.fails(&[
        "--backup-passphrase-file",
        s_str(&pass),
        "backup",
        "--passphrase",
        "--out",
        s_str(&pass),
    ]);
    assert!(err.contains("passphrase file"), "{err}");
    // The vault is still an age file that opens, with its account.
    assert!(s.age_decrypt_vault().contains("name = \"svc\""));
}

#[test]
fn restore_never_writes_a_key_over_the_vault() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "gh", "--secret", SECRET]);
    let ssh = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", s_str(&ssh)],
    );
    s.ok(&["ssh", "add", "gh", s_str(&ssh), "--store"]);
    let key = s.path("k.txt");
    tool_ok("age-keygen", &["-o", s_str(&key)]);
    let recipient = tool_ok("age-keygen", &["-y", s_str(&key)])
        .trim()
        .to_string();
    let backup = s.path("b.age");
    s.ok(&["backup", "--out", s_str(&backup), "-r", &recipient]);
    // A second vault that lives where restore would write the key.
    let keys = s.path("keys");
    std::fs::create_dir(&keys).unwrap();
    let other = keys.join("gh-id_ed25519");
    s.ok(&[
        "--vault",
        s_str(&other),
        "--identity",
        s_str(&s.identity()),
        "init",
    ]);
    let err = s.fails(&[
        "--vault",
        s_str(&other),
        "restore",
        s_str(&backup),
        "-i",
        s_str(&key),
        "--ssh-dir",
        s_str(&keys),
    ]);
    assert!(err.contains("the vault"), "{err}");
}

/// Runs mfa-kit under strace with one fault injected; returns the output and the trace.
fn strace_inject(s: &Sandbox, inject: &str, args: &[&str]) -> (std::process::Output, String) {
    let log = s.path("strace.log");
    let syscall = inject.split(':').next().unwrap();
    let out = std::process::Command::new("strace")
        .args(["-f", "-qq", "-o", s_str(&log), "-e"])
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={inject}"))
        .arg(assert_cmd::cargo::cargo_bin("mfa-kit"))
        .args(args)
        .env_clear()
        .env("HOME", s.home())
        .env("MFA_KIT_DEVICE", "laptop")
        .stdin(Stdio::null())
        .output()
        .expect("strace is installed; see .ci/run");
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    std::fs::remove_file(&log).ok();
    (out, trace)
}

/// The vault with its new record cannot be written (a file size limit that the backup, the
/// vault as it was, passes and the vault one record larger does not), while the backup is
/// written on another thread at the same time: the command fails, and both files are as they
/// were.
#[test]
fn a_backup_whose_vault_cannot_be_written_leaves_both_files_as_they_were() {
    use std::os::unix::process::CommandExt;
    let (s, _key, recipient) = sandbox();
    let out = s.path("backup.age");
    s.ok(&["backup", "--out", s_str(&out), "-r", &recipient]);
    // Enough accounts that a record of their digests (about 5 KB) outgrows what tells two
    // age files of one document apart (a random stanza in each header, up to hundreds of
    // bytes).
    for i in 0..40 {
        s.ok(&["add", &format!("account{i:02}"), "--secret", SECRET]);
    }
    let (old_backup, plain_before) = (std::fs::read(&out).unwrap(), s.age_decrypt_vault());
    // A second backup file: its record is added to the vault, which grows by it.
    let second = s.path("second.age");
    let vault_size = std::fs::metadata(s.vault()).unwrap().len();
    let limit = vault_size + 1024;
    let mut command = s.cmd(&["backup", "--out", s_str(&second), "-r", &recipient]);
    // SAFETY: between fork and exec only async-signal-safe calls: setrlimit and signal.
    unsafe {
        command.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            // Past the limit a write fails (EFBIG) rather than the signal ending the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            match libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let result = command.output().unwrap();
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert_one_error_line(&stderr(&result));
    assert!(stderr(&result).contains("vault"), "{}", stderr(&result));
    assert!(!second.exists(), "the backup was put in place");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        old_backup,
        "the old backup changed"
    );
    assert_eq!(s.age_decrypt_vault(), plain_before, "the vault changed");
    // The backup alone is within the limit: only the vault's writing failed.
    s.ok(&["backup", "--out", s_str(&second), "-r", &recipient]);
    assert!(std::fs::metadata(&second).unwrap().len() <= limit);
    assert!(std::fs::metadata(s.vault()).unwrap().len() > limit);
}

/// Each backup is recorded with its own file and place, whichever way the vault is written:
/// in its text where the document is laid out as mfa-kit writes it, by the model where it is
/// not (here a resealed hand edit with the sites above the backups, the same meaning in
/// another layout), while the backup itself is written on another thread.
#[test]
fn each_backup_is_recorded_whichever_way_the_vault_is_written() {
    let (s, _key, recipient) = sandbox();
    s.ok(&["location", "site", "phone", "home"]);
    for i in 0..12 {
        s.rewrite_vault(|plain| {
            let sites = plain.find("[sites]\n").expect("a sites table");
            let end = plain[sites..]
                .find("\n#")
                .map_or(plain.len(), |at| sites + at + 1);
            let table = &plain[sites..end];
            let moved = match plain.find("[[backups]]\n") {
                Some(backups) => format!(
                    "{}{table}\n{}{}",
                    &plain[..backups],
                    &plain[backups..sites],
                    &plain[end..]
                ),
                None => plain.clone(),
            };
            resealed(&moved)
        });
        backed_up_and_recorded(&s, &recipient, &format!("b{i}.age"), &format!("shelf{i}"));
        s.ok(&["audit"]);
    }
}

/// A vault already at the most backup records, made moments before the new ones (most often
/// in the same second): each new backup goes to the model, which drops the oldest record and keeps the new one, with
/// its own file and place (of records made in one second, the one recorded last is the
/// newer).
#[test]
fn a_vault_at_the_most_records_keeps_each_new_backup_s_record() {
    let (s, _key, recipient) = sandbox();
    s.ok(&[
        "backup",
        "--out",
        s_str(&s.path("first.age")),
        "-r",
        &recipient,
    ]);
    // As mfa-kit writes them: 300 accounts and 200 records, sealed.
    s.rewrite_vault(|plain| {
        let (accounts, records) = (plain.find("[[accounts]]\n"), plain.find("[[backups]]\n"));
        let (accounts, records) = (accounts.unwrap(), records.unwrap());
        let seal = plain.find("# sha256 of the lines above: ").unwrap();
        let (account, record) = (&plain[accounts..records], &plain[records..seal]);
        let mut text = plain[..records].to_string();
        for i in 0..300 {
            let name = format!("name = \"a{i:03}\"");
            text.push_str(&account.replacen("name = \"svc\"", &name, 1));
        }
        for i in 0..MOST_RECORDS - 1 {
            text.push_str(&record.replacen("first.age", &format!("old{i:03}.age"), 1));
        }
        text.push_str(record);
        resealed(&text)
    });
    s.ok(&["audit"]);
    for i in 0..5 {
        let plain =
            backed_up_and_recorded(&s, &recipient, &format!("new{i}.age"), &format!("shelf{i}"));
        assert_eq!(plain.matches("[[backups]]").count(), MOST_RECORDS);
        assert!(!plain.contains("old000.age"), "the oldest record stays");
    }
}

/// Backs the vault up to `file` in the sandbox, kept at `at`, and checks that the vault
/// records that file at that place; the vault's document after it.
fn backed_up_and_recorded(s: &Sandbox, recipient: &str, file: &str, at: &str) -> String {
    let out = s.path(file);
    s.ok(&["backup", "--out", s_str(&out), "-r", recipient, "--at", at]);
    let plain = s.age_decrypt_vault();
    assert!(
        plain.contains(&format!("file = \"{}\"", s_str(&out)))
            && plain.contains(&format!("at = \"{at}\"")),
        "the backup to {file} at {at} is not recorded"
    );
    plain
}

/// mfa-kit's most backup records in a vault (`core::backup::MAX_BACKUP_RECORDS`).
const MOST_RECORDS: usize = 200;

#[test]
fn a_backup_that_fails_half_way_leaves_the_old_backup_and_vault() {
    let (s, key, recipient) = sandbox();
    // Each file more than two 64 KiB blocks, so that a second block is in the middle of it.
    for name in ["big1", "big2", "big3", "big4", "big5"] {
        s.ok(&["add", name, "--secret", SECRET]);
        let codes: String = (0..1000).map(|i| format!("{name}-code-{i:05}\n")).collect();
        assert_eq!(code(&s.run_with_stdin(&["codes", "add", name], &codes)), 0);
    }
    let out = s.path("backup.age");
    s.ok(&["backup", "--out", s_str(&out), "-r", &recipient]);
    s.ok(&["add", "second", "--secret", SECRET]);
    // The vault's rename or link (the first) fails, then the backup's (the second), or a write
    // or sync: each time the command fails and both files are as they were. strace counts
    // each thread's calls apart: the backup's file and the vault are each written and synced
    // on a thread of their own at the same time (their first and second blocks, each one
    // `writev`, and their syncs, fail together), and both are linked and renamed on the main
    // thread, which writes the error line with `write`. A file's last bytes (past its last
    // whole block) are one `write` on its own thread: failed with the main thread's first
    // `write`, the error line, so that case is judged by its status and the files alone.
    let mut failed = 0;
    for (inject, when) in [
        ("rename:error=ENOSPC", 1),
        ("rename:error=EIO", 2),
        ("linkat:error=EIO", 1),
        ("linkat:error=ENOSPC", 2),
        ("writev:error=ENOSPC", 1),
        ("writev:error=ENOSPC", 2),
        ("write:error=ENOSPC", 1),
        ("fsync:error=EIO", 1),
    ] {
        let old_backup = std::fs::read(&out).unwrap();
        let plain_before = s.age_decrypt_vault();
        let (result, trace) = strace_inject(
            &s,
            &format!("{inject}:when={when}"),
            &["backup", "--out", s_str(&out), "-r", &recipient],
        );
        assert!(
            trace.contains("INJECTED"),
            "{inject} #{when} was not injected"
        );
        assert_eq!(code(&result), 2, "{inject} #{when}: {}", stderr(&result));
        if !inject.starts_with("write:") {
            assert_one_error_line(&stderr(&result));
            // The line says why, whole: it is one write, which no failure of a later one
            // cuts.
            let cause = if inject.contains("ENOSPC") {
                "No space left on device"
            } else {
                "Input/output error"
            };
            assert!(
                stderr(&result).contains(cause),
                "{inject} #{when}: {}",
                stderr(&result)
            );
        }
        failed += 1;
        assert_eq!(
            std::fs::read(&out).unwrap(),
            old_backup,
            "{inject} #{when}: the old backup was replaced"
        );
        assert_eq!(
            s.age_decrypt_vault(),
            plain_before,
            "{inject} #{when}: the vault changed"
        );
    }
    assert!(failed >= 4, "only {failed} faults landed");
    // Without faults, it works and the old backup is replaced whole.
    s.ok(&["backup", "--out", s_str(&out), "-r", &recipient]);
    assert!(age_decrypt(&out, &key).contains("name = \"second\""));
}

#[test]
fn a_missing_output_folder_is_never_created() {
    let (s, _, recipient) = sandbox();
    let out = s.path("media/usb/x.age");
    let err = s.fails(&[
        "backup",
        "--out",
        s_str(&out),
        "-r",
        &recipient,
        "--at",
        "usb-safe",
    ]);
    assert!(err.contains("is the drive mounted"), "{err}");
    assert!(!s.path("media").exists());
    for args in [
        vec!["export", "--format", "otpauth", "--out", s_str(&out)],
        vec!["qr", "svc", "--format", "png", "--out", s_str(&out)],
    ] {
        let err = s.fails(&args);
        assert!(err.contains("no folder"), "{err}");
    }
    assert!(!s.path("media").exists());
}

#[test]
fn a_backup_still_on_the_vault_disk_is_said_so() {
    let (s, _, recipient) = sandbox();
    let out = s.path("not-yet-on-the-stick.age");
    backup_kept_elsewhere(&s, &out, &recipient);
    let (_, report) = audit_json(&s, &[]);
    let svc = account(&report, "svc");
    assert!(
        codes(svc).contains(&"backup-on-vault-disk".to_string()),
        "{svc}"
    );
    // Moved away (to the stick), the warning is gone.
    std::fs::remove_file(&out).unwrap();
    let (_, report) = audit_json(&s, &[]);
    assert!(!codes(account(&report, "svc")).contains(&"backup-on-vault-disk".to_string()));
}

#[test]
fn secrets_written_with_out_never_outlive_a_kill_under_another_name() {
    let (s, _, _) = sandbox();
    let dir = s.path("exports");
    std::fs::create_dir(&dir).unwrap();
    let out = dir.join("uris.txt");
    // The file is written through an unnamed temporary file (O_TMPFILE).
    let (result, trace) = strace_inject(
        &s,
        "openat:error=EIO:when=1000",
        &["export", "--format", "otpauth", "--out", s_str(&out)],
    );
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    assert!(trace.contains("O_TMPFILE"), "{trace}");
    // Killed at every moment of a write: no other file appears beside the output.
    for i in 0..40u64 {
        let mut child = s
            .cmd(&["export", "--format", "otpauth", "--out", s_str(&out)])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(500 + i * 400));
        let _ = child.kill();
        let _ = child.wait();
    }
    // A named temporary file can only exist between linking it in and the rename; the next
    // write there removes any left by a process that is gone.
    s.ok(&["export", "--format", "otpauth", "--out", s_str(&out)]);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["uris.txt"]);
}

#[test]
fn a_prompt_does_not_hold_the_writers_lock() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "correct horse battery staple\n");
    s.ok(&["--passphrase-file", s_str(&pass), "init", "--passphrase"]);
    // A writer waiting at its passphrase prompt, on a terminal (script gives it one).
    let mut waiting = s
        .terminal_cmd(&format!("add waiting --secret {SECRET}"))
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the prompt did not wait"
    );
    // Another writer goes through meanwhile.
    let other = s
        .cmd(&[
            "--passphrase-file",
            s_str(&pass),
            "add",
            "meanwhile",
            "--secret",
            SECRET,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_or_kill(other, Duration::from_secs(60), "a writer behind a prompt");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let _ = waiting.kill();
    let _ = waiting.wait();
    assert!(
        s.ok(&["--passphrase-file", s_str(&pass), "list"])
            .contains("meanwhile")
    );
}

#[test]
fn a_mistyped_vault_leaves_no_folder_or_lock_behind() {
    let (s, _, _) = sandbox();
    let typo = s.path("typo/deeper/vault.age");
    for args in [
        vec!["--vault", s_str(&typo), "add", "x", "--secret", SECRET],
        vec!["--vault", s_str(&typo), "codes", "use", "svc"],
        vec!["--vault", s_str(&typo), "list"],
    ] {
        let err = s.fails(&args);
        assert!(err.contains("no vault at"), "{err}");
        assert!(!s.path("typo").exists(), "{args:?} created a folder");
    }
    // A failed init removes what it created.
    let unreadable = s.path("not-an-identity.txt");
    write_private(&unreadable, "hello\n");
    s.fails(&[
        "--vault",
        s_str(&typo),
        "--identity",
        s_str(&unreadable),
        "init",
    ]);
    assert!(!s.path("typo").exists());
}

// ---------------------------------------------------------------------------------------
// False verdicts

#[test]
fn init_pins_the_device_so_a_new_host_name_moves_nothing() {
    for passphrase in [false, true] {
        let s = Sandbox::new();
        let config = s.path(".config/mfa-kit/config.toml");
        std::fs::create_dir_all(config.parent().unwrap()).unwrap();
        std::fs::write(&config, "[audit]\ncodes_low = 5\n").unwrap();
        let pass = s.path("pass.txt");
        write_private(&pass, "pass phrase\n");
        if passphrase {
            s.ok(&["--passphrase-file", s_str(&pass), "init", "--passphrase"]);
        } else {
            s.init_identity();
        }
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.contains("device = \"laptop\""), "{text}");
        assert!(
            text.contains("codes_low = 5"),
            "the config lost its content: {text}"
        );
        // Later, without MFA_KIT_DEVICE (the host name is something else): still "laptop".
        let mut cmd = s.cmd(&["--passphrase-file", s_str(&pass), "audit", "--json"]);
        cmd.env_remove("MFA_KIT_DEVICE");
        let out = cmd.output().unwrap();
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(report["device"], "laptop", "passphrase={passphrase}");
    }
}

#[test]
fn locations_are_case_insensitive_and_typos_are_refused() {
    let (s, _, _) = sandbox();
    s.ok(&["path", "add", "svc", "security-key", "--at", "KeyChain"]);
    let err = s.fails(&["path", "add", "svc", "security-key", "--at", "keychain"]);
    assert!(err.contains("already"), "{err}");
    let (_, report) = audit_json(&s, &[]);
    let svc = account(&report, "svc");
    assert!(needs(svc).contains(&vec!["keychain".to_string()]), "{svc}");
    let (status, report) = audit_json(&s, &["--lose", "PHONE,Laptop,KEYCHAIN"]);
    assert_eq!(status, 1);
    assert_eq!(
        report["lost"],
        serde_json::json!(["phone", "laptop", "keychain"])
    );
    let err = s.fails(&["audit", "--lose", "phnoe,laptop"]);
    assert!(err.contains("did you mean \"phone\""), "{err}");
    assert!(err.contains("keychain, laptop, memory, phone"), "{err}");
    let err = s.fails(&["audit", "--lose", "garage"]);
    assert!(err.contains("\"garage\""), "{err}");
}

#[test]
fn restore_and_codes_add_never_move_replay_state_or_used_marks_back() {
    let (s, key, recipient) = sandbox();
    let backup = s.path("old.age");
    s.ok(&["backup", "--out", s_str(&backup), "-r", &recipient]);
    // After the backup: a code is accepted and a recovery code used.
    let now = unix_now();
    let totp = oathtool_totp(SECRET, "SHA1", 6, 30, now);
    s.ok(&["verify", "svc", &totp, "--time", &now.to_string()]);
    let used = s.ok(&["codes", "use", "svc"]).trim().to_string();
    // A changed account (a new SSH key), so that --replace takes the backup's version.
    let ssh = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", s_str(&ssh)],
    );
    s.ok(&["ssh", "add", "svc", s_str(&ssh)]);
    s.ok(&["restore", s_str(&backup), "-i", s_str(&key), "--replace"]);
    let replay = s.run(&["verify", "svc", &totp, "--time", &now.to_string()]);
    assert_eq!(code(&replay), 1, "restore rolled the replay state back");
    let again = s.run(&["codes", "use", "svc", &used]);
    assert_eq!(code(&again), 1, "restore made a used code usable again");
    // It did replace the account: the vault now holds the backup's version.
    let check = s.run(&["restore", s_str(&backup), "-i", s_str(&key), "--check"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    // Storing the same set again keeps its marks.
    let codes: String = (0..10).map(|i| format!("code-{i:04}\n")).collect();
    assert_eq!(code(&s.run_with_stdin(&["codes", "add", "svc"], &codes)), 0);
    let again = s.run(&["codes", "use", "svc", &used]);
    assert_eq!(code(&again), 1, "codes add made a used code usable again");
}

#[test]
fn a_far_future_step_stored_by_an_older_build_no_longer_locks_codes_out() {
    let (s, _, _) = sandbox();
    let future_step = (unix_now() + 50 * 365 * 86_400) / 30;
    s.rewrite_vault(|plain| {
        plain.replacen(
            "created = ",
            &format!("last_step = {future_step}\nlast_verified = 3000000000\ncreated = "),
            1,
        )
    });
    let (_, report) = audit_json(&s, &[]);
    assert!(
        codes(account(&report, "svc")).contains(&"totp-unverified".to_string()),
        "a verification in the future hid totp-unverified"
    );
    let now = unix_now();
    let totp = oathtool_totp(SECRET, "SHA1", 6, 30, now);
    assert_eq!(code(&s.run(&["verify", "svc", &totp])), 0);
}

#[test]
fn a_key_registered_by_its_pub_needs_its_private_key() {
    let (s, _, _) = sandbox();
    let key = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", s_str(&key)],
    );
    let public = s.path("id_ed25519.pub");
    s.ok(&["ssh", "add", "svc", s_str(&public)]);
    assert_eq!(code(&s.run(&["ssh", "check"])), 0);
    std::fs::remove_file(&key).unwrap();
    let out = s.run(&["ssh", "check", "--json"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("\"missing\""), "{}", stdout(&out));
    let (_, report) = audit_json(&s, &[]);
    assert!(codes(account(&report, "svc")).contains(&"ssh-key-missing".to_string()));
    // Another private key in its place is a changed key.
    tool_ok(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            s_str(&s.path("other")),
        ],
    );
    std::fs::rename(s.path("other"), &key).unwrap();
    let out = s.run(&["ssh", "check", "--json"]);
    assert!(stdout(&out).contains("\"changed\""), "{}", stdout(&out));
}

#[test]
fn an_empty_damaged_or_replaced_backup_does_not_count() {
    let (s, _, recipient) = sandbox();
    let out = s.path("backup.age");
    s.ok(&["backup", "--out", s_str(&out), "-r", &recipient]);
    let good = std::fs::read(&out).unwrap();
    let backup_counts = |s: &Sandbox| {
        let (_, report) = audit_json(s, &[]);
        let svc = account(&report, "svc").clone();
        (
            svc["paths"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["kind"] == "backup" && p["counts"] == true),
            codes(&svc),
        )
    };
    assert!(backup_counts(&s).0);
    let other = s.path("other.age");
    s.ok(&["backup", "--out", s_str(&other), "-r", &recipient]);
    let other_bytes = std::fs::read(&other).unwrap();
    std::fs::remove_file(&other).unwrap();
    for (what, bytes) in [
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("not age", b"hello\n".to_vec()),
        ("another backup", other_bytes),
    ] {
        std::fs::write(&out, &bytes).unwrap();
        let (counts, findings) = backup_counts(&s);
        assert!(!counts, "{what}: the backup file still counts");
        assert!(
            findings.contains(&"backup-damaged".to_string()),
            "{what}: {findings:?}"
        );
    }
    std::fs::write(&out, &good).unwrap();
    assert!(backup_counts(&s).0);
}

#[test]
fn the_damaged_vault_hint_names_steps_that_work() {
    let (s, key, recipient) = sandbox();
    let backup = s.path("backup.age");
    s.ok(&["backup", "--out", s_str(&backup), "-r", &recipient]);
    let mut bytes = std::fs::read(s.vault()).unwrap();
    let at = bytes.len() - 10;
    bytes[at] ^= 0x55;
    std::fs::write(s.vault(), &bytes).unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("damaged"), "{err}");
    // Follow the hint literally: move the vault aside, then restore from the backup.
    let vault = s.vault();
    let shown = s_str(&vault);
    let step = format!("mv {shown} {shown}.damaged");
    assert!(err.contains(&step), "{err}");
    let moved = s.path(".local/share/mfa-kit/vault.age.damaged");
    std::fs::rename(s.vault(), &moved).unwrap();
    assert!(
        err.contains("mfa-kit restore BACKUP -i BACKUP_KEY"),
        "{err}"
    );
    let out = s.run(&["restore", s_str(&backup), "-i", s_str(&key)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Created the vault"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.ok(&["list"]), "svc\n");
    assert!(s.ok(&["codes", "list", "svc"]).starts_with("10 of 10"));
}

// ---------------------------------------------------------------------------------------
// Hostile input

#[test]
fn stored_text_is_inert_on_every_output() {
    let (s, _, _) = sandbox();
    // What an older build or a hand-edited vault may hold: escapes, a newline, a bidi override.
    s.rewrite_vault(|plain| {
        plain.replacen(
            "created = ",
            "issuer = \"Evil\\u001b[2J\\u001b]0;pwned\\u0007\\nfake\\tline\\u202etxt.exe\"\ncreated = ",
            1,
        )
    });
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["audit"],
        vec!["audit", "--json"],
        vec!["export", "--format", "otpauth"],
    ] {
        let out = s.run(&args);
        let text = stdout(&out) + &stderr(&out);
        for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!text.contains(bad), "{args:?} printed {bad:?}: {text:?}");
        }
        if args[0] == "list" && args.len() == 1 {
            assert_eq!(text.lines().count(), 1, "a faked line: {text:?}");
        }
    }
    // JSON still gives the text back exactly.
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    assert!(
        listed[0]["issuer"]
            .as_str()
            .unwrap()
            .contains("\u{202e}txt.exe")
    );
    // New text with such characters is refused.
    for args in [
        vec![
            "path",
            "add",
            "svc",
            "email",
            "--at",
            "mail",
            "--note",
            "a\u{1b}[31mb",
        ],
        vec!["path", "add", "svc", "email", "--at", "ma\u{200b}il"],
        vec!["codes", "add", "svc", "--at", "paper\u{202e}"],
    ] {
        let err = if args[0] == "codes" {
            s.fails_with_stdin(&args, "aaaa-bbbb\n")
        } else {
            s.fails(&args)
        };
        assert!(err.contains("character"), "{args:?}: {err}");
    }
}

#[test]
fn the_process_leaves_no_core_and_refuses_open_passphrase_files() {
    let (s, _, _) = sandbox();
    let mut child = s
        .cmd(&["codes", "add", "svc"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    drop(child.stdin.take());
    let _ = child.wait();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(
        core.split_whitespace().nth(4),
        Some("0"),
        "core dumps allowed: {core}"
    );
    let pass = s.path("pass.txt");
    std::fs::write(&pass, "open for all\n").unwrap();
    std::fs::set_permissions(&pass, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let err = s.fails(&[
        "--backup-passphrase-file",
        s_str(&pass),
        "backup",
        "--passphrase",
        "--out",
        s_str(&s.path("b.age")),
    ]);
    assert!(err.contains("chmod 600"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Siblings an independent attack on the fixes found

#[test]
fn a_truncated_backup_kept_elsewhere_does_not_count_either() {
    let (s, _, recipient) = sandbox();
    std::fs::create_dir(s.path("usb")).unwrap();
    let out = s.path("usb/b.age");
    backup_kept_elsewhere(&s, &out, &recipient);
    let good = std::fs::read(&out).unwrap();
    std::fs::write(&out, &good[..good.len() - 100]).unwrap();
    let (status, report) = audit_json(&s, &["--lose", "laptop,phone"]);
    assert_eq!(status, 1, "a truncated backup saved the day: {report}");
    assert!(codes(account(&report, "svc")).contains(&"backup-damaged".to_string()));
}

#[test]
fn restoring_an_old_backup_after_a_rename_does_not_fork_the_account() {
    let (s, key, recipient) = sandbox();
    let old = s.path("old.age");
    s.ok(&["backup", "--out", s_str(&old), "-r", &recipient]);
    let now = unix_now();
    let totp = oathtool_totp(SECRET, "SHA1", 6, 30, now);
    s.ok(&["verify", "svc", &totp]);
    let used = s.ok(&["codes", "use", "svc"]).trim().to_string();
    s.ok(&["rename", "svc", "service"]);
    s.ok(&["restore", s_str(&old), "-i", s_str(&key)]);
    assert_eq!(s.ok(&["list"]), "service\n", "the account was forked");
    assert_eq!(code(&s.run(&["verify", "service", &totp])), 1);
    assert_eq!(code(&s.run(&["codes", "use", "service", &used])), 1);
}

#[test]
fn a_wide_window_never_records_a_step_far_from_the_clock() {
    let (s, _, _) = sandbox();
    let ahead = unix_now() + 8 * 3600;
    let code_ahead = oathtool_totp(SECRET, "SHA1", 6, 30, ahead);
    let out = s.run(&["verify", "svc", &code_ahead, "--window", "1000"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("Not recorded"), "{}", stderr(&out));
    let now_code = oathtool_totp(SECRET, "SHA1", 6, 30, unix_now());
    assert_eq!(code(&s.run(&["verify", "svc", &now_code])), 0);
}

#[test]
fn a_new_output_file_is_linked_straight_in_under_its_own_name() {
    let (s, _, _) = sandbox();
    let out = s.path("fresh.txt");
    let (result, trace) = strace_inject(
        &s,
        "rename:error=EIO:when=1000",
        &["export", "--format", "otpauth", "--out", s_str(&out)],
    );
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let line = trace
        .lines()
        .find(|l| l.contains("fresh.txt"))
        .unwrap_or("");
    assert!(!line.contains(".mfa-kit-tmp-"), "{trace}");
}

#[test]
fn other_places_and_files_are_refused_too() {
    let (s, key, recipient) = sandbox();
    let ssh = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", s_str(&ssh)],
    );
    s.ok(&["ssh", "add", "svc", s_str(&ssh), "--store"]);
    let backup = s.path("b.age");
    s.ok(&["backup", "--out", s_str(&backup), "-r", &recipient]);
    // restore --ssh-dir into a deeper missing folder (an unmounted drive).
    let err = s.fails(&[
        "restore",
        s_str(&backup),
        "-i",
        s_str(&key),
        "--ssh-dir",
        s_str(&s.path("nope/sub")),
    ]);
    assert!(err.contains("is the drive mounted"), "{err}");
    // --out over a registered SSH key, or over this backup's recipients file.
    let err = s.fails(&["export", "--format", "otpauth", "--out", s_str(&ssh)]);
    assert!(err.contains("SSH recovery key"), "{err}");
    // qr's --out too, whatever the account named (the file is judged first).
    for name in ["svc", "no-such-account"] {
        let err = s.fails(&["qr", name, "--format", "svg", "--out", s_str(&ssh)]);
        assert!(err.contains("is the SSH recovery key of \"svc\""), "{err}");
    }
    // A backup over the key, its public half or a link to it, of a vault where two accounts
    // share it: refused, naming the first account that holds it; the key and the vault are
    // as they were.
    s.ok(&["add", "another", "--secret", SECRET, "--at", "phone"]);
    s.ok(&["ssh", "add", "another", s_str(&ssh)]);
    let link = s.path("link-to-key");
    std::os::unix::fs::symlink(&ssh, &link).unwrap();
    let key_before = std::fs::read(&ssh).unwrap();
    let vault_before = std::fs::read(s.vault()).unwrap();
    let public = s.path("id_ed25519.pub");
    for out in [&ssh, &public, &link] {
        let err = s.fails(&["backup", "--out", s_str(out), "-r", &recipient]);
        assert!(err.contains("is the SSH recovery key of \"svc\""), "{err}");
    }
    assert_eq!(std::fs::read(&ssh).unwrap(), key_before);
    assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before);
    // A vault edited by hand is read into the model, which refuses the key before the backup
    // (begun on a thread of its own) is taken: a failure of that backup's first sync does not
    // hide the refusal behind an error about writing the user's key file.
    s.rewrite_vault(|plain| format!("# kept by hand\n{plain}"));
    let vault_before = std::fs::read(s.vault()).unwrap();
    let (result, trace) = strace_inject(
        &s,
        "fsync:error=EIO:when=1",
        &["backup", "--out", s_str(&ssh), "-r", &recipient],
    );
    assert!(trace.contains("INJECTED"), "{trace}");
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert!(
        stderr(&result).contains("is the SSH recovery key of \"svc\""),
        "{}",
        stderr(&result)
    );
    assert_eq!(std::fs::read(&ssh).unwrap(), key_before);
    assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before);
    let recipients = s.path("recipients.txt");
    write_private(&recipients, &format!("{recipient}\n"));
    let err = s.fails(&[
        "backup",
        "--out",
        s_str(&recipients),
        "-R",
        s_str(&recipients),
    ]);
    assert!(err.contains("recipients file"), "{err}");
    // A secret key given as a recipient is never echoed.
    let err = s.fails(&["backup", "--out", "x.age", "-R", s_str(&key)]);
    assert!(!err.contains("AGE-SECRET-KEY-1"), "{err}");
    // An identity that is not a regular file.
    let err = s.fails(&["--identity", s_str(s.home()), "list"]);
    assert!(err.contains("not a regular file"), "{err}");
    // A config that never ends is refused, not read without end.
    let child = s
        .cmd(&["--config", "/dev/zero", "list"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_or_kill(child, Duration::from_secs(60), "a config of /dev/zero");
    assert_eq!(code(&out), 2);
}

#[test]
fn places_are_one_in_any_form_and_renames_never_merge_silently() {
    let (s, _, _) = sandbox();
    s.ok(&["path", "add", "svc", "sms", "--at", "\u{ff50}hone"]);
    let (_, report) = audit_json(&s, &[]);
    let svc = account(&report, "svc");
    assert_eq!(
        svc["independent_paths"], 2,
        "full-width phone is phone: {svc}"
    );
    s.ok(&["path", "add", "svc", "email", "--at", "drawer"]);
    let err = s.fails(&["location", "rename", "phone", "drawer"]);
    assert!(err.contains("already"), "{err}");
}

#[test]
fn a_hard_linked_vault_is_not_split_by_a_write() {
    let (s, _, _) = sandbox();
    let other = s.path("hard.age");
    std::fs::hard_link(s.vault(), &other).unwrap();
    let err = s.fails(&["--vault", s_str(&other), "add", "x", "--secret", SECRET]);
    assert!(err.contains("hard links"), "{err}");
    // Reading is harmless.
    assert_eq!(s.ok(&["--vault", s_str(&other), "list"]), "svc\n");
}

#[test]
fn a_failed_init_leaves_no_folder_and_a_bom_config_is_still_pinned() {
    let s = Sandbox::new();
    let (out, trace) = strace_inject(
        &s,
        "fsync:error=EIO:when=1",
        &["init", "--identity", s_str(&s.path("x/y/id.txt"))],
    );
    assert!(trace.contains("INJECTED"));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(!s.path("x").exists(), "init left its identity's folders");
    assert!(!s.path(".local/share/mfa-kit").exists());
    let config = s.path(".config/mfa-kit/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "\u{feff}# mine\n[audit]\nmin_paths = 2\n").unwrap();
    s.init_identity();
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("device = \"laptop\""), "{text}");
}

#[test]
fn the_damaged_passphrase_vault_hint_works_as_written() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "vault passphrase\n");
    let p = s_str(&pass);
    s.ok(&["--passphrase-file", p, "init", "--passphrase"]);
    s.ok(&["--passphrase-file", p, "add", "svc", "--secret", SECRET]);
    let backup = s.path("b.age");
    s.ok(&[
        "--passphrase-file",
        p,
        "backup",
        "--out",
        s_str(&backup),
        "--passphrase",
    ]);
    let mut bytes = std::fs::read(s.vault()).unwrap();
    bytes.truncate(bytes.len() - 30);
    std::fs::write(s.vault(), &bytes).unwrap();
    let err = s.fails(&["--passphrase-file", p, "list"]);
    assert!(err.contains("--passphrase`"), "{err}");
    std::fs::rename(s.vault(), s.path("damaged.age")).unwrap();
    s.ok(&[
        "--passphrase-file",
        p,
        "restore",
        s_str(&backup),
        "--passphrase",
    ]);
    assert_eq!(s.ok(&["--passphrase-file", p, "list"]), "svc\n");
}

#[test]
fn a_tab_in_stored_text_cannot_add_a_column() {
    let (s, _, _) = sandbox();
    s.rewrite_vault(|plain| plain.replacen("created = ", "issuer = \"a\\tb\"\ncreated = ", 1));
    let listed = s.ok(&["list"]);
    assert_eq!(listed.matches('\t').count(), 1, "{listed:?}");
}

/// `cmd`'s output, killing it (and failing, naming `what`) if it runs past 30 seconds: a
/// command that waits on a FIFO must not hang the test run.
fn output_within_30s(cmd: &mut std::process::Command, what: &str) -> std::process::Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_or_kill(child, Duration::from_secs(30), what)
}

/// A DEL character in stored text (a hand edit, a restored backup) is written back escaped:
/// the next write must not leave a vault that no longer opens.
#[test]
fn a_del_character_in_stored_text_survives_a_write() {
    let (s, _, _) = sandbox();
    s.rewrite_vault(|plain| {
        plain.replacen("created = ", "issuer = \"del\\u007Fx\"\ncreated = ", 1)
    });
    s.ok(&["add", "other", "--secret", "JBSWY3DPEHPK3PXP"]);
    let plain = s.age_decrypt_vault();
    assert!(plain.contains("issuer = \"del\\u007Fx\""), "{plain}");
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    let issuers: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["issuer"].as_str())
        .collect();
    assert!(issuers.contains(&"del\u{7f}x"), "{listed}");
}

/// A place typed with a full-width comma (or one that folds to more than 128 characters) is
/// fine as typed but not as kept: it is refused before anything is written, not stored in a
/// vault that no command could then open.
#[test]
fn a_place_is_refused_when_its_kept_form_would_be() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let long = "\u{130}".repeat(100);
    for place in ["A\u{ff0c}B", long.as_str()] {
        for args in [
            vec!["add", "x", "--secret", SECRET, "--at", place],
            vec!["codes", "add", "github", "--at", place],
            vec!["path", "add", "github", "email", "--at", place],
        ] {
            let err = s.fails(&args);
            assert!(err.contains("location"), "{args:?}: {err}");
        }
    }
    s.ok(&["list"]);
}
