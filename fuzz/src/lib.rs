//! What the fuzz targets share: an input read as a file of a given kind,
//! and every article it gives taken through extraction to its index
//! document, as `newsdex index` does.

use std::path::PathBuf;
use std::sync::OnceLock;

use newsdex::document::{article_id, to_document, Extracted};
use newsdex::extract::{read_part, Extractor, Vocabulary};
use newsdex::parse::read_file;
use newsdex::schema::IndexSchema;

/// A folder of this process's own, removed at exit by the OS's tmp
/// cleaning (libFuzzer exits without running destructors).
pub fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("newsdex-fuzz")
            .tempdir_in(shm())
            .expect("a scratch folder");
        dir.keep()
    })
}

fn shm() -> PathBuf {
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    }
}

/// Writes `data` to a file named `name` in the scratch folder.
pub fn write(name: &str, data: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, data).expect("the scratch file is written");
    path
}

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Vocabulary::builtin()))
}

fn schema() -> &'static IndexSchema {
    static SCHEMA: OnceLock<IndexSchema> = OnceLock::new();
    SCHEMA.get_or_init(IndexSchema::builtin)
}

/// Reads `data` as a file called `name` (its extension says its format)
/// and builds the index document of every article in it.
pub fn index_file(name: &str, data: &[u8]) {
    let path = write(name, data);
    let outcome = read_file(&path, &mut |article| {
        let found = extractor().extract(&article);
        let statements = extractor().statements(read_part(&article.body), &found);
        let id = article_id(&article);
        let _ = to_document(
            schema(),
            Extracted {
                id: &id,
                article: &article,
                speakers: &found.speakers,
                sources: &found.sources,
                statements: &statements,
            },
        );
    });
    for problem in &outcome.problems {
        // Every problem can be printed.
        let _ = problem.to_string();
    }
}
