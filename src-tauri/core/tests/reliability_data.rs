//! The local database under pressure: concurrent writers, old schemas, failed migrations,
//! and a full disk. Nothing the user had is lost, and no "database is locked" reaches them.

mod common;

use std::sync::Arc;

use common::*;
use myscihub_core::core::zoom::ZoomIntegration;
use myscihub_core::core::Lang;
use myscihub_core::store::{ConnectionStatus, Store, Vault};
use secrecy::ExposeSecret;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_writers_and_readers_never_see_a_locked_database() {
    let w = world().await;
    let zoom = Arc::new(ZoomIntegration::new(w.zoom.store().clone(), overrides(&w.sandbox)));
    let connection = connect(&w, w.event, "Main", PRO).await;
    let mut tasks = Vec::new();
    for writer in 0..20 {
        let zoom = zoom.clone();
        let (anna, event) = (w.anna, w.event);
        tasks.push(tokio::spawn(async move {
            for n in 0..10 {
                let added = zoom.add(admin(&zoom, anna, event).await, &format!("Writer {writer} #{n}")).await?;
                zoom.rename(admin(&zoom, anna, event).await, added.id, &format!("Writer {writer} renamed {n}")).await?;
            }
            Ok::<_, myscihub_core::core::Error>(())
        }));
    }
    for _ in 0..10 {
        let zoom = zoom.clone();
        let (anna, event) = (w.anna, w.event);
        tasks.push(tokio::spawn(async move {
            for _ in 0..20 {
                zoom.connections(admin(&zoom, anna, event).await).await?;
                zoom.details(admin(&zoom, anna, event).await, connection, Lang::En).await?;
                zoom.history(admin(&zoom, anna, event).await).await?;
            }
            Ok(())
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("no call failed, none saw a locked database");
    }
    assert_eq!(zoom.connections(admin(&zoom, w.anna, w.event).await).await.unwrap().len(), 201);
}

/// The first released schema (profiles, events, Zoom connections) with a connected account.
async fn first_release_database(dir: &std::path::Path) -> (String, String) {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.join("myscihub.db")).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut first = sqlx::migrate!("./migrations/sqlite");
    first.migrations = first.migrations.iter().filter(|m| m.version <= 2).cloned().collect::<Vec<_>>().into();
    first.run(&pool).await.unwrap();
    let vault = Vault::open(dir, None, false, &[]).unwrap();
    let tokens = serde_json::json!({"access": "zsbx_at_old_access", "refresh": "zsbx_rt_old_refresh"}).to_string();
    let sealed = vault.seal(tokens.as_bytes(), "zoom_account:uPro00000000000000000B");
    for sql in [
        "INSERT INTO users (id, name, email, created_at) VALUES (1, 'Anna', 'anna@example.org', '2026-01-01T00:00:00Z')",
        "INSERT INTO events (id, title, time_zone, starts_on, ends_on, created_by, created_at) VALUES (1, 'Conf', 'UTC', '2027-01-01', '2027-01-02', 1, '2026-01-01T00:00:00Z')",
        "INSERT INTO event_admins (event_id, user_id, added_at) VALUES (1, 1, '2026-01-01T00:00:00Z')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    sqlx::query(
        "INSERT INTO zoom_accounts (id, zoom_user_id, email, display_name, user_type, api_url, scopes, tokens, access_expires_at, connected_at, updated_at)
         VALUES (1, 'uPro00000000000000000B', 'pro@example.org', 'Pro', 2, 'http://127.0.0.1:9/v2', 'meeting:read:list_meetings user:read:user', ?, 4102444800000, 'x', 'x')",
    )
    .bind(sealed)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO zoom_connections (id, event_id, name, zoom_account_id, created_at) VALUES (1, 1, 'Main', 1, 'x')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    ("zsbx_at_old_access".into(), "zsbx_rt_old_refresh".into())
}

#[tokio::test]
async fn a_first_release_database_upgrades_with_tokens_and_connections_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (access, refresh) = first_release_database(dir.path()).await;
    let store = Store::open(dir.path(), false).await.expect("the upgrade runs");
    let connections = store.zoom_connections(1, 0).await.unwrap();
    assert_eq!((connections.len(), connections[0].status), (1, ConnectionStatus::Connected));
    let tokens = store.account_tokens(1).await.unwrap().unwrap().tokens;
    assert_eq!((tokens.access_token.expose_secret(), tokens.refresh_token.expose_secret()), (access.as_str(), refresh.as_str()));
    let version: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one(store.pool()).await.unwrap();
    assert_eq!(version, sqlx::migrate!("./migrations/sqlite").migrations.last().unwrap().version, "every migration ran");
    let stored = store.account_tokens(1).await.unwrap().unwrap();
    assert_eq!((stored.oauth_url.as_str(), stored.version), ("https://zoom.us", 1), "tokens of the first schemas came from Zoom itself");
    // The key that opened them is recorded from now on.
    assert_eq!(store.setting(myscihub_core::store::STORAGE_SETTING).await.unwrap().as_deref(), Some("file"));
    assert_eq!(store.setting(myscihub_core::store::FINGERPRINT_SETTING).await.unwrap(), Some(store.vault().record().fingerprint));
}

#[tokio::test]
async fn a_failing_migration_leaves_the_old_version_usable_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    first_release_database(dir.path()).await;
    // Something in the way of the next migration.
    let pool = sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("myscihub.db"))).await.unwrap();
    sqlx::query("CREATE TABLE zoom_meetings (x)").execute(&pool).await.unwrap();
    pool.close().await;

    let error = Store::open(dir.path(), false).await.expect_err("the migration fails");
    assert!(error.to_string().contains("migration"), "{error}");
    let user_message = myscihub_core::core::Error::from(error).message(Lang::En);
    assert!(user_message.starts_with("The database could not be upgraded"), "{user_message}");

    let pool = sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("myscihub.db"))).await.unwrap();
    let version: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(&pool).await.unwrap();
    assert_eq!(version, 2, "still the old version");
    let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info('zoom_accounts')").fetch_all(&pool).await.unwrap();
    assert!(!columns.contains(&"last_synced_at".to_owned()), "the failed migration left nothing half-done");
    let name: String = sqlx::query_scalar("SELECT name FROM zoom_connections WHERE id = 1").fetch_one(&pool).await.unwrap();
    assert_eq!(name, "Main");
}

#[tokio::test]
async fn a_full_disk_gives_a_clear_error_and_keeps_what_was_there() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let before = w.zoom.connections(admin(&w.zoom, w.anna, w.event).await).await.unwrap();
    // SQLite's own ceiling on the file's size stands in for a full disk: every connection of
    // the pool gets it, at the size the file has now.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut conn = w.zoom.store().pool().acquire().await.unwrap();
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(&mut *conn).await.unwrap();
        sqlx::query(&format!("PRAGMA max_page_count = {pages}")).execute(&mut *conn).await.unwrap();
        held.push(conn);
    }
    drop(held);

    let mut refused = None;
    for n in 0..500 {
        if let Err(error) = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, &format!("{n} {}", "x".repeat(90))).await {
            refused = Some(error);
            break;
        }
    }
    let error = refused.expect("the disk filled up");
    assert_eq!(error.code(), "storage");
    assert!(error.message(Lang::En).starts_with("The disk is full"), "{}", error.message(Lang::En));
    let after = w.zoom.connections(admin(&w.zoom, w.anna, w.event).await).await.unwrap();
    assert!(after.len() >= before.len());
    assert_eq!(w.zoom.connection(admin(&w.zoom, w.anna, w.event).await, connection).await.unwrap().status, ConnectionStatus::Connected);
}
