//! Standard output for results, human or JSON. A closed pipe (`mfa-kit list | head -1`) is
//! reported as `BrokenPipe`, which exits 0 quietly; nothing here can panic on a failed write.

use std::io::{self, Write};

use serde::Serialize;

use crate::core::halves;
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

/// Writes raw bytes to standard output (a backup, an export, a PNG). A standard output that
/// takes none of them is an error, a descriptor open only for reading included: Rust's own
/// `Stdout` takes that failure (EBADF) for success, so that a program started with standard
/// output closed is not stopped by what it prints, and an export or a backup would be lost
/// unsaid. The bytes go through a copy of the descriptor, after whatever `Stdout` holds.
pub fn bytes(data: &[u8]) -> Result<()> {
    use std::os::fd::AsFd;
    let mut out = io::stdout().lock();
    out.flush().map_err(write_err)?;
    let mut file = std::fs::File::from(out.as_fd().try_clone_to_owned().map_err(write_err)?);
    file.write_all(data).map_err(write_err)
}

/// Text to standard output: `head`, the text `block` makes of each block of `items` in
/// order ([`write_in_blocks`]), then `tail`: the audit of 10,000 accounts is megabytes of
/// text, never held whole.
pub fn text_in_blocks<I: Sync>(
    head: &str,
    items: &[I],
    block: impl Fn(&[I]) -> String + Sync,
    tail: &str,
) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    out.write_all(head.as_bytes())
        .and_then(|_| {
            write_in_blocks(&mut out, items, |out, part, _| {
                out.write_all(block(part).as_bytes())
            })
        })
        .and_then(|_| out.write_all(tail.as_bytes()))
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// `items` written to `out` by `write` a block at a time, in order ([`halves::block_len`]);
/// `write` is given a block's items and the index of its first. Many items are written by the
/// two threads taking turns ([`halves::in_turns`]), the other's blocks going through a buffer.
fn write_in_blocks<W: io::Write, I: Sync>(
    out: &mut W,
    items: &[I],
    write: impl Fn(&mut dyn io::Write, &[I], usize) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let per_block = halves::block_len(items.len());
    let block = |index: usize| {
        let start = index * per_block;
        (&items[start..(start + per_block).min(items.len())], start)
    };
    let out = std::cell::RefCell::new(out);
    halves::in_turns(
        items.len().div_ceil(per_block),
        |index| {
            let (part, start) = block(index);
            write(&mut **out.borrow_mut(), part, start)
        },
        |index, buffer| {
            let (part, start) = block(index);
            write(buffer, part, start)
        },
        |made| out.borrow_mut().write_all(made),
    )
}

/// Writes a value as pretty JSON and a newline. Strings are escaped as JSON requires, and so
/// is every other character that could act on a terminal (DEL, C1 controls, bidi and
/// zero-width characters) as `\uXXXX`: `jq -r` gives back the same text, and a terminal
/// showing the JSON is safe.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    // Streamed: the audit of 10,000 accounts is megabytes of JSON, never held whole.
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    write_json(&mut out, value, 0)
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// `value` as [`json`] writes it, `depth` levels down in a document, without a line break.
fn write_json<W: io::Write + ?Sized, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, InertJson::at_depth(depth));
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// Writes what [`json`] writes for `value` with `items` as its top-level member `key` (a
/// plain name: it is found as written), which `value` holds empty. The items are made into
/// JSON in blocks ([`write_in_blocks`]): an audit of 10,000 accounts is 20 MB of JSON, a
/// quarter of the audit's time to make, and never held whole.
/// The items must hold no secret: each is made in a buffer that is kept, not wiped.
pub fn json_with_items<T: Serialize, I: Serialize + Sync>(
    value: &T,
    key: &str,
    items: &[I],
) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    write_json_with_items(&mut out, value, key, items)
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| out.flush())
        .map_err(write_err)
}

/// `value` as [`json`] writes it, with where its top-level member `key`, empty, opens: the
/// text up to that point ends with `"key": [`.
fn json_around_member<T: Serialize>(value: &T, key: &str) -> io::Result<(Vec<u8>, usize)> {
    let mut around = Vec::new();
    write_json(&mut around, value, 0)?;
    // The member's line, as the object's members are written (a string holds no line break,
    // so nothing else in the object can read so).
    let empty = format!("\n  {}: []", serde_json::to_string(key)?);
    let at = around
        .windows(empty.len())
        .position(|window| window == empty.as_bytes())
        .ok_or_else(|| io::Error::other(format!("the JSON has no empty member {key}")))?;
    Ok((around, at + empty.len() - 1))
}

/// An item of a top-level list, as [`json`] writes it there: `index` is its place in the list.
fn write_list_item<T: Serialize>(
    out: &mut dyn io::Write,
    item: &T,
    index: usize,
) -> io::Result<()> {
    // Made whole in a buffer of this thread's, then written at once: serde_json writes an
    // item in hundreds of pieces, each a call through `out`'s vtable. The buffer is kept for
    // the next item and never wiped: a list's items are reports, never secrets (see
    // [`json_with_items`]).
    thread_local! {
        static ITEM: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    ITEM.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.extend_from_slice(if index == 0 { b"\n    " } else { b",\n    " });
        write_json(buffer, item, 2)?;
        out.write_all(buffer)
    })
}

/// [`json_with_items`] for items made as they are written, never all held: item `index` of
/// `count` is made by `make`, with the state of the thread making it (each thread's own, from
/// `state`), a block at a time ([`write_made_items`]). `head` is the value before any item is
/// made and `tail` once all are: the members before `key`, written before the items, must be
/// the same in both; those after it are `tail`'s. An error making an item stops the output
/// there, and is returned. The items hold no secret, as for [`json_with_items`].
pub fn json_with_made_items<T: Serialize, I: Serialize, S: Send>(
    head: &T,
    key: &str,
    (count, weight): (usize, usize),
    state: impl Fn() -> S + Sync,
    make: impl Fn(&mut S, usize) -> Result<I> + Sync,
    tail: impl FnOnce() -> T,
) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let (around, at) = json_around_member(head, key).map_err(write_err)?;
    out.write_all(&around[..at]).map_err(write_err)?;
    write_made_items(&mut out, (count, weight), state, |state, index, out| {
        let item = make(state, index)?;
        write_list_item(out, &item, index).map_err(write_err)
    })?;
    let (around, at) = json_around_member(&tail(), key).map_err(write_err)?;
    (if count > 0 {
        out.write_all(b"\n  ")
    } else {
        Ok(())
    })
    .and_then(|_| out.write_all(&around[at..]))
    .and_then(|_| out.write_all(b"\n"))
    .and_then(|_| out.flush())
    .map_err(write_err)
}

/// [`text_in_blocks`] for items made as they are written, never all held: `head`, the text
/// `make` writes of each of `count` items (with its thread's state, as
/// [`json_with_made_items`] makes them), then what `tail` writes once all are written.
pub fn text_with_made_items<S: Send>(
    head: &str,
    (count, weight): (usize, usize),
    state: impl Fn() -> S + Sync,
    make: impl Fn(&mut S, usize, &mut String) -> Result<()> + Sync,
    tail: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    out.write_all(head.as_bytes()).map_err(write_err)?;
    write_made_items(&mut out, (count, weight), state, |state, index, out| {
        let mut text = String::new();
        make(state, index, &mut text)?;
        out.write_all(text.as_bytes()).map_err(write_err)
    })?;
    tail(&mut out).and_then(|_| out.flush()).map_err(write_err)
}

/// Each of `count` items written to `out` by `write`, in order, a block at a time
/// ([`halves::block_len_of`] items, each `weight` times an ordinary one), the two threads
/// taking turns ([`halves::in_turns`]), each with its own state from `state`; the other
/// thread's blocks go through a buffer.
fn write_made_items<S: Send>(
    out: &mut dyn io::Write,
    (count, weight): (usize, usize),
    state: impl Fn() -> S + Sync,
    write: impl FnMut(&mut S, usize, &mut dyn io::Write) -> Result<()> + Clone + Send + Sync,
) -> Result<()> {
    let per_block = halves::block_len_of(count, weight);
    let block = |write: &mut dyn FnMut(&mut S, usize, &mut dyn io::Write) -> Result<()>,
                 state: &mut S,
                 index: usize,
                 out: &mut dyn io::Write| {
        let start = index * per_block;
        (start..(start + per_block).min(count)).try_for_each(|at| write(state, at, out))
    };
    let mut here = (None, write.clone());
    let there = std::sync::Mutex::new((None, write));
    let out = std::cell::RefCell::new(out);
    halves::in_turns(
        count.div_ceil(per_block),
        |index| {
            let (state_here, write) = &mut here;
            let state_here = state_here.get_or_insert_with(&state);
            block(write, state_here, index, &mut **out.borrow_mut())
        },
        |index, buffer| {
            let mut there = there.lock().unwrap_or_else(|p| p.into_inner());
            let (state_there, write) = &mut *there;
            let state_there = state_there.get_or_insert_with(&state);
            block(write, state_there, index, buffer)
        },
        |made| out.borrow_mut().write_all(made).map_err(write_err),
    )
}

fn write_json_with_items<W: io::Write, T: Serialize, I: Serialize + Sync>(
    out: &mut W,
    value: &T,
    key: &str,
    items: &[I],
) -> io::Result<()> {
    let (around, at) = json_around_member(value, key)?;
    if items.is_empty() {
        return out.write_all(&around);
    }
    let (before, after) = around.split_at(at);
    out.write_all(before)?;
    write_in_blocks(out, items, |out, part, start| {
        part.iter()
            .enumerate()
            .try_for_each(|(i, item)| write_list_item(out, item, start + i))
    })?;
    out.write_all(b"\n  ")?;
    out.write_all(after)
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

/// Pretty JSON (two spaces a level, as serde_json's pretty printer writes it) that can start
/// at any depth, with unsafe characters escaped in strings.
#[derive(Default)]
struct InertJson {
    depth: usize,
    /// Whether the array or object being written has a value yet.
    has_value: bool,
}

impl InertJson {
    /// For a value written `depth` levels down in a document.
    fn at_depth(depth: usize) -> InertJson {
        InertJson {
            depth,
            has_value: false,
        }
    }

    /// A line break and the indentation of the current depth.
    fn new_line<W: ?Sized + io::Write>(&self, writer: &mut W) -> io::Result<()> {
        // One write for the usual depths: a megabyte of JSON has tens of thousands of lines.
        const LINE: &[u8] = b"\n                                ";
        match LINE.get(..1 + 2 * self.depth) {
            Some(line) => writer.write_all(line),
            None => {
                writer.write_all(b"\n")?;
                (0..self.depth).try_for_each(|_| writer.write_all(b"  "))
            }
        }
    }

    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(bracket)
    }

    fn item<W: ?Sized + io::Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }
}

impl serde_json::ser::Formatter for InertJson {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
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
    line_at_once(&format!("{}\n", inert_line(text.as_ref())));
}

/// Writes a command's error line to standard error.
pub fn error_line(error: &impl std::fmt::Display) {
    line_at_once(&format!("mfa-kit: {error}\n"));
}

/// Writes `line` to standard error in one write (standard error is not buffered: formatted
/// straight to it, a line goes out in pieces), so that no other process writing there cuts
/// it in two, nor does a failure of a later write leave half of it.
fn line_at_once(line: &str) {
    let _ = io::stderr().lock().write_all(line.as_bytes());
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

/// True when standard output keeps nothing written to it: it is closed, open only for
/// reading, /dev/null (where mfa-kit opens it when it was closed at start, see src/main.rs)
/// or, on Linux, any other memory device (/dev/zero, /dev/urandom, /dev/kmsg...). A pipe,
/// a socket, a file or any other device (a tape) keeps what it is given, as far as mfa-kit can
/// tell.
pub fn stdout_keeps_nothing() -> bool {
    use std::os::fd::{AsFd, AsRawFd};
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let stdout = io::stdout();
    let Ok(copy) = stdout.as_fd().try_clone_to_owned() else {
        return true;
    };
    let file = std::fs::File::from(copy);
    // SAFETY: fcntl reads a descriptor's flags and touches no memory.
    let flags = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) };
    if flags == -1 || flags & libc::O_ACCMODE == libc::O_RDONLY {
        return true;
    }
    let Ok(meta) = file.metadata() else {
        return true;
    };
    if !meta.file_type().is_char_device() {
        return false;
    }
    // Linux's memory devices are its character devices of major number 1 (devices.txt), the
    // null device among them: known even where /dev/null is missing.
    #[cfg(target_os = "linux")]
    if libc::major(meta.rdev()) == 1 {
        return true;
    }
    std::fs::metadata("/dev/null")
        .is_ok_and(|null| null.file_type().is_char_device() && null.rdev() == meta.rdev())
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize, Clone)]
    struct Item {
        name: String,
        empty: Vec<String>,
        nested: Vec<Vec<u32>>,
        inner: Option<Box<Item>>,
    }

    #[derive(Serialize)]
    struct Report {
        ok: bool,
        lost: Vec<String>,
        items: Vec<Item>,
        after: Vec<Item>,
    }

    fn item(i: usize) -> Item {
        Item {
            // A name that acts on a terminal, and a bidi override, escaped as \uXXXX.
            name: format!("item {i} \u{1b}[31m \u{202e} \"quoted\"\n"),
            empty: Vec::new(),
            nested: vec![vec![], vec![i as u32, 2]],
            inner: i.is_multiple_of(3).then(|| {
                Box::new(Item {
                    name: "inner".into(),
                    empty: vec!["x".into()],
                    nested: Vec::new(),
                    inner: None,
                })
            }),
        }
    }

    fn report(items: Vec<Item>) -> Report {
        Report {
            ok: false,
            lost: vec!["phone".into()],
            after: items.iter().take(2).cloned().collect(),
            items,
        }
    }

    /// The pretty printer is serde_json's, byte for byte, where no string needs escaping
    /// beyond JSON's own.
    #[test]
    fn json_is_serde_jsons_pretty_printing() {
        let value =
            serde_json::json!({"a": [], "b": {}, "c": [1, {"d": [[]], "e": "f"}], "g": null});
        let mut ours = Vec::new();
        write_json(&mut ours, &value, 0).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    /// The items written in blocks make the bytes the whole value makes, with few items,
    /// with none, and with enough for a second thread.
    #[test]
    fn items_written_in_blocks_are_the_whole_values_json() {
        for count in [0, 1, 7, halves::ACCOUNTS * 2 + 3] {
            let whole = report((0..count).map(item).collect());
            let mut expected = Vec::new();
            write_json(&mut expected, &whole, 0).unwrap();
            let mut around = whole;
            let items = std::mem::take(&mut around.items);
            let mut written = Vec::new();
            write_json_with_items(&mut written, &around, "items", &items).unwrap();
            assert!(written == expected, "{count} items");
            let escaped = String::from_utf8(written)
                .unwrap()
                .contains("\\u001b[31m \\u202e");
            assert_eq!(escaped, count > 0);
        }
    }

    #[test]
    fn a_member_that_is_not_there_is_an_error() {
        let mut written = Vec::new();
        let value = report(Vec::new());
        assert!(write_json_with_items(&mut written, &value, "nothing", &[1]).is_err());
    }
}
