//! Meeting lists kept fresh: complete snapshots only, Zoom's limits honoured, revocation purged.

mod common;

use std::time::Duration;

use common::*;
use myscihub_core::core::events;
use myscihub_core::core::Lang;
use myscihub_core::store::{ConnectionNotice, ConnectionStatus, HistoryAction};
use serde_json::json;
use zoom_sandbox::{BodyFault, FaultSpec};

const MEETINGS: &str = "/v2/users/me/meetings";

fn fault(path: &str, count: u32) -> FaultSpec {
    FaultSpec { count, ..FaultSpec::on(path) }
}

async fn refresh(w: &World, connection: i64, force: bool) -> myscihub_core::core::zoom::ConnectionDetails {
    refresh_connection(&w.zoom, w.anna, w.event, connection, force, Lang::En).await.0
}

/// Both clocks, the app's and Zoom's, move together.
fn later(w: &World, by: Duration) {
    w.zoom.clock().advance(by);
    w.sandbox.advance_clock(by.as_secs() as i64);
}

#[tokio::test]
async fn every_page_is_fetched_and_the_list_shown_whole() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=1000).map(scheduled_meeting).collect()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    w.sandbox.clear_requests();

    let details = refresh(&w, connection, true).await;
    assert_eq!(details.meeting_count, 1000);
    let meetings = all_meetings(&w, w.event, connection).await;
    assert_eq!(meetings.len(), 1000);
    assert_eq!(meetings[0].topic, "Session 1");
    assert_eq!(meetings[999].topic, "Session 1000");
    assert!(meetings.iter().all(|m| m.joinable && m.fixed_time && !m.recurring));
    let window = w.zoom.meetings(admin(&w.zoom, w.anna, w.event).await, connection, "session 99", 0, 50).await.unwrap();
    assert_eq!((window.matching, window.meetings.len()), (11, 11), "99 and 990–999, any case");
    assert_eq!(requests_to(&w.sandbox, "/v2/users/me"), 1, "the profile is refreshed with the list");
    assert!(!details.sync.stale && details.sync.fault.is_none() && details.sync.last_synced_at.is_some());
    let pages: Vec<_> = w.sandbox.requests().into_iter().filter(|r| r.path == MEETINGS).collect();
    assert_eq!(pages.len(), 4, "ceil(1000 / 300) pages");
    assert!(pages.iter().all(|p| p.query.contains("page_size=300") && p.query.contains("type=scheduled")));
    assert!(pages[1..].iter().all(|p| p.query.contains("next_page_token=")));
}

#[tokio::test]
async fn fresh_data_is_not_fetched_again_unless_forced() {
    let w = world().await;
    give_meetings(&w, PRO_ID, vec![scheduled_meeting(1)]).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    refresh(&w, connection, false).await;
    refresh(&w, connection, false).await;
    assert_eq!(requests_to(&w.sandbox, MEETINGS), 1, "a focus within a minute asks Zoom nothing");
    refresh(&w, connection, true).await;
    assert_eq!(requests_to(&w.sandbox, MEETINGS), 2, "a reload does");
    later(&w, Duration::from_secs(61));
    refresh(&w, connection, false).await;
    assert_eq!(requests_to(&w.sandbox, MEETINGS), 3, "and a focus a minute later does");
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_last_good_list() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=3).map(scheduled_meeting).collect()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let good = refresh(&w, connection, true).await;
    assert_eq!(good.meeting_count, 3);
    give_meetings(&w, PRO_ID, vec![]).await;

    for spec in [
        FaultSpec { status: Some(503), ..fault(MEETINGS, 3) },
        FaultSpec { body: Some(BodyFault::Malformed), ..fault(MEETINGS, 1) },
        FaultSpec { body: Some(BodyFault::Truncated), ..fault(MEETINGS, 1) },
    ] {
        w.sandbox.add_fault(spec.clone());
        let failed = refresh(&w, connection, true).await;
        assert_eq!(failed.meeting_count, 3, "{spec:?}: the last good list stays");
        assert!(failed.sync.stale, "{spec:?}");
        assert!(failed.sync.fault.is_some(), "{spec:?}");
        assert_eq!(failed.sync.last_synced_at, good.sync.last_synced_at);
    }
    assert_eq!(requests_to_at_least(&w.sandbox, MEETINGS, 6).await, 1 + 3 + 1 + 1, "three tries for a 503, one for a broken body");

    let recovered = refresh(&w, connection, true).await;
    assert_eq!(recovered.meeting_count, 0, "a complete empty list is a real answer");
    assert!(recovered.sync.fault.is_none());
}

#[tokio::test]
async fn zooms_rate_limit_is_waited_out_when_short() {
    let w = world().await;
    give_meetings(&w, PRO_ID, vec![scheduled_meeting(1)]).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    w.sandbox.add_fault(FaultSpec { status: Some(429), ..fault(MEETINGS, 1) });

    let details = refresh(&w, connection, true).await;
    assert_eq!(details.meeting_count, 1);
    let times: Vec<_> = w.sandbox.requests().into_iter().filter(|r| r.path == MEETINGS).map(|r| r.time).collect();
    assert_eq!(times.len(), 2);
    let first = chrono::DateTime::parse_from_rfc3339(&times[0]).unwrap();
    let second = chrono::DateTime::parse_from_rfc3339(&times[1]).unwrap();
    assert!(second - first >= chrono::Duration::milliseconds(1000), "no retry before Retry-After: 1");
}

#[tokio::test]
async fn a_401_forces_one_token_refresh_and_one_retry() {
    let w = world().await;
    give_meetings(&w, PRO_ID, vec![scheduled_meeting(1)]).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let tokens_before = token_requests(&w.sandbox);
    w.sandbox.add_fault(FaultSpec { status: Some(401), ..fault(MEETINGS, 1) });

    let details = refresh(&w, connection, true).await;
    assert_eq!(details.meeting_count, 1);
    assert_eq!(token_requests(&w.sandbox), tokens_before + 1);
    assert_eq!(requests_to(&w.sandbox, MEETINGS), 2);
}

#[tokio::test]
async fn removing_the_app_in_the_marketplace_removes_the_account_from_every_event() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=2).map(scheduled_meeting).collect()).await;
    let workshop = events::create(w.zoom.store(), w.anna, new_event("Workshop")).await.unwrap().id;
    let here = connect(&w, w.event, "Main", PRO).await;
    let there = connect(&w, workshop, "Shared", PRO).await;
    refresh(&w, here, true).await;

    assert!(w.sandbox.uninstall(PRO_ID) > 0);
    let (details, report) = refresh_connection(&w.zoom, w.anna, w.event, here, true, Lang::Ru).await;
    let mut purged = report.purged_events().clone();
    purged.sort();
    assert_eq!(purged, vec![w.event, workshop]);
    assert_eq!(details.connection.status, ConnectionStatus::NotConnected);
    assert_eq!(details.connection.notice, Some(ConnectionNotice::AppRemovedInZoom));
    assert!(details.meeting_count == 0 && details.account.is_none());
    let elsewhere = w.zoom.connection(admin(&w.zoom, w.anna, workshop).await, there).await.unwrap();
    assert_eq!((elsewhere.status, elsewhere.notice), (ConnectionStatus::NotConnected, Some(ConnectionNotice::AppRemovedInZoom)));
    for event in [w.event, workshop] {
        let history = w.zoom.history(admin(&w.zoom, w.anna, event).await).await.unwrap();
        assert_eq!((history[0].action, history[0].actor_name.as_deref()), (HistoryAction::RevokedByZoom, None));
    }
    let left = |table: &str| format!("SELECT count(*) FROM {table}");
    let accounts: i64 = sqlx::query_scalar(&left("zoom_accounts")).fetch_one(w.zoom.store().pool()).await.unwrap();
    let meetings: i64 = sqlx::query_scalar(&left("zoom_meetings")).fetch_one(w.zoom.store().pool()).await.unwrap();
    assert_eq!((accounts, meetings), (0, 0), "tokens and meetings deleted");
}

#[tokio::test]
async fn a_revocation_is_also_seen_when_the_token_needs_refreshing() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    w.sandbox.uninstall(PRO_ID);
    later(&w, Duration::from_secs(56 * 60));
    let details = refresh(&w, connection, false).await;
    assert_eq!(details.connection.notice, Some(ConnectionNotice::AppRemovedInZoom));
    assert_eq!(requests_to(&w.sandbox, MEETINGS), 0, "the refresh already told");
}

#[tokio::test]
async fn a_lost_refresh_answer_asks_to_reconnect_and_keeps_the_meetings() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=2).map(scheduled_meeting).collect()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    refresh(&w, connection, true).await;

    // Zoom rotates the refresh token, but its answer never arrives.
    later(&w, Duration::from_secs(56 * 60));
    w.sandbox.add_fault(FaultSpec { drop: true, ..fault("/oauth/token", 1) });
    let still = refresh(&w, connection, true).await;
    assert_eq!((still.connection.status, still.meeting_count), (ConnectionStatus::Connected, 2), "the access token still works");

    later(&w, Duration::from_secs(5 * 60));
    let tokens = token_requests(&w.sandbox);
    let details = refresh(&w, connection, true).await;
    assert_eq!(details.connection.status, ConnectionStatus::NeedsReauth);
    assert_eq!(details.meeting_count, 2, "the meetings stay");
    assert!(details.sync.stale);
    assert_eq!(details.sync.fault.as_ref().map(|f| f.code.as_str()), Some("reconnect_needed"));
    assert_eq!(token_requests(&w.sandbox), tokens + 1, "one refresh, no loop");

    refresh(&w, connection, true).await;
    assert_eq!(token_requests(&w.sandbox), tokens + 1, "a dead grant is not retried");
}

#[tokio::test]
async fn meetings_are_shown_as_well_as_they_can_be() {
    let w = world().await;
    give_meetings(
        &w,
        PRO_ID,
        vec![
            json!({"id": 1, "topic": "Без времени", "type": 3, "duration": 60, "join_url": "https://zoom.us/j/1", "brand_new_field": {"x": 1}}),
            json!({"id": 2, "topic": "<b>Семинар</b>", "type": 8, "start_time": "2026-12-03T07:00:00Z", "timezone": "Asia/Novosibirsk"}),
            json!({"id": "3", "topic": 42, "type": 2, "start_time": "not a date", "join_url": "http://evil.example/j/3"}),
            json!({"topic": "no id"}),
        ],
    )
    .await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    refresh(&w, connection, true).await;
    let m = all_meetings(&w, w.event, connection).await;
    assert_eq!(m.len(), 6, "an item without an id cannot be shown; the weekly one is its 4 occurrences");
    // Fixed start times first; then the rest in Zoom's order.
    for weekly in &m[..4] {
        assert_eq!((weekly.topic.as_str(), weekly.fixed_time, weekly.recurring, weekly.join_url.as_deref()), ("<b>Семинар</b>", true, true, None));
        assert!(weekly.occurrence_id.is_some());
    }
    assert_eq!((m[4].fixed_time, m[4].recurring, m[4].start_time.as_deref(), m[4].joinable), (false, true, None, true));
    assert_eq!((m[5].id, m[5].topic.as_str(), m[5].start_time.as_deref(), m[5].joinable), (3, "", None, false));
    assert!(w.zoom.join_link(admin(&w.zoom, w.anna, w.event).await, connection, 3).await.is_err(), "never opened");
    assert_eq!(w.zoom.join_link(admin(&w.zoom, w.anna, w.event).await, connection, 1).await.unwrap().as_str(), "https://zoom.us/j/1");
}

#[tokio::test]
async fn an_unchanged_list_writes_no_meeting_rows() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=5).map(scheduled_meeting).collect()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let account = account_of(&w, connection).await;
    let meetings = w.zoom.store().meetings(account).await.unwrap();
    assert!(meetings.is_empty(), "connecting alone fetches no meetings");
    assert_eq!(refresh(&w, connection, true).await.meeting_count, 5);
    let meetings = w.zoom.store().meetings(account).await.unwrap();
    assert!(w.zoom.store().save_snapshot(account, PRO_ID, &meetings, "digest-a", 1).await.unwrap(), "a new digest writes");
    assert!(!w.zoom.store().save_snapshot(account, PRO_ID, &meetings, "digest-a", 2).await.unwrap(), "same digest, nothing written");
    assert!(w.zoom.store().save_snapshot(account, PRO_ID, &meetings[..4], "digest-b", 3).await.unwrap());
    assert_eq!(w.zoom.store().meetings(account).await.unwrap().len(), 4);
}

#[tokio::test]
async fn meetings_of_one_zoom_user_at_the_same_time_are_marked_on_both_and_counted_on_the_connection() {
    let w = world().await;
    let at = |n: i64, start: &str, minutes: i64| {
        let mut m = scheduled_meeting(n);
        m["start_time"] = json!(start);
        m["duration"] = json!(minutes);
        m
    };
    give_meetings(&w, PRO_ID, vec![at(1, "2027-03-01T07:00:00Z", 60), at(2, "2027-03-01T07:30:00Z", 60), at(3, "2027-03-01T09:00:00Z", 60)]).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    refresh(&w, connection, true).await;

    let meetings = all_meetings(&w, w.event, connection).await;
    let partner = |i: usize| meetings[i].overlaps.as_ref().map(|o| (o.topic.as_str(), o.start_time.as_str(), o.end_time.as_str()));
    assert_eq!(partner(0), Some(("Session 2", "2027-03-01T07:30:00Z", "2027-03-01T08:30:00Z")));
    assert_eq!(partner(1), Some(("Session 1", "2027-03-01T07:00:00Z", "2027-03-01T08:00:00Z")));
    assert_eq!(partner(2), None, "09:00 is free");
    let admin = admin(&w.zoom, w.anna, w.event).await;
    assert_eq!(w.zoom.connection(admin, connection).await.unwrap().overlapping, 2);

    // The session is moved in Zoom: the next sync clears the warning.
    give_meetings(&w, PRO_ID, vec![at(1, "2027-03-01T07:00:00Z", 60), at(2, "2027-03-01T08:00:00Z", 60)]).await;
    refresh(&w, connection, true).await;
    assert!(all_meetings(&w, w.event, connection).await.iter().all(|m| m.overlaps.is_none()), "08:00 starts as 07:00's hour ends");
    assert_eq!(w.zoom.connections(admin).await.unwrap()[0].overlapping, 0);
}

#[tokio::test]
async fn a_weekly_series_is_shown_as_its_occurrences_and_asked_for_again_only_when_it_changes() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let mut series = scheduled_meeting(8);
    series["type"] = json!(8);
    series["topic"] = json!("Weekly seminar");
    series["start_time"] = json!("2027-03-01T07:00:00Z");
    series["occurrences"] = json!([
        {"occurrence_id": "1803970800000", "start_time": "2027-03-01T07:00:00Z", "duration": 60, "status": "available"},
        {"occurrence_id": "1804575600000", "start_time": "2027-03-08T07:00:00Z", "duration": 90, "status": "available"},
        {"occurrence_id": "1805180400000", "start_time": "2027-03-15T07:00:00Z", "duration": 60, "status": "deleted"},
        {"occurrence_id": "1805785200000", "start_time": "2027-03-22T07:00:00Z", "duration": 60, "status": "available"}
    ]);
    give_meetings(&w, PRO_ID, vec![scheduled_meeting(1), series.clone()]).await;
    let details_path = format!("/v2/meetings/{}", series["id"]);
    refresh(&w, connection, true).await;

    type Row = (String, Option<String>, Option<i64>, Option<String>);
    let shown: Vec<Row> =
        all_meetings(&w, w.event, connection).await.into_iter().map(|m| (m.topic, m.start_time, m.duration_minutes, m.occurrence_id)).collect();
    let weekly = |at: &str, minutes: i64, id: &str| ("Weekly seminar".to_owned(), Some(at.to_owned()), Some(minutes), Some(id.to_owned()));
    assert_eq!(
        shown,
        [
            ("Session 1".to_owned(), Some("2026-12-03T07:00:00Z".to_owned()), Some(60), None),
            weekly("2027-03-01T07:00:00Z", 60, "1803970800000"),
            weekly("2027-03-08T07:00:00Z", 90, "1804575600000"),
            weekly("2027-03-22T07:00:00Z", 60, "1805785200000"),
        ],
        "each occurrence a row with its own time; the cancelled one is not shown"
    );
    assert_eq!(requests_to(&w.sandbox, &details_path), 1, "asked for the recurring meeting only");
    assert_eq!(requests_to(&w.sandbox, &format!("/v2/meetings/{}", scheduled_meeting(1)["id"])), 0);

    // The same series again: its occurrences are not asked for again.
    refresh(&w, connection, true).await;
    assert_eq!(requests_to(&w.sandbox, &details_path), 1);
    // The series changes (a new topic): asked again, and replaced with the snapshot.
    series["topic"] = json!("Weekly seminar, room 2");
    give_meetings(&w, PRO_ID, vec![scheduled_meeting(1), series]).await;
    refresh(&w, connection, true).await;
    assert_eq!(requests_to(&w.sandbox, &details_path), 2);
    let topics: Vec<String> = all_meetings(&w, w.event, connection).await.into_iter().map(|m| m.topic).collect();
    assert_eq!(topics, ["Session 1", "Weekly seminar, room 2", "Weekly seminar, room 2", "Weekly seminar, room 2"]);
}

/// Meeting `n` of a Zoom user at `start` (UTC) for `minutes`.
#[tokio::test]
async fn an_account_granted_without_the_details_scopes_says_what_is_missing_and_still_syncs() {
    use myscihub_core::core::zoom::{ExportFormat, ScheduleFilter};
    let w = world().await;
    let connection = connect(&w, w.event, "Main", OLDER).await;
    let mut plenary = meeting_at(1, "Пленарное", "2027-03-01T07:00:00Z", 60);
    let mut series = meeting_at(8, "Weekly seminar", "2027-03-02T07:00:00Z", 60);
    series["type"] = json!(8);
    series["occurrences"] = json!([{"occurrence_id": "1804057200000", "start_time": "2027-03-02T07:00:00Z", "duration": 60, "status": "available"}]);
    for m in [&mut plenary, &mut series] {
        m["host_id"] = json!(OLDER_ID);
    }
    give_meetings(&w, OLDER_ID, vec![plenary.clone(), series.clone()]).await;

    for round in 1..=2 {
        let details = refresh(&w, connection, true).await;
        assert!(details.sync.fault.is_none(), "round {round}: {:?}", details.sync.fault);
        assert_eq!(details.account.unwrap().missing_scopes, ["meeting:read:meeting", "meeting:read:invitation"]);
        let shown: Vec<_> = all_meetings(&w, w.event, connection).await.into_iter().map(|m| (m.topic, m.occurrence_id)).collect();
        assert_eq!(shown, [("Пленарное".to_owned(), None), ("Weekly seminar".to_owned(), None)], "the series as the list gives it");
        // Not remembered as a series without occurrences: each sync asks once, so a reconnect shows them.
        assert_eq!(requests_to(&w.sandbox, &format!("/v2/meetings/{}", series["id"])), round);
    }

    let admin = admin(&w.zoom, w.anna, w.event).await;
    let id = plenary["id"].as_i64().unwrap();
    let details = w.zoom.meeting_details(admin, connection, id, None, Lang::En).await.unwrap();
    assert_eq!((details.meeting.topic.as_str(), details.agenda.as_deref(), details.passcode.as_deref()), ("Пленарное", None, None));
    assert_eq!((details.missing_scopes, details.fault), (vec!["meeting:read:meeting".to_owned()], None), "what is missing, not an error");
    assert_eq!(w.zoom.meeting_invitation(admin, connection, id).await.unwrap_err().code(), "scope_missing");

    let all = ScheduleFilter::default();
    let without = w.zoom.export_schedule(admin, &all, ExportFormat::Csv, false, Lang::En).await.unwrap();
    assert!(without.contains("Пленарное") && without.contains("Weekly seminar"));
    let with = w.zoom.export_schedule(admin, &all, ExportFormat::Csv, true, Lang::En).await.unwrap_err();
    assert_eq!(with.code(), "scope_missing", "no file with the passcodes silently left out");
}

fn meeting_at(n: i64, topic: &str, start: &str, minutes: i64) -> serde_json::Value {
    let mut m = scheduled_meeting(n);
    m["topic"] = json!(topic);
    m["start_time"] = json!(start);
    m["duration"] = json!(minutes);
    m
}

#[tokio::test]
async fn the_schedule_spans_the_events_connections_and_exports_to_a_calendar_and_a_spreadsheet() {
    use icalendar::{Component, EventLike};
    use myscihub_core::core::zoom::{ExportFormat, ScheduleFilter};
    let w = world().await;
    // Berlin moves its clocks on 2027-03-28: 07:00 UTC is 08:00 before and 09:00 after.
    let input = events::NewEvent {
        title: "Spring school".into(),
        time_zone: "Europe/Berlin".into(),
        starts_on: "2027-03-27".into(),
        ends_on: "2027-03-29".into(),
    };
    let event = events::create(w.zoom.store(), w.anna, input).await.unwrap().id;
    let (plenary, workshops) = (connect(&w, event, "Пленарные", PRO).await, connect(&w, event, "Секции", FREE).await);
    let mut untimed = meeting_at(4, "Консультации", "2027-03-27T07:00:00Z", 30);
    untimed["type"] = json!(3);
    untimed.as_object_mut().unwrap().remove("start_time");
    give_meetings(
        &w,
        PRO_ID,
        vec![
            meeting_at(1, "Открытие", "2027-03-27T07:00:00Z", 60),
            meeting_at(2, "Доклады", "2027-03-29T07:00:00Z", 60),
            meeting_at(3, "Постеры", "2027-03-29T07:30:00Z", 60), // the same Zoom user as «Доклады»
            untimed,
            meeting_at(5, "После школы", "2027-04-10T07:00:00Z", 60),
        ],
    )
    .await;
    give_meetings(&w, "uFree0000000000000000A", vec![meeting_at(6, "Секция А", "2027-03-29T07:00:00Z", 90)]).await;
    for connection in [plenary, workshops] {
        w.zoom.sync_connection(admin(&w.zoom, w.anna, event).await, connection, true).await.unwrap();
    }
    let admin = admin(&w.zoom, w.anna, event).await;
    let dates = ScheduleFilter { from: "2027-03-27".parse().ok(), to: "2027-03-29".parse().ok(), ..Default::default() };
    let schedule = w.zoom.schedule(admin, &dates).await.unwrap();
    let rows: Vec<(&str, &str, bool)> =
        schedule.rows.iter().map(|r| (r.meeting.topic.as_str(), r.connection_names[0].as_str(), r.meeting.overlaps.is_some())).collect();
    assert_eq!(
        rows,
        [
            ("Открытие", "Пленарные", false),
            ("Доклады", "Пленарные", true),
            ("Секция А", "Секции", false),
            ("Постеры", "Пленарные", true),
            ("Консультации", "Пленарные", false),
        ],
        "one timeline across both connections, without a fixed time last; the overlap of one Zoom user flagged on both, another user's session at the same hour not"
    );
    assert_eq!((schedule.conflicts, schedule.outside_days), (2, 1), "«После школы» is outside the event's dates");

    // The calendar file, read back by an iCalendar parser.
    let export = |format, passcodes| {
        let dates = dates.clone();
        let zoom = &w.zoom;
        async move { zoom.export_schedule(admin, &dates, format, passcodes, Lang::En).await.unwrap() }
    };
    let text = export(ExportFormat::Ics, false).await;
    let calendar: icalendar::Calendar = text.parse().expect("a calendar a parser reads");
    let parsed: Vec<_> = calendar.events().collect();
    assert_eq!(parsed.len(), 4, "one VEVENT per meeting with a fixed time; «Консультации» has no time to give");
    let first = parsed.iter().find(|e| e.get_summary() == Some("Открытие")).unwrap();
    let start = first.get_start().unwrap();
    assert_eq!(start, icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc("2027-03-27T07:00:00Z".parse().unwrap())));
    assert_eq!(first.get_url(), Some(scheduled_meeting(1)["join_url"].as_str().unwrap()));
    assert_eq!(first.get_location(), first.get_url());
    assert!(first.get_description().unwrap().contains("850 0000 0001"), "{:?}", first.get_description());
    let uids: std::collections::HashSet<_> = parsed.iter().map(|e| e.get_uid().unwrap().to_owned()).collect();
    assert_eq!(uids.len(), 4, "UIDs are unique");
    assert!(!text.contains("Passcode"), "no passcode unless asked for");
    let again: icalendar::Calendar = export(ExportFormat::Ics, false).await.parse().unwrap();
    assert_eq!(again.events().map(|e| e.get_uid().unwrap().to_owned()).collect::<std::collections::HashSet<_>>(), uids, "and stable");

    // The spreadsheet, read back by a CSV reader: Excel's BOM, times in the event's zone.
    let csv = export(ExportFormat::Csv, false).await;
    let body = csv.strip_prefix('\u{feff}').expect("a UTF-8 byte-order mark first");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let table: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    let times: Vec<(&str, &str, &str, &str)> = table.iter().map(|r| (r[4].as_str(), r[0].as_str(), r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(
        times,
        [
            ("Открытие", "2027-03-27", "08:00", "09:00"),
            ("Доклады", "2027-03-29", "09:00", "10:00"),
            ("Секция А", "2027-03-29", "09:00", "10:30"),
            ("Постеры", "2027-03-29", "09:30", "10:30"),
            ("Консультации", "", "", ""),
        ],
        "the same 07:00 UTC is 08:00 before the clocks change and 09:00 after"
    );
    assert_eq!(
        (table[0][3].as_str(), table[0][5].as_str(), table[0][6].as_str(), table[0][7].as_str()),
        ("Europe/Berlin", "Пленарные", PRO, "850 0000 0001")
    );
    assert_eq!(reader.headers().unwrap().len(), 9, "no passcode column unless asked for");

    // With passcodes: each meeting's, asked of Zoom once per meeting, in both files.
    let asked = |w: &World| w.sandbox.requests().iter().filter(|r| r.method == "GET" && r.path.starts_with("/v2/meetings/")).count();
    let before = asked(&w);
    let with_codes: icalendar::Calendar = export(ExportFormat::Ics, true).await.parse().unwrap();
    assert_eq!(asked(&w) - before, 5, "one GET /meetings/{{id}} per meeting of the export");
    let opening = with_codes.events().find(|e| e.get_summary() == Some("Открытие")).unwrap();
    let code = w.zoom.meeting_details(admin, plenary, scheduled_meeting(1)["id"].as_i64().unwrap(), None, Lang::En).await.unwrap().passcode.unwrap();
    assert!(opening.get_description().unwrap().contains(&format!("Passcode: {code}")), "{:?}", opening.get_description());
    let csv = export(ExportFormat::Csv, true).await;
    let mut reader = csv::Reader::from_reader(csv.strip_prefix('\u{feff}').unwrap().as_bytes());
    assert_eq!(reader.headers().unwrap().get(9), Some("Passcode"));
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!((first.get(4), first.get(9)), (Some("Открытие"), Some(code.as_str())));

    // The whole event, or one connection's part of it.
    assert_eq!(w.zoom.schedule(admin, &ScheduleFilter::default()).await.unwrap().rows.len(), 6);
    let one = ScheduleFilter { connection_id: Some(workshops), ..Default::default() };
    assert_eq!(w.zoom.schedule(admin, &one).await.unwrap().rows.len(), 1);
    let words = ScheduleFilter { words: "доклад".into(), ..Default::default() };
    assert_eq!(w.zoom.schedule(admin, &words).await.unwrap().rows[0].meeting.topic, "Доклады");

    // A window of the page is that part of the whole list, with the whole list's counts.
    let topics = |rows: &[myscihub_core::core::zoom::ScheduleRow]| rows.iter().map(|r| r.meeting.topic.clone()).collect::<Vec<_>>();
    let whole = w.zoom.schedule(admin, &dates).await.unwrap();
    let window = w.zoom.schedule_page(admin, &dates, 1, 2).await.unwrap();
    assert_eq!((window.matching, window.conflicts, window.outside_days), (5, 2, 1));
    assert_eq!(topics(&window.rows), topics(&whole.rows[1..3]));

    // A meeting added in Zoom and synced is on the schedule the next time it is read.
    give_meetings(
        &w,
        "uFree0000000000000000A",
        vec![meeting_at(6, "Секция А", "2027-03-29T07:00:00Z", 90), meeting_at(7, "Секция Б", "2027-03-28T07:00:00Z", 60)],
    )
    .await;
    w.zoom.sync_connection(admin, workshops, true).await.unwrap();
    assert_eq!(
        topics(&w.zoom.schedule(admin, &dates).await.unwrap().rows),
        ["Открытие", "Секция Б", "Доклады", "Секция А", "Постеры", "Консультации"]
    );
}

#[tokio::test]
async fn a_reminder_is_asked_for_at_the_right_minute_once_and_not_for_a_meeting_already_running() {
    use myscihub_core::core::zoom::reminders::{Reminders, DEFAULT_LEAD_MINUTES};
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let opened_at = w.zoom.clock().now_ms();
    let at = |minutes: i64| {
        let t = chrono::DateTime::from_timestamp_millis(opened_at + minutes * 60_000).unwrap();
        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    give_meetings(
        &w,
        PRO_ID,
        vec![meeting_at(1, "Пленарная", &at(12), 60), meeting_at(2, "Уже идёт", &at(-5), 60), meeting_at(3, "Позже", &at(45), 30)],
    )
    .await;
    w.zoom.sync_connection(admin(&w.zoom, w.anna, w.event).await, connection, true).await.unwrap();
    let admin = admin(&w.zoom, w.anna, w.event).await;
    let reminders = Reminders::new(w.dir.path(), opened_at);
    assert!(w.zoom.due_reminders(&reminders, admin).await.unwrap().is_empty(), "off until the administrator turns it on");
    assert!(reminders.set_lead_minutes(admin, Some(0)).is_err(), "at least a minute");
    reminders.set_lead_minutes(admin, Some(DEFAULT_LEAD_MINUTES)).unwrap();
    assert_eq!(Reminders::new(w.dir.path(), opened_at).lead_minutes(admin), Some(10), "kept on this computer");

    let mut asked = Vec::new();
    for minute in 0..=40 {
        let topics: Vec<String> = w.zoom.due_reminders(&reminders, admin).await.unwrap().into_iter().map(|r| r.topic).collect();
        if !topics.is_empty() {
            asked.push((minute, topics));
        }
        w.zoom.clock().advance(Duration::from_secs(60));
    }
    assert_eq!(
        asked,
        [(2, vec!["Пленарная".to_owned()]), (35, vec!["Позже".to_owned()])],
        "each ten minutes before its start (12 − 10, 45 − 10), once; never the one running when the app opened"
    );
    reminders.set_lead_minutes(admin, None).unwrap();
    assert_eq!(reminders.lead_minutes(admin), None);
}

#[tokio::test]
async fn a_meetings_details_give_the_whole_agenda_the_passcode_and_zooms_invitation() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let agenda = "Доклады секции «Физика»: ".to_owned() + &"регламент, вопросы, обсуждение. ".repeat(12);
    let mut meeting = meeting_at(1, "Секция физики", "2027-03-01T07:00:00Z", 90);
    meeting["agenda"] = json!(agenda);
    meeting["password"] = json!("K7q2Zp");
    give_meetings(&w, PRO_ID, vec![meeting.clone()]).await;
    w.zoom.sync_connection(admin(&w.zoom, w.anna, w.event).await, connection, true).await.unwrap();
    let admin = admin(&w.zoom, w.anna, w.event).await;
    let id = meeting["id"].as_i64().unwrap();

    let details = w.zoom.meeting_details(admin, connection, id, None, Lang::En).await.unwrap();
    assert!(agenda.chars().count() > 250, "longer than the list gives");
    assert_eq!(details.agenda.as_deref(), Some(agenda.as_str()), "the whole agenda");
    assert_eq!(details.passcode.as_deref(), Some("K7q2Zp"));
    assert_eq!((details.meeting_number.as_str(), details.zoom_email.as_str(), details.connection_name.as_str()), ("850 0000 0001", PRO, "Main"));
    assert!(details.missing_scopes.is_empty() && details.fault.is_none());
    let invitation = w.zoom.meeting_invitation(admin, connection, id).await.unwrap();
    assert!(invitation.contains(meeting["join_url"].as_str().unwrap()) && invitation.contains("Секция физики"), "{invitation}");
    assert!(!w.sandbox.requests().iter().any(|r| r.path.contains("zak=")), "the host's start link is never asked for");

    // Zoom not answering: the stored row still shows, with why the rest is missing.
    w.sandbox.add_fault(zoom_sandbox::FaultSpec {
        status: Some(503),
        count: zoom_sandbox::FaultSpec::UNTIL_CLEARED,
        ..zoom_sandbox::FaultSpec::on(format!("/v2/meetings/{id}"))
    });
    let offline = w.zoom.meeting_details(admin, connection, id, None, Lang::En).await.unwrap();
    assert_eq!((offline.meeting.topic.as_str(), offline.agenda.as_deref()), ("Секция физики", None));
    assert_eq!(offline.fault.map(|f| f.code), Some(myscihub_core::core::FaultCode::ZoomServerError));
    w.sandbox.clear_faults();
    assert_eq!(w.zoom.meeting_details(admin, connection, 1, None, Lang::En).await.unwrap_err().code(), "not_found");
}
