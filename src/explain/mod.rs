//! The mistake explainer: recognises common scheduler mistakes in a learner's run — statically
//! on the program, dynamically on its error, warnings and learning-rate trace — and explains each
//! one from the catalog, with the line, what happened, why and a fix. Also compares an exercise
//! attempt's trajectory with the reference's (`compare`).

pub mod catalog;
pub mod compare;
mod detect;
mod per_batch;
pub mod scan;

use crate::sandbox::{Program, RunResult};

/// A recognised mistake, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    pub id: &'static str,
    pub title: String,
    /// What happened on which line, then why (Markdown).
    pub explanation: String,
    /// A corrected snippet.
    pub fix: Option<String>,
    pub line: Option<u32>,
}

/// What a detector found, before the catalog text is attached.
#[derive(Debug, Clone)]
pub struct Finding {
    pub id: &'static str,
    pub line: Option<u32>,
    /// One sentence about this run ("`StepLR` on line 5 was given `milestones=[10, 20]`.").
    pub detail: String,
}

/// The mistakes in one run, one per id, in the order of their lines.
pub fn diagnose(program: Option<&Program>, result: &RunResult) -> Vec<Mistake> {
    let scan = program.map(|p| scan::scan(&p.module)).unwrap_or_default();
    let mut findings = detect::findings(&scan, result);
    findings.sort_by_key(|f| f.line.unwrap_or(u32::MAX));
    let mut out: Vec<Mistake> = Vec::new();
    for f in findings {
        if out.iter().any(|m| m.id == f.id) {
            continue;
        }
        if let Some(m) = explain(f) {
            out.push(m);
        }
    }
    out
}

/// Attaches the catalog entry to a finding.
fn explain(f: Finding) -> Option<Mistake> {
    let entry = catalog::get(f.id)?;
    let lead = match f.line {
        Some(l) => format!("Line {l}: {}", f.detail),
        None => f.detail.clone(),
    };
    Some(Mistake {
        id: f.id,
        title: entry.title.clone(),
        explanation: format!("{lead}\n\n{}", entry.explanation.trim_end()),
        fix: entry.fix.clone(),
        line: f.line,
    })
}
