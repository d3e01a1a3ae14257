//! `newsdex similar`: the articles most like one article.

use super::Status;
use crate::cli::SimilarArgs;
use crate::output::{self, ColorWhen, Format};
use crate::search::Matches;

/// Runs `newsdex similar`.
pub fn run(args: &SimilarArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let archive = super::open_archive(&args.index, &args.cluster)?;
    let hits = archive.similar(&args.id, args.limit)?;
    let matches = Matches::listed(&format!("similar:{}", args.id), hits.len());
    let format = if args.json { Format::Json } else { args.format };
    let mut out = output::stdout(if format == Format::Human {
        color
    } else {
        ColorWhen::Never
    });
    output::print_search(
        &mut out,
        format,
        &matches,
        hits.into_iter().map(Ok),
        &|id| archive.short_id(id),
    )?;
    Ok(Status::of(matches.total))
}
