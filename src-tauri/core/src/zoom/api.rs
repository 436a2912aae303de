use std::time::Duration;

use reqwest::{header, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use super::ZoomError;

/// Zoom's REST API (`https://api.zoom.us/v2`, or the token's regional `api_url`).
#[derive(Clone, Debug)]
pub struct ZoomApi {
    http: reqwest::Client,
    base: Url,
}

/// `GET /users/me`, the fields this app keeps.
#[derive(Debug, Clone, Deserialize)]
pub struct ZoomUser {
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// 1 Basic (free), 2 Licensed (paid), 99 None.
    #[serde(rename = "type", default)]
    pub user_type: i64,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub account_id: Option<String>,
}

impl ZoomUser {
    pub fn name(&self) -> String {
        match self.display_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => format!("{} {}", self.first_name.trim(), self.last_name.trim()).trim().to_owned(),
        }
    }
}

/// A meeting as listed by `GET /users/me/meetings`, read leniently: Zoom adds fields over time,
/// type-3 meetings have no `start_time`, and a field of an unexpected type is dropped, not fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoomMeeting {
    pub id: i64,
    pub topic: String,
    /// 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring with fixed time.
    pub meeting_type: i64,
    /// RFC 3339, UTC.
    pub start_time: Option<String>,
    pub duration: Option<i64>,
    pub timezone: Option<String>,
    pub join_url: Option<String>,
}

impl ZoomMeeting {
    /// None when the item has no usable id: nothing could be linked to it.
    fn from_json(item: &serde_json::Value) -> Option<Self> {
        let text = |key: &str| item.get(key).and_then(|v| v.as_str()).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let id = item.get("id").and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))?;
        let start_time = text("start_time").filter(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok());
        Some(Self {
            id,
            topic: text("topic").unwrap_or_default(),
            meeting_type: item.get("type").and_then(|v| v.as_i64()).unwrap_or(2),
            start_time,
            duration: item.get("duration").and_then(|v| v.as_i64()).filter(|d| *d >= 0),
            timezone: text("timezone"),
            join_url: text("join_url"),
        })
    }
}

/// One occurrence of a recurring meeting with a fixed time, from `GET /meetings/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ZoomOccurrence {
    pub occurrence_id: String,
    /// RFC 3339, UTC.
    pub start_time: String,
    #[serde(default)]
    pub duration: Option<i64>,
    /// `available`, or `deleted` for a cancelled one.
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Deserialize)]
struct RawMeetingDetails {
    #[serde(default)]
    occurrences: Vec<serde_json::Value>,
}

/// What `GET /meetings/{id}` adds to the list item that the details show: the whole agenda
/// (the list cuts it at 250 characters) and the passcode. Its `start_url` is never read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ZoomMeetingDetails {
    #[serde(default)]
    pub agenda: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Deserialize)]
struct RawInvitation {
    #[serde(default)]
    invitation: String,
}

/// One page of the meeting list.
#[derive(Debug, Clone)]
pub struct MeetingPage {
    pub meetings: Vec<ZoomMeeting>,
    /// None on the last page.
    pub next_page_token: Option<String>,
    pub total_records: Option<i64>,
}

#[derive(Deserialize)]
struct RawMeetingPage {
    #[serde(default)]
    next_page_token: Option<String>,
    #[serde(default)]
    total_records: Option<i64>,
    meetings: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct ApiErrorBody {
    code: Option<i64>,
}

impl ZoomApi {
    /// `base` ends in `/v2`.
    pub fn new(http: reqwest::Client, base: Url) -> Self {
        let mut base = base;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        Self { http, base }
    }

    pub async fn me(&self, token: &SecretString) -> Result<ZoomUser, ZoomError> {
        self.get("users/me", &[], token).await
    }

    /// `GET /users/me/meetings?type=scheduled&page_size=300`, one page.
    pub async fn scheduled_meetings(&self, token: &SecretString, page_token: Option<&str>) -> Result<MeetingPage, ZoomError> {
        let mut query = vec![("type", "scheduled"), ("page_size", "300")];
        if let Some(page_token) = page_token {
            query.push(("next_page_token", page_token));
        }
        let raw: RawMeetingPage = self.get("users/me/meetings", &query, token).await?;
        let skipped = raw.meetings.iter().filter(|m| ZoomMeeting::from_json(m).is_none()).count();
        if skipped > 0 {
            tracing::warn!(skipped, "meeting list items without an id were left out");
        }
        Ok(MeetingPage {
            meetings: raw.meetings.iter().filter_map(ZoomMeeting::from_json).collect(),
            next_page_token: raw.next_page_token.filter(|t| !t.is_empty()),
            total_records: raw.total_records,
        })
    }

    /// The occurrences of a recurring meeting, from `GET /meetings/{meetingId}` (Light class);
    /// the cancelled ones are left out. An occurrence that cannot be read is left out too.
    pub async fn occurrences(&self, token: &SecretString, meeting_id: i64) -> Result<Vec<ZoomOccurrence>, ZoomError> {
        let raw: RawMeetingDetails = self.get(&format!("meetings/{meeting_id}"), &[], token).await?;
        Ok(raw
            .occurrences
            .into_iter()
            .filter_map(|o| serde_json::from_value::<ZoomOccurrence>(o).ok())
            .filter(|o| o.status.as_deref() != Some("deleted") && chrono::DateTime::parse_from_rfc3339(&o.start_time).is_ok())
            .collect())
    }

    /// `GET /meetings/{meetingId}`: the agenda in full and the passcode.
    pub async fn meeting(&self, token: &SecretString, meeting_id: i64) -> Result<ZoomMeetingDetails, ZoomError> {
        self.get(&format!("meetings/{meeting_id}"), &[], token).await
    }

    /// `GET /meetings/{meetingId}/invitation`: the text Zoom's «Copy invitation» gives.
    pub async fn invitation(&self, token: &SecretString, meeting_id: i64) -> Result<String, ZoomError> {
        let raw: RawInvitation = self.get(&format!("meetings/{meeting_id}/invitation"), &[], token).await?;
        Ok(raw.invitation)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)], token: &SecretString) -> Result<T, ZoomError> {
        let url = self.base.join(path).map_err(|e| ZoomError::Malformed(e.to_string()))?;
        let response = self
            .http
            .get(url)
            .query(query)
            .bearer_auth(token.expose_secret())
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(ZoomError::from_reqwest)?;
        let status = response.status();
        if status.is_success() {
            let bytes = response.bytes().await.map_err(ZoomError::from_reqwest)?;
            return serde_json::from_slice(&bytes).map_err(|e| ZoomError::Malformed(e.to_string()));
        }
        let retry_after = retry_after(response.headers());
        let code = response.json::<ApiErrorBody>().await.ok().and_then(|b| b.code);
        Err(match status {
            StatusCode::UNAUTHORIZED => ZoomError::InvalidToken,
            StatusCode::TOO_MANY_REQUESTS => ZoomError::RateLimited { retry_after },
            s if s.is_server_error() => ZoomError::Server { status: s.as_u16() },
            s => ZoomError::Rejected { status: s.as_u16(), code },
        })
    }
}

/// `Retry-After` comes as seconds or as an HTTP date.
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}
