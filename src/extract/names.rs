//! Comparing and shaping names: case- and diacritics-insensitive keys, and
//! the test for "could this word be part of a person's name".

use unicode_normalization::UnicodeNormalization;

/// A comparison key: lowercase, without diacritics, curly apostrophes made
/// straight, inner whitespace collapsed. `Erdoğan` and `erdogan` fold alike.
pub fn fold(text: &str) -> String {
    // Fast path: plain ASCII without runs of spaces needs no normalisation.
    let bytes = text.as_bytes();
    let plain = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes
            .iter()
            .all(|&b| b.is_ascii() && !matches!(b, b'\t' | b'\n' | b'`'))
        && !bytes.windows(2).any(|pair| pair == b"  ");
    if plain {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'ı' => out.push('i'),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            '’' | '‘' | '`' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Sixteen copies of byte `b`.
const fn splat16(b: u8) -> u128 {
    b as u128 * 0x0101_0101_0101_0101_0101_0101_0101_0101
}

/// The shape of a short ASCII word read sixteen bytes at a time: for each
/// kind of byte, the high bit of every byte of that kind within the word.
#[derive(Debug, Clone, Copy)]
pub struct AsciiShape {
    /// The word's length in bytes.
    pub len: usize,
    /// The word's bytes (the first lowest), zero after its end.
    pub bytes: u128,
    /// The high bit of every byte within the word.
    in_word: u128,
    /// Lowercase letters.
    pub lower: u128,
    /// Capital letters.
    pub upper: u128,
    /// Digits.
    pub digits: u128,
}

impl AsciiShape {
    /// The shape of the first `len` bytes of `window` (read little-endian),
    /// when `len` is at most 15 and all of them are ASCII.
    #[inline]
    pub fn of(window: &[u8; 16], len: usize) -> Option<AsciiShape> {
        if len > 15 {
            return None;
        }
        let bytes = u128::from_le_bytes(*window) & ((1u128 << (8 * len)) - 1);
        if bytes & splat16(0x80) != 0 {
            return None;
        }
        let mut shape = AsciiShape {
            len,
            bytes,
            in_word: ((1u128 << (8 * len)) - 1) & splat16(0x80),
            lower: 0,
            upper: 0,
            digits: 0,
        };
        shape.lower = shape.in_range(b'a', b'z');
        shape.upper = shape.in_range(b'A', b'Z');
        shape.digits = shape.in_range(b'0', b'9');
        Some(shape)
    }

    /// The high bit of every byte of the word in `lo..=hi`: per byte (below
    /// 0x80) no sum carries into the next.
    #[inline]
    fn in_range(&self, lo: u8, hi: u8) -> u128 {
        let at_least_lo = self.bytes + splat16(0x80 - lo);
        let above_hi = self.bytes + splat16(0x7F - hi);
        at_least_lo & !above_hi & self.in_word
    }

    /// The word in lowercase, packed as [`AsciiShape::bytes`] is.
    #[inline]
    pub fn lowercase(&self) -> u128 {
        // A capital's high bit moved down to bit 5 adds 0x20.
        self.bytes | self.upper >> 2
    }

    /// The word's last byte (0 for no word).
    #[inline]
    pub fn last(&self) -> u8 {
        match self.len {
            0 => 0,
            len => (self.bytes >> (8 * (len - 1))) as u8,
        }
    }

    /// Whether the word holds byte `b` (ASCII).
    #[inline]
    pub fn contains(&self, b: u8) -> bool {
        self.in_range(b, b) != 0
    }

    /// [`is_name_word`] for a word starting with a capital.
    #[inline]
    pub fn is_capitalised_name_word(&self) -> bool {
        let letters = (self.lower | self.upper).count_ones();
        self.digits == 0 && (letters == 1 || self.lower != 0)
    }
}

/// Name particles that may stand lowercase inside a name
/// (`Ursula von der Leyen`, `Luiz Inácio Lula da Silva`).
pub fn is_particle(word: &str) -> bool {
    is_particle_bytes(word.as_bytes())
}

/// [`is_particle`] of a word's bytes.
pub fn is_particle_bytes(word: &[u8]) -> bool {
    // Matched byte by byte: von, van, der, den, das, dos, del, de, da, do,
    // di, du, della, la, le, bin, ibn, bint, al, el, ter, ten, zu.
    matches!(
        word,
        [b'v', b'o' | b'a', b'n']
            | [b'd', b'e', b'r' | b'n' | b'l']
            | [b'd', b'a' | b'o', b's']
            | [b'd', b'e' | b'a' | b'o' | b'i' | b'u']
            | [b'd', b'e', b'l', b'l', b'a']
            | [b'l', b'a' | b'e']
            | [b'b', b'i', b'n']
            | [b'i', b'b', b'n']
            | [b'b', b'i', b'n', b't']
            | [b'a' | b'e', b'l']
            | [b't', b'e', b'r' | b'n']
            | [b'z', b'u']
    )
}

/// Byte classes for [`is_name_word`]: ASCII digits, letters, lowercase
/// letters, and bytes outside ASCII.
const DIGIT: u8 = 1;
const LETTER: u8 = 2;
const LOWERCASE: u8 = 4;
const NOT_ASCII: u8 = 8;
static ASCII_CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_digit() {
            DIGIT
        } else if byte.is_ascii_lowercase() {
            LETTER | LOWERCASE
        } else if byte.is_ascii_uppercase() {
            LETTER
        } else if byte.is_ascii() {
            0
        } else {
            NOT_ASCII
        };
        b += 1;
    }
    table
};

/// Whether a word is capitalised the way a name word is: an uppercase first
/// letter followed by at least one lowercase letter somewhere (so acronyms
/// and datelines in capitals such as `BAKU` or `NATO` are not names), or a
/// prefixed form such as `al-Sudani`.
pub fn is_name_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if first.is_ascii_lowercase() && !bytes.contains(&b'-') {
        return false;
    }
    if first.is_ascii_uppercase() {
        // The common case, in one pass without decoding characters; a
        // non-ASCII character leaves the word to the general test below.
        let (mut letters, mut seen, mut ascii) = (0usize, 0u8, true);
        for &b in bytes {
            let class = ASCII_CLASSES[usize::from(b)];
            if class & (DIGIT | NOT_ASCII) != 0 {
                if class & DIGIT != 0 {
                    return false;
                }
                ascii = false;
                break;
            }
            letters += usize::from(class & LETTER != 0);
            seen |= class;
        }
        if ascii {
            return letters == 1 || seen & LOWERCASE != 0;
        }
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        // The prefixes are ASCII, and only ASCII letters lowercase to
        // them: the word's own first bytes are compared, ignoring case.
        return ["al-", "el-", "ad-", "as-", "ash-", "ibn-", "bin-"]
            .iter()
            .any(|p| {
                bytes.len() >= p.len()
                    && bytes[..p.len()].eq_ignore_ascii_case(p.as_bytes())
                    && word[p.len()..].starts_with(char::is_uppercase)
            });
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
        // Single initials ("M.") are fine; all-caps words are not.
        return word.chars().filter(|c| c.is_alphabetic()).count() == 1;
    }
    true
}

/// Of the names in `pool` (position, words) that hold every word of `name`
/// (folded), the one mentioned last at or before `at` (else the first),
/// in the longest form the pool gives for it. This is how `Clinton` becomes
/// `Hillary Rodham Clinton` or `Bill Clinton`, whichever was named last.
pub fn nearest_full_name(
    pool: &[(usize, Vec<String>)],
    name: &[String],
    at: usize,
) -> Option<String> {
    let holds = |full: &[String], part: &[String]| {
        part.iter().all(|p| full.iter().any(|w| same_word(w, p)))
    };
    let candidates: Vec<&(usize, Vec<String>)> =
        pool.iter().filter(|(_, full)| holds(full, name)).collect();
    let (_, chosen) = candidates
        .iter()
        .filter(|(pos, _)| *pos <= at)
        .max_by_key(|(pos, _)| *pos)
        .or_else(|| candidates.first())?;
    let longest = pool
        .iter()
        .map(|(_, full)| full)
        .filter(|full| holds(full, chosen))
        .max_by_key(|full| full.len())
        .unwrap_or(chosen);
    Some(longest.join(" "))
}

/// Whether two words are the same once folded, without allocating for
/// ASCII words.
pub fn same_word(a: &str, b: &str) -> bool {
    // Words starting with different ASCII letters or digits never fold
    // alike: settled without reading further.
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii_alphanumeric() && y.is_ascii_alphanumeric() && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    // Equal but for ASCII case: they fold alike.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    !(a.is_ascii() && b.is_ascii()) && fold(a) == fold(b)
}

/// Whether a word is a generational suffix (`Jr.`, `III`).
pub fn is_suffix(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Jr" | "Sr" | "II" | "III" | "IV"
    )
}

/// Whether a word is a post-nominal title (`KC`, `MP`, `PhD`), which
/// follows a name without being part of it.
pub fn is_post_nominal(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "KC" | "QC"
            | "MP"
            | "MEP"
            | "MSP"
            | "MS"
            | "AM"
            | "TD"
            | "MBE"
            | "OBE"
            | "CBE"
            | "KBE"
            | "DBE"
            | "PhD"
            | "MD"
            | "Esq"
    )
}

/// The surname of a name: its last word before any suffix
/// (`Robert F. Kennedy Jr.` gives `Kennedy`).
pub fn surname<S: AsRef<str>>(words: &[S]) -> &str {
    words
        .iter()
        .rev()
        .find(|w| !is_suffix(w.as_ref()))
        .or(words.last())
        .map_or("", AsRef::as_ref)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_shape_agrees_with_the_byte_tests() {
        let words = [
            "Smith",
            "SMITH",
            "S",
            "Smith2",
            "smith",
            "McDonald",
            "O'Neill",
            "Jean-Luc",
            "Dr.",
            "X1",
            "Abcdefghijklmno",
            "a-b",
            "Zz",
            "",
        ];
        for word in words {
            let mut window = [0u8; 16];
            // Bytes after the word must not count.
            window.fill(b'7');
            window[..word.len()].copy_from_slice(word.as_bytes());
            let shape = AsciiShape::of(&window, word.len()).expect("short ASCII");
            let lower: Vec<u8> = (0..word.len())
                .map(|k| (shape.lowercase() >> (8 * k)) as u8)
                .collect();
            assert_eq!(lower, word.to_ascii_lowercase().as_bytes(), "{word}");
            assert_eq!(shape.contains(b'-'), word.contains('-'), "{word}");
            assert_eq!(shape.contains(b'.'), word.contains('.'), "{word}");
            if word.starts_with(|c: char| c.is_ascii_uppercase()) {
                assert_eq!(
                    shape.is_capitalised_name_word(),
                    is_name_word(word),
                    "{word}"
                );
            }
        }
        let mut window = [b'a'; 16];
        window[3] = 0xC3;
        assert!(AsciiShape::of(&window, 5).is_none());
        assert!(AsciiShape::of(&window, 3).is_some());
        assert!(AsciiShape::of(&[b'a'; 16], 16).is_none());
    }

    #[test]
    fn folding_ignores_case_diacritics_and_spacing() {
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(fold("Jean-Noël  Barrot"), "jean-noel barrot");
        assert_eq!(fold(" Ilham   Aliyev "), "ilham aliyev");
        assert_eq!(fold("Kılıçdaroğlu"), "kilicdaroglu");
        assert_eq!(fold("O’Neill"), "o'neill");
    }

    #[test]
    fn name_words() {
        for w in [
            "Zakharova",
            "Jean-Noël",
            "O'Neill",
            "al-Sudani",
            "M",
            "Erdoğan",
        ] {
            assert!(is_name_word(w), "{w}");
        }
        for w in ["said", "BAKU", "NATO", "2024", "von", "", "G7"] {
            assert!(!is_name_word(w), "{w}");
        }
        assert!(is_particle("von") && is_particle("der") && !is_particle("the"));
        let name: Vec<String> = ["Robert", "F.", "Kennedy", "Jr."]
            .map(String::from)
            .to_vec();
        assert_eq!(surname(&name), "Kennedy");
    }
}
