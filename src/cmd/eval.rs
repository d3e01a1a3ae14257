//! `newsdex eval`: score the extractor against gold sets.

use super::Status;
use crate::archive::load_vocabulary;
use crate::cli::EvalArgs;
use crate::eval::{evaluate, evaluate_records, Report, Score};
use crate::extract::Extractor;
use crate::output;

/// Runs `newsdex eval`.
pub fn run(args: &EvalArgs) -> anyhow::Result<Status> {
    let extractor = Extractor::new(load_vocabulary(None, &args.outlets, &args.people)?);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut reports: Vec<(String, Report)> = Vec::new();
    if let Some(dir) = &args.polnear {
        let gold = crate::eval::polnear::convert(dir, extractor.vocabulary())?;
        if let Some(path) = &args.write_gold {
            let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
            for record in &gold {
                output::print_json_line(&mut file, record)?;
            }
        }
        reports.push((
            dir.display().to_string(),
            evaluate_records(&gold, dir, dir, &extractor)?,
        ));
    }
    for gold in &args.gold {
        reports.push((
            gold.display().to_string(),
            evaluate(gold, &args.root, &extractor)?,
        ));
    }
    for (gold, report) in &reports {
        if args.json {
            output::print_json_line(
                &mut out,
                &serde_json::json!({
                    "gold": gold,
                    "articles": report.articles,
                    "speakers": report.speakers,
                    "sources": report.sources,
                    "errors": if args.verbose { serde_json::to_value(&report.errors)? } else { serde_json::Value::Null },
                }),
            )?;
        } else {
            print_report(&mut out, gold, report, args.verbose)?;
        }
    }
    Ok(Status::Success)
}

fn print_report(
    out: &mut dyn std::io::Write,
    gold: &str,
    report: &Report,
    verbose: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{gold}: {}",
        crate::output::plural(report.articles as u64, "article", "articles")
    )?;
    writeln!(
        out,
        "  field      precision  recall     F1     tp   fp   fn"
    )?;
    let row = |name: &str, s: &Score| {
        format!(
            "  {name:<9}  {:>9.3}  {:>6.3}  {:>6.3}  {:>4} {:>4} {:>4}",
            s.precision, s.recall, s.f1, s.true_positives, s.false_positives, s.false_negatives
        )
    };
    for (name, score) in [("speakers", &report.speakers), ("sources", &report.sources)] {
        match score {
            Some(score) => writeln!(out, "{}", row(name, score))?,
            None => writeln!(out, "  {name:<9}  (not labelled in this set)")?,
        }
    }
    if verbose {
        for e in &report.errors {
            // An article given inline in the gold file has no path.
            if e.path.is_empty() {
                writeln!(out, "\n  {}", e.title)?;
            } else {
                writeln!(out, "\n  {} ({})", e.title, e.path)?;
            }
            for (label, names) in [
                ("missed speaker", &e.missed_speakers),
                ("false speaker", &e.false_speakers),
                ("missed source", &e.missed_sources),
                ("false source", &e.false_sources),
            ] {
                for name in names {
                    writeln!(out, "    {label}: {name}")?;
                }
            }
        }
    }
    Ok(())
}
