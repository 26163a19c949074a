//! Reading the files the commands are given, safely: only regular files (a FIFO, a device such
//! as `/dev/zero` or a directory is refused before it is opened, so nothing blocks or streams
//! forever), and never more than a size limit, checked while reading (a file can grow after its
//! size was looked up).

use std::io::Read;
use std::path::Path;

/// Snippets (`run`) and scenario files (`simulate`) larger than this are refused.
pub const MAX_INPUT_BYTES: u64 = 4 << 20;

/// The text of `path` (`-` is standard input), as long as it is a regular file of at most
/// `max` bytes. Invalid UTF-8 is replaced, as Python's error handler `replace` would.
pub fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let bytes = if path.as_os_str() == "-" {
        read_at_most(std::io::stdin().lock(), max)?
    } else {
        if let Err(what) = regular(path).map_err(|e| e.to_string())? {
            return Err(format!(
                "not a regular file ({what}); give the path of a text file"
            ));
        }
        read_text_bytes(path, max)?
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The metadata of `path` if it is a regular file, else what it is instead ("a named pipe"),
/// looked up without opening it (opening a FIFO would wait for a writer).
pub fn regular(path: &Path) -> std::io::Result<Result<std::fs::Metadata, &'static str>> {
    let meta = std::fs::metadata(path)?;
    Ok(if meta.file_type().is_file() {
        Ok(meta)
    } else {
        Err(kind(&meta.file_type()))
    })
}

/// The bytes of the regular file `path`, at most `max` of them.
pub fn read_text_bytes(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    read_at_most(file, max)
}

/// Reads up to `max` bytes; one byte more means the input is too large.
fn read_at_most(source: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    source
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "larger than {} MiB; lrtutor reads files up to that size",
            max >> 20
        ));
    }
    Ok(bytes)
}

/// What a non-regular file is, in words.
fn kind(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        return "a directory";
    }
    unix_kind(t)
}

#[cfg(unix)]
fn unix_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a plain file"
    }
}

#[cfg(not(unix))]
fn unix_kind(_: &std::fs::FileType) -> &'static str {
    "not a plain file"
}
