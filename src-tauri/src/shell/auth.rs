//! The OAuth round trip through the system browser: open it, and take back what it returns,
//! by deep link (`myscihub://…`, via the deep-link and single-instance plugins) or on loopback.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::AppState;
use crate::core::settings::{Redirect, LOOPBACK_PATH};
use crate::core::zoom::{redirect_uri, AUTHORIZATION_TTL};
use crate::core::{Error, Result};
use crate::store::ZoomConnection;

pub const CONNECTIONS_CHANGED: &str = "zoom-connections-changed";
pub const AUTHORIZATION: &str = "zoom-authorization";

/// «Подключить»: starts an authorization and sends the system browser to Zoom.
pub async fn connect<R: Runtime>(app: &AppHandle<R>, state: &AppState, actor: i64, event_id: i64, connection_id: i64) -> Result<ZoomConnection> {
    let redirect = state.zoom.redirect().await?;
    let port = match redirect {
        Redirect::Loopback => Some(listen_on_loopback(app.clone()).await?),
        _ => None,
    };
    let (connection, url) = state.zoom.begin_authorization(actor, event_id, connection_id, &redirect_uri(&redirect, port)).await?;
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
    let _ = app.emit(AUTHORIZATION, &outcome);
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
    for event_id in events {
        let _ = app.emit(CONNECTIONS_CHANGED, serde_json::json!({ "eventId": event_id }));
    }
}

/// Listens on 127.0.0.1 for the one request Zoom's redirect brings, then stops.
async fn listen_on_loopback<R: Runtime>(app: AppHandle<R>) -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| Error::Browser(e.to_string()))?;
    let port = listener.local_addr().map_err(|e| Error::Browser(e.to_string()))?.port();
    tauri::async_runtime::spawn(async move {
        let wait = tokio::time::timeout(AUTHORIZATION_TTL, async {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { continue };
                let Some(target) = request_target(&mut socket).await else { continue };
                let ours = target.split('?').next() == Some(LOOPBACK_PATH);
                let _ = socket.write_all(if ours { RETURN_PAGE } else { NOT_FOUND }.as_bytes()).await;
                let _ = socket.shutdown().await;
                if ours {
                    deliver(app, format!("http://127.0.0.1:{port}{target}"), true).await;
                    break;
                }
            }
        });
        let _ = wait.await;
    });
    Ok(port)
}

/// The target of `GET <target> HTTP/1.1`, from at most 8 KiB of request head.
async fn request_target(socket: &mut tokio::net::TcpStream) -> Option<String> {
    let mut head = vec![0u8; crate::core::callback::MAX_LEN];
    let mut len = 0;
    while !head[..len].windows(4).any(|w| w == b"\r\n\r\n") {
        let read = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut head[len..])).await.ok()?.ok()?;
        if read == 0 || len + read == head.len() {
            return None;
        }
        len += read;
    }
    let line = std::str::from_utf8(&head[..len]).ok()?.lines().next()?;
    match line.split(' ').collect::<Vec<_>>()[..] {
        ["GET", target, version] if version.starts_with("HTTP/1.") && target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    }
}

const RETURN_PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n\
<!doctype html><meta charset=utf-8><title>MySciHub</title>\
<body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto\">\
<h1>MySciHub</h1><p>Вернитесь в приложение MySciHub: эту вкладку можно закрыть.</p>\
<p>Return to the MySciHub app: you can close this tab.</p></body>";
const NOT_FOUND: &str = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
