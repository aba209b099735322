//! Files that hold secrets: created 0600 in folders created 0700, written to a temporary file
//! in the same folder, synced, renamed over the old one and the folder synced, so a crash
//! leaves the old file or the new one and never a mix. Also the writers' lock of a vault.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Prefix of the temporary files written beside a target: a crash can leave one behind, and
/// it is recognisable (and removable) by this name.
pub const TEMP_PREFIX: &str = ".mfa-kit-tmp-";

/// The largest file mfa-kit reads whole (a vault of tens of thousands of accounts is far
/// below it); a larger one is refused rather than exhausting memory.
pub const MAX_READ_BYTES: u64 = 256 * 1024 * 1024;

/// Creates `dir` and its missing parents, each new one with mode 0700.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io("create the folder", dir, &e))
}

/// The folder a file lives in (`.` for a bare file name).
pub fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// How an atomic write treats a file already at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    Refuse,
}

/// Writes `bytes` to `path` atomically with mode 0600.
pub fn write_private_atomic(path: &Path, bytes: &[u8], existing: Existing) -> Result<()> {
    let dir = parent_of(path);
    create_private_dir(&dir)?;
    let action = "write";
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(&dir)
        .map_err(|e| Error::io(action, path, &e))?;
    temp.write_all(bytes)
        .and_then(|_| temp.as_file().sync_all())
        .map_err(|e| Error::io(action, path, &e))?;
    // A failed write or sync returns above: the temp file is removed on drop and the rename
    // never happens, so the old file stays whole.
    match existing {
        Existing::Replace => temp.persist(path).map(drop),
        Existing::Refuse => temp.persist_noclobber(path).map(drop),
    }
    .map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            Error::new(format!("{} exists already", path.display()))
                .hint("choose another path or move that file away")
        } else {
            Error::io(action, path, &e.error)
        }
    })?;
    // The new file is in place: a failed sync of the folder cannot be undone, only reported.
    if let Err(e) = sync_dir(&dir) {
        crate::sys::output::note(format!(
            "warning: {} was written, but its folder could not be synced ({}); a power cut now could lose the change",
            path.display(),
            crate::error::describe_io(&e)
        ));
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Reads a whole file, refusing one larger than [`MAX_READ_BYTES`].
pub fn read_bounded(path: &Path, what: &str) -> Result<Vec<u8>> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::new(format!("{what} {} does not exist", path.display()))
        } else {
            Error::io(&format!("read {what}"), path, &e)
        }
    })?;
    read_all_bounded(file, what, &path.display().to_string())
}

/// Reads a stream whole, refusing more than [`MAX_READ_BYTES`].
pub fn read_all_bounded(reader: impl Read, what: &str, source: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_READ_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&format!("read {what}"), Path::new(source), &e))?;
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(Error::new(format!(
            "{what} {source} is larger than {} MiB",
            MAX_READ_BYTES >> 20
        ))
        .hint("check that it is the right file"));
    }
    Ok(bytes)
}

/// The writers' lock of one vault: held from reading the vault to renaming the new one into
/// place, so concurrent commands apply their changes one after the other.
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Waits for and takes the lock beside `vault` (`vault.age.lock`).
    pub fn acquire(vault: &Path) -> Result<Self> {
        create_private_dir(&parent_of(vault))?;
        let lock_path = lock_path(vault);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| Error::io("open the lock file", &lock_path, &e))?;
        loop {
            // SAFETY: flock on a file descriptor we own; released when the file is closed.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if rc == 0 {
                return Ok(WriteLock { _file: file });
            }
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(Error::io("lock", &lock_path, &err));
            }
        }
    }
}

pub fn lock_path(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    vault.with_file_name(name)
}

/// Removes temporary files that a killed mfa-kit left beside `target` more than an hour ago
/// (younger ones may belong to a writer still at work).
pub fn remove_stale_temps(target: &Path) {
    let Ok(entries) = fs::read_dir(parent_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn atomic_write_is_private_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/folder/file");
        write_private_atomic(&target, b"one", Existing::Replace).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"one");
        assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o600);
        assert_eq!(
            fs::metadata(dir.path().join("sub")).unwrap().mode() & 0o777,
            0o700
        );
        write_private_atomic(&target, b"two", Existing::Replace).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let err = write_private_atomic(&target, b"three", Existing::Refuse).unwrap_err();
        assert!(err.to_string().contains("exists already"));
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(target.parent().unwrap())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn lock_path_sits_beside_the_vault() {
        assert_eq!(
            lock_path(Path::new("/a/b/vault.age")),
            PathBuf::from("/a/b/vault.age.lock")
        );
    }
}
