//! Near-duplicate articles: the same story published by several outlets
//! with small edits. Each article gets a MinHash signature over its
//! five-word shingles (one-permutation hashing: one hash per shingle, 32
//! slots of 16 bits), stored with the article; bands of the signature are
//! indexed as terms, so the copies of an article are found with one small
//! query and confirmed by comparing signatures.
//!
//! Two articles whose signatures agree in at least [`SAME_STORY`] of their
//! slots share roughly that fraction of their shingles (Jaccard
//! similarity): syndicated copies score 0.7 and more, different stories
//! on the same subject rarely above 0.2.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Slots of a signature.
pub const SLOTS: usize = 32;
/// Slots per band; a band is indexed as one term.
const BAND: usize = 3;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Fewer shingles than this give no signature: too short to compare.
const MIN_SHINGLES: usize = 24;
/// The similarity from which two articles are taken for one story.
pub const SAME_STORY: f64 = 0.5;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u16; SLOTS]);

fn word_hashes(text: &str) -> Vec<u64> {
    let mut hashes = Vec::with_capacity(text.len() / 6);
    let mut hasher = FxHasher::default();
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        // ASCII is read a byte at a time; other characters are decoded
        // and lowercased by Unicode's rules. Both feed the hasher the same
        // values.
        let word = if byte < 0x80 {
            at += 1;
            if byte.is_ascii_alphanumeric() {
                hasher.write_u32(byte.to_ascii_lowercase() as u32);
                true
            } else {
                false
            }
        } else {
            let c = text[at..].chars().next().expect("at a character boundary");
            at += c.len_utf8();
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    hasher.write_u32(lower as u32);
                }
                true
            } else {
                false
            }
        };
        if word {
            in_word = true;
        } else if in_word {
            hashes.push(hasher.finish());
            hasher = FxHasher::default();
            in_word = false;
        }
    }
    if in_word {
        hashes.push(hasher.finish());
    }
    hashes
}

/// A 64-bit mix (the finaliser of SplitMix64), so that slot and value come
/// from well-spread bits.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The signature of a text, or `None` when it is too short.
pub fn signature(text: &str) -> Option<Signature> {
    let words = word_hashes(text);
    if words.len() < SHINGLE + MIN_SHINGLES - 1 {
        return None;
    }
    let mut slots = [u32::MAX; SLOTS];
    for shingle in words.windows(SHINGLE) {
        let mut h = 0u64;
        for &w in shingle {
            h = h.rotate_left(13) ^ w;
        }
        let h = mix(h);
        let slot = (h >> 59) as usize; // top 5 bits: 32 slots
        let value = (h & 0xffff) as u32;
        if value < slots[slot] {
            slots[slot] = value;
        }
    }
    // Empty slots borrow the next filled one (rotation densification), so
    // that short texts still compare slot by slot.
    let mut signature = [0u16; SLOTS];
    for (i, out) in signature.iter_mut().enumerate() {
        let mut j = i;
        let mut hops = 0u32;
        while slots[j] == u32::MAX {
            j = (j + 1) % SLOTS;
            hops += 1;
        }
        *out = (slots[j] as u16).wrapping_add((hops as u16).wrapping_mul(0x9e37));
    }
    Some(Signature(signature))
}

impl Signature {
    /// The signature as stored in a numeric column: each value holds a
    /// band's number (its top 16 bits) and up to three slots, the last
    /// band holding the two slots left over. The order of the values does
    /// not matter.
    pub fn to_values(&self) -> Vec<u64> {
        self.0
            .chunks(BAND)
            .enumerate()
            .map(|(band, values)| {
                let mut value = (band as u64) << 48;
                for (j, &v) in values.iter().enumerate() {
                    value |= (v as u64) << (32 - 16 * j);
                }
                value
            })
            .collect()
    }

    /// Reads a stored signature back from its values, in any order.
    pub fn from_values(values: impl IntoIterator<Item = u64>) -> Option<Signature> {
        let mut slots = [0u16; SLOTS];
        let mut seen = 0u32;
        for value in values {
            let band = (value >> 48) as usize;
            for j in 0..BAND {
                let slot = band * BAND + j;
                if slot < SLOTS {
                    slots[slot] = (value >> (32 - 16 * j)) as u16;
                }
            }
            seen |= 1 << band.min(31);
        }
        (seen == (1 << SLOTS.div_ceil(BAND)) - 1).then_some(Signature(slots))
    }

    /// Estimated Jaccard similarity of the two texts' shingles.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / SLOTS as f64
    }

    /// The band terms to index: articles sharing one are candidates. Each
    /// is the band's number (8 bits) and its slots (16 bits each).
    pub fn band_keys(&self) -> Vec<u64> {
        self.0
            .chunks_exact(BAND)
            .enumerate()
            .map(|(band, values)| {
                values
                    .iter()
                    .fold(band as u64, |key, &v| (key << 16) | v as u64)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Azerbaijan and Armenia resumed talks on the delimitation of their \
        border on Friday, the foreign ministry said in a statement. The commissions led by \
        the deputy prime ministers met in the border area and discussed the next stage of \
        the work, including the exchange of minefield maps and the reopening of transport \
        links across the region. Both sides described the meeting as constructive and agreed \
        to meet again next month in the capital, officials said after the session ended.";

    #[test]
    fn copies_with_small_edits_are_the_same_story() {
        let original = signature(STORY).unwrap();
        let edited = STORY
            .replace("on Friday", "on Friday, Trend reports")
            .replace("next month", "in the coming weeks")
            .replace("officials said", "a spokesman said");
        let copy = signature(&edited).unwrap();
        assert!(
            original.similarity(&copy) >= SAME_STORY,
            "{}",
            original.similarity(&copy)
        );
        assert!(original
            .band_keys()
            .iter()
            .any(|k| copy.band_keys().contains(k)));
        let mut values = original.to_values();
        values.reverse();
        assert_eq!(Signature::from_values(values), Some(original.clone()));
        assert_eq!(
            Signature::from_values(original.to_values().into_iter().skip(1)),
            None
        );
    }

    #[test]
    fn different_stories_are_not() {
        let other = "The central bank kept its key interest rate unchanged on Thursday and \
            said inflation was slowing faster than expected, opening the door to a cut in \
            the summer. The governor told reporters that wage growth remained strong and that \
            the bank would watch energy prices closely before deciding on the next step, \
            while economists polled before the meeting had expected no change this time.";
        let a = signature(STORY).unwrap();
        let b = signature(other).unwrap();
        assert!(a.similarity(&b) < 0.2, "{}", a.similarity(&b));
        assert!(signature("Too short to compare.").is_none());
    }
}
