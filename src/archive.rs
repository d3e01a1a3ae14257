//! An index folder opened once for reading, with everything a search
//! needs: the index and its schema, the vocabulary kept beside it
//! (`outlets.txt`, `people.txt`) and the outlet groups (`groups.txt`).
//! Every reading command and the web server go through [`Archive`]; it
//! turns [`SearchParams`] into a resolved [`SearchRequest`] in one place.
//! Writing the index is [`crate::index`]'s.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use tantivy::TantivyDocument;
use time::OffsetDateTime;

use crate::date::format_rfc3339;
use crate::document::{speaker_key, Stored};
use crate::extract::{Evidence, Extractor, Vocabulary};
use crate::groups::OutletGroups;
use crate::lists;
use crate::opensearch::{Cluster, ClusterIndex, ClusterOptions};
use crate::parse::Article;
use crate::request::{RequestError, SearchParams};
use crate::schema::IndexSchema;
use crate::search::{Hit, IndexStats, Matches, SearchError, SearchRequest, Searchable};

/// An index, open for searches: a local index folder, or an index on an
/// OpenSearch cluster.
pub struct Archive {
    /// The index folder (none for a cluster).
    dir: Option<PathBuf>,
    schema: IndexSchema,
    backend: Backend,
    /// The extractor over the index's vocabulary, made on first use:
    /// `show` without `--explain` needs none.
    extractor: OnceLock<Extractor>,
}

/// One article whole, as `show` prints it and `/api/show` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct ShownArticle {
    /// Stable id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication time, RFC 3339.
    pub published: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// File it came from.
    pub path: String,
    /// Record in that file.
    pub record: Option<u64>,
    /// Speakers.
    pub speakers: Vec<String>,
    /// Sources.
    pub sources: Vec<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Language.
    pub language: Option<String>,
    /// Web site.
    pub site: Option<String>,
    /// The text (its first MB, of a longer one).
    pub body: String,
    /// The whole text's length in bytes, when `body` is only its opening
    /// (an article over 1 MB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_length: Option<u64>,
    /// Where the extractor found each speaker and source, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<Evidence>>,
}

/// Figures about a whole index and its folder.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveStats {
    /// The index folder.
    pub index: String,
    /// Counts from the index.
    #[serde(flatten)]
    pub stats: IndexStats,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// When the index was last committed.
    pub last_update: Option<String>,
}

/// Where the articles are searched.
enum Backend {
    /// A local index folder.
    Local(Searchable),
    /// An index on a cluster.
    Cluster(ClusterIndex),
}

impl Archive {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Archive, SearchError> {
        let schema = IndexSchema::builtin();
        let searchable = Searchable::open(dir, &schema)?;
        Ok(Archive {
            dir: Some(dir.to_path_buf()),
            schema,
            backend: Backend::Local(searchable),
            extractor: OnceLock::new(),
        })
    }

    /// Connects to the index `index` of the OpenSearch cluster at `url`.
    pub fn connect(
        url: &str,
        index: &str,
        options: &ClusterOptions,
    ) -> Result<Archive, SearchError> {
        let schema = IndexSchema::builtin();
        let cluster = Cluster::new(url, options)?;
        cluster.check()?;
        let index = ClusterIndex::open(cluster, index, &schema)?;
        Ok(Archive {
            dir: None,
            schema,
            backend: Backend::Cluster(index),
            extractor: OnceLock::new(),
        })
    }

    /// The index folder, of a local index.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The open local index.
    pub fn searchable(&self) -> Option<&Searchable> {
        match &self.backend {
            Backend::Local(searchable) => Some(searchable),
            Backend::Cluster(_) => None,
        }
    }

    /// The shipped vocabularies with the lists the index keeps.
    pub fn vocabulary(&self) -> anyhow::Result<&Vocabulary> {
        Ok(self.extractor()?.vocabulary())
    }

    /// The extractor, with the shipped vocabularies and the index's lists.
    pub fn extractor(&self) -> anyhow::Result<&Extractor> {
        if let Some(extractor) = self.extractor.get() {
            return Ok(extractor);
        }
        let loaded = Extractor::new(load_vocabulary(self.dir.as_deref(), &[], &[])?);
        Ok(self.extractor.get_or_init(|| loaded))
    }

    /// The outlet groups: `groups.txt` beside the index, then `files`.
    pub fn groups(&self, files: &[PathBuf]) -> Result<OutletGroups, RequestError> {
        let beside = self.dir.as_ref().map(|dir| dir.join("groups.txt"));
        let mut paths: Vec<&Path> = Vec::new();
        if let Some(beside) = beside.as_deref().filter(|b| b.is_file()) {
            paths.push(beside);
        }
        paths.extend(files.iter().map(PathBuf::as_path));
        Ok(OutletGroups::load(&paths)?)
    }

    /// Resolves parameters into a request: dates parsed, groups expanded,
    /// people's names as the vocabulary writes them.
    pub fn request(&self, params: &SearchParams) -> anyhow::Result<SearchRequest> {
        let (since, until) = params.check()?;
        let vocab = self.vocabulary()?;
        Ok(SearchRequest {
            query: params.q.clone(),
            // Group files are read only when a group is asked for, so that
            // a broken one cannot stop searches that use none.
            sources: if params.source.iter().any(|s| s.starts_with('@')) {
                self.groups(&params.groups)?.expand(&params.source)?
            } else {
                params.source.clone()
            },
            speakers: params.speaker.iter().map(|s| vocab.person(s)).collect(),
            authors: params.author.clone(),
            languages: params.lang.clone(),
            said_by: params.said_by.iter().map(|s| vocab.person(s)).collect(),
            since,
            until,
            sort: params.sort,
            offset: params.offset,
            limit: if params.histogram.is_some() {
                0
            } else {
                params.limit
            },
            all: params.all,
            lenient: params.lenient,
            histogram: params.histogram,
            collapse: params.collapse,
            facet_limit: params.facets,
            distinct_facets: false,
        })
    }

    /// Runs a search: counts, facets, timeline and the hits' addresses.
    pub fn search(&self, request: &SearchRequest) -> anyhow::Result<Matches> {
        let outlets = &self.vocabulary()?.outlets;
        Ok(match &self.backend {
            Backend::Local(searchable) => searchable.find(request, outlets)?,
            Backend::Cluster(index) => index.find(request, outlets)?,
        })
    }

    /// The facet counts of the articles matching `params` (no hits), with
    /// the number of distinct values of each.
    pub fn facets(&self, params: &SearchParams) -> anyhow::Result<Matches> {
        let (since, until) = params.dates()?;
        let request = SearchRequest {
            query: params.q.clone(),
            since,
            until,
            limit: 0,
            facet_limit: params.facets,
            distinct_facets: true,
            ..SearchRequest::default()
        };
        self.search(&request)
    }

    /// The hits of a search, read one by one.
    pub fn hits<'a>(
        &'a self,
        matches: &'a Matches,
    ) -> Box<dyn Iterator<Item = Result<Hit, SearchError>> + 'a> {
        match &self.backend {
            Backend::Local(searchable) => Box::new(searchable.hits(matches)),
            Backend::Cluster(index) => index.hits(matches),
        }
    }

    /// The article a user names, as stored, and as a hit.
    fn article(&self, given: &str) -> Result<(TantivyDocument, Hit), SearchError> {
        match &self.backend {
            Backend::Local(searchable) => {
                let (address, doc) = searchable.find_article(given)?;
                let hit = searchable.hit_at(address, None)?;
                Ok((doc, hit))
            }
            Backend::Cluster(index) => {
                let (doc, _) = index.article(given)?;
                let hit = crate::search::hit_of(&self.schema, &doc, None, &[]);
                Ok((doc, hit))
            }
        }
    }

    /// The article a user names (id, id prefix or FILE#N), whole; with
    /// `explain`, the extractor's evidence for its speakers and sources.
    pub fn show(&self, given: &str, explain: bool) -> anyhow::Result<ShownArticle> {
        let (doc, hit) = self.article(given)?;
        let stored = Stored::new(&self.schema, &doc);
        let body = stored.body().to_string();
        let evidence = if explain {
            let extractor = self.extractor()?;
            let article = Article {
                path: hit.path.clone().into(),
                record: None,
                id: None,
                title: hit.title.clone(),
                body: body.clone(),
                published: None,
                url: hit.url.clone(),
                source: None,
                site: hit.site.clone(),
                authors: hit.authors.clone(),
                language: hit.language.clone(),
            };
            Some(extractor.explain(&article).evidence)
        } else {
            None
        };
        Ok(ShownArticle {
            body_length: stored.body_length(),
            id: hit.id,
            title: hit.title,
            published: hit.published,
            url: hit.url,
            path: hit.path,
            record: hit.record,
            speakers: hit.speakers,
            sources: hit.sources,
            authors: hit.authors,
            language: hit.language,
            site: hit.site,
            body,
            evidence,
        })
    }

    /// What each speaker of an article said (the statements `--said-by`
    /// searches), speakers in the article's order.
    pub fn statements(&self, given: &str) -> Result<Vec<(String, Vec<String>)>, SearchError> {
        let searchable = match &self.backend {
            Backend::Local(searchable) => searchable,
            Backend::Cluster(index) => return index.statements(given),
        };
        let (_, doc) = searchable.find_article(given)?;
        let stored = Stored::new(&self.schema, &doc);
        Ok(stored
            .speakers()
            .into_iter()
            .map(|speaker| {
                let keys = [speaker_key(&speaker)];
                let said = stored.statements(&keys);
                (speaker, said)
            })
            .collect())
    }

    /// The articles most like the one a user names, best first.
    pub fn similar(&self, given: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        match &self.backend {
            Backend::Local(searchable) => {
                let (address, _) = searchable.find_article(given)?;
                searchable.similar(address, limit)
            }
            Backend::Cluster(index) => index.similar(given, limit),
        }
    }

    /// The shortest unambiguous start of an id, for people.
    pub fn short_id(&self, id: &str) -> String {
        match &self.backend {
            Backend::Local(searchable) => searchable.short_id(id),
            Backend::Cluster(index) => index.short_id(id),
        }
    }

    /// Figures about the index and its folder (its size on the cluster).
    pub fn stats(&self) -> Result<ArchiveStats, SearchError> {
        let searchable = match &self.backend {
            Backend::Local(searchable) => searchable,
            Backend::Cluster(index) => {
                let (stats, size_bytes) = index.stats()?;
                return Ok(ArchiveStats {
                    index: index.location(),
                    stats,
                    size_bytes,
                    last_update: None,
                });
            }
        };
        let stats = searchable.stats()?;
        let dir = self.dir.clone().unwrap_or_default();
        let size_bytes = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        let last_update = std::fs::metadata(dir.join("meta.json"))
            .and_then(|m| m.modified())
            .ok()
            .map(|t| {
                format_rfc3339(
                    OffsetDateTime::from(t)
                        .replace_nanosecond(0)
                        .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                )
            });
        Ok(ArchiveStats {
            index: dir.display().to_string(),
            stats,
            size_bytes,
            last_update,
        })
    }
}

/// The shipped vocabularies plus the user's lists: the outlet and people
/// files given, and those the index keeps (`outlets.txt` and `people.txt`
/// in its folder, and copies of the files given to `index` earlier).
pub fn load_vocabulary(
    index_dir: Option<&Path>,
    outlets: &[PathBuf],
    people: &[PathBuf],
) -> anyhow::Result<Vocabulary> {
    let mut outlet_files: Vec<PathBuf> = outlets.to_vec();
    let mut people_files: Vec<PathBuf> = people.to_vec();
    if let Some(dir) = index_dir {
        outlet_files.extend(lists::files(dir, lists::Kind::Outlets));
        people_files.extend(lists::files(dir, lists::Kind::People));
    }
    let outlet_files: Vec<&Path> = outlet_files.iter().map(PathBuf::as_path).collect();
    let people_files: Vec<&Path> = people_files.iter().map(PathBuf::as_path).collect();
    Ok(Vocabulary::with_files(&outlet_files, &people_files)?)
}
