//! Token upkeep against the Zoom sandbox: an account leaves every event only on proof (or after
//! ten days without a reconnect), a rotated set the disk refuses is never lost, and two processes
//! over one data folder never spend a refresh token twice.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use myscihub_core::core::events;
use myscihub_core::core::zoom::tokens::REAUTH_GRACE;
use myscihub_core::core::zoom::ZoomIntegration;
use myscihub_core::core::Lang;
use myscihub_core::store::{ConnectionNotice, ConnectionStatus, HistoryAction, Store};
use zoom_sandbox::FaultSpec;

const CHILD: &str = "MYSCIHUB_TOKENS_CHILD";
const DATA_DIR: &str = "MYSCIHUB_TOKENS_DATA_DIR";
const SANDBOX: &str = "MYSCIHUB_TOKENS_SANDBOX";

/// Our clock only: Zoom's side still holds the access token valid.
fn our_clock_later(w: &World, by: Duration) {
    w.zoom.clock().advance(by);
}

async fn with_meetings(w: &World, n: i64) {
    give_meetings(w, PRO_ID, (1..=n).map(scheduled_meeting).collect()).await;
}

async fn refresh(w: &World, event: i64, connection: i64) -> myscihub_core::core::zoom::ConnectionDetails {
    refresh_connection(&w.zoom, w.anna, event, connection, true, Lang::En).await.0
}

/// Connects `connection` again through the browser, as «Подключить» does.
async fn reconnect(w: &World, connection: i64, login_hint: &str) {
    let url = begin(w, &w.zoom, connection).await;
    let completion = w.zoom.complete_authorization(&browse(&url, login_hint).await, false).await;
    completion.result.expect("reconnected");
}

#[tokio::test]
async fn a_refused_refresh_without_a_live_access_token_is_no_proof_and_keeps_everything() {
    let w = world().await;
    with_meetings(&w, 3).await;
    let workshop = events::create(w.zoom.store(), w.anna, new_event("Workshop")).await.unwrap().id;
    let here = connect(&w, w.event, "Main", PRO).await;
    let there = connect(&w, workshop, "Shared", PRO).await;
    assert_eq!(refresh(&w, w.event, here).await.meeting_count, 3);

    // The app is removed in the Marketplace while our access token has already expired: the
    // refusal of the refresh token alone cannot tell a removal from a lost sign-in.
    w.sandbox.uninstall(PRO_ID);
    our_clock_later(&w, Duration::from_secs(61 * 60));
    let tokens_before = token_requests(&w.sandbox);
    let details = refresh(&w, w.event, here).await;
    assert_eq!(token_requests(&w.sandbox), tokens_before + 1, "the refresh was attempted");
    assert_eq!(details.connection.status, ConnectionStatus::NeedsReauth);
    assert_eq!(details.meeting_count, 3, "the meetings stay");
    assert!(details.sync.stale);
    let fault = details.sync.fault.expect("the reason is shown");
    assert_eq!(fault.code, "reconnect_needed");
    assert!(fault.message.contains("removed in the Zoom Marketplace") && fault.message.contains("sign-in was lost"), "{}", fault.message);
    let purge_at = details.connection.purge_at.expect("the window says when the account will leave");
    let since = chrono::DateTime::parse_from_rfc3339(&purge_at).unwrap().timestamp_millis() - REAUTH_GRACE.as_millis() as i64;
    assert!((since - w.zoom.clock().now_ms()).abs() < 60_000, "ten days from the refusal: {purge_at}");
    let elsewhere = w.zoom.connection(admin(&w.zoom, w.anna, workshop).await, there).await.unwrap();
    assert_eq!(elsewhere.status, ConnectionStatus::NeedsReauth, "the other event sees the same account");

    // Nine days on, nothing is purged yet.
    our_clock_later(&w, Duration::from_secs(9 * 24 * 3600));
    assert!(w.zoom.sync_all().await.unwrap().purged_events().is_empty());
    assert_eq!(refresh(&w, w.event, here).await.meeting_count, 3);

    // Ten days after the refusal, the account leaves every event as a removed app would.
    our_clock_later(&w, Duration::from_secs(24 * 3600));
    let mut purged = w.zoom.sync_all().await.unwrap().purged_events();
    purged.sort();
    assert_eq!(purged, vec![w.event, workshop]);
    for (event, connection) in [(w.event, here), (workshop, there)] {
        let gone = w.zoom.connection(admin(&w.zoom, w.anna, event).await, connection).await.unwrap();
        assert_eq!((gone.status, gone.notice), (ConnectionStatus::NotConnected, Some(ConnectionNotice::ReconnectTimedOut)));
        let history = w.zoom.history(admin(&w.zoom, w.anna, event).await).await.unwrap();
        assert_eq!((history[0].action, history[0].actor_name.as_deref()), (HistoryAction::ReconnectTimedOut, None));
    }
    let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM zoom_accounts").fetch_one(w.zoom.store().pool()).await.unwrap();
    let meetings: i64 = sqlx::query_scalar("SELECT count(*) FROM zoom_meetings").fetch_one(w.zoom.store().pool()).await.unwrap();
    assert_eq!((accounts, meetings), (0, 0), "tokens and meetings deleted, as Zoom asks of apps");
}

#[tokio::test]
async fn reconnecting_within_the_ten_days_keeps_everything() {
    let w = world().await;
    with_meetings(&w, 2).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    refresh(&w, w.event, connection).await;
    let account = account_of(&w, connection).await;

    w.sandbox.add_fault(FaultSpec { drop: true, ..FaultSpec::on("/oauth/token") });
    our_clock_later(&w, Duration::from_secs(61 * 60));
    refresh(&w, w.event, connection).await;
    // The answer was lost but Zoom rotated: the refresh token the app holds is dead.
    let lost = refresh(&w, w.event, connection).await;
    assert_eq!(lost.connection.status, ConnectionStatus::NeedsReauth, "a lost refresh answer");
    assert!(lost.connection.purge_at.is_some());

    our_clock_later(&w, Duration::from_secs(8 * 24 * 3600));
    reconnect(&w, connection, PRO).await;
    let back = refresh(&w, w.event, connection).await;
    assert_eq!((back.connection.status, back.meeting_count, back.connection.purge_at), (ConnectionStatus::Connected, 2, None));
    assert_eq!(account_of(&w, connection).await, account, "the same account row, with its meetings");

    our_clock_later(&w, Duration::from_secs(5 * 24 * 3600));
    assert!(w.zoom.sync_all().await.unwrap().purged_events().is_empty(), "the grace period ended with the reconnect");
    assert_eq!(status(&w, connection).await, ConnectionStatus::Connected);
}

#[tokio::test]
async fn a_refused_refresh_and_a_refused_live_access_token_prove_the_removal() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    w.sandbox.uninstall(PRO_ID);
    // Within the refresh margin, still within the access token's lifetime.
    our_clock_later(&w, Duration::from_secs(57 * 60));
    let details = refresh(&w, w.event, connection).await;
    assert_eq!(details.connection.notice, Some(ConnectionNotice::AppRemovedInZoom));
    let me = w.sandbox.requests().iter().filter(|r| r.path == "/v2/users/me" && r.status == 401).count();
    assert_eq!(me, 1, "the proof: Zoom refused the live access token");
}

/// Holds SQLite's write lock from another connection until dropped.
struct WriteLock(sqlx::SqliteConnection);

impl WriteLock {
    async fn take(dir: &std::path::Path) -> Self {
        use sqlx::ConnectOptions;
        let mut connection = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.join("myscihub.db")).connect().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE").execute(&mut connection).await.unwrap();
        Self(connection)
    }

    async fn release(mut self) {
        sqlx::query("ROLLBACK").execute(&mut self.0).await.unwrap();
    }
}

async fn wait_until_written(store: &Store, account: i64, version: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while store.account_tokens(account).await.unwrap().unwrap().version == version {
        assert!(Instant::now() < deadline, "the held set was never written");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_set_the_database_refuses_is_held_used_and_written_later() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let account = account_of(&w, connection).await;
    let before = w.zoom.store().account_tokens(account).await.unwrap().unwrap();

    // A long write elsewhere holds the lock past the busy timeout while Zoom rotates the set.
    let lock = WriteLock::take(w.dir.path()).await;
    our_clock_later(&w, Duration::from_secs(56 * 60));
    let exchanged = token_requests(&w.sandbox);
    let (first, _) = w.zoom.access_token(account).await.expect("the new set is used at once");
    assert_eq!(token_requests(&w.sandbox), exchanged + 1);
    assert!(w.zoom.tokens_unsaved(account), "the failure is reported");
    let (again, _) = w.zoom.access_token(account).await.expect("still usable");
    assert_eq!(secrecy::ExposeSecret::expose_secret(&again), secrecy::ExposeSecret::expose_secret(&first), "the held set, not a new refresh");
    assert_eq!(token_requests(&w.sandbox), exchanged + 1, "the dead refresh token on disk was never sent");
    lock.release().await;

    wait_until_written(w.zoom.store(), account, before.version).await;
    assert!(!w.zoom.tokens_unsaved(account));
    // What is on disk is the live set: a fresh process refreshes with it at Zoom.
    let later = ZoomIntegration::new(Store::open(w.dir.path(), false).await.unwrap(), overrides(&w.sandbox));
    later.clock().advance(Duration::from_secs(2 * 3600));
    later.access_token(account).await.expect("the written set works at Zoom");
    assert_eq!(token_requests(&w.sandbox), exchanged + 2);
    assert_eq!(status(&w, connection).await, ConnectionStatus::Connected);
}

/// The full-disk case needs a small file system of its own: the child runs in a private mount
/// namespace (`unshare`) with the data folder on a 2 MiB tmpfs it fills up.
#[test]
fn a_rotated_set_the_full_disk_refuses_is_held_and_written_once_there_is_room() {
    if std::env::var_os(CHILD).is_some() {
        return tokio::runtime::Runtime::new().unwrap().block_on(full_disk_child());
    }
    let status = Command::new("unshare")
        .args(["--map-root-user", "--mount", "--"])
        .arg(std::env::current_exe().unwrap())
        .args(["a_rotated_set_the_full_disk_refuses_is_held_and_written_once_there_is_room", "--exact", "--nocapture"])
        .env(CHILD, "1")
        .status()
        .expect("unshare (util-linux) runs");
    assert!(status.success(), "the full-disk child failed: see its output above");
}

async fn full_disk_child() {
    let dir = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"]).arg(dir.path()).status().unwrap();
    assert!(mounted.success(), "a tmpfs could be mounted in the child's namespace");
    let w = world_in(dir.path()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let account = account_of(&w, connection).await;
    let before = w.zoom.store().account_tokens(account).await.unwrap().unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(w.zoom.store().pool()).await.unwrap();
    let filler = dir.path().join("filler");
    {
        let mut file = std::fs::File::create(&filler).unwrap();
        while file.write_all(&[0u8; 4096]).is_ok() {}
        let _ = file.sync_all();
    }

    our_clock_later(&w, Duration::from_secs(56 * 60));
    let exchanged = token_requests(&w.sandbox);
    w.zoom.access_token(account).await.expect("the new set is used although the disk is full");
    assert!(w.zoom.tokens_unsaved(account), "the disk refused it");
    assert_eq!(w.zoom.store().account_tokens(account).await.unwrap().unwrap().version, before.version);
    w.zoom.access_token(account).await.expect("held in memory");
    assert_eq!(token_requests(&w.sandbox), exchanged + 1);

    std::fs::remove_file(&filler).unwrap();
    wait_until_written(w.zoom.store(), account, before.version).await;
    let later = ZoomIntegration::new(Store::open(dir.path(), false).await.unwrap(), overrides(&w.sandbox));
    later.clock().advance(Duration::from_secs(2 * 3600));
    later.access_token(account).await.expect("the written set works at Zoom");
    w.zoom.store().pool().close().await;
    later.store().pool().close().await;
    drop(w);
    let _ = Command::new("umount").arg(dir.path()).status();
}

/// Two app processes over one data folder, each making 50 calls at once on an expired token,
/// for several expiries in a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_refresh_each_expiry_exactly_once() {
    if std::env::var_os(CHILD).is_some() {
        return fifty_calls_per_expiry().await;
    }
    const EXPIRIES: usize = 4;
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let account = account_of(&w, connection).await;
    let spawn = || {
        Command::new(std::env::current_exe().unwrap())
            .args(["two_processes_refresh_each_expiry_exactly_once", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .env(DATA_DIR, w.dir.path())
            .env(SANDBOX, w.sandbox.base_url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut children = [spawn(), spawn()];
    let mut outputs: Vec<_> = children.iter_mut().map(|c| BufReader::new(c.stdout.take().unwrap()).lines()).collect();
    let before = token_requests(&w.sandbox);
    for expiry in 1..=EXPIRIES {
        for child in &mut children {
            writeln!(child.stdin.as_mut().unwrap(), "expire").unwrap();
        }
        for lines in &mut outputs {
            let said = lines.find_map(|l| l.ok().filter(|l| l.contains("calls:"))).expect("the child answers");
            assert!(said.ends_with("calls: 50 ok"), "expiry {expiry}: {said}");
        }
        assert_eq!(token_requests(&w.sandbox) - before, expiry, "every expiry refreshed exactly once at Zoom");
    }
    for mut child in children {
        drop(child.stdin.take());
        assert!(child.wait().unwrap().success());
    }
    let stored = w.zoom.store().account_tokens(account).await.unwrap().unwrap();
    assert!(!stored.needs_reauth, "no account marked for reconnection");
    let refused = w.sandbox.requests().iter().filter(|r| r.path == "/oauth/token" && r.status != 200).count();
    assert_eq!(refused, 0, "no refresh token was spent twice");
    w.zoom.access_token(account).await.expect("the last set works here too");
}

async fn fifty_calls_per_expiry() {
    let dir = std::path::PathBuf::from(std::env::var(DATA_DIR).unwrap());
    let sandbox = std::env::var(SANDBOX).unwrap();
    let zoom = std::sync::Arc::new(ZoomIntegration::new(Store::open(&dir, false).await.unwrap(), overrides_at(&sandbox)));
    let account = zoom.store().all_accounts().await.unwrap()[0];
    for line in std::io::stdin().lock().lines() {
        if line.unwrap() != "expire" {
            continue;
        }
        zoom.clock().advance(Duration::from_secs(3600));
        let calls = (0..50).map(|_| {
            let zoom = zoom.clone();
            tokio::spawn(async move { zoom.access_token(account).await.map(drop) })
        });
        let results = futures_util::future::join_all(calls).await;
        let ok = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
        println!("calls: {} {}", ok, if ok == 50 { "ok" } else { "failed" });
    }
}
