//! The one public error type.

use crate::record::Span;

/// What went wrong, for inputs that cannot be a letter at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty or only whitespace.
    Empty,
    /// The input looks like binary data, not text.
    Binary,
    /// The input could not be read.
    Io,
}

impl ErrorKind {
    /// Stable snake_case name, as written in error records.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::Binary => "binary",
            ErrorKind::Io => "io",
        }
    }
}

/// An input that cannot be parsed as a letter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    span: Option<Span>,
}

impl Error {
    /// A new error.
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Option<Span>) -> Error {
        Error {
            kind,
            message: message.into(),
            span,
        }
    }

    /// What kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Where in the input, when it has a place.
    pub fn span(&self) -> Option<Span> {
        self.span
    }
}
