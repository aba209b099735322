//! SSH recovery keys: what a key file holds (public or private, passphrase-protected or not,
//! ed25519, RSA or ECDSA), read with the ssh-key crate, and its SHA256 fingerprint exactly as
//! `ssh-keygen -l` prints it. A protected key is never unlocked: its public half is in clear.

use serde::Serialize;
use ssh_key::{HashAlg, PrivateKey, PublicKey};

/// What a key file says about its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, ...
    pub algorithm: String,
    /// True when the file holds the private key.
    pub private: bool,
    /// The key's public line (`ssh-ed25519 AAAA... comment`), to encrypt backups to.
    pub public_line: String,
}

/// Reads a public key line or an OpenSSH private key file.
pub fn inspect_key(text: &str) -> Result<KeyInfo, String> {
    let trimmed = text.trim();
    if trimmed.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
        let key = PrivateKey::from_openssh(trimmed)
            .map_err(|_| "the OpenSSH private key is damaged".to_string())?;
        return Ok(describe(key.public_key(), true));
    }
    if trimmed.starts_with("-----BEGIN") {
        return Err(
            "this is an old PEM-format key, which mfa-kit does not read; \
                    give its .pub file, or convert it with `ssh-keygen -p -f KEYFILE`"
                .to_string(),
        );
    }
    let first = trimmed
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let key = first
        .and_then(|line| PublicKey::from_openssh(line.trim()).ok())
        .ok_or_else(|| "it is neither an SSH public key nor an OpenSSH private key".to_string())?;
    Ok(describe(&key, false))
}

fn describe(key: &PublicKey, private: bool) -> KeyInfo {
    KeyInfo {
        fingerprint: key.fingerprint(HashAlg::Sha256).to_string(),
        algorithm: key.algorithm().to_string(),
        private,
        public_line: key.to_openssh().unwrap_or_default(),
    }
}

/// The state of a registered key, as `ssh check` and the audit see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyState {
    Ok,
    Missing,
    Changed,
    Elsewhere,
}

impl KeyState {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Ok => "ok",
            KeyState::Missing => "missing",
            KeyState::Changed => "changed",
            KeyState::Elsewhere => "elsewhere",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A throw-away key made for this test with ssh-keygen; its fingerprint as ssh-keygen -l
    // printed it.
    const PUBLIC: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXkPYj3zwuTkHvqdTDhdC4Eu0oIYjM/0Q6i4e2mHZ1P test@example";

    #[test]
    fn reads_a_public_key_line() {
        let info = inspect_key(PUBLIC).unwrap();
        assert_eq!(info.algorithm, "ssh-ed25519");
        assert_eq!(
            info.fingerprint,
            "SHA256:8YckQOAEQ9RFTzY7TRaLa8uRpA30yj2+c3UQc8c+D3c"
        );
        assert!(!info.private);
    }

    #[test]
    fn refuses_other_files() {
        assert!(inspect_key("hello").is_err());
        assert!(inspect_key("").is_err());
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
        assert!(inspect_key(pem).unwrap_err().contains("PEM"));
        let broken =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        assert!(inspect_key(broken).unwrap_err().contains("damaged"));
    }
}
