//! `html-body`: how well newsdex reads the article text out of saved web
//! pages, against hand-checked bodies.
//!
//! The folder holds `ground-truth.json` (per page key: `url` and
//! `articleBody`) and `html/<key>.html.gz`. Both texts are cut into words
//! (runs of letters, digits and underscores, as Python's `\w+` finds them),
//! and every run of four consecutive words is a shingle (a text of fewer
//! than four words is one shingle). Per page, shingles are counted as a
//! multiset: true positives are the shingles both texts hold (the smaller
//! count), false positives the extra ones read, misses the ones not read;
//! the three are divided by their sum, so that every page weighs the same.
//! Precision and recall are averaged over pages, and F1 comes from the two
//! averages. A page read as "no article" counts as an empty text.
//!
//! Only reading pages is timed (decompressing them is not), on one thread.
//! `--predictions FILE` scores texts another program read instead (a JSON
//! object of page key to `{"articleBody": ...}`), so that other extractors
//! are measured the same way.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use newsdex::html::read_page;
use serde::Deserialize;

/// One page of the ground truth.
#[derive(Deserialize)]
struct Truth {
    #[serde(default)]
    url: Option<String>,
    #[serde(default, rename = "articleBody")]
    article_body: String,
}

/// True positives, false positives and misses of one page, normalised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

/// Scores every page under `dir` and prints precision, recall, F1 and
/// pages/s; with `verbose`, the worst pages too.
pub fn run(dir: &Path, predictions: Option<&Path>, verbose: usize) -> anyhow::Result<()> {
    let truth_path = dir.join("ground-truth.json");
    let truth: HashMap<String, Truth> = serde_json::from_str(
        &std::fs::read_to_string(&truth_path)
            .with_context(|| format!("reading {}", truth_path.display()))?,
    )
    .with_context(|| format!("parsing {}", truth_path.display()))?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();

    let mut read: HashMap<String, String> = HashMap::new();
    let mut reasons: HashMap<String, String> = HashMap::new();
    let mut timing = None;
    if let Some(path) = predictions {
        let given: HashMap<String, Truth> = serde_json::from_str(
            &std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?,
        )
        .with_context(|| format!("parsing {}", path.display()))?;
        for (key, page) in given {
            read.insert(key, page.article_body);
        }
    } else {
        let mut pages = Vec::new();
        for key in &keys {
            let path = dir.join("html").join(format!("{key}.html.gz"));
            let file = std::fs::File::open(&path)
                .with_context(|| format!("opening {}", path.display()))?;
            let mut bytes = Vec::new();
            flate2::read::MultiGzDecoder::new(file)
                .read_to_end(&mut bytes)
                .with_context(|| format!("decompressing {}", path.display()))?;
            pages.push(bytes);
        }
        let started = Instant::now();
        for (key, bytes) in keys.iter().zip(&pages) {
            match read_page(bytes, truth[*key].url.as_deref()) {
                Ok(page) => {
                    read.insert((*key).clone(), page.body);
                }
                Err(no) => {
                    reasons.insert((*key).clone(), no.to_string());
                }
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let megabytes = pages.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
        timing = Some((secs, megabytes));
    }

    let mut scored = Vec::new();
    for key in &keys {
        let got = read.get(*key).map(String::as_str).unwrap_or("");
        scored.push((
            (*key).clone(),
            shingle_counts(&truth[*key].article_body, got),
        ));
    }
    let counts: Vec<Counts> = scored.iter().map(|(_, c)| *c).collect();
    let (precision, recall, f1) = summary(&counts);
    println!(
        "pages {}, read as no article {}, precision {:.3}, recall {:.3}, F1 {:.3}",
        keys.len(),
        reasons.len(),
        precision,
        recall,
        f1
    );
    if let Some((secs, megabytes)) = timing {
        println!(
            "read in {:.3} s on one thread: {:.1} pages/s, {:.1} MB/s of HTML",
            secs,
            keys.len() as f64 / secs,
            megabytes / secs
        );
    }
    if verbose > 0 {
        scored.sort_by(|a, b| page_f1(&a.1).total_cmp(&page_f1(&b.1)));
        for (key, c) in scored.iter().take(verbose) {
            let p = precision_score(c).unwrap_or(1.0);
            let r = recall_score(c).unwrap_or(1.0);
            let url = truth[key].url.as_deref().unwrap_or("");
            let why = reasons
                .get(key)
                .map(|r| format!(" (no article: {r})"))
                .unwrap_or_default();
            println!(
                "P {p:.2} R {r:.2}  {} {url}{why}",
                &key[..12.min(key.len())]
            );
        }
    }
    Ok(())
}

/// Prints what newsdex reads from the pages whose key starts with `prefix`.
pub fn show(dir: &Path, prefix: &str) -> anyhow::Result<()> {
    let html = dir.join("html");
    let mut names: Vec<_> = std::fs::read_dir(&html)
        .with_context(|| format!("listing {}", html.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".html.gz"))
        .collect();
    names.sort();
    for name in names {
        let path = html.join(&name);
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path)?)
            .read_to_end(&mut bytes)
            .with_context(|| format!("decompressing {}", path.display()))?;
        match read_page(&bytes, None) {
            Ok(page) => {
                println!("# {name}\n# title: {}\n# date: {:?}\n# site: {:?}\n# authors: {:?}\n# url: {:?}\n# lang: {:?}\n",
                    page.title, page.published, page.site_name, page.authors, page.url, page.language);
                println!("{}\n", page.body);
            }
            Err(no) => println!("# {name}\n# no article: {no}\n"),
        }
    }
    Ok(())
}

/// A page's own F1, for ranking the worst pages.
fn page_f1(c: &Counts) -> f64 {
    let p = precision_score(c).unwrap_or(1.0);
    let r = recall_score(c).unwrap_or(1.0);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// A page's precision; `None` when nothing was read and nothing expected
/// was read (the page does not count towards the average).
fn precision_score(c: &Counts) -> Option<f64> {
    if c.tp + c.fp == 0.0 {
        return None;
    }
    Some(if c.fp == 0.0 && c.fn_ == 0.0 {
        1.0
    } else {
        c.tp / (c.tp + c.fp)
    })
}

/// A page's recall; `None` when the truth has no words.
fn recall_score(c: &Counts) -> Option<f64> {
    if c.tp + c.fn_ == 0.0 {
        return None;
    }
    Some(if c.fp == 0.0 && c.fn_ == 0.0 {
        1.0
    } else {
        c.tp / (c.tp + c.fn_)
    })
}

/// Average precision, average recall and the F1 of the two.
pub fn summary(pages: &[Counts]) -> (f64, f64, f64) {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(precision_score).collect());
    let recall = mean(pages.iter().filter_map(recall_score).collect());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// Whether a character is a word character as Python's `\w` has it: a
/// letter (any L category), a number (any N category) or the underscore.
/// Marks are not, unlike in Rust's own `\w` and `char::is_alphanumeric`.
fn is_word_char(c: char) -> bool {
    use std::sync::OnceLock;
    static WORD: OnceLock<regex::Regex> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let re = WORD.get_or_init(|| regex::Regex::new(r"^[\p{L}\p{N}]$").expect("a valid pattern"));
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// The words of a text, as Python's `\w+` finds them.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The shingles of a text with their counts.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let words = words(text);
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    if words.len() < 4 {
        *counts.entry(words).or_insert(0) += 1;
        return counts;
    }
    for run in words.windows(4) {
        *counts.entry(run.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Compares what was read with the truth over shingles.
pub fn shingle_counts(truth: &str, got: &str) -> Counts {
    let want = shingles(truth);
    let have = shingles(got);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (shingle, &w) in &want {
        let h = have.get(shingle).copied().unwrap_or(0);
        tp += w.min(h);
        fn_ += w.saturating_sub(h);
    }
    for (shingle, &h) in &have {
        let w = want.get(shingle).copied().unwrap_or(0);
        fp += h.saturating_sub(w);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return Counts {
            tp: 0.0,
            fp: 0.0,
            fn_: 0.0,
        };
    }
    Counts {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_follow_python_word_characters() {
        assert_eq!(
            words("It's 3-to-1, naïve_x!"),
            ["It", "s", "3", "to", "1", "naïve_x"]
        );
        // A combining acute accent splits a word, as in Python.
        assert_eq!(words("cafe\u{301} noir"), ["cafe", "noir"]);
    }

    #[test]
    fn identical_texts_score_one() {
        let c = shingle_counts("one two three four five", "one two three four five");
        assert_eq!(summary(&[c]), (1.0, 1.0, 1.0));
    }

    #[test]
    fn extra_and_missing_runs_count() {
        // Truth: 2 shingles; read: the first of them and one extra.
        let c = shingle_counts("a b c d e", "a b c d x");
        assert!((c.tp - 1.0 / 3.0).abs() < 1e-9);
        assert!((c.fp - 1.0 / 3.0).abs() < 1e-9);
        assert!((c.fn_ - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_read_has_no_precision_and_zero_recall() {
        let c = shingle_counts("a b c d e", "");
        assert_eq!(precision_score(&c), None);
        assert_eq!(recall_score(&c), Some(0.0));
    }

    #[test]
    fn repeated_runs_count_as_a_multiset() {
        let c = shingle_counts("a b c d", "a b c d a b c d");
        // Read: 5 shingles, one of them matching the single true one.
        assert!(c.fp > 0.0);
        assert!(c.tp > 0.0);
        assert_eq!(c.fn_, 0.0);
    }
}
