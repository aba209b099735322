//! `unlock`, `lock` and the hidden `agent`: unlocking a passphrase vault once for a session.
//! `unlock` unwraps the vault's identity with the passphrase (one scrypt) and hands it to a
//! new agent; `lock` tells that agent to forget it; `agent` is the agent (src/sys/agent.rs).

use crate::app::{Context, LockKind};
use crate::cli::UnlockArgs;
use crate::core::duration;
use crate::error::{Error, Outcome, Result};
use crate::sys::agent::{self, Agent, DEFAULT_IDLE_SECS, MAX_LIFETIME_SECS, ServeOptions};
use crate::sys::{crypto, output};

pub fn unlock(ctx: &Context, args: UnlockArgs) -> Result<Outcome> {
    let idle = idle_seconds(args.timeout.as_deref())?;
    if agent::disabled() {
        return Err(Error::new(format!(
            "{} is set, so no agent may hold the vault's key",
            agent::NO_AGENT_VAR
        ))
        .hint(format!("unset {} to unlock", agent::NO_AGENT_VAR)));
    }
    let shown = ctx.vault_path.display();
    match ctx.lock_kind()? {
        LockKind::WrappedIdentity => {}
        LockKind::FirstVersionPassphrase => {
            return Err(Error::new(format!(
                "the vault {shown} was made by the first version: it is encrypted to the \
                 passphrase itself, which no agent holds"
            ))
            .hint("convert it once with `mfa-kit rekey`, then unlock"));
        }
        LockKind::IdentityFile => {
            return Err(Error::new(format!(
                "the vault {shown} opens with an identity file, not a passphrase: there is \
                 nothing to unlock"
            ))
            .hint(format!(
                "give --identity FILE (or name it in the config), and commands ask nothing; if \
                 it is a passphrase vault, its identity {} is missing: put it back",
                ctx.wrapped_identity_path().display()
            )));
        }
    }
    // Read without blocking: a FIFO or a device in its place is refused, never waited on.
    let identity_file = ctx.wrapped_identity_digest()?;
    let keyring = ctx.unwrap_vault_identity()?;
    let ciphertext = std::fs::read(&ctx.vault_path)
        .map_err(|e| Error::io("read the vault", &ctx.vault_path, &e))?;
    if !keyring
        .identities
        .iter()
        .any(|identity| crypto::opens(&ciphertext, identity.as_ref()))
    {
        return Err(Error::new(format!(
            "the identity {} does not open the vault {shown}",
            keyring.path.display()
        ))
        .hint("put back the identity file that came with this vault"));
    }
    let dir = agent::runtime_dir();
    agent::prepare_runtime_dir(&dir)?;
    // One agent a vault: the one running (perhaps with another time-out) makes way.
    if let Some(running) = Agent::at(&dir, &ctx.vault_path) {
        running.lock();
    }
    let socket = agent::socket_for(&dir, &ctx.vault_path);
    agent::start(
        &socket,
        keyring.source(),
        &identity_file,
        idle,
        MAX_LIFETIME_SECS,
    )?;
    output::note(format!(
        "Unlocked the vault {shown}: commands need no passphrase until it goes unused for {} \
         ({} at most). `mfa-kit lock` locks it now.",
        duration::describe(idle),
        duration::describe(MAX_LIFETIME_SECS)
    ));
    Ok(Outcome::Yes)
}

/// The idle time-out: --timeout, else 15 minutes; never zero, never past the 8-hour cap.
fn idle_seconds(timeout: Option<&str>) -> Result<u64> {
    let Some(text) = timeout else {
        return Ok(DEFAULT_IDLE_SECS);
    };
    let seconds = duration::parse(text)
        .map_err(|e| Error::new(format!("--timeout: {e}")).hint("give --timeout 90s, 15m or 2h"))?;
    if seconds == 0 {
        return Err(Error::new("--timeout 0 would lock the vault at once")
            .hint("give --timeout 90s, 15m or 2h"));
    }
    if seconds > MAX_LIFETIME_SECS {
        return Err(Error::new(format!(
            "--timeout {text} is longer than the {} an agent may hold the key",
            duration::describe(MAX_LIFETIME_SECS)
        ))
        .hint("give --timeout 8h or less"));
    }
    Ok(seconds)
}

pub fn lock(ctx: &Context) -> Result<Outcome> {
    let shown = ctx.vault_path.display();
    let dir = agent::runtime_dir();
    // Whatever the folder's state: a lock must never leave a key held.
    let Some(running) = Agent::to_lock(&dir, &ctx.vault_path) else {
        output::note(format!(
            "The vault {shown} was not unlocked: no agent held its key."
        ));
        return Ok(Outcome::Yes);
    };
    if running.lock() {
        wait_until_gone(running.socket());
        output::note(format!(
            "Locked the vault {shown}: its agent forgot the key and stopped."
        ));
        return Ok(Outcome::Yes);
    }
    // A socket nothing answers on: a stopped or busy agent, or one killed without its
    // clean-up. Removing the socket ends the agent as soon as it runs again (it checks every
    // second), and no command uses it meanwhile.
    match std::fs::remove_file(running.socket()) {
        Ok(()) => {
            output::note(format!(
                "Locked the vault {shown}: its agent did not answer, so its socket was removed; \
                 the agent exits as soon as it runs again."
            ));
            Ok(Outcome::Yes)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            output::note(format!(
                "The vault {shown} was not unlocked: no agent held its key."
            ));
            Ok(Outcome::Yes)
        }
        Err(e) => Err(Error::io("remove the agent's socket", running.socket(), &e)
            .hint("remove it by hand, or kill the agent (pkill -f 'mfa-kit __agent')")),
    }
}

/// Waits (a little) for the agent to remove its socket, so that a script's next command
/// finds the vault locked.
fn wait_until_gone(socket: &std::path::Path) {
    for _ in 0..200 {
        if std::fs::symlink_metadata(socket).is_err() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// The first argument that makes mfa-kit the agent: not a command of the command line (it
/// is in no help, completion or man page), only what `unlock` starts.
pub const AGENT_ARGUMENT: &str = "__agent";

/// Runs the agent when this process was started as one (`mfa-kit __agent SOCKET IDLE MAX
/// IDENTITY_FILE_SHA256`,
/// by `unlock`); None for every other command line.
pub fn serve_if_agent() -> Option<Result<Outcome>> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if args.first().is_none_or(|a| a != AGENT_ARGUMENT) {
        return None;
    }
    let number = |i: usize| {
        args.get(i)
            .and_then(|a| a.to_str())
            .and_then(|a| a.parse::<u64>().ok())
    };
    let (Some(socket), Some(idle), Some(max), Some(identity_file)) = (
        args.get(1),
        number(2),
        number(3),
        args.get(4).and_then(|a| a.to_str()),
    ) else {
        return Some(Err(Error::new(
            "the agent was started without its socket and time-outs",
        )
        .hint("start it with `mfa-kit unlock`")));
    };
    Some(
        agent::serve(ServeOptions {
            socket: std::path::Path::new(socket),
            idle_secs: idle.min(MAX_LIFETIME_SECS),
            max_secs: max.min(MAX_LIFETIME_SECS),
            identity_file,
        })
        .map(|()| Outcome::Yes),
    )
}
