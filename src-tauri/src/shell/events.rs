//! What Rust tells the window, through channels the page opened with `listen_to_app`. The page has
//! no permission to listen to Tauri's events at all: the deep-link plugin broadcasts every raw
//! `myscihub://` link (with its code and state) as one, and it must never reach the page.

use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;

use super::AppState;
use crate::core::zoom::AuthorizationOutcome;

/// Each page load opens one; a reload leaves the old one behind, so only the last few are kept.
const CHANNELS_KEPT: usize = 4;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum WindowEvent {
    /// The connections of an event changed (here or by another administrator).
    #[serde(rename_all = "camelCase")]
    ZoomConnectionsChanged {
        #[ts(type = "number")]
        event_id: i64,
    },
    /// The administrator clicked a meeting's reminder: show its details.
    #[serde(rename_all = "camelCase")]
    OpenMeeting {
        #[ts(type = "number")]
        event_id: i64,
        #[ts(type = "number")]
        connection_id: i64,
        #[ts(type = "number")]
        meeting_id: i64,
        occurrence_id: Option<String>,
    },
    /// A Zoom sign-in finished, well or badly.
    ZoomAuthorization(AuthorizationOutcome),
}

#[derive(Default)]
pub struct WindowChannels(Mutex<Vec<Channel<WindowEvent>>>);

impl WindowChannels {
    pub fn add(&self, channel: Channel<WindowEvent>) {
        let mut channels = self.0.lock().expect("window channels");
        channels.push(channel);
        let excess = channels.len().saturating_sub(CHANNELS_KEPT);
        channels.drain(..excess);
    }

    fn send(&self, event: &WindowEvent) {
        self.0.lock().expect("window channels").retain(|channel| channel.send(event.clone()).is_ok());
    }
}

pub fn tell_window<R: Runtime>(app: &AppHandle<R>, event: WindowEvent) {
    if let Some(state) = app.try_state::<AppState>() {
        state.window_channels.send(&event);
    }
}
