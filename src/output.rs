//! Printing results: one result type, two renderers. The human renderer
//! aligns and colours (only on a terminal, never with `NO_COLOR`); the JSON
//! renderer prints the same data for programs.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use termcolor::{Color, ColorChoice, ColorSpec, StandardStream, WriteColor};

use crate::search::{FacetCount, SearchResults};

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A stdout stream coloured as asked.
pub fn stdout(when: ColorWhen) -> StandardStream {
    let choice = match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if io::stdout().is_terminal() && !no_color {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            }
        }
    };
    StandardStream::stdout(choice)
}

/// Prints any serialisable value as one line of JSON.
pub fn print_json_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn color(c: Color, bold: bool) -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(c)).set_bold(bold);
    spec
}

fn facet_line(counts: &[FacetCount], max: usize) -> String {
    let mut parts: Vec<String> = counts
        .iter()
        .take(max)
        .map(|c| format!("{} ({})", c.name, c.count))
        .collect();
    if counts.len() > max {
        parts.push(format!("and {} more", counts.len() - max));
    }
    parts.join(", ")
}

/// Prints search results for people.
pub fn print_human(out: &mut dyn WriteColor, results: &SearchResults) -> io::Result<()> {
    for (rank, hit) in results.hits.iter().enumerate() {
        out.set_color(&color(Color::Yellow, true))?;
        write!(out, "{:>3}. ", rank + 1)?;
        out.set_color(ColorSpec::new().set_bold(true))?;
        write!(out, "{}", hit.title)?;
        out.reset()?;
        if let Some(date) = &hit.published {
            out.set_color(&color(Color::Cyan, false))?;
            write!(out, "  {}", &date[..10.min(date.len())])?;
            out.reset()?;
        }
        writeln!(out)?;
        if !hit.sources.is_empty() {
            writeln!(out, "     sources:  {}", hit.sources.join(", "))?;
        }
        if !hit.speakers.is_empty() {
            writeln!(out, "     speakers: {}", hit.speakers.join(", "))?;
        }
        out.set_color(&color(Color::Green, false))?;
        writeln!(out, "     {}", hit.path)?;
        out.reset()?;
        write!(out, "     ")?;
        let mut at = 0;
        for &(start, end) in &hit.highlights {
            write!(out, "{}", &hit.snippet[at..start])?;
            out.set_color(&color(Color::Red, true))?;
            write!(out, "{}", &hit.snippet[start..end])?;
            out.reset()?;
            at = end;
        }
        writeln!(out, "{}", &hit.snippet[at..])?;
        writeln!(out)?;
    }
    let shown = results.hits.len() as u64;
    out.set_color(ColorSpec::new().set_bold(true))?;
    match results.total {
        0 => writeln!(out, "No articles match.")?,
        1 => writeln!(out, "1 article matches.")?,
        n if n > shown => writeln!(
            out,
            "{n} articles match; the best {shown} are shown (use --limit for more)."
        )?,
        n => writeln!(out, "{n} articles match.")?,
    }
    out.reset()?;
    if !results.facets.sources.is_empty() {
        writeln!(
            out,
            "By source:  {}",
            facet_line(&results.facets.sources, 10)
        )?;
    }
    if !results.facets.speakers.is_empty() {
        writeln!(
            out,
            "By speaker: {}",
            facet_line(&results.facets.speakers, 10)
        )?;
    }
    out.flush()
}

/// Prints search results as one JSON object.
pub fn print_json(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}
