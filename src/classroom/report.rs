//! `class report`: aggregates results files.
