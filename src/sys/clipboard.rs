//! The clipboard, for `code NAME --clip`: X11, or Wayland through its data-control protocol
//! (arboard). On both, what is copied lives only as long as the process that copied it serves
//! it, so the copy is made by a helper: this same binary, run as `mfa-kit __clipboard-holder`
//! (which `main` recognises before parsing the command line: no help or completion offers
//! it) in a session of its own (no terminal, no signal from it), keeping nothing of its
//! caller (no descriptor but its three streams, `/` as its folder), so that a pipe or lock
//! the caller holds is not held for the helper's 20 seconds.
//!
//! The exchange, each step bounded by [`ANSWER_WITHIN`] (a display server that accepts the
//! connection and never answers would otherwise hang the command): the helper connects to
//! the clipboard and says `ready`; the caller sends the text (or closes the pipe: nothing is
//! copied); the helper copies it, says `copied`, serves it for [`CLEAR_AFTER`], then clears
//! it if the clipboard still holds that text and no later helper copied since (the same code
//! copied again is left to the later helper, which clears it on its own time). A helper that
//! does not answer in time is killed: what it was about to copy never reaches the clipboard.
//! The caller returns once the text is on the clipboard: the shell never waits for the
//! clearing.
//!
//! [`Holder::start`] connects before anything is decided, and [`Holder::copy`] copies: an
//! HOTP code is made and its counter saved between the two (under the vault's lock, which is
//! never held while waiting on a display), so the code reaches the clipboard only once its
//! counter is saved.

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::error::{Error, Outcome, Result};

/// How long a copied code stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(20);

/// How long the helper has to connect, and then to copy: a desktop answers in milliseconds.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// The argument that runs the helper (see the module's comment).
pub const HOLDER_COMMAND: &str = "__clipboard-holder";

/// What the helper says once it reaches the clipboard.
const READY: &str = "ready";
/// What the helper says once the text is on the clipboard.
const COPIED: &str = "copied";

/// The longest text the helper takes: a code, not a document.
const MAX_TEXT: u64 = 1024;

/// The graphical session the environment names, for messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Session {
    None,
    X11,
    Wayland,
    Both,
}

fn session() -> Session {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match (set("DISPLAY"), set("WAYLAND_DISPLAY")) {
        (false, false) => Session::None,
        (true, false) => Session::X11,
        (false, true) => Session::Wayland,
        (true, true) => Session::Both,
    }
}

fn unreachable_clipboard(why: &str) -> Error {
    let hint = match session() {
        Session::Wayland => {
            "--clip needs a Wayland compositor that offers the data-control protocol; without \
             one, drop --clip"
        }
        Session::X11 => "--clip needs the X11 display DISPLAY names to answer; or drop --clip",
        _ => {
            "--clip needs a desktop session (DISPLAY for X11, WAYLAND_DISPLAY for Wayland); \
             without one, drop --clip"
        }
    };
    Error::new(format!("cannot reach the clipboard: {why}")).hint(hint)
}

/// Copies `text` to the clipboard and returns once it is there; the helper clears it after
/// [`CLEAR_AFTER`] if it still holds `text`.
pub fn copy_then_clear(text: &str) -> Result<()> {
    Holder::start()?.copy(text)
}

/// A helper that reached the clipboard and waits for the text. Dropped without
/// [`Holder::copy`] succeeding, it is killed: nothing it holds reaches the clipboard.
pub struct Holder {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    /// The helper copied and serves the clipboard on its own: it is left running.
    released: bool,
}

impl Holder {
    /// Starts the helper and waits (at most [`ANSWER_WITHIN`]) until it has reached the
    /// clipboard.
    pub fn start() -> Result<Holder> {
        if session() == Session::None {
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
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(unreachable_clipboard("the clipboard helper has no pipe"));
        };
        let mut holder = Holder {
            child,
            stdin: Some(stdin),
            stdout,
            released: false,
        };
        holder.expect(READY, "reach the clipboard")?;
        Ok(holder)
    }

    /// Copies `text` and returns once it is on the clipboard (at most [`ANSWER_WITHIN`]);
    /// the helper then serves it and clears it on its own.
    pub fn copy(mut self, text: &str) -> Result<()> {
        let sent = self.stdin.take().map(|mut stdin| {
            // The text goes through a pipe: never the command line or the environment,
            // which other processes can read. Closing the pipe ends it.
            stdin.write_all(text.as_bytes())
        });
        if let Some(Err(e)) = sent {
            return Err(unreachable_clipboard(&format!(
                "the clipboard helper stopped ({e})"
            )));
        }
        self.expect(COPIED, "copy the code")?;
        self.released = true;
        Ok(())
    }

    /// Waits for the helper's next line: `want`, or why not. A helper that says nothing in
    /// time is killed (by the caller's drop) and the wait is an error.
    fn expect(&mut self, want: &str, doing: &str) -> Result<()> {
        let line = read_line_within(&mut self.stdout, ANSWER_WITHIN);
        match line {
            Answer::Line(line) if line.as_str() == want => Ok(()),
            Answer::Line(line) if line.is_empty() => Err(unreachable_clipboard(
                "the clipboard helper stopped without saying why",
            )),
            Answer::Line(why) => Err(unreachable_clipboard(&why)),
            Answer::Closed => Err(unreachable_clipboard(
                "the clipboard helper stopped without saying why",
            )),
            Answer::Late => Err(unreachable_clipboard(&format!(
                "the display server did not {doing} within {} seconds (it may be stopped or \
                 stuck); the helper was stopped, and nothing was copied",
                ANSWER_WITHIN.as_secs()
            ))),
        }
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        if !self.released {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What the helper answered.
enum Answer {
    /// One line, without its newline.
    Line(Zeroizing<String>),
    /// Its standard output closed before a whole line.
    Closed,
    /// Nothing whole within the time.
    Late,
}

/// Reads one line from `pipe`, waiting at most `within` in all.
fn read_line_within(pipe: &mut ChildStdout, within: Duration) -> Answer {
    let deadline = Instant::now() + within;
    let mut line = Zeroizing::new(Vec::new());
    loop {
        if let Some(end) = line.iter().position(|b| *b == b'\n') {
            line.truncate(end);
            return Answer::Line(Zeroizing::new(String::from_utf8_lossy(&line).into_owned()));
        }
        if line.len() > 4096 {
            return Answer::Line(Zeroizing::new(
                "the clipboard helper said too much".to_string(),
            ));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Answer::Late;
        }
        let mut poll = libc::pollfd {
            fd: pipe.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = libc::c_int::try_from(left.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: poll on one descriptor we own, with a local struct.
        let ready = unsafe { libc::poll(&mut poll, 1, millis) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Answer::Closed;
        }
        if ready == 0 {
            continue;
        }
        // Readable (or closed): this read does not block.
        let mut chunk = [0u8; 512];
        match pipe.read(&mut chunk) {
            Ok(0) => return Answer::Closed,
            Ok(n) => line.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Answer::Closed,
        }
    }
}

/// Runs the helper when this process was started as one (`mfa-kit __clipboard-holder`);
/// None for any other command line.
pub fn hold_if_asked() -> Option<Result<Outcome>> {
    let mut args = std::env::args_os().skip(1);
    if args.next().is_none_or(|a| a != HOLDER_COMMAND) || args.next().is_some() {
        return None;
    }
    Some(hold_from_stdin())
}

/// The helper: reaches the clipboard and says `ready` (or why not) on standard output,
/// copies the text its standard input then holds, says `copied`, holds it for
/// [`CLEAR_AFTER`], then clears it if it still holds that text and no later helper copied.
pub fn hold_from_stdin() -> Result<Outcome> {
    crate::sys::detach::let_go_of_the_caller();
    let say = |what: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{what}").and_then(|_| out.flush());
    };
    let mut clipboard = match arboard::Clipboard::new() {
        Ok(clipboard) => clipboard,
        Err(e) => {
            say(&describe(&e));
            return Ok(Outcome::No);
        }
    };
    say(READY);
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .take(MAX_TEXT)
        .read_to_string(&mut text)
        .map_err(|_| Error::new("the clipboard helper reads text on its standard input"))?;
    if text.is_empty() {
        // The caller decided against copying (its command failed): nothing to do.
        return Ok(Outcome::No);
    }
    // A desktop's clipboard history would keep the code: ask it not to.
    let copied = {
        use arboard::SetExtLinux;
        clipboard.set().exclude_from_history().text(text.as_str())
    };
    if let Err(e) = copied {
        say(&describe(&e));
        return Ok(Outcome::No);
    }
    let turn = Turn::take();
    say(COPIED);
    std::thread::sleep(CLEAR_AFTER);
    let still_ours = clipboard
        .get_text()
        .map(Zeroizing::new)
        .is_ok_and(|now| *now == *text);
    if still_ours && turn.is_still_mine() {
        let _ = clipboard.clear();
    }
    Ok(Outcome::Yes)
}

/// Why the clipboard cannot be reached, in the terms of the session the environment names:
/// with only WAYLAND_DISPLAY set, arboard falls back to X11 when the compositor offers no
/// data-control protocol, and its X11 error would talk of a display nobody asked for.
fn describe(error: &arboard::Error) -> String {
    match session() {
        Session::Wayland => format!(
            "the Wayland compositor at WAYLAND_DISPLAY={} cannot be reached or offers no \
             data-control clipboard",
            std::env::var("WAYLAND_DISPLAY").unwrap_or_default()
        ),
        _ => error.to_string().replace(['\n', '\r'], " "),
    }
}

/// Which helper copied last: a random token in `clipboard-holder` of the runtime folder (the
/// agents' own, private to the user), written by each helper once it has copied. A helper
/// whose token is no longer there leaves the clipboard to the later one.
struct Turn {
    file: Option<PathBuf>,
    token: String,
}

impl Turn {
    /// Records this helper as the last to copy (nothing when the runtime folder cannot be
    /// used: the helper then clears on the clipboard's content alone).
    fn take() -> Turn {
        let mut bytes = [0u8; 16];
        let token = match getrandom::fill(&mut bytes) {
            Ok(()) => data_encoding::HEXLOWER.encode(&bytes),
            Err(_) => String::new(),
        };
        let dir = crate::sys::agent::runtime_dir();
        let file = (!token.is_empty() && crate::sys::agent::prepare_runtime_dir(&dir).is_ok())
            .then(|| dir.join("clipboard-holder"))
            .filter(|file| {
                crate::sys::fs::write_private_atomic(
                    file,
                    token.as_bytes(),
                    crate::sys::fs::Existing::Replace,
                )
                .is_ok()
            });
        Turn { file, token }
    }

    /// False once a later helper has recorded itself.
    fn is_still_mine(&self) -> bool {
        let Some(file) = &self.file else {
            return true;
        };
        match crate::sys::fs::read_regular_file(file, "the clipboard's turn") {
            Ok(now) => now == self.token.as_bytes(),
            // Gone (the runtime folder was cleared at logout): nobody else claims it.
            Err(_) => true,
        }
    }
}
