//! The `lrtutor` binary: parses the command line and hands over to `lrtutor::cli`.

fn main() {
    std::process::exit(lrtutor::cli::main());
}
