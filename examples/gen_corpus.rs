//! Writes the generated letter corpus used by the batch bench to a folder,
//! for batch runs by hand: `cargo run --release --example gen_corpus -- DIR 10000`.
#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "generated".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let paths = corpus::write_corpus(std::path::Path::new(&dir), n)?;
    eprintln!("{} letters written below {dir}", paths.len());
    Ok(())
}
