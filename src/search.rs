//! Searching: the query language (tantivy's: terms, `AND`/`OR`/`-term`,
//! `"phrases"`, `field:term`), source and speaker filters resolved against
//! the names in the index, BM25 ranking, facet counts over all matches and
//! snippets. Produces a [`SearchResults`] that [`crate::output`] prints.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, Order, Searcher, TantivyDocument, Term};
use time::OffsetDateTime;

use crate::date::format_rfc3339;
use crate::dedup::{Signature, SAME_STORY};
use crate::exclusion::Excluded;
use crate::extract::names::fold;
use crate::extract::vocab::Outlets;
use crate::facets::TopFacets;
use crate::histogram::{periods, DayCounts, Interval, Period};
use crate::index::{open, speaker_key, IndexError};
use crate::query::{self, Leaf, LeafKind, Node, Parsed};
use crate::schema::{Fields, IndexSchema};
use crate::snippet;

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
    /// Number of sources and of speakers to count (the most frequent);
    /// `None` counts all of them.
    pub facet_limit: Option<usize>,
    /// Count the distinct sources and speakers among the matches even when
    /// that means reading every matched name.
    pub distinct_facets: bool,
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

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Stable article id.
    pub id: String,
    /// BM25 score (absent when sorting by date).
    pub score: Option<f32>,
    /// Headline.
    pub title: String,
    /// File it came from.
    pub path: String,
    /// Position of the record in its file, when it holds several (the
    /// line of a JSON Lines file, the element of a JSON array).
    pub record: Option<u64>,
    /// Publication time, RFC 3339.
    pub published: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Speakers.
    pub speakers: Vec<String>,
    /// Sources.
    pub sources: Vec<String>,
    /// Authors, as the byline names them.
    pub authors: Vec<String>,
    /// Language (ISO 639-1), when known.
    pub language: Option<String>,
    /// The web site it was published on, when known.
    pub site: Option<String>,
    /// A passage of the body around the query terms.
    pub snippet: String,
    /// Byte ranges of the query terms in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// Sources of near-duplicate copies of this article that it does not
    /// credit itself ("also published by").
    pub also_published_by: Vec<String>,
    /// Ids of the near-duplicate copies.
    pub copies: Vec<String>,
}

/// A facet value and the number of matching articles that carry it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    /// Source or speaker name.
    pub name: String,
    /// Matching articles.
    pub count: u64,
}

/// Facet counts over all matches.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Facets {
    /// Per source, most frequent first.
    pub sources: Vec<FacetCount>,
    /// Per speaker, most frequent first.
    pub speakers: Vec<FacetCount>,
    /// Per author, most frequent first.
    pub authors: Vec<FacetCount>,
    /// Per language, most frequent first.
    pub languages: Vec<FacetCount>,
    /// Distinct sources among the matches, when known.
    #[serde(skip)]
    pub distinct_sources: Option<usize>,
    /// Distinct speakers among the matches, when known.
    #[serde(skip)]
    pub distinct_speakers: Option<usize>,
    /// Distinct authors among the matches, when known.
    #[serde(skip)]
    pub distinct_authors: Option<usize>,
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
/// names and, for people, surnames; `None` when nothing is close enough
/// to be a plausible typo.
fn closest<'a>(wanted: &str, values: &'a [String]) -> Option<&'a str> {
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

/// Whether any segment holds words in `field`.
fn holds_terms(searcher: &Searcher, field: tantivy::schema::Field) -> tantivy::Result<bool> {
    for segment in searcher.segment_readers() {
        if segment.inverted_index(field)?.terms().num_terms() > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Figures about a whole index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Articles.
    pub articles: u64,
    /// Articles with a publication date.
    pub dated_articles: u64,
    /// Distinct sources.
    pub sources: u64,
    /// Distinct speakers.
    pub speakers: u64,
    /// Earliest publication date.
    pub earliest: Option<String>,
    /// Latest publication date.
    pub latest: Option<String>,
    /// Index segments.
    pub segments: usize,
}

/// How long the opening of a body shown as a snippet is, in characters
/// (when the query matched the title only).
const OPENING_CHARS: usize = 200;

/// Up to this many matches, collapsing looks at all of them and counts
/// the stories exactly.
const COUNTED_STORIES: usize = 200;

/// How many characters of an id human output prints, at least.
const SHORT_ID: usize = 8;

/// How many near-duplicate copies of a hit are listed by id (all of them
/// count for "also published by").
const COPIES_LISTED: usize = 10;

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
    /// Parts of the query left out (`lenient`).
    pub warnings: Vec<String>,
    /// The timeline, when one was asked for.
    pub histogram: Vec<Series>,
    ranked: Vec<(Option<f32>, DocAddress)>,
    /// With collapsing: the stories among the matches and the copies
    /// folded into them.
    pub folding: Option<Folding>,
    /// A snippet generator per body field in the index (one per language).
    snippets: Vec<(tantivy::schema::Field, SnippetGenerator)>,
    collapse: bool,
    statements: Option<StatementFilter>,
}

/// What collapsing did: the stories among the matches and the copies
/// folded into them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Folding {
    /// Stories among all the matches (copies counted once), when every
    /// match was looked at (at most [`COUNTED_STORIES`] of them).
    pub stories: Option<u64>,
    /// Copies folded into a better-ranked hit, among the matches looked at.
    pub folded: u64,
}

/// With `--said-by`: whose statements to show, and the query's words (as
/// indexed) to pick and highlight the best one.
struct StatementFilter {
    keys: Vec<String>,
    words: Vec<String>,
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
            warnings: Vec::new(),
            histogram: Vec::new(),
            ranked: Vec::new(),
            folding: None,
            snippets: Vec::new(),
            collapse: false,
            statements: None,
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
}

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
        })
    }

    /// The fields among `field` and its per-language copies that the
    /// index holds words in (the field itself always).
    fn present_variants(&self, field: tantivy::schema::Field) -> Vec<tantivy::schema::Field> {
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

    /// Parses the query text into a tantivy query over the articles'
    /// default fields. With `lenient`, what cannot be parsed is left out
    /// and described in the returned warnings, which also hold remarks on
    /// how the query was read.
    pub fn parse_query(
        &self,
        text: &str,
        lenient: bool,
    ) -> Result<(Box<dyn Query>, Vec<String>), SearchError> {
        let parsed = self.parse(text, lenient)?;
        let query = self.build_query(text, &parsed.node, None)?;
        Ok((
            query,
            parsed.dropped.into_iter().chain(parsed.notes).collect(),
        ))
    }

    /// The query's syntax tree, with syntax errors as user errors.
    fn parse(&self, text: &str, lenient: bool) -> Result<Parsed, SearchError> {
        query::parse(text, lenient).map_err(|err| SearchError::Query {
            query: query::quote(text),
            reason: err.what.to_string(),
            pointer: format!("\n{}", query::point_at(text, err.at)),
        })
    }

    /// The tantivy query of a parsed query: over the articles' default
    /// fields, or with `said` (a speaker's key and name) over the
    /// statements under `said.<key>`.
    fn build_query(
        &self,
        text: &str,
        node: &Node,
        said: Option<(&str, &str)>,
    ) -> Result<Box<dyn Query>, SearchError> {
        let defaults = &self.text_fields;
        let mut parser = match said {
            Some(_) => QueryParser::for_index(&self.index, vec![self.fields.said]),
            None => QueryParser::for_index(&self.index, defaults.iter().map(|(f, _)| *f).collect()),
        };
        for &(field, boost) in defaults {
            if let Some(boost) = boost {
                parser.set_field_boost(field, boost);
            }
        }
        let builder = QueryBuilder {
            searchable: self,
            parser,
            said,
            text,
        };
        builder.build(node)?.ok_or_else(|| SearchError::Query {
            query: query::quote(text),
            reason: "it has no words to search for (letters or digits)".to_string(),
            pointer: String::new(),
        })
    }

    /// Matches filter names to the names in the index: outlet aliases and
    /// case are ignored for sources; a speaker may be given by any part of
    /// the name (a surname) when that part is unambiguous.
    fn resolve(
        &self,
        given: &[String],
        field: tantivy::schema::Field,
        outlets: Option<&Outlets>,
        unknown: &mut Vec<String>,
    ) -> Result<Vec<String>, SearchError> {
        if given.is_empty() {
            return Ok(Vec::new());
        }
        let what = if outlets.is_some() {
            "source"
        } else if field == self.fields.author {
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
            let term = Term::from_facet(field, &Facet::from_path([exact.as_str()]));
            // A one-word speaker (a surname) also stands for the full names
            // ending with it, so it always goes through the list.
            let one_word = outlets.is_none() && !exact.trim().contains(' ');
            if !one_word && self.searcher.doc_freq(&term)? > 0 {
                resolved.push(exact);
            } else {
                rest.push(name);
            }
        }
        if rest.is_empty() {
            return Ok(resolved);
        }
        let values = self.facet_values(field)?;
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
                            format!("no {what} '{name}' in the index; did you mean {near}?")
                        }
                        None => format!("no {what} '{name}' in the index"),
                    };
                    unknown.push(message);
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

    /// The language codes of `--lang` values (`ru`, `rus`, `Russian`)
    /// that articles of the index have; the others are reported in
    /// `unknown`.
    fn languages(
        &self,
        given: &[String],
        unknown: &mut Vec<String>,
    ) -> Result<Vec<String>, SearchError> {
        let mut codes = Vec::new();
        for value in given {
            let Some(code) = crate::language::from_tag(value) else {
                unknown.push(format!(
                    "'{value}' is not a language (give an ISO 639-1 code such as en, ru, tr)"
                ));
                continue;
            };
            let term = Term::from_facet(self.fields.language, &Facet::from_path([code.as_str()]));
            if self.searcher.doc_freq(&term)? > 0 {
                codes.push(code);
            } else {
                let present = self.facet_values(self.fields.language)?;
                unknown.push(format!(
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

    fn facet_filter(field: tantivy::schema::Field, names: &[String]) -> Box<dyn Query> {
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

    /// Runs a search and gathers every hit.
    pub fn search(
        &self,
        request: &SearchRequest,
        outlets: &Outlets,
    ) -> Result<SearchResults, SearchError> {
        let matches = self.find(request, outlets)?;
        let hits = self.hits(&matches).collect::<Result<Vec<_>, _>>()?;
        let Matches {
            query,
            total,
            offset,
            facets,
            unknown_filters,
            ..
        } = matches;
        Ok(SearchResults {
            query,
            total,
            offset,
            hits,
            facets,
            unknown_filters,
        })
    }

    /// The hits of `matches`, read from the index one by one, so that any
    /// number of them can be printed as they come.
    pub fn hits<'a>(
        &'a self,
        matches: &'a Matches,
    ) -> impl Iterator<Item = Result<Hit, SearchError>> + 'a {
        matches.ranked.iter().map(move |&(score, address)| {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let mut hit = self.hit(&doc, score, &matches.snippets);
            if let Some(filter) = &matches.statements {
                self.show_statement(&mut hit, &doc, filter);
            }
            if matches.collapse {
                self.add_copies(&mut hit, address)?;
            }
            Ok(hit)
        })
    }

    /// Runs a search: counts, facets and the ranked addresses of the hits
    /// asked for (all of them with `request.all`).
    pub fn find(&self, request: &SearchRequest, outlets: &Outlets) -> Result<Matches, SearchError> {
        let parsed = self.parse(&request.query, request.lenient)?;
        let query_warnings: Vec<String> = parsed
            .dropped
            .iter()
            .chain(&parsed.notes)
            .cloned()
            .collect();
        let mut unknown = Vec::new();
        let said_by = self.resolve(&request.said_by, self.fields.speaker, None, &mut unknown)?;
        let said_keys: Vec<String> = said_by.iter().map(|n| speaker_key(n)).collect();
        let user_query: Box<dyn Query> = if said_keys.is_empty() {
            self.build_query(&request.query, &parsed.node, None)?
        } else {
            let per_speaker = said_keys
                .iter()
                .zip(&said_by)
                .map(|(key, name)| {
                    let query =
                        self.build_query(&request.query, &parsed.node, Some((key, name)))?;
                    Ok((Occur::Should, query))
                })
                .collect::<Result<Vec<_>, SearchError>>()?;
            Box::new(BooleanQuery::new(per_speaker))
        };
        let sources = self.resolve(
            &request.sources,
            self.fields.source,
            Some(outlets),
            &mut unknown,
        )?;
        let speakers = self.resolve(&request.speakers, self.fields.speaker, None, &mut unknown)?;
        let authors = self.resolve(&request.authors, self.fields.author, None, &mut unknown)?;
        let languages = self.languages(&request.languages, &mut unknown)?;
        let empty = |unknown: Vec<String>| Matches {
            query: request.query.clone(),
            total: 0,
            offset: request.offset,
            facets: Facets::default(),
            unknown_filters: unknown,
            warnings: query_warnings.clone(),
            histogram: Vec::new(),
            ranked: Vec::new(),
            folding: None,
            snippets: Vec::new(),
            collapse: false,
            statements: None,
        };
        // A flag whose every value is unknown cannot match anything.
        if (!request.said_by.is_empty() && said_by.is_empty())
            || (!request.sources.is_empty() && sources.is_empty())
            || (!request.speakers.is_empty() && speakers.is_empty())
            || (!request.authors.is_empty() && authors.is_empty())
            || (!request.languages.is_empty() && languages.is_empty())
        {
            return Ok(empty(unknown));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !sources.is_empty() {
            clauses.push((
                Occur::Must,
                Self::facet_filter(self.fields.source, &sources),
            ));
        }
        if !speakers.is_empty() {
            clauses.push((
                Occur::Must,
                Self::facet_filter(self.fields.speaker, &speakers),
            ));
        }
        if !authors.is_empty() {
            clauses.push((
                Occur::Must,
                Self::facet_filter(self.fields.author, &authors),
            ));
        }
        if !languages.is_empty() {
            clauses.push((
                Occur::Must,
                Self::facet_filter(self.fields.language, &languages),
            ));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |at: Option<OffsetDateTime>, inclusive: bool| match at {
                None => Bound::Unbounded,
                Some(at) => {
                    let term = Term::from_field_date_for_search(
                        self.fields.published,
                        tantivy::DateTime::from_utc(at),
                    );
                    if inclusive {
                        Bound::Included(term)
                    } else {
                        Bound::Excluded(term)
                    }
                }
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(request.since, true),
                    bound(request.until, false),
                )),
            ));
        }
        let filters = clauses;
        let with = |extra: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
            let mut all: Vec<(Occur, Box<dyn Query>)> =
                filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
            all.extend(extra);
            match all.len() {
                0 => Box::new(AllQuery),
                1 if all[0].0 == Occur::Must => all.pop().expect("one clause").1,
                _ => Box::new(BooleanQuery::new(all)),
            }
        };
        let query = with(vec![(Occur::Must, user_query.box_clone())]);
        let histogram = match request.histogram {
            None => Vec::new(),
            Some(interval) => {
                let mut series = Vec::new();
                let split: Vec<Option<&String>> = if sources.len() > 1 {
                    sources.iter().map(Some).collect()
                } else {
                    vec![None]
                };
                for source in split {
                    let only = |mut extra: Vec<(Occur, Box<dyn Query>)>| {
                        if let Some(source) = source {
                            extra.push((
                                Occur::Must,
                                Self::facet_filter(
                                    self.fields.source,
                                    std::slice::from_ref(source),
                                ),
                            ));
                        }
                        with(extra)
                    };
                    let matching = self.searcher.search(
                        &*only(vec![(Occur::Must, user_query.box_clone())]),
                        &DayCounts,
                    )?;
                    let everything = self.searcher.search(&*only(Vec::new()), &DayCounts)?;
                    series.push(Series {
                        source: source.cloned(),
                        periods: periods(&matching, &everything, interval),
                        undated: matching.undated,
                    });
                }
                series
            }
        };
        let mut source_facets = TopFacets::new("source", request.facet_limit);
        let mut speaker_facets = TopFacets::new("speaker", request.facet_limit);
        let mut author_facets = TopFacets::new("author", request.facet_limit);
        let language_facets = TopFacets::new("language", None);
        if request.distinct_facets {
            source_facets = source_facets.with_distinct();
            speaker_facets = speaker_facets.with_distinct();
            author_facets = author_facets.with_distinct();
        }
        let limit = if request.all {
            let total = self.searcher.search(&query, &Count)?;
            total.saturating_sub(request.offset)
        } else {
            request.limit
        };
        let collapse = request.collapse && !request.all && request.histogram.is_none();
        // Collapsing needs more candidates than hits: copies drop out. Up
        // to COUNTED_STORIES matches are all looked at, so that the number
        // of stories among them is exact.
        let (window, skip) = if collapse {
            (((request.offset + limit) * 3 + 10).max(COUNTED_STORIES), 0)
        } else {
            (limit, request.offset)
        };
        let top = TopDocs::with_limit(window.max(1)).and_offset(skip);
        let facets = (
            Count,
            source_facets,
            speaker_facets,
            (author_facets, language_facets),
        );
        #[allow(clippy::type_complexity)]
        let (ranked, (total, source_counts, speaker_counts, (author_counts, language_counts))): (
            Vec<(Option<f32>, DocAddress)>,
            _,
        ) =
            match request.sort {
                SortOrder::Relevance => {
                    let (top, rest) = self
                        .searcher
                        .search(&query, &(top.order_by_score(), facets))?;
                    (top.into_iter().map(|(s, a)| (Some(s), a)).collect(), rest)
                }
                order => {
                    let order = if order == SortOrder::Newest {
                        Order::Desc
                    } else {
                        Order::Asc
                    };
                    let collector =
                        top.order_by_fast_field::<tantivy::DateTime>("published", order);
                    let (top, rest) = self.searcher.search(&query, &(collector, facets))?;
                    (top.into_iter().map(|(_, a)| (None, a)).collect(), rest)
                }
            };
        let (ranked, folding) = if collapse {
            // When the candidates are all the matches, every one is looked
            // at so that the stories are counted; otherwise looking stops
            // once the page is full.
            let candidates = ranked.len();
            let count_all = candidates as u64 == total as u64;
            let (kept, stories, folded) =
                self.collapse(ranked, request.offset, limit, count_all)?;
            let folding = Folding {
                stories: (candidates as u64 == total as u64).then_some(stories),
                folded,
            };
            (kept, Some(folding))
        } else {
            (ranked.into_iter().take(limit).collect(), None)
        };
        let mut snippets = Vec::new();
        for body in self.present_variants(self.fields.body) {
            let mut generator = SnippetGenerator::create(&self.searcher, &*user_query, body)?;
            generator.set_max_num_chars(200);
            snippets.push((body, generator));
        }
        Ok(Matches {
            query: request.query.clone(),
            total: total as u64,
            offset: request.offset,
            facets: Facets {
                sources: source_counts.top,
                speakers: speaker_counts.top,
                authors: author_counts.top,
                languages: language_counts.top,
                distinct_sources: source_counts.distinct,
                distinct_speakers: speaker_counts.distinct,
                distinct_authors: author_counts.distinct,
            },
            unknown_filters: unknown,
            warnings: query_warnings,
            histogram,
            ranked,
            folding,
            snippets,
            collapse,
            statements: (!said_keys.is_empty()).then(|| StatementFilter {
                keys: said_keys,
                words: self.query_words(&parsed.node),
            }),
        })
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: Option<f32>,
        snippets: &[(tantivy::schema::Field, SnippetGenerator)],
    ) -> Hit {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let facets = |field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_facet())
                .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
                .filter_map(|facet| facet.to_path().first().map(|s| s.to_string()))
                .collect()
        };
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .map(|d| format_rfc3339(d.into_utc()));
        // Of a huge article, the stored text is its opening, which its
        // speakers came from too: time stays bounded whatever the record.
        let (title, body, body_field) = self.schema.title_and_body(doc);
        let snippet = snippets
            .iter()
            .find(|(field, _)| *field == body_field)
            .map(|(_, s)| s.snippet(body))
            .unwrap_or_else(tantivy::snippet::Snippet::empty);
        let fragment = snippet.fragment();
        let passage = match body.find(fragment) {
            // The match is in the title only: show the opening of the body.
            _ if snippet.is_empty() => snippet::opening(body, OPENING_CHARS),
            Some(at) => {
                let highlights: Vec<(usize, usize)> = snippet
                    .highlighted()
                    .iter()
                    .map(|r| (at + r.start, at + r.end))
                    .collect();
                snippet::around(body, at, at + fragment.len(), &highlights)
            }
            None => {
                let highlights: Vec<(usize, usize)> = snippet
                    .highlighted()
                    .iter()
                    .map(|r| (r.start, r.end))
                    .collect();
                snippet::whole(fragment, &highlights)
            }
        };
        Hit {
            id: text(f.id).unwrap_or_default(),
            score,
            title: title.to_string(),
            path: text(f.path).unwrap_or_default(),
            record: doc.get_first(f.record).and_then(|v| v.as_u64()),
            published,
            url: text(f.url),
            speakers: facets(f.speaker),
            sources: facets(f.source),
            authors: facets(f.author),
            language: facets(f.language).into_iter().next(),
            site: text(f.site),
            snippet: passage.text,
            highlights: passage.highlights,
            also_published_by: Vec::new(),
            copies: Vec::new(),
        }
    }
    /// The article with this id, if the index holds it.
    pub fn article(&self, id: &str) -> Result<Option<(DocAddress, TantivyDocument)>, SearchError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some(&(_, address)) => Ok(Some((address, self.searcher.doc(address)?))),
            None => Ok(None),
        }
    }

    /// The article a user names: by its id, the start of its id (at least
    /// four characters, case ignored, when only one id starts so), or
    /// `FILE#N` (the record N of a JSON Lines or JSON file).
    pub fn find_article(&self, given: &str) -> Result<(DocAddress, TantivyDocument), SearchError> {
        let given = given.trim();
        let missing = || SearchError::NoArticle(given.to_string());
        if let Some((file, record)) = given.rsplit_once('#') {
            if let Ok(record) = record.parse::<u64>() {
                return self.record_in(file, record)?.ok_or_else(missing);
            }
        }
        let wanted = given.to_ascii_lowercase();
        if let Some(found) = self.article(&wanted)? {
            return Ok(found);
        }
        if wanted.len() < 4 || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(missing());
        }
        let ids = self.ids_starting_with(&wanted, 10)?;
        match ids.as_slice() {
            [] => Err(missing()),
            [one] => self.article(one)?.ok_or_else(missing),
            many => Err(SearchError::AmbiguousId {
                given: given.to_string(),
                candidates: many
                    .iter()
                    .map(|id| {
                        let title = self
                            .article(id)
                            .ok()
                            .flatten()
                            .map(|(_, doc)| self.schema.title_and_body(&doc).0.to_string())
                            .unwrap_or_default();
                        format!("  {id}  {title}")
                    })
                    .collect(),
            }),
        }
    }

    /// The article from record `record` of `file`.
    fn record_in(
        &self,
        file: &str,
        record: u64,
    ) -> Result<Option<(DocAddress, TantivyDocument)>, SearchError> {
        let path = std::path::Path::new(file);
        let path = path
            .canonicalize()
            .or_else(|_| std::path::absolute(path))
            .unwrap_or_else(|_| path.to_path_buf());
        let query = TermQuery::new(
            Term::from_field_text(self.fields.path, &path.to_string_lossy()),
            IndexRecordOption::Basic,
        );
        let count = self.searcher.search(&query, &Count)?;
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(count.max(1)).order_by_score())?;
        for (_, address) in top {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            if doc.get_first(self.fields.record).and_then(|v| v.as_u64()) == Some(record) {
                return Ok(Some((address, doc)));
            }
        }
        Ok(None)
    }

    /// The ids of live articles that start with `prefix`, at most `limit`
    /// of them, sorted.
    fn ids_starting_with(&self, prefix: &str, limit: usize) -> Result<Vec<String>, SearchError> {
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.id)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(id) = std::str::from_utf8(key) {
                    found.insert(id.to_string());
                }
            }
        }
        // A deleted article's id stays in the dictionary until a merge.
        let mut live = Vec::new();
        for id in found {
            if live.len() >= limit {
                break;
            }
            if self.article(&id)?.is_some() {
                live.push(id);
            }
        }
        Ok(live)
    }

    /// The shortest start of `id`, eight characters or more, that no other
    /// article's id begins with: what human output prints.
    pub fn short_id(&self, id: &str) -> String {
        let mut len = SHORT_ID.min(id.len());
        while len < id.len() {
            match self.ids_starting_with(&id[..len], 2) {
                Ok(ids) if ids.len() > 1 => len += 2,
                _ => break,
            }
        }
        id[..len.min(id.len())].to_string()
    }

    /// The article at `address` as a hit, with the opening of its body as
    /// the snippet.
    pub fn hit_at(&self, address: DocAddress, score: Option<f32>) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        Ok(self.hit(&doc, score, &[]))
    }

    /// The articles most like the one at `address` (tantivy's
    /// more-like-this over title and body), best first, without itself.
    pub fn similar(&self, address: DocAddress, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        // Of a huge article, its stored opening stands for it.
        let (title_text, text, body) = self.schema.title_and_body(&doc);
        let (title, _) = self
            .schema
            .text_fields(self.schema.language_of(&doc).as_deref());
        let values = |text: &str| vec![tantivy::schema::OwnedValue::Str(text.to_string())];
        let query = tantivy::query::MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency((self.searcher.num_docs() / 5).max(2))
            .with_min_term_frequency(1)
            .with_min_word_length(3)
            .with_max_query_terms(40)
            .with_document_fields(vec![(title, values(title_text)), (body, values(text))]);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit + 1).order_by_score())?;
        top.into_iter()
            .filter(|&(_, other)| other != address)
            .take(limit)
            .map(|(score, other)| self.hit_at(other, Some(score)))
            .collect()
    }

    /// Figures about the whole index.
    pub fn stats(&self) -> Result<IndexStats, SearchError> {
        let (sources, speakers) = self.searcher.search(
            &AllQuery,
            &(
                TopFacets::new("source", None),
                TopFacets::new("speaker", None),
            ),
        )?;
        let dated = tantivy::query::ExistsQuery::new("published".to_string(), false);
        let first = |order| -> Result<Option<String>, SearchError> {
            let top = self.searcher.search(
                &dated,
                &TopDocs::with_limit(1)
                    .order_by_fast_field::<tantivy::DateTime>("published", order),
            )?;
            Ok(top
                .first()
                .and_then(|(date, _)| *date)
                .map(|d| format_rfc3339(d.into_utc())))
        };
        Ok(IndexStats {
            articles: self.searcher.num_docs(),
            dated_articles: self.searcher.search(&dated, &Count)? as u64,
            sources: sources.top.len() as u64,
            speakers: speakers.top.len() as u64,
            earliest: first(Order::Asc)?,
            latest: first(Order::Desc)?,
            segments: self.searcher.segment_readers().len(),
        })
    }

    /// The MinHash signature of the article at `address`, if it has one.
    fn signature(&self, address: DocAddress) -> Result<Option<Signature>, SearchError> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let Some(column) = segment.fast_fields().bytes("minhash")? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            return Ok(None);
        };
        column
            .ord_to_bytes(ord, &mut bytes)
            .map_err(tantivy::TantivyError::from)?;
        Ok(Signature::from_bytes(&bytes))
    }

    /// Keeps, in rank order, the candidates that are not near-duplicates of
    /// a better one, from `offset` on, at most `limit` of them; and counts
    /// the stories and the copies folded among the candidates looked at
    /// (all of them with `count_all`).
    #[allow(clippy::type_complexity)]
    fn collapse(
        &self,
        candidates: Vec<(Option<f32>, DocAddress)>,
        offset: usize,
        limit: usize,
        count_all: bool,
    ) -> Result<(Vec<(Option<f32>, DocAddress)>, u64, u64), SearchError> {
        let mut kept: Vec<(Option<f32>, DocAddress)> = Vec::new();
        let mut signatures: Vec<Signature> = Vec::new();
        let (mut stories, mut folded) = (0u64, 0u64);
        for (score, address) in candidates {
            if !count_all && kept.len() >= offset + limit {
                break;
            }
            if let Some(signature) = self.signature(address)? {
                if signatures
                    .iter()
                    .any(|s| s.similarity(&signature) >= SAME_STORY)
                {
                    folded += 1;
                    continue;
                }
                signatures.push(signature);
            }
            stories += 1;
            if kept.len() < offset + limit {
                kept.push((score, address));
            }
        }
        Ok((kept.into_iter().skip(offset).collect(), stories, folded))
    }

    /// Finds the near-duplicate copies of the hit at `address` anywhere in
    /// the index and notes their ids and the outlets it does not credit.
    fn add_copies(&self, hit: &mut Hit, address: DocAddress) -> Result<(), SearchError> {
        let Some(signature) = self.signature(address)? else {
            return Ok(());
        };
        let clauses = signature
            .band_keys()
            .into_iter()
            .map(|key| {
                let term = Term::from_field_text(self.fields.near_dup, &key);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        let candidates = self.searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(50).order_by_score(),
        )?;
        for (_, other) in candidates {
            if other == address {
                continue;
            }
            let Some(other_signature) = self.signature(other)? else {
                continue;
            };
            if signature.similarity(&other_signature) < SAME_STORY {
                continue;
            }
            for source in self.sources_of(other)? {
                if !hit.sources.contains(&source) && !hit.also_published_by.contains(&source) {
                    hit.also_published_by.push(source);
                }
            }
            // Ids are read from the stored document: only for the first few.
            if hit.copies.len() < COPIES_LISTED {
                let doc: TantivyDocument = self.searcher.doc(other)?;
                if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    hit.copies.push(id.to_string());
                }
            }
        }
        Ok(())
    }

    /// The sources of the article at `address`, from the facet column
    /// (without reading the stored document).
    fn sources_of(&self, address: DocAddress) -> Result<Vec<String>, SearchError> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let reader = segment.facet_reader("source")?;
        let mut sources = Vec::new();
        let mut facet = Facet::root();
        for ord in reader.facet_ords(address.doc_id) {
            reader.facet_from_ord(ord, &mut facet)?;
            if let Some(name) = facet.to_path().first() {
                sources.push(name.to_string());
            }
        }
        Ok(sources)
    }

    /// The first word of `text` as the analyzer of names splits it
    /// (lowercased, not stemmed); `None` when it has no letters or digits.
    fn first_token(&self, text: &str) -> Option<String> {
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
    fn first_word_in(&self, field: tantivy::schema::Field, text: &str) -> Option<String> {
        let mut analyzer = self.index.tokenizer_for_field(field).ok()?;
        let mut stream = analyzer.token_stream(text);
        stream.next().map(|t| t.text.clone())
    }

    /// The analyzer of the title, body and statements: lowercase, English
    /// stemming.
    fn stemmer(&self) -> tantivy::tokenizer::TextAnalyzer {
        self.index
            .tokenizers()
            .get(crate::schema::TEXT_ANALYZER)
            .expect("newsdex's analyzers are registered")
    }

    /// The words of a query that must or may match, as the index holds
    /// them (lowercased, stemmed).
    fn query_words(&self, node: &Node) -> Vec<String> {
        fn leaves<'n>(node: &'n Node, out: &mut Vec<&'n str>) {
            match node {
                Node::All | Node::Not(_) => {}
                Node::Leaf(leaf) => out.push(&leaf.text),
                Node::And(nodes) | Node::Or(nodes) => nodes.iter().for_each(|n| leaves(n, out)),
            }
        }
        let mut texts = Vec::new();
        leaves(node, &mut texts);
        let mut analyzer = self.stemmer();
        let mut words = Vec::new();
        for text in texts {
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                words.push(token.text.clone());
            }
        }
        words
    }

    /// Replaces a hit's snippet by the statement of the `--said-by` speaker
    /// that holds the most query words, with those words highlighted.
    fn show_statement(&self, hit: &mut Hit, doc: &TantivyDocument, filter: &StatementFilter) {
        let Some(said) = doc.get_first(self.fields.said) else {
            return;
        };
        let mut analyzer = self.stemmer();
        // (query words found, passage, their byte ranges)
        type Scored = (usize, String, Vec<(usize, usize)>);
        let mut best: Option<Scored> = None;
        for (key, passages) in said.as_object().into_iter().flatten() {
            if !filter.keys.iter().any(|k| k == key) {
                continue;
            }
            for passage in passages.as_array().into_iter().flatten() {
                let Some(text) = passage.as_str() else {
                    continue;
                };
                let mut highlights = Vec::new();
                let mut stream = analyzer.token_stream(text);
                while let Some(token) = stream.next() {
                    if filter.words.contains(&token.text) {
                        highlights.push((token.offset_from, token.offset_to));
                    }
                }
                if best.as_ref().is_none_or(|(n, _, _)| highlights.len() > *n) {
                    best = Some((highlights.len(), text.to_string(), highlights));
                }
            }
        }
        if let Some((_, text, highlights)) = best {
            let passage = snippet::whole(&text, &highlights);
            hit.snippet = passage.text;
            hit.highlights = passage.highlights;
        }
    }
}

/// Builds tantivy queries from a query's syntax tree.
struct QueryBuilder<'a> {
    searchable: &'a Searchable,
    parser: QueryParser,
    /// The key and name of the speaker whose statements are searched
    /// (`--said-by`).
    said: Option<(&'a str, &'a str)>,
    /// The query text, for error messages.
    text: &'a str,
}

impl QueryBuilder<'_> {
    /// What `*` stands for: every article, or everything the speaker said
    /// (the articles that quote them).
    fn all(&self) -> Box<dyn Query> {
        match self.said {
            None => Box::new(AllQuery),
            Some((_, name)) => {
                let term =
                    Term::from_facet(self.searchable.fields.speaker, &Facet::from_path([name]));
                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
            }
        }
    }

    /// The query of a node; `None` when nothing in it can be searched (a
    /// word of punctuation only).
    fn build(&self, node: &Node) -> Result<Option<Box<dyn Query>>, SearchError> {
        Ok(match node {
            Node::All => Some(self.all()),
            Node::Leaf(leaf) => self.leaf(leaf)?,
            Node::Not(inner) => self.build(inner)?.map(|inner| self.excluding(inner)),
            Node::And(nodes) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for node in nodes {
                    match node {
                        Node::Not(inner) => {
                            if let Some(query) = self.build(inner)? {
                                clauses.push((Occur::MustNot, Box::new(Excluded(query))));
                            }
                        }
                        node => {
                            if let Some(query) = self.build(node)? {
                                clauses.push((Occur::Must, query));
                            }
                        }
                    }
                }
                if clauses.is_empty() {
                    None
                } else {
                    if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                        clauses.push((Occur::Must, self.all()));
                    }
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
            Node::Or(nodes) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for node in nodes {
                    if let Some(query) = self.build(node)? {
                        clauses.push((Occur::Should, query));
                    }
                }
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
        })
    }

    /// Everything (every article, or all the speaker said) but `query`.
    fn excluding(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, self.all()),
            (Occur::MustNot, Box::new(Excluded(query))),
        ]))
    }

    /// A word or phrase, analysed as the field it is looked up in was when
    /// indexing; a fuzzy word, as a fuzzy term in each field.
    fn leaf(&self, leaf: &Leaf) -> Result<Option<Box<dyn Query>>, SearchError> {
        let Some(first) = self.searchable.first_token(&leaf.text) else {
            return Ok(None);
        };
        // `title:` and `body:` stand for the field in every language.
        if let (Some(name), None) = (&leaf.field, self.said) {
            let field = self.searchable.index.schema().get_field(name)?;
            let variants = self.searchable.present_variants(field);
            if variants.len() > 1 {
                let schema = self.searchable.index.schema();
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for variant in variants {
                    let leaf = Leaf {
                        field: Some(schema.get_field_name(variant).to_string()),
                        ..leaf.clone()
                    };
                    if let Some(query) = self.leaf_in_field(&leaf, first.clone())? {
                        clauses.push((Occur::Should, query));
                    }
                }
                return Ok(Some(Box::new(BooleanQuery::new(clauses))));
            }
        }
        self.leaf_in_field(leaf, first)
    }

    /// [`QueryBuilder::leaf`] in the one field the leaf names (or the
    /// default fields); `first` is its first word.
    fn leaf_in_field(
        &self,
        leaf: &Leaf,
        first: String,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
        let field_name = match (&leaf.field, self.said) {
            (Some(field), _) => Some(field.clone()),
            (None, Some((key, _))) => Some(format!("said.{key}")),
            (None, None) => None,
        };
        if let (LeafKind::Fuzzy { distance }, None) = (leaf.kind, self.said) {
            let fields: Vec<tantivy::schema::Field> = match &leaf.field {
                Some(name) => vec![self.searchable.index.schema().get_field(name)?],
                None => self
                    .searchable
                    .text_fields
                    .iter()
                    .map(|(f, _)| *f)
                    .collect(),
            };
            // Each field holds the word as its analyzer makes it: a stem
            // of its language in titles and bodies, as written in names.
            let per_field = fields
                .into_iter()
                .map(|field| {
                    let word = self
                        .searchable
                        .first_word_in(field, &leaf.text)
                        .unwrap_or_else(|| first.clone());
                    let fuzzy =
                        FuzzyTermQuery::new(Term::from_field_text(field, &word), distance, true);
                    (Occur::Should, Box::new(fuzzy) as Box<dyn Query>)
                })
                .collect();
            return Ok(Some(Box::new(BooleanQuery::new(per_field))));
        }
        let (delimiter, slop) = match leaf.kind {
            LeafKind::Phrase { slop } => (Delimiter::DoubleQuotes, slop),
            // Fuzzy words in statements are looked up as they are.
            LeafKind::Word | LeafKind::Fuzzy { .. } => (Delimiter::None, 0),
        };
        let literal = UserInputLiteral {
            field_name,
            phrase: leaf.text.clone(),
            delimiter,
            slop,
            prefix: false,
        };
        let ast = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
        self.parser
            .build_query_from_user_input_ast(ast)
            .map(Some)
            .map_err(|err| SearchError::Query {
                query: query::quote(self.text),
                reason: err.to_string(),
                pointer: String::new(),
            })
    }
}
