//! Fuzz target: the base32 secret reader must never panic, hang or allocate without bound, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(bytes) = mfa_kit::core::secret::decode_base32(text) {
            let encoded = mfa_kit::core::secret::encode_base32(bytes.expose());
            assert_eq!(mfa_kit::core::secret::decode_base32(encoded.expose()).unwrap(), bytes);
        }
    }
});
