//! A command that changes one account of a vault as mfa-kit wrote it rewrites that account's
//! table alone, and a drill its backup records alone (so that 10,000 accounts are never held
//! as a model): each such change must be the very document the model's change writes. Every command is run twice on the same
//! vault, once as it is (sealed) and once with its seal broken by a hand-written comment
//! (which makes mfa-kit read the whole model), and the two documents, as stock age decrypts
//! them, are compared, with what each command printed and its exit status.

mod common;

use std::fs;

use common::*;

/// The document with each time near now (the two runs may fall in different seconds)
/// written as NOW.
fn timeless(document: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut out = String::new();
    let mut digits = String::new();
    for c in document.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        match digits.parse::<u64>() {
            Ok(n) if digits.len() == 10 && n.abs_diff(now) < 120 => out.push_str("NOW"),
            _ => out.push_str(&digits),
        }
        digits.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// The lines above the document's last, which must be the seal mfa-kit writes over them.
fn sealed_body(document: &str) -> &str {
    use sha2::Digest;
    let (body, seal) = document[..document.len() - 1].rsplit_once('\n').unwrap();
    let body = &document[..body.len() + 1];
    let digest = sha2::Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(seal, format!("# sha256 of the lines above: {hex}"));
    body
}

/// Waits, where less than half of the clock's current second is left, for the next: the
/// times mfa-kit writes are in seconds, and the two runs compared must write the same ones (a
/// drill whose date is already this second changes nothing; a second later, it does).
fn time_for_two_runs() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let into = now.subsec_millis();
    if into > 500 {
        std::thread::sleep(std::time::Duration::from_millis(u64::from(1005 - into)));
    }
}

/// Runs `args` on the vault as it is, and on the same vault read whole; asserts the two
/// runs agree, and leaves the vault as the first run left it. Returns the first's output.
fn same_both_ways(sandbox: &Sandbox, args: &[&str], input: &str) -> std::process::Output {
    time_for_two_runs();
    let vault = sandbox.vault();
    let before = fs::read(&vault).unwrap();
    let document = sandbox.age_decrypt_vault();
    assert!(document.contains("\n# sha256 of the lines above: "));
    let by_table = sandbox.run_with_stdin(args, input);
    let after_by_table = fs::read(&vault).unwrap();
    let by_table_document = sandbox.age_decrypt_vault();
    // The same document, its seal broken: read whole, changed in the model.
    fs::write(&vault, &before).unwrap();
    sandbox.rewrite_vault(|plain| format!("{plain}# kept by hand\n"));
    let whole = sandbox.run_with_stdin(args, input);
    let whole_document = sandbox.age_decrypt_vault();
    assert_eq!(
        code(&by_table),
        code(&whole),
        "{args:?}: exit statuses differ"
    );
    assert_eq!(
        stdout(&by_table),
        stdout(&whole),
        "{args:?}: outputs differ"
    );
    assert_eq!(stderr(&by_table), stderr(&whole), "{args:?}: errors differ");
    if code(&by_table) == 0 && by_table_document != document {
        // The seals differ where the times do: each must match its own lines.
        assert_eq!(
            timeless(sealed_body(&by_table_document)),
            timeless(sealed_body(&whole_document)),
            "{args:?}: the documents differ"
        );
    } else {
        // Nothing changed: neither wrote.
        assert_eq!(
            after_by_table, before,
            "{args:?}: wrote when nothing changed"
        );
        assert_eq!(
            timeless(&whole_document),
            timeless(&format!("{document}# kept by hand\n")),
            "{args:?}: the model wrote when nothing changed"
        );
    }
    fs::write(&vault, after_by_table).unwrap();
    by_table
}

#[test]
fn a_change_to_one_account_is_the_models_change() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET, "--at", "Phone"]);
    s.ok(&["add", "mail", "--secret", SECRET, "--issuer", "Mail \"Co\""]);
    s.ok(&["add", "bank", "--secret", SECRET]);
    let key = s.path("backup-key.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()]);
    for (file, at) in [("b1.age", "usb"), ("b2.age", "safe")] {
        let out = s.path(file);
        s.ok(&[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "-r",
            recipient.trim(),
            "--at",
            at,
        ]);
    }
    let code_now = oathtool_totp(SECRET, "SHA1", 6, 30, now());
    // An export of several accounts: two of one name (named apart), the first HOTP account
    // (the version goes up), one whose name an account has in another case (skipped).
    let export = s.path("export.txt");
    fs::write(
        &export,
        format!(
            "otpauth://totp/Imp:one?secret={SECRET}&issuer=Imp\n\
             otpauth://totp/Imp:one?secret={SECRET}&issuer=Imp&digits=8\n\
             otpauth://hotp/Ctr:me?secret={SECRET}&issuer=Ctr&counter=3\n\
             otpauth://totp/GITHUB?secret={SECRET}\n"
        ),
    )
    .unwrap();
    let export = export.to_str().unwrap().to_string();
    let again = s.path("again.txt");
    fs::write(
        &again,
        format!("otpauth://hotp/Ctr:me?secret={SECRET}&counter=9\notpauth://totp/imp:ONE?secret={SECRET}\n"),
    )
    .unwrap();
    let again = again.to_str().unwrap().to_string();
    let key_arg = key.to_str().unwrap().to_string();
    let b1 = s.path("b1.age").to_str().unwrap().to_string();
    let b2 = s.path("b2.age").to_str().unwrap().to_string();
    let ssh = s.ssh_key("id_recovery", "ed25519", "");
    let ssh_pub = format!("{}.pub", ssh.display());
    let cases: Vec<Vec<&str>> = vec![
        vec!["add", "new", "--secret", SECRET, "--at", "Tablet"],
        // The first HOTP account: the document's version goes up.
        vec![
            "add",
            "counter",
            "--hotp",
            "--counter",
            "5",
            "--secret",
            SECRET,
        ],
        vec!["code", "counter"],
        vec!["add", "GITHUB", "--secret", SECRET],
        vec!["path", "add", "mail", "email", "--at", "Inbox"],
        vec!["path", "add", "mail", "email", "--at", "inbox"],
        vec!["path", "remove", "mail", "email"],
        vec!["verify", "github", &code_now],
        vec!["verify", "github", &code_now],
        vec!["verify", "githib", "123456"],
        vec!["codes", "add", "bank", "--at", "drawer"],
        vec!["codes", "use", "bank", "1111-2222"],
        vec!["ssh", "add", "bank", &ssh_pub, "--at", "laptop"],
        vec!["ssh", "remove", "bank"],
        // Held by both backups: their records follow the new name.
        vec!["rename", "mail", "Post"],
        vec!["rename", "post", "POST"],
        vec!["rename", "POST", "POST"],
        vec!["rename", "bank", "github"],
        vec!["rename", "nothing", "else"],
        vec!["remove", "new", "--yes"],
        // The last HOTP account: the version comes down again.
        vec!["remove", "counter", "--yes"],
        vec!["remove", "GitHub", "--yes"],
        // A name the backups still hold for the account removed: the renamed one's replace it.
        vec!["rename", "bank", "github"],
        vec!["remove", "missing", "--yes"],
        // A drill writes when each backup that opened was drilled, in the records alone.
        vec!["drill", "--lose", "drawer", "-i", &key_arg],
        vec!["drill", "--lose", "usb", "-i", &key_arg, "--json"],
        vec!["drill", "--lose", "laptop", "-i", &key_arg],
        // Accounts added after the others, in one write; then only names accounts have:
        // each is skipped, nothing written.
        vec!["import", &export, "--at", "Phone"],
        vec!["import", &again],
        // A backup merged back: accounts removed since come back, renamed ones are found by
        // their former names, the rest carry their bookkeeping forward.
        vec!["restore", &b1, "-i", &key_arg],
        vec!["restore", &b2, "-i", &key_arg],
        vec!["restore", &b2, "-i", &key_arg],
    ];
    for args in cases {
        same_both_ways(&s, &args, "1111-2222\n3333-4444\n");
    }
    // A backup that holds accounts since removed: merged back, they follow the others.
    let b3 = s.path("b3.age");
    let b3 = b3.to_str().unwrap();
    s.ok(&[
        "backup",
        "--out",
        b3,
        "-r",
        recipient.trim(),
        "--at",
        "shelf",
    ]);
    s.ok(&["remove", "Ctr:me", "--yes"]);
    s.ok(&["remove", "Imp:one", "--yes"]);
    let merged = same_both_ways(&s, &["restore", b3, "-i", &key_arg], "");
    assert!(
        stdout(&merged).contains("added      Ctr:me"),
        "{}",
        stdout(&merged)
    );
    assert!(
        stdout(&merged).contains("added      Imp:one"),
        "{}",
        stdout(&merged)
    );
    // The records followed the renames: the backups still hold the renamed account, and
    // differ only where the vault changed since.
    let document = s.age_decrypt_vault();
    assert!(document.contains("\nPOST = \""), "{document}");
    assert!(!document.contains("\nmail = \""), "{document}");
    let check = s.run(&[
        "restore",
        "--check",
        s.path("b1.age").to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
    ]);
    let said = stdout(&check);
    // The account the backup holds as github is another account's (removed), which the
    // renamed bank now takes the name of.
    assert!(said.contains("different  github"), "{said}");
    assert!(said.contains("extra      bank"), "{said}");
    assert!(!said.contains("POST") && !said.contains("mail"), "{said}");
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
