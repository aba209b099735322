//! Default locations of the vault and the config file, from the platform's conventions
//! (the `dirs` crate: `$XDG_DATA_HOME`, `$XDG_CONFIG_HOME`, `$HOME`).

use std::path::PathBuf;

use crate::error::{Error, Result};

pub fn default_vault() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("mfa-kit").join("vault.age"))
        .ok_or_else(|| {
            Error::new("cannot find a data folder for the vault")
                .hint("set HOME, or give --vault PATH or MFA_KIT_VAULT")
        })
}

pub fn default_config() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("mfa-kit").join("config.toml"))
}

/// The name of this machine, the default device name.
pub fn host_name() -> String {
    gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_string()
}
