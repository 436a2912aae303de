//! Zoom connections, the accounts behind them, pending authorizations and their history.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sqlx::{Row, Sqlite, Transaction};

use super::{now, ConnectionNotice, ConnectionStatus, HistoryAction, HistoryEntry, Result, Store, StoreError, ZoomAccountSummary, ZoomConnection};

/// The profile of a Zoom user as the app keeps it.
#[derive(Debug, Clone)]
pub struct NewZoomAccount {
    pub zoom_user_id: String,
    pub email: String,
    pub display_name: String,
    pub user_type: i64,
    pub timezone: Option<String>,
    pub zoom_account_id: Option<String>,
    pub api_url: String,
    pub scopes: String,
}

/// A token set in clear, only ever in memory.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access_token: SecretString,
    pub refresh_token: SecretString,
    /// unix ms
    pub access_expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct AccountTokens {
    pub tokens: Tokens,
    pub api_url: String,
    pub needs_reauth: bool,
}

#[derive(Debug)]
pub struct PendingAuthorization {
    pub connection_id: i64,
    pub event_id: i64,
    pub requested_by: i64,
    pub verifier: SecretString,
    pub redirect_uri: String,
    /// unix ms
    pub expires_at: i64,
}

/// What detaching a connection from its Zoom account left behind.
#[derive(Debug)]
pub struct Detached {
    pub account_id: i64,
    pub zoom_email: String,
    /// Set when no connection uses the account any more: it was deleted, and these are
    /// its last tokens, to revoke the grant at Zoom.
    pub orphaned_tokens: Option<Tokens>,
}

#[derive(Serialize, Deserialize)]
struct SealedTokens {
    access: String,
    refresh: String,
}

const CONNECTION_QUERY: &str = "
    SELECT c.id, c.event_id, c.name, c.notice, a.display_name, a.email, a.needs_reauth,
           EXISTS (SELECT 1 FROM pending_authorizations p WHERE p.connection_id = c.id AND p.expires_at > ?1) AS authorizing
    FROM zoom_connections c LEFT JOIN zoom_accounts a ON a.id = c.zoom_account_id
    WHERE c.event_id = ?2";

fn connection_from(row: &sqlx::sqlite::SqliteRow) -> Result<ZoomConnection> {
    let account = match row.try_get::<Option<String>, _>("email")? {
        Some(email) => Some(ZoomAccountSummary { display_name: row.try_get("display_name")?, email }),
        None => None,
    };
    let status = match (&account, row.try_get::<Option<bool>, _>("needs_reauth")?, row.try_get::<bool, _>("authorizing")?) {
        (_, _, true) => ConnectionStatus::Authorizing,
        (Some(_), Some(true), _) => ConnectionStatus::NeedsReauth,
        (Some(_), _, _) => ConnectionStatus::Connected,
        (None, _, _) => ConnectionStatus::NotConnected,
    };
    let notice = row.try_get::<Option<ConnectionNotice>, _>("notice")?;
    Ok(ZoomConnection { id: row.try_get("id")?, event_id: row.try_get("event_id")?, name: row.try_get("name")?, status, account, notice })
}

pub(super) async fn record(
    tx: &mut Transaction<'static, Sqlite>,
    event_id: i64,
    action: HistoryAction,
    actor: Option<i64>,
    connection_name: &str,
    zoom_email: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO zoom_history (event_id, action, actor_id, connection_name, zoom_email, detail, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event_id)
    .bind(action)
    .bind(actor)
    .bind(connection_name)
    .bind(zoom_email)
    .bind(detail)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    fn seal_tokens(&self, zoom_user_id: &str, tokens: &Tokens) -> Vec<u8> {
        let plain = serde_json::to_vec(&SealedTokens {
            access: tokens.access_token.expose_secret().to_owned(),
            refresh: tokens.refresh_token.expose_secret().to_owned(),
        })
        .expect("two strings serialise");
        self.vault.seal(&plain, &format!("zoom_account:{zoom_user_id}"))
    }

    fn open_tokens(&self, zoom_user_id: &str, sealed: &[u8], access_expires_at: i64) -> Result<Tokens> {
        let plain = self.vault.open_sealed(sealed, &format!("zoom_account:{zoom_user_id}"))?;
        let SealedTokens { access, refresh } = serde_json::from_slice(&plain).map_err(|_| StoreError::Vault(super::VaultError::Undecryptable))?;
        Ok(Tokens { access_token: access.into(), refresh_token: refresh.into(), access_expires_at })
    }

    pub async fn zoom_connections(&self, event_id: i64, now_ms: i64) -> Result<Vec<ZoomConnection>> {
        let sql = format!("{CONNECTION_QUERY} ORDER BY c.name COLLATE NOCASE, c.id");
        let rows = sqlx::query(&sql).bind(now_ms).bind(event_id).fetch_all(self.pool()).await?;
        rows.iter().map(connection_from).collect()
    }

    pub async fn zoom_connection(&self, event_id: i64, connection_id: i64, now_ms: i64) -> Result<Option<ZoomConnection>> {
        let sql = format!("{CONNECTION_QUERY} AND c.id = ?3");
        let row = sqlx::query(&sql).bind(now_ms).bind(event_id).bind(connection_id).fetch_optional(self.pool()).await?;
        row.as_ref().map(connection_from).transpose()
    }

    pub async fn add_zoom_connection(&self, event_id: i64, name: &str, actor: i64) -> Result<i64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO zoom_connections (event_id, name, created_at) VALUES (?, ?, ?) RETURNING id")
            .bind(event_id)
            .bind(name)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
        record(&mut tx, event_id, HistoryAction::Added, Some(actor), name, None, None).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Returns false when the event has no such connection.
    pub async fn rename_zoom_connection(&self, event_id: i64, connection_id: i64, name: &str, actor: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let old: Option<String> = sqlx::query_scalar("SELECT name FROM zoom_connections WHERE id = ? AND event_id = ?")
            .bind(connection_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(old) = old else { return Ok(false) };
        if old != name {
            sqlx::query("UPDATE zoom_connections SET name = ? WHERE id = ?").bind(name).bind(connection_id).execute(&mut *tx).await?;
            record(&mut tx, event_id, HistoryAction::Renamed, Some(actor), &old, None, Some(name)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes a connection that is no longer linked to an account.
    pub async fn delete_zoom_connection(&self, event_id: i64, connection_id: i64, actor: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let name: Option<String> =
            sqlx::query_scalar("DELETE FROM zoom_connections WHERE id = ? AND event_id = ? AND zoom_account_id IS NULL RETURNING name")
                .bind(connection_id)
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(name) = name else { return Ok(false) };
        record(&mut tx, event_id, HistoryAction::Deleted, Some(actor), &name, None, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// One authorization at a time per connection: a new Connect replaces the previous one.
    pub async fn begin_authorization(
        &self,
        connection_id: i64,
        requested_by: i64,
        state_hash: &str,
        verifier: &SecretString,
        redirect_uri: &str,
        expires_at: i64,
    ) -> Result<()> {
        let sealed = self.vault.seal(verifier.expose_secret().as_bytes(), &format!("pending:{state_hash}"));
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM pending_authorizations WHERE connection_id = ?").bind(connection_id).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO pending_authorizations (state_hash, connection_id, requested_by, verifier, redirect_uri, expires_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(state_hash)
        .bind(connection_id)
        .bind(requested_by)
        .bind(sealed)
        .bind(redirect_uri)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn cancel_authorization(&self, connection_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM pending_authorizations WHERE connection_id = ?").bind(connection_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Consumes the pending authorization for this state, expired or not: a state works once.
    pub async fn take_authorization(&self, state_hash: &str) -> Result<Option<PendingAuthorization>> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "DELETE FROM pending_authorizations WHERE state_hash = ?
             RETURNING connection_id, requested_by, verifier, redirect_uri, expires_at",
        )
        .bind(state_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let connection_id: i64 = row.try_get("connection_id")?;
        let event_id: i64 = sqlx::query_scalar("SELECT event_id FROM zoom_connections WHERE id = ?").bind(connection_id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        let verifier = self.vault.open_sealed(&row.try_get::<Vec<u8>, _>("verifier")?, &format!("pending:{state_hash}"))?;
        Ok(Some(PendingAuthorization {
            connection_id,
            event_id,
            requested_by: row.try_get("requested_by")?,
            verifier: String::from_utf8(verifier).map_err(|_| StoreError::Vault(super::VaultError::Undecryptable))?.into(),
            redirect_uri: row.try_get("redirect_uri")?,
            expires_at: row.try_get("expires_at")?,
        }))
    }

    /// Stores (or refreshes) the account and its tokens and links the connection to it, in one
    /// transaction. Returns the account's id, or None when the connection is gone.
    pub async fn link_zoom_account(&self, connection_id: i64, actor: i64, account: &NewZoomAccount, tokens: &Tokens) -> Result<Option<i64>> {
        let sealed = self.seal_tokens(&account.zoom_user_id, tokens);
        let at = now();
        let mut tx = self.write().await?;
        let connection: Option<(i64, String)> =
            sqlx::query_as("SELECT event_id, name FROM zoom_connections WHERE id = ?").bind(connection_id).fetch_optional(&mut *tx).await?;
        let Some((event_id, name)) = connection else { return Ok(None) };
        let account_id: i64 = sqlx::query_scalar(
            "INSERT INTO zoom_accounts (zoom_user_id, email, display_name, user_type, timezone, zoom_account_id, api_url,
                                        scopes, tokens, access_expires_at, needs_reauth, connected_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?11)
             ON CONFLICT (zoom_user_id) DO UPDATE SET
                email = excluded.email, display_name = excluded.display_name, user_type = excluded.user_type,
                timezone = excluded.timezone, zoom_account_id = excluded.zoom_account_id, api_url = excluded.api_url,
                scopes = excluded.scopes, tokens = excluded.tokens, access_expires_at = excluded.access_expires_at,
                needs_reauth = 0, updated_at = excluded.updated_at
             RETURNING id",
        )
        .bind(&account.zoom_user_id)
        .bind(&account.email)
        .bind(&account.display_name)
        .bind(account.user_type)
        .bind(&account.timezone)
        .bind(&account.zoom_account_id)
        .bind(&account.api_url)
        .bind(&account.scopes)
        .bind(sealed)
        .bind(tokens.access_expires_at)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE zoom_connections SET zoom_account_id = ?, notice = NULL WHERE id = ?")
            .bind(account_id)
            .bind(connection_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM pending_authorizations WHERE connection_id = ?").bind(connection_id).execute(&mut *tx).await?;
        record(&mut tx, event_id, HistoryAction::Connected, Some(actor), &name, Some(&account.email), None).await?;
        tx.commit().await?;
        Ok(Some(account_id))
    }

    pub async fn account_tokens(&self, account_id: i64) -> Result<Option<AccountTokens>> {
        let row: Option<(String, Vec<u8>, i64, String, bool)> =
            sqlx::query_as("SELECT zoom_user_id, tokens, access_expires_at, api_url, needs_reauth FROM zoom_accounts WHERE id = ?")
                .bind(account_id)
                .fetch_optional(self.pool())
                .await?;
        let Some((zoom_user_id, sealed, expires_at, api_url, needs_reauth)) = row else { return Ok(None) };
        Ok(Some(AccountTokens { tokens: self.open_tokens(&zoom_user_id, &sealed, expires_at)?, api_url, needs_reauth }))
    }

    /// Commits a rotated token set before anyone uses it: the old refresh token is already dead.
    pub async fn replace_tokens(&self, account_id: i64, tokens: &Tokens, scopes: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let zoom_user_id: Option<String> =
            sqlx::query_scalar("SELECT zoom_user_id FROM zoom_accounts WHERE id = ?").bind(account_id).fetch_optional(&mut *tx).await?;
        let Some(zoom_user_id) = zoom_user_id else { return Ok(()) };
        sqlx::query("UPDATE zoom_accounts SET tokens = ?, access_expires_at = ?, scopes = ?, needs_reauth = 0, updated_at = ? WHERE id = ?")
            .bind(self.seal_tokens(&zoom_user_id, tokens))
            .bind(tokens.access_expires_at)
            .bind(scopes)
            .bind(now())
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn mark_needs_reauth(&self, account_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE zoom_accounts SET needs_reauth = 1, updated_at = ? WHERE id = ?").bind(now()).bind(account_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unlinks the connection from its account; deletes the account when nothing uses it any more.
    pub async fn detach_zoom_connection(&self, event_id: i64, connection_id: i64, actor: i64) -> Result<Option<Detached>> {
        let mut tx = self.write().await?;
        let row: Option<(String, i64, String, String, Vec<u8>, i64)> = sqlx::query_as(
            "SELECT c.name, a.id, a.email, a.zoom_user_id, a.tokens, a.access_expires_at
             FROM zoom_connections c JOIN zoom_accounts a ON a.id = c.zoom_account_id
             WHERE c.id = ? AND c.event_id = ?",
        )
        .bind(connection_id)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((name, account_id, email, zoom_user_id, sealed, expires_at)) = row else { return Ok(None) };
        sqlx::query("UPDATE zoom_connections SET zoom_account_id = NULL, notice = NULL WHERE id = ?").bind(connection_id).execute(&mut *tx).await?;
        record(&mut tx, event_id, HistoryAction::Disconnected, Some(actor), &name, Some(&email), None).await?;
        let still_used: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM zoom_connections WHERE zoom_account_id = ?)")
            .bind(account_id)
            .fetch_one(&mut *tx)
            .await?;
        let orphaned_tokens = if still_used {
            None
        } else {
            sqlx::query("DELETE FROM zoom_accounts WHERE id = ?").bind(account_id).execute(&mut *tx).await?;
            // Undecryptable tokens cannot be revoked, but the account goes all the same.
            self.open_tokens(&zoom_user_id, &sealed, expires_at).ok()
        };
        tx.commit().await?;
        Ok(Some(Detached { account_id, zoom_email: email, orphaned_tokens }))
    }

    pub async fn set_connection_notice(&self, connection_id: i64, notice: Option<ConnectionNotice>) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE zoom_connections SET notice = ? WHERE id = ?").bind(notice).bind(connection_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn zoom_history(&self, event_id: i64) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT h.id, h.at, h.action, u.name AS actor_name, h.connection_name, h.zoom_email, h.detail
             FROM zoom_history h LEFT JOIN users u ON u.id = h.actor_id
             WHERE h.event_id = ? ORDER BY h.id DESC LIMIT 500",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(HistoryEntry {
                    id: row.try_get("id")?,
                    at: row.try_get("at")?,
                    action: row.try_get("action")?,
                    actor_name: row.try_get("actor_name")?,
                    connection_name: row.try_get("connection_name")?,
                    zoom_email: row.try_get("zoom_email")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect()
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = ?").bind(key).fetch_optional(self.pool()).await?)
    }

    pub async fn save_settings(&self, values: &[(&str, &str)]) -> Result<()> {
        let mut tx = self.write().await?;
        for (key, value) in values {
            sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
