//! The IPC surface. Each command takes the actor from the session, calls one core
//! function and turns its error into a `Fault`.

use tauri::{AppHandle, Manager, Runtime, State};

use crate::core::events::{self, NewEvent};
use crate::core::profiles::{self, NewProfile};
use crate::core::settings::{ZoomSettings, ZoomSettingsInput};
use crate::core::support::{self, AppFacts};
use crate::core::sync::{ConnectionDetails, MeetingWindow};
use crate::core::Fault;
use crate::shell::{auth, AppInfo, AppState, StartupFailure};
use crate::store::{Administrator, Event, HistoryEntry, Profile, SettingsChange, ZoomConnection};

type Reply<T> = Result<T, Fault>;

pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        retry_startup,
        list_profiles,
        create_profile,
        sign_in,
        sign_out,
        current_profile,
        list_events,
        create_event,
        open_event,
        list_administrators,
        add_administrator,
        remove_administrator,
        list_zoom_connections,
        zoom_history,
        add_zoom_connection,
        rename_zoom_connection,
        delete_zoom_connection,
        connect_zoom,
        cancel_zoom_authorization,
        disconnect_zoom,
        zoom_settings,
        save_zoom_settings,
        zoom_settings_history,
        zoom_connection_details,
        zoom_meetings,
        refresh_zoom_connection,
        refresh_zoom_event,
        open_join_link,
        diagnostics_report,
        open_support_page,
        view_rendered,
        listen_to_app,
    ]
}

#[tauri::command]
fn app_info<R: Runtime>(app: AppHandle<R>) -> Reply<AppInfo> {
    match app.try_state::<AppState>() {
        Some(state) => Ok(state.info.clone()),
        None => Err(app.state::<StartupFailure>().fault()),
    }
}

/// «Повторить» under a start-up failure; `new_key`: «Подключить аккаунты заново», a new token
/// key in place of a lost one (the saved Zoom access is forgotten).
#[tauri::command]
async fn retry_startup<R: Runtime>(app: AppHandle<R>, new_key: bool) -> Reply<AppInfo> {
    crate::shell::retry_startup(&app, new_key).await
}

#[tauri::command]
async fn list_profiles(state: State<'_, AppState>) -> Reply<Vec<Profile>> {
    profiles::list(&state.store).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn create_profile(state: State<'_, AppState>, input: NewProfile) -> Reply<Profile> {
    let profile = profiles::create(&state.store, input).await.map_err(|e| state.fault(e))?;
    state.session.set(Some(profile.id));
    Ok(profile)
}

#[tauri::command]
async fn sign_in(state: State<'_, AppState>, profile_id: i64) -> Reply<Profile> {
    let profile = profiles::get(&state.store, profile_id).await.map_err(|e| state.fault(e))?;
    state.session.set(Some(profile.id));
    Ok(profile)
}

#[tauri::command]
fn sign_out(state: State<'_, AppState>) {
    state.session.set(None);
}

#[tauri::command]
async fn current_profile(state: State<'_, AppState>) -> Reply<Option<Profile>> {
    match state.session.current() {
        Some(id) => state.store.profile(id).await.map_err(|e| state.fault(e.into())),
        None => Ok(None),
    }
}

#[tauri::command]
async fn list_events(state: State<'_, AppState>) -> Reply<Vec<Event>> {
    events::list_administered(&state.store, state.actor()?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn create_event(state: State<'_, AppState>, input: NewEvent) -> Reply<Event> {
    events::create(&state.store, state.actor()?, input).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn open_event(state: State<'_, AppState>, event_id: i64) -> Reply<Event> {
    events::open(&state.store, state.actor()?, event_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn list_administrators(state: State<'_, AppState>, event_id: i64) -> Reply<Vec<Administrator>> {
    events::administrators(&state.store, state.actor()?, event_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn add_administrator(state: State<'_, AppState>, event_id: i64, email: String) -> Reply<Vec<Administrator>> {
    events::add_administrator(&state.store, state.actor()?, event_id, &email).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn remove_administrator(state: State<'_, AppState>, event_id: i64, user_id: i64) -> Reply<Vec<Administrator>> {
    events::remove_administrator(&state.store, state.actor()?, event_id, user_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn list_zoom_connections(state: State<'_, AppState>, event_id: i64) -> Reply<Vec<ZoomConnection>> {
    state.zoom.connections(state.actor()?, event_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_history(state: State<'_, AppState>, event_id: i64) -> Reply<Vec<HistoryEntry>> {
    state.zoom.history(state.actor()?, event_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn add_zoom_connection(state: State<'_, AppState>, event_id: i64, name: String) -> Reply<ZoomConnection> {
    state.zoom.add(state.actor()?, event_id, &name).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn rename_zoom_connection(state: State<'_, AppState>, event_id: i64, connection_id: i64, name: String) -> Reply<ZoomConnection> {
    state.zoom.rename(state.actor()?, event_id, connection_id, &name).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn delete_zoom_connection(state: State<'_, AppState>, event_id: i64, connection_id: i64) -> Reply<()> {
    state.zoom.delete(state.actor()?, event_id, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn connect_zoom<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, event_id: i64, connection_id: i64) -> Reply<ZoomConnection> {
    auth::connect(&app, &state, state.actor()?, event_id, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn cancel_zoom_authorization(state: State<'_, AppState>, event_id: i64, connection_id: i64) -> Reply<ZoomConnection> {
    state.zoom.cancel_authorization(state.actor()?, event_id, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn disconnect_zoom(state: State<'_, AppState>, event_id: i64, connection_id: i64) -> Reply<ZoomConnection> {
    state.zoom.disconnect(state.actor()?, event_id, connection_id).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_settings(state: State<'_, AppState>) -> Reply<ZoomSettings> {
    state.actor()?;
    state.zoom.settings().await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn save_zoom_settings(state: State<'_, AppState>, input: ZoomSettingsInput) -> Reply<ZoomSettings> {
    state.zoom.save_settings(state.actor()?, input).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_settings_history(state: State<'_, AppState>) -> Reply<Vec<SettingsChange>> {
    state.zoom.settings_history(state.actor()?).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_connection_details(state: State<'_, AppState>, event_id: i64, connection_id: i64) -> Reply<ConnectionDetails> {
    state.zoom.details(state.actor()?, event_id, connection_id, state.info.lang).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn zoom_meetings(
    state: State<'_, AppState>,
    event_id: i64,
    connection_id: i64,
    filter: String,
    offset: usize,
    limit: usize,
) -> Reply<MeetingWindow> {
    state.zoom.meetings(state.actor()?, event_id, connection_id, &filter, offset, limit).await.map_err(|e| state.fault(e))
}

#[tauri::command]
async fn refresh_zoom_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: i64,
    connection_id: i64,
    force: bool,
) -> Reply<ConnectionDetails> {
    let (details, report) =
        state.zoom.refresh_connection(state.actor()?, event_id, connection_id, force, state.info.lang).await.map_err(|e| state.fault(e))?;
    auth::announce_changes(&app, &report.purged_events);
    Ok(details)
}

#[tauri::command]
async fn refresh_zoom_event<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, event_id: i64) -> Reply<Vec<ZoomConnection>> {
    let (connections, report) = state.zoom.refresh_event(state.actor()?, event_id).await.map_err(|e| state.fault(e))?;
    auth::announce_changes(&app, &report.purged_events);
    Ok(connections)
}

#[tauri::command]
async fn open_join_link(state: State<'_, AppState>, event_id: i64, connection_id: i64, meeting_id: i64) -> Reply<()> {
    let url = state.zoom.join_link(state.actor()?, event_id, connection_id, meeting_id).await.map_err(|e| state.fault(e))?;
    auth::open_browser(url.as_str()).map_err(|e| state.fault(e))
}

#[tauri::command]
async fn diagnostics_report(state: State<'_, AppState>) -> Reply<String> {
    let facts = AppFacts {
        version: state.info.version.clone(),
        os: super::diagnostics::os_description(),
        data_dir: state.info.data_dir.clone(),
        lang: format!("{:?}", state.info.lang),
    };
    support::report(&state.zoom, state.actor()?, &facts, &state.log.lines()).await.map_err(|e| state.fault(e))
}

#[tauri::command]
fn open_support_page(state: State<'_, AppState>) -> Reply<()> {
    auth::open_browser(&state.support_url).map_err(|e| state.fault(e))
}

/// The window calls this when a view has painted its first data. The first call is logged with
/// its time: the start-up benchmark measures from process start to this line.
#[tauri::command]
fn view_rendered(state: State<'_, AppState>, view: String) {
    if !state.first_render_logged.swap(true, std::sync::atomic::Ordering::Relaxed) {
        let view: String = view.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
        tracing::info!(view, "first view with data rendered");
    }
}

/// The page's one way to hear from Rust: what it is told arrives on this channel.
#[tauri::command]
fn listen_to_app(state: State<'_, AppState>, on_event: tauri::ipc::Channel<super::WindowEvent>) {
    state.window_channels.add(on_event);
}
