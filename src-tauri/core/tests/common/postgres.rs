//! A throwaway PostgreSQL cluster, started as a test starts the Zoom sandbox: Debian's server
//! binaries, a temporary folder, a free port on loopback. `initdb` refuses to run as root, so as
//! root the cluster belongs to the `postgres` system user.

// Shared by several test crates, each of which uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const SUPERUSER: &str = "test_superuser";
const SUPERUSER_PASSWORD: &str = "superuser-password-for-tests";

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Self {
        let bin = server_binaries();
        let dir = tempfile::tempdir().unwrap();
        let as_root = is_root();
        if as_root {
            chown_to_postgres(dir.path());
        }
        let data = dir.path().join("data");
        std::fs::write(dir.path().join("pwfile"), SUPERUSER_PASSWORD).unwrap();
        if as_root {
            chown_to_postgres(&dir.path().join("pwfile"));
        }
        let pwfile = format!("--pwfile={}", dir.path().join("pwfile").display());
        run(
            as_root,
            &bin.join("initdb"),
            &["-D", data.to_str().unwrap(), "-U", SUPERUSER, &pwfile, "--auth=scram-sha-256", "--no-locale", "-E", "UTF8"],
        );
        // A port another process takes between our probe and the server's bind fails the start:
        // then another port is tried.
        for _ in 0..5 {
            let port = free_port();
            let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", dir.path().display());
            let log = dir.path().join("server.log");
            let started = command(as_root, &bin.join("pg_ctl"))
                .args(["-D", data.to_str().unwrap(), "-o", &options, "-l", log.to_str().unwrap(), "-w", "-t", "60", "start"])
                .status()
                .unwrap();
            if started.success() {
                return Self { dir, bin, port };
            }
        }
        panic!("PostgreSQL did not start: {}", std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default());
    }

    pub fn url(&self, role: &str, password: &str, database: &str) -> String {
        format!("postgres://{role}:{password}@127.0.0.1:{}/{database}", self.port)
    }

    pub fn superuser_url(&self, database: &str) -> String {
        self.url(SUPERUSER, SUPERUSER_PASSWORD, database)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = command(is_root(), &self.bin.join("pg_ctl")).args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"]).status();
    }
}

/// The newest of Debian's `/usr/lib/postgresql/<major>/bin`.
fn server_binaries() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Debian's postgresql package is installed (make test installs it)")
        .filter_map(|e| {
            let e = e.ok()?;
            Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin")))
        })
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().expect("a PostgreSQL server version").1
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

fn chown_to_postgres(path: &Path) {
    let status = Command::new("chown").args(["postgres:postgres", path.to_str().unwrap()]).status().unwrap();
    assert!(status.success(), "chown to postgres");
}

fn command(as_root: bool, program: &Path) -> Command {
    if as_root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(as_root: bool, program: &Path, args: &[&str]) {
    let output = command(as_root, program).args(args).output().unwrap();
    assert!(output.status.success(), "{} failed: {}", program.display(), String::from_utf8_lossy(&output.stderr));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A team database on a throwaway cluster, set up as `myscihub team init` sets one up: the owner
/// role may create roles and owns the database; the team key is made for the test.
pub struct TeamDatabase {
    pub cluster: Cluster,
    /// Where the team is, with no one signed in: what a join code carries.
    pub url: String,
    pub key: [u8; 32],
}

pub const OWNER: &str = "team_owner";

impl TeamDatabase {
    pub async fn start() -> Self {
        let db = Self::start_empty().await;
        myscihub_core::store::team::init(&db.url, OWNER, &password(OWNER).into(), &db.key, "Owner", "owner@example.org")
            .await
            .expect("the owner sets the team up");
        db
    }

    /// The cluster, the owner role and its empty database, before `team init`.
    pub async fn start_empty() -> Self {
        use sqlx::postgres::PgPoolOptions;
        let cluster = Cluster::start();
        let admin = PgPoolOptions::new().max_connections(1).connect(&cluster.superuser_url("postgres")).await.unwrap();
        sqlx::query(&format!("CREATE ROLE {OWNER} LOGIN PASSWORD '{}' CREATEROLE", password(OWNER))).execute(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE team OWNER {OWNER}")).execute(&admin).await.unwrap();
        admin.close().await;
        let url = format!("postgres://127.0.0.1:{}/team", cluster.port);
        Self { cluster, url, key: myscihub_core::store::new_key() }
    }

    pub fn access(&self, role: &str) -> myscihub_core::store::TeamAccess {
        myscihub_core::store::TeamAccess { url: self.url.clone(), role: role.to_owned(), password: password(role).into() }
    }

    /// The store of the app signed in as `role`.
    pub async fn store(&self, role: &str) -> myscihub_core::store::Store {
        myscihub_core::store::Store::open_team(&self.access(role), &self.key).await.unwrap()
    }

    /// Makes `role` a member, as `team invite` does, and signs in as it.
    pub async fn member(&self, role: &str, name: &str) -> myscihub_core::store::Store {
        let owner = self.store(OWNER).await;
        owner.invite_member(role, true, &password(role).into(), name, &format!("{role}@example.org")).await.unwrap();
        owner.close().await;
        self.store(role).await
    }

    /// Signed in as `role` with no app in between, as `psql` would be.
    pub async fn psql(&self, role: &str) -> sqlx::PgPool {
        let url = self.cluster.url(role, &password(role), "team");
        sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&url).await.unwrap()
    }

    /// The superuser: it bypasses row-level security, so it sees what is really there.
    pub async fn root(&self) -> sqlx::PgPool {
        sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&self.cluster.superuser_url("team")).await.unwrap()
    }
}

pub fn password(role: &str) -> String {
    format!("{role}-password-for-tests")
}
