//! Contract: what the sandbox answers validates against Zoom's own OpenAPI schemas
//! (schema/zoom-meeting-api.openapi.json, a subset of Zoom's published spec; the invitation path, which the
//! subset lacked, was added from Zoom's own typing of its response).

mod common;

use common::schema::*;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn demo_responses_validate_against_zoom_schemas() {
    let doc = openapi();
    let user_schema = validator(&doc, "/users/{userId}");
    let list_schema = validator(&doc, "/users/{userId}/meetings");
    let meeting_schema = validator(&doc, "/meetings/{meetingId}");
    let invitation_schema = validator(&doc, "/meetings/{meetingId}/invitation");

    let mut s = scenario("demo.json");
    // Dozens of quick calls from one free account would meet the rate limit, not the schema.
    s.rate_limits = false;
    let expected: Vec<(String, usize)> = s.users.iter().map(|u| (u.email.clone(), u.meetings.len())).collect();
    s.clients[0].client_id = PUBLIC.into();
    let sb = start(s, true).await;
    let mut checked = 0;
    for (email, count) in expected {
        let t = sign_in(&sb, &email).await;
        let (status, me) = json(api(&sb, "/v2/users/me", &t.access).await).await;
        assert_eq!(status, StatusCode::OK);
        assert_valid(&user_schema, &me, "GET /users/me");

        let mut ids = Vec::new();
        for list_type in ["scheduled", "upcoming", "previous_meetings", "live"] {
            let mut token = String::new();
            loop {
                let path = format!("/v2/users/me/meetings?type={list_type}&page_size=7&next_page_token={token}");
                let (status, page) = json(api(&sb, &path, &t.access).await).await;
                assert_eq!(status, StatusCode::OK);
                assert_valid(&list_schema, &page, &format!("GET /users/me/meetings?type={list_type}"));
                if list_type == "scheduled" {
                    ids.extend(page["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()));
                }
                token = page["next_page_token"].as_str().unwrap().to_string();
                if token.is_empty() {
                    break;
                }
            }
        }
        assert_eq!(ids.len(), count, "{email}: every demo meeting is listed");
        for id in ids {
            let (status, m) = json(api(&sb, &format!("/v2/meetings/{id}"), &t.access).await).await;
            assert_eq!(status, StatusCode::OK);
            assert_valid(&meeting_schema, &m, &format!("GET /meetings/{id}"));
            let (status, invitation) = json(api(&sb, &format!("/v2/meetings/{id}/invitation"), &t.access).await).await;
            assert_eq!(status, StatusCode::OK);
            assert_valid(&invitation_schema, &invitation, &format!("GET /meetings/{id}/invitation"));
            assert!(invitation["invitation"].as_str().unwrap().contains(m["join_url"].as_str().unwrap()), "the invitation carries the join link");
            checked += 1;
        }
    }
    assert!(checked >= 24, "a few dozen demo meetings, got {checked}");
}

#[test]
fn the_validators_really_reject_what_zoom_would_not_send() {
    let doc = openapi();
    let user = validator(&doc, "/users/{userId}");
    let list = validator(&doc, "/users/{userId}/meetings");
    let meeting = validator(&doc, "/meetings/{meetingId}");
    assert!(!user.is_valid(&json!({"id": "x"})), "type is required");
    assert!(!user.is_valid(&json!({"type": 3})), "type is 1, 2 or 99");
    assert!(!list.is_valid(&json!({"meetings": [{"id": "85512345678"}]})), "id is an integer");
    assert!(!list.is_valid(&json!({"meetings": [{"start_time": "tomorrow"}]})), "start_time is a date-time");
    assert!(!list.is_valid(&json!({"page_size": 301})), "page_size is at most 300");
    assert!(!meeting.is_valid(&json!({"occurrences": [{"duration": "1h"}]})));
    let invitation = validator(&doc, "/meetings/{meetingId}/invitation");
    assert!(!invitation.is_valid(&json!({"invitation": 42})));
    assert!(!invitation.is_valid(&json!({"invitation": "x", "start_url": "https://zoom.us/s/1"})));
    assert!(list.is_valid(&json!({"meetings": [{"id": 85512345678u64, "type": 3, "brand_new_field": 1}]})));
}

#[test]
fn nullable_becomes_a_null_type() {
    let mut s = json!({"properties": {"a": {"type": "string", "nullable": true, "enum": ["x"]}}});
    nullable_to_draft4(&mut s);
    assert_eq!(s["properties"]["a"], json!({"type": ["string", "null"], "enum": ["x", null]}));
}
