//! Docs and packaging: the checked-in completions and man pages are a fresh render of the
//! CLI (regenerate with `cargo run --example generate-docs`), man renders every page without
//! a warning, every command's help has a summary, and `demo` runs on its own throw-away vault.

mod common;

use std::path::Path;

use common::*;

#[test]
fn checked_in_completions_and_man_pages_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rendered = mfa_kit::docs::render_all();
    for (path, bytes) in &rendered {
        let on_disk = std::fs::read(root.join(path)).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run `cargo run --example generate-docs`",
                path.display()
            )
        });
        assert!(
            on_disk == *bytes,
            "{} is stale: run `cargo run --example generate-docs`",
            path.display()
        );
    }
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let rel = Path::new(dir).join(entry.file_name());
            assert!(
                rendered.iter().any(|(p, _)| *p == rel),
                "{} is not generated any more",
                rel.display()
            );
        }
    }
}

#[test]
fn man_renders_every_page_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("man")).unwrap().flatten() {
        let out = std::process::Command::new("man")
            .args(["--warnings=all", "-l"])
            .arg(entry.path())
            .env("MANWIDTH", "80")
            .output()
            .expect("man (man-db) is installed; see .ci/run");
        assert!(out.status.success(), "{}", entry.path().display());
        assert!(
            stderr(&out).is_empty(),
            "{}: {}",
            entry.path().display(),
            stderr(&out)
        );
        let text = stdout(&out);
        for section in ["EXIT STATUS", "ENVIRONMENT", "FILES"] {
            assert!(
                text.contains(section),
                "{} lacks {section}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn completions_command_prints_the_checked_in_scripts() {
    let s = Sandbox::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "mfa-kit.bash"),
        ("zsh", "_mfa-kit"),
        ("fish", "mfa-kit.fish"),
        ("elvish", "mfa-kit.elv"),
        ("powershell", "_mfa-kit.ps1"),
    ] {
        let out = s.run(&["completions", shell]);
        assert_eq!(code(&out), 0);
        assert_eq!(
            out.stdout,
            std::fs::read(root.join("completions").join(file)).unwrap(),
            "{shell}"
        );
    }
    let bash = tool_ok(
        "bash",
        &[
            "-c",
            &format!(
                "source {}/completions/mfa-kit.bash && complete -p mfa-kit",
                root.display()
            ),
        ],
    );
    assert!(bash.contains("mfa-kit"), "{bash}");
    assert_eq!(code(&s.run(&["completions", "tcsh"])), 2);
}

#[test]
fn every_command_has_a_summary_and_there_is_a_version() {
    use clap::CommandFactory;
    let s = Sandbox::new();
    let version = s.ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("mfa-kit {}", env!("CARGO_PKG_VERSION"))
    );
    let cmd = mfa_kit::cli::Cli::command();
    let mut paths: Vec<Vec<String>> = Vec::new();
    for sub in cmd.get_subcommands() {
        assert!(
            sub.get_about().is_some(),
            "{} has no summary",
            sub.get_name()
        );
        paths.push(vec![sub.get_name().to_string()]);
        for nested in sub.get_subcommands() {
            assert!(
                nested.get_about().is_some(),
                "{} {} has no summary",
                sub.get_name(),
                nested.get_name()
            );
            paths.push(vec![
                sub.get_name().to_string(),
                nested.get_name().to_string(),
            ]);
        }
    }
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = s.ok(&args);
        assert!(
            help.lines().next().is_some_and(|l| !l.is_empty()),
            "{args:?}"
        );
    }
}

#[test]
fn demo_runs_on_its_own_vault_and_touches_nothing_of_ours() {
    let s = Sandbox::new();
    let before = s.snapshot();
    let out = s.run(&["demo"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for step in [
        "$ mfa-kit init",
        "$ mfa-kit audit\n",
        "$ mfa-kit audit --lose phone,laptop",
        "$ mfa-kit backup",
        "(exit status 1)",
    ] {
        assert!(text.contains(step), "the demo lacks {step:?}:\n{text}");
    }
    let last_audit = text
        .rsplit("$ mfa-kit audit --lose phone,laptop")
        .next()
        .unwrap();
    assert!(
        last_audit.contains("2 of 2 account(s) pass"),
        "{last_audit}"
    );
    assert_eq!(before, s.snapshot(), "the demo wrote into HOME");
    assert!(!s.vault().exists());
}
