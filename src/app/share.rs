//! `share split|combine`: a backup whose key is split among trusted people. `split` makes an
//! age X25519 identity, writes a backup of the vault to it (recorded with a K-of-N key held by
//! the holders), and writes one share file per holder (and a one-page PDF with `--pdf`);
//! `combine` reads K or more share files back and writes the rebuilt identity. The framing,
//! the checks and the Shamir split are in [`crate::core::share`]; this file reads and writes.

use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::app::backup::{BackupSpec, Destination, write_backup};
use crate::app::{Context, check_locations, check_out_file};
use crate::cli::{ShareCombineArgs, ShareCommand, ShareSplitArgs};
use crate::core::share::{self, Header, MAX_HOLDERS, SET_BYTES, SetId, Share};
use crate::core::vault::normalize_location;
use crate::error::{Error, Outcome, Result};
use crate::sys::crypto::Key;
use crate::sys::fs::{Existing, Staged, canonical_target, read_bounded_to, stage_private};
use crate::sys::output;

pub fn run(ctx: &Context, command: ShareCommand) -> Result<Outcome> {
    match command {
        ShareCommand::Split(args) => split(ctx, args),
        ShareCommand::Combine(args) => combine(ctx, args),
    }
}

/// The holders, normalised as locations are, each once, each a plain file name.
fn holders(to: &[String]) -> Result<Vec<String>> {
    let holders: Vec<String> = to.iter().map(|h| normalize_location(h)).collect();
    check_locations(&holders)?;
    for (i, holder) in holders.iter().enumerate() {
        if holders[..i].contains(holder) {
            return Err(
                Error::new(format!("--to names the holder {holder:?} twice"))
                    .hint("give each holder once: one share each"),
            );
        }
        if holder.contains(['/', '\\']) || holder.starts_with('.') {
            return Err(Error::new(format!(
                "the holder {holder:?} cannot name a share file ({holder}.txt)"
            ))
            .hint("name holders plainly, without slashes or a leading dot (alice, bank-safe)"));
        }
    }
    if holders.len() > MAX_HOLDERS {
        return Err(Error::new(format!(
            "--to names {} holders, more than the {MAX_HOLDERS} a share split has",
            holders.len()
        ))
        .hint("give at most 10 holders"));
    }
    Ok(holders)
}

fn split(ctx: &Context, args: ShareSplitArgs) -> Result<Outcome> {
    let holders = holders(&args.to)?;
    let n = holders.len();
    let k = args.threshold as usize;
    if n < 2 {
        return Err(Error::new(format!(
            "--to names {n} holder; a split needs at least two"
        ))
        .hint("give --to with two or more holders, or back up to one key with `mfa-kit backup -r`"));
    }
    share::check_split(k, n).map_err(|e| {
        Error::new(format!("--threshold {}: {e}", args.threshold)).hint(format!(
            "give --threshold from 2 to {n} (with one share enough, back up to a key copied to each holder: `mfa-kit backup -r`)"
        ))
    })?;
    let device = ctx.device()?;
    let at = normalize_location(args.at.as_deref().unwrap_or(&device));
    check_locations([&at])?;
    // A share held at this device, at the backup's own place, or "in memory" adds nothing a
    // loss of that place would not take with it.
    for holder in &holders {
        if *holder == device || *holder == at || holder == crate::core::audit::MEMORY {
            return Err(Error::new(format!(
                "the holder {holder} is {}",
                if *holder == device {
                    "this device, which the backup protects"
                } else if *holder == at {
                    "where the backup itself is kept"
                } else {
                    "memory: a share is a file or a paper, not a passphrase"
                }
            ))
            .hint("give people or places apart from the backup and this device"));
        }
    }

    // Every output is checked before anything is made or asked for.
    check_out_file(ctx, &args.out, "--out")?;
    let mut targets: Vec<(PathBuf, Option<PathBuf>)> = Vec::with_capacity(n);
    for holder in &holders {
        let text = args.share_dir.join(format!("{holder}.txt"));
        let pdf = args
            .pdf
            .then(|| args.share_dir.join(format!("{holder}.pdf")));
        for path in std::iter::once(&text).chain(&pdf) {
            check_out_file(ctx, path, "--share-dir")?;
            if canonical_target(path) == canonical_target(&args.out) {
                return Err(Error::new(format!(
                    "--out {} is also where the share of {holder} would go",
                    args.out.display()
                ))
                .hint("give --out a file outside --share-dir, or another name"));
            }
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::new(format!(
                    "{} exists already; a share is never written over a file",
                    path.display()
                ))
                .hint("move the old shares away, or give another --share-dir"));
            }
        }
        targets.push((text, pdf));
    }

    // The key, its shares, and the share files staged (not yet in place).
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let secret = share::identity_secret(identity.to_string().expose_secret())
        .ok_or_else(|| Error::new("the new backup key could not be read back"))?;
    let mut set = [0u8; SET_BYTES];
    getrandom::fill(&mut set)
        .map_err(|e| Error::new(format!("no random numbers from the system: {e}")))?;
    let set = SetId(set);
    let shares = share::split(
        &secret,
        k,
        n,
        set,
        &recipient,
        getrandom::rand_core::UnwrapErr(getrandom::SysRng),
    )
    .map_err(|e| Error::new(e.to_string()))?;
    drop(secret);
    let backup_file = canonical_target(&args.out).display().to_string();
    let mut staged: Vec<Staged> = Vec::new();
    for ((share, holder), (text_path, pdf_path)) in shares.iter().zip(&holders).zip(&targets) {
        let text = share::to_text(
            share,
            &Header {
                holder,
                holders: &holders,
                backup_file: &backup_file,
                backup_at: &at,
            },
        );
        staged.push(stage_private(text_path, text.as_bytes(), Existing::Refuse)?);
        if let Some(pdf_path) = pdf_path {
            let pdf = Zeroizing::new(text_pdf(&text));
            staged.push(stage_private(pdf_path, &pdf, Existing::Refuse)?);
        }
    }

    // The backup and its record; then the shares are put in place.
    write_backup(
        ctx,
        BackupSpec {
            key: Key::Recipients(vec![Box::new(identity.to_public())]),
            recipients: vec![recipient.clone()],
            passphrase: false,
            at: at.clone(),
            key_at: holders.clone(),
            threshold: Some(args.threshold),
            armor: false,
            compress: false,
            destination: Destination::File(&args.out),
        },
    )?;
    drop(identity);
    for file in staged {
        file.commit().map_err(|e| {
            Error::new(format!(
                "{}; the backup {backup_file} was written, but not every share",
                e.message()
            ))
            .hint("remove this split's share files and run `mfa-kit share split` again")
        })?;
    }
    for (share, (holder, (text_path, pdf_path))) in shares.iter().zip(holders.iter().zip(&targets))
    {
        let pdf = pdf_path
            .as_ref()
            .map(|p| format!(" and {}", p.display()))
            .unwrap_or_default();
        output::note(format!(
            "Wrote share {} of {n} (set {set}) for {holder} to {}{pdf}.",
            share.index,
            text_path.display()
        ));
    }
    output::note(format!(
        "Any {k} of the {n} shares rebuild the key ({recipient}). Hand each holder their share, \
         then delete the share files here: together on this device they open the backup."
    ));
    Ok(Outcome::Yes)
}

fn combine(ctx: &Context, args: ShareCombineArgs) -> Result<Outcome> {
    if let Some(out) = &args.out {
        check_out_file(ctx, out, "--out")?;
        for file in &args.files {
            if canonical_target(file) == canonical_target(out) {
                return Err(Error::new(format!(
                    "--out {} is one of the share files; writing there would replace it",
                    out.display()
                ))
                .hint("give --out another file"));
            }
        }
    }
    let mut shares: Vec<(String, Share)> = Vec::with_capacity(args.files.len());
    for file in &args.files {
        shares.push((file.display().to_string(), read_share(file)?));
    }
    let secret = share::combine(&shares).map_err(|e| {
        let hint = match e {
            share::CombineError::TooFew { .. } => "give more holders' share files",
            share::CombineError::DifferentSets { .. } => {
                "give shares of one split only: their `set:` lines must match"
            }
            share::CombineError::Repeated { .. } => "give shares of different holders",
            _ => "compare the shares with their holders' copies and try other ones",
        };
        Error::new(e.to_string()).hint(hint)
    })?;
    let (_, first) = &shares[0];
    let identity = share::identity_text(&secret);
    drop(secret);
    let text = Zeroizing::new(format!(
        "# rebuilt by mfa-kit share combine from {} of {} shares of set {}\n# public key: {}\n{}\n",
        shares.len(),
        first.total,
        first.set,
        first.recipient,
        identity.expose_secret()
    ));
    match &args.out {
        Some(out) => {
            // Never over a file: the backup it opens, or anything else, stays as it was.
            check_out_file(ctx, out, "--out")?;
            crate::sys::fs::write_private_atomic(out, text.as_bytes(), Existing::Refuse)?;
            output::note(format!(
                "Rebuilt the backup key {} into {}; open the backup with `age -d -i {} BACKUP` or `mfa-kit restore BACKUP -i {}`.",
                first.recipient,
                out.display(),
                out.display(),
                out.display()
            ));
        }
        None => output::bytes(text.as_bytes())?,
    }
    Ok(Outcome::Yes)
}

/// Reads one share file; errors name the file, never its content.
fn read_share(path: &Path) -> Result<Share> {
    let bytes = Zeroizing::new(read_bounded_to(path, "the share file", 64 * 1024)?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::new(format!("the share file {} is not text", path.display()))
            .hint("give the share's .txt file, or type the share back into a text file")
    })?;
    share::parse(text).map_err(|e| {
        let hint = match e {
            share::ParseError::Checksum => {
                "compare it with the holder's copy character by character, or use another holder's share"
            }
            share::ParseError::Version(_) => "upgrade mfa-kit",
            _ => "give the share's .txt file, with its lines from BEGIN to END",
        };
        Error::new(format!("the share file {} {e}", path.display())).hint(hint)
    })
}

/// A one-page A4 PDF of `text` in Courier, one line a line (characters outside ASCII as `?`).
fn text_pdf(text: &str) -> Vec<u8> {
    use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
    let (catalog, tree, page, font, content_id) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    {
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0))
            .parent(tree)
            .contents(content_id);
        p.resources().fonts().pair(Name(b"F1"), font);
    }
    pdf.type1_font(font).base_font(Name(b"Courier"));
    let mut content = Content::new();
    content.begin_text();
    content.set_font(Name(b"F1"), 9.5);
    content.set_leading(13.0);
    content.next_line(40.0, 800.0);
    for line in text.lines() {
        let ascii = Zeroizing::new(
            line.chars()
                .map(|c| {
                    if c.is_ascii() && !c.is_ascii_control() {
                        c
                    } else {
                        '?'
                    }
                })
                .collect::<String>(),
        );
        content.show(Str(ascii.as_bytes()));
        content.next_line_using_leading();
    }
    content.end_text();
    let stream = Zeroizing::new(content.finish().to_vec());
    pdf.stream(content_id, &stream);
    pdf.finish()
}
