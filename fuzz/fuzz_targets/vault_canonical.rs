//! Fuzz target: the fast reader of the canonical vault layout (core::document) never accepts
//! what the general TOML parser refuses, and never reads anything differently from it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        mfa_kit::core::document::check_against_toml(text);
    }
});
