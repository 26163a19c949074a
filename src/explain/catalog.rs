//! The mistake catalog (`assets/mistakes.yaml`, embedded at build time): ids, titles, learner
//! explanations, fixes and related lessons.

use serde::Deserialize;
use std::sync::OnceLock;

/// One catalog entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id that tools and quizzes refer to.
    pub id: String,
    /// One line saying what went wrong.
    pub title: String,
    /// Why it happens, in Markdown.
    pub explanation: String,
    /// A corrected snippet, when the mistake is in code.
    #[serde(default)]
    pub fix: Option<String>,
    /// The lesson that teaches the idea.
    #[serde(default)]
    pub lesson: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    format: u32,
    mistakes: Vec<Entry>,
}

const SOURCE: &str = include_str!("../../assets/mistakes.yaml");

/// Every entry of the bundled catalog (parsed once; a broken catalog is a build-time bug that
/// the tests catch, so here it degrades to an empty list rather than a panic).
pub fn entries() -> &'static [Entry] {
    static CATALOG: OnceLock<Vec<Entry>> = OnceLock::new();
    CATALOG.get_or_init(|| parse(SOURCE).unwrap_or_default())
}

/// Parses a catalog document.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let c: Catalog = crate::yaml::from_str(text).map_err(|e| e.to_string())?;
    if c.format != 1 {
        return Err(format!("unsupported catalog format {}", c.format));
    }
    Ok(c.mistakes)
}

/// The entry with this id.
pub fn get(id: &str) -> Option<&'static Entry> {
    entries().iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalog_parses_and_ids_are_unique() {
        let all = parse(SOURCE).expect("catalog parses");
        assert!(all.len() >= 28, "{} entries", all.len());
        let mut ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate ids");
        for e in &all {
            assert!(
                !e.title.is_empty() && e.explanation.len() > 40,
                "{} needs a real explanation",
                e.id
            );
        }
    }
}
