//! A meeting's details: the stored row and what only `GET /meetings/{id}` tells (the whole
//! agenda, the passcode), and its invitation text. Asked of Zoom when the administrator opens
//! them; an account connected without the scopes for it still shows the stored row.

use serde::Serialize;
use ts_rs::TS;

use super::export::meeting_number;
use super::meetings::Meeting;
use super::ZoomIntegration;
use crate::core::{Admin, Error, Result};
use crate::zoom::ZoomError;

/// Zoom's answer when the token lacks a scope the call needs.
pub(super) const SCOPE_MISSING: i64 = 4711;
pub const DETAILS_SCOPES: (&str, &str) = ("meeting:read:meeting", "meeting:read");
pub const INVITATION_SCOPES: (&str, &str) = ("meeting:read:invitation", "meeting:read");

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingDetails {
    pub meeting: Meeting,
    /// `812 3456 7890`.
    pub meeting_number: String,
    pub connection_name: String,
    pub zoom_email: String,
    pub event_time_zone: String,
    /// The whole agenda; none when Zoom could not be asked (see `missing_scopes`, `fault`).
    pub agenda: Option<String>,
    /// Shown only when the administrator asks («Показать»).
    pub passcode: Option<String>,
    /// Scopes this account was connected without, which the details need: connect it again.
    pub missing_scopes: Vec<String>,
    /// Why Zoom could not be asked, when it could not (the stored row is shown all the same).
    pub fault: Option<crate::core::Fault>,
}

impl ZoomIntegration {
    /// The stored meeting (or occurrence) and, from Zoom, its agenda and passcode.
    pub async fn meeting_details(
        &self,
        admin: Admin,
        connection_id: i64,
        meeting_id: i64,
        occurrence_id: Option<&str>,
        lang: crate::core::Lang,
    ) -> Result<MeetingDetails> {
        let connection = self.find(admin, connection_id).await?;
        let account_id = connection.account_id.ok_or(Error::NotConnected)?;
        let sorted = self.sorted_meetings(account_id).await?;
        let meeting = sorted.view(sorted.find(meeting_id, occurrence_id).ok_or(Error::MeetingNotFound)?);
        let event = self.store.event(admin.event()).await?.ok_or(Error::EventNotFound)?;
        let mut details = MeetingDetails {
            meeting_number: meeting_number(meeting.id),
            meeting,
            connection_name: connection.name,
            zoom_email: connection.account.map(|a| a.email).unwrap_or_default(),
            event_time_zone: event.time_zone,
            agenda: None,
            passcode: None,
            missing_scopes: Vec::new(),
            fault: None,
        };
        match self.ask(account_id, |api, token| async move { api.meeting(&token, meeting_id).await }).await {
            Ok(live) => {
                details.agenda = live.agenda.filter(|a| !a.trim().is_empty());
                details.passcode = live.password.filter(|p| !p.is_empty());
            }
            Err(Error::Zoom(ZoomError::Rejected { code: Some(SCOPE_MISSING), .. })) => details.missing_scopes.push(DETAILS_SCOPES.0.into()),
            Err(error) => details.fault = Some(error.fault(lang)),
        }
        Ok(details)
    }

    /// The invitation text Zoom's «Copy invitation» gives.
    pub async fn meeting_invitation(&self, admin: Admin, connection_id: i64, meeting_id: i64) -> Result<String> {
        let account_id = self.find(admin, connection_id).await?.account_id.ok_or(Error::NotConnected)?;
        match self.ask(account_id, |api, token| async move { api.invitation(&token, meeting_id).await }).await {
            Err(Error::Zoom(ZoomError::Rejected { code: Some(SCOPE_MISSING), .. })) => Err(Error::ScopeMissing(INVITATION_SCOPES.0.into())),
            Err(Error::Zoom(ZoomError::Rejected { status: 404, .. })) => Err(Error::MeetingNotFound),
            other => other,
        }
    }
}
