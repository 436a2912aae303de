//! Use cases: profiles, events and their administrators, and their Zoom integration. Knows nothing of
//! Tauri. Every event-scoped use case takes an `Admin`, the Event Administrator right as checked.

mod admin;
pub mod browser;
mod clock;
pub mod demo;
pub mod error;
pub mod events;
pub mod i18n;
pub mod profiles;
pub mod session;
pub mod settings;
pub mod support;
pub mod team;
mod validate;
pub mod zoom;

pub use admin::Admin;
pub use clock::Clock;
pub use error::{Error, Fault, FaultCode, Field, Problem, Result};
pub use i18n::Lang;
pub use session::Session;

#[cfg(test)]
mod tests;
