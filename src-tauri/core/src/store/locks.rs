//! One holder at a time per Zoom account across every process on this computer (local) or every
//! member's computer (team): a refresh of a rotating token set must never be sent twice. An OS
//! file lock, or a lock of the team's database, so a process killed while it holds one lets go.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::Result;

pub const LOCKS_DIR: &str = "locks";

/// Held until dropped; the OS releases it with the file, the database with the transaction.
pub struct AccountLock {
    _held: Held,
}

// Held for what dropping it does.
#[allow(dead_code)]
enum Held {
    File(File),
    Database(sqlx::Transaction<'static, sqlx::Any>),
}

impl std::fmt::Debug for AccountLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self._held {
            Held::File(_) => "AccountLock(file)",
            Held::Database(_) => "AccountLock(database)",
        })
    }
}

impl AccountLock {
    pub(super) fn database(tx: sqlx::Transaction<'static, sqlx::Any>) -> Self {
        Self { _held: Held::Database(tx) }
    }
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
    Ok(AccountLock { _held: Held::File(file) })
}
