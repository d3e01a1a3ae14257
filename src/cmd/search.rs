//! `newsdex search`: run a query and print hits and facet counts.

use std::path::{Path, PathBuf};

use anyhow::Context;
use time::OffsetDateTime;

use super::{load_vocabulary, Status};
use crate::cli::SearchArgs;
use crate::date::parse_period;
use crate::groups::OutletGroups;
use crate::output::{self, ColorWhen, Format};
use crate::schema::IndexSchema;
use crate::search::{SearchRequest, Searchable};

/// The `[since, until)` bounds of `--since` and `--until`: the start of
/// the first period and the end of the second.
pub fn date_filters(
    since: &Option<String>,
    until: &Option<String>,
) -> anyhow::Result<(Option<OffsetDateTime>, Option<OffsetDateTime>)> {
    let period = |flag: &str, value: &Option<String>| -> anyhow::Result<_> {
        value
            .as_deref()
            .map(|text| {
                parse_period(text).with_context(|| {
                    format!("{flag} '{text}' is not a date; write 2024, 2024-12 or 2024-12-26")
                })
            })
            .transpose()
    };
    let start = period("--since", since)?.map(|(start, _)| start);
    let end = period("--until", until)?.map(|(_, end)| end);
    if let (Some(start), Some(end), Some(since), Some(until)) = (start, end, since, until) {
        if start >= end {
            anyhow::bail!(
                "the date range is empty: --since {since} is after --until {until}; swap them (--since {until} --until {since})"
            );
        }
    }
    Ok((start, end))
}

/// The outlet groups: the files given and `groups.txt` beside the index.
pub fn load_groups(index_dir: &Path, files: &[PathBuf]) -> anyhow::Result<OutletGroups> {
    let beside = index_dir.join("groups.txt");
    let mut paths: Vec<&Path> = Vec::new();
    if beside.is_file() {
        paths.push(&beside);
    }
    paths.extend(files.iter().map(PathBuf::as_path));
    Ok(OutletGroups::load(&paths)?)
}

/// Runs `newsdex search`.
pub fn run(args: &SearchArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let filters = [
        ("--source", &args.sources),
        ("--speaker", &args.speakers),
        ("--said-by", &args.said_by),
        ("--author", &args.authors),
        ("--lang", &args.languages),
    ];
    for (flag, values) in filters {
        if values.iter().any(|v| v.trim().is_empty()) {
            anyhow::bail!("{flag} was given an empty value; give a name (or leave the flag out)");
        }
    }
    let (since, until) = date_filters(&args.since, &args.until)?;
    let schema = IndexSchema::builtin();
    let searchable = Searchable::open(&args.index.dir, &schema)?;
    let vocab = load_vocabulary(Some(&args.index.dir), &[], &[])?;
    let request = SearchRequest {
        query: args.query.clone(),
        // Group files are read only when a group is asked for, so that a
        // broken one cannot stop searches that use none.
        sources: if args.sources.iter().any(|s| s.starts_with('@')) {
            load_groups(&args.index.dir, &args.groups)?.expand(&args.sources)?
        } else {
            args.sources.clone()
        },
        speakers: args.speakers.iter().map(|s| vocab.person(s)).collect(),
        authors: args.authors.clone(),
        languages: args.languages.clone(),
        said_by: args.said_by.iter().map(|s| vocab.person(s)).collect(),
        since,
        until,
        sort: args.sort,
        offset: args.offset,
        limit: if args.histogram.is_some() {
            0
        } else {
            args.limit
        },
        all: args.all,
        lenient: args.lenient,
        histogram: args.histogram,
        collapse: !args.no_collapse,
        facet_limit: (args.facets > 0).then_some(args.facets),
        distinct_facets: false,
    };
    let matches = searchable.find(&request, &vocab.outlets)?;
    for message in matches.unknown_filters.iter().chain(&matches.warnings) {
        crate::output::message(&format!("newsdex: {message}"));
    }
    let format = if args.json { Format::Json } else { args.format };
    let mut out = output::stdout(if format == Format::Human {
        color
    } else {
        ColorWhen::Never
    });
    match args.histogram {
        Some(interval) => output::print_histogram(&mut out, format, &matches, interval)?,
        None => output::print_search(
            &mut out,
            format,
            &matches,
            searchable.hits(&matches),
            &|id| searchable.short_id(id),
        )?,
    }
    Ok(if matches.total > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}
