//! The printed kit end to end, with independent tools only and the sheet's own words followed
//! literally: poppler renders the PDF (at 150 dpi, a cheap scan), zbarimg reads every QR code,
//! the sheet's awk and cat reassemble the parts, stock age opens them with the paper key (read
//! from its QR code, or typed from its text), gunzip gives back the vault's document, and
//! oathtool gives the code `mfa-kit code` gives. Also: paper sizes, passphrase and -r kits (no
//! key page), the vault too large for paper (exit 2, nothing written), and the record.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;

const GITLAB_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn sandbox_with_material() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "github", "--secret", SECRET, "--issuer", "GitHub", "--at", "phone",
    ]);
    s.ok(&["add", "gitlab", "--secret", GITLAB_SECRET, "--digits", "8"]);
    let out = s.run_with_stdin(
        &["codes", "add", "github", "--at", "paper-drawer"],
        "aaaa-1111\nbbbb-2222\ncccc-3333\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s
}

/// A vault of `n` accounts, each with a random secret and ten random recovery codes.
fn sandbox_with_accounts(n: usize) -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    let mut rng = Rng(0x5eed ^ n as u64);
    let issuers = ["GitHub", "Google", "GitLab", "Dropbox", "Example"];
    let uris: String = (0..n)
        .map(|i| {
            let issuer = issuers[i % issuers.len()];
            format!(
                "otpauth://totp/{issuer}:user{i}@example.com?secret={}&issuer={issuer}\n",
                base32(&rng.bytes(20))
            )
        })
        .collect();
    std::fs::write(s.path("uris.txt"), uris).unwrap();
    s.ok(&["import", "uris.txt", "--from", "otpauth"]);
    let names: Vec<String> = s.ok(&["list"]).lines().map(accounts_name).collect();
    assert_eq!(names.len(), n);
    for name in names {
        let codes: String = (0..10)
            .map(|_| {
                let b = rng.bytes(5);
                format!(
                    "{:02x}{:02x}{:02x}-{:02x}{:02x}\n",
                    b[0], b[1], b[2], b[3], b[4]
                )
            })
            .collect();
        let out = s.run_with_stdin(&["codes", "add", &name, "--at", "drawer"], &codes);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    s
}

/// The account name of a `list` line (its first field).
fn accounts_name(line: &str) -> String {
    line.split_whitespace().next().unwrap().to_string()
}

/// The text of pages `first..=last` of a PDF, as pdftotext reads it.
fn pdf_text(pdf: &Path, first: usize, last: usize) -> String {
    tool_ok(
        "pdftotext",
        &[
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            "-layout",
            pdf.to_str().unwrap(),
            "-",
        ],
    )
}

fn pdf_pages(pdf: &Path) -> (usize, String) {
    let info = tool_ok("pdfinfo", &[pdf.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {info}"))
            .split_once(':')
            .unwrap()
            .1
            .trim()
            .to_string()
    };
    (field("Pages").parse().unwrap(), field("Page size"))
}

/// What the sheet says, read back from the PDF: the commands to type (lines starting `$ `),
/// the pages of the codes, the number of codes and the paper key's page.
struct Sheet {
    commands: Vec<String>,
    pdftoppm: String,
    codes: usize,
    key_page: Option<usize>,
}

fn read_sheet(pdf: &Path) -> Sheet {
    let text = pdf_text(pdf, 1, 1);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let commands = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("$ "))
        .map(str::to_string)
        .collect();
    let pdftoppm = {
        let start = flat
            .find("pdftoppm -r 300")
            .expect("the sheet names pdftoppm");
        flat[start..].split(" page").next().unwrap().to_string() + " page"
    };
    let codes = flat
        .split(" QR code(s)")
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .expect("the sheet says how many codes");
    let key_page = flat
        .split_once("the paper key on page ")
        .map(|(_, rest)| rest.split(':').next().unwrap().parse().unwrap());
    Sheet {
        commands,
        pdftoppm,
        codes,
        key_page,
    }
}

fn sh(dir: &Path, command: &str) -> String {
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "{command}: {}", stderr(&out));
    stdout(&out)
}

/// Follows the sheet's steps 1 and 2 in a fresh folder: the code pages rendered at the 300 dpi
/// the sheet says (at 150 dpi a code of random data fails to read now and then), every code
/// read by zbarimg, the parts
/// put in order by the sheet's awk and cat. Returns the folder, holding kit.age.
fn reassemble(s: &Sandbox, pdf: &Path, sheet: &Sheet, name: &str) -> PathBuf {
    let dir = s.path(name);
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(pdf, dir.join("kit.pdf")).unwrap();
    sh(&dir, &sheet.pdftoppm);
    let reading: Vec<&String> = sheet
        .commands
        .iter()
        .take_while(|c| !c.starts_with("age "))
        .collect();
    assert_eq!(reading.len(), 4, "{:?}", sheet.commands);
    for command in reading {
        sh(&dir, command);
    }
    let parts = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_str().unwrap();
            name.starts_with("part-") && name.ends_with(".txt")
        })
        .count();
    assert_eq!(parts, sheet.codes, "every code was read");
    // Each code's text starts with `mfa-kit part I/N`, I from 1 to N, each once.
    let codes = std::fs::read_to_string(dir.join("codes.txt")).unwrap();
    let mut headers: Vec<String> = codes
        .lines()
        .filter(|l| l.starts_with("mfa-kit part "))
        .map(str::to_string)
        .collect();
    headers.sort_by_key(|h| h[13..].split('/').next().unwrap().parse::<usize>().unwrap());
    let n = sheet.codes;
    let expected: Vec<String> = (1..=n).map(|i| format!("mfa-kit part {i}/{n}")).collect();
    assert_eq!(headers, expected);
    let armored = std::fs::read_to_string(dir.join("kit.age")).unwrap();
    assert!(armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    assert!(armored.ends_with("-----END AGE ENCRYPTED FILE-----\n"));
    dir
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The code `mfa-kit code` prints and oathtool's for the same 30-second step.
fn same_code_as_oathtool(s: &Sandbox, name: &str, oathtool_args: &[&str], secret: &str) {
    for _ in 0..3 {
        let before = unix_now();
        let ours = s.ok(&["code", name]).trim().to_string();
        let after = unix_now();
        if before / 30 != after / 30 {
            continue;
        }
        let mut args = oathtool_args.to_vec();
        let at = format!("@{before}");
        args.extend(["-N", &at, secret]);
        let theirs = tool_ok("oathtool", &args).trim().to_string();
        assert!(ours.contains(&theirs), "{ours} vs {theirs}");
        return;
    }
    panic!("the clock kept crossing a step");
}

/// The secret of account `name` in a vault document.
fn secret_in(document: &str, name: &str) -> String {
    let start = document
        .find(&format!("name = \"{name}\""))
        .unwrap_or_else(|| panic!("no {name} in the document"));
    let rest = &document[start..];
    let line = rest.lines().find(|l| l.starts_with("secret = ")).unwrap();
    line.trim_start_matches("secret = ")
        .trim_matches('"')
        .to_string()
}

#[test]
fn the_kit_recovers_with_standard_tools_alone() {
    let s = sandbox_with_material();
    let document = s.age_decrypt_vault();
    let out = s.ok(&[
        "kit",
        "--out",
        "kit.pdf",
        "--at",
        "home-safe",
        "--key-at",
        "wallet",
    ]);
    assert_eq!(out, "", "the kit prints nothing on standard output");
    let pdf = s.path("kit.pdf");
    assert_eq!(mode(&pdf), 0o600, "the PDF holds the paper key");
    let (pages, size) = pdf_pages(&pdf);
    assert!(size.contains("(A4)"), "{size}");
    let sheet = read_sheet(&pdf);
    let key_page = sheet.key_page.expect("a paper key page");
    assert_eq!(key_page, pages, "the paper key is the last page");

    // No secret on the sheet, nor on the code pages: only on the key page.
    let key_text = pdf_text(&pdf, key_page, key_page);
    let typed = key_text
        .split_whitespace()
        .find(|w| w.starts_with("AGE-SECRET-KEY-1") && w.len() > 60)
        .expect("the key in text");
    let all_but_key = pdf_text(&pdf, 1, pages - 1);
    for secret in [SECRET, GITLAB_SECRET, "aaaa-1111", typed] {
        assert!(!all_but_key.contains(secret), "{secret} on the sheet");
    }
    // The sheet names each account's service, route and paths with their places.
    let sheet_text = pdf_text(&pdf, 1, key_page - 1);
    for words in [
        "github (GitHub) - service: GitHub",
        "https://docs.github.com/",
        "paper-drawer",
        "phone",
        "home-safe",
        "wallet",
        "gitlab",
        "oathtool --totp -b SECRET",
    ] {
        assert!(sheet_text.contains(words), "{words} not on the sheet");
    }

    let dir = reassemble(&s, &pdf, &sheet, "recover");
    // The paper key, scanned from its QR code.
    sh(
        &dir,
        &format!("pdftoppm -r 300 -f {key_page} -l {key_page} -png kit.pdf key"),
    );
    sh(
        &dir,
        "zbarimg --raw -q -Sdisable -Sqrcode.enable key-*.png > paper-key.txt",
    );
    let decrypt = sheet
        .commands
        .iter()
        .find(|c| c.starts_with("age "))
        .unwrap();
    assert_eq!(
        decrypt,
        "age -d -i paper-key.txt kit.age | gunzip > vault.toml"
    );
    sh(&dir, decrypt);
    let recovered = std::fs::read_to_string(dir.join("vault.toml")).unwrap();
    assert_eq!(recovered, document, "the paper holds the vault's document");

    // The paper key typed from its text instead.
    std::fs::write(dir.join("paper-key.txt"), format!("{typed}\n")).unwrap();
    std::fs::remove_file(dir.join("vault.toml")).unwrap();
    sh(&dir, decrypt);
    assert_eq!(
        std::fs::read_to_string(dir.join("vault.toml")).unwrap(),
        document
    );

    // A code, as the sheet says, from the recovered document.
    let secret = secret_in(&recovered, "github");
    assert_eq!(secret, SECRET);
    assert_eq!(
        sheet.commands.iter().find(|c| c.starts_with("oathtool")),
        Some(&"oathtool --totp -b SECRET".to_string())
    );
    same_code_as_oathtool(&s, "github", &["--totp", "-b"], &secret);
    let gitlab = secret_in(&recovered, "gitlab");
    same_code_as_oathtool(&s, "gitlab", &["--totp", "-b", "-d", "8"], &gitlab);

    // The record: a paper backup kept at home-safe, opened by the key at wallet.
    let (_, report) = audit_json(&s, &[]);
    let github = account(&report, "github");
    assert!(
        needs(github).contains(&vec!["home-safe".to_string(), "wallet".to_string()]),
        "{github}"
    );
    let stored = s.age_decrypt_vault();
    assert!(stored.contains("paper = true"), "{stored}");
    assert!(stored.contains("key_at = [\"wallet\"]"), "{stored}");

    // The scanned kit is drilled as the paper record it is: it recovers every account while
    // the wallet survives, and not when the wallet is lost, whatever key is given.
    std::fs::write(dir.join("paper-key.txt"), format!("{typed}\n")).unwrap();
    std::fs::set_permissions(
        dir.join("paper-key.txt"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let kit_age = dir.join("kit.age");
    let key = dir.join("paper-key.txt");
    let drill = |lose: &str| {
        s.run(&[
            "drill",
            "--lose",
            lose,
            "--backup",
            kit_age.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
        ])
    };
    let out = drill("phone,laptop");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let (_, report) = audit_json(&s, &[]);
    assert!(
        !codes(account(&report, "github")).contains(&"backup-undrilled".to_string()),
        "the paper record was marked drilled"
    );
    let out = drill("phone,laptop,wallet");
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("no surviving key"),
        "{}",
        stdout(&out)
    );
    let out = drill("home-safe");
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("kept at a lost place"),
        "{}",
        stdout(&out)
    );
    // A kit is a PDF: no `--out -`.
    let err = s.fails(&["kit", "--out", "-"]);
    assert!(err.contains("PDF"), "{err}");
}

#[test]
fn a_letter_kit_is_letter_sized_and_scans() {
    let s = sandbox_with_material();
    let document = s.age_decrypt_vault();
    s.ok(&["kit", "--out", "kit.pdf", "--paper", "letter"]);
    let pdf = s.path("kit.pdf");
    let (pages, size) = pdf_pages(&pdf);
    assert!(size.starts_with("612 x 792 pts"), "{size}");
    let sheet = read_sheet(&pdf);
    assert_eq!(sheet.key_page, Some(pages));
    let dir = reassemble(&s, &pdf, &sheet, "letter");
    let key_page = pages;
    sh(
        &dir,
        &format!("pdftoppm -r 300 -f {key_page} -l {key_page} -png kit.pdf key"),
    );
    sh(
        &dir,
        "zbarimg --raw -q -Sdisable -Sqrcode.enable key-*.png > paper-key.txt",
    );
    sh(
        &dir,
        "age -d -i paper-key.txt kit.age | gunzip > vault.toml",
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("vault.toml")).unwrap(),
        document
    );
    // With no --key-at, the paper key is recorded on this device.
    let stored = s.age_decrypt_vault();
    assert!(stored.contains("key_at = [\"laptop\"]"), "{stored}");
}

#[test]
fn a_passphrase_kit_has_no_key_page_and_age_opens_it_with_the_passphrase() {
    let s = sandbox_with_material();
    let document = s.age_decrypt_vault();
    let pass = s.path("pass.txt");
    write_private(&pass, "a kit passphrase to remember\n");
    s.ok(&[
        "kit",
        "--out",
        "kit.pdf",
        "--passphrase",
        "--backup-passphrase-file",
        pass.to_str().unwrap(),
        "--at",
        "bank",
    ]);
    let pdf = s.path("kit.pdf");
    let (pages, _) = pdf_pages(&pdf);
    let sheet = read_sheet(&pdf);
    assert_eq!(sheet.key_page, None);
    let text = pdf_text(&pdf, 1, pages);
    assert!(!text.contains("AGE-SECRET-KEY-1"), "no paper key");
    assert!(!text.contains("Paper key"), "no paper key page");
    assert!(
        !text.contains("a kit passphrase"),
        "the passphrase is nowhere"
    );
    let decrypt = sheet
        .commands
        .iter()
        .find(|c| c.starts_with("age "))
        .unwrap();
    assert_eq!(decrypt, "age -d kit.age | gunzip > vault.toml");
    let dir = reassemble(&s, &pdf, &sheet, "pass");
    // age reads passphrases only from a terminal: `script` gives it a pseudo-terminal.
    let mut child = Command::new("script")
        .args(["-qec", decrypt, "/dev/null"])
        .current_dir(&dir)
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
        .write_all(b"a kit passphrase to remember\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(
        std::fs::read_to_string(dir.join("vault.toml")).unwrap(),
        document
    );
    let stored = s.age_decrypt_vault();
    assert!(stored.contains("key_at = [\"memory\"]"), "{stored}");
    // A passphrase lives in memory: --key-at is refused, nothing written.
    let err = s.fails(&[
        "kit",
        "--out",
        "kit2.pdf",
        "--passphrase",
        "--backup-passphrase-file",
        pass.to_str().unwrap(),
        "--key-at",
        "wallet",
    ]);
    assert!(err.contains("--key-at"), "{err}");
}

#[test]
fn a_kit_to_a_recipient_has_no_key_page() {
    let s = sandbox_with_material();
    let document = s.age_decrypt_vault();
    let key = s.path("my-key.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()]);
    s.ok(&[
        "kit",
        "--out",
        "kit.pdf",
        "-r",
        recipient.trim(),
        "--key-at",
        "yubikey-drawer",
    ]);
    let pdf = s.path("kit.pdf");
    let (pages, _) = pdf_pages(&pdf);
    let sheet = read_sheet(&pdf);
    assert_eq!(sheet.key_page, None);
    assert!(!pdf_text(&pdf, 1, pages).contains("AGE-SECRET-KEY-1"));
    let dir = reassemble(&s, &pdf, &sheet, "recipient");
    std::fs::copy(&key, dir.join("YOUR-KEY.txt")).unwrap();
    let decrypt = sheet
        .commands
        .iter()
        .find(|c| c.starts_with("age "))
        .unwrap();
    sh(&dir, decrypt);
    assert_eq!(
        std::fs::read_to_string(dir.join("vault.toml")).unwrap(),
        document
    );
    let (_, report) = audit_json(&s, &[]);
    assert!(
        needs(account(&report, "gitlab"))
            .contains(&vec!["laptop".to_string(), "yubikey-drawer".to_string()]),
        "{report}"
    );
}

#[test]
fn bad_kits_are_refused_and_nothing_is_written() {
    let s = sandbox_with_material();
    let err = s.fails(&["kit", "--out", "no-such-folder/kit.pdf"]);
    assert!(err.contains("no-such-folder"), "{err}");
    let vault = s.vault();
    let err = s.fails(&["kit", "--out", vault.to_str().unwrap()]);
    assert!(err.contains("the vault"), "{err}");
    let err = s.fails(&["kit", "--out", "kit.pdf", "-r", "age1nonsense"]);
    assert!(err.contains("-r"), "{err}");
    let pass = s.path("pass.txt");
    write_private(&pass, "pw\n");
    let err = s.fails(&[
        "kit",
        "--out",
        "kit.pdf",
        "--passphrase",
        "-r",
        "age1nonsense",
        "--backup-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    assert!(err.contains("passphrase"), "{err}");
}

#[test]
fn a_vault_too_large_for_paper_is_refused_with_the_way_out() {
    let s = Sandbox::new();
    s.init_identity();
    let mut rng = Rng(42);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for i in 0..3 {
        let name = format!("big{i}");
        s.ok(&["add", &name, "--secret", SECRET]);
        let codes: String = (0..1000)
            .map(|_| {
                let code: String = (0..60)
                    .map(|_| ALPHABET[rng.below(ALPHABET.len() as u64) as usize] as char)
                    .collect();
                code + "\n"
            })
            .collect();
        let out = s.run_with_stdin(&["codes", "add", &name], &codes);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let before = std::fs::read(s.vault()).unwrap();
    let err = s.fails(&["kit", "--out", "kit.pdf"]);
    assert!(err.contains("too large for paper"), "{err}");
    assert!(err.contains("mfa-kit backup"), "{err}");
    assert!(!s.path("kit.pdf").exists());
    assert_eq!(
        std::fs::read(s.vault()).unwrap(),
        before,
        "the vault was written"
    );
    // Refused before the vault is read into its model (the size of the document as it is,
    // compressed and encrypted): the size said is the one the model's text gives, which a
    // hand edit's comment (left out of what is printed) makes it read; age's header differs
    // from file to file by a random stanza of a few hundred bytes at most.
    s.rewrite_vault(|plain| format!("{plain}# kept by hand\n"));
    let by_model = s.fails(&["kit", "--out", "kit.pdf"]);
    assert!(!s.path("kit.pdf").exists());
    let said = |err: &str| -> (usize, usize) {
        let words: Vec<&str> = err.split(' ').collect();
        let number = |before: &str| {
            let at = words.iter().position(|w| *w == before).unwrap();
            words[at - 1].trim_start_matches('(').parse().unwrap()
        };
        (number("bytes)"), number("QR"))
    };
    let ((bytes, codes), (model_bytes, model_codes)) = (said(&err), said(&by_model));
    assert_eq!(codes, model_codes, "{err}{by_model}");
    assert!(bytes.abs_diff(model_bytes) < 400, "{err}{by_model}");
    assert!(bytes > 48 * 2000, "{err}");
}

/// The figures the README gives: codes and pages for 10, 50 and 200 accounts (each with ten
/// recovery codes). Each kit is read back whole; the counts asserted are the ones the data
/// needs.
#[test]
fn kits_of_10_50_and_200_accounts_read_back_whole() {
    for n in [10, 50, 200] {
        let s = sandbox_with_accounts(n);
        let document = s.age_decrypt_vault();
        s.ok(&["kit", "--out", "kit.pdf", "--key-at", "wallet"]);
        let pdf = s.path("kit.pdf");
        let (pages, _) = pdf_pages(&pdf);
        let sheet = read_sheet(&pdf);
        let key_page = sheet.key_page.unwrap();
        let dir = reassemble(&s, &pdf, &sheet, "read");
        sh(
            &dir,
            &format!("pdftoppm -r 300 -f {key_page} -l {key_page} -png kit.pdf key"),
        );
        sh(
            &dir,
            "zbarimg --raw -q -Sdisable -Sqrcode.enable key-*.png > paper-key.txt",
        );
        sh(
            &dir,
            "age -d -i paper-key.txt kit.age | gunzip > vault.toml",
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("vault.toml")).unwrap(),
            document
        );
        // As few codes as the data allows: a version-40 code at error correction M holds
        // 2331 bytes; each holds a header and whole lines of the armor (65 bytes).
        let armored = std::fs::read(dir.join("kit.age")).unwrap().len();
        let room = 2331 - "mfa-kit part".len() - 12;
        let codes = sheet.codes;
        assert!(
            armored <= codes * room,
            "{n}: {armored} bytes in {codes} codes"
        );
        assert!(
            armored + (codes - 1) * 65 > (codes - 1) * room,
            "{n}: {armored} bytes fit in fewer than {codes} codes"
        );
        // Full-size codes go four to a page (two only when a page has fewer to hold).
        let text = pdf_text(&pdf, 1, pages);
        let code_pages = text.matches("Paper backup: codes").count();
        if codes >= 4 {
            assert_eq!(code_pages, codes.div_ceil(4), "{n} accounts");
        }
        let size = std::fs::metadata(&pdf).unwrap().len();
        println!(
            "{n} accounts: document {} bytes, armored gzip {armored} bytes, {codes} QR codes on \
             {code_pages} page(s), {pages} pages in all, PDF {size} bytes",
            document.len()
        );
    }
}

/// `oathtool --hotp` knows SHA1 alone, so "recover with oathtool alone" needs another way
/// for an HOTP account hashed with SHA256 or SHA512: the sheet says so beside that account
/// and gives oathtool's TOTP mode at a one-second step, which this test runs as written with
/// the recovered secret and counter, against `mfa-kit code` and Python's hmac module.
#[test]
fn the_sheet_says_how_to_make_a_sha256_hotp_code_without_oathtool_hotp() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add",
        "vpn",
        "--secret",
        SECRET,
        "--hotp",
        "--counter",
        "41",
        "--algorithm",
        "SHA256",
        "--digits",
        "8",
    ]);
    s.ok(&[
        "add",
        "token",
        "--secret",
        SECRET,
        "--hotp",
        "--counter",
        "5",
    ]);
    s.ok(&[
        "kit",
        "--out",
        "kit.pdf",
        "--at",
        "home-safe",
        "--key-at",
        "wallet",
    ]);
    let pdf = s.path("kit.pdf");
    let sheet = read_sheet(&pdf);
    let key_page = sheet.key_page.expect("a paper key page");
    let text = pdf_text(&pdf, 1, key_page - 1);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let note = "HOTP with SHA256: oathtool --hotp cannot make its codes (it knows SHA1 alone); \
                type oathtool --totp=sha256 -s 1s -N @COUNTER -b SECRET -d 8";
    assert!(flat.contains(note), "{flat}");
    assert_eq!(
        flat.matches("HOTP with SHA").count(),
        1,
        "only vpn needs it: {flat}"
    );
    assert!(flat.contains("oathtool --hotp knows SHA1 alone"), "{flat}");

    // The command as the sheet gives it, with the recovered document's secret and counter.
    let document = s.age_decrypt_vault();
    let secret = secret_in(&document, "vpn");
    let by_sheet = tool_ok(
        "oathtool",
        &[
            "--totp=sha256",
            "-s",
            "1s",
            "-N",
            "@41",
            "-b",
            &secret,
            "-d",
            "8",
        ],
    )
    .trim()
    .to_string();
    let by_python = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import base64,hashlib,hmac,struct,sys;\
             k=base64.b32decode(sys.argv[1]);\
             h=hmac.new(k,struct.pack('>Q',int(sys.argv[2])),hashlib.sha256).digest();\
             o=h[-1]&15;\
             print('%08d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%10**8))",
            &secret,
            "41",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&by_python).trim(), by_sheet);
    assert_eq!(s.ok(&["code", "vpn"]).trim(), by_sheet);
    // SHA1 HOTP: the sheet's oathtool --hotp, and the same by the TOTP way.
    let token = tool_ok("oathtool", &["--hotp", "-c", "5", "-b", SECRET]);
    assert_eq!(
        tool_ok(
            "oathtool",
            &["--totp", "-s", "1s", "-N", "@5", "-b", SECRET]
        ),
        token
    );
    assert_eq!(s.ok(&["code", "token"]), token);
}
