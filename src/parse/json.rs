//! JSON files (one article, or an array of them, streamed element by
//! element) and JSON Lines (one article per line).

use std::io::BufRead;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::fields::record;
use super::{decode, problem, Article, FileOutcome, ProblemKind};

/// A JSON syntax error as a problem's message: the line is the problem's
/// own (a JSON Lines record is parsed alone, so serde's line number would
/// always be 1), and the column is said once.
fn json_error(err: &serde_json::Error, one_line: bool) -> String {
    let text = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let what = text.strip_suffix(&position).unwrap_or(&text);
    match err.line() {
        0 => format!("invalid JSON: {what}"),
        // Past the line's own end: its line break.
        line if one_line && line > 1 => format!("invalid JSON at the end of the line: {what}"),
        _ => format!("invalid JSON at column {}: {what}", err.column()),
    }
}

/// Reads a JSON file: an array is streamed element by element, so that a
/// file of any size is read in the memory of its largest element; a single
/// object is one article. An array cut short keeps the elements before the
/// cut.
pub(super) fn read_json(
    path: &Path,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    if let Ok(head) = reader.fill_buf() {
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut top = Top {
        path,
        emit,
        outcome,
        elements: 0,
        array: false,
    };
    let result = (&mut de).deserialize_any(&mut top).and_then(|()| de.end());
    let Top {
        elements, array, ..
    } = top;
    if let Err(err) = result {
        let what = if err.is_io() {
            format!("cannot read further (file truncated or corrupt): {err}")
        } else {
            json_error(&err, false)
        };
        let message = if array {
            format!(
                "{what} (in array element {}); the {elements} elements before it were read",
                elements + 1
            )
        } else {
            what
        };
        let kind = if outcome.articles == 0 && elements == 0 {
            ProblemKind::FileSkipped
        } else {
            ProblemKind::RecordSkipped
        };
        let line = (err.line() > 0).then_some(err.line());
        outcome.problems.push(problem(path, line, &message, kind));
    }
}

/// The top-level value of a JSON file, handled as it is read.
struct Top<'a> {
    path: &'a Path,
    emit: &'a mut dyn FnMut(Article),
    outcome: &'a mut FileOutcome,
    /// Array elements read in full.
    elements: usize,
    /// Whether the top level is an array.
    array: bool,
}

impl<'de> Visitor<'de> for &mut Top<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of articles or one article")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.array = true;
        while let Some(value) = seq.next_element::<Value>()? {
            self.elements += 1;
            record(
                self.path,
                Some(self.elements),
                value,
                "element",
                self.emit,
                self.outcome,
            );
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        record(self.path, None, value, "document", self.emit, self.outcome);
        Ok(())
    }
}

/// Reads JSON Lines line by line; a broken line is reported and skipped.
pub(super) fn read_json_lines(
    path: &Path,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                let message = format!("cannot read further (file truncated or corrupt): {err}");
                outcome.problems.push(problem(
                    path,
                    Some(line_no),
                    &message,
                    if outcome.articles == 0 {
                        ProblemKind::FileSkipped
                    } else {
                        ProblemKind::RecordSkipped
                    },
                ));
                break;
            }
        }
        let line = decode(path, Some(line_no), &buf, &mut outcome.problems);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(&line) {
            Ok(value) => record(path, Some(line_no), value, "line", emit, outcome),
            Err(err) => {
                let message = format!("{}; line skipped", json_error(&err, true));
                outcome.problems.push(problem(
                    path,
                    Some(line_no),
                    &message,
                    ProblemKind::RecordSkipped,
                ));
            }
        }
    }
}
