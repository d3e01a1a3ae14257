//! The query language, from the text a user types to a syntax tree:
//! words, `"phrases"`, `OR`, `AND`, `NOT`/`-word`, `(groups)`,
//! `field:word`, `word~N` and `*`.
//!
//! Anything that is not syntax is text: apostrophes (`O'Neill`,
//! `Blair’s`), colons after a word that is not a field name (`said:`,
//! `10:30`), and other punctuation are left to the index's analyzer, which
//! splits and lowercases words as it did when indexing. Syntax errors are
//! located (a byte offset and what is wrong there) so that messages can
//! point at them; in lenient mode the offending part is left out and
//! described instead.
//!
//! This module does not know tantivy: [`crate::search`] turns the tree
//! into a tantivy query.

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// Every article (`*`, or an empty query).
    All,
    /// A word, phrase or fuzzy word.
    Leaf(Leaf),
    /// All of these (words side by side, or `AND`).
    And(Vec<Node>),
    /// Any of these (`OR`).
    Or(Vec<Node>),
    /// Not this (`-word`, `NOT word`).
    Not(Box<Node>),
}

/// A word or phrase to look up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Leaf {
    /// The field it is looked up in (`title:`), or `None` for the default
    /// fields.
    pub field: Option<String>,
    /// The text as typed (without quotes or `~N`).
    pub text: String,
    /// Word, phrase or fuzzy word.
    pub kind: LeafKind,
}

/// What kind of leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeafKind {
    /// An unquoted word. A word the analyzer splits (`O'Neill`,
    /// `Nagorno-Karabakh`) is looked up as a phrase of its parts.
    Word,
    /// A quoted phrase; `slop` other words may stand between its words
    /// (`"peace talks"~2`).
    Phrase {
        /// Words allowed between the phrase's words.
        slop: u32,
    },
    /// `word~N`: the word with up to `distance` edits (1 or 2).
    Fuzzy {
        /// Edits allowed.
        distance: u8,
    },
}

/// Where a query's syntax goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the query.
    pub at: usize,
    /// What is wrong there.
    pub what: &'static str,
}

/// A query as parsed: the tree, what was left out (lenient mode) and
/// remarks on how the text was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The query.
    pub node: Node,
    /// Parts of the query left out (lenient mode), as messages.
    pub dropped: Vec<String>,
    /// Remarks for the user: a word that looks like `field:word` with a
    /// field that does not exist, searched as words.
    pub notes: Vec<String>,
}

/// The field names a query may use, and the index field each stands for.
/// `speaker:`, `source:` and `author:` are short for `speaker_name:`,
/// `source_name:` and `author_name:`; `site:` takes a host as it is
/// (`site:azernews.az`).
pub const FIELDS: &[(&str, &str)] = &[
    ("title", "title"),
    ("body", "body"),
    ("speaker_name", "speaker_name"),
    ("source_name", "source_name"),
    ("author_name", "author_name"),
    ("speaker", "speaker_name"),
    ("source", "source_name"),
    ("author", "author_name"),
    ("site", "site"),
];

/// The index field a query field name stands for (case ignored).
fn field_for(name: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map(|&(_, field)| field)
}

/// The characters that open a phrase, and those that close one: straight
/// and typographic double quotes (a pasted query has them either way).
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    /// `-` or `+` right before a term.
    Sign(bool),
    /// `title:` before a term (the index field).
    Field(&'static str),
    Phrase {
        text: String,
        slop: u32,
        closed: bool,
    },
    Word(String),
    Star,
}

/// A token and the byte offset where it starts.
type Lexed = (usize, Token);

/// Splits the query into tokens. Never fails: an unclosed quote is a
/// phrase token marked as not closed, for the parser to report.
fn lex(text: &str, notes: &mut Vec<String>) -> Vec<Lexed> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    // Whether the next character starts a term (after a blank, `(`, a
    // sign or a field name), where quotes and signs are syntax.
    let mut at_start = true;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            at_start = true;
            continue;
        }
        if at_start && c == '(' {
            tokens.push((at, Token::Open));
            i += 1;
            continue;
        }
        if c == ')' {
            tokens.push((at, Token::Close));
            i += 1;
            at_start = true;
            continue;
        }
        if at_start && is_quote(c) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_quote(chars[end].1) {
                end += 1;
            }
            let byte = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
            let phrase = text[byte(start)..byte(end)].to_string();
            let closed = end < chars.len();
            i = if closed { end + 1 } else { end };
            // `"..."~N`: words allowed between the phrase's words.
            let mut slop = 0;
            if closed && chars.get(i).is_some_and(|&(_, c)| c == '~') {
                let digits: String = chars[i + 1..]
                    .iter()
                    .map(|&(_, c)| c)
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(n) = digits.parse::<u32>() {
                    slop = n.min(100);
                    i += 1 + digits.len();
                }
            }
            tokens.push((
                at,
                Token::Phrase {
                    text: phrase,
                    slop,
                    closed,
                },
            ));
            at_start = false;
            continue;
        }
        if at_start && (c == '-' || c == '+') {
            let next = chars.get(i + 1).map(|&(_, c)| c);
            if next.is_some_and(|n| !n.is_whitespace() && n != ')') {
                tokens.push((at, Token::Sign(c == '+')));
                i += 1;
                continue;
            }
        }
        // A field name (`title:`) is known by its first letters: the
        // word after it is lexed on its own, without reading the rest of
        // the text again for each name (`title:title:title:...`).
        let name_end = chars[i..]
            .iter()
            .take(16)
            .position(|&(_, c)| !(c.is_ascii_alphabetic() || c == '_'))
            .map(|n| i + n);
        if let Some(colon) =
            name_end.filter(|&k| k > i && chars.get(k).is_some_and(|&(_, c)| c == ':'))
        {
            let name_bytes = &text[at..chars[colon].0];
            if let Some(field) = field_for(name_bytes) {
                tokens.push((at, Token::Field(field)));
                i = colon + 1;
                at_start = true;
                continue;
            }
        }
        // A word: up to a blank, or a `)` that the word did not open
        // (`talks)` closes a group, `f(x)` is a word).
        let start = i;
        let mut inner = 0usize;
        while i < chars.len() {
            let c = chars[i].1;
            if c.is_whitespace() {
                break;
            }
            if c == '(' {
                inner += 1;
            } else if c == ')' {
                if inner == 0 {
                    break;
                }
                inner -= 1;
            }
            i += 1;
        }
        let end_byte = chars.get(i).map_or(text.len(), |&(b, _)| b);
        let word = &text[at..end_byte];
        at_start = true;
        match word {
            "AND" | "&&" => tokens.push((at, Token::And)),
            "OR" | "||" => tokens.push((at, Token::Or)),
            "NOT" => tokens.push((at, Token::Not)),
            "*" => tokens.push((at, Token::Star)),
            _ => {
                if let Some((name, rest)) = word.split_once(':') {
                    if let Some(field) = field_for(name) {
                        tokens.push((at, Token::Field(field)));
                        // What follows the colon starts a term of its own
                        // (`title:"peace talks"`, `title:peace`).
                        i = start + name.chars().count() + 1;
                        at_start = true;
                        if rest.is_empty() {
                            continue;
                        }
                        // `title:(` is a group; anything else is lexed as
                        // the start of a term.
                        continue;
                    }
                    let looks_like_field = !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                        && !rest.is_empty()
                        && !rest.starts_with('/');
                    if looks_like_field {
                        notes.push(format!(
                            "'{name}' is not a field, so '{word}' was searched as words (fields: title, body, speaker, source, author, site)"
                        ));
                    }
                }
                tokens.push((at, Token::Word(word.to_string())));
            }
        }
    }
    tokens
}

/// `word~N` or `word~`: the word and the edits allowed (1 or 2).
fn fuzzy(word: &str) -> Option<(&str, u8)> {
    let (term, distance) = word.rsplit_once('~')?;
    let distance: u8 = match distance {
        "" => 1,
        d => d.parse().ok()?,
    };
    let plain = term
        .chars()
        .all(|c| c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-');
    (!term.is_empty() && plain).then_some((term, distance.clamp(1, 2)))
}

/// Parses a query. With `lenient`, syntax errors leave out the part at
/// fault (described in [`Parsed::dropped`]) instead of failing.
pub fn parse(text: &str, lenient: bool) -> Result<Parsed, SyntaxError> {
    let mut notes = Vec::new();
    let tokens = lex(text, &mut notes);
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
        lenient,
        dropped: Vec::new(),
        repeats: Vec::new(),
        depth: 0,
        operators: 0,
    };
    let node = parser.and_expr()?;
    for &(_, line, more) in &parser.repeats {
        if more > 0 {
            parser.dropped[line].push_str(&format!(", and {more} more like it"));
        }
    }
    let node = simplify(node);
    let (terms, fuzzy) = count_leaves(&node);
    if terms > MAX_TERMS || fuzzy > MAX_FUZZY {
        return Err(SyntaxError {
            at: 0,
            what: "the query holds more than 1024 different words and phrases, more than 64 fuzzy words or a phrase of more than 256 words; narrow it",
        });
    }
    Ok(Parsed {
        node,
        dropped: parser.dropped,
        notes,
    })
}

/// How deep parentheses may nest.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Lexed>,
    pos: usize,
    lenient: bool,
    dropped: Vec<String>,
    /// Each kind of problem in `dropped`: its line there, and how many
    /// more of it were left out.
    repeats: Vec<(&'static str, usize, usize)>,
    depth: usize,
    operators: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.tokens
            .get(self.pos)
            .map_or(self.text.len(), |&(at, _)| at)
    }

    /// Fails, or in lenient mode notes what is left out and goes on.
    fn problem(
        &mut self,
        at: usize,
        what: &'static str,
        left_out: &str,
    ) -> Result<(), SyntaxError> {
        if !self.lenient {
            return Err(SyntaxError { at, what });
        }
        // One line for each kind of problem: the first, and how many more.
        if let Some(same) = self.repeats.iter_mut().find(|(w, _, _)| *w == what) {
            same.2 += 1;
            return Ok(());
        }
        let column = self.text[..at].chars().count() + 1;
        self.repeats.push((what, self.dropped.len(), 0));
        self.dropped.push(format!(
            "left out of the query: {left_out} at column {column} ({what})"
        ));
        Ok(())
    }

    /// Terms side by side or joined by `AND`, up to the end or a `)`.
    fn and_expr(&mut self) -> Result<Node, SyntaxError> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None => break,
                Some(Token::Close) => {
                    if self.depth > 0 {
                        break;
                    }
                    let at = self.at();
                    self.pos += 1;
                    self.problem(at, "this ')' closes nothing", "')'")?;
                }
                Some(Token::And) | Some(Token::Or) if parts.is_empty() => {
                    let at = self.at();
                    let word = if self.peek() == Some(&Token::And) {
                        "AND"
                    } else {
                        "OR"
                    };
                    self.pos += 1;
                    self.problem(
                        at,
                        "an operator needs a term before it",
                        &format!("'{word}'"),
                    )?;
                }
                Some(Token::And) => {
                    let at = self.at();
                    self.pos += 1;
                    if self.term_follows() {
                        parts.push(self.or_expr()?);
                    } else {
                        self.problem(at, "an operator needs a term after it", "'AND'")?;
                    }
                }
                _ => {
                    let before = self.pos;
                    match self.or_expr_opt()? {
                        Some(node) => parts.push(node),
                        None if self.pos == before => {
                            // A stray `OR` (after another operator).
                            let at = self.at();
                            self.pos += 1;
                            self.problem(at, "an operator needs a term before it", "'OR'")?;
                        }
                        None => {}
                    }
                }
            }
        }
        Ok(match parts.len() {
            0 => Node::All,
            1 => parts.pop().expect("one part"),
            _ => Node::And(parts),
        })
    }

    /// Whether the next token can start a term.
    fn term_follows(&self) -> bool {
        matches!(
            self.peek(),
            Some(
                Token::Open
                    | Token::Not
                    | Token::Sign(_)
                    | Token::Field(_)
                    | Token::Phrase { .. }
                    | Token::Word(_)
                    | Token::Star
            )
        )
    }

    fn or_expr(&mut self) -> Result<Node, SyntaxError> {
        Ok(self.or_expr_opt()?.unwrap_or(Node::All))
    }

    /// Terms joined by `OR` (which binds tighter than `AND`).
    fn or_expr_opt(&mut self) -> Result<Option<Node>, SyntaxError> {
        let Some(first) = self.unary()? else {
            return Ok(None);
        };
        let mut any = vec![first];
        while self.peek() == Some(&Token::Or) {
            let at = self.at();
            self.pos += 1;
            match self.unary_after_operator()? {
                Some(node) => any.push(node),
                None => self.problem(at, "an operator needs a term after it", "'OR'")?,
            }
        }
        Ok(Some(if any.len() == 1 {
            any.pop().expect("one term")
        } else {
            Node::Or(any)
        }))
    }

    /// A term right after an operator: `None` when there is none.
    fn unary_after_operator(&mut self) -> Result<Option<Node>, SyntaxError> {
        if self.term_follows() {
            self.unary()
        } else {
            Ok(None)
        }
    }

    /// `NOT term`, `-term`, `+term`, `field:term` or a term; operators may
    /// stand [`MAX_DEPTH`] in a row before one term (deeper would only
    /// exhaust the stack).
    fn unary(&mut self) -> Result<Option<Node>, SyntaxError> {
        let operator =
            |t: Option<&Token>| matches!(t, Some(Token::Not | Token::Sign(_) | Token::Field(_)));
        if self.operators >= MAX_DEPTH && operator(self.peek()) {
            let at = self.at();
            self.problem(
                at,
                "too many operators before one term (at most 32)",
                "operators",
            )?;
            while operator(self.peek()) {
                self.pos += 1;
            }
            return self.primary();
        }
        self.operators += 1;
        let node = self.unary_once();
        self.operators -= 1;
        node
    }

    fn unary_once(&mut self) -> Result<Option<Node>, SyntaxError> {
        let at = self.at();
        match self.peek().cloned() {
            Some(Token::Not) => {
                self.pos += 1;
                match self.unary_after_operator()? {
                    Some(node) => Ok(Some(Node::Not(Box::new(node)))),
                    None => {
                        self.problem(at, "an operator needs a term after it", "'NOT'")?;
                        Ok(None)
                    }
                }
            }
            Some(Token::Sign(plus)) => {
                self.pos += 1;
                let inner = self.unary()?;
                Ok(inner.map(|node| {
                    if plus {
                        node
                    } else {
                        Node::Not(Box::new(node))
                    }
                }))
            }
            Some(Token::Field(field)) => {
                self.pos += 1;
                if !self.term_follows() || matches!(self.peek(), Some(Token::Field(_))) {
                    let name = self.text[at..]
                        .split(':')
                        .next()
                        .unwrap_or(field)
                        .to_string();
                    self.problem(
                        at,
                        "a field name needs a word after it (title:peace)",
                        &format!("'{name}:'"),
                    )?;
                    return Ok(None);
                }
                let inner = self.unary()?;
                Ok(inner.map(|mut node| {
                    set_field(&mut node, field);
                    node
                }))
            }
            _ => self.primary(),
        }
    }

    /// A word, phrase, `*` or `(group)`.
    fn primary(&mut self) -> Result<Option<Node>, SyntaxError> {
        let at = self.at();
        let Some(token) = self.peek().cloned() else {
            return Ok(None);
        };
        self.pos += 1;
        match token {
            Token::Star => Ok(Some(Node::All)),
            Token::Word(word) => Ok(Some(Node::Leaf(match fuzzy(&word) {
                Some((term, distance)) => Leaf {
                    field: None,
                    text: term.to_string(),
                    kind: LeafKind::Fuzzy { distance },
                },
                None => Leaf {
                    field: None,
                    text: word,
                    kind: LeafKind::Word,
                },
            }))),
            Token::Phrase { text, slop, closed } => {
                if !closed {
                    self.problem(at, "this quote is never closed", "the quote")?;
                    // The words after an unclosed quote are searched as
                    // words.
                    let words: Vec<Node> = text
                        .split_whitespace()
                        .map(|w| {
                            Node::Leaf(Leaf {
                                field: None,
                                text: w.to_string(),
                                kind: LeafKind::Word,
                            })
                        })
                        .collect();
                    return Ok(match words.len() {
                        0 => None,
                        1 => words.into_iter().next(),
                        _ => Some(Node::And(words)),
                    });
                }
                Ok(Some(Node::Leaf(Leaf {
                    field: None,
                    text,
                    kind: LeafKind::Phrase { slop },
                })))
            }
            Token::Open if self.depth >= MAX_DEPTH => {
                // Deeper groups would only exhaust the stack: the
                // parenthesis is an error, or left out.
                self.problem(at, "parentheses nest too deep (at most 32)", "'('")?;
                Ok(None)
            }
            Token::Open => {
                self.depth += 1;
                let inner = self.and_expr()?;
                self.depth -= 1;
                if self.peek() == Some(&Token::Close) {
                    self.pos += 1;
                } else {
                    self.problem(at, "this '(' is never closed", "'('")?;
                }
                Ok(Some(inner))
            }
            // Operators and closing parentheses are handled by the callers;
            // reaching one here means it has nothing before it.
            Token::And
            | Token::Or
            | Token::Not
            | Token::Sign(_)
            | Token::Field(_)
            | Token::Close => {
                self.pos -= 1;
                Ok(None)
            }
        }
    }
}

/// Points every leaf without a field at `field`.
fn set_field(node: &mut Node, field: &str) {
    match node {
        Node::All => {}
        Node::Leaf(leaf) => {
            if leaf.field.is_none() {
                leaf.field = Some(field.to_string());
            }
        }
        Node::And(nodes) | Node::Or(nodes) => nodes.iter_mut().for_each(|n| set_field(n, field)),
        Node::Not(inner) => set_field(inner, field),
    }
}

/// Flattens nested `And`s and `Or`s and drops `All` from conjunctions.
/// Leaves each node once, in its first place: a word typed twice is
/// looked up once.
fn once_each(nodes: &mut Vec<Node>) {
    if nodes.len() < 2 {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    nodes.retain(|node| seen.insert(node.clone()));
}

/// The words and phrases of a query, and how many of them are fuzzy; a
/// phrase of more than [`MAX_PHRASE_WORDS`] words counts as too many.
fn count_leaves(node: &Node) -> (usize, usize) {
    match node {
        Node::All => (0, 0),
        Node::Leaf(leaf) if words_in(&leaf.text) > MAX_PHRASE_WORDS => (usize::MAX / 2, 0),
        Node::Leaf(leaf) => (1, usize::from(matches!(leaf.kind, LeafKind::Fuzzy { .. }))),
        Node::Not(inner) => count_leaves(inner),
        Node::And(nodes) | Node::Or(nodes) => nodes
            .iter()
            .map(count_leaves)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
    }
}

/// How many different words and phrases a query may hold, and how many
/// fuzzy words (each looks through the whole vocabulary): more would only
/// make a search take seconds.
pub const MAX_TERMS: usize = 1024;
/// See [`MAX_TERMS`].
pub const MAX_FUZZY: usize = 64;
/// How many words one phrase (or one word the analyzer splits, such as
/// `[1,[1,[1`) may hold.
pub const MAX_PHRASE_WORDS: usize = 256;

/// The runs of letters and digits in a text: the words an analyzer will
/// find in it, about.
fn words_in(text: &str) -> usize {
    let mut count = 0;
    let mut inside = false;
    for c in text.chars() {
        let letter = c.is_alphanumeric();
        if letter && !inside {
            count += 1;
        }
        inside = letter;
    }
    count
}

fn simplify(node: Node) -> Node {
    match node {
        Node::And(nodes) => {
            let mut flat = Vec::new();
            for node in nodes.into_iter().map(simplify) {
                match node {
                    Node::And(inner) => flat.extend(inner),
                    Node::All => {}
                    other => flat.push(other),
                }
            }
            once_each(&mut flat);
            match flat.len() {
                0 => Node::All,
                1 => flat.pop().expect("one node"),
                _ => Node::And(flat),
            }
        }
        Node::Or(nodes) => {
            let mut flat = Vec::new();
            for node in nodes.into_iter().map(simplify) {
                match node {
                    Node::Or(inner) => flat.extend(inner),
                    Node::All => return Node::All,
                    other => flat.push(other),
                }
            }
            once_each(&mut flat);
            if flat.len() == 1 {
                flat.pop().expect("one node")
            } else {
                Node::Or(flat)
            }
        }
        Node::Not(inner) => Node::Not(Box::new(simplify(*inner))),
        other => other,
    }
}

/// The longest part of a query an error message quotes; longer queries
/// are shown around the problem.
const EXCERPT_CHARS: usize = 72;

/// The query (or the part of it around byte `at`, when it is long) with a
/// caret line under the character at `at`.
pub fn point_at(query: &str, at: usize) -> String {
    let chars: Vec<char> = query
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let column = query[..at.min(query.len())].chars().count();
    let (from, to) = if chars.len() <= EXCERPT_CHARS {
        (0, chars.len())
    } else {
        let from = column.saturating_sub(EXCERPT_CHARS / 2);
        let to = (from + EXCERPT_CHARS).min(chars.len());
        (to.saturating_sub(EXCERPT_CHARS), to)
    };
    let mut line: String = chars[from..to].iter().collect();
    let mut caret = column - from;
    if from > 0 {
        line.insert(0, '…');
        caret += 1;
    }
    if to < chars.len() {
        line.push('…');
    }
    format!("  {line}\n  {}^", " ".repeat(caret))
}

/// The query as an error message quotes it: whole when short, else its
/// opening and its length.
pub fn quote(query: &str) -> String {
    let count = query.chars().count();
    if count <= EXCERPT_CHARS {
        format!("'{query}'")
    } else {
        let opening: String = query.chars().take(EXCERPT_CHARS - 8).collect();
        format!("'{opening}…' ({count} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Node {
        Node::Leaf(Leaf {
            field: None,
            text: text.into(),
            kind: LeafKind::Word,
        })
    }

    fn tree(text: &str) -> Node {
        parse(text, false).unwrap().node
    }

    #[test]
    fn apostrophes_and_stray_colons_are_text() {
        assert_eq!(
            tree("Martin O'Neill"),
            Node::And(vec![word("Martin"), word("O'Neill")])
        );
        assert_eq!(
            tree("Blair’s budget"),
            Node::And(vec![word("Blair’s"), word("budget")])
        );
        assert_eq!(
            tree("peace talks:"),
            Node::And(vec![word("peace"), word("talks:")])
        );
        assert_eq!(tree("said:"), word("said:"));
        assert_eq!(tree("at 10:30"), Node::And(vec![word("at"), word("10:30")]));
        // Other punctuation of tantivy's syntax is text too.
        assert_eq!(
            tree("C++ ^2 [x] {y} !"),
            Node::And(vec![
                word("C++"),
                word("^2"),
                word("[x]"),
                word("{y}"),
                word("!"),
            ])
        );
    }

    #[test]
    fn field_names_phrases_and_operators() {
        let leaf = |field: Option<&str>, text: &str, kind| {
            Node::Leaf(Leaf {
                field: field.map(str::to_string),
                text: text.into(),
                kind,
            })
        };
        assert_eq!(
            tree("title:peace"),
            leaf(Some("title"), "peace", LeafKind::Word)
        );
        assert_eq!(
            tree("Speaker:zakharova"),
            leaf(Some("speaker_name"), "zakharova", LeafKind::Word)
        );
        assert_eq!(
            tree("title:\"peace talks\"~2"),
            leaf(Some("title"), "peace talks", LeafKind::Phrase { slop: 2 })
        );
        assert_eq!(
            tree("“minefield maps”"),
            leaf(None, "minefield maps", LeafKind::Phrase { slop: 0 })
        );
        assert_eq!(
            tree("zaharova~1"),
            leaf(None, "zaharova", LeafKind::Fuzzy { distance: 1 })
        );
        assert_eq!(
            tree("kalbajar~5"),
            leaf(None, "kalbajar", LeafKind::Fuzzy { distance: 2 })
        );
        // OR binds tighter than AND.
        assert_eq!(
            tree("peace talks OR negotiations"),
            Node::And(vec![
                word("peace"),
                Node::Or(vec![word("talks"), word("negotiations")])
            ])
        );
        assert_eq!(
            tree("(a OR b) AND -c NOT d"),
            Node::And(vec![
                Node::Or(vec![word("a"), word("b")]),
                Node::Not(Box::new(word("c"))),
                Node::Not(Box::new(word("d"))),
            ])
        );
        assert_eq!(
            tree("title:(a OR b)"),
            Node::Or(vec![
                leaf(Some("title"), "a", LeafKind::Word),
                leaf(Some("title"), "b", LeafKind::Word)
            ])
        );
        assert_eq!(tree("*"), Node::All);
        assert_eq!(tree("  "), Node::All);
        assert_eq!(tree("Nagorno-Karabakh"), word("Nagorno-Karabakh"));
        assert_eq!(tree("f(x) y"), Node::And(vec![word("f(x)"), word("y")]));
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = |text: &str| parse(text, false).unwrap_err();
        assert_eq!(
            error("\"minefield maps"),
            SyntaxError {
                at: 0,
                what: "this quote is never closed"
            }
        );
        assert_eq!(
            error("(a OR b"),
            SyntaxError {
                at: 0,
                what: "this '(' is never closed"
            }
        );
        assert_eq!(
            error("a OR b)"),
            SyntaxError {
                at: 6,
                what: "this ')' closes nothing"
            }
        );
        assert_eq!(
            error("peace AND"),
            SyntaxError {
                at: 6,
                what: "an operator needs a term after it"
            }
        );
        assert_eq!(
            error("OR peace"),
            SyntaxError {
                at: 0,
                what: "an operator needs a term before it"
            }
        );
        assert_eq!(
            error("peace title:"),
            SyntaxError {
                at: 6,
                what: "a field name needs a word after it (title:peace)"
            }
        );
        assert!(parse("\"a (b\" c", false).is_ok());
    }

    #[test]
    fn lenient_parsing_says_what_it_left_out() {
        let parsed = parse("\"minefield maps", true).unwrap();
        assert_eq!(
            parsed.node,
            Node::And(vec![word("minefield"), word("maps")])
        );
        assert_eq!(
            parsed.dropped,
            ["left out of the query: the quote at column 1 (this quote is never closed)"]
        );
        let parsed = parse("(peace OR talks", true).unwrap();
        assert_eq!(parsed.node, Node::Or(vec![word("peace"), word("talks")]));
        assert_eq!(parsed.dropped.len(), 1);
        assert!(parsed.dropped[0].contains("'('"), "{:?}", parsed.dropped);
        let parsed = parse("peace AND", true).unwrap();
        assert_eq!(parsed.node, word("peace"));
        assert!(
            parsed.dropped[0].contains("'AND' at column 7"),
            "{:?}",
            parsed.dropped
        );
    }

    #[test]
    fn nesting_is_bounded_and_each_kind_of_problem_said_once() {
        // Deep enough to exhaust any stack if it were followed.
        let deep = "(".repeat(60_000);
        let err = parse(&deep, false).unwrap_err();
        assert_eq!(err.what, "parentheses nest too deep (at most 32)");
        let parsed = parse(&deep, true).unwrap();
        assert_eq!(parsed.node, Node::All);
        assert!(
            parsed.dropped[0]
                .ends_with("(parentheses nest too deep (at most 32)), and 59967 more like it"),
            "{:?}",
            parsed.dropped
        );
        assert!(parsed.dropped.len() <= 2, "{:?}", parsed.dropped);
        // 32 levels are fine.
        let nested = format!("{}peace{}", "(".repeat(32), ")".repeat(32));
        assert_eq!(parse(&nested, false).unwrap().node, word("peace"));
        for chain in [
            "-".repeat(60_000),
            "NOT ".repeat(20_000),
            "+".repeat(60_000),
        ] {
            let query = format!("{chain}peace");
            assert_eq!(
                parse(&query, false).unwrap_err().what,
                "too many operators before one term (at most 32)"
            );
            let lenient = parse(&query, true).unwrap();
            assert_eq!(lenient.dropped.len(), 1, "{:?}", lenient.dropped);
        }
        assert!(parse(&format!("{}peace", "-".repeat(31)), false).is_ok());
    }

    #[test]
    fn repeated_words_count_once_and_a_query_holds_at_most_1024() {
        // A word typed 16,000 times is one word.
        let parsed = parse(&"gas ".repeat(16_000), false).unwrap();
        assert_eq!(parsed.node, word("gas"));
        let parsed = parse("peace OR talks OR peace", false).unwrap();
        assert_eq!(parsed.node, Node::Or(vec![word("peace"), word("talks")]));
        let many = |n: usize, suffix: &str| {
            (0..n)
                .map(|i| format!("w{i}{suffix}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(parse(&many(MAX_TERMS, ""), false).is_ok());
        let err = parse(&many(MAX_TERMS + 1, ""), true).unwrap_err();
        assert!(err.what.contains("more than 1024"), "{}", err.what);
        assert!(parse(&many(MAX_FUZZY, "~1"), false).is_ok());
        assert!(parse(&many(MAX_FUZZY + 1, "~1"), false).is_err());
        let phrase = |n: usize| format!("\"{}\"", many(n, ""));
        assert!(parse(&phrase(MAX_PHRASE_WORDS), false).is_ok());
        assert!(parse(&phrase(MAX_PHRASE_WORDS + 1), false).is_err());
        assert!(parse(&"[1,".repeat(20_000), false).is_err());
    }

    #[test]
    fn fields_that_do_not_exist_are_noted() {
        let parsed = parse("nosuchfield:x", false).unwrap();
        assert_eq!(parsed.node, word("nosuchfield:x"));
        assert!(parsed.notes[0].contains("'nosuchfield' is not a field"));
        assert!(parse("https://example.com peace:", false)
            .unwrap()
            .notes
            .is_empty());
    }

    #[test]
    fn long_queries_are_quoted_around_the_problem() {
        assert_eq!(point_at("peace AND", 6), "  peace AND\n        ^");
        let long = format!("{} \"open", "word ".repeat(2000));
        let at = long.find('"').unwrap();
        let pointed = point_at(&long, at);
        assert!(pointed.len() < 200, "{pointed}");
        let lines: Vec<&str> = pointed.lines().collect();
        let caret = lines[1].chars().count() - 1;
        assert_eq!(lines[0].chars().nth(caret), Some('"'));
        assert!(quote(&long).len() < 100);
        assert_eq!(quote("peace"), "'peace'");
    }
}
