//! What the Zoom tests share: a real SQLite file, the Zoom sandbox on loopback, and the steps
//! a browser takes between them.
#![allow(dead_code)]

use std::path::Path;

use myscihub_core::core::events::{self, NewEvent};
use myscihub_core::core::profiles::{self, NewProfile};
use myscihub_core::core::settings::Overrides;
use myscihub_core::core::zoom::{redirect_uri, Completion, ConnectionDetails, SyncReport, ZoomIntegration};
use myscihub_core::core::{Admin, Lang};
use myscihub_core::store::{ConnectionStatus, Store, ZoomConnection};
use url::Url;
use zoom_sandbox::{Options, Sandbox, Scenario};

/// The right of `actor`, who must administer `event`.
pub async fn admin(zoom: &ZoomIntegration, actor: i64, event: i64) -> Admin {
    zoom.admin(actor, event).await.expect("an administrator of the event")
}

/// F5 on a connection page, as the window's command does it: a sync, then the page.
pub async fn refresh_connection(
    zoom: &ZoomIntegration,
    actor: i64,
    event: i64,
    connection: i64,
    force: bool,
    lang: Lang,
) -> (ConnectionDetails, SyncReport) {
    let admin = admin(zoom, actor, event).await;
    let account = zoom.store().account_of_connection(event, connection).await.unwrap();
    let outcome = zoom.sync_connection(admin, connection, force).await.unwrap();
    let report = SyncReport { accounts: account.zip(outcome).into_iter().collect() };
    (zoom.details(admin, connection, lang).await.unwrap(), report)
}

/// The window regaining focus on an event's Zoom page: stale accounts synced, then the list.
pub async fn refresh_event(zoom: &ZoomIntegration, actor: i64, event: i64) -> Result<(Vec<ZoomConnection>, SyncReport), myscihub_core::core::Error> {
    let admin = admin(zoom, actor, event).await;
    let report = zoom.sync_event(admin, false).await?;
    Ok((zoom.connections(admin).await?, report))
}

pub const FREE: &str = "free@example.org";
pub const PRO: &str = "pro@example.org";
/// A grant from before the app asked for a meeting's details and invitation.
pub const OLDER: &str = "older@example.org";
pub const OLDER_ID: &str = "uOld00000000000000000D";

pub struct World {
    pub dir: tempfile::TempDir,
    pub sandbox: Sandbox,
    pub zoom: ZoomIntegration,
    pub anna: i64,
    pub boris: i64,
    pub event: i64,
}

/// The repository's top folder, from whichever crate's tests run.
pub fn repository() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().find(|dir| dir.join("tests/zoom-sandbox").is_dir()).expect("inside the repository").to_owned()
}

pub async fn sandbox() -> Sandbox {
    let scenario = Scenario::from_file(&repository().join("tests/zoom-sandbox/scenarios/test.json")).unwrap();
    Sandbox::start(scenario, Options { port: 0, auto_approve: true }).await.unwrap()
}

pub fn overrides(sandbox: &Sandbox) -> Overrides {
    overrides_at(&sandbox.base_url())
}

/// The environment of a test run: the sandbox at `base` is the development host.
pub fn overrides_at(base: &str) -> Overrides {
    Overrides {
        client_id: Some("test-public".into()),
        client_secret: None,
        oauth_url: Some(base.to_owned()),
        api_url: Some(format!("{base}/v2")),
        redirect_uri: Some("myscihub://oauth/zoom/callback".into()),
    }
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_owned();
    World { dir, ..world_in(&path).await }
}

/// A world whose data folder is `path` (its `dir` is an unused temporary folder).
pub async fn world_in(path: &Path) -> World {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox().await;
    let store = Store::open(path, false).await.unwrap();
    let zoom = ZoomIntegration::new(store.clone(), overrides(&sandbox));
    let profile = |name: &str, email: &str| profiles::create(&store, NewProfile { name: name.into(), email: email.into() });
    let anna = profile("Anna", "anna@example.org").await.unwrap().id;
    let boris = profile("Boris", "boris@example.org").await.unwrap().id;
    let event = events::create(&store, anna, new_event("Conference")).await.unwrap().id;
    World { dir, sandbox, zoom, anna, boris, event }
}

pub fn new_event(title: &str) -> NewEvent {
    NewEvent { title: title.into(), time_zone: "Europe/Moscow".into(), starts_on: "2027-03-01".into(), ends_on: "2027-03-02".into() }
}

/// What the system browser does with the authorize URL: the auto-approving sandbox signs in
/// `login_hint` and redirects; the link it redirects to is what the OS hands the app.
pub async fn browse(url: &Url, login_hint: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut url = url.clone();
    url.query_pairs_mut().append_pair("login_hint", login_hint);
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 302, "the sandbox approves at once");
    response.headers()["location"].to_str().unwrap().to_owned()
}

pub async fn begin(w: &World, zoom: &ZoomIntegration, connection: i64) -> Url {
    let redirect = zoom.redirect().await.unwrap();
    let (started, url) = zoom.begin_authorization(admin(zoom, w.anna, w.event).await, connection, &redirect_uri(&redirect, None)).await.unwrap();
    assert_eq!(started.status, ConnectionStatus::Authorizing);
    url
}

pub async fn connect(w: &World, event: i64, name: &str, login_hint: &str) -> i64 {
    let connection = w.zoom.add(admin(&w.zoom, w.anna, event).await, name).await.unwrap().id;
    let redirect = w.zoom.redirect().await.unwrap();
    let (_, url) = w.zoom.begin_authorization(admin(&w.zoom, w.anna, event).await, connection, &redirect_uri(&redirect, None)).await.unwrap();
    let completion = w.zoom.complete_authorization(&browse(&url, login_hint).await, false).await;
    completion.result.unwrap();
    connection
}

pub fn code(completion: &Completion) -> &'static str {
    completion.result.as_ref().err().map(|e| e.code().as_str()).unwrap_or("ok")
}

pub async fn status(w: &World, connection: i64) -> ConnectionStatus {
    w.zoom.connection(admin(&w.zoom, w.anna, w.event).await, connection).await.unwrap().status
}

/// The whole contents of every table, row by row, each value as SQLite quotes it: to prove a
/// refused call changed nothing at all.
pub async fn contents(store: &Store) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid").bind(&table).fetch_all(store.pool()).await.unwrap();
        let quoted = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
        let sql = format!("SELECT '{table}|' || {quoted} FROM \"{table}\" ORDER BY 1");
        out.extend(sqlx::query_scalar::<_, String>(&sql).fetch_all(store.pool()).await.unwrap());
    }
    out
}

pub const PRO_ID: &str = "uPro00000000000000000B";

/// Scheduled meeting `n` of the Pro user, as Zoom lists it.
pub fn scheduled_meeting(n: i64) -> serde_json::Value {
    serde_json::json!({
        "uuid": format!("uuid-{n}=="), "id": 85_000_000_000i64 + n, "host_id": PRO_ID, "topic": format!("Session {n}"),
        "type": 2, "start_time": "2026-12-03T07:00:00Z", "duration": 60, "timezone": "Europe/Moscow",
        "created_at": "2026-11-01T10:00:00Z", "join_url": format!("https://us05web.zoom.us/j/{}?pwd=p{n}", 85_000_000_000i64 + n)
    })
}

/// A Zoom account made up for store-level tests: its tokens reach no server.
pub fn offline_account() -> myscihub_core::store::NewZoomAccount {
    myscihub_core::store::NewZoomAccount {
        zoom_user_id: "u1".into(),
        email: "u1@example.org".into(),
        display_name: "U1".into(),
        user_type: 2,
        timezone: None,
        zoom_account_id: None,
        oauth_url: "http://127.0.0.1:9".into(),
        api_url: "http://127.0.0.1:9/v2".into(),
        scopes: String::new(),
    }
}

/// Replaces the Zoom user's scheduled meetings at the sandbox.
pub async fn give_meetings(w: &World, user_id: &str, meetings: Vec<serde_json::Value>) {
    let url = format!("{}/_sandbox/users/{user_id}/meetings", w.sandbox.base_url());
    let response = reqwest::Client::new().put(url).json(&meetings).send().await.unwrap();
    assert!(response.status().is_success());
}

pub fn token_requests(sandbox: &Sandbox) -> usize {
    sandbox.requests().iter().filter(|r| r.path == "/oauth/token").count()
}

pub fn requests_to(sandbox: &Sandbox, path: &str) -> usize {
    sandbox.requests().iter().filter(|r| r.path == path).count()
}

/// The Zoom account row behind a connection.
pub async fn account_of(w: &World, connection: i64) -> i64 {
    w.zoom.store().account_of_connection(w.event, connection).await.unwrap().expect("connected")
}

/// Every stored meeting of a connection, through the windows the view asks for.
pub async fn all_meetings(w: &World, event: i64, connection: i64) -> Vec<myscihub_core::core::zoom::Meeting> {
    let mut all = Vec::new();
    loop {
        let window = w.zoom.meetings(admin(&w.zoom, w.anna, event).await, connection, "", all.len(), 200).await.unwrap();
        let done = window.meetings.is_empty() || all.len() + window.meetings.len() >= window.matching;
        all.extend(window.meetings);
        if done {
            return all;
        }
    }
}

/// How long a test waits for something that is bound to happen before it calls it a failure.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// Waits until `condition` holds, looking again every few milliseconds, and says whether it did
/// before `deadline` ran out. A slow machine only makes the wait longer, never the test wrong.
pub async fn wait_until(deadline: std::time::Duration, mut condition: impl FnMut() -> bool) -> bool {
    let until = std::time::Instant::now() + deadline;
    loop {
        if condition() {
            return true;
        }
        if std::time::Instant::now() >= until {
            return false;
        }
        // The interval between looks, not a guess at how long the work takes.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// The sandbox logs a request once its answer is done, which for a cut or abandoned answer can be
/// just after the client has moved on: wait (with a deadline) until `n` requests to `path` are in.
pub async fn requests_to_at_least(sandbox: &Sandbox, path: &str, n: usize) -> usize {
    wait_until(DEADLINE, || requests_to(sandbox, path) >= n).await;
    requests_to(sandbox, path)
}
