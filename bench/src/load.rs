//! `load`: concurrent clients against a running `newsdex serve` (its
//! `/api/search`, or the search page `/`), each on
//! its own kept-alive HTTP/1.1 connection, sending the searches of every
//! query class in turn for a fixed time; prints requests per second,
//! latency percentiles per class and overall, and the errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one client saw.
#[derive(Default)]
struct Seen {
    /// (class, latency) of each answered request.
    times: Vec<(usize, Duration)>,
    /// Requests answered with a status other than 200, or failed.
    errors: Vec<String>,
}

/// Sends one GET on a kept-alive connection and reads the whole answer;
/// the status.
fn get(stream: &mut BufReader<TcpStream>, address: &str, path: &str) -> anyhow::Result<u16> {
    write!(
        stream.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("no status line: {line:?}"))?
        .parse()?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>()?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.trim().eq_ignore_ascii_case("chunked");
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16)?;
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(length.unwrap_or(0), 0);
        stream.read_exact(&mut body)?;
    }
    Ok(status)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1e3
}

/// Runs `clients` clients for `seconds` against the server at `address`,
/// asking `path` for the searches drawn from the index in `dir`.
pub fn run(
    address: &str,
    path: &str,
    dir: &Path,
    clients: usize,
    seconds: u64,
    seed: u64,
) -> anyhow::Result<()> {
    let classes: Vec<(String, Vec<String>)> = crate::queries::draw_urls(dir, 50, seed)?
        .into_iter()
        .map(|(name, queries)| {
            let urls = queries.iter().map(|q| format!("{path}?{q}")).collect();
            (name, urls)
        })
        .collect();
    let urls: Arc<Vec<(usize, String)>> = Arc::new(
        // Interleaved: every class in turn.
        (0..classes.iter().map(|(_, u)| u.len()).max().unwrap_or(0))
            .flat_map(|i| {
                classes
                    .iter()
                    .enumerate()
                    .filter_map(move |(c, (_, urls))| urls.get(i).map(|u| (c, u.clone())))
            })
            .collect(),
    );
    anyhow::ensure!(!urls.is_empty(), "no searches drawn");
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let urls = Arc::clone(&urls);
            let stop = Arc::clone(&stop);
            let address = address.to_string();
            std::thread::spawn(move || -> Seen {
                let mut seen = Seen::default();
                let connect = || -> anyhow::Result<BufReader<TcpStream>> {
                    let stream = TcpStream::connect(&address)?;
                    stream.set_nodelay(true)?;
                    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
                    Ok(BufReader::with_capacity(64 * 1024, stream))
                };
                let mut stream = match connect() {
                    Ok(s) => s,
                    Err(err) => {
                        seen.errors.push(format!("connect: {err}"));
                        return seen;
                    }
                };
                let mut at = client * 7 % urls.len();
                while !stop.load(Ordering::Relaxed) {
                    let (class, url) = &urls[at];
                    at = (at + 1) % urls.len();
                    let sent = Instant::now();
                    match get(&mut stream, &address, url) {
                        Ok(200) => seen.times.push((*class, sent.elapsed())),
                        Ok(status) => seen.errors.push(format!("{status} {url}")),
                        Err(err) => {
                            seen.errors.push(format!("{err} {url}"));
                            match connect() {
                                Ok(s) => stream = s,
                                Err(_) => return seen,
                            }
                        }
                    }
                }
                seen
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut all = Seen::default();
    for worker in workers {
        let seen = worker
            .join()
            .map_err(|_| anyhow::anyhow!("a client panicked"))?;
        all.times.extend(seen.times);
        all.errors.extend(seen.errors);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut overall: Vec<Duration> = all.times.iter().map(|(_, t)| *t).collect();
    overall.sort();
    println!(
        "{clients} clients for {elapsed:.1} s against http://{address}{path}: {} requests, {:.0} per second, {} errors",
        overall.len(),
        overall.len() as f64 / elapsed,
        all.errors.len()
    );
    println!();
    println!("| class | requests | p50 ms | p99 ms |");
    println!("| --- | ---: | ---: | ---: |");
    for (c, (name, _)) in classes.iter().enumerate() {
        let mut times: Vec<Duration> = all
            .times
            .iter()
            .filter(|(k, _)| *k == c)
            .map(|(_, t)| *t)
            .collect();
        times.sort();
        println!(
            "| {name} | {} | {:.1} | {:.1} |",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
    }
    println!(
        "| all | {} | {:.1} | {:.1} |",
        overall.len(),
        percentile(&overall, 0.5),
        percentile(&overall, 0.99)
    );
    for error in all.errors.iter().take(10) {
        eprintln!("error: {error}");
    }
    Ok(())
}
