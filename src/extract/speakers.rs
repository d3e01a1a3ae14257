//! Speakers: the people whose words an article reports.
//!
//! The rules, in the order the text is read:
//! 1. a reporting verb (from `data/reporting-verbs.txt`) outside quotation
//!    marks, with its subject before it (`Zakharova said`, `Foreign Minister
//!    Jeyhun Bayramov stressed that`, `Hajiyev, assistant to the president,
//!    said`) or, after a quotation or comma, after it (`"...", said Hikmet
//!    Hajiyev`);
//! 2. `according to NAME`;
//! 3. a subject that is a pronoun (`she noted`) refers to the most recent
//!    speaker or sentence subject; a subject that is a role (`the
//!    spokesperson added`) refers to the most recent person introduced with
//!    that role;
//! 4. every name is shown in the fullest form the article gives
//!    (`Zakharova` becomes `Maria Zakharova`), without roles and honorifics;
//!    a lone surname the article never gives in full counts only with an
//!    honorific (`Ms Hewitt said`), since otherwise it is as likely a place
//!    or an organisation (`Moscow said`).

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::names::{
    fold, is_name_word, is_particle, is_particle_bytes, same_word, surname, AsciiShape,
};
use super::text::{Kind, Token};
use super::vocab::{class, NameShape, Vocabulary};
use super::{Evidence, Field};

/// Words that may stand between a subject and its reporting verb.
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "further",
    "later",
    "then",
    "earlier",
    "again",
    "reportedly",
    "repeatedly",
    "publicly",
    "once",
    "would",
    "will",
    "was",
    "were",
    "is",
    "previously",
    "recently",
    "subsequently",
    "specifically",
    "explicitly",
    "similarly",
    "herself",
    "himself",
    "too",
    "both",
    "separately",
    "on",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "week",
    "yesterday",
    "today",
    "personally",
    "openly",
    "flatly",
    "firmly",
    "strongly",
    "categorically",
    "bluntly",
    "simply",
    "just",
    "even",
    "already",
    "however",
    "meanwhile",
];

/// Offices held for a place, which may stand between the office and the
/// holder's name (`Ambassador to Hanoi Gennady Bezdetko`).
const PLACE_ROLES: &[&str] = &[
    "ambassador",
    "envoy",
    "consul",
    "consul-general",
    "minister",
    "secretary",
    "president",
    "governor",
    "mayor",
    "commissioner",
    "representative",
    "ombudsman",
];

/// Words that may open a sentence before its subject and a comma
/// (`Meanwhile, Smith said`); words ending in `-ly` also do.
const SENTENCE_ADVERBS: &[&str] = &[
    "Meanwhile",
    "However",
    "Later",
    "Earlier",
    "Then",
    "Also",
    "Separately",
    "Moreover",
    "Furthermore",
    "Today",
    "Yesterday",
    "Afterwards",
    "Next",
    "Still",
    "Thus",
    "Instead",
    "Nevertheless",
];

/// Forms of `be` that carry a participle (`he was saying`).
const BE: &[&str] = &["is", "was", "were", "are", "been", "be"];

/// Words after which a name is an object, not the subject of a verb.
const PREPOSITIONS: &[&str] = &[
    "with", "to", "for", "by", "about", "of", "on", "against", "from", "than", "like", "under",
    "between", "among", "toward", "towards", "into", "upon", "over", "behind", "beside", "besides",
    "unlike", "via", "without",
];

/// A person named in the article, with where and how.
#[derive(Debug, Clone)]
struct Mention {
    /// Name words, roles and honorifics stripped: a range of
    /// [`Reader::words`].
    words: Range<usize>,
    /// Token index of the first name word.
    at: usize,
    /// Whether an honorific stood before the name.
    honorific: bool,
    /// Whether the mention is the subject of its sentence.
    subject: bool,
}

/// What came with a name and vouches for it being a person's.
#[derive(Debug, Clone, Copy, Default)]
struct Vouch {
    /// An honorific (`Mr`, `Baroness`).
    honorific: bool,
    /// A role (`animator Nick Park`).
    role: bool,
}

impl Vouch {
    fn any(self) -> bool {
        self.honorific || self.role
    }
}

/// A role word seen with a person's name (`spokeswoman Maria Zakharova`).
#[derive(Debug, Clone)]
struct RoleMention {
    /// Token index of the role word.
    token: usize,
    /// Token index of the first name word.
    at: usize,
    /// The name: a range of [`Reader::words`].
    name: Range<usize>,
}

/// The longest name [`Vocabulary::person_shaped`] accepts, in words.
const MAX_NAME_WORDS: usize = 6;

/// State of one article's speaker extraction.
/// A name of two or more words the article gives, and where.
#[derive(Debug)]
struct KnownName {
    /// The name, as a range of [`Reader::words`] (its first mention).
    range: Range<usize>,
    /// The positions of its mentions, in order.
    at: Vec<usize>,
}

struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    vocab: &'a Vocabulary,
    /// Whether each token is a capitalised name word.
    name_words: Vec<bool>,
    /// Whether each token can continue a name chunk: name words, particles
    /// before a name word, post-nominals after one.
    chunk_words: Vec<bool>,
    /// Each token's [`Vocabulary::class_of`] bits, looked up on first use.
    classes: Vec<Cell<Option<u8>>>,
    /// The name words of every mention, end to end; mentions, roles and
    /// full names hold ranges of it.
    words: Vec<&'a str>,
    mentions: Vec<Mention>,
    /// Role words with the mentions that carried them, in text order.
    roles: Vec<RoleMention>,
    /// Folded surname to every name of two or more words seen with it,
    /// each once, with the positions it was seen at.
    full_names: HashMap<String, Vec<KnownName>>,
    /// Tokens that may start a reporting verb or `according to`, in text
    /// order: unquoted short ASCII words passing [`Vocabulary::may_start_verb`].
    verb_candidates: Vec<usize>,
}

/// A word without a final possessive `'s` (`’s`), repeated.
fn without_possessive(mut word: &str) -> &str {
    while let Some(rest) = word.strip_suffix("'s") {
        word = rest;
    }
    while let Some(rest) = word.strip_suffix("’s") {
        word = rest;
    }
    word
}

/// Whether a word ends in a possessive `'s` or `’s`.
fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// Whether a word starts with a lowercase letter.
fn starts_lowercase(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
        _ => word.starts_with(char::is_lowercase),
    }
}

/// Calls `f` with the [`fold`]ed form of `word`, folding plain ASCII words
/// on the stack.
fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    let plain = word.len() <= buf.len()
        && word
            .bytes()
            .all(|b| b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'`'));
    if plain {
        let key = &mut buf[..word.len()];
        key.copy_from_slice(word.as_bytes());
        key.make_ascii_lowercase();
        f(std::str::from_utf8(key).expect("ASCII"))
    } else {
        f(&fold(word))
    }
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, tokens: &'a [Token], vocab: &'a Vocabulary) -> Self {
        let n = tokens.len();
        // One backward pass: whether a run of particles leads to a name
        // word is known when its first particle is reached.
        let mut name_words = vec![false; n];
        let mut chunk_words = vec![false; n];
        let mut particles_lead_to_name = false;
        let mut verb_candidates = Vec::with_capacity(n / 16);
        for i in (0..n).rev() {
            let leads_after = particles_lead_to_name;
            particles_lead_to_name = false;
            if tokens[i].kind != Kind::Word {
                continue;
            }
            let bytes = &text.as_bytes()[tokens[i].start..tokens[i].end];
            if !tokens[i].quoted
                && bytes.len() <= 16
                && (is_according(bytes) || vocab.may_start_verb(bytes))
                && bytes.is_ascii()
            {
                verb_candidates.push(i);
            }
            // A particle belongs to a name when particles lead to a name
            // word; whether the word is a particle matters only then.
            let leads = (i + 1 < n && name_words[i + 1]) || leads_after;
            if bytes[0].is_ascii_lowercase() {
                // A lowercase word is a name word only with a prefix such
                // as `al-` or `ibn-` (`al-Sudani`): most words are ruled
                // out from their bytes.
                let prefixed = (bytes.len() >= 4 && bytes[2] == b'-')
                    || (bytes.len() >= 5 && bytes[3] == b'-');
                if prefixed && is_name_word(tokens[i].text(text)) {
                    name_words[i] = true;
                    chunk_words[i] = true;
                } else if leads && is_particle_bytes(bytes) {
                    particles_lead_to_name = true;
                    chunk_words[i] = true;
                }
                continue;
            }
            let word = tokens[i].text(text);
            let name_word = match ascii_shape_at(text, &tokens[i]) {
                Some(shape) if bytes[0].is_ascii_uppercase() => shape.is_capitalised_name_word(),
                _ => is_name_word(word),
            };
            if name_word {
                name_words[i] = true;
                chunk_words[i] = true;
            } else if starts_lowercase(word) {
                if leads && is_particle(word) {
                    particles_lead_to_name = true;
                    chunk_words[i] = true;
                }
            } else {
                // "Eleanor Whitcombe KC said": post-nominals continue a name.
                chunk_words[i] = super::names::is_post_nominal(word)
                    && i > 0
                    && tokens[i - 1].kind == Kind::Word
                    && is_name_word(tokens[i - 1].text(text));
            }
        }
        let mut reader = Reader {
            text,
            tokens,
            vocab,
            name_words,
            chunk_words,
            classes: vec![Cell::new(None); n],
            words: Vec::with_capacity(n / 8),
            mentions: Vec::with_capacity(n / 16),
            roles: Vec::new(),
            full_names: HashMap::default(),
            verb_candidates,
        };
        reader.verb_candidates.reverse();
        reader.collect_mentions();
        reader
    }

    /// Whether token `i` in lowercase is one of `words` (lowercase), tested
    /// without lowercasing a copy when the token is ASCII.
    fn lower_is_one_of(&self, i: usize, words: &[&str]) -> bool {
        let word = self.word(i);
        if word.is_ascii() {
            words.iter().any(|w| w.eq_ignore_ascii_case(word))
        } else {
            words.contains(&self.lower(i).as_ref())
        }
    }

    /// Token `i` in lowercase, borrowed when it already is.
    fn lower(&self, i: usize) -> Cow<'a, str> {
        let word = self.word(i);
        if word
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        }
    }

    /// Whether token `i` exists and is the word `word` (lowercase), in
    /// any case.
    fn word_is(&self, i: usize, word: &str) -> bool {
        i < self.tokens.len() && self.is_word(i) && self.word(i).eq_ignore_ascii_case(word)
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        matches!(self.tokens[i].kind, Kind::Word)
    }

    /// Whether token `i` can continue a capitalised name chunk (computed
    /// once per token by [`Reader::new`]).
    fn chunk_word(&self, i: usize) -> bool {
        self.chunk_words[i]
    }

    /// The shape of token `i` when it is a short ASCII word, read from the
    /// text at once.
    fn ascii_shape(&self, i: usize) -> Option<AsciiShape> {
        ascii_shape_at(self.text, &self.tokens[i])
    }

    /// The class bits of token `i`.
    fn class(&self, i: usize) -> u8 {
        let cell = &self.classes[i];
        if let Some(bits) = cell.get() {
            return bits;
        }
        let bits = self
            .ascii_shape(i)
            .and_then(|shape| self.vocab.class_of_ascii(&shape))
            .unwrap_or_else(|| self.vocab.class_of(self.word(i)));
        cell.set(Some(bits));
        bits
    }

    fn strippable(&self, i: usize) -> bool {
        self.class(i) & class::STRIPPABLE != 0
    }

    fn is_role(&self, i: usize) -> bool {
        self.class(i) & class::ROLE != 0
    }

    fn is_honorific(&self, i: usize) -> bool {
        self.class(i) & class::HONORIFIC != 0
    }

    /// Splits a chunk of tokens `[from, to)` into its leading roles and the
    /// name after them, as [`Vocabulary::split_name`] does. Returns the
    /// name's token range and whether an honorific or a role was seen; the
    /// role words' tokens go to `roles`.
    fn split_chunk(
        &self,
        from: usize,
        to: usize,
        mut roles: Option<&mut Vec<usize>>,
    ) -> (usize, usize, Vouch) {
        // Post-nominal letters are not part of the name: "Eleanor Whitcombe KC".
        let mut end = to;
        while end > from + 1 && super::names::is_post_nominal(self.word(end - 1)) {
            end -= 1;
        }
        // A possessive ends the organisation or place before the name:
        // "Deutsche Bank's Simon Champion".
        let from = (from..end.saturating_sub(1))
            .rev()
            .find(|&k| is_possessive(self.word(k)))
            .map_or(from, |k| k + 1);
        let mut vouch = Vouch::default();
        let mut i = from;
        while i < end {
            let word = self.word(i);
            if is_possessive(word) {
                i += 1;
                continue;
            }
            let bits = self.class(i);
            if bits & class::STRIPPABLE == 0 || is_particle(word) {
                break;
            }
            vouch.honorific |= bits & class::HONORIFIC != 0;
            if bits & class::ROLE != 0 {
                vouch.role = true;
                if let Some(roles) = roles.as_deref_mut() {
                    roles.push(i);
                }
            }
            i += 1;
        }
        // A role or honorific later in the chunk ends an unknown
        // organisation or place before it: "Bundesbank President Joachim
        // Nagel"; so do an organisation word before two name words or more
        // ("Audit Committee Peter Ainsworth") and a descriptor such as
        // "Santa Monica-based".
        let name_end = end
            - (from..end)
                .rev()
                .take_while(|&k| super::names::is_suffix(self.word(k)))
                .count();
        let upper = if name_end > from { name_end - 1 } else { from };
        let last = (i..upper).rev().find(|&k| {
            let bits = self.class(k);
            let word = self.word(k);
            !is_particle(word)
                && (bits & (class::ROLE | class::HONORIFIC) != 0
                    || (bits & class::ORGANISATION != 0 && name_end - k > 2)
                    || (bits & class::NON_PERSON != 0 && word.contains('-')))
        });
        if let Some(k) = last {
            let bits = self.class(k);
            vouch.honorific |= bits & class::HONORIFIC != 0;
            if bits & class::ROLE != 0 {
                vouch.role = true;
                if let Some(roles) = roles.as_deref_mut() {
                    roles.push(k);
                }
            }
            i = k + 1;
        }
        // Nothing but roles: the last is a surname after an honorific or
        // when the article gives it in a full name ("Mr King", "Sen.
        // Barbara Boxer ... Boxer said").
        if i >= end && end > from {
            let k = end - 1;
            let bits = self.class(k);
            let surname = bits & class::ROLE != 0
                && bits & (class::HONORIFIC | class::NON_PERSON | class::ORGANISATION) == 0
                && self.name_words[k]
                && (vouch.honorific
                    || with_folded(self.word(k), |key| self.full_names.contains_key(key)));
            if surname {
                if let Some(roles) = roles {
                    if roles.last() == Some(&k) {
                        roles.pop();
                    }
                }
                i = k;
            }
        }
        (i, end, vouch)
    }

    /// Lowercase role words and honorifics just before token `at`
    /// (`spokeswoman Maria Zakharova`, `coach Carlo Ancelotti`); the role
    /// words' tokens go to `roles`.
    fn roles_before(&self, at: usize, mut roles: Option<&mut Vec<usize>>, vouch: &mut Vouch) {
        let mut i = at;
        let mut steps = 0;
        while i > 0 && steps < 4 {
            i -= 1;
            steps += 1;
            if !self.is_word(i) || self.tokens[i].sentence != self.tokens[at].sentence {
                break;
            }
            // "Slovak Prime Minister's Robert Fico's visit": a role in
            // the possessive introduces the person after it.
            let possessive = is_possessive(self.word(i));
            let bits = if possessive {
                if i + 1 != at {
                    break;
                }
                self.vocab.class_of(without_possessive(self.word(i)))
            } else {
                self.class(i)
            };
            if bits & class::ROLE != 0 {
                vouch.role = true;
                if let Some(roles) = roles.as_deref_mut() {
                    roles.push(i);
                }
                if possessive {
                    break;
                }
            } else if bits & class::HONORIFIC != 0 && !possessive {
                vouch.honorific = true;
            } else {
                break;
            }
        }
    }

    /// Whether a one-word chunk at token `at` can make a mention that is
    /// ever used: one word is no full name, so it counts only as the
    /// subject of its sentence (for pronouns) or after an honorific (for
    /// roles). Anything else is skipped before its name is checked.
    fn lone_word_matters(&self, at: usize) -> bool {
        let next = at + 1;
        let subject = self.tokens.get(next).is_some_and(|t| {
            t.kind == Kind::Word && self.word(next).starts_with(char::is_lowercase)
        }) && self.is_subject(at);
        if subject {
            return true;
        }
        let mut vouch = Vouch::default();
        self.roles_before(at, None, &mut vouch);
        vouch.honorific
    }

    /// The folded form of role word `token`, as roles are compared.
    fn role_key(&self, token: usize) -> String {
        fold(without_possessive(self.word(token)).trim_end_matches('.'))
    }

    /// Finds every capitalised chunk that names a person and learns full
    /// names and roles from them.
    fn collect_mentions(&mut self) {
        let n = self.tokens.len();
        let headlines = super::text::headline_lines(self.text);
        let mut roles: Vec<usize> = Vec::new();
        // Names ending in a word that is also a surname (`Graham Lane`)
        // wait for an honorific or a role given with that surname anywhere
        // in the article (`Mr Lane`): the folded surnames vouched for, and
        // the names waiting (words, first token, subject).
        let mut vouched: Vec<String> = Vec::new();
        let mut waiting: Vec<(Range<usize>, usize, bool)> = Vec::new();
        let mut i = 0;
        while i < n {
            if !self.chunk_word(i) || is_particle(self.word(i)) {
                i += 1;
                continue;
            }
            let at = self.tokens[i].start;
            if headlines.iter().any(|&(s, e)| s <= at && at < e) {
                i += 1;
                continue;
            }
            let start = i;
            while i < n
                && self.chunk_word(i)
                && self.tokens[i].sentence == self.tokens[start].sentence
            {
                if i > start && is_possessive(self.word(i - 1)) {
                    break;
                }
                i += 1;
            }
            if i - start == 1 && !self.lone_word_matters(start) {
                continue;
            }
            roles.clear();
            let from = self.after_place_of_role(start, i).unwrap_or(start);
            let (first, last, mut vouch) = self.split_chunk(from, i, Some(&mut roles));
            if first >= last {
                continue;
            }
            if from == start {
                self.roles_before(start, Some(&mut roles), &mut vouch);
            }
            let honorific = vouch.honorific;
            let count = last - first;
            if count > MAX_NAME_WORDS {
                continue;
            }
            let mut buf = [""; MAX_NAME_WORDS];
            for (slot, k) in buf.iter_mut().zip(first..last) {
                *slot = without_possessive(self.word(k));
            }
            let words = &buf[..count];
            // "with Biden Putin said": two people already named in full
            // (Joe Biden, Vladimir Putin) side by side, not one name.
            if count == 2 && words.iter().all(|w| self.is_known_surname(w)) {
                continue;
            }
            let waits = match self.vocab.name_shape(words) {
                NameShape::NotPerson => continue,
                NameShape::Person => false,
                NameShape::PersonIfVouched if vouch.any() => {
                    vouched.push(fold(surname(words)));
                    false
                }
                NameShape::PersonIfVouched => true,
            };
            // A subject is followed by its verb ("Peskov spoke", not a
            // heading or a list of names) or by an appositive ("Al-Senan,
            // the director of the office, opened").
            let subject = self.is_subject(start)
                && self.tokens.get(i).is_some_and(|t| {
                    (t.kind == Kind::Word && self.word(i).starts_with(char::is_lowercase))
                        || (t.is(',') && self.appositive_follows(i))
                });
            let range = self.words.len()..self.words.len() + count;
            self.words.extend_from_slice(words);
            if waits {
                waiting.push((range, first, subject));
                continue;
            }
            self.learn_full_name(range.clone(), first);
            if count >= 2 || honorific {
                for &token in &roles {
                    self.roles.push(RoleMention {
                        token,
                        at: first,
                        name: range.clone(),
                    });
                }
            }
            self.mentions.push(Mention {
                words: range,
                at: first,
                honorific,
                subject,
            });
        }
        let mut added = false;
        for (range, at, subject) in waiting {
            let surname = surname(&self.words[range.clone()]);
            if !vouched.iter().any(|v| same_word(v, surname)) {
                continue;
            }
            self.learn_full_name(range.clone(), at);
            self.mentions.push(Mention {
                words: range,
                at,
                honorific: false,
                subject,
            });
            added = true;
        }
        if added {
            self.mentions.sort_by_key(|m| m.at);
        }
    }

    /// Whether `word` is the surname of a person the article has already
    /// named in full, and not a given name of any of them.
    fn is_known_surname(&self, word: &str) -> bool {
        with_folded(word, |key| self.full_names.contains_key(key))
            && !self.full_names.values().flatten().any(|known| {
                let words = &self.words[known.range.clone()];
                words[..words.len() - 1].iter().any(|w| same_word(w, word))
            })
    }

    /// Whether the comma at token `comma` opens an appositive that a
    /// second comma closes before a lowercase word, in the same sentence
    /// (`, the director of the office, opened`).
    fn appositive_follows(&self, comma: usize) -> bool {
        let sentence = self.tokens[comma].sentence;
        let n = self.tokens.len();
        let next = (comma + 1..n.min(comma + 25))
            .take_while(|&k| self.tokens[k].sentence == sentence && !self.tokens[k].quoted)
            .find(|&k| self.tokens[k].is(','));
        next.is_some_and(|k| {
            k + 1 < n
                && k > comma + 1
                && self.is_word(k + 1)
                && self.tokens[k + 1].sentence == sentence
                && starts_lowercase(self.word(k + 1))
        })
    }

    /// Adds a name of two or more words to [`Reader::full_names`].
    fn learn_full_name(&mut self, range: Range<usize>, at: usize) {
        if range.len() < 2 {
            return;
        }
        let words = &self.words[range.clone()];
        let pool = with_folded(surname(words), |key| self.full_names.get_mut(key));
        match pool {
            // A name said again adds a position, not an entry: an article
            // repeating one name thousands of times stays cheap to read.
            Some(pool) => match pool
                .iter_mut()
                .find(|known| self.words[known.range.clone()] == *words)
            {
                Some(known) => {
                    let i = known.at.partition_point(|&p| p <= at);
                    known.at.insert(i, at);
                }
                None => pool.push(KnownName {
                    range,
                    at: vec![at],
                }),
            },
            None => {
                let key = fold(surname(words));
                self.full_names.insert(
                    key,
                    vec![KnownName {
                        range,
                        at: vec![at],
                    }],
                );
            }
        }
    }

    /// Whether name words are a person's, given what came with them: a name
    /// ending in a word that is also a surname (`Celtic Park`) needs an
    /// honorific, a role, or the surname learnt before from a name that
    /// had one (`animator Nick Park ... Park said`).
    fn is_person(&self, words: &[&str], vouch: Vouch) -> bool {
        match self.vocab.name_shape(words) {
            NameShape::NotPerson => false,
            NameShape::Person => true,
            NameShape::PersonIfVouched => {
                vouch.any() || with_folded(surname(words), |key| self.full_names.contains_key(key))
            }
        }
    }

    /// Whether a chunk starting at token `at` opens its sentence (allowing
    /// leading roles, articles and quotation marks).
    fn is_subject(&self, at: usize) -> bool {
        let sentence = self.tokens[at].sentence;
        let mut i = at;
        while i > 0 {
            i -= 1;
            if self.tokens[i].sentence != sentence {
                return true;
            }
            if self.tokens[i].kind == Kind::Quote || self.tokens[i].quoted {
                return false;
            }
            // "Finally, Maryam Qafar-zadə, deputy director, addressed":
            // a sentence adverb before the subject.
            if self.tokens[i].is(',') && i > 0 && self.is_word(i - 1) {
                let opens = i == 1 || self.tokens[i - 2].sentence != sentence;
                let word = self.word(i - 1);
                return opens && (word.ends_with("ly") || SENTENCE_ADVERBS.contains(&word));
            }
            if !(self.is_word(i) && (self.strippable(i) || is_possessive(self.word(i)))) {
                return false;
            }
        }
        true
    }

    /// The fullest form of a name at token `at`, or `None` when a lone
    /// surname cannot be completed and carries no honorific. Of several
    /// people sharing a surname, the one named last before `at` wins
    /// (Bill or Hillary Clinton), in the longest form the article gives.
    fn complete(&self, words: &[&str], honorific: bool, at: usize) -> Option<String> {
        if words.is_empty() {
            return None;
        }
        if let Some(pool) = with_folded(surname(words), |key| self.full_names.get(key)) {
            if let Some(full) = self.nearest_full_name(pool, words, at) {
                return Some(full);
            }
        }
        if words.len() == 1 {
            // "Lula" for "Luiz Inácio Lula da Silva", "Sheikh Mohammed" for
            // "Mohammed bin Abdulrahman Al Thani": one person holding the word.
            let mut holders: Vec<String> = self
                .full_names
                .values()
                .filter_map(|pool| self.nearest_full_name(pool, words, at))
                .collect();
            holders.sort();
            holders.dedup();
            if holders.len() == 1 {
                return holders.pop();
            }
        }
        if words.len() >= 2 || honorific {
            Some(words.join(" "))
        } else {
            None
        }
    }

    /// [`nearest_full_name`](super::names::nearest_full_name) over a pool
    /// of [`Reader::words`] ranges: of the names in `pool` that hold every
    /// word of `name`, the one mentioned last at or before `at` (else the
    /// first), in the longest form the pool gives for it.
    fn nearest_full_name(&self, pool: &[KnownName], name: &[&str], at: usize) -> Option<String> {
        let holds = |full: &[&str], part: &[&str]| {
            part.iter().all(|p| full.iter().any(|w| same_word(w, p)))
        };
        let words = |range: &Range<usize>| &self.words[range.clone()];
        let mut first_candidate: Option<(usize, &[&str])> = None;
        let mut nearest: Option<(usize, &[&str])> = None;
        for known in pool {
            let full = words(&known.range);
            if !holds(full, name) {
                continue;
            }
            let first = known.at[0];
            if first_candidate.is_none_or(|(best, _)| first < best) {
                first_candidate = Some((first, full));
            }
            // Its last position at or before `at`; on a tie, the later
            // entry.
            let before = known.at.partition_point(|&p| p <= at);
            if let Some(&pos) = before.checked_sub(1).map(|i| &known.at[i]) {
                if nearest.is_none_or(|(best, _)| pos >= best) {
                    nearest = Some((pos, full));
                }
            }
        }
        let chosen = nearest.or(first_candidate).map(|(_, full)| full)?;
        let mut longest: Option<&[&str]> = None;
        for known in pool {
            let full = words(&known.range);
            if holds(full, chosen) && longest.is_none_or(|l| full.len() >= l.len()) {
                longest = Some(full);
            }
        }
        Some(longest.unwrap_or(chosen).join(" "))
    }

    /// The person a pronoun at token `at` refers to: the most recent
    /// speaker or sentence subject before it.
    fn resolve_pronoun(&self, at: usize, speakers: &[(usize, String)]) -> Option<String> {
        let mention = self
            .mentions
            .iter()
            .rev()
            .filter(|m| m.at < at && m.subject && !self.tokens[m.at].quoted)
            .find_map(|m| {
                let words = &self.words[m.words.clone()];
                Some((m.at, self.complete(words, m.honorific, m.at)?))
            });
        let speaker = speakers.iter().rev().find(|(pos, _)| *pos < at).cloned();
        // The later of the two; on a tie, the speaker (max_by_key keeps the last).
        [mention, speaker]
            .into_iter()
            .flatten()
            .max_by_key(|(pos, _)| *pos)
            .map(|(_, name)| name)
    }

    /// The person a role reference (`the spokesperson`) at token `at` means.
    fn resolve_role(&self, role: &str, at: usize) -> Option<String> {
        let same = |r: &str| r == role || (r.starts_with("spokes") && role.starts_with("spokes"));
        self.roles
            .iter()
            .rev()
            .find(|r| r.at < at && same(&self.role_key(r.token)))
            .and_then(|r| self.complete(&self.words[r.name.clone()], true, r.at))
    }

    /// The name chunk ending at token `end` (inclusive), read backwards;
    /// `vouch` tells what came with it from elsewhere in the sentence.
    fn name_ending_at(&self, end: usize, vouch: Vouch) -> Option<String> {
        // A possessive names the owner of what follows ("Trump's claims").
        if !self.chunk_word(end) || is_possessive(self.word(end)) {
            return None;
        }
        let mut start = end;
        while start > 0
            && self.chunk_word(start - 1)
            && self.tokens[start - 1].sentence == self.tokens[end].sentence
            && !self.tokens[start - 1].quoted
            && !is_possessive(self.word(start - 1))
        {
            start -= 1;
        }
        // A name right after a preposition is an object, not the subject
        // of what follows ("executives who worked with Lachlan Murdoch say").
        if start > 0
            && self.is_word(start - 1)
            && self.tokens[start - 1].sentence == self.tokens[start].sentence
            && self.lower_is_one_of(start - 1, PREPOSITIONS)
        {
            // "Russia's Ambassador to Hanoi Gennady Bezdetko stated": the
            // place belongs to the role, the person follows it.
            let from = self.after_place_of_role(start, end + 1)?;
            return self.name_in(from, end + 1, vouch);
        }
        self.name_in(start, end + 1, vouch)
    }

    /// Where the person's name starts in a chunk `[start, end)` that
    /// follows an office and its place (`Ambassador to Hanoi Gennady
    /// Bezdetko`, `Minister of Foreign Affairs Jeyhun Bayramov`): the last
    /// two name words, with any particles among them. `None` when the
    /// chunk does not follow such an office or holds no place before a
    /// name.
    fn after_place_of_role(&self, start: usize, end: usize) -> Option<usize> {
        if start < 2 || end < start + 3 {
            return None;
        }
        let preposition = self.lower(start - 1);
        if !matches!(preposition.as_ref(), "to" | "of" | "in") {
            return None;
        }
        let office = fold(without_possessive(self.word(start - 2)));
        if !self.is_word(start - 2) || !PLACE_ROLES.contains(&office.as_str()) {
            return None;
        }
        // A role, honorific or organisation word inside the chunk already
        // marks where the name starts ("Minister of Foreign Affairs Sheikh
        // Mohammed bin Abdulrahman Al Thani").
        if (start..end - 1).any(|k| self.strippable(k)) {
            return Some(start);
        }
        let mut end = end;
        while end > start && super::names::is_suffix(self.word(end - 1)) {
            end -= 1;
        }
        let mut from = end.checked_sub(2)?;
        while from > start && is_particle(self.word(from - 1)) {
            from -= 1;
        }
        (from > start).then_some(from)
    }

    /// The name whose chunk ends at token `end`, or, past an `of PLACE`
    /// tail, the name before it (`Chip Roy of Texas`, `Renée
    /// Villanueva-Schultz of the University of Houston`).
    fn name_before(&self, end: usize) -> Option<String> {
        self.name_before_vouched(end, Vouch::default())
    }

    /// [`Reader::name_before`], with what vouches for the name from
    /// elsewhere in the sentence.
    fn name_before_vouched(&self, end: usize, vouch: Vouch) -> Option<String> {
        // `Gov. John Kasich (R-OH), who ...`: the aside is skipped.
        let end = match self.tokens[end].is(')') {
            true => self.paren_open(end)?.checked_sub(1)?,
            false => end,
        };
        if let Some(name) = self.name_ending_at(end, vouch) {
            return Some(name);
        }
        let sentence = self.tokens[end].sentence;
        let mut k = end;
        let mut steps = 0;
        while k > 1 && steps < 10 {
            k -= 1;
            steps += 1;
            if self.tokens[k].sentence != sentence || self.tokens[k].quoted || !self.is_word(k) {
                return None;
            }
            let word = self.word(k);
            if matches!(word, "of" | "from" | "at") {
                if let Some(name) = self.name_ending_at(k - 1, vouch) {
                    return Some(name);
                }
            } else if !(self.name_words[k] || word == "the") {
                return None;
            }
        }
        None
    }

    /// The name in the chunk `[start, end)`, roles stripped and completed;
    /// `given` tells what vouches for it from elsewhere in the sentence.
    fn name_in(&self, start: usize, end: usize, given: Vouch) -> Option<String> {
        // A possessive names the owner of what follows ("said De
        // Telegraaf's image editor").
        if is_possessive(self.word(end - 1)) {
            return None;
        }
        let (first, last, mut vouch) = self.split_chunk(start, end, None);
        if first >= last {
            return None;
        }
        vouch.role |= given.role;
        vouch.honorific |= given.honorific;
        self.roles_before(start, None, &mut vouch);
        let count = last - first;
        if count > MAX_NAME_WORDS {
            return None;
        }
        let mut buf = [""; MAX_NAME_WORDS];
        for (slot, k) in buf.iter_mut().zip(first..last) {
            *slot = self.word(k);
        }
        let words = &buf[..count];
        if !self.is_person(words, vouch) {
            return None;
        }
        self.complete(words, vouch.honorific, first)
    }

    /// A role reference (`the spokesperson`, `the Russian diplomat`) whose
    /// head noun is token `head`.
    fn role_reference(&self, head: usize) -> Option<String> {
        if !self.is_role(head) {
            return None;
        }
        let role = fold(self.word(head));
        // Walk back over modifiers to a determiner.
        let mut i = head;
        let mut steps = 0;
        while i > 0 && steps < 5 {
            i -= 1;
            steps += 1;
            if !self.is_word(i) {
                return None;
            }
            let word = self.word(i);
            if self.lower_is_one_of(i, &["the", "this"])
                || word.ends_with("'s")
                || word.ends_with("’s")
            {
                return self.resolve_role(&role, head);
            }
            if !(self.strippable(i) || self.name_words[i]) {
                return None;
            }
        }
        None
    }

    /// The speakers of a verb spanning tokens `[v0, v1)`, with the rule
    /// used: one person, or several joined by `and` (`Lopez and Okoro said`).
    fn subject_of(
        &self,
        v0: usize,
        v1: usize,
        speakers: &[(usize, String)],
    ) -> Option<(Vec<String>, &'static str)> {
        let sentence = self.tokens[v0].sentence;
        let one = |found: Option<(String, &'static str)>| found.map(|(n, r)| (vec![n], r));
        // A participle (`..., saying that`, `..., stating: "..."`) speaks
        // for the subject of the clause before its comma; without a comma
        // it needs a form of `be` (`he was saying`).
        if self.word(v0).ends_with("ing") {
            let before = v0.checked_sub(1)?;
            if self.tokens[before].is(',') {
                return one(self
                    .clause_subject(before, sentence, speakers)
                    .map(|n| (n, "subject, participle")));
            }
            if !(self.is_word(before) && self.lower_is_one_of(before, BE)) {
                return None;
            }
        }
        // A coordinated predicate (`Gary Emineth, a former chairman,
        // became a delegate and said`, `X declined to comment but said`):
        // the subject that opens the sentence.
        if let Some(conjunction) = v0.checked_sub(1) {
            if self.is_word(conjunction)
                && !self.tokens[conjunction].quoted
                && self.lower_is_one_of(conjunction, &["and", "but"])
            {
                return one(self
                    .clause_subject(conjunction, sentence, speakers)
                    .map(|n| (n, "subject, coordinated predicate")));
            }
        }
        // Subject before the verb.
        let mut j = v0;
        while j > 0 {
            j -= 1;
            if self.tokens[j].sentence != sentence || self.tokens[j].quoted {
                break;
            }
            if self.tokens[j].is(')') {
                // `Sen. Jack Reed (D-R.I.) said`: the aside is skipped.
                match self.paren_open(j) {
                    Some(open) if open > 0 => {
                        j = open;
                        continue;
                    }
                    _ => break,
                }
            }
            if self.is_word(j) && self.lower_is_one_of(j, AUXILIARIES) {
                continue;
            }
            if self.is_word(j) {
                if self.lower_is_one_of(j, &["he", "she"]) {
                    return one(self
                        .resolve_pronoun(j, speakers)
                        .map(|n| (n, "pronoun + reporting verb")));
                }
                if self.lower_is_one_of(j, &["who"]) && j > 0 {
                    // `Arpadarai, the UN champion for ..., who underscored`,
                    // `a senator who said`: the relative pronoun's antecedent.
                    let k = j - 1;
                    if self.tokens[k].is(',') {
                        if let Some(found) = self.appositive_subject(k, sentence) {
                            return one(Some(found));
                        }
                        if k > 0 {
                            return one(self
                                .name_before(k - 1)
                                .map(|n| (n, "name, who + reporting verb")));
                        }
                        return None;
                    }
                    return one(self
                        .name_before(k)
                        .map(|n| (n, "name, who + reporting verb")));
                }
                if let Some(name) = self.role_reference(j) {
                    return one(Some((name, "role reference + reporting verb")));
                }
                if let Some(name) = self.name_before(j) {
                    let mut names = vec![name];
                    self.conjuncts_before(j, &mut names);
                    return Some((names, "name + reporting verb"));
                }
                break;
            }
            if self.tokens[j].is(',') && j > 0 && self.tokens[j - 1].kind != Kind::Quote {
                if let Some(found) = self.appositive_subject(j, sentence) {
                    return one(Some(found));
                }
            }
            break;
        }
        // Subject after the verb: `"...," said Hikmet Hajiyev`.
        let before = v0.checked_sub(1).map(|k| self.tokens[k]);
        let inverted = before.is_some_and(|t| t.kind == Kind::Quote || t.is(',') || t.is(':'));
        // A comma right after a closing quote: `"...", said X`.
        if inverted {
            return one(self
                .subject_after(v1, sentence)
                .map(|n| (n, "reporting verb + name")));
        }
        None
    }

    /// Whether token `at` follows a quotation directly: `"..." wrote`,
    /// `"...", wrote`.
    fn after_quotation(&self, at: usize) -> bool {
        match at.checked_sub(1).map(|k| self.tokens[k]) {
            Some(t) if t.kind == Kind::Quote => true,
            Some(t) if t.is(',') => at >= 2 && self.tokens[at - 2].kind == Kind::Quote,
            _ => false,
        }
    }

    /// Whether a quotation of at least `words` words opens within a few
    /// words from token `at`, in the same sentence and clause: `called the
    /// plan "reckless"`.
    fn quotation_opens_after(&self, at: usize, words: usize) -> bool {
        let Some(first) = self.tokens.get(at) else {
            return false;
        };
        let sentence = first.sentence;
        let Some(open) = (at..self.tokens.len().min(at + 7)).find(|&k| {
            let t = self.tokens[k];
            t.kind == Kind::Quote || t.sentence != sentence || t.quoted || t.kind != Kind::Word
        }) else {
            return false;
        };
        if self.tokens[open].kind != Kind::Quote || self.tokens[open].sentence != sentence {
            return false;
        }
        let quoted = self.tokens[open + 1..]
            .iter()
            .take_while(|t| t.quoted)
            .filter(|t| t.kind == Kind::Word)
            .count();
        quoted >= words
    }

    /// The opening parenthesis of the aside closed at token `close`, in
    /// the same sentence and within a few tokens.
    fn paren_open(&self, close: usize) -> Option<usize> {
        let sentence = self.tokens[close].sentence;
        (close.saturating_sub(12)..close)
            .rev()
            .take_while(|&k| self.tokens[k].sentence == sentence && !self.tokens[k].is(')'))
            .find(|&k| self.tokens[k].is('('))
    }

    /// The other people of a coordinated subject whose last name chunk
    /// ends at token `end`: `Maria Lopez and` (and `Ann Lee, Maria Lopez
    /// and`) before it. Added to `names` in text order.
    fn conjuncts_before(&self, end: usize, names: &mut Vec<String>) {
        let sentence = self.tokens[end].sentence;
        let mut start = end;
        while start > 0 && self.chunk_word(start - 1) && self.tokens[start - 1].sentence == sentence
        {
            start -= 1;
        }
        if start < 2 || !(self.is_word(start - 1) && self.word(start - 1) == "and") {
            return;
        }
        let mut more = Vec::new();
        let mut k = start - 2;
        loop {
            if self.tokens[k].sentence != sentence || self.tokens[k].quoted {
                break;
            }
            let Some(name) = self.name_ending_at(k, Vouch::default()) else {
                break;
            };
            more.push(name);
            let mut first = k;
            while first > 0 && self.chunk_word(first - 1) {
                first -= 1;
            }
            // `Ann Lee, Maria Lopez and Daniel Okoro said`
            if first >= 2 && self.tokens[first - 1].is(',') {
                k = first - 2;
                continue;
            }
            break;
        }
        more.reverse();
        more.append(names);
        *names = more;
    }

    /// The subject of the clause ending at token `comma`: the speaker last
    /// found in the same sentence (`"...," said Smith, adding that`), else
    /// the name or pronoun that opens the sentence (`He settled in Aghdam,
    /// stating`).
    fn clause_subject(
        &self,
        comma: usize,
        sentence: usize,
        speakers: &[(usize, String)],
    ) -> Option<String> {
        if let Some((_, name)) = speakers
            .iter()
            .rev()
            .find(|(pos, _)| *pos < comma && self.tokens[*pos].sentence == sentence)
        {
            return Some(name.clone());
        }
        let mut i = (0..comma)
            .rev()
            .take_while(|&k| self.tokens[k].sentence == sentence)
            .last()?;
        // A quotation opening the sentence, then its reporting clause.
        while i < comma && (self.tokens[i].quoted || !self.is_word(i)) {
            i += 1;
        }
        if i >= comma {
            return None;
        }
        if self.lower_is_one_of(i, &["he", "she"]) {
            return self.resolve_pronoun(i, speakers);
        }
        // The sentence opens with the person, maybe after roles (`Trump
        // campaign manager Corey Lewandowski rejected the idea, saying`);
        // not with an organisation (`The Sanders campaign responded`).
        if !self.chunk_word(i) {
            return None;
        }
        self.subject_after(i, sentence)
    }

    /// `NAME, ROLE or CLAUSE, said`: the name before the appositive.
    fn appositive_subject(&self, comma: usize, sentence: usize) -> Option<(String, &'static str)> {
        const RULE: &str = "name, appositive, reporting verb";
        // The segment between the previous comma (or the sentence start)
        // and this one: a bare name there is the subject (`The spokeswoman,
        // Maria Zakharova, said`); anything else is a description of the
        // subject before it (`Doug Schoen, a former adviser to Mr. Clinton, said`).
        let mut i = comma;
        let mut first_segment = true;
        let mut steps = 0;
        loop {
            let segment_end = i;
            let mut start = i;
            while start > 0 && steps < 40 {
                let t = self.tokens[start - 1];
                if t.sentence != sentence || t.is(',') || t.quoted || t.kind == Kind::Quote {
                    break;
                }
                start -= 1;
                steps += 1;
            }
            let opener = start.checked_sub(1).map(|k| self.tokens[k]);
            let at_sentence_start = opener.is_none_or(|t| t.sentence != sentence);
            if first_segment && start < segment_end {
                // a bare name or role reference filling the whole segment
                if let Some(name) = self.name_before(segment_end - 1) {
                    let chunk_start = (start..segment_end)
                        .find(|&k| self.chunk_word(k))
                        .unwrap_or(start);
                    // only roles and honorifics may precede it: "the
                    // spokeswoman, Maria Zakharova," but not "director of
                    // the Institute for Fiscal Studies"
                    let only_name = (start..chunk_start).all(|k| {
                        self.is_word(k)
                            && (self.is_role(k)
                                || self.is_honorific(k)
                                || (k == start && self.lower(k) == "the"))
                    });
                    if only_name {
                        return Some((name, RULE));
                    }
                }
            }
            if at_sentence_start || steps >= 40 {
                return None;
            }
            let opener = opener?;
            if !opener.is(',') || start < 2 {
                return None;
            }
            let before = start - 2;
            // "Alexandra Tower, a spokeswoman for the bank, said": a role
            // in the description vouches for the name before it.
            let described = Vouch {
                honorific: false,
                role: self.describes_a_role(start, segment_end),
            };
            if let Some(name) = self.name_before_vouched(before, described) {
                return Some((name, RULE));
            }
            if let Some(name) = self.role_reference(before) {
                return Some((name, "role, appositive, reporting verb"));
            }
            first_segment = false;
            i = start - 1;
        }
    }

    /// Whether the words `[from, to)` open with a role, maybe after an
    /// article and other words of a job description (`a spokeswoman for`,
    /// `the former chief executive of`).
    fn describes_a_role(&self, from: usize, to: usize) -> bool {
        let mut k = from;
        if k < to && self.is_word(k) && self.lower_is_one_of(k, &["a", "an", "the"]) {
            k += 1;
        }
        (k..to.min(k + 3))
            .take_while(|&k| self.is_word(k) && starts_lowercase(self.word(k)))
            .any(|k| self.is_role(k))
    }

    /// The name right after token `from`, skipping roles (`said coach Carlo
    /// Ancelotti`, `according to Dmytro Barinov`).
    fn subject_after(&self, from: usize, sentence: usize) -> Option<String> {
        let n = self.tokens.len();
        let mut i = from;
        let mut steps = 0;
        // Whether the last word read describes an organisation (`said
        // investment bank`, `according to research firm`): the name after
        // it is the organisation's.
        let mut organisation = false;
        while i < n && steps < 10 && self.tokens[i].sentence == sentence {
            if !self.is_word(i) {
                return None;
            }
            let lower = self.lower(i);
            if lower == "he" || lower == "she" {
                return self.resolve_pronoun(i, &[]);
            }
            if lower == "the" {
                // `said the minister`
                let mut k = i + 1;
                while k < n && k < i + 5 && self.is_word(k) {
                    let word = self.word(k);
                    if self.is_role(k) && !(k + 1 < n && self.is_word(k + 1) && self.is_role(k + 1))
                    {
                        return self.resolve_role(&fold(word), k);
                    }
                    if !self.strippable(k) {
                        break;
                    }
                    k += 1;
                }
                return None;
            }
            if self.chunk_word(i) {
                let start = i;
                let mut end = i;
                while end < n
                    && self.chunk_word(end)
                    && self.tokens[end].sentence == sentence
                    && !self.tokens[end].quoted
                {
                    end += 1;
                }
                // "said Pentagon spokesman Navy Capt. Jeff Davis", "said
                // Villa boss David O'Leary": an organisation or place
                // before a lowercase role, the person after it.
                if self.role_follows(end, sentence) {
                    if let Some(name) = self.subject_after(end, sentence) {
                        return Some(name);
                    }
                }
                if organisation {
                    return None;
                }
                return self.name_in(start, end, Vouch::default());
            }
            // Roles, honorifics, and the other words of a job description
            // ("said SEC deputy enforcement director Linda Thomsen", "said
            // team-mate Chris Paterson", "said music director Ali Khan"),
            // but no function word: "said in a statement" has no subject
            // after it.
            let word = self.word(i);
            let bits = self.class(i);
            let describes = bits & (class::ROLE | class::HONORIFIC) != 0
                || (bits & class::NON_PERSON == 0
                    && (word.starts_with(char::is_lowercase)
                        || word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())));
            if !describes {
                return None;
            }
            organisation = bits & class::ORGANISATION != 0 && bits & class::ROLE == 0;
            i += 1;
            steps += 1;
        }
        None
    }

    /// Whether a role follows token `from`, maybe after other words of a
    /// job description (`boss`, `equity strategist`, `club captain`,
    /// `CEO`), in the same sentence.
    fn role_follows(&self, from: usize, sentence: usize) -> bool {
        for k in from..self.tokens.len().min(from + 3) {
            if !self.is_word(k) || self.tokens[k].sentence != sentence || self.tokens[k].quoted {
                return false;
            }
            let word = self.word(k);
            let described = starts_lowercase(word)
                || word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            if !described {
                return false;
            }
            let bits = self.class(k);
            if bits & class::ROLE != 0 {
                return true;
            }
            if bits & (class::NON_PERSON | class::HONORIFIC) != 0 {
                return false;
            }
        }
        false
    }

    /// Whether a clause, a quotation or punctuation follows token `at`
    /// (rather than a plain object: "added new conditions").
    fn clause_follows(&self, at: usize) -> bool {
        match self.tokens.get(at) {
            None => true,
            Some(t) if t.kind != Kind::Word => true,
            Some(_) => matches!(
                self.lower(at).as_ref(),
                "that"
                    | "in"
                    | "on"
                    | "at"
                    | "during"
                    | "while"
                    | "when"
                    | "today"
                    | "yesterday"
                    | "later"
                    | "earlier"
                    | "he"
                    | "she"
            ),
        }
    }

    /// Whether the words from token `i` match the phrase `words`, and where
    /// the phrase ends.
    fn phrase_at(&self, i: usize, words: &[String]) -> Option<usize> {
        let end = i + words.len();
        if end > self.tokens.len() {
            return None;
        }
        for (k, w) in words.iter().enumerate() {
            if !self.is_word(i + k) || self.tokens[i + k].quoted || self.lower(i + k) != w.as_str()
            {
                return None;
            }
        }
        Some(end)
    }
}

/// The shape of `token` when it is a short ASCII word, from the sixteen
/// bytes of `text` where it starts.
#[inline]
fn ascii_shape_at(text: &str, token: &Token) -> Option<AsciiShape> {
    let window = text.as_bytes().get(token.start..token.start + 16)?;
    AsciiShape::of(window.try_into().ok()?, token.end - token.start)
}

/// Whether a word is `according`, in any case.
#[inline]
fn is_according(word: &[u8]) -> bool {
    word.len() == 9 && word.eq_ignore_ascii_case(b"according")
}

/// The speakers of a text, in order of first appearance, with evidence.
pub fn find_speakers(
    text: &str,
    tokens: &[Token],
    vocab: &Vocabulary,
    evidence: &mut Vec<Evidence>,
) -> Vec<String> {
    let reader = Reader::new(text, tokens, vocab);
    let mut found: Vec<(usize, String)> = Vec::new();
    let add = |at: usize,
               name: String,
               rule: &'static str,
               found: &mut Vec<(usize, String)>,
               evidence: &mut Vec<Evidence>| {
        let token = tokens[at];
        evidence.push(Evidence {
            field: Field::Speaker,
            name: name.clone(),
            rule,
            span: (token.start, token.end),
            context: String::new(),
        });
        found.push((at, name));
    };
    let according_to = ["according".to_string(), "to".to_string()];
    for &i in &reader.verb_candidates {
        let token = &tokens[i];
        // Reporting verbs are short ASCII words ("said", "According",
        // "Said Comey"), lowercased without allocating.
        let bytes = &text.as_bytes()[token.start..token.end];
        if is_according(bytes) {
            let Some(end) = reader.phrase_at(i, &according_to) else {
                continue;
            };
            if let Some(name) = reader.subject_after(end, token.sentence) {
                add(i, name, "according to + name", &mut found, evidence);
            }
            continue;
        }
        let mut lower = [0u8; 32];
        for (slot, &b) in lower.iter_mut().zip(bytes) {
            *slot = b.to_ascii_lowercase();
        }
        let Some(phrases) = vocab.verb_phrases_padded(&lower, bytes.len()) else {
            continue;
        };
        let Some(end) = phrases.iter().find_map(|p| {
            let end = reader.phrase_at(i, &p.words)?;
            // A verb that often takes a plain object counts before a
            // clause, or right after a quotation (`"...," wrote X`).
            let counts = if p.quote_only {
                reader.quotation_opens_after(end, 1)
            } else {
                // A quoted word or two after `asked the` is a scare quote
                // (`asked the "reporter"`), not a statement.
                !p.clause_only
                    || reader.clause_follows(end)
                    || reader.after_quotation(i)
                    || reader.quotation_opens_after(end, 3)
            };
            counts.then_some(end)
        }) else {
            continue;
        };
        // A reporter's credit line ("Lerer reported from Los Angeles")
        // reports no statement.
        if &lower[..bytes.len()] == b"reported" && reader.word_is(end, "from") {
            continue;
        }
        if let Some((names, rule)) = reader.subject_of(i, end, &found) {
            for name in names {
                add(i, name, rule, &mut found, evidence);
            }
        }
    }
    // One entry per person; a surname-only find merges into its full name.
    // Each speaker is kept with its folded key.
    let mut speakers: Vec<(String, String)> = Vec::new();
    for (_, name) in found {
        let key = fold(&name);
        if let Some((existing, existing_key)) = speakers.iter_mut().find(|(_, s_key)| {
            s_key == &key || ends_with_word(s_key, &key) || ends_with_word(&key, s_key)
        }) {
            if name.len() > existing.len() {
                *existing_key = fold(&name);
                *existing = name;
            }
            continue;
        }
        speakers.push((name, key));
    }
    speakers.into_iter().map(|(name, _)| name).collect()
}

/// Whether `text` ends with a space and then `word`.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.len() > word.len()
        && text.ends_with(word)
        && text.as_bytes()[text.len() - word.len() - 1] == b' '
}
