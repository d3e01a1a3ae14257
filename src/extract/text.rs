//! Splitting article text into tokens and sentences, and knowing which
//! tokens stand inside quotation marks. One pass, linear in the text.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits, with inner apostrophes, hyphens and dots
    /// (`O'Neill`, `Jean-Noël`, `Caliber.Az`).
    Word,
    /// A quotation mark.
    Quote,
    /// Any other punctuation character.
    Punct(char),
}

/// One token with its byte range in the text.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// Whether it stands between quotation marks (quotation marks
    /// themselves are outside).
    pub quoted: bool,
    /// Sentence number, counted over the whole text.
    pub sentence: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    /// Whether the token is the punctuation character `c`.
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "prof", "rev",
    "gov", "sen", "rep", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "e.g", "i.e",
    "approx", "dept", "est", "fig", "maj", "adm", "cmdr", "hon", "messrs",
];

/// Abbreviations that stand before names and keep their dot.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt", "Prof", "Rev",
    "Gov", "Sen", "Rep", "Maj", "Adm", "Cmdr", "Hon", "Messrs", "Supt", "Insp", "Det", "Cpl",
    "Pvt",
];

/// A word of at most eight bytes packed into an integer, first byte lowest,
/// so that short-word lists compare without calling `memcmp`.
const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut i = 0;
    while i < word.len() && i < 8 {
        packed |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    packed
}

/// [`pack`] over a list; every word in it must be at most eight bytes.
const fn pack_all<const N: usize>(words: &[&str]) -> [u64; N] {
    let mut packed = [0u64; N];
    let mut i = 0;
    while i < N {
        assert!(words[i].len() <= 8);
        packed[i] = pack(words[i].as_bytes());
        i += 1;
    }
    packed
}

static PACKED_ABBREVIATIONS: [u64; ABBREVIATIONS.len()] = pack_all(ABBREVIATIONS);
static PACKED_TITLE_ABBREVIATIONS: [u64; TITLE_ABBREVIATIONS.len()] = pack_all(TITLE_ABBREVIATIONS);

/// [`BYTE_CLASSES`]: any other byte (punctuation, and bytes outside ASCII).
const OTHER: u8 = 0;
/// [`BYTE_CLASSES`]: an ASCII letter or digit.
const WORD: u8 = 1;
/// [`BYTE_CLASSES`]: ASCII white space other than a line break.
const BLANK: u8 = 2;

/// What each byte is, for the tokenizer's inner loops.
static BYTE_CLASSES: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            WORD
        } else if matches!(byte, b' ' | b'\t' | 0x0B | 0x0C | b'\r') {
            BLANK
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&' | '‐')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Tokenizes `text`, marking quotes and sentences. Paragraph breaks (a
/// blank line, or a line break) end sentences and reset the quote state.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize_into(text, &mut tokens);
    tokens
}

/// [`tokenize`] into a buffer that is cleared first, so that one buffer can
/// serve many texts.
pub fn tokenize_into(text: &str, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    tokens.clear();
    tokens.reserve(n / 4);
    let mut quoted = false;
    let mut sentence = 0usize;
    let mut pending_break = false;
    let mut i = 0;
    while i < n {
        // ASCII blanks, and word starts, are told from one table lookup.
        let byte_class = BYTE_CLASSES[usize::from(bytes[i])];
        if byte_class == BLANK {
            i += 1;
            continue;
        }
        if byte_class == WORD && !pending_break {
            i = push_word(
                text,
                i,
                1,
                bytes[i].is_ascii_uppercase(),
                quoted,
                sentence,
                tokens,
            );
            continue;
        }
        let (c, len) = char_at(text, i);
        if c == '\n' {
            quoted = false;
            pending_break = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if pending_break && tokens.last().is_some_and(|t| t.sentence == sentence) {
            sentence += 1;
        }
        pending_break = false;
        if is_word_char(c) {
            i = push_word(text, i, len, c.is_uppercase(), quoted, sentence, tokens);
            continue;
        }
        let mut end = i + len;
        // Typewriter quotes written as two apostrophes or backticks:
        // ''so,'' said Smith / ``so''
        let doubled = (c == '\'' || c == '`') && end < n && bytes[end] == c as u8;
        if doubled {
            end += 1;
        }
        if is_quote(c) || doubled {
            let opening = match c {
                '“' | '«' | '„' | '`' => true,
                '”' | '»' => false,
                _ => !quoted,
            };
            quoted = opening;
            tokens.push(Token {
                start: i,
                end,
                kind: Kind::Quote,
                quoted: false,
                sentence,
            });
            i = end;
            continue;
        }
        tokens.push(Token {
            start: i,
            end,
            kind: Kind::Punct(c),
            quoted,
            sentence,
        });
        if matches!(c, '.' | '!' | '?') && ends_sentence(text, tokens) {
            // The next token starts a new sentence when it is capitalised or
            // a quotation mark; decided when it arrives.
            let rest = text[end..].trim_start_matches([' ', '\t', '"', '”', '’', '\'', ')']);
            let next = rest.chars().next();
            if next.is_none_or(|n| n.is_uppercase() || is_quote(n) || n == '\n') {
                sentence += 1;
                // Closing quotes right after the stop belong to the old sentence.
                while end < n {
                    let (d, dl) = char_at(text, end);
                    if d != '"' && d != '”' {
                        break;
                    }
                    quoted = false;
                    tokens.push(Token {
                        start: end,
                        end: end + dl,
                        kind: Kind::Quote,
                        quoted: false,
                        sentence: sentence - 1,
                    });
                    end += dl;
                }
            }
        }
        i = end;
    }
}

/// Pushes the word starting at byte `start`, whose first character is
/// `first_len` bytes long, and returns where it ends.
#[inline(always)]
fn push_word(
    text: &str,
    start: usize,
    first_len: usize,
    capitalised: bool,
    quoted: bool,
    sentence: usize,
    tokens: &mut Vec<Token>,
) -> usize {
    let end = word_end(text, start + first_len);
    let end = keep_abbreviation_dot(text, start, end, capitalised);
    tokens.push(Token {
        start,
        end,
        kind: Kind::Word,
        quoted,
        sentence,
    });
    end
}

/// Where the word `start..end` ends once an initial ("J.") or a title
/// abbreviation ("Sen.", "Dr.") keeps its dot, so that it neither ends a
/// sentence nor a name.
#[inline(always)]
fn keep_abbreviation_dot(text: &str, start: usize, end: usize, capitalised: bool) -> usize {
    let bytes = text.as_bytes();
    if end >= bytes.len() || bytes[end] != b'.' {
        return end;
    }
    let word = &bytes[start..end];
    let one_char = if word[0].is_ascii() {
        word.len() == 1
    } else {
        text[start..end].chars().nth(1).is_none()
    };
    let initial = one_char && capitalised;
    // Every title abbreviation is a capitalised ASCII word of at most six
    // letters.
    let title = word.len() <= 6
        && word[0].is_ascii_uppercase()
        && PACKED_TITLE_ABBREVIATIONS.contains(&pack(word));
    if initial || title {
        end + 1
    } else {
        end
    }
}

/// The high bit of each byte of `chunk` that is not an ASCII letter or
/// digit (bytes outside ASCII included), all eight tested at once.
#[inline(always)]
fn non_alphanumeric_bytes(chunk: u64) -> u64 {
    const fn splat(b: u8) -> u64 {
        b as u64 * 0x0101_0101_0101_0101
    }
    const HIGH: u64 = splat(0x80);
    // Per byte of `low` (below 0x80), the high bit is set when the byte
    // lies in `lo..=hi`; no sum carries into the next byte.
    let in_range = |low: u64, lo: u8, hi: u8| {
        let at_least_lo = low + splat(0x80 - lo);
        let above_hi = low + splat(0x7F - hi);
        at_least_lo & !above_hi & HIGH
    };
    let low = chunk & !HIGH;
    let digits = in_range(low, b'0', b'9');
    // Setting bit 5 maps capitals onto lowercase letters, and only them.
    let letters = in_range(low | splat(0x20), b'a', b'z');
    !(digits | letters) & HIGH | chunk & HIGH
}

/// Where a word whose first character ends before byte `from` ends: word
/// characters, and joiners that a word character follows. ASCII bytes are
/// classified without decoding.
#[inline(always)]
fn word_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut end = from;
    while end < n {
        // Eight bytes at a time while they are all ASCII letters and digits.
        if let Some(chunk) = bytes.get(end..end + 8) {
            let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let stops = non_alphanumeric_bytes(chunk);
            if stops == 0 {
                end += 8;
                continue;
            }
            end += (stops.trailing_zeros() / 8) as usize;
        }
        let b = bytes[end];
        if BYTE_CLASSES[usize::from(b)] == WORD {
            end += 1;
            continue;
        }
        if b.is_ascii() {
            // An ASCII joiner stays only when a word character follows it.
            let joined = matches!(b, b'\'' | b'-' | b'.' | b'&')
                && end + 1 < n
                && match bytes[end + 1] {
                    next if next.is_ascii() => next.is_ascii_alphanumeric(),
                    _ => is_word_char(char_at(text, end + 1).0),
                };
            if !joined {
                break;
            }
            end += 1;
            continue;
        }
        let (d, dl) = char_at(text, end);
        if is_word_char(d) {
            end += dl;
        } else if is_joiner(d) && end + dl < n && is_word_char(char_at(text, end + dl).0) {
            // A joiner stays only when a word character follows it.
            end += dl;
        } else {
            break;
        }
    }
    end
}

/// The character at byte `i` and its length, without decoding ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().expect("i is a char boundary");
        (c, c.len_utf8())
    }
}

/// Whether the stop just pushed ends a sentence (not an abbreviation or an
/// initial).
fn ends_sentence(text: &str, tokens: &[Token]) -> bool {
    let n = tokens.len();
    if n < 2 {
        return true;
    }
    let prev = tokens[n - 2];
    if prev.kind != Kind::Word || prev.end != tokens[n - 1].start {
        return true;
    }
    let word = prev.text(text);
    if word.is_ascii() {
        // Lowercased on the stack: every abbreviation is short ASCII.
        if word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase() {
            return false;
        }
        // No abbreviation is longer than six letters.
        let mut buf = [0u8; 6];
        let Some(key) = buf.get_mut(..word.len()) else {
            return true;
        };
        key.copy_from_slice(word.as_bytes());
        key.make_ascii_lowercase();
        return !PACKED_ABBREVIATIONS.contains(&pack(key));
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    let lower = word.to_lowercase();
    !ABBREVIATIONS.contains(&lower.as_str())
}

/// Byte ranges of lines written in title case ("Trump Just Responded To
/// Rubio"): headings and headlines inside a text, whose capitalised words
/// are not names.
pub fn headline_lines(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut offset = 0;
    let mut line_ends = memchr::memchr_iter(b'\n', text.as_bytes());
    while offset < text.len() {
        let end = line_ends.next().map_or(text.len(), |at| at + 1);
        let line = &text[offset..end];
        // A headline is short; a paragraph is not read through.
        if line.len() > 200 {
            offset += line.len();
            continue;
        }
        let headline = if line.is_ascii() {
            is_title_case_ascii(line.as_bytes())
        } else {
            let (mut words, mut capitalised) = (0usize, 0usize);
            for word in line.split_whitespace() {
                if let Some(first) = word.chars().find(|c| c.is_alphabetic()) {
                    words += 1;
                    capitalised += usize::from(first.is_uppercase());
                }
            }
            is_title_case(words, capitalised)
        };
        if headline {
            ranges.push((offset, offset + line.len()));
        }
        offset += line.len();
    }
    ranges
}

/// Whether a line of `words` words (those holding a letter), of which
/// `capitalised` start with a capital, is written in title case: at least
/// four words, four in five of them capitalised.
fn is_title_case(words: usize, capitalised: usize) -> bool {
    words >= 4 && capitalised * 10 >= words * 8
}

/// [`is_title_case`] for an ASCII line, counted in one pass that stops as
/// soon as the lowercase words are too many for the line to qualify.
fn is_title_case_ascii(line: &[u8]) -> bool {
    let (mut words, mut capitalised) = (0usize, 0usize);
    // Whether the current word has shown its first letter yet.
    let mut lettered = false;
    for (at, &b) in line.iter().enumerate() {
        if b.is_ascii_whitespace() || b == 0x0B {
            lettered = false;
        } else if !lettered && b.is_ascii_alphabetic() {
            lettered = true;
            words += 1;
            if b.is_ascii_uppercase() {
                capitalised += 1;
            } else {
                // Title case needs four capitalised words for each
                // lowercase one; every further word takes two bytes.
                let more_words = (line.len() - at - 1) / 2;
                if capitalised + more_words < 4 * (words - capitalised) {
                    return false;
                }
            }
        }
    }
    is_title_case(words, capitalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_byte_test_agrees_with_the_byte_test() {
        for b in 0..=255u8 {
            for position in 0..8 {
                let mut chunk = [b'a'; 8];
                chunk[position] = b;
                let stops = non_alphanumeric_bytes(u64::from_le_bytes(chunk));
                let expected = if b.is_ascii_alphanumeric() {
                    0
                } else {
                    0x80u64 << (8 * position)
                };
                assert_eq!(stops, expected, "byte {b:#04x} at {position}");
            }
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_keep_inner_joiners() {
        assert_eq!(
            words("Jean-Noël Barrot, O'Neill and Caliber.Az; U.S. talks."),
            [
                "Jean-Noël",
                "Barrot",
                ",",
                "O'Neill",
                "and",
                "Caliber.Az",
                ";",
                "U.S",
                ".",
                "talks",
                "."
            ]
        );
    }

    #[test]
    fn quotes_mark_the_words_between_them() {
        let text = "\"We are ready,\" Zakharova said. She added: “Not now.”";
        let tokens = tokenize(text);
        let quoted: Vec<_> = tokens
            .iter()
            .filter(|t| t.quoted)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(quoted, ["We", "are", "ready", ",", "Not", "now", "."]);
    }

    #[test]
    fn sentences_split_on_stops_but_not_abbreviations_or_initials() {
        let text = "Mr. Smith met M. Zakharova in the U.S. on Monday. He said \"yes.\" Then he left.\nNew paragraph";
        let tokens = tokenize(text);
        let sentence_of = |w: &str| tokens.iter().find(|t| t.text(text) == w).unwrap().sentence;
        assert_eq!(sentence_of("Smith"), 0);
        assert_eq!(sentence_of("Zakharova"), 0);
        assert_eq!(sentence_of("Monday"), 0);
        assert_eq!(sentence_of("He"), 1);
        assert_eq!(sentence_of("Then"), 2);
        assert_eq!(sentence_of("New"), 3);
    }

    #[test]
    fn title_case_lines_are_headlines() {
        let text = "Trump Just Responded To Rubio On Debate Night\nTrump said he was ready for the debate on Monday.\n";
        assert_eq!(headline_lines(text), [(0, 46)]);
    }

    #[test]
    fn doubled_apostrophes_are_quotes() {
        let text = "''It is enormous,'' said Matt Baker.";
        let tokens = tokenize(text);
        let quoted: Vec<_> = tokens
            .iter()
            .filter(|t| t.quoted)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(quoted, ["It", "is", "enormous", ","]);
        assert_eq!(tokens.iter().filter(|t| t.kind == Kind::Quote).count(), 2);
    }

    #[test]
    fn a_line_break_resets_an_unclosed_quote() {
        let text = "\"The first paragraph of a long quote\n\"goes on here,\" he said.";
        let tokens = tokenize(text);
        let he = tokens.iter().find(|t| t.text(text) == "he").unwrap();
        assert!(!he.quoted);
    }
}
