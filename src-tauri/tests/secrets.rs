//! No token, code, verifier or state reaches the logs (every thread, at the most verbose level),
//! an error, an IPC payload, the diagnostics report or the database files in clear. The work runs
//! in a child process with a global subscriber, so the capture sees every line of that process:
//! a deep-link return through the app's own handler, a loopback return and its page, a refresh, the
//! diagnostics report, and a disconnect that revokes.

mod common;

use std::time::Duration;

use common::ipc::Ipc;
use common::*;
use myscihub_lib::core::settings::Redirect;
use myscihub_lib::core::support::{self, AppFacts};
use myscihub_lib::core::zoom::loopback::Loopback;
use myscihub_lib::core::zoom::{redirect_uri, ZoomIntegration};
use myscihub_lib::core::Lang;
use myscihub_lib::shell::receive_link;
use myscihub_lib::store::ConnectionStatus;
use secrecy::ExposeSecret;

const CHILD: &str = "MYSCIHUB_SECRETS_CHILD";

#[test]
fn no_secret_reaches_logs_errors_ipc_the_report_or_the_database_in_clear() {
    if std::env::var_os(CHILD).is_some() {
        return tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap().block_on(child());
    }
    // The child logs everything to standard error too: keep it, and show its end on a failure.
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["no_secret_reaches_logs_errors_ipc_the_report_or_the_database_in_clear", "--exact", "--nocapture"])
        .env(CHILD, "1")
        .env("MYSCIHUB_LOG", "trace,zoom_sandbox=off")
        .output()
        .unwrap();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        panic!(
            "the child found a secret, or failed:\n{}\n…\n{}",
            String::from_utf8_lossy(&output.stdout),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
}

fn later(w: &World, by: Duration) {
    w.zoom.clock().advance(by);
    w.sandbox.advance_clock(by.as_secs() as i64);
}

fn param(url: &str, name: &str) -> String {
    url::Url::parse(url).unwrap().query_pairs().find(|(k, _)| k == name).unwrap().1.into_owned()
}

async fn pending_verifier(w: &World) -> String {
    let (hash, sealed): (String, Vec<u8>) =
        sqlx::query_as("SELECT state_hash, verifier FROM pending_authorizations").fetch_one(w.zoom.store().pool()).await.unwrap();
    String::from_utf8(w.zoom.store().vault().open_sealed(&sealed, &format!("pending:{hash}")).unwrap()).unwrap()
}

async fn child() {
    // The app's own logging, for every thread, at TRACE (MYSCIHUB_LOG), libraries included: its
    // file holds every line.
    let log_dir = tempfile::tempdir().unwrap();
    let log = myscihub_lib::logging::init_for_window(Some(log_dir.path()));
    let _ = tracing_log::LogTracer::init();
    let mut secrets: Vec<(String, String)> = Vec::new();

    let w = world().await;
    let ipc = Ipc::new(ZoomIntegration::new(w.zoom.store().clone(), overrides(&w.sandbox)), w.dir.path(), Some(w.anna));
    let zoom = &ipc.state().zoom;

    // 1. A deep-link return, through the app's own handler of links the OS hands over.
    let deep = zoom.add(admin(zoom, w.anna, w.event).await, "Deep link").await.unwrap().id;
    let (_, url) = zoom.begin_authorization(admin(zoom, w.anna, w.event).await, deep, &redirect_uri(&Redirect::DeepLink, None)).await.unwrap();
    secrets.push(("deep-link state".into(), param(url.as_str(), "state")));
    secrets.push(("deep-link verifier".into(), pending_verifier(&w).await));
    let link = browse(&url, PRO).await;
    secrets.push(("deep-link code".into(), param(&link, "code")));
    receive_link(ipc.app.handle().clone(), link.clone(), false).await;
    assert_eq!(zoom.connection(admin(zoom, w.anna, w.event).await, deep).await.unwrap().status, ConnectionStatus::Connected);
    let replay = zoom.complete_authorization(&link, false).await.outcome(Lang::Ru);

    // 2. A loopback return, and the page the browser is shown.
    let looped = zoom.add(admin(zoom, w.anna, w.event).await, "Loopback").await.unwrap().id;
    let loopback = Loopback::bind().await.unwrap();
    let (_, url) = zoom
        .begin_authorization(admin(zoom, w.anna, w.event).await, looped, &redirect_uri(&Redirect::Loopback, Some(loopback.port())))
        .await
        .unwrap();
    let state = param(url.as_str(), "state");
    secrets.push(("loopback state".into(), state.clone()));
    secrets.push(("loopback verifier".into(), pending_verifier(&w).await));
    let waiting = tokio::spawn(loopback.wait_for(state.into(), Duration::from_secs(60)));
    let back = browse(&url, FREE).await;
    secrets.push(("loopback code".into(), param(&back, "code")));
    let page = reqwest::get(&back).await.unwrap().text().await.unwrap();
    let returned = waiting.await.unwrap().expect("the return arrived");
    let outcome = zoom.complete_authorization(&returned, true).await.outcome(Lang::En);
    assert!(outcome.connected);

    // 3. Both accounts refresh their tokens and sync.
    for connection in [deep, looped] {
        let account = account_of(&w, connection).await;
        let tokens = zoom.store().account_tokens(account).await.unwrap().unwrap().tokens;
        secrets.push(("first access token".into(), tokens.access_token.expose_secret().to_owned()));
        secrets.push(("first refresh token".into(), tokens.refresh_token.expose_secret().to_owned()));
    }
    zoom.clock().advance(Duration::from_secs(56 * 60));
    later(&w, Duration::from_secs(0));
    let details = ipc.invoke("refresh_zoom_connection", serde_json::json!({"eventId": w.event, "connectionId": deep, "force": true})).unwrap();
    let listed = ipc.invoke("list_zoom_connections", serde_json::json!({"eventId": w.event})).unwrap();
    let history = ipc.invoke("zoom_history", serde_json::json!({"eventId": w.event})).unwrap();
    let account = account_of(&w, deep).await;
    let second = zoom.store().account_tokens(account).await.unwrap().unwrap().tokens;
    secrets.push(("second access token".into(), second.access_token.expose_secret().to_owned()));
    secrets.push(("second refresh token".into(), second.refresh_token.expose_secret().to_owned()));

    // 4. A line with secret-looking fields, as tracing writes them, must leave the report redacted.
    tracing::trace!(code = "probe-code-4f1c9a7e", state = ?"probe-state-8b2d6e10", token = %"probe-token-93a7c5d1", "what a careless line would log");
    let facts = AppFacts {
        version: "test".into(),
        os: "test".into(),
        data_dir: w.dir.path().display().to_string(),
        log_dir: log_dir.path().display().to_string(),
        lang: "En".into(),
    };
    let report = support::report(zoom, w.anna, &facts, &log.lines()).await.unwrap();
    assert!(report.contains("what a careless line would log"), "the report carries the real log lines");
    assert!(report.contains(&format!("Log folder: {}", log_dir.path().display())), "the report says where the log is");
    for probe in ["probe-code-4f1c9a7e", "probe-state-8b2d6e10", "probe-token-93a7c5d1"] {
        assert!(!report.contains(probe), "{probe} left unredacted in the report:\n{report}");
    }

    // 5. Disconnecting both revokes at Zoom.
    for connection in [deep, looped] {
        ipc.invoke("disconnect_zoom", serde_json::json!({"eventId": w.event, "connectionId": connection})).unwrap();
    }
    assert_eq!(requests_to(&w.sandbox, "/oauth/revoke"), 2);

    let ipc_payloads = [
        serde_json::to_string(&replay).unwrap(),
        serde_json::to_string(&outcome).unwrap(),
        details.to_string(),
        listed.to_string(),
        history.to_string(),
        report.clone(),
    ]
    .concat();
    let logs: String = std::fs::read_dir(log_dir.path()).unwrap().map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap()).collect();
    assert!(logs.contains("what a careless line would log"), "the log file has every line");
    for probe in ["probe-code-4f1c9a7e", "probe-state-8b2d6e10", "probe-token-93a7c5d1"] {
        assert!(!logs.contains(probe), "{probe} left unredacted in the log file");
    }
    assert!(logs.contains("a Zoom account was connected") && logs.contains("meetings synced"), "the capture saw the app's logs");
    assert!(logs.contains("TRACE") && logs.contains("DEBUG"), "at the most verbose level");
    zoom.store().pool().close().await;
    let mut disk = Vec::new();
    for file in std::fs::read_dir(w.dir.path()).unwrap() {
        // SQLite may remove its -wal and -shm files as the last connection closes.
        disk.extend(std::fs::read(file.unwrap().path()).unwrap_or_default());
    }
    for (what, secret) in &secrets {
        assert!(secret.len() >= 16, "{what} is a real secret");
        assert!(!logs.contains(secret.as_str()), "{what} in the logs");
        assert!(!ipc_payloads.contains(secret.as_str()), "{what} in an IPC payload or the report");
        assert!(!page.contains(secret.as_str()), "{what} on the loopback return page");
        assert!(!disk.windows(secret.len()).any(|window| window == secret.as_bytes()), "{what} in the database files");
    }
}
