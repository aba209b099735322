//! Fuzz target: finding an export's format and reading it as that (ente's text included), and
//! opening what is encrypted with a fixed password, must never panic, hang or allocate without
//! bound. The key-derivation limits are tiny so that no input is slow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mfa_kit::core::transfer::{Export, KdfLimits, detect, read_export};


fuzz_target!(|data: &[u8]| {
    if let Ok(format) = detect(data)
        && let Ok(Export::Sealed(sealed)) = read_export(format, data, KdfLimits::QUICK)
    {
        let _ = sealed.open(b"fuzz");
    }
});
