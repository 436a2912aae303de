//! Keeping each Zoom account's meeting list fresh: whole snapshots only, Zoom's limits and retry
//! rules honoured, one sync per account at a time, and a grant Zoom removed (the app removed in
//! the Marketplace) purged from every event.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

use super::tokens::REAUTH_GRACE;
use super::ZoomIntegration;
use crate::core::{Admin, Error, Result};
use crate::store::{AccountProfileUpdate, Purge, StoredMeeting, SyncProblem, SyncRecord};
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

/// What became of one account's sync.
#[derive(Debug)]
pub enum SyncOutcome {
    /// Zoom gave a complete list; `changed` when it differs from the stored one.
    Synced { meetings: usize, changed: bool },
    /// Not asked of Zoom: the list is under a minute old, or another caller just synced it.
    Fresh,
    /// Zoom's rate limit holds requests back until this time (Unix ms).
    Waiting { until: i64 },
    /// The account left every event: these events lost it.
    Purged { events: Vec<i64> },
    /// The stored list is kept.
    Failed(Error),
}

/// What a sync of several accounts did, account by account.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub accounts: Vec<(i64, SyncOutcome)>,
}

impl SyncOutcome {
    /// Events whose connections lost the account because Zoom removed the grant.
    pub fn purged_events(&self) -> &[i64] {
        match self {
            SyncOutcome::Purged { events } => events,
            _ => &[],
        }
    }
}

impl SyncReport {
    pub fn purged_events(&self) -> Vec<i64> {
        self.accounts.iter().flat_map(|(_, outcome)| outcome.purged_events().iter().copied()).collect()
    }
}

/// One async lock per Zoom account, so a sync of one account never runs twice at once.
#[derive(Default)]
pub(super) struct SyncTurns(Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>);

impl SyncTurns {
    fn of(&self, account_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        self.0.lock().expect("sync turns").entry(account_id).or_default().clone()
    }
}

/// An access token and the API it works with, refreshed at most once per sync after a 401.
struct Auth {
    token: SecretString,
    api: ZoomApi,
    refreshed: bool,
}

impl ZoomIntegration {
    /// Every account of the event, concurrently (`force`: even those synced under a minute ago).
    pub async fn sync_event(&self, admin: Admin, force: bool) -> Result<SyncReport> {
        let accounts = self.store.accounts_of_event(admin.event()).await?;
        Ok(self.sync_accounts(&accounts, force).await)
    }

    /// The connection's account (`force`: even if synced under a minute ago); None when the
    /// connection has no account.
    pub async fn sync_connection(&self, admin: Admin, connection_id: i64, force: bool) -> Result<Option<SyncOutcome>> {
        self.find(admin, connection_id).await?;
        Ok(match self.store.account_of_connection(admin.event(), connection_id).await? {
            Some(account_id) => Some(self.sync_account(account_id, force).await),
            None => None,
        })
    }

    /// Start-up: every account the app holds.
    pub async fn sync_all(&self) -> Result<SyncReport> {
        let accounts = self.store.all_accounts().await?;
        Ok(self.sync_accounts(&accounts, false).await)
    }

    async fn sync_accounts(&self, accounts: &[i64], force: bool) -> SyncReport {
        let outcomes = futures_util::future::join_all(accounts.iter().map(|&id| self.sync_account(id, force))).await;
        SyncReport { accounts: accounts.iter().copied().zip(outcomes).collect() }
    }

    /// One sync of one account at a time; a second caller waits and reuses the result.
    pub async fn sync_account(&self, account_id: i64, force: bool) -> SyncOutcome {
        let asked_at = self.clock.now_ms();
        let turn = self.syncs.of(account_id);
        let _turn = turn.lock().await;
        let _shared_turn = match self.store.sync_turn(account_id).await {
            Ok(turn) => turn,
            Err(error) => {
                tracing::error!(%error, "could not take the account's turn to sync");
                return SyncOutcome::Failed(error.into());
            }
        };
        let record = match self.store.sync_record(account_id).await {
            Ok(Some(record)) => record,
            Ok(None) => return SyncOutcome::Failed(Error::NotConnected),
            Err(error) => {
                tracing::error!(%error, "could not read the sync state");
                return SyncOutcome::Failed(error.into());
            }
        };
        let now = self.clock.now_ms();
        if let Some(outcome) = self.purge_if_reconnect_timed_out(account_id, &record, now).await {
            return outcome;
        }
        // A time ahead of the clock was written by a clock that was ahead and was set back: it
        // says nothing of now, and must not hold syncs back forever.
        let past = |t: &i64| *t <= now;
        let fresh = record.last_attempt_at.filter(past).is_some_and(|t| now - t < FRESH_FOR.as_millis() as i64);
        // Someone else synced while this caller waited its turn: their answer is as new as ours.
        let just_done = record.last_attempt_at.filter(past).is_some_and(|t| t >= asked_at);
        if let Some(until) = record.retry_at.filter(|&t| t > now && t - now <= RETRY_AFTER_CAP.as_millis() as i64) {
            return SyncOutcome::Waiting { until };
        }
        if (fresh && !force) || just_done {
            return SyncOutcome::Fresh;
        }
        match self.fetch_account(account_id).await {
            Ok((user, meetings)) => {
                if let Err(error) = self.store.update_account_profile(account_id, &profile_of(&user)).await {
                    tracing::error!(%error, "could not store the account's profile");
                }
                let digest = digest(&meetings);
                match self.store.save_snapshot(account_id, &user.id, &meetings, &digest, self.clock.now_ms()).await {
                    Ok(written) => {
                        tracing::info!(account_id, meetings = meetings.len(), written, "meetings synced");
                        SyncOutcome::Synced { meetings: meetings.len(), changed: written }
                    }
                    Err(error) => {
                        tracing::error!(%error, "could not store the meetings");
                        SyncOutcome::Failed(error.into())
                    }
                }
            }
            Err(Error::AppRemovedInZoom) => self.purge(account_id, Purge::AppRemovedInZoom).await,
            Err(error) => {
                let (problem, retry_at) = self.problem_of(&error);
                tracing::warn!(account_id, code = %error.code(), "meeting sync failed; the last list is kept");
                if let Err(error) = self.store.record_sync_problem(account_id, problem, retry_at, self.clock.now_ms()).await {
                    tracing::error!(%error, "could not record a sync problem");
                }
                SyncOutcome::Failed(error)
            }
        }
    }

    /// An account Zoom stopped accepting, not connected again within the grace period, leaves
    /// every event as if its app had been removed.
    async fn purge_if_reconnect_timed_out(&self, account_id: i64, record: &SyncRecord, now: i64) -> Option<SyncOutcome> {
        let since = record.needs_reauth_since?;
        if since > now {
            if let Err(error) = self.store.restart_reauth_clock(account_id, now).await {
                tracing::error!(%error, "could not restart the reconnect period");
            }
            return None;
        }
        (now - since >= REAUTH_GRACE.as_millis() as i64).then_some(())?;
        Some(self.purge(account_id, Purge::ReconnectTimedOut).await)
    }

    async fn purge(&self, account_id: i64, why: Purge) -> SyncOutcome {
        match self.store.purge_zoom_account(account_id, why).await {
            Ok(events) => {
                tracing::warn!(account_id, ?why, "the Zoom account left every event");
                SyncOutcome::Purged { events }
            }
            Err(error) => {
                tracing::error!(%error, "could not remove the Zoom account");
                SyncOutcome::Failed(error.into())
            }
        }
    }

    /// The account's profile and every page of its meetings, or an error: a partial list
    /// never leaves this function.
    async fn fetch_account(&self, account_id: i64) -> Result<(ZoomUser, Vec<StoredMeeting>)> {
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
            meetings.extend(page.meetings.into_iter().map(stored));
            pages += 1;
            let Some(next) = page.next_page_token else {
                let meetings = self.with_occurrences(account_id, &mut auth, meetings, user.user_type).await?;
                return Ok((user, meetings));
            };
            // A token seen before would loop forever; pages past what the total allows never end.
            let allowed = page.total_records.map_or(MOST_PAGES, |total| (total.max(1) as usize).div_ceil(PAGE_SIZE as usize)).min(MOST_PAGES);
            if !seen_tokens.insert(next.clone()) || pages >= allowed {
                tracing::warn!(account_id, pages, total = page.total_records, "Zoom's meeting pages do not add up; the sync stops");
                return Err(ZoomError::BadPaging.into());
            }
            page_token = Some(next);
        }
    }

    /// Each recurring meeting with a fixed time becomes its occurrences, each a row with its own
    /// time (the cancelled ones left out). Those stored from the same list item are kept; the
    /// others are asked of Zoom one meeting at a time (`GET /meetings/{id}`), paced to the
    /// account's Light limit.
    async fn with_occurrences(&self, account_id: i64, auth: &mut Auth, listed: Vec<StoredMeeting>, user_type: i64) -> Result<Vec<StoredMeeting>> {
        if !listed.iter().any(|m| m.meeting_type == 8) {
            return Ok(listed);
        }
        let mut known: HashMap<String, Vec<StoredMeeting>> = HashMap::new();
        for row in self.store.meetings(account_id).await? {
            if let Some(series) = row.series.clone() {
                known.entry(series).or_default().push(row);
            }
        }
        let mut out = Vec::with_capacity(listed.len());
        let mut pace = LightPace::new(user_type);
        // A grant from before the app asked for a meeting's details: its series stay one row each.
        let mut unscoped = false;
        for meeting in listed {
            if meeting.meeting_type != 8 || unscoped {
                out.push(meeting);
                continue;
            }
            let series = series_key(&meeting);
            if let Some(rows) = known.remove(&series) {
                out.extend(rows);
                continue;
            }
            let id = meeting.id;
            pace.wait().await;
            match self.call(account_id, auth, |api, token| async move { api.occurrences(&token, id).await }).await {
                Ok(occurrences) if !occurrences.is_empty() => out.extend(occurrences.into_iter().map(|o| StoredMeeting {
                    start_time: Some(o.start_time),
                    duration: o.duration.or(meeting.duration),
                    occurrence_id: Some(o.occurrence_id),
                    series: Some(series.clone()),
                    ..meeting.clone()
                })),
                // No occurrence to show apart: the series as the list gave it.
                Ok(_) => out.push(StoredMeeting { series: Some(series), ..meeting }),
                // Deleted since the list was read (3001): it is gone.
                Err(Error::Zoom(ZoomError::Rejected { status: 404, .. })) => {}
                // Not a series without occurrences: after a reconnect with the scope it is asked again.
                Err(Error::Zoom(ZoomError::Rejected { code: Some(super::details::SCOPE_MISSING), .. })) => {
                    tracing::warn!(account_id, "the grant lacks the scope for a meeting's occurrences; series are kept as listed");
                    unscoped = true;
                    out.push(meeting);
                }
                Err(error) => return Err(error),
            }
        }
        Ok(out)
    }

    /// The passcodes of the account's meetings, for an export that includes them: one
    /// `GET /meetings/{id}` each, paced to the account's Light limit. A meeting deleted since the
    /// last sync has none; a token without the scope fails the whole.
    pub(super) async fn meeting_passcodes(&self, account_id: i64, meeting_ids: &[i64]) -> Result<Vec<(i64, String)>> {
        let user_type = self.store.account_profile(account_id).await?.map_or(1, |p| p.user_type);
        let (token, api) = self.access_token(account_id).await?;
        let mut auth = Auth { token, api, refreshed: false };
        let mut pace = LightPace::new(user_type);
        let mut passcodes = Vec::new();
        for &id in meeting_ids {
            pace.wait().await;
            match self.call(account_id, &mut auth, |api, token| async move { api.meeting(&token, id).await }).await {
                Ok(meeting) => passcodes.extend(meeting.password.filter(|p| !p.is_empty()).map(|p| (id, p))),
                Err(Error::Zoom(ZoomError::Rejected { status: 404, .. })) => {}
                Err(Error::Zoom(ZoomError::Rejected { code: Some(super::details::SCOPE_MISSING), .. })) => {
                    return Err(Error::ScopeMissing(super::details::DETAILS_SCOPES.0.into()));
                }
                Err(error) => return Err(error),
            }
        }
        Ok(passcodes)
    }

    /// One call to Zoom outside a sync (a meeting's details), with the same rules.
    pub(super) async fn ask<T, Fut>(&self, account_id: i64, op: impl Fn(ZoomApi, SecretString) -> Fut) -> Result<T>
    where
        Fut: std::future::Future<Output = Result<T, ZoomError>>,
    {
        let (token, api) = self.access_token(account_id).await?;
        let mut auth = Auth { token, api, refreshed: false };
        self.call(account_id, &mut auth, op).await
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

    fn problem_of(&self, error: &Error) -> (SyncProblem, Option<i64>) {
        let now = self.clock.now_ms();
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

pub(super) fn problem_error(problem: SyncProblem) -> Error {
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

fn stored(m: ZoomMeeting) -> StoredMeeting {
    let ZoomMeeting { id, topic, meeting_type, start_time, duration, timezone, join_url } = m;
    StoredMeeting { id, topic, meeting_type, start_time, duration, timezone, join_url, occurrence_id: None, series: None }
}

/// A digest of a recurring meeting's list item: when it changes, the series is asked for again.
fn series_key(m: &StoredMeeting) -> String {
    let mut hash = Sha256::new();
    hash.update(
        format!("{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}", m.id, m.topic, m.start_time, m.duration, m.timezone, m.join_url).as_bytes(),
    );
    hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn digest(meetings: &[StoredMeeting]) -> String {
    let mut hash = Sha256::new();
    for m in meetings {
        let StoredMeeting { id, topic, meeting_type, start_time, duration, timezone, join_url, occurrence_id, series } = m;
        hash.update(
            format!(
                "{id}\u{1f}{topic:?}\u{1f}{meeting_type}\u{1f}{start_time:?}\u{1f}{duration:?}\u{1f}{timezone:?}\u{1f}{join_url:?}\u{1f}{occurrence_id:?}\u{1f}{series:?}\u{1e}"
            )
            .as_bytes(),
        );
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Zoom's Light class allows a free account 4 calls a second and a paid one 30 (Business and up
/// allow 80, which the user's type does not tell apart). The limit is the whole account's, shared
/// with every app on it, so calls one after another go no faster than that.
struct LightPace(tokio::time::Interval);

impl LightPace {
    fn new(user_type: i64) -> Self {
        let per_second = if user_type == 1 { 4 } else { 30 };
        let mut interval = tokio::time::interval(Duration::from_secs(1) / per_second);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Self(interval)
    }

    async fn wait(&mut self) {
        self.0.tick().await;
    }
}
