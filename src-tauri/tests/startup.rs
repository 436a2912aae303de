//! A start-up that could not open the data, retried through the real IPC layer: «Повторить»
//! runs the start-up again in the running app, and «Подключить аккаунты заново» starts with a
//! new token key. Alone in its own test binary, since it sets the process's environment.

mod common;

use common::ipc::Ipc;
use common::*;
use myscihub_lib::core::{Fault, FaultCode};
use myscihub_lib::store::{ConnectionStatus, Store, Tokens, KEY_FILE};
use serde_json::json;

/// A data folder with a connected Zoom account, its token key moved away.
async fn data_without_its_key() -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), false).await.unwrap();
    let anna = store.insert_profile("Anna", "anna@example.org").await.unwrap();
    let event = store.insert_event(anna.id, "Conf", "UTC", Some(("2027-01-01", "2027-01-02"))).await.unwrap();
    let connection = store.add_zoom_connection(event.id, "Main", anna.id).await.unwrap();
    let account = offline_account();
    let tokens = Tokens { access_token: "a".to_owned().into(), refresh_token: "r".to_owned().into(), access_expires_at: i64::MAX };
    store.link_zoom_account(connection, anna.id, &account, &tokens).await.unwrap().unwrap();
    store.pool().close().await;
    let key = std::fs::read(dir.path().join(KEY_FILE)).unwrap();
    std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
    (dir, key)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_opens_the_data_once_the_key_is_back_and_a_new_key_is_the_way_on_without_it() {
    std::env::set_var("MYSCIHUB_KEYCHAIN", "0");
    std::env::set_var("MYSCIHUB_LANG", "en");

    let (dir, key) = data_without_its_key().await;
    std::env::set_var("MYSCIHUB_DATA_DIR", dir.path());
    let ipc = Ipc::failed(Fault { code: FaultCode::TokenKeyMissing, message: "at start".into(), field: None, lang: None });
    let at_start = ipc.invoke("app_info", json!({})).unwrap_err();
    assert_eq!((&at_start["message"], &at_start["lang"]), (&json!("at start"), &json!("en")), "the window learns the language too");

    let refused = ipc.invoke("retry_startup", json!({"newKey": false})).unwrap_err();
    assert_eq!((&refused["code"], &refused["lang"]), (&json!("token_key_missing"), &json!("en")), "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("backup"), "{refused}");
    assert_eq!(ipc.invoke("app_info", json!({})).unwrap_err(), refused, "the window shows the latest reason");
    assert!(!dir.path().join(KEY_FILE).exists(), "no new key");
    assert!(ipc.invoke("list_profiles", json!({})).is_err(), "the data stays closed");

    std::fs::write(dir.path().join(KEY_FILE), &key).unwrap();
    let info = ipc.invoke("retry_startup", json!({"newKey": false})).expect("the key is back");
    assert_eq!(info["dataDir"], dir.path().display().to_string());
    assert_eq!(ipc.invoke("app_info", json!({})).unwrap(), info);
    let profiles = ipc.invoke("list_profiles", json!({})).unwrap();
    assert_eq!(profiles[0]["name"], "Anna");
    assert_eq!(std::fs::read(dir.path().join(KEY_FILE)).unwrap(), key, "the same key");

    // The key is lost for good: the way on is a new key, with the accounts to connect again.
    let (lost, _) = data_without_its_key().await;
    std::env::set_var("MYSCIHUB_DATA_DIR", lost.path());
    let ipc = Ipc::failed(Fault { code: FaultCode::TokenKeyMissing, message: "at start".into(), field: None, lang: None });
    assert_eq!(ipc.invoke("retry_startup", json!({"newKey": false})).unwrap_err()["code"], "token_key_missing");
    ipc.invoke("retry_startup", json!({"newKey": true})).expect("a new key");
    assert!(lost.path().join(KEY_FILE).is_file());
    ipc.invoke("sign_in", json!({"profileId": 1})).unwrap();
    let connections = ipc.invoke("list_zoom_connections", json!({"eventId": 1})).unwrap();
    assert_eq!(connections[0]["status"], serde_json::to_value(ConnectionStatus::NeedsReauth).unwrap());
}
