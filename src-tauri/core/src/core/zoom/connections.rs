//! An event's Zoom connections: listing, adding, renaming, deleting and disconnecting them, and
//! their history. Disconnecting revokes the grant at Zoom only when no event uses the account.

use super::tokens::REAUTH_GRACE;
use super::{rfc3339, ZoomIntegration};
use crate::core::{validate, Admin, Error, Field, Result};
use crate::store::{ConnectionNotice, ConnectionStatus, HistoryEntry, Orphan, StoreError, ZoomConnection};

pub const CONNECTION_NAME_MAX: usize = 100;

impl ZoomIntegration {
    pub async fn connections(&self, admin: Admin) -> Result<Vec<ZoomConnection>> {
        let mut shown = Vec::new();
        for connection in self.store.zoom_connections(admin.event(), self.clock.now_ms()).await? {
            shown.push(self.shown(connection).await?);
        }
        Ok(shown)
    }

    /// The connection as the pages show it.
    pub async fn connection(&self, admin: Admin, connection_id: i64) -> Result<ZoomConnection> {
        self.shown(self.find(admin, connection_id).await?).await
    }

    /// The event's connection, as the store has it: enough to check that it exists, without
    /// reading its account's meetings.
    pub(super) async fn find(&self, admin: Admin, connection_id: i64) -> Result<ZoomConnection> {
        self.store.zoom_connection(admin.event(), connection_id, self.clock.now_ms()).await?.ok_or(Error::ConnectionNotFound)
    }

    /// What the store does not know: when a reconnect runs out, and how many meetings overlap.
    async fn shown(&self, connection: ZoomConnection) -> Result<ZoomConnection> {
        let mut connection = with_purge_date(connection);
        if let Some(account) = connection.account_id {
            connection.overlapping = self.sorted_meetings(account).await?.overlapping();
        }
        Ok(connection)
    }

    pub async fn history(&self, admin: Admin) -> Result<Vec<HistoryEntry>> {
        Ok(self.store.zoom_history(admin.event()).await?)
    }

    pub async fn add(&self, admin: Admin, name: &str) -> Result<ZoomConnection> {
        let name = validate::text(Field::ConnectionName, name, CONNECTION_NAME_MAX)?;
        let id = self.store.add_zoom_connection(admin.event(), &name, admin.profile()).await.map_err(name_taken)?;
        self.connection(admin, id).await
    }

    pub async fn rename(&self, admin: Admin, connection_id: i64, name: &str) -> Result<ZoomConnection> {
        let name = validate::text(Field::ConnectionName, name, CONNECTION_NAME_MAX)?;
        if !self.store.rename_zoom_connection(admin.event(), connection_id, &name, admin.profile()).await.map_err(name_taken)? {
            return Err(Error::ConnectionNotFound);
        }
        self.connection(admin, connection_id).await
    }

    /// A connected connection is disconnected first, as «Отключить» would.
    pub async fn delete(&self, admin: Admin, connection_id: i64) -> Result<()> {
        if self.find(admin, connection_id).await?.account.is_some() {
            self.disconnect(admin, connection_id).await?;
        }
        if !self.store.delete_zoom_connection(admin.event(), connection_id, admin.profile()).await? {
            return Err(Error::ConnectionNotFound);
        }
        Ok(())
    }

    /// Detaches the Zoom account; revokes the grant at Zoom only when no connection in any
    /// event uses the account any more (Zoom's revoke uninstalls the app for that user).
    pub async fn disconnect(&self, admin: Admin, connection_id: i64) -> Result<ZoomConnection> {
        self.find(admin, connection_id).await?;
        let detached = self.store.detach_zoom_connection(admin.event(), connection_id, admin.profile()).await?.ok_or(Error::NotConnected)?;
        if let Some(orphan) = detached.orphan {
            if let Err(error) = self.revoke(&orphan).await {
                tracing::warn!(code = %error.code(), "the grant could not be revoked at Zoom");
                self.store.set_connection_notice(connection_id, Some(ConnectionNotice::RevokeFailed)).await?;
            }
        }
        self.connection(admin, connection_id).await
    }

    /// Revokes the grant at the host that issued it.
    pub(super) async fn revoke(&self, orphan: &Orphan) -> Result<()> {
        Ok(self.oauth_at(&orphan.oauth_url).await?.revoke(&orphan.tokens.refresh_token).await?)
    }
}

/// When a connection that needs reconnecting leaves every event unless it is connected again.
fn with_purge_date(mut connection: ZoomConnection) -> ZoomConnection {
    if connection.status == ConnectionStatus::NeedsReauth {
        let grace = REAUTH_GRACE.as_millis() as i64;
        connection.purge_at = connection.needs_reauth_since.map(|since| rfc3339(since.saturating_add(grace)));
    }
    connection
}

fn name_taken(error: StoreError) -> Error {
    if error.is_constraint_violation() {
        Error::ConnectionNameTaken
    } else {
        error.into()
    }
}
