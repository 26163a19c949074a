//! `lrtutor simulate FILE [--json]`: reads scenarios (JSON or YAML), runs them on the engine and
//! prints either the reference-format results or a readable table with a plot.

use super::json::Out;
use super::plot::plot;
use crate::engine::Num;
use crate::engine::scenario::{self, Outcome};
use serde_json::Value as Json;
use std::path::Path;

/// Runs the command; returns the exit code.
pub fn run(path: &Path, json: bool) -> i32 {
    let name = path.display().to_string();
    let (scenarios, many) = match load(path) {
        Ok(x) => x,
        Err(msg) => {
            errln!("lrtutor simulate: {}: {}", clean(&name), clean(&msg));
            return 2;
        }
    };
    let mut outcomes = Vec::with_capacity(scenarios.len());
    for (i, sc) in scenarios.iter().enumerate() {
        match scenario::run(sc) {
            Ok(o) => outcomes.push(o),
            Err(e) => {
                let id = sc
                    .get("id")
                    .and_then(Json::as_str)
                    .map_or(format!("#{}", i + 1), |s| format!("'{s}'"));
                errln!(
                    "lrtutor simulate: {}: scenario {}: {}",
                    clean(&name),
                    clean(&id),
                    clean(&e.to_string())
                );
                return 2;
            }
        }
    }
    let text = if json {
        json_text(&outcomes, many)
    } else {
        outcomes.iter().map(table).collect::<Vec<_>>().join("\n")
    };
    out!("{text}");
    0
}

/// Reads and parses the file; returns the scenarios and whether the input held a list.
fn load(path: &Path) -> Result<(Vec<Json>, bool), String> {
    let text = read(path)?;
    let doc = parse(path, &text)?;
    match doc {
        Json::Object(ref o) if o.contains_key("scenarios") => match o.get("scenarios") {
            Some(Json::Array(list)) => Ok((list.clone(), true)),
            _ => Err("\"scenarios\" must be a list of scenario objects".into()),
        },
        Json::Array(list) => Ok((list, true)),
        Json::Object(_) => Ok((vec![doc], false)),
        _ => Err(format!("not a scenario file: {WHAT_A_SCENARIO_IS}")),
    }
}

/// What `simulate` reads, for messages about files that are something else.
const WHAT_A_SCENARIO_IS: &str = "simulate reads scheduler scenarios in JSON or YAML, one object with `optimizer`, `scheduler` and `steps` or {\"scenarios\": [...]} (see assets/examples/steplr.yaml)";

fn read(path: &Path) -> Result<String, String> {
    super::files::read_text(path, super::files::MAX_INPUT_BYTES)
        .map_err(|e| format!("cannot read the file: {e}"))
}

/// JSON first (the reference format); YAML for `.yaml`/`.yml` files or when JSON fails.
fn parse(path: &Path, text: &str) -> Result<Json, String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "py" {
        return Err(format!(
            "this is a Python file, not a scenario file: run a snippet with `lrtutor run {}`; {WHAT_A_SCENARIO_IS}",
            path.display()
        ));
    }
    let yaml_first = ext == "yaml" || ext == "yml";
    if !yaml_first {
        match serde_json::from_str::<Json>(text) {
            Ok(v) => return Ok(v),
            Err(e) if ext == "json" || text.trim_start().starts_with(['{', '[']) => {
                return Err(format!("{}:{}: invalid JSON: {e}", e.line(), e.column()));
            }
            Err(_) => {}
        }
    }
    crate::yaml::from_str::<Json>(text).map_err(|e| {
        if yaml_first {
            format!("invalid YAML: {e}")
        } else {
            // Neither JSON nor YAML: most likely some other kind of file.
            format!("not a scenario file: it is neither JSON nor YAML (YAML stops at {e}); {WHAT_A_SCENARIO_IS}")
        }
    })
}

fn num(n: Num) -> Out {
    Out::Num(n)
}

fn json_text(outcomes: &[Outcome], many: bool) -> String {
    let items: Vec<Out> = outcomes.iter().map(outcome_json).collect();
    let mut buf = String::new();
    if many {
        Out::List(items).write(&mut buf);
    } else if let Some(one) = items.into_iter().next() {
        one.write(&mut buf);
    }
    buf.push('\n');
    buf
}

fn outcome_json(o: &Outcome) -> Out {
    let lr = Out::List(
        o.lr.iter()
            .map(|row| Out::List(row.iter().map(|x| num(*x)).collect()))
            .collect(),
    );
    let momentum = match &o.momentum {
        None => Out::Null,
        Some(rows) => Out::List(
            rows.iter()
                .map(|row| Out::List(row.iter().map(|m| m.map_or(Out::Null, num)).collect()))
                .collect(),
        ),
    };
    let error = match &o.error {
        None => Out::Null,
        Some(e) => Out::Obj(vec![
            ("type", Out::Str(e.kind.name().into())),
            ("message", Out::Str(e.message.clone())),
        ]),
    };
    let warnings = Out::List(o.warnings.iter().map(|w| Out::Str(w.clone())).collect());
    Out::Obj(vec![
        ("id", Out::Str(o.id.clone())),
        ("lr", lr),
        ("momentum", momentum),
        ("error", error),
        ("warnings", warnings),
    ])
}

/// A readable report of one scenario: lr (and momentum) per step, then a plot.
fn table(o: &Outcome) -> String {
    let mut s = format!("== {} ==\n", clean(&o.id));
    let groups = o.lr.first().map_or(0, Vec::len);
    let mut header = format!("{:>6}", "step");
    for g in 0..groups {
        header.push_str(&format!("  {:>22}", format!("lr[{g}]")));
    }
    if o.momentum.is_some() {
        for g in 0..groups {
            header.push_str(&format!("  {:>22}", format!("momentum[{g}]")));
        }
    }
    s.push_str(&header);
    s.push('\n');
    for (i, row) in o.lr.iter().enumerate() {
        let label = if i == 0 {
            "init".to_string()
        } else {
            i.to_string()
        };
        s.push_str(&format!("{label:>6}"));
        for x in row {
            s.push_str(&format!("  {:>22}", x.to_string()));
        }
        if let Some(m) = o.momentum.as_ref().and_then(|m| m.get(i)) {
            for x in m {
                s.push_str(&format!(
                    "  {:>22}",
                    x.map_or("-".to_string(), |v| v.to_string())
                ));
            }
        }
        s.push('\n');
    }
    if let Some(e) = &o.error {
        s.push_str(&format!("raised {}\n", clean(&e.to_string())));
    }
    for w in &o.warnings {
        s.push_str(&format!("warning: {}\n", clean(w)));
    }
    let marks = ['•', '◦', '+', 'x', '*', '#'];
    let series: Vec<(String, char, Vec<f64>)> = (0..groups)
        .map(|g| {
            (
                format!("group {g}"),
                marks[g % marks.len()],
                o.lr.iter()
                    .filter_map(|r| r.get(g))
                    .map(|n| n.f())
                    .collect(),
            )
        })
        .collect();
    let refs: Vec<(&str, char, Vec<f64>)> = series
        .iter()
        .map(|(n, c, v)| (n.as_str(), *c, v.clone()))
        .collect();
    s.push_str(&plot(&refs, 60, 10));
    s
}

/// Removes control characters (terminal escape sequences) from text that came from the input.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect()
}
