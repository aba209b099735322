//! The README cannot drift: every shell block marked `<!-- readme-test -->` runs, as written,
//! with bash in a throw-away home folder, mfa-kit on the PATH, and must succeed.

mod common;

use common::*;

fn read_readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

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
    let readme = read_readme();
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

/// The README as GitHub renders it (CommonMark with GFM tables), as events.
fn rendered(readme: &str) -> Vec<pulldown_cmark::Event<'_>> {
    use pulldown_cmark::{Options, Parser};
    Parser::new_ext(readme, Options::ENABLE_TABLES).collect()
}

/// The plain text of every table's rows, table by table: each row its cells' text.
fn tables(events: &[pulldown_cmark::Event<'_>]) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => tables
                .last_mut()
                .unwrap()
                .last_mut()
                .unwrap()
                .push(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = tables
                    .last_mut()
                    .and_then(|t| t.last_mut())
                    .and_then(|r| r.last_mut())
                {
                    cell.push_str(text);
                }
            }
            Event::End(TagEnd::Table) => {
                // Cells after the table's end belong to no table.
                tables.last_mut().unwrap().push(Vec::new());
                tables.last_mut().unwrap().pop();
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn the_readme_renders_as_github_would() {
    use clap::CommandFactory;
    use pulldown_cmark::{CodeBlockKind, Event, Tag};
    let readme = read_readme();
    let events = rendered(&readme);

    // Every heading and every fenced code block written is one when rendered: a fence left
    // open, or a heading swallowed by a table or a list, would differ.
    let mut fenced = 0;
    let mut headings = 0;
    let mut in_fence = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            fenced += usize::from(in_fence);
        } else if !in_fence && line.starts_with('#') {
            headings += 1;
        }
    }
    assert!(!in_fence, "a code block is never closed");
    let rendered_fences = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))))
        .count();
    let rendered_headings = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
        .count();
    assert_eq!(rendered_fences, fenced, "fenced code blocks");
    assert_eq!(rendered_headings, headings, "headings");

    // The commands table is one table, a row for every command and subcommand.
    let commands_at = readme.find("\n## Commands\n").expect("a Commands section");
    let section_end = readme[commands_at + 1..]
        .find("\n## ")
        .map_or(readme.len(), |e| e + commands_at + 1);
    let section = &readme[commands_at..section_end];
    let written_rows = section.lines().filter(|l| l.starts_with("| `")).count();
    let section_tables = tables(&rendered(section));
    assert_eq!(
        section_tables.len(),
        1,
        "the commands table is split in pieces"
    );
    let rows = &section_tables[0];
    assert_eq!(rows.len(), written_rows + 1, "rows (and the header)");
    for row in rows {
        assert_eq!(
            row.len(),
            2,
            "a row of the commands table is not two cells: {row:?}"
        );
    }
    let first_cells: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
    let cli = mfa_kit::cli::Cli::command();
    let mut missing = Vec::new();
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut names = vec![sub.get_name().to_string()];
        if sub.has_subcommands() {
            names = sub
                .get_subcommands()
                .filter(|n| !n.is_hide_set() && n.get_name() != "help")
                .map(|n| format!("{} {}", sub.get_name(), n.get_name()))
                .collect();
        }
        for name in names {
            let listed = first_cells
                .iter()
                .any(|c| *c == name || c.starts_with(&format!("{name} ")));
            if !listed && name != "help" {
                missing.push(name);
            }
        }
    }
    assert!(missing.is_empty(), "not in the commands table: {missing:?}");
}

/// The first ```sh block after `heading`.
fn block_after<'a>(readme: &'a str, heading: &str) -> &'a str {
    let at = readme.find(heading).expect("the heading");
    let start = readme[at..].find("```sh\n").expect("a sh block") + at + 6;
    let end = readme[start..].find("\n```").expect("the block ends") + start;
    &readme[start..end]
}

#[test]
fn the_install_lines_work_as_written() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = read_readme();
    let block = block_after(&readme, "\n## Install\n");
    // `cargo install` is what built the binary under test: it is put on the PATH instead.
    let steps: String = block
        .lines()
        .filter(|l| !l.starts_with("cargo install"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(steps.contains("mkdir -p ~/.local/share/bash-completion/completions"));
    let s = Sandbox::new();
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .env_clear()
            .env("HOME", s.home())
            .env("PATH", &path)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .current_dir(root)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let out = run("bash", &["-euo", "pipefail", "-c", &steps]);
    assert_eq!(code(&out), 0, "{steps}\n{}", stderr(&out));
    assert!(
        stdout(&out).contains("mfa-kit"),
        "man mfa-kit: {}",
        stdout(&out)
    );
    // man finds the page through MANPATH as the block sets it...
    let export = steps
        .lines()
        .find(|l| l.starts_with("export MANPATH="))
        .unwrap();
    let out = run("bash", &["-c", &format!("{export}\nman -w mfa-kit")]);
    assert_eq!(
        stdout(&out).trim(),
        s.path(".local/share/man/man1/mfa-kit.1")
            .display()
            .to_string(),
        "{}",
        stderr(&out)
    );
    // ...or, without it, when ~/.local/bin is on the PATH, as the comment says.
    std::fs::create_dir_all(s.path(".local/bin")).unwrap();
    let out = run(
        "bash",
        &["-c", "PATH=\"$HOME/.local/bin:$PATH\" man -w mfa-kit-code"],
    );
    assert!(
        stdout(&out).trim().ends_with("man1/mfa-kit-code.1"),
        "{}",
        stderr(&out)
    );
    // bash-completion's own loader finds the bash script where the block put it.
    let out = run(
        "bash",
        &[
            "-c",
            "source /usr/share/bash-completion/bash_completion && __load_completion mfa-kit && complete -p mfa-kit",
        ],
    );
    assert!(
        stdout(&out).contains("_clap_complete_mfa_kit mfa-kit"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // zsh's compinit finds the zsh one through the fpath line the block names.
    let out = run(
        "zsh",
        &[
            "-f",
            "-c",
            "fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[mfa-kit]",
        ],
    );
    assert_eq!(stdout(&out).trim(), "_mfa-kit", "{}", stderr(&out));
    // fish loads its own from ~/.config/fish/completions.
    let out = run(
        "fish",
        &["-c", "complete --do-complete 'mfa-kit qr x --format '"],
    );
    assert!(
        stdout(&out).contains("svg"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// The Debian packages `.ci/run` installs.
fn ci_packages(ci: &str) -> std::collections::BTreeSet<String> {
    let mut packages = std::collections::BTreeSet::new();
    for line in ci.lines().map(str::trim) {
        if let Some((_, package)) = line.strip_prefix('[').and_then(|l| l.split_once("]=")) {
            packages.insert(package.to_string());
        }
        if let Some(rest) = line.split("missing+=(").nth(1) {
            let package = rest.trim_end_matches(')');
            if !package.starts_with('"') {
                packages.insert(package.to_string());
            }
        }
    }
    packages
}

#[test]
fn the_test_tools_line_installs_what_ci_installs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = read_readme();
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    let line = readme
        .split('`')
        .find(|part| part.starts_with("apt-get install -y "))
        .expect("the README's apt-get line");
    let listed: std::collections::BTreeSet<String> = line
        .trim_start_matches("apt-get install -y ")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let installed = ci_packages(&ci);
    assert!(
        installed.contains("strace") && installed.contains("man-db"),
        "{installed:?}"
    );
    assert_eq!(listed, installed, "the README's line and .ci/run differ");
}
