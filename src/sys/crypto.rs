//! age, as mfa-kit uses it: encrypting to recipients or a passphrase (scrypt work factor 18,
//! as stock age), decrypting with identity files (age X25519 or SSH private keys) or a
//! passphrase (work factor up to 22), and naming what went wrong without a secret.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::SecretString;
use age_core::format::FileKey;
use zeroize::Zeroizing;

use crate::core::halves;
use crate::error::{Error, Result};
use crate::sys::allocator;
use crate::sys::fs::{Existing, Staged, read_bounded, stage_private_with};

/// scrypt work factor for files mfa-kit encrypts with a passphrase (stock age's).
pub const SCRYPT_WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when decrypting: files made on a fast machine open on a
/// slow one, and a crafted file cannot ask for hours of work.
pub const SCRYPT_MAX_WORK_FACTOR: u8 = 22;

/// One recipient of an age file, of any kind; shared between threads (a backup's file is
/// encrypted on a thread of its own).
pub type AnyRecipient = Box<dyn age::Recipient + Send + Sync>;

/// What a file is, or is to be, encrypted to.
pub enum Key {
    Recipients(Vec<AnyRecipient>),
    Passphrase(SecretString),
}

/// Encrypts `plaintext` to `key`, optionally in age's ASCII armor.
pub fn encrypt(plaintext: &[u8], key: &Key, armor: bool) -> Result<Vec<u8>> {
    encrypt_written(key, armor, plaintext.len(), |writer| {
        writer.write_all(plaintext)
    })
}

/// The age file of what `write` writes (about `size` bytes), in memory: the plaintext is
/// never held whole, only its ciphertext.
pub fn encrypt_written(
    key: &Key,
    armor: bool,
    size: usize,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size + size / 1024 + 512);
    encrypt_into(&mut out, key, armor, write).map_err(EncryptFailure::into_error)?;
    Ok(out)
}

/// Encrypts what `write` writes to `key`, straight into `out`, in age's 64 KiB chunks: the
/// plaintext is never held whole. An error of `out` (a full disk) is returned as it is.
pub fn encrypt_into<W: Write>(
    out: W,
    key: &Key,
    armor: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<W, EncryptFailure> {
    let scrypt;
    let recipients: Vec<&dyn age::Recipient> = match key {
        Key::Recipients(list) => list
            .iter()
            .map(|r| r.as_ref() as &dyn age::Recipient)
            .collect(),
        Key::Passphrase(passphrase) => {
            let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
            recipient.set_work_factor(SCRYPT_WORK_FACTOR);
            scrypt = recipient;
            vec![&scrypt as &dyn age::Recipient]
        }
    };
    let encryptor =
        age::Encryptor::with_recipients(recipients.into_iter()).map_err(|e| match e {
            age::EncryptError::MixedRecipientAndPassphrase => EncryptFailure::Refused(
                Error::new("age cannot mix a passphrase with recipients").hint("choose one"),
            ),
            age::EncryptError::MissingRecipients => {
                EncryptFailure::Refused(Error::new("no recipient to encrypt to"))
            }
            other => EncryptFailure::Refused(Error::new(format!("cannot encrypt: {other}"))),
        })?;
    let format = if armor {
        Format::AsciiArmor
    } else {
        Format::Binary
    };
    let result = (|| -> std::io::Result<W> {
        let armored = ArmoredWriter::wrap_output(out, format)?;
        let mut writer = encryptor.wrap_output(armored)?;
        write(&mut writer)?;
        writer.finish()?.finish()
    })();
    result.map_err(EncryptFailure::Io)
}

/// Encrypts what `write` writes to `key` straight into a file staged beside `path` (see
/// [`stage_private_with`]), in 64 KiB blocks: neither the plaintext nor its ciphertext is held
/// whole (a 10,000-account vault is megabytes of each). With `hashed`, also the SHA-256 (hex)
/// of the age file, taken as it is written.
pub fn stage_encrypted(
    path: &Path,
    existing: Existing,
    key: &Key,
    armor: bool,
    hashed: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(Staged, Option<String>)> {
    let mut refused = None;
    let mut sha256 = None;
    let staged = stage_private_with(path, existing, |file| {
        let out = Hashing {
            out: file,
            hasher: hashed.then(<sha2::Sha256 as sha2::Digest>::new),
        };
        encrypt_into(out, key, armor, write)
            .and_then(|out| out.finish().map_err(EncryptFailure::Io))
            .map(|digest| sha256 = digest)
            .map_err(|failure| match failure {
                EncryptFailure::Io(e) => e,
                EncryptFailure::Refused(e) => {
                    refused = Some(e);
                    std::io::Error::other("refused")
                }
            })
    });
    match (staged, refused) {
        (_, Some(e)) => Err(e),
        (staged, None) => Ok((staged?, sha256)),
    }
}

/// A writer that passes what it is given on, keeping its SHA-256 when it has a hasher.
struct Hashing<W> {
    out: W,
    hasher: Option<sha2::Sha256>,
}

impl<W: Write> Hashing<W> {
    /// Flushes what is left; the SHA-256 (hex) of everything written, if kept.
    fn finish(mut self) -> std::io::Result<Option<String>> {
        self.out.flush()?;
        Ok(self
            .hasher
            .map(|hasher| data_encoding::HEXLOWER.encode(&sha2::Digest::finalize(hasher))))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.out.write(bytes)?;
        if let Some(hasher) = &mut self.hasher {
            sha2::Digest::update(hasher, &bytes[..written]);
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Why [`encrypt_into`] failed: the key was refused before anything was written, or writing
/// failed.
pub enum EncryptFailure {
    Refused(Error),
    Io(std::io::Error),
}

impl EncryptFailure {
    /// The error said for it, where the output is memory (its failure is no file's).
    pub fn into_error(self) -> Error {
        match self {
            EncryptFailure::Refused(e) => e,
            EncryptFailure::Io(e) => Error::new(format!("cannot encrypt: {e}")),
        }
    }
}

impl std::fmt::Display for EncryptFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncryptFailure::Refused(e) => write!(f, "{e}"),
            EncryptFailure::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Why a file did not decrypt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecryptFailure {
    /// Not an age file at all.
    NotAge,
    /// An age file whose header or payload is damaged or truncated.
    Damaged,
    /// None of the keys given opens it (a wrong identity or passphrase).
    WrongKey,
    /// The file asks for more scrypt work than accepted.
    ExcessiveWork(u8),
}

fn classify(err: age::DecryptError) -> DecryptFailure {
    use age::DecryptError as E;
    match err {
        E::NoMatchingKeys | E::KeyDecryptionFailed => DecryptFailure::WrongKey,
        E::ExcessiveWork { required, .. } => DecryptFailure::ExcessiveWork(required),
        E::UnknownFormat => DecryptFailure::NotAge,
        E::InvalidHeader | E::InvalidMac | E::DecryptionFailed => DecryptFailure::Damaged,
        E::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => DecryptFailure::NotAge,
        _ => DecryptFailure::Damaged,
    }
}

type AgeDecryptor<R> = age::Decryptor<AgeBytes<R>>;

/// An age file's bytes as age reads them. A binary file (all mfa-kit writes) is read straight
/// from its reader, a whole chunk at a time: armor's reader, which a binary file only passes
/// through, takes 8 KiB a time and copies each (590 reads and a copy of half a 10,000-account
/// vault's megabytes). An armored file, anything not starting as an age file, and a file
/// shorter than armor's reader first reads (which it then calls truncated: damage, not
/// another kind of file) go through armor's reader, which judges them as before.
enum AgeBytes<R: Read> {
    Binary(BufReader<R>),
    Armored(ArmoredReader<BufReader<R>>),
}

impl<R: Read> AgeBytes<R> {
    fn new(source: R, head: &[u8]) -> Self {
        /// What armor's reader reads first (its begin marker and a line end).
        const ARMOR_PROBE: usize = 36;
        match head.len() >= ARMOR_PROBE && head.starts_with(b"age-encryption.org/v1\n") {
            true => AgeBytes::Binary(BufReader::new(source)),
            false => AgeBytes::Armored(ArmoredReader::new(source)),
        }
    }
}

impl<R: Read> Read for AgeBytes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            AgeBytes::Binary(reader) => reader.read(buf),
            AgeBytes::Armored(reader) => reader.read(buf),
        }
    }
}

impl<R: Read> std::io::BufRead for AgeBytes<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self {
            AgeBytes::Binary(reader) => reader.fill_buf(),
            AgeBytes::Armored(reader) => reader.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            AgeBytes::Binary(reader) => reader.consume(amount),
            AgeBytes::Armored(reader) => reader.consume(amount),
        }
    }
}

fn decryptor(ciphertext: &[u8]) -> Result<AgeDecryptor<&[u8]>, DecryptFailure> {
    decryptor_from(ciphertext, ciphertext)
}

/// The decryptor of the age file `source` reads, whose first bytes are `head`.
fn decryptor_from<R: Read>(source: R, head: &[u8]) -> Result<AgeDecryptor<R>, DecryptFailure> {
    age::Decryptor::new_buffered(AgeBytes::new(source, head)).map_err(|e| match classify(e) {
        // A header that does not parse is damage only if the file starts as age does.
        DecryptFailure::Damaged | DecryptFailure::NotAge if !looks_like_age(head) => {
            DecryptFailure::NotAge
        }
        other => other,
    })
}

/// How much of an age file (a vault, a backup) is read before the rest streams through
/// decryption: far more than the age header of any file mfa-kit writes (a stanza of about 100 bytes per key).
const HEAD_BYTES: usize = 16 * 1024;

/// The first bytes of the age file `file` (`size` bytes long), enough to hold its header:
/// what the rest is decrypted with is known from them, and the rest streams through
/// decryption, never held whole. A header longer than [`HEAD_BYTES`] (many
/// recipients) is read on to the end.
pub fn read_head(file: &std::fs::File, size: usize, path: &Path, what: &str) -> Result<Vec<u8>> {
    let read = |bytes: &mut Vec<u8>, limit: u64| {
        file.take(limit)
            .read_to_end(bytes)
            .map_err(|e| Error::io(&format!("read {what}"), path, &e))
    };
    let mut head = Vec::with_capacity(size.min(HEAD_BYTES));
    read(&mut head, HEAD_BYTES as u64)?;
    if head.len() < size && !header_is_in(&head) {
        let rest = size - head.len();
        head.reserve_exact(rest);
        read(&mut head, rest as u64)?;
    }
    Ok(head)
}

/// True when `head`, the first bytes of an age file, holds its whole header: what says how
/// the file is locked and who opens it can then be read from `head` alone.
pub fn header_is_in(head: &[u8]) -> bool {
    decryptor(head).is_ok()
}

fn looks_like_age(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/")
        || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// True when the file is encrypted to a passphrase rather than to recipients.
pub fn is_passphrase_encrypted(ciphertext: &[u8]) -> Result<bool, DecryptFailure> {
    Ok(decryptor(ciphertext)?.is_scrypt())
}

/// The plaintext of an age file whose ciphertext is `size` bytes, read into one buffer of
/// that size: it never grows, so no copy of the secret is left behind in memory freed by a
/// reallocation (and a 10,000-account vault is not held twice while it is read). Its pages are
/// faulted in with one call ([`allocator::populate`]). A payload longer than its ciphertext (a
/// file that grew while it was read) is damage.
fn read_payload<R: Read>(mut reader: R, size: usize) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let mut plaintext = Zeroizing::new(vec![0u8; size]);
    allocator::populate(&mut plaintext);
    let mut filled = 0;
    loop {
        if filled == plaintext.len() {
            let mut probe = Zeroizing::new([0u8; 1]);
            return match reader.read(&mut probe[..]) {
                Ok(0) => Ok(plaintext),
                _ => Err(DecryptFailure::Damaged),
            };
        }
        match reader.read(&mut plaintext[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(DecryptFailure::Damaged),
        }
    }
    plaintext.truncate(filled);
    Ok(plaintext)
}

/// From this many bytes of ciphertext on, a file is decrypted in two halves at once, the
/// second on another core: at 10,000 accounts decryption took 13 ms of one core while the
/// other waited. Below, a thread costs more than it saves.
const TWO_HALVES_FROM: usize = 1 << 20;

/// age's chunk of plaintext: a file is decrypted a chunk at a time, and can be entered at any.
const CHUNK: u64 = 64 * 1024;

/// [`read_payload`] of the file `reader` decrypts, in two halves at once when it is large and
/// `again` gives the same file (opened a second time with its file key, caught as `reader`'s
/// header was opened). The halves are cut at a chunk, and decrypt to the bytes one reader
/// gets or fail as it does: every chunk is authenticated by the reader that decrypts it, the
/// last as the last (its place fixes the plaintext's length), and the first half's reader
/// goes on into the second half's first chunk, which must not follow a last one.
fn read_payload_again<R: Read>(
    mut reader: R,
    size: usize,
    again: Option<(&File, FileKey)>,
) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let Some((file, key)) = again.filter(|_| size >= TWO_HALVES_FROM) else {
        return read_payload(reader, size);
    };
    let Some((mut second, length, half)) = second_half(file, key, size) else {
        return read_payload(reader, size);
    };
    let mut plaintext = Zeroizing::new(vec![0u8; length]);
    let (first_half, second_half) = plaintext.split_at_mut(half);
    let (first, rest) = halves::join(
        || {
            // A byte of the second half, read only to decrypt its chunk here: wiped.
            let mut next = Zeroizing::new([0u8; 1]);
            allocator::populate(first_half);
            reader.read_exact(first_half)?;
            reader.read_exact(&mut next[..])
        },
        || {
            allocator::populate(second_half);
            second.read_exact(second_half)?;
            let mut probe = Zeroizing::new([0u8; 1]);
            match second.read(&mut probe[..])? {
                0 => Ok(()),
                _ => Err(std::io::Error::other("more than its length")),
            }
        },
    );
    first
        .and(rest)
        .map(|()| plaintext)
        .map_err(|_| DecryptFailure::Damaged)
}

/// A second reader of the file, at the start of its second half (a chunk's), with the
/// plaintext's length and that half's start. None when anything about it is odd (it does not
/// open, its length is not sure, the file is armored, which cannot be entered in the middle):
/// the one reader alone then says what the file is.
fn second_half(
    file: &File,
    key: FileKey,
    size: usize,
) -> Option<(age::stream::StreamReader<BufReader<At<'_>>>, usize, usize)> {
    use std::io::{Seek, SeekFrom};
    let at = At {
        file,
        at: 0,
        end: size as u64,
    };
    let decryptor = age::Decryptor::new_buffered(BufReader::new(at)).ok()?;
    let mut second = decryptor
        .decrypt(std::iter::once(&KnownKey(key) as &dyn age::Identity))
        .ok()?;
    // Its last chunk decrypted as the last: the length is the file's.
    let length = second.seek(SeekFrom::End(0)).ok()?;
    let half = length / 2 / CHUNK * CHUNK;
    (half > 0 && length <= size as u64 && second.seek(SeekFrom::Start(half)).ok()? == half)
        .then_some((second, length as usize, half as usize))
}

/// A file read at a position of its own (positioned reads), not the one its handle shares:
/// two readers of one open file at once. It ends where the file ended when it was opened
/// (`end`): a file written over in place and grown meanwhile must not hand age a last chunk
/// longer than a chunk, which age stops on as a bug; it fails to decrypt instead, and the
/// caller tells that the file changed.
struct At<'a> {
    file: &'a File,
    at: u64,
    end: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let left = self.end.saturating_sub(self.at);
        let wanted = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let read = self.file.read_at(&mut buf[..wanted], self.at)?;
        self.at += read as u64;
        Ok(read)
    }
}

impl std::io::Seek for At<'_> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        use std::io::SeekFrom;
        let at = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(by) => self.end.checked_add_signed(by),
            SeekFrom::Current(by) => self.at.checked_add_signed(by),
        };
        self.at = at.ok_or_else(|| std::io::Error::other("a position before the start"))?;
        Ok(self.at)
    }
}

/// The identities that open a file, in order, keeping a copy of the file key the first one
/// unwraps: a second reader of the file then opens it without a second scrypt or key
/// exchange ([`read_payload_again`]). age tries each identity as this does.
struct KeyCatcher<'a> {
    identities: Vec<&'a dyn age::Identity>,
    caught: std::sync::Mutex<Option<FileKey>>,
}

impl<'a> KeyCatcher<'a> {
    fn new(identities: impl Iterator<Item = &'a dyn age::Identity>) -> KeyCatcher<'a> {
        KeyCatcher {
            identities: identities.collect(),
            caught: std::sync::Mutex::new(None),
        }
    }

    /// The file key unwrapped, once the header opened with it.
    fn file_key(self) -> Option<FileKey> {
        self.caught.into_inner().ok().flatten()
    }

    fn catch(
        &self,
        unwrapped: Result<FileKey, age::DecryptError>,
    ) -> Result<FileKey, age::DecryptError> {
        if let (Ok(key), Ok(mut caught)) = (&unwrapped, self.caught.lock()) {
            *caught = Some(copy_of(key));
        }
        unwrapped
    }
}

impl age::Identity for KeyCatcher<'_> {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<FileKey, age::DecryptError>> {
        self.identities
            .iter()
            .find_map(|identity| identity.unwrap_stanza(stanza))
            .map(|unwrapped| self.catch(unwrapped))
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<FileKey, age::DecryptError>> {
        self.identities
            .iter()
            .find_map(|identity| identity.unwrap_stanzas(stanzas))
            .map(|unwrapped| self.catch(unwrapped))
    }
}

/// The identity of a file whose key is known: it opens that file's header, whose MAC then
/// proves the key.
struct KnownKey(FileKey);

impl age::Identity for KnownKey {
    fn unwrap_stanza(
        &self,
        _: &age_core::format::Stanza,
    ) -> Option<Result<FileKey, age::DecryptError>> {
        Some(Ok(copy_of(&self.0)))
    }
}

/// The payload of the file `decryptor` reads, opened by the first of `identities` that
/// unwraps its key (`refused` says why none did) and read as [`read_payload_again`] reads it,
/// in two halves at once when `file` gives it again.
fn open_payload<'a, R: Read>(
    decryptor: AgeDecryptor<R>,
    identities: impl Iterator<Item = &'a dyn age::Identity>,
    size: usize,
    file: Option<&File>,
    refused: impl FnOnce(age::DecryptError) -> DecryptFailure,
) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let catcher = KeyCatcher::new(identities);
    let reader = decryptor
        .decrypt(std::iter::once(&catcher as &dyn age::Identity))
        .map_err(refused)?;
    read_payload_again(reader, size, file.zip(catcher.file_key()))
}

fn copy_of(key: &FileKey) -> FileKey {
    use age::secrecy::ExposeSecret;
    FileKey::init_with_mut(|copy| copy.copy_from_slice(key.expose_secret()))
}

pub fn decrypt_with_passphrase(
    ciphertext: &[u8],
    passphrase: &SecretString,
) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    decrypt_with_passphrase_from(ciphertext, ciphertext, ciphertext.len(), None, passphrase)
}

/// [`decrypt_with_passphrase`] of the age file `source` reads (`size` bytes, starting with
/// `head`), never held whole.
pub fn decrypt_with_passphrase_from<R: Read>(
    source: R,
    head: &[u8],
    size: usize,
    file: Option<&File>,
    passphrase: &SecretString,
) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(SCRYPT_MAX_WORK_FACTOR);
    open_payload(
        decryptor_from(source, head)?,
        std::iter::once(&identity as &dyn age::Identity),
        size,
        file,
        |e| match e {
            // The scrypt stanza's file key failed to decrypt: the passphrase is wrong.
            age::DecryptError::DecryptionFailed => DecryptFailure::WrongKey,
            other => classify(other),
        },
    )
}

/// Decrypts with one identity (the agent's, for one) the age file `source` reads (`size`
/// bytes, starting with `head`), never held whole.
pub fn decrypt_with_identity_from<R: Read>(
    source: R,
    head: &[u8],
    size: usize,
    file: Option<&File>,
    identity: &dyn age::Identity,
) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let decryptor = decryptor_from(source, head)?;
    if decryptor.is_scrypt() {
        return Err(DecryptFailure::WrongKey);
    }
    open_payload(decryptor, std::iter::once(identity), size, file, classify)
}

/// True when `identity` opens the file's header (its payload is not read).
pub fn opens(ciphertext: &[u8], identity: &dyn age::Identity) -> bool {
    decryptor(ciphertext)
        .ok()
        .filter(|d| !d.is_scrypt())
        .is_some_and(|d| d.decrypt(std::iter::once(identity)).is_ok())
}

/// Decrypts with the first of `keyrings` that opens the file; returns its index too.
pub fn decrypt_with_keyrings(
    ciphertext: &[u8],
    keyrings: &[Keyring],
) -> Result<(Zeroizing<Vec<u8>>, usize), DecryptFailure> {
    let first = decryptor(ciphertext)?;
    if first.is_scrypt() {
        return Err(DecryptFailure::WrongKey);
    }
    // Each keyring gets a freshly parsed header (decrypting consumes it): that tells which
    // keyring opened the file, so the vault is saved back to the same key.
    let mut next = Some(first);
    for (index, keyring) in keyrings.iter().enumerate() {
        let decryptor = match next.take() {
            Some(parsed) => parsed,
            None => decryptor(ciphertext)?,
        };
        match decryptor.decrypt(keyring.age_identities()) {
            Ok(reader) => return read_payload(reader, ciphertext.len()).map(|p| (p, index)),
            Err(e) => match classify(e) {
                DecryptFailure::WrongKey => continue,
                other => return Err(other),
            },
        }
    }
    Err(DecryptFailure::WrongKey)
}

/// [`decrypt_with_keyrings`] of the age file `source` reads (`size` bytes, starting with
/// `head`): with one keyring, streamed and never held whole. With several, the file is read
/// whole first and each keyring tried in turn: finding the one that opens it on a header
/// parsed apart would ask an SSH key's passphrase twice.
pub fn decrypt_with_keyrings_from<R: Read>(
    source: R,
    head: &[u8],
    size: usize,
    file: Option<&File>,
    keyrings: &[Keyring],
) -> Result<(Zeroizing<Vec<u8>>, usize), DecryptFailure> {
    let [keyring] = keyrings else {
        let mut whole = Vec::with_capacity(size + 1);
        source
            .take(size as u64 + 1)
            .read_to_end(&mut whole)
            .map_err(|_| DecryptFailure::Damaged)?;
        return decrypt_with_keyrings(&whole, keyrings);
    };
    let decryptor = decryptor_from(source, head)?;
    if decryptor.is_scrypt() {
        return Err(DecryptFailure::WrongKey);
    }
    open_payload(decryptor, keyring.age_identities(), size, file, classify).map(|p| (p, 0))
}

/// The keys of one identity file: what decrypts, and (on demand, since deriving a public
/// key costs a scalar multiplication that reading never needs) what to encrypt to.
pub struct Keyring {
    pub path: PathBuf,
    pub identities: Vec<Box<dyn age::Identity>>,
    kind: KeyringKind,
    source: Zeroizing<Vec<u8>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyringKind {
    Age,
    SshUnencrypted,
    SshEncrypted,
}

impl Keyring {
    /// Its identities, as age takes them.
    fn age_identities(&self) -> impl Iterator<Item = &dyn age::Identity> {
        self.identities
            .iter()
            .map(|i| i.as_ref() as &dyn age::Identity)
    }

    /// True when using it asks for a passphrase (an encrypted SSH private key).
    pub fn asks_for_a_passphrase(&self) -> bool {
        self.kind == KeyringKind::SshEncrypted
    }

    /// The recipients matching this file's identities (none for a passphrase-protected
    /// SSH key, whose public half is not in the file).
    pub fn recipients(&self) -> Vec<AnyRecipient> {
        match self.kind {
            // Each line an X25519 key, as age reads an identity file (comments and blank lines
            // aside); read here rather than by age, whose recipients cannot be shared between
            // threads. A file with any other line has none.
            KeyringKind::Age => std::str::from_utf8(&self.source)
                .ok()
                .and_then(|text| {
                    text.lines()
                        .filter(|line| !line.is_empty() && !line.starts_with('#'))
                        .map(|line| {
                            let identity = line.parse::<age::x25519::Identity>().ok()?;
                            Some(Box::new(identity.to_public()) as AnyRecipient)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            KeyringKind::SshUnencrypted => {
                age::ssh::Identity::from_buffer(BufReader::new(&self.source[..]), None)
                    .ok()
                    .and_then(|identity| age::ssh::Recipient::try_from(identity).ok())
                    .map(|r| Box::new(r) as AnyRecipient)
                    .into_iter()
                    .collect()
            }
            KeyringKind::SshEncrypted => Vec::new(),
        }
    }
}

impl Keyring {
    /// The keyring of an age identity file's text held in memory (a vault's own identity,
    /// once unwrapped with its passphrase); `path` names where it came from.
    pub fn from_age_text(path: &Path, source: Zeroizing<Vec<u8>>) -> Option<Keyring> {
        let file = age::IdentityFile::from_buffer(BufReader::new(&source[..])).ok()?;
        let identities: Vec<Box<dyn age::Identity>> = file
            .into_identities()
            .ok()?
            .into_iter()
            .map(|i| i as Box<dyn age::Identity>)
            .collect();
        (!identities.is_empty()).then(|| Keyring {
            path: path.to_path_buf(),
            identities,
            kind: KeyringKind::Age,
            source,
        })
    }

    /// The identity file's text (what the agent is handed).
    pub fn source(&self) -> &[u8] {
        &self.source
    }

    /// The public keys (`age1...`) of the age X25519 identities in this keyring.
    pub fn x25519_recipients(&self) -> Vec<String> {
        let Ok(text) = std::str::from_utf8(&self.source) else {
            return Vec::new();
        };
        text.lines()
            .map(str::trim)
            .filter(|l| l.starts_with("AGE-SECRET-KEY-"))
            .filter_map(|l| l.parse::<age::x25519::Identity>().ok())
            .map(|i| i.to_public().to_string())
            .collect()
    }
}

/// Reads an identity file: age X25519 identities (one a line, `#` comments) or an OpenSSH
/// private key (ed25519 or RSA). A file readable by others is refused, as ssh refuses it.
pub fn load_identity_file(path: &Path) -> Result<Keyring> {
    let meta =
        std::fs::metadata(path).map_err(|e| Error::io("read the identity file", path, &e))?;
    if !meta.is_file() {
        return Err(Error::new(format!(
            "the identity file {} is not a regular file",
            path.display()
        ))
        .hint("give the file age-keygen or `mfa-kit init` wrote"));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(Error::new(format!(
            "the identity file {} can be read by other users",
            path.display()
        ))
        .hint(format!("run: chmod 600 {}", path.display())));
    }
    let source = Zeroizing::new(read_bounded(path, "the identity file")?);
    let keyring = |identities, kind, source| Keyring {
        path: path.to_path_buf(),
        identities,
        kind,
        source,
    };
    if let Ok(file) = age::IdentityFile::from_buffer(BufReader::new(&source[..])) {
        let identities: Vec<Box<dyn age::Identity>> = file
            .into_identities()
            .unwrap_or_default()
            .into_iter()
            .map(|i| i as Box<dyn age::Identity>)
            .collect();
        if !identities.is_empty() {
            return Ok(keyring(identities, KeyringKind::Age, source));
        }
    }
    let filename = Some(path.display().to_string());
    match age::ssh::Identity::from_buffer(BufReader::new(&source[..]), filename) {
        Ok(identity @ age::ssh::Identity::Unencrypted(_)) => Ok(keyring(
            vec![Box::new(identity)],
            KeyringKind::SshUnencrypted,
            source,
        )),
        Ok(identity @ age::ssh::Identity::Encrypted(_)) => Ok(keyring(
            vec![Box::new(identity.with_callbacks(TerminalCallbacks))],
            KeyringKind::SshEncrypted,
            source,
        )),
        Ok(age::ssh::Identity::Unsupported(_)) => Err(Error::new(format!(
            "the identity file {} holds an SSH key type age cannot decrypt with",
            path.display()
        ))
        .hint("use an age identity (age-keygen) or an ssh-ed25519 or ssh-rsa key")),
        Err(_) if looks_like_age(&source) => Err(Error::new(format!(
            "the identity file {} is itself encrypted (a passphrase vault's own identity?)",
            path.display()
        ))
        .hint("for a passphrase vault, give no --identity: mfa-kit asks for the passphrase")),
        Err(_) => Err(Error::new(format!(
            "the identity file {} holds no age identity and no OpenSSH private key",
            path.display()
        ))
        .hint("give the file age-keygen wrote, or an SSH private key")),
    }
}

/// Asks for the passphrase of an encrypted SSH key on the terminal, when there is one.
#[derive(Clone, Copy)]
struct TerminalCallbacks;

impl age::Callbacks for TerminalCallbacks {
    fn display_message(&self, _message: &str) {}

    fn confirm(&self, _: &str, _: &str, _: Option<&str>) -> Option<bool> {
        None
    }

    fn request_public_string(&self, _: &str) -> Option<String> {
        None
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        crate::sys::passphrase::prompt(&format!("{description}: "), "the SSH key").ok()
    }
}

/// An identity file's text encrypted with a passphrase, as `age -p` writes it: what stock age
/// reads with `age -d -i FILE` (it asks for the passphrase).
pub fn wrap_identity(text: &[u8], passphrase: &SecretString) -> Result<Vec<u8>> {
    encrypt(text, &Key::Passphrase(passphrase.clone()), false)
}

/// Generates a new age X25519 identity: the file's text and the public recipient.
pub fn generate_identity(now: u64) -> (Zeroizing<String>, String) {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let text = Zeroizing::new(format!(
        "# created by mfa-kit at unix time {now}\n# public key: {recipient}\n{}\n",
        identity.to_string().expose_secret()
    ));
    (text, recipient)
}

/// Parses one recipient: an age X25519 public key (`age1...`) or an SSH public key
/// (ssh-ed25519 or ssh-rsa). ECDSA and other SSH keys are refused: age cannot encrypt to them.
pub fn parse_recipient(text: &str) -> Result<AnyRecipient, String> {
    let text = text.trim();
    if text.starts_with("age1") {
        return text
            .parse::<age::x25519::Recipient>()
            .map(|r| Box::new(r) as AnyRecipient)
            .map_err(|_| {
                "it starts like an age recipient (age1...) but is not a valid one".to_string()
            });
    }
    if text.starts_with("ecdsa-") || text.starts_with("sk-") {
        return Err(format!(
            "age cannot encrypt to {} keys; use an age key (age-keygen), or an ssh-ed25519 or ssh-rsa key",
            text.split_whitespace().next().unwrap_or("these")
        ));
    }
    match text.parse::<age::ssh::Recipient>() {
        Ok(r) => Ok(Box::new(r)),
        Err(age::ssh::ParseRecipientKeyError::RsaModulusTooSmall) => {
            Err("this ssh-rsa key is shorter than the 2048 bits age accepts".to_string())
        }
        Err(age::ssh::ParseRecipientKeyError::Unsupported(kind)) => Err(format!(
            "age cannot encrypt to {kind} keys; use an age key, or an ssh-ed25519 or ssh-rsa key"
        )),
        Err(_) if text.starts_with("AGE-SECRET-KEY-") => Err(
            "this is a secret key, not a recipient: give its public key (age-keygen -y KEYFILE)"
                .to_string(),
        ),
        Err(_) => Err(
            "it is not a recipient (give an age1... key or an ssh-ed25519 / ssh-rsa public key)"
                .to_string(),
        ),
    }
}

/// The recipients in a recipients file, in age's format: one a line, `#` comments and blank
/// lines allowed.
pub fn read_recipients_file(path: &Path) -> Result<Vec<(String, AnyRecipient)>> {
    let bytes = read_bounded(path, "the recipients file")?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::new(format!(
            "the recipients file {} is not text",
            path.display()
        ))
    })?;
    let mut recipients = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let recipient = parse_recipient(line).map_err(|e| {
            Error::new(format!(
                "the recipients file {}, line {}: {e}",
                path.display(),
                index + 1
            ))
        })?;
        recipients.push((line.to_string(), recipient));
    }
    if recipients.is_empty() {
        return Err(Error::new(format!(
            "the recipients file {} names no recipient",
            path.display()
        ))
        .hint("put one age1... or ssh- public key a line"));
    }
    Ok(recipients)
}

/// A decrypted backup's document: gunzipped when it is gzip (a printed kit's is), bounded so
/// that a crafted one cannot expand without end.
pub fn document_bytes(plaintext: Zeroizing<Vec<u8>>) -> Result<Zeroizing<Vec<u8>>> {
    use std::io::Read;
    if !plaintext.starts_with(&[0x1f, 0x8b]) {
        return Ok(plaintext);
    }
    let limit = crate::sys::fs::MAX_READ_BYTES;
    let mut out = Zeroizing::new(Vec::new());
    flate2::read::GzDecoder::new(&plaintext[..])
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|_| {
            Error::new("the backup decrypts to a damaged gzip stream")
                .hint("use another copy of the backup")
        })?;
    if out.len() as u64 > limit {
        return Err(Error::new(format!(
            "the backup's document is larger than {} MiB once uncompressed",
            limit >> 20
        ))
        .hint("check that it is a backup mfa-kit wrote"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file read through a plain reader (binary, long enough) is judged as through armor's:
    /// short files that start as age are damaged (armor's reader finds them truncated), other
    /// bytes are no age file, and a whole file's header reads.
    #[test]
    fn age_files_are_judged_alike_whichever_reader_takes_them() {
        let judged = |bytes: &[u8]| decryptor(bytes).map(|_| ()).err();
        for short in [
            &b"age-encryption.org/v1\n"[..],
            b"age-encryption.org/v1\nx",
            b"age-encryption.org/v1\n\n",
        ] {
            assert_eq!(judged(short), Some(DecryptFailure::Damaged), "{short:?}");
        }
        assert_eq!(
            judged(b"not an age file at all, and long enough"),
            Some(DecryptFailure::NotAge)
        );
        let identity = age::x25519::Identity::generate();
        let key = Key::Recipients(vec![Box::new(identity.to_public())]);
        for armor in [false, true] {
            let file = encrypt(b"version = 1\n", &key, armor).unwrap();
            assert!(matches!(AgeBytes::new(&file[..], &file), AgeBytes::Binary(_)) != armor);
            assert_eq!(judged(&file), None);
        }
    }

    /// A large file decrypted in two halves gives what one reader gives, at sizes around a
    /// chunk's and the threshold, and fails as one reader does wherever it is damaged: a
    /// changed byte in either half or in the last chunk, a chunk missing, bytes appended.
    #[test]
    fn two_halves_decrypt_as_one_reader_does() {
        let identity = age::x25519::Identity::generate();
        let recipient: AnyRecipient = Box::new(identity.to_public());
        let key = Key::Recipients(vec![recipient]);
        let chunk = CHUNK as usize;
        let encrypted_chunk = chunk + 16;
        for length in [
            TWO_HALVES_FROM,
            TWO_HALVES_FROM + 1,
            32 * chunk,
            32 * chunk - 1,
            40 * chunk + 7,
        ] {
            let plaintext: Vec<u8> = (0..length).map(|i| (i * 7 + i / 999) as u8).collect();
            let ciphertext = encrypt(&plaintext, &key, false).unwrap();
            let payload_start = ciphertext.len()
                - (length.div_ceil(chunk) * encrypted_chunk
                    - (length.div_ceil(chunk) * chunk - length));
            let mut cases = vec![("as written", ciphertext.clone())];
            for (what, at) in [
                (
                    "a byte of the first half",
                    payload_start + 3 * encrypted_chunk + 5,
                ),
                (
                    "a byte of the second half",
                    ciphertext.len() - 4 * encrypted_chunk,
                ),
                ("a byte of the last chunk", ciphertext.len() - 3),
            ] {
                let mut damaged = ciphertext.clone();
                damaged[at] ^= 1;
                cases.push((what, damaged));
            }
            let mut short = ciphertext.clone();
            short.drain(payload_start + 5 * encrypted_chunk..payload_start + 6 * encrypted_chunk);
            cases.push(("a chunk missing", short));
            let mut long = ciphertext.clone();
            long.push(0);
            cases.push(("a byte appended", long));
            for (what, bytes) in cases {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("file.age");
                std::fs::write(&path, &bytes).unwrap();
                // As the vault is read: its first bytes, then the file from there on.
                let decrypt = |in_two: bool| {
                    let mut file = File::open(&path).unwrap();
                    let head = &bytes[..16];
                    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(16)).unwrap();
                    let source = std::io::Read::chain(head, &file);
                    let again = in_two.then_some(&file);
                    decrypt_with_identity_from(source, head, bytes.len(), again, &identity)
                };
                let one = decrypt(false);
                let two = decrypt(true);
                assert_eq!(two, one, "{length} bytes, {what}");
                match what {
                    "as written" => assert_eq!(one.unwrap().as_slice(), &plaintext[..]),
                    _ => assert_eq!(one, Err(DecryptFailure::Damaged), "{what}"),
                }
            }
            // The file key, as the first reader catches it.
            let file_key = || {
                let catcher = KeyCatcher::new(std::iter::once(&identity as &dyn age::Identity));
                decryptor(&ciphertext)
                    .unwrap()
                    .decrypt(std::iter::once(&catcher as &dyn age::Identity))
                    .unwrap();
                catcher.file_key().unwrap()
            };
            // Written over in place and grown while it was read: the second reader reads the
            // file as long as it was when opened, and age is never handed an overlong chunk.
            let grown = tempfile::NamedTempFile::new().unwrap();
            let mut longer = ciphertext.clone();
            longer.extend(std::iter::repeat_n(7u8, 3 * encrypted_chunk));
            std::fs::write(grown.path(), &longer).unwrap();
            let file = File::open(grown.path()).unwrap();
            let (_, found, _) = second_half(&file, file_key(), ciphertext.len()).unwrap();
            assert_eq!(found, length);
            // The second half's reader opens such a file (the halves are what was tested).
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("file.age");
            std::fs::write(&path, &ciphertext).unwrap();
            let file = File::open(&path).unwrap();
            let (_, found, half) = second_half(&file, file_key(), ciphertext.len()).unwrap();
            assert_eq!(found, length);
            assert!(
                half > 0 && half % chunk == 0 && half + chunk < length,
                "{half}"
            );
        }
    }
}
