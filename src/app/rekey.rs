//! `rekey`: gives a passphrase vault a new identity of its own, kept beside it encrypted with
//! the passphrase (a new one if asked). A vault made by the first version, encrypted to the
//! passphrase itself, is converted this way. Every step leaves a vault that opens with the
//! identity file in place at that moment, so a crash half-way loses nothing.

use std::os::unix::fs::MetadataExt;

use crate::app::{Context, LockKind, Locked, VaultKey};
use crate::cli::RekeyArgs;
use crate::error::{Error, Outcome, Result};
use crate::sys::agent::{self, Agent};
use crate::sys::fs::{Existing, write_private_atomic};
use crate::sys::{crypto, output, passphrase};

pub fn run(ctx: &Context, args: RekeyArgs) -> Result<Outcome> {
    let shown = ctx.vault_path.display().to_string();
    let kind = ctx.lock_kind()?;
    if kind == LockKind::IdentityFile {
        return Err(Error::new(format!(
            "the vault {shown} opens with an identity file; rekey gives a passphrase vault a new key"
        ))
        .hint("rekey works on vaults made with `mfa-kit init --passphrase`"));
    }
    let wrapped = ctx.wrapped_identity_path();
    if let Ok(meta) = std::fs::metadata(&wrapped)
        && meta.nlink() > 1
    {
        return Err(Error::new(format!(
            "the vault's identity {} has {} hard links, and rekey would split them",
            wrapped.display(),
            meta.nlink()
        ))
        .hint("remove the other link first"));
    }
    // Asked in this order, all before the lock: the passphrase in use (never the agent: a
    // new key or passphrase is given only to who knows the old one), then the new one.
    let old_passphrase = ctx.vault_passphrase()?;
    let new_passphrase = match (&args.new_passphrase_file, args.new_passphrase) {
        (Some(file), _) => Some(passphrase::from_file(file)?),
        (None, true) => Some(passphrase::prompt_new(
            "the vault",
            "rekey --new-passphrase",
        )?),
        (None, false) => None,
    };
    let old_recipients = match kind {
        LockKind::WrappedIdentity => ctx.unwrap_vault_identity()?.x25519_recipients(),
        _ => Vec::new(),
    };
    let Locked {
        _lock, unlocked, ..
    } = ctx.lock()?;
    let vault = unlocked.vault;
    let (text, recipient) = crypto::generate_identity(ctx.now());
    let sealed = crypto::wrap_identity(
        text.as_bytes(),
        new_passphrase.as_ref().unwrap_or(&old_passphrase),
    )?;
    if !old_recipients.is_empty() {
        // 1. The vault opens with the old identity and with the new one.
        let mut both = old_recipients;
        both.push(recipient.clone());
        ctx.save(&vault, &VaultKey::Wrapped(both), Existing::Replace)?;
    }
    // 2. The new identity in place. (A first-version vault is still encrypted to the
    //    passphrase here, and is read as such until step 3.)
    write_private_atomic(&wrapped, &sealed, Existing::Replace)?;
    // 3. The vault for the new identity alone.
    ctx.save(
        &vault,
        &VaultKey::Wrapped(vec![recipient]),
        Existing::Replace,
    )?;
    drop(_lock);

    let under = if new_passphrase.is_some() {
        "the new passphrase"
    } else {
        "the same passphrase"
    };
    output::note(match kind {
        LockKind::FirstVersionPassphrase => format!(
            "Converted the vault {shown}: it is now encrypted to a key of its own, kept in {} \
             under {under}. Opening it costs one scrypt, saving it none, and `mfa-kit unlock` \
             can hold it for a session.",
            wrapped.display()
        ),
        _ => format!(
            "Gave the vault {shown} a new key, kept in {} under {under}.",
            wrapped.display()
        ),
    });
    // An agent still holding the old key could open old copies of the vault, and no longer
    // opens this one: locked.
    if let Some(running) = Agent::at(&agent::runtime_dir(), &ctx.vault_path)
        && running.lock()
    {
        output::note(
            "The running agent held the old key and was locked: run `mfa-kit unlock` again.",
        );
    }
    Ok(Outcome::Yes)
}
