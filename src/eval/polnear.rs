//! Converting the PolNeAR attribution corpus (Newell, Margolin and Ruths,
//! LREC 2018) to newsdex's gold format, so the extractor can be measured on
//! real articles annotated by other people.
//!
//! PolNeAR gives, per article, `text/NAME.txt` and one or more BRAT files
//! `attributions/NAME_ANNOTATOR.ann` whose `Source` spans say who is
//! credited with each attribution: a person, an organisation, a group or a
//! pronoun. The conversion keeps persons only:
//! - a span whose head is a capitalised name (roles and honorifics
//!   stripped) is that person, written in the fullest form the article
//!   gives (`Trump` becomes `Donald Trump`);
//! - a span whose name is used as a modifier (`the Clinton campaign`,
//!   `Trump's spokesman`) or that is an organisation, outlet or place is
//!   left out, and so are anonymous spans (`a spokesman`, `officials`);
//! - a pronoun span (`he`, `she`) is the person of the nearest preceding
//!   person span of the same article, when there is one.
//!
//! Only speakers are labelled; the gold records have no `sources`, so
//! source scores are not computed on this set. One annotator per article
//! is used (the first in file-name order).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::eval::GoldArticle;
use crate::extract::Vocabulary;
use crate::extract::{fold, is_name_word, is_particle, nearest_full_name, surname};
use crate::extract::{tokenize, TokenKind as Kind};

/// Errors reading a PolNeAR folder.
#[derive(Debug, thiserror::Error)]
pub enum PolnearError {
    /// A file or folder cannot be read.
    #[error(
        "cannot read {path}: {source} (expected a PolNeAR folder with text/ and attributions/)"
    )]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn read(path: &Path) -> Result<String, PolnearError> {
    std::fs::read_to_string(path).map_err(|source| PolnearError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// One `Source` span: character offsets and text.
struct SourceSpan {
    start: usize,
    text: String,
}

fn source_spans(ann: &str) -> Vec<SourceSpan> {
    let mut spans: Vec<SourceSpan> = ann
        .lines()
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let id = cols.next()?;
            if !id.starts_with('T') {
                return None;
            }
            let mut head = cols.next()?.split([' ', ';']);
            if head.next()? != "Source" {
                return None;
            }
            let start: usize = head.next()?.parse().ok()?;
            Some(SourceSpan {
                start,
                text: cols.next()?.to_string(),
            })
        })
        .collect();
    spans.sort_by_key(|s| s.start);
    spans
}

const PRONOUNS: &[&str] = &[
    "he", "she", "him", "her", "his", "hers", "himself", "herself",
];

/// Person names in the article: capitalised chunks of two or more name
/// words after stripping roles, keyed by folded last word, longest kept.
type NamePool = HashMap<String, Vec<(usize, Vec<String>)>>;

fn full_names(text: &str, offset: usize, vocab: &Vocabulary) -> NamePool {
    let mut names: NamePool = HashMap::new();
    let headlines = crate::extract::headline_lines(text);
    for (pos, chunk) in chunks(text) {
        if headlines.iter().any(|&(s, e)| s <= pos && pos < e) {
            continue;
        }
        let words = strip(&chunk, vocab);
        if words.len() >= 2 && person_shaped(&words, vocab) {
            names
                .entry(fold(surname(&words)))
                .or_default()
                .push((offset + pos, words));
        }
    }
    names
}

/// Maximal runs of name words (with inner particles) in `text`.
fn chunks(text: &str) -> Vec<(usize, Vec<String>)> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let word = t.text(text);
        let next_is_name = tokens
            .get(i + 1)
            .is_some_and(|n| n.kind == Kind::Word && is_name_word(n.text(text)));
        let continues = t.kind == Kind::Word
            && (is_name_word(word) || (!current.is_empty() && is_particle(word) && next_is_name));
        if continues {
            if current.is_empty() {
                start = t.start;
            }
            current.push(possessive_free(word).to_string());
            if word != possessive_free(word) {
                out.push((start, std::mem::take(&mut current)));
            }
        } else if !current.is_empty() {
            out.push((start, std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

fn possessive_free(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

fn strip(chunk: &[String], vocab: &Vocabulary) -> Vec<String> {
    let words: Vec<&str> = chunk.iter().map(String::as_str).collect();
    let parts = vocab.split_name(&words);
    chunk[parts.first..parts.end.max(parts.first)].to_vec()
}

fn person_shaped(words: &[String], vocab: &Vocabulary) -> bool {
    vocab.person_shaped(words)
}

/// The person a `Source` span names, if it names one.
fn span_person(span: &str, names: &NamePool, vocab: &Vocabulary, at: usize) -> Option<String> {
    let tokens = tokenize(span);
    let words: Vec<&str> = tokens.iter().map(|t| t.text(span)).collect();
    // The span is read as comma-separated segments, up to a parenthesis or
    // a relative clause: "Doug Schoen, a former adviser to Mr. Clinton",
    // "One delegate not on the Cruz slate, Kelly Schmidt". The first
    // segment that ends in a name names the person.
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for (k, t) in tokens.iter().enumerate() {
        let relative = t.kind == Kind::Word && matches!(words[k], "who" | "whose" | "which");
        if t.is(',') || t.is('(') || t.is(';') || relative || t.kind == Kind::Quote {
            segments.push((from, k));
            if !t.is(',') {
                from = tokens.len();
                break;
            }
            from = k + 1;
        }
    }
    if from < tokens.len() {
        segments.push((from, tokens.len()));
    }
    let (start, i) = segments.into_iter().find_map(|(from, to)| {
        let mut end = to;
        while end > from && tokens[end - 1].kind != Kind::Word {
            end -= 1;
        }
        if end == from
            || !is_name_word(words[end - 1])
            || words[end - 1] != possessive_free(words[end - 1])
        {
            return None;
        }
        let mut start = end - 1;
        while start > from
            && tokens[start - 1].kind == Kind::Word
            && (is_name_word(words[start - 1]) || is_particle(words[start - 1]))
            && words[start - 1] == possessive_free(words[start - 1])
        {
            start -= 1;
        }
        // "the Center for Responsive Politics", "Department of Homeland
        // Security": the end of an organisation's name.
        let inside_organisation = start >= from + 2
            && matches!(words[start - 1], "for" | "of" | "on" | "and")
            && is_name_word(words[start - 2]);
        (!inside_organisation).then_some((start, end))
    })?;
    let chunk: Vec<String> = words[start..i].iter().map(|w| w.to_string()).collect();
    let person = strip(&chunk, vocab);
    if !person_shaped(&person, vocab) {
        return None;
    }
    let key = fold(surname(&person));
    if let Some(full) = names
        .get(&key)
        .and_then(|pool| nearest_full_name(pool, &person, at))
    {
        return Some(full);
    }
    // A lone capitalised word the article never completes is as likely a
    // group or a place ("Participants", "Democrats") as a person: it counts
    // only after an honorific ("Mr. Smith").
    let honorific = {
        let words: Vec<&str> = chunk.iter().map(String::as_str).collect();
        vocab.split_name(&words).honorific
    };
    (person.len() >= 2 || honorific).then(|| person.join(" "))
}

/// Converts one article: its speakers from one annotation file.
pub fn convert_article(text: &str, ann: &str, vocab: &Vocabulary) -> Vec<String> {
    // Names are learnt from the body only: a title-case headline ("Trump
    // Just Responded To Rubio") is not a name.
    let (offset, body) = text
        .find('\n')
        .map_or((text.len(), ""), |i| (i + 1, &text[i + 1..]));
    let names = full_names(body, offset, vocab);
    let mut speakers: Vec<String> = Vec::new();
    let mut last_person: Option<String> = None;
    for span in source_spans(ann) {
        let trimmed = span.text.trim();
        let person = if PRONOUNS.contains(&fold(trimmed).as_str()) {
            last_person.clone()
        } else {
            let at = text
                .char_indices()
                .nth(span.start)
                .map_or(text.len(), |(i, _)| i);
            let found = span_person(trimmed, &names, vocab, at);
            if found.is_some() {
                last_person = found.clone();
            }
            found
        };
        if let Some(person) = person {
            if !speakers.iter().any(|s| fold(s) == fold(&person)) {
                speakers.push(person);
            }
        }
    }
    speakers
}

/// Converts a PolNeAR folder into gold records (paths relative to `dir`).
pub fn convert(dir: &Path, vocab: &Vocabulary) -> Result<Vec<GoldArticle>, PolnearError> {
    let ann_dir = dir.join("attributions");
    let entries = std::fs::read_dir(&ann_dir).map_err(|source| PolnearError::Read {
        path: ann_dir.clone(),
        source,
    })?;
    // article name -> first annotation file
    let mut annotations: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for path in files {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().and_then(|e| e.to_str()) != Some("ann") {
            continue;
        }
        if let Some((article, _annotator)) = stem.rsplit_once('_') {
            annotations.entry(article.to_string()).or_insert(path);
        }
    }
    let mut gold = Vec::new();
    for (article, ann_path) in annotations {
        let text_rel = format!("text/{article}.txt");
        let text_path = dir.join(&text_rel);
        if !text_path.is_file() {
            continue;
        }
        let text = read(&text_path)?;
        let ann = read(&ann_path)?;
        gold.push(GoldArticle {
            path: text_rel,
            title: None,
            text: None,
            source: None,
            speakers: Some(convert_article(&text, &ann, vocab)),
            sources: None,
        });
    }
    Ok(gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons_are_kept_and_completed_pronouns_resolved_groups_dropped() {
        let text = "Campaign shifts staff.\n\nDemocratic candidate Martin O'Malley is moving staff. O'Malley's campaign says it will move. Spokeswoman Haley Morris says the candidate is lean. He said more. The Clinton campaign declined. Officials said no. CNN reported it.";
        let ann = "T1\tSource 10 20\tO'Malley's campaign\nT2\tSource 30 54\tSpokeswoman Haley Morris\nT3\tSource 60 62\tHe\nT4\tSource 70 89\tThe Clinton campaign\nT5\tSource 90 99\tOfficials\nT6\tSource 100 103\tCNN\nT7\tSource 110 118\tO'Malley\nT8\tCue 1 2\tsays\n";
        let vocab = Vocabulary::builtin();
        let speakers = convert_article(text, ann, &vocab);
        assert_eq!(speakers, ["Haley Morris", "Martin O'Malley"]);
    }

    #[test]
    fn converts_a_folder_with_one_annotator_per_article() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("text")).unwrap();
        std::fs::create_dir_all(dir.path().join("attributions")).unwrap();
        std::fs::write(
            dir.path().join("text/a.txt"),
            "Title.\n\nSenator Jane Roe spoke. Roe said yes.",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("attributions/a_0001.ann"),
            "T1\tSource 30 33\tRoe\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("attributions/a_0002.ann"),
            "T1\tSource 30 33\tSomeone Else\n",
        )
        .unwrap();
        let gold = convert(dir.path(), &Vocabulary::builtin()).unwrap();
        assert_eq!(gold.len(), 1);
        assert_eq!(gold[0].path, "text/a.txt");
        assert_eq!(
            gold[0].speakers.as_deref(),
            Some(&["Jane Roe".to_string()][..])
        );
    }
}
