use super::*;

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn migrations_apply_on_an_empty_file_and_again_on_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    assert!(dir.path().join(DATABASE_FILE).is_file());
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(
        tables,
        [
            "event_admins",
            "events",
            "pending_authorizations",
            "settings",
            "settings_history",
            "sqlite_sequence",
            "users",
            "zoom_accounts",
            "zoom_connections",
            "zoom_history",
            "zoom_meetings"
        ]
    );
    let profile = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    store.pool().close().await;

    let reopened = Store::open(dir.path(), false).await.unwrap();
    assert_eq!(reopened.profiles().await.unwrap(), vec![profile]);
}

#[tokio::test]
async fn every_connection_has_the_pragmas_we_set() {
    let (_dir, store) = fresh().await;
    let mut conn = store.pool().acquire().await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap();
    let busy_timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(&mut *conn).await.unwrap();
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(foreign_keys, 1);
    assert_eq!(busy_timeout, 5000);
    assert_eq!(synchronous, 1, "NORMAL");
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let (_dir, store) = fresh().await;
    let error = store.insert_event(42, "Orphan", "UTC", "2027-01-01", "2027-01-02").await.unwrap_err();
    assert!(error.is_constraint_violation(), "{error}");
    assert!(store.events_administered_by(42).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_last_administrator_stays() {
    let (_dir, store) = fresh().await;
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let boris = store.insert_profile("Boris", "boris@example.org").await.unwrap();
    let event = store.insert_event(anna.id, "Conf", "UTC", "2027-01-01", "2027-01-02").await.unwrap();

    assert_eq!(store.remove_event_admin(event.id, anna.id).await.unwrap(), AdminRemoval::LastAdministrator);
    assert_eq!(store.remove_event_admin(event.id, boris.id).await.unwrap(), AdminRemoval::NotAnAdministrator);
    assert!(store.add_event_admin(event.id, boris.id, anna.id).await.unwrap());
    assert!(!store.add_event_admin(event.id, boris.id, anna.id).await.unwrap());
    assert_eq!(store.remove_event_admin(event.id, anna.id).await.unwrap(), AdminRemoval::Removed);
    let admins = store.event_admins(event.id).await.unwrap();
    assert_eq!(admins.iter().map(|a| a.user_id).collect::<Vec<_>>(), [boris.id]);
}

#[tokio::test]
async fn e_mails_are_unique_whatever_their_case() {
    let (_dir, store) = fresh().await;
    store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let error = store.insert_profile("Anna 2", "ANNA@example.org").await.unwrap_err();
    assert!(error.is_constraint_violation());
    assert_eq!(store.profiles().await.unwrap().len(), 1);
}
