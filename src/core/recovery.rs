//! Recovery codes: reading them as services print them (one or several a line, list numbers,
//! `1234 5678` with a space inside, a byte-order mark, prose header lines such as "GitHub
//! recovery codes"), matching a typed code in constant time ignoring case, spaces and dashes,
//! and declared recovery paths' kinds.

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
    NotACode { line: usize },
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
        }
    }
}

/// Reads codes as a service prints them: one or several a line, separated by commas, tabs or
/// two or more spaces; `1.` or `1)` list numbers, blank lines, prose lines (see
/// [`is_prose`]) and a byte-order mark skipped. Codes are kept as typed; a repeated code is
/// kept once. Prose and no code at all is refused at its first line.
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
pub fn read_codes(text: &str) -> Result<ReadCodes, CodesError> {
    let mut codes: Vec<SecretString> = Vec::new();
    let mut seen: Vec<Zeroizing<String>> = Vec::new();
    let mut skipped_lines = Vec::new();
    for (index, raw_line) in super::text::strip_bom(text).lines().enumerate() {
        let line = strip_list_number(raw_line.trim());
        if is_prose(line) {
            skipped_lines.push(index + 1);
            continue;
        }
        for piece in split_codes(line) {
            // Codes in columns are numbered in each column: `1. 4242 0935<tab>6. 5533 9001`.
            let piece = strip_list_number(piece);
            if !looks_like_a_code(piece) {
                return Err(CodesError::NotACode { line: index + 1 });
            }
            let normal = normalize_code(piece);
            if seen.iter().any(|s| **s == *normal) {
                continue;
            }
            if codes.len() == MAX_CODES {
                return Err(CodesError::TooMany);
            }
            seen.push(normal);
            codes.push(SecretString::from(piece));
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

/// True for a line that is words, not codes: a header or a note such as "GitHub recovery
/// codes", "SAVE YOUR BACKUP CODES", "* You can only use each backup code once.",
/// "Generated: Jan 15, 2024" or "(alice@gmail.com)", as services print them around the
/// codes. It holds no token shaped like a code (see [`looks_like_code_token`]: a line that
/// holds one is never skipped, so a code with a note beside it is refused, not dropped), and
/// either it is only e-mail addresses and web addresses, or it reads as words: two words or
/// more, one of them only letters and at least five long, and punctuation no code has (`:`
/// `.` `!` `?` `*` quotes, brackets) or words separated by single spaces, two of them or more
/// (codes in columns are separated by two spaces or tabs, and one code holds one space at
/// most). So "Recovery codes", "abcde fghij" and "aaaa-bbbb  cccc-dddd" stay codes.
pub fn is_prose(line: &str) -> bool {
    const PUNCTUATION: [char; 10] = [':', '.', '!', '?', '\'', '"', '(', ')', '*', '\u{2019}'];
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || has_code_token(&words) {
        return false;
    }
    if words.iter().all(|w| is_address(w)) {
        return true;
    }
    let long_word = words.iter().any(|word| {
        let word = word.trim_matches(|c| PUNCTUATION.contains(&c) || c == ',');
        word.chars().count() >= 5 && word.chars().all(char::is_alphabetic)
    });
    let sentence = line.contains(PUNCTUATION)
        || (line.matches(' ').count() >= 2 && !line.contains("  ") && !line.contains('\t'));
    words.len() >= 2 && long_word && sentence
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

/// True when some token of the line is shaped like a recovery code: letters, digits and
/// dashes with a digit and at least six letters or digits (`a1b2c-3d4e5`, `7be0-33a1`), or
/// digit groups a single space apart that make six digits or more (`1234 5678`). Dates
/// (`2024-01-15`), addresses and short numbers (`10`, `2024`) are not.
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
        if looks_like_code_token(bare) {
            return true;
        }
    }
    false
}

/// One token shaped like a code (see [`has_code_token`]).
fn looks_like_code_token(token: &str) -> bool {
    let alphanumeric = token.chars().filter(char::is_ascii_alphanumeric).count();
    let is_date = token.len() == 10
        && token.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    !is_date
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
    Zeroizing::new(
        code.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect(),
    )
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
    fn skips_a_byte_order_mark_and_prose_headers() {
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
        // Letters-only codes, one space inside, are codes, not prose.
        assert_eq!(
            texts(&parse_codes("abcde fghij\nRecovery codes\nKLMNO-PQRST\n").unwrap()),
            ["abcde fghij", "Recovery codes", "KLMNO-PQRST"]
        );
        for line in [
            "GitHub recovery codes",
            "Keep these in a safe place",
            "Backup codes:",
            "your 10 codes are below",
        ] {
            assert!(is_prose(line), "{line}");
        }
        for line in [
            "abcde fghij",
            "aaaa-bbbb    cccc-dddd",
            "abcde, fghij",
            "abcde\tfghij\tklmno",
            "a1b2c-3d4e5",
            "1234 5678",
            "a1b2c-3d4e5 already used",
            "used: 1234 5678, on Tuesday",
            "abc def ghi",
            "recovery",
        ] {
            assert!(!is_prose(line), "{line}");
        }
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
        assert!(is_prose("Here are your recovery codes 2024:"));
        assert!(is_prose("(alice@gmail.com)"));
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
        let many: String = (0..1001).map(|i| format!("code{i}\n")).collect();
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
