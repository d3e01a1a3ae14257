//! `baseline`: the same corpus indexed by tantivy alone, as the yardstick
//! for `newsdex index`.
//!
//! The schema has newsdex's text fields with the same options (title and
//! body: newsdex's text analyzer, positions, stored (newsdex keeps the
//! body's stored copy in a field of its own, `text`: one copy either way);
//! the date indexed, stored and fast;
//! url stored; id indexed and stored) but no speaker or source fields, no
//! extraction, no file path and no delete-before-add bookkeeping. Files are
//! read and parsed in parallel on rayon's pool, as newsdex does, and the
//! writer gets the same thread count and memory budget. With
//! `--delete-before-add` it also deletes each file's path and each
//! article's id before adding, as newsdex does, which measures that
//! bookkeeping on its own.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;
use serde::Deserialize;
use tantivy::schema::{
    DateOptions, DateTimePrecision, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
    STORED, STRING,
};
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A record of a generated corpus.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// The bare schema and its fields: (schema, id, title, body, date, url).
fn schema() -> (Schema, [tantivy::schema::Field; 5]) {
    let mut builder = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(newsdex::schema::TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    // As newsdex keeps it: indexed, stored and a fast column.
    let id = builder.add_text_field("id", (STRING | STORED).set_fast("raw"));
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let date = builder.add_date_field(
        "published",
        DateOptions::default()
            .set_precision(DateTimePrecision::Seconds)
            .set_indexed()
            .set_fast()
            .set_stored(),
    );
    let url = builder.add_text_field("url", STORED);
    (builder.build(), [id, title, body, date, url])
}

/// The `.jsonl` files under `dir`, sorted.
fn jsonl_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "jsonl") {
            files.push(entry.into_path());
        }
    }
    if files.is_empty() {
        bail!("no .jsonl files under {}", dir.display());
    }
    Ok(files)
}

/// Settings of a baseline run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Writer threads (`None`: tantivy's choice, as newsdex).
    pub threads: Option<usize>,
    /// Writer memory budget in MB.
    pub memory_mb: usize,
    /// Delete each id and each file's path before adding, as newsdex does.
    pub delete_before_add: bool,
}

/// Indexes the `.jsonl` files under `dir` into a new index at `out`;
/// prints articles, MB, seconds, articles/s and MB/s.
pub fn run(dir: &Path, out: &Path, options: &Options) -> anyhow::Result<()> {
    let Options {
        threads,
        memory_mb,
        delete_before_add,
    } = *options;
    let started = Instant::now();
    let files = jsonl_files(dir)?;
    if out.join("meta.json").exists() {
        bail!("{} already holds an index; delete it first", out.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let (schema, [id, title, body, date, url]) = schema();
    let index = Index::create_in_dir(out, schema)?;
    newsdex::schema::register_analyzers(&index);
    let budget = memory_mb.max(16) * 1024 * 1024;
    let mut writer: IndexWriter<TantivyDocument> = match threads {
        Some(n) if n > 0 => index.writer_with_num_threads(n, budget)?,
        _ => index.writer(budget)?,
    };
    let articles = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    files
        .par_iter()
        .try_for_each(|path| -> anyhow::Result<()> {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            bytes.fetch_add(file.metadata()?.len(), Ordering::Relaxed);
            if delete_before_add {
                // newsdex deletes on its path field; this schema has none, and
                // a path deleted as an id costs the same and matches nothing.
                writer.delete_term(Term::from_field_text(id, &path.to_string_lossy()));
            }
            let reader = BufReader::with_capacity(64 * 1024, file);
            let mut count = 0;
            for line in reader.lines() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let Ok(record) = serde_json::from_str::<Record>(&line) else {
                    continue;
                };
                let mut doc = TantivyDocument::default();
                if let Some(value) = &record.id {
                    doc.add_text(id, value);
                }
                doc.add_text(title, &record.title);
                doc.add_text(body, &record.body);
                if let Some(published) = record
                    .date
                    .as_deref()
                    .and_then(|d| OffsetDateTime::parse(d, &Rfc3339).ok())
                {
                    doc.add_date(date, DateTime::from_utc(published));
                }
                if let Some(value) = &record.url {
                    doc.add_text(url, value);
                }
                if delete_before_add {
                    if let Some(value) = &record.id {
                        writer.delete_term(Term::from_field_text(id, value));
                    }
                }
                writer.add_document(doc)?;
                count += 1;
            }
            articles.fetch_add(count, Ordering::Relaxed);
            Ok(())
        })?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    let articles = articles.into_inner();
    let mb = bytes.into_inner() as f64 / 1e6;
    println!(
        "baseline{}: indexed {articles} articles, {mb:.1} MB in {secs:.2} s: {:.0} articles/s, {:.1} MB/s",
        if delete_before_add {
            " (delete before add)"
        } else {
            ""
        },
        articles as f64 / secs,
        mb / secs
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex::schema::IndexSchema;
    use tantivy::schema::FieldType;

    #[test]
    fn text_fields_match_newsdex() {
        let (bare, _) = schema();
        let full = IndexSchema::builtin().schema;
        for name in ["title", "published", "url", "id"] {
            let a = bare.get_field_entry(bare.get_field(name).unwrap());
            let b = full.get_field_entry(full.get_field(name).unwrap());
            assert_eq!(a.field_type(), b.field_type(), "{name}");
            assert!(matches!(
                a.field_type(),
                FieldType::Str(_) | FieldType::Date(_)
            ));
        }
        // The body is analysed alike; newsdex stores its text in a field of
        // its own (`text`), the bare indexer in `body`: one stored copy each.
        let entry = |schema: &tantivy::schema::Schema, name: &str| {
            schema
                .get_field_entry(schema.get_field(name).unwrap())
                .clone()
        };
        let (FieldType::Str(a), FieldType::Str(b)) = (
            entry(&bare, "body").field_type().clone(),
            entry(&full, "body").field_type().clone(),
        ) else {
            panic!("body is text in both");
        };
        assert_eq!(a.get_indexing_options(), b.get_indexing_options());
        assert!(a.is_stored() && entry(&full, "text").is_stored());
    }

    #[test]
    fn indexes_a_small_corpus() {
        let root = std::env::temp_dir().join(format!("newsdex-bench-base-{}", std::process::id()));
        let corpus = root.join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(
            corpus.join("a.jsonl"),
            "{\"id\":\"1\",\"title\":\"Peace talks\",\"body\":\"Talks resumed.\",\"date\":\"2024-01-02T03:04:05Z\",\"url\":\"https://x/1\"}\n\nnot json\n{\"id\":\"2\",\"title\":\"Rates\",\"body\":\"Rates fell.\"}\n",
        )
        .unwrap();
        for delete_before_add in [false, true] {
            let out = root.join(format!("index-{delete_before_add}"));
            let options = Options {
                threads: Some(1),
                memory_mb: 32,
                delete_before_add,
            };
            run(&corpus, &out, &options).unwrap();
            let index = Index::open_in_dir(&out).unwrap();
            assert_eq!(index.reader().unwrap().searcher().num_docs(), 2);
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
