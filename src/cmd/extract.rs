//! `newsdex extract`: show what the extractor finds, without indexing.

use std::io::Write;

use serde::Serialize;
use termcolor::{ColorSpec, WriteColor};

use super::Status;
use crate::archive::load_vocabulary;
use crate::cli::ExtractArgs;
use crate::date::format_rfc3339;
use crate::extract::{Evidence, Extractor};
use crate::output::{self, ColorWhen};
use crate::parse::{read_file, Problem};
use crate::walk::{walk, Entry, WalkOptions};

/// One article's extraction, as printed.
#[derive(Serialize)]
struct ExtractedArticle<'a> {
    path: String,
    title: &'a str,
    published: Option<String>,
    speakers: &'a [String],
    sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a [Evidence]>,
}

/// Runs `newsdex extract`.
pub fn run(args: &ExtractArgs, color: ColorWhen) -> anyhow::Result<Status> {
    super::check_archives(&args.paths)?;
    let extractor = Extractor::new(load_vocabulary(None, &args.outlets, &args.people)?);
    let mut out = output::stdout(color);
    let mut status = Status::Success;
    let mut failure: Option<anyhow::Error> = None;
    let options = WalkOptions {
        all_files: args.all_files,
    };
    for entry in walk(&args.paths, None, options) {
        let path = match entry {
            Entry::Article(path) => path,
            Entry::Unsupported(path) => {
                crate::output::message(&format!(
                    "newsdex: warning: {}",
                    Problem::unsupported(path)
                ));
                continue;
            }
            Entry::NotArticle(_) => continue,
            Entry::Problem(problem) => {
                crate::output::message(&format!("newsdex: warning: {problem}"));
                status = Status::Error;
                continue;
            }
        };
        let outcome = read_file(&path, &mut |article| {
            if failure.is_some() {
                return;
            }
            let found = if args.explain {
                extractor.explain(&article)
            } else {
                extractor.extract(&article)
            };
            let printed = ExtractedArticle {
                path: match article.record {
                    Some(n) => format!("{}#{n}", article.path.display()),
                    None => article.path.display().to_string(),
                },
                title: &article.title,
                published: article.published.map(format_rfc3339),
                speakers: &found.speakers,
                sources: &found.sources,
                evidence: args.explain.then_some(found.evidence.as_slice()),
            };
            let result = if args.json {
                output::print_json_line(&mut out, &printed)
            } else {
                print_human(&mut out, &printed)
            };
            if let Err(err) = result {
                failure = Some(err.into());
            }
        });
        if let Some(err) = failure.take() {
            return Err(err);
        }
        for problem in &outcome.problems {
            crate::output::message(&format!("newsdex: warning: {problem}"));
            if problem.is_fatal() {
                status = Status::Error;
            }
        }
    }
    out.flush()?;
    Ok(status)
}

fn print_human(out: &mut dyn WriteColor, article: &ExtractedArticle) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    writeln!(out, "{}", article.title)?;
    out.reset()?;
    writeln!(out, "  path:      {}", article.path)?;
    if let Some(published) = &article.published {
        writeln!(out, "  published: {published}")?;
    }
    writeln!(out, "  speakers:  {}", article.speakers.join(", "))?;
    writeln!(out, "  sources:   {}", article.sources.join(", "))?;
    if let Some(evidence) = article.evidence {
        for e in evidence {
            let field = match e.field {
                crate::extract::Field::Speaker => "speaker",
                crate::extract::Field::Source => "source",
            };
            writeln!(out, "    {field} {} [{}]", e.name, e.rule)?;
            writeln!(out, "      {}", e.context)?;
        }
    }
    writeln!(out)
}
