//! The `letterscope` binary, end to end: formats, tables, bad inputs, order,
//! stdin, exit codes and `--out`.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A fresh folder for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("letterscope-cli-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// Writes `bytes` to `rel` and returns the path as a string.
    fn file(&self, rel: &str, bytes: &[u8]) -> String {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn dir(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn letterscope(args: &[&str]) -> Output {
    letterscope_stdin(args, None)
}

fn letterscope_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_letterscope"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

#[track_caller]
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn names(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["source"]["name"].as_str().unwrap().to_string())
        .collect()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

const LETTER: &[u8] =
    b"Dear Minister,\n\nI write about the report.\n\nYours sincerely,\n\nA Person\n";

#[test]
fn one_file_gives_one_pretty_record_named_as_given() {
    let s = Scratch::new("pretty");
    let path = s.file("a.txt", LETTER);
    let out = letterscope(&["parse", &path]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.lines().count() > 5, "not pretty-printed: {text}");
    let record: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(record["schema"], "letterscope/1");
    assert_eq!(record["source"]["name"], path.as_str());
    assert_eq!(record["source"]["bytes"], LETTER.len());
    assert_eq!(stderr(&out), "", "a single file prints no summary");
}

#[test]
fn compact_prints_one_line() {
    let s = Scratch::new("compact");
    let path = s.file("a.txt", LETTER);
    let out = letterscope(&["parse", "--compact", &path]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out).lines().count(), 1);
    assert_eq!(jsonl(&stdout(&out))[0]["source"]["name"], path.as_str());
}

#[test]
fn folder_gives_json_lines_in_sorted_path_order() {
    let s = Scratch::new("order");
    let paths = corpus::write_corpus(&s.path("corpus"), 450).unwrap();
    s.file("corpus/notes.md", b"not a letter");
    let out = letterscope(&["parse", "--quiet", &s.path("corpus").to_string_lossy()]);
    assert_exit(&out, 0);
    let records = jsonl(&stdout(&out));
    let expected: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(names(&records), expected);
}

#[test]
fn file_arguments_keep_the_order_given() {
    let s = Scratch::new("argorder");
    let mut args = vec!["parse".to_string()];
    for i in (0..300).rev() {
        args.push(s.file(&format!("{i:03}.txt"), &corpus::letter(i).into_bytes()));
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = letterscope(&argv);
    assert_exit(&out, 0);
    assert_eq!(names(&jsonl(&stdout(&out))), args[1..].to_vec());
}

#[test]
fn bad_files_give_error_records_and_the_rest_still_parse() {
    let s = Scratch::new("bad");
    s.file("d/1-good.txt", LETTER);
    s.file("d/2-empty.txt", b"");
    s.file("d/3-blank.txt", b" \n\t\n");
    s.file("d/4-binary.txt", b"PK\x03\x04\0\0\x14\0");
    s.file("d/5-latin1.txt", b"Dear Herr M\xfcller,\n\nThank you.\n");
    s.file("d/6-good.txt", LETTER);
    let missing = s.path("missing.txt").to_string_lossy().into_owned();
    let out = letterscope(&["parse", &s.path("d").to_string_lossy(), &missing]);
    assert_exit(&out, 1);
    let records = jsonl(&stdout(&out));
    let kinds: Vec<Option<&str>> = records
        .iter()
        .map(|r| r["error"]["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            None,
            Some("empty"),
            Some("empty"),
            Some("binary"),
            None,
            None,
            Some("io")
        ]
    );
    assert_eq!(records[1]["source"]["bytes"], 0);
    assert_eq!(records[1]["error"]["message"], "the file is empty");
    assert_eq!(records[6]["source"]["name"], missing.as_str());
    assert_eq!(records[6]["source"]["bytes"], Value::Null);
    assert_eq!(records[6]["error"]["message"], "no such file");
    // Invalid UTF-8 is parsed, not failed.
    assert_eq!(records[4]["schema"], "letterscope/1");
    let err = stderr(&out);
    assert!(err.contains("2-empty.txt: the file is empty"), "{err}");
    assert!(err.contains(&format!("{missing}: no such file")), "{err}");
    assert!(err.contains("3 parsed, 4 failed"), "{err}");
}

#[test]
fn csv_has_one_quoted_row_per_letter_and_error_columns() {
    let s = Scratch::new("csv");
    let good = s.file("d/a, \"quoted\".txt", LETTER);
    let empty = s.file("d/b.txt", b"");
    let out = letterscope(&[
        "parse",
        "--format",
        "csv",
        "--quiet",
        &s.path("d").to_string_lossy(),
    ]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("a, \"\"quoted\"\".txt\","),
        "file name not quoted: {text}"
    );
    let rows = csv_rows(&text);
    assert_eq!(
        rows[0].join(","),
        "file,bytes,date,sender_name,sender_role,sender_organisation,sender_postcode,\
         addressee_name,addressee_role,addressee_organisation,addressee_postcode,subject,\
         paragraphs,footnotes,documents,requests,earliest_deadline,diagnostics,error,error_message"
    );
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    assert_eq!(rows[1][0], good);
    assert_eq!(rows[1][1], LETTER.len().to_string());
    assert_eq!(rows[1][18], "");
    assert_eq!(rows[2][0], empty);
    assert_eq!(rows[2][18], "empty");
    assert_eq!(rows[2][19], "the file is empty");
}

#[test]
fn json_for_several_inputs_is_one_array() {
    let s = Scratch::new("array");
    let a = s.file("a.txt", LETTER);
    let b = s.file("b.txt", b"");
    let out = letterscope(&["parse", "--format", "json", "--quiet", &a, &b]);
    assert_exit(&out, 1);
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["source"]["name"], a.as_str());
    assert_eq!(all[1]["error"]["kind"], "empty");
}

#[test]
fn tables_are_written_keyed_by_file_and_nothing_goes_to_stdout() {
    let s = Scratch::new("tables");
    let a = s.file("in/a.txt", LETTER);
    let bad = s.file("in/b.txt", b"\0\0");
    let tables = s.path("tables");
    let out = letterscope(&[
        "parse",
        "--quiet",
        "--tables",
        &tables.to_string_lossy(),
        &a,
        &bad,
    ]);
    assert_exit(&out, 1);
    assert_eq!(stdout(&out), "");
    let read = |name: &str| csv_rows(&fs::read_to_string(tables.join(name)).unwrap());
    let letters = read("letters.csv");
    assert_eq!(letters.len(), 3);
    assert_eq!(letters[1][0], a);
    assert_eq!(letters[2][0], bad);
    assert_eq!(letters[2][18], "binary");
    for (name, header) in [
        (
            "documents.csv",
            "file,index,title,kind,author,year,footnote,url,mentions",
        ),
        (
            "requests.csv",
            "file,index,kind,text,deadline,deadline_precision,deadline_text,span_start,span_end",
        ),
        (
            "contacts.csv",
            "file,index,name,role,organisation,emails,phones,span_start,span_end",
        ),
        (
            "footnotes.csv",
            "file,number,text,document,cited_from_paragraphs,span_start,span_end",
        ),
    ] {
        let rows = read(name);
        assert_eq!(rows[0].join(","), header, "{name}");
        // Whatever the parser finds, every row names its letter.
        assert!(rows[1..].iter().all(|r| r[0] == a), "{name}");
    }
}

#[test]
fn tables_with_format_also_write_records() {
    let s = Scratch::new("tablesfmt");
    let a = s.file("a.txt", LETTER);
    let tables = s.path("t");
    let out = letterscope(&[
        "parse",
        "--format",
        "jsonl",
        "--tables",
        &tables.to_string_lossy(),
        &a,
    ]);
    assert_exit(&out, 0);
    assert_eq!(names(&jsonl(&stdout(&out))), [a]);
    assert!(tables.join("letters.csv").exists());
}

#[test]
fn stdin_is_read_for_a_dash() {
    let out = letterscope_stdin(&["parse", "--compact", "-"], Some(LETTER));
    assert_exit(&out, 0);
    let record = &jsonl(&stdout(&out))[0];
    assert_eq!(record["source"]["name"], "-");
    assert_eq!(record["source"]["bytes"], LETTER.len());
}

#[test]
fn stdin_among_files_keeps_its_place() {
    let s = Scratch::new("stdinmix");
    let a = s.file("a.txt", LETTER);
    let b = s.file("b.txt", LETTER);
    let out = letterscope_stdin(&["parse", "--quiet", &a, "-", &b], Some(b"Dear Sir,\n"));
    assert_exit(&out, 0);
    assert_eq!(names(&jsonl(&stdout(&out))), [a.as_str(), "-", b.as_str()]);
}

#[test]
fn empty_stdin_fails_with_exit_1() {
    let out = letterscope_stdin(&["parse", "-"], Some(b""));
    assert_exit(&out, 1);
    assert_eq!(
        jsonl(&stdout(&out).replace('\n', ""))[0]["error"]["kind"],
        "empty"
    );
}

#[test]
fn one_unreadable_file_is_exit_2_naming_it() {
    let s = Scratch::new("missing");
    let missing = s.path("nope.txt").to_string_lossy().into_owned();
    let out = letterscope(&["parse", &missing]);
    assert_exit(&out, 2);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        format!("letterscope: {missing}: no such file\n")
    );
}

#[test]
fn usage_errors_are_exit_2() {
    assert_exit(&letterscope(&["parse"]), 2);
    assert_exit(&letterscope(&["parse", "--format", "xml", "a.txt"]), 2);
    assert_exit(&letterscope(&["parse", "--jobs", "0", "a.txt"]), 2);
    assert_exit(&letterscope(&["frobnicate"]), 2);
    let out = letterscope(&["parse", "--glob", "[", "."]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("bad --glob pattern"),
        "{}",
        stderr(&out)
    );
    let out = letterscope(&["parse", "-", "-"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("only once"));
}

#[test]
fn help_documents_exit_codes() {
    let out = letterscope(&["parse", "--help"]);
    assert_exit(&out, 0);
    let help = stdout(&out);
    assert!(help.contains("Exit status:"), "{help}");
    assert!(help.contains("1  some inputs failed"), "{help}");
}

#[test]
fn out_writes_the_file_and_not_stdout() {
    let s = Scratch::new("out");
    corpus::write_corpus(&s.path("c"), 20).unwrap();
    let target = s.path("records.jsonl");
    let out = letterscope(&[
        "parse",
        "--out",
        &target.to_string_lossy(),
        &s.path("c").to_string_lossy(),
    ]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "");
    assert_eq!(jsonl(&fs::read_to_string(&target).unwrap()).len(), 20);
    assert!(
        stderr(&out).contains("20 parsed, 0 failed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn out_that_cannot_be_created_is_exit_2() {
    let s = Scratch::new("outbad");
    let a = s.file("a.txt", LETTER);
    let target = s.path("no/such/dir/out.json");
    let out = letterscope(&["parse", "--out", &target.to_string_lossy(), &a]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
}

#[test]
fn glob_chooses_the_files_in_folders() {
    let s = Scratch::new("glob");
    s.file("d/a.txt", LETTER);
    let md = s.file("d/sub/b.md", LETTER);
    let out = letterscope(&["parse", "--quiet", "--glob", "*.md", &s.dir()]);
    assert_exit(&out, 0);
    assert_eq!(names(&jsonl(&stdout(&out))), [md]);
}

#[test]
fn a_folder_without_matches_says_so() {
    let s = Scratch::new("nomatch");
    s.file("d/a.md", LETTER);
    let out = letterscope(&["parse", &s.path("d").to_string_lossy()]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("no input"), "{}", stderr(&out));
}

#[test]
fn quiet_silences_the_summary_but_not_errors() {
    let s = Scratch::new("quiet");
    let a = s.file("a.txt", LETTER);
    let b = s.file("b.txt", b"");
    let out = letterscope(&["parse", "--quiet", &a, &b]);
    assert_exit(&out, 1);
    assert_eq!(
        stderr(&out),
        format!("letterscope: {b}: the file is empty\n")
    );
}

#[test]
fn jobs_do_not_change_the_output() {
    let s = Scratch::new("jobs");
    corpus::write_corpus(&s.path("c"), 300).unwrap();
    let dir = s.path("c").to_string_lossy().into_owned();
    let one = letterscope(&["parse", "--quiet", "--jobs", "1", &dir]);
    let four = letterscope(&["parse", "--quiet", "--jobs", "4", &dir]);
    assert_exit(&one, 0);
    assert_eq!(stdout(&one), stdout(&four));
}

#[test]
fn inputs_over_max_bytes_fail_without_stopping_the_run() {
    let s = Scratch::new("maxbytes");
    let small = s.file("a.txt", LETTER);
    let big = s.file("b.txt", &LETTER.repeat(10));
    let out = letterscope(&["parse", "--quiet", "--max-bytes", "100", &small, &big]);
    assert_exit(&out, 1);
    let records = jsonl(&stdout(&out));
    assert_eq!(records[0]["source"]["name"], small.as_str());
    assert_eq!(records[1]["error"]["kind"], "io");
    assert_eq!(records[1]["source"]["bytes"], LETTER.len() * 10);
    let message = records[1]["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("too large for a letter"), "{message}");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let s = Scratch::new("pipe");
    corpus::write_corpus(&s.path("c"), 2000).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_letterscope"))
        .args(["parse", "--quiet", &s.path("c").to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "");
}
