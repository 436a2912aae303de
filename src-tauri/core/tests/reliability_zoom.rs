//! Zoom misbehaving: rate limits in every form, slow and failing answers. Other accounts go on.

mod common;

use std::time::{Duration, Instant};

use common::*;
use myscihub_core::core::zoom::ZoomIntegration;
use myscihub_core::core::Lang;
use myscihub_core::store::Store;
use zoom_sandbox::{FaultSpec, RetryAfter};

const MEETINGS: &str = "/v2/users/me/meetings";
const PRO_ID: &str = "uPro00000000000000000B";

fn arrival(time: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(time).unwrap()
}

fn list_times(w: &World) -> Vec<chrono::DateTime<chrono::FixedOffset>> {
    w.sandbox.requests().into_iter().filter(|r| r.path == MEETINGS).map(|r| arrival(&r.time)).collect()
}

#[tokio::test]
async fn retry_after_as_a_date_is_honoured() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    w.sandbox.add_fault(FaultSpec { status: Some(429), retry_after: Some(RetryAfter::Date), ..FaultSpec::on(MEETINGS) });
    let (details, _) = refresh_connection(&w.zoom, w.anna, w.event, connection, true, Lang::En).await;
    assert!(details.sync.fault.is_none());
    let times = list_times(&w);
    assert_eq!(times.len(), 2);
    // The sandbox names `arrival + 2 s`, written to the whole second.
    let named = (times[0] + chrono::Duration::seconds(2)).timestamp();
    assert!(times[1].timestamp() >= named, "the retry came before the date Zoom named");
}

#[tokio::test]
async fn without_retry_after_the_client_backs_off() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    w.sandbox.add_fault(FaultSpec { status: Some(429), retry_after: Some(RetryAfter::Absent), count: 2, ..FaultSpec::on(MEETINGS) });
    let (details, _) = refresh_connection(&w.zoom, w.anna, w.event, connection, true, Lang::En).await;
    assert!(details.sync.fault.is_none(), "the third try worked");
    let times = list_times(&w);
    assert_eq!(times.len(), 3);
    assert!(times[1] - times[0] >= chrono::Duration::milliseconds(500));
    assert!(times[2] - times[1] >= chrono::Duration::milliseconds(1000), "the wait grows");
}

#[tokio::test]
async fn slow_answers_end_within_the_timeout_and_other_accounts_go_on() {
    let w = world().await;
    let pro = connect(&w, w.event, "Pro", PRO).await;
    let free = connect(&w, w.event, "Free", FREE).await;
    w.zoom.store().pool().close().await;
    let timeout = Duration::from_millis(700);
    let zoom = ZoomIntegration::new(Store::open(w.dir.path(), false).await.unwrap(), overrides(&w.sandbox)).with_request_timeout(timeout);
    w.sandbox.add_fault(FaultSpec { delay_ms: Some(5_000), count: 3, user_id: Some(PRO_ID.into()), ..FaultSpec::on(MEETINGS) });

    let started = Instant::now();
    let (connections, _) = refresh_event(&zoom, w.anna, w.event).await.unwrap();
    let took = started.elapsed();
    assert_eq!(connections.len(), 2);
    // Three tries, each cut at the timeout, with at most 0.75 s + 1.5 s of backoff between them.
    assert!(took <= 3 * (timeout + Duration::from_secs(1)) + Duration::from_millis(2250), "took {took:?}");
    let pro_details = zoom.details(admin(&zoom, w.anna, w.event).await, pro, Lang::En).await.unwrap();
    assert_eq!(pro_details.sync.fault.map(|f| f.code), Some(myscihub_core::core::FaultCode::ZoomUnreachable));
    let free_details = zoom.details(admin(&zoom, w.anna, w.event).await, free, Lang::En).await.unwrap();
    assert!(free_details.sync.fault.is_none() && free_details.sync.last_synced_at.is_some(), "the other account synced");
    // The sandbox logs a request when its (slow) answer is done, after the client gave up.
    let tries = || w.sandbox.requests().into_iter().filter(|r| r.path == MEETINGS && r.user_id.as_deref() == Some(PRO_ID)).count();
    wait_until(DEADLINE, || tries() >= 3).await;
    assert_eq!(tries(), 3, "three tries, and the sync is over: no fourth can come");
}

#[tokio::test]
async fn server_errors_are_tried_three_times_for_one_account_only() {
    let w = world().await;
    let pro = connect(&w, w.event, "Pro", PRO).await;
    let free = connect(&w, w.event, "Free", FREE).await;
    w.sandbox.add_fault(FaultSpec { status: Some(502), count: 10, user_id: Some(PRO_ID.into()), ..FaultSpec::on(MEETINGS) });
    refresh_event(&w.zoom, w.anna, w.event).await.unwrap();
    let pro_tries = w.sandbox.requests().into_iter().filter(|r| r.path == MEETINGS && r.user_id.as_deref() == Some(PRO_ID)).count();
    assert_eq!(pro_tries, 3);
    let pro_details = w.zoom.details(admin(&w.zoom, w.anna, w.event).await, pro, Lang::Ru).await.unwrap();
    assert_eq!(pro_details.sync.fault.as_ref().map(|f| f.code.as_str()), Some("zoom_server_error"));
    assert!(w.zoom.details(admin(&w.zoom, w.anna, w.event).await, free, Lang::Ru).await.unwrap().sync.fault.is_none());
}
