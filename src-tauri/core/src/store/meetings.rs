//! Meeting snapshots and the sync bookkeeping of Zoom accounts.

use sqlx::Row;

use super::{
    local, team, AccountProfile, AccountProfileUpdate, Backend, ConnectionNotice, HistoryAction, Result, Store, StoredMeeting, SyncProblem,
    SyncRecord,
};

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
const MEETING_COLUMNS: usize = 11;

/// `INSERT … VALUES (…), (…)` for `rows` meetings: `$1, …` for PostgreSQL, which takes no other
/// form, and plain `?` for SQLite, which finds each numbered parameter's name by a linear search
/// as sqlx binds it: a statement of 5,500 of them would bind in quadratic time. (sqlx's query
/// builder writes `?` for the `Any` driver whatever the backend.)
fn insert_meetings(rows: usize, numbered: bool) -> String {
    let mut sql = String::from(
        "INSERT INTO zoom_meetings (account_id, position, meeting_id, topic, meeting_type, start_time, duration, timezone, join_url, occurrence_id, series) VALUES ",
    );
    for row in 0..rows {
        let first = row * MEETING_COLUMNS + 1;
        let params: Vec<String> = (first..first + MEETING_COLUMNS).map(|n| if numbered { format!("${n}") } else { "?".into() }).collect();
        sql.push_str(if row == 0 { "(" } else { ", (" });
        sql.push_str(&params.join(", "));
        sql.push(')');
    }
    sql
}

impl Store {
    pub async fn account_of_connection(&self, event_id: i64, connection_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT zoom_account_id FROM zoom_connections WHERE id = $1 AND event_id = $2")
            .bind(connection_id)
            .bind(event_id)
            .fetch_optional(self.pool())
            .await?
            .flatten())
    }

    pub async fn accounts_of_event(&self, event_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT zoom_account_id FROM zoom_connections WHERE event_id = $1 AND zoom_account_id IS NOT NULL")
            .bind(event_id)
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn all_accounts(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM zoom_accounts ORDER BY id").fetch_all(self.pool()).await?)
    }

    pub async fn sync_record(&self, account_id: i64) -> Result<Option<SyncRecord>> {
        Ok(sqlx::query_as(
            "SELECT last_synced_at, last_attempt_at, sync_problem, retry_at, meetings_digest, needs_reauth_since FROM zoom_accounts WHERE id = $1",
        )
        .bind(account_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn account_profile(&self, account_id: i64) -> Result<Option<AccountProfile>> {
        Ok(sqlx::query_as("SELECT display_name, email, user_type, timezone, zoom_account_id, scopes FROM zoom_accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn update_account_profile(&self, account_id: i64, profile: &AccountProfileUpdate) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE zoom_accounts SET email = $1, display_name = $2, user_type = $3, timezone = $4, zoom_account_id = $5
             WHERE id = $6 AND zoom_user_id = $7
               AND (email IS DISTINCT FROM $1 OR display_name IS DISTINCT FROM $2 OR user_type IS DISTINCT FROM $3
                    OR timezone IS DISTINCT FROM $4 OR zoom_account_id IS DISTINCT FROM $5)",
        )
        .bind(&profile.email)
        .bind(&profile.display_name)
        .bind(profile.user_type)
        .bind(&profile.timezone)
        .bind(&profile.zoom_account_id)
        .bind(account_id)
        .bind(&profile.zoom_user_id)
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
        let stored: Option<Option<String>> = sqlx::query_scalar("SELECT meetings_digest FROM zoom_accounts WHERE id = $1 AND zoom_user_id = $2")
            .bind(account_id)
            .bind(zoom_user_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(stored) = stored else { return Ok(false) };
        let changed = stored.as_deref() != Some(digest);
        if changed {
            sqlx::query("DELETE FROM zoom_meetings WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
            for (chunk_index, chunk) in meetings.chunks(INSERT_CHUNK).enumerate() {
                let sql = insert_meetings(chunk.len(), self.team().is_some());
                let mut insert = sqlx::query(&sql);
                for (i, m) in chunk.iter().enumerate() {
                    insert = insert
                        .bind(account_id)
                        .bind((chunk_index * INSERT_CHUNK + i) as i64)
                        .bind(m.id)
                        .bind(&m.topic)
                        .bind(m.meeting_type)
                        .bind(&m.start_time)
                        .bind(m.duration)
                        .bind(&m.timezone)
                        .bind(&m.join_url)
                        .bind(&m.occurrence_id)
                        .bind(&m.series);
                }
                insert.execute(&mut *tx).await?;
            }
        }
        sqlx::query(
            "UPDATE zoom_accounts SET last_synced_at = $1, last_attempt_at = $1, sync_problem = NULL, retry_at = NULL,
                    meetings_digest = $2 WHERE id = $3",
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
        sqlx::query("UPDATE zoom_accounts SET last_attempt_at = $1, sync_problem = $2, retry_at = $3 WHERE id = $4")
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
            sqlx::query_scalar("SELECT count(*) FROM zoom_meetings WHERE account_id = $1").bind(account_id).fetch_one(self.pool()).await?;
        Ok(count as usize)
    }

    pub async fn meetings(&self, account_id: i64) -> Result<Vec<StoredMeeting>> {
        let rows = sqlx::query(
            "SELECT meeting_id, topic, meeting_type, start_time, duration, timezone, join_url, occurrence_id, series
             FROM zoom_meetings WHERE account_id = $1 ORDER BY position",
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
                    occurrence_id: r.try_get("occurrence_id")?,
                    series: r.try_get("series")?,
                })
            })
            .collect()
    }

    pub async fn meeting_join_url(&self, event_id: i64, connection_id: i64, meeting_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT m.join_url FROM zoom_meetings m JOIN zoom_connections c ON c.zoom_account_id = m.account_id
             WHERE c.id = $1 AND c.event_id = $2 AND m.meeting_id = $3 LIMIT 1",
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
        let mut events = match self.backend() {
            Backend::Local => local::purge_account(&mut tx, account_id, notice, action).await?,
            Backend::Team => team::purge_account(&mut tx, account_id, notice.as_str()).await?,
        };
        tx.commit().await?;
        events.sort_unstable();
        events.dedup();
        Ok(events)
    }
}
