//! Fuzz target: a document sealed as mfa-kit seals one (as a forger could) is read a table at a
//! time, each table also without the TOML reader (core::material::table_account), and a backup
//! recorded in it without the model (core::material, the document's `with_record`), exactly as
//! the whole document reads and as the model records it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        mfa_kit::core::document::check_resealed(text);
    }
});
