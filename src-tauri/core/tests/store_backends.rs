//! The store's API behaves the same on both backends: each test here runs once on a real SQLite
//! file (local) and once on a real PostgreSQL cluster, signed in as a member's role (team).

#[path = "common/postgres.rs"]
mod postgres;

use myscihub_core::store::{
    AdminRemoval, Backend, ConnectionNotice, ConnectionStatus, HistoryAction, NewZoomAccount, Purge, Store, StoredMeeting, SyncProblem, Tokens,
};
use postgres::TeamDatabase;
use secrecy::ExposeSecret;

/// A store with two people who may administer events: `anna`, who acts, and `boris`.
struct Db {
    store: Store,
    anna: i64,
    boris: i64,
    _keep: Keep,
}

#[allow(dead_code)] // kept for what dropping them does
enum Keep {
    Folder(tempfile::TempDir),
    Team(TeamDatabase),
}

async fn local() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap().id;
    let boris = store.insert_profile("Boris", "boris@example.org").await.unwrap().id;
    Db { store, anna, boris, _keep: Keep::Folder(dir) }
}

async fn team() -> Db {
    let db = TeamDatabase::start().await;
    let boris = db.member("boris", "Boris").await;
    let boris_id = boris.team_member().await.unwrap().id;
    boris.close().await;
    let store = db.member("anna", "Anna").await;
    assert_eq!(store.backend(), Backend::Team);
    let anna = store.team_member().await.unwrap().id;
    Db { store, anna, boris: boris_id, _keep: Keep::Team(db) }
}

macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {$(
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn local() {
                super::$test(super::local().await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn team() {
                super::$test(super::team().await).await
            }
        }
    )+};
}

on_both_backends!(
    events_and_their_administrators,
    connections_and_their_history,
    linking_an_account_and_letting_go_of_it,
    token_sets_are_written_only_over_the_version_read,
    meeting_snapshots_replace_each_other_whole,
    a_purge_takes_the_account_from_every_connection,
    an_authorization_is_taken_once,
    settings_keep_a_history,
);

fn account(zoom_user: &str) -> NewZoomAccount {
    NewZoomAccount {
        zoom_user_id: zoom_user.into(),
        email: format!("{zoom_user}@example.org"),
        display_name: format!("User {zoom_user}"),
        user_type: 2,
        timezone: Some("Europe/Moscow".into()),
        zoom_account_id: Some("acc".into()),
        oauth_url: "https://zoom.us".into(),
        api_url: "https://api.zoom.us/v2".into(),
        scopes: "meeting:read".into(),
    }
}

fn tokens(n: u32) -> Tokens {
    Tokens { access_token: format!("access-{n}").into(), refresh_token: format!("refresh-{n}").into(), access_expires_at: 1_000 * i64::from(n) }
}

async fn event(db: &Db, title: &str) -> i64 {
    db.store.insert_event(db.anna, title, "Europe/Moscow", Some(("2027-03-01", "2027-03-02"))).await.unwrap().id
}

async fn events_and_their_administrators(db: Db) {
    let s = &db.store;
    let dated = event(&db, "Dated").await;
    let undated = s.insert_event(db.anna, "Undated", "UTC", None).await.unwrap();
    assert_eq!((undated.starts_on, undated.ends_on), (None, None));
    let mine: Vec<String> = s.events_administered_by(db.anna).await.unwrap().into_iter().map(|e| e.title).collect();
    assert_eq!(mine, ["Dated", "Undated"], "dated events first, an undated one last");
    assert!(s.is_event_admin(dated, db.anna).await.unwrap());
    assert!(!s.is_event_admin(dated, db.boris).await.unwrap());

    assert!(s.add_event_admin(dated, db.boris, db.anna).await.unwrap());
    assert!(!s.add_event_admin(dated, db.boris, db.anna).await.unwrap(), "already one");
    let admins: Vec<String> = s.event_admins(dated).await.unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(admins, ["Anna", "Boris"]);
    assert_eq!(s.remove_event_admin(dated, db.boris).await.unwrap(), AdminRemoval::Removed);
    assert_eq!(s.remove_event_admin(dated, db.boris).await.unwrap(), AdminRemoval::NotAnAdministrator);
    assert_eq!(s.remove_event_admin(dated, db.anna).await.unwrap(), AdminRemoval::LastAdministrator);
    assert!(s.is_event_admin(dated, db.anna).await.unwrap());
}

async fn connections_and_their_history(db: Db) {
    let s = &db.store;
    let event = event(&db, "Conference").await;
    let hall = s.add_zoom_connection(event, "hall B", db.anna).await.unwrap();
    let main = s.add_zoom_connection(event, "Main", db.anna).await.unwrap();
    let taken = s.add_zoom_connection(event, "MAIN", db.anna).await.unwrap_err();
    assert!(taken.is_constraint_violation(), "names are unique whatever their case: {taken}");
    let names: Vec<String> = s.zoom_connections(event, 0).await.unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["hall B", "Main"], "sorted whatever the case");

    assert!(s.rename_zoom_connection(event, main, "Plenary", db.anna).await.unwrap());
    assert!(!s.rename_zoom_connection(event + 1, main, "Elsewhere", db.anna).await.unwrap(), "another event's");
    assert!(s.delete_zoom_connection(event, hall, db.anna).await.unwrap());
    let connection = s.zoom_connection(event, main, 0).await.unwrap().unwrap();
    assert_eq!((connection.name.as_str(), connection.status), ("Plenary", ConnectionStatus::NotConnected));

    let history: Vec<(HistoryAction, String, Option<String>, Option<String>)> =
        s.zoom_history(event).await.unwrap().into_iter().map(|h| (h.action, h.connection_name, h.detail, h.actor_name)).collect();
    let anna = Some("Anna".to_owned());
    assert_eq!(
        history,
        [
            (HistoryAction::Deleted, "hall B".into(), None, anna.clone()),
            (HistoryAction::Renamed, "Main".into(), Some("Plenary".into()), anna.clone()),
            (HistoryAction::Added, "Main".into(), None, anna.clone()),
            (HistoryAction::Added, "hall B".into(), None, anna),
        ]
    );
    let at = &s.zoom_history(event).await.unwrap()[0].at;
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "RFC 3339: {at}");
}

async fn linking_an_account_and_letting_go_of_it(db: Db) {
    let s = &db.store;
    let event = event(&db, "Conference").await;
    let first = s.add_zoom_connection(event, "First", db.anna).await.unwrap();
    let second = s.add_zoom_connection(event, "Second", db.anna).await.unwrap();
    let linked = s.link_zoom_account(first, db.anna, &account("u1"), &tokens(1)).await.unwrap().unwrap();
    assert!(linked.orphan.is_none());
    let again = s.link_zoom_account(second, db.anna, &account("u1"), &tokens(2)).await.unwrap().unwrap();
    assert_eq!(again.account_id, linked.account_id, "one account per Zoom user");
    let shown = s.zoom_connection(event, first, 0).await.unwrap().unwrap();
    assert_eq!(shown.status, ConnectionStatus::Connected);
    assert_eq!(shown.account.unwrap().email, "u1@example.org");
    let stored = s.account_tokens(linked.account_id).await.unwrap().unwrap();
    assert_eq!(stored.tokens.refresh_token.expose_secret(), "refresh-2", "the newest grant's");
    assert!(!stored.needs_reauth);

    // The first connection signs in another Zoom user: the old account is still the second's.
    let moved = s.link_zoom_account(first, db.anna, &account("u2"), &tokens(3)).await.unwrap().unwrap();
    assert!(moved.orphan.is_none(), "still used by the second connection");
    let detached = s.detach_zoom_connection(event, second, db.anna).await.unwrap().unwrap();
    let orphan = detached.orphan.expect("nothing uses u1 any more: its tokens come back to revoke");
    assert_eq!(orphan.tokens.refresh_token.expose_secret(), "refresh-2");
    assert_eq!(s.account_of_zoom_user("u1").await.unwrap(), None);
    assert_eq!(s.zoom_connection(event, second, 0).await.unwrap().unwrap().status, ConnectionStatus::NotConnected);
    assert!(s.detach_zoom_connection(event, second, db.anna).await.unwrap().is_none(), "not connected");

    let history: Vec<HistoryAction> = s.zoom_history(event).await.unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(&history[..4], [HistoryAction::Disconnected, HistoryAction::Connected, HistoryAction::Connected, HistoryAction::Connected]);
}

async fn token_sets_are_written_only_over_the_version_read(db: Db) {
    let s = &db.store;
    let event = event(&db, "Conference").await;
    let connection = s.add_zoom_connection(event, "Main", db.anna).await.unwrap();
    let account_id = s.link_zoom_account(connection, db.anna, &account("u1"), &tokens(1)).await.unwrap().unwrap().account_id;
    let read = s.account_tokens(account_id).await.unwrap().unwrap();
    assert!(s.replace_tokens(account_id, &read, &tokens(2), "meeting:read user:read").await.unwrap());
    assert!(!s.replace_tokens(account_id, &read, &tokens(3), "meeting:read").await.unwrap(), "a stale version writes nothing");
    let now = s.account_tokens(account_id).await.unwrap().unwrap();
    assert_eq!((now.tokens.refresh_token.expose_secret(), now.version), ("refresh-2", read.version + 1));

    s.mark_needs_reauth(account_id, &read, 5).await.unwrap();
    assert!(!s.account_tokens(account_id).await.unwrap().unwrap().needs_reauth, "only over the version read");
    s.mark_needs_reauth(account_id, &now, 5).await.unwrap();
    s.mark_needs_reauth(account_id, &now, 9).await.unwrap();
    let refused = s.account_tokens(account_id).await.unwrap().unwrap();
    assert_eq!((refused.needs_reauth, refused.needs_reauth_since), (true, Some(5)), "the first refusal's time is kept");
    assert_eq!(s.zoom_connection(event, connection, 0).await.unwrap().unwrap().status, ConnectionStatus::NeedsReauth);
    s.restart_reauth_clock(account_id, 3).await.unwrap();
    assert_eq!(s.sync_record(account_id).await.unwrap().unwrap().needs_reauth_since, Some(3));
}

fn meetings(n: usize) -> Vec<StoredMeeting> {
    (0..n)
        .map(|i| StoredMeeting {
            id: 80_000_000_000 + i as i64,
            topic: format!("Секция {i}"),
            meeting_type: if i % 10 == 0 { 3 } else { 2 },
            start_time: (i % 10 != 0).then(|| format!("2027-03-01T{:02}:00:00Z", i % 24)),
            duration: Some(60),
            timezone: Some("Europe/Moscow".into()),
            join_url: Some(format!("https://zoom.us/j/{i}")),
            occurrence_id: None,
            series: None,
        })
        .collect()
}

async fn meeting_snapshots_replace_each_other_whole(db: Db) {
    let s = &db.store;
    let event = event(&db, "Conference").await;
    let connection = s.add_zoom_connection(event, "Main", db.anna).await.unwrap();
    let account_id = s.link_zoom_account(connection, db.anna, &account("u1"), &tokens(1)).await.unwrap().unwrap().account_id;
    // More than one INSERT's worth.
    let many = meetings(1_203);
    assert!(s.save_snapshot(account_id, "u1", &many, "d1", 10).await.unwrap());
    assert_eq!(s.meetings(account_id).await.unwrap(), many, "in Zoom's order, every field kept");
    assert!(!s.save_snapshot(account_id, "u1", &many, "d1", 20).await.unwrap(), "the same list writes no meeting row");
    assert_eq!(s.sync_record(account_id).await.unwrap().unwrap().last_synced_at, Some(20));
    assert!(!s.save_snapshot(account_id, "someone else", &meetings(1), "d2", 30).await.unwrap(), "not the account's Zoom user");
    assert_eq!(s.meeting_count(account_id).await.unwrap(), 1_203);

    s.record_sync_problem(account_id, SyncProblem::RateLimited, Some(99), 40).await.unwrap();
    let record = s.sync_record(account_id).await.unwrap().unwrap();
    assert_eq!(
        (record.sync_problem, record.retry_at, record.last_attempt_at, record.last_synced_at),
        (Some(SyncProblem::RateLimited), Some(99), Some(40), Some(20))
    );
    assert_eq!(s.meeting_count(account_id).await.unwrap(), 1_203, "a failed sync keeps the meetings");
    assert_eq!(s.meeting_join_url(event, connection, 80_000_000_001).await.unwrap().as_deref(), Some("https://zoom.us/j/1"));

    let few = meetings(3);
    assert!(s.save_snapshot(account_id, "u1", &few, "d3", 50).await.unwrap());
    assert_eq!(s.meetings(account_id).await.unwrap(), few);
    assert_eq!(s.sync_record(account_id).await.unwrap().unwrap().sync_problem, None);

    let mut renamed = account("u1");
    renamed.display_name = "Renamed".into();
    s.update_account_profile(
        account_id,
        &myscihub_core::store::AccountProfileUpdate {
            zoom_user_id: "u1".into(),
            email: renamed.email.clone(),
            display_name: renamed.display_name.clone(),
            user_type: 1,
            timezone: None,
            zoom_account_id: None,
        },
    )
    .await
    .unwrap();
    let profile = s.account_profile(account_id).await.unwrap().unwrap();
    assert_eq!((profile.display_name.as_str(), profile.user_type, profile.timezone), ("Renamed", 1, None));
}

async fn a_purge_takes_the_account_from_every_connection(db: Db) {
    let s = &db.store;
    let (one, two) = (event(&db, "One").await, event(&db, "Two").await);
    let a = s.add_zoom_connection(one, "Main", db.anna).await.unwrap();
    let b = s.add_zoom_connection(two, "Main", db.anna).await.unwrap();
    let account_id = s.link_zoom_account(a, db.anna, &account("u1"), &tokens(1)).await.unwrap().unwrap().account_id;
    s.link_zoom_account(b, db.anna, &account("u1"), &tokens(2)).await.unwrap().unwrap();
    s.save_snapshot(account_id, "u1", &meetings(5), "d", 1).await.unwrap();

    assert_eq!(s.purge_zoom_account(account_id, Purge::AppRemovedInZoom).await.unwrap(), [one, two]);
    for (event, connection) in [(one, a), (two, b)] {
        let shown = s.zoom_connection(event, connection, 0).await.unwrap().unwrap();
        assert_eq!((shown.status, shown.notice), (ConnectionStatus::NotConnected, Some(ConnectionNotice::AppRemovedInZoom)));
        let last = &s.zoom_history(event).await.unwrap()[0];
        assert_eq!(
            (last.action, last.actor_name.as_deref(), last.zoom_email.as_deref()),
            (HistoryAction::RevokedByZoom, None, Some("u1@example.org"))
        );
    }
    assert_eq!(s.account_of_zoom_user("u1").await.unwrap(), None);
    assert_eq!(s.meeting_count(account_id).await.unwrap(), 0, "its meetings go with it");
    assert_eq!(s.purge_zoom_account(account_id, Purge::AppRemovedInZoom).await.unwrap(), Vec::<i64>::new(), "once");
}

async fn an_authorization_is_taken_once(db: Db) {
    let s = &db.store;
    let event = event(&db, "Conference").await;
    let connection = s.add_zoom_connection(event, "Main", db.anna).await.unwrap();
    s.begin_authorization(connection, db.anna, "old", &"old-verifier".to_owned().into(), "myscihub://cb", i64::MAX).await.unwrap();
    s.begin_authorization(connection, db.anna, "hash", &"verifier".to_owned().into(), "myscihub://cb", i64::MAX).await.unwrap();
    assert!(s.take_authorization("old").await.unwrap().is_none(), "a new Connect replaces the previous one");
    assert_eq!(s.zoom_connection(event, connection, 0).await.unwrap().unwrap().status, ConnectionStatus::Authorizing);
    let pending = s.take_authorization("hash").await.unwrap().unwrap();
    assert_eq!((pending.connection_id, pending.event_id, pending.requested_by), (connection, event, db.anna));
    assert_eq!(pending.verifier.expose_secret(), "verifier");
    assert!(s.take_authorization("hash").await.unwrap().is_none(), "a state works once");
    s.begin_authorization(connection, db.anna, "third", &"v".to_owned().into(), "myscihub://cb", i64::MAX).await.unwrap();
    s.cancel_authorization(connection).await.unwrap();
    assert_eq!(s.zoom_connection(event, connection, 0).await.unwrap().unwrap().status, ConnectionStatus::NotConnected);
}

async fn settings_keep_a_history(db: Db) {
    let s = &db.store;
    s.save_settings(&[("zoom.client_id", "one"), ("zoom.oauth_url", "https://zoom.us")], Some(db.anna)).await.unwrap();
    s.save_settings(&[("zoom.client_id", "two"), ("zoom.oauth_url", "https://zoom.us")], Some(db.anna)).await.unwrap();
    assert_eq!(s.setting("zoom.client_id").await.unwrap().as_deref(), Some("two"));
    type Line = (String, Option<String>, Option<String>, Option<String>);
    let history: Vec<Line> = s.settings_history().await.unwrap().into_iter().map(|h| (h.key, h.old, h.new, h.actor_name)).collect();
    let anna = Some("Anna".to_owned());
    assert_eq!(
        history,
        [
            ("zoom.client_id".into(), Some("one".into()), Some("two".into()), anna.clone()),
            ("zoom.oauth_url".into(), None, Some("https://zoom.us".into()), anna.clone()),
            ("zoom.client_id".into(), None, Some("one".into()), anna),
        ],
        "a value saved unchanged leaves no line"
    );
}
