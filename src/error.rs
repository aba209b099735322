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

/// The OS's description of an I/O error, without Rust's "(os error N)" suffix.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
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
