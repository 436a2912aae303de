//! The team database enforces the Event Administrator right itself: a real PostgreSQL started for
//! the test, the team schema applied by its owner, and each member signed in as its own role,
//! as each administrator's app signs in.

#[path = "common/postgres.rs"]
mod postgres;

use postgres::{TeamDatabase, OWNER};
use sqlx::postgres::PgPool;
use sqlx::Row;

struct Team {
    /// Stopped when the test ends.
    _db: TeamDatabase,
    /// The superuser: it bypasses row-level security, so it sets up and checks what is really there.
    root: PgPool,
    owner: PgPool,
    anna: PgPool,
    boris: PgPool,
    event_b: i64,
    /// Connected in both events.
    shared_account: i64,
    /// Connected in Boris's event only.
    his_account: i64,
    connection_a: i64,
    connection_b: i64,
}

async fn team() -> Team {
    let db = TeamDatabase::start().await;
    for (role, name) in [("anna", "Anna"), ("boris", "Boris")] {
        db.member(role, name).await.close().await;
    }
    let owner = db.psql(OWNER).await;
    let anna = db.psql("anna").await;
    let boris = db.psql("boris").await;
    let create = "SELECT myscihub.create_event($1, 'Europe/Moscow', NULL, NULL)";
    let event_a: i64 = sqlx::query_scalar(create).bind("Anna's conference").fetch_one(&anna).await.unwrap();
    let event_b: i64 = sqlx::query_scalar(create).bind("Boris's workshop").fetch_one(&boris).await.unwrap();

    let root = db.root().await;
    let account = |zoom_user: &'static str| {
        let root = root.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO myscihub.zoom_accounts (zoom_user_id, email, display_name, user_type, oauth_url, api_url, scopes, tokens,
                                                     access_expires_at, connected_at, updated_at)
                 VALUES ($1, $1 || '@example.org', $1, 2, 'https://zoom.us', 'https://api.zoom.us/v2', 'meeting:read', '\\x00', 0, 'now', 'now')
                 RETURNING id",
            )
            .bind(zoom_user)
            .fetch_one(&root)
            .await
            .unwrap()
        }
    };
    let shared_account = account("shared").await;
    let his_account = account("his").await;
    let connection = |event: i64, name: &'static str, account: i64| {
        let root = root.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO myscihub.zoom_connections (event_id, name, zoom_account_id, created_at) VALUES ($1, $2, $3, 'now') RETURNING id",
            )
            .bind(event)
            .bind(name)
            .bind(account)
            .fetch_one(&root)
            .await
            .unwrap()
        }
    };
    let connection_a = connection(event_a, "Main", shared_account).await;
    let connection_b = connection(event_b, "Main", shared_account).await;
    connection(event_b, "His own", his_account).await;
    for (account, topic) in [(shared_account, "Plenary"), (his_account, "His seminar")] {
        sqlx::query("INSERT INTO myscihub.zoom_meetings (account_id, position, meeting_id, topic, meeting_type) VALUES ($1, 0, 1, $2, 2)")
            .bind(account)
            .bind(topic)
            .execute(&root)
            .await
            .unwrap();
    }
    for event in [event_a, event_b] {
        sqlx::query("INSERT INTO myscihub.zoom_history (event_id, action, connection_name, at) VALUES ($1, 'connected', 'Main', 'now')")
            .bind(event)
            .execute(&root)
            .await
            .unwrap();
    }
    let boris_id: i64 = sqlx::query_scalar("SELECT id FROM myscihub.users WHERE role_name = 'boris'").fetch_one(&root).await.unwrap();
    sqlx::query(
        "INSERT INTO myscihub.pending_authorizations (state_hash, connection_id, requested_by, verifier, redirect_uri, expires_at)
         VALUES ('h', $1, $2, '\\x00', 'myscihub://oauth/zoom/callback', 0)",
    )
    .bind(connection_b)
    .bind(boris_id)
    .execute(&root)
    .await
    .unwrap();
    Team { _db: db, root, owner, anna, boris, event_b, shared_account, his_account, connection_a, connection_b }
}

/// What a role sees of Boris's event, table by table.
async fn seen_of_event_b(t: &Team, as_: &PgPool) -> Vec<(String, i64)> {
    let (event, account) = (t.event_b, t.his_account);
    let queries = [
        format!("SELECT count(*) FROM myscihub.events WHERE id = {event}"),
        format!("SELECT count(*) FROM myscihub.event_admins WHERE event_id = {event}"),
        format!("SELECT count(*) FROM myscihub.zoom_connections WHERE event_id = {event}"),
        format!("SELECT count(*) FROM myscihub.zoom_history WHERE event_id = {event}"),
        format!("SELECT count(*) FROM myscihub.pending_authorizations WHERE connection_id = {}", t.connection_b),
        format!("SELECT count(*) FROM myscihub.zoom_accounts WHERE id = {account}"),
        format!("SELECT count(*) FROM myscihub.zoom_meetings WHERE account_id = {account}"),
    ];
    let mut seen = Vec::new();
    for sql in queries {
        let n: i64 = sqlx::query_scalar(&sql).fetch_one(as_).await.unwrap();
        seen.push((sql, n));
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_sees_and_changes_nothing_of_an_event_it_does_not_administer() {
    let t = team().await;
    let seen = seen_of_event_b(&t, &t.boris).await;
    assert!(seen.iter().all(|(_, n)| *n > 0), "Boris sees his own event's rows: {seen:?}");
    for (sql, n) in seen_of_event_b(&t, &t.anna).await {
        assert_eq!(n, 0, "Anna sees a row of Boris's event: {sql}");
    }
    for (sql, n) in seen_of_event_b(&t, &t.owner).await {
        assert_eq!(n, 0, "row-level security is forced for the owner too: {sql}");
    }
    let root_before: i64 = sqlx::query_scalar("SELECT count(*) FROM myscihub.zoom_connections").fetch_one(&t.root).await.unwrap();

    for sql in [
        "UPDATE myscihub.events SET title = 'taken' WHERE id = $1",
        "DELETE FROM myscihub.events WHERE id = $1",
        "UPDATE myscihub.zoom_connections SET name = 'taken' WHERE event_id = $1",
        "DELETE FROM myscihub.zoom_connections WHERE event_id = $1",
        "DELETE FROM myscihub.zoom_history WHERE event_id = $1",
        "DELETE FROM myscihub.event_admins WHERE event_id = $1",
    ] {
        let done = sqlx::query(sql).bind(t.event_b).execute(&t.anna).await.unwrap();
        assert_eq!(done.rows_affected(), 0, "{sql}");
    }
    let done = sqlx::query("UPDATE myscihub.zoom_accounts SET tokens = '\\x01' WHERE id = $1").bind(t.his_account).execute(&t.anna).await.unwrap();
    assert_eq!(done.rows_affected(), 0, "another event's Zoom tokens");
    let anna_id: i64 = sqlx::query_scalar("SELECT myscihub.me()").fetch_one(&t.anna).await.unwrap();
    let grant = sqlx::query("INSERT INTO myscihub.event_admins (event_id, user_id, added_at) VALUES ($1, $2, 'now')")
        .bind(t.event_b)
        .bind(anna_id)
        .execute(&t.anna)
        .await;
    assert!(grant.is_err(), "a member cannot make itself an administrator of another event");
    let connect = sqlx::query("INSERT INTO myscihub.zoom_connections (event_id, name, created_at) VALUES ($1, 'Mine', 'now')")
        .bind(t.event_b)
        .execute(&t.anna)
        .await;
    assert!(connect.is_err(), "nor add a connection there");
    let register = sqlx::query("SELECT myscihub.register_member('anna', 'Anna again', 'x@example.org')").execute(&t.anna).await;
    assert!(register.is_err(), "registering members is the owner's");

    let title: String = sqlx::query_scalar("SELECT title FROM myscihub.events WHERE id = $1").bind(t.event_b).fetch_one(&t.root).await.unwrap();
    assert_eq!(title, "Boris's workshop");
    let root_after: i64 = sqlx::query_scalar("SELECT count(*) FROM myscihub.zoom_connections").fetch_one(&t.root).await.unwrap();
    assert_eq!(root_after, root_before, "nothing was deleted");
    let rows = sqlx::query("SELECT title FROM myscihub.events").fetch_all(&t.anna).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.get::<String, _>(0)).collect::<Vec<_>>(), ["Anna's conference"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crossing_events_goes_through_narrow_functions_that_reveal_nothing_else() {
    let t = team().await;
    let elsewhere = |pool: &PgPool, account: i64, connection: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, Option<bool>>("SELECT myscihub.account_used_elsewhere($1, $2)")
                .bind(account)
                .bind(connection)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    // Before Boris's «Отключить» revokes at Zoom: the account is still used in Anna's event.
    assert_eq!(elsewhere(&t.boris, t.shared_account, t.connection_b).await, Some(true));
    // Anna asking about an account and a connection she cannot see learns nothing.
    assert_eq!(elsewhere(&t.anna, t.his_account, t.connection_b).await, None);
    // Nor through a connection of her own: no probing of account ids.
    assert_eq!(elsewhere(&t.anna, t.his_account, t.connection_a).await, None);

    // Anna's app finds that Zoom removed the grant: the account leaves Boris's event too.
    sqlx::query("SELECT myscihub.purge_zoom_account($1, 'appRemovedInZoom')").bind(t.shared_account).execute(&t.anna).await.unwrap();
    let (account, notice): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT zoom_account_id, notice FROM myscihub.zoom_connections WHERE id = $1")
            .bind(t.connection_b)
            .fetch_one(&t.root)
            .await
            .unwrap();
    assert_eq!((account, notice.as_deref()), (None, Some("appRemovedInZoom")));
    let told: i64 = sqlx::query_scalar("SELECT count(*) FROM myscihub.zoom_history WHERE event_id = $1 AND action = 'revokedByZoom'")
        .bind(t.event_b)
        .fetch_one(&t.root)
        .await
        .unwrap();
    assert_eq!(told, 1, "Boris's event keeps a history line");
    let gone: i64 =
        sqlx::query_scalar("SELECT count(*) FROM myscihub.zoom_accounts WHERE id = $1").bind(t.shared_account).fetch_one(&t.root).await.unwrap();
    assert_eq!(gone, 0);

    // An account Anna cannot see is not hers to purge.
    sqlx::query("SELECT myscihub.purge_zoom_account($1, 'appRemovedInZoom')").bind(t.his_account).execute(&t.anna).await.unwrap();
    let kept: i64 =
        sqlx::query_scalar("SELECT count(*) FROM myscihub.zoom_accounts WHERE id = $1").bind(t.his_account).fetch_one(&t.root).await.unwrap();
    assert_eq!(kept, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_holder_of_an_accounts_lock_across_computers_and_a_dead_holder_lets_go() {
    let db = TeamDatabase::start().await;
    let anna = db.member("anna", "Anna").await;
    let boris = db.member("boris", "Boris").await;
    let root = db.root().await;
    let waiting_locks = || {
        let root = root.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetch_one(&root).await.unwrap()
        }
    };
    // Anna's app holds the account's lock to refresh; Boris's, on another computer, waits for it.
    let held = anna.lock_account(7).await.unwrap();
    let boris_waits = tokio::spawn({
        let boris = boris.clone();
        async move { boris.lock_account(7).await.map(drop) }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while waiting_locks().await == 0 {
        assert!(std::time::Instant::now() < deadline, "Boris's app never asked for the lock");
        tokio::task::yield_now().await;
    }
    assert!(!boris_waits.is_finished(), "the lock is held");
    // Another account's lock is another lock.
    drop(anna.lock_account(8).await.unwrap());
    drop(held);
    tokio::time::timeout(std::time::Duration::from_secs(30), boris_waits).await.expect("Boris gets the lock").unwrap().unwrap();

    // A holder whose connection dies (the app killed) lets go with it.
    let held = anna.lock_account(7).await.unwrap();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted").execute(&root).await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(30), boris.lock_account(7)).await.expect("the dead holder let go").unwrap();
    drop(held);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_announced_on_each_affected_events_channel_with_ids_only() {
    let t = team().await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&t.boris).await.unwrap();
    listener.listen(&format!("myscihub_event_{}", t.event_b)).await.unwrap();
    // Anna's app syncs the account both events use: Boris's open window hears of it.
    sqlx::query("UPDATE myscihub.zoom_accounts SET last_synced_at = 1 WHERE id = $1").bind(t.shared_account).execute(&t.anna).await.unwrap();
    let heard = tokio::time::timeout(std::time::Duration::from_secs(30), listener.recv()).await.expect("announced").unwrap();
    assert_eq!((heard.channel(), heard.payload()), (format!("myscihub_event_{}", t.event_b).as_str(), t.event_b.to_string().as_str()));
    // Boris renames his own connection: announced on his event's channel too.
    sqlx::query("UPDATE myscihub.zoom_connections SET name = 'Renamed' WHERE id = $1").bind(t.connection_b).execute(&t.boris).await.unwrap();
    let heard = tokio::time::timeout(std::time::Duration::from_secs(30), listener.recv()).await.expect("announced").unwrap();
    assert_eq!(heard.payload(), t.event_b.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_team_schema_is_refused_to_members_until_the_owners_app_brings_it_up_to_date() {
    use myscihub_core::store::{Store, StoreError, TeamError};
    let db = TeamDatabase::start().await;
    db.member("anna", "Anna").await.close().await;
    let root = db.root().await;
    // The database as the version before occurrences left it.
    sqlx::raw_sql(
        "ALTER TABLE myscihub.zoom_meetings DROP COLUMN occurrence_id, DROP COLUMN series;
         DELETE FROM myscihub._sqlx_migrations WHERE version = 2",
    )
    .execute(&root)
    .await
    .unwrap();
    let refused = Store::open_team(&db.access("anna"), &db.key).await.unwrap_err();
    assert!(matches!(refused, StoreError::Team(TeamError::SchemaOutdated)), "{refused:?}");
    let owner = db.store(OWNER).await;
    assert_eq!(owner.team_schema_version().await.unwrap(), 2, "the owner's app upgraded it");
    owner.close().await;
    let anna = db.store("anna").await;
    assert_eq!(anna.team_schema_version().await.unwrap(), 2);
    anna.close().await;
}
