//! Benchmark: `lrtutor class report` over 1,000 results files (a large class's exams), as a
//! whole process. Each file has 10 questions of 4 options, like a real exam's. Prints the median
//! wall time (target <= 200 ms).
//! Run: `cargo bench --bench class_report` (`-- --quick` for fewer runs).

use nix::sys::resource::{UsageWho, getrusage};
use serde_json::{Value, json};
use std::process::Command;
use std::time::Instant;

fn attempt(i: usize) -> Value {
    let questions: Vec<Value> = (0..10)
        .map(|k| {
            let options: Vec<Value> = (0..4)
                .map(|o| {
                    json!({"letter": ((b'a' + o as u8) as char).to_string(),
                           "text": format!("option {o} of question {k}: 0.010000000000000002"),
                           "correct": o == 0, "source": o,
                           "why": if o == 0 { Value::Null } else { json!("Because the rate is multiplied once more at the milestone.") },
                           "mistake": if o == 1 { json!("gamma-once") } else { Value::Null }})
                })
                .collect();
            let pick = (i * 7 + k * 3) % 4;
            json!({"id": format!("q{k}"), "type": "choice", "variant": {"index": i % 6, "params": {"lr": 0.1, "gamma": 0.5}},
                   "options": options, "chosen": [((b'a' + pick as u8) as char).to_string()], "code": null,
                   "answered": true, "correct": pick == 0, "seconds": ((i + k) % 50) as f64 + 0.5})
        })
        .collect();
    json!({"format": 1, "quiz": "steplr", "quiz_title": "StepLR", "quiz_hash": "fnv1a64:0123456789abcdef",
           "student": format!("student {i:04}"), "seed": i, "started": "2026-11-30T21:00:00.000Z",
           "ended": "2026-11-30T21:20:00.000Z", "seconds": 1200.0, "ended_by": "finished", "feedback": false,
           "time_limit_minutes": 20.0, "questions": questions, "score": {"right": 3, "answered": 10, "total": 10}})
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_lrtutor");
    let quick = std::env::args().any(|a| a == "--quick");
    let dir = std::env::temp_dir().join(format!("lrtutor-bench-class-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut bytes = 0;
    for i in 0..1000 {
        let text = serde_json::to_string_pretty(&attempt(i)).expect("json");
        bytes += text.len();
        std::fs::write(dir.join(format!("r{i:04}.json")), text).expect("write");
    }
    // CPU time (user + sys) of all children so far, in ms: on a loaded machine the wall time
    // also counts the time other processes held the cores.
    let cpu = || {
        getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0.0, |u| {
            let t =
                |tv: nix::sys::time::TimeVal| tv.tv_sec() as f64 * 1e3 + tv.tv_usec() as f64 / 1e3;
            t(u.user_time()) + t(u.system_time())
        })
    };
    let mut cpu_samples = Vec::new();
    let mut samples: Vec<f64> = (0..if quick { 5 } else { 31 })
        .map(|_| {
            let before = cpu();
            let start = Instant::now();
            let out = Command::new(bin)
                .args(["class", "report"])
                .arg(&dir)
                .args(["--format", "csv"])
                .output()
                .expect("run lrtutor");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let wall = start.elapsed().as_secs_f64() * 1000.0;
            cpu_samples.push(cpu() - before);
            wall
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    cpu_samples.sort_by(f64::total_cmp);
    println!(
        "lrtutor class report, 1,000 results files ({:.1} MiB): wall median {:.1} ms, min {:.1} ms; CPU (user + sys) median {:.1} ms (target <= 200 ms)",
        bytes as f64 / (1 << 20) as f64,
        samples[samples.len() / 2],
        samples[0],
        cpu_samples[cpu_samples.len() / 2]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
