use serde::Deserialize;
use ts_rs::TS;

use super::{validate, Error, Field, Problem, Result};
use crate::store::{AdminRemoval, Administrator, Event, Store};

pub const TITLE_MAX: usize = 200;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewEvent {
    pub title: String,
    pub time_zone: String,
    /// `YYYY-MM-DD`
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`
    pub ends_on: String,
}

/// The Event Administrator right. Every event-scoped use case starts here.
pub async fn require_admin(store: &Store, actor: i64, event_id: i64) -> Result<()> {
    if store.is_event_admin(event_id, actor).await? {
        return Ok(());
    }
    match store.event(event_id).await? {
        Some(_) => Err(Error::Forbidden),
        None => Err(Error::EventNotFound),
    }
}

pub async fn create(store: &Store, actor: i64, input: NewEvent) -> Result<Event> {
    let title = validate::text(Field::Title, &input.title, TITLE_MAX)?;
    let time_zone = validate::time_zone(&input.time_zone)?;
    let starts_on = validate::date(Field::StartsOn, &input.starts_on)?;
    let ends_on = validate::date(Field::EndsOn, &input.ends_on)?;
    if ends_on < starts_on {
        return Err(Error::invalid(Field::EndsOn, Problem::EndsBeforeStart));
    }
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(store.insert_event(actor, &title, &time_zone, &date(starts_on), &date(ends_on)).await?)
}

/// The events the actor administers; no one sees the others.
pub async fn list_administered(store: &Store, actor: i64) -> Result<Vec<Event>> {
    Ok(store.events_administered_by(actor).await?)
}

pub async fn open(store: &Store, actor: i64, event_id: i64) -> Result<Event> {
    require_admin(store, actor, event_id).await?;
    store.event(event_id).await?.ok_or(Error::EventNotFound)
}

pub async fn administrators(store: &Store, actor: i64, event_id: i64) -> Result<Vec<Administrator>> {
    require_admin(store, actor, event_id).await?;
    Ok(store.event_admins(event_id).await?)
}

/// Grants the right to the local profile with this e-mail.
pub async fn add_administrator(store: &Store, actor: i64, event_id: i64, email: &str) -> Result<Vec<Administrator>> {
    require_admin(store, actor, event_id).await?;
    let email = validate::email(email)?;
    let profile = store.profile_by_email(&email).await?.ok_or(Error::ProfileNotFound)?;
    store.add_event_admin(event_id, profile.id, actor).await?;
    Ok(store.event_admins(event_id).await?)
}

pub async fn remove_administrator(store: &Store, actor: i64, event_id: i64, user_id: i64) -> Result<Vec<Administrator>> {
    require_admin(store, actor, event_id).await?;
    match store.remove_event_admin(event_id, user_id).await? {
        AdminRemoval::Removed | AdminRemoval::NotAnAdministrator => Ok(store.event_admins(event_id).await?),
        AdminRemoval::LastAdministrator => Err(Error::LastAdministrator),
    }
}
