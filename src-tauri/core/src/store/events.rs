use super::{local, now, team, AdminRemoval, Administrator, Backend, Event, Result, Store};

const EVENT_COLUMNS: &str = "e.id, e.title, e.time_zone, e.starts_on, e.ends_on";

impl Store {
    /// Creates the event and makes its creator its first administrator, in one transaction. In
    /// team mode the creator is the member the app signed in as, whoever `creator` names.
    pub async fn insert_event(&self, creator: i64, title: &str, time_zone: &str, dates: Option<(&str, &str)>) -> Result<Event> {
        let mut tx = self.write().await?;
        let id = match self.backend() {
            Backend::Local => local::insert_event(&mut tx, creator, title, time_zone, dates).await?,
            Backend::Team => team::insert_event(&mut tx, title, time_zone, dates).await?,
        };
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1");
        let event = sqlx::query_as::<_, Event>(&sql).bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(event)
    }

    pub async fn events_administered_by(&self, user_id: i64) -> Result<Vec<Event>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN event_admins a ON a.event_id = e.id
             WHERE a.user_id = $1 ORDER BY e.starts_on DESC NULLS LAST, e.id DESC"
        );
        Ok(sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await?)
    }

    pub async fn event(&self, id: i64) -> Result<Option<Event>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1");
        Ok(sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await?)
    }

    pub async fn is_event_admin(&self, event_id: i64, user_id: i64) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM event_admins WHERE event_id = $1 AND user_id = $2")
            .bind(event_id)
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(found.is_some())
    }

    pub async fn event_admins(&self, event_id: i64) -> Result<Vec<Administrator>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.name, u.email, a.added_at
             FROM event_admins a JOIN users u ON u.id = a.user_id
             WHERE a.event_id = $1 ORDER BY a.added_at, u.id",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Returns false when the profile already was an administrator.
    pub async fn add_event_admin(&self, event_id: i64, user_id: i64, added_by: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO event_admins (event_id, user_id, added_by, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(event_id)
        .bind(user_id)
        .bind(added_by)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(inserted == 1)
    }

    pub async fn remove_event_admin(&self, event_id: i64, user_id: i64) -> Result<AdminRemoval> {
        let mut tx = self.write().await?;
        let (admins, is_admin): (i64, i64) =
            sqlx::query_as("SELECT count(*), count(*) FILTER (WHERE user_id = $1) FROM event_admins WHERE event_id = $2")
                .bind(user_id)
                .bind(event_id)
                .fetch_one(&mut *tx)
                .await?;
        let outcome = match (admins, is_admin) {
            (_, 0) => AdminRemoval::NotAnAdministrator,
            (1, _) => AdminRemoval::LastAdministrator,
            _ => {
                sqlx::query("DELETE FROM event_admins WHERE event_id = $1 AND user_id = $2").bind(event_id).bind(user_id).execute(&mut *tx).await?;
                AdminRemoval::Removed
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}
