//! `/_sandbox/*`: what tests use to steer the emulated Zoom. Never delayed, faulted or logged.

use crate::faults::{ActiveFault, FaultSpec};
use crate::state::{rfc3339_ms, App};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/_sandbox/users/{id}/uninstall", post(uninstall))
        .route("/_sandbox/users/{id}/meetings", post(add_meeting).put(replace_meetings))
        .route("/_sandbox/users/{id}/meetings/{meeting_id}", delete(delete_meeting))
        .route("/_sandbox/requests", get(requests).delete(clear_requests))
        .route("/_sandbox/faults", post(add_fault).delete(clear_faults))
        .route("/_sandbox/clock/advance", post(advance_clock))
        .route("/_sandbox/state", get(state))
}

fn unknown_user(id: &str) -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": format!("unknown user {id}")}))).into_response()
}

/// Marketplace → Remove: every grant the user gave, to any client, is revoked.
async fn uninstall(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let mut st = app.lock();
    if st.user(&id).is_none() {
        return unknown_user(&id);
    }
    let revoked = st.revoke_grants(&id, None);
    Json(json!({"status": "success", "revoked_tokens": revoked})).into_response()
}

async fn add_meeting(State(app): State<Arc<App>>, Path(id): Path<String>, Json(meeting): Json<Value>) -> Response {
    let mut st = app.lock();
    let Some(user) = st.user_mut(&id) else {
        return unknown_user(&id);
    };
    user.meetings.push(meeting);
    Json(json!({"status": "success", "meetings": user.meetings.len()})).into_response()
}

async fn replace_meetings(State(app): State<Arc<App>>, Path(id): Path<String>, Json(meetings): Json<Vec<Value>>) -> Response {
    let mut st = app.lock();
    let Some(user) = st.user_mut(&id) else {
        return unknown_user(&id);
    };
    user.meetings = meetings;
    Json(json!({"status": "success", "meetings": user.meetings.len()})).into_response()
}

async fn delete_meeting(State(app): State<Arc<App>>, Path((id, meeting_id)): Path<(String, String)>) -> Response {
    let mut st = app.lock();
    let Some(user) = st.user_mut(&id) else {
        return unknown_user(&id);
    };
    let before = user.meetings.len();
    user.meetings.retain(|m| !crate::api::meeting_id_matches(m, &meeting_id));
    let removed = before - user.meetings.len();
    let status = if removed == 0 { StatusCode::NOT_FOUND } else { StatusCode::OK };
    (status, Json(json!({"removed": removed}))).into_response()
}

async fn requests(State(app): State<Arc<App>>) -> Response {
    Json(app.lock().requests.clone()).into_response()
}

async fn clear_requests(State(app): State<Arc<App>>) -> StatusCode {
    app.lock().requests.clear();
    StatusCode::NO_CONTENT
}

async fn add_fault(State(app): State<Arc<App>>, Json(spec): Json<FaultSpec>) -> Response {
    if spec.count == 0 {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "count must be at least 1"}))).into_response();
    }
    if let Some(problem) = spec.problem() {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": problem}))).into_response();
    }
    let mut st = app.lock();
    st.faults.push(ActiveFault { remaining: spec.count, spec });
    Json(json!({"status": "success", "pending": st.faults.len()})).into_response()
}

async fn clear_faults(State(app): State<Arc<App>>) -> StatusCode {
    app.lock().faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

/// Moves the sandbox clock forward: tokens, codes and page tokens expire without waiting.
async fn advance_clock(State(app): State<Arc<App>>, Json(a): Json<Advance>) -> Response {
    if a.seconds < 0 {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "the clock only moves forward"}))).into_response();
    }
    let mut st = app.lock();
    st.clock_offset += time::Duration::seconds(a.seconds);
    let now = st.now();
    Json(json!({"now": rfc3339_ms(now), "offset_s": st.clock_offset.whole_seconds()})).into_response()
}

/// A summary for people and tests; it never shows a token.
async fn state(State(app): State<Arc<App>>) -> Response {
    let st = app.lock();
    let now = st.now();
    let users: Vec<Value> = st
        .scenario
        .users
        .iter()
        .map(|u| {
            let live_access = st.access_tokens.values().filter(|t| t.user_id == u.id && t.expires_at > now).count();
            let refresh: Vec<&str> = st.refresh_tokens.values().filter(|t| t.user_id == u.id).map(|t| t.client_id.as_str()).collect();
            let installed: BTreeSet<&str> = refresh.iter().copied().collect();
            json!({
                "id": u.id, "email": u.email, "account_id": u.account_id, "plan": u.plan,
                "meetings": u.meetings.len(), "installed_for": installed,
                "live_access_tokens": live_access, "refresh_tokens": refresh.len(),
            })
        })
        .collect();
    let faults: Vec<Value> = st.faults.iter().map(|f| json!({"spec": f.spec, "remaining": f.remaining})).collect();
    Json(json!({
        "now": rfc3339_ms(now),
        "offset_s": st.clock_offset.whole_seconds(),
        "users": users,
        "faults": faults,
        "requests": st.requests.len(),
    }))
    .into_response()
}
