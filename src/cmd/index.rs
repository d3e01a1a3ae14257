//! `newsdex index`: build or update the index from archives.

use anyhow::Context;

use super::{load_vocabulary, Status};
use crate::cli::IndexArgs;
use crate::extract::Extractor;
use crate::index::{index_archive, IndexOptions};
use crate::schema::IndexSchema;

/// Runs `newsdex index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<Status> {
    for archive in &args.archives {
        if !archive.exists() {
            anyhow::bail!("archive {} does not exist", archive.display());
        }
    }
    let schema = IndexSchema::builtin();
    let vocab = load_vocabulary(Some(&args.index.dir), &args.outlets, &args.people)?;
    let extractor = Extractor::new(vocab);
    let options = IndexOptions {
        threads: args.threads.unwrap_or(0),
        memory_budget: args.memory.max(16) * 1024 * 1024,
    };
    let quiet = args.quiet;
    let report = |problem: &crate::parse::Problem| {
        if !quiet {
            eprintln!("newsdex: warning: {problem}");
        }
    };
    let summary = index_archive(
        &args.index.dir,
        &args.archives,
        &schema,
        &extractor,
        &options,
        &report,
    )
    .with_context(|| format!("indexing into {} failed", args.index.dir.display()))?;
    if !quiet {
        let secs = summary.elapsed.as_secs_f64().max(1e-6);
        eprintln!(
            "newsdex: indexed {} articles from {} files in {:.2} s ({:.1} MB/s)",
            summary.articles,
            summary.files_indexed,
            secs,
            summary.bytes as f64 / 1e6 / secs
        );
        eprintln!(
            "newsdex: files seen {}, indexed {}, skipped {} ({} unsupported type, {} unreadable or broken); records skipped {}; warnings {}",
            summary.files_seen,
            summary.files_indexed,
            summary.files_unsupported + summary.files_failed,
            summary.files_unsupported,
            summary.files_failed,
            summary.records_skipped,
            summary.warnings
        );
        eprintln!("newsdex: index at {}", args.index.dir.display());
    }
    Ok(Status::Success)
}
