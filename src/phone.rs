//! (temporary; replaced by the extract branch)
use regex::Regex;
use std::sync::LazyLock;
pub(crate) struct PhoneMatch {
    pub range: std::ops::Range<usize>,
    pub e164: Option<String>,
}
static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\+44 ?\(0\) ?|\+44 ?|\b0)\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b").unwrap());
pub(crate) fn find_all(text: &str) -> Vec<PhoneMatch> {
    RE.find_iter(text)
        .map(|m| {
            let s = m.as_str().replace("(0)", "");
            let d: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
            let nat = d.strip_prefix("44").map(|x| x.to_string()).unwrap_or_else(|| d.trim_start_matches('0').to_string());
            PhoneMatch { range: m.range(), e164: Some(format!("+44{nat}")) }
        })
        .collect()
}
