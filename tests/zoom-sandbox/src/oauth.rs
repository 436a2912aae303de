//! `zoom.us/oauth/*`: the consent page, the token endpoint with PKCE and refresh rotation,
//! revocation, and the https bounce page that forwards to the app's custom scheme.

use crate::scenario::{ClientConfig, Scenario};
use crate::state::{random_token, AccessToken, App, AuthCode, ChallengeMethod, RefreshToken};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use time::Duration;

type Params = HashMap<String, String>;

/// Authorization codes live five minutes, as at Zoom.
const CODE_TTL: Duration = Duration::minutes(5);
/// Where the production bounce page sends the browser.
pub const APP_CALLBACK: &str = "myscihub://oauth/zoom/callback";

/// What `/oauth/authorize` was asked for, once checked against the client's registration.
struct AuthRequest {
    client: ClientConfig,
    redirect_uri: String,
    state: Option<String>,
    challenge: Option<(String, ChallengeMethod)>,
    login_hint: Option<String>,
}

fn check_authorize(scenario: &Scenario, p: &Params) -> Result<AuthRequest, Response> {
    let client_id = p.get("client_id").map(String::as_str).unwrap_or("");
    let Some(client) = scenario.client(client_id) else {
        return Err(error_page(&format!("Invalid client_id: {client_id}"), "4,702"));
    };
    let redirect_uri = p.get("redirect_uri").map(String::as_str).unwrap_or("");
    if !client.allows_redirect(redirect_uri) {
        return Err(error_page(&format!("Invalid redirect: {redirect_uri}"), "4,700"));
    }
    if p.get("response_type").map(String::as_str) != Some("code") {
        return Err(error_page("Unsupported response type, only 'code' is supported.", "4,700"));
    }
    let method = match p.get("code_challenge_method").map(String::as_str) {
        None | Some("") | Some("plain") => ChallengeMethod::Plain,
        Some("S256") => ChallengeMethod::S256,
        Some(other) => return Err(error_page(&format!("Invalid code_challenge_method: {other}"), "4,700")),
    };
    let challenge = p.get("code_challenge").filter(|c| !c.is_empty()).map(|c| (c.clone(), method));
    if challenge.is_none() && client.client_secret.is_none() {
        return Err(error_page("A public client must send a code_challenge (PKCE).", "4,700"));
    }
    Ok(AuthRequest {
        client: client.clone(),
        redirect_uri: redirect_uri.to_string(),
        state: p.get("state").cloned(),
        challenge,
        login_hint: p.get("login_hint").cloned(),
    })
}

pub async fn authorize(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let mut st = app.lock();
    let req = match check_authorize(&st.scenario, &p) {
        Ok(r) => r,
        Err(page) => return page,
    };
    if app.auto_approve {
        let by_hint = req.login_hint.as_deref().and_then(|h| st.scenario.users.iter().find(|u| u.email.eq_ignore_ascii_case(h)));
        let Some(user) = by_hint.or(st.scenario.users.first()) else {
            return error_page("The scenario has no user to sign in as.", "4,700");
        };
        let user_id = user.id.clone();
        let code = random_token("zsbx_code_");
        let expires_at = st.now() + CODE_TTL;
        st.codes.insert(code.clone(), new_code(&req, user_id, expires_at));
        return redirect_to(&req.redirect_uri, &[("code", Some(&code)), ("state", req.state.as_ref())]);
    }
    Html(consent_page(&req, &p, &st.scenario)).into_response()
}

fn new_code(req: &AuthRequest, user_id: String, expires_at: time::OffsetDateTime) -> AuthCode {
    AuthCode {
        client_id: req.client.client_id.clone(),
        redirect_uri: req.redirect_uri.clone(),
        user_id,
        challenge: req.challenge.clone(),
        expires_at,
    }
}

/// The consent page posts its hidden copy of the request here; it is checked again, not trusted.
pub async fn decision(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let p = parse_form(&body);
    let mut st = app.lock();
    let req = match check_authorize(&st.scenario, &p) {
        Ok(r) => r,
        Err(page) => return page,
    };
    if p.get("decision").map(String::as_str) != Some("allow") {
        return redirect_to(&req.redirect_uri, &[("error", Some(&"access_denied".to_string())), ("state", req.state.as_ref())]);
    }
    let user_id = p.get("user_id").map(String::as_str).unwrap_or("");
    if st.user(user_id).is_none() {
        return error_page("Choose an account to sign in with.", "4,700");
    }
    let code = random_token("zsbx_code_");
    let expires_at = st.now() + CODE_TTL;
    st.codes.insert(code.clone(), new_code(&req, user_id.to_string(), expires_at));
    redirect_to(&req.redirect_uri, &[("code", Some(&code)), ("state", req.state.as_ref())])
}

pub async fn token(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let p = parse_form(&body);
    let mut st = app.lock();
    let client = match authenticate_client(&st.scenario, &headers, &p) {
        Ok(c) => c.client_id.clone(),
        Err(r) => return r,
    };
    let now = st.now();
    let (user_id, scope) = match p.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = p.get("code").map(String::as_str).unwrap_or("");
            // One use: a code is gone after the first attempt, good or bad.
            let Some(entry) = st.codes.remove(code) else {
                return invalid_grant("Invalid authorization code");
            };
            if entry.expires_at <= now || entry.client_id != client {
                return invalid_grant("Invalid authorization code");
            }
            if p.get("redirect_uri") != Some(&entry.redirect_uri) {
                return oauth_error(StatusCode::BAD_REQUEST, "Redirect URI mismatch.", "invalid_request");
            }
            if let Some((challenge, method)) = &entry.challenge {
                let verifier = p.get("code_verifier").map(String::as_str).unwrap_or("");
                if !pkce_matches(verifier, challenge, *method) {
                    return invalid_grant("Invalid code_verifier");
                }
            }
            let Some(user) = st.user(&entry.user_id) else {
                return invalid_grant("Invalid authorization code");
            };
            (entry.user_id.clone(), st.scenario.granted_scopes(user))
        }
        Some("refresh_token") => {
            let old = p.get("refresh_token").map(String::as_str).unwrap_or("");
            match st.refresh_tokens.remove(old) {
                Some(rt) if rt.client_id == client => (rt.user_id, rt.scope),
                Some(rt) => {
                    // Another client's token: refuse, but do not let it kill the owner's grant.
                    st.refresh_tokens.insert(old.to_string(), rt);
                    return invalid_grant("Invalid Token!");
                }
                None => return invalid_grant("Invalid Token!"),
            }
        }
        Some(_) => return oauth_error(StatusCode::BAD_REQUEST, "Unsupported grant type", "unsupported_grant_type"),
        None => return oauth_error(StatusCode::BAD_REQUEST, "Missing grant type", "invalid_request"),
    };
    st.forget_expired();
    let ttl = st.scenario.access_token_ttl_s;
    let access = random_token("zsbx_at_");
    let refresh = random_token("zsbx_rt_");
    st.access_tokens.insert(
        access.clone(),
        AccessToken { user_id: user_id.clone(), client_id: client.clone(), scope: scope.clone(), expires_at: now + Duration::seconds(ttl as i64) },
    );
    st.refresh_tokens.insert(refresh.clone(), RefreshToken { user_id, client_id: client, scope: scope.clone() });
    let mut r = Json(json!({
        "access_token": access,
        "token_type": "bearer",
        "refresh_token": refresh,
        "expires_in": ttl,
        "scope": scope,
        "api_url": app.base_url,
    }))
    .into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Revoking any token of a grant revokes the whole grant and uninstalls the app for that user.
pub async fn revoke(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let p = parse_form(&body);
    let mut st = app.lock();
    let client = match authenticate_client(&st.scenario, &headers, &p) {
        Ok(c) => c.client_id.clone(),
        Err(r) => return r,
    };
    let token = p.get("token").map(String::as_str).unwrap_or("");
    let owner = st
        .access_tokens
        .get(token)
        .map(|t| (t.user_id.clone(), t.client_id.clone()))
        .or_else(|| st.refresh_tokens.get(token).map(|t| (t.user_id.clone(), t.client_id.clone())));
    match owner {
        Some((user_id, token_client)) if token_client == client => {
            st.revoke_grants(&user_id, Some(&client));
            Json(json!({"status": "success"})).into_response()
        }
        _ => oauth_error(StatusCode::BAD_REQUEST, "Invalid Token!", "invalid_request"),
    }
}

/// The https page registered at Zoom: it only forwards what Zoom put on the URL to the app.
pub async fn bounce(Query(p): Query<Params>) -> Response {
    let pick = |k: &str| p.get(k);
    redirect_to(APP_CALLBACK, &[("code", pick("code")), ("state", pick("state")), ("error", pick("error"))])
}

fn authenticate_client<'a>(scenario: &'a Scenario, headers: &HeaderMap, p: &Params) -> Result<&'a ClientConfig, Response> {
    let fail = || oauth_error(StatusCode::UNAUTHORIZED, "Invalid client_id or client_secret", "invalid_client");
    match headers.get(header::AUTHORIZATION) {
        Some(value) => {
            let (id, secret) = basic_credentials(value).ok_or_else(fail)?;
            let client = scenario.client(&id).ok_or_else(fail)?;
            match &client.client_secret {
                Some(s) if *s == secret => Ok(client),
                _ => Err(fail()),
            }
        }
        None => {
            // A public client proves nothing but its id; a confidential one must use Basic.
            let id = p.get("client_id").map(String::as_str).unwrap_or("");
            scenario.client(id).filter(|c| c.client_secret.is_none()).ok_or_else(fail)
        }
    }
}

fn basic_credentials(value: &HeaderValue) -> Option<(String, String)> {
    let encoded = value.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

pub fn pkce_matches(verifier: &str, challenge: &str, method: ChallengeMethod) -> bool {
    if verifier.is_empty() {
        return false;
    }
    match method {
        ChallengeMethod::Plain => verifier == challenge,
        ChallengeMethod::S256 => {
            let digest = Sha256::digest(verifier.as_bytes());
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest) == challenge
        }
    }
}

fn parse_form(body: &[u8]) -> Params {
    url::form_urlencoded::parse(body).into_owned().collect()
}

fn invalid_grant(reason: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, reason, "invalid_grant")
}

fn oauth_error(status: StatusCode, reason: &str, error: &str) -> Response {
    (status, Json(json!({"reason": reason, "error": error}))).into_response()
}

fn redirect_to(base: &str, pairs: &[(&str, Option<&String>)]) -> Response {
    let mut url = match url::Url::parse(base) {
        Ok(u) => u,
        Err(_) => return error_page(&format!("Invalid redirect: {base}"), "4,700"),
    };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
    }
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(url.as_str()) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

const STYLE: &str = "body{font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;background:#f4f6fa;color:#222;margin:0}\
main{max-width:460px;margin:48px auto;background:#fff;border-radius:12px;padding:28px 32px;box-shadow:0 2px 12px #0002}\
.logo{color:#0b5cff;font-weight:700;font-size:26px;letter-spacing:-1px}h1{font-size:20px}\
label.acct{display:block;border:1px solid #d5d9e0;border-radius:8px;padding:10px 12px;margin:8px 0;cursor:pointer}\
label.acct:hover{border-color:#0b5cff}.muted{color:#667;font-size:13px}ul{padding-left:20px}\
.buttons{display:flex;gap:12px;margin-top:20px}button{flex:1;font-size:15px;padding:10px;border-radius:8px;cursor:pointer}\
.allow{background:#0b5cff;color:#fff;border:0}.deny{background:#fff;border:1px solid #aab}.err{color:#c00}";

fn consent_page(req: &AuthRequest, p: &Params, scenario: &Scenario) -> String {
    let hint = req.login_hint.as_deref().unwrap_or("");
    let chosen = scenario.users.iter().position(|u| u.email.eq_ignore_ascii_case(hint)).unwrap_or(0);
    let accounts: String = scenario
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            format!(
                "<label class=\"acct\"><input type=\"radio\" name=\"user_id\" value=\"{}\"{}> <b>{}</b> <span class=\"muted\">{} {}</span></label>",
                esc(&u.id),
                if i == chosen { " checked" } else { "" },
                esc(&u.email),
                esc(&u.first_name),
                esc(&u.last_name)
            )
        })
        .collect();
    let keep = ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "login_hint"];
    let hidden: String =
        keep.iter().filter_map(|k| p.get(*k).map(|v| format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", esc(v)))).collect();
    let granted = scenario.users.get(chosen).map(|u| scenario.granted_scopes(u)).unwrap_or_default();
    let scopes: String = granted.split_whitespace().map(|s| format!("<li><code>{}</code></li>", esc(s))).collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorize {app} - Zoom (sandbox)</title>\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>{STYLE}</style></head><body><main>\
<div class=\"logo\">zoom</div><p class=\"muted\">Local sandbox, not the real Zoom</p>\
<h1><b>{app}</b> would like to access your Zoom account</h1>\
<p>It will be able to:</p><ul>{scopes}</ul>\
<form method=\"post\" action=\"/oauth/authorize/decision\">{hidden}\
<p>Sign in as:</p>{accounts}\
<div class=\"buttons\"><button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
<button class=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Authorize</button></div>\
</form><p class=\"muted\">You will be sent back to <code>{redirect}</code></p></main></body></html>",
        app = esc(&req.client.name),
        redirect = esc(&req.redirect_uri),
    )
}

/// Zoom shows its own error page and does not redirect when the client or redirect URI is bad.
fn error_page(message: &str, code: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error - Zoom (sandbox)</title>\
<style>{STYLE}</style></head><body><main><div class=\"logo\">zoom</div><h1>Oops! We ran into an issue.</h1>\
<p class=\"err\">{} ({code})</p><p class=\"muted\">Local sandbox, not the real Zoom</p></main></body></html>",
        esc(message)
    );
    (StatusCode::BAD_REQUEST, Html(html)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge, ChallengeMethod::S256));
        assert!(!pkce_matches(challenge, challenge, ChallengeMethod::S256));
        assert!(pkce_matches(challenge, challenge, ChallengeMethod::Plain));
        assert!(!pkce_matches("", "", ChallengeMethod::Plain));
    }
}
