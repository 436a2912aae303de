//! Team mode end to end: administrators on different computers (each its own data folder and
//! app process, signed in as its own role) share one real PostgreSQL database, and talk to the
//! Zoom sandbox over loopback.

mod common;
#[path = "common/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use myscihub_core::core::events::{self, NewEvent};
use myscihub_core::core::team;
use myscihub_core::core::zoom::{redirect_uri, ZoomIntegration};
use myscihub_core::core::Lang;
use myscihub_core::store::{ConnectionNotice, ConnectionStatus, Store};
use postgres::{TeamDatabase, OWNER};
use zoom_sandbox::Sandbox;

const CHILD: &str = "MYSCIHUB_TEAM_CHILD";
const DATA_DIR: &str = "MYSCIHUB_TEAM_DATA_DIR";
const SANDBOX: &str = "MYSCIHUB_TEAM_SANDBOX";

/// A member's computer: its data folder, joined to the team with the code the owner gave.
async fn computer(db: &TeamDatabase, name: &str, email: &str) -> tempfile::TempDir {
    let owner = db.store(OWNER).await;
    let code = team::invite(&owner, name, email, None).await.unwrap().code;
    owner.close().await;
    let dir = tempfile::tempdir().unwrap();
    let joined = team::join(dir.path(), false, secrecy::ExposeSecret::expose_secret(&code), Lang::En).await.unwrap();
    assert!(joined.team && joined.reachable, "{joined:?}");
    dir
}

async fn app(dir: &Path, sandbox: &str) -> ZoomIntegration {
    ZoomIntegration::new(team::open(dir).await.unwrap(), overrides_at(sandbox))
}

async fn me(zoom: &ZoomIntegration) -> i64 {
    team::acting_member(zoom.store()).await.unwrap().expect("a member")
}

async fn new_event(zoom: &ZoomIntegration, title: &str) -> i64 {
    let input = NewEvent { title: title.into(), time_zone: "Europe/Moscow".into(), starts_on: String::new(), ends_on: String::new() };
    events::create(zoom.store(), me(zoom).await, input).await.unwrap().id
}

async fn connect_as(zoom: &ZoomIntegration, event: i64, name: &str, login_hint: &str) -> i64 {
    let admin = admin(zoom, me(zoom).await, event).await;
    let connection = zoom.add(admin, name).await.unwrap().id;
    let redirect = zoom.redirect().await.unwrap();
    let (_, url) = zoom.begin_authorization(admin, connection, &redirect_uri(&redirect, None)).await.unwrap();
    zoom.complete_authorization(&browse(&url, login_hint).await, false).await.result.unwrap();
    connection
}

async fn status_of(zoom: &ZoomIntegration, event: i64, connection: i64) -> (ConnectionStatus, Option<ConnectionNotice>) {
    let shown = zoom.connection(admin(zoom, me(zoom).await, event).await, connection).await.unwrap();
    (shown.status, shown.notice)
}

fn revokes(sandbox: &Sandbox) -> usize {
    requests_to(sandbox, "/oauth/revoke")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disconnect_in_one_event_leaves_the_account_to_another_and_a_removal_found_in_one_purges_both() {
    let db = TeamDatabase::start().await;
    let sandbox = sandbox().await;
    let (anna_dir, boris_dir) = (computer(&db, "Anna", "anna@example.org").await, computer(&db, "Boris", "boris@example.org").await);
    let anna = app(anna_dir.path(), &sandbox.base_url()).await;
    let boris = app(boris_dir.path(), &sandbox.base_url()).await;
    let (hers, his) = (new_event(&anna, "Anna's conference").await, new_event(&boris, "Boris's workshop").await);
    let her_connection = connect_as(&anna, hers, "Main", PRO).await;
    let his_connection = connect_as(&boris, his, "Main", PRO).await;
    assert_eq!(anna.store().account_of_zoom_user(PRO_ID).await.unwrap(), boris.store().account_of_zoom_user(PRO_ID).await.unwrap(), "one account");
    assert!(anna.admin(me(&anna).await, his).await.is_err(), "Anna does not administer Boris's event");

    // Boris disconnects: Anna's event still uses the Zoom user, so the grant is not revoked.
    boris.disconnect(admin(&boris, me(&boris).await, his).await, his_connection).await.unwrap();
    assert_eq!(revokes(&sandbox), 0, "no revoke at Zoom while another event uses the account");
    assert_eq!(status_of(&anna, hers, her_connection).await.0, ConnectionStatus::Connected);
    let account = anna.store().account_of_zoom_user(PRO_ID).await.unwrap().unwrap();
    anna.access_token(account).await.expect("Anna's access still works at Zoom");

    // Boris connects it again; then the owner removes the app in the Marketplace, and Anna's
    // app is the one to find out: the account leaves Boris's event too.
    let his_connection = connect_as(&boris, his, "Again", PRO).await;
    sandbox.uninstall(PRO_ID);
    // Within the refresh margin, still within the access token's lifetime.
    anna.clock().advance(Duration::from_secs(57 * 60));
    let (_, report) = refresh_connection(&anna, me(&anna).await, hers, her_connection, true, Lang::En).await;
    assert_eq!(report.purged_events(), [hers], "Anna hears of her own events only");
    assert_eq!(status_of(&anna, hers, her_connection).await, (ConnectionStatus::NotConnected, Some(ConnectionNotice::AppRemovedInZoom)));
    assert_eq!(status_of(&boris, his, his_connection).await, (ConnectionStatus::NotConnected, Some(ConnectionNotice::AppRemovedInZoom)));
    let last = &boris.history(admin(&boris, me(&boris).await, his).await).await.unwrap()[0];
    assert_eq!(
        (last.action, last.connection_name.as_str()),
        (myscihub_core::store::HistoryAction::RevokedByZoom, "Again"),
        "Boris's event keeps its own history line"
    );
    anna.store().close().await;
    boris.store().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_windows_on_one_event_cost_zoom_one_sync_per_account() {
    let db = TeamDatabase::start().await;
    let sandbox = sandbox().await;
    let dir = computer(&db, "Anna", "anna@example.org").await;
    let first = app(dir.path(), &sandbox.base_url()).await;
    let event = new_event(&first, "Conference").await;
    connect_as(&first, event, "Main", PRO).await;
    let mut windows = vec![first];
    for _ in 1..10 {
        windows.push(app(dir.path(), &sandbox.base_url()).await);
    }
    // Two minutes on: every window finds the account's meetings stale and asks at once.
    for window in &windows {
        window.clock().advance(Duration::from_secs(120));
    }
    let before = requests_to(&sandbox, "/v2/users/me/meetings");
    let member = me(&windows[0]).await;
    let syncs = windows.iter().map(|w| async move { w.sync_event(admin(w, member, event).await, false).await.unwrap() });
    let reports = futures_util::future::join_all(syncs).await;
    assert_eq!(requests_to(&sandbox, "/v2/users/me/meetings") - before, 1, "one sync at Zoom for ten windows");
    let synced =
        reports.iter().filter(|r| r.accounts.iter().any(|(_, o)| matches!(o, myscihub_core::core::zoom::SyncOutcome::Synced { .. }))).count();
    assert_eq!(synced, 1, "the other nine found it fresh");
    for window in windows {
        window.store().close().await;
    }
}

const ROUNDS: usize = 20;
const CALLS: usize = 50;

/// Two computers (each its own data folder and process, signed in as its own member) make 50
/// calls at once each on an expired token, for 20 expiries in a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_computers_refresh_each_expiry_exactly_once() {
    if std::env::var_os(CHILD).is_some() {
        return calls_per_expiry().await;
    }
    let db = TeamDatabase::start().await;
    let sandbox = sandbox().await;
    let anna_dir = computer(&db, "Anna", "anna@example.org").await;
    let boris_dir = computer(&db, "Boris", "boris@example.org").await;
    let anna = app(anna_dir.path(), &sandbox.base_url()).await;
    let event = new_event(&anna, "Conference").await;
    events::add_administrator(anna.store(), admin(&anna, me(&anna).await, event).await, "boris@example.org").await.unwrap();
    let connection = connect_as(&anna, event, "Main", PRO).await;
    let account = anna.store().account_of_connection(event, connection).await.unwrap().unwrap();

    let spawn = |dir: &Path| {
        Command::new(std::env::current_exe().unwrap())
            .args(["two_computers_refresh_each_expiry_exactly_once", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .env(DATA_DIR, dir)
            .env(SANDBOX, sandbox.base_url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut children = [spawn(anna_dir.path()), spawn(boris_dir.path())];
    let mut outputs: Vec<_> = children.iter_mut().map(|c| BufReader::new(c.stdout.take().unwrap()).lines()).collect();
    let before = token_requests(&sandbox);
    for round in 1..=ROUNDS {
        for child in &mut children {
            writeln!(child.stdin.as_mut().unwrap(), "expire").unwrap();
        }
        for lines in &mut outputs {
            let said = lines.find_map(|l| l.ok().filter(|l| l.contains("calls:"))).expect("the child answers");
            assert!(said.ends_with(&format!("calls: {CALLS} ok")), "round {round}: {said}");
        }
        assert_eq!(token_requests(&sandbox) - before, round, "every expiry refreshed exactly once at Zoom, across both computers");
    }
    for mut child in children {
        drop(child.stdin.take());
        assert!(child.wait().unwrap().success());
    }
    let refused = sandbox.requests().iter().filter(|r| r.path == "/oauth/token" && r.status != 200).count();
    assert_eq!(refused, 0, "no refresh token was spent twice");
    assert_eq!(status_of(&anna, event, connection).await.0, ConnectionStatus::Connected, "nobody needs to reconnect");
    anna.access_token(account).await.expect("the last set works at Zoom");
    eprintln!(
        "two_computers_refresh_each_expiry_exactly_once: {ROUNDS} rounds x 2 computers x {CALLS} calls, {} refreshes at Zoom",
        token_requests(&sandbox) - before
    );
    anna.store().close().await;
}

async fn calls_per_expiry() {
    let dir = std::path::PathBuf::from(std::env::var(DATA_DIR).unwrap());
    let zoom = std::sync::Arc::new(app(&dir, &std::env::var(SANDBOX).unwrap()).await);
    let account = zoom.store().all_accounts().await.unwrap()[0];
    for line in std::io::stdin().lock().lines() {
        if line.unwrap() != "expire" {
            continue;
        }
        zoom.clock().advance(Duration::from_secs(3600));
        let calls = (0..CALLS).map(|_| {
            let zoom = zoom.clone();
            tokio::spawn(async move { zoom.access_token(account).await.map(drop) })
        });
        let results = futures_util::future::join_all(calls).await;
        let ok = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
        println!("calls: {} {}", ok, if ok == CALLS { "ok" } else { "failed" });
    }
    zoom.store().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_code_works_once_and_a_wrong_one_is_refused_in_plain_words() {
    let db = TeamDatabase::start().await;
    let owner = db.store(OWNER).await;
    let invitation = team::invite(&owner, "Vera", "vera@example.org", None).await.unwrap();
    owner.close().await;
    let code = secrecy::ExposeSecret::expose_secret(&invitation.code).to_owned();
    assert!(code.starts_with("MSH1-"));
    assert_eq!(invitation.member.role, "myscihub_vera");

    let first = tempfile::tempdir().unwrap();
    let joined = team::join(first.path(), false, &code, Lang::En).await.unwrap();
    assert_eq!((joined.member_name.as_deref(), joined.role.as_deref(), joined.schema_version), (Some("Vera"), Some("myscihub_vera"), Some(2)));
    assert!(!std::fs::read_to_string(first.path().join(team::CONFIG_FILE)).unwrap().contains("password"), "the password is not in team.json");

    let second = tempfile::tempdir().unwrap();
    let used = team::join(second.path(), false, &code, Lang::En).await.unwrap_err();
    assert_eq!(used.code(), "join_code_used");
    assert!(used.message(Lang::En).contains("used already"), "{}", used.message(Lang::En));
    assert!(!team::configured(second.path()), "nothing saved");
    let wrong = team::join(second.path(), false, "MSH1-bm90IGEgY29kZQ", Lang::En).await.unwrap_err();
    assert_eq!(wrong.code(), "join_code_invalid");
    assert_eq!(team::join(second.path(), false, "hello", Lang::Ru).await.unwrap_err().code(), "join_code_invalid");

    // The first computer works on with the password only it knows.
    let store: Store = team::open(first.path()).await.unwrap();
    assert_eq!(store.team_member().await.unwrap().name, "Vera");
    store.close().await;
    team::leave(first.path()).unwrap();
    assert!(!team::status(first.path(), Lang::En).await.unwrap().team, "back to the local database");
}

#[test]
fn tls_with_a_verified_certificate_is_required_off_this_computer() {
    use myscihub_core::store::team::checked_url;
    for refused in [
        "postgres://db.example.org/team?sslmode=disable",
        "postgres://db.example.org/team?sslmode=require",
        "postgres://10.0.0.5/team?sslmode=prefer",
    ] {
        assert!(matches!(checked_url(refused), Err(myscihub_core::store::TeamError::TlsRequired)), "{refused}");
    }
    assert_eq!(checked_url("postgres://anna:secret@db.example.org:5433/team").unwrap(), "postgres://db.example.org:5433/team?sslmode=verify-full");
    assert_eq!(checked_url("postgres://db.example.org/team?sslmode=verify-ca").unwrap(), "postgres://db.example.org/team?sslmode=verify-ca");
    for local in ["postgres://127.0.0.1:5432/team", "postgres://localhost/team", "postgres://[::1]/team", "postgres:///team?host=/run/postgresql"] {
        assert!(!checked_url(local).unwrap().contains("verify-full"), "{local}: no TLS needed on this computer");
    }
    assert!(checked_url("mysql://db/team").is_err());
    assert!(checked_url("postgres://db.example.org").is_err(), "names no database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_brings_this_computers_events_connections_tokens_and_meetings_along() {
    // This computer's local data: Anna's event, Boris its second administrator, a connected
    // account with its meetings, and Vera's profile, who is no team member.
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    give_meetings(&w, PRO_ID, vec![scheduled_meeting(1), scheduled_meeting(2), scheduled_meeting(3)]).await;
    w.zoom.sync_connection(admin(&w.zoom, w.anna, w.event).await, connection, true).await.unwrap();
    events::add_administrator(w.zoom.store(), admin(&w.zoom, w.anna, w.event).await, "boris@example.org").await.unwrap();
    let vera = myscihub_core::core::profiles::create(
        w.zoom.store(),
        myscihub_core::core::profiles::NewProfile { name: "Vera".into(), email: "vera@example.org".into() },
    )
    .await
    .unwrap();
    events::add_administrator(w.zoom.store(), admin(&w.zoom, w.anna, w.event).await, &vera.email).await.unwrap();
    let local_account = account_of(&w, connection).await;
    let local_meetings = w.zoom.store().meetings(local_account).await.unwrap();
    assert!(!local_meetings.is_empty());
    w.zoom.store().close().await;

    let db = TeamDatabase::start_empty().await;
    // Boris is a member of the team before the import, by the same e-mail.
    let input = team::NewTeam {
        database_url: db.url.clone(),
        role: OWNER.into(),
        password: Some(postgres::password(OWNER).into()),
        name: "Anna".into(),
        email: "anna@example.org".into(),
        import_local: false,
    };
    team::init(w.dir.path(), false, input, Lang::En).await.unwrap();
    let owner = team::open(w.dir.path()).await.unwrap();
    team::invite(&owner, "Boris", "boris@example.org", None).await.unwrap();
    let local = Store::open(w.dir.path(), false).await.unwrap();
    let imported = team::import_local(&local, &owner).await.unwrap();
    local.close().await;
    assert_eq!((imported.events, imported.connections, imported.accounts), (1, 1, 1));
    assert_eq!(imported.administrators_left_out, ["vera@example.org"], "Vera is not a member");

    let zoom = ZoomIntegration::new(owner, overrides(&w.sandbox));
    let member = me(&zoom).await;
    let event = events::list_administered(zoom.store(), member).await.unwrap().pop().expect("the event came along");
    assert_eq!((event.title.as_str(), event.starts_on.as_deref()), ("Conference", Some("2027-03-01")));
    let admins: Vec<String> =
        events::administrators(zoom.store(), admin(&zoom, member, event.id).await).await.unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(admins, ["Anna", "Boris"]);
    let connections = zoom.connections(admin(&zoom, member, event.id).await).await.unwrap();
    assert_eq!((connections[0].name.as_str(), connections[0].status), ("Main", ConnectionStatus::Connected));
    let account = connections[0].account_id.unwrap();
    assert_eq!(zoom.store().meetings(account).await.unwrap(), local_meetings, "the meetings came along");
    // The tokens were sealed again with the team key: they work at Zoom, nobody reconnects.
    let token_requests_before = token_requests(&w.sandbox);
    zoom.clock().advance(Duration::from_secs(3600));
    zoom.access_token(account).await.expect("the imported grant refreshes");
    assert_eq!(token_requests(&w.sandbox) - token_requests_before, 1);
    zoom.store().close().await;
}
