//! End to end: an index shared on a machine. Its files get the modes the
//! umask gives; a user who may only read it can search it; one who may not
//! write where the index goes is told so, with the path and what to do.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::common::sample_corpus;

/// `newsdex ARGS` run under `umask`.
fn with_umask(umask: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut script = format!("umask {umask}; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("newsdex"))
        .args(args)
        .env_remove("NEWSDEX_INDEX")
        .output()
        .unwrap()
}

fn modes(dir: &Path) -> Vec<(String, u32)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        found.push((entry.path().display().to_string(), mode));
    }
    found
}

#[test]
fn index_files_get_the_modes_the_umask_gives() {
    for (umask, file, folder) in [("022", 0o644, 0o755), ("027", 0o640, 0o750)] {
        let tmp = tempfile::tempdir().unwrap();
        let index = tmp.path().join("idx");
        let list = tmp.path().join("mine.txt");
        std::fs::write(&list, "Baku Courier | The Courier\n").unwrap();
        let output = with_umask(
            umask,
            &[
                "index".as_ref(),
                "--index".as_ref(),
                index.as_os_str(),
                "--outlets".as_ref(),
                list.as_os_str(),
                sample_corpus().as_os_str(),
            ],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let found = modes(&index);
        assert!(found.iter().any(|(p, _)| p.ends_with("meta.json")));
        for (path, mode) in found {
            let expected = if Path::new(&path).is_dir() {
                folder
            } else {
                file
            };
            assert_eq!(mode, expected, "umask {umask}: {path} is {mode:o}");
        }
    }
}

/// A command that runs as someone who does not own the files the test
/// made: as root, the `nobody` user (root may write anything); otherwise
/// the test's own user, with the files made read-only.
fn as_someone_else(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("newsdex");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("NEWSDEX_INDEX")
        .output()
        .unwrap()
}

fn read_only(path: &Path) {
    for entry in walkdir::WalkDir::new(path) {
        let entry = entry.unwrap();
        let mode = if entry.file_type().is_dir() {
            0o555
        } else {
            0o444
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn an_index_one_may_only_read_can_be_searched_and_not_written() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let index = tmp.path().join("idx");
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(
        sample_corpus().join("caucasus/anama-minefield-maps-accuracy.txt"),
        archive.join("story.txt"),
    )
    .unwrap();
    crate::common::index_cmd(&index, &archive)
        .assert()
        .success();
    read_only(&index);
    read_only(&archive);

    let search = as_someone_else(&[
        "search".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "minefield".as_ref(),
    ]);
    assert_eq!(
        search.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    assert!(String::from_utf8_lossy(&search.stdout).contains("1 article matches"));
    for command in ["stats", "facets"] {
        let out = as_someone_else(&[command.as_ref(), "--index".as_ref(), index.as_os_str()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // Indexing into it, or into a folder one may not write, names the
    // folder and says what to do, once.
    let blocked = tmp.path().join("blocked");
    std::fs::create_dir_all(&blocked).unwrap();
    read_only(&blocked);
    for target in [index.clone(), blocked.join("idx")] {
        std::fs::set_permissions(
            archive.join("story.txt"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        // A change, so that the index has something to write.
        let now = std::time::SystemTime::now();
        std::fs::File::options()
            .write(true)
            .open(archive.join("story.txt"))
            .unwrap()
            .set_modified(now + std::time::Duration::from_secs(5))
            .unwrap();
        let out = as_someone_else(&[
            "index".as_ref(),
            "--index".as_ref(),
            target.as_os_str(),
            archive.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("permission denied on {}", target.display()))
                && stderr.contains("--index DIR"),
            "{stderr}"
        );
        assert_eq!(stderr.matches("ermission denied").count(), 1, "{stderr}");
    }
    // The owner can still clean up.
    for dir in [&index, &blocked, &archive] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
