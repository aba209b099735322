//! The session agent, both ends of it: where its socket lives (a 0700 folder under
//! `$XDG_RUNTIME_DIR`), the check that a peer runs as this user (SO_PEERCRED), the wire format
//! (one JSON line each way), the client that asks it to unwrap an age file key and never hangs
//! on a dead agent, and the server that holds a vault's identity in locked memory until its
//! idle time-out, its absolute cap, `lock`, a signal, or the removal of its socket.
//!
//! The identity never crosses the socket: a client shows the agent the stanzas of an age
//! header, and gets back the 16-byte file key of that one file (and the public recipient, to
//! encrypt the vault to when it is saved).

use std::cell::{Cell, RefCell};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use age::secrecy::ExposeSecret;
use age_core::format::{FileKey, Stanza};
use data_encoding::BASE64;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// Set (to anything but `0`), every command keeps away from the agent and asks as before.
pub const NO_AGENT_VAR: &str = "MFA_KIT_NO_AGENT";
/// The longest an agent may hold a key, whatever its idle time-out.
pub const MAX_LIFETIME_SECS: u64 = 8 * 3600;
/// The idle time-out when `unlock` is given none.
pub const DEFAULT_IDLE_SECS: u64 = 15 * 60;
/// How long a client waits for a reply before it gives up on the agent (a stopped agent
/// accepts connections and never answers).
const REPLY_WAIT: Duration = Duration::from_secs(2);
/// The largest request or reply read, and the most stanzas one header may show.
const MAX_MESSAGE: u64 = 64 * 1024;
const MAX_STANZAS: usize = 16;
/// The largest identity handed to a starting agent.
const MAX_IDENTITY_BYTES: u64 = 4096;

/// True when `MFA_KIT_NO_AGENT` keeps commands away from the agent.
pub fn disabled() -> bool {
    std::env::var_os(NO_AGENT_VAR).is_some_and(|v| !matches!(v.as_bytes(), b"" | b"0"))
}

fn euid() -> u32 {
    // SAFETY: geteuid takes nothing and cannot fail.
    unsafe { libc::geteuid() }
}

/// The agents' folder: `$XDG_RUNTIME_DIR/mfa-kit`, or `/tmp/mfa-kit-UID` where no runtime
/// folder is set (a container, a cron job), checked as strictly.
pub fn runtime_dir() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir).join("mfa-kit"),
        None => std::env::temp_dir().join(format!("mfa-kit-{}", euid())),
    }
}

/// Why the agents' folder cannot be trusted, if it cannot: it must be a real folder (not a
/// link), this user's, and closed to everyone else.
fn distrust(dir: &Path) -> Option<String> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(_) => return Some(format!("{} does not exist", dir.display())),
    };
    if !meta.is_dir() {
        return Some(format!("{} is not a folder", dir.display()));
    }
    if meta.uid() != euid() {
        return Some(format!("{} belongs to another user", dir.display()));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Some(format!("{} is open to other users", dir.display()));
    }
    None
}

/// Creates the agents' folder (mode 0700) where missing and checks it can be trusted.
pub fn prepare_runtime_dir(dir: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_err() {
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(dir)
            .map_err(|e| {
                Error::io("create the agent's folder", dir, &e).hint(
                    "set XDG_RUNTIME_DIR to a folder of yours that exists (mode 0700), such as \
                     /run/user/$(id -u)",
                )
            })?;
    }
    match distrust(dir) {
        None => Ok(()),
        Some(why) => Err(
            Error::new(format!("the agent's folder cannot be trusted: {why}")).hint(format!(
                "remove it if it is yours (rm -r {}), or set XDG_RUNTIME_DIR to a folder of \
                 yours (mode 0700)",
                dir.display()
            )),
        ),
    }
}

/// The socket of the agent that serves the vault at `vault` (one agent a vault, named by a
/// digest of the vault's path so that the name says nothing of it).
pub fn socket_for(dir: &Path, vault: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    // The same vault by any name (relative, through a linked folder) has one agent.
    let vault = std::fs::canonicalize(vault)
        .or_else(|_| std::path::absolute(vault))
        .unwrap_or_else(|_| vault.to_path_buf());
    let digest = Sha256::digest(vault.as_os_str().as_bytes());
    let name = data_encoding::HEXLOWER.encode(&digest[..8]);
    dir.join(format!("{name}.sock"))
}

/// The user id of the process at the other end of a Unix socket.
fn peer_uid(stream: &UnixStream) -> std::io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most `len` bytes into `cred`, a local of that size.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(cred.uid)
}

/// One request to the agent.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
enum Request {
    /// Unwrap the file key of the header these stanzas come from.
    Unwrap { stanzas: Vec<WireStanza> },
    /// Forget the key and exit.
    Lock,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireStanza {
    tag: String,
    args: Vec<String>,
    /// base64
    body: String,
}

/// The agent's answer. `file_key` (base64) only to `unwrap`, and only when the stanzas were
/// made for its identity.
#[derive(Serialize, Deserialize)]
struct Reply {
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recipient: Option<String>,
    /// SHA-256 (hex) of the encrypted identity file the agent was unlocked from: a client
    /// uses the agent only while that file is still the vault's identity (a `rekey` that
    /// replaced it leaves the agent out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    identity_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl Reply {
    fn refused(why: &str) -> Reply {
        Reply {
            ok: false,
            file_key: None,
            recipient: None,
            identity_file: None,
            error: Some(why.to_string()),
        }
    }

    fn done() -> Reply {
        Reply {
            ok: true,
            file_key: None,
            recipient: None,
            identity_file: None,
            error: None,
        }
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if let Some(key) = self.file_key.as_mut() {
            key.zeroize();
        }
    }
}

/// Reads one message: up to the first newline or the end, at most [`MAX_MESSAGE`] bytes,
/// within [`REPLY_WAIT`] for the whole of it (a peer that sends a byte now and then cannot
/// hold the other end any longer than one that sends nothing).
fn read_message(stream: &mut UnixStream) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let deadline = std::time::Instant::now() + REPLY_WAIT;
    let mut bytes = Zeroizing::new(Vec::new());
    let mut chunk = Zeroizing::new([0u8; 4096]);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "message not complete in time",
            ));
        }
        stream.set_read_timeout(Some(left))?;
        let room = (MAX_MESSAGE + 1).saturating_sub(bytes.len() as u64) as usize;
        if room == 0 {
            break;
        }
        let n = stream.read(&mut chunk[..room.min(4096)])?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.contains(&b'\n') {
            break;
        }
    }
    if bytes.len() as u64 > MAX_MESSAGE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "message too long",
        ));
    }
    if let Some(end) = bytes.iter().position(|b| *b == b'\n') {
        bytes.truncate(end);
    }
    Ok(bytes)
}

fn write_message<T: Serialize>(stream: &mut UnixStream, message: &T) -> std::io::Result<()> {
    let mut bytes = Zeroizing::new(serde_json::to_vec(message).map_err(std::io::Error::other)?);
    bytes.push(b'\n');
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Connects without ever blocking: a stopped agent whose backlog is full answers EAGAIN at
/// once instead of holding the command.
fn connect(path: &Path) -> std::io::Result<UnixStream> {
    let bytes = path.as_os_str().as_bytes();
    // SAFETY: sockaddr_un is plain data; all zeroes is a valid (empty) value.
    let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    if bytes.len() >= addr.sun_path.len() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "socket path too long",
        ));
    }
    addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (to, from) in addr.sun_path.iter_mut().zip(bytes) {
        *to = *from as libc::c_char;
    }
    // SAFETY: socket takes plain integers; the descriptor it returns is owned below.
    let fd = unsafe {
        libc::socket(
            libc::AF_UNIX,
            libc::SOCK_STREAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
            0,
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let len = (std::mem::size_of::<libc::sa_family_t>() + bytes.len() + 1) as libc::socklen_t;
    // SAFETY: addr is a valid sockaddr_un of at least `len` bytes.
    let rc = unsafe {
        libc::connect(
            fd.as_raw_fd(),
            (&addr as *const libc::sockaddr_un).cast(),
            len,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let stream = UnixStream::from(fd);
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(REPLY_WAIT))?;
    stream.set_write_timeout(Some(REPLY_WAIT))?;
    Ok(stream)
}

/// A client of the agent that serves one vault. Any failure (no agent, a dead or stopped
/// one, a refusal) makes it give up for the rest of the command: the caller falls back to
/// the passphrase, and waits at most once.
pub struct Agent {
    socket: PathBuf,
    given_up: Cell<bool>,
}

impl Agent {
    /// The agent for the vault at `vault`, when one may be asked: not disabled, its folder
    /// trusted, its socket there.
    pub fn for_vault(vault: &Path) -> Option<Agent> {
        if disabled() {
            return None;
        }
        Agent::at(&runtime_dir(), vault)
    }

    /// As [`Agent::for_vault`], with the agents' folder given, whether or not disabled.
    pub fn at(dir: &Path, vault: &Path) -> Option<Agent> {
        if distrust(dir).is_some() {
            return None;
        }
        let socket = socket_for(dir, vault);
        std::fs::symlink_metadata(&socket).ok()?;
        Some(Agent {
            socket,
            given_up: Cell::new(false),
        })
    }

    /// The agent's socket for `vault`, trusted folder or not: only to tell it to lock (the
    /// peer's user is still checked).
    pub fn to_lock(dir: &Path, vault: &Path) -> Option<Agent> {
        let socket = socket_for(dir, vault);
        std::fs::symlink_metadata(&socket).ok()?;
        Some(Agent {
            socket,
            given_up: Cell::new(false),
        })
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    fn ask(&self, request: &Request) -> Option<Reply> {
        if self.given_up.get() {
            return None;
        }
        let reply = self.exchange(request);
        if reply.is_none() {
            self.given_up.set(true);
        }
        reply
    }

    fn exchange(&self, request: &Request) -> Option<Reply> {
        let before = std::fs::symlink_metadata(&self.socket).ok()?;
        let mut stream = match connect(&self.socket) {
            Ok(stream) => stream,
            Err(e) if e.raw_os_error() == Some(libc::ECONNREFUSED) => {
                // Nothing listens: an agent killed without its clean-up left the socket.
                // Removed, so that it misleads no later command (unless a new agent has
                // taken the name meanwhile).
                if let Ok(now) = std::fs::symlink_metadata(&self.socket)
                    && now.ino() == before.ino()
                {
                    let _ = std::fs::remove_file(&self.socket);
                }
                return None;
            }
            Err(_) => return None,
        };
        // The agent must run as this user too: a socket is only as good as who answers it.
        if peer_uid(&stream).ok()? != euid() {
            return None;
        }
        write_message(&mut stream, request).ok()?;
        let bytes = read_message(&mut stream).ok()?;
        serde_json::from_slice::<Reply>(&bytes).ok()
    }

    /// Asks the agent for the file key of the header `stanzas` come from; with it, the
    /// recipient to encrypt to and the digest of the identity file it was unlocked from.
    /// None when it cannot (not its file, or no agent after all).
    pub fn unwrap(&self, stanzas: &[Stanza]) -> Option<Unwrapped> {
        let request = Request::Unwrap {
            stanzas: stanzas
                .iter()
                .take(MAX_STANZAS)
                .map(|s| WireStanza {
                    tag: s.tag.clone(),
                    args: s.args.clone(),
                    body: BASE64.encode(&s.body),
                })
                .collect(),
        };
        let reply = self.ask(&request)?;
        if !reply.ok {
            return None;
        }
        let encoded = reply.file_key.as_deref()?;
        let decoded = Zeroizing::new(BASE64.decode(encoded.as_bytes()).ok()?);
        let bytes: &[u8; 16] = decoded.as_slice().try_into().ok()?;
        let key = FileKey::init_with_mut(|k| k.copy_from_slice(bytes));
        Some(Unwrapped {
            key,
            recipient: reply.recipient.clone()?,
            identity_file: reply.identity_file.clone()?,
        })
    }

    /// Tells the agent to forget its key and exit. True when one answered.
    pub fn lock(&self) -> bool {
        self.ask(&Request::Lock).is_some_and(|r| r.ok)
    }
}

/// What the agent answers to an unwrap.
pub struct Unwrapped {
    pub key: FileKey,
    pub recipient: String,
    pub identity_file: String,
}

/// An age identity that has the agent unwrap: what a command decrypts the vault with while
/// the vault is unlocked. It unwraps only while the agent's key is the one in
/// `identity_file` (its SHA-256), and remembers the recipient the agent names, to save the
/// vault to.
pub struct AgentIdentity<'a> {
    agent: &'a Agent,
    identity_file: String,
    recipient: RefCell<Option<String>>,
}

impl<'a> AgentIdentity<'a> {
    pub fn new(agent: &'a Agent, identity_file: String) -> Self {
        AgentIdentity {
            agent,
            identity_file,
            recipient: RefCell::new(None),
        }
    }

    /// The recipient of the identity the agent holds, once it has unwrapped a file.
    pub fn recipient(&self) -> Option<String> {
        self.recipient.borrow().clone()
    }
}

impl age::Identity for AgentIdentity<'_> {
    fn unwrap_stanza(
        &self,
        stanza: &Stanza,
    ) -> Option<std::result::Result<FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[Stanza],
    ) -> Option<std::result::Result<FileKey, age::DecryptError>> {
        let unwrapped = self.agent.unwrap(stanzas)?;
        if unwrapped.identity_file != self.identity_file {
            // Unlocked from an identity file that is no longer the vault's: not to be used.
            self.agent.given_up.set(true);
            return None;
        }
        *self.recipient.borrow_mut() = Some(unwrapped.recipient);
        Some(Ok(unwrapped.key))
    }
}

/// Starts an agent for the vault whose socket is `socket`: a copy of this program, in a
/// session of its own (so that closing the terminal or Ctrl-C leaves it be), handed the
/// identity on a pipe, and waited for until it listens. Its standard streams are not the
/// caller's, so `$(mfa-kit unlock)` in a script returns at once.
pub fn start(
    socket: &Path,
    identity: &[u8],
    identity_file: &str,
    idle_secs: u64,
    max_secs: u64,
) -> Result<u32> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    // sockaddr_un holds 108 bytes with the final NUL; the staging name is longer still.
    if staging_name(socket, 4_194_304).as_os_str().len() >= 108 {
        return Err(Error::new(format!(
            "the agent's socket {} is too long a path for a Unix socket (107 bytes at most)",
            socket.display()
        ))
        .hint("set XDG_RUNTIME_DIR to a shorter folder of yours, such as /run/user/$(id -u)"));
    }
    let exe = std::env::current_exe().map_err(|e| {
        Error::new(format!(
            "cannot find mfa-kit's own program to start the agent: {e}"
        ))
    })?;
    let mut command = Command::new(exe);
    command
        .arg(crate::app::unlock::AGENT_ARGUMENT)
        .arg(socket)
        .arg(idle_secs.to_string())
        .arg(max_secs.to_string())
        .arg(identity_file)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe and touches no memory of ours.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command
        .spawn()
        .map_err(|e| Error::new(format!("cannot start the agent: {e}")))?;
    let pid = child.id();
    let handed = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(identity))
        .unwrap_or_else(|| Err(std::io::Error::other("no pipe")));
    let ready = handed.is_ok()
        && child
            .stdout
            .take()
            .is_some_and(|out| wait_for_line(out, b"ready", Duration::from_secs(10)));
    if !ready {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Error::new("the agent did not start").hint(format!(
            "check that {} can hold a socket",
            parent_shown(socket)
        )));
    }
    // Not waited for: the agent outlives this command, and is adopted when it exits.
    std::mem::forget(child);
    Ok(pid)
}

fn parent_shown(path: &Path) -> String {
    path.parent().unwrap_or(path).display().to_string()
}

/// Reads from `out` until a line starting with `expected`, for at most `wait`.
fn wait_for_line(out: std::process::ChildStdout, expected: &[u8], wait: Duration) -> bool {
    let fd = out.as_raw_fd();
    let deadline = std::time::Instant::now() + wait;
    let mut seen = Vec::new();
    let mut out = out;
    while !seen.contains(&b'\n') {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return false;
        }
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd, a local.
        let rc = unsafe { libc::poll(&mut poll, 1, left.as_millis().min(i32::MAX as u128) as i32) };
        if rc < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return false;
        }
        if rc == 0 {
            return false;
        }
        let mut chunk = [0u8; 256];
        match out.read(&mut chunk) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&chunk[..n]),
        }
        if seen.len() > 4096 {
            return false;
        }
    }
    seen.starts_with(expected)
}

/// Set by SIGTERM, SIGINT or SIGHUP: the agent cleans up and exits.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn catch_stop_signals() {
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic; sigaction reads a local struct. No
        // SA_RESTART: the wait in poll() must end so that the loop sees the flag.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Seconds since boot, counting time asleep: a laptop that sleeps through the time-out
/// wakes up locked.
fn boot_seconds() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec, a local.
    unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut now) };
    now.tv_sec as u64
}

/// The vault's identity, in memory that is never swapped out; zeroed when dropped.
struct LockedIdentity {
    identity: Box<age::x25519::Identity>,
}

impl LockedIdentity {
    fn new(identity: age::x25519::Identity) -> Self {
        let identity = Box::new(identity);
        // SAFETY: mlock reads no memory; the range is the box's own allocation. A failure
        // (a memory-lock limit of zero) leaves the key in ordinary memory, still never
        // dumped: the process is not dumpable and has no core limit.
        unsafe {
            libc::mlock(
                (&*identity as *const age::x25519::Identity).cast(),
                std::mem::size_of::<age::x25519::Identity>(),
            );
        }
        LockedIdentity { identity }
    }
}

/// What the hidden `agent` command is told by `unlock`.
pub struct ServeOptions<'a> {
    pub socket: &'a Path,
    pub idle_secs: u64,
    pub max_secs: u64,
    /// SHA-256 (hex) of the encrypted identity file the key came from.
    pub identity_file: &'a str,
}

/// The name a new agent binds under before renaming its socket into place.
fn staging_name(socket: &Path, pid: u32) -> PathBuf {
    socket.with_extension(format!("{pid}.new"))
}

/// Reads the identity from standard input without a buffer of its own (std's stdin keeps
/// an 8 KiB copy that is never wiped).
fn read_identity() -> Result<Zeroizing<Vec<u8>>> {
    use std::mem::ManuallyDrop;
    // SAFETY: fd 0 is this process's standard input; ManuallyDrop keeps it open.
    let mut input = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(0) });
    let mut text = Zeroizing::new(vec![0u8; MAX_IDENTITY_BYTES as usize]);
    let mut len = 0;
    while len < text.len() {
        match input.read(&mut text[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::new(format!("the agent could not read its key: {e}"))),
        }
    }
    text.truncate(len);
    Ok(text)
}

/// The agent itself: reads the identity from standard input, listens on the socket (bound
/// under a temporary name and renamed in, so that a running agent for the same vault is
/// replaced at once), says `ready`, and serves until a time-out, `lock`, a stop signal, or
/// its socket is removed or replaced. Removes its socket when it leaves, unless replaced.
pub fn serve(options: ServeOptions) -> Result<()> {
    catch_stop_signals();
    // The agent keeps nothing of the command that started it: no open file but its
    // standard streams (a script's lock file or pipe would stay held for hours), and `/` as
    // its folder (a drive it was started from can be unmounted).
    crate::sys::detach::let_go_of_the_caller();
    let text = read_identity()?;
    let identity = parse_identity(&text)?;
    drop(text);
    let recipient = identity.identity.to_public().to_string();

    let socket = options.socket;
    let staging = staging_name(socket, std::process::id());
    let _ = std::fs::remove_file(&staging);
    // SAFETY: umask takes and returns a plain mode. The socket is made 0600 from the start.
    let old_mask = unsafe { libc::umask(0o177) };
    let bound = UnixListener::bind(&staging);
    // SAFETY: as above.
    unsafe { libc::umask(old_mask) };
    let listener = bound.map_err(|e| Error::io("listen on", &staging, &e))?;
    std::fs::rename(&staging, socket).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        Error::io("put the agent's socket in place at", socket, &e)
    })?;
    let ours = std::fs::symlink_metadata(socket)
        .map(|m| (m.dev(), m.ino()))
        .map_err(|e| Error::io("read", socket, &e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("listen on", socket, &e))?;

    {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"ready\n");
        let _ = out.flush();
    }
    detach_standard_streams();

    let still_ours = || std::fs::symlink_metadata(socket).is_ok_and(|m| (m.dev(), m.ino()) == ours);
    let started = boot_seconds();
    let mut last_use = started;
    loop {
        if STOP.load(Ordering::SeqCst) {
            break;
        }
        let now = boot_seconds();
        let idle_left = options.idle_secs.saturating_sub(now - last_use);
        let life_left = options.max_secs.saturating_sub(now - started);
        if idle_left == 0 || life_left == 0 {
            break;
        }
        if !still_ours() {
            // Removed (by `lock`'s clean-up, a logout that emptied the runtime folder, a
            // person) or replaced by a newer agent: either way, not ours to serve or remove.
            drop(identity);
            return Ok(());
        }
        let mut poll = libc::pollfd {
            fd: listener.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd, a local. At most a second: time-outs and the socket's presence
        // are checked at least that often.
        let ready = unsafe { libc::poll(&mut poll, 1, 1000) };
        if ready <= 0 {
            continue;
        }
        let Ok((stream, _)) = listener.accept() else {
            continue;
        };
        match handle(stream, &identity, &recipient, options.identity_file) {
            Handled::Served => last_use = boot_seconds(),
            Handled::Refused => {}
            Handled::Lock => break,
        }
    }
    drop(identity);
    if still_ours() {
        let _ = std::fs::remove_file(socket);
    }
    Ok(())
}

/// The agent's standard streams go to /dev/null once it is ready, so that it holds no pipe
/// of the command that started it.
fn detach_standard_streams() {
    if let Ok(null) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
    {
        for fd in 0..=2 {
            // SAFETY: dup2 onto the standard descriptors, which this process owns.
            unsafe { libc::dup2(null.as_raw_fd(), fd) };
        }
    }
}

/// The X25519 identity in an age identity file's text.
fn parse_identity(text: &[u8]) -> Result<LockedIdentity> {
    let bad = || Error::new("the agent was handed no age identity");
    let text = std::str::from_utf8(text).map_err(|_| bad())?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .ok_or_else(bad)?;
    let identity: age::x25519::Identity = line.parse().map_err(|_| bad())?;
    Ok(LockedIdentity::new(identity))
}

enum Handled {
    Served,
    Refused,
    Lock,
}

/// Serves one connection: another user's is refused before a byte is read.
fn handle(
    mut stream: UnixStream,
    identity: &LockedIdentity,
    recipient: &str,
    identity_file: &str,
) -> Handled {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(REPLY_WAIT));
    let _ = stream.set_write_timeout(Some(REPLY_WAIT));
    if peer_uid(&stream).ok() != Some(euid()) {
        let _ = write_message(
            &mut stream,
            &Reply::refused("refused: this agent serves only its own user"),
        );
        return Handled::Refused;
    }
    let Ok(bytes) = read_message(&mut stream) else {
        return Handled::Refused;
    };
    let reply = match serde_json::from_slice::<Request>(&bytes) {
        Ok(Request::Lock) => {
            let _ = write_message(&mut stream, &Reply::done());
            return Handled::Lock;
        }
        Ok(Request::Unwrap { stanzas }) => {
            unwrap_reply(&stanzas, identity, recipient, identity_file)
        }
        Err(_) => Reply::refused("not a request"),
    };
    let _ = write_message(&mut stream, &reply);
    Handled::Served
}

fn unwrap_reply(
    stanzas: &[WireStanza],
    identity: &LockedIdentity,
    recipient: &str,
    identity_file: &str,
) -> Reply {
    use age::Identity as _;
    let refused = Reply::refused;
    if stanzas.is_empty() || stanzas.len() > MAX_STANZAS {
        return refused("no stanzas, or too many");
    }
    let mut parsed = Vec::with_capacity(stanzas.len());
    for stanza in stanzas {
        let Ok(body) = BASE64.decode(stanza.body.as_bytes()) else {
            return refused("a stanza's body is not base64");
        };
        parsed.push(Stanza {
            tag: stanza.tag.clone(),
            args: stanza.args.clone(),
            body,
        });
    }
    match identity.identity.unwrap_stanzas(&parsed) {
        Some(Ok(key)) => Reply {
            ok: true,
            file_key: Some(BASE64.encode(key.expose_secret())),
            recipient: Some(recipient.to_string()),
            identity_file: Some(identity_file.to_string()),
            error: None,
        },
        _ => refused("not a file this agent's key opens"),
    }
}
