//! `kill -9` in the middle of committing a rotated token set or writing a large meeting snapshot.
//! Each test re-runs this very test binary as the child to be killed, so the real store code runs
//! in a real process that dies without warning.
//!
//! The kills are aimed by the child's progress, never by time. The child says where it is
//! ("writing 3", "wrote 3") and waits for a "go" before each step. The "go" can ask it to stop
//! inside the step: after K ticks of SQLite's progress handler (a count of the work done, not of
//! time), or in SQLite's commit hook, just before the commit. The child sets these hooks on every
//! database connection it opens (an SQLite auto-extension); the store code is untouched. The parent kills right after the child says
//! it starts a step, while it is stopped inside one, or after it says the step is committed. Each
//! aim has a known outcome, so the tests mean the same on a fast machine and on a slow one.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use common::*;
use myscihub_core::core::zoom::ZoomIntegration;
use myscihub_core::store::StoredMeeting;
use myscihub_core::store::{Store, Tokens};
use rand::Rng;
use zoom_sandbox::Sandbox;

const CHILD: &str = "MYSCIHUB_CRASH_CHILD";
const DATA_DIR: &str = "MYSCIHUB_CRASH_DATA_DIR";
const SANDBOX: &str = "MYSCIHUB_CRASH_SANDBOX";
const FROM: &str = "MYSCIHUB_CRASH_FROM";
const SNAPSHOT: usize = 5_000;
/// What starts each line the child says, after whatever libtest printed before it.
const SAYS: &str = "crash-child: ";

fn rounds() -> usize {
    if std::env::var_os("MYSCIHUB_LONG_TESTS").is_some() {
        200
    } else {
        50
    }
}

/// Where a round's kill lands, in step N of the child.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Aim {
    /// Right after the child says it starts step N: the kill lands while the step runs, or on
    /// an unlucky schedule just after its commit (the child then waits for a "go"). Either is right.
    During,
    /// Snapshots: the child stops part-way through write N (after a random share of the SQLite work
    /// the write before took), the transaction open.
    Inside,
    /// The child stops in SQLite's commit hook of step N: everything is written but not committed.
    /// For tokens, Zoom has answered refresh N by then and the old refresh token is dead.
    AtCommit,
    /// After the child says step N is committed, while it waits for the next "go".
    AfterCommit,
}

/// This test binary again, running one test as the child, killed (SIGKILL) when dropped.
struct Kid {
    process: Child,
    stdin: ChildStdin,
    said: mpsc::Receiver<String>,
}

impl Kid {
    /// Starts this test again in a child process, and waits until it says it is ready.
    fn spawn(test: &str, env: &[(&str, String)]) -> Kid {
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = process.stdin.take().unwrap();
        let stdout = process.stdout.take().unwrap();
        let (tell, said) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // libtest prints "test NAME ... " without a newline before the test speaks.
                if let Some(at) = line.find(SAYS) {
                    if tell.send(line[at + SAYS.len()..].to_owned()).is_err() {
                        return;
                    }
                }
            }
        });
        let kid = Kid { process, stdin, said };
        kid.expect("ready", 0);
        kid
    }

    /// The next thing the child says: what it does, the step, and any detail.
    fn next(&self) -> (String, i64, String) {
        let line = match self.said.recv_timeout(DEADLINE) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => panic!("the child said nothing for {DEADLINE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the child ended before it was killed"),
        };
        let mut words = line.splitn(3, ' ');
        let what = words.next().unwrap_or_default().to_owned();
        let step = words.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("the child said {line:?}"));
        (what, step, words.next().unwrap_or_default().to_owned())
    }

    /// Waits for the child to say `what` about `step`; returns the detail.
    fn expect(&self, what: &str, step: i64) -> String {
        let (said, n, detail) = self.next();
        assert_eq!((said.as_str(), n), (what, step), "what the child says next");
        detail
    }

    /// Lets the child take its next step: "go", "go tick K" or "go commit" (see `Brakes::go`).
    fn go(&mut self, go: &str) {
        writeln!(self.stdin, "{go}").and_then(|()| self.stdin.flush()).expect("the child is there to read");
    }
}

impl Drop for Kid {
    /// SIGKILL: no handler, no flush, no goodbye.
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// In the child: says where it is, on a line of its own.
fn say(what: &str, step: i64, detail: &str) {
    println!("{SAYS}{what} {step} {detail}");
}

/// SQLite virtual machine instructions between two ticks of the progress handler.
const OPS_PER_TICK: i32 = 100;

/// In the child: where the parent wants the current step to stop, and how far it has come.
#[derive(Default)]
struct Brakes {
    step: AtomicI64,
    /// Stop at this tick of the progress handler (0: do not).
    at_tick: AtomicI64,
    at_commit: AtomicBool,
    /// Ticks of the progress handler since the step began, until its commit.
    ticks: AtomicI64,
    /// The step has changed a Zoom account row (its tokens, or the snapshot's digest).
    changed: AtomicBool,
    /// SQLite is committing the step's write.
    committing: AtomicBool,
}

impl Brakes {
    /// Sets SQLite hooks on every database connection this process opens from now on (SQLite's
    /// auto-extension runs for each), so whichever connection the store writes with reports to
    /// these brakes. Called before the store opens. (The update hook sees the Zoom account rows;
    /// meeting rows are WITHOUT ROWID, which it does not see.)
    fn fit() -> &'static Brakes {
        use libsqlite3_sys as ffi;
        use std::os::raw::{c_char, c_int, c_void};

        static BRAKES: std::sync::OnceLock<Brakes> = std::sync::OnceLock::new();
        unsafe extern "C" fn on_tick(_: *mut c_void) -> c_int {
            let brakes = BRAKES.get().expect("fitted");
            if !brakes.committing.load(Ordering::SeqCst) {
                let tick = brakes.ticks.fetch_add(1, Ordering::SeqCst) + 1;
                if tick == brakes.at_tick.load(Ordering::SeqCst) {
                    brakes.stop(&format!("tick {tick}"));
                }
            }
            0
        }
        unsafe extern "C" fn on_change(_: *mut c_void, _: c_int, _: *const c_char, table: *const c_char, _: ffi::sqlite3_int64) {
            // SAFETY: SQLite passes the table's name, NUL-terminated, valid for the call.
            if unsafe { std::ffi::CStr::from_ptr(table) }.to_bytes() == b"zoom_accounts" {
                BRAKES.get().expect("fitted").changed.store(true, Ordering::SeqCst);
            }
        }
        unsafe extern "C" fn on_commit(_: *mut c_void) -> c_int {
            let brakes = BRAKES.get().expect("fitted");
            if brakes.changed.load(Ordering::SeqCst) {
                brakes.committing.store(true, Ordering::SeqCst);
                if brakes.at_commit.load(Ordering::SeqCst) {
                    brakes.stop("commit");
                }
            }
            0
        }
        unsafe extern "C" fn on_open(db: *mut ffi::sqlite3, _: *mut *mut c_char, _: *const ffi::sqlite3_api_routines) -> c_int {
            // SAFETY: SQLite hands a connection that is being opened; the hooks take no data.
            unsafe {
                ffi::sqlite3_progress_handler(db, OPS_PER_TICK, Some(on_tick), std::ptr::null_mut());
                ffi::sqlite3_update_hook(db, Some(on_change), std::ptr::null_mut());
                ffi::sqlite3_commit_hook(db, Some(on_commit), std::ptr::null_mut());
            }
            ffi::SQLITE_OK
        }
        let brakes = BRAKES.get_or_init(Brakes::default);
        // SAFETY: registers a function with the signature SQLite calls it with.
        assert_eq!(unsafe { ffi::sqlite3_auto_extension(Some(on_open)) }, ffi::SQLITE_OK);
        brakes
    }

    /// Waits for the parent's "go" for `step` and takes in where to stop; false once the parent
    /// has gone. "go", "go tick K" or "go commit".
    fn go(&self, step: i64) -> bool {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).unwrap_or(0) == 0 {
            return false;
        }
        let (at_tick, at_commit) = match line.split_whitespace().skip(1).collect::<Vec<_>>().as_slice() {
            ["tick", tick] => (tick.parse().unwrap(), false),
            ["commit"] => (0, true),
            _ => (0, false),
        };
        self.step.store(step, Ordering::SeqCst);
        self.ticks.store(0, Ordering::SeqCst);
        self.changed.store(false, Ordering::SeqCst);
        self.committing.store(false, Ordering::SeqCst);
        self.at_tick.store(at_tick, Ordering::SeqCst);
        self.at_commit.store(at_commit, Ordering::SeqCst);
        true
    }

    /// Ticks the step took until its commit.
    fn ticks(&self) -> i64 {
        self.ticks.load(Ordering::SeqCst)
    }

    /// Stops the child where it is, inside SQLite, until the parent kills it.
    fn stop(&self, at: &str) -> ! {
        say("stopped", self.step.load(Ordering::SeqCst), at);
        // The parent kills the child now; should the parent go away instead, so does the child.
        let _ = std::io::stdin().read_line(&mut String::new());
        std::process::exit(1);
    }
}

async fn integrity(store: &Store) -> String {
    sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap()
}

/// Every table's whole contents but the account row and its meetings, which the writes change.
async fn counts(store: &Store) -> Vec<String> {
    contents(store).await.into_iter().filter(|r| !r.starts_with("zoom_accounts|") && !r.starts_with("zoom_meetings|")).collect()
}

/// Names a token set by its refresh token without printing the token.
fn fingerprint(tokens: &Tokens) -> String {
    use secrecy::ExposeSecret;
    use sha2::Digest;
    sha2::Sha256::digest(tokens.refresh_token.expose_secret().as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Refreshes the sandbox has carried out: the old refresh token died with each of them.
fn refreshes_answered(sandbox: &Sandbox) -> usize {
    sandbox.requests().iter().filter(|r| r.path == "/oauth/token" && r.status == 200).count()
}

/// Moves the app's clock past the stored access token's expiry: the next call must refresh.
fn expire(zoom: &ZoomIntegration, tokens: &Tokens) {
    let ahead = tokens.access_expires_at - zoom.clock().now_ms();
    zoom.clock().advance(Duration::from_millis(ahead.max(0) as u64 + 1_000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_committing_rotated_tokens() {
    if std::env::var_os(CHILD).is_some() {
        return rotate_tokens_step_by_step().await;
    }
    let mut outcomes = std::collections::BTreeMap::<(String, &str), usize>::new();
    for round in 0..rounds() {
        let aim = [Aim::During, Aim::AtCommit, Aim::AfterCommit][round % 3];
        let target = rand::thread_rng().gen_range(1..=3);
        let w = world().await;
        let connection = connect(&w, w.event, "Main", PRO).await;
        let account = account_of(&w, connection).await;
        let before = counts(w.zoom.store()).await;
        // committed[k]: the set the k-th refresh committed; [0] is the one the connection stored.
        let mut committed = vec![fingerprint(&w.zoom.store().account_tokens(account).await.unwrap().unwrap().tokens)];
        w.sandbox.clear_requests();

        let mut child =
            Kid::spawn("killed_while_committing_rotated_tokens", &[(DATA_DIR, w.dir.path().display().to_string()), (SANDBOX, w.sandbox.base_url())]);
        for step in 1..=target {
            child.go(if step == target && aim == Aim::AtCommit { "go commit" } else { "go" });
            child.expect("refreshing", step);
            match (step == target, aim) {
                (true, Aim::During) => {}
                (true, Aim::AtCommit) => assert_eq!(child.expect("stopped", step), "commit"),
                _ => committed.push(child.expect("committed", step)),
            }
        }
        if aim == Aim::AtCommit {
            // Zoom has rotated the set: its old refresh token is dead, the new one is only in the child.
            let answered = wait_until(DEADLINE, || refreshes_answered(&w.sandbox) == target as usize).await;
            assert!(answered, "round {round}: the sandbox answered refresh {target}");
        }
        drop(child);

        let context = format!("round {round}, killed {aim:?} refresh {target}");
        let store = Store::open(w.dir.path(), false).await.unwrap();
        assert_eq!(integrity(&store).await, "ok", "{context}");
        assert_eq!(counts(&store).await, before, "{context}: nothing else lost");
        // The token set is whole: it decrypts, and it is the one a commit wrote.
        let stored = store.account_tokens(account).await.unwrap().expect("the account is there");
        assert!(!stored.needs_reauth, "{context}");
        let set = committed.iter().position(|f| *f == fingerprint(&stored.tokens));
        match aim {
            Aim::AfterCommit => assert_eq!(set, Some(target as usize), "{context}: the committed set"),
            Aim::AtCommit => assert_eq!(set, Some(target as usize - 1), "{context}: the set before the lost commit"),
            // The set before, or the one the child committed without getting to say so.
            Aim::During | Aim::Inside => assert!(set.is_none_or(|k| k == target as usize - 1), "{context}: {set:?}"),
        }

        // The stored set must work at Zoom: past the access token's expiry the app refreshes with it.
        let zoom = ZoomIntegration::new(store, overrides(&w.sandbox));
        expire(&zoom, &stored.tokens);
        let outcome = match zoom.access_token(account).await {
            Ok((access, api)) => {
                // Zoom took the stored refresh token, the app committed the set it got back, and
                // the new access token opens the API.
                api.me(&access).await.unwrap_or_else(|e| panic!("{context}: the sandbox refused the new access token: {e:?}"));
                let renewed = zoom.store().account_tokens(account).await.unwrap().unwrap();
                assert!(!renewed.needs_reauth && fingerprint(&renewed.tokens) != fingerprint(&stored.tokens), "{context}: a new set is stored");
                expire(&zoom, &renewed.tokens);
                zoom.access_token(account).await.unwrap_or_else(|e| panic!("{context}: the renewed set refreshes again: {}", e.code()));
                "refreshed"
            }
            // Zoom had rotated the set (and killed the stored refresh token) but the child died
            // before committing the new one: a refresh answer lost with the process. The app cannot
            // refresh any more; it marks the account for reconnecting and keeps everything else.
            Err(e) if e.code() == "reconnect_needed" => {
                assert_ne!(aim, Aim::AfterCommit, "{context}: a committed set was refused");
                assert_eq!(set, Some(target as usize - 1), "{context}: refused, yet the child had committed");
                let answered = wait_until(DEADLINE, || refreshes_answered(&w.sandbox) >= target as usize).await;
                assert!(answered, "{context}: refused, yet Zoom never answered refresh {target}");
                let marked = zoom.store().account_tokens(account).await.unwrap().unwrap();
                assert!(marked.needs_reauth, "{context}: the account asks to be reconnected");
                assert_eq!(counts(zoom.store()).await, before, "{context}: nothing else lost");
                "reconnect needed"
            }
            Err(e) => panic!("{context}: {}", e.code()),
        };
        if aim == Aim::AtCommit {
            assert_eq!(outcome, "reconnect needed", "{context}");
        }
        *outcomes.entry((format!("{aim:?}"), outcome)).or_default() += 1;
        zoom.store().pool().close().await;
    }
    eprintln!("killed_while_committing_rotated_tokens: {outcomes:?}");
}

async fn rotate_tokens_step_by_step() {
    let dir = std::path::PathBuf::from(std::env::var(DATA_DIR).unwrap());
    let sandbox = std::env::var(SANDBOX).unwrap();
    let brakes = Brakes::fit();
    let store = Store::open(&dir, false).await.unwrap();
    let account = store.all_accounts().await.unwrap()[0];
    let zoom = ZoomIntegration::new(store, overrides_at(&sandbox));
    say("ready", 0, "");
    for step in 1.. {
        if !brakes.go(step) {
            return;
        }
        say("refreshing", step, "");
        // Every call finds the token about to expire, so every call refreshes and commits.
        zoom.clock().advance(Duration::from_secs(3600));
        zoom.access_token(account).await.unwrap();
        let stored = zoom.store().account_tokens(account).await.unwrap().unwrap();
        say("committed", step, &fingerprint(&stored.tokens));
    }
}

/// The list write `step` stores: "A" and "B" by turns, so each write replaces the whole list.
fn label(step: i64) -> &'static str {
    if step % 2 == 0 {
        "B"
    } else {
        "A"
    }
}

fn snapshot(label: &str) -> Vec<StoredMeeting> {
    (0..SNAPSHOT as i64)
        .map(|i| StoredMeeting {
            id: 80_000_000_000 + i,
            topic: format!("{label} {i}"),
            meeting_type: 2,
            start_time: Some("2026-12-03T07:00:00Z".into()),
            duration: Some(60),
            timezone: Some("Europe/Moscow".into()),
            join_url: Some(format!("https://zoom.us/j/{}", 80_000_000_000 + i)),
            occurrence_id: None,
            series: None,
        })
        .collect()
}

/// Which write the account row says the stored list is from, and its digest.
async fn last_write(store: &Store, account: i64) -> (i64, String) {
    sqlx::query_as("SELECT last_synced_at, meetings_digest FROM zoom_accounts WHERE id = ?").bind(account).fetch_one(store.pool()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_during_a_large_snapshot_write() {
    if std::env::var_os(CHILD).is_some() {
        return write_snapshots_step_by_step().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let event = store.insert_event(anna.id, "Conf", "UTC", Some(("2027-01-01", "2027-01-02"))).await.unwrap();
    let connection = store.add_zoom_connection(event.id, "Main", anna.id).await.unwrap();
    let account = offline_account();
    let tokens = Tokens { access_token: "a".to_owned().into(), refresh_token: "r".to_owned().into(), access_expires_at: 0 };
    let account_id = store.link_zoom_account(connection, anna.id, &account, &tokens).await.unwrap().unwrap().account_id;
    // Write 1; the children go on from the last write that survived.
    store.save_snapshot(account_id, "u1", &snapshot(label(1)), label(1), 1).await.unwrap();
    let before = counts(&store).await;
    store.pool().close().await;

    let mut last = 1;
    let mut seen = HashSet::new();
    let mut outcomes = std::collections::BTreeMap::<(String, &str), usize>::new();
    for round in 0..rounds() {
        let from = last + 1;
        let mut rng = rand::thread_rng();
        let (aim, target) = match round % 4 {
            0 => (Aim::During, from + rng.gen_range(0..3)),
            1 => {
                // By turns an even and an odd write: the lists these kills leave differ, so both
                // labels survive some round whatever the machine's speed.
                let parity = (round as i64 / 4) % 2;
                (Aim::AfterCommit, from + (parity - from).rem_euclid(2) + 2 * rng.gen_range(0..2))
            }
            // A whole write first, to learn how much work one takes.
            2 => (Aim::Inside, from + rng.gen_range(1..3)),
            _ => (Aim::AtCommit, from + rng.gen_range(0..3)),
        };
        let context = format!("round {round}, killed {aim:?} in write {target}");
        let mut child = Kid::spawn("killed_during_a_large_snapshot_write", &[(DATA_DIR, dir.path().display().to_string()), (FROM, from.to_string())]);
        let mut ticks = 0;
        for step in from..=target {
            let go = match (step == target, aim) {
                // Short of the end of a write as long as the one before, so inside this one.
                (true, Aim::Inside) => {
                    assert!(ticks >= 10, "{context}: the progress handler counted the write before ({ticks} ticks)");
                    format!("go tick {}", rng.gen_range(1..=ticks * 9 / 10))
                }
                (true, Aim::AtCommit) => "go commit".into(),
                _ => "go".into(),
            };
            child.go(&go);
            child.expect("writing", step);
            match (step == target, aim) {
                (true, Aim::During) => {}
                (true, Aim::Inside) => assert_eq!(child.expect("stopped", step), go["go ".len()..]),
                (true, Aim::AtCommit) => assert_eq!(child.expect("stopped", step), "commit"),
                _ => ticks = child.expect("wrote", step).parse().unwrap(),
            }
        }
        drop(child);

        let store = Store::open(dir.path(), false).await.unwrap();
        assert_eq!(integrity(&store).await, "ok", "{context}");
        assert_eq!(counts(&store).await, before, "{context}: nothing else lost");
        let (write, digest) = last_write(&store, account_id).await;
        match aim {
            Aim::AfterCommit => assert_eq!(write, target, "{context}: the new list, committed"),
            Aim::Inside | Aim::AtCommit => assert_eq!(write, target - 1, "{context}: the old list, kept"),
            Aim::During => assert!(write == target - 1 || write == target, "{context}: write {write} survived"),
        }
        // A whole list, entirely the old one or entirely the new one, as the account row says.
        let meetings = store.meetings(account_id).await.unwrap();
        assert_eq!(meetings.len(), SNAPSHOT, "{context}: a whole list");
        assert_eq!(digest, label(write), "{context}");
        let expected = snapshot(label(write));
        assert!(meetings.iter().zip(&expected).all(|(m, e)| m.id == e.id && m.topic == e.topic), "{context}: entirely old or entirely new");
        *outcomes.entry((format!("{aim:?}"), if write == target { "new list" } else { "old list" })).or_default() += 1;
        seen.insert(label(write));
        last = write;
        store.pool().close().await;
    }
    eprintln!("killed_during_a_large_snapshot_write: {outcomes:?}");
    assert_eq!(seen.len(), 2, "both lists survived some kill");
}

async fn write_snapshots_step_by_step() {
    let dir = std::path::PathBuf::from(std::env::var(DATA_DIR).unwrap());
    let from: i64 = std::env::var(FROM).unwrap().parse().unwrap();
    let brakes = Brakes::fit();
    let store = Store::open(&dir, false).await.unwrap();
    let account = store.all_accounts().await.unwrap()[0];
    let (a, b) = (snapshot("A"), snapshot("B"));
    say("ready", 0, "");
    for step in from.. {
        if !brakes.go(step) {
            return;
        }
        say("writing", step, "");
        let list = if label(step) == "A" { &a } else { &b };
        store.save_snapshot(account, "u1", list, label(step), step).await.unwrap();
        say("wrote", step, &brakes.ticks().to_string());
    }
}
