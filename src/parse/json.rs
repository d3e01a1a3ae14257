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
    let mut scanner = Scanner {
        reader,
        line: 1,
        failed: None,
    };
    if scanner.skip_blanks() == Some(b'[') {
        read_array(path, &mut scanner, emit, outcome);
        return;
    }
    if let Some(err) = scanner.failed.take() {
        outcome.problems.push(problem(
            path,
            None,
            &format!("cannot read further (file truncated or corrupt): {err}"),
            ProblemKind::FileSkipped,
        ));
        return;
    }
    let line = scanner.line;
    let mut de = serde_json::Deserializer::from_reader(scanner.reader);
    let mut top = Top {
        path,
        emit,
        outcome,
        elements: 0,
        array: false,
    };
    let result = (&mut de).deserialize_any(&mut top).and_then(|()| de.end());
    if let Err(err) = result {
        let what = if err.is_io() {
            format!("cannot read further (file truncated or corrupt): {err}")
        } else {
            json_error(&err, false)
        };
        let kind = if outcome.articles == 0 {
            ProblemKind::FileSkipped
        } else {
            ProblemKind::RecordSkipped
        };
        let line = (err.line() > 0).then(|| err.line() + line - 1);
        outcome.problems.push(problem(path, line, &what, kind));
    }
}

/// Reads the elements of the array whose `[` is next in `scanner`: each
/// element's bytes are found by a scan that only follows strings and
/// brackets, then parsed from memory (much faster than parsing from a
/// reader), so that memory holds one element at a time.
fn read_array(
    path: &Path,
    scanner: &mut Scanner,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    scanner.reader.consume(1);
    let mut element = Vec::new();
    let mut elements = 0usize;
    let fail = |outcome: &mut FileOutcome, line: usize, what: String, elements: usize| {
        let message = format!(
            "{what} (in array element {}); the {elements} elements before it were read",
            elements + 1
        );
        let kind = if outcome.articles == 0 && elements == 0 {
            ProblemKind::FileSkipped
        } else {
            ProblemKind::RecordSkipped
        };
        outcome
            .problems
            .push(problem(path, Some(line), &message, kind));
    };
    let mut first = true;
    loop {
        let Some(next) = scanner.skip_blanks() else {
            let line = scanner.line;
            let what = match scanner.failed.take() {
                Some(err) => format!("cannot read further (file truncated or corrupt): {err}"),
                None => "invalid JSON: the file ends before the array is closed".to_string(),
            };
            fail(outcome, line, what, elements);
            return;
        };
        if next == b']' {
            scanner.reader.consume(1);
            break;
        }
        if !first {
            if next != b',' {
                let line = scanner.line;
                fail(
                    outcome,
                    line,
                    format!(
                        "invalid JSON: expected ',' or ']', found '{}'",
                        next as char
                    ),
                    elements,
                );
                return;
            }
            scanner.reader.consume(1);
            if scanner.skip_blanks().is_none() {
                continue;
            }
        }
        first = false;
        let start = scanner.line;
        element.clear();
        let complete = scanner.take_value(&mut element);
        match serde_json::from_slice::<Value>(&element) {
            Ok(value) if complete => {
                elements += 1;
                record(path, Some(elements), value, "element", emit, outcome);
            }
            result => {
                let line = match &result {
                    Err(err) if err.line() > 0 => start + err.line() - 1,
                    _ => scanner.line,
                };
                let what = match (scanner.failed.take(), result) {
                    (Some(err), _) => {
                        format!("cannot read further (file truncated or corrupt): {err}")
                    }
                    (None, Err(err)) => json_error(&err, false),
                    (None, Ok(_)) => "invalid JSON: the file ends inside an element".to_string(),
                };
                fail(outcome, line, what, elements);
                return;
            }
        }
    }
    // Nothing but blanks may follow the array.
    if let Some(extra) = scanner.skip_blanks() {
        let line = scanner.line;
        outcome.problems.push(problem(
            path,
            Some(line),
            &format!(
                "invalid JSON: '{}' after the end of the array; the {elements} elements were read",
                extra as char
            ),
            ProblemKind::RecordSkipped,
        ));
    }
}

/// Reads JSON text byte by byte without parsing it: blanks, and the bytes
/// of one value, counting lines.
struct Scanner<'a> {
    reader: &'a mut dyn BufRead,
    /// The line of the next byte.
    line: usize,
    /// The read error that stopped the scan, if one did.
    failed: Option<std::io::Error>,
}

impl Scanner<'_> {
    /// Skips white space; the next byte (not consumed), or `None` at the
    /// end of the file or on a read error (kept in `failed`).
    fn skip_blanks(&mut self) -> Option<u8> {
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(err) => {
                    self.failed = Some(err);
                    return None;
                }
            };
            if buf.is_empty() {
                return None;
            }
            let mut used = 0;
            for &byte in buf {
                match byte {
                    b'\n' => self.line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    other => {
                        self.reader.consume(used);
                        return Some(other);
                    }
                }
                used += 1;
            }
            self.reader.consume(used);
        }
    }

    /// Appends to `out` the bytes of the value that starts at the next
    /// byte: up to its closing bracket or quote, or, for a number or a
    /// literal, up to a `,`, `]`, `}` or blank. Whether it ended before the
    /// file did.
    fn take_value(&mut self, out: &mut Vec<u8>) -> bool {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut started = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(err) => {
                    self.failed = Some(err);
                    return false;
                }
            };
            if buf.is_empty() {
                return false;
            }
            let mut used = 0;
            let mut done = false;
            for &byte in buf {
                if byte == b'\n' {
                    self.line += 1;
                }
                if in_string {
                    used += 1;
                    if escaped {
                        escaped = false;
                    } else if byte == b'\\' {
                        escaped = true;
                    } else if byte == b'"' {
                        in_string = false;
                        if depth == 0 {
                            done = true;
                            break;
                        }
                    }
                    continue;
                }
                match byte {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            used += 1;
                            done = true;
                            break;
                        }
                    }
                    b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 && started => {
                        if byte == b'\n' {
                            // Left for skip_blanks to count.
                            self.line -= 1;
                        }
                        done = true;
                        break;
                    }
                    _ => {}
                }
                started = true;
                used += 1;
            }
            out.extend_from_slice(&buf[..used]);
            self.reader.consume(used);
            if done {
                return true;
            }
        }
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
/// A line longer than this gets a buffer of its own, freed once parsed.
const HUGE_LINE: usize = 4 << 20;

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
        let parsed = {
            let line = decode(path, Some(line_no), &buf, &mut outcome.problems);
            if line.trim().is_empty() {
                continue;
            }
            serde_json::from_str::<Value>(&line)
        };
        // The buffer of a huge line is not kept for the rest of the file:
        // the record's text now lives in the parsed value.
        if buf.capacity() > HUGE_LINE {
            buf = Vec::new();
        }
        match parsed {
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
