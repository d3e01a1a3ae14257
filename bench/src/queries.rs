//! `queries`: search latency per class of query, measured in-process
//! through newsdex's library ([`newsdex::search::Searchable`]) on a warm
//! index.
//!
//! Queries are drawn from the index itself: articles are sampled at random
//! and their stored text gives the words, phrases, sources and speakers
//! asked for; a word's document frequency (of its stem, in the body field)
//! decides whether it is rare or common. Every query runs once untimed to
//! warm the index, then once timed; the table gives p50, p90, p99 and max
//! per class.
//!
//! Each search is timed as `newsdex search` runs it: the 20 most frequent
//! sources and speakers over all matches, collapsing on, and the page of
//! hits read back (stored fields, snippets, the copies of each hit). For
//! the classes without filters the same parsed
//! queries also run through tantivy alone, with top hits and a count, then
//! with the same facet counts added; the differences show what facet
//! counting, and then snippets and stored documents, cost.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use newsdex::schema::IndexSchema;
use newsdex::search::{FacetLimit, SearchRequest, Searchable, SortOrder};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::schema::{Facet, Field, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use newsdex::histogram::Interval;

use crate::rng::Rng;

/// One search to time.
#[derive(Debug, Clone, Default)]
struct Case {
    query: String,
    sources: Vec<String>,
    speakers: Vec<String>,
    said_by: Vec<String>,
    histogram: Option<Interval>,
    sort: SortOrder,
}

impl Case {
    fn text(query: String) -> Case {
        Case {
            query,
            ..Case::default()
        }
    }

    fn is_plain(&self) -> bool {
        self.sources.is_empty()
            && self.speakers.is_empty()
            && self.said_by.is_empty()
            && self.histogram.is_none()
            && self.sort == SortOrder::Relevance
    }
}

/// A class of queries and how it was drawn.
struct Class {
    name: &'static str,
    note: String,
    cases: Vec<Case>,
}

/// An article sampled from the index: its tokens and facets.
struct Sample {
    tokens: Vec<String>,
    sources: Vec<String>,
    speakers: Vec<String>,
}

/// Tokens as tantivy's simple tokenizer cuts them (runs of alphanumeric
/// characters), lowercased, so consecutive ones make a phrase.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_word(token: &str, min_len: usize) -> bool {
    token.len() >= min_len && token.bytes().all(|b| b.is_ascii_alphabetic())
}

fn facet_names(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_facet())
        .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
        .filter_map(|facet| facet.to_path().first().map(|s| s.to_string()))
        .collect()
}

/// Reads `count` random live articles.
fn sample_articles(
    searcher: &Searcher,
    schema: &IndexSchema,
    count: usize,
    rng: &mut Rng,
) -> anyhow::Result<Vec<Sample>> {
    let segments = searcher.segment_readers();
    let total: u64 = segments.iter().map(|s| u64::from(s.max_doc())).sum();
    anyhow::ensure!(total > 0, "the index is empty");
    let f = &schema.fields;
    let mut samples = Vec::with_capacity(count);
    let mut attempts = 0;
    while samples.len() < count && attempts < count * 10 {
        attempts += 1;
        let mut n = rng.below(total as usize) as u64;
        let (ord, segment) = segments
            .iter()
            .enumerate()
            .find(|(_, s)| {
                let fits = n < u64::from(s.max_doc());
                if !fits {
                    n -= u64::from(s.max_doc());
                }
                fits
            })
            .expect("n below the total");
        let doc_id = n as u32;
        if segment.is_deleted(doc_id) {
            continue;
        }
        let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        samples.push(Sample {
            tokens: tokens(&format!("{}\n{}", text(f.title), text(f.body))),
            sources: facet_names(&doc, f.source),
            speakers: facet_names(&doc, f.speaker),
        });
    }
    Ok(samples)
}

/// Distinct words of the samples with the document frequency of their
/// stem in the body field, least frequent first.
fn vocabulary(
    index: &tantivy::Index,
    searcher: &Searcher,
    body: Field,
    samples: &[Sample],
) -> anyhow::Result<Vec<(u64, String)>> {
    let mut analyzer = index
        .tokenizers()
        .get(newsdex::schema::TEXT_ANALYZER)
        .context("the index has no text analyzer")?;
    let mut words: Vec<&str> = samples
        .iter()
        .flat_map(|s| s.tokens.iter().map(String::as_str))
        .filter(|t| is_word(t, 3))
        .collect();
    words.sort_unstable();
    words.dedup();
    let mut seen_stems = std::collections::HashSet::new();
    let mut vocabulary = Vec::new();
    for word in words {
        let mut stream = analyzer.token_stream(word);
        if !stream.advance() {
            continue;
        }
        let stem = stream.token().text.clone();
        if !seen_stems.insert(stem.clone()) {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(body, &stem))?;
        if df > 0 {
            vocabulary.push((df, word.to_string()));
        }
    }
    vocabulary.sort();
    Ok(vocabulary)
}

/// `n` items taken in turn from `items` (repeating when it is short).
fn cycle<T: Clone>(items: &[T], n: usize) -> Vec<T> {
    items.iter().cycle().take(n).cloned().collect()
}

/// A random word of at least four letters from a sample.
fn word_of(sample: &Sample, rng: &mut Rng) -> Option<String> {
    let words: Vec<&String> = sample.tokens.iter().filter(|t| is_word(t, 4)).collect();
    (!words.is_empty()).then(|| rng.pick(&words).to_string())
}

fn draw_classes(
    samples: &[Sample],
    vocabulary: &[(u64, String)],
    per_class: usize,
    rng: &mut Rng,
) -> Vec<Class> {
    let n = per_class.max(1);
    let df_range = |part: &[(u64, String)]| {
        format!(
            "df {}-{}",
            part.first().map_or(0, |x| x.0),
            part.last().map_or(0, |x| x.0)
        )
    };
    let rare_part = &vocabulary[..n.min(vocabulary.len())];
    let common_part = &vocabulary[vocabulary.len().saturating_sub(n)..];
    let rare = cycle(rare_part, n);
    let common = cycle(common_part, n);

    let mut and = Vec::new();
    let mut phrase = Vec::new();
    let mut with_source = Vec::new();
    let mut with_speaker = Vec::new();
    let mut source_only = Vec::new();
    let mut said_by = Vec::new();
    let mut histogram = Vec::new();
    let mut newest = Vec::new();
    let mut guard = 0;
    while (and.len() < n
        || said_by.len() < n
        || histogram.len() < n
        || phrase.len() < n
        || with_source.len() < n
        || with_speaker.len() < n
        || source_only.len() < n
        || newest.len() < n)
        && guard < n * 1000
    {
        guard += 1;
        let sample = rng.pick(samples);
        if and.len() < n {
            if let (Some(a), Some(b)) = (word_of(sample, rng), word_of(sample, rng)) {
                if a != b {
                    and.push(Case::text(format!("{a} {b}")));
                }
            }
        }
        if phrase.len() < n && sample.tokens.len() > 3 {
            let len = rng.range(2, 3);
            let start = rng.below(sample.tokens.len() - len);
            let words = &sample.tokens[start..start + len];
            if words.iter().all(|w| is_word(w, 2)) && words.iter().any(|w| w.len() >= 4) {
                phrase.push(Case::text(format!("\"{}\"", words.join(" "))));
            }
        }
        if with_source.len() < n && !sample.sources.is_empty() {
            if let Some(word) = word_of(sample, rng) {
                with_source.push(Case {
                    query: word,
                    sources: vec![rng.pick(&sample.sources).clone()],
                    ..Case::default()
                });
            }
        }
        // Full names only: a bare surname may stand for several people.
        let full_names: Vec<String> = sample
            .speakers
            .iter()
            .filter(|s| s.contains(' '))
            .cloned()
            .collect();
        if with_speaker.len() < n && !full_names.is_empty() {
            if let Some(word) = word_of(sample, rng) {
                with_speaker.push(Case {
                    query: word,
                    speakers: vec![rng.pick(&full_names).clone()],
                    ..Case::default()
                });
            }
        }
        if said_by.len() < n && !full_names.is_empty() {
            if let Some(word) = word_of(sample, rng) {
                said_by.push(Case {
                    query: word,
                    said_by: vec![rng.pick(&full_names).clone()],
                    ..Case::default()
                });
            }
        }
        if histogram.len() < n {
            if let Some(word) = word_of(sample, rng) {
                histogram.push(Case {
                    query: word,
                    histogram: Some(Interval::Month),
                    ..Case::default()
                });
            }
        }
        if newest.len() < n {
            if let Some(word) = word_of(sample, rng) {
                newest.push(Case {
                    query: word,
                    sort: SortOrder::Newest,
                    ..Case::default()
                });
            }
        }
        if source_only.len() < n && !sample.sources.is_empty() {
            source_only.push(Case {
                query: "*".to_string(),
                sources: vec![rng.pick(&sample.sources).clone()],
                ..Case::default()
            });
        }
    }
    vec![
        Class {
            name: "rare term",
            note: format!(
                "{} least frequent words, {}",
                rare_part.len(),
                df_range(rare_part)
            ),
            cases: rare.into_iter().map(|(_, w)| Case::text(w)).collect(),
        },
        Class {
            name: "common term",
            note: format!(
                "{} most frequent words, {}",
                common_part.len(),
                df_range(common_part)
            ),
            cases: common.into_iter().map(|(_, w)| Case::text(w)).collect(),
        },
        Class {
            name: "two-term AND",
            note: "two words of one article".to_string(),
            cases: and,
        },
        Class {
            name: "phrase",
            note: "2-3 consecutive words of one article".to_string(),
            cases: phrase,
        },
        Class {
            name: "term --source",
            note: "a word of an article and one of its sources".to_string(),
            cases: with_source,
        },
        Class {
            name: "term --speaker",
            note: "a word of an article and one of its speakers".to_string(),
            cases: with_speaker,
        },
        Class {
            name: "* --source",
            note: "every article of one source (largest facet counts)".to_string(),
            cases: source_only,
        },
        Class {
            name: "term --said-by",
            note: "a word of an article and one of its speakers, searched in that speaker's statements".to_string(),
            cases: said_by,
        },
        Class {
            name: "term --histogram month",
            note: "a word of an article, counted per month with each month's share".to_string(),
            cases: histogram,
        },
        Class {
            name: "term --sort newest",
            note: "a word of an article, the newest hits first".to_string(),
            cases: newest,
        },
    ]
}

/// Nearest-rank percentile of sorted durations, in ms.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

/// Runs `search` on every case; returns the sorted durations.
fn time_cases(
    cases: &[Case],
    mut search: impl FnMut(&Case) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(cases.len());
    for case in cases {
        let started = Instant::now();
        search(case)?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times)
}

fn p50_p99(sorted: &[Duration]) -> String {
    format!(
        "{:.2} / {:.2}",
        percentile(sorted, 0.5),
        percentile(sorted, 0.99)
    )
}

/// The classes of queries drawn from the index in `dir` (those whose
/// name holds `only`, if given), from articles sampled with `seed`.
fn drawn_classes(
    dir: &Path,
    per_class: usize,
    seed: u64,
    only: Option<&str>,
) -> anyhow::Result<Vec<Class>> {
    let schema = IndexSchema::builtin();
    let index = newsdex::index::open(dir, &schema)?;
    let searcher = index.reader()?.searcher();
    let mut rng = Rng::for_item(seed, 0);
    let samples = sample_articles(&searcher, &schema, 2000, &mut rng)?;
    let words = vocabulary(&index, &searcher, schema.fields.body, &samples)?;
    anyhow::ensure!(!words.is_empty(), "no words found in the sampled articles");
    let mut classes = draw_classes(&samples, &words, per_class, &mut rng);
    if let Some(only) = only {
        classes.retain(|class| class.name.contains(only));
    }
    Ok(classes)
}

/// A case as `newsdex search` asks it: names as the vocabulary spells
/// them, `limit` hits (none for a timeline), collapsing on.
fn request_of(
    case: &Case,
    vocab: &newsdex::extract::Vocabulary,
    limit: usize,
    facets: FacetLimit,
) -> SearchRequest {
    SearchRequest {
        query: case.query.clone(),
        sources: case.sources.clone(),
        speakers: case.speakers.iter().map(|s| vocab.person(s)).collect(),
        said_by: case.said_by.iter().map(|s| vocab.person(s)).collect(),
        histogram: case.histogram,
        limit: if case.histogram.is_some() { 0 } else { limit },
        sort: case.sort,
        collapse: true,
        facet_limit: facets,
        ..SearchRequest::default()
    }
}

/// Draws the queries, warms the index, times every class and prints the
/// table.
pub fn run(
    dir: &Path,
    per_class: usize,
    seed: u64,
    limit: usize,
    facets: FacetLimit,
    only: Option<&str>,
) -> anyhow::Result<()> {
    let schema = IndexSchema::builtin();
    let opened = Instant::now();
    let searchable = Searchable::open(dir, &schema)?;
    let open_ms = opened.elapsed().as_secs_f64() * 1e3;
    let vocab = newsdex::archive::load_vocabulary(Some(dir), &[], &[])?;
    let index = newsdex::index::open(dir, &schema)?;
    let searcher = index.reader()?.searcher();
    let classes = drawn_classes(dir, per_class, seed, only)?;
    let request = |case: &Case| request_of(case, &vocab, limit, facets);
    // A search as the command line runs it: the matches, then the page of
    // hits read back.
    let search = |case: &Case| -> anyhow::Result<u64> {
        let results = searchable.search(&request(case), &vocab.outlets)?;
        Ok(std::hint::black_box(results).total)
    };
    // Warm-up: every query once.
    for class in &classes {
        for case in &class.cases {
            search(case)?;
        }
    }
    println!(
        "index {}: {} articles in {} segments, opened in {:.1} ms; {} queries per class, {} hits each, facets {}, seed {}",
        dir.display(),
        searchable.num_articles(),
        searcher.segment_readers().len(),
        open_ms,
        per_class,
        limit,
        facets,
        seed
    );
    println!();
    println!("| class | queries | mean matches | p50 ms | p90 ms | p99 ms | max ms | tantivy: top hits + count, p50 / p99 ms | the same + facet counts, p50 / p99 ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for class in &classes {
        let mut times = Vec::with_capacity(class.cases.len());
        let mut matches = 0u64;
        for case in &class.cases {
            let started = Instant::now();
            let total = search(case)?;
            times.push(started.elapsed());
            matches += total;
        }
        times.sort();
        let unfiltered = class.cases.iter().all(Case::is_plain);
        let (bare, with_facets) = if unfiltered {
            let top = || TopDocs::with_limit(limit.max(1)).order_by_score();
            let bare = time_cases(&class.cases, |case| {
                let (query, _) = searchable.parse_query(&case.query, false)?;
                std::hint::black_box(searcher.search(&query, &(top(), Count))?);
                Ok(())
            })?;
            let with_facets = time_cases(&class.cases, |case| {
                let (query, _) = searchable.parse_query(&case.query, false)?;
                let mut sources = FacetCollector::for_field("source");
                sources.add_facet(Facet::root());
                let mut speakers = FacetCollector::for_field("speaker");
                speakers.add_facet(Facet::root());
                let collector = (top(), Count, sources, speakers);
                std::hint::black_box(searcher.search(&query, &collector)?);
                Ok(())
            })?;
            (p50_p99(&bare), p50_p99(&with_facets))
        } else {
            ("-".to_string(), "-".to_string())
        };
        println!(
            "| {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
            class.name,
            times.len(),
            matches as f64 / times.len().max(1) as f64,
            percentile(&times, 0.5),
            percentile(&times, 0.9),
            percentile(&times, 0.99),
            percentile(&times, 1.0),
            bare,
            with_facets
        );
    }
    println!();
    for class in &classes {
        let example = class
            .cases
            .first()
            .map(|c| {
                let mut text = format!("'{}'", c.query);
                for s in &c.sources {
                    text.push_str(&format!(" --source '{s}'"));
                }
                for s in &c.speakers {
                    text.push_str(&format!(" --speaker '{s}'"));
                }
                text
            })
            .unwrap_or_default();
        println!("{}: {}; e.g. {}", class.name, class.note, example);
    }
    Ok(())
}

/// Times every class on the local index in `dir` and on the OpenSearch
/// index (`url`, `os_index`) holding the same articles, both through
/// [`newsdex::archive::Archive`] as `newsdex search` runs them (the
/// matches, then the page of hits read back); prints one table with both,
/// and how many searches' totals differ (none should).
pub fn compare_cluster(
    dir: &Path,
    (url, os_index): (&str, &str),
    per_class: usize,
    seed: u64,
    limit: usize,
    facets: FacetLimit,
    only: Option<&str>,
) -> anyhow::Result<()> {
    use newsdex::archive::Archive;
    let local = Archive::open(dir)?;
    let options = newsdex::opensearch::ClusterOptions {
        attempts: 8,
        ..Default::default()
    };
    let cluster = Archive::connect(url, os_index, &options)?;
    let vocab = newsdex::archive::load_vocabulary(Some(dir), &[], &[])?;
    let classes = drawn_classes(dir, per_class, seed, only)?;
    let request = |case: &Case| request_of(case, &vocab, limit, facets);
    let search = |archive: &Archive, case: &Case| -> anyhow::Result<u64> {
        let matches = archive.search(&request(case))?;
        let hits = archive.hits(&matches).collect::<Result<Vec<_>, _>>()?;
        std::hint::black_box(hits);
        Ok(matches.total)
    };
    for class in &classes {
        for case in &class.cases {
            search(&local, case)?;
            search(&cluster, case)?;
        }
    }
    println!(
        "local index {} and cluster index {url}/{os_index}: {} articles; {} queries per class, {} hits each, facets {}, seed {}",
        dir.display(),
        local.stats()?.stats.articles,
        per_class,
        limit,
        facets,
        seed
    );
    println!();
    println!("| class | queries | mean matches | local p50 / p90 / p99 ms | cluster p50 / p90 / p99 ms | totals that differ |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let p50_90_99 = |sorted: &[Duration]| {
        format!(
            "{:.1} / {:.1} / {:.1}",
            percentile(sorted, 0.5),
            percentile(sorted, 0.9),
            percentile(sorted, 0.99)
        )
    };
    for class in &classes {
        let mut totals = Vec::with_capacity(class.cases.len());
        let local_times = time_cases(&class.cases, |case| {
            totals.push(search(&local, case)?);
            Ok(())
        })?;
        let mut cluster_totals = Vec::with_capacity(class.cases.len());
        let cluster_times = time_cases(&class.cases, |case| {
            cluster_totals.push(search(&cluster, case)?);
            Ok(())
        })?;
        let mut differ = 0;
        for ((case, a), b) in class.cases.iter().zip(&totals).zip(&cluster_totals) {
            if a != b {
                differ += 1;
                eprintln!(
                    "{}: {case:?}: {a} articles locally, {b} on the cluster",
                    class.name
                );
            }
        }
        println!(
            "| {} | {} | {:.0} | {} | {} | {} |",
            class.name,
            class.cases.len(),
            totals.iter().sum::<u64>() as f64 / totals.len().max(1) as f64,
            p50_90_99(&local_times),
            p50_90_99(&cluster_times),
            differ
        );
    }
    Ok(())
}

/// The searches of every class as URL query strings (the parameters of
/// the CLI flags), drawn as `run` draws them: what `load` sends.
pub fn draw_urls(
    dir: &Path,
    per_class: usize,
    seed: u64,
) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let classes = drawn_classes(dir, per_class, seed, None)?;
    Ok(classes
        .into_iter()
        .map(|class| {
            let urls = class
                .cases
                .iter()
                .map(|case| {
                    let params = newsdex::request::SearchParams {
                        q: case.query.clone(),
                        source: case.sources.clone(),
                        speaker: case.speakers.clone(),
                        said_by: case.said_by.clone(),
                        histogram: case.histogram,
                        ..newsdex::request::SearchParams::default()
                    };
                    params.to_query_string()
                })
                .collect();
            (class.name.to_string(), urls)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_tantivys_simple_tokenizer() {
        assert_eq!(
            tokens("Warner's 2004 profit-rise."),
            ["warner", "s", "2004", "profit", "rise"]
        );
        assert!(is_word("profit", 4));
        assert!(!is_word("2004", 2));
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&times, 0.5), 50.0);
        assert_eq!(percentile(&times, 0.99), 99.0);
        assert_eq!(percentile(&times, 1.0), 100.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn classes_are_full_and_draw_from_the_samples() {
        let sample = |text: &str, source: &str, speaker: &str| Sample {
            tokens: tokens(text),
            sources: vec![source.to_string()],
            speakers: vec![speaker.to_string()],
        };
        let samples = vec![
            sample(
                "Peace talks resumed in Geneva today",
                "Reuters",
                "Maria Zakharova",
            ),
            sample(
                "Central bank raises interest rates again",
                "TASS",
                "Mark Carney",
            ),
        ];
        let vocabulary = vec![
            (1, "geneva".to_string()),
            (5, "talks".to_string()),
            (9, "bank".to_string()),
        ];
        let mut rng = Rng::for_item(3, 0);
        let classes = draw_classes(&samples, &vocabulary, 20, &mut rng);
        assert_eq!(classes.len(), 10);
        for class in &classes {
            assert_eq!(class.cases.len(), 20, "{}", class.name);
        }
        assert_eq!(classes[0].cases[0].query, "geneva");
        assert_eq!(classes[1].cases[0].query, "geneva");
        assert!(classes[3].cases.iter().all(|c| c.query.starts_with('"')));
        assert!(classes[4].cases.iter().all(|c| c.sources.len() == 1));
        assert!(classes[7].cases.iter().all(|c| c.said_by.len() == 1));
        assert!(classes[8].cases.iter().all(|c| c.histogram.is_some()));
        assert!(classes[9].cases.iter().all(|c| c.sort == SortOrder::Newest));
    }
}
