//! The letterscope command-line tool: a thin layer over the library.

mod cli;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Formal letters into typed records with byte spans.
#[derive(Parser)]
#[command(name = "letterscope", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write one self-contained HTML page showing what was found where.
    Show {
        /// The letter (text; bytes that are not UTF-8 are shown replaced).
        file: PathBuf,
        /// Write the page here instead of to standard output.
        #[arg(short, long, value_name = "OUT.html")]
        output: Option<PathBuf>,
    },
}

fn main() {
    let args = Args::parse();
    let result = match &args.command {
        Command::Show { file, output } => cli::show::run(file, output.as_deref()),
    };
    if let Err(e) = result {
        eprintln!("letterscope: {e}");
        std::process::exit(2);
    }
}
