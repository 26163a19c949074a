//! Syntax-error tests: expected classes, messages and lines were printed by CPython 3.11.

use super::*;

/// Source, then what CPython 3.11.7 reported for `compile(src, "f.py", "exec")`:
/// `{"type": type(e).__name__, "message": e.msg, "line": e.lineno}`, or null when it compiled.
const CASES_JSON: &str = include_str!("cases.json");

/// What CPython reported: class, message, line.
type Reported = (String, String, usize);

/// The cases as `(source, Some((class, message, line)))`.
fn cases() -> Vec<(String, Option<Reported>)> {
    let v: Vec<serde_json::Value> = serde_json::from_str(CASES_JSON).expect("cases.json is valid");
    v.iter()
        .map(|c| {
            let err = c["error"].as_object().map(|e| {
                (
                    e["type"].as_str().unwrap_or("").to_string(),
                    e["message"].as_str().unwrap_or("").to_string(),
                    e["line"].as_u64().unwrap_or(0) as usize,
                )
            });
            (c["source"].as_str().unwrap_or("").to_string(), err)
        })
        .collect()
}

fn outcome(src: &str) -> Option<(&'static str, String, usize)> {
    match parse(src) {
        Ok(_) => None,
        Err(e) => Some((e.kind, e.message, e.line)),
    }
}

#[test]
fn matches_cpython_311() {
    let mut wrong = Vec::new();
    let all = cases();
    for (src, want) in &all {
        let got = outcome(src).map(|(k, m, l)| (k.to_string(), m, l));
        if got != *want {
            wrong.push(format!("{src:?}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases differ:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}

#[test]
fn line_of_counts_every_line_end() {
    assert_eq!(line_of("", 0), 1);
    assert_eq!(line_of("a\nb", 1), 1);
    assert_eq!(line_of("a\nb", 2), 2);
    assert_eq!(line_of("a\r\nb", 2), 1);
    assert_eq!(line_of("a\r\nb", 3), 2);
    assert_eq!(line_of("a\rb\rc", 4), 3);
    assert_eq!(line_of("x\ny\n", 1_000), 3);
    // An offset inside a multi-byte character still counts the lines before it.
    assert_eq!(line_of("\u{e9}\n\u{e9}", 1), 1);
    assert_eq!(line_of("\u{e9}\n\u{e9}", 4), 2);
}

#[test]
fn valid_programs_parse() {
    let src = [
        "import torch",
        "from torch.optim.lr_scheduler import StepLR",
        "",
        "model = torch.nn.Linear(10, 1)",
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)",
        "sched = StepLR(opt, step_size=30, gamma=0.1)",
        "for epoch in range(100):",
        "    opt.step()",
        "    sched.step()",
        "    if epoch % 10 == 0:",
        "        print(f\"{epoch}: {sched.get_last_lr()[0]:.4f}\")",
        "",
    ]
    .join("\n");
    let src = src.as_str();
    let parsed = parse(src);
    assert!(
        parsed.as_ref().is_ok_and(|p| p.suite().len() == 6),
        "{:?}",
        parsed.err()
    );
    assert!(parse("").is_ok());
    assert!(parse("\n\n# only a comment\n").is_ok());
    assert!(parse("x = 1\r\nif x:\r\n    y = 2\r\n").is_ok());
}

#[test]
fn deep_expressions_are_refused_like_cpython() {
    for src in [
        format!("x = {}1\n", "-".repeat(5_000)),
        format!("x = {}1\n", "1 + ".repeat(50_000)),
    ] {
        let got = outcome(&src);
        assert_eq!(
            got,
            Some((
                "RecursionError",
                "maximum recursion depth exceeded during compilation".to_string(),
                1
            ))
        );
    }
    let nested = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        outcome(&nested),
        Some(("SyntaxError", "too many nested parentheses".to_string(), 1))
    );
    assert!(parse(&format!("x = {}1\n", "-".repeat(2_000))).is_ok());
}

#[test]
fn never_panics() {
    let fixed = [
        "\0",
        "\r",
        "\\",
        "'''",
        "f'{",
        "f'{x:{y:{z:{w}}}}'",
        "'\\N{",
        "b'\\x'",
        "\u{feff}",
        "\t\x0c\t x",
        "if x:\n\tpass\n        pass",
        "lambda: (yield)",
        "match x:\n case {**_}: pass",
    ];
    for src in fixed {
        let _ = parse(src);
    }
    // A fixed pseudo-random soup of Python fragments.
    const PIECES: [&str; 48] = [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        ".",
        "=",
        "+",
        "*",
        "**",
        "'",
        "\"",
        "'''",
        "\\",
        "#",
        "\n",
        "\r\n",
        "\t",
        "    ",
        "x",
        "1",
        "0x",
        "1_",
        "1e",
        "f'",
        "b'",
        "rb'",
        "{x}",
        "!r",
        ":=",
        "->",
        "if ",
        "else",
        "for ",
        " in ",
        "def ",
        "class ",
        "lambda",
        "yield",
        "await ",
        "print ",
        "\u{201c}",
        "\u{a0}",
        "\\N{",
        "\u{1f600}",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3_000 {
        let mut src = String::new();
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        let len = (state >> 33) % 40;
        for _ in 0..len {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let pick = usize::try_from((state >> 33) % 48).unwrap_or(0);
            src.push_str(PIECES.get(pick).copied().unwrap_or(""));
        }
        let _ = parse(&src);
    }
}

#[test]
fn large_input_is_handled() {
    let block =
        "def f(x):\n    return [i * x for i in range(10) if i % 2]\n\nclass A:\n    y = f(3)\n";
    let src = block.repeat(5_000);
    assert!(parse(&src).is_ok());
    let broken = format!("{src}print(\"done\"\n");
    assert_eq!(
        outcome(&broken),
        Some(("SyntaxError", "'(' was never closed".to_string(), 25_001))
    );
}
