//! The event's schedule: every stored meeting (and occurrence) of every connected account on one
//! timeline, with the connection each comes from and the overlaps of each Zoom user, from the
//! database alone.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::meetings::{Meeting, MEETING_WINDOW_MAX};
use super::ZoomIntegration;
use crate::core::{Admin, Error, Field, Problem, Result};

/// One row of the schedule: a meeting or an occurrence, and where it comes from.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleRow {
    /// The first connection (by name) that uses the account; a Zoom account two connections of
    /// the event use is listed once, under both names.
    #[ts(type = "number")]
    pub connection_id: i64,
    pub connection_names: Vec<String>,
    /// The Zoom account (its e-mail) that hosts the meeting.
    pub zoom_email: String,
    pub meeting: Meeting,
}

/// What the schedule asks for: words in the topic, one connection, a span of days.
#[derive(Debug, Clone, Default)]
pub struct ScheduleFilter {
    pub words: String,
    pub connection_id: Option<i64>,
    /// Days in the event's time zone, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The schedule's filter as the window sends it: dates as `YYYY-MM-DD`, in the event's zone.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleQuery {
    pub words: String,
    #[ts(type = "number | null")]
    pub connection_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl ScheduleQuery {
    pub fn filter(&self) -> Result<ScheduleFilter> {
        let day = |text: &Option<String>, field| match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => t.parse::<NaiveDate>().map(Some).map_err(|_| Error::invalid(field, Problem::Malformed)),
        };
        Ok(ScheduleFilter {
            words: self.words.clone(),
            connection_id: self.connection_id,
            from: day(&self.from, Field::StartsOn)?,
            to: day(&self.to, Field::EndsOn)?,
        })
    }
}

/// Which file the schedule is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExportFormat {
    /// iCalendar, for calendar programs.
    Ics,
    /// A spreadsheet (Excel, LibreOffice).
    Csv,
}

/// A slice of the schedule, sorted by start (meetings without a fixed time last).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleWindow {
    /// Rows the filter keeps.
    #[ts(type = "number")]
    pub matching: usize,
    /// Rows kept by words and connection, but outside the days asked for.
    #[ts(type = "number")]
    pub outside_days: usize,
    /// Rows that overlap another of the same Zoom user, among those the filter keeps.
    #[ts(type = "number")]
    pub conflicts: usize,
    #[ts(type = "number")]
    pub offset: usize,
    pub rows: Vec<ScheduleRow>,
    pub event_time_zone: String,
}

impl ZoomIntegration {
    /// The whole schedule the filter keeps.
    pub async fn schedule(&self, admin: Admin, filter: &ScheduleFilter) -> Result<ScheduleWindow> {
        self.schedule_window(admin, filter, 0, usize::MAX).await
    }

    /// Rows `offset..offset + limit` of the schedule the filter keeps (at most
    /// `MEETING_WINDOW_MAX` when asked through `schedule_page`).
    pub async fn schedule_page(&self, admin: Admin, filter: &ScheduleFilter, offset: usize, limit: usize) -> Result<ScheduleWindow> {
        self.schedule_window(admin, filter, offset, limit.min(MEETING_WINDOW_MAX)).await
    }

    async fn schedule_window(&self, admin: Admin, filter: &ScheduleFilter, offset: usize, limit: usize) -> Result<ScheduleWindow> {
        let event = self.store.event(admin.event()).await?.ok_or(Error::EventNotFound)?;
        let zone: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let mut connections = self.store.zoom_connections(admin.event(), self.clock.now_ms()).await?;
        if let Some(only) = filter.connection_id {
            if !connections.iter().any(|c| c.id == only) {
                return Err(Error::ConnectionNotFound);
            }
            connections.retain(|c| c.id == only);
        }
        // One entry per account, with every connection of the event that uses it.
        let mut accounts: Vec<(i64, i64, Vec<String>, String)> = Vec::new();
        for c in &connections {
            let (Some(account_id), Some(account)) = (c.account_id, &c.account) else { continue };
            match accounts.iter_mut().find(|(id, ..)| *id == account_id) {
                Some((_, _, names, _)) => names.push(c.name.clone()),
                None => accounts.push((account_id, c.id, vec![c.name.clone()], account.email.clone())),
            }
        }
        let needle = filter.words.trim().to_lowercase();
        let in_days = |start: Option<i64>| match start.and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)) {
            Some(t) => {
                let day = t.with_timezone(&zone).date_naive();
                filter.from.is_none_or(|from| day >= from) && filter.to.is_none_or(|to| day <= to)
            }
            // Without a fixed time a meeting belongs to no day, and is always shown.
            None => true,
        };
        // The rows the filter keeps, as (start, account, index): only the page's rows are built.
        let mut lists = Vec::with_capacity(accounts.len());
        let mut kept: Vec<(Option<i64>, usize, usize)> = Vec::new();
        let mut outside_days = 0;
        for (account, (account_id, ..)) in accounts.iter().enumerate() {
            let sorted = self.sorted_meetings(*account_id).await?;
            for i in sorted.matching(&needle) {
                let start = sorted.start(i);
                if in_days(start) {
                    kept.push((start, account, i));
                } else {
                    outside_days += 1;
                }
            }
            lists.push(sorted);
        }
        // Fixed start times first, by time; then the rest. Ties keep the accounts' own orders.
        kept.sort_unstable_by_key(|&(start, account, i)| (start.is_none(), start.unwrap_or(0), account, i));
        let conflicts = kept.iter().filter(|&&(_, account, i)| lists[account].overlaps(i)).count();
        let matching = kept.len();
        let rows = kept
            .iter()
            .skip(offset)
            .take(limit)
            .map(|&(_, account, i)| {
                let (_, connection_id, names, email) = &accounts[account];
                ScheduleRow {
                    connection_id: *connection_id,
                    connection_names: names.clone(),
                    zoom_email: email.clone(),
                    meeting: lists[account].view(i),
                }
            })
            .collect();
        Ok(ScheduleWindow { matching, outside_days, conflicts, offset, rows, event_time_zone: event.time_zone })
    }
}
