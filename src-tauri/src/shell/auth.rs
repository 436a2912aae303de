//! The OAuth round trip through the system browser: open it, and take back what it returns,
//! by deep link (`myscihub://…`, via the deep-link and single-instance plugins) or on loopback.

use tauri::{AppHandle, Manager, Runtime};

use super::events::{tell_window, WindowEvent};
use super::AppState;
use crate::core::loopback::Loopback;
use crate::core::settings::Redirect;
use crate::core::zoom::{redirect_uri, AUTHORIZATION_TTL};
use crate::core::{Error, Result};
use crate::store::ZoomConnection;

/// «Подключить»: starts an authorization and sends the system browser to Zoom.
pub async fn connect<R: Runtime>(app: &AppHandle<R>, state: &AppState, actor: i64, event_id: i64, connection_id: i64) -> Result<ZoomConnection> {
    // The administrator check comes before any port opens.
    state.zoom.connection(actor, event_id, connection_id).await?;
    let redirect = state.zoom.redirect().await?;
    let loopback = match redirect {
        Redirect::Loopback => Some(Loopback::bind().await?),
        _ => None,
    };
    let (connection, url) =
        state.zoom.begin_authorization(actor, event_id, connection_id, &redirect_uri(&redirect, loopback.as_ref().map(Loopback::port))).await?;
    if let Some(loopback) = loopback {
        let state_param = url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned()).unwrap_or_default();
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            if let Some(link) = loopback.wait_for(state_param.into(), AUTHORIZATION_TTL).await {
                deliver(app, link, true).await;
            }
        });
    }
    open_browser(url.as_str())?;
    Ok(connection)
}

/// The system browser, never a webview; `MYSCIHUB_BROWSER` names another program (tests).
pub fn open_browser(url: &str) -> Result<()> {
    match std::env::var_os("MYSCIHUB_BROWSER").filter(|v| !v.is_empty()) {
        Some(program) => std::process::Command::new(program).arg(url).spawn().map(drop).map_err(|e| Error::Browser(e.to_string())),
        None => tauri_plugin_opener::open_url(url, None::<&str>).map_err(|e| Error::Browser(e.to_string())),
    }
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
        Ok(report) => announce_changes(&app, &report.purged_events),
        Err(error) => tracing::error!(code = %error.code(), "start-up sync failed"),
    }
}

/// Tells the window which events' connections changed behind its back.
pub fn announce_changes<R: Runtime>(app: &AppHandle<R>, events: &[i64]) {
    for &event_id in events {
        tell_window(app, WindowEvent::ZoomConnectionsChanged { event_id });
    }
}
