//! Turning the command line's FILE|DIR|- arguments into a stream of inputs.
//!
//! Arguments keep the order given; a folder is walked depth first with each
//! folder's entries sorted by name, so the same tree always gives the same
//! order. Inputs are produced lazily: a folder of a million files is never
//! listed in memory all at once (only the folder being read).

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use walkdir::WalkDir;

use super::CliError;

/// Where one input comes from.
#[derive(Debug)]
pub enum Origin {
    /// Standard input (`-`).
    Stdin,
    /// A file path.
    File(PathBuf),
    /// A folder entry that could not be listed; the message says why.
    Unlisted(String),
}

/// One input to parse.
#[derive(Debug)]
pub struct Input {
    /// The path as given (for a walked file: the folder as given, joined
    /// with the path below it); `-` for stdin.
    pub name: String,
    /// Where to read it.
    pub origin: Origin,
}

/// A glob matched against a walked file's path below its folder argument.
pub fn compile_glob(pattern: &str) -> Result<GlobMatcher, CliError> {
    GlobBuilder::new(pattern)
        // `*.txt` should find `a/b/c.txt` below the folder, as users expect.
        .literal_separator(false)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| CliError::Usage(format!("bad --glob pattern {pattern:?}: {e}")))
}

/// True when `arg` names a folder (to be walked) rather than one input.
pub fn is_folder(arg: &str) -> bool {
    arg != "-" && Path::new(arg).is_dir()
}

/// The lazy stream of inputs for the given arguments.
pub struct Inputs {
    args: std::vec::IntoIter<String>,
    glob: GlobMatcher,
    walk: Option<(PathBuf, walkdir::IntoIter)>,
}

impl Inputs {
    /// Inputs for `args` in order; folders are walked for files matching `glob`.
    pub fn new(args: Vec<String>, glob: GlobMatcher) -> Inputs {
        Inputs {
            args: args.into_iter(),
            glob,
            walk: None,
        }
    }

    fn next_walked(&mut self) -> Option<Input> {
        let (root, walk) = self.walk.as_mut()?;
        for entry in walk.by_ref() {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let below = entry.path().strip_prefix(&*root).unwrap_or(entry.path());
                    if self.glob.is_match(below) {
                        return Some(Input {
                            name: entry.path().to_string_lossy().into_owned(),
                            origin: Origin::File(entry.into_path()),
                        });
                    }
                }
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_string_lossy().into_owned();
                    let message = match err.io_error() {
                        Some(io) => super::check::describe_io(io),
                        None => err.to_string(),
                    };
                    return Some(Input {
                        name: path,
                        origin: Origin::Unlisted(message),
                    });
                }
            }
        }
        self.walk = None;
        None
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(input) = self.next_walked() {
                return Some(input);
            }
            let arg = self.args.next()?;
            if arg == "-" {
                return Some(Input {
                    name: arg,
                    origin: Origin::Stdin,
                });
            }
            if is_folder(&arg) {
                let walk = WalkDir::new(&arg)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter();
                self.walk = Some((PathBuf::from(&arg), walk));
                continue;
            }
            // A missing or unreadable file is reported when it is read.
            let path = PathBuf::from(&arg);
            return Some(Input {
                name: arg,
                origin: Origin::File(path),
            });
        }
    }
}
