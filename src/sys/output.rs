//! Standard output for results, human or JSON. A closed pipe (`mfa-kit list | head -1`) is
//! reported as `BrokenPipe`, which exits 0 quietly; nothing here can panic on a failed write.

use std::io::{self, Write};

use serde::Serialize;

use crate::core::text::{inert, is_unsafe};
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

/// Writes one line to standard output. Names and notes in it may come from the user or an
/// imported file: every character that could act on a terminal or break the line is escaped
/// (a tab, which separates columns, stays).
pub fn line(text: impl AsRef<str>) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", inert_line(text.as_ref()))
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// `text` escaped as [`inert`], keeping tabs.
fn inert_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\t') {
        return inert(text);
    }
    std::borrow::Cow::Owned(
        text.split('\t')
            .map(|part| inert(part))
            .collect::<Vec<_>>()
            .join("\t"),
    )
}

/// Writes raw bytes to standard output.
pub fn bytes(data: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(data)
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// Writes a value as pretty JSON and a newline. Strings are escaped as JSON requires, and so
/// is every other character that could act on a terminal (DEL, C1 controls, bidi and
/// zero-width characters) as `\uXXXX`: `jq -r` gives back the same text, and a terminal
/// showing the JSON is safe.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    // Streamed: the audit of 10,000 accounts is megabytes of JSON, never held whole.
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, InertJson::default());
    value
        .serialize(&mut serializer)
        .map_err(|e| write_err(e.into()))?;
    out.write_all(b"\n")
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// Many lines to standard output, written in blocks rather than one system call a line (a
/// listing of 10,000 accounts), each escaped as [`line`] escapes it. Call `finish`.
pub struct Lines {
    out: io::BufWriter<io::StdoutLock<'static>>,
}

impl Lines {
    pub fn new() -> Lines {
        Lines {
            out: io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        }
    }

    pub fn line(&mut self, text: impl AsRef<str>) -> Result<()> {
        writeln!(self.out, "{}", inert_line(text.as_ref())).map_err(write_err)
    }

    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(write_err)
    }
}

impl Default for Lines {
    fn default() -> Self {
        Lines::new()
    }
}

/// serde_json's pretty printer, with unsafe characters escaped in strings.
#[derive(Default)]
struct InertJson<'a> {
    pretty: serde_json::ser::PrettyFormatter<'a>,
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.pretty.$name(writer $(, $arg)*)
        }
    )*};
}

impl serde_json::ser::Formatter for InertJson<'_> {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Printable ASCII, nearly all an audit's megabytes, is safe as it is: checked a byte
        // at a time, not decoded a character at a time.
        if fragment.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Writes a note for a person to standard error; a failure to do so is ignored. Escaped as
/// [`line`] is: notes name accounts, files and places.
pub fn note(text: impl AsRef<str>) {
    let _ = writeln!(io::stderr().lock(), "{}", inert_line(text.as_ref()));
}

/// Writes a question for a person to standard error, without a line break.
pub fn prompt(text: &str) {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{}", inert_line(text));
    let _ = err.flush();
}

/// True when standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}

/// The width of the terminal standard output goes to, in columns; `None` when it is not a
/// terminal or does not say.
pub fn terminal_columns() -> Option<usize> {
    if !stdout_is_terminal() {
        return None;
    }
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize struct it is given, a local one.
    let read = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (read == 0 && size.ws_col > 0).then_some(usize::from(size.ws_col))
}
