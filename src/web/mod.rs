//! `newsdex serve`: the archive in a browser and as a JSON API.
//!
//! The server is read-only and opens the index through [`Archive`], as the
//! command line does; each request's URL parameters become
//! [`SearchParams`] (named after the CLI flags) and the pages and the API
//! render the same result types the command line prints. When an indexer
//! commits, the next request sees the new articles. Everything the pages
//! need (HTML, CSS, JavaScript, icon) is in the binary; nothing is fetched
//! from elsewhere. This module owns the HTTP side: routes, errors,
//! headers, reloading; `pages` writes HTML and `api` JSON.

mod api;
mod chart;
mod markup;
mod pages;

use std::convert::Infallible;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http_body::Frame;
use tokio::sync::mpsc;

use crate::archive::Archive;
use crate::groups::GroupError;
use crate::request::{RequestError, SearchParams};
use crate::search::SearchError;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder.
    pub dir: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// The Content-Security-Policy of every response: the page's own scripts,
/// styles and images only; no inline script, no frames, no other site.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Serves the index in `options.dir` until Ctrl-C.
pub fn serve(options: &ServeOptions) -> anyhow::Result<()> {
    let archive = Archive::open(&options.dir)?;
    let shared = Arc::new(Shared {
        dir: options.dir.clone(),
        current: Mutex::new((stamp(&options.dir), Arc::new(archive))),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|err| anyhow::anyhow!("cannot listen on {address}: {err} (is another server on that port? pick another with --port)"))?;
        let address = listener.local_addr()?;
        if !options.bind.is_loopback() {
            crate::output::message(&format!(
                "newsdex: warning: listening on {}: anyone who can reach this machine can read the whole archive (there is no login); --bind 127.0.0.1 keeps it to this machine",
                options.bind
            ));
        }
        let shown = if options.bind.is_unspecified() {
            SocketAddr::new(IpAddr::from([127, 0, 0, 1]), address.port())
        } else {
            address
        };
        crate::output::message(&format!(
            "newsdex: serving {} at http://{shown}/ (Ctrl-C stops)",
            options.dir.display()
        ));
        axum::serve(listener, router(shared))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// The routes.
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(pages::search))
        .route("/article/{id}", get(pages::article))
        .route("/export.csv", get(export_csv))
        .route("/export.jsonl", get(export_jsonl))
        .route("/api/search", get(api::search))
        .route("/api/facets", get(api::facets))
        .route("/api/show/{id}", get(api::show))
        .route("/api/similar/{id}", get(api::similar))
        .route("/api/stats", get(api::stats))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/favicon.svg", get(icon))
        .fallback(not_found)
        .layer(axum::middleware::map_response(secure))
        .with_state(shared)
}

/// The open index, reopened when an indexer has committed since.
struct Shared {
    dir: PathBuf,
    current: Mutex<(Stamp, Arc<Archive>)>,
}

/// When and how big the index's `meta.json` is: it changes with every
/// commit.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(dir: &Path) -> Stamp {
    let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl Shared {
    /// The archive as of its last commit. A reopen that fails (an indexer
    /// in the middle of a merge) keeps the previous one.
    fn archive(&self) -> Arc<Archive> {
        let now = stamp(&self.dir);
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.0 != now {
            match Archive::open(&self.dir) {
                Ok(archive) => *current = (now, Arc::new(archive)),
                Err(err) => crate::output::message(&format!(
                    "newsdex: serving the index as it was: {}",
                    crate::cmd::describe(&err.into())
                )),
            }
        }
        Arc::clone(&current.1)
    }
}

/// What went wrong with a request, as an HTTP status and a message.
#[derive(Debug)]
struct WebError {
    status: StatusCode,
    message: String,
}

impl WebError {
    fn bad_request(message: impl Into<String>) -> WebError {
        WebError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> WebError {
        WebError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<anyhow::Error> for WebError {
    /// The user's mistakes (a bad parameter, a query that does not parse,
    /// an unknown article) are 4xx; anything else is the server's.
    fn from(err: anyhow::Error) -> WebError {
        let message = crate::cmd::describe(&err);
        let status = if err.downcast_ref::<RequestError>().is_some()
            || err.downcast_ref::<GroupError>().is_some()
        {
            StatusCode::BAD_REQUEST
        } else if let Some(search) = err.downcast_ref::<SearchError>() {
            match search {
                SearchError::NoArticle(_) => StatusCode::NOT_FOUND,
                SearchError::Query { .. }
                | SearchError::AmbiguousId { .. }
                | SearchError::AmbiguousSpeaker { .. }
                | SearchError::PastWindow { .. } => StatusCode::BAD_REQUEST,
                SearchError::Cluster(_) | SearchError::ClusterIndex(_) => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                SearchError::Index(_) | SearchError::Tantivy(_) => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            }
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        WebError { status, message }
    }
}

impl From<SearchError> for WebError {
    fn from(err: SearchError) -> WebError {
        anyhow::Error::from(err).into()
    }
}

impl From<RequestError> for WebError {
    fn from(err: RequestError) -> WebError {
        anyhow::Error::from(err).into()
    }
}

/// The parameters of a URL's query string.
fn params(query: &Option<String>) -> Result<SearchParams, WebError> {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    Ok(SearchParams::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?)
}

/// An article id from a URL: an id or the start of one. Paths (`FILE#N`,
/// which the command line takes) are refused, so that a request never
/// makes the server look at a file outside the index.
fn article_id(given: &str) -> Result<&str, WebError> {
    if given.is_empty() || given.len() > 64 || !given.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(WebError::not_found(format!(
            "no article '{}' in the index (give the id that search prints on each hit)",
            given.chars().take(64).collect::<String>()
        )));
    }
    Ok(given)
}

/// Runs blocking work (a search) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|err| {
            Err(WebError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: format!(
                    "the request failed: {err} (this is a bug, please report it with the URL)"
                ),
            })
        })
}

/// Headers every response carries.
async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/style.css"))
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    )
}

async fn icon() -> Response {
    asset("image/svg+xml", include_str!("assets/icon.svg"))
}

async fn not_found(uri: axum::http::Uri) -> Response {
    let error = WebError::not_found(format!("nothing at {}", uri.path()));
    if uri.path().starts_with("/api/") {
        api::error(error)
    } else {
        pages::error(&SearchParams::default(), error)
    }
}

/// A body written by blocking code through [`ChannelWriter`], sent as it
/// comes.
struct Streamed(mpsc::Receiver<Bytes>);

impl http_body::Body for Streamed {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

/// Writes into a [`Streamed`] body; a client that went away is a closed
/// pipe, which stops the writing.
struct ChannelWriter(mpsc::Sender<Bytes>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Bytes::copy_from_slice(buf))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Every hit of a search (after `offset`), streamed in `format`.
async fn export(
    shared: Arc<Shared>,
    query: Option<String>,
    format: crate::output::Format,
    content_type: &'static str,
    disposition: &'static str,
) -> Response {
    let mut params = match params(&query) {
        Ok(params) => params,
        Err(err) => return api::error(err),
    };
    params.all = true;
    params.histogram = None;
    let archive = shared.archive();
    // The search runs before the response starts, so that its errors are
    // statuses; the hits are then read and sent as they come.
    let matches = {
        let archive = Arc::clone(&archive);
        let params = params.clone();
        blocking(move || {
            let request = archive.request(&params)?;
            Ok(archive.search(&request)?)
        })
        .await
    };
    let matches = match matches {
        Ok(matches) => matches,
        Err(err) => return api::error(err),
    };
    let (sender, receiver) = mpsc::channel(16);
    tokio::task::spawn_blocking(move || {
        let writer = io::BufWriter::with_capacity(64 * 1024, ChannelWriter(sender));
        let mut out = termcolor::NoColor::new(writer);
        let result = crate::output::print_search(
            &mut out,
            format,
            &matches,
            archive.hits(&matches),
            &|id| id.to_string(),
        );
        if let Err(err) = result {
            if !crate::cmd::is_broken_pipe(&err) {
                crate::output::message(&format!(
                    "newsdex: an export stopped: {}",
                    crate::cmd::describe(&err)
                ));
            }
        }
    });
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::new(Streamed(receiver)),
    )
        .into_response()
}

async fn export_csv(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    export(
        shared,
        query,
        crate::output::Format::Csv,
        "text/csv; charset=utf-8",
        "attachment; filename=\"newsdex.csv\"",
    )
    .await
}

async fn export_jsonl(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    export(
        shared,
        query,
        crate::output::Format::Jsonl,
        "application/x-ndjson",
        "attachment; filename=\"newsdex.jsonl\"",
    )
    .await
}

/// The `{id}` of a route.
type Id = UrlPath<String>;
