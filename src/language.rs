//! The language of an article: read from its metadata (`en-GB`, `eng`,
//! `English`), else detected from its text (with `whatlang`'s trigram
//! profiles, built into the binary), and the stemmer its words are
//! indexed with.
//!
//! Languages are ISO 639-1 codes (`en`, `ru`, `tr`, `az`) everywhere in
//! newsdex: in the index, in `--lang`, in JSON.

/// How much of an article's text detection reads: enough for a reliable
/// answer, little enough to cost little beside indexing.
const SAMPLE_BYTES: usize = 1024;

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
///
/// English, the language of most archives newsdex reads, is recognised
/// first by its function words (`the`, `of`, `and`, `said`...), which no
/// other language uses as often; only other texts go through `whatlang`'s
/// trigram profiles, which cost some twenty times more.
pub fn detect(text: &str) -> Option<&'static str> {
    let sample = opening(text, SAMPLE_BYTES);
    if looks_english(sample) {
        return Some("en");
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() || info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    short_code(info.lang())
}

/// The first `bytes` of `text` or a little less, cut between characters.
fn opening(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The fewest words a text needs for its function words to tell.
const MIN_WORDS: usize = 30;

/// The share of English function words above which a text is English:
/// they make a fifth of English news text or more, and a few hundredths
/// at most of any other language's (German `was`, Danish `for`).
const ENGLISH_SHARE: f64 = 0.1;

/// Whether the words of `text` are English by the share of its function
/// words.
fn looks_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut function = 0usize;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if word.len() <= 5 && is_english_function_word(word) {
            function += 1;
        }
    }
    words >= MIN_WORDS && function as f64 >= ENGLISH_SHARE * words as f64
}

fn is_english_function_word(word: &str) -> bool {
    const WORDS: [&str; 22] = [
        "the", "of", "and", "to", "that", "with", "for", "was", "were", "has", "have", "from",
        "which", "this", "said", "will", "would", "been", "their", "they", "its", "but",
    ];
    /// The words, lowercased and packed into integers (each is ASCII and
    /// five bytes or shorter), so that a word is compared with all of
    /// them without a loop over bytes.
    const PACKED: [u64; 22] = {
        let mut packed = [0u64; 22];
        let mut i = 0;
        while i < WORDS.len() {
            let bytes = WORDS[i].as_bytes();
            let mut j = 0;
            while j < bytes.len() {
                packed[i] |= (bytes[j] as u64) << (8 * j);
                j += 1;
            }
            i += 1;
        }
        packed
    };
    if word.len() > 5 {
        return false;
    }
    let mut key = 0u64;
    for (j, byte) in word.bytes().enumerate() {
        key |= (byte.to_ascii_lowercase() as u64) << (8 * j);
    }
    PACKED.contains(&key)
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
        // Long enough for function words to count: English by them, other
        // languages by their trigrams.
        let english = english.repeat(3);
        assert!(looks_english(&english));
        assert_eq!(detect(&english), Some("en"));
        let german = "Die Minister trafen sich am Dienstag in der Hauptstadt, um \
            die Wiedereröffnung des Grenzübergangs zu besprechen, der seit dem \
            Frühjahr geschlossen ist. Was die Regierung nun tun will, ist noch \
            offen, sagte ein Sprecher des Ministeriums am Abend.";
        assert!(!looks_english(german));
        assert_eq!(detect(german), Some("de"));
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
