//! Command-line parsing, dispatch and error rendering.
//!
//! A subcommand is one variant of [`Command`] holding its clap `Args` struct,
//! and one arm in [`main`] calling its module's `run`, which returns
//! `Result<Status, CliError>`. Only this module prints errors and picks exit
//! codes, so every subcommand reports the same way.

mod batch;
mod check;
mod inputs;
mod parse;
mod render;
pub mod show;

use std::fmt;
use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit codes, documented in `--help`.
const EXIT_OK: u8 = 0;
const EXIT_SOME_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "letterscope",
    version,
    about = "Turn the text of formal letters into typed JSON records",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse letters (text files, folders of them, or stdin) into records.
    Parse(parse::ParseArgs),
    /// Write an annotated HTML view of one letter (or, with --batch, of every
    /// letter in a folder, with an index): the text with every value found
    /// highlighted where it stands, and the record beside it.
    Show(ShowArgs),
}

/// Arguments of `letterscope show`.
#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// The letter's text file.
    #[arg(required_unless_present = "batch")]
    file: Option<std::path::PathBuf>,
    /// Write the page here instead of standard output (with --batch: the
    /// folder for the pages and their index.html).
    #[arg(short = 'o', long = "out")]
    out: Option<std::path::PathBuf>,
    /// Show every *.txt file under DIR (recursively): one page per letter
    /// and an index.html with a row per letter, written to the --out folder.
    /// Exit code 1 when some file could not be shown.
    #[arg(long, value_name = "DIR", conflicts_with = "file", requires = "out")]
    batch: Option<std::path::PathBuf>,
}

/// How a subcommand that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every input gave a record.
    Ok,
    /// At least one input failed (its error record was written).
    SomeFailed,
}

/// An error that stops a subcommand, rendered by [`main`].
#[derive(Debug)]
pub enum CliError {
    /// Arguments that cannot work together, or a bad pattern.
    Usage(String),
    /// The only input could not be read.
    Input {
        /// The input as given.
        name: String,
        /// Why.
        message: String,
    },
    /// An output could not be created or written.
    Output {
        /// What was being written ("stdout", a path).
        what: String,
        /// The underlying error.
        source: io::Error,
    },
}

impl CliError {
    /// An output error for `what`.
    pub fn output(what: impl Into<String>, source: io::Error) -> CliError {
        CliError::Output {
            what: what.into(),
            source,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(msg) => f.write_str(msg),
            CliError::Input { name, message } => write!(f, "{name}: {message}"),
            CliError::Output { what, source } => write!(f, "cannot write {what}: {source}"),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Output { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Runs the tool and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap renders its own usage errors, help and version; its exit
            // code is 2 for errors and 0 for --help/--version.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(EXIT_USAGE));
        }
    };
    let outcome = match cli.command {
        Command::Parse(args) => parse::run(args),
        // The messages already name the file or folder.
        Command::Show(args) => match (args.batch, args.file, args.out) {
            (Some(dir), _, Some(out)) => show::run_batch(&dir, &out)
                .map(|all| if all { Status::Ok } else { Status::SomeFailed })
                .map_err(CliError::Usage),
            (None, Some(file), out) => show::run(&file, out.as_deref())
                .map(|()| Status::Ok)
                .map_err(CliError::Usage),
            // clap enforces both (`requires`, `required_unless_present`).
            _ => Err(CliError::Usage(
                "show needs a FILE, or --batch DIR with --out OUTDIR".to_string(),
            )),
        },
    };
    match outcome {
        Ok(Status::Ok) => ExitCode::from(EXIT_OK),
        Ok(Status::SomeFailed) => ExitCode::from(EXIT_SOME_FAILED),
        // The reader went away (`letterscope parse dir | head`): not our failure.
        Err(CliError::Output { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::from(EXIT_OK)
        }
        Err(err) => {
            eprintln!("letterscope: {err}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
