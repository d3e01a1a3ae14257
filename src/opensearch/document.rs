//! An article as a cluster document: the fields of the local index by
//! the same names (see [`crate::document::fill_document`]), each
//! speaker's statements as nested text. Text fields hold the terms the
//! local analyzers make of them (see [`super::mapping`]); the stored ones
//! are also kept as written, under `shown`.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tantivy::schema::{Facet, Field};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::TantivyDocument;

use crate::date::format_rfc3339;
use crate::document::{fill_document, DocumentWriter, Extracted};
use crate::extract::Statement;
use crate::schema::{FieldType, IndexSchema};

use super::mapping::{GAP, SHOWN, STATEMENTS};
use super::query::Analyzers;

/// Text made into the terms a local index holds, by each field's own
/// analyzer (kept once made, so that its stem memory warms up).
pub struct Terms<'a> {
    analyzers: &'a Analyzers,
    made: HashMap<Field, Option<TextAnalyzer>>,
}

impl<'a> Terms<'a> {
    /// Terms made by `analyzers`.
    pub fn new(analyzers: &'a Analyzers) -> Terms<'a> {
        Terms {
            analyzers,
            made: HashMap::new(),
        }
    }

    /// The terms of `text` in `field`, separated by spaces, with [`GAP`]
    /// where the analyzer leaves a position empty; `None` for a field
    /// that is not analysed text.
    pub fn of(&mut self, field: Field, text: &str) -> Option<String> {
        let analyzers = self.analyzers;
        let analyzer = self
            .made
            .entry(field)
            .or_insert_with(|| analyzers.of_text(field))
            .as_mut()?;
        Some(terms(analyzer, text))
    }
}

/// The terms `analyzer` makes of `text`, as [`Terms::of`] gives them.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        for _ in next..token.position {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(GAP);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token.text);
        next = token.position + 1;
    }
    out
}

/// A JSON document being filled, its field names read from the schema.
pub struct JsonDocument<'s, 't> {
    schema: &'s IndexSchema,
    terms: &'s mut Terms<'t>,
    fields: Map<String, Value>,
    /// The body field the article's text went to (its language's).
    body: Field,
}

impl<'s, 't> JsonDocument<'s, 't> {
    /// An empty document of `schema`, its text made into terms by `terms`.
    pub fn new(schema: &'s IndexSchema, terms: &'s mut Terms<'t>) -> JsonDocument<'s, 't> {
        JsonDocument {
            schema,
            terms,
            fields: Map::new(),
            body: schema.fields.body,
        }
    }

    /// The document, as the bulk API takes it.
    pub fn into_value(self) -> Value {
        Value::Object(self.fields)
    }

    fn name(&self, field: Field) -> String {
        self.schema.schema.get_field_name(field).to_string()
    }

    /// Sets a field, or adds to its values when it has one already.
    fn push(&mut self, field: Field, value: Value) {
        let name = self.name(field);
        push_to(&mut self.fields, name, value);
    }
}

/// Sets `name` in `fields`, or adds to its values when it has one already.
fn push_to(fields: &mut Map<String, Value>, name: String, value: Value) {
    match fields.get_mut(&name) {
        Some(Value::Array(values)) => values.push(value),
        Some(first) => {
            let first = first.take();
            fields.insert(name, Value::Array(vec![first, value]));
        }
        None => {
            fields.insert(name, value);
        }
    }
}

impl DocumentWriter for JsonDocument<'_, '_> {
    /// Text fields get their terms, and the stored ones their text as
    /// written under `shown`; other fields their value.
    fn text(&mut self, field: Field, value: &str) {
        let Some(terms) = self.terms.of(field, value) else {
            self.push(field, Value::from(value));
            return;
        };
        if self.schema.is_variant(field, self.schema.fields.body) {
            self.body = field;
        }
        if self.schema.schema.get_field_entry(field).is_stored() {
            let name = self.name(field);
            let shown = self
                .fields
                .entry(SHOWN)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(shown) = shown {
                push_to(shown, name, Value::from(value));
            }
        }
        self.push(field, Value::from(terms));
    }

    fn number(&mut self, field: Field, value: u64) {
        self.push(field, Value::from(value));
    }

    /// Facets are always lists, so that a reader never meets a lone name.
    fn facet(&mut self, field: Field, value: &str) {
        let name = self.name(field);
        match self
            .fields
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(values) => values.push(Value::from(value)),
            other => *other = Value::Array(vec![other.take(), Value::from(value)]),
        }
    }

    fn date(&mut self, field: Field, value: time::OffsetDateTime) {
        self.push(field, Value::from(format_rfc3339(value)));
    }

    /// One nested object per passage: its speaker, its terms as the body
    /// holds them (which `--said-by` searches), the body field whose
    /// analyzer made them (the article's language), and its text as
    /// written.
    fn statements(
        &mut self,
        _schema: &IndexSchema,
        shown: &str,
        speakers: &[String],
        statements: &[Statement],
    ) {
        let body = self.body;
        let body_name = self.name(body);
        let nested: Vec<Value> = statements
            .iter()
            .filter(|s| speakers.contains(&s.speaker))
            .map(|s| {
                let text = s.text(shown);
                serde_json::json!({
                    "speaker": s.speaker,
                    "text": self.terms.of(body, &text).unwrap_or_default(),
                    "field": body_name,
                    SHOWN: text,
                })
            })
            .collect();
        if !nested.is_empty() {
            self.fields.insert(STATEMENTS.into(), Value::Array(nested));
        }
    }
}

/// The cluster document of an article and its extraction.
pub fn to_json(schema: &IndexSchema, terms: &mut Terms, extracted: Extracted) -> Value {
    let mut doc = JsonDocument::new(schema, terms);
    fill_document(&mut doc, schema, extracted);
    doc.into_value()
}

/// A cluster document read back as the local index stores it: every
/// stored field the document has, so that hits are made alike.
pub fn from_json(schema: &IndexSchema, source: &Value) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    for spec in &schema.spec.fields {
        if !spec.stored {
            continue;
        }
        let Ok(field) = schema.schema.get_field(&spec.name) else {
            continue;
        };
        if matches!(spec.field_type, FieldType::Text) {
            // As written, in each language's field.
            for field in schema.variants(field) {
                let name = schema.schema.get_field_name(field);
                for value in strings(&source[SHOWN][name]) {
                    doc.add_text(field, value);
                }
            }
            continue;
        }
        let values: Vec<&Value> = match source.get(&spec.name) {
            Some(Value::Array(values)) => values.iter().collect(),
            Some(Value::Null) | None => continue,
            Some(value) => vec![value],
        };
        for value in values {
            match spec.field_type {
                FieldType::Text | FieldType::String => {
                    if let Some(text) = value.as_str() {
                        doc.add_text(field, text);
                    }
                }
                FieldType::U64 => {
                    if let Some(number) = value.as_u64() {
                        doc.add_u64(field, number);
                    }
                }
                FieldType::Date => {
                    if let Some(at) = value.as_str().and_then(crate::date::parse_date) {
                        doc.add_date(field, tantivy::DateTime::from_utc(at));
                    }
                }
                FieldType::Facet => {
                    if let Some(name) = value.as_str() {
                        doc.add_facet(field, Facet::from_path([name]));
                    }
                }
                FieldType::Bytes | FieldType::Json => {}
            }
        }
    }
    doc
}

/// The strings of a value that is one string or a list of them.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::Array(values) => values.iter().filter_map(Value::as_str).collect(),
        value => value.as_str().into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{article_id, Extracted};
    use crate::extract::Extractor;
    use crate::extract::Vocabulary;
    use crate::parse::Article;

    #[test]
    fn terms_are_the_local_ones_with_the_positions_of_words_too_long_to_index() {
        let schema = IndexSchema::builtin();
        let analyzers = Analyzers::new(&schema);
        let mut terms = Terms::new(&analyzers);
        let long = "x".repeat(45);
        let made = terms
            .of(
                schema.fields.body,
                &format!("Ministers added {long} Running"),
            )
            .unwrap();
        assert_eq!(made, format!("minist add {GAP} run"));
        // Ids and paths are terms as they are.
        assert_eq!(terms.of(schema.fields.id, "A1 b2"), None);
    }

    #[test]
    fn an_article_has_the_local_fields_and_its_statements() {
        let schema = IndexSchema::builtin();
        let article = Article {
            path: "/archive/wire.txt".into(),
            record: None,
            id: None,
            title: "Talks resume".into(),
            body: "The talks resumed on Monday in the capital, officials said. \
                \"We are ready to sign the agreement this week,\" Foreign Minister Anna Berg told \
                reporters, adding that both delegations had agreed on the remaining points of \
                the text, including the schedule for the withdrawal and the monitoring by \
                observers from neighbouring countries, Harbour Wire reports."
                .into(),
            published: None,
            url: None,
            source: None,
            site: None,
            authors: Vec::new(),
            language: Some("en".into()),
        };
        let extractor = Extractor::new(Vocabulary::builtin());
        let found = extractor.extract(&article);
        let statements = extractor.statements(&article.body, &found);
        let id = article_id(&article);
        let analyzers = Analyzers::new(&schema);
        let doc = to_json(
            &schema,
            &mut Terms::new(&analyzers),
            Extracted {
                id: &id,
                article: &article,
                speakers: &found.speakers,
                sources: &found.sources,
                statements: &statements,
            },
        );
        assert_eq!(doc["id"], id.as_str());
        assert_eq!(doc["path"], "/archive/wire.txt");
        // Text fields hold the local terms (English stems, folded), the
        // stored ones their text as written too.
        assert!(doc["body"]
            .as_str()
            .unwrap()
            .starts_with("the talk resum on monday"));
        assert_eq!(doc["title"], "talk resum");
        assert_eq!(doc[SHOWN]["title"], "Talks resume");
        assert!(doc["text"].as_str().unwrap().starts_with("The talks"));
        assert_eq!(doc["speaker"], serde_json::json!(["Anna Berg"]));
        assert_eq!(doc["language"], serde_json::json!(["en"]));
        let said = doc[STATEMENTS].as_array().unwrap();
        assert_eq!(said[0]["speaker"], "Anna Berg");
        assert!(said[0][SHOWN].as_str().unwrap().contains("ready to sign"));
        assert!(said[0]["text"].as_str().unwrap().contains("readi to sign"));
        assert_eq!(said[0]["field"], "body");
        assert!(doc["minhash"].as_array().is_some_and(|v| v.len() == 11));
        assert!(doc.get("said_at").is_none() && doc.get("said_spans").is_none());

        let back = from_json(&schema, &doc);
        let stored = crate::document::Stored::new(&schema, &back);
        assert_eq!(stored.id(), id);
        assert_eq!(stored.title(), "Talks resume");
        assert!(stored.body().starts_with("The talks"));
        assert_eq!(stored.speakers(), ["Anna Berg"]);
        assert_eq!(stored.language_of().as_deref(), Some("en"));
    }
}
