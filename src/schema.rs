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
    /// Whether the field has a copy per stemmed language (`body_ru`,
    /// `body_tr`: see [`crate::language::STEMMED`]), analysed with that
    /// language's stemmer, for the articles in it.
    #[serde(default)]
    pub per_language: bool,
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
    /// Where each speaker's statements lie in the body, by token position.
    pub said_at: Field,
    /// The same places as byte ranges of the stored text.
    pub said_spans: Field,
    /// A digest of the speakers and sources extraction found.
    pub extracted: Field,
    /// Speaker names as text.
    pub speaker_name: Field,
    /// Source names as text.
    pub source_name: Field,
    /// Position of the record in its file (JSON Lines line, JSON array
    /// element), for articles that come from one.
    pub record: Field,
    /// The web site the article was published on.
    pub site: Field,
    /// Author facet.
    pub author: Field,
    /// Author names as text.
    pub author_name: Field,
    /// Language facet.
    pub language: Field,
    /// The stored text (all of it, or the opening of a huge article).
    pub text: Field,
    /// The whole text's length, when `text` holds only its opening.
    pub text_length: Field,
}

/// The headline and text fields of the articles in one stemmed language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized {
    /// The language's ISO 639-1 code.
    pub code: &'static str,
    /// `title_<code>`.
    pub title: Field,
    /// `body_<code>`.
    pub body: Field,
}

/// The analyzer of article text that newsdex adds to tantivy's: words
/// split at anything but letters and digits, lowercased, accents and other
/// marks folded to ASCII (`Erdoğan` is `erdogan`, `café` is `cafe`), and
/// stemmed as English.
pub const TEXT_ANALYZER: &str = "en_stem_folded";

/// The analyzer of names: as [`TEXT_ANALYZER`], without stemming.
pub const NAME_ANALYZER: &str = "default_folded";

/// The analyzer of the text of articles in a stemmed language other than
/// English: words lowercased, stemmed with the language's stemmer, then
/// folded to ASCII as [`TEXT_ANALYZER`] does (stemmers need the letters
/// of their language).
pub fn language_analyzer(code: &str) -> String {
    format!("{code}_stem_folded")
}

/// The name of the copy of a per-language field for a language.
pub fn localized_name(field: &str, code: &str) -> String {
    format!("{field}_{code}")
}

/// Registers newsdex's analyzers with an index; every index opened or
/// created must have them before it is written or searched.
pub fn register_analyzers(index: &tantivy::Index) {
    use crate::stem::CachedStemmer;
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
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
        .filter(CachedStemmer::new(Language::English))
        .build();
    index.tokenizers().register(NAME_ANALYZER, names);
    index.tokenizers().register(TEXT_ANALYZER, text);
    for &code in crate::language::STEMMED {
        let language = crate::language::stemmer(code).expect("stemmed languages have a stemmer");
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(CachedStemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build();
        index
            .tokenizers()
            .register(&language_analyzer(code), analyzer);
    }
}

/// How a text or JSON field is tokenized and what its postings keep.
fn text_indexing(field: &FieldSpec) -> Result<TextFieldIndexing, SchemaError> {
    let tokenizer = field.tokenizer.as_deref().unwrap_or("default");
    text_indexing_with(field, tokenizer)
}

/// [`text_indexing`] with another tokenizer than the file names (the
/// per-language copies of a field).
fn text_indexing_with(
    field: &FieldSpec,
    tokenizer: &str,
) -> Result<TextFieldIndexing, SchemaError> {
    let localized = crate::language::STEMMED
        .iter()
        .any(|code| tokenizer == language_analyzer(code));
    if !localized
        && ![
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
pub const REQUIRED_FIELDS: [(&str, FieldType); 23] = [
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
    ("near_dup", FieldType::U64),
    ("minhash", FieldType::U64),
    ("said_at", FieldType::U64),
    ("said_spans", FieldType::Bytes),
    ("record", FieldType::U64),
    ("site", FieldType::String),
    ("author", FieldType::Facet),
    ("author_name", FieldType::Text),
    ("language", FieldType::Facet),
    ("text", FieldType::String),
    ("text_length", FieldType::U64),
    ("extracted", FieldType::U64),
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
    /// The title and body fields of each stemmed language, when the file
    /// has them (`per_language` on `title` and `body`).
    pub localized: Vec<Localized>,
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
            if !seen.insert(field.name.clone()) {
                return Err(SchemaError::Duplicate(field.name.clone()));
            }
            match field.field_type {
                FieldType::Text => {
                    let mut options =
                        TextOptions::default().set_indexing_options(text_indexing(field)?);
                    if field.stored {
                        options = options.set_stored();
                    }
                    builder.add_text_field(&field.name, options.clone());
                    if field.per_language {
                        for &code in crate::language::STEMMED {
                            let indexing = text_indexing_with(field, &language_analyzer(code))?;
                            let name = localized_name(&field.name, code);
                            if !seen.insert(name.clone()) {
                                return Err(SchemaError::Duplicate(name));
                            }
                            builder.add_text_field(
                                &name,
                                options.clone().set_indexing_options(indexing),
                            );
                        }
                    }
                }
                FieldType::String => {
                    let options = match (field.indexed, field.stored) {
                        (true, true) => STRING | STORED,
                        (true, false) => STRING,
                        (false, true) => TextOptions::from(STORED),
                        (false, false) => TextOptions::default(),
                    };
                    let options = if field.fast {
                        options.set_fast("raw")
                    } else {
                        options
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
            said_at: handles[13],
            said_spans: handles[14],
            record: handles[15],
            site: handles[16],
            author: handles[17],
            author_name: handles[18],
            language: handles[19],
            text: handles[20],
            text_length: handles[21],
            extracted: handles[22],
        };
        let per_language =
            |name: &str| spec.fields.iter().any(|f| f.name == name && f.per_language);
        let localized = if per_language("title") && per_language("body") {
            crate::language::STEMMED
                .iter()
                .map(|&code| Localized {
                    code,
                    title: schema
                        .get_field(&localized_name("title", code))
                        .expect("field was just added"),
                    body: schema
                        .get_field(&localized_name("body", code))
                        .expect("field was just added"),
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(IndexSchema {
            spec,
            schema,
            fields,
            localized,
        })
    }

    /// Fields searched by bare query terms, with their boosts: those of
    /// the file, and the per-language copies of those that have them.
    pub fn default_search_fields(&self) -> Vec<(Field, Option<f32>)> {
        let mut fields = Vec::new();
        for spec in self.spec.fields.iter().filter(|f| f.default_search) {
            let field = self.schema.get_field(&spec.name).expect("known field");
            fields.push((field, spec.boost));
            fields.extend(
                self.variants(field)
                    .into_iter()
                    .skip(1)
                    .map(|f| (f, spec.boost)),
            );
        }
        fields
    }

    /// The title and body fields of an article in this language.
    pub fn text_fields(&self, language: Option<&str>) -> (Field, Field) {
        match crate::language::field_code(language)
            .and_then(|code| self.localized.iter().find(|l| l.code == code))
        {
            Some(localized) => (localized.title, localized.body),
            None => (self.fields.title, self.fields.body),
        }
    }

    /// A field and its per-language copies (the title's or the body's),
    /// the field first; just the field when it has none.
    pub fn variants(&self, field: Field) -> Vec<Field> {
        let mut all = vec![field];
        if field == self.fields.title {
            all.extend(self.localized.iter().map(|l| l.title));
        } else if field == self.fields.body {
            all.extend(self.localized.iter().map(|l| l.body));
        }
        all
    }

    /// Whether `field` is `of` or one of its language variants (no
    /// allocation: asked once per text field of every document sent).
    pub fn is_variant(&self, field: Field, of: Field) -> bool {
        field == of
            || (of == self.fields.title && self.localized.iter().any(|l| l.title == field))
            || (of == self.fields.body && self.localized.iter().any(|l| l.body == field))
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
    fn body_and_title_keep_positions_for_phrases_and_the_text_is_stored_apart() {
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
        }
        // The title is stored; the body's text is stored apart, in `text`
        // (whole, or the opening of a huge article).
        let stored = |f| loaded.schema.get_field_entry(f).is_stored();
        assert!(stored(loaded.fields.title) && stored(loaded.fields.text));
        assert!(!stored(loaded.fields.body));
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
        let without_body = SCHEMA_JSON.replace("\"name\": \"body\"", "\"name\": \"article\"");
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
