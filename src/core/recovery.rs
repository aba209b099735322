//! Recovery codes: reading them as services print them (one or several a line, list numbers,
//! `1234 5678` with a space inside, a byte-order mark, header and note lines such as "GitHub
//! recovery codes" or "Keep safe", which are never taken for codes: see [`read_codes`]),
//! matching a typed code in constant time ignoring case, spaces and dashes, and declared
//! recovery paths' kinds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::secret::SecretString;

/// The most codes one account keeps: services issue 8 to 16.
pub const MAX_CODES: usize = 1000;
/// The longest code accepted, in characters.
pub const MAX_CODE_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodesError {
    Empty,
    TooMany,
    NotACode {
        line: usize,
    },
    /// Letters alone in equal groups, with no code of that shape in the text: a code or words.
    LettersOnly {
        line: usize,
    },
}

impl fmt::Display for CodesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodesError::Empty => write!(f, "no recovery codes were given"),
            CodesError::TooMany => write!(f, "more than {MAX_CODES} recovery codes"),
            CodesError::NotACode { line } => write!(
                f,
                "line {line} does not look like recovery codes (codes are letters and digits, \
                 with dashes or one space inside)"
            ),
            CodesError::LettersOnly { line } => write!(
                f,
                "line {line} is letters alone in groups, which could be a code or words: a \
                 code is read by its digits; if it is a code, join its groups with dashes \
                 (abcde-fghij), and if it is a note, delete the line"
            ),
        }
    }
}

/// Reads codes as a service prints them: one or several a line, separated by commas, tabs or
/// two or more spaces; `1.` or `1)` list numbers, blank lines, lines of words (headers and
/// notes, see [`read_codes`]) and a byte-order mark skipped; a label before the codes on
/// their line (`Recovery codes: 1234-5678, 2345-6789`, as a password manager's note holds
/// them) set aside. Codes are kept as typed; a repeated code is kept once. Words and no code
/// at all is refused at its first line.
pub fn parse_codes(text: &str) -> Result<Vec<SecretString>, CodesError> {
    read_codes(text).map(|read| read.codes)
}

/// What [`read_codes`] found: the codes, and the numbers of the lines it skipped as words,
/// so that a person sees that nothing they meant as a code was dropped.
pub struct ReadCodes {
    pub codes: Vec<SecretString>,
    pub skipped_lines: Vec<usize>,
}

/// [`parse_codes`], telling which lines were skipped as words.
///
/// The rule, line by line, after list numbers (`1.`, `2)`) and blank lines:
///
/// - Codes: each piece of the line (split at commas, tabs and double spaces) is a code. A
///   code has a digit in it (at least six letters and digits, not a date, two halves of one
///   length when a space splits it, as `1234 5678`), which services' codes almost always
///   have (GitHub's `a1b2c-3d4e5`, GitLab's and PyPI's hex, Google's and Dropbox's digits,
///   Microsoft's 25 characters, Bitbucket's, a 1Password secret key); or it is letters only
///   in a shape no words take: dash-joined groups of one length (4 or more) in one case
///   (GitHub's or Microsoft's format with no digit by chance), ten or more hex letters
///   (GitLab's 16 hex digits with no digit by chance), or, between lines of codes, exactly
///   the shape of a code with digits in the same text (same groups, same case, hex if those
///   are: a Proton- or Discord-like code with no digit by chance). A label before the codes
///   (`Recovery codes: 1234-5678, 2345-6789`) is set aside.
/// - Refused (nothing is stored): a line holding a code-shaped token among words, or a token
///   that may be part of a code (`abcd/1234`, `12345`), so that a code beside a note is never
///   dropped; letters alone in single-case groups of one length (`abcde fghij klmno`, `KEEP
///   SAFE`), or in the shape of the text's codes before or after all of them, with no codes
///   of their shape around: either a code or words, the user says which.
/// - Words, skipped and reported: every other line, letters among codes of another shape
///   included. A line of words is never stored as a code ("Backup codes", "Keep safe",
///   "alice backup", "NOTE ONE", "Used", "Generated 2024-01-15").
pub fn read_codes(text: &str) -> Result<ReadCodes, CodesError> {
    let lines: Vec<&str> = super::text::strip_bom(text).lines().collect();
    // First the lines of codes with digits or in a known shape: they give the shapes a
    // letters-only line may take.
    let mut read: Vec<LineRead> = lines.iter().map(|line| read_line(line)).collect();
    let shapes: Vec<Shape> = read
        .iter()
        .filter_map(|r| match r {
            LineRead::Codes(pieces) => Some(pieces),
            _ => None,
        })
        .flatten()
        .filter_map(|piece| Shape::of(piece))
        .collect();
    let code_lines: Vec<usize> = read
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, LineRead::Codes(_)))
        .map(|(i, _)| i)
        .collect();
    for (i, r) in read.iter_mut().enumerate() {
        if let LineRead::Letters { pieces, ambiguous } = r {
            let shaped = pieces
                .iter()
                .all(|piece| Shape::of(piece).is_some_and(|shape| shapes.contains(&shape)));
            let inside = code_lines.first().is_some_and(|first| *first < i)
                && code_lines.last().is_some_and(|last| *last > i);
            if shaped && inside {
                *r = LineRead::Codes(std::mem::take(pieces));
            } else if shaped {
                // Shaped like the codes, but where a header or a note would be.
                *ambiguous = true;
            } else if !code_lines.is_empty() {
                // Codes of another shape are in the text: these letters are words.
                *r = LineRead::Words;
            }
        }
    }
    let mut codes: Vec<SecretString> = Vec::new();
    let mut seen: Vec<Zeroizing<String>> = Vec::new();
    let mut skipped_lines = Vec::new();
    for (index, r) in read.iter().enumerate() {
        let line = index + 1;
        match r {
            LineRead::Blank => {}
            LineRead::Words => skipped_lines.push(line),
            LineRead::NotCodes => return Err(CodesError::NotACode { line }),
            LineRead::Letters {
                ambiguous: true, ..
            } => return Err(CodesError::LettersOnly { line }),
            LineRead::Letters { .. } => skipped_lines.push(line),
            LineRead::Codes(pieces) => {
                for piece in pieces {
                    let normal = normalize_code(piece);
                    if seen.iter().any(|s| **s == *normal) {
                        continue;
                    }
                    if codes.len() == MAX_CODES {
                        return Err(CodesError::TooMany);
                    }
                    seen.push(normal);
                    codes.push(SecretString::from(*piece));
                }
            }
        }
    }
    match (codes.is_empty(), skipped_lines.first()) {
        // Words and no code: the words were not a header but what was given.
        (true, Some(line)) => Err(CodesError::NotACode { line: *line }),
        (true, None) => Err(CodesError::Empty),
        (false, _) => Ok(ReadCodes {
            codes,
            skipped_lines,
        }),
    }
}

/// What one line is.
enum LineRead<'a> {
    Blank,
    /// Every piece is a code.
    Codes(Vec<&'a str>),
    /// Letters alone, in one case: codes where the text has codes of that shape around
    /// them; refused when `ambiguous` (groups of one length, or the codes' shape where a
    /// header or a note would be); else words.
    Letters {
        pieces: Vec<&'a str>,
        ambiguous: bool,
    },
    /// Words: skipped.
    Words,
    /// Something shaped like a code among what is not: refused.
    NotCodes,
}

fn read_line(raw: &str) -> LineRead<'_> {
    let line = strip_list_number(raw.trim());
    if line.is_empty() {
        return LineRead::Blank;
    }
    let pieces: Vec<&str> = split_codes(line)
        .into_iter()
        // Codes in columns are numbered in each column: `1. 4242 0935<tab>6. 5533 9001`.
        .map(strip_list_number)
        .filter(|p| !p.is_empty())
        .collect();
    if !pieces.is_empty() && pieces.iter().all(|p| is_code(p)) {
        return LineRead::Codes(pieces);
    }
    // A label, then the codes: `Recovery codes: 1234-5678, 2345-6789`.
    if let Some((label, rest)) = line.split_once(':')
        && !label.trim().is_empty()
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        && let LineRead::Codes(pieces) = read_line(rest)
    {
        return LineRead::Codes(pieces);
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if has_code_token(&words) {
        return LineRead::NotCodes;
    }
    let letters_only = !pieces.is_empty()
        && one_case(line)
        && pieces.iter().all(|p| {
            looks_like_a_code(p)
                && p.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == ' ')
        });
    if letters_only || is_letter_groups(line) {
        return LineRead::Letters {
            pieces,
            ambiguous: is_letter_groups(line),
        };
    }
    if words.iter().all(|w| is_word_like(w)) {
        LineRead::Words
    } else {
        LineRead::NotCodes
    }
}

/// True for a token words are made of: a word (letters, `'`, `-`), an address, a number of
/// at most four digits, a date or a time (`2024-01-15`, `15/01/2024`, `10:30`), an ordinal
/// or a short mark (`2FA`, `v2`, `15th`). Anything else (`abcd/1234`, `12345`, `x7y9z`) may be
/// (part of) a code, and its line is refused rather than skipped.
fn is_word_like(token: &str) -> bool {
    let bare = token.trim_matches(|c: char| "()[]<>,.;:!?*'\"".contains(c));
    if bare.is_empty() || is_address(bare) {
        return true;
    }
    let letters = bare.chars().filter(|c| c.is_alphabetic()).count();
    let digits = bare.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        return true;
    }
    if letters == 0 {
        // Numbers, dates and times: digit groups of at most four.
        return bare
            .split(|c: char| !c.is_ascii_digit())
            .all(|group| group.len() <= 4);
    }
    let lower = bare.to_ascii_lowercase();
    let ordinal = ["st", "nd", "rd", "th", "am", "pm"].iter().any(|suffix| {
        lower
            .strip_suffix(suffix)
            .is_some_and(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
    });
    ordinal || letters + digits <= 3
}

/// True for a line of letters alone, in one case, in two or more groups of one length (four
/// or more): `abcde fghij klmno`, `KEEP SAFE`. It could be a code printed in groups, or
/// words; `Keep safe`, `alice backup` and `NOTE ONE` are words.
fn is_letter_groups(line: &str) -> bool {
    let groups: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|g| !g.is_empty())
        .collect();
    groups.len() >= 2
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_alphabetic()))
        && one_case(line)
        && groups.iter().all(|g| g.len() == groups[0].len())
        && groups[0].len() >= 4
}

/// Every letter lower case, or every letter upper case.
fn one_case(text: &str) -> bool {
    let letters = || text.chars().filter(char::is_ascii_alphabetic);
    letters().all(|c| c.is_ascii_lowercase()) || letters().all(|c| c.is_ascii_uppercase())
}

/// True for a piece (of a line split at commas, tabs and double spaces) that is a code (see
/// [`read_codes`]): letters, digits, dashes and one space, and a digit in it, or one of the
/// letters-only shapes services use.
fn is_code(piece: &str) -> bool {
    if !looks_like_a_code(piece) {
        return false;
    }
    if piece.chars().any(|c| c.is_ascii_digit()) {
        return is_code_with_digits(piece);
    }
    is_known_letters_code(piece)
}

fn is_code_with_digits(piece: &str) -> bool {
    let alphanumeric = piece.chars().filter(char::is_ascii_alphanumeric).count();
    let halves: Vec<&str> = piece.split(' ').collect();
    alphanumeric >= 6
        && !halves.iter().any(|h| is_date(h))
        && halves.iter().all(|h| h.len() == halves[0].len())
}

/// Letters-only codes in a shape no words take: dash-joined groups of one length (four or
/// more) in one case, or ten or more hex letters in one case.
fn is_known_letters_code(piece: &str) -> bool {
    if !one_case(piece) || piece.contains(' ') {
        return false;
    }
    let groups: Vec<&str> = piece.split('-').collect();
    if groups.len() >= 2 {
        return groups
            .iter()
            .all(|g| g.len() == groups[0].len() && g.chars().all(|c| c.is_ascii_alphabetic()))
            && groups[0].len() >= 4;
    }
    piece.len() >= 10 && piece.chars().all(|c| c.is_ascii_hexdigit())
}

/// An e-mail or web address, bracketed or not: never a code.
fn is_address(word: &str) -> bool {
    let word = word.trim_matches(|c: char| "()[]<>,.;".contains(c));
    word.contains("://")
        || word.starts_with("www.")
        || word
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// `2024-01-15`.
fn is_date(token: &str) -> bool {
    token.len() == 10
        && token.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The shape of a code: the lengths of its groups and what joins them, the case of its
/// letters, and whether they are all hex. A letters-only line takes the shape of a code with
/// digits in the same text to be a code.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    groups: Vec<(usize, Option<char>)>,
    upper: bool,
    hex: bool,
}

impl Shape {
    /// None for a code with no letter (digits alone: no letters-only code takes its shape)
    /// or with letters of both cases.
    fn of(piece: &str) -> Option<Shape> {
        let letters: Vec<char> = piece.chars().filter(char::is_ascii_alphabetic).collect();
        if letters.is_empty() || !one_case(piece) {
            return None;
        }
        let mut groups = Vec::new();
        let mut length = 0;
        for c in piece.chars() {
            if c == '-' || c == ' ' {
                groups.push((length, Some(c)));
                length = 0;
            } else {
                length += 1;
            }
        }
        groups.push((length, None));
        Some(Shape {
            groups,
            upper: letters[0].is_ascii_uppercase(),
            hex: letters.iter().all(char::is_ascii_hexdigit),
        })
    }
}

/// Line numbers as a person reads them: `1, 2, 14-16`.
pub fn line_ranges(lines: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let start = lines[at];
        let mut end = start;
        while at + 1 < lines.len() && lines[at + 1] == end + 1 {
            at += 1;
            end = lines[at];
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        at += 1;
    }
    parts.join(", ")
}

/// True when some token of the line is shaped like a recovery code: letters, digits and
/// dashes with a digit and at least six letters or digits (`a1b2c-3d4e5`, `7be0-33a1`), a
/// letters-only code of a known shape (`abcde-fghij`), or digit groups a single space apart
/// that make six digits or more (`1234 5678`). Dates (`2024-01-15`), addresses and short
/// numbers (`10`, `2024`) are not.
fn has_code_token(words: &[&str]) -> bool {
    let mut digit_run = 0;
    for word in words {
        let bare = word.trim_matches(|c: char| "()[]<>,.;:!?*'\"".contains(c));
        if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
            digit_run += bare.len();
            if digit_run >= 6 {
                return true;
            }
            // `15, 2024` is a date; `1234 5678` one code.
            if !word.ends_with(|c: char| c.is_ascii_digit()) {
                digit_run = 0;
            }
            continue;
        }
        digit_run = 0;
        if looks_like_code_token(bare) || (looks_like_a_code(bare) && is_known_letters_code(bare)) {
            return true;
        }
    }
    false
}

/// One token shaped like a code with digits (see [`has_code_token`]).
fn looks_like_code_token(token: &str) -> bool {
    let alphanumeric = token.chars().filter(char::is_ascii_alphanumeric).count();
    !is_date(token)
        && alphanumeric >= 6
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn strip_list_number(line: &str) -> &str {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(after) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))
            && (after.is_empty() || after.starts_with([' ', '\t']))
        {
            return after.trim_start();
        }
    }
    line
}

fn split_codes(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    for part in line.split([',', '\t', ';']) {
        // Two or more spaces separate codes; a single space stays inside one (`1234 5678`).
        let mut rest = part;
        while let Some(at) = rest.find("  ") {
            pieces.push(rest[..at].trim());
            rest = rest[at..].trim_start();
        }
        pieces.push(rest.trim());
    }
    pieces.into_iter().filter(|p| !p.is_empty()).collect()
}

fn looks_like_a_code(piece: &str) -> bool {
    piece.chars().count() <= MAX_CODE_CHARS
        && piece
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
        && piece.matches(' ').count() <= 1
        && piece.chars().any(|c| c.is_ascii_alphanumeric())
}

/// The form codes are matched in: no spaces or dashes, lower case.
pub fn normalize_code(code: &str) -> Zeroizing<String> {
    let mut normal = Zeroizing::new(String::with_capacity(code.len()));
    push_normalized_code(code, &mut normal);
    normal
}

/// [`normalize_code`] of `code`, appended to `out` (never longer than `code`: make room first
/// where `out` holds secrets).
pub fn push_normalized_code(code: &str, out: &mut String) {
    // A code in ASCII (nearly all) byte by byte: a backup of 10,000 accounts normalises
    // 100,000 codes, and decoding each character took longer than the digest of them.
    if code.is_ascii() {
        // Each byte but spaces (char::is_whitespace of an ASCII character: u8's own leaves out
        // the vertical tab) and dashes, its case lowered: a code is a dozen bytes, which
        // splitting it into pieces first took longer to set up than to go through.
        for byte in code.bytes() {
            if !matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | b'-') {
                out.push(char::from(byte.to_ascii_lowercase()));
            }
        }
        return;
    }
    out.extend(
        code.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase()),
    );
}

/// True when `typed` is `stored`, ignoring case, spaces and dashes; constant time in the
/// content of the codes.
pub fn codes_match(stored: &str, typed: &str) -> bool {
    let a = normalize_code(stored);
    let b = normalize_code(typed);
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The kinds of recovery path a user can declare besides what the vault holds itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum PathKind {
    Authenticator,
    SecurityKey,
    Sms,
    Email,
    AdminReset,
    TrustedContact,
    Other,
}

impl PathKind {
    pub const ALL: [PathKind; 7] = [
        PathKind::Authenticator,
        PathKind::SecurityKey,
        PathKind::Sms,
        PathKind::Email,
        PathKind::AdminReset,
        PathKind::TrustedContact,
        PathKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Authenticator => "authenticator",
            PathKind::SecurityKey => "security-key",
            PathKind::Sms => "sms",
            PathKind::Email => "email",
            PathKind::AdminReset => "admin-reset",
            PathKind::TrustedContact => "trusted-contact",
            PathKind::Other => "other",
        }
    }
}

impl fmt::Display for PathKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PathKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PathKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown path kind {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A code in ASCII is normalised as any other: character by character.
        #[test]
        fn ascii_codes_normalise_as_characters_do(code in "[ -~\t\n\x0b\x0c\r\u{85}\u{a0}é]{0,30}") {
            let mut normal = String::new();
            push_normalized_code(&code, &mut normal);
            let by_character: String = code
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            prop_assert_eq!(normal, by_character);
        }
    }

    fn texts(codes: &[SecretString]) -> Vec<&str> {
        codes.iter().map(|c| c.expose()).collect()
    }

    #[test]
    fn reads_codes_as_services_print_them() {
        let github = "a1b2c-3d4e5\nf6a7b-8c9d0\n\n  1f2e3-4d5c6  \n";
        assert_eq!(
            texts(&parse_codes(github).unwrap()),
            ["a1b2c-3d4e5", "f6a7b-8c9d0", "1f2e3-4d5c6"]
        );
        let google = "1. 1234 5678\n2. 2345 6789\n3) 3456 7890\n";
        assert_eq!(
            texts(&parse_codes(google).unwrap()),
            ["1234 5678", "2345 6789", "3456 7890"]
        );
        let columns = "aaaa-bbbb    cccc-dddd\neeee-ffff,gggg-hhhh\tiiii-jjjj\n";
        assert_eq!(
            texts(&parse_codes(columns).unwrap()),
            [
                "aaaa-bbbb",
                "cccc-dddd",
                "eeee-ffff",
                "gggg-hhhh",
                "iiii-jjjj"
            ]
        );
        let repeated = "abcd-1234\nABCD 1234\n";
        assert_eq!(parse_codes(repeated).unwrap().len(), 1);
    }

    #[test]
    fn skips_a_byte_order_mark_and_header_lines() {
        let saved = "\u{FEFF}GitHub recovery codes\n\
                     Keep these in a safe place.\n\
                     Here are your recovery codes:\n\
                     \n\
                     a1b2c-3d4e5\n\
                     f6a7b-8c9d0\n\
                     Put these in a safe spot, like a password manager\n";
        assert_eq!(
            texts(&parse_codes(saved).unwrap()),
            ["a1b2c-3d4e5", "f6a7b-8c9d0"]
        );
        assert_eq!(
            texts(&parse_codes("\u{FEFF}1234 5678\n").unwrap()),
            ["1234 5678"]
        );
    }

    /// The review's cases: no line of words is ever stored as a code, around any codes.
    #[test]
    fn a_line_of_words_is_never_a_code() {
        for words in [
            "Backup codes",
            "Keep safe",
            "alice backup",
            "NOTE ONE",
            "Used",
            "Generated 2024-01-15",
            "Generated: Jan 15, 2024",
            "KEEP SAFE",
            "recovery",
            "2FA backup codes",
            "Codes for account 42",
            "(alice@gmail.com)",
            "abc def ghi",
        ] {
            for codes in ["1234-5678\n2345-6789\n", "a1b2c-3d4e5\nf6a7b-8c9d0\n"] {
                for text in [format!("{words}\n{codes}"), format!("{codes}{words}\n")] {
                    let read = read_codes(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                    assert_eq!(read.codes.len(), 2, "{text:?}");
                    assert!(
                        !texts(&read.codes).contains(&words),
                        "{words:?} was stored: {text:?}"
                    );
                    assert_eq!(read.skipped_lines.len(), 1, "{text:?}");
                }
            }
        }
        // The review's own example: a header, then two codes.
        let read = read_codes("Backup codes\n1234-5678\n2345-6789\n").unwrap();
        assert_eq!(texts(&read.codes), ["1234-5678", "2345-6789"]);
        assert_eq!(read.skipped_lines, [1]);
    }

    /// Letters alone, in groups of one length, could be a code or words: where no code of
    /// their shape is around, they are refused (not skipped, not stored); among codes of
    /// another shape they are words.
    #[test]
    fn letters_alone_in_groups_are_refused_unless_the_codes_say_what_they_are() {
        for text in ["abcde fghij klmno\n", "abcde fghij\n", "KEEP SAFE\n"] {
            assert_eq!(
                parse_codes(text),
                Err(CodesError::LettersOnly { line: 1 }),
                "{text:?}"
            );
        }
        let err = CodesError::LettersOnly { line: 3 }.to_string();
        assert!(err.contains("line 3") && err.contains("dashes"), "{err}");
        // Beside codes of another shape, the letters are words around them.
        let read = read_codes("abcde fghij klmno\n1234 5678\n").unwrap();
        assert_eq!(texts(&read.codes), ["1234 5678"]);
        assert_eq!(read.skipped_lines, [1]);
        // Joined with dashes, letters in groups are a code.
        assert_eq!(
            texts(&parse_codes("abcde-fghij-klmno\nKLMNO-PQRST\n").unwrap()),
            ["abcde-fghij-klmno", "KLMNO-PQRST"]
        );
        // A code of letters only, shaped as the codes around it, between them, is one of
        // them (a service's random code with no digit by chance); the same shape where a
        // header would be is refused as either.
        let proton = "x7k2m9qa\nb4n8r1tz\nqwhvkpst\nm3c6d0ey\n";
        assert_eq!(
            texts(&parse_codes(proton).unwrap()),
            ["x7k2m9qa", "b4n8r1tz", "qwhvkpst", "m3c6d0ey"]
        );
        assert_eq!(
            parse_codes("qwhvkpst\nx7k2m9qa\nb4n8r1tz\n"),
            Err(CodesError::LettersOnly { line: 1 })
        );
        // Of another case, or not hex among hex codes, it is not their shape.
        let read = read_codes("a1b2c3d4e5\nRECOVERYXY\nf6a7b8c9d0\n").unwrap();
        assert_eq!(texts(&read.codes), ["a1b2c3d4e5", "f6a7b8c9d0"]);
        assert_eq!(read.skipped_lines, [2]);
        let read = read_codes("a1b2c3d4\nrecovery\nf6a7b8c9\n").unwrap();
        assert_eq!(read.skipped_lines, [2]);
    }

    #[test]
    fn reads_the_files_services_give() {
        // Google's Backup-codes-NAME.txt: a header, two columns, the account, notes with
        // digits and an address in them.
        let google = "SAVE YOUR BACKUP CODES\n\
                      Keep these backup codes somewhere safe but accessible.\n\
                      \n\
                      1. 4242 0935\t6. 5533 9001\n\
                      2. 1742 6503\t7. 4052 0195\n\
                      \n\
                      (alice@gmail.com)\n\
                      \n\
                      * You can only use each backup code once.\n\
                      * Need more backup codes? Visit https://g.co/2sv\n\
                      * Generated: Jan 15, 2024\n";
        let read = read_codes(google).unwrap();
        assert_eq!(
            texts(&read.codes),
            ["4242 0935", "5533 9001", "1742 6503", "4052 0195"]
        );
        assert_eq!(read.skipped_lines, [1, 2, 7, 9, 10, 11]);
        assert_eq!(line_ranges(&read.skipped_lines), "1-2, 7, 9-11");
        // GitHub's github-recovery-codes.txt is the codes alone; a header someone added, with
        // a date in it, is skipped too.
        let github =
            "GitHub recovery codes for alice, saved 2024-05-01:\na1b2c-3d4e5\nf6a7b-8c9d0\n";
        let read = read_codes(github).unwrap();
        assert_eq!(texts(&read.codes), ["a1b2c-3d4e5", "f6a7b-8c9d0"]);
        assert_eq!(read.skipped_lines, [1]);
        // GitHub's codes are hex in two groups of five: one may have no digit by chance.
        let github = "a1b2c-3d4e5\nabcde-fabcd\n0f9e8-7d6c5\n";
        assert_eq!(parse_codes(github).unwrap().len(), 3);
        // GitLab's gitlab-recovery-codes.txt: 16 hex digits a line (one with no digit, by
        // chance).
        let gitlab = "4c2f9e0a7b1d3e58\nabcdefabcdefabcd\n09f8e7d6c5b4a321\n";
        assert_eq!(parse_codes(gitlab).unwrap().len(), 3);
        // Dropbox's and Facebook's digits, with or without a space inside; PyPI's hex.
        assert_eq!(parse_codes("1234 5678\n87654321\n").unwrap().len(), 2);
        assert_eq!(parse_codes("8f1d2c3b4a5e6f70\n").unwrap().len(), 1);
        // Microsoft's one recovery code: 25 characters in five groups (and one with no
        // digit, by chance, is still its shape).
        for microsoft in [
            "8HQ2K-7TRW9-LLX4M-2B3CP-Q9RTV\n",
            "HQRKT-TRWPL-LXMBC-PQRTV-WXYZA\n",
        ] {
            assert_eq!(parse_codes(microsoft).unwrap().len(), 1, "{microsoft}");
        }
        // Bitbucket's and Atlassian's: a header, then codes of letters and digits.
        let bitbucket = "Bitbucket recovery codes\n\n7kq2m9xw4t\nz8p3n1vb6r\n";
        let read = read_codes(bitbucket).unwrap();
        assert_eq!(texts(&read.codes), ["7kq2m9xw4t", "z8p3n1vb6r"]);
        assert_eq!(read.skipped_lines, [1]);
        // AWS-style: a header naming the account, numbered codes in two columns.
        let aws = "AWS account backup codes\n1. 4F7KQ2M9  2. Z8P3N1VB\n3. 7KQ2M9XW  4. P3N1VB6R\n";
        assert_eq!(parse_codes(aws).unwrap().len(), 4);
        // 1Password-style: a note field, a label and the codes on one line, or the label
        // on its own line.
        let note = "Recovery codes: 1234-5678, 2345-6789, 3456-7890\n";
        assert_eq!(
            texts(&parse_codes(note).unwrap()),
            ["1234-5678", "2345-6789", "3456-7890"]
        );
        let note = "One-time recovery codes:\na1b2-c3d4  e5f6-a7b8\n";
        assert_eq!(parse_codes(note).unwrap().len(), 2);
    }

    #[test]
    fn refuses_what_is_not_codes() {
        assert_eq!(parse_codes(""), Err(CodesError::Empty));
        assert_eq!(parse_codes("\n  \n1.\n"), Err(CodesError::Empty));
        assert_eq!(
            parse_codes("abcd-1234\na1b2c-3d4e5 already used\n"),
            Err(CodesError::NotACode { line: 2 }),
            "a line with a code in it is never taken for prose"
        );
        assert_eq!(
            parse_codes("1234 5678 was used, Tuesday\n"),
            Err(CodesError::NotACode { line: 1 }),
            "nor one with a Google-style code in it"
        );
        assert_eq!(
            parse_codes("abcd-1234\nsee: abcd/1234\n"),
            Err(CodesError::NotACode { line: 2 })
        );
        assert_eq!(
            parse_codes("\nGitHub recovery codes\nKeep these in a safe place.\n"),
            Err(CodesError::NotACode { line: 2 }),
            "prose alone is no codes"
        );
        assert_eq!(
            parse_codes("abcd/1234"),
            Err(CodesError::NotACode { line: 1 })
        );
        assert_eq!(
            parse_codes("1234-5678\nsee 12345\n"),
            Err(CodesError::NotACode { line: 2 }),
            "five digits may be part of a code"
        );
        let many: String = (0..1001).map(|i| format!("code{i:04}\n")).collect();
        assert_eq!(parse_codes(&many), Err(CodesError::TooMany));
    }

    #[test]
    fn matching_ignores_case_spaces_and_dashes() {
        assert!(codes_match("1234 5678", "12345678"));
        assert!(codes_match("a1b2c-3d4e5", "A1B2C3D4E5"));
        assert!(codes_match("a1b2c-3d4e5", " a1b2c 3d4e5 "));
        assert!(!codes_match("a1b2c-3d4e5", "a1b2c-3d4e6"));
        assert!(!codes_match("a1b2c-3d4e5", "a1b2c"));
    }

    #[test]
    fn path_kinds_round_trip() {
        for kind in PathKind::ALL {
            assert_eq!(kind.as_str().parse::<PathKind>().unwrap(), kind);
        }
        assert!("pigeon".parse::<PathKind>().is_err());
    }
}
