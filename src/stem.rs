//! Stemming with a memory: tantivy's Snowball stemmer, asked once per
//! distinct word.
//!
//! News text repeats its words (a few thousand make most of any article),
//! and the Snowball algorithm costs far more than a hash lookup: stemming
//! was over a third of indexing's instructions. [`CachedStemmer`] keeps the
//! stems of the words it has seen, per analyzer (each of tantivy's indexing
//! threads has its own), and gives exactly the stems tantivy's
//! [`Stemmer`] gives.

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Slots of the cache (a power of two): each holds one word and its stem,
/// so that the cache (256 KB) stays in the processor's nearer caches.
const SLOTS: usize = 8192;
/// Longer words are stemmed every time (they are rarer).
const MAX_CACHED_LEN: usize = 15;
/// Words an analyzer stems before it starts remembering: an analyzer
/// that reads a few texts (a query, the snippets of a page of hits) is
/// done before a cache would pay for itself.
const WARM_UP_WORDS: u32 = 20_000;

/// A word of at most [`MAX_CACHED_LEN`] bytes, zero-padded, its length in
/// the last byte: two words are equal when their two halves are.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Short([u64; 2]);

impl Short {
    fn of(word: &str) -> Option<Short> {
        let bytes = word.as_bytes();
        if bytes.len() > MAX_CACHED_LEN {
            return None;
        }
        let mut buffer = [0u8; 16];
        buffer[..bytes.len()].copy_from_slice(bytes);
        buffer[15] = bytes.len() as u8;
        Some(Short([
            u64::from_le_bytes(buffer[..8].try_into().expect("8 bytes")),
            u64::from_le_bytes(buffer[8..].try_into().expect("8 bytes")),
        ]))
    }

    fn slot(&self) -> usize {
        let h = (self.0[0] ^ self.0[1].rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 40) as usize & (SLOTS - 1)
    }

    fn push_to(&self, out: &mut String) {
        let mut buffer = [0u8; 16];
        buffer[..8].copy_from_slice(&self.0[0].to_le_bytes());
        buffer[8..].copy_from_slice(&self.0[1].to_le_bytes());
        let len = buffer[15] as usize;
        // The bytes were a whole `str` when they were stored.
        out.push_str(std::str::from_utf8(&buffer[..len]).expect("a stored word"));
    }
}

/// The stems of the words seen last, one per slot; allocated when the
/// first word is stemmed, so that the analyzers tantivy clones for every
/// query and segment cost nothing until they are used.
#[derive(Clone, Default)]
struct Stems {
    slots: Vec<(Short, Short)>,
    /// Words stemmed before the cache was allocated.
    seen: u32,
}

impl Stems {
    /// The slots, once the analyzer has stemmed enough words to need
    /// them.
    fn slots(&mut self) -> Option<&mut [(Short, Short)]> {
        if self.slots.is_empty() {
            if self.seen < WARM_UP_WORDS {
                self.seen += 1;
                return None;
            }
            self.slots = vec![(Short::default(), Short::default()); SLOTS];
        }
        Some(&mut self.slots)
    }
}

/// A stemming filter for one language: [`Stemmer`]'s stems, remembered.
#[derive(Clone)]
pub struct CachedStemmer {
    language: Language,
}

impl CachedStemmer {
    /// The stemmer of `language`.
    pub fn new(language: Language) -> CachedStemmer {
        CachedStemmer { language }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: Stemmer::new(self.language).transform(RawTokenizer::default()),
            stems: Stems::default(),
        }
    }
}

/// [`CachedStemmer`] over a tokenizer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    /// tantivy's stemmer, over one word at a time.
    stemmer: <Stemmer as TokenFilter>::Tokenizer<RawTokenizer>,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &mut self.stems,
        }
    }
}

/// The token stream of a [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut <Stemmer as TokenFilter>::Tokenizer<RawTokenizer>,
    stems: &'a mut Stems,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let word = Short::of(&token.text);
        let slots = self.stems.slots();
        if let (Some(word), Some(slots)) = (word, slots) {
            let (key, stem) = slots[word.slot()];
            // The empty word is never a token: an empty slot never matches.
            if key == word {
                token.text.clear();
                stem.push_to(&mut token.text);
                return true;
            }
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(&token.text);
            stream.advance();
            std::mem::take(&mut stream.token_mut().text)
        };
        if let (Some(word), Some(short_stem), false) =
            (word, Short::of(&stem), self.stems.slots.is_empty())
        {
            self.stems.slots[word.slot()] = (word, short_stem);
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        out
    }

    #[test]
    fn stems_are_tantivys_whether_remembered_or_not() {
        let text = "The ministers said the talks were running; running talks, \
            Running MINISTERS. Les ministres parlaient. Министры говорили.";
        for language in [Language::English, Language::French, Language::Russian] {
            let mut stock = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build();
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer::new(language))
                .build();
            let expected = tokens(&mut stock, text);
            // Before the cache starts, then with every stem read from it.
            for _ in 0..WARM_UP_WORDS as usize / 10 + 2 {
                assert_eq!(tokens(&mut cached, text), expected);
            }
        }
    }
}
