//! `letterscope show`: one self-contained HTML page that lays the record over
//! the letter it came from.
//!
//! The raw text stands on the left exactly as given, every span of the record
//! highlighted and coloured by kind; the record stands on the right as a card
//! whose values link to their spans. The page needs no network and works
//! without JavaScript (titles carry the values, links jump to the spans); the
//! small inline script only adds smooth scrolling and a flash.
//!
//! Spans index the raw bytes. The text is cut into atoms (one character, or
//! one invalid UTF-8 sequence shown as U+FFFD, as `String::from_utf8_lossy`
//! does), span edges are widened to atom edges, and the markup is built by a
//! sweep over start and end events with a stack of open elements, so spans
//! that nest or cross always give well-formed HTML.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use letterscope::{
    Closing, Contact, Date, Document, DocumentKind, Dropped, DroppedKind, Email, Letter, Level,
    Name, Party, Phone, Precision, Request, RequestKind, Span, Text,
};

/// Reads `path` as bytes, parses it and writes the page to `out`, or to
/// standard output when `out` is `None`.
///
/// The error names the file that could not be read or written.
pub fn run(path: &Path, out: Option<&Path>) -> Result<(), String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read {}: {}", path.display(), e))?;
    let mut letter = letterscope::parse_bytes(&bytes);
    let name = path.display().to_string();
    if letter.source.name.is_none() {
        letter.source.name = Some(name.clone());
    }
    let html = match std::str::from_utf8(&bytes) {
        Ok(text) => render(text, Some(&name), &letter),
        Err(_) => render_bytes(&bytes, Some(&name), &letter),
    };
    match out {
        Some(o) => {
            std::fs::write(o, html).map_err(|e| format!("cannot write {}: {}", o.display(), e))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(html.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(()),
                // `letterscope show x | head` is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(format!("cannot write to standard output: {e}")),
            }
        }
    }
}

/// `letterscope show --batch DIR -o OUTDIR`: one page per `*.txt` file
/// under `dir` (recursively, in path order) and an `index.html` with a row
/// per file linking to its page.
///
/// A file that cannot be read or cannot be a letter gets a row with its
/// error and a line on standard error, no page, and never stops the batch.
/// Returns whether every file gave a page; the error is for a batch that
/// could not run at all (no such folder, index not writable).
pub fn run_batch(dir: &Path, out: &Path) -> Result<bool, String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {}", out.display(), e))?;
    let mut found = Vec::new();
    walk(dir, &std::path::PathBuf::new(), &mut found);
    found.sort_by(|a, b| a.rel.cmp(&b.rel));

    let mut names = PageNames::default();
    let mut rows = Vec::with_capacity(found.len());
    for f in found {
        let name = dir.join(&f.rel).display().to_string();
        let result = f.listed.and_then(|()| {
            let path = dir.join(&f.rel);
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read the file: {e}"))?;
            letterscope::check_bytes(&bytes).map_err(|e| e.to_string())?;
            let mut letter = letterscope::parse_bytes(&bytes);
            if letter.source.name.is_none() {
                letter.source.name = Some(name.clone());
            }
            let html = render_bytes(&bytes, Some(&name), &letter);
            let page = names.next(&f.rel);
            let target = out.join(&page);
            std::fs::write(&target, html)
                .map_err(|e| format!("cannot write {}: {}", target.display(), e))?;
            Ok((page, letter))
        });
        if let Err(message) = &result {
            eprintln!("letterscope: {name}: {message}");
        }
        rows.push(Row {
            rel: f.rel.display().to_string(),
            result,
        });
    }
    let failed = rows.iter().filter(|r| r.result.is_err()).count();
    let index = out.join("index.html");
    std::fs::write(&index, index_html(&dir.display().to_string(), &rows))
        .map_err(|e| format!("cannot write {}: {}", index.display(), e))?;
    Ok(failed == 0)
}

/// A file found by [`walk`], or a folder that could not be listed.
struct Found {
    /// The path below the batch folder.
    rel: std::path::PathBuf,
    /// Why the entry could not be listed, when it could not.
    listed: Result<(), String>,
}

/// Collects every `*.txt` file below `dir.join(rel)`. Symbolic links to
/// files are taken; links to folders are not followed (no cycles).
fn walk(dir: &Path, rel: &Path, found: &mut Vec<Found>) {
    let here = dir.join(rel);
    let entries = match std::fs::read_dir(&here) {
        Ok(e) => e,
        Err(e) => {
            found.push(Found {
                rel: rel.to_path_buf(),
                listed: Err(format!("cannot list the folder: {e}")),
            });
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.push(Found {
                    rel: rel.to_path_buf(),
                    listed: Err(format!("cannot list the folder: {e}")),
                });
                continue;
            }
        };
        let sub = rel.join(entry.file_name());
        let Ok(kind) = entry.file_type() else {
            found.push(Found {
                rel: sub,
                listed: Err("cannot tell what kind of entry it is".to_string()),
            });
            continue;
        };
        if kind.is_dir() {
            walk(dir, &sub, found);
        } else if entry.file_name().to_string_lossy().ends_with(".txt")
            && (kind.is_file() || (kind.is_symlink() && entry.path().is_file()))
        {
            found.push(Found {
                rel: sub,
                listed: Ok(()),
            });
        }
    }
}

/// Page file names: the path below the batch folder with separators as
/// `__` and `.txt` as `.html`, made unique (and never `index.html`).
#[derive(Default)]
struct PageNames {
    /// Lower-cased names taken, for file systems that ignore case.
    taken: std::collections::HashSet<String>,
}

impl PageNames {
    fn next(&mut self, rel: &Path) -> String {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let joined = parts.join("__");
        let stem = joined.strip_suffix(".txt").unwrap_or(&joined);
        let stem = if stem.is_empty() { "letter" } else { stem };
        let mut name = format!("{stem}.html");
        let mut n = 1;
        while name.eq_ignore_ascii_case("index.html") || !self.taken.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{stem}-{n}.html");
        }
        name
    }
}

/// One row of the index: the page and the letter, or why there is none.
struct Row {
    rel: String,
    result: Result<(String, Letter), String>,
}

/// A page name as a relative URL: every byte but unreserved ones escaped.
fn href(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A party as one cell: name, then role (or organisation when neither).
fn party_cell(p: Option<&Party>) -> String {
    let Some(p) = p else {
        return "<span class=\"none\">—</span>".to_string();
    };
    let mut parts = Vec::new();
    if let Some(n) = &p.name {
        parts.push(format!("<b>{}</b>", esc(&n.text)));
    }
    if let Some(r) = &p.role {
        parts.push(format!("<span class=\"sub\">{}</span>", esc(&r.text)));
    }
    if parts.is_empty() {
        if let Some(o) = &p.organisation {
            parts.push(format!("<span class=\"sub\">{}</span>", esc(&o.text)));
        }
    }
    if parts.is_empty() {
        return "<span class=\"none\">—</span>".to_string();
    }
    parts.join("<br>")
}

/// The batch's index page.
fn index_html(dir: &str, rows: &[Row]) -> String {
    let failed = rows.iter().filter(|r| r.result.is_err()).count();
    let mut page = String::with_capacity(rows.len() * 600 + 4096);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(page, "<title>{} · letterscope</title>", esc(dir));
    page.push_str("<style>\n");
    page.push_str(INDEX_CSS);
    page.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(page, "<h1>{}</h1>", esc(dir));
    let _ = writeln!(
        page,
        "<p class=\"meta\">{} file{} · {} shown · {}</p>",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        rows.len() - failed,
        if failed == 0 {
            "none failed".to_string()
        } else {
            format!("<span class=\"warn\">{failed} failed</span>")
        }
    );
    page.push_str(
        "<table>\n<thead><tr><th>file</th><th>date</th><th>sender</th><th>addressee</th>",
    );
    page.push_str("<th class=\"n\" title=\"body paragraphs\">paragraphs</th><th class=\"n\">footnotes</th><th class=\"n\">documents</th><th class=\"n\">requests</th><th class=\"n\">diagnostics</th></tr></thead>\n<tbody>\n");
    for r in rows {
        match &r.result {
            Ok((name, l)) => {
                let date = match &l.date {
                    Some(d) => format!("<span title=\"{}\">{}</span>", esc(&d.text), esc(&d.iso)),
                    None => "<span class=\"none\">—</span>".to_string(),
                };
                let warnings = l
                    .diagnostics
                    .iter()
                    .filter(|d| d.level == Level::Warning)
                    .count();
                let codes: Vec<&str> = l.diagnostics.iter().map(|d| d.code.as_str()).collect();
                let _ = writeln!(
                    page,
                    "<tr><td><a href=\"{}\">{}</a></td><td class=\"d\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n{}\" title=\"{}\">{}</td></tr>",
                    esc(&href(name)),
                    esc(&r.rel),
                    date,
                    party_cell(l.sender.as_ref()),
                    party_cell(l.addressee.as_ref()),
                    l.body.len(),
                    l.footnotes.len(),
                    l.documents.len(),
                    l.requests.len(),
                    if warnings > 0 { " warn" } else { "" },
                    esc(&codes.join(", ")),
                    l.diagnostics.len()
                );
            }
            Err(message) => {
                let _ = writeln!(
                    page,
                    "<tr class=\"err\"><td>{}</td><td colspan=\"8\">error: {}</td></tr>",
                    esc(&r.rel),
                    esc(message)
                );
            }
        }
    }
    page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    page
}

const INDEX_CSS: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#fafaf7;margin:1rem 1.4rem}
h1{font-size:1.1rem;margin:0 0 .2rem;word-break:break-all}
.meta{color:#555;margin:0 0 .8rem}
.warn{color:#b02a00;font-weight:600}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #e2e2e2;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f1f3f5;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#555}
td.n,th.n{text-align:right}
td.n.warn{font-weight:600}
td.d{white-space:nowrap}
td:first-child{overflow-wrap:anywhere;max-width:22rem}
tr.err td{background:#fff5f5;color:#b02a00}
.sub{color:#666;font-size:.85rem}
.none{color:#999}
a{color:#1c5fb8}
"#;

/// The page for `letter`, parsed from `raw`; `name` titles it.
pub fn render(raw: &str, name: Option<&str>, letter: &Letter) -> String {
    render_bytes(raw.as_bytes(), name, letter)
}

/// The page for `letter`, parsed from bytes that may not be valid UTF-8.
///
/// Each invalid sequence is shown as U+FFFD (as `String::from_utf8_lossy`
/// shows it); spans still index the raw bytes.
pub fn render_bytes(raw: &[u8], name: Option<&str>, letter: &Letter) -> String {
    let atoms = Atoms::new(raw);
    let mut marks = Marks {
        atoms: &atoms,
        raw,
        list: Vec::new(),
        unplaced: 0,
        para: 0,
    };
    let card = card(letter, &mut marks);
    marks.share_titles();
    let text = text_html(raw, &atoms, &marks.list);

    let title = name.unwrap_or("letter");
    let mut page = String::with_capacity(raw.len() * 3 + card.len() + 16_384);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(page, "<title>{} · letterscope</title>", esc(title));
    page.push_str("<style>\n");
    page.push_str(CSS);
    for k in Kind::ALL {
        let _ = writeln!(
            page,
            ".k-{c}{{{s}}} body.off-{c} .hl.k-{c}{{background:none;border-color:transparent;text-decoration:none;color:inherit;font-weight:inherit}}",
            c = k.class(),
            s = k.style()
        );
    }
    page.push_str("</style>\n</head>\n<body>\n<header>\n");
    let _ = write!(page, "<h1>{}</h1>\n<p class=\"meta\">", esc(title));
    let _ = write!(
        page,
        "{} bytes · {} highlighted span{}",
        raw.len(),
        marks.list.len(),
        if marks.list.len() == 1 { "" } else { "s" }
    );
    if marks.unplaced > 0 {
        let _ = write!(
            page,
            " · <span class=\"warn\">{} span{} empty or outside the text, not shown</span>",
            marks.unplaced,
            if marks.unplaced == 1 { "" } else { "s" }
        );
    }
    if atoms.invalid > 0 {
        let _ = write!(
            page,
            " · <span class=\"warn\">not valid UTF-8: {} bad sequence{} shown as \u{FFFD}</span>",
            atoms.invalid,
            if atoms.invalid == 1 { "" } else { "s" }
        );
    }
    page.push_str("</p>\n<ul class=\"legend\" aria-label=\"Legend (click to hide a kind)\">\n");
    for k in Kind::ALL {
        let _ = writeln!(
            page,
            "<li><button type=\"button\" aria-pressed=\"false\" data-kind=\"{c}\" title=\"Show or hide {n}\"><span class=\"sw k-{c}\">{n}</span></button></li>",
            c = k.class(),
            n = k.name()
        );
    }
    page.push_str("</ul>\n</header>\n<main>\n<section class=\"text\" aria-label=\"Letter text\"><div class=\"raw\">");
    page.push_str(&text);
    page.push_str("</div></section>\n<section class=\"card\" aria-label=\"Record\">\n");
    page.push_str(&card);
    page.push_str("</section>\n</main>\n<script>\n");
    page.push_str(JS);
    page.push_str("</script>\n</body>\n</html>\n");
    page
}

/// What a highlight shows; each kind has its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sender,
    Addressee,
    Date,
    Reference,
    Subject,
    Salutation,
    Paragraph,
    Footnote,
    Marker,
    Document,
    Request,
    Deadline,
    Contact,
    Closing,
    Signatory,
    Cc,
    Enclosure,
    Diagnostic,
    Furniture,
    WebPage,
}

impl Kind {
    const ALL: [Kind; 20] = [
        Kind::Sender,
        Kind::Addressee,
        Kind::Date,
        Kind::Reference,
        Kind::Subject,
        Kind::Salutation,
        Kind::Paragraph,
        Kind::Footnote,
        Kind::Marker,
        Kind::Document,
        Kind::Request,
        Kind::Deadline,
        Kind::Contact,
        Kind::Closing,
        Kind::Signatory,
        Kind::Cc,
        Kind::Enclosure,
        Kind::Diagnostic,
        Kind::Furniture,
        Kind::WebPage,
    ];

    fn class(self) -> &'static str {
        match self {
            Kind::Sender => "sender",
            Kind::Addressee => "addressee",
            Kind::Date => "date",
            Kind::Reference => "ref",
            Kind::Subject => "subject",
            Kind::Salutation => "salutation",
            Kind::Paragraph => "para",
            Kind::Footnote => "footnote",
            Kind::Marker => "marker",
            Kind::Document => "doc",
            Kind::Request => "request",
            Kind::Deadline => "deadline",
            Kind::Contact => "contact",
            Kind::Closing => "closing",
            Kind::Signatory => "signatory",
            Kind::Cc => "cc",
            Kind::Enclosure => "enclosure",
            Kind::Diagnostic => "diag",
            Kind::Furniture => "furniture",
            Kind::WebPage => "webpage",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Sender => "sender",
            Kind::Addressee => "addressee",
            Kind::Date => "date",
            Kind::Reference => "references",
            Kind::Subject => "subject",
            Kind::Salutation => "salutation",
            Kind::Paragraph => "body paragraph",
            Kind::Footnote => "footnote",
            Kind::Marker => "footnote marker",
            Kind::Document => "document mention",
            Kind::Request => "request",
            Kind::Deadline => "deadline",
            Kind::Contact => "contact",
            Kind::Closing => "valediction, signature",
            Kind::Signatory => "signatory",
            Kind::Cc => "cc",
            Kind::Enclosure => "enclosure",
            Kind::Diagnostic => "diagnostic",
            Kind::Furniture => "dropped: page furniture",
            Kind::WebPage => "dropped: web page",
        }
    }

    /// CSS declarations. Backgrounds for things that stand alone or nest
    /// innermost; lines for things that stand over other highlights
    /// (documents, diagnostics) so both stay visible.
    fn style(self) -> &'static str {
        match self {
            Kind::Sender => "background:#cfe3ff",
            Kind::Addressee => "background:#ffd6ea",
            Kind::Date => "background:#fff07a",
            Kind::Reference => "background:#dcd8ff",
            Kind::Subject => "background:#e6c8ff",
            Kind::Salutation => "background:#ffd9b0",
            Kind::Paragraph => "background:#eef4ea",
            Kind::Footnote => "background:#e4e4e4",
            Kind::Marker => "background:#d9480f;color:#fff;font-weight:700;padding:0 .15em",
            Kind::Document => "border-bottom:3px solid #2b8a3e;background:#d3f9d8",
            Kind::Request => "background:#ffc9c9",
            Kind::Deadline => "background:#ff8787;font-weight:700",
            Kind::Contact => "background:#b2f2e5",
            Kind::Closing => "background:#f3d9fa",
            Kind::Signatory => "background:#d0bfff",
            Kind::Cc => "background:#c5f6fa",
            Kind::Enclosure => "background:#ffe8a1",
            Kind::Diagnostic => {
                "text-decoration:underline wavy #e03131;text-decoration-skip-ink:none;text-underline-offset:3px"
            }
            // Greyed and struck through: text the record leaves out on purpose.
            Kind::Furniture => {
                "color:#868e96;background:#f1f3f5;text-decoration:line-through;text-decoration-color:#adb5bd"
            }
            Kind::WebPage => {
                "color:#868e96;background:#f8f9fa;text-decoration:line-through dotted;text-decoration-color:#adb5bd"
            }
        }
    }
}

/// The atom edges of the raw input: characters, and invalid UTF-8
/// sequences taken whole.
struct Atoms {
    /// `edge[i]` is true when a span may start or end at byte `i`.
    edge: Vec<bool>,
    /// Number of invalid sequences.
    invalid: usize,
}

impl Atoms {
    fn new(raw: &[u8]) -> Atoms {
        let mut edge = vec![false; raw.len() + 1];
        let mut invalid = 0;
        let mut base = 0;
        for chunk in raw.utf8_chunks() {
            for (i, _) in chunk.valid().char_indices() {
                edge[base + i] = true;
            }
            base += chunk.valid().len();
            if !chunk.invalid().is_empty() {
                edge[base] = true;
                invalid += 1;
                base += chunk.invalid().len();
            }
        }
        edge[raw.len()] = true;
        Atoms { edge, invalid }
    }

    fn len(&self) -> usize {
        self.edge.len() - 1
    }

    /// The span clamped to the input and widened to atom edges, or `None`
    /// when nothing is left of it.
    fn snap(&self, span: Span) -> Option<(usize, usize)> {
        let len = self.len();
        let mut start = span.start.min(len);
        let mut end = span.end.min(len);
        if start >= end {
            return None;
        }
        while !self.edge[start] {
            start -= 1;
        }
        while !self.edge[end] {
            end += 1;
        }
        Some((start, end))
    }
}

/// One highlight.
struct Mark {
    id: usize,
    kind: Kind,
    /// Every paragraph other highlight gets a second tint, so that
    /// neighbouring paragraphs stay apart.
    alt: bool,
    /// Field path and value, for the `title`.
    title: String,
    /// The span as the record gives it (`start..end` is it snapped).
    span: Span,
    start: usize,
    end: usize,
}

struct Marks<'a> {
    atoms: &'a Atoms,
    /// The input, for values that are raw text (dropped pieces).
    raw: &'a [u8],
    list: Vec<Mark>,
    /// Spans that were empty or outside the text.
    unplaced: usize,
    para: usize,
}

impl Marks<'_> {
    /// Records a highlight; its id when it has a place in the text.
    fn add(&mut self, kind: Kind, field: &str, value: &str, span: Span) -> Option<usize> {
        let Some((start, end)) = self.atoms.snap(span) else {
            self.unplaced += 1;
            return None;
        };
        let id = self.list.len();
        let alt = kind == Kind::Paragraph && {
            self.para += 1;
            self.para % 2 == 0
        };
        self.list.push(Mark {
            id,
            kind,
            alt,
            title: format!("{}: {}", field, abbrev(value, 300)),
            span,
            start,
            end,
        });
        Some(id)
    }
}

impl Marks<'_> {
    /// Highlights over the very same bytes hide each other's colour, so each
    /// names them all in its title, its own field first.
    fn share_titles(&mut self) {
        let mut order: Vec<usize> = (0..self.list.len()).collect();
        order.sort_by_key(|&i| (self.list[i].start, self.list[i].end, i));
        let key: Vec<(usize, usize)> = self.list.iter().map(|m| (m.start, m.end)).collect();
        for group in order.chunk_by(|&a, &b| key[a] == key[b]) {
            if group.len() < 2 {
                continue;
            }
            let titles: Vec<String> = group.iter().map(|&i| self.list[i].title.clone()).collect();
            for (k, &i) in group.iter().enumerate() {
                let mut t = titles[k].clone();
                for (j, other) in titles.iter().enumerate() {
                    if j != k {
                        t.push('\n');
                        t.push_str(other);
                    }
                }
                self.list[i].title = t;
            }
        }
    }
}

/// The letter text with the highlights laid over it.
fn text_html(raw: &[u8], atoms: &Atoms, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(raw.len() * 2 + marks.len() * 120);
    // Outer first: earlier start, then longer, then record order.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| (marks[i].start, std::cmp::Reverse(marks[i].end), marks[i].id));
    let mut events: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    events.push(raw.len());
    events.sort_unstable();
    events.dedup();

    let mut opened = vec![false; marks.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut pos = 0;
    for &at in &events {
        push_text(&mut out, raw, atoms, pos, at);
        pos = at;
        // Close every element down to the deepest one ending here, then
        // reopen those that go on: crossing spans become fragments.
        if let Some(deepest) = stack.iter().position(|&i| marks[i].end <= at) {
            let mut reopen = Vec::new();
            while stack.len() > deepest {
                if let Some(i) = stack.pop() {
                    out.push_str("</span>");
                    if marks[i].end > at {
                        reopen.push(i);
                    }
                }
            }
            for &i in reopen.iter().rev() {
                open(&mut out, &marks[i], &mut opened[i]);
                stack.push(i);
            }
        }
        while next < order.len() && marks[order[next]].start == at {
            let i = order[next];
            open(&mut out, &marks[i], &mut opened[i]);
            stack.push(i);
            next += 1;
        }
    }
    for _ in stack {
        out.push_str("</span>");
    }
    out
}

fn open(out: &mut String, m: &Mark, opened: &mut bool) {
    let _ = write!(
        out,
        "<span class=\"hl k-{}{}\" data-m=\"{}\" data-span=\"{}-{}\"",
        m.kind.class(),
        if m.alt { " alt" } else { "" },
        m.id,
        m.span.start,
        m.span.end
    );
    if !*opened {
        // The first fragment carries the id that links point to.
        let _ = write!(out, " id=\"m{}\"", m.id);
        *opened = true;
    }
    let _ = write!(out, " title=\"{}\" tabindex=\"0\">", esc(&m.title));
}

/// Escapes raw bytes `start..end` (both atom edges) into `out`.
fn push_text(out: &mut String, raw: &[u8], atoms: &Atoms, start: usize, end: usize) {
    if start >= end || end > atoms.len() {
        return;
    }
    for chunk in raw[start..end].utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                // A form feed is a page break in extracted text: kept, and shown.
                '\u{c}' => {
                    out.push_str("<span class=\"pb\" title=\"page break (form feed)\">\u{c}</span>")
                }
                c => out.push(c),
            }
        }
        let bad = chunk.invalid();
        if !bad.is_empty() {
            out.push_str("<span class=\"bad\" title=\"invalid UTF-8:");
            for b in bad {
                let _ = write!(out, " {b:02X}");
            }
            out.push_str("\">\u{FFFD}</span>");
        }
    }
}

/// Text escaped for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn abbrev(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

// ---------------------------------------------------------------------------
// The card

/// Builds the record card, recording a highlight for every spanned value.
fn card(l: &Letter, m: &mut Marks) -> String {
    let mut c = Card {
        out: String::new(),
        m,
    };
    c.party_section("Sender", "sender", Kind::Sender, l.sender.as_ref());

    c.open_section("Date");
    c.date_row("date", "date", Kind::Date, l.date.as_ref());
    c.close_section();

    c.party_section(
        "Addressee",
        "addressee",
        Kind::Addressee,
        l.addressee.as_ref(),
    );

    c.open_section("References and subject");
    c.text_row(
        "ours",
        "references.ours",
        Kind::Reference,
        l.references.ours.as_ref(),
    );
    c.text_row(
        "yours",
        "references.yours",
        Kind::Reference,
        l.references.yours.as_ref(),
    );
    c.text_row("subject", "subject", Kind::Subject, l.subject.as_ref());
    c.text_row(
        "salutation",
        "salutation",
        Kind::Salutation,
        l.salutation.as_ref(),
    );
    c.close_section();

    c.body(l);
    c.closing(l.closing.as_ref());
    c.footnotes(l);
    c.documents(&l.documents);
    c.requests(&l.requests);
    c.contacts(&l.contacts);

    c.list_heading("Cc", l.cc.len());
    for (i, p) in l.cc.iter().enumerate() {
        c.out.push_str("<div class=\"item\">");
        c.party_rows(&format!("cc[{i}]"), Kind::Cc, p);
        c.out.push_str("</div>");
    }
    c.close_section();

    c.list_heading("Enclosures", l.enclosures.len());
    c.out.push_str("<ul>");
    for (i, t) in l.enclosures.iter().enumerate() {
        c.out.push_str("<li>");
        c.link(
            Kind::Enclosure,
            &format!("enclosures[{i}]"),
            &t.text,
            Some(t.span),
            &t.text,
        );
        c.out.push_str("</li>");
    }
    c.out.push_str("</ul>");
    c.close_section();

    c.dropped(&l.dropped);
    c.diagnostics(l);
    let _ = write!(
        c.out,
        "<p class=\"foot\">{} · source {} · {} bytes</p>",
        esc(&l.schema),
        esc(l.source.name.as_deref().unwrap_or("(string)")),
        l.source.bytes
    );
    c.out
}

struct Card<'m, 'a> {
    out: String,
    m: &'m mut Marks<'a>,
}

impl Card<'_, '_> {
    fn open_section(&mut self, title: &str) {
        let _ = write!(self.out, "<section><h2>{}</h2>\n<dl>", esc(title));
    }

    fn close_section(&mut self) {
        self.out.push_str("</dl></section>\n");
    }

    fn list_heading(&mut self, title: &str, n: usize) {
        let _ = write!(
            self.out,
            "<section><h2>{} <span class=\"n\">{}</span></h2>\n<dl>",
            esc(title),
            n
        );
        if n == 0 {
            self.out.push_str("<p class=\"none\">none</p>");
        }
    }

    /// A value linked to its highlight (or plain, with a note, when it has
    /// no place in the text). `shown` is what the card prints.
    fn link(&mut self, kind: Kind, field: &str, value: &str, span: Option<Span>, shown: &str) {
        let id = span.and_then(|s| self.m.add(kind, field, value, s));
        match id {
            Some(id) => {
                let _ = write!(
                    self.out,
                    "<a class=\"v k-{k}\" id=\"c{id}\" href=\"#m{id}\" data-m=\"{id}\" title=\"{f}\">{s}</a>",
                    k = kind.class(),
                    f = esc(field),
                    s = esc(shown)
                );
            }
            None => {
                let why = if span.is_some() {
                    "span empty or outside the text"
                } else {
                    "no place in the text"
                };
                let _ = write!(
                    self.out,
                    "<span class=\"v nospan\" title=\"{}: {}\">{}</span>",
                    esc(field),
                    why,
                    esc(shown)
                );
            }
        }
    }

    fn row_start(&mut self, label: &str) {
        let _ = write!(self.out, "<dt>{}</dt><dd>", esc(label));
    }

    fn none(&mut self) {
        self.out.push_str("<span class=\"none\">—</span>");
    }

    fn text_row(&mut self, label: &str, field: &str, kind: Kind, t: Option<&Text>) {
        self.row_start(label);
        match t {
            Some(t) => self.link(kind, field, &t.text, Some(t.span), &t.text),
            None => self.none(),
        }
        self.out.push_str("</dd>");
    }

    fn date_row(&mut self, label: &str, field: &str, kind: Kind, d: Option<&Date>) {
        self.row_start(label);
        match d {
            Some(d) => {
                let value = format!("{} ({})", d.iso, d.text);
                self.link(kind, field, &value, Some(d.span), &d.text);
                let _ = write!(
                    self.out,
                    " <span class=\"sub\">{} · {}</span>",
                    esc(&d.iso),
                    precision(d.precision)
                );
            }
            None => self.none(),
        }
        self.out.push_str("</dd>");
    }

    fn name_row(&mut self, field: &str, kind: Kind, n: Option<&Name>) {
        self.row_start("name");
        match n {
            Some(n) => {
                self.link(kind, field, &n.text, Some(n.span), &n.text);
                let mut parts = Vec::new();
                if let Some(h) = &n.honorific {
                    parts.push(format!("honorific {h}"));
                }
                if let Some(g) = &n.given {
                    parts.push(format!("given {g}"));
                }
                if let Some(f) = &n.family {
                    parts.push(format!("family {f}"));
                }
                if !n.post_nominals.is_empty() {
                    parts.push(n.post_nominals.join(", "));
                }
                if !parts.is_empty() {
                    let _ = write!(
                        self.out,
                        "<br><span class=\"sub\">{}</span>",
                        esc(&parts.join(" · "))
                    );
                }
            }
            None => self.none(),
        }
        self.out.push_str("</dd>");
    }

    fn phones_emails(&mut self, field: &str, kind: Kind, phones: &[Phone], emails: &[Email]) {
        if !phones.is_empty() {
            self.row_start("phones");
            for (i, p) in phones.iter().enumerate() {
                let value = match &p.e164 {
                    Some(e) => format!("{} ({})", p.text, e),
                    None => p.text.clone(),
                };
                self.link(
                    kind,
                    &format!("{field}.phones[{i}]"),
                    &value,
                    Some(p.span),
                    &p.text,
                );
                if let Some(e) = &p.e164 {
                    let _ = write!(self.out, " <span class=\"sub\">{}</span>", esc(e));
                }
                self.out.push_str("<br>");
            }
            self.out.push_str("</dd>");
        }
        if !emails.is_empty() {
            self.row_start("emails");
            for (i, e) in emails.iter().enumerate() {
                self.link(
                    kind,
                    &format!("{field}.emails[{i}]"),
                    &e.address,
                    Some(e.span),
                    &e.address,
                );
                self.out.push_str("<br>");
            }
            self.out.push_str("</dd>");
        }
    }

    fn party_rows(&mut self, field: &str, kind: Kind, p: &Party) {
        self.name_row(&format!("{field}.name"), kind, p.name.as_ref());
        self.text_row("role", &format!("{field}.role"), kind, p.role.as_ref());
        self.text_row(
            "organisation",
            &format!("{field}.organisation"),
            kind,
            p.organisation.as_ref(),
        );
        self.row_start("address");
        match &p.address {
            Some(a) => {
                let shown = if a.text.is_empty() {
                    "(address)"
                } else {
                    &a.text
                };
                let value = match &a.postcode {
                    Some(pc) => format!("{}, {}", a.text, pc),
                    None => a.text.clone(),
                };
                self.link(
                    kind,
                    &format!("{field}.address"),
                    &value,
                    Some(a.span),
                    shown,
                );
                if let Some(pc) = &a.postcode {
                    let _ = write!(
                        self.out,
                        "<br><span class=\"sub\">postcode {}</span>",
                        esc(pc)
                    );
                }
            }
            None => self.none(),
        }
        self.out.push_str("</dd>");
        self.phones_emails(field, kind, &p.phones, &p.emails);
    }

    fn party_section(&mut self, title: &str, field: &str, kind: Kind, p: Option<&Party>) {
        self.open_section(title);
        match p {
            Some(p) => self.party_rows(field, kind, p),
            None => self.out.push_str("<p class=\"none\">none</p>"),
        }
        self.close_section();
    }

    fn body(&mut self, l: &Letter) {
        self.list_heading("Body", l.body.len());
        self.out.push_str("<ol class=\"paras\">");
        for (i, p) in l.body.iter().enumerate() {
            self.out.push_str("<li>");
            let _ = write!(self.out, "<span class=\"idx\">¶{i}</span> ");
            if let Some(label) = &p.label {
                let _ = write!(self.out, "<span class=\"label\">{}</span> ", esc(label));
            }
            let shown = abbrev(&p.text, 110);
            self.link(
                Kind::Paragraph,
                &format!("body[{i}]"),
                &p.text,
                Some(p.span),
                &shown,
            );
            if !p.footnote_refs.is_empty() {
                let refs: Vec<String> = p.footnote_refs.iter().map(|n| n.to_string()).collect();
                let _ = write!(
                    self.out,
                    " <span class=\"sub\">footnotes {}</span>",
                    refs.join(", ")
                );
            }
            self.out.push_str("</li>");
        }
        self.out.push_str("</ol>");
        self.close_section();
    }

    fn closing(&mut self, c: Option<&Closing>) {
        self.open_section("Closing");
        match c {
            Some(c) => {
                self.text_row(
                    "valediction",
                    "closing.valediction",
                    Kind::Closing,
                    c.valediction.as_ref(),
                );
                self.text_row(
                    "signature",
                    "closing.signature",
                    Kind::Closing,
                    c.signature.as_ref(),
                );
                match &c.signatory {
                    Some(p) => {
                        self.out
                            .push_str("<dt class=\"group\">signatory</dt><dd class=\"group\"><dl>");
                        self.party_rows("closing.signatory", Kind::Signatory, p);
                        self.out.push_str("</dl></dd>");
                    }
                    None => {
                        self.row_start("signatory");
                        self.none();
                        self.out.push_str("</dd>");
                    }
                }
            }
            None => self.out.push_str("<p class=\"none\">none</p>"),
        }
        self.close_section();
    }

    fn footnotes(&mut self, l: &Letter) {
        self.list_heading("Footnotes", l.footnotes.len());
        for (i, f) in l.footnotes.iter().enumerate() {
            self.out.push_str("<div class=\"item\">");
            let _ = write!(self.out, "<span class=\"num\">{}</span> ", f.number);
            let shown = abbrev(&f.text, 160);
            self.link(
                Kind::Footnote,
                &format!("footnotes[{i}] ({})", f.number),
                &f.text,
                Some(f.span),
                &shown,
            );
            if !f.cited_from.is_empty() {
                self.out
                    .push_str("<br><span class=\"sub\">cited from</span> ");
                for (j, c) in f.cited_from.iter().enumerate() {
                    let field = format!("footnotes[{i}].cited_from[{j}]");
                    let value = format!("marker {} in ¶{}", f.number, c.paragraph);
                    let shown = format!("¶{}", c.paragraph);
                    self.link(Kind::Marker, &field, &value, Some(c.span), &shown);
                    self.out.push(' ');
                }
            }
            if let Some(d) = f.document {
                let title = l
                    .documents
                    .get(d)
                    .map_or("(no such document)", |d| d.title.as_str());
                let _ = write!(
                    self.out,
                    "<br><span class=\"sub\">document {}: {}</span>",
                    d,
                    esc(title)
                );
            }
            self.out.push_str("</div>");
        }
        self.close_section();
    }

    fn documents(&mut self, docs: &[Document]) {
        self.list_heading("Documents", docs.len());
        for (i, d) in docs.iter().enumerate() {
            self.out.push_str("<div class=\"item\">");
            let _ = write!(
                self.out,
                "<span class=\"num\">{i}</span> <b>{}</b>",
                esc(&d.title)
            );
            let mut facts = vec![doc_kind(d.kind).to_string()];
            if let Some(a) = &d.author {
                facts.push(a.clone());
            }
            if let Some(y) = d.year {
                facts.push(y.to_string());
            }
            if let Some(n) = d.footnote {
                facts.push(format!("footnote {n}"));
            }
            let _ = write!(
                self.out,
                "<br><span class=\"sub\">{}</span>",
                esc(&facts.join(" · "))
            );
            if let Some(u) = &d.url {
                // Shown as text, never as a link: the page makes no requests.
                let _ = write!(self.out, "<br><code class=\"url\">{}</code>", esc(u));
            }
            if !d.mentions.is_empty() {
                self.out
                    .push_str("<br><span class=\"sub\">mentions</span> ");
                for (j, s) in d.mentions.iter().enumerate() {
                    let field = format!("documents[{i}].mentions[{j}]");
                    self.link(
                        Kind::Document,
                        &field,
                        &d.title,
                        Some(*s),
                        &format!("#{}", j + 1),
                    );
                    self.out.push(' ');
                }
            }
            self.out.push_str("</div>");
        }
        self.close_section();
    }

    fn requests(&mut self, reqs: &[Request]) {
        self.list_heading("Requests", reqs.len());
        for (i, r) in reqs.iter().enumerate() {
            self.out.push_str("<div class=\"item\">");
            let _ = write!(
                self.out,
                "<span class=\"tag\">{}</span> ",
                request_kind(r.kind)
            );
            let shown = abbrev(&r.text, 160);
            self.link(
                Kind::Request,
                &format!("requests[{i}]"),
                &r.text,
                Some(r.span),
                &shown,
            );
            if let Some(d) = &r.deadline {
                self.out
                    .push_str("<br><span class=\"sub\">deadline</span> ");
                let value = format!("{} ({})", d.iso, d.text);
                self.link(
                    Kind::Deadline,
                    &format!("requests[{i}].deadline"),
                    &value,
                    Some(d.span),
                    &d.text,
                );
                let _ = write!(self.out, " <span class=\"sub\">{}</span>", esc(&d.iso));
            }
            self.out.push_str("</div>");
        }
        self.close_section();
    }

    fn contacts(&mut self, contacts: &[Contact]) {
        self.list_heading("Contacts", contacts.len());
        for (i, c) in contacts.iter().enumerate() {
            let field = format!("contacts[{i}]");
            self.out.push_str("<div class=\"item\">");
            let who = c
                .name
                .as_ref()
                .map(|n| n.text.clone())
                .or_else(|| c.role.as_ref().map(|r| r.text.clone()))
                .unwrap_or_else(|| "contact".to_string());
            self.link(
                Kind::Contact,
                &field,
                &who,
                Some(c.span),
                &format!("contact {i}"),
            );
            self.out.push_str("<dl>");
            self.name_row(&format!("{field}.name"), Kind::Contact, c.name.as_ref());
            self.text_row(
                "role",
                &format!("{field}.role"),
                Kind::Contact,
                c.role.as_ref(),
            );
            self.text_row(
                "organisation",
                &format!("{field}.organisation"),
                Kind::Contact,
                c.organisation.as_ref(),
            );
            self.phones_emails(&field, Kind::Contact, &c.phones, &c.emails);
            self.out.push_str("</dl></div>");
        }
        self.close_section();
    }

    fn dropped(&mut self, dropped: &[Dropped]) {
        self.list_heading("Dropped", dropped.len());
        for (i, d) in dropped.iter().enumerate() {
            let kind = match d.kind {
                DroppedKind::WebPage => Kind::WebPage,
                _ => Kind::Furniture,
            };
            let what = match d.kind {
                DroppedKind::WebPage => "web page",
                _ => "page furniture",
            };
            // Dropped text has no cleaned value: its raw text, whitespace
            // collapsed, stands in for one.
            let text = self
                .m
                .atoms
                .snap(d.span)
                .and_then(|(s, e)| self.m.raw.get(s..e))
                .map(|b| {
                    String::from_utf8_lossy(b)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            let _ = write!(
                self.out,
                "<div class=\"item\"><span class=\"tag\">{what}</span> "
            );
            let shown = if text.is_empty() {
                format!("({what})")
            } else {
                abbrev(&text, 120)
            };
            self.link(
                kind,
                &format!("dropped[{i}]"),
                &format!("{what}: {text}"),
                Some(d.span),
                &shown,
            );
            self.out.push_str("</div>");
        }
        self.close_section();
    }

    fn diagnostics(&mut self, l: &Letter) {
        self.list_heading("Diagnostics", l.diagnostics.len());
        for (i, d) in l.diagnostics.iter().enumerate() {
            let level = match d.level {
                Level::Warning => "warning",
                _ => "info",
            };
            let _ = write!(
                self.out,
                "<div class=\"item\"><span class=\"lvl {level}\">{level}</span> "
            );
            let value = format!("{} {}: {}", level, d.code, d.message);
            self.link(
                Kind::Diagnostic,
                &format!("diagnostics[{i}]"),
                &value,
                d.span,
                &d.code,
            );
            let _ = write!(self.out, "<br>{}</div>", esc(&d.message));
        }
        self.close_section();
    }
}

fn precision(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
        _ => "other",
    }
}

fn doc_kind(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Report => "report",
        DocumentKind::Plan => "plan",
        DocumentKind::Strategy => "strategy",
        DocumentKind::Blog => "blog",
        DocumentKind::Announcement => "announcement",
        DocumentKind::Legislation => "legislation",
        DocumentKind::Guidance => "guidance",
        DocumentKind::Letter => "letter",
        DocumentKind::Review => "review",
        _ => "other",
    }
}

fn request_kind(k: RequestKind) -> &'static str {
    match k {
        RequestKind::Respond => "respond",
        RequestKind::ProvideInformation => "provide information",
        RequestKind::ProvideUpdate => "provide update",
        RequestKind::Publish => "publish",
        RequestKind::Meet => "meet",
        RequestKind::Act => "act",
        _ => "other",
    }
}

const CSS: &str = r#"
*{box-sizing:border-box}
:root{color-scheme:light}
html,body{margin:0;height:100%}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#fafaf7;display:flex;flex-direction:column}
header{padding:.5rem 1rem .4rem;border-bottom:1px solid #ddd;background:#fff}
h1{font-size:1.05rem;margin:0 0 .1rem;word-break:break-all}
.meta{margin:0 0 .35rem;color:#555;font-size:.85rem}
.warn{color:#b02a00;font-weight:600}
.legend{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .35rem}
.legend button{font:inherit;font-size:.78rem;border:1px solid #ccc;border-radius:3px;background:#fff;padding:1px 3px;cursor:pointer}
.legend button[aria-pressed=true]{opacity:.4;text-decoration:line-through}
.sw{padding:0 .3em;border-radius:2px}
main{flex:1;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);min-height:0}
.text{overflow:auto;padding:1rem 1.4rem 3rem;background:#fff;border-right:1px solid #ddd}
.raw{white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.6 Georgia,"Times New Roman",serif;max-width:52rem}
.hl{border-radius:2px;cursor:pointer}
.hl:focus{outline:2px solid #1c7ed6;outline-offset:1px}
.hl:hover{outline:1px solid #555}
.k-para.alt{background:#e8eef8}
.bad{background:#000;color:#fff;border-radius:2px}
.pb::before{content:"\2014 page break \2014";display:block;color:#999;font:12px system-ui,sans-serif;border-top:1px dashed #bbb;margin:.3rem 0}
.card{overflow:auto;padding:.6rem 1rem 3rem}
.card section{background:#fff;border:1px solid #e2e2e2;border-radius:6px;padding:.45rem .7rem .5rem;margin:0 0 .6rem}
h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#555;margin:0 0 .3rem}
h2 .n{background:#eee;border-radius:8px;padding:0 .45em;font-weight:400;color:#333}
dl{margin:0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .7rem}
dt{color:#666;font-size:.85rem}
dd{margin:0;overflow-wrap:anywhere}
dt.group{grid-column:1/-1;font-weight:600;color:#444;margin-top:.2rem}
dd.group{grid-column:1/-1;padding-left:1rem}
.card section>dl>p.none,.card section>dl>ol,.card section>dl>ul,.card section>dl>.item{grid-column:1/-1}
.item{padding:.3rem 0;border-top:1px solid #f0f0f0;overflow-wrap:anywhere}
.item:first-child{border-top:0}
.item dl{margin-top:.2rem}
.v{color:inherit;text-decoration:none;border-radius:2px;padding:0 .15em}
a.v:hover,a.v:focus{outline:1px solid #333}
.v.k-diag{background:#ffe3e3}
.nospan{font-style:italic;border:1px dashed #aaa}
.none{color:#999;margin:0}
.sub{color:#666;font-size:.82rem}
.num,.idx{display:inline-block;min-width:1.6em;color:#666;font-size:.82rem}
.label{font-weight:600}
.tag{font-size:.75rem;background:#eee;border-radius:3px;padding:0 .35em}
.lvl{font-size:.72rem;text-transform:uppercase;border-radius:3px;padding:0 .35em;color:#fff;background:#1971c2}
.lvl.warning{background:#e8590c}
.paras,.card ul{margin:0;padding-left:0;list-style:none}
.paras li{padding:.12rem 0}
code.url{font-size:.8rem;color:#444}
.foot{color:#888;font-size:.75rem}
@keyframes flash{0%,40%{outline:3px solid #f08c00;box-shadow:0 0 0 6px #ffe066}100%{outline:3px solid transparent;box-shadow:0 0 0 6px transparent}}
.flash{animation:flash 1.4s ease-out}
:target{outline:2px solid #f08c00}
@media (max-width:800px){main{display:block}.text{border-right:0}}
@media print{
 html,body{height:auto;display:block;background:#fff}
 main{display:block}
 .text,.card{overflow:visible;border:0;padding:0}
 .card{break-before:page}
 .legend button{border:0}
 .hl,.sw,.v{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .hl:hover,.hl:focus{outline:0}
 .card section{break-inside:avoid}
}
"#;

const JS: &str = r#"(function(){
"use strict";
function flash(el){el.classList.remove("flash");void el.offsetWidth;el.classList.add("flash");}
function go(id){
  var first=document.getElementById("m"+id);
  if(!first)return false;
  first.scrollIntoView({block:"center",behavior:"smooth"});
  first.focus({preventScroll:true});
  var all=document.querySelectorAll('.hl[data-m="'+id+'"]');
  for(var i=0;i<all.length;i++)flash(all[i]);
  return true;
}
document.addEventListener("click",function(e){
  var t=e.target;
  if(!(t instanceof Element))return;
  var a=t.closest("a.v[data-m]");
  if(a){if(go(a.getAttribute("data-m")))e.preventDefault();return;}
  var h=t.closest(".hl[data-m]");
  if(h){
    var c=document.getElementById("c"+h.getAttribute("data-m"));
    if(c){c.scrollIntoView({block:"nearest",behavior:"smooth"});flash(c);}
    return;
  }
  var b=t.closest(".legend button");
  if(b){
    var k=b.getAttribute("data-kind");
    var off=document.body.classList.toggle("off-"+k);
    b.setAttribute("aria-pressed",off?"true":"false");
  }
});
document.addEventListener("keydown",function(e){
  var t=e.target;
  if(e.key==="Enter"&&t instanceof Element&&t.classList.contains("hl"))t.click();
});
})();
"#;
