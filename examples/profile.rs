//! Parses every letter of a folder many times: a steady load for a profiler.
//!
//! `cargo run --release --example profile -- ../shared/corpus/dev 200`
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "fixtures".into());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let letters: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    let bytes: usize = letters.iter().map(Vec::len).sum();
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for l in &letters {
            n += letterscope::parse_bytes(l).body.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} letters x {rounds}: {:.1} MB/s, {:.0} letters/s ({n} paragraphs)",
        letters.len(),
        (bytes * rounds) as f64 / secs / 1e6,
        (letters.len() * rounds) as f64 / secs
    );
}
