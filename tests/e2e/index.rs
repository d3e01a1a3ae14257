//! End to end: indexing, re-indexing, and broken input.

use crate::common::{newsdex, sample_corpus, Indexed};
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
            "indexed 59 articles from 47 files",
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
    assert_eq!(before.total, 59);
    assert_eq!(after.total, 59);
    let mut ids: Vec<&str> = after.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 59);
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
                    "skipped 1 file of a type newsdex does not read: ",
                ))
                .and(predicate::str::contains("notes.pdf (it reads"))
                .and(predicate::str::contains(
                    "skipped 2 files that could not be read: ",
                ))
                .and(predicate::str::contains(
                    "skipped 1 record inside files that were read; 0 warnings",
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

#[test]
fn every_skipped_file_is_reported_named_and_counted_by_strict() {
    let archive = tempfile::tempdir().unwrap();
    let root = archive.path();
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::copy(
        crate::common::sample_corpus().join("caucasus/anama-minefield-maps-accuracy.txt"),
        root.join("story.txt"),
    )
    .unwrap();
    for name in ["page.odt", "sub/scan.pdf", "b.doc", "c.png", "d.xml"] {
        std::fs::write(root.join(name), "x").unwrap();
    }
    // The dataset's own notes are not articles.
    std::fs::write(
        root.join("README.TXT"),
        "About this archive\n\nIt holds stories.",
    )
    .unwrap();
    std::fs::write(root.join("LICENSE"), "Use it freely.").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let report = dir.path().join("report.jsonl");
    newsdex()
        .current_dir(root)
        .args(["index", "--index"])
        .arg(&index)
        .arg("--report")
        .arg(&report)
        .arg(".")
        .assert()
        .success()
        .stderr(
            predicate::str::contains("indexed 1 article from 1 file in")
                .and(predicate::str::contains(
                    "skipped 5 files of a type newsdex does not read: ./b.doc, ./c.png, ./d.xml, and 2 more",
                ))
                .and(predicate::str::contains(
                    "left out 2 files describing the archive, not articles: ./LICENSE, ./README.TXT (--all-files reads them)",
                ))
                // Skipped types are summed up, not warned about one by one.
                .and(predicate::str::contains("warning").not()),
        );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of_kind = |kind: &str| -> Vec<String> {
        let mut paths: Vec<String> = lines
            .iter()
            .filter(|l| l["kind"] == kind)
            .map(|l| l["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        paths
    };
    assert_eq!(
        of_kind("file_unsupported"),
        [
            "./b.doc",
            "./c.png",
            "./d.xml",
            "./page.odt",
            "./sub/scan.pdf"
        ]
    );
    assert_eq!(of_kind("file_ignored"), ["./LICENSE", "./README.TXT"]);
    // --strict counts the files of other types; the README alone is not a fault.
    crate::common::index_cmd(&dir.path().join("strict"), root)
        .arg("--strict")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "5 files and 0 records were skipped (--strict)",
        ));
    // --all-files reads the README as an article.
    let all = dir.path().join("all");
    crate::common::index_cmd(&all, root)
        .arg("--all-files")
        .assert()
        .success()
        .stderr(predicate::str::contains("indexed 2 articles from 2 files"));
    // A single file of a type newsdex does not read is an error.
    crate::common::index_cmd(&dir.path().join("one"), &root.join("page.odt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "page.odt: newsdex does not read this type of file",
        ));
    // So it is for extract, which reads the same files.
    crate::common::newsdex()
        .arg("extract")
        .arg(root.join("page.odt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "page.odt: newsdex does not read this type of file",
        ));
}

#[test]
fn stats_of_an_index_without_dates_say_none() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(
        archive.join("undated.txt"),
        "Harbour reopens\n\nThe harbour reopened, the port authority said.\n",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    crate::common::index_cmd(&index, &archive)
        .assert()
        .success();
    crate::common::newsdex()
        .args(["stats", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("articles:     1 (0 with a date)"))
        .stdout(predicate::str::contains("dates:        none\n"));
}

#[test]
fn lists_given_at_index_time_are_kept_and_a_change_re_reads_what_it_concerns() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(
        archive.join("courier.txt"),
        "Talks resume in Baku\n\nTalks resumed in Baku on Monday, The Courier reports. \"We are ready,\" said Jeyhun Bayramov.\n",
    )
    .unwrap();
    std::fs::write(
        archive.join("other.txt"),
        "Grain prices rise\n\nGrain prices rose for a third week, traders said on Friday.\n",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    let summary = |extra: &[&std::ffi::OsStr]| -> String {
        let output = crate::common::index_cmd(&index, &archive)
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    summary(&[]);
    let search = |args: &[&str]| {
        let mut cmd = newsdex();
        cmd.arg("search").arg("--index").arg(&index).args(args);
        cmd
    };
    search(&["*", "--source", "The Courier"]).assert().code(1);
    // An outlet list given on an unchanged archive: the one file naming
    // the outlet is read again; the other is not.
    let list = tmp.path().join("my-outlets.txt");
    std::fs::write(&list, "Baku Courier | The Courier | bakucourier.az\n").unwrap();
    let with_list = summary(&["--outlets".as_ref(), list.as_os_str()]);
    assert!(
        with_list.contains("1 changed, 1 unchanged")
            && with_list.contains("the outlet and people lists changed (1 entry): 1 file whose articles may name them read again"),
        "{with_list}"
    );
    // The list is kept with the index: later searches know its aliases,
    // even once the file given is gone.
    std::fs::remove_file(&list).unwrap();
    search(&["*", "--source", "The Courier", "--json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"sources\":[\"Baku Courier\"]"));
    assert!(index.join("lists/outlets/my-outlets.txt").is_file());
    // Nothing changed: nothing is read, nothing committed.
    let again = summary(&[]);
    assert!(
        again.contains("0 changed, 2 unchanged") && again.contains("; 0 commits"),
        "{again}"
    );
    assert!(!again.contains("lists changed"), "{again}");
    // A people list: the file naming the person is read again.
    let people = tmp.path().join("people.txt");
    std::fs::write(&people, "Jeyhun Bayramov | J. Bayramov\n").unwrap();
    let with_people = summary(&["--people".as_ref(), people.as_os_str()]);
    assert!(
        with_people.contains("1 changed, 1 unchanged"),
        "{with_people}"
    );
    // Removing a kept list re-reads what it concerned.
    std::fs::remove_file(index.join("lists/outlets/my-outlets.txt")).unwrap();
    let removed = summary(&[]);
    assert!(removed.contains("1 changed, 1 unchanged"), "{removed}");
    search(&["*", "--source", "The Courier"]).assert().code(1);
}

#[test]
fn an_index_folder_that_is_the_archive_or_holds_other_files_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(archive.join("inner")).unwrap();
    std::fs::copy(
        sample_corpus().join("caucasus/anama-minefield-maps-accuracy.txt"),
        archive.join("inner/story.txt"),
    )
    .unwrap();
    // The archive itself, or a folder above it.
    for index in [archive.clone(), tmp.path().to_path_buf()] {
        crate::common::index_cmd(&index, &archive.join("inner"))
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("holds the archive")
                    .and(predicate::str::contains("--index DIR")),
            );
    }
    assert!(!archive.join("meta.json").exists());
    // A folder of other files.
    crate::common::index_cmd(&archive.join("inner"), &sample_corpus())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not an index and holds 1 other file",
        ));
    // A folder holding only the lists a user keeps for the index is fine.
    let prepared = tmp.path().join("prepared");
    std::fs::create_dir_all(&prepared).unwrap();
    std::fs::write(prepared.join("outlets.txt"), "Baku Courier | The Courier\n").unwrap();
    crate::common::index_cmd(&prepared, &archive)
        .assert()
        .success();
    // An index inside the archive is left out of it, as before.
    crate::common::index_cmd(&archive.join("idx"), &archive)
        .assert()
        .success()
        .stderr(predicate::str::contains("indexed 1 article from 1 file"));
}

#[test]
fn outlets_credited_as_only_outlets_are_learned_for_the_whole_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    // No list names Kaspiy. The first file credits it as only outlets are
    // credited; the second only says "according to", which alone is not
    // enough for an unknown name.
    std::fs::write(
        archive.join("a.txt"),
        "Port reopens\n\nThe port of Alat reopened on Monday after repairs, Kaspiy reports.\n",
    )
    .unwrap();
    std::fs::write(
        archive.join("b.txt"),
        "Ferry resumes\n\nThe ferry to Turkmenbashi resumed, according to Kaspiy, which cited port officials.\n",
    )
    .unwrap();
    std::fs::write(
        archive.join("c.txt"),
        "Ferry line\n\nThe ferry line opened, according to Kaspiy Group, the operator.\n",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    crate::common::index_cmd(&index, &archive)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "learned 1 outlet from the articles' credits (Kaspiy; kept in lists/learned-outlets.txt)",
        ));
    // Every article, as `search --json` gives them.
    let everything = |extra: &[&str]| -> serde_json::Value {
        let out = crate::common::newsdex()
            .args(["search", "--json", "--index"])
            .arg(&index)
            .args(extra)
            .arg("*")
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let sources = |title: &str| -> Vec<String> {
        let found = everything(&["--all"]);
        let hit = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["title"] == title)
            .unwrap_or_else(|| panic!("no hit titled {title}"))
            .clone();
        serde_json::from_value(hit["sources"].clone()).unwrap()
    };
    assert_eq!(sources("Port reopens"), ["Kaspiy"]);
    assert_eq!(sources("Ferry resumes"), ["Kaspiy"]);
    assert!(sources("Ferry line").is_empty());
    // The second pass replaced the article it changed, and only it: each
    // article is there once.
    let total = || everything(&["--no-collapse"])["total"].as_u64().unwrap();
    assert_eq!(total(), 3);
    // Filters see it like any listed outlet.
    crate::common::newsdex()
        .args(["search", "--index"])
        .arg(&index)
        .args(["ferry", "--source", "kaspiy", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ferry resumes"));
    // A second run learns nothing new and reads nothing.
    crate::common::index_cmd(&index, &archive)
        .assert()
        .success()
        .stderr(predicate::str::contains("nothing new to index"))
        .stderr(predicate::str::contains("learned").not());
    // The learned list is the user's to edit: without the name, the
    // article that only said "according to" loses it.
    let learned = index.join("lists/learned-outlets.txt");
    let text = std::fs::read_to_string(&learned).unwrap();
    std::fs::write(&learned, text.replace("Kaspiy\n", "")).unwrap();
    std::fs::remove_file(archive.join("a.txt")).unwrap();
    crate::common::index_cmd(&index, &archive)
        .assert()
        .success();
    assert!(sources("Ferry resumes").is_empty());
    assert_eq!(total(), 2);
}
