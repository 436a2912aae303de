//! The scenario file: who exists in the emulated Zoom and what they have scheduled.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// Granted when neither the user nor the scenario names its own scopes.
pub const DEFAULT_SCOPES: &[&str] = &["meeting:read:list_meetings", "meeting:read:meeting", "meeting:read:invitation", "user:read:user"];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default)]
    pub clients: Vec<ClientConfig>,
    #[serde(default)]
    pub users: Vec<UserConfig>,
    #[serde(default = "default_ttl")]
    pub access_token_ttl_s: u64,
    /// Added to every OAuth and API response.
    #[serde(default)]
    pub latency_ms: u64,
    /// Scopes granted to every user that has none of its own.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// Zoom's per-account rate limits; off only for tests that need many quick calls.
    #[serde(default = "yes")]
    pub rate_limits: bool,
    /// Faults armed from the start, as if posted to `/_sandbox/faults`.
    #[serde(default)]
    pub faults: Vec<crate::faults::FaultSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientConfig {
    pub client_id: String,
    /// `None` is a public PKCE client: client_id in the form body, no Authorization header.
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Shown on the consent page.
    #[serde(default = "default_app_name")]
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    #[default]
    Free,
    Pro,
    Business,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserConfig {
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(rename = "type", default = "basic")]
    pub user_type: i64,
    #[serde(default = "utc")]
    pub timezone: String,
    /// Rate limits are counted per account; empty means an account of its own.
    #[serde(default)]
    pub account_id: String,
    #[serde(default)]
    pub plan: Plan,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// Raw meeting objects, served exactly as given.
    #[serde(default)]
    pub meetings: Vec<Value>,
    /// Any other field (pmi, language, dept, odd values...) is merged into `GET /users/me`.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn default_ttl() -> u64 {
    3599
}
fn yes() -> bool {
    true
}
fn basic() -> i64 {
    1
}
fn utc() -> String {
    "UTC".into()
}
fn default_app_name() -> String {
    "MySciHub Desktop".into()
}

impl Scenario {
    pub fn from_file(path: &Path) -> io::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Self::from_json(&text).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }

    pub fn from_json(s: &str) -> io::Result<Self> {
        let mut scenario: Scenario = serde_json::from_str(s).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let mut ids = HashSet::new();
        for user in &mut scenario.users {
            if !ids.insert(user.id.clone()) {
                return Err(io::Error::new(io::ErrorKind::InvalidData, format!("user id {} appears twice", user.id)));
            }
            if user.account_id.is_empty() {
                user.account_id = format!("acct-{}", user.id);
            }
        }
        if let Some(problem) = scenario.faults.iter().find_map(|f| f.problem()) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, problem));
        }
        Ok(scenario)
    }

    pub fn client(&self, client_id: &str) -> Option<&ClientConfig> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// What a new grant for this user gets, space separated as in the token response.
    pub fn granted_scopes(&self, user: &UserConfig) -> String {
        match user.scopes.as_ref().or(self.scopes.as_ref()) {
            Some(list) => list.join(" "),
            None => DEFAULT_SCOPES.join(" "),
        }
    }
}

impl ClientConfig {
    /// Zoom compares redirect URIs exactly, except that a loopback URI matches a registered
    /// loopback URI on any port (RFC 8252). `localhost` by name gets no such favour.
    pub fn allows_redirect(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|registered| registered == uri || same_loopback(registered, uri))
    }
}

fn same_loopback(registered: &str, requested: &str) -> bool {
    let (Ok(a), Ok(b)) = (url::Url::parse(registered), url::Url::parse(requested)) else {
        return false;
    };
    let loopback = |u: &url::Url| u.scheme() == "http" && u.host_str() == Some("127.0.0.1");
    loopback(&a) && loopback(&b) && a.path() == b.path() && a.query() == b.query()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> ClientConfig {
        ClientConfig {
            client_id: "c".into(),
            client_secret: None,
            redirect_uris: vec!["http://127.0.0.1/cb".into(), "myscihub://oauth/zoom/callback".into()],
            name: "x".into(),
        }
    }

    #[test]
    fn loopback_port_is_ignored_but_not_localhost() {
        let c = client();
        assert!(c.allows_redirect("http://127.0.0.1/cb"));
        assert!(c.allows_redirect("http://127.0.0.1:49152/cb"));
        assert!(c.allows_redirect("myscihub://oauth/zoom/callback"));
        assert!(!c.allows_redirect("http://localhost:49152/cb"));
        assert!(!c.allows_redirect("http://127.0.0.1:49152/other"));
        assert!(!c.allows_redirect("https://127.0.0.1:49152/cb"));
    }

    #[test]
    fn user_defaults_and_extra_fields() {
        let s = Scenario::from_json(r#"{"users":[{"id":"u1","email":"a@b.c","pmi":1234567890}]}"#).unwrap();
        let u = &s.users[0];
        assert_eq!(u.account_id, "acct-u1");
        assert_eq!(u.plan, Plan::Free);
        assert_eq!(u.extra["pmi"], 1234567890);
        assert_eq!(s.access_token_ttl_s, 3599);
        assert!(s.rate_limits);
    }
}
