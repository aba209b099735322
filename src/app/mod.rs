//! The commands: one file each, turning parsed arguments into core calls and printing the
//! result. This file holds what they share: the resolved global options ([`Context`]) and
//! opening, unlocking and saving the vault under its writers' lock.

mod add;
mod audit;
mod backup;
mod code;
mod codes;
mod demo;
mod export;
mod import;
mod init;
mod list;
mod path;
mod qr;
mod remove;
mod restore;
pub(crate) mod ssh;
mod verify;

use std::path::PathBuf;

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::core::vault::{Account, Vault, check_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::config::Config;
use crate::sys::crypto::{self, DecryptFailure, Key, Keyring};
use crate::sys::fs::{Existing, WriteLock, read_bounded, remove_stale_temps, write_private_atomic};
use crate::sys::{clock, passphrase, paths};

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    // These two need no vault, config or home folder.
    match &cli.command {
        Command::Completions(args) => {
            crate::sys::output::bytes(&crate::docs::completion(args.shell))?;
            return Ok(Outcome::Yes);
        }
        Command::Demo => return demo::run(),
        _ => {}
    }
    let ctx = Context::new(cli.global)?;
    match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Add(args) => add::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Remove(args) => remove::run(&ctx, args),
        Command::Code(args) => code::run(&ctx, args),
        Command::Verify(args) => verify::run(&ctx, args),
        Command::Qr(args) => qr::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Codes(command) => codes::run(&ctx, command),
        Command::Ssh(command) => ssh::run(&ctx, command),
        Command::Path(command) => path::run(&ctx, command),
        Command::Backup(args) => backup::run(&ctx, args),
        Command::Audit(args) => audit::run(&ctx, args),
        Command::Completions(_) | Command::Demo => unreachable!("handled above"),
        Command::Restore(args) => restore::run(&ctx, args),
    }
}

/// The global options, resolved against the environment and the config file.
pub struct Context {
    pub vault_path: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config: Config,
    pub args: GlobalArgs,
}

impl Context {
    pub fn new(args: GlobalArgs) -> Result<Self> {
        let vault_path = match &args.vault {
            Some(path) => path.clone(),
            None => paths::default_vault()?,
        };
        let config_path = args.config.clone().or_else(paths::default_config);
        let config = match &config_path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        Ok(Context {
            vault_path,
            config_path,
            config,
            args,
        })
    }

    /// The device this vault lives on: --device, else the config's, else the host name.
    pub fn device(&self) -> Result<String> {
        let device = self
            .args
            .device
            .clone()
            .or_else(|| self.config.device.clone())
            .unwrap_or_else(paths::host_name);
        check_location(&device)
            .map_err(|e| Error::new(format!("bad device name: {e}")).hint("set --device NAME"))?;
        Ok(device)
    }

    /// The identity files to try: --identity / MFA_KIT_IDENTITY, else the config's.
    pub fn identity_paths(&self) -> Vec<PathBuf> {
        if !self.args.identity.is_empty() {
            return self.args.identity.clone();
        }
        self.config.identity.iter().cloned().collect()
    }

    /// The vault's passphrase: from --passphrase-file, else asked on the terminal.
    pub fn vault_passphrase(&self) -> Result<SecretString> {
        match &self.args.passphrase_file {
            Some(path) => passphrase::from_file(path),
            None => passphrase::prompt("Vault passphrase: ", "the vault"),
        }
    }

    /// The passphrase file of a backup: --backup-passphrase-file, else the vault's.
    pub fn backup_passphrase_file(&self) -> Option<&std::path::Path> {
        self.args
            .backup_passphrase_file
            .as_deref()
            .or(self.args.passphrase_file.as_deref())
    }

    fn vault_shown(&self) -> String {
        self.vault_path.display().to_string()
    }

    fn read_vault_file(&self) -> Result<Vec<u8>> {
        if !self.vault_path.exists() {
            return Err(Error::new(format!("no vault at {}", self.vault_shown()))
                .hint("create one with `mfa-kit init`, or point --vault at yours"));
        }
        read_bounded(&self.vault_path, "the vault")
    }

    /// Reads and decrypts the vault, returning it with the key to save it back with.
    pub fn open(&self) -> Result<Unlocked> {
        let ciphertext = self.read_vault_file()?;
        let shown = self.vault_shown();
        let damaged = |failure| {
            decrypt_failure(
                &format!("the vault {shown}"),
                failure,
                "restore it from a backup (`mfa-kit restore`); it was left as it is",
            )
        };
        let passphrase_vault = crypto::is_passphrase_encrypted(&ciphertext).map_err(&damaged)?;
        let (plaintext, key) = if passphrase_vault {
            let pass = self.vault_passphrase()?;
            let plaintext =
                crypto::decrypt_with_passphrase(&ciphertext, &pass).map_err(|f| match f {
                    DecryptFailure::WrongKey => {
                        Error::new(format!("wrong passphrase for the vault {shown}"))
                            .hint("check the passphrase (file) and try again")
                    }
                    other => damaged(other),
                })?;
            (plaintext, VaultKey::Passphrase(pass))
        } else {
            let paths = self.identity_paths();
            if paths.is_empty() {
                return Err(Error::new(format!(
                    "the vault {shown} is locked with an identity file"
                ))
                .hint("give it with --identity FILE or MFA_KIT_IDENTITY"));
            }
            let keyrings = paths
                .iter()
                .map(|p| crypto::load_identity_file(p))
                .collect::<Result<Vec<Keyring>>>()?;
            let (plaintext, index) =
                crypto::decrypt_with_keyrings(&ciphertext, &keyrings).map_err(|f| match f {
                    DecryptFailure::WrongKey => Error::new(format!(
                        "no identity given opens the vault {shown}"
                    ))
                    .hint("check --identity / MFA_KIT_IDENTITY: it must be the file `mfa-kit init` used"),
                    other => damaged(other),
                })?;
            let keyring = keyrings
                .into_iter()
                .nth(index)
                .expect("index from the same list");
            (plaintext, VaultKey::Identity(keyring))
        };
        let text = std::str::from_utf8(&plaintext).map_err(|_| {
            Error::new(format!(
                "the vault {shown} decrypted to something that is not text"
            ))
        })?;
        let vault = Vault::from_toml(text).map_err(|e| {
            Error::new(format!("the vault {shown} decrypted, but {e}"))
                .hint("restore it from a backup; it was left as it is")
        })?;
        Ok(Unlocked { vault, key })
    }

    /// Opens the vault under its writers' lock, applies `change`, and saves the result if it
    /// differs. An error from `change` leaves the vault file untouched.
    pub fn update<T>(&self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let _lock = WriteLock::acquire(&self.vault_path)?;
        let Unlocked { mut vault, key } = self.open()?;
        let before = vault.clone();
        let result = change(&mut vault)?;
        if vault != before {
            self.save(&vault, &key, Existing::Replace)?;
        }
        Ok(result)
    }

    /// Encrypts and writes the vault atomically. Callers hold the writers' lock.
    pub fn save(&self, vault: &Vault, key: &VaultKey, existing: Existing) -> Result<()> {
        let key = key.encryption_key()?;
        let text = vault.to_toml();
        let ciphertext = crypto::encrypt(text.as_bytes(), &key, false)?;
        remove_stale_temps(&self.vault_path);
        write_private_atomic(&self.vault_path, &ciphertext, existing)
    }

    pub fn now(&self) -> u64 {
        clock::now()
    }
}

/// A decrypted vault with the key it was opened with.
pub struct Unlocked {
    pub vault: Vault,
    pub key: VaultKey,
}

/// What locks a vault: the passphrase, or the identity file that opened it.
pub enum VaultKey {
    Passphrase(SecretString),
    Identity(Keyring),
}

impl VaultKey {
    /// The age key to encrypt the vault to when it is saved.
    pub fn encryption_key(&self) -> Result<Key> {
        match self {
            VaultKey::Passphrase(pass) => Ok(Key::Passphrase(pass.clone())),
            VaultKey::Identity(keyring) => {
                let recipients = keyring.recipients();
                if recipients.is_empty() {
                    return Err(Error::new(format!(
                        "the identity {} cannot be encrypted to",
                        keyring.path.display()
                    ))
                    .hint("use an age X25519 identity (age-keygen) for the vault"));
                }
                Ok(Key::Recipients(recipients))
            }
        }
    }
}

/// Reads a value given as `-` from standard input: the first non-empty line, trimmed.
pub fn read_stdin_value(what: &str) -> Result<Zeroizing<String>> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        crate::sys::output::note(format!("Paste the {what}, then press Enter:"));
    }
    let bytes = Zeroizing::new(crate::sys::fs::read_all_bounded(
        stdin.lock().take_line(),
        what,
        "standard input",
    )?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::new(format!("the {what} on standard input is not UTF-8 text")))?;
    let value = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if value.is_empty() {
        return Err(Error::new(format!("no {what} on standard input"))
            .hint(format!("pipe the {what} in, or paste it and press Enter")));
    }
    Ok(Zeroizing::new(value.to_string()))
}

/// Standard input up to and including its first line with text, so that a person pasting
/// at a terminal need not type Ctrl-D.
trait TakeLine {
    fn take_line(self) -> LineReader<Self>
    where
        Self: Sized;
}

impl<R: std::io::BufRead> TakeLine for R {
    fn take_line(self) -> LineReader<Self> {
        LineReader {
            inner: self,
            seen_text: false,
            done: false,
        }
    }
}

struct LineReader<R> {
    inner: R,
    seen_text: bool,
    done: bool,
}

impl<R: std::io::BufRead> std::io::Read for LineReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let available = self.inner.fill_buf()?;
        let mut n = available.len().min(buf.len());
        for (i, byte) in available[..n].iter().enumerate() {
            if *byte == b'\n' && self.seen_text {
                n = i + 1;
                self.done = true;
                break;
            }
            self.seen_text |= !byte.is_ascii_whitespace();
        }
        buf[..n].copy_from_slice(&available[..n]);
        self.inner.consume(n);
        Ok(n)
    }
}

/// The error for a name that is not in the vault.
pub fn unknown_account(name: &str) -> Error {
    Error::new(format!("no account named {name:?}")).hint("see `mfa-kit list` for the names")
}

/// The account named `name`, or the error that says it does not exist.
pub fn account_mut<'a>(vault: &'a mut Vault, name: &str) -> Result<&'a mut Account> {
    vault.account_mut(name).ok_or_else(|| unknown_account(name))
}

/// Checks `--at` locations, naming the option in the error.
pub fn check_locations<'a>(locations: impl IntoIterator<Item = &'a String>) -> Result<()> {
    for location in locations {
        check_location(location).map_err(|e| Error::new(e).hint("fix --at"))?;
    }
    Ok(())
}

/// The error for a file that did not decrypt for another reason than a wrong key.
pub fn decrypt_failure(subject: &str, failure: DecryptFailure, damaged_hint: &str) -> Error {
    match failure {
        DecryptFailure::NotAge => Error::new(format!("{subject} is not an age file"))
            .hint("check the path; it must be a file age or mfa-kit wrote"),
        DecryptFailure::Damaged => {
            Error::new(format!("{subject} is damaged or truncated")).hint(damaged_hint)
        }
        DecryptFailure::ExcessiveWork(n) => Error::new(format!(
            "{subject} asks for scrypt work factor {n}, above the {} accepted",
            crypto::SCRYPT_MAX_WORK_FACTOR
        ))
        .hint("re-encrypt it with a lower work factor"),
        DecryptFailure::WrongKey => Error::new(format!("no key given opens {subject}"))
            .hint("check the identity or passphrase"),
    }
}

/// Keeps the first of each repeated location, in order.
pub fn dedup(mut locations: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    locations.retain(|l| seen.insert(l.clone()));
    locations
}
