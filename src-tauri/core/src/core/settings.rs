//! Settings → Zoom: where Zoom is, which app this is, and how the browser comes back.
//! Saved values live in SQLite; `MYSCIHUB_ZOOM_*` variables override them (tests, the demo).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use super::{Error, Field, Problem, Result};
use crate::store::{KeyStorage, Store};

pub const DEFAULT_OAUTH_URL: &str = "https://zoom.us";
pub const DEFAULT_API_URL: &str = "https://api.zoom.us/v2";
/// The path the app answers on, behind the deep-link scheme and on loopback alike.
pub const DEEP_LINK_CALLBACK: &str = "myscihub://oauth/zoom/callback";
pub const LOOPBACK_PATH: &str = "/oauth/zoom/callback";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RedirectMode {
    /// Zoom → an https page → `myscihub://oauth/zoom/callback` (production).
    Bounce,
    /// Zoom → `http://127.0.0.1:{port}/oauth/zoom/callback`, answered by the app itself.
    Loopback,
    /// Zoom → `myscihub://oauth/zoom/callback` (accepted only for SDK apps, and by the sandbox).
    DeepLink,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SettingKey {
    ClientId,
    OauthUrl,
    ApiUrl,
    RedirectUri,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ZoomSettings {
    pub client_id: String,
    pub oauth_url: String,
    pub api_url: String,
    pub redirect_mode: RedirectMode,
    pub bounce_url: String,
    /// What the app sends to Zoom as `redirect_uri` (loopback: the port is picked at each Connect).
    pub redirect_uri: String,
    /// These values come from `MYSCIHUB_ZOOM_*` variables and cannot be changed here.
    pub from_environment: Vec<SettingKey>,
    pub key_storage: KeyStorage,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ZoomSettingsInput {
    pub client_id: String,
    pub oauth_url: String,
    pub api_url: String,
    pub redirect_mode: RedirectMode,
    pub bounce_url: String,
}

/// The environment's overrides, read once at start-up.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub oauth_url: Option<String>,
    pub api_url: Option<String>,
    pub redirect_uri: Option<String>,
}

impl Overrides {
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        Self {
            client_id: var("MYSCIHUB_ZOOM_CLIENT_ID"),
            client_secret: var("MYSCIHUB_ZOOM_CLIENT_SECRET"),
            oauth_url: var("MYSCIHUB_ZOOM_OAUTH_URL"),
            api_url: var("MYSCIHUB_ZOOM_API_URL"),
            redirect_uri: var("MYSCIHUB_ZOOM_REDIRECT_URI"),
        }
    }
}

/// How the browser returns, resolved from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    Bounce(Url),
    Loopback,
    DeepLink,
}

/// Everything needed to talk to Zoom, resolved and checked.
#[derive(Debug, Clone)]
pub struct ZoomConfig {
    pub client_id: String,
    pub client_secret: Option<String>,
    pub oauth_url: Url,
    pub api_url: Url,
    /// The API address comes from `MYSCIHUB_ZOOM_API_URL` (a development host such as the sandbox).
    pub api_from_environment: bool,
    /// None when the settings do not say how the browser returns yet (a bounce page without
    /// its address): only a sign-in that returns on loopback can go ahead.
    pub redirect: Option<Redirect>,
}

const CLIENT_ID: &str = "zoom.client_id";
const OAUTH_URL: &str = "zoom.oauth_url";
const API_URL: &str = "zoom.api_url";
const REDIRECT_MODE: &str = "zoom.redirect_mode";
const BOUNCE_URL: &str = "zoom.bounce_url";

struct Saved {
    client_id: String,
    oauth_url: String,
    api_url: String,
    redirect_mode: RedirectMode,
    bounce_url: String,
}

async fn saved(store: &Store) -> Result<Saved> {
    let get = |key: &'static str| async move { store.setting(key).await };
    Ok(Saved {
        client_id: get(CLIENT_ID).await?.unwrap_or_default(),
        oauth_url: get(OAUTH_URL).await?.unwrap_or_else(|| DEFAULT_OAUTH_URL.into()),
        api_url: get(API_URL).await?.unwrap_or_else(|| DEFAULT_API_URL.into()),
        redirect_mode: get(REDIRECT_MODE)
            .await?
            .and_then(|v| serde_json::from_value(serde_json::Value::String(v)).ok())
            .unwrap_or(RedirectMode::Bounce),
        bounce_url: get(BOUNCE_URL).await?.unwrap_or_default(),
    })
}

/// The mode a `MYSCIHUB_ZOOM_REDIRECT_URI` implies: our scheme, our loopback path, or a bounce page.
fn mode_of(redirect_uri: &str) -> (RedirectMode, String) {
    if redirect_uri.starts_with("myscihub:") {
        return (RedirectMode::DeepLink, String::new());
    }
    match Url::parse(redirect_uri) {
        Ok(url) if is_loopback(&url) && url.path() == LOOPBACK_PATH => (RedirectMode::Loopback, String::new()),
        _ => (RedirectMode::Bounce, redirect_uri.to_owned()),
    }
}

pub async fn get(store: &Store, overrides: &Overrides, key_storage: KeyStorage, key_file: Option<String>) -> Result<ZoomSettings> {
    let mut s = saved(store).await?;
    let mut from_environment = Vec::new();
    let mut take = |value: &Option<String>, target: &mut String, key: SettingKey| {
        if let Some(v) = value {
            *target = v.clone();
            from_environment.push(key);
        }
    };
    take(&overrides.client_id, &mut s.client_id, SettingKey::ClientId);
    take(&overrides.oauth_url, &mut s.oauth_url, SettingKey::OauthUrl);
    take(&overrides.api_url, &mut s.api_url, SettingKey::ApiUrl);
    if let Some(uri) = &overrides.redirect_uri {
        (s.redirect_mode, s.bounce_url) = mode_of(uri);
        from_environment.push(SettingKey::RedirectUri);
    }
    let redirect_uri = match s.redirect_mode {
        RedirectMode::Bounce => s.bounce_url.clone(),
        RedirectMode::Loopback => format!("http://127.0.0.1:<port>{LOOPBACK_PATH}"),
        RedirectMode::DeepLink => DEEP_LINK_CALLBACK.to_owned(),
    };
    Ok(ZoomSettings {
        client_id: s.client_id,
        oauth_url: s.oauth_url,
        api_url: s.api_url,
        redirect_mode: s.redirect_mode,
        bounce_url: s.bounce_url,
        redirect_uri,
        from_environment,
        key_storage,
        key_file,
    })
}

/// Saves what the environment does not fix. Zoom's addresses must be Zoom's own: tokens are
/// sent there. Each change goes to the settings' history with who made it.
pub async fn save(store: &Store, overrides: &Overrides, input: ZoomSettingsInput, actor: i64) -> Result<()> {
    let client_id = input.client_id.trim();
    if client_id.chars().count() > 200 || client_id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(Field::ClientId, Problem::Malformed));
    }
    let oauth_url = zoom_url(Field::OauthUrl, &input.oauth_url)?;
    let api_url = zoom_url(Field::ApiUrl, &input.api_url)?;
    let bounce_url = match (input.redirect_mode, input.bounce_url.trim()) {
        (RedirectMode::Bounce, "") => return Err(Error::invalid(Field::BounceUrl, Problem::Required)),
        (_, "") => String::new(),
        (_, url) => web_url(Field::BounceUrl, url)?.to_string(),
    };
    let mode = serde_json::to_value(input.redirect_mode).expect("a unit enum serialises");
    let mut values = vec![(REDIRECT_MODE, mode.as_str().unwrap_or("bounce").to_owned()), (BOUNCE_URL, bounce_url)];
    let mut keep = |fixed: &Option<String>, key: &'static str, value: String| {
        if fixed.is_none() {
            values.push((key, value));
        }
    };
    keep(&overrides.client_id, CLIENT_ID, client_id.to_owned());
    keep(&overrides.oauth_url, OAUTH_URL, oauth_url.as_str().trim_end_matches('/').to_owned());
    keep(&overrides.api_url, API_URL, api_url.as_str().trim_end_matches('/').to_owned());
    if overrides.redirect_uri.is_some() {
        values.retain(|(key, _)| *key != REDIRECT_MODE && *key != BOUNCE_URL);
    }
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    store.save_settings(&values, Some(actor)).await?;
    Ok(())
}

/// The settings, checked, for talking to Zoom; a clear error when something is missing.
pub async fn resolve(store: &Store, overrides: &Overrides) -> Result<ZoomConfig> {
    let s = get(store, overrides, KeyStorage::File, None).await?;
    if s.client_id.is_empty() {
        return Err(Error::ZoomNotConfigured);
    }
    let redirect = match s.redirect_mode {
        RedirectMode::Bounce if s.bounce_url.is_empty() => None,
        RedirectMode::Bounce => Some(Redirect::Bounce(web_url(Field::BounceUrl, &s.bounce_url)?)),
        RedirectMode::Loopback => Some(Redirect::Loopback),
        RedirectMode::DeepLink => Some(Redirect::DeepLink),
    };
    // Saved addresses must be Zoom's; only the environment may name another host.
    let address = |field, value: &str, from_environment: bool| if from_environment { web_url(field, value) } else { zoom_url(field, value) };
    Ok(ZoomConfig {
        client_id: s.client_id,
        client_secret: overrides.client_secret.clone(),
        oauth_url: address(Field::OauthUrl, &s.oauth_url, overrides.oauth_url.is_some())?,
        api_url: address(Field::ApiUrl, &s.api_url, overrides.api_url.is_some())?,
        api_from_environment: overrides.api_url.is_some(),
        redirect,
    })
}

/// https anywhere; plain http only on this computer (the sandbox).
pub fn web_url(field: Field, value: &str) -> Result<Url> {
    let url = Url::parse(value.trim()).map_err(|_| Error::invalid(field, Problem::Malformed))?;
    let allowed = match url.scheme() {
        "https" => url.host_str().is_some(),
        "http" => is_loopback(&url),
        _ => false,
    };
    if allowed && url.username().is_empty() && url.password().is_none() {
        Ok(url)
    } else {
        Err(Error::invalid(field, Problem::Malformed))
    }
}

/// An address on Zoom's own hosts over https: `zoom.us`, `zoomgov.com` and their subdomains.
pub fn zoom_url(field: Field, value: &str) -> Result<Url> {
    match Url::parse(value.trim()) {
        Ok(url) if is_zoom(&url) => Ok(url),
        Ok(_) => Err(Error::invalid(field, Problem::NotZoom)),
        Err(_) => Err(Error::invalid(field, Problem::Malformed)),
    }
}

pub fn is_zoom(url: &Url) -> bool {
    let Some(host) = url.host_str().map(str::to_ascii_lowercase) else { return false };
    let zoom = ["zoom.us", "zoomgov.com"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}")));
    url.scheme() == "https" && zoom && url.username().is_empty() && url.password().is_none() && url.port().is_none()
}

pub fn is_loopback(url: &Url) -> bool {
    matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback()) || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
}
