//! Walking an archive: every file under the given roots, in a stable order,
//! following directory symlinks but never around a loop.
//!
//! This module decides which paths are visited, which are skipped as of a
//! type newsdex does not read, and which are ignored as files that
//! describe an archive rather than hold articles (README, LICENSE);
//! reading them is [`crate::parse`]'s job.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::parse::{detect_format, Problem, ProblemKind};

/// One thing the walk met.
#[derive(Debug)]
pub enum Entry {
    /// A file in a supported format.
    Article(PathBuf),
    /// A file of a type newsdex does not read.
    Unsupported(PathBuf),
    /// A file that describes the archive rather than holding articles
    /// (`README.TXT`, `LICENSE`), left out unless every file is asked for.
    NotArticle(PathBuf),
    /// A path that could not be visited (permissions, symlink loop, vanished).
    Problem(Problem),
}

/// What the walk leaves out.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Visit hidden files and folders too, and do not set apart the files
    /// that describe an archive (README, LICENSE, ...).
    pub all_files: bool,
}

/// The names (before the first `.`, case ignored) of files that describe
/// an archive or a dataset rather than hold articles.
const NOT_ARTICLES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "changelog",
    "changes",
    "authors",
    "contributors",
    "contributing",
    "notice",
    "citation",
    "code_of_conduct",
];

/// Whether a file's name says it describes an archive rather than holds
/// articles: `README.TXT`, `LICENSE`, `readme-bbc.txt`, `CHANGELOG.md`.
pub fn is_not_article(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    NOT_ARTICLES.contains(&stem.as_str()) || stem.starts_with("readme")
}

/// Walks `roots` (files or folders), leaving out hidden entries (unless
/// `options.all_files`) and everything under `exclude` (the index itself,
/// when it lies inside the archive). A root that is a file is always an
/// article or unsupported: it was named on purpose.
pub fn walk<'a>(
    roots: &'a [PathBuf],
    exclude: Option<&'a Path>,
    options: WalkOptions,
) -> impl Iterator<Item = Entry> + 'a {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    roots.iter().flat_map(move |root| {
        let exclude = exclude.clone();
        WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(move |e| {
                let hidden = !options.all_files
                    && e.depth() > 0
                    && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
                let excluded = exclude
                    .as_ref()
                    .is_some_and(|x| e.path().canonicalize().is_ok_and(|p| p.starts_with(x)));
                !hidden && !excluded
            })
            .filter_map(move |item| match item {
                Ok(entry) if entry.file_type().is_dir() => None,
                // A FIFO would block the reader forever, a device would be
                // read without end: only regular files (and links to them)
                // are read, under the name the walk found.
                Ok(entry) if !entry.file_type().is_file() => Some(Entry::Problem(Problem {
                    message: format!(
                        "not a regular file ({}); skipped",
                        special_kind(&entry.file_type())
                    ),
                    path: entry.into_path(),
                    line: None,
                    offset: None,
                    kind: ProblemKind::FileSkipped,
                })),
                Ok(entry) => {
                    let named = entry.depth() == 0;
                    let path = entry.into_path();
                    Some(if !named && !options.all_files && is_not_article(&path) {
                        Entry::NotArticle(path)
                    } else if detect_format(&path).is_none() {
                        Entry::Unsupported(path)
                    } else {
                        Entry::Article(path)
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
                        offset: None,
                        message,
                        kind: ProblemKind::FileSkipped,
                    }))
                }
            })
    })
}

/// What kind of file a non-regular, non-folder entry is, in words.
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_symlink() {
        return "a link to nothing";
    }
    "a special file"
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
            "README.TXT",
            "b/LICENSE.txt",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let roots = vec![root.to_path_buf()];
        let names = |options| -> Vec<String> {
            walk(&roots, Some(&root.join("idx")), options)
                .map(|e| {
                    let short = |p: &Path| p.strip_prefix(root).unwrap().display().to_string();
                    match e {
                        Entry::Article(p) => format!("A {}", short(&p)),
                        Entry::Unsupported(p) => format!("U {}", short(&p)),
                        Entry::NotArticle(p) => format!("N {}", short(&p)),
                        Entry::Problem(p) => format!("P {p}"),
                    }
                })
                .collect()
        };
        assert_eq!(
            names(WalkOptions::default()),
            [
                "N README.TXT",
                "A a.txt",
                "N b/LICENSE.txt",
                "A b/sub/c.jsonl.gz",
                "U b/x.pdf"
            ]
        );
        assert_eq!(
            names(WalkOptions { all_files: true }),
            [
                "A .hidden/h.txt",
                "A README.TXT",
                "A a.txt",
                "A b/LICENSE.txt",
                "A b/sub/c.jsonl.gz",
                "U b/x.pdf"
            ]
        );
        // A file named on purpose is read, whatever its name.
        let readme = vec![root.join("README.TXT")];
        assert!(matches!(
            walk(&readme, None, WalkOptions::default()).next(),
            Some(Entry::Article(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_are_reported_under_their_own_names_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "x").unwrap();
        let fifo = root.join("y.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.txt")).unwrap();
        let roots = vec![root.to_path_buf()];
        let entries: Vec<_> = walk(&roots, None, WalkOptions::default()).collect();
        let problems: Vec<String> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Problem(p) => Some(p.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(problems.len(), 2, "{entries:?}");
        assert!(problems[0].contains("y.txt") && problems[0].contains("a named pipe"));
        assert!(problems[1].contains("zero.txt") && problems[1].contains("a character device"));
        assert!(!problems[1].contains("/dev/zero"), "{}", problems[1]);
        // Named on purpose, a pipe is still not read.
        let named = vec![fifo];
        assert!(matches!(
            walk(&named, None, WalkOptions::default()).next(),
            Some(Entry::Problem(_))
        ));
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
        let entries: Vec<_> = walk(&roots, None, WalkOptions::default()).collect();
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
