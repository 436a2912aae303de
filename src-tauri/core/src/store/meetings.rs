//! Meeting snapshots and the sync bookkeeping of Zoom accounts.

use sqlx::{QueryBuilder, Row, Sqlite};

use super::{AccountProfile, AccountProfileUpdate, ConnectionNotice, HistoryAction, Result, Store, StoredMeeting, SyncProblem, SyncRecord};

/// Why an account leaves every event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purge {
    /// Proven: Zoom refused both the refresh token and a live access token.
    AppRemovedInZoom,
    /// Zoom refused the refresh token and nobody connected the account again in time.
    ReconnectTimedOut,
}

/// Rows per INSERT: well under SQLite's limit of bound parameters.
const INSERT_CHUNK: usize = 500;

impl Store {
    pub async fn account_of_connection(&self, event_id: i64, connection_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT zoom_account_id FROM zoom_connections WHERE id = ? AND event_id = ?")
            .bind(connection_id)
            .bind(event_id)
            .fetch_optional(self.pool())
            .await?
            .flatten())
    }

    pub async fn accounts_of_event(&self, event_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT zoom_account_id FROM zoom_connections WHERE event_id = ? AND zoom_account_id IS NOT NULL")
            .bind(event_id)
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn all_accounts(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM zoom_accounts ORDER BY id").fetch_all(self.pool()).await?)
    }

    pub async fn sync_record(&self, account_id: i64) -> Result<Option<SyncRecord>> {
        Ok(sqlx::query_as(
            "SELECT last_synced_at, last_attempt_at, sync_problem, retry_at, meetings_digest, needs_reauth_since FROM zoom_accounts WHERE id = ?",
        )
        .bind(account_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn account_profile(&self, account_id: i64) -> Result<Option<AccountProfile>> {
        Ok(sqlx::query_as("SELECT display_name, email, user_type, timezone, zoom_account_id, scopes FROM zoom_accounts WHERE id = ?")
            .bind(account_id)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn update_account_profile(&self, account_id: i64, profile: &AccountProfileUpdate) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE zoom_accounts SET email = ?, display_name = ?, user_type = ?, timezone = ?, zoom_account_id = ?
             WHERE id = ? AND zoom_user_id = ? AND (email, display_name, user_type, timezone, zoom_account_id) IS NOT (?, ?, ?, ?, ?)",
        )
        .bind(&profile.email)
        .bind(&profile.display_name)
        .bind(profile.user_type)
        .bind(&profile.timezone)
        .bind(&profile.zoom_account_id)
        .bind(account_id)
        .bind(&profile.zoom_user_id)
        .bind(&profile.email)
        .bind(&profile.display_name)
        .bind(profile.user_type)
        .bind(&profile.timezone)
        .bind(&profile.zoom_account_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the account's meetings with a complete new list, if the account still belongs to
    /// the Zoom user the list came from. When the list is the one already stored (same digest), no
    /// meeting row is written. Returns whether rows were written.
    pub async fn save_snapshot(&self, account_id: i64, zoom_user_id: &str, meetings: &[StoredMeeting], digest: &str, at: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let stored: Option<Option<String>> = sqlx::query_scalar("SELECT meetings_digest FROM zoom_accounts WHERE id = ? AND zoom_user_id = ?")
            .bind(account_id)
            .bind(zoom_user_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(stored) = stored else { return Ok(false) };
        let changed = stored.as_deref() != Some(digest);
        if changed {
            sqlx::query("DELETE FROM zoom_meetings WHERE account_id = ?").bind(account_id).execute(&mut *tx).await?;
            for (chunk_index, chunk) in meetings.chunks(INSERT_CHUNK).enumerate() {
                let mut insert = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO zoom_meetings (account_id, position, meeting_id, topic, meeting_type, start_time, duration, timezone, join_url) ",
                );
                insert.push_values(chunk.iter().enumerate(), |mut row, (i, m)| {
                    row.push_bind(account_id)
                        .push_bind((chunk_index * INSERT_CHUNK + i) as i64)
                        .push_bind(m.id)
                        .push_bind(&m.topic)
                        .push_bind(m.meeting_type)
                        .push_bind(&m.start_time)
                        .push_bind(m.duration)
                        .push_bind(&m.timezone)
                        .push_bind(&m.join_url);
                });
                insert.build().execute(&mut *tx).await?;
            }
        }
        sqlx::query(
            "UPDATE zoom_accounts SET last_synced_at = ?1, last_attempt_at = ?1, sync_problem = NULL, retry_at = NULL,
                    meetings_digest = ?2 WHERE id = ?3",
        )
        .bind(at)
        .bind(digest)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Notes a failed sync; the stored meetings stay as they were.
    pub async fn record_sync_problem(&self, account_id: i64, problem: SyncProblem, retry_at: Option<i64>, at: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE zoom_accounts SET last_attempt_at = ?, sync_problem = ?, retry_at = ? WHERE id = ?")
            .bind(at)
            .bind(problem)
            .bind(retry_at)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn meeting_count(&self, account_id: i64) -> Result<usize> {
        let count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM zoom_meetings WHERE account_id = ?").bind(account_id).fetch_one(self.pool()).await?;
        Ok(count as usize)
    }

    pub async fn meetings(&self, account_id: i64) -> Result<Vec<StoredMeeting>> {
        let rows = sqlx::query(
            "SELECT meeting_id, topic, meeting_type, start_time, duration, timezone, join_url
             FROM zoom_meetings WHERE account_id = ? ORDER BY position",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredMeeting {
                    id: r.try_get("meeting_id")?,
                    topic: r.try_get("topic")?,
                    meeting_type: r.try_get("meeting_type")?,
                    start_time: r.try_get("start_time")?,
                    duration: r.try_get("duration")?,
                    timezone: r.try_get("timezone")?,
                    join_url: r.try_get("join_url")?,
                })
            })
            .collect()
    }

    pub async fn meeting_join_url(&self, event_id: i64, connection_id: i64, meeting_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT m.join_url FROM zoom_meetings m JOIN zoom_connections c ON c.zoom_account_id = m.account_id
             WHERE c.id = ? AND c.event_id = ? AND m.meeting_id = ? LIMIT 1",
        )
        .bind(connection_id)
        .bind(event_id)
        .bind(meeting_id)
        .fetch_optional(self.pool())
        .await?
        .flatten())
    }

    /// Zoom revoked the app for this account (removed in the Marketplace): the account leaves
    /// every connection in every event, with its tokens and meetings. Returns the events touched.
    pub async fn purge_zoom_account(&self, account_id: i64, why: Purge) -> Result<Vec<i64>> {
        let (notice, action) = match why {
            Purge::AppRemovedInZoom => (ConnectionNotice::AppRemovedInZoom, HistoryAction::RevokedByZoom),
            Purge::ReconnectTimedOut => (ConnectionNotice::ReconnectTimedOut, HistoryAction::ReconnectTimedOut),
        };
        let mut tx = self.write().await?;
        let email: Option<String> =
            sqlx::query_scalar("SELECT email FROM zoom_accounts WHERE id = ?").bind(account_id).fetch_optional(&mut *tx).await?;
        let Some(email) = email else { return Ok(Vec::new()) };
        let connections: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT id, event_id, name FROM zoom_connections WHERE zoom_account_id = ?").bind(account_id).fetch_all(&mut *tx).await?;
        for (id, event_id, name) in &connections {
            sqlx::query("UPDATE zoom_connections SET zoom_account_id = NULL, notice = ? WHERE id = ?")
                .bind(notice)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            super::zoom::record(&mut tx, *event_id, action, None, name, Some(&email), None).await?;
        }
        sqlx::query("DELETE FROM zoom_accounts WHERE id = ?").bind(account_id).execute(&mut *tx).await?;
        tx.commit().await?;
        let mut events: Vec<i64> = connections.into_iter().map(|(_, event_id, _)| event_id).collect();
        events.sort_unstable();
        events.dedup();
        Ok(events)
    }
}
