//! Writing the index: opening or creating it with the schema from
//! `index-schema/`, turning each article and its extraction into a
//! document, and keeping the index in step with the archive from run to
//! run.
//!
//! Incremental runs rest on one rule: the last article of each file carries
//! a *file stamp* (size, modification time, path). A file whose stamp is in
//! the index was indexed in full and has not changed since, so it is
//! skipped. A changed file has all its articles deleted (by path) and is
//! read again; a file that disappeared from the archive has its articles
//! deleted. Because the stamp is a field of a document, it is committed
//! atomically with the articles: a run killed at any moment leaves either
//! the complete file with its stamp, or no stamp and therefore a file that
//! the next run reads again (after deleting whatever part of it was
//! committed).
//!
//! The walk runs on its own thread; reading, decompressing, parsing and
//! extracting run on a rayon pool; tantivy's writer has its own threads.
//! Commits happen every so many articles or seconds and at the end.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::iter::{ParallelBridge, ParallelIterator};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocSet, Index, IndexWriter, Searcher, TantivyDocument, Term, TERMINATED};

use crate::document::{article_id, extraction_digest, to_document, Extracted};
use crate::extract::{read_part, Extraction, Extractor, READ_BYTES};
use crate::lists::Entries;
use crate::parse::{read_file_named, Problem, ProblemKind};
use crate::schema::{Fields, IndexSchema};
use crate::storage::IndexFolder;
use crate::walk::{walk, Entry, WalkOptions};

/// Errors that stop indexing or searching as a whole.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index where one was expected.
    #[error("no index at {0} (run 'newsdex index ARCHIVE' first, or pass --index DIR)")]
    Missing(PathBuf),
    /// Another process holds the writer lock.
    #[error("the index at {path} is being written by another process{}; wait for it to finish", pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    Locked {
        /// The folder.
        path: PathBuf,
        /// The writing process, when it recorded itself.
        pid: Option<u32>,
    },
    /// The index was built with another schema.
    #[error("the index at {0} was built with a different schema; delete it and index again, or use another --index")]
    SchemaMismatch(PathBuf),
    /// This user may not read (or, to index, write) the index's files.
    #[error("{}", permission_message(path, *writing))]
    PermissionDenied {
        /// The folder.
        path: PathBuf,
        /// Whether the index was being written (else read).
        writing: bool,
    },
    /// The index folder cannot be created or written.
    #[error("cannot write the index at {path}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The disk holding the index is full.
    #[error("the disk holding {} is full; the index still holds its last commit{}; free some space and run again (what this run wrote and did not commit is removed when the index is next opened)", path.display(), articles.map(|n| format!(" of {n} articles")).unwrap_or_default())]
    DiskFull {
        /// The folder.
        path: PathBuf,
        /// Articles in the last commit, when it could be read.
        articles: Option<u64>,
    },
    /// Anything tantivy reports.
    #[error("index error at {path}")]
    Tantivy {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: tantivy::TantivyError,
    },
}

fn permission_message(path: &Path, writing: bool) -> String {
    let path = path.display();
    if writing {
        format!(
            "permission denied on {path}; index into a folder you may write with --index DIR, or ask its owner for write access"
        )
    } else {
        format!(
            "cannot read the index at {path}: permission denied; its owner can let others read it with: chmod -R a+rX {path}"
        )
    }
}

/// Whether an error comes from a refused permission.
fn is_permission_denied(err: &dyn std::fmt::Debug) -> bool {
    // tantivy wraps I/O errors in several error types; their debug text
    // names the kind.
    format!("{err:?}").contains("PermissionDenied")
}

/// Whether an error comes from a full disk (ENOSPC), however tantivy
/// wrapped it.
fn is_disk_full(err: &dyn std::fmt::Debug) -> bool {
    let text = format!("{err:?}");
    text.contains("StorageFull") || text.contains("os error 28")
}

/// Whether tantivy reports that a writer thread died (its own error,
/// such as a full disk, is then only in tantivy's log).
fn writer_died(err: &dyn std::fmt::Debug) -> bool {
    format!("{err:?}").contains("index writer was killed")
}

/// Whether the disk holding `dir` has no room left: a small write fails
/// with ENOSPC.
fn disk_is_full(dir: &Path) -> bool {
    let probe = dir.join(".newsdex-space-probe");
    let result = std::fs::write(&probe, vec![0u8; 64 * 1024]);
    let _ = std::fs::remove_file(&probe);
    matches!(result, Err(err) if err.raw_os_error() == Some(28))
}

/// The articles of the index's last commit, if it can be read.
fn committed_articles(path: &Path) -> Option<u64> {
    let folder = IndexFolder::open(path).ok()?;
    let index = Index::open(folder).ok()?;
    Some(index.reader().ok()?.searcher().num_docs())
}

/// Turns tantivy's errors while writing the index at `path` into ours.
fn tantivy_error(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    tantivy_error_while(path, true)
}

fn tantivy_error_while(
    path: &Path,
    writing: bool,
) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| match source {
        source if is_permission_denied(&source) => IndexError::PermissionDenied {
            path: path.to_path_buf(),
            writing,
        },
        source if is_disk_full(&source) || (writer_died(&source) && disk_is_full(path)) => {
            IndexError::DiskFull {
                path: path.to_path_buf(),
                articles: committed_articles(path),
            }
        }
        tantivy::TantivyError::LockFailure(..) => IndexError::Locked {
            path: path.to_path_buf(),
            // The writer records its pid just after taking the lock; a
            // file left by a killed run names a process that is gone.
            pid: std::fs::read_to_string(path.join(PID_FILE))
                .ok()
                .and_then(|text| text.trim().parse().ok())
                .filter(|pid| {
                    !cfg!(target_os = "linux") || Path::new(&format!("/proc/{pid}")).exists()
                }),
        },
        source => IndexError::Tantivy {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Turns tantivy's errors while reading the index at `path` into ours.
pub fn read_error(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    tantivy_error_while(path, false)
}

/// The file in the index folder where the process writing the index
/// records its pid, so that a second writer can say who holds the lock.
pub const PID_FILE: &str = "newsdex-writer.pid";

/// Whether `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`, checking it was built with `schema`.
pub fn open(dir: &Path, schema: &IndexSchema) -> Result<Index, IndexError> {
    match std::fs::metadata(dir.join("meta.json")) {
        Ok(meta) if meta.is_file() => {}
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(IndexError::PermissionDenied {
                path: dir.to_path_buf(),
                writing: false,
            })
        }
        _ => return Err(IndexError::Missing(dir.to_path_buf())),
    }
    let folder = IndexFolder::open(dir).map_err(|err| match is_permission_denied(&err) {
        true => IndexError::PermissionDenied {
            path: dir.to_path_buf(),
            writing: false,
        },
        false => IndexError::Tantivy {
            path: dir.to_path_buf(),
            source: err.into(),
        },
    })?;
    let index = Index::open(folder).map_err(read_error(dir))?;
    crate::schema::register_analyzers(&index);
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
    std::fs::create_dir_all(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::PermissionDenied => IndexError::PermissionDenied {
            path: dir.to_path_buf(),
            writing: true,
        },
        _ => IndexError::Io {
            path: dir.to_path_buf(),
            source,
        },
    })?;
    let folder = IndexFolder::open(dir).map_err(|err| tantivy_error(dir)(err.into()))?;
    let index = Index::create(
        folder,
        schema.schema.clone(),
        tantivy::IndexSettings::default(),
    )
    .map_err(tantivy_error(dir))?;
    crate::schema::register_analyzers(&index);
    Ok(index)
}

/// How an indexing run went.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    /// Files met by the walk (supported or not).
    pub files_seen: u64,
    /// Files read for the first time.
    pub files_new: u64,
    /// Files read again because their size or modification time changed
    /// (or because an earlier run did not finish them).
    pub files_changed: u64,
    /// Files skipped because the index already holds them as they are.
    pub files_unchanged: u64,
    /// Files gone from the archive whose articles were deleted.
    pub files_removed: u64,
    /// Files skipped because newsdex does not read their format.
    pub files_unsupported: u64,
    /// Files left out because they describe the archive rather than hold
    /// articles (README, LICENSE).
    pub files_ignored: u64,
    /// Files that gave nothing because of an error.
    pub files_failed: u64,
    /// A few of the files skipped or left out, by kind, for the summary
    /// to name (every one of them goes to the report).
    #[serde(skip)]
    pub examples: Examples,
    /// Articles written.
    pub articles: u64,
    /// Articles deleted with the files that were removed.
    pub articles_removed: u64,
    /// Records skipped inside otherwise readable files.
    pub records_skipped: u64,
    /// Warnings that did not skip anything (invalid UTF-8 decoded lossily).
    pub warnings: u64,
    /// Bytes of article files read (unchanged files are not read).
    pub bytes: u64,
    /// Entries of the outlet and people lists added or removed since the
    /// last run.
    pub lists_changed: usize,
    /// Unchanged files read again because their articles may name such an
    /// entry.
    pub files_for_lists: u64,
    /// Outlets no list names that articles credited in a frame holding
    /// only outlets (`..., Azernews reports.`): the index learns them.
    pub learned_outlets: std::collections::BTreeSet<String>,
    /// Of those, the ones no earlier run had learned.
    pub learned_new: Vec<String>,
    /// Files read again because their articles name a newly learned
    /// outlet.
    pub files_for_learned: u64,
    /// The articles of those files.
    pub articles_reread: u64,
    /// Commits made, the final one included (none when nothing changed).
    pub commits: u64,
    /// Whether the run was stopped before the end (Ctrl-C).
    pub interrupted: bool,
    /// Wall time.
    #[serde(skip)]
    pub elapsed: Duration,
}

impl Summary {
    /// Adds a second pass that read again the files naming newly learned
    /// outlets: its articles and commits, its files as read again.
    pub fn absorb_rereading(&mut self, second: &Summary) {
        self.articles_reread += second.articles;
        self.files_for_learned += second.files_for_lists;
        self.files_failed += second.files_failed;
        self.records_skipped += second.records_skipped;
        self.warnings += second.warnings;
        // The count of commits is the whole run's.
        self.commits = second.commits;
        self.elapsed += second.elapsed;
        self.interrupted |= second.interrupted;
    }

    /// Files or records left out because of a problem or their type.
    pub fn skipped(&self) -> u64 {
        self.files_failed + self.files_unsupported + self.records_skipped
    }
}

/// How many files of each kind of problem a summary names.
pub const EXAMPLES: usize = 3;

/// The first few paths (in path order) of the files skipped, by kind.
#[derive(Debug, Default, Clone)]
pub struct Examples {
    /// Files of a type newsdex does not read.
    pub unsupported: Vec<PathBuf>,
    /// Files that describe the archive.
    pub ignored: Vec<PathBuf>,
    /// Files that could not be read.
    pub failed: Vec<PathBuf>,
}

impl Examples {
    /// Keeps `path` if it is among the first [`EXAMPLES`] of `list`.
    fn keep(list: &mut Vec<PathBuf>, path: &Path) {
        let at = list.partition_point(|p| p.as_path() < path);
        if at < EXAMPLES {
            list.insert(at, path.to_path_buf());
            list.truncate(EXAMPLES);
        }
    }
}

/// Options of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Threads for reading and extraction, and for tantivy's writer
    /// (0: one per core).
    pub threads: usize,
    /// The writer's memory budget in bytes.
    pub memory_budget: usize,
    /// Commit after this many articles (0: only at the end and by time).
    pub commit_every_articles: u64,
    /// Commit when this much time has passed since the last commit.
    pub commit_interval: Duration,
    /// Delete the articles of files under the archive roots that no longer
    /// exist.
    pub prune: bool,
    /// Read every file again, even those the index holds unchanged.
    pub force: bool,
    /// Which files the walk leaves out.
    pub walk: WalkOptions,
    /// The entries of the outlet and people lists the articles are
    /// extracted with; files whose articles name an entry added or removed
    /// since the last run are read again.
    pub lists: Entries,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: 0,
            memory_budget: 512 * 1024 * 1024,
            commit_every_articles: 100_000,
            commit_interval: Duration::from_secs(60),
            prune: true,
            force: false,
            walk: WalkOptions::default(),
            lists: Entries::default(),
        }
    }
}

/// The smallest memory budget tantivy accepts per writer thread, rounded up.
const MIN_BUDGET_PER_THREAD: usize = 16 * 1024 * 1024;

/// Counters of a run in progress, for a progress display to read.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files met by the walk.
    pub files: AtomicU64,
    /// Files finished (read, skipped as unchanged, or failed).
    pub files_done: AtomicU64,
    /// Bytes of files finished, unchanged files included.
    pub bytes_done: AtomicU64,
    /// Articles written.
    pub articles: AtomicU64,
    /// Problems reported.
    pub problems: AtomicU64,
    /// Commits made.
    pub commits: AtomicU64,
    /// Whether a commit is being written now.
    pub committing: AtomicBool,
}

/// What an indexing run reports to, and listens to, while it works.
pub struct RunControl<'a> {
    /// Counters for a progress display.
    pub progress: &'a Progress,
    /// Set (by a Ctrl-C handler) to stop: files in progress are dropped,
    /// what is done is committed.
    pub stop: &'a AtomicBool,
    /// Called with every problem as it happens.
    pub report: &'a (dyn Fn(&Problem) + Sync),
}

/// The stamp of a file as it is on disk now: size, modification time in
/// nanoseconds, path.
pub fn file_stamp(path: &Path, metadata: &std::fs::Metadata) -> String {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{}:{}", metadata.len(), modified, path.to_string_lossy())
}

/// Calls `visit` with each live (not deleted) document holding `term`,
/// segment by segment, until it returns `false`.
fn each_live_doc(
    searcher: &Searcher,
    term: &Term,
    mut visit: impl FnMut(&tantivy::SegmentReader, tantivy::DocId) -> tantivy::Result<bool>,
) -> tantivy::Result<()> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(term.field())?;
        let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
            continue;
        };
        let alive = segment.alive_bitset();
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) && !visit(segment, doc)? {
                return Ok(());
            }
            doc = postings.advance();
        }
    }
    Ok(())
}

/// The extraction digest (see [`extraction_digest`]) of the first live
/// document holding `term`, as last committed.
fn committed_digest(
    searcher: &Searcher,
    term: &Term,
    schema: &IndexSchema,
) -> tantivy::Result<Option<u64>> {
    let name = schema.schema.get_field_name(schema.fields.extracted);
    let mut digest = None;
    each_live_doc(searcher, term, |segment, doc| {
        let column = segment.fast_fields().u64(name)?;
        digest = Some(column.first(doc).unwrap_or(0));
        Ok(false)
    })?;
    Ok(digest)
}

/// Number of live (not deleted) documents holding `term`, stopping at
/// `limit`.
fn live_docs(searcher: &Searcher, term: &Term, limit: u64) -> tantivy::Result<u64> {
    let mut count = 0;
    each_live_doc(searcher, term, |_, _| {
        count += 1;
        Ok(count < limit)
    })?;
    Ok(count)
}

/// What the index, as last committed, knows of a file.
enum Known {
    /// Nothing: the file is new.
    New,
    /// Some articles, but not with the current stamp: read it again.
    Changed,
    /// Indexed in full as it is now.
    Unchanged,
}

/// The writer, shared by the workers (who add and delete under a read
/// lock) and the one that commits (under the write lock).
struct SharedWriter<'a> {
    writer: RwLock<IndexWriter<TantivyDocument>>,
    dir: &'a Path,
    options: &'a IndexOptions,
    since_commit: AtomicU64,
    last_commit: Mutex<Instant>,
    committing: AtomicBool,
    failure: Mutex<Option<IndexError>>,
    progress: &'a Progress,
    /// Whether anything was added or deleted since the last commit.
    dirty: AtomicBool,
    /// What each commit records: the lists the committed articles were
    /// extracted with.
    payload: Mutex<Option<String>>,
}

impl SharedWriter<'_> {
    fn fail(&self, err: tantivy::TantivyError) {
        let mut slot = self.failure.lock().expect("failure lock");
        slot.get_or_insert(tantivy_error(self.dir)(err));
    }

    fn failed(&self) -> bool {
        self.failure.lock().expect("failure lock").is_some()
    }

    fn delete(&self, term: Term) {
        self.dirty.store(true, Ordering::Relaxed);
        self.writer.read().expect("writer lock").delete_term(term);
    }

    fn add(&self, doc: TantivyDocument) -> bool {
        self.dirty.store(true, Ordering::Relaxed);
        let added = self.writer.read().expect("writer lock").add_document(doc);
        match added {
            Ok(_) => {
                self.progress.articles.fetch_add(1, Ordering::Relaxed);
                let since = self.since_commit.fetch_add(1, Ordering::Relaxed) + 1;
                let every = self.options.commit_every_articles;
                if (every > 0 && since >= every) || since.is_multiple_of(512) {
                    self.commit_if_due();
                }
                true
            }
            Err(err) => {
                self.fail(err);
                false
            }
        }
    }

    /// Commits when enough articles or time went by since the last commit;
    /// one thread commits, the others wait for it on the lock.
    fn commit_if_due(&self) {
        let since = self.since_commit.load(Ordering::Relaxed);
        let every = self.options.commit_every_articles;
        let by_count = every > 0 && since >= every;
        let by_time = since > 0
            && self.last_commit.lock().expect("commit clock").elapsed()
                >= self.options.commit_interval;
        if !(by_count || by_time) || self.committing.swap(true, Ordering::AcqRel) {
            return;
        }
        self.commit();
        self.committing.store(false, Ordering::Release);
    }

    fn commit(&self) {
        let mut writer = self.writer.write().expect("writer lock");
        self.progress.committing.store(true, Ordering::Relaxed);
        self.dirty.store(false, Ordering::Relaxed);
        let payload = self.payload.lock().expect("payload lock").clone();
        let committed = writer.prepare_commit().and_then(|mut prepared| {
            if let Some(payload) = &payload {
                prepared.set_payload(payload);
            }
            prepared.commit()
        });
        self.progress.committing.store(false, Ordering::Relaxed);
        match committed {
            Ok(_) => {
                self.since_commit.store(0, Ordering::Relaxed);
                *self.last_commit.lock().expect("commit clock") = Instant::now();
                self.progress.commits.fetch_add(1, Ordering::Relaxed);
            }
            Err(err) => self.fail(err),
        }
    }
}

/// Indexes every article under `roots` into the index at `dir`: new and
/// changed files are read, unchanged ones skipped, the articles of files
/// gone from under the roots deleted (with `options.prune`). Problems with
/// single files are passed to `control.report` as they happen and never
/// stop the run.
pub fn index_archive(
    dir: &Path,
    roots: &[PathBuf],
    schema: &IndexSchema,
    extractor: &Extractor,
    options: &IndexOptions,
    control: &RunControl,
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let index = open_or_create(dir, schema)?;
    let threads = if options.threads > 0 {
        options.threads
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    };
    let budget = options.memory_budget.max(threads * MIN_BUDGET_PER_THREAD);
    let writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, budget)
        .map_err(tantivy_error(dir))?;
    // With the writer's lock held: what a killed run left half-written
    // goes.
    if let Ok(folder) = IndexFolder::open(dir) {
        folder.remove_leftovers();
    }
    // And the segment files of a run killed or failed (a full disk)
    // before it committed them: no commit refers to them, and a run with
    // nothing to do would otherwise never remove them.
    let _ = writer.garbage_collect_files().wait();
    // Recorded for a second writer's error message; stale copies are
    // harmless, since only the lock holder's pid is ever read.
    let _ = std::fs::write(dir.join(PID_FILE), std::process::id().to_string());
    let committed = index.reader().map_err(tantivy_error(dir))?.searcher();
    let fields = schema.fields;
    // The lists the committed articles were extracted with, and the files
    // whose articles name an entry added or removed since.
    let last_payload = index.load_metas().map_err(tantivy_error(dir))?.payload;
    let before = Entries::from_payload(last_payload.as_deref()).unwrap_or_default();
    let lists_changed = options.lists.changes(&before);
    let lists_payload = options.lists.to_payload();
    let payload_changed = last_payload.as_deref() != Some(lists_payload.as_str());
    let for_lists = if lists_changed > 0 && committed.num_docs() > 0 {
        files_naming(
            &index,
            &committed,
            &fields,
            &options.lists.changed_names(&before),
        )
        .map_err(tantivy_error(dir))?
    } else {
        Naming::default()
    };
    let shared = SharedWriter {
        writer: RwLock::new(writer),
        dir,
        options,
        since_commit: AtomicU64::new(0),
        last_commit: Mutex::new(Instant::now()),
        committing: AtomicBool::new(false),
        failure: Mutex::new(None),
        progress: control.progress,
        dirty: AtomicBool::new(false),
        // Until the run has read what the lists' change concerns, commits
        // record the lists as they were.
        payload: Mutex::new(last_payload),
    };
    let summary = Mutex::new(Summary::default());
    // Hashes of the files read in this run: a file reached twice (through
    // a symlink, or overlapping roots) is read once.
    let visited: Mutex<HashSet<u64>> = Mutex::new(HashSet::new());
    let canonical_roots: Vec<PathBuf> = roots.iter().map(|root| canonical(root.clone())).collect();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| IndexError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(err),
        })?;
    pool.install(|| {
        walk(roots, Some(dir), options.walk)
            .par_bridge()
            .for_each(|entry| {
                if control.stop.load(Ordering::Relaxed) || shared.failed() {
                    return;
                }
                control.progress.files.fetch_add(1, Ordering::Relaxed);
                let skipped = match entry {
                    Entry::Article(path) => Err(path),
                    Entry::Unsupported(path) => Ok(Problem::unsupported(path)),
                    Entry::NotArticle(path) => Ok(Problem::not_article(path)),
                    Entry::Problem(problem) => Ok(problem),
                };
                let path = match skipped {
                    Err(path) => path,
                    Ok(problem) => {
                        (control.report)(&problem);
                        control.progress.files_done.fetch_add(1, Ordering::Relaxed);
                        let mut s = summary.lock().expect("summary lock");
                        s.files_seen += 1;
                        let examples = match problem.kind {
                            ProblemKind::FileUnsupported => {
                                s.files_unsupported += 1;
                                &mut s.examples.unsupported
                            }
                            ProblemKind::FileIgnored => {
                                s.files_ignored += 1;
                                &mut s.examples.ignored
                            }
                            _ => {
                                control.progress.problems.fetch_add(1, Ordering::Relaxed);
                                s.files_failed += 1;
                                &mut s.examples.failed
                            }
                        };
                        Examples::keep(examples, &problem.path);
                        return;
                    }
                };
                // A bug met on one file (a panic) is that file's problem:
                // the run goes on, and the file is read again next time.
                let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    index_file(
                        canonical(path.clone()),
                        &path,
                        &committed,
                        &shared,
                        schema,
                        extractor,
                        options,
                        control,
                        &visited,
                        &for_lists,
                    )
                }));
                let outcome = read.unwrap_or_else(|panic| {
                    (control.report)(&Problem {
                        path: path.clone(),
                        line: None,
                        offset: None,
                        message: format!(
                            "skipped: newsdex failed on this file ({}); this is a bug, please report it with the file",
                            panic_message(&*panic)
                        ),
                        kind: ProblemKind::FileSkipped,
                    });
                    control.progress.problems.fetch_add(1, Ordering::Relaxed);
                    FileResult {
                        path: path.clone(),
                        failed: true,
                        ..FileResult::default()
                    }
                });
                control.progress.files_done.fetch_add(1, Ordering::Relaxed);
                control
                    .progress
                    .bytes_done
                    .fetch_add(outcome.bytes, Ordering::Relaxed);
                let mut s = summary.lock().expect("summary lock");
                s.files_seen += 1;
                if outcome.failed {
                    Examples::keep(&mut s.examples.failed, &outcome.path);
                }
                outcome.add_to(&mut s);
            });
    });

    let mut summary = summary.into_inner().expect("summary lock");
    summary.interrupted = control.stop.load(Ordering::Relaxed);
    summary.lists_changed = lists_changed;
    if options.prune && !summary.interrupted && !shared.failed() {
        prune(&committed, &shared, &fields, &canonical_roots, &mut summary)
            .map_err(tantivy_error(dir))?;
    }
    if let Some(err) = shared.failure.lock().expect("failure lock").take() {
        return Err(err);
    }
    if !summary.interrupted {
        *shared.payload.lock().expect("payload lock") = Some(lists_payload);
    }
    // A run that changed nothing leaves the index as it was.
    if shared.dirty.load(Ordering::Relaxed) || (payload_changed && !summary.interrupted) {
        shared.commit();
    }
    let writer = shared.writer.into_inner().expect("writer lock");
    if let Some(err) = shared.failure.into_inner().expect("failure lock") {
        return Err(err);
    }
    // The segments merged away during the run were kept for the searcher
    // of the last commit before it; with it gone, their files can go too.
    drop(committed);
    let _ = writer.garbage_collect_files().wait();
    if summary.interrupted {
        // Merges are left for the next run, so that Ctrl-C exits at once.
        drop(writer);
    } else {
        writer.wait_merging_threads().map_err(tantivy_error(dir))?;
        // The last merge's sources were still open when it cleaned up
        // after itself: one more pass, now that nothing holds them. The
        // merge threads may hold the writer's lock a moment longer (on a
        // busy machine): the pass waits for it, up to ten seconds.
        let mut passes = 0;
        for _ in 0..500 {
            match index.writer_with_num_threads::<TantivyDocument>(1, MIN_BUDGET_PER_THREAD) {
                Ok(writer) => {
                    let _ = writer.garbage_collect_files().wait();
                    passes += 1;
                    if passes == 2 {
                        break;
                    }
                    // A merge's thread lets go of its segments a moment
                    // after the merge is waited for: a second pass, later.
                    drop(writer);
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(_) => break,
            }
        }
    }
    Ok(finish(dir, summary, control, started))
}

fn finish(dir: &Path, mut summary: Summary, control: &RunControl, started: Instant) -> Summary {
    let _ = std::fs::remove_file(dir.join(PID_FILE));
    summary.commits = control.progress.commits.load(Ordering::Relaxed);
    summary.elapsed = started.elapsed();
    summary
}

/// What a caught panic said.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("an internal error")
}

/// One spelling per file, so that `a/../a/x.txt` is `a/x.txt`.
pub(crate) fn canonical(path: PathBuf) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(&path))
        .unwrap_or(path)
}

/// What indexing one file gave, to add to the run's summary.
#[derive(Default)]
struct FileResult {
    path: PathBuf,
    learned_outlets: Vec<String>,
    /// Read again, though unchanged, because the lists changed.
    for_lists: bool,
    known: Option<Known>,
    bytes: u64,
    articles: u64,
    failed: bool,
    records_skipped: u64,
    warnings: u64,
}

impl FileResult {
    fn add_to(&self, s: &mut Summary) {
        match self.known {
            _ if self.failed => s.files_failed += 1,
            Some(Known::New) => s.files_new += 1,
            Some(Known::Changed) => s.files_changed += 1,
            Some(Known::Unchanged) => s.files_unchanged += 1,
            None => {}
        }
        s.bytes += if matches!(self.known, Some(Known::Unchanged)) {
            0
        } else {
            self.bytes
        };
        s.articles += self.articles;
        s.files_for_lists += u64::from(self.for_lists);
        s.learned_outlets
            .extend(self.learned_outlets.iter().cloned());
        s.records_skipped += self.records_skipped;
        s.warnings += self.warnings;
    }
}

#[allow(clippy::too_many_arguments)]
fn index_file(
    path: PathBuf,
    name: &Path,
    committed: &Searcher,
    shared: &SharedWriter,
    schema: &IndexSchema,
    extractor: &Extractor,
    options: &IndexOptions,
    control: &RunControl,
    visited: &Mutex<HashSet<u64>>,
    for_lists: &Naming,
) -> FileResult {
    let fields = &schema.fields;
    let mut result = FileResult {
        path: path.clone(),
        ..FileResult::default()
    };
    let report = |problem: &Problem| {
        (control.report)(problem);
        control.progress.problems.fetch_add(1, Ordering::Relaxed);
    };
    let metadata = match std::fs::metadata(&path) {
        Ok(metadata) => metadata,
        Err(err) => {
            // Vanished between the walk and now, or unreadable.
            report(&Problem {
                path,
                line: None,
                offset: None,
                message: format!("cannot read: {err}"),
                kind: ProblemKind::FileSkipped,
            });
            result.failed = true;
            return result;
        }
    };
    result.bytes = metadata.len();
    let path_text = path.to_string_lossy().into_owned();
    {
        let mut hasher = std::hash::DefaultHasher::new();
        path_text.hash(&mut hasher);
        if !visited
            .lock()
            .expect("visited lock")
            .insert(hasher.finish())
        {
            // Reached a second time in this run: already handled.
            result.known = Some(Known::Unchanged);
            return result;
        }
    }
    let stamp = file_stamp(&path, &metadata);
    let path_term = Term::from_field_text(fields.path, &path_text);
    let known = match live_docs(committed, &path_term, 1) {
        Err(err) => {
            shared.fail(err);
            return result;
        }
        Ok(0) => Known::New,
        Ok(_) => {
            let stamp_term = Term::from_field_text(fields.file_stamp, &stamp);
            match live_docs(committed, &stamp_term, 1) {
                Ok(n) if n > 0 && for_lists.paths.contains(&path_text) && !options.force => {
                    result.for_lists = true;
                    Known::Changed
                }
                Ok(n) if n > 0 && !options.force => Known::Unchanged,
                Ok(_) => Known::Changed,
                Err(err) => {
                    shared.fail(err);
                    return result;
                }
            }
        }
    };
    if matches!(known, Known::Unchanged) {
        result.known = Some(known);
        return result;
    }
    // A file read again only because the lists changed is refreshed: an
    // article is replaced only when its speakers or sources change, so
    // that learning an outlet costs extraction, not indexing, for the
    // articles it does not concern.
    let refresh = result.for_lists;
    // The old articles are deleted only once the file gives something, so
    // that a file that can no longer be read keeps what it gave before.
    let mut old_deleted = matches!(known, Known::New) || refresh;
    let mut abandoned = false;
    let mut held: Option<TantivyDocument> = None;
    let outcome = read_file_named(&path, name, &mut |article| {
        if abandoned || control.stop.load(Ordering::Relaxed) || shared.failed() {
            abandoned = true;
            return;
        }
        if !old_deleted {
            shared.delete(path_term.clone());
            old_deleted = true;
        }
        let id = article_id(&article);
        if refresh && !for_lists.names_article(&id) {
            // Its text names no entry that changed: its extraction is
            // what it was, and it is kept as it is.
            if let Some(previous) = held.take() {
                if shared.add(previous) {
                    result.articles += 1;
                }
            }
            return;
        }
        // A bug met in one article's text leaves that article without its
        // speakers and sources, said so, rather than stopping the file.
        let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let found = extractor.extract(&article);
            let statements = extractor.statements(read_part(&article.body), &found);
            (found, statements)
        }));
        let (found, statements) = extracted.unwrap_or_else(|panic| {
            report(&Problem {
                path: path.clone(),
                line: None,
                offset: None,
                message: format!(
                    "{}indexed without speakers and sources: newsdex failed on its text ({}); this is a bug, please report it with the file",
                    article.record.map(|n| format!("record {n}: ")).unwrap_or_default(),
                    panic_message(&*panic)
                ),
                kind: ProblemKind::Warning,
            });
            result.warnings += 1;
            (Extraction::default(), Vec::new())
        });
        if article.body.len() > READ_BYTES {
            report(&Problem {
                path: path.clone(),
                line: None,
                offset: None,
                message: format!(
                    "{}an article of {:.0} MB: all of its text is searchable, but its speakers, sources and near-duplicates are found in its first MB only",
                    article.record.map(|n| format!("record {n}: ")).unwrap_or_default(),
                    article.body.len() as f64 / 1e6
                ),
                kind: ProblemKind::Warning,
            });
        }
        result
            .learned_outlets
            .extend(found.learned_outlets.iter().cloned());
        if refresh {
            let id_term = Term::from_field_text(fields.id, &id);
            let digest = extraction_digest(&found.speakers, &found.sources);
            match committed_digest(committed, &id_term, schema) {
                Ok(Some(before)) => {
                    if before == digest {
                        // Kept as it is; the article before it, replaced,
                        // is not the file's last.
                        if let Some(previous) = held.take() {
                            if shared.add(previous) {
                                result.articles += 1;
                            }
                        }
                        return;
                    }
                    shared.delete(id_term);
                }
                Ok(None) => {}
                Err(err) => {
                    shared.fail(err);
                    abandoned = true;
                    return;
                }
            }
        }
        let doc = to_document(
            schema,
            Extracted {
                id: &id,
                article: &article,
                speakers: &found.speakers,
                sources: &found.sources,
                statements: &statements,
            },
        );
        // The document holds its own copy of the text.
        drop(article);
        // Each article waits for the next, so that the last one can carry
        // the file stamp.
        if let Some(previous) = held.replace(doc) {
            if shared.add(previous) {
                result.articles += 1;
            }
        }
    });
    for problem in &outcome.problems {
        report(problem);
        match problem.kind {
            ProblemKind::FileSkipped | ProblemKind::FileUnsupported | ProblemKind::FileIgnored => {
                result.failed = true
            }
            ProblemKind::RecordSkipped => result.records_skipped += 1,
            ProblemKind::Warning => result.warnings += 1,
        }
    }
    if abandoned {
        // Interrupted: no stamp, so the next run reads the file again.
        if let Some(doc) = held {
            if shared.add(doc) {
                result.articles += 1;
            }
        }
        result.known = Some(known);
        return result;
    }
    match held {
        Some(mut last) => {
            if !result.failed {
                last.add_text(fields.file_stamp, &stamp);
            }
            if shared.add(last) {
                result.articles += 1;
            }
        }
        None if !result.failed && !old_deleted => {
            // Readable but empty now: what it gave before goes.
            shared.delete(path_term);
        }
        None => {}
    }
    result.known = Some(known);
    result
}

/// The articles whose extraction a change of the lists may change: those
/// that name an entry added or removed.
#[derive(Default)]
struct Naming {
    /// Their files, as indexed.
    paths: HashSet<String>,
    /// Their ids (see [`article_id`]: 16 hex digits), as numbers.
    articles: HashSet<u64>,
    /// Whether some of their ids could not be read: then every article
    /// of those files may be concerned.
    every: bool,
}

impl Naming {
    fn names_article(&self, id: &str) -> bool {
        self.every || u64::from_str_radix(id, 16).map_or(true, |id| self.articles.contains(&id))
    }
}

/// The articles (and their files) that may name one of `names`: the name
/// as a phrase in the title or body, or as a source or speaker.
fn files_naming(
    index: &Index,
    searcher: &Searcher,
    fields: &Fields,
    names: &[String],
) -> tantivy::Result<Naming> {
    use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
    use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
    let parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for name in names {
        let literal = UserInputLiteral {
            field_name: None,
            phrase: name.clone(),
            delimiter: Delimiter::DoubleQuotes,
            slop: 0,
            prefix: false,
        };
        let ast = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
        if let Ok(query) = parser.build_query_from_user_input_ast(ast) {
            clauses.push((Occur::Should, query));
        }
        for field in [fields.source, fields.speaker] {
            let term = Term::from_facet(field, &Facet::from_path([name.as_str()]));
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
    }
    // The matching articles of each segment, then each file's path read
    // from the path terms whose articles match: no stored document is
    // read.
    let query = BooleanQuery::new(clauses);
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    let mut naming = Naming::default();
    let id_name = index.schema().get_field_name(fields.id).to_string();
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let mut matching = vec![false; segment.max_doc() as usize];
        let mut any = false;
        let alive = segment.alive_bitset();
        let ids = segment.fast_fields().str(&id_name)?;
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                matching[doc as usize] = true;
                any = true;
                let ord = ids.as_ref().and_then(|ids| ids.term_ords(doc).next());
                let mut known = false;
                if let (Some(ids), Some(ord)) = (&ids, ord) {
                    id.clear();
                    ids.ord_to_str(ord, &mut id)?;
                    if let Ok(number) = u64::from_str_radix(&id, 16) {
                        naming.articles.insert(number);
                        known = true;
                    }
                }
                // An id not read: every article of the files is read.
                naming.every |= !known;
            }
            doc = scorer.advance();
        }
        if !any {
            continue;
        }
        let inverted = segment.inverted_index(fields.path)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let mut postings =
                inverted.read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if matching[doc as usize] {
                    if let Ok(path) = std::str::from_utf8(stream.key()) {
                        naming.paths.insert(path.to_string());
                    }
                    break;
                }
                doc = postings.advance();
            }
        }
    }
    Ok(naming)
}

/// Deletes the articles of files that were indexed from under `roots` and
/// no longer exist.
fn prune(
    committed: &Searcher,
    shared: &SharedWriter,
    fields: &Fields,
    roots: &[PathBuf],
    summary: &mut Summary,
) -> tantivy::Result<()> {
    let mut done: HashSet<Vec<u8>> = HashSet::new();
    for segment in committed.segment_readers() {
        let inverted = segment.inverted_index(fields.path)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Ok(text) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let path = Path::new(text);
            if !roots.iter().any(|root| path.starts_with(root)) || path.exists() {
                continue;
            }
            if !done.insert(stream.key().to_vec()) {
                continue;
            }
            let term = Term::from_field_text(fields.path, text);
            let articles = live_docs(committed, &term, u64::MAX)?;
            if articles > 0 {
                shared.delete(term);
                summary.files_removed += 1;
                summary.articles_removed += articles;
            }
        }
    }
    Ok(())
}
