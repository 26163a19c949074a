//! How much code `lrtutor check` runs: each block, reference solution or verified question has
//! its own step limit, and so has each file and the whole course, so that a file of two hundred
//! runaway loops costs about as much as one — the check stops on the step count, never a clock.

use crate::sandbox::Limits;

/// Steps one block, reference or question may take.
pub const BLOCK_STEPS: u64 = 5_000_000;
/// Steps all the code of one lesson or quiz file may take together.
pub const FILE_STEPS: u64 = 10_000_000;
/// Steps all the code of a course may take together.
pub const COURSE_STEPS: u64 = 25_000_000;

/// What is left of the file's and the course's budgets.
#[derive(Debug)]
pub struct RunBudget {
    file_left: u64,
    course_left: u64,
    /// Whether this file was already told that its budget ran out.
    reported: bool,
}

impl Default for RunBudget {
    fn default() -> Self {
        RunBudget {
            file_left: FILE_STEPS,
            course_left: COURSE_STEPS,
            reported: false,
        }
    }
}

impl RunBudget {
    /// A new file starts with a full file budget (the course budget carries on).
    pub fn start_file(&mut self) {
        self.file_left = FILE_STEPS;
        self.reported = false;
    }

    /// The limits of the next run, or `None` once the file's or the course's budget is spent.
    pub fn limits(&self) -> Option<Limits> {
        let steps = BLOCK_STEPS.min(self.file_left).min(self.course_left);
        (steps > 0).then(|| Limits {
            max_steps: steps,
            ..Limits::default()
        })
    }

    /// Charges a finished run's steps.
    pub fn spend(&mut self, steps: u64) {
        self.file_left = self.file_left.saturating_sub(steps);
        self.course_left = self.course_left.saturating_sub(steps);
    }

    /// The message for the first run refused in a file (`None` for later ones: said once).
    pub fn refusal(&mut self) -> Option<String> {
        if std::mem::replace(&mut self.reported, true) {
            return None;
        }
        let (what, n) = if self.course_left == 0 {
            ("the course's code", COURSE_STEPS)
        } else {
            ("this file's code", FILE_STEPS)
        };
        Some(format!(
            "not run: {what} already ran {n} steps in all, lrtutor check's limit; shorten the loops above (or split the file)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_budget_runs_out_and_is_reported_once() {
        let mut b = RunBudget::default();
        let per_file = FILE_STEPS / BLOCK_STEPS;
        for _ in 0..per_file - 1 {
            let limits = b.limits().expect("budget left");
            assert_eq!(limits.max_steps, BLOCK_STEPS);
            b.spend(limits.max_steps + 1);
        }
        // The last block gets what is left (a run can overshoot its limit slightly).
        let last = b.limits().expect("budget left").max_steps;
        assert_eq!(last, BLOCK_STEPS - (per_file - 1));
        b.spend(last + 1);
        assert!(b.limits().is_none());
        assert!(b.refusal().is_some_and(|m| m.contains("this file's code")));
        assert!(b.refusal().is_none());
        b.start_file();
        assert!(b.limits().is_some());
    }

    #[test]
    fn the_course_budget_carries_across_files() {
        let mut b = RunBudget::default();
        for _ in 0..COURSE_STEPS.div_ceil(FILE_STEPS) {
            b.start_file();
            b.spend(FILE_STEPS);
        }
        b.start_file();
        assert!(b.limits().is_none());
        assert!(b.refusal().is_some_and(|m| m.contains("the course's code")));
    }
}
