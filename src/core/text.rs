//! Text that came from outside (names, issuers, labels, notes, imported files) kept inert:
//! which characters can act on a terminal or hide what a line says (control characters, ANSI
//! escapes, bidi overrides, zero-width and line-separator characters), refusing them on input,
//! dropping them from what is imported, and escaping them wherever such text is shown.

use std::borrow::Cow;

/// True for a character that must never reach a terminal as it is: C0 and C1 controls (ESC
/// starts every ANSI sequence, CSI is U+009B), DEL, bidi embeddings, overrides and isolates
/// (which reorder what a line appears to say), zero-width and invisible format characters,
/// the byte-order mark, and the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// The first unsafe character of `text`, if any.
pub fn first_unsafe(text: &str) -> Option<char> {
    text.chars().find(|c| is_unsafe(*c))
}

/// `text` with every unsafe character written as `\u{XXXX}`: what is shown is what is there,
/// and nothing in it acts on the terminal.
pub fn inert(text: &str) -> Cow<'_, str> {
    if first_unsafe(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The longest issuer, label or note kept, in characters: far above any real one, low enough
/// that a crafted file cannot grow the vault with them.
pub const MAX_TEXT_CHARS: usize = 256;

/// `text` with unsafe characters removed (line breaks and tabs become a space), spaces
/// trimmed, and cut to [`MAX_TEXT_CHARS`]: for what an imported file says, which is kept but
/// must stay inert and small.
pub fn cleaned(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * MAX_TEXT_CHARS));
    for c in text.chars().take(4 * MAX_TEXT_CHARS) {
        if matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') {
            out.push(' ');
        } else if !is_unsafe(c) {
            out.push(c);
        }
    }
    out.trim()
        .chars()
        .take(MAX_TEXT_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Removes a UTF-8 byte-order mark at the start, as Windows editors write one.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Why a piece of text given on input (`what`: "the issuer", "the note") is refused.
pub fn check_inert(what: &str, text: &str) -> Result<(), String> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("{what} is longer than {MAX_TEXT_CHARS} characters"));
    }
    match first_unsafe(text) {
        None => Ok(()),
        Some(c) if c.is_control() => Err(format!(
            "{what} has a control character (U+{:04X}); type it on one line, without escapes",
            c as u32
        )),
        Some(c) => Err(format!(
            "{what} has an invisible or direction-changing character (U+{:04X}), which could \
             disguise it; type it again by hand",
            c as u32
        )),
    }
}

/// `word` with "a" or "an" before it, as it sounds when read out: "an email", "an other",
/// "an SMS", "an Aegis", "an HOTP", but "a 2FAS", "a security-key", "a USB".
pub fn with_article(word: &str) -> String {
    const SAID_WITH_A_VOWEL: [&str; 6] = ["sms", "ssh", "hotp", "html", "mfa", "svg"];
    const SAID_WITH_A_Y: [&str; 4] = ["usb", "uri", "user", "uni"];
    let lower = word.to_lowercase();
    let vowel_sound = if SAID_WITH_A_Y.iter().any(|p| lower.starts_with(p)) {
        false
    } else {
        lower.starts_with(['a', 'e', 'i', 'o', 'u'])
            || SAID_WITH_A_VOWEL
                .iter()
                .any(|p| lower == *p || lower.starts_with(&format!("{p} ")))
    };
    let article = if vowel_sound { "an" } else { "a" };
    format!("{article} {word}")
}

/// The candidate closest to `name` by edit distance (ignoring case), if it is close enough to
/// be the likely meaning of a typo: for "did you mean ...?".
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&name, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters, with adjacent swaps counting once.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound() {
        for (word, want) in [
            ("email", "an email"),
            ("other", "an other"),
            ("authenticator", "an authenticator"),
            ("aegis", "an aegis"),
            ("otpauth", "an otpauth"),
            ("sms", "an sms"),
            ("HOTP", "an HOTP"),
            ("2fas", "a 2fas"),
            ("google", "a google"),
            ("security-key", "a security-key"),
            ("usb-safe", "a usb-safe"),
            ("trusted-contact", "a trusted-contact"),
        ] {
            assert_eq!(with_article(word), want);
        }
    }

    #[test]
    fn unsafe_characters() {
        for c in [
            '\x1b',
            '\n',
            '\r',
            '\t',
            '\x7f',
            '\u{9b}',
            '\u{202E}',
            '\u{2066}',
            '\u{200B}',
            '\u{200D}',
            '\u{FEFF}',
            '\u{2028}',
            '\u{061C}',
            '\u{E0041}',
        ] {
            assert!(is_unsafe(c), "{:04X}", c as u32);
        }
        for c in ['a', ' ', 'é', 'ß', '中', '-', ':', '@', '😀'] {
            assert!(!is_unsafe(c), "{c}");
        }
    }

    #[test]
    fn inert_escapes_and_cleaned_drops() {
        assert_eq!(inert("GitHub"), "GitHub");
        assert_eq!(inert("a\x1b[2Jb"), "a\\u{001B}[2Jb");
        assert_eq!(inert("evil\u{202E}txt"), "evil\\u{202E}txt");
        assert_eq!(cleaned(" a\x1b]0;title\x07b\nc "), "a]0;titleb c");
        assert_eq!(cleaned("pay\u{200B}pal"), "paypal");
        assert_eq!(cleaned(&"x".repeat(100_000)).len(), MAX_TEXT_CHARS);
        assert!(check_inert("the note", &"x".repeat(300)).is_err());
        assert!(!inert("x\ny").contains('\n'));
    }

    #[test]
    fn closest_names_typos() {
        let known = ["phone", "laptop", "paper-drawer", "usb-safe"];
        assert_eq!(closest("phnoe", known), Some("phone"));
        assert_eq!(closest("Laptp", known), Some("laptop"));
        assert_eq!(closest("usb-saf", known), Some("usb-safe"));
        assert_eq!(closest("garage", known), None);
    }

    #[test]
    fn bom_and_checks() {
        assert_eq!(strip_bom("\u{FEFF}otpauth://"), "otpauth://");
        assert_eq!(strip_bom("plain"), "plain");
        assert!(check_inert("the issuer", "GitHub, Inc.").is_ok());
        assert!(check_inert("the issuer", "Git\x1bHub").is_err());
        assert!(
            check_inert("the note", "a\u{202E}b")
                .unwrap_err()
                .contains("direction")
        );
    }
}
