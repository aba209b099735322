//! The fuzz targets' inputs, replayed on stable Rust in every test run: each corpus file and
//! each input a fuzzer once crashed on (`fuzz/regressions/`) goes through every reader, and
//! random text (odd Unicode included) too. No reader may panic. The fuzzers themselves run
//! with `cargo +nightly fuzz run TARGET` (see fuzz/).

use std::path::Path;

use proptest::prelude::*;

use mfa_kit::core::{otpauth, recovery, secret, transfer, vault};

fn every_reader(text: &str) {
    let _ = otpauth::OtpauthUri::parse(text);
    let _ = secret::decode_base32(text);
    let _ = vault::Vault::from_toml(text);
    mfa_kit::core::document::check_against_toml(text);
    mfa_kit::core::document::check_resealed(text);
    let _ = recovery::parse_codes(text);
    let _ = transfer::parse_otpauth_list(text);
    let _ = transfer::parse_aegis(text);
    let _ = transfer::parse_2fas(text);
    let _ = transfer::parse_google(text);
    let _ = transfer::parse_bitwarden(text);
    let _ = transfer::parse_proton(text);
    let _ = transfer::parse_ente(text);
    let _ = transfer::parse_freeotp_plus(text);
    let _ = transfer::parse_andotp(text);
    every_byte_reader(text.as_bytes());
}

/// Finding the format, reading the file as each format, and opening what is encrypted with the
/// fuzz seeds' password. Returns how many entries an encrypted export opened to.
fn every_byte_reader(bytes: &[u8]) -> Option<usize> {
    let _ = transfer::detect(bytes);
    let mut opened = None;
    for format in [
        transfer::Format::Aegis,
        transfer::Format::TwoFas,
        transfer::Format::AndOtp,
        transfer::Format::Bitwarden,
        transfer::Format::Proton,
        transfer::Format::Ente,
        transfer::Format::FreeOtpPlus,
    ] {
        if let Ok(transfer::Export::Sealed(sealed)) =
            transfer::read_export(format, bytes, transfer::KdfLimits::QUICK)
            && let Ok(entries) = sealed.open(b"fuzz")
        {
            opened = Some(entries.len());
        }
    }
    opened
}

#[test]
fn the_encrypted_seeds_open_so_the_fuzzer_reaches_their_contents() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/import_encrypted");
    for seed in ["seed-aegis", "seed-2fas", "seed-andotp", "seed-andotp-old"] {
        let bytes = std::fs::read(dir.join(seed)).unwrap();
        assert!(
            every_byte_reader(&bytes).is_some_and(|n| n > 0),
            "{seed} does not open with the fuzz password"
        );
    }
}

#[test]
fn the_many_slots_seed_is_refused_before_any_derivation() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus/import_encrypted/seed-aegis-many-slots");
    let bytes = std::fs::read(seed).unwrap();
    match transfer::read_export(transfer::Format::Aegis, &bytes, transfer::KdfLimits::QUICK) {
        Err(transfer::ReadError::Refused(why)) => {
            assert!(why.contains("5 password slots"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn corpora_and_regressions_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = 0;
    let mut dirs = vec![root.join("corpus"), root.join("regressions")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if entry.path().is_dir() {
                dirs.push(entry.path());
                continue;
            }
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            every_reader(&String::from_utf8_lossy(&bytes));
            every_byte_reader(&bytes);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                every_reader(text);
            }
            files += 1;
        }
    }
    assert!(files >= 10, "only {files} inputs");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        every_reader(&text);
    }

    #[test]
    fn near_misses_never_panic(
        head in prop_oneof![Just("otpauth://totp/"), Just("otpauth-migration://offline?data="), Just("version = 1\n"), Just("{\"db\":")],
        tail in "[\\PC%=+:?&é☃]{0,120}",
    ) {
        every_reader(&format!("{head}{tail}"));
    }
}
