//! Searches and scans through text that ask the processor nothing: memchr's SSE2 routines,
//! which every x86-64 processor has, and std's on other processors; a test of every byte that
//! the compiler makes many bytes at a time. memchr's own choice of routine asks
//! the processor what it has first, a dozen `cpuid` instructions, each trapped by a virtual
//! machine's host (11 to 15 µs on the one measured): 0.18 ms of `code NAME`, which reads one
//! table. The searches through a whole document of 10,000 accounts still let memchr choose.

/// True when `test` holds for every byte of `bytes`. Every byte is tested, with no stop at
/// the first that fails, which the compiler then does many bytes at a time: 20,000 names and
/// digests of a backup record checked with `all` took 1.7 ms, this 0.3 ms.
pub fn every_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    bytes.iter().fold(true, |all, &b| all & test(b))
}

/// Where `needle` first is in `text`.
pub fn find(text: &str, needle: &str) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(finder) = memchr::arch::x86_64::sse2::packedpair::Finder::new(needle.as_bytes())
        && text.len() >= finder.min_haystack_len()
    {
        return finder.find(text.as_bytes(), needle.as_bytes());
    }
    text.find(needle)
}

/// Where the first of the bytes `a` and `b` is in `bytes`.
pub fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    return memchr::arch::x86_64::sse2::memchr::Two::new(a, b)
        .expect("SSE2 is part of x86-64")
        .find(bytes);
    #[cfg(not(target_arch = "x86_64"))]
    bytes.iter().position(|&c| c == a || c == b)
}

/// The lines of `text` (what `text.split('\n')` gives, an empty last line included): the
/// lines of 10,000 account tables are read twice by an audit, and std's search of a byte
/// took twice memchr's.
pub fn lines(text: &str) -> Lines<'_> {
    Lines {
        rest: Some(text),
        #[cfg(target_arch = "x86_64")]
        newline: memchr::arch::x86_64::sse2::memchr::One::new(b'\n')
            .expect("SSE2 is part of x86-64"),
    }
}

/// See [`lines`].
pub struct Lines<'t> {
    rest: Option<&'t str>,
    #[cfg(target_arch = "x86_64")]
    newline: memchr::arch::x86_64::sse2::memchr::One,
}

impl<'t> Iterator for Lines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let rest = self.rest?;
        #[cfg(target_arch = "x86_64")]
        let end = self.newline.find(rest.as_bytes());
        #[cfg(not(target_arch = "x86_64"))]
        let end = rest.find('\n');
        match end {
            Some(at) => {
                self.rest = Some(&rest[at + 1..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Each search finds what std's finds, in text made of the bytes tables are made of.
        #[test]
        fn searches_agree_with_std(
            text in "[\n\\[a\"= ]{0,200}",
            needle in "[\n\\[a\"= ]{1,40}",
        ) {
            prop_assert_eq!(find(&text, &needle), text.find(needle.as_str()));
            let (a, b) = (needle.as_bytes()[0], needle.as_bytes()[needle.len() - 1]);
            prop_assert_eq!(
                find_either(text.as_bytes(), a, b),
                text.bytes().position(|c| c == a || c == b)
            );
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>());
        }
    }
}
