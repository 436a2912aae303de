//! The OAuth round trip of «Подключить»: a one-time state and a PKCE pair per sign-in, the system
//! browser sent to Zoom, and the link it comes back with (by deep link, bounce page or loopback)
//! turned into a connected Zoom account, only if it carries a state this app issued and still
//! waits for.

use std::time::Duration;

use secrecy::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use url::Url;

use super::callback::{self, Answer};
use super::loopback::Loopback;
use super::ZoomIntegration;
use crate::core::settings::{self, Redirect, ZoomConfig};
use crate::core::{Admin, Error, Fault, Field, Lang, Result};
use crate::store::{NewZoomAccount, PendingAuthorization, Tokens, ZoomConnection};
use crate::zoom::{ZoomApi, ZoomError};

/// How long a browser sent to Zoom may take to come back.
pub const AUTHORIZATION_TTL: Duration = Duration::from_secs(10 * 60);

/// What became of a link that came back from the browser; sent to the window as is.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuthorizationOutcome {
    #[ts(type = "number | null")]
    pub event_id: Option<i64>,
    #[ts(type = "number | null")]
    pub connection_id: Option<i64>,
    pub connected: bool,
    pub fault: Option<Fault>,
}

pub struct Completion {
    pub event_id: Option<i64>,
    pub connection_id: Option<i64>,
    pub result: Result<()>,
}

impl Completion {
    fn unlinked(error: Error) -> Self {
        Self { event_id: None, connection_id: None, result: Err(error) }
    }

    pub fn outcome(&self, lang: Lang) -> AuthorizationOutcome {
        AuthorizationOutcome {
            event_id: self.event_id,
            connection_id: self.connection_id,
            connected: self.result.is_ok(),
            fault: self.result.as_ref().err().map(|e| e.fault(lang)),
        }
    }
}

/// A sign-in under way: the page the browser is to open and, for a loopback return, the port
/// that waits for it.
pub struct Connecting {
    pub connection: ZoomConnection,
    pub url: Url,
    loopback: Option<(Loopback, SecretString)>,
}

impl Connecting {
    /// Waits for the browser to come back to the loopback port and gives the link it brought;
    /// None when the sign-in returns another way or its time ran out.
    pub async fn returned(self) -> Option<String> {
        let (loopback, state) = self.loopback?;
        loopback.wait_for(state, AUTHORIZATION_TTL).await
    }
}

impl ZoomIntegration {
    /// How the browser is to come back, from the current settings.
    pub async fn redirect(&self) -> Result<Redirect> {
        self.config().await?.redirect.ok_or(Error::ZoomNotConfigured)
    }

    /// «Подключить»: a new sign-in for the connection, returning as the settings say, or on
    /// loopback when `loopback` (the command line, which no deep link reaches).
    pub async fn connect(&self, admin: Admin, connection_id: i64, loopback: bool) -> Result<Connecting> {
        // The connection must exist before any port opens.
        self.find(admin, connection_id).await?;
        let redirect = if loopback { Redirect::Loopback } else { self.redirect().await? };
        let port = match redirect {
            Redirect::Loopback => Some(Loopback::bind().await?),
            _ => None,
        };
        let (connection, url) = self.begin_authorization(admin, connection_id, &redirect_uri(&redirect, port.as_ref().map(Loopback::port))).await?;
        let state = url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| SecretString::from(v.into_owned()));
        Ok(Connecting { connection, url, loopback: port.zip(state) })
    }

    /// Makes a one-time state and PKCE pair for the connection, keeps them (sealed) until the
    /// browser returns, and gives the authorize URL to open in the system browser.
    pub async fn begin_authorization(&self, admin: Admin, connection_id: i64, redirect_uri: &str) -> Result<(ZoomConnection, Url)> {
        self.find(admin, connection_id).await?;
        let config = self.config().await?;
        let request = self.oauth(&config)?.authorization(redirect_uri)?;
        let expires_at = self.clock.now_ms() + AUTHORIZATION_TTL.as_millis() as i64;
        self.store
            .begin_authorization(connection_id, admin.profile(), &state_hash(&request.state), &request.verifier, redirect_uri, expires_at)
            .await?;
        Ok((self.connection(admin, connection_id).await?, request.url))
    }

    pub async fn cancel_authorization(&self, admin: Admin, connection_id: i64) -> Result<ZoomConnection> {
        self.find(admin, connection_id).await?;
        self.store.cancel_authorization(connection_id).await?;
        self.connection(admin, connection_id).await
    }

    /// Completes the authorization a returning link belongs to. Never panics and changes
    /// nothing unless the link carries a state this app issued and still waits for.
    pub async fn complete_authorization(&self, raw: &str, loopback: bool) -> Completion {
        let callback = match callback::parse(raw, loopback) {
            Ok(callback) => callback,
            Err(refusal) => {
                tracing::warn!(?refusal, "refused a callback link");
                return Completion::unlinked(Error::BadCallback);
            }
        };
        let Some(state) = callback.state else {
            return Completion::unlinked(match callback.answer {
                Answer::Code(_) => Error::MarketplaceInstall,
                Answer::Error(_) => Error::UnknownAuthorization,
            });
        };
        let pending = match self.store.take_authorization(&state_hash(&SecretString::from(state))).await {
            Ok(Some(pending)) => pending,
            Ok(None) => return Completion::unlinked(Error::UnknownAuthorization),
            Err(error) => return Completion::unlinked(error.into()),
        };
        let (event_id, connection_id) = (Some(pending.event_id), Some(pending.connection_id));
        let result = self.link(pending, callback.answer).await;
        if let Err(error) = &result {
            tracing::warn!(code = %error.code(), "the authorization did not complete");
        }
        Completion { event_id, connection_id, result }
    }

    async fn link(&self, pending: PendingAuthorization, answer: Answer) -> Result<()> {
        if pending.expires_at <= self.clock.now_ms() {
            return Err(Error::AuthorizationExpired);
        }
        // The right is checked again: it may have been taken away while the browser was out.
        Admin::check(&self.store, pending.requested_by, pending.event_id).await?;
        let code = match answer {
            Answer::Code(code) => code,
            Answer::Error(error) if error == "access_denied" => return Err(Error::AuthorizationDenied),
            Answer::Error(error) => return Err(Error::AuthorizationFailed(error)),
        };
        let config = self.config().await?;
        let token_set = self.oauth(&config)?.exchange_code(&code, &pending.verifier, &pending.redirect_uri).await.map_err(|e| match e {
            ZoomError::InvalidGrant => Error::AuthorizationFailed("invalid_grant".into()),
            other => other.into(),
        })?;
        let api_url = api_base(&config, token_set.api_url.as_deref());
        let user = ZoomApi::new(self.http.clone(), api_url.clone()).me(&token_set.access_token).await?;
        // A reconnect of an account already here waits for any refresh of it to end.
        let _turn = match self.store.account_of_zoom_user(&user.id).await? {
            Some(existing) => Some(self.token_turn(existing).await?),
            None => None,
        };
        let account = NewZoomAccount {
            display_name: user.name(),
            zoom_user_id: user.id,
            email: user.email,
            user_type: user.user_type,
            timezone: user.timezone,
            zoom_account_id: user.account_id,
            oauth_url: config.oauth_url.as_str().trim_end_matches('/').to_owned(),
            api_url: api_url.to_string(),
            scopes: token_set.scope.clone(),
        };
        let tokens = Tokens {
            access_token: token_set.access_token,
            refresh_token: token_set.refresh_token,
            access_expires_at: self.expiry(token_set.expires_in),
        };
        let linked =
            self.store.link_zoom_account(pending.connection_id, pending.requested_by, &account, &tokens).await?.ok_or(Error::ConnectionNotFound)?;
        tracing::info!(connection_id = pending.connection_id, "a Zoom account was connected");
        if let Some(orphan) = linked.orphan {
            // The connection's previous Zoom user, whom nothing uses any more.
            if let Err(error) = self.revoke(&orphan).await {
                tracing::warn!(code = %error.code(), "the previous account's grant could not be revoked at Zoom");
            }
        }
        Ok(())
    }
}

/// The `redirect_uri` for one authorization; a loopback one needs the port the app listens on.
pub fn redirect_uri(redirect: &Redirect, loopback_port: Option<u16>) -> String {
    match redirect {
        Redirect::Bounce(url) => url.to_string(),
        Redirect::DeepLink => settings::DEEP_LINK_CALLBACK.to_owned(),
        Redirect::Loopback => format!("http://127.0.0.1:{}{}", loopback_port.unwrap_or(0), settings::LOOPBACK_PATH),
    }
}

/// The API base of the token's region (`api_url` + `/v2`), if it is an address we accept.
fn api_base(config: &ZoomConfig, api_url: Option<&str>) -> Url {
    api_url.and_then(|u| settings::web_url(Field::ApiUrl, &format!("{}/v2", u.trim_end_matches('/'))).ok()).unwrap_or_else(|| config.api_url.clone())
}

/// Only a hash of the state is stored: the row alone cannot be matched to a link.
fn state_hash(state: &SecretString) -> String {
    use secrecy::ExposeSecret;
    let digest = Sha256::digest(state.expose_secret().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
