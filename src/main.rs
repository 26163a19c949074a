//! The `lrtutor` binary: parses the command line and hands over to `lrtutor::cli`.

fn main() {
    // The command line runs on a thread with a large stack: snippets may recurse 1000 calls deep.
    let code = std::thread::Builder::new()
        .stack_size(lrtutor::sandbox::STACK_BYTES)
        .spawn(lrtutor::cli::main)
        .map_or_else(|_| lrtutor::cli::main(), |h| h.join().unwrap_or(101));
    std::process::exit(code);
}
