//! The index schema: loaded from the data file `index-schema/schema.json`
//! (embedded in the binary at build time) and turned into a tantivy
//! [`Schema`] plus typed handles on the fields the program writes and reads.
//!
//! This module owns the mapping from the data file to tantivy; it does not
//! open or write indexes (see [`crate::index`]).

use serde::Deserialize;
use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption,
    JsonObjectOptions, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};

/// The schema file shipped with newsdex, as text.
pub const SCHEMA_JSON: &str = include_str!("../index-schema/schema.json");

/// An error in a schema file: the file does not parse, or it lacks or
/// mistypes a field the program needs.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The JSON itself is malformed or has unknown keys.
    #[error("schema file is not valid: {0} (see index-schema/schema.json for the expected shape)")]
    Syntax(#[from] serde_json::Error),
    /// A field the program needs is absent.
    #[error("schema file has no field '{0}', which newsdex needs")]
    MissingField(&'static str),
    /// A field has a type the program cannot use.
    #[error("schema field '{name}' has type '{found}', but newsdex needs '{expected}'")]
    WrongType {
        /// Field name.
        name: String,
        /// Type given in the file.
        found: String,
        /// Type the program needs.
        expected: &'static str,
    },
    /// The same field name appears twice.
    #[error("schema field '{0}' is defined twice")]
    Duplicate(String),
    /// A text field names a tokenizer that tantivy does not know.
    #[error("schema field '{name}' uses unknown tokenizer '{tokenizer}' (use 'en_stem_folded', 'default_folded', 'default', 'en_stem' or 'raw')")]
    UnknownTokenizer {
        /// Field name.
        name: String,
        /// Tokenizer named in the file.
        tokenizer: String,
    },
}

/// The kinds of field a schema file may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Tokenized full text.
    Text,
    /// A single untokenized term (identifiers, paths, URLs).
    String,
    /// A date-time.
    Date,
    /// A hierarchical facet.
    Facet,
    /// Raw bytes, stored only.
    Bytes,
    /// A JSON object whose string values are tokenized full text.
    Json,
    /// An unsigned integer.
    U64,
}

impl FieldType {
    fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::String => "string",
            FieldType::Date => "date",
            FieldType::Facet => "facet",
            FieldType::Bytes => "bytes",
            FieldType::Json => "json",
            FieldType::U64 => "u64",
        }
    }
}

/// One field definition as written in the schema file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Field name.
    pub name: String,
    /// Field type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Whether the value is kept for display.
    #[serde(default)]
    pub stored: bool,
    /// Whether the value can be searched (string and date fields; text and
    /// facet fields are always indexed).
    #[serde(default = "yes")]
    pub indexed: bool,
    /// Whether a columnar copy is kept (dates: sorting and ranges; bytes:
    /// read per document at search time).
    #[serde(default)]
    pub fast: bool,
    /// Tokenizer of a text field.
    #[serde(default)]
    pub tokenizer: Option<String>,
    /// Whether token positions are kept (phrase queries, snippets).
    #[serde(default)]
    pub positions: bool,
    /// Weight of the field in default searches.
    #[serde(default)]
    pub boost: Option<f32>,
    /// Whether bare query terms search this field.
    #[serde(default)]
    pub default_search: bool,
    /// Human description.
    #[serde(default)]
    pub doc: Option<String>,
}

fn yes() -> bool {
    true
}

/// The whole schema file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// Schema name.
    pub name: String,
    /// Schema version; bumped when fields change incompatibly.
    pub version: u32,
    /// Field definitions, in order.
    pub fields: Vec<FieldSpec>,
}

/// Handles on the fields newsdex uses, resolved against a loaded schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable article id.
    pub id: Field,
    /// Source file path.
    pub path: Field,
    /// Size, modification time and path of a file, on its last article.
    pub file_stamp: Field,
    /// Headline.
    pub title: Field,
    /// Article text.
    pub body: Field,
    /// Publication date.
    pub published: Field,
    /// Article URL.
    pub url: Field,
    /// Speaker facet.
    pub speaker: Field,
    /// Source facet.
    pub source: Field,
    /// Band keys of the MinHash signature.
    pub near_dup: Field,
    /// The MinHash signature.
    pub minhash: Field,
    /// What each speaker said.
    pub said: Field,
    /// Speaker names as text.
    pub speaker_name: Field,
    /// Source names as text.
    pub source_name: Field,
    /// Position of the record in its file (JSON Lines line, JSON array
    /// element), for articles that come from one.
    pub record: Field,
}

/// The analyzer of article text that newsdex adds to tantivy's: words
/// split at anything but letters and digits, lowercased, accents and other
/// marks folded to ASCII (`Erdoğan` is `erdogan`, `café` is `cafe`), and
/// stemmed as English.
pub const TEXT_ANALYZER: &str = "en_stem_folded";

/// The analyzer of names: as [`TEXT_ANALYZER`], without stemming.
pub const NAME_ANALYZER: &str = "default_folded";

/// Registers newsdex's analyzers with an index; every index opened or
/// created must have them before it is written or searched.
pub fn register_analyzers(index: &tantivy::Index) {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
        TextAnalyzer,
    };
    let names = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let text = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    index.tokenizers().register(NAME_ANALYZER, names);
    index.tokenizers().register(TEXT_ANALYZER, text);
}

/// How a text or JSON field is tokenized and what its postings keep.
fn text_indexing(field: &FieldSpec) -> Result<TextFieldIndexing, SchemaError> {
    let tokenizer = field.tokenizer.as_deref().unwrap_or("default");
    if ![
        TEXT_ANALYZER,
        NAME_ANALYZER,
        "default",
        "en_stem",
        "raw",
        "whitespace",
    ]
    .contains(&tokenizer)
    {
        return Err(SchemaError::UnknownTokenizer {
            name: field.name.clone(),
            tokenizer: tokenizer.to_string(),
        });
    }
    let record = if field.positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    Ok(TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(record))
}

/// The fields the program needs, with their required types.
pub const REQUIRED_FIELDS: [(&str, FieldType); 15] = [
    ("id", FieldType::String),
    ("path", FieldType::String),
    ("file_stamp", FieldType::String),
    ("title", FieldType::Text),
    ("body", FieldType::Text),
    ("published", FieldType::Date),
    ("url", FieldType::String),
    ("speaker", FieldType::Facet),
    ("source", FieldType::Facet),
    ("speaker_name", FieldType::Text),
    ("source_name", FieldType::Text),
    ("near_dup", FieldType::String),
    ("minhash", FieldType::Bytes),
    ("said", FieldType::Json),
    ("record", FieldType::U64),
];

/// A loaded schema: the file's content, the tantivy schema built from it and
/// the resolved field handles.
#[derive(Debug, Clone)]
pub struct IndexSchema {
    /// What the file says.
    pub spec: SchemaSpec,
    /// The tantivy schema.
    pub schema: Schema,
    /// Field handles.
    pub fields: Fields,
}

impl IndexSchema {
    /// Loads the schema shipped with newsdex.
    pub fn builtin() -> IndexSchema {
        IndexSchema::from_json(SCHEMA_JSON).expect("the built-in schema file is valid")
    }

    /// Parses a schema file and checks it against what the program needs.
    pub fn from_json(text: &str) -> Result<IndexSchema, SchemaError> {
        let spec: SchemaSpec = serde_json::from_str(text)?;
        let mut builder = Schema::builder();
        let mut seen = std::collections::HashSet::new();
        for field in &spec.fields {
            if !seen.insert(field.name.as_str()) {
                return Err(SchemaError::Duplicate(field.name.clone()));
            }
            match field.field_type {
                FieldType::Text => {
                    let mut options =
                        TextOptions::default().set_indexing_options(text_indexing(field)?);
                    if field.stored {
                        options = options.set_stored();
                    }
                    builder.add_text_field(&field.name, options);
                }
                FieldType::String => {
                    let options = match (field.indexed, field.stored) {
                        (true, true) => STRING | STORED,
                        (true, false) => STRING,
                        (false, true) => TextOptions::from(STORED),
                        (false, false) => TextOptions::default(),
                    };
                    builder.add_text_field(&field.name, options);
                }
                FieldType::Date => {
                    let mut options =
                        DateOptions::default().set_precision(DateTimePrecision::Seconds);
                    if field.indexed {
                        options = options.set_indexed();
                    }
                    if field.fast {
                        options = options.set_fast();
                    }
                    if field.stored {
                        options = options.set_stored();
                    }
                    builder.add_date_field(&field.name, options);
                }
                FieldType::Json => {
                    let mut options =
                        JsonObjectOptions::default().set_indexing_options(text_indexing(field)?);
                    if field.stored {
                        options = options.set_stored();
                    }
                    builder.add_json_field(&field.name, options);
                }
                FieldType::Bytes => {
                    let mut options = BytesOptions::default();
                    if field.stored {
                        options = options.set_stored();
                    }
                    if field.fast {
                        options = options.set_fast();
                    }
                    builder.add_bytes_field(&field.name, options);
                }
                FieldType::U64 => {
                    let mut options = NumericOptions::default();
                    if field.indexed {
                        options = options.set_indexed();
                    }
                    if field.fast {
                        options = options.set_fast();
                    }
                    if field.stored {
                        options = options.set_stored();
                    }
                    builder.add_u64_field(&field.name, options);
                }
                FieldType::Facet => {
                    let mut options = FacetOptions::default();
                    if field.stored {
                        options = options.set_stored();
                    }
                    builder.add_facet_field(&field.name, options);
                }
            }
        }
        let schema = builder.build();
        let get = |name: &'static str, expected: FieldType| -> Result<Field, SchemaError> {
            let spec_field = spec
                .fields
                .iter()
                .find(|f| f.name == name)
                .ok_or(SchemaError::MissingField(name))?;
            if spec_field.field_type != expected {
                return Err(SchemaError::WrongType {
                    name: name.to_string(),
                    found: spec_field.field_type.name().to_string(),
                    expected: expected.name(),
                });
            }
            Ok(schema.get_field(name).expect("field was just added"))
        };
        let mut handles = Vec::with_capacity(REQUIRED_FIELDS.len());
        for (name, expected) in REQUIRED_FIELDS {
            handles.push(get(name, expected)?);
        }
        let fields = Fields {
            id: handles[0],
            path: handles[1],
            file_stamp: handles[2],
            title: handles[3],
            body: handles[4],
            published: handles[5],
            url: handles[6],
            speaker: handles[7],
            source: handles[8],
            speaker_name: handles[9],
            source_name: handles[10],
            near_dup: handles[11],
            minhash: handles[12],
            said: handles[13],
            record: handles[14],
        };
        Ok(IndexSchema {
            spec,
            schema,
            fields,
        })
    }

    /// Fields searched by bare query terms, with their boosts.
    pub fn default_search_fields(&self) -> Vec<(Field, Option<f32>)> {
        self.spec
            .fields
            .iter()
            .filter(|f| f.default_search)
            .map(|f| {
                (
                    self.schema.get_field(&f.name).expect("known field"),
                    f.boost,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_defines_every_field_the_code_uses_with_its_type() {
        let loaded = IndexSchema::from_json(SCHEMA_JSON).unwrap();
        for (name, expected) in REQUIRED_FIELDS {
            let spec = loaded.spec.fields.iter().find(|f| f.name == name).unwrap();
            assert_eq!(spec.field_type, expected, "field {name}");
            assert!(loaded.schema.get_field(name).is_ok());
        }
        // and the file declares nothing the code would silently ignore
        assert_eq!(loaded.spec.fields.len(), REQUIRED_FIELDS.len());
    }

    #[test]
    fn body_and_title_keep_positions_for_phrases() {
        let loaded = IndexSchema::builtin();
        for field in [loaded.fields.title, loaded.fields.body] {
            let entry = loaded.schema.get_field_entry(field);
            let tantivy::schema::FieldType::Str(options) = entry.field_type() else {
                panic!("text field expected");
            };
            let indexing = options.get_indexing_options().unwrap();
            assert_eq!(
                indexing.index_option(),
                IndexRecordOption::WithFreqsAndPositions
            );
            assert!(options.is_stored());
        }
        let published = loaded.schema.get_field_entry(loaded.fields.published);
        assert!(published.is_fast());
    }

    #[test]
    fn title_is_boosted_over_body() {
        let loaded = IndexSchema::builtin();
        let fields = loaded.default_search_fields();
        let boost = |f| {
            fields
                .iter()
                .find(|(x, _)| *x == f)
                .unwrap()
                .1
                .unwrap_or(1.0)
        };
        assert!(boost(loaded.fields.title) > boost(loaded.fields.body));
    }

    #[test]
    fn malformed_file_gives_an_error_with_position() {
        let err = IndexSchema::from_json("{ \"name\": \"x\", \"fields\": [ ").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("schema file is not valid"), "{message}");
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn missing_or_mistyped_fields_are_named() {
        let without_body = SCHEMA_JSON.replace("\"name\": \"body\"", "\"name\": \"text\"");
        let err = IndexSchema::from_json(&without_body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "schema file has no field 'body', which newsdex needs"
        );

        let mistyped = SCHEMA_JSON.replace(
            "{ \"name\": \"speaker\", \"type\": \"facet\"",
            "{ \"name\": \"speaker\", \"type\": \"string\"",
        );
        let err = IndexSchema::from_json(&mistyped).unwrap_err();
        assert!(
            err.to_string().contains("'speaker' has type 'string'"),
            "{err}"
        );

        let bad_key = SCHEMA_JSON.replace(
            "\"stored\": true, \"tokenizer\"",
            "\"stord\": true, \"tokenizer\"",
        );
        assert!(IndexSchema::from_json(&bad_key).is_err());
    }
}
