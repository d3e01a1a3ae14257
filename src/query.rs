//! The query text before tantivy's parser sees it: `word~N` fuzzy terms
//! (which tantivy's syntax reads as a phrase slop and ignores on single
//! words) are taken out, and syntax errors are located so that the message
//! can point at them.

/// A `word~N` term of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyTerm {
    /// The word as typed, without `~N`.
    pub word: String,
    /// Edits allowed (1 or 2).
    pub distance: u8,
    /// Whether it was written `-word~N` (must not match).
    pub excluded: bool,
}

/// Splits the fuzzy terms off the query: returns the rest of the query
/// text and the fuzzy terms. Terms inside quotes or with a field name are
/// left to the parser.
pub fn split_fuzzy(query: &str) -> (String, Vec<FuzzyTerm>) {
    let mut rest = Vec::new();
    let mut fuzzy = Vec::new();
    let mut in_quotes = false;
    for word in query.split(' ') {
        let quotes = word.matches('"').count();
        let starts_in_quotes = in_quotes;
        if quotes % 2 == 1 {
            in_quotes = !in_quotes;
        }
        if starts_in_quotes || quotes > 0 {
            rest.push(word);
            continue;
        }
        match parse_fuzzy(word) {
            Some(term) => fuzzy.push(term),
            None => rest.push(word),
        }
    }
    (rest.join(" "), fuzzy)
}

fn parse_fuzzy(word: &str) -> Option<FuzzyTerm> {
    let (excluded, word) = match word.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, word.strip_prefix('+').unwrap_or(word)),
    };
    let (term, distance) = word.rsplit_once('~')?;
    let distance: u8 = match distance {
        "" => 1,
        d => d.parse().ok()?,
    };
    if term.is_empty()
        || !term
            .chars()
            .all(|c| c.is_alphanumeric() || c == '\'' || c == '-')
    {
        return None;
    }
    Some(FuzzyTerm {
        word: term.to_string(),
        distance: distance.clamp(1, 2),
        excluded,
    })
}

/// Where a query's syntax goes wrong, when it can be found: an unclosed
/// quote or parenthesis, or a closing parenthesis without its opening.
/// Returns the byte offset and what is wrong there.
pub fn locate_syntax_error(query: &str) -> Option<(usize, &'static str)> {
    let mut open_quote = None;
    let mut open_parens = Vec::new();
    for (at, c) in query.char_indices() {
        match c {
            '"' => open_quote = if open_quote.is_some() { None } else { Some(at) },
            '(' if open_quote.is_none() => open_parens.push(at),
            ')' if open_quote.is_none() && open_parens.pop().is_none() => {
                return Some((at, "this ')' closes nothing"));
            }
            _ => {}
        }
    }
    if let Some(at) = open_quote {
        return Some((at, "this quote is never closed"));
    }
    if let Some(&at) = open_parens.last() {
        return Some((at, "this '(' is never closed"));
    }
    let trimmed = query.trim_end();
    for operator in ["AND", "OR", "NOT"] {
        if trimmed.ends_with(&format!(" {operator}")) || trimmed == operator {
            return Some((
                trimmed.len() - operator.len(),
                "an operator needs a term after it",
            ));
        }
    }
    None
}

/// The query with a caret line under the byte at `at`.
pub fn point_at(query: &str, at: usize) -> String {
    let column = query[..at].chars().count();
    format!("  {query}\n  {}^", " ".repeat(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_terms_are_split_off() {
        let (rest, fuzzy) = split_fuzzy("zakharova~1 minefields -lavrov~ \"a~1 b\" title:x~2");
        assert_eq!(rest, "minefields \"a~1 b\" title:x~2");
        assert_eq!(
            fuzzy,
            [
                FuzzyTerm {
                    word: "zakharova".into(),
                    distance: 1,
                    excluded: false
                },
                FuzzyTerm {
                    word: "lavrov".into(),
                    distance: 1,
                    excluded: true
                },
            ]
        );
        let (_, fuzzy) = split_fuzzy("kalbajar~5");
        assert_eq!(fuzzy[0].distance, 2);
        let (rest, fuzzy) = split_fuzzy("plain words");
        assert_eq!((rest.as_str(), fuzzy.len()), ("plain words", 0));
    }

    #[test]
    fn syntax_errors_are_located() {
        assert_eq!(
            locate_syntax_error("\"minefield maps"),
            Some((0, "this quote is never closed"))
        );
        assert_eq!(
            locate_syntax_error("(a OR b"),
            Some((0, "this '(' is never closed"))
        );
        assert_eq!(
            locate_syntax_error("a OR b)"),
            Some((6, "this ')' closes nothing"))
        );
        assert_eq!(
            locate_syntax_error("peace AND"),
            Some((6, "an operator needs a term after it"))
        );
        assert_eq!(locate_syntax_error("\"a (b\" c"), None);
        assert_eq!(point_at("peace AND", 6), "  peace AND\n        ^");
    }
}
