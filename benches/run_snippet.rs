//! Benchmark: `lrtutor run` as a whole process (what a learner waits for), on the reference
//! snippet `seed_multistep_print.py` and on a 1,000,000-iteration training loop. Prints medians
//! and, where `/usr/bin/time` exists, the peak resident set size.
//! Run: `cargo bench --bench run_snippet`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median wall time in milliseconds of `runs` runs of `lrtutor run FILE`.
fn wall_ms(bin: &str, file: &Path, runs: usize) -> f64 {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(bin)
                .arg("run")
                .arg(file)
                .output()
                .expect("run lrtutor");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(samples)
}

/// Peak RSS in MiB of one run, measured by `/usr/bin/time -f %M` (kilobytes).
fn peak_rss_mib(bin: &str, file: &Path) -> Option<f64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", bin, "run"])
        .arg(file)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_lrtutor");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures");
    let quick = std::env::args().any(|a| a == "--quick");
    let small = fixtures.join("seed_multistep_print.py");
    let big = fixtures.join("loop_1m.py");
    let startup = wall_ms(bin, &small, if quick { 5 } else { 101 });
    println!(
        "lrtutor run seed_multistep_print.py: median {startup:.2} ms (target <= 10 ms; CPython + PyTorch ~7 s)"
    );
    match peak_rss_mib(bin, &small) {
        Some(m) => println!("  peak RSS {m:.1} MiB (target <= 15 MiB; CPython + PyTorch ~790 MiB)"),
        None => println!("  peak RSS not measured (/usr/bin/time missing)"),
    }
    let loop_ms = wall_ms(bin, &big, if quick { 1 } else { 11 });
    println!(
        "lrtutor run loop_1m.py (1,000,000 x optimizer.step(); scheduler.step()): median {loop_ms:.0} ms (target <= 500 ms; PyTorch ~37 s)"
    );
    if let Some(m) = peak_rss_mib(bin, &big) {
        println!("  peak RSS {m:.1} MiB");
    }
    let reads = fixtures.join("loop_lr_read_1m.py");
    let read_ms = wall_ms(bin, &reads, if quick { 1 } else { 11 });
    println!(
        "lrtutor run loop_lr_read_1m.py (1,000,000 x step(); step(); total += param_groups[0][\"lr\"]): median {:.3} us per iteration (target <= 0.3 us; PyTorch ~30 us)",
        read_ms / 1000.0
    );
    accounting_cost(&fixtures, if quick { 3 } else { 15 });
}

/// What the memory accounting costs: the same snippets run in this process with the counting
/// allocator on and off, interleaved, medians compared.
fn accounting_cost(fixtures: &Path, runs: usize) {
    use lrtutor::sandbox::{self, Limits};
    for name in ["loop_1m.py", "alloc_heavy.py"] {
        let source = std::fs::read_to_string(fixtures.join(name)).expect("read fixture");
        let (mut on, mut off) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            for counting in [true, false] {
                lrtutor::memory::set_counting(counting);
                let start = Instant::now();
                let r = sandbox::run(&source, &Limits::default());
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                assert!(r.error.is_none(), "{name}: {:?}", r.error);
                if counting { on.push(ms) } else { off.push(ms) }
            }
        }
        lrtutor::memory::set_counting(true);
        let (on, off) = (median(on), median(off));
        println!(
            "memory accounting on {name}: {on:.1} ms counted vs {off:.1} ms uncounted (in process, median of {runs}): {:+.1}%",
            (on / off - 1.0) * 100.0
        );
    }
}
