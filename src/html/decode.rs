//! Bytes to text: finds a page's character encoding and decodes it.
//!
//! Order of trust: a byte order mark, then the first `<meta charset>` or
//! `<meta http-equiv="Content-Type" content="...; charset=...">` within the
//! first 4 KB (as browsers prescan), then UTF-8. Bytes that are not valid in
//! the chosen encoding are replaced; a page declared (or assumed) UTF-8 that
//! turns out not to be is read as windows-1252, the usual culprit. HTTP
//! headers are not known here. Parsing the HTML is not this file's job.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page the charset declaration is looked for.
const PRESCAN: usize = 4096;

/// The page as text.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text;
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(PRESCAN)]);
    // A page that says UTF-16 in a meta tag but has no BOM is ASCII-compatible
    // in practice (the tag itself was readable): browsers read it as UTF-8.
    let encoding = match declared {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => UTF_8,
        Some(e) => e,
        None => UTF_8,
    };
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) if declared.is_none() => WINDOWS_1252.decode_without_bom_handling(bytes).0,
            // Declared UTF-8 with a few bad bytes: keep the rest as UTF-8.
            Err(_) => String::from_utf8_lossy(bytes),
        };
    }
    encoding.decode_without_bom_handling(bytes).0
}

/// The encoding a `<meta>` tag declares, if any.
fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag) {
            if let Some(encoding) = Encoding::for_label(label) {
                return Some(encoding);
            }
        }
        from = end;
    }
    None
}

/// The value after `charset=` in a meta tag's attributes, which covers
/// both `charset="x"` and `content="text/html; charset=x"`.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")? + 7;
    let rest = &tag[at..];
    let rest = rest.trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_by_default() {
        assert_eq!(decode("<p>Zoë’s café</p>".as_bytes()), "<p>Zoë’s café</p>");
    }

    #[test]
    fn meta_charset_is_followed() {
        let mut page = b"<html><head><meta charset=\"iso-8859-1\"></head><p>caf".to_vec();
        page.push(0xE9);
        assert!(decode(&page).ends_with("café"));
    }

    #[test]
    fn http_equiv_charset_is_followed() {
        let mut page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>"
                .to_vec();
        page.extend_from_slice(&[0x93, b'h', b'i', 0x94]);
        assert!(decode(&page).ends_with("\u{201c}hi\u{201d}"));
    }

    #[test]
    fn undeclared_non_utf8_is_read_as_windows_1252() {
        let page = [b'<', b'p', b'>', b'n', 0xE9, b'e'];
        assert_eq!(decode(&page), "<p>née");
    }

    #[test]
    fn declared_utf8_with_a_bad_byte_keeps_the_rest() {
        let mut page = "<meta charset=utf-8><p>Zoë ".as_bytes().to_vec();
        page.push(0xFF);
        assert_eq!(decode(&page), "<meta charset=utf-8><p>Zoë \u{FFFD}");
    }

    #[test]
    fn byte_order_mark_wins() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=iso-8859-1><p>Zoë".as_bytes());
        assert_eq!(decode(&page), "<meta charset=iso-8859-1><p>Zoë");
    }
}
