//! A parsed query (see [`crate::query`]) in OpenSearch's query DSL: the
//! same words, phrases, fuzzy words, exclusions and `--said-by` as the
//! local index's queries, leaf for leaf.
//!
//! Query words are analysed here with the local analyzers where the DSL
//! does not analyse them itself (fuzzy words, the test for a word with
//! letters or digits); the cluster's analyzers are built to split and
//! fold as they do (see [`super::mapping`]).

use serde_json::{json, Value};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use super::document::terms;
use super::mapping::STATEMENTS;
use crate::query::{self, Leaf, LeafKind, Node};
use crate::schema::{IndexSchema, NAME_ANALYZER, TEXT_ANALYZER};
use crate::search::SearchError;

/// The newsdex analyzers, to analyse query words as the index does.
pub struct Analyzers {
    index: tantivy::Index,
}

impl Analyzers {
    /// The analyzers of `schema`'s fields.
    pub fn new(schema: &IndexSchema) -> Analyzers {
        let index = tantivy::Index::create_in_ram(schema.schema.clone());
        crate::schema::register_analyzers(&index);
        Analyzers { index }
    }

    fn named(&self, name: &str) -> TextAnalyzer {
        self.index
            .tokenizers()
            .get(name)
            .expect("newsdex's analyzers are registered")
    }

    /// The analyzer of a field.
    pub fn of(&self, field: Field) -> Option<TextAnalyzer> {
        self.index.tokenizer_for_field(field).ok()
    }

    /// The analyzer of a text field (not of ids and other strings, whose
    /// values are terms as they are).
    pub fn of_text(&self, field: Field) -> Option<TextAnalyzer> {
        let schema = self.index.schema();
        let tantivy::schema::FieldType::Str(options) = schema.get_field_entry(field).field_type()
        else {
            return None;
        };
        let tokenizer = options.get_indexing_options()?.tokenizer().to_string();
        (tokenizer != "raw").then(|| self.named(&tokenizer))
    }

    /// The words of `text` as `analyzer` makes them.
    pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        words
    }

    /// The first word of `text` as names are split; `None` when it has no
    /// letters or digits.
    pub fn first_token(&self, text: &str) -> Option<String> {
        Analyzers::words(&mut self.named(NAME_ANALYZER), text)
            .into_iter()
            .next()
    }

    /// The analyzer of titles, bodies and statements in English.
    pub fn stemmer(&self) -> TextAnalyzer {
        self.named(TEXT_ANALYZER)
    }
}

/// Builds the DSL of a parsed query.
pub struct QueryDsl<'a> {
    pub(super) schema: &'a IndexSchema,
    pub(super) analyzers: &'a Analyzers,
    /// The name of the speaker whose statements are searched (`--said-by`).
    pub(super) said: Option<&'a str>,
    /// The query text, for error messages.
    pub(super) text: &'a str,
}

impl QueryDsl<'_> {
    /// The DSL of a node, or an error when nothing in it can be searched.
    pub fn query(&self, node: &Node) -> Result<Value, SearchError> {
        self.build(node).ok_or_else(|| SearchError::Query {
            query: query::quote(self.text),
            reason: "it has no words to search for (letters or digits)".to_string(),
            pointer: String::new(),
        })
    }

    fn name(&self, field: Field) -> &str {
        self.schema.schema.get_field_name(field)
    }

    /// What `*` stands for: every article, or the articles quoting the
    /// `--said-by` speaker.
    fn all(&self) -> Value {
        match self.said {
            None => json!({ "match_all": {} }),
            Some(name) => json!({ "term": { self.name(self.schema.fields.speaker): name } }),
        }
    }

    fn build(&self, node: &Node) -> Option<Value> {
        match node {
            Node::All => Some(self.all()),
            Node::Leaf(leaf) => self.leaf(leaf),
            Node::Not(inner) => self
                .build(inner)
                .map(|inner| json!({ "bool": { "must": [self.all()], "must_not": [inner] } })),
            Node::And(nodes) => {
                let (mut must, mut must_not) = (Vec::new(), Vec::new());
                for node in nodes {
                    match node {
                        Node::Not(inner) => must_not.extend(self.build(inner)),
                        node => must.extend(self.build(node)),
                    }
                }
                if must.is_empty() && must_not.is_empty() {
                    return None;
                }
                if must.is_empty() {
                    must.push(self.all());
                }
                Some(json!({ "bool": { "must": must, "must_not": must_not } }))
            }
            Node::Or(nodes) => {
                let should: Vec<Value> = nodes.iter().filter_map(|n| self.build(n)).collect();
                (!should.is_empty())
                    .then(|| json!({ "bool": { "should": should, "minimum_should_match": 1 } }))
            }
        }
    }

    /// The fields a leaf is looked up in, with their boosts: the one it
    /// names in every language, or the default fields.
    fn fields(&self, leaf: &Leaf) -> Result<Vec<(Field, Option<f32>)>, ()> {
        match &leaf.field {
            Some(name) => {
                let field = self.schema.schema.get_field(name).map_err(|_| ())?;
                Ok(self
                    .schema
                    .variants(field)
                    .into_iter()
                    .map(|f| (f, None))
                    .collect())
            }
            None => Ok(self.schema.default_search_fields()),
        }
    }

    fn leaf(&self, leaf: &Leaf) -> Option<Value> {
        let first = self.analyzers.first_token(&leaf.text)?;
        if let (None, Some(name)) = (&leaf.field, self.said) {
            return Some(self.said_leaf(leaf, name));
        }
        let fields = self.fields(leaf).ok()?;
        if let LeafKind::Fuzzy { distance } = leaf.kind {
            // Each field holds the word as its analyzer makes it: a stem
            // of its language in titles and bodies, as written in names.
            let should: Vec<Value> = fields
                .iter()
                .map(|&(field, _)| {
                    let word = self
                        .analyzers
                        .of(field)
                        .and_then(|mut a| Analyzers::words(&mut a, &leaf.text).into_iter().next())
                        .unwrap_or_else(|| first.clone());
                    json!({ "fuzzy": { self.name(field): {
                        "value": word,
                        "fuzziness": distance,
                        "transpositions": true,
                        "max_expansions": 1000,
                    } } })
                })
                .collect();
            return Some(json!({ "bool": { "should": should, "minimum_should_match": 1 } }));
        }
        let slop = match leaf.kind {
            LeafKind::Phrase { slop } => slop,
            LeafKind::Word | LeafKind::Fuzzy { .. } => 0,
        };
        // Each field holds the terms its own analyzer makes, so the words
        // are made into terms field by field; a phrase of one word is that
        // word, and a word the analyzer splits (O'Neill) the phrase of its
        // parts, as locally.
        let should: Vec<Value> = fields
            .iter()
            .filter_map(|&(field, boost)| {
                let Some(mut analyzer) = self.analyzers.of_text(field) else {
                    // A string field (`site:`) holds its values as they are.
                    return Some(json!({ "term": { self.name(field): {
                        "value": leaf.text,
                        "boost": boost.unwrap_or(1.0),
                    } } }));
                };
                let query = terms(&mut analyzer, &leaf.text);
                (!query.is_empty()).then(|| {
                    json!({ "match_phrase": { self.name(field): {
                        "query": query,
                        "slop": slop,
                        "boost": boost.unwrap_or(1.0),
                    } } })
                })
            })
            .collect();
        match should.len() {
            0 => None,
            1 => should.into_iter().next(),
            _ => Some(json!({ "bool": { "should": should, "minimum_should_match": 1 } })),
        }
    }

    /// A word or phrase inside one statement of the speaker `name`.
    fn said_leaf(&self, leaf: &Leaf, name: &str) -> Value {
        let slop = match leaf.kind {
            LeafKind::Phrase { slop } => slop,
            LeafKind::Word | LeafKind::Fuzzy { .. } => 0,
        };
        // A statement holds its terms as its article's body does: the
        // words are made into terms by each language's analyzer, and
        // looked up in the statements of that language's articles.
        let phrases: Vec<Value> = self
            .schema
            .variants(self.schema.fields.body)
            .into_iter()
            .filter_map(|field| {
                let mut analyzer = self.analyzers.of_text(field)?;
                let query = terms(&mut analyzer, &leaf.text);
                (!query.is_empty()).then(|| {
                    json!({ "bool": {
                        "filter": [{ "term": { format!("{STATEMENTS}.field"): self.name(field) } }],
                        "must": [{ "match_phrase": { format!("{STATEMENTS}.text"): {
                            "query": query, "slop": slop
                        } } }],
                    } })
                })
            })
            .collect();
        json!({ "nested": {
            "path": STATEMENTS,
            "score_mode": "sum",
            "query": { "bool": {
                "filter": [{ "term": { format!("{STATEMENTS}.speaker"): name } }],
                "must": [{ "bool": { "should": phrases, "minimum_should_match": 1 } }],
            } },
        } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dsl(text: &str, said: Option<&str>) -> Value {
        let schema = IndexSchema::builtin();
        let analyzers = Analyzers::new(&schema);
        let parsed = query::parse(text, false).unwrap();
        QueryDsl {
            schema: &schema,
            analyzers: &analyzers,
            said,
            text,
        }
        .query(&parsed.node)
        .unwrap()
    }

    #[test]
    fn words_are_phrases_over_the_default_fields_and_exclusions_keep_everything_else() {
        let query = dsl("Peace added -war", None);
        let should = query["bool"]["must"][0]["bool"]["should"]
            .as_array()
            .unwrap();
        let phrase = |field: &str| {
            should
                .iter()
                .find_map(|q| q["match_phrase"].get(field))
                .unwrap_or_else(|| panic!("no {field}"))
        };
        // The local terms of each field: English stems, or the words of
        // another language as its stemmer makes them.
        assert_eq!(phrase("body")["query"], "peac");
        assert_eq!(phrase("title")["boost"], 2.0);
        assert_eq!(phrase("body_fr")["query"], "peac");
        let added = &query["bool"]["must"][1]["bool"]["should"];
        assert!(added
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["match_phrase"]["body"]["query"] == "add"));
        let war = &query["bool"]["must_not"][0]["bool"]["should"];
        assert!(war
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["match_phrase"]["body"]["query"] == "war"));
        let only_not = dsl("-war", None);
        assert!(only_not["bool"]["must"][0]["match_all"].is_object());
    }

    #[test]
    fn fuzzy_words_are_stemmed_as_each_field_holds_them() {
        let query = dsl("negotiations~1", None);
        let should = query["bool"]["should"].as_array().unwrap();
        let body = should.iter().find_map(|q| q["fuzzy"].get("body")).unwrap();
        assert_eq!(body["value"], "negoti");
        assert_eq!(body["fuzziness"], 1);
    }

    #[test]
    fn said_by_looks_inside_one_statement_of_the_speaker() {
        let query = dsl("\"peace talks\"~1", Some("Anna Berg"));
        let nested = &query["nested"];
        assert_eq!(nested["path"], STATEMENTS);
        let inner = &nested["query"]["bool"];
        assert_eq!(
            inner["filter"][0]["term"]["statements.speaker"],
            "Anna Berg"
        );
        let english = &inner["must"][0]["bool"]["should"][0]["bool"];
        assert_eq!(english["filter"][0]["term"]["statements.field"], "body");
        let phrase = &english["must"][0]["match_phrase"]["statements.text"];
        assert_eq!(phrase["query"], "peac talk");
        assert_eq!(phrase["slop"], 1);
        let all = dsl("*", Some("Anna Berg"));
        assert_eq!(all["term"]["speaker"], "Anna Berg");
    }

    #[test]
    fn punctuation_alone_has_nothing_to_search() {
        let schema = IndexSchema::builtin();
        let analyzers = Analyzers::new(&schema);
        let parsed = query::parse("\"--\"", false).unwrap();
        let built = QueryDsl {
            schema: &schema,
            analyzers: &analyzers,
            said: None,
            text: "\"--\"",
        }
        .query(&parsed.node);
        assert!(built.unwrap_err().to_string().contains("no words"));
    }
}
