//! The system browser (and the file manager), never a webview. `MYSCIHUB_BROWSER` names another
//! program to hand the address to: tests, and machines without a desktop.

use std::path::Path;

use super::{Error, Result};

/// Opens an https page or the app's loopback page in the system browser.
pub fn open(url: &str) -> Result<()> {
    match std::env::var_os("MYSCIHUB_BROWSER").filter(|v| !v.is_empty()) {
        Some(program) => std::process::Command::new(program).arg(url).spawn().map(drop).map_err(|e| Error::Browser(e.to_string())),
        None => open::that_detached(url).map_err(|e| Error::Browser(e.to_string())),
    }
}

/// Shows a folder in the system's file manager.
pub fn show_folder(folder: &Path) -> Result<()> {
    if !folder.is_dir() {
        return Err(Error::FolderNotOpened(format!("{} is not a folder", folder.display())));
    }
    open::that_detached(folder).map_err(|e| Error::FolderNotOpened(e.to_string()))
}
