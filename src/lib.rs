//! newsdex: a search engine for news archives.
//!
//! The modules follow the data's path: [`walk`] finds the files of an
//! archive, [`parse`] turns each into articles ([`html`] reads saved web
//! pages), [`extract`] finds speakers and sources, [`document`] maps an
//! article to its index document and back, [`index`] writes them. On the
//! reading side, [`request`] holds a search as asked (command-line flags or
//! URL parameters of the same names), [`archive`] opens an index folder and
//! resolves a request, [`search`] runs it, and [`output`] prints the result
//! for people or programs while [`web`] serves it in a browser and as JSON.
//! [`eval`] scores the extractor against labelled articles; [`cli`] and
//! [`cmd`] are the command line.

pub mod archive;
pub mod cli;
pub mod cmd;
pub mod date;
pub mod document;
pub mod eval;
mod exclusion;
pub mod extract;
pub mod facets;
pub mod groups;
pub mod histogram;
pub mod html;
pub mod index;
pub mod language;
pub mod lists;
pub mod opensearch;
pub mod output;
pub mod parse;
pub mod query;
pub mod request;
mod said;
pub mod schema;
pub mod search;
pub mod signature;
pub mod snippet;
mod stem;
pub mod storage;
pub mod walk;
pub mod web;
