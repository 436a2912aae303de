//! `kill -9` at random moments while the app commits a rotated token set or writes a large
//! meeting snapshot. Each test re-runs this very test binary as the child to be killed, so the
//! real store code runs in a real process that dies without warning.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use myscihub_lib::core::zoom::ZoomIntegration;
use myscihub_lib::store::{NewZoomAccount, Store, Tokens};
use myscihub_lib::zoom::ZoomMeeting;
use rand::Rng;

const CHILD: &str = "MYSCIHUB_CRASH_CHILD";
const DATA_DIR: &str = "MYSCIHUB_CRASH_DATA_DIR";
const SANDBOX: &str = "MYSCIHUB_CRASH_SANDBOX";
const SNAPSHOT: usize = 5_000;

fn rounds() -> usize {
    if std::env::var_os("MYSCIHUB_LONG_TESTS").is_some() {
        200
    } else {
        50
    }
}

/// Starts this test again in a child process, and waits until it says it is working.
fn spawn_child(test: &str, env: &[(&str, String)]) -> Child {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    loop {
        match lines.next() {
            // libtest prints "test NAME ... " without a newline before the test speaks.
            Some(Ok(line)) if line.ends_with("child-ready") => break,
            Some(Ok(_)) => continue,
            _ => panic!("the child ended before it was ready"),
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    child
}

/// SIGKILL after a random moment of work: no handler, no flush, no goodbye.
fn kill_at_random(mut child: Child) {
    std::thread::sleep(Duration::from_micros(rand::thread_rng().gen_range(0..30_000)));
    child.kill().unwrap();
    child.wait().unwrap();
}

async fn integrity(store: &Store) -> String {
    sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap()
}

async fn counts(store: &Store) -> Vec<i64> {
    let mut out = Vec::new();
    for table in ["users", "events", "event_admins", "zoom_connections", "zoom_accounts", "zoom_history"] {
        out.push(sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(store.pool()).await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_committing_rotated_tokens() {
    if std::env::var_os(CHILD).is_some() {
        return rotate_tokens_until_killed().await;
    }
    for round in 0..rounds() {
        let w = world().await;
        let connection = connect(&w, w.event, "Main", PRO).await;
        let account = account_of(&w, connection).await;
        let before = counts(w.zoom.store()).await;

        let child =
            spawn_child("killed_while_committing_rotated_tokens", &[(DATA_DIR, w.dir.path().display().to_string()), (SANDBOX, w.sandbox.base_url())]);
        kill_at_random(child);

        let store = Store::open(w.dir.path(), false).await.unwrap();
        assert_eq!(integrity(&store).await, "ok", "round {round}");
        assert_eq!(counts(&store).await, before, "round {round}: nothing else lost");
        // The token set is whole: the one the last commit wrote, or the one before it.
        let stored = store.account_tokens(account).await.unwrap().expect("the account is there");
        let zoom = ZoomIntegration::new(store, overrides(&w.sandbox));
        let works = zoom.access_token(account).await;
        assert!(works.is_ok() || stored.needs_reauth || works.as_ref().is_err_and(|e| e.code() == "reconnect_needed"), "round {round}");
    }
}

async fn rotate_tokens_until_killed() {
    let dir = std::path::PathBuf::from(std::env::var(DATA_DIR).unwrap());
    let sandbox = std::env::var(SANDBOX).unwrap();
    let store = Store::open(&dir, false).await.unwrap();
    let overrides = myscihub_lib::core::settings::Overrides {
        client_id: Some("test-public".into()),
        client_secret: None,
        oauth_url: Some(sandbox.clone()),
        api_url: Some(format!("{sandbox}/v2")),
        redirect_uri: Some("myscihub://oauth/zoom/callback".into()),
    };
    let account = store.all_accounts().await.unwrap()[0];
    let zoom = ZoomIntegration::new(store, overrides);
    let mut announced = false;
    loop {
        // Every call finds the token about to expire, so every call refreshes and commits.
        zoom.clock().advance(Duration::from_secs(3600));
        zoom.access_token(account).await.unwrap();
        if !announced {
            println!("child-ready");
            announced = true;
        }
    }
}

fn snapshot(label: &str) -> Vec<ZoomMeeting> {
    (0..SNAPSHOT as i64)
        .map(|i| ZoomMeeting {
            id: 80_000_000_000 + i,
            topic: format!("{label} {i}"),
            meeting_type: 2,
            start_time: Some("2026-12-03T07:00:00Z".into()),
            duration: Some(60),
            timezone: Some("Europe/Moscow".into()),
            join_url: Some(format!("https://zoom.us/j/{}", 80_000_000_000 + i)),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_during_a_large_snapshot_write() {
    if std::env::var_os(CHILD).is_some() {
        return write_snapshots_until_killed().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let event = store.insert_event(anna.id, "Conf", "UTC", "2027-01-01", "2027-01-02").await.unwrap();
    let connection = store.add_zoom_connection(event.id, "Main", anna.id).await.unwrap();
    let account = NewZoomAccount {
        zoom_user_id: "u1".into(),
        email: "u1@example.org".into(),
        display_name: "U1".into(),
        user_type: 2,
        timezone: None,
        zoom_account_id: None,
        oauth_url: "http://127.0.0.1:9".into(),
        api_url: "http://127.0.0.1:9/v2".into(),
        scopes: String::new(),
    };
    let tokens = Tokens { access_token: "a".to_owned().into(), refresh_token: "r".to_owned().into(), access_expires_at: 0 };
    let account_id = store.link_zoom_account(connection, anna.id, &account, &tokens).await.unwrap().unwrap().account_id;
    store.save_snapshot(account_id, "u1", &snapshot("A"), "A", 1).await.unwrap();

    let mut seen = std::collections::HashSet::new();
    for round in 0..rounds() {
        let child = spawn_child("killed_during_a_large_snapshot_write", &[(DATA_DIR, dir.path().display().to_string())]);
        kill_at_random(child);
        let store = Store::open(dir.path(), false).await.unwrap();
        assert_eq!(integrity(&store).await, "ok", "round {round}");
        let meetings = store.meetings(account_id).await.unwrap();
        assert_eq!(meetings.len(), SNAPSHOT, "round {round}: a whole list");
        let label = meetings[0].topic.split(' ').next().unwrap().to_owned();
        assert!(meetings.iter().all(|m| m.topic.starts_with(&format!("{label} "))), "round {round}: entirely old or entirely new");
        seen.insert(label);
    }
    assert_eq!(seen.len(), 2, "the kills landed at different moments of the writing");
}

async fn write_snapshots_until_killed() {
    let dir = std::path::PathBuf::from(std::env::var(DATA_DIR).unwrap());
    let store = Store::open(&dir, false).await.unwrap();
    let account = store.all_accounts().await.unwrap()[0];
    let (a, b) = (snapshot("A"), snapshot("B"));
    for n in 0.. {
        let (list, digest) = if n % 2 == 0 { (&b, "B") } else { (&a, "A") };
        store.save_snapshot(account, "u1", list, digest, n).await.unwrap();
        if n == 0 {
            println!("child-ready");
        }
    }
}
