//! The course files embedded at build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/bundle.rs"));

/// The bundled files as `(path, text)` pairs.
pub fn files() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}
