//! The inputs fuzzing found (`tests/fuzzed/TARGET/*`), each run through the
//! real binary as its fuzz target runs it: newsdex answers, with an error
//! or without, and never panics, reports a bug of its own or hangs.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::{newsdex, sample_corpus};

/// Every input kept for a target, with its file name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzzed")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    found.sort();
    found
}

/// Checks that a run ended as newsdex means runs to end: exit 0, 1 or 2,
/// no panic and no bug reported, within the time a 64 KB input deserves.
fn assert_sound(what: &str, output: &Output, took: Duration) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{what}: exit {:?}\n{stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(!stderr.contains("this is a bug"), "{what}: {stderr}");
    assert!(took < Duration::from_secs(10), "{what}: took {took:?}");
}

fn run(what: &str, mut command: assert_cmd::Command) -> Output {
    let started = Instant::now();
    let output = command.timeout(Duration::from_secs(60)).output().unwrap();
    assert_sound(what, &output, started.elapsed());
    output
}

fn index(what: &str, archive: &Path, index: &Path, extra: &[&str]) -> Output {
    let mut command = newsdex();
    command
        .arg("index")
        .arg("--quiet")
        .arg("--index")
        .arg(index)
        .args(extra)
        .arg(archive);
    run(what, command)
}

/// Indexes each input of `target` as a file called `input.EXT`.
fn index_each(target: &str, name_for: fn(&[u8]) -> (&'static str, &[u8])) {
    for (name, bytes) in inputs(target) {
        let tmp = tempfile::tempdir().unwrap();
        let archive = tmp.path().join("archive");
        std::fs::create_dir(&archive).unwrap();
        let (file, content) = name_for(&bytes);
        std::fs::write(archive.join(file), content).unwrap();
        let what = format!("{target}/{name}");
        index(&what, &archive, &tmp.path().join("idx"), &[]);
    }
}

#[test]
fn fuzzed_files_are_indexed_without_a_bug() {
    index_each("parse_text", |b| ("input.txt", b));
    index_each("extract", |b| ("input.txt", b));
    index_each("parse_json", |b| ("input.json", b));
    index_each("parse_jsonl", |b| ("input.jsonl", b));
    index_each("parse_html", |b| ("input.html", b));
    index_each("parse_warc", |b| ("input.warc", b));
    index_each("parse_csv", |b| match b.split_first() {
        Some((&choice, rest)) if choice & 1 == 1 => ("input.tsv", rest),
        Some((_, rest)) => ("input.csv", rest),
        None => ("input.csv", b),
    });
}

fn sample_index() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    index("sample corpus", &sample_corpus(), &dir, &[]);
    (tmp, dir)
}

#[test]
fn fuzzed_queries_give_results_or_user_errors() {
    let queries = inputs("query");
    let dates = inputs("dates");
    if queries.is_empty() && dates.is_empty() {
        return;
    }
    let (_tmp, dir) = sample_index();
    for (name, bytes) in queries {
        let Some((&flags, rest)) = bytes.split_first() else {
            continue;
        };
        // Arguments cannot hold NUL bytes; the query is what follows.
        let query = String::from_utf8_lossy(rest).replace('\0', " ");
        let bit = |n: u8| flags & (1 << n) != 0;
        let mut command = newsdex();
        command.arg("search").arg("--index").arg(&dir).arg("--json");
        if bit(0) {
            command.arg("--lenient");
        }
        if bit(1) {
            command.args(["--said-by", "Zakharova"]);
        }
        if bit(2) {
            command.args(["--source", "Trend"]);
        }
        if bit(3) {
            command.args(["--sort", "newest"]);
        }
        if bit(4) {
            command.args(["--histogram", "month"]);
        }
        if !bit(5) {
            command.arg("--no-collapse");
        }
        if bit(6) {
            command.args(["--facets", "all"]);
        }
        command.arg("--").arg(&query);
        let output = run(&format!("query/{name}"), command);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("search failed"), "query/{name}: {stderr}");
    }
    for (name, bytes) in dates {
        let text = String::from_utf8_lossy(&bytes).replace('\0', " ");
        let mut command = newsdex();
        command
            .arg("search")
            .arg("--index")
            .arg(&dir)
            .arg(format!("--since={text}"))
            .arg("gas");
        run(&format!("dates/{name} as --since"), command);
        let tmp = tempfile::tempdir().unwrap();
        let archive = tmp.path().join("archive");
        std::fs::create_dir(&archive).unwrap();
        let header = text.replace(['\n', '\r'], " ");
        std::fs::write(
            archive.join("dated.txt"),
            format!("Title: A dated story\nDate: {header}\n\nThe council met on Monday.\n"),
        )
        .unwrap();
        index(
            &format!("dates/{name} as a header"),
            &archive,
            &tmp.path().join("idx"),
            &[],
        );
    }
}

#[test]
fn fuzzed_config_files_are_read_or_refused_plainly() {
    let configs = inputs("config");
    if configs.is_empty() {
        return;
    }
    let (_tmp, dir) = sample_index();
    for (name, bytes) in configs {
        let Some((&choice, rest)) = bytes.split_first() else {
            continue;
        };
        let tmp = tempfile::tempdir().unwrap();
        let list = tmp.path().join("list.txt");
        std::fs::write(&list, rest).unwrap();
        let what = format!("config/{name}");
        let mut command = newsdex();
        command.arg("search").arg("--index").arg(&dir);
        match choice % 3 {
            0 | 1 => {
                let flag = if choice % 3 == 0 {
                    "--outlets"
                } else {
                    "--people"
                };
                let copy = tmp.path().join("idx");
                index(
                    &what,
                    &sample_corpus(),
                    &copy,
                    &[flag, list.to_str().unwrap()],
                );
                continue;
            }
            _ => {
                command
                    .arg("--groups")
                    .arg(&list)
                    .args(["--source", "@caucasus", "gas"]);
            }
        }
        run(&what, command);
    }
}
