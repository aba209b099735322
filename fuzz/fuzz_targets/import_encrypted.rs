//! Fuzz target: an encrypted Aegis vault, 2FAS backup or andOTP backup, its header read and
//! its body opened with the password its seeds were made with ("fuzz"), so that the
//! decrypted contents' readers are reached too. Never a panic, hang or unbounded allocation;
//! the key-derivation limits are tiny so that no input is slow (2FAS's 10,000 rounds are its
//! format's, and stay).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mfa_kit::core::transfer::{Export, Format, KdfLimits, read_export};


fuzz_target!(|data: &[u8]| {
    for format in [Format::Aegis, Format::TwoFas, Format::AndOtp] {
        if let Ok(Export::Sealed(sealed)) = read_export(format, data, KdfLimits::QUICK) {
            let _ = sealed.open(b"fuzz");
        }
    }
});
