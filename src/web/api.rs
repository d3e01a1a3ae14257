//! The JSON API under `/api/`: the shapes of the command line's `--json`,
//! rendered by the same code ([`crate::output`]), from the same
//! parameters. Errors are `{"error": {"status": 400, "message": "..."}}`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{article_id, blocking, params, Id, Shared, WebError};
use crate::facets::FacetField;
use crate::output::{self, Format};
use crate::search::Matches;

/// A JSON body with status 200.
fn json(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn to_json(value: &impl serde::Serialize) -> Result<Vec<u8>, WebError> {
    let mut body = serde_json::to_vec_pretty(value).map_err(anyhow::Error::from)?;
    body.push(b'\n');
    Ok(body)
}

/// An error as JSON, with its status.
pub(super) fn error(err: WebError) -> Response {
    let body = serde_json::json!({
        "error": { "status": err.status.as_u16(), "message": err.message }
    });
    (
        err.status,
        [(header::CONTENT_TYPE, "application/json")],
        format!("{body}\n"),
    )
        .into_response()
}

fn respond(result: Result<Vec<u8>, WebError>) -> Response {
    match result {
        Ok(body) => json(body),
        Err(err) => error(err),
    }
}

/// Renders with one of the command line's renderers into a buffer.
fn rendered(
    render: impl FnOnce(&mut termcolor::NoColor<Vec<u8>>) -> anyhow::Result<()>,
) -> Result<Vec<u8>, WebError> {
    let mut out = termcolor::NoColor::new(Vec::new());
    render(&mut out)?;
    Ok(out.into_inner())
}

/// `/api/search?q=...`: `search --json`; with `histogram=month`,
/// `search --histogram month --json`.
pub(super) async fn search(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    respond(
        blocking(move || {
            let params = params(&query)?;
            let archive = shared.archive();
            let request = archive.request(&params)?;
            let matches = archive.search(&request)?;
            rendered(|out| match params.histogram {
                Some(interval) => output::print_histogram(out, Format::Json, &matches, interval),
                None => output::print_search(
                    out,
                    Format::Json,
                    &matches,
                    archive.hits(&matches),
                    &|id| id.to_string(),
                ),
            })
        })
        .await,
    )
}

/// `/api/facets?q=...&field=speaker&limit=20`: `facets --json`.
pub(super) async fn facets(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    respond(
        blocking(move || {
            // `field` and `limit` are the flags of `facets`; the rest are
            // those of `search`.
            let mut field = None;
            let mut rest = Vec::new();
            for (name, value) in form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes()) {
                match &*name {
                    "field" => {
                        field = Some(
                            <FacetField as clap::ValueEnum>::from_str(&value, true).map_err(|_| {
                                WebError::bad_request(format!(
                                    "parameter field={value:?}: give source, speaker, author or language"
                                ))
                            })?,
                        )
                    }
                    "limit" => rest.push(("facets".to_string(), value.into_owned())),
                    _ => rest.push((name.into_owned(), value.into_owned())),
                }
            }
            let encoded = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&rest)
                .finish();
            let params = params(&Some(encoded))?;
            let matches = shared.archive().facets(&params)?;
            let lists = output::facet_lists(&matches, field);
            to_json(&output::facets_json(&matches, &lists).map_err(anyhow::Error::from)?)
        })
        .await,
    )
}

/// `/api/show/ID`: `show --json`; with `explain=true`, `show --explain --json`.
pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    id: Id,
    RawQuery(query): RawQuery,
) -> Response {
    respond(
        blocking(move || {
            let id = article_id(&id.0)?;
            let mut explain = false;
            for (name, value) in form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes()) {
                match (&*name, &*value) {
                    ("explain", "" | "1" | "true") => explain = true,
                    ("explain", "0" | "false") => explain = false,
                    _ => {
                        return Err(WebError::bad_request(format!(
                            "parameter {name}={value:?}: /api/show takes explain=true or nothing"
                        )))
                    }
                }
            }
            to_json(&shared.archive().show(id, explain)?)
        })
        .await,
    )
}

/// `/api/similar/ID?limit=10`: `similar --json`.
pub(super) async fn similar(
    State(shared): State<Arc<Shared>>,
    id: Id,
    RawQuery(query): RawQuery,
) -> Response {
    respond(
        blocking(move || {
            let id = article_id(&id.0)?;
            let limit = params(&query)?.limit;
            let archive = shared.archive();
            let hits = archive.similar(id, limit)?;
            let matches = Matches::listed(&format!("similar:{id}"), hits.len());
            rendered(|out| {
                output::print_search(
                    out,
                    Format::Json,
                    &matches,
                    hits.into_iter().map(Ok),
                    &|id| id.to_string(),
                )
            })
        })
        .await,
    )
}

/// `/api/stats`: `stats --json`.
pub(super) async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    respond(blocking(move || to_json(&shared.archive().stats()?)).await)
}
