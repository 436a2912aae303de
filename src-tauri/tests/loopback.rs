//! The loopback return through the real IPC layer: no port opens before the administrator check,
//! only the request with this sign-in's `state` completes it, and a silent or stray connection
//! holds nothing up. Alone in its binary: it counts the process's listening sockets.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::ipc::Ipc;
use common::*;
use myscihub_lib::core::zoom::ZoomIntegration;
use myscihub_lib::store::ConnectionStatus;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// TCP sockets listening on 127.0.0.1 right now (Linux's own table).
fn listening_on_loopback() -> usize {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    table
        .lines()
        .skip(1)
        .filter(|l| l.split_whitespace().nth(3) == Some("0A") && l.split_whitespace().nth(1).is_some_and(|a| a.starts_with("0100007F:")))
        .count()
}

async fn get(port: u16, target: &str) -> String {
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.write_all(format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes()).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loopback_return_waits_for_its_own_state_only() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    // The "system browser" writes down where it was sent.
    let opened = w.dir.path().join("opened.txt");
    let browser = w.dir.path().join("browser.sh");
    std::fs::File::create(&browser).unwrap().write_all(format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()).as_bytes()).unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    // SAFETY: set before any thread of this binary reads the environment for the browser.
    unsafe { std::env::set_var("MYSCIHUB_BROWSER", &browser) };
    let loopback_overrides =
        myscihub_lib::core::settings::Overrides { redirect_uri: Some("http://127.0.0.1/oauth/zoom/callback".into()), ..overrides(&w.sandbox) };
    let ipc = Ipc::new(ZoomIntegration::new(w.zoom.store().clone(), loopback_overrides), w.dir.path(), Some(w.boris));

    let listening = listening_on_loopback();
    let refused = ipc.invoke("connect_zoom", json!({"eventId": w.event, "connectionId": connection})).expect_err("not his event");
    assert_eq!(refused["code"], "forbidden");
    assert_eq!(listening_on_loopback(), listening, "no port was opened for a refused Connect");
    assert!(!opened.exists(), "no browser either");

    ipc.state().session.set(Some(w.anna));
    let started = ipc.invoke("connect_zoom", json!({"eventId": w.event, "connectionId": connection})).unwrap();
    assert_eq!(started["status"], "authorizing");
    assert_eq!(listening_on_loopback(), listening + 1);
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&opened).map_or(true, |u| u.is_empty()) {
        assert!(Instant::now() < deadline, "the browser was opened");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let authorize = url::Url::parse(&std::fs::read_to_string(&opened).unwrap()).unwrap();
    let back = url::Url::parse(&browse(&authorize, PRO).await).unwrap();
    let port = back.port().expect("the loopback port");

    // A connection that never says anything, and requests that are not this sign-in's.
    let _silent = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let code = back.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    assert!(get(port, &format!("/oauth/zoom/callback?code={code}&state=forged")).await.contains("400"));
    assert!(get(port, "/oauth/zoom/callback?code=x").await.contains("400"));
    assert!(get(port, "/favicon.ico").await.contains("404"));
    assert_eq!(status(&w, connection).await, ConnectionStatus::Authorizing, "none of them ended the wait");

    let target = &back.as_str()[back.as_str().find("/oauth").unwrap()..];
    assert!(get(port, target).await.contains("200"), "this sign-in's own return");
    let deadline = Instant::now() + Duration::from_secs(30);
    while status(&w, connection).await != ConnectionStatus::Connected {
        assert!(Instant::now() < deadline, "the sign-in completed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while listening_on_loopback() != listening {
        assert!(Instant::now() < deadline, "the port closed once the sign-in came back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
