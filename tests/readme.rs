//! The README cannot drift: every shell block marked `<!-- readme-test -->` runs, as written,
//! with bash in a throw-away home folder, mfa-kit on the PATH, and must succeed.

mod common;

use common::*;

fn tested_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = readme;
    while let Some(at) = rest.find("<!-- readme-test -->") {
        let after = &rest[at..];
        let start = after
            .find("```sh\n")
            .expect("a sh block follows the marker")
            + 6;
        let end = after[start..].find("\n```").expect("the block ends") + start;
        blocks.push(after[start..end].to_string());
        rest = &after[end..];
    }
    blocks
}

#[test]
fn the_walk_through_runs_as_written() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks = tested_blocks(&readme);
    assert!(!blocks.is_empty(), "no tested block in the README");
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let bin_dir = bin.parent().unwrap();
    for block in blocks {
        let s = Sandbox::new();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = std::process::Command::new("bash")
            .args(["-euo", "pipefail", "-c", &block])
            .env_clear()
            .env("HOME", s.home())
            .env("PATH", path)
            .current_dir(s.home())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(
            code(&out),
            0,
            "the README block failed:\n{block}\n--- stdout\n{}\n--- stderr\n{}",
            stdout(&out),
            stderr(&out)
        );
        let text = stdout(&out);
        if block.contains("location retire phone") {
            assert!(
                text.contains("github: lost the authenticator app on phone; still passes"),
                "{text}"
            );
            assert!(text.contains("a fire is survivable"), "{text}");
            assert!(text.contains("wrote      "), "{text}");
            assert!(
                text.contains("recover    bitbucket: ssh -i ") && text.contains("recovery_codes"),
                "{text}"
            );
            assert!(
                text.contains("no single bad month can lock me out"),
                "{text}"
            );
        } else if block.contains("no single bad month") {
            assert!(text.contains("locked out (exit status 1)"), "{text}");
            assert!(
                text.contains("no single bad month can lock you out now"),
                "{text}"
            );
            assert!(text.contains("The backup holds all 2 account(s)"), "{text}");
        }
    }
}
