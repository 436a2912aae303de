//! Keeping each Zoom account's meeting list fresh: whole snapshots only, Zoom's limits honoured,
//! and a revoked grant (the app removed in the Marketplace) purged from every event.

use std::time::Duration;

use rand::Rng;
use secrecy::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use url::Url;

use super::events::require_admin;
use super::zoom::ZoomIntegration;
use super::{Error, Fault, Lang, Result};
use crate::store::{AccountProfile, AccountProfileUpdate, Purge, SyncProblem, SyncRecord, ZoomConnection};

/// The profile fields `/users/me` refreshes at each sync.
fn profile_of(user: &ZoomUser) -> AccountProfileUpdate {
    AccountProfileUpdate {
        zoom_user_id: user.id.clone(),
        email: user.email.clone(),
        display_name: user.name(),
        user_type: user.user_type,
        timezone: user.timezone.clone(),
        zoom_account_id: user.account_id.clone(),
    }
}
use crate::zoom::{ZoomApi, ZoomError, ZoomMeeting, ZoomUser};

/// Data younger than this is not fetched again unless asked for (focus, opening a page).
pub const FRESH_FOR: Duration = Duration::from_secs(60);
const TRIES: u32 = 3;
/// A longer `Retry-After` ends the sync; the next trigger after that moment tries again.
const LONGEST_WAIT: Duration = Duration::from_secs(30);
/// No `Retry-After` (nor a stored retry time) holds syncs back longer than this.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(24 * 3600);
/// The meeting list's page size, as the API client asks for it.
const PAGE_SIZE: i64 = 300;
/// Pages beyond what `total_records` allows, or this many in all, mean Zoom's paging is broken.
const MOST_PAGES: usize = 200;
/// What a sync needs, each as its granular scope or the classic one that covers it.
const NEEDED_SCOPES: [(&str, &str); 2] = [("user:read:user", "user:read"), ("meeting:read:list_meetings", "meeting:read")];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum UserType {
    Basic,
    Licensed,
    None,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ZoomAccountDetails {
    pub display_name: String,
    pub email: String,
    pub user_type: UserType,
    pub timezone: Option<String>,
    pub zoom_account_id: Option<String>,
    pub granted_scopes: Vec<String>,
    /// Scopes the app needs that Zoom did not grant.
    pub missing_scopes: Vec<String>,
}

/// A scheduled meeting as the connection page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Meeting {
    #[ts(type = "number")]
    pub id: i64,
    pub topic: String,
    #[ts(type = "number")]
    pub meeting_type: i64,
    /// RFC 3339, UTC; none for a recurring meeting without fixed time.
    pub start_time: Option<String>,
    #[ts(type = "number | null")]
    pub duration_minutes: Option<i64>,
    /// The meeting's own time zone.
    pub timezone: Option<String>,
    pub join_url: Option<String>,
    /// The join URL is https on zoom.us or zoomgov.com, so the app may open it.
    pub joinable: bool,
    pub recurring: bool,
    pub fixed_time: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncState {
    /// The last complete list from Zoom (RFC 3339).
    pub last_synced_at: Option<String>,
    /// The list shown is older than a minute, or the last attempt to refresh it failed.
    pub stale: bool,
    /// Why the last attempt failed.
    pub fault: Option<Fault>,
    /// Zoom's rate limit: no request before this (RFC 3339).
    pub retry_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionDetails {
    pub connection: ZoomConnection,
    pub event_time_zone: String,
    pub account: Option<ZoomAccountDetails>,
    /// How many meetings the stored list has; `zoom_meetings` gives them a window at a time.
    #[ts(type = "number")]
    pub meeting_count: usize,
    pub sync: SyncState,
}

/// The most meetings one `zoom_meetings` call returns: the view asks only for what it shows.
pub const MEETING_WINDOW_MAX: usize = 500;

/// A slice of the stored meetings, sorted (fixed start times first, by time), filtered by topic.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingWindow {
    /// Meetings that match the filter.
    #[ts(type = "number")]
    pub matching: usize,
    #[ts(type = "number")]
    pub offset: usize,
    pub meetings: Vec<Meeting>,
}

/// An access token and the API it works with, refreshed at most once per sync after a 401.
struct Auth {
    token: SecretString,
    api: ZoomApi,
    refreshed: bool,
}

/// What a sync did beyond the account itself.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Events whose connections lost their account because Zoom revoked the grant.
    pub purged_events: Vec<i64>,
}

impl ZoomIntegration {
    /// The connection page from the database alone: instant, whatever the network does.
    pub async fn details(&self, actor: i64, event_id: i64, connection_id: i64, lang: Lang) -> Result<ConnectionDetails> {
        let connection = self.connection(actor, event_id, connection_id).await?;
        let event = self.store().event(event_id).await?.ok_or(Error::EventNotFound)?;
        let account_id = self.store().account_of_connection(event_id, connection_id).await?;
        let (account, meeting_count, record) = match account_id {
            Some(id) => (
                self.store().account_profile(id).await?.map(account_details),
                self.store().meeting_count(id).await?,
                self.store().sync_record(id).await?,
            ),
            None => (None, 0, None),
        };
        Ok(ConnectionDetails {
            connection,
            event_time_zone: event.time_zone,
            account,
            meeting_count,
            sync: record.map(|r| self.sync_state(&r, lang)).unwrap_or(SyncState { last_synced_at: None, stale: false, fault: None, retry_at: None }),
        })
    }

    /// Meetings `offset..offset + limit` of the sorted list whose topic contains `filter`
    /// (any case); a view of thousands of meetings receives only the rows it shows.
    pub async fn meetings(&self, actor: i64, event_id: i64, connection_id: i64, filter: &str, offset: usize, limit: usize) -> Result<MeetingWindow> {
        self.connection(actor, event_id, connection_id).await?;
        let Some(account_id) = self.store().account_of_connection(event_id, connection_id).await? else {
            return Ok(MeetingWindow { matching: 0, offset, meetings: Vec::new() });
        };
        let sorted = self.sorted_meetings(account_id).await?;
        let needle = filter.trim().to_lowercase();
        let matches = |m: &&ZoomMeeting| needle.is_empty() || m.topic.to_lowercase().contains(&needle);
        let matching = sorted.iter().filter(matches).count();
        let window = sorted.iter().filter(matches).skip(offset).take(limit.min(MEETING_WINDOW_MAX)).cloned().map(meeting_view).collect();
        Ok(MeetingWindow { matching, offset, meetings: window })
    }

    async fn sorted_meetings(&self, account_id: i64) -> Result<std::sync::Arc<Vec<ZoomMeeting>>> {
        let digest = self.store().sync_record(account_id).await?.and_then(|r| r.meetings_digest);
        if let Some((cached, meetings)) = self.sorted_meetings.lock().expect("meetings cache").get(&account_id) {
            if *cached == digest {
                return Ok(meetings.clone());
            }
        }
        let mut meetings = self.store().meetings(account_id).await?;
        // Fixed start times first, in order; then those without one. Stable: Zoom's order breaks ties.
        meetings.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        let meetings = std::sync::Arc::new(meetings);
        self.sorted_meetings.lock().expect("meetings cache").insert(account_id, (digest, meetings.clone()));
        Ok(meetings)
    }

    /// Refreshes the connection's account from Zoom (`force`: even if fresh), then its page.
    pub async fn refresh_connection(
        &self,
        actor: i64,
        event_id: i64,
        connection_id: i64,
        force: bool,
        lang: Lang,
    ) -> Result<(ConnectionDetails, SyncReport)> {
        self.connection(actor, event_id, connection_id).await?;
        let report = match self.store().account_of_connection(event_id, connection_id).await? {
            Some(account_id) => self.sync_account(account_id, force).await,
            None => SyncReport::default(),
        };
        Ok((self.details(actor, event_id, connection_id, lang).await?, report))
    }

    /// Window focus on an event's Zoom page: every account older than a minute, concurrently.
    pub async fn refresh_event(&self, actor: i64, event_id: i64) -> Result<(Vec<ZoomConnection>, SyncReport)> {
        require_admin(self.store(), actor, event_id).await?;
        let accounts = self.store().accounts_of_event(event_id).await?;
        let report = self.sync_accounts(&accounts).await;
        Ok((self.connections(actor, event_id).await?, report))
    }

    /// Start-up: every account the app holds.
    pub async fn sync_all(&self) -> Result<SyncReport> {
        let accounts = self.store().all_accounts().await?;
        Ok(self.sync_accounts(&accounts).await)
    }

    async fn sync_accounts(&self, accounts: &[i64]) -> SyncReport {
        let reports = futures_util::future::join_all(accounts.iter().map(|&id| self.sync_account(id, false))).await;
        SyncReport { purged_events: reports.into_iter().flat_map(|r| r.purged_events).collect() }
    }

    /// One sync of one account at a time; a second caller waits and reuses the result.
    pub async fn sync_account(&self, account_id: i64, force: bool) -> SyncReport {
        let asked_at = self.clock().now_ms();
        let turn = self.sync_turn(account_id);
        let _turn = turn.lock().await;
        let record = match self.store().sync_record(account_id).await {
            Ok(Some(record)) => record,
            Ok(None) => return SyncReport::default(),
            Err(error) => {
                tracing::error!(%error, "could not read the sync state");
                return SyncReport::default();
            }
        };
        let now = self.clock().now_ms();
        if let Some(report) = self.purge_if_reconnect_timed_out(account_id, &record, now).await {
            return report;
        }
        // A time ahead of the clock was written by a clock that was ahead and was set back: it
        // says nothing of now, and must not hold syncs back forever.
        let past = |t: &i64| *t <= now;
        let fresh = record.last_attempt_at.filter(past).is_some_and(|t| now - t < FRESH_FOR.as_millis() as i64);
        // Someone else synced while this caller waited its turn: their answer is as new as ours.
        let just_done = record.last_attempt_at.filter(past).is_some_and(|t| t >= asked_at);
        let rate_limited = record.retry_at.is_some_and(|t| t > now && t - now <= RETRY_AFTER_CAP.as_millis() as i64);
        if (fresh && !force) || just_done || rate_limited {
            return SyncReport::default();
        }
        match self.fetch_account(account_id).await {
            Ok((user, meetings)) => {
                if let Err(error) = self.store().update_account_profile(account_id, &profile_of(&user)).await {
                    tracing::error!(%error, "could not store the account's profile");
                }
                let digest = digest(&meetings);
                match self.store().save_snapshot(account_id, &user.id, &meetings, &digest, self.clock().now_ms()).await {
                    Ok(written) => tracing::info!(account_id, meetings = meetings.len(), written, "meetings synced"),
                    Err(error) => tracing::error!(%error, "could not store the meetings"),
                }
                SyncReport::default()
            }
            Err(Error::AppRemovedInZoom) => self.purge(account_id, Purge::AppRemovedInZoom).await,
            Err(error) => {
                let (problem, retry_at) = self.problem_of(&error);
                tracing::warn!(account_id, code = %error.code(), "meeting sync failed; the last list is kept");
                if let Err(error) = self.store().record_sync_problem(account_id, problem, retry_at, self.clock().now_ms()).await {
                    tracing::error!(%error, "could not record a sync problem");
                }
                SyncReport::default()
            }
        }
    }

    /// An account Zoom stopped accepting, not connected again within the grace period, leaves
    /// every event as if its app had been removed.
    async fn purge_if_reconnect_timed_out(&self, account_id: i64, record: &SyncRecord, now: i64) -> Option<SyncReport> {
        let since = record.needs_reauth_since?;
        if since > now {
            if let Err(error) = self.store().restart_reauth_clock(account_id, now).await {
                tracing::error!(%error, "could not restart the reconnect period");
            }
            return None;
        }
        (now - since >= super::tokens::REAUTH_GRACE.as_millis() as i64).then_some(())?;
        Some(self.purge(account_id, Purge::ReconnectTimedOut).await)
    }

    async fn purge(&self, account_id: i64, why: Purge) -> SyncReport {
        match self.store().purge_zoom_account(account_id, why).await {
            Ok(events) => {
                tracing::warn!(account_id, ?why, "the Zoom account left every event");
                SyncReport { purged_events: events }
            }
            Err(error) => {
                tracing::error!(%error, "could not remove the Zoom account");
                SyncReport::default()
            }
        }
    }

    /// The account's profile and every page of its meetings, or an error: a partial list
    /// never leaves this function.
    async fn fetch_account(&self, account_id: i64) -> Result<(ZoomUser, Vec<ZoomMeeting>)> {
        let (token, api) = self.access_token(account_id).await?;
        let mut auth = Auth { token, api, refreshed: false };
        let user = self.call(account_id, &mut auth, |api, token| async move { api.me(&token).await }).await?;
        let mut meetings = Vec::new();
        let mut page_token: Option<String> = None;
        let mut seen_tokens = std::collections::HashSet::new();
        let mut pages = 0usize;
        loop {
            let asked = page_token.clone();
            let page = self
                .call(account_id, &mut auth, |api, token| {
                    let asked = asked.clone();
                    async move { api.scheduled_meetings(&token, asked.as_deref()).await }
                })
                .await?;
            meetings.extend(page.meetings);
            pages += 1;
            let Some(next) = page.next_page_token else { return Ok((user, meetings)) };
            // A token seen before would loop forever; pages past what the total allows never end.
            let allowed = page.total_records.map_or(MOST_PAGES, |total| (total.max(1) as usize).div_ceil(PAGE_SIZE as usize)).min(MOST_PAGES);
            if !seen_tokens.insert(next.clone()) || pages >= allowed {
                tracing::warn!(account_id, pages, total = page.total_records, "Zoom's meeting pages do not add up; the sync stops");
                return Err(ZoomError::BadPaging.into());
            }
            page_token = Some(next);
        }
    }

    /// One API call with Zoom's retry rules. A 401 forces one token refresh and one retry per
    /// sync; a second 401 means the grant is gone.
    async fn call<T, Fut>(&self, account_id: i64, auth: &mut Auth, op: impl Fn(ZoomApi, SecretString) -> Fut) -> Result<T>
    where
        Fut: std::future::Future<Output = Result<T, ZoomError>>,
    {
        loop {
            match self.with_retries(|| op(auth.api.clone(), auth.token.clone())).await {
                Ok(value) => return Ok(value),
                Err(ZoomError::InvalidToken) if !auth.refreshed => {
                    auth.refreshed = true;
                    (auth.token, auth.api) = self.access_token_after_rejection(account_id, &auth.token).await?;
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    async fn with_retries<T, Fut>(&self, attempt: impl Fn() -> Fut) -> Result<T, ZoomError>
    where
        Fut: std::future::Future<Output = Result<T, ZoomError>>,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            let wait = match &error {
                ZoomError::RateLimited { retry_after: Some(wait) } if *wait > LONGEST_WAIT => return Err(error),
                ZoomError::RateLimited { retry_after: Some(wait) } => *wait,
                ZoomError::RateLimited { retry_after: None } | ZoomError::Server { .. } | ZoomError::Unreachable(_) => backoff(tries),
                _ => return Err(error),
            };
            if tries >= TRIES {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// The join link of a stored meeting, if the app may open it.
    pub async fn join_link(&self, actor: i64, event_id: i64, connection_id: i64, meeting_id: i64) -> Result<Url> {
        self.connection(actor, event_id, connection_id).await?;
        let url = self.store().meeting_join_url(event_id, connection_id, meeting_id).await?.ok_or(Error::NotJoinable)?;
        joinable(&url).ok_or(Error::NotJoinable)
    }

    fn sync_state(&self, record: &SyncRecord, lang: Lang) -> SyncState {
        let now = self.clock().now_ms();
        let retry_at = record.retry_at.filter(|&t| t > now && t - now <= RETRY_AFTER_CAP.as_millis() as i64);
        SyncState {
            last_synced_at: record.last_synced_at.map(rfc3339),
            stale: record.sync_problem.is_some() || record.last_synced_at.is_none_or(|t| t > now || now - t >= FRESH_FOR.as_millis() as i64),
            fault: record.sync_problem.map(|p| problem_error(p).fault(lang)),
            retry_at: retry_at.map(rfc3339),
        }
    }

    fn problem_of(&self, error: &Error) -> (SyncProblem, Option<i64>) {
        let now = self.clock().now_ms();
        match error {
            Error::Zoom(ZoomError::Unreachable(_)) => (SyncProblem::Unreachable, None),
            Error::Zoom(ZoomError::RateLimited { retry_after }) => {
                let wait = retry_after.unwrap_or(FRESH_FOR).min(RETRY_AFTER_CAP);
                (SyncProblem::RateLimited, Some(now.saturating_add(wait.as_millis() as i64)))
            }
            Error::Zoom(ZoomError::Server { .. }) => (SyncProblem::ZoomUnavailable, None),
            Error::Zoom(ZoomError::BadPaging) => (SyncProblem::BadPaging, None),
            Error::ReconnectNeeded | Error::Vault(_) | Error::Zoom(ZoomError::InvalidGrant | ZoomError::InvalidToken) => {
                (SyncProblem::ReconnectNeeded, None)
            }
            _ => (SyncProblem::Unexpected, None),
        }
    }
}

fn problem_error(problem: SyncProblem) -> Error {
    match problem {
        SyncProblem::Unreachable => Error::Zoom(ZoomError::Unreachable(String::new())),
        SyncProblem::RateLimited => Error::Zoom(ZoomError::RateLimited { retry_after: None }),
        SyncProblem::ZoomUnavailable => Error::Zoom(ZoomError::Server { status: 503 }),
        SyncProblem::Unexpected => Error::Zoom(ZoomError::Malformed(String::new())),
        SyncProblem::ReconnectNeeded => Error::ReconnectNeeded,
        SyncProblem::BadPaging => Error::Zoom(ZoomError::BadPaging),
    }
}

/// 0.5 s, 1 s, … with up to half again of jitter, so accounts that failed together retry apart.
fn backoff(tries: u32) -> Duration {
    let base = 500u64 << (tries - 1).min(4);
    Duration::from_millis(base + rand::thread_rng().gen_range(0..=base / 2))
}

fn digest(meetings: &[ZoomMeeting]) -> String {
    let mut hash = Sha256::new();
    for m in meetings {
        hash.update(format!("{:?}\u{1f}", m).as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn rfc3339(unix_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_ms).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Only https links on Zoom's own domains are opened; anything else is shown as text.
pub fn joinable(url: &str) -> Option<Url> {
    Url::parse(url).ok().filter(super::settings::is_zoom)
}

fn sort_key(m: &ZoomMeeting) -> (bool, Option<&str>) {
    let fixed = m.meeting_type != 3 && m.start_time.is_some();
    // RFC 3339 in UTC sorts as text.
    (!fixed, if fixed { m.start_time.as_deref() } else { None })
}

fn meeting_view(m: ZoomMeeting) -> Meeting {
    let joinable = m.join_url.as_deref().and_then(joinable).is_some();
    Meeting {
        fixed_time: m.meeting_type != 3 && m.start_time.is_some(),
        recurring: matches!(m.meeting_type, 3 | 8),
        id: m.id,
        topic: m.topic,
        meeting_type: m.meeting_type,
        start_time: m.start_time,
        duration_minutes: m.duration,
        timezone: m.timezone,
        join_url: m.join_url,
        joinable,
    }
}

fn account_details(profile: AccountProfile) -> ZoomAccountDetails {
    let granted: Vec<String> = profile.scopes.split_whitespace().map(str::to_owned).collect();
    let missing = NEEDED_SCOPES
        .iter()
        .filter(|(granular, classic)| !granted.iter().any(|g| g == granular || g == classic))
        .map(|(granular, _)| (*granular).to_owned())
        .collect();
    ZoomAccountDetails {
        display_name: profile.display_name,
        email: profile.email,
        user_type: match profile.user_type {
            1 => UserType::Basic,
            2 => UserType::Licensed,
            _ => UserType::None,
        },
        timezone: profile.timezone,
        zoom_account_id: profile.zoom_account_id,
        granted_scopes: granted,
        missing_scopes: missing,
    }
}

#[cfg(test)]
mod tests {
    use super::joinable;

    #[test]
    fn only_https_links_on_zoom_domains_are_joinable() {
        for ok in ["https://us05web.zoom.us/j/85512345678?pwd=abc", "https://zoom.us/j/1", "https://x.zoomgov.com/j/1"] {
            assert!(joinable(ok).is_some(), "{ok}");
        }
        for refused in [
            "http://zoom.us/j/1",
            "https://zoom.us.evil.example/j/1",
            "https://evilzoom.us/j/1",
            "https://user@zoom.us/j/1",
            "https://zoom.us:8443/j/1",
            "javascript:alert(1)",
            "zoommtg://zoom.us/join?confno=1",
            "not a url",
        ] {
            assert!(joinable(refused).is_none(), "{refused}");
        }
    }
}
