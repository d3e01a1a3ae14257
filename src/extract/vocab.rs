//! The word lists extraction runs on: reporting verbs, roles, honorifics,
//! non-person words and outlets. They ship as data files under `data/`
//! (embedded at build time) and a user can add to the outlet list.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::names::{fold, AsciiShape};

const REPORTING_VERBS: &str = include_str!("../../data/reporting-verbs.txt");
const ROLES: &str = include_str!("../../data/roles.txt");
const HONORIFICS: &str = include_str!("../../data/honorifics.txt");
const NON_PERSON: &str = include_str!("../../data/non-person-words.txt");
const ORGANISATION: &str = include_str!("../../data/organisation-words.txt");
const OUTLETS: &str = include_str!("../../data/outlets.txt");

/// An error in a user vocabulary file.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// The file could not be read.
    #[error("cannot read {what} {path}: {source}")]
    Read {
        /// What the file is: an outlet list or a people list.
        what: &'static str,
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Non-comment, non-empty lines of a list file.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Outlets with their aliases, matched in text with one automaton.
#[derive(Debug, Clone)]
pub struct Outlets {
    /// Canonical names, indexed by outlet number.
    canonical: Vec<String>,
    /// Every alias (canonical names included) and its outlet number.
    aliases: Vec<(String, usize)>,
    /// Folded alias to outlet number, for metadata and filters.
    by_folded: HashMap<String, usize>,
    /// Built on first use: searching needs only the alias table.
    matcher: std::sync::OnceLock<Matcher>,
}

/// What finding outlets in text runs on: an anchored automaton over the
/// aliases, tried only at word starts whose first bytes can begin an alias.
#[derive(Debug, Clone)]
struct Matcher {
    /// Every alias, anchored, longest match wins.
    dfa: DFA,
    /// The automaton's anchored start state.
    start: StateID,
    /// One bit per [`head_slot`] of three bytes, set for the first three
    /// bytes of every alias (and any bytes after a shorter one). Colliding
    /// slots only let through positions the automaton then rejects.
    heads3: Box<Bits>,
    /// The same for aliases shorter than five bytes only: the other aliases
    /// are looked for only where [`Matcher::heads5`] lets them.
    short_heads3: Box<Bits>,
    /// One bit per [`head_slot`] of five bytes, set for the first five bytes
    /// of every alias at least that long.
    heads5: Box<Bits>,
    /// Whether some alias starts with something other than an ASCII letter:
    /// then every byte after a non-letter is a possible start, not only
    /// letters.
    other_starts: bool,
}

/// A set of 16-bit slots.
type Bits = [u64; 1 << 10];

/// Sets `slot` in `bits`.
fn set_bit(bits: &mut Bits, slot: usize) {
    bits[slot >> 6] |= 1 << (slot & 63);
}

/// Whether `slot` is in `bits`.
#[inline(always)]
fn bit(bits: &Bits, slot: usize) -> bool {
    (bits[slot >> 6] >> (slot & 63)) & 1 != 0
}

/// A 16-bit slot for the first `len` (1 to 8) bytes of `bytes` (read
/// little-endian: the first byte lowest).
#[inline(always)]
fn head_slot(bytes: u64, len: u32) -> usize {
    ((bytes << (64 - 8 * len)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

impl Matcher {
    fn new(aliases: &[(String, usize)]) -> Matcher {
        let dfa = DFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(aliases.iter().map(|(a, _)| a.as_str()))
            .expect("outlet automaton builds");
        let start = dfa
            .start_state(Anchored::Yes)
            .expect("outlet automaton supports anchored searches");
        let mut heads3 = Box::new([0; 1 << 10]);
        let mut short_heads3 = Box::new([0; 1 << 10]);
        let mut heads5 = Box::new([0; 1 << 10]);
        let mut other_starts = false;
        for (alias, _) in aliases {
            let bytes = alias.as_bytes();
            let mut head = [0u8; 8];
            let known = bytes.len().min(5);
            head[..known].copy_from_slice(&bytes[..known]);
            let head = u64::from_le_bytes(head);
            // The bytes after a short alias can be anything.
            let known = bytes.len().min(3);
            for rest in 0..1u64 << (8 * (3 - known)) {
                let slot = head_slot(head | (rest << (8 * known)), 3);
                set_bit(&mut heads3, slot);
                if bytes.len() < 5 {
                    set_bit(&mut short_heads3, slot);
                }
            }
            if bytes.len() >= 5 {
                set_bit(&mut heads5, head_slot(head, 5));
            }
            other_starts |= !bytes.first().is_some_and(u8::is_ascii_alphabetic);
        }
        Matcher {
            dfa,
            start,
            heads3,
            short_heads3,
            heads5,
            other_starts,
        }
    }

    /// Whether an alias can start with the bytes of `eight` (read
    /// little-endian: the first byte lowest), judging by the first three
    /// and five.
    #[inline(always)]
    fn may_start(&self, eight: u64) -> bool {
        let slot = head_slot(eight, 3);
        bit(&self.heads3, slot)
            && (bit(&self.short_heads3, slot) || bit(&self.heads5, head_slot(eight, 5)))
    }

    /// The longest alias starting at `at`: its index and end.
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        let mut sid = self.start;
        let mut found = None;
        for (i, &byte) in bytes[at..].iter().enumerate() {
            sid = self.dfa.next_state(Anchored::Yes, sid, byte);
            if self.dfa.is_special(sid) {
                if self.dfa.is_dead(sid) {
                    break;
                }
                if self.dfa.is_match(sid) {
                    found = Some((self.dfa.match_pattern(sid, 0).as_usize(), at + i + 1));
                }
            }
        }
        found
    }
}

/// Whether `c` continues a word: an outlet name next to one is part of a
/// longer word, not a mention.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Bytes of text looked at together for word starts.
const BLOCK: usize = 64;
/// A block with the bytes after it that [`Matcher::may_start`] reads.
const WINDOW: usize = BLOCK + 8;

/// One bit per byte of `block` (the lowest for the first), set for ASCII
/// letters. Eight bytes at a time in a `u64`.
#[inline(always)]
fn letters(block: &[u8; BLOCK]) -> u64 {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut mask = 0;
    for (k, eight) in block.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        // Seven low bits of each byte with the lowercase bit set; no
        // addition below carries into the next byte.
        let lowercase = (eight & !HIGH) | (0x20 * LOW);
        let at_least_a = lowercase + (0x80 - u64::from(b'a')) * LOW;
        let above_z = lowercase + (0x7f - u64::from(b'z')) * LOW;
        let letters = (at_least_a & !(above_z | eight) & HIGH) >> 7;
        // Gathers the lowest bit of each byte into the top byte.
        mask |= (letters.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Occurrences of known outlets in a text, in order; see [`Outlets::find_all`].
struct OutletMatches<'a> {
    outlets: &'a Outlets,
    matcher: &'a Matcher,
    text: &'a str,
    /// Offset of the block being looked at.
    start: usize,
    /// That block and the bytes after it, zeros past the end of the text.
    window: [u8; WINDOW],
    /// One bit per byte of the block (the lowest for the first), set for
    /// possible word starts not yet tried: bytes after a non-letter, if
    /// letters or if an alias can start with something else.
    pending: u64,
    /// 1 when the byte before the next block is not a letter (or the block
    /// starts the text).
    carry: u64,
    /// End of the last match: matches do not overlap.
    resume: usize,
}

impl<'a> OutletMatches<'a> {
    fn new(outlets: &'a Outlets, matcher: &'a Matcher, text: &'a str) -> OutletMatches<'a> {
        let mut matches = OutletMatches {
            outlets,
            matcher,
            text,
            start: 0,
            window: [0; WINDOW],
            pending: 0,
            carry: 1,
            resume: 0,
        };
        matches.load(0);
        matches
    }

    /// Moves to the block at `start`.
    fn load(&mut self, start: usize) {
        let bytes = self.text.as_bytes();
        match bytes.get(start..).and_then(<[u8]>::first_chunk::<WINDOW>) {
            // In two fixed-size parts, which compile to a few moves.
            Some(window) => {
                let (block, after) = window.split_at(BLOCK);
                self.window[..BLOCK].copy_from_slice(block);
                self.window[BLOCK..].copy_from_slice(after);
            }
            None => {
                let rest = bytes.get(start..).unwrap_or_default();
                self.window = [0; WINDOW];
                self.window[..rest.len()].copy_from_slice(rest);
            }
        }
        let letters = letters(self.window.first_chunk().expect("a block"));
        let non_letters = !letters;
        let any_start = if self.matcher.other_starts {
            u64::MAX
        } else {
            0
        };
        self.pending = ((non_letters << 1) | self.carry) & (letters | any_start);
        self.carry = non_letters >> (BLOCK - 1);
        self.start = start;
    }

    /// The next possible word start whose first bytes can begin an alias.
    #[inline(always)]
    fn next_candidate(&mut self) -> Option<usize> {
        loop {
            let mut pending = self.pending;
            while pending != 0 {
                // Below BLOCK anyway; the remainder shows it to the compiler.
                let i = pending.trailing_zeros() as usize % BLOCK;
                pending &= pending - 1;
                let eight = self.window[i..i + 8].try_into().expect("8 bytes");
                if self.matcher.may_start(u64::from_le_bytes(eight)) {
                    self.pending = pending;
                    return Some(self.start + i);
                }
            }
            let next = self.start + BLOCK;
            if next >= self.text.len() {
                self.pending = 0;
                return None;
            }
            self.load(next);
        }
    }

    /// The outlet named at `at`, if an alias starts there at a word start
    /// and ends at a word end. An alias starting there and running into a
    /// word is passed over whole, as a non-overlapping search would.
    fn try_at(&mut self, at: usize) -> Option<(usize, usize, &'a str)> {
        let bytes = self.text.as_bytes();
        // Colliding slots can let through a position inside a character.
        if at < self.resume || at >= bytes.len() || !self.text.is_char_boundary(at) {
            return None;
        }
        let word_before = match at.checked_sub(1).map(|i| bytes[i]) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'-' || b == b'_',
            Some(_) => self.text[..at]
                .chars()
                .next_back()
                .is_some_and(is_word_char),
        };
        if word_before {
            return None;
        }
        let (alias, end) = self.matcher.longest_at(bytes, at)?;
        self.resume = end;
        // "Trend." at a sentence end is fine; "Trend.az" is matched whole.
        if self.text[end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        let id = self.outlets.aliases[alias].1;
        Some((at, end, self.outlets.canonical[id].as_str()))
    }
}

impl<'a> Iterator for OutletMatches<'a> {
    type Item = (usize, usize, &'a str);

    // Kept out of callers: the scan runs best with registers of its own.
    #[inline(never)]
    fn next(&mut self) -> Option<Self::Item> {
        while let Some(at) = self.next_candidate() {
            if let Some(found) = self.try_at(at) {
                return Some(found);
            }
        }
        None
    }
}

impl Outlets {
    /// Builds the outlet table from list texts (`Canonical | alias | ...`).
    pub fn from_lists(lists: &[(&str, &str)]) -> Result<Outlets, VocabError> {
        let mut canonical: Vec<String> = Vec::new();
        let mut aliases: Vec<(String, usize)> = Vec::new();
        let mut by_folded: HashMap<String, usize> = HashMap::default();
        // Outlets learned from an archive give way to the lists people
        // write: a name of theirs that a list gives another outlet is that
        // outlet's.
        let mut learned: HashSet<usize> = HashSet::default();
        for (origin, text) in lists {
            let is_learned = origin.ends_with("learned-outlets.txt");
            for (line_no, line) in lines(text) {
                let mut names = line.split('|').map(str::trim).filter(|n| !n.is_empty());
                let Some(name) = names.next() else {
                    return Err(VocabError::Line {
                        path: origin.to_string(),
                        line: line_no,
                        message: "expected 'Canonical Name | alias | alias'".into(),
                    });
                };
                // A later list may add aliases to an outlet already known,
                // under any case of its name.
                let id = match by_folded.get(&fold(name)) {
                    Some(&id) if fold(&canonical[id]) == fold(name) => id,
                    Some(_) if is_learned => continue,
                    Some(&other) if !learned.contains(&other) => {
                        return Err(VocabError::Line {
                            path: origin.to_string(),
                            line: line_no,
                            message: format!(
                                "'{name}' is already a name of the outlet {}; a name can stand for one outlet only",
                                canonical[other]
                            ),
                        })
                    }
                    _ => {
                        canonical.push(name.to_string());
                        if is_learned {
                            learned.insert(canonical.len() - 1);
                        }
                        canonical.len() - 1
                    }
                };
                for alias in std::iter::once(name).chain(names) {
                    if let Some(&other) = by_folded.get(&fold(alias)) {
                        if other != id && !learned.contains(&other) {
                            return Err(VocabError::Line {
                                path: origin.to_string(),
                                line: line_no,
                                message: format!(
                                    "'{alias}' is already a name of the outlet {}; a name can stand for one outlet only",
                                    canonical[other]
                                ),
                            });
                        }
                    }
                    by_folded.insert(fold(alias), id);
                    aliases.push((alias.to_string(), id));
                }
            }
        }
        Ok(Outlets {
            canonical,
            aliases,
            by_folded,
            matcher: std::sync::OnceLock::new(),
        })
    }

    /// The canonical name of an outlet written any known way
    /// (case- and diacritics-insensitive), if it is known.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let folded = fold(name.trim());
        let folded = folded.strip_prefix("www.").unwrap_or(&folded);
        self.by_folded
            .get(folded)
            .map(|&id| self.canonical[id].as_str())
    }

    /// Canonical name for metadata: known outlets are canonicalised, others
    /// kept as written.
    pub fn canonical_or_given(&self, name: &str) -> String {
        self.canonical(name)
            .map(str::to_string)
            .unwrap_or_else(|| name.trim().to_string())
    }

    /// Every occurrence of a known outlet in `text`, as (start, end, canonical).
    /// Occurrences inside a longer word are left out; where aliases
    /// overlap, the longest one starting first wins.
    pub fn find_all<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a str)> + 'a {
        let matcher = self.matcher.get_or_init(|| Matcher::new(&self.aliases));
        OutletMatches::new(self, matcher, text)
    }
}

/// What the vocabularies say a word is: a set of [`Vocabulary::class_of`] bits.
pub mod class {
    /// A role or title (hyphenated compounds included).
    pub const ROLE: u8 = 1;
    /// An honorific.
    pub const HONORIFIC: u8 = 2;
    /// A word never part of a person's name.
    pub const NON_PERSON: u8 = 4;
    /// A word ending organisation and place names.
    pub const ORGANISATION: u8 = 8;
    /// Any of the above: stripped from the front of a name.
    pub const STRIPPABLE: u8 = ROLE | HONORIFIC | NON_PERSON | ORGANISATION;
    /// The first word of an outlet's name or alias.
    pub const OUTLET_START: u8 = 16;
    /// A word ending place and organisation names that is also a surname
    /// (`Park`, `Field`): a name ending in it is a person's only when an
    /// honorific or a role vouches for it. Not stripped from the front of
    /// a name (`Park Ji-sung`).
    pub const ALSO_SURNAME: u8 = 32;
}

/// What name words can be, judging by their words alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameShape {
    /// Not a person's name.
    NotPerson,
    /// Shaped like a person's name.
    Person,
    /// A person's name only if an honorific or a role comes with it: the
    /// last word also ends place and organisation names (`Celtic Park`,
    /// but `animator Nick Park`).
    PersonIfVouched,
}

/// A reporting verb or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPhrase {
    /// The words, lowercase.
    pub words: Vec<String>,
    /// Whether it counts only before a clause (`that`, a quote,
    /// punctuation), after a quotation or before one a few words on,
    /// because it often takes a plain object.
    pub clause_only: bool,
    /// Whether it counts only when a quotation opens a few words on
    /// (`called the plan "reckless"`).
    pub quote_only: bool,
}

/// All vocabularies the extractor uses.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Reporting verbs, keyed by their first word, longest phrases first.
    verbs: PackedMap<Vec<VerbPhrase>>,
    /// The first words of reporting verbs, for a quick test.
    verb_starts: WordFilter,
    /// Role and title words (folded).
    pub roles: HashSet<String>,
    /// Honorifics (folded).
    pub honorifics: HashSet<String>,
    /// Words never part of a person's name (folded).
    pub non_person: HashSet<String>,
    /// Words that end organisation and place names (folded).
    pub organisation: HashSet<String>,
    /// Words that end organisation and place names and are also surnames
    /// (folded): marked `*` in the list.
    pub also_surname: HashSet<String>,
    /// Outlets.
    pub outlets: Outlets,
    /// Folded word to its class bits, for one lookup per word.
    classes: PackedMap<u8>,
    /// People's name variants (folded) to the name to show, from user
    /// lists: `Maria Vladimirovna Zakharova` and `M. Zakharova` to
    /// `Maria Zakharova`.
    people: HashMap<String, String>,
}

impl Vocabulary {
    /// The vocabulary shipped with newsdex.
    pub fn builtin() -> Vocabulary {
        Vocabulary::with_outlet_files(&[]).expect("built-in vocabularies are valid")
    }

    /// The shipped vocabulary plus outlet lists from user files.
    pub fn with_outlet_files(files: &[&Path]) -> Result<Vocabulary, VocabError> {
        Vocabulary::with_files(files, &[])
    }

    /// The shipped vocabulary plus user outlet lists and people lists.
    /// A people list has one person a line, the name to show first and its
    /// variants after, separated by `|`.
    pub fn with_files(files: &[&Path], people_files: &[&Path]) -> Result<Vocabulary, VocabError> {
        let mut people: HashMap<String, String> = HashMap::default();
        for path in people_files {
            let text = crate::lists::read_text_file(path).map_err(|source| VocabError::Read {
                what: "people list",
                path: path.display().to_string(),
                source,
            })?;
            let origin = path.display().to_string();
            for (line_no, line) in lines(&text) {
                let mut names = line.split('|').map(str::trim).filter(|n| !n.is_empty());
                let Some(shown) = names.next() else {
                    return Err(VocabError::Line {
                        path: origin,
                        line: line_no,
                        message: "expected 'Name | variant | variant'".into(),
                    });
                };
                // A person already listed (in any case) keeps the name first
                // shown; a variant cannot stand for two people.
                let shown = people
                    .get(&fold(shown))
                    .cloned()
                    .unwrap_or_else(|| shown.to_string());
                for variant in std::iter::once(shown.as_str()).chain(names) {
                    match people.get(&fold(variant)) {
                        Some(other) if fold(other) != fold(&shown) => {
                            return Err(VocabError::Line {
                                path: origin,
                                line: line_no,
                                message: format!(
                                    "'{variant}' is already a name of {other}; a name can stand for one person only"
                                ),
                            })
                        }
                        _ => {
                            people.insert(fold(variant), shown.clone());
                        }
                    }
                }
            }
        }
        let mut texts = Vec::new();
        for path in files {
            let text = crate::lists::read_text_file(path).map_err(|source| VocabError::Read {
                what: "outlet list",
                path: path.display().to_string(),
                source,
            })?;
            texts.push((path.display().to_string(), text));
        }
        let mut lists = vec![("data/outlets.txt", OUTLETS)];
        lists.extend(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        let outlets = Outlets::from_lists(&lists)?;
        let set = |text: &str| lines(text).map(|(_, l)| fold(l)).collect::<HashSet<_>>();
        // A trailing `*` marks a word that is also a surname.
        let (organisation, also_surname): (Vec<_>, Vec<_>) =
            lines(ORGANISATION).partition(|(_, l)| !l.ends_with('*'));
        let organisation: HashSet<String> = organisation.iter().map(|(_, l)| fold(l)).collect();
        let also_surname: HashSet<String> = also_surname
            .iter()
            .map(|(_, l)| fold(l.trim_end_matches('*').trim_end()))
            .collect();
        let mut verbs: PackedMap<Vec<VerbPhrase>> = PackedMap::default();
        let mut verb_starts = WordFilter::default();
        for (_, line) in lines(REPORTING_VERBS) {
            let clause_only = line.ends_with('*');
            let quote_only = line.ends_with('"');
            let words: Vec<String> = line
                .trim_end_matches(['*', '"'])
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            verb_starts.add(words[0].as_bytes());
            verbs.entry(words[0].as_bytes()).push(VerbPhrase {
                words,
                clause_only,
                quote_only,
            });
        }
        // Longest phrases first, so "called on" wins over a shorter entry.
        for phrases in verbs.values_mut() {
            phrases.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        let mut vocab = Vocabulary {
            verbs,
            verb_starts,
            roles: set(ROLES),
            honorifics: set(HONORIFICS),
            non_person: set(NON_PERSON),
            organisation,
            also_surname,
            outlets,
            classes: PackedMap::default(),
            people,
        };
        let mut classes: PackedMap<u8> = PackedMap::default();
        for (words, bit) in [
            (&vocab.roles, class::ROLE),
            (&vocab.honorifics, class::HONORIFIC),
            (&vocab.non_person, class::NON_PERSON),
            (&vocab.organisation, class::ORGANISATION),
            (&vocab.also_surname, class::ALSO_SURNAME),
        ] {
            for word in words {
                *classes.entry(word.as_bytes()) |= bit;
            }
        }
        for (alias, _) in &vocab.outlets.aliases {
            if let Some(first) = alias.split_whitespace().next() {
                *classes.entry(fold(first.trim_end_matches('.')).as_bytes()) |= class::OUTLET_START;
            }
        }
        vocab.classes = classes;
        Ok(vocab)
    }
}

/// A quick, inexact test of whether a set holds a word: the lengths of the
/// set's words by their first two letters and their last (ASCII letters in
/// any case). It can say yes wrongly, never no.
#[derive(Debug, Clone)]
struct WordFilter {
    /// Bit `min(len, 31)` of entry [`WordFilter::slot`] is set when the
    /// set holds a word of that length there.
    lengths: Vec<u32>,
}

impl Default for WordFilter {
    fn default() -> WordFilter {
        WordFilter {
            lengths: vec![0; 32 * 32 * 32],
        }
    }
}

impl WordFilter {
    /// The entry for a word: five bits of each of its first two bytes and
    /// of its last, after folding ASCII capitals (`| 0x20`). Every letter
    /// keeps its own value; other bytes share them, which only costs
    /// precision.
    #[inline]
    fn slot(word: &[u8]) -> usize {
        let bits = |b: Option<&u8>| usize::from(b.map_or(0, |&b| (b | 0x20) & 31));
        bits(word.first()) << 10 | bits(word.get(1)) << 5 | bits(word.last())
    }

    #[inline]
    fn bit(word: &[u8]) -> u32 {
        1 << word.len().min(31)
    }

    fn add(&mut self, word: &[u8]) {
        self.lengths[WordFilter::slot(word)] |= WordFilter::bit(word);
    }

    /// Whether the set may hold `word`; `false` is certain.
    #[inline]
    fn may_hold(&self, word: &[u8]) -> bool {
        self.lengths[WordFilter::slot(word)] & WordFilter::bit(word) != 0
    }
}

/// A map from words (as bytes) to values. Words of up to 15 bytes (nearly
/// all) are keyed by an integer packing their bytes and length, so a lookup
/// neither hashes a string nor compares one; longer words are kept as bytes.
#[derive(Debug, Clone)]
struct PackedMap<V> {
    short: HashMap<u128, V>,
    long: HashMap<Box<[u8]>, V>,
}

impl<V> Default for PackedMap<V> {
    fn default() -> PackedMap<V> {
        PackedMap {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

impl<V> PackedMap<V> {
    /// The key of a word of `len` bytes (at most 15) given packed, first
    /// byte lowest, with zeros from byte `len` on.
    #[inline]
    fn packed_key(packed: u128, len: usize) -> u128 {
        packed | (len as u128) << 120
    }

    /// The key of a word of at most 15 bytes.
    fn short_key(word: &[u8]) -> Option<u128> {
        if word.len() > 15 {
            return None;
        }
        // Byte by byte: a short loop beats a call to `memcpy`.
        let mut packed = [0u8; 16];
        for (slot, &b) in packed.iter_mut().zip(word) {
            *slot = b;
        }
        Some(PackedMap::<V>::packed_key(
            u128::from_le_bytes(packed),
            word.len(),
        ))
    }

    /// The key of the first `len` bytes of `padded`, whose later bytes are
    /// zero: read at once, without copying.
    fn padded_key(padded: &[u8; 32], len: usize) -> Option<u128> {
        let first: [u8; 16] = padded[..16].try_into().expect("sixteen bytes");
        (len <= 15).then(|| PackedMap::<V>::packed_key(u128::from_le_bytes(first), len))
    }

    /// The value of `word`, made with `V::default()` when missing.
    fn entry(&mut self, word: &[u8]) -> &mut V
    where
        V: Default,
    {
        match PackedMap::<V>::short_key(word) {
            Some(key) => self.short.entry(key).or_default(),
            None => self.long.entry(word.into()).or_default(),
        }
    }

    /// Every value.
    fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.short.values_mut().chain(self.long.values_mut())
    }

    /// The value of `word`.
    fn get(&self, word: &[u8]) -> Option<&V> {
        match PackedMap::<V>::short_key(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }

    /// The value of the first `len` bytes of `padded`, whose later bytes
    /// are zero.
    fn get_padded(&self, padded: &[u8; 32], len: usize) -> Option<&V> {
        match PackedMap::<V>::padded_key(padded, len) {
            Some(key) => self.short.get(&key),
            None => self.long.get(&padded[..len]),
        }
    }

    /// The value of a word of `len` bytes (at most 15) given packed, as
    /// for [`PackedMap::packed_key`].
    #[inline]
    fn get_packed(&self, packed: u128, len: usize) -> Option<&V> {
        self.short.get(&PackedMap::<V>::packed_key(packed, len))
    }

    /// Whether `word` has a value.
    #[cfg(test)]
    fn contains_key(&self, word: &str) -> bool {
        self.get(word.as_bytes()).is_some()
    }
}

#[cfg(test)]
impl<V> std::ops::Index<&str> for PackedMap<V> {
    type Output = V;

    fn index(&self, word: &str) -> &V {
        self.get(word.as_bytes()).expect("word in the map")
    }
}

/// A capitalised chunk split into its leading roles and the name after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    /// Index of the first name word.
    pub first: usize,
    /// Index after the last name word.
    pub end: usize,
    /// Whether an honorific (Mr, Ms, Dr...) was among the stripped words.
    pub honorific: bool,
    /// Role words stripped (folded), for later "the minister said".
    pub roles: Vec<String>,
}

impl Vocabulary {
    /// The class bits of a word as written (case, diacritics and a final
    /// dot ignored): one table lookup, no allocation for short ASCII words.
    pub fn class_of(&self, word: &str) -> u8 {
        let word = word.trim_end_matches('.');
        // Short ASCII words are lowercased on the stack, in one pass that
        // also notes a hyphen.
        let mut buf = [0u8; 32];
        let mut ascii = word.len() <= buf.len();
        let mut hyphen = false;
        if ascii {
            for (slot, &b) in buf.iter_mut().zip(word.as_bytes()) {
                if !b.is_ascii() {
                    ascii = false;
                    break;
                }
                hyphen |= b == b'-';
                *slot = b.to_ascii_lowercase();
            }
        }
        let bits = if ascii {
            self.classes
                .get_padded(&buf, word.len())
                .copied()
                .unwrap_or(0)
        } else {
            hyphen = word.contains('-');
            self.classes
                .get(fold(word).as_bytes())
                .copied()
                .unwrap_or(0)
        };
        if bits == 0 && hyphen {
            let folded = fold(word);
            // A descriptor such as `London-based` or `Tunisian-born`: the
            // list holds its ending (`-based`, `-born`).
            let ending = folded.rfind('-').map_or("", |k| &folded[k..]);
            let ending_bits = self.classes.get(ending.as_bytes()).copied().unwrap_or(0);
            if ending_bits & class::NON_PERSON != 0 {
                return class::NON_PERSON;
            }
            if folded.split('-').any(|part| self.roles.contains(part)) {
                return class::ROLE;
            }
        }
        bits
    }

    /// Whether `word` (in any case) may be the first word of a reporting
    /// verb: a quick test that rules out most words without a lookup.
    pub fn may_start_verb(&self, word: &[u8]) -> bool {
        self.verb_starts.may_hold(word)
    }

    /// The reporting verb phrases whose first word is `word` (lowercase),
    /// longest first.
    pub fn verb_phrases(&self, word: &str) -> Option<&[VerbPhrase]> {
        self.verbs.get(word.as_bytes()).map(Vec::as_slice)
    }

    /// [`Vocabulary::verb_phrases`] of the first `len` bytes of `padded`
    /// (lowercase ASCII), whose later bytes are zero.
    pub fn verb_phrases_padded(&self, padded: &[u8; 32], len: usize) -> Option<&[VerbPhrase]> {
        self.verbs.get_padded(padded, len).map(Vec::as_slice)
    }

    /// [`Vocabulary::class_of`] of a short ASCII word from its shape, when
    /// one lookup settles it (no final dot; a hyphenated word only when
    /// the table knows it whole).
    #[inline]
    pub fn class_of_ascii(&self, shape: &AsciiShape) -> Option<u8> {
        if shape.len == 0 || shape.last() == b'.' {
            return None;
        }
        let bits = self
            .classes
            .get_packed(shape.lowercase(), shape.len)
            .copied()
            .unwrap_or(0);
        (bits != 0 || !shape.contains(b'-')).then_some(bits)
    }

    /// The name to show for a person, after the user's people lists.
    pub fn person(&self, name: &str) -> String {
        if self.people.is_empty() {
            return name.to_string();
        }
        self.people
            .get(&fold(name))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// Splits a chunk of capitalised words (`Russian Foreign Ministry
    /// spokesperson Maria Zakharova`, `Bundesbank President Joachim Nagel`)
    /// into the roles before the name and the name.
    pub fn split_name(&self, words: &[&str]) -> NameParts {
        // Post-nominal letters are not part of the name: "Eleanor Whitcombe KC".
        let mut end = words.len();
        while end > 1 && super::names::is_post_nominal(words[end - 1]) {
            end -= 1;
        }
        let words = &words[..end];
        let mut parts = NameParts {
            end,
            first: 0,
            honorific: false,
            roles: Vec::new(),
        };
        // A possessive ends the organisation or place before the name:
        // "Deutsche Bank's Simon Champion".
        let mut i = (0..end.saturating_sub(1))
            .rev()
            .find(|&k| words[k].ends_with("'s") || words[k].ends_with("’s"))
            .map_or(0, |k| k + 1);
        while i < words.len() {
            let word = words[i];
            if word.ends_with("'s") || word.ends_with("’s") {
                i += 1;
                continue;
            }
            let bits = self.class_of(word);
            if bits & class::STRIPPABLE == 0 || super::names::is_particle(word) {
                break;
            }
            parts.honorific |= bits & class::HONORIFIC != 0;
            if bits & class::ROLE != 0 {
                parts.roles.push(fold(word.trim_end_matches('.')));
            }
            i += 1;
        }
        // A role or honorific later in the chunk ends an unknown
        // organisation or place before it: "Bundesbank President Joachim
        // Nagel"; so do an organisation word before two name words or more
        // ("Audit Committee Peter Ainsworth") and a descriptor such as
        // "Santa Monica-based".
        let name_end = words.len()
            - words
                .iter()
                .rev()
                .take_while(|w| super::names::is_suffix(w))
                .count();
        let last = (i..name_end.saturating_sub(1)).rev().find(|&k| {
            let bits = self.class_of(words[k]);
            !super::names::is_particle(words[k])
                && (bits & (class::ROLE | class::HONORIFIC) != 0
                    || (bits & class::ORGANISATION != 0 && name_end - k > 2)
                    || (bits & class::NON_PERSON != 0 && words[k].contains('-')))
        });
        if let Some(k) = last {
            let bits = self.class_of(words[k]);
            parts.honorific |= bits & class::HONORIFIC != 0;
            if bits & class::ROLE != 0 {
                parts.roles.push(fold(words[k].trim_end_matches('.')));
            }
            i = k + 1;
        }
        // Nothing but roles: the last may be a surname ("Mr King"), for
        // the caller to complete or to take with the honorific.
        if i >= words.len() && !words.is_empty() {
            let k = words.len() - 1;
            let bits = self.class_of(words[k]);
            let surname = bits & class::ROLE != 0
                && bits & (class::HONORIFIC | class::NON_PERSON | class::ORGANISATION) == 0
                && super::names::is_name_word(words[k]);
            if surname {
                if parts
                    .roles
                    .last()
                    .is_some_and(|r| *r == fold(words[k].trim_end_matches('.')))
                {
                    parts.roles.pop();
                }
                i = k;
            }
        }
        parts.first = i;
        parts
    }

    /// Whether name words could be a person's, with nothing vouching for
    /// them: [`Vocabulary::name_shape`] is [`NameShape::Person`].
    pub fn person_shaped<S: AsRef<str>>(&self, words: &[S]) -> bool {
        self.name_shape(words) == NameShape::Person
    }

    /// What name words could be: a person's name starts with a name word,
    /// does not end in an organisation, place or calendar word (month names
    /// excepted: Theresa May), is not an outlet, holds no acronym and is not
    /// too long. A name ending in a word that is also a surname (`Park`)
    /// needs an honorific or a role with it.
    pub fn name_shape<S: AsRef<str>>(&self, words: &[S]) -> NameShape {
        if words.is_empty() || words.len() > 6 || !super::names::is_name_word(words[0].as_ref()) {
            return NameShape::NotPerson;
        }
        let last = super::names::surname(words);
        let mut buf = [0u8; 32];
        let folded;
        // The class table holds the organisation and non-person words.
        let (last, bits): (&[u8], u8) = if last.len() <= buf.len()
            && last
                .bytes()
                .all(|b| b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'`'))
        {
            // Plain ASCII folds to lowercase: no allocation.
            for (slot, &b) in buf.iter_mut().zip(last.as_bytes()) {
                *slot = b.to_ascii_lowercase();
            }
            (
                &buf[..last.len()],
                self.classes
                    .get_padded(&buf, last.len())
                    .copied()
                    .unwrap_or(0),
            )
        } else {
            folded = fold(last);
            (
                folded.as_bytes(),
                self.classes.get(folded.as_bytes()).copied().unwrap_or(0),
            )
        };
        let month_surname = matches!(last, b"may" | b"march" | b"june" | b"august");
        let person = bits & class::ORGANISATION == 0
            && (bits & class::NON_PERSON == 0 || (words.len() >= 2 && month_surname))
            && !words.iter().any(|w| is_acronym(w.as_ref()))
            && (self.class_of(words[0].as_ref()) & class::OUTLET_START == 0 || {
                let joined: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
                self.outlets.canonical(&joined.join(" ")).is_none()
            });
        match (person, bits & class::ALSO_SURNAME != 0) {
            (false, _) => NameShape::NotPerson,
            (true, false) => NameShape::Person,
            (true, true) => NameShape::PersonIfVouched,
        }
    }
}

/// Whether a word has more than one letter, all of them capitals (`NATO`).
fn is_acronym(word: &str) -> bool {
    // ASCII letters, read until the first lowercase one (most words stop
    // at their second letter).
    let mut letters = 0usize;
    let mut ascii = true;
    for &b in word.as_bytes() {
        if b.is_ascii_lowercase() {
            return false;
        }
        if !b.is_ascii() {
            ascii = false;
            break;
        }
        letters += usize::from(b.is_ascii_uppercase());
    }
    if ascii {
        return letters > 1;
    }
    word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_filter_never_rules_out_a_word_it_holds() {
        let words: [&[u8]; 7] = [
            b"said",
            b"o'neill",
            b"x",
            b"",
            "\u{e9}lys\u{e9}e".as_bytes(),
            b"a-very-long-hyphenated-compound-word-indeed",
            b"Spokesman",
        ];
        let mut filter = WordFilter::default();
        for word in words {
            filter.add(word);
        }
        for word in words {
            assert!(filter.may_hold(word), "{:?}", String::from_utf8_lossy(word));
        }
        // Case is ignored for ASCII letters.
        assert!(filter.may_hold(b"SAID") && filter.may_hold(b"spokesman"));
        assert!(!filter.may_hold(b"sail!") && !filter.may_hold(b"zebra"));
        // The last letter counts too.
        assert!(!filter.may_hold(b"sain") && !filter.may_hold(b"Spokesmat"));
    }

    #[test]
    fn aliases_map_to_canonical_names() {
        let vocab = Vocabulary::builtin();
        assert_eq!(vocab.outlets.canonical("Trend News Agency"), Some("Trend"));
        assert_eq!(vocab.outlets.canonical("reuters.com"), Some("Reuters"));
        assert_eq!(vocab.outlets.canonical("www.reuters.com"), Some("Reuters"));
        assert_eq!(vocab.outlets.canonical("anadolu agency"), Some("Anadolu"));
        assert_eq!(vocab.outlets.canonical("Unknown Gazette"), None);
        assert_eq!(
            vocab.outlets.canonical_or_given(" Unknown Gazette "),
            "Unknown Gazette"
        );
    }

    #[test]
    fn outlets_match_case_sensitively_on_word_boundaries() {
        let vocab = Vocabulary::builtin();
        let text = "A trend, Trend reports. Trendy. Caliber.Az said; AAA; the Associated Press.";
        let found: Vec<_> = vocab.outlets.find_all(text).map(|(_, _, c)| c).collect();
        assert_eq!(found, ["Trend", "Caliber.Az", "AP"]);
    }

    #[test]
    fn letter_masks_mark_ascii_letters() {
        let text =
            b"\0A b-c d1E\xc2\xabF  (g) x_y ZZ.zz\ne\x7b{|}~f`[]^@G......................xyz";
        let mut blocks = vec![<[u8; BLOCK]>::try_from(&text[..BLOCK]).unwrap()];
        // Every byte value, next to many others.
        blocks.extend(
            (0..=255u8).map(|first| std::array::from_fn(|i| first.wrapping_add((i * 37) as u8))),
        );
        for block in &blocks {
            let expected = block.iter().enumerate().fold(0, |mask, (i, byte)| {
                mask | (u64::from(byte.is_ascii_alphabetic()) << i)
            });
            assert_eq!(letters(block), expected);
        }
    }

    #[test]
    fn outlets_are_found_only_between_word_boundaries() {
        let builtin = Outlets::from_lists(&[("data/outlets.txt", OUTLETS)]).unwrap();
        // Aliases starting with a digit, a bracket or a non-ASCII letter, and
        // a one-byte alias.
        let added = Outlets::from_lists(&[
            ("data/outlets.txt", OUTLETS),
            ("mine", "Ärzte Zeitung | ÄZ\n1News | 1news.nz\nX | (X)\n"),
        ])
        .unwrap();
        let found = |outlets: &Outlets, text: &str| -> Vec<(String, String)> {
            outlets
                .find_all(text)
                .map(|(start, end, canonical)| {
                    (text[start..end].to_string(), canonical.to_string())
                })
                .collect()
        };
        let pairs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(alias, canonical)| (alias.to_string(), canonical.to_string()))
                .collect()
        };
        for outlets in [&builtin, &added] {
            let found = |text: &str| found(outlets, text);
            assert_eq!(found("Trend"), pairs(&[("Trend", "Trend")]));
            assert_eq!(
                found("TASS, citing Trend"),
                pairs(&[("TASS", "TASS"), ("Trend", "Trend")])
            );
            assert_eq!(
                found("«Trend» and “TASS”"),
                pairs(&[("Trend", "Trend"), ("TASS", "TASS")])
            );
            assert_eq!(
                found("Trendy XTASS TASSy éTrend Trend_x x-Trend 5Trend ITAR-TASS"),
                pairs(&[("ITAR-TASS", "TASS")])
            );
            assert_eq!(
                found("see Trend.az. Trend."),
                pairs(&[("Trend.az", "Trend"), ("Trend", "Trend")])
            );
            assert_eq!(
                found("said the BBC, not theBBC or the BBCs"),
                pairs(&[("the BBC", "BBC")])
            );
            // Every alignment of a match against the 64-byte blocks scanned.
            for pad in 0..140 {
                let (a, b) = ("a".repeat(pad), "b".repeat(pad));
                let text = format!("{a}:Reuters \u{ab}AP\u{bb} x{b}AP {b}news.az{b}c Trend");
                assert_eq!(
                    found(&text),
                    pairs(&[("Reuters", "Reuters"), ("AP", "AP"), ("Trend", "Trend")]),
                    "{text}"
                );
            }
        }
        assert_eq!(
            found(&added, "ÄZ and Ärzte Zeitung, not MÄZ; 1News, (X) and X"),
            pairs(&[
                ("ÄZ", "Ärzte Zeitung"),
                ("Ärzte Zeitung", "Ärzte Zeitung"),
                ("1News", "1News"),
                ("(X)", "X"),
                ("X", "X"),
            ])
        );
        assert_eq!(found(&builtin, "1News, (X) and X"), pairs(&[]));
    }

    #[test]
    fn user_lists_add_outlets_and_aliases() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.txt");
        std::fs::write(
            &path,
            "# mine\nBaku Courier | The Courier\nTrend | TrendNews\n",
        )
        .unwrap();
        let vocab = Vocabulary::with_outlet_files(&[&path]).unwrap();
        assert_eq!(vocab.outlets.canonical("The Courier"), Some("Baku Courier"));
        assert_eq!(vocab.outlets.canonical("TrendNews"), Some("Trend"));
        let missing =
            Vocabulary::with_outlet_files(&[Path::new("/nonexistent/o.txt")]).unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/o.txt"));
        assert!(missing.to_string().starts_with("cannot read outlet list"));
    }

    #[test]
    fn list_names_compare_without_case_and_conflicts_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        // A case variant of a known outlet adds to it.
        let case = write("case.txt", "\u{feff}trend | TrendNews\n");
        let vocab = Vocabulary::with_outlet_files(&[&case]).unwrap();
        assert_eq!(vocab.outlets.canonical("TrendNews"), Some("Trend"));
        assert_eq!(vocab.outlets.canonical("trend"), Some("Trend"));
        // A known outlet's name as another's alias is an error.
        let taken = write("taken.txt", "# wires\nFoo Wire | Reuters\n");
        let err = Vocabulary::with_outlet_files(&[&taken]).unwrap_err();
        assert!(
            err.to_string().ends_with(
                "taken.txt:2: 'Reuters' is already a name of the outlet Reuters; a name can stand for one outlet only"
            ),
            "{err}"
        );
        // A learned outlet gives way to the lists.
        let learned = write("learned-outlets.txt", "TrendNews\nHarbour Wire\n");
        let vocab = Vocabulary::with_outlet_files(&[&learned, &case]).unwrap();
        assert_eq!(vocab.outlets.canonical("TrendNews"), Some("Trend"));
        assert_eq!(
            vocab.outlets.canonical("Harbour Wire"),
            Some("Harbour Wire")
        );
        // People: separators alone are an error, as in outlet lists; a
        // variant of two people is one too; the message names the list.
        let empty = write("people.txt", "Ann Lee | A. Lee\n|||\n");
        let err = Vocabulary::with_files(&[], &[&empty]).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("people.txt:2: expected 'Name | variant | variant'"),
            "{err}"
        );
        let twice = write("twice.txt", "Ann Lee | A. Lee\nAlan Lee | a. lee\n");
        let err = Vocabulary::with_files(&[], &[&twice]).unwrap_err();
        assert!(
            err.to_string()
                .contains("twice.txt:2: 'a. lee' is already a name of Ann Lee"),
            "{err}"
        );
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"Jos\xe9 Mart\xed\n").unwrap();
        let err = Vocabulary::with_files(&[], &[&latin1]).unwrap_err();
        assert!(
            err.to_string().starts_with("cannot read people list"),
            "{err}"
        );
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }

    #[test]
    fn names_are_split_from_their_roles() {
        let vocab = Vocabulary::builtin();
        let split = |text: &str| {
            let words: Vec<&str> = text.split(' ').collect();
            let parts = vocab.split_name(&words);
            (words[parts.first..].join(" "), parts.honorific)
        };
        assert_eq!(
            split("Russian Foreign Ministry spokesperson Maria Zakharova").0,
            "Maria Zakharova"
        );
        assert_eq!(
            split("Bundesbank President Joachim Nagel").0,
            "Joachim Nagel"
        );
        assert_eq!(split("Florida Sen. Marco Rubio").0, "Marco Rubio");
        assert_eq!(
            split("Azerbaijan's Foreign Minister Jeyhun Bayramov").0,
            "Jeyhun Bayramov"
        );
        assert_eq!(split("Ms Hewitt"), ("Hewitt".to_string(), true));
        assert_eq!(split("Theresa May").0, "Theresa May");
        assert_eq!(
            split("United Auto Workers Secretary-Treasurer Gary Casteel").0,
            "Gary Casteel"
        );
        let words = ["Vice", "President", "Joseph", "R.", "Biden", "Jr."];
        let parts = vocab.split_name(&words);
        assert_eq!(
            words[parts.first..parts.end].join(" "),
            "Joseph R. Biden Jr."
        );
        assert_eq!(split("Foreign Ministry").0, "");
        let shaped =
            |t: &str| vocab.person_shaped(&t.split(' ').map(str::to_string).collect::<Vec<_>>());
        assert!(shaped("Theresa May") && shaped("Maria Zakharova") && shaped("Hewitt"));
        assert!(
            !shaped("Super Tuesday")
                && !shaped("Serious Fraud Office")
                && !shaped("Moscow")
                && !shaped("NATO Chief")
                && !shaped("Trend")
        );
    }

    #[test]
    fn a_name_ending_in_a_surname_shared_with_places_needs_a_vouch() {
        let vocab = Vocabulary::builtin();
        let shape = |t: &str| vocab.name_shape(&t.split(' ').collect::<Vec<_>>());
        assert_eq!(shape("Hollins Park"), NameShape::PersonIfVouched);
        assert_eq!(shape("Hollins Stadium"), NameShape::NotPerson);
        assert_eq!(shape("Park Min-jun"), NameShape::Person);
        assert!(vocab.also_surname.contains("park") && vocab.organisation.contains("arena"));
    }

    #[test]
    fn people_lists_merge_name_variants() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.txt");
        std::fs::write(
            &path,
            "# variants\nMaria Zakharova | Maria Vladimirovna Zakharova | M. Zakharova\n",
        )
        .unwrap();
        let vocab = Vocabulary::with_files(&[], &[&path]).unwrap();
        assert_eq!(
            vocab.person("maria vladimirovna zakharova"),
            "Maria Zakharova"
        );
        assert_eq!(vocab.person("M. Zakharova"), "Maria Zakharova");
        assert_eq!(vocab.person("Sergey Lavrov"), "Sergey Lavrov");
    }

    #[test]
    fn verb_phrases_are_grouped_by_first_word() {
        let vocab = Vocabulary::builtin();
        assert!(vocab.verbs["called"]
            .iter()
            .any(|p| p.words == ["called", "on"]));
        assert!(vocab.verbs["added"][0].clause_only && !vocab.verbs["said"][0].clause_only);
        let called = vocab.verbs["called"].iter().find(|p| p.words.len() == 1);
        assert!(called.is_some_and(|p| p.quote_only && !p.clause_only));
        assert!(vocab.verbs.contains_key("said"));
        assert!(vocab.roles.contains("spokesperson"));
        assert!(vocab.organisation.contains("ministry"));
        assert!(vocab.non_person.contains("monday"));
    }
}
