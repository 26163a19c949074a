//! Step schedules compared as drops: the epochs where the rate changes and the factor it is
//! multiplied by. Names a difference only when both schedules drop by one constant factor and
//! the drops differ in a single recognisable way.

use super::difference::Difference;
use super::series::close;

/// Where a series changes and by which factor.
fn changes(s: &[f64]) -> Vec<(usize, f64)> {
    (1..s.len())
        .filter(|i| !close(s[*i], s[i - 1]))
        .map(|i| (i, s[i] / s[i - 1]))
        .collect()
}

/// The one factor every change multiplies by, if there is one and it is a decay.
fn uniform(c: &[(usize, f64)]) -> Option<f64> {
    let r = c.first()?.1;
    let same = c.iter().all(|(_, x)| (x - r).abs() <= 1e-9 * r.abs());
    (same && r > 0.0 && r < 1.0).then_some(r)
}

/// The period of drops at `p, 2p, 3p, ...` with none missing up to `last`.
fn period(at: &[usize], last: usize) -> Option<usize> {
    let p = *at.first()?;
    let regular = at.iter().enumerate().all(|(k, a)| *a == (k + 1) * p);
    (regular && (at.len() + 1) * p > last).then_some(p)
}

fn list(at: &[usize]) -> String {
    at.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A factor as a learner wrote it (`0.5`), not with the last bits of the division.
fn factor(r: f64) -> String {
    crate::engine::repr::float_repr((r * 1e9).round() / 1e9)
}

/// Names how `got` drops differently from `want` (one group, same epochs), with a detail.
pub fn name(got: &[f64], want: &[f64]) -> Option<(Difference, String)> {
    let n = got.len().min(want.len());
    if got[..n].iter().zip(&want[..n]).all(|(g, w)| close(*g, *w)) {
        return None;
    }
    let (cg, cw) = (changes(&got[..n]), changes(&want[..n]));
    let (rg, rw) = (uniform(&cg)?, uniform(&cw)?);
    let at = |c: &[(usize, f64)]| c.iter().map(|(i, _)| *i).collect::<Vec<usize>>();
    let (ag, aw) = (at(&cg), at(&cw));
    let last = n - 1;
    if (rg - rw).abs() > 1e-9 * rw {
        return (ag == aw).then(|| {
            (
                Difference::WrongGamma,
                format!(
                    "your rate is multiplied by {} at each change; the target's by {}.",
                    factor(rg),
                    factor(rw)
                ),
            )
        });
    }
    if let (Some(pg), Some(pw)) = (period(&ag, last), period(&aw, last))
        && pg != pw
    {
        return Some((
            Difference::WrongStepSize,
            format!("your rate drops every {pg} epochs; the target's every {pw}."),
        ));
    }
    let missing: Vec<usize> = aw.iter().filter(|a| !ag.contains(a)).copied().collect();
    let extra: Vec<usize> = ag.iter().filter(|a| !aw.contains(a)).copied().collect();
    if extra.is_empty() && !missing.is_empty() {
        return Some((
            Difference::MissingDrops,
            format!(
                "your rate does not drop after {} epochs (it drops after {}).",
                list(&missing),
                list(&ag)
            ),
        ));
    }
    if missing.is_empty() && !extra.is_empty() {
        return Some((
            Difference::ExtraDrops,
            format!(
                "your rate also drops after {} epochs, where the target's does not.",
                list(&extra)
            ),
        ));
    }
    if ag.len() != aw.len() {
        return None;
    }
    let off_by_one = ag.iter().zip(&aw).all(|(g, w)| g.abs_diff(*w) <= 1);
    // As many drops, by the same factor, at other epochs: said as it is, without a cause.
    let kind = if off_by_one {
        Difference::ShiftedDrops
    } else {
        Difference::DropsElsewhere
    };
    Some((
        kind,
        format!(
            "your rate drops after {} epochs; the target's after {}.",
            list(&ag),
            list(&aw)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0.1 decayed by `gamma` at each epoch of `at`, over `n` epochs after the start.
    fn drops(at: &[usize], gamma: f64, n: usize) -> Vec<f64> {
        let mut lr = 0.1;
        (0..=n)
            .map(|i| {
                if at.contains(&i) {
                    lr *= gamma;
                }
                lr
            })
            .collect()
    }

    #[test]
    fn each_kind_of_drop_difference_is_named() {
        let want = drops(&[10, 20, 30], 0.1, 35);
        let table: &[(Vec<f64>, Option<Difference>)] = &[
            (drops(&[10, 20, 30], 0.5, 35), Some(Difference::WrongGamma)),
            (
                drops(&[5, 10, 15, 20, 25, 30, 35], 0.1, 35),
                Some(Difference::WrongStepSize),
            ),
            (drops(&[20], 0.1, 35), Some(Difference::WrongStepSize)),
            (drops(&[10, 20], 0.1, 35), Some(Difference::MissingDrops)),
            (
                drops(&[10, 20, 30, 33], 0.1, 35),
                Some(Difference::ExtraDrops),
            ),
            (
                drops(&[11, 21, 31], 0.1, 35),
                Some(Difference::ShiftedDrops),
            ),
            (drops(&[9, 20, 30], 0.1, 35), Some(Difference::ShiftedDrops)),
            // Two things at once, or not drops at all: no name.
            (drops(&[11, 21], 0.1, 35), None),
            (drops(&[10, 20, 30], 2.0, 35), None),
            (
                drops(&[12, 22, 32], 0.1, 35),
                Some(Difference::DropsElsewhere),
            ),
            (drops(&[11, 21, 31], 0.5, 35), None),
        ];
        for (got, expect) in table {
            assert_eq!(name(got, &want).map(|(d, _)| d), *expect, "{got:?}");
        }
    }

    #[test]
    fn details_say_where() {
        let want = drops(&[10, 20, 25], 0.5, 30);
        let (_, d) = name(&drops(&[10, 20], 0.5, 30), &want).expect("named");
        assert_eq!(
            d,
            "your rate does not drop after 25 epochs (it drops after 10, 20)."
        );
        let (_, d) = name(&drops(&[10, 20, 25], 0.1, 30), &want).expect("named");
        assert_eq!(
            d,
            "your rate is multiplied by 0.1 at each change; the target's by 0.5."
        );
    }
}
