//! `newsdex search`: run a query and print hits and facet counts.

use super::Status;
use crate::cli::SearchArgs;
use crate::output::{self, ColorWhen, Format};
use crate::request::SearchParams;

/// Runs `newsdex search`.
pub fn run(args: &SearchArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let params = SearchParams::from(args);
    params.check()?;
    let archive = super::open_archive(&args.index, &args.cluster)?;
    let request = archive.request(&params)?;
    let matches = archive.search(&request)?;
    for message in matches.unknown_filters.iter().chain(&matches.warnings) {
        output::message(&format!("newsdex: {message}"));
    }
    let format = if args.json { Format::Json } else { args.format };
    let mut out = output::stdout(if format == Format::Human {
        color
    } else {
        ColorWhen::Never
    });
    match args.histogram {
        Some(interval) => output::print_histogram(&mut out, format, &matches, interval)?,
        None => output::print_search(&mut out, format, &matches, archive.hits(&matches), &|id| {
            archive.short_id(id)
        })?,
    }
    Ok(Status::of(matches.total))
}
