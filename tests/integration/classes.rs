//! What the sandbox's classes do not model stops with a SandboxError that names the construct and
//! the line (never an imitation of a Python error); and a traceback through a learner's methods
//! as `lrtutor run` prints it. (What classes do model is checked against CPython + PyTorch by the
//! recorded snippets in `tests/fixtures/snippets/classes/`.)

use lrtutor::sandbox::{self, Limits};

const PRELUDE: &str = "import torch\nfrom torch.optim.lr_scheduler import *\nopt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)\n";

#[test]
fn unmodelled_class_constructs_are_named_with_their_line() {
    // (snippet after the prelude, words the message must hold, line of the error)
    let table: &[(&str, &[&str], u32)] = &[
        (
            "class A:\n    __slots__ = ('x',)\n",
            &["__slots__", "line 4"],
            4,
        ),
        (
            "class A:\n    def __add__(self, o):\n        return 1\n",
            &["__add__", "line 4"],
            4,
        ),
        ("class M(type):\n    pass\n", &["extends type", "line 4"], 4),
        (
            "class A(metaclass=type):\n    pass\n",
            &["class keywords"],
            4,
        ),
        ("from dataclasses import dataclass\n", &["dataclasses"], 4),
        ("@print\nclass A:\n    pass\n", &["class decorators"], 4),
        (
            "class E(ValueError):\n    pass\n",
            &["extends ValueError", "line 4"],
            4,
        ),
        (
            "class N(torch.nn.Linear):\n    pass\n",
            &["extends Linear"],
            4,
        ),
        (
            "class N(torch.nn.Module):\n    pass\nprint(N())\n",
            &["printing a torch.nn.Module subclass (N)", "line 6"],
            6,
        ),
        (
            "class N(torch.nn.Module):\n    pass\nN().state_dict()\n",
            &["state_dict() of a torch.nn.Module"],
            6,
        ),
        ("class S(SequentialLR):\n    pass\n", &["SequentialLR"], 4),
        (
            "class P(ReduceLROnPlateau):\n    pass\n",
            &["ReduceLROnPlateau"],
            4,
        ),
        (
            "class A:\n    pass\nprint(A())\n",
            &["memory address", "__repr__", "line 6"],
            6,
        ),
        ("class A:\n    pass\nprint([A()])\n", &["memory address"], 6),
        (
            "class W(LRScheduler):\n    def get_lr(self):\n        return self.base_lrs\nw = W(opt)\ns = StepLR(opt, 2)\nSequentialLR(opt, [w, s], milestones=[2])\n",
            &[
                "W (a scheduler class of the snippet) inside SequentialLR",
                "line 9",
            ],
            9,
        ),
        (
            "class W(LRScheduler):\n    def get_lr(self):\n        return ['x']\nW(opt)\n",
            &["returned a str", "number learning rates"],
            7,
        ),
        ("print(vars(3))\n", &["vars() of a int"], 4),
    ];
    for (body, words, line) in table {
        let src = format!("{PRELUDE}{body}");
        let r = sandbox::run(&src, &Limits::default());
        let e = r
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{body}: no error"));
        assert_eq!(e.kind, "SandboxError", "{body}: {e:?}");
        for w in *words {
            assert!(e.message.contains(w), "{body}: {:?} lacks {w:?}", e.message);
        }
        assert_eq!(e.line, Some(*line), "{body}");
    }
}

#[test]
fn an_error_inside_a_method_shows_the_methods_frames() {
    let src = format!(
        "{PRELUDE}class W(LRScheduler):\n    def factor(self):\n        return 1 / (self.last_epoch - 1)\n    def get_lr(self):\n        return [b * self.factor() for b in self.base_lrs]\nw = W(opt)\nopt.step()\nw.step()\n"
    );
    let r = sandbox::run(&src, &Limits::default());
    let e = r.error.expect("raises");
    assert_eq!(e.kind, "ZeroDivisionError");
    let frames: Vec<(&str, u32)> = e.frames.iter().map(|(f, l)| (f.as_str(), *l)).collect();
    assert_eq!(
        frames,
        [("<module>", 11), ("get_lr", 8), ("factor", 6)],
        "the step's line, then each method's"
    );
}
