//! Every Tauri command that touches an event's data, called through the real IPC layer as a
//! profile that is not the event's administrator, is refused with `forbidden` and changes
//! nothing. The command list is read from the source, so a new command without the check
//! fails this test.

mod common;

use std::sync::Arc;

use common::*;
use myscihub_lib::core::zoom::ZoomIntegration;
use myscihub_lib::core::{Lang, Session};
use myscihub_lib::shell::{handler, AppInfo, AppState, LogTail};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

const COMMANDS: &str = include_str!("../src/shell/commands.rs");

/// `(name, [argument names])` of every `#[tauri::command]` in the shell.
fn commands() -> Vec<(String, Vec<String>)> {
    COMMANDS
        .split("#[tauri::command]")
        .skip(1)
        .map(|chunk| {
            let after_fn = &chunk[chunk.find("fn ").unwrap() + 3..];
            let name: String = after_fn.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let open = after_fn.find('(').unwrap();
            let (mut depth, mut args, mut current) = (0i32, Vec::new(), String::new());
            for c in after_fn[open + 1..].chars() {
                match c {
                    '<' | '(' => depth += 1,
                    '>' if depth > 0 => depth -= 1,
                    ')' if depth == 0 => break,
                    ')' => depth -= 1,
                    ',' if depth == 0 => {
                        args.push(std::mem::take(&mut current));
                        continue;
                    }
                    _ => {}
                }
                current.push(c);
            }
            args.push(current);
            let names = args.iter().filter_map(|a| a.split(':').next()).map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect();
            (name, names)
        })
        .collect()
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_scoped_command_refuses_a_non_administrator() {
    let w = world().await;
    let connection = connect(&w, w.event, "Main", PRO).await;
    let session = Session::default();
    session.set(Some(w.boris));
    let state = AppState {
        store: w.zoom.store().clone(),
        zoom: Arc::new(ZoomIntegration::new(w.zoom.store().clone(), overrides(&w.sandbox))),
        session,
        info: AppInfo {
            version: "test".into(),
            lang: Lang::En,
            data_dir: w.dir.path().display().to_string(),
            demo: false,
            start_event_id: None,
            start_route: None,
        },
        log: LogTail::default(),
        support_url: "https://support.example.org".into(),
        first_render_logged: Default::default(),
    };
    let app = mock_builder().manage(state).invoke_handler(handler()).build(mock_context(noop_assets())).unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let invoke = |command: &str, body: Value| {
        get_ipc_response(
            &webview,
            InvokeRequest {
                cmd: command.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
    };
    let value = |arg: &str| match arg {
        "event_id" => json!(w.event),
        "connection_id" => json!(connection),
        "user_id" => json!(w.anna),
        "meeting_id" => json!(1),
        "email" => json!("boris@example.org"),
        "name" => json!("Taken over"),
        "force" => json!(true),
        "filter" => json!(""),
        "offset" => json!(0),
        "limit" => json!(10),
        other => panic!("the test does not know how to fill `{other}`: teach it"),
    };

    let scoped: Vec<_> = commands().into_iter().filter(|(_, args)| args.iter().any(|a| a == "event_id")).collect();
    assert!(scoped.len() >= 15, "found {} event-scoped commands", scoped.len());
    let before = rows(w.zoom.store()).await;
    for (command, args) in &scoped {
        let body: serde_json::Map<_, _> = args.iter().filter(|a| !matches!(a.as_str(), "state" | "app")).map(|a| (camel(a), value(a))).collect();
        let refused = invoke(command, Value::Object(body)).expect_err(command);
        assert_eq!(refused["code"], "forbidden", "{command}: {refused}");
    }
    assert_eq!(rows(w.zoom.store()).await, before, "nothing changed");
    assert!(!w.sandbox.requests().iter().any(|r| r.path == "/oauth/revoke"), "nothing reached Zoom either");

    // The same IPC path lets the event's administrator through: the refusals were real.
    app.state::<AppState>().session.set(Some(w.anna));
    let listed = invoke("list_zoom_connections", json!({"eventId": w.event})).expect("the administrator is let in");
    assert!(format!("{listed:?}").contains("Main"));
}
