//! The web pages in a real headless Chromium, driven through chromedriver
//! (WebDriver): typing a query, clicking a facet, opening an article,
//! the timeline, and markup from an article that must not run. They need
//! Debian's `chromium` and `chromium-driver`; without them they fail.
//! They also take the screenshots the README shows.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::common::{newsdex, sample_corpus, Indexed};
use crate::server::Server;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        for tool in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn browser(&self, width: u32, height: u32) -> Client {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_string(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                ],
            }),
        );
        ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn count(browser: &Client, css: &str) -> usize {
    browser.find_all(Locator::Css(css)).await.unwrap().len()
}

async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_a_facet_click_an_article_and_the_timeline() {
    let idx = Indexed::of(&sample_corpus());
    let server = Server::start(&idx.index_dir(), &[]);
    let driver = Driver::start();
    let browser = driver.browser(1280, 900).await;

    // "/" focuses the query box; Enter searches.
    browser.goto(&format!("{}/", server.base)).await.unwrap();
    browser
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let focused = browser
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "q");
    let box_ = browser.find(Locator::Id("q")).await.unwrap();
    box_.send_keys("minefield\u{e007}").await.unwrap();
    browser
        .wait()
        .for_url(&format!("{}/?q=minefield", server.base).parse().unwrap())
        .await
        .unwrap();
    let hits = count(&browser, "li.hit").await;
    assert!(hits > 0);
    let total = text_of(&browser, "#total strong").await;
    let total: u64 = total.parse().unwrap();
    assert!(total >= hits as u64);
    assert!(count(&browser, "#facet-source li").await > 0);
    assert!(
        count(&browser, ".snippet mark").await > 0,
        "query words are highlighted"
    );
    // The timeline shows bars.
    assert!(count(&browser, "svg.timeline rect.bar").await > 0);
    let shot = browser.screenshot().await.unwrap();
    std::fs::write(screenshots().join("search.png"), shot).unwrap();

    // Clicking a source filters by it: the URL carries it and the count
    // is the source's.
    let first = browser
        .find(Locator::Css("#facet-source li a.value"))
        .await
        .unwrap();
    let name = first.text().await.unwrap();
    let source_count: u64 = browser
        .find(Locator::Css("#facet-source li .count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    first.click().await.unwrap();
    let started = Instant::now();
    while !browser
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("source=")
    {
        assert!(started.elapsed() < Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let url = browser.current_url().await.unwrap();
    let sources: Vec<String> = url
        .query_pairs()
        .filter(|(k, _)| k == "source")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(sources, [name.as_str()]);
    let filtered: u64 = text_of(&browser, "#total strong").await.parse().unwrap();
    assert_eq!(filtered, source_count);
    assert!(filtered < total || source_count == total);
    assert!(text_of(&browser, ".chips").await.contains(&name));

    // An article page marks its speakers where the text names them.
    browser
        .find(Locator::Css("li.hit a.title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Css("article h1"))
        .await
        .unwrap();
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/article/"));
    let marks = browser
        .find_all(Locator::Css(".body mark.speaker"))
        .await
        .unwrap();
    assert!(!marks.is_empty(), "a speaker is marked");
    let speakers = text_of(&browser, "dl.fields").await;
    let marked = marks[0].text().await.unwrap();
    assert!(
        speakers.contains(&marked) || speakers.split(", ").any(|s| s.ends_with(&marked)),
        "{marked} is one of the speakers: {speakers}"
    );
    let shot = browser.screenshot().await.unwrap();
    std::fs::write(screenshots().join("article.png"), shot).unwrap();
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_from_an_article_never_runs() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    std::fs::write(
        archive.join("hostile.txt"),
        "Date: 2024-05-01\nSource: Example Wire\n\n\
         Ministry <script>window.__pwned = 'title'</script> denies report\n\n\
         The ministry said the report was false. <script>window.__pwned = 'body'</script>\
         \"><img src=x onerror=\"window.__pwned = 'img'\"> <svg onload=\"window.__pwned = 'svg'\"></svg> \
         It gave no details, Example Wire reports.\n",
    )
    .unwrap();
    let index = dir.path().join("idx");
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(&archive)
        .assert()
        .success();
    let server = Server::start(&index, &[]);
    let driver = Driver::start();
    let browser = driver.browser(1024, 768).await;
    browser
        .goto(&format!("{}/?q=ministry", server.base))
        .await
        .unwrap();
    assert_eq!(count(&browser, "li.hit").await, 1);
    let clean = browser
        .execute("return window.__pwned === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(
        clean, true,
        "no script from the article ran on the search page"
    );
    let title = text_of(&browser, "li.hit a.title").await;
    assert!(
        title.contains("<script>"),
        "the markup is shown as text: {title}"
    );
    browser
        .find(Locator::Css("li.hit a.title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Css("article h1"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pwned = browser
        .execute("return window.__pwned === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(pwned, true, "no script from the article ran");
    assert!(text_of(&browser, ".body")
        .await
        .contains("<img src=x onerror="));
    assert_eq!(count(&browser, ".body img").await, 0);
    browser.close().await.unwrap();
}
