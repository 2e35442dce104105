//! The JSON Schema of the record, `schema/letter.schema.json`.
//!
//! 1. The committed file is what the types generate now. After changing a
//!    type, regenerate it with `LETTERSCOPE_BLESS=1 cargo test --test schema`
//!    and commit the diff with the change.
//! 2. Every record `parse` prints validates against it: the output for each
//!    fixture, and a hand-built record with every optional value present and
//!    every list non-empty (so each definition is exercised even before the
//!    parser fills them).
//!
//! The schema is generated for the *serialize* contract: it describes what
//! `letterscope` prints, where an absent value is `null` and never omitted,
//! so every field is `required` (the deserialize contract, which
//! `schema_for!` uses, would let `Option` fields be left out).
//!
//! Validation uses the small validator below rather than a JSON Schema crate
//! (the `jsonschema` crate more than doubles the dev build). It understands
//! the keywords schemars emits and fails loudly on any other, so a new
//! keyword can never be silently ignored.

mod common;

use std::path::PathBuf;

use letterscope::*;
use serde_json::{json, Map, Value};

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/letter.schema.json")
}

/// The schema the types generate, pretty-printed with a final newline.
fn generated() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Letter>();
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    s.push('\n');
    s
}

fn committed() -> Value {
    let text = std::fs::read_to_string(schema_path()).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nCreate it with: LETTERSCOPE_BLESS=1 cargo test --test schema",
            schema_path().display()
        )
    });
    serde_json::from_str(&text).expect("the committed schema is JSON")
}

#[test]
fn committed_schema_is_what_the_types_generate() {
    let now = generated();
    if std::env::var_os("LETTERSCOPE_BLESS").is_some() {
        std::fs::write(schema_path(), &now).expect("write schema/letter.schema.json");
        return;
    }
    let on_disk = std::fs::read_to_string(schema_path()).unwrap_or_default();
    if on_disk != now {
        let first = on_disk
            .lines()
            .zip(now.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| on_disk.lines().count().min(now.lines().count()));
        panic!(
            "schema/letter.schema.json is out of date with the record types \
             (first difference at line {}:\n  committed: {:?}\n  generated: {:?}).\n\
             Regenerate it and commit the diff:\n  LETTERSCOPE_BLESS=1 cargo test --test schema",
            first + 1,
            on_disk.lines().nth(first).unwrap_or("<end of file>"),
            now.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}

#[test]
fn every_fixture_output_validates() {
    let schema = committed();
    let mut inputs: Vec<(String, String)> = common::fixture_letters()
        .into_iter()
        .map(|(p, s)| (p.display().to_string(), s))
        .collect();
    inputs.push(("<empty>".into(), String::new()));
    inputs.push((
        "<one line>".into(),
        "Dear Sir, please reply by 1 May 2021.".into(),
    ));
    for (name, text) in inputs {
        let out = serde_json::to_value(parse(&text)).expect("a Letter serialises");
        if let Err(e) = validate(&schema, &out) {
            panic!("{name}: output does not match schema/letter.schema.json:\n{e}");
        }
    }
}

#[test]
fn a_full_record_validates() {
    let v = serde_json::to_value(full_letter()).expect("a Letter serialises");
    if let Err(e) = validate(&committed(), &v) {
        panic!("{e}");
    }
}

#[test]
fn the_validator_rejects_what_the_contract_forbids() {
    let schema = committed();
    let good = serde_json::to_value(full_letter()).expect("a Letter serialises");
    type Breaker = fn(&mut Value);
    let cases: [(&str, Breaker); 6] = [
        ("an omitted null field", |v| {
            v["sender"].as_object_mut().map(|o| o.remove("role"));
        }),
        ("a span of three numbers", |v| {
            v["subject"]["span"] = json!([1, 2, 3])
        }),
        ("a negative offset", |v| {
            v["salutation"]["span"] = json!([-1, 2])
        }),
        ("an unknown document kind", |v| {
            v["documents"][0]["kind"] = json!("novel")
        }),
        ("a string for a list", |v| v["cc"] = json!("none")),
        ("an uncited footnote number as text", |v| {
            v["footnotes"][0]["number"] = json!("1")
        }),
    ];
    for (what, break_it) in cases {
        let mut bad = good.clone();
        break_it(&mut bad);
        assert!(validate(&schema, &bad).is_err(), "{what} was accepted");
    }
}

// ---------------------------------------------------------------------------
// A record with every value present.

fn text(s: &str, a: usize) -> Text {
    Text {
        text: s.into(),
        span: Span::new(a, a + s.len()),
    }
}

fn full_party() -> Party {
    Party {
        name: Some(Name {
            text: "Dame Sara Thornton DBE".into(),
            span: Span::new(0, 22),
            honorific: Some("Dame".into()),
            given: Some("Sara".into()),
            family: Some("Thornton".into()),
            post_nominals: vec!["DBE".into()],
        }),
        role: Some(text("Commissioner", 30)),
        organisation: Some(text("Home Office", 50)),
        address: Some(Address {
            text: "2 Marsham Street, London".into(),
            span: Span::new(70, 110),
            lines: vec!["2 Marsham Street".into(), "London".into()],
            postcode: Some("SW1P 4DF".into()),
        }),
        phones: vec![Phone {
            text: "020 3513 0477".into(),
            span: Span::new(120, 133),
            e164: Some("+442035130477".into()),
        }],
        emails: vec![Email {
            text: "a@b.gov.uk".into(),
            span: Span::new(140, 150),
            address: "a@b.gov.uk".into(),
        }],
    }
}

fn full_date(a: usize) -> Date {
    Date {
        text: "13 October 2020".into(),
        span: Span::new(a, a + 15),
        iso: "2020-10-13".into(),
        precision: Precision::Day,
    }
}

fn full_letter() -> Letter {
    let mut l = Letter::empty(2000);
    l.source.name = Some("letter.txt".into());
    l.sender = Some(full_party());
    l.date = Some(full_date(200));
    l.addressee = Some(full_party());
    l.references = References {
        ours: Some(text("KY/1", 300)),
        yours: Some(text("AB/2", 320)),
    };
    l.subject = Some(text("Annual Report", 340));
    l.salutation = Some(text("Dear Dame Sara", 360));
    l.body = vec![Paragraph {
        text: "Please reply.".into(),
        span: Span::new(400, 414),
        label: Some("1.".into()),
        footnote_refs: vec![1],
    }];
    l.closing = Some(Closing {
        valediction: Some(text("Yours sincerely", 500)),
        signature: Some(text("S Thornton", 520)),
        signatory: Some(full_party()),
    });
    l.footnotes = vec![Footnote {
        number: 1,
        text: "Annual Report 2020".into(),
        span: Span::new(600, 620),
        cited_from: vec![Citation {
            paragraph: 0,
            span: Span::new(412, 414),
        }],
        document: Some(0),
    }];
    l.documents = vec![Document {
        title: "Annual Report".into(),
        author: Some("IASC".into()),
        year: Some(2020),
        kind: DocumentKind::Report,
        footnote: Some(1),
        url: Some("https://example.org/r".into()),
        mentions: vec![Span::new(340, 353)],
    }];
    l.requests = vec![Request {
        text: "Please reply".into(),
        span: Span::new(400, 412),
        kind: RequestKind::Respond,
        deadline: Some(full_date(700)),
    }];
    l.contacts = vec![Contact {
        name: full_party().name,
        role: Some(text("Policy Lead", 800)),
        organisation: Some(text("IASC", 820)),
        emails: full_party().emails,
        phones: full_party().phones,
        span: Span::new(800, 900),
    }];
    l.cc = vec![full_party()];
    l.enclosures = vec![text("Annex A", 950)];
    l.diagnostics = vec![
        Diagnostic::warning(
            "unreadable_signature",
            "signature unreadable",
            Some(Span::new(520, 530)),
        ),
        Diagnostic::info("no_date_found", "no date", None),
    ];
    l
}

// ---------------------------------------------------------------------------
// A validator for the subset of JSON Schema 2020-12 that schemars emits.

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
];

/// `Ok` when `instance` matches `schema` (`root` holds the `$defs`).
fn validate(root: &Value, instance: &Value) -> Result<(), String> {
    let mut errs = Vec::new();
    check(root, root, instance, "$", &mut errs);
    if errs.is_empty() {
        Ok(())
    } else {
        errs.truncate(20);
        Err(errs.join("\n"))
    }
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
    let s = match schema {
        Value::Bool(true) => return,
        Value::Bool(false) => return errs.push(format!("{path}: no value is allowed here")),
        Value::Object(s) => s,
        _ => return errs.push(format!("{path}: schema is not an object: {schema}")),
    };
    for (k, kv) in s {
        match k.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => match resolve(root, kv) {
                Some(target) => check(root, target, v, path, errs),
                None => errs.push(format!("{path}: unresolvable $ref {kv}")),
            },
            "type" => {
                let ok = match kv {
                    Value::String(t) => has_type(v, t),
                    Value::Array(ts) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| has_type(v, t))),
                    _ => false,
                };
                if !ok {
                    errs.push(format!("{path}: {v} is not of type {kv}"));
                }
            }
            "const" if v != kv => errs.push(format!("{path}: {v} is not {kv}")),
            "enum" if !kv.as_array().is_some_and(|a| a.contains(v)) => {
                errs.push(format!("{path}: {v} is not one of {kv}"));
            }
            "const" | "enum" => {}
            "anyOf" | "oneOf" | "allOf" => {
                let subs = kv.as_array().map(Vec::as_slice).unwrap_or_default();
                let passing = subs
                    .iter()
                    .filter(|sub| {
                        let mut e = Vec::new();
                        check(root, sub, v, path, &mut e);
                        e.is_empty()
                    })
                    .count();
                let ok = match k.as_str() {
                    "anyOf" => passing >= 1,
                    "oneOf" => passing == 1,
                    _ => passing == subs.len(),
                };
                if !ok {
                    errs.push(format!(
                        "{path}: {v} matches {passing} of the {k} alternatives"
                    ));
                }
            }
            "properties" => {
                if let (Some(props), Some(obj)) = (kv.as_object(), v.as_object()) {
                    for (name, sub) in props {
                        if let Some(child) = obj.get(name) {
                            check(root, sub, child, &format!("{path}.{name}"), errs);
                        }
                    }
                }
            }
            "required" => {
                if let Some(obj) = v.as_object() {
                    for name in kv
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !obj.contains_key(name) {
                            errs.push(format!("{path}: required field {name:?} is missing"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(obj) = v.as_object() {
                    let known = s.get("properties").and_then(Value::as_object);
                    for (name, child) in obj {
                        if !known.is_some_and(|p: &Map<String, Value>| p.contains_key(name)) {
                            check(root, kv, child, &format!("{path}.{name}"), errs);
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = v.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        check(root, kv, item, &format!("{path}[{i}]"), errs);
                    }
                }
            }
            "minItems" | "maxItems" => {
                if let (Some(items), Some(n)) = (v.as_array(), kv.as_u64()) {
                    let len = items.len() as u64;
                    if (k == "minItems" && len < n) || (k == "maxItems" && len > n) {
                        errs.push(format!("{path}: {len} items breaks {k} {n}"));
                    }
                }
            }
            "minimum" | "maximum" => {
                if let (Some(x), Some(m)) = (v.as_f64(), kv.as_f64()) {
                    if (k == "minimum" && x < m) || (k == "maximum" && x > m) {
                        errs.push(format!("{path}: {x} breaks {k} {m}"));
                    }
                }
            }
            "format" => {
                if !format_ok(kv.as_str().unwrap_or(""), v) {
                    errs.push(format!("{path}: {v} is not of format {kv}"));
                }
            }
            other => errs.push(format!(
                "{path}: the test validator does not know the keyword {other:?}; \
                 teach it (tests/schema.rs) before relying on it"
            )),
        }
    }
}

fn resolve<'a>(root: &'a Value, r: &Value) -> Option<&'a Value> {
    let name = r.as_str()?.strip_prefix("#/$defs/")?;
    root.get("$defs")?.get(name)
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        _ => false,
    }
}

/// The integer formats schemars writes; other formats are annotations.
fn format_ok(f: &str, v: &Value) -> bool {
    if !v.is_number() {
        return true;
    }
    let (lo, hi): (i128, i128) = match f {
        "uint" | "uint64" => (0, u64::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "int" | "int64" => (i64::MIN.into(), i64::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        _ => return true,
    };
    let n = v.as_i64().map(i128::from).or(v.as_u64().map(i128::from));
    n.is_some_and(|n| (lo..=hi).contains(&n))
}
