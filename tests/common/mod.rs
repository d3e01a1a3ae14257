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
    pub hits: Vec<HitOutput>,
    pub facets: FacetsOutput,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HitOutput {
    pub id: String,
    pub score: f64,
    pub title: String,
    pub path: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub speakers: Vec<String>,
    pub sources: Vec<String>,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetsOutput {
    pub sources: Vec<FacetOutput>,
    pub speakers: Vec<FacetOutput>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FacetOutput {
    pub name: String,
    pub count: u64,
}
