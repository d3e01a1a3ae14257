//! The article's text in a parsed page: finds the element that holds the
//! story and reads its paragraphs, leaving out what a reader skips (menus,
//! headers and footers, share bars, related links, captions, bylines,
//! newsletter boxes, cookie notices, comments, ads).
//!
//! The page is cut into blocks of text (one per paragraph-like element);
//! blocks that read like prose score their ancestors, as Readability does;
//! the best-scoring element, with its siblings that also hold prose, is the
//! story, and its blocks are kept unless they are link lists or the short
//! lines that sit between paragraphs on news sites. Metadata and decoding
//! are not this file's job.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// A run of text between two block boundaries.
#[derive(Debug, Clone)]
struct Block {
    /// Whitespace collapsed.
    text: String,
    /// Characters of `text` inside links.
    link_chars: usize,
    /// The element ancestors, innermost first.
    ancestors: Vec<NodeId>,
    /// What kind of element holds it.
    kind: Kind,
    /// The ancestors whose names mark page furniture, innermost first.
    negatives: Vec<NodeId>,
    /// Whether the innermost element is a paragraph, heading, list item or
    /// cell (rather than a `<div>` or such holding text of its own).
    leaf: bool,
    /// Whether it is in an `<h1>`.
    h1: bool,
}

/// The element a block sits directly in, as far as keeping it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
    Cell,
    Other,
}

impl Block {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn link_density(&self) -> f64 {
        let chars = self.chars();
        if chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / chars as f64
        }
    }

    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Why the page holds no article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Missing {
    /// The story found has this few words.
    TooShort(usize),
    /// Most of the page's text is links.
    Links,
}

/// The story's text, one paragraph per line with blank lines between.
pub(crate) fn main_text(doc: &Html) -> Result<String, Missing> {
    let blocks = blocks(doc);
    let total_chars: usize = blocks.iter().map(Block::chars).sum();
    let link_chars: usize = blocks.iter().map(|b| b.link_chars).sum();

    let Some(container) = best_container(doc, &blocks) else {
        return Err(if total_chars > 0 && link_chars * 2 > total_chars {
            Missing::Links
        } else {
            Missing::TooShort(0)
        });
    };
    let chars = chars_by_element(&blocks);
    let kept: Vec<&Block> = blocks
        .iter()
        .filter(|b| in_story(b, &container, &chars))
        .filter(|b| keep(b))
        .collect();
    let words: usize = kept.iter().map(|b| b.words()).sum();
    let letters: usize = kept
        .iter()
        .map(|b| b.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < MIN_LETTERS {
        if total_chars > 0 && link_chars * 2 > total_chars {
            return Err(Missing::Links);
        }
        return Err(Missing::TooShort(words));
    }
    let mut out = String::new();
    for b in kept {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    Ok(out)
}

/// The text of an HTML fragment (a JSON-LD `articleBody` written as HTML),
/// one block per paragraph.
pub(crate) fn fragment_text(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    for b in blocks(&doc) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    out
}

/// Whether a block is under one of the story's containers and not under
/// furniture inside it. Furniture-like names on an element holding most of
/// the container's text are not believed.
fn in_story(b: &Block, container: &[NodeId], chars: &HashMap<NodeId, usize>) -> bool {
    let Some((at, c)) = b
        .ancestors
        .iter()
        .enumerate()
        .find(|(_, id)| container.contains(id))
    else {
        return false;
    };
    let whole = chars.get(c).copied().unwrap_or(0) as f64;
    !b.ancestors[..at].iter().any(|id| {
        b.negatives.contains(id) && (chars.get(id).copied().unwrap_or(0) as f64) < 0.6 * whole
    })
}

/// Characters of text under each element.
fn chars_by_element(blocks: &[Block]) -> HashMap<NodeId, usize> {
    let mut sums: HashMap<NodeId, usize> = HashMap::new();
    for b in blocks {
        let n = b.chars();
        for id in &b.ancestors {
            *sums.entry(*id).or_insert(0) += n;
        }
    }
    sums
}

/// Fewer letters and digits than this is no article (about 40 words of
/// English; counted in characters so that scripts without spaces count).
pub(crate) const MIN_LETTERS: usize = 180;

/// Whether a block inside the story is part of it.
fn keep(b: &Block) -> bool {
    let chars = b.chars();
    if chars == 0 {
        return false;
    }
    let density = b.link_density();
    if density > 0.5 && !(b.kind == Kind::Paragraph && chars > 200 && density < 0.8) {
        return false;
    }
    if b.kind == Kind::Heading && b.h1 {
        // The headline, which the page's title gives.
        return false;
    }
    if is_boilerplate_line(&b.text) || is_newsletter_plug(&b.text) {
        return false;
    }
    true
}

/// A short paragraph asking the reader to sign up for a newsletter.
fn is_newsletter_plug(text: &str) -> bool {
    if text.split_whitespace().count() > 40 {
        return false;
    }
    let lower = text.to_lowercase();
    ["sign up", "subscribe"].iter().any(|w| lower.contains(w))
        && ["newsletter", "inbox"].iter().any(|w| lower.contains(w))
}

/// Short lines news sites put between paragraphs: calls to share, read
/// more or subscribe, ad labels.
fn is_boilerplate_line(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words > 8 {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "advert",
        "ad",
        "sponsored",
        "share",
        "share this",
        "share this article",
        "share this story",
        "continue reading",
        "read more",
        "see more",
        "show more",
        "load more",
        "story continues below",
        "article continues below",
        "story continues below advertisement",
        "continue reading below",
        "scroll to continue",
        "related",
        "related stories",
        "related articles",
        "related content",
        "more on this story",
        "recommended",
        "most read",
        "most popular",
        "comments",
        "leave a comment",
        "print",
        "email",
        "close",
        "skip",
        "menu",
        "follow us",
        "tell us what you think",
        "have your say",
    ];
    if EXACT.contains(&lower) {
        return true;
    }
    const STARTS: &[&str] = &[
        "read more:",
        "related:",
        "see also:",
        "also read:",
        "read also:",
        "sign up for",
        "subscribe to",
        "click here to",
        "follow us on",
        "share on",
        "image:",
        "photo:",
        "image copyright",
        "image caption",
        "media caption",
        "getty images",
    ];
    STARTS.iter().any(|s| lower.starts_with(s))
}

/// Elements whose text is never the story.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "label"
            | "nav"
            | "aside"
            | "footer"
            | "header"
            | "menu"
            | "dialog"
            | "figure"
            | "figcaption"
            | "head"
            | "title"
            | "address"
    )
}

/// Elements that end a block of text.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "hr"
            | "body"
            | "center"
            | "form"
            | "fieldset"
            | "details"
            | "summary"
    )
}

fn kind_of(name: &str) -> Kind {
    match name {
        "p" | "pre" => Kind::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "li" | "dd" | "dt" => Kind::ListItem,
        "blockquote" => Kind::Quote,
        "td" | "th" => Kind::Cell,
        _ => Kind::Other,
    }
}

/// Roles of page furniture.
fn is_skipped_role(role: &str) -> bool {
    matches!(
        role.trim().to_ascii_lowercase().as_str(),
        "navigation"
            | "banner"
            | "contentinfo"
            | "complementary"
            | "dialog"
            | "alertdialog"
            | "menu"
            | "menubar"
            | "search"
            | "toolbar"
            | "tablist"
    )
}

/// Parts of `class` and `id` names that mark page furniture.
const NEGATIVE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "sign-up",
    "cookie",
    "consent",
    "gdpr",
    "advert",
    "sponsor",
    "promo",
    "breadcrumb",
    "sidebar",
    "footer",
    "masthead",
    "navbar",
    "navigation",
    "menu",
    "popup",
    "modal",
    "byline",
    "author",
    "caption",
    "credit",
    "pagination",
    "pager",
    "disqus",
    "outbrain",
    "taboola",
    "more-stories",
    "read-more",
    "readmore",
    "most-popular",
    "mostpopular",
    "most-read",
    "trending",
    "widget",
    "toolbar",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader",
    "timestamp",
    "dateline",
    "tags",
    "topics",
    "keywords",
    "banner",
    "gallery",
    "slideshow",
    "carousel",
    "follow",
    "print",
    "skip",
    "hidden",
    "teaser",
    "jump",
];

/// Whole `class` and `id` words that mark page furniture.
const NEGATIVE_WORDS: &[&str] = &[
    "ad", "ads", "nav", "header", "meta", "date", "share", "tag", "hide", "overlay",
];

/// Parts of `class` and `id` names that mark the story's own container.
const POSITIVE: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article-content",
    "article__content",
    "articlecontent",
    "article-text",
    "articletext",
    "story-body",
    "storybody",
    "story-content",
    "story-text",
    "entry-content",
    "post-content",
    "post-body",
    "postbody",
    "post-entry",
    "main-content",
    "content-body",
    "body-text",
    "bodytext",
    "text-body",
    "rich-text",
    "richtext",
];

/// Weaker marks of content, as Readability weighs class names.
const LIKELY: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "text", "story", "blog",
];

/// An element's class and id, lowercased. Class words that only name the
/// post's tags or categories (`tag-social-media`, `category-sport`, as
/// WordPress writes them) say nothing about the element and are left out.
fn class_and_id(e: &Element) -> String {
    let mut s = String::new();
    if let Some(c) = e.attr("class") {
        for word in c.split_ascii_whitespace() {
            let lower = word.to_ascii_lowercase();
            if ["tag-", "category-", "tags-", "categories-"]
                .iter()
                .any(|p| lower.starts_with(p))
            {
                continue;
            }
            s.push_str(word);
            s.push(' ');
        }
    }
    if let Some(i) = e.attr("id") {
        s.push(' ');
        s.push_str(i);
    }
    s.to_ascii_lowercase()
}

fn is_positive(names: &str) -> bool {
    POSITIVE.iter().any(|p| names.contains(p))
}

fn is_negative(names: &str) -> bool {
    if names.is_empty() {
        return false;
    }
    NEGATIVE.iter().any(|p| names.contains(p))
        || names
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|w| NEGATIVE_WORDS.contains(&w))
}

/// Whether an element is hidden from readers.
fn is_hidden(e: &Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Characters of paragraph text (inside `<p>`) under each element, so that
/// furniture-like names do not remove an element that holds most of the
/// page's prose.
fn paragraph_chars(doc: &Html) -> HashMap<NodeId, usize> {
    let mut counts: HashMap<NodeId, usize> = HashMap::new();
    for node in doc.tree.nodes() {
        if let Node::Text(t) = node.value() {
            let in_p = node
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "p"));
            if !in_p {
                continue;
            }
            let n = t.trim().chars().count();
            if n == 0 {
                continue;
            }
            for a in node.ancestors() {
                if a.value().is_element() {
                    *counts.entry(a.id()).or_insert(0) += n;
                }
            }
        }
    }
    counts
}

/// Whether an element and everything in it is left out, whatever holds
/// the story.
fn is_skipped(e: &Element, id: NodeId, prose: &HashMap<NodeId, usize>, total: usize) -> bool {
    let name = e.name();
    if matches!(name, "html" | "body") {
        return false;
    }
    let share = prose.get(&id).copied().unwrap_or(0) as f64 / total.max(1) as f64;
    if is_skipped_tag(name) {
        // Some sites put the whole story in a <header> or <aside>-like
        // wrapper; a wrapper holding most of the prose is no furniture.
        return !(matches!(name, "header" | "aside" | "footer") && share > 0.6);
    }
    if is_hidden(e) {
        return true;
    }
    e.attr("role").is_some_and(is_skipped_role) && share < 0.6
}

/// Whether an element's names mark page furniture (and nothing marks it as
/// the story's container).
fn is_furniture(e: &Element) -> bool {
    let names = class_and_id(e);
    !(is_positive(&names) || e.attr("itemprop") == Some("articleBody")) && is_negative(&names)
}

/// Cuts the page into blocks of text, leaving out skipped elements.
fn blocks(doc: &Html) -> Vec<Block> {
    let prose = paragraph_chars(doc);
    let root = doc.root_element();
    let total = prose.get(&root.id()).copied().unwrap_or(0);
    let mut c = Collector {
        blocks: Vec::new(),
        text: String::new(),
        link_chars: 0,
        ancestors: Vec::new(),
        links: 0,
        in_h1: 0,
        prose,
        total,
    };
    c.walk(root, 0);
    c.flush();
    c.blocks
}

struct Collector {
    blocks: Vec<Block>,
    text: String,
    link_chars: usize,
    /// Element ancestors of the current position, outermost first.
    ancestors: Vec<(NodeId, Kind, bool)>,
    /// How many links we are inside.
    links: usize,
    /// How many `<h1>` we are inside.
    in_h1: usize,
    prose: HashMap<NodeId, usize>,
    total: usize,
}

/// Deeper than this, the rest of a subtree is read as plain text.
const MAX_DEPTH: usize = 300;

impl Collector {
    fn walk(&mut self, e: ElementRef<'_>, depth: usize) {
        let el = e.value();
        if is_skipped(el, e.id(), &self.prose, self.total) {
            return;
        }
        let name = el.name();
        let block = is_block_tag(name);
        if block {
            self.flush();
        }
        let is_link = name == "a";
        if is_link {
            self.links += 1;
        }
        let is_h1 = name == "h1";
        if is_h1 {
            self.in_h1 += 1;
        }
        // Inline elements (spans, links, emphasis) hold no story of their
        // own: only block elements, and furniture of any kind, are kept as
        // ancestors.
        let furniture = is_furniture(el);
        let recorded = block || furniture;
        if recorded {
            self.ancestors.push((e.id(), kind_of(name), furniture));
        }
        for child in e.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t),
                Node::Element(_) => {
                    if let Some(ce) = ElementRef::wrap(child) {
                        if depth < MAX_DEPTH {
                            self.walk(ce, depth + 1);
                        }
                    }
                }
                _ => {}
            }
        }
        if block {
            self.flush();
        }
        if recorded {
            self.ancestors.pop();
        }
        if is_link {
            self.links -= 1;
        }
        if is_h1 {
            self.in_h1 -= 1;
        }
    }

    fn push_text(&mut self, t: &str) {
        let mut last_space = self.text.is_empty() || self.text.ends_with(' ');
        for ch in t.chars() {
            if ch.is_whitespace() {
                if !last_space {
                    self.text.push(' ');
                    last_space = true;
                }
            } else if ch != '\u{00ad}' && ch != '\u{200b}' {
                self.text.push(ch);
                last_space = false;
                if self.links > 0 {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn flush(&mut self) {
        let text = self.text.trim();
        if !text.is_empty() {
            let kind = self
                .ancestors
                .iter()
                .rev()
                .map(|(_, k, _)| *k)
                .find(|k| *k != Kind::Other)
                .unwrap_or(Kind::Other);
            self.blocks.push(Block {
                text: text.to_string(),
                link_chars: self.link_chars,
                ancestors: self.ancestors.iter().rev().map(|(id, _, _)| *id).collect(),
                kind,
                leaf: self
                    .ancestors
                    .last()
                    .is_some_and(|(_, k, _)| *k != Kind::Other),
                h1: self.in_h1 > 0,
                negatives: self
                    .ancestors
                    .iter()
                    .rev()
                    .filter(|(_, _, n)| *n)
                    .map(|(id, _, _)| *id)
                    .collect(),
            });
        }
        self.text.clear();
        self.link_chars = 0;
    }
}

/// The element (with the siblings that belong with it) holding the story.
fn best_container(doc: &Html, blocks: &[Block]) -> Option<Vec<NodeId>> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for b in blocks {
        let chars = b.chars();
        if chars < 25 || b.link_density() > 0.5 {
            continue;
        }
        if !matches!(
            b.kind,
            Kind::Paragraph | Kind::Quote | Kind::Cell | Kind::Other
        ) {
            continue;
        }
        let commas = b.text.matches([',', '،', '，', '、']).count() as f64;
        let mut score = 1.0 + commas + (chars as f64 / 100.0).min(3.0);
        if !b.negatives.is_empty() {
            score *= 0.2;
        }
        // The element holding the text, its parent, grandparent and so on,
        // each with a smaller share.
        // A paragraph scores the element holding it, not itself; a <div>
        // with text of its own scores itself.
        let from = usize::from(b.leaf && b.ancestors.len() > 1);
        for (level, id) in b.ancestors.iter().skip(from).take(5).enumerate() {
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                _ => 1.0 / (level as f64 * 3.0),
            };
            *scores.entry(*id).or_insert(0.0) += score * share;
        }
    }
    let density = link_density_by_element(blocks);
    let mut best: Option<(NodeId, f64)> = None;
    for (&id, &score) in &scores {
        let Some(node) = doc.tree.get(id) else {
            continue;
        };
        let Some(e) = node.value().as_element() else {
            continue;
        };
        if matches!(e.name(), "html" | "body") {
            continue;
        }
        let names = class_and_id(e);
        let mut weight: f64 = 0.0;
        if is_positive(&names) || e.attr("itemprop") == Some("articleBody") {
            weight += 50.0;
        } else if LIKELY.iter().any(|p| names.contains(p)) {
            weight += 25.0;
        }
        if is_negative(&names) {
            weight -= 25.0;
        }
        if e.name() == "article" {
            weight += 10.0;
        }
        let d = density.get(&id).copied().unwrap_or(0.0);
        let final_score = (score + weight.min(score)) * (1.0 - d);
        if best.is_none_or(|(_, s)| final_score > s) {
            best = Some((id, final_score));
        }
    }
    let (top, top_score) = best?;
    if top_score <= 0.0 {
        return None;
    }
    // Siblings that hold prose too belong with it (a story split by an
    // ad slot into two containers), and so do elements of the same tag and
    // class elsewhere (a story cut into chunks, each in its own wrapper).
    let mut chosen = vec![top];
    let top_names = doc
        .tree
        .get(top)
        .and_then(|n| n.value().as_element())
        .map(|e| (e.name().to_string(), class_and_id(e)));
    if let Some((tag, names)) = top_names.filter(|(_, names)| !names.trim().is_empty()) {
        for (&id, &score) in &scores {
            if id == top || score < top_score * 0.05 {
                continue;
            }
            let Some(node) = doc.tree.get(id) else {
                continue;
            };
            let same = node
                .value()
                .as_element()
                .is_some_and(|e| e.name() == tag && class_and_id(e) == names);
            if same && near(doc, top, id) && !under_furniture(node) {
                chosen.push(id);
            }
        }
    }
    if let Some(node) = doc.tree.get(top) {
        let threshold = (top_score * 0.2).max(10.0);
        for sib in node
            .prev_siblings()
            .chain(node.next_siblings())
            .filter(|s| s.value().is_element())
        {
            let s = scores.get(&sib.id()).copied().unwrap_or(0.0);
            if s >= threshold {
                chosen.push(sib.id());
            }
        }
    }
    Some(chosen)
}

/// Whether two elements are parts of one whole: their nearest common
/// ancestor is at most six levels above the first.
fn near(doc: &Html, a: NodeId, b: NodeId) -> bool {
    let Some(a) = doc.tree.get(a) else {
        return false;
    };
    let Some(b) = doc.tree.get(b) else {
        return false;
    };
    let above: Vec<NodeId> = a.ancestors().take(6).map(|n| n.id()).collect();
    b.ancestors().any(|n| above.contains(&n.id()))
}

/// Whether an element sits inside page furniture.
fn under_furniture(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .filter_map(|n| n.value().as_element())
        .filter(|e| !matches!(e.name(), "html" | "body"))
        .any(|e| is_furniture(e) || is_skipped_tag(e.name()))
}

/// The share of link text among the blocks under each element.
fn link_density_by_element(blocks: &[Block]) -> HashMap<NodeId, f64> {
    let mut sums: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for b in blocks {
        let chars = b.chars();
        for id in &b.ancestors {
            let e = sums.entry(*id).or_insert((0, 0));
            e.0 += b.link_chars;
            e.1 += chars;
        }
    }
    sums.into_iter()
        .map(|(id, (links, chars))| (id, links as f64 / chars.max(1) as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> Result<String, Missing> {
        main_text(&Html::parse_document(html))
    }

    const STORY: &str = "<p>The council voted on Tuesday night to close the old swimming baths, \
        ending a campaign that had run for more than a decade in the town.</p>\
        <p>Residents who had gathered outside the hall said they would appeal, and a petition \
        with four thousand names has already been sent to the regional office.</p>\
        <p>The leader of the council, speaking after the vote, said the building was no longer \
        safe, and that a new pool would open within three years on the edge of town.</p>";

    #[test]
    fn keeps_paragraphs_and_drops_furniture() {
        let html = format!(
            "<html><body><header><a href='/'>Home</a> <a href='/news'>News</a></header>\
             <nav><ul><li><a href='/a'>Sport</a></li><li><a href='/b'>Weather</a></li></ul></nav>\
             <article><h1>Baths to close</h1><div class='share-bar'>Share on Facebook</div>\
             <div class='article-body'>{STORY}</div>\
             <div class='related-links'><h3>Related</h3><ul>\
             <li><a href='/c'>Library hours cut again after budget review</a></li>\
             <li><a href='/d'>New bus route to the hospital starts next month</a></li></ul></div>\
             </article><div id='comments'><p>What a shame, I learned to swim there as a child \
             and so did my own children.</p></div>\
             <div class='cookie-notice'>We use cookies to improve your experience, accept?</div>\
             <footer>Copyright the paper</footer></body></html>"
        );
        let body = text(&html).unwrap();
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3, "{body}");
        assert!(paragraphs[0].starts_with("The council voted"));
        assert!(paragraphs[2].ends_with("edge of town."));
        for gone in [
            "Home",
            "Sport",
            "Share",
            "Library",
            "swim there",
            "cookies",
            "Copyright",
        ] {
            assert!(!body.contains(gone), "{gone} in {body}");
        }
    }

    #[test]
    fn drops_captions_bylines_and_newsletter_boxes() {
        let html = format!(
            "<body><div class='story'>\
             <div class='byline'>By Ann Lee, Local Reporter</div>\
             <figure><img src='x.jpg'><figcaption>The baths in 1960. Photo: archive</figcaption></figure>\
             {STORY}\
             <div class='newsletter-signup'><p>Get the morning briefing in your inbox every day, \
             free, from our newsroom.</p></div>\
             <p>Advertisement</p></div></body>"
        );
        let body = text(&html).unwrap();
        assert!(body.starts_with("The council voted"), "{body}");
        for gone in ["Ann Lee", "1960", "briefing", "Advertisement"] {
            assert!(!body.contains(gone), "{gone} in {body}");
        }
    }

    #[test]
    fn inline_markup_does_not_split_words_or_paragraphs() {
        let html = "<body><div><p>Tick<b>et</b> prices rose by <a href='/x'>a third</a> \
            this year, the operator said, blaming fuel and staff costs for the change.</p>\
            <p>Passengers' groups said the rise would push people back into their cars, and \
            asked the minister to step in before the new fares start in spring.</p></div></body>";
        let body = text(html).unwrap();
        assert!(body.starts_with("Ticket prices rose by a third this year"));
        assert_eq!(body.matches("\n\n").count(), 1);
    }

    #[test]
    fn a_page_of_links_is_no_article() {
        let mut html = String::from("<body><ul>");
        for i in 0..40 {
            html.push_str(&format!(
                "<li><a href='/s{i}'>Headline number {i} of the day</a></li>"
            ));
        }
        html.push_str("</ul></body>");
        assert!(text(&html).is_err());
    }

    #[test]
    fn a_short_page_is_no_article() {
        assert_eq!(
            text("<body><h1>Not found</h1><p>Sorry, that page is gone.</p></body>"),
            Err(Missing::TooShort(0))
        );
    }
}
