use serde::Deserialize;
use ts_rs::TS;

use super::{validate, Admin, Error, Field, Problem, Result};
use crate::store::{AdminRemoval, Administrator, Event, Store};

pub const TITLE_MAX: usize = 200;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewEvent {
    pub title: String,
    pub time_zone: String,
    /// `YYYY-MM-DD`; both dates blank: an event without dates yet.
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`
    pub ends_on: String,
}

pub async fn create(store: &Store, actor: i64, input: NewEvent) -> Result<Event> {
    let title = validate::text(Field::Title, &input.title, TITLE_MAX)?;
    let time_zone = validate::time_zone(&input.time_zone)?;
    if input.starts_on.trim().is_empty() && input.ends_on.trim().is_empty() {
        return Ok(store.insert_event(actor, &title, &time_zone, None).await?);
    }
    let starts_on = validate::date(Field::StartsOn, &input.starts_on)?;
    let ends_on = validate::date(Field::EndsOn, &input.ends_on)?;
    if ends_on < starts_on {
        return Err(Error::invalid(Field::EndsOn, Problem::EndsBeforeStart));
    }
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(store.insert_event(actor, &title, &time_zone, Some((&date(starts_on), &date(ends_on)))).await?)
}

/// The events the actor administers; no one sees the others.
pub async fn list_administered(store: &Store, actor: i64) -> Result<Vec<Event>> {
    Ok(store.events_administered_by(actor).await?)
}

pub async fn open(store: &Store, admin: Admin) -> Result<Event> {
    store.event(admin.event()).await?.ok_or(Error::EventNotFound)
}

pub async fn administrators(store: &Store, admin: Admin) -> Result<Vec<Administrator>> {
    Ok(store.event_admins(admin.event()).await?)
}

/// Grants the right to the local profile with this e-mail.
pub async fn add_administrator(store: &Store, admin: Admin, email: &str) -> Result<Vec<Administrator>> {
    let email = validate::email(email)?;
    let profile = store.profile_by_email(&email).await?.ok_or(Error::ProfileNotFound)?;
    store.add_event_admin(admin.event(), profile.id, admin.profile()).await?;
    Ok(store.event_admins(admin.event()).await?)
}

pub async fn remove_administrator(store: &Store, admin: Admin, user_id: i64) -> Result<Vec<Administrator>> {
    match store.remove_event_admin(admin.event(), user_id).await? {
        AdminRemoval::Removed | AdminRemoval::NotAnAdministrator => Ok(store.event_admins(admin.event()).await?),
        AdminRemoval::LastAdministrator => Err(Error::LastAdministrator),
    }
}
