//! The user's outlet and people lists, kept with an index: the files
//! given to `index --outlets/--people` are copied into the index folder
//! (beside `outlets.txt` and `people.txt`, which the user may keep there
//! by hand), so that every later run and search uses them; and the entries
//! the committed articles were extracted with are recorded in the commit,
//! so that a change in the lists re-reads the articles it concerns.
//!
//! Parsing the lists is [`crate::extract::Vocabulary`]'s job; this module
//! only knows their files and their lines.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Reads a list or groups file as text: a byte-order mark (as Notepad
/// writes one) is dropped, UTF-16 with its mark is decoded, and anything
/// else that is not UTF-8 is an error saying so.
pub fn read_text_file(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    if let Some((text, _, _)) = crate::parse::decode_utf16(&bytes) {
        return Ok(text);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|err| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at {}); save it as UTF-8",
                err.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The two kinds of list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Outlets and their aliases.
    Outlets,
    /// People's name variants.
    People,
}

impl Kind {
    /// The file the user may keep in the index folder.
    fn beside(self) -> &'static str {
        match self {
            Kind::Outlets => "outlets.txt",
            Kind::People => "people.txt",
        }
    }

    /// The folder, inside the index folder, of the copies of the files
    /// given to `index`.
    fn kept(self) -> &'static str {
        match self {
            Kind::Outlets => "lists/outlets",
            Kind::People => "lists/people",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Kind::Outlets => "--outlets",
            Kind::People => "--people",
        }
    }
}

/// Why the lists could not be kept or read.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// A file could not be read or copied.
    #[error("cannot keep {path} with the index: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Two files given in one run have the same name.
    #[error("two files named {name} were given to {flag}; rename one (the index keeps its lists by file name)")]
    SameName {
        /// The file name.
        name: String,
        /// The flag.
        flag: &'static str,
    },
}

/// The file, inside the index folder, of the outlets the index learned
/// from the archive's credits: one name a line, in the outlet list's
/// format, so that the user may edit it or add aliases to it.
pub const LEARNED_OUTLETS: &str = "lists/learned-outlets.txt";

/// Adds `names` to the index's learned outlets, leaving out those its
/// lists already know (compared as `known` says); returns the names added.
pub fn learn(
    index_dir: &Path,
    names: &BTreeSet<String>,
    known: impl Fn(&str) -> bool,
) -> Result<Vec<String>, ListError> {
    let added: Vec<String> = names.iter().filter(|n| !known(n)).cloned().collect();
    if added.is_empty() {
        return Ok(added);
    }
    let path = index_dir.join(LEARNED_OUTLETS);
    let io = |source| ListError::Io {
        path: path.clone(),
        source,
    };
    let mut text = match read_text_file(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::from(
            "# Outlets newsdex learned from the archive: each was credited as\n\
             # outlets alone are (\"..., NAME reports.\", a dateline). Edit or\n\
             # delete lines freely; the next run reads again what they concern.\n",
        ),
        Err(err) => return Err(io(err)),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for name in &added {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::create_dir_all(path.parent().expect("inside the index folder")).map_err(io)?;
    // Written whole, then renamed, so that a kill leaves the old file or
    // the new one.
    let partial = path.with_extension("txt.partial");
    std::fs::write(&partial, text).map_err(io)?;
    std::fs::rename(&partial, &path).map_err(io)?;
    Ok(added)
}

/// Copies the files given with `--outlets` or `--people` into the index
/// folder, replacing an earlier copy of the same name, so that every later
/// run and search reads them.
pub fn keep(index_dir: &Path, kind: Kind, files: &[PathBuf]) -> Result<(), ListError> {
    let folder = index_dir.join(kind.kept());
    let mut names = BTreeSet::new();
    for file in files {
        let io = |source| ListError::Io {
            path: file.clone(),
            source,
        };
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| io(std::io::Error::other("not a file")))?;
        if !names.insert(name.clone()) {
            return Err(ListError::SameName {
                name,
                flag: kind.flag(),
            });
        }
        let text = std::fs::read(file).map_err(io)?;
        std::fs::create_dir_all(&folder).map_err(io)?;
        let copy = folder.join(&name);
        // Written aside and renamed, so that a reader never sees half a list.
        let partial = folder.join(format!(".{name}.partial"));
        std::fs::write(&partial, text).map_err(io)?;
        std::fs::rename(&partial, &copy).map_err(io)?;
    }
    Ok(())
}

/// The list files of an index, in the order they are read: the file the
/// user keeps beside the index, then the copies of the files given to
/// `index`, by name.
pub fn files(index_dir: &Path, kind: Kind) -> Vec<PathBuf> {
    let mut found = Vec::new();
    // Read first, so that the user's lists decide an outlet's canonical
    // name and aliases.
    let learned = index_dir.join(LEARNED_OUTLETS);
    if kind == Kind::Outlets && learned.is_file() {
        found.push(learned);
    }
    let beside = index_dir.join(kind.beside());
    if beside.is_file() {
        found.push(beside);
    }
    if let Ok(entries) = std::fs::read_dir(index_dir.join(kind.kept())) {
        let mut kept: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        kept.sort();
        found.extend(kept);
    }
    found
}

/// The entries of an index's lists: each line, its names trimmed and
/// joined by ` | `, comments and blank lines left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entries {
    /// Outlet lines.
    pub outlets: BTreeSet<String>,
    /// People lines.
    pub people: BTreeSet<String>,
}

/// What a commit records of the lists its articles were extracted with.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    lists: Entries,
}

impl Entries {
    /// The entries of the lists an index reads now.
    pub fn of_index(index_dir: &Path) -> Result<Entries, ListError> {
        let read = |kind| -> Result<BTreeSet<String>, ListError> {
            let mut entries = BTreeSet::new();
            for path in files(index_dir, kind) {
                let text = read_text_file(&path).map_err(|source| ListError::Io {
                    path: path.clone(),
                    source,
                })?;
                entries.extend(entries_of(&text));
            }
            Ok(entries)
        };
        Ok(Entries {
            outlets: read(Kind::Outlets)?,
            people: read(Kind::People)?,
        })
    }

    /// The entries a commit recorded (`None` for a commit that recorded
    /// none: an index written before lists were recorded).
    pub fn from_payload(payload: Option<&str>) -> Option<Entries> {
        serde_json::from_str::<Payload>(payload?)
            .ok()
            .map(|p| p.lists)
    }

    /// The entries as a commit records them.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(&Payload {
            lists: self.clone(),
        })
        .expect("entries serialise")
    }

    /// The names of the entries added or removed since `before`: the
    /// articles that name one of them may be extracted differently now.
    pub fn changed_names(&self, before: &Entries) -> Vec<String> {
        let mut names = BTreeSet::new();
        let pairs = [
            (&self.outlets, &before.outlets),
            (&self.people, &before.people),
        ];
        for (now, then) in pairs {
            for entry in now.symmetric_difference(then) {
                names.extend(entry.split(" | ").map(str::to_string));
            }
        }
        names.into_iter().collect()
    }

    /// How many entries were added or removed since `before`.
    pub fn changes(&self, before: &Entries) -> usize {
        self.outlets.symmetric_difference(&before.outlets).count()
            + self.people.symmetric_difference(&before.people).count()
    }
}

/// The entries of one list file.
fn entries_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            line.split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|entry| !entry.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_copies_are_read_after_the_file_beside_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("idx");
        std::fs::create_dir_all(&index).unwrap();
        std::fs::write(index.join("outlets.txt"), "Trend | TrendNews\n").unwrap();
        let given = dir.path().join("mine.txt");
        std::fs::write(
            &given,
            "# mine\nBaku Courier |The Courier| bakucourier.az\n\n",
        )
        .unwrap();
        keep(&index, Kind::Outlets, std::slice::from_ref(&given)).unwrap();
        // The copy stays when the original goes.
        std::fs::remove_file(&given).unwrap();
        assert_eq!(
            files(&index, Kind::Outlets),
            [
                index.join("outlets.txt"),
                index.join("lists/outlets/mine.txt")
            ]
        );
        let entries = Entries::of_index(&index).unwrap();
        assert_eq!(
            entries
                .outlets
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            [
                "Baku Courier | The Courier | bakucourier.az",
                "Trend | TrendNews"
            ]
        );
        assert!(entries.people.is_empty());
        // Two files of one name in one run are refused.
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        for d in [&a, &b] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("list.txt"), "X\n").unwrap();
        }
        assert!(matches!(
            keep(
                &index,
                Kind::People,
                &[a.join("list.txt"), b.join("list.txt")]
            ),
            Err(ListError::SameName { .. })
        ));
    }

    #[test]
    fn changes_name_what_was_added_or_removed() {
        let mut before = Entries::default();
        before.outlets.insert("Trend | TrendNews".into());
        before
            .people
            .insert("Maria Zakharova | M. Zakharova".into());
        let mut now = before.clone();
        now.outlets.insert("Baku Courier | The Courier".into());
        now.people.clear();
        assert_eq!(now.changes(&before), 2);
        assert_eq!(
            now.changed_names(&before),
            [
                "Baku Courier",
                "M. Zakharova",
                "Maria Zakharova",
                "The Courier"
            ]
        );
        let payload = now.to_payload();
        assert_eq!(Entries::from_payload(Some(&payload)), Some(now));
        assert_eq!(Entries::from_payload(None), None);
        assert_eq!(Entries::from_payload(Some("not json")), None);
    }
}
