//! Plain-text articles: an optional block of `Key: value` header lines,
//! then the title (unless the header gave one) and the text.

use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{article_from_meta, field_str};
use super::{finish, problem, Article, FileOutcome, ProblemKind};

/// Header keys recognised at the top of a text file.
const HEADER_KEYS: &[&str] = &[
    "date",
    "published",
    "pubdate",
    "source",
    "publisher",
    "outlet",
    "url",
    "link",
    "title",
    "headline",
    "id",
    "author",
    "byline",
    "section",
    "category",
    "tags",
    "language",
    "lang",
    "location",
    "dateline",
];

/// Whether a carriage return stands somewhere without a line feed after it.
fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn header_line(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    HEADER_KEYS
        .contains(&key.as_str())
        .then_some((key, value.trim()))
}

pub(super) fn read_text(
    path: &Path,
    text: &str,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    if text.contains('\0') {
        outcome.problems.push(problem(
            path,
            None,
            "looks like a binary file, not text",
            ProblemKind::FileSkipped,
        ));
        return;
    }
    // Old Mac files end their lines with a carriage return alone.
    let unix;
    let text = if text.bytes().any(|b| b == b'\r') && has_lone_cr(text) {
        unix = text.replace("\r\n", "\n").replace('\r', "\n");
        unix.as_str()
    } else {
        text
    };
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty())
        .peekable();
    let mut meta = Map::new();
    // The header block: consecutive `Key: value` lines with known keys.
    while let Some((_, line)) = lines.peek() {
        match header_line(line) {
            Some((key, value)) => {
                meta.insert(key, Value::String(value.to_string()));
                lines.next();
            }
            None => break,
        }
    }
    let mut lines = lines.skip_while(|(_, l)| l.trim().is_empty());
    let title_from_meta = field_str(&meta, &["title", "headline"]);
    let title = match title_from_meta {
        Some(title) => title,
        None => match lines.next() {
            Some((_, line)) => line.trim().to_string(),
            None => {
                outcome.problems.push(problem(
                    path,
                    None,
                    "empty file: no title or text",
                    ProblemKind::FileSkipped,
                ));
                return;
            }
        },
    };
    let body: Vec<&str> = lines.map(|(_, l)| l.trim_end()).collect();
    let body = body.join("\n").trim().to_string();
    let mut article = article_from_meta(path, None, &meta);
    article.title = title;
    article.body = body;
    outcome.articles += 1;
    finish(&mut article);
    emit(article);
}
