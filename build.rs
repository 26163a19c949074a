//! Embeds the bundled course (`lessons/`, `quizzes/`) in the binary: generates a list of
//! `include_str!`s so an installed `lrtutor` needs no files beside it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let mut entries = String::new();
    for dir in ["lessons", "quizzes"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(read) = std::fs::read_dir(Path::new(&root).join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = read
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md") || n.ends_with(".yaml") || n.ends_with(".yml"))
            .collect();
        names.sort();
        for name in names {
            println!("cargo:rerun-if-changed={dir}/{name}");
            let _ = writeln!(
                entries,
                "    (\"{dir}/{name}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{name}\"))),"
            );
        }
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let code = format!(
        "/// The bundled course files: (path, text).\npub const FILES: &[(&str, &str)] = &[\n{entries}];\n"
    );
    if let Err(e) = std::fs::write(Path::new(&out).join("bundle.rs"), code) {
        println!("cargo:warning=cannot write the course bundle: {e}");
    }
}
