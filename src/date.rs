//! (temporary; replaced by the dates branch)
use crate::record::Precision;
use regex::Regex;
use std::sync::LazyLock;
pub(crate) struct DateMatch {
    pub range: std::ops::Range<usize>,
    pub date: jiff::civil::Date,
    pub precision: Precision,
}
static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)? )?(January|February|March|April|May|June|July|August|September|October|November|December)(?: (\d{1,2}),)? (\d{4})\b|\b(\d{1,2})/(\d{1,2})/(\d{4})\b").unwrap());
pub(crate) fn find_all(text: &str) -> Vec<DateMatch> {
    const M: [&str; 12] = ["january","february","march","april","may","june","july","august","september","october","november","december"];
    RE.captures_iter(text).filter_map(|c| {
        let m = c.get(0)?;
        if let Some(y) = c.get(4) {
            let mon = M.iter().position(|x| *x == c[2].to_lowercase())? as i8 + 1;
            let day = c.get(1).or(c.get(3)).map(|d| d.as_str().parse::<i8>().ok());
            let y: i16 = y.as_str().parse().ok()?;
            match day { Some(Some(d)) => Some(DateMatch{range:m.range(), date: jiff::civil::Date::new(y,mon,d).ok()?, precision: Precision::Day}),
              _ => Some(DateMatch{range:m.range(), date: jiff::civil::Date::new(y,mon,1).ok()?, precision: Precision::Month}) }
        } else {
            let d: i8 = c[5].parse().ok()?; let mo: i8 = c[6].parse().ok()?; let y: i16 = c[7].parse().ok()?;
            Some(DateMatch{range:m.range(), date: jiff::civil::Date::new(y,mo,d).ok()?, precision: Precision::Day})
        }
    }).collect()
}
pub(crate) fn iso(d: jiff::civil::Date) -> String { d.to_string() }
