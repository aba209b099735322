//! The clipboard, for `code NAME --clip`: X11, or Wayland through its data-control protocol
//! (arboard). On both, what is copied lives only as long as the process that copied it serves
//! it, so the copy is made by a helper: this same binary, run as the hidden command
//! `__clipboard-holder` in a session of its own (no terminal, no signal from it, no pipe of the
//! caller's held open). The helper copies the text it reads on its standard input, says so on
//! its standard output, serves the clipboard for [`CLEAR_AFTER`], then clears it if it still
//! holds that text (whatever was copied since is left alone) and exits. The command that asked
//! returns as soon as the text is on the clipboard: the shell never waits for the clearing.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::error::{Error, Outcome, Result};

/// How long a copied code stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(20);

/// The hidden command that runs the helper (see the module's comment).
pub const HOLDER_COMMAND: &str = "__clipboard-holder";

/// What the helper says once the text is on the clipboard.
const COPIED: &str = "copied";

/// The longest text the helper takes: a code, not a document.
const MAX_TEXT: u64 = 1024;

fn unreachable_clipboard(why: &str) -> Error {
    Error::new(format!("cannot reach the clipboard: {why}")).hint(
        "--clip needs a desktop session (DISPLAY for X11, WAYLAND_DISPLAY for Wayland); \
         without one, drop --clip",
    )
}

/// Copies `text` to the clipboard and returns once it is there; the helper clears it after
/// [`CLEAR_AFTER`] if it still holds `text`.
pub fn copy_then_clear(text: &str) -> Result<()> {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    if !has_display {
        return Err(unreachable_clipboard(
            "there is no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)",
        ));
    }
    let exe = std::env::current_exe()
        .map_err(|e| unreachable_clipboard(&format!("cannot find mfa-kit itself ({e})")))?;
    let mut command = Command::new(exe);
    command
        .arg(HOLDER_COMMAND)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid is async-signal-safe and touches no memory of ours; it makes the
        // helper the leader of a new session with no controlling terminal, so closing the
        // terminal or pressing Ctrl-C there does not end it before it clears the clipboard.
        unsafe {
            command.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
    }
    let mut child = command
        .spawn()
        .map_err(|e| unreachable_clipboard(&format!("cannot start the helper ({e})")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // The text goes through a pipe: never the command line or the environment, which
        // other processes can read.
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| unreachable_clipboard(&format!("the clipboard helper stopped ({e})")))?;
    }
    let mut answer = Zeroizing::new(String::new());
    if let Some(stdout) = child.stdout.take() {
        // One line: "copied", or why not. The helper's standard output is then left alone:
        // reading to its end would wait for the clearing.
        BufReader::new(stdout.take(4096))
            .read_line(&mut answer)
            .map_err(|e| unreachable_clipboard(&format!("the clipboard helper stopped ({e})")))?;
    }
    match answer.trim_end() {
        COPIED => Ok(()),
        "" => {
            let _ = child.wait();
            Err(unreachable_clipboard(
                "the clipboard helper stopped without saying why",
            ))
        }
        why => {
            let why = why.to_string();
            let _ = child.wait();
            Err(unreachable_clipboard(&why))
        }
    }
}

/// The helper (`mfa-kit __clipboard-holder`): copies its standard input to the clipboard, says
/// [`COPIED`] or why not on standard output, holds it for [`CLEAR_AFTER`], then clears it if
/// it still holds that text.
pub fn hold_from_stdin() -> Result<Outcome> {
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .take(MAX_TEXT)
        .read_to_string(&mut text)
        .map_err(|_| Error::new("the clipboard helper reads text on its standard input"))?;
    let say = |what: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{what}").and_then(|_| out.flush());
    };
    let mut clipboard = match arboard::Clipboard::new() {
        Ok(clipboard) => clipboard,
        Err(e) => {
            say(&one_line(&e));
            return Ok(Outcome::No);
        }
    };
    // A desktop's clipboard history would keep the code: ask it not to.
    let copied = {
        use arboard::SetExtLinux;
        clipboard.set().exclude_from_history().text(text.as_str())
    };
    if let Err(e) = copied {
        say(&one_line(&e));
        return Ok(Outcome::No);
    }
    say(COPIED);
    std::thread::sleep(CLEAR_AFTER);
    let still_ours = clipboard
        .get_text()
        .map(Zeroizing::new)
        .is_ok_and(|now| *now == *text);
    if still_ours {
        let _ = clipboard.clear();
    }
    Ok(Outcome::Yes)
}

fn one_line(error: &arboard::Error) -> String {
    error.to_string().replace(['\n', '\r'], " ")
}
