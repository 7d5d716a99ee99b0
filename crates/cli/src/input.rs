//! Reading what the user gave: a token or payload on the command line or standard input, and key
//! files. Everything is checked for size and UTF-8 here, so the commands only ever see text.

use std::io::{IsTerminal, Read};
use std::path::Path;

use tokenlab_engine::MAX_INPUT_BYTES;

use crate::Failure;

/// The text of a positional argument: the argument itself, or standard input when it is absent
/// or `-`. `what` names the input in messages ("token", "payload").
pub fn text_arg(arg: Option<&str>, what: &str) -> Result<String, Failure> {
    match arg {
        Some(text) if text != "-" => {
            tokenlab_engine::check_size(text)
                .map_err(|e| Failure::usage(format!("the {what} is too large: {e}")))?;
            Ok(text.to_owned())
        }
        _ => stdin(what),
    }
}

/// All of standard input as text. Refuses a terminal (nothing was piped in), more than
/// [`MAX_INPUT_BYTES`], and bytes that are not UTF-8.
pub fn stdin(what: &str) -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Failure::usage(format!(
            "no {what} was given; pass it as an argument or pipe it on standard input"
        )));
    }
    let bytes = read_limited(stdin.lock())
        .map_err(|e| Failure::usage(format!("standard input could not be read: {e}")))?;
    into_text(bytes, &format!("the {what} on standard input"))
}

/// The text of a file; `-` reads standard input.
pub fn file(path: &Path, what: &str) -> Result<String, Failure> {
    if path.as_os_str() == "-" {
        return stdin(what);
    }
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| {
        Failure::usage(format!(
            "the {what} \"{shown}\" could not be opened: {}",
            io_reason(&e)
        ))
    })?;
    let bytes = read_limited(file)
        .map_err(|e| Failure::usage(format!("the {what} \"{shown}\" could not be read: {e}")))?;
    into_text(bytes, &format!("the {what} \"{shown}\""))
}

/// Reads at most one byte more than [`MAX_INPUT_BYTES`], so a huge input is refused without
/// being held in memory.
fn read_limited(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_INPUT_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "it is larger than {} MiB, the most Tokenlab accepts",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

fn into_text(bytes: Vec<u8>, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        Failure::usage(format!(
            "{what} is not UTF-8 text (byte {} is not valid)",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// An I/O error as a lower-case sentence fragment, without Rust's "(os error N)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    let text = match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission was denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => e.to_string(),
    };
    match text.find(" (os error") {
        Some(i) => text.get(..i).unwrap_or(&text).to_owned(),
        None => text,
    }
}
