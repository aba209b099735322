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
    let mut codes: Vec<SecretString> = Vec::new();
    let mut seen: Vec<Zeroizing<String>> = Vec::new();
    let mut first_prose = None;
    for (index, raw_line) in super::text::strip_bom(text).lines().enumerate() {
        let line = strip_list_number(raw_line.trim());
        if is_prose(line) {
            first_prose.get_or_insert(index + 1);
            continue;
        }
        for piece in split_codes(line) {
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
    match (codes.is_empty(), first_prose) {
        // Words and no code: the words were not a header but what was given.
        (true, Some(line)) => Err(CodesError::NotACode { line }),
        (true, None) => Err(CodesError::Empty),
        (false, _) => Ok(codes),
    }
}

/// True for a line that is words, not codes: a header such as "GitHub recovery codes" or
/// "Keep these in a safe place." It has no digit, two words or more, one of them only letters
/// and at least five long, and it reads as a sentence: punctuation no code has (`:` `.` `!`
/// `?` quotes, brackets), or words separated by single spaces, two of them or more (codes
/// in columns are separated by two spaces or tabs, and one code holds one space at most). So
/// "Recovery codes", "abcde fghij" and "aaaa-bbbb  cccc-dddd" stay codes, and a line with a
/// digit is never skipped: garbage with digits in it is refused, not dropped.
pub fn is_prose(line: &str) -> bool {
    const PUNCTUATION: [char; 9] = [':', '.', '!', '?', '\'', '"', '(', ')', '\u{2019}'];
    if line.chars().any(char::is_numeric) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let long_word = words.iter().any(|word| {
        let word = word.trim_matches(|c| PUNCTUATION.contains(&c) || c == ',');
        word.chars().count() >= 5 && word.chars().all(char::is_alphabetic)
    });
    let sentence = line.contains(PUNCTUATION)
        || (line.matches(' ').count() >= 2 && !line.contains("  ") && !line.contains('\t'));
    words.len() >= 2 && long_word && sentence
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
            "your 10 codes are below",
            "abc def ghi",
            "recovery",
        ] {
            assert!(!is_prose(line), "{line}");
        }
    }

    #[test]
    fn refuses_what_is_not_codes() {
        assert_eq!(parse_codes(""), Err(CodesError::Empty));
        assert_eq!(parse_codes("\n  \n1.\n"), Err(CodesError::Empty));
        assert_eq!(
            parse_codes("abcd-1234\nHere are your recovery codes 2024:\n"),
            Err(CodesError::NotACode { line: 2 }),
            "a line with a digit is never taken for prose"
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
