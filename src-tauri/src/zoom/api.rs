use std::time::Duration;

use reqwest::{header, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use super::ZoomError;

/// Zoom's REST API (`https://api.zoom.us/v2`, or the token's regional `api_url`).
#[derive(Clone)]
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
            StatusCode::UNAUTHORIZED if matches!(code, Some(124) | None) => ZoomError::InvalidToken,
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
