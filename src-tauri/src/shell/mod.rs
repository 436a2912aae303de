//! Everything Tauri: start-up, the window, plugins and the (thin) commands.

mod auth;
mod commands;
pub mod contract;
mod events;
mod reminders;
mod state;

pub use auth::deliver as receive_link;
pub use commands::{handler, COMMANDS};
pub use events::WindowEvent;

use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::core::settings::Overrides;
use crate::core::zoom::reminders::Reminders;
use crate::core::zoom::ZoomIntegration;
use crate::core::{demo, team, Error, Fault, Lang, Session};
use crate::logging::LogTail;
use crate::store::Backend;
pub use state::{ready, AppInfo, AppState, StartupFailure};

const MAIN_WINDOW: &str = "main";
/// Where «Отправить заявку» leads; `MYSCIHUB_SUPPORT_URL` replaces it.
const SUPPORT_URL: &str = "https://myscihub.org/support";

pub fn run() {
    let log = crate::logging::init_for_window(crate::folders::log_dir().as_deref());
    tauri::Builder::default()
        // Must come first: a second `myscihub` process hands its URL to this one and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| bring_to_front(app)))
        .plugin(tauri_plugin_deep_link::init())
        // Rust opens the Save dialog itself: the page has no permission of the plugin's.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let lang = crate::lang();
            match tauri::async_runtime::block_on(start(app.handle(), lang, log.clone(), false)) {
                Ok(state) => started(app.handle(), state),
                // The window still opens, to say what went wrong in plain words and to retry.
                Err(error) => {
                    tracing::error!(%error, "MySciHub could not open its data");
                    app.manage(StartupFailure::new(error.fault(lang), lang, log.clone()));
                }
            }
            open_main_window(app.handle())?;
            Ok(())
        })
        .invoke_handler(handler())
        .run(tauri::generate_context!())
        .expect("MySciHub could not start");
}

/// «Повторить» under a start-up failure: the start-up again, in the running app. With `new_key`
/// the store starts with a new token key and forgets the Zoom access the lost one sealed.
pub async fn retry_startup<R: Runtime>(app: &AppHandle<R>, new_key: bool) -> Result<AppInfo, Fault> {
    if let Some(state) = app.try_state::<AppState>() {
        return Ok(state.info.clone());
    }
    let failure = app.state::<StartupFailure>();
    let _turn = failure.turn.lock().await;
    if let Some(state) = app.try_state::<AppState>() {
        return Ok(state.info.clone());
    }
    match start(app, failure.lang, failure.log.clone(), new_key).await {
        Ok(state) => {
            let info = state.info.clone();
            started(app, state);
            tracing::info!("MySciHub opened its data on a retry");
            Ok(info)
        }
        Err(error) => {
            tracing::error!(%error, "MySciHub still cannot open its data");
            failure.set(error.fault(failure.lang));
            Err(failure.fault())
        }
    }
}

/// The app's data is open: the commands get their state, links and the first sync begin.
fn started<R: Runtime>(app: &AppHandle<R>, state: AppState) {
    app.manage(state);
    if app.try_state::<tauri_plugin_deep_link::DeepLink<R>>().is_some() {
        receive_deep_links(app);
    }
    tauri::async_runtime::spawn(auth::sync_everything(app.clone()));
    reminders::start(app);
    if app.state::<AppState>().store.backend() == Backend::Team {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            let store = app.state::<AppState>().store.clone();
            team::watch(&store, |event_id| events::tell_window(&app, WindowEvent::ZoomConnectionsChanged { event_id })).await;
        });
    }
}

async fn start<R: Runtime>(app: &AppHandle<R>, lang: Lang, log: LogTail, new_key: bool) -> Result<AppState, Error> {
    let data_dir = crate::folders::data_dir().ok_or_else(|| Error::DataFolder("the system names no folder for app data".into()))?;
    crate::store::files::create_private_dir(&data_dir).map_err(|e| Error::DataFolder(format!("{}: {e}", data_dir.display())))?;
    let keychain = crate::keychain_wanted();
    let store = team::open_store(&data_dir, keychain, new_key).await?;
    let session = Session::default();
    let team = store.backend() == Backend::Team;
    if let Some(member) = team::acting_member(&store).await? {
        session.set(Some(member));
    }
    let demo = crate::env_flag("MYSCIHUB_DEMO") && !team;
    let mut start_event_id = None;
    if demo {
        if let Some((profile, event)) = demo::prepare(&store).await? {
            session.set(Some(profile.id));
            start_event_id = event.map(|e| e.id);
        }
    }
    tracing::info!(data_dir = %data_dir.display(), ?lang, demo, "MySciHub started");
    let info = AppInfo {
        version: app.package_info().version.to_string(),
        lang,
        data_dir: data_dir.display().to_string(),
        log_dir: crate::folders::log_dir().map(|d| d.display().to_string()).unwrap_or_default(),
        demo,
        team,
        start_event_id,
        start_route: std::env::var("MYSCIHUB_OPEN").ok().filter(|r| r.starts_with("#/") && r.len() < 200),
    };
    let zoom = Arc::new(ZoomIntegration::new(store.clone(), Overrides::from_env()));
    let support_url = std::env::var("MYSCIHUB_SUPPORT_URL")
        .ok()
        .and_then(|v| crate::core::settings::web_url(crate::core::Field::BounceUrl, &v).ok())
        .map_or_else(|| SUPPORT_URL.to_owned(), |url| url.to_string());
    let reminders = Reminders::new(&data_dir, zoom.clock().now_ms());
    Ok(AppState {
        store,
        zoom,
        session,
        info,
        log,
        support_url,
        first_render_logged: Default::default(),
        window_channels: Default::default(),
        reminders,
    })
}

fn open_main_window(app: &tauri::AppHandle) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
        .title("MySciHub")
        .inner_size(1100.0, 760.0)
        .min_inner_size(720.0, 520.0)
        // The webview shows the app's own pages only; links leave through the system browser.
        .on_navigation(is_app_url)
        .build()?;
    Ok(())
}

fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => true,
        "http" | "https" => url.host_str() == Some("tauri.localhost") || (cfg!(dev) && url.host_str() == Some("localhost")),
        _ => false,
    }
}

/// Links the OS hands over: at launch (argv) and later, from a second instance.
fn receive_deep_links<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            tauri::async_runtime::spawn(auth::deliver(handle.clone(), url.to_string(), false));
        }
    });
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            tauri::async_runtime::spawn(auth::deliver(app.clone(), url.to_string(), false));
        }
    }
}

pub(crate) fn bring_to_front<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Where to save a file: the native Save dialog's answer (none when cancelled). With
/// `MYSCIHUB_SAVE_DIR` set (the window tests, which cannot drive a native dialog), that folder.
async fn save_path<R: Runtime>(app: &AppHandle<R>, name: &str, extension: &str) -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("MYSCIHUB_SAVE_DIR") {
        return Some(std::path::PathBuf::from(dir).join(name));
    }
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file().set_file_name(name).add_filter(extension, &[extension]);
    let (answer, chosen) = tokio::sync::oneshot::channel();
    dialog.save_file(move |path| {
        let _ = answer.send(path);
    });
    chosen.await.ok().flatten().and_then(|p| p.into_path().ok())
}

#[cfg(test)]
mod tests {
    use super::is_app_url;

    #[test]
    fn the_webview_navigates_only_within_the_app() {
        for ok in ["tauri://localhost/index.html", "http://tauri.localhost/index.html", "https://tauri.localhost/"] {
            assert!(is_app_url(&ok.parse().unwrap()), "{ok}");
        }
        for refused in
            ["https://zoom.us/j/1", "http://127.0.0.1:8080/", "file:///etc/passwd", "javascript:alert(1)", "myscihub://oauth/zoom/callback"]
        {
            assert!(!is_app_url(&refused.parse().unwrap()), "{refused}");
        }
    }
}
