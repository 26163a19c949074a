#![no_main]

use libfuzzer_sys::fuzz_target;
use lrtutor::content::{self, check};

// The input as a quiz file and as a lesson's front matter, through the loader and the checker's
// rules (no code run). Any YAML must come back as a course or a diagnostic.
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let files = vec![
        ("quizzes/q.yaml".to_string(), text.clone()),
        ("lessons/l.md".to_string(), format!("---\n{text}\n---\nbody\n")),
    ];
    let course = content::load(&files);
    // Each file comes back loaded, or named by at least one diagnostic (a file with several
    // schema errors gets them all).
    for (path, _) in &files {
        let loaded = course.quizzes.iter().any(|q| &q.path == path)
            || course.lessons.iter().any(|l| &l.path == path);
        let named = course.diagnostics.iter().any(|d| &d.path == path);
        assert!(loaded || named, "{path}: neither loaded nor named by a diagnostic");
    }
    let _ = check::check(&course, check::Options { run_code: false });
    let _ = lrtutor::yaml::from_str::<serde_json::Value>(&text);
});
