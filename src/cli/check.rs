//! Reading one input and deciding whether it can be a letter at all.
//!
//! The library's `check_bytes` decides whether bytes can be a letter at all;
//! this module reads files and stdin and turns failures into error records.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

pub use letterscope::check_bytes;
use letterscope::{Error, ErrorKind};

/// Why one input gave no record.
#[derive(Debug)]
pub struct Failure {
    /// Size in bytes, when known.
    pub bytes: Option<u64>,
    /// The error record's `kind`: an [`ErrorKind`] code, or [`INTERNAL`].
    pub kind: &'static str,
    /// What went wrong, worded for a person.
    pub message: String,
}

/// The kind of an input the parser panicked on: a bug, caught so that one
/// letter cannot stop a batch.
pub const INTERNAL: &str = "internal";

impl Failure {
    /// A failure reported by the library's error type.
    pub fn new(bytes: Option<u64>, error: &Error) -> Failure {
        Failure {
            bytes,
            kind: error.kind().code(),
            message: error.to_string(),
        }
    }
}

/// Reads a file of at most `max_bytes` bytes.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failure> {
    let io_failure = |bytes, err: io::Error| {
        Failure::new(bytes, &Error::new(ErrorKind::Io, describe_io(&err), None))
    };
    let file = File::open(path).map_err(|e| io_failure(None, e))?;
    let len = file.metadata().map_err(|e| io_failure(None, e))?.len();
    if len > max_bytes {
        return Err(too_large(len, max_bytes));
    }
    read_limited(file, Some(len), max_bytes)
}

/// Reads all of stdin, at most `max_bytes` bytes.
pub fn read_stdin(max_bytes: u64) -> Result<Vec<u8>, Failure> {
    read_limited(io::stdin().lock(), None, max_bytes)
}

fn read_limited(reader: impl Read, hint: Option<u64>, max_bytes: u64) -> Result<Vec<u8>, Failure> {
    let capacity = hint.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    let mut buf = Vec::with_capacity(capacity);
    // One byte past the limit tells a file that grew, or a long stream, apart.
    match reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
    {
        Ok(_) if buf.len() as u64 > max_bytes => Err(too_large(buf.len() as u64, max_bytes)),
        Ok(_) => Ok(buf),
        Err(e) => Err(Failure::new(
            hint,
            &Error::new(ErrorKind::Io, describe_io(&e), None),
        )),
    }
}

fn too_large(len: u64, max_bytes: u64) -> Failure {
    let message = format!("too large for a letter ({len} bytes; --max-bytes is {max_bytes})");
    Failure::new(Some(len), &Error::new(ErrorKind::Io, message, None))
}

/// Words an I/O error the way a person would say it.
pub fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
        _ => err.to_string(),
    }
}
