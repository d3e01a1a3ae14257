//! Reading saved news web pages: HTML bytes in, an article out (its text
//! as a reader sees it, paragraphs kept, and its metadata), or the reason
//! the page holds no article.
//!
//! [`read_page`] is the whole surface. Decoding the bytes is `decode`'s
//! job, the metadata `meta`'s, the story's text `body`'s. Finding files and
//! turning a [`Page`] into an indexed article belong to the archive reader.

mod body;
mod decode;
mod meta;

use scraper::Html;
use time::OffsetDateTime;

/// An article read out of a web page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Headline, without the outlet's name around it.
    pub title: String,
    /// The story, one paragraph per line, blank lines between paragraphs.
    pub body: String,
    /// Publication time, when the page states one.
    pub published: Option<OffsetDateTime>,
    /// The outlet (`og:site_name`, JSON-LD `publisher`).
    pub site_name: Option<String>,
    /// The authors' names, in the page's order.
    pub authors: Vec<String>,
    /// The article's address: canonical link, `og:url`, else the hint.
    pub url: Option<String>,
    /// The page's language as `<html lang>` gives it (`en`, `en-GB`).
    pub language: Option<String>,
}

/// Why a page was not read as an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoArticle {
    /// Nothing that parses as an HTML page.
    #[error("not an HTML page")]
    NotHtml,
    /// The page says it is an error page (`404`, `Page not found`).
    #[error("an error page ({0})")]
    ErrorPage(String),
    /// Most of the page's text is links: an index or section page.
    #[error("a page of links (an index or section page)")]
    Links,
    /// The best candidate for the story is too short to be one.
    #[error("too little text ({0} words)")]
    TooShort(usize),
}

/// Reads a saved web page. `url_hint` is the address it was saved from,
/// when known; the page's own canonical address wins over it.
pub fn read_page(html: &[u8], url_hint: Option<&str>) -> Result<Page, NoArticle> {
    let text = decode::decode(html);
    if !looks_like_html(&text) {
        return Err(NoArticle::NotHtml);
    }
    let doc = Html::parse_document(&text);
    let meta = meta::read_meta(&doc, url_hint);
    let body = with_structured_body(body::main_text(&doc), meta.article_body.as_deref());
    if let Some(reason) = error_page(&meta, body.as_ref().ok()) {
        return Err(NoArticle::ErrorPage(reason));
    }
    let body = body.map_err(|m| match m {
        body::Missing::TooShort(words) => NoArticle::TooShort(words),
        body::Missing::Links => NoArticle::Links,
    })?;
    Ok(Page {
        title: meta.title.unwrap_or_default(),
        body,
        published: meta.published,
        site_name: meta.site_name,
        authors: meta.authors,
        url: meta.url,
        language: meta.language,
    })
}

/// The story's text from the page, or from the JSON-LD `articleBody` when
/// the page's own text is missing or much shorter (a page that fills its
/// story in with scripts).
fn with_structured_body(
    found: Result<String, body::Missing>,
    structured: Option<&str>,
) -> Result<String, body::Missing> {
    let Some(structured) = structured else {
        return found;
    };
    let structured = if structured.contains('<') {
        body::fragment_text(structured)
    } else {
        structured
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let words = |t: &str| t.split_whitespace().count();
    let enough = structured.chars().filter(|c| c.is_alphanumeric()).count() >= body::MIN_LETTERS;
    match &found {
        Ok(text) if words(text) * 2 >= words(&structured) => found,
        _ if enough => Ok(structured),
        _ => found,
    }
}

/// Whether the text has any tag at all near its start.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype")
        || head.contains("<head")
        || head.contains("<body")
        || head.contains("<p")
        || head.contains("<div")
        || head.contains("<meta")
}

/// The error a page's title announces, when its text is short enough for
/// it to be an error page rather than a story about one.
fn error_page(meta: &meta::Meta, body: Option<&String>) -> Option<String> {
    let title = meta.document_title.as_deref().or(meta.title.as_deref())?;
    let lower = title.to_lowercase();
    let said = [
        "404",
        "page not found",
        "not found",
        "page unavailable",
        "error 410",
        "410 gone",
    ]
    .into_iter()
    .find(|s| lower.contains(s))?;
    let words = body.map_or(0, |b| b.split_whitespace().count());
    (words < 150 && !meta.says_article).then(|| said.to_string())
}
