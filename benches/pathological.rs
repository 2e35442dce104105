//! Growing pathological inputs: the time per byte must stay flat (no pass
//! more than linear in the input). Each group grows one input by 10x steps;
//! compare the `thrpt` column across a group. Every iteration asserts the
//! record describes its input, and each input's record is checked against
//! the full invariants once before it is timed.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../tests/common/mod.rs"]
mod common;

use common::invariants::{check, Input};

/// A small letter used when neither fixtures nor the shared corpus exist.
const FALLBACK: &str = "Home Office\n2 Marsham Street\nLondon SW1P 4DF\n\n13 October 2020\n\n\
Dear Dame Sara,\n\nI am writing about my <u>Annual Report</u> and the announcement\u{b9} of \
funding.\n\nPlease reply by 30 November 2020.\n\nYours sincerely,\n\nSara Thornton\n\n\
\u{b9} Home Office announcement, 2019.\n";

fn one_line_letter() -> String {
    let letter = common::fixture_letters()
        .into_iter()
        .next()
        .map_or_else(|| FALLBACK.to_string(), |(_, s)| s);
    letter.replace(['\n', '\r'], " ") + " "
}

/// Deterministic bytes (xorshift64*), so runs compare.
fn seeded_bytes(n: usize) -> Vec<u8> {
    let mut seed: u64 = 0x5EED_1E77_E25C_09E0;
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(n);
    out
}

fn bench_str(c: &mut Criterion, group: &str, inputs: Vec<(String, String)>) {
    let mut g = c.benchmark_group(group);
    g.sample_size(10);
    for (label, input) in inputs {
        let first = letterscope::parse(&input);
        if let Err(e) = check(&first, Input::Str(&input)) {
            panic!("{group}/{label}: invariants violated:\n{e}");
        }
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&label), &input, |b, input| {
            b.iter(|| {
                let l = letterscope::parse(black_box(input));
                assert_eq!(l.source.bytes, input.len());
                l
            })
        });
    }
    g.finish();
}

fn pathological(c: &mut Criterion) {
    let letter = one_line_letter();
    bench_str(
        c,
        "one_line_letter",
        [1, 10, 100]
            .iter()
            .map(|&k| (format!("x{k}"), letter.repeat(k)))
            .collect(),
    );
    bench_str(
        c,
        "empty_lines",
        [10_000, 100_000, 1_000_000]
            .iter()
            .map(|&n| (n.to_string(), "\n".repeat(n)))
            .collect(),
    );
    bench_str(
        c,
        "footnote_markers",
        [1_000, 10_000, 100_000]
            .iter()
            .map(|&n| (n.to_string(), "word\u{b9} ".repeat(n)))
            .collect(),
    );
    bench_str(
        c,
        "open_brackets",
        [1_000, 10_000, 100_000]
            .iter()
            .map(|&n| (n.to_string(), "[a](".repeat(n)))
            .collect(),
    );

    let mut g = c.benchmark_group("random_bytes");
    g.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let input = seeded_bytes(n);
        if let Err(e) = check(&letterscope::parse_bytes(&input), Input::Bytes(&input)) {
            panic!("random_bytes/{n}: invariants violated:\n{e}");
        }
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
            b.iter(|| {
                let l = letterscope::parse_bytes(black_box(input));
                assert_eq!(l.source.bytes, input.len());
                l
            })
        });
    }
    g.finish();
}

criterion_group!(benches, pathological);
criterion_main!(benches);
