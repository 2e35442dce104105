//! A generated corpus of formal letters for the batch tests and benches.
//!
//! Letters follow one template with names, offices, places, dates and
//! deadlines varied by index, so no two files are alike. Shared by
//! `tests/cli.rs` and `benches/batch.rs` through `#[path]`.
#![allow(dead_code)]

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const GIVEN: &[&str] = &[
    "Sara", "James", "Priya", "Tom", "Aisha", "Owen", "Margaret", "Kwame", "Elin", "David",
];
const FAMILY: &[&str] = &[
    "Thornton",
    "O'Neill",
    "Patel",
    "de Souza",
    "Okafor",
    "Hughes",
    "Ng",
    "Brown",
    "Llewellyn",
    "Smith-Jones",
];
const HONORIFIC: &[&str] = &["Dame", "Mr", "Dr", "Ms", "The Rt Hon", "Professor"];
const ROLE: &[&str] = &[
    "Police and Crime Commissioner for Leicestershire",
    "Chief Constable",
    "Director of Children's Services",
    "Secretary of State for the Home Department",
    "Chief Executive",
];
const PLACE: &[(&str, &str)] = &[
    ("2 Marsham Street, London", "SW1P 4DF"),
    ("St Johns, Enderby, Leicester", "LE19 2BX"),
    ("Quarry House, Leeds", "LS2 7UE"),
    ("1 Hardman Street, Manchester", "M3 3EB"),
    ("Canal Side House, Liverpool", "L3 1BY"),
];
const MONTH: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const TOPIC: &[&str] = &[
    "violence reduction units",
    "modern slavery in supply chains",
    "the use of strip search on children",
    "the draft Victims Bill",
    "statutory guidance on domestic abuse",
];

fn pick<T: Copy>(list: &[T], i: usize, salt: usize) -> T {
    list[(i.wrapping_mul(2_654_435_761).wrapping_add(salt * 97)) % list.len()]
}

/// The text of letter number `i`.
pub fn letter(i: usize) -> String {
    let (from_given, from_family) = (pick(GIVEN, i, 1), pick(FAMILY, i, 2));
    let (to_given, to_family) = (pick(GIVEN, i, 3), pick(FAMILY, i, 4));
    let honorific = pick(HONORIFIC, i, 5);
    let role = pick(ROLE, i, 6);
    let (street, postcode) = pick(PLACE, i, 7);
    let (to_street, to_postcode) = pick(PLACE, i, 8);
    let topic = pick(TOPIC, i, 9);
    let day = 1 + i % 28;
    let month = MONTH[i % 12];
    let due = MONTH[(i + 2) % 12];
    let year = 2015 + i % 10;
    format!(
        "Office of the Independent Commissioner\n\
         {street}\n\
         {postcode}\n\
         \n\
         {honorific} {to_given} {to_family}\n\
         {role}\n\
         {to_street}\n\
         {to_postcode}\n\
         \n\
         {day} {month} {year}\n\
         \n\
         Our ref: IC/{year}/{i:05}\n\
         \n\
         Dear {honorific} {to_family},\n\
         \n\
         Re: {topic}\n\
         \n\
         1. I am writing about {topic}, following the report published in {month} {year}.¹ \
         The findings raise questions for your organisation that I would like to\n\
         understand better, in particular how the recommendations have been taken forward.\n\
         \n\
         2. I would be grateful if you could provide an update on the actions taken by\n\
         30 {due} {year}, and publish the resulting plan on your website.\n\
         \n\
         3. My office would welcome a meeting. Please contact {from_given} {from_family}\n\
         (letters{n}@example.org.uk, 020 3513 {n:04}) to arrange a time.\n\
         \n\
         Yours sincerely,\n\
         \n\
         {from_given} {from_family}\n\
         Independent Commissioner\n\
         \n\
         ¹ Independent Review of {topic}, {year}, https://www.example.gov.uk/review-{i}\n",
        n = i % 10_000,
    )
}

/// The path of letter `i` below `dir`: a hundred letters a folder, names
/// zero-padded so sorted paths follow the index.
pub fn path_of(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("{:03}", i / 100))
        .join(format!("letter-{i:06}.txt"))
}

/// Writes letters `0..n` below `dir` (created afresh) and returns their paths in order.
pub fn write_corpus(dir: &Path, n: usize) -> io::Result<Vec<PathBuf>> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    let mut paths = Vec::with_capacity(n);
    for i in 0..n {
        let path = path_of(dir, i);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, letter(i))?;
        paths.push(path);
    }
    Ok(paths)
}
