//! `newsdex stats`: figures about the whole index.

use std::io::Write;

use serde::Serialize;

use super::Status;
use crate::cli::StatsArgs;
use crate::date::format_rfc3339;
use crate::schema::IndexSchema;
use crate::search::{IndexStats, Searchable};

/// What `stats` prints.
#[derive(Serialize)]
struct Printed {
    index: String,
    #[serde(flatten)]
    stats: IndexStats,
    size_bytes: u64,
    last_update: Option<String>,
}

/// Runs `newsdex stats`.
pub fn run(args: &StatsArgs) -> anyhow::Result<Status> {
    let schema = IndexSchema::builtin();
    let searchable = Searchable::open(&args.index.dir, &schema)?;
    let stats = searchable.stats()?;
    let size_bytes = walkdir::WalkDir::new(&args.index.dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let last_update = std::fs::metadata(args.index.dir.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
        .map(|t| {
            format_rfc3339(
                time::OffsetDateTime::from(t)
                    .replace_nanosecond(0)
                    .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
            )
        });
    let printed = Printed {
        index: args.index.dir.display().to_string(),
        stats,
        size_bytes,
        last_update,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &printed)?;
        writeln!(out)?;
    } else {
        let s = &printed.stats;
        let or_none = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".to_string());
        writeln!(out, "index:        {}", printed.index)?;
        writeln!(
            out,
            "articles:     {} ({} with a date)",
            s.articles, s.dated_articles
        )?;
        writeln!(out, "sources:      {}", s.sources)?;
        writeln!(out, "speakers:     {}", s.speakers)?;
        match (&s.earliest, &s.latest) {
            (None, None) => writeln!(out, "dates:        none")?,
            (earliest, latest) => writeln!(
                out,
                "dates:        {} to {}",
                or_none(earliest),
                or_none(latest)
            )?,
        }
        writeln!(
            out,
            "size:         {:.1} MB in {}",
            printed.size_bytes as f64 / 1e6,
            crate::output::plural(s.segments as u64, "segment", "segments")
        )?;
        writeln!(out, "last update:  {}", or_none(&printed.last_update))?;
    }
    out.flush()?;
    Ok(Status::Success)
}
