//! The mapping between an article and its index document, both ways:
//! [`to_document`] puts an article and its extraction into the schema's
//! fields; [`Stored`] reads a stored document back. No other module names
//! a stored field.

use tantivy::schema::{Facet, Field, Value};
use tantivy::{DateTime, TantivyDocument};

use crate::date::format_rfc3339;
use crate::extract::{fold, passage, read_part, Statement};
use crate::parse::Article;
use crate::said::{decode_spans, StatementPlaces};
use crate::schema::IndexSchema;
use crate::signature;

/// The stable identifier of an article: a hash of its file's absolute path
/// and its position (or its own id) in the file.
pub fn article_id(article: &Article) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(article.path.to_string_lossy().as_bytes());
    hasher.update(b"#");
    match (&article.id, article.record) {
        (Some(id), _) => hasher.update(format!("id:{id}").as_bytes()),
        (None, Some(n)) => hasher.update(format!("record:{n}").as_bytes()),
        (None, None) => hasher.update(b"file"),
    };
    hasher.finalize().to_hex()[..16].to_string()
}

/// Where an article's fields are written: a tantivy document for the
/// local index, a JSON document for a cluster. [`fill_document`] decides
/// what goes in which field, once for both.
pub trait DocumentWriter {
    /// A text or string field.
    fn text(&mut self, field: Field, value: &str);
    /// An unsigned integer field.
    fn number(&mut self, field: Field, value: u64);
    /// A facet's value (a name: `Maria Zakharova`).
    fn facet(&mut self, field: Field, value: &str);
    /// A date field.
    fn date(&mut self, field: Field, value: time::OffsetDateTime);
    /// Each speaker's statements in `shown` (the text as stored).
    fn statements(
        &mut self,
        schema: &IndexSchema,
        shown: &str,
        speakers: &[String],
        statements: &[Statement],
    );
}

impl DocumentWriter for TantivyDocument {
    fn text(&mut self, field: Field, value: &str) {
        self.add_text(field, value);
    }

    fn number(&mut self, field: Field, value: u64) {
        self.add_u64(field, value);
    }

    fn facet(&mut self, field: Field, value: &str) {
        self.add_facet(field, Facet::from_path([value]));
    }

    fn date(&mut self, field: Field, value: time::OffsetDateTime) {
        self.add_date(field, DateTime::from_utc(value));
    }

    /// Statements are places in the body: the token ranges `--said-by`
    /// matches in, and the byte ranges shown.
    fn statements(
        &mut self,
        schema: &IndexSchema,
        shown: &str,
        speakers: &[String],
        statements: &[Statement],
    ) {
        let places = StatementPlaces::of(shown, speakers, statements);
        for value in places.tokens {
            self.add_u64(schema.fields.said_at, value);
        }
        self.add_bytes(schema.fields.said_spans, &places.spans);
    }
}

/// An article with what extraction found in it: what a document is made
/// of, locally or on a cluster.
#[derive(Clone, Copy)]
pub struct Extracted<'a> {
    /// Its id (see [`article_id`]).
    pub id: &'a str,
    pub article: &'a Article,
    pub speakers: &'a [String],
    pub sources: &'a [String],
    pub statements: &'a [Statement],
}

/// Builds the index document of an article and its extraction.
pub fn to_document(schema: &IndexSchema, extracted: Extracted) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    fill_document(&mut doc, schema, extracted);
    doc
}

/// Writes an article and its extraction into the schema's fields.
pub fn fill_document(doc: &mut impl DocumentWriter, schema: &IndexSchema, extracted: Extracted) {
    let Extracted {
        id,
        article,
        speakers,
        sources,
        statements,
    } = extracted;
    let fields = &schema.fields;
    doc.text(fields.id, id);
    doc.text(fields.path, &article.path.to_string_lossy());
    if let Some(record) = article.record {
        doc.number(fields.record, record as u64);
    }
    let (title, body) = schema.text_fields(article.language.as_deref());
    doc.text(title, &article.title);
    doc.text(body, &article.body);
    // A huge record's opening is what is shown and cut into snippets; its
    // whole text is indexed above.
    let shown = read_part(&article.body);
    doc.text(fields.text, shown);
    if shown.len() < article.body.len() {
        doc.number(fields.text_length, article.body.len() as u64);
    }
    if let Some(site) = &article.site {
        doc.text(fields.site, site);
    }
    for author in &article.authors {
        doc.facet(fields.author, author);
        doc.text(fields.author_name, author);
    }
    if let Some(language) = &article.language {
        doc.facet(fields.language, language);
    }
    if let Some(published) = article.published {
        doc.date(fields.published, published);
    }
    if let Some(url) = &article.url {
        doc.text(fields.url, url);
    }
    for speaker in speakers {
        doc.facet(fields.speaker, speaker);
        doc.text(fields.speaker_name, speaker);
    }
    for source in sources {
        doc.facet(fields.source, source);
        doc.text(fields.source_name, source);
    }
    doc.number(fields.extracted, extraction_digest(speakers, sources));
    if !statements.is_empty() {
        doc.statements(schema, shown, speakers, statements);
    }
    if let Some(signature) = signature::signature(shown) {
        for key in signature.band_keys() {
            doc.number(fields.near_dup, key);
        }
        for value in signature.to_values() {
            doc.number(fields.minhash, value);
        }
    }
}

/// A digest of what extraction found in an article (its speakers and
/// sources, in order): a run that reads a file again only because the
/// lists changed replaces the articles whose digest changes.
pub fn extraction_digest(speakers: &[String], sources: &[String]) -> u64 {
    let mut hasher = blake3::Hasher::new();
    for (kind, names) in [(b"speaker", speakers), (b"source\0", sources)] {
        for name in names {
            hasher.update(kind);
            hasher.update(name.as_bytes());
            hasher.update(b"\0");
        }
    }
    let bytes = hasher.finalize();
    u64::from_le_bytes(bytes.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The key of a speaker, which [`crate::said::speaker_tag`] hashes: the
/// folded name with
/// anything but letters and digits turned into `_` (`maria_zakharova`).
pub fn speaker_key(name: &str) -> String {
    fold(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// A stored document read back: the article's fields as the index keeps
/// them.
pub struct Stored<'d> {
    doc: &'d TantivyDocument,
    schema: &'d IndexSchema,
}

impl<'d> Stored<'d> {
    /// A view of `doc`, stored with `schema`.
    pub fn new(schema: &'d IndexSchema, doc: &'d TantivyDocument) -> Stored<'d> {
        Stored { doc, schema }
    }

    fn text(&self, field: Field) -> Option<&'d str> {
        self.doc.get_first(field).and_then(|v| v.as_str())
    }

    fn facets(&self, field: Field) -> Vec<String> {
        self.doc
            .get_all(field)
            .filter_map(|v| v.as_facet())
            .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
            .filter_map(|facet| facet.to_path().first().map(|s| s.to_string()))
            .collect()
    }

    /// The article's id.
    pub fn id(&self) -> &'d str {
        self.text(self.schema.fields.id).unwrap_or_default()
    }

    /// The file it came from.
    pub fn path(&self) -> &'d str {
        self.text(self.schema.fields.path).unwrap_or_default()
    }

    /// Its record in that file, when the file holds several.
    pub fn record(&self) -> Option<u64> {
        self.doc
            .get_first(self.schema.fields.record)
            .and_then(|v| v.as_u64())
    }

    /// Publication time, RFC 3339.
    pub fn published(&self) -> Option<String> {
        self.doc
            .get_first(self.schema.fields.published)
            .and_then(|v| v.as_datetime())
            .map(|d| format_rfc3339(d.into_utc()))
    }

    /// Its address.
    pub fn url(&self) -> Option<&'d str> {
        self.text(self.schema.fields.url)
    }

    /// The web site it was published on.
    pub fn site(&self) -> Option<&'d str> {
        self.text(self.schema.fields.site)
    }

    /// Speakers, as indexed.
    pub fn speakers(&self) -> Vec<String> {
        self.facets(self.schema.fields.speaker)
    }

    /// Sources, as indexed.
    pub fn sources(&self) -> Vec<String> {
        self.facets(self.schema.fields.source)
    }

    /// Authors, as the byline names them.
    pub fn authors(&self) -> Vec<String> {
        self.facets(self.schema.fields.author)
    }

    /// The language code a document is stored with, if any.
    pub fn language_of(&self) -> Option<String> {
        let encoded = self
            .doc
            .get_first(self.schema.fields.language)?
            .as_facet()?;
        let facet = Facet::from_encoded(encoded.as_bytes().to_vec()).ok()?;
        facet.to_path().first().map(|s| s.to_string())
    }

    /// The stored headline.
    pub fn title(&self) -> &'d str {
        self.title_and_body().0
    }

    /// The stored text (the opening of a huge article).
    pub fn body(&self) -> &'d str {
        self.title_and_body().1
    }

    /// The length in bytes of the whole text, when the stored text is only
    /// its opening.
    pub fn body_length(&self) -> Option<u64> {
        self.doc
            .get_first(self.schema.fields.text_length)
            .and_then(|v| v.as_u64())
    }

    /// The stored headline and text of a document (the text's opening, of
    /// a huge article), and the field its text is indexed in.
    pub fn title_and_body(&self) -> (&'d str, &'d str, Field) {
        let (title, body) = self.schema.text_fields(self.language_of().as_deref());
        (
            self.text(title).unwrap_or(""),
            self.text(self.schema.fields.text).unwrap_or(""),
            body,
        )
    }

    /// The statements of the speakers with these keys (see
    /// [`speaker_key`]), in the order they were found.
    pub fn statements(&self, keys: &[String]) -> Vec<String> {
        let Some(bytes) = self
            .doc
            .get_first(self.schema.fields.said_spans)
            .and_then(|value| value.as_bytes())
        else {
            return Vec::new();
        };
        let speakers = self.speakers();
        let text = self.text(self.schema.fields.text).unwrap_or("");
        let mut passages: Vec<String> = Vec::new();
        for (speaker, spans) in decode_spans(bytes) {
            let Some(name) = speakers.get(speaker) else {
                continue;
            };
            if keys.contains(&speaker_key(name)) {
                let passage = passage(text, &spans);
                if !passages.contains(&passage) {
                    passages.push(passage);
                }
            }
        }
        passages
    }
}
