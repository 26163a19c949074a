//! All integration tests in one binary (faster to build): engine parity with recorded PyTorch
//! behaviour, and the command line.

mod cli_simulate;
mod engine_vectors;
mod no_panic;
mod snippets;
