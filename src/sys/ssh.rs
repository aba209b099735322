//! Trying an SSH key against its service, the way `ssh -T git@github.com` does: the system
//! `ssh` (or `MFA_KIT_SSH_COMMAND`, as git takes GIT_SSH_COMMAND), with that key alone, no
//! agent, no prompt, no remote command (nothing that could spend or replace recovery codes),
//! and a bounded time. Whatever the server says is kept for the person, never a secret.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one try may take, connection and all.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What a live try found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// The server let the key in (ssh exited with anything but 255: GitHub says 1).
    Accepted,
    /// The server refused the key ("Permission denied").
    Rejected,
    /// No answer about the key: no connection, an unknown host key, a time-out.
    Unreachable,
}

impl Live {
    pub fn as_str(self) -> &'static str {
        match self {
            Live::Accepted => "live",
            Live::Rejected => "rejected",
            Live::Unreachable => "unreachable",
        }
    }
}

/// `user@host[:port]` split into the destination and the port.
pub fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (user, rest) = host.split_once('@')?;
    if user.is_empty() || user.starts_with('-') || rest.is_empty() || rest.starts_with('-') {
        return None;
    }
    match rest.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() => {
            let port = port.parse::<u16>().ok().filter(|p| *p > 0)?;
            Some((&host[..user.len() + 1 + name.len()], Some(port)))
        }
        Some(_) => None,
        None => Some((host, None)),
    }
}

/// Tries `key` (a private key file) against `host`; returns what happened and the first line
/// the server or ssh said, for the person.
pub fn try_key(key: &Path, host: &str) -> (Live, String) {
    let Some((destination, port)) = split_host(host) else {
        return (
            Live::Unreachable,
            format!("{host:?} is not USER@HOST[:PORT]"),
        );
    };
    // -v: ssh says "Authenticated to ..." once the key is accepted, even when the server then
    // keeps the session open without a word.
    let mut args: Vec<String> = vec![
        "-v".into(),
        "-T".into(),
        "-n".into(),
        "-i".into(),
        key.display().to_string(),
        "-o".into(),
        "BatchMode=yes".into(),
        "-o".into(),
        "IdentitiesOnly=yes".into(),
        "-o".into(),
        "IdentityAgent=none".into(),
        "-o".into(),
        "PreferredAuthentications=publickey".into(),
        "-o".into(),
        "ConnectTimeout=10".into(),
    ];
    if let Some(port) = port {
        args.push("-p".into());
        args.push(port.to_string());
    }
    // "--" ends ssh's options: nothing after it is read as one.
    args.push("--".into());
    args.push(destination.to_string());
    let mut command = match std::env::var("MFA_KIT_SSH_COMMAND") {
        Ok(custom) if !custom.trim().is_empty() => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("{custom} \"$@\""))
                .arg("mfa-kit-ssh");
            c
        }
        _ => Command::new("ssh"),
    };
    // Its own process group, so that a time-out ends it whole (a wrapping shell and the ssh
    // it started), and nothing is left holding the pipes.
    use std::os::unix::process::CommandExt;
    command
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return (
                Live::Unreachable,
                format!("cannot run ssh: {}", crate::error::describe_io(&e)),
            );
        }
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > TIMEOUT => {
                // SAFETY: kill with a negative pid signals the process group we created.
                unsafe {
                    libc::kill(-(child.id() as i32), libc::SIGKILL);
                }
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let mut said = String::new();
    for stream in [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn Read>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn Read>),
    ]
    .into_iter()
    .flatten()
    {
        let _ = stream.take(64 * 1024).read_to_string(&mut said);
    }
    // What the server or ssh said for a person: the first line that is not ssh's own chatter.
    let first = said
        .lines()
        .map(str::trim)
        .find(|l| {
            !l.is_empty()
                && !l.starts_with("debug")
                && !l.starts_with("OpenSSH_")
                && !l.starts_with("Authenticated to")
                && !l.starts_with("Transferred:")
                && !l.starts_with("Bytes per second")
        })
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let authenticated = said.contains("Authenticated to ");
    match status {
        None if authenticated => (
            Live::Accepted,
            format!(
                "accepted; the server then said nothing within {} seconds",
                TIMEOUT.as_secs()
            ),
        ),
        None => (
            Live::Unreachable,
            format!("no answer within {} seconds", TIMEOUT.as_secs()),
        ),
        Some(status) if status.code() == Some(255) => {
            if said.contains("Permission denied") {
                (Live::Rejected, first)
            } else {
                (Live::Unreachable, first)
            }
        }
        Some(_) => (Live::Accepted, first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_user_at_host_with_an_optional_port() {
        assert_eq!(
            split_host("git@bitbucket.org"),
            Some(("git@bitbucket.org", None))
        );
        assert_eq!(
            split_host("git@127.0.0.1:2222"),
            Some(("git@127.0.0.1", Some(2222)))
        );
        for bad in [
            "bitbucket.org",
            "@host",
            "git@",
            "-oProxyCommand=x@h",
            "git@-h",
            "git@h:0",
            "git@h:x",
        ] {
            assert_eq!(split_host(bad), None, "{bad}");
        }
    }
}
