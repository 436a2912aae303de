//! Where the app keeps its data and its log: the same folders for the window and the command
//! line (the OS's app folders under the bundle identifier, as Tauri resolves them), unless
//! `MYSCIHUB_DATA_DIR` names the data folder, in which case the log goes beside the data.

use std::path::PathBuf;

/// `identifier` in tauri.conf.json.
pub const IDENTIFIER: &str = "org.myscihub.desktop";

pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("MYSCIHUB_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(dirs::data_dir()?.join(IDENTIFIER)),
    }
}

pub fn log_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("MYSCIHUB_DATA_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir).join("logs"));
    }
    if cfg!(target_os = "macos") {
        Some(dirs::home_dir()?.join("Library/Logs").join(IDENTIFIER))
    } else {
        Some(dirs::data_local_dir()?.join(IDENTIFIER).join("logs"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_identifier_is_the_bundles() {
        let config: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(config["identifier"], super::IDENTIFIER);
    }
}
