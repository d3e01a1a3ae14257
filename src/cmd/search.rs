//! `newsdex search`: run a query and print hits and facet counts.

use super::{load_vocabulary, Status};
use crate::cli::SearchArgs;
use crate::output::{self, ColorWhen};
use crate::schema::IndexSchema;
use crate::search::{SearchRequest, Searchable};

/// Runs `newsdex search`.
pub fn run(args: &SearchArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let schema = IndexSchema::builtin();
    let searchable = Searchable::open(&args.index.dir, &schema)?;
    let vocab = load_vocabulary(Some(&args.index.dir), &[], &[])?;
    let request = SearchRequest {
        query: args.query.clone(),
        sources: args.sources.clone(),
        speakers: args.speakers.iter().map(|s| vocab.person(s)).collect(),
        limit: args.limit,
    };
    let results = searchable.search(&request, &vocab.outlets)?;
    for unknown in &results.unknown_filters {
        eprintln!("newsdex: no source or speaker named '{unknown}' in the index");
    }
    if args.json {
        let stdout = std::io::stdout();
        output::print_json(&mut stdout.lock(), &results)?;
    } else {
        output::print_human(&mut output::stdout(color), &results)?;
    }
    Ok(if results.total > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}
