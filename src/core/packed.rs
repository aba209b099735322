//! Rows of short texts held as one allocation each: what a command keeps of every account
//! while the vault's text is still held (10,000 accounts make 10,000 rows, and a string for
//! each text of each row was megabytes of allocations at the command's peak).

/// `N` texts one after the other in one boxed string, each ending where `ends` says.
pub struct PackedTexts<const N: usize> {
    texts: Box<str>,
    ends: [u32; N],
}

impl<const N: usize> PackedTexts<N> {
    /// The texts `parts`, in order. A row's texts are far below 4 GiB together (a vault's
    /// file is at most 256 MiB); were they not, a text past that would read short or empty,
    /// never out of bounds.
    pub fn new(parts: [&str; N]) -> Self {
        let mut texts = String::with_capacity(parts.iter().map(|part| part.len()).sum());
        let mut ends = [0u32; N];
        for (end, part) in ends.iter_mut().zip(parts) {
            texts.push_str(part);
            *end = u32::try_from(texts.len()).unwrap_or(u32::MAX);
        }
        PackedTexts {
            texts: texts.into_boxed_str(),
            ends,
        }
    }

    /// The `i`th text (`i` below `N`).
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        self.texts.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text comes back as it was given: empty ones, ones in other scripts, at either end.
    #[test]
    fn each_text_comes_back_as_given() {
        let packed = PackedTexts::new(["", "bank", "é€", "", "x"]);
        let back: Vec<&str> = (0..5).map(|i| packed.get(i)).collect();
        assert_eq!(back, ["", "bank", "é€", "", "x"]);
        assert_eq!(PackedTexts::new(["only"]).get(0), "only");
    }
}
