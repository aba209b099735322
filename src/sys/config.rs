//! The config file (`<config dir>/mfa-kit/config.toml`): the device name, the default
//! identity file, the audit's thresholds and the user's additions to the service catalogue.
//! A missing file means the defaults.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::services::{Catalogue, ServiceOverride};
use crate::core::text::strip_bom;
use crate::sys::fs::read_regular_file_to;

/// The largest config file read: a config is a few lines; a larger one is a wrong path.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The name of the device this vault lives on, for the audit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The identity file used when neither --identity nor MFA_KIT_IDENTITY is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<PathBuf>,
    #[serde(default)]
    pub audit: AuditThresholds,
    /// Services added to mfa-kit's catalogue, or fields of one replaced, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, ServiceOverride>,
}

/// The audit's thresholds, under `[audit]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditThresholds {
    /// Independent paths an account needs to pass (`--min-paths` overrides).
    pub min_paths: u32,
    /// Recovery codes left below which `codes-low` warns.
    pub codes_low: u32,
    /// Days after which the newest current backup is `backup-stale`.
    pub backup_max_age_days: u64,
    /// Days after which a TOTP not verified is `totp-unverified`.
    pub verify_max_age_days: u64,
}

impl Default for AuditThresholds {
    fn default() -> Self {
        AuditThresholds {
            min_paths: 2,
            codes_low: 3,
            backup_max_age_days: 90,
            verify_max_age_days: 180,
        }
    }
}

impl Config {
    /// Reads the config file; a missing one is the defaults. Anything but a regular file (a
    /// FIFO, a device, a folder) is refused at once: it is opened without waiting, as the
    /// vault is, so that no command (nor a completion on Tab) hangs on it.
    pub fn load(path: &Path) -> Result<Config> {
        if !path.exists() {
            return Ok(Config::default());
        }
        let bytes = read_regular_file_to(path, "the config file", MAX_CONFIG_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::new(format!(
                "the config file {} is not UTF-8 text",
                path.display()
            ))
            .hint("fix it, or point --config elsewhere")
        })?;
        toml::from_str(strip_bom(&text)).map_err(|e| {
            let first = e.message().lines().next().unwrap_or("").to_string();
            Error::new(format!(
                "the config file {} is not valid: {first}",
                path.display()
            ))
            .hint("fix it, or point --config elsewhere")
        })
    }

    /// The service catalogue with this config's `[services."NAME"]` tables applied.
    pub fn catalogue(&self, path: Option<&Path>) -> Result<Catalogue> {
        Catalogue::builtin()
            .try_with_overrides(&self.services)
            .map_err(|e| {
                Error::new(format!(
                    "the config file {} is not valid: {e}",
                    path.map(|p| p.display().to_string()).unwrap_or_default()
                ))
                .hint("fix the [services] table, or point --config elsewhere")
            })
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("the config always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Config::load(&dir.path().join("none.toml")).unwrap();
        assert_eq!(missing, Config::default());
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "device = \"laptop\"\n[audit]\ncodes_low = 5\n").unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.device.as_deref(), Some("laptop"));
        assert_eq!(config.audit.codes_low, 5);
        assert_eq!(config.audit.min_paths, 2);
        std::fs::write(&path, "devise = \"typo\"\n").unwrap();
        assert!(
            Config::load(&path)
                .unwrap_err()
                .to_string()
                .contains("not valid")
        );
    }
}
