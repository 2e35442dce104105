//! `letterscope parse`: letters in, records out.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use letterscope::ErrorKind;

use super::batch::{self, Progress, Sink};
use super::inputs::{self, Input, Inputs};
use super::render::{self, Format, RenderOptions};
use super::{CliError, Status};

const AFTER_HELP: &str = "\
Output:
  One input file gives one pretty-printed JSON record (--compact: one line).
  Several inputs, or a folder, give JSON Lines: one record a line, in the
  order the inputs were given; a folder's files in sorted path order.
  source.name in each record is the path as given. A run over several
  inputs ends with a summary on stderr (parsed, failed, seconds, letters/s).
  With --tables and neither --format nor --out, only the tables are written.

Bad inputs never stop a run. An input that is unreadable (kind \"io\"), empty
or only whitespace (\"empty\"), or binary data such as a PDF (\"binary\") gives
an error record in place of a letter:
  {\"source\": {\"name\": \"a.txt\", \"bytes\": 0}, \"error\": {\"kind\": \"empty\", \"message\": \"...\"}}
a CSV row with the error and error_message columns filled, and a line on
stderr. Invalid UTF-8 is not an error: each bad sequence is replaced with
U+FFFD and reported in the letter's diagnostics (invalid_utf8_replaced).
Should the parser fail on an input (a bug), that input gets kind \"internal\".

Exit status:
  0  every input was parsed
  1  some inputs failed (their error records were written)
  2  usage error, the only input given could not be read, or an output
     could not be written";

/// Arguments of `parse`.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct ParseArgs {
    /// Letters to parse: text files, folders (searched recursively), or - for stdin
    #[arg(required = true, value_name = "FILE|DIR|-")]
    inputs: Vec<String>,

    /// Files to take from folders, matched against the path below the folder
    #[arg(long, value_name = "PATTERN", default_value = "*.txt")]
    glob: String,

    /// Output format [default: json for one input file, jsonl otherwise]
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Print each JSON record on one line
    #[arg(long)]
    compact: bool,

    /// Also write letters.csv, documents.csv, requests.csv, contacts.csv and
    /// footnotes.csv (one row per item, keyed by file) into DIR
    #[arg(long, value_name = "DIR")]
    tables: Option<PathBuf>,

    /// Write records to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Parse on N threads [default: one per core]
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    /// No progress bar and no summary (errors are still reported)
    #[arg(short, long)]
    quiet: bool,

    /// Inputs larger than this many bytes fail (kind "io") without being
    /// read. Parsing takes about 15 bytes of memory per input byte.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
}

/// Runs `parse`.
pub fn run(args: ParseArgs) -> Result<Status, CliError> {
    if args.inputs.iter().filter(|a| *a == "-").count() > 1 {
        return Err(CliError::Usage(
            "stdin (-) can be given only once".to_string(),
        ));
    }
    let glob = inputs::compile_glob(&args.glob)?;
    let single = args.inputs.len() == 1 && !inputs::is_folder(&args.inputs[0]);
    let format = match args.format {
        Some(f) => Some(f),
        None if args.tables.is_some() && args.out.is_none() => None,
        None if single => Some(Format::Json),
        None => Some(Format::Jsonl),
    };
    let opts = RenderOptions {
        format,
        pretty: format == Some(Format::Json) && !args.compact,
        tables: args.tables.is_some(),
        max_bytes: args.max_bytes,
    };
    let pool = match args.jobs {
        None => None,
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(usize::from(n))
                .build()
                .map_err(|e| CliError::Usage(format!("cannot start {n} threads: {e}")))?,
        ),
    };
    let go = || {
        if single {
            run_single(&args, glob, &opts)
        } else {
            run_many(&args, glob, &opts)
        }
    };
    match pool {
        Some(pool) => pool.install(go),
        None => go(),
    }
}

/// One file or stdin: no bar, no summary; an unreadable input is exit 2
/// and writes nothing.
fn run_single(
    args: &ParseArgs,
    glob: globset::GlobMatcher,
    opts: &RenderOptions,
) -> Result<Status, CliError> {
    let inputs: Vec<Input> = Inputs::new(args.inputs.clone(), glob).collect();
    let mut status = Status::Ok;
    // Opened only once the input is read, so an unreadable input leaves no empty --out file.
    let mut sink: Option<Sink> = None;
    for input in inputs {
        let item = render::process(input, opts)?;
        if let Some((kind, message)) = &item.failure {
            if *kind == ErrorKind::Io.code() {
                return Err(CliError::Input {
                    name: item.name,
                    message: message.clone(),
                });
            }
            eprintln!("letterscope: {}: {message}", item.name);
            status = Status::SomeFailed;
        }
        let sink = match &mut sink {
            Some(s) => s,
            None => sink.insert(Sink::open(
                opts.format,
                args.out.as_deref(),
                args.tables.as_deref(),
                false,
            )?),
        };
        sink.write(&item)?;
    }
    if let Some(sink) = sink {
        sink.finish()?;
    }
    Ok(status)
}

fn run_many(
    args: &ParseArgs,
    glob: globset::GlobMatcher,
    opts: &RenderOptions,
) -> Result<Status, CliError> {
    let start = Instant::now();
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let progress = if show_bar {
        // Listing the folders twice costs little beside parsing, and gives
        // the bar a length and an ETA.
        Progress::bar(Inputs::new(args.inputs.clone(), glob.clone()).count() as u64)
    } else {
        Progress::hidden()
    };
    let mut sink = Sink::open(
        opts.format,
        args.out.as_deref(),
        args.tables.as_deref(),
        true,
    )?;
    let counts = batch::run(
        Inputs::new(args.inputs.clone(), glob),
        opts,
        &mut sink,
        &progress,
    );
    progress.done();
    let counts = counts?;
    sink.finish()?;
    let total = counts.parsed + counts.failed;
    if total == 0 {
        eprintln!(
            "letterscope: no input: no file under the folders given matches {:?} (see --glob)",
            args.glob
        );
    }
    if !args.quiet {
        let secs = start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { total as f64 / secs } else { 0.0 };
        eprintln!(
            "letterscope: {} parsed, {} failed in {secs:.2} s ({rate:.0} letters/s)",
            counts.parsed, counts.failed
        );
    }
    Ok(if counts.failed > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}
