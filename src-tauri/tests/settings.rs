//! Settings → Zoom can never send tokens to another host: through the real IPC layer, a non-Zoom
//! address is refused with a field error, and tokens keep going to the host that issued them.

mod common;

use std::time::Duration;

use common::ipc::Ipc;
use common::*;
use myscihub_lib::core::settings::Overrides;
use myscihub_lib::core::zoom::ZoomIntegration;
use serde_json::json;

fn settings(oauth_url: &str, api_url: &str) -> serde_json::Value {
    json!({"input": {"clientId": "my-zoom-app", "oauthUrl": oauth_url, "apiUrl": api_url, "redirectMode": "loopback", "bounceUrl": ""}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_accept_only_zooms_own_hosts_and_keep_a_history() {
    let w = world().await;
    // No development host in the environment: what a user's computer has.
    let ipc = Ipc::new(ZoomIntegration::new(w.zoom.store().clone(), Overrides::default()), w.dir.path(), Some(w.anna));
    let before = contents(w.zoom.store()).await;
    for (oauth, api, field) in [
        ("https://evil.example", "https://api.zoom.us/v2", "oauthUrl"),
        ("https://zoom.us.evil.example", "https://api.zoom.us/v2", "oauthUrl"),
        ("http://zoom.us", "https://api.zoom.us/v2", "oauthUrl"),
        ("https://user@zoom.us", "https://api.zoom.us/v2", "oauthUrl"),
        (&w.sandbox.base_url(), "https://api.zoom.us/v2", "oauthUrl"),
        ("https://zoom.us", "https://api.evil.example/v2", "apiUrl"),
        ("https://zoom.us", "https://api.zoom.us:8443/v2", "apiUrl"),
    ] {
        let refused = ipc.invoke("save_zoom_settings", settings(oauth, api)).expect_err(oauth);
        assert_eq!((refused["code"].as_str(), refused["field"].as_str()), (Some("invalid_input"), Some(field)), "{oauth} {api}: {refused}");
        assert!(refused["message"].as_str().unwrap().contains("zoom.us"), "the message says what is allowed: {refused}");
    }
    assert_eq!(contents(w.zoom.store()).await, before, "nothing was saved");

    let saved = ipc.invoke("save_zoom_settings", settings("https://zoomgov.com", "https://api.zoomgov.com/v2")).expect("Zoom's own hosts");
    assert_eq!(saved["oauthUrl"], "https://zoomgov.com");
    let history = ipc.invoke("zoom_settings_history", json!({})).unwrap();
    let changes: Vec<(String, String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["actorName"].as_str().unwrap().to_owned(), h["key"].as_str().unwrap().to_owned(), h["new"].as_str().unwrap().to_owned()))
        .collect();
    assert!(changes.contains(&("Anna".into(), "zoom.oauth_url".into(), "https://zoomgov.com".into())), "{changes:?}");
    assert!(changes.contains(&("Anna".into(), "zoom.client_id".into(), "my-zoom-app".into())), "{changes:?}");
    ipc.invoke("save_zoom_settings", settings("https://zoomgov.com", "https://api.zoomgov.com/v2")).unwrap();
    assert_eq!(ipc.invoke("zoom_settings_history", json!({})).unwrap(), history, "saving the same values adds no line");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_go_to_the_host_that_issued_them_whatever_the_settings_say_later() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let issuer_tokens = token_requests(&w.sandbox);
    // The environment now names another host, and the saved settings yet another.
    let other = sandbox().await;
    let ipc = Ipc::new(ZoomIntegration::new(w.zoom.store().clone(), overrides(&other)), w.dir.path(), Some(w.anna));
    w.zoom.store().save_settings(&[("zoom.oauth_url", "https://zoom.us")], Some(w.anna)).await.unwrap();
    ipc.state().zoom.clock().advance(Duration::from_secs(56 * 60));

    let details = ipc.invoke("refresh_zoom_connection", json!({"eventId": w.event, "connectionId": connection, "force": true})).unwrap();
    assert_eq!(details["connection"]["status"], "connected", "{details}");
    assert_eq!(token_requests(&w.sandbox), issuer_tokens + 1, "the refresh went to the issuer");
    assert_eq!(token_requests(&other), 0, "and nowhere else");

    ipc.invoke("disconnect_zoom", json!({"eventId": w.event, "connectionId": connection})).unwrap();
    assert_eq!(requests_to(&w.sandbox, "/oauth/revoke"), 1, "the revoke went to the issuer");
    assert_eq!(requests_to(&other, "/oauth/revoke"), 0);
}
