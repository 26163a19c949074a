#![no_main]

use libfuzzer_sys::fuzz_target;
use lrtutor::sandbox::{self, Limits};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let limits = Limits {
        max_steps: 20_000,
        max_depth: 200,
        max_memory: 64 << 20,
        flags: false,
        max_output: 1 << 16,
        max_trace: 1000,
        max_warnings: 100,
    };
    let _ = sandbox::run(&source, &limits);
});
