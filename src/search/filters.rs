//! Filter values resolved against the names in the index: outlet
//! aliases, surnames, languages, and did-you-mean for the unknown.

use std::collections::BTreeSet;

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use super::{SearchError, Searchable, Suggestion};

/// Filter values that matched no name in the index.
#[derive(Default)]
pub(crate) struct Unknown {
    /// What to tell the user about each.
    pub messages: Vec<String>,
    /// The close names, for those that have one.
    pub suggestions: Vec<Suggestion>,
}
use crate::extract::fold;
use crate::extract::Outlets;

/// The value closest to `wanted` (folded) by edit distance, over whole
/// names and, for people, surnames; `None` when nothing is close enough
/// to be a plausible typo.
pub(super) fn closest<'a>(wanted: &str, values: &'a [String]) -> Option<&'a str> {
    let budget = match wanted.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    values
        .iter()
        .filter_map(|value| {
            let folded = fold(value);
            let whole = strsim::damerau_levenshtein(wanted, &folded);
            let last = folded
                .rsplit(' ')
                .next()
                .map_or(usize::MAX, |w| strsim::damerau_levenshtein(wanted, w));
            let distance = whole.min(last);
            (distance <= budget).then_some((distance, value.as_str()))
        })
        .min_by_key(|&(distance, value)| (distance, value.len()))
        .map(|(_, value)| value)
}

/// What resolving filter names needs of an index, local or on a
/// cluster: how many articles have a facet value, and every value.
pub(crate) trait Names {
    /// The number of articles with exactly this value of a facet field
    /// (`source`, `speaker`, `author`, `language`).
    fn count(&self, field: &str, name: &str) -> Result<u64, SearchError>;
    /// Every value of a facet field present in the index, sorted.
    fn values(&self, field: &str) -> Result<Vec<String>, SearchError>;
}

impl Searchable {
    /// Every value of a facet field present in the index, sorted.
    pub fn facet_values(&self, field: tantivy::schema::Field) -> Result<Vec<String>, SearchError> {
        let mut values = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) {
                    if let Some(name) = facet.to_path().first().filter(|n| !n.is_empty()) {
                        values.insert(name.to_string());
                    }
                }
            }
        }
        Ok(values.into_iter().collect())
    }
}

impl Names for Searchable {
    fn count(&self, field: &str, name: &str) -> Result<u64, SearchError> {
        let field = self.index.schema().get_field(field)?;
        let term = Term::from_facet(field, &Facet::from_path([name]));
        Ok(self.searcher.doc_freq(&term)?)
    }

    fn values(&self, field: &str) -> Result<Vec<String>, SearchError> {
        self.facet_values(self.index.schema().get_field(field)?)
    }
}

/// Matches filter names to the names in the index: outlet aliases and
/// case are ignored for sources; a speaker may be given by any part of
/// the name (a surname) when that part is unambiguous.
pub(crate) fn resolve(
    index: &dyn Names,
    given: &[String],
    field: &str,
    outlets: Option<&Outlets>,
    param: &'static str,
    unknown: &mut Unknown,
) -> Result<Vec<String>, SearchError> {
    if given.is_empty() {
        return Ok(Vec::new());
    }
    let what = if outlets.is_some() {
        "source"
    } else if field == "author" {
        "author"
    } else {
        "speaker"
    };
    // Names given exactly as indexed (canonical outlets, full names)
    // are found with one term lookup; the others need the list of names.
    let mut resolved = Vec::new();
    let mut rest = Vec::new();
    for name in given {
        let exact = outlets
            .and_then(|o| o.canonical(name))
            .map(str::to_string)
            .unwrap_or_else(|| name.clone());
        // A one-word speaker (a surname) also stands for the full names
        // ending with it, so it always goes through the list.
        let one_word = outlets.is_none() && !exact.trim().contains(' ');
        if !one_word && index.count(field, &exact)? > 0 {
            resolved.push(exact);
        } else {
            rest.push(name);
        }
    }
    if rest.is_empty() {
        return Ok(resolved);
    }
    let values = index.values(field)?;
    for name in rest {
        let wanted = outlets
            .and_then(|o| o.canonical(name))
            .map(fold)
            .unwrap_or_else(|| fold(name));
        let exact = values.iter().find(|v| fold(v) == wanted);
        let surname = outlets.is_none() && !wanted.contains(' ');
        if let Some(exact) = exact {
            if !surname {
                resolved.push(exact.clone());
                continue;
            }
        }
        let parts: Vec<&str> = wanted.split(' ').collect();
        let partial: Vec<&String> = values
            .iter()
            .filter(|v| Some(*v) != exact)
            .filter(|v| {
                let folded = fold(v);
                let words: Vec<&str> = folded.split(' ').collect();
                // every given word appears in the name, in order at the end
                words.ends_with(&parts) || parts.iter().all(|p| words.contains(p))
            })
            .collect();
        // A surname: the one full name ending with it, and articles
        // that name the person by surname only.
        if let Some(exact) = exact {
            resolved.push(exact.clone());
            if partial.is_empty() {
                continue;
            }
        }
        match partial.as_slice() {
            [] => {
                let message = match closest(&wanted, &values) {
                    Some(near) => {
                        unknown.suggestions.push(Suggestion {
                            param,
                            given: name.clone(),
                            name: near.to_string(),
                        });
                        format!("no {what} '{name}' in the index; did you mean {near}?")
                    }
                    None => format!("no {what} '{name}' in the index"),
                };
                unknown.messages.push(message);
            }
            [one] => resolved.push((*one).clone()),
            many if outlets.is_none() => {
                return Err(SearchError::AmbiguousSpeaker {
                    what,
                    given: name.clone(),
                    candidates: many.iter().map(|s| s.to_string()).collect(),
                })
            }
            many => resolved.extend(many.iter().map(|s| s.to_string())),
        }
    }
    Ok(resolved)
}

/// The language codes of `--lang` values (`ru`, `rus`, `Russian`) that
/// articles of the index have; the others are reported in `unknown`.
pub(crate) fn languages(
    index: &dyn Names,
    given: &[String],
    unknown: &mut Unknown,
) -> Result<Vec<String>, SearchError> {
    let mut codes = Vec::new();
    for value in given {
        let Some(code) = crate::language::from_tag(value) else {
            unknown.messages.push(format!(
                "'{value}' is not a language (give an ISO 639-1 code such as en, ru, tr)"
            ));
            continue;
        };
        if index.count("language", &code)? > 0 {
            codes.push(code);
        } else {
            let present = index.values("language")?;
            unknown.messages.push(format!(
                "no article in language '{code}' in the index (it holds: {})",
                if present.is_empty() {
                    "none known".to_string()
                } else {
                    present.join(", ")
                }
            ));
        }
    }
    Ok(codes)
}

impl Searchable {
    pub(super) fn facet_filter(field: tantivy::schema::Field, names: &[String]) -> Box<dyn Query> {
        let clauses = names
            .iter()
            .map(|name| {
                let term = Term::from_facet(field, &Facet::from_path([name.as_str()]));
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}
