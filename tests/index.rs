//! End to end: indexing, re-indexing, and broken input.

mod common;

use common::{newsdex, sample_corpus, Indexed};
use predicates::prelude::*;

#[test]
fn indexing_reports_a_summary_on_stderr_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(dir.path().join("idx"))
        .arg(sample_corpus())
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "indexed 46 articles from 38 files",
        ));
}

#[test]
fn indexing_twice_does_not_duplicate_articles() {
    let idx = Indexed::of(&sample_corpus());
    let before = idx.search_json(&["*", "--all"]);
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(idx.index_dir())
        .arg(sample_corpus())
        .assert()
        .success();
    // and through another spelling of the same path
    let relative = sample_corpus().join("..").join("sample-corpus");
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(idx.index_dir())
        .arg(relative)
        .assert()
        .success();
    let after = idx.search_json(&["*", "--all"]);
    assert_eq!(before.total, 46);
    assert_eq!(after.total, 46);
    let mut ids: Vec<&str> = after.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 46);
}

#[test]
fn a_changed_file_replaces_its_articles() {
    let archive = tempfile::tempdir().unwrap();
    let file = archive.path().join("a.jsonl");
    std::fs::write(&file, "{\"title\": \"Alpha wins\", \"body\": \"first\"}\n{\"title\": \"Beta wins\", \"body\": \"second\"}\n").unwrap();
    let idx = Indexed::of(archive.path());
    assert_eq!(idx.search_json(&["wins"]).total, 2);
    std::fs::write(&file, "{\"title\": \"Gamma wins\", \"body\": \"third\"}\n").unwrap();
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(idx.index_dir())
        .arg(archive.path())
        .assert()
        .success();
    let out = idx.search_json(&["wins"]);
    assert_eq!(out.total, 1);
    assert_eq!(out.hits[0].title, "Gamma wins");
}

#[test]
fn broken_files_are_reported_and_skipped_and_the_rest_is_indexed() {
    let archive = tempfile::tempdir().unwrap();
    let root = archive.path();
    std::fs::write(root.join("good.txt"), "Date: 2025-01-02\nSource: Trend\n\nGood article title\n\nThe minister said the road is open.\n").unwrap();
    std::fs::write(
        root.join("broken.json"),
        "{\"title\": \"x\",\n \"body\": nope }",
    )
    .unwrap();
    std::fs::write(
        root.join("feed.jsonl"),
        "{\"title\": \"Line one\", \"body\": \"alpha\"}\n{\"title\": \"Line two\", \"bo\n{\"title\": \"Line three\", \"body\": \"gamma\"}\n",
    )
    .unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    std::fs::write(root.join("notes.pdf"), "%PDF").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(root)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("broken.json:2: invalid JSON")
                .and(predicate::str::contains("feed.jsonl:2: invalid JSON"))
                .and(predicate::str::contains("empty.txt: empty file"))
                .and(predicate::str::contains("indexed 3 articles"))
                .and(predicate::str::contains(
                    "skipped 3 (1 unsupported type, 2 unreadable or broken); records skipped 1",
                )),
        );
    let idx = Indexed { dir };
    let out = idx.search_json(&["*"]);
    let mut titles: Vec<&str> = out.hits.iter().map(|h| h.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Good article title", "Line one", "Line three"]);
    let good = out
        .hits
        .iter()
        .find(|h| h.title == "Good article title")
        .unwrap();
    assert_eq!(good.published.as_deref(), Some("2025-01-02T00:00:00Z"));
    assert_eq!(good.sources, ["Trend"]);
}

#[test]
fn a_missing_archive_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(dir.path().join("idx"))
        .arg(dir.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn people_lists_merge_name_variants_into_one_speaker() {
    let archive = tempfile::tempdir().unwrap();
    std::fs::write(
        archive.path().join("a.txt"),
        "Talks\n\nMaria Vladimirovna Zakharova said the talks were useful.\n",
    )
    .unwrap();
    std::fs::write(
        archive.path().join("b.txt"),
        "More talks\n\nRussian Foreign Ministry spokeswoman Maria Zakharova said more talks were needed.\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    std::fs::create_dir_all(&index).unwrap();
    // kept beside the index, so every later run and search uses it
    std::fs::write(
        index.join("people.txt"),
        "Maria Zakharova | Maria Vladimirovna Zakharova\n",
    )
    .unwrap();
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(archive.path())
        .assert()
        .success();
    let idx = Indexed { dir };
    let out = idx.search_json(&["*"]);
    assert_eq!(out.facets.speakers.len(), 1, "{:?}", out.facets.speakers);
    assert_eq!(out.facets.speakers[0].name, "Maria Zakharova");
    assert_eq!(out.facets.speakers[0].count, 2);
    // a variant given to --speaker finds the person too
    assert_eq!(
        idx.search_json(&["*", "--speaker", "Maria Vladimirovna Zakharova"])
            .total,
        2
    );
}
