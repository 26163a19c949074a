//! All integration tests in one binary (faster to build): engine parity with recorded PyTorch
//! behaviour, and the command line.

mod around;
mod classes;
mod classroom;
mod cli_check;
mod cli_progress;
mod cli_quiz;
mod cli_run;
mod cli_simulate;
mod content;
mod course_exercises;
mod engine_vectors;
mod explain;
mod fast_path;
mod grading;
mod hostile;
mod no_panic;
mod process;
mod progress;
mod resume;
mod snippets;
mod tui;
mod watch;
