//! `kit`: a printable recovery kit. The recovery sheet (every account's ways back and where
//! each lives, no secret), the vault as an age-encrypted, gzip-compressed paper backup in QR
//! codes, and the paper key on its own page (unless -r/-R/--passphrase), written as one PDF
//! (mode 0600, atomically) and recorded like any backup, with `paper` set.

use crate::app::audit::DeviceFacts;
use crate::app::backup::{BackupSpec, Destination, write_backup};
use crate::app::backup::{KeysAndPlaces, keys_and_places};
use crate::app::{Context, LockKind, check_out_file};
use crate::cli::{KitArgs, Paper};
use crate::core::audit::{self, Settings, VaultLock};
use crate::core::kit::{self, KitError, KitInput, KitKey, MAX_CODES, PaperSize};
use crate::core::vault::Vault;
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::{self, Key};
use crate::sys::fs::canonical_target;
use crate::sys::{output, passphrase, pdf};

/// Why the kit cannot be made, as said.
fn kit_error(error: KitError) -> Error {
    match error {
        KitError::TooLarge { bytes, codes } => Error::new(format!(
            "the vault is too large for paper: its backup ({bytes} bytes) needs {codes} QR \
             codes, and a kit holds at most {MAX_CODES}"
        ))
        .hint("use `mfa-kit backup` to a file instead"),
        KitError::Qr(e) => Error::new(format!("cannot draw the kit's QR codes: {e}")),
    }
}

pub fn run(ctx: &Context, args: KitArgs) -> Result<Outcome> {
    let has_recipients = !args.recipients.is_empty() || !args.recipients_files.is_empty();
    if args.passphrase && has_recipients {
        return Err(
            Error::new("age cannot mix a passphrase with recipients in one file")
                .hint("give either --passphrase or -r/-R, and make a second kit for the other"),
        );
    }
    if args.passphrase && !args.key_at.is_empty() {
        return Err(Error::new(
            "a passphrase lives in memory; --key-at is for a key kept somewhere",
        )
        .hint("drop --key-at"));
    }
    let device = ctx.device()?;
    let KeysAndPlaces {
        at,
        key_at,
        mut recipient_texts,
        recipients,
    } = keys_and_places(
        ctx,
        args.at.as_ref(),
        &args.key_at,
        args.passphrase,
        &args.recipients,
        &args.recipients_files,
    )?;

    if args.out == std::path::Path::new("-") {
        return Err(Error::new("a kit is a PDF to print, not a stream").hint("give --out kit.pdf"));
    }
    check_out_file(ctx, &args.out, "--out")?;
    for file in &args.recipients_files {
        if canonical_target(file) == canonical_target(&args.out) {
            return Err(Error::new(format!(
                "--out {} is a recipients file of this kit; writing there would replace it",
                args.out.display()
            ))
            .hint("give --out another file"));
        }
    }

    let now = ctx.now();
    // The paper key, made for this kit only when no other key is given.
    let paper_key = (!args.passphrase && !has_recipients).then(|| crypto::generate_identity(now));
    let key = if args.passphrase {
        Key::Passphrase(match ctx.backup_passphrase_file() {
            Some(path) => passphrase::from_file(path)?,
            None => passphrase::prompt_new("the kit", "kit --passphrase")?,
        })
    } else if let Some((_, recipient)) = &paper_key {
        let parsed = crypto::parse_recipient(recipient)
            .map_err(|e| Error::new(format!("the paper key made for the kit is unusable: {e}")))?;
        recipient_texts = vec![recipient.clone()];
        Key::Recipients(vec![parsed])
    } else {
        Key::Recipients(recipients)
    };

    let paper = match args.paper {
        Paper::A4 => PaperSize::A4,
        Paper::Letter => PaperSize::Letter,
    };
    // Whether the vault is locked with a passphrase (a path through it then needs `memory`):
    // read from its header, so that the vault is unlocked once, by the backup below.
    let vault_lock = match ctx.lock_kind() {
        Ok(LockKind::FirstVersionPassphrase | LockKind::WrappedIdentity) => VaultLock::Passphrase,
        _ => VaultLock::Identity,
    };
    let thresholds = &ctx.config.audit;
    let settings = Settings {
        device: device.clone(),
        vault_lock,
        min_paths: thresholds.min_paths,
        lost: Vec::new(),
        now,
        codes_low: thresholds.codes_low,
        backup_max_age_days: thresholds.backup_max_age_days,
        verify_max_age_days: thresholds.verify_max_age_days,
    };
    // The renderer owns what it reads (backup::RenderPaper is a 'static closure).
    let made = std::rc::Rc::new(std::cell::Cell::new((0usize, 0usize)));
    let render = {
        let made = made.clone();
        let services = ctx.services()?.clone();
        let vault_path = ctx.vault_path.clone();
        let (device, at, key_at) = (device.clone(), at.clone(), key_at.clone());
        let identity = paper_key
            .as_ref()
            .map(|(text, recipient)| (text.clone(), recipient.clone()));
        let recipient_texts = recipient_texts.clone();
        let passphrase = args.passphrase;
        move |armored: &[u8], vault: &Vault| -> Result<Vec<u8>> {
            let armored = std::str::from_utf8(armored)
                .map_err(|_| Error::new("the armored backup is not text"))?;
            let facts = DeviceFacts::new(&device, &vault_path);
            let report = audit::audit(vault, &settings, &facts, &services);
            let key = match &identity {
                Some((identity, recipient)) => KitKey::PaperKey {
                    identity: identity.as_str(),
                    recipient,
                },
                None if passphrase => KitKey::Passphrase,
                None => KitKey::Recipients(&recipient_texts),
            };
            let kit = kit::build(&KitInput {
                paper,
                armored,
                vault,
                report: &report,
                services: &services,
                device: &device,
                at: &at,
                key_at: &key_at,
                key,
                now,
            })
            .map_err(kit_error)?;
            made.set((kit.codes, kit.pages.len()));
            Ok(pdf::render(&kit))
        }
    };
    write_backup(
        ctx,
        BackupSpec {
            key,
            recipients: recipient_texts.clone(),
            passphrase: args.passphrase,
            at: at.clone(),
            key_at: key_at.clone(),
            threshold: None,
            armor: true,
            compress: true,
            destination: Destination::Paper {
                file: &args.out,
                render: &render,
                fits: &|bytes| kit::least_codes(bytes).map(|_| ()).map_err(kit_error),
            },
        },
    )?;
    let (codes, count) = made.get();
    output::note(format!(
        "The kit is {count} page(s), the vault in {codes} QR code(s). Print it, check the \
         prints scan, then delete {}.",
        args.out.display()
    ));
    if paper_key.is_some() {
        let said = if args.key_at.is_empty() {
            format!(
                "it is recorded as kept on {device} until you say where with --key-at (make the \
                 kit again with --key-at PLACE)"
            )
        } else {
            format!("it is recorded as kept at {}", key_at.join(", "))
        };
        output::note(format!(
            "The last page is the paper key: the PDF holds a secret until deleted. Keep that \
             page apart from the kit: {said}."
        ));
    }
    Ok(Outcome::Yes)
}
