//! The README's examples are the real output of the real program: every
//! `$ newsdex ...` line of its code blocks is run, in order, against an
//! index of the sample corpus, and what it prints (stdout, then stderr)
//! is compared with the lines that follow it.
//!
//! The comparison allows for what differs from machine to machine: the
//! checkout's path is shown as `/home/me/newsdex`, the index as
//! `newsdex-index`; article ids (hashes of paths) are matched to the ids
//! printed here, and a command naming a README id runs with the real one;
//! timings and sizes are not compared. A line `...` stands for any number
//! of lines, and `...` inside a line for any text.

use std::collections::HashMap;
use std::path::Path;

use crate::common::newsdex;

/// One example: the command line after `$ ` and the lines printed.
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    for (n, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            if in_block {
                found.extend(current.take());
            }
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ newsdex ") {
            found.extend(current.take());
            current = Some(Example {
                line: n + 1,
                command: command.to_string(),
                expected: Vec::new(),
            });
        } else if let Some(example) = current.as_mut() {
            example.expected.push(line.to_string());
        }
    }
    found
}

/// Splits a command line into words, as a shell would for the quoting the
/// README uses ('...' and "...").
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut any = false;
    for c in command.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (_, c) => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// Whether a word looks like an article id or its printed start.
fn is_id(word: &str) -> bool {
    (word.len() == 8 || word.len() == 16)
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && word.bytes().any(|b| b.is_ascii_digit())
}

/// The line with every id replaced by `<id>`, and the ids in order.
fn without_ids(line: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut ids = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, ids: &mut Vec<String>| {
        if is_id(word) {
            ids.push(std::mem::take(word));
            out.push_str("<id>");
        } else {
            out.push_str(word);
            word.clear();
        }
    };
    for c in line.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut ids);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut ids);
    (out, ids)
}

/// Figures that differ from run to run: timings, sizes, the time of the
/// last update.
fn without_figures(line: &str) -> String {
    if let Some(at) = line
        .find(" in ")
        .filter(|_| line.starts_with("newsdex: indexed ") || line.starts_with("newsdex: sent "))
    {
        return format!("{} in <time>", &line[..at]);
    }
    for label in ["size:", "last update:"] {
        if line.starts_with(label) {
            return format!("{label} <varies>");
        }
    }
    line.to_string()
}

/// Whether `actual` matches `expected`, where `...` in `expected` stands
/// for any text.
fn glob(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split("...").collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let mut rest = actual;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(after) = rest.strip_prefix(part) else {
                return false;
            };
            rest = after;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Compares one example's lines, learning which README id stands for
/// which real one.
fn compare(
    example: &Example,
    actual: &[String],
    ids: &mut HashMap<String, String>,
) -> Result<(), String> {
    let mut a = 0;
    let mut e = 0;
    let mut after_wildcard = false;
    while e < example.expected.len() {
        let expected = &example.expected[e];
        if expected.trim() == "..." {
            after_wildcard = true;
            e += 1;
            continue;
        }
        let (expected_text, expected_ids) = without_ids(&without_figures(expected));
        let found = (a..actual.len()).find(|&i| {
            let (text, _) = without_ids(&without_figures(&actual[i]));
            glob(&expected_text, &text)
        });
        match found {
            Some(i) if i == a || after_wildcard => {
                let (_, actual_ids) = without_ids(&actual[i]);
                for (readme, real) in expected_ids.into_iter().zip(actual_ids) {
                    ids.insert(readme, real);
                }
                a = i + 1;
                e += 1;
                after_wildcard = false;
            }
            _ => {
                return Err(format!(
                    "README line {}: `newsdex {}`: expected\n  {expected}\nbut the program printed (from its line {}):\n{}",
                    example.line,
                    example.command,
                    a + 1,
                    actual[a.min(actual.len())..]
                        .iter()
                        .map(|l| format!("  {l}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
        }
    }
    let ends_open = example.expected.last().is_some_and(|l| l.contains("..."));
    if a < actual.len() && !ends_open {
        return Err(format!(
            "README line {}: `newsdex {}` printed more than the README shows:\n{}",
            example.line,
            example.command,
            actual[a..].join("\n")
        ));
    }
    Ok(())
}

/// The cluster URL the README's examples show.
const README_CLUSTER: &str = "http://127.0.0.1:9200";

#[test]
fn every_readme_example_prints_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 12, "{} examples", examples.len());
    assert!(
        examples[0].command.starts_with("index "),
        "the first example builds the index"
    );
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("newsdex-index");
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut failures = Vec::new();
    for example in &examples {
        // README ids (or their start) become the real ones.
        let args: Vec<String> = words(&example.command)
            .into_iter()
            .map(|word| {
                if !is_id(&word) {
                    return word;
                }
                ids.iter()
                    .find(|(readme, _)| {
                        readme.starts_with(&word) || word.starts_with(readme.as_str())
                    })
                    .map(|(readme, real)| {
                        if word.len() <= readme.len() {
                            real[..word.len().min(real.len())].to_string()
                        } else {
                            real.clone()
                        }
                    })
                    .unwrap_or(word)
            })
            .collect();
        // An example on the README's cluster runs on the test cluster;
        // one that indexes starts a fresh index of the default name.
        let on_cluster = args.iter().any(|a| a == README_CLUSTER);
        let args: Vec<String> = if on_cluster {
            if args[0] == "index" {
                crate::cluster::request("DELETE", "newsdex", None);
            }
            args.into_iter()
                .map(|a| {
                    if a == README_CLUSTER {
                        crate::cluster::cluster().to_string()
                    } else {
                        a
                    }
                })
                .collect()
        } else {
            args
        };
        let output = newsdex()
            .current_dir(root)
            .env("NEWSDEX_INDEX", &index)
            .args(&args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let shown = |line: &str| {
            let line = if on_cluster {
                line.replace(crate::cluster::cluster(), README_CLUSTER)
            } else {
                line.to_string()
            };
            line.replace(&root.display().to_string(), "/home/me/newsdex")
                .replace(&index.display().to_string(), "newsdex-index")
                .trim_end()
                .to_string()
        };
        let mut actual: Vec<String> = text.lines().map(shown).collect();
        while actual.last().is_some_and(|l| l.is_empty()) {
            actual.pop();
        }
        let mut expected = example.expected.clone();
        while expected.last().is_some_and(|l| l.is_empty()) {
            expected.pop();
        }
        let trimmed = Example {
            line: example.line,
            command: example.command.clone(),
            expected: expected.iter().map(|l| l.trim_end().to_string()).collect(),
        };
        if let Err(failure) = compare(&trimmed, &actual, &mut ids) {
            failures.push(failure);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_comparison_allows_only_what_it_should() {
    assert_eq!(
        words(r#"search '"South Caucasus" peace' --source Trend"#),
        ["search", "\"South Caucasus\" peace", "--source", "Trend"]
    );
    assert!(glob(
        "The spokesperson ..., Trend reports.",
        "The spokesperson added x, Trend reports."
    ));
    assert!(!glob(
        "The spokesperson ..., Trend reports.",
        "The spokesman said, Trend reports."
    ));
    assert_eq!(
        without_ids("     735119b0  /a/b.txt").0,
        "     <id>  /a/b.txt"
    );
    assert_eq!(
        without_ids("id:        735119b0ca669ba9").1,
        ["735119b0ca669ba9"]
    );
    let example = Example {
        line: 1,
        command: "x".into(),
        expected: vec!["a".into(), "...".into(), "d".into()],
    };
    let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut ids = HashMap::new();
    assert!(compare(&example, &lines(&["a", "b", "c", "d"]), &mut ids).is_ok());
    assert!(compare(&example, &lines(&["a", "d", "e"]), &mut ids).is_err());
    assert!(compare(&example, &lines(&["b", "d"]), &mut ids).is_err());
}
