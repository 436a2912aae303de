use std::sync::RwLock;

use super::{Error, Result};

/// The profile acting at this computer. Commands take the actor from here,
/// never from the front end's arguments.
#[derive(Debug, Default)]
pub struct Session {
    profile_id: RwLock<Option<i64>>,
}

impl Session {
    pub fn actor(&self) -> Result<i64> {
        self.profile_id.read().expect("session lock").ok_or(Error::NotSignedIn)
    }

    pub fn current(&self) -> Option<i64> {
        *self.profile_id.read().expect("session lock")
    }

    pub fn set(&self, profile_id: Option<i64>) {
        *self.profile_id.write().expect("session lock") = profile_id;
    }
}
