//! End to end: index the sample corpus with the real binary, then search it.

use crate::common::{sample_corpus, Indexed};
use predicates::prelude::*;

fn corpus() -> Indexed {
    Indexed::of(&sample_corpus())
}

#[test]
fn keyword_search_ranks_and_reports_every_field() {
    let idx = corpus();
    let out = idx.search_json(&["minefields"]);
    assert_eq!(out.query, "minefields");
    assert!(out.total >= 2, "{out:?}");
    let first = &out.hits[0];
    assert_eq!(first.id.len(), 16);
    assert!(first.score.unwrap() > 0.0);
    assert!(first.path.ends_with(".txt") || first.path.contains(".json"));
    assert!(std::path::Path::new(&first.path).exists());
    // The snippet highlights the term (stemmed: "minefield" matches too).
    for hit in &out.hits {
        for &(start, end) in &hit.highlights {
            assert!(
                hit.snippet[start..end]
                    .to_lowercase()
                    .starts_with("minefield"),
                "{hit:?}"
            );
        }
    }
    let scores: Vec<f64> = out.hits.iter().map(|h| h.score.unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ranked by score: {scores:?}"
    );
}

#[test]
fn phrase_search_requires_the_exact_phrase() {
    let idx = corpus();
    let phrase = idx.search_json(&["\"minefield maps\""]);
    assert!(phrase.total >= 3);
    for hit in &phrase.hits {
        let text = std::fs::read_to_string(&hit.path)
            .unwrap()
            .to_lowercase()
            .replace('\n', " ");
        assert!(text.contains("minefield maps"), "{}", hit.path);
    }
    // The same words without quotes match at least as many articles.
    let words = idx.search_json(&["minefield maps"]);
    assert!(words.total >= phrase.total);
    // A phrase excluded leaves out exactly the articles holding it, alone
    // or after other words, whichever article it first matches.
    let all = idx.search_json(&["*"]).total;
    assert_eq!(
        idx.search_json(&["-\"minefield maps\""]).total,
        all - phrase.total
    );
    assert_eq!(
        idx.search_json(&["* -\"minefield maps\""]).total,
        all - phrase.total
    );
    let mines = idx.search_json(&["mines"]).total;
    let both = idx.search_json(&["mines \"minefield maps\""]).total;
    assert_eq!(
        idx.search_json(&["mines -\"minefield maps\""]).total,
        mines - both
    );
    let nowhere = idx.search_json(&["-\"maps minefield\""]).total;
    assert_eq!(nowhere, all);
}

#[test]
fn all_terms_are_required_by_default_and_boolean_operators_work() {
    let idx = corpus();
    let a = idx.search_json(&["Zakharova"]).total;
    let b = idx.search_json(&["Pashinyan"]).total;
    let both = idx.search_json(&["Zakharova Pashinyan"]).total;
    let either = idx.search_json(&["Zakharova OR Pashinyan"]).total;
    let explicit_and = idx.search_json(&["Zakharova AND Pashinyan"]).total;
    let without = idx.search_json(&["Zakharova -Pashinyan"]).total;
    assert!(a > 0 && b > 0);
    assert_eq!(both, explicit_and);
    assert!(both <= a.min(b));
    assert_eq!(either, a + b - both);
    assert_eq!(without, a - both);
}

#[test]
fn title_field_search() {
    let idx = corpus();
    let out = idx.search_json(&["title:zakharova"]);
    assert!(out.total >= 2);
    for hit in &out.hits {
        assert!(
            hit.title.to_lowercase().contains("zakharova"),
            "{}",
            hit.title
        );
    }
}

#[test]
fn source_and_speaker_filters() {
    let idx = corpus();
    let trend = idx.search_json(&["*", "--source", "trend", "--limit", "100"]);
    assert!(trend.total >= 4);
    assert!(trend
        .hits
        .iter()
        .all(|h| h.sources.contains(&"Trend".to_string())));
    // An alias resolves to the canonical outlet.
    let alias = idx.search_json(&["*", "--source", "Trend News Agency"]);
    assert_eq!(alias.total, trend.total);
    // The same flag twice ORs.
    let caliber = idx.search_json(&["*", "--source", "Caliber.Az"]).total;
    let both = idx
        .search_json(&["*", "--source", "Trend", "--source", "Caliber.Az"])
        .total;
    assert!(both >= trend.total.max(caliber) && both <= trend.total + caliber);
    // A surname finds the full name; different flags AND.
    let zakharova = idx.search_json(&["*", "--speaker", "zakharova", "--limit", "100"]);
    assert!(zakharova.total >= 2);
    assert!(zakharova
        .hits
        .iter()
        .all(|h| h.speakers.contains(&"Maria Zakharova".to_string())));
    let combined = idx.search_json(&[
        "\"South Caucasus\" peace",
        "--source",
        "Trend",
        "--speaker",
        "Zakharova",
    ]);
    for hit in &combined.hits {
        assert!(
            hit.sources.contains(&"Trend".to_string())
                && hit.speakers.contains(&"Maria Zakharova".to_string())
        );
    }
    assert!(combined.total <= zakharova.total);
}

#[test]
fn facet_counts_cover_all_matches_not_just_the_page() {
    let idx = corpus();
    let page = idx.search_json(&["*", "--limit", "1"]);
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.total, 59);
    let counts: Vec<u64> = page.facets.sources.iter().map(|f| f.count).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "sorted by count: {counts:?}"
    );
    // Each count equals the number of articles that a filter on it finds.
    for facet in page.facets.sources.iter().take(5) {
        let filtered = idx.search_json(&["*", "--source", &facet.name]);
        assert_eq!(filtered.total, facet.count, "{}", facet.name);
    }
    let everything = idx.search_json(&["*", "--all"]);
    let zakharova = everything
        .hits
        .iter()
        .filter(|h| h.speakers.contains(&"Maria Zakharova".to_string()))
        .count() as u64;
    let facet = page
        .facets
        .speakers
        .iter()
        .find(|f| f.name == "Maria Zakharova")
        .unwrap();
    assert_eq!(facet.count, zakharova);
}

#[test]
fn exit_codes_and_errors() {
    let idx = corpus();
    idx.search(&["minefields"]).assert().code(0);
    idx.search(&["xylophonequartz"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No articles match"));
    idx.search(&["\"unclosed phrase"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot understand the query"));
    idx.search(&["title:"]).assert().code(2);
    // A word with a colon is a word unless what comes before is a field.
    idx.search(&["nosuchfield:x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("'nosuchfield' is not a field"));
    idx.search(&["peace", "--speaker", "Nobody Atall"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Nobody Atall"));
    crate::common::newsdex()
        .args(["search", "--index"])
        .arg(idx.dir.path().join("missing"))
        .arg("peace")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no index at")
                .and(predicate::str::contains("newsdex index ARCHIVE")),
        );
}

#[test]
fn human_output_shows_rank_title_date_sources_speakers_path_snippet() {
    let idx = corpus();
    let assert = idx
        .search(&["\"minefield maps\"", "--limit", "2"])
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("  1. "), "{text}");
    assert!(
        text.contains("sources:") && text.contains("speakers:"),
        "{text}"
    );
    assert!(text.contains("sample-corpus"), "{text}");
    assert!(
        text.contains("articles match") && text.contains("the best 2 are shown"),
        "{text}"
    );
    assert!(text.contains("By source:") && text.contains("By speaker:"));
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    let coloured = idx
        .search(&["\"minefield maps\"", "--color", "always"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

#[test]
fn index_location_comes_from_the_environment() {
    let idx = corpus();
    crate::common::newsdex()
        .env("NEWSDEX_INDEX", idx.index_dir())
        .args(["search", "minefields"])
        .assert()
        .success();
}

#[test]
fn a_surname_shared_by_two_speakers_is_ambiguous() {
    let idx = corpus();
    idx.search(&["*", "--speaker", "Grigoryan"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("ambiguous")
                .and(predicate::str::contains("Armen Grigoryan"))
                .and(predicate::str::contains("Mher Grigoryan")),
        );
    let full = idx.search_json(&["*", "--speaker", "mher grigoryan"]);
    assert!(full.total >= 1);
    assert!(full
        .hits
        .iter()
        .all(|h| h.speakers.contains(&"Mher Grigoryan".to_string())));
}

#[test]
fn speaker_and_source_names_are_searchable_fields() {
    let idx = corpus();
    let by_name = idx.search_json(&["speaker_name:zakharova", "--limit", "100"]);
    let by_filter = idx.search_json(&["*", "--speaker", "Maria Zakharova", "--limit", "100"]);
    assert_eq!(by_name.total, by_filter.total);
    let by_source = idx.search_json(&["source_name:trend"]);
    assert_eq!(
        by_source.total,
        idx.search_json(&["*", "--source", "Trend"]).total
    );
}

#[test]
fn a_surname_finds_the_full_name_and_the_articles_naming_only_the_surname() {
    let archive = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(archive.path().join(name), text).unwrap();
    write(
        "a.txt",
        "Budget row\n\nPrime Minister Tony Blair said the budget would protect schools.\n",
    );
    write(
        "b.txt",
        "Schools plan\n\nThe plan was unveiled on Monday. Mr Blair said schools came first.\n",
    );
    write(
        "c.txt",
        "Rates\n\nThe central bank kept rates on hold, its governor Mervyn King said.\n",
    );
    let idx = Indexed::of(archive.path());
    let by_surname = idx.search_json(&["schools", "--speaker", "Blair"]);
    assert_eq!(by_surname.total, 2, "{:?}", by_surname.facets.speakers);
    let said = idx.search_json(&["schools", "--said-by", "Blair"]);
    assert_eq!(said.total, 2);
    // Once a second Blair speaks, the surname is ambiguous.
    write(
        "d.txt",
        "Charity\n\nCherie Blair said the charity would open two schools.\n",
    );
    let idx = Indexed::of(archive.path());
    idx.search(&["schools", "--speaker", "Blair"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Cherie Blair, Tony Blair"));
}

#[test]
fn apostrophes_and_colons_are_words_not_syntax() {
    let idx = corpus();
    // A possessive, with either apostrophe, finds the text written with
    // either.
    for query in [
        "Baku's demand",
        "Baku’s demand",
        "UNESCO's list",
        "Armenia’s constitution",
    ] {
        let out = idx.search_json(&[query]);
        assert!(out.total >= 1, "{query}: {out:?}");
    }
    let straight = idx.search_json(&["Baku's demand"]);
    let curly = idx.search_json(&["Baku’s demand"]);
    assert_eq!(straight.total, curly.total);
    assert!(
        straight.hits.iter().any(|h| h
            .path
            .ends_with("washington-summit-peace-treaty-initialled.txt")),
        "{straight:?}"
    );
    // A colon after a word that is not a field name is part of the word.
    let talks = idx.search_json(&["peace talks"]).total;
    assert!(talks > 0);
    assert_eq!(idx.search_json(&["peace talks:"]).total, talks);
    idx.search(&["said:"]).assert().code(0);
    idx.search(&["Martin O'Neill"]).assert().stderr("");
    // Field names still work, with the short names of the facets' fields.
    let titled = idx.search_json(&["title:minefield"]);
    assert!(
        titled.total >= 1
            && titled
                .hits
                .iter()
                .all(|h| h.title.to_lowercase().contains("minefield"))
    );
    assert_eq!(
        idx.search_json(&["speaker:zakharova"]).total,
        idx.search_json(&["speaker_name:zakharova"]).total
    );
}

#[test]
fn or_binds_tighter_than_and() {
    let idx = corpus();
    let either = idx.search_json(&["Zakharova OR Lavrov", "--all"]).total;
    let with_peace = idx.search_json(&["peace Zakharova OR Lavrov", "--all"]);
    let explicit = idx.search_json(&["peace AND (Zakharova OR Lavrov)", "--all"]);
    assert!(either > with_peace.total && with_peace.total > 0);
    assert_eq!(with_peace.total, explicit.total);
}

#[test]
fn syntax_errors_quote_a_long_query_briefly_and_lenient_says_what_it_left_out() {
    let idx = corpus();
    let long = format!("{}\"unclosed", "minefield ".repeat(10_000));
    let output = idx.search(&[&long]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.len() < 600, "{} bytes: {stderr}", stderr.len());
    assert!(stderr.contains("this quote is never closed"), "{stderr}");
    assert!(stderr.contains("(100009 characters)"), "{stderr}");
    // The caret stands under the quote.
    let lines: Vec<&str> = stderr.lines().collect();
    let caret = lines.iter().position(|l| l.trim() == "^").unwrap();
    let column = lines[caret].chars().count() - 1;
    assert_eq!(lines[caret - 1].chars().nth(column), Some('"'), "{stderr}");

    let output = idx
        .search(&["(minefield OR mines", "--lenient"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "newsdex: left out of the query: '(' at column 1 (this '(' is never closed)\n"
    );
}

#[test]
fn a_negative_limit_and_a_swapped_date_range_are_errors_that_say_so() {
    let idx = corpus();
    for flag in ["--limit", "--offset", "--facets"] {
        idx.search(&["peace", flag, "-1"]).assert().code(2).stderr(
            predicate::str::contains("must be a positive number")
                .and(predicate::str::contains("-- -1").not()),
        );
    }
    idx.search(&["peace", "--since", "2025", "--until", "2024"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "the date range is empty: --since 2025 is after --until 2024",
        ));
    // One period for both ends is a range, not an empty one.
    idx.search(&["*", "--since", "2024-06", "--until", "2024-06"])
        .assert()
        .code(0);
}

/// Runs `newsdex ARGS` with its stdout on a pseudo-terminal `columns`
/// wide, and returns what it printed there.
#[cfg(unix)]
fn on_a_terminal(args: &[&std::ffi::OsStr], columns: u16) -> String {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 40,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors it opened into the pointers
    // given; they are owned below.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned only here.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("NEWSDEX_INDEX")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .stdout(slave)
        .spawn()
        .unwrap();
    let mut master = std::fs::File::from(master);
    let mut printed = Vec::new();
    let mut buffer = [0u8; 4096];
    // The read fails (EIO) once the child has exited and closed its end.
    while let Ok(n) = master.read(&mut buffer) {
        if n == 0 {
            break;
        }
        printed.extend_from_slice(&buffer[..n]);
    }
    child.wait().unwrap();
    String::from_utf8_lossy(&printed).replace('\r', "")
}

#[cfg(unix)]
#[test]
fn human_output_wraps_at_the_terminal_width_and_snippets_end_at_word_boundaries() {
    let idx = corpus();
    let index = idx.index_dir();
    let args: Vec<&std::ffi::OsStr> = ["search", "--index"]
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([index.as_os_str()])
        .chain(["minefields", "-n", "5"].iter().map(std::ffi::OsStr::new))
        .collect();
    let printed = on_a_terminal(&args, 80);
    let lines: Vec<&str> = printed.lines().collect();
    assert!(lines.len() > 20, "{printed}");
    // Every line fits, except the path lines, which are never broken.
    for line in &lines {
        assert!(
            line.chars().count() <= 80 || line.contains("/sample-corpus/"),
            "{} columns: {line}",
            line.chars().count()
        );
    }
    // Lines break between words: every word of the piped output is whole
    // in the terminal's.
    let piped = String::from_utf8(
        idx.search(&["minefields", "-n", "5"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let words =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_string).collect() };
    assert_eq!(words(&printed), words(&piped));
    assert!(
        piped.lines().any(|l| l.chars().count() > 80),
        "piped output is not wrapped"
    );

    // Snippets: whole words, no doubled blanks, an ellipsis where cut.
    let out = idx.search_json(&["*", "--all"]);
    for hit in &out.hits {
        let snippet = &hit.snippet;
        assert!(!snippet.contains("  "), "{snippet}");
        let body_words: std::collections::HashSet<String> = std::fs::read_to_string(&hit.path)
            .map(|text| {
                text.split(|c: char| !c.is_alphanumeric())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if body_words.is_empty() {
            continue; // a compressed file
        }
        let first = snippet
            .trim_start_matches('\u{2026}')
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap();
        let last = snippet
            .trim_end_matches('\u{2026}')
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap();
        assert!(
            body_words.contains(first) || first.is_empty(),
            "{first:?} in {snippet}"
        );
        assert!(body_words.contains(last), "{last:?} in {snippet}");
        let ends_sentence = snippet
            .trim_end_matches(['"', '\u{201D}', '\'', ')'])
            .ends_with(['.', '!', '?', ':']);
        assert!(ends_sentence || snippet.ends_with('\u{2026}'), "{snippet}");
    }
}

#[test]
fn accents_and_other_marks_are_ignored_in_words_and_names() {
    let idx = corpus();
    for (plain, marked) in [
        ("Erdogan", "Erdoğan"),
        ("Kirkpinar", "Kırkpınar"),
        ("Jorgensen", "Jørgensen"),
    ] {
        let with = idx.search_json(&[marked, "--all"]);
        let without = idx.search_json(&[plain, "--all"]);
        assert!(with.total > 0, "{marked}");
        assert_eq!(with.total, without.total, "{plain} and {marked}");
    }
    assert_eq!(
        idx.search_json(&["speaker:erdogan"]).total,
        idx.search_json(&["speaker:Erdoğan"]).total
    );
    assert!(idx.search_json(&["speaker:erdogan"]).total > 0);
}
