//! Many inputs in parallel, written in input order, in bounded memory.
//!
//! Inputs are taken from the lazy [`Inputs`](super::inputs::Inputs) stream a
//! chunk at a time; each chunk is read, parsed and rendered on all cores
//! (rayon keeps a chunk's results in order), then written before the next
//! chunk is taken. Memory is bounded by the chunk, not by the number of
//! files: a chunk's rendered records are all that is ever held.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use rayon::prelude::*;

use super::inputs::Input;
use super::render::{self, Format, Item, RenderOptions};
use super::CliError;

/// Inputs per worker thread in one chunk: enough that the wait for a
/// chunk's slowest letter is small beside the chunk, few enough that a
/// chunk's records take little memory.
const PER_THREAD: usize = 64;
/// The most inputs in one chunk, however many cores.
const MAX_CHUNK: usize = 1024;

/// How many inputs gave a record and how many failed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Inputs that gave a letter.
    pub parsed: u64,
    /// Inputs that gave an error record.
    pub failed: u64,
}

/// Where records go: the main output (`--out` or stdout) and the tables.
pub struct Sink {
    format: Option<Format>,
    main: Option<Main>,
    tables: Option<Tables>,
    /// Several records in `--format json` are written as one array.
    array: bool,
    written: u64,
    /// How the main output is named in messages.
    out_name: String,
}

enum Main {
    Bytes(BufWriter<Box<dyn Write>>),
    Csv(Box<csv::Writer<Box<dyn Write>>>),
}

struct Tables {
    letters: TableFile,
    documents: TableFile,
    requests: TableFile,
    contacts: TableFile,
    footnotes: TableFile,
}

struct TableFile {
    path: PathBuf,
    csv: csv::Writer<BufWriter<File>>,
}

impl TableFile {
    fn create(dir: &Path, name: &str, columns: &[&str]) -> Result<TableFile, CliError> {
        let path = dir.join(name);
        let file =
            File::create(&path).map_err(|e| CliError::output(path.display().to_string(), e))?;
        let mut table = TableFile {
            path,
            csv: csv::Writer::from_writer(BufWriter::new(file)),
        };
        table.row(columns)?;
        Ok(table)
    }

    fn row<I, T>(&mut self, fields: I) -> Result<(), CliError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.csv
            .write_record(fields)
            .map_err(|e| CliError::output(self.path.display().to_string(), e.into()))
    }

    fn finish(&mut self) -> Result<(), CliError> {
        self.csv
            .flush()
            .map_err(|e| CliError::output(self.path.display().to_string(), e))
    }
}

impl Sink {
    /// Opens the outputs. `out` is `None` for stdout; `format` is `None`
    /// when only tables are written; `array` wraps JSON records in an array.
    pub fn open(
        format: Option<Format>,
        out: Option<&Path>,
        tables: Option<&Path>,
        array: bool,
    ) -> Result<Sink, CliError> {
        let main = match format {
            None => None,
            Some(format) => {
                let writer: Box<dyn Write> = match out {
                    None => Box::new(io::stdout().lock()),
                    Some(path) => Box::new(
                        File::create(path)
                            .map_err(|e| CliError::output(path.display().to_string(), e))?,
                    ),
                };
                Some(match format {
                    Format::Csv => {
                        let mut csv = csv::Writer::from_writer(writer);
                        csv.write_record(render::LETTER_COLUMNS)
                            .map_err(|e| CliError::output(out_name(out), e.into()))?;
                        Main::Csv(Box::new(csv))
                    }
                    Format::Json | Format::Jsonl => {
                        Main::Bytes(BufWriter::with_capacity(64 * 1024, writer))
                    }
                })
            }
        };
        let tables = match tables {
            None => None,
            Some(dir) => {
                fs::create_dir_all(dir)
                    .map_err(|e| CliError::output(dir.display().to_string(), e))?;
                Some(Tables {
                    letters: TableFile::create(dir, "letters.csv", render::LETTER_COLUMNS)?,
                    documents: TableFile::create(dir, "documents.csv", render::DOCUMENT_COLUMNS)?,
                    requests: TableFile::create(dir, "requests.csv", render::REQUEST_COLUMNS)?,
                    contacts: TableFile::create(dir, "contacts.csv", render::CONTACT_COLUMNS)?,
                    footnotes: TableFile::create(dir, "footnotes.csv", render::FOOTNOTE_COLUMNS)?,
                })
            }
        };
        let mut sink = Sink {
            format,
            main,
            tables,
            array: array && format == Some(Format::Json),
            written: 0,
            out_name: out_name(out),
        };
        if sink.array {
            sink.bytes(b"[\n")?;
        }
        Ok(sink)
    }

    fn bytes(&mut self, b: &[u8]) -> Result<(), CliError> {
        if let Some(Main::Bytes(w)) = &mut self.main {
            w.write_all(b)
                .map_err(|e| CliError::output(self.out_name.clone(), e))?;
        }
        Ok(())
    }

    /// Writes one rendered input.
    pub fn write(&mut self, item: &Item) -> Result<(), CliError> {
        match self.format {
            Some(Format::Json | Format::Jsonl) => {
                if self.array && self.written > 0 {
                    self.bytes(b",\n")?;
                }
                self.bytes(&item.json)?;
                if !self.array {
                    self.bytes(b"\n")?;
                }
            }
            Some(Format::Csv) => {
                if let Some(Main::Csv(csv)) = &mut self.main {
                    csv.write_record(&item.row)
                        .map_err(|e| CliError::output(self.out_name.clone(), e.into()))?;
                }
            }
            None => {}
        }
        if let Some(t) = &mut self.tables {
            t.letters.row(&item.row)?;
            if let Some(rows) = &item.tables {
                for r in &rows.documents {
                    t.documents.row(r)?;
                }
                for r in &rows.requests {
                    t.requests.row(r)?;
                }
                for r in &rows.contacts {
                    t.contacts.row(r)?;
                }
                for r in &rows.footnotes {
                    t.footnotes.row(r)?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the JSON array if one is open and flushes everything.
    pub fn finish(mut self) -> Result<(), CliError> {
        if self.array {
            let end: &[u8] = if self.written > 0 { b"\n]\n" } else { b"]\n" };
            self.bytes(end)?;
        }
        match &mut self.main {
            Some(Main::Bytes(w)) => w
                .flush()
                .map_err(|e| CliError::output(self.out_name.clone(), e))?,
            Some(Main::Csv(c)) => c
                .flush()
                .map_err(|e| CliError::output(self.out_name.clone(), e))?,
            None => {}
        }
        if let Some(t) = &mut self.tables {
            for f in [
                &mut t.letters,
                &mut t.documents,
                &mut t.requests,
                &mut t.contacts,
                &mut t.footnotes,
            ] {
                f.finish()?;
            }
        }
        Ok(())
    }
}

/// How an output is named in messages.
pub fn out_name(out: Option<&Path>) -> String {
    out.map_or_else(|| "stdout".to_string(), |p| p.display().to_string())
}

/// The progress bar (stderr, terminals only) and per-input messages.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// No bar: messages go straight to stderr.
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// A bar over `total` inputs.
    pub fn bar(total: u64) -> Progress {
        let style = ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} letters, {rate}/s, eta {eta}",
        )
        .map(|style| {
            style.with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = ProgressBar::new(total).with_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// A line on stderr that does not tear the bar.
    pub fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Removes the bar.
    pub fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Reads, parses and writes every input, in order; a failed input is
/// written as an error record and reported on stderr, never stops the run.
pub fn run(
    inputs: impl Iterator<Item = Input>,
    opts: &RenderOptions,
    sink: &mut Sink,
    progress: &Progress,
) -> Result<Counts, CliError> {
    let chunk = (PER_THREAD * rayon::current_num_threads().max(1)).min(MAX_CHUNK);
    let mut inputs = inputs;
    let mut counts = Counts::default();
    loop {
        let batch: Vec<Input> = inputs.by_ref().take(chunk).collect();
        if batch.is_empty() {
            return Ok(counts);
        }
        let items: Vec<Result<Item, CliError>> = batch
            .into_par_iter()
            .map(|input| render::process(input, opts))
            .collect();
        let n = items.len() as u64;
        for item in items {
            let item = item?;
            sink.write(&item)?;
            match &item.failure {
                None => counts.parsed += 1,
                Some((_, message)) => {
                    counts.failed += 1;
                    progress.say(&format!("letterscope: {}: {message}", item.name));
                }
            }
        }
        progress.advance(n);
    }
}
