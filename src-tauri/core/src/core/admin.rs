//! The Event Administrator right as a value. Event-scoped use cases take an `Admin`, and only
//! `Admin::check` makes one, so a use case cannot skip the check and still compile.

use super::{Error, Result};
use crate::store::Store;

/// Proof that `profile` administered `event` when it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admin {
    profile: i64,
    event: i64,
}

impl Admin {
    /// The right of `profile` to `event`: `forbidden` when the event is someone else's,
    /// `event_not_found` when there is no such event.
    pub async fn check(store: &Store, profile: i64, event: i64) -> Result<Self> {
        if store.is_event_admin(event, profile).await? {
            return Ok(Self { profile, event });
        }
        match store.event(event).await? {
            Some(_) => Err(Error::Forbidden),
            None => Err(Error::EventNotFound),
        }
    }

    pub fn profile(self) -> i64 {
        self.profile
    }

    pub fn event(self) -> i64 {
        self.event
    }
}
