//! End to end: re-running `index` reads only new and changed files,
//! deletes the articles of removed files, and never duplicates.

use std::collections::HashSet;
use std::path::Path;

use crate::common::{all_articles, index_cmd, write_wire_archive};
use predicates::prelude::*;

fn summary_of(index: &Path, archive: &Path, extra: &[&str]) -> String {
    let output = index_cmd(index, archive).args(extra).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stderr).unwrap()
}

fn assert_unique(articles: &[(String, String)]) {
    let ids: HashSet<&str> = articles.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), articles.len(), "duplicate articles in the index");
}

#[test]
fn a_second_run_reads_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let index = tmp.path().join("idx");
    let written = write_wire_archive(&archive, 4, 5);
    std::fs::write(
        archive.join("lone.txt"),
        "Lone story\n\nThe harbour reopened on Monday, the port authority said.\n",
    )
    .unwrap();

    let first = summary_of(&index, &archive, &[]);
    assert!(first.contains("5 new, 0 changed, 0 unchanged"), "{first}");
    assert_eq!(all_articles(&index).len(), written + 1);

    let second = summary_of(&index, &archive, &[]);
    assert!(
        second.contains("nothing new to index: no file is new or changed"),
        "{second}"
    );
    assert!(second.contains("0 new, 0 changed, 5 unchanged"), "{second}");

    // One file changes (fewer articles), one disappears, one appears.
    let changed = archive.join("wire-001.jsonl");
    let text = std::fs::read_to_string(&changed).unwrap();
    let kept: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(&changed, kept.join("\n") + "\n").unwrap();
    std::fs::remove_file(archive.join("wire-002.jsonl")).unwrap();
    std::fs::write(
        archive.join("new.txt"),
        "Fresh story\n\nA new bridge opened, the mayor said.\n",
    )
    .unwrap();
    let third = summary_of(&index, &archive, &[]);
    assert!(
        third.contains("1 new, 1 changed, 3 unchanged, 1 removed (5 articles deleted)"),
        "{third}"
    );
    let articles = all_articles(&index);
    assert_unique(&articles);
    assert_eq!(articles.len(), written + 1 - 3 - 5 + 1);
    let from = |name: &str| articles.iter().filter(|(_, p)| p.ends_with(name)).count();
    assert_eq!(from("wire-001.jsonl"), 2);
    assert_eq!(from("wire-002.jsonl"), 0);
    assert_eq!(from("new.txt"), 1);

    // --force reads everything again, still without duplicates.
    let forced = summary_of(&index, &archive, &["--force"]);
    assert!(forced.contains("0 new, 5 changed, 0 unchanged"), "{forced}");
    let mut again = all_articles(&index);
    again.sort();
    let mut before = articles;
    before.sort();
    assert_eq!(again, before);
}

#[test]
fn no_prune_keeps_the_articles_of_removed_files() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let index = tmp.path().join("idx");
    let written = write_wire_archive(&archive, 2, 3);
    summary_of(&index, &archive, &[]);
    std::fs::remove_file(archive.join("wire-000.jsonl")).unwrap();
    let kept = summary_of(&index, &archive, &["--no-prune"]);
    assert!(kept.contains("0 removed"), "{kept}");
    assert_eq!(all_articles(&index).len(), written);
    let pruned = summary_of(&index, &archive, &[]);
    assert!(
        pruned.contains("1 removed (3 articles deleted)"),
        "{pruned}"
    );
    assert_eq!(all_articles(&index).len(), written - 3);
}

#[test]
fn indexing_another_archive_leaves_the_first_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let a = write_wire_archive(&tmp.path().join("a"), 1, 3);
    let b = write_wire_archive(&tmp.path().join("b"), 2, 2);
    summary_of(&index, &tmp.path().join("a"), &[]);
    summary_of(&index, &tmp.path().join("b"), &[]);
    let articles = all_articles(&index);
    assert_unique(&articles);
    assert_eq!(articles.len(), a + b);
}

#[test]
fn a_file_that_can_no_longer_be_read_keeps_its_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let index = tmp.path().join("idx");
    std::fs::create_dir_all(&archive).unwrap();
    let file = archive.join("story.json");
    std::fs::write(
        &file,
        r#"{"title": "Harbour", "body": "The harbour reopened."}"#,
    )
    .unwrap();
    summary_of(&index, &archive, &[]);
    // The file is overwritten with garbage: reported, and the article stays.
    std::fs::write(&file, r#"{"title": "Harbour", "body": "#).unwrap();
    index_cmd(&index, &archive)
        .assert()
        .success()
        .stderr(predicate::str::contains("story.json:1: invalid JSON"));
    assert_eq!(all_articles(&index).len(), 1);
    // Emptied on purpose (valid, no articles): the article goes.
    std::fs::write(&file, "[]").unwrap();
    summary_of(&index, &archive, &[]);
    assert_eq!(all_articles(&index).len(), 0);
}
