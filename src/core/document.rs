//! The vault document's canonical TOML layout, written and read fast. Every account and
//! backup is one table of `key = value` lines whose values are single-line inline TOML (a
//! recovery code is `{ code = "..." }` inside one array, not a table of its own), each
//! backup's per-account digests are its two sub-tables, and the sites are one table.
//!
//! Writing goes through serde_json (the models' serde, field order kept) and turns each JSON
//! member into a TOML line: JSON's escapes are a subset of TOML's basic-string escapes, so
//! strings are copied as they are. Reading is the way back for exactly that subset: each
//! table's lines become one small JSON object that serde_json reads straight into the model.
//! Anything outside the subset (another layout, a hand edit, a comment after a value, a
//! literal or multi-line string, an escape JSON lacks) makes [`read`] say `None`, and the
//! caller reads the document with the general TOML parser instead: this reader is never the
//! judge of what is valid, only a fast path for what this module wrote (a property test and
//! a fuzz target check that it never disagrees with the general parser).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::chain::{self, NOT_HELD};
use super::material::AccountDigests;
use super::search::every_byte;
use super::secret::{Wiping, reserve_wiping, reserve_wiping_text};
use super::vault::{
    Account, BASE_FORMAT_VERSION, BackupRecord, CHAINED_FORMAT_VERSION, HOTP_FORMAT_VERSION, Vault,
};

/// The document of `vault`, written as format version `version`.
pub fn write(vault: &Vault, version: u32) -> Zeroizing<String> {
    let estimate =
        256 + vault.accounts.len() * 640 + vault.backups.len() * (256 + vault.accounts.len() * 60);
    let mut bytes = Zeroizing::new(Vec::with_capacity(estimate));
    write_to(vault, version, &mut *bytes).expect("writing to memory cannot fail");
    Zeroizing::new(String::from_utf8(std::mem::take(&mut *bytes)).expect("the document is UTF-8"))
}

/// Writes the document of `vault` to `out` one table at a time (a vault of 10,000 accounts
/// is never held whole as text: a large one's second half of account tables is, while the
/// first half is written on this thread): each buffer is wiped after use.
pub fn write_to(vault: &Vault, version: u32, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut text = Zeroizing::new(String::with_capacity(8192));
    text.push_str(&header(version));
    let mut json = Zeroizing::new(Vec::with_capacity(4096));
    let mut seal = Sha256::new();
    let mut flush = |text: &mut Zeroizing<String>| -> std::io::Result<()> {
        out.write_all(text.as_bytes())?;
        seal.update(text.as_bytes());
        wipe(text);
        Ok(())
    };
    // A large vault's second half of account tables is written as text on the other core
    // while the first half goes out, then goes out after it, in order.
    let (first, second) = vault
        .accounts
        .split_at(super::halves::middle(vault.accounts.len()));
    let (written, second) = super::halves::join_if(
        !second.is_empty(),
        || {
            first.iter().try_for_each(|account| {
                push_table(account, "accounts", false, &mut text, &mut json);
                flush(&mut text)
            })
        },
        || {
            let mut tables = Zeroizing::new(String::with_capacity(second.len() * 800));
            let mut json = Zeroizing::new(Vec::with_capacity(4096));
            for account in second {
                push_table(account, "accounts", false, &mut tables, &mut json);
            }
            tables
        },
    );
    written?;
    let mut second = second;
    flush(&mut second)?;
    let chained = version >= CHAINED_FORMAT_VERSION;
    for (at, backup) in vault.backups.iter().enumerate() {
        match at.checked_sub(1).filter(|_| chained) {
            None => push_table(backup, "backups", true, &mut text, &mut json),
            Some(above) => {
                let above = &vault.backups[above];
                let link = with_maps(
                    backup,
                    chain::chained(Some(&above.accounts), &backup.accounts),
                    chain::chained(Some(&above.totp), &backup.totp),
                );
                push_table(&link, "backups", true, &mut text, &mut json);
            }
        }
        flush(&mut text)?;
    }
    if !vault.sites.is_empty() {
        text.push('\n');
        push_sites_table(&mut text, &vault.sites);
    }
    text.push('\n');
    flush(&mut text)?;
    let digest = data_encoding::HEXLOWER.encode(&seal.finalize());
    out.write_all(format!("{SEAL}{digest}\n").as_bytes())
}

/// The `[sites]` table of a vault whose map of sites is `sites` (not empty): its header and
/// a line for each location, as the model writes them.
fn push_sites_table(text: &mut String, sites: &BTreeMap<String, String>) {
    text.push_str("[sites]\n");
    for (location, site) in sites {
        push_key(text, location.as_bytes());
        text.push_str(" = ");
        push_string(
            text,
            &serde_json::to_string(site).expect("a string serialises"),
        );
        text.push('\n');
    }
}

/// The lines above a document's tables: what it is, then its version.
fn header(version: u32) -> String {
    format!(
        "# mfa-kit vault document, format version {version}.\n\
         # Every secret is base32 (upper case, no padding), as authenticators take it.\n\n\
         version = {version}\n"
    )
}

/// Appends the table of `value` (an account, a backup record) under `[[parent]]` to `text`,
/// its JSON made in `json`. Neither buffer is reallocated in place while it holds it: the
/// JSON grows as [`reserve_wiping`] says, and the text is given room first for the most a
/// table can take (each JSON character becomes at most three, a DEL six).
fn push_table(
    value: &impl serde::Serialize,
    parent: &str,
    sub_tables: bool,
    text: &mut Zeroizing<String>,
    json: &mut Zeroizing<Vec<u8>>,
) {
    json.zeroize_and_clear();
    serde_json::to_writer(Wiping(json), value).expect("the model serialises");
    // DEL is the one character whose TOML (`\u007F`) is longer than its JSON.
    let dels = json.iter().filter(|&&b| b == 0x7f).count();
    reserve_wiping_text(text, 3 * json.len() + 5 * dels + 2 * parent.len() + 256);
    let room = text.capacity();
    text.push_str(&format!("\n[[{parent}]]\n"));
    write_table(json, text, parent, sub_tables);
    debug_assert_eq!(
        text.capacity(),
        room,
        "a table outgrew the room made for it"
    );
}

/// The start of the last line mfa-kit writes, which ends with the SHA-256 (hex) of every line
/// above it. A document that still matches it is exactly as mfa-kit wrote it, from a vault
/// it had checked, so one account can be read out of it alone ([`lone_account`]); a hand edit
/// that leaves the line as it was is read whole, as any other document is.
const SEAL: &str = "# sha256 of the lines above: ";

/// The lines above the seal when the document ends with one that matches them.
fn sealed_body(text: &str) -> Option<&str> {
    let (body, digest) = seal_line(text)?;
    (data_encoding::HEXLOWER.encode(&Sha256::digest(body.as_bytes())) == digest).then_some(body)
}

/// The lines above the last line, and the digest the last line says they have, when the last
/// line is a seal (not yet checked).
fn seal_line(text: &str) -> Option<(&str, &str)> {
    let without_end = text.strip_suffix('\n')?;
    let last_line = without_end.rfind('\n').map_or(0, |at| at + 1);
    let (body, seal) = text.split_at(last_line);
    Some((body, seal.strip_prefix(SEAL)?.strip_suffix('\n')?))
}

/// The digest a document's seal line says (whether or not it matches the lines above): two
/// reads of a file tell by it that it is the same document.
pub fn seal_digest(text: &str) -> Option<&str> {
    seal_line(text).map(|(_, digest)| digest)
}

/// Clears a text buffer, zeroing what it held first (it keeps its capacity).
fn wipe(text: &mut Zeroizing<String>) {
    use zeroize::Zeroize;
    // SAFETY: zero bytes are valid UTF-8, and the string is cleared right after.
    unsafe { text.as_mut_vec().zeroize() };
    text.clear();
}

/// One JSON object as the lines of a TOML table; with `sub_tables`, its non-empty object
/// members follow as `[parent.member]` tables (after the plain keys, as TOML requires).
fn write_table(json: &[u8], out: &mut String, parent: &str, sub_tables: bool) {
    let mut later = Vec::new();
    for (key, value) in members(json) {
        if value == b"null" {
            continue;
        }
        if sub_tables && value.first() == Some(&b'{') && value != b"{}" {
            later.push((key, value));
            continue;
        }
        push_key(out, key);
        out.push_str(" = ");
        push_inline(out, value);
        out.push('\n');
    }
    for (key, value) in later {
        out.push_str(&format!("\n[{parent}."));
        push_key(out, key);
        out.push_str("]\n");
        for (inner_key, inner_value) in members(value) {
            if inner_value == b"null" {
                continue;
            }
            push_key(out, inner_key);
            out.push_str(" = ");
            push_inline(out, inner_value);
            out.push('\n');
        }
    }
}

/// A key: bare when it can be (`name`), else quoted. `key` is the JSON string's text
/// (quotes included) or its bare content.
fn push_key(out: &mut String, key: &[u8]) {
    let inner = key
        .strip_prefix(b"\"")
        .and_then(|k| k.strip_suffix(b"\""))
        .unwrap_or(key);
    if !inner.is_empty() && inner.iter().all(|b| is_bare_key_byte(*b)) {
        out.push_str(std::str::from_utf8(inner).expect("ASCII"));
    } else if key.first() == Some(&b'"') {
        push_string(
            out,
            std::str::from_utf8(key).expect("serde_json writes UTF-8"),
        );
    } else {
        let text = std::str::from_utf8(key).expect("keys are UTF-8");
        push_string(
            out,
            &serde_json::to_string(text).expect("a string serialises"),
        );
    }
}

fn is_bare_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A JSON value as an inline TOML value: objects become `{ k = v }` (null members dropped),
/// arrays `[a, b]`; strings, numbers and booleans are the same text in both.
fn push_inline(out: &mut String, value: &[u8]) {
    match value.first() {
        Some(b'{') => {
            out.push('{');
            let mut first = true;
            for (key, inner) in members(value) {
                if inner == b"null" {
                    continue;
                }
                out.push_str(if first { " " } else { ", " });
                first = false;
                push_key(out, key);
                out.push_str(" = ");
                push_inline(out, inner);
            }
            out.push_str(if first { "}" } else { " }" });
        }
        Some(b'[') => {
            out.push('[');
            for (i, item) in elements(value).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_inline(out, item);
            }
            out.push(']');
        }
        _ => push_string(
            out,
            std::str::from_utf8(value).expect("serde_json writes UTF-8"),
        ),
    }
}

/// A JSON string, number or boolean as serde_json wrote it, as TOML: the same text, escapes
/// and all, but for DEL, which JSON leaves as it is and TOML refuses in a string (a document
/// written with one would not open again). Written straight into `out`, which may hold
/// secrets: no copy of the text is made.
fn push_string(out: &mut String, json: &str) {
    let mut parts = json.split('\u{7f}');
    out.push_str(parts.next().unwrap_or(""));
    for part in parts {
        out.push_str("\\u007F");
        out.push_str(part);
    }
}

/// The end (exclusive) of the JSON value that starts at `start`, for JSON serde_json wrote.
fn value_end(json: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    let mut in_string = false;
    while i < json.len() {
        let b = json[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return i;
                    }
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' if depth == 0 => return i,
                _ => {}
            }
        }
        i += 1;
    }
    json.len()
}

/// The members of a JSON object serde_json wrote: (key with its quotes, value).
fn members(json: &[u8]) -> Vec<(&[u8], &[u8])> {
    items(json, b'}')
        .into_iter()
        .map(|member| {
            let key_end = value_end(member, 0);
            (&member[..key_end], &member[key_end + 1..]) // past ':'
        })
        .collect()
}

/// The elements of a JSON array serde_json wrote.
fn elements(json: &[u8]) -> Vec<&[u8]> {
    items(json, b']')
}

/// The comma-separated items of a JSON object or array serde_json wrote, up to `close`.
fn items(json: &[u8], close: u8) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 1; // past the opening bracket
    while i < json.len() && json[i] != close {
        // A member is its key, ':', and its value: the value ends the item.
        let mut end = value_end(json, i);
        if json.get(end) == Some(&b':') {
            end = value_end(json, end + 1);
        }
        out.push(&json[i..end]);
        i = end;
        if json.get(i) == Some(&b',') {
            i += 1;
        }
    }
    out
}

/// Reads a document in the canonical layout; `None` when it is not in it (the caller then
/// reads it with the general TOML parser, which also judges what is wrong with it).
pub fn read(text: &str) -> Option<Vault> {
    if text.len() < READ_IN_TWO_FROM {
        read_part(text)?.finish()
    } else {
        read_in_two(text)
    }
}

/// [`read`] of a document of backup records whose two maps of digests are judged line by
/// line, as the model would take each entry, but not kept: the records come back with both
/// maps empty. What it refuses [`read`] refuses, and what it reads [`read`] reads (the
/// digests a map holds change nothing else), in a fraction of the memory: one record of
/// 10,000 accounts is 20,000 strings in the model.
pub fn read_with_empty_digests(text: &str) -> Option<Vault> {
    read_parts_with_empty_digests(&[text])
}

/// [`read_with_empty_digests`] of the document that is `parts` one after the other, each
/// ending at a line's end: a table read with the version line is never copied beside it
/// (a backup record of 10,000 accounts is a megabyte of text).
fn read_parts_with_empty_digests(parts: &[&str]) -> Option<Vault> {
    let reader = Reader {
        digests_judged_only: true,
        ..Reader::default()
    };
    let reader = parts
        .iter()
        .try_fold(reader, |reader, part| reader.read_all(part))?;
    let mut vault = reader.finish()?;
    // A map written inline among a record's own lines (a hand edit) was read as a value.
    for record in &mut vault.backups {
        record.accounts.clear();
        record.totp.clear();
    }
    Some(vault)
}

/// True (as `Some`) when the line `key = value` of a backup's map reads as one entry of the
/// map, a string for a string, as serde_json reads it into the model.
fn map_line_reads(key: &[u8], value: &[u8]) -> Option<()> {
    // A bare key and a string with nothing in it to decode (as mfa-kit writes every name and
    // digest) read so by their bytes alone: serde_json was given each of the 20,000 lines of a
    // record of 10,000 accounts, which a backup reads before it writes the vault again.
    let plain_string = |value: &[u8]| {
        value.len() >= 2
            && value[0] == b'"'
            && value[value.len() - 1] == b'"'
            && every_byte(&value[1..value.len() - 1], |b| {
                b >= 0x20 && b != 0x7f && b != b'"' && b != b'\\'
            })
    };
    if !key.is_empty() && every_byte(key, is_bare_key_byte) && plain_string(value) {
        return Some(());
    }
    map_line_reads_as_json(key, value)
}

/// [`map_line_reads`] of any line, as serde_json reads it into the model.
fn map_line_reads_as_json(key: &[u8], value: &[u8]) -> Option<()> {
    let mut json = Vec::with_capacity(key.len() + 2 * value.len() + 16);
    push_json_key(&mut json, key);
    serde_json::from_slice::<String>(&json).ok()?;
    json.clear();
    if !toml_value_to_json(value, &mut json)?.is_empty() {
        return None;
    }
    serde_json::from_slice::<String>(&json).ok().map(|_| ())
}

/// From this size on, a document is read in two halves on two threads.
const READ_IN_TWO_FROM: usize = 256 * 1024;

/// Reads `text` in two halves at once, cut at an account table's header line near its middle:
/// every line is then read exactly as one reader reading it whole would read it (a header line
/// starts a table afresh, and a value is never more than one line), the only state carried
/// from one table to the next being whether the sites were seen, which [`Reader::then`] checks.
/// 10,000 accounts parse in a little over half the time on two cores.
fn read_in_two(text: &str) -> Option<Vault> {
    match header_after_middle(text) {
        Some(middle) => read_split_at(text, middle),
        None => read_part(text)?.finish(),
    }
}

/// Where the first account table's header line after the middle of `text` starts. The middle
/// byte may be inside a character (a name in another script): the search starts at the next
/// character's start.
fn header_after_middle(text: &str) -> Option<usize> {
    let mut from = text.len() / 2;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..]
        .find("\n[[accounts]]\n")
        .map(|at| from + at + 1)
}

/// Reads `text[..middle]` on this thread and `text[middle..]`, which starts with an account
/// table's header line, on another.
fn read_split_at(text: &str, middle: usize) -> Option<Vault> {
    let (first, second) = text.split_at(middle);
    let (first, second) = super::halves::join(|| read_part(first), || read_part(second));
    first?.then(second?)?.finish()
}

/// A reader that has read every line of `text` and closed its last table.
fn read_part(text: &str) -> Option<Reader> {
    Reader::default().read_all(text)
}

/// The account table named exactly `name`, cut out of a document as a document of its own
/// (the version line and that one table), so that a command about one account reads a few
/// hundred bytes instead of the whole vault. Only a document exactly as mfa-kit wrote it is
/// read so (its seal matches: no hand edit, nothing hidden in a multi-line string, no table
/// elsewhere that belongs to the account, nothing damaged elsewhere); `None` otherwise, and
/// when no account or more than one has exactly that name: the caller then reads the whole
/// document, which finds names in another case and says what is wrong.
pub fn lone_account(text: &str, name: &str) -> Option<Zeroizing<String>> {
    let lone = lone_account_table(text, name)?;
    Some(table_alone(lone.version_line, lone.table))
}

/// One account's table in a document, and the document's version line: [`lone_account`]
/// before the two are put together.
pub struct LoneTable<'a> {
    pub version_line: &'a str,
    pub table: &'a str,
}

impl LoneTable<'_> {
    /// The format version the version line says, as [`AccountTables::version`] reads it.
    pub fn version(&self) -> Option<u32> {
        version_of_line(self.version_line)
    }

    /// The table as a document of its own, as [`lone_account`] gives it.
    pub fn document(&self) -> Zeroizing<String> {
        table_alone(self.version_line, self.table)
    }
}

/// [`lone_account`]'s table, not copied, found by searches that ask the processor nothing
/// ([`super::search`]).
pub fn lone_account_table<'a>(text: &'a str, name: &str) -> Option<LoneTable<'a>> {
    let text = sealed_body(text)?;
    let version_line = text
        .split('\n')
        .find(|line| !line.is_empty() && !line.starts_with('#'))?;
    if !version_line.starts_with("version = ") {
        return None;
    }
    // The seal is a plain hash that a hand edit may take again: in a multi-line string, a
    // table's header spelt out would be found here as the account's.
    if holds_multi_line_string(text) {
        return None;
    }
    let mut needle = Zeroizing::new(String::with_capacity(name.len() + 32));
    needle.push_str("\n[[accounts]]\nname = ");
    let json = Zeroizing::new(serde_json::to_vec(name).ok()?);
    push_inline(&mut needle, &json);
    needle.push('\n');
    let start = super::search::find(text, &needle)? + 1;
    if super::search::find(&text[start..], &needle).is_some() {
        return None;
    }
    let end = table_end(text, start + "[[accounts]]\n".len());
    let next = &text[end..];
    if !(next.is_empty()
        || next.starts_with("[[accounts]]\n")
        || next.starts_with("[[backups]]\n")
        || next.starts_with("[sites]\n"))
    {
        return None;
    }
    Some(LoneTable {
        version_line,
        table: &text[start..end],
    })
}

/// Where the table whose lines start at `body` ends: at the next table's header, or the end.
/// (mfa-kit writes no line of a table that starts with `[`.)
fn table_end(text: &str, body: usize) -> usize {
    super::search::find(&text[body..], "\n[").map_or(text.len(), |at| body + at + 1)
}

/// The format version a version line (`version = N`) says, written as mfa-kit writes it.
fn version_of_line(line: &str) -> Option<u32> {
    let digits = line.strip_prefix("version = ")?;
    match digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0') {
        true => digits.parse().ok(),
        false => None,
    }
}

/// `table` as a document of its own: the version line, then the table.
fn table_alone(version_line: &str, table: &str) -> Zeroizing<String> {
    let mut document = Zeroizing::new(String::with_capacity(version_line.len() + table.len() + 2));
    document.push_str(version_line);
    document.push_str("\n\n");
    document.push_str(table);
    document
}

/// The account tables of a document exactly as mfa-kit wrote it (its seal matches, as for
/// [`lone_account`]), in the document's order, each to be read alone as a document of its own
/// ([`AccountTables::document`]): a command that goes through every account keeping little of
/// each (a listing) never holds them all as a model. `None` otherwise, and when two tables
/// spell the same name (the whole document is then read, and says what is wrong).
pub fn account_tables(text: &str) -> Option<AccountTables<'_>> {
    // The seal is checked once the tables are found: the digest of the lines above the
    // backups is kept, so that a document with one more backup is sealed without hashing
    // them again ([`WithRecord`]).
    let (text, digest) = seal_line(text)?;
    // The first line that starts so.
    let version_at = match text.starts_with("version = ") {
        true => 0,
        false => text.find("\nversion = ")? + 1,
    };
    let version_end = version_at + text[version_at..].find('\n')?;
    let version_line = &text[version_at..version_end];
    // Above the version line and between it and the first table: comments and blank lines
    // only, as mfa-kit writes them (a table spelt another way there would be missed).
    let only_comments = |lines: &str| {
        lines
            .split('\n')
            .all(|l| l.is_empty() || l.starts_with('#'))
    };
    if !only_comments(&text[..version_at]) {
        return None;
    }
    // A document without an account table is small: read whole, which also judges it.
    const HEADER: &str = "\n[[accounts]]\n";
    let at = text[version_end..].find(HEADER)?;
    if !only_comments(&text[version_end + 1..version_end + at + 1]) {
        return None;
    }
    let mut tables = Vec::new();
    let first = version_end + at + 1;
    let mut start = first;
    let end = loop {
        let body = start + HEADER.len() - 1;
        let end = table_end(text, body);
        // Each table starts with its name, as mfa-kit writes it: one basic string.
        let quoted = text[body..end].strip_prefix("name = \"")?;
        if quoted.starts_with("\"\"") {
            return None;
        }
        tables.push(&text[start..end]);
        if !text[end..].starts_with("[[accounts]]\n") {
            break end;
        }
        start = end;
    };
    // The seal is hashed on the other core (a large document's takes milliseconds) while the
    // layout is checked here.
    let (laid_out, (head, sealed)) = super::halves::join_if(
        text.len() >= SEAL_APART_FROM,
        || laid_out_as_written(text, first, end),
        || {
            let head = Sha256::new_with_prefix(&text[..end]);
            let sealed = head.clone().chain_update(&text[end..]).finalize();
            (head, sealed)
        },
    );
    if !laid_out || data_encoding::HEXLOWER.encode(&sealed) != digest {
        return None;
    }
    Some(AccountTables {
        whole: text,
        head,
        rest_records: std::sync::OnceLock::new(),
        version_line,
        tables,
        above: &text[..first],
        below: &text[end..],
    })
}

/// From this many bytes on, [`account_tables`] hashes the seal on another core: at 10,000
/// accounts (7.5 MB) the hash and the checks of the layout took 5 ms each, one after the other.
const SEAL_APART_FROM: usize = 1 << 20;

/// The lines of a sealed document, from its first account table (at `first`) on, are laid
/// out as mfa-kit writes them, the tables ending at `end`: what [`account_tables`] takes.
fn laid_out_as_written(text: &str, first: usize, end: usize) -> bool {
    use memchr::memmem::find;
    // mfa-kit writes no carriage return (one in a string is escaped): with one, a line end
    // may read one way in a part and another in the whole.
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        return false;
    }
    // mfa-kit writes no line that starts with a space or a tab: a header indented among an
    // account's lines (a record, the sites) would be read with that account alone, and whole
    // as what it is.
    // (Nor among the records below them: a record's map of digests written inline on an
    // indented line would be missed where its digests are looked up.)
    let from_the_accounts = &text.as_bytes()[first..];
    if find(from_the_accounts, b"\n ").is_some() || find(from_the_accounts, b"\n\t").is_some() {
        return false;
    }
    // Nor a multi-line string: one holding a header line would cut a table in two, which
    // would then not read alone though the whole does.
    if find(from_the_accounts, b"\"\"\"").is_some() || find(from_the_accounts, b"'''").is_some() {
        return false;
    }
    // The account tables are all together, and below them is no table but a backup's and the
    // sites, spelt as mfa-kit spells them: no account can be anywhere else. (Lines found by
    // memchr: a record of 10,000 accounts has 20,000.)
    super::search::lines(&text[end..]).all(|line| {
        let headed = line.trim_start_matches([' ', '\t']).starts_with('[');
        !headed
            || matches!(
                line,
                "[[backups]]" | "[backups.accounts]" | "[backups.totp]" | "[sites]"
            )
    })
}

/// True when `text` holds a multi-line string's quotes, which mfa-kit never writes: for one
/// table's read ([`lone_account_table`]); [`laid_out_as_written`] looks for them with memchr's
/// own choice of search, through megabytes.
fn holds_multi_line_string(text: &str) -> bool {
    super::search::find(text, "\"\"\"").is_some() || super::search::find(text, "'''").is_some()
}

/// See [`account_tables`].
pub struct AccountTables<'a> {
    /// The document's lines above its seal.
    whole: &'a str,
    /// The hash of those above the backups and the sites, as the seal takes it.
    head: Sha256,
    /// See [`AccountTables::rest_records`].
    rest_records: std::sync::OnceLock<Option<Vec<(String, String, u64)>>>,
    version_line: &'a str,
    tables: Vec<&'a str>,
    /// What is above the account tables (comments, the version line) and below them (the
    /// backups and the sites).
    above: &'a str,
    below: &'a str,
}

impl AccountTables<'_> {
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// The name the `index`th account table starts with, as its first line spells it (a
    /// document's accounts can be put in order by name before any is read whole).
    pub fn name(&self, index: usize) -> Option<String> {
        let line = self.name_line(index)?;
        (string_end(line.as_bytes(), 0)? == line.len())
            .then(|| serde_json::from_str(line).ok())
            .flatten()
    }

    /// Each account table's name, as its first line spells it, with the table's place, in the
    /// order of the names; `None` where a first line is not a name, or two tables spell the
    /// same one (the whole document then says what is wrong).
    pub fn in_order_of_names(&self) -> Option<Vec<(String, usize)>> {
        let mut order = (0..self.len())
            .map(|index| Some((self.name(index)?, index)))
            .collect::<Option<Vec<_>>>()?;
        order.sort_unstable();
        (!order.windows(2).any(|pair| pair[0].0 == pair[1].0)).then_some(order)
    }

    /// The `index`th account table read by the layout's reader as a document of its own (the
    /// version line, then the table), without a copy of either; `None` where that reader
    /// does not take it (the general parser then reads [`AccountTables::document`]).
    pub fn read_alone(&self, index: usize) -> Option<Vault> {
        Reader::default()
            .read_all(self.version_line)?
            .read_all(self.tables[index])?
            .finish()
    }

    /// The `index`th account table as a document of its own: the version line and the table.
    pub fn document(&self, index: usize) -> Zeroizing<String> {
        table_alone(self.version_line, self.tables[index])
    }

    /// Everything but the account tables (the comments and the version line above them, the
    /// backups and the sites below) as a document of its own, to be judged as the whole
    /// document would be: with the tables, every line of the document is read.
    pub fn rest_document(&self) -> Zeroizing<String> {
        let mut document =
            Zeroizing::new(String::with_capacity(self.above.len() + self.below.len()));
        document.push_str(self.above);
        document.push_str(self.below);
        document
    }
}

impl<'a> AccountTables<'a> {
    /// The `index`th account table: its header line, its lines, and the blank line after.
    pub fn table(&self, index: usize) -> &'a str {
        self.tables[index]
    }

    /// What follows `name = ` on the `index`th table's first line, as mfa-kit writes it.
    fn name_line(&self, index: usize) -> Option<&'a str> {
        let line = self.tables[index].strip_prefix("[[accounts]]\nname = ")?;
        Some(&line[..line.find('\n')?])
    }

    /// The text inside the quotes of the name the `index`th table's first line spells, where
    /// it holds no escape (and so is the name, unless the line is not one string).
    pub fn name_as_written(&self, index: usize) -> Option<&'a str> {
        let inner = self
            .name_line(index)?
            .strip_prefix('"')?
            .strip_suffix('"')?;
        (!inner.contains(['\\', '"'])).then_some(inner)
    }

    /// True when everything but the account tables (the comments and the version above
    /// them, the backups and the sites below) is in the layout mfa-kit writes and passes the
    /// checks of a document read whole, with no account table among it: only then is a
    /// record added below the others ([`AccountTables::with_record`]), as the model would add
    /// it. Judged once, on whichever thread asks first.
    pub fn rest_is_sound(&self) -> bool {
        self.rest_records().is_some()
    }

    /// The file and place of each backup record, in the document's order, as the model reads
    /// them (places normalised), when the rest is sound ([`AccountTables::rest_is_sound`]).
    fn rest_records(&self) -> Option<&[(String, String, u64)]> {
        self.rest_records
            .get_or_init(|| {
                self.rest_a_table_at_a_time().or_else(|| {
                    match Vault::from_canonical_toml(&self.rest_document()) {
                        Some(Ok(rest)) if rest.accounts.is_empty() => {
                            Some(files_and_places(rest.backups))
                        }
                        _ => None,
                    }
                })
            })
            .as_deref()
    }

    /// [`AccountTables::rest_records`] judged a table at a time: each backup record (with its
    /// two sub-tables) and the sites table read with the version line, as a document of its
    /// own, the records' digests judged but not kept ([`read_with_empty_digests`]), so that
    /// the text of only one record is held at once, however many records there are, and none
    /// of their 10,000 digests as strings. A table belongs to the same record alone as in the
    /// whole document (the only headers below the accounts are a record's, its sub-tables'
    /// and the sites', see [`account_tables`]), so what every part passes, the whole passes.
    /// `None` when a part does not pass alone, or is not exactly one record or the sites
    /// (the whole is then judged, which may read what its parts do not, and says so).
    fn rest_a_table_at_a_time(&self) -> Option<Vec<(String, String, u64)>> {
        self.rest_parts().map(|rest| files_and_places(rest.backups))
    }

    /// The backups (their digests left out) and the sites, judged a table at a time as
    /// [`AccountTables::rest_a_table_at_a_time`] judges them, as a vault without accounts.
    fn rest_parts(&self) -> Option<Vault> {
        // The lines above the accounts (comments and the version line) are judged once, and
        // each table with the version line alone: with them all, a hand-kept block of
        // comments would be read again for each of thousands of records.
        let mut rest = judged_part(&[self.above])?;
        if !rest.backups.is_empty() || !rest.sites.is_empty() {
            return None;
        }
        let tables = self.below_tables();
        let mut sites = 0;
        for table in tables {
            let part = judged_part(&[self.version_line, table])?;
            if table.starts_with("[sites]\n") {
                sites += 1;
                if !part.backups.is_empty() || sites > 1 {
                    return None;
                }
                rest.sites = part.sites;
            } else if part.backups.len() != 1 || !part.sites.is_empty() {
                return None;
            } else {
                rest.backups.extend(part.backups);
            }
        }
        Some(rest)
    }

    /// The sites, as [`AccountTables::rest_parts`] reads their table (alone, with the version
    /// line), without judging the records: for a change of places, which reads every record
    /// as it is made ([`AccountTables::with_every_account`], `None` where one does not read
    /// alone). `None` where the sites' table does not read alone.
    pub fn sites(&self) -> Option<BTreeMap<String, String>> {
        let table = self
            .below_tables()
            .into_iter()
            .find(|table| table.starts_with("[sites]\n"));
        match table {
            None => Some(BTreeMap::new()),
            Some(table) => Some(judged_part(&[self.version_line, table])?.sites),
        }
    }

    /// Everything but the account tables, read as [`Vault::from_toml`] reads it but for the
    /// backup records' digests, which are left in the text, each record's two maps to be
    /// looked up by name ([`RecordDigests`]): one record of 10,000 accounts is 20,000
    /// strings in the model. `None` where the rest does not pass a table at a time, or a
    /// map's keys are not in the order the model keeps them.
    pub fn rest_with_digests_in_text(&self) -> Option<(Vault, Vec<RecordDigests<'a>>)> {
        let rest = self.rest_parts()?;
        let digests = self.record_digests()?;
        (digests.len() == rest.backups.len()).then_some((rest, digests))
    }

    /// Each backup record's maps of digests, in order, when each is a sub-table of the record
    /// (not written inline among its lines) whose keys rise as the model keeps them.
    pub fn record_digests(&self) -> Option<Vec<RecordDigests<'a>>> {
        let chain = self.version()? >= CHAINED_FORMAT_VERSION;
        self.below_tables()
            .into_iter()
            .filter(|table| table.starts_with("[[backups]]\n"))
            .enumerate()
            .map(|(at, table)| RecordDigests::of(table, chain && at > 0))
            .collect()
    }

    /// The tables below the accounts, in order, each from its header line (`[[backups]]` or
    /// `[sites]`) to the next such line: a backup record with its sub-tables, or the sites.
    fn below_tables(&self) -> Vec<&'a str> {
        let below = self.below;
        // memchr's search: the records of many backups of 10,000 accounts are megabytes,
        // which std's took milliseconds to go through.
        let after_each = |header: &'static str| {
            memchr::memmem::find_iter(below.as_bytes(), header.as_bytes()).map(|at| at + 1)
        };
        let mut starts = std::iter::once(0)
            .chain(after_each("\n[[backups]]\n"))
            .chain(after_each("\n[sites]\n"))
            .filter(|&at| at < below.len())
            .collect::<Vec<_>>();
        starts.sort_unstable();
        starts.dedup();
        (0..starts.len())
            .map(|i| &below[starts[i]..starts.get(i + 1).copied().unwrap_or(below.len())])
            .collect()
    }

    /// The format version the document says it is.
    pub fn version(&self) -> Option<u32> {
        version_of_line(self.version_line)
    }

    /// The account tables' text, from the first's header line to the end of the last.
    fn account_tables(&self) -> &'a str {
        &self.whole[self.above.len()..self.whole.len() - self.below.len()]
    }

    /// How many backup records the document has (what its version follows, with its
    /// accounts' kinds: [`super::vault::format_version_of`]).
    pub fn record_count(&self) -> usize {
        self.below_tables()
            .iter()
            .filter(|table| table.starts_with("[[backups]]\n"))
            .count()
    }

    /// How this document changes when a record of the backup `file` kept at `at` is recorded
    /// in it as [`super::backup::add_record`] records it in the model: every table is kept as
    /// it is written, but the backup records of the same file at the same place (as the model
    /// reads them) and the oldest past `most` (with the new one), and the new record follows
    /// the others ([`WithRecord::write_to`]). The version line follows the records' count,
    /// and where a record is left out above one that is kept, or the records were not
    /// chained and now are, the maps of the kept ones are chained anew ([`chain`]). Known
    /// before the record's digests are: the lines above it can be written meanwhile. `None`
    /// where the record cannot be added so (the backups and the sites not as mfa-kit writes
    /// them, see [`AccountTables::rest_is_sound`], or a version the record's accounts do
    /// not tell): the caller then writes the model.
    pub fn with_record(&self, file: &str, at: &str, most: usize) -> Option<WithRecord<'a>> {
        let records = self.rest_records()?;
        let mut tables = Vec::new();
        let mut sites = "";
        for table in self.below_tables() {
            if !sites.is_empty() {
                return None;
            }
            if table.starts_with("[sites]\n") {
                sites = table;
                continue;
            }
            table.strip_prefix("[[backups]]\n")?;
            tables.push(table);
        }
        // The records' tables and the records the model read are one to one.
        if tables.len() != records.len() {
            return None;
        }
        let mut kept: Vec<usize> = (0..records.len())
            .filter(|&index| {
                let (recorded_file, recorded_at, _) = &records[index];
                !(file != "-" && recorded_file == file && recorded_at == at)
            })
            .collect();
        let created: Vec<u64> = kept.iter().map(|&index| records[index].2).collect();
        let dropped = super::backup::oldest_past(&created, most.checked_sub(1)?);
        kept = (0..kept.len())
            .filter(|place| dropped.binary_search(place).is_err())
            .map(|place| kept[place])
            .collect();
        // The version the document says with the new record: two records or more chain;
        // with one, what the accounts need, which the version it says tells unless it is a
        // chained one's.
        let version = self.version()?;
        let new_version = match kept.len() {
            0 if version == BASE_FORMAT_VERSION || version == HOTP_FORMAT_VERSION => version,
            // Only an HOTP account has a counter, on a line of its table.
            0 => match memchr::memmem::find(self.account_tables().as_bytes(), b"\ncounter = ") {
                Some(_) => HOTP_FORMAT_VERSION,
                None => BASE_FORMAT_VERSION,
            },
            _ => CHAINED_FORMAT_VERSION,
        };
        let header = match new_version == version {
            true => None,
            false if self.header_as_written() => Some(format!("{}\n", header(new_version))),
            false => return None,
        };
        let maps = self.record_digests()?;
        // The kept records stay as they are written while each has the record above it that
        // it had (or none) and its maps are read as they were.
        let was_chained = version >= CHAINED_FORMAT_VERSION;
        let in_place = kept
            .iter()
            .enumerate()
            .all(|(place, &index)| place == index)
            && (was_chained || kept.len() <= 1);
        let kept_tables = match in_place {
            true => kept
                .iter()
                .map(|&index| Cow::Borrowed(tables[index]))
                .collect(),
            false => self.chained_anew(&tables, &maps, &kept)?,
        };
        Some(WithRecord {
            above: self.above,
            account_tables: self.account_tables(),
            header,
            head_seal: self.head.clone(),
            kept: kept_tables,
            last_kept: kept.last().copied(),
            maps,
            sites,
        })
    }

    /// The one backup record of `table`, read with the version line as a document of its
    /// own, its maps of digests left out ([`read_parts_with_empty_digests`]).
    fn record_alone(&self, table: &str) -> Option<BackupRecord> {
        let alone = read_parts_with_empty_digests(&[self.version_line, table])
            .map(Vault::checked)?
            .ok()?;
        let [record] = <[BackupRecord; 1]>::try_from(alone.backups).ok()?;
        Some(record)
    }

    /// The record `tables` at the places `kept`, in order, each written as the model writes
    /// it in a chained document: its own lines, then its maps as they differ from the kept
    /// record above it (the first whole), each record's digests as `maps` give them.
    fn chained_anew(
        &self,
        tables: &[&'a str],
        maps: &[RecordDigests<'a>],
        kept: &[usize],
    ) -> Option<Vec<Cow<'a, str>>> {
        let chained: Vec<bool> = maps.iter().map(|m| m.chained).collect();
        let mut lines = vec![[String::new(), String::new()]; kept.len()];
        for (map, which) in [(0, MapOf::Accounts), (1, MapOf::Totp)] {
            let of: Vec<&DigestLines> = maps.iter().map(|m| which.of(m)).collect();
            chain::walk_resolved(&of, &chained, |name, held| {
                // The first kept record holds its whole map: it has none above it.
                let mut above = None;
                for (place, &index) in kept.iter().enumerate() {
                    let this = held[index].as_deref();
                    push_change(&mut lines[place][map], name, above, this);
                    above = this;
                }
            })?;
        }
        let mut written = Vec::with_capacity(kept.len());
        for (&index, [accounts, totp]) in kept.iter().zip(lines) {
            let record = self.record_alone(tables[index])?;
            let mut text = record_own_lines(&record, !accounts.is_empty());
            push_maps(&mut text, &accounts, &totp);
            text.push('\n');
            written.push(Cow::Owned(text));
        }
        Some(written)
    }
}

impl<'a> AccountTables<'a> {
    /// True when the lines above the accounts are exactly those mfa-kit writes (the header
    /// of the version the document says, and a blank line): only then is a document with
    /// an account changed written without the model ([`AccountTables::with_account`]),
    /// whose header may say another version.
    pub fn header_as_written(&self) -> bool {
        self.version()
            .is_some_and(|version| self.above.strip_suffix('\n') == Some(&header(version)))
    }

    /// How this document changes when the account table at `index` is replaced by the
    /// tables of `accounts` (one: that account changed; none: left out), or, with no `index`,
    /// when `accounts` follow the others: as the model so changed is written as format `version`, every other table
    /// kept as it is written. For a document whose header is as mfa-kit writes it
    /// ([`AccountTables::header_as_written`]).
    pub fn with_account(
        &self,
        index: Option<usize>,
        accounts: &'a [Account],
        version: u32,
    ) -> WithAccount<'a> {
        debug_assert!(self.header_as_written());
        let (before, after) = match index {
            Some(index) => (&self.tables[..index], &self.tables[index + 1..]),
            None => (&self.tables[..], &[][..]),
        };
        WithAccount {
            header: header(version),
            tables: before
                .iter()
                .map(|table| Table::Kept(table))
                .chain(accounts.iter().map(Table::Written))
                .chain(after.iter().map(|table| Table::Kept(table)))
                .collect(),
            below: self.below,
            renamed: None,
        }
    }

    /// How this document changes when the account tables at the indexes of `changed` are
    /// replaced by those accounts' tables (each under its own name), and `added` follow the
    /// others: as the model so changed is written as format `version` (a restore's merge),
    /// every other table kept as it is written. For a document whose header is as mfa-kit
    /// writes it ([`AccountTables::header_as_written`]).
    pub fn with_accounts_merged(
        &self,
        changed: &'a BTreeMap<usize, Account>,
        added: &'a [Account],
        version: u32,
    ) -> WithAccount<'a> {
        debug_assert!(self.header_as_written());
        WithAccount {
            header: header(version),
            tables: self
                .tables
                .iter()
                .enumerate()
                .map(|(index, table)| match changed.get(&index) {
                    Some(account) => Table::Written(account),
                    None => Table::Kept(table),
                })
                .chain(added.iter().map(Table::Written))
                .collect(),
            below: self.below,
            renamed: None,
        }
    }
}

/// `key` as mfa-kit writes it at the start of a line.
fn key_text(key: &str) -> String {
    let mut text = String::with_capacity(key.len() + 2);
    push_key(
        &mut text,
        &serde_json::to_vec(key).expect("a string serialises"),
    );
    text
}

/// Gives `put` the text of `below` (the backup records and the sites, as mfa-kit writes
/// them) with each record's digests of the account `old` held under `new` instead, as the
/// model's [`Vault::rename`] moves them (a digest `new` had is replaced), each map's lines
/// kept in the order of their keys: a map at a time, never all the records' text at once.
/// `None` where a map's line does not read as one entry, or a map is left empty.
fn renamed_in_records(below: &str, old: &str, new: &str, mut put: impl FnMut(&str)) -> Option<()> {
    let new_key = key_text(new);
    let mut lines = below.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        put(line);
        if !matches!(line, "[backups.accounts]\n" | "[backups.totp]\n") {
            continue;
        }
        // The map's entries, up to the blank line after them, each with its key as read.
        let mut entries: Vec<(Cow<str>, Cow<str>)> = Vec::new();
        while let Some(line) = lines.next_if(|l| *l != "\n" && !l.starts_with('[')) {
            entries.push((line_key(line.strip_suffix('\n')?)?, line.into()));
        }
        // `new` takes what the map says of `old`, or nothing: in a chained map, that the
        // record holds it as the record above does.
        entries.retain(|(key, _)| key != new);
        if let Some(at) = entries.iter().position(|(key, _)| key == old) {
            let (_, line) = entries.remove(at);
            let (_, value) = split_key_value(line.strip_suffix('\n')?)?;
            let moved = format!("{new_key} = {}\n", std::str::from_utf8(value).ok()?);
            let at = entries.partition_point(|(key, _)| &**key < new);
            entries.insert(at, (new.into(), moved.into()));
        }
        // A map left empty is written otherwise (`accounts = {}` among the record's own
        // lines, no table of TOTP digests): the model's to write.
        if entries.is_empty() {
            return None;
        }
        for (_, line) in &entries {
            put(line);
        }
    }
    Some(())
}

/// A document with one account table changed, added or left out
/// ([`AccountTables::with_account`]), to be written.
pub struct WithAccount<'a> {
    header: String,
    /// The account tables, in order.
    tables: Vec<Table<'a>>,
    /// The backups and the sites.
    below: &'a str,
    /// An account's old and new names, which the records' digests follow.
    renamed: Option<(String, String)>,
}

/// An account table of a document being written.
enum Table<'a> {
    /// As it is written, from its header line to the next table's.
    Kept(&'a str),
    /// Written anew from the account.
    Written(&'a Account),
}

impl WithAccount<'_> {
    /// This document with the backup records' digests of the account `old` held under `new`,
    /// as [`Vault::rename`] moves them; `None` where a record's digests do not read as
    /// mfa-kit writes them.
    pub fn with_records_renamed(mut self, old: &str, new: &str) -> Option<Self> {
        // Every map's keys read as the model reads them (spelt bare or quoted, escaped or
        // not), and read through once here, so that writing cannot fail half-way.
        renamed_in_records(self.below, old, new, |_| {})?;
        self.renamed = Some((old.to_string(), new.to_string()));
        Some(self)
    }

    /// Writes the document and its seal to `out`: the same bytes as writing the model with
    /// the account so changed.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut seal = Sha256::new();
        let mut put = |bytes: &[u8]| -> std::io::Result<()> {
            seal.update(bytes);
            out.write_all(bytes)
        };
        put(self.header.as_bytes())?;
        put(b"\n")?;
        for table in &self.tables {
            match table {
                Table::Kept(text) => put(text.as_bytes())?,
                Table::Written(account) => {
                    let mut text = Zeroizing::new(String::new());
                    let mut json = Zeroizing::new(Vec::new());
                    push_table(account, "accounts", false, &mut text, &mut json);
                    // As written, `\n[[accounts]]\n` and its lines; as kept, from its
                    // header to the blank line after them.
                    put(&text.as_bytes()[1..])?;
                    put(b"\n")?;
                }
            }
        }
        match &self.renamed {
            None => put(self.below.as_bytes())?,
            Some((old, new)) => {
                let mut written = Ok(());
                renamed_in_records(self.below, old, new, |text| {
                    if written.is_ok() {
                        written = put(text.as_bytes());
                    }
                })
                .expect("read through before");
                written?;
            }
        }
        let digest = data_encoding::HEXLOWER.encode(&seal.finalize());
        out.write_all(format!("{SEAL}{digest}\n").as_bytes())
    }
}

impl<'a> AccountTables<'a> {
    /// How this document changes when `change` is made to each backup record (as the model
    /// reads it, its digests left out; `change` says whether it changed it): every table
    /// kept as it is written but the records changed, whose own lines are written anew and
    /// whose maps of digests are kept as they are. `None` where the records are not as
    /// mfa-kit writes them (the caller then changes the model). The account tables are
    /// judged by the caller ([`super::edit::SealedAccounts::records_changed`]).
    pub fn with_records_changed(
        &self,
        change: impl FnMut(&mut BackupRecord) -> bool,
    ) -> Option<WithRecords<'a>> {
        Some(WithRecords {
            head: &self.whole[..self.whole.len() - self.below.len()],
            head_seal: self.head.clone(),
            pieces: self.rest_changed(change, None)?.0,
        })
    }

    /// The tables below the accounts, in pieces, as [`AccountTables::with_records_changed`]
    /// writes them with `change` made to each record and, with `sites`, the sites table
    /// written anew as the model writes that map (none where it is empty); with them, each
    /// record's maps of digests as its text holds them ([`AccountTables::record_digests`]).
    /// `None` where the records are not as mfa-kit writes them.
    fn rest_changed(
        &self,
        mut change: impl FnMut(&mut BackupRecord) -> bool,
        sites: Option<&BTreeMap<String, String>>,
    ) -> Option<(Vec<Cow<'a, str>>, Vec<RecordDigests<'a>>)> {
        if !self.rest_is_sound() {
            return None;
        }
        let digests = self.record_digests()?;
        let mut pieces = Vec::new();
        for table in self.below_tables() {
            if table.starts_with("[sites]\n") {
                // The sites are the last table (the reader refuses a record after them).
                if sites.is_none() {
                    pieces.push(Cow::Borrowed(table));
                }
                continue;
            }
            let mut record = self.record_alone(table)?;
            if !change(&mut record) {
                pieces.push(Cow::Borrowed(table));
                continue;
            }
            // The record's own lines as the model writes them; its maps, each a sub-table
            // (the record's digests are read as the model reads them, see record_digests),
            // follow them as they are, not copied (a record of 10,000 accounts is a
            // megabyte of them).
            let maps_at = table.find("\n[").map_or(table.len(), |at| at + 1);
            // A map of accounts that is empty is written among the record's own lines (a
            // chained record's where nothing changed, beside a map of TOTP digests).
            let accounts_follow = table[maps_at..].starts_with("[backups.accounts]\n");
            let mut own = record_own_lines(&record, accounts_follow);
            own.push('\n');
            pieces.push(Cow::Owned(own));
            pieces.push(Cow::Borrowed(&table[maps_at..]));
        }
        if let Some(sites) = sites.filter(|sites| !sites.is_empty()) {
            let mut table = String::new();
            push_sites_table(&mut table, sites);
            table.push('\n');
            pieces.push(Cow::Owned(table));
        }
        Some((pieces, digests))
    }

    /// How this document changes when a change may reach every account, each backup record
    /// and the sites (a location renamed or retired): each account is changed as it is
    /// written ([`WithEveryAccount::write_to`]), each record by `change` as
    /// [`AccountTables::with_records_changed`] changes it, and the sites table is written
    /// anew from `sites`. `None` where the records are not as mfa-kit writes them. For a
    /// document whose header is as mfa-kit writes it, each table read alone, whose accounts
    /// keep their kinds (the caller judged it: [`super::edit::SealedAccounts`]).
    pub fn with_every_account(
        &self,
        change: impl FnMut(&mut BackupRecord) -> bool,
        sites: &BTreeMap<String, String>,
    ) -> Option<WithEveryAccount<'_, 'a>> {
        debug_assert!(self.header_as_written());
        let (below, digests) = self.rest_changed(change, Some(sites))?;
        Some(WithEveryAccount {
            tables: self,
            below,
            digests,
        })
    }
}

/// Whether the backup record at a place among a document's records holds an account of a
/// name (its map of digests has it), as [`WithEveryAccount::write_to`] gives it to a change.
pub type Holds<'h> = &'h dyn Fn(usize, &str) -> bool;

/// A document whose every account may change as it is written
/// ([`AccountTables::with_every_account`]).
pub struct WithEveryAccount<'t, 'a> {
    tables: &'t AccountTables<'a>,
    /// The records and the sites as they are to be written, in pieces.
    below: Vec<Cow<'a, str>>,
    /// Each record's maps of digests, as the document's text holds them.
    digests: Vec<RecordDigests<'a>>,
}

impl WithEveryAccount<'_, '_> {
    /// Writes the document and its seal to `out`, each account read from its table and given
    /// to `change`, which says whether it changed it: a changed account's table is written
    /// anew (its places normalised as the vault keeps them), every other kept as it is
    /// written. `change` is also given whether the record at a place among the records
    /// holds an account of a name (as its map of digests does, looked up in the text). The
    /// same bytes as writing the model so changed; the accounts are never held together.
    pub fn write_to(
        &self,
        out: &mut dyn std::io::Write,
        mut change: impl FnMut(Holds, &mut Account) -> bool,
    ) -> std::io::Result<()> {
        // Looked at without a copy of the digest, up the chain as far as it goes.
        let holds = |record: usize, name: &str| {
            for digests in self.digests[..(record + 1).min(self.digests.len())]
                .iter()
                .rev()
            {
                match digests.accounts.get_near(name, &mut 0) {
                    Some(digest) => return digest != NOT_HELD,
                    None if digests.chained => continue,
                    None => return false,
                }
            }
            false
        };
        let mut seal = Sha256::new();
        let mut put = |bytes: &[u8]| -> std::io::Result<()> {
            seal.update(bytes);
            out.write_all(bytes)
        };
        put(self.tables.above.as_bytes())?;
        let mut text = Zeroizing::new(String::new());
        let mut json = Zeroizing::new(Vec::new());
        for index in 0..self.tables.len() {
            let mut account = super::vault::account_of_table(self.tables, index)
                .expect("every table was read alone");
            if change(&holds, &mut account) {
                account.normalize_locations();
                text.clear();
                push_table(&account, "accounts", false, &mut text, &mut json);
                // As written, `\n[[accounts]]\n` and its lines; as kept, from its header
                // to the blank line after them.
                put(&text.as_bytes()[1..])?;
                put(b"\n")?;
            } else {
                put(self.tables.table(index).as_bytes())?;
            }
        }
        for piece in &self.below {
            put(piece.as_bytes())?;
        }
        let digest = data_encoding::HEXLOWER.encode(&seal.finalize());
        out.write_all(format!("{SEAL}{digest}\n").as_bytes())
    }
}

/// `[[backups]]` and the lines of `record`'s own fields, as the model writes them: with
/// `accounts_follow` (its map of accounts follows as a sub-table), without the empty map a
/// record read with its digests left out would say it has. Its maps are not copied.
fn record_own_lines(record: &BackupRecord, accounts_follow: bool) -> String {
    let own = with_maps(record, BTreeMap::new(), BTreeMap::new());
    let mut text = Zeroizing::new(String::new());
    let mut json = Zeroizing::new(Vec::new());
    push_table(&own, "backups", true, &mut text, &mut json);
    let own = &text[1..];
    match accounts_follow {
        true => own.replacen("\naccounts = {}\n", "\n", 1),
        false => own.to_string(),
    }
}

/// `record`'s own fields with the maps `accounts` and `totp` (its own are not copied).
fn with_maps(
    record: &BackupRecord,
    accounts: BTreeMap<String, String>,
    totp: BTreeMap<String, String>,
) -> BackupRecord {
    BackupRecord {
        created: record.created,
        file: record.file.clone(),
        written_on: record.written_on.clone(),
        at: record.at.clone(),
        passphrase: record.passphrase,
        recipients: record.recipients.clone(),
        key_at: record.key_at.clone(),
        accounts,
        totp,
        sha256: record.sha256.clone(),
        gone: record.gone,
        drilled: record.drilled,
        paper: record.paper,
        threshold: record.threshold,
    }
}

/// A document with backup records changed ([`AccountTables::with_records_changed`]), to be
/// written.
pub struct WithRecords<'a> {
    /// Everything above the backup records: the comments, the version, the account tables.
    head: &'a str,
    /// The hash of `head`, as the seal takes it.
    head_seal: Sha256,
    /// The records and the sites as they are to be written, in pieces: a changed record's own
    /// lines, then its maps as they are.
    pieces: Vec<Cow<'a, str>>,
}

impl WithRecords<'_> {
    /// Writes the document and its seal to `out`: the same bytes as writing the model with
    /// the records so changed.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(self.head.as_bytes())?;
        let mut seal = self.head_seal.clone();
        for piece in &self.pieces {
            seal.update(piece.as_bytes());
            out.write_all(piece.as_bytes())?;
        }
        let digest = data_encoding::HEXLOWER.encode(&seal.finalize());
        out.write_all(format!("{SEAL}{digest}\n").as_bytes())
    }
}

/// A backup record's two maps of digests as a document's text holds them, looked up by name
/// without a map being built.
pub struct RecordDigests<'a> {
    /// `[backups.accounts]`: each account's material digest.
    pub accounts: DigestLines<'a>,
    /// `[backups.totp]`: each account's TOTP digest.
    pub totp: DigestLines<'a>,
    /// Whether the record takes what its maps do not say from the record above it
    /// ([`chain`]).
    pub chained: bool,
}

impl<'a> RecordDigests<'a> {
    /// The maps of the record `table` (its header line to the next record's or the sites'),
    /// judged already as a document of its own; `chained` to the record above it or not.
    fn of(table: &'a str, chained: bool) -> Option<Self> {
        // A map written inline among the record's own lines, not as its sub-table, is read
        // whole (mfa-kit writes an empty map so).
        let own_lines = &table[..table.find("\n[").map_or(table.len(), |at| at + 1)];
        for line in own_lines.split('\n') {
            if line_key(line).is_some_and(|key| key == "accounts" || key == "totp")
                && !line.ends_with(" = {}")
            {
                return None;
            }
        }
        // Each map's lines as mfa-kit writes them: one entry a line, then one blank line.
        let map = |header: &str| match table.find(header) {
            None => DigestLines::of(""),
            Some(at) => {
                let lines = &table[at + header.len()..];
                let lines = &lines[..lines.find("\n[").map_or(lines.len(), |end| end + 1)];
                let entries = lines.strip_suffix("\n\n")?;
                if entries.split('\n').any(str::is_empty) {
                    return None;
                }
                DigestLines::of(entries)
            }
        };
        Some(RecordDigests {
            accounts: map("\n[backups.accounts]\n")?,
            totp: map("\n[backups.totp]\n")?,
            chained,
        })
    }
}

/// Gives each of `records` the digests its maps in the text (`digests`, one to one) hold of
/// the account `name` alone, every other account's left out: what the audit of that
/// account reads of them. `cursor` is where this reader's lookups stand in each map: names
/// given in rising order (the audit's order) are each found at the line after the last one
/// found, without a search; in any other order, each is searched for.
pub fn give_digests_of<'a>(
    name: &str,
    records: &mut [BackupRecord],
    digests: &[RecordDigests<'a>],
    cursor: &mut DigestCursor,
) {
    if cursor.next.len() < digests.len() {
        cursor.next.resize(digests.len(), [0, 0]);
    }
    // What the record above holds, for a record chained to it.
    let (mut above, mut above_totp) = (None, None);
    for ((record, digests), next) in records.iter_mut().zip(digests).zip(&mut cursor.next) {
        let chained = digests.chained;
        above = chain::held(
            digests.accounts.get_near(name, &mut next[0]),
            chained,
            &above,
        );
        above_totp = chain::held(
            digests.totp.get_near(name, &mut next[1]),
            chained,
            &above_totp,
        );
        put_alone(&mut record.accounts, name, above.clone());
        put_alone(&mut record.totp, name, above_totp.clone());
    }
}

/// Where one reader's lookups stand in the maps of each record ([`give_digests_of`]).
#[derive(Clone, Default)]
pub struct DigestCursor {
    /// For each record, the place of the line after the last found in each of its two maps.
    next: Vec<[usize; 2]>,
}

/// Makes `map` hold `name`'s digest alone, or nothing, reusing the strings and the node of
/// the entry it held: an audit of 10,000 accounts and three records gives 60,000 digests, and
/// three allocations for each took longer than finding them.
fn put_alone(map: &mut BTreeMap<String, String>, name: &str, digest: Option<Cow<str>>) {
    if map.len() > 1 {
        map.clear();
    }
    // Taking the last entry out keeps the map's node for the next one.
    let taken = map.pop_first();
    if let Some(digest) = digest {
        let (mut key, mut value) = taken.unwrap_or_default();
        key.clear();
        key.push_str(name);
        value.clear();
        value.push_str(&digest);
        map.insert(key, value);
    }
}

/// One map of digests: its `key = "digest"` lines, in the order of their keys.
pub struct DigestLines<'a> {
    text: &'a str,
    /// Where each line starts in `text`: four bytes a line, counted before they are kept (a
    /// list of the lines themselves, grown as they were found, took a megabyte for the two
    /// records of 10,000 accounts that `location list` looks digests up in).
    starts: Vec<u32>,
}

impl<'a> DigestLines<'a> {
    /// The map whose lines are `text`, when each line is one entry and their keys rise
    /// strictly, as the model's map keeps them (a hand-sorted map would be looked up wrong).
    fn of(text: &'a str) -> Option<Self> {
        u32::try_from(text.len()).ok()?;
        let mut starts =
            Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        let mut last: Option<Cow<str>> = None;
        let mut start = 0;
        for line in text.split('\n') {
            if !line.is_empty() {
                let key = line_key(line)?;
                if last.as_ref().is_some_and(|last| *last >= key) {
                    return None;
                }
                last = Some(key);
                starts.push(start as u32);
            }
            start += line.len() + 1;
        }
        Some(DigestLines { text, starts })
    }

    /// The line that starts at `start`.
    fn line(&self, start: u32) -> &'a str {
        let line = &self.text[start as usize..];
        &line[..memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len())]
    }

    /// The key of the `at`th line.
    fn key(&self, at: usize) -> Cow<'a, str> {
        line_key(self.line(self.starts[at])).expect("each line was read when indexed")
    }

    /// The digest the map holds for the account `name`.
    pub fn get(&self, name: &str) -> Option<String> {
        self.get_near(name, &mut 0).map(Cow::into_owned)
    }

    /// [`DigestLines::get`], looked for first at the `next`th line, and searched for only when
    /// it is not there and does not fall between that line and the one before (where it is
    /// not in the map): `next` becomes the place after the line found (or where the name
    /// would be). Names looked up in rising order each take a line's key or two.
    fn get_near(&self, name: &str, next: &mut usize) -> Option<Cow<'a, str>> {
        let here = *next;
        let at = match self.starts.get(here).map(|_| self.key(here)) {
            Some(key) if key == name => Ok(here),
            // Between the line before and this one: not in the map.
            Some(key) if *key > *name && (here == 0 || *self.key(here - 1) < *name) => Err(here),
            None if here == self.starts.len() && (here == 0 || *self.key(here - 1) < *name) => {
                Err(here)
            }
            _ => self.starts.binary_search_by(|start| {
                line_key(self.line(*start))
                    .expect("each line was read when indexed")
                    .as_ref()
                    .cmp(name)
            }),
        };
        *next = at.map_or_else(|at| at, |at| at + 1);
        self.value(self.starts[at.ok()?])
    }

    /// The digest on the line that starts at `start`, as the model reads it: a plain string
    /// (hexadecimal digits, as mfa-kit writes it) is taken as it is written.
    fn value(&self, start: u32) -> Option<Cow<'a, str>> {
        let line = self.line(start);
        let (_, value) = split_key_value(line)?;
        if let [b'"', inner @ .., b'"'] = value
            && every_byte(inner, |b| b.is_ascii_alphanumeric())
        {
            let end = line.len() - 1;
            return Some(Cow::Borrowed(&line[end - inner.len()..end]));
        }
        let mut json = Vec::with_capacity(value.len());
        toml_value_to_json(value, &mut json)?;
        serde_json::from_slice(&json).ok().map(Cow::Owned)
    }
}

impl<'a> chain::SortedEntries<'a> for &DigestLines<'a> {
    fn count(&self) -> usize {
        self.starts.len()
    }

    fn key(&self, at: usize) -> Cow<'a, str> {
        DigestLines::key(self, at)
    }

    fn digest(&self, at: usize) -> Option<Cow<'a, str>> {
        self.value(self.starts[at])
    }
}

/// The key of a `key = value` line as the model reads it: a bare key is its own text, only a
/// quoted one is decoded.
fn line_key(line: &str) -> Option<Cow<'_, str>> {
    let (key, _) = split_key_value(line)?;
    match key.first() {
        Some(b'"') => decoded_key(key).map(Cow::Owned),
        _ => std::str::from_utf8(key).ok().map(Cow::Borrowed),
    }
}

/// The document that is `parts` one after the other, read and checked as the model reads it,
/// each record's digests judged but not kept ([`read_parts_with_empty_digests`]); `None`
/// where it is refused or holds an account.
fn judged_part(parts: &[&str]) -> Option<Vault> {
    match read_parts_with_empty_digests(parts).map(Vault::checked)? {
        Ok(part) if part.accounts.is_empty() => Some(part),
        _ => None,
    }
}

/// The file, the place and the time made of each record, in order.
fn files_and_places(records: Vec<BackupRecord>) -> Vec<(String, String, u64)> {
    records
        .into_iter()
        .map(|record| (record.file, record.at, record.created))
        .collect()
}

/// A document with one more backup record ([`AccountTables::with_record`]), to be written.
pub struct WithRecord<'a> {
    /// The lines above the account tables: the comments and the version line.
    above: &'a str,
    /// The account tables.
    account_tables: &'a str,
    /// The lines that replace `above` when the version changes with the new record.
    header: Option<String>,
    /// The hash of `above` and the account tables, as the seal takes them.
    head_seal: Sha256,
    /// The records kept, each from its header line to the next table's: as it is written,
    /// or chained anew.
    kept: Vec<Cow<'a, str>>,
    /// The place among the document's records of the last record kept, which the new one's
    /// maps follow in the chain.
    last_kept: Option<usize>,
    /// Each of the document's records' maps, as its text holds them.
    maps: Vec<RecordDigests<'a>>,
    /// The sites table, if any.
    sites: &'a str,
}

/// Which of a record's two maps of digests.
#[derive(Clone, Copy)]
enum MapOf {
    Accounts,
    Totp,
}

impl MapOf {
    fn of<'m, 'a>(self, digests: &'m RecordDigests<'a>) -> &'m DigestLines<'a> {
        match self {
            MapOf::Accounts => &digests.accounts,
            MapOf::Totp => &digests.totp,
        }
    }

    /// The account's digest this map holds, in hex.
    fn hex_of(self, account: &AccountDigests) -> [u8; 32] {
        let mut hex = [0u8; 32];
        let bytes = match self {
            MapOf::Accounts => &account.digest,
            MapOf::Totp => &account.totp,
        };
        data_encoding::HEXLOWER.encode_mut(bytes, &mut hex);
        hex
    }
}

/// Hex digits as text.
fn as_text(hex: &[u8; 32]) -> &str {
    std::str::from_utf8(hex).expect("hex is ASCII")
}

/// Adds to `lines` what a chained record's map says of `name`, which it holds as `this` and
/// the record above it (none for the first) as `above`: the digest where they differ,
/// [`NOT_HELD`] where only the record above holds it, nothing where they agree.
fn push_change(lines: &mut String, name: &str, above: Option<&str>, this: Option<&str>) {
    match this {
        Some(digest) if above != Some(digest) => push_map_line(lines, name, digest),
        None if above.is_some() => push_map_line(lines, name, NOT_HELD),
        _ => {}
    }
}

impl WithRecord<'_> {
    /// Writes the document with `record` added, and its seal, to `out`: the same bytes as
    /// writing the model with the record added, its maps those of `digests` (read from the
    /// account tables, in the order of the names: [`super::material::sealed_material`]; the
    /// record's own maps are empty).
    pub fn write_to(
        &self,
        out: &mut dyn std::io::Write,
        record: &BackupRecord,
        digests: &[AccountDigests],
    ) -> std::io::Result<()> {
        let seal = self.write_above(out)?;
        self.write_record(out, seal, record, digests)
    }

    /// Writes the lines above the new record to `out` ([`WithRecord::write_to`]'s first
    /// part), giving back the hash of those the seal takes.
    pub fn write_above(&self, out: &mut dyn std::io::Write) -> std::io::Result<Sha256> {
        let mut seal = match &self.header {
            None => {
                out.write_all(self.above.as_bytes())?;
                self.head_seal.clone()
            }
            // A new version line: the account tables are hashed again after it.
            Some(header) => {
                out.write_all(header.as_bytes())?;
                Sha256::new_with_prefix(header).chain_update(self.account_tables)
            }
        };
        out.write_all(self.account_tables.as_bytes())?;
        for table in &self.kept {
            seal.update(table.as_bytes());
            out.write_all(table.as_bytes())?;
        }
        Ok(seal)
    }

    /// Writes `record`, the sites and the seal (`seal` being the hash [`WithRecord::write_above`]
    /// gave) to `out`: [`WithRecord::write_to`]'s second part. The record is of the file and
    /// place this was made for.
    pub fn write_record(
        &self,
        out: &mut dyn std::io::Write,
        mut seal: Sha256,
        record: &BackupRecord,
        digests: &[AccountDigests],
    ) -> std::io::Result<()> {
        let mut put = |bytes: &[u8]| -> std::io::Result<()> {
            seal.update(bytes);
            out.write_all(bytes)
        };
        debug_assert!(record.accounts.is_empty() && record.totp.is_empty());
        let Some(last_kept) = self.last_kept else {
            // The first record holds every account: each map of digests a sub-table after
            // its own lines, written as it goes (10,000 accounts are 20,000 lines), and the
            // blank line after the last.
            let maps_follow = !digests.is_empty();
            put(record_own_lines(record, maps_follow).as_bytes())?;
            let mut lines = String::with_capacity(64 * 1024);
            for which in [MapOf::Accounts, MapOf::Totp]
                .into_iter()
                .filter(|_| maps_follow)
            {
                lines.push_str(match which {
                    MapOf::Accounts => "\n[backups.accounts]\n",
                    MapOf::Totp => "\n[backups.totp]\n",
                });
                for account in digests {
                    let hex = which.hex_of(account);
                    push_digest_line(&mut lines, &account.name, as_text(&hex));
                    // Written out as the lines grow past 60 KiB.
                    if lines.len() >= 60 * 1024 {
                        put(lines.as_bytes())?;
                        lines.clear();
                    }
                }
            }
            put(lines.as_bytes())?;
            put(b"\n")?;
            put(self.sites.as_bytes())?;
            let digest = data_encoding::HEXLOWER.encode(&seal.finalize());
            return out.write_all(format!("{SEAL}{digest}\n").as_bytes());
        };
        // Chained to the last record kept: only what differs from what it holds.
        let chained: Vec<bool> = self.maps.iter().map(|m| m.chained).collect();
        let mut maps = [String::new(), String::new()];
        for (map, which) in [(0, MapOf::Accounts), (1, MapOf::Totp)] {
            let lines = &mut maps[map];
            let of: Vec<&DigestLines> = self.maps.iter().map(|m| which.of(m)).collect();
            let mut now = digests.iter().peekable();
            let walked = chain::walk_resolved(&of, &chained, |name, held| {
                // The accounts no record names, before this name.
                while let Some(account) = now.next_if(|account| &*account.name < name) {
                    push_digest_line(lines, &account.name, as_text(&which.hex_of(account)));
                }
                let this = now
                    .next_if(|account| &*account.name == name)
                    .map(|account| which.hex_of(account));
                let this = this.as_ref().map(as_text);
                push_change(lines, name, held[last_kept].as_deref(), this);
            });
            walked.ok_or_else(|| std::io::Error::other("a record's digest does not read"))?;
            for account in now {
                push_digest_line(lines, &account.name, as_text(&which.hex_of(account)));
            }
        }
        let [accounts, totp] = maps;
        let mut text = record_own_lines(record, !accounts.is_empty());
        push_maps(&mut text, &accounts, &totp);
        text.push('\n');
        put(text.as_bytes())?;
        put(self.sites.as_bytes())?;
        let digest = data_encoding::HEXLOWER.encode(&seal.finalize());
        out.write_all(format!("{SEAL}{digest}\n").as_bytes())
    }
}

/// Adds a record's maps' lines (`accounts`, `totp`: each empty, or its lines) to `text`, each
/// a sub-table under its header, as the model writes them.
fn push_maps(text: &mut String, accounts: &str, totp: &str) {
    for (header, lines) in [
        ("\n[backups.accounts]\n", accounts),
        ("\n[backups.totp]\n", totp),
    ] {
        if !lines.is_empty() {
            text.push_str(header);
            text.push_str(lines);
        }
    }
}

/// Adds the line `name = "digest"` of a record's map to `lines`, whatever the name and the
/// digest, as the model writes it.
fn push_map_line(lines: &mut String, name: &str, digest: &str) {
    if every_byte(digest.as_bytes(), |b| b.is_ascii_hexdigit()) && !digest.is_empty() {
        return push_digest_line(lines, name, digest);
    }
    push_key(
        lines,
        &serde_json::to_vec(name).expect("a string serialises"),
    );
    lines.push_str(" = ");
    push_inline(
        lines,
        &serde_json::to_vec(digest).expect("a string serialises"),
    );
    lines.push('\n');
}

/// Adds the line `name = "digest"` of a record's map to `lines`: a bare name and a digest in
/// hex as they are (what the general writing makes of them, without a JSON text of each of
/// the 20,000 made first): this is written once the digests are known, the last of a
/// backup's work.
fn push_digest_line(lines: &mut String, name: &str, hex: &str) {
    debug_assert!(every_byte(hex.as_bytes(), |b| b.is_ascii_hexdigit()));
    if !name.is_empty() && every_byte(name.as_bytes(), is_bare_key_byte) {
        lines.push_str(name);
    } else {
        push_key(
            lines,
            &serde_json::to_vec(name).expect("a string serialises"),
        );
    }
    lines.push_str(" = \"");
    lines.push_str(hex);
    lines.push_str("\"\n");
}

/// The table the lines being read belong to.
#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Place {
    #[default]
    Top,
    Account,
    Backup,
    /// `[backups.accounts]` or `[backups.totp]` of the current backup.
    BackupMap,
    Sites,
}

#[derive(Default)]
struct Reader {
    place: Place,
    version: Option<u32>,
    accounts: Vec<Account>,
    backups: Vec<BackupRecord>,
    sites: Option<BTreeMap<String, String>>,
    /// The JSON object being built for the current account or backup.
    json: Zeroizing<Vec<u8>>,
    /// Keys seen in the current backup map or the sites (TOML forbids a key twice; a JSON
    /// map would silently keep the last), each by a 64-bit hash of its decoded text
    /// ([`key_hash`]): a map of 10,000 accounts held 10,000 strings at a time for this alone.
    map_keys: HashSet<u64>,
    /// Sub-tables seen in the current backup.
    backup_maps: HashSet<String>,
    /// Each line of a backup's two maps is judged as the map would take it, and left out of
    /// its JSON: the record is read with both maps empty ([`read_with_empty_digests`]).
    digests_judged_only: bool,
}

impl Reader {
    /// This reader once it has read every line of `text` and closed its last table.
    fn read_all(mut self, text: &str) -> Option<Reader> {
        for line in text.split('\n') {
            self.line(line)?;
        }
        self.close()?;
        Some(self)
    }

    fn line(&mut self, line: &str) -> Option<()> {
        // Spaces are one byte: cut byte-wise (a char-wise trim decodes every line).
        let bytes = line.as_bytes();
        let start = bytes.iter().position(|b| *b != b' ').unwrap_or(bytes.len());
        let end = bytes
            .iter()
            .rposition(|b| *b != b' ')
            .map_or(start, |at| at + 1);
        let line = &line[start..end];
        if line.is_empty() {
            return Some(());
        }
        if let Some(comment) = line.strip_prefix('#') {
            // TOML allows no control character but tab in a comment.
            return comment
                .bytes()
                .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
                .then_some(());
        }
        if line.starts_with('[') {
            return self.header(line);
        }
        let (key, value) = split_key_value(line)?;
        match self.place {
            Place::Top => {
                if key != b"version" || self.version.is_some() {
                    return None;
                }
                let digits = std::str::from_utf8(value).ok()?;
                if digits.is_empty()
                    || digits.len() > 9
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || (digits.len() > 1 && digits.starts_with('0'))
                {
                    return None;
                }
                self.version = Some(digits.parse().ok()?);
            }
            Place::Account | Place::Backup | Place::BackupMap => {
                if self.place == Place::BackupMap && !self.map_keys.insert(key_hash(key)?) {
                    return None;
                }
                if self.place == Place::BackupMap && self.digests_judged_only {
                    return map_line_reads(key, value);
                }
                // The line's JSON is no longer than the line and a few bytes: room for it is
                // made first, so the buffer of secrets is not reallocated in place.
                reserve_wiping(&mut self.json, 2 * line.len() + 16);
                let room = self.json.capacity();
                if self.json.last() != Some(&b'{') {
                    self.json.push(b',');
                }
                push_json_key(&mut self.json, key);
                self.json.push(b':');
                let rest = toml_value_to_json(value, &mut self.json)?;
                if !rest.is_empty() {
                    return None;
                }
                debug_assert_eq!(self.json.capacity(), room, "a line outgrew its room");
            }
            Place::Sites => {
                let location = decoded_key(key)?;
                if !self.map_keys.insert(super::vault::text_hash(&location)) {
                    return None;
                }
                let mut json = Zeroizing::new(Vec::new());
                let rest = toml_value_to_json(value, &mut json)?;
                if !rest.is_empty() {
                    return None;
                }
                let site: String = serde_json::from_slice(&json).ok()?;
                self.sites.as_mut()?.insert(location, site);
            }
        }
        Some(())
    }

    fn header(&mut self, line: &str) -> Option<()> {
        reserve_wiping(&mut self.json, 64);
        match line {
            "[[accounts]]" => {
                self.close()?;
                self.place = Place::Account;
                self.json.push(b'{');
            }
            "[[backups]]" => {
                self.close()?;
                self.place = Place::Backup;
                self.json.push(b'{');
                self.backup_maps.clear();
            }
            "[backups.accounts]" | "[backups.totp]" => {
                if !matches!(self.place, Place::Backup | Place::BackupMap) {
                    return None;
                }
                let name = &line[9..line.len() - 1];
                if !self.backup_maps.insert(name.to_string()) {
                    return None;
                }
                if self.place == Place::BackupMap {
                    self.json.push(b'}');
                }
                if self.json.last() != Some(&b'{') {
                    self.json.push(b',');
                }
                self.json
                    .extend_from_slice(format!("\"{name}\":{{").as_bytes());
                self.map_keys.clear();
                self.place = Place::BackupMap;
            }
            "[sites]" => {
                self.close()?;
                if self.sites.is_some() {
                    return None;
                }
                self.sites = Some(BTreeMap::new());
                self.map_keys.clear();
                self.place = Place::Sites;
            }
            _ => return None,
        }
        Some(())
    }

    /// Ends the account or backup being read: its JSON object is read into the model.
    fn close(&mut self) -> Option<()> {
        reserve_wiping(&mut self.json, 2);
        match self.place {
            Place::Top | Place::Sites => {}
            Place::Account => {
                self.json.push(b'}');
                self.accounts.push(serde_json::from_slice(&self.json).ok()?);
            }
            Place::Backup | Place::BackupMap => {
                if self.place == Place::BackupMap {
                    self.json.push(b'}');
                }
                self.json.push(b'}');
                self.backups.push(serde_json::from_slice(&self.json).ok()?);
            }
        }
        self.json.zeroize_and_clear();
        Some(())
    }

    /// This reader's document followed by what `later` read (which started at a table's
    /// header line, so it read no version line): `None` where one reader reading both would
    /// have refused them, for a second `[sites]` table.
    fn then(mut self, mut later: Reader) -> Option<Reader> {
        if later.version.is_some() || (self.sites.is_some() && later.sites.is_some()) {
            return None;
        }
        self.accounts.append(&mut later.accounts);
        self.backups.append(&mut later.backups);
        self.sites = self.sites.or(later.sites.take());
        Some(self)
    }

    /// The vault read, once every table is closed.
    fn finish(mut self) -> Option<Vault> {
        Some(Vault {
            version: self.version?,
            accounts: std::mem::take(&mut self.accounts),
            backups: std::mem::take(&mut self.backups),
            sites: self.sites.take().unwrap_or_default(),
        })
    }
}

trait ZeroizeAndClear {
    fn zeroize_and_clear(&mut self);
}

impl ZeroizeAndClear for Zeroizing<Vec<u8>> {
    fn zeroize_and_clear(&mut self) {
        use zeroize::Zeroize;
        self.as_mut_slice().zeroize();
        self.clear();
    }
}

/// `key = value`: the key's text (bare, or a basic string with its quotes) and the value's.
fn split_key_value(line: &str) -> Option<(&[u8], &[u8])> {
    let bytes = line.as_bytes();
    let key_end = if bytes.first() == Some(&b'"') {
        string_end(bytes, 0)?
    } else {
        bytes.iter().position(|b| !is_bare_key_byte(*b))?
    };
    if key_end == 0 {
        return None;
    }
    let rest = bytes[key_end..].strip_prefix(b" = ")?;
    Some((&bytes[..key_end], rest))
}

/// The end (exclusive) of the basic string starting at `start`, checking that its escapes
/// mean the same in TOML and JSON and that it holds no raw control character.
pub(crate) fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        // The next quote or backslash, found many bytes at a time (a vault of 10,000 accounts
        // has 250,000 strings), and no raw control character before it (TOML allows tab, JSON
        // does not; JSON allows DEL, TOML does not): each byte looked at, none skipped.
        let at = i + super::search::find_either(bytes.get(i..)?, b'"', b'\\')?;
        if !every_byte(&bytes[i..at], |b| b >= 0x20 && b != 0x7f) {
            return None;
        }
        match bytes[at] {
            b'"' => return Some(at + 1),
            _ => i = at + escape_len(bytes, at)?,
        }
    }
}

/// How many bytes the escape whose backslash is at `i` takes: `None` for one that TOML and
/// JSON do not both read alike.
fn escape_len(bytes: &[u8], i: usize) -> Option<usize> {
    match *bytes.get(i + 1)? {
        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => Some(2),
        b'u' => {
            let hex = std::str::from_utf8(bytes.get(i + 2..i + 6)?).ok()?;
            let code = u32::from_str_radix(hex, 16).ok()?;
            // TOML takes Unicode scalar values only; JSON also takes halves of surrogate
            // pairs, which TOML refuses.
            if (0xD800..=0xDFFF).contains(&code) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            Some(6)
        }
        // \e, \xHH, \UXXXXXXXX and \/ are not escapes of both languages.
        _ => None,
    }
}

/// The key as a JSON string.
fn push_json_key(json: &mut Vec<u8>, key: &[u8]) {
    if key.first() == Some(&b'"') {
        json.extend_from_slice(key);
    } else {
        json.push(b'"');
        json.extend_from_slice(key);
        json.push(b'"');
    }
}

/// The hash of the key's text, unescaped ([`super::vault::text_hash`]), to tell keys apart
/// as TOML does (`a` and `"a"` are one key) without holding them: a bare key is hashed where
/// it is, without a copy.
fn key_hash(key: &[u8]) -> Option<u64> {
    Some(match key.first() {
        Some(b'"') => super::vault::text_hash(&decoded_key(key)?),
        _ => super::vault::text_hash(std::str::from_utf8(key).ok()?),
    })
}

/// The key's text, unescaped, to compare keys as TOML does (`a` and `"a"` are one key).
fn decoded_key(key: &[u8]) -> Option<String> {
    if key.first() == Some(&b'"') {
        serde_json::from_slice(key).ok()
    } else {
        String::from_utf8(key.to_vec()).ok()
    }
}

/// Translates one inline TOML value at the start of `value` into JSON; returns what follows
/// it. `None` for anything outside the canonical subset.
fn toml_value_to_json<'a>(value: &'a [u8], json: &mut Vec<u8>) -> Option<&'a [u8]> {
    value_to_json_within(value, json, MAX_DEPTH)
}

/// How deep values nest in what this module writes, with room to spare (a recovery code is
/// three deep: the set, its list, the code): deeper is not its layout, and is refused before
/// it could exhaust the stack.
const MAX_DEPTH: usize = 8;

/// [`toml_value_to_json`] of a value that may hold `depth` more levels inside it.
fn value_to_json_within<'a>(value: &'a [u8], json: &mut Vec<u8>, depth: usize) -> Option<&'a [u8]> {
    let depth = depth.checked_sub(1)?;
    match *value.first()? {
        b'"' => {
            let end = string_end(value, 0)?;
            json.extend_from_slice(&value[..end]);
            Some(&value[end..])
        }
        b'-' | b'0'..=b'9' => {
            let end = value
                .iter()
                .position(|b| !(b.is_ascii_digit() || *b == b'-'))
                .unwrap_or(value.len());
            let number = std::str::from_utf8(&value[..end]).ok()?;
            let digits = number.strip_prefix('-').unwrap_or(number);
            // TOML's integers: i64, no leading zero, no `-0` (JSON would read it as 0 too,
            // but keep to what this module writes), no `+`, `_`, hex or floats.
            if digits.is_empty()
                || !digits.bytes().all(|b| b.is_ascii_digit())
                || (digits.len() > 1 && digits.starts_with('0'))
                || number == "-0"
                || number.parse::<i64>().is_err()
            {
                return None;
            }
            json.extend_from_slice(number.as_bytes());
            Some(&value[end..])
        }
        b't' if value.starts_with(b"true") => {
            json.extend_from_slice(b"true");
            Some(&value[4..])
        }
        b'f' if value.starts_with(b"false") => {
            json.extend_from_slice(b"false");
            Some(&value[5..])
        }
        b'[' => {
            json.push(b'[');
            let mut rest = skip_spaces(&value[1..]);
            let mut first = true;
            loop {
                if let Some(after) = rest.strip_prefix(b"]") {
                    json.push(b']');
                    return Some(after);
                }
                if !first {
                    json.push(b',');
                }
                first = false;
                rest = value_to_json_within(rest, json, depth)?;
                rest = skip_spaces(rest);
                if let Some(after) = rest.strip_prefix(b",") {
                    rest = skip_spaces(after);
                    // A trailing comma: TOML allows it in arrays, JSON does not.
                    if let Some(after) = rest.strip_prefix(b"]") {
                        json.push(b']');
                        return Some(after);
                    }
                } else if !rest.starts_with(b"]") {
                    return None;
                }
            }
        }
        b'{' => {
            json.push(b'{');
            let mut rest = skip_spaces(&value[1..]);
            if let Some(after) = rest.strip_prefix(b"}") {
                json.push(b'}');
                return Some(after);
            }
            // The keys seen, to refuse one twice as TOML does. An inline table mfa-kit writes
            // has a few bare keys (a recovery code's is `{ code = "..." }`): those are
            // compared as written, without allocating, and quoted ones as what they spell.
            let mut bare_keys: [&[u8]; 4] = [b""; 4];
            let mut bare_count = 0;
            let mut other_keys = HashSet::new();
            loop {
                let key_end = if rest.first() == Some(&b'"') {
                    string_end(rest, 0)?
                } else {
                    rest.iter().position(|b| !is_bare_key_byte(*b))?
                };
                if key_end == 0 {
                    return None;
                }
                let key = &rest[..key_end];
                let bare = key[0] != b'"';
                if bare && bare_count < bare_keys.len() && other_keys.is_empty() {
                    if bare_keys[..bare_count].contains(&key) {
                        return None;
                    }
                    bare_keys[bare_count] = key;
                    bare_count += 1;
                } else {
                    if other_keys.is_empty() {
                        for seen in &bare_keys[..bare_count] {
                            other_keys.insert(decoded_key(seen)?);
                        }
                    }
                    if !other_keys.insert(decoded_key(key)?) {
                        return None;
                    }
                }
                push_json_key(json, key);
                json.push(b':');
                rest = skip_spaces(&rest[key_end..]).strip_prefix(b"=")?;
                rest = value_to_json_within(skip_spaces(rest), json, depth)?;
                rest = skip_spaces(rest);
                if let Some(after) = rest.strip_prefix(b"}") {
                    json.push(b'}');
                    return Some(after);
                }
                rest = skip_spaces(rest.strip_prefix(b",")?);
                json.push(b',');
            }
        }
        _ => None,
    }
}

/// Panics if the fast reader accepts `text` and the general TOML parser reads it otherwise
/// (or refuses it): the differential check the fuzz target and the tests run.
pub fn check_against_toml(text: &str) {
    // Cut in two at any account table's header line, the document reads as it reads whole.
    let whole = read_part(text).and_then(Reader::finish);
    assert!(
        read_in_two(text) == whole,
        "the document read in two halves from its middle differs"
    );
    for (at, _) in text.match_indices("\n[[accounts]]\n") {
        assert!(
            read_split_at(text, at + 1) == whole,
            "the document read in two halves differs"
        );
    }
    if let Some(fast) = read(text) {
        match toml::from_str::<Vault>(text) {
            Ok(general) => assert!(fast == general, "the two readers disagree"),
            Err(e) => panic!("the fast reader accepts what TOML refuses: {e}"),
        }
    }
    check_read_alone(text, true);
}

/// Panics where an account read alone ([`Vault::account_from_toml`]), or every account read a
/// table at a time ([`Vault::accounts_of_toml`]), is not what the whole document reads; with
/// `sealed_by_mfa_kit`, also where one is read alone from a document that does not read whole.
/// A seal forged over a document damaged elsewhere (by someone who can re-encrypt the vault,
/// and so could write any vault) lets a table be read alone that the whole read refuses: that
/// is the one thing such a document can do.
pub fn check_read_alone(text: &str, sealed_by_mfa_kit: bool) {
    let whole = Vault::from_toml(text).ok();
    check_lone_accounts(text, whole.as_ref(), sealed_by_mfa_kit);
    // Every part of the document is read when its accounts are read a table at a time: that
    // read never succeeds where the whole read fails, whoever sealed the document.
    if let Some(alone) = Vault::accounts_of_toml(text, |account| account.clone()) {
        let whole = whole
            .as_ref()
            .expect("a document read a table at a time reads whole");
        assert!(alone == whole.accounts, "the accounts read alone differ");
    }
    check_tables_read_without_the_reader(text, sealed_by_mfa_kit);
    check_record_without_model(text, whole.as_ref(), sealed_by_mfa_kit);
    check_rest_a_table_at_a_time(text, whole.as_ref());
    check_read_with_empty_digests(text);
    super::edit::check_edits_without_model(text, whole.as_ref(), sealed_by_mfa_kit);
    check_digests_in_text(text, whole.as_ref(), sealed_by_mfa_kit);
    check_records_changed_without_model(text, whole.as_ref(), sealed_by_mfa_kit);
}

/// Each account table read without the TOML reader ([`super::material::table_account`]) is
/// the account the model's reader reads from it, or is not read (and with `sealed_by_mfa_kit`,
/// every table mfa-kit wrote is read).
fn check_tables_read_without_the_reader(text: &str, sealed_by_mfa_kit: bool) {
    let Some(tables) = account_tables(text) else {
        return;
    };
    for index in 0..tables.len() {
        let by_reader = super::vault::account_of_table_by_reader(&tables, index);
        match super::vault::account_of_table_without_reader(&tables, index) {
            Some(account) => assert!(
                by_reader.as_ref() == Some(&account),
                "table {index} read without the reader as {account:?}, by it as {by_reader:?}"
            ),
            None => assert!(
                !sealed_by_mfa_kit || by_reader.is_none(),
                "table {index}, as mfa-kit writes it, not read without the reader"
            ),
        }
        // The name and places an audit reads first are those of the account read.
        let named = super::vault::name_and_places_of_table(&tables, index)
            .map(|(name, places)| (name, places.into_iter().collect()));
        let of_account = by_reader.map(|account| {
            let places: std::collections::BTreeSet<String> =
                account.locations().map(str::to_string).collect();
            (account.name, places)
        });
        assert!(
            named == of_account,
            "table {index}: name and places {named:?}, of the account read {of_account:?}"
        );
    }
}

/// Records changed in the text ([`AccountTables::with_records_changed`]) read as the model
/// so changed, and with `sealed_by_mfa_kit`, are its very text: every other record drilled,
/// its own lines written anew.
fn check_records_changed_without_model(text: &str, whole: Option<&Vault>, sealed_by_mfa_kit: bool) {
    let Some(sealed) = super::edit::SealedAccounts::of_toml(text) else {
        return;
    };
    let mut at = 0;
    let drill = |record: &mut BackupRecord, at: usize| {
        let drilled = at.is_multiple_of(2).then_some(1_800_000_123);
        let changed = record.drilled != drilled && drilled.is_some();
        if changed {
            record.drilled = drilled;
        }
        changed
    };
    let Some(with) = sealed.records_changed(|record| {
        at += 1;
        drill(record, at - 1)
    }) else {
        assert!(!sealed_by_mfa_kit, "records not changed in the text");
        return;
    };
    let whole = whole.expect("records changed in the text read whole");
    let mut expected = whole.clone();
    for (at, record) in expected.backups.iter_mut().enumerate() {
        drill(record, at);
    }
    assert_written_as_the_model(
        |out| with.write_to(out),
        &expected,
        sealed_by_mfa_kit,
        "records changed in the text",
    );
}

/// Panics unless what `write` writes is a sealed document that reads as `expected` does, and
/// with `sealed_by_mfa_kit` (the document it was changed from was mfa-kit's own), is the very
/// text the model writes: `what` says which change without the model it is.
pub(crate) fn assert_written_as_the_model(
    write_document: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    expected: &Vault,
    sealed_by_mfa_kit: bool,
    what: &str,
) {
    let mut written = Vec::new();
    write_document(&mut written).expect("writing to memory cannot fail");
    let written = String::from_utf8(written).expect("the document is UTF-8");
    assert!(sealed_body(&written).is_some(), "{what}: not sealed");
    let read = Vault::from_toml(&written)
        .unwrap_or_else(|e| panic!("{what}: the changed document reads: {e:?}"));
    let mut expected_read = Vault::from_toml(&expected.to_toml()).expect("the model reads");
    expected_read.version = read.version;
    assert!(read == expected_read, "{what}: differs from the model's");
    if sealed_by_mfa_kit {
        assert!(
            written == *write(expected, expected.format_version()),
            "{what}: not the model's very text"
        );
    }
}

/// Each account read with the rest ([`Vault::accounts_with_rest_of_toml`]) is given the
/// records as the whole document has them, with the digests of that account alone; and the
/// digests of a document as mfa-kit wrote it are looked up in its text.
fn check_digests_in_text(text: &str, whole: Option<&Vault>, sealed_by_mfa_kit: bool) {
    let Some((rest, rows)) = Vault::accounts_with_rest_of_toml(text, |rest, account| {
        (account.clone(), rest.backups.clone(), rest.sites.clone())
    }) else {
        return;
    };
    let whole = whole.expect("a document read with its rest reads whole");
    let of_one = |backups: &[BackupRecord], name: &str| {
        let mut backups = backups.to_vec();
        for record in &mut backups {
            record.accounts.retain(|held, _| held == name);
            record.totp.retain(|held, _| held == name);
        }
        backups
    };
    let in_text = account_tables(text)
        .and_then(|tables| tables.rest_with_digests_in_text())
        .is_some();
    assert!(
        in_text || !sealed_by_mfa_kit,
        "mfa-kit's own records are not looked up in the text"
    );
    assert!(rows.len() == whole.accounts.len());
    for ((account, backups, sites), expected) in rows.iter().zip(&whole.accounts) {
        assert!(account == expected, "an account read with the rest differs");
        // Read whole, the rest holds every digest.
        let expected = match in_text {
            true => of_one(&whole.backups, &account.name),
            false => whole.backups.clone(),
        };
        assert!(
            *backups == expected,
            "the records given with an account differ"
        );
        assert!(*sites == whole.sites, "the sites differ");
    }
    if in_text {
        assert!(
            rest.backups == of_one(&whole.backups, ""),
            "the records returned differ"
        );
    }
}

/// [`read_with_empty_digests`] reads what [`read`] reads, the same but for the digests, and
/// refuses what it refuses.
fn check_read_with_empty_digests(text: &str) {
    let lean = read_with_empty_digests(text);
    match read(text) {
        None => assert!(lean.is_none(), "read with empty digests, refused whole"),
        Some(mut full) => {
            for record in &mut full.backups {
                record.accounts.clear();
                record.totp.clear();
            }
            assert!(lean == Some(full), "read with empty digests differently");
        }
    }
}

/// What the tables below the accounts pass one at a time, the whole document passes, with the
/// same records in the same order.
fn check_rest_a_table_at_a_time(text: &str, whole: Option<&Vault>) {
    let Some(tables) = account_tables(text) else {
        return;
    };
    let Some(by_parts) = tables.rest_a_table_at_a_time() else {
        return;
    };
    let Some(Ok(rest)) = Vault::from_canonical_toml(&tables.rest_document()) else {
        panic!("the rest passed a table at a time, and not whole");
    };
    assert!(rest.accounts.is_empty());
    assert!(
        files_and_places(rest.backups) == by_parts,
        "the records read a table at a time differ"
    );
    if let Some(whole) = whole {
        assert!(
            files_and_places(whole.backups.clone()) == by_parts,
            "the records differ from the whole document's"
        );
    }
}

/// [`check_read_alone`] of `body` sealed as mfa-kit seals a document, as a forger could: for
/// a fuzzer, which cannot find a seal by itself, to reach the readers that need one.
pub fn check_resealed(body: &str) {
    check_read_alone(&resealed(body), false);
}

/// `body` with the seal mfa-kit writes under it.
pub(crate) fn resealed(body: &str) -> String {
    let digest = data_encoding::HEXLOWER.encode(&Sha256::digest(body.as_bytes()));
    format!("{body}{SEAL}{digest}\n")
}

/// Panics where a backup recorded without the model differs from one recorded in it: the
/// digests read from the account tables ([`super::material::sealed_material`]) are not the
/// model's, or the document with a record added ([`AccountTables::with_record`]) does not
/// read as the model with that record added (with `sealed_by_mfa_kit`, is not the very text
/// the model writes). Both a record of a new file and one that replaces a recorded file are
/// added.
pub fn check_record_without_model(text: &str, whole: Option<&Vault>, sealed_by_mfa_kit: bool) {
    use super::backup::{MAX_BACKUP_RECORDS, add_record, digests, totp_digests};
    let Some(tables) = account_tables(text) else {
        return;
    };
    let read = super::material::sealed_material(&tables, Vec::new, |paths, account, path| {
        paths.push((account.to_string(), path.to_string()))
    });
    let (material, key_paths) = match read {
        Some((material, [first, second])) => {
            let paths: Vec<_> = first.into_iter().chain(second).collect();
            (Some(material), paths)
        }
        None => (None, Vec::new()),
    };
    let Some(whole) = whole else {
        // The model refuses the document: a backup must go the model's way, and be refused.
        if let Some(material) = material {
            let (accounts, totp) = material.maps();
            let record = BackupRecord {
                created: 1_800_000_000,
                file: "/new/backup.age".into(),
                written_on: "laptop".into(),
                at: "shelf".into(),
                passphrase: false,
                recipients: vec![],
                key_at: vec!["laptop".into()],
                accounts,
                totp,
                sha256: None,
                gone: None,
                drilled: None,
                paper: false,
                threshold: None,
            };
            assert!(
                tables
                    .with_record(&record.file, &record.at, MAX_BACKUP_RECORDS)
                    .is_none(),
                "a document the model refuses is recorded in without it"
            );
        }
        return;
    };
    let Some(material) = material else {
        assert!(
            !sealed_by_mfa_kit,
            "mfa-kit's own tables are read without the model"
        );
        return;
    };
    let (accounts, totp) = material.maps();
    assert!(accounts == digests(whole), "the digests differ");
    assert!(totp == totp_digests(whole), "the TOTP digests differ");
    let whole_key_paths: Vec<(String, String)> = whole
        .accounts
        .iter()
        .flat_map(|a| a.ssh_keys.iter().map(|k| (a.name.clone(), k.path.clone())))
        .collect();
    assert!(key_paths == whole_key_paths, "the SSH key files differ");
    assert!(
        material.hotp == whole.accounts.iter().any(Account::is_hotp),
        "the versions differ"
    );
    let recorded = whole
        .backups
        .first()
        .map(|b| (b.file.clone(), b.at.clone()));
    let replacing = recorded.unwrap_or(("/media/usb/b.age".into(), "usb-safe".into()));
    for (file, at) in [
        ("/new/backup.age".to_string(), "shelf".to_string()),
        replacing,
    ] {
        let mut record = whole
            .backups
            .first()
            .cloned()
            .unwrap_or_else(|| BackupRecord {
                created: 1_800_000_000,
                written_on: "laptop".into(),
                recipients: vec!["age1recipient".into()],
                key_at: vec!["laptop".into()],
                ..BackupRecord::default()
            });
        (record.file, record.at) = (file, at);
        record.accounts = accounts.clone();
        record.totp = totp.clone();
        record.sha256 = Some("ab".repeat(32));
        let mut expected = whole.clone();
        add_record(&mut expected, record.clone());
        let Some(with) = tables.with_record(&record.file, &record.at, MAX_BACKUP_RECORDS) else {
            // Only past the most records does mfa-kit's own text need the model.
            assert!(
                !sealed_by_mfa_kit || whole.backups.len() + 1 > MAX_BACKUP_RECORDS,
                "a record was not added without the model"
            );
            continue;
        };
        // As a backup writes it: the record's maps empty, the digests given as read.
        let without_maps = BackupRecord {
            accounts: BTreeMap::new(),
            totp: BTreeMap::new(),
            ..record
        };
        assert_written_as_the_model(
            |out| with.write_to(out, &without_maps, &material.digests),
            &expected,
            sealed_by_mfa_kit,
            "a record added with the digests read from the tables",
        );
    }
}

/// Panics if an account read alone ([`Vault::account_from_toml`]) is not the account of
/// exactly that name in the whole document, for every name the text spells (in a string or
/// not) and its upper-case form. See [`check_read_alone`].
fn check_lone_accounts(text: &str, whole: Option<&Vault>, sealed_by_mfa_kit: bool) {
    for (at, _) in text.match_indices("name = \"") {
        let quoted = &text[at + 7..];
        let Some(end) = string_end(quoted.as_bytes(), 0) else {
            continue;
        };
        let Ok(name) = serde_json::from_str::<String>(&quoted[..end]) else {
            continue;
        };
        for name in [name.clone(), name.to_uppercase()] {
            if let Some(alone) = Vault::account_from_toml(text, &name) {
                let Some(whole) = whole else {
                    assert!(!sealed_by_mfa_kit, "a document read alone reads whole");
                    continue;
                };
                let same = whole.accounts.iter().find(|a| a.name == name);
                assert!(same == Some(&alone), "the account read alone differs");
            }
        }
    }
}

fn skip_spaces(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != b' ').unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::recovery::PathKind;
    use crate::core::secret::SecretString;
    use crate::core::vault::tests::{sample_account, sample_record};
    use crate::core::vault::{DeclaredPath, LiveCheck, RecoveryCode, RecoveryCodes, SshKey};

    /// A vault with every field the model has, and text that needs escaping.
    pub(crate) fn sample_vault() -> Vault {
        let mut vault = Vault::new();
        for name in ["github", "gitlab", "my bank", "ünïcode \"quoted\" \\ back"] {
            let mut account = sample_account(name);
            account.issuer = Some(format!("{name} issuer"));
            vault.accounts.push(account);
        }
        let full = &mut vault.accounts[0];
        full.last_verified = Some(1_800_000_000);
        full.last_step = Some(60_000_000);
        full.renamed_from = vec!["old-github".into()];
        full.recovery_codes = Some(RecoveryCodes {
            at: vec!["paper-drawer".into(), "safe".into()],
            added: 1_790_000_000,
            codes: vec![
                RecoveryCode {
                    code: SecretString::from("aaaa-bbbb"),
                    used: None,
                },
                RecoveryCode {
                    code: SecretString::from("cccc-dddd"),
                    used: Some(1_795_000_000),
                },
            ],
        });
        full.ssh_keys.push(SshKey {
            fingerprint: "SHA256:abc".into(),
            algorithm: "ssh-ed25519".into(),
            path: "/home/me/.ssh/id".into(),
            at: "laptop".into(),
            added: 1,
            private_key: Some(SecretString::from("-----BEGIN-----\nline\n-----END-----\n")),
            host: Some("git@github.com".into()),
            live: Some(LiveCheck {
                checked: 2,
                state: "live".into(),
                last_success: Some(2),
            }),
        });
        full.paths.push(DeclaredPath {
            kind: PathKind::SecurityKey,
            at: "keychain".into(),
            note: Some("the blue one".into()),
        });
        vault.accounts[1].counter = Some(i64::MAX as u64);
        let mut record = sample_record(
            "/media/usb/b.age",
            "usb-safe",
            &["paper-wallet"],
            &[("github", "00ff"), ("my bank", "11ee")],
        );
        record.totp.insert("github".into(), "abcd".into());
        record.sha256 = Some("ff".repeat(32));
        record.threshold = Some(2);
        vault.backups.push(record);
        vault.backups.push(sample_record("-", "laptop", &[], &[]));
        vault.sites.insert("laptop".into(), "home".into());
        vault.sites.insert("odd place".into(), "home".into());
        vault
    }

    /// `text` with the lines of `moved` put at its end.
    fn at_the_end(text: &str, moved: std::ops::Range<usize>) -> String {
        format!(
            "{}{}{}",
            &text[..moved.start],
            &text[moved.end..],
            &text[moved]
        )
    }

    #[test]
    fn a_record_read_with_empty_digests_refuses_what_the_model_refuses() {
        let record = "version = 2\n\n[[backups]]\ncreated = 1\nfile = \"/b.age\"\n\
                      written_on = \"laptop\"\nat = \"usb\"\nkey_at = [\"paper\"]\n\n\
                      [backups.accounts]\n";
        let good = format!("{record}github = \"00ff\"\n\"my bank\" = \"11ee\"\n");
        let read_lean = read_with_empty_digests(&good).expect("a record as mfa-kit writes it");
        assert!(read_lean.backups[0].accounts.is_empty());
        assert_eq!(read(&good).unwrap().backups[0].accounts.len(), 2);
        check_read_with_empty_digests(&good);
        for bad in [
            "github = 7\n",
            "github = \"\\uD800\"\n",
            "github = \"00\"\ngithub = \"11\"\n",
            "\"git\\qhub\" = \"00\"\n",
            "github = [\"00\"]\n",
            "github = \"00\" # a comment\n",
        ] {
            let text = format!("{record}{bad}");
            assert!(read_with_empty_digests(&text).is_none(), "{bad}");
            check_read_with_empty_digests(&text);
        }
    }

    #[test]
    fn the_tables_below_the_accounts_are_judged_one_at_a_time_as_the_whole_is() {
        let text = sample_vault().to_toml();
        let tables = account_tables(&text).expect("sealed by mfa-kit");
        let records: Vec<(String, String, u64)> = sample_vault()
            .backups
            .into_iter()
            .map(|b| (b.file, b.at, b.created))
            .collect();
        assert_eq!(
            records
                .iter()
                .map(|(file, at, _)| (file.as_str(), at.as_str()))
                .collect::<Vec<_>>(),
            [("/media/usb/b.age", "usb-safe"), ("-", "laptop")]
        );
        assert_eq!(tables.below_tables().len(), 3, "two records and the sites");
        assert_eq!(
            tables.rest_a_table_at_a_time().as_deref(),
            Some(&records[..])
        );
        check_read_alone(&text, true);

        // The sites above the records: each table still reads alone as in the whole.
        let body = sealed_body(&text).unwrap();
        let sites_at = body.find("[sites]\n").unwrap();
        let first_record = body.find("[[backups]]\n").unwrap();
        let moved = resealed(&at_the_end(body, first_record..sites_at));
        let tables = account_tables(&moved).expect("resealed");
        assert_eq!(
            tables.rest_a_table_at_a_time().as_deref(),
            Some(&records[..])
        );
        check_read_alone(&moved, false);

        // A record's sub-table below the sites belongs to the record above the sites in the
        // whole document, to nothing alone: not judged a table at a time, but whole.
        let totp_at = body.find("[backups.totp]\n").unwrap();
        let totp_end = totp_at + body[totp_at..].find("\n\n").unwrap() + 2;
        let orphan = resealed(&at_the_end(body, totp_at..totp_end));
        let tables = account_tables(&orphan).expect("resealed");
        assert_eq!(tables.rest_a_table_at_a_time(), None);
        check_read_alone(&orphan, false);
    }

    #[test]
    fn a_name_is_taken_as_written_only_where_nothing_in_it_is_escaped() {
        use crate::core::vault::tests::sample_account;
        let mut vault = Vault::new();
        for name in ["plain name", "quote \" in it", "back\\slash", "tab\there"] {
            vault.insert(sample_account(name)).unwrap();
        }
        let text = vault.to_toml();
        let tables = account_tables(&text).unwrap();
        let written: Vec<Option<&str>> = (0..tables.len())
            .map(|at| tables.name_as_written(at))
            .collect();
        assert_eq!(written, [Some("plain name"), None, None, None]);
    }

    #[test]
    fn digests_are_looked_up_in_the_text_only_where_it_keeps_them_as_the_model_does() {
        use crate::core::vault::tests::{sample_account, sample_record};
        let mut vault = Vault::new();
        for name in ["alpha", "beta", "gamma delta"] {
            vault.insert(sample_account(name)).unwrap();
        }
        let holds = [("alpha", "a1"), ("beta", "b1"), ("gamma delta", "c1")];
        let mut record = sample_record("/b/1.age", "usb", &["safe"], &holds);
        record.totp = record.accounts.clone();
        vault.backups.push(record);
        let text = vault.to_toml();
        let tables = account_tables(&text).unwrap();
        let (rest, digests) = tables
            .rest_with_digests_in_text()
            .expect("as mfa-kit wrote it");
        assert!(rest.backups[0].accounts.is_empty());
        assert_eq!(digests[0].accounts.get("beta").as_deref(), Some("b1"));
        assert_eq!(digests[0].totp.get("gamma delta").as_deref(), Some("c1"));
        assert_eq!(digests[0].accounts.get("Beta"), None);
        check_read_alone(&text, true);
        let body = sealed_body(&text).unwrap();

        // Two lines of a map swapped: the model reads the same map, but a lookup in the text
        // would miss; the rest is read whole instead.
        let swapped = resealed(&body.replacen(
            "alpha = \"a1\"\nbeta = \"b1\"\n",
            "beta = \"b1\"\nalpha = \"a1\"\n",
            1,
        ));
        assert_ne!(swapped, *text);
        let tables = account_tables(&swapped).unwrap();
        assert!(tables.rest_with_digests_in_text().is_none());
        check_read_alone(&swapped, false);

        // A map written inline among the record's lines: no sub-table to look it up in.
        let map_at = body.find("\n[backups.accounts]\n").unwrap();
        let map_end = map_at + 1 + body[map_at + 1..].find("\n\n").unwrap() + 1;
        let inline = body[..map_at].replace(
            "key_at = [\"safe\"]\n",
            "key_at = [\"safe\"]\n\"accounts\" = { alpha = \"a1\", beta = \"b1\" }\n",
        ) + &body[map_end..];
        let inline = resealed(&inline);
        assert!(Vault::from_toml(&inline).is_ok());
        let tables = account_tables(&inline).unwrap();
        assert!(tables.rest_with_digests_in_text().is_none());
        check_read_alone(&inline, false);
    }

    #[test]
    fn a_rename_onto_a_name_only_a_record_holds_is_written_as_the_model_writes_it() {
        use crate::core::vault::tests::{sample_account, sample_record};
        // `a` was removed after the first backup; `b` takes its name: the maps that held
        // `a` alone are left empty, which the model writes otherwise.
        let mut vault = Vault::new();
        vault.accounts.push(sample_account("b"));
        let mut first = sample_record("/f1.age", "usb", &["laptop"], &[("a", "aa"), ("b", "bb")]);
        first.totp = first.accounts.clone();
        let mut second = sample_record("/f2.age", "shelf", &["laptop"], &[("b", "bb")]);
        second.totp = second.accounts.clone();
        vault.backups = vec![first, second];
        check_read_alone(&write(&vault, vault.format_version()), true);
        let mut one = vault.clone();
        one.backups.truncate(1);
        one.backups[0].accounts.remove("b");
        one.backups[0].totp.remove("b");
        check_read_alone(&write(&one, one.format_version()), true);
    }

    #[test]
    fn whole_records_an_earlier_build_wrote_read_as_they_did_and_are_written_chained() {
        let mut vault = sample_vault();
        let digests = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let both = digests(&[("github", "d1"), ("gitlab", "d2")]);
        vault.backups[0].accounts = both.clone();
        vault.backups[1].accounts = both;
        let mut third = vault.backups[1].clone();
        third.file = "/b/third.age".into();
        third.accounts = digests(&[("github", "d3")]);
        vault.backups.push(third);
        // As builds before version 4 wrote it: every record whole, version 3.
        let old = write(&vault, HOTP_FORMAT_VERSION);
        assert_eq!(old.matches("\ngithub = \"d").count(), 3);
        let read = Vault::from_toml(&old).unwrap();
        assert_eq!(read.backups, vault.backups);
        // Not as this build writes it: each command leaves it to the model, which reads it so.
        assert!(super::super::edit::SealedAccounts::of_toml(&old).is_none());
        check_read_alone(&old, false);
        // Written again, chained: the second record names nothing, the third what changed.
        let new = read.to_toml();
        assert!(new.contains("\nversion = 4\n"));
        assert_eq!(new.matches("\ngithub = \"d").count(), 2);
        assert!(new.contains("\ngitlab = \"\"\n"));
        assert_eq!(Vault::from_toml(&new).unwrap(), read);
        check_read_alone(&new, true);
    }

    #[test]
    fn what_is_written_reads_back_the_same_by_both_readers() {
        let vault = sample_vault();
        let version = vault.format_version();
        assert_eq!(version, CHAINED_FORMAT_VERSION, "two records");
        let text = write(&vault, version);
        let mut general: Vault = toml::from_str(&text).expect("valid TOML");
        let mut fast = read(&text).expect("the canonical layout");
        for read in [&mut general, &mut fast] {
            assert_eq!(read.version, version);
            // The second record holds what changed since the first: it holds none of the
            // accounts the first holds.
            let second = &read.backups[1].accounts;
            assert!(!second.is_empty() && second.values().all(|digest| digest == NOT_HELD));
            chain::unchain(&mut read.backups);
            read.version = vault.version;
        }
        assert_eq!(general, vault);
        assert_eq!(fast, vault);
        // One line a recovery-code set, not a table a code.
        assert!(!text.contains("[[accounts.recovery_codes"), "{}", &*text);
    }

    /// `body` with the seal mfa-kit would write under it.

    #[test]
    fn one_account_is_read_alone_only_by_its_exact_name() {
        let vault = sample_vault();
        let text = write(&vault, vault.format_version());
        let body = sealed_body(&text).expect("mfa-kit seals what it writes");
        assert_eq!(resealed(body), *text);
        for account in &vault.accounts {
            let alone = lone_account(&text, &account.name).expect("found alone");
            assert_eq!(alone.matches("[[accounts]]").count(), 1, "{}", &*alone);
            assert_eq!(
                Vault::account_from_toml(&text, &account.name).as_ref(),
                Some(account)
            );
        }
        // Another case, an unknown name, a prefix: the whole document is read instead.
        for name in ["GitHub", "nobody", "git", "ünïcode"] {
            assert!(lone_account(&text, name).is_none(), "{name}");
        }
        // Sealed again after an edit, a name twice, or a table this module does not write
        // after the account's, is still the whole reader's to judge.
        let block = &body[body.find("[[accounts]]").unwrap()
            ..body.find("\n[[accounts]]\nname = \"gitlab\"").unwrap()];
        let twice = resealed(&format!("{body}{block}\n"));
        assert!(lone_account(&twice, "github").is_none());
        let sub_table = resealed(&body.replacen(
            "\n[[accounts]]\nname = \"gitlab\"",
            "\n[accounts.extra]\nx = 1\n\n[[accounts]]\nname = \"gitlab\"",
            1,
        ));
        assert!(lone_account(&sub_table, "github").is_none());
        assert!(lone_account(&sub_table, "gitlab").is_some());
        assert!(lone_account(&resealed(&body.replacen("version = 4", "", 1)), "github").is_none());
    }

    /// What TOML lets a hand edit do and a search for the account's header would misread: a
    /// table far below that belongs to the last account, a multi-line string that spells an
    /// account. Unsealed (or with a seal that no longer matches), the document is read whole.
    #[test]
    fn a_hand_edited_document_is_never_read_one_account_alone() {
        let mut vault = sample_vault();
        vault.sites.insert("keychain".into(), "home".into());
        let text = write(&vault, vault.format_version());
        let last = &vault.accounts.last().unwrap().name;
        let late_codes = format!(
            "{}\n[accounts.recovery_codes]\nat = []\nadded = 1\ncodes = [{{ code = \"x\" }}]\n",
            sealed_body(&text).unwrap()
        );
        let whole = Vault::from_toml(&late_codes).expect("valid TOML");
        assert!(whole.account(last).unwrap().recovery_codes.is_some());
        for edited in [
            late_codes.clone(),
            format!("{late_codes}{}", &text[text.rfind(SEAL).unwrap()..]),
        ] {
            assert!(lone_account(&edited, last).is_none());
        }
        let ghost = text.replacen(
            "version = 3\n",
            "version = 3\nnote = \"\"\"\n[[accounts]]\nname = \"ghost\"\nsecret = \"JBSWY3DPEHPK3PXP\"\n\"\"\"\n",
            1,
        );
        assert!(lone_account(&ghost, "ghost").is_none());
        // Sealed again by hand (the seal is a plain hash): the string is still not an account,
        // in a basic multi-line string or a literal one.
        let ghost_body = sealed_body(&text).unwrap().replacen(
            "label = \"alice@example.com\"\n",
            "label = \"\"\"\n[[accounts]]\nname = \"ghost\"\nsecret = \"JBSWY3DPEHPK3PXP\"\n\"\"\"\n",
            1,
        );
        for body in [ghost_body.clone(), ghost_body.replace("\"\"\"", "'''")] {
            let resealed = resealed(&body);
            assert!(
                Vault::from_toml(&resealed)
                    .unwrap()
                    .account("ghost")
                    .is_none()
            );
            assert!(lone_account(&resealed, "ghost").is_none());
            assert!(Vault::account_from_toml(&resealed, "ghost").is_none());
        }
        check_against_toml(&ghost);
        check_against_toml(&late_codes);
    }

    /// A document large enough to be written and read on two threads is what one thread
    /// writes, and reads as one reader reads it; a second `[sites]` table in the other half is
    /// refused as one reader refuses it.
    #[test]
    fn a_large_document_is_written_and_read_in_two_halves_as_one_thread_would() {
        let mut vault = sample_vault();
        vault.sites.insert("keychain".into(), "home".into());
        let first = vault.accounts[0].clone();
        for i in 0..2_000 {
            let mut account = first.clone();
            account.name = format!("copy {i}");
            vault.accounts.push(account);
        }
        let text = write(&vault, vault.format_version());
        assert!(text.len() >= READ_IN_TWO_FROM);
        // Every account table, in order, as one thread writes them, and sealed.
        let (mut tables, mut json) = (Zeroizing::new(String::new()), Zeroizing::new(Vec::new()));
        for account in &vault.accounts {
            push_table(account, "accounts", false, &mut tables, &mut json);
        }
        assert!(text.contains(tables.as_str()));
        assert!(sealed_body(&text).is_some());
        let read_whole = read_part(&text).and_then(Reader::finish);
        assert!(read_whole.is_some());
        assert!(read(&text) == read_whole);
        assert_eq!(read(&text).unwrap().accounts, vault.accounts);
        // The sites in the first half, and again at the end.
        let middle = header_after_middle(&text).unwrap() - 1;
        let mut two_sites = text.to_string();
        let sites = "[sites]\nsafe = \"bank\"\n\n";
        two_sites.insert_str(middle + 1, sites);
        assert!(read_part(&two_sites).is_none());
        assert!(read_split_at(&two_sites, middle + 1 + sites.len()).is_none());
        assert!(read(&two_sites).is_none());
    }

    /// Text pushed past a buffer's capacity moves to a larger buffer, whole and in order.
    #[test]
    fn text_pushed_past_capacity_moves_whole_to_a_larger_buffer() {
        let mut text = Zeroizing::new(String::with_capacity(4));
        let mut expected = String::new();
        for piece in ["ab", "cdé", "", "fghijklmnop", "q"] {
            let before = text.capacity();
            reserve_wiping_text(&mut text, piece.len());
            text.push_str(piece);
            expected.push_str(piece);
            assert_eq!(text.as_str(), expected);
            assert!(text.capacity() == before || text.capacity() >= 2 * before);
        }
    }

    /// The middle of a large document may fall inside a character (a name in another
    /// script): it is read in two halves all the same, never cut inside the character (which
    /// panicked, printing the document's first lines, secrets with them).
    #[test]
    fn a_large_document_whose_middle_is_inside_a_character_reads_in_two_halves() {
        let mut vault = sample_vault();
        let first = vault.accounts[0].clone();
        for i in 0..2_000 {
            let mut account = first.clone();
            account.name = format!("{} {i}", "é".repeat(100));
            vault.accounts.push(account);
        }
        let text = write(&vault, vault.format_version());
        let cut = (0..)
            .map(|n| format!("#{}\n{}", "x".repeat(n), &*text))
            .find(|document| !document.is_char_boundary(document.len() / 2))
            .unwrap();
        let whole = read_part(&cut).and_then(Reader::finish);
        assert!(whole.is_some());
        assert!(read(&cut) == whole);
    }

    /// [`string_end`] as it was, a byte at a time: what the search by memchr must agree with.
    fn string_end_by_byte(bytes: &[u8], start: usize) -> Option<usize> {
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => return Some(i + 1),
                b'\\' => i += escape_len(bytes, i)?,
                b if b < 0x20 || b == 0x7f => return None,
                _ => i += 1,
            }
        }
        None
    }

    proptest::proptest! {
        /// A line of a record's map that reads by its bytes alone reads so as JSON too.
        #[test]
        fn map_lines_read_by_their_bytes_read_so_as_json(
            key in "[a-zA-Z0-9_\\- .\"é]{0,12}",
            value in "\"?[\"\\\\a-f0-9 \t\x01\x7fé'\\[\\]{}=]{0,20}\"?",
        ) {
            if map_line_reads(key.as_bytes(), value.as_bytes()).is_some() {
                proptest::prop_assert!(map_line_reads_as_json(key.as_bytes(), value.as_bytes()).is_some());
            }
        }

        /// The end of a string is where it was found a byte at a time, in text made of what
        /// strings turn on (quotes, escapes, control characters, hex digits, other bytes).
        #[test]
        fn string_ends_are_found_as_byte_by_byte(
            text in "\"[\"\\\\ubnrtfe/0-9a-fA-FdD\t\x01\x1f\x7f é€x]{0,60}",
        ) {
            proptest::prop_assert_eq!(
                string_end(text.as_bytes(), 0),
                string_end_by_byte(text.as_bytes(), 0)
            );
        }

        /// The digests a record's maps in the text give each name, looked up near the last
        /// found ([`give_digests_of`]), in rising order or any other, names it lacks among
        /// them, are those the model's maps hold: names that must be quoted, digests that
        /// must be escaped, empty maps.
        #[test]
        fn digests_found_near_the_last_are_the_models(
            held in proptest::collection::btree_map(
                "[a-c A\\\\\"é.-]{1,4}",
                "[0-9a-f]{0,8}|[a-f\\\\\"é ]{0,4}",
                0..10,
            ),
            totp_too in proptest::prelude::any::<bool>(),
            asked in proptest::collection::vec("[a-c A\\\\\"é.-]{1,4}", 0..12),
            in_order in proptest::prelude::any::<bool>(),
        ) {
            use crate::core::vault::tests::{sample_account, sample_record};
            let mut vault = Vault::new();
            vault.insert(sample_account("alpha")).unwrap();
            let mut record = sample_record("/b/1.age", "usb", &["safe"], &[]);
            record.accounts = held.clone();
            if totp_too {
                record.totp = held.clone();
            }
            vault.backups.push(record.clone());
            // A second record holding every other name, its digests the first's reversed.
            let mut other = sample_record("/b/2.age", "safe", &["usb"], &[]);
            other.accounts = held
                .iter()
                .step_by(2)
                .map(|(name, digest)| (name.clone(), digest.chars().rev().collect()))
                .collect();
            vault.backups.push(other.clone());
            let text = vault.to_toml();
            // As the model reads them back: the second record chained to the first, a digest
            // `""` not held.
            let read = Vault::from_toml(&text).unwrap();
            let (record, other) = (&read.backups[0], &read.backups[1]);
            let tables = account_tables(&text).expect("as mfa-kit wrote it");
            let (mut rest, digests) = tables.rest_with_digests_in_text().expect("sealed");
            // Every name held, and some that are not, in the order of names or as given.
            let mut names: Vec<String> = held.keys().cloned().chain(asked).collect();
            if in_order {
                names.sort();
            }
            let mut cursor = DigestCursor::default();
            for name in &names {
                give_digests_of(name, &mut rest.backups, &digests, &mut cursor);
                let alone = |map: &BTreeMap<String, String>| {
                    map.get(name).map(|d| BTreeMap::from([(name.clone(), d.clone())]))
                        .unwrap_or_default()
                };
                proptest::prop_assert_eq!(&rest.backups[0].accounts, &alone(&record.accounts));
                proptest::prop_assert_eq!(&rest.backups[0].totp, &alone(&record.totp));
                proptest::prop_assert_eq!(&rest.backups[1].accounts, &alone(&other.accounts));
                proptest::prop_assert_eq!(&rest.backups[1].totp, &alone(&other.totp));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Random edits of a written document, in the characters TOML's grammar turns on:
        /// whatever the fast reader still accepts, the general parser reads the same.
        #[test]
        fn edited_documents_never_read_differently(
            edits in proptest::collection::vec(
                (0usize..4000, 0usize..3, proptest::sample::select(vec![
                    "\"", "\\", "'", "=", " ", "\n", "[", "]", "{", "}", ",", "#", "-", "0",
                    "9", "+", "_", ".", "\t", "\r", "\u{7f}", "\u{0}", "\\u", "\\U",
                    "\\e", "\\x", "\\/", "d800", "true", "a", "é", "[[accounts]]",
                    "[backups.totp]", "[sites]", "version = 3", "9223372036854775808",
                ])),
                1..4,
            )
        ) {
            let mut text = write(&sample_vault(), sample_vault().format_version()).to_string();
            for (at, action, piece) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match action {
                    0 => text.insert_str(at, piece),
                    1 => {
                        let mut end = (at + piece.len()).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, piece);
                    }
                    _ => {
                        let mut end = (at + 1).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, "");
                    }
                }
            }
            check_against_toml(&text);
            // Sealed again, as a forger (or a bug) could: the readers of one table at a time
            // must still agree with the whole.
            if let Some(at) = text.rfind(SEAL) {
                check_read_alone(&resealed(&text[..at]), false);
            }
        }
    }

    /// Values nested past any depth mfa-kit writes are left to the general parser (which
    /// refuses them with a line number) before they could exhaust the stack.
    #[test]
    fn deeply_nested_values_are_refused_not_overflowing() {
        for open in ["[", "{ a = "] {
            let close = if open == "[" { "]" } else { " }" };
            let deep = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
            let mut json = Vec::new();
            assert!(toml_value_to_json(deep.as_bytes(), &mut json).is_none());
            let text = format!("version = 2\n\n[[accounts]]\nname = \"a\"\npaths = {deep}\n");
            assert!(read(&text).is_none());
            check_resealed(&text);
        }
        let mut json = Vec::new();
        let shallow = "[[[[{ a = [[1]] }]]]]";
        assert!(toml_value_to_json(shallow.as_bytes(), &mut json).is_some());
    }

    #[test]
    fn every_account_is_read_a_table_at_a_time_only_from_a_sealed_document() {
        let vault = sample_vault();
        let text = write(&vault, vault.format_version());
        let alone = Vault::accounts_of_toml(&text, |account| account.clone());
        assert_eq!(alone.as_ref(), Some(&vault.accounts));
        let body = sealed_body(&text).unwrap();
        // Unsealed, a name twice, a table this module does not write after an account's: the
        // whole reader's to judge.
        let unsealed = &text[..text.rfind(SEAL).unwrap()];
        assert!(account_tables(unsealed).is_none());
        let block = &body[body.find("[[accounts]]").unwrap()
            ..body.find("\n[[accounts]]\nname = \"gitlab\"").unwrap()];
        let twice = resealed(&format!("{body}{block}\n"));
        assert!(Vault::accounts_of_toml(&twice, |a| a.name.clone()).is_none());
        let sub_table = resealed(&body.replacen(
            "\n[[accounts]]\nname = \"gitlab\"",
            "\n[accounts.extra]\nx = 1\n\n[[accounts]]\nname = \"gitlab\"",
            1,
        ));
        assert!(account_tables(&sub_table).is_none());
        // A table that does not read alone (damaged, then sealed): none of the others is
        // handed out either.
        let damaged = resealed(&body.replacen("digits = 6", "digits = 66", 1));
        assert!(Vault::accounts_of_toml(&damaged, |a| a.name.clone()).is_none());
        check_read_alone(&damaged, false);
        // Sealed documents a review wrote, which the whole read refuses or reads otherwise:
        // an account outside an account table, no table and a version too new, a name twice
        // spelt two ways, damage below the accounts. None is read a table at a time.
        let account = "name = \"a\"\nsecret = \"JBSWY3DPEHPK3PXP\"\nalgorithm = \"SHA1\"\n\
                       digits = 6\nperiod = 30\ncreated = 1\n";
        let outside = "version = 2\naccounts = [{ name = \"a\", secret = \"JBSWY3DPEHPK3PXP\", \
                       algorithm = \"SHA1\", digits = 6, period = 30, created = 1 }]\n\n[sites]\n";
        let spelt_otherwise = account.replace("\"a\"", "\"\"\"a\"\"\"");
        for forged in [
            outside.to_string(),
            "version = 99\n".to_string(),
            format!("version = 2\n\n[[accounts]]\n{account}\n[[accounts]]\n{spelt_otherwise}"),
            format!("version = 2\n\n[[accounts]]\n{account}\n[[backups]]\nfile = 5\n"),
            format!("version = 2\n\n[[accounts]]\n{account}\n[sites]\nx = 1\n"),
            format!("version = 2\n\n[[accounts]]\n{account}\n[sites]\n[sites]\n"),
        ] {
            let forged = resealed(&forged);
            let alone = Vault::accounts_of_toml(&forged, |a| a.name.clone());
            assert!(alone.is_none(), "{forged}");
            check_read_alone(&forged, false);
        }
        let empty = write(&Vault::new(), 2);
        assert!(account_tables(&empty).is_none(), "no table: read whole");
    }

    /// A key twice in an inline table, however it is spelt and wherever it comes, is refused
    /// by both readers.
    #[test]
    fn an_inline_table_with_a_key_twice_is_refused() {
        // A backup that holds no account has its map written inline, as a map: serde keeps
        // the last of two keys there, so only the reader's own check refuses them.
        let mut vault = sample_vault();
        vault.backups.push(crate::core::vault::tests::sample_record(
            "/b.age",
            "usb",
            &["laptop"],
            &[],
        ));
        let text = write(&vault, vault.format_version());
        let map = "accounts = {}";
        assert!(text.contains(map));
        let once = text.replacen(map, "accounts = { a = \"1\", \"b\" = \"2\" }", 1);
        assert_eq!(read(&once).unwrap().backups[0].accounts.len(), 2);
        for twice in [
            "{ a = \"1\", a = \"2\" }",
            "{ a = \"1\", \"a\" = \"2\" }",
            "{ \"a\" = \"1\", a = \"2\" }",
            "{ \"a\" = \"1\", \"\\u0061\" = \"2\" }",
            "{ a = \"1\", b = \"2\", c = \"3\", d = \"4\", a = \"5\" }",
            "{ a = \"1\", b = \"2\", c = \"3\", d = \"4\", \"d\" = \"5\" }",
            "{ a = \"1\", b = \"2\", c = \"3\", d = \"4\", e = \"5\", e = \"6\" }",
        ] {
            let edited = text.replacen(map, &format!("accounts = {twice}"), 1);
            assert!(toml::from_str::<toml::Value>(&edited).is_err(), "{twice}");
            assert!(read(&edited).is_none(), "{twice}");
        }
        let code = "{ code = \"aaaa-bbbb\" }";
        assert!(text.contains(code));
        for twice in [
            "{ code = \"aaaa-bbbb\", code = \"x\" }",
            "{ code = \"aaaa-bbbb\", \"code\" = \"x\" }",
            "{ \"code\" = \"aaaa-bbbb\", code = \"x\" }",
            "{ \"code\" = \"aaaa-bbbb\", \"c\\u006fde\" = \"x\" }",
            "{ code = \"aaaa-bbbb\", a = 1, b = 2, c = 3, d = 4, a = 5 }",
            "{ code = \"aaaa-bbbb\", a = 1, b = 2, c = 3, d = 4, \"d\" = 5 }",
            "{ a = 1, b = 2, c = 3, code = \"aaaa-bbbb\", d = 4, e = 5, e = 6 }",
        ] {
            let edited = text.replacen(code, twice, 1);
            assert!(toml::from_str::<toml::Value>(&edited).is_err(), "{twice}");
            assert!(read(&edited).is_none(), "{twice}");
        }
    }

    /// A key twice in a record's map of digests or in the sites, however it is spelt, is
    /// refused by the fast reader, with its digests kept or only judged, as TOML refuses it.
    #[test]
    fn a_map_table_with_a_key_twice_is_refused() {
        let mut vault = sample_vault();
        let mut record =
            crate::core::vault::tests::sample_record("/b.age", "usb", &["laptop"], &[]);
        record.accounts = BTreeMap::from([("b".into(), "1".into()), ("d".into(), "2".into())]);
        vault.backups.push(record);
        vault.sites = BTreeMap::from([("b".into(), "home".into()), ("d".into(), "home".into())]);
        let text = write(&vault, vault.format_version());
        assert!(read(&text).is_some() && read_with_empty_digests(&text).is_some());
        for (table, line) in [
            ("[backups.accounts]\n", "\nd = \"2\"\n"),
            ("[sites]\n", "\nd = \"home\"\n"),
        ] {
            let at = text.find(table).unwrap();
            let line_at = at + text[at..].find(line).unwrap();
            for twice in ["b", "\"b\"", "\"\\u0062\""] {
                let mut edited = text.clone().to_string();
                edited.replace_range(line_at + 1..line_at + 2, twice);
                assert!(
                    toml::from_str::<toml::Value>(&edited).is_err(),
                    "{table}{twice}"
                );
                assert!(read(&edited).is_none(), "{table}{twice}");
                assert!(read_with_empty_digests(&edited).is_none(), "{table}{twice}");
            }
            // Spelt another way, a key once is read as it is.
            let mut edited = text.clone().to_string();
            edited.replace_range(line_at + 1..line_at + 2, "\"\\u0064\"");
            assert!(read(&edited).is_some() && read_with_empty_digests(&edited).is_some());
        }
    }

    #[test]
    fn anything_outside_the_layout_is_left_to_the_general_parser() {
        let text = write(&sample_vault(), sample_vault().format_version());
        for (from, to) in [
            ("version = 4", "version = 4 # a comment"),
            ("name = \"github\"", "name = 'github'"),
            (
                "name = \"github\"",
                "\"name\" = \"github\"\nname = \"github\"",
            ),
            ("[sites]", "[sites]\n[sites]"),
            ("[[accounts]]", "[[ accounts ]]"),
            ("digits = 6", "digits = +6"),
            ("digits = 6", "digits = 0x6"),
            ("digits = 6", "digits = 6.0"),
            ("name = \"github\"", "name = \"git\\/hub\""),
            ("name = \"github\"", "name = \"git\\ud800hub\""),
            ("name = \"github\"", "name = \"git\u{7f}hub\""),
            ("laptop = \"home\"", "laptop = \"home\"\nlaptop = \"work\""),
        ] {
            let edited = text.replacen(from, to, 1);
            assert_ne!(edited, *text, "{from}");
            if let Some(fast) = read(&edited) {
                let general: Vault = toml::from_str(&edited)
                    .unwrap_or_else(|e| panic!("fast read {to:?}, toml refuses: {e}"));
                assert_eq!(fast, general, "{to}");
            }
        }
    }
}
