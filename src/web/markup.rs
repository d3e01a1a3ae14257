//! Writing HTML safely: every text from an article or a request goes
//! through [`text`] or [`attr`], so that `<script>` in an article is shown,
//! never run.

use std::fmt::Write as _;

/// `value` escaped for HTML text and for quoted attribute values.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `value` escaped for a quoted attribute (the same escapes as text).
pub fn attr(value: &str) -> String {
    text(value)
}

/// `text` with the byte ranges of `marks` (sorted, not overlapping, on
/// character boundaries) wrapped in `<mark>`.
pub fn marked(value: &str, marks: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in marks {
        if start < at || end > value.len() || start >= end {
            continue;
        }
        if !value.is_char_boundary(start) || !value.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text(&value[at..start]));
        let _ = write!(out, "<mark>{}</mark>", text(&value[start..end]));
        at = end;
    }
    out.push_str(&text(&value[at..]));
    out
}

/// A link target for an article's own address: only `http` and `https`
/// addresses become links (never `javascript:` or `data:`).
pub fn web_address(url: &str) -> Option<&str> {
    let lower = url.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_article_text_is_escaped() {
        assert_eq!(
            text(r#""><img src=x onerror=alert(1)> & <script>"#),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;"
        );
        assert_eq!(attr("O'Neill"), "O&#39;Neill");
    }

    #[test]
    fn marks_wrap_their_ranges_and_escape_the_rest() {
        assert_eq!(
            marked("a <b> peace talks", &[(6, 11), (3, 4)]),
            "a &lt;b&gt; <mark>peace</mark> talks"
        );
        assert_eq!(marked("peace", &[(0, 99)]), "peace");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            web_address("https://trend.az/x"),
            Some("https://trend.az/x")
        );
        assert_eq!(web_address("HTTP://a.b"), Some("HTTP://a.b"));
        assert_eq!(web_address("javascript:alert(1)"), None);
        assert_eq!(web_address("data:text/html,x"), None);
    }
}
