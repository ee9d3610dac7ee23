//! The public client API: `/public/api/v1/inboxes/{inbox_identifier}/contacts` (reference 16).

use crate::helpers::*;
use crate::merge::{column, merge_fixture};
use serde_json::{Value, json};

const CONTACTS: &str = "/public/api/v1/inboxes/api-inbox-1/contacts";
const STRICT: &str = "/public/api/v1/inboxes/api-strict/contacts";
const ANON: &str = "/public/api/v1/inboxes/api-inbox-1/contacts/src-anon-api";
const JANE: &str = "/public/api/v1/inboxes/api-inbox-1/contacts/src-jane-api";

/// hex HMAC-SHA256 of the identifier with the inbox token (computed with `openssl dgst -hmac`).
const H_123: &str = "d0aadd436740c64273e941b6878cdae2e87cbe0b08fafa8d9f39b728d2d62463";
const H_456: &str = "c9034c61752aaa7337b2d2c1329b88e0acab58008b72c924c9fdcf34559210f9";
const H_999: &str = "0036be1c8e7020776116939e640e784cfdbc5475ae39fd26c1e20d2b561a7720";
/// With the strict inbox's token.
const STRICT_NEW_USER: &str = "aaa4075dcba371e580d83122c6aa01e270201af95f33a9fcc658f8f41ea6776d";

const HMAC_INVALID: &str = "HMAC failed: Invalid Identifier Hash Provided";
const HMAC_CONFLICT: &str = "HMAC failed: Identifier does not match contact";

fn not_found() -> Value {
    json!({"error": "Resource could not be found"})
}

async fn public(app: &TestApp, method: &str, path: &str, body: Value) -> Resp {
    app.send(method, path, None, Some(body)).await
}

fn pubsub_token(app: &TestApp, source_id: &str) -> Value {
    column(
        app,
        &format!("SELECT pubsub_token FROM contact_inboxes WHERE source_id = '{source_id}'"),
    )
    .pop()
    .unwrap_or(Value::Null)
}

fn hmac_verified(app: &TestApp, source_id: &str) -> Vec<Value> {
    column(
        app,
        &format!("SELECT hmac_verified FROM contact_inboxes WHERE source_id = '{source_id}'"),
    )
}

fn count(app: &TestApp, table: &str) -> i64 {
    column(app, &format!("SELECT count(*) FROM {table}"))
        .pop()
        .and_then(|v| v.as_i64())
        .unwrap_or(-1)
}

async fn availability(app: &TestApp, id: i64) -> Value {
    app.get(&format!("/api/v1/accounts/1/contacts/{id}"), ADMIN)
        .await
        .json()["payload"]["availability_status"]
        .clone()
}

fn api_inbox_slim() -> Value {
    json!({"id": 4, "avatar_url": "", "channel_id": 4, "name": "API",
           "channel_type": "Channel::Api", "provider": null})
}

#[actix_web::test]
async fn create_makes_an_anonymous_contact_with_a_generated_name() {
    let app = spawn_app().await;
    let res = public(&app, "POST", CONTACTS, json!({})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res.text.starts_with(r#"{"source_id":"#), "{}", res.text);
    let body = res.json();
    let source_id = body["source_id"].as_str().unwrap_or_default().to_string();
    assert!(uuid::Uuid::parse_str(&source_id).is_ok(), "{source_id}");
    assert_eq!(body["pubsub_token"], pubsub_token(&app, &source_id));
    assert_eq!(body["pubsub_token"].as_str().map(str::len), Some(24));
    let name = body["name"].as_str().unwrap_or_default().to_string();
    let parts: Vec<&str> = name.split('-').collect();
    assert_eq!(parts.len(), 3, "{name}");
    assert!(parts[0].chars().all(|c| c.is_ascii_lowercase()) && !parts[0].is_empty());
    assert!(parts[1].chars().all(|c| c.is_ascii_lowercase()) && !parts[1].is_empty());
    assert!(
        parts[2].len() == 4 && parts[2].chars().all(|c| c.is_ascii_digit()),
        "{name}"
    );
    assert_eq!(
        without(body, &["source_id", "pubsub_token", "name"]),
        json!({"id": 11, "email": null, "phone_number": null})
    );
    // What the account API sees: an online visitor reachable through the API inbox.
    let shown = app
        .get("/api/v1/accounts/1/contacts/11", ADMIN)
        .await
        .json();
    assert_eq!(
        without(shown, &["created_at"]),
        json!({"payload": {
            "additional_attributes": {}, "availability_status": "online", "email": null, "id": 11,
            "name": name, "phone_number": null, "blocked": false, "identifier": null, "thumbnail": "",
            "custom_attributes": {},
            "contact_inboxes": [{"source_id": source_id, "inbox": api_inbox_slim()}]
        }})
    );
}

#[actix_web::test]
async fn create_keeps_permitted_fields_and_returns_a_known_source_id_as_it_is() {
    let app = spawn_app().await;
    let res = public(
        &app,
        "POST",
        CONTACTS,
        json!({"source_id": "visitor-1", "name": "Vera", "email": "Vera@Example.com",
               "phone_number": "+15550009999", "custom_attributes": {"plan": "free"},
               "additional_attributes": {"city": "Rome"}, "blocked": true, "avatar_url": "https://x.test/a.png"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let created = json!({"source_id": "visitor-1", "pubsub_token": pubsub_token(&app, "visitor-1"),
                         "id": 11, "name": "Vera", "email": "vera@example.com",
                         "phone_number": "+15550009999"});
    assert_eq!(res.json(), created);
    let shown = app
        .get("/api/v1/accounts/1/contacts/11", ADMIN)
        .await
        .json();
    assert_eq!(
        without(shown, &["created_at"]),
        json!({"payload": {
            "additional_attributes": {}, "availability_status": "online",
            "email": "vera@example.com", "id": 11, "name": "Vera", "phone_number": "+15550009999",
            "blocked": false, "identifier": null, "thumbnail": "", "custom_attributes": {"plan": "free"},
            "contact_inboxes": [{"source_id": "visitor-1", "inbox": api_inbox_slim()}]
        }})
    );
    let again = public(
        &app,
        "POST",
        CONTACTS,
        json!({"source_id": "visitor-1", "name": "Other", "email": "other@x.io"}),
    )
    .await;
    assert_eq!((again.status, again.json()), (200, created));
    assert_eq!(count(&app, "contacts"), 2);
}

#[actix_web::test]
async fn create_finds_the_contact_by_identifier_then_email_then_phone() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let john = |source_id: &Value| {
        json!({"source_id": source_id, "pubsub_token": "-", "id": 10, "name": "John Doe",
               "email": "john@example.com", "phone_number": "+1234567890"})
    };
    for body in [
        json!({"identifier": "user_123"}),
        json!({"email": "JOHN@example.com", "name": "Not John"}),
        json!({"phone_number": "+1234567890"}),
        // Identifier first: Jane's identifier beats John's email.
        json!({"identifier": "user_456", "email": "john@example.com"}),
    ] {
        let res = public(&app, "POST", CONTACTS, body.clone()).await;
        assert_eq!(res.status, 200, "{body}: {}", res.text);
        let mut got = res.json();
        got["pubsub_token"] = json!("-");
        let mut want = john(&got["source_id"]);
        if body["identifier"] == "user_456" {
            want = json!({"source_id": got["source_id"], "pubsub_token": "-", "id": 11,
                          "name": "Jane Mergee", "email": "jane@example.com",
                          "phone_number": "+15551230000"});
        }
        assert_eq!(got, want, "{body}");
    }
    assert_eq!(
        column(
            &app,
            "SELECT count(*) FROM contact_inboxes WHERE contact_id = 10 AND inbox_id = 4"
        ),
        vec![json!(3)]
    );
    assert_eq!(count(&app, "contacts"), 4);
}

#[actix_web::test]
async fn create_errors() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    for (path, body, status, want) in [
        (
            CONTACTS,
            json!({"email": "bad"}),
            422,
            json!({"message": "Email Invalid email", "attributes": ["email"]}),
        ),
        (
            CONTACTS,
            json!({"phone_number": "555"}),
            422,
            json!({"message": "Phone number should be in e164 format", "attributes": ["phone_number"]}),
        ),
        (
            CONTACTS,
            json!({"name": "n".repeat(256)}),
            422,
            json!({"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]}),
        ),
        (
            CONTACTS,
            json!({"name": {"first": "Jo"}}),
            422,
            json!({"error": "name must be a string"}),
        ),
        (
            CONTACTS,
            json!({"custom_attributes": [1]}),
            422,
            json!({"error": "custom_attributes must be an object"}),
        ),
        (
            CONTACTS,
            json!({"identifier_hash": 5.5, "identifier": "x"}),
            401,
            json!({"error": HMAC_INVALID}),
        ),
        (
            "/public/api/v1/inboxes/nope/contacts",
            json!({}),
            404,
            not_found(),
        ),
        // Only API inboxes are public, whatever identifier another inbox carries.
        (
            "/public/api/v1/inboxes/web-ident/contacts",
            json!({}),
            404,
            not_found(),
        ),
    ] {
        let res = public(&app, "POST", path, body.clone()).await;
        assert_eq!((res.status, res.json()), (status, want), "{path} {body}");
    }
    let res = app
        .send_raw("POST", CONTACTS, None, "application/json", "{\"name\": ")
        .await;
    assert_eq!(res.status, 400);
    let res = app
        .send_raw("POST", CONTACTS, None, "application/json", "[\"x\"]")
        .await;
    assert_eq!(
        (res.status, res.json()),
        (422, json!({"error": "request body must be a JSON object"}))
    );
    assert_eq!(count(&app, "contacts"), 4);
    assert_eq!(count(&app, "contact_inboxes"), 3);
}

#[actix_web::test]
async fn create_checks_the_identifier_hash() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    // Good hash: John is found and his new contact inbox is verified.
    let res = public(
        &app,
        "POST",
        CONTACTS,
        json!({"source_id": "john-api", "identifier": "user_123", "identifier_hash": H_123}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["id"], 10);
    assert_eq!(hmac_verified(&app, "john-api"), vec![json!(1)]);
    // No hash on a lenient inbox: no check, no trust.
    let res = public(
        &app,
        "POST",
        CONTACTS,
        json!({"source_id": "john-api-2", "identifier": "user_123"}),
    )
    .await;
    assert_eq!(res.status, 200);
    assert_eq!(hmac_verified(&app, "john-api-2"), vec![json!(0)]);
    for body in [
        json!({"identifier": "user_123", "identifier_hash": "00ff"}),
        json!({"identifier": "user_123", "identifier_hash": H_999}),
        json!({"identifier_hash": H_123}),
    ] {
        let res = public(&app, "POST", CONTACTS, body.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (401, json!({"error": HMAC_INVALID})),
            "{body}"
        );
    }
    // A valid pair for user_999 cannot be used to reach John through his email.
    let res = public(
        &app,
        "POST",
        CONTACTS,
        json!({"identifier": "user_999", "identifier_hash": H_999, "email": "john@example.com"}),
    )
    .await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": HMAC_CONFLICT}))
    );
    assert_eq!(count(&app, "contacts"), 4);
    assert_eq!(count(&app, "contact_inboxes"), 5);
}

#[actix_web::test]
async fn a_mandatory_hmac_inbox_refuses_every_unproven_request() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    for body in [json!({}), json!({"identifier": "new-user"})] {
        let res = public(&app, "POST", STRICT, body.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (401, json!({"error": HMAC_INVALID})),
            "{body}"
        );
    }
    let res = public(
        &app,
        "POST",
        STRICT,
        json!({"source_id": "strict-1", "identifier": "new-user", "identifier_hash": STRICT_NEW_USER,
               "name": "New User"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let created = json!({"source_id": "strict-1", "pubsub_token": pubsub_token(&app, "strict-1"),
                         "id": 21, "name": "New User", "email": null, "phone_number": null});
    assert_eq!(res.json(), created);
    assert_eq!(hmac_verified(&app, "strict-1"), vec![json!(1)]);
    assert_eq!(
        column(&app, "SELECT identifier FROM contacts WHERE id = 21"),
        vec![json!("new-user")]
    );

    let path = format!("{STRICT}/strict-1");
    let res = app.send("GET", &path, None, None).await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": HMAC_INVALID}))
    );
    let res = app
        .send(
            "GET",
            &format!("{path}?identifier=new-user&identifier_hash={STRICT_NEW_USER}"),
            None,
            None,
        )
        .await;
    assert_eq!((res.status, res.json()), (200, created));
    let res = public(&app, "PATCH", &path, json!({"name": "Renamed"})).await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": HMAC_INVALID}))
    );
    let res = public(
        &app,
        "PATCH",
        &path,
        json!({"name": "Renamed", "identifier": "new-user", "identifier_hash": STRICT_NEW_USER}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["name"], "Renamed");
}

#[actix_web::test]
async fn show_returns_the_contact_inbox_and_its_contact() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let jane = json!({"source_id": "src-jane-api", "pubsub_token": pubsub_token(&app, "src-jane-api"),
                      "id": 11, "name": "Jane Mergee", "email": "jane@example.com",
                      "phone_number": "+15551230000"});
    let res = app.send("GET", JANE, None, None).await;
    assert_eq!((res.status, res.json()), (200, jane.clone()));
    assert_eq!(hmac_verified(&app, "src-jane-api"), vec![json!(0)]);
    // Proving Jane's own identifier verifies her contact inbox.
    let res = app
        .send(
            "GET",
            &format!("{JANE}?identifier=user_456&identifier_hash={H_456}"),
            None,
            None,
        )
        .await;
    assert_eq!((res.status, res.json()), (200, jane));
    assert_eq!(hmac_verified(&app, "src-jane-api"), vec![json!(1)]);
    // A valid pair for someone else is refused on Jane, but grants nothing on an anonymous contact.
    let proof_999 = format!("?identifier=user_999&identifier_hash={H_999}");
    let res = app
        .send("GET", &format!("{JANE}{proof_999}"), None, None)
        .await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": HMAC_CONFLICT}))
    );
    let res = app
        .send("GET", &format!("{ANON}{proof_999}"), None, None)
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(hmac_verified(&app, "src-anon-api"), vec![json!(0)]);
    let res = app
        .send(
            "GET",
            &format!("{JANE}?identifier=user_456&identifier_hash=beef"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": HMAC_INVALID}))
    );
    for path in [
        "/public/api/v1/inboxes/api-inbox-1/contacts/nobody",
        // John's widget source id is not in the API inbox.
        "/public/api/v1/inboxes/api-inbox-1/contacts/src-john-web",
        "/public/api/v1/inboxes/nope/contacts/src-jane-api",
        "/public/api/v1/inboxes/web-ident/contacts/src-jane-api",
    ] {
        let res = app.send("GET", path, None, None).await;
        assert_eq!((res.status, res.json()), (404, not_found()), "{path}");
    }
}

#[actix_web::test]
async fn every_public_request_is_a_presence_heartbeat() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    assert_eq!(availability(&app, 12).await, "offline");
    let res = app.send("GET", ANON, None, None).await;
    assert_eq!(res.status, 200);
    assert_eq!(availability(&app, 12).await, "online");
    let active = app
        .get("/api/v1/accounts/1/contacts/active", ADMIN)
        .await
        .json();
    assert_eq!(active["meta"]["count"], 2);
    app.clock.advance(21);
    assert_eq!(availability(&app, 12).await, "offline");
    let res = public(&app, "PATCH", ANON, json!({"name": "Anna"})).await;
    assert_eq!(res.status, 200);
    assert_eq!(availability(&app, 12).await, "online");
    app.clock.advance(21);
    // A failed request records nothing.
    let res = public(&app, "PATCH", ANON, json!({"email": "bad"})).await;
    assert_eq!(res.status, 422);
    assert_eq!(availability(&app, 12).await, "offline");
}

#[actix_web::test]
async fn update_returns_the_raw_contact_record() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let res = public(
        &app,
        "POST",
        CONTACTS,
        json!({"source_id": "john-api", "identifier": "user_123"}),
    )
    .await;
    assert_eq!(res.status, 200);
    let path = format!("{CONTACTS}/john-api");
    let res = public(
        &app,
        "PATCH",
        &path,
        json!({"name": "Johnny", "custom_attributes": {"seats": 6, "team": {"size": 3}},
               "additional_attributes": {"city": "Rome"}, "identifier": "someone-else",
               "blocked": true, "email": "", "phone_number": "  "}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(
        res.text.starts_with(r#"{"id":10,"name":"Johnny","#),
        "{}",
        res.text
    );
    let body = res.json();
    let updated_at = body["updated_at"].as_str().unwrap_or_default().to_string();
    assert!(
        chrono::DateTime::parse_from_rfc3339(&updated_at).is_ok() && updated_at.ends_with(".000Z"),
        "{updated_at}"
    );
    assert_eq!(
        without(body, &["updated_at"]),
        json!({
            "id": 10, "name": "Johnny", "email": "john@example.com", "phone_number": "+1234567890",
            "account_id": 1, "created_at": "2024-01-15T10:00:00.000Z",
            "additional_attributes": {"city": "New York", "country": "USA", "company_name": "Doe Inc"},
            "identifier": "user_123",
            "custom_attributes": {"plan": "pro", "seats": 6, "team": {"size": 3}},
            "last_activity_at": "2024-03-01T12:00:00.000Z", "contact_type": "lead",
            "middle_name": "", "last_name": "", "location": "New York", "country_code": "USA",
            "blocked": false
        })
    );
    // PUT is the same action; custom attributes deep-merge.
    let res = public(
        &app,
        "PUT",
        &path,
        json!({"custom_attributes": {"team": {"lead": "Ann"}}}),
    )
    .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json()["custom_attributes"],
        json!({"plan": "pro", "seats": 6, "team": {"size": 3, "lead": "Ann"}})
    );
    let res = public(&app, "PATCH", ANON, json!({})).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        without(res.json(), &["updated_at"]),
        json!({
            "id": 12, "name": "", "email": null, "phone_number": null, "account_id": 1,
            "created_at": "2024-02-02T08:00:00.000Z", "additional_attributes": {}, "identifier": null,
            "custom_attributes": {"plan": "trial", "prefs": {"tz": "UTC"}}, "last_activity_at": null,
            "contact_type": "visitor", "middle_name": "", "last_name": "", "location": "",
            "country_code": "", "blocked": false
        })
    );
}

#[actix_web::test]
async fn update_merges_the_contact_holding_the_incoming_email_into_this_one() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let res = public(
        &app,
        "PATCH",
        ANON,
        json!({"email": "JANE@example.com", "name": "Jane Public"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        without(res.json(), &["updated_at"]),
        json!({
            "id": 12, "name": "Jane Public", "email": "jane@example.com",
            "phone_number": "+15551230000", "account_id": 1,
            "created_at": "2024-02-02T08:00:00.000Z",
            "additional_attributes": {"city": "Paris", "browser": "firefox"},
            "identifier": "user_456",
            "custom_attributes": {"plan": "trial", "tier": "gold", "prefs": {"lang": "fr", "tz": "UTC"}},
            "last_activity_at": null, "contact_type": "lead", "middle_name": "", "last_name": "",
            "location": "Paris", "country_code": "", "blocked": false
        })
    );
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .status,
        404
    );
    assert_eq!(
        column(&app, "SELECT contact_id FROM conversations WHERE id = 101"),
        vec![json!(12)]
    );
    assert_eq!(
        column(
            &app,
            "SELECT name FROM contact_labels WHERE contact_id = 12 ORDER BY name"
        ),
        vec![json!("lead"), json!("vip")]
    );
    // Jane's old source id now reaches the surviving contact.
    let res = app.send("GET", JANE, None, None).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["id"], 12);
    assert_eq!(res.json()["name"], "Jane Public");
}

#[actix_web::test]
async fn update_merges_by_phone_unless_the_email_says_otherwise() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    // The phone's holder has another email: no merge, and the phone is not written.
    let res = public(
        &app,
        "PATCH",
        ANON,
        json!({"email": "new@x.io", "phone_number": "+15551230000"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(
        (&body["email"], &body["phone_number"]),
        (&json!("new@x.io"), &Value::Null)
    );
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .status,
        200
    );

    let app = spawn_app_with(Some(merge_fixture())).await;
    let res = public(&app, "PATCH", ANON, json!({"phone_number": "+15551230000"})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(
        (
            &body["id"],
            &body["email"],
            &body["phone_number"],
            &body["identifier"]
        ),
        (
            &json!(12),
            &json!("jane@example.com"),
            &json!("+15551230000"),
            &json!("user_456")
        )
    );
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn a_failed_update_undoes_its_merge() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let res = public(
        &app,
        "PATCH",
        ANON,
        json!({"email": "jane@example.com", "name": "n".repeat(256)}),
    )
    .await;
    assert_eq!(
        (res.status, res.json()),
        (
            422,
            json!({"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]})
        )
    );
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .json(),
        json!({"payload": crate::merge::jane()})
    );
    assert_eq!(
        column(&app, "SELECT contact_id FROM conversations WHERE id = 101"),
        vec![json!(11)]
    );
}

#[actix_web::test]
async fn update_errors() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    for (path, body, status, want) in [
        (
            ANON,
            json!({"email": "bad"}),
            422,
            json!({"message": "Email Invalid email", "attributes": ["email"]}),
        ),
        (
            ANON,
            json!({"phone_number": "0800"}),
            422,
            json!({"message": "Phone number should be in e164 format", "attributes": ["phone_number"]}),
        ),
        (
            ANON,
            json!({"email": ["a@b.c"]}),
            422,
            json!({"error": "email must be a string"}),
        ),
        (
            ANON,
            json!({"custom_attributes": "plan"}),
            422,
            json!({"error": "custom_attributes must be an object"}),
        ),
        (
            ANON,
            json!({"identifier": "user_456", "identifier_hash": H_999}),
            401,
            json!({"error": HMAC_INVALID}),
        ),
        (
            JANE,
            json!({"identifier": "user_999", "identifier_hash": H_999, "name": "Mallory"}),
            401,
            json!({"error": HMAC_CONFLICT}),
        ),
        (
            "/public/api/v1/inboxes/api-inbox-1/contacts/nobody",
            json!({"name": "x"}),
            404,
            not_found(),
        ),
        (
            "/public/api/v1/inboxes/nope/contacts/src-anon-api",
            json!({"name": "x"}),
            404,
            not_found(),
        ),
    ] {
        for method in ["PATCH", "PUT"] {
            let res = public(&app, method, path, body.clone()).await;
            assert_eq!(
                (res.status, res.json()),
                (status, want.clone()),
                "{method} {path} {body}"
            );
        }
    }
    let res = app
        .send_raw("PATCH", ANON, None, "application/json", "{\"name\"")
        .await;
    assert_eq!(res.status, 400);
    let res = app
        .send_raw("PUT", ANON, None, "application/json", "\"name\"")
        .await;
    assert_eq!(
        (res.status, res.json()),
        (422, json!({"error": "request body must be a JSON object"}))
    );
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .json(),
        json!({"payload": crate::merge::jane()})
    );
    assert_eq!(
        column(&app, "SELECT name FROM contacts WHERE id = 12"),
        vec![json!("")]
    );
}
