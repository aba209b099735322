//! Standard output for results, human or JSON. A closed pipe (`mfa-kit list | head -1`) is
//! reported as `BrokenPipe`, which exits 0 quietly; nothing here can panic on a failed write.

use std::io::{self, Write};

use serde::Serialize;

use crate::error::{Error, Result};

fn write_err(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Error::broken_pipe()
    } else {
        Error::new(format!(
            "cannot write to standard output: {}",
            crate::error::describe_io(&e)
        ))
    }
}

/// Writes one line to standard output.
pub fn line(text: impl AsRef<str>) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", text.as_ref())
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// Writes raw bytes to standard output.
pub fn bytes(data: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(data)
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// Writes a value as pretty JSON and a newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("output types always serialise");
    line(text)
}

/// Writes a note for a person to standard error; a failure to do so is ignored.
pub fn note(text: impl AsRef<str>) {
    let _ = writeln!(io::stderr().lock(), "{}", text.as_ref());
}

/// True when standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}
