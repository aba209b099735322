//! The config file (`<config dir>/mfa-kit/config.toml`): the device name, the default
//! identity file and the audit's thresholds. A missing file means the defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
    /// Reads the config file; a missing one is the defaults.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io("read the config file", path, &e)),
        };
        toml::from_str(&text).map_err(|e| {
            let first = e.message().lines().next().unwrap_or("").to_string();
            Error::new(format!(
                "the config file {} is not valid: {first}",
                path.display()
            ))
            .hint("fix it, or point --config elsewhere")
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
