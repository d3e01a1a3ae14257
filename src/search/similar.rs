//! `similar`: the articles most like one article.

use super::{Hit, SearchError, Searchable};
use crate::document::Stored;
use tantivy::collector::TopDocs;
use tantivy::{DocAddress, TantivyDocument};

impl Searchable {
    /// The articles most like the one at `address` (tantivy's
    /// more-like-this over title and body), best first, without itself.
    pub fn similar(&self, address: DocAddress, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        // Of a huge article, its stored opening stands for it.
        let stored = Stored::new(&self.schema, &doc);
        let (title_text, text, body) = stored.title_and_body();
        let (title, _) = self.schema.text_fields(stored.language_of().as_deref());
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
}
