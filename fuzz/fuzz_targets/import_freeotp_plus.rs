//! Fuzz target: the freeotp plus importer must never panic, hang or allocate without bound, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = mfa_kit::core::transfer::parse_freeotp_plus(text);
    }
});
