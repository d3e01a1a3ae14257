//! End to end: every command ends quietly when the reader of its output
//! goes away (`newsdex search x | head -1`), through a real pipe.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::common::{sample_corpus, Indexed};

/// Runs `newsdex ARGS`, reads `keep` bytes of its stdout (all of them if
/// it writes less), closes the pipe and waits: the exit code and stderr.
fn with_stdout_closed_after(args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut kept = vec![0; keep];
    let mut got = 0;
    while got < keep {
        match stdout.read(&mut kept[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn quiet_exit((code, stderr): (Option<i32>, String), what: &str) {
    // 0 as ripgrep does; None would be a death by SIGPIPE, which is quiet too.
    assert!(
        matches!(code, Some(0) | None),
        "{what}: exit {code:?}, stderr {stderr}"
    );
    assert!(stderr.is_empty(), "{what}: {stderr}");
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let idx = Indexed::of(&sample_corpus());
    let index = idx.index_dir();
    let index = index.to_str().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        for keep in [0, 200] {
            quiet_exit(
                with_stdout_closed_after(&["completions", shell], keep),
                shell,
            );
        }
    }
    quiet_exit(with_stdout_closed_after(&["man"], 0), "man");
    let corpus = sample_corpus();
    let corpus = corpus.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["search", "--index", index, "*", "--all", "--format", "csv"],
        vec![
            "search", "--index", index, "*", "--all", "--format", "jsonl",
        ],
        vec!["search", "--index", index, "*", "--all", "--json"],
        vec!["search", "--index", index, "*", "-n", "40"],
        vec!["search", "--index", index, "*", "--histogram", "month"],
        vec!["facets", "--index", index, "-n", "0"],
        vec!["stats", "--index", index],
        vec!["extract", "--json", corpus],
        vec!["extract", "--explain", corpus],
        vec!["--help"],
    ];
    for args in &commands {
        // The pipe closed at once, before the first write, and after one line.
        quiet_exit(with_stdout_closed_after(args, 0), &args.join(" "));
        quiet_exit(with_stdout_closed_after(args, 80), &args.join(" "));
    }
}

#[test]
fn a_closed_stderr_does_not_stop_indexing() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(sample_corpus())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let articles = crate::common::all_articles(&index);
    assert_eq!(articles.len(), 59);
}
