//! The HTML pages: the search page (`/?q=...`, the parameters of
//! `newsdex search`) with its facet sidebar, timeline and hits, and the
//! article page (`/article/ID`) with the speakers and sources marked where
//! the text names them. Every state is in the URL; every text from an
//! article or a request is escaped ([`super::markup`]).

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::chart;
use super::markup::{attr, marked, text, web_address};
use super::{article_id, blocking, params, Id, Shared, WebError};
use crate::archive::ShownArticle;
use crate::extract::Field;
use crate::facets::FacetCount;
use crate::histogram::Interval;
use crate::output::plural;
use crate::request::{value_name, SearchParams};
use crate::search::{Hit, Matches, Series, SortOrder};

/// The timeline's periods when none is asked for; years when months
/// would be too many bars.
const DEFAULT_INTERVAL: Interval = Interval::Month;
const MOST_BARS: usize = 60;

fn html(status: axum::http::StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The frame of every page: the search form (holding `params`) and `main`.
fn page(title: &str, params: &SearchParams, main: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{}</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
<link rel=\"stylesheet\" href=\"/assets/style.css\"><script src=\"/assets/app.js\" defer></script></head><body>",
        text(title)
    );
    out.push_str("<header><a class=\"home\" href=\"/\">newsdex</a>");
    out.push_str(&form(params));
    out.push_str("</header>");
    out.push_str(main);
    out.push_str("</body></html>");
    out
}

/// The search form: the query, said-by, dates and sort, with the other
/// filters kept as hidden fields so that a new query keeps them.
fn form(params: &SearchParams) -> String {
    let mut out =
        String::from("<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">");
    let q = if params.q == "*" {
        ""
    } else {
        params.q.as_str()
    };
    let _ = write!(
        out,
        "<input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" placeholder=\"words, &quot;a phrase&quot;, OR, -word, title:word (press / to type)\" aria-label=\"query\" autocomplete=\"off\">",
        attr(q)
    );
    for (name, values) in [
        ("source", &params.source),
        ("speaker", &params.speaker),
        ("author", &params.author),
        ("lang", &params.lang),
    ] {
        for value in values {
            let _ = write!(
                out,
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                attr(value)
            );
        }
    }
    let said = params.said_by.first().map(String::as_str).unwrap_or("");
    let _ = write!(
        out,
        "<input id=\"said_by\" name=\"said_by\" value=\"{}\" placeholder=\"said by\" aria-label=\"only what this person said\">",
        attr(said)
    );
    for extra in params.said_by.iter().skip(1) {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"said_by\" value=\"{}\">",
            attr(extra)
        );
    }
    for (name, value, hint) in [
        ("since", &params.since, "since 2024-05"),
        ("until", &params.until, "until 2024-12"),
    ] {
        let _ = write!(
            out,
            "<input class=\"date\" id=\"{name}\" name=\"{name}\" value=\"{}\" placeholder=\"{hint}\" aria-label=\"{name}\">",
            attr(value.as_deref().unwrap_or(""))
        );
    }
    out.push_str("<select id=\"sort\" name=\"sort\" aria-label=\"order\">");
    for (value, label) in [
        (SortOrder::Relevance, "best match"),
        (SortOrder::Newest, "newest"),
        (SortOrder::Oldest, "oldest"),
    ] {
        let name = value_name(value);
        let _ = write!(
            out,
            "<option value=\"{name}\"{}>{label}</option>",
            if params.sort == value {
                " selected"
            } else {
                ""
            }
        );
    }
    out.push_str("</select>");
    if let Some(interval) = params.histogram {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"histogram\" value=\"{}\">",
            value_name(interval)
        );
    }
    if !params.collapse {
        out.push_str("<input type=\"hidden\" name=\"collapse\" value=\"false\">");
    }
    if params.limit != SearchParams::default().limit {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"limit\" value=\"{}\">",
            params.limit
        );
    }
    out.push_str("<button type=\"submit\">Search</button></form>");
    out
}

/// A link to the search page with `params`.
fn link(params: &SearchParams) -> String {
    let query = params.to_query_string();
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{}", attr(&query))
    }
}

/// `params` with `value` added to the filter `name`, from the first page.
fn with_filter(params: &SearchParams, name: &str, value: &str) -> SearchParams {
    let mut next = params.clone();
    next.offset = 0;
    let list = filter_list(&mut next, name);
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
    next
}

/// `params` without `value` in the filter `name`, from the first page.
fn without_filter(params: &SearchParams, name: &str, value: &str) -> SearchParams {
    let mut next = params.clone();
    next.offset = 0;
    filter_list(&mut next, name).retain(|v| v != value);
    next
}

fn filter_list<'p>(params: &'p mut SearchParams, name: &str) -> &'p mut Vec<String> {
    match name {
        "source" => &mut params.source,
        "speaker" => &mut params.speaker,
        "said_by" => &mut params.said_by,
        "author" => &mut params.author,
        _ => &mut params.lang,
    }
}

/// An error page: the form as the user filled it, and what went wrong
/// (a query's syntax error with its caret under the problem).
pub(super) fn error(params: &SearchParams, err: WebError) -> Response {
    let mut main = format!(
        "<main class=\"alone\"><div class=\"error\" role=\"alert\"><pre>{}</pre></div>",
        text(&err.message)
    );
    if err.message.starts_with("cannot understand the query") && !params.lenient {
        let lenient = SearchParams {
            lenient: true,
            ..params.clone()
        };
        let _ = write!(
            main,
            "<p><a id=\"lenient\" href=\"{}\">Run what can be understood of it</a> (lenient=true)</p>",
            link(&lenient)
        );
    }
    main.push_str("</main>");
    html(err.status, page("newsdex: error", params, &main))
}

/// The search page.
pub(super) async fn search(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let parsed = params(&query);
    let given = parsed.as_ref().cloned().unwrap_or_else(|_| {
        // The form shows what was typed even when a parameter is wrong.
        let q = form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.chars().take(crate::request::MAX_QUERY_BYTES).collect())
            .unwrap_or_default();
        SearchParams {
            q,
            ..SearchParams::default()
        }
    });
    let result = match parsed {
        Err(err) => Err(err),
        Ok(params) => blocking(move || search_page(&shared, &params)).await,
    };
    match result {
        Ok(body) => html(axum::http::StatusCode::OK, body),
        Err(err) => error(&given, err),
    }
}

fn search_page(shared: &Shared, params: &SearchParams) -> Result<String, WebError> {
    let archive = shared.archive();
    let hits_params = SearchParams {
        histogram: None,
        all: false,
        ..params.clone()
    };
    let request = archive.request(&hits_params)?;
    let matches = archive.search(&request)?;
    let hits = archive.hits(&matches).collect::<Result<Vec<_>, _>>()?;
    let timeline = |interval| -> Result<Vec<Series>, WebError> {
        let request = archive.request(&SearchParams {
            histogram: Some(interval),
            facets: crate::search::FacetLimit::Top(1),
            ..hits_params.clone()
        })?;
        Ok(archive.search(&request)?.histogram)
    };
    let (interval, mut series) = match params.histogram {
        Some(interval) => (interval, timeline(interval)?),
        None => (DEFAULT_INTERVAL, timeline(DEFAULT_INTERVAL)?),
    };
    let mut interval = interval;
    if params.histogram.is_none() && series.iter().any(|s| s.periods.len() > MOST_BARS) {
        // Too many months for bars: the same days counted by year.
        interval = Interval::Year;
        for one in &mut series {
            one.periods = one.by(interval);
        }
    }
    let mut main =
        String::from("<div class=\"layout\"><aside class=\"facets\" aria-label=\"counts\">");
    main.push_str(&sidebar(params, &matches));
    main.push_str("</aside><main>");
    main.push_str(&notices(params, &matches));
    main.push_str(&chips(params));
    main.push_str(&summary(params, &matches, hits.len()));
    main.push_str(&timeline_section(params, &series, interval));
    main.push_str(&hit_list(params, &hits, matches.offset));
    main.push_str(&paging(params, &matches, hits.len()));
    main.push_str("</main></div>");
    let title = if params.q == "*" {
        "newsdex".to_string()
    } else {
        format!("{} - newsdex", params.q)
    };
    Ok(page(&title, params, &main))
}

fn sidebar(params: &SearchParams, matches: &Matches) -> String {
    let facets = &matches.facets;
    let mut out = String::new();
    for (title, name, counts, chosen) in [
        ("Sources", "source", &facets.sources, &params.source),
        ("Speakers", "speaker", &facets.speakers, &params.speaker),
        ("Authors", "author", &facets.authors, &params.author),
        ("Languages", "lang", &facets.languages, &params.lang),
    ] {
        if counts.is_empty() && (name == "author" || name == "lang") {
            continue;
        }
        let _ = write!(
            out,
            "<section class=\"facet\" id=\"facet-{name}\"><h2>{title}</h2><ul>"
        );
        if counts.is_empty() {
            out.push_str("<li class=\"none\">none</li>");
        }
        for FacetCount { name: value, count } in counts {
            let active = chosen.iter().any(|c| c == value);
            let target = if active {
                without_filter(params, name, value)
            } else {
                with_filter(params, name, value)
            };
            let _ = write!(
                out,
                "<li{}><a class=\"value\" href=\"{}\" title=\"{}\">{}</a> <span class=\"count\">{count}</span>",
                if active { " class=\"active\"" } else { "" },
                link(&target),
                if active { "remove this filter" } else { "only these articles" },
                text(value)
            );
            if name == "speaker" {
                let said = SearchParams {
                    said_by: vec![value.clone()],
                    offset: 0,
                    ..params.clone()
                };
                let _ = write!(
                    out,
                    " <a class=\"said\" href=\"{}\" title=\"only what {} said\">said</a>",
                    link(&said),
                    attr(value)
                );
            }
            out.push_str("</li>");
        }
        out.push_str("</ul></section>");
    }
    out
}

fn notices(params: &SearchParams, matches: &Matches) -> String {
    let mut out = String::new();
    for suggestion in &matches.suggestions {
        let mut fixed = without_filter(params, suggestion.param, &suggestion.given);
        filter_list(&mut fixed, suggestion.param).push(suggestion.name.clone());
        let _ = write!(
            out,
            "<p class=\"notice suggestion\">No {} '{}' in the index; did you mean <a href=\"{}\">{}</a>?</p>",
            suggestion.param.replace('_', " "),
            text(&suggestion.given),
            link(&fixed),
            text(&suggestion.name)
        );
    }
    let suggested: Vec<String> = matches
        .suggestions
        .iter()
        .map(|s| format!("'{}'", s.given))
        .collect();
    for message in &matches.unknown_filters {
        if suggested
            .iter()
            .any(|given| message.contains(&format!("{given} in the index; did you mean")))
        {
            continue;
        }
        let _ = write!(out, "<p class=\"notice\">{}</p>", text(message));
    }
    for warning in &matches.warnings {
        let _ = write!(out, "<p class=\"notice\">{}</p>", text(warning));
    }
    out
}

/// The filters in force, each with a link that removes it.
fn chips(params: &SearchParams) -> String {
    let mut out = String::new();
    for (label, name, values) in [
        ("source", "source", &params.source),
        ("speaker", "speaker", &params.speaker),
        ("said by", "said_by", &params.said_by),
        ("author", "author", &params.author),
        ("language", "lang", &params.lang),
    ] {
        for value in values {
            let _ = write!(
                out,
                "<a class=\"chip\" data-filter=\"{name}\" href=\"{}\" title=\"remove\">{label}: {} <span aria-hidden=\"true\">\u{d7}</span></a>",
                link(&without_filter(params, name, value)),
                text(value)
            );
        }
    }
    for (label, which) in [("since", 0), ("until", 1)] {
        let value = if which == 0 {
            &params.since
        } else {
            &params.until
        };
        if let Some(value) = value {
            let mut next = params.clone();
            if which == 0 {
                next.since = None;
            } else {
                next.until = None;
            }
            let _ = write!(
                out,
                "<a class=\"chip\" data-filter=\"{label}\" href=\"{}\" title=\"remove\">{label} {} <span aria-hidden=\"true\">\u{d7}</span></a>",
                link(&next),
                text(value)
            );
        }
    }
    if out.is_empty() {
        out
    } else {
        format!("<div class=\"chips\">{out}</div>")
    }
}

fn summary(params: &SearchParams, matches: &Matches, shown: usize) -> String {
    let mut out = String::from("<div class=\"summary\"><p id=\"total\">");
    let what = if params.said_by.is_empty() {
        String::new()
    } else {
        format!(" in which {} said it", text(&params.said_by.join(" or ")))
    };
    let _ = write!(
        out,
        "<strong>{}</strong> {}{what}",
        matches.total,
        if matches.total == 1 {
            "article matches"
        } else {
            "articles match"
        }
    );
    if let Some(folding) = matches.folding {
        if folding.folded > 0 {
            match folding.stories {
                Some(stories) => {
                    let _ = write!(
                        out,
                        " ({}; copies folded)",
                        plural(stories, "story", "stories")
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        " ({} folded)",
                        plural(folding.folded, "copy", "copies")
                    );
                }
            }
        }
    }
    if shown > 0 {
        let _ = write!(
            out,
            "; showing {} to {}",
            matches.offset + 1,
            matches.offset + shown
        );
    }
    out.push_str("</p><p class=\"export\">");
    let export = SearchParams {
        offset: 0,
        histogram: None,
        ..params.clone()
    };
    let query = export.to_query_string();
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", attr(&query))
    };
    let _ = write!(
        out,
        "export every hit: <a id=\"export-csv\" href=\"/export.csv{suffix}\">CSV</a> <a id=\"export-jsonl\" href=\"/export.jsonl{suffix}\">JSON Lines</a> \u{b7} <a href=\"/api/search{suffix}\">JSON</a>"
    );
    out.push_str("</p></div>");
    out
}

fn timeline_section(params: &SearchParams, series: &[Series], interval: Interval) -> String {
    if series.iter().all(|s| s.periods.is_empty()) {
        return String::new();
    }
    let mut out = String::from(
        "<section class=\"timeline\" aria-label=\"timeline\"><p class=\"intervals\">per ",
    );
    for choice in [
        Interval::Day,
        Interval::Week,
        Interval::Month,
        Interval::Year,
    ] {
        let name = value_name(choice);
        if choice == interval {
            let _ = write!(out, "<strong>{name}</strong> ");
        } else {
            let next = SearchParams {
                histogram: Some(choice),
                ..params.clone()
            };
            let _ = write!(out, "<a href=\"{}\">{name}</a> ", link(&next));
        }
        let _ = name;
    }
    out.push_str("<span class=\"legend\">bars: matching articles; line: their share of all articles</span></p>");
    out.push_str(&chart::timeline(series));
    out.push_str("</section>");
    out
}

fn hit_list(params: &SearchParams, hits: &[Hit], offset: usize) -> String {
    if hits.is_empty() {
        return "<p class=\"empty\">No article matches.</p>".to_string();
    }
    let mut out = format!("<ol class=\"hits\" start=\"{}\">", offset + 1);
    for hit in hits {
        let _ = write!(
            out,
            "<li class=\"hit\"><h3><a class=\"title\" href=\"/article/{}\">{}</a></h3><p class=\"meta\">",
            attr(&hit.id),
            text(if hit.title.is_empty() { "(no title)" } else { &hit.title })
        );
        let _ = write!(
            out,
            "<span class=\"date\">{}</span>",
            text(
                hit.published
                    .as_deref()
                    .map(|d| d.get(..10).unwrap_or(d))
                    .unwrap_or("undated")
            )
        );
        names(&mut out, params, "sources", "source", &hit.sources);
        names(&mut out, params, "speakers", "speaker", &hit.speakers);
        out.push_str("</p>");
        if params.said_by.is_empty() {
            let _ = write!(
                out,
                "<p class=\"snippet\">{}</p>",
                marked(&hit.snippet, &hit.highlights)
            );
        } else {
            let _ = write!(
                out,
                "<blockquote class=\"statement\"><span class=\"who\">{} said:</span> {}</blockquote>",
                text(&params.said_by.join(" or ")),
                marked(&hit.snippet, &hit.highlights)
            );
        }
        if !hit.also_published_by.is_empty() {
            out.push_str("<p class=\"also\">also published by ");
            for (i, source) in hit.also_published_by.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&text(source));
            }
            out.push_str("</p>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

/// A hit's sources or speakers, each a link that filters by it.
fn names(out: &mut String, params: &SearchParams, class: &str, param: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    let _ = write!(out, " <span class=\"{class}\">");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "<a href=\"{}\">{}</a>",
            link(&with_filter(params, param, value)),
            text(value)
        );
    }
    out.push_str("</span>");
}

fn paging(params: &SearchParams, matches: &Matches, shown: usize) -> String {
    let limit = params.limit.max(1);
    let mut out = String::from("<nav class=\"paging\">");
    if matches.offset > 0 {
        let previous = SearchParams {
            offset: matches.offset.saturating_sub(limit),
            ..params.clone()
        };
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"{}\">\u{2190} previous</a>",
            link(&previous)
        );
    }
    let next_offset = matches.offset + shown;
    let more = match matches.folding.and_then(|f| f.stories) {
        Some(stories) => (next_offset as u64) < stories,
        None => (next_offset as u64) < matches.total && shown == params.limit,
    };
    if more && next_offset <= crate::request::MAX_OFFSET {
        let next = SearchParams {
            offset: next_offset,
            ..params.clone()
        };
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"{}\">next \u{2192}</a>",
            link(&next)
        );
    }
    out.push_str("</nav>");
    out
}

/// The article page.
pub(super) async fn article(State(shared): State<Arc<Shared>>, id: Id) -> Response {
    let result = blocking(move || {
        let id = article_id(&id.0)?;
        let archive = shared.archive();
        let shown = archive.show(id, true)?;
        let statements = archive.statements(&shown.id)?;
        let similar = archive.similar(&shown.id, 5)?;
        Ok(article_page(&shown, &statements, &similar))
    })
    .await;
    match result {
        Ok(body) => html(axum::http::StatusCode::OK, body),
        Err(err) => error(&SearchParams::default(), err),
    }
}

fn article_page(
    shown: &ShownArticle,
    statements: &[(String, Vec<String>)],
    similar: &[Hit],
) -> String {
    let params = SearchParams::default();
    let mut main = String::from("<main class=\"alone article\"><article>");
    let _ = write!(
        main,
        "<h1>{}</h1><dl class=\"fields\">",
        text(if shown.title.is_empty() {
            "(no title)"
        } else {
            &shown.title
        })
    );
    let field = |main: &mut String, name: &str, value: String| {
        let _ = write!(main, "<dt>{name}</dt><dd>{value}</dd>");
    };
    field(
        &mut main,
        "published",
        text(shown.published.as_deref().unwrap_or("unknown")),
    );
    let linked = |param: &str, values: &[String], class: &str| -> String {
        values
            .iter()
            .map(|value| {
                format!(
                    "<a class=\"{class}\" href=\"{}\">{}</a>",
                    link(&with_filter(&params, param, value)),
                    text(value)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    field(
        &mut main,
        "sources",
        linked("source", &shown.sources, "source"),
    );
    field(
        &mut main,
        "speakers",
        linked("speaker", &shown.speakers, "speaker"),
    );
    if !shown.authors.is_empty() {
        field(
            &mut main,
            "authors",
            linked("author", &shown.authors, "author"),
        );
    }
    if let Some(language) = &shown.language {
        field(&mut main, "language", text(language));
    }
    if let Some(site) = &shown.site {
        field(&mut main, "site", text(site));
    }
    if let Some(url) = &shown.url {
        let value = match web_address(url) {
            Some(address) => format!(
                "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                attr(address),
                text(url)
            ),
            None => text(url),
        };
        field(&mut main, "url", value);
    }
    let place = match shown.record {
        Some(record) => format!("{}#{record}", shown.path),
        None => shown.path.clone(),
    };
    field(&mut main, "file", text(&place));
    let _ = write!(
        main,
        "<dt>id</dt><dd><code>{}</code> \u{b7} <a href=\"/api/show/{}\">JSON</a></dd></dl>",
        text(&shown.id),
        attr(&shown.id)
    );
    main.push_str("<p class=\"legend\"><mark class=\"speaker\">speaker</mark> <mark class=\"source\">source</mark> where the text names them; <mark class=\"cue\">underlined</mark>: the words that credit them (hover for the rule)</p>");
    main.push_str("<div class=\"body\">");
    main.push_str(&body_with_evidence(shown));
    main.push_str("</div>");
    if let Some(length) = shown.body_length {
        let _ = write!(
            main,
            "<p class=\"notice\">The first {:.1} MB of {:.1} MB: the whole text is searchable, and is in {}.</p>",
            shown.body.len() as f64 / 1e6,
            length as f64 / 1e6,
            text(&place)
        );
    }
    main.push_str("</article>");
    let said: Vec<&(String, Vec<String>)> =
        statements.iter().filter(|(_, s)| !s.is_empty()).collect();
    if !said.is_empty() {
        main.push_str("<section class=\"statements\"><h2>Who said what</h2>");
        for (speaker, passages) in said {
            let _ = write!(main, "<h3>{}</h3><ul>", text(speaker));
            for passage in passages {
                let _ = write!(main, "<li>{}</li>", text(passage));
            }
            main.push_str("</ul>");
        }
        main.push_str("</section>");
    }
    if !similar.is_empty() {
        main.push_str("<section class=\"similar\"><h2>Similar articles</h2><ul>");
        for hit in similar {
            let _ = write!(
                main,
                "<li><a href=\"/article/{}\">{}</a> <span class=\"meta\">{} {}</span></li>",
                attr(&hit.id),
                text(if hit.title.is_empty() {
                    "(no title)"
                } else {
                    &hit.title
                }),
                text(
                    hit.published
                        .as_deref()
                        .map(|d| d.get(..10).unwrap_or(d))
                        .unwrap_or("")
                ),
                text(&hit.sources.join(", "))
            );
        }
        main.push_str("</ul></section>");
    }
    main.push_str("</main>");
    page(&format!("{} - newsdex", shown.title), &params, &main)
}

/// A stretch of the text to mark: a speaker's or a source's name where
/// the text names them, or the word an extraction rule fired on.
struct Mark {
    start: usize,
    end: usize,
    class: &'static str,
    title: String,
}

/// Where the text names each speaker (full name or surname) and each
/// source, as whole words.
fn mentions(body: &str, shown: &ShownArticle) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut find = |needle: &str, class: &'static str, title: &str| {
        if needle.chars().count() < 2 {
            return;
        }
        for (at, found) in body.match_indices(needle) {
            let end = at + found.len();
            let before = body[..at].chars().next_back();
            let after = body[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            marks.push(Mark {
                start: at,
                end,
                class,
                title: title.to_string(),
            });
        }
    };
    for speaker in &shown.speakers {
        find(speaker, "speaker", &format!("speaker: {speaker}"));
        if let Some(surname) = speaker
            .rsplit(' ')
            .next()
            .filter(|s| s.len() < speaker.len())
        {
            find(surname, "speaker", &format!("speaker: {speaker}"));
        }
    }
    for source in &shown.sources {
        find(source, "source", &format!("source: {source}"));
    }
    marks
}

/// The text in paragraphs, with each speaker and source marked where the
/// text names them, and the words the extractor's rules fired on.
fn body_with_evidence(shown: &ShownArticle) -> String {
    let body = shown.body.as_str();
    let mut marks = mentions(body, shown);
    for e in shown.evidence.iter().flatten() {
        let (start, end) = e.span;
        if start >= end
            || end > body.len()
            || !body.is_char_boundary(start)
            || !body.is_char_boundary(end)
        {
            continue;
        }
        let what = match e.field {
            Field::Speaker => "speaker",
            Field::Source => "source",
        };
        let named = body[start..end] == *e.name || e.name.ends_with(&body[start..end]);
        marks.push(Mark {
            start,
            end,
            class: if named { what } else { "cue" },
            title: format!("{what}: {} ({})", e.name, e.rule),
        });
    }
    // Longest first where two start together; a mark inside another is
    // left out.
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut out = String::from("<p>");
    let mut at = 0;
    let paragraphs = |out: &mut String, part: &str| {
        let mut first = true;
        for line in part.split('\n') {
            if !first {
                out.push_str("</p><p>");
            }
            first = false;
            out.push_str(&text(line));
        }
    };
    for mark in marks {
        if mark.start < at {
            continue;
        }
        paragraphs(&mut out, &body[at..mark.start]);
        let _ = write!(
            out,
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            mark.class,
            attr(&mark.title),
            text(&body[mark.start..mark.end].replace('\n', " "))
        );
        at = mark.end;
    }
    paragraphs(&mut out, &body[at..]);
    out.push_str("</p>");
    out.replace("<p></p>", "")
}
