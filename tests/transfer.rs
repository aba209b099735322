//! QR codes and moving between authenticators, with zbarimg and qrencode as the oracles for
//! QR codes and oathtool for the codes of every imported account. Fixtures are written here
//! from the formats' documentation.

mod common;

use std::path::Path;

use common::*;

fn zbarimg(path: &Path) -> String {
    tool_ok("zbarimg", &["-q", "--raw", path.to_str().unwrap()])
        .trim()
        .to_string()
}

fn save_png(bitmap: &[Vec<bool>], scale: u32, path: &Path) {
    let side = bitmap.len() as u32;
    let image = image::GrayImage::from_fn(side * scale, side * scale, |x, y| {
        image::Luma([if bitmap[(y / scale) as usize][(x / scale) as usize] {
            0
        } else {
            255
        }])
    });
    image.save(path).unwrap();
}

/// Reads the half-block drawing back into modules (dark = the foreground colour).
fn ansi_to_bitmap(text: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let body = line.split_once('m').unwrap().1;
        let body = body.strip_suffix("\u{1b}[0m").unwrap();
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in body.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected {other:?}"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    let side = rows[0].len();
    rows.truncate(side);
    rows
}

/// Reads the SVG path back into modules.
fn svg_to_bitmap(svg: &str) -> Vec<Vec<bool>> {
    let side: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut bitmap = vec![vec![false; side]; side];
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let width: usize = rest.split('v').next().unwrap().parse().unwrap();
        for cell in &mut bitmap[y][x..x + width] {
            *cell = true;
        }
    }
    bitmap
}

const URI: &str = "otpauth://totp/ACME%20Co:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

#[test]
fn qr_codes_read_back_with_zbarimg_in_every_format() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "acme", "--uri", URI]);

    let png = s.path("acme.png");
    s.ok(&[
        "qr",
        "acme",
        "--format",
        "png",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert_eq!(zbarimg(&png), URI);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&png).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let ansi = s.ok(&["qr", "acme"]);
    let from_ansi = s.path("from-ansi.png");
    save_png(&ansi_to_bitmap(&ansi), 8, &from_ansi);
    assert_eq!(zbarimg(&from_ansi), URI);
    let inverted = s.ok(&["qr", "acme", "--invert"]);
    assert!(ansi.contains("\u{1b}[30;107m") && inverted.contains("\u{1b}[97;40m"));

    let svg = s.ok(&["qr", "acme", "--format", "svg"]);
    let from_svg = s.path("from-svg.png");
    save_png(&svg_to_bitmap(&svg), 8, &from_svg);
    assert_eq!(zbarimg(&from_svg), URI);

    // Standard output that is not a terminal may take a PNG.
    let out = s.run(&["qr", "acme", "--format", "png"]);
    assert!(out.stdout.starts_with(b"\x89PNG"));
    s.fails(&["qr", "nobody"]);
}

#[test]
fn add_from_a_qr_screenshot_png_or_jpeg() {
    let s = Sandbox::new();
    s.init_identity();
    let png = s.path("enrol.png");
    tool_ok(
        "qrencode",
        &[
            "-o",
            png.to_str().unwrap(),
            "otpauth://totp/Shop:eve?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Shop&digits=8",
        ],
    );
    s.ok(&["add", "shop", "--qr-image", png.to_str().unwrap()]);
    assert_eq!(
        s.ok(&["code", "shop", "--time", "1111111109"]).trim(),
        oathtool_totp(
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "SHA1",
            8,
            30,
            1111111109
        )
    );
    let jpeg = s.path("photo.jpg");
    let decoded = image::open(&png).unwrap();
    let bigger = decoded.resize(
        decoded.width() * 3,
        decoded.height() * 3,
        image::imageops::FilterType::Nearest,
    );
    bigger
        .to_rgb8()
        .save_with_format(&jpeg, image::ImageFormat::Jpeg)
        .unwrap();
    s.ok(&["add", "shop-jpeg", "--qr-image", jpeg.to_str().unwrap()]);
    assert_eq!(
        s.ok(&["code", "shop-jpeg", "--time", "59"]),
        s.ok(&["code", "shop", "--time", "59"])
    );

    let text = s.path("not-a-qr.png");
    tool_ok("qrencode", &["-o", text.to_str().unwrap(), "hello world"]);
    let err = s.fails(&["add", "x", "--qr-image", text.to_str().unwrap()]);
    assert!(err.contains("not an otpauth URI"), "{err}");
    let notes = s.path("notes.txt");
    std::fs::write(&notes, "text").unwrap();
    s.fails(&["add", "x", "--qr-image", notes.to_str().unwrap()]);
}

/// secret, name, issuer, algorithm, digits and type, as the migration protobuf numbers them.
type MigrationEntry<'a> = (&'a [u8], &'a str, &'a str, u8, u8, u8);

fn migration_uri(entries: &[MigrationEntry]) -> String {
    migration_uri_of_batch(entries, 1, 0, 0)
}

/// One QR code of an export of `size` (index from 0; `id` tells the export's codes apart).
fn migration_uri_of_batch(entries: &[MigrationEntry], size: u8, index: u8, id: u8) -> String {
    fn field(number: u8, bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![(number << 3) | 2, bytes.len() as u8];
        out.extend_from_slice(bytes);
        out
    }
    let mut payload = Vec::new();
    for (secret, name, issuer, algorithm, digits, kind) in entries {
        let mut p = field(1, secret);
        p.extend(field(2, name.as_bytes()));
        p.extend(field(3, issuer.as_bytes()));
        p.extend([4 << 3, *algorithm, 5 << 3, *digits, 6 << 3, *kind]);
        payload.extend(field(1, &p));
    }
    payload.extend([2 << 3, 1, 3 << 3, size, 4 << 3, index, 5 << 3, id]);
    let data = data_encoding::BASE64.encode(&payload);
    format!(
        "otpauth-migration://offline?data={}",
        data.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

#[test]
fn import_google_from_uri_and_from_qr() {
    let s = Sandbox::new();
    s.init_identity();
    let uri = migration_uri(&[
        (
            b"12345678901234567890",
            "Google:alice@gmail.com",
            "Google",
            1,
            1,
            2,
        ),
        (
            b"12345678901234567890123456789012",
            "bob",
            "Example",
            2,
            2,
            2,
        ),
        (b"counter-based-key", "hotp-one", "Old", 1, 1, 1),
    ]);
    let file = s.path("google.txt");
    std::fs::write(&file, format!("{uri}\n")).unwrap();
    let out = s.run(&["import", file.to_str().unwrap(), "--from", "google"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("added    Old:hotp-one  (HOTP, next counter 0)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        s.ok(&["code", "Google:alice@gmail.com", "--time", "59"])
            .trim(),
        oathtool_totp(&base32(b"12345678901234567890"), "SHA1", 6, 30, 59)
    );
    assert_eq!(
        s.ok(&["code", "Example:bob", "--time", "59"]).trim(),
        oathtool_totp(
            &base32(b"12345678901234567890123456789012"),
            "SHA256",
            8,
            30,
            59
        )
    );
    // The HOTP entry came in with its counter (none given: 0), and its first code spends it.
    assert_eq!(
        s.ok(&["code", "Old:hotp-one"]).trim(),
        oathtool_hotp(&base32(b"counter-based-key"), 6, 0)
    );

    let other = Sandbox::new();
    other.init_identity();
    let qr = other.path("export.png");
    tool_ok("qrencode", &["-o", qr.to_str().unwrap(), &uri]);
    let out = other.run(&[
        "import",
        "--from",
        "google",
        "--qr-image",
        qr.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(other.ok(&["list"]), s.ok(&["list"]));
}

#[test]
fn import_aegis_2fas_and_otpauth_lists() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "GitHub:alice", "--secret", "GEZDGNBVGY3TQOJQ"]);
    let aegis = s.path("aegis.json");
    std::fs::write(&aegis, r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
        {"type":"totp","uuid":"a","name":"alice","issuer":"GitHub","note":"","icon":null,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}},
        {"type":"totp","uuid":"b","name":"carol","issuer":"Cloud","note":"","icon":null,"info":{"secret":"jbsw y3dp ehpk 3pxp","algo":"SHA512","digits":8,"period":60}},
        {"type":"steam","uuid":"c","name":"gamer","issuer":"Steam","note":"","icon":null,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":5,"period":30}},
        {"type":"hotp","uuid":"d","name":"counter","issuer":"Bank","note":"","icon":null,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"counter":3}}]}}"#).unwrap();
    let vault_before = std::fs::read(s.vault()).unwrap();
    let out = s.run(&["import", aegis.to_str().unwrap(), "--from", "aegis"]);
    assert_eq!(code(&out), 0);
    let report = stderr(&out);
    assert!(
        report.contains("\"GitHub:alice\": an account of that name exists"),
        "{report}"
    );
    assert!(
        report.contains("steam accounts are not supported"),
        "{report}"
    );
    assert!(
        report.contains("added    Bank:counter  (HOTP, next counter 3)"),
        "{report}"
    );
    assert_eq!(
        s.ok(&["code", "Bank:counter"]).trim(),
        oathtool_hotp(SECRET, 6, 3)
    );
    assert_ne!(std::fs::read(s.vault()).unwrap(), vault_before);
    // The existing account was not overwritten.
    assert_eq!(
        s.ok(&["code", "GitHub:alice", "--time", "59"]).trim(),
        oathtool_totp("GEZDGNBVGY3TQOJQ", "SHA1", 6, 30, 59)
    );
    assert_eq!(
        s.ok(&["code", "Cloud:carol", "--time", "59"]).trim(),
        oathtool_totp(SECRET, "SHA512", 8, 60, 59)
    );

    let twofas = s.path("backup.2fas");
    std::fs::write(&twofas, r#"{"services":[{"name":"GitLab","secret":"JBSWY3DPEHPK3PXP","updatedAt":1,"otp":{"label":"GitLab:dave","account":"dave","issuer":"GitLab","digits":7,"period":30,"algorithm":"SHA256","tokenType":"TOTP","source":"Link"},"order":{"position":0}}],"groups":[],"updatedAt":1,"schemaVersion":4,"appVersionCode":5000000}"#).unwrap();
    s.ok(&["import", twofas.to_str().unwrap(), "--from", "2fas"]);
    assert_eq!(
        s.ok(&["code", "GitLab:dave", "--time", "59"]).trim(),
        oathtool_totp(SECRET, "SHA256", 7, 30, 59)
    );

    let out = s.run_with_stdin(
        &["import", "-", "--from", "otpauth"],
        "# from my notes\n\notpauth://totp/Mail:erin?secret=JBSWY3DPEHPK3PXP&issuer=Mail\notpauth://hotp/Bank?secret=JBSWY3DPEHPK3PXP&counter=2\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(s.ok(&["list"]).contains("Mail:erin"));
    assert_eq!(s.ok(&["code", "Bank"]).trim(), oathtool_hotp(SECRET, 6, 2));
}

#[test]
fn bad_import_files_exit_2_and_change_nothing() {
    let s = Sandbox::new();
    s.init_identity();
    let write = |name: &str, text: &str| {
        let path = s.path(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let enc_aegis = write(
        "enc-aegis.json",
        r#"{"version":1,"header":{"slots":[{"type":1}],"params":{"nonce":"00"}},"db":"c2VjcmV0"}"#,
    );
    let enc_2fas = write(
        "enc.2fas",
        r#"{"services":[],"servicesEncrypted":"abc:def:ghi","schemaVersion":4}"#,
    );
    let notes = write("notes.txt", "some notes\n");
    let binary = s.path("binary.bin");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x01]).unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["import", enc_aegis.to_str().unwrap(), "--from", "aegis"],
            "encrypted",
        ),
        (
            vec!["import", enc_2fas.to_str().unwrap(), "--from", "2fas"],
            "encrypted",
        ),
        (
            vec!["import", notes.to_str().unwrap(), "--from", "aegis"],
            "not an Aegis export",
        ),
        (
            vec!["import", notes.to_str().unwrap(), "--from", "otpauth"],
            "no otpauth",
        ),
        (
            vec!["import", notes.to_str().unwrap(), "--from", "google"],
            "otpauth-migration",
        ),
        (
            vec!["import", enc_2fas.to_str().unwrap(), "--from", "aegis"],
            "not an Aegis export",
        ),
        (
            vec!["import", binary.to_str().unwrap(), "--from", "otpauth"],
            "not text",
        ),
        (
            vec!["import", "/nonexistent", "--from", "otpauth"],
            "does not exist",
        ),
        (
            vec![
                "import",
                notes.to_str().unwrap(),
                "--from",
                "aegis",
                "--qr-image",
                notes.to_str().unwrap(),
            ],
            "--from google",
        ),
    ];
    for (args, want) in cases {
        let err = s.fails(&args);
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn exports_import_back_with_the_same_codes() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "plain", "--secret", SECRET, "--issuer", "Plain"]);
    s.ok(&[
        "add",
        "fancy",
        "--secret",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "--algorithm",
        "SHA512",
        "--digits",
        "8",
        "--period",
        "60",
    ]);
    let uris = s.path("uris.txt");
    s.ok(&[
        "export",
        "--format",
        "otpauth",
        "--out",
        uris.to_str().unwrap(),
    ]);
    let aegis = s.path("aegis.json");
    s.ok(&[
        "export",
        "--format",
        "aegis",
        "--out",
        aegis.to_str().unwrap(),
    ]);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&aegis).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        s.ok(&["export", "--format", "otpauth"]),
        std::fs::read_to_string(&uris).unwrap()
    );
    let want: Vec<String> = s
        .ok(&["code", "--time", "1234567890"])
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();

    for (file, format) in [(&uris, "otpauth"), (&aegis, "aegis")] {
        let other = Sandbox::new();
        other.init_identity();
        other.ok(&["import", file.to_str().unwrap(), "--from", format]);
        let got: Vec<String> = other
            .ok(&["code", "--time", "1234567890"])
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        assert_eq!(got_sorted, want_sorted, "{format}");
    }
}

/// Google Authenticator exports many accounts as several QR codes, each saying which of how
/// many it is: a code not given is reported (the accounts it holds would be missing without a
/// word), and what was given still comes in.
#[test]
fn a_google_export_missing_one_of_its_qr_codes_says_which() {
    let s = Sandbox::new();
    s.init_identity();
    let qr = |i: u8| {
        let name = format!("acct{i}");
        migration_uri_of_batch(
            &[(b"12345678901234567890", &name, "Multi", 1, 1, 2)],
            3,
            i,
            42,
        )
    };
    let file = s.path("google.txt");
    std::fs::write(&file, format!("{}\n{}\n", qr(0), qr(2))).unwrap();
    let out = s.run(&["import", file.to_str().unwrap(), "--from", "google"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = stderr(&out);
    assert!(
        report.contains("skipped  QR code 2 of 3: not given"),
        "{report}"
    );
    assert!(report.contains("Imported 2 account(s)"), "{report}");
    assert_eq!(
        s.ok(&["code", "Multi:acct2", "--time", "59"]).trim(),
        oathtool_totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "SHA1", 6, 30, 59)
    );
    std::fs::write(&file, format!("{}\n", qr(1))).unwrap();
    let out = s.run(&["import", file.to_str().unwrap(), "--from", "google"]);
    let report = stderr(&out);
    assert!(report.contains("QR code 1, 3 of 3: not given"), "{report}");
    std::fs::write(&file, format!("{}\n{}\n{}\n", qr(0), qr(1), qr(2))).unwrap();
    let out = s.run(&["import", file.to_str().unwrap(), "--from", "google"]);
    assert!(!stderr(&out).contains("not given"), "{}", stderr(&out));
}

/// A Google export's URI inside a list of otpauth URIs is skipped with the way to have its
/// accounts, not as an unreadable line.
#[test]
fn a_migration_uri_in_an_otpauth_list_points_to_from_google() {
    let s = Sandbox::new();
    s.init_identity();
    let google = migration_uri(&[(b"12345678901234567890", "inside", "Packed", 1, 1, 2)]);
    let file = s.path("uris.txt");
    std::fs::write(
        &file,
        format!("otpauth://totp/Plain:one?secret=JBSWY3DPEHPK3PXP\n{google}\n"),
    )
    .unwrap();
    let out = s.run(&["import", file.to_str().unwrap(), "--from", "otpauth"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("line 2: a Google Authenticator export: import it with --from google"),
        "{}",
        stderr(&out)
    );
    s.ok(&["code", "Plain:one"]);
}

/// An export reads a vault as mfa-kit wrote it an account at a time, and one edited by hand
/// whole: the two give the same bytes, accounts sorted by name (an HOTP one with its counter,
/// quotes and non-ASCII escaped as JSON and URIs need).
#[test]
fn export_is_the_same_read_by_tables_or_whole() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "zeta", "--secret", SECRET, "--issuer", "Ac\"me"]);
    s.ok(&["add", "counter", "--secret", SECRET, "--hotp"]);
    s.ok(&["add", "Ünïcode", "--secret", SECRET]);
    s.ok(&["add", "alpha", "--secret", SECRET, "--digits", "8"]);
    let exports =
        |s: &Sandbox| ["otpauth", "aegis"].map(|format| s.ok(&["export", "--format", format]));
    let [uris, aegis] = exports(&s);
    let names: Vec<&str> = uris
        .lines()
        .map(|uri| uri.split(['/', '?']).nth(3).unwrap())
        .collect();
    assert_eq!(
        names,
        ["alpha", "counter", "Ac%22me:zeta", "%C3%9Cn%C3%AFcode"],
        "{uris}"
    );
    let parsed: serde_json::Value = serde_json::from_str(&aegis).unwrap();
    let entries = parsed["db"]["entries"].as_array().unwrap();
    assert_eq!(entries[1]["type"], "hotp");
    assert_eq!(entries[1]["info"]["counter"], 0);
    assert_eq!(entries[2]["issuer"], "Ac\"me");
    assert_eq!(entries[3]["name"], "Ünïcode");
    s.rewrite_vault(|text| format!("# edited by hand\n{text}"));
    assert_eq!(exports(&s), [uris, aegis]);
}
