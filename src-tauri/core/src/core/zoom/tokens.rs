//! Keeping each Zoom account's token set alive. Zoom rotates the refresh token at every refresh
//! and kills the old one at once, so: one refresh per account at a time across every process, a
//! write only over the version that was read, and a new set that could not be written is held in
//! memory (with the account's lock) and written again until it is. The grant is declared removed
//! only on proof; anything less asks for a reconnect and keeps the data.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::ZoomIntegration;
use crate::core::{Error, Result};
use crate::store::{AccountLock, AccountTokens, Store, Tokens};
use crate::zoom::{ZoomApi, ZoomError};

/// Refresh this long before the access token expires, so a call never starts with a dying token.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// Zoom refused the refresh token without proof that the app was removed: after this long
/// without a reconnect the account is purged as if it had been.
pub const REAUTH_GRACE: Duration = Duration::from_secs(10 * 24 * 3600);
/// Between two tries to write a set the disk refused: doubling from the first, up to the last.
const REWRITE_WAITS: (Duration, Duration) = (Duration::from_millis(200), Duration::from_secs(30));

/// A rotated set Zoom gave us that is not on disk yet.
struct Unsaved {
    read: AccountTokens,
    tokens: Tokens,
    scopes: String,
}

/// What one account's turn holds between calls.
#[derive(Default)]
pub(super) struct TokenTurn {
    /// Kept while a set is unsaved, so no other process refreshes with the dead token on disk.
    held: Option<AccountLock>,
    unsaved: Option<Unsaved>,
}

/// One turn per account in this process; the account lock extends it to the others.
#[derive(Default, Clone)]
pub(super) struct TokenTurns {
    turns: Arc<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<TokenTurn>>>>>,
    /// Accounts with a set held in memory, readable while their turn is taken (a rewrite waiting
    /// out the busy timeout holds it for seconds).
    unsaved: Arc<Mutex<HashSet<i64>>>,
}

impl TokenTurns {
    fn of(&self, account_id: i64) -> Arc<tokio::sync::Mutex<TokenTurn>> {
        self.turns.lock().expect("token turns").entry(account_id).or_default().clone()
    }

    pub(super) fn has_unsaved(&self, account_id: i64) -> bool {
        self.unsaved.lock().expect("unsaved accounts").contains(&account_id)
    }

    /// Returns whether the account was already marked, i.e. a rewrite is already under way.
    fn mark_unsaved(&self, account_id: i64, unsaved: bool) -> bool {
        let mut marked = self.unsaved.lock().expect("unsaved accounts");
        if unsaved {
            !marked.insert(account_id)
        } else {
            marked.remove(&account_id)
        }
    }
}

/// The turn of one account, taken: in this process and, through the store, in every other.
pub(super) struct Held {
    turn: tokio::sync::OwnedMutexGuard<TokenTurn>,
    lock: Option<AccountLock>,
}

impl ZoomIntegration {
    /// Takes the account's turn. Reconnecting takes it too, so a reconnect and a refresh never cross.
    pub(super) async fn token_turn(&self, account_id: i64) -> Result<Held> {
        let turn = self.tokens.of(account_id).lock_owned().await;
        let lock = match turn.held {
            Some(_) => None,
            None => Some(self.store.lock_account(account_id).await?),
        };
        Ok(Held { turn, lock })
    }

    /// A usable access token for the account and the API to use it with.
    pub async fn access_token(&self, account_id: i64) -> Result<(SecretString, ZoomApi)> {
        self.usable_token(account_id, None).await
    }

    /// After Zoom answered 401 to `rejected`: a new token, unless another caller already got one.
    pub async fn access_token_after_rejection(&self, account_id: i64, rejected: &SecretString) -> Result<(SecretString, ZoomApi)> {
        self.usable_token(account_id, Some(rejected)).await
    }

    /// Whether a rotated set is held in memory because the disk refused it.
    pub fn tokens_unsaved(&self, account_id: i64) -> bool {
        self.tokens.has_unsaved(account_id)
    }

    async fn usable_token(&self, account_id: i64, rejected: Option<&SecretString>) -> Result<(SecretString, ZoomApi)> {
        let mut held = self.token_turn(account_id).await?;
        let mut stored = self.current_tokens(account_id, &mut held).await?;
        let mut reread = false;
        loop {
            let api = ZoomApi::new(self.http.clone(), Url::parse(&stored.api_url).map_err(|e| ZoomError::Malformed(e.to_string()))?);
            let access = stored.tokens.access_token.clone();
            let was_rejected = rejected.is_some_and(|r| r.expose_secret() == access.expose_secret());
            let now = self.clock.now_ms();
            let within_lifetime = stored.tokens.access_expires_at > now;
            let usable = within_lifetime && !was_rejected;
            if usable && stored.tokens.access_expires_at - now > REFRESH_MARGIN.as_millis() as i64 {
                return Ok((access, api));
            }
            if stored.needs_reauth {
                return if usable { Ok((access, api)) } else { Err(Error::ReconnectNeeded) };
            }
            let oauth = self.oauth_at(&stored.oauth_url).await?;
            match oauth.refresh(&stored.tokens.refresh_token).await {
                Ok(set) => {
                    let expires = self.expiry(set.expires_in);
                    let tokens = Tokens { access_token: set.access_token, refresh_token: set.refresh_token, access_expires_at: expires };
                    let access = tokens.access_token.clone();
                    self.keep(account_id, &mut held, Unsaved { read: stored, tokens, scopes: set.scope }).await;
                    return Ok((access, api));
                }
                Err(ZoomError::InvalidGrant) => {
                    // Someone else refreshed first (a writer outside this computer's lock):
                    // their set is the live one.
                    match self.store.account_tokens(account_id).await? {
                        Some(newer) if newer.version != stored.version && !reread => {
                            (stored, reread) = (newer, true);
                            continue;
                        }
                        _ => {}
                    }
                    // Proof that the app was removed: Zoom refuses the refresh token AND an
                    // access token that is still within its lifetime. Anything less may be a
                    // lost answer: reconnect, and keep the data meanwhile.
                    if within_lifetime && matches!(api.me(&access).await, Err(ZoomError::InvalidToken)) {
                        return Err(Error::AppRemovedInZoom);
                    }
                    tracing::warn!(account_id, "Zoom refused the refresh token; the account needs to be connected again");
                    self.store.mark_needs_reauth(account_id, &stored, now).await?;
                    return if usable { Ok((access, api)) } else { Err(Error::ReconnectNeeded) };
                }
                Err(error) if usable => {
                    tracing::warn!(%error, "token refresh failed; the access token still works");
                    return Ok((access, api));
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// The set to use: one held in memory (written now if the disk takes it), else the store's.
    async fn current_tokens(&self, account_id: i64, held: &mut Held) -> Result<AccountTokens> {
        if let Some(unsaved) = held.turn.unsaved.take() {
            let in_memory = AccountTokens { tokens: unsaved.tokens.clone(), ..unsaved.read.clone() };
            match write(&self.store, account_id, &unsaved).await {
                // The lock stays held until this call ends.
                Ok(()) => {
                    held.lock = held.lock.take().or(held.turn.held.take());
                    self.tokens.mark_unsaved(account_id, false);
                }
                Err(()) => {
                    held.turn.unsaved = Some(unsaved);
                    return Ok(in_memory);
                }
            }
        }
        self.store.account_tokens(account_id).await?.ok_or(Error::NotConnected)
    }

    /// Writes a set Zoom just rotated, or holds it in memory, with the account's lock, and
    /// keeps writing it in the background until the disk takes it.
    async fn keep(&self, account_id: i64, held: &mut Held, unsaved: Unsaved) {
        if write(&self.store, account_id, &unsaved).await.is_ok() {
            return;
        }
        tracing::error!(account_id, "the new Zoom token set could not be written; it is kept in memory and written again");
        if let Some(lock) = held.lock.take() {
            held.turn.held = Some(lock);
        }
        held.turn.unsaved = Some(unsaved);
        if self.tokens.mark_unsaved(account_id, true) {
            return;
        }
        let (store, turns) = (self.store.clone(), self.tokens.clone());
        let turn = turns.of(account_id);
        tokio::spawn(async move {
            let mut wait = REWRITE_WAITS.0;
            loop {
                tokio::time::sleep(wait).await;
                let mut turn = turn.lock().await;
                let Some(unsaved) = turn.unsaved.take() else {
                    turns.mark_unsaved(account_id, false);
                    return;
                };
                if write(&store, account_id, &unsaved).await.is_ok() {
                    turn.held = None;
                    turns.mark_unsaved(account_id, false);
                    tracing::info!(account_id, "the held Zoom token set is written");
                    return;
                }
                turn.unsaved = Some(unsaved);
                wait = (wait * 2).min(REWRITE_WAITS.1);
            }
        });
    }
}

/// Err when the disk refused; a set someone else replaced meanwhile (a reconnect) is dropped,
/// since theirs is newer.
async fn write(store: &Store, account_id: i64, unsaved: &Unsaved) -> Result<(), ()> {
    match store.replace_tokens(account_id, &unsaved.read, &unsaved.tokens, &unsaved.scopes).await {
        Ok(true) => Ok(()),
        Ok(false) => {
            tracing::warn!(account_id, "the token set changed meanwhile; the newer one is kept");
            Ok(())
        }
        Err(error) => {
            tracing::error!(%error, account_id, "could not write the Zoom token set");
            Err(())
        }
    }
}
