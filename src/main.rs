//! The `newsdex` binary: parse the command line, run, exit with a status.

use std::process::ExitCode;

use clap::Parser;
use newsdex::cli::Cli;
use newsdex::cmd::{self, Status};

// Extraction and indexing make many small, short-lived allocations, which
// mimalloc serves faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::from(Status::Success as u8),
        Err(err) => {
            newsdex::output::message(&format!("newsdex: {}", cmd::describe(&err)));
            ExitCode::from(Status::Error as u8)
        }
    }
}
