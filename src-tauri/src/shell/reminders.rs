//! «Напоминать за N минут» on the desktop: a notification before each meeting of the events whose
//! reminders are on, from the stored schedule (the window may be unfocused or minimised), and a
//! click on it opens the meeting's details.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use super::events::{tell_window, WindowEvent};
use super::AppState;
use crate::core::zoom::reminders::Reminder;
use crate::core::Lang;

/// The notification's own record of its meeting, handed back when it is clicked.
const MEETING: &str = "meeting";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Opened {
    event_id: i64,
    connection_id: i64,
    meeting_id: i64,
    occurrence_id: Option<String>,
}

pub fn start<R: Runtime>(app: &AppHandle<R>) {
    // Without the plugin (the start-up tests' app) nothing can be shown, so nothing is reminded.
    if app.try_state::<tauri_plugin_notification::Notification<R>>().is_none() {
        return;
    }
    let handle = app.clone();
    // Registered before the first notification: those shown earlier would report no click.
    let _ = app.notification().on_action(move |performed| {
        let meeting = performed.notification().and_then(|n| n.extra().get(MEETING)).and_then(|v| serde_json::from_value::<Opened>(v.clone()).ok());
        if let (Some(Opened { event_id, connection_id, meeting_id, occurrence_id }), "tap") = (meeting, performed.action_id()) {
            super::bring_to_front(&handle);
            tell_window(&handle, WindowEvent::OpenMeeting { event_id, connection_id, meeting_id, occurrence_id });
        }
    });
    tauri::async_runtime::spawn(remind(app.clone()));
}

/// Every half minute, and at once when an event's reminders are turned on or changed.
async fn remind<R: Runtime>(app: AppHandle<R>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
    loop {
        let state = app.state::<AppState>();
        tokio::select! {
            _ = tick.tick() => {}
            () = state.reminders.changed() => {}
        }
        let Some(actor) = state.session.current() else { continue };
        for event_id in state.reminders.events() {
            let Ok(admin) = state.zoom.admin(actor, event_id).await else { continue };
            match state.zoom.due_reminders(&state.reminders, admin).await {
                Ok(due) => due.iter().for_each(|reminder| notify(&app, reminder, state.info.lang)),
                Err(error) => tracing::warn!(code = %error.code(), "the reminders could not be read"),
            }
        }
    }
}

fn notify<R: Runtime>(app: &AppHandle<R>, reminder: &Reminder, lang: Lang) {
    let zone: chrono_tz::Tz = reminder.event_time_zone.parse().unwrap_or(chrono_tz::UTC);
    let at =
        reminder.start_time.parse::<chrono::DateTime<chrono::Utc>>().map(|t| t.with_timezone(&zone).format("%H:%M").to_string()).unwrap_or_default();
    let body = match lang {
        Lang::Ru => format!("Начало в {at}"),
        Lang::En => format!("Starts at {at}"),
    };
    let opened = Opened {
        event_id: reminder.event_id,
        connection_id: reminder.connection_id,
        meeting_id: reminder.meeting_id,
        occurrence_id: reminder.occurrence_id.clone(),
    };
    tracing::info!(event_id = reminder.event_id, meeting_id = reminder.meeting_id, "a meeting is about to start: reminded");
    if let Err(error) = app.notification().builder().title(&reminder.topic).body(body).extra(MEETING, opened).show() {
        tracing::warn!(%error, "the desktop did not show the reminder");
    }
}
