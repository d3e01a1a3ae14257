//! `language`: what language detection says of the articles under some
//! folders, and how long it takes on one thread.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use newsdex::language::detect;
use newsdex::parse::read_file;
use newsdex::walk::{walk, Entry, WalkOptions};

/// Reads every article under `dirs` into memory, then detects the
/// language of each body (metadata ignored) `rounds` times, and prints
/// the articles per language found and the best round's speed.
pub fn run(dirs: &[PathBuf], rounds: usize) -> anyhow::Result<()> {
    let mut bodies = Vec::new();
    for entry in walk(dirs, None, WalkOptions::default()) {
        if let Entry::Article(path) = entry {
            read_file(&path, &mut |a| bodies.push(a.body));
        }
    }
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut best = f64::MAX;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..rounds.max(1) {
        counts.clear();
        let started = Instant::now();
        for body in &bodies {
            *counts.entry(detect(body).unwrap_or("none")).or_default() += 1;
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let found: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!(
        "articles {} ({:.1} MB): {}; best of {} rounds {:.3} s, {:.0} articles/s, {:.1} MB/s of text",
        bodies.len(),
        bytes as f64 / 1e6,
        found.join(", "),
        rounds.max(1),
        best,
        bodies.len() as f64 / best,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}
