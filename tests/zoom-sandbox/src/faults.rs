//! Injected faults: what the network and an overloaded Zoom do to the next N matching requests.

use crate::state::http_date;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::Notify;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FaultSpec {
    /// Exact request path, e.g. `/v2/users/me/meetings` or `/oauth/token`.
    pub path: String,
    /// Any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Only requests whose bearer token belongs to this Zoom user; any request when absent.
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default = "one")]
    pub count: u32,
    /// Answer with this status instead of handling the request (429 is Zoom's rate-limit answer).
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub body: Option<BodyFault>,
    /// How the Retry-After header of a 429 is written.
    #[serde(default)]
    pub retry_after: Option<RetryAfter>,
    /// Handle the request fully (a refresh really rotates), then close the connection unanswered.
    #[serde(default)]
    pub drop: bool,
    /// Break the meeting list's paging; only on a `/v2/users/{userId}/meetings` path.
    #[serde(default)]
    pub pagination: Option<PaginationFault>,
}

/// How a broken Zoom pages `GET /v2/users/{userId}/meetings`. Every answer still has the shape
/// Zoom's schema gives (`page_size`, `total_records`, `next_page_token`, `meetings`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PaginationFault {
    /// Every page carries the same non-empty `next_page_token`: the one the request sent (kept
    /// alive past its 15 minutes), or on a first page a fresh one, which then comes back on every
    /// page. Sending it returns the page it stands for again and again, so a client that follows
    /// tokens blindly never gets to the end.
    RepeatingToken,
    /// Every page carries a fresh `next_page_token`, and past the real end the pages are full
    /// of made-up meetings (ids from 99000000000 up), while `total_records` stays the real,
    /// smaller, count.
    BeyondTotal,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BodyFault {
    /// Same status and length, but not valid JSON.
    Malformed,
    /// Content-Length of the whole body, half of it sent, then the connection is cut.
    Truncated,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum RetryAfter {
    #[default]
    Seconds,
    Date,
    Absent,
}

impl PaginationFault {
    fn label(self) -> &'static str {
        match self {
            PaginationFault::RepeatingToken => "repeating page token",
            PaginationFault::BeyondTotal => "pages beyond total_records",
        }
    }
}

fn one() -> u32 {
    1
}

pub struct ActiveFault {
    pub spec: FaultSpec,
    pub remaining: u32,
}

/// Takes one use of the first fault that matches the request.
pub fn take(faults: &mut Vec<ActiveFault>, method: &Method, path: &str, user_id: Option<&str>) -> Option<FaultSpec> {
    let i = faults.iter().position(|f| {
        f.spec.path == path
            && f.spec.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && f.spec.user_id.as_deref().is_none_or(|u| Some(u) == user_id)
    })?;
    let spec = faults[i].spec.clone();
    faults[i].remaining -= 1;
    if faults[i].remaining == 0 {
        faults.remove(i);
    }
    Some(spec)
}

impl FaultSpec {
    /// A `count` for a fault that lasts until it is cleared (`DELETE /_sandbox/faults` or
    /// `Sandbox::clear_faults`): in practice every matching request.
    pub const UNTIL_CLEARED: u32 = u32::MAX;

    /// One fault on the next request to `path`; set the other fields with struct update syntax.
    pub fn on(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            method: None,
            user_id: None,
            count: 1,
            status: None,
            delay_ms: None,
            body: None,
            retry_after: None,
            drop: false,
            pagination: None,
        }
    }

    /// Why this fault could never apply, if so: a pagination fault on a path other than a meeting list.
    pub fn problem(&self) -> Option<String> {
        let list = self.path.strip_prefix("/v2/users/").and_then(|p| p.strip_suffix("/meetings")).is_some_and(|u| !u.is_empty() && !u.contains('/'));
        if self.pagination.is_some() && !list {
            return Some(format!("pagination faults apply to /v2/users/{{userId}}/meetings, not {}", self.path));
        }
        None
    }

    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.status {
            parts.push(format!("status {s}"));
        }
        if let Some(d) = self.delay_ms {
            parts.push(format!("delay {d}ms"));
        }
        match self.body {
            Some(BodyFault::Malformed) => parts.push("malformed".into()),
            Some(BodyFault::Truncated) => parts.push("truncated".into()),
            None => {}
        }
        if let Some(r) = self.retry_after {
            parts.push(format!("retry-after {r:?}").to_lowercase());
        }
        if self.drop {
            parts.push("drop".into());
        }
        if let Some(p) = self.pagination {
            parts.push(p.label().into());
        }
        parts.join(", ")
    }

    /// The answer that replaces the real one when the fault names a status.
    pub fn status_response(&self, status: u16) -> Response {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if code == StatusCode::TOO_MANY_REQUESTS {
            let mut r = crate::api::too_many_requests_body(false);
            let h = r.headers_mut();
            h.insert("X-RateLimit-Category", HeaderValue::from_static("Medium"));
            h.insert("X-RateLimit-Type", HeaderValue::from_static("QPS"));
            h.insert("X-RateLimit-Limit", HeaderValue::from_static("2"));
            h.insert("X-RateLimit-Remaining", HeaderValue::from_static("0"));
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return r;
        }
        if code == StatusCode::UNAUTHORIZED {
            // Zoom answers every refused bearer token with code 124.
            return crate::api::invalid_token();
        }
        let message = code.canonical_reason().unwrap_or("Error");
        (code, axum::Json(serde_json::json!({"code": status, "message": message}))).into_response()
    }

    /// Writes Retry-After as the fault asks, if the answer has one.
    pub fn rewrite_retry_after(&self, r: &mut Response, now: OffsetDateTime) {
        let Some(style) = self.retry_after else {
            return;
        };
        let Some(secs) = r.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse::<i64>().ok()) else {
            return;
        };
        match style {
            RetryAfter::Seconds => {}
            RetryAfter::Absent => {
                r.headers_mut().remove(header::RETRY_AFTER);
            }
            RetryAfter::Date => {
                // A whole second more, so the date is still ahead after rounding down.
                let at = now + time::Duration::seconds(secs + 1);
                if let Ok(v) = HeaderValue::from_str(&http_date(at)) {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
        }
    }
}

/// Reshapes a finished answer's body as the fault asks. `cut` closes the connection.
pub async fn mangle_body(kind: BodyFault, response: Response, cut: Option<Arc<Notify>>) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    match kind {
        BodyFault::Malformed => {
            // What a proxy or a half-written cache hands back: the start of the JSON and junk.
            let mut broken = bytes[..bytes.len() / 2].to_vec();
            broken.extend_from_slice(b"\x00<!-- upstream error -->");
            Response::from_parts(parts, Body::from(broken))
        }
        BodyFault::Truncated => {
            let full = bytes.len();
            let half = bytes.slice(..full / 2);
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full));
            // Hyper flushes what it has before it waits for more body; only then does the
            // connection go, so the client sees the head and half the body, then EOF.
            let cut_after_half = stream::once(async move {
                match cut {
                    Some(cut) => {
                        cut.notify_one();
                        std::future::pending().await
                    }
                    None => Err(std::io::Error::other("connection cut by a sandbox fault")),
                }
            });
            let chunks = stream::iter([Ok::<Bytes, std::io::Error>(half)]).chain(cut_after_half);
            Response::from_parts(parts, Body::from_stream(chunks))
        }
    }
}
