//! The chart's y axis: linear, or log10 over whole decades when the rates span more than one
//! (see the chart's module header), with labels in real units as Python prints floats.

use crate::engine::repr::float_repr;

/// The y axis: linear, or log10 over whole decades.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scale {
    Linear {
        lo: f64,
        hi: f64,
    },
    /// Decades `lo..=hi` (exponents of 10), a label every `every` decades.
    Log {
        lo: i32,
        hi: i32,
        every: i32,
    },
}

/// The most labels the log axis gets (more decades are labelled every few).
const MAX_DECADES: i32 = 6;

impl Scale {
    pub(super) fn of(values: impl Iterator<Item = f64>) -> Scale {
        let finite: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let min_pos = finite
            .iter()
            .copied()
            .filter(|v| *v > 0.0)
            .fold(f64::INFINITY, f64::min);
        if finite.is_empty() {
            return Scale::Linear { lo: 0.0, hi: 1.0 };
        }
        if min >= 0.0 && min_pos.is_finite() && max / min_pos > 10.0 {
            // The epsilon keeps an exact power of ten (0.1) on its own decade.
            let lo = (min_pos.log10() + 1e-9).floor() as i32;
            let hi = ((max.log10() - 1e-9).ceil() as i32).max(lo + 1);
            let every = (hi - lo + MAX_DECADES - 1) / MAX_DECADES;
            let hi = lo + every * ((hi - lo + every - 1) / every);
            return Scale::Log { lo, hi, every };
        }
        // A constant rate sits mid-height (from 0 to twice it).
        let (min, max) = match min == max {
            true if min == 0.0 => (0.0, 1.0),
            true => (min * 2.0, max * 2.0),
            false => (min, max),
        };
        Scale::Linear {
            lo: min.min(0.0),
            hi: max.max(0.0),
        }
    }

    pub(super) fn is_log(self) -> bool {
        matches!(self, Scale::Log { .. })
    }

    pub(super) fn bounds(self) -> [f64; 2] {
        match self {
            Scale::Linear { lo, hi } => [lo, hi],
            Scale::Log { lo, hi, .. } => [f64::from(lo), f64::from(hi)],
        }
    }

    /// Where a rate goes on the axis (a rate of 0 on a log axis: the bottom edge).
    pub(super) fn place(self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            return None;
        }
        Some(match self {
            Scale::Linear { .. } => v,
            Scale::Log { lo, .. } if v <= 0.0 => f64::from(lo),
            Scale::Log { .. } => v.log10(),
        })
    }

    /// Labels from the bottom up, evenly spaced (as ratatui places them), in real units.
    pub(super) fn labels(self) -> Vec<String> {
        match self {
            Scale::Linear { lo, hi } => [lo, (lo + hi) / 2.0, hi].map(tick).to_vec(),
            Scale::Log { lo, hi, every } => (0..=(hi - lo) / every)
                .map(|k| decade(lo + k * every))
                .collect(),
        }
    }
}

/// A rate rounded to 3 significant digits, written as Python writes floats.
pub fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let rounded: f64 = format!("{v:.2e}").parse().unwrap_or(v);
    float_repr(rounded)
}

/// 10^e as Python writes it (`0.001`, `1e-05`).
fn decade(e: i32) -> String {
    let v: f64 = format!("1e{e}").parse().unwrap_or(f64::NAN);
    float_repr(v)
}
