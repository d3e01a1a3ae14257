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

use rustc_hash::FxHashMap as HashMap;

use super::names::{fold, is_name_word, is_particle, nearest_full_name, surname};
use super::text::{Kind, Token};
use super::vocab::{class, Vocabulary};
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

/// Words after which a name is an object, not the subject of a verb.
const PREPOSITIONS: &[&str] = &[
    "with", "to", "for", "by", "about", "of", "on", "against", "from", "than", "like", "under",
    "between", "among", "toward", "towards", "into", "upon", "over", "behind", "beside", "besides",
    "unlike", "via", "without",
];

/// A person named in the article, with where and how.
#[derive(Debug, Clone)]
struct Mention {
    /// Name words, roles and honorifics stripped.
    words: Vec<String>,
    /// Token index of the first name word.
    at: usize,
    /// Whether an honorific stood before the name.
    honorific: bool,
    /// Whether the mention is the subject of its sentence.
    subject: bool,
}

/// State of one article's speaker extraction.
struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    vocab: &'a Vocabulary,
    /// Whether each token is a capitalised name word.
    name_words: Vec<bool>,
    /// Whether each token can continue a name chunk: name words, particles
    /// before a name word, post-nominals after one.
    chunk_words: Vec<bool>,
    mentions: Vec<Mention>,
    /// Role word (folded) to the mentions that carried it, in text order.
    roles: Vec<(String, usize, String)>,
    /// Folded surname to every name of two or more words seen with it,
    /// with its position.
    full_names: HashMap<String, Vec<(usize, Vec<String>)>>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, tokens: &'a [Token], vocab: &'a Vocabulary) -> Self {
        let mut reader = Reader {
            text,
            tokens,
            vocab,
            name_words: tokens
                .iter()
                .map(|t| t.kind == Kind::Word && is_name_word(t.text(text)))
                .collect(),
            chunk_words: Vec::new(),
            mentions: Vec::new(),
            roles: Vec::new(),
            full_names: HashMap::default(),
        };
        reader.chunk_words = (0..tokens.len())
            .map(|i| reader.compute_chunk_word(i))
            .collect();
        reader.collect_mentions();
        reader
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

    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens[i].kind == Kind::Word
    }

    /// Whether token `i` can continue a capitalised name chunk (computed
    /// once per token by [`Reader::new`]).
    fn chunk_word(&self, i: usize) -> bool {
        self.chunk_words[i]
    }

    fn compute_chunk_word(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        if self.name_words[i] {
            return true;
        }
        let w = self.word(i);
        if !w.starts_with(char::is_lowercase) && !super::names::is_post_nominal(w) {
            return false;
        }
        // "Eleanor Whitcombe KC said": post-nominals continue a name.
        if super::names::is_post_nominal(w)
            && i > 0
            && self.is_word(i - 1)
            && self.name_words[i - 1]
        {
            return true;
        }
        // A particle belongs to a name when particles lead to a name word.
        let mut k = i;
        while k < self.tokens.len() && self.is_word(k) && is_particle(self.word(k)) {
            k += 1;
        }
        k > i && k < self.tokens.len() && self.name_words[k]
    }

    fn strippable(&self, word: &str) -> bool {
        self.vocab.class_of(word) & class::STRIPPABLE != 0
    }

    fn is_role(&self, word: &str) -> bool {
        self.vocab.class_of(word) & class::ROLE != 0
    }

    fn is_honorific(&self, word: &str) -> bool {
        self.vocab.class_of(word) & class::HONORIFIC != 0
    }

    /// Splits a chunk of tokens `[from, to)` into its leading roles and the
    /// name after them. Returns the name's token range, whether an
    /// honorific was seen, and the roles.
    fn strip(&self, from: usize, to: usize) -> (usize, usize, bool, Vec<String>) {
        let words: Vec<&str> = (from..to).map(|k| self.word(k)).collect();
        let parts = self.vocab.split_name(&words);
        (
            from + parts.first,
            from + parts.end,
            parts.honorific,
            parts.roles,
        )
    }

    fn person_shaped(&self, words: &[String]) -> bool {
        self.vocab.person_shaped(words)
    }

    /// Lowercase role words and honorifics just before token `at`
    /// (`spokeswoman Maria Zakharova`, `coach Carlo Ancelotti`).
    fn roles_before(&self, at: usize, roles: &mut Vec<String>, honorific: &mut bool) {
        let mut i = at;
        let mut steps = 0;
        while i > 0 && steps < 4 {
            i -= 1;
            steps += 1;
            if !self.is_word(i) || self.tokens[i].sentence != self.tokens[at].sentence {
                break;
            }
            let word = self.word(i);
            if self.is_role(word) {
                roles.push(fold(word.trim_end_matches('.')));
            } else if self.is_honorific(word) {
                *honorific = true;
            } else {
                break;
            }
        }
    }

    /// Finds every capitalised chunk that names a person and learns full
    /// names and roles from them.
    fn collect_mentions(&mut self) {
        let n = self.tokens.len();
        let headlines = super::text::headline_lines(self.text);
        let mut i = 0;
        while i < n {
            let at = self.tokens[i].start;
            if headlines.iter().any(|&(s, e)| s <= at && at < e) {
                i += 1;
                continue;
            }
            if !self.chunk_word(i) || is_particle(self.word(i)) {
                i += 1;
                continue;
            }
            let start = i;
            while i < n
                && self.chunk_word(i)
                && self.tokens[i].sentence == self.tokens[start].sentence
            {
                if i > start
                    && (self.word(i - 1).ends_with("'s") || self.word(i - 1).ends_with("’s"))
                {
                    break;
                }
                i += 1;
            }
            let (first, last, mut honorific, mut roles) = self.strip(start, i);
            if first >= last {
                continue;
            }
            self.roles_before(start, &mut roles, &mut honorific);
            let words: Vec<String> = (first..last)
                .map(|k| {
                    self.word(k)
                        .trim_end_matches("'s")
                        .trim_end_matches("’s")
                        .to_string()
                })
                .collect();
            if !self.person_shaped(&words) {
                continue;
            }
            // A subject is followed by its verb: "Peskov spoke", not a
            // heading or a list of names.
            let subject = self.is_subject(start)
                && self.tokens.get(i).is_some_and(|t| {
                    t.kind == Kind::Word && self.word(i).starts_with(char::is_lowercase)
                });
            if words.len() >= 2 {
                let key = fold(surname(&words));
                self.full_names
                    .entry(key)
                    .or_default()
                    .push((first, words.clone()));
            }
            if words.len() >= 2 || honorific {
                for role in &roles {
                    self.roles.push((role.clone(), first, words.join(" ")));
                }
            }
            self.mentions.push(Mention {
                words,
                at: first,
                honorific,
                subject,
            });
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
            let word = self.word(i);
            if !(self.is_word(i)
                && (self.strippable(word) || word.ends_with("'s") || word.ends_with("’s")))
            {
                return false;
            }
        }
        true
    }

    /// The fullest form of a name at token `at`, or `None` when a lone
    /// surname cannot be completed and carries no honorific. Of several
    /// people sharing a surname, the one named last before `at` wins
    /// (Bill or Hillary Clinton), in the longest form the article gives.
    fn complete(&self, words: &[String], honorific: bool, at: usize) -> Option<String> {
        if words.is_empty() {
            return None;
        }
        if let Some(pool) = self.full_names.get(&fold(surname(words))) {
            if let Some(full) = nearest_full_name(pool, words, at) {
                return Some(full);
            }
        }
        if words.len() == 1 {
            // "Lula" for "Luiz Inácio Lula da Silva", "Sheikh Mohammed" for
            // "Mohammed bin Abdulrahman Al Thani": one person holding the word.
            let mut holders: Vec<String> = self
                .full_names
                .values()
                .filter_map(|pool| nearest_full_name(pool, words, at))
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

    /// The person a pronoun at token `at` refers to: the most recent
    /// speaker or sentence subject before it.
    fn resolve_pronoun(&self, at: usize, speakers: &[(usize, String)]) -> Option<String> {
        let mention = self
            .mentions
            .iter()
            .rev()
            .filter(|m| m.at < at && m.subject && !self.tokens[m.at].quoted)
            .find_map(|m| Some((m.at, self.complete(&m.words, m.honorific, m.at)?)));
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
            .find(|(r, pos, _)| *pos < at && same(r))
            .and_then(|(_, pos, name)| {
                let words: Vec<String> = name.split(' ').map(str::to_string).collect();
                self.complete(&words, true, *pos)
            })
    }

    /// The name chunk ending at token `end` (inclusive), read backwards.
    fn name_ending_at(&self, end: usize) -> Option<String> {
        if !self.chunk_word(end) {
            return None;
        }
        let mut start = end;
        while start > 0
            && self.chunk_word(start - 1)
            && self.tokens[start - 1].sentence == self.tokens[end].sentence
            && !self.tokens[start - 1].quoted
            && !(self.word(start - 1).ends_with("'s") || self.word(start - 1).ends_with("’s"))
        {
            start -= 1;
        }
        // A name right after a preposition is an object, not the subject
        // of what follows ("executives who worked with Lachlan Murdoch say").
        if start > 0
            && self.is_word(start - 1)
            && self.tokens[start - 1].sentence == self.tokens[start].sentence
            && PREPOSITIONS.contains(&self.lower(start - 1).as_ref())
        {
            return None;
        }
        self.name_in(start, end + 1)
    }

    /// The name whose chunk ends at token `end`, or, past an `of PLACE`
    /// tail, the name before it (`Chip Roy of Texas`, `Renée
    /// Villanueva-Schultz of the University of Houston`).
    fn name_before(&self, end: usize) -> Option<String> {
        if let Some(name) = self.name_ending_at(end) {
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
                if let Some(name) = self.name_ending_at(k - 1) {
                    return Some(name);
                }
            } else if !(is_name_word(word) || word == "the") {
                return None;
            }
        }
        None
    }

    /// The name in the chunk `[start, end)`, roles stripped and completed.
    fn name_in(&self, start: usize, end: usize) -> Option<String> {
        let (first, last, mut honorific, mut roles) = self.strip(start, end);
        if first >= last {
            return None;
        }
        self.roles_before(start, &mut roles, &mut honorific);
        let words: Vec<String> = (first..last).map(|k| self.word(k).to_string()).collect();
        if !self.person_shaped(&words) {
            return None;
        }
        self.complete(&words, honorific, first)
    }

    /// A role reference (`the spokesperson`, `the Russian diplomat`) whose
    /// head noun is token `head`.
    fn role_reference(&self, head: usize) -> Option<String> {
        if !self.is_role(self.word(head)) {
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
            if matches!(self.lower(i).as_ref(), "the" | "this")
                || word.ends_with("'s")
                || word.ends_with("’s")
            {
                return self.resolve_role(&role, head);
            }
            if !(self.strippable(word) || is_name_word(word)) {
                return None;
            }
        }
        None
    }

    /// The speaker of a verb spanning tokens `[v0, v1)`, with the rule used.
    fn subject_of(
        &self,
        v0: usize,
        v1: usize,
        speakers: &[(usize, String)],
    ) -> Option<(String, &'static str)> {
        let sentence = self.tokens[v0].sentence;
        // Subject before the verb.
        let mut j = v0;
        while j > 0 {
            j -= 1;
            if self.tokens[j].sentence != sentence || self.tokens[j].quoted {
                break;
            }
            if self.is_word(j) && AUXILIARIES.contains(&self.lower(j).as_ref()) {
                continue;
            }
            let lower = self.lower(j);
            if self.is_word(j) {
                if lower == "he" || lower == "she" {
                    return self
                        .resolve_pronoun(j, speakers)
                        .map(|n| (n, "pronoun + reporting verb"));
                }
                if let Some(name) = self.role_reference(j) {
                    return Some((name, "role reference + reporting verb"));
                }
                if let Some(name) = self.name_before(j) {
                    return Some((name, "name + reporting verb"));
                }
                break;
            }
            if self.tokens[j].is(',') && j > 0 && self.tokens[j - 1].kind != Kind::Quote {
                if let Some(found) = self.appositive_subject(j, sentence) {
                    return Some(found);
                }
            }
            break;
        }
        // Subject after the verb: `"...," said Hikmet Hajiyev`.
        let before = v0.checked_sub(1).map(|k| self.tokens[k]);
        let inverted = before.is_some_and(|t| t.kind == Kind::Quote || t.is(',') || t.is(':'));
        // A comma right after a closing quote: `"...", said X`.
        if inverted {
            return self
                .subject_after(v1, sentence)
                .map(|n| (n, "reporting verb + name"));
        }
        None
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
                        let word = self.word(k);
                        self.is_word(k)
                            && (self.is_role(word)
                                || self.is_honorific(word)
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
            if let Some(name) = self.name_before(before) {
                return Some((name, RULE));
            }
            if let Some(name) = self.role_reference(before) {
                return Some((name, "role, appositive, reporting verb"));
            }
            first_segment = false;
            i = start - 1;
        }
    }

    /// The name right after token `from`, skipping roles (`said coach Carlo
    /// Ancelotti`, `according to Dmytro Barinov`).
    fn subject_after(&self, from: usize, sentence: usize) -> Option<String> {
        let n = self.tokens.len();
        let mut i = from;
        let mut steps = 0;
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
                    if self.is_role(word)
                        && !(k + 1 < n && self.is_word(k + 1) && self.is_role(self.word(k + 1)))
                    {
                        return self.resolve_role(&fold(word), k);
                    }
                    if !self.strippable(word) {
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
                if let Some(name) = self.name_in(start, end) {
                    return Some(name);
                }
                // "said Pentagon spokesman Navy Capt. Jeff Davis": an
                // organisation or place before a lowercase role.
                let role_follows = end < n && self.is_word(end) && self.is_role(self.word(end));
                if !role_follows {
                    return None;
                }
                steps += end - i;
                i = end;
                continue;
            }
            // Roles, honorifics, and the other words of a job description
            // ("said SEC deputy enforcement director Linda Thomsen", "said
            // team-mate Chris Paterson"), but no function word: "said in a
            // statement" has no subject after it.
            let word = self.word(i);
            let bits = self.vocab.class_of(word);
            let describes = bits & (class::ROLE | class::HONORIFIC) != 0
                || (bits & (class::NON_PERSON | class::ORGANISATION) == 0
                    && (word.starts_with(char::is_lowercase)
                        || word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())));
            if !describes {
                return None;
            }
            i += 1;
            steps += 1;
        }
        None
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
    let according = ["according".to_string(), "to".to_string()];
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != Kind::Word || token.quoted {
            continue;
        }
        // The word in lowercase, without allocating: reporting verbs are
        // short ASCII words ("said", "According", "Said Comey").
        let word = token.text(text);
        let mut buf = [0u8; 16];
        if word.len() > buf.len() || !word.is_ascii() {
            continue;
        }
        let key = &mut buf[..word.len()];
        key.copy_from_slice(word.as_bytes());
        key.make_ascii_lowercase();
        let key = std::str::from_utf8(key).expect("ASCII");
        if key == "according" {
            let Some(end) = reader.phrase_at(i, &according) else {
                continue;
            };
            if let Some(name) = reader.subject_after(end, token.sentence) {
                add(i, name, "according to + name", &mut found, evidence);
            }
            continue;
        }
        let Some(phrases) = vocab.verbs.get(key) else {
            continue;
        };
        let Some(end) = phrases.iter().find_map(|p| {
            let end = reader.phrase_at(i, &p.words)?;
            (!p.clause_only || reader.clause_follows(end)).then_some(end)
        }) else {
            continue;
        };
        if let Some((name, rule)) = reader.subject_of(i, end, &found) {
            add(i, name, rule, &mut found, evidence);
        }
    }
    // One entry per person; a surname-only find merges into its full name.
    let mut speakers: Vec<String> = Vec::new();
    for (_, name) in found {
        let key = fold(&name);
        if let Some(existing) = speakers.iter_mut().find(|s| {
            let s_key = fold(s);
            s_key == key
                || s_key.ends_with(&format!(" {key}"))
                || key.ends_with(&format!(" {s_key}"))
        }) {
            if name.len() > existing.len() {
                *existing = name;
            }
            continue;
        }
        speakers.push(name);
    }
    speakers
}
