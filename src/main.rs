//! The letterscope command-line tool: a thin layer over the library.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(2).cloned().unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let mut l = letterscope::parse_bytes(&bytes);
    l.source.name = Some(path);
    println!("{}", serde_json::to_string_pretty(&l).unwrap_or_default());
}
