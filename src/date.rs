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
    // The end of a period in the last year there is (9999) is the end of
    // time.
    let end_of = |date: Option<Date>| {
        date.map(midnight)
            .unwrap_or_else(|| Date::MAX.with_time(Time::MAX).assume_utc())
    };
    let month_start = |year: i32, month: u32| -> Option<Date> {
        Date::from_calendar_date(year, Month::try_from(month as u8).ok()?, 1).ok()
    };
    match parts.as_slice() {
        [_] => Some((
            midnight(month_start(year, 1)?),
            end_of(month_start(year + 1, 1)),
        )),
        [_, m] => {
            let month = number(m, 2)?;
            let start = month_start(year, month)?;
            let end = if month == 12 {
                month_start(year + 1, 1)
            } else {
                month_start(year, month + 1)
            };
            Some((midnight(start), end_of(end)))
        }
        [_, m, d] => {
            let day = Date::from_calendar_date(
                year,
                Month::try_from(number(m, 2)? as u8).ok()?,
                number(d, 2)? as u8,
            )
            .ok()?;
            Some((midnight(day), end_of(day.next_day())))
        }
        _ => None,
    }
}

/// The publication date of an article whose metadata gives none, when it
/// is stated where publication dates stand: a dateline at the top of the
/// story (`LONDON, 14 February 2024 (Reuters) -`, `WASHINGTON, Feb. 3,
/// 2025 /PRNewswire/ --`), a line of its own before the story starts
/// (`Published: 14 February 2024 10:32 GMT`), a date in the URL or file
/// path (`/2024/12/26/`, `2024-12-26`), or a dateline without a year
/// (`BAKU, Azerbaijan, May 20.`, `MOSCOW, December 26. /TASS/.`) when the
/// URL or path gives the year.
///
/// A date mentioned in the story (`born on 5 April 1920`, `the three
/// months to 31 December 2004`) is never taken: when in doubt, no date.
pub fn date_from_text(body: &str, url: Option<&str>, path: &str) -> Option<OffsetDateTime> {
    let stated = opening_date(body);
    if let Some(Stated::Full(date)) = stated {
        return Some(date);
    }
    let places = [url.unwrap_or(""), path];
    for place in places {
        if let Some(date) = numeric_date_in(place) {
            return Some(date);
        }
    }
    let Some(Stated::DayMonth(month, day)) = stated else {
        return None;
    };
    let year = places.iter().find_map(|place| {
        place
            .split(|c: char| !c.is_ascii_digit())
            .find_map(plausible_year)
    })?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(date.with_time(Time::MIDNIGHT).assume_utc())
}

/// A date as the top of an article states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stated {
    /// With its year.
    Full(OffsetDateTime),
    /// Day and month only (`May 20`), as wire datelines write it.
    DayMonth(Month, u8),
}

/// How many lines before the story may hold a date (a byline, a place,
/// a date), and how long such a line may be; a longer line is the story.
const HEADER_LINES: usize = 3;
const HEADER_LINE_CHARS: usize = 100;

/// The date stated at the top of a body: a dateline opening one of its
/// first lines, or a short line before the story that is a date and
/// nothing else.
fn opening_date(body: &str) -> Option<Stated> {
    let lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
    for line in lines.take(HEADER_LINES) {
        let mut end = line.len().min(400);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let line = &line[..end];
        if let Some(stated) = date_line(line).or_else(|| dateline(line)) {
            return Some(stated);
        }
        if line.chars().count() > HEADER_LINE_CHARS {
            break;
        }
    }
    None
}

/// A year as a publication year: four digits, 1900 to next year.
fn plausible_year(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = word.parse().ok()?;
    let next = OffsetDateTime::now_utc().year() + 1;
    (1900..=next).contains(&year).then_some(year)
}

/// Words that may label a date line: `Published: ...`, `Updated on ...`.
const DATE_LABELS: &[&str] = &[
    "published",
    "posted",
    "updated",
    "last",
    "first",
    "date",
    "dated",
    "released",
    "issued",
    "created",
    "modified",
    "on",
    "at",
    "|",
    "-",
    "\u{2013}",
    "\u{2014}",
];

/// A line that is a date and nothing else (with a label, a weekday, a
/// time and a time zone at most): `Published: 14 February 2024 10:32 GMT`,
/// `Tuesday, 1 March`.
fn date_line(line: &str) -> Option<Stated> {
    if line.chars().count() > 80 {
        return None;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let skip = words
        .iter()
        .take_while(|w| {
            let w = w.trim_end_matches(':').to_ascii_lowercase();
            DATE_LABELS.contains(&w.as_str())
        })
        .count();
    let words = &words[skip..];
    if words.is_empty() || !words.iter().all(|w| is_date_word(w)) {
        return None;
    }
    let (stated, _) = date_words(words)?;
    match stated {
        Stated::Full(_) => {
            // With the time and zone the line gives.
            let full = parse_date(&words.join(" "))
                .filter(|d| plausible_year(&d.year().to_string()).is_some());
            Some(full.map_or(stated, Stated::Full))
        }
        day_month => Some(day_month),
    }
}

/// Whether a word can be part of a date line: a weekday, month, day,
/// year, time, time zone or joining word.
fn is_date_word(word: &str) -> bool {
    let w = word.trim_matches(|c: char| matches!(c, '.' | ',' | '(' | ')' | ':' | ';'));
    if w.is_empty() {
        return true;
    }
    let lower = w.to_ascii_lowercase();
    if lower.chars().all(|c| c.is_ascii_alphabetic()) && month_from_name(&lower).is_some() {
        return true;
    }
    const OTHER: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "est",
        "edt",
        "cst",
        "cdt",
        "pst",
        "pdt",
        "msk",
        "am",
        "pm",
        "a.m",
        "p.m",
        "at",
        "on",
        "of",
        "the",
        "|",
        "-",
        "\u{2013}",
        "\u{2014}",
        "/",
    ];
    if OTHER.contains(&lower.as_str()) {
        return true;
    }
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    let numeric = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '-' | '/' | '+'));
    (numeric && ["", "st", "nd", "rd", "th", "am", "pm", "z", "h"].contains(&suffix))
        || ["utc+", "utc-", "gmt+", "gmt-"]
            .iter()
            .any(|zone| lower.starts_with(zone))
}

/// A date at the start of `words`: `14 February 2024`, `Feb. 3, 2025`,
/// `May 20`, `Tuesday, 1 March`, `2024-12-26`; and how many words it
/// took.
fn date_words(words: &[&str]) -> Option<(Stated, usize)> {
    let clean = |w: &str| {
        w.trim_matches(|c: char| matches!(c, ',' | '.' | ':' | ';' | '(' | ')'))
            .to_string()
    };
    let word = |k: usize| words.get(k).map(|w| clean(w));
    let mut i = 0;
    // A weekday first.
    if let Some(first) = word(0) {
        let lower = first.to_ascii_lowercase();
        const SHORT: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        if (lower.len() > 5 && lower.ends_with("day") && SHORT.iter().any(|s| lower.starts_with(s)))
            || SHORT.contains(&lower.as_str())
        {
            i = 1;
        }
    }
    let day_of = |w: &str| -> Option<u8> {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if digits.is_empty() || digits.len() > 2 || !["", "st", "nd", "rd", "th"].contains(&suffix)
        {
            return None;
        }
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    };
    let month_of = |w: &str| -> Option<Month> {
        (w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| month_from_name(w))
            .flatten()
    };
    let first = word(i)?;
    // A numeric date: 2024-12-26, 26.12.2024.
    if let Some(date) = numeric_date(&first) {
        plausible_year(&date.year().to_string())?;
        return Some((
            Stated::Full(date.with_time(Time::MIDNIGHT).assume_utc()),
            i + 1,
        ));
    }
    let (month, day, used) = if let Some(month) = month_of(&first) {
        (month, day_of(&word(i + 1)?)?, i + 2)
    } else if let Some(day) = day_of(&first) {
        // "1 March", "1st of March"
        let mut k = i + 1;
        if word(k).is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            k += 1;
        }
        (month_of(&word(k)?)?, day, k + 1)
    } else {
        return None;
    };
    match word(used).as_deref().and_then(plausible_year) {
        Some(year) => {
            let date = Date::from_calendar_date(year, month, day).ok()?;
            Some((
                Stated::Full(date.with_time(Time::MIDNIGHT).assume_utc()),
                used + 1,
            ))
        }
        None => {
            // Checked against a leap year, so that February 29 passes.
            Date::from_calendar_date(2024, month, day).ok()?;
            Some((Stated::DayMonth(month, day), used))
        }
    }
}

/// A wire dateline opening a line: a place (capitalised words ending with
/// a comma: `LONDON,`, `BAKU, Azerbaijan,`) or nothing, a date, and what
/// ends a dateline: the line's end, a full stop or colon on the date, an
/// agency credit (`(Reuters)`, `/TASS/`) or a dash.
fn dateline(line: &str) -> Option<Stated> {
    let words: Vec<&str> = line.split_whitespace().take(16).collect();
    let ends_dateline = |used: usize| -> bool {
        let last = words[used - 1];
        if (last.ends_with('.') && !is_month_abbreviation(last)) || last.ends_with(':') {
            return true;
        }
        match words.get(used) {
            None => true,
            Some(next) => {
                (next.starts_with('(') && next.contains(')'))
                    || (next.starts_with('/') && next.len() > 2)
                    || next.starts_with("--")
                    || ["-", "\u{2013}", "\u{2014}", "|"].contains(next)
            }
        }
    };
    // The date first.
    if let Some((stated, used)) = date_words(&words) {
        if ends_dateline(used) {
            return Some(stated);
        }
    }
    // A place of one to five capitalised words, each part ending with a
    // comma, then the date.
    for (i, word) in words.iter().enumerate().take(5) {
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        if word.ends_with(',') {
            if let Some((stated, used)) = date_words(&words[i + 1..]) {
                if ends_dateline(i + 1 + used) {
                    return Some(stated);
                }
            }
        }
    }
    None
}

/// `Feb.`, `Sept.`: a month abbreviated, whose full stop does not end a
/// dateline.
fn is_month_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    w.len() <= 4 && w.chars().all(|c| c.is_ascii_alphabetic()) && month_from_name(w).is_some()
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

    fn day(d: Option<OffsetDateTime>) -> Option<String> {
        d.map(|d| format_rfc3339(d)[..10].to_string())
    }

    #[test]
    fn wire_datelines_give_the_date() {
        let cases = [
            (
                "LONDON, 14 February 2024 (Reuters) - Shares rose.",
                "2024-02-14",
            ),
            (
                "WASHINGTON, Feb. 3, 2025 /PRNewswire/ -- A company said.",
                "2025-02-03",
            ),
            ("PARIS, Feb 14, 2024 (AFP) - Talks resumed.", "2024-02-14"),
            ("NEW YORK, March 3, 2025 -- Shares fell.", "2025-03-03"),
            ("Dec. 26, 2024 — Talks resumed in Baku.", "2024-12-26"),
            (
                "BAKU, Azerbaijan, 26 December 2024: The talks resumed.",
                "2024-12-26",
            ),
            ("2024-12-26 - Talks resumed.", "2024-12-26"),
        ];
        for (body, expected) in cases {
            assert_eq!(
                day(date_from_text(body, None, "a.txt")).as_deref(),
                Some(expected),
                "{body}"
            );
        }
    }

    #[test]
    fn a_date_line_before_the_story_gives_the_date() {
        let cases = [
            (
                "Published: 14 February 2024 10:32 GMT\n\nShares rose.",
                "2024-02-14T10:32:00Z",
            ),
            (
                "By Jane Doe\nUpdated on Tuesday, 3 March 2025\nShares rose.",
                "2025-03-03T00:00:00Z",
            ),
            ("26.12.2024\nTalks resumed.", "2024-12-26T00:00:00Z"),
            (
                "Thursday 26 December 2024 21:09 (UTC+04:00)\nTalks.",
                "2024-12-26T17:09:00Z",
            ),
        ];
        for (body, expected) in cases {
            let date = date_from_text(body, None, "a.txt").map(format_rfc3339);
            assert_eq!(date.as_deref(), Some(expected), "{body}");
        }
    }

    #[test]
    fn datelines_without_a_year_take_it_from_the_address() {
        assert_eq!(
            day(date_from_text(
                "BAKU, Azerbaijan, May 20. Talks resumed.",
                None,
                "/news/2025/baku.txt"
            )),
            Some("2025-05-20".into())
        );
        assert_eq!(
            day(date_from_text(
                "MOSCOW, December 26. /TASS/. Talks resumed.",
                Some("https://tass.com/2024/x"),
                "a.txt"
            )),
            Some("2024-12-26".into())
        );
        assert_eq!(
            day(date_from_text(
                "TBILISI, Nov 28 (Reuters) - Georgia said.",
                None,
                "/wires/2024/ge.txt"
            )),
            Some("2024-11-28".into())
        );
        // Nowhere to find the year: no date.
        assert_eq!(
            date_from_text(
                "BAKU, Azerbaijan, May 20. Talks resumed.",
                None,
                "/news/baku.txt"
            ),
            None
        );
        // A date in the address or path stands for itself.
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
    }

    #[test]
    fn dates_mentioned_in_the_story_are_not_publication_dates() {
        // Openings as BBC stories have them: dates inside the story's
        // sentences, kick-off times, fixture lines without a year.
        let bodies = [
            "Born in Luton, Bedfordshire, on 5 April 1920, he made his name on radio.",
            "Reporting its results for the three months to 31 December 2004, the airline made a profit.",
            "Britain's first mobile phone call was made on 1 January 1985 by Ernie Wise.",
            "Ireland will play Switzerland in Dublin on 12 October 2005.",
            "Griffin Park\n\nTuesday, 1 March\n\n1945 GMT\n\nBarry Knight (Kent)",
            "In March 2005, the company said it would cut jobs.",
            "On July 21, at the Baku Military Court, the hearing continued.",
            "Tony Blair, on 5 April 2005, called the election.",
            "In 2020 the war ended.",
            "The 1945 GMT kick-off was delayed.",
        ];
        for body in bodies {
            assert_eq!(
                date_from_text(body, None, "/bbc/sport/180.txt"),
                None,
                "{body}"
            );
        }
        // A year that cannot be a publication year.
        assert_eq!(
            date_from_text("LONDON, 14 February 1820 (Reuters) - x", None, "a.txt"),
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
        // The last year there is.
        let (start, end) = parse_period("9999").unwrap();
        assert_eq!(format_rfc3339(start), "9999-01-01T00:00:00Z");
        assert!(end > start);
        assert!(parse_period("9999-12-31").is_some());
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
        // As newspaper4k and regional scrapers write them.
        assert_eq!(iso("2017-07-17 17:03:00").unwrap(), "2017-07-17T17:03:00Z");
        assert_eq!(
            iso("21 July 2025 14:01 (UTC+04:00)").unwrap(),
            "2025-07-21T10:01:00Z"
        );
        assert_eq!(
            iso("2023-06-14T12:30:00+01:00").unwrap(),
            "2023-06-14T11:30:00Z"
        );
    }

    #[test]
    fn unreadable_dates_are_none_not_invented() {
        assert_eq!(iso(""), None);
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("2024-13-45"), None);
        assert_eq!(iso("December 2024"), None);
    }
}
