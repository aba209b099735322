//! `init`: creates an empty vault locked by an identity file (created if missing) or a
//! passphrase, refuses to overwrite a vault that exists, and pins this device's name in the
//! config. `restore` on a machine with no vault creates its vault the same way.

use std::path::Path;

use age::secrecy::SecretString;

use crate::app::{Context, VaultKey, wrapped_identity_path};
use crate::cli::InitArgs;
use crate::core::vault::Vault;
use crate::error::{Error, Outcome, Result};
use crate::sys::config::Config;
use crate::sys::crypto;
use crate::sys::fs::{
    Existing, WriteLock, create_private_dir, lock_path, missing_dirs, parent_of,
    write_private_atomic,
};
use crate::sys::{output, passphrase};

pub fn run(ctx: &Context, args: InitArgs) -> Result<Outcome> {
    create_vault(ctx, args.passphrase, &Vault::new(), "init")?;
    Ok(Outcome::Yes)
}

/// Creates the vault holding `contents`, locked by the identity file (created if missing) or
/// a passphrase, as `init` does; `command` names the command in errors.
pub fn create_vault(
    ctx: &Context,
    passphrase: bool,
    contents: &Vault,
    command: &str,
) -> Result<()> {
    let identity_paths = ctx.identity_paths();
    if passphrase && !ctx.args.identity.is_empty() {
        return Err(Error::new(format!(
            "{command} takes either --identity or --passphrase for the new vault, not both"
        ))
        .hint("choose how the vault is unlocked"));
    }
    if !passphrase && identity_paths.is_empty() {
        return Err(
            Error::new(format!("{command} needs a way to unlock the new vault"))
                .hint("give --identity FILE (created if missing) or --passphrase"),
        );
    }
    // Checked before the lock too, so that a refused init creates no lock file.
    if ctx.vault_path.exists() {
        return Err(Error::new(format!(
            "a vault exists already at {}; init never overwrites one",
            ctx.vault_path.display()
        ))
        .hint("use it, or give --vault PATH for a new one"));
    }
    ctx.device()?;
    let wrapped = wrapped_identity_path(&ctx.vault_path);
    if !passphrase && std::fs::symlink_metadata(&wrapped).is_ok() {
        return Err(Error::new(format!(
            "a passphrase vault's identity is at {} without its vault",
            wrapped.display()
        ))
        .hint(format!(
            "put its vault back at {}, or move the identity aside, then run {command} again",
            ctx.vault_path.display()
        )));
    }
    // Everything that can be refused is checked before the lock file is created, so that a
    // refused init leaves no file behind.
    let ready_key = if passphrase {
        Some(ReadyKey::Passphrase(match &ctx.args.passphrase_file {
            Some(path) => passphrase::from_file(path)?,
            None => passphrase::prompt_new("the vault", &format!("{command} --passphrase"))?,
        }))
    } else if identity_paths[0].exists() {
        let key = VaultKey::Identity(crypto::load_identity_file(&identity_paths[0])?);
        key.encryption_key()?;
        Some(ReadyKey::Identity(key))
    } else {
        None
    };
    // What init creates is removed again if it fails, so that a refused or failed init (a
    // mistyped --vault on a read-only disk) leaves no folder and no lock file behind.
    let vault_dir = parent_of(&ctx.vault_path);
    let new_dirs = missing_dirs(&vault_dir);
    create_private_dir(&vault_dir)?;
    let result = create(ctx, &identity_paths, ready_key, passphrase, contents);
    if result.is_err() {
        let _ = std::fs::remove_file(lock_path(&ctx.vault_path));
        for dir in new_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// What the new vault is locked with, ready before the lock is taken.
enum ReadyKey {
    Passphrase(SecretString),
    Identity(VaultKey),
}

fn create(
    ctx: &Context,
    identity_paths: &[std::path::PathBuf],
    ready_key: Option<ReadyKey>,
    passphrase: bool,
    contents: &Vault,
) -> Result<()> {
    let refuse_existing = || {
        Error::new(format!(
            "a vault exists already at {}; init never overwrites one",
            ctx.vault_path.display()
        ))
        .hint("use it, or give --vault PATH for a new one")
    };
    let _lock = WriteLock::acquire(&ctx.vault_path)?;
    if ctx.vault_path.exists() {
        return Err(refuse_existing());
    }
    let device = ctx.device()?;
    if let (true, Some(ReadyKey::Passphrase(pass))) = (passphrase, &ready_key) {
        create_passphrase_vault(ctx, contents, pass)?;
        record_in_config(ctx, &device, None);
        return Ok(());
    }
    let identity = &identity_paths[0];
    let created = ready_key.is_none();
    let mut identity_dirs = Vec::new();
    if created {
        let identity_dir = parent_of(identity);
        identity_dirs = missing_dirs(&identity_dir);
        let (text, recipient) = crypto::generate_identity(ctx.now());
        let written = create_private_dir(&identity_dir)
            .and_then(|_| write_private_atomic(identity, text.as_bytes(), Existing::Refuse));
        if let Err(e) = written {
            for dir in identity_dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
        output::note(format!(
            "Created the identity {} (public key {recipient}). Keep a copy of it off this device.",
            identity.display()
        ));
    }
    let saved = match ready_key {
        Some(ReadyKey::Identity(key)) => ctx.save(contents, &key, Existing::Refuse),
        Some(ReadyKey::Passphrase(_)) => unreachable!("passphrase vaults are made above"),
        None => crypto::load_identity_file(identity)
            .and_then(|keyring| ctx.save(contents, &VaultKey::Identity(keyring), Existing::Refuse)),
    };
    if let Err(e) = saved {
        if created {
            // Leave every file as it was: the identity made for this vault goes with it.
            let _ = std::fs::remove_file(identity);
            for dir in identity_dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        }
        return Err(e);
    }
    output::note(format!(
        "Created the vault {}, locked with the identity {}.",
        ctx.vault_path.display(),
        identity.display()
    ));
    record_in_config(ctx, &device, Some(identity));
    Ok(())
}

/// A passphrase vault: a new identity of its own, kept beside it encrypted with the
/// passphrase (what stock age reads with `age -d -i`), and the vault encrypted to that
/// identity, so that opening it costs one scrypt and saving it none. An identity left there
/// without its vault (the vault moved aside as damaged) is used again if the passphrase opens
/// it, and never overwritten.
fn create_passphrase_vault(ctx: &Context, contents: &Vault, pass: &SecretString) -> Result<()> {
    let wrapped = wrapped_identity_path(&ctx.vault_path);
    if std::fs::symlink_metadata(&wrapped).is_ok() {
        let orphan = std::fs::read(&wrapped)
            .ok()
            .and_then(|bytes| crypto::decrypt_with_passphrase(&bytes, pass).ok())
            .and_then(|text| crypto::Keyring::from_age_text(&wrapped, text))
            .map(|keyring| keyring.x25519_recipients())
            .filter(|recipients| !recipients.is_empty());
        let Some(recipients) = orphan else {
            return Err(Error::new(format!(
                "a vault's identity is at {} without its vault, and this passphrase does not \
                 open it",
                wrapped.display()
            ))
            .hint(format!(
                "put its vault back at {}, or move the identity aside",
                ctx.vault_path.display()
            )));
        };
        ctx.save(contents, &VaultKey::Wrapped(recipients), Existing::Refuse)?;
        output::note(format!(
            "Created the vault {}, locked with the passphrase and the identity {} found there.",
            ctx.vault_path.display(),
            wrapped.display()
        ));
        return Ok(());
    }
    let (text, recipient) = crypto::generate_identity(ctx.now());
    let sealed = crypto::wrap_identity(text.as_bytes(), pass)?;
    write_private_atomic(&wrapped, &sealed, Existing::Refuse)?;
    if let Err(e) = ctx.save(
        contents,
        &VaultKey::Wrapped(vec![recipient]),
        Existing::Refuse,
    ) {
        let _ = std::fs::remove_file(&wrapped);
        return Err(e);
    }
    output::note(format!(
        "Created the vault {}, locked with a passphrase (its key is {}; keep the two together).",
        ctx.vault_path.display(),
        wrapped.display()
    ));
    Ok(())
}

/// Pins this device's name in the config file when it names none, so that a later change of
/// host name (macOS renames `macbook-pro` to `macbook-pro-2` on its own) never moves the
/// vault to another "device" in the audit. For the default vault, also records the identity
/// so later commands find it without --identity. What the config says already is kept: the
/// new keys go before its first line.
fn record_in_config(ctx: &Context, device: &str, identity: Option<&Path>) {
    let Some(config_path) = &ctx.config_path else {
        return;
    };
    let mut lines = Vec::new();
    if ctx.config.device.is_none() {
        lines.push(format!("device = {}", toml_string(device)));
    }
    let identity = identity
        .filter(|_| ctx.config.identity.is_none() && ctx.args.vault.is_none())
        .map(|i| std::path::absolute(i).unwrap_or_else(|_| i.to_path_buf()));
    if let Some(identity) = &identity {
        lines.push(format!(
            "identity = {}",
            toml_string(&identity.display().to_string())
        ));
    }
    if lines.is_empty() {
        return;
    }
    // Read without waiting: a FIFO put in the config's place must not hang `init`.
    let existing = if std::fs::symlink_metadata(config_path).is_err() {
        String::new()
    } else {
        match crate::sys::fs::read_regular_file(config_path, "the config file")
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        {
            Some(text) => crate::core::text::strip_bom(&text).to_string(),
            None => return tell_config_tip(config_path, &lines),
        }
    };
    let mut text = format!(
        "# Recorded by `mfa-kit init`: this device's name for the audit.\n{}\n",
        lines.join("\n")
    );
    if !existing.is_empty() {
        text.push('\n');
        text.push_str(&existing);
    }
    if toml::from_str::<Config>(&text).is_err() {
        return tell_config_tip(config_path, &lines);
    }
    let written = create_private_dir(&parent_of(config_path))
        .and_then(|_| write_private_atomic(config_path, text.as_bytes(), Existing::Replace));
    match written {
        Ok(()) => output::note(format!(
            "Recorded {} in {}.",
            lines
                .iter()
                .map(|l| l.split(" = ").next().unwrap_or(""))
                .map(|key| match key {
                    "device" => format!("this device's name ({device})"),
                    _ => "the identity, so later commands need no --identity".to_string(),
                })
                .collect::<Vec<_>>()
                .join(" and "),
            config_path.display()
        )),
        Err(_) => tell_config_tip(config_path, &lines),
    }
}

fn tell_config_tip(config_path: &Path, lines: &[String]) {
    output::note(format!(
        "Tip: add `{}` to {}.",
        lines.join("` and `"),
        config_path.display()
    ));
}

/// A string as a TOML value, quoted and escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
