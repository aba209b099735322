//! `mfa-kit [--vault PATH] code NAME` is read without clap (src/app/code.rs): its global
//! options must be exactly what clap reads from the same command line and environment. One
//! test alone in this binary, as it sets the process's environment.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use clap::{Args, FromArgMatches};
use mfa_kit::app::code::globals_from_environment;
use mfa_kit::cli::GlobalArgs;

/// Every environment variable clap reads a global option from.
fn clap_variables() -> Vec<String> {
    GlobalArgs::augment_args(clap::Command::new("mfa-kit"))
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .map(|name| name.to_str().expect("a UTF-8 name").to_string())
        .collect()
}

/// What clap reads with `--vault PATH` or without, under the environment as it is now.
fn by_clap(vault: Option<&str>) -> Option<GlobalArgs> {
    let mut line = vec!["mfa-kit"];
    line.extend(vault.iter().flat_map(|path| ["--vault", path]));
    let matches = GlobalArgs::augment_args(clap::Command::new("mfa-kit"))
        .try_get_matches_from(line)
        .ok()?;
    GlobalArgs::from_arg_matches(&matches).ok()
}

fn set(name: &str, value: impl Into<OsString>) {
    // SAFETY: this test binary runs one test, and nothing else reads the environment meanwhile.
    unsafe { std::env::set_var(name, value.into()) };
}

fn unset(name: &str) {
    // SAFETY: as in `set`.
    unsafe { std::env::remove_var(name) };
}

fn assert_same_as_clap(case: &str) {
    for vault in [None, Some("given.age")] {
        let ours = globals_from_environment(vault.map(Into::into));
        let clap = by_clap(vault);
        assert_eq!(
            format!("{ours:?}"),
            format!("{clap:?}"),
            "{case}, --vault {vault:?}"
        );
    }
}

#[test]
fn the_global_options_of_a_plain_code_are_read_as_clap_reads_them() {
    let variables = clap_variables();
    assert_eq!(
        variables.len(),
        6,
        "a global option was added: read it in code.rs"
    );
    for name in &variables {
        unset(name);
    }
    assert_same_as_clap("no variable set");
    // Each variable alone, then all at once, each with a value of its own.
    for name in &variables {
        set(name, format!("from-{name}"));
        assert_same_as_clap(&format!("{name} alone"));
        unset(name);
    }
    for name in &variables {
        set(name, format!("from-{name}"));
    }
    assert_same_as_clap("every variable set");
    // A path that is not UTF-8 is a path; a device name that is not UTF-8 is refused by clap,
    // and then by the plain reading too (the full parser says why).
    set(
        "MFA_KIT_VAULT",
        OsString::from_vec(b"vault-\xff.age".to_vec()),
    );
    assert_same_as_clap("a vault path that is not UTF-8");
    set(
        "MFA_KIT_DEVICE",
        OsString::from_vec(b"laptop-\xff".to_vec()),
    );
    assert!(
        by_clap(None).is_none(),
        "clap takes a device name that is not UTF-8"
    );
    assert_same_as_clap("a device name that is not UTF-8");
}
