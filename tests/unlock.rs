//! Unlocking once: a passphrase vault keeps its own identity encrypted with the passphrase
//! (stock age opens it), first-version vaults convert with `rekey`, and `unlock` starts a real
//! agent that serves only its own user, never hands out its key, and goes away at its
//! time-out, on `lock`, when its socket is removed, or when killed, without ever making a
//! command hang.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn s_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A passphrase vault made by `init --passphrase`, with one account; the passphrase file.
fn passphrase_vault() -> (Sandbox, PathBuf) {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "correct horse battery staple\n");
    s.ok(&["--passphrase-file", s_str(&pass), "init", "--passphrase"]);
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "add",
        "github",
        "--secret",
        SECRET,
    ]);
    (s, pass)
}

fn wrapped_identity(s: &Sandbox) -> PathBuf {
    s.path(".local/share/mfa-kit/vault.identity.age")
}

/// Stock age run by `script` on a terminal, `answers` typed at its prompts (half a second
/// apart: age opens the terminal before it asks, as a person would wait to see it); its
/// standard output.
fn stock_age_on_a_terminal(args: &str, answers: &[&str]) -> String {
    use std::io::Write;
    let mut child = Command::new("script")
        .args(["-qefc"])
        .arg(format!("age {args}"))
        .arg("/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script and age are installed; see .ci/run");
    let mut stdin = child.stdin.take().unwrap();
    for answer in answers {
        std::thread::sleep(Duration::from_millis(500));
        let _ = writeln!(stdin, "{answer}");
    }
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stock age decrypting `file` with an identity file it asks the passphrase of.
fn stock_age_with_encrypted_identity(identity: &Path, file: &Path, passphrase: &str) -> String {
    stock_age_on_a_terminal(
        &format!("-d -i '{}' '{}'", identity.display(), file.display()),
        &[passphrase],
    )
}

/// Stock age encrypting `plain` to a passphrase (`age -p`), typed twice.
fn stock_age_encrypt_with_passphrase(plain: &Path, out: &Path, passphrase: &str) {
    stock_age_on_a_terminal(
        &format!("-p -o '{}' '{}'", out.display(), plain.display()),
        &[passphrase, passphrase],
    );
    assert!(out.exists(), "age -p wrote nothing");
}

/// The pid of the agent listening in this sandbox's runtime folder, if one runs.
fn agent_pid(s: &Sandbox) -> Option<u32> {
    let marker = s.runtime.path().to_str().unwrap().to_string();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.get(1).map(String::as_str) == Some("__agent")
            && args.get(2).is_some_and(|a| a.starts_with(&marker))
            && !is_zombie(pid)
        {
            return Some(pid);
        }
    }
    None
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(true)
}

fn sockets(s: &Sandbox) -> Vec<PathBuf> {
    std::fs::read_dir(s.agent_dir())
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// Waits up to `limit` for `done`; true when it came.
fn eventually(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    done()
}

fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs mfa-kit with a hard limit: a command that hangs fails the test instead of holding it.
fn run_bounded(s: &Sandbox, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut cmd = s.cmd(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("mfa-kit {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One request to the agent from a raw client (Python's socket module, not mfa-kit), run as
/// `user` (none: this user). The request is an unwrap of the vault's own header stanzas.
fn raw_unwrap(s: &Sandbox, socket: &Path, user: Option<&str>) -> String {
    let script = r#"
import base64, json, socket, sys
header = open(sys.argv[2], 'rb').read().split(b'\n---')[0].decode()
stanzas, lines = [], header.split('\n')[1:]
i = 0
while i < len(lines):
    args = lines[i][3:].split(' ')
    body = ''
    i += 1
    while True:
        body += lines[i]
        i += 1
        if len(lines[i - 1]) < 64:
            break
    raw = base64.b64decode(body + '=' * (-len(body) % 4))
    stanzas.append({'tag': args[0], 'args': args[1:], 'body': base64.b64encode(raw).decode()})
conn = socket.socket(socket.AF_UNIX)
conn.settimeout(10)
try:
    conn.connect(sys.argv[1])
    try:
        conn.sendall((json.dumps({'op': 'unwrap', 'stanzas': stanzas}) + '\n').encode())
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before reading: its answer is still there to read
    reply = b''
    while not reply.endswith(b'\n'):
        chunk = conn.recv(4096)
        if not chunk:
            break
        reply += chunk
    print(reply.decode().strip() or 'closed')
except OSError as e:
    print('error:', e)
"#;
    let mut cmd = match user {
        Some(user) => {
            let mut cmd = Command::new("setpriv");
            cmd.args([
                &format!("--reuid={user}"),
                "--regid=nogroup",
                "--clear-groups",
                "/usr/bin/python3",
            ]);
            cmd
        }
        None => Command::new("/usr/bin/python3"),
    };
    let vault_copy = s.runtime.path().join("vault-header.age");
    std::fs::copy(s.vault(), &vault_copy).unwrap();
    std::fs::set_permissions(
        &vault_copy,
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let out = cmd
        .args(["-c", script, s_str(socket), s_str(&vault_copy)])
        .output()
        .expect("python3 and setpriv are installed; see .ci/run");
    std::fs::remove_file(&vault_copy).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_passphrase_vault_keeps_its_own_identity_and_stock_age_opens_it_with_the_passphrase() {
    let (s, pass) = passphrase_vault();
    let identity = wrapped_identity(&s);
    let head = std::fs::read(s.vault()).unwrap();
    assert!(String::from_utf8_lossy(&head[..120]).contains("-> X25519 "));
    let head = std::fs::read(&identity).unwrap();
    assert!(String::from_utf8_lossy(&head[..120]).contains("-> scrypt "));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&identity).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Stock age, with the identity file and the passphrase typed at its prompt.
    let plain =
        stock_age_with_encrypted_identity(&identity, &s.vault(), "correct horse battery staple");
    assert!(plain.contains(&format!("secret = \"{SECRET}\"")), "{plain}");
    // A wrong passphrase is refused, nothing changes.
    let wrong = s.path("wrong.txt");
    write_private(&wrong, "not it\n");
    let err = s.fails(&["--passphrase-file", s_str(&wrong), "list"]);
    assert!(err.contains("wrong passphrase"), "{err}");
    // A write leaves the identity file as it was: only the vault is re-encrypted.
    let before = std::fs::read(&identity).unwrap();
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "add",
        "gitlab",
        "--secret",
        SECRET,
    ]);
    assert_eq!(std::fs::read(&identity).unwrap(), before);
    // The identity is one of the files no --out may replace.
    let err = s.fails(&[
        "--passphrase-file",
        s_str(&pass),
        "export",
        "--format",
        "otpauth",
        "--out",
        s_str(&identity),
    ]);
    assert!(err.contains("the vault's own identity"), "{err}");
    // Without it, the vault says what is missing.
    std::fs::rename(&identity, s.path("aside.age")).unwrap();
    let err = s.fails(&["--passphrase-file", s_str(&pass), "list"]);
    assert!(err.contains("vault.identity.age"), "{err}");
}

#[test]
fn a_first_version_vault_still_opens_and_rekey_converts_it() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "old style\n");
    // A first-version passphrase vault: the document encrypted to the passphrase itself, made
    // here by stock age (`age -p`, passphrase typed twice).
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let document = s.path("doc.toml");
    std::fs::write(&document, s.age_decrypt_vault()).unwrap();
    let v1 = s.path("v1.age");
    stock_age_encrypt_with_passphrase(&document, &v1, "old style");
    std::fs::remove_file(&document).unwrap();
    let head = std::fs::read(&v1).unwrap();
    assert!(String::from_utf8_lossy(&head[..80]).contains("-> scrypt "));
    let p = s_str(&pass);
    let vault = s_str(&v1);
    // One moment for both: the clock read again after the scrypt could be in the next step.
    let now = unix_now();
    assert_eq!(
        s.ok(&[
            "--vault",
            vault,
            "--passphrase-file",
            p,
            "code",
            "github",
            "--time",
            &now.to_string()
        ])
        .trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, now)
    );
    // No agent can hold a passphrase vault of the first version: said, with the fix.
    let err = s.fails(&["--vault", vault, "--passphrase-file", p, "unlock"]);
    assert!(
        err.contains("first version") && err.contains("rekey"),
        "{err}"
    );

    s.ok(&["--vault", vault, "--passphrase-file", p, "rekey"]);
    let head = std::fs::read(&v1).unwrap();
    assert!(String::from_utf8_lossy(&head[..80]).contains("-> X25519 "));
    let identity = s.path("v1.identity.age");
    let plain = stock_age_with_encrypted_identity(&identity, &v1, "old style");
    assert!(plain.contains(&format!("secret = \"{SECRET}\"")), "{plain}");
    assert_eq!(
        s.ok(&["--vault", vault, "--passphrase-file", p, "list"]),
        "github\n"
    );
    // An identity vault has nothing to rekey or unlock: refused, with what to do.
    let err = s.fails(&["rekey"]);
    assert!(err.contains("identity file"), "{err}");
    let err = s.fails(&["unlock"]);
    assert!(err.contains("nothing to unlock"), "{err}");
}

#[test]
fn rekey_changes_the_passphrase_and_a_crash_at_any_step_leaves_a_vault_that_opens() {
    let (s, old) = passphrase_vault();
    let new = s.path("new.txt");
    write_private(&new, "a much better passphrase\n");
    let identity = wrapped_identity(&s);
    // Killed (a failed rename stands for a crash) at each of the three steps: the vault still
    // opens, with the old passphrase or the new one, and holds the account.
    for when in 1..=3 {
        let out = with_failed_rename(
            &s,
            when,
            &[
                "--passphrase-file",
                s_str(&old),
                "rekey",
                "--new-passphrase-file",
                s_str(&new),
            ],
        );
        assert_eq!(code(&out), 2, "rename #{when}: {}", stderr(&out));
        let opens_with =
            |pass: &Path| code(&s.run(&["--passphrase-file", s_str(pass), "list"])) == 0;
        assert!(
            opens_with(&old) || opens_with(&new),
            "after a failure at rename #{when} the vault opens with neither passphrase"
        );
        // Put it back to the old passphrase for the next round, when it moved on.
        if !opens_with(&old) {
            s.ok(&[
                "--passphrase-file",
                s_str(&new),
                "rekey",
                "--new-passphrase-file",
                s_str(&old),
            ]);
        }
        assert_eq!(
            s.ok(&["--passphrase-file", s_str(&old), "list"]),
            "github\n"
        );
    }
    let old_identity = std::fs::read(&identity).unwrap();
    s.ok(&[
        "--passphrase-file",
        s_str(&old),
        "rekey",
        "--new-passphrase-file",
        s_str(&new),
    ]);
    assert_ne!(std::fs::read(&identity).unwrap(), old_identity);
    let err = s.fails(&["--passphrase-file", s_str(&old), "list"]);
    assert!(err.contains("wrong passphrase"), "{err}");
    assert_eq!(
        s.ok(&["--passphrase-file", s_str(&new), "list"]),
        "github\n"
    );
    let plain =
        stock_age_with_encrypted_identity(&identity, &s.vault(), "a much better passphrase");
    assert!(plain.contains(&format!("secret = \"{SECRET}\"")), "{plain}");
    // No vault file is ever encrypted to the old identity: the old identity file, with the
    // old passphrase, opens nothing any more.
    let aside = s.path("old.identity.age");
    std::fs::write(&aside, &old_identity).unwrap();
    let plain =
        stock_age_with_encrypted_identity(&aside, &s.vault(), "correct horse battery staple");
    assert!(!plain.contains("secret ="), "{plain}");
}

#[test]
fn unlock_lets_commands_run_without_a_passphrase_until_lock() {
    let (s, pass) = passphrase_vault();
    // No agent yet: without a passphrase and a terminal, a command fails at once.
    let err = s.fails(&["list"]);
    assert!(err.contains("passphrase"), "{err}");

    let out = s.run(&[
        "--passphrase-file",
        s_str(&pass),
        "unlock",
        "--timeout",
        "5m",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("5 minutes"), "{}", stderr(&out));
    use std::os::unix::fs::PermissionsExt;
    let dir_mode = std::fs::metadata(s.agent_dir())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
    let listening = sockets(&s);
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert_eq!(
        std::fs::metadata(&listening[0])
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let pid = agent_pid(&s).expect("the agent runs");

    // Reads and writes, no passphrase anywhere, standard input closed.
    assert_eq!(s.ok(&["list"]), "github\n");
    s.ok(&["add", "gitlab", "--secret", SECRET]);
    let out = s.run_with_stdin(&["codes", "add", "github"], "aaaa-bbbb\ncccc-dddd\n");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let now = unix_now();
    assert_eq!(
        s.ok(&["code", "gitlab", "--time", &now.to_string()]).trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, now / 30 * 30)
    );
    // What the agent helped write opens with the passphrase alone (no agent) and stock age.
    let plain = stock_age_with_encrypted_identity(
        &wrapped_identity(&s),
        &s.vault(),
        "correct horse battery staple",
    );
    assert!(
        plain.contains("name = \"gitlab\"") && plain.contains("aaaa-bbbb"),
        "{plain}"
    );
    // MFA_KIT_NO_AGENT=1 keeps a command away from it.
    let out = run_bounded(&s, &[("MFA_KIT_NO_AGENT", "1")], &["list"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("passphrase"), "{}", stderr(&out));
    let out = run_bounded(
        &s,
        &[("MFA_KIT_NO_AGENT", "1")],
        &["--passphrase-file", s_str(&pass), "unlock"],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no agent may hold"),
        "{}",
        stderr(&out)
    );

    let out = s.run(&["lock"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("Locked"), "{}", stderr(&out));
    assert!(sockets(&s).is_empty(), "{:?}", sockets(&s));
    assert!(eventually(Duration::from_secs(5), || agent_pid(&s) != Some(pid)));
    let err = s.fails(&["list"]);
    assert!(err.contains("passphrase"), "{err}");
    // Locking a locked vault says so and succeeds (scripts may lock twice).
    let out = s.run(&["lock"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("not unlocked"), "{}", stderr(&out));
}

#[test]
fn the_agent_serves_only_its_own_user_and_never_hands_out_its_key() {
    let (s, pass) = passphrase_vault();
    s.ok(&["--passphrase-file", s_str(&pass), "unlock"]);
    let socket = sockets(&s).pop().expect("a socket");
    let pid = agent_pid(&s).expect("the agent runs");
    // Its own user gets the file key of the vault it was shown, and the public recipient:
    // never the identity.
    let mine = raw_unwrap(&s, &socket, None);
    assert!(
        mine.contains("\"ok\":true") && mine.contains("file_key"),
        "{mine}"
    );
    assert!(!mine.contains("AGE-SECRET-KEY"), "{mine}");
    // Another user reaches the socket only if someone opens the folder; even then, refused.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(s.runtime.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    std::fs::set_permissions(s.agent_dir(), std::fs::Permissions::from_mode(0o711)).unwrap();
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o666)).unwrap();
    let theirs = raw_unwrap(&s, &socket, Some("nobody"));
    assert!(theirs.contains("refused"), "{theirs}");
    assert!(!theirs.contains("file_key"), "{theirs}");
    // mfa-kit itself no longer trusts an agent in a folder open to others: it asks again.
    let err = s.fails(&["list"]);
    assert!(err.contains("passphrase"), "{err}");
    std::fs::set_permissions(s.agent_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(s.ok(&["list"]), "github\n");
    // The key is held in locked memory, in a process that cannot be dumped, and is nowhere
    // on disk or in the agent's command line.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let locked_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmLck:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    assert!(locked_kb > 0, "{status}");
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains("AGE-SECRET-KEY"));
    for entry in std::fs::read_dir(s.agent_dir()).unwrap().flatten() {
        let meta = std::fs::symlink_metadata(entry.path()).unwrap();
        assert!(
            std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()),
            "{:?} in the agent's folder",
            entry.path()
        );
    }
    s.ok(&["lock"]);
}

#[test]
fn the_agent_goes_at_its_idle_time_out_and_when_its_socket_is_removed() {
    let (s, pass) = passphrase_vault();
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "unlock",
        "--timeout",
        "2s",
    ]);
    let pid = agent_pid(&s).expect("the agent runs");
    assert!(
        eventually(Duration::from_secs(20), || agent_pid(&s).is_none()),
        "the agent {pid} outlived its time-out"
    );
    assert!(sockets(&s).is_empty(), "{:?}", sockets(&s));
    let err = s.fails(&["list"]);
    assert!(err.contains("passphrase"), "{err}");

    // Removing the socket (a logout empties the runtime folder) ends it too.
    s.ok(&["--passphrase-file", s_str(&pass), "unlock"]);
    let pid = agent_pid(&s).expect("the agent runs");
    for socket in sockets(&s) {
        std::fs::remove_file(socket).unwrap();
    }
    assert!(
        eventually(Duration::from_secs(20), || agent_pid(&s).is_none()),
        "the agent {pid} outlived its socket"
    );

    // Unlocking again replaces a running agent: one agent a vault.
    s.ok(&["--passphrase-file", s_str(&pass), "unlock"]);
    let first = agent_pid(&s).expect("the agent runs");
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "unlock",
        "--timeout",
        "1h",
    ]);
    assert!(eventually(Duration::from_secs(20), || {
        agent_pid(&s).is_some_and(|p| p != first)
            && !std::path::Path::new(&format!("/proc/{first}/cmdline")).exists()
            || is_zombie(first)
    }));
    assert_eq!(sockets(&s).len(), 1);
    assert_eq!(s.ok(&["list"]), "github\n");
    s.ok(&["lock"]);
}

#[test]
fn a_killed_or_stopped_agent_never_makes_a_command_hang() {
    let (s, pass) = passphrase_vault();
    s.ok(&["--passphrase-file", s_str(&pass), "unlock"]);
    let pid = agent_pid(&s).expect("the agent runs");
    // Stopped: it accepts connections and never answers. The command gives up on it and
    // uses the passphrase; with neither, it fails at once.
    kill(pid, "-STOP");
    let out = run_bounded(&s, &[], &["--passphrase-file", s_str(&pass), "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "github\n");
    let out = run_bounded(&s, &[], &["list"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    kill(pid, "-CONT");
    // Killed outright: its socket stays behind, answers nothing, and is cleared away.
    kill(pid, "-KILL");
    // Gone for good, its descriptors closed: a zombie or no process at all (its command line
    // empties earlier, while it still holds its socket).
    assert!(eventually(Duration::from_secs(10), || is_zombie(pid)));
    assert_eq!(sockets(&s).len(), 1, "the kill left the socket");
    let out = run_bounded(&s, &[], &["list"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("passphrase"), "{}", stderr(&out));
    assert!(sockets(&s).is_empty(), "the stale socket stayed");
    let out = run_bounded(&s, &[], &["--passphrase-file", s_str(&pass), "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // `lock` with no agent left succeeds, and a new unlock works.
    s.ok(&["lock"]);
    s.ok(&["--passphrase-file", s_str(&pass), "unlock"]);
    assert_eq!(s.ok(&["list"]), "github\n");
    s.ok(&["lock"]);
}

#[test]
fn unlock_in_a_script_returns_at_once_and_bad_requests_change_nothing() {
    let (s, pass) = passphrase_vault();
    // `$(mfa-kit unlock)`: the agent holds none of the caller's streams.
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let script = format!(
        "out=$('{}' --passphrase-file '{}' unlock 2>&1); echo \"done: $out\"",
        bin.display(),
        pass.display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MFA_KIT_DEVICE", "laptop")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("$(mfa-kit unlock) waited for the agent");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("done: Unlocked"));
    s.ok(&["lock"]);

    let p = s_str(&pass);
    for (args, expected) in [
        (
            vec!["--passphrase-file", p, "unlock", "--timeout", "15"],
            "15m",
        ),
        (
            vec!["--passphrase-file", p, "unlock", "--timeout", "9h"],
            "8h or less",
        ),
        (
            vec!["--passphrase-file", p, "unlock", "--timeout", "0s"],
            "at once",
        ),
        (
            vec!["--passphrase-file", p, "unlock", "--timeout", "ten"],
            "not a duration",
        ),
        (vec!["unlock"], "no terminal"),
        (
            vec!["rekey", "--passphrase-file", p, "--new-passphrase"],
            "no terminal",
        ),
    ] {
        let err = s.fails(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(sockets(&s).is_empty());
    }
    let wrong = s.path("wrong.txt");
    write_private(&wrong, "nope\n");
    let err = s.fails(&["--passphrase-file", s_str(&wrong), "unlock"]);
    assert!(err.contains("wrong passphrase"), "{err}");
    assert!(sockets(&s).is_empty() && agent_pid(&s).is_none());
}

/// Runs `mfa-kit ARGS` under strace with the `when`-th rename failing (a crash at that step).
fn with_failed_rename(s: &Sandbox, when: u32, args: &[&str]) -> std::process::Output {
    let log = s.path("strace.log");
    let out = Command::new("strace")
        .args(["-f", "-qq", "-o", s_str(&log), "-e", "trace=rename", "-e"])
        .arg(format!("inject=rename:error=EIO:when={when}"))
        .arg(assert_cmd::cargo::cargo_bin("mfa-kit"))
        .args(args)
        .env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("MFA_KIT_DEVICE", "laptop")
        .stdin(Stdio::null())
        .output()
        .expect("strace is installed; see .ci/run");
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    std::fs::remove_file(&log).ok();
    assert!(
        trace.contains("INJECTED"),
        "rename #{when} was not injected"
    );
    out
}

#[test]
fn a_rekey_that_fails_half_way_with_an_agent_running_loses_nothing_and_says_where_it_stands() {
    let (s, pass) = passphrase_vault();
    let new = s.path("new.txt");
    write_private(&new, "the next passphrase\n");
    s.ok(&["--passphrase-file", s_str(&pass), "unlock"]);
    // The last step fails: the new identity and passphrase are in place, the vault is still
    // encrypted to both keys. The agent (old key) was locked first, and the error says so.
    let out = with_failed_rename(
        &s,
        3,
        &[
            "--passphrase-file",
            s_str(&pass),
            "rekey",
            "--new-passphrase-file",
            s_str(&new),
        ],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_one_error_line(&err);
    assert!(
        err.contains("NEW passphrase") && err.contains("rekey"),
        "{err}"
    );
    assert!(
        agent_pid(&s).is_none(),
        "the agent with the old key still runs"
    );
    // A write now (no agent: it is gone) keeps the vault opening with what is beside it.
    s.ok(&[
        "--passphrase-file",
        s_str(&new),
        "add",
        "gitlab",
        "--secret",
        SECRET,
    ]);
    let plain =
        stock_age_with_encrypted_identity(&wrapped_identity(&s), &s.vault(), "the next passphrase");
    assert!(plain.contains("name = \"gitlab\""), "{plain}");
    // Running rekey again finishes the job.
    s.ok(&["--passphrase-file", s_str(&new), "rekey"]);
    assert_eq!(
        s.ok(&["--passphrase-file", s_str(&new), "list"]),
        "github\ngitlab\n"
    );

    // An agent unlocked from an identity file that is no longer the vault's is never used,
    // even holding the same key: here the identity file is re-encrypted by stock age.
    s.ok(&["--passphrase-file", s_str(&new), "unlock"]);
    assert_eq!(s.ok(&["list"]), "github\ngitlab\n");
    let clear = s.path("identity-clear.txt");
    let identity_text =
        stock_age_with_encrypted_identity_file(&wrapped_identity(&s), "the next passphrase");
    write_private(&clear, &identity_text);
    let rewrapped = s.path("rewrapped.age");
    stock_age_encrypt_with_passphrase(&clear, &rewrapped, "the next passphrase");
    std::fs::remove_file(&clear).unwrap();
    std::fs::rename(&rewrapped, wrapped_identity(&s)).unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("passphrase"), "{err}");
    assert_eq!(
        s.ok(&["--passphrase-file", s_str(&new), "list"]),
        "github\ngitlab\n"
    );
    s.ok(&["lock"]);
}

/// Stock age decrypting an encrypted identity file itself, the passphrase typed on a terminal.
fn stock_age_with_encrypted_identity_file(file: &Path, passphrase: &str) -> String {
    let text = stock_age_on_a_terminal(&format!("-d '{}'", file.display()), &[passphrase]);
    text.lines()
        .filter(|l| l.starts_with('#') || l.starts_with("AGE-SECRET-KEY-"))
        .map(|l| format!("{}\n", l.trim_end_matches('\r')))
        .collect()
}

#[test]
fn a_stray_identity_file_never_takes_over_an_identity_vault() {
    let (other, _) = passphrase_vault();
    let s = Sandbox::new();
    // init --identity next to a passphrase vault's identity (its vault gone): refused.
    std::fs::create_dir_all(s.vault().parent().unwrap()).unwrap();
    std::fs::copy(wrapped_identity(&other), wrapped_identity(&s)).unwrap();
    let err = s.fails(&["init", "--identity", s_str(&s.identity())]);
    assert!(err.contains("without its vault"), "{err}");
    std::fs::remove_file(wrapped_identity(&s)).unwrap();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    // One copied there later: the identity in the config opens the vault, and wins.
    std::fs::copy(wrapped_identity(&other), wrapped_identity(&s)).unwrap();
    assert_eq!(s.ok(&["list"]), "github\n");
    s.ok(&["add", "gitlab", "--secret", SECRET]);
    assert!(age_decrypt(&s.vault(), &s.identity()).contains("gitlab"));
    let err = s.fails(&["unlock"]);
    assert!(err.contains("nothing to unlock"), "{err}");
    // And an identity given for another vault does not shut out a passphrase vault.
    let (p, pass) = passphrase_vault();
    let elsewhere = p.path("elsewhere.txt");
    let out = Command::new("age-keygen")
        .args(["-o", s_str(&elsewhere)])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        p.ok(&[
            "--identity",
            s_str(&elsewhere),
            "--passphrase-file",
            s_str(&pass),
            "list"
        ]),
        "github\n"
    );
    // The vault's own encrypted identity given as --identity: said what it is.
    let err = p.fails(&["--identity", s_str(&wrapped_identity(&p)), "list"]);
    assert!(err.contains("itself encrypted"), "{err}");
}

#[test]
fn following_the_damaged_vault_hint_keeps_the_damaged_copy_openable() {
    let (s, pass) = passphrase_vault();
    let backup = s.path("b.age");
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "backup",
        "--out",
        s_str(&backup),
        "--passphrase",
    ]);
    let original_identity = std::fs::read(wrapped_identity(&s)).unwrap();
    let mut bytes = std::fs::read(s.vault()).unwrap();
    bytes.truncate(bytes.len() - 30);
    std::fs::write(s.vault(), &bytes).unwrap();
    let err = s.fails(&["--passphrase-file", s_str(&pass), "list"]);
    // Follow the hint as written: its shell commands, then its restore.
    let commands = err
        .split("move it aside (")
        .nth(1)
        .and_then(|rest| rest.split(") and rebuild").next())
        .unwrap_or_else(|| panic!("no commands in: {err}"));
    let status = Command::new("sh").args(["-c", commands]).status().unwrap();
    assert!(status.success(), "{commands}");
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "restore",
        s_str(&backup),
        "--passphrase",
    ]);
    assert_eq!(
        s.ok(&["--passphrase-file", s_str(&pass), "list"]),
        "github\n"
    );
    // A later rekey leaves the damaged copy's identity alone.
    s.ok(&["--passphrase-file", s_str(&pass), "rekey"]);
    let aside = s.path(".local/share/mfa-kit/vault-damaged.identity.age");
    assert_eq!(std::fs::read(&aside).unwrap(), original_identity);
    assert!(s.path(".local/share/mfa-kit/vault-damaged.age").exists());
}

#[test]
fn the_agent_lets_go_of_the_caller_and_lock_never_leaves_a_key_held() {
    let (s, pass) = passphrase_vault();
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    // A script holding a lock file and a pipe while it unlocks: neither stays held.
    let lockfile = s.path("script.lock");
    let script = format!(
        "exec 9>'{}'; flock 9; '{}' --passphrase-file '{}' unlock 2>/dev/null; exec 9>&-; flock -n '{}' true && echo free",
        lockfile.display(),
        bin.display(),
        pass.display(),
        lockfile.display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MFA_KIT_DEVICE", "laptop")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "free");
    let pid = agent_pid(&s).expect("the agent runs");
    assert_eq!(
        std::fs::read_link(format!("/proc/{pid}/cwd")).unwrap(),
        PathBuf::from("/")
    );
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    assert!(fds <= 4, "the agent holds {fds} descriptors");
    // Stopped, it cannot answer `lock`: its socket is removed, and it goes when it runs.
    kill(pid, "-STOP");
    let out = run_bounded(&s, &[], &["lock"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("did not answer"), "{}", stderr(&out));
    assert!(sockets(&s).is_empty());
    kill(pid, "-CONT");
    assert!(eventually(Duration::from_secs(10), || agent_pid(&s).is_none()));
    // A client that sends a byte now and then cannot keep it past its time-out.
    s.ok(&[
        "--passphrase-file",
        s_str(&pass),
        "unlock",
        "--timeout",
        "2s",
    ]);
    let socket = sockets(&s).pop().unwrap();
    let drip = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import socket, sys, time\nc = socket.socket(socket.AF_UNIX)\nc.connect(sys.argv[1])\nfor _ in range(40):\n    try:\n        c.send(b' ')\n    except OSError:\n        break\n    time.sleep(0.5)\n",
            s_str(&socket),
        ])
        .spawn()
        .unwrap();
    assert!(
        eventually(Duration::from_secs(15), || agent_pid(&s).is_none()),
        "a slow client kept the agent past its time-out"
    );
    let mut drip = drip;
    let _ = drip.kill();
    let _ = drip.wait();
    // A runtime folder too deep for a Unix socket: said, with the fix.
    let deep = s.runtime.path().join("d".repeat(100));
    std::fs::create_dir(&deep).unwrap();
    let out = run_bounded(
        &s,
        &[("XDG_RUNTIME_DIR", s_str(&deep))],
        &["--passphrase-file", s_str(&pass), "unlock"],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("too long a path"), "{}", stderr(&out));
}

#[test]
fn a_fifo_in_place_of_the_vault_s_identity_is_refused_at_once() {
    let (s, pass) = passphrase_vault();
    std::fs::rename(wrapped_identity(&s), s.path("aside.age")).unwrap();
    let status = Command::new("mkfifo")
        .arg(wrapped_identity(&s))
        .status()
        .unwrap();
    assert!(status.success());
    for args in [
        vec!["--passphrase-file", s_str(&pass), "unlock"],
        vec!["--passphrase-file", s_str(&pass), "list"],
    ] {
        let out = run_bounded(&s, &[], &args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

/// A command that unwrapped the vault's key, then waited for the lock while a rekey replaced
/// the vault's identity and failed before its last step (the vault still open to both keys),
/// never saves the vault to the old key, which nobody has any more: it says the vault changed
/// while it waited, and the vault still opens.
#[test]
fn a_command_waiting_through_a_failed_rekey_never_saves_to_the_old_key() {
    let (s, pass) = passphrase_vault();
    let lock = s.path(".local/share/mfa-kit/vault.age.lock");
    let log = s.path("strace.log");
    // The rekey holds the lock five seconds at its first write; its last rename fails.
    let rekey = Command::new("strace")
        .args(["-f", "-qq", "-o", s_str(&log), "-e", "trace=linkat,rename"])
        .args(["-e", "inject=linkat:delay_enter=5000000:when=1"])
        .args(["-e", "inject=rename:error=EIO:when=3"])
        .arg(assert_cmd::cargo::cargo_bin("mfa-kit"))
        .args(["--passphrase-file", s_str(&pass), "rekey"])
        .env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("MFA_KIT_DEVICE", "laptop")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("strace is installed; see .ci/run");
    let held = eventually(Duration::from_secs(60), || {
        Command::new("flock")
            .args(["-n", s_str(&lock), "true"])
            .status()
            .is_ok_and(|status| !status.success())
    });
    assert!(held, "the rekey never took the lock");
    let add = s.run(&[
        "--passphrase-file",
        s_str(&pass),
        "add",
        "during",
        "--secret",
        SECRET,
    ]);
    let rekey = rekey.wait_with_output().unwrap();
    assert_eq!(
        code(&rekey),
        2,
        "the rekey's last step fails: {}",
        stderr(&rekey)
    );
    assert_eq!(code(&add), 2, "{}", stderr(&add));
    assert!(
        stderr(&add).contains("changed while this command waited"),
        "{}",
        stderr(&add)
    );
    let listed = s.run(&["--passphrase-file", s_str(&pass), "list"]);
    assert_eq!(
        code(&listed),
        0,
        "the vault no longer opens: {}",
        stderr(&listed)
    );
    assert_eq!(stdout(&listed), "github\n");
}
