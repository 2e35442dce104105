//! Data-driven tests: each `fixtures/NAME.txt` parses to `fixtures/NAME.json`.
//!
//! On a mismatch the runner prints every differing field as a JSON path with
//! the expected and the actual value. After a deliberate change, review the
//! new outputs and write them with `LETTERSCOPE_BLESS=1 cargo test --test fixtures`.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    out.sort();
    out
}

/// Collects the paths where two JSON values differ.
fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                diff(
                    &format!("{path}.{k}"),
                    v,
                    b.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
            for (k, v) in b {
                if !a.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {v}"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                diff(
                    &format!("{path}[{i}]"),
                    a.get(i).unwrap_or(&Value::Null),
                    b.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if want != got => out.push(format!("{path}:\n    want {want}\n    got  {got}")),
        _ => {}
    }
}

#[test]
fn every_fixture_parses_to_its_expected_record() {
    let bless = std::env::var_os("LETTERSCOPE_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = fixtures();
    assert!(cases.len() >= 5, "the fixture corpus went missing");
    for txt in cases {
        let raw = std::fs::read(&txt).expect("fixture readable");
        let mut letter = letterscope::parse_bytes(&raw);
        letter.source.name = txt.file_name().map(|n| n.to_string_lossy().into_owned());
        let got = serde_json::to_value(&letter).expect("serialises");
        let expected_path = txt.with_extension("json");
        if bless {
            let pretty = serde_json::to_string_pretty(&got).expect("serialises") + "\n";
            std::fs::write(&expected_path, pretty).expect("write expected");
            continue;
        }
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!(
                "{}: no expected output {}",
                txt.display(),
                expected_path.display()
            ));
            continue;
        };
        let want: Value = serde_json::from_str(&expected).expect("expected output is JSON");
        let mut d = Vec::new();
        diff("$", &want, &got, &mut d);
        if !d.is_empty() {
            failures.push(format!("{}:\n  {}", txt.display(), d.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}
