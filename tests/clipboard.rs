//! `code NAME --clip` on a real X server: Xvfb, started here on a display it picks free, with
//! xclip as the independent reader. The code is on the clipboard when the command returns
//! (which it does at once, the shell never waiting for the clearing), is cleared after 20
//! seconds if the clipboard still holds it, and is left alone if something else was copied
//! since. The helper that holds the clipboard outlives the command; this test process adopts
//! it (a child subreaper) so that it can wait for it to finish instead of guessing a time.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::*;

const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// An Xvfb server on a display number it chooses itself (`-displayfd`), stopped on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb must be installed for this test; see .ci/run");
        // Xvfb writes the display's number once it accepts connections.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let number: u32 = line.trim().parse().expect("Xvfb printed its display");
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the clipboard holds, as xclip reads it (`None`: nothing).
fn clipboard(display: &str) -> Option<String> {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .output()
        .expect("xclip must be installed for this test; see .ci/run");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        .filter(|text| !text.is_empty())
}

/// Makes this process adopt the orphans of its descendants, so it can wait for them.
fn adopt_orphans() {
    // SAFETY: prctl with plain integers.
    let set = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    assert_eq!(set, 0, "PR_SET_CHILD_SUBREAPER");
}

/// The processes named `name` this process adopted (the clipboard helpers, xclip's) that
/// serve `display`, by their pid.
fn adopted(name: &str, display: &str) -> Vec<i32> {
    let on_display = format!("DISPLAY={display}\0");
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: the name may hold spaces, so read after its ')'.
        let Some((head, tail)) = stat.rsplit_once(')') else {
            continue;
        };
        let ppid = tail.split_whitespace().nth(1);
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let serves = environ
            .windows(on_display.len())
            .any(|w| w == on_display.as_bytes());
        if head.ends_with(&format!("({name}")) && ppid == Some(me.as_str()) && serves {
            found.push(pid);
        }
    }
    found
}

fn wait_for(pid: i32) {
    let mut status = 0;
    // SAFETY: waitpid on a child of ours with a local status.
    let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(waited, pid);
}

/// `code NAME --clip` on the display.
fn clip(s: &Sandbox, name: &str, x: &Xvfb) -> std::process::Output {
    s.cmd(&["code", name, "--clip"])
        .env("DISPLAY", &x.display)
        .output()
        .unwrap()
}

/// A vault with an HOTP account, whose next code is known (RFC 4226: 755224).
fn vault_with_token() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "token", "--secret", RFC_SECRET, "--hotp"]);
    s
}

#[test]
fn clip_copies_returns_at_once_and_clears_the_code_after_20_seconds() {
    adopt_orphans();
    let x = Xvfb::start();
    let s = vault_with_token();

    // The code is on the clipboard, not on standard output, and the command has returned
    // (output() read both its streams to their end) while the helper still holds it.
    let out = clip(&s, "token", &x);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "the code is not printed");
    assert!(
        stderr(&out).contains("clipboard") && stderr(&out).contains("20 s"),
        "{}",
        stderr(&out)
    );
    let want = oathtool_hotp(RFC_SECRET, 6, 0);
    assert_eq!(want, "755224");
    assert_eq!(clipboard(&x.display).as_deref(), Some(want.as_str()));
    // The code was spent: the next one is counter 1's.
    assert_eq!(
        s.ok(&["code", "token"]).trim(),
        oathtool_hotp(RFC_SECRET, 6, 1)
    );

    // Its helper clears it when its time is up: wait for the helper, then look.
    let helpers = adopted("mfa-kit", &x.display);
    assert_eq!(helpers.len(), 1, "{helpers:?}");
    wait_for(helpers[0]);
    assert_eq!(clipboard(&x.display), None, "the code was cleared");
}

#[test]
fn what_was_copied_after_the_code_is_left_alone() {
    adopt_orphans();
    let x = Xvfb::start();
    let s = vault_with_token();
    let out = clip(&s, "token", &x);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        clipboard(&x.display).as_deref(),
        Some(oathtool_hotp(RFC_SECRET, 6, 0).as_str())
    );
    let helpers = adopted("mfa-kit", &x.display);
    assert_eq!(helpers.len(), 1, "{helpers:?}");
    // xclip serves what it copied from a process of its own, until it is stopped below.
    let mut copy = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .env("DISPLAY", &x.display)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        copy.stdin
            .take()
            .unwrap()
            .write_all(b"a note of mine")
            .unwrap();
    }
    copy.wait().unwrap();
    wait_for(helpers[0]);
    assert_eq!(clipboard(&x.display).as_deref(), Some("a note of mine"));
    for pid in adopted("xclip", &x.display) {
        // SAFETY: a signal to a child of ours.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        wait_for(pid);
    }
}

#[test]
fn a_totp_code_goes_to_the_clipboard_with_its_seconds_left() {
    adopt_orphans();
    let x = Xvfb::start();
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let before = unix_now();
    let out = clip(&s, "github", &x);
    let after = unix_now();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("it changes in"), "{}", stderr(&out));
    let copied = clipboard(&x.display).expect("the code is on the clipboard");
    let possible: Vec<String> = [before, after]
        .iter()
        .map(|t| oathtool_totp(SECRET, "SHA1", 6, 30, *t))
        .collect();
    assert!(possible.contains(&copied), "{copied} not in {possible:?}");
    // Its helper (the clearing is the test above's) is stopped before the display goes,
    // which another test may then be given.
    for pid in adopted("mfa-kit", &x.display) {
        // SAFETY: a signal to a child of ours.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        wait_for(pid);
    }
}

/// The clipboard helpers alive for `display` (any parent), by pid.
fn helpers_on(display: &str) -> Vec<i32> {
    let on_display = format!("DISPLAY={display}\0");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let helper = cmdline
            .split(|b| *b == 0)
            .any(|a| a == b"__clipboard-holder");
        let serves = environ
            .windows(on_display.len())
            .any(|w| w == on_display.as_bytes());
        // A zombie (an exited helper not yet reaped) has an empty command line.
        if helper && serves {
            found.push(pid);
        }
    }
    found
}

/// Stops (SIGSTOP) or continues (SIGCONT) the X server: one that accepts connections and
/// never answers them, as a hung desktop does.
fn signal(x: &Xvfb, signal: i32) {
    // SAFETY: a signal to a child of ours.
    let sent = unsafe { libc::kill(x.child.id() as i32, signal) };
    assert_eq!(sent, 0);
}

/// mfa-kit in the sandbox on the display, under `timeout 120`: a guard that turns a hang into
/// a failure (never a measure).
fn bounded(s: &Sandbox, x: &Xvfb, args: &[&str]) -> Command {
    let mut cmd = Command::new("timeout");
    cmd.arg("120")
        .arg(assert_cmd::cargo::cargo_bin("mfa-kit"))
        .args(args)
        .env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MFA_KIT_DEVICE", "laptop")
        .env("DISPLAY", &x.display)
        .current_dir(s.home())
        .stdin(Stdio::null());
    cmd
}

/// `code --clip` on a display that never answers fails in bounded time (exit 2, one line),
/// without holding the vault's lock meanwhile (another command writes the vault while it
/// waits), with the counter as it was, and its helper gone: once the display answers again,
/// no code reaches the clipboard.
#[test]
fn a_display_that_never_answers_fails_the_copy_without_a_lock_or_a_late_code() {
    adopt_orphans();
    let x = Xvfb::start();
    let s = vault_with_token();
    signal(&x, libc::SIGSTOP);
    // The command waits on the display; the guard (`timeout`) turns a hang into a failure.
    let mut clip = bounded(&s, &x, &["code", "token", "--clip"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // While its helper waits on the display, the vault can be written.
    while helpers_on(&x.display).is_empty() {
        assert!(
            clip.try_wait().unwrap().is_none(),
            "it ended before starting a helper"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let added = bounded(&s, &x, &["add", "other", "--secret", SECRET])
        .output()
        .unwrap();
    assert_eq!(
        code(&added),
        0,
        "the vault's lock was held: {}",
        stderr(&added)
    );

    let out = clip.wait_with_output().unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_one_error_line(&stderr(&out));
    assert!(stderr(&out).contains("did not"), "{}", stderr(&out));
    assert!(!stderr(&out).contains(RFC_SECRET));
    // Its helper was stopped with it.
    assert_eq!(helpers_on(&x.display), Vec::<i32>::new());
    signal(&x, libc::SIGCONT);
    for pid in adopted("mfa-kit", &x.display) {
        wait_for(pid);
    }
    assert_eq!(
        clipboard(&x.display),
        None,
        "a code reached the clipboard late"
    );
    // The code was not spent: the next one is still counter 0's.
    assert_eq!(
        s.ok(&["code", "token"]).trim(),
        oathtool_hotp(RFC_SECRET, 6, 0)
    );
}

/// The helper keeps nothing of its caller: a pipe the caller was given (here its descriptor
/// 3, read by `cat`) is closed when the command returns, not 20 seconds later when the helper
/// ends, so a pipeline around `code --clip` finishes at once. Proven without a clock: when
/// the pipeline is done, the helper still holds the code (it clears it only when it ends).
#[test]
fn the_helper_lets_go_of_the_callers_descriptors_and_folder() {
    adopt_orphans();
    let x = Xvfb::start();
    let s = vault_with_token();
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let out = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" code token --clip 3>&1 >/dev/null 2>/dev/null | cat")
        .arg(&bin)
        .env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DISPLAY", &x.display)
        .current_dir(s.home())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let want = oathtool_hotp(RFC_SECRET, 6, 0);
    assert_eq!(
        clipboard(&x.display).as_deref(),
        Some(want.as_str()),
        "the pipeline waited for the helper to end"
    );
    let helpers = adopted("mfa-kit", &x.display);
    assert_eq!(helpers.len(), 1, "{helpers:?}");
    let proc_dir = std::path::PathBuf::from(format!("/proc/{}", helpers[0]));
    let mut fds: Vec<i32> = std::fs::read_dir(proc_dir.join("fd"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    fds.sort();
    // Its three streams, and what it opened itself (the X connection, a socket): no pipe of
    // the caller's (descriptor 3 was the caller's pipe to cat).
    for fd in fds.iter().filter(|fd| **fd > 2) {
        let target = std::fs::read_link(proc_dir.join("fd").join(fd.to_string())).unwrap();
        assert!(
            !target.to_string_lossy().starts_with("pipe:"),
            "descriptor {fd} ({}) was kept",
            target.display()
        );
    }
    assert_eq!(
        std::fs::read_link(proc_dir.join("cwd")).unwrap(),
        std::path::PathBuf::from("/")
    );
    wait_for(helpers[0]);
    assert_eq!(clipboard(&x.display), None);
}

/// The same code copied twice (here a TOTP code at a fixed --time, twice): the first helper
/// leaves it to the second, which clears it on its own time; the clipboard is never cleared
/// early under the later copy.
#[test]
fn the_same_code_copied_again_is_cleared_by_the_later_copy_only() {
    adopt_orphans();
    let x = Xvfb::start();
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let copy = || {
        let out = s
            .cmd(&["code", "github", "--clip", "--time", "1000000"])
            .env("DISPLAY", &x.display)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    };
    let want = oathtool_totp(SECRET, "SHA1", 6, 30, 1_000_000);
    copy();
    let first = adopted("mfa-kit", &x.display);
    assert_eq!(first.len(), 1, "{first:?}");
    // The later copy's own time runs out this much after the first's: time enough to look at
    // the clipboard between the two (with the copies back to back, the later helper could
    // clear it, rightly, before the clipboard was read).
    std::thread::sleep(std::time::Duration::from_secs(3));
    copy();
    let second: Vec<i32> = adopted("mfa-kit", &x.display)
        .into_iter()
        .filter(|pid| !first.contains(pid))
        .collect();
    assert_eq!(second.len(), 1, "{second:?}");
    wait_for(first[0]);
    assert_eq!(
        clipboard(&x.display).as_deref(),
        Some(want.as_str()),
        "the first helper cleared the later copy"
    );
    wait_for(second[0]);
    assert_eq!(clipboard(&x.display), None, "the later helper cleared it");
}

/// With only WAYLAND_DISPLAY set (and no compositor there), the error speaks of Wayland, not
/// of an X11 display the user never named.
#[test]
fn a_wayland_session_without_a_clipboard_is_told_so_in_its_terms() {
    let s = vault_with_token();
    let out = s
        .cmd(&["code", "token", "--clip"])
        .env("WAYLAND_DISPLAY", "wayland-nowhere")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert_one_error_line(&err);
    assert!(
        err.contains("Wayland") && err.contains("wayland-nowhere"),
        "{err}"
    );
    assert!(!err.contains("X11") && !err.contains("X display"), "{err}");
    assert_eq!(
        s.ok(&["code", "token"]).trim(),
        oathtool_hotp(RFC_SECRET, 6, 0)
    );
}
