//! End to end: an archive of real-world breakage. Every problem is
//! reported with its file (and line where there is one), the run goes on,
//! and everything readable is indexed.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::common::{all_articles, index_cmd, newsdex};
use predicates::prelude::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportLine {
    path: String,
    line: Option<usize>,
    #[allow(dead_code)]
    offset: Option<u64>,
    kind: String,
    message: String,
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Builds the broken archive; returns the titles that must be indexed.
fn broken_archive(root: &Path) -> Vec<&'static str> {
    std::fs::create_dir_all(root.join("nested")).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(root.join(name), bytes).unwrap();

    write(
        "latin1.txt",
        b"Caf\xe9 owners protest\n\nThe owners of the caf\xe9s said the new tax was unfair.\n",
    );
    write("empty.txt", b"");
    write(
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
    );
    // A gzipped text article cut in half, and a gzipped feed cut after its
    // first records.
    let story = "Harbour reopens\n\n".to_string()
        + &"The harbour reopened on Monday after repairs. ".repeat(400);
    let gz = gzip(story.as_bytes());
    write("cut.txt.gz", &gz[..gz.len() / 2]);
    let mut feed = String::new();
    for i in 0..200 {
        feed.push_str(&format!(
            "{{\"title\": \"Feed item {i}\", \"body\": \"{}\"}}\n",
            "Grain exports rose again, the ministry said. ".repeat(20)
        ));
    }
    let gz = gzip(feed.as_bytes());
    write("cut-feed.jsonl.gz", &gz[..gz.len() * 2 / 3]);
    write(
        "feed.jsonl",
        b"{\"title\": \"Line one\", \"body\": \"alpha\"}\n{\"title\": \"Line two\", \"bo\n{\"title\": \"Line three\", \"body\": \"gamma\"}\n",
    );
    write(
        "no-text.jsonl",
        b"{\"id\": \"x1\", \"date\": \"2024-01-01\"}\n{\"title\": \"Has a title\", \"body\": \"and text\"}\n",
    );
    // A 50 MB article, with a word found only at its very end.
    let mut big = String::from("Very long report\n\n");
    let paragraph = "The committee heard evidence from witnesses over several days. ".repeat(16);
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&paragraph);
        big.push_str("\n\n");
    }
    big.push_str("The last word was zyzzyva.\n");
    write("nested/huge-report.txt", big.as_bytes());
    // Deeply nested JSON, and a record with a 5 MB field value.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    write(
        "deep.jsonl",
        format!("{{\"title\": \"Deep\", \"body\": {deep}}}\n{{\"title\": \"After the deep line\", \"body\": \"fine\"}}\n").as_bytes(),
    );
    write(
        "wide.json",
        format!(
            "{{\"title\": \"Wide record\", \"body\": \"{}\"}}",
            "wide ".repeat(1_000_000)
        )
        .as_bytes(),
    );
    write(
        "good.txt",
        b"Good article title\n\nThe ministry said the talks went well.\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        write("locked.txt", b"Locked\n\nSecret text.\n");
        std::fs::set_permissions(
            root.join("locked.txt"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
        std::os::unix::fs::symlink(root.join("nested"), root.join("nested/loop")).unwrap();
        // A file that was listed and is gone: a dangling link.
        std::os::unix::fs::symlink(root.join("vanished.txt"), root.join("gone.txt")).unwrap();
    }
    vec![
        "Café owners protest",
        "Feed item 0",
        "Line one",
        "Line three",
        "Has a title",
        "Very long report",
        "After the deep line",
        "Wide record",
        "Good article title",
    ]
}

/// Whether this process can read a file whose permissions forbid it
/// (true for root, as in some containers).
fn permissions_are_ignored(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

#[test]
fn a_broken_archive_is_indexed_as_far_as_it_can_be_and_every_problem_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let must_index = broken_archive(&archive);
    let index = tmp.path().join("idx");
    let report = tmp.path().join("report.jsonl");

    let output = index_cmd(&index, &archive)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");

    // Everything readable is in the index.
    let titles = newsdex()
        .args(["search", "*", "--json", "--all", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&titles.stdout).unwrap();
    let found: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    for title in &must_index {
        assert!(found.contains(title), "{title} missing from {found:?}");
    }
    // Some of the cut feed's records came through, not all of them.
    let feed_items = found.iter().filter(|t| t.starts_with("Feed item")).count();
    assert!(feed_items > 0 && feed_items < 200, "{feed_items}");
    // The end of the 50 MB article is searchable.
    let last_word = newsdex()
        .args(["search", "zyzzyva", "--json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let last_word: serde_json::Value = serde_json::from_slice(&last_word.stdout).unwrap();
    assert_eq!(
        last_word["hits"][0]["title"], "Very long report",
        "{last_word}"
    );
    let id = last_word["hits"][0]["id"].as_str().unwrap().to_string();
    // Only its first MB is kept to show: `show` says so, and where the
    // rest is.
    let shown = newsdex()
        .args(["show", "--json", "--index"])
        .arg(&index)
        .arg(&id)
        .output()
        .unwrap();
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let body = shown["body"].as_str().unwrap();
    assert!(
        body.len() <= 1 << 20 && body.len() > 1 << 19,
        "{}",
        body.len()
    );
    assert!(
        body.starts_with("The committee heard evidence"),
        "{}",
        &body[..80]
    );
    let file_len = std::fs::metadata(archive.join("nested/huge-report.txt"))
        .unwrap()
        .len();
    let whole = shown["body_length"].as_u64().unwrap();
    // The text as read: paragraphs without their trailing spaces.
    assert!(
        whole > file_len / 100 * 99 && whole < file_len,
        "{whole} of {file_len}"
    );
    newsdex()
        .args(["show", "--index"])
        .arg(&index)
        .arg(&id)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "[the first 1.0 MB of 52.4 MB: the whole text is searchable, and is in ",
        ));

    // The report names each problem's file, and its line where there is one.
    let lines: Vec<ReportLine> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each report line is a JSON object"))
        .collect();
    let by_file: HashMap<String, &ReportLine> = lines
        .iter()
        .map(|l| {
            let name = Path::new(&l.path).file_name().unwrap().to_string_lossy();
            (name.into_owned(), l)
        })
        .collect();
    let expect = |file: &str, kind: &str, line: Option<usize>, words: &str| {
        let entry = by_file
            .get(file)
            .unwrap_or_else(|| panic!("no report for {file}: {lines:?}"));
        assert_eq!(entry.kind, kind, "{entry:?}");
        assert_eq!(entry.line, line, "{entry:?}");
        assert!(entry.message.contains(words), "{entry:?}");
        assert!(stderr.contains(&entry.message), "not on stderr: {entry:?}");
    };
    expect("latin1.txt", "warning", None, "invalid UTF-8");
    expect("empty.txt", "file_skipped", None, "empty file");
    expect("image.txt", "file_skipped", None, "binary");
    expect("cut.txt.gz", "file_skipped", None, "cannot decompress");
    assert_eq!(by_file["cut-feed.jsonl.gz"].kind, "record_skipped");
    assert!(by_file["cut-feed.jsonl.gz"].line.is_some());
    expect("feed.jsonl", "record_skipped", Some(2), "invalid JSON");
    expect(
        "no-text.jsonl",
        "record_skipped",
        Some(1),
        "no title and no text",
    );
    expect("deep.jsonl", "record_skipped", Some(1), "recursion limit");
    // The 50 MB article: searchable whole (above), its speakers read from
    // its first MB, and the report says so.
    expect(
        "huge-report.txt",
        "warning",
        None,
        "an article of 52 MB: all of its text is searchable, but its speakers, sources and near-duplicates are found in its first MB only",
    );
    #[cfg(unix)]
    {
        expect("loop", "file_skipped", None, "symlink loop");
        expect("gone.txt", "file_skipped", None, "cannot read");
        if !permissions_are_ignored(&archive.join("locked.txt")) {
            expect("locked.txt", "file_skipped", None, "Permission denied");
        }
    }

    // --strict turns the skips into an error, after indexing all the same.
    let strict = tmp.path().join("strict-idx");
    index_cmd(&strict, &archive)
        .arg("--strict")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("were skipped (--strict)"));
    assert_eq!(all_articles(&strict).len(), found.len());
}

#[test]
fn an_unwritable_index_is_a_fatal_error() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(archive.join("a.txt"), "Title\n\nText.\n").unwrap();
    // A file where the index folder should be.
    let index = tmp.path().join("idx");
    std::fs::write(&index, "not a folder").unwrap();
    index_cmd(&index, &archive)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("idx"));
}

/// Pipes and devices are reported, not read (a pipe would block the run
/// forever, a device fill memory); a name that is not UTF-8 and a link
/// whose target has no extension are read like any file.
#[cfg(unix)]
#[test]
fn special_files_are_skipped_and_odd_names_and_links_are_read() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let store = tmp.path().join("store");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::create_dir_all(&store).unwrap();
    std::fs::write(
        archive.join("plain.txt"),
        "Plain story\n\nA plain story about the harbour.\n",
    )
    .unwrap();
    // A Latin-1 name, as old archives have them.
    std::fs::write(
        archive.join(OsStr::from_bytes(b"caf\xe9.txt")),
        "Cafe story\n\nA story about a cafe by the harbour.\n",
    )
    .unwrap();
    // A link named .txt to a file without an extension.
    std::fs::write(
        store.join("blob1"),
        "Linked story\n\nA story kept in a store under a number.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(store.join("blob1"), archive.join("linked.txt")).unwrap();
    // A pipe, and a link to a device.
    let made = std::process::Command::new("mkfifo")
        .arg(archive.join("y.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", archive.join("zero.txt")).unwrap();

    let index = tmp.path().join("idx");
    let output = index_cmd(&index, &archive)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("y.txt: not a regular file (a named pipe); skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("zero.txt: not a regular file (a character device); skipped"),
        "{stderr}"
    );
    let idx = crate::common::Indexed { dir: tmp };
    let mut titles: Vec<String> = idx
        .search_json(&["*", "--all"])
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect();
    titles.sort();
    assert_eq!(titles, ["Cafe story", "Linked story", "Plain story"]);
}

/// Lists saved by Windows tools (a byte-order mark, UTF-16), a broken
/// groups file, empty filter values and the last year there is.
#[test]
fn config_files_with_marks_or_errors_and_odd_flag_values() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(
        archive.join("a.txt"),
        "Talks\n\nMaria Vladimirovna Zakharova said the talks were useful.\n",
    )
    .unwrap();
    // A UTF-16 article, as Windows saves "Unicode" text.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Harbour café\r\n\r\nThe café on the quay reopened on Monday.\r\n".encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(archive.join("unicode.txt"), utf16).unwrap();
    let index = tmp.path().join("idx");
    std::fs::create_dir_all(&index).unwrap();
    // A people list that opens with a byte-order mark.
    std::fs::write(
        index.join("people.txt"),
        "\u{feff}Maria Zakharova | Maria Vladimirovna Zakharova\n",
    )
    .unwrap();
    let output = index_cmd(&index, &archive).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("binary"), "{stderr}");
    let idx = crate::common::Indexed { dir: tmp };
    let talks = idx.search_json(&["*", "--speaker", "Maria Zakharova"]);
    assert_eq!(talks.total, 1, "{talks:?}");
    assert_eq!(talks.hits[0].speakers, ["Maria Zakharova"]);
    assert_eq!(idx.search_json(&["café"]).hits[0].title, "Harbour café");
    // A broken groups file stops only the searches that use a group.
    std::fs::write(index.join("groups.txt"), "this line has no equals sign\n").unwrap();
    idx.search(&["talks"]).assert().success();
    idx.search(&["talks", "--source", "@caucasus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("groups.txt:1:"));
    // An empty filter value is an error, not "no filter".
    for flag in ["--speaker", "--source", "--said-by", "--author", "--lang"] {
        idx.search(&["talks", flag, ""])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{flag} was given an empty value"
            )));
    }
    // The last year there is is a date, with nothing in it.
    idx.search(&["*", "--since", "9999"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No articles match."));
}
