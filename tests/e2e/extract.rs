//! End to end: `newsdex extract` and `newsdex eval` against the labelled
//! sample corpus.

use std::path::Path;

use crate::common::{newsdex, sample_corpus};
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

/// Micro-averaged precision, recall and F1 of one field over several
/// `eval --json` reports.
fn micro(reports: &[Value], field: &str) -> (f64, f64, f64) {
    let sum = |key: &str| {
        reports
            .iter()
            .map(|r| r[field][key].as_u64().unwrap())
            .sum::<u64>() as f64
    };
    let (tp, fp, fn_) = (
        sum("true_positives"),
        sum("false_positives"),
        sum("false_negatives"),
    );
    let precision = tp / (tp + fp);
    let recall = tp / (tp + fn_);
    (
        precision,
        recall,
        2.0 * precision * recall / (precision + recall),
    )
}

/// The extractor on the whole labelled gold set (the sample corpus and the
/// articles written for evaluation). The floors are the figures reached;
/// raise them as extraction improves, never lower them.
#[test]
fn extraction_quality_on_the_gold_set() {
    let root = sample_corpus().parent().unwrap().to_path_buf();
    let gold_dir = root.join("tests/gold");
    let mut files: Vec<_> = std::fs::read_dir(&gold_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let output = newsdex()
        .args(["eval", "--json", "--root"])
        .arg(&root)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let articles: u64 = reports
        .iter()
        .map(|r| r["articles"].as_u64().unwrap())
        .sum();
    assert!(articles >= 120, "gold set has {articles} articles");
    let (speaker_p, speaker_r, speaker_f1) = micro(&reports, "speakers");
    let (source_p, source_r, source_f1) = micro(&reports, "sources");
    eprintln!("speakers P {speaker_p:.3} R {speaker_r:.3} F1 {speaker_f1:.3}; sources P {source_p:.3} R {source_r:.3} F1 {source_f1:.3}");
    assert!(
        speaker_f1 >= 0.965,
        "speaker F1 {speaker_f1:.3} fell below 0.965"
    );
    assert!(
        speaker_p >= 0.985,
        "speaker precision {speaker_p:.3} fell below 0.985"
    );
    assert!(
        source_f1 >= 0.989,
        "source F1 {source_f1:.3} fell below 0.989"
    );
    assert!(
        source_p >= 0.999,
        "source precision {source_p:.3} fell below 1.0"
    );
}

#[test]
fn eval_verbose_names_inline_articles_by_title_alone() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/attribution-1.jsonl");
    let output = newsdex().args(["eval", "-v"]).arg(&gold).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("missed") || text.contains("false"), "{text}");
    assert!(!text.contains("()"), "{text}");
}
