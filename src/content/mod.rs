//! Course content: lessons (Markdown + front matter) and quizzes/exercises (YAML), loaded from a
//! folder or from the copy bundled in the binary, with every problem reported as
//! `path:line:col: severity: message`. `check` lints a course and verifies keyed answers by
//! running them on the engine.

mod answer;
mod budget;
mod bundle;
pub mod check;
pub mod lesson;
pub mod quiz;
pub mod session;
pub mod variant;

use crate::yaml;

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in a file, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: u64,
    pub col: u64,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: &str, line: u64, col: u64, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            col,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: u64, col: u64, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

/// Why a file did not load: every problem found, and the id it declares when that could still
/// be read (so a reference to it is not reported as missing).
#[derive(Debug, Clone)]
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
    pub id: Option<String>,
}

impl Failed {
    pub fn one(d: Diagnostic) -> Failed {
        Failed {
            diagnostics: vec![d],
            id: None,
        }
    }

    /// A rejected YAML document as diagnostics, lines shifted by `line_offset` (front matter).
    pub fn rejected(path: &str, r: yaml::Rejected, line_offset: u64) -> Failed {
        Failed {
            diagnostics: r
                .errors
                .iter()
                .map(|e| yaml_error(path, e, line_offset))
                .collect(),
            id: r.id,
        }
    }
}

/// Lesson and quiz files that did not load, by kind.
#[derive(Debug, Default)]
pub struct Unloaded {
    /// The ids of broken lesson files (`None`: a file whose id could not be read).
    pub lessons: Vec<Option<String>>,
    pub quizzes: Vec<Option<String>>,
}

impl Unloaded {
    /// Whether an id missing from the loaded files may belong to a file that failed to load
    /// (whose errors are already reported).
    pub fn may_hold(ids: &[Option<String>], id: &str) -> bool {
        ids.iter().any(|x| x.as_deref().is_none_or(|x| x == id))
    }
}

/// A loaded quiz file.
#[derive(Debug)]
pub struct QuizFile {
    pub path: String,
    pub quiz: quiz::Quiz,
}

/// Everything that loaded, and what did not.
#[derive(Debug, Default)]
pub struct Course {
    pub lessons: Vec<lesson::Lesson>,
    pub quizzes: Vec<QuizFile>,
    /// Files that could not be read or parsed (the rest of the course still loads).
    pub diagnostics: Vec<Diagnostic>,
    /// The lessons and quizzes among them.
    pub unloaded: Unloaded,
}

impl Course {
    /// The quiz with id `id`.
    pub fn quiz(&self, id: &str) -> Option<&QuizFile> {
        self.quizzes.iter().find(|f| f.quiz.id.value == id)
    }

    /// Records a file refused before parsing (too large, unreadable): its problem, and that a
    /// lesson or quiz of unknown id is missing.
    pub fn refused(&mut self, d: Diagnostic) {
        if d.path.ends_with(".md") {
            self.unloaded.lessons.push(None);
        } else {
            self.unloaded.quizzes.push(None);
        }
        self.diagnostics.push(d);
    }
}

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// One parsed file.
enum Loaded {
    Lesson(lesson::Lesson),
    Quiz(QuizFile),
    Problem(Diagnostic),
    BadLesson(Failed),
    BadQuiz(Failed),
    Skipped,
}

/// The diagnostic for a file over [`MAX_FILE_BYTES`].
pub fn too_large(path: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        1,
        1,
        format!(
            "the file is larger than {MAX_FILE_BYTES} bytes, the limit for a course file: split it into several files"
        ),
    )
}

fn load_one(path: &str, text: &str) -> Loaded {
    if text.len() > MAX_FILE_BYTES {
        return Loaded::Problem(too_large(path));
    }
    if path.ends_with(".md") {
        return lesson::parse(path, text).map_or_else(Loaded::BadLesson, Loaded::Lesson);
    }
    if path.ends_with(".yaml") || path.ends_with(".yml") {
        return match yaml::from_str_checked::<quiz::Quiz>(text, &quiz::SCHEMA) {
            Ok(q) => Loaded::Quiz(QuizFile {
                path: path.to_string(),
                quiz: q,
            }),
            Err(r) => Loaded::BadQuiz(Failed::rejected(path, r, 0)),
        };
    }
    Loaded::Skipped
}

/// Loads a course from `(path, text)` pairs: `.md` files are lessons, `.yaml`/`.yml` quizzes.
/// Files are independent, so a large course is parsed on every core; the result is the same
/// whatever the number of threads.
pub fn load(files: &[(String, String)]) -> Course {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parsed: Vec<Loaded> = if threads <= 1 || files.len() < 8 {
        files.iter().map(|(p, t)| load_one(p, t)).collect()
    } else {
        let chunk = files.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || part.iter().map(|(p, t)| load_one(p, t)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    let mut course = Course::default();
    for item in parsed {
        match item {
            Loaded::Lesson(l) => course.lessons.push(l),
            Loaded::Quiz(q) => course.quizzes.push(q),
            Loaded::Problem(d) => course.refused(d),
            Loaded::BadLesson(f) => {
                course.diagnostics.extend(f.diagnostics);
                course.unloaded.lessons.push(f.id);
            }
            Loaded::BadQuiz(f) => {
                course.diagnostics.extend(f.diagnostics);
                course.unloaded.quizzes.push(f.id);
            }
            Loaded::Skipped => {}
        }
    }
    course.lessons.sort_by_key(|l| l.meta.order);
    course
}

/// The text of a bundled file (`quizzes/01-steplr.yaml`), for hashing what a student took.
pub fn bundled_source(path: &str) -> Option<&'static str> {
    bundle::source(path)
}

/// The course bundled in the binary (`lessons/` and `quizzes/` at build time).
pub fn bundled() -> Course {
    load(&bundle::files())
}

/// A YAML error as a diagnostic: its location (shifted by `line_offset` lines, for front
/// matter) and the first line of its message.
pub fn yaml_error(path: &str, e: &yaml::Error, line_offset: u64) -> Diagnostic {
    let (line, col) = e.at.unwrap_or((1, 1));
    Diagnostic::error(path, line + line_offset, col, clean(&e.message))
}

/// Removes control characters from text that came from a file, so it cannot drive the terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}
