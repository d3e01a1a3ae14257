//! End to end: dates, sorting, paging and export formats of `search`, and
//! the `facets`, `show`, `similar`, `stats`, `completions` and `man`
//! commands, over the sample corpus.

use std::sync::OnceLock;

use crate::common::{newsdex, sample_corpus, Indexed};
use predicates::prelude::*;

fn corpus_index() -> &'static Indexed {
    static INDEX: OnceLock<Indexed> = OnceLock::new();
    INDEX.get_or_init(|| Indexed::of(&sample_corpus()))
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn date_filters_keep_only_articles_of_the_period() {
    let idx = corpus_index();
    let all = idx.search_json(&["*", "--all"]);
    let dated: Vec<&str> = all
        .hits
        .iter()
        .filter_map(|h| h.published.as_deref())
        .collect();
    let in_2024 = dated.iter().filter(|d| d.starts_with("2024")).count();
    assert!(in_2024 > 0 && in_2024 < dated.len());
    let out = idx.search_json(&["*", "--since", "2024", "--until", "2024", "--all"]);
    assert_eq!(out.total as usize, in_2024);
    assert!(out
        .hits
        .iter()
        .all(|h| h.published.as_deref().unwrap().starts_with("2024")));
    // A month, and a day
    let dec = dated.iter().filter(|d| d.starts_with("2024-12")).count();
    let out = idx.search_json(&["*", "--since", "2024-12", "--until", "2024-12"]);
    assert_eq!(out.total as usize, dec);
    let first = dated.iter().min().unwrap();
    let out = idx.search_json(&["*", "--since", &first[..10], "--until", &first[..10]]);
    assert!(out.total >= 1);
    assert!(out
        .hits
        .iter()
        .all(|h| h.published.as_deref().unwrap()[..10] == first[..10]));
    // Undated articles never match a date filter.
    let since_ever = idx.search_json(&["*", "--since", "1900"]);
    assert_eq!(since_ever.total as usize, dated.len());
    idx.search(&["*", "--since", "last week"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "write 2024, 2024-12 or 2024-12-26",
        ));
}

#[test]
fn sorting_by_date_and_paging() {
    let idx = corpus_index();
    let newest = idx.search_json(&["*", "--sort", "newest", "--limit", "50"]);
    let dates: Vec<&str> = newest
        .hits
        .iter()
        .filter_map(|h| h.published.as_deref())
        .collect();
    assert!(dates.len() > 5);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(newest.hits.iter().all(|h| h.score.is_none()));
    let oldest = idx.search_json(&["*", "--sort", "oldest", "--limit", "50"]);
    let dates: Vec<&str> = oldest
        .hits
        .iter()
        .filter_map(|h| h.published.as_deref())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    // Pages put together give the unpaged list.
    let whole = idx.search_json(&["minefield OR talks", "--limit", "9"]);
    let page1 = idx.search_json(&["minefield OR talks", "--limit", "4"]);
    let page2 = idx.search_json(&["minefield OR talks", "--limit", "5", "--offset", "4"]);
    assert_eq!(page2.offset, 4);
    let ids =
        |o: &crate::common::SearchOutput| o.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    assert_eq!([ids(&page1), ids(&page2)].concat(), ids(&whole));
    // --all gives every hit.
    let all = idx.search_json(&["minefield OR talks", "--all"]);
    assert_eq!(all.hits.len() as u64, all.total);
    assert!(all.total > 9);
}

#[test]
fn jsonl_and_csv_exports_hold_every_hit() {
    let idx = corpus_index();
    let total = idx.search_json(&["Azerbaijan", "--all"]).total as usize;
    let jsonl = stdout_of(&mut idx.search(&["Azerbaijan", "--all", "--format", "jsonl"]));
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), total);
    assert!(lines
        .iter()
        .all(|l| l["id"].is_string() && l["title"].is_string()));

    let csv_text = stdout_of(&mut idx.search(&["Azerbaijan", "--all", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "rank",
            "id",
            "score",
            "published",
            "title",
            "sources",
            "speakers",
            "path",
            "url",
            "snippet",
            "also_published_by",
            "authors",
            "language",
            "site"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total);
    // Quotes and commas inside fields survive the round trip.
    assert!(rows
        .iter()
        .any(|r| r[9].contains('"') || r[9].contains(',')));
    for (i, (row, line)) in rows.iter().zip(&lines).enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
        assert_eq!(&row[1], line["id"].as_str().unwrap());
        assert_eq!(&row[4], line["title"].as_str().unwrap());
        assert_eq!(&row[9], line["snippet"].as_str().unwrap());
    }
}

#[test]
fn facets_count_articles_per_source_and_speaker() {
    let idx = corpus_index();
    let search = idx.search_json(&["minefield"]);
    let out = stdout_of(
        newsdex()
            .args(["facets", "minefield", "--limit", "0", "--json", "--index"])
            .arg(idx.index_dir()),
    );
    let facets: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(facets["total"], search.total);
    let names = |v: &serde_json::Value| -> Vec<(String, u64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let expected = |list: &[crate::common::FacetOutput]| -> Vec<(String, u64)> {
        list.iter().map(|c| (c.name.clone(), c.count)).collect()
    };
    assert_eq!(names(&facets["sources"]), expected(&search.facets.sources));
    assert_eq!(
        names(&facets["speakers"]),
        expected(&search.facets.speakers)
    );
    // Each count is the number of articles a filtered search finds.
    for (name, count) in names(&facets["sources"]) {
        let filtered = idx.search_json(&["minefield", "--source", &name]);
        assert_eq!(filtered.total, count, "{name}");
    }
    // One field, limited, for people.
    let text = stdout_of(
        newsdex()
            .args(["facets", "--field", "speaker", "--limit", "3", "--index"])
            .arg(idx.index_dir()),
    );
    assert!(text.starts_with("Speakers ("), "{text}");
    assert!(!text.contains("Sources"), "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("  ") && !l.contains("more"))
            .count(),
        3
    );
}

#[test]
fn show_prints_the_whole_article_and_similar_finds_related_ones() {
    let idx = corpus_index();
    let hit = idx
        .search_json(&["\"minefield maps\" Suleymanov"])
        .hits
        .remove(0);
    let out = stdout_of(
        newsdex()
            .args(["show", &hit.id, "--json", "--explain", "--index"])
            .arg(idx.index_dir()),
    );
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["title"], hit.title.as_str());
    let file = std::fs::read_to_string(&hit.path).unwrap();
    let body = shown["body"].as_str().unwrap();
    assert!(body.len() > 500 && file.contains(&body[..200]));
    assert!(file.trim_end().ends_with(&body[body.len() - 100..]));
    assert!(shown["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Vugar Suleymanov"));
    newsdex()
        .args(["show", "0000000000000000", "--index"])
        .arg(idx.index_dir())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no article '0000000000000000' in the index",
        ));
    // A show is the article, not a search hit.
    assert!(
        shown.get("score").is_none() && shown.get("snippet").is_none(),
        "{shown}"
    );

    let similar = stdout_of(
        newsdex()
            .args(["similar", &hit.id, "--json", "--limit", "3", "--index"])
            .arg(idx.index_dir()),
    );
    let similar: crate::common::SearchOutput = serde_json::from_str(&similar).unwrap();
    assert!(!similar.hits.is_empty());
    assert!(similar.hits.iter().all(|h| h.id != hit.id));
    // The most similar articles to a demining story are about mines.
    assert!(
        similar.hits[0].title.to_lowercase().contains("mine"),
        "{:?}",
        similar.hits[0].title
    );
    // The same article has the same neighbours every time, in every
    // process (words of equal weight are chosen in a fixed order).
    let runs: Vec<String> = (0..6)
        .map(|_| {
            stdout_of(
                newsdex()
                    .args(["similar", &hit.id, "--json", "--limit", "10", "--index"])
                    .arg(idx.index_dir()),
            )
        })
        .collect();
    assert!(runs.windows(2).all(|w| w[0] == w[1]), "{runs:#?}");
}

#[test]
fn stats_describe_the_index() {
    let idx = corpus_index();
    let out = stdout_of(
        newsdex()
            .args(["stats", "--json", "--index"])
            .arg(idx.index_dir()),
    );
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = idx.search_json(&["*", "--all", "--facets", "all"]);
    assert_eq!(stats["articles"], all.total);
    let dated = all.hits.iter().filter(|h| h.published.is_some()).count();
    assert_eq!(stats["dated_articles"], dated as u64);
    let min = all.hits.iter().filter_map(|h| h.published.clone()).min();
    assert_eq!(stats["earliest"].as_str().map(String::from), min);
    assert_eq!(stats["sources"], all.facets.sources.len() as u64);
    assert_eq!(stats["speakers"], all.facets.speakers.len() as u64);
    assert!(stats["size_bytes"].as_u64().unwrap() > 10_000);
    assert!(stats["last_update"].as_str().unwrap().starts_with("20"));
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let bash = stdout_of(newsdex().args(["completions", "bash"]));
    for word in ["search", "--since", "--said-by", "facets", "--format"] {
        assert!(bash.contains(word), "{word}");
    }
    let man = stdout_of(newsdex().arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH newsdex 1"));
    assert!(man.contains("search"));
}

#[test]
fn outlet_groups_stand_for_their_outlets() {
    let idx = corpus_index();
    let groups = idx.dir.path().join("my-groups.txt");
    std::fs::write(&groups, "# regional\ncaucasus = Trend, Report.az\n").unwrap();
    let groups = groups.to_str().unwrap();
    let by_group = idx.search_json(&["*", "--groups", groups, "--source", "@caucasus"]);
    let by_names = idx.search_json(&["*", "--source", "Trend", "--source", "Report.az"]);
    assert!(by_group.total > 0);
    assert_eq!(by_group.total, by_names.total);
    idx.search(&["*", "--groups", groups, "--source", "@nowhere"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no outlet group '@nowhere'; the groups are: @caucasus",
        ));
}

#[test]
fn misspelt_filters_get_a_suggestion() {
    let idx = corpus_index();
    idx.search(&["*", "--source", "Trned"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no source 'Trned' in the index; did you mean Trend?",
        ));
    idx.search(&["*", "--speaker", "Zakharva"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean Maria Zakharova?"));
    // Nothing close: no suggestion.
    idx.search(&["*", "--speaker", "Qwertyuiop"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no speaker 'Qwertyuiop' in the index\n",
        ));
}

#[test]
fn syntax_errors_point_at_the_problem_and_lenient_runs_the_rest() {
    let idx = corpus_index();
    idx.search(&["\"minefield maps"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "this quote is never closed\n  \"minefield maps\n  ^",
        ));
    idx.search(&["(minefield OR mines"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("this '(' is never closed"));
    let lenient = idx
        .search(&["\"minefield maps", "--lenient", "--json"])
        .output()
        .unwrap();
    assert_eq!(lenient.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&lenient.stderr).contains("left out of the query"));
}

#[test]
fn fuzzy_terms_forgive_typos() {
    let idx = corpus_index();
    let exact = idx.search_json(&["Zakharova", "--all"]);
    assert_eq!(idx.search_json(&["Zaharova"]).total, 0);
    let fuzzy = idx.search_json(&["Zaharova~1", "--all"]);
    assert_eq!(fuzzy.total, exact.total);
    // Combined with other terms, and excluded.
    let both = idx.search_json(&["Zaharova~1 Mirzoyan"]).total;
    let both_exact = idx.search_json(&["Zakharova Mirzoyan"]).total;
    assert_eq!(both, both_exact);
    let without = idx.search_json(&["* -Zaharova~1", "--all"]).total;
    let everything = idx.search_json(&["*"]).total;
    assert_eq!(without, everything - exact.total);
}

#[test]
fn histograms_count_matches_per_period_with_their_share() {
    let idx = corpus_index();
    let out = stdout_of(&mut idx.search(&["Azerbaijan", "--histogram", "month", "--json"]));
    let histogram: serde_json::Value = serde_json::from_str(&out).unwrap();
    let series = histogram["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    let periods = series[0]["periods"].as_array().unwrap();
    let counted: u64 = periods.iter().map(|p| p["count"].as_u64().unwrap()).sum();
    let undated = series[0]["undated"].as_u64().unwrap();
    assert_eq!(counted + undated, histogram["total"].as_u64().unwrap());
    // Consecutive months, gaps included; each share is count / total, and
    // each total is what a date-filtered search of everything finds.
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    for pair in labels.windows(2) {
        let (y0, m0) = (
            pair[0][..4].parse::<u32>().unwrap(),
            pair[0][5..].parse::<u32>().unwrap(),
        );
        let (y1, m1) = (
            pair[1][..4].parse::<u32>().unwrap(),
            pair[1][5..].parse::<u32>().unwrap(),
        );
        assert_eq!(y1 * 12 + m1, y0 * 12 + m0 + 1, "{labels:?}");
    }
    for p in periods {
        let (count, total) = (p["count"].as_u64().unwrap(), p["total"].as_u64().unwrap());
        let month = p["period"].as_str().unwrap();
        assert_eq!(
            total,
            idx.search_json(&["*", "--since", month, "--until", month])
                .total
        );
        assert_eq!(
            count,
            idx.search_json(&["Azerbaijan", "--since", month, "--until", month])
                .total
        );
        if total > 0 {
            assert!((p["share"].as_f64().unwrap() - count as f64 / total as f64).abs() < 1e-9);
        }
    }
    // One series per source, as CSV.
    let csv_text = stdout_of(&mut idx.search(&[
        "*",
        "--histogram",
        "year",
        "--source",
        "Trend",
        "--source",
        "Reuters",
        "--format",
        "csv",
    ]));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["source", "period", "count", "total", "share"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let sources: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        sources.into_iter().collect::<Vec<_>>(),
        ["Reuters", "Trend"]
    );
    // The bar chart for people.
    let chart = stdout_of(&mut idx.search(&["Azerbaijan", "--histogram", "year"]));
    assert!(
        chart.contains('\u{2588}') && chart.contains("% of"),
        "{chart}"
    );
}

#[test]
fn syndicated_copies_are_shown_once_with_their_outlets() {
    let idx = corpus_index();
    let collapsed = idx.search_json(&["delimitation Mustafayev Grigoryan"]);
    let all = idx.search_json(&["delimitation Mustafayev Grigoryan", "--no-collapse"]);
    assert_eq!(collapsed.total, all.total);
    let copies_in = |o: &crate::common::SearchOutput| {
        o.hits
            .iter()
            .filter(|h| h.title.contains("ommissions"))
            .count()
    };
    assert_eq!(copies_in(&all), 3);
    assert_eq!(copies_in(&collapsed), 1);
    let story = collapsed
        .hits
        .iter()
        .find(|h| h.title.contains("ommissions"))
        .unwrap();
    let mut outlets: Vec<&str> = story
        .sources
        .iter()
        .chain(&story.also_published_by)
        .map(String::as_str)
        .collect();
    outlets.sort();
    assert_eq!(outlets, ["APA", "Report.az", "Trend"]);
    assert_eq!(story.copies.len(), 2);
    // Different stories on the same subject are not copies.
    assert!(all
        .hits
        .iter()
        .filter(|h| !h.title.contains("ommissions"))
        .all(|h| h.copies.is_empty()));
    assert!(all
        .hits
        .iter()
        .all(|h| h.copies.is_empty() || h.title.contains("ommissions")));
    let text = String::from_utf8(
        idx.search(&["delimitation Mustafayev Grigoryan"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("also published by: "), "{text}");
}

#[test]
fn said_by_searches_only_what_the_speaker_said() {
    let idx = corpus_index();
    // Suleymanov speaks in two articles about minefields, but only in one
    // does he speak of minefields himself.
    let spoke = idx.search_json(&["minefield", "--speaker", "Suleymanov", "--all"]);
    let said = idx.search_json(&["minefield", "--said-by", "Suleymanov", "--all"]);
    assert!(
        spoke.total > said.total,
        "{} vs {}",
        spoke.total,
        said.total
    );
    assert!(said.total >= 1);
    for hit in &said.hits {
        assert!(hit.speakers.contains(&"Vugar Suleymanov".to_string()));
        // The snippet is his statement, and holds the query word.
        let lower = hit.snippet.to_lowercase();
        assert!(lower.contains("minefield"), "{}", hit.snippet);
        let (start, end) = hit.highlights[0];
        assert!(hit.snippet[start..end]
            .to_lowercase()
            .starts_with("minefield"));
        let text = std::fs::read_to_string(&hit.path).unwrap();
        assert!(text.contains(&hit.snippet[..60]), "{}", hit.snippet);
    }
    // Phrases work inside statements too, and a surname is enough.
    let phrase = idx.search_json(&["\"minefield maps\"", "--said-by", "Suleymanov"]);
    assert!(phrase.total >= 1);
    // Words another person said do not count.
    let zakharova = idx.search_json(&["minefield", "--said-by", "Maria Zakharova"]);
    assert_eq!(zakharova.total, 0);
    idx.search(&["peace", "--said-by", "Zakharva"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean Maria Zakharova?"));
}

#[test]
fn human_output_prints_ids_that_show_and_similar_accept() {
    let idx = corpus_index();
    let human = stdout_of(&mut idx.search(&["\"minefield maps\" Suleymanov", "-n", "1"]));
    let hit = idx
        .search_json(&["\"minefield maps\" Suleymanov"])
        .hits
        .remove(0);
    let short = &hit.id[..8];
    assert!(
        human.contains(&format!("     {short}  {}\n", hit.path)),
        "{human}"
    );
    // The short id, in any case, names the article for show and similar.
    for given in [short.to_string(), short.to_uppercase(), hit.id.clone()] {
        let shown = stdout_of(
            newsdex()
                .args(["show", &given, "--index"])
                .arg(idx.index_dir()),
        );
        assert!(
            shown.starts_with(&format!("{}\nid:        {}\n", hit.title, hit.id)),
            "{shown}"
        );
        newsdex()
            .args(["similar", &given, "-n", "1", "--index"])
            .arg(idx.index_dir())
            .assert()
            .code(0);
    }
    // A record of a JSON Lines file is FILE#N, in hits and for show.
    let feed = idx.search_json(&["*", "--all"]);
    let record = feed
        .hits
        .iter()
        .find(|h| h.path.ends_with(".jsonl"))
        .unwrap();
    let line = record.record.expect("a JSON Lines record has its line");
    let all = stdout_of(&mut idx.search(&["*", "--all"]));
    assert!(
        all.contains(&format!("  {}#{line}\n", record.path)),
        "{all}"
    );
    let shown = stdout_of(
        newsdex()
            .args([
                "show",
                &format!("{}#{line}", record.path),
                "--json",
                "--index",
            ])
            .arg(idx.index_dir()),
    );
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["id"], record.id.as_str());
}

#[test]
fn an_id_prefix_shared_by_several_articles_is_ambiguous() {
    // Enough articles for some ids to share their first four characters.
    let archive = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for n in 0..3000 {
        lines.push_str(&format!(
            "{{\"title\": \"Story {n}\", \"body\": \"Text {n}.\"}}\n"
        ));
    }
    std::fs::write(archive.path().join("feed.jsonl"), lines).unwrap();
    let idx = Indexed::of(archive.path());
    let mut ids: Vec<String> = idx
        .search_json(&["*", "--all"])
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    let shared = ids
        .windows(2)
        .find(|pair| pair[0][..4] == pair[1][..4])
        .expect("3000 ids share a four-character start");
    newsdex()
        .args(["show", &shared[0][..4], "--index"])
        .arg(idx.index_dir())
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("is the start of several articles' ids; give more of it")
                .and(predicates::str::contains(&shared[0]))
                .and(predicates::str::contains(&shared[1])),
        );
    // Human output prints as much of each id as it takes to be unique.
    let human = stdout_of(&mut idx.search(&["*", "--all"]));
    for id in [&shared[0], &shared[1]] {
        let printed = human
            .lines()
            .find_map(|l| l.trim_start().strip_prefix(&id[..8]).map(|rest| (l, rest)))
            .map(|(line, _)| line.trim_start().split(' ').next().unwrap().to_string())
            .unwrap();
        assert!(id.starts_with(&printed));
        newsdex()
            .args(["show", &printed, "--index"])
            .arg(idx.index_dir())
            .assert()
            .code(0);
    }
}

#[test]
fn the_count_line_says_how_many_copies_were_folded() {
    let idx = corpus_index();
    let out = idx.search_json(&["minefields", "--limit", "20"]);
    let (total, stories) = (out.total, out.stories.unwrap());
    assert!(stories < total, "{out:?}");
    assert_eq!(out.copies_folded, total - stories);
    assert_eq!(out.hits.len() as u64, stories);
    let count_line = |args: &[&str]| -> String {
        let text = stdout_of(&mut idx.search(args));
        text.lines()
            .find(|l| l.contains("match"))
            .unwrap()
            .to_string()
    };
    let folded = total - stories;
    assert_eq!(
        count_line(&["minefields", "--limit", "20"]),
        format!("{total} articles match, {stories} stories; {folded} copies folded into them (--no-collapse shows every article).")
    );
    assert_eq!(
        count_line(&["minefields", "--offset", &stories.to_string()]),
        format!("{total} articles match, {stories} stories; none shown after --offset {stories}; {folded} copies folded into them (--no-collapse shows every article).")
    );
    assert_eq!(
        count_line(&["minefields", "--limit", "2"]),
        format!("{total} articles match, {stories} stories; the best 2 are shown; {folded} copies folded into them (--no-collapse shows every article; --limit and --offset show more).")
    );
    assert_eq!(
        count_line(&["minefields", "--no-collapse", "--limit", "20"]),
        format!("{total} articles match.")
    );
    assert_eq!(
        count_line(&["minefields", "--no-collapse", "--limit", "1"]),
        format!(
            "{total} articles match; the best is shown (--limit, --offset and --all show more)."
        )
    );
    // One article: singular.
    let one = idx.search_json(&["Kocadağ"]);
    assert_eq!(one.total, 1, "{one:?}");
    assert_eq!(count_line(&["Kocadağ"]), "1 article matches.");
}

#[test]
fn facet_lines_list_as_many_names_as_counted_and_how_many_more() {
    let idx = corpus_index();
    let facets: serde_json::Value = serde_json::from_str(&stdout_of(
        newsdex()
            .args(["facets", "peace", "--limit", "3", "--json", "--index"])
            .arg(idx.index_dir()),
    ))
    .unwrap();
    let distinct_speakers = facets["distinct_speakers"].as_u64().expect("counted");
    let distinct_sources = facets["distinct_sources"].as_u64().expect("counted");
    assert!(distinct_speakers > 3 && distinct_sources > 3, "{facets}");
    let line = |args: &[&str], prefix: &str| -> String {
        let text = stdout_of(&mut idx.search(args));
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap()
            .to_string()
    };
    // --facets all: every name.
    let all = line(&["peace", "--facets", "all"], "By speaker: ");
    assert_eq!(all.matches(" (").count() as u64, distinct_speakers, "{all}");
    assert!(!all.contains("more"));
    // --facets 0: none counted, the same hits.
    let none = stdout_of(&mut idx.search(&["peace", "--facets", "0"]));
    assert!(
        !none.contains("By speaker:") && !none.contains("By source:"),
        "{none}"
    );
    let counted = idx.search_json(&["peace"]);
    let uncounted = idx.search_json(&["peace", "--facets", "0"]);
    assert_eq!(uncounted.total, counted.total);
    assert!(uncounted.facets.sources.is_empty() && uncounted.facets.speakers.is_empty());
    let ids = |out: &crate::common::SearchOutput| -> Vec<String> {
        out.hits.iter().map(|h| h.id.clone()).collect()
    };
    assert_eq!(ids(&uncounted), ids(&counted));
    // --facets 3: three names, and how many others.
    let three = line(&["peace", "--facets", "3"], "By source:  ");
    assert_eq!(three.matches(" (").count(), 3, "{three}");
    assert!(
        three.ends_with(&format!(", and {} more", distinct_sources - 3)),
        "{three}"
    );
    // The default counts 20 of each, as the README says.
    let default = line(&["*"], "By speaker: ");
    assert_eq!(default.matches(" (").count(), 20, "{default}");
    // `facets` always says how many there are.
    let text = stdout_of(
        newsdex()
            .args(["facets", "--field", "speaker", "-n", "5", "--index"])
            .arg(idx.index_dir()),
    );
    let everyone: serde_json::Value = serde_json::from_str(&stdout_of(
        newsdex()
            .args(["facets", "--json", "-n", "1", "--index"])
            .arg(idx.index_dir()),
    ))
    .unwrap();
    let speakers = everyone["distinct_speakers"].as_u64().unwrap();
    assert!(
        text.contains(&format!(
            "  ... and {} more (--limit 0 lists all)",
            speakers - 5
        )),
        "{text}"
    );
    assert!(!text.contains("maybe"));
}

#[test]
fn help_states_each_default_once() {
    for command in ["search", "index", "facets", "show", "similar", "stats"] {
        let help = stdout_of(newsdex().args([command, "--help"]));
        assert!(
            help.contains("[default: $NEWSDEX_INDEX, else ./newsdex-index]"),
            "{command}: {help}"
        );
        assert!(!help.contains("[env: NEWSDEX_INDEX"), "{command}: {help}");
        assert!(
            !help.contains("[default: newsdex-index]"),
            "{command}: {help}"
        );
    }
}

#[test]
fn said_by_with_everything_or_only_exclusions() {
    let idx = corpus_index();
    let quoting = idx.search_json(&["*", "--speaker", "Zakharova", "--all"]);
    let everything = idx.search_json(&["*", "--said-by", "Zakharova", "--all"]);
    assert!(everything.total > 0);
    assert_eq!(everything.total, quoting.total);
    let about_peace = idx
        .search_json(&["peace", "--said-by", "Zakharova", "--all"])
        .total;
    let not_peace = idx
        .search_json(&["-peace", "--said-by", "Zakharova", "--all"])
        .total;
    assert_eq!(about_peace + not_peace, everything.total);
    idx.search(&["*", "--said-by", "Zakharova", "--histogram", "year"])
        .assert()
        .code(0);
}

#[test]
fn a_field_with_a_star_is_every_article_and_a_lone_exclusion_every_other() {
    let idx = corpus_index();
    let all = idx.search_json(&["*", "--all"]).total;
    assert_eq!(idx.search_json(&["body:*", "--all"]).total, all);
    assert_eq!(idx.search_json(&["title:*", "--all"]).total, all);
    let peace = idx.search_json(&["peace", "--all"]).total;
    assert!(peace > 0);
    assert_eq!(idx.search_json(&["-peace", "--all"]).total, all - peace);
    assert_eq!(idx.search_json(&["NOT peace", "--all"]).total, all - peace);
}

#[test]
fn said_by_matches_words_inside_the_speakers_statements_only() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    std::fs::write(
        archive.join("harbour.txt"),
        "Harbour talks resume\n\n\
         The harbour board met on Tuesday to discuss the dredging contract and the ferry timetable.\n\n\
         \"The dredging will start in spring,\" Ines Moreau said.\n\n\
         \"Nobody will lose a berth while it runs.\n\n\
         Ferry operators were not consulted, the union noted in a letter.\n\n\
         Tomas Berg said the timetable would change in May.\n",
    )
    .unwrap();
    let idx = Indexed::of(&archive);
    let total = |args: &[&str]| idx.search_json(args).total;
    // Her statement, and the quoted paragraph that continues it.
    assert_eq!(total(&["dredging", "--said-by", "Ines Moreau"]), 1);
    assert_eq!(total(&["berth", "--said-by", "Moreau"]), 1);
    assert_eq!(total(&["\"start in spring\"", "--said-by", "Moreau"]), 1);
    // Words of the article she did not say, and his words.
    assert_eq!(total(&["contract"]), 1);
    assert_eq!(total(&["contract", "--said-by", "Moreau"]), 0);
    assert_eq!(total(&["operators", "--said-by", "Moreau"]), 0);
    assert_eq!(total(&["timetable", "--said-by", "Moreau"]), 0);
    assert_eq!(total(&["timetable", "--said-by", "Tomas Berg"]), 1);
    // A phrase running out of her statement into the next paragraph.
    assert_eq!(total(&["\"runs ferry operators\""]), 1);
    assert_eq!(
        total(&["\"runs ferry operators\"", "--said-by", "Moreau"]),
        0
    );
    // Exclusions and `*` are taken within what she said.
    assert_eq!(total(&["-contract", "--said-by", "Moreau"]), 1);
    assert_eq!(total(&["-berth", "--said-by", "Moreau"]), 0);
    assert_eq!(total(&["*", "--said-by", "Moreau"]), 1);
}
