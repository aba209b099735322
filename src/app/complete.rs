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
//! anything and never derives a key: a vault opened by an identity file or by the session
//! agent gives names; one that would need a passphrase (typed, or from a passphrase file:
//! an scrypt on every Tab) gives none. Nothing is ever printed on standard error, and no
//! candidate is a secret.
//!
//! Bash gets a script of mfa-kit's own ([`registration`]): it passes the line typed so far in
//! the environment (not the command line, which `ps` shows) and reads back candidates ended
//! by NUL bytes, already quoted for the line (`core::shell`): a name holding `$(...)`,
//! backticks, spaces, quotes or glob characters is typed as the one word it is, and nothing
//! in it runs.

use std::ffi::OsString;
use std::io::Write;

use clap::{CommandFactory, FromArgMatches};
use clap_complete::{ArgValueCandidates, CompletionCandidate};

use crate::app::Context;
use crate::cli::{Cli, GlobalArgs};
use crate::core::audit::MEMORY;
use crate::core::shell;
use crate::core::vault::Vault;

/// The environment variable that asks mfa-kit for completions (`COMPLETE=bash mfa-kit`
/// prints the bash script; with words after `--`, the candidates).
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Answers a completion request and returns true when the environment holds one; false for
/// an ordinary run. Errors are swallowed: a completion that fails offers nothing.
/// A `COMPLETE` that names no shell (`COMPLETE=1`, set for something else) is an ordinary
/// run: the command does its work rather than silently nothing. Call it first thing in
/// `main`, before any other thread exists (it takes `COMPLETE` out of the environment, so
/// that nothing mfa-kit starts answers completions in turn).
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
    let args: Vec<OsString> = std::env::args_os().collect();
    let words_given = args
        .iter()
        .position(|a| a == "--")
        .is_some_and(|dashes| dashes + 1 < args.len());
    let from_our_script = shell == "bash" && std::env::var_os(BASH_LINE_VAR).is_some();
    if shell == "bash" || !words_given {
        // SAFETY: called first thing in main (see above), before any other thread exists.
        // (clap's CompleteEnv, below, takes it out itself.)
        unsafe { std::env::remove_var(COMPLETE_VAR) };
    }
    let answer = if from_our_script {
        let line = std::env::var(BASH_LINE_VAR).unwrap_or_default();
        let text = std::env::var(BASH_TEXT_VAR).unwrap_or_default();
        bash_candidates(&line, &text, b"\0")
    } else if !words_given {
        // `COMPLETE=bash mfa-kit`: the script, as `completions/` keeps it (clap's own would
        // lack what `registration` adds).
        registration(&shell)
    } else if shell == "bash" {
        // A script registered by an earlier mfa-kit (clap's): the words on the command line,
        // the candidates separated by its IFS. They are quoted all the same, so that what it
        // inserts as they are is still one word each.
        let words: Vec<String> = args
            .iter()
            .skip_while(|a| *a != "--")
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let index = std::env::var("_CLAP_COMPLETE_INDEX")
            .ok()
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(words.len().saturating_sub(1))
            .min(words.len().saturating_sub(1));
        let line = words[..=index].join(" ");
        let separator = std::env::var("_CLAP_IFS").unwrap_or_else(|_| "\n".to_string());
        bash_candidates(&line, &words[index], separator.as_bytes())
    } else {
        let current_dir = std::env::current_dir().ok();
        let _ = clap_complete::CompleteEnv::with_factory(Cli::command)
            .var(COMPLETE_VAR)
            .try_complete(std::env::args_os(), current_dir.as_deref());
        Vec::new()
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&answer).and_then(|_| out.flush());
    true
}

/// The environment variable the bash script passes the line typed so far in (up to the
/// cursor): in the environment, which only the user's own processes can read, rather than on
/// the command line, which `ps` shows to everyone (the line may hold a secret being typed).
const BASH_LINE_VAR: &str = "_MFA_KIT_COMP_LINE";
/// The text bash will replace with a candidate (its `$2`: the end of the last word, from
/// past an opening quote or a `:` or `=`, as bash's COMP_WORDBREAKS split it).
const BASH_TEXT_VAR: &str = "_MFA_KIT_COMP_TEXT";

/// The words typed before the cursor, when the bash script passed the line.
static LINE_WORDS: std::sync::OnceLock<Vec<OsString>> = std::sync::OnceLock::new();

/// The bash script: it hands mfa-kit the line typed so far (in the environment), and reads
/// back the candidates, each ending in a NUL byte and already quoted for the line as typed,
/// into COMPREPLY as they are: no word splitting, no glob expansion, and bash types each one
/// as one word (clap_complete's own script splits `$(...)` unquoted and inserts candidates
/// raw, so a name such as `$(touch x)` ran on Enter).
fn bash_registration() -> String {
    let bin = crate::docs::BIN;
    format!(
        r#"# bash completion for {bin}: {bin} itself answers, from the line typed so far.
_clap_complete_mfa_kit() {{
    local _CLAP_COMPLETE_SPACE=true
    if compopt +o nospace 2> /dev/null; then
        _CLAP_COMPLETE_SPACE=false
    fi
    COMPREPLY=()
    local candidate
    while IFS= read -r -d '' candidate; do
        COMPREPLY+=("$candidate")
    done < <(
        {BASH_LINE_VAR}="${{COMP_LINE:0:COMP_POINT}}" \
        {BASH_TEXT_VAR}="$2" \
        {COMPLETE_VAR}="bash" \
        "{bin}" -- 2> /dev/null
    )
    if [[ $_CLAP_COMPLETE_SPACE == false && ${{#COMPREPLY[@]}} -eq 1 && ${{COMPREPLY[0]}} =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}}
if [[ "${{BASH_VERSINFO[0]}}" -eq 4 && "${{BASH_VERSINFO[1]}}" -ge 4 || "${{BASH_VERSINFO[0]}}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _clap_complete_mfa_kit {bin}
else
    complete -o nospace -o bashdefault -F _clap_complete_mfa_kit {bin}
fi
"#
    )
}

/// The candidates for the line the bash script passed (up to the cursor) and the text bash
/// replaces (its `$2`), each quoted for bash and ended by a NUL byte (`end` `\0`), or
/// separated by `end` (an earlier script's IFS). Bash puts a candidate in place of its text
/// as it is, so each candidate is what follows the part of the word before that text, quoted
/// as the line is at that point (outside quotes, or inside a quote the user opened, which
/// bash closes after a single candidate).
fn bash_candidates(line: &str, text: &str, end: &[u8]) -> Vec<u8> {
    let split = shell::split(line);
    // Where bash's text starts: the end of the line, as long as the text; never before the
    // word (a line cut elsewhere than bash's text says completes the whole word).
    let replaced_from = line
        .len()
        .checked_sub(text.len())
        .filter(|at| line.ends_with(text) && *at >= split.last_start)
        .unwrap_or(split.last_start);
    let before_text = shell::split(&line[split.last_start..replaced_from])
        .words
        .pop()
        .unwrap_or_default();
    let quote = shell::split(&line[..replaced_from]).quote;
    let mut words: Vec<OsString> = split.words.iter().map(OsString::from).collect();
    let index = words.len() - 1;
    if words.first().is_none_or(|w| w.is_empty()) {
        return Vec::new();
    }
    let _ = LINE_WORDS.set(words[..index].to_vec());
    words[0] = OsString::from(crate::docs::BIN);
    let current_dir = std::env::current_dir().ok();
    let mut cmd = Cli::command();
    cmd.build();
    let Ok(candidates) =
        clap_complete::engine::complete(&mut cmd, words, index, current_dir.as_deref())
    else {
        return Vec::new();
    };
    let rests: Vec<String> = candidates
        .iter()
        .filter_map(|c| c.get_value().to_str())
        .filter_map(|value| value.strip_prefix(before_text.as_str()))
        .map(str::to_string)
        .collect();
    let mut quoted: Vec<String> = Vec::new();
    for rest in &rests {
        if let Some(q) = shell::quote(rest, quote)
            && !quoted.contains(&q)
        {
            quoted.push(q);
        }
    }
    // Bash types the longest common prefix of several candidates: where two quoted ones
    // part inside one character's quoting (`a\ b`, `a\$c`), it would type half of it (`a\`).
    // The common prefix of the unquoted ones, quoted, is then a candidate too, so that bash
    // stops there.
    if quoted.len() > 1 {
        let typed = shell::common_prefix(quoted.iter().map(String::as_str));
        let clean = shell::quote(
            &shell::common_prefix(rests.iter().map(String::as_str)),
            quote,
        )
        .unwrap_or_default();
        if typed.len() > clean.len() {
            quoted.push(clean);
        }
    }
    let mut out = Vec::new();
    for (i, q) in quoted.iter().enumerate() {
        if end != b"\0" && i > 0 {
            out.extend_from_slice(end);
        }
        out.extend_from_slice(q.as_bytes());
        if end == b"\0" {
            out.push(0);
        }
    }
    out
}

/// The registration script for `shell` (bash, zsh, fish, elvish, powershell): what
/// `mfa-kit completions SHELL` prints and `completions/` keeps.
pub fn registration(shell: &str) -> Vec<u8> {
    if shell == "bash" {
        return bash_registration().into_bytes();
    }
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
    if let Some(words) = LINE_WORDS.get() {
        return words.clone();
    }
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
    let mut args = GlobalArgs::from_arg_matches(deepest).ok()?;
    // Completion never derives a key: a passphrase (file) would cost an scrypt on every Tab.
    // Names come from a vault an identity file opens, or from the session agent.
    args.passphrase_file = None;
    args.backup_passphrase_file = None;
    Some(args)
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
