//! Demo mode (`MYSCIHUB_DEMO=1`): a ready profile and event, so a first look needs no typing.

use super::{events, profiles, Result};
use crate::store::{Event, Profile, Store};

pub const PROFILE_NAME: &str = "Demo Admin";
pub const PROFILE_EMAIL: &str = "demo.admin@myscihub.example";
pub const EVENT_TITLE: &str = "Demo Conference";

/// On an empty database, creates the demo profile and event. On a database that already
/// has the demo profile, picks it and its first event up again; otherwise does nothing.
pub async fn prepare(store: &Store) -> Result<Option<(Profile, Option<Event>)>> {
    if let Some(profile) = store.profile_by_email(PROFILE_EMAIL).await? {
        let event = events::list_administered(store, profile.id).await?.into_iter().next();
        return Ok(Some((profile, event)));
    }
    if !store.profiles().await?.is_empty() {
        return Ok(None);
    }
    let profile = profiles::create(store, profiles::NewProfile { name: PROFILE_NAME.into(), email: PROFILE_EMAIL.into() }).await?;
    let today = chrono::Utc::now().date_naive();
    let event = events::create(
        store,
        profile.id,
        events::NewEvent {
            title: EVENT_TITLE.into(),
            time_zone: "Europe/Moscow".into(),
            starts_on: today.to_string(),
            ends_on: (today + chrono::Days::new(2)).to_string(),
        },
    )
    .await?;
    Ok(Some((profile, Some(event))))
}
