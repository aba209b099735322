//! Completion scripts and man pages, rendered from the clap definition in `cli` alone. The
//! checked-in copies under `completions/` and `man/` are written by
//! `cargo run --example generate-docs`, and a test fails when they differ from a fresh render.
//! A completion script is short: it hands the words typed to `mfa-kit` itself, which knows
//! every subcommand, option and value, and the account names and places of the vault
//! (`app::complete`).

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::{Generator, Shell};

use crate::cli::Cli;

pub const BIN: &str = "mfa-kit";
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// The completion script for `shell`: it registers `mfa-kit` as the completer of `mfa-kit`.
pub fn completion(shell: Shell) -> Vec<u8> {
    crate::app::complete::registration(&shell.to_string())
}

/// Every generated file, by its path in the repository.
pub fn render_all() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = SHELLS
        .iter()
        .map(|shell| {
            (
                PathBuf::from("completions").join(shell.file_name(BIN)),
                completion(*shell),
            )
        })
        .collect();
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, &mut files);
    files.sort();
    files
}

fn man_pages(cmd: &clap::Command, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, files);
    }
    let man = clap_mangen::Man::new(cmd.clone()).date("");
    let mut page = Vec::new();
    man.render_title(&mut page)
        .expect("rendering to memory cannot fail");
    man.render_name_section(&mut page).expect("in memory");
    man.render_synopsis_section(&mut page).expect("in memory");
    man.render_description_section(&mut page)
        .expect("in memory");
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page).expect("in memory");
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut page)
            .expect("in memory");
    }
    page.extend_from_slice(extra_sections(cmd).as_bytes());
    man.render_version_section(&mut page).expect("in memory");
    files.push((PathBuf::from("man").join(man.get_filename()), page));
}

/// Escapes text for roff: backslashes, and a leading dot or quote.
fn roff_text(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

fn examples_of(cmd: &clap::Command) -> Vec<String> {
    let Some(after) = cmd.get_after_help() else {
        return Vec::new();
    };
    let text = after.to_string();
    text.lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

const ENVIRONMENT: [(&str, &str); 6] = [
    ("MFA_KIT_VAULT", "the vault file, as --vault"),
    (
        "MFA_KIT_IDENTITY",
        "an age identity file that unlocks the vault, as --identity",
    ),
    (
        "MFA_KIT_PASSPHRASE_FILE",
        "a file whose first line is the vault's passphrase, as --passphrase-file",
    ),
    (
        "MFA_KIT_BACKUP_PASSPHRASE_FILE",
        "the passphrase file of a backup, as --backup-passphrase-file",
    ),
    (
        "MFA_KIT_DEVICE",
        "the name of this device in the audit, as --device",
    ),
    ("MFA_KIT_CONFIG", "the config file, as --config"),
];

fn extra_sections(cmd: &clap::Command) -> String {
    let mut out = String::new();
    let mut examples = examples_of(cmd);
    if examples.is_empty() && cmd.has_subcommands() {
        for sub in cmd.get_subcommands() {
            examples.extend(examples_of(sub).into_iter().take(1));
        }
    }
    if !examples.is_empty() {
        out.push_str(".SH EXAMPLES\n");
        for example in examples {
            out.push_str(&format!(".TP\n.B {}\n", roff_text(&example)));
        }
    }
    out.push_str(
        ".SH \"EXIT STATUS\"\n\
         .TP\n.B 0\nsuccess; the code is valid; the audit or check passed\n\
         .TP\n.B 1\nthe answer is no: an invalid or replayed code, a gap found by the audit or a check\n\
         .TP\n.B 2\nan error: bad usage, bad input, a wrong passphrase or identity, a missing or damaged file; \
         one line on standard error starting mfa\\-kit:, and every file left as it was\n",
    );
    out.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        out.push_str(&format!(".TP\n.B {name}\n{}\n", roff_text(meaning)));
    }
    out.push_str(".TP\n.B NO_COLOR\nwhen set, the audit's table has no colour\n");
    out.push_str(
        ".SH FILES\n\
         .TP\n.I ~/.local/share/mfa\\-kit/vault.age\nthe vault (the data folder of the platform), mode 0600, in a folder of mode 0700; \
         age\\-encrypted, its plaintext a versioned TOML document\n\
         .TP\n.I ~/.local/share/mfa\\-kit/vault.age.lock\nthe writers' lock\n\
         .TP\n.I ~/.config/mfa\\-kit/config.toml\nthe config: device, identity, and the audit's thresholds under [audit]\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_man_page_with_the_sections() {
        let files = render_all();
        let man: Vec<_> = files.iter().filter(|(p, _)| p.starts_with("man")).collect();
        assert!(man.iter().any(|(p, _)| p.ends_with("mfa-kit.1")));
        assert!(man.iter().any(|(p, _)| p.ends_with("mfa-kit-codes-add.1")));
        for (path, page) in man {
            let text = String::from_utf8_lossy(page);
            for section in [
                ".SH NAME",
                ".SH SYNOPSIS",
                ".SH \"EXIT STATUS\"",
                ".SH ENVIRONMENT",
                ".SH FILES",
            ] {
                assert!(text.contains(section), "{} lacks {section}", path.display());
            }
        }
    }
}
