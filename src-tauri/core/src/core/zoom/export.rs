//! The schedule as files other programs open: an iCalendar (RFC 5545) file for calendars and a
//! CSV file for spreadsheets, each one row per meeting or occurrence, as the schedule shows them.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, Component, EventLike};

use super::schedule::{ScheduleRow, ScheduleWindow};
use crate::core::Lang;

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
pub fn ics(schedule: &ScheduleWindow, product: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name(product);
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
pub fn csv_head(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Ru => ["Дата", "Начало", "Окончание", "Часовой пояс", "Тема", "Подключение", "Аккаунт Zoom", "ID встречи", "Ссылка"],
        Lang::En => ["Date", "Start", "End", "Time zone", "Topic", "Connection", "Zoom account", "Meeting ID", "Join link"],
    }
}

/// UTF-8 with a byte-order mark, so that Excel reads Cyrillic right; times in the event's zone.
pub fn csv(schedule: &ScheduleWindow, head: [&str; 9]) -> String {
    let zone: chrono_tz::Tz = schedule.event_time_zone.parse().unwrap_or(chrono_tz::UTC);
    let mut writer = csv::Writer::from_writer(Vec::new());
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
        writer
            .write_record([
                date,
                start,
                end,
                schedule.event_time_zone.clone(),
                m.topic.clone(),
                row.connection_names.join(", "),
                row.zoom_email.clone(),
                meeting_number(m.id),
                m.join_url.clone().unwrap_or_default(),
            ])
            .expect("writing to memory");
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
