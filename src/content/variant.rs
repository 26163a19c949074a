//! Per-student variants of a question. A question's `params:` names lists of values
//! (`lr: [0.1, 0.05]`); each student gets one combination, picked by the seed and the question
//! id, and `{{lr}}` in the prompt, code, options, feedback and solution becomes its value. With
//! `verify`, `{{answer}}` is the engine's answer for that combination, and an option with
//! `value_of:` (arithmetic over the params) or `code_variant:` (the code with one substitution)
//! shows its computed value as `{{value}}`. Everything runs in the sandbox: no file, no clock.

use super::answer::answer;
use super::quiz::{Choice, Question};
use crate::sandbox::RunResult;
use serde_json::Value;

/// Combinations above this are checked on a seeded sample of this size.
pub const CHECK_ALL_UP_TO: usize = 200;

/// One combination of a question's params.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Position in the mixed-radix enumeration of the combinations (first param varies slowest).
    pub index: usize,
    /// Each param and the value this variant takes, in the order written.
    pub values: Vec<(String, Value)>,
}

impl Variant {
    /// `lr=0.05, gamma=0.5`: how messages name the combination.
    pub fn describe(&self) -> String {
        self.values
            .iter()
            .map(|(k, v)| format!("{k}={}", python_literal(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The params as (name, values) pairs, or why they are not usable.
pub fn params(q: &Question) -> Result<Vec<(&str, &[Value])>, String> {
    let Some(p) = &q.params else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, values) in &p.value {
        if !is_identifier(name) {
            return Err(format!(
                "param '{name}' must be a Python name (letters, digits, `_`), to be usable as `{{{{{name}}}}}` and in `value_of`"
            ));
        }
        if matches!(name.as_str(), "answer" | "value") {
            return Err(format!(
                "param '{name}' is reserved: `{{{{{name}}}}}` is filled in by the engine"
            ));
        }
        match values {
            Value::Array(list) if !list.is_empty() => out.push((name.as_str(), list.as_slice())),
            _ => {
                return Err(format!(
                    "param '{name}' must be a non-empty list of values, such as `{name}: [0.1, 0.05]`"
                ));
            }
        }
    }
    Ok(out)
}

/// How many combinations the params make (1 without params), saturating.
pub fn combinations(q: &Question) -> usize {
    params(q).map_or(1, |p| {
        p.iter().fold(1usize, |n, (_, v)| n.saturating_mul(v.len()))
    })
}

/// The `index`-th combination (taken modulo the number of combinations).
pub fn nth(q: &Question, index: usize) -> Option<Variant> {
    let p = params(q).ok().filter(|p| !p.is_empty())?;
    let index = index % combinations(q).max(1);
    let mut rest = index;
    let mut values = vec![(String::new(), Value::Null); p.len()];
    // The last param varies fastest.
    for (slot, (name, list)) in values.iter_mut().zip(&p).rev() {
        *slot = (name.to_string(), list[rest % list.len()].clone());
        rest /= list.len();
    }
    Some(Variant { index, values })
}

/// The variant a student with `seed` gets for `q`: a function of the seed and the question id.
pub fn pick(q: &Question, seed: u64) -> Option<Variant> {
    let n = combinations(q) as u64;
    let h = mix(seed ^ fnv1a(&q.id.value).rotate_left(29) ^ 0x5641_5249_414e_5453);
    nth(q, (h % n.max(1)) as usize)
}

/// The combinations `check` verifies: all of them, or a seeded sample above [`CHECK_ALL_UP_TO`].
pub fn to_check(q: &Question) -> Vec<usize> {
    let n = combinations(q);
    if n <= CHECK_ALL_UP_TO {
        return (0..n).collect();
    }
    let mut state = fnv1a(&q.id.value);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < CHECK_ALL_UP_TO {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let k = (mix(state) % n as u64) as usize;
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    picked.sort_unstable();
    picked
}

/// The question as a student with this variant sees it: every `{{name}}` filled in, computed
/// options worked out with `run` (which runs code in the sandbox, or `None` when a budget is
/// spent). Without a variant only `{{answer}}`/`{{value}}` are computed.
pub fn render(
    q: &Question,
    v: Option<&Variant>,
    run: &mut dyn FnMut(&str) -> Option<RunResult>,
) -> Result<Question, String> {
    let fill = |s: &str| v.map_or(s.to_string(), |v| substitute(s, v));
    let mut r = q.clone();
    r.prompt = fill(&q.prompt);
    if let Some(c) = &mut r.code {
        c.value = fill(&c.value);
    }
    for step in &mut r.solution {
        step.title = fill(&step.title);
        step.text = fill(&step.text);
    }
    r.quick_check = q.quick_check.as_deref().map(fill);
    for o in &mut r.options {
        o.text.value = fill(&o.text.value);
        o.why = o.why.as_deref().map(fill);
    }
    let needs_answer = r
        .options
        .iter()
        .any(|o| o.text.value.contains("{{answer}}"));
    if needs_answer {
        let key = engine_answer(&r, None, run)?;
        for o in &mut r.options {
            o.text.value = o.text.value.replace("{{answer}}", &key);
        }
    }
    for k in 0..r.options.len() {
        let value = computed(&r, &r.options[k], v, run)?;
        if let Some(value) = value {
            let o = &mut r.options[k];
            o.text.value = o.text.value.replace("{{value}}", &value);
        }
    }
    Ok(r)
}

/// The value of a `value_of` or `code_variant` option, or `None` for a plain option.
fn computed(
    q: &Question,
    o: &Choice,
    v: Option<&Variant>,
    run: &mut dyn FnMut(&str) -> Option<RunResult>,
) -> Result<Option<String>, String> {
    if let Some(expr) = &o.value_of {
        return arithmetic(&expr.value, v, run).map(Some);
    }
    if let Some(cv) = &o.code_variant {
        let fill = |s: &str| v.map_or(s.to_string(), |v| substitute(s, v));
        let (from, to) = (fill(&cv.value.replace), fill(&cv.value.with));
        return engine_answer(q, Some((&from, &to)), run).map(Some);
    }
    Ok(None)
}

/// The `verify` answer of the question's code (with one substitution, for `code_variant`).
fn engine_answer(
    q: &Question,
    change: Option<(&str, &str)>,
    run: &mut dyn FnMut(&str) -> Option<RunResult>,
) -> Result<String, String> {
    let (Some(code), Some(verify)) = (&q.code, &q.verify) else {
        return Err(
            "`{{answer}}` and `code_variant` need `code` and `verify` to compute them".to_string(),
        );
    };
    let mut source = code.value.clone();
    if let Some((from, to)) = change {
        if from.is_empty() || !source.contains(from) {
            return Err(format!(
                "`code_variant`: the code has no `{from}` to replace"
            ));
        }
        source = source.replacen(from, to, 1);
    }
    let r = run(&source).ok_or("the check's step budget is spent")?;
    let what = if change.is_some() {
        "the `code_variant`"
    } else {
        "the code"
    };
    answer(&r, &verify.value)
        .map(|a| a.text().to_string())
        .map_err(|e| format!("{what}: {e}"))
}

/// Evaluates a `value_of` expression with Python's arithmetic (in the sandbox), after making
/// sure it is only arithmetic over the params.
fn arithmetic(
    expr: &str,
    v: Option<&Variant>,
    run: &mut dyn FnMut(&str) -> Option<RunResult>,
) -> Result<String, String> {
    let names: Vec<&str> = v.map_or(Vec::new(), |v| {
        v.values.iter().map(|(k, _)| k.as_str()).collect()
    });
    safe_expression(expr, &names)?;
    let mut source = String::new();
    for (k, val) in v.map_or(&[][..], |v| v.values.as_slice()) {
        source.push_str(&format!("{k} = {}\n", python_literal(val)));
    }
    source.push_str(&format!("print({expr})\n"));
    let r = run(&source).ok_or("the check's step budget is spent")?;
    if let Some(e) = &r.error {
        return Err(format!(
            "`value_of: {expr}` raises {}: {}",
            e.kind, e.message
        ));
    }
    Ok(r.stdout.trim().to_string())
}

/// Functions a `value_of` expression may call.
const FUNCTIONS: &[&str] = &["min", "max", "abs", "round", "len", "sum"];

/// Refuses anything in a `value_of` but numbers, the params, arithmetic, brackets and a few
/// functions, so it is plainly arithmetic (the sandbox would contain anything else anyway).
pub fn safe_expression(expr: &str, names: &[&str]) -> Result<(), String> {
    if expr.trim().is_empty() {
        return Err(
            "`value_of` is empty; write arithmetic over the params, such as `lr * gamma`"
                .to_string(),
        );
    }
    let mut chars = expr.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_alphabetic() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '_') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let word = &expr[i..end];
            if !names.contains(&word) && !FUNCTIONS.contains(&word) {
                return Err(format!(
                    "`value_of: {expr}`: `{word}` is not a param of this question (params: {})",
                    names.join(", ")
                ));
            }
        } else if c.is_ascii_digit() {
            // A number, with its fraction and exponent.
            while let Some(&(_, d)) = chars.peek() {
                if !(d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '_')) {
                    break;
                }
                chars.next();
            }
        } else if !"+-*/%()[]., ".contains(c) {
            return Err(format!(
                "`value_of: {expr}`: `{c}` is not arithmetic; use numbers, params, + - * / ** %, brackets and {}",
                FUNCTIONS.join(", ")
            ));
        }
    }
    Ok(())
}

/// Fills in `{{name}}` for each param of the variant; other text is left as written.
pub fn substitute(text: &str, v: &Variant) -> String {
    let mut out = text.to_string();
    for (name, value) in &v.values {
        let key = format!("{{{{{name}}}}}");
        if out.contains(&key) {
            out = out.replace(&key, &python_literal(value));
        }
    }
    out
}

/// The `{{name}}` placeholders in `text` (names only).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if is_identifier(name) {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

/// A param's value as Python source: numbers as Python's `repr`, text as is, lists as `[3, 6]`.
pub fn python_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        // Floats as Python writes them (`1e-05`, `0.1`), so a prompt shows what a print would.
        Value::Number(n) => match (n.is_f64(), n.as_f64()) {
            (true, Some(x)) => crate::engine::repr::float_repr(x),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(python_literal).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(_) => "{...}".to_string(),
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// SplitMix64's finaliser: a well-mixed function of the input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, 64 bits.
pub fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::quiz::Quiz;
    use crate::sandbox::{self, Limits};

    fn question(yaml: &str) -> Question {
        let text = format!("format: 1\nid: q\ntitle: t\nquestions:\n{yaml}");
        let q: Quiz = crate::yaml::from_str(&text).expect("quiz");
        q.questions.into_iter().next().expect("question")
    }

    const STEP: &str = "  - id: s\n    type: choice\n    prompt: \"lr {{lr}}, gamma {{gamma}}\"\n    params:\n      lr: [0.1, 0.05, 0.01]\n      gamma: [0.1, 0.5]\n    code: |\n      import torch\n      from torch.optim.lr_scheduler import StepLR\n      opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr={{lr}})\n      s = StepLR(opt, step_size=2, gamma={{gamma}})\n      for _ in range(2):\n          opt.step()\n          s.step()\n      print(opt.param_groups[0]['lr'])\n    verify: {output_line: -1}\n    options:\n      - text: \"{{answer}}\"\n        correct: true\n      - text: \"{{value}}\"\n        value_of: lr * gamma * gamma\n      - text: \"{{value}}\"\n        code_variant: {replace: \"range(2)\", with: \"range(1)\"}\n";

    fn run(code: &str) -> Option<RunResult> {
        Some(sandbox::run(code, &Limits::default()))
    }

    #[test]
    fn combinations_enumerate_every_value_once() {
        let q = question(STEP);
        assert_eq!(combinations(&q), 6);
        let all: Vec<String> = (0..6)
            .map(|k| nth(&q, k).expect("variant").describe())
            .collect();
        let want = [
            "lr=0.1, gamma=0.1",
            "lr=0.1, gamma=0.5",
            "lr=0.05, gamma=0.1",
            "lr=0.05, gamma=0.5",
            "lr=0.01, gamma=0.1",
            "lr=0.01, gamma=0.5",
        ];
        assert_eq!(all, want);
        assert_eq!(to_check(&q), (0..6).collect::<Vec<_>>());
    }

    #[test]
    fn a_variant_fills_in_params_and_computes_key_and_distractors() {
        let q = question(STEP);
        let v = nth(&q, 3).expect("variant");
        let r = render(&q, Some(&v), &mut run).expect("render");
        assert_eq!(r.prompt, "lr 0.05, gamma 0.5");
        // Python: 0.05 * 0.5 = 0.025; the scheduler got there by the same product.
        let texts: Vec<&str> = r.options.iter().map(|o| o.text.value.as_str()).collect();
        assert_eq!(texts, ["0.025", "0.0125", "0.05"]);
    }

    #[test]
    fn value_of_refuses_anything_but_arithmetic() {
        let names = ["lr", "gamma"];
        let table = [
            ("lr * gamma", true),
            ("lr * gamma ** 2", true),
            ("max(lr, 1e-3) / 2", true),
            ("__import__('os')", false),
            ("lr.real", false),
            ("open", false),
            ("lr; 1", false),
            ("", false),
        ];
        for (expr, ok) in table {
            assert_eq!(safe_expression(expr, &names).is_ok(), ok, "{expr}");
        }
    }

    #[test]
    fn above_200_combinations_check_samples_200_distinct_ones() {
        let list: Vec<String> = (0..15).map(|i| i.to_string()).collect();
        let yaml = format!(
            "  - id: big\n    type: choice\n    prompt: p\n    params:\n      a: [{0}]\n      b: [{0}]\n    options:\n      - text: x\n        correct: true\n      - text: y\n",
            list.join(", ")
        );
        let q = question(&yaml);
        assert_eq!(combinations(&q), 225);
        let picked = to_check(&q);
        assert_eq!(picked, to_check(&q));
        assert_eq!(picked.len(), CHECK_ALL_UP_TO);
        assert!(picked.windows(2).all(|w| w[0] < w[1]) && picked[199] < 225);
    }

    #[test]
    fn the_pick_depends_on_seed_and_question_only() {
        let q = question(STEP);
        let picks: std::collections::HashSet<usize> = (0..64)
            .map(|s| pick(&q, s).expect("variant").index)
            .collect();
        assert_eq!(picks.len(), 6, "every combination is reachable");
        assert_eq!(pick(&q, 9), pick(&q, 9));
    }
}
