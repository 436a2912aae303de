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
const FINGERPRINT_LABEL: &[u8] = b"MySciHub token key fingerprint v1";

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
    /// The record says keychain, and the keychain did not answer (locked, D-Bus not up yet).
    #[error("the system keychain is unavailable: {0}")]
    KeychainUnavailable(String),
    /// The key that sealed the saved secrets is gone from where the record says it is.
    #[error("the token key is missing from the {storage:?} storage")]
    KeyMissing { storage: KeyStorage, key_file: PathBuf },
    /// A key is there, but not the one that sealed the saved secrets.
    #[error("the token key in the {storage:?} storage is not the one that sealed the saved secrets")]
    KeyMismatch { storage: KeyStorage, key_file: PathBuf },
}

/// Which key sealed a store's secrets: where it is kept and its fingerprint (an HMAC of a
/// constant under the key, never the key). Kept beside the secrets, so that a different key is
/// refused instead of silently sealing new secrets while the old ones are lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    pub storage: KeyStorage,
    pub fingerprint: String,
}

impl KeyStorage {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStorage::Keychain => "keychain",
            KeyStorage::File => "file",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "keychain" => Some(KeyStorage::Keychain),
            "file" => Some(KeyStorage::File),
            _ => None,
        }
    }
}

/// A secret as the store keeps it: the sealed bytes and the context they are bound to.
pub type SealedSecret = (Vec<u8>, String);

pub struct Vault {
    cipher: XChaCha20Poly1305,
    storage: KeyStorage,
    fingerprint: String,
    key_file: PathBuf,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("storage", &self.storage).finish_non_exhaustive()
    }
}

/// What a look for the key found where it is kept.
enum Found {
    Key([u8; 32]),
    Missing,
    Malformed,
    Unavailable(String),
}

impl Vault {
    /// The key for a store whose `record` names the key that sealed its `sealed` secrets.
    ///
    /// With a record, only the recorded storage is used, and the key must match the
    /// fingerprint. While sealed secrets exist, no key is ever made or replaced: a keychain
    /// that does not answer, a missing key or a different one is an error, and nothing on disk
    /// or in the keychain changes. With no secret at stake a missing key is made again.
    ///
    /// Without a record (the first start, or a database from before the record), the choice is
    /// the earlier one: a key file that exists, else the keychain when `keychain` is on; a new
    /// key is made only when no secret is sealed yet. Secrets from before the record must open
    /// with the key chosen.
    pub fn open(dir: &Path, record: Option<&KeyRecord>, keychain: bool, sealed: &[SealedSecret]) -> Result<Self, VaultError> {
        let key_file = dir.join(KEY_FILE);
        let secrets = !sealed.is_empty();
        let vault = |key: [u8; 32], storage| Self::with_key(key, storage, key_file.clone());
        if let Some(record) = record {
            let storage = record.storage;
            return match find(storage, &key_file)? {
                Found::Key(key) if fingerprint(&key) == record.fingerprint => Ok(vault(key, storage)),
                Found::Unavailable(reason) => Err(VaultError::KeychainUnavailable(reason)),
                Found::Missing if secrets => Err(VaultError::KeyMissing { storage, key_file }),
                Found::Key(_) | Found::Malformed if secrets => Err(VaultError::KeyMismatch { storage, key_file }),
                Found::Key(key) => {
                    tracing::warn!(?storage, "the token key changed while no secret was sealed with it; the new one is recorded");
                    Ok(vault(key, storage))
                }
                Found::Missing | Found::Malformed => {
                    tracing::warn!(?storage, "the token key is gone and no secret was sealed with it: a new one is made");
                    Ok(vault(make(storage, &key_file)?, storage))
                }
            };
        }

        let candidates: &[KeyStorage] = if keychain { &[KeyStorage::File, KeyStorage::Keychain] } else { &[KeyStorage::File] };
        let mut problems = Vec::new();
        for &storage in candidates {
            match find(storage, &key_file)? {
                Found::Key(key) => {
                    let found = vault(key, storage);
                    if !secrets || sealed.iter().any(|(bytes, context)| found.open_sealed(bytes, context).is_ok()) {
                        return Ok(found);
                    }
                    problems.push(VaultError::KeyMismatch { storage, key_file: key_file.clone() });
                }
                Found::Missing => problems.push(VaultError::KeyMissing { storage, key_file: key_file.clone() }),
                Found::Malformed => problems.push(VaultError::KeyMismatch { storage, key_file: key_file.clone() }),
                Found::Unavailable(reason) => problems.push(VaultError::KeychainUnavailable(reason)),
            }
        }
        if secrets {
            // The error that says most: a keychain that may answer later, then a key that is
            // there but wrong, then the last place the key was looked for.
            let rank = |e: &VaultError| match e {
                VaultError::KeychainUnavailable(_) => 0,
                VaultError::KeyMismatch { .. } => 1,
                _ => 2,
            };
            let best = problems.iter().enumerate().min_by_key(|(i, e)| (rank(e), usize::MAX - i)).map(|(i, _)| i).unwrap_or(0);
            return Err(problems.swap_remove(best));
        }
        // A first key, as ever: the keychain when it answers, else a file.
        if keychain {
            match make(KeyStorage::Keychain, &key_file) {
                Ok(key) => return Ok(vault(key, KeyStorage::Keychain)),
                Err(error) => tracing::warn!(%error, "no OS keychain; the token key is kept in a file"),
            }
        }
        Ok(vault(make(KeyStorage::File, &key_file)?, KeyStorage::File))
    }

    /// The team's key, which every member's computer keeps in its keychain (or, without one, in
    /// a file only the user can read); the team database records its fingerprint.
    pub fn team(key: &[u8; 32]) -> Self {
        Self::with_key(*key, KeyStorage::Keychain, PathBuf::new())
    }

    fn with_key(key: [u8; 32], storage: KeyStorage, key_file: PathBuf) -> Self {
        Self { cipher: XChaCha20Poly1305::new(Key::from_slice(&key)), storage, fingerprint: fingerprint(&key), key_file }
    }

    pub fn storage(&self) -> KeyStorage {
        self.storage
    }

    /// What the store records about this key.
    pub fn record(&self) -> KeyRecord {
        KeyRecord { storage: self.storage, fingerprint: self.fingerprint.clone() }
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

/// HMAC-SHA256 of a constant under the key: names the key without giving anything of it away.
pub fn fingerprint(key: &[u8; 32]) -> String {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(FINGERPRINT_LABEL);
    let digest = mac.finalize().into_bytes();
    format!("hmac-sha256:{}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn find(storage: KeyStorage, key_file: &Path) -> Result<Found, VaultError> {
    match storage {
        KeyStorage::Keychain => Ok(keychain_find()),
        KeyStorage::File => file_find(key_file),
    }
}

/// A new key, kept in `storage`; a malformed key there is replaced.
fn make(storage: KeyStorage, key_file: &Path) -> Result<[u8; 32], VaultError> {
    match storage {
        KeyStorage::Keychain => keychain_make().map_err(|e| VaultError::KeychainUnavailable(e.to_string())),
        KeyStorage::File => file_make(key_file),
    }
}

pub fn new_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    key
}

pub fn decode_key(text: &str) -> Result<[u8; 32], VaultError> {
    base64::engine::general_purpose::STANDARD.decode(text.trim()).ok().and_then(|bytes| bytes.try_into().ok()).ok_or(VaultError::BadKey)
}

pub fn encode_key(key: &[u8; 32]) -> String {
    base64::engine::general_purpose::STANDARD.encode(key)
}

fn keychain_entry() -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
}

fn keychain_find() -> Found {
    match keychain_entry().and_then(|entry| entry.get_password()) {
        Ok(text) => decode_key(&text).map_or(Found::Malformed, Found::Key),
        Err(keyring::Error::NoEntry) => Found::Missing,
        Err(keyring::Error::BadEncoding(_) | keyring::Error::Ambiguous(_)) => Found::Malformed,
        Err(error) => Found::Unavailable(error.to_string()),
    }
}

fn keychain_make() -> keyring::Result<[u8; 32]> {
    let entry = keychain_entry()?;
    let key = new_key();
    entry.set_password(&encode_key(&key))?;
    // Read it back: some stores accept a write and keep nothing.
    match decode_key(&entry.get_password()?) {
        Ok(stored) if stored == key => Ok(key),
        _ => Err(keyring::Error::PlatformFailure("the keychain did not keep the token key".into())),
    }
}

fn file_find(path: &Path) -> Result<Found, VaultError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            super::files::private_file(path);
            Ok(decode_key(&text).map_or(Found::Malformed, Found::Key))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Found::Missing),
        Err(error) => Err(error.into()),
    }
}

fn file_make(path: &Path) -> Result<[u8; 32], VaultError> {
    let key = new_key();
    match write_private(path, encode_key(&key).as_bytes()) {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            // Only a malformed key file is ever replaced: no secret was sealed with it.
            std::fs::remove_file(path)?;
            write_private(path, encode_key(&key).as_bytes())?;
        }
        written => written?,
    }
    Ok(key)
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
        let vault = Vault::open(dir.path(), None, false, &[]).unwrap();
        assert_eq!(vault.storage(), KeyStorage::File);
        let sealed = vault.seal(b"zsbx_rt_secret", "account:1");
        assert!(!sealed.windows(8).any(|w| w == b"zsbx_rt_"), "no clear text in the sealed bytes");
        assert_eq!(vault.open_sealed(&sealed, "account:1").unwrap(), b"zsbx_rt_secret");
        assert!(vault.open_sealed(&sealed, "account:2").is_err());

        let secrets = [(sealed.clone(), "account:1".to_owned())];
        let same_key = Vault::open(dir.path(), None, true, &secrets).unwrap();
        assert_eq!(same_key.storage(), KeyStorage::File, "an existing key file keeps being used");
        assert_eq!(same_key.open_sealed(&sealed, "account:1").unwrap(), b"zsbx_rt_secret");
        let recorded = Vault::open(dir.path(), Some(&vault.record()), false, &secrets).unwrap();
        assert_eq!(recorded.open_sealed(&sealed, "account:1").unwrap(), b"zsbx_rt_secret");

        let other = tempfile::tempdir().unwrap();
        assert!(Vault::open(other.path(), None, false, &[]).unwrap().open_sealed(&sealed, "account:1").is_err());
    }

    #[test]
    fn the_fingerprint_names_the_key_without_showing_it() {
        let (a, b) = (new_key(), new_key());
        assert_eq!(fingerprint(&a), fingerprint(&a));
        assert_ne!(fingerprint(&a), fingerprint(&b));
        let shown = fingerprint(&a);
        assert!(shown.starts_with("hmac-sha256:") && shown.len() == "hmac-sha256:".len() + 64, "{shown}");
        assert!(!shown.contains(&encode_key(&a)) && !shown.contains(&a.iter().map(|b| format!("{b:02x}")).collect::<String>()));
        // RFC 4231, test case 2, shape: the HMAC is the standard one.
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let digest: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(digest, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn with_secrets_at_stake_a_missing_or_different_key_is_refused_and_none_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path(), None, false, &[]).unwrap();
        let record = vault.record();
        let secrets = [(vault.seal(b"secret", "c"), "c".to_owned())];
        let key_file = dir.path().join(KEY_FILE);

        std::fs::remove_file(&key_file).unwrap();
        let missing = Vault::open(dir.path(), Some(&record), true, &secrets).unwrap_err();
        assert!(matches!(missing, VaultError::KeyMissing { storage: KeyStorage::File, .. }), "{missing:?}");
        assert!(!key_file.exists(), "no new key file");
        let before_record = Vault::open(dir.path(), None, false, &secrets).unwrap_err();
        assert!(matches!(before_record, VaultError::KeyMissing { .. }), "{before_record:?}");
        assert!(!key_file.exists(), "no new key file without a record either");

        std::fs::write(&key_file, encode_key(&new_key())).unwrap();
        let other = Vault::open(dir.path(), Some(&record), false, &secrets).unwrap_err();
        assert!(matches!(other, VaultError::KeyMismatch { storage: KeyStorage::File, .. }), "{other:?}");
        let unrecorded = Vault::open(dir.path(), None, false, &secrets).unwrap_err();
        assert!(matches!(unrecorded, VaultError::KeyMismatch { .. }), "a key that opens none of the secrets: {unrecorded:?}");
        std::fs::write(&key_file, "not a key").unwrap();
        assert!(matches!(Vault::open(dir.path(), Some(&record), false, &secrets), Err(VaultError::KeyMismatch { .. })));
        assert_eq!(std::fs::read_to_string(&key_file).unwrap(), "not a key", "left as it was");

        // With nothing sealed, a missing or malformed key is simply made again.
        let fresh = Vault::open(dir.path(), Some(&record), false, &[]).unwrap();
        assert_ne!(fresh.record(), record);
        std::fs::remove_file(&key_file).unwrap();
        assert_eq!(Vault::open(dir.path(), Some(&fresh.record()), false, &[]).unwrap().storage(), KeyStorage::File);
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path(), None, false, &[]).unwrap();
        let mode = std::fs::metadata(vault.key_file().unwrap()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// For tests that run against a real Secret Service: the keychain's copy of the token key.
#[cfg(all(test, target_os = "linux"))]
pub(crate) mod keychain_for_tests {
    pub fn key() -> Option<[u8; 32]> {
        match super::keychain_find() {
            super::Found::Key(key) => Some(key),
            _ => None,
        }
    }

    pub fn delete() {
        super::keychain_entry().and_then(|entry| entry.delete_credential()).expect("the keychain entry is deleted");
    }
}
