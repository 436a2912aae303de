//! Local only. The record of the token key (`settings`: `token_key.storage` = `keychain` | `file`,
//! `token_key.fingerprint` = `hmac-sha256:<hex>`) and the secrets it sealed.

use sqlx::AnyPool;

use super::vault::{KeyRecord, KeyStorage, SealedSecret};
use super::Result;

pub const STORAGE_SETTING: &str = "token_key.storage";
pub const FINGERPRINT_SETTING: &str = "token_key.fingerprint";

pub async fn record(pool: &AnyPool) -> Result<Option<KeyRecord>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings WHERE key IN ($1, $2)")
        .bind(STORAGE_SETTING)
        .bind(FINGERPRINT_SETTING)
        .fetch_all(pool)
        .await?;
    let value = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let storage = value(STORAGE_SETTING).map(|v| KeyStorage::parse(v).ok_or(super::VaultError::BadKey)).transpose()?;
    Ok(match (storage, value(FINGERPRINT_SETTING)) {
        (Some(storage), Some(fingerprint)) => Some(KeyRecord { storage, fingerprint: fingerprint.to_owned() }),
        _ => None,
    })
}

pub async fn save_record(pool: &AnyPool, record: &KeyRecord) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for (key, value) in [(STORAGE_SETTING, record.storage.as_str()), (FINGERPRINT_SETTING, record.fingerprint.as_str())] {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every secret sealed with the token key, with the context it is bound to. Tokens forgotten
/// with their key (empty) are not among them.
pub async fn sealed_secrets(pool: &AnyPool) -> Result<Vec<SealedSecret>> {
    let mut out: Vec<SealedSecret> = Vec::new();
    let accounts: Vec<(String, Vec<u8>)> =
        sqlx::query_as("SELECT zoom_user_id, tokens FROM zoom_accounts WHERE length(tokens) > 0").fetch_all(pool).await?;
    out.extend(accounts.into_iter().map(|(user, sealed)| (sealed, format!("zoom_account:{user}"))));
    let pending: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT state_hash, verifier FROM pending_authorizations").fetch_all(pool).await?;
    out.extend(pending.into_iter().map(|(hash, sealed)| (sealed, format!("pending:{hash}"))));
    Ok(out)
}

/// Before a new key: forgets what the old one sealed and the record of it. Profiles, events,
/// connections and the accounts' meetings stay; each account waits to be connected again.
pub async fn forget_sealed(pool: &AnyPool) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("DELETE FROM pending_authorizations").execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE zoom_accounts SET tokens = X'', tokens_version = tokens_version + 1, access_expires_at = 0, needs_reauth = 1,
                needs_reauth_since = COALESCE(needs_reauth_since, CAST(strftime('%s', 'now') AS INTEGER) * 1000), updated_at = $1",
    )
    .bind(super::now())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM settings WHERE key IN ($1, $2)").bind(STORAGE_SETTING).bind(FINGERPRINT_SETTING).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
