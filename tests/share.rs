//! `share split|combine` end to end, with stock age as the oracle: any K shares rebuild a key
//! that `age -d -i` opens the backup with (giving the vault's own document, as age decrypts it
//! with the vault's identity); fewer are refused; damaged, mixed, repeated and forged shares
//! are refused naming the file; typed-back shares are read; the audit counts a K-of-N key as
//! needing any K holders; bad input exits 2 with every file unchanged.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;

fn sandbox_with_material() -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "github", "--secret", SECRET, "--issuer", "GitHub", "--at", "phone",
    ]);
    let out = s.run_with_stdin(
        &["codes", "add", "github", "--at", "paper-drawer"],
        "aaaa-1111\nbbbb-2222\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::create_dir(s.path("usb")).unwrap();
    s
}

/// A split of `k` of `holders` into `dir` (created here), the backup at `usb/<name>.age`.
fn split(s: &Sandbox, k: usize, holders: &str, dir: &str) -> (PathBuf, PathBuf) {
    std::fs::create_dir(s.path(dir)).unwrap();
    let backup = s.path(&format!("usb/{dir}.age"));
    let out = s.run(&[
        "share",
        "split",
        "--threshold",
        &k.to_string(),
        "--to",
        holders,
        "--out",
        backup.to_str().unwrap(),
        "--at",
        "usb-safe",
        "--share-dir",
        dir,
    ]);
    assert_eq!(code(&out), 0, "split: {}", stderr(&out));
    (backup, s.path(dir))
}

fn share_file(dir: &Path, holder: &str) -> String {
    dir.join(format!("{holder}.txt"))
        .to_str()
        .unwrap()
        .to_string()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The value of `field:` in a share text (the first line only).
fn field(text: &str, name: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name}: in {text}"))
        .trim()
        .to_string()
}

/// The share's bytes field, both lines joined without spaces.
fn share_value(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let i = lines.iter().position(|l| l.starts_with("share: ")).unwrap();
    format!("{}{}", &lines[i][7..], lines[i + 1]).replace(' ', "")
}

/// The check of a frame, computed here from the format's definition (SHA-256 of the
/// canonical text, first 5 bytes, base32): an independent reading of the spec.
fn check_of(set: &str, threshold: &str, index: &str, recipient: &str, share: &str) -> String {
    use sha2::{Digest, Sha256};
    let canonical = format!(
        "mfa-kit share\nversion: 1\nset: {}\nthreshold: {}\nindex: {index}\nrecipient: {recipient}\nshare: {share}\n",
        set.replace('-', ""),
        threshold.replace(' ', "").to_uppercase(),
    );
    let digest = Sha256::digest(canonical.as_bytes());
    base32(&digest[..5])
}

/// A share text with its recipient replaced and a correct check for it: a forgery.
fn reframe_recipient(text: &str, recipient: &str) -> String {
    let old = field(text, "recipient");
    let check = check_of(
        &field(text, "set"),
        &field(text, "threshold"),
        &field(text, "index"),
        recipient,
        &share_value(text),
    );
    let old_check = field(text, "check");
    text.replace(&old, recipient)
        .replace(&old_check, &format!("{} {}", &check[..4], &check[4..]))
}

fn age_keygen(s: &Sandbox, name: &str) -> (PathBuf, String) {
    let path = s.path(name);
    tool_ok("age-keygen", &["-o", path.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", path.to_str().unwrap()])
        .trim()
        .to_string();
    (path, recipient)
}

/// Every subset of `items` with `size` members.
fn subsets<T: Clone>(items: &[T], size: usize) -> Vec<Vec<T>> {
    (0u32..1 << items.len())
        .filter(|m| m.count_ones() as usize == size)
        .map(|m| {
            (0..items.len())
                .filter(|i| m >> i & 1 == 1)
                .map(|i| items[i].clone())
                .collect()
        })
        .collect()
}

#[test]
fn any_two_of_three_rebuild_a_key_stock_age_opens_the_backup_with() {
    let s = sandbox_with_material();
    // The vault's document as stock age reads it with the vault's identity, before the split
    // (which then records the backup in the vault).
    let document = s.age_decrypt_vault();
    std::fs::create_dir(s.path("shares")).unwrap();
    let backup = s.path("usb/shared.age");
    let out = s.run(&[
        "share",
        "split",
        "--threshold",
        "2",
        "--to",
        "Alice,bob,carol",
        "--out",
        backup.to_str().unwrap(),
        "--at",
        "usb-safe",
        "--share-dir",
        "shares",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let notes = stderr(&out);
    assert!(mode(&backup) == 0o600);
    let mut recipient = String::new();
    for (index, holder) in ["alice", "bob", "carol"].iter().enumerate() {
        let path = s.path(&format!("shares/{holder}.txt"));
        assert_eq!(mode(&path), 0o600, "{holder}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("Held by: {holder}\n")), "{text}");
        assert!(text.contains("Any 2 of the 3 shares rebuild the key"));
        assert!(text.contains("mfa-kit share combine"));
        assert_eq!(field(&text, "threshold"), "2 of 3");
        assert_eq!(field(&text, "index"), (index + 1).to_string());
        assert_eq!(field(&text, "version"), "1");
        // The share bytes never reach the terminal.
        assert!(!notes.contains(&share_value(&text)[..12]));
        recipient = field(&text, "recipient");
    }
    assert!(!s.path("shares/alice.pdf").exists());

    // Rebuilt from alice and carol, into a file.
    let key = s.path("key.txt");
    let out = s.run(&[
        "share",
        "combine",
        "shares/alice.txt",
        "shares/carol.txt",
        "--out",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(mode(&key), 0o600);
    let key_text = std::fs::read_to_string(&key).unwrap();
    let secret_line = key_text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    assert!(!stderr(&out).contains(secret_line));
    assert!(!notes.contains(secret_line));
    // age's own reading of the key: its public key is the recorded recipient.
    let public = tool_ok("age-keygen", &["-y", key.to_str().unwrap()]);
    assert_eq!(public.trim(), recipient);

    // Stock age opens the backup with it, and gets the vault's document as age reads it.
    assert_eq!(age_decrypt(&backup, &key), document);
    assert!(s.age_decrypt_vault().contains("threshold = 2"));

    // To standard output: the same key.
    let shown = s.ok(&["share", "combine", "shares/bob.txt", "shares/alice.txt"]);
    assert!(shown.contains(secret_line));

    // And mfa-kit's own restore --check agrees.
    s.ok(&[
        "restore",
        backup.to_str().unwrap(),
        "--check",
        "-i",
        key.to_str().unwrap(),
    ]);
}

#[test]
fn every_k_subset_rebuilds_and_every_smaller_one_is_too_few() {
    let s = sandbox_with_material();
    for (k, holders) in [(2, "a,b,c"), (3, "a,b,c,d,e")] {
        let document = s.age_decrypt_vault();
        let dir = format!("set{k}");
        let (backup, dir) = split(&s, k, holders, &dir);
        let names: Vec<&str> = holders.split(',').collect();
        let n = names.len();
        for subset in subsets(&names, k) {
            let key = s.path("key.txt");
            let mut args = vec!["share", "combine", "--out", key.to_str().unwrap()];
            let files: Vec<String> = subset.iter().map(|h| share_file(&dir, h)).collect();
            args.extend(files.iter().map(String::as_str));
            s.ok(&args);
            assert_eq!(age_decrypt(&backup, &key), document, "{subset:?}");
            std::fs::remove_file(&key).unwrap();
        }
        for subset in subsets(&names, k - 1) {
            let mut args = vec!["share", "combine"];
            let files: Vec<String> = subset.iter().map(|h| share_file(&dir, h)).collect();
            args.extend(files.iter().map(String::as_str));
            let err = s.fails(&args);
            assert!(
                err.contains(&format!("{k} of {n} needed, {} given", k - 1)),
                "{err}"
            );
        }
        // All N at once also rebuild it.
        let files: Vec<String> = names.iter().map(|h| share_file(&dir, h)).collect();
        let mut args = vec!["share", "combine"];
        args.extend(files.iter().map(String::as_str));
        assert!(s.ok(&args).contains("AGE-SECRET-KEY-1"));
    }
}

#[test]
fn a_changed_character_is_caught_and_the_file_named() {
    let s = sandbox_with_material();
    let (_, dir) = split(&s, 2, "alice,bob,carol", "shares");
    let text = std::fs::read_to_string(dir.join("bob.txt")).unwrap();
    let set = field(&text, "set");
    let recipient = field(&text, "recipient");
    let value = share_value(&text);
    let swap = |c: char| if c == 'A' { 'B' } else { 'A' };
    let first = value.chars().next().unwrap();
    let damaged = [
        // One character of the share bytes.
        text.replacen(&value[..4], &format!("{}{}", swap(first), &value[1..4]), 1),
        // One of the set id.
        text.replacen(
            &format!("set: {set}"),
            &format!("set: {}{}", swap(set.chars().next().unwrap()), &set[1..]),
            1,
        ),
        // One of the recipient.
        text.replacen(
            &recipient,
            &recipient.replacen("age1", "age1q", 1)[..recipient.len()],
            1,
        ),
        // The index.
        text.replacen("index: 2", "index: 3", 1),
    ];
    for (i, bad) in damaged.iter().enumerate() {
        assert_ne!(bad, &text, "case {i} changed nothing");
        let path = s.path(&format!("typo{i}.txt"));
        std::fs::write(&path, bad).unwrap();
        let err = s.fails(&[
            "share",
            "combine",
            &share_file(&dir, "alice"),
            path.to_str().unwrap(),
        ]);
        assert!(err.contains(&format!("typo{i}.txt")), "{err}");
        assert!(err.contains("damaged or mistyped"), "{err}");
        assert!(!err.contains(&value[..8]), "{err}");
    }
    // Not a share at all, and a missing file.
    let err = s.fails(&[
        "share",
        "combine",
        &share_file(&dir, "alice"),
        "usb/shares.age",
    ]);
    assert!(err.contains("usb/shares.age"), "{err}");
    let err = s.fails(&[
        "share",
        "combine",
        &share_file(&dir, "alice"),
        "nowhere.txt",
    ]);
    assert!(err.contains("nowhere.txt"), "{err}");
}

#[test]
fn shares_of_two_splits_or_a_repeated_share_are_refused() {
    let s = sandbox_with_material();
    let (_, one) = split(&s, 2, "alice,bob,carol", "one");
    let (_, two) = split(&s, 2, "alice,bob,carol", "two");
    let set_one = field(
        &std::fs::read_to_string(one.join("alice.txt")).unwrap(),
        "set",
    );
    let set_two = field(
        &std::fs::read_to_string(two.join("bob.txt")).unwrap(),
        "set",
    );
    assert_ne!(set_one, set_two);
    let err = s.fails(&[
        "share",
        "combine",
        &share_file(&one, "alice"),
        &share_file(&two, "bob"),
    ]);
    assert!(err.contains("different splits"), "{err}");
    assert!(err.contains(&set_one) && err.contains(&set_two), "{err}");
    assert!(err.contains("two/bob.txt"), "{err}");

    // The same share twice (a copy) is one share, not two.
    std::fs::copy(one.join("bob.txt"), s.path("bob-copy.txt")).unwrap();
    let err = s.fails(&["share", "combine", &share_file(&one, "bob"), "bob-copy.txt"]);
    assert!(err.contains("the same share"), "{err}");
    assert!(err.contains("bob-copy.txt"), "{err}");
}

#[test]
fn a_forged_recipient_is_refused_even_with_a_good_checksum() {
    let s = sandbox_with_material();
    let (_, dir) = split(&s, 2, "alice,bob,carol", "shares");
    let (_, other) = age_keygen(&s, "other.txt");
    let alice = std::fs::read_to_string(dir.join("alice.txt")).unwrap();
    let bob = std::fs::read_to_string(dir.join("bob.txt")).unwrap();

    // This test's checksum is the format's: re-framed with the same recipient, a share reads.
    let same = reframe_recipient(&alice, &field(&alice, "recipient"));
    assert_eq!(
        same, alice,
        "the check computed here differs from the file's"
    );

    // Both shares re-framed for another recipient: the rebuilt key is not that one's.
    std::fs::write(s.path("a.txt"), reframe_recipient(&alice, &other)).unwrap();
    std::fs::write(s.path("b.txt"), reframe_recipient(&bob, &other)).unwrap();
    let err = s.fails(&["share", "combine", "a.txt", "b.txt"]);
    assert!(err.contains("not the one they record"), "{err}");
    assert!(err.contains(&other), "{err}");

    // One share of the set with another recipient: the set disagrees with itself.
    let err = s.fails(&["share", "combine", &share_file(&dir, "alice"), "b.txt"]);
    assert!(err.contains("different recipient"), "{err}");
    assert!(err.contains("b.txt"), "{err}");
}

#[test]
fn a_share_typed_back_in_with_spaces_case_and_line_breaks_is_read() {
    let s = sandbox_with_material();
    let document = s.age_decrypt_vault();
    let (backup, dir) = split(&s, 2, "alice,bob,carol", "shares");
    let text = std::fs::read_to_string(dir.join("carol.txt")).unwrap();
    let value = share_value(&text);
    // What a person might type from the paper: lower case, no header, odd spacing, the
    // share bytes broken over three lines, the check without its space.
    let check = field(&text, "check").replace(' ', "");
    let typed = format!(
        "version:1\nSET: {}\nthreshold:2 of 3\nIndex : 3\nrecipient: {}\nshare:\n  {}\n{}  {}\n  {}\ncheck: {}\n",
        field(&text, "set").to_lowercase(),
        field(&text, "recipient").to_uppercase(),
        value[..20].to_lowercase(),
        &value[20..30],
        value[30..40].to_lowercase(),
        &value[40..],
        check.to_lowercase(),
    );
    std::fs::write(s.path("typed.txt"), &typed).unwrap();
    let key = s.path("key.txt");
    s.ok(&[
        "share",
        "combine",
        &share_file(&dir, "alice"),
        "typed.txt",
        "--out",
        key.to_str().unwrap(),
    ]);
    assert_eq!(age_decrypt(&backup, &key), document);
}

#[test]
fn the_audit_counts_a_k_of_n_key_as_needing_any_k_holders() {
    let s = sandbox_with_material();
    let (backup, _) = split(&s, 3, "a,b,c,d,e", "shares");
    let (_, report) = audit_json(&s, &[]);
    let github = account(&report, "github");
    let path = github["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "backup")
        .unwrap_or_else(|| panic!("no backup path: {github}"));
    assert_eq!(path["threshold"], 3);
    assert_eq!(
        path["needs"],
        serde_json::json!(["a", "b", "c", "d", "e", "usb-safe"])
    );
    assert!(
        path["detail"]
            .as_str()
            .unwrap()
            .contains(backup.file_name().unwrap().to_str().unwrap())
    );
    let backup_counts = |lose: &str| -> bool {
        let (_, report) = audit_json(&s, &["--lose", lose]);
        let github = account(&report, "github");
        let path = github["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["kind"] == "backup")
            .unwrap()
            .clone();
        path["counts"] == true
    };
    // N-K = 2 holders lost: any 3 of the other 3 still rebuild the key.
    assert!(backup_counts("laptop,phone,paper-drawer,a,b"));
    assert!(backup_counts("d,e"));
    // N-K+1 = 3 lost: the path does not count.
    assert!(!backup_counts("laptop,phone,paper-drawer,a,b,c"));
    assert!(!backup_counts("c,d,e"));
    // Its place lost: nor then.
    assert!(!backup_counts("usb-safe"));
    let (code, report) = audit_json(&s, &["--lose", "laptop,phone,paper-drawer,b,e"]);
    assert_eq!(code, 0, "{report}");
    let (code, _) = audit_json(&s, &["--lose", "laptop,phone,paper-drawer,b,c,e"]);
    assert_eq!(code, 1);

    // A 2-of-2 beside a vault on the laptop alone: either holder, with the laptop, is a
    // weakest loss. A 2-of-3: one holder with the laptop is not; only the backup's place is.
    for (holders, expected) in [
        (
            "alice,bob",
            vec![
                vec!["alice", "laptop"],
                vec!["bob", "laptop"],
                vec!["laptop", "usb-safe"],
            ],
        ),
        ("alice,bob,carol", vec![vec!["laptop", "usb-safe"]]),
    ] {
        let s = Sandbox::new();
        s.init_identity();
        s.ok(&["add", "solo", "--secret", SECRET]);
        std::fs::create_dir(s.path("usb")).unwrap();
        split(&s, 2, holders, "shares");
        let (_, report) = audit_json(&s, &[]);
        let mut weakest: Vec<Vec<String>> =
            serde_json::from_value(account(&report, "solo")["weakest_losses"].clone()).unwrap();
        for loss in &mut weakest {
            loss.sort();
        }
        weakest.sort();
        assert_eq!(weakest, expected, "{holders}");
    }
}

#[test]
fn bad_input_exits_2_and_changes_nothing() {
    let s = sandbox_with_material();
    std::fs::create_dir(s.path("shares")).unwrap();
    let split_args = |k: &str, to: &str, dir: &str| -> Vec<String> {
        [
            "share",
            "split",
            "--threshold",
            k,
            "--to",
            to,
            "--out",
            "usb/shared.age",
            "--share-dir",
            dir,
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let fails = |args: Vec<String>| -> String {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        s.fails(&args)
    };
    let err = fails(split_args("0", "alice,bob,carol", "shares"));
    assert!(err.contains("--threshold 0"), "{err}");
    let err = fails(split_args("1", "alice,bob,carol", "shares"));
    assert!(err.contains("--threshold 1"), "{err}");
    let err = fails(split_args("4", "alice,bob,carol", "shares"));
    assert!(err.contains("--threshold 4"), "{err}");
    let eleven = (1..=11)
        .map(|i| format!("h{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let err = fails(split_args("2", &eleven, "shares"));
    assert!(err.contains("11 holders"), "{err}");
    let err = fails(split_args("2", "alice,bob,Alice", "shares"));
    assert!(err.contains("twice"), "{err}");
    let err = fails(split_args("2", "alice,../bob", "shares"));
    assert!(err.contains("../bob"), "{err}");
    let err = fails(split_args("2", "alice,bob,carol", "no-such-dir"));
    assert!(err.contains("no-such-dir"), "{err}");
    // A share file that exists already is never written over.
    std::fs::write(s.path("shares/bob.txt"), "an old share").unwrap();
    let err = fails(split_args("2", "alice,bob,carol", "shares"));
    assert!(err.contains("bob.txt"), "{err}");
    std::fs::remove_file(s.path("shares/bob.txt")).unwrap();
    // --out over the vault, or in a missing folder.
    let vault = s.vault();
    let err = s.fails(&[
        "share",
        "split",
        "--threshold",
        "2",
        "--to",
        "a,b",
        "--out",
        vault.to_str().unwrap(),
        "--share-dir",
        "shares",
    ]);
    assert!(err.contains("the vault"), "{err}");
    let err = s.fails(&[
        "share",
        "split",
        "--threshold",
        "2",
        "--to",
        "a,b",
        "--out",
        "gone/x.age",
        "--share-dir",
        "shares",
    ]);
    assert!(err.contains("gone"), "{err}");
    // The identity that locks the vault is not written over by combine either.
    let (_, dir) = split(&s, 2, "alice,bob,carol", "ok");
    let identity = s.identity();
    let err = s.fails(&[
        "share",
        "combine",
        &share_file(&dir, "alice"),
        &share_file(&dir, "bob"),
        "--out",
        identity.to_str().unwrap(),
    ]);
    assert!(err.contains("--out"), "{err}");
    let err = s.fails(&[
        "share",
        "combine",
        &share_file(&dir, "alice"),
        &share_file(&dir, "bob"),
        "--out",
        &share_file(&dir, "bob"),
    ]);
    assert!(err.contains("one of the share files"), "{err}");
}

#[test]
fn pdf_pages_hold_the_same_share() {
    let s = sandbox_with_material();
    std::fs::create_dir(s.path("shares")).unwrap();
    s.ok(&[
        "share",
        "split",
        "--threshold",
        "2",
        "--to",
        "alice,bob",
        "--out",
        "usb/shared.age",
        "--share-dir",
        "shares",
        "--pdf",
    ]);
    for holder in ["alice", "bob"] {
        let pdf = s.path(&format!("shares/{holder}.pdf"));
        assert_eq!(mode(&pdf), 0o600);
        let text = std::fs::read_to_string(s.path(&format!("shares/{holder}.txt"))).unwrap();
        // poppler's reading of the page: the frame's lines are on it, and read back as a share.
        let page = tool_ok("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        assert!(page.contains(&field(&text, "recipient")), "{page}");
        assert!(page.contains(&field(&text, "check")), "{page}");
        std::fs::write(s.path(&format!("{holder}-from-pdf.txt")), &page).unwrap();
    }
    let out = s.ok(&["share", "combine", "alice-from-pdf.txt", "bob-from-pdf.txt"]);
    assert!(out.contains("AGE-SECRET-KEY-1"));
}

#[test]
fn combine_never_writes_over_a_file_and_split_refuses_holders_that_add_nothing() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "bitbucket", "--secret", SECRET, "--at", "phone"]);
    std::fs::create_dir(s.path("usb")).unwrap();
    std::fs::create_dir(s.path("shares")).unwrap();
    let backup = s.path("usb/shared.age");
    let b = backup.to_str().unwrap();
    let dir = s.path("shares");
    let d = dir.to_str().unwrap();
    for holders in ["laptop,bob", "usb-safe,bob", "memory,bob", "alice"] {
        let err = s.fails(&[
            "share",
            "split",
            "--threshold",
            "2",
            "--to",
            holders,
            "--out",
            b,
            "--at",
            "usb-safe",
            "--share-dir",
            d,
        ]);
        assert!(err.starts_with("mfa-kit: "), "{holders}: {err}");
    }
    s.ok(&[
        "share",
        "split",
        "--threshold",
        "2",
        "--to",
        "alice,bob,carol",
        "--out",
        b,
        "--at",
        "usb-safe",
        "--share-dir",
        d,
    ]);
    let alice = dir.join("alice.txt");
    let bob = dir.join("bob.txt");
    // --out onto the backup it opens (or any file there) is refused, the file unchanged.
    let err = s.fails(&[
        "share",
        "combine",
        alice.to_str().unwrap(),
        bob.to_str().unwrap(),
        "--out",
        b,
    ]);
    assert!(err.contains("exists already"), "{err}");
}
