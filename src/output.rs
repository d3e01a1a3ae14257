//! Printing results: one result type, two renderers. The human renderer
//! aligns and colours (only on a terminal, never with `NO_COLOR`); the JSON
//! renderer prints the same data for programs.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use termcolor::{Color, ColorChoice, ColorSpec, StandardStream, WriteColor};

use crate::facets::FacetField;
use crate::histogram::Interval;
use crate::search::{FacetCount, Folding, Hit, Matches, SearchError};

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

/// Writes a line to stderr. Unlike `eprintln!`, a closed stderr (a reader
/// that went away, as in `newsdex index archive 2>&1 | head -1`) does not
/// stop the program: the message is lost and the work goes on.
pub fn message(line: &str) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
}

/// A count and its noun, singular or plural: `1 article`, `2 articles`.
pub fn plural(count: impl Into<u64>, one: &str, many: &str) -> String {
    let count = count.into();
    format!("{count} {}", if count == 1 { one } else { many })
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

/// Facet counts as one line: every value counted (`--facets`), then how
/// many others there are, when known.
fn facet_line(counts: &[FacetCount], distinct: Option<usize>) -> String {
    let mut parts: Vec<String> = counts
        .iter()
        .map(|c| format!("{} ({})", c.name, c.count))
        .collect();
    match distinct {
        Some(all) if all > counts.len() => parts.push(format!("and {} more", all - counts.len())),
        None => parts.push("and more (--facets all counts them all)".to_string()),
        _ => {}
    }
    parts.join(", ")
}

/// How search results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: ranked hits with highlighted snippets, then counts.
    Human,
    /// One JSON object: query, total, offset, hits, facets.
    Json,
    /// One JSON object per hit, one per line.
    Jsonl,
    /// A header row, then one row per hit (RFC 4180 quoting).
    Csv,
}

/// Prints a search's hits as they are read from the index, in `format`.
/// Human output prints each id as `short_id` shortens it.
pub fn print_search(
    out: &mut dyn WriteColor,
    format: Format,
    matches: &Matches,
    hits: impl Iterator<Item = Result<Hit, SearchError>>,
    short_id: &dyn Fn(&str) -> String,
) -> anyhow::Result<()> {
    match format {
        Format::Human => print_human(out, matches, hits, short_id)?,
        Format::Json => print_json(out, matches, hits)?,
        Format::Jsonl => {
            for hit in hits {
                print_json_line(out, &hit?)?;
            }
        }
        Format::Csv => print_csv(out, matches.offset, hits)?,
    }
    out.flush()?;
    Ok(())
}

/// Where a hit comes from, as human output shows it: the file, and `#N`
/// for a record of a file that holds several.
pub fn location(hit: &Hit) -> String {
    match hit.record {
        Some(record) => format!("{}#{record}", hit.path),
        None => hit.path.clone(),
    }
}

/// The width to wrap human output at: the terminal's, when stdout is
/// one; `None` (no wrapping) otherwise.
pub fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(io::stdout())
        .map(|(terminal_size::Width(w), _)| usize::from(w))
        .filter(|&w| w >= 20)
}

/// A piece of text and its colour (`None`: plain).
pub type Piece<'a> = (&'a str, Option<ColorSpec>);

/// Writes `pieces` as one logical line that starts at `column` and, with
/// a `width`, wraps at blanks onto lines indented by `indent`. Parts of a
/// word in different colours (a highlighted stem) are never split.
pub fn write_wrapped(
    out: &mut dyn WriteColor,
    column: usize,
    indent: usize,
    pieces: &[Piece],
    width: Option<usize>,
) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let mut column = column;
    // Whether a word has been written on the current line.
    let mut started = false;
    // How many blanks stand before the next word.
    let mut blanks = 0;
    for (text, spec) in pieces {
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                blanks += 1;
            }
            if word.is_empty() {
                continue;
            }
            let glued = i == 0 && started && blanks == 0;
            let wide = word.width();
            let needed = wide + if started { blanks } else { 0 };
            if let Some(width) = width {
                if started && !glued && column + needed > width {
                    writeln!(out)?;
                    write!(out, "{}", " ".repeat(indent))?;
                    column = indent;
                    started = false;
                }
            }
            if started && blanks > 0 {
                write!(out, "{}", " ".repeat(blanks))?;
                column += blanks;
            }
            blanks = 0;
            match spec {
                Some(spec) => {
                    out.set_color(spec)?;
                    write!(out, "{word}")?;
                    out.reset()?;
                }
                None => write!(out, "{word}")?,
            }
            column += wide;
            started = true;
        }
    }
    writeln!(out)
}

/// A snippet in pieces: plain text, and the highlighted ranges in red.
fn snippet_pieces<'a>(snippet: &'a str, highlights: &[(usize, usize)]) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for &(start, end) in highlights {
        if start < at || end > snippet.len() {
            continue;
        }
        pieces.push((&snippet[at..start], None));
        pieces.push((&snippet[start..end], Some(color(Color::Red, true))));
        at = end;
    }
    pieces.push((&snippet[at..], None));
    pieces
}

fn print_hit(
    out: &mut dyn WriteColor,
    rank: usize,
    hit: &Hit,
    id: &str,
    width: Option<usize>,
) -> io::Result<()> {
    let number = format!("{rank:>3}. ");
    out.set_color(&color(Color::Yellow, true))?;
    write!(out, "{number}")?;
    out.reset()?;
    let mut title: Vec<Piece> = vec![(&hit.title, Some(ColorSpec::new().set_bold(true).clone()))];
    let date = hit.published.as_deref().map(|d| &d[..10.min(d.len())]);
    if let Some(date) = date {
        title.push(("  ", None));
        title.push((date, Some(color(Color::Cyan, false))));
    }
    // The language, when it is not English.
    let language = hit.language.as_deref().filter(|l| *l != "en");
    let language = language.map(|l| format!("[{l}]"));
    if let Some(language) = &language {
        title.push(("  ", None));
        title.push((language, Some(color(Color::Cyan, false))));
    }
    write_wrapped(out, number.len(), 5, &title, width)?;
    let labelled = |out: &mut dyn WriteColor, label: &str, names: &[String]| -> io::Result<()> {
        if names.is_empty() {
            return Ok(());
        }
        let prefix = format!("     {label}");
        write!(out, "{prefix}")?;
        let joined = names.join(", ");
        write_wrapped(out, prefix.len(), prefix.len(), &[(&joined, None)], width)
    };
    labelled(out, "sources:  ", &hit.sources)?;
    labelled(out, "also published by: ", &hit.also_published_by)?;
    labelled(out, "speakers: ", &hit.speakers)?;
    labelled(out, "authors:  ", &hit.authors)?;
    write!(out, "     ")?;
    out.set_color(&color(Color::Magenta, false))?;
    write!(out, "{id}")?;
    out.reset()?;
    out.set_color(&color(Color::Green, false))?;
    writeln!(out, "  {}", location(hit))?;
    out.reset()?;
    write!(out, "     ")?;
    write_wrapped(
        out,
        5,
        5,
        &snippet_pieces(&hit.snippet, &hit.highlights),
        width,
    )?;
    writeln!(out)
}

/// The line under the hits: how many articles match, how many stories
/// they are once copies are folded, and which of them are shown.
fn count_line(total: u64, offset: u64, shown: u64, folding: Option<Folding>) -> String {
    if total == 0 {
        return "No articles match.".to_string();
    }
    let matching = if total == 1 {
        "1 article matches".to_string()
    } else {
        format!("{total} articles match")
    };
    let folding = folding.filter(|f| f.folded > 0);
    // How many hits there are to show: stories once copies are folded
    // (unknown when there were too many matches to look at them all), or
    // articles.
    let of_all = match folding {
        Some(folding) => folding.stories,
        None => Some(total),
    };
    let first = offset + 1;
    let last = offset + shown;
    let shown_part = match of_all {
        _ if shown == 0 && offset == 0 => None,
        _ if shown == 0 => Some(format!("none shown after --offset {offset}")),
        Some(all) if first == 1 && shown == all => None,
        _ if first == 1 && shown == 1 => Some("the best is shown".to_string()),
        _ if first == 1 => Some(format!("the best {shown} are shown")),
        _ if shown == 1 => Some(format!("hit {first} is shown")),
        _ => Some(format!("hits {first} to {last} are shown")),
    };
    let more = of_all.is_none_or(|all| last < all);
    let mut line = matching;
    match folding {
        Some(folding) => {
            if let Some(stories) = folding.stories {
                line.push_str(&format!(", {}", plural(stories, "story", "stories")));
            }
            if let Some(part) = shown_part {
                line.push_str(&format!("; {part}"));
            }
            line.push_str(&format!(
                "; {} folded into {} (--no-collapse shows every article{})",
                plural(folding.folded, "copy", "copies"),
                if folding.stories == Some(1) {
                    "it"
                } else {
                    "them"
                },
                if more && shown > 0 {
                    "; --limit and --offset show more"
                } else {
                    ""
                }
            ));
        }
        None => {
            if let Some(part) = shown_part {
                line.push_str(&format!("; {part}"));
                if more && shown > 0 && first == 1 {
                    line.push_str(" (--limit, --offset and --all show more)");
                }
            }
        }
    }
    line.push('.');
    line
}

fn print_human(
    out: &mut dyn WriteColor,
    matches: &Matches,
    hits: impl Iterator<Item = Result<Hit, SearchError>>,
    short_id: &dyn Fn(&str) -> String,
) -> anyhow::Result<()> {
    let width = terminal_width();
    let mut shown: usize = 0;
    for hit in hits {
        let hit = hit?;
        shown += 1;
        print_hit(out, matches.offset + shown, &hit, &short_id(&hit.id), width)?;
    }
    let counted = count_line(
        matches.total,
        matches.offset as u64,
        shown as u64,
        matches.folding,
    );
    let bold = ColorSpec::new().set_bold(true).clone();
    write_wrapped(out, 0, 0, &[(&counted, Some(bold))], width)?;
    let no_counts = Vec::new();
    let facets = [
        (
            "By source:  ",
            &matches.facets.sources,
            matches.facets.distinct_sources,
        ),
        (
            "By speaker: ",
            &matches.facets.speakers,
            matches.facets.distinct_speakers,
        ),
        (
            "By author:  ",
            &matches.facets.authors,
            matches.facets.distinct_authors,
        ),
        (
            "By language: ",
            // One language among the matches says nothing.
            if matches.facets.languages.len() > 1 {
                &matches.facets.languages
            } else {
                &no_counts
            },
            Some(matches.facets.languages.len()),
        ),
    ];
    for (label, counts, distinct) in facets {
        if !counts.is_empty() {
            write!(out, "{label}")?;
            let line = facet_line(counts, distinct);
            write_wrapped(out, label.len(), label.len(), &[(&line, None)], width)?;
        }
    }
    Ok(())
}

/// One JSON object, written as the hits come so that `--all` needs no
/// memory for them: `{"query", "total", "offset", "hits": [...], "facets"}`.
fn print_json(
    out: &mut dyn WriteColor,
    matches: &Matches,
    hits: impl Iterator<Item = Result<Hit, SearchError>>,
) -> anyhow::Result<()> {
    writeln!(out, "{{")?;
    writeln!(
        out,
        "  \"query\": {},",
        serde_json::to_string(&matches.query)?
    )?;
    writeln!(out, "  \"total\": {},", matches.total)?;
    let folding = matches.folding.unwrap_or(Folding {
        stories: None,
        folded: 0,
    });
    writeln!(
        out,
        "  \"stories\": {},",
        serde_json::to_string(&folding.stories)?
    )?;
    writeln!(out, "  \"copies_folded\": {},", folding.folded)?;
    writeln!(out, "  \"offset\": {},", matches.offset)?;
    write!(out, "  \"hits\": [")?;
    let mut first = true;
    for hit in hits {
        write!(
            out,
            "{}\n    {}",
            if first { "" } else { "," },
            serde_json::to_string(&hit?)?
        )?;
        first = false;
    }
    writeln!(out, "{}],", if first { "" } else { "\n  " })?;
    writeln!(
        out,
        "  \"facets\": {}",
        serde_json::to_string(&matches.facets)?
    )?;
    writeln!(out, "}}")?;
    Ok(())
}

fn print_csv(
    out: &mut dyn WriteColor,
    offset: usize,
    hits: impl Iterator<Item = Result<Hit, SearchError>>,
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
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
        "site",
    ])?;
    for (i, hit) in hits.enumerate() {
        let hit = hit?;
        writer.write_record([
            (offset + i + 1).to_string(),
            hit.id,
            hit.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
            hit.published.unwrap_or_default(),
            hit.title,
            hit.sources.join("; "),
            hit.speakers.join("; "),
            hit.path,
            hit.url.unwrap_or_default(),
            hit.snippet,
            hit.also_published_by.join("; "),
            hit.authors.join("; "),
            hit.language.unwrap_or_default(),
            hit.site.unwrap_or_default(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Prints a search's timeline: a bar chart for people, or the periods as
/// data (JSON, JSON Lines, CSV).
pub fn print_histogram(
    out: &mut dyn WriteColor,
    format: Format,
    matches: &Matches,
    interval: Interval,
) -> anyhow::Result<()> {
    match format {
        Format::Human => {
            for series in &matches.histogram {
                out.set_color(ColorSpec::new().set_bold(true))?;
                match &series.source {
                    Some(source) => writeln!(out, "{source}")?,
                    None => writeln!(
                        out,
                        "{} {} '{}'",
                        plural(matches.total, "article", "articles"),
                        if matches.total == 1 {
                            "matches"
                        } else {
                            "match"
                        },
                        matches.query
                    )?,
                }
                out.reset()?;
                let most = series.periods.iter().map(|p| p.count).max().unwrap_or(0);
                let width = series
                    .periods
                    .iter()
                    .map(|p| p.count.to_string().len())
                    .max()
                    .unwrap_or(1);
                for period in &series.periods {
                    let eighths = (period.count * 40 * 8).checked_div(most).unwrap_or(0) as usize;
                    let mut bar = "\u{2588}".repeat(eighths / 8);
                    if !eighths.is_multiple_of(8) {
                        bar.push(char::from_u32(0x2590 - (eighths % 8) as u32).unwrap_or(' '));
                    }
                    write!(out, "  {:<10} ", period.period)?;
                    out.set_color(&color(Color::Cyan, false))?;
                    write!(out, "{bar:<40}")?;
                    out.reset()?;
                    writeln!(
                        out,
                        " {:>width$}  {:>5.1}% of {}",
                        period.count,
                        period.share * 100.0,
                        period.total
                    )?;
                }
                if series.undated > 0 {
                    let undated = if series.undated == 1 {
                        "1 matching article has no date".to_string()
                    } else {
                        format!("{} matching articles have no date", series.undated)
                    };
                    writeln!(out, "  ({undated})")?;
                }
                writeln!(out)?;
            }
            if matches.histogram.iter().all(|s| s.periods.is_empty()) {
                writeln!(out, "No dated articles match.")?;
            }
        }
        Format::Json => {
            let object = serde_json::json!({
                "query": matches.query,
                "total": matches.total,
                "interval": interval,
                "series": matches.histogram,
            });
            serde_json::to_writer_pretty(&mut *out, &object)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for series in &matches.histogram {
                for period in &series.periods {
                    let line = serde_json::json!({
                        "source": series.source,
                        "period": period.period,
                        "count": period.count,
                        "total": period.total,
                        "share": period.share,
                    });
                    writeln!(out, "{line}")?;
                }
            }
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(["source", "period", "count", "total", "share"])?;
            for series in &matches.histogram {
                for period in &series.periods {
                    writer.write_record([
                        series.source.clone().unwrap_or_default(),
                        period.period.clone(),
                        period.count.to_string(),
                        period.total.to_string(),
                        format!("{:.6}", period.share),
                    ])?;
                }
            }
            writer.flush()?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One list of `newsdex facets` (and of `/api/facets`).
pub struct FacetList<'m> {
    /// Which field.
    pub field: FacetField,
    /// Its title for people.
    pub title: &'static str,
    /// Its key in JSON.
    pub key: &'static str,
    /// The values, most frequent first.
    pub counts: &'m [FacetCount],
    /// Distinct values among the matches, when known.
    pub distinct: Option<usize>,
}

/// The lists `facets` shows: the field asked for, or sources and speakers
/// always and authors and languages when the matches have any.
pub fn facet_lists(matches: &Matches, field: Option<FacetField>) -> Vec<FacetList<'_>> {
    let facets = &matches.facets;
    let lists = [
        FacetList {
            field: FacetField::Source,
            title: "Sources",
            key: "sources",
            counts: &facets.sources,
            distinct: facets.distinct_sources,
        },
        FacetList {
            field: FacetField::Speaker,
            title: "Speakers",
            key: "speakers",
            counts: &facets.speakers,
            distinct: facets.distinct_speakers,
        },
        FacetList {
            field: FacetField::Author,
            title: "Authors",
            key: "authors",
            counts: &facets.authors,
            distinct: facets.distinct_authors,
        },
        FacetList {
            field: FacetField::Language,
            title: "Languages",
            key: "languages",
            counts: &facets.languages,
            distinct: Some(facets.languages.len()),
        },
    ];
    lists
        .into_iter()
        .filter(|list| match field {
            Some(wanted) => wanted == list.field,
            None => {
                matches!(list.field, FacetField::Source | FacetField::Speaker)
                    || !list.counts.is_empty()
            }
        })
        .collect()
}

/// The JSON of `facets --json`: query, total, then each list and its
/// number of distinct values.
pub fn facets_json(
    matches: &Matches,
    lists: &[FacetList],
) -> serde_json::Result<serde_json::Value> {
    let mut object = serde_json::json!({ "query": matches.query, "total": matches.total });
    for list in lists {
        object[list.key] = serde_json::to_value(list.counts)?;
        object[format!("distinct_{}", list.key)] = list.distinct.into();
    }
    Ok(object)
}
