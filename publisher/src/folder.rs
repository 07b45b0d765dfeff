//! The snapshot folder on disk: its lock, and files replaced whole (written beside their
//! final name, flushed to disk, renamed into place), so a reader sees the old file or the
//! new one, never half of one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The lock file in the folder.
pub const LOCK_FILE: &str = ".publisher.lock";
/// The largest file read back (the reader's limit).
const MAX_READ_BYTES: u64 = 4 * 1024 * 1024;

/// The folder, locked for this publisher while the value lives.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    _lock: File,
}

/// Why the folder could not be had.
#[derive(Debug)]
pub enum LockError {
    /// Another publisher holds the lock.
    Busy(PathBuf),
    /// The folder or its lock file could not be made or opened.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy(path) => write!(
                f,
                "another publisher is writing this folder ({} is locked); this run publishes nothing",
                path.display()
            ),
            LockError::Io(path, e) => write!(f, "cannot use {}: {e}", path.display()),
        }
    }
}

impl Folder {
    /// Creates `dir` if needed and takes its lock without waiting: a second publisher on the
    /// same folder gives up at once (it would read the API for nothing).
    pub fn lock(dir: &Path) -> Result<Folder, LockError> {
        std::fs::create_dir_all(dir).map_err(|e| LockError::Io(dir.to_owned(), e))?;
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| LockError::Io(path.clone(), e))?;
        match file.try_lock() {
            Ok(()) => Ok(Folder {
                dir: dir.to_owned(),
                _lock: file,
            }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy(path)),
            Err(TryLockError::Error(e)) => Err(LockError::Io(path, e)),
        }
    }

    /// The folder's path.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file's text if it is there and within the reader's size limit; `Ok(None)` if absent.
    pub fn read(&self, name: &str) -> io::Result<Option<String>> {
        let file = match File::open(self.dir.join(name)) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut text = String::new();
        file.take(MAX_READ_BYTES + 1).read_to_string(&mut text)?;
        if text.len() as u64 > MAX_READ_BYTES {
            return Err(io::Error::other(format!("{name} is larger than 4 MiB")));
        }
        Ok(Some(text))
    }

    /// Replaces `name` with `bytes`: written to `.NAME.tmp-PID` beside it, flushed, renamed.
    pub fn replace(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let prefix = format!(".{name}.tmp-{}", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Read by the web server that serves the folder; the folder's own permissions
            // (and the intranet's sign-in) keep it from anyone else.
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        // Only this publisher writes here (the lock); a leftover from a crashed run of the
        // same process id is stale.
        let stale = self.dir.join(&prefix);
        if stale.exists() {
            std::fs::remove_file(&stale)?;
        }
        let mut file = builder.tempfile_in(&self.dir)?;
        file.write_all(bytes)?;
        file.as_file().sync_all()?;
        file.persist(self.dir.join(name)).map_err(|e| e.error)?;
        // The rename itself to disk; best effort (some file systems refuse to sync a folder).
        #[cfg(unix)]
        let _ = File::open(&self.dir).and_then(|dir| dir.sync_all());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = Folder::lock(dir.path()).expect("first lock");
        assert!(matches!(Folder::lock(dir.path()), Err(LockError::Busy(_))));
        drop(first);
        assert!(Folder::lock(dir.path()).is_ok());
    }

    #[test]
    fn a_replaced_file_has_the_new_content_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = Folder::lock(dir.path()).expect("lock");
        folder
            .replace("snapshot.json", b"{\"a\":1}")
            .expect("write");
        folder
            .replace("snapshot.json", b"{\"a\":2}")
            .expect("write again");
        assert_eq!(
            folder.read("snapshot.json").expect("read").as_deref(),
            Some("{\"a\":2}")
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
        assert_eq!(folder.read("absent.json").expect("read"), None);
    }
}
