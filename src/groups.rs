//! Outlet groups: named sets of outlets, written by the user in a file
//! (`caucasus = Trend, APA, Report.az, Caliber.Az`, one group per line,
//! `#` comments) and used wherever a source is: `--source @caucasus`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A group file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    /// The file cannot be read.
    #[error("cannot read the outlet groups file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not `name = Outlet, Outlet`.
    #[error("{path}:{line}: expected 'group = Outlet, Outlet, ...'")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The line.
        line: usize,
    },
    /// `@name` names no group.
    #[error("no outlet group '@{name}'{}", if known.is_empty() { " (no groups are defined: write them in groups.txt beside the index, or pass --groups FILE)".to_string() } else { format!("; the groups are: {}", known.join(", ")) })]
    Unknown {
        /// The name given.
        name: String,
        /// The groups defined.
        known: Vec<String>,
    },
}

/// Named sets of outlets.
#[derive(Debug, Clone, Default)]
pub struct OutletGroups {
    groups: BTreeMap<String, Vec<String>>,
}

impl OutletGroups {
    /// Reads group files; later files add to or replace earlier groups.
    pub fn load(paths: &[&Path]) -> Result<OutletGroups, GroupError> {
        let mut groups = OutletGroups::default();
        for path in paths {
            let text = crate::lists::read_text_file(path).map_err(|source| GroupError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            groups.add_text(path, &text)?;
        }
        Ok(groups)
    }

    fn add_text(&mut self, path: &Path, text: &str) -> Result<(), GroupError> {
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let syntax = || GroupError::Syntax {
                path: path.to_path_buf(),
                line: i + 1,
            };
            let (name, members) = line.split_once('=').ok_or_else(syntax)?;
            let name = name.trim().trim_start_matches('@').to_lowercase();
            let members: Vec<String> = members
                .split(',')
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect();
            if name.is_empty() || name.contains(char::is_whitespace) || members.is_empty() {
                return Err(syntax());
            }
            self.groups.insert(name, members);
        }
        Ok(())
    }

    /// Replaces each `@group` in `sources` by the group's outlets.
    pub fn expand(&self, sources: &[String]) -> Result<Vec<String>, GroupError> {
        let mut expanded = Vec::new();
        for source in sources {
            match source.strip_prefix('@') {
                Some(name) => {
                    let members = self.groups.get(&name.to_lowercase()).ok_or_else(|| {
                        GroupError::Unknown {
                            name: name.to_string(),
                            known: self.groups.keys().map(|k| format!("@{k}")).collect(),
                        }
                    })?;
                    expanded.extend(members.iter().cloned());
                }
                None => expanded.push(source.clone()),
            }
        }
        Ok(expanded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_expand_and_errors_name_the_line() {
        let mut groups = OutletGroups::default();
        groups
            .add_text(
                Path::new("g.txt"),
                "# regional agencies\ncaucasus = Trend, APA , Report.az\nWire = Reuters, AP\n",
            )
            .unwrap();
        let sources = vec![
            "@caucasus".to_string(),
            "TASS".to_string(),
            "@wire".to_string(),
        ];
        assert_eq!(
            groups.expand(&sources).unwrap(),
            ["Trend", "APA", "Report.az", "TASS", "Reuters", "AP"]
        );
        let err = groups.expand(&["@nope".to_string()]).unwrap_err();
        assert!(err.to_string().contains("@caucasus, @wire"), "{err}");
        let err = OutletGroups::default()
            .add_text(Path::new("g.txt"), "ok = A\nbroken line\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.txt:2: expected 'group = Outlet, Outlet, ...'"
        );
    }
}
