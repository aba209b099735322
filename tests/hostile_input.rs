//! Hostile input, through the binary: text in imported files, URIs and QR codes that would act
//! on a terminal; import files built to exhaust memory; byte-order marks and prose headers;
//! repeated URI parameters, short secrets and long periods; images built to keep the QR
//! decoder busy; images with several QR codes. Each bad input is exit 2 with one error line
//! and every file unchanged (`Sandbox::fails`), or a clean import that reports what it
//! skipped. Independent oracles: oathtool for codes, qrencode for QR images.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::*;

/// A character that acts on a terminal or disguises a line.
fn is_unsafe(c: char) -> bool {
    mfa_kit::core::text::is_unsafe(c)
}

fn assert_inert(what: &str, text: &str) {
    assert!(
        !text.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t'),
        "{what} has an unsafe character: {text:?}"
    );
}

fn write(s: &Sandbox, name: &str, text: &str) -> PathBuf {
    let path = s.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// An `otpauth-migration://` URI: (secret, name, issuer) entries, TOTP, SHA1, 6 digits.
fn migration_uri(entries: &[(&[u8], &str, &str)]) -> String {
    fn field(number: u8, bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![(number << 3) | 2, bytes.len() as u8];
        out.extend_from_slice(bytes);
        out
    }
    let mut payload = Vec::new();
    for (secret, name, issuer) in entries {
        let mut p = field(1, secret);
        p.extend(field(2, name.as_bytes()));
        p.extend(field(3, issuer.as_bytes()));
        p.extend([4 << 3, 1, 5 << 3, 1, 6 << 3, 2]);
        payload.extend(field(1, &p));
    }
    let data = data_encoding::BASE64.encode(&payload);
    format!(
        "otpauth-migration://offline?data={}",
        data.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

/// Escapes, a title change, a fake second line, bidi override and zero-width characters.
const NASTY_ISSUER: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}Evil\u{202E}Corp\u{200B}";
const NASTY_NAME: &str = "alice\nbank\tFAKE\r\u{1b}[31mred\u{9b}2J";

#[test]
fn imported_text_is_kept_inert_in_every_format() {
    let s = Sandbox::new();
    s.init_identity();
    let json = |t: &str| serde_json::to_string(t).unwrap();
    let aegis = write(
        &s,
        "aegis.json",
        &format!(
            r#"{{"db":{{"entries":[{{"type":"totp","name":{},"issuer":{},"info":{{"secret":"{SECRET}"}}}},
            {{"type":{},"name":"x","issuer":"y","info":{{"secret":"{SECRET}"}}}}]}}}}"#,
            json(NASTY_NAME),
            json(NASTY_ISSUER),
            json("\u{1b}[2Jsteam\u{202E}")
        ),
    );
    let twofas = write(
        &s,
        "b.2fas",
        &format!(
            r#"{{"services":[{{"name":{},"secret":"GEZDGNBVGY3TQOJQ","otp":{{"account":{}}}}}]}}"#,
            json("Two\u{1b}[1AFAS"),
            json("bob\u{2028}x")
        ),
    );
    let uris = write(
        &s,
        "uris.txt",
        "otpauth://totp/Mail%1B%5B2J:erin%0Aroot?secret=JBSWY3DPEHPK3PXP&issuer=Mail%E2%80%AE%1B%5D0%3Bt%07\n\
         otpauth://totp/%1B%5B2J?secret=JBSWY3DPEHPK3PXP&digits=%1B%5B2J\n",
    );
    let google = write(
        &s,
        "google.txt",
        &migration_uri(&[(b"12345678901234567890", "G\u{1b}[2J:gina\n", "G\u{1b}[2J")]),
    );
    for (file, format) in [
        (&aegis, "aegis"),
        (&twofas, "2fas"),
        (&uris, "otpauth"),
        (&google, "google"),
    ] {
        let out = s.run(&["import", p(file), "--from", format]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert_inert(&format!("the {format} import report"), &stderr(&out));
    }
    // The aegis entry with an escape in its type is skipped, the type shown escaped.
    let out = s.run(&["import", p(&aegis), "--from", "aegis"]);
    assert!(
        stderr(&out).contains("\\u{001B}[2Jsteam"),
        "{}",
        stderr(&out)
    );

    let listed = s.ok(&["list"]);
    assert_inert("list", &listed);
    assert_eq!(listed.lines().count(), 4, "one line an account: {listed}");
    for line in listed.lines() {
        assert!(line.matches('\t').count() <= 1, "{line:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    for account in json.as_array().unwrap() {
        for key in ["name", "issuer", "label"] {
            if let Some(text) = account[key].as_str() {
                assert!(!text.chars().any(is_unsafe), "{key}: {text:?}");
            }
        }
    }
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"[2J]0;pwnedEvilCorp:alice bank FAKE [31mred2J"),
        "{names:?}"
    );
    assert!(names.contains(&"Mail]0;t:erin root"), "{names:?}");
    assert!(names.contains(&"Two[1AFAS:bob x"), "{names:?}");
    // The cleaned accounts still make the right codes.
    assert_eq!(
        s.ok(&["code", "Mail]0;t:erin root", "--time", "59"]).trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, 59)
    );
    assert_eq!(
        s.ok(&["code", "G[2J:gina", "--time", "59"]).trim(),
        oathtool_totp(&base32(b"12345678901234567890"), "SHA1", 6, 30, 59)
    );
}

#[test]
fn add_keeps_uri_and_qr_text_inert_and_refuses_typed_escapes() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add",
        "u",
        "--uri",
        "otpauth://totp/Bad%1B%5B2J:eve%E2%80%8F?secret=JBSWY3DPEHPK3PXP&issuer=Bad%1B%5D0%3Btitle%07",
    ]);
    let png = s.path("enrol.png");
    tool_ok(
        "qrencode",
        &[
            "-o",
            p(&png),
            "otpauth://totp/Q%0A%1B%5B1A:mallory?secret=JBSWY3DPEHPK3PXP&issuer=Q%E2%80%AEx",
        ],
    );
    s.ok(&["add", "q", "--qr-image", p(&png)]);
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    let shown: Vec<(String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["issuer"].as_str().unwrap().to_string(),
                a["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Qx".to_string(), "mallory".to_string()),
            ("Bad]0;title".to_string(), "eve".to_string())
        ]
    );

    // What the user typed is refused, not cleaned: exit 2, a line naming the fix.
    for (args, want) in [
        (
            vec!["add", "a\u{1b}[2Jb", "--secret", SECRET],
            "the account name has a control character",
        ),
        (
            vec!["add", "pay\u{200B}pal", "--secret", SECRET],
            "the account name has an invisible",
        ),
        (
            vec!["add", "x", "--secret", SECRET, "--issuer", "Git\u{202E}buH"],
            "the issuer has an invisible or direction-changing character",
        ),
        (
            vec!["add", "x", "--secret", SECRET, "--issuer", "a\nb"],
            "the issuer has a control character",
        ),
    ] {
        let err = s.fails(&args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(err.contains("plain characters"), "{err}");
        assert_inert("the error", &err);
    }
}

/// An Aegis export of `entries` accounts, each with an icon of `icon_bytes` of base64.
fn aegis_export(entries: usize, icon_bytes: usize) -> String {
    let icon = "A".repeat(icon_bytes);
    let mut out = String::from(
        r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":["#,
    );
    for i in 0..entries {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"type":"totp","uuid":"{i}","name":"user{i}","issuer":"Svc","note":"","icon":"{icon}","icon_mime":"image/png","info":{{"secret":"{SECRET}","algo":"SHA1","digits":6,"period":30}}}}"#
        ));
    }
    out.push_str("]}}");
    out
}

#[test]
fn huge_imports_are_refused_cleanly() {
    let s = Sandbox::new();
    s.init_identity();
    // 50,000 entries: refused while reading, naming the limit.
    let many = write(&s, "many.json", &aegis_export(50_000, 0));
    let err = s.fails(&["import", p(&many), "--from", "aegis"]);
    assert!(err.contains("more than 10000 entries"), "{err}");
    assert!(
        err.contains("import it in parts") && !err.contains("not a"),
        "{err}"
    );
    let services: Vec<String> = (0..10_001)
        .map(|i| format!(r#"{{"name":"S{i}","secret":"{SECRET}"}}"#))
        .collect();
    let many_2fas = write(
        &s,
        "many.2fas",
        &format!(r#"{{"services":[{}]}}"#, services.join(",")),
    );
    let err = s.fails(&["import", p(&many_2fas), "--from", "2fas"]);
    assert!(err.contains("more than 10000 entries"), "{err}");

    // Over 64 MiB: refused before parsing, naming the bound; from a file or standard input.
    let big = s.path("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let err = s.fails(&["import", p(&big), "--from", "aegis"]);
    assert!(err.contains("larger than 64 MiB"), "{err}");
    let before = s.snapshot();
    let mut child = s
        .cmd(&["import", "-", "--from", "otpauth"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b'#'; 1 << 20];
        for _ in 0..70 {
            if stdin.write_all(&chunk).is_err() {
                break; // mfa-kit stopped reading: that is the point
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("larger than 64 MiB"),
        "{}",
        stderr(&out)
    );
    assert_one_error_line(&stderr(&out));
    assert_eq!(before, s.snapshot());
}

#[test]
fn an_export_with_big_icons_imports() {
    // 300 accounts with 100 KB icons each: 30 MB, under the bound; the icons are skipped.
    let s = Sandbox::new();
    s.init_identity();
    let file = write(&s, "icons.json", &aegis_export(300, 100_000));
    let out = s.run(&["import", p(&file), "--from", "aegis"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 300 account(s)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.ok(&["list"]).lines().count(), 300);
    assert_eq!(
        s.ok(&["code", "Svc:user299", "--time", "59"]).trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, 59)
    );
}

#[test]
fn byte_order_marks_are_accepted_everywhere() {
    let s = Sandbox::new();
    s.init_identity();
    let bom = "\u{FEFF}";
    let files = [
        (
            "otpauth",
            format!("{bom}otpauth://totp/A:one?secret={SECRET}\n"),
            "A:one",
        ),
        (
            "aegis",
            format!(
                r#"{bom}{{"db":{{"entries":[{{"type":"totp","name":"two","issuer":"B","info":{{"secret":"{SECRET}"}}}}]}}}}"#
            ),
            "B:two",
        ),
        (
            "2fas",
            format!(
                r#"{bom}{{"services":[{{"name":"C","secret":"{SECRET}","otp":{{"account":"three"}}}}]}}"#
            ),
            "C:three",
        ),
        (
            "google",
            format!("{bom}{}\n", migration_uri(&[(b"1234567890", "four", "D")])),
            "D:four",
        ),
    ];
    for (format, text, name) in files {
        let file = write(&s, &format!("bom-{format}"), &text);
        let out = s.run(&["import", p(&file), "--from", format]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert_eq!(
            s.ok(&["code", name, "--time", "59"]).trim(),
            oathtool_totp(
                if format == "google" {
                    "GEZDGNBVGY3TQOJQ"
                } else {
                    SECRET
                },
                "SHA1",
                6,
                30,
                59
            ),
            "{format}"
        );
    }
    // Standard input too.
    let out = s.run_with_stdin(
        &["import", "-", "--from", "otpauth"],
        &format!("{bom}otpauth://totp/E:five?secret={SECRET}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(s.ok(&["list"]).contains("E:five"));
}

#[test]
fn recovery_codes_with_a_bom_and_a_header_are_read() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "gh", "--secret", SECRET]);
    let saved = "\u{FEFF}GitHub recovery codes\n\
                 Keep these in a safe place.\n\
                 \n\
                 4f2a9-91cd0\n\
                 7be03-33a1f\n";
    let out = s.run_with_stdin(&["codes", "add", "gh"], saved);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(shown_codes(&s, "gh"), ["4f2a9-91cd0", "7be03-33a1f"]);
    // What may be (part of) a code is refused, not taken for codes nor skipped as words.
    for garbage in [
        "4f2a9-91cd0\nab/cd12\n",
        "4f2a9-91cd0\nsee 12345\n",
        "4f2a9-91cd0\nsee https://github.com/settings 7be03-33a1f\n",
    ] {
        let err = s.fails_with_stdin(&["codes", "add", "gh"], garbage);
        assert!(err.contains("line 2"), "{err}");
    }
    // A note of words (an address, a year) is skipped, and said to be.
    let out = s.run_with_stdin(
        &["codes", "add", "gh"],
        "4f2a9-91cd0\nsee https://github.com/settings 2024\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Skipped line 2 as words"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn repeated_parameters_short_secrets_and_long_periods_are_refused() {
    let s = Sandbox::new();
    s.init_identity();
    let base = format!("otpauth://totp/X:x?secret={SECRET}");
    for (extra, name) in [
        ("&secret=GEZDGNBVGY3TQOJQ", "secret"),
        ("&digits=6&digits=8", "digits"),
        ("&period=30&period=60", "period"),
        ("&issuer=X&issuer=Y", "issuer"),
        ("&algorithm=SHA1&algorithm=SHA256", "algorithm"),
    ] {
        let uri = format!("{base}{extra}");
        let err = s.fails(&["add", "x", "--uri", &uri]);
        assert!(err.contains(&format!("{name}= more than once")), "{err}");
        assert!(!err.contains(SECRET) && !err.contains("GEZDGNBV"), "{err}");
    }
    // 72 bits: refused in add, naming the minimum; 80 bits are fine.
    let short = "GEZDGNBVGY3TQOI";
    let err = s.fails(&["add", "x", "--secret", short]);
    assert!(err.contains("minimum of 80 bits"), "{err}");
    assert!(!err.contains(short), "{err}");
    let err = s.fails(&[
        "add",
        "x",
        "--uri",
        &format!("otpauth://totp/x?secret={short}"),
    ]);
    assert!(err.contains("80 bits"), "{err}");
    // A day is the longest period.
    let err = s.fails(&["add", "x", "--secret", SECRET, "--period", "86401"]);
    assert!(err.contains("longer than a day"), "{err}");
    let err = s.fails(&["add", "x", "--uri", &format!("{base}&period=1000000")]);
    assert!(err.contains("longer than a day"), "{err}");
    s.ok(&["add", "daily", "--secret", SECRET, "--period", "86400"]);

    // Every import format skips them and says why.
    let uris = write(
        &s,
        "uris.txt",
        &format!(
            "otpauth://totp/A:a?secret={short}\n{base}&period=86401\n{base}&digits=6&digits=7\n"
        ),
    );
    let aegis = write(
        &s,
        "a.json",
        &format!(
            r#"{{"db":{{"entries":[{{"type":"totp","name":"a","issuer":"B","info":{{"secret":"{short}"}}}},{{"type":"totp","name":"b","issuer":"B","info":{{"secret":"{SECRET}","period":90000}}}}]}}}}"#
        ),
    );
    let twofas = write(
        &s,
        "b.2fas",
        &format!(r#"{{"services":[{{"name":"C","secret":"{short}"}}]}}"#),
    );
    let google = write(&s, "g.txt", &migration_uri(&[(b"123456789", "d", "D")]));
    for (file, format, skips) in [
        (&uris, "otpauth", 3),
        (&aegis, "aegis", 2),
        (&twofas, "2fas", 1),
        (&google, "google", 1),
    ] {
        let out = s.run(&["import", p(file), "--from", format]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        let report = stderr(&out);
        assert!(
            report.contains(&format!(
                "Imported 0 account(s) from {}; skipped {skips}.",
                p(file)
            )),
            "{format}: {report}"
        );
        assert!(report.contains("80 bits"), "{format}: {report}");
        assert!(!report.contains(short), "{format}: {report}");
    }
    assert_eq!(s.ok(&["list"]).trim(), "daily");
}

#[test]
fn stored_accounts_beyond_the_input_bounds_still_open() {
    // A vault written before the input bounds (a 64-bit secret, a two-day period) still
    // opens and still makes the codes oathtool makes.
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "old", "--secret", SECRET]);
    let plain = s.age_decrypt_vault();
    let short = base32(b"12345678"); // 64 bits
    let short = short.as_str();
    assert!(
        plain.contains(SECRET) && plain.contains("period = 30"),
        "{plain}"
    );
    let edited = plain
        .replace(SECRET, short)
        .replace("period = 30", "period = 172800");
    let file = s.path("edited.toml");
    std::fs::write(&file, edited).unwrap();
    let recipient = tool_ok("age-keygen", &["-y", p(&s.identity())]);
    tool_ok(
        "age",
        &["-r", recipient.trim(), "-o", p(&s.vault()), p(&file)],
    );
    std::fs::remove_file(&file).unwrap();
    for t in [59u64, 1_111_111_109] {
        assert_eq!(
            s.ok(&["code", "old", "--time", &t.to_string()]).trim(),
            oathtool_totp(short, "SHA1", 6, 172_800, t)
        );
    }
    assert!(s.ok(&["list"]).contains("old"));
}

/// A PNG of `side` by `side` pixels tiled with QR finder patterns of `module` pixels.
fn tiled_finders(path: &Path, side: u32, module: u32, gap: u32) {
    let pitch = 7 * module + gap;
    let image = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x % pitch) / module, (y % pitch) / module);
        let dark = mx < 7 && my < 7 && mx.abs_diff(3).max(my.abs_diff(3)) != 2;
        image::Luma([if dark { 0 } else { 255 }])
    });
    image.save(path).unwrap();
}

#[test]
fn crafted_finder_pattern_images_are_refused_quickly() {
    let s = Sandbox::new();
    s.init_identity();
    for (side, module, gap) in [(1000, 1, 1), (1000, 2, 2), (1000, 4, 3), (300, 1, 1)] {
        let png = s.path(&format!("tiles-{side}-{module}-{gap}.png"));
        tiled_finders(&png, side, module, gap);
        let err = s.fails(&["add", "x", "--qr-image", p(&png)]);
        assert!(
            err.contains("shapes like a QR code's corner squares"),
            "{err}"
        );
        let err = s.fails(&["import", "--from", "google", "--qr-image", p(&png)]);
        assert!(err.contains("corner squares"), "{err}");
    }
}

/// A light canvas of `width` by `height` with each QR image pasted at its place.
fn screenshot(path: &Path, width: u32, height: u32, codes: &[(&Path, u32, i64, i64)]) {
    let mut canvas = image::GrayImage::from_pixel(width, height, image::Luma([236]));
    // Some dark text-like marks, as a screen has.
    for row in 0..40 {
        for column in 0..60 {
            if (row * 7 + column * 3) % 5 < 3 {
                for y in 0..12 {
                    for x in 0..7 {
                        let (px, py) = (40 + column * 15 + x, 60 + row * 30 + y);
                        if px < width && py < height && (x + y) % 4 < 2 {
                            canvas.put_pixel(px, py, image::Luma([30]));
                        }
                    }
                }
            }
        }
    }
    for (code, scale, x, y) in codes {
        let qr = image::open(code).unwrap().to_luma8();
        let qr = image::imageops::resize(
            &qr,
            qr.width() * scale,
            qr.height() * scale,
            image::imageops::FilterType::Nearest,
        );
        image::imageops::replace(&mut canvas, &qr, *x, *y);
    }
    canvas.save(path).unwrap();
}

#[test]
fn phone_screenshots_and_large_photos_still_decode() {
    let s = Sandbox::new();
    s.init_identity();
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let code = s.path("code.png");
    tool_ok(
        "qrencode",
        &[
            "-s",
            "1",
            "-o",
            p(&code),
            &format!("otpauth://totp/Shop:eve?secret={secret}&issuer=Shop"),
        ],
    );
    let phone = s.path("phone.png");
    screenshot(&phone, 1170, 2532, &[(&code, 18, 200, 1200)]);
    s.ok(&["add", "phone", "--qr-image", p(&phone)]);
    // 4000x3000 (12 megapixels): searched shrunk, still read.
    let photo = s.path("photo.jpg");
    screenshot(&photo, 4000, 3000, &[(&code, 24, 1500, 1200)]);
    s.ok(&["add", "photo", "--qr-image", p(&photo)]);
    for name in ["phone", "photo"] {
        assert_eq!(
            s.ok(&["code", name, "--time", "1111111109"]).trim(),
            oathtool_totp(secret, "SHA1", 6, 30, 1_111_111_109),
            "{name}"
        );
    }
}

#[test]
fn two_different_codes_in_one_image_are_refused() {
    let s = Sandbox::new();
    s.init_identity();
    let one = s.path("one.png");
    let two = s.path("two.png");
    tool_ok(
        "qrencode",
        &[
            "-s",
            "1",
            "-o",
            p(&one),
            &format!("otpauth://totp/A:a?secret={SECRET}"),
        ],
    );
    tool_ok(
        "qrencode",
        &[
            "-s",
            "1",
            "-o",
            p(&two),
            "otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ",
        ],
    );
    let both = s.path("both.png");
    screenshot(
        &both,
        1170,
        1400,
        &[(&one, 8, 100, 200), (&two, 8, 650, 800)],
    );
    let err = s.fails(&["add", "x", "--qr-image", p(&both)]);
    assert!(err.contains("2 different otpauth QR codes"), "{err}");
    assert!(!err.contains(SECRET), "{err}");
    // The same code twice is one code.
    let twice = s.path("twice.png");
    screenshot(
        &twice,
        1170,
        1400,
        &[(&one, 8, 100, 200), (&one, 8, 650, 800)],
    );
    s.ok(&["add", "x", "--qr-image", p(&twice)]);
    assert_eq!(
        s.ok(&["code", "x", "--time", "59"]).trim(),
        oathtool_totp(SECRET, "SHA1", 6, 30, 59)
    );
}
