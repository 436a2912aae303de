//! Everything the emulated Zoom remembers, behind one lock that is never held across an await.

use crate::faults::ActiveFault;
use crate::limits::RateLimiter;
use crate::scenario::{Scenario, UserConfig};
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use time::{Duration, OffsetDateTime};

/// Enough for any test or benchmark run; a demo left running for days forgets its oldest calls.
pub const REQUEST_LOG_LIMIT: usize = 100_000;

pub struct App {
    pub auto_approve: bool,
    pub base_url: String,
    state: Mutex<State>,
}

pub struct State {
    pub scenario: Scenario,
    /// How far the sandbox's clock runs ahead of the real one (`/_sandbox/clock/advance`).
    pub clock_offset: Duration,
    pub codes: HashMap<String, AuthCode>,
    pub access_tokens: HashMap<String, AccessToken>,
    pub refresh_tokens: HashMap<String, RefreshToken>,
    pub page_tokens: HashMap<String, PageToken>,
    pub faults: Vec<ActiveFault>,
    pub requests: Vec<RequestRecord>,
    pub limiter: RateLimiter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeMethod {
    Plain,
    S256,
}

pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub user_id: String,
    pub challenge: Option<(String, ChallengeMethod)>,
    pub expires_at: OffsetDateTime,
}

pub struct AccessToken {
    pub user_id: String,
    pub client_id: String,
    pub scope: String,
    pub expires_at: OffsetDateTime,
}

pub struct RefreshToken {
    pub user_id: String,
    pub client_id: String,
    pub scope: String,
}

pub struct PageToken {
    pub user_id: String,
    pub list_type: String,
    pub offset: usize,
    pub expires_at: OffsetDateTime,
}

/// One request the sandbox answered (or dropped, or whose client gave up: status 499), as
/// `GET /_sandbox/requests` shows it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// The raw query string, "" when there was none.
    pub query: String,
    /// The status the sandbox produced, also for a dropped response that never left.
    pub status: u16,
    /// Arrival, RFC 3339 with milliseconds, on the sandbox clock.
    pub time: String,
    pub elapsed_ms: u64,
    /// Which injected fault shaped this answer, if any (`status`, `malformed`, `truncated`, `drop`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// The Zoom user whose bearer token the request carried, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

impl App {
    pub fn new(scenario: Scenario, auto_approve: bool, base_url: String) -> Self {
        let faults = scenario.faults.iter().map(|spec| ActiveFault { spec: spec.clone(), remaining: spec.count.max(1) }).collect();
        App {
            auto_approve,
            base_url,
            state: Mutex::new(State {
                scenario,
                clock_offset: Duration::ZERO,
                codes: HashMap::new(),
                access_tokens: HashMap::new(),
                refresh_tokens: HashMap::new(),
                page_tokens: HashMap::new(),
                faults,
                requests: Vec::new(),
                limiter: RateLimiter::default(),
            }),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking handler must not take the whole sandbox down with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl State {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock_offset
    }

    pub fn user(&self, id: &str) -> Option<&UserConfig> {
        self.scenario.users.iter().find(|u| u.id == id)
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut UserConfig> {
        self.scenario.users.iter_mut().find(|u| u.id == id)
    }

    /// Drops what can no longer be used, so long demo runs and benchmarks stay small.
    pub fn forget_expired(&mut self) {
        let now = self.now();
        self.codes.retain(|_, c| c.expires_at > now);
        // An expired access token is still told apart ("Access token is expired.") for a day.
        self.access_tokens.retain(|_, t| t.expires_at + Duration::days(1) > now);
        self.page_tokens.retain(|_, t| t.expires_at > now);
    }

    /// Keeps the newest `REQUEST_LOG_LIMIT` records.
    pub fn log(&mut self, record: RequestRecord) {
        if self.requests.len() >= REQUEST_LOG_LIMIT {
            self.requests.drain(..REQUEST_LOG_LIMIT / 10);
        }
        self.requests.push(record);
    }

    /// Forgets every token of the user (for one client or all): what revoke and uninstall do.
    pub fn revoke_grants(&mut self, user_id: &str, client_id: Option<&str>) -> usize {
        let hit = |u: &str, c: &str| u == user_id && client_id.is_none_or(|id| id == c);
        let before = self.access_tokens.len() + self.refresh_tokens.len();
        self.access_tokens.retain(|_, t| !hit(&t.user_id, &t.client_id));
        self.refresh_tokens.retain(|_, t| !hit(&t.user_id, &t.client_id));
        before - self.access_tokens.len() - self.refresh_tokens.len()
    }
}

/// Unique, easy to grep for in logs and databases: `zsbx_at_` + 32 alphanumerics.
pub fn random_token(prefix: &str) -> String {
    let tail: String = rand::thread_rng().sample_iter(&Alphanumeric).take(32).map(char::from).collect();
    format!("{prefix}{tail}")
}

pub fn rfc3339_ms(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC).format(&f).unwrap_or_default()
}

pub fn rfc3339_s(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    t.to_offset(time::UtcOffset::UTC).format(&f).unwrap_or_default()
}

pub fn http_date(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT");
    t.to_offset(time::UtcOffset::UTC).format(&f).unwrap_or_default()
}
