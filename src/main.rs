//! The binary: parse the command line, run the command, print the one error line, and map
//! the result to the exit status (0 yes, 1 no, 2 error).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    forbid_core_dumps();
    ignore_empty_environment();
    let cli = match mfa_kit::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own form for usage errors; --help and --version exit 0. Printing may fail
            // (a closed stream): the exit status still says what happened.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match mfa_kit::app::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(e) => {
            if e.kind() != mfa_kit::error::ErrorKind::BrokenPipe {
                let _ = writeln!(std::io::stderr().lock(), "mfa-kit: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// The process holds decrypted secrets: no core dump may carry them to disk, and other
/// processes of the same user may not read its memory through ptrace.
fn forbid_core_dumps() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_DUMPABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// `MFA_KIT_VAULT=` (set but empty) means unset, as scripts write it, not an empty path.
fn ignore_empty_environment() {
    let empty: Vec<std::ffi::OsString> = std::env::vars_os()
        .filter(|(name, value)| name.to_string_lossy().starts_with("MFA_KIT_") && value.is_empty())
        .map(|(name, _)| name)
        .collect();
    for name in empty {
        // SAFETY: called first thing in main, before any other thread exists.
        unsafe { std::env::remove_var(name) };
    }
}
