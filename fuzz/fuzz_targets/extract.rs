//! Any text through the extractor: speakers, sources, statements, the
//! explained extraction, the language and the near-duplicate signature.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::extract::{read_part, Extractor, Vocabulary};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Vocabulary::builtin()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // An optional first line `source: NAME` stands for the outlet a
    // record's metadata names.
    let (source, body) = match text.strip_prefix("source:") {
        Some(rest) => match rest.split_once('\n') {
            Some((name, body)) => (Some(name.trim()), body),
            None => (Some(rest.trim()), ""),
        },
        None => (None, &*text),
    };
    let extractor = extractor();
    let body = read_part(body);
    let found = extractor.extract_text(body, source);
    let statements = extractor.statements(body, &found);
    for statement in &statements {
        assert!(
            found.speakers.contains(&statement.speaker),
            "a statement by {} who is not a speaker",
            statement.speaker
        );
    }
    let _ = newsdex::language::detect(body);
    let _ = newsdex::signature::signature(body);
});
