//! Imports, second version: encrypted Aegis, 2FAS and andOTP exports, Bitwarden, Proton
//! Authenticator, ente Auth and FreeOTP+ exports, and `import FILE` finding the format itself.
//! The encrypted fixtures are written at test time by tests/fixtures/encrypted_exports.py with
//! Python's `cryptography` package (an implementation independent of mfa-kit's), from the
//! formats' documentation; every imported account's code is checked against oathtool.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;

const PASSWORD: &str = "correct horse battery";

/// 12345678901234567890 (RFC 4226's key) in base32, and two more secrets, so that a mixed-up
/// secret shows as a wrong code.
const RFC_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const OTHER: &str = "KRUGS4ZANFZSAYLOEBXXI2DFOIQHGZLDOJSXI===";

/// Runs the fixture writer: `plain` on its standard input, the encrypted export to `out`.
fn encrypt(kind: &str, out: &Path, plain: &str, extra: &[&str]) {
    use std::io::Write;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encrypted_exports.py");
    let mut child = Command::new("/usr/bin/python3")
        .arg(script)
        .args([kind, PASSWORD, out.to_str().unwrap()])
        .args(extra)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is installed (with python3-cryptography; see .ci/run)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(plain.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the fixture writer: {}", stderr(&out));
}

/// A sandbox with a vault, and password files: the right one and a wrong one.
fn sandbox() -> (Sandbox, PathBuf, PathBuf) {
    let s = Sandbox::new();
    s.init_identity();
    let right = s.path("password.txt");
    write_private(&right, &format!("{PASSWORD}\n"));
    let wrong = s.path("wrong.txt");
    write_private(&wrong, "not the password\n");
    (s, right, wrong)
}

/// Writes an export file into the sandbox.
fn write_export(s: &Sandbox, name: &str, text: &str) -> PathBuf {
    let path = s.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(s: &Sandbox, file: &Path, extra: &[&str]) -> String {
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    stderr(&out)
}

/// The account's TOTP code at time 59 is the one oathtool computes from what the export held.
fn assert_totp(s: &Sandbox, name: &str, secret: &str, algorithm: &str, digits: u8, period: u64) {
    assert_eq!(
        s.ok(&["code", name, "--time", "59"]).trim(),
        oathtool_totp(secret, algorithm, digits, period, 59),
        "{name}"
    );
}

/// The account's next HOTP code is the one oathtool computes for the export's counter.
fn assert_hotp(s: &Sandbox, name: &str, secret: &str, counter: u64) {
    assert_eq!(
        s.ok(&["code", name]).trim(),
        oathtool_hotp(secret, 6, counter),
        "{name}"
    );
}

/// An Aegis vault's contents: TOTP with each algorithm, an HOTP and a Steam entry.
const AEGIS_CONTENT: &str = r#"{"version":2,"entries":[
    {"type":"totp","uuid":"1","name":"alice","issuer":"GitHub","note":"","icon":null,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}},
    {"type":"totp","uuid":"2","name":"bob","issuer":"Cloud","note":"","icon":null,"info":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algo":"SHA256","digits":8,"period":60}},
    {"type":"totp","uuid":"3","name":"carol","issuer":"Bank","note":"","icon":null,"info":{"secret":"KRUGS4ZANFZSAYLOEBXXI2DFOIQHGZLDOJSXI","algo":"SHA512","digits":7,"period":30}},
    {"type":"hotp","uuid":"4","name":"vpn","issuer":"Work","note":"","icon":null,"info":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algo":"SHA1","digits":6,"counter":5}},
    {"type":"steam","uuid":"5","name":"gamer","issuer":"Steam","note":"","icon":null,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":5,"period":30}}]}"#;

#[test]
fn an_encrypted_aegis_vault_opens_with_its_password_and_its_format_is_found() {
    let (s, right, _) = sandbox();
    let vault = s.path("aegis-backup-20250101.json");
    encrypt("aegis", &vault, AEGIS_CONTENT, &[]);
    let report = import(
        &s,
        &vault,
        &["--backup-passphrase-file", right.to_str().unwrap()],
    );
    assert!(
        report.contains("as an encrypted Aegis vault"),
        "the format found is said: {report}"
    );
    assert!(
        report.contains("steam accounts are not supported"),
        "{report}"
    );
    assert!(
        report.contains("Imported 4 account(s)") && report.contains("skipped 1."),
        "{report}"
    );
    assert!(
        !report.contains(PASSWORD) && !report.contains("JBSWY3DP"),
        "{report}"
    );
    assert_totp(&s, "GitHub:alice", SECRET, "SHA1", 6, 30);
    assert_totp(&s, "Cloud:bob", RFC_KEY, "SHA256", 8, 60);
    assert_totp(&s, "Bank:carol", OTHER, "SHA512", 7, 30);
    assert_hotp(&s, "Work:vpn", RFC_KEY, 5);
    // The same file with --from aegis reads the same way.
    let other = Sandbox::new();
    other.init_identity();
    let out = other
        .cmd(&["import", vault.to_str().unwrap(), "--from", "aegis"])
        .env("MFA_KIT_BACKUP_PASSPHRASE_FILE", &right)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("read "),
        "no note when --from names it"
    );
    assert_totp(&other, "Cloud:bob", RFC_KEY, "SHA256", 8, 60);
}

const TWOFAS_SERVICES: &str = r#"[
    {"name":"GitLab","secret":"JBSWY3DPEHPK3PXP","updatedAt":1,"otp":{"label":"GitLab:dave","account":"dave","issuer":"GitLab","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP","source":"Link"},"order":{"position":0},"icon":{"selected":"Label","label":{"text":"GL","backgroundColor":"Orange"}}},
    {"name":"Mail","secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","updatedAt":1,"otp":{"account":"erin","digits":8,"period":30,"algorithm":"SHA512","tokenType":"TOTP"}},
    {"name":"Door","secret":"KRUGS4ZANFZSAYLOEBXXI2DFOIQHGZLDOJSXI","updatedAt":1,"otp":{"account":"","digits":6,"algorithm":"SHA1","tokenType":"HOTP","counter":7}},
    {"name":"Steam","secret":"JBSWY3DPEHPK3PXP","otp":{"tokenType":"STEAM"}}]"#;

#[test]
fn an_encrypted_2fas_backup_opens_with_its_password() {
    let (s, right, _) = sandbox();
    let backup = s.path("2fas-backup.2fas");
    encrypt("2fas", &backup, TWOFAS_SERVICES, &[]);
    let out = s
        .cmd(&["import", backup.to_str().unwrap()])
        .env("MFA_KIT_BACKUP_PASSPHRASE_FILE", &right)
        .output()
        .unwrap();
    let report = stderr(&out);
    assert_eq!(code(&out), 0, "{report}");
    assert!(report.contains("as an encrypted 2FAS backup"), "{report}");
    assert!(report.contains("Imported 3 account(s)"), "{report}");
    assert_totp(&s, "GitLab:dave", SECRET, "SHA1", 6, 30);
    assert_totp(&s, "Mail:erin", RFC_KEY, "SHA512", 8, 30);
    assert_hotp(&s, "Door", OTHER, 7);
}

const ANDOTP_ENTRIES: &str = r#"[
    {"secret":"JBSWY3DPEHPK3PXP","issuer":"Forge","label":"frank","digits":6,"type":"TOTP","algorithm":"SHA1","thumbnail":"Default","last_used":0,"used_frequency":0,"period":30,"tags":[]},
    {"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","issuer":"Shop","label":"Shop:gina","digits":8,"type":"TOTP","algorithm":"SHA256","thumbnail":"Default","period":60,"tags":["x"]},
    {"secret":"KRUGS4ZANFZSAYLOEBXXI2DFOIQHGZLDOJSXI","issuer":"Lock","label":"hank","digits":6,"type":"HOTP","algorithm":"SHA1","counter":2,"tags":[]},
    {"secret":"JBSWY3DPEHPK3PXP","issuer":"Steam","label":"ivan","digits":5,"type":"STEAM","algorithm":"SHA1","period":30,"tags":[]}]"#;

fn check_andotp_codes(s: &Sandbox) {
    assert_totp(s, "Forge:frank", SECRET, "SHA1", 6, 30);
    assert_totp(s, "Shop:gina", RFC_KEY, "SHA256", 8, 60);
    assert_hotp(s, "Lock:hank", OTHER, 2);
}

#[test]
fn andotp_backups_plain_encrypted_and_of_the_old_format() {
    let (s, right, _) = sandbox();
    let plain = s.path("otp_accounts.json");
    std::fs::write(&plain, ANDOTP_ENTRIES).unwrap();
    let report = import(&s, &plain, &[]);
    assert!(report.contains("as an andOTP backup"), "{report}");
    assert!(
        report.contains("STEAM accounts are not supported"),
        "{report}"
    );
    check_andotp_codes(&s);

    for (name, extra) in [("new", &[][..]), ("old", &["--old"][..])] {
        let (s, _, _) = sandbox();
        let encrypted = s.path(&format!("otp_accounts-{name}.json.aes"));
        encrypt("andotp", &encrypted, ANDOTP_ENTRIES, extra);
        let report = import(
            &s,
            &encrypted,
            &["--backup-passphrase-file", right.to_str().unwrap()],
        );
        assert!(report.contains("as an encrypted andOTP backup"), "{report}");
        assert!(report.contains("Imported 3 account(s)"), "{report}");
        check_andotp_codes(&s);
    }
}

#[test]
fn wrong_passwords_exit_2_and_change_nothing() {
    let (s, _, wrong) = sandbox();
    let aegis = s.path("aegis.json");
    encrypt("aegis", &aegis, AEGIS_CONTENT, &[]);
    let twofas = s.path("backup.2fas");
    encrypt("2fas", &twofas, TWOFAS_SERVICES, &[]);
    let andotp = s.path("otp_accounts.json.aes");
    encrypt("andotp", &andotp, ANDOTP_ENTRIES, &[]);
    let andotp_old = s.path("old.json.aes");
    encrypt("andotp", &andotp_old, ANDOTP_ENTRIES, &["--old"]);
    let vault_before = std::fs::read(s.vault()).unwrap();
    for (file, from) in [
        (&aegis, "aegis"),
        (&twofas, "2fas"),
        (&andotp, "andotp"),
        (&andotp_old, "andotp"),
    ] {
        for with_from in [true, false] {
            let mut args = vec![
                "import",
                file.to_str().unwrap(),
                "--backup-passphrase-file",
                wrong.to_str().unwrap(),
            ];
            if with_from {
                args.extend(["--from", from]);
            }
            // `fails` checks every file in the sandbox, the vault's bytes first of all.
            let err = s.fails(&args);
            // An old andOTP backup has no header: a wrong password cannot be told from
            // another file, and the error says both.
            let wrong_password = if file == &andotp_old {
                "is not an andOTP backup (or it is damaged)"
            } else {
                "or the file is damaged"
            };
            assert!(
                err.contains(&file.display().to_string())
                    && err.contains(wrong_password)
                    && err.contains(&format!("read from {}", wrong.display()))
                    && err.contains("--backup-passphrase-file"),
                "{args:?}: {err}"
            );
            assert!(!err.contains("not the password"), "{err}");
        }
    }
    assert_eq!(std::fs::read(s.vault()).unwrap(), vault_before);
    assert_eq!(s.ok(&["list"]).trim(), "", "nothing was imported");
    // A password file named by the variable (set for backups, say) is named as such.
    let before = s.snapshot();
    let out = s
        .cmd(&["import", twofas.to_str().unwrap()])
        .env("MFA_KIT_BACKUP_PASSPHRASE_FILE", &wrong)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains(&format!("read from {}", wrong.display()))
            && err.contains("named by MFA_KIT_BACKUP_PASSPHRASE_FILE"),
        "{err}"
    );
    assert!(s.snapshot() == before, "nothing changed");
}

#[test]
fn without_a_password_file_or_a_terminal_it_fails_at_once_naming_the_flag() {
    let (s, _, _) = sandbox();
    let aegis = s.path("aegis.json");
    encrypt("aegis", &aegis, AEGIS_CONTENT, &[]);
    let started = std::time::Instant::now();
    let err = s.fails(&["import", aegis.to_str().unwrap()]);
    assert!(
        err.contains("no terminal") && err.contains("--backup-passphrase-file"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 30, "it never waits");
}

/// Imports an encrypted 2FAS backup on a terminal, `typed` typed when the password is asked:
/// the sandbox, whether it succeeded, and what the terminal showed.
fn import_typing(typed: &str) -> (Sandbox, std::process::Output) {
    use std::io::Write;
    let (s, _, _) = sandbox();
    let twofas = s.path("backup.2fas");
    encrypt("2fas", &twofas, TWOFAS_SERVICES, &[]);
    let mut child = s
        .terminal_cmd(&format!("import {}", twofas.display()))
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let stdin = child.stdin.as_mut().unwrap();
    stdin.write_all(format!("{typed}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (s, out)
}

#[test]
fn a_typed_password_opens_an_encrypted_export() {
    let (s, out) = import_typing(PASSWORD);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Password of"), "{text}");
    assert!(
        !text.contains(PASSWORD),
        "the password is not echoed: {text}"
    );
    assert_totp(&s, "GitLab:dave", SECRET, "SHA1", 6, 30);
}

#[test]
fn key_derivation_beyond_what_the_apps_write_is_refused_before_deriving() {
    let (s, right, _) = sandbox();
    // N = 2^30 would take hours and 1 TiB with r = 8: refused from the header alone.
    let aegis = s.path("aegis.json");
    encrypt("aegis", &aegis, AEGIS_CONTENT, &["--claim-n", "1073741824"]);
    let err = s.fails(&[
        "import",
        aegis.to_str().unwrap(),
        "--backup-passphrase-file",
        right.to_str().unwrap(),
    ]);
    assert!(
        err.contains("N=1073741824") && err.contains("nothing was derived"),
        "{err}"
    );
    // Refused before the password is needed: no password file, no terminal, same refusal.
    let err = s.fails(&["import", aegis.to_str().unwrap(), "--from", "aegis"]);
    assert!(err.contains("nothing was derived"), "{err}");

    // andOTP's rounds are in its first four bytes: four billion are never derived.
    let andotp = s.path("otp_accounts.json.aes");
    encrypt(
        "andotp",
        &andotp,
        ANDOTP_ENTRIES,
        &["--claim-rounds", "4000000000"],
    );
    let err = s.fails(&[
        "import",
        andotp.to_str().unwrap(),
        "--backup-passphrase-file",
        right.to_str().unwrap(),
    ]);
    assert!(
        err.contains("is not an andOTP backup (or it is damaged)")
            && err.contains("4000000000 PBKDF2 rounds, outside")
            && err.contains("none were derived")
            && !err.contains("wrong password"),
        "{err}"
    );

    // r and p beyond Aegis's are refused as N is.
    for (flag, value, shown) in [("--claim-r", "16", "r=16"), ("--claim-p", "4", "p=4")] {
        encrypt("aegis", &aegis, AEGIS_CONTENT, &[flag, value]);
        let err = s.fails(&["import", aegis.to_str().unwrap()]);
        assert!(
            err.contains(shown) && err.contains("nothing was derived"),
            "{err}"
        );
    }
    // An N scrypt cannot take is damage, not a cost.
    encrypt("aegis", &aegis, AEGIS_CONTENT, &["--claim-n", "30000"]);
    let err = s.fails(&["import", aegis.to_str().unwrap()]);
    assert!(
        err.contains("N=30000, which is not a power of two") && err.contains("nothing was derived"),
        "{err}"
    );
}

#[test]
fn an_aegis_vault_with_many_password_slots_is_refused_before_deriving() {
    let (s, right, _) = sandbox();
    let aegis = s.path("aegis.json");
    // Each slot would cost a full scrypt derivation: 10,000 of them, hours.
    encrypt("aegis", &aegis, AEGIS_CONTENT, &["--password-slots", "50"]);
    let err = s.fails(&["import", aegis.to_str().unwrap()]);
    assert!(
        err.contains("50 password slots")
            && err.contains("at most 4")
            && err.contains("nothing was derived")
            && err.contains("export it again"),
        "{err}"
    );
    // Two (a password and a backup password) open as one does.
    encrypt("aegis", &aegis, AEGIS_CONTENT, &["--password-slots", "2"]);
    let report = import(
        &s,
        &aegis,
        &["--backup-passphrase-file", right.to_str().unwrap()],
    );
    assert!(report.contains("Imported 4 account(s)"), "{report}");
}

#[test]
fn base64_broken_into_lines_is_read() {
    let (s, right, _) = sandbox();
    let aegis = s.path("aegis.json");
    encrypt("aegis", &aegis, AEGIS_CONTENT, &["--wrap"]);
    let twofas = s.path("backup.2fas");
    encrypt("2fas", &twofas, TWOFAS_SERVICES, &["--wrap"]);
    assert!(std::fs::read_to_string(&twofas).unwrap().contains("\\n"));
    let password = ["--backup-passphrase-file", right.to_str().unwrap()];
    import(&s, &aegis, &password);
    import(&s, &twofas, &password);
    assert_totp(&s, "Cloud:bob", RFC_KEY, "SHA256", 8, 60);
    assert_totp(&s, "GitLab:dave", SECRET, "SHA1", 6, 30);
}

#[test]
fn andotp_headers_that_do_not_fit_say_so_not_wrong_password() {
    let (s, right, _) = sandbox();
    let password = right.to_str().unwrap();
    // 140,000 rounds (what andOTP writes) in a file too short for the current format's header.
    let mut short = 140_000u32.to_be_bytes().to_vec();
    short.extend([7u8; 30]);
    let short_file = s.path("short.json.aes");
    std::fs::write(&short_file, &short).unwrap();
    let mut zero = 0u32.to_be_bytes().to_vec();
    zero.extend([7u8; 60]);
    let zero_file = s.path("zero.json.aes");
    std::fs::write(&zero_file, &zero).unwrap();
    for (file, want) in [
        (
            &short_file,
            "34 bytes long, too short for andOTP's current format",
        ),
        (&zero_file, "asks for 0 PBKDF2 rounds, outside"),
    ] {
        let err = s.fails(&[
            "import",
            file.to_str().unwrap(),
            "--from",
            "andotp",
            "--backup-passphrase-file",
            password,
        ]);
        assert!(
            err.contains("is not an andOTP backup (or it is damaged)")
                && err.contains(want)
                && !err.contains("beyond"),
            "{err}"
        );
    }
}

#[test]
fn files_that_are_no_export_are_named_and_no_password_is_asked() {
    let (s, _, _) = sandbox();
    let write = |name: &str, bytes: &[u8]| {
        let path = s.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let utf16: Vec<u8> = "{\"db\":{}}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let cases = [
        (
            write("shot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"),
            "is a PNG image, not an export",
            "--qr-image",
        ),
        (
            write("shot.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            "is a JPEG image",
            "--qr-image",
        ),
        (
            write(
                "export.json.gz",
                b"\x1f\x8b\x08\0\0\0\0\0\0\x03\x03\0\0\0\0\0\0\0\0\0",
            ),
            "is a gzip archive",
            "unpack it first",
        ),
        (
            write("export.zip", b"PK\x03\x04\x14\0\0\0\x08\0"),
            "is a zip archive",
            "unpack it first",
        ),
        (
            write("utf16.json", &[&[0xff, 0xfe][..], &utf16].concat()),
            "is UTF-16 text, not UTF-8",
            "save it as UTF-8",
        ),
        (
            write("utf16-no-bom.json", &utf16),
            "is UTF-16 text, not UTF-8",
            "save it as UTF-8",
        ),
        (
            write(
                "latin1.json",
                b"{\"entries\":[{\"content\":{\"name\":\"Caf\xe9\"}}]}",
            ),
            "is text, but not UTF-8",
            "save it as UTF-8",
        ),
    ];
    for (file, want, fix) in &cases {
        for extra in [&[][..], &["--from", "andotp"][..], &["--from", "aegis"][..]] {
            let mut args = vec!["import", file.to_str().unwrap()];
            args.extend_from_slice(extra);
            let err = s.fails(&args);
            assert!(
                err.contains(&format!("{} {want}", file.display())) && err.contains(fix),
                "{args:?}: {err}"
            );
            assert!(!err.contains("password"), "no password is asked: {err}");
        }
    }
    // Bytes that are nothing mfa-kit recognises are tried as andOTP's one binary format, and
    // not called a wrong password when they do not open.
    let noise = write("noise.bin", &[0x80u8; 64]);
    let err = s.fails(&["import", noise.to_str().unwrap()]);
    assert!(
        err.contains("needs a password, and there is no terminal"),
        "{err}"
    );
}

#[test]
fn google_errors_name_the_file_and_too_many_entries_says_import_in_parts() {
    let (s, _, _) = sandbox();
    // 10,002 empty OtpParameters messages: 0x0a 0x00, three of them in each "CgAKAAoA".
    let many = write_export(
        &s,
        "google.txt",
        &format!(
            "otpauth-migration://offline?data={}\n",
            "CgAKAAoA".repeat(3334)
        ),
    );
    for extra in [&["--from", "google"][..], &[][..]] {
        let mut args = vec!["import", many.to_str().unwrap()];
        args.extend_from_slice(extra);
        let err = s.fails(&args);
        assert!(
            err.contains(&format!(
                "{}: the file holds more than 10000 entries",
                many.display()
            )) && err.contains("import it in parts")
                && !err.contains("not a Google"),
            "{args:?}: {err}"
        );
    }
    let notes = write_export(&s, "notes.txt", "my codes\n");
    let err = s.fails(&["import", notes.to_str().unwrap(), "--from", "google"]);
    assert!(
        err.contains(&format!(
            "{} is not a Google Authenticator export",
            notes.display()
        )),
        "{err}"
    );
    let png = s.path("shot.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let err = s.fails(&["import", png.to_str().unwrap(), "--from", "google"]);
    assert!(
        err.contains(&format!("{} is a PNG image", png.display())) && err.contains("--qr-image"),
        "{err}"
    );
}

#[test]
fn encrypted_proton_and_ente_exports_are_refused_with_the_way_out() {
    let (s, _, _) = sandbox();
    let proton = write_export(
        &s,
        "proton-authenticator.json",
        r#"{"version":1,"salt":"c2FsdHNhbHRzYWx0c2FsdA==","content":"AAECAwQFBgcICQ=="}"#,
    );
    let ente = write_export(
        &s,
        "ente-auth-codes.txt",
        r#"{"version":1,"kdfParams":{"memLimit":67108864,"opsLimit":2,"salt":"c2FsdA=="},"encryptedData":"AAEC","encryptionNonce":"AAEC"}"#,
    );
    for (file, from, want) in [
        (&proton, "proton", "export it again without a password"),
        (&ente, "ente", "again as plain text"),
    ] {
        for extra in [&[][..], &["--from", from][..]] {
            let mut args = vec!["import", file.to_str().unwrap()];
            args.extend_from_slice(extra);
            let err = s.fails(&args);
            assert!(
                err.contains("is encrypted") && err.contains(want),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn a_bitwarden_export_is_limited_by_its_totp_items_not_its_passwords() {
    let (s, _, _) = sandbox();
    let password_item =
        r#"{"type":1,"name":"Site","login":{"username":"u","password":"p","totp":null}},"#;
    let totp_item =
        r#"{"type":1,"name":"GitHub","login":{"username":"alice","totp":"JBSWY3DPEHPK3PXP"}}"#;
    let export = write_export(
        &s,
        "bitwarden_export.json",
        &format!(
            r#"{{"encrypted":false,"items":[{}{totp_item}]}}"#,
            password_item.repeat(12_000)
        ),
    );
    let report = import(&s, &export, &[]);
    assert!(report.contains("Imported 1 account(s)"), "{report}");
    assert_totp(&s, "GitHub:alice", SECRET, "SHA1", 6, 30);
    // More than 10,000 TOTP items are refused, as in every format.
    let many = write_export(
        &s,
        "many.json",
        &format!(
            r#"{{"items":[{}{totp_item}]}}"#,
            format!("{totp_item},").repeat(10_000)
        ),
    );
    let err = s.fails(&["import", many.to_str().unwrap(), "--from", "bitwarden"]);
    assert!(
        err.contains("more than 10000 entries") && err.contains("import it in parts"),
        "{err}"
    );
}

#[test]
fn a_password_file_for_an_export_that_is_not_encrypted_is_said_to_be_unneeded() {
    let (s, _, _) = sandbox();
    let uris = write_export(
        &s,
        "uris.txt",
        "otpauth://totp/Home:jo?secret=JBSWY3DPEHPK3PXP\n",
    );
    let report = import(
        &s,
        &uris,
        &["--backup-passphrase-file", "/nonexistent/password.txt"],
    );
    assert!(
        report.contains(
            "is not encrypted: the password file /nonexistent/password.txt was not needed"
        ),
        "{report}"
    );
    assert_totp(&s, "Home:jo", SECRET, "SHA1", 6, 30);
}

#[test]
fn an_empty_typed_password_is_called_a_password() {
    let (_, out) = import_typing("");
    let text = stdout(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("the password is empty"), "{text}");
}

#[test]
fn bitwarden_proton_ente_and_freeotp_plus_exports() {
    let (s, _, _) = sandbox();
    let write = |name: &str, text: &str| write_export(&s, name, text);
    let bitwarden = write(
        "bitwarden_export.json",
        r#"{"encrypted":false,"folders":[],"items":[
        {"id":"1","type":1,"name":"GitHub","login":{"username":"alice","password":"pw","totp":"otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA256&digits=8"}},
        {"id":"2","type":1,"name":"Forum","login":{"username":"bob","password":"pw","totp":"GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"}},
        {"id":"3","type":1,"name":"Steam","login":{"username":"carl","totp":"steam://JBSWY3DPEHPK3PXP"}},
        {"id":"4","type":1,"name":"Just a password","login":{"username":"x","password":"y","totp":null}},
        {"id":"5","type":2,"name":"A note","secureNote":{"type":0}}]}"#,
    );
    let report = import(&s, &bitwarden, &[]);
    assert!(report.contains("as a Bitwarden JSON export"), "{report}");
    assert!(
        report.contains("Steam accounts are not supported"),
        "{report}"
    );
    assert!(
        report.contains("Imported 2 account(s)") && report.contains("skipped 1."),
        "{report}"
    );
    assert_totp(&s, "GitHub:alice", SECRET, "SHA256", 8, 30);
    assert_totp(&s, "Forum:bob", RFC_KEY, "SHA1", 6, 30);

    let proton = write(
        "proton-authenticator.json",
        r#"{"version":1,"entries":[
        {"id":"a","content":{"uri":"otpauth://totp/Proton:dora?secret=KRUGS4ZANFZSAYLOEBXXI2DFOIQHGZLDOJSXI&issuer=Proton&algorithm=SHA512&digits=6&period=30","entry_type":"Totp","name":"Proton"},"note":null},
        {"id":"b","content":{"uri":"otpauth://totp/eve?secret=JBSWY3DPEHPK3PXP","entry_type":"Totp","name":"Shop"},"note":"x"},
        {"id":"c","content":{"uri":"steam://JBSWY3DPEHPK3PXP","entry_type":"Steam","name":"Steam"},"note":null}]}"#,
    );
    let report = import(&s, &proton, &[]);
    assert!(
        report.contains("as a Proton Authenticator export"),
        "{report}"
    );
    assert!(report.contains("Imported 2 account(s)"), "{report}");
    assert_totp(&s, "Proton:dora", OTHER, "SHA512", 6, 30);
    assert_totp(&s, "Shop:eve", SECRET, "SHA1", 6, 30);

    let ente = write(
        "ente-auth-codes.txt",
        "otpauth://totp/Cloud:fay?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Cloud&algorithm=SHA1&digits=6&period=30&codeDisplay=%7B%22pinned%22%3Afalse%7D\n\
         otpauth://hotp/Vault:gus?secret=JBSWY3DPEHPK3PXP&issuer=Vault&counter=4\n\
         otpauth://steam/Steam:hal?secret=JBSWY3DPEHPK3PXP&issuer=Steam\n",
    );
    let report = import(&s, &ente, &["--from", "ente"]);
    assert!(report.contains("Imported 2 account(s)"), "{report}");
    assert_totp(&s, "Cloud:fay", RFC_KEY, "SHA1", 6, 30);
    assert_hotp(&s, "Vault:gus", SECRET, 4);

    // FreeOTP+ writes secrets as Java's signed bytes: "Hello!" then 0xde 0xad 0xbe 0xef.
    let freeotp = write(
        "freeotp-backup.json",
        r#"{"tokenOrder":["Mint:ivy","Gate"],"tokens":[
        {"algo":"SHA256","counter":0,"digits":8,"issuerExt":"Mint","label":"ivy","period":45,"secret":[72,101,108,108,111,33,-34,-83,-66,-17],"type":"TOTP"},
        {"algo":"SHA1","counter":9,"digits":6,"issuerExt":"Gate","label":"","period":30,"secret":[49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54,55,56,57,48],"type":"HOTP"},
        {"algo":"SHA1","counter":-1,"digits":6,"issuerExt":"","issuerInt":"Fresh","label":"new","labelAlt":"renamed","period":30,"secret":[49,50,51,52,53,54,55,56,57,48],"type":"HOTP"},
        {"algo":"SHA1","digits":6,"issuerExt":"Odd","label":"x","secret":"not bytes","type":"TOTP"}]}"#,
    );
    let report = import(&s, &freeotp, &[]);
    assert!(report.contains("as a FreeOTP+ backup"), "{report}");
    assert!(report.contains("not a list of bytes"), "{report}");
    assert_totp(
        &s,
        "Mint:ivy",
        &base32(b"Hello!\xde\xad\xbe\xef"),
        "SHA256",
        8,
        45,
    );
    // FreeOTP+ stores one below the next counter (a URI's counter=N as N - 1, and -1 for a
    // token never used), and writes stored + 1 back into a URI: that is the next code's.
    assert_hotp(&s, "Gate", RFC_KEY, 10);
    assert_hotp(&s, "Fresh:renamed", &base32(b"1234567890"), 0);
}

#[test]
fn an_encrypted_bitwarden_export_is_refused_with_the_way_out() {
    let (s, _, _) = sandbox();
    let protected = write_export(
        &s,
        "bitwarden_encrypted_export.json",
        r#"{"encrypted":true,"passwordProtected":true,"salt":"c2FsdA==","kdfType":0,"kdfIterations":600000,"encKeyValidation_DO_NOT_EDIT":"2.x|y|z","data":"2.a|b|c"}"#,
    );
    let account = write_export(
        &s,
        "bitwarden_account_export.json",
        r#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.x|y|z","folders":[],"items":[{"type":1,"name":"2.a|b|c","login":{"totp":"2.d|e|f"}}]}"#,
    );
    // Older encrypted exports have nothing but "encrypted": true to tell them by.
    let older = write_export(
        &s,
        "bitwarden_older_export.json",
        r#"{"encrypted":true,"folders":[],"items":[{"type":1,"name":"2.a|b|c","login":{"totp":"2.d|e|f"}}]}"#,
    );
    for file in [&protected, &account, &older] {
        for extra in [&[][..], &["--from", "bitwarden"][..]] {
            let mut args = vec!["import", file.to_str().unwrap()];
            args.extend_from_slice(extra);
            let err = s.fails(&args);
            assert!(
                err.contains("encrypted")
                    && err.contains("not \"encrypted\" or password protected"),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn a_format_that_cannot_be_told_asks_for_from() {
    let (s, _, _) = sandbox();
    let write = |name: &str, text: &str| write_export(&s, name, text);
    let cases = [
        (
            write("notes.txt", "my codes\n"),
            "no export mfa-kit recognises",
        ),
        (
            write("other.json", r#"{"accounts":[]}"#),
            "JSON of no export",
        ),
        (
            write("both.json", r#"{"db":{"entries":[]},"services":[]}"#),
            "could be aegis or 2fas",
        ),
        (write("broken.json", r#"{"db": "#), "not valid JSON"),
    ];
    for (file, want) in cases {
        let err = s.fails(&["import", file.to_str().unwrap()]);
        assert!(err.contains(want) && err.contains("--from"), "{err}");
        assert_eq!(
            err.matches("--from").count(),
            1,
            "the hint is said once: {err}"
        );
    }
    // A plain list of URIs and a Google export are found too.
    let uris = write(
        "uris.txt",
        "# mine\notpauth://totp/Home:jo?secret=JBSWY3DPEHPK3PXP\n",
    );
    let report = import(&s, &uris, &[]);
    assert!(report.contains("as a list of otpauth:// URIs"), "{report}");
    assert_totp(&s, "Home:jo", SECRET, "SHA1", 6, 30);
    let google = write("google.txt", "otpauth-migration://offline?data=\n");
    let report = import(&s, &google, &[]);
    assert!(
        report.contains("as a Google Authenticator export"),
        "{report}"
    );
    // andOTP's encrypted format given as text is not taken for ciphertext.
    let err = s.fails(&["import", uris.to_str().unwrap(), "--from", "andotp"]);
    assert!(err.contains("is not an andOTP backup"), "{err}");
}

/// Two entries of one name in one export (two "Google" items without a user name, or the same
/// service twice) both come in, the second named apart and said so; a name the vault already
/// had is still skipped and kept as it was.
#[test]
fn two_entries_of_one_name_in_one_export_are_both_kept() {
    let (s, _, _) = sandbox();
    s.ok(&[
        "add",
        "Kept:one",
        "--secret",
        "KRUGS4ZANFZSAYLOEBXXI2DFOIQHGZLDOJSXI",
    ]);
    // A name in lower case, as it is compared, taken by the file's name in another case.
    s.ok(&["add", "kept:two", "--secret", "JBSWY3DPEHPK3PXP"]);
    let before = s.ok(&["code", "Kept:one", "--time", "59"]);
    let ente = write_export(
        &s,
        "ente-auth-codes.txt",
        "otpauth://totp/Dup:same?secret=JBSWY3DPEHPK3PXP&issuer=Dup\n\
         otpauth://totp/Dup:same?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Dup\n\
         otpauth://totp/dup:same?secret=MFRGGZDFMZTWQ2LK&issuer=dup\n\
         otpauth://totp/Kept:one?secret=JBSWY3DPEHPK3PXP&issuer=Kept\n\
         otpauth://totp/KEPT:Two?secret=MFRGGZDFMZTWQ2LK&issuer=KEPT\n",
    );
    let report = import(&s, &ente, &["--from", "ente"]);
    assert!(report.contains("Imported 3 account(s)"), "{report}");
    assert!(report.contains("skipped 2."), "{report}");
    assert!(
        report.contains("\"KEPT:Two\": an account of that name exists"),
        "{report}"
    );
    assert!(
        report.contains("Dup:same (2)  (the file has another entry named \"Dup:same\")"),
        "{report}"
    );
    assert!(
        report.contains("an account of that name exists"),
        "{report}"
    );
    assert_totp(&s, "Dup:same", "JBSWY3DPEHPK3PXP", "SHA1", 6, 30);
    assert_totp(
        &s,
        "Dup:same (2)",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "SHA1",
        6,
        30,
    );
    assert_totp(&s, "dup:same (3)", "MFRGGZDFMZTWQ2LK", "SHA1", 6, 30);
    assert_eq!(s.ok(&["code", "Kept:one", "--time", "59"]), before);
}

/// Many entries of one name each come in under the next free suffix, passing over a name the
/// vault already has: none is lost, none is named twice.
#[test]
fn many_entries_of_one_name_are_each_named_apart() {
    let (s, _, _) = sandbox();
    s.ok(&["add", "Dup:same (5)", "--secret", "JBSWY3DPEHPK3PXP"]);
    let entries = 1500;
    let text = "otpauth://totp/Dup:same?secret=GEZDGNBVGY3TQOJQ&issuer=Dup\n".repeat(entries);
    let file = write_export(&s, "ente-auth-codes.txt", &text);
    let report = import(&s, &file, &["--from", "ente"]);
    assert!(
        report.contains(&format!("Imported {entries} account(s)")),
        "{}",
        report.lines().last().unwrap_or_default()
    );
    let listed: std::collections::BTreeSet<String> = s
        .ok(&["list"])
        .lines()
        .map(|line| line.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), entries + 1);
    assert!(listed.contains("Dup:same"));
    // The first entry takes the name, the others (2), (3), (4), then (6) on: (5) was taken.
    for n in (2..=4).chain(6..=entries + 1) {
        assert!(
            listed.contains(&format!("Dup:same ({n})")),
            "Dup:same ({n})"
        );
    }
    assert_totp(&s, "Dup:same (5)", "JBSWY3DPEHPK3PXP", "SHA1", 6, 30);
    assert_totp(&s, "Dup:same (1501)", "GEZDGNBVGY3TQOJQ", "SHA1", 6, 30);
}
