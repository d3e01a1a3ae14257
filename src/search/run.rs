//! Running a search: the query with its filters, counts, facets,
//! timeline and the ranked addresses of the hits.

use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Term};
use time::OffsetDateTime;

use super::filters::{languages, resolve, Unknown};
use super::{
    Folding, Matches, SearchError, SearchRequest, SearchResults, Searchable, Series, SortOrder,
    StatementFilter, COUNTED_STORIES,
};
use crate::document::speaker_key;
use crate::extract::Outlets;
use crate::facets::{Facets, TopFacets};
use crate::histogram::{periods, DayCounts};

impl Searchable {
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
        let mut unknown = Unknown::default();
        let said_by = resolve(
            self,
            &request.said_by,
            "speaker",
            None,
            "said_by",
            &mut unknown,
        )?;
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
        let sources = resolve(
            self,
            &request.sources,
            "source",
            Some(outlets),
            "source",
            &mut unknown,
        )?;
        let speakers = resolve(
            self,
            &request.speakers,
            "speaker",
            None,
            "speaker",
            &mut unknown,
        )?;
        let authors = resolve(
            self,
            &request.authors,
            "author",
            None,
            "author",
            &mut unknown,
        )?;
        let languages = languages(self, &request.languages, &mut unknown)?;
        let empty = |unknown: Unknown| Matches {
            offset: request.offset,
            unknown_filters: unknown.messages,
            suggestions: unknown.suggestions,
            warnings: query_warnings.clone(),
            ..Matches::listed(&request.query, 0)
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
        // With no facets asked for, nothing is counted but the total.
        let counted = request.facet_limit.top().map(|top| {
            let facets = |field: &str, top: Option<usize>| {
                let facets = TopFacets::new(field, top);
                if request.distinct_facets {
                    facets.with_distinct()
                } else {
                    facets
                }
            };
            (
                facets("source", top),
                facets("speaker", top),
                (facets("author", top), TopFacets::new("language", None)),
            )
        });
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
        let day_counts_wanted = request.histogram.is_some() && sources.len() <= 1;
        let facets = (Count, counted, day_counts_wanted.then_some(DayCounts));
        #[allow(clippy::type_complexity)]
        let (ranked, (total, counts, day_counts)): (Vec<(Option<f32>, DocAddress)>, _) =
            match request.sort {
                SortOrder::Relevance => {
                    let (top, rest) = self.collect(&query, &(top.order_by_score(), facets))?;
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
                    let (top, rest) = self.collect(&query, &(collector, facets))?;
                    (top.into_iter().map(|(_, a)| (None, a)).collect(), rest)
                }
            };
        // One timeline: its matches are counted per day in the search
        // itself. One per source: each source's matches are searched apart.
        let mut histogram = Vec::new();
        if let Some(interval) = request.histogram {
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
                            Self::facet_filter(self.fields.source, std::slice::from_ref(source)),
                        ));
                    }
                    with(extra)
                };
                let matching = match (source, &day_counts) {
                    (None, Some(days)) => days.clone(),
                    _ => self.collect(
                        &*only(vec![(Occur::Must, user_query.box_clone())]),
                        &DayCounts,
                    )?,
                };
                let everything = self.days_under(&*only(Vec::new()))?;
                histogram.push(Series {
                    source: source.cloned(),
                    periods: periods(&matching, &everything, interval),
                    undated: matching.undated,
                    days: (matching, everything),
                });
            }
        }
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
            facets: match counts {
                Some((sources, speakers, (authors, languages))) => Facets {
                    sources: sources.top,
                    speakers: speakers.top,
                    authors: authors.top,
                    languages: languages.top,
                    distinct_sources: sources.distinct,
                    distinct_speakers: speakers.distinct,
                    distinct_authors: authors.distinct,
                },
                None => Facets::default(),
            },
            unknown_filters: unknown.messages,
            suggestions: unknown.suggestions,
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
            fetched: None,
        })
    }
}
