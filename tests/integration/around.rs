//! The code around a scheduler (issue 11): how plain `run` shows warnings raised inside
//! functions and loops (checked against CPython 3.11 + PyTorch 2.15's own stderr, recorded in
//! `tests/fixtures/run/*.cpython-stderr.txt`), and the plainly named `SandboxError` for each
//! construct the sandbox does not model (never an imitation of a Python error).

use super::process;
use lrtutor::sandbox::{self, Limits};

/// Python's default filter shows a warning once per place: a 100-epoch `step(epoch)` loop
/// inside a function prints one, attributed to the line in the function; the same warning
/// from another line prints again.
#[test]
fn plain_run_shows_warnings_as_cpython_does() {
    let dir = "tests/fixtures/run/";
    let (code, _, err) =
        process::lrtutor(&["run", &format!("{dir}warnings_from_functions.py")], "");
    assert_eq!(code, 0, "{err}");
    let shown = err
        .split("\n── lrtutor")
        .next()
        .unwrap_or("")
        .replace(dir, "");
    let want = std::fs::read_to_string(format!(
        "{}/{dir}warnings_from_functions.cpython-stderr.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("recorded stderr");
    assert_eq!(shown.trim_end(), want.trim_end());
}

/// `(snippet, line, words the message must contain)`: each is valid Python that CPython runs,
/// which lrtutor does not model and says so.
const NOT_MODELLED: &[(&str, u32, &str)] = &[
    (
        "import random\nx = 1\nrandom.random()\n",
        3,
        "random.random() before random.seed(n)",
    ),
    (
        "import random\nrandom.seed('abc')\n",
        2,
        "seeding random with str",
    ),
    (
        "import random\nrandom.seed(1)\nrandom.choices([1, 2])\n",
        3,
        "`random.choices` is not modelled",
    ),
    (
        "import torch\nw = [torch.zeros(1, requires_grad=True)]\nopt = torch.optim.SGD(w, lr=torch.tensor(0.5))\n",
        3,
        "a tensor learning rate",
    ),
    (
        "def f():\n    return eval('1 + 1')\n\nf()\n",
        2,
        "eval() inside a function",
    ),
    ("exec('x = 1', {})\n", 1, "exec() with globals or locals"),
    (
        "from collections import namedtuple\n",
        1,
        "`collections.namedtuple` is not modelled",
    ),
    (
        "import functools\n\nf = functools.lru_cache\n",
        3,
        "`functools.lru_cache` is not modelled",
    ),
    (
        "import torch\nm = torch.nn.Linear(2, 2)\nm.to('cuda')\n",
        3,
        "moving to device 'cuda'",
    ),
    (
        "import copy, torch\nopt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\ncopy.deepcopy(opt)\n",
        3,
        "copying SGD",
    ),
    (
        "import torch\nm = torch.nn.Linear(2, 1)\nopt = torch.optim.Adam(m.parameters(), lr=0.1)\nm(torch.ones(1, 2)).sum().backward()\nopt.step()\nprint(opt.state_dict())\n",
        6,
        "the optimizer's per-parameter state",
    ),
    (
        "import torch\nm = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)\nm(torch.ones(1, 2)).sum().backward()\nopt.step()\nlen(opt.state)\n",
        6,
        "the optimizer's per-parameter state",
    ),
    (
        "import torch\nopt = torch.optim.Adagrad([torch.zeros(1, requires_grad=True)], lr=0.1)\nfor k in opt.state_dict()['state']:\n    pass\n",
        3,
        "the optimizer's per-parameter state",
    ),
    (
        "import torch.nn as nn\nprint(nn.Conv2d(3, 8, (3, 5)))\n",
        2,
        "printing this Conv2d",
    ),
    (
        "import itertools\nprint(itertools.groupby)\n",
        2,
        "`itertools.groupby` is not modelled",
    ),
    (
        "import time\ntime.strftime('%Y')\n",
        2,
        "`time.strftime` is not part of lrtutor's sandbox",
    ),
    (
        "import warnings\n\nwarnings.filterwarnings('error')\n",
        3,
        "warnings.filterwarnings(\"error\")",
    ),
    (
        "import warnings\nwarnings.filterwarnings('ignore', message='.*lr')\n",
        2,
        "regular expression",
    ),
];

#[test]
fn constructs_not_modelled_are_named_with_their_line() {
    for (src, line, words) in NOT_MODELLED {
        let r = sandbox::run(src, &Limits::default());
        let e = r.error.unwrap_or_else(|| panic!("no error for {src:?}"));
        assert_eq!(e.kind, "SandboxError", "{src:?}: {}", e.message);
        assert_eq!(e.line, Some(*line), "{src:?}: {}", e.message);
        assert!(e.message.contains(words), "{src:?}: {}", e.message);
    }
}

#[test]
fn star_import_of_an_unmodelled_name_is_named() {
    let r = sandbox::run(
        "import torch\nfrom random import *\nseed(1)\nprint(choices([1, 2]))\n",
        &Limits::default(),
    );
    let e = r.error.expect("an error");
    assert_eq!(
        (e.kind.as_str(), e.line),
        ("SandboxError", Some(2)),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("`random.choices` is not modelled"),
        "{}",
        e.message
    );
}

/// Each warning shows where the run raised it, between the lines printed before and after (as
/// CPython shows them on a terminal, recorded with `python -u … 2>&1`), and a warning raised
/// inside PyTorch shows once per scheduler class (each class's `get_lr` is its own place).
/// PyTorch's own file and line are not known to lrtutor: both sides are reduced to
/// `[torch] category: message` before comparing.
#[test]
fn plain_run_interleaves_warnings_with_the_output_once_per_class() {
    let dir = "tests/fixtures/run/";
    let cmd = format!(
        "{} run {dir}warnings_interleaved.py 2>&1",
        env!("CARGO_BIN_EXE_lrtutor")
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &cmd])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sh runs lrtutor");
    let merged = String::from_utf8_lossy(&out.stdout);
    let shown = merged
        .split("\n── lrtutor")
        .next()
        .unwrap_or("")
        .replace(dir, "");
    let want = std::fs::read_to_string(format!(
        "{}/{dir}warnings_interleaved.cpython-merged.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("recorded output");
    assert_eq!(torch_places(&shown), torch_places(&want));
}

/// Lines of a warning raised in PyTorch's code, as `[torch] category: message` (CPython's
/// `<site-packages>/torch/…py:N: …` with its source line, or lrtutor's `torch/… (Class): …`).
fn torch_places(text: &str) -> String {
    let mut out = Vec::new();
    let mut lines = text.trim_end().lines();
    while let Some(l) = lines.next() {
        if let Some(rest) = l.strip_prefix("<site-packages>/torch/optim/lr_scheduler.py:") {
            let (_, warning) = rest.split_once(": ").unwrap_or(("", rest));
            out.push(format!("[torch] {warning}"));
            lines.next();
        } else if let Some(rest) = l.strip_prefix("torch/optim/lr_scheduler.py (") {
            let (_, warning) = rest.split_once("): ").unwrap_or(("", rest));
            out.push(format!("[torch] {warning}"));
        } else {
            out.push(l.to_string());
        }
    }
    out.join("\n")
}
