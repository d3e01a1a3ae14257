//! The settings and mapping of a newsdex index on OpenSearch, made from
//! the same schema file (`index-schema/schema.json`) as the local index.
//!
//! Text reaches the cluster already analysed: newsdex splits, folds and
//! stems each text field with the field's own local analyzer and sends the
//! terms separated by spaces, which the cluster only splits again
//! ([`TERMS_ANALYZER`]). OpenSearch's own stemmers are other versions of
//! the Snowball algorithms (English `added` is `ad` there, `add` here), so
//! analysing on the cluster would make some words match other articles.
//! The text as written is kept beside the terms for display
//! ([`SHOWN`]).

use serde_json::{json, Map, Value};

use crate::language::STEMMED;
use crate::schema::{localized_name, FieldType, IndexSchema};

/// The normalizer of facet values for filters: `--source trend` finds
/// `Trend` as the local index does.
pub const FOLDED_NORMALIZER: &str = "newsdex_folded";

/// The sub-field of each facet holding its folded value.
pub const FOLDED: &str = "folded";

/// The nested field holding each speaker's statements (`--said-by`).
pub const STATEMENTS: &str = "statements";

/// The analyzer of every text field: the terms newsdex sends, split at
/// the spaces between them.
pub const TERMS_ANALYZER: &str = "newsdex_terms";

/// The object holding the stored text fields as written (`shown.title`),
/// and the sub-field of a statement holding its text as written.
pub const SHOWN: &str = "shown";

/// The term standing for each position the local analyzer leaves empty
/// (a word too long to index), so that phrases span the same gaps; no
/// query term is ever made of control characters.
pub const GAP: &str = "\u{1}\u{1}\u{1}\u{1}";

/// The layout of cluster documents this newsdex writes and reads, kept in
/// the index's `_meta`: an index of another layout is refused.
pub const LAYOUT: u64 = 2;

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

/// The `analysis` settings: the terms analyzer, and the normalizer of
/// facet values.
fn analysis() -> Value {
    json!({
        "analyzer": {
            TERMS_ANALYZER: { "type": "custom", "tokenizer": "whitespace" }
        },
        "normalizer": {
            FOLDED_NORMALIZER: { "type": "custom", "filter": ["lowercase", "asciifolding"] }
        },
    })
}

/// The mapping of one field of the schema file.
fn property(field: &crate::schema::FieldSpec) -> Value {
    match field.field_type {
        FieldType::Text => {
            let mut text = json!({ "type": "text", "analyzer": TERMS_ANALYZER });
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

/// The terms of every text field (and of the statements): indexed, and
/// left out of each document's `_source`, which keeps the text as written
/// under [`SHOWN`].
fn source_excludes(schema: &IndexSchema) -> Vec<String> {
    let mut excluded = Vec::new();
    for field in &schema.spec.fields {
        if !matches!(field.field_type, FieldType::Text) {
            continue;
        }
        excluded.push(field.name.clone());
        if field.per_language {
            excluded.push(format!("{}_*", field.name));
        }
    }
    excluded.push(format!("{STATEMENTS}.text"));
    excluded
}

/// The body of the request that creates a newsdex index on a cluster:
/// settings (shards, replicas, analyzers) and the mapping of every field
/// of `schema`, plus each speaker's statements as nested text.
pub fn index_body(schema: &IndexSchema, mapping: Mapping) -> Value {
    let mut properties = Map::new();
    let mut shown = Map::new();
    for field in &schema.spec.fields {
        properties.insert(field.name.clone(), property(field));
        if field.per_language {
            for &code in STEMMED {
                properties.insert(localized_name(&field.name, code), property(field));
            }
        }
        if field.stored && matches!(field.field_type, FieldType::Text) {
            let mut names = vec![field.name.clone()];
            if field.per_language {
                names.extend(
                    STEMMED
                        .iter()
                        .map(|&code| localized_name(&field.name, code)),
                );
            }
            for name in names {
                shown.insert(name, json!({ "type": "text", "index": false }));
            }
        }
    }
    properties.insert(SHOWN.into(), json!({ "properties": shown }));
    // `--said-by`: a speaker's passages, searched as text of their own.
    properties.insert(
        STATEMENTS.into(),
        json!({
            "type": "nested",
            "properties": {
                "speaker": { "type": "keyword", "fields": { FOLDED: { "type": "keyword", "normalizer": FOLDED_NORMALIZER } } },
                "text": { "type": "text", "analyzer": TERMS_ANALYZER },
                "field": { "type": "keyword" },
                SHOWN: { "type": "text", "index": false },
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
            // The text is kept as written (in `text` and `shown`), not
            // as the terms indexed.
            "_source": { "excludes": source_excludes(schema) },
            "_meta": {
                "newsdex_schema": schema.spec.name,
                "newsdex_schema_version": schema.spec.version,
                "newsdex_layout": LAYOUT,
            },
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
        assert_eq!(properties["body"]["analyzer"], TERMS_ANALYZER);
        assert_eq!(properties["speaker_name"]["analyzer"], TERMS_ANALYZER);
        assert_eq!(properties["text"]["index"], false);
        assert_eq!(properties[SHOWN]["properties"]["title"]["index"], false);
        let excluded = body["mappings"]["_source"]["excludes"].as_array().unwrap();
        for terms in ["body", "body_*", "title", "title_*", "statements.text"] {
            assert!(excluded.contains(&json!(terms)), "{terms}");
        }
        assert!(!excluded.contains(&json!("text")) && !excluded.contains(&json!(SHOWN)));
        assert_eq!(body["mappings"]["_meta"]["newsdex_layout"], LAYOUT);
    }
}
