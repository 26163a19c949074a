//! The playground's work outside the app state, done by the event sources (never in
//! `update`): writing a file the learner asked to save, and handing the code to the learner's
//! own editor (`$VISUAL`, else `$EDITOR`, else `vi`) and reading it back. Files without a path
//! of their own go under the data directory (`LRTUTOR_HOME`, else `$XDG_DATA_HOME/lrtutor`,
//! else `~/.local/share/lrtutor`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The data directory (not created here).
pub fn data_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("LRTUTOR_HOME")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("lrtutor")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/lrtutor")))
}

/// Where code named `name` is written for the external editor (`edit/` under the data
/// directory, apart from the saved code in `playground/`).
pub fn scratch_path(name: &str) -> Result<PathBuf, String> {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let dir = data_dir()
        .ok_or("no data directory: set LRTUTOR_HOME (or HOME) to a folder lrtutor may write")?
        .join("edit");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir.join(format!("{safe}.py")))
}

/// Writes `code` to `path`; the status line's message.
pub fn save(path: &Path, code: &str) -> String {
    match std::fs::write(path, code) {
        Ok(()) => format!("saved to {}", path.display()),
        Err(e) => format!("not saved: cannot write {}: {e}", path.display()),
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi` (split on spaces: `code -w`).
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into())
}

/// Writes `code` to `path` (or the scratch file for `name`), runs `editor` on it and waits,
/// then reads the file back. The caller suspends and restores the terminal around it.
pub fn edit(path: Option<PathBuf>, name: &str, code: &str, editor: &str) -> Result<String, String> {
    let path = match path {
        Some(p) => p,
        None => scratch_path(name)?,
    };
    std::fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut words = editor.split_whitespace();
    let program = words
        .next()
        .ok_or("the editor command is empty: set $VISUAL or $EDITOR")?;
    let status = Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .map_err(|e| {
            format!("could not start the editor `{editor}`: {e}; set $VISUAL or $EDITOR")
        })?;
    if !status.success() {
        return Err(format!(
            "the editor `{editor}` ended with {status}; your code in the app is unchanged"
        ));
    }
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {} back: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_command_edits_the_file_and_a_failing_one_changes_nothing() {
        let dir = std::env::temp_dir().join(format!("lrtutor-outside-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("a.py");
        let got = edit(Some(file.clone()), "x", "lr = 0.1\n", "sed -i s/0.1/0.5/");
        assert_eq!(got.as_deref(), Ok("lr = 0.5\n"));
        let err = edit(Some(file.clone()), "x", "lr = 0.1\n", "false").expect_err("false fails");
        assert!(err.contains("ended with"), "{err}");
        let err = edit(Some(file), "x", "", "/nonexistent/editor").expect_err("no such editor");
        assert!(err.contains("could not start the editor"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
