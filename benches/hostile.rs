//! Benchmark: the hostile-input table (`tests/fixtures/hostile/cases.json`, issue 9) against the
//! release binary. Each case must end as expected (the same judge as the integration test), in
//! under 2 s of wall time and 300 MiB of peak RSS. Prints one row per case and exits 1 when a
//! case misses. Run: `cargo bench --bench hostile` (`-- NAME` runs the cases whose name contains
//! NAME).

#[path = "../tests/integration/hostile/table.rs"]
mod table;

use std::time::Duration;

/// The wall-time limit per input.
const MAX_WALL: Duration = Duration::from_secs(2);
/// A case still running after this is killed (it has missed the limit long before).
const KILL_AFTER: Duration = Duration::from_secs(20);

fn main() {
    let bin = env!("CARGO_BIN_EXE_lrtutor");
    // `cargo bench` passes `--bench`; any other argument filters the cases by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let scratch = table::Scratch::new().expect("make the FIFOs");
    println!("{:<32} {:>9} {:>8}  ok", "case", "wall ms", "RSS MiB");
    let (mut ran, mut missed) = (0, Vec::new());
    for case in table::load()
        .iter()
        .filter(|c| filter.is_empty() || filter.iter().any(|f| c.name.contains(f.as_str())))
    {
        let o = table::run(bin, case, &scratch, KILL_AFTER);
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
    println!(
        "{} of {ran} cases within 2 s and 300 MiB, as expected",
        ran - missed.len()
    );
    if !missed.is_empty() {
        eprintln!("missed:\n  {}", missed.join("\n  "));
        std::process::exit(1);
    }
}
