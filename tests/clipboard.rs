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
