//! Helpers shared by the integration tests: a sandbox per test, a client that never follows
//! redirects, PKCE, and a full sign-in.
#![allow(dead_code)]

pub mod schema;

use base64::Engine;
use rand::distributions::Alphanumeric;
use rand::Rng;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use zoom_sandbox::{Options, Sandbox, Scenario};

pub const PUBLIC: &str = "test-public";
pub const CONFIDENTIAL: &str = "test-confidential";
pub const SECRET: &str = "test-secret-7Qm2";
pub const CALLBACK: &str = "myscihub://oauth/zoom/callback";
pub const FREE: &str = "uFree0000000000000000A";
pub const PRO: &str = "uPro00000000000000000B";
pub const BIZ: &str = "uBiz00000000000000000C";

pub fn scenario(name: &str) -> Scenario {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "scenarios", name].iter().collect();
    Scenario::from_file(&path).expect("scenario loads")
}

pub async fn start(scenario: Scenario, auto_approve: bool) -> Sandbox {
    Sandbox::start(scenario, Options { port: 0, auto_approve }).await.expect("sandbox starts")
}

pub fn http() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub fn random(len: usize) -> String {
    rand::thread_rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

/// (verifier, S256 challenge)
pub fn pkce() -> (String, String) {
    let verifier = random(64);
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

pub fn location(r: &Response) -> url::Url {
    assert_eq!(r.status(), StatusCode::FOUND, "expected a redirect");
    let loc = r.headers().get("location").expect("Location header").to_str().unwrap();
    url::Url::parse(loc).expect("Location is a URL")
}

pub fn param(u: &url::Url, name: &str) -> Option<String> {
    u.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

pub async fn authorize(sb: &Sandbox, params: &[(&str, &str)]) -> Response {
    http().get(format!("{}/oauth/authorize", sb.base_url())).query(params).send().await.unwrap()
}

/// An authorization code from an auto-approving sandbox, for the user with this e-mail.
pub async fn code_for(sb: &Sandbox, email: &str, redirect: &str, challenge: &str) -> String {
    let r = authorize(
        sb,
        &[
            ("response_type", "code"),
            ("client_id", PUBLIC),
            ("redirect_uri", redirect),
            ("state", "st-1"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
            ("login_hint", email),
        ],
    )
    .await;
    let loc = location(&r);
    assert_eq!(param(&loc, "state").as_deref(), Some("st-1"));
    param(&loc, "code").expect("code in redirect")
}

pub async fn token(sb: &Sandbox, form: &[(&str, &str)]) -> Response {
    http().post(format!("{}/oauth/token", sb.base_url())).form(form).send().await.unwrap()
}

pub async fn exchange(sb: &Sandbox, code: &str, redirect: &str, verifier: &str) -> Response {
    token(sb, &[("grant_type", "authorization_code"), ("client_id", PUBLIC), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier)])
        .await
}

pub async fn refresh(sb: &Sandbox, refresh_token: &str) -> Response {
    token(sb, &[("grant_type", "refresh_token"), ("client_id", PUBLIC), ("refresh_token", refresh_token)]).await
}

pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub body: Value,
}

/// The whole public-client sign-in (auto-approve sandbox): authorize, then exchange.
pub async fn sign_in(sb: &Sandbox, email: &str) -> Tokens {
    let (verifier, challenge) = pkce();
    let code = code_for(sb, email, CALLBACK, &challenge).await;
    let r = exchange(sb, &code, CALLBACK, &verifier).await;
    assert_eq!(r.status(), StatusCode::OK);
    tokens(r).await
}

pub async fn tokens(r: Response) -> Tokens {
    let body: Value = r.json().await.unwrap();
    Tokens { access: body["access_token"].as_str().unwrap().to_string(), refresh: body["refresh_token"].as_str().unwrap().to_string(), body }
}

pub async fn api(sb: &Sandbox, path: &str, access: &str) -> Response {
    http().get(format!("{}{path}", sb.base_url())).bearer_auth(access).send().await.unwrap()
}

pub async fn json(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    (status, r.json().await.expect("JSON body"))
}

pub async fn control(sb: &Sandbox, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let mut req = http().request(method, format!("{}{path}", sb.base_url()));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    assert!(r.status().is_success(), "control call {path} failed: {}", r.status());
    r.json().await.unwrap_or(Value::Null)
}

/// `n` scheduled meetings with distinct ids, as raw objects.
pub fn meetings(host: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let id = 85_000_000_000u64 + i as u64;
            serde_json::json!({
                "uuid": format!("uuid-{i:06}=="), "id": id, "host_id": host, "topic": format!("Meeting {i}"),
                "type": 2, "start_time": format!("2027-0{}-{:02}T09:00:00Z", 1 + i % 9, 1 + i % 28), "duration": 30,
                "timezone": "UTC", "agenda": "", "created_at": "2026-11-01T00:00:00Z",
                "join_url": format!("https://us05web.zoom.us/j/{id}?pwd=x{i}.1"),
            })
        })
        .collect()
}
