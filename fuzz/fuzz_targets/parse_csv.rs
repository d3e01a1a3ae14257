//! Any bytes as a `.csv` or a `.tsv` file (the first byte chooses): read,
//! extracted and made into index documents without a panic, a hang or
//! unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let name = if choice & 1 == 0 {
        "input.csv"
    } else {
        "input.tsv"
    };
    newsdex_fuzz::index_file(name, rest);
});
