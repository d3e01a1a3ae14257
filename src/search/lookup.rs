//! Finding one article by id, id prefix or FILE#N, and short ids.

use std::collections::BTreeSet;

use super::{SearchError, Searchable};
use crate::document::Stored;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TantivyDocument, Term};

/// How many characters of an id human output prints, at least.
const SHORT_ID: usize = 8;

impl Searchable {
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
                            .map(|(_, doc)| Stored::new(&self.schema, &doc).title().to_string())
                            .unwrap_or_default();
                        format!("  {id}  {title}")
                    })
                    .collect(),
            }),
        }
    }

    /// The article from record `record` of `file`.
    pub(super) fn record_in(
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
            if Stored::new(&self.schema, &doc).record() == Some(record) {
                return Ok(Some((address, doc)));
            }
        }
        Ok(None)
    }

    /// The ids of live articles that start with `prefix`, at most `limit`
    /// of them, sorted.
    pub(super) fn ids_starting_with(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, SearchError> {
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
}
