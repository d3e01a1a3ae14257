//! Any query text, strict or lenient, alone or with `--said-by`, filters,
//! a sort, collapsing and a timeline, run against an index of the sample
//! corpus: a result or a user error, never a panic or an internal error.
#![no_main]

use std::sync::OnceLock;

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use newsdex::cli::Cli;
use newsdex::extract::Vocabulary;
use newsdex::histogram::Interval;
use newsdex::schema::IndexSchema;
use newsdex::search::{FacetLimit, SearchError, SearchRequest, Searchable, SortOrder};

struct Fixture {
    searchable: Searchable,
    vocab: Vocabulary,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = newsdex_fuzz::scratch().join("index");
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../sample-corpus");
        let cli = Cli::parse_from([
            "newsdex",
            "index",
            "--quiet",
            "--index",
            dir.to_str().unwrap(),
            corpus,
        ]);
        newsdex::cmd::run(cli).expect("the sample corpus is indexed");
        let schema = IndexSchema::builtin();
        Fixture {
            searchable: Searchable::open(&dir, &schema).expect("the index opens"),
            vocab: newsdex::archive::load_vocabulary(Some(&dir), &[], &[]).unwrap(),
        }
    })
}

fuzz_target!(
    // The index is built before the first input, outside its time.
    init: {
        fixture();
    },
    |data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let query = String::from_utf8_lossy(rest).into_owned();
    let fixture = fixture();
    let bit = |n: u8| flags & (1 << n) != 0;
    let request = SearchRequest {
        query: query.clone(),
        lenient: bit(0),
        said_by: if bit(1) {
            vec![fixture.vocab.person("Zakharova")]
        } else {
            Vec::new()
        },
        sources: if bit(2) {
            vec!["Trend".to_string()]
        } else {
            Vec::new()
        },
        sort: if bit(3) {
            SortOrder::Newest
        } else {
            SortOrder::Relevance
        },
        histogram: bit(4).then_some(Interval::Month),
        collapse: bit(5),
        limit: if bit(4) { 0 } else { 10 },
        facet_limit: if bit(6) {
            FacetLimit::All
        } else {
            FacetLimit::Top(20)
        },
        ..SearchRequest::default()
    };
    match fixture.searchable.find(&request, &fixture.vocab.outlets) {
        Ok(matches) => {
            for hit in fixture.searchable.hits(&matches) {
                hit.expect("a hit of a search is read");
            }
        }
        Err(SearchError::Tantivy(err)) => panic!("{query:?}: internal error {err}"),
        Err(_) => {}
    }
    let _ = newsdex::query::quote(&query);
    }
);
