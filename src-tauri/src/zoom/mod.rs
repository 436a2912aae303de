//! A typed client for the parts of Zoom this app uses: OAuth (public PKCE client or
//! confidential) and the REST API. Knows nothing of SQL or Tauri.

mod api;
mod error;
mod oauth;

use std::time::Duration;

pub use api::{MeetingPage, ZoomApi, ZoomMeeting, ZoomUser};
pub use error::ZoomError;
pub use oauth::{AuthorizationRequest, OAuth, TokenSet};

/// The one HTTP client for Zoom: no redirects (a token endpoint that redirects is an attack),
/// bounded waits, and a name Zoom can see in its logs.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("MySciHub-Desktop/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend initialises")
}
