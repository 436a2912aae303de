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
    /// `YYYY-MM-DD`, in the event's time zone.
    pub starts_on: String,
    pub ends_on: String,
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
