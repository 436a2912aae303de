//! Each subcommand: one or two core calls, as the window's commands make them.

use crate::core::events::{self, NewEvent};
use crate::core::profiles::{self, NewProfile};
use crate::core::settings::Overrides;
use crate::core::team::{self, NewTeam};
use crate::core::zoom::{ExportFormat, ScheduleFilter, SyncOutcome, ZoomIntegration};
use crate::core::{browser, Admin, Error, Fault, Lang};
use crate::store::{Backend, Store};

use super::output::{self, Out};
use super::{AdminCommand, Cli, Command, ConnectionCommand, EventCommand, MeetingCommand, MeetingFormat, ProfileCommand, TeamCommand};

pub async fn run(cli: &Cli, lang: Lang) -> Result<Done, Fault> {
    let out = Out { json: cli.json, lang };
    if let Command::Team(command) = &cli.command {
        return team(command, &out).await.map_err(|e| e.fault(lang));
    }
    let zoom = open().await.map_err(|e| e.fault(lang))?;
    let result = dispatch(cli, &zoom, &out).await.map_err(|e| e.fault(lang));
    zoom.store().close().await;
    result
}

/// What a subcommand that ran to its end says: all done, or some part failed (and said why).
pub enum Done {
    All,
    Partly,
}

fn data_dir() -> Result<std::path::PathBuf, Error> {
    let dir = crate::folders::data_dir().ok_or_else(|| Error::DataFolder("the system names no folder for app data".into()))?;
    crate::store::files::create_private_dir(&dir).map_err(|e| Error::DataFolder(format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

async fn open() -> Result<ZoomIntegration, Error> {
    let store = team::open_store(&data_dir()?, crate::keychain_wanted(), false).await?;
    if crate::env_flag("MYSCIHUB_DEMO") && store.backend() == Backend::Local {
        // As the window does: an empty database gets the demo profile and event.
        crate::core::demo::prepare(&store).await?;
    }
    Ok(ZoomIntegration::new(store, Overrides::from_env()))
}

async fn dispatch(cli: &Cli, zoom: &ZoomIntegration, out: &Out) -> Result<Done, Error> {
    let store = zoom.store();
    let actor = || actor(store, cli.profile.as_deref());
    let admin = |event: i64| async move { zoom.admin(actor().await?, event).await };
    match &cli.command {
        Command::Profile(ProfileCommand::List) => out.list(&profiles::list(store).await?),
        Command::Profile(ProfileCommand::Create { name, email }) => {
            out.one(&profiles::create(store, NewProfile { name: name.clone(), email: email.clone() }).await?)
        }
        Command::Event(EventCommand::List) => out.list(&events::list_administered(store, actor().await?).await?),
        Command::Event(EventCommand::Create { title, time_zone, start, end }) => {
            let input = NewEvent {
                title: title.clone(),
                time_zone: time_zone.clone(),
                starts_on: start.clone().unwrap_or_default(),
                ends_on: end.clone().unwrap_or_default(),
            };
            out.one(&events::create(store, actor().await?, input).await?)
        }
        Command::Admin(AdminCommand::List(event)) => out.list(&events::administrators(store, admin(event.id).await?).await?),
        Command::Admin(AdminCommand::Add { event, email }) => out.list(&events::add_administrator(store, admin(event.id).await?, email).await?),
        Command::Admin(AdminCommand::Remove { event, email }) => {
            let admin = admin(event.id).await?;
            let profile = store.profile_by_email(email.trim()).await?.ok_or(Error::ProfileNotFound)?;
            out.list(&events::remove_administrator(store, admin, profile.id).await?)
        }
        Command::Connection(ConnectionCommand::List(event)) => out.list(&zoom.connections(admin(event.id).await?).await?),
        Command::Connection(ConnectionCommand::Add { event, name }) => out.one(&zoom.add(admin(event.id).await?, name).await?),
        Command::Connection(ConnectionCommand::Connect(args)) => connect(zoom, admin(args.event.id).await?, args.connection, out).await?,
        Command::Connection(ConnectionCommand::Disconnect(args)) => out.one(&zoom.disconnect(admin(args.event.id).await?, args.connection).await?),
        Command::Meeting(list @ MeetingCommand::List { event, .. }) => meetings(zoom, admin(event.id).await?, list, out).await?,
        Command::Sync { event, force } => return sync(zoom, admin(event.id).await?, *force, out).await,
        Command::Team(_) => unreachable!("team commands run before the store opens"),
    }
    Ok(Done::All)
}

/// The acting profile: the team member signed in, or the one named, or the only one there is.
async fn actor(store: &Store, email: Option<&str>) -> Result<i64, Error> {
    if let Some(member) = team::acting_member(store).await? {
        return if email.is_some() { Err(Error::TeamMode) } else { Ok(member) };
    }
    if let Some(email) = email {
        return Ok(store.profile_by_email(email.trim()).await?.ok_or(Error::ProfileNotFound)?.id);
    }
    match profiles::list(store).await?.as_slice() {
        [only] => Ok(only.id),
        [] => Err(Error::ProfileNeeded { several: false }),
        _ => Err(Error::ProfileNeeded { several: true }),
    }
}

async fn team(command: &TeamCommand, out: &Out) -> Result<Done, Error> {
    let dir = data_dir()?;
    let keychain = crate::keychain_wanted();
    match command {
        TeamCommand::Init { database_url, role, name, email, import_local } => {
            let input = NewTeam {
                database_url: database_url.clone(),
                role: role.clone().unwrap_or_default(),
                password: std::env::var("PGPASSWORD").ok().map(Into::into),
                name: name.clone(),
                email: email.clone(),
                import_local: *import_local,
            };
            out.team_status(&team::init(&dir, keychain, input, out.lang).await?);
            out.note(&output::team_joined(out.lang));
        }
        TeamCommand::Invite { name, email, existing } => {
            let store = team::open(&dir).await?;
            let invited = team::invite(&store, name, email, existing.as_deref()).await;
            store.close().await;
            out.invitation(&invited?);
        }
        TeamCommand::Join { code } => {
            out.team_status(&team::join(&dir, keychain, code, out.lang).await?);
            out.note(&output::team_joined(out.lang));
        }
        TeamCommand::Status => {
            let status = team::status(&dir, out.lang).await?;
            out.team_status(&status);
            if !status.reachable {
                return Ok(Done::Partly);
            }
        }
        TeamCommand::Leave => {
            team::leave(&dir)?;
            out.team_status(&team::status(&dir, out.lang).await?);
        }
    }
    Ok(Done::All)
}

/// Signs in in the system browser, which returns to a loopback port; Ctrl-C gives up and leaves
/// the connection as it was.
async fn connect(zoom: &ZoomIntegration, admin: Admin, connection_id: i64, out: &Out) -> Result<(), Error> {
    let connecting = zoom.connect(admin, connection_id, true).await?;
    // Listening before the note says Ctrl-C cancels: an early Ctrl-C must not kill the process
    // with the connection left waiting.
    let mut interrupt = Interrupt::listen()?;
    out.note(&output::open_this(out.lang, connecting.url.as_str()));
    if let Err(error) = browser::open(connecting.url.as_str()) {
        tracing::warn!(code = %error.code(), "no browser opened; the address is printed");
    }
    let link = tokio::select! {
        link = connecting.returned() => link,
        _ = interrupt.recv() => {
            zoom.cancel_authorization(admin, connection_id).await?;
            return Err(Error::Cancelled);
        }
    };
    let Some(link) = link else {
        zoom.cancel_authorization(admin, connection_id).await?;
        return Err(Error::AuthorizationExpired);
    };
    zoom.complete_authorization(&link, true).await.result?;
    // The new account's meetings, as the window fetches them after a sign-in.
    zoom.sync_connection(admin, connection_id, false).await?;
    out.one(&zoom.connection(admin, connection_id).await?);
    Ok(())
}

async fn meetings(zoom: &ZoomIntegration, admin: Admin, command: &MeetingCommand, out: &Out) -> Result<(), Error> {
    let MeetingCommand::List { connection, format, from, to, include_passcodes, .. } = command;
    let filter = ScheduleFilter { words: String::new(), connection_id: *connection, from: *from, to: *to };
    let file = match format {
        MeetingFormat::Table => {
            out.schedule(&zoom.schedule(admin, &filter).await?);
            return Ok(());
        }
        MeetingFormat::Ics => ExportFormat::Ics,
        MeetingFormat::Csv => ExportFormat::Csv,
    };
    print!("{}", zoom.export_schedule(admin, &filter, file, *include_passcodes, out.lang).await?);
    Ok(())
}

/// One line per account; a failure of any is a failure of the whole.
async fn sync(zoom: &ZoomIntegration, admin: Admin, force: bool, out: &Out) -> Result<Done, Error> {
    let report = zoom.sync_event(admin, force).await?;
    let mut lines = Vec::new();
    for (account_id, outcome) in &report.accounts {
        let email = zoom.store().account_profile(*account_id).await?.map(|p| p.email).unwrap_or_default();
        lines.push((*account_id, email, outcome));
    }
    out.sync(&lines);
    match report.accounts.iter().filter(|(_, o)| matches!(o, SyncOutcome::Failed(_) | SyncOutcome::Waiting { .. })).count() {
        0 => Ok(Done::All),
        failed => {
            out.note(&output::some_failed(out.lang, failed, report.accounts.len()));
            Ok(Done::Partly)
        }
    }
}

/// Ctrl-C, heard from the moment it is made.
struct Interrupt(#[cfg(unix)] tokio::signal::unix::Signal, #[cfg(windows)] tokio::signal::windows::CtrlC);

impl Interrupt {
    fn listen() -> Result<Self, Error> {
        let failed = |e: std::io::Error| Error::Browser(e.to_string());
        #[cfg(unix)]
        return Ok(Self(tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).map_err(failed)?));
        #[cfg(windows)]
        return Ok(Self(tokio::signal::windows::ctrl_c().map_err(failed)?));
    }

    async fn recv(&mut self) {
        self.0.recv().await;
    }
}
