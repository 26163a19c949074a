//! `lrtutor check [PATH...] [--format json]`: loads lessons, quizzes and exercises (the bundled
//! course by default), lints them and verifies them on the engine, and prints every problem as
//! `path:line:col: error: message`. Exit 1 when there is an error.

use super::json::Out;
use crate::content::check::{self, Report};
use crate::content::{self, Diagnostic};
use crate::engine::Num;
use std::path::{Path, PathBuf};

/// Runs the command; returns the exit code.
pub fn run(paths: &[PathBuf], course_dir: Option<&Path>, json: bool) -> i32 {
    if let (Some(dir), false) = (course_dir, paths.is_empty()) {
        errln!(
            "lrtutor check: --course {} and PATHs name two courses; give one of them",
            dir.display()
        );
        return 2;
    }
    let loaded = if paths.is_empty() {
        load_course(course_dir).map(|course| (course, None))
    } else {
        gather(paths).map(|(files, only)| (files.into_course(), only))
    };
    let (course, only) = match loaded {
        Ok(x) => x,
        Err(msg) => {
            errln!("lrtutor check: {msg}");
            return 2;
        }
    };
    let mut report = check::check(&course, check::Options { run_code: true });
    if let Some(only) = only {
        report.diagnostics.retain(|d| only.contains(&d.path));
    }
    if json {
        let mut buf = String::new();
        report_json(&report).write(&mut buf);
        outln!("{buf}");
    } else {
        for d in &report.diagnostics {
            outln!("{}", content::clean(&d.to_string()));
        }
        let s = &report.summary;
        let (e, w) = (report.errors().count(), report.warnings().count());
        let c = super::count;
        outln!(
            "checked {}, {} ({}, {}); {} verified on the engine; {}, {}",
            c(s.lessons, "lesson", "lessons"),
            c(s.quizzes, "quiz", "quizzes"),
            c(s.questions, "question", "questions"),
            c(s.exercises, "exercise", "exercises"),
            s.verified,
            c(e, "error", "errors"),
            c(w, "warning", "warnings")
        );
    }
    i32::from(report.errors().next().is_some())
}

/// The course a learner works with: the bundled one, or the one in `--course DIR`.
pub(super) fn load_course(dir: Option<&Path>) -> Result<content::Course, String> {
    let Some(dir) = dir else {
        return Ok(content::bundled());
    };
    let mut files = Files::default();
    read_course(dir, &mut files)?;
    Ok(files.into_course())
}

/// [`load_course`] for command `cmd`: None after saying on stderr why it could not be read
/// (the command then exits 2).
pub(super) fn course_for(cmd: &str, dir: Option<&Path>) -> Option<content::Course> {
    match load_course(dir) {
        Ok(c) => Some(c),
        Err(msg) => {
            errln!("{cmd}: {msg}");
            None
        }
    }
}

/// The files read for checking, and those refused for their size.
#[derive(Default)]
struct Files {
    texts: Vec<(String, String)>,
    refused: Vec<Diagnostic>,
}

impl Files {
    fn add(&mut self, p: &Path) -> Result<(), String> {
        match read(p)? {
            Ok(text) => self.texts.push((p.display().to_string(), text)),
            Err(d) => self.refused.push(d),
        }
        Ok(())
    }

    /// Loads what was read; refused files stay named among the diagnostics.
    fn into_course(self) -> content::Course {
        let mut course = content::load(&self.texts);
        for d in self.refused {
            course.refused(d);
        }
        course
    }

    fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.refused.is_empty()
    }
}

/// Reads the files to check. A file given alone is checked in the context of its course (the
/// folder holding its `lessons/` or `quizzes/` folder); only its own problems are reported.
fn gather(paths: &[PathBuf]) -> Result<(Files, Option<Vec<String>>), String> {
    let mut files = Files::default();
    let mut only: Option<Vec<String>> = None;
    for p in paths {
        if p.is_dir() {
            read_course(p, &mut files)?;
            continue;
        }
        let name = p.display().to_string();
        only.get_or_insert_with(Vec::new).push(name.clone());
        let root = p
            .parent()
            .filter(|d| {
                d.file_name()
                    .is_some_and(|n| n == "lessons" || n == "quizzes")
            })
            .and_then(Path::parent);
        match root {
            Some(r) => read_course(r, &mut files)?,
            None => files.add(p)?,
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.texts.retain(|(p, _)| seen.insert(p.clone()));
    Ok((files, only))
}

/// Reads `DIR/lessons/*.md`, `DIR/quizzes/*.yaml|yml` and lesson/quiz files directly in DIR.
fn read_course(dir: &Path, files: &mut Files) -> Result<(), String> {
    for sub in [dir.join("lessons"), dir.join("quizzes"), dir.to_path_buf()] {
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                // Not `is_file`: a FIFO or device named like a lesson is reported, not skipped.
                !p.is_dir()
                    && p.extension()
                        .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
            })
            .collect();
        paths.sort();
        for p in paths {
            if p.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            files.add(&p)?;
        }
    }
    if files.is_empty() {
        return Err(format!(
            "{}: no lessons (*.md) or quizzes (*.yaml) found",
            dir.display()
        ));
    }
    Ok(())
}

/// A file's text, or (for a file over the size limit, which is not read at all) the
/// diagnostic that replaces it.
fn read(p: &Path) -> Result<Result<String, Diagnostic>, String> {
    let meta = super::files::regular(p)
        .map_err(|e| format!("{}: cannot read: {e}", p.display()))?
        .map_err(|what| format!("{}: cannot read: not a regular file ({what})", p.display()))?;
    if meta.len() > content::MAX_FILE_BYTES as u64 {
        return Ok(Err(content::too_large(&p.display().to_string())));
    }
    // Read no more than the limit even if the file grew since it was measured.
    let bytes = super::files::read_text_bytes(p, content::MAX_FILE_BYTES as u64)
        .map_err(|e| format!("{}: cannot read: {e}", p.display()))?;
    String::from_utf8(bytes)
        .map(Ok)
        .map_err(|_| format!("{}: not UTF-8 text", p.display()))
}

fn diag_json(d: &Diagnostic) -> Out {
    Out::Obj(vec![
        ("path", Out::Str(d.path.clone())),
        ("line", Out::Num(Num::Int(d.line as i64))),
        ("col", Out::Num(Num::Int(d.col as i64))),
        ("message", Out::Str(d.message.clone())),
    ])
}

fn report_json(r: &Report) -> Out {
    let n = |x: usize| Out::Num(Num::Int(x as i64));
    let s = &r.summary;
    Out::Obj(vec![
        ("errors", Out::List(r.errors().map(diag_json).collect())),
        ("warnings", Out::List(r.warnings().map(diag_json).collect())),
        (
            "summary",
            Out::Obj(vec![
                ("lessons", n(s.lessons)),
                ("quizzes", n(s.quizzes)),
                ("questions", n(s.questions)),
                ("exercises", n(s.exercises)),
                ("verified", n(s.verified)),
            ]),
        ),
    ])
}
