//! Where each speaker's statements lie in an article's text, as the index
//! keeps it for `--said-by`: the statements are not indexed a second time
//! as text; the body's own postings are searched, and a match counts when
//! it falls inside a statement of the speaker asked for.
//!
//! Two fields hold the places, written by [`StatementPlaces::of`]:
//!
//! - `said_at`, a fast column of `u64`s, one per passage: a tag of the
//!   speaker's name (24 bits) and the passage's first and last-but-one
//!   token positions in the body field (20 bits each). `--said-by`
//!   reads it for the articles its words match.
//! - `said_spans`, stored bytes: the passages as byte ranges of the
//!   stored text, by speaker, for showing what was said.

use std::ops::Range;

use crate::document::speaker_key;
use crate::extract::Statement;

/// Bits of a `said_at` value holding the speaker's tag.
const TAG_BITS: u32 = 24;
/// Bits of a `said_at` value holding each token position.
const POSITION_BITS: u32 = 20;
/// The largest token position a `said_at` value holds; a passage beyond
/// it (in a text of more than a million words) is not searchable by
/// speaker.
const MAX_POSITION: u32 = (1 << POSITION_BITS) - 1;

/// The tag of a speaker in `said_at`: 24 bits of a hash of the speaker's
/// key (the folded name), the same in every index.
pub fn speaker_tag(name: &str) -> u32 {
    // FNV-1a: stable across builds and platforms.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in speaker_key(name).bytes() {
        hash ^= byte as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash ^ (hash >> TAG_BITS)) & ((1 << TAG_BITS) - 1)
}

/// One `said_at` value: a passage of the speaker with this tag, from
/// token position `first` to `last`, both included.
pub fn encode_place(tag: u32, first: u32, last: u32) -> u64 {
    ((tag as u64) << (2 * POSITION_BITS)) | ((first as u64) << POSITION_BITS) | last as u64
}

/// A `said_at` value's tag and token positions (`first..=last`).
pub fn decode_place(value: u64) -> (u32, u32, u32) {
    let mask = (1u64 << POSITION_BITS) - 1;
    (
        (value >> (2 * POSITION_BITS)) as u32,
        ((value >> POSITION_BITS) & mask) as u32,
        (value & mask) as u32,
    )
}

/// The places of an article's statements, ready for its document.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StatementPlaces {
    /// The `said_at` values.
    pub tokens: Vec<u64>,
    /// The `said_spans` bytes.
    pub spans: Vec<u8>,
}

impl StatementPlaces {
    /// The places of `statements`, found in `body` (the text the body field
    /// indexes, or its opening), whose speakers are among `speakers` (the
    /// article's, in the order they are stored).
    pub fn of(body: &str, speakers: &[String], statements: &[Statement]) -> StatementPlaces {
        let mut places = StatementPlaces::default();
        let mut bounds: Vec<usize> = statements
            .iter()
            .flat_map(|s| s.spans.iter().flat_map(|r| [r.start, r.end]))
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let starts = tokens_before(body, &bounds);
        let position = |at: usize| starts[bounds.partition_point(|&b| b < at)];
        for statement in statements {
            let Some(index) = speakers.iter().position(|s| *s == statement.speaker) else {
                continue;
            };
            let tag = speaker_tag(&statement.speaker);
            let spans: Vec<&Range<usize>> =
                statement.spans.iter().filter(|r| r.end > r.start).collect();
            if spans.is_empty() || index > u8::MAX as usize || spans.len() > u8::MAX as usize {
                continue;
            }
            places.spans.push(index as u8);
            places.spans.push(spans.len() as u8);
            for span in spans {
                write_varint(&mut places.spans, span.start as u64);
                write_varint(&mut places.spans, (span.end - span.start) as u64);
                // Tokens starting at or after the span's start and before
                // its end.
                let (first, end) = (position(span.start), position(span.end));
                if end > first && end - 1 <= MAX_POSITION {
                    places.tokens.push(encode_place(tag, first, end - 1));
                }
            }
        }
        places
    }
}

/// The stored statements: for each, the index of its speaker among the
/// article's and its byte ranges. Malformed bytes end the list.
pub fn decode_spans(bytes: &[u8]) -> Vec<(usize, Vec<Range<usize>>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 2 <= bytes.len() {
        let (speaker, count) = (bytes[at] as usize, bytes[at + 1] as usize);
        at += 2;
        let mut spans = Vec::with_capacity(count);
        for _ in 0..count {
            let (Some(start), Some(len)) =
                (read_varint(bytes, &mut at), read_varint(bytes, &mut at))
            else {
                return out;
            };
            spans.push(start as usize..(start + len) as usize);
        }
        out.push((speaker, spans));
    }
    out
}

/// For each byte offset of `bounds` (sorted), the number of tokens of
/// `text` that start before it, tokens as tantivy's simple tokenizer cuts
/// them (runs of letters and digits): the token position at that offset.
fn tokens_before(text: &str, bounds: &[usize]) -> Vec<u32> {
    let mut counts = Vec::with_capacity(bounds.len());
    let Some(&last) = bounds.last() else {
        return counts;
    };
    let bytes = text.as_bytes();
    let limit = last.min(bytes.len());
    let mut next = 0;
    let mut tokens: u32 = 0;
    let mut in_token = false;
    let mut at = 0;
    while at < limit {
        while next < bounds.len() && bounds[next] <= at {
            counts.push(tokens);
            next += 1;
        }
        let byte = bytes[at];
        let (word, width) = if byte < 0x80 {
            (byte.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[at..].chars().next().expect("at a character boundary");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if word && !in_token {
            tokens += 1;
        }
        in_token = word;
        at += width;
    }
    while counts.len() < bounds.len() {
        counts.push(tokens);
    }
    counts
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= ((byte & 0x7f) as u64) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};

    fn statement(speaker: &str, spans: &[Range<usize>]) -> Statement {
        Statement {
            speaker: speaker.to_string(),
            spans: spans.to_vec(),
        }
    }

    #[test]
    fn token_positions_are_the_simple_tokenizers() {
        let text = "L\u{e9}on's \u{201c}caf\u{e9}\u{201d}, 42 km/h \u{2014} \u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430} ok.";
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut starts = Vec::new();
        while stream.advance() {
            let token = stream.token();
            starts.push((token.offset_from, token.position as u32));
        }
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let counts = tokens_before(text, &bounds);
        for (bound, count) in bounds.iter().zip(&counts) {
            let expected = starts.iter().filter(|(from, _)| from < bound).count() as u32;
            assert_eq!(*count, expected, "at byte {bound}");
        }
        // The position of the token starting at a bound is the count there.
        for (from, position) in starts {
            let i = bounds.iter().position(|&b| b == from).unwrap();
            assert_eq!(counts[i], position);
        }
    }

    #[test]
    fn places_hold_each_passage_by_tokens_and_by_bytes() {
        let body = "Intro words here.\n\nShe said it works. Then more.\n\n\"And it will,\" on.";
        let first = body.find("She").unwrap()..body.find(" Then").unwrap();
        let second = body.find("\"And").unwrap()..body.len();
        let speakers = vec!["Ann Lee".to_string(), "Tom Roe".to_string()];
        let statements = [
            statement("Tom Roe", &[first.clone(), second.clone()]),
            statement("Nobody Here", std::slice::from_ref(&first)),
        ];
        let places = StatementPlaces::of(body, &speakers, &statements);
        let tag = speaker_tag("Tom Roe");
        assert_eq!(
            places
                .tokens
                .iter()
                .map(|&v| decode_place(v))
                .collect::<Vec<_>>(),
            [(tag, 3, 6), (tag, 9, 12)]
        );
        assert_eq!(decode_spans(&places.spans), [(1, vec![first, second])]);
    }

    #[test]
    fn tags_ignore_case_and_accents_and_fit_their_bits() {
        assert_eq!(
            speaker_tag("Maria Zakharova"),
            speaker_tag("maria zakharova")
        );
        assert_eq!(speaker_tag("Jos\u{e9} Lopez"), speaker_tag("Jose Lopez"));
        assert_ne!(speaker_tag("Ann Lee"), speaker_tag("Tom Lee"));
        assert!(speaker_tag("Ann Lee") < 1 << TAG_BITS);
        let value = encode_place(speaker_tag("Ann Lee"), MAX_POSITION - 1, MAX_POSITION);
        assert_eq!(
            decode_place(value),
            (speaker_tag("Ann Lee"), MAX_POSITION - 1, MAX_POSITION)
        );
    }

    #[test]
    fn malformed_span_bytes_end_the_list() {
        let mut bytes = Vec::new();
        bytes.extend([0, 1]);
        write_varint(&mut bytes, 300);
        write_varint(&mut bytes, 5);
        bytes.extend([1, 2, 0x80]);
        let decoded = decode_spans(&bytes);
        assert_eq!(decoded.len(), 1);
        assert_eq!(decoded[0].0, 0);
        assert_eq!(decoded[0].1, std::slice::from_ref(&(300..305)));
    }
}
