//! Encryption at rest for tokens and PKCE verifiers: XChaCha20-Poly1305 with a key kept in the
//! OS keychain, or, where there is none, in a key file only the user can read.

use std::path::{Path, PathBuf};

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::Serialize;
use ts_rs::TS;

const KEYCHAIN_SERVICE: &str = "org.myscihub.desktop";
const KEYCHAIN_ACCOUNT: &str = "token-encryption-key";
pub const KEY_FILE: &str = "token.key";
const FORMAT: u8 = 1;
const NONCE_LEN: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum KeyStorage {
    Keychain,
    File,
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the token key file could not be read or written: {0}")]
    KeyFile(#[from] std::io::Error),
    #[error("the token key is malformed")]
    BadKey,
    #[error("a secret could not be decrypted with this computer's key")]
    Undecryptable,
}

pub struct Vault {
    cipher: XChaCha20Poly1305,
    storage: KeyStorage,
    key_file: PathBuf,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("storage", &self.storage).finish_non_exhaustive()
    }
}

impl Vault {
    /// A key file that already exists wins, so the choice never flips between runs;
    /// otherwise the keychain, and the key file only when there is no keychain.
    pub fn open(dir: &Path, try_keychain: bool) -> Result<Self, VaultError> {
        let key_file = dir.join(KEY_FILE);
        if !key_file.exists() && try_keychain {
            match keychain_key() {
                Ok(key) => return Ok(Self::with_key(key, KeyStorage::Keychain, key_file)),
                Err(error) => tracing::warn!(%error, "no OS keychain; the token key is kept in a file"),
            }
        }
        let key = file_key(&key_file)?;
        Ok(Self::with_key(key, KeyStorage::File, key_file))
    }

    fn with_key(key: [u8; 32], storage: KeyStorage, key_file: PathBuf) -> Self {
        Self { cipher: XChaCha20Poly1305::new(Key::from_slice(&key)), storage, key_file }
    }

    pub fn storage(&self) -> KeyStorage {
        self.storage
    }

    pub fn key_file(&self) -> Option<&Path> {
        (self.storage == KeyStorage::File).then_some(self.key_file.as_path())
    }

    /// `context` binds the ciphertext to its row, so a sealed value cannot be moved to another.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: context.as_bytes() })
            .expect("XChaCha20-Poly1305 encrypts any length we store");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(FORMAT);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open_sealed(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, VaultError> {
        match sealed.split_first() {
            Some((&FORMAT, rest)) if rest.len() > NONCE_LEN => {
                let (nonce, body) = rest.split_at(NONCE_LEN);
                self.cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: context.as_bytes() }).map_err(|_| VaultError::Undecryptable)
            }
            _ => Err(VaultError::Undecryptable),
        }
    }
}

fn new_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    key
}

fn decode_key(text: &str) -> Result<[u8; 32], VaultError> {
    base64::engine::general_purpose::STANDARD.decode(text.trim()).ok().and_then(|bytes| bytes.try_into().ok()).ok_or(VaultError::BadKey)
}

fn encode_key(key: &[u8; 32]) -> String {
    base64::engine::general_purpose::STANDARD.encode(key)
}

fn keychain_key() -> Result<[u8; 32], Box<dyn std::error::Error>> {
    let entry = keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)?;
    match entry.get_password() {
        Ok(text) => Ok(decode_key(&text)?),
        Err(keyring::Error::NoEntry) => {
            let key = new_key();
            entry.set_password(&encode_key(&key))?;
            // Read it back: some stores accept a write and keep nothing.
            Ok(decode_key(&entry.get_password()?)?)
        }
        Err(error) => Err(error.into()),
    }
}

fn file_key(path: &Path) -> Result<[u8; 32], VaultError> {
    match std::fs::read_to_string(path) {
        Ok(text) => decode_key(&text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let key = new_key();
            write_private(path, encode_key(&key).as_bytes())?;
            Ok(key)
        }
        Err(error) => Err(error.into()),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_context() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path(), false).unwrap();
        assert_eq!(vault.storage(), KeyStorage::File);
        let sealed = vault.seal(b"zsbx_rt_secret", "account:1");
        assert!(!sealed.windows(8).any(|w| w == b"zsbx_rt_"), "no clear text in the sealed bytes");
        assert_eq!(vault.open_sealed(&sealed, "account:1").unwrap(), b"zsbx_rt_secret");
        assert!(vault.open_sealed(&sealed, "account:2").is_err());

        let same_key = Vault::open(dir.path(), true).unwrap();
        assert_eq!(same_key.storage(), KeyStorage::File, "an existing key file keeps being used");
        assert_eq!(same_key.open_sealed(&sealed, "account:1").unwrap(), b"zsbx_rt_secret");

        let other = tempfile::tempdir().unwrap();
        assert!(Vault::open(other.path(), false).unwrap().open_sealed(&sealed, "account:1").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path(), false).unwrap();
        let mode = std::fs::metadata(vault.key_file().unwrap()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
