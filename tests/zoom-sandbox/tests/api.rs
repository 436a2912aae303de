//! REST API behaviour: pagination, list types, meeting details, rate limits, latency, faults,
//! the request log and the control API.

mod common;

use common::schema::{assert_valid, meeting_list};
use common::*;
use jsonschema::Validator;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use zoom_sandbox::{BodyFault, FaultSpec, PaginationFault, Sandbox};

/// Walks every page of the list; returns (pages, total_records seen, ids in order).
async fn all_pages(sb: &Sandbox, access: &str, page_size: u32) -> (usize, Vec<u64>, Vec<u64>) {
    let mut pages = 0;
    let mut totals = Vec::new();
    let mut ids = Vec::new();
    let mut token = String::new();
    loop {
        let path = format!("/v2/users/me/meetings?type=scheduled&page_size={page_size}&next_page_token={token}");
        let (status, body) = json(api(sb, &path, access).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        pages += 1;
        assert_eq!(body["page_size"], page_size);
        totals.push(body["total_records"].as_u64().unwrap());
        ids.extend(body["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()));
        token = body["next_page_token"].as_str().expect("next_page_token is a string").to_string();
        if token.is_empty() {
            return (pages, totals, ids);
        }
        assert!(pages < 100, "pagination does not end");
    }
}

#[tokio::test]
async fn pagination_at_the_edges() {
    for (n, expected_pages) in [(0usize, 1usize), (1, 1), (300, 1), (301, 2), (1000, 4)] {
        let mut s = scenario("test.json");
        s.users[1].meetings = meetings(PRO, n);
        let sb = start(s, true).await;
        let t = sign_in(&sb, "pro@example.org").await;
        let (pages, totals, ids) = all_pages(&sb, &t.access, 300).await;
        assert_eq!(pages, expected_pages, "{n} meetings");
        assert!(totals.iter().all(|&t| t == n as u64), "{n}: {totals:?}");
        let expected: Vec<u64> = (0..n as u64).map(|i| 85_000_000_000 + i).collect();
        assert_eq!(ids, expected, "{n}: every id exactly once, in order");
        sb.shutdown().await;
    }
}

#[tokio::test]
async fn page_size_defaults_to_30_and_is_capped_at_300() {
    let mut s = scenario("test.json");
    s.users[1].meetings = meetings(PRO, 350);
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let (_, body) = json(api(&sb, "/v2/users/me/meetings", &t.access).await).await;
    assert_eq!((body["page_size"].as_u64(), body["meetings"].as_array().unwrap().len()), (Some(30), 30));
    let (_, body) = json(api(&sb, "/v2/users/me/meetings?page_size=1000", &t.access).await).await;
    assert_eq!((body["page_size"].as_u64(), body["meetings"].as_array().unwrap().len()), (Some(300), 300));
    assert_eq!(body["total_records"], 350);
}

#[tokio::test]
async fn page_token_expires_after_15_minutes() {
    let mut s = scenario("test.json");
    s.users[1].meetings = meetings(PRO, 5);
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let (_, first) = json(api(&sb, "/v2/users/me/meetings?page_size=2", &t.access).await).await;
    let token = first["next_page_token"].as_str().unwrap().to_string();
    assert!(!token.is_empty());
    let page = format!("/v2/users/me/meetings?page_size=2&next_page_token={token}");
    sb.advance_clock(14 * 60);
    let (status, second) = json(api(&sb, &page, &t.access).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["meetings"][0]["id"], 85_000_000_002u64);
    sb.advance_clock(2 * 60);
    let (status, body) = json(api(&sb, &page, &t.access).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"code": 300, "message": "The next page token is invalid or expired."}));
}

#[tokio::test]
async fn list_types_follow_the_clock_and_skip_instant_meetings() {
    let mut s = scenario("test.json");
    // Several quick list calls from a free account would meet its 2/s limit.
    s.rate_limits = false;
    let sb = start(s, true).await;
    let t = sign_in(&sb, "free@example.org").await;
    let topics =
        |body: &Value| -> Vec<String> { body["meetings"].as_array().unwrap().iter().map(|m| m["topic"].as_str().unwrap().to_string()).collect() };
    let (_, scheduled) = json(api(&sb, "/v2/users/me/meetings", &t.access).await).await;
    assert_eq!(
        topics(&scheduled),
        ["Scheduled, upcoming", "Recurring, no fixed time", "Recurring, fixed time", "Past meeting with a field Zoom added later"]
    );
    // Served as given: no start_time on type 3, unknown fields kept.
    assert!(scheduled["meetings"][1].get("start_time").is_none());
    assert_eq!(scheduled["meetings"][3]["x_future_field"], json!({"nested": [1, "two", null]}));
    let (_, upcoming) = json(api(&sb, "/v2/users/me/meetings?type=upcoming", &t.access).await).await;
    assert_eq!(topics(&upcoming), ["Scheduled, upcoming", "Recurring, no fixed time", "Recurring, fixed time"]);
    let (_, previous) = json(api(&sb, "/v2/users/me/meetings?type=previous_meetings", &t.access).await).await;
    assert_eq!(topics(&previous), ["Past meeting with a field Zoom added later"]);
    let (status, _) = json(api(&sb, "/v2/users/me/meetings?type=nonsense", &t.access).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn list_cuts_the_agenda_to_250_characters() {
    let mut s = scenario("test.json");
    let mut m = meetings(PRO, 1);
    m[0]["agenda"] = json!("Я".repeat(400));
    s.users[1].meetings = m;
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let (_, list) = json(api(&sb, "/v2/users/me/meetings", &t.access).await).await;
    assert_eq!(list["meetings"][0]["agenda"].as_str().unwrap().chars().count(), 250);
    let (_, one) = json(api(&sb, "/v2/meetings/85000000000", &t.access).await).await;
    assert_eq!(one["agenda"].as_str().unwrap().chars().count(), 400);
}

#[tokio::test]
async fn meeting_details_add_occurrences_and_keep_raw_fields() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "free@example.org").await;
    let (status, m) = json(api(&sb, "/v2/meetings/81234567892", &t.access).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(m["recurrence"]["type"], 2);
    let occ = m["occurrences"].as_array().unwrap();
    assert_eq!(occ.len(), 4);
    assert_eq!(occ[0]["start_time"], "2027-02-01T07:00:00Z");
    assert_eq!(occ[1]["start_time"], "2027-02-08T07:00:00Z");
    assert_eq!(occ[0]["occurrence_id"], "1801465200000");
    assert!(m["start_url"].as_str().unwrap().contains("zak=zsbx_zak_"));
    assert_eq!(m["encrypted_password"], "QWxsLWZvci10ZXN0cy1vbmx5LTAwMDAwMw.1");
    assert_eq!(m["host_email"], "free@example.org");

    // Type 3 has no fixed time, hence no occurrences; a UUID with slashes is double-encoded.
    let (status, m) = json(api(&sb, "/v2/meetings/%252Fab%252F%252FcdEFghIJklMNopQR%253D%253D", &t.access).await).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["id"], 81234567891u64);
    assert!(m.get("occurrences").is_none() && m.get("start_time").is_none());

    let (status, body) = json(api(&sb, "/v2/meetings/99999999999", &t.access).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"code": 3001, "message": "Meeting does not exist: 99999999999."}));
}

#[tokio::test]
async fn user_profile_and_missing_scopes() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "free@example.org").await;
    let (_, me) = json(api(&sb, "/v2/users/me", &t.access).await).await;
    for field in [
        "id",
        "first_name",
        "last_name",
        "display_name",
        "email",
        "type",
        "pmi",
        "personal_meeting_url",
        "timezone",
        "language",
        "pic_url",
        "account_id",
        "role_name",
        "status",
        "dept",
        "company",
    ] {
        assert!(me.get(field).is_some(), "users/me lacks {field}");
    }
    assert_eq!(me["display_name"], "Фёдор Бесплатный");
    assert_eq!(me["account_id"], "acctFree000000000000001");
    let (status, _) = json(api(&sb, &format!("/v2/users/{FREE}"), &t.access).await).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = json(api(&sb, &format!("/v2/users/{PRO}"), &t.access).await).await;
    assert_eq!((status, body["code"].as_i64()), (StatusCode::NOT_FOUND, Some(1001)));

    // This user granted only the list scope.
    let biz = sign_in(&sb, "business@example.org").await;
    assert_eq!(biz.body["scope"], "meeting:read:list_meetings");
    assert_eq!(api(&sb, "/v2/users/me/meetings", &biz.access).await.status(), StatusCode::OK);
    let (status, body) = json(api(&sb, "/v2/users/me", &biz.access).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], 4711);
}

#[tokio::test]
async fn free_account_hammering_the_list_gets_429() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "free@example.org").await;
    let ok = api(&sb, "/v2/users/me/meetings", &t.access).await;
    assert_eq!(ok.headers()["x-ratelimit-category"], "Medium");
    assert_eq!(ok.headers()["x-ratelimit-type"], "Daily-limit");
    assert_eq!(ok.headers()["x-ratelimit-limit"], "2000");
    let deadline = Instant::now() + Duration::from_secs(5);
    let refused = loop {
        let r = api(&sb, "/v2/users/me/meetings", &t.access).await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            break r;
        }
        assert!(Instant::now() < deadline, "no 429 from a free account at full speed");
    };
    let h = refused.headers().clone();
    assert_eq!(h["x-ratelimit-category"], "Medium");
    assert_eq!(h["x-ratelimit-type"], "QPS");
    assert_eq!(h["x-ratelimit-limit"], "2");
    assert_eq!(h["x-ratelimit-remaining"], "0");
    assert_eq!(h["retry-after"], "1");
    assert_eq!(
        refused.json::<Value>().await.unwrap(),
        json!({"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."})
    );
    // The light class has a budget of its own.
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
    // A paid account next door is not affected.
    let pro = sign_in(&sb, "pro@example.org").await;
    assert_eq!(api(&sb, "/v2/users/me/meetings", &pro.access).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn scenario_latency_and_fault_delay_are_observed() {
    let mut s = scenario("test.json");
    s.latency_ms = 120;
    let sb = start(s, true).await;
    let started = Instant::now();
    let t = sign_in(&sb, "pro@example.org").await;
    assert!(started.elapsed() >= Duration::from_millis(240), "authorize + token each wait 120 ms");
    let started = Instant::now();
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(120));

    sb.add_fault(FaultSpec { method: Some("GET".into()), delay_ms: Some(300), ..FaultSpec::on("/v2/users/me") });
    let started = Instant::now();
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(420));
    let last = sb.requests().pop().unwrap();
    assert!(last.elapsed_ms >= 420, "{last:?}");
    assert_eq!(last.fault.as_deref(), Some("delay 300ms"));
}

#[tokio::test]
async fn status_faults_hit_the_next_n_matching_requests() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    control(&sb, Method::POST, "/_sandbox/faults", Some(json!({"path": "/v2/users/me/meetings", "count": 2, "status": 500}))).await;
    // Another path is not affected.
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
    for _ in 0..2 {
        let (status, body) = json(api(&sb, "/v2/users/me/meetings", &t.access).await).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["code"], 500);
    }
    assert_eq!(api(&sb, "/v2/users/me/meetings", &t.access).await.status(), StatusCode::OK);

    // A method filter that does not match leaves the request alone.
    control(&sb, Method::POST, "/_sandbox/faults", Some(json!({"path": "/v2/users/me", "method": "POST", "status": 503}))).await;
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn fault_429_with_each_retry_after_style() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    for (style, check) in [("seconds", "1"), ("date", "GMT"), ("absent", "")] {
        control(&sb, Method::POST, "/_sandbox/faults", Some(json!({"path": "/v2/users/me/meetings", "status": 429, "retry_after": style}))).await;
        let r = api(&sb, "/v2/users/me/meetings", &t.access).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()["x-ratelimit-type"], "QPS");
        let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        match style {
            "absent" => assert_eq!(retry, None),
            "seconds" => assert_eq!(retry.as_deref(), Some(check)),
            _ => {
                let date = retry.unwrap();
                assert!(date.ends_with(check) && date.len() == 29, "{date}");
            }
        }
        assert_eq!(r.json::<Value>().await.unwrap()["code"], 429);
    }
}

#[tokio::test]
async fn malformed_and_truncated_bodies() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    sb.add_fault(FaultSpec { body: Some(BodyFault::Malformed), ..FaultSpec::on("/v2/users/me") });
    let r = api(&sb, "/v2/users/me", &t.access).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    sb.add_fault(FaultSpec { body: Some(BodyFault::Truncated), ..FaultSpec::on("/v2/users/me") });
    let r = api(&sb, "/v2/users/me", &t.access).await;
    assert_eq!(r.status(), StatusCode::OK);
    let declared: usize = r.headers()["content-length"].to_str().unwrap().parse().unwrap();
    match r.bytes().await {
        Err(_) => {}
        Ok(b) => assert!(b.len() < declared, "body arrived whole"),
    }
    // Untouched afterwards.
    assert_eq!(json(api(&sb, "/v2/users/me", &t.access).await).await.0, StatusCode::OK);
    let faults: Vec<_> = sb.requests().into_iter().filter_map(|r| r.fault).collect();
    assert_eq!(faults, ["malformed", "truncated"]);
}

#[tokio::test]
async fn dropped_refresh_response_leaves_only_reauthorization() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "free@example.org").await;
    control(&sb, Method::POST, "/_sandbox/faults", Some(json!({"path": "/oauth/token", "method": "POST", "drop": true}))).await;
    let lost = http()
        .post(format!("{}/oauth/token", sb.base_url()))
        .form(&[("grant_type", "refresh_token"), ("client_id", PUBLIC), ("refresh_token", t.refresh.as_str())])
        .send()
        .await;
    assert!(lost.is_err(), "the connection closes without an answer");
    // The refresh did happen at "Zoom": the token the client still holds is dead.
    let (status, body) = json(refresh(&sb, &t.refresh).await).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    let log = sb.requests();
    let dropped = log.iter().find(|r| r.fault.as_deref() == Some("drop")).expect("dropped request logged");
    assert_eq!((dropped.path.as_str(), dropped.status), ("/oauth/token", 200));
    // The server is still fine for everyone else.
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn request_log_records_what_the_client_sent() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    api(&sb, "/v2/users/me/meetings?type=upcoming&page_size=300", &t.access).await;
    api(&sb, "/v2/nowhere", &t.access).await;
    control(&sb, Method::GET, "/_sandbox/state", None).await;
    let log: Vec<zoom_sandbox::RequestRecord> = serde_json::from_value(control(&sb, Method::GET, "/_sandbox/requests", None).await).unwrap();
    assert_eq!(log, sb.requests());
    let seen: Vec<(&str, &str, u16)> = log.iter().map(|r| (r.method.as_str(), r.path.as_str(), r.status)).collect();
    assert_eq!(
        seen,
        [("GET", "/oauth/authorize", 302), ("POST", "/oauth/token", 200), ("GET", "/v2/users/me/meetings", 200), ("GET", "/v2/nowhere", 404)]
    );
    assert_eq!(log[2].query, "type=upcoming&page_size=300");
    assert_eq!(log[1].query, "");
    assert!(log[0].query.contains("client_id=test-public"));
    for r in &log {
        let t = time::OffsetDateTime::parse(&r.time, &time::format_description::well_known::Rfc3339).expect("RFC 3339");
        assert!(r.time.ends_with('Z') && r.time.len() == 24, "milliseconds: {}", r.time);
        assert!((time::OffsetDateTime::now_utc() - t).whole_seconds().abs() < 60);
    }
    // No secret travels in a URL the sandbox saw.
    assert!(log.iter().all(|r| !r.query.contains(&t.access) && !r.query.contains(&t.refresh)));
    http().delete(format!("{}/_sandbox/requests", sb.base_url())).send().await.unwrap();
    assert!(sb.requests().is_empty());
}

#[tokio::test]
async fn control_api_edits_meetings_live() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let count = |sb: &Sandbox, access: String| {
        let base = sb.base_url();
        async move {
            let r = http().get(format!("{base}/v2/users/me/meetings")).bearer_auth(access).send().await.unwrap();
            r.json::<Value>().await.unwrap()["total_records"].as_u64().unwrap()
        }
    };
    assert_eq!(count(&sb, t.access.clone()).await, 0);
    let m = meetings(PRO, 3);
    control(&sb, Method::PUT, &format!("/_sandbox/users/{PRO}/meetings"), Some(json!(m))).await;
    assert_eq!(count(&sb, t.access.clone()).await, 3);
    let odd = json!({"id": 86000000001u64, "type": 2, "topic": 42, "start_time": "not a time", "weird": true});
    control(&sb, Method::POST, &format!("/_sandbox/users/{PRO}/meetings"), Some(odd.clone())).await;
    let (_, list) = json(api(&sb, "/v2/users/me/meetings", &t.access).await).await;
    assert_eq!(list["meetings"][3], odd, "served exactly as given");
    control(&sb, Method::DELETE, &format!("/_sandbox/users/{PRO}/meetings/85000000001"), None).await;
    let (_, list) = json(api(&sb, "/v2/users/me/meetings", &t.access).await).await;
    let ids: HashSet<u64> = list["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, HashSet::from([85000000000, 85000000002, 86000000001]));

    let state = control(&sb, Method::GET, "/_sandbox/state", None).await;
    assert_eq!(state["users"][1]["installed_for"], json!(["test-public"]));
    assert!(!state.to_string().contains(&t.access), "state never shows tokens");
    let r = http().post(format!("{}/_sandbox/users/nobody/uninstall", sb.base_url())).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Control calls are not part of the emulated traffic.
    assert!(sb.requests().iter().all(|r| !r.path.starts_with("/_sandbox")));
}

#[tokio::test]
async fn faults_can_be_armed_by_the_scenario() {
    let mut s = scenario("test.json");
    s.faults = serde_json::from_value(json!([{"path": "/v2/users/me", "count": 2, "status": 503}])).unwrap();
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api(&sb, "/v2/users/me", &t.access).await.status(), StatusCode::OK);
}

const MEETINGS: &str = "/v2/users/me/meetings";

/// One page of the list, which must be a 200 that Zoom's schema accepts.
async fn valid_page(sb: &Sandbox, access: &str, schema: &Validator, query: &str) -> Value {
    let path = format!("{MEETINGS}?{query}");
    let (status, body) = json(api(sb, &path, access).await).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    assert_valid(schema, &body, &format!("GET {path}"));
    body
}

fn ids(page: &Value) -> Vec<u64> {
    page["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()).collect()
}

fn next_token(page: &Value) -> String {
    page["next_page_token"].as_str().expect("next_page_token is a string").to_string()
}

fn stored(range: std::ops::Range<u64>) -> Vec<u64> {
    range.map(|i| 85_000_000_000 + i).collect()
}

fn faults_seen(sb: &Sandbox) -> Vec<Option<String>> {
    sb.requests().into_iter().filter(|r| r.path == MEETINGS).map(|r| r.fault).collect()
}

#[tokio::test]
async fn repeating_page_token_fault_answers_every_page_with_the_same_token() {
    let mut s = scenario("test.json");
    // Dozens of quick list calls would meet the rate limit, not the fault.
    s.rate_limits = false;
    s.users[1].meetings = meetings(PRO, 5);
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let list = meeting_list();
    control(&sb, Method::POST, "/_sandbox/faults", Some(json!({"path": MEETINGS, "count": 40, "pagination": "repeating_token"}))).await;

    let first = valid_page(&sb, &t.access, &list, "page_size=2").await;
    assert_eq!((ids(&first), first["total_records"].as_u64()), (stored(0..2), Some(5)));
    let repeated = next_token(&first);
    assert!(!repeated.is_empty());
    for i in 1..40 {
        if i % 13 == 0 {
            // Long past the token's 15 minutes: while the fault lasts it stays alive.
            sb.advance_clock(14 * 60);
        }
        let page = valid_page(&sb, &t.access, &list, &format!("page_size=2&next_page_token={repeated}")).await;
        assert_eq!(next_token(&page), repeated, "answer {i}");
        assert_eq!((ids(&page), page["total_records"].as_u64()), (stored(2..4), Some(5)), "answer {i}");
    }
    assert_eq!(sb.requests_to(MEETINGS), 40, "every list request is logged");
    assert_eq!(faults_seen(&sb), vec![Some("repeating page token".to_string()); 40]);
    assert_eq!(control(&sb, Method::GET, "/_sandbox/state", None).await["faults"], json!([]), "count used up");

    // Over: the same token now leads on, and the list ends.
    let page = valid_page(&sb, &t.access, &list, &format!("page_size=2&next_page_token={repeated}")).await;
    assert_eq!(ids(&page), stored(2..4));
    let next = next_token(&page);
    assert!(!next.is_empty() && next != repeated);
    let last = valid_page(&sb, &t.access, &list, &format!("page_size=2&next_page_token={next}")).await;
    assert_eq!((ids(&last), next_token(&last)), (stored(4..5), String::new()));
    assert_eq!(sb.requests_to(MEETINGS), 42);
    assert!(faults_seen(&sb)[40..].iter().all(Option::is_none));
}

#[tokio::test]
async fn repeating_page_token_until_cleared_hits_only_its_user() {
    let mut s = scenario("test.json");
    s.rate_limits = false;
    s.users[1].meetings = meetings(PRO, 3);
    let sb = start(s, true).await;
    let pro = sign_in(&sb, "pro@example.org").await;
    let free = sign_in(&sb, "free@example.org").await;
    let list = meeting_list();
    sb.add_fault(FaultSpec {
        pagination: Some(PaginationFault::RepeatingToken),
        count: FaultSpec::UNTIL_CLEARED,
        user_id: Some(PRO.into()),
        ..FaultSpec::on(MEETINGS)
    });

    // Everything fits one page, yet a token comes, and it comes back with an empty page.
    let first = valid_page(&sb, &pro.access, &list, "page_size=300").await;
    assert_eq!(ids(&first), stored(0..3));
    let repeated = next_token(&first);
    assert!(!repeated.is_empty());
    for _ in 0..200 {
        let page = valid_page(&sb, &pro.access, &list, &format!("page_size=300&next_page_token={repeated}")).await;
        assert_eq!((ids(&page), next_token(&page), page["total_records"].as_u64()), (vec![], repeated.clone(), Some(3)));
    }
    // Another user's list pages as usual meanwhile.
    let (pages, _, free_ids) = all_pages(&sb, &free.access, 300).await;
    assert_eq!((pages, free_ids.len()), (1, 4));
    let state = control(&sb, Method::GET, "/_sandbox/state", None).await;
    assert_eq!(state["faults"][0]["remaining"], u32::MAX - 201);
    assert_eq!(state["faults"][0]["spec"]["pagination"], "repeating_token");

    sb.clear_faults();
    let page = valid_page(&sb, &pro.access, &list, &format!("page_size=300&next_page_token={repeated}")).await;
    assert_eq!((ids(&page), next_token(&page)), (vec![], String::new()));
    assert_eq!(sb.requests_to(MEETINGS), 1 + 200 + 1 + 1);
    let seen = faults_seen(&sb);
    assert_eq!(seen.iter().filter(|f| f.as_deref() == Some("repeating page token")).count(), 201);
}

#[tokio::test]
async fn beyond_total_fault_keeps_paging_past_total_records() {
    let mut s = scenario("test.json");
    s.rate_limits = false;
    s.users[1].meetings = meetings(PRO, 3);
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let list = meeting_list();
    control(&sb, Method::POST, "/_sandbox/faults", Some(json!({"path": MEETINGS, "count": 6, "pagination": "beyond_total"}))).await;

    let mut token = String::new();
    let mut tokens = HashSet::new();
    let mut listed = Vec::new();
    for i in 0..6 {
        let page = valid_page(&sb, &t.access, &list, &format!("page_size=2&next_page_token={token}")).await;
        assert_eq!(page["total_records"], 3, "page {i}: total_records stays the real count");
        assert_eq!(ids(&page).len(), 2, "page {i} is full");
        token = next_token(&page);
        assert!(!token.is_empty() && tokens.insert(token.clone()), "page {i}: a fresh token each time");
        listed.extend(ids(&page));
    }
    assert_eq!(listed.len(), 12, "four times total_records");
    assert_eq!(listed.iter().collect::<HashSet<_>>().len(), 12, "no meeting twice");
    assert_eq!(listed[..3], stored(0..3));
    assert!(listed[3..].iter().all(|&id| id >= 99_000_000_000), "{listed:?}");
    assert_eq!(sb.requests_to(MEETINGS), 6);
    assert_eq!(faults_seen(&sb), vec![Some("pages beyond total_records".to_string()); 6]);

    // Over: the last token leads past the end, to an empty last page; a new walk is the real one.
    let page = valid_page(&sb, &t.access, &list, &format!("page_size=2&next_page_token={token}")).await;
    assert_eq!((ids(&page), next_token(&page), page["total_records"].as_u64()), (vec![], String::new(), Some(3)));
    let (pages, _, again) = all_pages(&sb, &t.access, 2).await;
    assert_eq!((pages, again), (2, stored(0..3)));
    assert_eq!(sb.requests_to(MEETINGS), 6 + 1 + 2);
}

#[tokio::test]
async fn beyond_total_meetings_fit_the_list_type_even_for_an_empty_account() {
    let mut s = scenario("test.json");
    s.rate_limits = false;
    let sb = start(s, true).await;
    let t = sign_in(&sb, "pro@example.org").await;
    let list = meeting_list();
    let now = time::OffsetDateTime::now_utc();
    for list_type in ["scheduled", "upcoming", "upcoming_meetings", "live", "previous_meetings"] {
        sb.add_fault(FaultSpec { pagination: Some(PaginationFault::BeyondTotal), ..FaultSpec::on(MEETINGS) });
        let page = valid_page(&sb, &t.access, &list, &format!("type={list_type}&page_size=5")).await;
        assert_eq!(page["total_records"], 0, "{list_type}");
        assert!(!next_token(&page).is_empty(), "{list_type}");
        let meetings = page["meetings"].as_array().unwrap();
        assert_eq!(meetings.len(), 5, "{list_type}");
        for m in meetings {
            let start = time::OffsetDateTime::parse(m["start_time"].as_str().unwrap(), &time::format_description::well_known::Rfc3339).unwrap();
            let end = start + time::Duration::minutes(m["duration"].as_i64().unwrap());
            match list_type {
                // The sandbox read its clock a moment after `now`, perhaps in the next hour.
                "live" => assert!(start <= now + time::Duration::minutes(1) && now < end, "{m}"),
                "previous_meetings" => assert!(end <= now, "{m}"),
                _ => assert!(start > now, "{m}"),
            }
            assert_eq!(m["host_id"], PRO);
        }
        // Once is once: the next answer is Zoom's own.
        let page = valid_page(&sb, &t.access, &list, &format!("type={list_type}&page_size=5")).await;
        assert_eq!((ids(&page), next_token(&page)), (vec![], String::new()));
    }
}

#[tokio::test]
async fn pagination_faults_are_refused_off_the_meeting_list() {
    let sb = start(scenario("test.json"), true).await;
    let url = format!("{}/_sandbox/faults", sb.base_url());
    for path in ["/v2/users/me", "/oauth/token", "/v2/users//meetings", "/v2/users/me/meetings/1"] {
        let r = http().post(&url).json(&json!({"path": path, "pagination": "beyond_total"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        assert!(r.json::<Value>().await.unwrap()["error"].as_str().unwrap().contains("pagination faults apply to"));
    }
    let r = http().post(&url).json(&json!({"path": MEETINGS, "pagination": "sometimes"})).send().await.unwrap();
    assert!(r.status().is_client_error());
    for path in [MEETINGS.to_string(), format!("/v2/users/{PRO}/meetings"), "/v2/users/pro@example.org/meetings".into()] {
        let r = http().post(&url).json(&json!({"path": path, "count": 3, "pagination": "repeating_token"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
    let bad = r#"{"users": [], "faults": [{"path": "/v2/users/me", "pagination": "repeating_token"}]}"#;
    assert!(zoom_sandbox::Scenario::from_json(bad).unwrap_err().to_string().contains("pagination faults apply to"));
    // The Rust shape and the JSON shape are the same.
    let spec = FaultSpec { count: FaultSpec::UNTIL_CLEARED, pagination: Some(PaginationFault::BeyondTotal), ..FaultSpec::on(MEETINGS) };
    let as_json = serde_json::to_value(&spec).unwrap();
    assert_eq!((&as_json["pagination"], &as_json["count"]), (&json!("beyond_total"), &json!(4294967295u32)));
    assert_eq!(serde_json::from_value::<FaultSpec>(as_json).unwrap(), spec);
}

#[tokio::test]
#[should_panic(expected = "pagination faults apply to /v2/users/{userId}/meetings, not /v2/users/me")]
async fn add_fault_panics_on_a_pagination_fault_off_the_meeting_list() {
    let sb = start(scenario("test.json"), true).await;
    sb.add_fault(FaultSpec { pagination: Some(PaginationFault::RepeatingToken), ..FaultSpec::on("/v2/users/me") });
}
