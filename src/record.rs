//! The letter record: the typed form of the JSON contract `letterscope/1`.
//!
//! Every value found in the input carries a [`Span`]: a half-open range of
//! UTF-8 **byte** offsets into the input exactly as given to
//! [`parse`](crate::parse) or [`parse_bytes`](crate::parse_bytes). The span
//! covers the raw text, artefacts and all; the value beside it is cleaned.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The contract version written in every record's `schema` field.
pub const SCHEMA: &str = "letterscope/1";

/// A half-open byte range `[start, end)` into the input as given.
///
/// Serialised as a two-element array `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    /// First byte of the value's raw text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (end exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl From<[usize; 2]> for Span {
    fn from(a: [usize; 2]) -> Span {
        Span::new(a[0], a[1])
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

impl JsonSchema for Span {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Span".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Half-open UTF-8 byte range [start, end] into the input as given.",
            "type": "array",
            "items": { "type": "integer", "minimum": 0 },
            "minItems": 2,
            "maxItems": 2
        })
    }
}

/// A cleaned piece of text and the raw span it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    /// The cleaned value (markup removed, whitespace collapsed).
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
}

/// The whole record of one letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Letter {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Where the text came from.
    pub source: Source,
    /// Who the letter is from (letterhead and sender block, else the signatory).
    pub sender: Option<Party>,
    /// The date the letter is dated.
    pub date: Option<Date>,
    /// The person or office the letter is to.
    pub addressee: Option<Party>,
    /// "Our ref" / "Your ref" values.
    pub references: References,
    /// Subject or "Re:" line.
    pub subject: Option<Text>,
    /// "Dear …", without a trailing comma.
    pub salutation: Option<Text>,
    /// Paragraphs in reading order, salutation and closing excluded.
    pub body: Vec<Paragraph>,
    /// Valediction, signature and signatory.
    pub closing: Option<Closing>,
    /// Footnotes ordered by number.
    pub footnotes: Vec<Footnote>,
    /// Documents the letter refers to.
    pub documents: Vec<Document>,
    /// What the writer asks the recipient to do.
    pub requests: Vec<Request>,
    /// People named as points of contact.
    pub contacts: Vec<Contact>,
    /// Copy recipients.
    pub cc: Vec<Party>,
    /// Enclosures and attachments listed.
    pub enclosures: Vec<Text>,
    /// What the parser noticed and how sure it is.
    pub diagnostics: Vec<Diagnostic>,
    /// Text the record leaves out on purpose: page furniture (page numbers,
    /// markings, running headers and footers) and a web page's text around
    /// the letter.
    pub dropped: Vec<Dropped>,
}

/// Why a piece of the input is not part of the letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DroppedKind {
    /// Page numbers, markings ("OFFICIAL"), running headers and footers.
    PageFurniture,
    /// A web page's title, summary, cookie notice, navigation or footer.
    WebPage,
}

/// A piece of the input left out of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Dropped {
    /// Why it was left out.
    pub kind: DroppedKind,
    /// Where it stands.
    pub span: Span,
}

/// Where the input came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// File name as given (set by the caller; `None` for a string).
    pub name: Option<String>,
    /// Size of the input in bytes.
    pub bytes: usize,
}

/// A person or office: sender, addressee, signatory or copy recipient.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Party {
    /// The person's name, when one is printed.
    pub name: Option<Name>,
    /// The office held ("Police and Crime Commissioner for Leicestershire").
    pub role: Option<Text>,
    /// The body ("Home Office").
    pub organisation: Option<Text>,
    /// Postal address.
    pub address: Option<Address>,
    /// Telephone numbers.
    pub phones: Vec<Phone>,
    /// Email addresses.
    pub emails: Vec<Email>,
}

/// A person's name split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Name {
    /// The name as printed, cleaned.
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// "Dame", "The Rt Hon", "Dr" …
    pub honorific: Option<String>,
    /// Given name(s).
    pub given: Option<String>,
    /// Family name ("de Souza").
    pub family: Option<String>,
    /// Letters after the name ("DBE", "QPM").
    pub post_nominals: Vec<String>,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Address {
    /// Postal lines joined with ", ", without name, role, organisation or postcode.
    pub text: String,
    /// Where the address stands (postcode included).
    pub span: Span,
    /// The postal lines.
    pub lines: Vec<String>,
    /// UK postcode, normalised ("SW1V 1PN").
    pub postcode: Option<String>,
}

/// A telephone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Phone {
    /// As printed.
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// E.164 form ("+442035130477") when the number is valid.
    pub e164: Option<String>,
}

/// An email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Email {
    /// As printed (markup removed).
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// The address as it should be used.
    pub address: String,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Precision {
    /// A calendar day.
    Day,
    /// A month ("October 2020"); `iso` holds its first day.
    Month,
    /// A year; `iso` holds its first day.
    Year,
}

/// A calendar date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Date {
    /// As printed.
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// ISO 8601 `YYYY-MM-DD`.
    pub iso: String,
    /// Day, month or year.
    pub precision: Precision,
}

/// Our and your references.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct References {
    /// "Our ref:" value.
    pub ours: Option<Text>,
    /// "Your ref:" value.
    pub yours: Option<Text>,
}

/// One paragraph of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Paragraph {
    /// Reflowed text, markers and markup removed.
    pub text: String,
    /// From its first to its last byte (may enclose a page-break interruption).
    pub span: Span,
    /// The paragraph's own number, letter or bullet ("1.", "(a)", "•").
    pub label: Option<String>,
    /// Numbers of the footnotes it cites.
    pub footnote_refs: Vec<u32>,
}

/// Valediction, signature and signatory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Closing {
    /// "Yours sincerely".
    pub valediction: Option<Text>,
    /// The line(s) where the signature stands, as read.
    pub signature: Option<Text>,
    /// Who signed.
    pub signatory: Option<Party>,
}

/// A footnote and the markers citing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Footnote {
    /// Its number.
    pub number: u32,
    /// Text without marker and markup.
    pub text: String,
    /// Where the definition stands.
    pub span: Span,
    /// Each in-text marker.
    pub cited_from: Vec<Citation>,
    /// Index into `documents` of the document it cites.
    pub document: Option<usize>,
}

/// An in-text footnote marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    /// Index into `body`.
    pub paragraph: usize,
    /// The marker's span.
    pub span: Span,
}

/// What kind of document is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// A report or review of findings.
    Report,
    /// A plan.
    Plan,
    /// A strategy.
    Strategy,
    /// A blog post.
    Blog,
    /// An announcement or press release.
    Announcement,
    /// An act, bill, order or regulation.
    Legislation,
    /// Guidance or a code of practice.
    Guidance,
    /// A letter.
    Letter,
    /// A review.
    Review,
    /// Anything else.
    Other,
}

/// A document the letter refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Its title.
    pub title: String,
    /// Its author, when stated.
    pub author: Option<String>,
    /// Its year, when stated.
    pub year: Option<i32>,
    /// What kind of document.
    pub kind: DocumentKind,
    /// The footnote citing it.
    pub footnote: Option<u32>,
    /// Its URL, when given.
    pub url: Option<String>,
    /// Every place it is mentioned.
    pub mentions: Vec<Span>,
}

/// What kind of thing is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequestKind {
    /// Reply to the letter.
    Respond,
    /// Send information, data or documents.
    ProvideInformation,
    /// Report progress.
    ProvideUpdate,
    /// Publish something.
    Publish,
    /// Meet.
    Meet,
    /// Take an action.
    Act,
    /// Anything else.
    Other,
}

/// A request the writer makes of the recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Request {
    /// The clause that makes the request.
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// What is asked.
    pub kind: RequestKind,
    /// By when, resolved against the letter's date.
    pub deadline: Option<Date>,
}

/// A person named as a point of contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Contact {
    /// Their name, when printed.
    pub name: Option<Name>,
    /// Their role.
    pub role: Option<Text>,
    /// Their organisation.
    pub organisation: Option<Text>,
    /// Email addresses.
    pub emails: Vec<Email>,
    /// Telephone numbers.
    pub phones: Vec<Phone>,
    /// The sentence or line that names them.
    pub span: Span,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// Worth knowing.
    Info,
    /// A value may be wrong or missing.
    Warning,
}

/// Something the parser noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Info or warning.
    pub level: Level,
    /// Stable snake_case code (see the crate docs for the list).
    pub code: String,
    /// Words for a person.
    pub message: String,
    /// Where, when it has a place.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A warning with a span.
    pub fn warning(code: &str, message: impl Into<String>, span: Option<Span>) -> Diagnostic {
        Diagnostic {
            level: Level::Warning,
            code: code.to_string(),
            message: message.into(),
            span,
        }
    }

    /// An info diagnostic with a span.
    pub fn info(code: &str, message: impl Into<String>, span: Option<Span>) -> Diagnostic {
        Diagnostic {
            level: Level::Info,
            code: code.to_string(),
            message: message.into(),
            span,
        }
    }
}

impl Letter {
    /// An empty record for an input of `bytes` bytes.
    pub fn empty(bytes: usize) -> Letter {
        Letter {
            schema: SCHEMA.to_string(),
            source: Source { name: None, bytes },
            sender: None,
            date: None,
            addressee: None,
            references: References::default(),
            subject: None,
            salutation: None,
            body: Vec::new(),
            closing: None,
            footnotes: Vec::new(),
            documents: Vec::new(),
            requests: Vec::new(),
            contacts: Vec::new(),
            cc: Vec::new(),
            enclosures: Vec::new(),
            diagnostics: Vec::new(),
            dropped: Vec::new(),
        }
    }
}
