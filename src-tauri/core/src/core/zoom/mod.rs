//! The Zoom integration of events, one concern per file: `connections` (an event's connections
//! and their history), `authorization` (the OAuth round trip through the browser), `tokens`
//! (keeping each account's grant alive), `sync` (fetching meeting lists with Zoom's retry rules)
//! and `meetings` (what the pages read). This file holds what they share: the store, the HTTP
//! client, the clock and the Zoom settings. Event-scoped operations take an `Admin`.

mod authorization;
pub mod callback;
mod connections;
mod details;
pub mod export;
pub mod loopback;
mod meetings;
pub mod overlaps;
pub mod reminders;
mod schedule;
mod sync;
pub mod tokens;

use std::time::Duration;

use url::Url;

use super::settings::{self, Overrides, ZoomConfig, ZoomSettings, ZoomSettingsInput};
use super::{Admin, Clock, Result};
use crate::store::{SettingsChange, Store};
use crate::zoom::{OAuth, ZoomError};

pub use authorization::{redirect_uri, AuthorizationOutcome, Completion, Connecting, AUTHORIZATION_TTL};
pub use connections::CONNECTION_NAME_MAX;
pub use details::MeetingDetails;
pub use meetings::{joinable, ConnectionDetails, Meeting, MeetingWindow, Overlap, SyncState, UserType, ZoomAccountDetails, MEETING_WINDOW_MAX};
pub use schedule::{ExportFormat, ScheduleFilter, ScheduleQuery, ScheduleRow, ScheduleWindow};
pub use sync::{SyncOutcome, SyncReport, FRESH_FOR, RETRY_AFTER_CAP};

pub struct ZoomIntegration {
    store: Store,
    overrides: Overrides,
    http: reqwest::Client,
    clock: Clock,
    tokens: tokens::TokenTurns,
    syncs: sync::SyncTurns,
    meetings: meetings::SortedMeetings,
    schedules: schedule::MergedTimeline,
}

impl ZoomIntegration {
    pub fn new(store: Store, overrides: Overrides) -> Self {
        Self {
            store,
            overrides,
            http: crate::zoom::http_client(crate::zoom::REQUEST_TIMEOUT),
            clock: Clock::default(),
            tokens: Default::default(),
            syncs: Default::default(),
            meetings: Default::default(),
            schedules: Default::default(),
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

    /// The right of `actor` to the event, checked.
    pub async fn admin(&self, actor: i64, event_id: i64) -> Result<Admin> {
        Admin::check(&self.store, actor, event_id).await
    }

    pub async fn settings(&self) -> Result<ZoomSettings> {
        let vault = self.store.vault();
        let key_file = vault.key_file().map(|p| p.display().to_string());
        settings::get(&self.store, &self.overrides, vault.storage(), key_file).await
    }

    pub async fn save_settings(&self, actor: i64, input: ZoomSettingsInput) -> Result<ZoomSettings> {
        super::profiles::get(&self.store, actor).await?;
        settings::save(&self.store, &self.overrides, input, actor).await?;
        self.settings().await
    }

    pub async fn settings_history(&self, actor: i64) -> Result<Vec<SettingsChange>> {
        super::profiles::get(&self.store, actor).await?;
        Ok(self.store.settings_history().await?)
    }

    async fn config(&self) -> Result<ZoomConfig> {
        settings::resolve(&self.store, &self.overrides).await
    }

    fn oauth(&self, config: &ZoomConfig) -> Result<OAuth> {
        Ok(OAuth::new(self.http.clone(), &config.oauth_url, &config.client_id, config.client_secret.as_deref())?)
    }

    /// The OAuth client of the host that issued an account's tokens, with this app's identity.
    async fn oauth_at(&self, issuer: &str) -> Result<OAuth> {
        let config = self.config().await?;
        let issuer = Url::parse(issuer).map_err(|e| ZoomError::Malformed(e.to_string()))?;
        Ok(OAuth::new(self.http.clone(), &issuer, &config.client_id, config.client_secret.as_deref())?)
    }

    /// Trusts Zoom's `expires_in` over any clock comparison with Zoom's servers.
    fn expiry(&self, expires_in: Duration) -> i64 {
        let ms = i64::try_from(expires_in.as_millis()).unwrap_or(i64::MAX);
        self.clock.now_ms().saturating_add(ms)
    }
}

pub(super) fn rfc3339(unix_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_ms).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
