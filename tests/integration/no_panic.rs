//! Property tests: no input makes the sandbox or the engine panic, hang or abort. Failures are
//! Python exceptions (values), never crashes.

use lrtutor::content;
use lrtutor::engine::scenario;
use lrtutor::sandbox::{self, Limits};
use proptest::prelude::*;

fn small_limits() -> Limits {
    Limits {
        max_steps: 20_000,
        max_depth: 100,
        max_memory: 64 << 20,
        flags: false,
        max_output: 1 << 16,
        max_trace: 1_000,
        max_warnings: 100,
    }
}

/// Fragments learners type, so random programs reach deep into the evaluator.
const TOKENS: &[&str] = &[
    "import torch\n",
    "from torch.optim.lr_scheduler import *\n",
    "from torch.optim.lr_scheduler import StepLR, MultiStepLR, OneCycleLR, CyclicLR, SequentialLR, ReduceLROnPlateau\n",
    "import math\n",
    "opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1, momentum=0.9)\n",
    "opt = torch.optim.Adam([{'params': [torch.zeros(1)], 'lr': 1}])\n",
    "s = StepLR(opt, step_size=",
    "s = MultiStepLR(opt, milestones=[",
    "s = OneCycleLR(opt, max_lr=0.1, total_steps=",
    "s = CyclicLR(opt, 0.01, 0.1, ",
    "s = ReduceLROnPlateau(opt, ",
    "s = SequentialLR(opt, [StepLR(opt, 2), MultiStepLR(opt, [1])], [",
    "s.step(",
    "opt.step()\n",
    "print(",
    "s.get_last_lr()",
    "s.get_lr()",
    "s.state_dict()",
    "opt.param_groups[0]['lr']",
    "for i in range(",
    "while ",
    "if ",
    "def f(",
    "lambda e: ",
    "return ",
    "try:\n",
    "except Exception as e:\n",
    "    ",
    "\n",
    ":",
    ",",
    ")",
    "(",
    "]",
    "[",
    "{",
    "}",
    "=",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "<",
    "==",
    " and ",
    " not ",
    " in ",
    "0",
    "1",
    "3",
    "-1",
    "0.5",
    "1e308",
    "1e-320",
    "float('nan')",
    "'x'",
    "f'{",
    "{:.3e}",
    "None",
    "True",
    "x",
    "i",
    "e",
    "s",
    "opt",
    "math.cos(",
    "round(",
    "sorted(",
    "len(",
    "[1, 2]",
    "(1,)",
    "{'a': 1}",
    "*",
    "gamma=",
    "last_epoch=",
    "epoch",
    "verbose=True",
    "step_size=0",
    ".",
    "%d %s",
    "\"",
    "#",
    "\t",
    "\\",
    "@",
    "$",
    "\u{1b}[31m",
    "é",
];

/// Pieces of YAML, valid and not, for the course loader.
const YAML_TOKENS: &[&str] = &[
    "format: 1\n",
    "id: q\n",
    "title: t\n",
    "questions:\n",
    "  - id: a\n",
    "    type: choice\n",
    "    prompt: p\n",
    "    options:\n",
    "      - text: x\n",
    "        correct: true\n",
    "- ",
    "  ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a ",
    "&b ",
    "*b ",
    "!!str ",
    "|\n",
    ">-\n",
    "'",
    "\"",
    "\\x1b",
    "\u{1b}",
    "#",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "? ",
    "~",
    "0x1F",
    "1e9",
    "é",
    "\t",
    "\n",
    "<<: *a\n",
];

fn program() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|parts| parts.concat())
}

fn value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        any::<i64>().prop_map(serde_json::Value::from),
        (-3i64..40).prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(serde_json::Value::from),
        prop::sample::select(vec![0.0, 0.1, 0.5, 1.0, 2.0, -1.0, 1e-300, 1e300])
            .prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        "[a-z_]{0,8}".prop_map(serde_json::Value::from),
        prop::collection::vec(-2i64..30, 0..5).prop_map(serde_json::Value::from),
    ]
}

const KWARGS: &[&str] = &[
    "step_size",
    "gamma",
    "milestones",
    "factor",
    "total_iters",
    "start_factor",
    "end_factor",
    "power",
    "T_max",
    "eta_min",
    "T_0",
    "T_mult",
    "base_lr",
    "max_lr",
    "step_size_up",
    "step_size_down",
    "mode",
    "total_steps",
    "epochs",
    "steps_per_epoch",
    "pct_start",
    "anneal_strategy",
    "three_phase",
    "cycle_momentum",
    "div_factor",
    "final_div_factor",
    "patience",
    "threshold",
    "threshold_mode",
    "cooldown",
    "min_lr",
    "eps",
    "last_epoch",
];
const CLASSES: &[&str] = &[
    "StepLR",
    "MultiStepLR",
    "ConstantLR",
    "LinearLR",
    "ExponentialLR",
    "PolynomialLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "LambdaLR",
    "SequentialLR",
    "ChainedScheduler",
    "LRScheduler",
];

fn scenario() -> impl Strategy<Value = serde_json::Value> {
    (prop::sample::select(CLASSES), prop::collection::vec((prop::sample::select(KWARGS), value()), 0..6), prop::sample::select(vec!["SGD", "Adam", "Adagrad", "RMSprop"]), 0u64..40, prop::option::of(prop::collection::vec(value(), 0..45)))
        .prop_map(|(class, kwargs, opt, steps, extra)| {
            let kwargs: serde_json::Map<String, serde_json::Value> = kwargs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let mut sc = serde_json::json!({"id": "p", "optimizer": {"type": opt, "defaults": {"lr": 0.1}, "param_groups": [{"lr": 0.1}, {"lr": 0.01}]},
                "scheduler": {"type": class, "kwargs": kwargs}, "steps": steps});
            if let Some(list) = extra {
                let key = if class == "ReduceLROnPlateau" { "metrics" } else { "step_epochs" };
                sc[key] = serde_json::Value::from(list);
            }
            sc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        let _ = sandbox::run(&src, &small_limits());
    }

    #[test]
    fn python_like_programs_never_panic(src in program()) {
        let r = sandbox::run(&src, &small_limits());
        // Whatever happened is reported as output or a Python exception, never lost.
        prop_assert!(r.stdout.len() <= (1 << 16) + 1024);
    }

    #[test]
    fn yaml_like_course_files_never_panic(parts in prop::collection::vec(prop::sample::select(YAML_TOKENS), 0..80)) {
        let text = parts.concat();
        let course = content::load(&[("quizzes/q.yaml".to_string(), text.clone()), ("lessons/l.md".to_string(), format!("---\n{text}\n---\nbody\n"))]);
        // Whatever the text, each file either loads or is counted as unloaded with a diagnostic
        // naming it (all of its problems, so possibly several).
        let unloaded = course.unloaded.quizzes.len() + course.unloaded.lessons.len();
        prop_assert_eq!(course.quizzes.len() + course.lessons.len() + unloaded, 2);
        prop_assert_eq!(course.quizzes.len() + course.unloaded.quizzes.len(), 1);
        prop_assert!(course.diagnostics.len() >= unloaded);
        let _ = lrtutor::yaml::from_str::<serde_json::Value>(&text);
    }

    #[test]
    fn random_scenarios_never_panic(sc in scenario()) {
        let _ = scenario::run(&sc);
    }
}

#[test]
fn limits_stop_runaway_programs_with_python_errors() {
    let table: &[(&str, &str)] = &[
        ("while True:\n    pass\n", "TimeoutError"),
        ("def f(n):\n    return f(n + 1)\nf(0)\n", "RecursionError"),
        ("x = [0] * 100000000\n", "MemoryError"),
        ("x = []\nwhile True:\n    x.append(1)\n", "MemoryError"),
        ("while True:\n    print('spam' * 100)\n", "SandboxError"),
        ("import os\n", "SandboxError"),
        ("open('/etc/passwd')\n", "SandboxError"),
        ("class A:\n    __slots__ = ('x',)\n", "SandboxError"),
        (
            "class A:\n    pass\nwhile True:\n    class A(A):\n        pass\n",
            "TimeoutError",
        ),
        (
            "class A:\n    pass\nclass B:\n    pass\nwhile True:\n    class A(A, B):\n        pass\n",
            "TimeoutError",
        ),
        (
            "class A:\n    def __eq__(self, o):\n        return True\n",
            "SandboxError",
        ),
        (
            "class A:\n    def f(self):\n        return self.f()\nA().f()\n",
            "RecursionError",
        ),
        (
            "class A:\n    def __init__(self):\n        self.a = A()\nA()\n",
            "RecursionError",
        ),
        (
            "class A:\n    pass\nwhile True:\n    a = A()\n    a.x = [0] * 1000\n",
            "TimeoutError",
        ),
        (
            "class A:\n    pass\nx = []\nwhile True:\n    a = A()\n    a.x = x\n    x = [a]\n",
            "MemoryError",
        ),
    ];
    let limits = Limits {
        max_steps: 200_000,
        max_memory: 2 << 20,
        ..small_limits()
    };
    for (src, kind) in table {
        let r = sandbox::run(src, &limits);
        let got = r.error.as_ref().map(|e| e.kind.as_str());
        assert_eq!(got, Some(*kind), "{src}");
    }
}

/// A run frees what it made, cycles included (reference counting alone would keep a dict that
/// holds itself): measured with the counting allocator on this thread.
#[test]
fn runs_leave_no_memory_behind() {
    let table = [
        "d = {}\nd['k'] = d\nprint(d)\n",
        "a = []\na.append(a)\nb = [a, {'x': a}]\nprint(b)\n",
        "s = set()\nt = (1, [s])\nt[1].append(t)\nprint(len(t))\n",
        "def f():\n    x = [f]\n    return lambda: x\ng = f()\nl = [g]\nl.append(l)\n",
        "x = []\nfor i in range(10000):\n    x = [x, {'up': x}]\n",
        "class A:\n    def f(self):\n        return self\na = A()\na.me = a\na.m = a.f\nA.k = a\n",
        "class B:\n    @property\n    def p(self):\n        return self\nclass C(B):\n    def __init__(self):\n        super().__init__()\n        self.s = super()\nc = C()\nprint(c.p is c)\n",
    ];
    for src in table {
        let program = sandbox::compile(src).expect("compiles");
        // Warm up lazily allocated statics (formatting tables, interned names) first.
        drop(sandbox::run_program(&program, &Limits::default()));
        let before = lrtutor::memory::live_bytes();
        let r = sandbox::run_program(&program, &Limits::default());
        assert!(r.error.is_none(), "{src}: {:?}", r.error);
        drop(r);
        let left = lrtutor::memory::live_bytes() - before;
        assert!(left <= 0, "{src}: {left} bytes left after the run");
    }
}
