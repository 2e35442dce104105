//! (temporary; replaced by the extract branch)
use regex::Regex;
use std::sync::LazyLock;
pub(crate) struct PostcodeMatch {
    pub range: std::ops::Range<usize>,
    pub postcode: String,
    pub repaired: bool,
}
static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Z]{1,2}[0-9lI][0-9A-Z]?) ?([0-9O][A-Z]{2})\b").unwrap());
pub(crate) fn find_all(text: &str) -> Vec<PostcodeMatch> {
    RE.captures_iter(text)
        .map(|c| {
            let m = c.get(0).unwrap();
            let out = c[1].replace(['l', 'I'], "1");
            let inw = c[2].replace('O', "0");
            PostcodeMatch { range: m.range(), postcode: format!("{out} {inw}"), repaired: m.as_str().contains(['l', 'I', 'O']) }
        })
        .collect()
}
