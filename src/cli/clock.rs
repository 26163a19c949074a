//! The clock exams read: the system time, or a fixed one for tests and reproducible transcripts.
//! `LRTUTOR_CLOCK=START[+STEP]` (Unix seconds) makes the first reading START and each later one
//! STEP seconds after the previous (default 0), so a results file written under it is exact.

use std::cell::Cell;

/// Readings of the time, in Unix seconds.
pub struct Clock {
    fixed: Option<(Cell<f64>, f64)>,
}

impl Clock {
    /// The fixed clock of `LRTUTOR_CLOCK` if set (and valid), else the system's.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("LRTUTOR_CLOCK") {
            Ok(spec) => Clock::fixed(&spec),
            Err(_) => Ok(Clock { fixed: None }),
        }
    }

    fn fixed(spec: &str) -> Result<Clock, String> {
        let (start, step) = spec.split_once('+').unwrap_or((spec, "0"));
        let num = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
        };
        match (num(start), num(step)) {
            (Some(start), Some(step)) => Ok(Clock {
                fixed: Some((Cell::new(start), step)),
            }),
            _ => Err(format!(
                "LRTUTOR_CLOCK={spec}: expected START or START+STEP in Unix seconds, such as 1764536400+2.5"
            )),
        }
    }

    /// The time now.
    pub fn now(&self) -> f64 {
        match &self.fixed {
            Some((t, step)) => {
                let now = t.get();
                t.set(now + step);
                now
            }
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_fixed_clock_steps_and_bad_specs_are_refused() {
        let c = Clock::fixed("100+2.5").expect("clock");
        assert_eq!([c.now(), c.now(), c.now()], [100.0, 102.5, 105.0]);
        let c = Clock::fixed("7").expect("clock");
        assert_eq!([c.now(), c.now()], [7.0, 7.0]);
        for bad in ["", "x", "1+y", "-5", "inf"] {
            assert!(Clock::fixed(bad).is_err(), "{bad}");
        }
    }
}
