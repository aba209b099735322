//! The shell's words, for bash completion: a command line typed so far split into words as
//! bash reads them (quotes and backslashes undone), and a candidate quoted back so that bash
//! takes it as the one word it is. A name such as `Git$(touch x)`, `my bank`, `it's` or `*`
//! then reaches the line as `Git\$\(touch\ x\)`, `my\ bank`, `it\'s`, `\*`: nothing in it is
//! run, split or expanded when the line is run.
//!
//! Only what completion needs: no expansion (`$VAR`, `~`) is done, and the line is one
//! simple command.

/// The quoting in force at a point of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// Outside quotes.
    None,
    /// Inside `'...'`, opened and not closed yet.
    Single,
    /// Inside `"..."`, opened and not closed yet.
    Double,
}

/// A line split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The words with their quoting undone; the last is the word the line ends in (empty
    /// when the line ends in a blank).
    pub words: Vec<String>,
    /// Where, in the line, the last word starts (the line's length when it is empty).
    pub last_start: usize,
    /// The quoting in force at the end of the line.
    pub quote: Quote,
}

/// Splits `line` into words as bash reads a simple command: blanks separate words; `\`
/// quotes the next character; `'...'` quotes everything in it; `"..."` everything but `\`
/// before `$`, `` ` ``, `"`, `\` or a newline.
pub fn split(line: &str) -> Split {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut last_start = line.len();
    let mut quote = Quote::None;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match quote {
            Quote::None => {
                if matches!(c, ' ' | '\t' | '\n') {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                        last_start = line.len();
                    }
                    continue;
                }
                if !in_word {
                    in_word = true;
                    last_start = at;
                }
                match c {
                    '\\' => match chars.next() {
                        // A backslash before a newline continues the line.
                        Some((_, '\n')) | None => {}
                        Some((_, next)) => word.push(next),
                    },
                    '\'' => quote = Quote::Single,
                    '"' => quote = Quote::Double,
                    _ => word.push(c),
                }
            }
            Quote::Single => match c {
                '\'' => quote = Quote::None,
                _ => word.push(c),
            },
            Quote::Double => match c {
                '"' => quote = Quote::None,
                '\\' => match chars.peek() {
                    Some(&(_, next)) if matches!(next, '$' | '`' | '"' | '\\' | '\n') => {
                        chars.next();
                        if next != '\n' {
                            word.push(next);
                        }
                    }
                    _ => word.push('\\'),
                },
                _ => word.push(c),
            },
        }
    }
    words.push(word);
    Split {
        words,
        last_start,
        quote,
    }
}

/// Characters that mean nothing to bash where a word is being typed: left as they are.
fn is_plain(c: char) -> bool {
    c.is_alphanumeric() && !c.is_control()
        || matches!(c, '_' | '.' | '/' | ':' | '=' | '@' | '%' | '+' | ',' | '-')
}

/// `text` quoted for bash, to be typed where `quote` is in force: outside quotes every
/// character that means something to the shell gets a backslash; inside `'...'` a quote
/// closes, is escaped and reopens (`'\''`); inside `"..."`, `$`, `` ` ``, `"` and `\` get a
/// backslash and `!` (history expansion, which a backslash does not stop there) is put in
/// single quotes. None for a text with a control character (only a file name may hold one),
/// which no quoting here types.
pub fn quote(text: &str, quote: Quote) -> Option<String> {
    if text.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match quote {
            Quote::None => {
                if !is_plain(c) {
                    out.push('\\');
                }
                out.push(c);
            }
            Quote::Single => match c {
                '\'' => out.push_str("'\\''"),
                _ => out.push(c),
            },
            Quote::Double => match c {
                '$' | '`' | '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '!' => out.push_str("\"'!'\""),
                _ => out.push(c),
            },
        }
    }
    Some(out)
}

/// The longest common prefix of `texts`, in whole characters.
pub fn common_prefix<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut texts = texts.into_iter();
    let Some(first) = texts.next() else {
        return String::new();
    };
    let mut prefix: &str = first;
    for text in texts {
        let end = prefix
            .char_indices()
            .zip(text.chars())
            .find(|((_, a), b)| a != b)
            .map_or(prefix.len().min(text.len()), |((at, _), _)| at);
        prefix = &prefix[..end];
    }
    prefix.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).words
    }

    #[test]
    fn splits_as_bash_reads() {
        assert_eq!(words("mfa-kit code gi"), ["mfa-kit", "code", "gi"]);
        assert_eq!(words("mfa-kit code "), ["mfa-kit", "code", ""]);
        assert_eq!(
            words("a  'b c'd \"e\\\"f\" g\\ h"),
            ["a", "b cd", "e\"f", "g h"]
        );
        assert_eq!(words("a \"x\\y\\$\""), ["a", "x\\y$"]);
        let open = split("mfa-kit code 'my b");
        assert_eq!(open.words, ["mfa-kit", "code", "my b"]);
        assert_eq!(open.quote, Quote::Single);
        assert_eq!(open.last_start, "mfa-kit code ".len());
        let open = split("x \"it's");
        assert_eq!(open.words, ["x", "it's"]);
        assert_eq!(open.quote, Quote::Double);
        let done = split("x y ");
        assert_eq!(done.last_start, 4);
        assert_eq!(done.quote, Quote::None);
    }

    /// Each quoted text, put on a line and split again, is the one word it was.
    #[test]
    fn quoted_text_reads_back_as_one_word() {
        let names = [
            "Git$(touch /tmp/pwned)",
            "a`id`b",
            "my bank",
            "it's",
            "say \"hi\"",
            "*",
            "glob[ab]",
            "~root",
            "#hash",
            "a;b|c&d<e>f",
            "back\\slash",
            "bang!",
            "é ü",
            "{a,b}",
        ];
        for name in names {
            for (context, open) in [
                (Quote::None, ""),
                (Quote::Single, "'"),
                (Quote::Double, "\""),
            ] {
                let close = open;
                let line = format!(
                    "mfa-kit code {open}{}{close}",
                    quote(name, context).unwrap()
                );
                let split = split(&line);
                assert_eq!(split.words.len(), 3, "{line}");
                assert_eq!(split.words[2], name, "{line}");
                assert_eq!(split.quote, Quote::None, "{line}");
            }
        }
        let unquoted = |text| quote(text, Quote::None).unwrap();
        assert_eq!(unquoted("my bank"), "my\\ bank");
        assert_eq!(unquoted("Git$(x)"), "Git\\$\\(x\\)");
        assert_eq!(quote("it's", Quote::Single).unwrap(), "it'\\''s");
        assert_eq!(unquoted("phone,keychain"), "phone,keychain");
        assert_eq!(quote("new\nline", Quote::None), None);
    }

    #[test]
    fn common_prefixes() {
        assert_eq!(common_prefix(["github", "gitlab"]), "git");
        assert_eq!(common_prefix(["a", "b"]), "");
        assert_eq!(common_prefix(["éa", "éb"]), "é");
        assert_eq!(common_prefix(["abc", "ab"]), "ab");
        assert_eq!(common_prefix(Vec::<&str>::new()), "");
    }
}
