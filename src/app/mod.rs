//! The commands: one file each, turning parsed arguments into core calls and printing the
//! result. This file holds what they share: the resolved global options ([`Context`]) and
//! opening, unlocking and saving the vault under its writers' lock.

mod add;
pub(crate) mod audit;
pub(crate) mod backup;
pub mod code;
mod codes;
pub mod complete;
mod demo;
mod drill;
mod export;
mod import;
pub(crate) mod init;
mod kit;
mod list;
mod location;
mod path;
mod qr;
mod rekey;
mod remove;
mod rename;
mod restore;
mod services;
mod share;
pub(crate) mod ssh;
pub mod unlock;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::core::document::{Holds, WithAccount};
use crate::core::edit::SealedAccounts;
use crate::core::halves;
use crate::core::services::Catalogue;
use crate::core::text::closest;
use crate::core::vault::{Account, BackupRecord, Vault, check_location, normalize_location};
use crate::error::{Error, Outcome, Result};
use crate::sys::agent::{Agent, AgentIdentity};
use crate::sys::config::Config;
use crate::sys::crypto::{self, DecryptFailure, Key, Keyring};
use crate::sys::fs::{
    self as files, CanonicalTargets, Existing, Staged, WriteLock, canonical_target, lock_path,
    read_regular_file, same_file,
};
use crate::sys::{allocator, clock, passphrase, paths};

/// `row` of every account of the decrypted document `plaintext`, a table at a time when
/// mfa-kit wrote it ([`Vault::accounts_of_toml`]), else of the model `whole` reads (which
/// also says what is wrong with a damaged document).
pub fn rows_or_whole<T>(
    plaintext: &[u8],
    mut row: impl FnMut(&Account) -> T,
    whole: impl FnOnce() -> Result<Vault>,
) -> Result<Vec<T>> {
    if let Ok(text) = std::str::from_utf8(plaintext)
        && let Some(rows) = Vault::accounts_of_toml(text, &mut row)
    {
        return Ok(rows);
    }
    Ok(whole()?.accounts.iter().map(row).collect())
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    // These two need no vault, config or home folder.
    match &cli.command {
        Command::Completions(args) => {
            crate::sys::output::bytes(&crate::docs::completion(args.shell))?;
            return Ok(Outcome::Yes);
        }
        Command::Demo => return demo::run(),
        Command::ClipboardHolder => return crate::sys::clipboard::hold_from_stdin(),
        _ => {}
    }
    let ctx = Context::new(cli.global)?;
    match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Add(args) => add::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Remove(args) => remove::run(&ctx, args),
        Command::Rename(args) => rename::run(&ctx, args),
        Command::Location(command) => location::run(&ctx, command),
        Command::Services(args) => services::run(&ctx, args),
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
        Command::Unlock(args) => unlock::unlock(&ctx, args),
        Command::Lock => unlock::lock(&ctx),
        Command::Rekey(args) => rekey::run(&ctx, args),
        Command::Completions(_) | Command::Demo | Command::ClipboardHolder => {
            unreachable!("handled above")
        }
        Command::Restore(args) => restore::run(&ctx, args),
        Command::Drill(args) => drill::run(&ctx, args),
        Command::Kit(args) => kit::run(&ctx, args),
        Command::Share(command) => share::run(&ctx, command),
    }
}

/// The global options, resolved against the environment and the config file.
pub struct Context {
    pub vault_path: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config: Config,
    /// The service catalogue with the config's additions.
    /// The service catalogue with the config's additions, read at first use: most commands
    /// never need it, and parsing it was a fifth of `code NAME`'s time.
    services: std::cell::OnceCell<Catalogue>,
    pub args: GlobalArgs,
    /// The vault's passphrase once typed: a command that reads the vault, then writes it,
    /// asks once.
    typed_passphrase: std::cell::RefCell<Option<SecretString>>,
    /// The vault's own identity once unwrapped with the passphrase: one scrypt a command.
    unwrapped_identity: std::cell::RefCell<Option<Zeroizing<Vec<u8>>>>,
    /// The session agent for this vault, looked for once.
    agent: std::cell::OnceCell<Option<Agent>>,
    /// Never ask anything (shell completion): what would need a typed passphrase fails.
    unattended: bool,
}

/// How a vault is locked, told by its header and the files beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// Encrypted to the passphrase itself (scrypt), as the first version made passphrase
    /// vaults: every read costs one scrypt, every write another.
    FirstVersionPassphrase,
    /// Encrypted to the vault's own identity, which is kept beside it encrypted with the
    /// passphrase: one scrypt unlocks it, or none while an agent holds it.
    WrappedIdentity,
    /// Encrypted to an identity file the user keeps.
    IdentityFile,
}

/// Where a passphrase vault keeps its own identity, encrypted with the passphrase: beside the
/// vault, `vault.age` → `vault.identity.age`. Stock age opens the vault with
/// `age -d -i vault.identity.age vault.age`.
pub fn wrapped_identity_path(vault: &Path) -> PathBuf {
    let name = vault
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".age").unwrap_or(&name);
    vault.with_file_name(format!("{stem}.identity.age"))
}

impl Context {
    pub fn new(args: GlobalArgs) -> Result<Self> {
        let vault_path = match &args.vault {
            Some(path) => path.clone(),
            None => paths::default_vault()?,
        };
        // A vault reached through a symbolic link is read, locked and written where the link
        // points: writers on the link and on the real path must exclude each other.
        let vault_path = files::resolve_file(&vault_path, "the vault")?;
        let config_path = args.config.clone().or_else(paths::default_config);
        let config = match &config_path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        Ok(Context {
            vault_path,
            config_path,
            config,
            services: std::cell::OnceCell::new(),
            args,
            typed_passphrase: std::cell::RefCell::new(None),
            unwrapped_identity: std::cell::RefCell::new(None),
            agent: std::cell::OnceCell::new(),
            unattended: false,
        })
    }

    /// This context, never asking on the terminal: for shell completion, which must not
    /// wait for a person or draw on their screen.
    pub fn unattended(mut self) -> Self {
        self.unattended = true;
        self
    }

    /// The service catalogue with the config's additions (an invalid `[services]` table of
    /// the config is an error here, in the commands that use it).
    pub fn services(&self) -> Result<&Catalogue> {
        if let Some(catalogue) = self.services.get() {
            return Ok(catalogue);
        }
        let catalogue = self.config.catalogue(self.config_path.as_deref())?;
        Ok(self.services.get_or_init(|| catalogue))
    }

    /// The device this vault lives on: --device, else the config's, else the host name; in
    /// lower case, as every location is.
    pub fn device(&self) -> Result<String> {
        let device = self
            .args
            .device
            .clone()
            .or_else(|| self.config.device.clone())
            .unwrap_or_else(paths::host_name);
        let device = normalize_location(&device);
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
        // Unattended (shell completion): never a key derivation, from a file or typed.
        if self.unattended {
            return Err(Error::new("the vault's passphrase would have to be used"));
        }
        if let Some(path) = &self.args.passphrase_file {
            return passphrase::from_file(path);
        }
        if let Some(typed) = self.typed_passphrase.borrow().as_ref() {
            return Ok(typed.clone());
        }
        if self.unattended {
            return Err(Error::new("the vault's passphrase would have to be typed"));
        }
        let typed = passphrase::prompt("Vault passphrase: ", "the vault")?;
        *self.typed_passphrase.borrow_mut() = Some(typed.clone());
        Ok(typed)
    }

    /// The passphrase file of a backup: --backup-passphrase-file, else the vault's.
    pub fn backup_passphrase_file(&self) -> Option<&std::path::Path> {
        self.args
            .backup_passphrase_file
            .as_deref()
            .or(self.args.passphrase_file.as_deref())
    }

    /// Where this vault keeps its passphrase-protected identity (if it is such a vault).
    pub fn wrapped_identity_path(&self) -> PathBuf {
        wrapped_identity_path(&self.vault_path)
    }

    /// The session agent holding this vault's identity, if one may be asked.
    pub fn agent(&self) -> Option<&Agent> {
        self.agent
            .get_or_init(|| Agent::for_vault(&self.vault_path))
            .as_ref()
    }

    /// How the vault is locked, from its header and the files beside it.
    pub fn lock_kind(&self) -> Result<LockKind> {
        let ciphertext = self.read_vault_file()?;
        self.lock_kind_of(&ciphertext)
    }

    fn lock_kind_of(&self, ciphertext: &[u8]) -> Result<LockKind> {
        let damaged_hint = self.damaged_hint(None);
        let scrypt = crypto::is_passphrase_encrypted(ciphertext).map_err(|f| {
            decrypt_failure(
                &format!("the vault {}", self.vault_shown()),
                f,
                &damaged_hint,
            )
        })?;
        if scrypt {
            return Ok(LockKind::FirstVersionPassphrase);
        }
        if std::fs::symlink_metadata(self.wrapped_identity_path()).is_err() {
            return Ok(LockKind::IdentityFile);
        }
        // An identity file beside the vault makes it a passphrase vault, unless an identity
        // file given (or named in the config) opens it: a leftover from another vault never
        // takes over one made with an identity file.
        let mut opened_by_given = false;
        for path in self.identity_paths() {
            let keyring = match crypto::load_identity_file(&path) {
                Ok(keyring) => keyring,
                // An identity given for this command must load; one from the config may
                // belong to another vault.
                Err(e) if !self.args.identity.is_empty() => return Err(e),
                Err(_) => continue,
            };
            opened_by_given |= keyring
                .identities
                .iter()
                .any(|identity| crypto::opens(ciphertext, identity.as_ref()));
        }
        Ok(if opened_by_given {
            LockKind::IdentityFile
        } else {
            LockKind::WrappedIdentity
        })
    }

    /// SHA-256 (hex) of the vault's encrypted identity file as it is now: an agent unlocked
    /// from another one is not used.
    pub fn wrapped_identity_digest(&self) -> Result<String> {
        read_regular_file(&self.wrapped_identity_path(), "the vault's identity")
            .map(|bytes| backup::sha256_hex(&bytes))
    }

    /// The vault's own identity, unwrapped with the passphrase (from --passphrase-file, else
    /// asked): one scrypt, once a command. Never asks the agent.
    pub fn unwrap_vault_identity(&self) -> Result<Keyring> {
        let wrapped = self.wrapped_identity_path();
        let shown = wrapped.display().to_string();
        let unreadable = || {
            Error::new(format!(
                "the vault's identity {shown} decrypted, but holds no age identity"
            ))
            .hint(self.damaged_hint(Some(true)))
        };
        if let Some(text) = self.unwrapped_identity.borrow().as_ref() {
            return Keyring::from_age_text(&wrapped, text.clone()).ok_or_else(unreadable);
        }
        let ciphertext = read_regular_file(&wrapped, "the vault's identity")?;
        let pass = self.vault_passphrase()?;
        let text = crypto::decrypt_with_passphrase(&ciphertext, &pass).map_err(|f| match f {
            DecryptFailure::WrongKey => Error::new(format!(
                "wrong passphrase for the vault {}",
                self.vault_shown()
            ))
            .hint("check the passphrase (file) and try again"),
            other => decrypt_failure(
                &format!("the vault's identity {shown}"),
                other,
                &self.damaged_hint(Some(true)),
            ),
        })?;
        let keyring = Keyring::from_age_text(&wrapped, text.clone()).ok_or_else(unreadable)?;
        *self.unwrapped_identity.borrow_mut() = Some(text);
        Ok(keyring)
    }

    fn vault_shown(&self) -> String {
        self.vault_path.display().to_string()
    }

    fn read_vault_file(&self) -> Result<Vec<u8>> {
        self.refuse_missing_vault()?;
        read_regular_file(&self.vault_path, "the vault")
    }

    fn refuse_missing_vault(&self) -> Result<()> {
        if !self.vault_path.exists() {
            return Err(Error::new(format!("no vault at {}", self.vault_shown()))
                .hint("create one with `mfa-kit init`, or point --vault at yours"));
        }
        Ok(())
    }

    /// The hint for a vault that cannot be read: steps that work (a test follows them). A
    /// passphrase vault is rebuilt locked with a passphrase again; one whose header is too
    /// damaged to tell is told both ways.
    fn damaged_hint(&self, passphrase_vault: Option<bool>) -> String {
        let shown = self.vault_shown();
        let wrapped = self.wrapped_identity_path();
        if passphrase_vault != Some(false) && std::fs::symlink_metadata(&wrapped).is_ok() {
            // Its identity goes aside with it (a copy: restore uses the one in place again),
            // so that the damaged file still opens as --vault ASIDE if it can be saved.
            let aside = self.vault_path.with_file_name(format!(
                "{}-damaged.age",
                self.vault_path
                    .file_name()
                    .map(|n| n.to_string_lossy().trim_end_matches(".age").to_string())
                    .unwrap_or_default()
            ));
            return format!(
                "it was left as it is: move it aside (mv {shown} {aside}; cp {wrapped} {aside_identity}) \
                 and rebuild it from a backup with `mfa-kit restore BACKUP -i BACKUP_KEY --passphrase`",
                aside = aside.display(),
                wrapped = wrapped.display(),
                aside_identity = wrapped_identity_path(&aside).display(),
            );
        }
        let restore = match passphrase_vault {
            Some(true) => "`mfa-kit restore BACKUP -i BACKUP_KEY --passphrase`".to_string(),
            Some(false) => "`mfa-kit restore BACKUP -i BACKUP_KEY`".to_string(),
            None => "`mfa-kit restore BACKUP -i BACKUP_KEY` (add --passphrase to lock it with a passphrase)".to_string(),
        };
        format!(
            "it was left as it is: move it aside (mv {shown} {shown}.damaged) and rebuild it \
             from a backup with {restore}"
        )
    }

    /// What unlocks the vault: asked for before any lock is taken, since a prompt may wait
    /// for a person while other writers would wait for the lock.
    fn credentials_for(&self, ciphertext: &[u8]) -> Result<Credentials> {
        let shown = self.vault_shown();
        let kind = self.lock_kind_of(ciphertext)?;
        if kind == LockKind::FirstVersionPassphrase {
            return Ok(Credentials::Passphrase(self.vault_passphrase()?));
        }
        // A vault with its own identity beside it is opened with that (an identity given or
        // in the config that opens the vault made it an identity-file vault above).
        if kind == LockKind::WrappedIdentity {
            // The agent first: it costs no scrypt and no prompt. One that cannot open this
            // very file (gone, stopped, unlocked from another identity file) is passed over.
            if let (Some(agent), Some(digest)) = (self.agent(), self.wrapped_identity_digest().ok())
                && crypto::opens(ciphertext, &AgentIdentity::new(agent, digest.clone()))
            {
                return Ok(Credentials::Agent(digest));
            }
            return Ok(Credentials::Wrapped(self.unwrap_vault_identity()?));
        }
        let paths = self.identity_paths();
        if paths.is_empty() {
            return Err(
                Error::new(format!("the vault {shown} is locked with an identity file")).hint(
                    format!(
                        "give it with --identity FILE or MFA_KIT_IDENTITY (a passphrase vault \
                         needs its identity {} beside it)",
                        self.wrapped_identity_path().display()
                    ),
                ),
            );
        }
        let keyrings = paths
            .iter()
            .map(|p| crypto::load_identity_file(p))
            .collect::<Result<Vec<Keyring>>>()?;
        if self.unattended && keyrings.iter().any(Keyring::asks_for_a_passphrase) {
            return Err(Error::new(
                "the vault's SSH key would ask for its passphrase",
            ));
        }
        Ok(Credentials::Keyrings(keyrings))
    }

    /// Decrypts the vault's ciphertext, which `source` reads (`size` bytes, the first of them
    /// `head`): the document's bytes and the key to save it with.
    fn decrypt_from<R: std::io::Read>(
        &self,
        source: R,
        head: &[u8],
        size: usize,
        file: Option<&std::fs::File>,
        credentials: Credentials,
    ) -> Result<(Zeroizing<Vec<u8>>, VaultKey)> {
        let shown = self.vault_shown();
        let damaged_hint = self.damaged_hint(Some(matches!(
            credentials,
            Credentials::Passphrase(_) | Credentials::Wrapped(_) | Credentials::Agent(_)
        )));
        let damaged =
            |failure| decrypt_failure(&format!("the vault {shown}"), failure, &damaged_hint);
        let (plaintext, key) = match credentials {
            Credentials::Passphrase(pass) => {
                let plaintext = crypto::decrypt_with_passphrase_from(
                    source, head, size, file, &pass,
                )
                .map_err(|f| match f {
                    DecryptFailure::WrongKey => {
                        Error::new(format!("wrong passphrase for the vault {shown}"))
                            .hint("check the passphrase (file) and try again")
                    }
                    other => damaged(other),
                })?;
                (plaintext, VaultKey::Passphrase(pass))
            }
            Credentials::Agent(digest) => {
                let agent = self.agent().expect("credentials say an agent answered");
                let identity = AgentIdentity::new(agent, digest);
                let stopped = || {
                    Error::new(format!(
                        "the agent stopped answering while the vault {shown} was read"
                    ))
                    .hint("run the command again (it asks for the passphrase if the agent is gone)")
                };
                let plaintext =
                    crypto::decrypt_with_identity_from(source, head, size, file, &identity)
                        .map_err(|f| match f {
                            DecryptFailure::WrongKey => stopped(),
                            other => damaged(other),
                        })?;
                let recipient = identity
                    .recipient()
                    .expect("an agent that unwrapped names its recipient");
                (plaintext, VaultKey::Wrapped(vec![recipient]))
            }
            Credentials::Wrapped(keyring) => {
                let (plaintext, _) = crypto::decrypt_with_keyrings_from(
                    source,
                    head,
                    size,
                    file,
                    std::slice::from_ref(&keyring),
                )
                .map_err(|f| match f {
                    DecryptFailure::WrongKey => Error::new(format!(
                        "the identity {} does not open the vault {shown}",
                        keyring.path.display()
                    ))
                    .hint("put back the identity file that came with this vault"),
                    other => damaged(other),
                })?;
                (plaintext, VaultKey::Wrapped(keyring.x25519_recipients()))
            }
            Credentials::Keyrings(keyrings) => {
                let none_opens = || {
                    Error::new(format!("no identity given opens the vault {shown}")).hint(
                        "check --identity / MFA_KIT_IDENTITY: it must be the file `mfa-kit init` \
                         used",
                    )
                };
                let (plaintext, index) =
                    crypto::decrypt_with_keyrings_from(source, head, size, file, &keyrings)
                        .map_err(|f| match f {
                            DecryptFailure::WrongKey => none_opens(),
                            other => damaged(other),
                        })?;
                let keyring = keyrings
                    .into_iter()
                    .nth(index)
                    .expect("index from the same list");
                (plaintext, VaultKey::Identity(keyring))
            }
        };
        Ok((plaintext, key))
    }

    /// Reads the decrypted document into the vault model.
    pub fn parse(&self, plaintext: &[u8], key: VaultKey) -> Result<Unlocked> {
        let vault = self.parse_vault(plaintext, &key)?;
        Ok(Unlocked { vault, key })
    }

    /// [`Context::parse`], the model alone, of a document that opened with `key`.
    pub fn parse_vault(&self, plaintext: &[u8], key: &VaultKey) -> Result<Vault> {
        let shown = self.vault_shown();
        let damaged_hint = self.damaged_hint(Some(key.is_passphrase()));
        let text = std::str::from_utf8(plaintext).map_err(|_| {
            Error::new(format!(
                "the vault {shown} decrypted to something that is not text"
            ))
            .hint(damaged_hint.clone())
        })?;
        Vault::from_toml(text).map_err(|e| {
            Error::new(format!("the vault {shown} decrypted, but {e}")).hint(damaged_hint.clone())
        })
    }

    /// Reads and decrypts the vault, returning it with the key to save it back with.
    pub fn open(&self) -> Result<Unlocked> {
        let (plaintext, key) = self.read_document()?;
        self.parse(&plaintext, key)
    }

    /// One account, for a command about it alone that writes nothing: its table is read by
    /// itself when the document allows it, else the whole vault is (which also finds the
    /// name in another case, and says what is wrong with a damaged vault). Such a command is
    /// mostly start-up: the memory the read takes is faulted in at once, first.
    pub fn read_account(&self, name: &str) -> Result<Account> {
        let (plaintext, key) = self.read_document_readied(allocator::ready_for_reading)?;
        if let Ok(text) = std::str::from_utf8(&plaintext)
            && let Some(found) = Vault::account_from_toml(text, name)
        {
            return Ok(found);
        }
        let unlocked = self.parse(&plaintext, key)?;
        account(&unlocked.vault, name).cloned()
    }

    /// A row made of every account, in the document's order, for a command that goes through
    /// them all keeping little of each (a listing): a document as mfa-kit wrote it is read a
    /// table at a time, so that 10,000 accounts are never held as a model; any other is read
    /// whole (which also says what is wrong with a damaged one).
    pub fn account_rows<T>(&self, row: impl FnMut(&Account) -> T) -> Result<Vec<T>> {
        let (plaintext, key) = self.read_document()?;
        rows_or_whole(&plaintext, row, || {
            self.parse(&plaintext, key).map(|unlocked| unlocked.vault)
        })
    }

    /// [`Context::account_rows`] for a command that writes `out` (with its option's name, when
    /// given): `out` is refused where it is one of the accounts' SSH key files, each looked at
    /// as its account's table is read ([`KeyFilesCheck`]), the first in the document's order
    /// said; no key file is held (10,000 accounts name as many).
    pub fn account_rows_for_out<T>(
        &self,
        out: Option<(&Path, &str)>,
        mut row: impl FnMut(&Account) -> T,
    ) -> Result<Vec<T>> {
        let mut check = out.map(|(path, option)| KeyFilesCheck::new(path, option));
        let mut refused = Ok(());
        let rows = self.account_rows(|account| {
            if let (Some(check), Ok(())) = (&mut check, &refused) {
                refused = check.account(account);
            }
            row(account)
        })?;
        refused.map(|()| rows)
    }

    /// [`Context::account_rows`] for a command that needs the backups and the sites beside
    /// each account: `row` is given the vault without its accounts and the key it opened
    /// with, which are returned with the rows. A sealed document's accounts are read a table
    /// at a time; any other document whole, its accounts then taken out. A row may be made
    /// twice for an account (a document that reads whole but not a table at a time): what a
    /// row adds to shared state must not count twice.
    pub fn account_rows_with_rest<T>(
        &self,
        mut row: impl FnMut(&Vault, &VaultKey, &Account) -> T,
    ) -> Result<(Unlocked, Vec<T>)> {
        let (plaintext, key) = self.read_document()?;
        if let Ok(text) = std::str::from_utf8(&plaintext)
            && let Some((vault, rows)) =
                Vault::accounts_with_rest_of_toml(text, |rest, account| row(rest, &key, account))
        {
            return Ok((Unlocked { vault, key }, rows));
        }
        let mut unlocked = self.parse(&plaintext, key)?;
        drop(plaintext);
        let accounts = std::mem::take(&mut unlocked.vault.accounts);
        let rows = accounts
            .iter()
            .map(|account| row(&unlocked.vault, &unlocked.key, account))
            .collect();
        Ok((unlocked, rows))
    }

    /// Reads and decrypts the vault file: the document's bytes and the key to save it with.
    /// The ciphertext streams through decryption past its first bytes, never held whole: at
    /// 10,000 accounts it is megabytes.
    pub fn read_document(&self) -> Result<(Zeroizing<Vec<u8>>, VaultKey)> {
        self.read_document_readied(|_| ())
    }

    /// [`Context::read_document`], `ready` given the file's size before anything is
    /// decrypted.
    fn read_document_readied(
        &self,
        ready: impl FnOnce(usize),
    ) -> Result<(Zeroizing<Vec<u8>>, VaultKey)> {
        let (file, head, size) = self.open_vault_file()?;
        ready(size);
        let credentials = self.credentials_for(&head)?;
        self.decrypt_open(file, head, size, credentials)
    }

    /// Decrypts the vault file opened by [`Context::open_vault_file`] with what unlocks it.
    fn decrypt_open(
        &self,
        file: std::fs::File,
        head: Vec<u8>,
        size: usize,
        credentials: Credentials,
    ) -> Result<(Zeroizing<Vec<u8>>, VaultKey)> {
        let opened = file_stamp(&file);
        let source = std::io::Read::chain(&head[..], &file);
        self.decrypt_from(source, &head, size, Some(&file), credentials)
            .map_err(|e| {
                // Written over in place by another program (a copy, a sync) while a prompt
                // waited: the file is not damaged, it changed under the read.
                if file_stamp(&file) == opened {
                    return e;
                }
                Error::new(format!(
                    "the vault {} changed while it was read",
                    self.vault_shown()
                ))
                .hint("run the command again")
            })
    }

    /// The vault file, open and past its first bytes, which are returned (they hold its
    /// header), with its size. A header longer than that (hundreds of recipients) is read
    /// whole, and so then is the file.
    fn open_vault_file(&self) -> Result<(std::fs::File, Vec<u8>, usize)> {
        self.refuse_missing_vault()?;
        let (file, size) =
            files::open_regular_file(&self.vault_path, "the vault", files::MAX_READ_BYTES)?;
        let size = size as usize;
        let head = crypto::read_head(&file, size, &self.vault_path, "the vault")?;
        Ok((file, head, size))
    }

    /// Asks for what unlocks the vault, then takes the writers' lock and reads the vault as
    /// it is under the lock. The lock is held until the returned value is dropped.
    pub fn lock(&self) -> Result<Locked> {
        let LockedDocument {
            lock,
            document,
            key,
        } = self.lock_document()?;
        Ok(Locked {
            _lock: lock,
            unlocked: self.parse(&document, key)?,
            document,
        })
    }

    /// As [`Context::lock`], the document not read into a model: for a command that changes it
    /// without one (a backup recorded in a document as mfa-kit wrote it).
    pub fn lock_document(&self) -> Result<LockedDocument> {
        self.refuse_hard_links()?;
        // The file is read as it streams through decryption, never held whole: what unlocks it
        // is found from its header before the lock, then the file as it is under the lock is
        // read.
        let (before, head, _) = self.open_vault_file()?;
        let before = file_stamp(&before);
        let credentials = self.credentials_for(&head)?;
        // A passphrase vault's key is its identity file, unwrapped before the lock: a rekey
        // that replaced the file meanwhile (and failed before its last step, leaving the vault
        // open to both keys) would have this command save the vault to a key nobody has.
        let identity_before = match credentials {
            Credentials::Wrapped(_) | Credentials::Agent(_) => self.wrapped_identity_digest().ok(),
            _ => None,
        };
        let lock = WriteLock::acquire(&self.vault_path)?;
        let (file, head, size) = self.open_vault_file()?;
        let under_lock = file_stamp(&file);
        let changed_while_waiting = || {
            Error::new(format!(
                "the vault {} changed while this command waited for it, and no longer \
                 opens with what was given before",
                self.vault_shown()
            ))
            .hint("run the command again")
        };
        if identity_before.is_some() && self.wrapped_identity_digest().ok() != identity_before {
            return Err(changed_while_waiting());
        }
        let (plaintext, key) = self
            .decrypt_open(file, head, size, credentials)
            .map_err(|e| {
                // Another command (a rekey) changed the vault while this one waited for it.
                if under_lock == before {
                    e
                } else {
                    changed_while_waiting()
                }
            })?;
        Ok(LockedDocument {
            lock,
            document: plaintext,
            key,
        })
    }

    /// The vault's document read again, by a command that holds the writers' lock and
    /// opened the vault with the identity file `keyring` (nothing is asked again): for a
    /// command that let the document go while it read something else as large.
    pub fn read_again(&self, keyring: Keyring) -> Result<(Zeroizing<Vec<u8>>, VaultKey)> {
        let (file, head, size) = self.open_vault_file()?;
        self.decrypt_open(file, head, size, Credentials::Keyrings(vec![keyring]))
    }

    /// The vault file as it is now, open (for a command holding the lock that must be able
    /// to put it back: its bytes stay readable through this handle after another file takes
    /// its name).
    pub fn vault_file_handle(&self) -> Result<std::fs::File> {
        self.refuse_missing_vault()?;
        files::open_regular_file(&self.vault_path, "the vault", files::MAX_READ_BYTES)
            .map(|(file, _)| file)
    }

    /// Opens the vault under its writers' lock, applies `change`, and saves the result if it
    /// differs. An error from `change` leaves the vault file untouched.
    pub fn update<T>(&self, change: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        self.update_locked(self.lock_document()?, change)
    }

    /// [`Context::update`] of a document already read under the lock.
    fn update_locked<T>(
        &self,
        locked: LockedDocument,
        change: impl FnOnce(&mut Vault) -> Result<T>,
    ) -> Result<T> {
        let LockedDocument {
            lock: _lock,
            document,
            key,
        } = locked;
        let Unlocked { mut vault, key } = self.parse(&document, key)?;
        drop(document);
        // What the vault was, as a digest of its whole model: a copy of the vault to compare
        // with doubled the memory of every change.
        let before = fingerprint(&vault);
        let result = change(&mut vault)?;
        vault.normalize_locations();
        if fingerprint(&vault) != before {
            self.save(&vault, &key, Existing::Replace)?;
        }
        Ok(result)
    }

    /// [`Context::update`] for a change of one account: a document as mfa-kit wrote it is
    /// given to `sealed` as its accounts ([`SealedAccounts`]), each read and checked alone,
    /// with `save`, which writes the document with one table changed (every other kept as
    /// it is written): a change to one account of 10,000 never builds the model of them all.
    /// Where `sealed` says `None` (before it saved anything), and for any other document, the
    /// model is changed by `model` instead, and is saved if it changed.
    pub fn update_sealed<T>(
        &self,
        sealed: impl FnOnce(&SealedAccounts, &dyn Fn(WithAccount) -> Result<()>) -> Option<Result<T>>,
        model: impl FnOnce(&mut Vault) -> Result<T>,
    ) -> Result<T> {
        let locked = self.lock_document()?;
        if let Some(accounts) = std::str::from_utf8(&locked.document)
            .ok()
            .and_then(SealedAccounts::of_toml)
        {
            let save =
                |with: WithAccount| self.save_document(&locked.key, |out| with.write_to(out));
            if let Some(result) = sealed(&accounts, &save) {
                return result;
            }
        }
        self.update_locked(locked, model)
    }

    /// [`Context::update`] for a change to the backup records alone (a drill's dates):
    /// `change` is made to each record and says whether it changed it. A document as mfa-kit
    /// wrote it is written with the records changed in its text, every other table kept as it
    /// is ([`SealedAccounts::records_changed`]); any other is changed in the model.
    pub fn update_records(&self, mut change: impl FnMut(&mut BackupRecord) -> bool) -> Result<()> {
        let locked = self.lock_document()?;
        if let Some(accounts) = std::str::from_utf8(&locked.document)
            .ok()
            .and_then(SealedAccounts::of_toml)
        {
            let mut changed = false;
            if let Some(with) = accounts.records_changed(|record| {
                let this = change(record);
                changed |= this;
                this
            }) {
                if changed {
                    self.save_document(&locked.key, |out| with.write_to(out))?;
                }
                return Ok(());
            }
        }
        self.update_locked(locked, |vault| {
            for record in &mut vault.backups {
                change(record);
            }
            Ok(())
        })
    }

    /// [`Context::update`] for a change that may reach every account, the backup records and
    /// the sites (a location renamed or retired, a site set). A document as mfa-kit wrote it
    /// is written a table at a time: `record` is made to each backup record, `sites` to its
    /// map of sites, and `account` to each account as it is written (given whether the
    /// record at a place among the records holds an account of a name, as the document's
    /// text says), each saying whether it changed something; `changes` says whether an
    /// account naming a place is changed by `account` (a place renamed or retired). A place
    /// that 10,000 accounts name is renamed without the model of them all. Any other document
    /// is changed in the model by `model`. The vault is written only when something changed:
    /// a change that changes nothing writes nothing, and so cannot fail on a full disk.
    pub fn update_everywhere(
        &self,
        record: impl FnMut(&mut BackupRecord) -> bool,
        sites: impl FnOnce(&mut BTreeMap<String, String>),
        (account, changes): (
            impl FnMut(Holds, &mut Account) -> bool,
            impl Fn(&str) -> bool,
        ),
        model: impl FnOnce(&mut Vault),
    ) -> Result<()> {
        let locked = self.lock_document()?;
        let sealed = std::str::from_utf8(&locked.document)
            .ok()
            .and_then(SealedAccounts::of_toml);
        if let Some(accounts) = &sealed
            && let Some((with, rest_changed)) = accounts.every_account_changed(record, sites)
        {
            if rest_changed || accounts.any_account_names(changes) {
                self.save_document(&locked.key, |out| with.write_to(out, account))?;
            }
            return Ok(());
        }
        drop(sealed);
        self.update_locked(locked, |vault| {
            model(vault);
            Ok(())
        })
    }

    /// Applies `change` to the account called `name` (found as [`account_mut`] finds it)
    /// under the writers' lock, and saves the vault if the account changed: in its table
    /// alone where the document allows it ([`Context::update_sealed`]). `change` keeps the
    /// account's name.
    pub fn update_account<T>(
        &self,
        name: &str,
        change: impl FnOnce(&mut Account) -> Result<T>,
    ) -> Result<T> {
        // Run on whichever the vault is changed in, the table or the model.
        let change = std::cell::Cell::new(Some(change));
        let take = || change.take().expect("the change is made once");
        self.update_sealed(
            |sealed, save| {
                let index = sealed.position(name)?;
                let mut account = sealed.account(index);
                let before = account.clone();
                Some(take()(&mut account).and_then(|result| {
                    account.normalize_locations();
                    debug_assert_eq!(account.name, before.name, "a change keeps the name");
                    if account != before {
                        save(sealed.replaced(index, &account))?;
                    }
                    Ok(result)
                }))
            },
            |vault| take()(account_mut(vault, name)?),
        )
    }

    /// A vault file with a second hard link would split in two on the next write (the write
    /// replaces this name; the other keeps the old vault): refused, before anything is asked.
    fn refuse_hard_links(&self) -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        match std::fs::metadata(&self.vault_path) {
            Ok(meta) if meta.nlink() > 1 => Err(Error::new(format!(
                "the vault {} has {} hard links, and a write would split them into two vaults",
                self.vault_shown(),
                meta.nlink()
            ))
            .hint("remove the other link (find / -samefile VAULT), or use a symbolic link")),
            _ => Ok(()),
        }
    }

    /// Encrypts and writes the vault atomically. Callers hold the writers' lock.
    pub fn save(&self, vault: &Vault, key: &VaultKey, existing: Existing) -> Result<()> {
        self.stage(vault, key, existing)?.commit()
    }

    /// Encrypts the vault and writes it beside the old one, not yet in place.
    pub fn stage(&self, vault: &Vault, key: &VaultKey, existing: Existing) -> Result<Staged> {
        self.stage_document(key, existing, |writer| {
            crate::core::document::write_to(vault, vault.format_version(), writer)
        })
    }

    /// Encrypts what `write` writes as the vault's document and puts it in place atomically.
    /// Callers hold the writers' lock.
    fn save_document(
        &self,
        key: &VaultKey,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        self.stage_document(key, Existing::Replace, write)?.commit()
    }

    /// As [`Context::stage`], the document being what `write` writes.
    pub fn stage_document(
        &self,
        key: &VaultKey,
        existing: Existing,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<Staged> {
        let key = key.encryption_key()?;
        let (staged, _) =
            crypto::stage_encrypted(&self.vault_path, existing, &key, false, false, write)?;
        Ok(staged)
    }

    /// Refuses an output file (`--out`, a key written by restore) that is one of the files
    /// mfa-kit itself depends on: the vault, its lock, the config file, an identity or a
    /// passphrase file in use. Writing there would silently replace it.
    pub fn check_out_target(&self, path: &Path, option: &str) -> Result<()> {
        let mut protected: Vec<(PathBuf, &str)> = vec![
            (self.vault_path.clone(), "the vault"),
            (lock_path(&self.vault_path), "the vault's lock file"),
        ];
        if let Some(config) = &self.config_path {
            protected.push((config.clone(), "the config file"));
        }
        protected.push((self.wrapped_identity_path(), "the vault's own identity"));
        for identity in self.identity_paths() {
            protected.push((identity, "an identity file in use"));
        }
        for file in [
            &self.args.passphrase_file,
            &self.args.backup_passphrase_file,
        ]
        .into_iter()
        .flatten()
        {
            protected.push((file.clone(), "a passphrase file in use"));
        }
        let target = canonical_target(path);
        for (file, what) in protected {
            if canonical_target(&file) == target || same_file(&file, path) {
                return Err(Error::new(format!(
                    "{option} {} is {what}; writing there would replace it",
                    path.display()
                ))
                .hint(format!("give {option} another file")));
            }
        }
        Ok(())
    }

    pub fn now(&self) -> u64 {
        clock::now()
    }
}

/// What unlocks a vault, gathered before its lock is taken.
pub enum Credentials {
    /// A first-version passphrase vault's passphrase.
    Passphrase(SecretString),
    Keyrings(Vec<Keyring>),
    /// The vault's own identity, unwrapped with the passphrase.
    Wrapped(Keyring),
    /// The session agent, which holds the vault's identity and unwraps for us; with the
    /// digest of the identity file it must have been unlocked from.
    Agent(String),
}

/// The vault's document, decrypted under its writers' lock (held until this is dropped),
/// with the key to save it back with.
pub struct LockedDocument {
    pub lock: WriteLock,
    pub document: Zeroizing<Vec<u8>>,
    pub key: VaultKey,
}

/// A vault opened under its writers' lock, with the document it was read from (a backup is
/// that document as it is).
pub struct Locked {
    _lock: WriteLock,
    pub unlocked: Unlocked,
    /// The document the vault was read from, as it is under the lock.
    pub document: Zeroizing<Vec<u8>>,
}

/// SHA-256 over the vault's model as JSON (every field): two vaults of one fingerprint are
/// the same vault. Streamed into the hash, never held; the two halves of a large vault's
/// accounts are hashed at once ([`halves`]), and the fingerprint is of their two digests and
/// the rest.
fn fingerprint(vault: &Vault) -> [u8; 32] {
    use sha2::Digest;
    fn digest(value: &impl serde::Serialize) -> [u8; 32] {
        let mut hash = sha2::Sha256::new();
        serde_json::to_writer(&mut hash, value).expect("the model serialises");
        hash.finalize().into()
    }
    // Every field named: a field added to the vault must be added here.
    let Vault {
        version,
        accounts,
        backups,
        sites,
    } = vault;
    let (first, second) = halves::of_halves(accounts, |part| digest(&part));
    let mut hash = sha2::Sha256::new();
    hash.update(first);
    hash.update(second);
    hash.update(digest(&(version, backups, sites)));
    hash.finalize().into()
}

/// What tells one state of a file from another: its device, inode, size and times.
fn file_stamp(file: &std::fs::File) -> Option<(u64, u64, u64, i64, i64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let m = file.metadata().ok()?;
    Some((
        m.dev(),
        m.ino(),
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec(),
    ))
}

/// A decrypted vault with the key it was opened with.
pub struct Unlocked {
    pub vault: Vault,
    pub key: VaultKey,
}

/// What locks a vault: the passphrase, or the identity file that opened it.
pub enum VaultKey {
    /// A first-version passphrase vault: saved encrypted to the passphrase again.
    Passphrase(SecretString),
    Identity(Keyring),
    /// A passphrase vault with its own identity: saved to these recipients (the identity's,
    /// or during `rekey`, the old and the new one's).
    Wrapped(Vec<String>),
}

impl VaultKey {
    /// True when a person's passphrase is what finally opens the vault.
    pub fn is_passphrase(&self) -> bool {
        matches!(self, VaultKey::Passphrase(_) | VaultKey::Wrapped(_))
    }

    /// The age key to encrypt the vault to when it is saved.
    pub fn encryption_key(&self) -> Result<Key> {
        match self {
            VaultKey::Passphrase(pass) => Ok(Key::Passphrase(pass.clone())),
            VaultKey::Wrapped(recipients) => {
                let parsed = recipients
                    .iter()
                    .map(|r| crypto::parse_recipient(r))
                    .collect::<std::result::Result<Vec<_>, String>>()
                    .map_err(|e| Error::new(format!("the vault's own key is unusable: {e}")))?;
                if parsed.is_empty() {
                    return Err(Error::new("the vault's own identity holds no age key")
                        .hint("put back the identity file that came with this vault"));
                }
                Ok(Key::Recipients(parsed))
            }
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

/// Refuses an output file that is a registered SSH key (or its `.pub`): writing there would
/// destroy a recovery path the vault counts on.
pub fn check_out_not_a_key(vault: &Vault, path: &Path, option: &str) -> Result<()> {
    let mut check = KeyFilesCheck::new(path, option);
    vault
        .accounts
        .iter()
        .try_for_each(|account| check.account(account))
}

/// [`check_out_not_a_key`] given one SSH key file (or account) at a time, as they are read.
pub struct KeyFilesCheck<'o> {
    path: &'o Path,
    option: &'o str,
    target: PathBuf,
    resolved: CanonicalTargets,
    /// One key is often registered for several accounts: each file is looked at once (each
    /// file in a folder that is there; one in a folder that is not is never looked at).
    seen: std::collections::HashSet<String>,
    /// The folder of the key file looked at last, as written (before its file name), and
    /// whether it is there: the key files of 10,000 accounts are mostly in one folder.
    last_folder: Option<(String, Option<bool>)>,
}

impl<'o> KeyFilesCheck<'o> {
    pub fn new(path: &'o Path, option: &'o str) -> Self {
        KeyFilesCheck {
            path,
            option,
            target: canonical_target(path),
            resolved: CanonicalTargets::default(),
            seen: std::collections::HashSet::new(),
            last_folder: None,
        }
    }

    /// Whether the folder of `key_path` is there (`None` where it has none).
    fn folder_is_there(&mut self, key_path: &str) -> Option<bool> {
        let resolved = &mut self.resolved;
        let mut look = || {
            std::path::absolute(key_path)
                .ok()
                .and_then(|path| Some(resolved.folder(path.parent()?).is_some()))
        };
        // Before a file name, the same text is the same folder (the working folder stays).
        match key_path.rsplit_once('/') {
            Some((folder, name)) if !matches!(name, "" | "." | "..") => {
                if let Some((last, there)) = &self.last_folder
                    && last == folder
                {
                    return *there;
                }
                let there = look();
                self.last_folder = Some((folder.to_string(), there));
                there
            }
            _ => look(),
        }
    }

    /// [`KeyFilesCheck::key`] of each SSH key file of `account`.
    pub fn account(&mut self, account: &Account) -> Result<()> {
        account
            .ssh_keys
            .iter()
            .try_for_each(|key| self.key(&account.name, &key.path))
    }

    /// Refuses the output file when it is `key_path` (or its `.pub`, or its private half),
    /// the SSH recovery key of `account`. The output file's folder is known to be there
    /// ([`check_out_file`], or `require_folder` before it).
    pub fn key(&mut self, account: &str, key_path: &str) -> Result<()> {
        if self.seen.contains(key_path) {
            return Ok(());
        }
        let folder = self.folder_is_there(key_path);
        if folder != Some(false) {
            self.seen.insert(key_path.to_string());
        }
        // A key file in a folder that is not there is no file, nor are its halves beside it;
        // the output file's folder is there (it is checked first). A vault of 10,000
        // accounts made on another computer names that many such files.
        let stem = key_path.trim_end_matches(".pub");
        let name = stem.rsplit('/').next().unwrap_or(stem);
        if folder == Some(false) && !matches!(name, "" | "." | "..") {
            return Ok(());
        }
        let public = PathBuf::from(format!("{stem}.pub"));
        let private = PathBuf::from(stem);
        if [Path::new(key_path), public.as_path(), private.as_path()]
            .iter()
            .any(|p| self.resolved.of(p) == self.target)
        {
            let option = self.option;
            return Err(Error::new(format!(
                "{option} {} is the SSH recovery key of {account:?}; writing there would destroy it",
                self.path.display(),
            ))
            .hint(format!("give {option} another file")));
        }
        Ok(())
    }
}

/// Checks an output file before any work is done: not a file mfa-kit depends on, and in a
/// folder that exists (a missing one is never created).
pub fn check_out_file(ctx: &Context, path: &Path, option: &str) -> Result<()> {
    ctx.check_out_target(path, option)?;
    files::require_folder(path)
}

/// Writes an output file that holds secrets: checked as [`check_out_file`] does, mode 0600,
/// atomically, and never under another name after a crash.
pub fn write_out_file(ctx: &Context, path: &Path, bytes: &[u8], option: &str) -> Result<()> {
    check_out_file(ctx, path, option)?;
    files::write_private_atomic(path, bytes, Existing::Replace)
}

/// Reads a value given as `-` from standard input: the first non-empty line, trimmed.
pub fn read_stdin_value(what: &str) -> Result<Zeroizing<String>> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        crate::sys::output::note(format!("Paste the {what}, then press Enter:"));
    }
    // A URI is at most 16 KiB: more is not a value (`< /dev/zero`), and is not read.
    let bytes = Zeroizing::new(crate::sys::fs::read_all_bounded_to(
        stdin.lock().take_line(),
        what,
        "standard input",
        64 * 1024,
    )?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::new(format!("the {what} on standard input is not UTF-8 text")))?;
    let value = crate::core::text::strip_bom(text)
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

/// The error for a name that is not in the vault, with the closest name when one is close.
pub fn unknown_account(vault: &Vault, name: &str) -> Error {
    let names = vault.names();
    match closest(name, names.iter().copied()) {
        Some(near) => Error::new(format!("no account named {name:?}; did you mean {near:?}?"))
            .hint("see `mfa-kit list` for the names"),
        None => Error::new(format!("no account named {name:?}"))
            .hint("see `mfa-kit list` for the names"),
    }
}

/// The account named `name` (in any case), or the error that says it does not exist.
pub fn account<'a>(vault: &'a Vault, name: &str) -> Result<&'a Account> {
    vault
        .account(name)
        .ok_or_else(|| unknown_account(vault, name))
}

/// The account named `name` (in any case), or the error that says it does not exist.
pub fn account_mut<'a>(vault: &'a mut Vault, name: &str) -> Result<&'a mut Account> {
    if vault.account(name).is_none() {
        return Err(unknown_account(vault, name));
    }
    Ok(vault.account_mut(name).expect("found above"))
}

/// Checks `--at` locations, naming the option in the error.
pub fn check_locations<'a>(locations: impl IntoIterator<Item = &'a String>) -> Result<()> {
    for location in locations {
        check_location(location)
            .map_err(|e| Error::new(e).hint("type the place's name plainly, without commas"))?;
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
