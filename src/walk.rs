//! Walking an archive: every file under the given roots, in a stable order,
//! following directory symlinks but never around a loop.
//!
//! This module decides which paths are visited and which are skipped as
//! unsupported; reading them is [`crate::parse`]'s job.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::parse::{detect_format, Problem, ProblemKind};

/// One thing the walk met.
#[derive(Debug)]
pub enum Entry {
    /// A file in a supported format.
    Article(PathBuf),
    /// A file newsdex does not read (counted, not reported one by one).
    Unsupported(PathBuf),
    /// A path that could not be visited (permissions, symlink loop, vanished).
    Problem(Problem),
}

/// Walks `roots` (files or folders), leaving out hidden entries and
/// everything under `exclude` (the index itself, when it lies inside the
/// archive).
pub fn walk<'a>(
    roots: &'a [PathBuf],
    exclude: Option<&'a Path>,
) -> impl Iterator<Item = Entry> + 'a {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    roots.iter().flat_map(move |root| {
        let exclude = exclude.clone();
        WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(move |e| {
                let hidden =
                    e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
                let excluded = exclude
                    .as_ref()
                    .is_some_and(|x| e.path().canonicalize().is_ok_and(|p| p.starts_with(x)));
                !hidden && !excluded
            })
            .filter_map(|item| match item {
                Ok(entry) if entry.file_type().is_dir() => None,
                Ok(entry) => {
                    let path = entry.into_path();
                    Some(if detect_format(&path).is_some() {
                        Entry::Article(path)
                    } else {
                        Entry::Unsupported(path)
                    })
                }
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                    let message = if err.loop_ancestor().is_some() {
                        "symlink loop; not followed".to_string()
                    } else {
                        match err.io_error() {
                            Some(io) => format!("cannot read: {io}"),
                            None => err.to_string(),
                        }
                    };
                    Some(Entry::Problem(Problem {
                        path,
                        line: None,
                        message,
                        kind: ProblemKind::FileSkipped,
                    }))
                }
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_supported_files_in_order_and_skips_hidden_and_excluded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/sub")).unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        std::fs::create_dir_all(root.join("idx")).unwrap();
        for name in [
            "a.txt",
            "b/sub/c.jsonl.gz",
            "b/x.pdf",
            ".hidden/h.txt",
            "idx/meta.json",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let roots = vec![root.to_path_buf()];
        let entries: Vec<_> = walk(&roots, Some(&root.join("idx"))).collect();
        let names: Vec<String> = entries
            .iter()
            .map(|e| match e {
                Entry::Article(p) => format!("A {}", p.strip_prefix(root).unwrap().display()),
                Entry::Unsupported(p) => format!("U {}", p.strip_prefix(root).unwrap().display()),
                Entry::Problem(p) => format!("P {p}"),
            })
            .collect();
        assert_eq!(names, ["A a.txt", "A b/sub/c.jsonl.gz", "U b/x.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("d")).unwrap();
        std::fs::write(root.join("d/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("d"), root.join("d/loop")).unwrap();
        let roots = vec![root.to_path_buf()];
        let entries: Vec<_> = walk(&roots, None).collect();
        assert!(entries
            .iter()
            .any(|e| matches!(e, Entry::Problem(p) if p.message.contains("symlink loop"))));
        assert_eq!(
            entries
                .iter()
                .filter(|e| matches!(e, Entry::Article(_)))
                .count(),
            1
        );
    }
}
