//! Hits read back from the index: fields, snippets, the statement
//! shown with `--said-by`.

use serde::Serialize;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, TantivyDocument};

use super::{Matches, SearchError, Searchable, StatementFilter};
use crate::document::Stored;
use crate::schema::IndexSchema;
use crate::snippet;

/// How long the opening of a body shown as a snippet is, in characters
/// (when the query matched the title only).
const OPENING_CHARS: usize = 200;

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

impl Searchable {
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

    pub(super) fn hit(
        &self,
        doc: &TantivyDocument,
        score: Option<f32>,
        snippets: &[(tantivy::schema::Field, SnippetGenerator)],
    ) -> Hit {
        hit_of(&self.schema, doc, score, snippets)
    }

    /// The article at `address` as a hit, with the opening of its body as
    /// the snippet.
    pub fn hit_at(&self, address: DocAddress, score: Option<f32>) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        Ok(self.hit(&doc, score, &[]))
    }

    /// Replaces a hit's snippet by the statement of the `--said-by` speaker
    /// that holds the most query words, with those words highlighted.
    pub(super) fn show_statement(
        &self,
        hit: &mut Hit,
        doc: &TantivyDocument,
        filter: &StatementFilter,
    ) {
        let texts = Stored::new(&self.schema, doc).statements(&filter.keys);
        show_statement(hit, &mut self.stemmer(), texts, &filter.words);
    }
}

/// A stored document as a hit: its fields, and a snippet of its text
/// around the words of `snippets` (the opening when none is found).
pub(crate) fn hit_of(
    schema: &IndexSchema,
    doc: &TantivyDocument,
    score: Option<f32>,
    snippets: &[(tantivy::schema::Field, SnippetGenerator)],
) -> Hit {
    let stored = Stored::new(schema, doc);
    // Of a huge article, the stored text is its opening, which its
    // speakers came from too: time stays bounded whatever the record.
    let (title, body, body_field) = stored.title_and_body();
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
        id: stored.id().to_string(),
        score,
        title: title.to_string(),
        path: stored.path().to_string(),
        record: stored.record(),
        published: stored.published(),
        url: stored.url().map(str::to_string),
        speakers: stored.speakers(),
        sources: stored.sources(),
        authors: stored.authors(),
        language: stored.language_of(),
        site: stored.site().map(str::to_string),
        snippet: passage.text,
        highlights: passage.highlights,
        also_published_by: Vec::new(),
        copies: Vec::new(),
    }
}

/// Replaces a hit's snippet by the one of `texts` (a speaker's
/// statements) that holds the most of `words` (as `analyzer` makes them),
/// with those words highlighted.
pub(crate) fn show_statement(
    hit: &mut Hit,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    texts: Vec<String>,
    words: &[String],
) {
    // (query words found, passage, their byte ranges)
    type Scored = (usize, String, Vec<(usize, usize)>);
    let mut best: Option<Scored> = None;
    for text in texts {
        let mut highlights = Vec::new();
        {
            let mut stream = analyzer.token_stream(&text);
            while let Some(token) = stream.next() {
                if words.contains(&token.text) {
                    highlights.push((token.offset_from, token.offset_to));
                }
            }
        }
        if best.as_ref().is_none_or(|(n, _, _)| highlights.len() > *n) {
            best = Some((highlights.len(), text, highlights));
        }
    }
    if let Some((_, text, highlights)) = best {
        let passage = snippet::whole(&text, &highlights);
        hit.snippet = passage.text;
        hit.highlights = passage.highlights;
    }
}
