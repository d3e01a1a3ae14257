//! Indexing into a cluster: the archive walked, parsed and extracted as
//! for a local index, the articles sent through the bulk API.
//!
//! What makes a re-run cheap and a killed run harmless is the same as
//! locally: an article's `_id` is its stable id, so sending it again
//! replaces it; and the last article of each file carries the file's
//! stamp, sent only once the cluster has acknowledged the file's other
//! articles. A file whose stamp the cluster holds is unchanged and
//! skipped; one whose path it holds without that stamp changed: its
//! articles are deleted, then sent again.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::iter::{ParallelBridge, ParallelIterator};
use serde_json::{json, Value};

use super::client::{Cluster, ClusterError};
use super::document::{to_json, Terms};
use super::query::Analyzers;
use crate::document::{article_id, Extracted};
use crate::extract::{read_part, Extractor};
use crate::index::{canonical, file_stamp};
use crate::parse::{read_file_named, Problem, ProblemKind};
use crate::schema::IndexSchema;
use crate::walk::{walk, Entry, WalkOptions};

/// Bytes of articles sent in one bulk request.
pub const BULK_BYTES: usize = 4 << 20;

/// How a run walks and what it deletes.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// What the walk leaves out.
    pub walk: WalkOptions,
    /// Whether the articles of files under the roots that are gone are
    /// deleted.
    pub prune: bool,
}

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadSummary {
    pub files_seen: u64,
    pub files_new: u64,
    pub files_changed: u64,
    pub files_unchanged: u64,
    pub files_removed: u64,
    pub files_failed: u64,
    pub articles_sent: u64,
    pub articles_rejected: u64,
    pub bulk_requests: u64,
}

/// The files the cluster index holds: every path, and the stamps of the
/// files held in full.
struct Known {
    paths: HashSet<String>,
    stamps: HashSet<String>,
}

/// Every value of a keyword field in the index, through a composite
/// aggregation read page by page.
fn all_values(
    cluster: &Cluster,
    index: &str,
    field: &str,
) -> Result<HashSet<String>, ClusterError> {
    let mut values = HashSet::new();
    let mut after: Option<Value> = None;
    loop {
        let mut composite = json!({
            "size": 10_000,
            "sources": [{ "v": { "terms": { "field": field } } }],
        });
        if let Some(after) = &after {
            composite["after"] = after.clone();
        }
        let body = json!({ "size": 0, "aggs": { "all": { "composite": composite } } });
        let answer = cluster.json(
            "POST",
            &format!("{index}/_search"),
            Some(&body),
            &format!("listing the {field} values of {index}"),
        )?;
        let json = answer.json();
        let buckets = json["aggregations"]["all"]["buckets"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for bucket in &buckets {
            if let Some(value) = bucket["key"]["v"].as_str() {
                values.insert(value.to_string());
            }
        }
        match &json["aggregations"]["all"]["after_key"] {
            Value::Null => break,
            _ if buckets.is_empty() => break,
            key => after = Some(key.clone()),
        }
    }
    Ok(values)
}

/// The articles waiting to be sent, shared by the workers.
#[derive(Default)]
struct Pending {
    /// Bulk lines of articles other than a file's last.
    articles: Vec<u8>,
    /// Each file's last article, with its stamp: sent after the rest.
    last: Vec<(String, Vec<u8>)>,
    count: u64,
}

/// A run against one cluster index.
struct Loader<'a> {
    cluster: &'a Cluster,
    index: &'a str,
    schema: &'a IndexSchema,
    extractor: &'a Extractor,
    /// The local analyzers, which make the terms sent.
    analyzers: Analyzers,
    pending: Mutex<Pending>,
    /// One flush at a time, so that a file's last article never goes
    /// before the rest of it.
    sending: Mutex<()>,
    summary: Mutex<LoadSummary>,
    report: &'a (dyn Fn(&Problem) + Sync),
}

/// The bulk lines indexing `doc` under `id`.
fn bulk_lines(out: &mut Vec<u8>, index: &str, id: &str, doc: &Value) {
    serde_json::to_writer(
        &mut *out,
        &json!({ "index": { "_index": index, "_id": id } }),
    )
    .expect("JSON values serialize");
    out.push(b'\n');
    serde_json::to_writer(&mut *out, doc).expect("JSON values serialize");
    out.push(b'\n');
}

impl Loader<'_> {
    /// Sends bulk lines; the ids of the articles the cluster rejected for
    /// good, with why. Items the cluster was too busy or short of a node
    /// for are sent again.
    fn send(&self, lines: &[u8]) -> Result<Vec<(String, String)>, ClusterError> {
        let mut todo = lines.to_vec();
        let mut rejected = Vec::new();
        let mut attempt = 0u32;
        while !todo.is_empty() {
            attempt += 1;
            self.summary.lock().expect("summary lock").bulk_requests += 1;
            let answer = self.cluster.send(
                "POST",
                "_bulk",
                Some(("application/x-ndjson", &todo)),
                &format!("the articles sent to {}", self.index),
            )?;
            let json = answer.json();
            let items = json["items"].as_array().cloned().unwrap_or_default();
            let pairs: Vec<&[u8]> = todo
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .collect();
            let mut again = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let result = &item["index"];
                let status = result["status"].as_u64().unwrap_or(0);
                if status < 300 {
                    continue;
                }
                let id = result["_id"].as_str().unwrap_or("").to_string();
                // Busy, or a shard without its primary while a node is
                // lost and a replica takes over: sent again.
                if matches!(status, 429 | 500 | 502 | 503 | 504) && attempt < 8 {
                    if let (Some(action), Some(source)) = (pairs.get(2 * i), pairs.get(2 * i + 1)) {
                        again.extend_from_slice(action);
                        again.push(b'\n');
                        again.extend_from_slice(source);
                        again.push(b'\n');
                    }
                } else {
                    let reason = result["error"]["reason"]
                        .as_str()
                        .unwrap_or("rejected")
                        .to_string();
                    rejected.push((id, reason));
                }
            }
            if !again.is_empty() {
                std::thread::sleep(std::time::Duration::from_millis(200 << attempt.min(5)));
            }
            todo = again;
        }
        Ok(rejected)
    }

    /// Sends what is pending: the articles, then the files' last ones.
    fn flush(&self) -> Result<(), ClusterError> {
        let _sending = self.sending.lock().expect("sending lock");
        let pending = std::mem::take(&mut *self.pending.lock().expect("pending lock"));
        if pending.articles.is_empty() && pending.last.is_empty() {
            return Ok(());
        }
        let mut rejected = self.send(&pending.articles)?;
        let mut last = Vec::new();
        for (_, lines) in &pending.last {
            last.extend_from_slice(lines);
        }
        rejected.extend(self.send(&last)?);
        let mut summary = self.summary.lock().expect("summary lock");
        summary.articles_sent += pending.count - rejected.len() as u64;
        summary.articles_rejected += rejected.len() as u64;
        drop(summary);
        for (id, reason) in rejected {
            (self.report)(&Problem {
                path: PathBuf::from(format!("{}/{}", self.cluster.url(), self.index)),
                line: None,
                offset: None,
                message: format!("article {id} was rejected by the cluster: {reason}"),
                kind: ProblemKind::Warning,
            });
        }
        Ok(())
    }

    fn delete_file(&self, path: &str) -> Result<(), ClusterError> {
        let body = json!({ "query": { "term": { "path": path } } });
        self.cluster.json(
            "POST",
            &format!(
                "{}/_delete_by_query?refresh=true&conflicts=proceed",
                self.index
            ),
            Some(&body),
            &format!("deleting the articles of {path}"),
        )?;
        Ok(())
    }

    /// Reads one file and queues its articles.
    fn load_file(&self, path: &Path, known: &Known, terms: &mut Terms) -> Result<(), ClusterError> {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(err) => {
                (self.report)(&Problem {
                    path: path.to_path_buf(),
                    line: None,
                    offset: None,
                    message: format!("cannot read: {err}"),
                    kind: ProblemKind::FileSkipped,
                });
                self.summary.lock().expect("summary lock").files_failed += 1;
                return Ok(());
            }
        };
        let canonical_path = canonical(path.to_path_buf());
        let path_text = canonical_path.to_string_lossy().into_owned();
        let stamp = file_stamp(&canonical_path, &metadata);
        if known.stamps.contains(&stamp) {
            self.summary.lock().expect("summary lock").files_unchanged += 1;
            return Ok(());
        }
        let changed = known.paths.contains(&path_text);
        if changed {
            self.delete_file(&path_text)?;
        }
        let stamp_field = self
            .schema
            .schema
            .get_field_name(self.schema.fields.file_stamp);
        let mut articles = Vec::new();
        let mut count = 0u64;
        let mut held: Option<(String, Value)> = None;
        let mut failure = None;
        let outcome = read_file_named(&canonical_path, path, &mut |article| {
            if failure.is_some() {
                return;
            }
            let found = self.extractor.extract(&article);
            let statements = self.extractor.statements(read_part(&article.body), &found);
            let id = article_id(&article);
            let doc = to_json(
                self.schema,
                terms,
                Extracted {
                    id: &id,
                    article: &article,
                    speakers: &found.speakers,
                    sources: &found.sources,
                    statements: &statements,
                },
            );
            if let Some((id, doc)) = held.replace((id, doc)) {
                bulk_lines(&mut articles, self.index, &id, &doc);
                count += 1;
            }
            if articles.len() >= BULK_BYTES {
                // A large file goes in parts; its last article waits.
                let part = std::mem::take(&mut articles);
                match self.send(&part) {
                    Ok(rejected) => {
                        let mut summary = self.summary.lock().expect("summary lock");
                        summary.articles_sent += count - rejected.len() as u64;
                        summary.articles_rejected += rejected.len() as u64;
                    }
                    Err(err) => failure = Some(err),
                }
                count = 0;
            }
        });
        if let Some(err) = failure {
            return Err(err);
        }
        let mut failed = false;
        for problem in &outcome.problems {
            (self.report)(problem);
            failed |= matches!(
                problem.kind,
                ProblemKind::FileSkipped | ProblemKind::FileUnsupported
            );
        }
        {
            let mut summary = self.summary.lock().expect("summary lock");
            if failed {
                summary.files_failed += 1;
            } else if changed {
                summary.files_changed += 1;
            } else {
                summary.files_new += 1;
            }
        }
        let mut pending = self.pending.lock().expect("pending lock");
        pending.articles.extend_from_slice(&articles);
        pending.count += count;
        if let Some((id, mut doc)) = held {
            // A file that could not be read in full gets no stamp: the
            // next run reads it again.
            if !failed {
                doc[stamp_field] = Value::from(stamp);
            }
            let mut lines = Vec::new();
            bulk_lines(&mut lines, self.index, &id, &doc);
            pending.last.push((path_text, lines));
            pending.count += 1;
        }
        let full = pending.articles.len()
            + pending.last.iter().map(|(_, l)| l.len()).sum::<usize>()
            >= BULK_BYTES;
        drop(pending);
        if full {
            self.flush()?;
        }
        Ok(())
    }
}

/// Indexes the archives under `roots` into the cluster index `index`
/// (which must exist: see [`super::ensure_index`]).
pub fn load_archive(
    cluster: &Cluster,
    index: &str,
    roots: &[PathBuf],
    schema: &IndexSchema,
    extractor: &Extractor,
    options: LoadOptions,
    report: &(dyn Fn(&Problem) + Sync),
) -> Result<LoadSummary, ClusterError> {
    let LoadOptions {
        walk: walk_options,
        prune,
    } = options;
    let known = Known {
        paths: all_values(cluster, index, "path")?,
        stamps: all_values(cluster, index, "file_stamp")?,
    };
    let loader = Loader {
        cluster,
        index,
        schema,
        extractor,
        analyzers: Analyzers::new(schema),
        pending: Mutex::new(Pending::default()),
        sending: Mutex::new(()),
        summary: Mutex::new(LoadSummary::default()),
        report,
    };
    let failure: Mutex<Option<ClusterError>> = Mutex::new(None);
    let seen: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    walk(roots, None, walk_options).par_bridge().for_each_init(
        || Terms::new(&loader.analyzers),
        |terms, entry| {
            if failure.lock().expect("failure lock").is_some() {
                return;
            }
            loader.summary.lock().expect("summary lock").files_seen += 1;
            let path = match entry {
                Entry::Article(path) => path,
                Entry::Problem(problem) => {
                    report(&problem);
                    loader.summary.lock().expect("summary lock").files_failed += 1;
                    return;
                }
                Entry::Unsupported(_) | Entry::NotArticle(_) => return,
            };
            let text = canonical(path.clone()).to_string_lossy().into_owned();
            if !seen.lock().expect("seen lock").insert(text) {
                return;
            }
            if let Err(err) = loader.load_file(&path, &known, terms) {
                failure.lock().expect("failure lock").get_or_insert(err);
            }
        },
    );
    if let Some(err) = failure.into_inner().expect("failure lock") {
        return Err(err);
    }
    loader.flush()?;
    let mut summary = loader.summary.into_inner().expect("summary lock");
    if prune {
        let roots: Vec<PathBuf> = roots.iter().map(|r| canonical(r.clone())).collect();
        let seen = seen.into_inner().expect("seen lock");
        for path in &known.paths {
            let under = roots.iter().any(|root| Path::new(path).starts_with(root));
            if under && !seen.contains(path) && !Path::new(path).exists() {
                let body = json!({ "query": { "term": { "path": path } } });
                cluster.json(
                    "POST",
                    &format!("{index}/_delete_by_query?conflicts=proceed"),
                    Some(&body),
                    &format!("deleting the articles of {path}, which is gone"),
                )?;
                summary.files_removed += 1;
            }
        }
    }
    cluster.json(
        "POST",
        &format!("{index}/_refresh"),
        None,
        &format!("refreshing {index}"),
    )?;
    Ok(summary)
}
