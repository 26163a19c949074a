//! Benchmark: the progress store with 10,000 answers (1,000 questions × 10). Targets: loading
//! ≤ 20 ms; saving after one answer ≤ 5 ms excluding fsync (also shown with fsync).
//! Run: `cargo bench --bench progress` (`--quick` for 3 runs).

use lrtutor::progress::clock::DAY;
use lrtutor::progress::model::{Answer, Doc, QuestionRecord};
use lrtutor::progress::{Store, SystemClock, file, review};
use std::path::Path;
use std::time::Instant;

/// A progress document with `questions` × `per` answers, each question's card replayed.
fn doc(questions: usize, per: usize) -> Doc {
    let fsrs = review::scheduler();
    let mut doc = Doc::default();
    for q in 0..questions {
        let answers: Vec<Answer> = (0..per)
            .map(|i| Answer {
                id: format!("{:x}-{i:x}", 4_000 + q),
                at: 1_800_000_000_000 + (i as i64) * 2 * DAY + q as i64,
                chosen: vec![(q % 4) as u32],
                right: (q + i) % 3 != 0,
                rating: None,
            })
            .collect();
        let review = review::replay(&fsrs, &answers);
        let key = format!("quiz-{}/question-{}", q / 10, q % 10);
        doc.questions
            .insert(key, QuestionRecord { answers, review });
    }
    doc
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let runs = if std::env::args().any(|a| a == "--quick") {
        3
    } else {
        15
    };
    let dir = std::env::temp_dir().join(format!("lrtutor-bench-progress-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("progress.json");
    let bytes = serde_json::to_vec(&doc(1_000, 10)).expect("encode");
    std::fs::write(&path, &bytes).expect("write");
    let open = |p: &Path| Store::open_at(p, Box::new(SystemClock)).expect("open");

    let load: Vec<f64> = (0..runs)
        .map(|_| {
            time_ms(|| {
                let s = open(&path);
                assert_eq!(s.doc().questions.len(), 1_000);
            })
        })
        .collect();
    let mut store = open(&path);
    let mut answer = |i: usize| {
        store
            .record_answer("quiz-7", "question-3", &[i % 4], i.is_multiple_of(2))
            .expect("save")
    };
    // As lrtutor saves (with fsync), and that time less the fsync calls' own.
    let (mut durable, mut without_fsync) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let synced = file::fsync_time();
        let ms = time_ms(|| answer(i));
        durable.push(ms);
        without_fsync.push(ms - (file::fsync_time() - synced).as_secs_f64() * 1000.0);
    }
    // With fsync turned off: the rename then also starts writing the new file back (ext4),
    // which waits on a busy disk.
    store.set_durable(false);
    let no_sync: Vec<f64> = (0..runs)
        .map(|i| {
            time_ms(|| {
                store
                    .record_answer("quiz-7", "question-3", &[i % 4], i.is_multiple_of(2))
                    .expect("save")
            })
        })
        .collect();
    let encode: Vec<f64> = (0..runs)
        .map(|_| time_ms(|| drop(serde_json::to_vec(store.doc()).expect("encode"))))
        .collect();
    println!(
        "progress with 10,000 answers ({} KiB), medians of {runs}: load {:.2} ms (target <= 20 ms); save after one answer {:.2} ms excluding fsync (target <= 5 ms), {:.2} ms with it; with fsync off {:.2} ms; encoding alone {:.2} ms",
        bytes.len() / 1024,
        median(load),
        median(without_fsync),
        median(durable),
        median(no_sync),
        median(encode),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
