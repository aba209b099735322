//! Fuzz target: the otpauth URI reader must never panic, hang or allocate without bound, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(uri) = mfa_kit::core::otpauth::OtpauthUri::parse(text) {
            // What was read writes back and reads again to the same thing.
            let again = mfa_kit::core::otpauth::OtpauthUri::parse(uri.to_uri().expose()).expect("a written URI reads back");
            assert_eq!(again, uri);
        }
    }
});
