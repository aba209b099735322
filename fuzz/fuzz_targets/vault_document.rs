//! Fuzz target: the vault document reader must never panic, hang or allocate without bound, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(vault) = mfa_kit::core::vault::Vault::from_toml(text) {
            let written = vault.to_toml();
            assert_eq!(mfa_kit::core::vault::Vault::from_toml(&written).expect("a written vault reads back"), vault);
        }
    }
});
