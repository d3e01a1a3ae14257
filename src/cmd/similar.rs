//! `newsdex similar`: the articles most like one article.

use super::Status;
use crate::cli::SimilarArgs;
use crate::output::{self, ColorWhen, Format};
use crate::schema::IndexSchema;
use crate::search::{Matches, Searchable};

/// Runs `newsdex similar`.
pub fn run(args: &SimilarArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let schema = IndexSchema::builtin();
    let searchable = Searchable::open(&args.index.dir, &schema)?;
    let (address, _) = searchable.find_article(&args.id)?;
    let hits = searchable.similar(address, args.limit)?;
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
        &|id| searchable.short_id(id),
    )?;
    Ok(if matches.total > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}
