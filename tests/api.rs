//! The public API's promises that are not about one letter's content.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<letterscope::Letter>();
    assert_send_sync::<letterscope::Error>();
    assert_send_sync::<letterscope::Party>();
    assert_send_sync::<letterscope::Diagnostic>();
}

#[test]
fn record_json_round_trips_to_an_equal_letter() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/seed-iasc-vru-leicestershire.txt"
    ))
    .unwrap();
    let letter = letterscope::parse(&text);
    let json = serde_json::to_string(&letter).unwrap();
    let back: letterscope::Letter = serde_json::from_str(&json).unwrap();
    assert_eq!(back, letter);
    assert!(json.starts_with("{\"schema\":\"letterscope/1\""));
}

#[test]
fn absent_values_are_null_or_empty_never_omitted() {
    let letter = letterscope::parse("");
    let v = serde_json::to_value(&letter).unwrap();
    for key in [
        "sender",
        "date",
        "addressee",
        "subject",
        "salutation",
        "closing",
    ] {
        assert_eq!(v[key], serde_json::Value::Null, "{key}");
    }
    for key in [
        "body",
        "footnotes",
        "documents",
        "requests",
        "contacts",
        "cc",
        "enclosures",
    ] {
        assert_eq!(v[key], serde_json::json!([]), "{key}");
    }
    assert_eq!(
        v["references"],
        serde_json::json!({"ours": null, "yours": null})
    );
}

#[test]
fn invalid_utf8_is_replaced_reported_and_spans_index_the_bytes() {
    let raw = b"Dear Ms M\xfcller,\n\nThank you.\n\nYours sincerely,\n\nAnn Lee\n";
    let letter = letterscope::parse_bytes(raw);
    let d = letter
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid_utf8_replaced")
        .expect("reported");
    assert_eq!(d.span, Some(letterscope::Span::new(9, 10)));
    let s = letter.salutation.expect("salutation").span;
    assert_eq!(&raw[s.start..s.end], b"Dear Ms M\xfcller");
}

/// Regression (found by the fuzzer): a sender block whose only address
/// line was a postcode gave an address with `text: ""`.
#[test]
fn address_of_only_a_postcode_is_never_an_empty_string() {
    let raw = include_bytes!("data/crash-address-only-postcode.txt");
    let letter = letterscope::parse_bytes(raw);
    for party in [&letter.sender, &letter.addressee].into_iter().flatten() {
        if let Some(a) = &party.address {
            assert!(!a.text.is_empty(), "empty address text in {a:?}");
        }
    }
}

/// Regression (found by the fuzzer): in a flattened letter whose footnotes
/// sit mid-paragraph, a document pointed at a footnote number the record
/// did not hold.
#[test]
fn documents_point_only_at_footnotes_the_record_holds() {
    let raw = include_bytes!("data/crash-document-dangling-footnote.txt");
    let letter = letterscope::parse_bytes(raw);
    assert!(!letter.documents.is_empty());
    for d in &letter.documents {
        if let Some(n) = d.footnote {
            assert!(
                letter.footnotes.iter().any(|f| f.number == n),
                "document {:?} cites missing footnote {n}",
                d.title
            );
        }
    }
}

/// Regression (found by the fuzzer): looking ahead for a citation after a
/// footnote number cut a window through a multi-byte character ("•") and
/// panicked.
#[test]
fn citation_lookahead_never_splits_a_character() {
    let raw = include_bytes!("data/crash-inline-note-window-splits-char.txt");
    let letter = letterscope::parse_bytes(raw);
    assert_eq!(letter.source.bytes, raw.len());
}

/// Regression (found by the fuzzer): taking out a tag inside another
/// ("<<u>u>") left markup in the paragraph text.
#[test]
fn nested_underline_markup_leaves_no_markup_in_paragraphs() {
    let raw = include_bytes!("data/crash-nested-underline-markup.txt");
    let letter = letterscope::parse_bytes(raw);
    assert!(!letter.body.is_empty());
    for p in &letter.body {
        assert!(
            !p.text.contains("<u>") && !p.text.contains("</u>"),
            "markup left in {:?}",
            p.text
        );
    }
    let letter = letterscope::parse(
        "Dear Ann,\n\nSee <<u>u>the plan</u>.\n\nYours sincerely,\n\nBen Cole\n",
    );
    assert_eq!(letter.body[0].text, "See the plan.");
}
