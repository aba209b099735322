//! The one error type of mfa-kit: a message that names the problem, a hint that names the
//! fix, and the exit status it maps to. Errors never carry secrets: callers build messages
//! from names and paths only.

use std::fmt;
use std::io;
use std::path::Path;

/// The outcome of a command that ran to the end: a yes or a no (exit 0 or 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success, a valid code, a passing audit or check: exit 0.
    Yes,
    /// The answer is no: an invalid or replayed code, a gap found: exit 1.
    No,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Yes => 0,
            Outcome::No => 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad usage, bad input, a wrong key, a missing or damaged file: exit 2.
    Failure,
    /// Standard output was closed by its reader (`mfa-kit list | head -1`): exit 0 quietly.
    BrokenPipe,
}

/// An error with a one-line message (the problem) and a hint (the fix).
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Failure,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what the user can do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn broken_pipe() -> Self {
        Error {
            kind: ErrorKind::BrokenPipe,
            message: "standard output was closed".into(),
            hint: None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Failure => 2,
            ErrorKind::BrokenPipe => 0,
        }
    }

    /// An I/O error on `path`, with the usual fixes for the usual causes.
    pub fn io(action: &str, path: &Path, err: &io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Error::broken_pipe();
        }
        let shown = path.display();
        let base = Error::new(format!("cannot {action} {shown}: {}", describe_io(err)));
        match err.kind() {
            io::ErrorKind::NotFound => base.hint("check the path"),
            io::ErrorKind::PermissionDenied => base.hint("check the file's permissions"),
            io::ErrorKind::StorageFull => base.hint("free some disk space and try again"),
            _ => base,
        }
    }
}

/// What a panic (a bug) prints: where it happened, never its message, which may quote what
/// was being read (a slice of the vault's document, secrets with it).
pub fn panic_line(location: Option<&std::panic::Location<'_>>) -> String {
    let place = location.map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
    format!(
        "mfa-kit: internal error{place}: this is a bug, please report it (its message is not \
         shown: it may quote the vault)"
    )
}

/// The OS's description of an I/O error, without Rust's "(os error N)" suffix.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Where a clap usage error's rendered text is, line by line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UsagePart {
    Message,
    Tip,
    Usage,
}

impl Error {
    /// A usage error found while parsing the command line, as one error of ours: clap's
    /// message (its indented lines joined on), its tips, and the usage line, so that it
    /// prints as one line like every other error. `args` is the command line, to name the
    /// command whose help to see.
    pub fn usage(err: &clap::Error, args: &[String]) -> Self {
        let command = command_path(args);
        if matches!(
            err.kind(),
            clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                | clap::error::ErrorKind::MissingSubcommand
        ) {
            let names = subcommand_names(&command).join(", ");
            let message = match command.len() {
                1 => format!("a command is needed: {names}"),
                _ => format!("`{}` needs one of its commands: {names}", command.join(" ")),
            };
            return Error::new(message).hint(format!("see `{} --help`", command.join(" ")));
        }
        let rendered = err.render().to_string();
        let mut message: Vec<String> = Vec::new();
        let mut tips: Vec<String> = Vec::new();
        let mut part = UsagePart::Message;
        for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(text) = line.strip_prefix("error: ") {
                part = UsagePart::Message;
                message.push(text.to_string());
            } else if let Some(text) = line.strip_prefix("tip: ") {
                part = UsagePart::Tip;
                tips.push(text.to_string());
            } else if line.starts_with("Usage: ") {
                // Its own usage line follows, the same whatever the environment sets.
                part = UsagePart::Usage;
            } else if line.starts_with("For more information") {
                continue;
            } else {
                let into = match part {
                    UsagePart::Message => &mut message,
                    UsagePart::Tip => &mut tips,
                    UsagePart::Usage => continue,
                };
                match into.last_mut() {
                    Some(last) if last.ends_with(':') => {
                        last.push(' ');
                        last.push_str(line);
                    }
                    Some(last) if part == UsagePart::Message && !line.starts_with('[') => {
                        last.push_str(", ");
                        last.push_str(line);
                    }
                    Some(last) => {
                        last.push(' ');
                        last.push_str(line);
                    }
                    None => into.push(line.to_string()),
                }
            }
        }
        if err.kind() == clap::error::ErrorKind::UnknownArgument {
            let stray = err
                .get(clap::error::ContextKind::InvalidArg)
                .map(ToString::to_string)
                .unwrap_or_default();
            if looks_like_a_secret(&stray) {
                message = vec!["an unexpected argument (not shown: it may be a secret)".into()];
                tips.clear();
            } else if is_negative_number(&stray) {
                // clap's tip, to write `-- -5`, would not help an option's value.
                message = vec![format!(
                    "unexpected argument '{stray}': no value may be negative"
                )];
                tips.clear();
            }
        }
        // No argument that may be a secret is echoed, whatever clap quoted.
        for arg in args.iter().skip(1).filter(|a| looks_like_a_secret(a)) {
            let quoted = format!("'{arg}'");
            for text in message.iter_mut().chain(tips.iter_mut()) {
                if text.contains(arg.as_str()) {
                    *text = text
                        .replace(&quoted, "(not shown: it may be a secret)")
                        .replace(arg.as_str(), "(not shown: it may be a secret)");
                }
            }
        }
        let mut hint = tips;
        if let Some(usage) = usage_of(&command) {
            hint.push(format!("usage: {usage}"));
        }
        hint.push(format!("see `{} --help`", command.join(" ")));
        let message = if message.is_empty() {
            "the command line is not understood".to_string()
        } else {
            message.join(" ")
        };
        Error::new(message).hint(hint.join("; "))
    }
}

/// True for a command-line word that may be a secret given by mistake: an otpauth URI, or
/// 16 or more base32 (or hex) characters, spaces, dashes and padding aside, as a TOTP secret
/// is pasted. Such a word is never echoed in an error.
pub fn looks_like_a_secret(arg: &str) -> bool {
    if arg.to_ascii_lowercase().contains("secret=") {
        return true;
    }
    if arg.starts_with('-') {
        return false;
    }
    let bare: String = arg
        .trim_end_matches('=')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let base32 = bare
        .chars()
        .all(|c| c.is_ascii_alphabetic() || ('2'..='7').contains(&c));
    let hex = bare.chars().all(|c| c.is_ascii_hexdigit());
    bare.chars().count() >= 16 && (base32 || hex)
}

fn is_negative_number(arg: &str) -> bool {
    arg.strip_prefix('-')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The usage line of the command at `path`, as its help shows it.
fn usage_of(path: &[String]) -> Option<String> {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    command.build();
    let mut at = &mut command;
    for name in path.iter().skip(1) {
        at = at.find_subcommand_mut(name)?;
    }
    let usage = at.render_usage().to_string();
    Some(usage.trim().trim_start_matches("Usage: ").to_string())
}

/// The command a command line names: `mfa-kit`, then each subcommand word found in turn.
fn command_path(args: &[String]) -> Vec<String> {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    let mut path = vec![crate::docs::BIN.to_string()];
    for arg in args.iter().skip(1) {
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path
}

/// The names of the commands under `path` (`mfa-kit codes`: add, list, use, remove).
fn subcommand_names(path: &[String]) -> Vec<String> {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    for name in path.iter().skip(1) {
        match command.find_subcommand(name).cloned() {
            Some(sub) => command = sub,
            None => break,
        }
    }
    command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(|s| s.get_name().to_string())
        .collect()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Kept on one line whatever the parts hold (scripts read errors line by line), and
        // inert: a name or path in it may come from a file or the user.
        let one_line =
            |s: &str| crate::core::text::inert(&s.replace(['\n', '\r'], " ")).into_owned();
        write!(f, "{}", one_line(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "; {}", one_line(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Shorthand: `Err(fail!("..."))`.
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => { $crate::error::Error::new(format!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic's line names where it happened and nothing of its message (the function is
    /// never given it).
    #[test]
    fn a_panic_says_where_never_what() {
        let here = std::panic::Location::caller();
        let line = panic_line(Some(here));
        assert!(
            line.starts_with(&format!("mfa-kit: internal error at {}:", here.file())),
            "{line}"
        );
        assert!(panic_line(None).starts_with("mfa-kit: internal error: this is a bug"));
        assert!(!line.contains('\n'));
    }
}
