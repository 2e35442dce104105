//! The batch path end to end: the built binary over 10,000 generated letters.
//!
//! The corpus is written once to a temp folder (a hundred letters a folder,
//! see `support/corpus.rs`); each iteration runs
//! `letterscope parse DIR --quiet --out FILE` and checks every record came out.

#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const LETTERS: usize = 10_000;

fn run(dir: &Path, out: &Path, format: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_letterscope"))
        .args(["parse", "--quiet", "--format", format, "--out"])
        .arg(out)
        .arg(dir)
        .status()
        .expect("the letterscope binary runs");
    assert!(status.success(), "letterscope exited with {status}");
}

fn batch(c: &mut Criterion) {
    let scratch =
        std::env::temp_dir().join(format!("letterscope-bench-batch-{}", std::process::id()));
    let dir = scratch.join("corpus");
    corpus::write_corpus(&dir, LETTERS).expect("the temp folder is writable");
    let out = scratch.join("out");

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(LETTERS as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("jsonl_10k", |b| {
        b.iter(|| {
            run(&dir, &out, "jsonl");
            let records = fs::read(&out).expect("output written");
            assert_eq!(records.iter().filter(|&&b| b == b'\n').count(), LETTERS);
        })
    });
    group.bench_function("csv_10k", |b| {
        b.iter(|| {
            run(&dir, &out, "csv");
            let rows = csv::Reader::from_path(&out)
                .expect("output written")
                .records()
                .count();
            assert_eq!(rows, LETTERS);
        })
    });
    group.finish();
    let _ = fs::remove_dir_all(&scratch);
}

criterion_group!(benches, batch);
criterion_main!(benches);
