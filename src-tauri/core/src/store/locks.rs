//! One holder at a time per Zoom account across every process on this computer: a refresh of a
//! rotating token set must never be sent twice. An OS file lock, so a process killed while it
//! holds one lets go at once.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::Result;

pub const LOCKS_DIR: &str = "locks";

/// Held until dropped; the OS releases it with the file.
#[derive(Debug)]
pub struct AccountLock {
    _file: File,
}

pub(super) async fn lock_account(dir: &Path, account_id: i64) -> Result<AccountLock> {
    let path: PathBuf = dir.join(LOCKS_DIR).join(format!("zoom-account-{account_id}.lock"));
    // `File::lock` blocks the thread until the other holder lets go.
    let file = tokio::task::spawn_blocking(move || -> std::io::Result<File> {
        std::fs::create_dir_all(path.parent().expect("a lock file has a folder"))?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
        file.lock()?;
        Ok(file)
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(AccountLock { _file: file })
}
