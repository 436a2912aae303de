//! `myscihub team …`: the built binary, as a script runs it, over two data folders (two
//! computers) and a real PostgreSQL cluster the test starts.

#[path = "../core/tests/common/postgres.rs"]
mod postgres;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use postgres::{password, Cluster, OWNER};
use serde_json::Value;

/// One computer's `myscihub`: its own data folder, no keychain.
struct Computer {
    dir: tempfile::TempDir,
}

impl Computer {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_myscihub"));
        command.args(args).env("MYSCIHUB_DATA_DIR", self.data()).env("MYSCIHUB_KEYCHAIN", "0").env("MYSCIHUB_LANG", "en").env_remove("PGPASSWORD");
        command.envs(env.iter().copied()).output().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn json(&self, args: &[&str]) -> Value {
        let output = self.run(&[args, &["--json"]].concat());
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", text(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {}", text(&output.stdout)))
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn refused(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(1), "refused with status 1: {}", text(&output.stdout));
    text(&output.stderr)
}

/// A cluster with an owner role that may create roles and owns the empty database `team`.
async fn cluster() -> Cluster {
    let cluster = Cluster::start();
    let admin = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&cluster.superuser_url("postgres")).await.unwrap();
    sqlx::query(&format!("CREATE ROLE {OWNER} LOGIN PASSWORD '{}' CREATEROLE", password(OWNER))).execute(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE team OWNER {OWNER}")).execute(&admin).await.unwrap();
    admin.close().await;
    cluster
}

fn files_of(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_is_set_up_joined_once_used_and_left_from_the_command_line() {
    let cluster = cluster().await;
    let url = format!("postgres://{OWNER}@127.0.0.1:{}/team", cluster.port);
    let (anna, boris) = (Computer::new(), Computer::new());
    assert_eq!(anna.json(&["team", "status"])["team"], false, "local at first");

    // Without the owner's password nothing is set up.
    let no_password = refused(&anna.run(&["team", "init", "--database-url", &url, "--name", "Anna", "--email", "anna@example.org"]));
    assert!(no_password.contains("PGPASSWORD"), "{no_password}");
    let pg = [("PGPASSWORD", password(OWNER))];
    let pg: Vec<(&str, &str)> = pg.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let init = anna.run_with(&["team", "init", "--database-url", &url, "--name", "Anna", "--email", "anna@example.org", "--json"], &pg);
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    let status: Value = serde_json::from_slice(&init.stdout).unwrap();
    assert_eq!((status["team"].as_bool(), status["reachable"].as_bool(), status["schemaVersion"].as_i64()), (Some(true), Some(true), Some(2)));
    assert_eq!((status["role"].as_str(), status["memberName"].as_str()), (Some(OWNER), Some("Anna")));
    assert!(!text(&init.stdout).contains(&password(OWNER)), "no password in the output");
    let again = refused(&anna.run_with(&["team", "init", "--database-url", &url, "--name", "Anna", "--email", "anna@example.org"], &pg));
    assert!(again.contains("already works with a team database"), "{again}");

    // The invitation: the code alone on stdout, what it is on stderr.
    let invite = anna.run(&["team", "invite", "--name", "Boris", "--email", "boris@example.org"]);
    assert_eq!(invite.status.code(), Some(0), "{}", text(&invite.stderr));
    let code = text(&invite.stdout).trim().to_owned();
    assert!(code.starts_with("MSH1-") && !code.contains('\n'), "{code}");
    assert!(text(&invite.stderr).contains("It is a secret"), "{}", text(&invite.stderr));

    let bad = refused(&boris.run(&["team", "join", "MSH1-not-a-code"]));
    assert!(bad.contains("not a MySciHub join code"), "{bad}");
    let joined = boris.json(&["team", "join", &code]);
    assert_eq!((joined["memberName"].as_str(), joined["role"].as_str()), (Some("Boris"), Some("myscihub_boris")));
    assert!(!std::fs::read_to_string(boris.data().join("team.json")).unwrap().contains(&code[5..15]), "the code is not kept");
    let used = Computer::new();
    let spent = refused(&used.run(&["team", "join", &code]));
    assert!(spent.contains("used already"), "a join code works once: {spent}");
    assert!(!used.data().join("team.json").exists());

    // The window's and the command line's data are the team's now, for both of them.
    let event = anna.json(&["event", "create", "--title", "Conference", "--time-zone", "Europe/Moscow"]);
    let event = event["id"].as_i64().unwrap().to_string();
    assert_eq!(boris.json(&["event", "list"]), serde_json::json!([]), "not Boris's event yet");
    let forbidden = refused(&boris.run(&["connection", "list", "--event", &event]));
    assert!(forbidden.contains("not found") || forbidden.contains("Access denied"), "{forbidden}");
    anna.json(&["admin", "add", "--event", &event, "--email", "boris@example.org"]);
    assert_eq!(boris.json(&["event", "list"])[0]["title"], "Conference");
    boris.json(&["connection", "add", "--event", &event, "--name", "Main"]);
    assert_eq!(anna.json(&["connection", "list", "--event", &event])[0]["name"], "Main", "what Boris adds, Anna sees");
    let picked = refused(&boris.run(&["--profile", "anna@example.org", "event", "list"]));
    assert!(picked.contains("team mode"), "no acting as someone else: {picked}");
    let made = refused(&boris.run(&["profile", "create", "--name", "Eve", "--email", "eve@example.org"]));
    assert!(made.contains("team mode"), "{made}");

    // Leaving: back to the local database, which was kept; the team's secrets are gone.
    let left = boris.json(&["team", "leave"]);
    assert_eq!(left["team"], false);
    assert!(!files_of(&boris.data()).iter().any(|f| f.starts_with("team")), "{:?}", files_of(&boris.data()));
    assert_eq!(boris.json(&["profile", "list"]), serde_json::json!([]), "the local database again, where Boris has no profile");
    let usage = boris.run(&["team", "join"]);
    assert_eq!(usage.status.code(), Some(2), "a usage error");

    // A database that stops answering is said so, with status 1.
    drop(cluster);
    let status = anna.run(&["team", "status", "--json"]);
    assert_eq!(status.status.code(), Some(1));
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!((status["team"].as_bool(), status["reachable"].as_bool()), (Some(true), Some(false)));
    assert!(status["problem"].as_str().unwrap().contains("does not answer"), "{status}");
}
