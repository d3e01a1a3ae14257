//! `newsdex serve`: the JSON API and the pages over HTTP, against the real
//! server on a free loopback port.

use std::path::Path;

use crate::common::{newsdex, sample_corpus, Indexed};
use crate::server::{encode, Server};

/// The CLI's stdout for `newsdex ARGS --index DIR`.
fn cli(index: &Path, args: &[&str]) -> Vec<u8> {
    let output = newsdex()
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap();
    assert!(
        output.status.code().unwrap() <= 1,
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The id of the sample corpus's article on minefield maps.
fn demining_id(server: &Server) -> String {
    server
        .get("/api/search?q=%22minefield+maps%22+Suleymanov&limit=1")
        .json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_api_answers_as_the_command_line_prints_json() {
    let idx = Indexed::of(&sample_corpus());
    let server = Server::start(&idx.index_dir(), &[]);
    let index = idx.index_dir();
    // (URL parameters, the same search as flags)
    let cases: &[(&str, &[&str])] = &[
        ("q=minefield", &["minefield"]),
        (
            "q=%22minefield+maps%22&limit=2",
            &["\"minefield maps\"", "--limit", "2"],
        ),
        (
            "q=*&source=Trend&source=APA&sort=newest",
            &[
                "*", "--source", "Trend", "--source", "APA", "--sort", "newest",
            ],
        ),
        (
            "q=peace&said_by=Zakharova",
            &["peace", "--said-by", "Zakharova"],
        ),
        (
            "q=*&speaker=Mher+Grigoryan&offset=1&limit=3",
            &[
                "*",
                "--speaker",
                "Mher Grigoryan",
                "--offset",
                "1",
                "--limit",
                "3",
            ],
        ),
        (
            "q=*&since=2024-06&until=2024-12&collapse=false&facets=0",
            &[
                "*",
                "--since",
                "2024-06",
                "--until",
                "2024-12",
                "--no-collapse",
                "--facets",
                "0",
            ],
        ),
        (
            "q=talks&histogram=month",
            &["talks", "--histogram", "month"],
        ),
        (
            "q=*&source=Trend&source=Report.az&histogram=year",
            &[
                "*",
                "--source",
                "Trend",
                "--source",
                "Report.az",
                "--histogram",
                "year",
            ],
        ),
        (
            "q=%28minefield+OR+mines&lenient=true",
            &["(minefield OR mines", "--lenient"],
        ),
        ("q=*&source=Trned", &["*", "--source", "Trned"]),
    ];
    for (query, flags) in cases {
        let response = server.get(&format!("/api/search?{query}"));
        assert_eq!(response.status, 200, "{query}: {}", response.text());
        assert_eq!(response.header("content-type"), Some("application/json"));
        let mut args = vec!["search", "--json"];
        args.extend_from_slice(flags);
        assert_eq!(
            response.text(),
            String::from_utf8(cli(&index, &args)).unwrap(),
            "{query}"
        );
    }
    let pairs: &[(&str, &[&str])] = &[
        ("/api/facets", &["facets", "--json"]),
        (
            "/api/facets?q=minefield&field=speaker&limit=3",
            &[
                "facets",
                "minefield",
                "--field",
                "speaker",
                "--limit",
                "3",
                "--json",
            ],
        ),
        (
            "/api/facets?since=2025",
            &["facets", "--since", "2025", "--json"],
        ),
        ("/api/show/{id}", &["show", "{id}", "--json"]),
        (
            "/api/show/{prefix}?explain=true",
            &["show", "{prefix}", "--explain", "--json"],
        ),
        (
            "/api/similar/{id}?limit=4",
            &["similar", "{id}", "--limit", "4", "--json"],
        ),
        ("/api/stats", &["stats", "--json"]),
    ];
    // Ids are hashes of the files' paths: taken from a search.
    let id = demining_id(&server);
    for (path, args) in pairs {
        let path = path.replace("{id}", &id).replace("{prefix}", &id[..8]);
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("{id}", &id).replace("{prefix}", &id[..8]))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let response = server.get(&path);
        assert_eq!(response.status, 200, "{path}: {}", response.text());
        assert_eq!(
            response.text(),
            String::from_utf8(cli(&index, &args)).unwrap(),
            "{path}"
        );
    }
}

#[test]
fn bad_requests_are_clear_json_errors_never_server_errors() {
    let idx = Indexed::of(&sample_corpus());
    let server = Server::start(&idx.index_dir(), &[]);
    let long = "a".repeat(5000);
    let cases = [
        (
            "/api/search?q=%22minefield",
            400,
            "this quote is never closed",
        ),
        ("/api/search?q=title%3A", 400, "cannot understand the query"),
        ("/api/search?q=peace&limit=-1", 400, "whole number"),
        ("/api/search?q=peace&limit=1000000", 400, "at most 1000"),
        (
            "/api/search?q=peace&offset=99999999999",
            400,
            "at most 100000",
        ),
        (
            "/api/search?q=peace&page=2",
            400,
            "unknown parameter 'page'",
        ),
        (
            "/api/search?q=peace&sort=best",
            400,
            "relevance, newest or oldest",
        ),
        (
            "/api/search?q=peace&since=yesterday",
            400,
            "since 'yesterday' is not a date",
        ),
        (
            "/api/search?q=peace&since=2025&until=2024",
            400,
            "the date range is empty",
        ),
        ("/api/search?q=peace&source=%40nowhere", 400, "nowhere"),
        ("/api/search?q=%FF%FE", 400, "cannot understand the query"),
        (
            "/api/facets?field=colour",
            400,
            "source, speaker, author or language",
        ),
        (
            "/api/show/ffffffffffffffff",
            404,
            "no article 'ffffffffffffffff'",
        ),
        ("/api/show/..%2F..%2Fetc%2Fpasswd", 404, "no article"),
        ("/api/show/%2Fetc%2Fpasswd%230", 404, "no article"),
        ("/api/show/735119b0?explain=maybe", 400, "explain=true"),
        ("/api/similar/nothing-here", 404, "no article"),
        ("/api/nothing", 404, "nothing at /api/nothing"),
    ];
    for (path, status, says) in cases {
        let response = server.get(path);
        assert_eq!(response.status, status, "{path}: {}", response.text());
        let body = response.json();
        assert_eq!(body["error"]["status"], status, "{path}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{path}: {message}");
    }
    // An empty field of a form is no filter.
    assert_eq!(
        server
            .get("/api/search?q=peace&source=&said_by=&since=")
            .text(),
        server.get("/api/search?q=peace").text()
    );
    let response = server.get(&format!("/api/search?q={long}"));
    assert_eq!(response.status, 400);
    assert!(response.text().contains("at most 4096 bytes"));
    // Pages say the same in HTML, with the query kept in the box.
    let page = server.get("/?q=%22minefield+maps");
    assert_eq!(page.status, 400);
    let html = page.text();
    assert!(html.contains("this quote is never closed"), "{html}");
    assert!(html.contains("value=\"&quot;minefield maps\""), "{html}");
    assert!(
        html.contains("href=\"/?q=%22minefield+maps&amp;lenient=true\""),
        "{html}"
    );
    assert_eq!(server.get("/?q=%22minefield+maps&lenient=true").status, 200);
    assert_eq!(server.get("/article/nothing").status, 404);
    assert_eq!(server.get("/nothing").status, 404);
}

#[test]
fn article_text_is_escaped_and_every_response_has_a_strict_policy() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    std::fs::write(
        archive.join("hostile.txt"),
        "Date: 2024-05-01\nSource: Example Wire\nURL: javascript:alert(1)\n\n\
         Ministry <script>window.__pwned=1</script> denies \"><img src=x onerror=alert(1)> report\n\n\
         The ministry said on Monday that the report was false. <script>alert('body')</script> \
         \"><img src=x onerror=\"window.__pwned=2\"> It gave no details, Example Wire reports.\n",
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
    let search = server.get("/?q=ministry");
    assert_eq!(search.status, 200);
    let id = server.get("/api/search?q=ministry").json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let article = server.get(&format!("/article/{id}"));
    assert_eq!(article.status, 200);
    for page in [&search, &article] {
        let html = page.text();
        assert!(!html.contains("<script>window"), "{html}");
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        // The only script is the page's own file.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        let policy = page.header("content-security-policy").unwrap();
        assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
        assert!(!policy.contains("unsafe-inline"));
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn the_server_sees_each_commit_of_an_indexer() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    let caucasus = sample_corpus().join("caucasus");
    let mut files: Vec<_> = std::fs::read_dir(&caucasus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    std::fs::copy(&files[0], archive.join("first.txt")).unwrap();
    let index = dir.path().join("idx");
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(&archive)
        .assert()
        .success();
    let server = Server::start(&index, &[]);
    assert_eq!(server.get("/api/stats").json()["articles"], 1);
    for (i, file) in files.iter().enumerate().skip(1).take(3) {
        std::fs::copy(file, archive.join(format!("more-{i}.txt"))).unwrap();
    }
    newsdex()
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(&archive)
        .assert()
        .success();
    assert_eq!(server.get("/api/stats").json()["articles"], 4);
    assert_eq!(server.get("/api/search?q=*").json()["total"], 4);
}

#[test]
fn exports_stream_every_hit_as_the_command_line_writes_them() {
    let idx = Indexed::of(&sample_corpus());
    let server = Server::start(&idx.index_dir(), &[]);
    let csv = server.get("/export.csv?q=*&source=Trend");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv
        .header("content-disposition")
        .unwrap()
        .contains("attachment"));
    let expected = cli(
        &idx.index_dir(),
        &[
            "search", "*", "--source", "Trend", "--all", "--format", "csv",
        ],
    );
    assert_eq!(csv.body, expected);
    let jsonl = server.get("/export.jsonl?q=Azerbaijan&limit=1");
    let expected = cli(
        &idx.index_dir(),
        &["search", "Azerbaijan", "--all", "--format", "jsonl"],
    );
    assert_eq!(jsonl.body, expected);
    let total = server.get("/api/search?q=Azerbaijan").json()["total"]
        .as_u64()
        .unwrap();
    assert!(
        jsonl.text().lines().count() as u64 >= total.min(2),
        "every hit, not a page"
    );
    assert_eq!(server.get("/export.csv?q=%22open").status, 400);
}

#[test]
fn pages_carry_every_state_in_the_url() {
    let idx = Indexed::of(&sample_corpus());
    let server = Server::start(&idx.index_dir(), &[]);
    let page = server.get("/?q=minefield&source=Trend&sort=newest").text();
    // The filter is a chip whose link removes it, and the facet links add
    // to the URL what they filter.
    assert!(page.contains("source: Trend"), "{page}");
    assert!(
        page.contains("href=\"/?q=minefield&amp;sort=newest\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/?q=minefield&amp;source=Trend&amp;speaker="),
        "{page}"
    );
    assert!(
        page.contains("<option value=\"newest\" selected>"),
        "{page}"
    );
    assert!(page.contains("href=\"/export.csv?q=minefield&amp;source=Trend&amp;sort=newest\""));
    // A misspelt speaker gets a link to the name in the index.
    let page = server
        .get(&format!("/?q=*&speaker={}", encode("Zakharva")))
        .text();
    assert!(
        page.contains("did you mean <a href=\"/?speaker=Maria+Zakharova\">Maria Zakharova</a>"),
        "{page}"
    );
    // Said-by shows the statement.
    let page = server.get("/?q=peace&said_by=Zakharova").text();
    assert!(page.contains("class=\"statement\""), "{page}");
    assert!(page.contains("Zakharova said:"), "{page}");
    // The timeline has one bar per month from the first match to the last.
    let page = server.get("/?q=*").text();
    assert!(page.matches("<rect class=\"bar\"").count() > 3, "{page}");
}

#[test]
fn listening_beyond_loopback_warns_that_the_archive_is_exposed() {
    let idx = Indexed::of(&sample_corpus());
    let local = Server::start(&idx.index_dir(), &[]);
    assert!(local.address.starts_with("127.0.0.1:"));
    assert!(!local.banner.contains("warning"), "{}", local.banner);
    let open = Server::start(&idx.index_dir(), &["--bind", "0.0.0.0"]);
    assert!(
        open.banner
            .contains("anyone who can reach this machine can read the whole archive"),
        "{}",
        open.banner
    );
    assert_eq!(open.get("/api/stats").status, 200);
}

#[test]
fn the_openapi_file_describes_the_routes_and_parameters_the_server_takes() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json"))
            .unwrap(),
    )
    .unwrap();
    let idx = Indexed::of(&sample_corpus());
    let server = Server::start(&idx.index_dir(), &[]);
    let example = |name: &str| match name {
        "since" | "until" => "2024",
        "sort" => "newest",
        "histogram" => "month",
        "collapse" | "lenient" | "explain" => "true",
        "limit" | "offset" | "facets" => "1",
        "field" => "speaker",
        _ => "Trend",
    };
    let paths = spec["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 5);
    for (path, item) in paths {
        let path = path.replace("{id}", &demining_id(&server));
        assert_eq!(server.get(&path).status, 200, "{path}");
        for param in item["get"]["parameters"].as_array().into_iter().flatten() {
            if param["in"] != "query" {
                continue;
            }
            let name = param["name"].as_str().unwrap();
            let response = server.get(&format!("{path}?{name}={}", encode(example(name))));
            assert!(
                !response.text().contains("unknown parameter") && response.status != 500,
                "{path} {name}: {}",
                response.text()
            );
        }
    }
    // And the search parameters are the ones the server knows.
    let documented: Vec<&str> = paths["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    let message = server.get("/api/search?nope=1").json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    for name in documented {
        assert!(message.contains(name), "{name} is not in: {message}");
    }
}
