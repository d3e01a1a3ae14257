//! newsdex: a command-line search engine for news archives.
//!
//! The modules follow the data's path: [`walk`] finds the files of an
//! archive, [`parse`] turns each into articles, [`extract`] finds speakers
//! and sources, [`schema`] maps articles to the index fields, [`index`]
//! writes them; [`html`] reads saved web pages into articles. [`search`]
//! runs queries with filters and facets and [`output`] prints the results
//! for people or programs. [`eval`] scores the extractor against labelled
//! articles; [`cli`] and [`cmd`] are the command line.

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
pub mod output;
pub mod parse;
pub mod query;
pub mod request;
pub mod schema;
pub mod search;
pub mod signature;
pub mod snippet;
pub mod storage;
pub mod walk;
pub mod web;
