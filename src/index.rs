//! Writing the index: opening or creating it with the schema from
//! `index-schema/`, turning each article and its extraction into a
//! document, and replacing a file's articles when it is indexed again.
//!
//! The walk, parse and extract steps run in parallel (rayon); tantivy's
//! writer has its own threads. Nothing is committed until the end of a run,
//! so a run that dies leaves the index as the last run committed it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::iter::{ParallelBridge, ParallelIterator};
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use crate::extract::Extractor;
use crate::parse::{read_file, Article, Problem, ProblemKind};
use crate::schema::{Fields, IndexSchema};
use crate::walk::{walk, Entry};

/// Errors that stop indexing or searching as a whole.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index where one was expected.
    #[error("no index at {0} (run 'newsdex index ARCHIVE' first, or pass --index DIR)")]
    Missing(PathBuf),
    /// Another process holds the writer lock.
    #[error("the index at {0} is being written by another process; wait for it to finish")]
    Locked(PathBuf),
    /// The index was built with another schema.
    #[error("the index at {0} was built with a different schema; delete it and index again, or use another --index")]
    SchemaMismatch(PathBuf),
    /// The index folder cannot be created or written.
    #[error("cannot write the index at {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Anything tantivy reports.
    #[error("index error at {path}: {source}")]
    Tantivy {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: tantivy::TantivyError,
    },
}

fn tantivy_error(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| match source {
        tantivy::TantivyError::LockFailure(..) => IndexError::Locked(path.to_path_buf()),
        source => IndexError::Tantivy {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Whether `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`, checking it was built with `schema`.
pub fn open(dir: &Path, schema: &IndexSchema) -> Result<Index, IndexError> {
    if !exists(dir) {
        return Err(IndexError::Missing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir).map_err(tantivy_error(dir))?;
    if index.schema() != schema.schema {
        return Err(IndexError::SchemaMismatch(dir.to_path_buf()));
    }
    Ok(index)
}

/// Opens the index in `dir`, or creates it there.
pub fn open_or_create(dir: &Path, schema: &IndexSchema) -> Result<Index, IndexError> {
    if exists(dir) {
        return open(dir, schema);
    }
    std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Index::create_in_dir(dir, schema.schema.clone()).map_err(tantivy_error(dir))
}

/// How an indexing run went.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    /// Files met by the walk (supported or not).
    pub files_seen: u64,
    /// Files read for articles.
    pub files_indexed: u64,
    /// Files skipped because newsdex does not read their format.
    pub files_unsupported: u64,
    /// Files that gave nothing because of an error.
    pub files_failed: u64,
    /// Articles written.
    pub articles: u64,
    /// Records skipped inside otherwise readable files.
    pub records_skipped: u64,
    /// Warnings that did not skip anything (invalid UTF-8 decoded lossily).
    pub warnings: u64,
    /// Bytes of article files read.
    pub bytes: u64,
    /// Wall time.
    #[serde(skip)]
    pub elapsed: Duration,
}

/// Options of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Worker threads for tantivy's writer (0: let tantivy decide).
    pub threads: usize,
    /// The writer's memory budget in bytes.
    pub memory_budget: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: 0,
            memory_budget: 256 * 1024 * 1024,
        }
    }
}

/// The stable identifier of an article: a hash of its file's absolute path
/// and its position (or its own id) in the file.
pub fn article_id(article: &Article) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(article.path.to_string_lossy().as_bytes());
    hasher.update(b"#");
    match (&article.id, article.record) {
        (Some(id), _) => hasher.update(format!("id:{id}").as_bytes()),
        (None, Some(n)) => hasher.update(format!("record:{n}").as_bytes()),
        (None, None) => hasher.update(b"file"),
    };
    hasher.finalize().to_hex()[..16].to_string()
}

/// Builds the index document of an article and its extraction.
pub fn to_document(
    fields: &Fields,
    id: &str,
    article: &Article,
    speakers: &[String],
    sources: &[String],
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    doc.add_text(fields.path, article.path.to_string_lossy());
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
    if let Some(published) = article.published {
        doc.add_date(fields.published, DateTime::from_utc(published));
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    for speaker in speakers {
        doc.add_facet(fields.speaker, Facet::from_path([speaker.as_str()]));
        doc.add_text(fields.speaker_name, speaker);
    }
    for source in sources {
        doc.add_facet(fields.source, Facet::from_path([source.as_str()]));
        doc.add_text(fields.source_name, source);
    }
    doc
}

/// Indexes every article under `roots` into the index at `dir`, replacing
/// the articles of files indexed before. Problems with single files are
/// passed to `report` as they happen and never stop the run.
pub fn index_archive(
    dir: &Path,
    roots: &[PathBuf],
    schema: &IndexSchema,
    extractor: &Extractor,
    options: &IndexOptions,
    report: &(dyn Fn(&Problem) + Sync),
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let index = open_or_create(dir, schema)?;
    let mut writer: IndexWriter<TantivyDocument> = if options.threads > 0 {
        index.writer_with_num_threads(options.threads, options.memory_budget)
    } else {
        index.writer(options.memory_budget)
    }
    .map_err(tantivy_error(dir))?;
    let fields = schema.fields;
    let summary = Mutex::new(Summary::default());
    let failure: Mutex<Option<IndexError>> = Mutex::new(None);
    walk(roots, Some(dir)).par_bridge().for_each(|entry| {
        let path = match entry {
            Entry::Article(path) => path,
            Entry::Unsupported(_) => {
                let mut s = summary.lock().expect("summary lock");
                s.files_seen += 1;
                s.files_unsupported += 1;
                return;
            }
            Entry::Problem(problem) => {
                report(&problem);
                let mut s = summary.lock().expect("summary lock");
                s.files_seen += 1;
                s.files_failed += 1;
                return;
            }
        };
        // One spelling per file, so that `a/../a/x.txt` replaces `a/x.txt`.
        let path = path
            .canonicalize()
            .or_else(|_| std::path::absolute(&path))
            .unwrap_or(path);
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        // A file indexed again replaces all it gave before.
        writer.delete_term(Term::from_field_text(fields.path, &path.to_string_lossy()));
        let mut articles = 0u64;
        let outcome = read_file(&path, &mut |article| {
            let found = extractor.extract(&article);
            let id = article_id(&article);
            let doc = to_document(&fields, &id, &article, &found.speakers, &found.sources);
            writer.delete_term(Term::from_field_text(fields.id, &id));
            match writer.add_document(doc) {
                Ok(_) => articles += 1,
                Err(err) => {
                    let mut slot = failure.lock().expect("failure lock");
                    slot.get_or_insert(tantivy_error(dir)(err));
                }
            }
        });
        for problem in &outcome.problems {
            report(problem);
        }
        let mut s = summary.lock().expect("summary lock");
        s.files_seen += 1;
        s.bytes += bytes;
        s.articles += articles;
        if outcome.problems.iter().any(Problem::is_fatal) {
            s.files_failed += 1;
        } else {
            s.files_indexed += 1;
        }
        for problem in &outcome.problems {
            match problem.kind {
                ProblemKind::FileSkipped => {}
                ProblemKind::RecordSkipped => s.records_skipped += 1,
                ProblemKind::Warning => s.warnings += 1,
            }
        }
    });
    if let Some(err) = failure.into_inner().expect("failure lock") {
        return Err(err);
    }
    writer.commit().map_err(tantivy_error(dir))?;
    writer.wait_merging_threads().map_err(tantivy_error(dir))?;
    let mut summary = summary.into_inner().expect("summary lock");
    summary.elapsed = started.elapsed();
    Ok(summary)
}
