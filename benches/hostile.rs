//! Benchmark: the hostile-input table (`tests/fixtures/hostile/cases.json`, issue 9) against the
//! release binary. Each case must end as expected (the same judge as the integration test), in
//! under 2 s of wall time and 300 MiB of peak RSS. Prints one row per case and exits 1 when a
//! case misses. Run: `cargo bench --bench hostile` (`-- NAME` runs the cases whose name contains
//! NAME).
//!
//! Each `lrtutor` runs under a probe: this same program started with `--probe`, whose only child
//! it is, so the probe's `getrusage(RUSAGE_CHILDREN)` is that one case's peak RSS exactly (in one
//! process the figure is a maximum over every case run so far).

#[path = "../tests/integration/hostile/table.rs"]
mod table;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The wall-time limit per input.
const MAX_WALL: Duration = Duration::from_secs(2);
/// A case still running after this is killed (it has missed the limit long before).
const KILL_AFTER: Duration = Duration::from_secs(20);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--probe") {
        std::process::exit(probe(&args[2..]));
    }
    let bin = env!("CARGO_BIN_EXE_lrtutor");
    // `cargo bench` passes `--bench`; any other argument filters the cases by name.
    let filter: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let scratch = table::Scratch::new().expect("make the FIFOs");
    let me = std::env::current_exe()
        .expect("own path")
        .display()
        .to_string();
    let report = std::env::temp_dir().join(format!("lrtutor-hostile-probe-{}", std::process::id()));
    println!("{:<32} {:>9} {:>8}  ok", "case", "wall ms", "RSS MiB");
    let (mut ran, mut missed) = (0, Vec::new());
    for case in table::load()
        .iter()
        .filter(|c| filter.is_empty() || filter.iter().any(|f| c.name.contains(f.as_str())))
    {
        let _ = std::fs::remove_file(&report);
        let pre = [
            "--probe".to_string(),
            report.display().to_string(),
            bin.to_string(),
        ];
        let mut o = table::run_via(
            &me,
            &pre,
            case,
            &scratch,
            KILL_AFTER + Duration::from_secs(10),
        );
        read_probe(&report, &mut o);
        let verdict = table::judge(case, &o).and_then(|()| {
            if o.wall < MAX_WALL {
                Ok(())
            } else {
                Err(format!("{} ms >= 2000 ms", o.wall.as_millis()))
            }
        });
        println!(
            "{:<32} {:>9.1} {:>8.1}  {}",
            case.name,
            o.wall.as_secs_f64() * 1000.0,
            o.rss_kb as f64 / 1024.0,
            if verdict.is_ok() { "yes" } else { "NO" }
        );
        if let Err(why) = verdict {
            missed.push(format!(
                "{} [{}] (truth: {}): {why}",
                case.name, case.class, case.truth
            ));
        }
        ran += 1;
    }
    let _ = std::fs::remove_file(&report);
    println!(
        "{} of {ran} cases as expected, within 2 s and 300 MiB",
        ran - missed.len()
    );
    if !missed.is_empty() {
        eprintln!("missed:\n  {}", missed.join("\n  "));
        std::process::exit(1);
    }
}

/// `--probe REPORT BIN ARGS...`: runs `BIN ARGS...` with this process's stdio, then writes its
/// exit code, wall time, kill reason and peak RSS to REPORT. Returns the child's exit code.
fn probe(args: &[String]) -> i32 {
    let (Some(report), Some(bin)) = (args.first(), args.get(1)) else {
        eprintln!("usage: hostile --probe REPORT BIN ARGS...");
        return 2;
    };
    let start = Instant::now();
    let mut child = match Command::new(bin).args(&args[2..]).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("probe: spawn {bin}: {e}");
            return 2;
        }
    };
    let (code, killed, _) = table::watch(&mut child, start, KILL_AFTER);
    let wall_us = start.elapsed().as_micros();
    let line = format!(
        "{}\n{wall_us}\n{}\n{}\n",
        code.map_or("signal".to_string(), |c| c.to_string()),
        table::children_max_rss_kb(),
        killed.unwrap_or_default()
    );
    if let Err(e) = std::fs::write(report, line) {
        eprintln!("probe: write {report}: {e}");
    }
    code.unwrap_or(128)
}

/// Replaces the probe's own figures with its child's: exit code (None for a signal), wall
/// time without the probe's start-up, exact peak RSS, and a kill by the probe.
fn read_probe(report: &Path, o: &mut table::Outcome) {
    let Ok(text) = std::fs::read_to_string(report) else {
        return; // the probe itself was killed or failed: keep what the harness saw
    };
    let mut lines = text.lines();
    let (code, wall, rss, killed) = (lines.next(), lines.next(), lines.next(), lines.next());
    o.code = code.and_then(|c| c.parse().ok());
    if let Some(us) = wall.and_then(|w| w.parse().ok()) {
        o.wall = Duration::from_micros(us);
    }
    if let Some(kb) = rss.and_then(|r| r.parse().ok()) {
        o.rss_kb = kb;
    }
    if let Some(k) = killed.filter(|k| !k.is_empty()) {
        o.killed = Some(k.to_string());
    }
}
