//! CSV and TSV files: a header row naming the fields (the same names as in
//! JSON, see `fields`), then one article per row, streamed; quoted fields
//! may span lines. A row with the wrong number of fields is reported with
//! its line and skipped; a quote left open, which swallows the rest of the
//! file, is reported with the line of the row it opens in.

use std::io::Read;
use std::path::Path;

use csv::{ByteRecord, ErrorKind, ReaderBuilder};
use serde_json::{Map, Value};

use super::fields::record;
use super::{decode, problem, Article, FileOutcome, ProblemKind};

/// A reader that counts the quote characters passing through it: an odd
/// count at the end of the file means a quote was never closed.
struct Quotes<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Quotes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += memchr::memchr_iter(b'"', &buf[..n]).count() as u64;
        Ok(n)
    }
}

/// The last row read, held back until the next one shows that no quote
/// left open in it swallowed the rest of the file.
enum Held {
    Row(usize, ByteRecord),
    Ragged(usize, String),
}

pub(super) fn read_csv(
    path: &Path,
    reader: impl Read,
    delimiter: u8,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    let mut rows = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(Quotes {
            inner: reader,
            count: 0,
        });
    let names: Vec<String> = match rows.byte_headers() {
        Ok(header) => header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let name = String::from_utf8_lossy(name);
                let name = if i == 0 {
                    name.trim_start_matches('\u{feff}')
                } else {
                    &name
                };
                name.trim().to_string()
            })
            .collect(),
        Err(err) => {
            let message = format!("cannot read the header row: {}", error_text(&err));
            outcome
                .problems
                .push(problem(path, Some(1), &message, ProblemKind::FileSkipped));
            return;
        }
    };
    if names.iter().all(String::is_empty) {
        outcome.problems.push(problem(
            path,
            None,
            "empty file: no header row",
            ProblemKind::FileSkipped,
        ));
        return;
    }
    let mut held: Option<Held> = None;
    let mut row = ByteRecord::new();
    loop {
        let next = match rows.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(0, |p| p.line() as usize);
                Held::Row(line, row.clone())
            }
            Err(err) => match err.kind() {
                ErrorKind::UnequalLengths {
                    pos,
                    expected_len,
                    len,
                } => Held::Ragged(
                    pos.as_ref().map_or(0, |p| p.line() as usize),
                    format!(
                        "row has {len} fields where the header has {expected_len}; row skipped"
                    ),
                ),
                _ => {
                    let line = err.position().map(|p| p.line() as usize);
                    let message = format!(
                        "cannot read further (file truncated or corrupt): {}",
                        error_text(&err)
                    );
                    let kind = if outcome.articles == 0 && held.is_none() {
                        ProblemKind::FileSkipped
                    } else {
                        ProblemKind::RecordSkipped
                    };
                    if let Some(last) = held.take() {
                        use_row(path, &names, last, emit, outcome);
                    }
                    outcome.problems.push(problem(path, line, &message, kind));
                    return;
                }
            },
        };
        if let Some(last) = held.replace(next) {
            use_row(path, &names, last, emit, outcome);
        }
    }
    let Some(last) = held else {
        return;
    };
    let swallowed = match &last {
        Held::Row(_, row) => row.iter().any(|field| field.contains(&b'\n')),
        Held::Ragged(..) => true,
    };
    if rows.get_ref().count % 2 == 1 && swallowed {
        let line = match last {
            Held::Row(line, _) | Held::Ragged(line, _) => line,
        };
        outcome.problems.push(problem(
            path,
            Some(line),
            "a quote opened in this row is never closed, so the row runs to the end of the file; row skipped",
            ProblemKind::RecordSkipped,
        ));
    } else {
        use_row(path, &names, last, emit, outcome);
    }
}

fn use_row(
    path: &Path,
    names: &[String],
    held: Held,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    match held {
        Held::Ragged(line, message) => {
            outcome.problems.push(problem(
                path,
                Some(line),
                &message,
                ProblemKind::RecordSkipped,
            ));
        }
        Held::Row(line, row) => {
            let mut map = Map::new();
            for (name, field) in names.iter().zip(row.iter()) {
                if name.is_empty() || field.is_empty() {
                    continue;
                }
                let text = decode(path, Some(line), field, &mut outcome.problems);
                map.insert(name.clone(), Value::String(text));
            }
            record(path, Some(line), Value::Object(map), "row", emit, outcome);
        }
    }
}

/// A CSV error's text without the position the problem already gives.
fn error_text(err: &csv::Error) -> String {
    match err.kind() {
        ErrorKind::Io(io) => io.to_string(),
        _ => err.to_string(),
    }
}
