//! The index folder on disk: tantivy's memory-mapped directory, with two
//! changes so that an index can be shared on a machine. Files written in
//! one piece (`meta.json`, `.managed.json`) get the modes the umask gives,
//! like every other file, instead of the owner-only mode of a temporary
//! file; and a user who may read the index but not write to it can still
//! take the lock readers take while they open it.
//!
//! Everything else is `MmapDirectory`'s.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// The index folder: tantivy's `MmapDirectory` with umask modes for every
/// file and a lock that read-only users can take.
#[derive(Debug, Clone)]
pub struct IndexFolder {
    inner: MmapDirectory,
    root: PathBuf,
}

/// The prefix of the files an atomic write writes before renaming them;
/// one left by a killed process is removed by [`IndexFolder::remove_leftovers`].
const PARTIAL: &str = ".newsdex-partial-";

impl IndexFolder {
    /// The index folder at `root`, which must exist.
    pub fn open(root: &Path) -> Result<IndexFolder, OpenDirectoryError> {
        Ok(IndexFolder {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }

    /// Removes the partial files of atomic writes that a killed process
    /// left behind.
    pub fn remove_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().starts_with(PARTIAL) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A lock held through an open file: released when dropped.
struct HeldLock {
    _file: File,
}

impl Directory for IndexFolder {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    /// Writes the whole file aside, with the mode a new file gets (the
    /// umask's), and renames it into place.
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let target = self.root.join(path);
        let partial = self.root.join(format!(
            "{PARTIAL}{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&partial)?;
            file.write_all(data)?;
            file.sync_data()?;
            std::fs::rename(&partial, &target)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    /// tantivy opens a lock file for writing; a user who may only read the
    /// index opens the readers' lock file for reading instead (a lock on a
    /// file does not need write access).
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // Only the readers' lock: a user who may not write the index
            // cannot be its writer.
            Err(LockError::IoError(err))
                if err.kind() == io::ErrorKind::PermissionDenied
                    && lock.filepath == META_LOCK.filepath =>
            {
                let file = File::open(self.root.join(&lock.filepath))
                    .map_err(|_| LockError::IoError(err.clone()))?;
                if lock.is_blocking {
                    file.lock().map_err(LockError::wrap_io_error)?;
                } else {
                    match file.try_lock() {
                        Ok(()) => {}
                        Err(std::fs::TryLockError::WouldBlock) => return Err(LockError::LockBusy),
                        Err(std::fs::TryLockError::Error(err)) => {
                            return Err(LockError::wrap_io_error(err))
                        }
                    }
                }
                Ok(DirectoryLock::from(Box::new(HeldLock { _file: file })))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_written_whole_get_the_mode_of_any_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = IndexFolder::open(dir.path()).unwrap();
        folder.atomic_write(Path::new("meta.json"), b"{}").unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("meta.json")), mode(&plain));
        assert_eq!(std::fs::read(dir.path().join("meta.json")).unwrap(), b"{}");
        // No partial file is left.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with(PARTIAL)), "{names:?}");
        std::fs::write(dir.path().join(format!("{PARTIAL}1-1")), b"x").unwrap();
        folder.remove_leftovers();
        assert!(!dir.path().join(format!("{PARTIAL}1-1")).exists());
    }
}
