//! `newsdex facets`: sources or speakers with their article counts.

use std::io::Write;

use super::{load_vocabulary, search::date_filters, Status};
use crate::cli::{FacetField, FacetsArgs};
use crate::schema::IndexSchema;
use crate::search::{FacetCount, SearchRequest, Searchable};

/// Runs `newsdex facets`.
pub fn run(args: &FacetsArgs) -> anyhow::Result<Status> {
    let (since, until) = date_filters(&args.since, &args.until)?;
    let schema = IndexSchema::builtin();
    let searchable = Searchable::open(&args.index.dir, &schema)?;
    let vocab = load_vocabulary(Some(&args.index.dir), &[], &[])?;
    let request = SearchRequest {
        query: args.query.clone(),
        since,
        until,
        limit: 0,
        facet_limit: (args.limit > 0).then_some(args.limit),
        distinct_facets: true,
        ..SearchRequest::default()
    };
    let matches = searchable.find(&request, &vocab.outlets)?;
    let sources = (args.field != Some(FacetField::Speaker)).then(|| matches.facets.sources.clone());
    let speakers =
        (args.field != Some(FacetField::Source)).then(|| matches.facets.speakers.clone());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let mut object = serde_json::json!({ "query": args.query, "total": matches.total });
        if let Some(sources) = &sources {
            object["sources"] = serde_json::to_value(sources)?;
            object["distinct_sources"] = matches.facets.distinct_sources.into();
        }
        if let Some(speakers) = &speakers {
            object["speakers"] = serde_json::to_value(speakers)?;
            object["distinct_speakers"] = matches.facets.distinct_speakers.into();
        }
        serde_json::to_writer_pretty(&mut out, &object)?;
        writeln!(out)?;
    } else {
        if let Some(sources) = &sources {
            list(
                &mut out,
                "Sources",
                sources,
                matches.facets.distinct_sources,
                matches.total,
            )?;
        }
        if let Some(speakers) = &speakers {
            if sources.is_some() {
                writeln!(out)?;
            }
            list(
                &mut out,
                "Speakers",
                speakers,
                matches.facets.distinct_speakers,
                matches.total,
            )?;
        }
    }
    out.flush()?;
    Ok(if matches.total > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
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
