//! `api.zoom.us/v2`: the user profile, the meeting list with page tokens, and one meeting.

use crate::faults::PaginationFault;
use crate::limits::{Class, LimitType, Verdict};
use crate::scenario::UserConfig;
use crate::state::{random_token, rfc3339_s, App, PageToken, State as Sandbox};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Zoom's next_page_token dies after 15 minutes.
const PAGE_TOKEN_TTL: Duration = Duration::minutes(15);
const LIST_TYPES: &[&str] = &["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];

pub fn zoom_error(status: StatusCode, code: i64, message: &str) -> Response {
    (status, Json(json!({"code": code, "message": message}))).into_response()
}

pub fn too_many_requests_body(daily: bool) -> Response {
    let message = if daily {
        "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."
    } else {
        "You have reached the maximum per-second rate limit for this API. Try again later."
    };
    zoom_error(StatusCode::TOO_MANY_REQUESTS, 429, message)
}

struct Caller {
    user: UserConfig,
    scope: String,
}

pub(crate) fn invalid_token() -> Response {
    zoom_error(StatusCode::UNAUTHORIZED, 124, "Invalid access token.")
}

fn authenticate(st: &Sandbox, headers: &HeaderMap, uri: &Uri) -> Result<Caller, Response> {
    // A token in the URL leaks into logs and histories: Zoom refuses it outright.
    let in_query = uri.query().is_some_and(|q| url::form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k == "access_token"));
    if in_query {
        return Err(invalid_token());
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(invalid_token)?;
    let token = st.access_tokens.get(bearer).ok_or_else(invalid_token)?;
    if token.expires_at <= st.now() {
        return Err(zoom_error(StatusCode::UNAUTHORIZED, 124, "Access token is expired."));
    }
    let user = st.user(&token.user_id).ok_or_else(invalid_token)?.clone();
    Ok(Caller { user, scope: token.scope.clone() })
}

/// Granular scope or its classic parent, as Zoom accepts either.
fn require_scope(caller: &Caller, granular: &str, classic: &str) -> Result<(), Response> {
    if caller.scope.split_whitespace().any(|s| s == granular || s == classic) {
        return Ok(());
    }
    Err(zoom_error(StatusCode::BAD_REQUEST, 4711, &format!("Invalid access token, does not contain scopes:[{granular}].")))
}

fn rate_limit(st: &mut Sandbox, caller: &Caller, class: Class) -> Result<Option<Verdict>, Response> {
    if !st.scenario.rate_limits {
        return Ok(None);
    }
    let now = st.now();
    let verdict = st.limiter.check(&caller.user.account_id, caller.user.plan, class, now);
    if verdict.retry_after.is_some() {
        let mut r = too_many_requests_body(verdict.kind == LimitType::Daily);
        add_limit_headers(&mut r, &verdict);
        return Err(r);
    }
    Ok(Some(verdict))
}

fn add_limit_headers(r: &mut Response, v: &Verdict) {
    let h = r.headers_mut();
    h.insert("X-RateLimit-Category", HeaderValue::from_static(v.class.name()));
    h.insert("X-RateLimit-Type", HeaderValue::from_static(v.kind.header()));
    h.insert("X-RateLimit-Limit", HeaderValue::from(v.limit));
    h.insert("X-RateLimit-Remaining", HeaderValue::from(v.remaining));
    if let Some(secs) = v.retry_after {
        h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
}

/// The common start of every API call: token, rate limit, scope.
fn admit(st: &mut Sandbox, headers: &HeaderMap, uri: &Uri, class: Class, scope: (&str, &str)) -> Result<(Caller, Option<Verdict>), Response> {
    let caller = authenticate(st, headers, uri)?;
    let verdict = rate_limit(st, &caller, class)?;
    require_scope(&caller, scope.0, scope.1).map_err(|mut r| {
        if let Some(v) = &verdict {
            add_limit_headers(&mut r, v);
        }
        r
    })?;
    Ok((caller, verdict))
}

fn respond(body: Value, verdict: Option<Verdict>) -> Response {
    let mut r = Json(body).into_response();
    if let Some(v) = verdict {
        add_limit_headers(&mut r, &v);
    }
    r
}

/// A user-level app may only name its own user: `me`, its id or its e-mail.
fn is_self(user: &UserConfig, user_id: &str) -> bool {
    user_id == "me" || user_id == user.id || user_id.eq_ignore_ascii_case(&user.email)
}

pub async fn get_user(State(app): State<Arc<App>>, Path(user_id): Path<String>, headers: HeaderMap, uri: Uri) -> Response {
    let mut st = app.lock();
    let (caller, verdict) = match admit(&mut st, &headers, &uri, Class::Light, ("user:read:user", "user:read")) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !is_self(&caller.user, &user_id) {
        return zoom_error(StatusCode::NOT_FOUND, 1001, &format!("User does not exist: {user_id}."));
    }
    respond(user_object(&caller.user), verdict)
}

pub fn user_object(u: &UserConfig) -> Value {
    let pmi = u.extra.get("pmi").and_then(Value::as_i64).unwrap_or_else(|| 1_000_000_000 + digits(&u.id) % 9_000_000_000);
    let account_number = 10_000_000 + digits(&u.account_id) % 90_000_000;
    let mut user = json!({
        "id": u.id,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "display_name": format!("{} {}", u.first_name, u.last_name).trim(),
        "email": u.email,
        "type": u.user_type,
        "role_name": "Owner",
        "pmi": pmi,
        "use_pmi": false,
        "personal_meeting_url": format!("https://us05web.zoom.us/j/{pmi}?pwd={}", password_for(&u.id, 32)),
        "timezone": u.timezone,
        "verified": 1,
        "dept": "",
        "created_at": "2024-03-11T08:21:47Z",
        "user_created_at": "2024-03-11T08:21:47Z",
        "last_login_time": "2026-11-20T06:12:09Z",
        "last_client_version": "6.3.1.50300(win)",
        "pic_url": format!("https://us05web.zoom.us/p/v2/{}/{}-7d35-4ab1-9c1e-5e8f2b0a6c3d-1204", password_for(&u.id, 64).to_lowercase(), password_for(&u.email, 8).to_lowercase()),
        "language": "en-US",
        "phone_number": "",
        "status": "active",
        "role_id": "0",
        "account_id": u.account_id,
        "account_number": account_number,
        "cluster": "us05",
        "jid": format!("{}@xmpp.zoom.us", u.id.to_lowercase()),
        "group_ids": [],
        "im_group_ids": [],
        "login_types": [100],
        "company": "",
        "job_title": "",
        "location": "",
    });
    let obj = user.as_object_mut().expect("object");
    for (k, v) in &u.extra {
        obj.insert(k.clone(), v.clone());
    }
    user
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    #[serde(rename = "type")]
    list_type: Option<String>,
    page_size: Option<String>,
    next_page_token: Option<String>,
}

pub async fn list_meetings(
    State(app): State<Arc<App>>,
    Path(user_id): Path<String>,
    Query(q): Query<ListQuery>,
    fault: Option<Extension<PaginationFault>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let mut st = app.lock();
    let (caller, verdict) = match admit(&mut st, &headers, &uri, Class::Medium, ("meeting:read:list_meetings", "meeting:read")) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !is_self(&caller.user, &user_id) {
        return zoom_error(StatusCode::NOT_FOUND, 1001, &format!("User {user_id} not exist or not belong to this account."));
    }
    let page_size = match q.page_size.as_deref().filter(|s| !s.is_empty()) {
        None => 30,
        // Zoom caps page_size at its documented maximum rather than refusing.
        Some(s) => match s.parse::<i64>() {
            Ok(n) => n.clamp(1, 300) as usize,
            Err(_) => return zoom_error(StatusCode::BAD_REQUEST, 300, "Invalid field: page_size."),
        },
    };
    let now = st.now();
    let (list_type, offset) = match q.next_page_token.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => match st.page_tokens.get(t) {
            Some(pt) if pt.expires_at > now && pt.user_id == caller.user.id => (pt.list_type.clone(), pt.offset),
            _ => return zoom_error(StatusCode::BAD_REQUEST, 300, "The next page token is invalid or expired."),
        },
        None => {
            let t = q.list_type.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| "scheduled".into());
            if !LIST_TYPES.contains(&t.as_str()) {
                return zoom_error(StatusCode::BAD_REQUEST, 300, "Invalid field: type.");
            }
            (t, 0)
        }
    };
    let listed: Vec<&Value> = caller.user.meetings.iter().filter(|m| is_listed(m, &list_type, now)).collect();
    let total = listed.len();
    let mut page: Vec<Value> = listed.iter().skip(offset).take(page_size).map(|m| list_item(m)).collect();
    let sent_token = q.next_page_token.filter(|t| !t.is_empty());
    let next = match fault {
        Some(Extension(PaginationFault::RepeatingToken)) => match sent_token {
            // The token the client sent comes back, kept alive, so it gets this page again.
            Some(token) => {
                if let Some(pt) = st.page_tokens.get_mut(&token) {
                    pt.expires_at = now + PAGE_TOKEN_TTL;
                }
                token
            }
            None => issue_page_token(&mut st, &caller.user.id, list_type, offset + page_size),
        },
        Some(Extension(PaginationFault::BeyondTotal)) => {
            let made_up = (offset + page.len()).max(total)..offset + page_size;
            page.extend(made_up.map(|n| beyond_total_item(&caller.user, n - total, &list_type, now)));
            issue_page_token(&mut st, &caller.user.id, list_type, offset + page_size)
        }
        None if offset + page_size < total => issue_page_token(&mut st, &caller.user.id, list_type, offset + page_size),
        None => String::new(),
    };
    respond(json!({"page_size": page_size, "total_records": total, "next_page_token": next, "meetings": page}), verdict)
}

fn issue_page_token(st: &mut Sandbox, user_id: &str, list_type: String, offset: usize) -> String {
    st.forget_expired();
    let token = random_token("");
    let expires_at = st.now() + PAGE_TOKEN_TTL;
    st.page_tokens.insert(token.clone(), PageToken { user_id: user_id.to_string(), list_type, offset, expires_at });
    token
}

/// The `n`-th meeting a broken Zoom lists past `total_records`: shaped as the list shapes a
/// meeting, with an id no scenario uses and a time that fits the list type.
fn beyond_total_item(host: &UserConfig, n: usize, list_type: &str, now: OffsetDateTime) -> Value {
    let id = 99_000_000_000u64 + n as u64;
    let hour = now.replace_time(time::Time::from_hms(now.hour(), 0, 0).unwrap_or(time::Time::MIDNIGHT));
    let start = match list_type {
        "previous_meetings" => hour - Duration::days(2) - Duration::hours(n as i64),
        "live" => hour,
        _ => hour + Duration::days(1) + Duration::hours(n as i64),
    };
    json!({
        "uuid": format!("zsbxBeyond{n:012}=="),
        "id": id,
        "host_id": host.id,
        "topic": format!("Beyond total_records {}", n + 1),
        "type": 2,
        "start_time": rfc3339_s(start),
        "duration": 60,
        "timezone": host.timezone,
        "agenda": "",
        "created_at": "2026-11-01T00:00:00Z",
        "join_url": format!("https://us05web.zoom.us/j/{id}?pwd={}.1", password_for(&id.to_string(), 32)),
    })
}

/// The list shows a meeting as stored, except that Zoom cuts the agenda to 250 characters.
fn list_item(m: &Value) -> Value {
    let mut item = m.clone();
    if let Some(Value::String(agenda)) = item.get_mut("agenda") {
        if agenda.chars().count() > 250 {
            *agenda = agenda.chars().take(250).collect();
        }
    }
    item
}

fn start_and_end(m: &Value) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let start = OffsetDateTime::parse(m.get("start_time")?.as_str()?, &Rfc3339).ok()?;
    let minutes = m.get("duration").and_then(Value::as_i64).unwrap_or(60);
    Some((start, start + Duration::minutes(minutes)))
}

/// Which meetings a list type shows. Instant meetings are never listed; a meeting without a
/// (readable) start time is a recurring one with no fixed time, which is always "upcoming".
fn is_listed(m: &Value, list_type: &str, now: OffsetDateTime) -> bool {
    if m.get("type").and_then(Value::as_i64) == Some(1) {
        return false;
    }
    let window = start_and_end(m);
    match list_type {
        "live" => window.is_some_and(|(s, e)| s <= now && now < e),
        "upcoming" | "upcoming_meetings" => window.is_none_or(|(_, e)| e > now),
        "previous_meetings" => window.is_some_and(|(_, e)| e <= now),
        _ => true,
    }
}

pub async fn get_meeting(State(app): State<Arc<App>>, Path(meeting_id): Path<String>, headers: HeaderMap, uri: Uri) -> Response {
    let mut st = app.lock();
    let (caller, verdict) = match admit(&mut st, &headers, &uri, Class::Light, ("meeting:read:meeting", "meeting:read")) {
        Ok(x) => x,
        Err(r) => return r,
    };
    // UUIDs with `/` arrive double-encoded; the router has undone one layer.
    let id = if meeting_id.contains('%') {
        percent_encoding::percent_decode_str(&meeting_id).decode_utf8_lossy().into_owned()
    } else {
        meeting_id.clone()
    };
    let found = caller.user.meetings.iter().find(|m| meeting_id_matches(m, &id) || m.get("uuid").and_then(Value::as_str) == Some(id.as_str()));
    match found {
        Some(m) => respond(meeting_details(m, &caller.user), verdict),
        None => {
            let mut r = zoom_error(StatusCode::NOT_FOUND, 3001, &format!("Meeting does not exist: {id}."));
            if let Some(v) = verdict {
                add_limit_headers(&mut r, &v);
            }
            r
        }
    }
}

/// `GET /meetings/{meetingId}/invitation`: the invitation text Zoom's "Copy invitation" gives.
pub async fn get_invitation(State(app): State<Arc<App>>, Path(meeting_id): Path<String>, headers: HeaderMap, uri: Uri) -> Response {
    let mut st = app.lock();
    let (caller, verdict) = match admit(&mut st, &headers, &uri, Class::Light, ("meeting:read:invitation", "meeting:read")) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(m) = caller.user.meetings.iter().find(|m| meeting_id_matches(m, &meeting_id)) else {
        let mut r = zoom_error(StatusCode::NOT_FOUND, 3001, &format!("Meeting does not exist: {meeting_id}."));
        if let Some(v) = verdict {
            add_limit_headers(&mut r, &v);
        }
        return r;
    };
    let details = meeting_details(m, &caller.user);
    let text = |k: &str| details.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let name = format!("{} {}", caller.user.first_name, caller.user.last_name).trim().to_owned();
    let invitation = format!(
        "{name} is inviting you to a scheduled Zoom meeting.\r\n\r\nTopic: {}\r\nTime: {}\r\n\r\nJoin Zoom Meeting\r\n{}\r\n\r\nMeeting ID: {}\r\nPasscode: {}\r\n",
        text("topic"),
        text("start_time"),
        text("join_url"),
        meeting_id,
        text("password"),
    );
    respond(json!({ "invitation": invitation }), verdict)
}

/// `GET /meetings/{id}` tells more than the list: fields the scenario left out get Zoom-like
/// values, fields it gave are served untouched.
pub fn meeting_details(m: &Value, host: &UserConfig) -> Value {
    let mut out = m.clone();
    let Some(obj) = out.as_object_mut() else {
        return out;
    };
    let id = obj.get("id").map(|v| v.to_string().trim_matches('"').to_string()).unwrap_or_default();
    let pwd = obj
        .get("join_url")
        .and_then(Value::as_str)
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.query_pairs().find(|(k, _)| k == "pwd").map(|(_, v)| v.into_owned()))
        .unwrap_or_else(|| password_for(&id, 32));
    let defaults = [
        ("host_email", json!(host.email)),
        ("status", json!("waiting")),
        ("password", json!(password_for(&format!("pw{id}"), 6))),
        ("h323_password", json!(format!("{:06}", digits(&id) % 1_000_000))),
        ("encrypted_password", json!(pwd)),
        ("pre_schedule", json!(false)),
        // The host's key, valid two hours: recognisable so tests can prove it is never stored.
        ("start_url", json!(format!("https://us05web.zoom.us/s/{id}?zak={}", random_token("zsbx_zak_")))),
        ("settings", default_settings()),
    ];
    for (k, v) in defaults {
        obj.entry(k).or_insert(v);
    }
    // Only a recurring meeting with a fixed time has occurrences; type 3 has no time to repeat.
    if obj.get("type").and_then(Value::as_i64) == Some(8) {
        if let Some((start, _)) = start_and_end(m) {
            let duration = obj.get("duration").cloned().unwrap_or(json!(60));
            let recurrence = obj.entry("recurrence").or_insert_with(|| {
                // Zoom numbers week days from Sunday = 1.
                let weekday = start.weekday().number_days_from_sunday() + 1;
                json!({"type": 2, "repeat_interval": 1, "weekly_days": weekday.to_string(), "end_times": 4})
            });
            let recurrence = recurrence.clone();
            obj.entry("occurrences").or_insert_with(|| occurrences(start, &recurrence, duration));
        }
    }
    out
}

fn occurrences(start: OffsetDateTime, recurrence: &Value, duration: Value) -> Value {
    let kind = recurrence.get("type").and_then(Value::as_i64).unwrap_or(2);
    let every = recurrence.get("repeat_interval").and_then(Value::as_i64).unwrap_or(1).max(1);
    let count = recurrence.get("end_times").and_then(Value::as_i64).unwrap_or(4).clamp(1, 60);
    let list: Vec<Value> = (0..count)
        .filter_map(|i| {
            let at = match kind {
                1 => start.checked_add(Duration::days(every * i))?,
                3 => add_months(start, every * i)?,
                _ => start.checked_add(Duration::weeks(every * i))?,
            };
            Some(json!({
                "occurrence_id": (at.unix_timestamp() * 1000).to_string(),
                "start_time": rfc3339_s(at),
                "duration": duration,
                "status": "available",
            }))
        })
        .collect();
    Value::Array(list)
}

fn add_months(t: OffsetDateTime, months: i64) -> Option<OffsetDateTime> {
    let total = t.year() as i64 * 12 + (t.month() as i64 - 1) + months;
    let (year, month) = (total.div_euclid(12) as i32, time::Month::try_from((total.rem_euclid(12) + 1) as u8).ok()?);
    let day = t.day().min(time::util::days_in_month(month, year));
    t.replace_date(time::Date::from_calendar_date(year, month, day).ok()?).into()
}

fn default_settings() -> Value {
    json!({
        "host_video": false,
        "participant_video": false,
        "join_before_host": false,
        "jbh_time": 0,
        "mute_upon_entry": true,
        "watermark": false,
        "use_pmi": false,
        "approval_type": 2,
        "audio": "voip",
        "auto_recording": "none",
        "enforce_login": false,
        "enforce_login_domains": "",
        "alternative_hosts": "",
        "alternative_host_update_polls": false,
        "close_registration": false,
        "show_share_button": false,
        "allow_multiple_devices": false,
        "registrants_confirmation_email": true,
        "waiting_room": true,
        "registrants_email_notification": true,
        "meeting_authentication": false,
        "encryption_type": "enhanced_encryption",
        "approved_or_denied_countries_or_regions": {"enable": false},
        "breakout_room": {"enable": false},
        "internal_meeting": false,
        "continuous_meeting_chat": {"enable": false},
        "participant_focused_meeting": false,
        "push_change_to_calendar": false,
        "email_notification": true,
        "host_save_video_order": false,
        "sign_language_interpretation": {"enable": false},
        "focus_mode": false,
        "private_meeting": false,
    })
}

/// Stable pseudo-random digits, so a user's PMI does not change between runs.
fn digits(seed: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 1) as i64
}

fn password_for(seed: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut h = digits(seed) as u64;
    (0..len)
        .map(|i| {
            h = h.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407 + i as u64);
            ALPHABET[(h >> 33) as usize % ALPHABET.len()] as char
        })
        .collect()
}

/// Raw objects may carry the id as a number (as Zoom does) or, oddly, as a string.
pub fn meeting_id_matches(m: &Value, id: &str) -> bool {
    match m.get("id") {
        Some(Value::Number(n)) => n.to_string() == id,
        Some(Value::String(s)) => s == id,
        _ => false,
    }
}
