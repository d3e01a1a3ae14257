//! newsdex on a real OpenSearch cluster: two nodes started from Maven
//! Central's artifacts by `scripts/opensearch-cluster`, once for this
//! test binary and stopped with it. The tests fail, never skip, when the
//! cluster cannot start (Java 17 and Maven are needed).

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::common::{newsdex, sample_corpus, SearchOutput};

/// The URL of the test cluster, started on first use.
pub fn cluster() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| start_cluster("newsdex-test-cluster").0)
}

/// Starts a 2-node cluster with its data in `$TMP/NAME-PID` (left to the
/// system's temp cleaning; the nodes stop with this process): its URL,
/// folder and first port.
fn start_cluster(name: &str) -> (String, PathBuf, u16) {
    static PORTS: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // One cluster starts at a time, so that two do not pick the same ports.
    let _starting = PORTS.lock().unwrap();
    remove_stale_clusters();
    let base = free_port_base();
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let output = cluster_script(&["start", "2"], &dir, base);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let url = stdout
        .lines()
        .last()
        .expect("the URL is printed")
        .trim()
        .to_string();
    (url, dir, base)
}

/// Runs `scripts/opensearch-cluster ARGS DIR` for the cluster whose first
/// port is `base`, asserting that it succeeds.
fn cluster_script(args: &[&str], dir: &Path, base: u16) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/opensearch-cluster");
    let output = Process::new(script)
        .args(args)
        .arg(dir)
        .env("OPENSEARCH_HTTP_PORT", base.to_string())
        .env("OPENSEARCH_OWNER_PID", std::process::id().to_string())
        .output()
        .expect("scripts/opensearch-cluster runs");
    assert!(
        output.status.success(),
        "scripts/opensearch-cluster {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Removes the data of test clusters whose test binary is gone.
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix("newsdex-test-cluster-")
            .or_else(|| name.strip_prefix("newsdex-test-fault-"));
        if let Some(pid) = pid {
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A first HTTP port such that it and the next, and their transport
/// ports (100 above), are free.
fn free_port_base() -> u16 {
    (19_200..19_290)
        .step_by(2)
        .find(|&base| {
            [base, base + 1, base + 100, base + 101]
                .iter()
                .all(|&port| TcpListener::bind(("127.0.0.1", port)).is_ok())
        })
        .expect("a free port range for the test cluster")
}

/// A cluster index name of its own for each test.
fn index_name(test: &str) -> String {
    format!("newsdex-test-{test}")
}

pub fn request(method: &str, path: &str, body: Option<&Value>) -> Value {
    request_to(cluster(), method, path, body)
}

/// A request to the cluster at `base`; the answer's JSON.
fn request_to(base: &str, method: &str, path: &str, body: Option<&Value>) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{base}/{path}");
    let mut response = match body {
        Some(body) => agent
            .run(
                ureq::http::Request::builder()
                    .method(method)
                    .uri(&url)
                    .header("Content-Type", "application/json")
                    .body(serde_json::to_vec(body).unwrap())
                    .unwrap(),
            )
            .unwrap(),
        None => agent
            .run(
                ureq::http::Request::builder()
                    .method(method)
                    .uri(&url)
                    .body(())
                    .unwrap(),
            )
            .unwrap(),
    };
    let text = response.body_mut().read_to_string().unwrap();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// `newsdex index --opensearch URL --os-index NAME ARCHIVE`, 2 shards
/// and 1 replica; its stderr.
fn index_into_cluster(index: &str, archive: &Path) -> String {
    let output = newsdex()
        .args(["index", "--opensearch", cluster(), "--os-index", index])
        .args(["--os-shards", "2", "--os-replicas", "1"])
        .arg(archive)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// Each article of a cluster index: id, with its speakers and sources.
fn cluster_articles(index: &str) -> BTreeMap<String, (Vec<String>, Vec<String>)> {
    articles_on(cluster(), index)
}

/// Each article of the index `index` of the cluster at `base`.
fn articles_on(base: &str, index: &str) -> BTreeMap<String, (Vec<String>, Vec<String>)> {
    let body = json!({ "size": 10_000, "_source": ["id", "speaker", "source"], "query": { "match_all": {} } });
    let answer = request_to(base, "POST", &format!("{index}/_search"), Some(&body));
    let names = |value: &Value| {
        let mut names: Vec<String> = value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    answer["hits"]["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            let source = &hit["_source"];
            (
                source["id"].as_str().unwrap().to_string(),
                (names(&source["speaker"]), names(&source["source"])),
            )
        })
        .collect()
}

/// Each article of a local index, as [`cluster_articles`] gives them.
fn local_articles(archive: &Path, dir: &Path) -> BTreeMap<String, (Vec<String>, Vec<String>)> {
    let index = dir.join("idx");
    newsdex()
        .args(["index", "--quiet", "--index"])
        .arg(&index)
        .arg(archive)
        .assert()
        .success();
    let output = newsdex()
        .args(["search", "*", "--json", "--all", "--facets", "0", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let out: SearchOutput = serde_json::from_slice(&output.stdout).unwrap();
    out.hits
        .into_iter()
        .map(|hit| {
            let mut speakers = hit.speakers.clone();
            let mut sources = hit.sources.clone();
            speakers.sort();
            sources.sort();
            (hit.id, (speakers, sources))
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_cluster_holds_the_same_articles_as_a_local_index() {
    let index = index_name("same-articles");
    request("DELETE", &index, None);
    let stderr = index_into_cluster(&index, &sample_corpus());
    let tmp = tempfile::tempdir().unwrap();
    let local = local_articles(&sample_corpus(), tmp.path());
    let remote = cluster_articles(&index);
    assert!(local.len() > 50, "{}", local.len());
    assert_eq!(remote, local, "{stderr}");
    // The index was made as asked; its text fields hold newsdex's own
    // terms, which the cluster only splits at spaces.
    let settings = request("GET", &format!("{index}/_settings"), None);
    assert_eq!(
        settings[&index]["settings"]["index"]["number_of_shards"],
        "2"
    );
    let analyzed = request(
        "POST",
        &format!("{index}/_analyze"),
        Some(&json!({ "field": "body", "text": "erdogan s minist add" })),
    );
    let tokens: Vec<&str> = analyzed["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, ["erdogan", "s", "minist", "add"]);
}

#[test]
fn a_second_run_sends_only_what_changed_and_removes_what_is_gone() {
    let index = index_name("incremental");
    request("DELETE", &index, None);
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_tree(&sample_corpus(), &archive);
    index_into_cluster(&index, &archive);
    let again = index_into_cluster(&index, &archive);
    assert!(again.contains("sent 0 articles"), "{again}");

    let changed = archive.join("caucasus/anama-minefield-maps-accuracy.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str(
        "\nThe agency said the survey of the northern districts would finish in the spring.\n",
    );
    std::fs::write(&changed, text).unwrap();
    let gone = std::fs::read_dir(archive.join("energy"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_file(&gone).unwrap();
    let third = index_into_cluster(&index, &archive);
    assert!(
        third.contains("1 changed") && third.contains("1 removed"),
        "{third}"
    );

    let local = local_articles(&archive, tmp.path());
    let remote = cluster_articles(&index);
    assert_eq!(remote, local, "{third}");
    let (found, _) = run(&[
        "search",
        "--json",
        "--opensearch",
        cluster(),
        "--os-index",
        &index,
        "\"survey of the northern districts\"",
    ]);
    let found: Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["total"], 1, "{found}");
}

#[test]
fn an_unreachable_cluster_is_a_clear_error() {
    // Nothing listens on the discard port.
    let output = newsdex()
        .args(["index", "--opensearch", "http://127.0.0.1:9"])
        .arg(sample_corpus())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot reach the OpenSearch cluster at http://127.0.0.1:9"),
        "{stderr}"
    );
}

/// A command's stdout and stderr, asserting it ran (exit 0, or 1 for a
/// search that found nothing).
fn run(args: &[&str]) -> (String, String) {
    let output = newsdex().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "newsdex {}: {stderr}",
        args.join(" ")
    );
    (stdout, stderr)
}

/// What must be the same on both sides of a search: the counts, the
/// facets, the messages, and the set of hits (their order follows scores,
/// which differ, and so does which copy of a story is shown).
fn comparable(stdout: &str, stderr: &str) -> Value {
    let mut answer: Value = serde_json::from_str(stdout).unwrap_or_else(|err| {
        panic!("{err}: {stdout}");
    });
    if let Some(hits) = answer.get_mut("hits").and_then(Value::as_array_mut) {
        // A hit stands for its story: itself and its copies, of which
        // the best ranked is shown.
        let mut stories: Vec<Vec<String>> = hits
            .iter()
            .map(|hit| {
                let mut story: Vec<String> = std::iter::once(&hit["id"])
                    .chain(hit["copies"].as_array().into_iter().flatten())
                    .map(|id| id.as_str().unwrap().to_string())
                    .collect();
                story.sort();
                story
            })
            .collect();
        stories.sort();
        answer["hits"] = json!(stories);
    }
    json!({ "answer": answer, "messages": stderr })
}

/// Printed facets with "and N more" as a local index of several segments
/// prints them ("and more"): the cluster always knows how many more.
fn more_named(printed: &str) -> String {
    printed
        .split(", and ")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                return part.to_string();
            }
            let rest = part.trim_start_matches(|c: char| c.is_ascii_digit());
            if rest.len() < part.len() && rest.starts_with(" more") {
                format!(
                    ", and more (--facets all counts them all){}",
                    &rest[" more".len()..]
                )
            } else {
                format!(", and {part}")
            }
        })
        .collect()
}

/// The same answers from the local index and the cluster index: counts,
/// facets, timelines, hit sets and messages for every flag of `search`,
/// then `facets`, `show` and `stats`.
#[test]
fn searches_on_the_cluster_answer_as_the_local_index_does() {
    let index = index_name("parity");
    request("DELETE", &index, None);
    index_into_cluster(&index, &sample_corpus());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let status = newsdex()
        .arg("index")
        .arg("--index")
        .arg(&dir)
        .arg(sample_corpus())
        .output()
        .unwrap();
    assert!(status.status.success());
    let groups = tmp.path().join("groups.txt");
    std::fs::write(&groups, "caucasus = Trend, APA, Report.az\n").unwrap();
    let groups = groups.to_str().unwrap();
    let local = ["--index", dir.to_str().unwrap()];
    let remote = ["--opensearch", cluster(), "--os-index", &index];

    let queries: &[&[&str]] = &[
        &["*"],
        &["peace"],
        &["\"peace talks\""],
        &["\"minefield maps\"~2"],
        &["minefield AND maps"],
        &["minefield OR ceasefire"],
        &["peace -talks"],
        &["NOT the"],
        &["(gas OR oil) AND (export OR pipeline)"],
        &["title:minefield"],
        &["body:ceasefire"],
        &["speaker:zakharova"],
        &["source:trend"],
        &["site:azernews.az"],
        &["minefeld~1"],
        &["negotiaton~2"],
        &["O'Neill"],
        &["Nagorno-Karabakh"],
        &["Erdoğan"],
        // Words that OpenSearch's own Snowball stemmers make otherwise.
        &["added"],
        &["\"added that\""],
        &["international"],
        &["evening"],
        &["--said-by", "Zakharova", "added OR international"],
        &["--source", "Trend", "*"],
        &["--source", "trend", "--source", "APA", "minefield"],
        &["--source", "@caucasus", "--groups", groups, "*"],
        &["--source", "trnd", "*"],
        &["--speaker", "Zakharova", "*"],
        &["--speaker", "Maria Zakharova", "--source", "TASS", "*"],
        &["--speaker", "Zakharva", "*"],
        &["--said-by", "Zakharova", "*"],
        &["--said-by", "Zakharova", "Armenia"],
        &["--said-by", "Zakharova", "\"peace treaty\""],
        &["--said-by", "Vugar Suleymanov", "maps OR mines"],
        &["--said-by", "Zakharova", "-Armenia"],
        &["--author", "Lee", "*"],
        &["--lang", "ru", "*"],
        &["--lang", "Turkish", "*"],
        &["--lang", "xx", "*"],
        &["--since", "2024-05", "--until", "2024-12", "*"],
        &["--since", "2025", "peace"],
        &["--sort", "newest", "*"],
        &["--sort", "oldest", "minefield"],
        &["--facets", "all", "*"],
        &["--facets", "3", "*"],
        &["--facets", "0", "peace"],
        &["--no-collapse", "*"],
        &["--no-collapse", "--source", "Trend", "mine"],
        &["--all", "*"],
        &["--all", "--offset", "7", "--sort", "oldest", "*"],
        &["--lenient", "peace AND (talks"],
    ];
    for args in queries {
        let mut wide: Vec<&str> = vec!["search", "--json"];
        // Every match is a hit, so that the hit sets compare whatever
        // the order.
        if !args.contains(&"--all") {
            wide.extend(["--limit", "100"]);
        }
        wide.extend(args.iter());
        let (a_out, a_err) = run(&[&wide[..], &local[..]].concat());
        let (b_out, b_err) = run(&[&wide[..], &remote[..]].concat());
        assert_eq!(
            comparable(&b_out, &b_err),
            comparable(&a_out, &a_err),
            "search {}",
            args.join(" ")
        );
    }
    // Ids hash the archive's path: this checkout's.
    let (found, _) = run(&[
        &["search", "--json", "--sort", "oldest", "minefield maps"][..],
        &local[..],
    ]
    .concat());
    let found: Value = serde_json::from_str(&found).unwrap();
    let id = found["hits"][0]["id"].as_str().unwrap().to_string();
    // Timelines, paged and default-sized searches print the same, byte
    // for byte, where no score shows.
    let printed: &[&[&str]] = &[
        &["search", "--histogram", "month", "peace"],
        &["search", "--histogram", "year", "--json", "*"],
        &[
            "search",
            "--histogram",
            "week",
            "--source",
            "Trend",
            "--source",
            "APA",
            "*",
        ],
        &[
            "search",
            "--histogram",
            "day",
            "--said-by",
            "Zakharova",
            "*",
        ],
        &[
            "search", "--sort", "newest", "--limit", "3", "--offset", "2", "*",
        ],
        &[
            "search",
            "--format",
            "csv",
            "--sort",
            "oldest",
            "--said-by",
            "Zakharova",
            "*",
        ],
        &["facets", "*"],
        &["facets", "--field", "speaker", "-n", "5", "--json", "mine"],
        &["facets", "--since", "2025", "--json", "*"],
        &["show", "--json", &id],
        &["show", &id[..6]],
    ];
    for args in printed {
        let (a, _) = run(&[&args[..], &local[..]].concat());
        let (b, _) = run(&[&args[..], &remote[..]].concat());
        assert_eq!(more_named(&b), more_named(&a), "{}", args.join(" "));
    }
    // Similar articles are ranked by each engine's own weights (and, on
    // the cluster, by each shard's statistics, which follow where the ids
    // land): the best are the same articles, near ties further down may
    // swap.
    let similar = |place: &[&str]| -> Vec<String> {
        let (out, _) = run(&[&["similar", "--json", "-n", "3", &id][..], place].concat());
        let found: Value = serde_json::from_str(&out).unwrap();
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (on_cluster, here) = (similar(&remote), similar(&local));
    assert_eq!(on_cluster.len(), 3);
    assert!(
        on_cluster.contains(&here[0]) && on_cluster[..2].iter().all(|id| here.contains(id)),
        "cluster {on_cluster:?}, local {here:?}"
    );
    let stats = |place: &[&str]| -> Value {
        let (out, _) = run(&[&["stats", "--json"][..], place].concat());
        let mut stats: Value = serde_json::from_str(&out).unwrap();
        for differs in ["index", "size_bytes", "last_update", "segments"] {
            stats.as_object_mut().unwrap().remove(differs);
        }
        stats
    };
    assert_eq!(stats(&remote), stats(&local));
    // A page past what a cluster search can read is refused with what to
    // do instead; the local index pages on.
    let deep = ["search", "--json", "--offset", "4000", "*"];
    run(&[&deep[..], &local[..]].concat());
    let output = newsdex().args(deep).args(remote).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("reads at most its first 10000 hits, and this page needs the first 12040")
            && stderr.contains("stream every hit with --all"),
        "{stderr}"
    );
}

/// A node killed during a load: the load goes on with the other node,
/// searches meanwhile see growing counts or say the cluster is
/// unavailable, and once the node is back the index holds the archive's
/// articles, each once.
#[test]
fn a_node_killed_during_a_load_loses_nothing() {
    let (url, dir, base) = start_cluster("newsdex-test-fault");
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let written = crate::common::write_wire_archive(&archive, 80, 100);
    let index = "faults";
    let mut load = Process::new(env!("CARGO_BIN_EXE_newsdex"))
        .env_remove("NEWSDEX_INDEX")
        .args([
            "index",
            "--quiet",
            "--opensearch",
            &url,
            "--os-index",
            index,
        ])
        .args(["--os-shards", "2", "--os-replicas", "1"])
        .arg(&archive)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let search = || {
        newsdex()
            .args([
                "search",
                "--json",
                "--limit",
                "1",
                "--facets",
                "0",
                "--no-collapse",
            ])
            .args(["--opensearch", &url, "--os-index", index, "*"])
            .output()
            .unwrap()
    };
    let mut counts: Vec<u64> = Vec::new();
    let mut unavailable = 0;
    let mut killed = false;
    loop {
        let output = search();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if output.status.code() == Some(2) {
            // Before the first articles, the index may not be there yet.
            assert!(
                stderr.contains("is unavailable")
                    || stderr.contains("cannot reach")
                    || (counts.is_empty() && stderr.contains("has no index")),
                "{stderr}"
            );
            unavailable += 1;
        } else {
            let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
            counts.push(answer["total"].as_u64().unwrap());
        }
        if !killed && counts.last().is_some_and(|&n| n > 0) {
            let pid = std::fs::read_to_string(dir.join("node-2/pid")).unwrap();
            Process::new("kill")
                .args(["-KILL", pid.trim()])
                .status()
                .unwrap();
            killed = true;
        }
        if load.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let finished = load.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&finished.stderr);
    assert!(killed, "the load ended before a node could be killed");
    assert!(finished.status.success(), "{stderr}");
    // Counts grow while the load goes on (a search may be served by a
    // copy refreshed a moment earlier than the last one: a little back).
    assert!(counts.len() >= 2, "{counts:?}");
    for pair in counts.windows(2) {
        assert!(pair[1] + 200 >= pair[0], "{counts:?}");
    }
    assert!(counts.iter().all(|&n| n <= written as u64), "{counts:?}");

    eprintln!(
        "searches during the load: {} answered ({:?} ... {:?}), {unavailable} unavailable",
        counts.len(),
        counts.first(),
        counts.last()
    );
    cluster_script(&["start-node", "2"], &dir, base);
    let health = request_to(
        &url,
        "GET",
        "_cluster/health?wait_for_status=green&timeout=60s",
        None,
    );
    assert_eq!(health["status"], "green", "{health}");
    let on_cluster = articles_on(&url, index);
    let local = local_articles(&archive, tmp.path());
    assert_eq!(local.len(), written);
    assert_eq!(
        on_cluster.keys().collect::<Vec<_>>(),
        local.keys().collect::<Vec<_>>(),
        "{unavailable} searches found the cluster unavailable"
    );
    // Another run finds everything in place.
    let again = newsdex()
        .args(["index", "--opensearch", &url, "--os-index", index])
        .arg(&archive)
        .output()
        .unwrap();
    let again = String::from_utf8_lossy(&again.stderr);
    assert!(again.contains("sent 0 articles"), "{again}");
    cluster_script(&["stop"], &dir, base);
}
