//! Team mode on this computer: which team database the app signs in to, as whom, and the
//! secrets for it; setting a team up, inviting members with one-time join codes, joining, leaving.
//!
//! `team.json` in the data folder says where the database is and which role signs in; the role's
//! password and the team key are kept together in the OS keychain, or, where there is none, in
//! `team.secret`, readable by the user only (the token key's rules). Leaving deletes both; the
//! local database was never touched and is used again.

use std::path::Path;

use base64::Engine;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{validate, Error, Result};
use crate::store::{self, team as db, Backend, Store, TeamAccess, TeamError};

pub const CONFIG_FILE: &str = "team.json";
pub const SECRET_FILE: &str = "team.secret";
const KEYCHAIN_SERVICE: &str = "org.myscihub.desktop";
const KEYCHAIN_ACCOUNT: &str = "team-access";
/// What starts every join code, so a pasted something else is told apart at once.
const CODE_PREFIX: &str = "MSH1-";

/// Where the secrets of team mode are kept on this computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SecretStorage {
    Keychain,
    File,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Config {
    url: String,
    role: String,
    secrets: SecretStorage,
}

#[derive(Serialize, Deserialize)]
struct Secrets {
    password: String,
    key: String,
}

/// What a join code carries: everything the new member's app needs, once.
#[derive(Serialize, Deserialize)]
struct JoinCode {
    url: String,
    role: String,
    password: String,
    key: String,
}

/// Which database the app works against, as whom, and whether it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamStatus {
    /// False: the local database on this computer.
    pub team: bool,
    /// `host:port/database`, never a password.
    pub database: Option<String>,
    pub role: Option<String>,
    pub member_name: Option<String>,
    pub member_email: Option<String>,
    /// The member owns the team's database: the one who invites.
    pub owner: bool,
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
    pub reachable: bool,
    /// Why the database did not answer, in the user's words (set when `reachable` is false).
    pub problem: Option<String>,
}

/// A member of the team, as the page of an event's administrators offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamMember {
    #[ts(type = "number")]
    pub id: i64,
    pub role: String,
    pub name: String,
    pub email: String,
}

/// What `team invite` made: the member and the code to hand over (a secret).
#[derive(Debug)]
pub struct Invitation {
    pub member: TeamMember,
    pub code: SecretString,
}

/// An invitation as the owner's window shows it, the code in the clear to be copied: the one
/// secret the window ever shows, since handing it over is the point.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JoinCodeIssued {
    pub member: TeamMember,
    pub code: String,
}

impl Invitation {
    pub fn issued(&self) -> JoinCodeIssued {
        JoinCodeIssued { member: self.member.clone(), code: self.code.expose_secret().to_owned() }
    }
}

/// `team init`: the database to set up and its owner, who becomes the first member.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewTeam {
    pub database_url: String,
    /// The owner role that signs in; taken from the address when empty.
    pub role: String,
    #[ts(skip)]
    #[serde(skip)]
    pub password: Option<SecretString>,
    pub name: String,
    pub email: String,
    pub import_local: bool,
}

fn member(m: db::Member) -> TeamMember {
    TeamMember { id: m.id, role: m.role, name: m.name, email: m.email }
}

/// The address as people read it: `host:port/database`.
fn shown(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| format!("{}{}{}", u.host_str().unwrap_or("localhost"), u.port().map(|p| format!(":{p}")).unwrap_or_default(), u.path()))
        .unwrap_or_else(|_| url.to_owned())
}

fn config(dir: &Path) -> Result<Option<Config>> {
    match std::fs::read(dir.join(CONFIG_FILE)) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|_| Error::TeamConfigDamaged),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::DataFolder(e.to_string())),
    }
}

/// Whether this computer works against a team database.
pub fn configured(dir: &Path) -> bool {
    dir.join(CONFIG_FILE).exists()
}

fn keychain() -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
}

fn read_secrets(dir: &Path, storage: SecretStorage) -> Result<Secrets> {
    let text = match storage {
        SecretStorage::Keychain => keychain().and_then(|e| e.get_password()).map_err(|e| match e {
            keyring::Error::NoEntry => Error::TeamSecretsMissing,
            other => Error::Vault(store::VaultError::KeychainUnavailable(other.to_string())),
        })?,
        SecretStorage::File => std::fs::read_to_string(dir.join(SECRET_FILE)).map_err(|_| Error::TeamSecretsMissing)?,
    };
    serde_json::from_str(&text).map_err(|_| Error::TeamSecretsMissing)
}

/// Keeps the secrets where the token key's rules say: the keychain when wanted and it answers.
fn save(dir: &Path, keychain_wanted: bool, url: &str, role: &str, password: &SecretString, key: &[u8; 32]) -> Result<()> {
    let secrets =
        serde_json::to_string(&Secrets { password: password.expose_secret().to_owned(), key: store::encode_key(key) }).expect("strings serialise");
    let in_keychain = keychain_wanted
        && keychain()
            .and_then(|e| {
                e.set_password(&secrets)?;
                // Read it back: some stores accept a write and keep nothing.
                (e.get_password()? == secrets).then_some(()).ok_or(keyring::Error::PlatformFailure("the keychain kept nothing".into()))
            })
            .map_err(|e| tracing::warn!(error = %e, "no OS keychain; the team's secrets are kept in a file"))
            .is_ok();
    let storage = if in_keychain { SecretStorage::Keychain } else { SecretStorage::File };
    if storage == SecretStorage::File {
        write_private(&dir.join(SECRET_FILE), secrets.as_bytes())?;
    } else {
        let _ = std::fs::remove_file(dir.join(SECRET_FILE));
    }
    let config = serde_json::to_vec_pretty(&Config { url: url.to_owned(), role: role.to_owned(), secrets: storage }).expect("strings serialise");
    write_private(&dir.join(CONFIG_FILE), &config)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let written = (|| {
        let temporary = path.with_extension("tmp");
        std::fs::write(&temporary, bytes)?;
        store::files::private_file(&temporary);
        std::fs::rename(&temporary, path)
    })();
    written.map_err(|e| Error::DataFolder(format!("{}: {e}", path.display())))
}

fn new_password() -> SecretString {
    rand::thread_rng().sample_iter(&rand::distributions::Alphanumeric).take(32).map(char::from).collect::<String>().into()
}

/// Opens the team's database as this computer's member.
pub async fn open(dir: &Path) -> Result<Store> {
    let config = config(dir)?.ok_or(Error::NotInTeam)?;
    let secrets = read_secrets(dir, config.secrets)?;
    let key = store::decode_key(&secrets.key).map_err(|_| Error::TeamSecretsMissing)?;
    let access = TeamAccess { url: config.url, role: config.role, password: secrets.password.into() };
    Ok(Store::open_team(&access, &key).await?)
}

/// Sets a team up on an empty database, makes this computer work against it as the owner, and,
/// when asked, brings this computer's data into it.
pub async fn init(dir: &Path, keychain_wanted: bool, input: NewTeam, lang: super::Lang) -> Result<TeamStatus> {
    let url = db::checked_url(&input.database_url).map_err(Error::Team)?;
    let role = if input.role.trim().is_empty() { role_in(&input.database_url).ok_or(Error::TeamRoleNeeded)? } else { input.role.trim().to_owned() };
    let password = input.password.clone().or_else(|| password_in(&input.database_url)).ok_or(Error::TeamPasswordNeeded)?;
    let name = validate::text(super::Field::Name, &input.name, super::profiles::NAME_MAX)?;
    let email = validate::email(&input.email)?;
    if configured(dir) {
        return Err(Error::AlreadyInTeam);
    }
    let key = store::new_key();
    db::init(&url, &role, &password, &key, &name, &email).await?;
    save(dir, keychain_wanted, &url, &role, &password, &key)?;
    if input.import_local {
        let team = open(dir).await?;
        let local = Store::open(dir, keychain_wanted).await?;
        let imported = import_local(&local, &team).await;
        local.close().await;
        team.close().await;
        imported?;
    }
    status(dir, lang).await
}

fn role_in(url: &str) -> Option<String> {
    url::Url::parse(url).ok().map(|u| u.username().to_owned()).filter(|r| !r.is_empty())
}

fn password_in(url: &str) -> Option<SecretString> {
    let url = url::Url::parse(url).ok()?;
    let password = url.password()?;
    Some(percent_encoding::percent_decode_str(password).decode_utf8_lossy().into_owned().into())
}

/// A role name from an e-mail: `myscihub_` and its local part, in the letters roles take.
fn role_for(email: &str) -> String {
    let local: String =
        email.split('@').next().unwrap_or_default().to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let mut role = format!("myscihub_{}", local.trim_matches('_'));
    role.truncate(50);
    role
}

/// Makes a member of the team (a new login role, or `existing`, which a DBA made) and the
/// one-time code that lets their app in. The owner's to do.
pub async fn invite(store: &Store, name: &str, email: &str, existing: Option<&str>) -> Result<Invitation> {
    if store.backend() != Backend::Team {
        return Err(Error::NotInTeam);
    }
    let name = validate::text(super::Field::Name, name, super::profiles::NAME_MAX)?;
    let email = validate::email(email)?;
    let (role, create) = match existing {
        Some(role) => (role.trim().to_owned(), false),
        None => {
            let base = role_for(&email);
            let mut role = base.clone();
            let mut n = 1;
            while store.role_exists(&role).await? {
                n += 1;
                role = format!("{base}_{n}");
            }
            (role, true)
        }
    };
    let password = new_password();
    let made = store.invite_member(&role, create, &password, &name, &email).await?;
    let team_key = store.team_key().ok_or(Error::NotInTeam)?;
    let url = store.team_url().ok_or(Error::NotInTeam)?;
    let code = JoinCode { url, role: made.role.clone(), password: password.expose_secret().to_owned(), key: store::encode_key(&team_key) };
    let json = serde_json::to_vec(&code).expect("strings serialise");
    let code = format!("{CODE_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json));
    Ok(Invitation { member: member(made), code: code.into() })
}

/// Makes this computer work against the team as the member the code names, and spends the code:
/// the role's password becomes a new one that only this computer knows.
pub async fn join(dir: &Path, keychain_wanted: bool, code: &str, lang: super::Lang) -> Result<TeamStatus> {
    let code: JoinCode = code
        .trim()
        .strip_prefix(CODE_PREFIX)
        .and_then(|c| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(c).ok())
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or(Error::JoinCodeInvalid)?;
    if configured(dir) {
        return Err(Error::AlreadyInTeam);
    }
    let key = store::decode_key(&code.key).map_err(|_| Error::JoinCodeInvalid)?;
    let access = TeamAccess { url: code.url.clone(), role: code.role.clone(), password: code.password.into() };
    let store = Store::open_team(&access, &key).await.map_err(|e| match e {
        store::StoreError::Team(TeamError::SignInRefused) => Error::JoinCodeUsed,
        other => other.into(),
    })?;
    let password = new_password();
    let changed = store.change_own_password(&password).await;
    store.close().await;
    changed?;
    save(dir, keychain_wanted, &code.url, &code.role, &password, &key)?;
    status(dir, lang).await
}

/// Back to this computer's own database, which was kept as it was.
pub fn leave(dir: &Path) -> Result<()> {
    let config = config(dir)?.ok_or(Error::NotInTeam)?;
    if config.secrets == SecretStorage::Keychain {
        match keychain().and_then(|e| e.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => tracing::warn!(error = %e, "the team's secrets stay in the keychain"),
        }
    }
    for file in [SECRET_FILE, CONFIG_FILE] {
        match std::fs::remove_file(dir.join(file)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::DataFolder(e.to_string())),
        }
    }
    Ok(())
}

/// Which database, as whom, its schema's version, and whether it answers now.
pub async fn status(dir: &Path, lang: super::Lang) -> Result<TeamStatus> {
    let Some(config) = config(dir)? else {
        return Ok(TeamStatus {
            team: false,
            database: None,
            role: None,
            member_name: None,
            member_email: None,
            owner: false,
            schema_version: None,
            reachable: true,
            problem: None,
        });
    };
    let mut status = TeamStatus {
        team: true,
        database: Some(shown(&config.url)),
        role: Some(config.role.clone()),
        member_name: None,
        member_email: None,
        owner: false,
        schema_version: None,
        reachable: false,
        problem: None,
    };
    match open(dir).await {
        Ok(store) => {
            let me = store.team_member().await;
            let version = store.team_schema_version().await;
            let owner = store.team_owner().await;
            store.close().await;
            let me = me?;
            status.owner = owner?;
            status.member_name = Some(me.name);
            status.member_email = Some(me.email);
            status.schema_version = Some(version?);
            status.reachable = true;
        }
        Err(error) => status.problem = Some(error.message(lang)),
    }
    Ok(status)
}

/// The team's members, for the page of an event's administrators.
pub async fn members(store: &Store) -> Result<Vec<TeamMember>> {
    if store.backend() != Backend::Team {
        return Ok(Vec::new());
    }
    Ok(store.team_members().await?.into_iter().map(member).collect())
}

/// What `--import-local` brought over.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub events: usize,
    pub connections: usize,
    pub accounts: usize,
    /// Local administrators with no team member of the same e-mail: not made administrators.
    pub administrators_left_out: Vec<String>,
}

/// Brings the local events, their administrators (those who are team members by e-mail), their
/// connections, the Zoom accounts with their tokens (sealed again with the team key) and the
/// meetings into the team database, as its owner. Nobody reconnects.
pub async fn import_local(local: &Store, team: &Store) -> Result<Imported> {
    let owner = team.team_member().await?;
    let members = team.team_members().await?;
    let mut imported = Imported::default();
    let mut accounts = std::collections::HashMap::new();
    let profiles = local.profiles().await?;
    let mut seen_events = std::collections::HashSet::new();
    for profile in &profiles {
        for event in local.events_administered_by(profile.id).await? {
            if !seen_events.insert(event.id) {
                continue;
            }
            let dates = event.starts_on.as_deref().zip(event.ends_on.as_deref());
            let copy = team.insert_event(owner.id, &event.title, &event.time_zone, dates).await?;
            imported.events += 1;
            for admin in local.event_admins(event.id).await? {
                match members.iter().find(|m| m.email.eq_ignore_ascii_case(&admin.email)) {
                    Some(m) if m.id != owner.id => {
                        team.add_event_admin(copy.id, m.id, owner.id).await?;
                    }
                    Some(_) => {}
                    None => imported.administrators_left_out.push(admin.email.clone()),
                }
            }
            for connection in local.zoom_connections(event.id, 0).await? {
                let id = team.add_zoom_connection(copy.id, &connection.name, owner.id).await?;
                imported.connections += 1;
                let Some(account_id) = connection.account_id else { continue };
                let (Some(tokens), Some(profile)) = (local.account_tokens(account_id).await?, local.account_profile(account_id).await?) else {
                    continue;
                };
                let account = store::NewZoomAccount {
                    zoom_user_id: tokens.zoom_user_id.clone(),
                    email: profile.email,
                    display_name: profile.display_name,
                    user_type: profile.user_type,
                    timezone: profile.timezone,
                    zoom_account_id: profile.zoom_account_id,
                    oauth_url: tokens.oauth_url.clone(),
                    api_url: tokens.api_url.clone(),
                    scopes: profile.scopes,
                };
                let linked = team.link_zoom_account(id, owner.id, &account, &tokens.tokens).await?.ok_or(Error::ConnectionNotFound)?;
                if accounts.insert(account_id, linked.account_id).is_none() {
                    imported.accounts += 1;
                    let meetings = local.meetings(account_id).await?;
                    let record = local.sync_record(account_id).await?;
                    if let Some(synced) = record.as_ref().and_then(|r| r.last_synced_at) {
                        let digest = record.and_then(|r| r.meetings_digest).unwrap_or_default();
                        team.save_snapshot(linked.account_id, &tokens.zoom_user_id, &meetings, &digest, synced).await?;
                    }
                }
            }
        }
    }
    imported.administrators_left_out.sort();
    imported.administrators_left_out.dedup();
    Ok(imported)
}

/// The store this computer works with: the team's database once it joined one, else its own.
pub async fn open_store(dir: &Path, keychain_wanted: bool, new_key: bool) -> Result<Store> {
    if configured(dir) {
        return open(dir).await;
    }
    Ok(if new_key { Store::open_with_new_key(dir, keychain_wanted).await? } else { Store::open(dir, keychain_wanted).await? })
}

/// In team mode the acting administrator is the member the app signed in as.
pub async fn acting_member(store: &Store) -> Result<Option<i64>> {
    match store.backend() {
        Backend::Team => Ok(Some(store.team_member().await?.id)),
        Backend::Local => Ok(None),
    }
}

/// Calls `changed` with an event's id whenever another administrator (or this app) changes what
/// the event's Zoom page shows: the database announces it (LISTEN/NOTIFY, ids only). Runs until
/// the store closes; a lost connection is made again, and every event is then reported changed,
/// since what was said meanwhile is lost.
pub async fn watch(store: &Store, mut changed: impl FnMut(i64)) {
    let Some(options) = store.team_listen_options() else { return };
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect_lazy_with(options);
    let mut listening = std::collections::HashSet::new();
    let mut listener: Option<sqlx::postgres::PgListener> = None;
    let mut backoff = std::time::Duration::from_millis(250);
    while !store.pool().is_closed() {
        let Some(current) = listener.as_mut() else {
            match sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut fresh) => {
                    fresh.ignore_pool_close_event(true);
                    let member = store.team_member().await.map(|m| m.id);
                    if let Ok(member) = member {
                        let _ = fresh.listen(&format!("myscihub_member_{member}")).await;
                    }
                    listening.clear();
                    listener = Some(fresh);
                    backoff = std::time::Duration::from_millis(250);
                    for event in listen_to_events(store, listener.as_mut().expect("just set"), &mut listening).await {
                        changed(event);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "the team database does not answer LISTEN; trying again");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(std::time::Duration::from_secs(30));
                }
            }
            continue;
        };
        match current.try_recv().await {
            Ok(Some(notification)) => {
                if notification.channel().starts_with("myscihub_member_") {
                    // Made an administrator of an event (or no longer one): listen to it too.
                    for event in listen_to_events(store, current, &mut listening).await {
                        changed(event);
                    }
                } else if let Ok(event) = notification.payload().parse::<i64>() {
                    changed(event);
                }
            }
            // The connection was lost and is made again on the next call; what was said meanwhile
            // is lost, so every event counts as changed.
            Ok(None) => listening.iter().copied().for_each(&mut changed),
            Err(error) => {
                tracing::warn!(%error, "LISTEN on the team database failed");
                listener = None;
            }
        }
    }
}

/// Listens to every event the member administers that it does not listen to yet; returns them.
async fn listen_to_events(store: &Store, listener: &mut sqlx::postgres::PgListener, listening: &mut std::collections::HashSet<i64>) -> Vec<i64> {
    let Ok(member) = store.team_member().await else { return Vec::new() };
    let Ok(events) = store.events_administered_by(member.id).await else { return Vec::new() };
    let mut new = Vec::new();
    for event in events {
        if !listening.contains(&event.id) && listener.listen(&format!("myscihub_event_{}", event.id)).await.is_ok() {
            listening.insert(event.id);
            new.push(event.id);
        }
    }
    new
}
