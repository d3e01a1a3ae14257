//! `--said-by`'s words: a word or phrase of the body that lies inside a
//! statement of one speaker.
//!
//! The statements are not indexed as text of their own (see
//! [`crate::said`]): [`SaidQuery`] walks the articles that quote the
//! speaker (the speaker facet's postings) together with the body postings
//! of the words, and keeps an article when a match's token positions fall
//! inside one of the speaker's passages, read from the `said_at` column.
//! Its score is BM25 of the matches inside the passages, with the
//! passages' length as the field length.

use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::said::decode_place;

/// Articles where a word or phrase of `field` lies inside a statement of
/// the speaker with facet term `speaker` and tag `tag`.
#[derive(Debug, Clone)]
pub(super) struct SaidQuery {
    /// The phrase's terms, each with its position in the phrase (one term
    /// for a word).
    pub terms: Vec<(u32, Term)>,
    /// How far a phrase's words may stray from their places.
    pub slop: u32,
    /// The speaker's facet term.
    pub speaker: Term,
    /// The speaker's tag in `said_at`.
    pub tag: u32,
    /// The `said_at` field's name.
    pub column: String,
}

impl Query for SaidQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let terms: Vec<Term> = self.terms.iter().map(|(_, t)| t.clone()).collect();
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &terms)?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(SaidWeight {
            query: self.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.terms {
            visitor(term, true);
        }
    }
}

struct SaidWeight {
    query: SaidQuery,
    bm25: Option<Bm25Weight>,
}

impl SaidWeight {
    fn said_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<SaidScorer>> {
        let Some(column) = reader.fast_fields().column_opt::<u64>(&self.query.column)? else {
            return Ok(None);
        };
        let field: Field = self.query.terms[0].1.field();
        let inverted = reader.inverted_index(field)?;
        let mut postings = Vec::with_capacity(self.query.terms.len());
        for (offset, term) in &self.query.terms {
            match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                Some(p) => postings.push((*offset, p)),
                None => return Ok(None),
            }
        }
        let Some(speaker) = reader
            .inverted_index(self.query.speaker.field())?
            .read_postings(&self.query.speaker, IndexRecordOption::Basic)?
        else {
            return Ok(None);
        };
        let mut scorer = SaidScorer {
            speaker,
            postings,
            column,
            tag: self.query.tag,
            slop: self.query.slop,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            places: Vec::new(),
            positions: vec![Vec::new(); self.query.terms.len()],
            score: 0.0,
            current: 0,
        };
        scorer.current = scorer.settle();
        Ok(Some(scorer))
    }
}

impl Weight for SaidWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.said_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "BM25 of the words inside the speaker's statements",
            scorer.score(),
        ))
    }
}

struct SaidScorer {
    /// The articles that quote the speaker.
    speaker: SegmentPostings,
    /// Each term's postings, with the term's position in the phrase.
    postings: Vec<(u32, SegmentPostings)>,
    column: Column<u64>,
    tag: u32,
    slop: u32,
    bm25: Option<Bm25Weight>,
    /// The current candidate's passages of the speaker (first, last).
    places: Vec<(u32, u32)>,
    /// The current candidate's positions of each term.
    positions: Vec<Vec<u32>>,
    score: Score,
    /// The article the scorer is on.
    current: DocId,
}

impl SaidScorer {
    /// Moves to the first article at or after the speaker postings'
    /// current one that every term is in and that matches inside the
    /// speaker's passages.
    fn settle(&mut self) -> DocId {
        let mut doc = self.speaker.doc();
        loop {
            if doc == TERMINATED {
                return TERMINATED;
            }
            // Leapfrog: every term's postings to `doc` or past it.
            let mut all = true;
            for (_, postings) in &mut self.postings {
                let at = seek_forward(postings, doc);
                if at != doc {
                    all = false;
                    doc = if at == TERMINATED { TERMINATED } else { at };
                    break;
                }
            }
            if doc == TERMINATED {
                return TERMINATED;
            }
            if !all {
                doc = seek_forward(&mut self.speaker, doc);
                continue;
            }
            if self.matches(doc) {
                return doc;
            }
            doc = self.speaker.advance();
        }
    }

    /// Whether the article `doc`, in every term's postings, has a match
    /// inside the speaker's passages; sets its score.
    fn matches(&mut self, doc: DocId) -> bool {
        self.places.clear();
        for value in self.column.values_for_doc(doc) {
            let (tag, first, last) = decode_place(value);
            if tag == self.tag {
                self.places.push((first, last));
            }
        }
        if self.places.is_empty() {
            return false;
        }
        for ((_, postings), out) in self.postings.iter_mut().zip(&mut self.positions) {
            out.clear();
            postings.positions(out);
        }
        let mut found = 0u32;
        let (first_offset, _) = self.postings[0];
        for &start in &self.positions[0] {
            let Some(base) = start.checked_sub(first_offset) else {
                continue;
            };
            let mut low = start;
            let mut high = start;
            let mut whole = true;
            for (i, (offset, _)) in self.postings.iter().enumerate().skip(1) {
                let expected = base + offset;
                let window = expected.saturating_sub(self.slop)..=expected + self.slop;
                match self.positions[i].iter().find(|p| window.contains(p)) {
                    Some(&at) => {
                        low = low.min(at);
                        high = high.max(at);
                    }
                    None => {
                        whole = false;
                        break;
                    }
                }
            }
            if whole && self.places.iter().any(|&(f, l)| f <= low && high <= l) {
                found += 1;
            }
        }
        if found == 0 {
            return false;
        }
        self.score = match &self.bm25 {
            Some(bm25) => {
                let length: u32 = self.places.iter().map(|(f, l)| l - f + 1).sum();
                bm25.score(FieldNormReader::fieldnorm_to_id(length), found)
            }
            None => 1.0,
        };
        true
    }
}

/// Moves `postings` to `target` or the first article after it, leaving
/// it where it is when it is already there: postings may only move
/// forward, and a term's postings start on their first article, which
/// may lie past the speaker's.
fn seek_forward(postings: &mut SegmentPostings, target: DocId) -> DocId {
    if postings.doc() >= target {
        postings.doc()
    } else {
        postings.seek(target)
    }
}

impl DocSet for SaidScorer {
    fn advance(&mut self) -> DocId {
        if self.current != TERMINATED {
            self.speaker.advance();
            self.current = self.settle();
        }
        self.current
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.current < target {
            seek_forward(&mut self.speaker, target);
            self.current = self.settle();
        }
        self.current
    }

    fn doc(&self) -> DocId {
        self.current
    }

    fn size_hint(&self) -> u32 {
        self.speaker.size_hint()
    }
}

impl Scorer for SaidScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::said::{encode_place, speaker_tag};
    use tantivy::collector::DocSetCollector;
    use tantivy::schema::{Schema, FAST, STRING, TEXT};
    use tantivy::{doc, Index};

    /// The articles of a one-segment index that `--said-by "Ann Lee"`
    /// finds for `word`, each article being (body, quotes Ann Lee, her
    /// passage as first and last token).
    fn said(articles: &[(&str, Option<(u32, u32)>)], word: &str) -> Vec<DocId> {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let speaker = builder.add_text_field("speaker", STRING);
        let said_at = builder.add_u64_field("said_at", FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let tag = speaker_tag("Ann Lee");
        for (text, place) in articles {
            let mut document = doc!(body => *text);
            if let Some((first, last)) = place {
                document.add_text(speaker, "Ann Lee");
                document.add_u64(said_at, encode_place(tag, *first, *last));
            }
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let query = SaidQuery {
            terms: vec![(0, Term::from_field_text(body, word))],
            slop: 0,
            speaker: Term::from_field_text(speaker, "Ann Lee"),
            tag,
            column: "said_at".into(),
        };
        let searcher = index.reader().unwrap().searcher();
        let mut found: Vec<DocId> = searcher
            .search(&query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|address| address.doc_id)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_word_whose_first_article_comes_after_the_speakers_is_found() {
        let found = said(
            &[
                ("alpha beta", Some((0, 1))),
                ("gamma delta", Some((0, 1))),
                ("gamma", None),
                ("epsilon gamma", Some((0, 0))),
                ("zeta gamma", Some((1, 1))),
            ],
            "gamma",
        );
        assert_eq!(found, vec![1, 4]);
    }

    #[test]
    fn a_speaker_whose_first_article_comes_after_the_words_is_found() {
        let found = said(
            &[
                ("gamma", None),
                ("gamma beta", None),
                ("beta gamma", Some((0, 1))),
            ],
            "gamma",
        );
        assert_eq!(found, vec![2]);
    }
}
