//! Searching: the query language (tantivy's: terms, `AND`/`OR`/`-term`,
//! `"phrases"`, `field:term`), source and speaker filters resolved against
//! the names in the index, BM25 ranking, facet counts over all matches and
//! snippets. [`Searchable::find`] gives [`Matches`] (counts, facets,
//! timeline, the ranked addresses of the hits) and [`Searchable::hits`]
//! reads the [`Hit`]s they stand for: the result that every printer of
//! [`crate::output`] and the web pages render.
//!
//! The files follow a search's path: `compile` turns the parsed query into
//! tantivy's, `filters` resolves names, `run` searches and collects,
//! `hits` reads hits back, `collapse` folds near-duplicates; `lookup`
//! finds one article by id, `similar` and `stats` answer their commands.

use std::path::Path;

use serde::Serialize;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, Searcher};
use time::OffsetDateTime;

use crate::histogram::{periods, Days, Interval, Period};
use crate::index::{open, IndexError};
use crate::schema::{Fields, IndexSchema};

/// Why a search could not run. Each is the user's to fix.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The query does not parse.
    #[error("cannot understand the query {query}: {reason}{pointer}\n(quote phrases with \"...\", use AND, OR, -term, field:term, word~1; --lenient runs what can be parsed)")]
    Query {
        /// The query, quoted (shortened when long).
        query: String,
        /// What the parser said.
        reason: String,
        /// The query again with a caret under the problem, when found.
        pointer: String,
    },
    /// No article has this id (or id prefix, or path#N).
    #[error("no article '{0}' in the index (give the id that search prints on each hit, at least 4 of its characters, or FILE#N for a record of a JSON Lines or JSON file)")]
    NoArticle(String),
    /// An id prefix that several articles' ids start with.
    #[error("'{given}' is the start of several articles' ids; give more of it:\n{}", candidates.join("\n"))]
    AmbiguousId {
        /// What the user gave.
        given: String,
        /// The articles it could be: `id  title`.
        candidates: Vec<String>,
    },
    /// A surname matches several speakers (or authors).
    #[error("{what} '{given}' is ambiguous; it could be: {}", candidates.join(", "))]
    AmbiguousSpeaker {
        /// Speaker or author.
        what: &'static str,
        /// What the user gave.
        given: String,
        /// The speakers it matches.
        candidates: Vec<String>,
    },
    /// A page that lies past the hits a cluster search can read.
    #[error("a cluster search reads at most its first {window} hits, and this page needs the first {needed} (with copies folded, three hits are read for each story shown); narrow the search, or stream every hit with --all")]
    PastWindow {
        /// The hits the page needs.
        needed: usize,
        /// The most a search can read.
        window: usize,
    },
    /// The cluster could not be reached, or refused the search.
    #[error(transparent)]
    Cluster(#[from] crate::opensearch::ClusterError),
    /// The cluster has no newsdex index by that name.
    #[error(transparent)]
    ClusterIndex(#[from] crate::opensearch::SetupError),
    /// tantivy failed while searching.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text; empty or `*` matches every article.
    pub query: String,
    /// Keep articles crediting any of these outlets.
    pub sources: Vec<String>,
    /// Keep articles quoting any of these people.
    pub speakers: Vec<String>,
    /// Keep articles by any of these authors.
    pub authors: Vec<String>,
    /// Keep articles in any of these languages (ISO 639-1 codes or
    /// names: `ru`, `rus`, `Russian`).
    pub languages: Vec<String>,
    /// Keep articles published at or after this time.
    pub since: Option<OffsetDateTime>,
    /// Keep articles published before this time.
    pub until: Option<OffsetDateTime>,
    /// The order of the hits.
    pub sort: SortOrder,
    /// Number of hits to skip (paging).
    pub offset: usize,
    /// Number of hits to return.
    pub limit: usize,
    /// Return every hit after `offset`, ignoring `limit`.
    pub all: bool,
    /// Run what can be parsed of a query with syntax errors.
    pub lenient: bool,
    /// Keep articles where one of these people said something matching the
    /// query (their statements, not the whole article, are searched).
    pub said_by: Vec<String>,
    /// Count matches per period instead of ranking them (one series per
    /// source when several sources are given).
    pub histogram: Option<Interval>,
    /// Show each story once: a hit that is a near-duplicate of a better one
    /// is left out, and each hit lists the outlets of its copies.
    pub collapse: bool,
    /// How many sources and speakers to count.
    pub facet_limit: FacetLimit,
    /// Count the distinct sources and speakers among the matches even when
    /// that means reading every matched name.
    pub distinct_facets: bool,
}

/// How many of each field's values a search counts: none (the search
/// only ranks), the most frequent few, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetLimit {
    /// No counts: the fastest search.
    None,
    /// The `n` most frequent values.
    Top(usize),
    /// Every value.
    All,
}

impl Default for FacetLimit {
    fn default() -> Self {
        FacetLimit::Top(20)
    }
}

impl FacetLimit {
    /// The number of values kept (`None`: all), or nothing to count.
    pub fn top(self) -> Option<Option<usize>> {
        match self {
            FacetLimit::None => None,
            FacetLimit::Top(n) => Some(Some(n)),
            FacetLimit::All => Some(None),
        }
    }
}

impl std::fmt::Display for FacetLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FacetLimit::None => f.write_str("0"),
            FacetLimit::Top(n) => write!(f, "{n}"),
            FacetLimit::All => f.write_str("all"),
        }
    }
}

impl std::str::FromStr for FacetLimit {
    type Err = String;

    /// `all`, `0` (none) or a number of values.
    fn from_str(text: &str) -> Result<FacetLimit, String> {
        match text.trim() {
            "all" => Ok(FacetLimit::All),
            "0" => Ok(FacetLimit::None),
            other => match other.parse::<usize>() {
                Ok(n) => Ok(FacetLimit::Top(n)),
                Err(_) => Err(format!(
                    "'{text}' is not a number of values: give a count, 0 for none or 'all'"
                )),
            },
        }
    }
}

/// One line of a timeline: the periods of the matches of one source (or of
/// all of them).
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// The source this series is about, or `None` for all matches.
    pub source: Option<String>,
    /// Periods from the first match to the last.
    pub periods: Vec<Period>,
    /// Matching articles without a date (not in any period).
    pub undated: u64,
    /// The day counts of the matches and of all articles, from which the
    /// periods are made.
    #[serde(skip)]
    pub(crate) days: (Days, Days),
}

impl Series {
    /// The same counts in periods of another length.
    pub fn by(&self, interval: Interval) -> Vec<Period> {
        periods(&self.days.0, &self.days.1, interval)
    }
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Most recent first; undated articles last.
    Newest,
    /// Oldest first; undated articles last.
    Oldest,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Number of matching articles (all of them, not just the hits shown).
    pub total: u64,
    /// Hits skipped before the first one shown.
    pub offset: usize,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matches.
    pub facets: Facets,
    /// Filter values that matched no name in the index.
    #[serde(skip)]
    pub unknown_filters: Vec<String>,
}

/// The value closest to `wanted` (folded) by edit distance, over whole
mod collapse;
mod compile;
pub(crate) mod filters;
mod hits;
mod lookup;
mod run;
mod said;
mod similar;
mod stats;

pub use crate::facets::{FacetCount, Facets};
pub(crate) use collapse::{fold_copies, COPIES_LISTED, COPY_CANDIDATES};
pub use hits::Hit;
pub(crate) use hits::{hit_of, show_statement};
pub use stats::IndexStats;

/// Whether any segment holds words in `field`.
fn holds_terms(searcher: &Searcher, field: tantivy::schema::Field) -> tantivy::Result<bool> {
    for segment in searcher.segment_readers() {
        if segment.inverted_index(field)?.terms().num_terms() > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Up to this many matches, collapsing looks at all of them and counts
/// the stories exactly.
pub(crate) const COUNTED_STORIES: usize = 200;

/// A search's counts and facets, and the addresses of its hits in rank
/// order; [`Searchable::hits`] reads the hits themselves.
pub struct Matches {
    /// The query as given.
    pub query: String,
    /// Number of matching articles.
    pub total: u64,
    /// Hits skipped before the first one kept.
    pub offset: usize,
    /// Facet counts over all matches.
    pub facets: Facets,
    /// Filter values that matched no name in the index, as messages
    /// (with a suggestion when a name is close).
    pub unknown_filters: Vec<String>,
    /// The names in the index close to filter values that matched none.
    pub suggestions: Vec<Suggestion>,
    /// Parts of the query left out (`lenient`).
    pub warnings: Vec<String>,
    /// The timeline, when one was asked for.
    pub histogram: Vec<Series>,
    ranked: Vec<(Option<f32>, DocAddress)>,
    /// With collapsing: the stories among the matches and the copies
    /// folded into them.
    pub folding: Option<Folding>,
    /// A snippet generator per body field in the index (one per language).
    pub(crate) snippets: Vec<(tantivy::schema::Field, SnippetGenerator)>,
    collapse: bool,
    pub(crate) statements: Option<StatementFilter>,
    /// The hits a cluster gave with the search, and how to read more.
    pub(crate) fetched: Option<Fetched>,
}

/// The hits a cluster answered a search with, and, with `--all`, where
/// reading the rest goes on (see [`crate::opensearch::ClusterIndex`]).
#[derive(Default)]
pub(crate) struct Fetched {
    /// The hits, in rank order.
    pub hits: Vec<Hit>,
    /// The state of the paging through every hit.
    pub rest: Option<serde_json::Value>,
}

/// A name in the index close to a filter value that matched none: "did
/// you mean".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The parameter it was given to: `source`, `speaker`, `said_by`,
    /// `author`.
    pub param: &'static str,
    /// What was given.
    pub given: String,
    /// The name in the index.
    pub name: String,
}

/// What collapsing did: the stories among the matches and the copies
/// folded into them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Folding {
    /// Stories among all the matches (copies counted once), when every
    /// match was looked at (at most `COUNTED_STORIES`, 200, of them).
    pub stories: Option<u64>,
    /// Copies folded into a better-ranked hit, among the matches looked at.
    pub folded: u64,
}

/// With `--said-by`: whose statements to show, and the query's words (as
/// indexed) to pick and highlight the best one.
pub(crate) struct StatementFilter {
    pub keys: Vec<String>,
    pub words: Vec<String>,
}

impl Matches {
    /// Matches for a list of hits found some other way (similar articles):
    /// a total and nothing else.
    pub fn listed(query: &str, total: usize) -> Matches {
        Matches {
            query: query.to_string(),
            total: total as u64,
            offset: 0,
            facets: Facets::default(),
            unknown_filters: Vec::new(),
            suggestions: Vec::new(),
            warnings: Vec::new(),
            histogram: Vec::new(),
            ranked: Vec::new(),
            folding: None,
            snippets: Vec::new(),
            collapse: false,
            statements: None,
            fetched: None,
        }
    }

    /// Number of hits kept.
    pub fn len(&self) -> usize {
        self.ranked.len()
    }

    /// Whether no hit was kept.
    pub fn is_empty(&self) -> bool {
        self.ranked.is_empty()
    }
}

/// An open index, ready for searches.
pub struct Searchable {
    index: Index,
    searcher: Searcher,
    fields: Fields,
    schema: IndexSchema,
    /// The fields bare words search, with their boosts: the English title
    /// and body, and those of each other language the index holds.
    text_fields: Vec<(tantivy::schema::Field, Option<f32>)>,
    /// The articles per day under each set of filters a timeline was
    /// drawn for (the denominators of its shares), kept for this opened
    /// index: they do not depend on the query.
    all_days: std::sync::Mutex<std::collections::HashMap<String, crate::histogram::Days>>,
    /// Threads for searching segments at once, started by the first
    /// search that matches many articles (none on a single core).
    parallel: std::sync::OnceLock<Option<tantivy::Executor>>,
    /// The columns collapsing reads, opened once per segment.
    columns: std::sync::OnceLock<Vec<collapse::SegmentColumns>>,
}

/// From this many (estimated) matches a search runs its segments in
/// parallel: below it, handing segments to threads costs more than it
/// saves.
const PARALLEL_FROM: u64 = 20_000;

/// The most sets of filters whose articles per day are kept.
const KEPT_DAY_COUNTS: usize = 256;

impl Searchable {
    /// Opens the index in `dir` for searching.
    ///
    /// An indexer running at the same time may merge segments and delete
    /// the old ones just after this process read the list of segments; the
    /// open is then tried again on the newer list.
    pub fn open(dir: &Path, schema: &IndexSchema) -> Result<Searchable, SearchError> {
        let mut attempt = 0;
        let (index, reader) = loop {
            let index = open(dir, schema)?;
            match index.reader() {
                Ok(reader) => break (index, reader),
                Err(_) if attempt < 5 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20 * attempt));
                }
                Err(err) => return Err(crate::index::read_error(dir)(err).into()),
            }
        };
        let searcher = reader.searcher();
        let base = [schema.fields.title, schema.fields.body];
        let mut text_fields = Vec::new();
        for (field, boost) in schema.default_search_fields() {
            if base.contains(&field) || holds_terms(&searcher, field)? {
                text_fields.push((field, boost));
            }
        }
        Ok(Searchable {
            searcher,
            index,
            fields: schema.fields,
            schema: schema.clone(),
            text_fields,
            all_days: Default::default(),
            parallel: std::sync::OnceLock::new(),
            columns: std::sync::OnceLock::new(),
        })
    }

    /// Runs `collector` over the articles matching `query`: segment by
    /// segment, or on every core at once when the index has several
    /// segments and the query is expected to match many articles (its
    /// postings' lengths say).
    pub(super) fn collect<C: tantivy::collector::Collector>(
        &self,
        query: &dyn tantivy::query::Query,
        collector: &C,
    ) -> Result<C::Fruit, SearchError> {
        use tantivy::query::EnableScoring;
        let segments = self.searcher.segment_readers();
        if segments.len() > 1 {
            let weight = query.weight(EnableScoring::disabled_from_searcher(&self.searcher))?;
            let mut estimate = 0u64;
            for segment in segments {
                estimate += u64::from(weight.scorer(segment, 1.0)?.size_hint());
                if estimate >= PARALLEL_FROM {
                    break;
                }
            }
            if estimate >= PARALLEL_FROM {
                let executor = self.parallel.get_or_init(|| {
                    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                    (cores > 1)
                        .then(|| tantivy::Executor::multi_thread(cores, "newsdex-search-").ok())
                        .flatten()
                });
                if let Some(executor) = executor {
                    let scoring = if collector.requires_scoring() {
                        EnableScoring::enabled_from_searcher(&self.searcher)
                    } else {
                        EnableScoring::disabled_from_searcher(&self.searcher)
                    };
                    return Ok(self
                        .searcher
                        .search_with_executor(query, collector, executor, scoring)?);
                }
            }
        }
        Ok(self.searcher.search(query, collector)?)
    }

    /// The articles per day matching `filters` (every article, with none),
    /// counted once per opened index.
    pub(super) fn days_under(
        &self,
        filters: &dyn tantivy::query::Query,
    ) -> Result<crate::histogram::Days, SearchError> {
        let key = format!("{filters:?}");
        if let Some(days) = self.all_days.lock().expect("day counts lock").get(&key) {
            return Ok(days.clone());
        }
        let days = self.collect(filters, &crate::histogram::DayCounts)?;
        let mut kept = self.all_days.lock().expect("day counts lock");
        if kept.len() >= KEPT_DAY_COUNTS {
            kept.clear();
        }
        kept.insert(key, days.clone());
        Ok(days)
    }

    /// The fields among `field` and its per-language copies that the
    /// index holds words in (the field itself always).
    pub(super) fn present_variants(
        &self,
        field: tantivy::schema::Field,
    ) -> Vec<tantivy::schema::Field> {
        self.schema
            .variants(field)
            .into_iter()
            .enumerate()
            .filter(|&(i, f)| i == 0 || self.text_fields.iter().any(|(t, _)| *t == f))
            .map(|(_, f)| f)
            .collect()
    }

    /// Number of articles in the index.
    pub fn num_articles(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The first word of `text` as the analyzer of names splits it
    /// (lowercased, not stemmed); `None` when it has no letters or digits.
    pub(super) fn first_token(&self, text: &str) -> Option<String> {
        let mut analyzer = self
            .index
            .tokenizers()
            .get(crate::schema::NAME_ANALYZER)
            .expect("newsdex's analyzers are registered");
        let mut stream = analyzer.token_stream(text);
        stream.next().map(|t| t.text.clone())
    }

    /// The first word of `text` as `field` holds it (by the field's
    /// analyzer: stemmed in titles and bodies).
    pub(super) fn first_word_in(
        &self,
        field: tantivy::schema::Field,
        text: &str,
    ) -> Option<String> {
        let mut analyzer = self.index.tokenizer_for_field(field).ok()?;
        let mut stream = analyzer.token_stream(text);
        stream.next().map(|t| t.text.clone())
    }

    /// The analyzer of the title, body and statements: lowercase, English
    /// stemming.
    pub(super) fn stemmer(&self) -> tantivy::tokenizer::TextAnalyzer {
        self.index
            .tokenizers()
            .get(crate::schema::TEXT_ANALYZER)
            .expect("newsdex's analyzers are registered")
    }
}
