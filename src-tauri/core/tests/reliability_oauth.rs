//! Tokens and OAuth under stress and attack: rotation under concurrency, lost answers,
//! hostile callback links, and secrets that must never leave the vault.

mod common;

use std::time::Duration;

use common::*;
use myscihub_core::core::zoom::callback;
use myscihub_core::core::zoom::ZoomIntegration;
use myscihub_core::core::Lang;
use myscihub_core::store::{ConnectionStatus, Store};
use proptest::prelude::*;
use secrecy::ExposeSecret;
use zoom_sandbox::FaultSpec;

fn fault(path: &str, count: u32) -> FaultSpec {
    FaultSpec { count, ..FaultSpec::on(path) }
}

fn later(w: &World, by: Duration) {
    w.zoom.clock().advance(by);
    w.sandbox.advance_clock(by.as_secs() as i64);
}

#[tokio::test]
async fn fifty_concurrent_calls_with_an_expired_token_refresh_it_once() {
    let w = world().await;
    let pro = account_of(&w, connect(&w, w.event, "Pro", PRO).await).await;
    let free = account_of(&w, connect(&w, w.event, "Free", FREE).await).await;
    later(&w, Duration::from_secs(61 * 60));
    let before = token_requests(&w.sandbox);

    let calls = (0..50).map(|i| w.zoom.access_token(if i % 2 == 0 { pro } else { free }));
    let tokens = futures_util::future::join_all(calls).await;
    assert!(tokens.iter().all(Result::is_ok), "all fifty succeed");
    assert_eq!(token_requests(&w.sandbox) - before, 2, "exactly one refresh per Zoom account");
    let distinct: std::collections::HashSet<_> = tokens.iter().map(|t| t.as_ref().unwrap().0.expose_secret().to_owned()).collect();
    assert_eq!(distinct.len(), 2, "everyone got their account's new token");
}

#[tokio::test]
async fn a_failed_refresh_leaves_a_valid_access_token_working() {
    let w = world().await;
    let account = account_of(&w, connect(&w, w.event, "Pro", PRO).await).await;
    later(&w, Duration::from_secs(56 * 60));
    w.sandbox.add_fault(FaultSpec { status: Some(500), ..fault("/oauth/token", 1) });
    let exchanged = token_requests(&w.sandbox);
    let (token, api) = w.zoom.access_token(account).await.unwrap();
    let refreshes: Vec<u16> = w.sandbox.requests().iter().filter(|r| r.path == "/oauth/token").skip(exchanged).map(|r| r.status).collect();
    assert_eq!(refreshes, [500], "the refresh was attempted, and failed");
    assert_eq!(api.me(&token).await.unwrap().email, PRO);
    let connection = w.zoom.connections(admin(&w.zoom, w.anna, w.event).await).await.unwrap();
    assert_eq!(connection[0].status, ConnectionStatus::Connected);
}

#[tokio::test]
async fn a_lost_refresh_answer_touches_only_its_own_account() {
    let w = world().await;
    let pro = connect(&w, w.event, "Pro", PRO).await;
    let free = connect(&w, w.event, "Free", FREE).await;
    later(&w, Duration::from_secs(61 * 60));
    w.sandbox.add_fault(FaultSpec { drop: true, ..fault("/oauth/token", 1) });
    // The pro account refreshes first and loses the answer; the free one is unaffected.
    let lost = w.zoom.access_token(account_of(&w, pro).await).await;
    assert!(lost.is_err());
    w.zoom.access_token(account_of(&w, pro).await).await.unwrap_err();
    let (free_details, _) = refresh_connection(&w.zoom, w.anna, w.event, free, true, Lang::En).await;
    assert_eq!(free_details.connection.status, ConnectionStatus::Connected);
    assert!(free_details.sync.fault.is_none());
    let (pro_details, _) = refresh_connection(&w.zoom, w.anna, w.event, pro, true, Lang::En).await;
    assert_eq!(pro_details.connection.status, ConnectionStatus::NeedsReauth);
}

/// Every hostile or broken return link is refused with a message and changes no row.
#[tokio::test]
async fn hostile_callback_links_are_refused_and_change_nothing() {
    let w = world().await;
    let connection = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Main").await.unwrap().id;
    let used = browse(&begin(&w, &w.zoom, connection).await, PRO).await;
    assert_eq!(code(&w.zoom.complete_authorization(&used, false).await), "ok");
    let other = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Other").await.unwrap().id;
    let url = begin(&w, &w.zoom, other).await;
    let state: String = url.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    let long = format!("myscihub://oauth/zoom/callback?code=a&state={state}&x={}", "y".repeat(9000));
    let cases = vec![
        ("missing state", "myscihub://oauth/zoom/callback?code=abc".to_owned(), "marketplace_install"),
        ("wrong state", "myscihub://oauth/zoom/callback?code=abc&state=forged".to_owned(), "unknown_authorization"),
        ("reused state", used.clone(), "unknown_authorization"),
        ("two states", format!("myscihub://oauth/zoom/callback?code=abc&state={state}&state={state}"), "bad_callback"),
        ("two codes", format!("myscihub://oauth/zoom/callback?code=a&code=b&state={state}"), "bad_callback"),
        ("wrong scheme", format!("https://oauth/zoom/callback?code=a&state={state}"), "bad_callback"),
        ("wrong host", format!("myscihub://evil/zoom/callback?code=a&state={state}"), "bad_callback"),
        ("wrong path", format!("myscihub://oauth/zoom/elsewhere?code=a&state={state}"), "bad_callback"),
        ("over 8 KiB", long, "bad_callback"),
        ("not UTF-8", format!("myscihub://oauth/zoom/callback?code=%C3%28&state={state}"), "bad_callback"),
    ];
    for (what, link, expected) in cases {
        let before = contents(w.zoom.store()).await;
        let completion = w.zoom.complete_authorization(&link, false).await;
        let error = completion.result.as_ref().expect_err(what);
        assert_eq!(error.code(), expected, "{what}");
        assert!(!error.message(Lang::Ru).is_empty() && !error.message(Lang::En).is_empty());
        assert_eq!(contents(w.zoom.store()).await, before, "{what}: no row changed");
    }
    // The waiting authorization survived all of that, and a denial ends it without a change.
    let before = contents(w.zoom.store()).await;
    let denied = w.zoom.complete_authorization(&format!("myscihub://oauth/zoom/callback?error=access_denied&state={state}"), false).await;
    assert_eq!(code(&denied), "authorization_denied");
    let after = contents(w.zoom.store()).await;
    let but_pending = |rows: &[String]| rows.iter().filter(|r| !r.starts_with("pending_authorizations|")).cloned().collect::<Vec<_>>();
    assert_eq!(but_pending(&after), but_pending(&before), "only the waiting authorization ended");
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(w.zoom.connection(admin(&w.zoom, w.anna, w.event).await, other).await.unwrap().status, ConnectionStatus::NotConnected);

    // A link that comes back after ten minutes is refused; only its spent wait is gone.
    let third = w.zoom.add(admin(&w.zoom, w.anna, w.event).await, "Third").await.unwrap().id;
    let late = browse(&begin(&w, &w.zoom, third).await, FREE).await;
    w.zoom.clock().advance(Duration::from_secs(11 * 60));
    let before = contents(w.zoom.store()).await;
    assert_eq!(code(&w.zoom.complete_authorization(&late, false).await), "authorization_expired");
    let after = contents(w.zoom.store()).await;
    let gone: Vec<_> = before.iter().filter(|r| !after.contains(r)).collect();
    assert!(gone.len() == 1 && gone[0].starts_with("pending_authorizations|"), "only its spent wait is gone: {gone:?}");
    assert!(after.iter().all(|r| before.contains(r)), "nothing else was written");
    assert_eq!(token_requests(&w.sandbox), 1, "only the one good link was exchanged");
}

fn fuzz_cases() -> u32 {
    if std::env::var_os("MYSCIHUB_LONG_TESTS").is_some() {
        1_000_000
    } else {
        20_000
    }
}

fn callback_like() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("code".to_owned()),
        Just("state".to_owned()),
        Just("error".to_owned()),
        "[a-z_]{0,8}",
        "%[0-9A-Fa-f]{2}",
        "\\PC{0,12}",
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just("#".to_owned()),
    ];
    let prefix = prop_oneof![
        Just("myscihub://oauth/zoom/callback?".to_owned()),
        Just("http://127.0.0.1:1/oauth/zoom/callback?".to_owned()),
        Just("myscihub://".to_owned()),
        "\\PC{0,20}",
    ];
    (prefix, proptest::collection::vec(part, 0..24)).prop_map(|(p, parts)| p + &parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn the_callback_parser_never_panics(link in callback_like(), loopback in any::<bool>()) {
        let _ = callback::parse(&link, loopback);
    }
}

#[tokio::test]
async fn a_copied_database_without_its_key_yields_no_token() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let account = account_of(&w, connection).await;
    w.zoom.store().pool().close().await;
    let elsewhere = tempfile::tempdir().unwrap();
    for name in ["myscihub.db", "myscihub.db-wal", "myscihub.db-shm"] {
        let from = w.dir.path().join(name);
        if from.exists() {
            std::fs::copy(&from, elsewhere.path().join(name)).unwrap();
        }
    }
    // The copy is refused at once: its key is not beside it, and none is made in its place.
    let refused = Store::open(elsewhere.path(), false).await.unwrap_err();
    assert_eq!(myscihub_core::core::Error::from(refused).code(), "token_key_missing");
    assert!(!elsewhere.path().join(myscihub_core::store::KEY_FILE).exists());
    // With a key of the thief's own, the sealed tokens are forgotten, not opened.
    let thief = Store::open_with_new_key(elsewhere.path(), false).await.unwrap();
    let error = thief.account_tokens(account).await.unwrap_err();
    assert!(error.to_string().contains("decrypted"), "{error}");
    let zoom = ZoomIntegration::new(thief, overrides(&w.sandbox));
    assert_eq!(zoom.access_token(account).await.unwrap_err().code(), "secrets");
}
