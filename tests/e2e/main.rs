//! End-to-end tests: the real `newsdex` binary run on real files in
//! temporary folders. One test binary, a module per area, so that the
//! tests link once.

mod common;

mod server;

mod bad_input;
mod browser;
mod cluster;
mod crash;
mod explore;
mod extract;
mod formats;
mod fuzzed;
mod incremental;
mod index;
mod languages;
mod permissions;
mod pipes;
mod readme;
mod search;
mod web;
