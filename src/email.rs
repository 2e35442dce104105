//! (temporary; replaced by the extract branch)
use regex::Regex;
use std::sync::LazyLock;
pub(crate) struct EmailMatch {
    pub range: std::ops::Range<usize>,
    pub address: String,
}
static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").unwrap());
pub(crate) fn find_all(text: &str) -> Vec<EmailMatch> {
    RE.find_iter(text).map(|m| EmailMatch { range: m.range(), address: m.as_str().to_lowercase() }).collect()
}
pub(crate) fn find_obfuscated(text: &str) -> Vec<std::ops::Range<usize>> {
    text.match_indices("[email protected]").map(|(i, s)| i..i + s.len()).collect()
}
