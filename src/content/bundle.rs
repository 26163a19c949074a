//! The course files embedded at build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/bundle.rs"));

/// The bundled files as `(path, text)` pairs.
pub fn files() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// The text of one bundled file.
pub fn source(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}
