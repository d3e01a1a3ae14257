//! Helpers shared by the end-to-end tests: the built binary, a temp dir
//! for the index, and the sample corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

/// The sample corpus shipped with the project.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus")
}

/// The newsdex binary, with colour off and no inherited index setting.
pub fn newsdex() -> Command {
    let mut cmd = Command::cargo_bin("newsdex").unwrap();
    cmd.env_remove("NEWSDEX_INDEX").env("NO_COLOR", "1");
    cmd
}

/// A temp dir holding an index of `archive`.
pub struct Indexed {
    pub dir: tempfile::TempDir,
}

impl Indexed {
    pub fn of(archive: &Path) -> Indexed {
        let dir = tempfile::tempdir().unwrap();
        newsdex()
            .arg("index")
            .arg("--index")
            .arg(dir.path().join("idx"))
            .arg(archive)
            .assert()
            .success();
        Indexed { dir }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("idx")
    }

    /// `newsdex search --index DIR ARGS...`
    pub fn search(&self, args: &[&str]) -> Command {
        let mut cmd = newsdex();
        cmd.arg("search")
            .arg("--index")
            .arg(self.index_dir())
            .args(args);
        cmd
    }

    /// Runs a search with `--json` and parses the result.
    pub fn search_json(&self, args: &[&str]) -> SearchOutput {
        let output = self.search(args).arg("--json").output().unwrap();
        assert!(
            output.status.code().unwrap() <= 1,
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("search --json prints one JSON object")
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchOutput {
    pub query: String,
    pub total: u64,
    pub stories: Option<u64>,
    pub copies_folded: u64,
    pub offset: usize,
    pub hits: Vec<HitOutput>,
    pub facets: FacetsOutput,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HitOutput {
    pub id: String,
    pub score: Option<f64>,
    pub title: String,
    pub path: String,
    pub record: Option<u64>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub speakers: Vec<String>,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub site: Option<String>,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
    pub also_published_by: Vec<String>,
    pub copies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetsOutput {
    pub sources: Vec<FacetOutput>,
    pub speakers: Vec<FacetOutput>,
    pub authors: Vec<FacetOutput>,
    pub languages: Vec<FacetOutput>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FacetOutput {
    pub name: String,
    pub count: u64,
}

/// Paragraphs of the sample corpus's text articles, for building bigger
/// archives in tests.
pub fn sample_paragraphs() -> Vec<String> {
    let mut paragraphs = Vec::new();
    for folder in ["caucasus", "world"] {
        let mut files: Vec<_> = std::fs::read_dir(sample_corpus().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            paragraphs.extend(
                text.split("\n\n")
                    .skip(1)
                    .filter(|p| p.len() > 80)
                    .map(str::to_string),
            );
        }
    }
    assert!(paragraphs.len() > 50);
    paragraphs
}

/// Writes `files` JSON Lines files of `per_file` articles each under
/// `root`, made of sample-corpus paragraphs, each article with a unique
/// `id` and title. Returns the number of articles written.
pub fn write_wire_archive(root: &Path, files: usize, per_file: usize) -> usize {
    let paragraphs = sample_paragraphs();
    std::fs::create_dir_all(root).unwrap();
    let mut n = 0;
    for f in 0..files {
        let mut out = String::new();
        for a in 0..per_file {
            let body: Vec<&str> = (0..8)
                .map(|k| paragraphs[(n * 7 + k * 13) % paragraphs.len()].as_str())
                .collect();
            let record = serde_json::json!({
                "id": format!("wire-{f}-{a}"),
                "title": format!("Wire story {f}-{a}"),
                "date": format!("2024-{:02}-{:02}", 1 + n % 12, 1 + n % 28),
                "body": body.join("\n\n"),
            });
            out.push_str(&record.to_string());
            out.push('\n');
            n += 1;
        }
        std::fs::write(root.join(format!("wire-{f:03}.jsonl")), out).unwrap();
    }
    n
}

/// `newsdex index --index DIR ARCHIVE`, as a command to add flags to.
pub fn index_cmd(index: &Path, archive: &Path) -> Command {
    let mut cmd = newsdex();
    cmd.arg("index").arg("--index").arg(index).arg(archive);
    cmd
}

/// Every article in the index at `index`: (id, path) pairs.
pub fn all_articles(index: &Path) -> Vec<(String, String)> {
    let output = newsdex()
        .args(["search", "*", "--json", "--all", "--index"])
        .arg(index)
        .output()
        .unwrap();
    assert!(
        output.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: SearchOutput = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(out.total as usize, out.hits.len());
    out.hits.into_iter().map(|h| (h.id, h.path)).collect()
}
