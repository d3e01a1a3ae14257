//! `newsdex show`: one article whole, with its fields and extraction.

use std::io::Write;

use serde::Serialize;
use termcolor::{ColorSpec, WriteColor};

use super::{load_vocabulary, Status};
use crate::cli::ShowArgs;
use crate::extract::{Evidence, Extractor, Field};
use crate::output::{self, ColorWhen};
use crate::parse::Article;
use crate::schema::IndexSchema;
use crate::search::Searchable;

/// What `show` prints: the article's fields, without a search's score,
/// snippet and copies.
#[derive(Serialize)]
struct Shown {
    id: String,
    title: String,
    published: Option<String>,
    url: Option<String>,
    path: String,
    record: Option<u64>,
    speakers: Vec<String>,
    sources: Vec<String>,
    authors: Vec<String>,
    language: Option<String>,
    site: Option<String>,
    body: String,
    /// The whole text's length in bytes, when `body` is only its opening
    /// (an article over 1 MB).
    #[serde(skip_serializing_if = "Option::is_none")]
    body_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Vec<Evidence>>,
}

/// Runs `newsdex show`.
pub fn run(args: &ShowArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let schema = IndexSchema::builtin();
    let searchable = Searchable::open(&args.index.dir, &schema)?;
    let (address, doc) = searchable.find_article(&args.id)?;
    let hit = searchable.hit_at(address, None)?;
    let body = schema.title_and_body(&doc).1.to_string();
    let body_length = {
        use tantivy::schema::Value;
        doc.get_first(schema.fields.text_length)
            .and_then(|v| v.as_u64())
    };
    let evidence = if args.explain {
        let extractor = Extractor::new(load_vocabulary(Some(&args.index.dir), &[], &[])?);
        let article = Article {
            path: hit.path.clone().into(),
            record: None,
            id: None,
            title: hit.title.clone(),
            body: body.clone(),
            published: None,
            url: hit.url.clone(),
            source: None,
            site: hit.site.clone(),
            authors: hit.authors.clone(),
            language: hit.language.clone(),
        };
        Some(extractor.explain(&article).evidence)
    } else {
        None
    };
    let shown = Shown {
        id: hit.id,
        title: hit.title,
        published: hit.published,
        url: hit.url,
        path: hit.path,
        record: hit.record,
        speakers: hit.speakers,
        sources: hit.sources,
        authors: hit.authors,
        language: hit.language,
        site: hit.site,
        body,
        body_length,
        evidence,
    };
    if args.json {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        serde_json::to_writer_pretty(&mut out, &shown)?;
        writeln!(out)?;
        return Ok(Status::Success);
    }
    let mut out = output::stdout(color);
    print_human(&mut out, &shown)?;
    Ok(Status::Success)
}

fn print_human(out: &mut dyn WriteColor, shown: &Shown) -> std::io::Result<()> {
    let hit = shown;
    out.set_color(ColorSpec::new().set_bold(true))?;
    writeln!(out, "{}", hit.title)?;
    out.reset()?;
    writeln!(out, "id:        {}", hit.id)?;
    writeln!(
        out,
        "published: {}",
        hit.published.as_deref().unwrap_or("unknown")
    )?;
    writeln!(out, "sources:   {}", hit.sources.join(", "))?;
    writeln!(out, "speakers:  {}", hit.speakers.join(", "))?;
    if !hit.authors.is_empty() {
        writeln!(out, "authors:   {}", hit.authors.join(", "))?;
    }
    if let Some(language) = &hit.language {
        writeln!(out, "language:  {language}")?;
    }
    if let Some(site) = &hit.site {
        writeln!(out, "site:      {site}")?;
    }
    if let Some(url) = &hit.url {
        writeln!(out, "url:       {url}")?;
    }
    match hit.record {
        Some(record) => writeln!(out, "path:      {}#{record}", hit.path)?,
        None => writeln!(out, "path:      {}", hit.path)?,
    }
    writeln!(out)?;
    // Paragraphs wrap at the terminal's width, between words.
    match output::terminal_width() {
        Some(width) => {
            for line in shown.body.lines() {
                output::write_wrapped(out, 0, 0, &[(line, None)], Some(width))?;
            }
        }
        None => writeln!(out, "{}", shown.body)?,
    }
    if let Some(length) = shown.body_length {
        writeln!(out)?;
        writeln!(
            out,
            "[the first {:.1} MB of {:.1} MB: the whole text is searchable, and is in {}]",
            shown.body.len() as f64 / 1e6,
            length as f64 / 1e6,
            match shown.record {
                Some(record) => format!("{}#{record}", shown.path),
                None => shown.path.clone(),
            }
        )?;
    }
    if let Some(evidence) = &shown.evidence {
        writeln!(out)?;
        writeln!(
            out,
            "Extraction (from the text; metadata sources are not re-read):"
        )?;
        for e in evidence {
            let field = match e.field {
                Field::Speaker => "speaker",
                Field::Source => "source",
            };
            writeln!(out, "  {field} {} [{}]", e.name, e.rule)?;
            writeln!(out, "    {}", e.context)?;
        }
    }
    out.flush()
}
