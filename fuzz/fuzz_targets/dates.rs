//! Any text as a date, a period, and a body, URL and path to find a date
//! in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::date::{date_from_text, format_rfc3339, parse_date, parse_period};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(date) = parse_date(&text) {
        // A date read is a date that can be written and read back.
        let written = format_rfc3339(date);
        assert_eq!(parse_date(&written), Some(date), "{text:?} -> {written}");
    }
    if let Some((start, end)) = parse_period(&text) {
        assert!(start < end, "{text:?}: {start} .. {end}");
    }
    // The text split in three: body, URL and path.
    let mut parts = text.splitn(3, '\u{1}');
    let body = parts.next().unwrap_or("");
    let url = parts.next();
    let path = parts.next().unwrap_or("archive/story.txt");
    let _ = date_from_text(body, url, path);
});
