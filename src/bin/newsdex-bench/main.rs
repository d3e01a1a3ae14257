//! Benchmarks for newsdex, as a program whose numbers go in BENCHMARKS.md.
//!
//! - `extract DIR...` reads every article under the folders into memory,
//!   then times speaker and source extraction over all of them on one
//!   thread, and prints articles, megabytes, seconds and MB/s.
//! - `generate --articles N --out DIR` writes a large corpus of realistic
//!   news articles, recombined from real ones (see [`generate`]).

mod extraction;
mod generate;
mod rng;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Extract { rounds, dirs } => extraction::run(&dirs, rounds),
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
