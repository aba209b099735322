//! Backups and restore end to end, with stock age as the oracle in both directions: age opens
//! what `backup` writes (X25519, ssh-ed25519, recipients files, passphrase), and `restore`
//! reads what age encrypted. Damaged, foreign and wrongly keyed files exit 2, vault unchanged.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn sandbox_with_material() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "github", "--secret", SECRET, "--issuer", "GitHub", "--at", "phone",
    ]);
    s.ok(&[
        "add",
        "gitlab",
        "--secret",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "--digits",
        "8",
    ]);
    let out = s.run_with_stdin(
        &["codes", "add", "github", "--at", "paper-drawer"],
        "aaaa-1111\nbbbb-2222\ncccc-3333\n",
    );
    assert_eq!(code(&out), 0);
    s
}

fn age_keygen(s: &Sandbox, name: &str) -> (std::path::PathBuf, String) {
    let path = s.path(name);
    tool_ok("age-keygen", &["-o", path.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", path.to_str().unwrap()])
        .trim()
        .to_string();
    (path, recipient)
}

fn ssh_keygen(s: &Sandbox, name: &str, kind: &str) -> std::path::PathBuf {
    s.ssh_key(name, kind, "")
}

fn passphrase_backup(s: &Sandbox, passphrase: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let pass = s.path("pass.txt");
    write_private(&pass, &format!("{passphrase}\n"));
    let out = s.path("p.age");
    let (p, o) = (pass.to_str().unwrap(), out.to_str().unwrap());
    s.ok(&[
        "backup",
        "--out",
        o,
        "--passphrase",
        "--backup-passphrase-file",
        p,
    ]);
    (pass, out)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn stock_age_opens_an_x25519_backup_that_equals_the_vault() {
    let s = sandbox_with_material();
    let (key, recipient) = age_keygen(&s, "paper-key.txt");
    let vault_before = s.age_decrypt_vault();
    std::fs::create_dir(s.path("usb")).unwrap();
    let out = s.path("usb/backup.age");
    s.ok(&[
        "backup",
        "--out",
        out.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "usb-safe",
        "--key-at",
        "paper-wallet",
    ]);
    assert_eq!(mode(&out), 0o600);
    assert_eq!(
        age_decrypt(&out, &key),
        vault_before,
        "the backup is the vault's document"
    );

    // The vault records it: where it is kept, where its key lives, which accounts it holds.
    let vault_after = s.age_decrypt_vault();
    assert!(vault_after.contains("[[backups]]"), "{vault_after}");
    assert!(vault_after.contains("at = \"usb-safe\""), "{vault_after}");
    assert!(
        vault_after.contains("key_at = [\"paper-wallet\"]"),
        "{vault_after}"
    );
    assert!(vault_after.contains(&recipient), "{vault_after}");

    let armored = s.path("backup.txt");
    s.ok(&[
        "backup",
        "--out",
        armored.to_str().unwrap(),
        "-r",
        &recipient,
        "--armor",
    ]);
    let text = std::fs::read_to_string(&armored).unwrap();
    assert!(
        text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{text}"
    );
    age_decrypt(&armored, &key);
}

/// A vault edited by hand (comments, its seal no longer matching) is backed up as it is: the
/// backup is the document the vault holds, byte for byte, and it restores.
#[test]
fn a_hand_edited_vault_is_backed_up_as_it_is() {
    let s = sandbox_with_material();
    s.rewrite_vault(|plain| {
        format!(
            "# kept by hand\n{}",
            plain.replace("\n[[accounts]]\n", "\n# an account\n[[accounts]]\n")
        )
    });
    let edited = s.age_decrypt_vault();
    let (key, recipient) = age_keygen(&s, "paper-key.txt");
    let out = s.path("backup.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    let backed_up = age_decrypt(&out, &key);
    assert_eq!(backed_up, edited);
    assert!(backed_up.contains("# an account\n"), "{backed_up}");
    s.ok(&[
        "restore",
        "--check",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
}

#[test]
fn stock_age_opens_ssh_and_recipients_file_backups() {
    let s = sandbox_with_material();
    let ssh = ssh_keygen(&s, "id_ed25519", "ed25519");
    let public = std::fs::read_to_string(ssh.with_extension("pub")).unwrap();
    let out = s.path("ssh-backup.age");
    s.ok(&[
        "backup",
        "--out",
        out.to_str().unwrap(),
        "-r",
        public.trim(),
    ]);
    assert!(age_decrypt(&out, &ssh).contains("name = \"github\""));

    let (first, first_recipient) = age_keygen(&s, "one.txt");
    let rsa = ssh_keygen(&s, "id_rsa", "rsa");
    let rsa_public = std::fs::read_to_string(rsa.with_extension("pub")).unwrap();
    let list = s.path("recipients.txt");
    std::fs::write(
        &list,
        format!(
            "# the family's keys\n\n{first_recipient}\n  {}\n",
            rsa_public.trim()
        ),
    )
    .unwrap();
    let out = s.path("two.age");
    s.ok(&[
        "backup",
        "--out",
        out.to_str().unwrap(),
        "-R",
        list.to_str().unwrap(),
    ]);
    let by_first = age_decrypt(&out, &first);
    let by_rsa = age_decrypt(&out, &rsa);
    assert_eq!(by_first, by_rsa);
    assert!(by_first.contains("name = \"gitlab\""));
}

#[test]
fn stock_age_opens_a_passphrase_backup() {
    let s = sandbox_with_material();
    let (_, out) = passphrase_backup(&s, "a long backup passphrase");
    let plain = s.path("p.toml");
    // age reads passphrases only from a terminal: `script` gives it a pseudo-terminal.
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("age -d -o {} {}", plain.display(), out.display()),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("script (bsdutils) is installed");
    std::thread::sleep(std::time::Duration::from_millis(500));
    use std::io::Write;
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(b"a long backup passphrase\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(text.contains("name = \"github\""), "{text}");
    assert!(s.age_decrypt_vault().contains("key_at = [\"memory\"]"));
}

#[test]
fn a_passphrase_backup_restored_on_another_device_gives_the_same_codes() {
    let s = sandbox_with_material();
    let (pass, out) = passphrase_backup(&s, "another passphrase");

    let other = Sandbox::new();
    other.init_identity();
    let before = other.snapshot();
    let err = other.fails(&[
        "restore",
        out.to_str().unwrap(),
        "--backup-passphrase-file",
        s.path("missing").to_str().unwrap(),
    ]);
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(before, other.snapshot());
    other.ok(&[
        "restore",
        out.to_str().unwrap(),
        "--backup-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    for t in ["0", "1234567890", "2000000000"] {
        assert_eq!(
            other.ok(&["code", "--time", t]),
            s.ok(&["code", "--time", t]),
            "same codes at {t}"
        );
    }
    assert_eq!(
        other.ok(&["codes", "list", "github"]),
        s.ok(&["codes", "list", "github"])
    );
}

#[test]
fn restore_reads_what_stock_age_encrypted() {
    let s = sandbox_with_material();
    let document = s.path("doc.toml");
    std::fs::write(&document, s.age_decrypt_vault()).unwrap();
    let (key, recipient) = age_keygen(&s, "k.txt");
    let encrypted = s.path("from-age.age");
    tool_ok(
        "age",
        &[
            "-r",
            &recipient,
            "-o",
            encrypted.to_str().unwrap(),
            document.to_str().unwrap(),
        ],
    );

    let other = Sandbox::new();
    other.init_identity();
    let added = other.ok(&[
        "restore",
        encrypted.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
    assert!(added.contains("added      github"), "{added}");
    assert_eq!(
        other.ok(&["code", "--time", "59"]),
        s.ok(&["code", "--time", "59"])
    );
    // Restoring again changes nothing.
    let vault = std::fs::read(other.vault()).unwrap();
    other.ok(&[
        "restore",
        encrypted.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(other.vault()).unwrap(), vault);
}

#[test]
fn check_compares_content_not_clocks() {
    let s = sandbox_with_material();
    let (key, recipient) = age_keygen(&s, "k.txt");
    let out = s.path("b.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    let check = |s: &Sandbox| {
        s.run(&[
            "restore",
            out.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
            "--check",
        ])
    };
    let vault = std::fs::read(s.vault()).unwrap();
    assert_eq!(code(&check(&s)), 0);
    assert_eq!(
        std::fs::read(s.vault()).unwrap(),
        vault,
        "--check changes nothing"
    );

    // Bookkeeping is no change: a verified code, a code marked used.
    let now = s.ok(&["code", "github"]);
    s.ok(&["verify", "github", now.trim()]);
    s.ok(&["codes", "use", "github"]);
    assert_eq!(code(&check(&s)), 0);

    // New recovery codes are a change.
    let out2 = s.run_with_stdin(&["codes", "add", "github"], "dddd-4444\n");
    assert_eq!(code(&out2), 0);
    let result = check(&s);
    assert_eq!(code(&result), 1);
    assert!(
        stdout(&result).contains("different  github"),
        "{}",
        stdout(&result)
    );

    // An account added after the backup.
    s.ok(&["add", "new", "--secret", SECRET]);
    let result = check(&s);
    assert!(
        stdout(&result).contains("missing    new"),
        "{}",
        stdout(&result)
    );
}

#[test]
fn restore_keeps_differing_accounts_unless_replace() {
    let s = sandbox_with_material();
    let (key, recipient) = age_keygen(&s, "k.txt");
    let out = s.path("b.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    s.ok(&["remove", "gitlab"]);
    s.ok(&["add", "gitlab", "--secret", SECRET, "--digits", "6"]);
    let local = s.ok(&["code", "gitlab", "--time", "59"]);
    let report = s.ok(&[
        "restore",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
    assert!(report.contains("different  gitlab"), "{report}");
    assert_eq!(s.ok(&["code", "gitlab", "--time", "59"]), local);
    let report = s.ok(&[
        "restore",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
        "--replace",
    ]);
    assert!(report.contains("replaced   gitlab"), "{report}");
    assert_eq!(s.ok(&["code", "gitlab", "--time", "59"]).trim().len(), 8);
}

#[test]
fn restore_writes_stored_ssh_keys_without_overwriting() {
    let s = sandbox_with_material();
    let ssh = ssh_keygen(&s, "id_ed25519", "ed25519");
    s.ok(&["ssh", "add", "github", ssh.to_str().unwrap(), "--store"]);
    let (key, recipient) = age_keygen(&s, "k.txt");
    let out = s.path("b.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);

    let other = Sandbox::new();
    other.init_identity();
    let dir = other.path("restored-keys");
    other.ok(&[
        "restore",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
        "--ssh-dir",
        dir.to_str().unwrap(),
    ]);
    let written = dir.join("github-id_ed25519");
    assert_eq!(
        std::fs::read(&written).unwrap(),
        std::fs::read(&ssh).unwrap()
    );
    assert_eq!(mode(&written), 0o600);
    // ssh-keygen reads it back: the same key.
    let fp = |p: &Path| {
        tool_ok("ssh-keygen", &["-l", "-f", p.to_str().unwrap()])
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(fp(&written), fp(&ssh));
    std::fs::write(&written, "mine\n").unwrap();
    other.ok(&[
        "restore",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
        "--ssh-dir",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "mine\n",
        "never over a file"
    );
}

#[test]
fn damaged_foreign_and_wrongly_keyed_backups_exit_2() {
    let s = sandbox_with_material();
    let (key, recipient) = age_keygen(&s, "k.txt");
    let (other_key, _) = age_keygen(&s, "other.txt");
    let out = s.path("b.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    let good = std::fs::read(&out).unwrap();
    let k = key.to_str().unwrap();

    let mut flipped = good.clone();
    let at = good.len() - 3;
    flipped[at] ^= 0x40;
    let bad = s.path("flipped.age");
    std::fs::write(&bad, &flipped).unwrap();
    let err = s.fails(&["restore", bad.to_str().unwrap(), "-i", k]);
    assert!(err.contains("damaged"), "{err}");
    s.fails(&["restore", bad.to_str().unwrap(), "-i", k, "--check"]);

    let truncated = s.path("truncated.age");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let err = s.fails(&["restore", truncated.to_str().unwrap(), "-i", k]);
    assert!(err.contains("damaged"), "{err}");

    let foreign = s.path("notes.txt");
    std::fs::write(&foreign, "just some notes\n").unwrap();
    let err = s.fails(&["restore", foreign.to_str().unwrap(), "-i", k]);
    assert!(err.contains("not an age file"), "{err}");

    let err = s.fails(&[
        "restore",
        out.to_str().unwrap(),
        "-i",
        other_key.to_str().unwrap(),
    ]);
    assert!(err.contains("no identity given opens"), "{err}");

    let pass = s.path("pass.txt");
    write_private(&pass, "right\n");
    let wrong = s.path("wrong.txt");
    write_private(&wrong, "wrong\n");
    let p_out = s.path("p.age");
    s.ok(&[
        "backup",
        "--out",
        p_out.to_str().unwrap(),
        "--passphrase",
        "--backup-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    let err = s.fails(&[
        "restore",
        p_out.to_str().unwrap(),
        "--backup-passphrase-file",
        wrong.to_str().unwrap(),
    ]);
    assert!(err.contains("wrong passphrase"), "{err}");
    s.fails(&["restore", s.path("nothing.age").to_str().unwrap(), "-i", k]);
}

#[test]
fn refused_backups_write_nothing() {
    let s = sandbox_with_material();
    let (_, recipient) = age_keygen(&s, "k.txt");
    let ecdsa = ssh_keygen(&s, "id_ecdsa", "ecdsa");
    let ecdsa_public = std::fs::read_to_string(ecdsa.with_extension("pub")).unwrap();
    let empty = s.path("empty-recipients.txt");
    std::fs::write(&empty, "# nobody\n\n").unwrap();
    let out = s.path("never.age");
    let o = out.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["backup", "--out", o], "needs a key"),
        (
            vec!["backup", "--out", o, "--passphrase", "-r", &recipient],
            "cannot mix a passphrase",
        ),
        (
            vec!["backup", "--out", o, "-r", ecdsa_public.trim()],
            "cannot encrypt to ecdsa",
        ),
        (
            vec!["backup", "--out", o, "-r", "age1notakey"],
            "not a valid one",
        ),
        (vec!["backup", "--out", o, "-r", "hello"], "not a recipient"),
        (
            vec!["backup", "--out", o, "-R", empty.to_str().unwrap()],
            "names no recipient",
        ),
        (
            vec!["backup", "--out", o, "--passphrase", "--key-at", "safe"],
            "memory",
        ),
        (
            vec!["backup", "--out", o, "-r", &recipient, "--at", "a,b"],
            "comma",
        ),
    ];
    for (args, want) in cases {
        let err = s.fails(&args);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert!(!out.exists());
}

#[test]
fn a_backup_replaces_an_older_file_whole() {
    let s = sandbox_with_material();
    let (key, recipient) = age_keygen(&s, "k.txt");
    let out = s.path("nightly.age");
    std::fs::write(&out, "old contents").unwrap();
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    s.ok(&["add", "later", "--secret", SECRET]);
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    assert!(age_decrypt(&out, &key).contains("name = \"later\""));
    assert_eq!(mode(&out), 0o600);
    // Only the newest record of that file is kept: the older one no longer describes it.
    assert_eq!(s.age_decrypt_vault().matches("[[backups]]").count(), 1);
}

/// A backup made before `new` was removed and `Old` renamed to `New`: restored with
/// --replace, the backup's Old replaces New (found by its former name) and its `new`, which is
/// New too in another case, is left out rather than put over it; restored again, nothing is
/// added twice.
#[test]
fn restore_replace_never_puts_two_accounts_of_the_backup_over_one() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "Old", "--secret", SECRET]);
    s.ok(&["add", "new", "--secret", "GEZDGNBVGY3TQOJQ"]);
    let (key, recipient) = age_keygen(&s, "backup-key.txt");
    let file = s.path("b1.age");
    s.ok(&["backup", "--out", file.to_str().unwrap(), "-r", &recipient]);
    s.ok(&["remove", "new", "--yes"]);
    s.ok(&["rename", "Old", "New"]);
    assert_eq!(
        code(&s.run_with_stdin(&["codes", "add", "New"], "aaaa-bbbb\ncccc-dddd\n")),
        0
    );
    let restore = |extra: &[&str]| {
        let mut args = vec![
            "restore",
            file.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        s.ok(&args)
    };
    let out = restore(&["--replace"]);
    assert!(out.contains("replaced   New"), "{out}");
    assert!(out.contains("left out   new"), "{out}");
    assert_eq!(s.ok(&["list"]).lines().count(), 1);
    // The backup's version of Old, with Old's secret: nothing of `new` was put over it.
    let now = unix_now().to_string();
    let shown = s.ok(&["code", "New", "--time", &now]);
    assert_eq!(
        shown.trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, now.parse().unwrap())
    );
    let again = restore(&[]);
    assert!(!again.contains("added"), "{again}");
    assert_eq!(s.ok(&["list"]).lines().count(), 1);
}

/// A change that changes nothing leaves the vault file as it was, whatever the document read
/// looked like: places given in capitals to `backup`, or a comment added by hand and the
/// seal line written again.
#[test]
fn a_change_that_changes_nothing_never_rewrites_the_vault() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "a", "--secret", SECRET]);
    let (_, recipient) = age_keygen(&s, "backup-key.txt");
    let file = s.path("b.age");
    s.ok(&[
        "backup",
        "--out",
        file.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "USB Safe",
        "--key-at",
        "Paper Wallet",
    ]);
    let text = s.age_decrypt_vault();
    assert!(
        text.contains("at = \"usb safe\""),
        "kept in its kept form: {text}"
    );
    let unchanged = |s: &Sandbox| {
        let before = std::fs::read(s.vault()).unwrap();
        let out = s.run(&["verify", "a", "000000"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_eq!(
            std::fs::read(s.vault()).unwrap(),
            before,
            "the vault was rewritten"
        );
    };
    unchanged(&s);
    s.rewrite_vault(|text| {
        resealed(&text.replacen("version = ", "# a note of mine\nversion = ", 1))
    });
    unchanged(&s);
    assert!(s.age_decrypt_vault().contains("# a note of mine"));
}

/// A backup of a vault as mfa-kit wrote it is recorded without reading the vault into a model
/// (its account tables read alone, the record added to the document as it is): the vault it
/// leaves is, but for the backup's time and file digest, the one the model leaves when the same
/// vault, edited by hand so that it must be read whole, is backed up. The file digest it records
/// is `sha256sum`'s, and the backup holds every account as it is now.
#[test]
fn a_backup_is_recorded_without_the_model_as_with_it() {
    let s = sandbox_with_material();
    s.ok(&[
        "add",
        "token",
        "--secret",
        SECRET,
        "--hotp",
        "--counter",
        "7",
    ]);
    let ssh = ssh_keygen(&s, "id_recovery", "ed25519");
    s.ok(&["ssh", "add", "github", ssh.to_str().unwrap(), "--store"]);
    let (key, recipient) = age_keygen(&s, "paper-key.txt");
    let out = s.path("b.age");
    let backup = [
        "backup",
        "--out",
        out.to_str().unwrap(),
        "-r",
        &recipient,
        "--at",
        "usb",
    ];
    // An earlier backup of the same file, which each backup below replaces in the record.
    s.ok(&backup);
    let before = std::fs::read(s.vault()).unwrap();

    s.ok(&backup);
    let without_model = s.age_decrypt_vault();
    let sha256sum = tool_ok("sha256sum", &[out.to_str().unwrap()]);
    let file_digest = sha256sum.split_whitespace().next().unwrap();
    assert!(
        without_model.contains(&format!("sha256 = \"{file_digest}\"\n")),
        "{without_model}"
    );
    assert_eq!(without_model.matches("[[backups]]").count(), 1);

    std::fs::write(s.vault(), &before).unwrap();
    s.rewrite_vault(|plain| format!("# edited by hand\n{plain}"));
    s.ok(&backup);
    let with_model = s.age_decrypt_vault();
    let comparable = |document: &str| {
        document
            .lines()
            .filter(|line| {
                !(line.starts_with("created = 17")
                    || line.starts_with("sha256 = ")
                    || line.starts_with("# sha256 of the lines above"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(comparable(&without_model), comparable(&with_model));

    // The backup holds every account as the vault has it now.
    std::fs::write(s.vault(), &before).unwrap();
    s.ok(&backup);
    let (_, report) = audit_json(&s, &[]);
    for name in ["github", "gitlab", "token"] {
        let paths = account(&report, name)["paths"].as_array().unwrap();
        assert!(
            paths
                .iter()
                .any(|p| p["kind"] == "backup" && p["counts"] == true),
            "{name}: {paths:?}"
        );
    }
    let checked = s.ok(&[
        "restore",
        "--check",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
    assert!(!checked.contains("differ"), "{checked}");
}

/// The record is added to the document as mfa-kit wrote it, every other line kept as it is:
/// a table the model would write another way (a place spelt in capitals by an older build,
/// sealed as mfa-kit seals) stays so, and the document is sealed anew (`sha256sum` the oracle).
#[test]
fn a_backup_adds_its_record_to_the_document_as_it_is() {
    let s = sandbox_with_material();
    const SEAL: &str = "# sha256 of the lines above: ";
    s.rewrite_vault(|plain| {
        let body =
            plain[..plain.rfind(SEAL).unwrap()].replace("\"paper-drawer\"", "\"Paper-Drawer\"");
        let file = s.path("body.txt");
        std::fs::write(&file, &body).unwrap();
        let sum = tool_ok("sha256sum", &[file.to_str().unwrap()]);
        format!("{body}{SEAL}{}\n", sum.split_whitespace().next().unwrap())
    });
    let (_, recipient) = age_keygen(&s, "paper-key.txt");
    let out = s.path("b.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    let after = s.age_decrypt_vault();
    assert!(after.contains("at = [\"Paper-Drawer\"]"), "{after}");
    assert!(after.contains("\n[[backups]]\n"), "{after}");
    let seal_at = after.rfind(SEAL).unwrap();
    let body = s.path("body.txt");
    std::fs::write(&body, &after[..seal_at]).unwrap();
    let sum = tool_ok("sha256sum", &[body.to_str().unwrap()]);
    assert_eq!(
        after[seal_at + SEAL.len()..].trim_end(),
        sum.split_whitespace().next().unwrap()
    );
    // The model reads it as the same vault: the place is the one the codes are kept at.
    let listed = s.ok(&["codes", "list", "github"]);
    assert!(!listed.is_empty());
    let (_, report) = audit_json(&s, &[]);
    let paths = account(&report, "github")["paths"].as_array().unwrap();
    assert!(
        paths
            .iter()
            .any(|p| p["needs"] == serde_json::json!(["paper-drawer"])),
        "{paths:?}"
    );
}

/// A vault sealed as mfa-kit seals one but holding what the model refuses (a forger's, or a
/// bug's): the backup is refused with the model's one-line error, exit 2, every file as it was.
#[test]
fn a_sealed_vault_the_model_refuses_is_not_backed_up() {
    let s = sandbox_with_material();
    const SEAL: &str = "# sha256 of the lines above: ";
    s.rewrite_vault(|plain| {
        let body = plain[..plain.rfind(SEAL).unwrap()].replacen(
            "\"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\"",
            "\"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1\"",
            1,
        );
        let file = s.path("body.txt");
        std::fs::write(&file, &body).unwrap();
        let sum = tool_ok("sha256sum", &[file.to_str().unwrap()]);
        std::fs::remove_file(file).unwrap();
        format!("{body}{SEAL}{}\n", sum.split_whitespace().next().unwrap())
    });
    let (_, recipient) = age_keygen(&s, "paper-key.txt");
    let out = s.path("b.age");
    let err = s.fails(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    assert!(err.contains("gitlab") && err.contains("base32"), "{err}");
    assert!(!out.exists());
}

/// `restore --check` reads each side a table at a time when mfa-kit wrote it, and from the
/// whole model when not (a hand edit): the answer is the same either way, renames followed,
/// and a backup whose tables do not read is refused as when read whole.
#[test]
fn a_check_reads_each_side_a_table_at_a_time_with_the_same_answer() {
    let s = sandbox_with_material();
    s.ok(&["add", "token", "--secret", SECRET]);
    let (key, recipient) = age_keygen(&s, "k.txt");
    let sealed = s.path("sealed.age");
    s.ok(&[
        "backup",
        "--out",
        sealed.to_str().unwrap(),
        "-r",
        &recipient,
    ]);
    // Then: one account renamed (found by its former name), one changed, one removed (only
    // in the backup), one added (not in the backup).
    s.ok(&["rename", "gitlab", "gitlab-work"]);
    let added = s.run_with_stdin(
        &["codes", "add", "github", "--at", "paper-drawer"],
        "dddd-4444\n",
    );
    assert_eq!(code(&added), 0, "{}", stderr(&added));
    s.ok(&["remove", "token", "--yes"]);
    s.ok(&["add", "new", "--secret", SECRET]);
    let check = |backup: &std::path::Path| {
        s.run(&[
            "restore",
            backup.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
            "--check",
        ])
    };
    let expected = "missing    new  (not in the backup)\n\
                    different  github  (the backup holds an older or other version)\n\
                    extra      token  (in the backup, no longer in the vault)\n";
    let by_tables = check(&sealed);
    assert_eq!(code(&by_tables), 1);
    assert_eq!(stdout(&by_tables), expected);

    // The same backup and vault, each edited by hand so that neither is read by tables.
    let plain = s.path("plain.toml");
    std::fs::write(&plain, format!("# edited\n{}", age_decrypt(&sealed, &key))).unwrap();
    let edited = s.path("edited.age");
    tool_ok(
        "age",
        &[
            "-r",
            &recipient,
            "-o",
            edited.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    let by_model = check(&edited);
    assert_eq!(code(&by_model), 1);
    assert_eq!(stdout(&by_model), expected);
    s.rewrite_vault(|text| format!("# edited\n{text}"));
    let whole = check(&edited);
    assert_eq!((code(&whole), stdout(&whole)), (1, expected.to_string()));

    // A backup sealed as mfa-kit seals, whose account table the model refuses: refused, as
    // the whole document is.
    const SEAL: &str = "# sha256 of the lines above: ";
    let text = age_decrypt(&sealed, &key);
    let body = text[..text.rfind(SEAL).unwrap()].replace("digits = 8", "digits = 0");
    std::fs::write(&plain, &body).unwrap();
    let sum = tool_ok("sha256sum", &[plain.to_str().unwrap()]);
    let sum = sum.split_whitespace().next().unwrap();
    std::fs::write(&plain, format!("{body}{SEAL}{sum}\n")).unwrap();
    let damaged = s.path("damaged.age");
    tool_ok(
        "age",
        &[
            "-r",
            &recipient,
            "-o",
            damaged.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    let refused = check(&damaged);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("the backup"),
        "{}",
        stderr(&refused)
    );
}

/// A backup of over a mebibyte is decrypted from its file as it is read, in two halves at
/// once, and from standard input whole: the check says the same of both, and a byte changed
/// in the second half is damage (exit 2), never a shorter backup.
#[test]
fn a_large_backup_is_checked_from_its_file_and_from_standard_input() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "first", "--secret", SECRET]);
    let codes: Vec<String> = (0..10)
        .map(|j| format!("{{ code = \"c{j:04}\" }}"))
        .collect();
    let mut document = String::from("version = 1\n\n");
    for i in 0..2600 {
        document.push_str(&format!(
            "[[accounts]]\nname = \"account{i:05}\"\nsecret = \"{SECRET}\"\nalgorithm = \"SHA1\"\n\
             digits = 6\nperiod = 30\ncreated = 1790000000\nauthenticators = [\"phone\"]\n\n\
             [accounts.recovery_codes]\nat = [\"paper-drawer\"]\nadded = 1790000000\n\
             codes = [{}]\n\n",
            codes.join(", ")
        ));
    }
    s.rewrite_vault(|_| document);
    // One write leaves it as mfa-kit writes it (sealed), so that its tables are read alone.
    s.ok(&["add", "last", "--secret", SECRET]);
    let (key, recipient) = age_keygen(&s, "k.txt");
    let out = s.path("big.age");
    s.ok(&["backup", "--out", out.to_str().unwrap(), "-r", &recipient]);
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(
        size > 1 << 20,
        "{size} bytes: not large enough to be read in two halves"
    );
    let all = "The backup holds all 2601 account(s) as the vault has them now.\n";
    let k = key.to_str().unwrap();
    assert_eq!(
        s.ok(&["restore", "--check", out.to_str().unwrap(), "-i", k]),
        all
    );
    let piped = s
        .cmd(&["restore", "--check", "-", "-i", k])
        .stdin(std::fs::File::open(&out).unwrap())
        .output()
        .unwrap();
    assert_eq!((code(&piped), stdout(&piped)), (0, all.to_string()));

    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.len() - 100_000;
    bytes[at] ^= 1;
    let damaged = s.path("damaged.age");
    std::fs::write(&damaged, &bytes).unwrap();
    let error = s.fails(&["restore", "--check", damaged.to_str().unwrap(), "-i", k]);
    assert!(error.contains("damaged"), "{error}");
}

/// A backup encrypted to a passphrase-protected SSH key, checked where there is no terminal
/// to ask for the key's passphrase (a new session has none): exit 2 at once, saying so, not
/// that the key does not open it.
#[test]
fn a_passphrase_protected_ssh_key_without_a_terminal_is_named() {
    let s = sandbox_with_material();
    let key = s.ssh_key("id_locked", "ed25519", "a key passphrase");
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let out = s.path("b.age");
    s.ok(&[
        "backup",
        "--out",
        out.to_str().unwrap(),
        "-r",
        public.trim(),
    ]);
    let before = s.snapshot();
    let run = s.run_without_terminal(&[
        "restore",
        out.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
        "--check",
    ]);
    let error = stderr(&run);
    assert_eq!(code(&run), 2, "{error}");
    assert_one_error_line(&error);
    assert!(
        error.contains("needs its passphrase") && error.contains("no terminal"),
        "{error}"
    );
    assert_eq!(s.snapshot(), before);
}

/// The secret `code NAME` shows now, as oathtool would for one of these secrets.
fn secret_shown(s: &Sandbox, name: &str, secrets: &[&str]) -> String {
    let now = unix_now();
    let shown = s.ok(&["code", name, "--time", &now.to_string()]);
    secrets
        .iter()
        .find(|secret| oathtool_totp(secret, "SHA1", 6, 30, now) == shown.trim())
        .unwrap_or_else(|| panic!("{name} shows a code of none of the secrets"))
        .to_string()
}

/// A backup that holds an account renamed (`X`, once `Y`) and a new account under the old
/// name (`Y`): merged into a vault that lacks both, or one that has `X` alone, or set up anew
/// from it, each comes back with its own secret; the new `Y` is never taken for `X`.
#[test]
fn restore_keeps_a_new_account_under_a_name_another_had() {
    const OTHER: &str = "GEZDGNBVGY3TQOJQ";
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "Y", "--secret", SECRET]);
    s.ok(&["rename", "Y", "X"]);
    s.ok(&["add", "Y", "--secret", OTHER]);
    let (key, recipient) = age_keygen(&s, "backup-key.txt");
    let file = s.path("b.age");
    s.ok(&["backup", "--out", file.to_str().unwrap(), "-r", &recipient]);
    let restore = |s: &Sandbox| {
        s.ok(&[
            "restore",
            file.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
        ])
    };
    let both_back = |s: &Sandbox| {
        assert_eq!(s.ok(&["list"]).lines().count(), 2, "{}", s.ok(&["list"]));
        assert_eq!(secret_shown(s, "X", &[SECRET, OTHER]), SECRET);
        assert_eq!(secret_shown(s, "Y", &[SECRET, OTHER]), OTHER);
    };
    // Into the vault without them (sealed, then read whole with a hand comment).
    for by_hand in [false, true] {
        s.ok(&["remove", "X", "--yes"]);
        s.ok(&["remove", "Y", "--yes"]);
        if by_hand {
            s.rewrite_vault(|plain| format!("{plain}# kept by hand\n"));
        }
        let out = restore(&s);
        assert!(
            out.contains("added      X") && out.contains("added      Y"),
            "{out}"
        );
        both_back(&s);
    }
    // Into a vault that has X alone: Y is added beside it.
    s.ok(&["remove", "Y", "--yes"]);
    let out = restore(&s);
    assert!(out.contains("added      Y"), "{out}");
    both_back(&s);
    // Set up anew from it, on a machine with no vault.
    let new = Sandbox::new();
    let id = new.path("id.txt");
    let out = new.ok(&[
        "--identity",
        id.to_str().unwrap(),
        "restore",
        file.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
    assert!(out.contains("added      Y"), "{out}");
    assert_eq!(
        code(
            &new.cmd(&["--identity", id.to_str().unwrap(), "list"])
                .output()
                .unwrap()
        ),
        0
    );
    let listed = new
        .cmd(&["--identity", id.to_str().unwrap(), "list"])
        .output()
        .unwrap();
    assert_eq!(stdout(&listed).lines().count(), 2, "{}", stdout(&listed));
}

/// A backup made after an account was renamed, merged into a vault that still holds it under
/// its old name: the same account, merged into it (its used code and accepted code step come
/// along), never added a second time beside it.
#[test]
fn restore_merges_an_account_renamed_since_into_the_one_under_its_old_name() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "GitHub", "--secret", SECRET]);
    assert_eq!(
        code(&s.run_with_stdin(&["codes", "add", "GitHub"], "aaaa-bbbb\ncccc-dddd\n")),
        0
    );
    let before = std::fs::read(s.vault()).unwrap();
    let now = unix_now();
    let accepted = oathtool_totp(SECRET, "SHA1", 6, 30, now);
    s.ok(&["verify", "GitHub", &accepted, "--time", &now.to_string()]);
    s.ok(&["codes", "use", "GitHub", "aaaa-bbbb"]);
    s.ok(&["rename", "GitHub", "GH"]);
    let (key, recipient) = age_keygen(&s, "backup-key.txt");
    let file = s.path("b.age");
    s.ok(&["backup", "--out", file.to_str().unwrap(), "-r", &recipient]);
    for by_hand in [false, true] {
        std::fs::write(s.vault(), &before).unwrap();
        if by_hand {
            s.rewrite_vault(|plain| format!("{plain}# kept by hand\n"));
        }
        let out = s.ok(&[
            "restore",
            file.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
        ]);
        assert!(out.is_empty() || !out.contains("added"), "{out}");
        assert_eq!(s.ok(&["list"]).lines().count(), 1, "{}", s.ok(&["list"]));
        let codes = s.ok(&["codes", "list", "GitHub"]);
        assert!(
            codes.contains("1 of 2"),
            "the used mark came along: {codes}"
        );
        let again = s.run(&["verify", "GitHub", &accepted, "--time", &now.to_string()]);
        assert_ne!(code(&again), 0, "a code accepted once is accepted again");
    }
}

/// Renames as a review tried them: each restore finds the account a backup
/// holds under another name when it is the same one, and adds it when it is not, never
/// losing an account nor forking one into two.
#[test]
fn restore_tells_renamed_accounts_from_new_ones() {
    const OTHER: &str = "GEZDGNBVGY3TQOJQ";
    let keys = Sandbox::new();
    let (key, recipient) = age_keygen(&keys, "k.txt");
    let backed_up = |s: &Sandbox| {
        let file = s.path("b.age");
        s.ok(&["backup", "--out", file.to_str().unwrap(), "-r", &recipient]);
        file
    };
    let restore = |s: &Sandbox, file: &std::path::Path| {
        s.ok(&[
            "restore",
            file.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
        ])
    };
    let names = |s: &Sandbox| -> Vec<String> {
        s.ok(&["list"])
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    // Removed after a rename, its old name taken by a new account: it comes back beside it.
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "A", "--secret", SECRET]);
    s.ok(&["rename", "A", "C"]);
    let file = backed_up(&s);
    s.ok(&["remove", "C", "--yes"]);
    s.ok(&["add", "A", "--secret", OTHER]);
    let out = restore(&s, &file);
    assert!(out.contains("added      C"), "{out}");
    assert_eq!(secret_shown(&s, "A", &[SECRET, OTHER]), OTHER);
    assert_eq!(secret_shown(&s, "C", &[SECRET, OTHER]), SECRET);
    // An account renamed (`before` the backup: each pair old, new), then once more (`after`):
    // the backup's account is found again, one account still.
    let renamed_again = |before: &[(&str, &str)], after: (&str, &str)| {
        let s = Sandbox::new();
        s.init_identity();
        s.ok(&["add", before[0].0, "--secret", SECRET]);
        for (old, new) in before {
            s.ok(&["rename", old, new]);
        }
        let file = backed_up(&s);
        s.ok(&["rename", after.0, after.1]);
        let out = restore(&s, &file);
        assert!(!out.contains("added"), "{out}");
        assert_eq!(names(&s), [after.1]);
    };
    // In case only; back to its old name.
    renamed_again(&[("github", "GitHub")], ("GitHub", "Work"));
    renamed_again(&[("A", "B"), ("B", "A")], ("A", "D"));
    // Two accounts of the backup that each once had the vault's name: the one that is it is
    // merged into it, the other (another secret) added.
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "Q", "--secret", SECRET]);
    let before = std::fs::read(s.vault()).unwrap();
    s.ok(&["rename", "Q", "P"]);
    s.ok(&["add", "Q", "--secret", OTHER]);
    s.ok(&["rename", "Q", "R"]);
    let file = backed_up(&s);
    std::fs::write(s.vault(), &before).unwrap();
    let out = restore(&s, &file);
    assert!(out.contains("added      R"), "{out}");
    assert!(!out.contains("added      P"), "{out}");
    assert_eq!(secret_shown(&s, "Q", &[SECRET, OTHER]), SECRET);
    assert_eq!(secret_shown(&s, "R", &[SECRET, OTHER]), OTHER);
}

/// A backup to a standard output that keeps nothing would be lost, and yet recorded as kept
/// where `--at` says, so that the audit would count a backup that is nowhere. Refused, exit 2,
/// with the vault as it was: standard output sent to /dev/null or /dev/zero, closed (mfa-kit
/// then opens it on /dev/null itself), or a file opened only for reading (whose writes fail
/// with EBADF, which Rust's own standard output takes for success). To a file it is written
/// and recorded.
#[test]
fn a_backup_to_standard_output_that_keeps_nothing_is_refused() {
    use std::os::unix::process::CommandExt;
    let s = sandbox_with_material();
    let (key, recipient) = age_keygen(&s, "usb-key.txt");
    let args = [
        "backup", "--out", "-", "-r", &recipient, "--armor", "--at", "usb",
    ];
    let vault_before = std::fs::read(s.vault()).unwrap();
    let read_only = s.path("read-only.txt");
    std::fs::write(&read_only, "kept\n").unwrap();
    let mut closed = s.cmd(&args);
    closed.stdout(Stdio::null());
    // SAFETY: close is async-signal-safe and touches nothing but the child's descriptors.
    unsafe {
        closed.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let to = |stdout: Stdio| {
        let mut cmd = s.cmd(&args);
        cmd.stdout(stdout);
        cmd
    };
    let dev_zero = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/zero")
        .unwrap();
    for (how, mut cmd) in [
        ("/dev/null", to(Stdio::null())),
        ("/dev/zero", to(dev_zero.into())),
        (
            "read-only",
            to(std::fs::File::open(&read_only).unwrap().into()),
        ),
        ("closed", closed),
    ] {
        let out = cmd.output().unwrap();
        assert_eq!(code(&out), 2, "{how}: {out:?}");
        let err = stderr(&out);
        assert!(
            err.contains("standard output keeps nothing"),
            "{how}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{how}: {err}");
        assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before, "{how}");
    }
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "kept\n");
    // To a file, as ever: written, recorded, and opened by stock age.
    let file = s.path("to-file.age");
    let out = to(std::fs::File::create(&file).unwrap().into())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{out:?}");
    assert!(s.age_decrypt_vault().contains("file = \"-\""));
    let opened = tool_ok(
        "age",
        &["-d", "-i", key.to_str().unwrap(), file.to_str().unwrap()],
    );
    assert!(opened.contains("name = \"github\""), "{opened}");
}

/// Raw output (an export, here) to a standard output open only for reading is an error, exit
/// 2: the bytes went nowhere. (Rust's own standard output takes that failure, EBADF, for
/// success.)
#[test]
fn raw_output_to_a_read_only_standard_output_is_an_error() {
    let s = sandbox_with_material();
    let read_only = s.path("read-only.txt");
    std::fs::write(&read_only, "kept\n").unwrap();
    let out = s
        .cmd(&["export", "--format", "otpauth"])
        .stdout(std::fs::File::open(&read_only).unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{out:?}");
    assert!(
        stderr(&out).starts_with("mfa-kit: cannot write to standard output"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "kept\n");
}

/// Each backup record of the vault's document, as stock age and a TOML parser read it: its
/// place, the accounts map as written, and that map made whole by the rule the README gives
/// (from version 4 on, a record holds what it does not name as the record above it does, and
/// `""` is an account it does not hold).
type HandRead = Vec<(
    String,
    std::collections::BTreeMap<String, String>,
    std::collections::BTreeMap<String, String>,
)>;

fn records_read_by_hand(s: &Sandbox) -> (i64, HandRead) {
    let plain = s.age_decrypt_vault();
    let document: toml::Value = toml::from_str(&plain).expect("the plaintext is TOML");
    let version = document["version"].as_integer().unwrap();
    let mut records: HandRead = Vec::new();
    let none = Vec::new();
    for record in document
        .get("backups")
        .and_then(|b| b.as_array())
        .unwrap_or(&none)
    {
        let written: std::collections::BTreeMap<String, String> = record["accounts"]
            .as_table()
            .unwrap()
            .iter()
            .map(|(name, digest)| (name.clone(), digest.as_str().unwrap().to_string()))
            .collect();
        let mut whole = match (version >= 4, records.last()) {
            (true, Some((_, _, above))) => above.clone(),
            _ => Default::default(),
        };
        for (name, digest) in &written {
            match digest.is_empty() {
                true => whole.remove(name),
                false => whole.insert(name.clone(), digest.clone()),
            };
        }
        records.push((record["at"].as_str().unwrap().to_string(), written, whole));
    }
    (version, records)
}

#[test]
fn later_records_hold_only_what_changed_and_a_replaced_record_rechains_the_rest() {
    let s = sandbox_with_material();
    let (_, recipient) = age_keygen(&s, "backup-key.txt");
    let backup = |file: &str, at: &str| {
        let out = s.path(file);
        s.ok(&[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "-r",
            &recipient,
            "--at",
            at,
        ]);
    };
    backup("usb.age", "usb");
    let (version, records) = records_read_by_hand(&s);
    assert_eq!(version, 2, "one record is all version 2 had");
    let first = records[0].2.clone();
    assert_eq!(first.keys().collect::<Vec<_>>(), ["github", "gitlab"]);

    // Nothing changed: the second record names no account, and holds them all.
    backup("nas.age", "nas");
    let (version, records) = records_read_by_hand(&s);
    assert_eq!(version, 4);
    assert!(records[1].1.is_empty(), "{:?}", records[1].1);
    assert_eq!(records[1].2, first);

    // An account changed, one removed, one added: the third names those three alone.
    let out = s.run_with_stdin(&["codes", "add", "gitlab"], "dddd-4444\n");
    assert_eq!(code(&out), 0);
    s.ok(&["remove", "github", "--yes"]);
    s.ok(&["add", "new", "--secret", SECRET]);
    backup("cloud.age", "cloud");
    let (_, records) = records_read_by_hand(&s);
    let third = &records[2];
    assert_eq!(
        third.1.keys().collect::<Vec<_>>(),
        ["github", "gitlab", "new"]
    );
    assert_eq!(third.1["github"], "", "no longer held");
    assert_ne!(third.1["gitlab"], first["gitlab"]);
    assert_eq!(third.2.keys().collect::<Vec<_>>(), ["gitlab", "new"]);
    let before: Vec<_> = records
        .iter()
        .map(|(at, _, whole)| (at.clone(), whole.clone()))
        .collect();

    // The first file written again: its record goes, and the nas record, first now, holds
    // every account it held, written whole; the others hold what they held.
    backup("usb.age", "usb");
    let (version, records) = records_read_by_hand(&s);
    assert_eq!(version, 4);
    let places: Vec<&str> = records.iter().map(|(at, _, _)| at.as_str()).collect();
    assert_eq!(places, ["nas", "cloud", "usb"]);
    assert_eq!(records[0].1, before[1].1, "the first record is whole");
    assert_eq!(records[1].2, before[2].1);
    assert_eq!(
        records[2].2, before[2].1,
        "the new record holds the vault as it is"
    );
    assert!(
        records[2].1.is_empty(),
        "nothing changed since the record above"
    );

    // The audit reads them as they are: the nas backup holds gitlab only in an older
    // version, the cloud and usb backups hold it as it is now.
    let (_, report) = audit_json(&s, &[]);
    let gitlab = account(&report, "gitlab").to_string();
    assert!(
        gitlab.contains("usb") && gitlab.contains("cloud"),
        "{gitlab}"
    );

    // A hand edit is read by the general parser and written by the model: the same records.
    s.rewrite_vault(|text| text.replacen("\nversion = 4", "\n# kept by hand\nversion = 4", 1));
    s.ok(&["path", "add", "gitlab", "email", "--at", "inbox"]);
    let (version, again) = records_read_by_hand(&s);
    assert_eq!(version, 4);
    assert_eq!(again, records);
}
