//! A search as the user asked for it, from the command line or from a URL.
//!
//! [`SearchParams`] holds what was typed, named after the CLI flags (`q`,
//! `source`, `speaker`, `said_by`, `since`, ...); the URL parameters of the
//! web pages and of `/api/` are the same names, so a search on the command
//! line and its page are one translation apart. [`crate::archive::Archive::request`]
//! resolves the parameters against an index into a [`crate::search::SearchRequest`]; this
//! module only reads and writes them.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;
use time::OffsetDateTime;

use crate::date::parse_period;

use crate::histogram::Interval;
use crate::search::{FacetLimit, SortOrder};

/// The most hits one request may ask for (`limit`) from the web.
pub const MAX_LIMIT: usize = 1000;

/// The deepest page one request may ask for (`offset`) from the web.
pub const MAX_OFFSET: usize = 100_000;

/// The longest query text the web takes, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Where parameters came from, so that errors name them as the user
/// wrote them (`--since` or `since`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Command-line flags.
    #[default]
    CommandLine,
    /// URL parameters.
    Url,
}

/// What a search asks for, as given: names are not yet matched to the
/// index, dates not yet parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchParams {
    /// The query; `*` matches every article.
    pub q: String,
    /// Outlets, or `@group`s of outlets.
    pub source: Vec<String>,
    /// People quoted.
    pub speaker: Vec<String>,
    /// People whose statements are searched.
    pub said_by: Vec<String>,
    /// Authors.
    pub author: Vec<String>,
    /// Languages.
    pub lang: Vec<String>,
    /// First date: 2024, 2024-12 or 2024-12-26.
    pub since: Option<String>,
    /// Last date (the whole year, month or day).
    pub until: Option<String>,
    /// Order of the hits.
    pub sort: SortOrder,
    /// Hits per page.
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Every hit after `offset`.
    pub all: bool,
    /// A timeline instead of hits.
    pub histogram: Option<Interval>,
    /// Each story once.
    pub collapse: bool,
    /// Sources and speakers counted.
    pub facets: FacetLimit,
    /// Run what parses of a broken query.
    pub lenient: bool,
    /// Group files given on the command line (never from a URL).
    pub groups: Vec<PathBuf>,
    /// Where these came from.
    pub origin: Origin,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            q: "*".to_string(),
            source: Vec::new(),
            speaker: Vec::new(),
            said_by: Vec::new(),
            author: Vec::new(),
            lang: Vec::new(),
            since: None,
            until: None,
            sort: SortOrder::Relevance,
            limit: 10,
            offset: 0,
            all: false,
            histogram: None,
            collapse: true,
            facets: FacetLimit::default(),
            lenient: false,
            groups: Vec::new(),
            origin: Origin::CommandLine,
        }
    }
}

/// A request that cannot be run as given. Each is the user's to fix.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// A filter with an empty value.
    #[error("{0} was given an empty value; give a name (or leave the flag out)")]
    EmptyValue(String),
    /// A date that is not one.
    #[error("{flag} '{text}' is not a date; write 2024, 2024-12 or 2024-12-26")]
    BadDate {
        /// `--since` or `--until`.
        flag: String,
        /// What was given.
        text: String,
    },
    /// `since` after `until`.
    #[error("the date range is empty: {since_flag} {since} is after {until_flag} {until}; swap them ({since_flag} {until} {until_flag} {since})")]
    EmptyRange {
        /// The flag's name.
        since_flag: String,
        /// Its value.
        since: String,
        /// The flag's name.
        until_flag: String,
        /// Its value.
        until: String,
    },
    /// A group file that cannot be read, or an unknown group.
    #[error(transparent)]
    Groups(#[from] crate::groups::GroupError),
    /// A URL parameter with a value it cannot take.
    #[error("parameter {name}={value:?}: {reason}")]
    BadParameter {
        /// The parameter.
        name: String,
        /// Its value.
        value: String,
        /// What it takes.
        reason: String,
    },
    /// A URL parameter that does not exist.
    #[error("unknown parameter '{0}' (the parameters are q, source, speaker, said_by, author, lang, since, until, sort, limit, offset, histogram, collapse, facets, lenient)")]
    UnknownParameter(String),
}

impl SearchParams {
    /// The name of a parameter as the user wrote it: `--said-by` on the
    /// command line, `said_by` in a URL.
    pub fn flag(&self, name: &str) -> String {
        match self.origin {
            Origin::CommandLine => format!("--{}", name.replace('_', "-")),
            Origin::Url => name.to_string(),
        }
    }

    /// The `[since, until)` bounds of `since` and `until`: the start of the
    /// first period and the end of the second.
    pub fn dates(&self) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), RequestError> {
        let period = |name: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(|text| {
                    parse_period(text).ok_or_else(|| RequestError::BadDate {
                        flag: self.flag(name),
                        text: text.to_string(),
                    })
                })
                .transpose()
        };
        let start = period("since", &self.since)?.map(|(start, _)| start);
        let end = period("until", &self.until)?.map(|(_, end)| end);
        if let (Some(start), Some(end), Some(since), Some(until)) =
            (start, end, &self.since, &self.until)
        {
            if start >= end {
                return Err(RequestError::EmptyRange {
                    since_flag: self.flag("since"),
                    since: since.clone(),
                    until_flag: self.flag("until"),
                    until: until.clone(),
                });
            }
        }
        Ok((start, end))
    }

    /// Checks what can be checked without an index (no empty filter
    /// value, real dates in order) and gives the date bounds.
    pub fn check(&self) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), RequestError> {
        let filters = [
            ("source", &self.source),
            ("said_by", &self.said_by),
            ("speaker", &self.speaker),
            ("author", &self.author),
            ("lang", &self.lang),
        ];
        for (name, values) in filters {
            if values.iter().any(|v| v.trim().is_empty()) {
                return Err(RequestError::EmptyValue(self.flag(name)));
            }
        }
        self.dates()
    }

    /// Parameters from the pairs of a URL's query string (`q=peace&source=TASS&source=Trend`).
    /// Repeatable parameters repeat; unknown ones and bad values are errors;
    /// `limit`, `offset` and the query's length are bounded.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SearchParams, RequestError> {
        let mut params = SearchParams {
            origin: Origin::Url,
            ..SearchParams::default()
        };
        let bad = |name: &str, value: &str, reason: &str| RequestError::BadParameter {
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        };
        let number = |name: &str, value: &str, max: usize| -> Result<usize, RequestError> {
            let n: usize = value
                .trim()
                .parse()
                .map_err(|_| bad(name, value, "give a whole number, 0 or more"))?;
            if n > max {
                return Err(bad(name, value, &format!("at most {max}")));
            }
            Ok(n)
        };
        let flag = |name: &str, value: &str| -> Result<bool, RequestError> {
            match value {
                "" | "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(bad(name, value, "give true or false")),
            }
        };
        for (name, value) in pairs {
            match name {
                "q" => {
                    if value.len() > MAX_QUERY_BYTES {
                        return Err(bad(
                            name,
                            &format!("{}...", value.chars().take(40).collect::<String>()),
                            &format!("a query is at most {MAX_QUERY_BYTES} bytes"),
                        ));
                    }
                    params.q = value.to_string();
                }
                // A form sends its empty fields: an empty value is no value.
                "source" | "speaker" | "said_by" | "author" | "lang" if value.trim().is_empty() => {
                }
                "source" => params.source.push(value.to_string()),
                "speaker" => params.speaker.push(value.to_string()),
                "said_by" => params.said_by.push(value.to_string()),
                "author" => params.author.push(value.to_string()),
                "lang" => params.lang.push(value.to_string()),
                "since" | "until" => {
                    let value = (!value.trim().is_empty()).then(|| value.to_string());
                    if name == "since" {
                        params.since = value;
                    } else {
                        params.until = value;
                    }
                }
                "sort" if value.is_empty() => {}
                "sort" => {
                    params.sort = SortOrder::from_str(value, true)
                        .map_err(|_| bad(name, value, "give relevance, newest or oldest"))?
                }
                "histogram" => {
                    params.histogram = match value {
                        "" | "none" => None,
                        _ => Some(
                            Interval::from_str(value, true)
                                .map_err(|_| bad(name, value, "give day, week, month or year"))?,
                        ),
                    }
                }
                "limit" => params.limit = number(name, value, MAX_LIMIT)?,
                "offset" => params.offset = number(name, value, MAX_OFFSET)?,
                "facets" => {
                    params.facets = match value.parse::<FacetLimit>() {
                        Ok(FacetLimit::Top(n)) if n > MAX_LIMIT => {
                            return Err(bad(
                                name,
                                value,
                                &format!("give at most {MAX_LIMIT}, or 'all'"),
                            ))
                        }
                        Ok(limit) => limit,
                        Err(_) => {
                            return Err(bad(name, value, "give a number, 0 for none or 'all'"))
                        }
                    }
                }
                "collapse" => params.collapse = flag(name, value)?,
                "lenient" => params.lenient = flag(name, value)?,
                _ => return Err(RequestError::UnknownParameter(name.to_string())),
            }
        }
        if params.q.trim().is_empty() {
            params.q = "*".to_string();
        }
        Ok(params)
    }

    /// The URL query string of these parameters, without those left at
    /// their defaults: what [`SearchParams::from_pairs`] reads back.
    pub fn to_query_string(&self) -> String {
        let defaults = SearchParams::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.q != defaults.q {
            pairs.push(("q", self.q.clone()));
        }
        let lists = [
            ("source", &self.source),
            ("speaker", &self.speaker),
            ("said_by", &self.said_by),
            ("author", &self.author),
            ("lang", &self.lang),
        ];
        for (name, values) in lists {
            pairs.extend(values.iter().map(|v| (name, v.clone())));
        }
        if let Some(since) = &self.since {
            pairs.push(("since", since.clone()));
        }
        if let Some(until) = &self.until {
            pairs.push(("until", until.clone()));
        }
        if self.sort != defaults.sort {
            pairs.push(("sort", value_name(self.sort)));
        }
        if let Some(interval) = self.histogram {
            pairs.push(("histogram", value_name(interval)));
        }
        if self.limit != defaults.limit {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.offset != 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        if self.facets != defaults.facets {
            pairs.push(("facets", self.facets.to_string()));
        }
        if !self.collapse {
            pairs.push(("collapse", "false".to_string()));
        }
        if self.lenient {
            pairs.push(("lenient", "true".to_string()));
        }
        let mut out = String::new();
        for (i, (name, value)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            let _ = write!(out, "{name}={}", encode(value));
        }
        out
    }
}

/// The name clap gives a value (`newest`, `month`): its URL parameter
/// value too.
pub(crate) fn value_name(value: impl ValueEnum) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// Percent-encodes a URL query value (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<SearchParams, RequestError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn url_parameters_are_named_after_the_flags_and_repeat() {
        let params = parse("q=minefield+maps&source=TASS&source=Trend&said_by=Zakharova&sort=newest&limit=5&offset=10&histogram=month&collapse=false").unwrap();
        assert_eq!(params.q, "minefield maps");
        assert_eq!(params.source, ["TASS", "Trend"]);
        assert_eq!(params.said_by, ["Zakharova"]);
        assert_eq!(params.sort, SortOrder::Newest);
        assert_eq!((params.limit, params.offset), (5, 10));
        assert_eq!(params.histogram, Some(Interval::Month));
        assert!(!params.collapse);
        assert_eq!(params.flag("said_by"), "said_by");
    }

    #[test]
    fn a_query_string_reads_back_as_the_same_parameters() {
        let params = parse("q=%22Martin+O%27Neill%22+%26+co&source=Caliber.Az&speaker=Maria+Zakharova&since=2024-05&sort=oldest&facets=0&lenient=1").unwrap();
        let again = parse(&params.to_query_string()).unwrap();
        assert_eq!(again, params);
        assert_eq!(parse("").unwrap().to_query_string(), "");
    }

    #[test]
    fn bad_unknown_and_unbounded_parameters_are_errors() {
        for (query, says) in [
            ("limit=-1", "whole number"),
            ("limit=100000", "at most 1000"),
            ("offset=100000000", "at most 100000"),
            ("sort=best", "relevance, newest or oldest"),
            ("histogram=hour", "day, week, month or year"),
            ("collapse=maybe", "true or false"),
            ("page=2", "unknown parameter 'page'"),
        ] {
            let err = parse(query).unwrap_err().to_string();
            assert!(err.contains(says), "{query}: {err}");
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        assert!(parse(&long)
            .unwrap_err()
            .to_string()
            .contains("at most 4096 bytes"));
    }

    #[test]
    fn the_empty_fields_of_a_form_are_left_out() {
        let params = parse("q=peace&said_by=&source=&since=&until=&sort=").unwrap();
        assert_eq!(params, parse("q=peace").unwrap());
    }

    #[test]
    fn flags_are_named_as_on_the_command_line() {
        assert_eq!(SearchParams::default().flag("said_by"), "--said-by");
    }
}
