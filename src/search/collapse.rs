//! Near-duplicates: folding copies of a better hit, and finding the
//! copies of a hit ("also published by").

use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Term, TERMINATED};

use super::{Hit, SearchError, Searchable};
use crate::signature::{Signature, SAME_STORY};

/// How many near-duplicate copies of a hit are listed by id (all of them
/// count for "also published by").
pub(crate) const COPIES_LISTED: usize = 10;
/// How many of the articles sharing the most bands with a hit are
/// compared with it.
pub(crate) const COPY_CANDIDATES: usize = 50;

impl Searchable {
    /// The columns of the segment at `ord`.
    fn columns(&self, ord: u32) -> Option<&SegmentColumns> {
        self.columns
            .get_or_init(|| {
                self.searcher
                    .segment_readers()
                    .iter()
                    .map(|segment| {
                        let fast = segment.fast_fields();
                        SegmentColumns {
                            minhash: fast.column_opt::<u64>("minhash").ok().flatten(),
                            id: fast.str("id").ok().flatten(),
                            sources: segment.facet_reader("source").ok(),
                        }
                    })
                    .collect()
            })
            .get(ord as usize)
    }

    /// The MinHash signature of the article at `address`, if it has one
    /// (read from its numeric column).
    pub(super) fn signature(&self, address: DocAddress) -> Result<Option<Signature>, SearchError> {
        let Some(column) = self
            .columns(address.segment_ord)
            .and_then(|c| c.minhash.as_ref())
        else {
            return Ok(None);
        };
        Ok(Signature::from_values(
            column.values_for_doc(address.doc_id),
        ))
    }

    /// The id of the article at `address`, from the id column (without
    /// reading the stored document).
    fn id_of(&self, address: DocAddress) -> Result<Option<String>, SearchError> {
        let Some(column) = self
            .columns(address.segment_ord)
            .and_then(|c| c.id.as_ref())
        else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            return Ok(None);
        };
        let mut id = String::new();
        column
            .ord_to_str(ord, &mut id)
            .map_err(tantivy::TantivyError::from)?;
        Ok(Some(id))
    }

    /// Keeps, in rank order, the candidates that are not near-duplicates of
    /// a better one, from `offset` on, at most `limit` of them; and counts
    /// the stories and the copies folded among the candidates looked at
    /// (all of them with `count_all`).
    #[allow(clippy::type_complexity)]
    pub(super) fn collapse(
        &self,
        candidates: Vec<(Option<f32>, DocAddress)>,
        offset: usize,
        limit: usize,
        count_all: bool,
    ) -> Result<(Vec<(Option<f32>, DocAddress)>, u64, u64), SearchError> {
        fold_copies(candidates, offset, limit, count_all, |&(_, address)| {
            self.signature(address)
        })
    }

    /// Finds the near-duplicate copies of the hit at `address` anywhere in
    /// the index and notes their ids and the outlets it does not credit.
    pub(super) fn add_copies(&self, hit: &mut Hit, address: DocAddress) -> Result<(), SearchError> {
        let Some(signature) = self.signature(address)? else {
            return Ok(());
        };
        // The articles sharing a band with it, counted by bands shared,
        // read straight from the band terms' postings (no scoring).
        let mut shared: std::collections::HashMap<DocAddress, u32> = Default::default();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(self.fields.near_dup)?;
            let alive = segment.alive_bitset();
            for key in signature.band_keys() {
                let term = Term::from_field_u64(self.fields.near_dup, key);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|bits| bits.is_alive(doc)) {
                        *shared.entry(DocAddress::new(ord as u32, doc)).or_insert(0) += 1;
                    }
                    doc = postings.advance();
                }
            }
        }
        let mut candidates: Vec<(u32, DocAddress)> = shared
            .into_iter()
            .map(|(address, n)| (n, address))
            .collect();
        candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(COPY_CANDIDATES);
        for (_, other) in candidates {
            if other == address {
                continue;
            }
            let Some(other_signature) = self.signature(other)? else {
                continue;
            };
            if signature.similarity(&other_signature) < SAME_STORY {
                continue;
            }
            for source in self.sources_of(other)? {
                if !hit.sources.contains(&source) && !hit.also_published_by.contains(&source) {
                    hit.also_published_by.push(source);
                }
            }
            if hit.copies.len() < COPIES_LISTED {
                if let Some(id) = self.id_of(other)? {
                    hit.copies.push(id);
                }
            }
        }
        Ok(())
    }

    /// The sources of the article at `address`, from the facet column
    /// (without reading the stored document).
    pub(super) fn sources_of(&self, address: DocAddress) -> Result<Vec<String>, SearchError> {
        let Some(reader) = self
            .columns(address.segment_ord)
            .and_then(|c| c.sources.as_ref())
        else {
            return Ok(Vec::new());
        };
        let mut sources = Vec::new();
        let mut facet = Facet::root();
        for ord in reader.facet_ords(address.doc_id) {
            reader.facet_from_ord(ord, &mut facet)?;
            if let Some(name) = facet.to_path().first() {
                sources.push(name.to_string());
            }
        }
        Ok(sources)
    }
}

/// What collapsing and "also published by" read of one segment.
pub(super) struct SegmentColumns {
    minhash: Option<tantivy::columnar::Column<u64>>,
    id: Option<tantivy::columnar::StrColumn>,
    sources: Option<tantivy::fastfield::FacetReader>,
}

/// Keeps, in rank order, the candidates that are not near-duplicates of a
/// better one (by their `signature`), from `offset` on, at most `limit` of
/// them; and counts the stories and the copies folded among the
/// candidates looked at (all of them with `count_all`).
pub(crate) fn fold_copies<T>(
    candidates: Vec<T>,
    offset: usize,
    limit: usize,
    count_all: bool,
    mut signature: impl FnMut(&T) -> Result<Option<Signature>, SearchError>,
) -> Result<(Vec<T>, u64, u64), SearchError> {
    let mut kept: Vec<T> = Vec::new();
    let mut signatures: Vec<Signature> = Vec::new();
    let (mut stories, mut folded) = (0u64, 0u64);
    for candidate in candidates {
        if !count_all && kept.len() >= offset + limit {
            break;
        }
        if let Some(signature) = signature(&candidate)? {
            if signatures
                .iter()
                .any(|s| s.similarity(&signature) >= SAME_STORY)
            {
                folded += 1;
                continue;
            }
            signatures.push(signature);
        }
        stories += 1;
        if kept.len() < offset + limit {
            kept.push(candidate);
        }
    }
    Ok((kept.into_iter().skip(offset).collect(), stories, folded))
}
