//! Zoom connections, the accounts behind them, pending authorizations and their history.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};

use super::{
    local, now, team, Backend, ConnectionNotice, ConnectionStatus, HistoryAction, HistoryEntry, Result, ScheduleConnection, Store, StoreError,
    ZoomAccountSummary, ZoomConnection,
};

/// The profile of a Zoom user as the app keeps it.
#[derive(Debug, Clone)]
pub struct NewZoomAccount {
    pub zoom_user_id: String,
    pub email: String,
    pub display_name: String,
    pub user_type: i64,
    pub timezone: Option<String>,
    pub zoom_account_id: Option<String>,
    /// The OAuth host that issued the tokens: refresh and revoke go there, whatever the settings say later.
    pub oauth_url: String,
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
    pub zoom_user_id: String,
    pub tokens: Tokens,
    /// Bumped by every write of the set: a refresh writes only over the version it read.
    pub version: i64,
    pub oauth_url: String,
    pub api_url: String,
    pub needs_reauth: bool,
    /// unix ms: when Zoom first refused the refresh token without proof that the app was removed.
    pub needs_reauth_since: Option<i64>,
}

/// The last tokens of an account that no connection uses any more, to revoke the grant at Zoom.
#[derive(Debug)]
pub struct Orphan {
    pub oauth_url: String,
    pub tokens: Tokens,
}

/// What linking a connection to a Zoom account did.
#[derive(Debug)]
pub struct Linked {
    pub account_id: i64,
    /// The connection was linked to another Zoom user before, whom nothing uses any more.
    pub orphan: Option<Orphan>,
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
    /// Set when no connection uses the account any more: it was deleted.
    pub orphan: Option<Orphan>,
}

#[derive(Serialize, Deserialize)]
struct SealedTokens {
    access: String,
    refresh: String,
}

const CONNECTION_QUERY: &str = "
    SELECT c.id, c.event_id, c.name, c.notice, c.zoom_account_id, a.display_name, a.email, a.needs_reauth_since,
           CASE WHEN a.needs_reauth THEN 1 ELSE 0 END AS needs_reauth,
           CASE WHEN EXISTS (SELECT 1 FROM pending_authorizations p WHERE p.connection_id = c.id AND p.expires_at > $1) THEN 1 ELSE 0 END
               AS authorizing
    FROM zoom_connections c LEFT JOIN zoom_accounts a ON a.id = c.zoom_account_id
    WHERE c.event_id = $2";

fn connection_from(row: &sqlx::any::AnyRow) -> Result<ZoomConnection> {
    let account = match row.try_get::<Option<String>, _>("email")? {
        Some(email) => Some(ZoomAccountSummary { display_name: row.try_get("display_name")?, email }),
        None => None,
    };
    let status = match (&account, row.try_get::<i64, _>("needs_reauth")? == 1, row.try_get::<i64, _>("authorizing")? == 1) {
        (_, _, true) => ConnectionStatus::Authorizing,
        (Some(_), true, _) => ConnectionStatus::NeedsReauth,
        (Some(_), _, _) => ConnectionStatus::Connected,
        (None, _, _) => ConnectionStatus::NotConnected,
    };
    let notice = row.try_get::<Option<ConnectionNotice>, _>("notice")?;
    Ok(ZoomConnection {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        name: row.try_get("name")?,
        status,
        account,
        notice,
        needs_reauth_since: row.try_get("needs_reauth_since")?,
        account_id: row.try_get("zoom_account_id")?,
        purge_at: None,
        overlapping: 0,
    })
}

pub(super) async fn record(
    tx: &mut Transaction<'static, Any>,
    event_id: i64,
    action: HistoryAction,
    actor: Option<i64>,
    connection_name: &str,
    zoom_email: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO zoom_history (event_id, action, actor_id, connection_name, zoom_email, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
        let sql = format!("{CONNECTION_QUERY} ORDER BY lower(c.name), c.id");
        let rows = sqlx::query(&sql).bind(now_ms).bind(event_id).fetch_all(self.pool()).await?;
        rows.iter().map(connection_from).collect()
    }

    /// The event's connections as the schedule reads them at each keystroke, in one query: each
    /// with its name and, when connected, its Zoom account, that account's e-mail and the digest
    /// of its stored snapshot.
    pub async fn schedule_connections(&self, event_id: i64) -> Result<Vec<ScheduleConnection>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.name, a.id AS account_id, a.email, a.meetings_digest
             FROM zoom_connections c LEFT JOIN zoom_accounts a ON a.id = c.zoom_account_id
             WHERE c.event_id = $1 ORDER BY lower(c.name), c.id",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn zoom_connection(&self, event_id: i64, connection_id: i64, now_ms: i64) -> Result<Option<ZoomConnection>> {
        let sql = format!("{CONNECTION_QUERY} AND c.id = $3");
        let row = sqlx::query(&sql).bind(now_ms).bind(event_id).bind(connection_id).fetch_optional(self.pool()).await?;
        row.as_ref().map(connection_from).transpose()
    }

    pub async fn add_zoom_connection(&self, event_id: i64, name: &str, actor: i64) -> Result<i64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO zoom_connections (event_id, name, created_at) VALUES ($1, $2, $3) RETURNING id")
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
        let old: Option<String> = sqlx::query_scalar("SELECT name FROM zoom_connections WHERE id = $1 AND event_id = $2")
            .bind(connection_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(old) = old else { return Ok(false) };
        if old != name {
            sqlx::query("UPDATE zoom_connections SET name = $1 WHERE id = $2").bind(name).bind(connection_id).execute(&mut *tx).await?;
            record(&mut tx, event_id, HistoryAction::Renamed, Some(actor), &old, None, Some(name)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes a connection that is no longer linked to an account.
    pub async fn delete_zoom_connection(&self, event_id: i64, connection_id: i64, actor: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let name: Option<String> =
            sqlx::query_scalar("DELETE FROM zoom_connections WHERE id = $1 AND event_id = $2 AND zoom_account_id IS NULL RETURNING name")
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
        sqlx::query("DELETE FROM pending_authorizations WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO pending_authorizations (state_hash, connection_id, requested_by, verifier, redirect_uri, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
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
        sqlx::query("DELETE FROM pending_authorizations WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Consumes the pending authorization for this state, expired or not: a state works once.
    pub async fn take_authorization(&self, state_hash: &str) -> Result<Option<PendingAuthorization>> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "DELETE FROM pending_authorizations WHERE state_hash = $1
             RETURNING connection_id, requested_by, verifier, redirect_uri, expires_at",
        )
        .bind(state_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let connection_id: i64 = row.try_get("connection_id")?;
        let event_id: i64 = sqlx::query_scalar("SELECT event_id FROM zoom_connections WHERE id = $1").bind(connection_id).fetch_one(&mut *tx).await?;
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

    /// The account a Zoom user already has here, if any.
    pub async fn account_of_zoom_user(&self, zoom_user_id: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM zoom_accounts WHERE zoom_user_id = $1").bind(zoom_user_id).fetch_optional(self.pool()).await?)
    }

    /// Stores (or refreshes) the account and its tokens and links the connection to it, in one
    /// transaction. None when the connection is gone. An account the connection used before, for
    /// another Zoom user, is deleted when nothing else uses it, and its tokens come back to revoke.
    pub async fn link_zoom_account(&self, connection_id: i64, actor: i64, account: &NewZoomAccount, tokens: &Tokens) -> Result<Option<Linked>> {
        let sealed = self.seal_tokens(&account.zoom_user_id, tokens);
        let mut tx = self.write().await?;
        let connection: Option<(i64, String, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT c.event_id, c.name, c.zoom_account_id, a.zoom_user_id
             FROM zoom_connections c LEFT JOIN zoom_accounts a ON a.id = c.zoom_account_id WHERE c.id = $1",
        )
        .bind(connection_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((event_id, name, previous, previous_user)) = connection else { return Ok(None) };
        // Before the connection lets go of it: in team mode only then may this member see it.
        let orphan = match previous {
            Some(previous) if previous_user.as_deref() != Some(account.zoom_user_id.as_str()) => {
                self.delete_if_unused(&mut tx, previous, connection_id).await?
            }
            _ => None,
        };
        let account_id = match self.backend() {
            Backend::Local => local::link_account(&mut tx, connection_id, account, sealed, tokens.access_expires_at).await?,
            Backend::Team => team::link_account(&mut tx, connection_id, account, sealed, tokens.access_expires_at).await?,
        };
        sqlx::query("DELETE FROM pending_authorizations WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
        record(&mut tx, event_id, HistoryAction::Connected, Some(actor), &name, Some(&account.email), None).await?;
        tx.commit().await?;
        Ok(Some(Linked { account_id, orphan }))
    }

    /// Deletes the account when no connection but `connection_id` uses it, in any event; its
    /// last tokens, when they still open. The connection is unlinked with it.
    async fn delete_if_unused(&self, tx: &mut Transaction<'static, Any>, account_id: i64, connection_id: i64) -> Result<Option<Orphan>> {
        let used_elsewhere = match self.backend() {
            Backend::Local => local::USED_ELSEWHERE,
            Backend::Team => team::USED_ELSEWHERE,
        };
        let sql =
            format!("DELETE FROM zoom_accounts WHERE id = $1 AND NOT {used_elsewhere} RETURNING zoom_user_id, oauth_url, tokens, access_expires_at");
        let row: Option<(String, String, Vec<u8>, i64)> = sqlx::query_as(&sql).bind(account_id).bind(connection_id).fetch_optional(&mut **tx).await?;
        let Some((zoom_user_id, oauth_url, sealed, expires_at)) = row else { return Ok(None) };
        // Undecryptable tokens cannot be revoked, but the account goes all the same.
        Ok(self.open_tokens(&zoom_user_id, &sealed, expires_at).ok().map(|tokens| Orphan { oauth_url, tokens }))
    }

    pub async fn account_tokens(&self, account_id: i64) -> Result<Option<AccountTokens>> {
        let row = sqlx::query(
            "SELECT zoom_user_id, tokens, tokens_version, access_expires_at, oauth_url, api_url, needs_reauth_since,
                    CASE WHEN needs_reauth THEN 1 ELSE 0 END AS needs_reauth
             FROM zoom_accounts WHERE id = $1",
        )
        .bind(account_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let zoom_user_id: String = row.try_get("zoom_user_id")?;
        let tokens = self.open_tokens(&zoom_user_id, &row.try_get::<Vec<u8>, _>("tokens")?, row.try_get("access_expires_at")?)?;
        Ok(Some(AccountTokens {
            zoom_user_id,
            tokens,
            version: row.try_get("tokens_version")?,
            oauth_url: row.try_get("oauth_url")?,
            api_url: row.try_get("api_url")?,
            needs_reauth: row.try_get::<i64, _>("needs_reauth")? == 1,
            needs_reauth_since: row.try_get("needs_reauth_since")?,
        }))
    }

    /// Commits a rotated token set over the version `read` came from, for the same Zoom user.
    /// False when another writer got there first (nothing is written then).
    pub async fn replace_tokens(&self, account_id: i64, read: &AccountTokens, tokens: &Tokens, scopes: &str) -> Result<bool> {
        let mut tx = self.write().await?;
        let written = sqlx::query(
            "UPDATE zoom_accounts SET tokens = $1, tokens_version = tokens_version + 1, access_expires_at = $2, scopes = $3,
                    needs_reauth = false, needs_reauth_since = NULL, updated_at = $4
             WHERE id = $5 AND zoom_user_id = $6 AND tokens_version = $7",
        )
        .bind(self.seal_tokens(&read.zoom_user_id, tokens))
        .bind(tokens.access_expires_at)
        .bind(scopes)
        .bind(now())
        .bind(account_id)
        .bind(&read.zoom_user_id)
        .bind(read.version)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(written)
    }

    /// Zoom refused the refresh token of version `read`; `at` is kept from the first refusal.
    pub async fn mark_needs_reauth(&self, account_id: i64, read: &AccountTokens, at: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE zoom_accounts SET needs_reauth = true, needs_reauth_since = COALESCE(needs_reauth_since, $1), updated_at = $2
             WHERE id = $3 AND tokens_version = $4",
        )
        .bind(at)
        .bind(now())
        .bind(account_id)
        .bind(read.version)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A refusal time in the future (the clock was set back) counts from now instead.
    pub async fn restart_reauth_clock(&self, account_id: i64, now_ms: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE zoom_accounts SET needs_reauth_since = $1 WHERE id = $2 AND needs_reauth_since > $1")
            .bind(now_ms)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unlinks the connection from its account; deletes the account when nothing uses it any more.
    pub async fn detach_zoom_connection(&self, event_id: i64, connection_id: i64, actor: i64) -> Result<Option<Detached>> {
        let mut tx = self.write().await?;
        let row: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT c.name, a.id, a.email FROM zoom_connections c JOIN zoom_accounts a ON a.id = c.zoom_account_id
             WHERE c.id = $1 AND c.event_id = $2",
        )
        .bind(connection_id)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((name, account_id, email)) = row else { return Ok(None) };
        let orphan = self.delete_if_unused(&mut tx, account_id, connection_id).await?;
        sqlx::query("UPDATE zoom_connections SET zoom_account_id = NULL, notice = NULL WHERE id = $1").bind(connection_id).execute(&mut *tx).await?;
        record(&mut tx, event_id, HistoryAction::Disconnected, Some(actor), &name, Some(&email), None).await?;
        tx.commit().await?;
        Ok(Some(Detached { account_id, zoom_email: email, orphan }))
    }

    pub async fn set_connection_notice(&self, connection_id: i64, notice: Option<ConnectionNotice>) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE zoom_connections SET notice = $1 WHERE id = $2").bind(notice).bind(connection_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn zoom_history(&self, event_id: i64) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT h.id, h.at, h.action, u.name AS actor_name, h.connection_name, h.zoom_email, h.detail
             FROM zoom_history h LEFT JOIN users u ON u.id = h.actor_id
             WHERE h.event_id = $1 ORDER BY h.id DESC LIMIT 500",
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
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(self.pool()).await?)
    }

    /// Saves the values and, for each that changed, a line of the settings' history.
    pub async fn save_settings(&self, values: &[(&str, &str)], actor: Option<i64>) -> Result<()> {
        let mut tx = self.write().await?;
        for (key, value) in values {
            let old: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&mut *tx).await?;
            if old.as_deref() == Some(*value) {
                continue;
            }
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO settings_history (actor_id, key, old, new, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(actor)
                .bind(key)
                .bind(old)
                .bind(value)
                .bind(now())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn settings_history(&self) -> Result<Vec<super::SettingsChange>> {
        Ok(sqlx::query_as(
            "SELECT h.id, h.at, u.name AS actor_name, h.key, h.old, h.new
             FROM settings_history h LEFT JOIN users u ON u.id = h.actor_id ORDER BY h.id DESC LIMIT 200",
        )
        .fetch_all(self.pool())
        .await?)
    }
}
