//! Every Tauri command that touches an event's data, called through the real IPC layer as a
//! profile that is not the event's administrator, is refused with `forbidden` and changes
//! nothing. The command list is the IPC contract's, so a new command without the check fails
//! this test.

mod common;

use common::ipc::Ipc;
use common::*;
use myscihub_lib::core::events;
use myscihub_lib::core::zoom::ZoomIntegration;
use myscihub_lib::shell::contract::camel;
use myscihub_lib::shell::COMMANDS;
use serde_json::{json, Value};

/// `(name, [argument names])` of every command of the IPC contract.
fn commands() -> Vec<(String, Vec<String>)> {
    COMMANDS.iter().map(|c| (c.name.to_owned(), c.args.iter().map(|(name, _)| (*name).to_owned()).collect())).collect()
}

/// Fills a command's arguments from the ids given; `None` when the test does not know one.
fn arguments(args: &[String], event: i64, connection: i64, user: i64) -> Value {
    let value = |arg: &str| match arg {
        "event_id" => json!(event),
        "connection_id" => json!(connection),
        "user_id" => json!(user),
        "meeting_id" => json!(1),
        "email" => json!("boris@example.org"),
        "name" => json!("Taken over"),
        "force" => json!(true),
        "filter" => json!(""),
        "offset" => json!(0),
        "limit" => json!(10),
        "profile_id" => json!(user),
        "view" => json!("zoom-connections"),
        "code" => json!("MSH1-x"),
        "password" => json!("x"),
        "role" => json!(null),
        "query" => json!({"words": "", "connectionId": null, "from": null, "to": null}),
        "format" => json!("csv"),
        "include_passcodes" => json!(true),
        "minutes" => json!(5),
        "occurrence_id" => json!(null),
        "input" => json!({"title": "x", "timeZone": "UTC", "startsOn": "2027-01-01", "endsOn": "2027-01-02", "name": "x", "email": "x@example.org",
                          "clientId": "x", "oauthUrl": "https://zoom.us", "apiUrl": "https://api.zoom.us/v2", "redirectMode": "loopback", "bounceUrl": "",
                          "databaseUrl": "postgres://127.0.0.1/x", "role": "", "importLocal": false}),
        other => panic!("the test does not know how to fill `{other}`: teach it"),
    };
    let body: serde_json::Map<_, _> = args.iter().filter(|a| !matches!(a.as_str(), "state" | "app")).map(|a| (camel(a), value(a))).collect();
    Value::Object(body)
}

/// Commands that work before anyone is signed in: the profile picker and the window's own.
const BEFORE_SIGN_IN: [&str; 11] = [
    "app_info",
    "retry_startup",
    "list_profiles",
    "create_profile",
    "sign_in",
    "sign_out",
    "current_profile",
    "view_rendered",
    "open_support_page",
    "open_log_folder",
    "listen_to_app",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_scoped_command_refuses_a_non_administrator() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    // Boris administers an event of his own, with a connection of his own.
    let his_event = events::create(w.zoom.store(), w.boris, new_event("Boris's workshop")).await.unwrap().id;
    let his_connection = w.zoom.add(admin(&w.zoom, w.boris, his_event).await, "His").await.unwrap().id;
    let ipc = Ipc::new(ZoomIntegration::new(w.zoom.store().clone(), overrides(&w.sandbox)), w.dir.path(), Some(w.boris));

    let scoped: Vec<_> = commands().into_iter().filter(|(_, args)| args.iter().any(|a| a == "event_id")).collect();
    assert!(scoped.len() >= 15, "found {} event-scoped commands", scoped.len());
    let before = contents(w.zoom.store()).await;
    for (command, args) in &scoped {
        let refused = ipc.invoke(command, arguments(args, w.event, connection, w.anna)).expect_err(command);
        assert_eq!(refused["code"], "forbidden", "{command}: {refused}");
        // His own event's id with Anna's connection: the ids must belong together.
        if args.iter().any(|a| a == "connection_id") {
            let refused = ipc.invoke(command, arguments(args, his_event, connection, w.anna)).expect_err(command);
            assert_eq!(refused["code"], "not_found", "{command} with another event's connection: {refused}");
        }
    }
    assert_eq!(contents(w.zoom.store()).await, before, "nothing changed");
    assert!(!w.sandbox.requests().iter().any(|r| r.path == "/oauth/revoke"), "nothing reached Zoom either");

    // The same IPC path lets the event's administrator through: the refusals were real.
    ipc.state().session.set(Some(w.anna));
    let listed = ipc.invoke("list_zoom_connections", json!({"eventId": w.event})).expect("the administrator is let in");
    assert!(format!("{listed:?}").contains("Main"));
    ipc.state().session.set(Some(w.boris));
    ipc.invoke("rename_zoom_connection", json!({"eventId": his_event, "connectionId": his_connection, "name": "Renamed"})).expect("his own");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_other_command_needs_a_signed_in_profile() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let ipc = Ipc::new(ZoomIntegration::new(w.zoom.store().clone(), overrides(&w.sandbox)), w.dir.path(), None);
    let before = contents(w.zoom.store()).await;
    let others: Vec<_> = commands().into_iter().filter(|(name, _)| !BEFORE_SIGN_IN.contains(&name.as_str())).collect();
    assert!(others.iter().any(|(name, _)| name == "save_zoom_settings"), "settings are covered");
    for (command, args) in &others {
        let refused = ipc.invoke(command, arguments(args, w.event, connection, w.anna)).expect_err(command);
        assert_eq!(refused["code"], "not_signed_in", "{command}: {refused}");
    }
    assert_eq!(contents(w.zoom.store()).await, before, "nothing changed");
}
