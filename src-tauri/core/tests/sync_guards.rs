//! What keeps a sync sane when Zoom or the computer misbehaves: a clock set back, Zoom's pages
//! that never end, ids that must never point at another Zoom user, and accounts left behind.

mod common;

use std::time::Duration;

use common::*;
use myscihub_core::core::Lang;
use myscihub_core::store::ConnectionStatus;
use zoom_sandbox::{FaultSpec, PaginationFault};

const MEETINGS: &str = "/v2/users/me/meetings";

async fn refresh(w: &World, connection: i64, force: bool) -> myscihub_core::core::zoom::ConnectionDetails {
    refresh_connection(&w.zoom, w.anna, w.event, connection, force, Lang::En).await.0
}

#[tokio::test]
async fn a_clock_set_back_never_stops_syncs() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=2).map(scheduled_meeting).collect()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    // Synced while the computer's clock was a day ahead; then the clock is corrected.
    w.zoom.clock().advance(Duration::from_secs(24 * 3600));
    refresh(&w, connection, true).await;
    w.zoom.clock().set_back(Duration::from_secs(24 * 3600));
    give_meetings(&w, PRO_ID, (1..=3).map(scheduled_meeting).collect()).await;

    let lists = requests_to(&w.sandbox, MEETINGS);
    let details = refresh(&w, connection, false).await;
    assert_eq!(requests_to(&w.sandbox, MEETINGS), lists + 1, "a sync 'in the future' does not count as fresh");
    assert_eq!(details.meeting_count, 3);
    refresh(&w, connection, true).await;
    assert_eq!(requests_to(&w.sandbox, MEETINGS), lists + 2, "a forced reload goes through");

    // A stored rate-limit time far beyond any Retry-After Zoom sends is ignored too.
    let far = w.zoom.clock().now_ms() + 30 * 24 * 3600 * 1000;
    sqlx::query("UPDATE zoom_accounts SET retry_at = ?, last_attempt_at = NULL").bind(far).execute(w.zoom.store().pool()).await.unwrap();
    let details = refresh(&w, connection, false).await;
    assert_eq!(requests_to(&w.sandbox, MEETINGS), lists + 3);
    assert!(details.sync.retry_at.is_none(), "{:?}", details.sync.retry_at);
}

#[tokio::test]
async fn broken_paging_stops_the_sync_and_keeps_the_last_good_list() {
    for fault in [PaginationFault::RepeatingToken, PaginationFault::BeyondTotal] {
        let w = world().await;
        give_meetings(&w, PRO_ID, (1..=3).map(scheduled_meeting).collect()).await;
        let connection = connect(&w, w.event, "Main", PRO).await;
        assert_eq!(refresh(&w, connection, true).await.meeting_count, 3);

        w.sandbox.add_fault(FaultSpec { pagination: Some(fault), count: FaultSpec::UNTIL_CLEARED, ..FaultSpec::on(MEETINGS) });
        let lists = requests_to(&w.sandbox, MEETINGS);
        let details = refresh(&w, connection, true).await;
        let sent = requests_to(&w.sandbox, MEETINGS) - lists;
        assert!(sent <= 2, "{fault:?}: the sync stopped after {sent} list requests");
        assert_eq!(details.meeting_count, 3, "{fault:?}: the last good list is kept");
        let shown = details.sync.fault.expect("the reason is shown");
        assert_eq!(shown.code, "zoom_bad_paging", "{fault:?}");
        assert!(shown.message.contains("last complete list"), "{}", shown.message);
        assert!(details.sync.stale);
        w.sandbox.clear_faults();
        assert!(refresh(&w, connection, true).await.sync.fault.is_none(), "{fault:?}: the next good answer is taken");
    }
}

#[tokio::test]
async fn an_account_id_is_never_given_to_another_zoom_user() {
    let w = world().await;
    let first = connect(&w, w.event, "First", FREE).await;
    let free_account = account_of(&w, first).await;
    w.zoom.disconnect(admin(&w.zoom, w.anna, w.event).await, first).await.unwrap();
    let second = connect(&w, w.event, "Second", PRO).await;
    assert_ne!(account_of(&w, second).await, free_account, "the deleted account's id stays retired");
}

#[tokio::test]
async fn a_write_for_one_zoom_user_never_lands_on_anothers_account() {
    let w = world().await;
    give_meetings(&w, PRO_ID, (1..=2).map(scheduled_meeting).collect()).await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    refresh(&w, connection, true).await;
    let account = account_of(&w, connection).await;
    let store = w.zoom.store();
    let meetings = store.meetings(account).await.unwrap();
    let before = contents(store).await;

    assert!(!store.save_snapshot(account, "uSomeoneElse", &meetings[..1], "other-digest", 1).await.unwrap());
    let mut read = store.account_tokens(account).await.unwrap().unwrap();
    let tokens = read.tokens.clone();
    read.zoom_user_id = "uSomeoneElse".into();
    assert!(!store.replace_tokens(account, &read, &tokens, "").await.unwrap());
    assert_eq!(contents(store).await, before, "nothing was written");
}

#[tokio::test]
async fn reconnecting_as_another_zoom_user_removes_and_revokes_the_old_account() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    // The connection lost its sign-in (a lost refresh answer), and is connected again as another user.
    w.sandbox.add_fault(FaultSpec { drop: true, ..FaultSpec::on("/oauth/token") });
    w.zoom.clock().advance(Duration::from_secs(61 * 60));
    refresh(&w, connection, true).await;
    refresh(&w, connection, true).await;
    assert_eq!(status(&w, connection).await, ConnectionStatus::NeedsReauth);
    let revokes = requests_to(&w.sandbox, "/oauth/revoke");

    let url = begin(&w, &w.zoom, connection).await;
    w.zoom.complete_authorization(&browse(&url, FREE).await, false).await.result.unwrap();
    let now = w.zoom.connection(admin(&w.zoom, w.anna, w.event).await, connection).await.unwrap();
    assert_eq!((now.status, now.account.unwrap().email.as_str()), (ConnectionStatus::Connected, FREE));
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM zoom_accounts").fetch_all(w.zoom.store().pool()).await.unwrap();
    assert_eq!(emails, [FREE], "the old account's row and tokens are gone");
    assert_eq!(requests_to(&w.sandbox, "/oauth/revoke"), revokes + 1, "and its grant was revoked at Zoom");
}
