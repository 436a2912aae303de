//! The store: one API over two backends, this computer's SQLite file (local) and the team's
//! PostgreSQL database (team), spoken to through sqlx's `Any` driver with `$n` placeholders,
//! which both understand. Knows nothing of HTTP or Tauri.

mod columns;
mod events;
pub mod files;
mod local;
mod locks;
mod meetings;
mod models;
mod profiles;
pub mod team;
mod token_key;
mod vault;
mod zoom;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::{Any, AnyPool, Transaction};

pub use locks::AccountLock;
pub use meetings::Purge;
pub use models::*;
pub use team::{TeamAccess, TeamError};
pub use token_key::{FINGERPRINT_SETTING, STORAGE_SETTING};
pub use vault::{decode_key, encode_key, fingerprint, new_key, KeyRecord, KeyStorage, Vault, VaultError, KEY_FILE};
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
    #[error(transparent)]
    Team(#[from] TeamError),
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
        e.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
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

/// Which database the store speaks to. Queries are written once for both; what differs sits in
/// `local.rs` and `team.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// This computer's SQLite file.
    Local,
    /// The team's PostgreSQL database, signed in to as the member's own role.
    Team,
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    vault: Arc<Vault>,
    place: Place,
}

#[derive(Clone, Debug)]
enum Place {
    Local { dir: PathBuf },
    Team(team::Database),
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
        let pool = local::open(dir).await?;
        let opened = async {
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
            Ok(vault) => Ok(Self { pool, vault: Arc::new(vault), place: Place::Local { dir: dir.to_owned() } }),
            Err(error) => {
                pool.close().await;
                Err(error)
            }
        }
    }

    /// Signs in to the team's database as `access.role`. Tokens are sealed with the team's key,
    /// which must be the one the database records.
    pub async fn open_team(access: &TeamAccess, key: &[u8; 32]) -> Result<Self> {
        let database = team::Database::connect(access, key).await?;
        let pool = database.pool().clone();
        match team::check_key(&pool, key).await {
            Ok(()) => Ok(Self { pool, vault: Arc::new(Vault::team(key)), place: Place::Team(database) }),
            Err(error) => {
                database.close().await;
                Err(error)
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self.place {
            Place::Local { .. } => Backend::Local,
            Place::Team(_) => Backend::Team,
        }
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Waits until no other holder works on the account's tokens: in this process or another on
    /// this computer (local), or on any member's computer (team).
    pub async fn lock_account(&self, account_id: i64) -> Result<AccountLock> {
        match &self.place {
            Place::Local { dir } => locks::lock_account(dir, account_id).await,
            Place::Team(database) => database.lock_account(account_id).await,
        }
    }

    /// In team mode, the turn to sync the account across every member's computer, so that many
    /// windows open on one event cost Zoom one sync (the others then find it fresh). Locally the
    /// app's own turn is enough.
    pub async fn sync_turn(&self, account_id: i64) -> Result<Option<AccountLock>> {
        match &self.place {
            Place::Local { .. } => Ok(None),
            Place::Team(database) => Ok(Some(database.sync_turn(account_id).await?)),
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every connection the store holds.
    pub async fn close(&self) {
        self.pool.close().await;
        if let Place::Team(database) = &self.place {
            database.close().await;
        }
    }

    /// A write transaction. On SQLite it takes the write lock up front, so a read-then-write
    /// never fails half-way on SQLite's single-writer rule.
    pub async fn write(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.place {
            Place::Local { .. } => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Place::Team(_) => self.pool.begin().await?,
        })
    }

    /// The team's database, in team mode.
    pub(crate) fn team(&self) -> Option<&team::Database> {
        match &self.place {
            Place::Team(database) => Some(database),
            Place::Local { .. } => None,
        }
    }
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests;

/// The `Any` driver finds its backends in a registry filled once per process.
fn install_drivers() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(sqlx::any::install_default_drivers);
}
