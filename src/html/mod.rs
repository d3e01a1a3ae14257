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

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "<p>The night ferry left the harbour an hour late on Friday, after \
        a crane on the quay broke down while loading the last lorries.</p>\
        <p>Passengers said they were told little, and some waited in their cars on the \
        deck for most of the delay, with the cafe closed and the lights dimmed.</p>\
        <p>The operator apologised on Saturday and said every passenger would be offered \
        a refund of half the fare, or a free crossing before the end of the year.</p>";

    #[test]
    fn reads_a_whole_page() {
        let html = format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
            <title>Ferry delayed by broken crane - Harbour Herald</title>
            <meta property="og:site_name" content="Harbour Herald">
            <meta property="article:published_time" content="2020-01-10T09:30:00Z">
            <meta name="author" content="Eve North">
            <link rel="canonical" href="https://harbourherald.example/ferry-delay">
            </head><body><nav><a href="/">Home</a></nav>
            <article><h1>Ferry delayed by broken crane</h1>{STORY}</article>
            <footer>All rights reserved</footer></body></html>"#
        );
        let page = read_page(html.as_bytes(), None).unwrap();
        assert_eq!(page.title, "Ferry delayed by broken crane");
        assert_eq!(page.body.split("\n\n").count(), 3, "{}", page.body);
        assert!(!page.body.contains("Ferry delayed"), "headline repeated");
        assert_eq!(page.site_name.as_deref(), Some("Harbour Herald"));
        assert_eq!(page.authors, ["Eve North"]);
        assert_eq!(
            page.url.as_deref(),
            Some("https://harbourherald.example/ferry-delay")
        );
        assert_eq!(page.language.as_deref(), Some("en"));
        assert_eq!(
            page.published.map(crate::date::format_rfc3339).as_deref(),
            Some("2020-01-10T09:30:00Z")
        );
    }

    #[test]
    fn windows_1252_page_is_decoded() {
        let mut html =
            b"<html><head><meta charset=windows-1252><title>Quay</title></head><body><div>"
                .to_vec();
        html.extend_from_slice(STORY.as_bytes());
        html.extend_from_slice(b"<p>The captain called it a \x93bad night\x94 for everyone.</p>");
        html.extend_from_slice(b"</div></body></html>");
        let page = read_page(&html, None).unwrap();
        assert!(page
            .body
            .contains("a \u{201c}bad night\u{201d} for everyone"));
    }

    #[test]
    fn error_page_is_no_article() {
        let html = "<html><head><title>404 - Page not found</title></head><body>\
            <h1>Page not found</h1><p>The page you were looking for has moved, or it never \
            existed at all. Try the search box above, or start again from the front page of \
            the site, where the latest stories are listed every morning.</p></body></html>";
        assert!(matches!(
            read_page(html.as_bytes(), None),
            Err(NoArticle::ErrorPage(_))
        ));
    }

    #[test]
    fn script_filled_page_is_read_from_json_ld() {
        let html = r#"<html><head><script type="application/ld+json">
            {"@type":"NewsArticle","headline":"Crane repaired",
             "articleBody":"Engineers repaired the crane on the quay overnight, and the first ferry of the morning left on time.\nThe operator said the crane would be replaced in the spring, when the harbour closes for two weeks of work and the boats sail from the old pier instead."}
            </script></head><body><div id="app">Loading…</div></body></html>"#;
        let page = read_page(html.as_bytes(), Some("https://q.example/crane")).unwrap();
        assert_eq!(page.title, "Crane repaired");
        assert_eq!(page.body.split("\n\n").count(), 2);
        assert_eq!(page.url.as_deref(), Some("https://q.example/crane"));
    }

    #[test]
    fn bytes_that_are_not_html_are_no_article() {
        assert_eq!(read_page(b"just some words", None), Err(NoArticle::NotHtml));
        assert_eq!(read_page(b"", None), Err(NoArticle::NotHtml));
    }
}
