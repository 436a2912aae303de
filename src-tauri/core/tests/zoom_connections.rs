//! Connecting and disconnecting Zoom accounts, against the Zoom sandbox over loopback
//! and a real SQLite file.

mod common;

use std::time::Duration;

use common::*;
use myscihub_core::core::events::{self, NewEvent};
use myscihub_core::core::zoom::ZoomIntegration;
use myscihub_core::store::{ConnectionStatus, HistoryAction, Store};
use url::Url;

#[tokio::test]
async fn connect_happy_path_stores_the_account_and_its_sealed_tokens() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "  Main account  ").await.unwrap();
    assert_eq!((connection.name.as_str(), connection.status), ("Main account", ConnectionStatus::NotConnected));

    let url = begin(&w, &w.zoom, connection.id).await;
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], "test-public");
    assert_eq!(query["redirect_uri"], "myscihub://oauth/zoom/callback");
    assert!(query["state"].len() >= 43, "a one-time state of 32 random bytes");
    assert_eq!(query["code_challenge"].len(), 43);

    let link = browse(&url, PRO).await;
    assert!(link.starts_with("myscihub://oauth/zoom/callback?code="));
    let completion = w.zoom.complete_authorization(&link, false).await;
    assert_eq!((code(&completion), completion.event_id, completion.connection_id), ("ok", Some(w.event), Some(connection.id)));

    let connected = w.zoom.connection(admin(&w.zoom, w.anna, w.event).await, connection.id).await.unwrap();
    assert_eq!(connected.status, ConnectionStatus::Connected);
    assert_eq!(connected.account.unwrap().email, PRO);
    let history: Vec<_> = w.zoom.history(admin(&w.zoom, w.anna, w.event).await).await.unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(history, [HistoryAction::Connected, HistoryAction::Added]);

    // The tokens the sandbox issued are nowhere in the database file in clear.
    w.zoom.store().pool().close().await;
    for file in std::fs::read_dir(w.dir.path()).unwrap() {
        // SQLite may remove its -wal and -shm files as the last connection closes.
        let Ok(bytes) = std::fs::read(file.unwrap().path()) else { continue };
        assert!(!bytes.windows(8).any(|b| b == b"zsbx_at_" || b == b"zsbx_rt_"), "a token in clear on disk");
    }
}

#[tokio::test]
async fn a_denied_authorization_leaves_the_connection_as_it_was() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    let url = begin(&w, &w.zoom, connection).await;
    let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();

    let denied = w.zoom.complete_authorization(&format!("myscihub://oauth/zoom/callback?error=access_denied&state={state}"), false).await;
    assert_eq!(code(&denied), "authorization_denied");
    assert_eq!(denied.connection_id, Some(connection));
    assert_eq!(status(&w, connection).await, ConnectionStatus::NotConnected);
    assert_eq!(token_requests(&w.sandbox), 0);
}

#[tokio::test]
async fn a_state_the_app_did_not_issue_changes_nothing() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    let url = begin(&w, &w.zoom, connection).await;
    let link = browse(&url, PRO).await;
    let before = contents(w.zoom.store()).await;

    let forged = Url::parse_with_params("myscihub://oauth/zoom/callback", &[("code", "abc"), ("state", "not-ours")]).unwrap();
    let completion = w.zoom.complete_authorization(forged.as_str(), false).await;
    assert_eq!((code(&completion), completion.event_id), ("unknown_authorization", None));
    assert_eq!(contents(w.zoom.store()).await, before);

    // The real link still works afterwards.
    assert_eq!(code(&w.zoom.complete_authorization(&link, false).await), "ok");
}

#[tokio::test]
async fn a_replayed_link_is_refused_and_the_connection_stays_connected() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    let link = browse(&begin(&w, &w.zoom, connection).await, PRO).await;
    assert_eq!(code(&w.zoom.complete_authorization(&link, false).await), "ok");
    let before = contents(w.zoom.store()).await;

    let replay = w.zoom.complete_authorization(&link, false).await;
    assert_eq!(code(&replay), "unknown_authorization");
    assert_eq!(contents(w.zoom.store()).await, before);
    assert_eq!(status(&w, connection).await, ConnectionStatus::Connected);
    assert_eq!(token_requests(&w.sandbox), 1, "the code was exchanged once");
}

#[tokio::test]
async fn an_authorization_that_waited_too_long_is_refused() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    let link = browse(&begin(&w, &w.zoom, connection).await, PRO).await;
    w.zoom.clock().advance(Duration::from_secs(11 * 60));
    assert_eq!(status(&w, connection).await, ConnectionStatus::NotConnected, "no longer waiting");

    let late = w.zoom.complete_authorization(&link, false).await;
    assert_eq!((code(&late), late.connection_id), ("authorization_expired", Some(connection)));
    assert_eq!(status(&w, connection).await, ConnectionStatus::NotConnected);
    assert_eq!(token_requests(&w.sandbox), 0);
}

#[tokio::test]
async fn a_callback_after_an_app_restart_completes() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    let url = begin(&w, &w.zoom, connection).await;
    w.zoom.store().pool().close().await;

    let reopened = Store::open(w.dir.path(), false).await.unwrap();
    let restarted = ZoomIntegration::new(reopened, overrides(&w.sandbox));
    let completion = restarted.complete_authorization(&browse(&url, FREE).await, false).await;
    assert_eq!(code(&completion), "ok");
    let connected = restarted.connection(admin(&restarted, w.anna, w.event).await, connection).await.unwrap();
    assert_eq!((connected.status, connected.account.unwrap().email.as_str()), (ConnectionStatus::Connected, FREE));
}

#[tokio::test]
async fn a_marketplace_install_callback_changes_nothing() {
    let w = world().await;
    w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap();
    let before = contents(w.zoom.store()).await;
    let completion = w.zoom.complete_authorization("myscihub://oauth/zoom/callback?code=zsbx_code_from_marketplace", false).await;
    assert_eq!((code(&completion), completion.event_id), ("marketplace_install", None));
    assert_eq!(contents(w.zoom.store()).await, before);
    assert_eq!(token_requests(&w.sandbox), 0);
}

#[tokio::test]
async fn refresh_rotates_the_tokens_and_commits_them_before_use() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let account: i64 = sqlx::query_scalar("SELECT zoom_account_id FROM zoom_connections WHERE id = ?")
        .bind(connection)
        .fetch_one(w.zoom.store().pool())
        .await
        .unwrap();
    let before = w.zoom.store().account_tokens(account).await.unwrap().unwrap().tokens;

    let (fresh, _) = w.zoom.access_token(account).await.unwrap();
    use secrecy::ExposeSecret;
    assert_eq!(fresh.expose_secret(), before.access_token.expose_secret(), "an hour-long token is used as is");
    assert_eq!(token_requests(&w.sandbox), 1);

    // 56 minutes later the token is within five minutes of expiry.
    w.zoom.clock().advance(Duration::from_secs(56 * 60));
    w.sandbox.advance_clock(56 * 60);
    let (refreshed, api) = w.zoom.access_token(account).await.unwrap();
    assert_ne!(refreshed.expose_secret(), before.access_token.expose_secret());
    assert_eq!(token_requests(&w.sandbox), 2);
    let stored = w.zoom.store().account_tokens(account).await.unwrap().unwrap().tokens;
    assert_eq!(stored.access_token.expose_secret(), refreshed.expose_secret(), "committed before use");
    assert_ne!(stored.refresh_token.expose_secret(), before.refresh_token.expose_secret(), "rotated");
    assert_eq!(api.me(&refreshed).await.unwrap().email, PRO);

    // Zoom killed the old refresh token when it issued the new one.
    let old = reqwest::Client::new()
        .post(format!("{}/oauth/token", w.sandbox.base_url()))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", before.refresh_token.expose_secret()), ("client_id", "test-public")])
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 400);
    assert_eq!(old.json::<serde_json::Value>().await.unwrap()["error"], "invalid_grant");

    w.zoom.access_token(account).await.unwrap();
    assert_eq!(token_requests(&w.sandbox), 3, "no second refresh while the new token is fresh");
}

#[tokio::test]
async fn disconnecting_an_account_another_event_uses_does_not_revoke_it() {
    let w = world().await;
    let other_event = events::create(w.zoom.store(), w.anna, new_event("Workshop")).await.unwrap().id;
    let here = connect(&w, w.event, "Main", PRO).await;
    let there = connect(&w, other_event, "Shared", PRO).await;
    let accounts = || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM zoom_accounts").fetch_one(w.zoom.store().pool()).await.unwrap() };
    assert_eq!(accounts().await, 1, "one Zoom user, one account row");

    let disconnected = w.zoom.disconnect(admin(&w.zoom, w.anna, w.event).await, here).await.unwrap();
    assert_eq!((disconnected.status, disconnected.account), (ConnectionStatus::NotConnected, None));
    assert!(!w.sandbox.requests().iter().any(|r| r.path == "/oauth/revoke"));
    assert_eq!(accounts().await, 1);
    let still = w.zoom.connection(admin(&w.zoom, w.anna, other_event).await, there).await.unwrap();
    assert_eq!(still.status, ConnectionStatus::Connected);

    // The last connection goes: the grant is revoked at Zoom and the account's data deleted.
    w.zoom.disconnect(admin(&w.zoom, w.anna, other_event).await, there).await.unwrap();
    let revokes: Vec<_> = w.sandbox.requests().into_iter().filter(|r| r.path == "/oauth/revoke").collect();
    assert_eq!(revokes.len(), 1);
    assert_eq!(revokes[0].status, 200);
    assert_eq!(accounts().await, 0);
    let history: Vec<_> = w.zoom.history(admin(&w.zoom, w.anna, other_event).await).await.unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(history[0], HistoryAction::Disconnected);
}

#[tokio::test]
async fn deleting_a_connected_connection_disconnects_it_first() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", FREE).await;
    w.zoom.delete(admin(&w.zoom, w.anna, w.event).await, connection).await.unwrap();
    assert!(w.zoom.connections(admin(&w.zoom, w.anna, w.event).await).await.unwrap().is_empty());
    assert_eq!(w.sandbox.requests().iter().filter(|r| r.path == "/oauth/revoke").count(), 1);
    let history: Vec<_> = w.zoom.history(admin(&w.zoom, w.anna, w.event).await).await.unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(history, [HistoryAction::Deleted, HistoryAction::Disconnected, HistoryAction::Connected, HistoryAction::Added]);
}

#[tokio::test]
async fn connection_names_are_required_bounded_and_unique_within_the_event() {
    let w = world().await;
    w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap();
    let before = contents(w.zoom.store()).await;
    for (name, expected) in [("   ", "invalid_input"), (&"x".repeat(101)[..], "invalid_input"), (" main ", "connection_name_taken")] {
        let error = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, name).await.unwrap_err();
        assert_eq!(error.code(), expected, "{name:?}");
    }
    assert_eq!(contents(w.zoom.store()).await, before);
    let renamed = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Second").await.unwrap();
    assert_eq!(w.zoom.rename(admin(&w.zoom, w.anna, w.event).await, renamed.id, "MAIN").await.unwrap_err().code(), "connection_name_taken");
    assert_eq!(w.zoom.rename(admin(&w.zoom, w.anna, w.event).await, renamed.id, "Backup").await.unwrap().name, "Backup");
}

#[tokio::test]
async fn a_non_administrator_is_refused_and_another_events_connection_is_out_of_reach() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let before = contents(w.zoom.store()).await;
    assert_eq!(w.zoom.admin(w.boris, w.event).await.unwrap_err().code(), "forbidden");

    // Boris administers an event of his own; Anna's connection id means nothing there.
    let his_event = events::create(
        w.zoom.store(),
        w.boris,
        NewEvent { title: "His".into(), time_zone: "UTC".into(), starts_on: "2026-01-01".into(), ends_on: "2026-01-01".into() },
    )
    .await
    .unwrap()
    .id;
    let before_his = contents(w.zoom.store()).await;
    let (z, his, c) = (&w.zoom, admin(&w.zoom, w.boris, his_event).await, connection);
    let refusals = [
        ("connection", z.connection(his, c).await.map(drop)),
        ("rename", z.rename(his, c, "Mine").await.map(drop)),
        ("delete", z.delete(his, c).await.map(drop)),
        ("begin_authorization", z.begin_authorization(his, c, "myscihub://oauth/zoom/callback").await.map(drop)),
        ("cancel_authorization", z.cancel_authorization(his, c).await.map(drop)),
        ("disconnect", z.disconnect(his, c).await.map(drop)),
        ("meetings", z.meetings(his, c, "", 0, 10).await.map(drop)),
        ("join_link", z.join_link(his, c, 1).await.map(drop)),
    ];
    for (operation, result) in refusals {
        assert_eq!(result.expect_err(operation).code(), "not_found", "{operation}");
    }
    assert_eq!(contents(w.zoom.store()).await, before_his);
    assert_ne!(before, before_his, "only his event was added");
    assert!(!w.sandbox.requests().iter().any(|r| r.path == "/oauth/revoke"));
}
