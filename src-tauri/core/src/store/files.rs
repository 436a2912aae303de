//! Owner-only modes (Unix): the data folder 0700; the database, its -wal and -shm files and the
//! key file 0600. Set whenever the store opens, so files made by an older version, a restore or
//! a copy with wider modes are narrowed too. Elsewhere the user's profile folder guards them.

use std::path::Path;

pub const FOLDER_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// Creates the data folder, owner-only from the first moment (its parents as usual).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, FOLDER_MODE);
    match builder.create(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
        created => created?,
    }
    private_dir(dir);
    Ok(())
}

pub fn private_dir(dir: &Path) {
    restrict(dir, FOLDER_MODE);
}

/// Narrows an existing file to 0600; a file that is not there is left alone.
pub fn private_file(path: &Path) {
    restrict(path, FILE_MODE);
}

/// The database and its companions. The database file is made here, empty and 0600, when it is
/// missing: SQLite gives the -wal and -shm files it makes the mode of the database file.
pub fn private_database(database: &Path) -> std::io::Result<()> {
    if !database.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
        match options.open(database) {
            Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => return Err(error),
            _ => {}
        }
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        private_file(Path::new(&name));
    }
    Ok(())
}

/// A mode that cannot be set (another owner, a file system without modes) is logged, not fatal:
/// the data stays usable.
#[cfg(unix)]
fn restrict(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o777 == mode => {}
        Ok(_) => {
            if let Err(error) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
                tracing::warn!(path = %path.display(), %error, "could not make this private to its owner");
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => tracing::warn!(path = %path.display(), %error, "could not check who may read this"),
    }
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) {}
