//! Figures measured in this process against the real library: sync (1, 2), the cold write (3)
//! the bytes the meetings view receives (8) and the schedule's conflict scan (10). Also prepares the data folders the window
//! figures start the release app with.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use myscihub_lib::core::settings::Overrides;
use myscihub_lib::core::zoom::tokens::REFRESH_MARGIN;
use myscihub_lib::core::zoom::{overlaps, redirect_uri, ScheduleFilter, ZoomIntegration};
use myscihub_lib::core::{demo, Lang};
use myscihub_lib::store::StoredMeeting;
use myscihub_lib::store::{AccountProfileUpdate, NewZoomAccount, Store, Tokens};
use serde_json::{json, Value};
use url::Url;
use zoom_sandbox::Sandbox;

use crate::data::{self, ACCOUNTS, LATENCY_MS, MEETINGS_PER_ACCOUNT, PAGE_SIZE};
use crate::probe;

pub fn overrides(sandbox: &Sandbox) -> Overrides {
    Overrides {
        client_id: Some("test-public".into()),
        client_secret: None,
        oauth_url: Some(sandbox.base_url()),
        api_url: Some(format!("{}/v2", sandbox.base_url())),
        redirect_uri: Some("myscihub://oauth/zoom/callback".into()),
    }
}

/// A data folder as the app keeps it: the demo profile (so `MYSCIHUB_DEMO=1` signs it in), its
/// event, and Zoom connections.
pub struct Folder {
    pub dir: PathBuf,
    pub store: Store,
    pub zoom: ZoomIntegration,
    pub actor: i64,
    pub event: i64,
    pub connections: Vec<i64>,
    pub accounts: Vec<i64>,
}

impl Folder {
    pub async fn create(dir: &Path, overrides: Overrides) -> Folder {
        std::fs::create_dir_all(dir).unwrap();
        let store = Store::open(dir, false).await.expect("store opens");
        let (profile, event) = demo::prepare(&store).await.expect("demo profile").expect("an empty store");
        let zoom = ZoomIntegration::new(store.clone(), overrides);
        Folder { dir: dir.to_owned(), store, zoom, actor: profile.id, event: event.expect("demo event").id, connections: vec![], accounts: vec![] }
    }

    /// Add a connection and sign its Zoom user in, as the app does: the authorize URL goes to
    /// the (auto-approving) sandbox, and the link it redirects to comes back to the app.
    pub async fn connect(&mut self, name: &str, login_hint: &str) {
        let connection = self
            .zoom
            .add(self.zoom.admin(self.actor, self.event).await.expect("the bench profile administers the event"), name)
            .await
            .expect("add connection")
            .id;
        let redirect = self.zoom.redirect().await.expect("redirect");
        let (_, url) = self
            .zoom
            .begin_authorization(
                self.zoom.admin(self.actor, self.event).await.expect("the bench profile administers the event"),
                connection,
                &redirect_uri(&redirect, None),
            )
            .await
            .expect("authorize");
        let link = browse(&url, login_hint).await;
        let completion = self.zoom.complete_authorization(&link, false).await;
        completion.result.expect("authorization completes");
        let account = self.store.account_of_connection(self.event, connection).await.unwrap().expect("linked");
        self.connections.push(connection);
        self.accounts.push(account);
    }

    /// Marks every cached list as fetched an hour ago, as when an admin opens the app in the
    /// morning, then closes the database so the folder can be copied.
    pub async fn age_and_close(self, ago: Duration) -> PathBuf {
        let at = chrono::Utc::now().timestamp_millis() - ago.as_millis() as i64;
        sqlx::query("UPDATE zoom_accounts SET last_synced_at = ?1, last_attempt_at = ?1").bind(at).execute(self.store.pool()).await.unwrap();
        self.store.pool().close().await;
        self.dir
    }
}

/// What the system browser does with the authorize URL against the auto-approving sandbox.
async fn browse(url: &Url, login_hint: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut url = url.clone();
    url.query_pairs_mut().append_pair("login_hint", login_hint);
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 302, "the sandbox approves at once");
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Figures 1 and 2, on a conference folder that then becomes the start-up folder of figures 4-6.
pub async fn sync_figures(sandbox: &Sandbox, dir: &Path) -> (Value, Value, PathBuf, (i64, i64)) {
    let mut folder = Folder::create(dir, overrides(sandbox)).await;
    let users = data::users();
    let started = Instant::now();
    for (i, user) in users.iter().take(ACCOUNTS).enumerate() {
        folder.connect(&format!("Zoom {:02}", i + 1), &user.email).await;
    }
    eprintln!("  {} accounts connected in {:.1} s", ACCOUNTS, started.elapsed().as_secs_f64());

    // Figure 1: one forced sync of every account, concurrently, as a refresh of the event does.
    // A token call is due when an access token is within the refresh margin of its expiry.
    let mut due = 0;
    for &a in &folder.accounts {
        let tokens = folder.store.account_tokens(a).await.unwrap().unwrap().tokens;
        due += usize::from(tokens.access_expires_at - chrono::Utc::now().timestamp_millis() <= REFRESH_MARGIN.as_millis() as i64);
    }
    sandbox.clear_requests();
    probe::start();
    let cpu_before = process_cpu_s();
    let started_at = chrono::Utc::now();
    let t = Instant::now();
    join_all(folder.accounts.iter().map(|&a| folder.zoom.sync_account(a, true))).await;
    let wall = t.elapsed();
    let cpu = process_cpu_s() - cpu_before;
    let seen = probe::take();
    let log = sandbox.requests();
    let timeline = chain_timeline(&log, started_at, ms(wall));
    let mut counts = Vec::new();
    for &a in &folder.accounts {
        counts.push(folder.store.meeting_count(a).await.unwrap());
    }
    let api: Vec<_> = log.iter().filter(|r| r.path.starts_with("/v2/")).collect();
    let token_calls = log.iter().filter(|r| r.path == "/oauth/token").count();
    let failed = log.iter().filter(|r| r.status != 200).count();
    let pages_per_sync = MEETINGS_PER_ACCOUNT.div_ceil(PAGE_SIZE) + 1;
    // And one `GET /meetings/{id}` for the occurrences of each recurring meeting with a fixed time.
    let series: usize =
        users.iter().take(ACCOUNTS).enumerate().map(|(i, u)| data::listed_meetings(i, u).iter().filter(|m| m["type"] == 8).count()).sum();
    let expected = ACCOUNTS * pages_per_sync + series;
    // Each account's calls run one after the other; accounts run side by side. The floor is the
    // longest such chain (a token refresh, when one is due, would add one link) times the latency.
    let mut per_user = std::collections::HashMap::<String, usize>::new();
    for r in &api {
        *per_user.entry(r.user_id.clone().unwrap_or_default()).or_default() += 1;
    }
    let chain = per_user.values().copied().max().unwrap_or(0) + usize::from(token_calls > 0);
    let floor_ms = (chain as u64 * LATENCY_MS) as f64;
    let server_ms: Vec<f64> = api.iter().map(|r| r.elapsed_ms as f64).collect();
    let fig1 = json!({
        "wall_ms": ms(wall),
        "floor_ms": floor_ms,
        "ratio": ms(wall) / floor_ms,
        "requests": api.len(),
        "expected_requests": expected,
        "series": series,
        "token_calls": token_calls,
        "token_calls_due": due,
        "failed_requests": failed,
        "chain": chain,
        "meetings_stored": counts.iter().sum::<usize>(),
        "snapshots_written": seen.synced.iter().filter(|w| **w).count(),
        "db_statement_ms": seen.statement_secs * 1000.0,
        "meeting_rows_written": seen.meeting_rows_written,
        // The same ratio against what the sandbox itself took on the slowest chain (its answers
        // are slower than the 100 ms latency): the share of the wall time that is the app's.
        "sandbox_chain_ms": timeline["slowest"]["server_ms"],
        "ratio_to_sandbox_chain": ms(wall) / timeline["slowest"]["server_ms"].as_f64().unwrap_or(f64::NAN),
        "cpu_s": cpu,
        "cpu_cores_busy": cpu / wall.as_secs_f64(),
        "timeline": timeline,
        "page": page_costs(),
        "server_ms_median": median(server_ms.clone()),
        "server_ms_max": server_ms.iter().cloned().fold(0.0, f64::max),
        "warnings": seen.warnings,
    });
    eprintln!("  figure 1: {fig1}");

    // Figure 2: the same, again: Zoom answers the same lists.
    sandbox.clear_requests();
    probe::start();
    let t = Instant::now();
    join_all(folder.accounts.iter().map(|&a| folder.zoom.sync_account(a, true))).await;
    let warm_wall = t.elapsed();
    let seen = probe::take();
    let warm_requests = sandbox.requests().iter().filter(|r| r.path.starts_with("/v2/")).count();
    // The database part of that sync, call by call: the same store calls with the same data,
    // one account after the other, each timed whole (pool, BEGIN IMMEDIATE and COMMIT included).
    let mut replay = Vec::new();
    for _ in 0..5 {
        let mut total = Duration::ZERO;
        let mut written = 0;
        for &a in &folder.accounts {
            let meetings = folder.store.meetings(a).await.unwrap();
            let p = folder.store.account_profile(a).await.unwrap().unwrap();
            let zoom_user_id = folder.store.account_tokens(a).await.unwrap().unwrap().zoom_user_id;
            let update = AccountProfileUpdate {
                zoom_user_id: zoom_user_id.clone(),
                email: p.email,
                display_name: p.display_name,
                user_type: p.user_type,
                timezone: p.timezone,
                zoom_account_id: p.zoom_account_id,
            };
            let now = chrono::Utc::now().timestamp_millis();
            let t = Instant::now();
            let record = folder.store.sync_record(a).await.unwrap().unwrap();
            folder.store.account_tokens(a).await.unwrap().unwrap();
            folder.store.update_account_profile(a, &update).await.unwrap();
            let digest = record.meetings_digest.expect("a stored digest");
            written += usize::from(folder.store.save_snapshot(a, &zoom_user_id, &meetings, &digest, now).await.unwrap());
            total += t.elapsed();
        }
        assert_eq!(written, 0, "an unchanged list writes no meeting row");
        replay.push(ms(total));
    }
    let fig2 = json!({
        "wall_ms": ms(warm_wall),
        "requests": warm_requests,
        "snapshots": seen.synced.len(),
        "snapshots_written": seen.synced.iter().filter(|w| **w).count(),
        "meeting_rows_written": seen.meeting_rows_written,
        "meeting_write_statements": seen.meeting_statements,
        "statements": seen.statements,
        "db_statement_ms": seen.statement_secs * 1000.0,
        "db_replay_ms": median(replay.clone()),
        "db_replay_runs_ms": replay,
        "warnings": seen.warnings,
    });
    eprintln!("  figure 2: {fig2}");
    let ids = (folder.event, folder.connections[0]);
    let dir = folder.age_and_close(Duration::from_secs(3600)).await;
    (fig1, fig2, dir, ids)
}

/// CPU time of this process so far (user + system), from /proc: the sandbox runs in it too.
fn process_cpu_s() -> f64 {
    let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = text[text.rfind(')').map_or(0, |i| i + 2)..].split_whitespace().collect();
    let ticks: f64 =
        fields.get(11).and_then(|u| u.parse::<f64>().ok()).unwrap_or(0.0) + fields.get(12).and_then(|u| u.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

/// Where one account's chain of calls spends its time, from the sandbox's log (arrival time and
/// time to answer, in ms): before its first call, inside the sandbox (latency included), between
/// an answer and the next call (the app reading the page), and after its last answer (storing
/// the list). Medians over the accounts, and the slowest account's.
fn chain_timeline(log: &[zoom_sandbox::RequestRecord], started: chrono::DateTime<chrono::Utc>, wall_ms: f64) -> Value {
    let mut by_user: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
    for r in log.iter().filter(|r| r.path.starts_with("/v2/")) {
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(&r.time) else { continue };
        let arrival = (at.with_timezone(&chrono::Utc) - started).num_microseconds().unwrap_or(0) as f64 / 1000.0;
        by_user.entry(r.user_id.clone().unwrap_or_default()).or_default().push((arrival, r.elapsed_ms as f64));
    }
    let mut rows = Vec::new();
    for calls in by_user.values_mut() {
        calls.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        let head = calls[0].0;
        let server: f64 = calls.iter().map(|c| c.1).sum();
        let gaps: f64 = calls.windows(2).map(|w| w[1].0 - (w[0].0 + w[0].1)).sum();
        let last = calls.last().unwrap();
        rows.push((head, server, gaps, last.0 + last.1));
    }
    let col = |i: usize| median(rows.iter().map(|r| [r.0, r.1, r.2, r.3][i]).collect());
    let slowest = rows.iter().cloned().fold((0.0, 0.0, 0.0, 0.0), |a, r| if r.3 > a.3 { r } else { a });
    json!({
        "head_ms": col(0), "server_ms": col(1), "client_gaps_ms": col(2), "last_answer_ms": col(3),
        "slowest": { "head_ms": slowest.0, "server_ms": slowest.1, "client_gaps_ms": slowest.2, "last_answer_ms": slowest.3, "tail_ms": wall_ms - slowest.3 },
    })
}

/// CPU cost of one 300-meeting page: the sandbox writing it, the app reading it (serde_json
/// into a Value, as `ZoomApi::scheduled_meetings` does, then picking the fields).
fn page_costs() -> Value {
    let page = json!({ "page_size": PAGE_SIZE, "total_records": 1000, "next_page_token": "x", "meetings": data::raw_meetings(7, "host", PAGE_SIZE) });
    let mut write = Vec::new();
    let mut read = Vec::new();
    let mut bytes = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let body = serde_json::to_vec(&page).unwrap();
        write.push(ms(t.elapsed()));
        bytes = body.len();
        let t = Instant::now();
        let value: Value = serde_json::from_slice(&body).unwrap();
        let n = value["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m.get("id").and_then(Value::as_i64).is_some() && m.get("topic").is_some())
            .count();
        read.push(ms(t.elapsed()));
        assert_eq!(n, PAGE_SIZE);
    }
    json!({ "bytes": bytes, "write_ms": median(write), "read_ms": median(read) })
}

/// The folder of figure 7: one connection whose account has 5,000 meetings.
pub async fn big_folder(sandbox: &Sandbox, dir: &Path) -> (PathBuf, (i64, i64)) {
    let mut folder = Folder::create(dir, overrides(sandbox)).await;
    let big = data::users().pop().unwrap();
    folder.connect("Big account", &big.email).await;
    folder.zoom.sync_account(folder.accounts[0], true).await;
    let stored = folder.store.meeting_count(folder.accounts[0]).await.unwrap();
    // A recurring meeting with a fixed time is stored as its occurrences: more rows than listed.
    assert!(stored >= big.meetings, "the big account is cached: {stored} rows");
    let ids = (folder.event, folder.connections[0]);
    (folder.age_and_close(Duration::from_secs(3600)).await, ids)
}

fn offline_user(i: usize) -> String {
    format!("uOffline{i:02}")
}

/// A folder with connected accounts (tokens made up: no network is used) and no meetings.
async fn offline_folder(dir: &Path, accounts: usize) -> Folder {
    let mut folder = Folder::create(dir, Overrides::default()).await;
    for i in 0..accounts {
        let name = format!("Zoom {:02}", i + 1);
        let connection = folder.store.add_zoom_connection(folder.event, &name, folder.actor).await.unwrap();
        let account = NewZoomAccount {
            zoom_user_id: offline_user(i),
            email: format!("host{i:02}@bench.example.org"),
            display_name: format!("Host {i:02} Bench"),
            user_type: 2,
            timezone: Some("Europe/Moscow".into()),
            zoom_account_id: Some(format!("acctOffline{i:02}")),
            oauth_url: "http://127.0.0.1:9".into(),
            api_url: "http://127.0.0.1:9/v2".into(),
            scopes: "meeting:read:list_meetings meeting:read:meeting user:read:user".into(),
        };
        let tokens = Tokens {
            access_token: "zsbx_at_offline".to_owned().into(),
            refresh_token: "zsbx_rt_offline".to_owned().into(),
            access_expires_at: i64::MAX / 2,
        };
        let id = folder.store.link_zoom_account(connection, folder.actor, &account, &tokens).await.unwrap().unwrap().account_id;
        folder.connections.push(connection);
        folder.accounts.push(id);
    }
    folder
}

/// Figure 3: `save_snapshot` of 20 × 1,000 meetings into an empty store (and of one 20,000-meeting
/// account), three times each in fresh folders; the median.
pub async fn cold_write(root: &Path) -> Value {
    let lists: Vec<Vec<StoredMeeting>> = (0..ACCOUNTS).map(|i| data::meetings(1_000 + i as u64, "host", MEETINGS_PER_ACCOUNT)).collect();
    let one: Vec<StoredMeeting> = lists.iter().flatten().cloned().collect();
    let mut per_account = Vec::new();
    let mut statement_ms = Vec::new();
    let mut single = Vec::new();
    for run in 0..3 {
        let folder = offline_folder(&root.join(format!("cold-{run}")), ACCOUNTS).await;
        probe::start();
        let mut total = Duration::ZERO;
        for (i, &a) in folder.accounts.iter().enumerate() {
            let t = Instant::now();
            assert!(folder.store.save_snapshot(a, &offline_user(i), &lists[i], &format!("digest-{i}"), 1).await.unwrap());
            total += t.elapsed();
        }
        let seen = probe::take();
        assert_eq!(seen.meeting_rows_written as usize, ACCOUNTS * MEETINGS_PER_ACCOUNT);
        per_account.push(ms(total));
        statement_ms.push(seen.statement_secs * 1000.0);
        folder.store.pool().close().await;

        let folder = offline_folder(&root.join(format!("cold-one-{run}")), 1).await;
        let t = Instant::now();
        assert!(folder.store.save_snapshot(folder.accounts[0], &offline_user(0), &one, "digest", 1).await.unwrap());
        single.push(ms(t.elapsed()));
        folder.store.pool().close().await;
    }
    let fig3 = json!({
        "ms": median(per_account.clone()),
        "runs_ms": per_account,
        "statement_ms": median(statement_ms),
        "single_account_ms": median(single.clone()),
        "single_account_runs_ms": single,
    });
    eprintln!("  figure 3: {fig3}");
    fig3
}

/// Figure 8: what the meetings view receives for a 5,000-meeting account, serialised as Tauri
/// serialises a command's answer (serde_json), and how long Rust takes to answer.
pub async fn ipc_bytes(root: &Path) -> Value {
    let folder = offline_folder(&root.join("ipc"), 1).await;
    let (account, connection) = (folder.accounts[0], folder.connections[0]);
    let meetings = data::meetings(2_000, "big", data::BIG_MEETINGS);
    folder.store.save_snapshot(account, &offline_user(0), &meetings, "digest", chrono::Utc::now().timestamp_millis()).await.unwrap();
    let zoom = &folder.zoom;
    let (actor, event) = (folder.actor, folder.event);
    let details = zoom.details(zoom.admin(actor, event).await.expect("the bench profile administers the event"), connection, Lang::En).await.unwrap();
    let details_bytes = serde_json::to_vec(&details).unwrap().len();
    // The first window after the snapshot was written reads the whole list.
    let t = Instant::now();
    let window =
        zoom.meetings(zoom.admin(actor, event).await.expect("the bench profile administers the event"), connection, "", 0, 200).await.unwrap();
    let first_window_ms = ms(t.elapsed());
    let window_bytes = serde_json::to_vec(&window).unwrap().len();
    // Every meeting, as a view without windows would receive them.
    let mut all_bytes = 0;
    let mut offset = 0;
    loop {
        let w = zoom
            .meetings(zoom.admin(actor, event).await.expect("the bench profile administers the event"), connection, "", offset, 500)
            .await
            .unwrap();
        all_bytes += serde_json::to_vec(&w.meetings).unwrap().len();
        offset += w.meetings.len();
        if w.meetings.is_empty() || offset >= w.matching {
            break;
        }
    }
    // The Rust side of each keystroke of figure 7: a filtered 200-row window.
    let mut call_ms = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        zoom.meetings(zoom.admin(actor, event).await.expect("the bench profile administers the event"), connection, "", 0, 200).await.unwrap();
        call_ms.push(ms(t.elapsed()));
    }
    let mut filter_ms = Vec::new();
    for _ in 0..3 {
        for end in 1..=data::FILTER_WORD.len() {
            let t = Instant::now();
            zoom.meetings(
                zoom.admin(actor, event).await.expect("the bench profile administers the event"),
                connection,
                &data::FILTER_WORD[..end],
                0,
                200,
            )
            .await
            .unwrap();
            filter_ms.push(ms(t.elapsed()));
        }
    }
    let fig8 = json!({
        "details_bytes": details_bytes,
        "window_bytes": window_bytes,
        "window_rows": window.meetings.len(),
        "view_bytes": details_bytes + window_bytes,
        "all_meetings_bytes": all_bytes,
        "first_window_call_ms": first_window_ms,
        "window_call_ms": median(call_ms),
        "filter_call_ms": median(filter_ms.clone()),
        "filter_call_max_ms": filter_ms.iter().cloned().fold(0.0, f64::max),
    });
    eprintln!("  figure 8: {fig8}");
    folder.store.pool().close().await;
    fig8
}

/// Figure 10, its Rust half, on the conference folder of figure 1 (20 accounts × 1,000 meetings):
/// the conflict scan the schedule runs per Zoom user (sort, then one pass), and the event's whole
/// schedule as the page's first call asks for it.
pub async fn schedule_figure(dir: &Path, event: i64) -> Value {
    const ROUNDS: usize = 21;
    let store = Store::open(dir, false).await.expect("the conference folder opens");
    let connections = store.zoom_connections(event, chrono::Utc::now().timestamp_millis()).await.unwrap();
    let mut lists = Vec::new();
    for account in connections.iter().filter_map(|c| c.account_id) {
        lists.push(store.meetings(account).await.unwrap());
    }
    let meetings: usize = lists.iter().map(Vec::len).sum();

    // Per Zoom user, as the app scans: 20 lists of 1,000. The copies are made before the clock starts.
    let mut per_user = Vec::new();
    let mut flagged = 0;
    for _ in 0..ROUNDS {
        let copies = lists.clone();
        let t = Instant::now();
        let found: Vec<overlaps::Timeline> = copies.into_iter().map(overlaps::scan).collect();
        per_user.push(ms(t.elapsed()));
        flagged = found.iter().flat_map(|t| &t.overlaps).filter(|o| o.is_some()).count();
    }
    // The worst case the issue names: 20,000 meetings of one Zoom user in one scan.
    let mut one_user = Vec::new();
    for _ in 0..ROUNDS {
        let all = lists.concat();
        let t = Instant::now();
        // Freeing the meetings is left out of the time, as in the per-user rounds.
        let timeline = std::hint::black_box(overlaps::scan(all));
        one_user.push(ms(t.elapsed()));
        drop(timeline);
    }

    // The page's first call: rows 0..200 of the whole schedule, with a new (cold) cache each
    // round, then with the cache the app keeps between calls (warm).
    let actor = store.event_admins(event).await.unwrap()[0].user_id;
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut rows = 0;
    for _ in 0..5 {
        let zoom = ZoomIntegration::new(store.clone(), Overrides::default());
        let admin = zoom.admin(actor, event).await.unwrap();
        let t = Instant::now();
        let first = zoom.schedule_page(admin, &ScheduleFilter::default(), 0, 200).await.unwrap();
        cold.push(ms(t.elapsed()));
        rows = first.matching;
        let t = Instant::now();
        std::hint::black_box(zoom.schedule_page(admin, &ScheduleFilter::default(), 0, 200).await.unwrap());
        warm.push(ms(t.elapsed()));
    }
    // Rust's part of each keystroke of the filter word: the first window the page asks for.
    let zoom = ZoomIntegration::new(store.clone(), Overrides::default());
    let admin = zoom.admin(actor, event).await.unwrap();
    zoom.schedule_page(admin, &ScheduleFilter::default(), 0, 50).await.unwrap();
    let mut keystrokes = Vec::new();
    for typed in 1..=crate::data::FILTER_WORD.len() {
        let filter = ScheduleFilter { words: crate::data::FILTER_WORD[..typed].to_owned(), ..ScheduleFilter::default() };
        let t = Instant::now();
        std::hint::black_box(zoom.schedule_page(admin, &filter, 0, 50).await.unwrap());
        keystrokes.push(ms(t.elapsed()));
    }
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let value = json!({
        "schedule_keystroke_ms": keystrokes,
        "meetings": meetings,
        "zoom_users": lists.len(),
        "flagged": flagged,
        "rounds": ROUNDS,
        "scan_per_user_median_ms": median(per_user.clone()),
        "scan_per_user_max_ms": max(&per_user),
        "scan_one_user_median_ms": median(one_user.clone()),
        "scan_one_user_max_ms": max(&one_user),
        "schedule_rows": rows,
        "schedule_cold_median_ms": median(cold),
        "schedule_warm_median_ms": median(warm),
    });
    eprintln!("  figure 10 (Rust): {value}");
    value
}
