//! No token, code, verifier or state reaches the logs (at the most verbose level), an error,
//! an IPC payload, or the database files in clear. Alone in its own test binary, so that the
//! log capture sees every line of this process.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use myscihub_lib::core::zoom::redirect_uri;
use myscihub_lib::core::Lang;
use secrecy::ExposeSecret;

fn later(w: &World, by: Duration) {
    w.zoom.clock().advance(by);
    w.sandbox.advance_clock(by.as_secs() as i64);
}

/// Collects every log line, at the most verbose level, from the app's code and its libraries.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_reaches_logs_errors_ipc_or_the_database_in_clear() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace,zoom_sandbox=off"))
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _ = tracing_log::LogTracer::init();
    let _guard = tracing::subscriber::set_default(subscriber);

    let w = world().await;
    let connection = w.zoom.add(w.anna, w.event, "Main").await.unwrap().id;
    let redirect = w.zoom.redirect().await.unwrap();
    let (_, url) = w.zoom.begin_authorization(w.anna, w.event, connection, &redirect_uri(&redirect, None)).await.unwrap();
    let state: String = url.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    let verifier = {
        let (hash, sealed): (String, Vec<u8>) =
            sqlx::query_as("SELECT state_hash, verifier FROM pending_authorizations").fetch_one(w.zoom.store().pool()).await.unwrap();
        String::from_utf8(w.zoom.store().vault().open_sealed(&sealed, &format!("pending:{hash}")).unwrap()).unwrap()
    };
    let link = browse(&url, PRO).await;
    let code_value: String = url::Url::parse(&link).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    let outcome = w.zoom.complete_authorization(&link, false).await.outcome(Lang::En);
    let account = account_of(&w, connection).await;
    let first = w.zoom.store().account_tokens(account).await.unwrap().unwrap().tokens;
    later(&w, Duration::from_secs(56 * 60));
    let (details, _) = w.zoom.refresh_connection(w.anna, w.event, connection, true, Lang::En).await.unwrap();
    let second = w.zoom.store().account_tokens(account).await.unwrap().unwrap().tokens;
    let replay = w.zoom.complete_authorization(&link, false).await.outcome(Lang::Ru);
    let listed = w.zoom.connections(w.anna, w.event).await.unwrap();
    let history = w.zoom.history(w.anna, w.event).await.unwrap();

    let secrets = [
        ("state", state),
        ("PKCE verifier", verifier),
        ("authorization code", code_value),
        ("first access token", first.access_token.expose_secret().to_owned()),
        ("first refresh token", first.refresh_token.expose_secret().to_owned()),
        ("second access token", second.access_token.expose_secret().to_owned()),
        ("second refresh token", second.refresh_token.expose_secret().to_owned()),
    ];
    let ipc = [
        serde_json::to_string(&outcome).unwrap(),
        serde_json::to_string(&replay).unwrap(),
        serde_json::to_string(&details).unwrap(),
        serde_json::to_string(&listed).unwrap(),
        serde_json::to_string(&history).unwrap(),
    ]
    .concat();
    drop(_guard);
    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(logs.contains("a Zoom account was connected") && logs.contains("meetings synced"), "the capture saw the app's logs");
    assert!(logs.contains("TRACE") || logs.contains("DEBUG"), "at the most verbose level");
    w.zoom.store().pool().close().await;
    let mut disk = Vec::new();
    for file in std::fs::read_dir(w.dir.path()).unwrap() {
        // SQLite may remove its -wal and -shm files as the last connection closes.
        disk.extend(std::fs::read(file.unwrap().path()).unwrap_or_default());
    }
    for (what, secret) in secrets {
        assert!(secret.len() >= 16, "{what} is a real secret");
        assert!(!logs.contains(&secret), "{what} in the logs");
        assert!(!ipc.contains(&secret), "{what} in an IPC payload");
        assert!(!disk.windows(secret.len()).any(|window| window == secret.as_bytes()), "{what} in the database files");
    }
}
