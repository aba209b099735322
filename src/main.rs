//! The binary: parse the command line, run the command, print the one error line, and map
//! the result to the exit status (0 yes, 1 no, 2 error).
//!
//! The C library calls `main` here directly, not through Rust's own start-up: that start-up
//! readies a message for a main thread that overflows its stack, which has the C library read
//! /proc/self/maps and sets an alternate signal stack up (fourteen system calls, 40 µs of the
//! 1.3 ms `code NAME` takes). The two parts of it that matter are done here: the standard
//! streams are made sure to be open, and a closed pipe is an error rather than a signal.
//! Arguments and the environment are read as before (the C library hands them to Rust's
//! standard library as the program loads).

#![no_main]

use std::ffi::{c_char, c_int};
use std::io::Write;

use clap::Parser;

/// The program's entry, called by the C library. Leaves through [`std::process::exit`], which
/// flushes standard output as Rust's start-up does once `main` returns.
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    standard_streams_open();
    ignore_closed_pipes();
    // A panic ends with the status Rust's start-up gives it (its line already said by the
    // hook), rather than unwinding into the C library, which would abort.
    let status = std::panic::catch_unwind(run).unwrap_or(101);
    std::process::exit(c_int::from(status))
}

/// Runs the command line: its exit status.
fn run() -> u8 {
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}",
            mfa_kit::error::panic_line(info.location())
        );
    }));
    forbid_core_dumps();
    // A plain `code NAME` with a home folder set looks no user or host up: setting the name
    // services up reads nsswitch.conf, a tenth of that command's time beyond oathtool's.
    let plain_code = mfa_kit::app::code::plain_code_line();
    let home_is_set = std::env::var_os("HOME").is_some_and(|home| !home.is_empty());
    if !(home_is_set && plain_code.is_some()) {
        builtin_name_services();
    }
    ignore_empty_environment();
    if let Some(served) = mfa_kit::app::unlock::serve_if_agent() {
        return served.map_or_else(|e| e.exit_code(), |o| o.exit_code());
    }
    // `mfa-kit __clipboard-holder`: the helper `code --clip` starts.
    if let Some(held) = mfa_kit::sys::clipboard::hold_if_asked() {
        return held.map_or_else(|e| e.exit_code(), |o| o.exit_code());
    }
    // `COMPLETE=bash mfa-kit -- WORDS...`: the shell asks for completions.
    if mfa_kit::app::complete::answer_if_asked() {
        return 0;
    }
    // `mfa-kit [--vault PATH] code NAME`, read without the whole command line's parser.
    if let Some(result) = mfa_kit::app::code::plain_code_if_asked(plain_code) {
        return exit_with(result);
    }
    let cli = match mfa_kit::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print as clap renders them, and exit 0. Printing may fail (a
        // closed stream): the exit status still says what happened.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return 0;
        }
        // A usage error is one line, as every other error is.
        Err(e) => {
            let args: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let e = mfa_kit::error::Error::usage(&e, &args);
            mfa_kit::sys::output::error_line(&e);
            return 2;
        }
    };
    exit_with(mfa_kit::app::run(cli))
}

/// The exit status of a command's result, after printing its error line (if any).
fn exit_with(result: mfa_kit::error::Result<mfa_kit::error::Outcome>) -> u8 {
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            if e.kind() != mfa_kit::error::ErrorKind::BrokenPipe {
                mfa_kit::sys::output::error_line(&e);
            }
            e.exit_code()
        }
    }
}

/// The process holds decrypted secrets: no core dump may carry them to disk (not dumpable,
/// and a core size limit of zero for whatever ignores that flag), other processes of the same
/// user may not read its memory through ptrace, and where the system allows it its memory is
/// locked so that no secret is written to swap.
fn forbid_core_dumps() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl, setrlimit and mlockall take plain integers or a pointer to a local
    // struct; none touches memory of ours beyond that.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        // Locking every future page fails allocations once past RLIMIT_MEMLOCK, which would
        // abort mfa-kit: lock only where that limit cannot be reached.
        if mfa_kit::sys::allocator::memory_lock_unlimited() {
            libc::mlockall(libc::MCL_CURRENT | libc::MCL_FUTURE);
        }
    }
}

/// Users and hosts are looked up through the name services built into the C library alone
/// (/etc files, DNS), not the modules /etc/nsswitch.conf may name (systemd, sss, mdns...): a
/// statically linked glibc that loads one of those at run time crashes in it. mfa-kit looks a
/// user up only for the home folder when HOME is unset, and a host only for an X display over
/// TCP (`code --clip`).
fn builtin_name_services() {
    #[cfg(all(target_os = "linux", target_env = "gnu", target_feature = "crt-static"))]
    {
        use std::ffi::{c_char, c_int};
        unsafe extern "C" {
            /// glibc's override of a database's line in nsswitch.conf (<nss.h>).
            fn __nss_configure_lookup(database: *const c_char, services: *const c_char) -> c_int;
        }
        for (database, services) in [
            (c"passwd", c"files"),
            (c"group", c"files"),
            (c"hosts", c"files dns"),
        ] {
            // SAFETY: both are NUL-terminated strings that outlive the call; glibc copies
            // what it keeps.
            unsafe { __nss_configure_lookup(database.as_ptr(), services.as_ptr()) };
        }
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

/// Standard input, output and error left closed by whoever started mfa-kit are opened on
/// /dev/null, as Rust's start-up does: otherwise the next file opened (the vault) would take
/// the number of standard output, and what is printed would be written into it.
fn standard_streams_open() {
    for fd in 0..3 {
        // SAFETY: fcntl and open take integers and a NUL-terminated string that outlives the
        // call; abort takes nothing.
        unsafe {
            if libc::fcntl(fd, libc::F_GETFD) == -1
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF)
                && libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) != fd
            {
                libc::abort();
            }
        }
    }
}

/// Writing to a closed pipe (`mfa-kit list | head -1`) fails with an error mfa-kit reports,
/// rather than killing it with SIGPIPE, as under Rust's start-up. Programs mfa-kit starts get
/// the default back, as Rust's standard library gives it them.
fn ignore_closed_pipes() {
    // SAFETY: signal takes a signal number and a constant handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}
