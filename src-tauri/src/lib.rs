//! The MySciHub app: the window (`shell`, Tauri) and the command line (`cli`), both over the
//! Tauri-free core, whose modules are re-exported here under their own names.

pub mod cli;
pub mod folders;
pub mod logging;
pub mod shell;

pub use myscihub_core::{core, store, zoom};

use crate::core::Lang;

/// With a subcommand, the command line (no window, no Tauri); otherwise, or given a
/// `myscihub://` link by the OS, the window.
pub fn main() -> std::process::ExitCode {
    match cli::wanted() {
        true => cli::main(),
        false => {
            shell::run();
            std::process::ExitCode::SUCCESS
        }
    }
}

/// `MYSCIHUB_LANG=ru|en`, else the system's language.
pub fn lang() -> Lang {
    Lang::detect(std::env::var("MYSCIHUB_LANG").ok().as_deref(), sys_locale::get_locale().as_deref())
}

/// `MYSCIHUB_KEYCHAIN=0` keeps a first token key in a file in the data folder instead of the
/// OS keychain.
pub fn keychain_wanted() -> bool {
    std::env::var("MYSCIHUB_KEYCHAIN").map_or(true, |v| v.trim() != "0")
}

/// `1`, `true` or `yes`.
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"))
}
