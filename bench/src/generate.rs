//! `generate`: a large, realistic corpus made by recombining real articles.
//!
//! Each generated article starts from a base article of the source corpus
//! (plain text files: title on the first line, then paragraphs), keeps its
//! lead paragraph and most of the others, mixes in paragraphs from other
//! articles of the same category (the folder the file is in), varies the
//! title and some figures, gets a date spread over several years and, for
//! most articles, a credit to an outlet from a fixed list in one of the
//! forms wire copy uses (`LONDON (Reuters) -`, `MOSCOW, May 2. /TASS/.`,
//! `..., Trend reports.`, `according to Anadolu`). Quotations and speakers
//! come with the real paragraphs.
//!
//! Output is written shard by shard, in parallel; each article depends
//! only on the seed and its number, so the corpus is the same for the same
//! arguments, and only one shard per thread is in memory at a time.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;
use serde::Serialize;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::rng::Rng;

/// How generated articles are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON Lines shards, one article object per line.
    Jsonl,
    /// One `.txt` file per article with a `Key: value` header, one folder per shard.
    Txt,
}

/// Arguments of `generate`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of articles to write.
    pub articles: u64,
    /// Output folder.
    pub out: PathBuf,
    /// Folders of source articles.
    pub from: Vec<PathBuf>,
    /// Articles per shard.
    pub per_file: u64,
    /// Seed of the generator.
    pub seed: u64,
    /// Output format.
    pub format: Format,
}

/// One article of the source corpus.
#[derive(Debug, Clone)]
pub struct SourceArticle {
    /// Folder name, used as the category.
    pub category: usize,
    /// First line.
    pub title: String,
    /// The paragraphs after the title.
    pub paragraphs: Vec<String>,
}

/// The source corpus, grouped by category.
#[derive(Debug)]
pub struct Sources {
    /// Category names (folder names), sorted.
    pub categories: Vec<String>,
    /// All articles, in path order.
    pub articles: Vec<SourceArticle>,
    /// Indexes into `articles`, per category.
    pub by_category: Vec<Vec<usize>>,
}

impl Sources {
    /// Reads every `.txt` file under `dirs` (title on the first non-empty
    /// line, paragraphs separated by blank lines).
    pub fn load(dirs: &[PathBuf]) -> anyhow::Result<Sources> {
        let mut paths = Vec::new();
        for dir in dirs {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "txt")
                {
                    paths.push(entry.into_path());
                }
            }
        }
        let mut categories: Vec<String> = paths.iter().map(|p| category_of(p)).collect();
        categories.sort();
        categories.dedup();
        let mut articles = Vec::new();
        for path in &paths {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let mut blocks = text
                .split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty());
            let Some(title) = blocks.next() else { continue };
            let paragraphs: Vec<String> = blocks.collect();
            if paragraphs.len() < 2 {
                continue;
            }
            let category = categories
                .binary_search(&category_of(path))
                .expect("category was collected");
            articles.push(SourceArticle {
                category,
                title,
                paragraphs,
            });
        }
        if articles.is_empty() {
            bail!("no articles (.txt files with a title and at least two paragraphs) under the --from folders");
        }
        let mut by_category = vec![Vec::new(); categories.len()];
        for (i, article) in articles.iter().enumerate() {
            by_category[article.category].push(i);
        }
        Ok(Sources {
            categories,
            articles,
            by_category,
        })
    }
}

fn category_of(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// How an outlet is credited in the text.
#[derive(Debug, Clone, Copy)]
enum Credit {
    /// `LONDON (Reuters) - ` before the lead.
    Parenthesis,
    /// `MOSCOW, May 2. /TASS/. ` before the lead.
    Slashes,
    /// `..., Trend reports.` at the end of the lead.
    Reports,
    /// `..., according to Anadolu.` at the end of a paragraph.
    AccordingTo,
}

/// Outlets credited by generated articles: name, web domain, weight (how
/// often it is chosen) and the credit forms it uses. The weights fall off
/// like a real archive's, a few wire services carrying most of it.
const OUTLETS: &[(&str, &str, u32, &[Credit])] = &[
    (
        "Reuters",
        "reuters.com",
        200,
        &[Credit::Parenthesis, Credit::AccordingTo],
    ),
    (
        "AP",
        "apnews.com",
        140,
        &[Credit::Parenthesis, Credit::AccordingTo],
    ),
    (
        "AFP",
        "afp.com",
        100,
        &[Credit::Parenthesis, Credit::AccordingTo],
    ),
    (
        "TASS",
        "tass.com",
        80,
        &[Credit::Slashes, Credit::AccordingTo],
    ),
    ("Trend", "en.trend.az", 70, &[Credit::Reports]),
    (
        "Xinhua",
        "xinhuanet.com",
        60,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    (
        "Anadolu",
        "aa.com.tr",
        50,
        &[Credit::AccordingTo, Credit::Reports],
    ),
    (
        "Bloomberg",
        "bloomberg.com",
        40,
        &[Credit::AccordingTo, Credit::Reports],
    ),
    ("APA", "apa.az", 40, &[Credit::Reports]),
    ("Report.az", "report.az", 35, &[Credit::Reports]),
    (
        "Interfax",
        "interfax.ru",
        30,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    (
        "dpa",
        "dpa.com",
        25,
        &[Credit::Parenthesis, Credit::AccordingTo],
    ),
    (
        "RIA Novosti",
        "ria.ru",
        20,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    (
        "Kyodo",
        "kyodonews.net",
        15,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    (
        "Yonhap",
        "yna.co.kr",
        15,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    (
        "IRNA",
        "irna.ir",
        12,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    (
        "EFE",
        "efe.com",
        10,
        &[Credit::Parenthesis, Credit::AccordingTo],
    ),
    ("Armenpress", "armenpress.am", 10, &[Credit::Reports]),
    ("Caliber.Az", "caliber.az", 8, &[Credit::Reports]),
    ("Kazinform", "inform.kz", 8, &[Credit::Reports]),
    ("ANSA", "ansa.it", 6, &[Credit::AccordingTo]),
    (
        "PTI",
        "ptinews.com",
        6,
        &[Credit::Reports, Credit::AccordingTo],
    ),
    ("Bernama", "bernama.com", 4, &[Credit::Reports]),
    ("AzerTag", "azertag.az", 4, &[Credit::Reports]),
];

const CITIES: &[&str] = &[
    "LONDON",
    "WASHINGTON",
    "NEW YORK",
    "MOSCOW",
    "BAKU",
    "BRUSSELS",
    "PARIS",
    "BERLIN",
    "BEIJING",
    "TOKYO",
    "ANKARA",
    "GENEVA",
    "YEREVAN",
    "TBILISI",
    "DUBAI",
    "SEOUL",
    "NEW DELHI",
    "FRANKFURT",
    "MADRID",
    "ROME",
];

const TITLE_PREFIXES: &[&str] = &[
    "UPDATE 1-",
    "UPDATE 2-",
    "Analysis: ",
    "Factbox: ",
    "Explainer: ",
    "Exclusive: ",
];
const TITLE_SUFFIXES: &[&str] = &[
    " - sources",
    " (update)",
    ", report says",
    " as talks continue",
    ": live",
];

/// Oldest and newest generated dates: 2018-01-01 and 2025-12-31 (UTC).
const FIRST_DATE: i64 = 1_514_764_800;
const LAST_DATE: i64 = 1_767_225_599;

/// One generated article, as written.
#[derive(Debug, Serialize)]
pub struct Generated {
    /// Stable identifier.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub body: String,
    /// Publication time, RFC 3339.
    pub date: String,
    /// Address.
    pub url: String,
}

/// Makes article number `n` of the corpus seeded with `seed`.
pub fn article(sources: &Sources, seed: u64, n: u64) -> Generated {
    let mut rng = Rng::for_item(seed, n);
    let base = &sources.articles[rng.below(sources.articles.len())];
    let pool = &sources.by_category[base.category];
    let donor = |rng: &mut Rng| &sources.articles[*rng.pick(pool)];

    // The lead stays first; most other paragraphs are kept; one or two
    // paragraphs of other articles of the same category are mixed in.
    let mut paragraphs: Vec<String> = vec![base.paragraphs[0].clone()];
    for p in &base.paragraphs[1..] {
        if rng.chance(0.7) {
            paragraphs.push(p.clone());
        }
    }
    let mix_in = |paragraphs: &mut Vec<String>, rng: &mut Rng| {
        let other = donor(rng);
        let p = other.paragraphs[rng.range(1, other.paragraphs.len() - 1)].clone();
        let at = rng.range(1, paragraphs.len());
        paragraphs.insert(at, p);
    };
    for _ in 0..rng.range(1, 2) {
        mix_in(&mut paragraphs, &mut rng);
    }
    // Keep the size of a real article: about 1.4 to 3 KB of text.
    let size = |ps: &[String]| ps.iter().map(|p| p.len() + 2).sum::<usize>();
    let mut tries = 0;
    while size(&paragraphs) < 1400 && tries < 20 {
        mix_in(&mut paragraphs, &mut rng);
        tries += 1;
    }
    while size(&paragraphs) > 3000 && paragraphs.len() > 3 {
        let at = rng.range(1, paragraphs.len() - 1);
        paragraphs.remove(at);
    }
    // Figures differ from one report to the next.
    for p in paragraphs.iter_mut().skip(1) {
        if rng.chance(0.3) {
            *p = vary_digits(p, &mut rng);
        }
    }

    let timestamp = FIRST_DATE + rng.below((LAST_DATE - FIRST_DATE) as usize) as i64;
    let date = OffsetDateTime::from_unix_timestamp(timestamp).expect("date in range");

    // Credits: most articles credit one outlet, some two, some none.
    let weights: Vec<u32> = OUTLETS.iter().map(|o| o.2).collect();
    let mut domain = "newswire.example.org";
    if rng.chance(0.8) {
        let (name, outlet_domain, _, forms) = OUTLETS[rng.weighted(&weights)];
        domain = outlet_domain;
        credit(&mut paragraphs, 0, name, *rng.pick(forms), date, &mut rng);
        if rng.chance(0.15) {
            let (second, _, _, _) = OUTLETS[rng.weighted(&weights)];
            if second != name {
                let at = rng.range(1, paragraphs.len() - 1);
                credit(
                    &mut paragraphs,
                    at,
                    second,
                    Credit::AccordingTo,
                    date,
                    &mut rng,
                );
            }
        }
    }

    let title = match rng.below(10) {
        0 | 1 => format!("{}{}", rng.pick(TITLE_PREFIXES), base.title),
        2 => format!("{}{}", base.title, rng.pick(TITLE_SUFFIXES)),
        3 => format!("{}: {}", base.title, donor(&mut rng).title),
        _ => base.title.clone(),
    };
    let slug: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let url = format!(
        "https://{domain}/{}/{}/{:02}/{}-{n}",
        sources.categories[base.category],
        date.year(),
        u8::from(date.month()),
        slug.join("-")
    );
    Generated {
        id: format!("gen-{seed}-{n}"),
        title,
        body: paragraphs.join("\n\n"),
        date: newsdex::date::format_rfc3339(date),
        url,
    }
}

/// Adds a credit to `outlet` to paragraph `at`.
fn credit(
    paragraphs: &mut [String],
    at: usize,
    outlet: &str,
    form: Credit,
    date: OffsetDateTime,
    rng: &mut Rng,
) {
    let p = &mut paragraphs[at];
    let without_stop = |p: &str| p.trim_end_matches(['.', ' ']).to_string();
    *p = match form {
        Credit::Parenthesis => format!("{} ({outlet}) - {p}", rng.pick(CITIES)),
        Credit::Slashes => format!(
            "{}, {} {}. /{outlet}/. {p}",
            rng.pick(CITIES),
            date.month(),
            date.day()
        ),
        Credit::Reports if p.ends_with('.') => format!("{}, {outlet} reports.", without_stop(p)),
        Credit::AccordingTo if p.ends_with('.') => {
            format!("{}, according to {outlet}.", without_stop(p))
        }
        // A paragraph ending in a quotation or a question: credit it after.
        Credit::Reports => format!("{p} {outlet} reports."),
        Credit::AccordingTo => format!("{p} That is according to {outlet}."),
    };
}

/// Changes some digits, so that figures vary between copies of a paragraph.
fn vary_digits(text: &str, rng: &mut Rng) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_digit() && rng.chance(0.4) {
                char::from(b'0' + rng.below(10) as u8)
            } else {
                c
            }
        })
        .collect()
}

/// Writes the corpus; prints articles, files, MB and seconds.
pub fn run(options: &Options) -> anyhow::Result<()> {
    if options.per_file == 0 {
        bail!("--per-file must be at least 1");
    }
    let started = Instant::now();
    let sources = Sources::load(&options.from)?;
    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("cannot create {}", options.out.display()))?;
    let manifest = options.out.join(".manifest");
    // A partial corpus must not look finished.
    let _ = std::fs::remove_file(&manifest);
    let shards = options.articles.div_ceil(options.per_file);
    let bytes: u64 = (0..shards)
        .into_par_iter()
        .map(|shard| {
            let first = shard * options.per_file;
            let last = (first + options.per_file).min(options.articles);
            write_shard(&sources, options, shard, first..last)
        })
        .collect::<anyhow::Result<Vec<u64>>>()?
        .into_iter()
        .sum();
    let mut m = File::create(&manifest)?;
    writeln!(
        m,
        "articles {} per-file {} seed {} format {:?} from {} source articles in {}",
        options.articles,
        options.per_file,
        options.seed,
        options.format,
        sources.articles.len(),
        options
            .from
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    )?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "generated {} articles in {} {} from {} source articles: {:.1} MB ({:.0} bytes per article) in {:.1} s",
        options.articles,
        shards,
        if options.format == Format::Jsonl { "files" } else { "folders" },
        sources.articles.len(),
        bytes as f64 / 1e6,
        bytes as f64 / options.articles.max(1) as f64,
        secs
    );
    Ok(())
}

fn write_shard(
    sources: &Sources,
    options: &Options,
    shard: u64,
    articles: std::ops::Range<u64>,
) -> anyhow::Result<u64> {
    let mut bytes = 0u64;
    match options.format {
        Format::Jsonl => {
            let path = options.out.join(format!("shard-{shard:05}.jsonl"));
            let partial = path.with_extension("partial");
            let mut out = BufWriter::with_capacity(
                256 * 1024,
                File::create(&partial)
                    .with_context(|| format!("cannot create {}", partial.display()))?,
            );
            let mut line = Vec::with_capacity(8 * 1024);
            for n in articles {
                line.clear();
                serde_json::to_writer(&mut line, &article(sources, options.seed, n))?;
                line.push(b'\n');
                out.write_all(&line)?;
                bytes += line.len() as u64;
            }
            out.flush()?;
            drop(out);
            std::fs::rename(&partial, &path)?;
        }
        Format::Txt => {
            let dir = options.out.join(format!("shard-{shard:05}"));
            std::fs::create_dir_all(&dir)?;
            let header = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
            for n in articles {
                let a = article(sources, options.seed, n);
                let date =
                    OffsetDateTime::parse(&a.date, &time::format_description::well_known::Rfc3339)?;
                let text = format!(
                    "ID: {}\nDate: {}\nURL: {}\n\n{}\n\n{}\n",
                    a.id,
                    date.format(&header)?,
                    a.url,
                    a.title,
                    a.body
                );
                std::fs::write(dir.join(format!("{n:09}.txt")), &text)?;
                bytes += text.len() as u64;
            }
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> Sources {
        let para = |s: &str| {
            format!("{s} said the minister on Monday, adding that 12 people attended the meeting.")
        };
        let make = |category, title: &str| SourceArticle {
            category,
            title: title.to_string(),
            paragraphs: (0..6)
                .map(|i| para(&format!("Paragraph {i} of {title}")))
                .collect(),
        };
        Sources {
            categories: vec!["business".into(), "sport".into()],
            articles: vec![
                make(0, "Shares rise"),
                make(0, "Bank cuts rates"),
                make(1, "Team wins cup"),
            ],
            by_category: vec![vec![0, 1], vec![2]],
        }
    }

    #[test]
    fn same_seed_and_number_give_the_same_article() {
        let s = sources();
        let a = article(&s, 42, 7);
        let b = article(&s, 42, 7);
        assert_eq!(a.body, b.body);
        assert_eq!(a.title, b.title);
        assert_eq!(a.id, "gen-42-7");
        let others: Vec<String> = (0..20).map(|n| article(&s, 42, n).body).collect();
        assert!(others.iter().any(|o| *o != a.body));
    }

    #[test]
    fn articles_mix_only_their_own_category() {
        let s = sources();
        for n in 0..200 {
            let a = article(&s, 1, n);
            let sport = a.body.contains("Team wins cup");
            let business = a.body.contains("Shares rise") || a.body.contains("Bank cuts rates");
            assert!(sport != business, "{}", a.body);
            assert!(newsdex::date::parse_date(&a.date).is_some(), "{}", a.date);
            assert!(a.url.starts_with("https://"));
        }
    }

    #[test]
    fn credits_are_found_by_the_extractor() {
        let s = sources();
        let extractor = newsdex::extract::Extractor::new(newsdex::extract::Vocabulary::builtin());
        let mut credited = 0;
        for n in 0..200 {
            let a = article(&s, 3, n);
            let found = extractor.extract_text(&a.body, None);
            if !found.sources.is_empty() {
                credited += 1;
            }
        }
        // 80% of articles carry a credit.
        assert!((140..=180).contains(&credited), "{credited}");
    }

    #[test]
    fn shards_are_written_and_read_back_by_newsdex() {
        let s = sources();
        let dir = std::env::temp_dir().join(format!("newsdex-bench-gen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let options = Options {
            articles: 5,
            out: dir.clone(),
            from: Vec::new(),
            per_file: 2,
            seed: 9,
            format: Format::Jsonl,
        };
        let mut total = 0;
        for shard in 0..3 {
            let first = shard * 2;
            write_shard(&s, &options, shard, first..(first + 2).min(5)).unwrap();
            newsdex::parse::read_file(&dir.join(format!("shard-{shard:05}.jsonl")), &mut |a| {
                assert!(a.published.is_some());
                assert!(a.id.as_deref().unwrap().starts_with("gen-9-"));
                total += 1;
            });
        }
        assert_eq!(total, 5);
        let txt = Options {
            format: Format::Txt,
            ..options
        };
        write_shard(&s, &txt, 0, 0..1).unwrap();
        let mut read = Vec::new();
        newsdex::parse::read_file(&dir.join("shard-00000/000000000.txt"), &mut |a| {
            read.push(a)
        });
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].id.as_deref(), Some("gen-9-0"));
        assert!(read[0].published.is_some() && read[0].url.is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
