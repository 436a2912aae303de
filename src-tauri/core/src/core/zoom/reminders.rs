//! «Напоминать за N минут»: a desktop notification before each meeting of an event starts, from
//! the stored schedule alone (no request to Zoom). Opt-in per event and per computer: the choice
//! is this administrator's, kept in `reminders.json` in the data folder, not in the shared data.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::schedule::ScheduleFilter;
use super::ZoomIntegration;
use crate::core::{Admin, Error, Field, Problem, Result};

pub const DEFAULT_LEAD_MINUTES: i64 = 10;
const MOST_LEAD_MINUTES: i64 = 24 * 60;
pub const REMINDERS_FILE: &str = "reminders.json";

/// A meeting about to start, for the notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reminder {
    #[ts(type = "number")]
    pub event_id: i64,
    #[ts(type = "number")]
    pub connection_id: i64,
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub occurrence_id: Option<String>,
    pub topic: String,
    /// RFC 3339, UTC.
    pub start_time: String,
    pub event_time_zone: String,
}

/// What this computer reminds of, and what it already did in this run.
pub struct Reminders {
    file: PathBuf,
    /// Unix ms: meetings that started before the app opened are not reminded of.
    opened_at: i64,
    /// Meeting, occurrence and start: one notification each, ever, in a run.
    sent: Mutex<HashSet<(i64, Option<String>, String)>>,
    /// Told when a lead time changes, so that a reminder now due is not half a minute late.
    changed: tokio::sync::Notify,
}

impl Reminders {
    pub fn new(data_dir: &Path, opened_at: i64) -> Self {
        Self { file: data_dir.join(REMINDERS_FILE), opened_at, sent: Mutex::default(), changed: tokio::sync::Notify::new() }
    }

    fn read(&self) -> BTreeMap<i64, i64> {
        std::fs::read(&self.file).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// Minutes before each meeting of the event, or none when reminders are off.
    pub fn lead_minutes(&self, admin: Admin) -> Option<i64> {
        self.read().get(&admin.event()).copied()
    }

    /// Turns the event's reminders on (`Some(minutes)`, 1 to 1440) or off.
    pub fn set_lead_minutes(&self, admin: Admin, minutes: Option<i64>) -> Result<()> {
        if minutes.is_some_and(|m| !(1..=MOST_LEAD_MINUTES).contains(&m)) {
            return Err(Error::invalid(Field::ReminderMinutes, Problem::Malformed));
        }
        let mut all = self.read();
        match minutes {
            Some(m) => all.insert(admin.event(), m),
            None => all.remove(&admin.event()),
        };
        let json = serde_json::to_vec_pretty(&all).expect("numbers serialise");
        let temporary = self.file.with_extension("tmp");
        std::fs::write(&temporary, json).and_then(|()| std::fs::rename(&temporary, &self.file)).map_err(|e| Error::NotSaved(e.to_string()))?;
        self.changed.notify_one();
        Ok(())
    }

    /// Returns once a lead time changed (at once when one changed since last asked).
    pub async fn changed(&self) {
        self.changed.notified().await;
    }

    /// The events whose reminders are on.
    pub fn events(&self) -> Vec<i64> {
        self.read().into_keys().collect()
    }
}

impl ZoomIntegration {
    /// The reminders due now for `admin`'s event: meetings with a fixed time that start within
    /// the lead time and had not started when the app opened, each once.
    pub async fn due_reminders(&self, reminders: &Reminders, admin: Admin) -> Result<Vec<Reminder>> {
        let Some(lead) = reminders.lead_minutes(admin) else { return Ok(Vec::new()) };
        let now = self.clock.now_ms();
        let schedule = self.schedule(admin, &ScheduleFilter::default()).await?;
        let mut sent = reminders.sent.lock().expect("reminders");
        let mut due = Vec::new();
        for row in schedule.rows {
            let m = row.meeting;
            let Some(start) = m.start_time.as_deref().filter(|_| m.fixed_time).and_then(|t| t.parse::<DateTime<Utc>>().ok()) else { continue };
            let start_ms = start.timestamp_millis();
            if start_ms <= reminders.opened_at || start_ms <= now || start_ms - now > lead * 60_000 {
                continue;
            }
            let start_time = m.start_time.clone().unwrap_or_default();
            if sent.insert((m.id, m.occurrence_id.clone(), start_time.clone())) {
                due.push(Reminder {
                    event_id: admin.event(),
                    connection_id: row.connection_id,
                    meeting_id: m.id,
                    occurrence_id: m.occurrence_id,
                    topic: m.topic,
                    start_time,
                    event_time_zone: schedule.event_time_zone.clone(),
                });
            }
        }
        Ok(due)
    }
}
