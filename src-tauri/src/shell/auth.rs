//! The OAuth round trip through the system browser, seen from the window: the browser comes
//! back by deep link (`myscihub://…`, via the deep-link and single-instance plugins) or on
//! loopback, and the window hears how it went.

use tauri::{AppHandle, Manager, Runtime};

use super::events::{tell_window, WindowEvent};
use super::AppState;
use crate::core::{browser, Admin, Result};
use crate::store::ZoomConnection;

/// «Подключить»: starts an authorization and sends the system browser to Zoom.
pub async fn connect<R: Runtime>(app: &AppHandle<R>, state: &AppState, admin: Admin, connection_id: i64) -> Result<ZoomConnection> {
    let connecting = state.zoom.connect(admin, connection_id, false).await?;
    browser::open(connecting.url.as_str())?;
    let connection = connecting.connection.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Some(link) = connecting.returned().await {
            deliver(app, link, true).await;
        }
    });
    Ok(connection)
}

/// Completes the authorization a returning link belongs to and tells the window.
pub async fn deliver<R: Runtime>(app: AppHandle<R>, link: String, loopback: bool) {
    let state = app.state::<AppState>();
    let completion = state.zoom.complete_authorization(&link, loopback).await;
    let outcome = completion.outcome(state.info.lang);
    if let Some(event_id) = outcome.event_id {
        announce_changes(&app, &[event_id]);
    }
    tell_window(&app, WindowEvent::ZoomAuthorization(outcome.clone()));
    super::bring_to_front(&app);
    if outcome.connected {
        // The first sync: the new account's meetings, without waiting for a focus.
        sync_everything(app.clone()).await;
    }
}

/// Start-up (and after a new connection): every account, stale ones only.
pub async fn sync_everything<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    match state.zoom.sync_all().await {
        Ok(report) => announce_changes(&app, &report.purged_events()),
        Err(error) => tracing::error!(code = %error.code(), "start-up sync failed"),
    }
}

/// Tells the window which events' connections changed behind its back.
pub fn announce_changes<R: Runtime>(app: &AppHandle<R>, events: &[i64]) {
    for &event_id in events {
        tell_window(app, WindowEvent::ZoomConnectionsChanged { event_id });
    }
}
