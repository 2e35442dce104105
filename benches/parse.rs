//! Single-letter parse speed over the fixture corpus.
//!
//! Letters come from the first of: `$LETTERSCOPE_BENCH_CORPUS`,
//! `../shared/corpus/dev/*.txt` beside the repository, or the project's
//! `fixtures/*.txt`. With none of them (a bare checkout), one generated letter is
//! used so the bench still runs.

#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn letters() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = std::env::var_os("LETTERSCOPE_BENCH_CORPUS")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.push(root.join("../shared/corpus/dev"));
    dirs.push(root.join("fixtures"));
    for dir in dirs {
        let files = txt_files(&dir);
        if !files.is_empty() {
            return files
                .into_iter()
                .filter_map(|p| {
                    let name = p.file_stem()?.to_string_lossy().into_owned();
                    Some((name, fs::read(&p).ok()?))
                })
                .collect();
        }
    }
    vec![("generated".to_string(), corpus::letter(7).into_bytes())]
}

fn parse(c: &mut Criterion) {
    let letters = letters();
    // The whole corpus in one iteration: the headline MB/s figure.
    let total: usize = letters.iter().map(|l| l.1.len()).sum();
    let mut all = c.benchmark_group("corpus");
    all.throughput(Throughput::Bytes(total as u64));
    all.bench_function("all", |b| {
        b.iter(|| {
            let mut n = 0;
            for (_, bytes) in &letters {
                let letter = letterscope::parse_bytes(black_box(bytes));
                n += letter.source.bytes;
            }
            assert_eq!(n, total);
            n
        })
    });
    all.finish();
    let mut group = c.benchmark_group("parse");
    for (name, bytes) in letters {
        let len = bytes.len();
        group.throughput(Throughput::Bytes(len as u64));
        match std::str::from_utf8(&bytes) {
            Ok(text) => group.bench_function(&name, |b| {
                b.iter(|| {
                    let letter = letterscope::parse(black_box(text));
                    assert_eq!(letter.source.bytes, len);
                    letter
                })
            }),
            Err(_) => group.bench_function(&name, |b| {
                b.iter(|| {
                    let letter = letterscope::parse_bytes(black_box(&bytes));
                    assert_eq!(letter.source.bytes, len);
                    letter
                })
            }),
        };
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
