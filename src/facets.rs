//! Facet counts that stay fast on large indexes: matching documents are
//! counted per facet ordinal in each segment (an array increment per
//! value), and only the names that can be among the most frequent are
//! read from the segments' dictionaries.
//!
//! tantivy's own `FacetCollector` reads every name of every segment's
//! dictionary on each search, which costs tens of milliseconds once an
//! archive has a hundred thousand speakers. Here, each segment proposes its
//! `k` most frequent values; their totals are completed with a dictionary
//! lookup in the other segments; and `k` grows until no value outside the
//! proposals could beat the last one kept, so the top `n` is exact.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use serde::Serialize;

/// Counts the values of a one-level facet field over the matching
/// Which facet field to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FacetField {
    /// Outlets credited for the reports.
    Source,
    /// People quoted.
    Speaker,
    /// Authors, as bylines name them.
    Author,
    /// Languages of the articles.
    Language,
}

/// A facet value and the number of matching articles that carry it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    /// Source or speaker name.
    pub name: String,
    /// Matching articles.
    pub count: u64,
}

/// Facet counts over all matches.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Facets {
    /// Per source, most frequent first.
    pub sources: Vec<FacetCount>,
    /// Per speaker, most frequent first.
    pub speakers: Vec<FacetCount>,
    /// Per author, most frequent first.
    pub authors: Vec<FacetCount>,
    /// Per language, most frequent first.
    pub languages: Vec<FacetCount>,
    /// Distinct sources among the matches, when known.
    #[serde(skip)]
    pub distinct_sources: Option<usize>,
    /// Distinct speakers among the matches, when known.
    #[serde(skip)]
    pub distinct_speakers: Option<usize>,
    /// Distinct authors among the matches, when known.
    #[serde(skip)]
    pub distinct_authors: Option<usize>,
}

/// documents and keeps the `top` most frequent (all of them with `None`).
#[derive(Debug, Clone)]
pub struct TopFacets {
    field: String,
    top: Option<usize>,
    distinct: bool,
}

impl TopFacets {
    /// Counts the values of `field`, keeping the `top` most frequent.
    pub fn new(field: &str, top: Option<usize>) -> TopFacets {
        TopFacets {
            field: field.to_string(),
            top,
            distinct: false,
        }
    }

    /// Also counts the distinct values among the matches in every case,
    /// reading the names of all the values matched when the index has
    /// several segments (without it, the count is given only when it comes
    /// for free).
    pub fn with_distinct(mut self) -> TopFacets {
        self.distinct = true;
        self
    }
}

/// The counts of one segment, by facet ordinal.
pub struct SegmentFacetCounts {
    reader: Option<FacetReader>,
    /// The ordinals column, when the segment holds any value.
    ords: Option<tantivy::columnar::Column<u64>>,
    counts: Vec<u32>,
    /// Matches not counted yet: they are counted a block at a time.
    pending: Vec<DocId>,
    docs: Vec<DocId>,
    rows: Vec<u32>,
    values: Vec<u64>,
}

/// Matches counted at once.
const BLOCK: usize = 128;

impl SegmentFacetCounts {
    /// Counts the pending matches' values: their rows of the ordinals
    /// column found for the whole block, then their ordinals read at
    /// once.
    fn flush(&mut self) {
        let Some(ords) = &self.ords else {
            self.pending.clear();
            return;
        };
        self.docs.clear();
        self.rows.clear();
        ords.index
            .docids_to_rowids(&self.pending, &mut self.docs, &mut self.rows);
        self.values.resize(self.rows.len(), 0);
        ords.values.get_vals(&self.rows, &mut self.values);
        for &ord in &self.values {
            if let Some(count) = self.counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
        self.pending.clear();
    }
}

/// The facet counts: the most frequent values, and how many distinct
/// values matched.
#[derive(Debug, Clone, Default)]
pub struct FacetTotals {
    /// The most frequent values, by count then name.
    pub top: Vec<FacetCount>,
    /// Distinct values among the matches, when known without reading
    /// every matched name (always known when all values were asked for).
    pub distinct: Option<usize>,
}

impl Collector for TopFacets {
    type Fruit = FacetTotals;
    type Child = SegmentFacetCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounts> {
        let ords = match reader.fast_fields().str(&self.field) {
            Ok(Some(column)) if column.num_terms() > 0 => Some(column.ords().clone()),
            _ => None,
        };
        let reader = reader.facet_reader(&self.field).ok();
        let size = reader.as_ref().map_or(0, |r| r.num_facets());
        Ok(SegmentFacetCounts {
            reader,
            ords,
            counts: vec![0; size],
            pending: Vec::with_capacity(BLOCK),
            docs: Vec::with_capacity(BLOCK),
            rows: Vec::with_capacity(BLOCK),
            values: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentFacetCounts>) -> tantivy::Result<FacetTotals> {
        let segments: Vec<SegmentFacetCounts> = segments
            .into_iter()
            .filter(|s| s.reader.is_some())
            .collect();
        let nonzero: Vec<usize> = segments
            .iter()
            .map(|s| s.counts.iter().filter(|&&c| c > 0).count())
            .collect();
        let most = nonzero.iter().copied().max().unwrap_or(0);
        let mut k = match self.top {
            Some(n) => (n * 4).max(64),
            None => usize::MAX,
        };
        loop {
            let (totals, bound) = totals_for_top(&segments, k, self.top)?;
            let mut top: Vec<FacetCount> = totals
                .into_iter()
                .map(|(name, count)| FacetCount { name, count })
                .collect();
            top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            let exact = match self.top {
                None => true,
                Some(n) => {
                    k >= most || top.len() <= n || top.get(n - 1).is_some_and(|c| c.count > bound)
                }
            };
            if exact {
                let distinct = if k >= most {
                    Some(top.len())
                } else if segments.len() == 1 {
                    Some(nonzero[0])
                } else if self.distinct {
                    Some(distinct_names(&segments)?)
                } else {
                    None
                };
                if let Some(n) = self.top {
                    top.truncate(n);
                }
                return Ok(FacetTotals { top, distinct });
            }
            k = k.saturating_mul(4);
        }
    }
}

/// The total count of the values that can be among the `n` most frequent
/// (`None`: all values), from the `k` most frequent of each segment, and
/// an upper bound on the total of any value outside those proposals.
///
/// A proposal's total is known in the segments that proposed it; in the
/// others it is at most that segment's `k`-th count. Proposals whose best
/// case cannot reach the `n`-th best known total are dropped before their
/// totals are completed with a dictionary lookup in the other segments.
fn totals_for_top(
    segments: &[SegmentFacetCounts],
    k: usize,
    n: Option<usize>,
) -> tantivy::Result<(HashMap<String, u64>, u64)> {
    // name -> (count in the segments that proposed it, those segments)
    let mut proposals: HashMap<String, (u64, Vec<bool>)> = HashMap::new();
    let mut kth_counts = vec![0u64; segments.len()];
    for (i, segment) in segments.iter().enumerate() {
        let mut ords: Vec<u64> = (0..segment.counts.len() as u64)
            .filter(|&o| segment.counts[o as usize] > 0)
            .collect();
        if ords.len() > k {
            ords.select_nth_unstable_by(k - 1, |a, b| {
                segment.counts[*b as usize].cmp(&segment.counts[*a as usize])
            });
            kth_counts[i] = u64::from(segment.counts[ords[k - 1] as usize]);
            ords.truncate(k);
        }
        ords.sort_unstable();
        for (name, ord) in names(segment, &ords)? {
            let entry = proposals
                .entry(name)
                .or_insert_with(|| (0, vec![false; segments.len()]));
            entry.0 += u64::from(segment.counts[ord as usize]);
            entry.1[i] = true;
        }
    }
    let bound: u64 = kth_counts.iter().sum();
    // The n-th best known total: no value whose best case is below it can
    // make the top.
    // (With every segment's values all proposed, nothing is looked up and
    // nothing is dropped: the distinct count is then exact.)
    let threshold = match n {
        Some(n) if bound > 0 && proposals.len() > n => {
            let mut known: Vec<u64> = proposals.values().map(|(c, _)| *c).collect();
            known.select_nth_unstable_by(n - 1, |a, b| b.cmp(a));
            known[n - 1]
        }
        _ => 0,
    };
    let mut totals = HashMap::with_capacity(proposals.len());
    for (name, (known, proposed_by)) in proposals {
        let missing: u64 = (0..segments.len())
            .filter(|&i| !proposed_by[i])
            .map(|i| kth_counts[i])
            .sum();
        if known + missing < threshold {
            continue;
        }
        let mut total = known;
        if missing > 0 {
            let encoded = Facet::from_path([name.as_str()]);
            for (i, segment) in segments.iter().enumerate() {
                if proposed_by[i] || kth_counts[i] == 0 {
                    continue;
                }
                let reader = segment
                    .reader
                    .as_ref()
                    .expect("kept segments have a reader");
                if let Some(ord) = reader.facet_dict().term_ord(encoded.encoded_str())? {
                    total += u64::from(segment.counts[ord as usize]);
                }
            }
        }
        totals.insert(name, total);
    }
    Ok((totals, bound))
}

/// The number of distinct values matched in any segment: the names of
/// every value matched, deduplicated across segments.
fn distinct_names(segments: &[SegmentFacetCounts]) -> tantivy::Result<usize> {
    let mut seen = std::collections::HashSet::new();
    for segment in segments {
        let ords: Vec<u64> = (0..segment.counts.len() as u64)
            .filter(|&o| segment.counts[o as usize] > 0)
            .collect();
        for (name, _) in names(segment, &ords)? {
            seen.insert(name);
        }
    }
    Ok(seen.len())
}

/// The names of the given (sorted) ordinals of a segment.
fn names(segment: &SegmentFacetCounts, ords: &[u64]) -> tantivy::Result<Vec<(String, u64)>> {
    let reader = segment
        .reader
        .as_ref()
        .expect("kept segments have a reader");
    let mut found = Vec::with_capacity(ords.len());
    let mut i = 0;
    reader.facet_dict().sorted_ords_to_term_cb(ords, |bytes| {
        if let Ok(facet) = Facet::from_encoded(bytes.to_vec()) {
            if let Some(name) = facet.to_path().first() {
                found.push((name.to_string(), ords[i]));
            }
        }
        i += 1;
    })?;
    Ok(found)
}

impl SegmentCollector for SegmentFacetCounts {
    type Fruit = SegmentFacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if self.ords.is_some() {
            self.pending.push(doc);
            if self.pending.len() == BLOCK {
                self.flush();
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if self.ords.is_some() {
            for chunk in docs.chunks(BLOCK) {
                self.pending.extend_from_slice(chunk);
                self.flush();
            }
        }
    }

    fn harvest(mut self) -> SegmentFacetCounts {
        self.flush();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllQuery;
    use tantivy::schema::{FacetOptions, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Three segments of 200 speakers each; the overall leader is never
    /// among the 64 most frequent of any one segment, so the search for the
    /// exact top has to widen.
    #[test]
    fn the_top_is_exact_across_segments() {
        let mut builder = Schema::builder();
        let speaker = builder.add_facet_field("speaker", FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        let mut expected: HashMap<String, u64> = HashMap::new();
        for segment in 0..3 {
            for person in 0..200u64 {
                // Local names: many documents in one segment only.
                let name = format!("local-{segment}-{person}");
                let n = if person < 100 { 3 } else { 1 };
                for _ in 0..n {
                    let mut doc = TantivyDocument::default();
                    doc.add_facet(speaker, Facet::from_path([name.as_str()]));
                    writer.add_document(doc).unwrap();
                }
                *expected.entry(name).or_insert(0) += n;
            }
            // The leader: two documents per segment, six in all.
            for _ in 0..2 {
                let mut doc = TantivyDocument::default();
                doc.add_facet(speaker, Facet::from_path(["Leader"]));
                writer.add_document(doc).unwrap();
            }
            *expected.entry("Leader".to_string()).or_insert(0) += 2;
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let top = searcher
            .search(&AllQuery, &TopFacets::new("speaker", Some(1)))
            .unwrap();
        assert_eq!(top.top[0].name, "Leader");
        assert_eq!(top.top[0].count, 6);
        let counted = searcher
            .search(
                &AllQuery,
                &TopFacets::new("speaker", Some(1)).with_distinct(),
            )
            .unwrap();
        assert_eq!(counted.distinct, Some(expected.len()));
        let all = searcher
            .search(&AllQuery, &TopFacets::new("speaker", None))
            .unwrap();
        assert_eq!(all.distinct, Some(expected.len()));
        let counted: HashMap<String, u64> =
            all.top.into_iter().map(|c| (c.name, c.count)).collect();
        assert_eq!(counted, expected);
    }

    /// A clear leader is found without widening, so the distinct count
    /// does not come for free: it is given only when asked for.
    #[test]
    fn distinct_values_are_counted_across_segments_when_asked() {
        let mut builder = Schema::builder();
        let speaker = builder.add_facet_field("speaker", FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        for segment in 0..3 {
            for _ in 0..10 {
                let mut doc = TantivyDocument::default();
                doc.add_facet(speaker, Facet::from_path(["Leader"]));
                writer.add_document(doc).unwrap();
            }
            for person in 0..100 {
                let mut doc = TantivyDocument::default();
                let name = format!("person-{segment}-{person}");
                doc.add_facet(speaker, Facet::from_path([name.as_str()]));
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let top = searcher
            .search(&AllQuery, &TopFacets::new("speaker", Some(1)))
            .unwrap();
        assert_eq!((top.top[0].name.as_str(), top.top[0].count), ("Leader", 30));
        assert_eq!(top.distinct, None);
        let counted = searcher
            .search(
                &AllQuery,
                &TopFacets::new("speaker", Some(1)).with_distinct(),
            )
            .unwrap();
        assert_eq!(counted.distinct, Some(301));
    }
}
