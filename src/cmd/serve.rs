//! `newsdex serve`: the archive in a browser.

use super::Status;
use crate::cli::ServeArgs;
use crate::web::{self, ServeOptions};

/// Runs `newsdex serve` until Ctrl-C.
pub fn run(args: &ServeArgs) -> anyhow::Result<Status> {
    web::serve(&ServeOptions {
        dir: args.index.dir.clone(),
        bind: args.bind,
        port: args.port,
    })?;
    Ok(Status::Success)
}
