//! One module per subcommand; each turns parsed arguments into work and
//! an exit status.

pub mod eval;
pub mod extract;
pub mod facets;
pub mod index;
pub mod search;
pub mod serve;
pub mod show;
pub mod similar;
pub mod stats;

use std::io::Write;

use crate::cli::{Cli, Command};

/// What a command's exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done; for search: at least one hit.
    Success = 0,
    /// Search found nothing.
    NoMatch = 1,
    /// Something went wrong (also used by main for errors).
    Error = 2,
    /// Stopped by Ctrl-C (after committing what was done).
    Interrupted = 130,
}

impl Status {
    /// The status of a search with this many matches.
    pub fn of(matches: u64) -> Status {
        if matches > 0 {
            Status::Success
        } else {
            Status::NoMatch
        }
    }
}

/// Checks the paths given to `index` or `extract`: each must exist, and a
/// file named on its own must be of a type newsdex reads.
fn check_archives(paths: &[std::path::PathBuf]) -> anyhow::Result<()> {
    for path in paths {
        if !path.exists() {
            anyhow::bail!("archive {} does not exist", path.display());
        }
        if path.is_file() && crate::parse::detect_format(path).is_none() {
            anyhow::bail!(
                "{}: newsdex does not read this type of file; it reads {}",
                path.display(),
                crate::parse::SUPPORTED_TYPES
            );
        }
    }
    Ok(())
}

/// The index a reading command searches: on the cluster of
/// `--opensearch`, else the local folder of `--index`.
fn open_archive(
    index: &crate::cli::IndexDir,
    cluster: &crate::cli::ClusterArgs,
) -> anyhow::Result<crate::archive::Archive> {
    Ok(match &cluster.opensearch {
        Some(url) => crate::archive::Archive::connect(url, &cluster.os_index, &cluster.options()?)?,
        None => crate::archive::Archive::open(&index.dir)?,
    })
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args, cli.color),
        Command::Extract(args) => extract::run(&args, cli.color),
        Command::Eval(args) => eval::run(&args),
        Command::Facets(args) => facets::run(&args),
        Command::Show(args) => show::run(&args, cli.color),
        Command::Similar(args) => similar::run(&args, cli.color),
        Command::Stats(args) => stats::run(&args),
        Command::Serve(args) => serve::run(&args),
        // Both are rendered in memory first: clap_complete panics when
        // it cannot write (a closed pipe), and a write error is ours to
        // handle.
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "newsdex", &mut script);
            write_stdout(&script)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            write_stdout(&page)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(Status::Success)
}

/// An error and its causes on one line, each cause once: a cause whose
/// text the line already holds (libraries often repeat their source in
/// their own message) is left out.
pub fn describe(err: &anyhow::Error) -> String {
    let mut line = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}

/// Whether an error is a closed output pipe (`newsdex search x | head`),
/// which ends the program quietly. The writers of CSV and JSON wrap the
/// I/O error in their own.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io.kind() == BrokenPipe;
        }
        if let Some(csv) = cause.downcast_ref::<csv::Error>() {
            return matches!(csv.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
        }
        if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
            return json.io_error_kind() == Some(BrokenPipe);
        }
        false
    })
}
