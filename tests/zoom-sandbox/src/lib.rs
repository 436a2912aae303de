//! A local emulator of the parts of Zoom that MySciHub Desktop uses: OAuth (consent page,
//! PKCE, refresh rotation, revoke), the REST calls for the user and their meetings, Zoom's
//! error bodies and rate limits, plus a `/_sandbox` control API for tests. See README.md.

// Handlers bail out early with a ready answer; boxing every `Response` would only add noise.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod control;
pub mod faults;
pub mod limits;
pub mod oauth;
pub mod scenario;
pub mod server;
pub mod state;

pub use faults::{BodyFault, FaultSpec, PaginationFault, RetryAfter};
pub use scenario::{ClientConfig, Plan, Scenario, UserConfig};
pub use server::{Options, Sandbox};
pub use state::RequestRecord;
