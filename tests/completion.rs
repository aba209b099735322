//! Shell completion in the real shells: bash (the completion function called with
//! COMP_WORDS and COMP_CWORD, as bash calls it), zsh (an interactive zsh on a pseudo-terminal,
//! driven by zpty, pressing Tab) and fish (`complete --do-complete`), each with the script
//! kept in `completions/`. Every subcommand's options and values complete, past the first
//! word (clap issue 6421 broke that in bash); account names, places and sites come from a
//! vault that opens without a question, and a vault that would need a typed passphrase gives
//! none, without asking, waiting or printing anything.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::CommandFactory;
use common::*;

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(name)
}

/// The PATH with the mfa-kit under test first, as an installed one would be.
fn path_with_mfa_kit() -> String {
    let bin = assert_cmd::cargo::cargo_bin("mfa-kit");
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A shell in the sandbox's home, with a clean environment (as `Sandbox::cmd`).
fn shell(s: &Sandbox, program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("HOME", s.home())
        .env("XDG_RUNTIME_DIR", s.runtime.path())
        .env("PATH", path_with_mfa_kit())
        .env("MFA_KIT_DEVICE", "laptop")
        .env("TERM", "xterm")
        .current_dir(s.home())
        .stdin(Stdio::null());
    cmd
}

/// A vault with two accounts, places and a site, opened by the identity init records.
fn vault_with_places() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "github", "--secret", SECRET, "--issuer", "GitHub", "--at", "phone",
    ]);
    s.ok(&["add", "gitlab", "--secret", SECRET]);
    s.ok(&["path", "add", "github", "security-key", "--at", "keychain"]);
    s.ok(&["location", "site", "laptop", "home"]);
    s
}

/// Completes each line (its words; the last is the word being completed) by calling the
/// completion function of `completions/mfa-kit.bash` as bash does: COMP_LINE and COMP_POINT
/// (the line and the cursor at its end), COMP_WORDS and COMP_CWORD, and as `$2` the text bash
/// replaces (the last word, from past its last `=` or `:`, which COMP_WORDBREAKS splits at).
/// Returns each line's COMPREPLY, and whatever else was printed.
fn bash_complete(s: &Sandbox, lines: &[Vec<String>], prefix: &str) -> (Vec<Vec<String>>, String) {
    let lines: Vec<(String, String)> = lines
        .iter()
        .map(|words| {
            let line = words.join(" ");
            let text = bash_text(&line).to_string();
            (line, text)
        })
        .collect();
    bash_complete_lines(s, &lines, prefix)
}

/// The text bash hands a completion function as `$2` for a line typed up to its end, where
/// no quote is open: the last word, past its last `=` or `:`.
fn bash_text(line: &str) -> &str {
    let word = line.rsplit(' ').next().unwrap_or("");
    word.rsplit(['=', ':']).next().unwrap_or("")
}

/// [`bash_complete`] with more environment variables for bash (and so for mfa-kit).
fn bash_complete_env(
    s: &Sandbox,
    lines: &[Vec<String>],
    env: &[(&str, &str)],
) -> (Vec<Vec<String>>, String) {
    let exports: String = env
        .iter()
        .map(|(k, v)| format!("{k}='{}' ", v.replace('\'', "'\\''")))
        .collect();
    bash_complete(s, lines, &format!("env {exports}"))
}

/// [`bash_complete`] for typed lines, as they are on the screen (quotes and backslashes as
/// typed), each with the text bash replaces (`$2`).
fn bash_complete_lines(
    s: &Sandbox,
    lines: &[(String, String)],
    prefix: &str,
) -> (Vec<Vec<String>>, String) {
    let quote = |w: &str| format!("'{}'", w.replace('\'', "'\\''"));
    let mut program = format!(
        "source {}\n",
        quote(script("mfa-kit.bash").to_str().unwrap())
    );
    for (line, text) in lines {
        // COMP_WORDS as bash splits it at blanks (what mfa-kit reads is COMP_LINE).
        let words: Vec<&str> = line.split(' ').collect();
        let cword = words.len() - 1;
        let previous = if cword > 0 { words[cword - 1] } else { "" };
        program.push_str(&format!(
            "COMP_LINE={}\nCOMP_POINT=${{#COMP_LINE}}\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\nCOMPREPLY=()\n_clap_complete_mfa_kit mfa-kit {} {}\nprintf 'REPLY:'; printf '%s\\037' \"${{COMPREPLY[@]}}\"; printf '\\n'\n",
            quote(line),
            words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "),
            quote(text),
            quote(previous),
        ));
    }
    // Outside the sandbox, whose files must stay as they were.
    let file = tempfile::Builder::new()
        .suffix(".sh")
        .tempfile()
        .unwrap()
        .into_temp_path();
    std::fs::write(&file, program).unwrap();
    let out = if prefix.is_empty() {
        shell(s, "bash").arg(&file).output().unwrap()
    } else {
        // On a terminal (where a passphrase prompt would wait for a person), with a guard
        // that turns a hang into a failure.
        shell(s, "script")
            .args([
                "-qefc",
                &format!("{prefix} bash {}", file.display()),
                "/dev/null",
            ])
            .output()
            .unwrap()
    };
    assert_eq!(code(&out), 0, "bash: {}", stderr(&out));
    let replies: Vec<Vec<String>> = stdout(&out)
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("REPLY:"))
        .map(|r| {
            r.split('\u{1f}')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    assert_eq!(replies.len(), lines.len(), "{}", stdout(&out));
    // Anything else shown (on a terminal, both streams arrive here) was not asked for.
    let mut shown: String = stdout(&out)
        .lines()
        .filter(|l| !l.trim_end_matches('\r').starts_with("REPLY:"))
        .collect();
    shown.push_str(&stderr(&out));
    (replies, shown)
}

/// The words of a typed line; a trailing space leaves an empty word to complete.
fn words(line: &str) -> Vec<String> {
    line.split(' ').map(str::to_string).collect()
}

/// Every visible command path under `mfa-kit`, with its clap definition.
fn command_paths() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, clap::Command)>) {
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            let mut path = path.clone();
            path.push(sub.get_name().to_string());
            out.push((path.clone(), sub.clone()));
            walk(sub, path, out);
        }
    }
    let mut cmd = mfa_kit::cli::Cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, Vec::new(), &mut out);
    out
}

#[test]
fn bash_completes_every_subcommands_options_and_values() {
    let s = vault_with_places();
    // For every command: its options after `--`, and the values of each option and
    // positional that has a fixed set of them.
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut wants: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (path, cmd) in command_paths() {
        let mut line: Vec<String> = std::iter::once("mfa-kit".to_string())
            .chain(path.iter().cloned())
            .collect();
        if cmd.has_subcommands() {
            line.push(String::new());
            let names: Vec<String> = cmd
                .get_subcommands()
                .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                .map(|s| s.get_name().to_string())
                .collect();
            wants.push((line.clone(), names));
            lines.push(line);
            continue;
        }
        let longs: Vec<String> = cmd
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        let mut options = line.clone();
        options.push("--".to_string());
        wants.push((options.clone(), longs));
        lines.push(options);
        let mut positionals = 0;
        for arg in cmd
            .get_arguments()
            .filter(|a| !a.is_hide_set() && a.get_action().takes_values())
        {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let mut at = line.clone();
            if arg.is_positional() {
                at.extend(std::iter::repeat_n("x".to_string(), positionals));
                positionals += 1;
            } else if arg.get_long().is_some() {
                at.push(format!("--{}", arg.get_long().unwrap()));
            } else {
                continue;
            }
            if values.is_empty() {
                continue;
            }
            at.push(String::new());
            wants.push((at.clone(), values));
            lines.push(at);
        }
    }
    assert!(lines.len() > 40, "{}", lines.len());
    let (replies, errors) = bash_complete(&s, &lines, "");
    assert!(
        errors.is_empty(),
        "completion printed on standard error: {errors}"
    );
    for ((line, want), got) in wants.iter().zip(&replies) {
        for w in want {
            assert!(
                got.contains(w),
                "`{}<Tab>` lacks {w}: {got:?}",
                line.join(" ")
            );
        }
    }
    // The hidden helper is never offered.
    let (replies, _) = bash_complete(
        &s,
        &[
            words("mfa-kit cl"),
            words("mfa-kit "),
            words("mfa-kit _"),
            words("mfa-kit __c"),
        ],
        "",
    );
    for reply in replies {
        assert!(!reply.iter().any(|r| r.contains("clipboard")), "{reply:?}");
    }
}

#[test]
fn bash_completes_names_places_and_sites_from_the_vault() {
    let s = vault_with_places();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("mfa-kit qr github --format ", &["ansi", "svg", "png"], &[]),
        ("mfa-kit code gi", &["github", "gitlab"], &[]),
        ("mfa-kit codes list git", &["github", "gitlab"], &[]),
        ("mfa-kit verify gith", &["github"], &["gitlab"]),
        (
            "mfa-kit audit --lose ",
            &["phone", "laptop", "keychain", "home", "memory"],
            &["github"],
        ),
        ("mfa-kit audit --lose phone,k", &["phone,keychain"], &[]),
        ("mfa-kit location retire ph", &["phone"], &[]),
        ("mfa-kit location site phone ", &["home"], &[]),
        ("mfa-kit add x --at ", &["phone", "keychain"], &[]),
        ("mfa-kit services gitl", &["gitlab"], &[]),
        ("mfa-kit path add github ", &["security-key", "email"], &[]),
        ("mfa-kit completions ", &["bash", "zsh", "fish"], &[]),
        // Global options typed on the line are honoured: another vault, no names.
        ("mfa-kit --vault elsewhere.age code gi", &[], &["github"]),
        ("mfa-kit code --vault elsewhere.age gi", &[], &["github"]),
    ];
    let lines: Vec<Vec<String>> = cases.iter().map(|(l, _, _)| words(l)).collect();
    let (replies, errors) = bash_complete(&s, &lines, "");
    assert!(errors.is_empty(), "{errors}");
    for ((line, want, not), got) in cases.iter().zip(&replies) {
        for w in *want {
            assert!(
                got.iter().any(|g| g == w),
                "`{line}<Tab>` lacks {w}: {got:?}"
            );
        }
        for n in *not {
            assert!(
                !got.iter().any(|g| g == n),
                "`{line}<Tab>` offers {n}: {got:?}"
            );
        }
    }
}

#[test]
fn complete_set_to_no_shell_is_an_ordinary_run() {
    let s = vault_with_places();
    for value in ["1", "yes", "0", ""] {
        let listed = s.cmd(&["list"]).env("COMPLETE", value).output().unwrap();
        assert_eq!(code(&listed), 0, "COMPLETE={value}");
        assert_eq!(
            stdout(&listed),
            "github\tGitHub\ngitlab\n",
            "COMPLETE={value}"
        );
    }
    // A shell's name asks for its script (clap's `source <(COMPLETE=bash mfa-kit)`).
    let script = stdout(&s.cmd(&[]).env("COMPLETE", "bash").output().unwrap());
    assert!(
        script.contains("COMPLETE=\"bash\"")
            && script.contains("-F _clap_complete_mfa_kit mfa-kit"),
        "{script}"
    );
}

#[test]
fn a_vault_that_needs_a_typed_passphrase_gives_no_names_and_asks_nothing() {
    let s = Sandbox::new();
    let pass = s.path("pass.txt");
    write_private(&pass, "correct horse battery staple\n");
    let pass_arg = pass.to_str().unwrap();
    s.ok(&["--passphrase-file", pass_arg, "init", "--passphrase"]);
    s.ok(&[
        "--passphrase-file",
        pass_arg,
        "add",
        "github",
        "--secret",
        SECRET,
    ]);
    let before = s.snapshot();
    let lines = vec![
        words("mfa-kit code "),
        words("mfa-kit qr github --format "),
        // With the passphrase file on the line no question is needed, but the names would
        // cost an scrypt on every Tab: none come.
        vec![
            "mfa-kit".into(),
            "--passphrase-file".into(),
            pass_arg.into(),
            "code".into(),
            "gi".into(),
        ],
    ];
    // On a terminal, where a prompt would wait; `timeout` turns a wait into a failure.
    let (replies, errors) = bash_complete(&s, &lines, "timeout 120");
    assert!(errors.is_empty(), "{errors}");
    assert!(!replies[0].contains(&"github".to_string()), "{replies:?}");
    assert!(replies[0].contains(&"--json".to_string()), "{replies:?}");
    assert_eq!(replies[1], ["ansi", "svg", "png"]);
    assert!(replies[2].is_empty(), "{replies:?}");
    // Nothing was asked or written on the terminal but the replies.
    let all: String = replies
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!all.to_lowercase().contains("passphrase:"), "{all}");
    assert_eq!(before, s.snapshot(), "completion wrote a file");
    // Nor from the environment.
    let (replies, errors) = bash_complete_env(
        &s,
        &[words("mfa-kit code gi")],
        &[("MFA_KIT_PASSPHRASE_FILE", pass_arg)],
    );
    assert!(errors.is_empty(), "{errors}");
    assert!(replies[0].is_empty(), "{replies:?}");
    // Unlocked once (the agent holds the key and unwraps for others, with no scrypt): the
    // names come.
    s.ok(&["--passphrase-file", pass_arg, "unlock"]);
    let (replies, errors) = bash_complete(&s, &[words("mfa-kit code gi")], "timeout 120");
    s.ok(&["lock"]);
    assert!(errors.is_empty(), "{errors}");
    assert_eq!(replies[0], ["github"]);

    // A vault opened by a passphrase-protected SSH key would ask for the key's passphrase.
    let s = vault_with_places();
    let key = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "a passphrase",
            "-f",
            key.to_str().unwrap(),
        ],
    );
    let plain = s.age_decrypt_vault();
    let plain_file = s.path("plain.toml");
    std::fs::write(&plain_file, plain).unwrap();
    tool_ok(
        "age",
        &[
            "-R",
            key.with_extension("pub").to_str().unwrap(),
            "-o",
            s.vault().to_str().unwrap(),
            plain_file.to_str().unwrap(),
        ],
    );
    std::fs::remove_file(&plain_file).unwrap();
    let line: Vec<String> = ["mfa-kit", "--identity", key.to_str().unwrap(), "code", "gi"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let (replies, errors) = bash_complete(&s, &[line], "timeout 120");
    assert!(errors.is_empty(), "{errors}");
    assert!(replies[0].is_empty(), "{replies:?}");
}

#[test]
fn zsh_completes_on_tab_from_the_script_in_fpath() {
    let s = vault_with_places();
    let fpath = s.path("zfunc");
    std::fs::create_dir(&fpath).unwrap();
    std::fs::copy(script("_mfa-kit"), fpath.join("_mfa-kit")).unwrap();
    // An interactive zsh on a pseudo-terminal (zpty), with compinit and the script found in
    // $fpath as installed; each line is typed with a Tab, and the screen is read back.
    let drive = format!(
        r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PS1="> "; fpath=({fpath} $fpath); autoload -Uz compinit; compinit -u -D; unsetopt beep; setopt nolistambiguous'
complete() {{
  zpty -w -n z "$1"$'\t'
  local out="" chunk i
  for i in {{1..300}}; do
    if zpty -rt z chunk; then out+=$chunk; else sleep 0.1; fi
    [[ $out == *"$2"* ]] && break
  done
  print -r -- "=== $1"
  print -r -- "$out"
  zpty -w -n z $'\C-u'
}}
complete 'mfa-kit qr github --format ' 'svg'
complete 'mfa-kit codes list gi' 'gitlab'
complete 'mfa-kit codes list github --s' 'show'
complete 'mfa-kit audit --lose ' 'keychain'
zpty -d z
"#,
        fpath = fpath.display()
    );
    let file = s.path("drive.zsh");
    std::fs::write(&file, drive).unwrap();
    let out = shell(&s, "zsh").arg("-f").arg(&file).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let section = |line: &str| -> String {
        text.split(&format!("=== {line}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no output for {line}: {text}"))
            .split("=== ")
            .next()
            .unwrap()
            .to_string()
    };
    let formats = section("mfa-kit qr github --format ");
    for value in ["ansi", "svg", "png"] {
        assert!(formats.contains(value), "{value}: {formats:?}");
    }
    let names = section("mfa-kit codes list gi");
    assert!(
        names.contains("github") && names.contains("gitlab"),
        "{names:?}"
    );
    let show = section("mfa-kit codes list github --s");
    assert!(show.contains("--show"), "{show:?}");
    let places = section("mfa-kit audit --lose ");
    for place in ["phone", "keychain", "home"] {
        assert!(places.contains(place), "{place}: {places:?}");
    }
}

#[test]
fn fish_completes_from_the_checked_in_script() {
    let s = vault_with_places();
    let cases: &[(&str, &[&str])] = &[
        ("mfa-kit qr github --format ", &["ansi", "svg", "png"]),
        ("mfa-kit code gi", &["github\tGitHub", "gitlab"]),
        ("mfa-kit codes list github --", &["--show", "--json"]),
        ("mfa-kit location site phone ", &["home"]),
        (
            "mfa-kit audit --lose phone,",
            &["phone,keychain", "phone,laptop"],
        ),
    ];
    let mut program = format!("source '{}'\n", script("mfa-kit.fish").display());
    for (line, _) in cases {
        program.push_str(&format!(
            "echo '=== {line}'\ncomplete --do-complete '{line}'\n"
        ));
    }
    let out = shell(&s, "fish")
        .args(["--no-config", "-c", &program])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let text = stdout(&out);
    for (line, want) in cases {
        let section = text
            .split(&format!("=== {line}\n"))
            .nth(1)
            .unwrap()
            .split("=== ")
            .next()
            .unwrap();
        // A candidate, then a tab and its help when it has one.
        let got: Vec<&str> = section.lines().collect();
        let values: Vec<&str> = got.iter().map(|l| l.split('\t').next().unwrap()).collect();
        for w in *want {
            if !w.contains('\t') {
                assert!(values.contains(w), "`{line}<Tab>` lacks {w:?}: {got:?}");
                continue;
            }
            assert!(got.contains(w), "`{line}<Tab>` lacks {w:?}: {got:?}");
        }
    }
}

/// Account names a shell would run, split or expand if a completion typed them raw, each
/// imported from an otpauth URI (as the review's `Git%24(touch%20...)` was).
const HOSTILE_NAMES: [&str; 9] = [
    "Git$(touch PWNED)",
    "tick`touch TICKED`",
    "my bank",
    "it's",
    "say \"hi\"",
    "*",
    "glob[ab]",
    "GitHub:alice",
    "a;b&c",
];

fn vault_with_hostile_names() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    let uris: String = HOSTILE_NAMES
        .iter()
        .map(|name| {
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("otpauth://totp/{encoded}?secret={SECRET}\n")
        })
        .collect();
    let out = s.run_with_stdin(&["import", "-", "--from", "otpauth"], &uris);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed = s.ok(&["list", "--json"]);
    for name in HOSTILE_NAMES {
        assert!(
            listed.contains(&serde_json::to_string(name).unwrap()),
            "{name}: {listed}"
        );
    }
    s
}

/// Bash's own reading of completed lines: each line typed so far is completed by the
/// function of `completions/mfa-kit.bash` (COMP_LINE, COMP_POINT, `$2`), each candidate put
/// in place of the text bash replaces (and the quote the user opened closed, as bash does),
/// and the line run by bash with a function that prints its arguments in place of `mfa-kit`. So what is
/// checked is what bash makes of the completed line: the one account name, one word, and
/// nothing run.
#[test]
fn bash_types_names_with_shell_syntax_as_one_word_and_runs_nothing() {
    let s = vault_with_hostile_names();
    // (line typed, the text bash replaces, the quote left open, the names expected)
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "mfa-kit code Gi",
            "Gi",
            "",
            &["Git$(touch PWNED)", "GitHub:alice"],
        ),
        ("mfa-kit code ti", "ti", "", &["tick`touch TICKED`"]),
        ("mfa-kit code my", "my", "", &["my bank"]),
        ("mfa-kit code my\\ b", "my\\ b", "", &["my bank"]),
        ("mfa-kit code 'my b", "my b", "'", &["my bank"]),
        ("mfa-kit code \"my", "my", "\"", &["my bank"]),
        ("mfa-kit code it", "it", "", &["it's"]),
        ("mfa-kit code 'it", "it", "'", &["it's"]),
        ("mfa-kit code \"it", "it", "\"", &["it's"]),
        ("mfa-kit code sa", "sa", "", &["say \"hi\""]),
        ("mfa-kit code \"sa", "sa", "\"", &["say \"hi\""]),
        ("mfa-kit code 'sa", "sa", "'", &["say \"hi\""]),
        ("mfa-kit code GitHub:", "", "", &["GitHub:alice"]),
        ("mfa-kit code GitHub:a", "a", "", &["GitHub:alice"]),
        ("mfa-kit code ", "", "", &HOSTILE_NAMES),
    ];
    let quote = |w: &str| format!("'{}'", w.replace('\'', "'\\''"));
    let mut program = format!(
        "source {}\nrecord() {{ printf 'ARGS'; printf '\\037%s' \"$@\"; printf '\\n'; }}\n",
        quote(script("mfa-kit.bash").to_str().unwrap())
    );
    for (line, text, open, _) in cases {
        let words: Vec<&str> = line.split(' ').collect();
        program.push_str(&format!(
            "COMP_LINE={line}\nCOMP_POINT=${{#COMP_LINE}}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMPREPLY=()\n\
             CASE_TEXT={text}\n\
             PATH={path} _clap_complete_mfa_kit mfa-kit \"$CASE_TEXT\" {previous}\n\
             echo \"CASE ${{#COMPREPLY[@]}}\"\n\
             for reply in \"${{COMPREPLY[@]}}\"; do\n\
               completed=\"${{COMP_LINE:0:${{#COMP_LINE}}-${{#CASE_TEXT}}}}$reply\"{close}\n\
               eval \"record${{completed#mfa-kit}}\"\n\
             done\n",
            line = quote(line),
            words = words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "),
            cword = words.len() - 1,
            path = quote(&path_with_mfa_kit()),
            text = quote(text),
            previous = quote(words[words.len() - 2]),
            close = if open.is_empty() {
                String::new()
            } else {
                quote(open)
            },
        ));
    }
    let file = s.path("drive.sh");
    std::fs::write(&file, program).unwrap();
    let out = shell(&s, "bash").arg(&file).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "bash complained");
    let text = stdout(&out);
    let sections: Vec<&str> = text.split("CASE ").skip(1).collect();
    assert_eq!(sections.len(), cases.len(), "{text}");
    for ((line, _, _, want), section) in cases.iter().zip(sections) {
        let mut lines = section.lines();
        let count: usize = lines.next().unwrap().trim().parse().unwrap();
        let runs: Vec<Vec<&str>> = lines
            .map(|l| {
                l.strip_prefix("ARGS\u{1f}")
                    .unwrap_or_else(|| panic!("{line}: {l:?}"))
            })
            .map(|l| l.split('\u{1f}').collect())
            .collect();
        assert_eq!(runs.len(), count, "{line}: {section}");
        let mut names: Vec<&str> = Vec::new();
        for run in &runs {
            // `mfa-kit code NAME`: the name is one word, as it is in the vault.
            assert_eq!(run.len(), 2, "`{line}<Tab>` typed {run:?}");
            assert_eq!(run[0], "code");
            names.push(run[1]);
        }
        let mut want: Vec<&str> = want.to_vec();
        want.sort();
        names.retain(|n| !n.starts_with("--"));
        names.sort();
        assert_eq!(names, want, "`{line}<Tab>`");
    }
    assert!(!s.path("PWNED").exists(), "a name's command ran");
    assert!(!s.path("TICKED").exists(), "a name's command ran");
}

/// The same in an interactive bash on a terminal, as a person uses it: the script sourced,
/// a few letters typed, Tab, Enter. The line bash shows is the name quoted, the account's
/// code is printed (the name reached mfa-kit as one word) and nothing hidden in the name
/// ran. Python's pty module gives bash its terminal and types.
#[test]
fn bash_on_a_terminal_tab_then_enter_runs_only_mfa_kit() {
    let s = Sandbox::new();
    s.init_identity();
    let out = s.run_with_stdin(
        &["import", "-", "--from", "otpauth"],
        &format!(
            "otpauth://totp/Git%24(touch%20PWNED)?secret={SECRET}\n\
             otpauth://totp/my%20bank?secret={SECRET}\n\
             otpauth://totp/it%27s?secret={SECRET}\n"
        ),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Each step waits for what it expects on the screen (at most a minute: a guard against
    // a hang, not a measure).
    let drive = r#"
import os, pty, select, sys, time
script, home, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(home)
    os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
def until(want, before=""):
    out, end = b"", time.time() + 60
    while want.encode() not in before.encode() + out and time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out.decode(errors="replace")
# The prompt, as bash prints it (the line that sets it, echoed, does not hold it whole).
os.write(fd, b'PS1="REA""DY$ "; bind "set bell-style none"; source ' + script.encode() + b"\r")
until("READY$ ")
for typed, shown in zip(cases[0::2], cases[1::2]):
    os.write(fd, typed.encode())
    screen = until(typed)
    os.write(fd, b"\t")
    screen += until(shown, screen)
    os.write(fd, b"\r")
    screen += until("READY$ ")
    os.write(fd, b"echo DONE-$?\r")
    screen += until("READY$ ")
    print("=== " + typed)
    print(screen)
os.write(fd, b"exit\r")
"#;
    let cases = [
        ("mfa-kit code Gi", "Git\\$\\(touch\\ PWNED\\)"),
        ("mfa-kit code my", "my\\ bank"),
        ("mfa-kit code 'it", "'it'\\''s'"),
    ];
    let mut cmd = shell(&s, "/usr/bin/python3");
    cmd.arg("-c")
        .arg(drive)
        .arg(script("mfa-kit.bash"))
        .arg(s.home());
    for (typed, shown) in cases {
        cmd.arg(typed).arg(shown);
    }
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for (typed, shown) in cases {
        let section = text
            .split(&format!("=== {typed}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no output for {typed}: {text}"))
            .split("=== ")
            .next()
            .unwrap();
        assert!(section.contains(shown), "`{typed}<Tab>`: {section:?}");
        // The command ran and printed the account's code: 6 digits on a line.
        assert!(
            section.contains("DONE-0"),
            "`{typed}<Tab><Enter>`: {section:?}"
        );
        let now = unix_now();
        let codes: Vec<String> = [now - 30, now, now + 30]
            .iter()
            .map(|t| oathtool_totp(SECRET, "SHA1", 6, 30, *t))
            .collect();
        assert!(
            codes.iter().any(|c| section.contains(&format!("{c}  ("))),
            "`{typed}<Tab><Enter>` printed no code of {codes:?}: {section:?}"
        );
    }
    assert!(!s.path("PWNED").exists(), "a name's command ran");
}
