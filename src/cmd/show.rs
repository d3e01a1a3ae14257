//! `newsdex show`: one article whole, with its fields and extraction.

use std::io::Write;

use termcolor::{ColorSpec, WriteColor};

use super::Status;
use crate::archive::ShownArticle;
use crate::cli::ShowArgs;
use crate::extract::Field;
use crate::output::{self, ColorWhen};

/// Runs `newsdex show`.
pub fn run(args: &ShowArgs, color: ColorWhen) -> anyhow::Result<Status> {
    let shown = super::open_archive(&args.index, &args.cluster)?.show(&args.id, args.explain)?;
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

fn print_human(out: &mut dyn WriteColor, shown: &ShownArticle) -> std::io::Result<()> {
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
