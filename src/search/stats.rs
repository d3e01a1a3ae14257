//! Figures about a whole index.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::AllQuery;
use tantivy::Order;

use super::{SearchError, Searchable};
use crate::date::format_rfc3339;
use crate::facets::TopFacets;

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

impl Searchable {
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
}
