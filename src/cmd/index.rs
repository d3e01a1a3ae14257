//! `newsdex index`: build or update the index from archives, with a
//! progress display on stderr, an optional JSON Lines report of every
//! problem, and a summary at the end.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Status;
use crate::archive::load_vocabulary;
use crate::cli::IndexArgs;
use crate::extract::Extractor;
use crate::index::{index_archive, IndexOptions, Progress, RunControl, Summary, EXAMPLES};
use crate::lists;
use crate::output::plural;
use crate::parse::{Problem, ProblemKind, SUPPORTED_TYPES};
use crate::schema::IndexSchema;
use crate::walk::{walk, Entry, WalkOptions};

/// Runs `newsdex index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<Status> {
    if let Some(url) = &args.cluster.opensearch {
        return run_on_cluster(args, url);
    }
    check_index_folder(&args.index.dir, &args.archives)?;
    super::check_archives(&args.archives)?;
    let schema = IndexSchema::builtin();
    // The lists given are checked, then kept with the index, which reads
    // them from then on.
    load_vocabulary(None, &args.outlets, &args.people)?;
    lists::keep(&args.index.dir, lists::Kind::Outlets, &args.outlets)?;
    lists::keep(&args.index.dir, lists::Kind::People, &args.people)?;
    let vocab = load_vocabulary(Some(&args.index.dir), &[], &[])?;
    let entries = lists::Entries::of_index(&args.index.dir)?;
    let extractor = Extractor::new(vocab);
    let options = IndexOptions {
        threads: args.threads.unwrap_or(0),
        memory_budget: args.memory.saturating_mul(1024 * 1024),
        commit_every_articles: args.commit_every,
        commit_interval: Duration::from_secs(args.commit_interval.max(1)),
        prune: !args.no_prune,
        force: args.force,
        walk: WalkOptions {
            all_files: args.all_files,
        },
        lists: entries,
    };
    let report_file = match &args.report {
        Some(path) => Some(Mutex::new(BufWriter::new(
            File::create(path)
                .with_context(|| format!("cannot create the report file {}", path.display()))?,
        ))),
        None => None,
    };

    let progress = Progress::default();
    let stop = Arc::new(AtomicBool::new(false));
    watch_for_ctrl_c(&stop, args.quiet);
    let display = Display::new(args.quiet);
    let report = |problem: &Problem| {
        if let Some(file) = &report_file {
            let line = serde_json::json!({
                "path": problem.path.to_string_lossy(),
                "line": problem.line,
                "offset": problem.offset,
                "kind": problem.kind,
                "message": problem.message,
            });
            let mut file = file.lock().expect("report lock");
            // A full disk shows up when the report is flushed below.
            let _ = writeln!(file, "{line}");
        }
        // Files of other types and README-like files are counted and
        // named in the summary, not warned about one by one.
        if !matches!(
            problem.kind,
            ProblemKind::FileUnsupported | ProblemKind::FileIgnored
        ) {
            display.warn(&format!("newsdex: warning: {problem}"));
        }
    };
    let control = RunControl {
        progress: &progress,
        stop: &stop,
        report: &report,
    };

    let finished = AtomicBool::new(false);
    let total_bytes = Mutex::new(None);
    let summary = std::thread::scope(|scope| {
        if display.shows_progress() {
            let (finished, total_bytes) = (&finished, &total_bytes);
            let archives = &args.archives;
            let index_dir = &args.index.dir;
            let walk_options = options.walk;
            scope.spawn(move || {
                let total = count_bytes(archives, index_dir, walk_options, finished);
                *total_bytes.lock().expect("total lock") = total;
            });
            let display = &display;
            let progress = &progress;
            scope.spawn(move || display.run(progress, finished, total_bytes));
        }
        let summary = index_archive(
            &args.index.dir,
            &args.archives,
            &schema,
            &extractor,
            &options,
            &control,
        );
        finished.store(true, Ordering::Release);
        summary
    })
    .map_err(|err| with_context(err, &args.index.dir))?;
    display.finish();
    let mut summary = summary;
    if !summary.interrupted {
        learn_outlets(args, &schema, &options, &control, &mut summary)?;
    }

    if let (Some(file), Some(path)) = (report_file, &args.report) {
        file.into_inner()
            .expect("report lock")
            .flush()
            .with_context(|| format!("cannot write the report file {}", path.display()))?;
    }
    if !args.quiet {
        print_summary(&summary, &args.index.dir);
    }
    // Ctrl-C during the last commit: the run is complete, but it was
    // interrupted all the same, as the exit status says.
    if summary.interrupted || stop.load(Ordering::Relaxed) {
        return Ok(Status::Interrupted);
    }
    if args.strict && summary.skipped() > 0 {
        anyhow::bail!(
            "{} and {} were skipped (--strict); see the summary and warnings{}",
            plural(
                summary.files_failed + summary.files_unsupported,
                "file",
                "files"
            ),
            plural(summary.records_skipped, "record", "records"),
            if args.report.is_some() {
                " or the report"
            } else {
                ""
            }
        );
    }
    Ok(Status::Success)
}

/// Keeps the outlets this run's articles credited that no list names;
/// when there are new ones, reads again the files whose articles name
/// them, so that every article of the archive is extracted knowing them.
fn learn_outlets(
    args: &IndexArgs,
    schema: &IndexSchema,
    options: &IndexOptions,
    control: &RunControl,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    let vocab = load_vocabulary(Some(&args.index.dir), &[], &[])?;
    let added = lists::learn(&args.index.dir, &summary.learned_outlets, |name| {
        vocab.outlets.canonical(name).is_some()
    })?;
    summary.learned_new = added.clone();
    if added.is_empty() {
        return Ok(());
    }
    let extractor = Extractor::new(load_vocabulary(Some(&args.index.dir), &[], &[])?);
    let again = IndexOptions {
        force: false,
        lists: lists::Entries::of_index(&args.index.dir)?,
        ..options.clone()
    };
    let second = index_archive(
        &args.index.dir,
        &args.archives,
        schema,
        &extractor,
        &again,
        control,
    )
    .map_err(|err| with_context(err, &args.index.dir))?;
    summary.absorb_rereading(&second);
    Ok(())
}

/// Files that may stand in an index folder before its first run: the
/// lists and groups the user keeps there.
const INDEX_FOLDER_FILES: &[&str] = &["outlets.txt", "people.txt", "groups.txt", "lists"];

/// Refuses an index folder that is an archive, holds one, or is a folder
/// of other files: indexing there would write index files among the
/// articles (and read none of them, since the index folder is not read).
fn check_index_folder(index: &Path, archives: &[PathBuf]) -> anyhow::Result<()> {
    let canonical = |p: &Path| p.canonicalize().ok();
    if let Some(folder) = canonical(index) {
        for archive in archives {
            if canonical(archive).is_some_and(|a| a.starts_with(&folder)) {
                anyhow::bail!(
                    "the index folder {} holds the archive {}; give the index a folder of its own with --index DIR",
                    index.display(),
                    archive.display()
                );
            }
        }
    }
    if index.is_dir() && !crate::index::exists(index) {
        let others = std::fs::read_dir(index)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        !INDEX_FOLDER_FILES.contains(&name.as_str()) && !name.starts_with('.')
                    })
                    .count()
            })
            .unwrap_or(0);
        if others > 0 {
            anyhow::bail!(
                "{} is not an index and holds {}; give the index a new or empty folder with --index DIR",
                index.display(),
                plural(others as u64, "other file", "other files")
            );
        }
    }
    Ok(())
}

/// The first Ctrl-C asks the run to stop and commit; a second one quits at
/// once (the index still holds its last commit).
fn watch_for_ctrl_c(stop: &Arc<AtomicBool>, quiet: bool) {
    let stop = Arc::clone(stop);
    // Fails only if a handler is already set, which newsdex never does twice.
    let _ = ctrlc::set_handler(move || {
        if stop.swap(true, Ordering::SeqCst) {
            std::process::exit(Status::Interrupted as i32);
        }
        if !quiet {
            crate::output::message(
                "\nnewsdex: stopping; committing what is done (Ctrl-C again to quit at once)",
            );
        }
    });
}

/// Sums the sizes of the supported files under the archives, so that the
/// progress bar can show an ETA. Gives up when the run ends first.
fn count_bytes(
    archives: &[PathBuf],
    index_dir: &Path,
    options: WalkOptions,
    finished: &AtomicBool,
) -> Option<u64> {
    let mut total = 0;
    for entry in walk(archives, Some(index_dir), options) {
        if finished.load(Ordering::Acquire) {
            return None;
        }
        if let Entry::Article(path) = entry {
            total += std::fs::metadata(&path).map_or(0, |m| m.len());
        }
    }
    Some(total)
}

/// How progress and warnings reach the user: a bar on a terminal, a plain
/// line every few seconds otherwise, nothing with `--quiet`.
struct Display {
    bar: Option<ProgressBar>,
    plain: bool,
    quiet: bool,
    started: Instant,
}

/// How often a plain progress line is printed when stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(10);

impl Display {
    fn new(quiet: bool) -> Display {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {bytes} read ({bytes_per_sec}) {msg}",
                )
                .expect("valid template"),
            );
            bar
        });
        Display {
            bar,
            plain: !quiet && !terminal,
            quiet,
            started: Instant::now(),
        }
    }

    fn shows_progress(&self) -> bool {
        self.bar.is_some() || self.plain
    }

    fn warn(&self, message: &str) {
        if self.quiet {
            return;
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| crate::output::message(message)),
            None => crate::output::message(message),
        }
    }

    /// Refreshes the display from the counters until the run finishes.
    fn run(&self, progress: &Progress, finished: &AtomicBool, total: &Mutex<Option<u64>>) {
        let mut last_plain = Instant::now();
        let mut has_length = false;
        while !finished.load(Ordering::Acquire) {
            std::thread::sleep(Duration::from_millis(100));
            let files = progress.files_done.load(Ordering::Relaxed);
            let articles = progress.articles.load(Ordering::Relaxed);
            let bytes = progress.bytes_done.load(Ordering::Relaxed);
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            let mut message = format!(
                "{}, {} ({:.0}/s), {}, {}",
                plural(files, "file", "files"),
                plural(articles, "article", "articles"),
                articles as f64 / secs,
                plural(
                    progress.problems.load(Ordering::Relaxed),
                    "problem",
                    "problems"
                ),
                plural(
                    progress.commits.load(Ordering::Relaxed),
                    "commit",
                    "commits"
                ),
            );
            if progress.committing.load(Ordering::Relaxed) {
                message.push_str(", committing");
            }
            if let Some(bar) = &self.bar {
                if !has_length {
                    if let Some(total) = *total.lock().expect("total lock") {
                        bar.set_length(total);
                        bar.set_style(
                            ProgressStyle::with_template(
                                "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta}) {msg}",
                            )
                            .expect("valid template")
                            .progress_chars("=> "),
                        );
                        has_length = true;
                    }
                }
                bar.set_position(bytes);
                bar.set_message(message);
            } else if self.plain && last_plain.elapsed() >= PLAIN_EVERY {
                crate::output::message(&format!(
                    "newsdex: {:.0} s: {message}, {:.1} MB read",
                    secs,
                    bytes as f64 / 1e6
                ));
                last_plain = Instant::now();
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_summary(summary: &Summary, index_dir: &Path) {
    for line in summary_lines(summary, index_dir) {
        crate::output::message(&format!("newsdex: {line}"));
    }
}

/// The summary of a run, a line each: what was indexed, the files seen,
/// each kind of file skipped (with a few of their names), records and
/// warnings, where the index is.
fn summary_lines(summary: &Summary, index_dir: &Path) -> Vec<String> {
    let secs = summary.elapsed.as_secs_f64().max(1e-6);
    let nothing_new = summary.articles == 0
        && summary.files_new + summary.files_changed == 0
        && !summary.interrupted;
    let mut lines = vec![if nothing_new {
        format!(
            "nothing new to index: no file is new or changed since the last run ({:.2} s)",
            secs
        )
    } else {
        format!(
            "indexed {} from {} in {:.2} s ({:.1} MB/s, {:.0} articles/s){}",
            plural(summary.articles, "article", "articles"),
            plural(summary.files_new + summary.files_changed, "file", "files"),
            secs,
            summary.bytes as f64 / 1e6 / secs,
            summary.articles as f64 / secs,
            if summary.interrupted {
                "; interrupted: run again to finish"
            } else {
                ""
            }
        )
    }];
    lines.push(format!(
        "files seen {}: {} new, {} changed, {} unchanged, {} removed ({} deleted); {}",
        summary.files_seen,
        summary.files_new,
        summary.files_changed,
        summary.files_unchanged,
        summary.files_removed,
        plural(summary.articles_removed, "article", "articles"),
        plural(summary.commits, "commit", "commits"),
    ));
    let named = |count: u64, examples: &[PathBuf]| -> String {
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut names: Vec<String> = examples
            .iter()
            .map(|p| p.strip_prefix(&cwd).unwrap_or(p).display().to_string())
            .collect();
        if count > EXAMPLES as u64 {
            names.push(format!("and {} more", count - EXAMPLES as u64));
        }
        names.join(", ")
    };
    let examples = &summary.examples;
    let skipped = [
        (
            summary.files_unsupported,
            &examples.unsupported,
            "skipped",
            "of a type newsdex does not read",
            format!("it reads {SUPPORTED_TYPES}"),
        ),
        (
            summary.files_failed,
            &examples.failed,
            "skipped",
            "that could not be read",
            "the warnings say why".to_string(),
        ),
        (
            summary.files_ignored,
            &examples.ignored,
            "left out",
            "describing the archive, not articles",
            "--all-files reads them".to_string(),
        ),
    ];
    for (count, paths, verb, what, hint) in skipped {
        if count > 0 {
            lines.push(format!(
                "{verb} {} {what}: {} ({hint})",
                plural(count, "file", "files"),
                named(count, paths),
            ));
        }
    }
    if summary.lists_changed > 0 {
        lines.push(format!(
            "the outlet and people lists changed ({}): {} whose articles may name them read again",
            plural(summary.lists_changed as u64, "entry", "entries"),
            plural(summary.files_for_lists, "file", "files"),
        ));
    }
    if !summary.learned_new.is_empty() {
        let mut names: Vec<&str> = summary
            .learned_new
            .iter()
            .take(EXAMPLES)
            .map(String::as_str)
            .collect();
        if summary.learned_new.len() > EXAMPLES {
            names.push("...");
        }
        lines.push(format!(
            "learned {} from the articles' credits ({}; kept in {}); read again the {} naming them",
            plural(summary.learned_new.len() as u64, "outlet", "outlets"),
            names.join(", "),
            lists::LEARNED_OUTLETS,
            plural(summary.files_for_learned, "file", "files"),
        ));
    }
    if summary.records_skipped > 0 || summary.warnings > 0 {
        lines.push(format!(
            "skipped {} inside files that were read; {}",
            plural(summary.records_skipped, "record", "records"),
            plural(summary.warnings, "warning", "warnings"),
        ));
    }
    lines.push(format!("index at {}", index_dir.display()));
    lines
}

/// An indexing error as the user sees it: said once, with the index named
/// where the message does not name it already.
fn with_context(err: crate::index::IndexError, dir: &std::path::Path) -> anyhow::Error {
    match err {
        err @ crate::index::IndexError::DiskFull { .. } => err.into(),
        err => anyhow::Error::new(err).context(format!("indexing into {} failed", dir.display())),
    }
}

/// `newsdex index --opensearch URL`: the archive walked, parsed and
/// extracted as for a local index, the articles sent to the cluster.
fn run_on_cluster(args: &IndexArgs, url: &str) -> anyhow::Result<Status> {
    use crate::opensearch::{ensure_index, load_archive, Cluster, LoadOptions, Mapping};
    super::check_archives(&args.archives)?;
    let cluster = Cluster::new(url, &args.cluster.options()?)?;
    cluster.check()?;
    let schema = IndexSchema::builtin();
    let mapping = Mapping {
        shards: args.os_shards.max(1),
        replicas: args.os_replicas,
    };
    let index = &args.cluster.os_index;
    ensure_index(&cluster, index, &schema, mapping)?;
    let extractor = Extractor::new(load_vocabulary(None, &args.outlets, &args.people)?);
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let quiet = args.quiet;
    let report = |problem: &Problem| {
        if !quiet
            && !matches!(
                problem.kind,
                ProblemKind::FileUnsupported | ProblemKind::FileIgnored
            )
        {
            eprintln!("newsdex: warning: {problem}");
        }
    };
    let started = std::time::Instant::now();
    let walk = crate::walk::WalkOptions {
        all_files: args.all_files,
    };
    let summary = pool.install(|| {
        load_archive(
            &cluster,
            index,
            &args.archives,
            &schema,
            &extractor,
            LoadOptions {
                walk,
                prune: !args.no_prune,
            },
            &report,
        )
    })?;
    if !quiet {
        eprintln!(
            "newsdex: sent {} to {}/{} in {:.2} s ({} bulk requests)",
            plural(summary.articles_sent, "article", "articles"),
            cluster.url(),
            index,
            started.elapsed().as_secs_f64(),
            summary.bulk_requests
        );
        eprintln!(
            "newsdex: files seen {}: {} new, {} changed, {} unchanged, {} removed, {} failed; {} rejected by the cluster",
            summary.files_seen,
            summary.files_new,
            summary.files_changed,
            summary.files_unchanged,
            summary.files_removed,
            summary.files_failed,
            plural(summary.articles_rejected, "article", "articles"),
        );
    }
    if args.strict && (summary.files_failed > 0 || summary.articles_rejected > 0) {
        anyhow::bail!("files or articles were skipped (--strict); see the warnings");
    }
    Ok(Status::Success)
}
