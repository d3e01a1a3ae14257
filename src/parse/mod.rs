//! Turning one archive file into articles: plain text with an optional
//! `Key: value` header (`text`), a JSON object or array and JSON Lines
//! (`json`), CSV and TSV (`csv`), saved web pages (`html`), web archives
//! (`warc`), and any of these gzipped. The field names of the tools that
//! write such files are `fields`'s.
//!
//! This module owns file formats and field-name variants. It does not decide
//! which files to visit ([`crate::walk`]), how a web page's story is found
//! ([`crate::html`]) or what the text says ([`crate::extract`]).

mod csv;
mod fields;
mod html;
mod json;
mod text;
mod warc;

pub use fields::web_host;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use time::OffsetDateTime;

/// One article as read from an archive file, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The file it came from.
    pub path: PathBuf,
    /// Position in the file: the line number for JSON Lines, the 1-based
    /// element for a JSON array, `None` for a file holding one article.
    pub record: Option<usize>,
    /// The record's own identifier, when it has one.
    pub id: Option<String>,
    /// Headline.
    pub title: String,
    /// Text, paragraphs separated by blank lines.
    pub body: String,
    /// Publication time, when the record gives a readable one.
    pub published: Option<OffsetDateTime>,
    /// Address of the article.
    pub url: Option<String>,
    /// The outlet named in the record's metadata.
    pub source: Option<String>,
    /// The web site it came from, as a domain (`azernews.az`), when the
    /// record gives one.
    pub site: Option<String>,
    /// The byline: the authors' names, as the record gives them.
    pub authors: Vec<String>,
    /// The language as an ISO 639-1 code (`en`, `ru`), when known.
    pub language: Option<String>,
}

/// Something wrong with a file or one of its records. The rest of the file
/// is still read where that is possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// The line (JSON Lines, CSV, JSON syntax errors), when known.
    pub line: Option<usize>,
    /// The byte offset in the file (a WARC record), when known.
    pub offset: Option<u64>,
    /// What is wrong.
    pub message: String,
    /// What the problem cost.
    pub kind: ProblemKind,
}

/// What a problem cost: the whole file, one record, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file gave no articles because of an error.
    FileSkipped,
    /// The file is of a type newsdex does not read.
    FileUnsupported,
    /// The file describes the archive rather than holding articles
    /// (README, LICENSE) and was left out.
    FileIgnored,
    /// One record of the file was left out; the others were read.
    RecordSkipped,
    /// Nothing was left out (invalid UTF-8 decoded lossily, for instance).
    Warning,
}

impl Problem {
    /// Whether the whole file was skipped.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::FileSkipped | ProblemKind::FileUnsupported | ProblemKind::FileIgnored
        )
    }

    /// A file of a type newsdex does not read.
    pub fn unsupported(path: PathBuf) -> Problem {
        Problem {
            path,
            line: None,
            offset: None,
            message: format!("not a type newsdex reads ({SUPPORTED_TYPES})"),
            kind: ProblemKind::FileUnsupported,
        }
    }

    /// A file that describes the archive rather than holding articles.
    pub fn not_article(path: PathBuf) -> Problem {
        Problem {
            path,
            line: None,
            offset: None,
            message: "not an article (a README, licence or similar file); --all-files reads it"
                .to_string(),
            kind: ProblemKind::FileIgnored,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.offset) {
            (Some(line), _) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            (None, Some(offset)) => write!(
                f,
                "{}: at byte {}: {}",
                self.path.display(),
                offset,
                self.message
            ),
            (None, None) => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The file types newsdex reads, as messages name them.
pub const SUPPORTED_TYPES: &str =
    ".txt, .json, .jsonl, .ndjson, .csv, .tsv, .html, .htm and .warc, each optionally gzipped";

/// The formats newsdex reads, decided from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`
    Text,
    /// `.json`
    Json,
    /// `.jsonl`, `.ndjson`
    JsonLines,
    /// `.csv`
    Csv,
    /// `.tsv`
    Tsv,
    /// `.html`, `.htm`
    Html,
    /// `.warc`
    Warc,
}

/// The format of a file and whether it is gzipped, or `None` for files
/// newsdex does not read.
pub fn detect_format(path: &Path) -> Option<(Format, bool)> {
    // A name that is not UTF-8 (a Latin-1 `café.txt`) still has its
    // extension.
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (inner, gzipped) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name.as_str(), false),
    };
    let ext = inner.rsplit_once('.')?.1;
    let format = match ext {
        "txt" | "text" => Format::Text,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        "csv" => Format::Csv,
        "tsv" | "tab" => Format::Tsv,
        "html" | "htm" | "xhtml" => Format::Html,
        "warc" => Format::Warc,
        _ => return None,
    };
    Some((format, gzipped))
}

/// What reading one file gave.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Articles handed to the callback.
    pub articles: usize,
    /// Problems met; a fatal one means the file gave nothing.
    pub problems: Vec<Problem>,
}

/// Reads every article of `path` and hands each to `emit`, streaming JSON
/// Lines, JSON arrays, CSV and WARC files record by record. Problems are collected, never raised: a broken
/// record or file does not stop the caller.
pub fn read_file(path: &Path, emit: &mut dyn FnMut(Article)) -> FileOutcome {
    read_file_named(path, path, emit)
}

/// [`read_file`] for a file whose format is said by another name: the
/// link the walk found (`linked.txt`) when `path` is what it points to
/// (`store/blob1`).
pub fn read_file_named(path: &Path, name: &Path, emit: &mut dyn FnMut(Article)) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let Some((format, gzipped)) = detect_format(name) else {
        outcome.problems.push(problem(
            path,
            None,
            "not a supported file type",
            ProblemKind::FileSkipped,
        ));
        return outcome;
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) => {
            outcome.problems.push(problem(
                path,
                None,
                &format!("cannot open: {err}"),
                ProblemKind::FileSkipped,
            ));
            return outcome;
        }
    };
    if format == Format::Warc {
        warc::read_warc(path, file, gzipped, emit, &mut outcome);
        return outcome;
    }
    let reader: Box<dyn Read> = if gzipped {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    // Records of a UTF-16 file (with its byte-order mark) are read as
    // UTF-8, transcoded as they stream.
    let utf16 = matches!(
        format,
        Format::Json | Format::JsonLines | Format::Csv | Format::Tsv
    ) && reader
        .fill_buf()
        .is_ok_and(|head| head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF"));
    if utf16 {
        let decoded: Box<dyn Read> =
            Box::new(encoding_rs_io::DecodeReaderBytesBuilder::new().build(reader));
        reader = BufReader::with_capacity(64 * 1024, decoded);
    }
    match format {
        Format::JsonLines => json::read_json_lines(path, &mut reader, emit, &mut outcome),
        Format::Json => json::read_json(path, &mut reader, emit, &mut outcome),
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            csv::read_csv(path, reader, delimiter, emit, &mut outcome);
        }
        Format::Text | Format::Html | Format::Warc => {
            let mut bytes = Vec::new();
            if let Err(err) = reader.read_to_end(&mut bytes) {
                let what = if gzipped {
                    "cannot decompress"
                } else {
                    "cannot read"
                };
                outcome.problems.push(problem(
                    path,
                    None,
                    &format!("{what}: {err}"),
                    ProblemKind::FileSkipped,
                ));
                return outcome;
            }
            if format == Format::Html {
                html::read_html(path, &bytes, emit, &mut outcome);
            } else {
                let text = decode(path, None, &bytes, &mut outcome.problems);
                text::read_text(path, &text, emit, &mut outcome);
            }
        }
    }
    outcome
}

fn problem(path: &Path, line: Option<usize>, message: &str, kind: ProblemKind) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        offset: None,
        message: message.to_string(),
        kind,
    }
}

/// Text in UTF-16 with its byte-order mark (as Windows tools save
/// "Unicode" text), decoded: the text, the encoding's name and whether some
/// characters were invalid. `None` for anything else.
pub(crate) fn decode_utf16(bytes: &[u8]) -> Option<(String, &'static str, bool)> {
    let (encoding, bom) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
    Some((text.into_owned(), encoding.name(), had_errors))
}

/// Decodes UTF-8, noting when the bytes are not valid UTF-8. Text with no
/// valid multi-byte UTF-8 sequence at all is taken for Windows-1252 (which
/// covers Latin-1), the usual encoding of older archives; otherwise the
/// invalid bytes are replaced with U+FFFD.
fn decode(path: &Path, line: Option<usize>, bytes: &[u8], problems: &mut Vec<Problem>) -> String {
    if let Some((text, encoding, had_errors)) = decode_utf16(bytes) {
        if had_errors {
            problems.push(problem(
                path,
                line,
                &format!("invalid {encoding}; bad characters replaced with U+FFFD"),
                ProblemKind::Warning,
            ));
        }
        return text;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            let any_utf8 = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
            let (text, how) = if any_utf8 {
                (
                    String::from_utf8_lossy(bytes).into_owned(),
                    "bad bytes replaced with U+FFFD",
                )
            } else {
                (
                    bytes.iter().map(|&b| windows_1252(b)).collect(),
                    "decoded as Windows-1252 (Latin-1)",
                )
            };
            problems.push(problem(
                path,
                line,
                &format!("invalid UTF-8 at byte {}; {how}", err.valid_up_to()),
                ProblemKind::Warning,
            ));
            text
        }
    }
}

/// The character of a Windows-1252 byte.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The last step for every article read: spaces of other widths
/// (no-break, thin, ideographic) in title and body become plain spaces, so
/// that search, snippets and extraction see one kind of space; then the
/// date is filled in from the text where the metadata gave none.
fn finish(article: &mut Article) {
    finish_with(article, true);
}

/// [`finish`], the date looked for in the file's path too or not (a web
/// archive's name says when it was crawled, not when its pages were
/// published).
fn finish_with(article: &mut Article, date_from_path: bool) {
    plain_spaces(&mut article.title);
    plain_spaces(&mut article.body);
    if article.language.is_none() {
        article.language = crate::language::detect(&article.body).map(str::to_string);
    }
    if article.published.is_none() {
        let path = article.path.to_string_lossy();
        article.published = crate::date::date_from_text(
            &article.body,
            article.url.as_deref(),
            if date_from_path { &path } else { "" },
        );
    }
}

/// Replaces Unicode space separators other than the plain space with it.
fn plain_spaces(text: &mut String) {
    let odd = |c: char| {
        matches!(
            c,
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
        )
    };
    if text.is_ascii() || !text.contains(odd) {
        return;
    }
    *text = text.replace(odd, " ");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(path: &Path) -> (Vec<Article>, Vec<Problem>) {
        let mut articles = Vec::new();
        let outcome = read_file(path, &mut |a| articles.push(a));
        assert_eq!(outcome.articles, articles.len());
        (articles, outcome.problems)
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn formats_are_detected_by_name() {
        assert_eq!(
            detect_format(Path::new("a/b.txt")),
            Some((Format::Text, false))
        );
        assert_eq!(
            detect_format(Path::new("b.JSON")),
            Some((Format::Json, false))
        );
        assert_eq!(
            detect_format(Path::new("b.ndjson.gz")),
            Some((Format::JsonLines, true))
        );
        assert_eq!(
            detect_format(Path::new("b.jsonl")),
            Some((Format::JsonLines, false))
        );
        assert_eq!(detect_format(Path::new("b.pdf")), None);
        assert_eq!(detect_format(Path::new("README")), None);
    }

    #[test]
    fn spaces_of_other_widths_become_plain_spaces() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Fare\u{a0}rise\n\nThe mayor\u{a0}told the Evening\u{202f}Herald on Monday.\n";
        let (articles, _) = read_all(&write(dir.path(), "a.txt", text.as_bytes()));
        assert_eq!(articles[0].title, "Fare rise");
        assert_eq!(
            articles[0].body,
            "The mayor told the Evening Herald on Monday."
        );
        let json = "{\"title\": \"A\u{3000}B\", \"text\": \"one\u{2009}two\"}\n";
        let (articles, _) = read_all(&write(dir.path(), "b.jsonl", json.as_bytes()));
        assert_eq!(
            (articles[0].title.as_str(), articles[0].body.as_str()),
            ("A B", "one two")
        );
    }

    #[test]
    fn text_file_with_header_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.txt",
            b"Date: 2024-12-26 21:09:18\nSource: Trend\nURL: https://example.org/a\n\nTitle here\n\nFirst paragraph.\n\nSecond: with a colon.\n",
        );
        let (articles, problems) = read_all(&path);
        assert!(problems.is_empty());
        let a = &articles[0];
        assert_eq!(a.title, "Title here");
        assert_eq!(a.body, "First paragraph.\n\nSecond: with a colon.");
        assert_eq!(a.source.as_deref(), Some("Trend"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            crate::date::format_rfc3339(a.published.unwrap()),
            "2024-12-26T21:09:18Z"
        );
    }

    #[test]
    fn text_file_without_header_uses_first_line_as_title() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.txt",
            b"\n\nBreaking: talks resume\nBody text.\n",
        );
        let (articles, _) = read_all(&path);
        assert_eq!(articles[0].title, "Breaking: talks resume");
        assert_eq!(articles[0].body, "Body text.");
        assert_eq!(articles[0].published, None);
    }

    #[test]
    fn empty_and_binary_text_files_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let (articles, problems) = read_all(&write(dir.path(), "empty.txt", b"  \n\n"));
        assert!(articles.is_empty());
        assert!(problems[0].is_fatal() && problems[0].message.contains("empty"));
        let (articles, problems) = read_all(&write(dir.path(), "bin.txt", b"\x00\x01\x02abc"));
        assert!(articles.is_empty());
        assert!(problems[0].message.contains("binary"));
    }

    #[test]
    fn invalid_utf8_is_decoded_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        // Latin-1 text: no UTF-8 in it at all.
        let (articles, problems) = read_all(&write(
            dir.path(),
            "a.txt",
            b"Caf\xe9 talks\nBody \x93quoted\x94.\n",
        ));
        assert_eq!(articles[0].title, "Caf\u{e9} talks");
        assert_eq!(articles[0].body, "Body \u{201c}quoted\u{201d}.");
        assert_eq!(problems[0].kind, ProblemKind::Warning);
        assert!(problems[0].message.contains("invalid UTF-8 at byte 3"));
        assert!(problems[0].message.contains("Windows-1252"));
        // UTF-8 with one stray byte: only that byte is replaced.
        let (articles, problems) = read_all(&write(
            dir.path(),
            "b.txt",
            b"Caf\xc3\xa9 \xff talks\nBody.\n",
        ));
        assert_eq!(articles[0].title, "Caf\u{e9} \u{FFFD} talks");
        assert!(problems[0].message.contains("U+FFFD"));
    }

    #[test]
    fn json_object_array_and_field_variants() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.json",
            br#"[{"headline": "H1", "text": "T1", "pubDate": "2025-02-01", "publisher": "APA", "link": "u1"},
                 {"title": "H2", "maintext": "T2", "date_publish": "2024-12-26 21:09:18", "source_domain": "reuters.com", "id": 7},
                 {"title": "", "body": ""},
                 3]"#,
        );
        let (articles, problems) = read_all(&path);
        assert_eq!(articles.len(), 2);
        assert_eq!(
            (articles[0].title.as_str(), articles[0].body.as_str()),
            ("H1", "T1")
        );
        assert_eq!(articles[0].source.as_deref(), Some("APA"));
        assert_eq!(articles[0].url.as_deref(), Some("u1"));
        assert_eq!(articles[0].record, Some(1));
        assert_eq!(articles[1].id.as_deref(), Some("7"));
        assert_eq!(articles[1].source, None);
        assert_eq!(articles[1].site.as_deref(), Some("reuters.com"));
        assert!(articles[1].published.is_some());
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("element 3 has no title"));
        assert!(problems[1]
            .message
            .contains("element 4 is not a JSON object"));

        let single = write(
            dir.path(),
            "b.json",
            br#"{"title": "Only", "content": "Body"}"#,
        );
        let (articles, _) = read_all(&single);
        assert_eq!(articles[0].record, None);
        assert_eq!(articles[0].body, "Body");
    }

    #[test]
    fn broken_json_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.json",
            b"{\n \"title\": \"x\",\n \"body\": oops\n}",
        );
        let (articles, problems) = read_all(&path);
        assert!(articles.is_empty());
        assert_eq!(problems[0].line, Some(3));
        assert!(problems[0].is_fatal());
    }

    #[test]
    fn json_lines_skip_a_broken_line_and_keep_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.jsonl",
            b"{\"title\": \"one\", \"body\": \"b\"}\n{\"title\": \"two\", \"body\n\n{\"title\": \"three\", \"body\": \"b\"}\n",
        );
        let (articles, problems) = read_all(&path);
        let titles: Vec<_> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["one", "three"]);
        assert_eq!(articles[1].record, Some(4));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        // The line is the file's, said once; the column, within it.
        let message = problems[0].to_string();
        assert!(
            message.contains("a.jsonl:2: invalid JSON at the end of the line: "),
            "{message}"
        );
        assert!(!message.contains("line 1"), "{message}");
    }

    #[test]
    fn gzip_files_are_read_and_truncated_ones_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(b"{\"title\": \"z\", \"body\": \"zipped\"}\n")
            .unwrap();
        let bytes = encoder.finish().unwrap();
        let (articles, _) = read_all(&write(dir.path(), "a.jsonl.gz", &bytes));
        assert_eq!(articles[0].body, "zipped");

        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(
                b"Title\nA body long enough to be cut somewhere in the middle of the stream.\n",
            )
            .unwrap();
        let bytes = encoder.finish().unwrap();
        let (articles, problems) =
            read_all(&write(dir.path(), "b.txt.gz", &bytes[..bytes.len() / 2]));
        assert!(articles.is_empty());
        assert!(
            problems[0].message.contains("cannot decompress"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn a_json_array_cut_in_the_middle_keeps_the_elements_before_the_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "cut.json",
            b"[\n{\"title\": \"one\", \"body\": \"a\"},\n{\"title\": \"two\", \"body\": \"b\"},\n{\"title\": \"thr",
        );
        let (articles, problems) = read_all(&path);
        let titles: Vec<_> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["one", "two"]);
        assert_eq!(articles[1].record, Some(2));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(4));
        assert_eq!(problems[0].kind, ProblemKind::RecordSkipped);
        assert!(
            problems[0].message.contains("in array element 3"),
            "{}",
            problems[0]
        );
        // A BOM and trailing white space are fine; text after the array is not.
        let path = write(
            dir.path(),
            "bom.json",
            b"\xEF\xBB\xBF[{\"title\": \"x\", \"body\": \"y\"}]\n\n",
        );
        let (articles, problems) = read_all(&path);
        assert_eq!((articles.len(), problems.len()), (1, 0), "{problems:?}");
    }

    #[test]
    fn utf16_files_with_a_byte_order_mark_are_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            bytes
        };
        let text = write(
            dir.path(),
            "a.txt",
            &utf16(
                "Café reopens\r\n\r\nThe café on the quay reopened.\r\n",
                false,
            ),
        );
        let (articles, problems) = read_all(&text);
        assert_eq!(problems, Vec::new());
        assert_eq!(articles[0].title, "Café reopens");
        assert_eq!(articles[0].body, "The café on the quay reopened.");
        let lines = write(
            dir.path(),
            "b.jsonl",
            &utf16(
                "{\"title\": \"One\", \"body\": \"ü\"}\n{\"title\": \"Two\", \"body\": \"b\"}\n",
                true,
            ),
        );
        let (articles, problems) = read_all(&lines);
        assert_eq!(problems, Vec::new());
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].body, "ü");
        // Lines ended by a carriage return alone (old Mac files).
        let mac = write(
            dir.path(),
            "mac.txt",
            b"Harbour news\r\rThe ferry left on time.\rThe crane was fixed.\r",
        );
        let (articles, _) = read_all(&mac);
        assert_eq!(articles[0].title, "Harbour news");
        assert_eq!(
            articles[0].body,
            "The ferry left on time.\nThe crane was fixed."
        );
        let csv = write(
            dir.path(),
            "c.csv",
            &utf16("title,text\nThree,Ça va\n", false),
        );
        let (articles, _) = read_all(&csv);
        assert_eq!(articles[0].body, "Ça va");
    }

    #[test]
    fn array_elements_are_found_whatever_their_strings_and_nesting_hold() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "tricky.json",
            br#"  [ {"title": "A \"quoted\" ] title }", "body": "x, [y] {z}", "tags": [["a"], {"b": "]"}]},
  7, "text", null,
{"title": "B", "body": "back\\slash"}
 ]"#,
        );
        let (articles, problems) = read_all(&path);
        let titles: Vec<_> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["A \"quoted\" ] title }", "B"]);
        assert_eq!(articles[0].body, "x, [y] {z}");
        assert_eq!(articles[1].body, "back\\slash");
        assert_eq!(articles[1].record, Some(5));
        // The three elements that are not objects are named, by position.
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0]
            .message
            .contains("element 2 is not a JSON object"));

        let empty = write(dir.path(), "empty.json", b"[ ]\n");
        assert_eq!(read_all(&empty), (Vec::new(), Vec::new()));

        // A missing comma stops the array where it is, with its line.
        let path = write(
            dir.path(),
            "comma.json",
            b"[\n{\"title\": \"one\", \"body\": \"a\"}\n{\"title\": \"two\", \"body\": \"b\"}]",
        );
        let (articles, problems) = read_all(&path);
        assert_eq!(articles.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[0].message.contains("expected ',' or ']'")
                && problems[0].message.contains("in array element 2"),
            "{}",
            problems[0]
        );

        // An element broken on its third line is reported at that line.
        let path = write(
            dir.path(),
            "broken.json",
            b"[{\"title\": \"one\", \"body\": \"a\"},\n{\"title\": \"two\",\n\"body\": oops}]",
        );
        let (articles, problems) = read_all(&path);
        assert_eq!(articles.len(), 1);
        assert_eq!(problems[0].line, Some(3), "{}", problems[0]);

        // Text after the array is named; the elements are kept.
        let path = write(
            dir.path(),
            "after.json",
            b"[{\"title\": \"x\", \"body\": \"y\"}]\n{}",
        );
        let (articles, problems) = read_all(&path);
        assert_eq!(articles.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(problems[0].message.contains("after the end of the array"));
    }

    #[test]
    fn the_dates_regional_scrapers_write_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.jsonl",
            b"{\"title\": \"t\", \"content\": \"b\", \"publish_date\": \"21 July 2025 14:01 (UTC+04:00)\", \"link\": \"https://www.azernews.az/nation/1.html\", \"author\": \"Ann Lee\"}\n",
        );
        let (articles, _) = read_all(&path);
        assert_eq!(
            crate::date::format_rfc3339(articles[0].published.unwrap()),
            "2025-07-21T10:01:00Z"
        );
        assert_eq!(articles[0].site.as_deref(), Some("azernews.az"));
        assert_eq!(articles[0].authors, ["Ann Lee"]);
    }

    #[test]
    fn csv_rows_are_articles_and_ragged_rows_and_open_quotes_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.csv",
            b"title,text,publish_date,media_name,url\n\"Port, reopened\",\"First line.\n\nSecond \"\"quoted\"\" line.\",2023-04-02,Harbour Herald,https://h.example/1\nragged,row\nLast,Fine text.,2023-04-03,h.example,\n",
        );
        let (articles, problems) = read_all(&path);
        assert_eq!(articles.len(), 2, "{problems:?}");
        assert_eq!(articles[0].title, "Port, reopened");
        assert_eq!(articles[0].body, "First line.\n\nSecond \"quoted\" line.");
        assert_eq!(articles[0].source.as_deref(), Some("Harbour Herald"));
        assert_eq!(articles[0].record, Some(2));
        assert_eq!(articles[1].site.as_deref(), Some("h.example"));
        assert_eq!(articles[1].record, Some(6));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(5));
        assert!(problems[0]
            .message
            .contains("2 fields where the header has 5"));

        let path = write(
            dir.path(),
            "b.tsv",
            b"title\ttext\nGood\tText one.\nOpen\t\"Text that never ends.\nMore\tText two.\n",
        );
        let (articles, problems) = read_all(&path);
        assert_eq!(articles.len(), 1, "{problems:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(3));
        assert!(problems[0].message.contains("never closed"));
    }

    #[test]
    fn web_pages_are_articles_or_say_why_not() {
        let dir = tempfile::tempdir().unwrap();
        let story = "<p>The night ferry left the harbour an hour late on Friday, after a crane on the quay broke down while loading the last lorries.</p><p>Passengers said they were told little, and some waited in their cars on the deck for most of the delay.</p><p>The operator apologised on Saturday and said every passenger would be offered a refund of half the fare.</p>";
        let page = format!(
            "<html lang=\"en-GB\"><head><title>Ferry late</title><meta property=\"og:site_name\" content=\"harbourherald.example\"><meta name=\"author\" content=\"Eve North\"></head><body><article><h1>Ferry late</h1>{story}</article></body></html>"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(page.as_bytes()).unwrap();
        let (articles, problems) = read_all(&write(dir.path(), "a.html.gz", &gz.finish().unwrap()));
        assert!(problems.is_empty(), "{problems:?}");
        let a = &articles[0];
        assert_eq!(a.title, "Ferry late");
        assert_eq!(
            (a.source.as_deref(), a.site.as_deref()),
            (None, Some("harbourherald.example"))
        );
        assert_eq!(a.authors, ["Eve North"]);
        assert_eq!(a.language.as_deref(), Some("en"));

        let (articles, problems) = read_all(&write(
            dir.path(),
            "b.htm",
            b"<html><body><p>Short.</p></body></html>",
        ));
        assert!(articles.is_empty());
        assert!(problems[0].is_fatal());
        assert!(
            problems[0].message.contains("no article"),
            "{}",
            problems[0]
        );
    }
}
