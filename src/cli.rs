//! The command line, defined once with clap derive; `///` comments are the
//! help text.

use crate::search::FacetLimit;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::histogram::Interval;
use crate::output::{ColorWhen, Format};
use crate::search::SortOrder;

/// Reads a count (`--limit 10`): a whole number, 0 or more. A negative
/// number is read as a value, not taken for a flag, so that the message
/// can say what is wrong.
fn count<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim().parse().map_err(|_| {
        if text.trim().starts_with('-') {
            "must be a positive number (or 0)".to_string()
        } else {
            "must be a whole number, such as 10".to_string()
        }
    })
}

fn facet_limit(text: &str) -> Result<FacetLimit, String> {
    if text.trim().starts_with('-') {
        return Err("must be a positive number, 0 for none or 'all'".to_string());
    }
    text.parse()
}

/// newsdex: search a folder of news articles by keyword, phrase, source
/// outlet and speaker.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, about, long_about = None)]
pub struct Cli {
    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the index lives.
#[derive(Debug, Args, Clone)]
pub struct IndexDir {
    /// Index folder [default: $NEWSDEX_INDEX, else ./newsdex-index].
    #[arg(
        long = "index",
        value_name = "DIR",
        env = "NEWSDEX_INDEX",
        default_value = "newsdex-index",
        hide_env = true,
        hide_default_value = true
    )]
    pub dir: PathBuf,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index an archive: walk it, read every article, find speakers and sources, store them.
    ///
    /// Example: newsdex index sample-corpus
    Index(IndexArgs),
    /// Search the index.
    ///
    /// Example: newsdex search '"South Caucasus" peace' --source Trend --speaker Zakharova
    Search(SearchArgs),
    /// List sources or speakers with their article counts, for the whole archive or a query.
    ///
    /// Example: newsdex facets minefield --field speaker --limit 20
    Facets(FacetsArgs),
    /// Print one article whole: its fields, speakers and sources.
    ///
    /// Example: newsdex show 735119b0ca669ba9
    Show(ShowArgs),
    /// List the articles most like one article.
    ///
    /// Example: newsdex similar 735119b0ca669ba9 --limit 5
    Similar(SimilarArgs),
    /// Print figures about the index: articles, sources, speakers, dates, size, last update.
    ///
    /// Example: newsdex stats
    Stats(StatsArgs),
    /// Serve the archive in a browser: search, facets, timeline, articles, and a JSON API.
    ///
    /// Example: newsdex serve --port 8080
    Serve(ServeArgs),
    /// Print a shell completion script.
    ///
    /// Example: newsdex completions bash > ~/.local/share/bash-completion/completions/newsdex
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    ///
    /// Example: newsdex man | man -l -
    Man,
    /// Show what the extractor finds in files, without indexing.
    ///
    /// Example: newsdex extract --json sample-corpus/caucasus/zakharova-mirzoyan-press-conference.txt
    Extract(ExtractArgs),
    /// Score the extractor against a labelled gold set (precision, recall, F1).
    ///
    /// Example: newsdex eval tests/gold/sample-corpus.jsonl
    Eval(EvalArgs),
}

/// `newsdex index`
#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub index: IndexDir,
    /// Extra outlet list (`Canonical | alias | alias` per line); repeatable.
    /// Files named outlets.txt and people.txt in the index folder are read too.
    #[arg(long = "outlets", value_name = "FILE")]
    pub outlets: Vec<PathBuf>,
    /// People's name variants (`Maria Zakharova | Maria Vladimirovna Zakharova | M. Zakharova`
    /// per line), so one person is one speaker; repeatable.
    #[arg(long = "people", value_name = "FILE")]
    pub people: Vec<PathBuf>,
    /// Threads for reading and extraction, and for the index writer [default: one per core].
    #[arg(long, value_name = "N", value_parser = count::<usize>, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Memory budget of the index writer, in MB (at least 16 per thread).
    #[arg(long, value_name = "MB", default_value_t = 512, value_parser = count::<usize>, allow_negative_numbers = true)]
    pub memory: usize,
    /// Commit after every N articles (0: by time and at the end only).
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = count::<u64>, allow_negative_numbers = true)]
    pub commit_every: u64,
    /// Commit when this many seconds passed since the last commit.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = count::<u64>, allow_negative_numbers = true)]
    pub commit_interval: u64,
    /// Keep the articles of files that no longer exist (by default they are deleted).
    #[arg(long)]
    pub no_prune: bool,
    /// Read every file again, even those already indexed and unchanged
    /// (after changing outlets.txt or people.txt, for instance).
    #[arg(long)]
    pub force: bool,
    /// Write every skipped file or record, and every warning, to FILE as JSON Lines.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Exit with status 2 if any file or record was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors: no progress, warnings or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also read hidden files and folders, and files that usually describe an archive rather
    /// than hold articles (README, LICENSE, CHANGELOG, ...), which are left out by default.
    #[arg(long)]
    pub all_files: bool,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Primary shards of an index created on the cluster.
    #[arg(long = "os-shards", value_name = "N", default_value_t = 1)]
    pub os_shards: u32,
    /// Replicas of each shard of an index created on the cluster.
    #[arg(long = "os-replicas", value_name = "N", default_value_t = 1)]
    pub os_replicas: u32,
    /// Folders or files to index.
    #[arg(value_name = "ARCHIVE", required = true)]
    pub archives: Vec<PathBuf>,
}

/// Where a cluster is and how to reach it: `--opensearch URL` and its
/// credentials.
#[derive(Debug, Args, Clone, Default)]
pub struct ClusterArgs {
    /// Index into (or search) the OpenSearch cluster at URL instead of a local index folder.
    #[arg(long = "opensearch", value_name = "URL", env = "NEWSDEX_OPENSEARCH")]
    pub opensearch: Option<String>,
    /// Name of the index on the cluster.
    #[arg(
        long = "os-index",
        value_name = "NAME",
        default_value = "newsdex",
        env = "NEWSDEX_OS_INDEX"
    )]
    pub os_index: String,
    /// User for the cluster's basic authentication (the password from --os-password or NEWSDEX_OS_PASSWORD).
    #[arg(long = "os-user", value_name = "USER", env = "NEWSDEX_OS_USER")]
    pub os_user: Option<String>,
    /// Password for --os-user.
    #[arg(
        long = "os-password",
        value_name = "PASSWORD",
        env = "NEWSDEX_OS_PASSWORD",
        hide_env_values = true
    )]
    pub os_password: Option<String>,
    /// API key for the cluster, sent as `Authorization: ApiKey KEY`.
    #[arg(
        long = "os-api-key",
        value_name = "KEY",
        env = "NEWSDEX_OS_API_KEY",
        hide_env_values = true
    )]
    pub os_api_key: Option<String>,
    /// PEM file of the certificate authorities to trust for an https:// cluster.
    #[arg(long = "os-ca", value_name = "FILE", env = "NEWSDEX_OS_CA")]
    pub os_ca: Option<PathBuf>,
}

/// `newsdex search`
#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub index: IndexDir,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Only articles crediting this outlet (aliases and case ignored), or any outlet of a
    /// group (@caucasus); repeat to allow several.
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,
    /// Only what this person said: the query is run over the statements the extractor
    /// attributes to them, and hits show the matching statement (full name, or surname when
    /// unambiguous); repeat to allow several.
    #[arg(long = "said-by", value_name = "NAME")]
    pub said_by: Vec<String>,
    /// Outlet groups file (`caucasus = Trend, APA, Report.az` per line); groups.txt beside
    /// the index is read too.
    #[arg(long = "groups", value_name = "FILE")]
    pub groups: Vec<PathBuf>,
    /// Only articles quoting this person (full name, or surname when unambiguous); repeat to allow several.
    #[arg(long = "speaker", value_name = "NAME")]
    pub speakers: Vec<String>,
    /// Only articles by this author, as bylines name them (full name, or surname when
    /// unambiguous); repeat to allow several.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// Only articles in this language: an ISO 639-1 code (en, ru, tr) or a name (Russian);
    /// repeat to allow several.
    #[arg(long = "lang", value_name = "CODE")]
    pub languages: Vec<String>,
    /// Instead of hits, count the matching articles per day, week, month or year, with
    /// their share of all articles of the period; one series per source when several
    /// --source are given.
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub histogram: Option<Interval>,
    /// Show near-duplicate copies of a story (the same report published by several outlets)
    /// as separate hits; by default each story is shown once, with "also published by".
    #[arg(long)]
    pub no_collapse: bool,
    /// Run what can be parsed of a query with syntax errors, saying what was left out.
    #[arg(long)]
    pub lenient: bool,
    /// Only articles published on or after this date: 2024, 2024-12 or 2024-12-26.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date (the whole year, month or day): 2024, 2024-12 or 2024-12-26.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
    /// Number of hits to print.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10, value_parser = count::<usize>, allow_negative_numbers = true)]
    pub limit: usize,
    /// Number of sources and of speakers counted in the facets (the most frequent); 'all'
    /// counts every one ('newsdex facets' lists them too), 0 none (the fastest search).
    #[arg(long, value_name = "N", default_value_t = FacetLimit::Top(20), value_parser = facet_limit, allow_negative_numbers = true)]
    pub facets: FacetLimit,
    /// Skip the first N hits (the next page: --offset 10).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = count::<usize>, allow_negative_numbers = true)]
    pub offset: usize,
    /// Print every hit (after --offset), however many.
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Output format: human (default), json (one object), jsonl (one hit per line), csv (a header row, then one hit per row).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Shorthand for --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// The query: words (all required), "exact phrases", OR, AND, -word, title:word. Use '*' for everything.
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,
}

/// `newsdex facets`
#[derive(Debug, Args)]
pub struct FacetsArgs {
    #[command(flatten)]
    pub index: IndexDir,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Which list (default: both).
    #[arg(long, value_enum)]
    pub field: Option<crate::facets::FacetField>,
    /// Number of values to list per field; 0 lists all of them.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 20, value_parser = count::<usize>, allow_negative_numbers = true)]
    pub limit: usize,
    /// Only articles published on or after this date: 2024, 2024-12 or 2024-12-26.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date: 2024, 2024-12 or 2024-12-26.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Count only the articles matching this query (default: all).
    #[arg(value_name = "QUERY", default_value = "*", allow_hyphen_values = true)]
    pub query: String,
}

/// `newsdex show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub index: IndexDir,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also show, for each speaker and source, the rule and sentence that produced it.
    #[arg(long)]
    pub explain: bool,
    /// The article's id (as printed by search).
    #[arg(value_name = "ID")]
    pub id: String,
}

/// `newsdex similar`
#[derive(Debug, Args)]
pub struct SimilarArgs {
    #[command(flatten)]
    pub index: IndexDir,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Number of articles to list.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10, value_parser = count::<usize>, allow_negative_numbers = true)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Shorthand for --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// The article's id (as printed by search).
    #[arg(value_name = "ID")]
    pub id: String,
}

/// `newsdex serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexDir,
    /// Port to listen on (0 picks a free one, printed at start).
    #[arg(long, value_name = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The default keeps the archive to this machine; any other
    /// (0.0.0.0, a LAN address) lets whoever reaches it read the archive.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
}

/// `newsdex stats`
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index: IndexDir,
    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `newsdex extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Print JSON Lines, one object per article.
    #[arg(long)]
    pub json: bool,
    /// Show, for each speaker and source, the rule and the sentence that produced it.
    #[arg(long)]
    pub explain: bool,
    /// Extra outlet list; repeatable.
    #[arg(long = "outlets", value_name = "FILE")]
    pub outlets: Vec<PathBuf>,
    /// People's name variants (`Maria Zakharova | Maria Vladimirovna Zakharova | M. Zakharova`
    /// per line), so one person is one speaker; repeatable.
    #[arg(long = "people", value_name = "FILE")]
    pub people: Vec<PathBuf>,
    /// Also read hidden files and folders, and README, LICENSE and similar files.
    #[arg(long)]
    pub all_files: bool,
    /// Article files or folders.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// `newsdex eval`
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every missed and false speaker and source.
    #[arg(long, short)]
    pub verbose: bool,
    /// Folder that the gold file's paths are relative to.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Extra outlet list; repeatable.
    #[arg(long = "outlets", value_name = "FILE")]
    pub outlets: Vec<PathBuf>,
    /// People's name variants (`Maria Zakharova | Maria Vladimirovna Zakharova | M. Zakharova`
    /// per line), so one person is one speaker; repeatable.
    #[arg(long = "people", value_name = "FILE")]
    pub people: Vec<PathBuf>,
    /// Also score on a PolNeAR folder (text/ and attributions/), converted
    /// to gold records on the fly: persons credited in Source spans are speakers.
    #[arg(long, value_name = "DIR")]
    pub polnear: Option<PathBuf>,
    /// With --polnear: write the converted gold records to FILE (JSON Lines).
    #[arg(long, value_name = "FILE", requires = "polnear")]
    pub write_gold: Option<PathBuf>,
    /// Gold files (JSON Lines: path or text, title, speakers, sources).
    #[arg(value_name = "GOLD", required_unless_present = "polnear")]
    pub gold: Vec<PathBuf>,
}

impl From<&SearchArgs> for crate::request::SearchParams {
    /// The flags of `newsdex search` as parameters; each flag is the
    /// parameter of the same name.
    fn from(args: &SearchArgs) -> Self {
        crate::request::SearchParams {
            q: args.query.clone(),
            source: args.sources.clone(),
            speaker: args.speakers.clone(),
            said_by: args.said_by.clone(),
            author: args.authors.clone(),
            lang: args.languages.clone(),
            since: args.since.clone(),
            until: args.until.clone(),
            sort: args.sort,
            limit: args.limit,
            offset: args.offset,
            all: args.all,
            histogram: args.histogram,
            collapse: !args.no_collapse,
            facets: args.facets,
            lenient: args.lenient,
            groups: args.groups.clone(),
            origin: crate::request::Origin::CommandLine,
        }
    }
}

impl ClusterArgs {
    /// The connection's options, from the flags and their variables.
    pub fn options(&self) -> anyhow::Result<crate::opensearch::ClusterOptions> {
        use crate::opensearch::Auth;
        let auth = match (&self.os_user, &self.os_password, &self.os_api_key) {
            (_, _, Some(key)) => Some(Auth::ApiKey(key.clone())),
            (Some(user), Some(password), None) => Some(Auth::Basic {
                user: user.clone(),
                password: password.clone(),
            }),
            (Some(_), None, None) => anyhow::bail!(
                "--os-user needs a password: give --os-password or set NEWSDEX_OS_PASSWORD"
            ),
            (None, _, None) => None,
        };
        Ok(crate::opensearch::ClusterOptions {
            auth,
            ca_file: self.os_ca.clone(),
            attempts: 8,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn repeated_filters_collect() {
        let cli = Cli::try_parse_from([
            "newsdex",
            "search",
            "--source",
            "Trend",
            "--source",
            "APA",
            "--speaker",
            "Zakharova",
            "peace",
        ])
        .unwrap();
        let Command::Search(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.sources, ["Trend", "APA"]);
        assert_eq!(args.speakers, ["Zakharova"]);
        assert_eq!(args.query, "peace");
        assert_eq!(args.limit, 10);
    }
}
