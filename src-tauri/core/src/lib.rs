//! MySciHub without a window: Zoom's typed client (`zoom`), the SQLite store (`store`) and the use
//! cases over them (`core`). Nothing here knows Tauri; the app and its command line sit on top.

pub mod core;
pub mod store;
pub mod zoom;
