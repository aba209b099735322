//! Durations as people type them on a command line (`90s`, `15m`, `2h`, `1h30m`): parsed into
//! whole seconds, and said back in words.

/// Parses one or more `<number><unit>` groups, unit `s`, `m` or `h`, into seconds. A bare
/// number is refused: `15` could mean seconds or minutes, and a wrong guess is a lock that
/// stays open sixty times longer than meant.
pub fn parse(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the duration is empty".to_string());
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return Err(format!("{text:?} is not a duration (write 90s, 15m or 2h)")),
        };
        if number.is_empty() {
            return Err(format!(
                "{text:?} has a unit without a number (write 90s, 15m or 2h)"
            ));
        }
        let value: u64 = number
            .parse()
            .map_err(|_| format!("{text:?} is far too long"))?;
        total = value
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| format!("{text:?} is far too long"))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!(
            "{text:?} has no unit: write {number}s, {number}m or {number}h"
        ));
    }
    Ok(total)
}

/// Seconds in words: `15 minutes`, `8 hours`, `1 hour 30 minutes`, `45 seconds`.
pub fn describe(seconds: u64) -> String {
    let (hours, minutes, secs) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let part = |n: u64, unit: &str| match n {
        1 => format!("1 {unit}"),
        n => format!("{n} {unit}s"),
    };
    let mut parts = Vec::new();
    if hours > 0 {
        parts.push(part(hours, "hour"));
    }
    if minutes > 0 {
        parts.push(part(minutes, "minute"));
    }
    if secs > 0 || parts.is_empty() {
        parts.push(part(secs, "second"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_s_examples_parse() {
        assert_eq!(parse("90s"), Ok(90));
        assert_eq!(parse("15m"), Ok(900));
        assert_eq!(parse("2h"), Ok(7200));
        assert_eq!(parse("1h30m"), Ok(5400));
        assert_eq!(parse(" 8H "), Ok(28800));
    }

    #[test]
    fn a_bare_number_or_an_unknown_unit_is_refused_with_the_fix() {
        let bare = parse("15").unwrap_err();
        assert!(bare.contains("15s, 15m or 15h"), "{bare}");
        assert!(parse("15d").is_err());
        assert!(parse("m").is_err());
        assert!(parse("").is_err());
        assert!(parse("-5m").is_err());
        assert!(parse("99999999999999999999h").is_err());
        assert!(parse("9000000000000000h").is_err());
    }

    #[test]
    fn durations_are_said_in_words() {
        assert_eq!(describe(900), "15 minutes");
        assert_eq!(describe(28800), "8 hours");
        assert_eq!(describe(5400), "1 hour 30 minutes");
        assert_eq!(describe(61), "1 minute 1 second");
        assert_eq!(describe(0), "0 seconds");
    }
}
