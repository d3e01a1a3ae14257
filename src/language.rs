//! The language of an article: read from its metadata (`en-GB`, `eng`,
//! `English`), else detected from its text (with `whatlang`'s trigram
//! profiles, built into the binary), and the stemmer its words are
//! indexed with.
//!
//! Languages are ISO 639-1 codes (`en`, `ru`, `tr`, `az`) everywhere in
//! newsdex: in the index, in `--lang`, in JSON.

/// How much of an article's text detection reads: enough for a reliable
/// answer, little enough to cost nothing beside indexing.
const SAMPLE_BYTES: usize = 2048;

/// Detection below this confidence (0 to 1) gives no language.
const MIN_CONFIDENCE: f64 = 0.5;

/// The ISO 639-1 code of each language `whatlang` detects, by its ISO
/// 639-3 code.
const CODES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
    // Codes metadata uses that detection does not give.
    ("fas", "fa"),
    ("ger", "de"),
    ("fre", "fr"),
    ("nor", "no"),
    ("zho", "zh"),
    ("chi", "zh"),
];

/// The ISO 639-1 code of a language as metadata gives it: a tag (`en`,
/// `en-GB`, `en_US`, `EN`), a three-letter code (`eng`, `rus`) or an
/// English name (`English`, `Russian`); `None` for anything else.
pub fn from_tag(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let head = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    if !head.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    match head.len() {
        2 => Some(head),
        3 => CODES
            .iter()
            .find(|(long, _)| *long == head)
            .map(|(_, short)| short.to_string()),
        _ => whatlang::Lang::all()
            .iter()
            .find(|lang| lang.eng_name().eq_ignore_ascii_case(tag))
            .and_then(|lang| short_code(*lang))
            .map(str::to_string),
    }
}

fn short_code(lang: whatlang::Lang) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(long, _)| *long == lang.code())
        .map(|(_, short)| *short)
}

/// The language of a text, when the opening of it says so reliably.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() || info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    short_code(info.lang())
}

/// The stemmer of a language, where tantivy has one.
pub fn stemmer(code: &str) -> Option<tantivy::tokenizer::Language> {
    use tantivy::tokenizer::Language::*;
    Some(match code {
        "ar" => Arabic,
        "da" => Danish,
        "nl" => Dutch,
        "en" => English,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hu" => Hungarian,
        "it" => Italian,
        "no" | "nb" | "nn" => Norwegian,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        _ => return None,
    })
}

/// The languages other than English whose articles are indexed with their
/// own stemmer, each in fields of its own (`body_ru`): the code each field
/// is named by.
pub const STEMMED: &[&str] = &[
    "ar", "da", "de", "el", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv", "ta",
    "tr",
];

/// The code naming the fields an article of this language is indexed in:
/// `None` for the English fields (English, and languages tantivy has no
/// stemmer for).
pub fn field_code(code: Option<&str>) -> Option<&'static str> {
    let code = code?;
    let code = if matches!(code, "nb" | "nn") {
        "no"
    } else {
        code
    };
    STEMMED.iter().copied().find(|c| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_codes_and_names_give_two_letter_codes() {
        assert_eq!(from_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(from_tag("ru_RU").as_deref(), Some("ru"));
        assert_eq!(from_tag("TR").as_deref(), Some("tr"));
        assert_eq!(from_tag("eng").as_deref(), Some("en"));
        assert_eq!(from_tag("aze").as_deref(), Some("az"));
        assert_eq!(from_tag("English").as_deref(), Some("en"));
        assert_eq!(from_tag("russian").as_deref(), Some("ru"));
        assert_eq!(from_tag("xyz"), None);
        assert_eq!(from_tag("12"), None);
        assert_eq!(from_tag(""), None);
    }

    #[test]
    fn detection_names_the_language_of_a_paragraph() {
        let english = "The ministers met in the capital on Tuesday to discuss the \
            reopening of the border crossing, which has been closed since the spring.";
        let russian = "Министры встретились во вторник в столице, чтобы обсудить \
            открытие пограничного перехода, закрытого с весны.";
        let turkish = "Bakanlar salı günü başkentte bir araya gelerek ilkbahardan \
            bu yana kapalı olan sınır kapısının yeniden açılmasını görüştü.";
        assert_eq!(detect(english), Some("en"));
        assert_eq!(detect(russian), Some("ru"));
        assert_eq!(detect(turkish), Some("tr"));
        // Too little text to tell.
        assert_eq!(detect("OK"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn stemmed_languages_have_fields_and_others_use_the_english_ones() {
        assert_eq!(field_code(Some("ru")), Some("ru"));
        assert_eq!(field_code(Some("nb")), Some("no"));
        assert_eq!(field_code(Some("en")), None);
        assert_eq!(field_code(Some("az")), None);
        assert_eq!(field_code(None), None);
        for code in STEMMED {
            assert!(stemmer(code).is_some(), "{code}");
        }
    }
}
