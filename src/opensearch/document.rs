//! An article as a cluster document: the fields of the local index by
//! the same names (see [`crate::document::fill_document`]), each
//! speaker's statements as nested text.

use serde_json::{Map, Value};
use tantivy::schema::{Facet, Field};
use tantivy::TantivyDocument;

use crate::date::format_rfc3339;
use crate::document::{fill_document, DocumentWriter, Extracted};
use crate::extract::Statement;
use crate::schema::{FieldType, IndexSchema};

use super::mapping::STATEMENTS;

/// A JSON document being filled, its field names read from the schema.
pub struct JsonDocument<'s> {
    schema: &'s IndexSchema,
    fields: Map<String, Value>,
}

impl<'s> JsonDocument<'s> {
    /// An empty document of `schema`.
    pub fn new(schema: &'s IndexSchema) -> JsonDocument<'s> {
        JsonDocument {
            schema,
            fields: Map::new(),
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
        match self.fields.get_mut(&name) {
            Some(Value::Array(values)) => values.push(value),
            Some(first) => {
                let first = first.take();
                self.fields.insert(name, Value::Array(vec![first, value]));
            }
            None => {
                self.fields.insert(name, value);
            }
        }
    }
}

impl DocumentWriter for JsonDocument<'_> {
    fn text(&mut self, field: Field, value: &str) {
        self.push(field, Value::from(value));
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

    /// One nested object per passage: its speaker and its text, which
    /// `--said-by` searches.
    fn statements(
        &mut self,
        _schema: &IndexSchema,
        shown: &str,
        speakers: &[String],
        statements: &[Statement],
    ) {
        let nested: Vec<Value> = statements
            .iter()
            .filter(|s| speakers.contains(&s.speaker))
            .map(|s| serde_json::json!({ "speaker": s.speaker, "text": s.text(shown) }))
            .collect();
        if !nested.is_empty() {
            self.fields.insert(STATEMENTS.into(), Value::Array(nested));
        }
    }
}

/// The cluster document of an article and its extraction.
pub fn to_json(schema: &IndexSchema, extracted: Extracted) -> Value {
    let mut doc = JsonDocument::new(schema);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{article_id, Extracted};
    use crate::extract::Extractor;
    use crate::extract::Vocabulary;
    use crate::parse::Article;

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
        let doc = to_json(
            &schema,
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
        assert_eq!(doc["title"], "Talks resume");
        assert!(doc["body"].as_str().unwrap().starts_with("The talks"));
        assert_eq!(doc["speaker"], serde_json::json!(["Anna Berg"]));
        assert_eq!(doc["language"], serde_json::json!(["en"]));
        let said = doc[STATEMENTS].as_array().unwrap();
        assert_eq!(said[0]["speaker"], "Anna Berg");
        assert!(said[0]["text"].as_str().unwrap().contains("ready to sign"));
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
