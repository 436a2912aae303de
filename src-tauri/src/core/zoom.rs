//! The Zoom integration of events: connections, their OAuth lifecycle and token upkeep.
//! Every operation on an event's connections checks the Event Administrator right first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use url::Url;

use super::callback::{self, Answer};
use super::events::require_admin;
use super::settings::{self, Overrides, Redirect, ZoomConfig, ZoomSettings, ZoomSettingsInput};
use super::{validate, Clock, Error, Fault, Field, Result};
use crate::store::{ConnectionNotice, HistoryEntry, NewZoomAccount, Store, Tokens, ZoomConnection};
use crate::zoom::{OAuth, ZoomApi, ZoomError};

pub const CONNECTION_NAME_MAX: usize = 100;
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

    pub fn outcome(&self, lang: super::Lang) -> AuthorizationOutcome {
        AuthorizationOutcome {
            event_id: self.event_id,
            connection_id: self.connection_id,
            connected: self.result.is_ok(),
            fault: self.result.as_ref().err().map(|e| e.fault(lang)),
        }
    }
}

/// An account's meetings, sorted, and the snapshot digest they were read at.
pub(super) type SortedMeetings = (Option<String>, Arc<Vec<crate::zoom::ZoomMeeting>>);

pub struct ZoomIntegration {
    store: Store,
    overrides: Overrides,
    http: reqwest::Client,
    clock: Clock,
    pub(super) token_turns: super::tokens::TokenTurns,
    sync_turns: Turns,
    /// Each account's stored meetings, sorted, as of the snapshot digest they came from: a
    /// keystroke in the filter costs a scan in memory, not a read and a sort of the table.
    pub(super) sorted_meetings: Mutex<HashMap<i64, SortedMeetings>>,
}

/// One async lock per Zoom account, so work on one account never runs twice at once.
#[derive(Default)]
struct Turns(Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>);

impl Turns {
    fn of(&self, account_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        self.0.lock().expect("turns").entry(account_id).or_default().clone()
    }
}

impl ZoomIntegration {
    pub fn new(store: Store, overrides: Overrides) -> Self {
        Self {
            store,
            overrides,
            http: crate::zoom::http_client(crate::zoom::REQUEST_TIMEOUT),
            clock: Clock::default(),
            token_turns: Default::default(),
            sync_turns: Turns::default(),
            sorted_meetings: Mutex::default(),
        }
    }

    /// A shorter wait for Zoom's answers than the production one (tests of slow answers).
    pub fn with_request_timeout(self, timeout: Duration) -> Self {
        Self { http: crate::zoom::http_client(timeout), ..self }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub async fn connections(&self, actor: i64, event_id: i64) -> Result<Vec<ZoomConnection>> {
        require_admin(&self.store, actor, event_id).await?;
        Ok(self.store.zoom_connections(event_id, self.clock.now_ms()).await?.into_iter().map(with_purge_date).collect())
    }

    pub async fn connection(&self, actor: i64, event_id: i64, connection_id: i64) -> Result<ZoomConnection> {
        require_admin(&self.store, actor, event_id).await?;
        self.find(event_id, connection_id).await
    }

    async fn find(&self, event_id: i64, connection_id: i64) -> Result<ZoomConnection> {
        self.store.zoom_connection(event_id, connection_id, self.clock.now_ms()).await?.map(with_purge_date).ok_or(Error::ConnectionNotFound)
    }

    pub async fn history(&self, actor: i64, event_id: i64) -> Result<Vec<HistoryEntry>> {
        require_admin(&self.store, actor, event_id).await?;
        Ok(self.store.zoom_history(event_id).await?)
    }

    pub async fn add(&self, actor: i64, event_id: i64, name: &str) -> Result<ZoomConnection> {
        require_admin(&self.store, actor, event_id).await?;
        let name = validate::text(Field::ConnectionName, name, CONNECTION_NAME_MAX)?;
        let id = self.store.add_zoom_connection(event_id, &name, actor).await.map_err(name_taken)?;
        self.find(event_id, id).await
    }

    pub async fn rename(&self, actor: i64, event_id: i64, connection_id: i64, name: &str) -> Result<ZoomConnection> {
        require_admin(&self.store, actor, event_id).await?;
        let name = validate::text(Field::ConnectionName, name, CONNECTION_NAME_MAX)?;
        if !self.store.rename_zoom_connection(event_id, connection_id, &name, actor).await.map_err(name_taken)? {
            return Err(Error::ConnectionNotFound);
        }
        self.find(event_id, connection_id).await
    }

    /// A connected connection is disconnected first, as «Отключить» would.
    pub async fn delete(&self, actor: i64, event_id: i64, connection_id: i64) -> Result<()> {
        let connection = self.connection(actor, event_id, connection_id).await?;
        if connection.account.is_some() {
            self.disconnect(actor, event_id, connection_id).await?;
        }
        if !self.store.delete_zoom_connection(event_id, connection_id, actor).await? {
            return Err(Error::ConnectionNotFound);
        }
        Ok(())
    }

    /// How the browser is to come back, from the current settings.
    pub async fn redirect(&self) -> Result<Redirect> {
        Ok(self.config().await?.redirect)
    }

    /// Makes a one-time state and PKCE pair for the connection, keeps them (sealed) until the
    /// browser returns, and gives the authorize URL to open in the system browser.
    pub async fn begin_authorization(&self, actor: i64, event_id: i64, connection_id: i64, redirect_uri: &str) -> Result<(ZoomConnection, Url)> {
        self.connection(actor, event_id, connection_id).await?;
        let config = self.config().await?;
        let request = self.oauth(&config)?.authorization(redirect_uri)?;
        let expires_at = self.clock.now_ms() + AUTHORIZATION_TTL.as_millis() as i64;
        self.store.begin_authorization(connection_id, actor, &state_hash(&request.state), &request.verifier, redirect_uri, expires_at).await?;
        Ok((self.find(event_id, connection_id).await?, request.url))
    }

    pub async fn cancel_authorization(&self, actor: i64, event_id: i64, connection_id: i64) -> Result<ZoomConnection> {
        self.connection(actor, event_id, connection_id).await?;
        self.store.cancel_authorization(connection_id).await?;
        self.find(event_id, connection_id).await
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

    async fn link(&self, pending: crate::store::PendingAuthorization, answer: Answer) -> Result<()> {
        if pending.expires_at <= self.clock.now_ms() {
            return Err(Error::AuthorizationExpired);
        }
        require_admin(&self.store, pending.requested_by, pending.event_id).await?;
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

    /// Detaches the Zoom account; revokes the grant at Zoom only when no connection in any
    /// event uses the account any more (Zoom's revoke uninstalls the app for that user).
    pub async fn disconnect(&self, actor: i64, event_id: i64, connection_id: i64) -> Result<ZoomConnection> {
        self.connection(actor, event_id, connection_id).await?;
        let detached = self.store.detach_zoom_connection(event_id, connection_id, actor).await?.ok_or(Error::NotConnected)?;
        if let Some(orphan) = detached.orphan {
            if let Err(error) = self.revoke(&orphan).await {
                tracing::warn!(code = %error.code(), "the grant could not be revoked at Zoom");
                self.store.set_connection_notice(connection_id, Some(ConnectionNotice::RevokeFailed)).await?;
            }
        }
        self.find(event_id, connection_id).await
    }

    /// Revokes the grant at the host that issued it.
    async fn revoke(&self, orphan: &crate::store::Orphan) -> Result<()> {
        Ok(self.oauth_at(&orphan.oauth_url).await?.revoke(&orphan.tokens.refresh_token).await?)
    }

    pub(super) fn sync_turn(&self, account_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        self.sync_turns.of(account_id)
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub async fn settings(&self) -> Result<ZoomSettings> {
        let vault = self.store.vault();
        let key_file = vault.key_file().map(|p| p.display().to_string());
        settings::get(&self.store, &self.overrides, vault.storage(), key_file).await
    }

    pub async fn save_settings(&self, actor: i64, input: ZoomSettingsInput) -> Result<ZoomSettings> {
        crate::core::profiles::get(&self.store, actor).await?;
        settings::save(&self.store, &self.overrides, input, actor).await?;
        self.settings().await
    }

    pub async fn settings_history(&self, actor: i64) -> Result<Vec<crate::store::SettingsChange>> {
        crate::core::profiles::get(&self.store, actor).await?;
        Ok(self.store.settings_history().await?)
    }

    async fn config(&self) -> Result<ZoomConfig> {
        settings::resolve(&self.store, &self.overrides).await
    }

    fn oauth(&self, config: &ZoomConfig) -> Result<OAuth> {
        Ok(OAuth::new(self.http.clone(), &config.oauth_url, &config.client_id, config.client_secret.as_deref())?)
    }

    /// The OAuth client of the host that issued an account's tokens, with this app's identity.
    pub(super) async fn oauth_at(&self, issuer: &str) -> Result<OAuth> {
        let config = self.config().await?;
        let issuer = Url::parse(issuer).map_err(|e| ZoomError::Malformed(e.to_string()))?;
        Ok(OAuth::new(self.http.clone(), &issuer, &config.client_id, config.client_secret.as_deref())?)
    }

    /// Trusts Zoom's `expires_in` over any clock comparison with Zoom's servers.
    pub(super) fn expiry(&self, expires_in: Duration) -> i64 {
        let ms = i64::try_from(expires_in.as_millis()).unwrap_or(i64::MAX);
        self.clock.now_ms().saturating_add(ms)
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

/// When a connection that needs reconnecting leaves every event unless it is connected again.
fn with_purge_date(mut connection: ZoomConnection) -> ZoomConnection {
    if connection.status == crate::store::ConnectionStatus::NeedsReauth {
        let grace = super::tokens::REAUTH_GRACE.as_millis() as i64;
        connection.purge_at = connection.needs_reauth_since.map(|since| super::sync::rfc3339(since.saturating_add(grace)));
    }
    connection
}

/// Only a hash of the state is stored: the row alone cannot be matched to a link.
fn state_hash(state: &SecretString) -> String {
    use secrecy::ExposeSecret;
    let digest = Sha256::digest(state.expose_secret().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn name_taken(error: crate::store::StoreError) -> Error {
    if error.is_constraint_violation() {
        Error::ConnectionNameTaken
    } else {
        error.into()
    }
}
