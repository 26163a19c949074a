//! `lrtutor class report RESULTS... [--format text|csv|json] [--table questions|students|mistakes]`:
//! reads exam results files (or every `*.json` in the folders given) and prints the class report.
//! Exit 0; 1 when some file could not be read (the others are reported); 2 when none could.

use crate::classroom::report::{self, Table};
use crate::classroom::results::{self, Attempt};
use std::path::{Path, PathBuf};

/// Output formats of `class report`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Csv,
    Json,
}

/// The tables `--format csv` can print.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvTable {
    Questions,
    Students,
    Mistakes,
}

/// Results files are small; anything larger is not one.
const MAX_RESULTS_BYTES: u64 = 4 << 20;

pub fn report(paths: &[PathBuf], format: ReportFormat, table: CsvTable) -> i32 {
    let mut files = Vec::new();
    let mut failed = 0;
    for p in paths {
        if let Err(msg) = expand(p, &mut files) {
            errln!("lrtutor class report: {}: {msg}", p.display());
            failed += 1;
        }
    }
    let mut attempts: Vec<(String, Attempt)> = Vec::new();
    for (f, read) in files.iter().zip(read_all(&files)) {
        match read {
            Ok(a) => attempts.push((f.display().to_string(), a)),
            Err(msg) => {
                errln!("lrtutor class report: {}: {msg}", f.display());
                failed += 1;
            }
        }
    }
    if attempts.is_empty() {
        errln!(
            "lrtutor class report: no results to report (give results files or folders of them)"
        );
        return 2;
    }
    let groups = report::build(&attempts);
    match format {
        ReportFormat::Text => out!("{}", report::text(&groups)),
        ReportFormat::Csv => {
            let t = match table {
                CsvTable::Questions => Table::Questions,
                CsvTable::Students => Table::Students,
                CsvTable::Mistakes => Table::Mistakes,
            };
            out!("{}", report::csv(&groups, t));
        }
        ReportFormat::Json => match serde_json::to_string_pretty(&groups) {
            Ok(s) => outln!("{s}"),
            Err(e) => {
                errln!("lrtutor class report: {e}");
                return 2;
            }
        },
    }
    i32::from(failed > 0)
}

/// A file as itself; a folder as its `*.json` files, sorted.
fn expand(p: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    if !p.is_dir() {
        files.push(p.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(p).map_err(|e| e.to_string())?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.extension().is_some_and(|e| e == "json") && !f.is_dir())
        .collect();
    if found.is_empty() {
        return Err("no results files (*.json) in this folder".to_string());
    }
    found.sort();
    files.extend(found);
    Ok(())
}

/// Reads and parses the files on every core (a class's results are many small files); the
/// results are in the order of `files`.
fn read_all(files: &[PathBuf]) -> Vec<Result<Attempt, String>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads <= 1 || files.len() < 16 {
        return files.iter().map(|f| read(f)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let h = s.spawn(move || part.iter().map(|f| read(f)).collect::<Vec<_>>());
                (part.len(), h)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(n, h)| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("could not be read".to_string()); n])
            })
            .collect()
    })
}

fn read(p: &Path) -> Result<Attempt, String> {
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_RESULTS_BYTES {
        return Err("larger than 4 MiB: not a results file".to_string());
    }
    let text = std::fs::read_to_string(p).map_err(|e| e.to_string())?;
    results::parse(&text)
}
