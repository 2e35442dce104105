//! Fuzzes `letterscope::parse_bytes` and, for valid UTF-8, `parse`.
//!
//! A crash is a panic in the parser *or* a broken invariant: a span out of
//! bounds or off a character boundary, a value whose words are not at its
//! span, `parse_bytes` disagreeing with `parse`, a record that does not
//! survive the JSON round trip. The checks are the test suite's own
//! (`tests/common/invariants.rs`), included by path.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use invariants::{check, Input};

fuzz_target!(|data: &[u8]| {
    let letter = letterscope::parse_bytes(data);
    if let Err(e) = check(&letter, Input::Bytes(data)) {
        panic!("parse_bytes broke an invariant:\n{e}");
    }
    let json = serde_json::to_string(&letter).expect("a Letter always serialises");
    let back: letterscope::Letter =
        serde_json::from_str(&json).expect("the record's JSON deserialises");
    assert!(back == letter, "JSON round trip changed the record");
    if let Ok(s) = std::str::from_utf8(data) {
        let from_str = letterscope::parse(s);
        if let Err(e) = check(&from_str, Input::Str(s)) {
            panic!("parse broke an invariant:\n{e}");
        }
        assert!(
            from_str == letter,
            "parse_bytes differs from parse on valid UTF-8"
        );
    }
});
