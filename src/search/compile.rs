//! Turning a parsed query into tantivy's: words over the default fields
//! or a speaker's statements, phrases, fuzzy terms, exclusions.

use tantivy::query::{
    AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use super::said::SaidQuery;
use super::{SearchError, Searchable};
use crate::exclusion::Excluded;
use crate::query::{self, Leaf, LeafKind, Node, Parsed};
use crate::said::speaker_tag;

impl Searchable {
    /// Parses the query text into a tantivy query over the articles'
    /// default fields. With `lenient`, what cannot be parsed is left out
    /// and described in the returned warnings, which also hold remarks on
    /// how the query was read.
    pub fn parse_query(
        &self,
        text: &str,
        lenient: bool,
    ) -> Result<(Box<dyn Query>, Vec<String>), SearchError> {
        let parsed = self.parse(text, lenient)?;
        let query = self.build_query(text, &parsed.node, None)?;
        Ok((
            query,
            parsed.dropped.into_iter().chain(parsed.notes).collect(),
        ))
    }

    /// The query's syntax tree, with syntax errors as user errors.
    pub(super) fn parse(&self, text: &str, lenient: bool) -> Result<Parsed, SearchError> {
        query::parse(text, lenient).map_err(|err| SearchError::Query {
            query: query::quote(text),
            reason: err.what.to_string(),
            pointer: format!("\n{}", query::point_at(text, err.at)),
        })
    }

    /// The tantivy query of a parsed query: over the articles' default
    /// fields, or with `said` (a speaker's key and name) over what the
    /// speaker said (see [`SaidQuery`]).
    pub(super) fn build_query(
        &self,
        text: &str,
        node: &Node,
        said: Option<(&str, &str)>,
    ) -> Result<Box<dyn Query>, SearchError> {
        let defaults = &self.text_fields;
        let mut parser =
            QueryParser::for_index(&self.index, defaults.iter().map(|(f, _)| *f).collect());
        for &(field, boost) in defaults {
            if let Some(boost) = boost {
                parser.set_field_boost(field, boost);
            }
        }
        let builder = QueryBuilder {
            searchable: self,
            parser,
            said,
            text,
        };
        builder.build(node)?.ok_or_else(|| SearchError::Query {
            query: query::quote(text),
            reason: "it has no words to search for (letters or digits)".to_string(),
            pointer: String::new(),
        })
    }

    /// The words of a query that must or may match, as the index holds
    /// them (lowercased, stemmed).
    pub(super) fn query_words(&self, node: &Node) -> Vec<String> {
        fn leaves<'n>(node: &'n Node, out: &mut Vec<&'n str>) {
            match node {
                Node::All | Node::Not(_) => {}
                Node::Leaf(leaf) => out.push(&leaf.text),
                Node::And(nodes) | Node::Or(nodes) => nodes.iter().for_each(|n| leaves(n, out)),
            }
        }
        let mut texts = Vec::new();
        leaves(node, &mut texts);
        let mut analyzer = self.stemmer();
        let mut words = Vec::new();
        for text in texts {
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                words.push(token.text.clone());
            }
        }
        words
    }
}

/// Builds tantivy queries from a query's syntax tree.
struct QueryBuilder<'a> {
    searchable: &'a Searchable,
    parser: QueryParser,
    /// The key and name of the speaker whose statements are searched
    /// (`--said-by`).
    said: Option<(&'a str, &'a str)>,
    /// The query text, for error messages.
    text: &'a str,
}

impl QueryBuilder<'_> {
    /// What `*` stands for: every article, or everything the speaker said
    /// (the articles that quote them).
    pub(super) fn all(&self) -> Box<dyn Query> {
        match self.said {
            None => Box::new(AllQuery),
            Some((_, name)) => {
                let term =
                    Term::from_facet(self.searchable.fields.speaker, &Facet::from_path([name]));
                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
            }
        }
    }

    /// The query of a node; `None` when nothing in it can be searched (a
    /// word of punctuation only).
    pub(super) fn build(&self, node: &Node) -> Result<Option<Box<dyn Query>>, SearchError> {
        Ok(match node {
            Node::All => Some(self.all()),
            Node::Leaf(leaf) => self.leaf(leaf)?,
            Node::Not(inner) => self.build(inner)?.map(|inner| self.excluding(inner)),
            Node::And(nodes) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for node in nodes {
                    match node {
                        Node::Not(inner) => {
                            if let Some(query) = self.build(inner)? {
                                clauses.push((Occur::MustNot, Box::new(Excluded(query))));
                            }
                        }
                        node => {
                            if let Some(query) = self.build(node)? {
                                clauses.push((Occur::Must, query));
                            }
                        }
                    }
                }
                if clauses.is_empty() {
                    None
                } else {
                    if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                        clauses.push((Occur::Must, self.all()));
                    }
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
            Node::Or(nodes) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for node in nodes {
                    if let Some(query) = self.build(node)? {
                        clauses.push((Occur::Should, query));
                    }
                }
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
        })
    }

    /// Everything (every article, or all the speaker said) but `query`.
    pub(super) fn excluding(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, self.all()),
            (Occur::MustNot, Box::new(Excluded(query))),
        ]))
    }

    /// A word or phrase, analysed as the field it is looked up in was when
    /// indexing; a fuzzy word, as a fuzzy term in each field.
    pub(super) fn leaf(&self, leaf: &Leaf) -> Result<Option<Box<dyn Query>>, SearchError> {
        let Some(first) = self.searchable.first_token(&leaf.text) else {
            return Ok(None);
        };
        // `title:` and `body:` stand for the field in every language.
        if let (Some(name), None) = (&leaf.field, self.said) {
            let field = self.searchable.index.schema().get_field(name)?;
            let variants = self.searchable.present_variants(field);
            if variants.len() > 1 {
                let schema = self.searchable.index.schema();
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for variant in variants {
                    let leaf = Leaf {
                        field: Some(schema.get_field_name(variant).to_string()),
                        ..leaf.clone()
                    };
                    if let Some(query) = self.leaf_in_field(&leaf, first.clone())? {
                        clauses.push((Occur::Should, query));
                    }
                }
                return Ok(Some(Box::new(BooleanQuery::new(clauses))));
            }
        }
        self.leaf_in_field(leaf, first)
    }

    /// [`QueryBuilder::leaf`] in the one field the leaf names (or the
    /// default fields); `first` is its first word.
    pub(super) fn leaf_in_field(
        &self,
        leaf: &Leaf,
        first: String,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
        if let (None, Some((_, name))) = (&leaf.field, self.said) {
            return self.said_leaf(leaf, name);
        }
        let field_name = leaf.field.clone();
        if let LeafKind::Fuzzy { distance } = leaf.kind {
            let fields: Vec<tantivy::schema::Field> = match &leaf.field {
                Some(name) => vec![self.searchable.index.schema().get_field(name)?],
                None => self
                    .searchable
                    .text_fields
                    .iter()
                    .map(|(f, _)| *f)
                    .collect(),
            };
            // Each field holds the word as its analyzer makes it: a stem
            // of its language in titles and bodies, as written in names.
            let per_field = fields
                .into_iter()
                .map(|field| {
                    let word = self
                        .searchable
                        .first_word_in(field, &leaf.text)
                        .unwrap_or_else(|| first.clone());
                    let fuzzy =
                        FuzzyTermQuery::new(Term::from_field_text(field, &word), distance, true);
                    (Occur::Should, Box::new(fuzzy) as Box<dyn Query>)
                })
                .collect();
            return Ok(Some(Box::new(BooleanQuery::new(per_field))));
        }
        let (delimiter, slop) = match leaf.kind {
            LeafKind::Phrase { slop } => (Delimiter::DoubleQuotes, slop),
            LeafKind::Word | LeafKind::Fuzzy { .. } => (Delimiter::None, 0),
        };
        let literal = UserInputLiteral {
            field_name,
            phrase: leaf.text.clone(),
            delimiter,
            slop,
            prefix: false,
        };
        let ast = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
        self.parser
            .build_query_from_user_input_ast(ast)
            .map(Some)
            .map_err(|err| SearchError::Query {
                query: query::quote(self.text),
                reason: err.to_string(),
                pointer: String::new(),
            })
    }

    /// A word or phrase inside what the speaker `name` said: its words as
    /// the body field of each language present analyses them, matched in
    /// the body and kept inside the speaker's statements. Fuzzy words are
    /// looked up as they are.
    fn said_leaf(&self, leaf: &Leaf, name: &str) -> Result<Option<Box<dyn Query>>, SearchError> {
        let searchable = self.searchable;
        let slop = match leaf.kind {
            LeafKind::Phrase { slop } => slop,
            LeafKind::Word | LeafKind::Fuzzy { .. } => 0,
        };
        let speaker = Term::from_facet(searchable.fields.speaker, &Facet::from_path([name]));
        let column = searchable
            .index
            .schema()
            .get_field_name(searchable.fields.said_at)
            .to_string();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for field in searchable.present_variants(searchable.fields.body) {
            let mut analyzer = searchable.index.tokenizer_for_field(field)?;
            let mut stream = analyzer.token_stream(&leaf.text);
            let mut terms = Vec::new();
            while let Some(token) = stream.next() {
                terms.push((
                    token.position as u32,
                    Term::from_field_text(field, &token.text),
                ));
            }
            if !terms.is_empty() {
                let query = SaidQuery {
                    terms,
                    slop,
                    speaker: speaker.clone(),
                    tag: speaker_tag(name),
                    column: column.clone(),
                };
                clauses.push((Occur::Should, Box::new(query)));
            }
        }
        Ok(match clauses.len() {
            0 => None,
            1 => clauses.pop().map(|(_, query)| query),
            _ => Some(Box::new(BooleanQuery::new(clauses))),
        })
    }
}
