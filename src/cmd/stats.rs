//! `newsdex stats`: figures about the whole index.

use std::io::Write;

use super::Status;
use crate::cli::StatsArgs;

/// Runs `newsdex stats`.
pub fn run(args: &StatsArgs) -> anyhow::Result<Status> {
    let printed = super::open_archive(&args.index, &args.cluster)?.stats()?;
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
