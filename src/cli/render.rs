//! One input in, its output pieces out: the JSON record (or error record),
//! the CSV row of `letters`, and the rows of the `--tables` files.
//!
//! All of this runs on the worker threads; the writer only copies bytes and
//! quotes CSV fields, so output order costs nothing in parallelism.

use std::panic;

use letterscope::{Date, Error, ErrorKind, Letter, Party, Span};
use serde::Serialize;

use super::check::{self, Failure};
use super::inputs::{Input, Origin};
use super::CliError;

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document: a record for one input, an array for several.
    Json,
    /// JSON Lines: one record a line.
    Jsonl,
    /// One CSV row per letter (the columns of letters.csv).
    Csv,
}

/// What each worker should produce.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Main output format; `None` when only `--tables` are written.
    pub format: Option<Format>,
    /// Pretty-print JSON.
    pub pretty: bool,
    /// Produce the rows of the `--tables` files.
    pub tables: bool,
    /// Inputs larger than this fail with kind `io`.
    pub max_bytes: u64,
}

/// The rendered output of one input.
#[derive(Debug)]
pub struct Item {
    /// The input as given.
    pub name: String,
    /// Set when the input gave no letter: the error kind and message.
    pub failure: Option<(&'static str, String)>,
    /// The JSON record, no trailing newline (empty unless the format is JSON).
    pub json: Vec<u8>,
    /// The `letters` row (empty unless CSV or tables are wanted).
    pub row: Vec<String>,
    /// Rows of the other tables, when wanted.
    pub tables: Option<TableRows>,
}

/// Rows of documents.csv, requests.csv, contacts.csv and footnotes.csv.
#[derive(Debug, Default)]
pub struct TableRows {
    /// documents.csv rows.
    pub documents: Vec<Vec<String>>,
    /// requests.csv rows.
    pub requests: Vec<Vec<String>>,
    /// contacts.csv rows.
    pub contacts: Vec<Vec<String>>,
    /// footnotes.csv rows.
    pub footnotes: Vec<Vec<String>>,
}

/// Columns of letters.csv and of `--format csv`.
pub const LETTER_COLUMNS: &[&str] = &[
    "file",
    "bytes",
    "date",
    "sender_name",
    "sender_role",
    "sender_organisation",
    "sender_postcode",
    "addressee_name",
    "addressee_role",
    "addressee_organisation",
    "addressee_postcode",
    "subject",
    "paragraphs",
    "footnotes",
    "documents",
    "requests",
    "earliest_deadline",
    "diagnostics",
    "error",
    "error_message",
];

/// Columns of documents.csv.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "file", "index", "title", "kind", "author", "year", "footnote", "url", "mentions",
];

/// Columns of requests.csv.
pub const REQUEST_COLUMNS: &[&str] = &[
    "file",
    "index",
    "kind",
    "text",
    "deadline",
    "deadline_precision",
    "deadline_text",
    "span_start",
    "span_end",
];

/// Columns of contacts.csv.
pub const CONTACT_COLUMNS: &[&str] = &[
    "file",
    "index",
    "name",
    "role",
    "organisation",
    "emails",
    "phones",
    "span_start",
    "span_end",
];

/// Columns of footnotes.csv.
pub const FOOTNOTE_COLUMNS: &[&str] = &[
    "file",
    "number",
    "text",
    "document",
    "cited_from_paragraphs",
    "span_start",
    "span_end",
];

/// Reads, checks, parses and renders one input.
pub fn process(input: Input, opts: &RenderOptions) -> Result<Item, CliError> {
    let bytes = match input.origin {
        Origin::Stdin => check::read_stdin(opts.max_bytes),
        Origin::File(ref path) => check::read_file(path, opts.max_bytes),
        Origin::Unlisted(message) => Err(Failure::new(
            None,
            &Error::new(ErrorKind::Io, message, None),
        )),
    };
    let bytes = bytes.and_then(|b| match check::check_bytes(&b) {
        Ok(()) => Ok(b),
        Err(error) => Err(Failure::new(Some(b.len() as u64), &error)),
    });
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(failure) => return render_failure(input.name, failure, opts),
    };
    // The parser must not panic; if it does, that letter becomes an error
    // record and the batch goes on (the panic message is on stderr).
    match panic::catch_unwind(|| letterscope::parse_bytes(&bytes)) {
        Ok(mut letter) => {
            drop(bytes);
            letter.source.name = Some(input.name);
            render_letter(letter, opts)
        }
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let failure = Failure {
                bytes: Some(bytes.len() as u64),
                kind: check::INTERNAL,
                message: format!(
                    "letterscope failed on this input (a bug, please report it): {why}"
                ),
            };
            render_failure(input.name, failure, opts)
        }
    }
}

fn render_letter(letter: Letter, opts: &RenderOptions) -> Result<Item, CliError> {
    let json = match opts.format {
        Some(Format::Json | Format::Jsonl) => to_json(&letter, opts.pretty)?,
        _ => Vec::new(),
    };
    let row = if opts.format == Some(Format::Csv) || opts.tables {
        letter_row(&letter)
    } else {
        Vec::new()
    };
    let tables = opts.tables.then(|| table_rows(&letter));
    Ok(Item {
        name: letter.source.name.unwrap_or_default(),
        failure: None,
        json,
        row,
        tables,
    })
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    source: ErrorSource<'a>,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorSource<'a> {
    name: &'a str,
    bytes: Option<u64>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: String,
}

fn render_failure(name: String, failure: Failure, opts: &RenderOptions) -> Result<Item, CliError> {
    let Failure {
        bytes,
        kind,
        message,
    } = failure;
    let json = match opts.format {
        Some(Format::Json | Format::Jsonl) => {
            let record = ErrorRecord {
                source: ErrorSource { name: &name, bytes },
                error: ErrorBody {
                    kind,
                    message: message.clone(),
                },
            };
            to_json(&record, opts.pretty)?
        }
        _ => Vec::new(),
    };
    let row = if opts.format == Some(Format::Csv) || opts.tables {
        let mut row = vec![String::new(); LETTER_COLUMNS.len()];
        row[0] = name.clone();
        row[1] = bytes.map(|b| b.to_string()).unwrap_or_default();
        let n = row.len();
        row[n - 2] = kind.to_string();
        row[n - 1] = message.clone();
        row
    } else {
        Vec::new()
    };
    Ok(Item {
        name,
        failure: Some((kind, message)),
        json,
        row,
        tables: opts.tables.then(TableRows::default),
    })
}

fn to_json<T: Serialize>(value: &T, pretty: bool) -> Result<Vec<u8>, CliError> {
    let out = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    };
    // Records are plain data with string keys; this only fails on a bug.
    out.map_err(|e| CliError::output("a record", std::io::Error::other(e)))
}

fn opt(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

fn party_fields(p: Option<&Party>) -> [String; 4] {
    let Some(p) = p else {
        return Default::default();
    };
    [
        opt(p.name.as_ref().map(|n| n.text.as_str())),
        opt(p.role.as_ref().map(|t| t.text.as_str())),
        opt(p.organisation.as_ref().map(|t| t.text.as_str())),
        opt(p.address.as_ref().and_then(|a| a.postcode.as_deref())),
    ]
}

/// The snake_case name serde gives a unit enum variant ("provide_update").
fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn span_cols(span: Span) -> [String; 2] {
    [span.start.to_string(), span.end.to_string()]
}

/// The `letters` row of one letter.
pub fn letter_row(letter: &Letter) -> Vec<String> {
    // ISO dates compare as strings.
    let earliest = letter
        .requests
        .iter()
        .filter_map(|r| r.deadline.as_ref().map(|d| d.iso.as_str()))
        .min();
    let mut row = Vec::with_capacity(LETTER_COLUMNS.len());
    row.push(opt(letter.source.name.as_deref()));
    row.push(letter.source.bytes.to_string());
    row.push(opt(letter.date.as_ref().map(|d| d.iso.as_str())));
    row.extend(party_fields(letter.sender.as_ref()));
    row.extend(party_fields(letter.addressee.as_ref()));
    row.push(opt(letter.subject.as_ref().map(|t| t.text.as_str())));
    row.push(letter.body.len().to_string());
    row.push(letter.footnotes.len().to_string());
    row.push(letter.documents.len().to_string());
    row.push(letter.requests.len().to_string());
    row.push(opt(earliest));
    row.push(letter.diagnostics.len().to_string());
    row.push(String::new());
    row.push(String::new());
    row
}

fn table_rows(letter: &Letter) -> TableRows {
    let file = opt(letter.source.name.as_deref());
    let documents = letter
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mentions: Vec<String> = d
                .mentions
                .iter()
                .map(|s| format!("{}-{}", s.start, s.end))
                .collect();
            vec![
                file.clone(),
                i.to_string(),
                d.title.clone(),
                code(&d.kind),
                opt(d.author.as_deref()),
                d.year.map(|y| y.to_string()).unwrap_or_default(),
                d.footnote.map(|n| n.to_string()).unwrap_or_default(),
                opt(d.url.as_deref()),
                mentions.join(" "),
            ]
        })
        .collect();
    let requests = letter
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let d: Option<&Date> = r.deadline.as_ref();
            let mut row = vec![
                file.clone(),
                i.to_string(),
                code(&r.kind),
                r.text.clone(),
                opt(d.map(|d| d.iso.as_str())),
                d.map(|d| code(&d.precision)).unwrap_or_default(),
                opt(d.map(|d| d.text.as_str())),
            ];
            row.extend(span_cols(r.span));
            row
        })
        .collect();
    let contacts = letter
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let emails: Vec<&str> = c.emails.iter().map(|e| e.address.as_str()).collect();
            let phones: Vec<&str> = c
                .phones
                .iter()
                .map(|p| p.e164.as_deref().unwrap_or(&p.text))
                .collect();
            let mut row = vec![
                file.clone(),
                i.to_string(),
                opt(c.name.as_ref().map(|n| n.text.as_str())),
                opt(c.role.as_ref().map(|t| t.text.as_str())),
                opt(c.organisation.as_ref().map(|t| t.text.as_str())),
                emails.join("; "),
                phones.join("; "),
            ];
            row.extend(span_cols(c.span));
            row
        })
        .collect();
    let footnotes = letter
        .footnotes
        .iter()
        .map(|f| {
            let cited: Vec<String> = f
                .cited_from
                .iter()
                .map(|c| c.paragraph.to_string())
                .collect();
            let mut row = vec![
                file.clone(),
                f.number.to_string(),
                f.text.clone(),
                f.document.map(|d| d.to_string()).unwrap_or_default(),
                cited.join(" "),
            ];
            row.extend(span_cols(f.span));
            row
        })
        .collect();
    TableRows {
        documents,
        requests,
        contacts,
        footnotes,
    }
}
