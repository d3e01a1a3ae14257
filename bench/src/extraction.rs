//! `extract`: single-thread extraction throughput.

use std::path::PathBuf;
use std::time::Instant;

use newsdex::extract::{Extractor, Vocabulary};
use newsdex::parse::read_file;
use newsdex::walk::{walk, Entry, WalkOptions};

/// Reads every article under `dirs` into memory, then times speaker and
/// source extraction over all of them on one thread, `rounds` times, and
/// prints the best round.
pub fn run(dirs: &[PathBuf], rounds: usize) -> anyhow::Result<()> {
    let mut articles = Vec::new();
    for entry in walk(dirs, None, WalkOptions::default()) {
        if let Entry::Article(path) = entry {
            read_file(&path, &mut |a| articles.push(a));
        }
    }
    let bytes: usize = articles.iter().map(|a| a.body.len() + a.title.len()).sum();
    let extractor = Extractor::new(Vocabulary::builtin());
    let mut best = f64::MAX;
    let mut with_speaker = 0;
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        with_speaker = 0;
        for article in &articles {
            let found = extractor.extract(article);
            if !found.speakers.is_empty() {
                with_speaker += 1;
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "articles {} ({} with at least one speaker), {:.1} MB, best of {} rounds {:.3} s, {:.1} MB/s, {:.0} articles/s",
        articles.len(),
        with_speaker,
        bytes as f64 / 1e6,
        rounds.max(1),
        best,
        bytes as f64 / 1e6 / best,
        articles.len() as f64 / best
    );
    Ok(())
}
