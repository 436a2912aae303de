pub mod core;
pub mod shell;
pub mod store;
pub mod zoom;

pub use shell::run;
