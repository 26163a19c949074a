//! A small text plot of one or more series (learning rate per step), for terminals without a UI:
//! one column per sampled step, one row per height band, labelled with the y range.

/// Draws `series` (each a list of values, one per step) into `height` rows of at most `width`
/// columns. Each series has its own mark; where marks collide the later series wins.
pub fn plot(series: &[(&str, char, Vec<f64>)], width: usize, height: usize) -> String {
    plot_along(series, width, height, "step")
}

/// [`plot`] with another name for the x axis (`epoch`).
pub fn plot_along(
    series: &[(&str, char, Vec<f64>)],
    width: usize,
    height: usize,
    axis: &str,
) -> String {
    let finite = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .filter(|x| x.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    let len = series.iter().map(|(_, _, v)| v.len()).max().unwrap_or(0);
    if len == 0 || !lo.is_finite() || height < 2 || width < 2 {
        return String::new();
    }
    // Decays span orders of magnitude: a log axis shows every drop, a linear one only the first.
    let log = lo > 0.0 && hi / lo > 20.0;
    let y = |v: f64| if log { v.ln() } else { v };
    let (ylo, yhi) = (y(lo), y(hi));
    let cols = len.min(width);
    let mut grid = vec![vec![' '; cols]; height];
    for (_, mark, values) in series {
        for (c, cell) in (0..cols).map(|c| (c, c * (len - 1) / (cols - 1).max(1))) {
            let Some(&v) = values.get(cell) else { continue };
            if !v.is_finite() {
                continue;
            }
            let frac = if yhi > ylo {
                (y(v) - ylo) / (yhi - ylo)
            } else {
                0.5
            };
            let row = height - 1 - ((frac * (height - 1) as f64).round() as usize).min(height - 1);
            grid[row][c] = *mark;
        }
    }
    render(&grid, lo, hi, (len, axis), series, log)
}

fn render(
    grid: &[Vec<char>],
    lo: f64,
    hi: f64,
    (len, axis): (usize, &str),
    series: &[(&str, char, Vec<f64>)],
    log: bool,
) -> String {
    let top = format!("{hi:.3e}");
    let bottom = format!("{lo:.3e}");
    let pad = top.len().max(bottom.len());
    let mut out = String::new();
    for (i, row) in grid.iter().enumerate() {
        let label = if i == 0 {
            top.clone()
        } else if i == grid.len() - 1 {
            bottom.clone()
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{label:>pad$} │{}\n",
            row.iter().collect::<String>()
        ));
    }
    let cols = grid.first().map_or(0, Vec::len);
    out.push_str(&format!("{:>pad$} └{}\n", "", "─".repeat(cols)));
    out.push_str(&format!(
        "{:>pad$}  {}\n",
        "",
        x_labels(axis, len - 1, cols)
    ));
    if log {
        out.push_str(&format!("{:>pad$}  (log scale)\n", ""));
    }
    if series.len() > 1 {
        let legend: Vec<String> = series
            .iter()
            .map(|(name, mark, _)| format!("{mark} {name}"))
            .collect();
        out.push_str(&format!("{:>pad$}  {}\n", "", legend.join("   ")));
    }
    out
}

/// `step 0` under the first column and the last index under the last one, at least a space
/// apart however narrow the plot is (never `step 05`).
fn x_labels(axis: &str, last: usize, cols: usize) -> String {
    let left = format!("{axis} 0");
    if last == 0 {
        return left;
    }
    let right = last.to_string();
    let w = cols.saturating_sub(left.len()).max(right.len() + 1);
    format!("{left}{right:>w$}")
}

#[cfg(test)]
mod tests {
    use super::{plot, x_labels};

    #[test]
    fn the_x_axis_labels_stay_apart() {
        let table = [
            ("step", 5, 6, "step 0 5"),
            ("step", 5, 2, "step 0 5"),
            ("step", 39, 40, "step 0                                39"),
            ("epoch", 12, 10, "epoch 0 12"),
            ("step", 0, 1, "step 0"),
        ];
        for (axis, last, cols, want) in table {
            assert_eq!(x_labels(axis, last, cols), want);
        }
        let drawn = plot(&[("lr", '•', vec![1.0, 0.9, 0.8, 0.7, 0.6, 0.5])], 60, 3);
        assert!(drawn.contains("  step 0 5\n"), "{drawn}");
    }

    #[test]
    fn a_falling_series_starts_top_left_and_ends_bottom_right() {
        let s = plot(&[("lr", '•', vec![1.0, 0.5, 0.25, 0.0])], 10, 3);
        let rows: Vec<&str> = s.lines().collect();
        assert!(rows[0].ends_with("│•   "), "{s}");
        assert!(rows[2].ends_with("│   •"), "{s}");
        assert!(rows[0].starts_with("1.000e0"), "{s}");
    }

    #[test]
    fn empty_input_draws_nothing() {
        assert_eq!(plot(&[("lr", '•', vec![])], 10, 3), "");
    }
}
