//! The playground's learning-rate chart: the rate per epoch from the run's trace, one line per
//! param group, on a log scale when it spans more than a decade; for an exercise the target's
//! curve beside the learner's and the first differing epoch marked and named.

use crate::explain::compare::{self, At, Mismatch, Series};
use crate::tui::app::App;
use crate::tui::sanitize;
use crate::tui::screens::playground::Playground;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};

/// One curve: its name, style and (epoch, rate) points.
pub struct Curve {
    pub name: String,
    pub style: Style,
    pub points: Vec<(f64, f64)>,
}

/// Where the two curves first part, in words.
pub fn first_difference_text(m: &Mismatch) -> String {
    let v = |x: Option<f64>| x.map_or("—".into(), crate::engine::repr::float_repr);
    let at = match m.at {
        At::After(i) => compare::after_text(i),
        At::Used { epoch: Some(e), .. } => {
            format!("in epoch {e} (from 0), as optimizer.step() used it")
        }
        At::Used { step, .. } => format!("at optimizer.step() number {}", step + 1),
    };
    format!(
        "First difference {at}, group {}: yours {}, target {}",
        m.group,
        v(m.got),
        v(m.want)
    )
}

/// The x position (epoch) of a mismatch.
fn mark_x(m: &Mismatch) -> f64 {
    match m.at {
        At::After(i) => i as f64,
        At::Used { epoch: Some(e), .. } => e as f64,
        At::Used { step, .. } => step as f64,
    }
}

fn columns(s: &Series, name: &str, styles: &[Style]) -> Vec<Curve> {
    let groups = s.epochs.iter().map(Vec::len).max().unwrap_or(0);
    (0..groups)
        .map(|g| Curve {
            name: if groups > 1 {
                format!("{name} g{g}")
            } else {
                name.to_string()
            },
            style: styles[g % styles.len()],
            points: s
                .column(g, usize::MAX)
                .into_iter()
                .enumerate()
                .map(|(i, y)| (i as f64, y))
                .collect(),
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &Playground) {
    let t = &app.theme;
    let mine = [t.function, t.number, t.string, t.keyword];
    let (curves, mark, label) = match (p.task.as_ref().and_then(|x| x.last.as_deref()), p.outcome())
    {
        (Some(c), _) if c.grade.is_ok() => {
            let g = c.grade.as_ref().ok();
            let mut curves = Vec::new();
            if let Some(g) = g {
                curves.extend(columns(&g.target, "target", &[t.dim]));
                curves.extend(columns(&g.yours, "yours", &mine));
            }
            let first = g.and_then(|g| g.first.as_ref());
            let name = g.and_then(|g| g.classes.first()).map(|c| c.difference.id());
            let label = first.map(|m| {
                format!(
                    "▲ epoch {}{}",
                    mark_x(m),
                    name.map(|n| format!(": {n}")).unwrap_or_default()
                )
            });
            (curves, first.map(mark_x), label)
        }
        (_, Some(o)) => (
            columns(&compare::series(&o.result), "lr", &mine),
            None,
            None,
        ),
        _ => (Vec::new(), None, None),
    };
    let title = match &label {
        Some(l) => format!(" LR · {} ", sanitize::line(l)),
        None => " Learning rate ".to_string(),
    };
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    if curves.iter().all(|c| c.points.is_empty()) {
        let msg = if p.outcome().is_some() {
            "no learning rate recorded: make an optimizer and step a scheduler"
        } else {
            "the learning rate per epoch appears here after a run"
        };
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(msg, t.dim))).block(block),
            area,
        );
        return;
    }
    chart(frame, area, block, &curves, mark, t.wrong);
}

fn chart(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    curves: &[Curve],
    mark: Option<f64>,
    mark_style: Style,
) {
    let ys = curves.iter().flat_map(|c| c.points.iter().map(|p| p.1));
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let log = lo > 0.0 && hi / lo > 10.0;
    let f = |y: f64| if log { y.log10() } else { y };
    let (flo, fhi) = (f(lo), f(hi));
    let (flo, fhi) = if (fhi - flo).abs() < 1e-300 {
        (flo - 1.0, fhi + 1.0)
    } else {
        (flo, fhi)
    };
    let xmax = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.0))
        .fold(1.0, f64::max);
    let data: Vec<Vec<(f64, f64)>> = curves
        .iter()
        .map(|c| c.points.iter().map(|&(x, y)| (x, f(y))).collect())
        .collect();
    let marker: Vec<(f64, f64)> = mark.map(|x| vec![(x, flo), (x, fhi)]).unwrap_or_default();
    let mut sets: Vec<Dataset> = curves
        .iter()
        .zip(&data)
        .map(|(c, d)| {
            Dataset::default()
                .name(sanitize::line(&c.name))
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(c.style)
                .data(d)
        })
        .collect();
    if !marker.is_empty() {
        sets.push(
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(mark_style)
                .data(&marker),
        );
    }
    let show = |v: f64| crate::engine::repr::float_repr(if log { 10f64.powf(v) } else { v });
    let chart = Chart::new(sets)
        .block(block)
        .x_axis(
            Axis::default()
                .title("epoch")
                .bounds([0.0, xmax])
                .labels(vec![Span::raw("0"), Span::raw(format!("{xmax}"))]),
        )
        .y_axis(
            Axis::default()
                .title(if log { "lr (log)" } else { "lr" })
                .bounds([flo, fhi])
                .labels(vec![Span::raw(show(flo)), Span::raw(show(fhi))]),
        );
    frame.render_widget(chart, area);
}
