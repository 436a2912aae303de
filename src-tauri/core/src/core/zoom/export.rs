//! The schedule as files other programs open: an iCalendar (RFC 5545) file for calendars and a
//! CSV file for spreadsheets, each one row per meeting or occurrence, as the schedule shows them.
//! Passcodes are in a file only when asked for: the list Zoom gives has none, so each meeting's
//! is asked of Zoom then (`GET /meetings/{id}`, paced to the account's Light limit).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, Component, EventLike};

use super::schedule::{ExportFormat, ScheduleFilter, ScheduleRow, ScheduleWindow};
use super::ZoomIntegration;
use crate::core::{Admin, Lang, Result};

const PRODUCT: &str = "MySciHub";

/// Meeting id → its passcode (a series' occurrences share their meeting's).
pub type Passcodes = HashMap<i64, String>;

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ics => "ics",
            ExportFormat::Csv => "csv",
        }
    }
}

impl ZoomIntegration {
    /// The schedule the filter keeps as the text of a file; with `include_passcodes`, each
    /// meeting's passcode asked of Zoom first. Any failure gives no text at all, so a file is
    /// never written with some passcodes missing.
    pub async fn export_schedule(
        &self,
        admin: Admin,
        filter: &ScheduleFilter,
        format: ExportFormat,
        include_passcodes: bool,
        lang: Lang,
    ) -> Result<String> {
        let schedule = self.schedule(admin, filter).await?;
        let passcodes = if include_passcodes { Some(self.passcodes(admin, &schedule).await?) } else { None };
        Ok(match format {
            ExportFormat::Ics => ics(&schedule, passcodes.as_ref(), lang),
            ExportFormat::Csv => csv(&schedule, passcodes.as_ref(), lang),
        })
    }

    /// Each meeting's passcode, one account after another, each meeting once.
    async fn passcodes(&self, admin: Admin, schedule: &ScheduleWindow) -> Result<Passcodes> {
        let mut wanted: Vec<(i64, Vec<i64>)> = Vec::new();
        for row in &schedule.rows {
            let at = match wanted.iter().position(|(c, _)| *c == row.connection_id) {
                Some(at) => at,
                None => {
                    wanted.push((row.connection_id, Vec::new()));
                    wanted.len() - 1
                }
            };
            if !wanted[at].1.contains(&row.meeting.id) {
                wanted[at].1.push(row.meeting.id);
            }
        }
        let mut passcodes = Passcodes::new();
        for (connection_id, meeting_ids) in wanted {
            let account_id = self.find(admin, connection_id).await?.account_id.ok_or(crate::core::Error::NotConnected)?;
            passcodes.extend(self.meeting_passcodes(account_id, &meeting_ids).await?);
        }
        Ok(passcodes)
    }
}

fn passcode_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Код доступа",
        Lang::En => "Passcode",
    }
}

/// When a row's meeting runs, in UTC; none without a fixed time.
fn span(row: &ScheduleRow) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let m = &row.meeting;
    if !m.fixed_time {
        return None;
    }
    let start: DateTime<Utc> = m.start_time.as_deref()?.parse().ok()?;
    Some((start, start + Duration::minutes(m.duration_minutes.unwrap_or(0).max(0))))
}

/// The meeting ID as Zoom writes it: `812 3456 7890` (11 digits), `812 345 6789` (10). The
/// window's `meetingNumber` writes it the same way.
pub fn meeting_number(id: i64) -> String {
    let d = id.to_string();
    match d.len() {
        10 => format!("{} {} {}", &d[..3], &d[3..6], &d[6..]),
        11 => format!("{} {} {}", &d[..3], &d[3..7], &d[7..]),
        _ => d,
    }
}

/// One VEVENT per meeting or occurrence with a fixed time, in UTC, its join link as URL and
/// LOCATION. A meeting without a fixed time has no DTSTART to give, so it is not in the file.
/// The UID stays the same from one export to the next, so a calendar updates what it has.
pub fn ics(schedule: &ScheduleWindow, passcodes: Option<&Passcodes>, lang: Lang) -> String {
    let mut calendar = Calendar::new();
    calendar.name(PRODUCT);
    for row in &schedule.rows {
        let Some((start, end)) = span(row) else { continue };
        let m = &row.meeting;
        let uid = match &m.occurrence_id {
            Some(occurrence) => format!("zoom-{}-{occurrence}@myscihub.org", m.id),
            None => format!("zoom-{}@myscihub.org", m.id),
        };
        let mut description = format!("Zoom: {}\n{}", meeting_number(m.id), row.connection_names.join(", "));
        if let Some(url) = &m.join_url {
            description.push('\n');
            description.push_str(url);
        }
        if let Some(code) = passcodes.and_then(|p| p.get(&m.id)) {
            description.push_str(&format!("\n{}: {code}", passcode_label(lang)));
        }
        let mut event = icalendar::Event::new();
        event.uid(&uid).summary(&m.topic).starts(start).ends(end).description(&description);
        if let Some(url) = m.join_url.as_deref().filter(|_| m.joinable) {
            event.url(url).location(url);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// The .csv export's columns, in the user's language.
fn csv_head(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Ru => ["Дата", "Начало", "Окончание", "Часовой пояс", "Тема", "Подключение", "Аккаунт Zoom", "ID встречи", "Ссылка"],
        Lang::En => ["Date", "Start", "End", "Time zone", "Topic", "Connection", "Zoom account", "Meeting ID", "Join link"],
    }
}

/// UTF-8 with a byte-order mark, so that Excel reads Cyrillic right; times in the event's zone.
/// With passcodes, a last column holds them.
pub fn csv(schedule: &ScheduleWindow, passcodes: Option<&Passcodes>, lang: Lang) -> String {
    let zone: chrono_tz::Tz = schedule.event_time_zone.parse().unwrap_or(chrono_tz::UTC);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut head = csv_head(lang).to_vec();
    head.extend(passcodes.map(|_| passcode_label(lang)));
    writer.write_record(head).expect("writing to memory");
    for row in &schedule.rows {
        let m = &row.meeting;
        let (date, start, end) = match span(row) {
            Some((start, end)) => {
                let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
                (start.format("%Y-%m-%d").to_string(), start.format("%H:%M").to_string(), end.format("%H:%M").to_string())
            }
            None => Default::default(),
        };
        let mut record = vec![
            date,
            start,
            end,
            schedule.event_time_zone.clone(),
            m.topic.clone(),
            row.connection_names.join(", "),
            row.zoom_email.clone(),
            meeting_number(m.id),
            m.join_url.clone().unwrap_or_default(),
        ];
        record.extend(passcodes.map(|p| p.get(&m.id).cloned().unwrap_or_default()));
        writer.write_record(record).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("the rows are UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::meeting_number;

    #[test]
    fn meeting_ids_read_as_zoom_writes_them() {
        assert_eq!(meeting_number(81234567890), "812 3456 7890");
        assert_eq!(meeting_number(8123456789), "812 345 6789");
        assert_eq!(meeting_number(123), "123");
    }
}
