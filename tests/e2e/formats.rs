//! End to end: every archive format of the sample corpus (web pages, a web
//! archive, CSV, the JSON of newspaper4k, trafilatura and news-please) is
//! indexed by a plain `newsdex index FOLDER` and searched; and each
//! format's breakage is reported with its file and line or byte offset
//! while the good articles around it are indexed.
//!
//! The sample web archive is built here: [`sample_warc`] writes its
//! records, and a test checks that the checked-in file holds them
//! (`NEWSDEX_WRITE_SAMPLE_WARC=1 cargo test sample_warc` writes it anew).

use std::io::{Read, Write};
use std::path::Path;

use serde::Deserialize;

use crate::common::{index_cmd, sample_corpus, HitOutput, Indexed};

const SAMPLE_WARC: &str = "web/north-coast-post-crawl.warc.gz";

/// A WARC record with the given type, target, extra header lines and block.
fn warc_record(kind: &str, n: u32, target: &str, extra: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012}>\r\nWARC-Date: 2023-09-05T03:0{n}:00Z\r\nWARC-Target-URI: {target}\r\n{extra}Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// An HTTP response of status 200 holding `body`, with more headers.
fn http(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

const CRANE_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Quay workers test the new crane ahead of winter | North Coast Post</title>
<meta property="og:site_name" content="North Coast Post">
<meta property="article:published_time" content="2023-09-01T10:20:00+00:00">
<meta name="author" content="Arne Kvale">
</head><body><nav><a href="/">Home</a> <a href="/harbour">Harbour</a> <a href="/sport">Sport</a></nav>
<div class="cookies">Cookies help us run this site. <a href="/cookies">Settings</a></div>
<article><h1>Quay workers test the new crane ahead of winter</h1>
<p>Dock workers at Saltmere spent the weekend testing the harbour's new freight crane, which arrived by barge from the shipyard at Fennick on Thursday.</p>
<p>Crane driver Sunniva Holt said the controls were simpler than on the old machine. "It lifts a full container in half the time, and it is much quieter," she said.</p>
<p>The harbour board expects the crane to be working every night by the middle of October, when the winter ferry timetable begins.</p>
</article><footer>North Coast Post. All rights reserved. <a href="/contact">Contact</a></footer></body></html>"#;

const STORM_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Storm keeps the island ferries in port for a second day</title>
</head><body><header><a href="/">North Coast Post</a> <a href="/weather">Weather</a></header>
<main><h1>Storm keeps the island ferries in port for a second day</h1>
<p>No ferries sailed to the outer islands on Tuesday as gusts of more than seventy miles an hour swept the coast for a second day.</p>
<p>Island councillor Brigid Maguire said shops on Larkholm were running short of milk and bread. "We are used to storms, but two days without a boat is hard on older people," she said.</p>
<p>Forecasters expect the wind to ease overnight, and the first sailing is planned for six in the morning.</p>
</main><footer>Follow us on social media. Newsletter sign-up.</footer></body></html>"#;

/// The sample web archive's records, each its own gzip member as
/// crawlers write them: a warcinfo, a request, two article responses (one
/// chunked and gzipped), an image response and a metadata record.
pub fn sample_warc_records() -> Vec<Vec<u8>> {
    let crane_url = "https://northcoastpost.example/harbour/new-crane-tested";
    let storm_url = "https://northcoastpost.example/weather/ferries-in-port";
    let zipped = gzip(CRANE_PAGE.as_bytes());
    let mut chunked = Vec::new();
    for chunk in zipped.chunks(200) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let response = "Content-Type: application/http; msgtype=response\r\n";
    vec![
        warc_record(
            "warcinfo",
            1,
            "",
            "Content-Type: application/warc-fields\r\n",
            b"software: newsdex sample\r\nformat: WARC File Format 1.1\r\n",
        ),
        warc_record(
            "request",
            2,
            crane_url,
            "Content-Type: application/http; msgtype=request\r\n",
            b"GET /harbour/new-crane-tested HTTP/1.1\r\nHost: northcoastpost.example\r\n\r\n",
        ),
        warc_record(
            "response",
            3,
            crane_url,
            response,
            &http(
                "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                &chunked,
            ),
        ),
        warc_record(
            "response",
            4,
            storm_url,
            response,
            &http("Content-Type: text/html\r\n", STORM_PAGE.as_bytes()),
        ),
        warc_record(
            "response",
            5,
            "https://northcoastpost.example/img/crane.jpg",
            response,
            &http("Content-Type: image/jpeg\r\n", b"\xff\xd8\xff\xe0 not really a picture"),
        ),
        warc_record(
            "metadata",
            6,
            storm_url,
            "Content-Type: application/warc-fields\r\n",
            b"via: https://northcoastpost.example/\r\n",
        ),
    ]
}

fn decompressed(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn the_sample_warc_holds_the_records_written_here() {
    let records = sample_warc_records();
    let path = sample_corpus().join(SAMPLE_WARC);
    if std::env::var_os("NEWSDEX_WRITE_SAMPLE_WARC").is_some() {
        let bytes: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        std::fs::write(&path, bytes).unwrap();
    }
    let stored = std::fs::read(&path).unwrap();
    assert_eq!(decompressed(&stored), records.concat());
    // One gzip member per record.
    let members = stored.windows(3).filter(|w| w == b"\x1f\x8b\x08").count();
    assert!(members >= records.len(), "{members}");
}

fn hit<'a>(hits: &'a [HitOutput], title: &str) -> &'a HitOutput {
    hits.iter()
        .find(|h| h.title == title)
        .unwrap_or_else(|| panic!("no hit titled {title:?}"))
}

#[test]
fn every_format_of_the_sample_corpus_is_indexed_with_its_metadata() {
    let idx = Indexed::of(&sample_corpus());
    let all = idx.search_json(&["*", "--all"]);
    let hits = &all.hits;
    let check = |title: &str, file: &str, published: Option<&str>, sources: &[&str]| {
        let h = hit(hits, title);
        assert!(h.path.ends_with(file), "{h:?}");
        assert_eq!(h.published.as_deref(), published, "{title}");
        for source in sources {
            assert!(h.sources.iter().any(|s| s == source), "{title}: {h:?}");
        }
        h
    };
    // Web pages: the outlet's name, or none where the page gives a domain.
    let h = check(
        "Night ferry held for three hours as quay crane fails",
        "harbour-herald-ferry-crane.html",
        Some("2023-03-10T21:40:00Z"),
        &["Harbour Herald"],
    );
    assert_eq!(
        h.url.as_deref(),
        Some("https://harbourherald.example/news/2023/03/10/night-ferry-crane")
    );
    assert!(h.speakers.iter().any(|s| s == "Ingrid Sollie"), "{h:?}");
    let h = check(
        "Late frost cuts apple blossom across the Orrin valley",
        "valley-gazette-orchard-frost.htm",
        Some("2023-04-18T06:15:00Z"),
        &[],
    );
    assert!(
        !h.sources.iter().any(|s| s.contains("valleygazette")),
        "{h:?}"
    );
    // The web archive: its two pages, at their record positions, dated by
    // the page or not at all, never by the crawl.
    let h = check(
        "Quay workers test the new crane ahead of winter",
        "north-coast-post-crawl.warc.gz",
        Some("2023-09-01T10:20:00Z"),
        &["North Coast Post"],
    );
    assert_eq!(h.record, Some(3));
    assert_eq!(
        h.url.as_deref(),
        Some("https://northcoastpost.example/harbour/new-crane-tested")
    );
    let h = check(
        "Storm keeps the island ferries in port for a second day",
        "north-coast-post-crawl.warc.gz",
        None,
        &[],
    );
    assert_eq!(h.record, Some(4));
    // CSV (Media Cloud columns), newspaper4k, trafilatura, news-please.
    let h = check(
        "Tram line to the university opens a year late",
        "media-cloud-stories.csv",
        Some("2023-05-02T08:30:00Z"),
        &["Lakeside Courier"],
    );
    assert_eq!(h.record, Some(2));
    check(
        "Fishing fleet wins a larger herring quota",
        "media-cloud-stories.csv",
        Some("2023-05-03T17:05:00Z"),
        &[],
    );
    check(
        "City library reopens after roof repairs",
        "newspaper4k-articles.json",
        Some("2023-06-10T09:00:00Z"),
        &["Lakeside Courier"],
    );
    check(
        "Marathon route moved away from the flooded embankment",
        "newspaper4k-articles.json",
        Some("2023-06-14T11:30:00Z"),
        &[],
    );
    let h = check(
        "Bakery chain to close its last city centre shop",
        "trafilatura-articles.jsonl",
        Some("2023-07-21T00:00:00Z"),
        &["Valley Gazette"],
    );
    assert_eq!(
        h.url.as_deref(),
        Some("https://valleygazette.example/business/bakery-closes")
    );
    check(
        "Council delays vote on the new river bridge",
        "trafilatura-articles.jsonl",
        Some("2023-07-25T17:00:00Z"),
        &[],
    );
    check(
        "Harbour board buys a second crane for the freight quay",
        "news-please-article.json",
        Some("2023-08-01T15:45:00Z"),
        &[],
    );
    // A domain never stands as an outlet's name.
    for h in hits {
        assert!(!h.sources.iter().any(|s| s.ends_with(".example")), "{h:?}");
    }
}

#[test]
fn a_domain_in_the_metadata_is_the_listed_outlet_it_names() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(
        archive.join("a.jsonl"),
        "{\"title\": \"Court hears witnesses\", \"content\": \"The court heard two witnesses on Monday.\", \"link\": \"https://www.azernews.az/nation/1.html\", \"publish_date\": \"21 July 2025 14:01 (UTC+04:00)\"}\n\
         {\"title\": \"Wire story\", \"maintext\": \"Prices rose on Monday.\", \"source_domain\": \"reuters.com\"}\n",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    index_cmd(&index, &archive).assert().success();
    let idx = Indexed { dir: tmp };
    let all = idx.search_json(&["*", "--all"]);
    let court = hit(&all.hits, "Court hears witnesses");
    assert_eq!(court.sources, ["Azernews"]);
    assert_eq!(court.published.as_deref(), Some("2025-07-21T10:01:00Z"));
    assert_eq!(hit(&all.hits, "Wire story").sources, ["Reuters"]);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportLine {
    path: String,
    line: Option<usize>,
    offset: Option<u64>,
    kind: String,
    message: String,
}

/// Indexes `archive`; the titles indexed and the report's lines.
fn index_and_report(tmp: &Path, archive: &Path) -> (Vec<String>, Vec<ReportLine>, String) {
    let index = tmp.join("idx");
    let report = tmp.join("report.jsonl");
    let output = index_cmd(&index, archive)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let lines = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let out = crate::common::newsdex()
        .args(["search", "*", "--json", "--all", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let found: crate::common::SearchOutput = serde_json::from_slice(&out.stdout).unwrap();
    let titles = found.hits.into_iter().map(|h| h.title).collect();
    (titles, lines, stderr)
}

fn report_for<'a>(lines: &'a [ReportLine], file: &str) -> Vec<&'a ReportLine> {
    lines
        .iter()
        .filter(|l| Path::new(&l.path).file_name().unwrap() == file)
        .collect()
}

#[test]
fn broken_files_of_every_format_are_named_with_their_line_or_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(archive.join(name), bytes).unwrap();
    let corpus = sample_corpus();

    // Malformed HTML (tags never closed, stray ones) still gives its story.
    let page = std::fs::read_to_string(corpus.join("web/harbour-herald-ferry-crane.html")).unwrap();
    let malformed = page
        .replace("</p>", "")
        .replace("</article>", "</div></span>")
        .replace("</html>", "");
    write("malformed.html", malformed.as_bytes());
    // A page with no article: a section page of links.
    let links: String = (0..40)
        .map(|i| format!("<li><a href=\"/s/{i}\">Story number {i} of the day</a></li>"))
        .collect();
    write(
        "section.html",
        format!("<html><head><title>News</title></head><body><ul>{links}</ul></body></html>")
            .as_bytes(),
    );
    // A web archive cut inside its third record's gzip member.
    let records = sample_warc_records();
    let mut warc = Vec::new();
    let mut offsets = Vec::new();
    for record in &records[..4] {
        offsets.push(warc.len() as u64);
        warc.extend(gzip(record));
    }
    warc.truncate(warc.len() - 30);
    write("cut.warc.gz", &warc);
    // The same archive uncompressed, a record in the middle with a
    // Content-Length longer than the file.
    let mut plain = records[..3].concat();
    let cut_at = plain.len() as u64;
    let mut last = records[3].clone();
    let text = String::from_utf8_lossy(&last).into_owned();
    let length = text
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .to_string();
    last = text
        .replacen(
            &format!("Content-Length: {length}"),
            "Content-Length: 999999",
            1,
        )
        .into_bytes();
    plain.extend(last);
    write("cut.warc", &plain);
    // CSV with a ragged row, and one with a quote never closed.
    write(
        "ragged.csv",
        b"title,text,date\nFirst row,Text one.,2023-01-02\nSecond row,Text two\nThird row,Text three.,2023-01-04\n",
    );
    write(
        "open-quote.csv",
        b"title,text\nBefore the quote,Fine text.\nOpen quote,\"This text never ends\nand runs on,to the end\n",
    );
    // A JSON array cut in the middle of its third element.
    write(
        "cut.json",
        b"[\n  {\"title\": \"Array one\", \"body\": \"x\"},\n  {\"title\": \"Array two\", \"body\": \"y\"},\n  {\"title\": \"Array thr",
    );

    let (titles, lines, stderr) = index_and_report(tmp.path(), &archive);
    for title in [
        "Night ferry held for three hours as quay crane fails",
        "Quay workers test the new crane ahead of winter",
        "First row",
        "Third row",
        "Before the quote",
        "Array one",
        "Array two",
    ] {
        assert!(
            titles.iter().any(|t| t == title),
            "{title} missing: {titles:?}"
        );
    }
    for title in ["Second row", "Open quote"] {
        assert!(!titles.iter().any(|t| t == title), "{title} indexed");
    }
    // Both copies of the crane story: the cut archives keep what came first.
    let crane = titles
        .iter()
        .filter(|t| *t == "Quay workers test the new crane ahead of winter")
        .count();
    assert_eq!(crane, 2, "{titles:?}");
    assert!(
        !titles.iter().any(|t| t.starts_with("Storm keeps")),
        "{titles:?}"
    );

    let one = |file: &str| {
        let found = report_for(&lines, file);
        assert!(!found.is_empty(), "no report for {file}: {lines:?}");
        for line in &found {
            assert!(stderr.contains(&line.message), "not on stderr: {line:?}");
        }
        found
    };
    assert!(report_for(&lines, "malformed.html").is_empty(), "{lines:?}");
    let section = one("section.html");
    assert_eq!(section[0].kind, "file_skipped");
    assert!(section[0].message.contains("no article"), "{section:?}");

    let cut = one("cut.warc.gz");
    let broken = cut.iter().find(|l| l.kind == "record_skipped").unwrap();
    assert_eq!(broken.offset, Some(offsets[3]), "{cut:?}");
    assert!(broken.message.contains("record 4"), "{broken:?}");
    let summary = cut.iter().find(|l| l.kind == "warning").unwrap();
    assert!(
        summary.message.contains("request records (1)")
            && summary.message.contains("warcinfo records (1)"),
        "{summary:?}"
    );
    let cut = one("cut.warc");
    let broken = cut.iter().find(|l| l.kind == "record_skipped").unwrap();
    assert_eq!(broken.offset, Some(cut_at), "{cut:?}");
    assert!(broken.message.contains("cut short"), "{broken:?}");
    assert!(
        stderr.contains(&format!("cut.warc: at byte {cut_at}: ")),
        "{stderr}"
    );

    let ragged = one("ragged.csv");
    assert_eq!(
        (ragged[0].line, ragged[0].kind.as_str()),
        (Some(3), "record_skipped")
    );
    assert!(ragged[0]
        .message
        .contains("2 fields where the header has 3"));
    let open = one("open-quote.csv");
    assert_eq!(open[0].line, Some(3), "{open:?}");
    assert!(open[0].message.contains("never closed"), "{open:?}");
    let cut = one("cut.json");
    assert_eq!(
        (cut[0].line, cut[0].kind.as_str()),
        (Some(4), "record_skipped")
    );
    assert!(cut[0].message.contains("array element 3"), "{cut:?}");
    assert!(stderr.contains("cut.json:4: "), "{stderr}");
}

#[test]
fn a_web_archive_indexed_twice_gives_its_articles_once() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(
        sample_corpus().join(SAMPLE_WARC),
        archive.join("crawl.warc.gz"),
    )
    .unwrap();
    let index = tmp.path().join("idx");
    index_cmd(&index, &archive).assert().success();
    // Touch the file so that it is read again.
    let bytes = std::fs::read(archive.join("crawl.warc.gz")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(archive.join("crawl.warc.gz"), bytes).unwrap();
    index_cmd(&index, &archive).assert().success();
    assert_eq!(crate::common::all_articles(&index).len(), 2);
}
