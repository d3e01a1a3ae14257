//! `formats-corpus`: the archives the format benchmarks index, built from
//! the pages of html-bench (`ground-truth.json` and `html/<key>.html.gz`):
//!
//! - `html/`: N saved pages (the benchmark's pages in turn, 200 per
//!   folder);
//! - `jsonl/`: the same N articles as JSON Lines (their hand-checked text,
//!   400 per file), the same job without reading HTML;
//! - `array.json` and `lines.jsonl`: one JSON array of articles of about
//!   `--json-mib` MiB, and the same articles as JSON Lines;
//! - `crawl.warc.gz`: a web archive of about `--warc-mib` MiB, a
//!   request and a response record per page, one gzip member each, as
//!   crawlers write them.

use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use flate2::write::GzEncoder;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Truth {
    url: String,
    #[serde(rename = "articleBody")]
    article_body: String,
}

/// What to build.
pub struct Options {
    pub from: PathBuf,
    pub out: PathBuf,
    pub pages: usize,
    pub json_mib: u64,
    pub warc_mib: u64,
}

/// Builds the archives under `options.out`.
pub fn run(options: &Options) -> anyhow::Result<()> {
    let truth_path = options.from.join("ground-truth.json");
    let truth: HashMap<String, Truth> = serde_json::from_str(
        &std::fs::read_to_string(&truth_path)
            .with_context(|| format!("reading {}", truth_path.display()))?,
    )?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();
    let mut pages = Vec::new();
    for key in &keys {
        let path = options.from.join("html").join(format!("{key}.html.gz"));
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut bytes)?;
        pages.push(bytes);
    }
    let out = &options.out;
    // Saved pages, and the same articles as JSON Lines. The JSON Lines
    // files hold the copies of a page together, so that a name learned
    // from one page sends as small a share of the archive to be read again
    // as it does with the pages (where each copy is a file).
    let mut html_bytes = 0;
    for i in 0..options.pages {
        let k = i % keys.len();
        let folder = out.join("html").join(format!("{:03}", i / 200));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("{i:05}.html")), &pages[k])?;
        html_bytes += pages[k].len();
    }
    let mut order: Vec<usize> = (0..options.pages).collect();
    order.sort_by_key(|&i| (i % keys.len(), i));
    std::fs::create_dir_all(out.join("jsonl"))?;
    for (file, chunk) in order.chunks(400).enumerate() {
        let path = out.join("jsonl").join(format!("{file:02}.jsonl"));
        let mut writer = BufWriter::new(std::fs::File::create(path)?);
        for &i in chunk {
            let truth = &truth[keys[i % keys.len()]];
            let record =
                json!({"id": format!("p{i}"), "url": truth.url, "text": truth.article_body});
            serde_json::to_writer(&mut writer, &record)?;
            writer.write_all(b"\n")?;
        }
    }
    println!(
        "html/: {} pages, {:.0} MB; jsonl/: the same articles",
        options.pages,
        html_bytes as f64 / 1e6
    );
    // One JSON array and the same articles as JSON Lines.
    let limit = options.json_mib * 1024 * 1024;
    let mut array = BufWriter::new(std::fs::File::create(out.join("array.json"))?);
    let mut jsonl = BufWriter::new(std::fs::File::create(out.join("lines.jsonl"))?);
    array.write_all(b"[\n")?;
    let (mut n, mut size) = (0usize, 2u64);
    while size < limit {
        let truth = &truth[keys[n % keys.len()]];
        let record = serde_json::to_vec(&json!({
            "id": format!("a{n}"), "title": format!("Story {n}"),
            "date": "2020-01-01", "text": truth.article_body,
        }))?;
        if n > 0 {
            array.write_all(b",\n")?;
            size += 2;
        }
        array.write_all(&record)?;
        jsonl.write_all(&record)?;
        jsonl.write_all(b"\n")?;
        size += record.len() as u64;
        n += 1;
    }
    array.write_all(b"\n]\n")?;
    println!(
        "array.json: {n} articles, {:.0} MB; lines.jsonl: the same",
        size as f64 / 1e6
    );
    // A web archive.
    let limit = options.warc_mib * 1024 * 1024;
    let mut warc = BufWriter::new(std::fs::File::create(out.join("crawl.warc.gz"))?);
    let (mut responses, mut size) = (0usize, 0u64);
    while size < limit {
        let k = responses % keys.len();
        let uri = format!("{}?copy={responses}", truth[keys[k]].url);
        let mut response =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        response.extend_from_slice(&pages[k]);
        let request = b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n".to_vec();
        for (n, kind, block) in [
            (2 * responses, "request", request),
            (2 * responses + 1, "response", response),
        ] {
            let member = gzip(&warc_record(n, kind, &uri, &block))?;
            size += member.len() as u64;
            warc.write_all(&member)?;
        }
        responses += 1;
    }
    println!(
        "crawl.warc.gz: {responses} pages, {:.0} MB",
        size as f64 / 1e6
    );
    Ok(())
}

fn warc_record(n: usize, kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{n:032x}>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes)?;
    encoder.finish()
}
