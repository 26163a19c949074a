//! The chart's data (read from real runs of the sandbox) and its drawing on `TestBackend` at
//! 80×24 and 160×48. Expected rates, decades and steps come from what the schedulers do
//! (StepLR halves every 10 steps; OneCycleLR peaks at step 0.3·30−1 and ends at
//! max_lr/25/1e4), not from our own output.

use super::*;
use crate::sandbox::{self, Limits};
use crate::tui::theme::{Kind, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn run(code: &str) -> RunResult {
    let r = sandbox::run(code, &Limits::default());
    assert!(r.error.is_none(), "{code}\n{:?}", r.error);
    r
}

const HEAD: &str = "import torch\nfrom torch.optim.lr_scheduler import *\nopt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n";

/// `HEAD`, then `sched`, then a 30-epoch loop with `body`.
fn snippet(sched: &str, body: &str) -> String {
    format!("{HEAD}sched = {sched}\nfor epoch in range(30):\n{body}")
}

const PLAIN_LOOP: &str = "    opt.step()\n    sched.step()\n";

fn step_lr() -> RunResult {
    run(&snippet("StepLR(opt, step_size=10, gamma=0.5)", PLAIN_LOOP))
}

fn one_cycle() -> RunResult {
    run(&snippet(
        "OneCycleLR(opt, max_lr=0.1, total_steps=30)",
        PLAIN_LOOP,
    ))
}

fn draw(model: &ChartModel, kind: Kind, w: u16, h: u16) -> Buffer {
    let theme = Theme::new(kind);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    t.draw(|f| f.render_widget(LrChart::new(model, &theme), f.area()))
        .expect("draws");
    t.backend().buffer().clone()
}

fn rows(b: &Buffer) -> Vec<String> {
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

fn is_braille(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| ('\u{2801}'..='\u{28FF}').contains(&c))
}

/// The plot's frame: the y axis column and the x axis row (drawn by ratatui).
fn frame(b: &Buffer) -> (u16, u16) {
    let rows = rows(b);
    let axis_row = rows
        .iter()
        .rposition(|r| r.contains("└"))
        .expect("an x axis");
    let axis_col = rows[axis_row]
        .chars()
        .position(|c| c == '└')
        .expect("corner");
    (axis_col as u16, axis_row as u16)
}

/// The screen column of step `x` on an axis from 0 to `xhi`.
fn column(b: &Buffer, x: f64, xhi: f64) -> u16 {
    let (col, _) = frame(b);
    let width = b.area.width - col - 1;
    col + 1 + ((x / xhi) * f64::from(width - 1)).round() as u16
}

/// The topmost row holding a Braille dot in columns `col-1..=col+1`, if any.
fn top_dot(b: &Buffer, col: u16) -> Option<u16> {
    (0..b.area.height).find(|&y| {
        (col.saturating_sub(1)..=col + 1)
            .any(|x| x < b.area.width && is_braille(b[(x, y)].symbol()))
    })
}

/// The row a y label is drawn on (left of the axis).
fn label_row(b: &Buffer, label: &str) -> u16 {
    let (col, _) = frame(b);
    let rows = rows(b);
    rows.iter()
        .position(|r| {
            let left: String = r.chars().take(col as usize).collect();
            left.trim() == label
        })
        .unwrap_or_else(|| panic!("no y label {label:?} in\n{}", rows.join("\n"))) as u16
}

#[test]
fn curves_read_the_rate_each_step_used_or_each_scheduler_step() {
    let c = Curve::from_run(&step_lr());
    assert_eq!(c.per, Per::OptimizerStep);
    assert_eq!(c.groups.len(), 1);
    let want: Vec<(f64, f64)> = (0..30)
        .map(|k| (k as f64, [0.1, 0.05, 0.025][k / 10]))
        .collect();
    assert_eq!(c.groups[0], want);
    // No optimizer.step(): the start, then after each of the 4 scheduler steps; two groups.
    let bare = run(
        "import torch\nfrom torch.optim.lr_scheduler import *\nopt = torch.optim.SGD([{'params': [torch.zeros(1)]}, {'params': [torch.zeros(1)], 'lr': 1.0}], lr=0.1)\ns = StepLR(opt, step_size=2, gamma=0.5)\nfor _ in range(4):\n    s.step()\n",
    );
    let c = Curve::from_run(&bare);
    assert_eq!(c.per, Per::SchedulerStep);
    let g0: Vec<f64> = c.groups[0].iter().map(|p| p.1).collect();
    let g1: Vec<f64> = c.groups[1].iter().map(|p| p.1).collect();
    assert_eq!(g0, [0.1, 0.1, 0.05, 0.05, 0.025]);
    assert_eq!(g1, [1.0, 1.0, 0.5, 0.5, 0.25]);
}

#[test]
fn the_scale_is_log_only_beyond_a_decade() {
    let table: &[(&[f64], Scale)] = &[
        (&[0.1, 0.05, 0.025], Scale::Linear { lo: 0.0, hi: 0.1 }),
        (&[0.1, 0.01], Scale::Linear { lo: 0.0, hi: 0.1 }),
        (
            &[0.1, 0.009],
            Scale::Log {
                lo: -3,
                hi: -1,
                every: 1,
            },
        ),
        (
            &[0.1, 0.001, 0.0],
            Scale::Log {
                lo: -3,
                hi: -1,
                every: 1,
            },
        ),
        (
            &[0.004, 0.1, 4e-7],
            Scale::Log {
                lo: -7,
                hi: -1,
                every: 1,
            },
        ),
        (
            &[1.0, 1e-9],
            Scale::Log {
                lo: -9,
                hi: 1,
                every: 2,
            },
        ),
        (&[0.1, -0.1], Scale::Linear { lo: -0.1, hi: 0.1 }),
        (&[0.1], Scale::Linear { lo: 0.0, hi: 0.2 }),
        (&[0.0, f64::NAN], Scale::Linear { lo: 0.0, hi: 1.0 }),
    ];
    for (values, want) in table {
        assert_eq!(Scale::of(values.iter().copied()), *want, "{values:?}");
    }
    let log = Scale::Log {
        lo: -7,
        hi: -1,
        every: 1,
    };
    assert_eq!(
        log.labels(),
        ["1e-07", "1e-06", "1e-05", "0.0001", "0.001", "0.01", "0.1"]
    );
    assert_eq!(
        Scale::Linear { lo: 0.0, hi: 0.1 }.labels(),
        ["0", "0.05", "0.1"]
    );
}

#[test]
fn step_lr_is_drawn_at_its_three_levels() {
    let model = ChartModel::of_run(&step_lr());
    for (w, h) in [(80, 24), (160, 48)] {
        let b = draw(&model, Kind::Dark, w, h);
        let screen = rows(&b).join("\n");
        assert!(screen.contains("optimizer.step"), "{screen}");
        assert!(
            screen.contains("↑ lr  →") && !screen.contains("log"),
            "{screen}"
        );
        let (top, mid, bottom) = (
            label_row(&b, "0.1"),
            label_row(&b, "0.05"),
            label_row(&b, "0"),
        );
        assert!(top < mid && mid < bottom, "{screen}");
        // The x labels: the first and the last step.
        let (_, axis_row) = frame(&b);
        let xl = &rows(&b)[axis_row as usize + 1];
        assert!(xl.contains('0') && xl.trim_end().ends_with("29"), "{xl}");
        // 0.1 for steps 0-9, 0.05 for 10-19, 0.025 for 20-29.
        for (step, want) in [(5.0, top), (15.0, mid), (25.0, mid + (bottom - mid) / 2)] {
            let got = top_dot(&b, column(&b, step, 29.0)).expect("a dot in that column");
            assert!(
                got.abs_diff(want) <= 1,
                "step {step}: row {got}, want {want}\n{screen}"
            );
        }
        assert!(
            !screen.contains("step 10:"),
            "no difference without a reference"
        );
    }
}

#[test]
fn one_cycle_is_drawn_on_a_log_axis_in_real_units() {
    let model = ChartModel::of_run(&one_cycle());
    for (w, h) in [(80, 24), (160, 48)] {
        let b = draw(&model, Kind::Dark, w, h);
        let screen = rows(&b).join("\n");
        assert!(screen.contains("↑ lr (log scale)"), "{screen}");
        // From max_lr / 25 / 1e4 = 4e-07 (its decade 1e-07) up to max_lr = 0.1.
        let (top, bottom) = (label_row(&b, "0.1"), label_row(&b, "1e-07"));
        assert!(top < bottom, "{screen}");
        if h >= 24 {
            label_row(&b, "0.001");
        }
        // Step 0 trains with 0.004 (log -2.4), step 8 with the peak 0.1 (the top row), the
        // last step with 4e-07 (log -6.4).
        let col = |k: f64| column(&b, k, 29.0);
        let start = top_dot(&b, col(0.0)).expect("a dot at step 0");
        assert!(
            (label_row(&b, "0.01")..=label_row(&b, "0.001")).contains(&start),
            "{screen}"
        );
        assert_eq!(top_dot(&b, col(8.0)), Some(top), "{screen}");
        let end = bottom_dot(&b, col(29.0)).expect("a dot at the last step");
        assert!((label_row(&b, "1e-06")..=bottom).contains(&end), "{screen}");
    }
}

/// The lowest row holding a Braille dot in column `col`.
fn bottom_dot(b: &Buffer, col: u16) -> Option<u16> {
    (0..b.area.height)
        .rev()
        .find(|&y| is_braille(b[(col, y)].symbol()))
}

/// Cells drawn in the theme's error style, by column.
fn marker_columns(b: &Buffer, theme: &Theme, above: u16) -> Vec<u16> {
    let mut cols: Vec<u16> = (0..above)
        .flat_map(|y| (0..b.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            is_braille(b[(x, y)].symbol()) && b[(x, y)].fg == theme.error.fg.unwrap_or_default()
        })
        .map(|(x, _)| x)
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

#[test]
fn an_exercise_mismatch_marks_and_names_the_first_differing_step() {
    let reference = snippet("StepLR(opt, step_size=10, gamma=0.5)", PLAIN_LOOP);
    let milestones = snippet(
        "MultiStepLR(opt, milestones=[10, 20], gamma=0.5)",
        PLAIN_LOOP,
    );
    let batches = "    for batch in range(3):\n        opt.step()\n";
    let per_batch_ref = snippet(
        "StepLR(opt, step_size=10, gamma=0.5)",
        &format!("{batches}    sched.step()\n"),
    );
    // (reference, attempt, the grader's class, the first optimizer.step with another rate)
    let table: &[(&str, String, &str, usize)] = &[
        // Halving vs dividing by 10: the first changed rate is the 11th step's.
        (
            &reference,
            snippet("StepLR(opt, step_size=10, gamma=0.1)", PLAIN_LOOP),
            "wrong-gamma",
            10,
        ),
        // Stepped after each of 3 batches: 10 scheduler steps are done after step 10.
        (
            &per_batch_ref,
            snippet(
                "StepLR(opt, step_size=10, gamma=0.5)",
                "    for batch in range(3):\n        opt.step()\n        sched.step()\n",
            ),
            "per-batch-stepping",
            10,
        ),
        // A milestone one epoch late: step 10 still trains with 0.1.
        (
            &milestones,
            snippet(
                "MultiStepLR(opt, milestones=[11, 20], gamma=0.5)",
                PLAIN_LOOP,
            ),
            "shifted-drops",
            10,
        ),
        // A third drop at epoch 30: all 30 steps train alike, only the rate left after the
        // run differs (the grader compares it), so the marker stands after the last step.
        (
            &milestones,
            snippet(
                "MultiStepLR(opt, milestones=[10, 20, 30], gamma=0.5)",
                PLAIN_LOOP,
            ),
            "extra-drops",
            30,
        ),
    ];
    let theme = Theme::new(Kind::Dark);
    for (reference, attempt, class, step) in table {
        let (learner, want) = (run(attempt), run(reference));
        let grade = compare::grade(&learner, &want, compare::epochs(&want));
        let model = ChartModel::of_grade(&learner, &want, &grade);
        let d = model.first_difference.as_ref().expect("a difference");
        assert_eq!(
            (d.step, d.class.map(Difference::id)),
            (*step, Some(*class)),
            "{attempt}"
        );
        let points = model.reference.as_ref().map_or(0, Curve::len);
        let xhi = (points - 1).max(*step) as f64;
        let caption = match *step {
            s if s >= points => format!("after the last step ({}): {class}", points - 1),
            s => format!("step {s}: {class}"),
        };
        for (w, h) in [(80, 24), (160, 48)] {
            let b = draw(&model, Kind::Dark, w, h);
            let screen = rows(&b).join("\n");
            assert!(screen.contains(&caption), "{screen}");
            assert!(
                screen.contains("reference") && screen.contains("yours"),
                "legend\n{screen}"
            );
            let (_, axis_row) = frame(&b);
            let cols = marker_columns(&b, &theme, axis_row);
            let want_col = column(&b, *step as f64, xhi);
            assert!(
                !cols.is_empty() && cols.iter().all(|c| c.abs_diff(want_col) <= 1),
                "marker columns {cols:?}, want {want_col}\n{screen}"
            );
            // Without colour (line mode, NO_COLOR) the marker is a solid bar in that column.
            let plain = draw(&model, Kind::Plain, w, h);
            let bars: Vec<u16> = (0..axis_row)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .filter(|&(x, y)| plain[(x, y)].symbol() == "█")
                .map(|(x, _)| x)
                .collect();
            assert!(
                bars.len() >= usize::from(axis_row) / 2
                    && bars.iter().all(|c| c.abs_diff(want_col) <= 1),
                "bars {bars:?}, want {want_col}\n{}",
                rows(&plain).join("\n")
            );
        }
    }
}

#[test]
fn nothing_to_plot_is_said_plainly() {
    let model = ChartModel::of_run(&run("print(1)"));
    let b = draw(&model, Kind::Plain, 80, 24);
    assert!(
        rows(&b)[0].starts_with("No learning rate to plot"),
        "{:?}",
        rows(&b)[0]
    );
}
