//! A typed client for the parts of Zoom this app uses: OAuth (public PKCE client or
//! confidential) and the REST API. Knows nothing of SQL or Tauri.

mod api;
mod error;
mod oauth;

use std::time::Duration;

pub use api::{MeetingPage, ZoomApi, ZoomMeeting, ZoomMeetingDetails, ZoomOccurrence, ZoomUser};
pub use error::ZoomError;
pub use oauth::{AuthorizationRequest, OAuth, TokenSet};

/// How long one request to Zoom may take, answer included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The one HTTP client for Zoom: no redirects (a token endpoint that redirects is an attack),
/// bounded waits, and a name Zoom can see in its logs.
pub fn http_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .user_agent(concat!("MySciHub-Desktop/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend initialises")
}
