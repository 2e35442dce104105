//! The letterscope command-line tool: a thin layer over the library.
//!
//! All the work is in [`cli`]; this file only hands the exit status back.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
