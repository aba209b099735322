//! HOTP (RFC 4226) accounts end to end, with `oathtool --hotp -c N` and RFC 4226 appendix D
//! as the oracles: added by secret or URI, codes spent one by one under the vault's lock,
//! never shown by `code` without NAME, verified with a look-ahead window, exported, drawn as
//! a QR code that zbarimg reads back, counted by the audit, and a counter that never moves
//! back when an older backup is restored.

mod common;

use common::*;

/// RFC 4226 appendix D: the secret "12345678901234567890" and its first ten codes.
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_CODES: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

/// A vault with the RFC 4226 secret as the HOTP account "token", its next code that of
/// `counter`, and `extra` options for `add`.
fn vault_with_token(counter: u64, extra: &[&str]) -> Sandbox {
    let s = Sandbox::new();
    s.init_identity();
    let counter = counter.to_string();
    let mut args = vec![
        "add",
        "token",
        "--secret",
        RFC_SECRET,
        "--hotp",
        "--counter",
        &counter,
    ];
    args.extend_from_slice(extra);
    s.ok(&args);
    s
}

/// The vault's document as stock age decrypts it.
fn counter_in_vault(s: &Sandbox, name: &str) -> Option<u64> {
    let plain = s.age_decrypt_vault();
    let doc: toml::Value = toml::from_str(&plain).unwrap();
    let account = doc["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"].as_str() == Some(name))
        .unwrap();
    account
        .get("counter")
        .map(|c| c.as_integer().unwrap() as u64)
}

#[test]
fn codes_follow_the_counter_as_rfc_4226_and_oathtool_say() {
    let s = Sandbox::new();
    s.init_identity();
    let out = s.run_with_stdin(&["add", "token", "--secret", "-", "--hotp"], RFC_SECRET);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("HOTP"), "{}", stderr(&out));
    for (counter, want) in RFC_CODES.iter().enumerate() {
        let out = s.run(&["code", "token"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(stdout(&out).trim(), *want, "counter {counter}");
        assert_eq!(
            stdout(&out).trim(),
            oathtool_hotp(RFC_SECRET, 6, counter as u64)
        );
        assert!(
            stderr(&out).contains(&format!("Counter {counter} used")),
            "{}",
            stderr(&out)
        );
        // Saved before it was shown: stock age sees the next counter.
        assert_eq!(counter_in_vault(&s, "token"), Some(counter as u64 + 1));
    }
    let plain = s.age_decrypt_vault();
    assert!(plain.contains("\nversion = 3\n"), "{plain}");

    // --counter N and 8 digits, SHA256; then a URI with counter=N.
    let secret = base32(b"another twenty bytes");
    s.ok(&[
        "add",
        "long",
        "--secret",
        &secret,
        "--hotp",
        "--counter",
        "1000",
        "--digits",
        "8",
    ]);
    assert_eq!(
        s.ok(&["code", "long"]).trim(),
        oathtool_hotp(&secret, 8, 1000)
    );
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["code", "long", "--json"])).unwrap();
    assert_eq!(json["counter"], 1001);
    assert_eq!(json["code"], oathtool_hotp(&secret, 8, 1001));
    let uri = format!("otpauth://hotp/Bank:alice?secret={secret}&issuer=Bank&counter=41");
    s.ok(&["add", "bank", "--uri", &uri]);
    assert_eq!(
        s.ok(&["code", "bank"]).trim(),
        oathtool_hotp(&secret, 6, 41)
    );
    assert_eq!(counter_in_vault(&s, "bank"), Some(42));

    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    let bank = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "bank")
        .unwrap();
    assert_eq!(bank["type"], "hotp");
    assert_eq!(bank["counter"], 42);
    assert!(bank.get("period").is_none(), "{bank}");
}

#[test]
fn code_without_a_name_never_spends_a_counter() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "github", "--secret", SECRET]);
    s.ok(&[
        "add",
        "token",
        "--secret",
        RFC_SECRET,
        "--hotp",
        "--counter",
        "3",
    ]);
    let vault = std::fs::read(s.vault()).unwrap();
    for args in [&["code"][..], &["code", "--json"][..]] {
        let out = s.run(args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(stdout(&out).contains("github"), "{}", stdout(&out));
        assert!(!stdout(&out).contains("token"), "{}", stdout(&out));
        assert!(!stdout(&out).contains(RFC_CODES[3]), "{}", stdout(&out));
        assert!(
            stderr(&out).contains("\"token\"") && stderr(&out).contains("mfa-kit code NAME"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read(s.vault()).unwrap(),
        vault,
        "nothing was written"
    );
    assert_eq!(s.ok(&["code", "token"]).trim(), RFC_CODES[3]);
}

#[test]
fn verify_looks_ahead_and_moves_the_counter_past_an_accepted_code() {
    let s = vault_with_token(2, &[]);
    // The hardware token was pressed twice for nothing: its code is that of counter 4.
    let ahead = oathtool_hotp(RFC_SECRET, 6, 4);
    let out = s.run(&["verify", "token", &ahead]);
    assert_eq!(code(&out), 1, "a window of 1 sees counters 2 and 3 only");
    let out = s.run(&["verify", "token", &ahead, "--window", "2"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(counter_in_vault(&s, "token"), Some(5));
    // The same code again, or an earlier one, is refused: the counter moved past them.
    let out = s.run(&["verify", "token", &ahead, "--window", "2"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("accepted already"),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&s.run(&["verify", "token", RFC_CODES[3]])), 1);
    // The next one is accepted with no window at all, spaces ignored.
    let next = oathtool_hotp(RFC_SECRET, 6, 5);
    let spaced = format!("{} {}", &next[..3], &next[3..]);
    assert_eq!(
        code(&s.run(&["verify", "token", &spaced, "--window", "0"])),
        0
    );
    assert_eq!(counter_in_vault(&s, "token"), Some(6));
    // An accepted code counts as a verification for the audit.
    let (_, report) = audit_json(&s, &[]);
    assert!(
        !codes(account(&report, "token")).contains(&"totp-unverified".to_string()),
        "{report}"
    );
}

#[test]
fn exports_and_qr_carry_the_counter() {
    let s = vault_with_token(7, &["--issuer", "VPN"]);
    s.ok(&["add", "github", "--secret", SECRET]);
    let otpauth = s.ok(&["export", "--format", "otpauth"]);
    let line = otpauth.lines().find(|l| l.contains("hotp")).unwrap();
    assert!(
        line.starts_with("otpauth://hotp/VPN:token?") && line.ends_with("&counter=7"),
        "{line}"
    );
    assert!(otpauth.contains("otpauth://totp/github?"), "{otpauth}");
    let aegis: serde_json::Value =
        serde_json::from_str(&s.ok(&["export", "--format", "aegis"])).unwrap();
    let entry = aegis["db"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "hotp")
        .unwrap();
    assert_eq!(entry["info"]["counter"], 7);
    assert_eq!(entry["info"]["secret"], RFC_SECRET);

    // Both exports import back into another vault with the same next code.
    for (format, text) in [
        ("otpauth", otpauth.clone()),
        ("aegis", s.ok(&["export", "--format", "aegis"])),
    ] {
        let other = Sandbox::new();
        other.init_identity();
        let out = other.run_with_stdin(&["import", "-", "--from", format], &text);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(
            other.ok(&["code", "VPN:token"]).trim(),
            oathtool_hotp(RFC_SECRET, 6, 7),
            "{format}"
        );
    }

    // The QR code, read by zbarimg, is the hotp URI with the counter.
    let png = s.path("token.png");
    s.ok(&[
        "qr",
        "token",
        "--format",
        "png",
        "--out",
        png.to_str().unwrap(),
    ]);
    let read = tool_ok("zbarimg", &["-q", "--raw", png.to_str().unwrap()]);
    assert_eq!(read.trim(), line);
}

#[test]
fn the_audit_counts_an_hotp_account_like_a_totp_one() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "token", "--secret", RFC_SECRET, "--hotp", "--at", "phone",
    ]);
    let (status, report) = audit_json(&s, &[]);
    assert_eq!(status, 0, "{report}");
    let token = account(&report, "token");
    assert_eq!(token["independent_paths"], 2);
    assert_eq!(needs(token), [vec!["laptop"], vec!["phone"]]);
    let vault_path = token["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "vault")
        .unwrap();
    assert!(
        vault_path["detail"]
            .as_str()
            .unwrap()
            .contains("HOTP secret"),
        "{vault_path}"
    );
}

#[test]
fn a_backup_keeps_counting_as_codes_are_spent_and_restoring_it_never_moves_the_counter_back() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "token", "--secret", RFC_SECRET, "--hotp", "--at", "phone",
    ]);
    let key = s.path("paper-key.txt");
    tool_ok("age-keygen", &["-o", key.to_str().unwrap()]);
    let recipient = tool_ok("age-keygen", &["-y", key.to_str().unwrap()]);
    std::fs::create_dir(s.path("usb")).unwrap();
    let backup = s.path("usb/backup.age");
    s.ok(&[
        "backup",
        "--out",
        backup.to_str().unwrap(),
        "--at",
        "usb-safe",
        "-r",
        recipient.trim(),
        "--key-at",
        "paper-wallet",
    ]);
    // Three codes spent since the backup: the same secret, its counter moved on.
    for want in &RFC_CODES[..3] {
        assert_eq!(s.ok(&["code", "token"]).trim(), *want);
    }
    let (status, report) = audit_json(&s, &["--lose", "phone,laptop"]);
    assert_eq!(status, 0, "the backup still counts: {report}");
    assert!(
        !codes(account(&report, "token")).contains(&"backup-stale".to_string()),
        "{report}"
    );
    let check = s.run(&[
        "restore",
        backup.to_str().unwrap(),
        "-i",
        key.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    let drill = s.run(&[
        "drill",
        "--lose",
        "phone,laptop",
        "-i",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code(&drill), 0, "{}", stdout(&drill));
    // Restoring the older backup, even with --replace, leaves the counter where it is: the
    // codes of counters 0 to 2 were used and must never come out again.
    for replace in [false, true] {
        let mut args = vec![
            "restore",
            backup.to_str().unwrap(),
            "-i",
            key.to_str().unwrap(),
        ];
        if replace {
            args.push("--replace");
        }
        s.ok(&args);
        assert_eq!(counter_in_vault(&s, "token"), Some(3), "replace={replace}");
    }
    assert_eq!(s.ok(&["code", "token"]).trim(), RFC_CODES[3]);
}

#[test]
fn hotp_usage_mistakes_exit_2_and_change_nothing() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "token", "--secret", RFC_SECRET, "--hotp"]);
    let cases: [(&[&str], &str); 6] = [
        (&["code", "token", "--time", "59"], "counter"),
        (&["verify", "token", "755224", "--time", "59"], "counter"),
        (
            &["add", "x", "--secret", SECRET, "--hotp", "--period", "60"],
            "cannot be used with",
        ),
        (
            &["add", "x", "--secret", SECRET, "--counter", "3"],
            "--hotp",
        ),
        (
            &[
                "add",
                "x",
                "--uri",
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1",
            ],
            "counter",
        ),
        // No graphical session: the code is not spent.
        (&["code", "token", "--clip"], "clipboard"),
    ];
    for (args, want) in cases {
        let err = s.fails(args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains(RFC_SECRET), "{err}");
    }
    assert_eq!(s.ok(&["code", "token"]).trim(), RFC_CODES[0]);
}

/// The largest counter a vault holds: its TOML integers are signed 64-bit.
const MAX_COUNTER: u64 = i64::MAX as u64;

/// A Google Authenticator export (`otpauth-migration://`) of one HOTP entry whose counter
/// field (an int64) holds `counter` as the protobuf varint Google writes (-1: all ones).
fn google_hotp_export(counter: i64) -> String {
    fn field(number: u8, bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![(number << 3) | 2, bytes.len() as u8];
        out.extend_from_slice(bytes);
        out
    }
    let mut varint = Vec::new();
    let mut value = counter as u64;
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            varint.push(byte);
            break;
        }
        varint.push(byte | 0x80);
    }
    let mut entry = field(1, b"12345678901234567890");
    entry.extend(field(2, b"token"));
    entry.extend(field(3, b"VPN"));
    // SHA1, 6 digits, HOTP, then the counter.
    entry.extend([4 << 3, 1, 5 << 3, 1, 6 << 3, 1, 7 << 3]);
    entry.extend(varint);
    let mut payload = field(1, &entry);
    payload.extend([2 << 3, 1, 3 << 3, 1, 4 << 3, 0]);
    format!(
        "otpauth-migration://offline?data={}",
        data_encoding::BASE64
            .encode(&payload)
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

#[test]
fn counters_beyond_what_a_vault_holds_are_refused_on_every_input() {
    let s = Sandbox::new();
    s.init_identity();
    let before = s.snapshot();
    let too_big = [u64::MAX.to_string(), (MAX_COUNTER + 1).to_string()];
    for counter in &too_big {
        let err = s.fails(&[
            "add",
            "big",
            "--secret",
            RFC_SECRET,
            "--hotp",
            "--counter",
            counter,
        ]);
        assert!(err.contains("9223372036854775807"), "{err}");
        let uri = format!("otpauth://hotp/big?secret={RFC_SECRET}&counter={counter}");
        let err = s.fails(&["add", "big", "--uri", &uri]);
        assert!(err.contains("9223372036854775807"), "{err}");
        let err = s.fails_with_stdin(&["add", "big", "--uri", "-"], &uri);
        assert!(err.contains("9223372036854775807"), "{err}");
    }
    assert_eq!(before, s.snapshot(), "a refused add changed a file");

    // Imports skip such an entry and say why; the rest of the file is imported.
    let uris = format!(
        "otpauth://hotp/big?secret={RFC_SECRET}&counter={}\notpauth://hotp/fine?secret={RFC_SECRET}&counter=7\n",
        u64::MAX
    );
    let out = s.run_with_stdin(&["import", "-", "--from", "otpauth"], &uris);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("9223372036854775807"),
        "{}",
        stderr(&out)
    );
    let aegis = format!(
        r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"version":2,"entries":[
            {{"type":"hotp","name":"huge","issuer":"VPN","info":{{"secret":"{RFC_SECRET}","algo":"SHA1","digits":6,"counter":{}}}}}]}}}}"#,
        u64::MAX
    );
    let out = s.run_with_stdin(&["import", "-", "--from", "aegis"], &aegis);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("9223372036854775807"),
        "{}",
        stderr(&out)
    );
    let out = s.run_with_stdin(
        &["import", "-", "--from", "google"],
        &google_hotp_export(-1),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("negative"), "{}", stderr(&out));
    assert_eq!(s.ok(&["list"]), "fine\n");
    // A Google counter in range is taken as it is.
    let out = s.run_with_stdin(
        &["import", "-", "--from", "google"],
        &google_hotp_export(41),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(counter_in_vault(&s, "VPN:token"), Some(41));
    // What was written reads back with a TOML reader (whose integers are i64).
    assert_eq!(counter_in_vault(&s, "fine"), Some(7));
}

#[test]
fn the_last_counter_a_vault_holds_gives_its_code_once_and_then_nothing() {
    // Its next code is that of the last counter before the end.
    let s = vault_with_token(MAX_COUNTER - 1, &[]);
    let last = oathtool_hotp(RFC_SECRET, 6, MAX_COUNTER - 1);
    assert_eq!(s.run(&["verify", "token", &last]).status.code(), Some(0));
    assert_eq!(counter_in_vault(&s, "token"), Some(MAX_COUNTER));
    // Never the same code twice, and nothing beyond: the counter cannot move further.
    let again = s.run(&["verify", "token", &last]);
    assert_eq!(code(&again), 1, "{}", stdout(&again));
    let beyond = oathtool_hotp(RFC_SECRET, 6, MAX_COUNTER);
    assert_eq!(code(&s.run(&["verify", "token", &beyond])), 1);
    assert_eq!(counter_in_vault(&s, "token"), Some(MAX_COUNTER));
    let err = s.fails(&["code", "token"]);
    assert!(err.contains("reached its end"), "{err}");
    assert_eq!(counter_in_vault(&s, "token"), Some(MAX_COUNTER));

    // `code` spends the last one once, too.
    let s = vault_with_token(MAX_COUNTER - 1, &[]);
    assert_eq!(s.ok(&["code", "token"]).trim(), last);
    let err = s.fails(&["code", "token"]);
    assert!(err.contains("reached its end"), "{err}");
    assert_eq!(code(&s.run(&["verify", "token", &last])), 1);
}
