//! Timelines: how many matching articles each day, week, month or year,
//! and their share of all the articles of that period (the attention a
//! subject got, as news researchers measure it).
//!
//! [`DayCounts`] is a tantivy collector that counts matching documents per
//! day from the `published` fast field; [`periods`] groups the days into
//! the periods asked for, gaps included.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};
use time::{Date, Duration, Month, OffsetDateTime};

/// The length of a histogram's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar days (UTC).
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

const SECONDS_PER_DAY: i64 = 86_400;

/// Counts matching documents per day (days since 1970-01-01, UTC); undated
/// documents are counted apart.
#[derive(Debug, Clone, Copy)]
pub struct DayCounts;

/// The fruit of [`DayCounts`].
#[derive(Debug, Default, Clone)]
pub struct Days {
    /// Documents per day number.
    pub per_day: BTreeMap<i64, u64>,
    /// Matching documents without a date.
    pub undated: u64,
}

/// The per-segment half of [`DayCounts`]: counts in an array indexed by
/// day, from the segment's first day to its last.
pub struct SegmentDayCounts {
    column: Option<Column<tantivy::DateTime>>,
    first_day: i64,
    per_day: Vec<u64>,
    undated: u64,
}

fn day_of(date: tantivy::DateTime) -> i64 {
    date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY)
}

impl Collector for DayCounts {
    type Fruit = Days;
    type Child = SegmentDayCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDayCounts> {
        let column = reader.fast_fields().date("published").ok();
        let (first_day, days) = match &column {
            Some(c) if c.num_docs() > 0 && c.max_value() >= c.min_value() => {
                let (first, last) = (day_of(c.min_value()), day_of(c.max_value()));
                (first, (last - first + 1).clamp(0, 200_000) as usize)
            }
            _ => (0, 0),
        };
        Ok(SegmentDayCounts {
            column,
            first_day,
            per_day: vec![0; days],
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Days>) -> tantivy::Result<Days> {
        let mut merged = Days::default();
        for days in fruits {
            merged.undated += days.undated;
            for (day, n) in days.per_day {
                *merged.per_day.entry(day).or_insert(0) += n;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentDayCounts {
    type Fruit = Days;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.column.as_ref().and_then(|c| c.first(doc)) {
            Some(date) => {
                let slot = (day_of(date) - self.first_day) as usize;
                if let Some(count) = self.per_day.get_mut(slot) {
                    *count += 1;
                }
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Days {
        let mut days = Days {
            undated: self.undated,
            ..Days::default()
        };
        for (slot, &count) in self.per_day.iter().enumerate() {
            if count > 0 {
                days.per_day.insert(self.first_day + slot as i64, count);
            }
        }
        days
    }
}

/// One period of a histogram.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Period {
    /// `2024-12-26`, `2024-W52`, `2024-12` or `2024`.
    pub period: String,
    /// Matching articles published in the period.
    pub count: u64,
    /// All articles of the period (under the same source, speaker and date
    /// filters, without the query).
    pub total: u64,
    /// `count / total` (0 when the period has no articles).
    pub share: f64,
}

fn date_of_day(day: i64) -> Option<Date> {
    OffsetDateTime::from_unix_timestamp(day * SECONDS_PER_DAY)
        .ok()
        .map(|t| t.date())
}

/// The first day of the period holding `date`.
fn period_start(date: Date, interval: Interval) -> Date {
    match interval {
        Interval::Day => date,
        Interval::Week => {
            date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
        }
        Interval::Month => date.replace_day(1).expect("day 1 exists"),
        Interval::Year => {
            Date::from_calendar_date(date.year(), Month::January, 1).expect("1 January exists")
        }
    }
}

fn next_period(start: Date, interval: Interval) -> Option<Date> {
    match interval {
        Interval::Day => start.next_day(),
        Interval::Week => start.checked_add(Duration::days(7)),
        Interval::Month => {
            let (year, month) = match start.month() {
                Month::December => (start.year() + 1, Month::January),
                m => (start.year(), m.next()),
            };
            Date::from_calendar_date(year, month, 1).ok()
        }
        Interval::Year => Date::from_calendar_date(start.year() + 1, Month::January, 1).ok(),
    }
}

fn label(start: Date, interval: Interval) -> String {
    match interval {
        Interval::Day => format!("{start}"),
        Interval::Week => {
            let (year, week, _) = start.to_iso_week_date();
            format!("{year}-W{week:02}")
        }
        Interval::Month => format!("{}-{:02}", start.year(), start.month() as u8),
        Interval::Year => format!("{}", start.year()),
    }
}

fn group(days: &Days, interval: Interval) -> BTreeMap<Date, u64> {
    let mut grouped = BTreeMap::new();
    for (&day, &n) in &days.per_day {
        if let Some(date) = date_of_day(day) {
            *grouped.entry(period_start(date, interval)).or_insert(0) += n;
        }
    }
    grouped
}

/// The periods from the first to the last one holding a match, with the
/// matching count and the period's total of articles, gaps included.
pub fn periods(matching: &Days, all: &Days, interval: Interval) -> Vec<Period> {
    let matching = group(matching, interval);
    let all = group(all, interval);
    let (Some(&first), Some(&last)) = (matching.keys().next(), matching.keys().next_back()) else {
        return Vec::new();
    };
    let mut periods = Vec::new();
    let mut start = first;
    while start <= last {
        let count = matching.get(&start).copied().unwrap_or(0);
        let total = all.get(&start).copied().unwrap_or(0).max(count);
        periods.push(Period {
            period: label(start, interval),
            count,
            total,
            share: if total == 0 {
                0.0
            } else {
                count as f64 / total as f64
            },
        });
        match next_period(start, interval) {
            Some(next) => start = next,
            None => break,
        }
    }
    periods
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn day(d: Date) -> i64 {
        (d - date!(1970 - 01 - 01)).whole_days()
    }

    fn days(list: &[(Date, u64)]) -> Days {
        Days {
            per_day: list.iter().map(|&(d, n)| (day(d), n)).collect(),
            undated: 0,
        }
    }

    #[test]
    fn months_are_filled_between_first_and_last_match() {
        let matching = days(&[(date!(2024 - 11 - 30), 1), (date!(2025 - 01 - 02), 2)]);
        let all = days(&[
            (date!(2024 - 11 - 01), 3),
            (date!(2024 - 11 - 30), 1),
            (date!(2024 - 12 - 15), 5),
            (date!(2025 - 01 - 02), 2),
            (date!(2025 - 01 - 20), 6),
        ]);
        let months = periods(&matching, &all, Interval::Month);
        let summary: Vec<(&str, u64, u64)> = months
            .iter()
            .map(|p| (p.period.as_str(), p.count, p.total))
            .collect();
        assert_eq!(
            summary,
            [("2024-11", 1, 4), ("2024-12", 0, 5), ("2025-01", 2, 8)]
        );
        assert!((months[0].share - 0.25).abs() < 1e-9);
    }

    #[test]
    fn weeks_are_iso_weeks_and_years_are_calendar_years() {
        // 2024-12-30 is the Monday of ISO week 1 of 2025.
        let matching = days(&[(date!(2024 - 12 - 29), 1), (date!(2025 - 01 - 01), 1)]);
        let weeks = periods(&matching, &matching, Interval::Week);
        let labels: Vec<&str> = weeks.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2024-W52", "2025-W01"]);
        let years = periods(&matching, &matching, Interval::Year);
        let labels: Vec<&str> = years.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2024", "2025"]);
        let days_only = periods(&matching, &matching, Interval::Day);
        assert_eq!(days_only.len(), 4);
        assert_eq!(days_only[1].count, 0);
    }
}
