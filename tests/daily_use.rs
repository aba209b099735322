//! What a person meets every day: every command's help with the global options under a
//! heading of their own, usage errors on one line like every other error, a code on a
//! terminal with the seconds it has left, a QR code refused (not wrapped) in a terminal too
//! narrow for it, recovery-code files read as services hand them out, and messages that read
//! as sentences.

mod common;

use clap::CommandFactory;
use common::*;

const GLOBALS: [&str; 6] = [
    "--vault",
    "--identity",
    "--passphrase-file",
    "--backup-passphrase-file",
    "--device",
    "--config",
];

/// Every visible command path: `[]` for mfa-kit itself, `["codes", "add"]`, ...
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            let mut path = path.clone();
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
        }
    }
    let mut out = Vec::new();
    walk(&mfa_kit::cli::Cli::command(), Vec::new(), &mut out);
    out
}

/// The option names listed in a help section (`Options:`, `Global options:`).
fn section_options(help: &str, heading: &str) -> Vec<String> {
    let Some(start) = help.lines().position(|l| l == heading) else {
        return Vec::new();
    };
    // The section runs to the next heading (a line at the margin); an option's line starts
    // with its dashes (the long help has descriptions and blank lines between them).
    help.lines()
        .skip(start + 1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .filter(|l| l.trim_start().starts_with('-'))
        .filter_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("--"))
                .map(|w| w.trim_end_matches(',').to_string())
        })
        .collect()
}

#[test]
fn every_help_puts_the_global_options_under_their_own_heading() {
    let s = Sandbox::new();
    let paths = command_paths();
    assert!(paths.len() > 30, "{}", paths.len());
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = s.ok(&args);
        let globals = section_options(&help, "Global options:");
        assert_eq!(globals, GLOBALS, "{args:?}:\n{help}");
        let own = section_options(&help, "Options:");
        for global in GLOBALS {
            assert!(
                !own.iter().any(|o| o == global),
                "{args:?} lists {global} among its own options:\n{help}"
            );
        }
        assert!(own.contains(&"--help".to_string()), "{args:?}:\n{help}");
    }
    // The command's own options stay in "Options:".
    let help = s.ok(&["code", "--help"]);
    let own = section_options(&help, "Options:");
    for option in ["--time", "--json", "--clip"] {
        assert!(own.contains(&option.to_string()), "{option}:\n{help}");
    }
}

#[test]
fn usage_errors_are_one_line_and_name_the_help_to_read() {
    let s = Sandbox::new();
    s.init_identity();
    let cases: [(&[&str], &str); 9] = [
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (&[], "a command is needed: init, add"),
        (
            &["codes"],
            "`mfa-kit codes` needs one of its commands: add, list, use, remove",
        ),
        (&["qr"], "usage: mfa-kit qr [OPTIONS] <NAME>"),
        (
            &["qr", "x", "--format", "bogus"],
            "[possible values: ansi, svg, png]",
        ),
        (&["code", "--foo"], "unexpected argument '--foo'"),
        (&["audit", "--min-paths", "0"], "0 is not in 1..=100"),
        (
            &["share", "split"],
            "required arguments were not provided: --threshold <K>, --to",
        ),
        (&["--vault"], "a value is required for '--vault <PATH>'"),
    ];
    for (args, want) in cases {
        // `fails`: exit 2, one line starting `mfa-kit: `, every file as it was.
        let err = s.fails(args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(err.contains("--help`"), "{args:?}: {err}");
        assert!(!err.contains("error:"), "{args:?}: {err}");
    }
    let err = s.fails(&["codes", "list", "x", "--bogus"]);
    assert!(err.contains("see `mfa-kit codes list --help`"), "{err}");
    // Help and version still print as they always did, on standard output, exit 0.
    for args in [
        &["--help"][..],
        &["-h"],
        &["code", "--help"],
        &["--version"],
    ] {
        let out = s.run(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(stderr(&out).is_empty(), "{args:?}");
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
    assert!(s.ok(&["--help"]).lines().count() > 20);
}

#[test]
fn a_code_on_a_terminal_shows_its_seconds_left() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let out = s.terminal_cmd("code github").output().unwrap();
    assert_eq!(code(&out), 0);
    let screen = stdout(&out);
    let line = screen.lines().next().unwrap().trim_end_matches('\r');
    let (code_shown, rest) = line.split_once("  ").unwrap();
    assert_eq!(code_shown.len(), 6, "{line}");
    let left: u64 = rest
        .trim_start_matches('(')
        .trim_end_matches(" s left)")
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));
    assert!((1..=30).contains(&left), "{line}");
    let all = stdout(&s.terminal_cmd("code").output().unwrap());
    assert!(
        all.contains("github  (") && all.contains(" s left)"),
        "{all}"
    );
    // Read by a script, the code is the only word: nothing to strip.
    let piped = s.ok(&["code", "github"]);
    assert_eq!(piped.trim().len(), 6);
    assert!(piped.trim().bytes().all(|b| b.is_ascii_digit()), "{piped}");
}

#[test]
fn qr_in_a_terminal_narrower_than_the_code_says_so_instead_of_wrapping() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--issuer", "GitHub"]);
    let before = s.snapshot();
    let out = s
        .terminal_cmd_with_columns(40, "qr github")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    // script gives the terminal's output (both streams) on its standard output.
    let screen = stdout(&out);
    let line = screen.trim_end();
    assert_one_error_line(line);
    assert!(
        line.contains("this terminal has 40") && line.contains("--format png"),
        "{line}"
    );
    assert!(!screen.contains('▀') && !screen.contains('█'), "{screen}");
    let needed: usize = line
        .split(" columns wide")
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        line.contains(&format!("widen the terminal to {needed} columns")),
        "{line}"
    );
    assert_eq!(before, s.snapshot());
    // Exactly as wide as it needs: the code is drawn, each line within the width.
    let out = s
        .terminal_cmd_with_columns(needed as u16, "qr github")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let drawn = stdout(&out);
    let widest = drawn
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| matches!(c, ' ' | '▀' | '▄' | '█'))
                .count()
        })
        .max()
        .unwrap();
    assert_eq!(widest, needed, "{drawn}");
    // Not a terminal (a pipe, a file): drawn whatever the width.
    assert!(s.ok(&["qr", "github"]).contains('█'));
}

#[test]
fn recovery_code_files_as_services_hand_them_out() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "google", "--secret", SECRET]);
    // Google's Backup-codes-NAME.txt: a header, codes in two numbered columns, the account,
    // and notes with digits and a web address in them.
    let google = "SAVE YOUR BACKUP CODES\n\
                  Keep these backup codes somewhere safe but accessible.\n\
                  \n\
                  1. 4242 0935\t6. 5533 9001\n\
                  2. 1742 6503\t7. 4052 0195\n\
                  3. 9876 5432\t8. 1357 2468\n\
                  4. 1111 2222\t9. 3333 4444\n\
                  5. 5555 6666\t10. 7777 8888\n\
                  \n\
                  (alice@gmail.com)\n\
                  \n\
                  * You can only use each backup code once.\n\
                  * Need more backup codes? Visit https://g.co/2sv\n\
                  * Generated: Jan 15, 2024\n";
    let out = s.run_with_stdin(&["codes", "add", "google"], google);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Skipped lines 1-2, 10, 12-14 as words, not codes."),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("Stored 10 recovery codes"),
        "{}",
        stderr(&out)
    );
    let listed = s.ok(&["codes", "list", "google", "--show"]);
    assert!(
        listed.starts_with("10 of 10 recovery codes left"),
        "{listed}"
    );
    assert!(
        listed.contains("10. 7777 8888") || listed.contains("7777 8888"),
        "{listed}"
    );
    // GitHub's github-recovery-codes.txt, with a header line someone added.
    s.ok(&["add", "github", "--secret", SECRET]);
    let out = s.run_with_stdin(
        &["codes", "add", "github"],
        "GitHub recovery codes for alice, saved 2024-05-01:\na1b2c-3d4e5\nf6a7b-8c9d0\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // A line with a code and a note beside it is refused, not dropped.
    let err = s.fails_with_stdin(
        &["codes", "add", "github"],
        "a1b2c-3d4e5\nf6a7b-8c9d0 already used\n",
    );
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn messages_read_as_sentences() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "phone"]);
    // No codes stored: said so, not "0 of 0".
    let out = s.run(&["codes", "list", "github"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "No recovery codes are stored for \"github\".\n"
    );
    assert!(
        stderr(&out).contains("mfa-kit codes add github"),
        "{}",
        stderr(&out)
    );
    // "an email path", "an other path", "a security-key path".
    for (kind, article) in [("email", "an"), ("other", "an"), ("security-key", "a")] {
        let out = s.run(&["path", "add", "github", kind, "--at", "somewhere"]);
        assert!(
            stderr(&out).contains(&format!("Declared {article} {kind} path")),
            "{}",
            stderr(&out)
        );
        let err = s.fails(&["path", "add", "github", kind, "--at", "somewhere"]);
        assert!(
            err.contains(&format!("has {article} {kind} path at somewhere already")),
            "{err}"
        );
    }
    // "not an Aegis export" (the article agrees with the name).
    let notes = s.path("notes.txt");
    std::fs::write(&notes, "just some notes\n").unwrap();
    let err = s.fails(&["import", notes.to_str().unwrap(), "--from", "aegis"]);
    assert!(err.contains("is not an Aegis export"), "{err}");
    // One place lost is lost, not "lost together".
    let audit = s.run(&["audit", "--lose", "phone"]);
    let first = stdout(&audit).lines().next().unwrap().to_string();
    assert!(first.contains("if phone were lost ("), "{first}");
    let audit = s.run(&["audit", "--lose", "phone,laptop"]);
    assert!(
        stdout(&audit).contains("if phone and laptop were lost together"),
        "{}",
        stdout(&audit)
    );
    // ssh add says what the fingerprint it prints is.
    let key = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()],
    );
    let added = s.ok(&["ssh", "add", "github", key.to_str().unwrap()]);
    let fingerprint = tool_ok("ssh-keygen", &["-l", "-f", key.to_str().unwrap()]);
    let fingerprint = fingerprint.split_whitespace().nth(1).unwrap();
    assert_eq!(
        added.trim(),
        format!(
            "Registered the ssh-ed25519 key {fingerprint} (its fingerprint, as ssh-keygen -l shows it) for \"github\"; its private key lives at laptop."
        )
    );
}

/// The review's messages: HOTP's digits named after RFC 4226; a negative option value told
/// so (not clap's advice to write `-- -5`, which would not help an option); a secret given
/// by mistake as a stray argument never echoed; each one line, exit 2.
#[test]
fn usage_messages_say_what_is_wrong_without_echoing_a_secret() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    let cases: [(&[&str], &str); 6] = [
        (
            &["add", "x", "--secret", SECRET, "--hotp", "--digits", "9"],
            "RFC 4226",
        ),
        (&["code", "github", "--time", "-5"], "must not be negative"),
        (&["code", "github", "--time=-5"], "must not be negative"),
        (
            &["add", "x", "--secret", SECRET, "--hotp", "--counter", "-1"],
            "must not be negative",
        ),
        (
            &["verify", "github", "123456", "--window", "-2"],
            "must not be negative",
        ),
        (&["audit", "--min-paths", "-1"], "1..=100"),
    ];
    for (args, want) in cases {
        let err = s.fails(args);
        assert_one_error_line(&err);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("RFC 6238's range"), "{args:?}: {err}");
        assert!(!err.contains("-- -"), "{args:?}: {err}");
    }
    // A secret typed where no argument goes: named, not shown.
    let uri = format!("otpauth://totp/x?secret={SECRET}");
    let spaced = "jbsw y3dp ehpk 3pxp";
    let stray: [&[&str]; 4] = [
        &["add", "x", SECRET],
        &["code", "github", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZ"],
        &["add", "x", &uri],
        &["verify", "github", "123456", spaced],
    ];
    for args in stray {
        let err = s.fails(args);
        assert_one_error_line(&err);
        assert!(
            err.contains("not shown: it may be a secret"),
            "{args:?}: {err}"
        );
        for word in &args[1..] {
            if word.len() >= 16 {
                assert!(!err.contains(word), "{args:?}: {err}");
            }
        }
        assert!(!err.contains("JBSW") && !err.contains("jbsw"), "{err}");
    }
    // An ordinary stray word is still named.
    let err = s.fails(&["verify", "github", "123456", "extra"]);
    assert!(err.contains("'extra'"), "{err}");
}

/// The narrow-terminal hint for an account whose name starts with `-` suggests a file name
/// clap takes as a value (`./-rf.png`), and the suggestion works as written.
#[test]
fn the_qr_hint_names_a_file_that_is_not_an_option() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "--secret", SECRET, "--", "-rf"]);
    let out = s
        .terminal_cmd_with_columns(40, "qr -- -rf")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let line = stdout(&out);
    assert!(line.contains("--format png --out ./-rf.png"), "{line}");
    s.ok(&["qr", "--format", "png", "--out", "./-rf.png", "--", "-rf"]);
    assert!(s.path("-rf.png").is_file());
}
