//! Shell completion, computed by mfa-kit itself (clap_complete's `CompleteEnv`): the shell
//! scripts under `completions/` only hand the words typed so far to `mfa-kit` with
//! `COMPLETE=SHELL` set, and mfa-kit answers with the candidates: subcommands, options and
//! their values from the clap definition, and, from the vault, account names, places and
//! sites. So completion is right for every subcommand in every shell, whatever the binary's
//! name (the fixed scripts clap_complete generates break past the first word in bash for a
//! hyphenated name: clap issue 6421).
//!
//! Reading the vault goes through the usual [`Context::open`] with the global options typed
//! on the line being completed (or their environment variables), but never asks for
//! anything: a vault that would need a typed passphrase gives no candidates. Nothing is ever
//! printed on standard error, and no candidate is a secret.

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};
use clap_complete::{ArgValueCandidates, CompletionCandidate};

use crate::app::Context;
use crate::cli::{Cli, GlobalArgs};
use crate::core::audit::MEMORY;
use crate::core::vault::Vault;

/// The environment variable that asks mfa-kit for completions (`COMPLETE=bash mfa-kit`
/// prints the bash script; with words after `--`, the candidates).
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Answers a completion request and returns true when the environment holds one; false for
/// an ordinary run. Errors are swallowed: a completion that fails offers nothing.
/// A `COMPLETE` that names no shell (`COMPLETE=1`, set for something else) is an ordinary
/// run: the command does its work rather than silently nothing.
pub fn answer_if_asked() -> bool {
    let Some(shell) = std::env::var_os(COMPLETE_VAR) else {
        return false;
    };
    let shell = std::path::Path::new(&shell)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if clap_complete::env::Shells::builtins()
        .completer(&shell)
        .is_none()
    {
        return false;
    }
    let current_dir = std::env::current_dir().ok();
    let _ = clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_VAR)
        .try_complete(std::env::args_os(), current_dir.as_deref());
    true
}

/// The registration script for `shell` (bash, zsh, fish, elvish, powershell): what
/// `mfa-kit completions SHELL` prints and `completions/` keeps.
pub fn registration(shell: &str) -> Vec<u8> {
    let mut script = Vec::new();
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(shell)
        .expect("every shell of `completions` has a completer");
    let bin = crate::docs::BIN;
    completer
        .write_registration(COMPLETE_VAR, bin, bin, bin, &mut script)
        .expect("writing to memory cannot fail");
    if shell == "zsh" {
        return zsh_for_fpath(script);
    }
    script
}

/// clap_complete's zsh script registers its function when sourced; kept as `_mfa-kit` in a
/// folder of `$fpath` (where zsh looks for completions), it is autoloaded on the first Tab,
/// which would then only register it and complete nothing. As clap's own fixed zsh scripts
/// do, it completes right away when zsh autoloads it, and registers itself when sourced.
fn zsh_for_fpath(script: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(script).expect("the script is text");
    let function = "_clap_dynamic_completer_mfa_kit";
    let register = format!("compdef {function} {}", crate::docs::BIN);
    assert!(
        text.contains(&register),
        "clap_complete's zsh script changed: see zsh_for_fpath"
    );
    text.replacen(
        &register,
        &format!(
            "if [[ \"${{funcstack[1]}}\" == \"_{bin}\" ]]; then\n    {function} \"$@\"\nelse\n    {register}\nfi",
            bin = crate::docs::BIN
        ),
        1,
    )
    .into_bytes()
}

/// The words typed before the one being completed, as the shell handed them over (after
/// `--`): bash, zsh and elvish say which word is being completed; fish and PowerShell
/// complete the last.
fn words_before_cursor() -> Vec<OsString> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let Some(dashes) = args.iter().position(|a| a == "--") else {
        return Vec::new();
    };
    let words = &args[dashes + 1..];
    let index = std::env::var("_CLAP_COMPLETE_INDEX")
        .ok()
        .and_then(|i| i.parse::<usize>().ok())
        .unwrap_or(words.len().saturating_sub(1));
    words[..index.min(words.len())].to_vec()
}

/// The global options on the line being completed, with their environment variables.
fn global_args() -> Option<GlobalArgs> {
    let matches = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(words_before_cursor())
        .ok()?;
    // Global options given after a subcommand are found in its matches.
    let mut deepest = &matches;
    while let Some((_, sub)) = deepest.subcommand() {
        deepest = sub;
    }
    GlobalArgs::from_arg_matches(deepest).ok()
}

/// The context of the line being completed, when its config reads.
fn context() -> Option<Context> {
    Context::new(global_args()?).ok().map(Context::unattended)
}

/// The vault, when it opens without a question: an identity file, a passphrase file.
fn vault() -> Option<Vault> {
    context()?.open().ok().map(|unlocked| unlocked.vault)
}

/// Completes an argument with account names (read from the vault when it is asked).
pub fn accounts() -> ArgValueCandidates {
    ArgValueCandidates::new(accounts_now)
}

/// Completes an argument with the places the vault names.
pub fn locations() -> ArgValueCandidates {
    ArgValueCandidates::new(locations_now)
}

/// Completes an argument with the vault's sites.
pub fn sites() -> ArgValueCandidates {
    ArgValueCandidates::new(sites_now)
}

/// Completes an argument with the services mfa-kit knows.
pub fn services() -> ArgValueCandidates {
    ArgValueCandidates::new(services_now)
}

/// Account names, each with its issuer as the help.
fn accounts_now() -> Vec<CompletionCandidate> {
    let Some(vault) = vault() else {
        return Vec::new();
    };
    vault
        .sorted_accounts()
        .into_iter()
        .map(|account| {
            CompletionCandidate::new(&account.name)
                .help(account.issuer.as_ref().map(|i| i.clone().into()))
        })
        .collect()
}

/// The places the vault names, this device, its sites, and `memory`.
fn locations_now() -> Vec<CompletionCandidate> {
    let Some(ctx) = context() else {
        return Vec::new();
    };
    let mut places = ctx.device().ok().into_iter().collect::<Vec<_>>();
    if let Ok(unlocked) = ctx.open() {
        places.extend(unlocked.vault.locations());
        places.extend(unlocked.vault.sites().into_keys().map(str::to_string));
    }
    places.push(MEMORY.to_string());
    places.sort();
    places.dedup();
    places.into_iter().map(CompletionCandidate::new).collect()
}

/// The sites the vault groups places in.
fn sites_now() -> Vec<CompletionCandidate> {
    let Some(vault) = vault() else {
        return Vec::new();
    };
    vault
        .sites()
        .into_keys()
        .map(CompletionCandidate::new)
        .collect()
}

/// The services mfa-kit knows (and the config adds): no vault needed.
fn services_now() -> Vec<CompletionCandidate> {
    let Some(ctx) = context() else {
        return Vec::new();
    };
    // A name with a space in it would be two words to the shell: its domain stands in.
    let Ok(catalogue) = ctx.services() else {
        return Vec::new();
    };
    catalogue
        .services()
        .iter()
        .filter_map(|service| {
            let name = service.name.to_lowercase();
            let word = if name.contains(char::is_whitespace) {
                service.domains.first()?.clone()
            } else {
                name
            };
            Some(CompletionCandidate::new(word).help(Some(service.name.clone().into())))
        })
        .collect()
}
