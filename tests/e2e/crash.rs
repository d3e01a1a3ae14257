//! End to end: indexers killed with SIGKILL, stopped with Ctrl-C, and
//! racing each other. The index always opens, holds whole committed files
//! only, and the next run completes it without duplicates.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{all_articles, index_cmd, newsdex, write_wire_archive};

const FILES: usize = 40;
const PER_FILE: usize = 100;

/// Starts `newsdex index` in the background, committing often.
fn spawn_indexer(index: &Path, archive: &Path) -> Child {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsdex"));
    cmd.env_remove("NEWSDEX_INDEX")
        .arg("index")
        .arg("--index")
        .arg(index)
        .args(["--commit-every", "250", "--threads", "2"])
        .arg(archive)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd.spawn().unwrap()
}

/// Articles per file in the index, checking that no article is there twice.
fn articles_per_file(index: &Path) -> HashMap<String, usize> {
    let articles = all_articles(index);
    let mut ids: Vec<&str> = articles.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        articles.len(),
        "an article is in the index twice"
    );
    let mut per_file = HashMap::new();
    for (_, path) in articles {
        *per_file.entry(path).or_insert(0) += 1;
    }
    per_file
}

/// The index holds complete files and at most partial ones; a run after
/// the kill skips exactly the complete ones and finishes the job.
fn check_after_kill(index: &Path, archive: &Path) {
    if !index.join("meta.json").exists() {
        // Killed before the index was created: nothing to check yet.
        return;
    }
    let per_file = articles_per_file(index);
    assert!(per_file.values().all(|&n| n <= PER_FILE), "{per_file:?}");
    let complete = per_file.values().filter(|&&n| n == PER_FILE).count();
    eprintln!(
        "after the kill: {} files, {complete} complete, {} articles",
        per_file.len(),
        per_file.values().sum::<usize>()
    );
    let output = index_cmd(index, archive).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{} new, {} changed, {complete} unchanged,",
            FILES - per_file.len(),
            per_file.len() - complete
        )),
        "complete files {complete}, files seen {}: {stderr}",
        per_file.len()
    );
    let per_file = articles_per_file(index);
    assert_eq!(per_file.len(), FILES);
    assert!(per_file.values().all(|&n| n == PER_FILE), "{per_file:?}");
    let left = unreferenced_files(index);
    assert!(left.is_empty(), "files of the killed run left: {left:?}");
}

/// Segment files of the index that its last commit does not refer to, and
/// partial files of atomic writes.
fn unreferenced_files(index: &Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(index.join("meta.json")).unwrap()).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    std::fs::read_dir(index)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap_or("");
            let segment = stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit());
            let partial = name.starts_with(".tmp");
            ((segment && !live.iter().any(|l| l == stem)) || partial).then_some(name)
        })
        .collect()
}

/// Waits until the index holds at least one committed article.
fn wait_for_first_commit(index: &Path, child: &mut Child) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if index.join("meta.json").exists() && !all_articles(index).is_empty() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no commit within two minutes");
}

#[cfg(unix)]
#[test]
fn an_indexer_killed_at_any_moment_leaves_an_index_the_next_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    write_wire_archive(&archive, FILES, PER_FILE);
    // Killed at fixed delays from the start, then right after a commit
    // is visible; each time on a fresh index.
    for (round, delay_ms) in [0u64, 30, 150, 400, 1000].into_iter().enumerate() {
        let index = tmp.path().join(format!("idx-{round}"));
        let mut child = spawn_indexer(&index, &archive);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        check_after_kill(&index, &archive);
    }
    let index = tmp.path().join("idx-committed");
    let mut child = spawn_indexer(&index, &archive);
    let running = wait_for_first_commit(&index, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    if running {
        let per_file = articles_per_file(&index);
        assert!(!per_file.is_empty());
    }
    check_after_kill(&index, &archive);
}

#[cfg(unix)]
#[test]
fn ctrl_c_commits_a_second_writer_is_refused_and_search_works_meanwhile() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    write_wire_archive(&archive, FILES, PER_FILE);
    let index = tmp.path().join("idx");
    let mut child = spawn_indexer(&index, &archive);
    if !wait_for_first_commit(&index, &mut child) {
        // The machine indexed everything before we could look: nothing
        // left to race against.
        return;
    }
    // A second indexer is refused, naming the first one's pid.
    let second = index_cmd(&index, &archive).output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    if child.try_wait().unwrap().is_none() {
        assert_eq!(second.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "being written by another process (pid {})",
                child.id()
            )),
            "{stderr}"
        );
    }
    // Searching works while the first one runs.
    newsdex()
        .args(["search", "ministry", "--json", "--index"])
        .arg(&index)
        .assert()
        .code(predicates::ord::lt(2));

    // Ctrl-C: the run commits what it did and exits with 130.
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(130) {
        assert!(
            stderr.contains("interrupted: run again to finish"),
            "{stderr}"
        );
    } else {
        // It finished just before the signal arrived.
        assert_eq!(output.status.code(), Some(0), "{stderr}");
    }
    check_after_kill(&index, &archive);
}

/// A disk that fills up during a run: the run stops with one plain
/// message naming the disk and what the index still holds, and the next
/// run, with the space the failed one used given back, works. The small
/// disk is a tmpfs mounted in a mount namespace of this test's own
/// (`unshare`), so no privilege is needed where user namespaces are on.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_once_and_the_next_run_works() {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small");
    let big = tmp.path().join("big");
    write_wire_archive(&small, 2, 20);
    write_wire_archive(&big, 40, 200);
    let disk = tmp.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let script = r#"
        mount -t tmpfs -o size=3m tmpfs "$1" || exit 99
        "$2" index --quiet --index "$1/idx" "$3"; echo "first=$?"
        "$2" index --quiet --index "$1/idx" "$4"; echo "full=$?"
        "$2" index --index "$1/idx" "$3"; echo "after=$?"
        "$2" search --index "$1/idx" '*' -n 0; echo "search=$?"
    "#;
    let output = std::process::Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(&disk)
        .arg(assert_cmd::cargo::cargo_bin("newsdex"))
        .arg(&small)
        .arg(&big)
        .env_remove("NEWSDEX_INDEX")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("first=0"), "{stdout}\n{stderr}");
    assert!(stdout.contains("full=2"), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("is full; the index still holds its last commit of 40 articles; free some space and run again"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("is full").count(), 1, "{stderr}");
    assert!(!stderr.contains("index writer was killed"), "{stderr}");
    // The next run has nothing to do, and room to do it in.
    assert!(stdout.contains("after=0"), "{stdout}\n{stderr}");
    assert!(stderr.contains("0 new, 0 changed, 2 unchanged"), "{stderr}");
    assert!(stdout.contains("search=0"), "{stdout}\n{stderr}");
    assert!(stdout.contains("40 articles match"), "{stdout}");
}
