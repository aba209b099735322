//! `init`: creates an empty vault locked by an identity file (created if missing) or a
//! passphrase, and refuses to overwrite a vault that exists.

use std::path::Path;

use crate::app::{Context, VaultKey};
use crate::cli::InitArgs;
use crate::core::vault::Vault;
use crate::error::{Error, Outcome, Result};
use crate::sys::config::Config;
use crate::sys::crypto;
use crate::sys::fs::{Existing, WriteLock, write_private_atomic};
use crate::sys::{output, passphrase};

pub fn run(ctx: &Context, args: InitArgs) -> Result<Outcome> {
    let identity_paths = ctx.identity_paths();
    if args.passphrase && !ctx.args.identity.is_empty() {
        return Err(
            Error::new("init takes either --identity or --passphrase, not both")
                .hint("choose how the vault is unlocked"),
        );
    }
    if !args.passphrase && identity_paths.is_empty() {
        return Err(Error::new("init needs a way to unlock the vault")
            .hint("give --identity FILE (created if missing) or --passphrase"));
    }
    let refuse_existing = || {
        Error::new(format!(
            "a vault exists already at {}; init never overwrites one",
            ctx.vault_path.display()
        ))
        .hint("use it, or give --vault PATH for a new one")
    };
    // Checked before the lock too, so that a refused init creates no lock file.
    if ctx.vault_path.exists() {
        return Err(refuse_existing());
    }
    // Everything that can be refused is checked before the lock file is created, so that a
    // refused init leaves no file behind.
    let ready_key = if args.passphrase {
        Some(VaultKey::Passphrase(match &ctx.args.passphrase_file {
            Some(path) => passphrase::from_file(path)?,
            None => passphrase::prompt_new("the vault", "init --passphrase")?,
        }))
    } else if identity_paths[0].exists() {
        let key = VaultKey::Identity(crypto::load_identity_file(&identity_paths[0])?);
        key.encryption_key()?;
        Some(key)
    } else {
        None
    };
    let _lock = WriteLock::acquire(&ctx.vault_path)?;
    if ctx.vault_path.exists() {
        return Err(refuse_existing());
    }
    if let Some(key @ VaultKey::Passphrase(_)) = &ready_key {
        ctx.save(&Vault::new(), key, Existing::Refuse)?;
        output::note(format!(
            "Created the vault {}, locked with a passphrase.",
            ctx.vault_path.display()
        ));
        return Ok(Outcome::Yes);
    }
    let identity = &identity_paths[0];
    let created = ready_key.is_none();
    if created {
        let (text, recipient) = crypto::generate_identity(ctx.now());
        write_private_atomic(identity, text.as_bytes(), Existing::Refuse)?;
        output::note(format!(
            "Created the identity {} (public key {recipient}). Keep a copy of it off this device.",
            identity.display()
        ));
    }
    let saved = match ready_key {
        Some(key) => ctx.save(&Vault::new(), &key, Existing::Refuse),
        None => crypto::load_identity_file(identity).and_then(|keyring| {
            ctx.save(
                &Vault::new(),
                &VaultKey::Identity(keyring),
                Existing::Refuse,
            )
        }),
    };
    if let Err(e) = saved {
        if created {
            // Leave every file as it was: the identity made for this vault goes with it.
            let _ = std::fs::remove_file(identity);
        }
        return Err(e);
    }
    output::note(format!(
        "Created the vault {}, locked with the identity {}.",
        ctx.vault_path.display(),
        identity.display()
    ));
    remember_identity(ctx, identity);
    Ok(Outcome::Yes)
}

/// For the default vault, records the identity in a new config file so later commands find
/// it without --identity. An existing config file is never rewritten; the user is told.
fn remember_identity(ctx: &Context, identity: &Path) {
    if ctx.config.identity.is_some() || ctx.args.vault.is_some() {
        return;
    }
    let Some(config_path) = &ctx.config_path else {
        return;
    };
    let absolute = std::path::absolute(identity).unwrap_or_else(|_| identity.to_path_buf());
    if config_path.exists() {
        output::note(format!(
            "Tip: add `identity = {:?}` to {} to skip --identity.",
            absolute.display().to_string(),
            config_path.display()
        ));
        return;
    }
    let config = Config {
        identity: Some(absolute),
        ..Config::default()
    };
    if write_private_atomic(config_path, config.to_toml().as_bytes(), Existing::Refuse).is_ok() {
        output::note(format!(
            "Recorded the identity in {}, so later commands need no --identity.",
            config_path.display()
        ));
    }
}
