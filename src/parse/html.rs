//! Saved web pages (`.html`, `.htm`) to articles, through
//! [`crate::html::read_page`]; a page that holds no article is reported
//! with the reason. The web archive reader turns its pages into articles
//! here too.

use std::path::Path;

use super::fields::web_host;
use super::{finish_with, problem, Article, FileOutcome, ProblemKind};
use crate::html::Page;

/// The largest page read, in bytes; a bigger file is not a saved page.
pub(super) const MAX_PAGE: usize = 32 * 1024 * 1024;

pub(super) fn read_html(
    path: &Path,
    bytes: &[u8],
    emit: &mut dyn FnMut(Article),
    outcome: &mut FileOutcome,
) {
    if bytes.len() > MAX_PAGE {
        let message = format!(
            "a page of {} MB is too big to be a saved article (at most {} MB); skipped",
            bytes.len() / (1024 * 1024),
            MAX_PAGE / (1024 * 1024)
        );
        outcome
            .problems
            .push(problem(path, None, &message, ProblemKind::FileSkipped));
        return;
    }
    match crate::html::read_page(bytes, None) {
        Ok(page) => {
            let article = page_article(path, None, None, page);
            outcome.articles += 1;
            emit(article);
        }
        Err(reason) => {
            let message = format!("no article in this page: {reason}; skipped");
            outcome
                .problems
                .push(problem(path, None, &message, ProblemKind::FileSkipped));
        }
    }
}

/// The article of a page read from `path` (record `record` of it, for a
/// web archive), finished. `id` is the record's own identifier.
pub(super) fn page_article(
    path: &Path,
    record: Option<usize>,
    id: Option<String>,
    page: Page,
) -> Article {
    // The outlet's name, unless the page gives a domain for it.
    let (source, named_site) = match page.site_name {
        Some(name) => match web_host(&name) {
            Some(host) => (None, Some(host)),
            None => (Some(name), None),
        },
        None => (None, None),
    };
    let site = named_site.or_else(|| page.url.as_deref().and_then(web_host));
    let mut article = Article {
        path: path.to_path_buf(),
        record,
        id,
        title: page.title,
        body: page.body,
        published: page.published,
        url: page.url,
        source,
        site,
        authors: page.authors,
        language: page.language.as_deref().and_then(crate::language::from_tag),
    };
    finish_with(&mut article, record.is_none());
    article
}
