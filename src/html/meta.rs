//! A page's metadata: title, publication date, outlet, authors, address
//! and language, from the places publishers put them (Open Graph and other
//! `<meta>` tags, JSON-LD, `<link rel=canonical>`, `<time>`, `<h1>`,
//! `<title>`, `<html lang>`).
//!
//! JSON-LD is read once here and its article object kept, so that the body
//! extraction may use its `articleBody` as a hint. Finding the article's
//! text in the page is not this file's job (see `body`).

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use time::OffsetDateTime;

use crate::date::parse_date;

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub published: Option<OffsetDateTime>,
    pub site_name: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The JSON-LD `articleBody`, when the page has one.
    pub article_body: Option<String>,
    /// Whether anything marks the page as an article (`og:type` article,
    /// a JSON-LD article object, `article:published_time`).
    pub says_article: bool,
    /// `<title>` as it is, for telling error pages.
    pub document_title: Option<String>,
}

/// `<meta>` names and properties that give the publication time, in the
/// order they are trusted.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "article.published",
    "og:updated_time",
    "article:modified_time",
];

/// The metadata of a parsed page.
pub(crate) fn read_meta(doc: &Html, url_hint: Option<&str>) -> Meta {
    let metas = meta_tags(doc);
    let get = |key: &str| -> Option<&str> {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let ld = json_ld_article(doc);
    let ld_str = |key: &str| -> Option<String> {
        ld.as_ref()
            .and_then(|o| o.get(key))
            .and_then(text_of)
            .filter(|s| !s.is_empty())
    };

    let site_name = get("og:site_name").map(clean).or_else(|| {
        ld.as_ref()
            .and_then(|o| o.get("publisher"))
            .and_then(name_of)
    });
    let url = link_canonical(doc)
        .or_else(|| get("og:url").map(str::to_string))
        .or_else(|| url_hint.map(str::to_string));
    let document_title = first_text(doc, "title");
    // A title that is only the outlet's name says nothing of the story.
    let not_site = |t: &String| site_name.as_deref().is_none_or(|s| squash(s) != squash(t));
    let raw_title = get("og:title")
        .map(clean)
        .filter(not_site)
        .or_else(|| get("twitter:title").map(clean).filter(not_site))
        .or_else(|| ld_str("headline").map(|s| clean(&s)))
        .or_else(|| first_text(doc, "h1"))
        .or_else(|| document_title.clone());
    let title = raw_title
        .map(|t| strip_site(&t, site_name.as_deref(), url.as_deref()))
        .filter(|t| !t.is_empty());

    let published = DATE_META
        .iter()
        .take(2)
        .find_map(|k| get(k).and_then(parse_date))
        .or_else(|| ld_str("datePublished").and_then(|s| parse_date(&s)))
        .or_else(|| {
            let sel = Selector::parse("time[datetime]").ok()?;
            doc.select(&sel)
                .find_map(|t| t.value().attr("datetime").and_then(parse_date))
        })
        .or_else(|| {
            DATE_META
                .iter()
                .skip(2)
                .find_map(|k| get(k).and_then(parse_date))
        })
        .or_else(|| ld_str("dateCreated").and_then(|s| parse_date(&s)))
        .or_else(|| ld_str("dateModified").and_then(|s| parse_date(&s)));

    let mut authors = ld
        .as_ref()
        .and_then(|o| o.get("author"))
        .map(names_of)
        .unwrap_or_default();
    if authors.is_empty() {
        for (k, v) in &metas {
            if (k == "author" || k == "article:author" || k == "dc.creator") && !v.contains("://") {
                authors.extend(split_names(v));
            }
        }
    }
    // Outlets name themselves as authors too; they are the site, not a writer.
    let mut seen = std::collections::HashSet::new();
    authors.retain(|a| {
        site_name.as_deref().is_none_or(|s| squash(s) != squash(a)) && seen.insert(a.to_lowercase())
    });

    let language = doc
        .root_element()
        .value()
        .attr("lang")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    let og_type = get("og:type").unwrap_or("").to_ascii_lowercase();
    let says_article =
        og_type == "article" || ld.is_some() || get("article:published_time").is_some();
    let article_body = ld_str("articleBody");

    Meta {
        title,
        published,
        site_name,
        authors,
        url,
        language,
        article_body,
        says_article,
        document_title,
    }
}

/// Every `<meta>` tag's key (`property`, `name` or `itemprop`, lowercased)
/// and `content`, in page order.
fn meta_tags(doc: &Html) -> Vec<(String, String)> {
    let Ok(sel) = Selector::parse("meta[content]") else {
        return Vec::new();
    };
    doc.select(&sel)
        .filter_map(|m| {
            let e = m.value();
            let key = e
                .attr("property")
                .or_else(|| e.attr("name"))
                .or_else(|| e.attr("itemprop"))?;
            Some((
                key.trim().to_ascii_lowercase(),
                e.attr("content")?.trim().to_string(),
            ))
        })
        .collect()
}

fn link_canonical(doc: &Html) -> Option<String> {
    let sel = Selector::parse("link[rel][href]").ok()?;
    doc.select(&sel)
        .find(|l| {
            l.value().attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|l| l.value().attr("href"))
        .map(str::trim)
        .filter(|h| h.starts_with("http"))
        .map(str::to_string)
}

/// The text of the first element matching `selector`, whitespace collapsed.
fn first_text(doc: &Html, selector: &str) -> Option<String> {
    let sel = Selector::parse(selector).ok()?;
    doc.select(&sel)
        .map(|e: ElementRef<'_>| clean(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// Collapses runs of whitespace and trims.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Separators between a headline and the outlet's name.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "];

/// A title without the outlet's name before or after it (`Headline | The
/// Outlet`, `The Outlet - Headline`). A part is taken for the outlet's name
/// when it matches the site name or the address's domain; failing that, the
/// last part after ` | ` when it is short.
fn strip_site(title: &str, site: Option<&str>, url: Option<&str>) -> String {
    let names: Vec<String> = [site.map(squash), url.and_then(domain).map(|d| squash(&d))]
        .into_iter()
        .flatten()
        .filter(|n| n.len() >= 2)
        .collect();
    let is_site = |part: &str| {
        let p = squash(part);
        !p.is_empty()
            && names
                .iter()
                .any(|n| *n == p || (p.len() >= 3 && (n.contains(&p) || p.contains(n.as_str()))))
    };
    let mut title = title.trim().to_string();
    for _ in 0..2 {
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some((head, tail)) = title.rsplit_once(sep) {
                if is_site(tail) && !head.trim().is_empty() {
                    title = head.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some((head, tail)) = title.split_once(sep) {
                if is_site(head) && !tail.trim().is_empty() {
                    title = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    if let Some((head, tail)) = title.rsplit_once(" | ") {
        if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
            title = head.trim().to_string();
        }
    }
    title
}

/// Letters and digits only, lowercased: `The Guardian` and `theguardian`
/// compare equal.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The registered part of a URL's host, roughly: `www.theguardian.com` →
/// `theguardian`.
fn domain(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#', ':'])
        .next()?;
    let parts: Vec<&str> = host.split('.').filter(|p| !p.is_empty()).collect();
    let skip = ["www", "com", "co", "org", "net", "uk", "news", "m", "amp"];
    parts
        .iter()
        .rev()
        .skip(1)
        .find(|p| !skip.contains(p))
        .map(|p| p.to_string())
}

/// The article object of the page's JSON-LD: the first object whose
/// `@type` is an article type, looked for through arrays and `@graph`.
fn json_ld_article(doc: &Html) -> Option<serde_json::Map<String, Value>> {
    let sel = Selector::parse("script[type]").ok()?;
    for script in doc.select(&sel) {
        let kind = script.value().attr("type").unwrap_or("");
        if !kind.trim().eq_ignore_ascii_case("application/ld+json") {
            continue;
        }
        let raw: String = script.text().collect();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_end_matches("//]]>");
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        if let Some(found) = find_article(&value, 0) {
            return Some(found.clone());
        }
    }
    None
}

fn find_article(value: &Value, depth: usize) -> Option<&serde_json::Map<String, Value>> {
    if depth > 6 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|v| find_article(v, depth + 1)),
        Value::Object(map) => {
            if map.get("@type").is_some_and(is_article_type) {
                return Some(map);
            }
            map.get("@graph")
                .or_else(|| map.get("mainEntity"))
                .and_then(|v| find_article(v, depth + 1))
        }
        _ => None,
    }
}

fn is_article_type(kind: &Value) -> bool {
    let one = |s: &str| {
        let s = s.rsplit('/').next().unwrap_or(s);
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting"
                    | "Report"
                    | "ReportageNews"
                    | "LiveBlogPosting"
                    | "SocialMediaPosting"
            )
    };
    match kind {
        Value::String(s) => one(s),
        Value::Array(items) => items.iter().any(|v| v.as_str().is_some_and(one)),
        _ => false,
    }
}

/// A string value, or the first string of an array.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Array(items) => items.iter().find_map(text_of),
        _ => None,
    }
}

/// The `name` of an object (or the string itself).
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty() && !s.contains("://")),
        Value::Object(map) => map.get("name").and_then(name_of),
        Value::Array(items) => items.iter().find_map(name_of),
        _ => None,
    }
}

/// Every name in a JSON-LD `author`: a string, an object, or a list.
fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(names_of).collect(),
        Value::String(s) if !s.contains("://") => split_names(s),
        Value::Object(map) => map.get("name").map(names_of).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `By Ann Lee and Bo Chan` → `Ann Lee`, `Bo Chan`.
fn split_names(text: &str) -> Vec<String> {
    let text = clean(text);
    let text = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("by "))
        .unwrap_or(&text);
    text.split([',', ';', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> Meta {
        read_meta(&Html::parse_document(html), None)
    }

    #[test]
    fn open_graph_title_loses_the_site_suffix() {
        let m = meta(
            r#"<html lang="en-GB"><head>
            <meta property="og:title" content="Harbour bridge reopens after repairs | The Daily Tide">
            <meta property="og:site_name" content="The Daily Tide">
            <meta property="og:url" content="https://www.dailytide.example/news/bridge">
            </head><body></body></html>"#,
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Harbour bridge reopens after repairs")
        );
        assert_eq!(m.site_name.as_deref(), Some("The Daily Tide"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://www.dailytide.example/news/bridge")
        );
        assert_eq!(m.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn dash_suffix_matching_the_domain_goes_but_a_dash_in_the_headline_stays() {
        assert_eq!(
            strip_site(
                "Mayor resigns - Northern Echo",
                None,
                Some("https://northernecho.example/a")
            ),
            "Mayor resigns"
        );
        assert_eq!(
            strip_site(
                "Budget 2020 - what it means for you",
                None,
                Some("https://x.example/")
            ),
            "Budget 2020 - what it means for you"
        );
        assert_eq!(
            strip_site(
                "Valley Post – Floods close the ring road",
                Some("Valley Post"),
                None
            ),
            "Floods close the ring road"
        );
    }

    #[test]
    fn title_falls_back_to_h1_then_title() {
        let m = meta("<title>Rain at last | Weekly Farmer</title><h1>  Rain at\n last </h1>");
        assert_eq!(m.title.as_deref(), Some("Rain at last"));
        let m = meta("<title>Rain at last | Weekly Farmer</title>");
        assert_eq!(m.title.as_deref(), Some("Rain at last"));
    }

    #[test]
    fn json_ld_gives_date_authors_publisher_and_headline() {
        let m = meta(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Ignored"},
              {"@type":"NewsArticle","headline":"Ferry strike called off",
               "datePublished":"2020-03-04T08:15:00+01:00",
               "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"}],
               "publisher":{"@type":"Organization","name":"Coast Courier"},
               "articleBody":"The strike is off."}]}</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Ferry strike called off"));
        assert_eq!(m.authors, ["Ann Lee", "Bo Chan"]);
        assert_eq!(m.site_name.as_deref(), Some("Coast Courier"));
        assert_eq!(
            m.published.map(crate::date::format_rfc3339).as_deref(),
            Some("2020-03-04T07:15:00Z")
        );
        assert_eq!(m.article_body.as_deref(), Some("The strike is off."));
        assert!(m.says_article);
    }

    #[test]
    fn meta_date_and_author_and_time_element() {
        let m = meta(
            r#"<meta property="article:published_time" content="2019-11-02T10:00:00Z">
            <meta name="author" content="By Cara Diaz and Dev Patel">"#,
        );
        assert_eq!(m.authors, ["Cara Diaz", "Dev Patel"]);
        let site_page = meta(
            r#"<meta property="og:site_name" content="Hill Gazette">
            <meta property="og:title" content="Hill Gazette"><h1>Snow closes the pass</h1>
            <meta name="author" content="Fay Moss, Hill Gazette">"#,
        );
        assert_eq!(site_page.title.as_deref(), Some("Snow closes the pass"));
        assert_eq!(site_page.authors, ["Fay Moss"]);
        assert!(m.published.is_some());
        let m = meta(r#"<p>Posted <time datetime="2018-05-06T12:00:00Z">May 6</time></p>"#);
        assert_eq!(
            m.published.map(crate::date::format_rfc3339).as_deref(),
            Some("2018-05-06T12:00:00Z")
        );
    }

    #[test]
    fn canonical_link_beats_og_url_and_no_lang_is_none() {
        let m = meta(
            r#"<link rel="canonical" href="https://a.example/story"><meta property="og:url" content="https://a.example/other">"#,
        );
        assert_eq!(m.url.as_deref(), Some("https://a.example/story"));
        assert_eq!(m.language, None);
    }
}
