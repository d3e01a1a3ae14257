//! End to end: articles in several languages, each stemmed as its own
//! language and found by a query in it; the language and the authors as
//! facets, filters (`--lang`, `--author`) and fields of every hit.

use crate::common::{index_cmd, newsdex, sample_corpus, Indexed};

const RUSSIAN: &str = "Комиссии по делимитации границы провели новый раунд встреч в Габале";
const TURKISH: &str = "Sınır kapısının yeniden açılması için teknik görüşmeler sürüyor";

fn titles(idx: &Indexed, args: &[&str]) -> Vec<String> {
    idx.search_json(args)
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

#[test]
fn a_query_finds_other_forms_of_its_word_in_the_articles_language() {
    let idx = Indexed::of(&sample_corpus());
    // The Russian article says "переговоры" (talks); the query asks for
    // "переговорах" (in talks). Neither form is in the other.
    let found = idx.search_json(&["переговорах"]);
    assert_eq!(found.total, 1);
    let hit = &found.hits[0];
    assert_eq!(hit.title, RUSSIAN);
    assert_eq!(hit.language.as_deref(), Some("ru"));
    assert!(hit.snippet.contains("переговоры"), "{hit:?}");
    assert!(!hit.highlights.is_empty(), "{hit:?}");
    // Its source comes from its metadata; extraction reads English only.
    assert_eq!(hit.sources, ["TASS"]);
    assert!(hit.speakers.is_empty(), "{hit:?}");
    // Turkish: "görüşmeler" (talks) is found by "görüşmelerde" (in talks),
    // also in the title field alone.
    assert_eq!(titles(&idx, &["görüşmelerde"]), [TURKISH]);
    assert_eq!(titles(&idx, &["title:görüşmelerde"]), [TURKISH]);
    assert_eq!(titles(&idx, &["body:переговорах"]), [RUSSIAN]);
    // A phrase in another language.
    assert_eq!(titles(&idx, &["\"teknik görüşmeler\""]), [TURKISH]);
    // English queries still stem as English: "talk" finds "talks".
    let english = idx.search_json(&["talk", "--all"]);
    assert!(english.total >= 3, "{english:?}");
    assert!(english
        .hits
        .iter()
        .all(|h| h.language.as_deref() == Some("en")));
}

#[test]
fn languages_are_a_facet_and_a_filter() {
    let idx = Indexed::of(&sample_corpus());
    let all = idx.search_json(&["*", "--all"]);
    let count = |code: &str| {
        all.facets
            .languages
            .iter()
            .find(|f| f.name == code)
            .map_or(0, |f| f.count)
    };
    assert_eq!(count("ru"), 1);
    assert_eq!(count("tr"), 1);
    assert_eq!(count("en"), all.total - 2);
    assert_eq!(titles(&idx, &["*", "--lang", "ru"]), [RUSSIAN]);
    assert_eq!(titles(&idx, &["*", "--lang", "Turkish"]), [TURKISH]);
    let both = idx.search_json(&["*", "--lang", "ru", "--lang", "tr"]);
    assert_eq!(both.total, 2);
    // A language the index does not hold: nothing, and a message naming
    // the languages it does hold.
    idx.search(&["*", "--lang", "de"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no article in language 'de' in the index (it holds: en, ru, tr)",
        ));
    idx.search(&["*", "--lang", "klingon"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("'klingon' is not a language"));
    // Human output marks an article that is not in English.
    idx.search(&["переговорах"])
        .assert()
        .success()
        .stdout(predicates::str::contains("2025-07-15  [ru]"));
    newsdex()
        .args(["facets", "--field", "language", "--index"])
        .arg(idx.index_dir())
        .assert()
        .success()
        .stdout(predicates::str::contains("Languages (3 in"))
        .stdout(predicates::str::contains("1  ru"));
}

#[test]
fn authors_are_a_facet_a_filter_and_searchable() {
    let idx = Indexed::of(&sample_corpus());
    let by = idx.search_json(&["*", "--author", "Arne Kvale"]);
    assert_eq!(by.total, 1);
    assert_eq!(by.hits[0].authors, ["Arne Kvale"]);
    assert_eq!(
        by.hits[0].title,
        "Quay workers test the new crane ahead of winter"
    );
    // A surname stands for the one author with it.
    assert_eq!(idx.search_json(&["*", "--author", "kvale"]).total, 1);
    // author: searches the names as words.
    let named = idx.search_json(&["author:brennan"]);
    assert_eq!(named.total, 2);
    assert!(named
        .hits
        .iter()
        .all(|h| h.authors.iter().any(|a| a == "Tomas Brennan")));
    let all = idx.search_json(&["*", "--all"]);
    assert!(all
        .facets
        .authors
        .iter()
        .any(|f| f.name == "Tomas Brennan" && f.count == 2));
    idx.search(&["*", "--author", "Brenan"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no author 'Brenan' in the index; did you mean Tomas Brennan?",
        ));
    // CSV carries them too.
    let csv = idx
        .search(&["*", "--author", "Kvale", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",authors,language,site"));
    assert!(lines
        .next()
        .unwrap()
        .ends_with(",Arne Kvale,en,northcoastpost.example"));
}

#[test]
fn language_comes_from_metadata_before_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    // Metadata says German for a German text; metadata wins even where
    // the text is too short to tell; a Russian text without metadata is
    // detected.
    std::fs::write(
        archive.join("a.jsonl"),
        concat!(
            "{\"title\": \"Verhandlungen\", \"text\": \"Die Verhandlungen über den Grenzübergang wurden am Dienstag fortgesetzt.\", \"language\": \"de-DE\"}\n",
            "{\"title\": \"Kurz\", \"text\": \"Ja.\", \"lang\": \"deu\"}\n",
            "{\"title\": \"Без метаданных\", \"text\": \"Переговоры о восстановлении железнодорожного сообщения продолжатся в следующем месяце.\"}\n",
        ),
    )
    .unwrap();
    let index = tmp.path().join("idx");
    index_cmd(&index, &archive).assert().success();
    let idx = Indexed { dir: tmp };
    let all = idx.search_json(&["*", "--all"]);
    let language = |title: &str| {
        all.hits
            .iter()
            .find(|h| h.title == title)
            .unwrap()
            .language
            .clone()
    };
    assert_eq!(language("Verhandlungen").as_deref(), Some("de"));
    assert_eq!(language("Kurz").as_deref(), Some("de"));
    assert_eq!(language("Без метаданных").as_deref(), Some("ru"));
    // German stemming: "Verhandlung" finds "Verhandlungen".
    assert_eq!(titles(&idx, &["Verhandlung"]), ["Verhandlungen"]);
    assert_eq!(titles(&idx, &["переговорах"]), ["Без метаданных"]);
}
