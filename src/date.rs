//! Publication dates as archives write them: RFC 3339, RFC 2822 (RSS
//! `pubDate`), `2024-12-26 21:09:18`, `2024-12-26`, `26.12.2024`,
//! `Dec 26, 2024`, `26 December 2024`, `18 July 2025 11:18 (UTC+04:00)`.
//!
//! A date that cannot be read gives `None`: newsdex never invents a date.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses a publication date in any of the supported formats, as UTC.
pub fn parse_date(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(dt) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(dt.to_offset(UtcOffset::UTC));
    }
    if let Ok(dt) = OffsetDateTime::parse(text, &Rfc2822) {
        return Some(dt.to_offset(UtcOffset::UTC));
    }
    parse_loose(text)
}

/// Formats a date as RFC 3339 (UTC, `Z`).
pub fn format_rfc3339(dt: OffsetDateTime) -> String {
    dt.to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// The period a `--since`/`--until` value names: a year (`2024`), a month
/// (`2024-12`) or a day (`2024-12-26`), as `[start, end)` in UTC.
pub fn parse_period(text: &str) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |s: &str, digits: usize| -> Option<u32> {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = number(parts.first()?, 4)? as i32;
    let midnight = |date: Date| date.with_time(Time::MIDNIGHT).assume_utc();
    let month_start = |year: i32, month: u32| -> Option<Date> {
        Date::from_calendar_date(year, Month::try_from(month as u8).ok()?, 1).ok()
    };
    match parts.as_slice() {
        [_] => Some((
            midnight(month_start(year, 1)?),
            midnight(month_start(year + 1, 1)?),
        )),
        [_, m] => {
            let month = number(m, 2)?;
            let start = month_start(year, month)?;
            let end = if month == 12 {
                month_start(year + 1, 1)?
            } else {
                month_start(year, month + 1)?
            };
            Some((midnight(start), midnight(end)))
        }
        [_, m, d] => {
            let day = Date::from_calendar_date(
                year,
                Month::try_from(number(m, 2)? as u8).ok()?,
                number(d, 2)? as u8,
            )
            .ok()?;
            Some((midnight(day), midnight(day.next_day()?)))
        }
        _ => None,
    }
}

/// The publication date of an article whose metadata gives none, when the
/// text or address states it with its year: a full date in the opening
/// (`LONDON, 14 February 2024 (Reuters) -`), a date in the URL or file path
/// (`/2024/12/26/`, `2024-12-26`), or a dateline without a year
/// (`BAKU, Azerbaijan, May 20.`) when the URL or path gives the year. `None`
/// otherwise: a date is never guessed.
pub fn date_from_text(body: &str, url: Option<&str>, path: &str) -> Option<OffsetDateTime> {
    let mut end = body.len().min(240);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let head = &body[..end];
    let words: Vec<&str> = head
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | '.' | '(' | ')' | '-' | '/' | ':')))
        .collect();
    let is_year = |w: &str| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    };
    // A full date in the opening.
    for (i, word) in words.iter().enumerate() {
        if is_year(word) && i >= 2 {
            for from in [i - 2, i.saturating_sub(3)] {
                if let Some(date) = parse_date(&words[from..=i].join(" ")) {
                    return Some(date);
                }
            }
        }
    }
    // A date in the address or the file's path.
    let places = [url.unwrap_or(""), path];
    for place in places {
        if let Some(date) = numeric_date_in(place) {
            return Some(date);
        }
    }
    // A dateline day and month, with the year from the address or path.
    let year = places.iter().find_map(|place| {
        place
            .split(|c: char| !c.is_ascii_digit())
            .find(|part| is_year(part))
            .and_then(|y| y.parse::<i32>().ok())
    })?;
    let opening = &words[..words.len().min(8)];
    for pair in opening.windows(2) {
        let (month, day) = match (month_from_name(pair[0]), pair[1].parse::<u8>()) {
            (Some(month), Ok(day)) if pair[0].len() >= 3 => (month, day),
            _ => continue,
        };
        if let Ok(date) = Date::from_calendar_date(year, month, day) {
            return Some(date.with_time(Time::MIDNIGHT).assume_utc());
        }
    }
    None
}

/// A `YYYY/MM/DD` or `YYYY-MM-DD` date inside a longer text.
fn numeric_date_in(text: &str) -> Option<OffsetDateTime> {
    let bytes = text.as_bytes();
    for start in 0..bytes.len().saturating_sub(9) {
        let window = &bytes[start..start + 10];
        let digits = |r: std::ops::Range<usize>| window[r].iter().all(u8::is_ascii_digit);
        let sep = window[4];
        if (sep == b'/' || sep == b'-')
            && window[7] == sep
            && digits(0..4)
            && digits(5..7)
            && digits(8..10)
            && (window[0] == b'1' || window[0] == b'2')
            && (start == 0 || !bytes[start - 1].is_ascii_digit())
            && bytes.get(start + 10).is_none_or(|b| !b.is_ascii_digit())
        {
            let text = std::str::from_utf8(window).ok()?.replace('/', "-");
            if let Some(date) = parse_date(&text) {
                return Some(date);
            }
        }
    }
    None
}

fn month_from_name(word: &str) -> Option<Month> {
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let index = NAMES
        .iter()
        .position(|name| name.starts_with(&lower) || (lower == "sept" && *name == "september"))?;
    Month::try_from(index as u8 + 1).ok()
}

/// Splits on anything that is not a letter, digit or sign, keeping `+`/`-`
/// offsets such as `UTC+04:00` readable.
fn parse_loose(text: &str) -> Option<OffsetDateTime> {
    // Numeric forms first: 2024-12-26[ T]HH:MM[:SS], 26.12.2024, 2024/12/26.
    let (date_part, rest) = match text.find([' ', 'T']) {
        Some(i)
            if text[..i]
                .chars()
                .all(|c| c.is_ascii_digit() || "-./".contains(c)) =>
        {
            (&text[..i], text[i + 1..].trim())
        }
        _ => (text, ""),
    };
    if let Some(date) = numeric_date(date_part) {
        let (time, offset) = time_and_offset(rest);
        return Some(
            PrimitiveDateTime::new(date, time)
                .assume_offset(offset)
                .to_offset(UtcOffset::UTC),
        );
    }
    // Word forms: "Dec 26, 2024", "26 December 2024 11:18 (UTC+04:00)", "Thursday, 26 December 2024".
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    let mut consumed = 0;
    for (i, word) in words.iter().enumerate() {
        if month.is_none() {
            if let Some(m) = month_from_name(word) {
                if word.chars().all(|c| c.is_alphabetic() || c == '.') {
                    month = Some(m);
                    consumed = i + 1;
                    continue;
                }
            }
        }
        let digits = word.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let n: i32 = digits.parse().ok()?;
            if digits.len() == 4 && year.is_none() {
                year = Some(n);
                consumed = i + 1;
            } else if digits.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
                day = Some(n as u8);
                consumed = i + 1;
            }
        }
        if month.is_some() && day.is_some() && year.is_some() {
            break;
        }
    }
    let date = Date::from_calendar_date(year?, month?, day?).ok()?;
    let rest = words[consumed.min(words.len())..].join(" ");
    let (time, offset) = time_and_offset(&rest);
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_offset(offset)
            .to_offset(UtcOffset::UTC),
    )
}

fn numeric_date(text: &str) -> Option<Date> {
    let sep = text.chars().find(|c| "-./".contains(*c))?;
    let parts: Vec<&str> = text.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<i32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if parts[2].len() == 4 && sep != '/' {
        // 26.12.2024 and 26-12-2024: day first, as outside the US.
        (nums[2], nums[1], nums[0])
    } else {
        return None;
    };
    Date::from_calendar_date(
        y,
        Month::try_from(u8::try_from(m).ok()?).ok()?,
        u8::try_from(d).ok()?,
    )
    .ok()
}

/// Reads `HH:MM[:SS]` and an optional offset (`Z`, `+04:00`, `UTC+04:00`,
/// `(UTC+04:00)`, `GMT`) from the start of `text`; midnight UTC otherwise.
fn time_and_offset(text: &str) -> (Time, UtcOffset) {
    let mut time = Time::MIDNIGHT;
    let mut offset = UtcOffset::UTC;
    let cleaned: String = text
        .chars()
        .map(|c| if c == '(' || c == ')' { ' ' } else { c })
        .collect();
    for token in cleaned.split_whitespace() {
        let token = token.trim_start_matches("UTC").trim_start_matches("GMT");
        let token = token.strip_suffix('Z').unwrap_or(token);
        let (clock, tz) = match token.find(['+', '-']) {
            Some(i) => (&token[..i], Some(&token[i..])),
            None => (token, None),
        };
        if clock.contains(':') {
            let hms: Vec<u8> = clock
                .split(':')
                .filter_map(|p| p.split('.').next()?.parse().ok())
                .collect();
            if let (Some(&h), Some(&m)) = (hms.first(), hms.get(1)) {
                if let Ok(t) = Time::from_hms(h, m, hms.get(2).copied().unwrap_or(0)) {
                    time = t;
                }
            }
        }
        if let Some(tz) = tz {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let digits: String = tz[1..].chars().filter(|c| c.is_ascii_digit()).collect();
            let (h, m) = match digits.len() {
                1 | 2 => (digits.parse::<i8>().unwrap_or(0), 0),
                4 => (
                    digits[..2].parse().unwrap_or(0),
                    digits[2..].parse().unwrap_or(0),
                ),
                _ => (0, 0),
            };
            if let Ok(o) = UtcOffset::from_hms(sign * h, sign * m, 0) {
                offset = o;
            }
        }
    }
    (time, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_the_text_only_with_their_year() {
        let day = |d: Option<OffsetDateTime>| d.map(|d| format_rfc3339(d)[..10].to_string());
        assert_eq!(
            day(date_from_text(
                "LONDON, 14 February 2024 (Reuters) - Shares rose.",
                None,
                "a.txt"
            )),
            Some("2024-02-14".into())
        );
        assert_eq!(
            day(date_from_text(
                "WASHINGTON, Feb. 3, 2025 /PRNewswire/ -- A company",
                None,
                "a.txt"
            )),
            Some("2025-02-03".into())
        );
        assert_eq!(
            day(date_from_text(
                "Talks resumed.",
                Some("https://x.az/news/2024/12/26/talks"),
                "a.txt"
            )),
            Some("2024-12-26".into())
        );
        assert_eq!(
            day(date_from_text(
                "Talks resumed.",
                None,
                "/archive/2023-05-01-story.txt"
            )),
            Some("2023-05-01".into())
        );
        assert_eq!(
            day(date_from_text(
                "BAKU, Azerbaijan, May 20. Talks resumed.",
                None,
                "/news/2025/baku.txt"
            )),
            Some("2025-05-20".into())
        );
        // A dateline without a year, and nowhere to find it: no date.
        assert_eq!(
            date_from_text(
                "BAKU, Azerbaijan, May 20. Talks resumed.",
                None,
                "/news/baku.txt"
            ),
            None
        );
        // A year alone in the text is not a date.
        assert_eq!(
            date_from_text("In 2020 the war ended.", None, "a.txt"),
            None
        );
    }

    #[test]
    fn periods_cover_a_year_a_month_or_a_day() {
        let (start, end) = parse_period("2024").unwrap();
        assert_eq!(format_rfc3339(start), "2024-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(end), "2025-01-01T00:00:00Z");
        let (start, end) = parse_period("2024-12").unwrap();
        assert_eq!(format_rfc3339(start), "2024-12-01T00:00:00Z");
        assert_eq!(format_rfc3339(end), "2025-01-01T00:00:00Z");
        let (start, end) = parse_period("2024-02-29").unwrap();
        assert_eq!(format_rfc3339(start), "2024-02-29T00:00:00Z");
        assert_eq!(format_rfc3339(end), "2024-03-01T00:00:00Z");
        for bad in [
            "24",
            "2024-13",
            "2023-02-29",
            "2024-1",
            "soon",
            "2024-12-26-1",
        ] {
            assert!(parse_period(bad).is_none(), "{bad}");
        }
    }

    fn iso(text: &str) -> Option<String> {
        parse_date(text).map(format_rfc3339)
    }

    #[test]
    fn reads_the_formats_archives_use() {
        assert_eq!(
            iso("2024-12-26T21:09:18+04:00").unwrap(),
            "2024-12-26T17:09:18Z"
        );
        assert_eq!(iso("2024-12-26 21:09:18").unwrap(), "2024-12-26T21:09:18Z");
        assert_eq!(iso("2024-12-26").unwrap(), "2024-12-26T00:00:00Z");
        assert_eq!(iso("26.12.2024").unwrap(), "2024-12-26T00:00:00Z");
        assert_eq!(iso("Dec 26, 2024").unwrap(), "2024-12-26T00:00:00Z");
        assert_eq!(iso("26 December 2024").unwrap(), "2024-12-26T00:00:00Z");
        assert_eq!(
            iso("18 July 2025 11:18 (UTC+04:00)").unwrap(),
            "2025-07-18T07:18:00Z"
        );
        assert_eq!(
            iso("Thu, 26 Dec 2024 21:09:18 +0000").unwrap(),
            "2024-12-26T21:09:18Z"
        );
        assert_eq!(iso("2025-03-14T09:30:00Z").unwrap(), "2025-03-14T09:30:00Z");
    }

    #[test]
    fn unreadable_dates_are_none_not_invented() {
        assert_eq!(iso(""), None);
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("2024-13-45"), None);
        assert_eq!(iso("December 2024"), None);
    }
}
