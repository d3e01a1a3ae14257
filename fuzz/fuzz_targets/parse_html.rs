//! Any bytes as a `.html` file: read, extracted and made into index
//! documents without a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsdex_fuzz::index_file("input.html", data);
});
