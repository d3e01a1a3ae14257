//! Outlets that no list names, found by the way the text credits them:
//! `..., Azernews reports.`, `as reported by Hürriyet`, `/Vesti.az/`,
//! `(Kyodo) -`, `Bild quoted him as saying`, `told Sky News`, `according
//! to apa.az`.
//!
//! A frame is only as good as what it can hold. Some frames hold outlets
//! and almost nothing else (a sentence-final `, X reports.`, a dateline
//! credit, `as reported by X`, `X quoted ... as saying`): there any name
//! that is not a person's, a place's, a body's or a social network's is
//! an outlet, and the index learns it for every other article. Other
//! frames hold people and bodies as often as outlets (`according to X`,
//! `told X`, `in an interview with X`): there a name counts only when its
//! shape says outlet, a web domain (`news.am`) or an outlet word (`News`,
//! `Times`, `TV`, `Gazette`...). In between (`citing X`, `via X`, `X
//! reported that`) a single word that is nothing else is enough.
//!
//! Finding frames costs one automaton pass over the text; the words around
//! each frame are then read directly.

use std::sync::OnceLock;

use super::names::fold;
use super::text::{Kind, Token};
use super::vocab::{class, NameShape, Vocabulary};

/// How much a frame says about the name it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Only a name shaped like an outlet's.
    Weak,
    /// A single word that is nothing else, or a name shaped like an
    /// outlet's.
    Medium,
    /// Any name that is nothing else; learned for the archive.
    Strong,
}

/// An outlet credited in a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// The name as the text writes it, without a leading `the`.
    pub name: String,
    /// Byte range of the name in the text.
    pub span: (usize, usize),
    /// What the frame is, for `extract --explain`.
    pub rule: &'static str,
    /// Whether the frame is unambiguous: the name is then an outlet in
    /// every article of the archive.
    pub learn: bool,
}

/// Where the name stands relative to a frame's words.
#[derive(Clone, Copy)]
enum Side {
    /// `NAME reports`.
    Before,
    /// `according to NAME`.
    After,
}

struct Frame {
    words: &'static str,
    side: Side,
}

const FRAMES: &[Frame] = &[
    Frame {
        words: " reports",
        side: Side::Before,
    },
    Frame {
        words: " reported",
        side: Side::Before,
    },
    Frame {
        words: " informs",
        side: Side::Before,
    },
    Frame {
        words: " informed",
        side: Side::Before,
    },
    Frame {
        words: " writes",
        side: Side::Before,
    },
    Frame {
        words: " wrote",
        side: Side::Before,
    },
    Frame {
        words: " quoted",
        side: Side::Before,
    },
    Frame {
        words: " cited",
        side: Side::Before,
    },
    Frame {
        words: " quotes",
        side: Side::Before,
    },
    Frame {
        words: " cites",
        side: Side::Before,
    },
    Frame {
        words: "according to ",
        side: Side::After,
    },
    Frame {
        words: "According to ",
        side: Side::After,
    },
    Frame {
        words: "reported by ",
        side: Side::After,
    },
    Frame {
        words: "citing ",
        side: Side::After,
    },
    Frame {
        words: "Citing ",
        side: Side::After,
    },
    Frame {
        words: "told ",
        side: Side::After,
    },
    Frame {
        words: "interview with ",
        side: Side::After,
    },
    Frame {
        words: "interview to ",
        side: Side::After,
    },
    Frame {
        words: "speaking to ",
        side: Side::After,
    },
    Frame {
        words: "Speaking to ",
        side: Side::After,
    },
    Frame {
        words: "speaking with ",
        side: Side::After,
    },
    Frame {
        words: "spoke to ",
        side: Side::After,
    },
    Frame {
        words: "talking to ",
        side: Side::After,
    },
    Frame {
        words: "via ",
        side: Side::After,
    },
    Frame {
        words: "quoted by ",
        side: Side::After,
    },
    Frame {
        words: "cited by ",
        side: Side::After,
    },
    Frame {
        words: "quoted in ",
        side: Side::After,
    },
    Frame {
        words: "writing in ",
        side: Side::After,
    },
    Frame {
        words: "wrote in ",
        side: Side::After,
    },
    Frame {
        words: "writing for ",
        side: Side::After,
    },
    Frame {
        words: "correspondent for ",
        side: Side::After,
    },
    Frame {
        words: "a report by ",
        side: Side::After,
    },
    Frame {
        words: "a study by ",
        side: Side::After,
    },
];

/// Where one frame's words occur in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FrameMatch {
    /// Index into [`FRAMES`].
    frame: usize,
    start: usize,
    end: usize,
}

impl FrameMatch {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }
}

/// A frame's words as a test of eight bytes at once: the frame's first
/// eight bytes or fewer from where its first word starts (after the space,
/// for a frame that begins with one), in the order a little-endian load of
/// the text there gives them, and which bytes of the load count.
#[derive(Clone, Copy)]
struct Probe {
    frame: usize,
    bytes: u64,
    mask: u64,
}

/// The frames to try at a word, by the word's first byte.
struct FrameIndex {
    by_first: Vec<Vec<Probe>>,
    /// Bit `a | b << 8` is set when some frame's first word starts with
    /// the bytes `a` and `b`: most words are ruled out by it alone.
    pairs: Vec<u64>,
}

fn frame_index() -> &'static FrameIndex {
    static INDEX: OnceLock<FrameIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = FrameIndex {
            by_first: vec![Vec::new(); 256],
            pairs: vec![0; 1024],
        };
        for (k, frame) in FRAMES.iter().enumerate() {
            let words = frame.words.trim_start_matches(' ').as_bytes();
            assert!(
                frame.words.starts_with(' ') || frame.words.ends_with(' '),
                "frame {:?} has no space at either end",
                frame.words
            );
            let n = words.len().min(8);
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&words[..n]);
            let mask = if n == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            };
            let pair = usize::from(words[0]) | usize::from(words[1]) << 8;
            index.pairs[pair >> 6] |= 1 << (pair & 63);
            index.by_first[usize::from(words[0])].push(Probe {
                frame: k,
                bytes: u64::from_le_bytes(buf),
                mask,
            });
        }
        index
    })
}

/// Eight bytes of `bytes` from `at`, zeros past the end.
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
        None => {
            let mut buf = [0u8; 8];
            let rest = &bytes[at.min(bytes.len())..];
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

/// Every occurrence of every frame's words in `text` that begins at a word
/// of `tokens` (for a frame such as `" reports"`, at the space before a
/// word), overlapping ones included, in the order of where they end. The
/// tokenizer has already visited every word, so this costs one table
/// lookup per word and no second pass over the bytes.
fn frame_matches(text: &str, tokens: &[Token]) -> Vec<FrameMatch> {
    let bytes = text.as_bytes();
    let index = frame_index();
    // Held in registers, not read again through the index at each word.
    let (pairs, by_first): (&[u64], &[Vec<Probe>]) = (&index.pairs, &index.by_first);
    let mut found: Vec<FrameMatch> = Vec::new();
    for token in tokens {
        if token.kind != Kind::Word {
            continue;
        }
        let at = token.start;
        let window = load8(bytes, at);
        let pair = (window & 0xffff) as usize;
        if pairs[pair >> 6] >> (pair & 63) & 1 == 0 {
            continue;
        }
        for probe in &by_first[pair & 0xff] {
            if window & probe.mask != probe.bytes {
                continue;
            }
            let words = FRAMES[probe.frame].words.as_bytes();
            let start = if words[0] == b' ' {
                if at == 0 || bytes[at - 1] != b' ' {
                    continue;
                }
                at - 1
            } else {
                at
            };
            if bytes[start..].starts_with(words) {
                found.push(FrameMatch {
                    frame: probe.frame,
                    start,
                    end: start + words.len(),
                });
            }
        }
    }
    // A long frame ends after the next words' frames may.
    found.sort_by_key(|m| m.end);
    found
}

/// Words that make a name an outlet's (compared lowercase).
const OUTLET_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "press",
    "tv",
    "radio",
    "daily",
    "gazette",
    "herald",
    "journal",
    "tribune",
    "telegraph",
    "independent",
    "media",
    "channel",
    "info",
    "wire",
    "newspaper",
    "broadcasting",
    "broadcaster",
    "television",
    "magazine",
    "observer",
    "chronicle",
    "express",
    "mirror",
    "courier",
    "dispatch",
    "inquirer",
    "examiner",
    "weekly",
    "online",
    "monitor",
    "bulletin",
    "gazeta",
    "gazete",
    "gazetesi",
    "vesti",
    "zeitung",
    "pravda",
    "haber",
    "haberleri",
    "kanal",
    "novosti",
    "noticias",
    "diario",
    "agencia",
    "agence",
    "ajansı",
    "ajansi",
    "agentur",
    "nachrichten",
    "presse",
    "fm",
    "newswire",
    "newsweek",
    "reporter",
    "globe",
];

/// Words an outlet's name never holds: social networks as such, which
/// are not outlets (a named outlet's channel on one is that outlet).
const SOCIAL: &[&str] = &[
    "telegram",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "tiktok",
    "whatsapp",
    "vkontakte",
    "linkedin",
    "x",
    "truth",
    "threads",
    "reddit",
];

/// Lowercase words that may follow a credited name after `according to`,
/// `citing` and the like without making it a modifier (`citing Armenian
/// media` holds no outlet's name; `citing Interfax on Monday` does).
const MAY_FOLLOW: &[&str] = &[
    "news",
    "agency",
    "newspaper",
    "daily",
    "channel",
    "tv",
    "television",
    "website",
    "site",
    "portal",
    "radio",
    "magazine",
    "weekly",
    "outlet",
    "reported",
    "reports",
    "said",
    "says",
    "wrote",
    "writes",
    "that",
    "on",
    "in",
    "as",
    "at",
    "last",
    "earlier",
    "this",
    "which",
    "who",
    "and",
    "or",
    "to",
    "about",
    "for",
    "with",
    "from",
    "after",
    "before",
    "when",
    "while",
    "quoting",
    "citing",
    "reporting",
    "also",
    "today",
    "yesterday",
    "late",
    "early",
];

/// Lowercase words that may stand inside an outlet's name.
fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "de" | "del" | "la" | "le" | "al" | "el" | "&" | "di" | "der" | "the"
    )
}

/// Whether a word is a web domain such as `apa.az`, `News.am` or
/// `en.trend.az`: dot-separated parts of letters, digits and hyphens, the
/// last two to six letters.
fn is_domain(word: &str) -> bool {
    let Some((head, tld)) = word.rsplit_once('.') else {
        return false;
    };
    !head.is_empty()
        && (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && head
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && head.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Whether a web domain is a government's, army's or university's.
fn is_institution_domain(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower
        .split('.')
        .any(|p| matches!(p, "gov" | "mil" | "edu" | "gob" | "gouv" | "int"))
        || lower.starts_with("president.")
        || lower.starts_with("mfa.")
}

/// Whether a word starts a name: a capital letter, or a web domain.
fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) || is_domain(word)
}

/// Whether a name word is an outlet word (`News`, `TV`, `NTV`).
fn is_outlet_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    OUTLET_WORDS.contains(&lower.as_str())
        || (word.len() <= 6 && word.len() >= 3 && word.ends_with("TV"))
}

/// Whether a name holds an outlet word (`Sky News`, `Daily Sabah`, `NTV`).
fn outlet_word_in(words: &[&str]) -> bool {
    words.iter().any(|w| is_outlet_word(w))
}

/// Whether a name is shaped like an outlet's: a web domain, an outlet
/// word, or a radio station's name and FM frequency (`Hot 97`, `Capital
/// 95.8`).
fn outlet_shaped(words: &[&str]) -> bool {
    words.iter().any(|w| is_domain(w)) || outlet_word_in(words) || is_station(words)
}

/// Whether a name only describes outlets: a country or nationality and
/// outlet words (`US TV`, `Russian Media`).
fn is_description(vocab: &Vocabulary, words: &[&str]) -> bool {
    let describes = |w: &&str| {
        matches!(*w, "US" | "U.S." | "UK" | "USA" | "UAE")
            || vocab.class_of(w) & class::NON_PERSON != 0
                && ["ian", "ish", "ese", "ean"]
                    .iter()
                    .any(|end| w.ends_with(end))
    };
    words.iter().any(describes) && words.iter().all(|w| describes(w) || is_outlet_word(w))
}

/// A capitalised name followed by a frequency of the FM band, 87.5 to 108.
fn is_station(words: &[&str]) -> bool {
    let [.., name, frequency] = words else {
        return false;
    };
    let digits = frequency.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    is_capitalised(name)
        && digits
        && frequency
            .parse::<f32>()
            .is_ok_and(|mhz| (87.5..=108.0).contains(&mhz))
}

/// Trims punctuation that may stick to a word in text (`Azernews,`).
fn trim_word(word: &str) -> &str {
    let mut word = word;
    loop {
        let trimmed = trim_word_once(word);
        if trimmed.len() == word.len() {
            return word;
        }
        word = trimmed;
    }
}

fn trim_word_once(word: &str) -> &str {
    word.trim_matches(|c: char| {
        matches!(
            c,
            ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')' | '[' | ']' | '!' | '?' | '«' | '»'
        )
    })
    .trim_end_matches('.')
}

/// Decides whether `words` name an outlet in a frame of `strength`, given
/// the article's speakers. `None` when they do not.
fn judge(
    vocab: &Vocabulary,
    speakers: &[String],
    words: &[&str],
    strength: Strength,
    described: bool,
) -> Option<()> {
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.iter().any(|w| SOCIAL.contains(&w.as_str())) {
        return None;
    }
    let domain = words.iter().any(|w| is_domain(w));
    if words
        .iter()
        .any(|w| is_domain(w) && is_institution_domain(w))
    {
        return None;
    }
    let outlet_word = outlet_word_in(words) || is_station(words);
    let shaped = domain || outlet_word || described;
    if !domain && is_description(vocab, words) {
        return None;
    }
    // A person: a speaker of the article, or a name led by a title.
    let first_class = vocab.class_of(words[0]);
    if first_class & (class::HONORIFIC | class::ROLE) != 0 && !shaped {
        return None;
    }
    let name = fold(&words.join(" "));
    let last = fold(words[words.len() - 1]);
    for speaker in speakers {
        let speaker = fold(speaker);
        if speaker == name
            || speaker.ends_with(&format!(" {last}"))
            || speaker.starts_with(&format!("{name} "))
        {
            return None;
        }
    }
    if described && !domain && !outlet_word {
        // `the Russian newspaper`, `the US magazine`: a nationality or a
        // country is not a name.
        let known = words.iter().any(|w| {
            vocab.class_of(w) & !class::OUTLET_START & !class::ALSO_SURNAME != 0
                || (w.len() <= 3 && w.bytes().all(|b| b.is_ascii_uppercase()))
        });
        return (!known).then_some(());
    }
    if shaped {
        // `Interior Ministry Press Service` is a body's, not an outlet.
        let last_class = vocab.class_of(words[words.len() - 1]);
        let body_end =
            last_class & class::ORGANISATION != 0 && !is_outlet_word(words[words.len() - 1]);
        return (!body_end).then_some(());
    }
    if strength == Strength::Weak {
        return None;
    }
    // Not shaped like an outlet's: every word must be nothing else the
    // vocabularies know (a place, a body, a role, a nationality).
    let agency_end = strength == Strength::Strong
        && words.len() >= 2
        && matches!(lower[lower.len() - 1].as_str(), "agency" | "agentur");
    let known = words.iter().enumerate().any(|(i, w)| {
        let bits = vocab.class_of(w);
        !(agency_end && i == words.len() - 1)
            && bits & !class::OUTLET_START & !class::ALSO_SURNAME != 0
    });
    if known {
        return None;
    }
    if words.len() >= 2 {
        if strength == Strength::Medium {
            return None;
        }
        // `..., John Smith reports.` is a reporter, not an outlet; `Le
        // Temps`, `Al Arabiya` and `Der Standard` are outlets.
        let foreign_article = matches!(
            words[0],
            "Al" | "El" | "Le" | "La" | "Les" | "Der" | "Die" | "Das" | "Il" | "De" | "Het" | "O"
        );
        if !agency_end && !foreign_article && vocab.name_shape(words) != NameShape::NotPerson {
            return None;
        }
    }
    // A word in capitals of two or three letters is as often a body as an
    // outlet (`EU`, `UN`, `NATO`): only a strong frame says which.
    if strength == Strength::Medium
        && words[0].len() <= 4
        && words[0].bytes().all(|b| b.is_ascii_uppercase())
    {
        return None;
    }
    Some(())
}

/// Capitalised words that open a sentence without being part of a name.
const SENTENCE_OPENERS: &[&str] = &[
    "As",
    "But",
    "And",
    "Also",
    "However",
    "Meanwhile",
    "Earlier",
    "Later",
    "Now",
    "Then",
    "Yet",
    "So",
    "Still",
    "Last",
    "In",
    "On",
    "When",
    "While",
    "If",
    "Separately",
    "Previously",
    "Instead",
    "Recently",
    "Today",
    "Yesterday",
    "Elsewhere",
];

/// The name words ending right before `end` in `text`, and where they
/// start. Stops at punctuation, a lowercase word that is not a connector,
/// or five words.
fn name_before(text: &str, end: usize) -> Option<(usize, Vec<&str>)> {
    let window_start = {
        let mut s = end.saturating_sub(120);
        while !text.is_char_boundary(s) {
            s += 1;
        }
        s
    };
    let window = &text[window_start..end];
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut cursor = window.len();
    for raw in window.rsplit(' ') {
        let start = cursor - raw.len();
        cursor = start.saturating_sub(1);
        if raw.is_empty() {
            break;
        }
        // A word that ends a clause ends the name before it.
        let word = raw.trim_start_matches(['"', '“', '(', '«', '‘', '\'']);
        let stuck_before = raw.len() != word.len();
        if !words.is_empty() && (word.ends_with("'s") || word.ends_with("’s")) {
            break;
        }
        if word.ends_with([',', ';', ':', ')', '"', '”'])
            || (word.ends_with('.') && !is_domain(word.trim_end_matches('.')))
        {
            break;
        }
        // A line end, or white space other than a plain space
        // (`Trump\u{a0}told`), ends the name.
        if let Some(k) = word.rfind(char::is_whitespace) {
            let gap = word[k..].chars().next().map_or(1, char::len_utf8);
            let after = &word[k + gap..];
            if !after.is_empty() && is_capitalised(after) {
                words.push((window_start + start + raw.len() - after.len(), after));
            }
            break;
        }
        if is_capitalised(word) || (!words.is_empty() && continues_name(word)) {
            words.push((window_start + start + (raw.len() - word.len()), word));
        } else {
            break;
        }
        if stuck_before || words.len() > 5 {
            break;
        }
    }
    while words.last().is_some_and(|(_, w)| !is_capitalised(w)) {
        words.pop();
    }
    // `As The Daily Caller reported`, `But Delfi reported`.
    while words.len() > 1
        && words
            .last()
            .is_some_and(|(_, w)| SENTENCE_OPENERS.contains(w))
    {
        words.pop();
    }
    // `The Moscow Times reported` keeps `Moscow Times`.
    if words.len() > 1 && words.last().is_some_and(|(_, w)| *w == "The") {
        words.pop();
    }
    words.reverse();
    let start = words.first()?.0;
    Some((start, words.into_iter().map(|(_, w)| w).collect()))
}

/// A name read after a frame's words.
struct NameAfter<'a> {
    /// Byte range of the name.
    start: usize,
    end: usize,
    words: Vec<&'a str>,
    /// The lowercase word right after the name, if any.
    next: Option<&'a str>,
    /// Whether an outlet noun describes it (`the newspaper Bild`, `the
    /// Herald newspaper`, `trade publication Screen Daily`).
    described: bool,
}

/// Nouns that say the name beside them is an outlet's.
const OUTLET_NOUNS: &[&str] = &[
    "newspaper",
    "paper",
    "daily",
    "weekly",
    "tabloid",
    "broadsheet",
    "magazine",
    "journal",
    "publication",
    "website",
    "portal",
    "channel",
    "station",
    "broadcaster",
    "agency",
    "outlet",
    "newswire",
    "network",
    "radio",
    "television",
    "tv",
];

fn is_outlet_noun(word: &str) -> bool {
    OUTLET_NOUNS.contains(&word)
}

/// Whether a word is a title that starts a person's name (`Mr`, `Dr`).
fn is_title(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Mr" | "Mrs" | "Ms" | "Dr" | "Sir" | "Lord" | "Lady" | "Prof" | "President" | "Minister"
    )
}

/// Whether `word` may continue a name after its first word: a capitalised
/// word, a connector, or a number (`Channel 4 News`, `Hot 97`).
fn continues_name(word: &str) -> bool {
    is_capitalised(word)
        || is_connector(word)
        || (word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
}

/// The words of `window` with their byte offsets, split at white space
/// (a line end is kept as its own word `"\n"`).
fn words_of(window: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut word_start = None;
    for (at, c) in window.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = word_start.take() {
                out.push((start, &window[start..at]));
            }
            if c == '\n' {
                out.push((at, "\n"));
            }
        } else if word_start.is_none() {
            word_start = Some(at);
        }
    }
    if let Some(start) = word_start {
        out.push((start, &window[start..]));
    }
    out
}

/// The name starting at `start` in `text`, after `the` and after a
/// description (`the UK-based journal`), if one is there.
fn name_after<'a>(text: &'a str, start: usize, vocab: &Vocabulary) -> Option<NameAfter<'a>> {
    let mut end_of_window = (start + 160).min(text.len());
    while !text.is_char_boundary(end_of_window) {
        end_of_window -= 1;
    }
    let words = words_of(&text[start..end_of_window]);
    let trim = |raw: &str| -> (usize, usize) {
        // The bytes of the word proper in `raw`: quotes, punctuation and a
        // possessive trimmed.
        let core = trim_word(
            raw.trim_end_matches(['\'', '’'])
                .trim_end_matches("'s")
                .trim_end_matches("’s"),
        );
        let core = core.trim_start_matches(['"', '“', '«', '‘']);
        // `core` is a part of `raw`: where it starts is told by its
        // address, whatever was trimmed from the front.
        let lead = core.as_ptr() as usize - raw.as_ptr() as usize;
        (lead, lead + core.len())
    };
    let ends_clause = |raw: &str| {
        raw.ends_with([',', ';', ':', '.', ')', '"', '”', '!', '?', '\'', '’'])
            || raw.contains("'s")
            || raw.contains("’s")
    };
    // Where the name starts: after `the`, or after a description that
    // ends in an outlet noun within the first five words.
    let mut first = 0;
    let mut described = false;
    if words
        .first()
        .is_some_and(|(_, w)| matches!(*w, "the" | "The"))
    {
        first = 1;
    }
    let skipped = first;
    for k in skipped..(skipped + 5).min(words.len()) {
        let raw = words[k].1;
        if raw == "\n" || (ends_clause(raw) && !is_outlet_noun(raw)) {
            break;
        }
        // Descriptions are lowercase (`trade publication`), but for
        // hyphenated words (`UK-based`): `BBC Radio Wales` is one name.
        if is_capitalised(raw) && !raw.contains('-') {
            break;
        }
        let lower = raw.to_lowercase();
        if raw == lower
            && is_outlet_noun(&lower)
            && k + 1 < words.len()
            && is_capitalised(words[k + 1].1)
        {
            first = k + 1;
            described = true;
            break;
        }
    }
    let mut name: Vec<&str> = Vec::new();
    let mut name_start = None;
    let mut name_end = start;
    let mut next = None;
    for &(at, raw) in &words[first.min(words.len())..] {
        if raw == "\n" {
            break;
        }
        let (lead, end) = trim(raw);
        let word = &raw[lead..end];
        if word.is_empty() {
            break;
        }
        let fits = if name.is_empty() {
            is_capitalised(word)
        } else if word == "the" {
            // `News of the World`, but not `the Independent the Tories`.
            name.last() == Some(&"of")
        } else {
            continues_name(word) && !is_title(word)
        };
        if !fits {
            if !name.is_empty() {
                next = Some(word);
            }
            break;
        }
        name_start.get_or_insert(start + at + lead);
        name.push(word);
        name_end = start + at + end;
        if ends_clause(raw) {
            break;
        }
        if name.len() > 5 {
            return None;
        }
    }
    while name.last().is_some_and(|w| {
        is_connector(w) || w.bytes().all(|b| b.is_ascii_digit()) && name.len() == 1
    }) {
        name.pop();
    }
    if next.is_some_and(|w| is_outlet_noun(&w.to_lowercase())) {
        // `the Russian newspaper Kommersant`, `the Hollywood trade paper
        // Daily Variety`: the name follows the noun, unless the words
        // before it are an outlet's name (`the BBC News website Ford ...`).
        let places = (!outlet_shaped(&name) || is_description(vocab, &name))
            && vocab.outlets.canonical(&name.join(" ")).is_none();
        let noun_end = text[name_end..]
            .find(next.unwrap_or_default())
            .map(|k| name_end + k + next.unwrap_or_default().len());
        if let Some(after_noun) = noun_end {
            let rest = &text[after_noun..];
            if places && rest.starts_with(' ') && rest[1..].starts_with(|c: char| c.is_uppercase())
            {
                // `... website Ford did not`: a sentence goes on, not a name.
                if let Some(mut named) = name_after(text, after_noun + 1, vocab) {
                    if named
                        .next
                        .is_none_or(|w| MAY_FOLLOW.contains(&w.to_lowercase().as_str()))
                    {
                        named.described = true;
                        return Some(named);
                    }
                }
            }
        }
        described = true;
    }
    Some(NameAfter {
        start: name_start?,
        end: name_end,
        words: name,
        next,
        described,
    })
}

/// Whether the text at `at` ends a sentence or a clause of credit: `.`,
/// end of text or line, or `via`, `citing`, `quoting`, `that`.
fn credit_ends_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let rest = rest.strip_prefix(" on its website").unwrap_or(rest);
    rest.is_empty()
        || rest.starts_with(['.', '\n', ';'])
        || [
            ", citing ",
            " citing ",
            " via ",
            ", quoting ",
            " quoting ",
            ", referring to ",
            " referring to ",
        ]
        .iter()
        .any(|p| rest.starts_with(p))
}

/// A fuller name ending in `word` that the text writes somewhere (`The
/// Washington Post` for `Post`), shaped like an outlet's.
fn fuller_name(text: &str, word: &str) -> Option<String> {
    if !is_outlet_word(word) {
        return None;
    }
    for (at, _) in text.match_indices(word) {
        let end = at + word.len();
        if text[end..].starts_with(char::is_alphanumeric) {
            continue;
        }
        if let Some((_, words)) = name_before(text, end) {
            if words.len() > 1 && words.last() == Some(&word) && outlet_shaped(&words) {
                return Some(words.join(" "));
            }
        }
    }
    None
}

/// Every outlet credited in `text` that the lists do not name.
/// `speakers` are the article's speakers, never outlets.
pub fn find_credits(
    text: &str,
    tokens: &[Token],
    vocab: &Vocabulary,
    speakers: &[String],
) -> Vec<Credit> {
    let mut found: Vec<Credit> = Vec::new();
    let mut push = |words: Vec<&str>,
                    span: (usize, usize),
                    rule: &'static str,
                    strength: Strength,
                    described: bool| {
        // `Computeractive Magazine` is `Computeractive`.
        let kept = match words.split_last() {
            Some((last, rest))
                if !rest.is_empty() && matches!(*last, "Magazine" | "Newspaper" | "Website") =>
            {
                rest
            }
            _ => &words[..],
        };
        let mut name = kept.join(" ");
        if kept.len() == 1 {
            // `the Post reported`, after `The Washington Post` earlier.
            if let Some(full) = fuller_name(text, kept[0]) {
                name = full;
            } else if text[..span.0].ends_with("the ") || text[..span.0].ends_with("The ") {
                // `told the Times`: `The Times`, its usual name.
                name = format!("The {name}");
            }
        }
        // A listed outlet in a frame the list's own rules do not know
        // (`writing in the Guardian`) or written in another case (`told
        // the Times`) is an outlet: its canonical name, not learned. Any
        // other name must show it is one.
        let listed = vocab.outlets.canonical(&name).map(str::to_string);
        if listed.is_none() && judge(vocab, speakers, &words, strength, described).is_none() {
            return;
        }
        let learn = strength == Strength::Strong && listed.is_none();
        let name = listed.unwrap_or(name);
        if found.iter().any(|c| c.name == name) {
            return;
        }
        found.push(Credit {
            name,
            span,
            rule,
            learn,
        });
    };
    datelines(text, &mut push);
    for m in frame_matches(text, tokens) {
        let frame = &FRAMES[m.frame];
        match frame.side {
            Side::Before => {
                let Some((start, words)) = name_before(text, m.start()) else {
                    continue;
                };
                // The verb must end there: `reports` but not `reportsX`.
                if text[m.end()..].starts_with(char::is_alphanumeric) {
                    continue;
                }
                let verb = frame.words.trim();
                let before = text[..start].trim_end_matches(' ');
                let after_comma =
                    before.ends_with(',') || before.ends_with('—') || before.ends_with(" -");
                let sentence_start = before.is_empty()
                    || before.ends_with(['.', '\n', '!', '?', '"', '”'])
                    || before.ends_with(" the")
                    || before == "The";
                let span = (start, m.start());
                match verb {
                    "quoted" | "cited" | "quotes" | "cites" => {
                        // `Bild quoted him as saying`, `TASS cited Peskov as saying`.
                        let sentence_end = text[m.end()..]
                            .find(['.', '\n'])
                            .map_or(text.len(), |k| m.end() + k);
                        if sentence_start && text[m.end()..sentence_end].contains(" as saying") {
                            push(
                                words,
                                span,
                                "credit: 'OUTLET quoted ... as saying'",
                                Strength::Strong,
                                false,
                            );
                        }
                    }
                    _ if after_comma && credit_ends_at(text, m.end()) => {
                        push(
                            words,
                            span,
                            "credit: '..., OUTLET reports.'",
                            Strength::Strong,
                            false,
                        );
                    }
                    _ if sentence_start
                        && [" that", ",", " on ", " earlier", " last", " in "]
                            .iter()
                            .any(|p| text[m.end()..].starts_with(p)) =>
                    {
                        push(
                            words,
                            span,
                            "credit: 'OUTLET reported that'",
                            Strength::Weak,
                            false,
                        );
                    }
                    _ => {}
                }
            }
            Side::After => {
                // `told` and the like must stand as words.
                if m.start() > 0 && text[..m.start()].ends_with(char::is_alphanumeric) {
                    continue;
                }
                let Some(name) = name_after(text, m.end(), vocab) else {
                    continue;
                };
                if !name.described
                    && !outlet_shaped(&name.words)
                    && name
                        .next
                        .is_some_and(|w| !MAY_FOLLOW.contains(&w.to_lowercase().as_str()))
                {
                    continue;
                }
                let words_lower = frame.words.trim().to_lowercase();
                let (rule, mut strength) = match words_lower.as_str() {
                    "reported by" => {
                        let as_reported = text[..m.start()].ends_with("as ");
                        if as_reported {
                            ("credit: 'as reported by OUTLET'", Strength::Strong)
                        } else {
                            ("credit: 'reported by OUTLET'", Strength::Medium)
                        }
                    }
                    // Only outlets have correspondents: `correspondent for
                    // The World`.
                    "citing" | "quoted by" | "cited by" | "correspondent for" => {
                        ("credit: 'citing OUTLET'", Strength::Medium)
                    }
                    // `Azernews reports via Bild`: both are credited.
                    "via" if ["reports ", "reported ", "informs ", "writes ", "wrote "]
                        .iter()
                        .any(|v| text[..m.start()].ends_with(v)) =>
                    {
                        ("credit: 'OUTLET reports via OUTLET'", Strength::Strong)
                    }
                    _ => (
                        "credit: 'according to', 'told', 'in an interview with' an outlet-shaped name",
                        Strength::Weak,
                    ),
                };
                if name.described {
                    strength = Strength::Strong;
                }
                let (end, next) = (name.end, name.next);
                push(
                    name.words,
                    (name.start, name.end),
                    rule,
                    strength,
                    name.described,
                );
                // `according to Reuters and AFP`: the second name too.
                if next == Some("and") {
                    let second = end + " and ".len();
                    if second < text.len() && text.is_char_boundary(second) {
                        if let Some(other) = name_after(text, second, vocab) {
                            if other
                                .next
                                .is_none_or(|w| MAY_FOLLOW.contains(&w.to_lowercase().as_str()))
                            {
                                push(
                                    other.words,
                                    (other.start, other.end),
                                    rule,
                                    strength,
                                    other.described,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    found
}

/// Dateline credits near the start of the text: `BAKU, July 18. /Azernews/`
/// and `TOKYO, May 2 (Kyodo) -`.
fn datelines(
    text: &str,
    push: &mut impl FnMut(Vec<&str>, (usize, usize), &'static str, Strength, bool),
) {
    let mut head_end = text.len().min(400);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &text[..head_end];
    for (open, close) in [('/', '/'), ('(', ')')] {
        let mut from = 0;
        while let Some(k) = head[from..].find(open) {
            let start = from + k + open.len_utf8();
            from = start;
            let Some(len) = head[start..].find(close) else {
                break;
            };
            let inner = &head[start..start + len];
            let after = &head[start + len + close.len_utf8()..];
            let before = head[..start - open.len_utf8()].trim_end_matches(' ');
            let credited = match open {
                // `July 18. /Azernews/ The ...` or at the very start.
                '/' => {
                    (before.is_empty() || before.ends_with(['.', ',', '\n']))
                        && (after.is_empty() || after.starts_with([' ', '.', '\n', ',']))
                }
                // `TOKYO, May 2 (Kyodo) - ...`: at the start of a line,
                // after a place in capitals or a date.
                _ => {
                    let line = before.rsplit('\n').next().unwrap_or(before);
                    let dateline = line.len() <= 80
                        && line.split([' ', ',']).any(|w| {
                            w.len() >= 3 && w.bytes().all(|b| b.is_ascii_uppercase())
                                || w.bytes().any(|b| b.is_ascii_digit())
                        });
                    dateline
                        && ["- ", "– ", "— ", " - ", " – ", " — ", "-- ", " -- "]
                            .iter()
                            .any(|d| after.starts_with(d))
                }
            };
            if !credited || inner.is_empty() || inner.len() > 60 {
                continue;
            }
            let words: Vec<&str> = inner.split(' ').filter(|w| !w.is_empty()).collect();
            if words.iter().all(|w| is_capitalised(w) || is_connector(w))
                && words.first().is_some_and(|w| is_capitalised(w))
            {
                push(
                    words,
                    (start, start + len),
                    "dateline credit (not in the lists)",
                    Strength::Strong,
                    false,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn credited(text: &str) -> Vec<String> {
        find_credits(text, &tokenize(text), &Vocabulary::builtin(), &[])
            .into_iter()
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn frame_matches_are_every_occurrence_at_a_word_in_order_of_end() {
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(FRAMES.iter().map(|f| f.words))
            .expect("frame automaton builds");
        let texts = [
            "",
            " ",
            "told ",
            " reports",
            "as reported by Reuters, the paper reported.",
            "Bild quoted by AFP quoted him, according to  told  via via ",
            "She told the BBC in an interview with CNN, speaking to reporters.",
            "a report by  a study by writing for correspondent for the Times wrote in ",
            "\u{e9}t\u{e9} cited by the Post, which cites TASS, informed",
        ];
        let all: String = FRAMES.iter().map(|f| f.words).collect();
        let joined = FRAMES.iter().map(|f| f.words).collect::<Vec<_>>().join("x");
        let mut texts: Vec<&str> = texts.to_vec();
        texts.extend([all.as_str(), joined.as_str(), "via ", "x told  told"]);
        for text in texts {
            let expected: Vec<FrameMatch> = ac
                .find_overlapping_iter(text)
                .map(|m| FrameMatch {
                    frame: m.pattern().as_usize(),
                    start: m.start(),
                    end: m.end(),
                })
                // Where the frame's first word stands: a word must start there.
                .filter(|m| {
                    let at = m.start() + usize::from(text.as_bytes()[m.start()] == b' ');
                    let before = text[..at].chars().next_back();
                    before.is_none_or(|c| !c.is_alphanumeric() && !"'’-.&‐".contains(c))
                })
                .collect();
            assert_eq!(frame_matches(text, &tokenize(text)), expected, "{text:?}");
        }
    }

    #[test]
    fn strong_frames_credit_any_name_that_is_nothing_else() {
        assert_eq!(
            credited("The permit was withdrawn, Kaspiy reports."),
            ["Kaspiy"]
        );
        assert_eq!(credited("Prices rose, Hürriyet reported."), ["Hürriyet"]);
        assert_eq!(
            credited("Applications rose, Kaspiy informs citing the Intellectual Property Agency."),
            ["Kaspiy"]
        );
        assert_eq!(
            credited("The talks stalled, as reported by Kommersant-Vlast."),
            ["Kommersant-Vlast"]
        );
        assert_eq!(
            credited("Bild quoted him as saying he would stay."),
            ["Bild"]
        );
        assert_eq!(
            credited("BAKU, July 18. /Vesti.az/ The road opened."),
            ["Vesti.az"]
        );
        assert_eq!(credited("TOKYO, May 2 (Jiji) - Shares fell."), ["Jiji"]);
        assert!(
            find_credits(
                "It rose, Kaspiy reports.",
                &tokenize("It rose, Kaspiy reports."),
                &Vocabulary::builtin(),
                &[]
            )[0]
            .learn
        );
    }

    #[test]
    fn names_after_a_frame_may_start_with_any_punctuation() {
        // The word's opening punctuation is trimmed before its end is
        // measured: a multibyte letter at its end is never cut through.
        for text in [
            "He told !journalisté after the talks.",
            "He told (Reuters) on Monday.",
            "He told [Hürriyet] on Monday.",
            "According to :Trend, prices rose.",
            "He told ?« Le Monde » on Monday.",
        ] {
            let _ = credited(text);
        }
        assert_eq!(credited("He told (Imedi TV) on Monday."), ["Imedi TV"]);
    }

    #[test]
    fn a_dateline_credit_of_spaces_only_is_none() {
        assert!(credited("BAKU, May 2 (   ) - Prices rose.").is_empty());
        assert!(credited("TOKYO, May 2 ( ) – Prices rose.").is_empty());
    }

    #[test]
    fn weak_frames_need_an_outlet_shaped_name() {
        assert_eq!(credited("He told Imedi TV on Monday."), ["Imedi TV"]);
        // A station by its FM frequency; other numbers are not one.
        assert_eq!(
            credited("In an interview with Kiss 100 on Friday, the singer spoke."),
            ["Kiss 100"]
        );
        assert!(credited("In an interview with Apollo 11 on Friday, he spoke.").is_empty());
        // Only outlets have correspondents.
        assert_eq!(
            credited("Dana Reyes is the science correspondent for Marketplace."),
            ["Marketplace"]
        );
        // A listed outlet in another case is its listed name.
        assert_eq!(
            credited("Her coach told the Times: \"Not before May.\""),
            ["The Times"]
        );
        // A country and outlet words describe; the name follows.
        assert!(credited("He told US TV on Sunday that he was fine.").is_empty());
        assert_eq!(
            credited("She told US TV network Channel Nine News on Sunday."),
            ["Channel Nine News"]
        );
        // `the` goes on a name only after `of`.
        assert_eq!(
            credited("He told the Independent the plans were bold."),
            ["The Independent"]
        );
        assert_eq!(
            credited("he told the News of the World on Sunday"),
            ["News of the World"]
        );
        assert_eq!(
            credited("according to oxu.az, the road is open"),
            ["oxu.az"]
        );
        assert_eq!(
            credited("He said in an interview with Channel 4 News."),
            ["Channel 4 News"]
        );
        assert_eq!(
            credited("The deal is done, according to the Baku Observer."),
            ["Baku Observer"]
        );
        assert!(credited("He told Smith that the deal was done.").is_empty());
        assert!(credited("according to Putin, the deal was done").is_empty());
        assert!(credited("He told Parliament on Monday.").is_empty());
        assert!(credited("according to the Ministry of Defence").is_empty());
    }

    #[test]
    fn people_places_bodies_and_networks_are_not_outlets() {
        assert!(credited("The deal is close, Russia reported.").is_empty());
        assert!(credited("The permit was withdrawn, citing Armenian media.").is_empty());
        assert!(credited("The vote was delayed, John Smith reports.").is_empty());
        assert!(credited("He posted the video, citing Telegram.").is_empty());
        assert!(credited("The ministry said so, according to mfa.gov.az.").is_empty());
        assert!(credited("Growth slowed, the Central Bank reported.").is_empty());
        let speakers = vec!["Anna Petrova".to_string()];
        assert!(find_credits(
            "The talks will go on, Petrova reports.",
            &tokenize("The talks will go on, Petrova reports."),
            &Vocabulary::builtin(),
            &speakers
        )
        .is_empty());
    }

    #[test]
    fn an_outlet_noun_beside_a_name_makes_it_an_outlet() {
        assert_eq!(
            credited("according to the Georgian newspaper Rezonansi, the vote"),
            ["Rezonansi"]
        );
        assert_eq!(
            credited("according to trade publication Screen Weekly Asia, sales"),
            ["Screen Weekly Asia"]
        );
        assert_eq!(
            credited("He was quoted in the Clarion newspaper saying"),
            ["The Clarion"]
        );
        // The outlet is the name before the noun, and no list names it here.
        assert!(
            credited("He told the Bugle website Ford did not deserve it.")
                .iter()
                .all(|n| n != "Ford")
        );
    }

    #[test]
    fn medium_frames_take_one_word_that_is_nothing_else() {
        assert_eq!(
            credited("The bill passed, citing Interfax-Azerbaijan."),
            ["Interfax-Azerbaijan"]
        );
        // A sentence's subject reporting is as often a company or a
        // person: only an outlet-shaped name (or a learned one) counts.
        assert!(credited("Delfi reported that the talks had ended.").is_empty());
        assert!(credited("Apple reported that profits rose.").is_empty());
        assert_eq!(
            credited("The Baku Observer reported that the talks had ended."),
            ["Baku Observer"]
        );
        assert_eq!(
            credited("Prices fell, Kaspiy reports via Bild."),
            ["Kaspiy", "Bild"]
        );
        assert!(credited("citing NATO, the paper said").is_empty());
    }
}
