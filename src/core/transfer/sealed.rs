//! Encrypted exports, opened with their password: Aegis's encrypted vault (password slots
//! whose scrypt key unwraps the master key, which decrypts `db`; AES-256-GCM throughout, per
//! Aegis's docs/vault.md), 2FAS's encrypted backup (`servicesEncrypted` is
//! `ciphertext+tag:salt:iv` in base64; PBKDF2-HMAC-SHA256, 10,000 rounds; AES-256-GCM) and
//! andOTP's `.json.aes` (rounds, salt, IV, ciphertext, tag; PBKDF2-HMAC-SHA1; before andOTP
//! 0.6.3, the SHA-256 of the password and IV, ciphertext, tag).
//!
//! Reading a file checks its key-derivation parameters, and the number of Aegis password
//! slots, against [`KdfLimits`] and [`MAX_PASSWORD_SLOTS`] before anything is derived or a
//! password is asked for, so a hostile file cannot make mfa-kit spend minutes or gigabytes.
//! All the cryptography is RustCrypto's. The derived keys, the master key, the decrypted
//! plaintexts and the password are wiped when dropped, and so are the ciphers' own copies
//! (AES round keys, GHASH key and state: the crates' `zeroize` features); what scrypt and
//! PBKDF2 hold while deriving is theirs, and not wiped. No error repeats any of them.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use data_encoding::{BASE64_NOPAD, HEXLOWER_PERMISSIVE};
use zeroize::Zeroizing;

use super::{AegisHeader, AegisSlot, Entry, Field, parse_2fas_services, parse_aegis_content};

/// The largest key-derivation work a file may ask for. [`KdfLimits::APPS`] is what the apps
/// write with a margin; the fuzz targets use far smaller limits so every input stays quick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfLimits {
    /// The largest scrypt N, as its base-2 logarithm.
    pub max_scrypt_log_n: u8,
    pub max_scrypt_r: u32,
    pub max_scrypt_p: u32,
    /// The most PBKDF2 rounds (andOTP's count is in the file).
    pub max_pbkdf2_rounds: u32,
}

impl KdfLimits {
    /// Aegis writes scrypt N = 2^15, r = 8, p = 1: up to N = 2^17 and p = 2 is allowed (8 times
    /// the work, 128 MiB), r no more than 8. andOTP writes 140,000 to 160,000 PBKDF2 rounds:
    /// up to 200,000 is allowed. 2FAS's 10,000 rounds are fixed by its format.
    pub const APPS: KdfLimits = KdfLimits {
        max_scrypt_log_n: 17,
        max_scrypt_r: 8,
        max_scrypt_p: 2,
        max_pbkdf2_rounds: 200_000,
    };

    /// Limits under which every derivation takes microseconds: for the fuzz targets (and the
    /// test replaying their corpora), whose every input must run quickly; never for a file.
    pub const QUICK: KdfLimits = KdfLimits {
        max_scrypt_log_n: 4,
        max_scrypt_r: 8,
        max_scrypt_p: 1,
        max_pbkdf2_rounds: 64,
    };
}

/// 2FAS's PBKDF2-HMAC-SHA256 rounds: part of the format, not of the file.
const TWOFAS_ROUNDS: u32 = 10_000;

/// The lengths AES-256-GCM uses here: key, nonce (IV) and tag.
const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;

/// andOTP's new format: 4 bytes of rounds, a 12-byte salt, a 12-byte IV, then the ciphertext
/// and its tag.
const ANDOTP_SALT_BYTES: usize = 12;
const ANDOTP_HEADER_BYTES: usize = 4 + ANDOTP_SALT_BYTES + NONCE_BYTES;

/// The longest salt read (Aegis writes 32 bytes, 2FAS 256).
const MAX_SALT_BYTES: usize = 1024;

/// The most password slots an Aegis vault may have: Aegis writes one, and one more for a
/// backup password. Each slot costs a scrypt derivation when the password is tried, so the
/// count is checked before anything is derived: the limit per slot alone would let a file of
/// thousands of slots take hours.
pub const MAX_PASSWORD_SLOTS: usize = 4;

/// Why an encrypted export did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// No key the password gives opens it: the password is wrong, or the file damaged.
    WrongPassword,
    /// Nothing opened it, and its header does not fit the format either: an "andOTP backup"
    /// too short for the current format, or asking for rounds andOTP never writes, that the
    /// old format's key does not open. Most likely it is not the export at all; the text says
    /// what does not fit.
    NotThisExport(String),
    /// It opened, but what it holds is not the export it should be.
    Damaged(String),
}

/// An encrypted export, its parameters checked: [`Sealed::open`] with the password.
pub struct Sealed {
    kind: SealedKind,
}

enum SealedKind {
    Aegis {
        slots: Vec<ScryptSlot>,
        nonce: [u8; NONCE_BYTES],
        tag: [u8; TAG_BYTES],
        db: Vec<u8>,
    },
    TwoFas {
        ciphertext: Vec<u8>,
        tag: [u8; TAG_BYTES],
        salt: Vec<u8>,
        nonce: [u8; NONCE_BYTES],
    },
    AndOtp {
        /// The current format's rounds, or why the file cannot be of that format (then only
        /// the old format, with no key derivation, is tried).
        current: Result<u32, String>,
        bytes: Vec<u8>,
    },
}

/// A password slot of an Aegis vault: the wrapped master key and how to unwrap it.
struct ScryptSlot {
    params: scrypt::Params,
    salt: Vec<u8>,
    nonce: [u8; NONCE_BYTES],
    tag: [u8; TAG_BYTES],
    wrapped_key: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self.kind {
            SealedKind::Aegis { .. } => "Sealed(Aegis)",
            SealedKind::TwoFas { .. } => "Sealed(2FAS)",
            SealedKind::AndOtp { .. } => "Sealed(andOTP)",
        })
    }
}

fn hex<const N: usize>(field: &Field, what: &str) -> Result<[u8; N], String> {
    HEXLOWER_PERMISSIVE
        .decode(field.text().trim().as_bytes())
        .ok()
        .and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
        .ok_or_else(|| format!("its {what} is not {N} bytes of hexadecimal"))
}

/// Base64 with or without its padding, ASCII white space anywhere in it ignored (as the
/// apps' own decoders, and Python's, ignore line breaks).
fn base64(text: &str, what: &str) -> Result<Vec<u8>, String> {
    let compact: Zeroizing<Vec<u8>> =
        Zeroizing::new(text.bytes().filter(|b| !b.is_ascii_whitespace()).collect());
    let unpadded = compact
        .strip_suffix(b"==")
        .or_else(|| compact.strip_suffix(b"="))
        .unwrap_or(&compact);
    BASE64_NOPAD
        .decode(unpadded)
        .map_err(|_| format!("its {what} is not base64"))
}

fn split_tag(mut with_tag: Vec<u8>, what: &str) -> Result<(Vec<u8>, [u8; TAG_BYTES]), String> {
    if with_tag.len() < TAG_BYTES {
        return Err(format!("its {what} is too short to be encrypted"));
    }
    let tag = with_tag.split_off(with_tag.len() - TAG_BYTES);
    Ok((with_tag, tag.try_into().expect("split at the tag's length")))
}

/// AES-256-GCM decryption: the plaintext, or `None` when the tag does not match.
fn aes_gcm_open(
    key: &[u8],
    nonce: &[u8; NONCE_BYTES],
    ciphertext: &[u8],
    tag: &[u8; TAG_BYTES],
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(nonce),
            b"",
            &mut buffer,
            Tag::from_slice(tag),
        )
        .ok()?;
    Some(buffer)
}

fn text_of(plain: &[u8]) -> Result<&str, OpenError> {
    std::str::from_utf8(plain)
        .map_err(|_| OpenError::Damaged("what it decrypts to is not text".to_string()))
}

impl Sealed {
    /// An encrypted Aegis vault from its header and `db`: every password slot's scrypt
    /// parameters within `limits`, every length right.
    pub(super) fn aegis(header: AegisHeader, db: &str, limits: KdfLimits) -> Result<Self, String> {
        let params = header
            .params
            .0
            .ok_or("its header has no params (nonce and tag)")?;
        let nonce = hex::<NONCE_BYTES>(&params.nonce, "header nonce")?;
        let tag = hex::<TAG_BYTES>(&params.tag, "header tag")?;
        let db = base64(db, "db")?;
        // Type 1 is a password; raw (0) and biometric (2) keys are not in the file.
        let password_slots: Vec<AegisSlot> = header
            .slots
            .0
            .unwrap_or_default()
            .into_iter()
            .filter_map(|slot| slot.0)
            .filter(|slot| slot.kind.number("type", 0) == Ok(1))
            .collect();
        if password_slots.len() > MAX_PASSWORD_SLOTS {
            return Err(format!(
                "it has {} password slots, where Aegis writes one (two with a backup \
                 password; mfa-kit tries at most {MAX_PASSWORD_SLOTS}); nothing was derived",
                password_slots.len()
            ));
        }
        let mut slots = Vec::new();
        for slot in password_slots {
            let n = slot.n.number("n", 0)?;
            let r = slot.r.number("r", 0)?;
            let p = slot.p.number("p", 0)?;
            let log_n = n.trailing_zeros();
            let within = n.is_power_of_two()
                && n >= 2
                && log_n <= u32::from(limits.max_scrypt_log_n)
                && (1..=u64::from(limits.max_scrypt_r)).contains(&r)
                && (1..=u64::from(limits.max_scrypt_p)).contains(&p);
            if !n.is_power_of_two() || n < 2 {
                return Err(format!(
                    "its password slot asks for scrypt N={n}, which is not a power of two above 1 \
                     (Aegis writes N=32768): the file is damaged; nothing was derived"
                ));
            }
            if !within {
                return Err(format!(
                    "its password slot asks for scrypt N={n}, r={r}, p={p}, beyond what Aegis \
                     writes (N=32768, r=8, p=1; mfa-kit allows up to N={}, r={}, p={}); \
                     nothing was derived",
                    1u64 << limits.max_scrypt_log_n,
                    limits.max_scrypt_r,
                    limits.max_scrypt_p
                ));
            }
            let params = scrypt::Params::new(log_n as u8, r as u32, p as u32, KEY_BYTES)
                .map_err(|_| "its password slot has scrypt parameters scrypt refuses")?;
            let salt = HEXLOWER_PERMISSIVE
                .decode(slot.salt.text().trim().as_bytes())
                .map_err(|_| "its password slot's salt is not hexadecimal")?;
            if salt.is_empty() || salt.len() > MAX_SALT_BYTES {
                return Err(format!(
                    "its password slot's salt is {} bytes long, where Aegis writes 32 \
                     (mfa-kit reads 1 to {MAX_SALT_BYTES})",
                    salt.len()
                ));
            }
            let key_params = slot.key_params.0.unwrap_or_default();
            slots.push(ScryptSlot {
                params,
                salt,
                nonce: hex::<NONCE_BYTES>(&key_params.nonce, "slot nonce")?,
                tag: hex::<TAG_BYTES>(&key_params.tag, "slot tag")?,
                wrapped_key: hex::<KEY_BYTES>(&slot.key, "slot key")?.to_vec(),
            });
        }
        if slots.is_empty() {
            return Err(
                "it has no password slot (a vault unlocked only by fingerprint cannot be read \
                 elsewhere: set a password in Aegis first)"
                    .to_string(),
            );
        }
        Ok(Sealed {
            kind: SealedKind::Aegis {
                slots,
                nonce,
                tag,
                db,
            },
        })
    }

    /// 2FAS's `servicesEncrypted`: `ciphertext+tag:salt:iv`, each base64.
    pub(super) fn twofas(encrypted: &str) -> Result<Self, String> {
        let parts: Vec<&str> = encrypted.split(':').collect();
        let [data, salt, iv] = parts[..] else {
            return Err("its servicesEncrypted is not ciphertext:salt:iv".to_string());
        };
        let (ciphertext, tag) = split_tag(base64(data, "ciphertext")?, "ciphertext")?;
        let salt = base64(salt, "salt")?;
        if salt.is_empty() || salt.len() > MAX_SALT_BYTES {
            return Err(format!(
                "its salt is {} bytes long, where 2FAS writes 256 (mfa-kit reads 1 to \
                 {MAX_SALT_BYTES})",
                salt.len()
            ));
        }
        let nonce = <[u8; NONCE_BYTES]>::try_from(base64(iv, "IV")?)
            .map_err(|_| format!("its IV is not {NONCE_BYTES} bytes"))?;
        Ok(Sealed {
            kind: SealedKind::TwoFas {
                ciphertext,
                tag,
                salt,
                nonce,
            },
        })
    }

    /// andOTP's `.json.aes`. Its first four bytes are the rounds of the current format; a
    /// count outside 1 to the limit is never derived (the file is then tried as the old
    /// format only).
    pub(super) fn andotp(bytes: &[u8], limits: KdfLimits) -> Result<Self, String> {
        if bytes.len() < NONCE_BYTES + TAG_BYTES {
            return Err(format!(
                "it is {} bytes long, too short for an encrypted andOTP backup (at least {})",
                bytes.len(),
                NONCE_BYTES + TAG_BYTES
            ));
        }
        let asked = u32::from_be_bytes(bytes[..4].try_into().expect("four bytes"));
        let limit = limits.max_pbkdf2_rounds;
        let current = if bytes.len() < ANDOTP_HEADER_BYTES + TAG_BYTES {
            Err(format!(
                "it is {} bytes long, too short for andOTP's current format (at least {})",
                bytes.len(),
                ANDOTP_HEADER_BYTES + TAG_BYTES
            ))
        } else if !(1..=limit).contains(&asked) {
            Err(format!(
                "read as andOTP's current format it asks for {asked} PBKDF2 rounds, outside \
                 what andOTP writes (140000 to 160000; mfa-kit allows 1 to {limit}), so none \
                 were derived"
            ))
        } else {
            Ok(asked)
        };
        Ok(Sealed {
            kind: SealedKind::AndOtp {
                current,
                bytes: bytes.to_vec(),
            },
        })
    }

    /// Opens it with `password` and reads the entries it holds.
    pub fn open(&self, password: &[u8]) -> Result<Vec<Entry>, OpenError> {
        let wrong = OpenError::WrongPassword;
        match &self.kind {
            SealedKind::Aegis {
                slots,
                nonce,
                tag,
                db,
            } => {
                let master = slots
                    .iter()
                    .find_map(|slot| {
                        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
                        scrypt::scrypt(password, &slot.salt, &slot.params, &mut key[..]).ok()?;
                        aes_gcm_open(&key[..], &slot.nonce, &slot.wrapped_key, &slot.tag)
                    })
                    .ok_or(wrong)?;
                let plain = aes_gcm_open(&master, nonce, db, tag).ok_or_else(|| {
                    OpenError::Damaged(
                        "its password is right but its db does not decrypt".to_string(),
                    )
                })?;
                parse_aegis_content(text_of(&plain)?).map_err(OpenError::Damaged)
            }
            SealedKind::TwoFas {
                ciphertext,
                tag,
                salt,
                nonce,
            } => {
                let mut key = Zeroizing::new([0u8; KEY_BYTES]);
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, TWOFAS_ROUNDS, &mut key[..]);
                let plain = aes_gcm_open(&key[..], nonce, ciphertext, tag).ok_or(wrong)?;
                parse_2fas_services(text_of(&plain)?).map_err(OpenError::Damaged)
            }
            SealedKind::AndOtp { current, bytes } => {
                let opened = current.as_ref().ok().and_then(|&rounds| {
                    let salt = &bytes[4..4 + ANDOTP_SALT_BYTES];
                    let nonce = bytes[4 + ANDOTP_SALT_BYTES..ANDOTP_HEADER_BYTES]
                        .try_into()
                        .expect("twelve bytes");
                    let (ciphertext, tag) = tail_tag(&bytes[ANDOTP_HEADER_BYTES..]);
                    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
                    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, &mut key[..]);
                    aes_gcm_open(&key[..], &nonce, ciphertext, &tag)
                });
                let plain = opened
                    .or_else(|| {
                        use sha2::Digest;
                        let key = Zeroizing::new(sha2::Sha256::digest(password));
                        let nonce = bytes[..NONCE_BYTES].try_into().expect("twelve bytes");
                        let (ciphertext, tag) = tail_tag(&bytes[NONCE_BYTES..]);
                        aes_gcm_open(&key[..], &nonce, ciphertext, &tag)
                    })
                    .ok_or_else(|| match current {
                        Ok(_) => OpenError::WrongPassword,
                        Err(why) => OpenError::NotThisExport(format!(
                            "{why}; nor does it open as andOTP's old format (before 0.6.3) \
                             with this password"
                        )),
                    })?;
                super::parse_andotp(text_of(&plain)?).map_err(OpenError::Damaged)
            }
        }
    }
}

/// Splits the tag off the end of `bytes`, which is at least a tag long.
fn tail_tag(bytes: &[u8]) -> (&[u8], [u8; TAG_BYTES]) {
    let (ciphertext, tag) = bytes.split_at(bytes.len() - TAG_BYTES);
    (ciphertext, tag.try_into().expect("sixteen bytes"))
}
