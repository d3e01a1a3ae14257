//! Searching an index on a cluster: the request of a local search run by
//! the cluster, and its answer made into the same [`Matches`] and
//! [`Hit`]s, so that every printer renders it alike.
//!
//! What the local index counts itself, the cluster counts with
//! aggregations: facets are terms aggregations (checked exact across
//! shards, else counted value by value with a composite aggregation),
//! a timeline is a daily date histogram cut into periods here as locally.
//! Filter names are resolved by the local rules ([`resolve`]) over the
//! cluster's values. Near-duplicates are folded here, from the candidates'
//! signatures, exactly as locally; `--all` pages through a point in time.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::TantivyDocument;
use time::OffsetDateTime;

use super::client::{backoff, Cluster, ClusterError};
use super::document::{from_json, terms};
use super::mapping::{GAP, SHOWN};
use super::query::{Analyzers, QueryDsl};
use super::setup::{check_index, SetupError};
use crate::date::format_rfc3339;
use crate::document::speaker_key;
use crate::extract::Outlets;
use crate::facets::{FacetCount, FacetTotals, Facets};
use crate::histogram::{periods, Days};
use crate::query;
use crate::schema::IndexSchema;
use crate::search::filters::{languages, resolve, Names, Unknown};
use crate::search::{
    fold_copies, hit_of, show_statement, Fetched, Folding, Hit, IndexStats, Matches, SearchError,
    SearchRequest, Series, SortOrder, StatementFilter, COPIES_LISTED, COPY_CANDIDATES,
    COUNTED_STORIES,
};
use crate::signature::{Signature, SAME_STORY};

/// Hits fetched per request when streaming every hit (`--all`).
const PAGE: usize = 1000;

/// The deepest hit a page may reach on a cluster (OpenSearch's
/// `index.max_result_window`); `--all` streams past it.
const MAX_WINDOW: usize = 10_000;

/// How long a point in time of `--all` is kept between two pages.
const KEEP_ALIVE: &str = "2m";

/// A terms aggregation asks each shard for at least this many values, so
/// that its counts are exact whenever a shard holds fewer.
const SHARD_SIZE: usize = 10_000;

/// The fields read back for a hit; the statements only with `--said-by`.
const HIT_SOURCE_EXCLUDES: &[&str] = &["statements"];

/// An index on a cluster, open for searches.
pub struct ClusterIndex {
    cluster: Cluster,
    index: String,
    schema: IndexSchema,
    analyzers: Analyzers,
}

/// Where `--all` goes on: the point in time, the query, the sort values
/// of the last hit read and the hits still to skip.
struct Continuation {
    pit: String,
    body: Value,
    after: Value,
    skip: usize,
}

impl Continuation {
    fn to_json(&self) -> Value {
        json!({ "pit": self.pit, "body": self.body, "after": self.after, "skip": self.skip })
    }

    fn from_json(value: &Value) -> Continuation {
        Continuation {
            pit: value["pit"].as_str().unwrap_or_default().to_string(),
            body: value["body"].clone(),
            after: value["after"].clone(),
            skip: value["skip"].as_u64().unwrap_or(0) as usize,
        }
    }
}

impl ClusterIndex {
    /// The index `index` on `cluster`, checked to be one newsdex made.
    pub fn open(
        cluster: Cluster,
        index: &str,
        schema: &IndexSchema,
    ) -> Result<ClusterIndex, SetupError> {
        check_index(&cluster, index, schema)?;
        Ok(ClusterIndex {
            cluster,
            index: index.to_string(),
            schema: schema.clone(),
            analyzers: Analyzers::new(schema),
        })
    }

    /// Where the index is: `URL/INDEX`.
    pub fn location(&self) -> String {
        format!("{}/{}", self.cluster.url(), self.index)
    }

    fn field(&self, field: tantivy::schema::Field) -> &str {
        self.schema.schema.get_field_name(field)
    }

    /// A search request's answer, from every shard: an answer missing
    /// shards (a node lost, its replicas not yet in charge) is asked
    /// again, and is an error when it stays so.
    fn search_json(&self, body: &Value) -> Result<Value, SearchError> {
        let what = format!("a search of {}", self.index);
        self.until_whole(&what, || {
            let answer = self.cluster.json(
                "POST",
                &format!("{}/_search", self.index),
                Some(body),
                &what,
            )?;
            if answer.status == 404 {
                return Err(self.missing());
            }
            let json = answer.json();
            Ok(incomplete(&json).map_or(Ok(json), Err))
        })
    }

    /// Several searches in one request (`_msearch`), their answers in
    /// order; asked again, as one search is, while any is incomplete.
    fn search_many(&self, bodies: &[Value]) -> Result<Vec<Value>, SearchError> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let mut lines = Vec::new();
        for body in bodies {
            lines.extend_from_slice(b"{}\n");
            serde_json::to_writer(&mut lines, body).expect("JSON values serialize");
            lines.push(b'\n');
        }
        let what = format!("a search of {}", self.index);
        self.until_whole(&what, || {
            let answer = self.cluster.send(
                "POST",
                &format!("{}/_msearch", self.index),
                Some(("application/x-ndjson", &lines)),
                &what,
            )?;
            if answer.status == 404 {
                return Err(self.missing());
            }
            let json = answer.json();
            let responses = json["responses"].as_array().cloned().unwrap_or_default();
            let problem = if responses.len() != bodies.len() {
                Some(format!(
                    "{} answers to {} searches",
                    responses.len(),
                    bodies.len()
                ))
            } else {
                responses
                    .iter()
                    .find_map(|response| match response["status"].as_u64() {
                        Some(404) => Some("no index".to_string()),
                        Some(status) if status >= 300 => Some(format!(
                            "HTTP {status}: {}",
                            response["error"]["reason"]
                                .as_str()
                                .unwrap_or("no reason given")
                        )),
                        _ => incomplete(response),
                    })
            };
            Ok(problem.map_or(Ok(responses), Err))
        })
    }

    /// Asks with `ask` until the answer is whole (`Ok`), waiting longer
    /// each time; an answer still incomplete (`Err` with why) after the
    /// connection's attempts is the cluster being unavailable for `what`.
    fn until_whole<T>(
        &self,
        what: &str,
        mut ask: impl FnMut() -> Result<Result<T, String>, SearchError>,
    ) -> Result<T, SearchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match ask()? {
                Ok(answer) => return Ok(answer),
                Err(reason) if attempt >= self.cluster.attempts() => {
                    return Err(self.unavailable(what.to_string(), reason))
                }
                Err(_) => std::thread::sleep(backoff(attempt)),
            }
        }
    }

    /// The error of a search on an index that is not there.
    fn missing(&self) -> SearchError {
        SetupError::Missing {
            url: self.cluster.url().to_string(),
            index: self.index.clone(),
        }
        .into()
    }

    /// The error of a search the cluster could not answer whole.
    fn unavailable(&self, what: String, reason: String) -> SearchError {
        ClusterError::Unavailable {
            url: self.cluster.url().to_string(),
            what,
            reason,
        }
        .into()
    }

    /// The number of articles matching `query`.
    fn count(&self, query: &Value) -> Result<u64, SearchError> {
        let answer = self.search_json(&json!({
            "size": 0, "track_total_hits": true, "query": query
        }))?;
        Ok(answer["hits"]["total"]["value"].as_u64().unwrap_or(0))
    }

    /// Every value of `field` among the articles matching `query`, with
    /// its count, paged through a composite aggregation: exact whatever
    /// the number of values and shards.
    fn all_values(&self, field: &str, query: &Value) -> Result<Vec<FacetCount>, SearchError> {
        let mut values = Vec::new();
        let mut after: Option<Value> = None;
        loop {
            let mut composite = json!({
                "size": 1000,
                "sources": [{ "value": { "terms": { "field": field } } }],
            });
            if let Some(after) = &after {
                composite["after"] = after.clone();
            }
            let answer = self.search_json(&json!({
                "size": 0,
                "query": query,
                "aggs": { "values": { "composite": composite } },
            }))?;
            let aggregation = &answer["aggregations"]["values"];
            let buckets = aggregation["buckets"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for bucket in &buckets {
                if let Some(name) = bucket["key"]["value"].as_str() {
                    values.push(FacetCount {
                        name: name.to_string(),
                        count: bucket["doc_count"].as_u64().unwrap_or(0),
                    });
                }
            }
            match aggregation.get("after_key") {
                Some(key) if !buckets.is_empty() => after = Some(key.clone()),
                _ => return Ok(values),
            }
        }
    }

    /// The filters of a request as DSL clauses, resolved like locally;
    /// `None` when a filter's every value is unknown (nothing matches).
    fn filters(
        &self,
        request: &SearchRequest,
        outlets: &Outlets,
        unknown: &mut Unknown,
    ) -> Result<Option<Resolved>, SearchError> {
        let said_by = resolve(self, &request.said_by, "speaker", None, "said_by", unknown)?;
        let sources = resolve(
            self,
            &request.sources,
            "source",
            Some(outlets),
            "source",
            unknown,
        )?;
        let speakers = resolve(self, &request.speakers, "speaker", None, "speaker", unknown)?;
        let authors = resolve(self, &request.authors, "author", None, "author", unknown)?;
        let languages = languages(self, &request.languages, unknown)?;
        if (!request.said_by.is_empty() && said_by.is_empty())
            || (!request.sources.is_empty() && sources.is_empty())
            || (!request.speakers.is_empty() && speakers.is_empty())
            || (!request.authors.is_empty() && authors.is_empty())
            || (!request.languages.is_empty() && languages.is_empty())
        {
            return Ok(None);
        }
        let mut clauses = Vec::new();
        for (field, names) in [
            ("source", &sources),
            ("speaker", &speakers),
            ("author", &authors),
            ("language", &languages),
        ] {
            if !names.is_empty() {
                clauses.push(json!({ "terms": { field: names } }));
            }
        }
        if request.since.is_some() || request.until.is_some() {
            let mut range = serde_json::Map::new();
            if let Some(since) = request.since {
                range.insert("gte".into(), json!(format_rfc3339(since)));
            }
            if let Some(until) = request.until {
                range.insert("lt".into(), json!(format_rfc3339(until)));
            }
            clauses.push(json!({ "range": { self.field(self.schema.fields.published): range } }));
        }
        Ok(Some(Resolved {
            clauses,
            sources,
            said_by,
        }))
    }

    /// Runs a search: counts, facets, timeline and the hits asked for.
    pub fn find(&self, request: &SearchRequest, outlets: &Outlets) -> Result<Matches, SearchError> {
        let parsed =
            query::parse(&request.query, request.lenient).map_err(|err| SearchError::Query {
                query: query::quote(&request.query),
                reason: err.what.to_string(),
                pointer: format!("\n{}", query::point_at(&request.query, err.at)),
            })?;
        let warnings: Vec<String> = parsed
            .dropped
            .iter()
            .chain(&parsed.notes)
            .cloned()
            .collect();
        let mut unknown = Unknown::default();
        let Some(resolved) = self.filters(request, outlets, &mut unknown)? else {
            let mut matches = Matches::listed(&request.query, 0);
            matches.offset = request.offset;
            matches.unknown_filters = unknown.messages;
            matches.suggestions = unknown.suggestions;
            matches.warnings = warnings;
            matches.fetched = Some(Fetched::default());
            return Ok(matches);
        };
        fn dsl<'q>(index: &'q ClusterIndex, said: Option<&'q str>, text: &'q str) -> QueryDsl<'q> {
            QueryDsl {
                schema: &index.schema,
                analyzers: &index.analyzers,
                said,
                text,
            }
        }
        let user_query = if resolved.said_by.is_empty() {
            dsl(self, None, &request.query).query(&parsed.node)?
        } else {
            let per_speaker = resolved
                .said_by
                .iter()
                .map(|name| dsl(self, Some(name), &request.query).query(&parsed.node))
                .collect::<Result<Vec<_>, _>>()?;
            json!({ "bool": { "should": per_speaker, "minimum_should_match": 1 } })
        };
        let with = |extra: Option<&Value>, source: Option<&String>| -> Value {
            let mut filter = resolved.clauses.clone();
            if let Some(source) = source {
                filter.push(json!({ "term": { "source": source } }));
            }
            match extra {
                Some(query) => json!({ "bool": { "must": [query], "filter": filter } }),
                None => json!({ "bool": { "must": [{ "match_all": {} }], "filter": filter } }),
            }
        };
        let query = with(Some(&user_query), None);

        let collapse = request.collapse && !request.all && request.histogram.is_none();
        let limit = request.limit;
        let (window, skip) = if collapse {
            (((request.offset + limit) * 3 + 10).max(COUNTED_STORIES), 0)
        } else {
            (limit, request.offset)
        };
        if !request.all && skip + window > MAX_WINDOW && limit > 0 {
            return Err(SearchError::PastWindow {
                needed: skip + window,
                window: MAX_WINDOW,
            });
        }
        let sort = self.sort(request.sort);
        let mut body = json!({
            "query": query,
            "track_total_hits": true,
            "from": if request.all { 0 } else { skip },
            "size": if request.all { 0 } else { window },
            "sort": sort,
        });
        if collapse {
            body["_source"] = json!([self.field(self.schema.fields.minhash)]);
        } else {
            body["_source"] = self.hit_source(!resolved.said_by.is_empty());
        }
        let mut aggs = serde_json::Map::new();
        if let Some(top) = request.facet_limit.top() {
            for field in ["source", "speaker", "author"] {
                aggs.insert(field.into(), terms_aggregation(field, top));
            }
            aggs.insert("language".into(), terms_aggregation("language", None));
        }
        let day_counts_wanted = request.histogram.is_some() && resolved.sources.len() <= 1;
        if day_counts_wanted {
            aggs.extend(day_aggregations(self.field(self.schema.fields.published)));
        }
        if !aggs.is_empty() {
            body["aggs"] = Value::Object(aggs);
        }
        let answer = self.search_json(&body)?;
        let total = answer["hits"]["total"]["value"].as_u64().unwrap_or(0);

        let facets = match request.facet_limit.top() {
            None => Facets::default(),
            Some(top) => {
                let count = |field: &str, top: Option<usize>| {
                    self.facet_totals(
                        &answer["aggregations"][field],
                        field,
                        &query,
                        top,
                        request.distinct_facets,
                    )
                };
                let sources = count("source", top)?;
                let speakers = count("speaker", top)?;
                let authors = count("author", top)?;
                let languages = count("language", None)?;
                Facets {
                    sources: sources.top,
                    speakers: speakers.top,
                    authors: authors.top,
                    languages: languages.top,
                    distinct_sources: sources.distinct,
                    distinct_speakers: speakers.distinct,
                    distinct_authors: authors.distinct,
                }
            }
        };

        let mut histogram = Vec::new();
        if let Some(interval) = request.histogram {
            let split: Vec<Option<&String>> = if resolved.sources.len() > 1 {
                resolved.sources.iter().map(Some).collect()
            } else {
                vec![None]
            };
            for source in split {
                let matching = match source {
                    None if day_counts_wanted => days_of(&answer["aggregations"]),
                    _ => self.days(&with(Some(&user_query), source))?,
                };
                let everything = self.days(&with(None, source))?;
                histogram.push(Series {
                    source: source.cloned(),
                    periods: periods(&matching, &everything, interval),
                    undated: matching.undated,
                    days: (matching, everything),
                });
            }
        }

        let statements = (!resolved.said_by.is_empty()).then(|| StatementFilter {
            keys: resolved.said_by.iter().map(|n| speaker_key(n)).collect(),
            words: query_words(&parsed.node, &mut self.analyzers.stemmer()),
        });
        let snippets = self.snippets(&parsed.node);
        let mut fetched = Fetched::default();
        let mut folding = None;
        let raw: Vec<Value> = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if request.all {
            fetched.rest = Some(
                self.open_continuation(body, request.offset, !resolved.said_by.is_empty())?
                    .to_json(),
            );
        } else if collapse {
            let count_all = raw.len() as u64 == total;
            let (kept, stories, folded) =
                fold_copies(raw.clone(), request.offset, limit, count_all, |hit| {
                    Ok(signature_of(&hit["_source"]))
                })?;
            folding = Some(Folding {
                stories: count_all.then_some(stories),
                folded,
            });
            let ids: Vec<&str> = kept.iter().filter_map(|h| h["_id"].as_str()).collect();
            let sources = self.documents(&ids, !resolved.said_by.is_empty())?;
            let signatures: Vec<Option<Signature>> = sources.iter().map(signature_of).collect();
            let searches: Vec<Value> = signatures
                .iter()
                .flatten()
                .map(|signature| self.copies_search(signature))
                .collect();
            let mut answers = self.search_many(&searches)?.into_iter();
            for ((hit, source), signature) in kept.iter().zip(&sources).zip(&signatures) {
                let mut made = self.hit(source, score_of(hit), &snippets, statements.as_ref());
                if let Some(signature) = signature {
                    // One answer per search: `search_many` checks it.
                    if let Some(answer) = answers.next() {
                        add_copies(&mut made, signature, &answer);
                    }
                }
                fetched.hits.push(made);
            }
        } else {
            for hit in raw.iter().take(limit) {
                fetched.hits.push(self.hit(
                    &hit["_source"],
                    score_of(hit),
                    &snippets,
                    statements.as_ref(),
                ));
            }
        }
        let mut matches = Matches::listed(&request.query, total as usize);
        matches.offset = request.offset;
        matches.facets = facets;
        matches.unknown_filters = unknown.messages;
        matches.suggestions = unknown.suggestions;
        matches.warnings = warnings;
        matches.histogram = histogram;
        matches.folding = folding;
        matches.fetched = Some(fetched);
        matches.snippets = snippets;
        matches.statements = statements;
        Ok(matches)
    }

    /// The sort of a search, with the id as the last key, so that every
    /// hit has a place (`--all` pages by it).
    fn sort(&self, order: SortOrder) -> Value {
        let published = self.field(self.schema.fields.published);
        let id = self.field(self.schema.fields.id);
        match order {
            SortOrder::Relevance => json!([{ "_score": "desc" }, { id: "asc" }]),
            SortOrder::Newest => {
                json!([{ published: { "order": "desc", "missing": "_last" } }, { id: "asc" }])
            }
            SortOrder::Oldest => {
                json!([{ published: { "order": "asc", "missing": "_last" } }, { id: "asc" }])
            }
        }
    }

    /// The `_source` filter of hits.
    fn hit_source(&self, statements: bool) -> Value {
        if statements {
            json!(true)
        } else {
            json!({ "excludes": HIT_SOURCE_EXCLUDES })
        }
    }

    /// The documents of these ids, in their order.
    fn documents(&self, ids: &[&str], statements: bool) -> Result<Vec<Value>, SearchError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut body = json!({ "ids": ids });
        if !statements {
            body = json!({ "docs": ids.iter().map(|id| json!({
                "_id": id, "_source": { "excludes": HIT_SOURCE_EXCLUDES }
            })).collect::<Vec<_>>() });
        }
        let answer = self.cluster.json(
            "POST",
            &format!("{}/_mget", self.index),
            Some(&body),
            &format!("reading hits of {}", self.index),
        )?;
        let json = answer.json();
        Ok(json["docs"]
            .as_array()
            .map(|docs| {
                docs.iter()
                    .filter(|d| d["found"].as_bool() == Some(true))
                    .map(|d| d["_source"].clone())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The counts of one facet field: from its terms aggregation when the
    /// shards' answers are exact, else value by value.
    fn facet_totals(
        &self,
        aggregation: &Value,
        field: &str,
        query: &Value,
        top: Option<usize>,
        distinct: bool,
    ) -> Result<FacetTotals, SearchError> {
        let exact = aggregation["doc_count_error_upper_bound"].as_u64() == Some(0);
        let complete = aggregation["sum_other_doc_count"].as_u64() == Some(0);
        let mut counts: Vec<FacetCount> = if exact && top.is_some() {
            aggregation["buckets"]
                .as_array()
                .map(|buckets| {
                    buckets
                        .iter()
                        .filter_map(|b| {
                            Some(FacetCount {
                                name: b["key"].as_str()?.to_string(),
                                count: b["doc_count"].as_u64()?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            self.all_values(field, query)?
        };
        let all_known = !(exact && top.is_some()) || complete;
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        let distinct = if all_known {
            Some(counts.len())
        } else if distinct {
            Some(self.all_values(field, query)?.len())
        } else {
            None
        };
        if let Some(n) = top {
            counts.truncate(n);
        }
        Ok(FacetTotals {
            top: counts,
            distinct,
        })
    }

    /// The articles per day matching `query`.
    fn days(&self, query: &Value) -> Result<Days, SearchError> {
        let answer = self.search_json(&json!({
            "size": 0,
            "query": query,
            "aggs": Value::Object(day_aggregations(self.field(self.schema.fields.published))),
        }))?;
        Ok(days_of(&answer["aggregations"]))
    }

    /// A snippet generator per body field, for the query's words as each
    /// field's analyzer makes them.
    fn snippets(&self, node: &query::Node) -> Vec<(tantivy::schema::Field, SnippetGenerator)> {
        // As locally: the words looked up in bodies, fuzzy words aside.
        let body = self.field(self.schema.fields.body);
        let texts: Vec<String> = leaves(node)
            .into_iter()
            .filter(|leaf| leaf.field.as_deref().is_none_or(|f| f == body))
            .filter(|leaf| !matches!(leaf.kind, query::LeafKind::Fuzzy { .. }))
            .map(|leaf| leaf.text.clone())
            .collect();
        self.schema
            .variants(self.schema.fields.body)
            .into_iter()
            .filter_map(|field| {
                let mut analyzer = self.analyzers.of(field)?;
                let mut terms: BTreeMap<String, f32> = BTreeMap::new();
                for text in &texts {
                    for word in Analyzers::words(&mut analyzer, text) {
                        terms.insert(word, 1.0);
                    }
                }
                Some((field, SnippetGenerator::new(terms, analyzer, field, 200)))
            })
            .collect()
    }

    /// A cluster document as a hit, as locally: the snippet from its text,
    /// or with `--said-by` the speaker's statement holding most words.
    fn hit(
        &self,
        source: &Value,
        score: Option<f32>,
        snippets: &[(tantivy::schema::Field, SnippetGenerator)],
        statements: Option<&StatementFilter>,
    ) -> Hit {
        let doc: TantivyDocument = from_json(&self.schema, source);
        let mut hit = hit_of(&self.schema, &doc, score, snippets);
        if let Some(filter) = statements {
            show_statement(
                &mut hit,
                &mut self.analyzers.stemmer(),
                statements_of(source, &filter.keys),
                &filter.words,
            );
        }
        hit
    }

    /// The search for the near-duplicate copies of an article anywhere in
    /// the index: the articles sharing most signature bands with it (to be
    /// confirmed by their signatures, as locally, by [`add_copies`]).
    fn copies_search(&self, signature: &Signature) -> Value {
        let near_dup = self.field(self.schema.fields.near_dup);
        let bands: Vec<Value> = signature
            .band_keys()
            .into_iter()
            .map(|key| json!({ "constant_score": { "filter": { "term": { near_dup: key } }, "boost": 1.0 } }))
            .collect();
        json!({
            "size": COPY_CANDIDATES,
            "query": { "bool": { "should": bands, "minimum_should_match": 1 } },
            "sort": [{ "_score": "desc" }, { self.field(self.schema.fields.id): "asc" }],
            "_source": [self.field(self.schema.fields.minhash), "source", "id"],
        })
    }

    /// Opens a point in time for `--all` over the query of `body`.
    fn open_continuation(
        &self,
        mut body: Value,
        skip: usize,
        statements: bool,
    ) -> Result<Continuation, SearchError> {
        let answer = self.cluster.json(
            "POST",
            &format!(
                "{}/_search/point_in_time?keep_alive={KEEP_ALIVE}",
                self.index
            ),
            None,
            &format!("opening a point in time of {}", self.index),
        )?;
        let pit = answer.json()["pit_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let object = body.as_object_mut().expect("a search body is an object");
        object.remove("aggs");
        object.remove("from");
        object.insert("track_total_hits".into(), json!(false));
        object.insert("_source".into(), self.hit_source(statements));
        Ok(Continuation {
            pit,
            body,
            after: Value::Null,
            skip,
        })
    }

    /// The next page of `--all`, empty at the end (the point in time is
    /// then closed).
    fn next_page(&self, state: &mut Continuation) -> Result<Vec<Value>, SearchError> {
        let mut body = state.body.clone();
        body["size"] = json!(PAGE);
        body["pit"] = json!({ "id": state.pit, "keep_alive": KEEP_ALIVE });
        if !state.after.is_null() {
            body["search_after"] = state.after.clone();
        }
        // A search with a point in time names no index.
        let answer = self
            .cluster
            .json("POST", "_search", Some(&body), "a page of hits")?;
        let json = answer.json();
        if let Some(pit) = json["pit_id"].as_str() {
            state.pit = pit.to_string();
        }
        let hits = json["hits"]["hits"].as_array().cloned().unwrap_or_default();
        match hits.last() {
            Some(last) => state.after = last["sort"].clone(),
            None => {
                let _ = self.cluster.json(
                    "DELETE",
                    "_search/point_in_time",
                    Some(&json!({ "pit_id": [state.pit] })),
                    "closing a point in time",
                );
            }
        }
        Ok(hits)
    }

    /// The hits of `matches`: those read with the search, then, with
    /// `--all`, page after page.
    pub fn hits<'a>(
        &'a self,
        matches: &'a Matches,
    ) -> Box<dyn Iterator<Item = Result<Hit, SearchError>> + 'a> {
        let Some(fetched) = &matches.fetched else {
            return Box::new(std::iter::empty());
        };
        let first = fetched.hits.iter().cloned().map(Ok);
        let Some(rest) = &fetched.rest else {
            return Box::new(first);
        };
        let mut state = Continuation::from_json(rest);
        let mut page: std::vec::IntoIter<Value> = Vec::new().into_iter();
        let mut done = false;
        let rest = std::iter::from_fn(move || loop {
            if let Some(hit) = page.next() {
                if state.skip > 0 {
                    state.skip -= 1;
                    continue;
                }
                return Some(Ok(self.hit(
                    &hit["_source"],
                    score_of(&hit),
                    &matches.snippets,
                    matches.statements.as_ref(),
                )));
            }
            if done {
                return None;
            }
            match self.next_page(&mut state) {
                Ok(hits) if hits.is_empty() => done = true,
                Ok(hits) => page = hits.into_iter(),
                Err(err) => {
                    done = true;
                    return Some(Err(err));
                }
            }
        });
        Box::new(first.chain(rest))
    }

    /// The document of the article a user names: its id, the start of
    /// its id, or FILE#N.
    pub fn find_article(&self, given: &str) -> Result<Value, SearchError> {
        let given = given.trim();
        let missing = || SearchError::NoArticle(given.to_string());
        let id = self.field(self.schema.fields.id);
        let first = |query: Value| -> Result<Option<Value>, SearchError> {
            let answer = self.search_json(&json!({ "size": 1, "query": query }))?;
            Ok(answer["hits"]["hits"][0].get("_source").cloned())
        };
        if let Some((file, record)) = given.rsplit_once('#') {
            if let Ok(record) = record.parse::<u64>() {
                let path = std::path::Path::new(file);
                let path = path
                    .canonicalize()
                    .or_else(|_| std::path::absolute(path))
                    .unwrap_or_else(|_| path.to_path_buf());
                let query = json!({ "bool": { "filter": [
                    { "term": { self.field(self.schema.fields.path): path.to_string_lossy() } },
                    { "term": { self.field(self.schema.fields.record): record } },
                ] } });
                return first(query)?.ok_or_else(missing);
            }
        }
        let wanted = given.to_ascii_lowercase();
        if let Some(found) = first(json!({ "term": { id: wanted } }))? {
            return Ok(found);
        }
        if wanted.len() < 4 || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(missing());
        }
        let answer = self.search_json(&json!({
            "size": 10,
            "query": { "prefix": { id: wanted } },
            "sort": [{ id: "asc" }],
            "_source": ["id", "title"],
        }))?;
        let found: Vec<(String, String)> = answer["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| {
                Some((
                    h["_source"]["id"].as_str()?.to_string(),
                    h["_source"]["title"].as_str().unwrap_or("").to_string(),
                ))
            })
            .collect();
        match found.as_slice() {
            [] => Err(missing()),
            [(one, _)] => first(json!({ "term": { id: one } }))?.ok_or_else(missing),
            many => Err(SearchError::AmbiguousId {
                given: given.to_string(),
                candidates: many
                    .iter()
                    .map(|(id, title)| format!("  {id}  {title}"))
                    .collect(),
            }),
        }
    }

    /// The article a user names, as a stored document, with its
    /// statements by speaker.
    pub fn article(&self, given: &str) -> Result<(TantivyDocument, Value), SearchError> {
        let source = self.find_article(given)?;
        Ok((from_json(&self.schema, &source), source))
    }

    /// What each speaker of an article said, speakers in the article's
    /// order.
    pub fn statements(&self, given: &str) -> Result<Vec<(String, Vec<String>)>, SearchError> {
        let source = self.find_article(given)?;
        Ok(strings(&source["speaker"])
            .into_iter()
            .map(|speaker| {
                let said = statements_of(&source, &[speaker_key(&speaker)]);
                (speaker, said)
            })
            .collect())
    }

    /// The shortest unambiguous start of an id (8 characters or more).
    pub fn short_id(&self, id: &str) -> String {
        let mut len = 8.min(id.len());
        while len < id.len() {
            let query = json!({ "prefix": { self.field(self.schema.fields.id): &id[..len] } });
            match self.count(&query) {
                Ok(n) if n > 1 => len += 2,
                _ => break,
            }
        }
        id[..len.min(id.len())].to_string()
    }

    /// The articles most like the one a user names, best first: a
    /// more-like-this query on its title and text.
    pub fn similar(&self, given: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let source = self.find_article(given)?;
        let doc = from_json(&self.schema, &source);
        let stored = crate::document::Stored::new(&self.schema, &doc);
        let (title, body) = self.schema.text_fields(stored.language_of().as_deref());
        let (title_text, text, _) = stored.title_and_body();
        let id = stored.id().to_string();
        // The article's terms as the cluster holds them.
        let mut like = String::new();
        for (field, text) in [(title, title_text), (body, text)] {
            if let Some(mut analyzer) = self.analyzers.of_text(field) {
                for term in terms(&mut analyzer, text).split(' ') {
                    if term != GAP && !term.is_empty() {
                        like.push_str(term);
                        like.push(' ');
                    }
                }
            }
        }
        // As locally: words in at least two articles and at most a fifth.
        let articles = self.count(&json!({ "match_all": {} }))?;
        let answer = self.search_json(&json!({
            "size": limit,
            "query": { "bool": {
                "must": [{ "more_like_this": {
                    "fields": [self.field(title), self.field(body)],
                    "like": like,
                    "min_term_freq": 1,
                    "min_doc_freq": 2,
                    "max_doc_freq": (articles / 5).max(2),
                    "max_query_terms": 40,
                    "min_word_length": 3,
                    "minimum_should_match": "1",
                } }],
                "must_not": [{ "term": { self.field(self.schema.fields.id): id } }],
            } },
            "_source": { "excludes": HIT_SOURCE_EXCLUDES },
        }))?;
        Ok(answer["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|hit| self.hit(&hit["_source"], score_of(hit), &[], None))
            .collect())
    }

    /// Figures about the whole index, and its size on the cluster.
    pub fn stats(&self) -> Result<(IndexStats, u64), SearchError> {
        let published = self.field(self.schema.fields.published);
        let all = json!({ "match_all": {} });
        let answer = self.search_json(&json!({
            "size": 0,
            "track_total_hits": true,
            "aggs": {
                "dated": { "value_count": { "field": published } },
                "earliest": { "min": { "field": published } },
                "latest": { "max": { "field": published } },
            },
        }))?;
        let aggregations = &answer["aggregations"];
        let date = |name: &str| {
            aggregations[name]["value"].as_f64().and_then(|millis| {
                OffsetDateTime::from_unix_timestamp_nanos(millis as i128 * 1_000_000)
                    .ok()
                    .map(format_rfc3339)
            })
        };
        let stats = self.cluster.json(
            "GET",
            &format!("{}/_stats/store,segments", self.index),
            None,
            &format!("reading the figures of {}", self.index),
        )?;
        let stats = stats.json();
        let primaries = &stats["_all"]["primaries"];
        Ok((
            IndexStats {
                articles: answer["hits"]["total"]["value"].as_u64().unwrap_or(0),
                dated_articles: aggregations["dated"]["value"].as_u64().unwrap_or(0),
                sources: self.all_values("source", &all)?.len() as u64,
                speakers: self.all_values("speaker", &all)?.len() as u64,
                earliest: date("earliest"),
                latest: date("latest"),
                segments: primaries["segments"]["count"].as_u64().unwrap_or(0) as usize,
            },
            primaries["store"]["size_in_bytes"].as_u64().unwrap_or(0),
        ))
    }
}

/// What the filters of a request resolved to.
struct Resolved {
    clauses: Vec<Value>,
    sources: Vec<String>,
    said_by: Vec<String>,
}

impl Names for ClusterIndex {
    fn count(&self, field: &str, name: &str) -> Result<u64, SearchError> {
        ClusterIndex::count(self, &json!({ "term": { field: name } }))
    }

    fn values(&self, field: &str) -> Result<Vec<String>, SearchError> {
        let mut names: Vec<String> = self
            .all_values(field, &json!({ "match_all": {} }))?
            .into_iter()
            .map(|c| c.name)
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Adds to a hit the copies that the answer to its [`copies_search`]
/// confirms: their ids, and their outlets as "also published by".
fn add_copies(hit: &mut Hit, signature: &Signature, answer: &Value) {
    for other in answer["hits"]["hits"].as_array().into_iter().flatten() {
        let other_source = &other["_source"];
        if other_source["id"].as_str() == Some(hit.id.as_str()) {
            continue;
        }
        let Some(other_signature) = signature_of(other_source) else {
            continue;
        };
        if signature.similarity(&other_signature) < SAME_STORY {
            continue;
        }
        for name in strings(&other_source["source"]) {
            if !hit.sources.contains(&name) && !hit.also_published_by.contains(&name) {
                hit.also_published_by.push(name);
            }
        }
        if hit.copies.len() < COPIES_LISTED {
            if let Some(id) = other_source["id"].as_str() {
                hit.copies.push(id.to_string());
            }
        }
    }
}

/// Why a search's answer is not whole (shards that did not answer, or a
/// timeout), or `None` when it is.
fn incomplete(answer: &Value) -> Option<String> {
    let shards = &answer["_shards"];
    let failed = shards["failed"].as_u64().unwrap_or(0);
    if failed == 0 && answer["timed_out"].as_bool() != Some(true) {
        return None;
    }
    Some(format!(
        "{failed} of its {} shards did not answer ({})",
        shards["total"].as_u64().unwrap_or(0),
        shards["failures"][0]["reason"]["reason"]
            .as_str()
            .unwrap_or("timed out")
    ))
}

/// A terms aggregation of the `top` most frequent values (all with
/// `None`: counted value by value instead), asking each shard for enough
/// values to be exact.
fn terms_aggregation(field: &str, top: Option<usize>) -> Value {
    let size = top.unwrap_or(0).max(1);
    json!({ "terms": {
        "field": field,
        "size": size,
        "shard_size": SHARD_SIZE.max(size),
        "order": [{ "_count": "desc" }, { "_key": "asc" }],
    } })
}

/// The aggregations of a timeline: articles per day, and the undated.
fn day_aggregations(published: &str) -> serde_json::Map<String, Value> {
    let mut aggs = serde_json::Map::new();
    aggs.insert(
        "days".into(),
        json!({ "date_histogram": {
            "field": published, "calendar_interval": "day", "min_doc_count": 1
        } }),
    );
    aggs.insert(
        "undated".into(),
        json!({ "missing": { "field": published } }),
    );
    aggs
}

/// The day counts of an answer's `days` and `undated` aggregations.
fn days_of(aggregations: &Value) -> Days {
    let mut days = Days::default();
    for bucket in aggregations["days"]["buckets"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let (Some(millis), Some(count)) = (bucket["key"].as_i64(), bucket["doc_count"].as_u64())
        {
            *days
                .per_day
                .entry(millis.div_euclid(86_400_000))
                .or_default() += count;
        }
    }
    days.undated = aggregations["undated"]["doc_count"].as_u64().unwrap_or(0);
    days
}

/// A hit's score, when it was ranked by one.
fn score_of(hit: &Value) -> Option<f32> {
    hit["_score"].as_f64().map(|s| s as f32)
}

/// The MinHash signature in a cluster document.
fn signature_of(source: &Value) -> Option<Signature> {
    let values: Vec<u64> = source["minhash"]
        .as_array()?
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    Signature::from_values(values)
}

/// The strings of a value that is one or a list.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(values) => values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// What the speakers with these keys said in a cluster document, each
/// statement once.
fn statements_of(source: &Value, keys: &[String]) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for statement in source["statements"].as_array().into_iter().flatten() {
        let speaker = statement["speaker"].as_str().unwrap_or("");
        if let Some(text) = statement[SHOWN].as_str() {
            if keys.contains(&speaker_key(speaker)) && !texts.iter().any(|t| t == text) {
                texts.push(text.to_string());
            }
        }
    }
    texts
}

/// A query's leaves that must or may match.
fn leaves(node: &query::Node) -> Vec<&query::Leaf> {
    fn walk<'n>(node: &'n query::Node, out: &mut Vec<&'n query::Leaf>) {
        match node {
            query::Node::All | query::Node::Not(_) => {}
            query::Node::Leaf(leaf) => out.push(leaf),
            query::Node::And(nodes) | query::Node::Or(nodes) => {
                nodes.iter().for_each(|n| walk(n, out))
            }
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out
}

/// The words of a query that must or may match, as `analyzer` makes them.
fn query_words(node: &query::Node, analyzer: &mut tantivy::tokenizer::TextAnalyzer) -> Vec<String> {
    leaves(node)
        .iter()
        .flat_map(|leaf| Analyzers::words(analyzer, &leaf.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_buckets_become_day_numbers_and_the_undated_are_kept_apart() {
        let aggregations = json!({
            "days": { "buckets": [
                { "key": 86_400_000i64 * 3, "doc_count": 2 },
                { "key": -86_400_000i64, "doc_count": 1 },
            ] },
            "undated": { "doc_count": 4 },
        });
        let days = days_of(&aggregations);
        assert_eq!(days.per_day.get(&3), Some(&2));
        assert_eq!(days.per_day.get(&-1), Some(&1));
        assert_eq!(days.undated, 4);
    }

    #[test]
    fn statements_are_those_of_the_speakers_asked_for_each_once() {
        let source = json!({ "statements": [
            { "speaker": "Anna Berg", "shown": "We are ready." },
            { "speaker": "Olof Lind", "shown": "Not yet." },
            { "speaker": "Anna Berg", "shown": "We are ready." },
        ] });
        let said = statements_of(&source, &[speaker_key("anna berg")]);
        assert_eq!(said, vec!["We are ready.".to_string()]);
    }

    #[test]
    fn a_top_list_asks_the_shards_for_enough_values_to_be_exact() {
        let aggregation = terms_aggregation("source", Some(20));
        assert_eq!(aggregation["terms"]["size"], 20);
        assert_eq!(aggregation["terms"]["shard_size"], SHARD_SIZE);
    }
}
