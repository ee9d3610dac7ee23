//! `POST .../contacts/{contact_id}/contact_inboxes` (reference 15.2) and
//! `POST .../contact_inboxes/filter` (reference 21).

use crate::contacts::john;
use crate::helpers::*;
use crate::merge::{column, merge_fixture};
use serde_json::{Value, json};

const JOHN_INBOXES: &str = "/api/v1/accounts/1/contacts/10/contact_inboxes";
const ANON_INBOXES: &str = "/api/v1/accounts/1/contacts/12/contact_inboxes";
const FILTER: &str = "/api/v1/accounts/1/contact_inboxes/filter";

fn slim(id: i64, name: &str, channel_type: &str, provider: Value) -> Value {
    json!({"id": id, "avatar_url": "", "channel_id": id, "name": name,
           "channel_type": channel_type, "provider": provider})
}

fn api_inbox() -> Value {
    slim(4, "API", "Channel::Api", Value::Null)
}

#[actix_web::test]
async fn create_returns_the_bare_contact_inbox_and_is_idempotent() {
    let app = spawn_app().await;
    let body = json!({"inbox_id": 4, "source_id": "ext-42"});
    let first = app.post(JOHN_INBOXES, ADMIN, body.clone()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(
        first.json(),
        json!({"source_id": "ext-42", "inbox": api_inbox()})
    );
    let again = app.post(JOHN_INBOXES, ADMIN, body).await;
    assert_eq!((again.status, again.json()), (200, first.json()));
    assert_eq!(
        column(
            &app,
            "SELECT count(*) FROM contact_inboxes WHERE source_id = 'ext-42'"
        ),
        vec![json!(1)]
    );
    let shown = app
        .get("/api/v1/accounts/1/contacts/10", ADMIN)
        .await
        .json();
    assert_eq!(
        shown["payload"]["contact_inboxes"][1],
        json!({"source_id": "ext-42", "inbox": api_inbox()})
    );
}

#[actix_web::test]
async fn source_ids_are_generated_per_channel() {
    let app = spawn_app().await;
    let cases = [
        (
            2,
            json!("john@example.com"),
            slim(2, "Support mail", "Channel::Email", Value::Null),
        ),
        (
            3,
            json!("+1234567890"),
            slim(3, "SMS", "Channel::Sms", Value::Null),
        ),
        (
            5,
            json!("1234567890"),
            slim(5, "WhatsApp", "Channel::Whatsapp", json!("whatsapp_cloud")),
        ),
        (
            6,
            json!("+1234567890"),
            slim(6, "Twilio", "Channel::TwilioSms", Value::Null),
        ),
        (
            7,
            json!("whatsapp:+1234567890"),
            slim(7, "Twilio WA", "Channel::TwilioSms", Value::Null),
        ),
    ];
    for (inbox_id, source_id, inbox) in cases {
        let res = app
            .post(JOHN_INBOXES, ADMIN, json!({"inbox_id": inbox_id}))
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        let mut want = json!({"source_id": source_id, "inbox": inbox});
        if inbox_id == 2 {
            want["inbox"]["email"] = json!("support@acme.test");
        }
        assert_eq!(res.json(), want, "inbox {inbox_id}");
    }
    // API inboxes get a fresh UUID.
    let res = app
        .post(JOHN_INBOXES, ADMIN, json!({"inbox_id": "4"}))
        .await;
    assert_eq!(res.status, 200);
    let body = res.json();
    let source_id = body["source_id"].as_str().unwrap_or_default();
    assert!(uuid::Uuid::parse_str(source_id).is_ok(), "{source_id}");
    assert_eq!(without(body, &["source_id"]), json!({"inbox": api_inbox()}));
}

#[actix_web::test]
async fn hmac_verified_is_taken_from_the_truthy_param() {
    let app = spawn_app().await;
    for (source_id, flag, want) in [
        ("v-1", json!(true), 1),
        ("v-2", json!("1"), 1),
        ("v-3", json!(false), 0),
        ("v-4", Value::Null, 0),
    ] {
        let res = app
            .post(
                JOHN_INBOXES,
                ADMIN,
                json!({"inbox_id": 4, "source_id": source_id, "hmac_verified": flag}),
            )
            .await;
        assert_eq!(res.status, 200);
        assert_eq!(
            column(
                &app,
                &format!(
                    "SELECT hmac_verified FROM contact_inboxes WHERE source_id = '{source_id}'"
                )
            ),
            vec![json!(want)]
        );
    }
}

#[actix_web::test]
async fn agents_reach_only_their_inboxes() {
    let app = spawn_app().await;
    let res = app
        .post(
            JOHN_INBOXES,
            AGENT,
            json!({"inbox_id": 1, "source_id": "agent-web"}),
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (
            200,
            json!({"source_id": "agent-web", "inbox": slim(1, "Website", "Channel::WebWidget", Value::Null)})
        )
    );
    let res = app
        .post(
            JOHN_INBOXES,
            AGENT,
            json!({"inbox_id": 4, "source_id": "x"}),
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"error": "You are not authorized to do this action"})
        )
    );
    assert_eq!(
        column(
            &app,
            "SELECT count(*) FROM contact_inboxes WHERE source_id = 'x'"
        ),
        vec![json!(0)]
    );
}

#[actix_web::test]
async fn create_errors() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let not_found = json!({"error": "Resource could not be found"});
    let cases: Vec<(&str, Value, u16, Value)> = vec![
        (
            JOHN_INBOXES,
            json!({}),
            422,
            json!({"error": "param is missing or the value is empty: inbox_id"}),
        ),
        (
            JOHN_INBOXES,
            json!({"inbox_id": null}),
            422,
            json!({"error": "param is missing or the value is empty: inbox_id"}),
        ),
        (
            JOHN_INBOXES,
            json!({"inbox_id": "abc"}),
            422,
            json!({"error": "inbox_id must be an integer"}),
        ),
        (
            JOHN_INBOXES,
            json!({"inbox_id": 4, "source_id": {"a": 1}}),
            422,
            json!({"error": "source_id must be a string"}),
        ),
        (
            JOHN_INBOXES,
            json!({"inbox_id": 4, "hmac_verified": "maybe"}),
            422,
            json!({"error": "hmac_verified must be true or false"}),
        ),
        (
            JOHN_INBOXES,
            json!({"inbox_id": 999}),
            404,
            not_found.clone(),
        ),
        // An inbox of another account.
        (JOHN_INBOXES, json!({"inbox_id": 9}), 404, not_found.clone()),
        (
            "/api/v1/accounts/1/contacts/999/contact_inboxes",
            json!({"inbox_id": 4}),
            404,
            not_found.clone(),
        ),
        (
            "/api/v1/accounts/1/contacts/20/contact_inboxes",
            json!({"inbox_id": 4}),
            404,
            not_found.clone(),
        ),
        (
            "/api/v1/accounts/1/contacts/abc/contact_inboxes",
            json!({"inbox_id": 4}),
            404,
            not_found.clone(),
        ),
        // The contact has no email / phone to derive a source id from.
        (
            ANON_INBOXES,
            json!({"inbox_id": 2}),
            422,
            json!({"error": "param is missing or the value is empty: contact email"}),
        ),
        (
            ANON_INBOXES,
            json!({"inbox_id": 6}),
            422,
            json!({"error": "param is missing or the value is empty: contact phone number"}),
        ),
        (
            ANON_INBOXES,
            json!({"inbox_id": 8}),
            422,
            json!({"error": "source_id is required for Channel::Telegram inboxes"}),
        ),
        (
            ANON_INBOXES,
            json!({"inbox_id": 5, "source_id": "+123"}),
            422,
            json!({"message": "Source id invalid source id for Whatsapp inbox", "attributes": ["source_id"]}),
        ),
        // Another contact already holds this source id in the widget inbox.
        (
            ANON_INBOXES,
            json!({"inbox_id": 1, "source_id": "src-john-web"}),
            422,
            json!({"error": "Source id has already been taken"}),
        ),
    ];
    for (path, body, status, want) in cases {
        let res = app.post(path, ADMIN, body.clone()).await;
        assert_eq!((res.status, res.json()), (status, want), "{path} {body}");
    }
    let res = app
        .send_raw(
            "POST",
            JOHN_INBOXES,
            Some(ADMIN),
            "application/json",
            "{oops",
        )
        .await;
    assert_eq!(res.status, 400);
    let res = app
        .send("POST", JOHN_INBOXES, None, Some(json!({"inbox_id": 4})))
        .await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"errors": ["You need to sign in or sign up before continuing."]})
        )
    );
    let res = app.post(JOHN_INBOXES, "bad", json!({"inbox_id": 4})).await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": "Invalid Access Token"}))
    );
    let res = app.post(JOHN_INBOXES, OTHER, json!({"inbox_id": 4})).await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"error": "You are not authorized to access this account"})
        )
    );
    // Nothing was created by any failure.
    assert_eq!(
        column(&app, "SELECT count(*) FROM contact_inboxes"),
        vec![json!(3)]
    );
}

#[actix_web::test]
async fn filter_finds_the_contact_by_source_id() {
    let app = spawn_app().await;
    for token in [ADMIN, AGENT] {
        let res = app
            .post(
                FILTER,
                token,
                json!({"inbox_id": 1, "source_id": "src-john-web"}),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.json(), john());
        assert!(res.text.starts_with(r#"{"additional_attributes":"#));
    }
}

#[actix_web::test]
async fn filter_errors() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    // A miss is a 404 with no body at all.
    for body in [
        json!({"inbox_id": 1, "source_id": "nobody"}),
        json!({"inbox_id": 1}),
        json!({"inbox_id": 1, "source_id": null}),
        // The source id exists, but in another inbox.
        json!({"inbox_id": 4, "source_id": "src-john-web"}),
    ] {
        let res = app.post(FILTER, ADMIN, body.clone()).await;
        assert_eq!((res.status, res.text.as_str()), (404, ""), "{body}");
    }
    let not_found = json!({"error": "Resource could not be found"});
    for (token, body, status, want) in [
        (
            ADMIN,
            json!({"inbox_id": 999, "source_id": "x"}),
            404,
            not_found.clone(),
        ),
        (
            ADMIN,
            json!({"inbox_id": 9, "source_id": "x"}),
            404,
            not_found.clone(),
        ),
        (
            AGENT,
            json!({"inbox_id": 4, "source_id": "src-jane-api"}),
            401,
            json!({"error": "You are not authorized to do this action"}),
        ),
        (
            ADMIN,
            json!({"source_id": "src-john-web"}),
            422,
            json!({"error": "param is missing or the value is empty: inbox_id"}),
        ),
        (
            ADMIN,
            json!({"inbox_id": [1], "source_id": "src-john-web"}),
            422,
            json!({"error": "inbox_id must be an integer"}),
        ),
        (
            ADMIN,
            json!({"inbox_id": 1, "source_id": ["src-john-web"]}),
            422,
            json!({"error": "source_id must be a string"}),
        ),
        (
            OTHER,
            json!({"inbox_id": 1, "source_id": "src-john-web"}),
            401,
            json!({"error": "You are not authorized to access this account"}),
        ),
        (
            "bad",
            json!({"inbox_id": 1, "source_id": "src-john-web"}),
            401,
            json!({"error": "Invalid Access Token"}),
        ),
    ] {
        let res = app.post(FILTER, token, body.clone()).await;
        assert_eq!((res.status, res.json()), (status, want), "{token} {body}");
    }
    let res = app
        .post(
            "/api/v1/accounts/999/contact_inboxes/filter",
            ADMIN,
            json!({"inbox_id": 1, "source_id": "src-john-web"}),
        )
        .await;
    assert_eq!((res.status, res.json()), (404, not_found));
    let res = app
        .send_raw(
            "POST",
            FILTER,
            Some(ADMIN),
            "application/json",
            "{\"inbox_id\"",
        )
        .await;
    assert_eq!(res.status, 400);
    let res = app
        .send("POST", FILTER, None, Some(json!({"inbox_id": 1})))
        .await;
    assert_eq!(res.status, 401);
}
