use serde::Serialize;
use ts_rs::TS;

use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime, State};

use crate::core::zoom::ZoomIntegration;
use crate::core::{Admin, Error, Fault, Lang, Session};
use crate::logging::LogTail;
use crate::store::Store;

pub struct AppState {
    pub store: Store,
    pub zoom: Arc<ZoomIntegration>,
    pub session: Session,
    pub info: AppInfo,
    pub log: LogTail,
    /// Checked at start-up: https, or http on loopback.
    pub support_url: String,
    /// Set once the window has shown its first data (the start-up benchmark reads the log line).
    pub first_render_logged: std::sync::atomic::AtomicBool,
    pub window_channels: super::events::WindowChannels,
    /// «Напоминать за N минут», per event, on this computer.
    pub reminders: crate::core::zoom::reminders::Reminders,
}

/// Why the app could not open its data; the window shows it instead of the control panel, with
/// «Повторить», which runs the start-up again (`retry_startup`) without restarting the app.
pub struct StartupFailure {
    fault: std::sync::Mutex<Fault>,
    pub(super) lang: Lang,
    pub(super) log: LogTail,
    /// One retry at a time.
    pub(super) turn: tokio::sync::Mutex<()>,
}

impl StartupFailure {
    pub fn new(fault: Fault, lang: Lang, log: LogTail) -> Self {
        Self { fault: std::sync::Mutex::new(fault), lang, log, turn: Default::default() }
    }

    /// What went wrong the last time the start-up ran, and in which language it says so.
    pub fn fault(&self) -> Fault {
        Fault { lang: Some(self.lang), ..self.fault.lock().unwrap_or_else(|e| e.into_inner()).clone() }
    }

    pub(super) fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap_or_else(|e| e.into_inner()) = fault;
    }
}

/// What the front end needs to know before its first screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub lang: Lang,
    pub data_dir: String,
    /// Where the log files are (Settings → About shows it).
    pub log_dir: String,
    pub demo: bool,
    /// The app works with the team's database, signed in as its member: no profile to choose.
    pub team: bool,
    /// The event whose control panel opens first (demo mode).
    #[ts(type = "number | null")]
    pub start_event_id: Option<i64>,
    /// A page to open first instead (`MYSCIHUB_OPEN=#/events/1/integrations/zoom`).
    pub start_route: Option<String>,
}

/// The app's state once its data is open; before that, why it is not.
pub fn ready<R: Runtime>(app: &AppHandle<R>) -> Result<State<'_, AppState>, Fault> {
    app.try_state::<AppState>().ok_or_else(|| app.state::<StartupFailure>().fault())
}

impl AppState {
    /// Profiles are chosen on this computer only in local mode; a team member is who signed in.
    pub fn local_only(&self) -> Result<(), Fault> {
        if self.info.team {
            return Err(self.fault(Error::TeamMode));
        }
        Ok(())
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        std::path::PathBuf::from(&self.info.data_dir)
    }

    pub fn actor(&self) -> Result<i64, Fault> {
        self.session.actor().map_err(|e| self.fault(e))
    }

    /// The signed-in profile's right to the event, checked.
    pub async fn admin(&self, event_id: i64) -> Result<Admin, Fault> {
        self.zoom.admin(self.actor()?, event_id).await.map_err(|e| self.fault(e))
    }

    pub fn fault(&self, error: Error) -> Fault {
        error.fault(self.info.lang)
    }
}
