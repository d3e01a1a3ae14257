//! `newsdex facets`: sources, speakers, authors or languages with their
//! article counts.

use std::io::Write;

use super::Status;
use crate::cli::FacetsArgs;
use crate::facets::FacetCount;
use crate::output;
use crate::request::SearchParams;
use crate::search::FacetLimit;

/// Runs `newsdex facets`.
pub fn run(args: &FacetsArgs) -> anyhow::Result<Status> {
    let params = SearchParams {
        q: args.query.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        // `newsdex facets` lists: 0 lists every value.
        facets: match args.limit {
            0 => FacetLimit::All,
            n => FacetLimit::Top(n),
        },
        ..SearchParams::default()
    };
    params.dates()?;
    let matches = super::open_archive(&args.index, &args.cluster)?.facets(&params)?;
    let shown = output::facet_lists(&matches, args.field);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &output::facets_json(&matches, &shown)?)?;
        writeln!(out)?;
    } else {
        for (i, list) in shown.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            print_list(
                &mut out,
                list.title,
                list.counts,
                list.distinct,
                matches.total,
            )?;
        }
    }
    out.flush()?;
    Ok(Status::of(matches.total))
}

fn print_list(
    out: &mut dyn Write,
    title: &str,
    shown: &[FacetCount],
    distinct: Option<usize>,
    articles: u64,
) -> std::io::Result<()> {
    match distinct {
        Some(all) => writeln!(out, "{title} ({all} in {articles} articles):")?,
        None => writeln!(
            out,
            "{title} (the {} most frequent in {articles} articles):",
            shown.len()
        )?,
    }
    let width = shown
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for c in shown {
        writeln!(out, "  {:>width$}  {}", c.count, c.name)?;
    }
    match distinct {
        Some(all) if all > shown.len() => writeln!(
            out,
            "  ... and {} more (--limit 0 lists all)",
            all - shown.len()
        )?,
        _ => {}
    }
    Ok(())
}
