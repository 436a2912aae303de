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
    let error = store.insert_event(42, "Orphan", "UTC", Some(("2027-01-01", "2027-01-02"))).await.unwrap_err();
    assert!(error.is_constraint_violation(), "{error}");
    assert!(store.events_administered_by(42).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_last_administrator_stays() {
    let (_dir, store) = fresh().await;
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let boris = store.insert_profile("Boris", "boris@example.org").await.unwrap();
    let event = store.insert_event(anna.id, "Conf", "UTC", Some(("2027-01-01", "2027-01-02"))).await.unwrap();

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

// ---- The token key never changes silently -------------------------------------------------

use std::path::Path;
#[cfg(target_os = "linux")]
use std::process::Command;

use secrecy::ExposeSecret;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

const TOKENS: (&str, &str) = ("zsbx_at_kept_access", "zsbx_rt_kept_refresh");

/// A store with one connected Zoom account, its tokens sealed.
async fn with_tokens(dir: &Path, keychain: bool) -> (Store, i64) {
    let store = Store::open(dir, keychain).await.unwrap();
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let event = store.insert_event(anna.id, "Conf", "UTC", Some(("2027-01-01", "2027-01-02"))).await.unwrap();
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
    let tokens = Tokens { access_token: TOKENS.0.to_owned().into(), refresh_token: TOKENS.1.to_owned().into(), access_expires_at: 1 };
    let account = store.link_zoom_account(connection, anna.id, &account, &tokens).await.unwrap().unwrap().account_id;
    (store, account)
}

/// The sealed tokens and the key record, read past the store: what a refusal must leave alone.
async fn on_disk(dir: &Path) -> (Vec<Vec<u8>>, Vec<(String, String)>) {
    let options = SqliteConnectOptions::new().filename(dir.join(DATABASE_FILE)).read_only(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    let tokens = sqlx::query_scalar("SELECT tokens FROM zoom_accounts ORDER BY id").fetch_all(&pool).await.unwrap();
    let record =
        sqlx::query_as("SELECT key, value FROM settings WHERE key LIKE 'token\\_key.%' ESCAPE '\\' ORDER BY key").fetch_all(&pool).await.unwrap();
    pool.close().await;
    (tokens, record)
}

async fn set_setting(dir: &Path, key: &str, value: &str) {
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(SqliteConnectOptions::new().filename(dir.join(DATABASE_FILE))).await.unwrap();
    sqlx::query("UPDATE settings SET value = ? WHERE key = ?").bind(value).bind(key).execute(&pool).await.unwrap();
    pool.close().await;
}

async fn assert_tokens_open(store: &Store, account: i64) {
    let tokens = store.account_tokens(account).await.unwrap().unwrap().tokens;
    assert_eq!((tokens.access_token.expose_secret(), tokens.refresh_token.expose_secret()), TOKENS);
}

fn code(error: StoreError) -> &'static str {
    crate::core::Error::from(error).code().as_str()
}

#[tokio::test]
async fn the_first_start_records_which_key_sealed_the_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = with_tokens(dir.path(), false).await;
    let key = std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap();
    let (_, record) = on_disk(dir.path()).await;
    assert_eq!(record[1], (STORAGE_SETTING.to_owned(), "file".to_owned()));
    assert_eq!(record[0].0, FINGERPRINT_SETTING);
    assert_eq!(record[0].1, store.vault().record().fingerprint);
    assert!(record[0].1.starts_with("hmac-sha256:") && !record[0].1.contains(key.trim()), "a fingerprint, never the key");
}

#[tokio::test]
async fn a_deleted_key_file_is_refused_until_it_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (store, account) = with_tokens(dir.path(), false).await;
    store.pool().close().await;
    let key_file = dir.path().join(KEY_FILE);
    let backup = std::fs::read(&key_file).unwrap();
    let before = on_disk(dir.path()).await;
    std::fs::remove_file(&key_file).unwrap();

    for keychain in [false, true] {
        let refused = Store::open(dir.path(), keychain).await.unwrap_err();
        assert!(matches!(refused, StoreError::Vault(VaultError::KeyMissing { storage: KeyStorage::File, .. })), "{refused:?}");
        assert_eq!(code(refused), "token_key_missing");
        assert!(!key_file.exists(), "no new key file is left behind");
        assert_eq!(on_disk(dir.path()).await, before, "the tokens and the record are unchanged");
    }
    let message = crate::core::Error::from(Store::open(dir.path(), false).await.unwrap_err()).message(crate::core::Lang::En);
    assert!(message.contains(&key_file.display().to_string()) && message.contains("backup") && message.contains("safe"), "{message}");

    // «Повторить» once the file is back from the backup: the same tokens open.
    std::fs::write(&key_file, backup).unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    assert_tokens_open(&store, account).await;
    assert_eq!(on_disk(dir.path()).await, before);
}

#[tokio::test]
async fn a_key_that_does_not_match_the_record_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, account) = with_tokens(dir.path(), false).await;
    store.pool().close().await;
    let key_file = dir.path().join(KEY_FILE);
    let right = std::fs::read(&key_file).unwrap();
    let before = on_disk(dir.path()).await;

    // Another key in the file (a wrong backup, another computer's file).
    let other_dir = tempfile::tempdir().unwrap();
    Store::open(other_dir.path(), false).await.unwrap();
    let wrong = std::fs::read(other_dir.path().join(KEY_FILE)).unwrap();
    std::fs::write(&key_file, &wrong).unwrap();
    let refused = Store::open(dir.path(), false).await.unwrap_err();
    assert!(matches!(refused, StoreError::Vault(VaultError::KeyMismatch { storage: KeyStorage::File, .. })), "{refused:?}");
    assert_eq!(code(refused), "token_key_mismatch");
    assert_eq!(std::fs::read(&key_file).unwrap(), wrong, "the key file is left as it is");
    assert_eq!(on_disk(dir.path()).await, before);

    // The right key, but a record naming another one.
    std::fs::write(&key_file, &right).unwrap();
    set_setting(dir.path(), FINGERPRINT_SETTING, &crate::store::fingerprint(&[7; 32])).await;
    let refused = Store::open(dir.path(), false).await.unwrap_err();
    assert_eq!(code(refused), "token_key_mismatch");

    set_setting(dir.path(), FINGERPRINT_SETTING, &before.1[0].1).await;
    assert_tokens_open(&Store::open(dir.path(), false).await.unwrap(), account).await;
}

#[tokio::test]
async fn with_no_token_saved_a_lost_key_is_simply_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let first = store.vault().record();
    store.pool().close().await;
    std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    assert_ne!(store.vault().record(), first);
    assert_eq!(on_disk(dir.path()).await.1[0].1, store.vault().record().fingerprint, "the new key is recorded");
}

#[tokio::test]
async fn a_new_key_forgets_the_saved_access_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let (store, account) = with_tokens(dir.path(), false).await;
    store.pool().close().await;
    std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
    Store::open(dir.path(), false).await.unwrap_err();

    let store = Store::open_with_new_key(dir.path(), false).await.unwrap();
    assert!(dir.path().join(KEY_FILE).is_file());
    assert!(matches!(store.account_tokens(account).await, Err(StoreError::Vault(VaultError::Undecryptable))), "the old tokens are gone");
    let connections = store.zoom_connections(1, 0).await.unwrap();
    assert_eq!((connections.len(), connections[0].status), (1, ConnectionStatus::NeedsReauth), "the connection waits for a new Connect");
    assert_eq!(store.profiles().await.unwrap().len(), 1);
    store.pool().close().await;
    Store::open(dir.path(), false).await.expect("and it opens as usual from then on");
}

// A recorded keychain that does not answer. A child process runs without a D-Bus session bus,
// as at a log-in before D-Bus is up: the real keychain code finds no Secret Service. (Linux:
// elsewhere the OS keychain does not go through D-Bus.)

#[cfg(target_os = "linux")]
const CHILD_STEP: &str = "MYSCIHUB_KEY_TEST_STEP";
#[cfg(target_os = "linux")]
const CHILD_DIR: &str = "MYSCIHUB_KEY_TEST_DIR";

#[cfg(target_os = "linux")]
/// Runs `key_test_child` (below) in a child process for `step`; `session` wraps it in a command.
fn run_child(step: &str, dir: &Path, session: Option<Command>, env: &[(&str, &Path)]) {
    let exe = std::env::current_exe().unwrap();
    let args = ["store::tests::key_test_child", "--exact", "--nocapture", "--test-threads=1"];
    let mut command = match session {
        Some(mut session) => {
            session.arg(&exe).args(args);
            session
        }
        None => {
            let mut command = Command::new(&exe);
            command.args(args);
            command
        }
    };
    command.env(CHILD_STEP, step).env(CHILD_DIR, dir).envs(env.iter().map(|(k, v)| (*k, v.as_os_str())));
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains(&format!("step {step} done")),
        "child {step}: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(target_os = "linux")]
/// No session bus: no address, no display to start one for, an empty runtime folder.
fn without_bus(runtime: &Path) -> Command {
    let mut command = Command::new("env");
    command.args(["-u", "DBUS_SESSION_BUS_ADDRESS", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY"]).env("XDG_RUNTIME_DIR", runtime);
    command
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn key_test_child() {
    let Some(step) = std::env::var_os(CHILD_STEP) else { return };
    let dir = std::path::PathBuf::from(std::env::var_os(CHILD_DIR).unwrap());
    match step.to_str().unwrap() {
        "unavailable" => {
            for keychain in [true, false] {
                let refused = Store::open(&dir, keychain).await.unwrap_err();
                assert!(matches!(refused, StoreError::Vault(VaultError::KeychainUnavailable(_))), "{refused:?}");
                assert_eq!(code(refused), "keychain_unavailable");
            }
        }
        "seal" => {
            let (store, _) = with_tokens(&dir, true).await;
            assert_eq!(store.vault().storage(), KeyStorage::Keychain, "the key went to the real keychain");
        }
        "back" => {
            let store = Store::open(&dir, true).await.expect("the keychain answers again");
            assert_eq!(store.vault().storage(), KeyStorage::Keychain);
            assert_tokens_open(&store, 1).await;
        }
        "deleted" => {
            super::vault::keychain_for_tests::delete();
            let refused = Store::open(&dir, true).await.unwrap_err();
            assert!(matches!(refused, StoreError::Vault(VaultError::KeyMissing { storage: KeyStorage::Keychain, .. })), "{refused:?}");
            assert!(super::vault::keychain_for_tests::key().is_none(), "no new key in the keychain");
        }
        other => panic!("unknown step {other}"),
    }
    println!("step {} done", step.to_str().unwrap());
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_recorded_keychain_that_does_not_answer_is_refused_and_no_key_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    // Tokens sealed with a key the record says is in the keychain; the key file it was in here
    // is gone, so that any new key would show.
    let (store, _) = with_tokens(dir.path(), false).await;
    store.pool().close().await;
    set_setting(dir.path(), STORAGE_SETTING, "keychain").await;
    std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
    let before = on_disk(dir.path()).await;

    run_child("unavailable", dir.path(), Some(without_bus(runtime.path())), &[]);
    assert!(!dir.path().join(KEY_FILE).exists(), "no key file was made in the keychain's place");
    assert_eq!(on_disk(dir.path()).await, before, "the tokens and the record are unchanged");
    assert_eq!(before.1[1].1, "keychain");
}

#[cfg(target_os = "linux")]
/// A real Secret Service (GNOME Keyring) in a private D-Bus session, unlocked with a test
/// password, its keyring in `home`. None when the tools are missing.
fn keyring_session(home: &Path) -> Option<Command> {
    let found = |tool: &str| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).any(|p| p.join(tool).is_file());
    if !found("dbus-run-session") || !found("gnome-keyring-daemon") {
        return None;
    }
    let mut command = Command::new("dbus-run-session");
    command
        .args(["--", "sh", "-c", "printf %s test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec \"$@\"", "sh"])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env_remove("DISPLAY");
    Some(command)
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_keychain_key_works_again_once_the_keychain_is_back() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("run")).unwrap();
    if keyring_session(home.path()).is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI has gnome-keyring and dbus (APT_PACKAGES): a real Secret Service is tested");
        eprintln!("skipped: no dbus-run-session or gnome-keyring-daemon here (make system-packages installs them)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    run_child("seal", dir.path(), keyring_session(home.path()), &[]);
    assert!(!dir.path().join(KEY_FILE).exists(), "the key is in the keychain, not in a file");
    let sealed = on_disk(dir.path()).await;
    assert_eq!(sealed.1[1].1, "keychain");

    run_child("unavailable", dir.path(), Some(without_bus(runtime.path())), &[]);
    assert!(!dir.path().join(KEY_FILE).exists());
    assert_eq!(on_disk(dir.path()).await, sealed);

    run_child("back", dir.path(), keyring_session(home.path()), &[]);
    run_child("deleted", dir.path(), keyring_session(home.path()), &[]);
    assert!(!dir.path().join(KEY_FILE).exists());
    assert_eq!(on_disk(dir.path()).await, sealed, "a key deleted from the keychain is not replaced either");
}

// ---- Owner-only files ----------------------------------------------------------------------

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
fn assert_private(dir: &Path) {
    assert_eq!(mode(dir), 0o700, "the data folder");
    for name in [DATABASE_FILE, "myscihub.db-wal", "myscihub.db-shm", KEY_FILE] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_its_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    // A new store, whatever the umask makes of new files.
    let (first, _) = with_tokens(&dir, false).await;
    assert_private(&dir);

    // Files an older version, a restore or a copy left readable by all, while the first store
    // still has the database open (so its -wal and -shm are there too).
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for name in [DATABASE_FILE, "myscihub.db-wal", "myscihub.db-shm", KEY_FILE] {
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let second = Store::open(&dir, false).await.unwrap();
    assert_private(&dir);
    assert_eq!(second.profiles().await.unwrap().len(), 1);
    first.pool().close().await;
    second.pool().close().await;

    // And once more from closed files, without -wal and -shm beside them.
    for name in [DATABASE_FILE, KEY_FILE] {
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o775)).unwrap();
    let _third = Store::open(&dir, false).await.unwrap();
    assert_private(&dir);
}

#[cfg(unix)]
#[test]
fn the_app_creates_its_data_folder_for_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("share").join("org.myscihub.desktop");
    files::create_private_dir(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    files::create_private_dir(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700, "an existing folder is narrowed too");
}
