//! `myscihub` on the command line: the built binary, run as a script would run it, against the
//! Zoom sandbox over loopback and a real data folder. No window and no Tauri start.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::*;
use serde_json::Value;
use zoom_sandbox::{FaultSpec, Sandbox};

const MEETINGS: &str = "/v2/users/me/meetings";

/// The binary over one data folder, pointed at the sandbox; the "browser" follows the consent
/// page (which the sandbox approves at once) back to the loopback port, as a real one would.
struct Cli {
    dir: tempfile::TempDir,
    browser: PathBuf,
    sandbox: String,
    lang: &'static str,
}

impl Cli {
    fn new(sandbox: &Sandbox) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let browser = dir.path().join("browser");
        std::fs::write(&browser, "#!/bin/sh\nexec curl --silent --location --max-time 60 --output /dev/null \"$1\"\n").unwrap();
        std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        Self { dir, browser, sandbox: sandbox.base_url(), lang: "en" }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_myscihub"));
        command
            .args(args)
            .env("MYSCIHUB_DATA_DIR", self.data())
            .env("MYSCIHUB_KEYCHAIN", "0")
            .env("MYSCIHUB_LANG", self.lang)
            .env("MYSCIHUB_ZOOM_OAUTH_URL", &self.sandbox)
            .env("MYSCIHUB_ZOOM_API_URL", format!("{}/v2", self.sandbox))
            .env("MYSCIHUB_ZOOM_CLIENT_ID", "test-public")
            .env("MYSCIHUB_BROWSER", &self.browser)
            .env_remove("MYSCIHUB_LOG")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Exit status 0; the result parsed from standard output.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let output = self.run(&all);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", text(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {}", text(&output.stdout)))
    }

    /// Exit status 0; standard output as text.
    fn text(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", text(&output.stderr));
        text(&output.stdout)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn id(value: &Value) -> String {
    value["id"].as_i64().unwrap_or_else(|| panic!("no id in {value}")).to_string()
}

/// Anna's profile, her event and a connection, made through the command line itself.
fn event_with_connection(cli: &Cli) -> (String, String) {
    cli.json(&["profile", "create", "--name", "Anna", "--email", "anna@example.org"]);
    let event = cli.json(&["event", "create", "--title", "Conf", "--time-zone", "Europe/Moscow", "--start", "2026-12-10", "--end", "2026-12-12"]);
    let connection = cli.json(&["connection", "add", "--event", &id(&event), "--name", "Main"]);
    (id(&event), id(&connection))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_sets_up_an_event_connects_zoom_lists_meetings_syncs_and_disconnects() {
    let sandbox = sandbox().await;
    let cli = Cli::new(&sandbox);
    assert_eq!(cli.json(&["profile", "list"]), serde_json::json!([]));
    let anna = cli.json(&["profile", "create", "--name", "Anna", "--email", "anna@example.org"]);
    assert_eq!((anna["name"].as_str(), anna["email"].as_str()), (Some("Anna"), Some("anna@example.org")));
    assert!(anna["id"].is_i64());

    let event = cli.json(&["event", "create", "--title", "Conf", "--time-zone", "Europe/Moscow", "--start", "2026-12-10", "--end", "2026-12-12"]);
    assert_eq!(event["timeZone"], "Europe/Moscow");
    let event = id(&event);
    let listed = cli.text(&["event", "list"]);
    assert!(listed.lines().next().unwrap().starts_with("ID") && listed.contains("TITLE") && listed.contains("Conf"), "{listed}");
    let undated = cli.json(&["event", "create", "--title", "Winter school", "--time-zone", "UTC"]);
    assert_eq!((undated["startsOn"].clone(), undated["endsOn"].clone()), (Value::Null, Value::Null), "dates are optional");

    let none = cli.run(&["connection", "list", "--event", &event]);
    assert_eq!(none.status.code(), Some(0));
    assert!(none.stdout.is_empty(), "nothing for a script to read");
    assert_eq!(text(&none.stderr).trim(), "The event has no Zoom connections.");
    let connection = cli.json(&["connection", "add", "--event", &event, "--name", "Main"]);
    assert_eq!(connection["status"], "notConnected");
    let connection = id(&connection);

    // Connect: the browser goes to the sandbox's consent page and back to the loopback port.
    let output = cli.run(&["connection", "connect", "--event", &event, "--connection", &connection, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let connected: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(connected["status"], "connected");
    assert_eq!(connected["account"]["email"], FREE);
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!("{}/oauth/authorize?", sandbox.base_url())), "the address is printed for when no browser opens: {stderr}");
    assert!(!stderr.contains("code="), "no code on the terminal: {stderr}");

    // The first sync came with the connection.
    let meetings = cli.json(&["meeting", "list", "--event", &event]);
    let meetings = meetings.as_array().unwrap();
    assert!(!meetings.is_empty());
    assert!(meetings.iter().all(|m| m["connectionId"].as_i64().unwrap().to_string() == connection && m["id"].is_i64()), "{meetings:?}");
    let table = cli.text(&["meeting", "list", "--event", &event, "--connection", &connection]);
    let first_topic = meetings[0]["topic"].as_str().unwrap();
    assert!(table.starts_with("CONNECTION") && table.contains(first_topic), "{table}");
    assert_eq!(table.lines().count(), meetings.len() + 1, "a header and one line per meeting");
    assert!(meetings.iter().all(|m| m.as_object().unwrap().contains_key("conflictsWith") && m["zoomEmail"] == FREE), "{meetings:?}");
    let calendar = cli.text(&["meeting", "list", "--event", &event, "--format", "ics"]);
    assert!(calendar.starts_with("BEGIN:VCALENDAR") && calendar.contains("BEGIN:VEVENT"), "{calendar}");
    let sheet = cli.text(&["meeting", "list", "--event", &event, "--format", "csv"]);
    assert!(sheet.starts_with("\u{feff}Date,Start,End"), "{sheet}");
    assert_eq!(sheet.lines().count(), meetings.len() + 1, "a header and one row per meeting");
    // Answered, not sent: the free plan's 4 Light calls a second can turn one ask into a 429 and its retry.
    let answered = || sandbox.requests().iter().filter(|r| r.path.starts_with("/v2/meetings/") && r.status != 429).count();
    let before = answered();
    let with_codes = cli.text(&["meeting", "list", "--event", &event, "--format", "csv", "--include-passcodes"]);
    let asked = answered() - before;
    assert!(with_codes.starts_with("\u{feff}Date,Start,End") && with_codes.lines().next().unwrap().ends_with(",Passcode"), "{with_codes}");
    let ids: std::collections::HashSet<_> = meetings.iter().map(|m| m["id"].as_i64()).collect();
    assert_eq!(asked, ids.len(), "Zoom asked once per meeting for its passcode");
    let table_with_codes = cli.run(&["meeting", "list", "--event", &event, "--include-passcodes"]);
    assert_eq!(table_with_codes.status.code(), Some(2), "a table has no passcodes: a usage error");
    assert!(text(&table_with_codes.stderr).contains("--include-passcodes"), "{}", text(&table_with_codes.stderr));
    let early = cli.json(&["meeting", "list", "--event", &event, "--to", "2000-01-01"]);
    assert!(early.as_array().unwrap().iter().all(|m| m["fixedTime"] == false), "only meetings without a day are before 2000: {early}");
    let bad = cli.run(&["meeting", "list", "--event", &event, "--from", "tomorrow"]);
    assert_eq!(bad.status.code(), Some(2), "a date that is no date is a usage error");

    let synced = cli.text(&["sync", "--event", &event, "--force"]);
    assert_eq!(synced.trim(), format!("{FREE}: unchanged (meetings: {})", meetings.len()));
    let lines = cli.json(&["sync", "--event", &event]);
    assert_eq!(lines[0]["outcome"], "unchanged", "under a minute old: not asked of Zoom again");

    let listed = cli.text(&["connection", "list", "--event", &event]);
    assert!(listed.contains("Main") && listed.contains("Connected") && listed.contains(FREE), "{listed}");

    let disconnected = cli.json(&["connection", "disconnect", "--event", &event, "--connection", &connection]);
    assert_eq!(disconnected["status"], "notConnected");
    assert_eq!(requests_to(&sandbox, "/oauth/revoke"), 1, "the grant was revoked at Zoom");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_are_managed_by_email_and_the_acting_profile_is_named_when_there_are_several() {
    let sandbox = sandbox().await;
    let cli = Cli::new(&sandbox);
    let (event, _) = event_with_connection(&cli);
    cli.json(&["profile", "create", "--name", "Boris", "--email", "boris@example.org"]);

    let output = cli.run(&["event", "list"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("several profiles"), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());

    let as_anna = ["--profile", "anna@example.org"];
    let added = cli.json(&[&as_anna[..], &["admin", "add", "--event", &event, "--email", "boris@example.org"]].concat());
    assert_eq!(added.as_array().unwrap().len(), 2);
    let listed = cli.text(&[&as_anna[..], &["admin", "list", "--event", &event]].concat());
    assert!(listed.contains("boris@example.org") && listed.contains("anna@example.org"), "{listed}");
    let left = cli.json(&[&as_anna[..], &["admin", "remove", "--event", &event, "--email", "anna@example.org"]].concat());
    assert_eq!(left[0]["email"], "boris@example.org");
    let last = cli.run(&["--profile", "boris@example.org", "admin", "remove", "--event", &event, "--email", "boris@example.org"]);
    assert_eq!(last.status.code(), Some(1), "the last administrator stays");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_exits_1_with_the_windows_reason_and_changes_nothing() {
    let sandbox = sandbox().await;
    let mut cli = Cli::new(&sandbox);
    let (event, connection) = event_with_connection(&cli);
    cli.json(&["profile", "create", "--name", "Boris", "--email", "boris@example.org"]);
    let store = myscihub_lib::store::Store::open(&cli.data(), false).await.unwrap();
    let before = contents(&store).await;

    let as_boris = ["--profile", "boris@example.org"];
    for args in [
        vec!["connection", "list", "--event", &event],
        vec!["connection", "add", "--event", &event, "--name", "His"],
        vec!["connection", "disconnect", "--event", &event, "--connection", &connection],
        vec!["meeting", "list", "--event", &event],
        vec!["admin", "add", "--event", &event, "--email", "boris@example.org"],
        vec!["sync", "--event", &event],
    ] {
        let output = cli.run(&[&as_boris[..], &args[..], &["--json"]].concat());
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let fault: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(fault["code"], "forbidden", "{args:?}");
        assert_eq!(text(&output.stderr).trim(), fault["message"].as_str().unwrap(), "the reason in plain words on stderr");
    }
    assert_eq!(contents(&store).await, before, "nothing changed");

    let unknown = cli.run(&["--profile", "nobody@example.org", "event", "list"]);
    assert_eq!(unknown.status.code(), Some(1));
    cli.lang = "ru";
    let output = cli.run(&[&as_boris[..], &["connection", "list", "--event", &event]].concat());
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("администраторам мероприятия"), "in the user's language: {}", text(&output.stderr));
    let table = cli.text(&["--profile", "anna@example.org", "connection", "list", "--event", &event]);
    assert!(table.starts_with("ID") && table.contains("НАЗВАНИЕ") && table.contains("Не подключен"), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_usage_error_exits_2_and_help_is_everywhere() {
    let sandbox = sandbox().await;
    let cli = Cli::new(&sandbox);
    for args in [
        vec!["frobnicate"],
        vec!["event", "create", "--title", "X"],
        vec!["event", "create", "--title", "X", "--time-zone", "UTC", "--start", "2026-01-01"],
        vec!["sync"],
    ] {
        let output = cli.run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
        assert!(!output.stderr.is_empty() && output.stdout.is_empty(), "{args:?}");
    }
    for args in [vec!["--help"], vec!["connection", "--help"], vec!["connection", "connect", "--help"], vec!["sync", "--help"]] {
        let help = cli.text(&args);
        assert!(help.contains("Usage: myscihub"), "{args:?}: {help}");
    }
    assert!(cli.text(&["--help"]).contains("connection"));
    let mut cli = cli;
    cli.lang = "ru";
    assert!(cli.text(&["connection", "--help"]).contains("Zoom подключения мероприятия"), "help in the user's language");
    assert!(!cli.data().join("myscihub.db").exists(), "a usage error or help opens no data");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_says_which_account_failed_and_exits_1_keeping_the_meetings() {
    let sandbox = sandbox().await;
    let cli = Cli::new(&sandbox);
    let (event, connection) = event_with_connection(&cli);
    cli.json(&["connection", "connect", "--event", &event, "--connection", &connection]);
    let before = cli.json(&["meeting", "list", "--event", &event]);

    sandbox.add_fault(FaultSpec { status: Some(503), count: FaultSpec::UNTIL_CLEARED, ..FaultSpec::on(MEETINGS) });
    let output = cli.run(&["sync", "--event", &event, "--force"]);
    assert_eq!(output.status.code(), Some(1));
    let line = text(&output.stdout);
    assert!(line.starts_with(&format!("{FREE}: not synced: Zoom is not answering")), "{line}");
    assert!(text(&output.stderr).contains("1 of 1 accounts were not synced"), "{}", text(&output.stderr));
    assert_eq!(cli.json(&["meeting", "list", "--event", &event]), before, "the last good list is kept");

    let output = cli.run(&["sync", "--event", &event, "--force", "--json"]);
    let lines: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((lines[0]["outcome"].as_str(), lines[0]["code"].as_str()), (Some("failed"), Some("zoom_server_error")));
    sandbox.clear_faults();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_waiting_for_the_browser_leaves_the_connection_as_it_was() {
    let sandbox = sandbox().await;
    let mut cli = Cli::new(&sandbox);
    let (event, connection) = event_with_connection(&cli);
    // A browser that never comes back.
    cli.browser = PathBuf::from("/bin/true");
    let mut child = cli.command(&["connection", "connect", "--event", &event, "--connection", &connection]).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (seen, waiting) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = seen.send(line);
        }
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let line = waiting.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())).expect("it says it waits");
        if line.contains("Ctrl-C") {
            break;
        }
    }
    assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    // Everything it said, up to its end of output: the reader thread may not have passed on the
    // last line when the process is reaped.
    let said: Vec<String> = waiting.iter().collect();
    assert!(said.iter().any(|l| l.contains("Cancelled")), "{said:?}");

    let listed = cli.json(&["connection", "list", "--event", &event]);
    assert_eq!(listed[0]["status"], "notConnected", "not left waiting for an authorization");
    let store = myscihub_lib::store::Store::open(&cli.data(), false).await.unwrap();
    let pending: i64 = sqlx::query_scalar("SELECT count(*) FROM pending_authorizations").fetch_one(store.pool()).await.unwrap();
    assert_eq!(pending, 0, "the sign-in's state is gone");
}

#[test]
fn a_subcommand_needs_no_display_and_no_session_bus() {
    // A subcommand must not need a display: run one with none, and no D-Bus either.
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_myscihub"))
        .args(["profile", "list"])
        .env("MYSCIHUB_DATA_DIR", dir.path())
        .env("MYSCIHUB_KEYCHAIN", "0")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(Path::new(&dir.path().join("myscihub.db")).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_gives_an_empty_folder_the_demo_event_as_the_window_does() {
    let sandbox = sandbox().await;
    let cli = Cli::new(&sandbox);
    let output = cli.command(&["event", "list", "--json"]).env("MYSCIHUB_DEMO", "1").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let events: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(events[0]["title"], myscihub_lib::core::demo::EVENT_TITLE);
    assert_eq!(cli.json(&["profile", "list"])[0]["email"], myscihub_lib::core::demo::PROFILE_EMAIL);
}
