//! `ssh add|check|remove`: SSH keys that services accept for recovery, registered by their
//! SHA256 fingerprint (as `ssh-keygen -l` prints it), checked on this device, never used to
//! connect anywhere.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::app::{Context, check_locations};
use crate::cli::{SshAddArgs, SshCheckArgs, SshCommand, SshRemoveArgs};
use crate::core::packed::PackedTexts;
use crate::core::secret::SecretString;
use crate::core::sshkey::{KeyState, inspect_key};
use crate::core::vault::{Account, LiveCheck, SshKey};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;
use crate::sys::ssh::{Live, split_host, try_key};

pub fn run(ctx: &Context, command: SshCommand) -> Result<Outcome> {
    match command {
        SshCommand::Add(args) => add(ctx, args),
        SshCommand::Check(args) => check(ctx, args),
        SshCommand::Remove(args) => remove(ctx, args),
    }
}

/// Key files are small; a larger file is not a key.
const MAX_KEY_FILE: u64 = 64 * 1024;

fn read_key_file(path: &Path) -> Result<zeroize::Zeroizing<String>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read the key file", path, &e))?;
    if !meta.is_file() || meta.len() > MAX_KEY_FILE {
        return Err(
            Error::new(format!("{} is not an SSH key file", path.display()))
                .hint("give the key file (for example ~/.ssh/id_ed25519.pub)"),
        );
    }
    let bytes = zeroize::Zeroizing::new(
        std::fs::read(path).map_err(|e| Error::io("read the key file", path, &e))?,
    );
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::new(format!(
            "{} is not an SSH key file (not text)",
            path.display()
        ))
        .hint("give the key file (for example ~/.ssh/id_ed25519.pub)")
    })?;
    Ok(zeroize::Zeroizing::new(text.to_string()))
}

fn add(ctx: &Context, args: SshAddArgs) -> Result<Outcome> {
    let at = match &args.at {
        Some(at) => at.clone(),
        None => ctx.device()?,
    };
    check_locations([&at])?;
    let text = read_key_file(&args.keyfile)?;
    let info = inspect_key(&text).map_err(|e| {
        Error::new(format!("cannot read {}: {e}", args.keyfile.display()))
            .hint("give an OpenSSH public or private key file")
    })?;
    if args.store && !info.private {
        return Err(
            Error::new("--store keeps the private key, and this is a public key file")
                .hint("give the private key file, or drop --store"),
        );
    }
    if let Some(host) = &args.host
        && split_host(host).is_none()
    {
        return Err(
            Error::new(format!("--host {host:?} is not USER@HOST[:PORT]"))
                .hint("for example: --host git@bitbucket.org"),
        );
    }
    let path = std::path::absolute(&args.keyfile).unwrap_or_else(|_| args.keyfile.clone());
    if !info.private && at == ctx.device()? {
        let beside = private_beside(&path).filter(|p| p.exists());
        if beside.is_none() {
            output::note(format!(
                "Note: the private key of {} is not beside it, so the audit will not count it as on this device; give the private key file, or --at where the private key lives.",
                path.display()
            ));
        }
    }
    let key_at = crate::core::vault::normalize_location(&at);
    let key = SshKey {
        fingerprint: info.fingerprint.clone(),
        algorithm: info.algorithm.clone(),
        path: path.display().to_string(),
        at,
        added: ctx.now(),
        private_key: args.store.then(|| SecretString::new(text.to_string())),
        host: args.host.clone(),
        live: None,
    };
    ctx.update_account(&args.name, |account| {
        if account
            .ssh_keys
            .iter()
            .any(|k| k.fingerprint == key.fingerprint)
        {
            return Err(Error::new(format!(
                "the key {} is registered for {:?} already",
                key.fingerprint, args.name
            ))
            .hint("`mfa-kit ssh remove` it first to register it again"));
        }
        account.ssh_keys.push(key);
        Ok(())
    })?;
    output::line(format!(
        "Registered the {} key {} (its fingerprint, as ssh-keygen -l shows it) for {:?}; its private key lives at {}.",
        info.algorithm, info.fingerprint, args.name, key_at
    ))?;
    Ok(Outcome::Yes)
}

/// Looks at a registered key's file when its private key lives on this device. A key
/// registered by its `.pub` file is only as good as its private key: that must be beside it
/// (the same path without `.pub`) and hold the same key.
pub fn key_state(key: &SshKey, device: &str) -> KeyState {
    if key.at != device {
        return KeyState::Elsewhere;
    }
    let path = Path::new(&key.path);
    let Some(info) = inspect_file(path) else {
        return if path.exists() {
            KeyState::Changed
        } else {
            KeyState::Missing
        };
    };
    if info.fingerprint != key.fingerprint {
        return KeyState::Changed;
    }
    if info.private {
        return KeyState::Ok;
    }
    match private_beside(path) {
        None => KeyState::Missing,
        Some(private) => match inspect_file(&private) {
            Some(info) if info.private && info.fingerprint == key.fingerprint => KeyState::Ok,
            Some(_) => KeyState::Changed,
            None if private.exists() => KeyState::Changed,
            None => KeyState::Missing,
        },
    }
}

fn inspect_file(path: &Path) -> Option<crate::core::sshkey::KeyInfo> {
    read_key_file(path)
        .ok()
        .and_then(|text| inspect_key(&text).ok())
}

/// The private key file that goes with a public one: `id_ed25519` for `id_ed25519.pub`.
fn private_beside(public: &Path) -> Option<std::path::PathBuf> {
    let name = public.file_name()?.to_str()?;
    let stem = name.strip_suffix(".pub")?;
    Some(public.with_file_name(stem))
}

/// One registered key's row, written in JSON as `account`, `path`, `fingerprint`, `at`,
/// `state`, then `host` and `said` where known. Its texts are one allocation: the rows of
/// 10,000 keys are held together, beside the vault's text, and five strings a row were 1.3
/// MiB of allocations.
struct CheckRow {
    /// The account's name, the key's path, its fingerprint, where it lives and the host to
    /// try it on (empty when there is none).
    texts: PackedTexts<5>,
    has_host: bool,
    /// `ok`, `missing`, `changed`, `elsewhere`; with --live, `live`, `rejected` or
    /// `unreachable` for the keys tried.
    state: &'static str,
    /// What the server or ssh said, with --live.
    said: Option<Box<str>>,
}

impl CheckRow {
    fn new(
        account: &str,
        path: &str,
        fingerprint: &str,
        at: &str,
        host: Option<&str>,
        state: &'static str,
    ) -> CheckRow {
        CheckRow {
            texts: PackedTexts::new([account, path, fingerprint, at, host.unwrap_or("")]),
            has_host: host.is_some(),
            state,
            said: None,
        }
    }

    fn account(&self) -> &str {
        self.texts.get(0)
    }

    fn path(&self) -> &str {
        self.texts.get(1)
    }

    fn fingerprint(&self) -> &str {
        self.texts.get(2)
    }

    fn at(&self) -> &str {
        self.texts.get(3)
    }

    fn host(&self) -> Option<&str> {
        self.has_host.then(|| self.texts.get(4))
    }
}

impl Serialize for CheckRow {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = 5 + usize::from(self.has_host) + usize::from(self.said.is_some());
        let mut row = serializer.serialize_struct("CheckRow", fields)?;
        row.serialize_field("account", self.account())?;
        row.serialize_field("path", self.path())?;
        row.serialize_field("fingerprint", self.fingerprint())?;
        row.serialize_field("at", self.at())?;
        row.serialize_field("state", self.state)?;
        if let Some(host) = self.host() {
            row.serialize_field("host", host)?;
        }
        if let Some(said) = &self.said {
            row.serialize_field("said", said)?;
        }
        row.end()
    }
}

fn check(ctx: &Context, args: SshCheckArgs) -> Result<Outcome> {
    let device = ctx.device()?;
    // The named account found as every command finds it; each account's rows made as its
    // table is read (its key files looked at, its service's host found): never the model of
    // 10,000 accounts (48 MiB), and of each key only its row.
    let only = match &args.name {
        Some(name) => Some(ctx.read_account(name)?.name),
        None => None,
    };
    // Each account's rows, one boxed slice of exactly its rows (a list keeps a word for its room).
    let mut registered: Vec<Box<[CheckRow]>> = ctx.account_rows(|acct| {
        if only.as_ref().is_some_and(|name| *name != acct.name) {
            return Box::default();
        }
        // The config's catalogue of services is read once the vault is: a damaged vault is
        // said before a damaged config (which is said below).
        let Ok(services) = ctx.services() else {
            return Box::default();
        };
        let rows = acct.ssh_keys.iter().map(|key| {
            let host = key.host.as_deref().or_else(|| {
                services
                    .find(acct.issuer.as_deref(), &acct.name, acct.label.as_deref())
                    .and_then(|s| s.ssh_host.as_deref())
            });
            CheckRow::new(
                &acct.name,
                &key.path,
                &key.fingerprint,
                &key.at,
                host,
                key_state(key, &device).as_str(),
            )
        });
        rows.collect()
    })?;
    ctx.services()?;
    // The accounts with keys, in the order of their names (each name is one account's): their
    // places are put in order, not their rows.
    let mut order: Vec<usize> = (0..registered.len())
        .filter(|&at| !registered[at].is_empty())
        .collect();
    order.sort_unstable_by(|&a, &b| registered[a][0].account().cmp(registered[b][0].account()));
    // (account, fingerprint, what the live try found) to record afterwards.
    let mut tried: Vec<(String, String, Live)> = Vec::new();
    for &at in &order {
        for row in registered[at].iter_mut() {
            if args.live
                && row.state == KeyState::Ok.as_str()
                && let Some(host) = row.host()
            {
                let private = private_file(Path::new(row.path()));
                let (live, said) = try_key(&private, host);
                row.state = live.as_str();
                row.said = Some(said.into());
                tried.push((
                    row.account().to_string(),
                    row.fingerprint().to_string(),
                    live,
                ));
            }
        }
    }
    let rows: Vec<&CheckRow> = order.iter().flat_map(|&at| registered[at].iter()).collect();
    if !tried.is_empty() {
        record_tries(ctx, &tried, ctx.now())?;
    }
    let bad = rows
        .iter()
        .filter(|r| matches!(r.state, "missing" | "changed" | "rejected" | "unreachable"))
        .count();
    if args.json {
        output::json(&rows)?;
    } else if rows.is_empty() {
        output::note("No SSH keys are registered; add one with `mfa-kit ssh add`.");
    } else {
        for row in &rows {
            let place = if row.state == "elsewhere" {
                format!("at {}", row.at())
            } else {
                row.path().to_string()
            };
            let mut line = format!(
                "{:<11} {}  {}  {place}",
                row.state,
                row.account(),
                row.fingerprint()
            );
            if let (Some(host), Some(said)) = (row.host(), &row.said) {
                line.push_str(&format!("  ({host}: {said})"));
            }
            output::line(line)?;
        }
        if args.live && tried.is_empty() {
            output::note(
                "No key here has a host to try: its service gives none; give one with `mfa-kit ssh add NAME KEY --host USER@HOST`.",
            );
        }
    }
    Ok(if bad > 0 { Outcome::No } else { Outcome::Yes })
}

/// Records in the vault what each live try found, under its lock: in the tables of the
/// accounts tried alone where the document allows it, else in the model. An account removed
/// meanwhile is skipped.
fn record_tries(ctx: &Context, tried: &[(String, String, Live)], now: u64) -> Result<()> {
    let record = |acct: &mut Account, fingerprint: &str, live: &Live| {
        for key in acct
            .ssh_keys
            .iter_mut()
            .filter(|k| k.fingerprint == fingerprint)
        {
            let last_success = match live {
                Live::Accepted => Some(now),
                _ => key.live.as_ref().and_then(|l| l.last_success),
            };
            key.live = Some(LiveCheck {
                checked: now,
                state: live.as_str().to_string(),
                last_success,
            });
        }
    };
    ctx.update_sealed(
        |sealed, save| {
            let mut changed = BTreeMap::new();
            for (name, fingerprint, live) in tried {
                if let Some(index) = sealed.position(name) {
                    let acct = changed
                        .entry(index)
                        .or_insert_with(|| sealed.account(index));
                    record(acct, fingerprint, live);
                }
            }
            changed.retain(|index, acct| *acct != sealed.account(*index));
            Some(match changed.is_empty() {
                true => Ok(()),
                false => save(sealed.merged(&changed, &[])),
            })
        },
        |vault| {
            for (name, fingerprint, live) in tried {
                if let Some(acct) = vault.account_mut(name) {
                    record(acct, fingerprint, live);
                }
            }
            Ok(())
        },
    )
}

/// The private key file of a registered key (the `.pub` registered, or the file itself).
fn private_file(path: &Path) -> std::path::PathBuf {
    private_beside(path).unwrap_or_else(|| path.to_path_buf())
}

fn remove(ctx: &Context, args: SshRemoveArgs) -> Result<Outcome> {
    let removed = ctx.update_account(&args.name, |account| {
        let index = match &args.key {
            Some(which) => account
                .ssh_keys
                .iter()
                .position(|k| &k.fingerprint == which || &k.path == which)
                .ok_or_else(|| {
                    Error::new(format!("{:?} has no key {which:?}", args.name))
                        .hint("give the fingerprint or path that `mfa-kit ssh check` shows")
                })?,
            None if account.ssh_keys.len() == 1 => 0,
            None if account.ssh_keys.is_empty() => {
                return Err(
                    Error::new(format!("{:?} has no SSH key registered", args.name))
                        .hint("nothing to remove"),
                );
            }
            None => {
                return Err(Error::new(format!("{:?} has several SSH keys", args.name))
                    .hint("say which: its fingerprint or path"));
            }
        };
        Ok(account.ssh_keys.remove(index).fingerprint)
    })?;
    output::note(format!("Removed the key {removed} from {:?}.", args.name));
    Ok(Outcome::Yes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row's texts come back each as it was given, empty ones too, and its JSON has the
    /// keys `ssh check --json` has always had, in the same order, `host` and `said` only
    /// where known.
    #[test]
    fn a_check_row_keeps_each_text_and_writes_the_same_json() {
        let mut row = CheckRow::new("bank", "", "SHA256:x", "laptop", Some("git@host"), "ok");
        assert_eq!(
            (
                row.account(),
                row.path(),
                row.fingerprint(),
                row.at(),
                row.host()
            ),
            ("bank", "", "SHA256:x", "laptop", Some("git@host"))
        );
        row.said = Some("accepted".into());
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"account":"bank","path":"","fingerprint":"SHA256:x","at":"laptop","state":"ok","host":"git@host","said":"accepted"}"#
        );
        let row = CheckRow::new("é", "/k", "f", "", None, "missing");
        assert_eq!((row.at(), row.host()), ("", None));
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"account":"é","path":"/k","fingerprint":"f","at":"","state":"missing"}"#
        );
    }
}
