//! The annotated HTML page of `letterscope show`.

#[allow(dead_code)]
#[path = "../src/cli/show.rs"]
mod show;

use letterscope::{
    Citation, Closing, Contact, Date, Diagnostic, Document, DocumentKind, Email, Footnote, Letter,
    Name, Paragraph, Party, Precision, Request, RequestKind, Span, Text,
};

// ---------------------------------------------------------------------------
// Helpers

/// The span of the `n`th occurrence (from 0) of `needle` in `raw`.
#[track_caller]
fn nth(raw: &str, needle: &str, n: usize) -> Span {
    let start = raw
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {} times", n + 1))
        .0;
    Span::new(start, start + needle.len())
}

#[track_caller]
fn sp(raw: &str, needle: &str) -> Span {
    nth(raw, needle, 0)
}

#[track_caller]
fn text(raw: &str, needle: &str) -> Text {
    Text {
        text: needle.to_string(),
        span: sp(raw, needle),
    }
}

fn from(raw: &str, start: &str, end: &str) -> Span {
    let s = sp(raw, start).start;
    let e = raw[s..].find(end).map(|i| s + i + end.len()).expect("end");
    Span::new(s, e)
}

fn para(raw: &str, span: Span, refs: &[u32]) -> Paragraph {
    Paragraph {
        text: raw[span.start..span.end].replace('\n', " "),
        span,
        label: None,
        footnote_refs: refs.to_vec(),
    }
}

fn letter_for(raw: &str) -> Letter {
    Letter::empty(raw.len())
}

/// The HTML between the text pane's opening and closing tags.
#[track_caller]
fn text_pane(page: &str) -> &str {
    let open = "<div class=\"raw\">";
    let s = page.find(open).expect("text pane") + open.len();
    let e = page[s..]
        .find("</div></section>")
        .expect("end of text pane")
        + s;
    &page[s..e]
}

/// Tags stripped and entities decoded: the text a reader sees.
fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => in_tag = false,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Checks that every element is closed, in order, and returns the problem
/// if not. `<script>` and `<style>` bodies are skipped; void elements are
/// known.
fn well_formed(page: &str) -> Result<(), String> {
    const VOID: &[&str] = &["meta", "br", "link", "img", "input", "hr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = page;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let gt = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => return Err(format!("</{name}> closes <{open}>")),
                None => return Err(format!("</{name}> with nothing open")),
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            return Err(format!("bad tag <{tag}>"));
        }
        if tag.contains('<') {
            return Err(format!("'<' inside tag <{tag}>"));
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let end = rest.find(&close).ok_or("unclosed script or style")?;
            rest = &rest[end + close.len()..];
            continue;
        }
        stack.push(name);
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {stack:?}"))
    }
}

#[track_caller]
fn assert_well_formed(page: &str) {
    if let Err(e) = well_formed(page) {
        panic!("page is not well formed: {e}\n{}", text_pane(page));
    }
}

/// The opening tags of highlights in the text pane.
fn highlights(page: &str) -> Vec<&str> {
    text_pane(page)
        .split('<')
        .filter(|t| t.starts_with("span class=\"hl "))
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let s = tag.find(&key)? + key.len();
    let e = tag[s..].find('"')? + s;
    Some(&tag[s..e])
}

/// The text inside the highlight whose id is `id` (first fragment only).
fn highlighted(page: &str, id: &str) -> String {
    let pane = text_pane(page);
    let key = format!(" id=\"{id}\"");
    let at = pane.find(&key).expect("highlight id");
    let body = &pane[at..];
    let body = &body[body.find('>').expect("tag end") + 1..];
    // Walk to the matching close.
    let mut depth = 1;
    let mut i = 0;
    while depth > 0 && i < body.len() {
        if body[i..].starts_with("</span>") {
            depth -= 1;
            if depth == 0 {
                break;
            }
            i += 7;
        } else if body[i..].starts_with("<span") {
            depth += 1;
            i += 5;
        } else {
            i += body[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    strip(&body[..i])
}

// ---------------------------------------------------------------------------
// A hand-built record

const LETTER: &str = "Office of the Commissioner\n5 High Street\nLondon SW1V 1PN\n\n13 October 2020\n\nJane Doe\nChief Executive\n\nDear Ms Doe,\n\nI read the Annual Report¹ with interest.\nPlease reply by 30 November 2020 with the figures.\n\nYours sincerely,\n\nA. Smith\nCommissioner\n\n¹ Home Office (2019) Annual Report\n";

fn hand_built() -> Letter {
    let raw = LETTER;
    let mut l = letter_for(raw);
    l.sender = Some(Party {
        organisation: Some(text(raw, "Office of the Commissioner")),
        address: Some(letterscope::Address {
            text: "5 High Street, London".into(),
            span: from(raw, "5 High", "1PN"),
            lines: vec!["5 High Street".into(), "London".into()],
            postcode: Some("SW1V 1PN".into()),
        }),
        ..Party::default()
    });
    l.date = Some(Date {
        text: "13 October 2020".into(),
        span: sp(raw, "13 October 2020"),
        iso: "2020-10-13".into(),
        precision: Precision::Day,
    });
    l.addressee = Some(Party {
        name: Some(Name {
            text: "Jane Doe".into(),
            span: sp(raw, "Jane Doe"),
            honorific: None,
            given: Some("Jane".into()),
            family: Some("Doe".into()),
            post_nominals: vec![],
        }),
        role: Some(text(raw, "Chief Executive")),
        ..Party::default()
    });
    l.salutation = Some(text(raw, "Dear Ms Doe"));
    l.body = vec![
        para(
            raw,
            sp(raw, "I read the Annual Report¹ with interest."),
            &[1],
        ),
        para(raw, from(raw, "Please reply", "figures."), &[]),
    ];
    l.closing = Some(Closing {
        valediction: Some(text(raw, "Yours sincerely")),
        signature: Some(text(raw, "A. Smith")),
        signatory: Some(Party {
            role: Some(Text {
                text: "Commissioner".into(),
                span: nth(raw, "Commissioner", 1),
            }),
            ..Party::default()
        }),
    });
    l.footnotes = vec![Footnote {
        number: 1,
        text: "Home Office (2019) Annual Report".into(),
        span: from(raw, "¹ Home", "Annual Report\n"),
        cited_from: vec![Citation {
            paragraph: 0,
            span: sp(raw, "¹"),
        }],
        document: Some(0),
    }];
    l.documents = vec![Document {
        title: "Annual Report".into(),
        author: Some("Home Office".into()),
        year: Some(2019),
        kind: DocumentKind::Report,
        footnote: Some(1),
        url: Some("https://example.org/report".into()),
        mentions: vec![nth(raw, "Annual Report", 0), nth(raw, "Annual Report", 1)],
    }];
    l.requests = vec![Request {
        text: "Please reply by 30 November 2020 with the figures".into(),
        span: from(raw, "Please reply", "figures"),
        kind: RequestKind::ProvideInformation,
        deadline: Some(Date {
            text: "30 November 2020".into(),
            span: sp(raw, "30 November 2020"),
            iso: "2020-11-30".into(),
            precision: Precision::Day,
        }),
    }];
    l.diagnostics = vec![Diagnostic::warning(
        "unreadable_signature",
        "the signature could not be read",
        Some(sp(raw, "A. Smith")),
    )];
    l
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn hand_built_record_is_well_formed_and_text_recoverable() {
    let l = hand_built();
    let page = show::render(LETTER, Some("letter.txt"), &l);
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), LETTER);
}

#[test]
fn every_span_of_the_record_is_highlighted_over_its_raw_text() {
    let l = hand_built();
    let page = show::render(LETTER, None, &l);
    let d = l.date.as_ref().expect("date");
    // Find the highlight whose title names the date.
    let tag = highlights(&page)
        .into_iter()
        .find(|t| attr(t, "title") == Some("date: 2020-10-13 (13 October 2020)"))
        .expect("date highlight");
    let id = attr(tag, "id").expect("first fragment has an id");
    assert_eq!(highlighted(&page, id), &LETTER[d.span.start..d.span.end]);

    let deadline = highlights(&page)
        .into_iter()
        .find(|t| attr(t, "title").is_some_and(|t| t.starts_with("requests[0].deadline:")))
        .expect("deadline highlight");
    assert_eq!(
        highlighted(&page, attr(deadline, "id").expect("id")),
        "30 November 2020"
    );
    let marker = highlights(&page)
        .into_iter()
        .find(|t| attr(t, "class") == Some("hl k-marker"))
        .expect("marker highlight");
    assert_eq!(highlighted(&page, attr(marker, "id").expect("id")), "¹");
}

#[test]
fn each_highlight_has_title_tabindex_and_a_unique_id() {
    let page = show::render(LETTER, None, &hand_built());
    let tags = highlights(&page);
    assert!(tags.len() >= 15, "only {} highlights", tags.len());
    let mut ids = Vec::new();
    for t in &tags {
        assert!(attr(t, "title").is_some_and(|v| !v.is_empty()), "{t}");
        assert_eq!(attr(t, "tabindex"), Some("0"), "{t}");
        if let Some(id) = attr(t, "id") {
            ids.push(id.to_string());
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
}

#[test]
fn card_values_link_to_highlights_that_exist() {
    let page = show::render(LETTER, None, &hand_built());
    let mut links = 0;
    for piece in page.split("href=\"#").skip(1) {
        let id = &piece[..piece.find('"').expect("end of href")];
        assert!(
            page.contains(&format!(" id=\"{id}\"")),
            "link to missing #{id}"
        );
        links += 1;
    }
    assert!(links >= 15, "only {links} links");
    // The cleaned value is the link's text.
    assert!(page.contains(">Dear Ms Doe</a>"));
    assert!(page.contains("unreadable_signature"));
    assert!(page.contains("the signature could not be read"));
}

#[test]
fn markup_in_the_letter_is_escaped() {
    let raw = "Dear <u>Sir</u> & Madam,\n<script>alert(\"x\")</script>\nO'Neil \"quoted\"\n";
    let mut l = letter_for(raw);
    l.salutation = Some(Text {
        text: "Dear Sir & Madam".into(),
        span: from(raw, "Dear", "Madam"),
    });
    l.body = vec![para(raw, from(raw, "<script>", "</script>"), &[])];
    let page = show::render(raw, Some("<evil>.txt"), &l);
    assert_well_formed(&page);
    let pane = text_pane(&page);
    assert!(
        pane.contains("&lt;u&gt;Sir&lt;/u&gt; &amp; Madam"),
        "{pane}"
    );
    assert!(pane.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"));
    assert!(!page.contains("<u>"));
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(page.contains("&lt;evil&gt;.txt"));
    assert!(!page.contains("<evil>"));
    // Titles escape quotes so attributes cannot break out.
    assert!(page.contains("title=\"salutation: Dear Sir &amp; Madam\""));
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)"));
    assert_eq!(strip(pane), raw);
}

#[test]
fn crossing_spans_are_closed_and_reopened() {
    let raw = "aaaa bbbb cccc dddd";
    let mut l = letter_for(raw);
    // Request 0..9 crosses document 5..14; the paragraph holds both; a
    // diagnostic crosses everything from 7 to the end.
    l.body = vec![para(raw, Span::new(0, 19), &[])];
    l.requests = vec![Request {
        text: "aaaa bbbb".into(),
        span: Span::new(0, 9),
        kind: RequestKind::Other,
        deadline: None,
    }];
    l.documents = vec![Document {
        title: "bbbb cccc".into(),
        author: None,
        year: None,
        kind: DocumentKind::Other,
        footnote: None,
        url: None,
        mentions: vec![Span::new(5, 14)],
    }];
    l.diagnostics = vec![Diagnostic::info("x", "y", Some(Span::new(7, 19)))];
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), raw);
    // The document is cut where the request ends: two fragments, one id.
    let doc: Vec<&str> = highlights(&page)
        .into_iter()
        .filter(|t| t.contains("k-doc"))
        .collect();
    assert_eq!(doc.len(), 2, "{doc:?}");
    assert_eq!(doc.iter().filter(|t| attr(t, "id").is_some()).count(), 1);
    assert_eq!(attr(doc[0], "data-m"), attr(doc[1], "data-m"));
}

#[test]
fn identical_and_nested_spans_nest() {
    let raw = "Independent Anti-Slavery Commissioner";
    let mut l = letter_for(raw);
    let whole = Text {
        text: raw.into(),
        span: Span::new(0, raw.len()),
    };
    l.sender = Some(Party {
        role: Some(whole.clone()),
        organisation: Some(whole.clone()),
        ..Party::default()
    });
    l.subject = Some(text(raw, "Anti-Slavery"));
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    assert_eq!(highlights(&page).len(), 3);
    assert!(text_pane(&page).starts_with("<span class=\"hl k-sender\""));
    assert!(text_pane(&page).ends_with("</span></span>"));
}

#[test]
fn spans_at_the_very_start_and_end() {
    let raw = "Dear Sir\nYours";
    let mut l = letter_for(raw);
    l.salutation = Some(text(raw, "Dear Sir"));
    l.closing = Some(Closing {
        valediction: Some(text(raw, "Yours")),
        ..Closing::default()
    });
    l.diagnostics = vec![Diagnostic::info(
        "all",
        "whole",
        Some(Span::new(0, raw.len())),
    )];
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    let pane = text_pane(&page);
    assert!(pane.starts_with("<span"), "{pane}");
    assert!(pane.ends_with("</span>"), "{pane}");
    assert_eq!(strip(pane), raw);
}

#[test]
fn multibyte_characters_at_span_edges_are_never_split() {
    let raw = "é“quoted”—¹€\u{1F600}x";
    let mut l = letter_for(raw);
    // Spans inside characters: widened to whole characters.
    l.subject = Some(Text {
        text: "quoted".into(),
        span: Span::new(1, 5), // inside 'é' .. inside '“'
    });
    l.salutation = Some(Text {
        text: "emoji".into(),
        span: Span::new(raw.len() - 3, raw.len() - 2), // inside the emoji
    });
    l.body = vec![para(raw, Span::new(0, raw.len()), &[])];
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), raw);
    let ids: Vec<String> = highlights(&page)
        .into_iter()
        .filter_map(|t| attr(t, "id").map(str::to_string))
        .collect();
    let texts: Vec<String> = ids.iter().map(|id| highlighted(&page, id)).collect();
    assert!(texts.contains(&"é“".to_string()), "{texts:?}");
    assert!(texts.contains(&"\u{1F600}".to_string()), "{texts:?}");
}

#[test]
fn empty_inverted_and_out_of_range_spans_are_ignored() {
    let raw = "short text";
    let mut l = letter_for(raw);
    l.subject = Some(Text {
        text: "empty".into(),
        span: Span::new(3, 3),
    });
    l.salutation = Some(Text {
        text: "inverted".into(),
        span: Span::new(6, 2),
    });
    l.enclosures = vec![
        Text {
            text: "beyond".into(),
            span: Span::new(50, 60),
        },
        Text {
            text: "overhanging".into(),
            span: Span::new(6, 600),
        },
    ];
    l.diagnostics = vec![Diagnostic::info("no_place", "has no span", None)];
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    assert_eq!(
        highlights(&page).len(),
        1,
        "only the overhanging one, clamped"
    );
    assert_eq!(strip(text_pane(&page)), raw);
    assert!(page.contains("3 spans empty or outside the text"));
    // Values without a place are still in the card, unlinked.
    assert!(page.contains(">inverted</span>"));
    assert!(page.contains("has no span"));
}

#[test]
fn invalid_utf8_is_shown_replaced_and_spans_index_raw_bytes() {
    // "ab" 0xFF "cd" 0xE2 0x82 (truncated) "é"
    let raw: &[u8] = b"ab\xffcd\xe2\x82\xc3\xa9";
    let mut l = letter_for("");
    l.subject = Some(Text {
        text: "cd".into(),
        span: Span::new(3, 5),
    });
    l.salutation = Some(Text {
        text: "é".into(),
        span: Span::new(7, 9),
    });
    l.enclosures = vec![Text {
        text: "inside the bad sequence".into(),
        span: Span::new(6, 7),
    }];
    let page = show::render_bytes(raw, None, &l);
    assert_well_formed(&page);
    assert_eq!(
        strip(text_pane(&page)),
        String::from_utf8_lossy(raw),
        "the lossy text"
    );
    let texts: Vec<String> = highlights(&page)
        .into_iter()
        .filter_map(|t| attr(t, "id").map(|id| highlighted(&page, id)))
        .collect();
    assert_eq!(texts, ["cd", "\u{FFFD}", "é"]);
    assert!(page.contains("not valid UTF-8: 2 bad sequences"));
}

#[test]
fn no_network_references() {
    let raw = "See https://example.org/x and <img src=\"http://evil/x.png\">.\n";
    let mut l = letter_for(raw);
    l.documents = vec![Document {
        title: "x".into(),
        author: None,
        year: None,
        kind: DocumentKind::Other,
        footnote: None,
        url: Some("https://example.org/x".into()),
        mentions: vec![sp(raw, "https://example.org/x")],
    }];
    let page = show::render(raw, None, &l);
    // Every real tag (letter text cannot make one: its '<' is escaped).
    let mut links = 0;
    let cut = |p: &str, open: &str, close: &str| -> String {
        let s = p.find(open).expect("open") + open.len();
        let e = p.find(close).expect("close");
        format!("{}{}", &p[..s], &p[e..])
    };
    let markup = cut(&cut(&page, "<style>", "</style>"), "<script>", "</script>");
    for tag in markup.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("tag end")];
        assert!(!tag.contains(" src="), "<{tag}>");
        if let Some(href) = attr(tag, "href") {
            assert!(href.starts_with('#'), "<{tag}>");
            links += 1;
        }
    }
    assert_eq!(links, 1, "the mention");
    // Nothing in the page's own style and script fetches.
    let inside = |open: &str, close: &str| -> String {
        let s = page.find(open).expect("open") + open.len();
        let e = page.find(close).expect("close");
        page[s..e].to_string()
    };
    let own = inside("<style>", "</style>") + &inside("<script>", "</script>");
    assert!(!own.contains("http"), "style or script names a URL");
    // The URL is there, as text.
    assert!(page.contains("<code class=\"url\">https://example.org/x</code>"));
    assert!(!page.contains("@import"));
    assert!(!page.contains("url("));
    assert!(!page.contains("<link"));
}

#[test]
fn empty_record_and_empty_input() {
    let page = show::render("", None, &letter_for(""));
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), "");
    let page = show::render(LETTER, None, &letterscope::parse(LETTER));
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), LETTER);
}

#[test]
fn contacts_cc_and_enclosures_are_in_the_card() {
    let raw = "Contact April at april@example.org or 020 7946 0000.\ncc: Bob Jones\nEnc: Annex A\n";
    let mut l = letter_for(raw);
    l.contacts = vec![Contact {
        name: Some(Name {
            text: "April".into(),
            span: sp(raw, "April"),
            honorific: None,
            given: Some("April".into()),
            family: None,
            post_nominals: vec![],
        }),
        role: None,
        organisation: None,
        emails: vec![Email {
            text: "april@example.org".into(),
            span: sp(raw, "april@example.org"),
            address: "april@example.org".into(),
        }],
        phones: vec![letterscope::Phone {
            text: "020 7946 0000".into(),
            span: sp(raw, "020 7946 0000"),
            e164: Some("+442079460000".into()),
        }],
        span: from(raw, "Contact", "0000."),
    }];
    l.cc = vec![Party {
        name: Some(Name {
            text: "Bob Jones".into(),
            span: sp(raw, "Bob Jones"),
            honorific: None,
            given: Some("Bob".into()),
            family: Some("Jones".into()),
            post_nominals: vec![],
        }),
        ..Party::default()
    }];
    l.enclosures = vec![text(raw, "Annex A")];
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    for t in [
        "contacts[0].emails[0]: april@example.org",
        "contacts[0].phones[0]: 020 7946 0000 (+442079460000)",
        "cc[0].name: Bob Jones",
        "enclosures[0]: Annex A",
    ] {
        assert!(page.contains(&format!("title=\"{t}\"")), "{t}");
    }
}

#[test]
fn cli_writes_the_page_and_reports_unreadable_files() {
    let exe = env!("CARGO_BIN_EXE_letterscope");
    let dir = std::env::temp_dir().join(format!("letterscope-show-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("in.txt");
    std::fs::write(&input, b"Dear <Sir>,\n\xff\n").expect("write input");

    let out = std::process::Command::new(exe)
        .arg("show")
        .arg(&input)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).expect("utf-8 page");
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), "Dear <Sir>,\n\u{FFFD}\n");

    let html = dir.join("out.html");
    let out = std::process::Command::new(exe)
        .arg("show")
        .arg(&input)
        .arg("-o")
        .arg(&html)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&html).expect("page"), page);

    let missing = dir.join("no-such-letter.txt");
    let out = std::process::Command::new(exe)
        .arg("show")
        .arg(&missing)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read") && err.contains("no-such-letter.txt"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A record whose values sit at the given spans, spread over several kinds.
fn spans_record(len: usize, spans: &[(usize, usize)]) -> Letter {
    let mut l = letter_for("");
    l.source.bytes = len;
    for (i, &(a, b)) in spans.iter().enumerate() {
        let span = Span::new(a, b);
        let t = Text {
            text: format!("value {i}"),
            span,
        };
        match i % 5 {
            0 => l.diagnostics.push(Diagnostic::info("x", "y", Some(span))),
            1 => l.body.push(Paragraph {
                text: t.text,
                span,
                label: None,
                footnote_refs: vec![],
            }),
            2 => l.requests.push(Request {
                text: t.text,
                span,
                kind: RequestKind::Other,
                deadline: None,
            }),
            3 => l.enclosures.push(t),
            _ => l.cc.push(Party {
                role: Some(t),
                ..Party::default()
            }),
        }
    }
    l
}

proptest::proptest! {
    #[test]
    fn any_spans_give_a_well_formed_page_with_the_text_intact(
        raw in "[ab é€\u{1F600}<>&\"\n\u{c}]{0,40}",
        spans in proptest::collection::vec((0usize..70, 0usize..70), 0..14),
    ) {
        let page = show::render(&raw, None, &spans_record(raw.len(), &spans));
        proptest::prop_assert!(well_formed(&page).is_ok(), "{:?}", well_formed(&page));
        proptest::prop_assert_eq!(strip(text_pane(&page)), raw);
    }

    #[test]
    fn any_bytes_give_the_lossy_text(
        raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
        spans in proptest::collection::vec((0usize..50, 0usize..50), 0..10),
    ) {
        let page = show::render_bytes(&raw, None, &spans_record(raw.len(), &spans));
        proptest::prop_assert!(well_formed(&page).is_ok(), "{:?}", well_formed(&page));
        proptest::prop_assert_eq!(strip(text_pane(&page)), String::from_utf8_lossy(&raw));
    }
}

// ---------------------------------------------------------------------------
// The real parser's records

const SEED: &str = "fixtures/seed-iasc-vru-leicestershire.txt";

/// Every span of a serialized record, with where it stands: each `span`
/// (null ones skipped), each item of `mentions`, walked generically so a
/// field added to the record is checked without changing this test.
fn record_spans(v: &serde_json::Value, path: &str, out: &mut Vec<(String, usize, usize)>) {
    let pair = |v: &serde_json::Value| -> Option<(usize, usize)> {
        let a = v.as_array()?;
        match a.as_slice() {
            [s, e] => Some((
                usize::try_from(s.as_u64()?).ok()?,
                usize::try_from(e.as_u64()?).ok()?,
            )),
            _ => None,
        }
    };
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                let here = format!("{path}.{k}");
                if k == "span" && !x.is_null() {
                    let (s, e) = pair(x).unwrap_or_else(|| panic!("{here} is not a span: {x}"));
                    out.push((here, s, e));
                } else if k == "mentions" {
                    for (i, m) in x.as_array().expect("mentions is a list").iter().enumerate() {
                        let (s, e) = pair(m).unwrap_or_else(|| panic!("{here}[{i}]: {m}"));
                        out.push((format!("{here}[{i}]"), s, e));
                    }
                } else {
                    record_spans(x, &here, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                record_spans(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Each highlight of the text pane by its `data-m`: its `data-span` and the
/// text a reader sees in it, the pieces of a split highlight joined.
fn highlight_texts(page: &str) -> std::collections::BTreeMap<String, (String, String)> {
    let mut found: std::collections::BTreeMap<String, (String, String)> = Default::default();
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut rest = text_pane(page);
    loop {
        let cut = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..cut];
        for id in stack.iter().flatten() {
            if let Some(entry) = found.get_mut(id) {
                entry.1.push_str(text);
            }
        }
        if cut == rest.len() {
            break;
        }
        let gt = rest[cut..].find('>').expect("tag end") + cut;
        let tag = &rest[cut + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('/') {
            stack.pop().expect("close without open");
        } else {
            let id = attr(tag, "data-m").map(str::to_string);
            if let Some(id) = &id {
                let span = attr(tag, "data-span").expect("data-span").to_string();
                let entry = found
                    .entry(id.clone())
                    .or_insert((span.clone(), String::new()));
                assert_eq!(entry.0, span, "pieces of {id} disagree on their span");
            }
            stack.push(id);
        }
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
    for (_, text) in found.values_mut() {
        *text = strip(text);
    }
    found
}

/// Every span of `letter` appears as exactly one highlight over its raw
/// text, and the page has no highlight the record does not give.
#[track_caller]
fn assert_every_span_highlighted(raw: &str, letter: &Letter, page: &str) -> usize {
    let json = serde_json::to_value(letter).expect("record serializes");
    let mut spans = Vec::new();
    record_spans(&json, "", &mut spans);
    let mut by_span: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (span, text) in highlight_texts(page).into_values() {
        by_span.entry(span).or_default().push(text);
    }
    for (path, s, e) in &spans {
        let want = raw
            .get(*s..*e)
            .unwrap_or_else(|| panic!("{path}: [{s}, {e}] off the text"));
        let key = format!("{s}-{e}");
        let texts = by_span
            .get_mut(&key)
            .unwrap_or_else(|| panic!("{path}: no highlight for [{s}, {e}] {want:?}"));
        let got = texts
            .pop()
            .unwrap_or_else(|| panic!("{path}: too few highlights for [{s}, {e}]"));
        assert_eq!(got, want, "{path}: highlight text");
    }
    let extra: Vec<_> = by_span.iter().filter(|(_, t)| !t.is_empty()).collect();
    assert!(
        extra.is_empty(),
        "highlights the record does not give: {extra:?}"
    );
    spans.len()
}

/// No tag loads anything: no `src`, every `href` within the page, no
/// `url(`, `@import` or `<link`.
#[track_caller]
fn assert_no_external_urls(page: &str) {
    let cut = |p: &str, open: &str, close: &str| -> String {
        let s = p.find(open).expect("open") + open.len();
        let e = p.find(close).expect("close");
        format!("{}{}", &p[..s], &p[e..])
    };
    let markup = cut(&cut(page, "<style>", "</style>"), "<script>", "</script>");
    for tag in markup.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("tag end")];
        assert!(!tag.contains(" src="), "<{tag}>");
        if let Some(href) = attr(tag, "href") {
            assert!(href.starts_with('#'), "<{tag}>");
        }
        assert!(!tag.starts_with("link"), "<{tag}>");
    }
    assert!(!page.contains("url("), "a url( in the page");
    assert!(!page.contains("@import"));
    let inside = |open: &str, close: &str| -> String {
        let s = page.find(open).expect("open") + open.len();
        let e = page.find(close).expect("close");
        page[s..e].to_string()
    };
    let own = inside("<style>", "</style>") + &inside("<script>", "</script>");
    assert!(!own.contains("http"), "style or script names a URL");
}

#[test]
fn seed_letter_every_span_of_the_record_is_highlighted_and_nothing_is_fetched() {
    let raw = std::fs::read_to_string(SEED).expect("seed letter");
    let letter = letterscope::parse(&raw);
    let page = show::render(&raw, Some(SEED), &letter);
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), raw);
    let spans = assert_every_span_highlighted(&raw, &letter, &page);
    assert_no_external_urls(&page);
    // The walk found what the record holds, not nothing: the seed's record
    // has dozens of spans (names, addresses, paragraphs, footnotes and their
    // markers, document mentions, requests, the diagnostic).
    assert!(spans > 40, "only {spans} spans");
    assert_eq!(highlight_texts(&page).len(), spans);
    let salutation = letter.salutation.as_ref().expect("salutation");
    assert!(page.contains(&format!(
        "title=\"salutation: {}\" tabindex=\"0\">",
        salutation.text
    )));
}

#[test]
fn every_fixture_every_span_is_highlighted_and_nothing_is_fetched() {
    let mut n = 0;
    for entry in std::fs::read_dir("fixtures").expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let raw = std::fs::read_to_string(&path).expect("fixture");
        let letter = letterscope::parse(&raw);
        let page = show::render(&raw, None, &letter);
        assert_well_formed(&page);
        assert_eq!(strip(text_pane(&page)), raw, "{}", path.display());
        assert_every_span_highlighted(&raw, &letter, &page);
        assert_no_external_urls(&page);
        n += 1;
    }
    assert!(n >= 8, "only {n} fixtures");
}

// ---------------------------------------------------------------------------
// Dropped pieces

#[test]
fn dropped_pieces_are_greyed_highlights_and_listed_in_the_card() {
    let raw = "Home | News | Contact\n\nDear Ann,\n\nThe plan\n- 2 -\nis late.\n\nYours,\nBen\n\nCookies: we use them.\n";
    let mut l = letter_for(raw);
    l.salutation = Some(text(raw, "Dear Ann"));
    // The page number stands inside the paragraph it interrupts.
    l.body = vec![para(raw, from(raw, "The plan", "late."), &[])];
    l.dropped = vec![
        letterscope::Dropped {
            kind: letterscope::DroppedKind::WebPage,
            span: sp(raw, "Home | News | Contact\n"),
        },
        letterscope::Dropped {
            kind: letterscope::DroppedKind::PageFurniture,
            span: sp(raw, "- 2 -\n"),
        },
        letterscope::Dropped {
            kind: letterscope::DroppedKind::WebPage,
            span: sp(raw, "Cookies: we use them.\n"),
        },
    ];
    let page = show::render(raw, None, &l);
    assert_well_formed(&page);
    assert_eq!(strip(text_pane(&page)), raw);
    assert_eq!(assert_every_span_highlighted(raw, &l, &page), 5);

    let tags = highlights(&page);
    let furniture: Vec<_> = tags
        .iter()
        .filter(|t| attr(t, "class") == Some("hl k-furniture"))
        .collect();
    assert_eq!(furniture.len(), 1, "{tags:?}");
    assert_eq!(
        attr(furniture[0], "title"),
        Some("dropped[1]: page furniture: - 2 -")
    );
    assert_eq!(
        highlighted(&page, attr(furniture[0], "id").expect("id")),
        "- 2 -\n"
    );
    let web: Vec<_> = tags
        .iter()
        .filter(|t| attr(t, "class") == Some("hl k-webpage"))
        .filter_map(|t| attr(t, "title"))
        .collect();
    assert_eq!(
        web,
        [
            "dropped[0]: web page: Home | News | Contact",
            "dropped[2]: web page: Cookies: we use them."
        ]
    );
    // Nested inside the paragraph, not splitting it.
    let pane = text_pane(&page);
    let para_at = pane.find("class=\"hl k-para").expect("paragraph");
    let furniture_at = pane.find("class=\"hl k-furniture").expect("furniture");
    assert!(para_at < furniture_at);
    // The card lists them, and the legend names the kinds.
    assert!(page.contains("<h2>Dropped <span class=\"n\">3</span></h2>"));
    assert!(page.contains(">Home | News | Contact</a>"));
    assert!(page.contains(">dropped: page furniture</span>"));
    assert!(page.contains(">dropped: web page</span>"));
    assert!(page.contains(".k-furniture{color:#868e96"));
}

#[test]
fn dropped_pieces_of_the_real_parser_are_highlighted() {
    for name in [
        "fixtures/webpage-open-letter.txt",
        "fixtures/ocr-unreadable-signature.txt",
    ] {
        let raw = std::fs::read_to_string(name).expect("fixture");
        let l = letterscope::parse(&raw);
        assert!(!l.dropped.is_empty(), "{name} drops nothing");
        let page = show::render(&raw, None, &l);
        let n = highlights(&page)
            .iter()
            .filter(|t| {
                attr(t, "title").is_some_and(|t| t.starts_with("dropped["))
                    && attr(t, "id").is_some()
            })
            .count();
        assert_eq!(n, l.dropped.len(), "{name}");
    }
}

// ---------------------------------------------------------------------------
// --batch

/// A fresh folder under the system's temp folder.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("letterscope-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn show_cmd(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_letterscope"))
        .arg("show")
        .args(args)
        .output()
        .expect("run letterscope")
}

/// The `<tr>` rows of a table body, in order.
fn rows(index: &str) -> Vec<&str> {
    let body = &index[index.find("<tbody>").expect("tbody")..];
    body.split("<tr")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").expect("row end")])
        .collect()
}

#[test]
fn batch_writes_a_page_per_letter_and_an_index_and_reports_bad_files() {
    let dir = temp_dir("batch");
    let input = dir.join("in");
    let out = dir.join("out");
    std::fs::create_dir_all(input.join("a")).expect("mkdir");
    let seed = std::fs::read(SEED).expect("seed");
    std::fs::write(input.join("a").join("b.txt"), LETTER).expect("write");
    std::fs::write(input.join("c.txt"), &seed).expect("write");
    std::fs::write(input.join("empty.txt"), b"").expect("write");
    std::fs::write(input.join("bin.txt"), b"%PDF-1.7\n\0\0\0").expect("write");
    std::fs::write(input.join("notes.md"), b"Dear Ann,\n").expect("write");
    // Would take the index's name.
    std::fs::write(input.join("index.txt"), LETTER).expect("write");

    let run = show_cmd(&[
        "--batch".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(run.stdout.is_empty());
    assert!(err.contains("bin.txt: a PDF file"), "{err}");
    assert!(err.contains("empty.txt: the file is empty"), "{err}");

    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(pages, ["a__b.html", "c.html", "index-2.html", "index.html"]);

    // Each page is the page `show FILE` writes.
    let single = show_cmd(&[input.join("c.txt").as_os_str()]);
    assert!(single.status.success());
    let page = std::fs::read(out.join("c.html")).expect("page");
    assert_eq!(page, single.stdout);

    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert_well_formed(&index);
    let rows = rows(&index);
    let files: Vec<String> = rows
        .iter()
        .map(|r| strip(&r[r.find("<td>").expect("cell") + 4..r.find("</td>").expect("cell end")]))
        .collect();
    assert_eq!(
        files,
        ["a/b.txt", "bin.txt", "c.txt", "empty.txt", "index.txt"]
    );
    assert!(
        rows[0].contains("<a href=\"a__b.html\">a/b.txt</a>"),
        "{}",
        rows[0]
    );
    assert!(rows[1].starts_with(" class=\"err\""), "{}", rows[1]);
    assert!(
        rows[1].contains("error: a PDF file, not text"),
        "{}",
        rows[1]
    );
    assert!(rows[3].contains("error: the file is empty"), "{}", rows[3]);
    assert!(
        rows[4].contains("<a href=\"index-2.html\">index.txt</a>"),
        "{}",
        rows[4]
    );
    // The seed's row: date, sender and addressee with roles, counts.
    let cells: Vec<String> = rows[2]
        .split("<td")
        .skip(1)
        .map(|c| {
            strip(&format!("<td{c}").replace("<br>", " / "))
                .trim()
                .to_string()
        })
        .collect();
    let l = letterscope::parse_bytes(&seed);
    let counts = [
        l.body.len(),
        l.footnotes.len(),
        l.documents.len(),
        l.requests.len(),
        l.diagnostics.len(),
    ]
    .map(|n| n.to_string());
    assert_eq!(
        cells,
        [
            "c.txt",
            "2020-10-13",
            "Dame Sara Thornton DBE QPM / Independent Anti-Slavery Commissioner",
            "Lord Willy Bach / Police and Crime Commissioner for Leicestershire",
            &counts[0],
            &counts[1],
            &counts[2],
            &counts[3],
            &counts[4],
        ]
        .map(str::to_string)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_of_good_letters_exits_0_and_needs_an_out_folder() {
    let dir = temp_dir("batch-ok");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("x").join("y")).expect("mkdir");
    std::fs::write(input.join("x").join("y").join("one.txt"), LETTER).expect("write");
    std::fs::write(input.join("two.txt"), LETTER).expect("write");
    let out = dir.join("deep").join("out");

    let run = show_cmd(&[
        "--batch".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stderr.is_empty());
    assert!(out.join("x__y__one.html").is_file());
    assert!(out.join("two.html").is_file());
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains("2 files · 2 shown · none failed"), "{index}");

    // --batch needs -o, and takes no FILE; a missing folder is a usage error.
    let run = show_cmd(&["--batch".as_ref(), input.as_os_str()]);
    assert_eq!(run.status.code(), Some(2));
    let run = show_cmd(&[
        "--batch".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        input.join("two.txt").as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let run = show_cmd(&[
        "--batch".as_ref(),
        dir.join("no-such-folder").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("no-such-folder: not a folder"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
