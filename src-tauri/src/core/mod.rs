//! Use cases: profiles, events and their administrators. Knows nothing of Tauri;
//! every event-scoped operation checks the Event Administrator right here.

pub mod demo;
pub mod error;
pub mod events;
pub mod i18n;
pub mod profiles;
pub mod session;
mod validate;

pub use error::{Error, Fault, Field, Problem, Result};
pub use i18n::Lang;
pub use session::Session;

#[cfg(test)]
mod tests;
