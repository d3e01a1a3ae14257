//! The passage of an article shown under a hit: cut at a sentence's start
//! and end when one is near, else at word boundaries marked with `…`, with
//! the text's line breaks and runs of blanks made single spaces, and the
//! byte ranges of the query terms moved along.
//!
//! Choosing the passage (the one with most query terms) is tantivy's
//! `SnippetGenerator`'s job; this module only shapes it.

/// A passage and the byte ranges of the query terms in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Passage {
    /// The text shown.
    pub text: String,
    /// Byte ranges of the query terms in `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// How far before a passage its sentence may start, and how far after it
/// the sentence may end, to be shown whole (bytes).
const SENTENCE_REACH: usize = 60;

const ELLIPSIS: &str = "\u{2026}";

/// The passage `body[start..end]`, with highlights given as byte ranges of
/// `body`, widened or narrowed to whole sentences when their boundaries
/// are near (never leaving a highlight out), and cut at word boundaries
/// with `…` otherwise.
pub fn around(body: &str, start: usize, end: usize, highlights: &[(usize, usize)]) -> Passage {
    let first = highlights
        .iter()
        .map(|h| h.0)
        .min()
        .unwrap_or(start)
        .max(start);
    let last = highlights.iter().map(|h| h.1).max().unwrap_or(end).min(end);
    let (start, whole_start) =
        match sentence_start(body, start).or_else(|| next_sentence_start(body, start, first)) {
            Some(at) => (at, true),
            None => (word_start(body, start), false),
        };
    let (end, whole_end) =
        match sentence_end(body, end).or_else(|| last_sentence_end(body, last, end)) {
            Some(at) => (at, true),
            None => (word_end(body, end), false),
        };
    let end = end.max(start);
    let mut passage = clean(body, start, end, highlights.iter().copied());
    if !whole_start {
        passage = prefixed(passage, ELLIPSIS);
    }
    if !whole_end {
        passage.text.push_str(ELLIPSIS);
    }
    passage
}

/// Whether a sentence ends at the `.`, `!` or `?` at byte `at` of `text`
/// (followed by a blank or the end, not after an abbreviation); if so,
/// where it ends, closing quotes and brackets included.
fn sentence_end_at(text: &str, at: usize) -> Option<usize> {
    let c = text[at..].chars().next()?;
    if !matches!(c, '.' | '!' | '?') || is_abbreviation(&text[..at]) {
        return None;
    }
    let mut end = at + c.len_utf8();
    while let Some(next) = text[end..].chars().next() {
        if matches!(
            next,
            '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | '\u{00BB}'
        ) {
            end += next.len_utf8();
        } else {
            break;
        }
    }
    text[end..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace)
        .then_some(end)
}

/// The start of the first sentence that begins in `text[from..limit]`.
fn next_sentence_start(text: &str, from: usize, limit: usize) -> Option<usize> {
    let (from, limit) = (floor(text, from), floor(text, limit));
    for (i, c) in text[from..limit].char_indices() {
        let at = from + i;
        let after = if c == '\n' {
            Some(at + 1)
        } else {
            sentence_end_at(text, at)
        };
        if let Some(after) = after {
            let rest = &text[after..];
            let start = after + (rest.len() - rest.trim_start().len());
            return (start <= limit).then_some(start);
        }
    }
    None
}

/// The end of the last sentence that ends in `text[from..to]`.
fn last_sentence_end(text: &str, from: usize, to: usize) -> Option<usize> {
    let (from, to) = (floor(text, from), floor(text, to));
    let mut best = None;
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        if c == '\n' {
            best = Some(text[..at].trim_end().len());
        } else if let Some(end) = sentence_end_at(text, at) {
            if end <= to {
                best = Some(end);
            }
        }
    }
    best
}

/// The opening of `body`, about `chars` characters: its first sentences
/// when they fit, else cut at a word boundary with `…`.
pub fn opening(body: &str, chars: usize) -> Passage {
    let body_start = body.len() - body.trim_start().len();
    let end = body
        .char_indices()
        .map(|(at, _)| at)
        .nth(chars)
        .unwrap_or(body.len());
    let (end, whole_end) = if end >= body.len() {
        (body.len(), true)
    } else {
        // The last sentence that ends in the second half, or the one that
        // ends soon after.
        let half = body_start + (end - body_start) / 2;
        match last_sentence_end(body, half, end).or_else(|| sentence_end(body, end)) {
            Some(at) => (at, true),
            None => (word_end(body, end), false),
        }
    };
    let mut passage = clean(body, body_start, end, std::iter::empty());
    if !whole_end {
        passage.text.push_str(ELLIPSIS);
    }
    passage
}

/// A passage of its own (a statement) with its blanks cleaned.
pub fn whole(text: &str, highlights: &[(usize, usize)]) -> Passage {
    clean(text, 0, text.len(), highlights.iter().copied())
}

fn prefixed(mut passage: Passage, prefix: &str) -> Passage {
    passage.text.insert_str(0, prefix);
    for range in &mut passage.highlights {
        range.0 += prefix.len();
        range.1 += prefix.len();
    }
    passage
}

/// `text[start..end]` with every run of whitespace made one space (none at
/// either end), and the highlights (ranges of `text`) moved to match.
fn clean(
    text: &str,
    start: usize,
    end: usize,
    highlights: impl Iterator<Item = (usize, usize)>,
) -> Passage {
    let mut out = String::with_capacity(end - start);
    // For each byte of `text[start..end]`, where it lands in `out`.
    let mut map = Vec::with_capacity(end - start + 1);
    let mut blank = false;
    for c in text[start..end].chars() {
        if c.is_whitespace() {
            blank = !out.is_empty();
            for _ in 0..c.len_utf8() {
                map.push(out.len());
            }
            continue;
        }
        if blank {
            out.push(' ');
            blank = false;
        }
        for _ in 0..c.len_utf8() {
            map.push(out.len());
        }
        out.push(c);
    }
    map.push(out.len());
    let highlights = highlights
        .filter(|&(s, e)| s >= start && e <= end && s < e)
        .map(|(s, e)| {
            let from = map[s - start];
            // The end of the highlight: just after its last character.
            let to = map[e - start].max(from);
            let to = out[..to].trim_end().len().max(from);
            (from, to)
        })
        .collect();
    Passage {
        text: out,
        highlights,
    }
}

/// Where the sentence holding byte `at` starts, if that is within reach
/// before it (the start of the text, or after a sentence's end followed by
/// a blank, or after a line break).
fn sentence_start(text: &str, at: usize) -> Option<usize> {
    let at = floor(text, at);
    let from = floor(text, at.saturating_sub(SENTENCE_REACH));
    let mut best = None;
    for (i, c) in text[from..at].char_indices() {
        let end = if c == '\n' {
            Some(from + i + 1)
        } else {
            sentence_end_at(text, from + i).filter(|&end| end <= at)
        };
        if end.is_some() {
            best = end;
        }
    }
    let after = match best {
        Some(after) => after,
        None if from == 0 => 0,
        None => return None,
    };
    let rest = &text[after..];
    Some(after + (rest.len() - rest.trim_start().len()))
}

/// Where the sentence holding byte `at` ends (after its full stop and any
/// closing quote), if that is within reach after it.
fn sentence_end(text: &str, at: usize) -> Option<usize> {
    let at = floor(text, at);
    let to = floor(text, (at + SENTENCE_REACH).min(text.len()));
    for (i, c) in text[at..to].char_indices() {
        if c == '\n' {
            return Some(text[..at + i].trim_end().len());
        }
        if let Some(end) = sentence_end_at(text, at + i) {
            return Some(end);
        }
    }
    (to == text.len()).then(|| text.trim_end().len())
}

/// Whether the word before a full stop is a short abbreviation (`Mr`,
/// `U.S`, a single letter) rather than a sentence's last word.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (letters <= 1 && !word.chars().any(|c| c.is_ascii_digit()))
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Gen"
                | "Col"
                | "Lt"
                | "Sgt"
                | "Prof"
                | "Jr"
                | "Sr"
                | "vs"
                | "No"
                | "Co"
                | "Inc"
                | "Ltd"
                | "U.S"
                | "U.N"
                | "U.K"
        )
}

/// Whether the character before `at` and the one at `at` are in one word
/// (letters and digits, and apostrophes or hyphens between them).
fn inside_word(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if !word(after) {
        return false;
    }
    match before {
        Some(c) if c.is_alphanumeric() => true,
        Some('\'' | '\u{2019}' | '-') => word(text[..at - 1].chars().next_back()),
        _ => false,
    }
}

/// `at`, or the start of the next word when `at` is inside one.
fn word_start(text: &str, at: usize) -> usize {
    let mut at = floor(text, at);
    while at < text.len() && inside_word(text, at) {
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    let rest = &text[at..];
    at + (rest.len() - rest.trim_start().len())
}

/// `at`, or the end of the previous word when `at` is inside one.
fn word_end(text: &str, at: usize) -> usize {
    let mut at = floor(text, at);
    while at > 0 && inside_word(text, at) {
        at -= text[..at].chars().next_back().map_or(1, char::len_utf8);
    }
    let kept = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
    kept.len()
}

/// The largest char boundary at or before `at`.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighted(passage: &Passage) -> Vec<&str> {
        passage
            .highlights
            .iter()
            .map(|&(s, e)| &passage.text[s..e])
            .collect()
    }

    #[test]
    fn a_passage_near_its_sentence_shows_the_sentence() {
        let body = "First sentence here. The minefield maps were handed over on Tuesday. Third one follows.";
        let at = body.find("maps").unwrap();
        let passage = around(body, at, at + 4, &[(at, at + 4)]);
        assert_eq!(
            passage.text,
            "The minefield maps were handed over on Tuesday."
        );
        assert_eq!(highlighted(&passage), ["maps"]);
    }

    #[test]
    fn far_from_a_sentence_boundary_words_are_cut_whole_with_an_ellipsis() {
        let long = "word ".repeat(40);
        let body = format!("{long}O'Neill said the minefield maps were {long}");
        let at = body.find("Neill").unwrap();
        let end = body.find("maps").unwrap() + 2; // mid-word
        let passage = around(&body, at, end, &[]);
        assert!(passage.text.starts_with("\u{2026}said"), "{}", passage.text);
        assert!(
            passage.text.ends_with("minefield\u{2026}"),
            "{}",
            passage.text
        );
    }

    #[test]
    fn paragraph_breaks_and_runs_of_blanks_become_one_space() {
        let body = "Talks resumed.\n\nThe  minister said\tmore.";
        let at = body.find("minister").unwrap();
        let passage = around(body, 0, body.len(), &[(at, at + 8)]);
        assert_eq!(passage.text, "Talks resumed. The minister said more.");
        assert_eq!(highlighted(&passage), ["minister"]);
        let statement = whole("  \u{201C}We will\n\nsign,\u{201D} she said. ", &[]);
        assert_eq!(statement.text, "\u{201C}We will sign,\u{201D} she said.");
    }

    #[test]
    fn the_opening_ends_with_a_sentence_or_a_whole_word() {
        let body = format!(
            "Short first sentence. Then a second one that goes on{} without an end",
            " and on".repeat(30)
        );
        let body = body.as_str();
        assert_eq!(opening(body, 25).text, "Short first sentence.");
        let cut = opening(body, 60).text;
        assert!(cut.ends_with('\u{2026}') && !cut.contains("  "), "{cut}");
        let before = cut.trim_end_matches('\u{2026}');
        assert!(body.starts_with(before));
        assert_eq!(
            &body[before.len()..before.len() + 1],
            " ",
            "cut at a word end: {cut}"
        );
        assert_eq!(opening("Only this.", 200).text, "Only this.");
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let body = "x ".repeat(20) + "Mr. Smith said the U.S. plan was final. Then more.";
        let at = body.find("plan").unwrap();
        let passage = around(&body, at, at + 4, &[]);
        assert!(
            passage.text.ends_with("plan was final."),
            "{}",
            passage.text
        );
    }
}
