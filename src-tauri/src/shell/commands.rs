//! The IPC surface. Each command gets the app's state, checks the right through the core (event
//! commands take an `Admin`, which only the check makes), calls one core function and turns its
//! error into a `Fault`. The contract below is the only list of commands.

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use super::contract::{exported_types, ipc_contract};
use super::{auth, ready, AppInfo, WindowEvent};
use crate::core::events::{self, NewEvent};
use crate::core::profiles::{self, NewProfile};
use crate::core::settings::{ZoomSettings, ZoomSettingsInput};
use crate::core::support::{self, AppFacts};
use crate::core::team::{self, JoinCodeIssued, NewTeam, TeamMember, TeamStatus};
use crate::core::zoom::{ConnectionDetails, ExportFormat, MeetingDetails, MeetingWindow, ScheduleQuery, ScheduleWindow};
use crate::core::Fault;
use crate::store::{Administrator, Event, HistoryEntry, Profile, SettingsChange, ZoomConnection};

type Reply<T> = Result<T, Fault>;

exported_types!(
    AppInfo,
    Administrator,
    ConnectionDetails,
    Event,
    ExportFormat,
    HistoryEntry,
    JoinCodeIssued,
    MeetingDetails,
    MeetingWindow,
    NewEvent,
    NewProfile,
    NewTeam,
    Profile,
    ScheduleQuery,
    ScheduleWindow,
    SettingsChange,
    TeamMember,
    TeamStatus,
    WindowEvent,
    ZoomConnection,
    ZoomSettings,
    ZoomSettingsInput
);

ipc_contract! {
    /// What the page needs before its first screen; a start-up failure otherwise.
    app_info() -> AppInfo;
    /// After a start-up failure: the start-up again, without restarting the app. `newKey` starts
    /// with a new token key instead of a lost one: the saved Zoom access is forgotten.
    retry_startup(new_key: bool) -> AppInfo;
    list_profiles() -> Vec<Profile>;
    create_profile(input: NewProfile) -> Profile;
    sign_in(profile_id: i64) -> Profile;
    sign_out() -> ();
    current_profile() -> Option<Profile>;
    list_events() -> Vec<Event>;
    create_event(input: NewEvent) -> Event;
    open_event(event_id: i64) -> Event;
    list_administrators(event_id: i64) -> Vec<Administrator>;
    add_administrator(event_id: i64, email: String) -> Vec<Administrator>;
    remove_administrator(event_id: i64, user_id: i64) -> Vec<Administrator>;
    list_zoom_connections(event_id: i64) -> Vec<ZoomConnection>;
    zoom_history(event_id: i64) -> Vec<HistoryEntry>;
    add_zoom_connection(event_id: i64, name: String) -> ZoomConnection;
    rename_zoom_connection(event_id: i64, connection_id: i64, name: String) -> ZoomConnection;
    delete_zoom_connection(event_id: i64, connection_id: i64) -> ();
    /// Rust opens the system browser for the sign-in; the connection comes back as `authorizing`.
    connect_zoom(event_id: i64, connection_id: i64) -> ZoomConnection;
    cancel_zoom_authorization(event_id: i64, connection_id: i64) -> ZoomConnection;
    disconnect_zoom(event_id: i64, connection_id: i64) -> ZoomConnection;
    zoom_settings() -> ZoomSettings;
    save_zoom_settings(input: ZoomSettingsInput) -> ZoomSettings;
    /// Who changed Settings → Zoom, and what, newest first.
    zoom_settings_history() -> Vec<SettingsChange>;
    /// The connection's account and the number of its stored meetings: instant, no network.
    zoom_connection_details(event_id: i64, connection_id: i64) -> ConnectionDetails;
    /// Meetings `offset..offset + limit` of the connection's stored list, sorted by Rust (fixed
    /// start times first, earliest first; then those without fixed time) and kept only when the
    /// topic contains `filter` (any case). `matching` counts all the meetings the filter keeps.
    zoom_meetings(event_id: i64, connection_id: i64, filter: String, offset: usize, limit: usize) -> MeetingWindow;
    /// Syncs the connection's account with Zoom, then answers as `zoomConnectionDetails` does.
    /// Without `force`, data under a minute old is not fetched again. A failed sync still
    /// resolves: `sync.fault` says why and the previous meetings are kept.
    refresh_zoom_connection(event_id: i64, connection_id: i64, force: bool) -> ConnectionDetails;
    /// Syncs the event's accounts whose data is stale, then lists the connections.
    refresh_zoom_event(event_id: i64) -> Vec<ZoomConnection>;
    /// Rust opens the meeting's join link in the system browser (https on Zoom's own hosts only).
    open_join_link(event_id: i64, connection_id: i64, meeting_id: i64) -> ();
    /// A plain-text report for support: versions, settings, states, where the log is; never
    /// tokens, codes or passcodes.
    diagnostics_report() -> String;
    /// Rust opens the support request page in the system browser.
    open_support_page() -> ();
    /// Rust opens the folder the app writes its log to.
    open_log_folder() -> ();
    /// A view painted its first data; Rust logs the first such call of the run.
    view_rendered(view: String) -> ();
    /// The page's one way to hear from Rust: what it is told arrives on this channel.
    listen_to_app(on_event: Channel<WindowEvent>) -> ();
    /// Which database this computer works with (its own, or the team's), as whom, and whether
    /// the team's answers.
    team_status() -> TeamStatus;
    /// Sets a team up on an empty database, `password` being the owner role's; this computer
    /// then works with it as the owner, from the next start (`restart_app`).
    team_init(input: NewTeam, password: String) -> TeamStatus;
    /// Makes someone a member of the team: the code, a secret, is theirs to join with, once.
    team_invite(name: String, email: String, role: Option<String>) -> JoinCodeIssued;
    /// Joins the team the code names (from the next start); the code then stops working.
    team_join(code: String) -> TeamStatus;
    /// Back to this computer's own database, from the next start.
    team_leave() -> TeamStatus;
    /// The team's members, whom an event's administrators page offers (none in local mode).
    team_members() -> Vec<TeamMember>;
    /// Starts the app again, to open the database chosen.
    restart_app() -> ();
    /// Rows `offset..offset + limit` of the event's schedule: every connection's meetings and
    /// occurrences, sorted (meetings without a fixed time last), as `query` keeps them.
    event_schedule(event_id: i64, query: ScheduleQuery, offset: usize, limit: usize) -> ScheduleWindow;
    /// Saves the schedule as `query` keeps it, as .ics or .csv, where the Save dialog says:
    /// the file's path, or none when the dialog was cancelled.
    /// With `include_passcodes`, each meeting's passcode is asked of Zoom first and written too.
    export_schedule(event_id: i64, query: ScheduleQuery, format: ExportFormat, include_passcodes: bool) -> Option<String>;
    /// A stored meeting (or one occurrence) with what Zoom tells of it: the whole agenda and the
    /// passcode. Zoom not answering, or a scope the account lacks, still gives the stored row.
    meeting_details(event_id: i64, connection_id: i64, meeting_id: i64, occurrence_id: Option<String>) -> MeetingDetails;
    /// The meeting's invitation text, from Zoom, to copy.
    meeting_invitation(event_id: i64, connection_id: i64, meeting_id: i64) -> String;
    /// «Напоминать за N минут» for the event on this computer: the minutes, or none when off.
    reminder_minutes(event_id: i64) -> Option<i64>;
    /// Turns the event's reminders on (1 to 1440 minutes before each meeting) or off (none).
    set_reminder_minutes(event_id: i64, minutes: Option<i64>) -> Option<i64>;
}

#[tauri::command]
async fn app_info<R: Runtime>(app: AppHandle<R>) -> Reply<AppInfo> {
    Ok(ready(&app)?.info.clone())
}

#[tauri::command]
async fn retry_startup<R: Runtime>(app: AppHandle<R>, new_key: bool) -> Reply<AppInfo> {
    super::retry_startup(&app, new_key).await
}

#[tauri::command]
async fn list_profiles<R: Runtime>(app: AppHandle<R>) -> Reply<Vec<Profile>> {
    let state = ready(&app)?;
    profiles::list(&state.store).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn create_profile<R: Runtime>(app: AppHandle<R>, input: NewProfile) -> Reply<Profile> {
    let state = ready(&app)?;
    state.local_only()?;
    let profile = profiles::create(&state.store, input).await.map_err(|e| state.fault(e))?;
    state.session.set(Some(profile.id));
    Ok(profile)
}

#[tauri::command]
async fn sign_in<R: Runtime>(app: AppHandle<R>, profile_id: i64) -> Reply<Profile> {
    let state = ready(&app)?;
    state.local_only()?;
    let profile = profiles::get(&state.store, profile_id).await.map_err(|e| state.fault(e))?;
    state.session.set(Some(profile.id));
    Ok(profile)
}

#[tauri::command]
async fn sign_out<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    let state = ready(&app)?;
    state.local_only()?;
    state.session.set(None);
    Ok(())
}

#[tauri::command]
async fn current_profile<R: Runtime>(app: AppHandle<R>) -> Reply<Option<Profile>> {
    let state = ready(&app)?;
    match state.session.current() {
        Some(id) => state.store.profile(id).await.map_err(|e| state.fault(e.into())),
        None => Ok(None),
    }
}

#[tauri::command]
async fn list_events<R: Runtime>(app: AppHandle<R>) -> Reply<Vec<Event>> {
    let state = ready(&app)?;
    events::list_administered(&state.store, state.actor()?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn create_event<R: Runtime>(app: AppHandle<R>, input: NewEvent) -> Reply<Event> {
    let state = ready(&app)?;
    events::create(&state.store, state.actor()?, input).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn open_event<R: Runtime>(app: AppHandle<R>, event_id: i64) -> Reply<Event> {
    let state = ready(&app)?;
    events::open(&state.store, state.admin(event_id).await?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn list_administrators<R: Runtime>(app: AppHandle<R>, event_id: i64) -> Reply<Vec<Administrator>> {
    let state = ready(&app)?;
    events::administrators(&state.store, state.admin(event_id).await?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn add_administrator<R: Runtime>(app: AppHandle<R>, event_id: i64, email: String) -> Reply<Vec<Administrator>> {
    let state = ready(&app)?;
    events::add_administrator(&state.store, state.admin(event_id).await?, &email).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn remove_administrator<R: Runtime>(app: AppHandle<R>, event_id: i64, user_id: i64) -> Reply<Vec<Administrator>> {
    let state = ready(&app)?;
    events::remove_administrator(&state.store, state.admin(event_id).await?, user_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn list_zoom_connections<R: Runtime>(app: AppHandle<R>, event_id: i64) -> Reply<Vec<ZoomConnection>> {
    let state = ready(&app)?;
    state.zoom.connections(state.admin(event_id).await?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_history<R: Runtime>(app: AppHandle<R>, event_id: i64) -> Reply<Vec<HistoryEntry>> {
    let state = ready(&app)?;
    state.zoom.history(state.admin(event_id).await?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn add_zoom_connection<R: Runtime>(app: AppHandle<R>, event_id: i64, name: String) -> Reply<ZoomConnection> {
    let state = ready(&app)?;
    state.zoom.add(state.admin(event_id).await?, &name).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn rename_zoom_connection<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64, name: String) -> Reply<ZoomConnection> {
    let state = ready(&app)?;
    state.zoom.rename(state.admin(event_id).await?, connection_id, &name).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn delete_zoom_connection<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64) -> Reply<()> {
    let state = ready(&app)?;
    state.zoom.delete(state.admin(event_id).await?, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn connect_zoom<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64) -> Reply<ZoomConnection> {
    let state = ready(&app)?;
    auth::connect(&app, &state, state.admin(event_id).await?, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn cancel_zoom_authorization<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64) -> Reply<ZoomConnection> {
    let state = ready(&app)?;
    state.zoom.cancel_authorization(state.admin(event_id).await?, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn disconnect_zoom<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64) -> Reply<ZoomConnection> {
    let state = ready(&app)?;
    state.zoom.disconnect(state.admin(event_id).await?, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_settings<R: Runtime>(app: AppHandle<R>) -> Reply<ZoomSettings> {
    let state = ready(&app)?;
    state.actor()?;
    state.zoom.settings().await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn save_zoom_settings<R: Runtime>(app: AppHandle<R>, input: ZoomSettingsInput) -> Reply<ZoomSettings> {
    let state = ready(&app)?;
    state.zoom.save_settings(state.actor()?, input).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_settings_history<R: Runtime>(app: AppHandle<R>) -> Reply<Vec<SettingsChange>> {
    let state = ready(&app)?;
    state.zoom.settings_history(state.actor()?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_connection_details<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64) -> Reply<ConnectionDetails> {
    let state = ready(&app)?;
    state.zoom.details(state.admin(event_id).await?, connection_id, state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_meetings<R: Runtime>(
    app: AppHandle<R>,
    event_id: i64,
    connection_id: i64,
    filter: String,
    offset: usize,
    limit: usize,
) -> Reply<MeetingWindow> {
    let state = ready(&app)?;
    state.zoom.meetings(state.admin(event_id).await?, connection_id, &filter, offset, limit).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn refresh_zoom_connection<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64, force: bool) -> Reply<ConnectionDetails> {
    let state = ready(&app)?;
    let admin = state.admin(event_id).await?;
    if let Some(outcome) = state.zoom.sync_connection(admin, connection_id, force).await.map_err(|e| state.fault(e))? {
        auth::announce_changes(&app, outcome.purged_events());
    }
    state.zoom.details(admin, connection_id, state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn refresh_zoom_event<R: Runtime>(app: AppHandle<R>, event_id: i64) -> Reply<Vec<ZoomConnection>> {
    let state = ready(&app)?;
    let admin = state.admin(event_id).await?;
    let report = state.zoom.sync_event(admin, false).await.map_err(|e| state.fault(e))?;
    auth::announce_changes(&app, &report.purged_events());
    state.zoom.connections(admin).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn open_join_link<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64, meeting_id: i64) -> Reply<()> {
    let state = ready(&app)?;
    let url = state.zoom.join_link(state.admin(event_id).await?, connection_id, meeting_id).await.map_err(|e| state.fault(e))?;
    crate::core::browser::open(url.as_str()).map_err(|e| state.fault(e))
}

#[tauri::command]
async fn diagnostics_report<R: Runtime>(app: AppHandle<R>) -> Reply<String> {
    let state = ready(&app)?;
    let facts = AppFacts {
        version: state.info.version.clone(),
        os: crate::logging::os_description(),
        data_dir: state.info.data_dir.clone(),
        log_dir: state.info.log_dir.clone(),
        lang: format!("{:?}", state.info.lang),
    };
    support::report(&state.zoom, state.actor()?, &facts, &state.log.lines()).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn open_support_page<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    let state = ready(&app)?;
    crate::core::browser::open(&state.support_url).map_err(|e| state.fault(e))
}

#[tauri::command]
async fn open_log_folder<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    let state = ready(&app)?;
    crate::core::browser::show_folder(std::path::Path::new(&state.info.log_dir)).map_err(|e| state.fault(e))
}

/// The first call is logged with its time: the start-up benchmark measures from process start
/// to this line.
#[tauri::command]
async fn view_rendered<R: Runtime>(app: AppHandle<R>, view: String) -> Reply<()> {
    let state = ready(&app)?;
    if !state.first_render_logged.swap(true, std::sync::atomic::Ordering::Relaxed) {
        let view: String = view.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
        tracing::info!(view, "first view with data rendered");
    }
    Ok(())
}

#[tauri::command]
async fn listen_to_app<R: Runtime>(app: AppHandle<R>, on_event: Channel<WindowEvent>) -> Reply<()> {
    ready(&app)?.window_channels.add(on_event);
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` writes the contract's TypeScript next to the ts-rs types; `make test` fails
    /// when the committed file differs.
    #[test]
    fn export_the_ipc_contract() {
        let dir = std::path::PathBuf::from(std::env::var("TS_RS_EXPORT_DIR").expect("set in .cargo/config.toml"));
        std::fs::write(dir.join("commands.ts"), super::super::contract::typescript(super::COMMANDS)).unwrap();
    }
}

#[tauri::command]
async fn team_status<R: Runtime>(app: AppHandle<R>) -> Reply<TeamStatus> {
    let state = ready(&app)?;
    state.actor()?;
    team::status(&state.data_dir(), state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn team_init<R: Runtime>(app: AppHandle<R>, input: NewTeam, password: String) -> Reply<TeamStatus> {
    let state = ready(&app)?;
    state.actor()?;
    // An empty field leaves the password the address may carry.
    let input = NewTeam { password: Some(password).filter(|p| !p.is_empty()).map(Into::into), ..input };
    team::init(&state.data_dir(), crate::keychain_wanted(), input, state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn team_invite<R: Runtime>(app: AppHandle<R>, name: String, email: String, role: Option<String>) -> Reply<JoinCodeIssued> {
    let state = ready(&app)?;
    state.actor()?;
    let invitation = team::invite(&state.store, &name, &email, role.as_deref().filter(|r| !r.trim().is_empty())).await;
    invitation.map(|i| i.issued()).map_err(|e| state.fault(e))
}

#[tauri::command]
async fn team_join<R: Runtime>(app: AppHandle<R>, code: String) -> Reply<TeamStatus> {
    let state = ready(&app)?;
    state.actor()?;
    team::join(&state.data_dir(), crate::keychain_wanted(), &code, state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn team_leave<R: Runtime>(app: AppHandle<R>) -> Reply<TeamStatus> {
    let state = ready(&app)?;
    state.actor()?;
    team::leave(&state.data_dir()).map_err(|e| state.fault(e))?;
    team::status(&state.data_dir(), state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn team_members<R: Runtime>(app: AppHandle<R>) -> Reply<Vec<TeamMember>> {
    let state = ready(&app)?;
    state.actor()?;
    team::members(&state.store).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn restart_app<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    ready(&app)?.actor()?;
    app.restart()
}

#[tauri::command]
async fn event_schedule<R: Runtime>(app: AppHandle<R>, event_id: i64, query: ScheduleQuery, offset: usize, limit: usize) -> Reply<ScheduleWindow> {
    let state = ready(&app)?;
    let admin = state.admin(event_id).await?;
    let filter = query.filter().map_err(|e| state.fault(e))?;
    state.zoom.schedule_page(admin, &filter, offset, limit).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn export_schedule<R: Runtime>(
    app: AppHandle<R>,
    event_id: i64,
    query: ScheduleQuery,
    format: ExportFormat,
    include_passcodes: bool,
) -> Reply<Option<String>> {
    let state = ready(&app)?;
    let admin = state.admin(event_id).await?;
    let filter = query.filter().map_err(|e| state.fault(e))?;
    let text = state.zoom.export_schedule(admin, &filter, format, include_passcodes, state.info.lang).await.map_err(|e| state.fault(e))?;
    let extension = format.extension();
    let Some(path) = super::save_path(&app, &format!("schedule.{extension}"), extension).await else { return Ok(None) };
    std::fs::write(&path, text).map_err(|e| state.fault(crate::core::Error::NotSaved(e.to_string())))?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
async fn reminder_minutes<R: Runtime>(app: AppHandle<R>, event_id: i64) -> Reply<Option<i64>> {
    let state = ready(&app)?;
    Ok(state.reminders.lead_minutes(state.admin(event_id).await?))
}

#[tauri::command]
async fn set_reminder_minutes<R: Runtime>(app: AppHandle<R>, event_id: i64, minutes: Option<i64>) -> Reply<Option<i64>> {
    let state = ready(&app)?;
    let admin = state.admin(event_id).await?;
    state.reminders.set_lead_minutes(admin, minutes).map_err(|e| state.fault(e))?;
    Ok(state.reminders.lead_minutes(admin))
}

#[tauri::command]
async fn meeting_details<R: Runtime>(
    app: AppHandle<R>,
    event_id: i64,
    connection_id: i64,
    meeting_id: i64,
    occurrence_id: Option<String>,
) -> Reply<MeetingDetails> {
    let state = ready(&app)?;
    let admin = state.admin(event_id).await?;
    let details = state.zoom.meeting_details(admin, connection_id, meeting_id, occurrence_id.as_deref(), state.info.lang).await;
    details.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn meeting_invitation<R: Runtime>(app: AppHandle<R>, event_id: i64, connection_id: i64, meeting_id: i64) -> Reply<String> {
    let state = ready(&app)?;
    state.zoom.meeting_invitation(state.admin(event_id).await?, connection_id, meeting_id).await.map_err(|e| state.fault(e))
}
