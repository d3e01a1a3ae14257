//! End to end: `newsdex extract` and `newsdex eval` against the labelled
//! sample corpus.

mod common;

use common::{newsdex, sample_corpus};
use serde_json::Value;

#[test]
fn extract_json_lines_for_the_briefing_article() {
    let path = sample_corpus().join("caucasus/zakharova-mirzoyan-press-conference.txt");
    let output = newsdex()
        .arg("extract")
        .arg("--json")
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let article = &lines[0];
    assert_eq!(
        article["speakers"],
        serde_json::json!(["Maria Zakharova", "Ararat Mirzoyan"])
    );
    assert_eq!(
        article["sources"],
        serde_json::json!(["Caliber.Az", "Trend"])
    );
    assert!(article["title"].as_str().unwrap().len() > 10);
    assert!(article.get("published").is_some());
}

#[test]
fn extract_reads_every_record_of_a_gzipped_feed() {
    let output = newsdex()
        .arg("extract")
        .arg("--json")
        .arg(sample_corpus().join("feeds"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let paths: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.contains("tech-digest.jsonl.gz#"))
            .count(),
        3
    );
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.contains("economy-wire.jsonl#"))
            .count(),
        5
    );
    assert_eq!(paths.len(), 12);
}

#[test]
fn explain_shows_rule_and_sentence() {
    let path = sample_corpus().join("caucasus/zakharova-mirzoyan-press-conference.txt");
    let output = newsdex()
        .arg("extract")
        .arg("--explain")
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("speaker Maria Zakharova ["), "{text}");
    assert!(text.contains("source Caliber.Az [credit after"), "{text}");
    assert!(text.contains("Caliber.Az reports"), "{text}");
}

/// The extractor on the hand-labelled sample corpus. The floors are the
/// figures reached; raise them as extraction improves, never lower them.
#[test]
fn extraction_quality_on_the_labelled_sample_corpus() {
    let root = sample_corpus().parent().unwrap().to_path_buf();
    let output = newsdex()
        .args(["eval", "--json", "--root"])
        .arg(&root)
        .arg(root.join("tests/gold/sample-corpus.jsonl"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["articles"], 44);
    let f1 = |field: &str| report[field]["f1"].as_f64().unwrap();
    let precision = |field: &str| report[field]["precision"].as_f64().unwrap();
    assert!(f1("speakers") >= 0.99, "speaker F1 {}", f1("speakers"));
    assert!(
        precision("speakers") >= 0.99,
        "speaker precision {}",
        precision("speakers")
    );
    assert!(f1("sources") >= 0.98, "source F1 {}", f1("sources"));
}
