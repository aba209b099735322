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
    let wrapped = ctx.wrapped_identity_path();
    if kind == LockKind::IdentityFile {
        return Err(Error::new(format!(
            "the vault {shown} opens with an identity file; rekey gives a passphrase vault a new key"
        ))
        .hint(format!(
            "rekey works on vaults made with `mfa-kit init --passphrase`; if this is one, its \
             identity {} is missing: put it back",
            wrapped.display()
        )));
    }
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
        (None, true) => Some(passphrase::prompt_new_or(
            "the vault",
            "rekey --new-passphrase",
            "give --new-passphrase-file FILE",
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
    // An agent holding the old key is locked first: a command served by it after a failure
    // half-way would save the vault to the old key alone while the new identity is in place.
    let agent_was_locked = Agent::to_lock(&agent::runtime_dir(), &ctx.vault_path)
        .is_some_and(|running| running.lock());
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
    if let Err(e) = ctx.save(
        &vault,
        &VaultKey::Wrapped(vec![recipient]),
        Existing::Replace,
    ) {
        if kind == LockKind::FirstVersionPassphrase {
            // The vault is still the first version's, encrypted to the old passphrase: the
            // new identity beside it is not its key yet, and goes.
            let _ = std::fs::remove_file(&wrapped);
            return Err(e);
        }
        let now_opens_with = if new_passphrase.is_some() {
            "the NEW passphrase"
        } else {
            "the same passphrase"
        };
        return Err(Error::new(format!(
            "the new key is in place and the vault opens with {now_opens_with}, but it is still \
             encrypted to the old key too: {e}"
        ))
        .hint("run `mfa-kit rekey` again (with the new passphrase) to finish"));
    }
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
    if agent_was_locked {
        output::note(
            "The running agent held the old key and was locked: run `mfa-kit unlock` again.",
        );
    }
    Ok(Outcome::Yes)
}
