//! Fuzz target: the recovery-code reader must never panic, hang or allocate without bound, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(codes) = mfa_kit::core::recovery::parse_codes(text) {
            assert!(!codes.is_empty() && codes.len() <= mfa_kit::core::recovery::MAX_CODES);
        }
    }
});
