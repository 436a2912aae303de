use super::{now, Profile, Result, Store};

impl Store {
    pub async fn insert_profile(&self, name: &str, email: &str) -> Result<Profile> {
        let mut tx = self.write().await?;
        let profile = sqlx::query_as::<_, Profile>("INSERT INTO users (name, email, created_at) VALUES ($1, $2, $3) RETURNING id, name, email")
            .bind(name)
            .bind(email)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(profile)
    }

    pub async fn profiles(&self) -> Result<Vec<Profile>> {
        Ok(sqlx::query_as("SELECT id, name, email FROM users ORDER BY lower(name), id").fetch_all(self.pool()).await?)
    }

    pub async fn profile(&self, id: i64) -> Result<Option<Profile>> {
        Ok(sqlx::query_as("SELECT id, name, email FROM users WHERE id = $1").bind(id).fetch_optional(self.pool()).await?)
    }

    pub async fn profile_by_email(&self, email: &str) -> Result<Option<Profile>> {
        Ok(sqlx::query_as("SELECT id, name, email FROM users WHERE email = $1").bind(email).fetch_optional(self.pool()).await?)
    }
}
