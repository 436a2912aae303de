//! The OAuth rules the product relies on, each against a real sandbox over loopback HTTP.

mod common;

use base64::Engine;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn auth_params<'a>(redirect: &'a str, challenge: &'a str, method: Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![("response_type", "code"), ("client_id", PUBLIC), ("redirect_uri", redirect), ("state", "s-42"), ("code_challenge", challenge)];
    if let Some(m) = method {
        p.push(("code_challenge_method", m));
    }
    p
}

#[tokio::test]
async fn consent_page_then_s256_exchange_then_api() {
    let sb = start(scenario("test.json"), false).await;
    let (verifier, challenge) = pkce();
    let params = auth_params(CALLBACK, &challenge, Some("S256"));
    let page = authorize(&sb, &params).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    for needle in ["MySciHub Desktop (tests)", "free@example.org", "pro@example.org", ">Authorize<", ">Deny<", "/oauth/authorize/decision"] {
        assert!(html.contains(needle), "consent page lacks {needle}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"), "no external assets");

    let mut form: Vec<(&str, &str)> = params.clone();
    form.extend([("user_id", PRO), ("decision", "allow")]);
    let r = http().post(format!("{}/oauth/authorize/decision", sb.base_url())).form(&form).send().await.unwrap();
    let loc = location(&r);
    assert_eq!(format!("{}://{}{}", loc.scheme(), loc.host_str().unwrap(), loc.path()), CALLBACK);
    assert_eq!(param(&loc, "state").as_deref(), Some("s-42"));
    let code = param(&loc, "code").unwrap();

    let r = exchange(&sb, &code, CALLBACK, &verifier).await;
    assert_eq!(r.status(), StatusCode::OK);
    let t = tokens(r).await;
    assert!(t.access.starts_with("zsbx_at_") && t.access.len() == 40, "{}", t.access);
    assert!(t.refresh.starts_with("zsbx_rt_") && t.refresh.len() == 40);
    assert_eq!(t.body["token_type"], "bearer");
    assert_eq!(t.body["expires_in"], 3599);
    assert_eq!(t.body["scope"], "meeting:read:list_meetings meeting:read:meeting meeting:read:invitation user:read:user");
    assert_eq!(t.body["api_url"], sb.base_url());

    let (status, me) = json(api(&sb, "/v2/users/me", &t.access).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], PRO);
    assert_eq!(me["email"], "pro@example.org");
    sb.shutdown().await;
}

#[tokio::test]
async fn pkce_mismatch_is_invalid_grant() {
    let sb = start(scenario("test.json"), true).await;
    let (_, challenge) = pkce();
    let (other_verifier, _) = pkce();
    let code = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    let (status, body) = json(exchange(&sb, &code, CALLBACK, &other_verifier).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    // Missing verifier is no better.
    let code = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    let r = token(&sb, &[("grant_type", "authorization_code"), ("client_id", PUBLIC), ("code", &code), ("redirect_uri", CALLBACK)]).await;
    assert_eq!(json(r).await.1["error"], "invalid_grant");
}

#[tokio::test]
async fn missing_method_means_plain() {
    let sb = start(scenario("test.json"), true).await;
    let plain = random(50);
    let r = authorize(&sb, &auth_params(CALLBACK, &plain, None)).await;
    let code = param(&location(&r), "code").unwrap();
    // The S256 reading of the challenge is wrong here: the verifier is the challenge itself.
    assert_eq!(exchange(&sb, &code, CALLBACK, &plain).await.status(), StatusCode::OK);

    let r = authorize(&sb, &auth_params(CALLBACK, &plain, Some("plain"))).await;
    let code = param(&location(&r), "code").unwrap();
    let (status, body) = json(exchange(&sb, &code, CALLBACK, &format!("{plain}x")).await).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
}

#[tokio::test]
async fn code_is_single_use() {
    let sb = start(scenario("test.json"), true).await;
    let (verifier, challenge) = pkce();
    let code = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    assert_eq!(exchange(&sb, &code, CALLBACK, &verifier).await.status(), StatusCode::OK);
    let (status, body) = json(exchange(&sb, &code, CALLBACK, &verifier).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"reason": "Invalid authorization code", "error": "invalid_grant"}));
}

#[tokio::test]
async fn code_expires_after_five_minutes() {
    let sb = start(scenario("test.json"), true).await;
    let (verifier, challenge) = pkce();
    let fresh = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    let stale = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    sb.advance_clock(290);
    assert_eq!(exchange(&sb, &fresh, CALLBACK, &verifier).await.status(), StatusCode::OK);
    control(&sb, Method::POST, "/_sandbox/clock/advance", Some(json!({"seconds": 11}))).await;
    let (status, body) = json(exchange(&sb, &stale, CALLBACK, &verifier).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"reason": "Invalid authorization code", "error": "invalid_grant"}));
}

#[tokio::test]
async fn redirect_uri_must_match_the_authorize_one() {
    let sb = start(scenario("test.json"), true).await;
    let (verifier, challenge) = pkce();
    let code = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    let (status, body) = json(exchange(&sb, &code, "http://127.0.0.1/oauth/zoom/callback", &verifier).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["reason"], "Redirect URI mismatch.");
}

#[tokio::test]
async fn refresh_rotates_and_the_old_token_dies() {
    let sb = start(scenario("test.json"), true).await;
    let first = sign_in(&sb, "free@example.org").await;
    let r = refresh(&sb, &first.refresh).await;
    assert_eq!(r.status(), StatusCode::OK);
    let second = tokens(r).await;
    assert_ne!(second.access, first.access);
    assert_ne!(second.refresh, first.refresh);
    assert_eq!(second.body["scope"], first.body["scope"]);

    let (status, body) = json(refresh(&sb, &first.refresh).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"reason": "Invalid Token!", "error": "invalid_grant"}));

    // The access token issued before the refresh lives on until it expires, as at Zoom.
    assert_eq!(api(&sb, "/v2/users/me", &first.access).await.status(), StatusCode::OK);
    sb.advance_clock(3600);
    let (status, body) = json(api(&sb, "/v2/users/me", &first.access).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!({"code": 124, "message": "Access token is expired."}));

    // The newest refresh token still works after the access tokens expired.
    let third = tokens(refresh(&sb, &second.refresh).await).await;
    assert_eq!(api(&sb, "/v2/users/me", &third.access).await.status(), StatusCode::OK);
}

async fn assert_grant_dead(sb: &zoom_sandbox::Sandbox, t: &Tokens) {
    let (status, body) = json(api(sb, "/v2/users/me", &t.access).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!({"code": 124, "message": "Invalid access token."}));
    let (status, body) = json(refresh(sb, &t.refresh).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"reason": "Invalid Token!", "error": "invalid_grant"}));
}

#[tokio::test]
async fn revoke_kills_the_whole_grant() {
    let sb = start(scenario("test.json"), true).await;
    let a = sign_in(&sb, "free@example.org").await;
    let b = tokens(refresh(&sb, &a.refresh).await).await;
    let other = sign_in(&sb, "pro@example.org").await;

    let r = http().post(format!("{}/oauth/revoke", sb.base_url())).form(&[("token", a.access.as_str()), ("client_id", PUBLIC)]).send().await.unwrap();
    assert_eq!(json(r).await, (StatusCode::OK, json!({"status": "success"})));
    assert_grant_dead(&sb, &b).await;
    assert_eq!(json(api(&sb, "/v2/users/me", &a.access).await).await.0, StatusCode::UNAUTHORIZED);
    // Another user's grant is untouched.
    assert_eq!(api(&sb, "/v2/users/me", &other.access).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn marketplace_uninstall_revokes_every_grant_of_the_user() {
    let sb = start(scenario("test.json"), true).await;
    let a = sign_in(&sb, "free@example.org").await;
    let b = sign_in(&sb, "free@example.org").await;
    let other = sign_in(&sb, "pro@example.org").await;
    let body = control(&sb, Method::POST, &format!("/_sandbox/users/{FREE}/uninstall"), None).await;
    assert_eq!(body["status"], "success");
    assert_grant_dead(&sb, &a).await;
    assert_grant_dead(&sb, &b).await;
    assert_eq!(api(&sb, "/v2/users/me", &other.access).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn loopback_redirect_matches_any_port_but_not_localhost() {
    let sb = start(scenario("test.json"), true).await;
    let (verifier, challenge) = pkce();
    let loopback = "http://127.0.0.1:54321/oauth/zoom/callback";
    let r = authorize(&sb, &auth_params(loopback, &challenge, Some("S256"))).await;
    let loc = location(&r);
    assert_eq!((loc.host_str(), loc.port(), loc.path()), (Some("127.0.0.1"), Some(54321), "/oauth/zoom/callback"));
    let code = param(&loc, "code").unwrap();
    assert_eq!(exchange(&sb, &code, loopback, &verifier).await.status(), StatusCode::OK);

    let r = authorize(&sb, &auth_params("http://localhost:54321/oauth/zoom/callback", &challenge, Some("S256"))).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get("location").is_none());
    assert!(r.text().await.unwrap().contains("Invalid redirect"));
}

#[tokio::test]
async fn bad_client_or_redirect_shows_an_error_page_without_redirecting() {
    let sb = start(scenario("test.json"), false).await;
    let (_, challenge) = pkce();
    for (client, redirect, text) in [
        (PUBLIC, "https://evil.example.com/cb", "Invalid redirect: https://evil.example.com/cb"),
        (PUBLIC, "myscihub://oauth/zoom/other", "Invalid redirect"),
        ("nobody", CALLBACK, "Invalid client_id: nobody"),
    ] {
        let r = authorize(&sb, &[("response_type", "code"), ("client_id", client), ("redirect_uri", redirect), ("code_challenge", &challenge)]).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.headers().get("location").is_none());
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(r.text().await.unwrap().contains(text), "{text}");
    }
    // The decision endpoint checks again instead of trusting the page's hidden fields.
    let form = [
        ("client_id", PUBLIC),
        ("redirect_uri", "https://evil.example.com/cb"),
        ("response_type", "code"),
        ("code_challenge", &challenge),
        ("user_id", FREE),
        ("decision", "allow"),
    ];
    let r = http().post(format!("{}/oauth/authorize/decision", sb.base_url())).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get("location").is_none());
}

#[tokio::test]
async fn confidential_client_uses_basic_auth() {
    let sb = start(scenario("test.json"), true).await;
    let redirect = "https://app.example.org/oauth/zoom/callback";
    let r = authorize(&sb, &[("response_type", "code"), ("client_id", CONFIDENTIAL), ("redirect_uri", redirect), ("state", "c1")]).await;
    let code = param(&location(&r), "code").unwrap();
    let form = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", redirect)];
    let url = format!("{}/oauth/token", sb.base_url());
    let invalid_client = json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"});

    // Without credentials, with a wrong secret, or posing as a public client: refused.
    let r = http().post(&url).form(&form).send().await.unwrap();
    assert_eq!(json(r).await, (StatusCode::UNAUTHORIZED, invalid_client.clone()));
    let r = http().post(&url).basic_auth(CONFIDENTIAL, Some("wrong")).form(&form).send().await.unwrap();
    assert_eq!(json(r).await, (StatusCode::UNAUTHORIZED, invalid_client.clone()));
    let mut as_public = form.to_vec();
    as_public.push(("client_id", CONFIDENTIAL));
    let r = http().post(&url).form(&as_public).send().await.unwrap();
    assert_eq!(json(r).await.0, StatusCode::UNAUTHORIZED);

    let r = http().post(&url).basic_auth(CONFIDENTIAL, Some(SECRET)).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = tokens(r).await;
    let r = http()
        .post(&url)
        .header("authorization", format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{CONFIDENTIAL}:{SECRET}"))))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", t.refresh.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // A public client never sends an Authorization header.
    let (verifier, challenge) = pkce();
    let code = code_for(&sb, "free@example.org", CALLBACK, &challenge).await;
    let r = http()
        .post(&url)
        .basic_auth(PUBLIC, Some(""))
        .form(&[("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", CALLBACK), ("code_verifier", verifier.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(json(r).await, (StatusCode::UNAUTHORIZED, invalid_client));
}

#[tokio::test]
async fn deny_redirects_with_access_denied() {
    let sb = start(scenario("test.json"), false).await;
    let (_, challenge) = pkce();
    let mut form = auth_params(CALLBACK, &challenge, Some("S256"));
    form.extend([("user_id", FREE), ("decision", "deny")]);
    let r = http().post(format!("{}/oauth/authorize/decision", sb.base_url())).form(&form).send().await.unwrap();
    let loc = location(&r);
    assert_eq!(param(&loc, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&loc, "state").as_deref(), Some("s-42"));
    assert_eq!(param(&loc, "code"), None);
}

#[tokio::test]
async fn bounce_page_forwards_to_the_app_scheme() {
    let sb = start(scenario("test.json"), false).await;
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&[("code", "abc"), ("state", "xyz")], "myscihub://oauth/zoom/callback?code=abc&state=xyz"),
        (&[("error", "access_denied"), ("state", "xyz")], "myscihub://oauth/zoom/callback?state=xyz&error=access_denied"),
        // Installed from the Marketplace: a code and no state of ours.
        (&[("code", "m+1/2"), ("ignored", "1")], "myscihub://oauth/zoom/callback?code=m%2B1%2F2"),
    ];
    for (query, expected) in cases {
        let r = http().get(format!("{}/oauth/bounce", sb.base_url())).query(query).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(r.headers()["location"], expected);
    }
}

#[tokio::test]
async fn auto_approve_signs_in_the_login_hint_user() {
    let sb = start(scenario("test.json"), true).await;
    let pro = sign_in(&sb, "pro@example.org").await;
    let (_, me) = json(api(&sb, "/v2/users/me", &pro.access).await).await;
    assert_eq!(me["id"], PRO);
    // Without a hint (or with an unknown one) it is the first user.
    let (verifier, challenge) = pkce();
    let r = authorize(&sb, &auth_params(CALLBACK, &challenge, Some("S256"))).await;
    let code = param(&location(&r), "code").unwrap();
    let t = tokens(exchange(&sb, &code, CALLBACK, &verifier).await).await;
    let (_, me) = json(api(&sb, "/v2/users/me", &t.access).await).await;
    assert_eq!(me["id"], FREE);
}

#[tokio::test]
async fn public_client_must_use_pkce() {
    let sb = start(scenario("test.json"), true).await;
    let r = authorize(&sb, &[("response_type", "code"), ("client_id", PUBLIC), ("redirect_uri", CALLBACK)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get("location").is_none());
}

#[tokio::test]
async fn tokens_are_accepted_only_in_the_bearer_header() {
    let sb = start(scenario("test.json"), true).await;
    let t = sign_in(&sb, "free@example.org").await;
    let invalid = json!({"code": 124, "message": "Invalid access token."});
    let url = format!("{}/v2/users/me", sb.base_url());
    let r = http().get(&url).query(&[("access_token", &t.access)]).send().await.unwrap();
    assert_eq!(json(r).await, (StatusCode::UNAUTHORIZED, invalid.clone()));
    // Even with a good header, a token in the URL is refused.
    let r = http().get(&url).query(&[("access_token", &t.access)]).bearer_auth(&t.access).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = http().get(&url).send().await.unwrap();
    assert_eq!(json(r).await, (StatusCode::UNAUTHORIZED, invalid.clone()));
    let (status, body): (StatusCode, Value) = json(api(&sb, "/v2/users/me", "zsbx_at_forged").await).await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, invalid));
}

#[tokio::test]
async fn unknown_grant_type_and_token_prefixes_are_searchable() {
    let sb = start(scenario("test.json"), true).await;
    let (status, body) = json(token(&sb, &[("grant_type", "password"), ("client_id", PUBLIC)]).await).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unsupported_grant_type")));
    let a = sign_in(&sb, "free@example.org").await;
    let b = sign_in(&sb, "free@example.org").await;
    assert_ne!(a.access, b.access);
    assert_ne!(a.refresh, b.refresh);
    assert!(a.access[8..].chars().all(|c| c.is_ascii_alphanumeric()));
}
