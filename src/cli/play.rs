//! `lrtutor play [FILE.py]`: the app opened on the playground — on the file's code when one is
//! given (Ctrl-S writes it back; a file that does not exist yet starts empty and is created on
//! save). Not a terminal: a usage error pointing at `lrtutor run`, so scripts never hang.

use std::path::{Path, PathBuf};

pub fn run(course_dir: Option<&Path>, theme: Option<String>, file: Option<PathBuf>) -> i32 {
    if !super::app::interactive() {
        errln!(
            "lrtutor play: not a terminal, so the playground cannot open; `lrtutor run FILE.py` runs a snippet in a pipe"
        );
        return 2;
    }
    let file = match file {
        Some(path) if !path.exists() => Some((path, String::new())),
        Some(path) => match super::run::read(&path) {
            Ok(code) => Some((path, code)),
            Err(e) => {
                errln!(
                    "lrtutor play: {}: {e}",
                    crate::content::clean(&path.display().to_string())
                );
                return 2;
            }
        },
        None => None,
    };
    super::app::start(course_dir, theme, super::app::Start::Play(file))
}
