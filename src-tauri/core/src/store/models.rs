//! Rows as the rest of the app sees them; also the shapes that cross IPC
//! (their TypeScript twins are generated into `ui/src/lib/bindings`).

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Profile {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Event {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// IANA name, e.g. `Europe/Moscow`.
    pub time_zone: String,
    /// `YYYY-MM-DD`, in the event's time zone; an event has both dates or neither.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Administrator {
    #[ts(type = "number")]
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub added_at: String,
}

/// What removing an administrator did; the last one of an event is never removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminRemoval {
    Removed,
    NotAnAdministrator,
    LastAdministrator,
}

/// Derived from the data, never stored: a linked Zoom account makes a connection connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConnectionStatus {
    NotConnected,
    /// The browser was sent to Zoom and the app waits for it to come back.
    Authorizing,
    Connected,
    /// Zoom still knows the app, but the app lost its refresh token: connect again.
    NeedsReauth,
}

/// Something the administrators should know about a connection, kept until it is connected again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConnectionNotice {
    /// The app was removed in the Zoom Marketplace, so the account left every event.
    AppRemovedInZoom,
    /// Zoom refused the app's sign-in and nobody connected the account again in time, so it left every event.
    ReconnectTimedOut,
    /// Disconnected here, but Zoom could not be told to revoke the app's access.
    RevokeFailed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ZoomAccountSummary {
    pub display_name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ZoomConnection {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub event_id: i64,
    pub name: String,
    pub status: ConnectionStatus,
    pub account: Option<ZoomAccountSummary>,
    pub notice: Option<ConnectionNotice>,
    /// unix ms; `purge_at` says what it means for the administrators.
    #[serde(skip)]
    #[ts(skip)]
    pub needs_reauth_since: Option<i64>,
    #[serde(skip)]
    #[ts(skip)]
    pub account_id: Option<i64>,
    /// «Требуется повторное подключение»: the account leaves every event at this moment (RFC 3339)
    /// unless it is connected again before.
    pub purge_at: Option<String>,
    /// How many of the account's meetings overlap another of its meetings.
    #[ts(type = "number")]
    pub overlapping: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HistoryAction {
    Added,
    Renamed,
    Connected,
    Disconnected,
    Deleted,
    RevokedByZoom,
    /// Not connected again within the grace period after Zoom refused the sign-in.
    ReconnectTimedOut,
}

/// One line of a Zoom page's «История»: who did what to which connection, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, UTC
    pub at: String,
    pub action: HistoryAction,
    /// None when Zoom did it.
    pub actor_name: Option<String>,
    /// The connection's name at the time.
    pub connection_name: String,
    pub zoom_email: Option<String>,
    /// For a rename: the new name.
    pub detail: Option<String>,
}

/// Why an account's last sync failed, kept until one works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProblem {
    Unreachable,
    RateLimited,
    ZoomUnavailable,
    Unexpected,
    ReconnectNeeded,
    /// Zoom's pages did not add up (a repeating page token, more pages than its total).
    BadPaging,
}

/// An account's sync bookkeeping. Times are unix ms.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SyncRecord {
    pub last_synced_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    pub sync_problem: Option<SyncProblem>,
    pub retry_at: Option<i64>,
    pub meetings_digest: Option<String>,
    pub needs_reauth_since: Option<i64>,
}

/// A connection as the schedule reads it: its Zoom account, if connected, with the account's
/// e-mail and the digest of its stored snapshot.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScheduleConnection {
    pub id: i64,
    pub name: String,
    pub account_id: Option<i64>,
    pub email: Option<String>,
    pub meetings_digest: Option<String>,
}

/// The profile part of a stored Zoom account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountProfile {
    pub display_name: String,
    pub email: String,
    pub user_type: i64,
    pub timezone: Option<String>,
    pub zoom_account_id: Option<String>,
    pub scopes: String,
}

/// What `/users/me` says of an account at each sync.
#[derive(Debug, Clone)]
pub struct AccountProfileUpdate {
    /// The Zoom user the profile came from: it is written only over that user's account.
    pub zoom_user_id: String,
    pub email: String,
    pub display_name: String,
    pub user_type: i64,
    pub timezone: Option<String>,
    pub zoom_account_id: Option<String>,
}

/// One change of Settings → Zoom, by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SettingsChange {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, UTC
    pub at: String,
    pub actor_name: Option<String>,
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A meeting as the store keeps it: what the list of an account's scheduled meetings showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeeting {
    pub id: i64,
    pub topic: String,
    /// 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring with fixed time.
    pub meeting_type: i64,
    /// RFC 3339, UTC.
    pub start_time: Option<String>,
    pub duration: Option<i64>,
    pub timezone: Option<String>,
    pub join_url: Option<String>,
    /// Set on one occurrence of a recurring meeting with a fixed time (type 8): its own time is
    /// `start_time`, its length `duration`.
    pub occurrence_id: Option<String>,
    /// The list item a type-8 meeting's occurrences came from (a digest of it), so an unchanged
    /// series is not fetched again.
    pub series: Option<String>,
}
