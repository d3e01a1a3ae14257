//! `newsdex facets`: sources, speakers, authors or languages with their
//! article counts.

use std::io::Write;

use super::Status;
use crate::archive::Archive;
use crate::cli::{FacetField, FacetsArgs};
use crate::facets::FacetCount;
use crate::request::SearchParams;

/// Runs `newsdex facets`.
pub fn run(args: &FacetsArgs) -> anyhow::Result<Status> {
    let params = SearchParams {
        q: args.query.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        facets: args.limit,
        ..SearchParams::default()
    };
    params.dates()?;
    let matches = Archive::open(&args.index.dir)?.facets(&params)?;
    let facets = &matches.facets;
    let languages = facets.languages.len();
    // (field, title, JSON key, counts, distinct values): sources and
    // speakers always, authors and languages when the matches have any.
    let lists = [
        (
            FacetField::Source,
            "Sources",
            "sources",
            &facets.sources,
            facets.distinct_sources,
        ),
        (
            FacetField::Speaker,
            "Speakers",
            "speakers",
            &facets.speakers,
            facets.distinct_speakers,
        ),
        (
            FacetField::Author,
            "Authors",
            "authors",
            &facets.authors,
            facets.distinct_authors,
        ),
        (
            FacetField::Language,
            "Languages",
            "languages",
            &facets.languages,
            Some(languages),
        ),
    ];
    let shown: Vec<_> = lists
        .into_iter()
        .filter(|(field, _, _, counts, _)| match args.field {
            Some(wanted) => wanted == *field,
            None => matches!(field, FacetField::Source | FacetField::Speaker) || !counts.is_empty(),
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let mut object = serde_json::json!({ "query": args.query, "total": matches.total });
        for (_, _, key, counts, distinct) in &shown {
            object[*key] = serde_json::to_value(counts)?;
            object[format!("distinct_{key}")] = (*distinct).into();
        }
        serde_json::to_writer_pretty(&mut out, &object)?;
        writeln!(out)?;
    } else {
        for (i, (_, title, _, counts, distinct)) in shown.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            list(&mut out, title, counts, *distinct, matches.total)?;
        }
    }
    out.flush()?;
    Ok(Status::of(matches.total))
}

fn list(
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
