//! The app's real IPC layer (Tauri's mock runtime, no window system): commands are called as the
//! web page calls them, with JSON arguments, and answer JSON or a `{code, message}` fault.

use std::sync::Arc;

use myscihub_lib::core::zoom::ZoomIntegration;
use myscihub_lib::core::{Lang, Session};
use myscihub_lib::logging::LogTail;
use myscihub_lib::shell::{handler, AppInfo, AppState};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

pub struct Ipc {
    pub app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

impl Ipc {
    /// The app over `zoom`'s data folder, signed in as `actor`.
    pub fn new(zoom: ZoomIntegration, data_dir: &std::path::Path, actor: Option<i64>) -> Self {
        let session = Session::default();
        session.set(actor);
        let team = zoom.store().backend() == myscihub_lib::store::Backend::Team;
        let state = AppState {
            store: zoom.store().clone(),
            zoom: Arc::new(zoom),
            session,
            info: AppInfo {
                version: "test".into(),
                lang: Lang::En,
                data_dir: data_dir.display().to_string(),
                log_dir: data_dir.join("logs").display().to_string(),
                demo: false,
                team,
                start_event_id: None,
                start_route: None,
            },
            log: LogTail::default(),
            support_url: "https://support.example.org".into(),
            first_render_logged: Default::default(),
            window_channels: Default::default(),
            reminders: myscihub_lib::core::zoom::reminders::Reminders::new(data_dir, 0),
        };
        let app = mock_builder().manage(state).invoke_handler(handler()).build(mock_context(noop_assets())).unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Self { app, webview }
    }

    /// The app as it is after a failed start-up: the window up, `failure` to show, no data open.
    pub fn failed(failure: myscihub_lib::core::Fault) -> Self {
        use myscihub_lib::shell::StartupFailure;
        let app = mock_builder()
            .manage(StartupFailure::new(failure, Lang::En, LogTail::default()))
            .invoke_handler(handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Self { app, webview }
    }

    pub fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }

    pub fn invoke(&self, command: &str, body: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: command.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }
}
