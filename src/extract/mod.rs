//! Extraction: who speaks in an article and which outlets it credits.
//!
//! Rule-based and self-contained (no model, no network): the text is
//! tokenized once (`text`), speakers are found around reporting verbs
//! (`speakers`) and sources around outlet names and credit frames
//! (`sources`, `credits`), using the word lists in `data/` (`vocab`).
//! The submodules are private; what other modules use is re-exported
//! here: the [`Extractor`], its [`Vocabulary`], and the name helpers that
//! filters and evaluation share with it.

mod credits;
mod names;
mod sources;
mod speakers;
mod text;
mod vocab;

use std::cell::RefCell;
use std::ops::Range;

use serde::Serialize;

use crate::parse::Article;
pub use names::{fold, is_name_word, is_particle, nearest_full_name, surname};
pub use text::{headline_lines, tokenize, Kind as TokenKind};
pub use vocab::{Outlets, Vocabulary};

/// Which facet a finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// A person whose words are reported.
    Speaker,
    /// An outlet credited for the report.
    Source,
}

/// Why the extractor found a speaker or source: the rule and the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Speaker or source.
    pub field: Field,
    /// The name found.
    pub name: String,
    /// The rule that fired.
    pub rule: &'static str,
    /// Byte range in the body of the word the rule fired on (empty for
    /// metadata).
    #[serde(skip)]
    pub span: (usize, usize),
    /// The sentence (or metadata value) it fired on; filled by
    /// [`Extractor::explain`].
    pub context: String,
}

/// What extraction found in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// People whose words the article reports, full names, first seen first.
    pub speakers: Vec<String>,
    /// Outlets credited, canonical names, metadata source first.
    pub sources: Vec<String>,
    /// Outlets that no list names, credited in a frame that holds only
    /// outlets (`..., Azernews reports.`): the index learns them, so that
    /// a weaker credit of the same name counts in every other article.
    #[serde(skip)]
    pub learned_outlets: Vec<String>,
    /// One entry per finding (duplicates included), for `--explain`.
    #[serde(skip)]
    pub evidence: Vec<Evidence>,
}

/// Words attributed to a speaker: the passage around one attribution
/// (the sentence, or its whole paragraph when that is short), with the
/// paragraphs of a quotation that continues after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The speaker, as in [`Extraction::speakers`].
    pub speaker: String,
    /// Where the passage lies in the text it was found in, as byte ranges:
    /// the sentence (or paragraph), then each paragraph of a quotation
    /// that continues it.
    pub spans: Vec<Range<usize>>,
}

impl Statement {
    /// The passage, read from the text it was found in: its spans joined
    /// with a space.
    pub fn text(&self, body: &str) -> String {
        passage(body, &self.spans)
    }
}

/// The text of a passage's byte ranges, joined with a space (a range
/// outside the text, or not on character boundaries, is left out).
pub fn passage(body: &str, spans: &[Range<usize>]) -> String {
    let mut text = String::new();
    for span in spans {
        if let Some(part) = body.get(span.clone()) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(part);
        }
    }
    text
}

thread_local! {
    /// Each thread's token buffer, reused from article to article.
    static TOKENS: RefCell<Vec<text::Token>> = const { RefCell::new(Vec::new()) };
}

/// The most tokens a kept buffer may hold room for (about 40 MB).
const MAX_KEPT_TOKENS: usize = 1 << 20;

/// How much of an article's text extraction, statements and near-duplicate
/// signatures read: an article longer than this (a whole report, a book, a
/// dump in one record) has its speakers, sources and signature taken from
/// its opening, so that memory and time stay bounded whatever the record;
/// all of its text is still indexed and searchable.
pub const READ_BYTES: usize = 1 << 20;

/// The part of a text that extraction reads: all of it up to
/// [`READ_BYTES`], else its opening, cut at the last paragraph (or line,
/// or space) break before the limit.
pub fn read_part(text: &str) -> &str {
    if text.len() <= READ_BYTES {
        return text;
    }
    let mut end = READ_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let cut = head
        .rfind("\n\n")
        .or_else(|| head.rfind('\n'))
        .or_else(|| head.rfind(' '))
        .unwrap_or(end);
    &text[..cut]
}

/// The extractor: vocabularies loaded once, applied to many articles.
#[derive(Debug, Clone)]
pub struct Extractor {
    vocab: Vocabulary,
}

impl Extractor {
    /// An extractor over the given vocabularies.
    pub fn new(vocab: Vocabulary) -> Extractor {
        Extractor { vocab }
    }

    /// The vocabularies in use.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// Extracts speakers and sources from an article.
    ///
    /// Speakers and sources are found in English text only: an article in
    /// another language gives only the source its metadata names.
    ///
    /// Of a huge article, only the opening [`READ_BYTES`] are read (see
    /// [`read_part`]).
    pub fn extract(&self, article: &Article) -> Extraction {
        let body = match article.language.as_deref() {
            Some(language) if language != "en" => "",
            _ => read_part(&article.body),
        };
        self.extract_text(body, article.source.as_deref().or(article.site.as_deref()))
    }

    /// Extracts from an article and fills each finding's evidence with the
    /// sentence it came from (slower: for `extract --explain`).
    pub fn explain(&self, article: &Article) -> Extraction {
        let mut found = self.extract(article);
        for evidence in &mut found.evidence {
            if evidence.context.is_empty() {
                evidence.context = sentence_around(&article.body, evidence.span.0, evidence.span.1);
            }
        }
        found
    }

    /// Extracts from a body text and an optional metadata source.
    pub fn extract_text(&self, body: &str, metadata_source: Option<&str>) -> Extraction {
        let mut evidence = Vec::new();
        TOKENS.with_borrow_mut(|tokens| {
            text::tokenize_into(body, tokens);
            let found = speakers::find_speakers(body, tokens, &self.vocab, &mut evidence);
            // One person, one name: the user's variants lists decide.
            let mut speakers: Vec<String> = Vec::with_capacity(found.len());
            for name in found {
                let name = self.vocab.person(&name);
                if !speakers.contains(&name) {
                    speakers.push(name);
                }
            }
            let (sources, learned_outlets) = sources::find_all_sources(
                &self.vocab,
                body,
                tokens,
                metadata_source,
                &speakers,
                &mut evidence,
            );
            // A huge article's buffer is not kept for the next ones.
            if tokens.capacity() > MAX_KEPT_TOKENS {
                *tokens = Vec::new();
            }
            Extraction {
                speakers,
                sources,
                learned_outlets,
                evidence,
            }
        })
    }
}

impl Extractor {
    /// The statements of each speaker found by `extract` in `body`: one
    /// per attribution, the same passage given once.
    pub fn statements(&self, body: &str, found: &Extraction) -> Vec<Statement> {
        let mut spans: Vec<(usize, usize, String)> = found
            .evidence
            .iter()
            .filter(|e| e.field == Field::Speaker && e.span.1 > e.span.0 && e.span.1 <= body.len())
            .map(|e| (e.span.0, e.span.1, self.vocab.person(&e.name)))
            .filter(|(_, _, name)| found.speakers.contains(name))
            .collect();
        spans.sort();
        let mut statements: Vec<Statement> = Vec::new();
        let mut seen: std::collections::HashSet<(&str, Vec<Range<usize>>)> = Default::default();
        for (start, end, speaker) in &spans {
            let mut parts = vec![sentence_range(body, *start, *end)];
            // A quotation running on over the next paragraphs, each opened
            // with a quote mark, belongs to the same speaker until another
            // attribution.
            let mut at = body[*end..].find('\n').map_or(body.len(), |i| end + i);
            while at < body.len() {
                let next_start = at + body[at..].len() - body[at..].trim_start().len();
                let next_end = body[next_start..]
                    .find('\n')
                    .map_or(body.len(), |i| next_start + i);
                let paragraph = &body[next_start..next_end];
                let opens_quote = paragraph.starts_with('"') || paragraph.starts_with('\u{201c}');
                // Spans are sorted: the first at or after the paragraph's
                // start tells whether one lies inside it.
                let first = spans.partition_point(|(s, _, _)| *s < next_start);
                let attributed = spans.get(first).is_some_and(|(s, _, _)| *s < next_end);
                if !opens_quote || attributed || paragraph.is_empty() {
                    break;
                }
                parts.push(trimmed(body, next_start..next_end));
                at = next_end;
            }
            if seen.insert((speaker.as_str(), parts.clone())) {
                statements.push(Statement {
                    speaker: speaker.clone(),
                    spans: parts,
                });
            }
        }
        statements
    }
}

/// How far around a byte range [`sentence_around`] looks for the ends of
/// its paragraph: a paragraph running on further is cut at a space, so
/// that a text of one endless paragraph costs no more per statement.
const AROUND_BYTES: usize = 2_000;

/// The sentence around a byte range, trimmed, for evidence output.
pub(crate) fn sentence_around(text: &str, start: usize, end: usize) -> String {
    text[sentence_range(text, start, end)].to_string()
}

/// Where [`sentence_around`]'s sentence lies: the paragraph around a byte
/// range, or the sentence of it when the paragraph is long, trimmed.
fn sentence_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let mut low = start.saturating_sub(AROUND_BYTES);
    while !text.is_char_boundary(low) {
        low -= 1;
    }
    let mut high = (end + AROUND_BYTES).min(text.len());
    while !text.is_char_boundary(high) {
        high += 1;
    }
    let from = match text[low..start].rfind('\n') {
        Some(i) => low + i + 1,
        None if low == 0 => 0,
        None => text[low..start].find(' ').map_or(low, |i| low + i + 1),
    };
    let to = match text[end..high].find('\n') {
        Some(i) => end + i,
        None if high == text.len() => high,
        None => text[end..high].rfind(' ').map_or(high, |i| end + i),
    };
    let paragraph = &text[from..to];
    // Narrow to the sentence when the paragraph is long.
    if paragraph.len() <= 300 {
        return trimmed(text, from..to);
    }
    let rel_start = start - from;
    let rel_end = end - from;
    let s = paragraph[..rel_start]
        .rfind(". ")
        .map(|i| i + 2)
        .unwrap_or(0);
    let e = paragraph[rel_end..]
        .find(". ")
        .map(|i| rel_end + i + 1)
        .unwrap_or(paragraph.len());
    trimmed(text, from + s..from + e)
}

/// A byte range of `text` without the whitespace at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.end - (part.len() - part.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_text_is_read_up_to_a_paragraph_break_before_the_limit() {
        let short = "A short text.";
        assert_eq!(read_part(short), short);
        let paragraph = "Witnesses were heard over several days in the hall.\n\n";
        let long = paragraph.repeat(READ_BYTES / paragraph.len() + 10);
        let part = read_part(&long);
        assert!(part.len() <= READ_BYTES && part.len() > READ_BYTES - paragraph.len());
        assert!(part.ends_with("hall."), "{:?}", &part[part.len() - 20..]);
        // No break at all: cut between characters.
        let wide = "é".repeat(READ_BYTES);
        assert!(read_part(&wide).len() <= READ_BYTES);
    }

    #[test]
    fn a_surname_is_the_nearest_full_name_before_it_however_often_names_repeat() {
        let extractor = Extractor::new(Vocabulary::builtin());
        let speakers = |body: &str| extractor.extract_text(body, None).speakers;
        let mut body = "Ann Lee said the plan would work. ".repeat(2_000);
        body.push_str("Tom Lee said it would not. Lee said he would vote against it.");
        assert_eq!(speakers(&body), ["Ann Lee", "Tom Lee"]);
        let mut body = String::from("Tom Lee said it would not. ");
        body.push_str(&"Ann Lee said the plan would work. ".repeat(2_000));
        body.push_str("\"It will,\" Lee said.");
        let found = extractor.extract_text(&body, None);
        let statements = extractor.statements(&body, &found);
        let last = statements.last().expect("a statement");
        assert_eq!(last.speaker, "Ann Lee", "{last:?}");
    }

    #[test]
    fn the_sentence_around_a_span_of_an_endless_paragraph_is_bounded() {
        let text = "Maria Zakharova said ".repeat(5_000);
        let at = text.len() / 2 - (text.len() / 2) % 21;
        let sentence = sentence_around(&text, at, at + 15);
        assert!(
            sentence.starts_with("Maria") || sentence.starts_with("Zakharova"),
            "{sentence}"
        );
        assert!(
            sentence.len() <= 2 * AROUND_BYTES + 15,
            "{}",
            sentence.len()
        );
        assert!(sentence.contains("Maria Zakharova said"));
        // A paragraph of ordinary length is still read whole.
        let text = "First line.\n\nShe said the talks went well. Then she left.\n";
        assert_eq!(
            sentence_around(text, 13, 16),
            "She said the talks went well. Then she left."
        );
    }

    #[test]
    fn statements_follow_attributions_and_running_quotes() {
        let extractor = Extractor::new(Vocabulary::builtin());
        let body =
            "Foreign Minister Jeyhun Bayramov said on Monday that the talks had been useful.\n\n\
            \"We agreed on the text,\" Bayramov said. \"The rest is a matter of weeks.\n\n\
            \"Nothing stands in the way now,\" he added.\n\n\
            The weather in Baku was mild, officials noted.";
        let found = extractor.extract_text(body, None);
        let statements = extractor.statements(body, &found);
        assert!(!statements.is_empty());
        assert!(statements.iter().all(|s| s.speaker == "Jeyhun Bayramov"));
        let all: String = statements.iter().map(|s| s.text(body)).collect();
        assert!(all.contains("the talks had been useful"));
        assert!(all.contains("We agreed on the text"));
        assert!(all.contains("Nothing stands in the way now"));
        assert!(!all.contains("weather"));
    }

    fn extract(text: &str) -> Extraction {
        Extractor::new(Vocabulary::builtin()).extract_text(text, None)
    }

    #[test]
    fn the_briefing_example() {
        let text = "Russian Foreign Ministry spokesperson Maria Zakharova has said that Moscow regrets the tone of recent statements from Yerevan.\n\nZakharova made these remarks at a briefing while answering a question from News.ru, Caliber.Az reports.\n\nThe spokesperson added that both the content and atmosphere during the final press conference led by Armenian Foreign Minister Ararat Mirzoyan cause regret, Trend reports.\n\nMirzoyan called on the Russian side to \"correctly retell the chronology of events\".";
        let found = extract(text);
        assert_eq!(found.speakers, ["Maria Zakharova", "Ararat Mirzoyan"]);
        assert_eq!(found.sources, ["Caliber.Az", "Trend"]);
    }

    #[test]
    fn quote_before_and_after_the_reporting_clause() {
        let found = extract("Foreign Minister Jeyhun Bayramov met reporters.\n\n\"We are ready,\" Bayramov said.\n\n\"The road is open\", said presidential aide Hikmet Hajiyev.\n\nShe said: \"Nothing.\"");
        assert_eq!(found.speakers, ["Jeyhun Bayramov", "Hikmet Hajiyev"]);
    }

    #[test]
    fn pronouns_and_roles_refer_back() {
        let found = extract(
            "Kremlin spokesman Dmitry Peskov spoke on Monday. He noted that talks continue.",
        );
        assert_eq!(found.speakers, ["Dmitry Peskov"]);
        let found = extract("The talks were led by Foreign Minister Hakan Fidan. Later, the minister told reporters that progress was made.");
        assert_eq!(found.speakers, ["Hakan Fidan"]);
    }

    #[test]
    fn names_keep_particles_hyphens_and_diacritics() {
        let found = extract("European Commission President Ursula von der Leyen said the plan is ready. Jean-Noël Barrot stressed that France agrees. Turkish President Recep Tayyip Erdoğan said it was welcome. \"Yes,\" Erdoğan added.");
        assert_eq!(
            found.speakers,
            [
                "Ursula von der Leyen",
                "Jean-Noël Barrot",
                "Recep Tayyip Erdoğan"
            ]
        );
    }

    #[test]
    fn organisations_places_and_anonymous_sources_are_not_speakers() {
        let found = extract("The Foreign Ministry said in a statement that talks resumed. Moscow said it was ready. A diplomatic source said the text is agreed. Officials said more was needed. The company said profits rose.");
        assert!(found.speakers.is_empty(), "{:?}", found.speakers);
    }

    #[test]
    fn people_only_mentioned_are_not_speakers() {
        let found = extract("President Ilham Aliyev met Nikol Pashinyan in Abu Dhabi. The two leaders signed a declaration. Aliyev said the region needs peace.");
        assert_eq!(found.speakers, ["Ilham Aliyev"]);
    }

    #[test]
    fn appositives_and_according_to() {
        let found = extract("Hikmet Hajiyev, assistant to the president, said the maps were handed over. Prices will rise, according to economist Dmytro Barinov.");
        assert_eq!(found.speakers, ["Hikmet Hajiyev", "Dmytro Barinov"]);
    }

    #[test]
    fn honorific_surname_counts_alone() {
        let found = extract("Ms Hewitt said the plan was sound. Smith said nothing new.");
        assert_eq!(found.speakers, ["Hewitt"]);
    }

    #[test]
    fn parties_and_their_members_are_not_speakers() {
        let found = extract("The Lib Dems said the tax plan would hurt pensioners. Plaid Cymru said Wales had been short-changed. The Greens said the figures were wrong. Lib Dem spokeswoman Ruth Calloway said the party would vote against it. Lib Dem Owen Prys said he agreed.");
        assert_eq!(found.speakers, ["Ruth Calloway", "Owen Prys"]);
    }

    #[test]
    fn places_and_venues_are_not_speakers() {
        let found = extract("Manager Dev Okafor thanked the fans. Hollins Park was full for the first time this season. He said the noise had carried his players through. Downing St said the minister would attend the final. The Brackley Arena said all tickets had gone.");
        assert_eq!(found.speakers, ["Dev Okafor"]);
        // A surname shared with places counts with an honorific or a role.
        let found = extract("Director Nina Park said the film was finished. \"We are proud,\" said Park. Mr Lane said he had seen it.");
        assert_eq!(found.speakers, ["Nina Park", "Lane"]);
        let found = extract("Graham Lane chairs the panel. Mr Lane said it would report in May.");
        assert_eq!(found.speakers, ["Graham Lane"]);
    }

    #[test]
    fn organisations_are_not_speakers() {
        let found = extract("The Fire Safety Executive said inspections would double next year. The Marine Conservation Society said seabird numbers had fallen. The Heritage Trust said the roof needed work. Prices would keep rising, said research firm Calder Quinn.");
        assert!(found.speakers.is_empty(), "{:?}", found.speakers);
    }

    #[test]
    fn roles_and_titles_are_stripped_from_names() {
        let found = extract("Agent Carl Winthrop said his client would stay. Drummer Rosa Lindqvist said the tour would go ahead. Fly-half Tom Avery said the side had improved. Baroness Helen Ashdown said the bill was flawed. Seventeen-year-old Mia Castell said she would turn professional.");
        assert_eq!(
            found.speakers,
            [
                "Carl Winthrop",
                "Rosa Lindqvist",
                "Tom Avery",
                "Helen Ashdown",
                "Mia Castell"
            ]
        );
        // An organisation before a role: the person follows the role.
        let found = extract("\"Growth will slow,\" said Kestrel Mobile analyst Mark Ruiz.");
        assert_eq!(found.speakers, ["Mark Ruiz"]);
    }

    #[test]
    fn possessives_belong_to_what_follows() {
        let found = extract("\"Rates will rise,\" said Northbank Capital's Priya Anand. Despite Okafor's claims that the club was solvent, the board resigned.");
        assert_eq!(found.speakers, ["Priya Anand"]);
    }

    #[test]
    fn surnames_that_are_roles() {
        let found = extract("Central bank governor Ada King said rates would hold. King said inflation was under control. Mr Major said he agreed.");
        assert_eq!(found.speakers, ["Ada King", "Major"]);
    }

    #[test]
    fn words_that_open_sentences_are_not_names() {
        let found =
            extract("Perhaps Lena Varga said it best. Currently Ivo Marsh says the plan works.");
        assert_eq!(found.speakers, ["Lena Varga", "Ivo Marsh"]);
    }

    #[test]
    fn listed_outlets_in_frames_the_list_does_not_know() {
        let found = extract("His mother told US TV network Fox News. The minister, writing in the Guardian, defended the bill.");
        assert_eq!(found.sources, ["Fox News", "The Guardian"]);
    }

    #[test]
    fn coordinated_predicates_speak_for_the_sentence_subject() {
        let found = extract("Nadia Ferreira, a former county chair, became a delegate and said she would back the mayor. The council met with Omar Haddad but said nothing.");
        assert_eq!(found.speakers, ["Nadia Ferreira"]);
    }

    #[test]
    fn verbs_with_objects_count_beside_quotations() {
        // After a quotation, and before one a few words on.
        let found = extract("\u{201c}The plan is a gift to polluters,\u{201d} wrote Lena Marsh, a columnist. Rafael Ortiz described the bill as \u{201c}a step backwards for the city\u{201d} on Monday.");
        assert_eq!(found.speakers, ["Lena Marsh", "Rafael Ortiz"]);
        // `called` counts only with a quotation; a scare quote is none.
        let found = extract("Senator Joan Pike called the report \u{201c}reckless.\u{201d} A man called Ben Hill posted a video. Ida Stone asked the \u{201c}reporter\u{201d} to wait.");
        assert_eq!(found.speakers, ["Joan Pike"]);
    }

    #[test]
    fn coordinated_subjects_all_speak() {
        let found = extract("Maria Lopez and Daniel Okoro said the vote would be close. Ann Lee, Tom Marsh and Ivo Petrov testified to what they saw.");
        assert_eq!(
            found.speakers,
            [
                "Maria Lopez",
                "Daniel Okoro",
                "Ann Lee",
                "Tom Marsh",
                "Ivo Petrov"
            ]
        );
    }

    #[test]
    fn relative_clauses_asides_and_participles() {
        let found = extract("Carla Nunes, the UN envoy for refugees, who underscored the need for funding, spoke first. Sen. Jack Reed (D-R.I.) said the bill was flawed. Gov. Dana Whitfield (R-Ohio), who has 25 delegates, said she would stay in the race.");
        assert_eq!(
            found.speakers,
            ["Carla Nunes", "Jack Reed", "Dana Whitfield"]
        );
        let found = extract("Omar Haddad lived in Mosul until 2014. He later settled in Erbil, stating, \"Our house was taken.\" Lena Varga won the primary on Tuesday, adding to her lead.");
        assert_eq!(found.speakers, ["Omar Haddad"]);
    }

    #[test]
    fn testimony_reports_count() {
        let found = extract("Witness Tarik Osman reported a head injury after the raid. Nadia Karim recounted the night of the attack. Lerer reported from Los Angeles.");
        assert_eq!(found.speakers, ["Tarik Osman", "Nadia Karim"]);
    }

    #[test]
    fn a_role_in_a_possessive_introduces_the_person() {
        let found = extract("Talks were the focus of Dutch Prime Minister's Mark Rutte's visit to Ankara. The prime minister expressed readiness to host a summit.");
        assert_eq!(found.speakers, ["Mark Rutte"]);
    }

    #[test]
    fn subjects_after_an_appositive_or_a_sentence_adverb() {
        let found = extract("Abdulhakeem Al-Senan, the director of the office, opened the event. He also expressed his gratitude to the partners. Finally, Maryam Qafar-zadə, deputy director of the office, addressed the audience. She spoke about the mission, emphasizing that its goal is education.");
        assert_eq!(
            found.speakers,
            ["Abdulhakeem Al-Senan", "Maryam Qafar-zadə"]
        );
    }

    #[test]
    fn name_boundaries_after_offices_and_between_people() {
        let found = extract("Britain's Ambassador to Hanoi Iain Frew stated that the visit was planned. Minister of Foreign Affairs Sheikh Mohammed bin Abdulrahman Al Thani announced that talks would resume.");
        assert_eq!(
            found.speakers,
            ["Iain Frew", "Mohammed bin Abdulrahman Al Thani"]
        );
        let found = extract("US President Joe Biden called Russian President Vladimir Putin in 2021. During that conversation with Biden Putin said nothing new, according to the Kremlin. \"We listened,\" Putin said.");
        assert_eq!(found.speakers, ["Vladimir Putin"]);
    }

    #[test]
    fn words_inside_quotes_do_not_attribute() {
        let found =
            extract("\"As Lavrov said last year, nothing changes,\" Sergei Ryabkov told TASS.");
        assert_eq!(found.speakers, ["Sergei Ryabkov"]);
        assert_eq!(found.sources, ["TASS"]);
    }
}
