use serde::Deserialize;
use ts_rs::TS;

use super::{validate, Error, Field, Result};
use crate::store::{Profile, Store};

pub const NAME_MAX: usize = 100;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewProfile {
    pub name: String,
    pub email: String,
}

/// Local mode only: a team's members are made by its owner (`team invite`).
pub async fn create(store: &Store, input: NewProfile) -> Result<Profile> {
    if store.backend() == crate::store::Backend::Team {
        return Err(Error::TeamMode);
    }
    let name = validate::text(Field::Name, &input.name, NAME_MAX)?;
    let email = validate::email(&input.email)?;
    store.insert_profile(&name, &email).await.map_err(|e| if e.is_constraint_violation() { Error::EmailTaken } else { e.into() })
}

pub async fn list(store: &Store) -> Result<Vec<Profile>> {
    Ok(store.profiles().await?)
}

pub async fn get(store: &Store, id: i64) -> Result<Profile> {
    store.profile(id).await?.ok_or(Error::ProfileNotFound)
}
