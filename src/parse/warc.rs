//! Web archives (`.warc`, `.warc.gz`, WARC 1.0 and 1.1), read record by
//! record in bounded memory: every `response` record of an HTML page
//! served with status 200 becomes an article through
//! [`crate::html::read_page`], its HTTP chunked transfer-encoding and gzip
//! or deflate content-encoding undone. The record's `WARC-Target-URI` is
//! the article's address; its `WARC-Date` is when the page was crawled and
//! is never taken for the publication date.
//!
//! A `.warc.gz` is read one gzip member at a time (crawlers write one per
//! record), so that a problem names the member's byte offset in the file
//! and a corrupt member is stepped over to the next one. Other records
//! (requests, metadata, revisits, pages that are not HTML or not status
//! 200, pages without an article) are counted in one summary; a record
//! cut short or corrupt is reported with its offset.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::{GzDecoder, MultiGzDecoder, ZlibDecoder};

use super::html::page_article;
use super::{Article, FileOutcome, Problem, ProblemKind};

/// The largest record read, in bytes of its block; bigger ones are
/// skipped (a video, a software download).
const MAX_RECORD: u64 = 32 * 1024 * 1024;
/// The longest header line and the most header bytes of a record.
const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER: usize = 1024 * 1024;

/// A reader that knows how many bytes were taken from it.
struct Counted<R> {
    inner: R,
    position: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        self.position += amount as u64;
        self.inner.consume(amount);
    }
}

/// One WARC record: the header fields it needs and its block.
#[derive(Debug)]
pub(super) struct Record {
    /// Where the record starts in its stream.
    pub offset: u64,
    /// `WARC-Type`, lowercased.
    pub kind: String,
    /// `WARC-Target-URI`, without angle brackets.
    pub target: Option<String>,
    /// The block (`Content-Length` bytes), unless the record was too big.
    pub block: Option<Vec<u8>>,
    /// `Content-Length`.
    pub length: u64,
}

/// Why reading records stopped before the end of the stream, or why one
/// record was left out.
#[derive(Debug)]
pub(super) enum Broken {
    /// The stream could not be read (truncated gzip data, I/O error).
    Io(u64, io::Error),
    /// The stream ended inside a record.
    Truncated(u64, String),
    /// Bytes that are not a record header, from this offset on.
    NotHeader(u64),
    /// A header without a readable `Content-Length`, or too long.
    BadHeader(u64, String),
}

/// Reads the WARC records of an uncompressed stream one at a time.
pub(super) struct Records<R> {
    reader: Counted<R>,
    /// Whether bytes that are no header are being stepped over (said once).
    lost: bool,
}

impl<R: BufRead> Records<R> {
    pub(super) fn new(reader: R) -> Self {
        Records {
            reader: Counted {
                inner: reader,
                position: 0,
            },
            lost: false,
        }
    }

    /// A line, without its line break, at most `MAX_HEADER_LINE` bytes
    /// (the rest of a longer line is dropped); `None` at the end.
    fn line(&mut self, line: &mut Vec<u8>) -> io::Result<Option<()>> {
        line.clear();
        let mut any = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(any.then_some(()));
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let room = MAX_HEADER_LINE.saturating_sub(line.len());
            line.extend_from_slice(&buf[..take.min(room)]);
            self.reader.consume(take);
            if done {
                while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                    line.pop();
                }
                return Ok(Some(()));
            }
        }
    }

    /// The next record, `None` at the end of the stream.
    pub(super) fn next_record(&mut self) -> Option<Result<Record, Broken>> {
        let mut line = Vec::new();
        let offset = loop {
            let offset = self.reader.position;
            match self.line(&mut line) {
                Err(err) => return Some(Err(Broken::Io(offset, err))),
                Ok(None) => return None,
                Ok(Some(())) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Some(())) if line.starts_with(b"WARC/") => break offset,
                Ok(Some(())) => {
                    if !self.lost {
                        self.lost = true;
                        return Some(Err(Broken::NotHeader(offset)));
                    }
                }
            }
        };
        self.lost = false;
        let mut kind = String::new();
        let mut target = None;
        let mut length = None;
        let mut header_bytes = 0;
        loop {
            match self.line(&mut line) {
                Err(err) => return Some(Err(Broken::Io(offset, err))),
                Ok(None) => {
                    return Some(Err(Broken::Truncated(
                        offset,
                        "the file ends inside the record's header".to_string(),
                    )))
                }
                Ok(Some(())) if line.is_empty() => break,
                Ok(Some(())) => {}
            }
            header_bytes += line.len();
            if header_bytes > MAX_HEADER {
                return Some(Err(Broken::BadHeader(
                    offset,
                    "a header of more than 1 MB".to_string(),
                )));
            }
            let text = String::from_utf8_lossy(&line);
            let Some((name, value)) = text.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => kind = value.to_ascii_lowercase(),
                "warc-target-uri" => {
                    let uri = value.trim_start_matches('<').trim_end_matches('>');
                    target = Some(uri.to_string());
                }
                "content-length" => length = value.parse::<u64>().ok(),
                _ => {}
            }
        }
        let Some(length) = length else {
            return Some(Err(Broken::BadHeader(
                offset,
                "no readable Content-Length".to_string(),
            )));
        };
        let block = if length > MAX_RECORD {
            match io::copy(&mut (&mut self.reader).take(length), &mut io::sink()) {
                Ok(n) if n == length => None,
                Ok(n) => return Some(Err(truncated(offset, n, length))),
                Err(err) => return Some(Err(Broken::Io(offset, err))),
            }
        } else {
            let mut block = Vec::with_capacity(length as usize);
            match (&mut self.reader).take(length).read_to_end(&mut block) {
                Ok(n) if n as u64 == length => Some(block),
                Ok(n) => return Some(Err(truncated(offset, n as u64, length))),
                Err(err) => return Some(Err(Broken::Io(offset, err))),
            }
        };
        Some(Ok(Record {
            offset,
            kind,
            target,
            block,
            length,
        }))
    }
}

fn truncated(offset: u64, got: u64, length: u64) -> Broken {
    Broken::Truncated(
        offset,
        format!("the file ends {got} bytes into a record of {length}"),
    )
}

/// What one file's records came to, besides its articles.
#[derive(Default)]
struct Tally {
    /// Records read, in order: the next record's position is one more.
    records: usize,
    /// Records that are not articles, by reason.
    skipped: BTreeMap<String, usize>,
}

pub(super) fn read_warc(
    path: &Path,
    file: File,
    gzipped: bool,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    let mut tally = Tally::default();
    let reader = BufReader::with_capacity(256 * 1024, file);
    if !gzipped {
        read_stream(path, Records::new(reader), None, &mut tally, emit, outcome);
    } else {
        read_members(path, reader, &mut tally, emit, outcome);
    }
    if !tally.skipped.is_empty() {
        let total: usize = tally.skipped.values().sum();
        let reasons: Vec<String> = tally
            .skipped
            .iter()
            .map(|(reason, n)| format!("{reason} ({n})"))
            .collect();
        let noun = if total == 1 { "record" } else { "records" };
        outcome.problems.push(Problem {
            path: path.to_path_buf(),
            line: None,
            offset: None,
            message: format!(
                "{total} {noun} not articles, left out: {}",
                reasons.join(", ")
            ),
            kind: ProblemKind::Warning,
        });
    }
    if outcome.articles == 0 && tally.records == 0 && outcome.problems.is_empty() {
        outcome.problems.push(Problem {
            path: path.to_path_buf(),
            line: None,
            offset: None,
            message: "empty file: no WARC records".to_string(),
            kind: ProblemKind::FileSkipped,
        });
    }
}

/// Reads a gzipped web archive member by member, stepping over a corrupt
/// member to the next gzip header.
fn read_members(
    path: &Path,
    reader: BufReader<File>,
    tally: &mut Tally,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    let mut file = Counted {
        inner: reader,
        position: 0,
    };
    let mut first = true;
    loop {
        match file.fill_buf() {
            Ok([]) => return,
            Ok(buf) if !buf.starts_with(b"\x1f\x8b") => {
                let member = file.position;
                let message = if first {
                    "not gzip data".to_string()
                } else {
                    "bytes that are not gzip data between records; stepped over".to_string()
                };
                report(path, outcome, member, message, first);
                if first || !skip_to_member(&mut file, member) {
                    return;
                }
                continue;
            }
            Ok(_) => {}
            Err(err) => {
                report(
                    path,
                    outcome,
                    file.position,
                    format!("cannot read further: {err}"),
                    first,
                );
                return;
            }
        }
        first = false;
        let member = file.position;
        let decoded = BufReader::with_capacity(64 * 1024, GzDecoder::new(&mut file));
        let ok = read_stream(
            path,
            Records::new(decoded),
            Some(member),
            tally,
            emit,
            outcome,
        );
        if !ok && !skip_to_member(&mut file, member) {
            return;
        }
    }
}

/// Moves to the next gzip member header after `member` (where a broken
/// member started); false at the end of the file.
fn skip_to_member(file: &mut Counted<BufReader<File>>, member: u64) -> bool {
    const MAGIC: &[u8] = b"\x1f\x8b\x08";
    // The last bytes of the buffer before, for a header cut between two.
    let mut tail: Vec<u8> = Vec::new();
    if file.position <= member {
        file.consume(1);
    }
    loop {
        let start = file.position;
        let buf = match file.fill_buf() {
            Ok([]) | Err(_) => return false,
            Ok(buf) => buf,
        };
        let mut window = std::mem::take(&mut tail);
        let carried = window.len() as u64;
        window.extend_from_slice(&buf[..buf.len().min(MAGIC.len())]);
        if let Some(i) = memchr::memmem::find(&window, MAGIC).filter(|&i| (i as u64) < carried) {
            let at = start - carried + i as u64;
            return seek(file, at);
        }
        if let Some(i) = memchr::memmem::find(buf, MAGIC) {
            file.consume(i);
            return true;
        }
        tail = buf[buf.len().saturating_sub(MAGIC.len() - 1)..].to_vec();
        let n = buf.len();
        file.consume(n);
    }
}

fn seek(file: &mut Counted<BufReader<File>>, at: u64) -> bool {
    use std::io::{Seek, SeekFrom};
    match file.inner.seek(SeekFrom::Start(at)) {
        Ok(_) => {
            file.position = at;
            true
        }
        Err(_) => false,
    }
}

fn report(path: &Path, outcome: &mut FileOutcome, offset: u64, message: String, first: bool) {
    let kind = if first && outcome.articles == 0 {
        ProblemKind::FileSkipped
    } else {
        ProblemKind::RecordSkipped
    };
    outcome.problems.push(Problem {
        path: path.to_path_buf(),
        line: None,
        offset: Some(offset),
        message,
        kind,
    });
}

/// Reads the records of one stream (the whole file, or one gzip member
/// starting at `member`); false when the stream was broken.
fn read_stream<R: BufRead>(
    path: &Path,
    mut records: Records<R>,
    member: Option<u64>,
    tally: &mut Tally,
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) -> bool {
    let at = |offset: u64| member.unwrap_or(offset);
    while let Some(next) = records.next_record() {
        let record = match next {
            Ok(record) => record,
            Err(broken) => {
                let first = tally.records == 0;
                let (offset, message) = match broken {
                    Broken::Io(offset, err) => (
                        at(offset),
                        format!(
                            "cannot read further (file truncated or corrupt): {err}; record {} and after left out",
                            tally.records + 1
                        ),
                    ),
                    Broken::Truncated(offset, what) => (
                        at(offset),
                        format!("record {} is cut short: {what}; left out", tally.records + 1),
                    ),
                    Broken::NotHeader(offset) => {
                        let message = "not a WARC record header; read on from the next record";
                        report(path, outcome, at(offset), message.to_string(), false);
                        continue;
                    }
                    Broken::BadHeader(offset, what) => (
                        at(offset),
                        format!(
                            "record {} has a broken header ({what}); left out",
                            tally.records + 1
                        ),
                    ),
                };
                report(path, outcome, offset, message, first);
                return false;
            }
        };
        tally.records += 1;
        let position = tally.records;
        let reason = match (record.kind.as_str(), record.block) {
            ("response", None) => {
                let message = format!(
                    "record {position} holds {} MB, more than a web page ({} MB at most); left out",
                    record.length / (1024 * 1024),
                    MAX_RECORD / (1024 * 1024)
                );
                report(path, outcome, at(record.offset), message, false);
                continue;
            }
            ("response", Some(block)) => match http_page(&block) {
                Ok(html) => match crate::html::read_page(&html, record.target.as_deref()) {
                    Ok(mut page) => {
                        if record.target.is_some() {
                            page.url = record.target;
                        }
                        outcome.articles += 1;
                        emit(page_article(path, Some(position), None, page));
                        continue;
                    }
                    Err(reason) => format!("HTML pages without an article ({reason})"),
                },
                Err(reason) => reason,
            },
            ("", _) => "records without a WARC-Type".to_string(),
            (kind, _) => format!("{kind} records"),
        };
        *tally.skipped.entry(reason).or_default() += 1;
    }
    true
}

/// The HTML of an HTTP response, its transfer and content encodings
/// undone; otherwise why the response is not a page to read.
pub(super) fn http_page(block: &[u8]) -> Result<Vec<u8>, String> {
    let (head, body) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match memchr::memmem::find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => return Err("responses without HTTP headers".to_string()),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines
        .next()
        .filter(|l| l.starts_with("HTTP/"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| "responses without an HTTP status line".to_string())?;
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => encoding = value,
            _ => {}
        }
    }
    if status != 200 {
        return Err(format!("responses of status {status}"));
    }
    if !(content_type.contains("html") || content_type.is_empty()) {
        let kind = content_type.split(';').next().unwrap_or_default().trim();
        return Err(format!("responses of type {kind}"));
    }
    let body = if chunked {
        dechunk(body).ok_or_else(|| "responses with broken chunked encoding".to_string())?
    } else {
        body.to_vec()
    };
    let limit = MAX_RECORD;
    let mut out = Vec::new();
    let decoded = match encoding.as_str() {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" => MultiGzDecoder::new(&body[..])
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send deflate with or without the zlib wrapper.
            let zlib = ZlibDecoder::new(&body[..])
                .take(limit)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::bufread::DeflateDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        other => return Err(format!("responses in the {other} content encoding")),
    };
    match decoded {
        Ok(_) => Ok(out),
        Err(_) => Err(format!("responses with broken {encoding} content")),
    }
}

/// The body of an HTTP chunked transfer encoding; `None` when broken.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let end = memchr::memchr(b'\n', data)?;
        let size_line = std::str::from_utf8(&data[..end]).ok()?;
        let size = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        data = &data[end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WARC record: its type, target and block.
    fn record(kind: &str, target: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {target}\r\nWARC-Date: 2023-05-01T00:00:00Z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn records_are_read_one_by_one_and_a_cut_one_is_named() {
        let mut bytes = record("request", "http://a.example/", b"GET / HTTP/1.1\r\n\r\n");
        let second = bytes.len() as u64;
        bytes.extend(record(
            "response",
            "<http://a.example/>",
            b"HTTP/1.1 200 OK\r\n\r\nhi",
        ));
        let third = bytes.len() as u64;
        bytes.extend(record("metadata", "http://a.example/", &[b'x'; 100]));
        bytes.truncate(bytes.len() - 50);
        let mut records = Records::new(&bytes[..]);
        let first = records.next_record().unwrap().unwrap();
        assert_eq!((first.kind.as_str(), first.offset), ("request", 0));
        let next = records.next_record().unwrap().unwrap();
        assert_eq!(next.offset, second);
        assert_eq!(next.target.as_deref(), Some("http://a.example/"));
        assert!(matches!(
            records.next_record(),
            Some(Err(Broken::Truncated(offset, _))) if offset == third
        ));
    }

    #[test]
    fn http_responses_are_undone_or_refused_with_a_reason() {
        let page = b"<html><body><p>x</p></body></html>";
        let mut chunked =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                .to_vec();
        chunked.extend_from_slice(format!("{:x}\r\n", 10).as_bytes());
        chunked.extend_from_slice(&page[..10]);
        chunked.extend_from_slice(format!("\r\n{:x}\r\n", page.len() - 10).as_bytes());
        chunked.extend_from_slice(&page[10..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        assert_eq!(http_page(&chunked).unwrap(), page);

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        io::Write::write_all(&mut gz, page).unwrap();
        let mut zipped =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        zipped.extend(gz.finish().unwrap());
        assert_eq!(http_page(&zipped).unwrap(), page);

        assert_eq!(
            http_page(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n"),
            Err("responses of status 404".to_string())
        );
        assert_eq!(
            http_page(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
            Err("responses of type image/png".to_string())
        );
    }
}
