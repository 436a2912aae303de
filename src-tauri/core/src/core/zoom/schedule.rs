//! The event's schedule: every stored meeting (and occurrence) of every connected account on one
//! timeline, with the connection each comes from and the overlaps of each Zoom user, from the
//! database alone.

use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::meetings::{Meeting, Sorted, MEETING_WINDOW_MAX};
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
        let mut connections = self.store.schedule_connections(admin.event()).await?;
        if let Some(only) = filter.connection_id {
            if !connections.iter().any(|c| c.id == only) {
                return Err(Error::ConnectionNotFound);
            }
            connections.retain(|c| c.id == only);
        }
        // One entry per account, with every connection of the event that uses it.
        let mut accounts: Vec<ScheduleAccount> = Vec::new();
        for c in connections {
            let (Some(account_id), Some(email)) = (c.account_id, c.email) else { continue };
            let digest = c.meetings_digest;
            match accounts.iter_mut().find(|a| a.id == account_id) {
                Some(account) => account.names.push(c.name),
                None => accounts.push(ScheduleAccount { id: account_id, connection_id: c.id, names: vec![c.name], email, digest }),
            }
        }
        let mut lists = Vec::with_capacity(accounts.len());
        for account in &accounts {
            lists.push(self.sorted_meetings_as_of(account.id, account.digest.clone()).await?);
        }
        // One account's list is in order already: one connection's schedule does not push the
        // whole event's timeline out of the one kept.
        let timeline = if lists.len() == 1 { Arc::new(Merged::new(lists)) } else { self.schedules.of(lists) };

        let needle = filter.words.trim().to_lowercase();
        // Which rows of each list the words keep, found list by list in one search each.
        let kept: Vec<Vec<bool>> = timeline
            .lists
            .iter()
            .map(|list| {
                let mut kept = vec![needle.is_empty(); list.len()];
                if !needle.is_empty() {
                    list.matching(&needle).into_iter().for_each(|i| kept[i] = true);
                }
                kept
            })
            .collect();
        let from = filter.from.map_or(i64::MIN, |day| day_start(zone, day));
        let to = filter.to.and_then(|day| day.succ_opt()).map_or(i64::MAX, |day| day_start(zone, day));
        let mut matching = 0;
        let mut outside_days = 0;
        let mut conflicts = 0;
        let mut rows = Vec::new();
        for &(start, account, i) in &timeline.order {
            let list = &timeline.lists[account];
            if !kept[account][i] {
                continue;
            }
            // Without a fixed time a meeting belongs to no day, and is always shown.
            if start.is_some_and(|t| t < from || t >= to) {
                outside_days += 1;
                continue;
            }
            if list.overlaps(i) {
                conflicts += 1;
            }
            if matching >= offset && rows.len() < limit {
                let account = &accounts[account];
                rows.push(ScheduleRow {
                    connection_id: account.connection_id,
                    connection_names: account.names.clone(),
                    zoom_email: account.email.clone(),
                    meeting: list.view(i),
                });
            }
            matching += 1;
        }
        Ok(ScheduleWindow { matching, outside_days, conflicts, offset, rows, event_time_zone: event.time_zone })
    }
}

/// A Zoom account of the event's schedule, under the connections that use it.
struct ScheduleAccount {
    id: i64,
    /// The first of them by name.
    connection_id: i64,
    names: Vec<String>,
    email: String,
    digest: Option<String>,
}

/// The event's accounts' sorted lists as one timeline, kept until one of the lists changes: a
/// keystroke walks it in order instead of sorting the rows it keeps again.
#[derive(Default)]
pub(super) struct MergedTimeline(Mutex<Option<Arc<Merged>>>);

pub(super) struct Merged {
    lists: Vec<Arc<Sorted>>,
    /// Every row as (start, account, index in its list), in the schedule's order: fixed start
    /// times first, by time, then the rest; ties keep the accounts' own orders.
    order: Vec<(Option<i64>, usize, usize)>,
}

impl Merged {
    fn new(lists: Vec<Arc<Sorted>>) -> Self {
        let mut order: Vec<_> =
            lists.iter().enumerate().flat_map(|(account, list)| (0..list.len()).map(move |i| (list.start(i), account, i))).collect();
        order.sort_unstable_by_key(|&(start, account, i)| (start.is_none(), start.unwrap_or(0), account, i));
        Merged { lists, order }
    }
}

impl MergedTimeline {
    fn of(&self, lists: Vec<Arc<Sorted>>) -> Arc<Merged> {
        let mut kept = self.0.lock().expect("merged timeline");
        if let Some(merged) = kept.as_ref().filter(|m| m.lists.len() == lists.len() && m.lists.iter().zip(&lists).all(|(a, b)| Arc::ptr_eq(a, b))) {
            return merged.clone();
        }
        let merged = Arc::new(Merged::new(lists));
        *kept = Some(merged.clone());
        merged
    }
}

/// When a day begins on a zone's clock, in Unix seconds: at midnight, or where a change of the
/// clock that skips midnight lands.
fn day_start(zone: chrono_tz::Tz, day: NaiveDate) -> i64 {
    let midnight = day.and_time(NaiveTime::MIN);
    (0..=180)
        .step_by(15)
        .find_map(|minutes| zone.from_local_datetime(&(midnight + chrono::Duration::minutes(minutes))).earliest())
        .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_day_begins_at_the_zones_midnight() {
        // 2026-12-03 00:00 in Moscow is 2026-12-02 21:00 UTC.
        assert_eq!(day_start(chrono_tz::Europe::Moscow, day("2026-12-03")), 1_796_245_200);
    }

    #[test]
    fn a_day_whose_midnight_the_clock_skips_begins_when_the_clock_lands() {
        // Chile moves its clocks from 00:00 to 01:00 on 2026-09-06: that day begins at 01:00 -03.
        assert_eq!(day_start(chrono_tz::America::Santiago, day("2026-09-06")), 1_788_667_200);
    }
}
