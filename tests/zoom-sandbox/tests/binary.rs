//! The `zoom-sandbox` binary as other tools run it: first stdout line, then SIGTERM.

use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test]
async fn binary_announces_its_port_and_stops_cleanly_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zoom-sandbox"))
        .args(["--scenario", "scenarios/demo.json", "--port", "0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await.expect("first line in time").unwrap().expect("a first line");
    let base = first.strip_prefix("zoom-sandbox listening on ").expect(&first).to_string();
    assert!(base.starts_with("http://127.0.0.1:") && !base.ends_with('/'), "{base}");

    let r = reqwest::get(format!("{base}/v2/users/me")).await.unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["code"], 124);

    let pid = child.id().expect("still running") as libc::pid_t;
    // SAFETY: sending a signal to our own child process; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await.expect("exits after SIGTERM").unwrap();
    assert!(status.success(), "exit status {status:?}");
}

#[tokio::test]
async fn sigterm_right_after_the_first_line_is_still_graceful() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zoom-sandbox"))
        .args(["--scenario", "scenarios/test.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await.unwrap().unwrap();
    assert!(first.unwrap().starts_with("zoom-sandbox listening on http://127.0.0.1:"));
    let pid = child.id().unwrap() as libc::pid_t;
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "exit status {status:?}");
}

#[tokio::test]
async fn binary_refuses_a_broken_scenario() {
    let out = Command::new(env!("CARGO_BIN_EXE_zoom-sandbox")).args(["--scenario", "does/not/exist.json"]).output().await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.json"));
}
