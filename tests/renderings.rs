//! One letter in the layouts extraction gives it: wrapped at a fixed width,
//! printed without blank lines. The fields a reader relies on come out the
//! same whatever the line breaks.

/// A letter written for these tests (no real office): its addressee block
/// is flattened onto one line, as PDF extraction often prints it.
const LETTER: &str = "\
Office of the Regional Water Ombudsman

Ms Priya Raman OBE

Regional Water Ombudsman 3rd Floor, Kestrel House 12 Harbour Street Bristol, BS1 4QA

14 March 2024

Mr Daniel Oduya Chief Executive of the Severnside Water Company Severnside Water Company Limited Riverside Court Quay Road Gloucester GL1 2AB

Dear Mr Oduya,

Complaint handling review

I am writing about the review of complaint handling that my office completed this winter. The review looked at a sample of complaints closed by the company during the last financial year and at the letters sent to customers.

The review found that most complaints were answered within the time the code allows, but that letters explaining decisions were often hard to follow. I would be grateful if you could set out the steps the company will take by 30 April 2024.

Yours sincerely,

Priya Raman
Regional Water Ombudsman
";

/// The letter's footnotes: number and text.
fn notes(l: &letterscope::Letter) -> Vec<(u32, &str)> {
    l.footnotes
        .iter()
        .map(|f| (f.number, f.text.as_str()))
        .collect()
}

/// `s` re-wrapped at `width` columns, breaking at spaces (as `fold -s`).
fn wrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let mut cur = String::new();
        for w in line.split(' ') {
            if !cur.is_empty() && cur.len() + 1 + w.len() > width {
                out.push_str(cur.trim_end());
                out.push('\n');
                cur.clear();
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
        out.push_str(&cur);
        out.push('\n');
    }
    out
}

#[test]
fn a_header_block_wrapped_at_a_fixed_width_is_read_as_one_block() {
    for width in [60, 72] {
        let text = wrap(LETTER, width);
        let l = letterscope::parse(&text);
        let to = l.addressee.as_ref().expect("an addressee");
        let name = to.name.as_ref().map(|n| n.text.as_str());
        assert_eq!(name, Some("Mr Daniel Oduya"), "width {width}:\n{text}");
        let role = to.role.as_ref().map(|r| r.text.as_str());
        assert_eq!(
            role,
            Some("Chief Executive of the Severnside Water Company"),
            "width {width}"
        );
        let postcode = to.address.as_ref().and_then(|a| a.postcode.as_deref());
        assert_eq!(postcode, Some("GL1 2AB"), "width {width}");
        let from = l
            .sender
            .as_ref()
            .and_then(|s| s.address.as_ref())
            .and_then(|a| a.postcode.as_deref());
        assert_eq!(from, Some("BS1 4QA"), "width {width}");
        assert_eq!(l.body.len(), 2, "width {width}");
    }
}

#[test]
fn short_header_lines_of_an_unwrapped_letter_stay_apart() {
    let text = "Regional Water Ombudsman\n3rd Floor\nKestrel House\n12 Harbour Street\nBristol\nBS1 4QA\n\n\
                14 March 2024\n\nMr Daniel Oduya\nChief Executive\nSevernside Water Company\nRiverside Court\n\
                Quay Road\nGloucester\nGL1 2AB\n\nDear Mr Oduya,\n\nThank you for your letter.\n\n\
                Yours sincerely,\n\nPriya Raman\n";
    let l = letterscope::parse(text);
    let lines = l
        .addressee
        .as_ref()
        .and_then(|a| a.address.as_ref())
        .map(|a| a.lines.clone());
    assert_eq!(
        lines,
        Some(vec![
            "Riverside Court".to_string(),
            "Quay Road".to_string(),
            "Gloucester".to_string()
        ])
    );
}

/// A paragraph that a page break cut mid-sentence, its footnotes printed
/// between the halves, in a text without blank lines and one paragraph a
/// line (the layout of many extractors).
#[test]
fn without_blank_lines_a_paragraph_resumes_after_the_footnotes_that_cut_it() {
    let long = "The review looked at a sample of complaints closed by the company \
                during the last financial year and at the letters sent to customers";
    let text = format!(
        "Dear Mr Oduya,\n\
         I am writing about the review of complaint handling that my office completed \
         this winter, following the approach set out in the sector guidance\u{b9}. {long}, and it\n\
         \u{b9} Water Ombudsman (2022) Guidance on complaint handling for water companies\n\
         compared them with the standards in the code. {long}.\n\
         I would be grateful for a reply by the end of April. {long}.\n\
         Yours sincerely,\n\
         Priya Raman\n"
    );
    let l = letterscope::parse(&text);
    let paras: Vec<&str> = l.body.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(paras.len(), 2, "{paras:#?}");
    assert!(paras[0].ends_with("and it compared them with the standards in the code. The review looked at a sample of complaints closed by the company during the last financial year and at the letters sent to customers."), "{}", paras[0]);
    assert_eq!(
        notes(&l),
        [(
            1,
            "Water Ombudsman (2022) Guidance on complaint handling for water companies"
        )]
    );
}

/// A footnote wrapped onto a second line is one footnote: the rule above
/// needs a paragraph left open before the notes.
#[test]
fn a_wrapped_footnote_after_a_finished_paragraph_keeps_its_second_line() {
    let text = "Dear Mr Oduya,\n\n\
                I am writing about the review of complaint handling\u{b9}.\n\n\
                \u{b9} Water Ombudsman (2022) Guidance on\n\
                complaint handling for water companies\n\n\
                I would be grateful for a reply.\n\n\
                Yours sincerely,\n\nPriya Raman\n";
    let l = letterscope::parse(text);
    assert_eq!(
        notes(&l),
        [(
            1,
            "Water Ombudsman (2022) Guidance on complaint handling for water companies"
        )]
    );
}

/// A letter flattened onto one line, footnotes strung after the signature,
/// then wrapped again at a fixed width: the notes are found across the
/// line breaks, their text rejoined with spaces.
#[test]
fn footnotes_strung_after_the_signature_are_found_when_wrapped_again() {
    let long = "The review looked at a sample of complaints closed by the company \
                during the last financial year and at the letters sent to customers.";
    let flat = format!(
        "Regional Water Ombudsman 12 Harbour Street Bristol BS1 4QA 14 March 2024 \
         Mr Daniel Oduya Severnside Water Company Quay Road Gloucester GL1 2AB \
         Dear Mr Oduya, I am writing about the review of complaint handling that my \
         office completed this winter, following the sector guidance.1 {long} {long} \
         I would be grateful for a reply by 30 April 2024, as set out in the code.2 {long} \
         Yours sincerely, Priya Raman Regional Water Ombudsman \
         1 Water Ombudsman (2022) Guidance on complaint handling for water companies, \
         second edition, London \
         2 Water Ombudsman (2023) Code of practice on complaint handling and redress, \
         laid before Parliament in March 2023"
    );
    let text = wrap(&flat, 60);
    let l = letterscope::parse(&text);
    // The signature wrapped across lines is read as one.
    let who = l.closing.as_ref().and_then(|c| c.signatory.as_ref());
    let name = who.and_then(|p| p.name.as_ref()).map(|n| n.text.as_str());
    let role = who.and_then(|p| p.role.as_ref()).map(|r| r.text.as_str());
    assert_eq!(name, Some("Priya Raman"), "{text}");
    assert_eq!(role, Some("Regional Water Ombudsman"));
    assert_eq!(
        notes(&l),
        [
            (
                1,
                "Water Ombudsman (2022) Guidance on complaint handling for water companies, \
                 second edition, London"
            ),
            (
                2,
                "Water Ombudsman (2023) Code of practice on complaint handling and redress, \
                 laid before Parliament in March 2023"
            )
        ],
        "{text}"
    );
}
