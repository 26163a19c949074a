//! lrtutor: learn PyTorch's learning-rate schedulers in the terminal.
//!
//! Layers (each may use only those to its right): `cli` → `explain` → `sandbox` → `engine`. The engine is a bit-exact
//! reimplementation of `torch.optim.lr_scheduler` with no I/O.

pub mod classroom;
pub mod cli;
pub mod content;
pub mod engine;
pub mod explain;
pub mod memory;
pub mod progress;
pub mod sandbox;
pub mod suggest;
pub mod tui;
pub mod yaml;
