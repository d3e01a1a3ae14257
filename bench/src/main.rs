//! Benchmarks for newsdex, as a program whose numbers go in BENCHMARKS.md.
//!
//! - `extract DIR...` reads every article under the folders into memory,
//!   then times speaker and source extraction over all of them on one
//!   thread, and prints articles, megabytes, seconds and MB/s.
//! - `generate --articles N --out DIR` writes a large corpus of realistic
//!   news articles, recombined from real ones (see [`generate`]).
//! - `baseline DIR --index OUT` indexes a JSON Lines corpus with tantivy
//!   alone (same text fields, no speakers or sources, no replacement
//!   bookkeeping), as the yardstick for `newsdex index`.
//! - `html-body DIR` scores how well newsdex reads article text out of
//!   saved web pages against hand-checked bodies (see [`html_body`]).
//! - `queries --index DIR` times searches through newsdex's library, per
//!   class of query, on a warm index.
//! - `load --address HOST:PORT --index DIR` runs concurrent clients
//!   against `newsdex serve` on that index (see [`load`]).
//!
//! `bench/run.sh SIZE` runs them all and prints a summary.

mod baseline;
mod extraction;
mod formats;
mod generate;
mod html_body;
mod language;
mod load;
mod queries;
mod rng;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

// The same allocator as the `newsdex` binary, so that timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Benchmarks for newsdex")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Single-thread extraction throughput over the articles under DIR.
    Extract {
        /// Times to run over the articles (the best run is reported).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Folders of articles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Language detection over the articles under DIR: articles per language
    /// found, and single-thread speed.
    Language {
        /// Times to run over the articles (the best run is reported).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Folders of articles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Write the archives the format benchmarks index, from the pages of
    /// html-bench: N saved pages and the same articles as JSON Lines, a
    /// JSON array and the same as JSON Lines, a web archive.
    FormatsCorpus {
        /// The html-bench folder.
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Output folder (created).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Saved pages to write.
        #[arg(long, value_name = "N", default_value_t = 20_000)]
        pages: usize,
        /// Size of the JSON array, in MiB.
        #[arg(long, value_name = "MIB", default_value_t = 2048)]
        json_mib: u64,
        /// Size of the web archive, in MiB.
        #[arg(long, value_name = "MIB", default_value_t = 1024)]
        warc_mib: u64,
    },
    /// Write a corpus of N realistic articles recombined from real ones.
    Generate {
        /// Number of articles.
        #[arg(long, value_name = "N")]
        articles: u64,
        /// Output folder (created).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Folders of source articles: .txt files, title on the first line,
        /// then paragraphs; the folder a file is in is its category.
        #[arg(long, value_name = "DIR", required = true)]
        from: Vec<PathBuf>,
        /// Articles per output file (per folder with --format txt).
        #[arg(long, value_name = "K", default_value_t = 1000)]
        per_file: u64,
        /// Seed of the generator: the same seed gives the same corpus.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = generate::Format::Jsonl)]
        format: generate::Format,
    },
    /// Index a JSON Lines corpus with tantivy alone, as a yardstick.
    Baseline {
        /// Folder of .jsonl files.
        dir: PathBuf,
        /// Index folder to create (must not hold an index).
        #[arg(long, value_name = "OUT")]
        index: PathBuf,
        /// Threads of the index writer (default: chosen by tantivy, as newsdex does).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Memory budget of the index writer, in MB (newsdex's default).
        #[arg(long, value_name = "MIB", default_value_t = 256)]
        memory: usize,
        /// Also delete each article's id (and each file's path) before
        /// adding it, as `newsdex index` does to replace what a file gave
        /// before: measures that bookkeeping alone.
        #[arg(long)]
        delete_before_add: bool,
    },
    /// Article text read from saved web pages, scored against hand-checked
    /// bodies (4-word shingles: precision, recall, F1), and pages/s.
    HtmlBody {
        /// Folder with ground-truth.json and html/<key>.html.gz.
        dir: PathBuf,
        /// Score these texts instead of newsdex's (JSON: key to
        /// {"articleBody": text}), to measure another extractor.
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
        /// Also list this many of the worst-read pages.
        #[arg(long, value_name = "N", default_value_t = 0)]
        verbose: usize,
        /// Print the text read from the pages whose key starts with this,
        /// and nothing else.
        #[arg(long, value_name = "KEY")]
        show: Option<String>,
    },
    /// Concurrent clients against `newsdex serve`: requests per second and
    /// latency per class of query.
    Load {
        /// The server, as HOST:PORT.
        #[arg(long, value_name = "HOST:PORT")]
        address: String,
        /// The index it serves (the searches are drawn from it).
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// What to ask for: the API (/api/search) or the search page (/).
        #[arg(long, value_name = "PATH", default_value = "/api/search")]
        path: String,
        /// Clients, each on its own connection.
        #[arg(long, value_name = "N", default_value_t = 32)]
        clients: usize,
        /// How long to run.
        #[arg(long, value_name = "S", default_value_t = 30)]
        seconds: u64,
        /// Seed for choosing queries.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Search latency per class of query, through newsdex's library.
    Queries {
        /// A newsdex index.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// Queries per class.
        #[arg(long, value_name = "N", default_value_t = 200)]
        per_class: usize,
        /// Seed for choosing queries.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Hits asked for, as `newsdex search -n`.
        #[arg(long, value_name = "N", default_value_t = 10)]
        limit: usize,
        /// Sources and speakers counted, as `newsdex search --facets`: a
        /// number, 0 for none or 'all'.
        #[arg(long, value_name = "N", default_value = "20")]
        facets: newsdex::search::FacetLimit,
        /// Only the classes whose name holds this text (to profile one).
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
        /// Also run every query on this OpenSearch cluster's copy of the
        /// same articles, and print both (`--os-index` names its index).
        #[arg(long, value_name = "URL")]
        opensearch: Option<String>,
        /// The cluster index, with --opensearch.
        #[arg(long, value_name = "NAME", default_value = "newsdex")]
        os_index: String,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Extract { rounds, dirs } => extraction::run(&dirs, rounds),
        Command::Load {
            address,
            index,
            path,
            clients,
            seconds,
            seed,
        } => load::run(&address, &path, &index, clients, seconds, seed),
        Command::Language { rounds, dirs } => language::run(&dirs, rounds),
        Command::FormatsCorpus {
            from,
            out,
            pages,
            json_mib,
            warc_mib,
        } => formats::run(&formats::Options {
            from,
            out,
            pages,
            json_mib,
            warc_mib,
        }),
        Command::Generate {
            articles,
            out,
            from,
            per_file,
            seed,
            format,
        } => generate::run(&generate::Options {
            articles,
            out,
            from,
            per_file,
            seed,
            format,
        }),
        Command::Baseline {
            dir,
            index,
            threads,
            memory,
            delete_before_add,
        } => baseline::run(
            &dir,
            &index,
            &baseline::Options {
                threads,
                memory_mb: memory,
                delete_before_add,
            },
        ),
        Command::HtmlBody {
            dir,
            predictions,
            verbose,
            show,
        } => match show {
            Some(prefix) => html_body::show(&dir, &prefix),
            None => html_body::run(&dir, predictions.as_deref(), verbose),
        },
        Command::Queries {
            index,
            per_class,
            seed,
            limit,
            facets,
            only,
            opensearch,
            os_index,
        } => match opensearch {
            Some(url) => queries::compare_cluster(
                &index,
                (&url, &os_index),
                per_class,
                seed,
                limit,
                facets,
                only.as_deref(),
            ),
            None => queries::run(&index, per_class, seed, limit, facets, only.as_deref()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
