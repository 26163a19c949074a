use super::*;
use crate::sandbox::{self, Limits};

fn run(src: &str) -> RunResult {
    sandbox::run(src, &Limits::default())
}

const HEAD: &str = "import torch\nfrom torch.optim.lr_scheduler import MultiStepLR\nopt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)\nsched = MultiStepLR(opt, milestones=[2, 4], gamma=0.5)\n";

fn program(body: &str) -> RunResult {
    run(&format!("{HEAD}{body}"))
}

#[test]
fn the_series_has_the_start_each_epoch_and_the_rates_training_used() {
    let right = series(&program(
        "for epoch in range(5):\n    opt.step()\n    sched.step()\n",
    ));
    let swapped = series(&program(
        "for epoch in range(5):\n    sched.step()\n    opt.step()\n",
    ));
    let col = |rows: &[Vec<f64>]| rows.iter().map(|r| r[0]).collect::<Vec<_>>();
    assert_eq!(col(&right.epochs), [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    assert_eq!(col(&swapped.epochs), col(&right.epochs));
    assert_eq!(col(&right.used), [0.1, 0.1, 0.05, 0.05, 0.025]);
    assert_eq!(col(&swapped.used), [0.1, 0.05, 0.05, 0.025, 0.025]);
    assert_eq!(right.used_epoch, Some(vec![0, 1, 2, 3, 4]));
    assert_eq!(right.steps_at, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn several_batches_per_epoch_train_with_one_rate() {
    let s = series(&program(
        "for epoch in range(3):\n    for b in range(3):\n        opt.step()\n    sched.step()\n",
    ));
    assert_eq!(s.used.len(), 9);
    assert_eq!(s.used_in(2), vec![(6, &vec![0.05])]);
}

#[test]
fn the_swapped_order_fails_where_it_trains_ahead() {
    let want = program("for epoch in range(5):\n    opt.step()\n    sched.step()\n");
    let got = program("for epoch in range(5):\n    sched.step()\n    opt.step()\n");
    let g = grade(&got, &want, 5);
    assert_eq!(
        g.first,
        Some(Mismatch {
            at: At::Used {
                epoch: Some(1),
                step: 1
            },
            group: 0,
            got: Some(0.05),
            want: Some(0.1)
        })
    );
    let ids: Vec<&str> = g.classes.iter().map(|c| c.difference.id()).collect();
    assert_eq!(ids, ["step-order"]);
    assert_eq!(g.classes[0].detail, "PyTorch warned about it on line 6.");
    assert!(grade(&want, &want, 5).passed());
}

#[test]
fn a_program_without_an_epoch_loop_compares_every_step() {
    let want = run(&format!(
        "{HEAD}def train():\n    for e in range(4):\n        opt.step()\n        sched.step()\ntrain()\n"
    ));
    let got = run(&format!(
        "{HEAD}def train():\n    for e in range(4):\n        sched.step()\n        opt.step()\ntrain()\n"
    ));
    assert_eq!(trajectory(&want).len(), 5);
    let g = grade(&got, &want, 4);
    assert_eq!(
        g.first.map(|m| m.at),
        Some(At::Used {
            epoch: None,
            step: 1
        })
    );
    assert_eq!(g.classes[0].difference, Difference::StepOrder);
}

#[test]
fn a_reference_that_warns_or_never_trains_is_unfit() {
    let swapped = program("for epoch in range(5):\n    sched.step()\n    opt.step()\n");
    let p = reference_problems(&swapped);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("the reference solution warns (its line 6): UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`."),
        "{p:?}"
    );
    let good = program("for epoch in range(5):\n    opt.step()\n    sched.step()\n");
    assert!(reference_problems(&good).is_empty());
}

#[test]
fn a_run_past_the_trace_cap_is_not_called_short() {
    let want = program("for epoch in range(5):\n    opt.step()\n    sched.step()\n");
    let src = format!(
        "{HEAD}for epoch in range(5):\n    for b in range(50):\n        opt.step()\n    sched.step()\n"
    );
    let limits = Limits {
        max_trace: 60,
        ..Limits::default()
    };
    let got = sandbox::run(&src, &limits);
    assert!(got.trace_dropped > 0);
    let g = grade(&got, &want, 5);
    assert_eq!(g.classes.len(), 1);
    assert_eq!(g.classes[0].difference, Difference::Other);
    assert!(
        g.classes[0]
            .detail
            .contains("more steps than lrtutor records"),
        "{:?}",
        g.classes
    );
    // With room in the trace the same attempt passes (50 batches per epoch train with one rate).
    assert!(grade(&sandbox::run(&src, &Limits::default()), &want, 5).passed());
}

#[test]
fn one_loop_around_the_epoch_loop_is_read_step_by_step_but_half_the_epochs_are_not() {
    let want = program("for epoch in range(6):\n    opt.step()\n    sched.step()\n");
    let wrapped = program(
        "for run in range(1):\n    for epoch in range(6):\n        opt.step()\n        sched.step()\n",
    );
    assert!(grade(&wrapped, &want, 6).passed());
    // Three epochs of two batches, stepped per batch: the same sequence of rates, but not the
    // six epochs asked for.
    let halved = program(
        "for epoch in range(3):\n    for b in range(2):\n        opt.step()\n        sched.step()\n",
    );
    let g = grade(&halved, &want, 6);
    assert!(!g.passed());
    assert_eq!(g.classes[0].difference, Difference::PerBatch, "{g:?}");
}

#[test]
fn details_name_the_parameter_as_python_prints_it() {
    let cos = |args: &str| {
        run(&format!(
            "import torch\nfrom torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR\nopt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)\n{args}\nfor epoch in range(8):\n    opt.step()\n    s.step()\n"
        ))
    };
    let want = cos("s = CosineAnnealingLR(opt, T_max=8, eta_min=0.001)");
    let warm = |n: u32| {
        cos(&format!(
            "w = LinearLR(opt, start_factor=0.5, total_iters={n})\nc = CosineAnnealingLR(opt, T_max=6)\ns = SequentialLR(opt, [w, c], milestones=[{n}])"
        ))
    };
    let table = [
        (
            cos("s = CosineAnnealingLR(opt, T_max=4, eta_min=0.001)"),
            &want,
            "wrong-t-max",
            "your `CosineAnnealingLR` has T_max=4.",
        ),
        (
            cos("s = CosineAnnealingLR(opt, 8)"),
            &want,
            "wrong-eta-min",
            "your `CosineAnnealingLR` has eta_min=0.0.",
        ),
        (
            warm(3),
            &warm(2),
            "warmup-too-long",
            "your `LinearLR` has total_iters=3 and your `SequentialLR` has milestones=[3].",
        ),
        (
            warm(1),
            &warm(2),
            "warmup-too-short",
            "your `LinearLR` has total_iters=1 and your `SequentialLR` has milestones=[1].",
        ),
    ];
    for (got, want, id, detail) in table {
        let g = grade(&got, want, 8);
        assert_eq!(g.classes.len(), 1, "{g:?}");
        assert_eq!(
            (g.classes[0].difference.id(), g.classes[0].detail.as_str()),
            (id, detail)
        );
    }
}
