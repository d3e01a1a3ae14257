//! The settings and mapping of a newsdex index on OpenSearch, made from
//! the same schema file (`index-schema/schema.json`) as the local index,
//! with analyzers that split, fold and stem text as the local ones do.

use serde_json::{json, Map, Value};

use crate::language::STEMMED;
use crate::schema::{localized_name, FieldType, IndexSchema, NAME_ANALYZER, TEXT_ANALYZER};

/// The normalizer of facet values for filters: `--source trend` finds
/// `Trend` as the local index does.
pub const FOLDED_NORMALIZER: &str = "newsdex_folded";

/// The sub-field of each facet holding its folded value.
pub const FOLDED: &str = "folded";

/// The nested field holding each speaker's statements (`--said-by`).
pub const STATEMENTS: &str = "statements";

/// What a cluster index is created with: shards and replicas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    /// Primary shards.
    pub shards: u32,
    /// Copies of each shard.
    pub replicas: u32,
}

impl Default for Mapping {
    fn default() -> Mapping {
        Mapping {
            shards: 1,
            replicas: 1,
        }
    }
}

/// Snowball's name of a language's stemmer as OpenSearch's `snowball`
/// filter knows it (tantivy's stemmers are the same Snowball
/// algorithms).
fn snowball(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => "English",
        "ar" => "Arabic",
        "da" => "Danish",
        "de" => "German",
        "el" => "Greek",
        "es" => "Spanish",
        "fi" => "Finnish",
        "fr" => "French",
        "hu" => "Hungarian",
        "it" => "Italian",
        "nl" => "Dutch",
        "no" => "Norwegian",
        "pt" => "Portuguese",
        "ro" => "Romanian",
        "ru" => "Russian",
        "sv" => "Swedish",
        "ta" => "Tamil",
        "tr" => "Turkish",
        _ => return None,
    })
}

/// The `analysis` settings: newsdex's analyzers under their local names.
fn analysis() -> Value {
    // tantivy's SimpleTokenizer: runs of letters and digits.
    let tokenizer = json!({ "type": "pattern", "pattern": "[^\\p{IsAlphabetic}\\p{N}]+" });
    // RemoveLongFilter::limit(40) keeps tokens under 40 bytes.
    let short = json!({ "type": "length", "max": 39 });
    let mut filters = Map::new();
    filters.insert("newsdex_short".into(), short);
    let mut analyzers = Map::new();
    analyzers.insert(
        NAME_ANALYZER.into(),
        json!({ "type": "custom", "tokenizer": "newsdex_words",
                "filter": ["newsdex_short", "lowercase", "asciifolding"] }),
    );
    for code in std::iter::once("en").chain(STEMMED.iter().copied()) {
        let language = snowball(code).expect("every stemmed language has a Snowball stemmer");
        let stem = format!("newsdex_stem_{code}");
        filters.insert(
            stem.clone(),
            json!({ "type": "snowball", "language": language }),
        );
        // English is folded before stemming, other languages after (their
        // stemmers need their letters), as locally.
        let filter = if code == "en" {
            json!(["newsdex_short", "lowercase", "asciifolding", stem])
        } else {
            json!(["newsdex_short", "lowercase", stem, "asciifolding"])
        };
        let name = if code == "en" {
            TEXT_ANALYZER.to_string()
        } else {
            crate::schema::language_analyzer(code)
        };
        analyzers.insert(
            name,
            json!({ "type": "custom", "tokenizer": "newsdex_words", "filter": filter }),
        );
    }
    json!({
        "tokenizer": { "newsdex_words": tokenizer },
        "filter": filters,
        "analyzer": analyzers,
        "normalizer": {
            FOLDED_NORMALIZER: { "type": "custom", "filter": ["lowercase", "asciifolding"] }
        },
    })
}

/// The mapping of one field of the schema file.
fn property(field: &crate::schema::FieldSpec, analyzer: Option<&str>) -> Value {
    match field.field_type {
        FieldType::Text => {
            let analyzer = analyzer
                .or(field.tokenizer.as_deref())
                .unwrap_or(TEXT_ANALYZER);
            let mut text = json!({ "type": "text", "analyzer": analyzer });
            if !field.positions {
                text["index_options"] = json!("freqs");
            }
            text
        }
        FieldType::String if field.indexed => json!({ "type": "keyword" }),
        FieldType::String => json!({ "type": "keyword", "index": false, "doc_values": false }),
        FieldType::Date => {
            json!({ "type": "date", "format": "strict_date_optional_time||epoch_millis" })
        }
        FieldType::Facet => json!({
            "type": "keyword",
            "fields": { FOLDED: { "type": "keyword", "normalizer": FOLDED_NORMALIZER } },
        }),
        FieldType::Bytes => json!({ "type": "binary" }),
        FieldType::Json => json!({ "type": "object", "enabled": true }),
        FieldType::U64 if field.indexed || field.fast => json!({ "type": "unsigned_long" }),
        FieldType::U64 => json!({ "type": "unsigned_long", "index": false }),
    }
}

/// The fields indexed and not stored locally (the body and its language
/// copies, the names as text): left out of each document's `_source`.
fn source_excludes(schema: &IndexSchema) -> Vec<String> {
    let mut excluded = Vec::new();
    for field in &schema.spec.fields {
        if field.stored || !matches!(field.field_type, FieldType::Text) {
            continue;
        }
        excluded.push(field.name.clone());
        if field.per_language {
            excluded.push(format!("{}_*", field.name));
        }
    }
    excluded
}

/// The body of the request that creates a newsdex index on a cluster:
/// settings (shards, replicas, analyzers) and the mapping of every field
/// of `schema`, plus each speaker's statements as nested text.
pub fn index_body(schema: &IndexSchema, mapping: Mapping) -> Value {
    let mut properties = Map::new();
    for field in &schema.spec.fields {
        properties.insert(field.name.clone(), property(field, None));
        if field.per_language {
            for &code in STEMMED {
                let analyzer = crate::schema::language_analyzer(code);
                properties.insert(
                    localized_name(&field.name, code),
                    property(field, Some(&analyzer)),
                );
            }
        }
    }
    // `--said-by`: a speaker's passages, searched as text of their own.
    properties.insert(
        STATEMENTS.into(),
        json!({
            "type": "nested",
            "properties": {
                "speaker": { "type": "keyword", "fields": { FOLDED: { "type": "keyword", "normalizer": FOLDED_NORMALIZER } } },
                "text": { "type": "text", "analyzer": TEXT_ANALYZER },
            },
        }),
    );
    json!({
        "settings": {
            "index": {
                "number_of_shards": mapping.shards,
                "number_of_replicas": mapping.replicas,
            },
            "analysis": analysis(),
        },
        "mappings": {
            "dynamic": "strict",
            // The text is kept once, in `text`, as locally: the indexed
            // copies are not stored again.
            "_source": { "excludes": source_excludes(schema) },
            "_meta": { "newsdex_schema": schema.spec.name, "newsdex_schema_version": schema.spec.version },
            "properties": properties,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_schema_is_mapped_with_an_analyzer_that_exists() {
        let schema = IndexSchema::builtin();
        let body = index_body(
            &schema,
            Mapping {
                shards: 2,
                replicas: 1,
            },
        );
        let properties = body["mappings"]["properties"].as_object().unwrap();
        let analyzers = body["settings"]["analysis"]["analyzer"]
            .as_object()
            .unwrap();
        for field in &schema.spec.fields {
            assert!(
                properties.contains_key(&field.name),
                "{} not mapped",
                field.name
            );
        }
        assert!(properties.contains_key("body_ru") && properties.contains_key("title_tr"));
        for (name, property) in properties {
            if let Some(analyzer) = property["analyzer"].as_str() {
                assert!(
                    analyzers.contains_key(analyzer),
                    "{name}: no analyzer {analyzer}"
                );
            }
        }
        assert_eq!(body["settings"]["index"]["number_of_shards"], 2);
        assert_eq!(
            properties["source"]["fields"][FOLDED]["normalizer"],
            FOLDED_NORMALIZER
        );
        assert_eq!(properties["body"]["analyzer"], TEXT_ANALYZER);
        assert_eq!(properties["speaker_name"]["analyzer"], NAME_ANALYZER);
        assert_eq!(properties["text"]["index"], false);
        let excluded = body["mappings"]["_source"]["excludes"].as_array().unwrap();
        assert!(excluded.contains(&json!("body")) && excluded.contains(&json!("body_*")));
        assert!(!excluded.contains(&json!("title")) && !excluded.contains(&json!("text")));
    }

    #[test]
    fn english_folds_before_stemming_and_other_languages_after() {
        let analysis = analysis();
        let en = analysis["analyzer"][TEXT_ANALYZER]["filter"]
            .as_array()
            .unwrap();
        let ru = analysis["analyzer"]["ru_stem_folded"]["filter"]
            .as_array()
            .unwrap();
        assert_eq!(en.last().unwrap(), "newsdex_stem_en");
        assert_eq!(ru.last().unwrap(), "asciifolding");
        assert_eq!(analysis["filter"]["newsdex_stem_ru"]["language"], "Russian");
    }
}
