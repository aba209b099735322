//! Shared test harness: a throw-away HOME per test, the mfa-kit binary run inside it with a
//! clean environment, snapshots of every file to prove a failed command changed nothing,
//! and the independent oracles (oathtool, age, ssh-keygen) run as plain processes.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;

pub const SECRET: &str = "JBSWY3DPEHPK3PXP";

pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// This sandbox's $XDG_RUNTIME_DIR (0700, outside HOME), where session agents listen.
    pub runtime: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        use std::os::unix::fs::PermissionsExt;
        let runtime = tempfile::tempdir().expect("a temporary folder");
        fs::set_permissions(runtime.path(), fs::Permissions::from_mode(0o700))
            .expect("a private runtime folder");
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
            runtime,
        }
    }

    /// The folder this sandbox's session agents listen in.
    pub fn agent_dir(&self) -> PathBuf {
        self.runtime.path().join("mfa-kit")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn vault(&self) -> PathBuf {
        self.path(".local/share/mfa-kit/vault.age")
    }

    pub fn identity(&self) -> PathBuf {
        self.path("identity.txt")
    }

    /// The binary with HOME here and no MFA_KIT_* or XDG variables from outside.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("mfa-kit").expect("the binary is built");
        cmd.env_clear()
            .env("HOME", self.home())
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MFA_KIT_DEVICE", "laptop")
            .current_dir(self.home())
            .stdin(Stdio::null())
            .args(args);
        cmd
    }

    /// mfa-kit running `args` (a shell command line after the binary) on a terminal, which
    /// `script` gives it, with the same clean environment as [`Sandbox::cmd`].
    pub fn terminal_cmd(&self, args: &str) -> Command {
        self.on_terminal("", args)
    }

    /// [`Sandbox::terminal_cmd`] on a terminal `columns` wide (`stty cols`).
    pub fn terminal_cmd_with_columns(&self, columns: u16, args: &str) -> Command {
        self.on_terminal(&format!("stty cols {columns}; "), args)
    }

    fn on_terminal(&self, before: &str, args: &str) -> Command {
        let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
        let mut cmd = Command::new("script");
        cmd.args(["-qefc"])
            .arg(format!("{before}'{}' {args}", bin.display()))
            .arg("/dev/null")
            .env_clear()
            .env("HOME", self.home())
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MFA_KIT_DEVICE", "laptop")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs with standard input fed from `input`.
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mfa-kit starts");
        // A command that refuses its arguments exits before reading: a closed pipe is fine.
        let written = child.stdin.take().unwrap().write_all(input.as_bytes());
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
        child.wait_with_output().unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("mfa-kit runs")
    }

    /// Runs in a new session, which has no terminal (as under cron): nothing can be asked.
    pub fn run_without_terminal(&self, args: &[&str]) -> Output {
        Command::new("setsid")
            .arg("-w")
            .arg(assert_cmd::cargo::cargo_bin("mfa-kit"))
            .args(args)
            .env_clear()
            .env("HOME", self.home())
            .env("MFA_KIT_DEVICE", "laptop")
            .stdin(Stdio::null())
            .output()
            .expect("setsid runs mfa-kit")
    }

    /// An SSH key pair made by ssh-keygen in this sandbox, under `passphrase` (none when
    /// empty): the private key's path (the public key is beside it, `.pub`).
    pub fn ssh_key(&self, name: &str, kind: &str, passphrase: &str) -> PathBuf {
        let path = self.path(name);
        tool_ok(
            "ssh-keygen",
            &[
                "-q",
                "-t",
                kind,
                "-N",
                passphrase,
                "-f",
                path.to_str().unwrap(),
            ],
        );
        path
    }

    /// Runs and insists on exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(code(&out), 0, "{args:?} failed: {}", stderr(&out));
        stdout(&out)
    }

    /// A vault locked with an identity file that init creates.
    pub fn init_identity(&self) {
        let id = self.identity();
        self.ok(&["init", "--identity", id.to_str().unwrap()]);
    }

    /// Every file under the sandbox with its bytes and mode, to compare before and after.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
        use std::os::unix::fs::MetadataExt;
        let mut files = BTreeMap::new();
        let mut stack = vec![self.home().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                // Not followed: a link is its target's name, a FIFO is never read.
                let meta = entry.metadata().unwrap();
                if meta.is_dir() {
                    stack.push(path);
                } else if meta.file_type().is_symlink() {
                    let target = fs::read_link(&path).unwrap();
                    let bytes = target.as_os_str().as_encoded_bytes().to_vec();
                    files.insert(path, (bytes, meta.mode()));
                } else if meta.is_file() {
                    files.insert(path.clone(), (fs::read(&path).unwrap(), meta.mode()));
                } else {
                    files.insert(path, (Vec::new(), meta.mode()));
                }
            }
        }
        files
    }

    /// The vault's plaintext, decrypted by stock age (an independent oracle).
    pub fn age_decrypt_vault(&self) -> String {
        age_decrypt(&self.vault(), &self.identity())
    }

    /// Rewrites the vault's document by hand with stock age, as a person (or an attacker with
    /// the key, or an older build) could: `edit` gets the plaintext and returns the new one.
    pub fn rewrite_vault(&self, edit: impl FnOnce(String) -> String) {
        let plain = edit(self.age_decrypt_vault());
        let plain_file = self.path("edited-vault.toml");
        fs::write(&plain_file, plain).unwrap();
        let recipient = tool_ok("age-keygen", &["-y", self.identity().to_str().unwrap()]);
        tool_ok(
            "age",
            &[
                "-r",
                recipient.trim(),
                "-o",
                self.vault().to_str().unwrap(),
                plain_file.to_str().unwrap(),
            ],
        );
        fs::remove_file(plain_file).unwrap();
    }

    /// Runs a failing command and checks the contract for errors: exit 2, one line on
    /// stderr starting `mfa-kit: `, nothing else changed on disk. Returns the line.
    pub fn fails(&self, args: &[&str]) -> String {
        let before = self.snapshot();
        let out = self.run(args);
        self.check_failure(args, &out, before)
    }

    pub fn fails_with_stdin(&self, args: &[&str], input: &str) -> String {
        let before = self.snapshot();
        let out = self.run_with_stdin(args, input);
        self.check_failure(args, &out, before)
    }

    fn check_failure(
        &self,
        args: &[&str],
        out: &Output,
        before: BTreeMap<PathBuf, (Vec<u8>, u32)>,
    ) -> String {
        let err = stderr(out);
        assert_eq!(code(out), 2, "{args:?} should exit 2; stderr: {err}");
        assert_one_error_line(&err);
        let after = self.snapshot();
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{args:?} created or removed files"
        );
        for (path, state) in &before {
            assert!(after[path] == *state, "{args:?} changed {}", path.display());
        }
        err
    }
}

pub fn assert_one_error_line(err: &str) {
    assert!(
        err.starts_with("mfa-kit: "),
        "not an mfa-kit error line: {err:?}"
    );
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "more than one line: {err:?}"
    );
    assert!(!is_panic(err), "{err}");
}

/// A panic's report on standard error: mfa-kit's own line (which never shows the message)
/// or Rust's.
pub fn is_panic(err: &str) -> bool {
    err.contains("panicked") || err.contains("mfa-kit: internal error")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs an oracle tool; a missing tool fails the test (CI installs them all).
pub fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed for this test ({e}); see .ci/run"))
}

pub fn tool_ok(name: &str, args: &[&str]) -> String {
    let out = tool(name, args);
    assert!(out.status.success(), "{name} {args:?}: {}", stderr(&out));
    stdout(&out)
}

pub fn age_decrypt(file: &Path, identity: &Path) -> String {
    tool_ok(
        "age",
        &[
            "-d",
            "-i",
            identity.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    )
}

/// The TOTP code oathtool computes: the oracle for every code mfa-kit prints.
pub fn oathtool_totp(secret: &str, algorithm: &str, digits: u8, period: u64, time: u64) -> String {
    tool_ok(
        "oathtool",
        &[
            &format!("--totp={algorithm}"),
            "--base32",
            "-d",
            &digits.to_string(),
            "-s",
            &format!("{period}s"),
            "-N",
            &format!("@{time}"),
            secret,
        ],
    )
    .trim()
    .to_string()
}

/// The HOTP code oathtool computes for `counter` (RFC 4226): the oracle for HOTP accounts.
pub fn oathtool_hotp(secret: &str, digits: u8, counter: u64) -> String {
    tool_ok(
        "oathtool",
        &[
            "--hotp",
            "--base32",
            "-d",
            &digits.to_string(),
            "-c",
            &counter.to_string(),
            secret,
        ],
    )
    .trim()
    .to_string()
}

/// Writes a file only its owner can read, as passphrase and key files must be.
pub fn write_private(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
}

/// Runs `audit --json` (plus `extra`), checks it changed no file and exited 0 or 1, and
/// returns the status and the report.
pub fn audit_json(s: &Sandbox, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["audit", "--json"];
    args.extend_from_slice(extra);
    let before = s.snapshot();
    let out = s.run(&args);
    assert_eq!(before, s.snapshot(), "the audit changed a file");
    let code = code(&out);
    assert!(code == 0 || code == 1, "{args:?}: {}", stderr(&out));
    (
        code,
        serde_json::from_str(&stdout(&out)).expect("one JSON object"),
    )
}

pub fn account<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

pub fn codes(account: &serde_json::Value) -> Vec<String> {
    account["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// The recovery codes of `name` as `codes list NAME --show --json` shows them, in order.
pub fn shown_codes(s: &Sandbox, name: &str) -> Vec<String> {
    let listed: serde_json::Value =
        serde_json::from_str(&s.ok(&["codes", "list", name, "--show", "--json"])).unwrap();
    listed["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

/// The needs of the paths that count, sorted.
pub fn needs(account: &serde_json::Value) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = account["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["counts"] != false)
        .map(|p| {
            p["needs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    all.sort();
    all
}

/// The clock now, in Unix seconds.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A small deterministic generator for test inputs (no clock, no OS entropy: reproducible).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// A copy of mfa-kit that any user can run, in a folder of `folder_mode`, wherever the build
/// folder is (CI may build under /root, which other users cannot enter).
pub fn copy_for_any_user(folder_mode: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(folder_mode)).unwrap();
    let bin = dir.path().join("mfa-kit");
    fs::copy(assert_cmd::cargo::cargo_bin("mfa-kit"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    (dir, bin)
}

/// `start()` again while the binary it runs is "busy": a copy just written can be, for a
/// moment, while another test's fork still holds its descriptor.
pub fn retry_while_busy<T>(mut start: impl FnMut() -> std::io::Result<T>) -> T {
    (0..50)
        .find_map(|_| match start() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(100));
                None
            }
            other => Some(other.unwrap()),
        })
        .expect("the copy of the binary became executable")
}

/// `plain` (a vault document) with its seal made anew over the lines above it, as mfa-kit
/// seals a document, and as whoever holds the vault's key could reseal a hand edit.
pub fn resealed(plain: &str) -> String {
    use sha2::Digest;
    const SEAL: &str = "# sha256 of the lines above: ";
    let body = match plain.rfind(SEAL) {
        Some(at) => &plain[..at],
        None => plain,
    };
    let digest = sha2::Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{body}{SEAL}{hex}\n")
}
