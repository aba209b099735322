//! Passphrases: read from a file (its first line) or from the terminal without echo. With no
//! terminal and no file, the reader fails at once with a clear message: it never waits.

use std::path::Path;

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::sys::fs::read_bounded;

/// The first line of `path`, without its line ending. An empty one is refused, and so is a
/// file other users can read, as an identity file is (a pipe, `<(pass show x)`, is fine).
pub fn from_file(path: &Path) -> Result<SecretString> {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.permissions().mode() & 0o077 != 0
    {
        return Err(Error::new(format!(
            "the passphrase file {} can be read by other users",
            path.display()
        ))
        .hint(format!("run: chmod 600 {}", path.display())));
    }
    let bytes = Zeroizing::new(read_bounded(path, "the passphrase file")?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::new(format!(
            "the passphrase file {} is not UTF-8 text",
            path.display()
        ))
    })?;
    let first = crate::core::text::strip_bom(text)
        .lines()
        .next()
        .unwrap_or("");
    if first.is_empty() {
        return Err(Error::new(format!(
            "the passphrase file {} has an empty first line",
            path.display()
        ))
        .hint("put the passphrase on its first line"));
    }
    Ok(SecretString::from(first.to_string()))
}

/// Asks on the terminal, without echo.
pub fn prompt(prompt: &str, why: &str) -> Result<SecretString> {
    prompt_or(
        prompt,
        why,
        "give --passphrase-file FILE or set MFA_KIT_PASSPHRASE_FILE",
    )
}

/// As [`prompt`], naming `fix` when there is no terminal to ask on.
pub fn prompt_or(prompt: &str, why: &str, fix: &str) -> Result<SecretString> {
    prompt_or_named(prompt, why, fix, "passphrase")
}

/// As [`prompt_or`], calling what is asked for `noun` ("password" for another app's export)
/// when it is typed empty.
pub fn prompt_or_named(prompt: &str, why: &str, fix: &str, noun: &str) -> Result<SecretString> {
    let answer = Zeroizing::new(
        rpassword::prompt_password(prompt).map_err(|_| no_terminal(why, fix, noun))?,
    );
    if answer.is_empty() {
        return Err(Error::new(format!("the {noun} is empty")).hint(format!("type the {noun}")));
    }
    Ok(SecretString::from(answer.to_string()))
}

/// Asks twice for a new passphrase and checks both agree.
pub fn prompt_new(what: &str, why: &str) -> Result<SecretString> {
    prompt_new_or(
        what,
        why,
        "give --passphrase-file FILE or set MFA_KIT_PASSPHRASE_FILE",
    )
}

/// As [`prompt_new`], naming `fix` when there is no terminal to ask on.
pub fn prompt_new_or(what: &str, why: &str, fix: &str) -> Result<SecretString> {
    if std::fs::File::open("/dev/tty").is_err() {
        return Err(Error::new(format!(
            "{why} needs a new passphrase, and there is no terminal to ask for it"
        ))
        .hint(fix.to_string()));
    }
    let first = prompt(&format!("New passphrase for {what}: "), why)?;
    let second = prompt(&format!("Repeat the passphrase for {what}: "), why)?;
    if first.expose_secret() != second.expose_secret() {
        return Err(Error::new("the two passphrases differ").hint("run the command again"));
    }
    Ok(first)
}

/// True when a passphrase can be asked for: the process has a terminal (the one rpassword
/// reads from). Without one, a passphrase-protected SSH key cannot be used, and saying so
/// beats saying that it does not open the file.
pub fn terminal_to_ask_on() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

/// The error for the passphrase-protected SSH key `key` when there is no terminal to ask
/// for its passphrase on; `fix` says how to run instead.
pub fn key_needs_a_terminal(key: &std::path::Path, fix: &str) -> Error {
    Error::new(format!(
        "the SSH key {} needs its passphrase, and there is no terminal to ask for it",
        key.display()
    ))
    .hint(fix.to_string())
}

fn no_terminal(why: &str, fix: &str, noun: &str) -> Error {
    Error::new(format!(
        "{why} needs a {noun}, and there is no terminal to ask for it"
    ))
    .hint(fix.to_string())
}
