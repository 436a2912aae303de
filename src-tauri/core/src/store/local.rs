//! The local backend: this computer's SQLite file, its pragmas and migrations.

use std::path::Path;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};

use super::{files, ConnectionNotice, HistoryAction, NewZoomAccount, Result, StoreError, DATABASE_FILE};

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The database in `dir`, created if needed, its schema brought up to date.
pub(super) async fn open(dir: &Path) -> Result<AnyPool> {
    super::install_drivers();
    files::private_dir(dir);
    let database = dir.join(DATABASE_FILE);
    files::private_database(&database).map_err(sqlx::Error::Io)?;
    let options = SqliteConnectOptions::new()
        .filename(&database)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    migrate(options).await?;
    // Any's options come from a URL, which carries no pragmas: each connection sets them itself.
    let url = format!("sqlite://{}?mode=rw", percent_encoding::utf8_percent_encode(&database.to_string_lossy(), URL_PATH));
    let pool = AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute(format!("PRAGMA busy_timeout = {}", BUSY_TIMEOUT.as_millis()).as_str()).await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    files::private_database(&database).map_err(sqlx::Error::Io)?;
    Ok(pool)
}

/// What a file name may not carry unescaped in the URL's path.
const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b'%').add(b'?').add(b'#').add(b' ');

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

// What the local backend does its own way; each has a team twin in `team.rs`.

pub(super) async fn insert_event(
    tx: &mut Transaction<'static, Any>,
    creator: i64,
    title: &str,
    time_zone: &str,
    dates: Option<(&str, &str)>,
) -> Result<i64> {
    let at = super::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (title, time_zone, starts_on, ends_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(title)
    .bind(time_zone)
    .bind(dates.map(|d| d.0))
    .bind(dates.map(|d| d.1))
    .bind(creator)
    .bind(&at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO event_admins (event_id, user_id, added_by, added_at) VALUES ($1, $2, NULL, $3)")
        .bind(id)
        .bind(creator)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

pub(super) async fn link_account(
    tx: &mut Transaction<'static, Any>,
    connection_id: i64,
    account: &NewZoomAccount,
    sealed: Vec<u8>,
    expires_at: i64,
) -> Result<i64> {
    let account_id: i64 = sqlx::query_scalar(
        "INSERT INTO zoom_accounts (zoom_user_id, email, display_name, user_type, timezone, zoom_account_id, oauth_url, api_url,
                                    scopes, tokens, access_expires_at, needs_reauth, connected_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false, $12, $12)
         ON CONFLICT (zoom_user_id) DO UPDATE SET
            email = excluded.email, display_name = excluded.display_name, user_type = excluded.user_type,
            timezone = excluded.timezone, zoom_account_id = excluded.zoom_account_id, oauth_url = excluded.oauth_url,
            api_url = excluded.api_url, scopes = excluded.scopes, tokens = excluded.tokens,
            tokens_version = tokens_version + 1, access_expires_at = excluded.access_expires_at,
            needs_reauth = false, needs_reauth_since = NULL, updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(&account.zoom_user_id)
    .bind(&account.email)
    .bind(&account.display_name)
    .bind(account.user_type)
    .bind(&account.timezone)
    .bind(&account.zoom_account_id)
    .bind(&account.oauth_url)
    .bind(&account.api_url)
    .bind(&account.scopes)
    .bind(sealed)
    .bind(expires_at)
    .bind(super::now())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE zoom_connections SET zoom_account_id = $1, notice = NULL WHERE id = $2")
        .bind(account_id)
        .bind(connection_id)
        .execute(&mut **tx)
        .await?;
    Ok(account_id)
}

/// "Used by a connection other than `$2`": every event's connections are in this file.
pub(super) const USED_ELSEWHERE: &str = "EXISTS (SELECT 1 FROM zoom_connections WHERE zoom_account_id = $1 AND id <> $2)";

/// Every event's connections are in this file, so the purge reaches them all here.
pub(super) async fn purge_account(
    tx: &mut Transaction<'static, Any>,
    account_id: i64,
    notice: ConnectionNotice,
    action: HistoryAction,
) -> Result<Vec<i64>> {
    let email: Option<String> =
        sqlx::query_scalar("SELECT email FROM zoom_accounts WHERE id = $1").bind(account_id).fetch_optional(&mut **tx).await?;
    let Some(email) = email else { return Ok(Vec::new()) };
    let connections: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, event_id, name FROM zoom_connections WHERE zoom_account_id = $1").bind(account_id).fetch_all(&mut **tx).await?;
    for (id, event_id, name) in &connections {
        sqlx::query("UPDATE zoom_connections SET zoom_account_id = NULL, notice = $1 WHERE id = $2").bind(notice).bind(id).execute(&mut **tx).await?;
        super::zoom::record(tx, *event_id, action, None, name, Some(&email), None).await?;
    }
    sqlx::query("DELETE FROM zoom_accounts WHERE id = $1").bind(account_id).execute(&mut **tx).await?;
    Ok(connections.into_iter().map(|(_, event_id, _)| event_id).collect())
}
