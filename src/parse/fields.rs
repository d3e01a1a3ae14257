//! Records with named fields (a JSON object, a JSON Lines line, a CSV row)
//! to articles: the field names that news tools write (newspaper3k and
//! newspaper4k, trafilatura, Media Cloud, news-please, and plain ones such
//! as `title`, `body`, `date`), byline strings split into names, language
//! tags cut to their language, and outlet fields that hold a web address
//! or a domain kept apart as the article's site.
//!
//! It does not know which outlet a domain belongs to: that is the outlet
//! lists' job ([`crate::extract`]), which map [`Article::site`] to a listed
//! outlet or to none.

use std::path::Path;

use serde_json::{Map, Value};

use super::{finish, problem, Article, FileOutcome, ProblemKind};
use crate::date::parse_date;

/// Fields holding the headline, in order of preference.
const TITLE: &[&str] = &["title", "headline", "article_title", "name", "title_page"];
/// Fields holding the text.
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "maintext",
    "text_content",
    "raw_text",
    "article",
    "description",
];
/// Fields holding the publication time.
const DATE: &[&str] = &[
    "published",
    "date",
    "date_publish",
    "publish_date",
    "publication_date",
    "pubdate",
    "pubDate",
    "published_at",
    "datetime",
    "timestamp",
];
/// Fields holding the article's address. trafilatura's `source` is one
/// too when it holds an address (see [`OUTLET`]).
const URL: &[&str] = &["url", "link", "href", "canonical_url"];
/// Fields naming the outlet, or its web site: a value that is an address
/// or a domain gives [`Article::site`], any other the outlet's name.
const OUTLET: &[&str] = &[
    "source",
    "publisher",
    "outlet",
    "media_name",
    "meta_site_name",
    "sitename",
    "site_name",
    "site",
    "agency",
    "source_domain",
    "canonical_domain",
    "hostname",
    "source-hostname",
];
/// Fields holding the byline.
const AUTHORS: &[&str] = &["authors", "author", "byline", "creator"];
/// Fields holding the language.
const LANGUAGE: &[&str] = &["language", "lang", "meta_lang"];
/// Fields holding the record's own identifier.
const ID: &[&str] = &["id", "_id", "guid", "uuid", "stories_id"];

/// Turns one record into an article and hands it on, or reports why it
/// holds none. `position` is its line (JSON Lines, CSV) or element (JSON
/// array); `what` says which (`line`, `row`, `element`, `document`).
pub(super) fn record(
    path: &Path,
    position: Option<usize>,
    value: Value,
    what: &str,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    let line = if what == "line" || what == "row" {
        position
    } else {
        None
    };
    let cost = match position {
        None => ProblemKind::FileSkipped,
        Some(_) => ProblemKind::RecordSkipped,
    };
    let Value::Object(mut map) = value else {
        let message = match position {
            Some(n) if what == "element" => {
                format!("array element {n} is not a JSON object; skipped")
            }
            _ => "not a JSON object; skipped".to_string(),
        };
        outcome.problems.push(problem(path, line, &message, cost));
        return;
    };
    let mut article = article_from_meta(path, position, &map);
    article.title = field_str(&map, TITLE).unwrap_or_default();
    article.body = take_str(&mut map, BODY).unwrap_or_default();
    if article.title.is_empty() && article.body.is_empty() {
        let message = match position {
            Some(n) if what == "element" => {
                format!("array element {n} has no title and no text; skipped")
            }
            _ => "record has no title and no text; skipped".to_string(),
        };
        outcome.problems.push(problem(path, line, &message, cost));
        return;
    }
    outcome.articles += 1;
    finish(&mut article);
    emit(article);
}

/// The first non-empty string (or number) among `keys`.
pub(super) fn field_str(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| value_str(map.get(*key)?))
}

/// [`field_str`], moving the string out of the record rather than copying
/// it (a record's text can be most of its size).
fn take_str(map: &mut Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match map.get_mut(*key)? {
        Value::String(s) => {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                None
            } else if trimmed.len() == s.len() {
                Some(std::mem::take(s))
            } else {
                Some(trimmed.to_string())
            }
        }
        other => value_str(other),
    })
}

fn value_str(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Value::Object(inner) => field_str(inner, &["name", "title", "value"])?,
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// The article's metadata from a record's fields (title and text apart).
pub(super) fn article_from_meta(
    path: &Path,
    position: Option<usize>,
    map: &Map<String, Value>,
) -> Article {
    let mut url = field_str(map, URL);
    let mut source = None;
    let mut site = None;
    for key in OUTLET {
        let Some(value) = map.get(*key).and_then(value_str) else {
            continue;
        };
        match web_host(&value) {
            Some(host) => {
                // trafilatura's `source` is the page's address.
                if url.is_none() && value.contains("://") {
                    url = Some(value.clone());
                }
                site.get_or_insert(host);
            }
            None => {
                source.get_or_insert(value);
            }
        }
    }
    if site.is_none() {
        site = url.as_deref().and_then(web_host);
    }
    Article {
        path: path.to_path_buf(),
        record: position,
        id: field_str(map, ID),
        title: String::new(),
        body: String::new(),
        published: field_str(map, DATE).and_then(|d| parse_date(&d)),
        url,
        source,
        site,
        authors: AUTHORS
            .iter()
            .find_map(|key| {
                let names = authors(map.get(*key)?);
                (!names.is_empty()).then_some(names)
            })
            .unwrap_or_default(),
        language: field_str(map, LANGUAGE).and_then(|l| crate::language::from_tag(&l)),
    }
}

/// The host of a web address (`https://www.azernews.az/x` gives
/// `azernews.az`) or a bare domain (`Trend.az`, `apnews.com`), lowercased
/// and without `www.`; `None` for anything else, such as an outlet's name
/// (`Trend`, `The Associated Press`).
pub fn web_host(value: &str) -> Option<String> {
    let value = value.trim();
    let host = match value.split_once("://") {
        Some((scheme, rest)) if scheme.chars().all(|c| c.is_ascii_alphanumeric()) => rest,
        Some(_) => return None,
        None => value,
    };
    let host = host.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last()?;
    let is_domain = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    if !is_domain {
        return None;
    }
    let host = host.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The names of a byline: a list of names, or one string such as
/// `By Ann Lee and Tom Marsh`, `Ann Lee, Tom Marsh` or `Ann Lee; Tom Marsh`.
pub(super) fn authors(value: &Value) -> Vec<String> {
    let mut names = Vec::new();
    match value {
        Value::String(s) => split_byline(s, &mut names),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => split_byline(s, &mut names),
                    Value::Object(inner) => {
                        if let Some(name) = field_str(inner, &["name", "title"]) {
                            split_byline(&name, &mut names);
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Object(inner) => {
            if let Some(name) = field_str(inner, &["name", "title"]) {
                split_byline(&name, &mut names);
            }
        }
        _ => {}
    }
    names
}

/// Splits a byline at commas, semicolons, ` and ` and ` & `, dropping a
/// leading `By`.
pub(crate) fn split_byline(byline: &str, names: &mut Vec<String>) {
    let byline = byline.trim();
    let byline = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| byline.strip_prefix(p))
        .unwrap_or(byline);
    for part in byline.split([',', ';', '|']) {
        for name in part.split(" and ").flat_map(|p| p.split(" & ")) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(value: Value) -> Article {
        let Value::Object(map) = value else { panic!() };
        article_from_meta(Path::new("a.json"), None, &map)
    }

    #[test]
    fn newspaper_trafilatura_media_cloud_and_news_please_fields() {
        let a = meta(
            json!({"title": "T", "text": "B", "publish_date": "2017-07-17 17:03:00",
            "authors": ["Ann Lee", "Tom Marsh"], "meta_site_name": "Harbour Herald",
            "url": "https://harbourherald.example/a", "meta_lang": "en"}),
        );
        assert_eq!(a.source.as_deref(), Some("Harbour Herald"));
        assert_eq!(a.site.as_deref(), Some("harbourherald.example"));
        assert_eq!(a.authors, ["Ann Lee", "Tom Marsh"]);
        assert_eq!(a.language.as_deref(), Some("en"));
        assert!(a.published.is_some());

        // trafilatura: `source` is the page's address, `hostname` a domain.
        let a = meta(json!({"raw_text": "B", "hostname": "azernews.az",
            "source": "https://www.azernews.az/nation/1.html", "author": "By Ann Lee and Tom Marsh",
            "date": "2025-07-18", "language": "en-GB"}));
        assert_eq!(a.source, None);
        assert_eq!(a.site.as_deref(), Some("azernews.az"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.azernews.az/nation/1.html")
        );
        assert_eq!(a.authors, ["Ann Lee", "Tom Marsh"]);
        assert_eq!(a.language.as_deref(), Some("en"));

        // Media Cloud: the outlet's name may be its domain.
        let a = meta(json!({"article_title": "T", "media_name": "apnews.com",
            "publication_date": "2024-03-01T10:00:00Z"}));
        assert_eq!((a.source, a.site.as_deref()), (None, Some("apnews.com")));
        assert!(a.published.is_some());

        // news-please.
        let a = meta(
            json!({"title": "T", "maintext": "B", "source_domain": "www.reuters.com",
            "date_publish": "2024-12-26 21:09:18", "authors": "Ann Lee, Tom Marsh"}),
        );
        assert_eq!(a.site.as_deref(), Some("reuters.com"));
        assert_eq!(a.authors, ["Ann Lee", "Tom Marsh"]);
    }

    #[test]
    fn web_hosts_and_outlet_names_are_told_apart() {
        assert_eq!(web_host("Trend.az").as_deref(), Some("trend.az"));
        assert_eq!(
            web_host("https://www.azernews.az/a?b").as_deref(),
            Some("azernews.az")
        );
        assert_eq!(web_host("Trend"), None);
        assert_eq!(web_host("The Associated Press"), None);
        assert_eq!(web_host("Caliber.Az news"), None);
        assert_eq!(web_host("1.5"), None);
    }

    #[test]
    fn language_tags_give_their_language() {
        use crate::language::from_tag as language_code;
        assert_eq!(language_code("en-GB").as_deref(), Some("en"));
        assert_eq!(language_code("RU").as_deref(), Some("ru"));
        assert_eq!(language_code("english").as_deref(), Some("en"));
        assert_eq!(language_code("n/a"), None);
    }
}
