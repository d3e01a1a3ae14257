//! One module per subcommand; each turns parsed arguments into work and
//! an exit status.

pub mod eval;
pub mod extract;
pub mod index;
pub mod search;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command};
use crate::extract::Vocabulary;

/// What a command's exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done; for search: at least one hit.
    Success = 0,
    /// Search found nothing.
    NoMatch = 1,
    /// Something went wrong (also used by main for errors).
    Error = 2,
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args, cli.color),
        Command::Extract(args) => extract::run(&args, cli.color),
        Command::Eval(args) => eval::run(&args),
    }
}

/// The shipped vocabularies plus the user's outlet lists: the files given
/// and `outlets.txt` in the index folder, if there is one.
pub fn load_vocabulary(index_dir: Option<&Path>, extra: &[PathBuf]) -> anyhow::Result<Vocabulary> {
    let mut files: Vec<&Path> = extra.iter().map(PathBuf::as_path).collect();
    let beside = index_dir.map(|d| d.join("outlets.txt"));
    if let Some(beside) = beside.as_deref().filter(|p| p.is_file()) {
        files.push(beside);
    }
    Ok(Vocabulary::with_outlet_files(&files)?)
}

/// Whether an error is a closed output pipe (`newsdex search x | head`),
/// which ends the program quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
