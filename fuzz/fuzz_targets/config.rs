//! Any bytes as an outlet list, a people list or a groups file (the first
//! byte chooses): read into a vocabulary or groups and used, with an
//! error or without, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::extract::Vocabulary;
use newsdex::groups::OutletGroups;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let path = newsdex_fuzz::write("list.txt", rest);
    let text = String::from_utf8_lossy(rest);
    let words: Vec<&str> = text
        .split(['|', ',', '=', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    match choice % 3 {
        0 | 1 => {
            let vocab = if choice % 3 == 0 {
                Vocabulary::with_files(&[&path], &[])
            } else {
                Vocabulary::with_files(&[], &[&path])
            };
            match vocab {
                Ok(vocab) => {
                    for word in &words {
                        let _ = vocab.person(word);
                        let _ = vocab.outlets.canonical(word);
                    }
                }
                Err(err) => {
                    let _ = err.to_string();
                }
            }
        }
        _ => match OutletGroups::load(&[&path]) {
            Ok(groups) => {
                let asked: Vec<String> = words.iter().map(|w| format!("@{w}")).collect();
                if let Err(err) = groups.expand(&asked) {
                    let _ = err.to_string();
                }
            }
            Err(err) => {
                let _ = err.to_string();
            }
        },
    }
});
