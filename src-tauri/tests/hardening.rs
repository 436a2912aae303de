//! The webview's fence: a strict CSP, the least capability the UI needs, no way to open URLs.

use serde_json::Value;

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap()
}

#[test]
fn the_content_security_policy_is_strict() {
    let config = json("../tauri.conf.json");
    let security = &config["app"]["security"];
    let csp = security["csp"].as_object().expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'", "no inline or eval'd script");
    assert_eq!(csp["style-src"], "'self'", "no inline style");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["frame-src"], "'none'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost", "the webview talks to nothing but the app");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        for loose in ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"] {
            assert!(!value.split_whitespace().any(|v| v == loose), "{directive} allows {loose}");
        }
    }
    assert_eq!(security["freezePrototype"], true);
    assert!(security.get("dangerousDisableAssetCspModification").is_none());
    assert_eq!(config["app"]["withGlobalTauri"], false);
}

#[test]
fn the_main_window_has_no_permission_beyond_the_apps_own_commands() {
    let capability = json("capabilities/main.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let granted = capability["permissions"].as_array().unwrap();
    // Not even `core:event:allow-listen`: the deep-link plugin broadcasts raw callback links as an event.
    assert!(granted.is_empty(), "no event, opener, shell, fs or http permission: {granted:?}");
    let others: Vec<_> = std::fs::read_dir(format!("{}/capabilities", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(others, ["main.json"], "one capability, for the main window");
}
