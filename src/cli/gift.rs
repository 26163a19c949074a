//! `lrtutor export --gift QUIZ_ID [-o FILE] [--format gift|moodle-xml]` and
//! `lrtutor import --gift FILE -o quizzes/NAME.yaml`: Moodle interchange. Import writes the
//! questions it could read and lists, with line numbers, those it could not (exit 1 then).

use crate::classroom::gift;
use crate::content::clean;
use std::path::Path;

/// Export formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Gift,
    MoodleXml,
}

/// GIFT files larger than this are refused.
const MAX_GIFT_BYTES: u64 = 4 << 20;

pub fn export(
    id: &str,
    course_dir: Option<&Path>,
    output: Option<&Path>,
    format: ExportFormat,
) -> i32 {
    let Some(course) = super::check::course_for("lrtutor export", course_dir) else {
        return 2;
    };
    let Some(file) = course.quiz(id) else {
        let ids: Vec<&str> = course
            .quizzes
            .iter()
            .map(|q| q.quiz.id.value.as_str())
            .collect();
        errln!(
            "lrtutor export: no quiz '{}' in this course (quizzes: {})",
            clean(id),
            ids.join(", ")
        );
        return 2;
    };
    let done = match format {
        ExportFormat::Gift => gift::export(&file.quiz),
        ExportFormat::MoodleXml => gift::export_xml(&file.quiz),
    };
    for n in &done.notes {
        errln!("lrtutor export: {}", clean(n));
    }
    match output {
        None => out!("{}", done.text),
        Some(p) => {
            if let Err(e) = std::fs::write(p, &done.text) {
                errln!("lrtutor export: cannot write {}: {e}", p.display());
                return 2;
            }
        }
    }
    0
}

pub fn import(input: &Path, output: &Path) -> i32 {
    let text = match read(input) {
        Ok(t) => t,
        Err(msg) => {
            errln!("lrtutor import: {}: {msg}", input.display());
            return 2;
        }
    };
    let parsed = gift::import(&text);
    for p in &parsed.problems {
        errln!("{}:{}: {}", input.display(), p.line, clean(&p.message));
    }
    if parsed.questions.is_empty() {
        errln!(
            "lrtutor import: {}: no question lrtutor can hold; nothing written",
            input.display()
        );
        return 2;
    }
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    // `quizzes/07-warm-restarts.yaml` is quiz `warm-restarts`.
    let name = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    let id = gift::slug_id(if name.is_empty() { &stem } else { name });
    let title = (parsed.title.clone())
        .or_else(|| parsed.category.clone())
        .unwrap_or_else(|| id.clone());
    let yaml = gift::quiz_yaml(&id, &title, &parsed.questions);
    if let Err(e) = std::fs::write(output, yaml) {
        errln!("lrtutor import: cannot write {}: {e}", output.display());
        return 2;
    }
    errln!(
        "lrtutor import: wrote {} ({}); check it with `lrtutor check {}`",
        output.display(),
        super::count(parsed.questions.len(), "question", "questions"),
        output.display()
    );
    i32::from(!parsed.problems.is_empty())
}

fn read(p: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_GIFT_BYTES {
        return Err("larger than 4 MiB".to_string());
    }
    std::fs::read_to_string(p).map_err(|e| e.to_string())
}
