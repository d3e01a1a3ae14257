//! `similar`: the articles most like one article.
//!
//! The query is "more like this": the article's most telling words (term
//! frequency times inverse document frequency, over its title and text),
//! each a clause boosted by its weight. It is built here rather than by
//! tantivy's `MoreLikeThisQuery`, which picks among equally weighted words
//! in hash order, so that the same article gave different neighbours from
//! one run to the next.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::{Hit, SearchError, Searchable};
use crate::document::Stored;

/// Words shorter than this (in bytes) are left out.
const MIN_WORD_BYTES: usize = 3;

/// The most words the query holds.
const MAX_QUERY_WORDS: usize = 40;

/// A word must be in at least this many articles.
const MIN_DOC_FREQUENCY: u64 = 2;

impl Searchable {
    /// The articles most like the one at `address`, best first, without
    /// itself.
    pub fn similar(&self, address: DocAddress, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        // Of a huge article, its stored opening stands for it.
        let stored = Stored::new(&self.schema, &doc);
        let (title_text, text, body) = stored.title_and_body();
        let (title, _) = self.schema.text_fields(stored.language_of().as_deref());
        let Some(query) = self.more_like(&[(title, title_text), (body, text)])? else {
            return Ok(Vec::new());
        };
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit + 1).order_by_score())?;
        top.into_iter()
            .filter(|&(_, other)| other != address)
            .take(limit)
            .map(|(score, other)| self.hit_at(other, Some(score)))
            .collect()
    }

    /// The query of the most telling words of `texts`, each in its field;
    /// `None` when no word qualifies.
    fn more_like(&self, texts: &[(Field, &str)]) -> Result<Option<BooleanQuery>, SearchError> {
        let mut frequencies: BTreeMap<Term, u64> = BTreeMap::new();
        for &(field, text) in texts {
            let Ok(mut analyzer) = self.index.tokenizer_for_field(field) else {
                continue;
            };
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                if token.text.len() >= MIN_WORD_BYTES {
                    *frequencies
                        .entry(Term::from_field_text(field, &token.text))
                        .or_default() += 1;
                }
            }
        }
        let articles = self.searcher.num_docs();
        let max_doc_frequency = (articles / 5).max(MIN_DOC_FREQUENCY);
        let mut weighted = Vec::new();
        for (term, frequency) in frequencies {
            let doc_frequency = self.searcher.doc_freq(&term)?;
            if !(MIN_DOC_FREQUENCY..=max_doc_frequency).contains(&doc_frequency) {
                continue;
            }
            // BM25's inverse document frequency, as tantivy scores.
            let rarity = (articles - doc_frequency) as f32 + 0.5;
            let idf = (1.0 + rarity / (doc_frequency as f32 + 0.5)).ln();
            weighted.push((frequency as f32 * idf, term));
        }
        // Heaviest first; equal weights in the order of the words, so that
        // the choice is the same every time.
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        weighted.truncate(MAX_QUERY_WORDS);
        let Some(&(heaviest, _)) = weighted.first() else {
            return Ok(None);
        };
        let clauses = weighted
            .into_iter()
            .map(|(weight, term)| {
                let query: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    weight / heaviest,
                ));
                (Occur::Should, query)
            })
            .collect();
        Ok(Some(BooleanQuery::new(clauses)))
    }
}
