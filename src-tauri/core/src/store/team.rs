//! The team backend: one PostgreSQL database, each member signed in as its own role, the
//! Event Administrator right enforced by row-level security (`migrations/postgres`). What the
//! team backend does differently from the local one is here.

use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};
use sqlx::any::AnyPoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use url::Url;

use super::{fingerprint, now, AccountLock, NewZoomAccount, Result, StoreError};

/// The schema that holds the team's tables, and the name of its members' group role.
pub const SCHEMA: &str = "myscihub";
pub const MEMBER_ROLE: &str = "myscihub_member";
/// The team key's fingerprint, in `settings`: a member whose key differs is refused at once.
const KEY_SETTING: &str = "team_key.fingerprint";
/// The migrations, embedded; `team init` applies them.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Where the team's database is and who signs in to it. The password never leaves memory but
/// to the database and the keychain.
#[derive(Clone)]
pub struct TeamAccess {
    /// `postgres://host[:port]/database[?sslmode=…&sslrootcert=…]`, with no user or password.
    pub url: String,
    pub role: String,
    pub password: SecretString,
}

impl std::fmt::Debug for TeamAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamAccess").field("url", &self.url).field("role", &self.role).finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("not a PostgreSQL address: {0}")]
    BadUrl(String),
    /// A host other than this computer is reached over TLS with its certificate verified, or not at all.
    #[error("the database is not on this computer, and the address turns certificate checks off")]
    TlsRequired,
    #[error("this database already holds a team")]
    AlreadyATeam,
    #[error("this database holds no team (or the role may not see it)")]
    NoTeam,
    #[error("the role that signed in is not a member of the team")]
    NotAMember,
    #[error("the team key on this computer is not the team's")]
    WrongKey,
    #[error("a member with this role or e-mail exists already")]
    MemberExists,
    #[error("the role may not do this: {0}")]
    NotAllowed(String),
    #[error("the team database's schema is older than this app, and only its owner may upgrade it")]
    SchemaOutdated,
    #[error("the team database's schema is newer than this app")]
    AppOutdated,
    #[error("the database refused the sign-in")]
    SignInRefused,
    #[error("the database cannot be reached: {0}")]
    Unreachable(String),
}

/// Whether `host` is this computer: only there may the connection go without TLS.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        // postgres:// is not a scheme the URL standard knows, so its IP addresses come as names.
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        // No host: a Unix socket, named by `?host=/path` or libpq's default.
        None => url.query_pairs().find(|(k, _)| k == "host").is_none_or(|(_, v)| v.starts_with('/')),
    }
}

/// The address checked and made whole: no user or password in it, and, off this computer, TLS
/// with the certificate and host name verified (`sslmode=verify-full`, unless the address asks
/// for `verify-ca`). Returns the address as it is to be kept.
pub fn checked_url(text: &str) -> Result<String, TeamError> {
    let bad = |why: &str| TeamError::BadUrl(why.to_owned());
    let mut url = Url::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "postgres" | "postgresql") {
        return Err(bad("it does not start with postgres://"));
    }
    if url.path().trim_start_matches('/').is_empty() {
        return Err(bad("it names no database"));
    }
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let pairs: Vec<(String, String)> =
        url.query_pairs().filter(|(k, _)| !matches!(k.as_ref(), "user" | "password")).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mode = pairs.iter().find(|(k, _)| k == "sslmode").map(|(_, v)| v.as_str());
    let mut pairs: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "sslmode").cloned().collect();
    if !is_loopback(&url) {
        match mode {
            None | Some("verify-full") => pairs.push(("sslmode".into(), "verify-full".into())),
            Some("verify-ca") => pairs.push(("sslmode".into(), "verify-ca".into())),
            Some(_) => return Err(TeamError::TlsRequired),
        }
    } else if let Some(mode) = mode {
        pairs.push(("sslmode".into(), mode.into()));
    }
    url.set_query(None);
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(pairs);
    }
    PgConnectOptions::from_str(url.as_str()).map_err(|e| bad(&e.to_string()))?;
    Ok(url.to_string())
}

/// The address with the role and its password in it: what the drivers take. A secret.
fn signed_in_url(access: &TeamAccess) -> Result<SecretString, TeamError> {
    let mut url = Url::parse(&checked_url(&access.url)?).map_err(|e| TeamError::BadUrl(e.to_string()))?;
    url.set_username(&access.role).map_err(|_| TeamError::BadUrl("no user can be set".into()))?;
    url.set_password(Some(access.password.expose_secret())).map_err(|_| TeamError::BadUrl("no password can be set".into()))?;
    url.query_pairs_mut().append_pair("application_name", "MySciHub");
    Ok(url.to_string().into())
}

/// What a failed sign-in means to the person at the computer.
fn sign_in_error(error: sqlx::Error) -> StoreError {
    match &error {
        // invalid_password, invalid_authorization_specification
        sqlx::Error::Database(e) if matches!(e.code().as_deref(), Some("28P01" | "28000")) => TeamError::SignInRefused.into(),
        sqlx::Error::Io(e) => TeamError::Unreachable(e.to_string()).into(),
        sqlx::Error::Tls(e) => TeamError::Unreachable(format!("TLS: {e}")).into(),
        sqlx::Error::PoolTimedOut => TeamError::Unreachable("no answer in time".into()).into(),
        _ => error.into(),
    }
}

/// The team's database as a member's app holds it.
#[derive(Clone, Debug)]
pub struct Database {
    pool: AnyPool,
    /// Connections that hold an account's lock, apart from the pool the holder works with, so a
    /// holder never waits for a connection another holder keeps.
    locks: AnyPool,
    /// The same for the turn to sync an account, which may take a token's lock while held.
    sync_turns: AnyPool,
    listen: std::sync::Arc<PgConnectOptions>,
    /// Where the team is, with no one signed in, and its key: what an invitation hands on.
    url: String,
    key: std::sync::Arc<secrecy::SecretBox<[u8; 32]>>,
}

impl Database {
    pub(super) async fn connect(access: &TeamAccess, key: &[u8; 32]) -> Result<Self> {
        super::install_drivers();
        let url = signed_in_url(access)?;
        let pool = pool(&url, 6).await?;
        let is_member: Option<i64> = sqlx::query_scalar("SELECT myscihub.me()").fetch_one(&pool).await.map_err(|e| match e {
            // undefined_function, undefined schema, insufficient privilege: no team here for this role.
            sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("42883" | "3F000" | "42501")) => TeamError::NoTeam.into(),
            other => StoreError::from(other),
        })?;
        if is_member.is_none() {
            pool.close().await;
            return Err(TeamError::NotAMember.into());
        }
        if let Err(error) = bring_up_to_date(&pool, &url).await {
            pool.close().await;
            return Err(error);
        }
        let locks = pool_lazy(&url, 8)?;
        let sync_turns = pool_lazy(&url, 8)?;
        let listen = PgConnectOptions::from_str(url.expose_secret()).map_err(|e| TeamError::BadUrl(e.to_string()))?;
        let key = std::sync::Arc::new(secrecy::SecretBox::new(Box::new(*key)));
        Ok(Self { pool, locks, sync_turns, listen: listen.into(), url: checked_url(&access.url)?, key })
    }

    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(super) async fn close(&self) {
        self.pool.close().await;
        self.locks.close().await;
        self.sync_turns.close().await;
    }

    /// A transaction-scoped advisory lock keyed by the account: it goes when the transaction
    /// ends, and with the session if the app dies holding it.
    pub(super) async fn lock_account(&self, account_id: i64) -> Result<AccountLock> {
        advisory_lock(&self.locks, TOKENS_LOCK, account_id).await
    }

    /// The turn to sync an account, across every member's computer.
    pub(super) async fn sync_turn(&self, account_id: i64) -> Result<AccountLock> {
        advisory_lock(&self.sync_turns, SYNC_LOCK, account_id).await
    }
}

/// The advisory locks' two key spaces: an account's tokens, and its turn to sync.
const TOKENS_LOCK: i32 = 1;
const SYNC_LOCK: i32 = 2;

async fn advisory_lock(pool: &AnyPool, space: i32, account_id: i64) -> Result<AccountLock> {
    let mut tx = pool.begin().await?;
    // Two 32-bit keys: the space, and the account (ids stay far below 2^31).
    sqlx::query("SELECT pg_advisory_xact_lock(CAST($1 AS INTEGER), CAST($2 AS INTEGER))").bind(space).bind(account_id).execute(&mut *tx).await?;
    Ok(AccountLock::database(tx))
}

impl Database {}

async fn pool(url: &SecretString, size: u32) -> Result<AnyPool> {
    options(size).connect(url.expose_secret()).await.map_err(sign_in_error)
}

fn pool_lazy(url: &SecretString, size: u32) -> Result<AnyPool> {
    Ok(options(size).connect_lazy(url.expose_secret())?)
}

fn options(size: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(std::time::Duration::from_secs(15))
        .after_connect(|conn, _| Box::pin(async move { conn.execute("SET search_path = myscihub").await.map(|_| ()) }))
}

/// The team's schema at this app's version: a newer app refuses to run on an older schema unless
/// the owner signs in, whose app then applies the new migrations; an older app refuses a newer one.
async fn bring_up_to_date(pool: &AnyPool, url: &SecretString) -> Result<()> {
    let applied: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(pool).await?;
    let latest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    if applied > latest {
        return Err(TeamError::AppOutdated.into());
    }
    if applied == latest {
        return Ok(());
    }
    let options = PgConnectOptions::from_str(url.expose_secret()).map_err(|e| TeamError::BadUrl(e.to_string()))?.options([("search_path", SCHEMA)]);
    let owner: PgPool = PgPoolOptions::new().max_connections(1).connect_with(options).await.map_err(sign_in_error)?;
    let migrated = async {
        let mut conn = owner.acquire().await?;
        MIGRATOR.run_direct(&mut *conn).await.map_err(|e| match &e {
            // Only the owner may change the tables.
            sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(d)) if d.code().as_deref() == Some("42501") => {
                StoreError::from(TeamError::SchemaOutdated)
            }
            _ => e.into(),
        })
    }
    .await;
    owner.close().await;
    migrated?;
    tracing::info!(from = applied, to = latest, "the team database's schema was brought up to date");
    Ok(())
}

pub(super) async fn check_key(pool: &AnyPool, key: &[u8; 32]) -> Result<()> {
    let recorded: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(KEY_SETTING).fetch_optional(pool).await?;
    match recorded {
        Some(recorded) if recorded == fingerprint(key) => Ok(()),
        _ => Err(TeamError::WrongKey.into()),
    }
}

/// On a database the owner may use and that holds no team yet: the schema, its roles and
/// policies, the team key's fingerprint, and the owner as the first member. All or nothing.
pub async fn init(url: &str, owner: &str, password: &SecretString, key: &[u8; 32], name: &str, email: &str) -> Result<i64> {
    let access = TeamAccess { url: url.to_owned(), role: owner.to_owned(), password: password.clone() };
    let options = PgConnectOptions::from_str(signed_in_url(&access)?.expose_secret()).map_err(|e| TeamError::BadUrl(e.to_string()))?;
    let pool: PgPool = PgPoolOptions::new().max_connections(1).connect_with(options).await.map_err(sign_in_error)?;
    let result = async {
        let mut tx = pool.begin().await?;
        sqlx::query("CREATE SCHEMA myscihub").execute(&mut *tx).await.map_err(|e| match e {
            sqlx::Error::Database(d) if d.code().as_deref() == Some("42P06") => TeamError::AlreadyATeam.into(),
            sqlx::Error::Database(d) if d.code().as_deref() == Some("42501") => TeamError::NotAllowed(d.message().to_owned()).into(),
            other => StoreError::from(other),
        })?;
        sqlx::query("SET LOCAL search_path = myscihub").execute(&mut *tx).await?;
        // `run_direct`, not `run`: `run`'s `Acquire` bound defeats the proof that a command's
        // future is Send.
        MIGRATOR.run_direct(&mut *tx).await.map_err(|e| match &e {
            sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(d)) if d.code().as_deref() == Some("42710") => {
                StoreError::from(TeamError::AlreadyATeam)
            }
            sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(d)) if d.code().as_deref() == Some("42501") => {
                TeamError::NotAllowed(d.message().to_owned()).into()
            }
            _ => e.into(),
        })?;
        sqlx::query(&format!("GRANT {MEMBER_ROLE} TO CURRENT_USER")).execute(&mut *tx).await?;
        let id: i64 =
            sqlx::query_scalar("SELECT register_member(CAST(CURRENT_USER AS TEXT), $1, $2)").bind(name).bind(email).fetch_one(&mut *tx).await?;
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)").bind(KEY_SETTING).bind(fingerprint(key)).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<_, StoreError>(id)
    }
    .await;
    pool.close().await;
    result
}

/// A member of the team, as `team invite` made or registered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub role: String,
    pub name: String,
    pub email: String,
}

impl super::Store {
    fn database(&self) -> Result<&Database> {
        self.team().ok_or_else(|| TeamError::NoTeam.into())
    }

    /// Where the team is, with no one signed in.
    pub fn team_url(&self) -> Option<String> {
        self.team().map(|d| d.url.clone())
    }

    /// The team's key, for an invitation to hand on.
    pub fn team_key(&self) -> Option<[u8; 32]> {
        self.team().map(|d| *d.key.expose_secret())
    }

    /// How to open a connection of one's own for LISTEN, in team mode.
    pub fn team_listen_options(&self) -> Option<PgConnectOptions> {
        self.team().map(|d| (*d.listen).clone())
    }

    /// The member the app signed in as.
    pub async fn team_member(&self) -> Result<Member> {
        self.database()?;
        sqlx::query_as::<_, (i64, String, String, String)>("SELECT id, role_name, name, email FROM users WHERE id = me()")
            .fetch_optional(self.pool())
            .await?
            .map(|(id, role, name, email)| Member { id, role, name, email })
            .ok_or_else(|| TeamError::NotAMember.into())
    }

    pub async fn team_members(&self) -> Result<Vec<Member>> {
        self.database()?;
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, role_name, name, email FROM users ORDER BY lower(name), id").fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(|(id, role, name, email)| Member { id, role, name, email }).collect())
    }

    /// Whether the signed-in role owns the team's schema: the owner, who invites.
    pub async fn team_owner(&self) -> Result<bool> {
        self.database()?;
        Ok(sqlx::query_scalar("SELECT pg_get_userbyid(nspowner) = current_user FROM pg_namespace WHERE nspname = 'myscihub'")
            .fetch_one(self.pool())
            .await?)
    }

    /// The newest migration the team's database has.
    pub async fn team_schema_version(&self) -> Result<i64> {
        self.database()?;
        Ok(sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(self.pool()).await?)
    }

    /// Makes a login role for a new member with `password` (`role` None), or makes an existing
    /// role one (its password replaced), and registers the member. The owner's to do.
    pub async fn invite_member(&self, role: &str, create: bool, password: &SecretString, name: &str, email: &str) -> Result<Member> {
        self.database()?;
        let mut tx = self.write().await?;
        let statement = if create {
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE myscihub_member', CAST($1 AS TEXT), CAST($2 AS TEXT))"
        } else {
            "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', CAST($1 AS TEXT), CAST($2 AS TEXT))"
        };
        let refused = |e: sqlx::Error| match e {
            sqlx::Error::Database(d) if d.code().as_deref() == Some("42710") => StoreError::from(TeamError::MemberExists),
            sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("42501" | "42704")) => {
                TeamError::NotAllowed(d.message().to_owned()).into()
            }
            sqlx::Error::Database(d) if d.is_unique_violation() => TeamError::MemberExists.into(),
            other => other.into(),
        };
        let sql: String = sqlx::query_scalar(statement).bind(role).bind(password.expose_secret()).fetch_one(&mut *tx).await?;
        tx.execute(sql.as_str()).await.map_err(refused)?;
        if !create {
            let grant: String =
                sqlx::query_scalar("SELECT format('GRANT myscihub_member TO %I', CAST($1 AS TEXT))").bind(role).fetch_one(&mut *tx).await?;
            tx.execute(grant.as_str()).await.map_err(refused)?;
        }
        let id: i64 =
            sqlx::query_scalar("SELECT register_member($1, $2, $3)").bind(role).bind(name).bind(email).fetch_one(&mut *tx).await.map_err(refused)?;
        tx.commit().await?;
        Ok(Member { id, role: role.to_owned(), name: name.to_owned(), email: email.to_owned() })
    }

    /// Whether a role of this name exists in the cluster.
    pub async fn role_exists(&self, role: &str) -> Result<bool> {
        self.database()?;
        Ok(sqlx::query_scalar::<_, i64>("SELECT count(*) FROM pg_roles WHERE rolname = $1").bind(role).fetch_one(self.pool()).await? > 0)
    }

    /// Replaces the signed-in role's own password: a join code's password works once.
    pub async fn change_own_password(&self, password: &SecretString) -> Result<()> {
        self.database()?;
        let sql: String = sqlx::query_scalar("SELECT format('ALTER ROLE %I PASSWORD %L', CAST(CURRENT_USER AS TEXT), CAST($1 AS TEXT))")
            .bind(password.expose_secret())
            .fetch_one(self.pool())
            .await?;
        self.pool().execute(sql.as_str()).await?;
        Ok(())
    }
}

// What the team backend does its own way; each has a local twin in `local.rs`.

/// A member may add an administrator only to an event it administers, so the event and its first
/// administrator are made by one function that knows the caller.
pub(super) async fn insert_event(tx: &mut Transaction<'static, Any>, title: &str, time_zone: &str, dates: Option<(&str, &str)>) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT create_event($1, $2, $3, $4)")
        .bind(title)
        .bind(time_zone)
        .bind(dates.map(|d| d.0))
        .bind(dates.map(|d| d.1))
        .fetch_one(&mut **tx)
        .await?)
}

/// The account may be one another event's connection uses, which this member cannot see: the
/// function that writes it checks that the member sees the connection.
pub(super) async fn link_account(
    tx: &mut Transaction<'static, Any>,
    connection_id: i64,
    account: &NewZoomAccount,
    sealed: Vec<u8>,
    expires_at: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT link_zoom_account($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
        .bind(connection_id)
        .bind(&account.zoom_user_id)
        .bind(&account.email)
        .bind(&account.display_name)
        .bind(account.user_type)
        .bind(&account.timezone)
        .bind(&account.zoom_account_id)
        .bind(&account.oauth_url)
        .bind(&account.api_url)
        .bind(&account.scopes)
        .bind(sealed)
        .bind(expires_at)
        .bind(now())
        .fetch_one(&mut **tx)
        .await?)
}

/// "Used by a connection other than `$2`", asked of every event through a narrow function.
pub(super) const USED_ELSEWHERE: &str = "account_used_elsewhere($1, $2)";

/// The purge reaches events this member does not administer; it answers with the ones it does.
pub(super) async fn purge_account(tx: &mut Transaction<'static, Any>, account_id: i64, why: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT purge_zoom_account($1, $2)").bind(account_id).bind(why).fetch_all(&mut **tx).await?)
}
