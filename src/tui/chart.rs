//! The LR chart: the learning rate a run used, step by step, as a ratatui `Chart` in Braille,
//! one line per param group; beside it, for an exercise, the reference's curve, with the first
//! differing step marked and named by the grader's class.
//!
//! What a point is. The x axis counts `optimizer.step()` calls (0 = the first) and a point is
//! the rate that call trained with — what the grader compares, and what a learner's model
//! really saw. A run that never calls `optimizer.step()` (a bare scheduler demo) is plotted per
//! `scheduler.step()` instead: the rate before the first step, then after each step (and after
//! each hand edit of `param_groups`). The axis title says which it is.
//!
//! Scale. When every rate is ≥ 0 and the positive ones span more than a decade (max/min > 10),
//! the y axis is log10 of the rate, from the decade below the smallest to the decade above the
//! largest, labelled in real units (`0.001`, `1e-05`); a rate of exactly 0 sits on the bottom
//! edge. Otherwise it is linear from 0 (or the lowest negative rate) to the highest rate.
//!
//! The data ([`Curve`], [`ChartModel`]) is plain and reusable; [`LrChart`] draws it.

use crate::engine::repr::float_repr;
use crate::explain::compare::{self, At, Difference, Grade};
use crate::sandbox::RunResult;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Widget};

use super::theme::{Kind, Theme};

mod scale;
use scale::Scale;
pub use scale::tick;

/// What the x axis of a curve counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// The rate each `optimizer.step()` trained with.
    OptimizerStep,
    /// The rate before the first `scheduler.step()` and after each (the run trained nothing).
    SchedulerStep,
}

/// One run's learning rate per step, each param group a list of `(step, rate)` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub per: Per,
    pub groups: Vec<Vec<(f64, f64)>>,
    /// The run recorded more events than its trace keeps: the curve ends early.
    pub cut: bool,
}

impl Curve {
    /// The curve of a run's trace (see the module header for what a point is).
    pub fn from_run(r: &RunResult) -> Curve {
        let used = compare::series(r).used;
        let (per, rows) = if used.is_empty() {
            (Per::SchedulerStep, compare::series_in(r, false).epochs)
        } else {
            (Per::OptimizerStep, used)
        };
        Curve::from_rows(per, &rows, r.trace_dropped > 0)
    }

    /// A curve from rows of every group's rate, one row per step.
    pub fn from_rows(per: Per, rows: &[Vec<f64>], cut: bool) -> Curve {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let groups = (0..width)
            .map(|g| {
                let at = |(k, row): (usize, &Vec<f64>)| row.get(g).map(|v| (k as f64, *v));
                rows.iter().enumerate().filter_map(at).collect()
            })
            .collect();
        Curve { per, groups, cut }
    }

    /// Steps plotted (the longest group's).
    pub fn len(&self) -> usize {
        self.groups.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.groups.iter().flatten().map(|p| p.1)
    }
}

/// Where an attempt first differs from the reference, on the chart's x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstDifference {
    /// The `optimizer.step()` (0-based) that first trained with a differing rate.
    pub step: usize,
    pub group: usize,
    pub yours: Option<f64>,
    pub reference: Option<f64>,
    /// The grader's name for what differs (its most certain class), if it named one.
    pub class: Option<Difference>,
}

/// What the chart shows: the learner's curve, optionally the reference's and the first
/// difference between them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartModel {
    pub yours: Curve,
    pub reference: Option<Curve>,
    pub first_difference: Option<FirstDifference>,
}

impl ChartModel {
    /// One run, no reference.
    pub fn of_run(r: &RunResult) -> ChartModel {
        ChartModel {
            yours: Curve::from_run(r),
            reference: None,
            first_difference: None,
        }
    }

    /// An exercise attempt graded against its reference (`grade` from
    /// [`compare::grade`]`(learner, reference, ..)`): both curves, and the grade's first
    /// mismatch placed on the step axis and named by the grade's first class.
    pub fn of_grade(learner: &RunResult, reference: &RunResult, grade: &Grade) -> ChartModel {
        let first_difference = grade.first.as_ref().map(|m| FirstDifference {
            step: difference_step(grade, m.at),
            group: m.group,
            yours: m.got,
            reference: m.want,
            class: grade.classes.first().map(|c| c.difference),
        });
        ChartModel {
            yours: Curve::from_run(learner),
            reference: Some(Curve::from_run(reference)),
            first_difference,
        }
    }
}

/// The `optimizer.step()` index where a mismatch first shows: the step itself for a rate a
/// step trained with; for the rate after `i` epochs, the first step made after them (the
/// reference's count, which defines the exercise; the attempt's where the reference has none).
fn difference_step(grade: &Grade, at: At) -> usize {
    match at {
        At::Used { step, .. } => step,
        At::After(i) => {
            let steps = |s: &compare::Series| s.steps_at.get(i).copied();
            steps(&grade.target)
                .or_else(|| steps(&grade.yours))
                .unwrap_or(0) as usize
        }
    }
}

fn step_label(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The chart widget: the model drawn with a theme, inside an optional block.
pub struct LrChart<'a> {
    model: &'a ChartModel,
    theme: &'a Theme,
    block: Option<Block<'a>>,
}

impl<'a> LrChart<'a> {
    pub fn new(model: &'a ChartModel, theme: &'a Theme) -> LrChart<'a> {
        LrChart {
            model,
            theme,
            block: None,
        }
    }

    #[must_use]
    pub fn block(mut self, block: Block<'a>) -> LrChart<'a> {
        self.block = Some(block);
        self
    }

    /// The x axis title: what a step is.
    fn x_title(&self) -> &'static str {
        let pers = std::iter::once(&self.model.yours)
            .chain(&self.model.reference)
            .filter(|c| !c.is_empty())
            .map(|c| c.per);
        let mut pers = pers.peekable();
        let first = pers.peek().copied();
        match (first, pers.all(|p| Some(p) == first)) {
            (Some(Per::OptimizerStep), true) => "optimizer.step",
            (Some(Per::SchedulerStep), true) => "scheduler.step",
            _ => "step",
        }
    }

    /// The header: what each axis shows.
    fn header(&self, scale: Scale) -> Line<'static> {
        let y = if scale.is_log() {
            "lr (log scale)"
        } else {
            "lr"
        };
        let cut = match self.model.yours.cut {
            true => " — the trace was cut short",
            false => "",
        };
        Line::from(vec![
            Span::styled(format!("↑ {y}"), self.theme.title),
            Span::styled(
                format!("  → {} (0 = first){cut}", self.x_title()),
                self.theme.dim,
            ),
        ])
    }

    /// The caption under the chart: the first difference, named.
    fn caption(&self) -> Option<Line<'static>> {
        let d = self.model.first_difference.as_ref()?;
        let name = d.class.map_or("difference", Difference::id);
        let value = |v: Option<f64>| v.map_or("none".to_string(), float_repr);
        let points = std::iter::once(&self.model.yours)
            .chain(&self.model.reference)
            .map(Curve::len)
            .max()
            .unwrap_or(0);
        // Every step trained alike; only the rate left after the run differs.
        let at = match points {
            1.. if d.step >= points => format!("│ after the last step ({}): ", points - 1),
            _ => format!("│ step {}: ", d.step),
        };
        let mut spans = vec![
            Span::styled(at, self.theme.error),
            Span::styled(name, self.theme.wrong),
            Span::styled(
                format!(
                    " — yours {}, reference {} (group {})",
                    value(d.yours),
                    value(d.reference),
                    d.group
                ),
                self.theme.text,
            ),
        ];
        if let Some(c) = d.class {
            spans.push(Span::styled(format!(": {}", c.describe()), self.theme.dim));
        }
        Some(Line::from(spans))
    }
}

/// Styles of the learner's groups, in turn.
fn group_style(theme: &Theme, g: usize) -> Style {
    let palette = [
        theme.function,
        theme.string,
        theme.number,
        theme.keyword,
        theme.constant,
    ];
    palette[g % palette.len()]
}

impl Widget for LrChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = match &self.block {
            Some(b) => {
                let inner = b.inner(area);
                b.render(area, buf);
                inner
            }
            None => area,
        };
        // Too small for axes, labels and a curve: draw nothing rather than a misleading scrap.
        if inner.height < 4 || inner.width < 16 {
            return;
        }
        let m = self.model;
        let curves = std::iter::once(&m.yours).chain(&m.reference);
        if curves.clone().all(Curve::is_empty) {
            Paragraph::new(Line::styled(
                "No learning rate to plot: the run made no optimizer.step() or scheduler.step().",
                self.theme.dim,
            ))
            .render(inner, buf);
            return;
        }
        let caption = self.caption();
        let scale = Scale::of(curves.flat_map(Curve::values));
        // The axes are named in a header line: ratatui draws axis titles inside the plot,
        // where they would hide the curve's start (top left) or end (bottom right).
        let header = Rect { height: 1, ..inner };
        Paragraph::new(self.header(scale)).render(header, buf);
        let chart_area = Rect {
            y: inner.y + 1,
            height: inner
                .height
                .saturating_sub(1 + u16::from(caption.is_some())),
            ..inner
        };
        if let Some(c) = caption {
            let at = Rect {
                y: chart_area.bottom(),
                height: 1,
                ..inner
            };
            Paragraph::new(c).render(at, buf);
        }
        let placed = |c: &Curve| -> Vec<Vec<(f64, f64)>> {
            let place = |&(x, v): &(f64, f64)| scale.place(v).map(|y| (x, y));
            c.groups
                .iter()
                .map(|g| g.iter().filter_map(place).collect())
                .collect()
        };
        let yours = placed(&m.yours);
        let reference = m.reference.as_ref().map(placed).unwrap_or_default();
        let [ylo, yhi] = scale.bounds();
        let marker: Vec<(f64, f64)> = m
            .first_difference
            .as_ref()
            .map(|d| vec![(d.step as f64, ylo), (d.step as f64, yhi)])
            .unwrap_or_default();
        let last = |c: &Curve| c.len().saturating_sub(1) as f64;
        let xhi = std::iter::once(last(&m.yours))
            .chain(m.reference.as_ref().map(last))
            .chain(marker.first().map(|p| p.0))
            .fold(1.0, f64::max);
        let datasets = self.datasets(&yours, &reference, &marker);
        // The legend may take a third of the width and half the height (ratatui's default,
        // a quarter of each, hides it in the short charts of line mode).
        let chart = Chart::new(datasets)
            .hidden_legend_constraints((Constraint::Ratio(1, 3), Constraint::Ratio(1, 2)))
            .x_axis(
                Axis::default()
                    .style(self.theme.dim)
                    .bounds([0.0, xhi])
                    .labels([0.0, xhi / 2.0, xhi].map(step_label)),
            )
            .y_axis(
                Axis::default()
                    .style(self.theme.dim)
                    .bounds([ylo, yhi])
                    .labels(scale.labels()),
            );
        chart.render(chart_area, buf);
    }
}

impl<'a> LrChart<'a> {
    /// The reference first (under), then the learner's groups, then the difference marker on
    /// top. Names (for the legend) only where there is more than one line.
    fn datasets(
        &self,
        yours: &'a [Vec<(f64, f64)>],
        reference: &'a [Vec<(f64, f64)>],
        marker: &'a [(f64, f64)],
    ) -> Vec<Dataset<'a>> {
        let t = self.theme;
        let named = yours.len() > 1 || !reference.is_empty();
        let name = |who: &str, g: usize, n: usize| match n {
            1 => who.to_string(),
            _ => format!("{who} g{g}"),
        };
        // Without colour, the reference is dotted so the two curves stay apart.
        let ref_marker = match t.kind {
            Kind::Plain => Marker::Dot,
            _ => Marker::Braille,
        };
        let line = |data: &'a [(f64, f64)], style: Style, marker: Marker| {
            Dataset::default()
                .graph_type(GraphType::Line)
                .marker(marker)
                .style(style)
                .data(data)
        };
        let mut out = Vec::new();
        for (g, data) in reference.iter().enumerate() {
            out.push(line(data, t.dim, ref_marker).name(name("reference", g, reference.len())));
        }
        for (g, data) in yours.iter().enumerate() {
            let d = line(data, group_style(t, g), Marker::Braille);
            out.push(match named {
                true => d.name(name("yours", g, yours.len())),
                false => d,
            });
        }
        if !marker.is_empty() {
            // Without colour a solid bar tells the marker from the curves' own steep drops.
            let bar = match t.kind {
                Kind::Plain => Marker::Block,
                _ => Marker::Braille,
            };
            out.push(line(marker, t.error, bar));
        }
        out
    }
}

#[cfg(test)]
mod tests;
