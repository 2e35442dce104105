//! Helpers shared by the integration tests: fixture discovery and the
//! invariant checks (see [`invariants`]).
#![allow(dead_code)] // each test crate uses a different part

pub mod invariants;

use std::path::{Path, PathBuf};

pub use invariants::Input;

/// Asserts every invariant of `letter` parsed from `input`, printing all
/// violations and the input's start on failure.
#[track_caller]
pub fn assert_invariants(letter: &letterscope::Letter, input: Input<'_>) {
    if let Err(e) = invariants::check(letter, input) {
        let head: String = match input {
            Input::Str(s) => s.chars().take(300).collect(),
            Input::Bytes(b) => String::from_utf8_lossy(&b[..b.len().min(300)]).into_owned(),
        };
        panic!("invariants violated:\n{e}\n--- input starts ---\n{head:?}");
    }
}

/// Parses `s` with both entry points and checks everything that must hold
/// for any input: invariants of both records, `parse_bytes` agreeing with
/// `parse` on valid UTF-8, determinism, and the JSON round trip.
#[track_caller]
pub fn assert_parses_soundly(s: &str) {
    let a = letterscope::parse(s);
    assert_invariants(&a, Input::Str(s));
    let b = letterscope::parse_bytes(s.as_bytes());
    assert_invariants(&b, Input::Bytes(s.as_bytes()));
    assert!(a == b, "parse_bytes differs from parse on valid UTF-8");
    assert!(a == letterscope::parse(s), "parse is not deterministic");
    assert_round_trips(&a);
}

/// Serialise → deserialise gives the same record.
#[track_caller]
pub fn assert_round_trips(l: &letterscope::Letter) {
    let json = serde_json::to_string(l).expect("a Letter always serialises");
    let back: letterscope::Letter = match serde_json::from_str(&json) {
        Ok(b) => b,
        Err(e) => panic!("the record's JSON does not deserialise: {e}\n{json}"),
    };
    assert!(&back == l, "JSON round trip changed the record:\n{json}");
}

/// The letters to test against: `fixtures/*.txt` of this crate; when there
/// are none, the shared development corpus (`shared/corpus/dev/*.txt` in
/// this directory or any ancestor, or `$LETTERSCOPE_CORPUS`); empty when
/// neither exists. Sorted by path.
pub fn fixture_letters() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("fixtures")];
    if let Some(d) = std::env::var_os("LETTERSCOPE_CORPUS") {
        dirs.insert(0, PathBuf::from(d));
    }
    dirs.extend(root.ancestors().map(|a| a.join("shared/corpus/dev")));
    for dir in dirs {
        let found = txt_files(&dir);
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn txt_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, String)> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| {
            let s = std::fs::read_to_string(&p).ok()?;
            Some((p, s))
        })
        .collect();
    out.sort();
    out
}
