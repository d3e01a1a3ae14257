//! Measuring extraction against a labelled gold set: precision, recall and
//! F1 over (article, name) pairs, micro-averaged, per field.
//!
//! A gold file is JSON Lines, one article per line:
//! `{"path": "sample-corpus/a.txt", "title": "...", "speakers": [...], "sources": [...]}`.
//! `path` is read relative to the root given (the current folder by
//! default); `title` picks the article in a file that holds several; an
//! optional `text` gives the body inline instead of a file. Names compare
//! case- and diacritics-insensitively; sources compare after the outlet
//! alias table.

pub mod polnear;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::extract::fold;
use crate::extract::Extractor;
use crate::parse::{read_file, Article};

/// One labelled article.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldArticle {
    /// The file holding the article.
    #[serde(default)]
    pub path: String,
    /// Its title (picks it out of a multi-article file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The body, when given inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The metadata source, with an inline body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Expected speakers; absent when the set does not label speakers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speakers: Option<Vec<String>>,
    /// Expected sources; absent when the set does not label sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<String>>,
}

/// Errors reading a gold set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The gold file cannot be read.
    #[error("cannot read gold file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not a valid gold record.
    #[error("{path}:{line}: not a gold record: {message}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Why.
        message: String,
    },
    /// The article a gold record names cannot be found.
    #[error("{path}:{line}: no article titled {title:?} in {article}")]
    NotFound {
        /// The gold file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The article file.
        article: String,
        /// The title looked for.
        title: String,
    },
}

/// Precision, recall and F1 of one field.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Score {
    /// Pairs found and expected.
    pub true_positives: u64,
    /// Pairs found, not expected.
    pub false_positives: u64,
    /// Pairs expected, not found.
    pub false_negatives: u64,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn finish(mut self) -> Score {
        let tp = self.true_positives as f64;
        let found = tp + self.false_positives as f64;
        let expected = tp + self.false_negatives as f64;
        self.precision = if found == 0.0 { 1.0 } else { tp / found };
        self.recall = if expected == 0.0 { 1.0 } else { tp / expected };
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// The differences on one article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleErrors {
    /// Where the article is.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Speakers expected but not found.
    pub missed_speakers: Vec<String>,
    /// Speakers found but not expected.
    pub false_speakers: Vec<String>,
    /// Sources expected but not found.
    pub missed_sources: Vec<String>,
    /// Sources found but not expected.
    pub false_sources: Vec<String>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Articles scored.
    pub articles: usize,
    /// Speaker scores (`None` when the set labels no speakers).
    pub speakers: Option<Score>,
    /// Source scores (`None` when the set labels no sources).
    pub sources: Option<Score>,
    /// Articles with at least one error.
    pub errors: Vec<ArticleErrors>,
}

/// Reads a gold file.
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut gold = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: GoldArticle = serde_json::from_str(line).map_err(|err| EvalError::Line {
            path: path.to_path_buf(),
            line: i + 1,
            message: err.to_string(),
        })?;
        gold.push(record);
    }
    Ok(gold)
}

fn compare(
    found: &[String],
    expected: &[String],
    key: &dyn Fn(&str) -> String,
    score: &mut Score,
) -> (Vec<String>, Vec<String>) {
    let found_keys: Vec<String> = found.iter().map(|s| key(s)).collect();
    let expected_keys: Vec<String> = expected.iter().map(|s| key(s)).collect();
    let mut missed = Vec::new();
    let mut false_hits = Vec::new();
    for (name, k) in expected.iter().zip(&expected_keys) {
        if found_keys.contains(k) {
            score.true_positives += 1;
        } else {
            score.false_negatives += 1;
            missed.push(name.clone());
        }
    }
    for (name, k) in found.iter().zip(&found_keys) {
        if !expected_keys.contains(k) {
            score.false_positives += 1;
            false_hits.push(name.clone());
        }
    }
    (missed, false_hits)
}

/// Scores the extractor on gold records from `gold_path`, reading article
/// files relative to `root`.
pub fn evaluate(gold_path: &Path, root: &Path, extractor: &Extractor) -> Result<Report, EvalError> {
    let gold = read_gold(gold_path)?;
    evaluate_records(&gold, gold_path, root, extractor)
}

/// Scores the extractor on gold records (`origin` names them in errors).
pub fn evaluate_records(
    gold: &[GoldArticle],
    origin: &Path,
    root: &Path,
    extractor: &Extractor,
) -> Result<Report, EvalError> {
    let gold_path = origin;
    let mut files: HashMap<String, Vec<Article>> = HashMap::new();
    let mut speakers = Score::default();
    let mut sources = Score::default();
    let mut errors = Vec::new();
    let outlets = &extractor.vocabulary().outlets;
    // `The Times` and `Times` are one outlet, whichever the text wrote.
    let source_key = |s: &str| {
        let key = fold(&outlets.canonical_or_given(s));
        key.strip_prefix("the ").map(str::to_string).unwrap_or(key)
    };
    let name_key = |s: &str| fold(s);
    for (i, record) in gold.iter().enumerate() {
        let (title, found) = match &record.text {
            Some(text) => (
                record.title.clone().unwrap_or_default(),
                extractor.extract_text(text, record.source.as_deref()),
            ),
            None => {
                let articles = files.entry(record.path.clone()).or_insert_with(|| {
                    let mut list = Vec::new();
                    read_file(&root.join(&record.path), &mut |a| list.push(a));
                    list
                });
                let article = articles
                    .iter()
                    .find(|a| {
                        record
                            .title
                            .as_ref()
                            .is_none_or(|t| fold(t) == fold(&a.title))
                    })
                    .ok_or_else(|| EvalError::NotFound {
                        path: gold_path.to_path_buf(),
                        line: i + 1,
                        article: record.path.clone(),
                        title: record.title.clone().unwrap_or_default(),
                    })?;
                (article.title.clone(), extractor.extract(article))
            }
        };
        let (missed_speakers, false_speakers) = match &record.speakers {
            Some(expected) => compare(&found.speakers, expected, &name_key, &mut speakers),
            None => Default::default(),
        };
        let (missed_sources, false_sources) = match &record.sources {
            Some(expected) => compare(&found.sources, expected, &source_key, &mut sources),
            None => Default::default(),
        };
        if !(missed_speakers.is_empty()
            && false_speakers.is_empty()
            && missed_sources.is_empty()
            && false_sources.is_empty())
        {
            errors.push(ArticleErrors {
                path: record.path.clone(),
                title,
                missed_speakers,
                false_speakers,
                missed_sources,
                false_sources,
            });
        }
    }
    Ok(Report {
        articles: gold.len(),
        speakers: gold
            .iter()
            .any(|g| g.speakers.is_some())
            .then(|| speakers.finish()),
        sources: gold
            .iter()
            .any(|g| g.sources.is_some())
            .then(|| sources.finish()),
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Vocabulary;

    #[test]
    fn scores_inline_gold_records() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("gold.jsonl");
        std::fs::write(
            &gold,
            concat!(
                r#"{"title": "a", "text": "\"Yes,\" Maria Zakharova said, TASS reports.", "speakers": ["maria zakharova"], "sources": ["TASS"]}"#,
                "\n",
                r#"{"title": "b", "text": "John Smith said so, according to Reuters.", "speakers": ["Jane Doe"], "sources": ["reuters.com"]}"#,
                "\n"
            ),
        )
        .unwrap();
        let report = evaluate(&gold, dir.path(), &Extractor::new(Vocabulary::builtin())).unwrap();
        assert_eq!(report.articles, 2);
        assert_eq!(report.sources.unwrap().true_positives, 2);
        assert_eq!(report.sources.unwrap().f1, 1.0);
        assert_eq!(
            (
                report.speakers.unwrap().true_positives,
                report.speakers.unwrap().false_positives,
                report.speakers.unwrap().false_negatives
            ),
            (1, 1, 1)
        );
        assert!((report.speakers.unwrap().f1 - 0.5).abs() < 1e-9);
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].missed_speakers, ["Jane Doe"]);
        assert_eq!(report.errors[0].false_speakers, ["John Smith"]);
    }

    #[test]
    fn unlabelled_fields_are_not_scored() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("gold.jsonl");
        std::fs::write(
            &gold,
            r#"{"text": "Reuters reported it. John Smith said so.", "speakers": ["John Smith"]}"#,
        )
        .unwrap();
        let report = evaluate(&gold, dir.path(), &Extractor::new(Vocabulary::builtin())).unwrap();
        assert_eq!(report.speakers.unwrap().f1, 1.0);
        assert!(report.sources.is_none());
        assert!(report.errors.is_empty());
    }

    #[test]
    fn bad_gold_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("gold.jsonl");
        std::fs::write(&gold, "{\"speakers\": 3}\n").unwrap();
        let err = evaluate(&gold, dir.path(), &Extractor::new(Vocabulary::builtin())).unwrap_err();
        assert!(
            err.to_string().contains("gold.jsonl:1: not a gold record"),
            "{err}"
        );
    }
}
