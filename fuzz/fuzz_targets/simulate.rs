#![no_main]

use libfuzzer_sys::fuzz_target;
use lrtutor::engine::scenario;
use serde_json::Value;

/// Legal but long scenarios only slow the fuzzer down; cap them.
const STEP_CAP: u64 = 10_000;

fuzz_target!(|data: &[u8]| {
    let Ok(mut sc) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if let Some(obj) = sc.as_object_mut() {
        if obj.get("steps").and_then(Value::as_u64).is_some_and(|n| n > STEP_CAP) {
            obj.insert("steps".to_string(), Value::from(STEP_CAP));
        }
    }
    let _ = scenario::run(&sc);
});
