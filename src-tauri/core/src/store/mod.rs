//! SQLite: the pool, its pragmas, migrations and the repositories.
//! Knows nothing of HTTP or Tauri.

mod events;
pub mod files;
mod locks;
mod meetings;
mod models;
mod profiles;
mod token_key;
mod vault;
mod zoom;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

pub use locks::AccountLock;
pub use meetings::Purge;
pub use models::*;
pub use token_key::{FINGERPRINT_SETTING, STORAGE_SETTING};
pub use vault::{fingerprint, KeyRecord, KeyStorage, Vault, VaultError, KEY_FILE};
pub use zoom::{AccountTokens, Detached, Linked, NewZoomAccount, Orphan, PendingAuthorization, Tokens};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("an account lock could not be taken: {0}")]
    Lock(#[from] std::io::Error),
}

impl StoreError {
    /// A UNIQUE or CHECK constraint refused the write: the caller's input, not the disk, is at fault.
    pub fn is_constraint_violation(&self) -> bool {
        matches!(self, StoreError::Sqlx(sqlx::Error::Database(e))
            if e.is_unique_violation() || e.is_check_violation() || e.is_foreign_key_violation())
    }
}

impl StoreError {
    /// What the disk refused, if that is the trouble: SQLite's primary result code.
    pub fn disk_trouble(&self) -> Option<DiskTrouble> {
        let StoreError::Sqlx(sqlx::Error::Database(e)) = self else { return None };
        // Extended codes keep the primary code in their low byte.
        match e.code()?.parse::<i32>().ok()? & 0xff {
            13 => Some(DiskTrouble::Full),
            8 => Some(DiskTrouble::ReadOnly),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskTrouble {
    Full,
    ReadOnly,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub const DATABASE_FILE: &str = "myscihub.db";

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    vault: Arc<Vault>,
    dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `dir` and brings its schema up to date.
    /// Secrets are sealed with the key the store's record names (see `Vault::open`); a first key
    /// goes to the OS keychain when `keychain` is on and one answers, else to a key file.
    /// The key never changes silently: a recorded key that cannot be had is an error
    /// (`StoreError::Vault`), and opening again once it is back works.
    pub async fn open(dir: &Path, keychain: bool) -> Result<Self> {
        Self::open_with(dir, keychain, false).await
    }

    /// Opens the store with a new token key, forgetting the Zoom access the old one sealed: the
    /// way on when that key is lost. Every Zoom account must then be connected again.
    pub async fn open_with_new_key(dir: &Path, keychain: bool) -> Result<Self> {
        Self::open_with(dir, keychain, true).await
    }

    async fn open_with(dir: &Path, keychain: bool, new_key: bool) -> Result<Self> {
        files::private_dir(dir);
        let database = dir.join(DATABASE_FILE);
        files::private_database(&database).map_err(sqlx::Error::Io)?;
        let options = SqliteConnectOptions::new()
            .filename(&database)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        migrate(options.clone()).await?;
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        let opened = async {
            files::private_database(&database).map_err(sqlx::Error::Io)?;
            if new_key {
                tracing::warn!("a new token key: the saved Zoom access is forgotten, the accounts must be connected again");
                token_key::forget_sealed(&pool).await?;
            }
            let record = token_key::record(&pool).await?;
            let sealed = token_key::sealed_secrets(&pool).await?;
            let vault = Vault::open(dir, record.as_ref(), keychain, &sealed)?;
            if record.as_ref() != Some(&vault.record()) {
                token_key::save_record(&pool, &vault.record()).await?;
                tracing::info!(storage = ?vault.storage(), "the token key is recorded");
            }
            Ok::<_, StoreError>(vault)
        }
        .await;
        match opened {
            Ok(vault) => Ok(Self { pool, vault: Arc::new(vault), dir: dir.to_owned() }),
            Err(error) => {
                pool.close().await;
                Err(error)
            }
        }
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Waits until no other holder, in this process or another, works on the account's tokens.
    pub async fn lock_account(&self, account_id: i64) -> Result<AccountLock> {
        locks::lock_account(&self.dir, account_id).await
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction that takes the write lock up front, so a read-then-write
    /// never fails half-way on SQLite's single-writer rule.
    pub async fn write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Migrations run on a connection of their own with foreign keys off, as SQLite's procedure for
/// rebuilding a table requires; every reference is checked before the connection closes.
async fn migrate(options: SqliteConnectOptions) -> Result<()> {
    // A pool of one, not a bare connection: its futures are Send, as a command's must be.
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options.foreign_keys(false)).await?;
    let migrated = sqlx::migrate!("./migrations/sqlite").run(&pool).await;
    let dangling: Result<Vec<(String,)>, _> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check").fetch_all(&pool).await;
    pool.close().await;
    migrated?;
    if let Some((table,)) = dangling?.first() {
        return Err(StoreError::Sqlx(sqlx::Error::Protocol(format!("a migration left a dangling reference in {table}"))));
    }
    Ok(())
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests;
