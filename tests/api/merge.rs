//! `POST /api/v1/accounts/{account_id}/actions/contact_merge` (reference 20, labels united).

use crate::contacts::john;
use crate::helpers::*;
use serde_json::{Value, json};

const MERGE: &str = "/api/v1/accounts/1/actions/contact_merge";

/// Jane (11: everything set, online, a conversation, a note, labels, an API contact inbox), an
/// anonymous contact (12), a contact of account 2 (20), and two more inboxes for the public API.
pub fn merge_fixture() -> Value {
    json!({
      "inboxes": [
        {"id": 10, "account_id": 1, "name": "Strict API", "channel_type": "Channel::Api",
         "identifier": "api-strict", "hmac_token": "strict-secret", "hmac_mandatory": true},
        {"id": 11, "account_id": 1, "name": "Widget", "channel_type": "Channel::WebWidget",
         "identifier": "web-ident"}
      ],
      "contacts": [
        {"id": 11, "account_id": 1, "name": "Jane Mergee", "email": "jane@example.com",
         "phone_number": "+15551230000", "identifier": "user_456",
         "custom_attributes": {"plan": "free", "tier": "gold", "prefs": {"lang": "fr"}},
         "additional_attributes": {"city": "Paris", "browser": "firefox"},
         "labels": ["lead", "VIP"], "online": true, "created_at": "2024-02-01T08:00:00Z",
         "contact_inboxes": [{"inbox_id": 4, "source_id": "src-jane-api"}]},
        {"id": 12, "account_id": 1,
         "custom_attributes": {"plan": "trial", "prefs": {"tz": "UTC"}},
         "labels": ["vip"], "created_at": "2024-02-02T08:00:00Z",
         "contact_inboxes": [{"inbox_id": 4, "source_id": "src-anon-api"}]},
        {"id": 20, "account_id": 2, "name": "Other Account", "email": "o@other.test",
         "created_at": "2024-02-03T08:00:00Z"}
      ],
      "conversations": [
        {"id": 101, "display_id": 2, "account_id": 1, "inbox_id": 4, "contact_id": 11,
         "created_at": "2024-03-05T10:00:00Z", "last_activity_at": "2024-03-05T10:05:00Z",
         "messages": [{"content": "Hi from Jane", "message_type": "incoming"},
                      {"content": "Hello Jane", "message_type": "outgoing"}]}
      ],
      "notes": [{"id": 2, "contact_id": 11, "user_id": 2, "content": "Jane called",
                 "created_at": "2024-03-06T09:00:00Z"}]
    })
}

/// Jane as show renders her.
pub fn jane() -> Value {
    json!({
        "additional_attributes": {"city": "Paris", "browser": "firefox"},
        "availability_status": "online",
        "email": "jane@example.com",
        "id": 11,
        "name": "Jane Mergee",
        "phone_number": "+15551230000",
        "blocked": false,
        "identifier": "user_456",
        "thumbnail": "",
        "custom_attributes": {"plan": "free", "tier": "gold", "prefs": {"lang": "fr"}},
        "created_at": 1706774400,
        "contact_inboxes": [{"source_id": "src-jane-api", "inbox": {
            "id": 4, "avatar_url": "", "channel_id": 4, "name": "API",
            "channel_type": "Channel::Api", "provider": null}}]
    })
}

/// Runs one statement against the app's database (to plant data the API cannot create).
pub fn exec(app: &TestApp, sql: &str) {
    app.db
        .write(|c| Ok(c.execute(sql, ())?))
        .expect("statement runs");
}

/// The first column of every row a query returns, as JSON values.
pub fn column(app: &TestApp, sql: &str) -> Vec<Value> {
    app.db
        .read(|c| {
            let mut stmt = c.prepare(sql)?;
            let rows = stmt.query_map((), |r| {
                Ok(match r.get_ref(0)?.as_i64_or_null() {
                    Ok(Some(i)) => json!(i),
                    Ok(None) => Value::Null,
                    Err(_) => json!(r.get::<_, String>(0)?),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("query runs")
}

/// Where Jane's things are: her conversation, her messages as sender, her contact inbox, her note.
fn owners(app: &TestApp) -> Vec<Vec<Value>> {
    vec![
        column(app, "SELECT contact_id FROM conversations WHERE id = 101"),
        column(
            app,
            "SELECT sender_id FROM messages WHERE conversation_id = 101 AND sender_type = 'Contact'",
        ),
        column(
            app,
            "SELECT contact_id FROM contact_inboxes WHERE source_id = 'src-jane-api'",
        ),
        column(app, "SELECT contact_id FROM notes WHERE id = 2"),
    ]
}

fn labels(app: &TestApp, contact_id: i64) -> Vec<Value> {
    column(
        app,
        &format!("SELECT name FROM contact_labels WHERE contact_id = {contact_id} ORDER BY name"),
    )
}

#[actix_web::test]
async fn merge_moves_everything_to_the_base_and_base_values_win() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let res = app
        .post(
            MERGE,
            AGENT,
            json!({"base_contact_id": 10, "mergee_contact_id": 11}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({
            "additional_attributes": {"city": "New York", "browser": "firefox", "country": "USA",
                                      "company_name": "Doe Inc"},
            // Jane's heartbeat is the latest, so the merged contact is online.
            "availability_status": "online",
            "email": "john@example.com",
            "id": 10,
            "name": "John Doe",
            "phone_number": "+1234567890",
            "blocked": false,
            "identifier": "user_123",
            "thumbnail": "",
            "custom_attributes": {"plan": "pro", "tier": "gold", "prefs": {"lang": "fr"}, "seats": 5},
            "last_activity_at": 1709294400,
            "created_at": 1705312800
        })
    );
    // At top level, without contact_inboxes.
    assert!(res.text.starts_with(r#"{"additional_attributes":"#));

    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .status,
        404
    );
    assert_eq!(owners(&app), vec![vec![json!(10)]; 4]);
    // The outgoing message was the agent's, not Jane's: untouched.
    assert_eq!(
        column(
            &app,
            "SELECT sender_type FROM messages WHERE conversation_id = 101 ORDER BY id"
        ),
        vec![json!("Contact"), Value::Null]
    );
    // Labels are united, case-insensitively.
    assert_eq!(labels(&app, 10), vec![json!("lead"), json!("vip")]);
    let shown = app
        .get("/api/v1/accounts/1/contacts/10", ADMIN)
        .await
        .json();
    assert_eq!(
        shown["payload"]["contact_inboxes"],
        json!([
            {"source_id": "src-john-web", "inbox": {"id": 1, "avatar_url": "", "channel_id": 1,
              "name": "Website", "channel_type": "Channel::WebWidget", "provider": null}},
            {"source_id": "src-jane-api", "inbox": {"id": 4, "avatar_url": "", "channel_id": 4,
              "name": "API", "channel_type": "Channel::Api", "provider": null}}
        ])
    );
    // Jane's email went with her: it is free again.
    let res = app
        .post(
            "/api/v1/accounts/1/contacts",
            ADMIN,
            json!({"email": "jane@example.com"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[actix_web::test]
async fn a_blank_base_takes_the_mergees_values_which_the_delete_freed() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let before = app.get("/api/v1/accounts/1/contacts", ADMIN).await.json();
    assert_eq!(before["meta"]["count"], 2);
    let res = app
        .post(
            MERGE,
            ADMIN,
            json!({"base_contact_id": "12", "mergee_contact_id": 11}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({
            "additional_attributes": {"city": "Paris", "browser": "firefox"},
            "availability_status": "online",
            "email": "jane@example.com",
            "id": 12,
            "name": "Jane Mergee",
            "phone_number": "+15551230000",
            "blocked": false,
            "identifier": "user_456",
            "thumbnail": "",
            "custom_attributes": {"plan": "trial", "tier": "gold", "prefs": {"lang": "fr", "tz": "UTC"}},
            "created_at": 1706860800
        })
    );
    assert_eq!(owners(&app), vec![vec![json!(12)]; 4]);
    assert_eq!(labels(&app, 12), vec![json!("lead"), json!("vip")]);
    // 12 became a lead, and resolved: the index count follows (11 gone, 12 in).
    assert_eq!(
        column(&app, "SELECT contact_type FROM contacts WHERE id = 12"),
        vec![json!(1)]
    );
    let after = app.get("/api/v1/accounts/1/contacts", ADMIN).await.json();
    assert_eq!(after["meta"]["count"], 2);
    assert_eq!(after["payload"][1]["id"], 12);
}

#[actix_web::test]
async fn merging_a_contact_into_itself_changes_nothing() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let res = app
        .post(
            MERGE,
            ADMIN,
            json!({"base_contact_id": 10, "mergee_contact_id": 10}),
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json(), without(john(), &["contact_inboxes"]));
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/10", ADMIN)
            .await
            .json(),
        json!({"payload": john()})
    );
}

#[actix_web::test]
async fn a_failure_after_the_delete_rolls_the_whole_merge_back() {
    // Legacy rows that today's rules reject (classic Chatwoot had no name limit and an unanchored
    // phone format): the merged base fails validation only after the mergee is deleted and its
    // conversations, inboxes, notes and labels have moved.
    let long_name = "N".repeat(300);
    let cases = [
        (
            format!("UPDATE contacts SET name = '{long_name}' WHERE id = 10"),
            10,
            json!({"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]}),
        ),
        (
            "UPDATE contacts SET phone_number = 'abc+1234' WHERE id = 11".to_string(),
            12,
            json!({"message": "Phone number should be in e164 format", "attributes": ["phone_number"]}),
        ),
    ];
    for (plant, base, error) in cases {
        let app = spawn_app_with(Some(merge_fixture())).await;
        exec(&app, &plant);
        let jane_before = app.get("/api/v1/accounts/1/contacts/11", ADMIN).await;
        let base_before = app
            .get(&format!("/api/v1/accounts/1/contacts/{base}"), ADMIN)
            .await;
        let res = app
            .post(
                MERGE,
                ADMIN,
                json!({"base_contact_id": base, "mergee_contact_id": 11}),
            )
            .await;
        assert_eq!(res.status, 422, "{}", res.text);
        assert_eq!(res.json(), error);
        let jane_after = app.get("/api/v1/accounts/1/contacts/11", ADMIN).await;
        assert_eq!(jane_after.status, 200);
        assert_eq!(jane_after.json(), jane_before.json());
        assert_eq!(
            app.get(&format!("/api/v1/accounts/1/contacts/{base}"), ADMIN)
                .await
                .json(),
            base_before.json()
        );
        assert_eq!(owners(&app), vec![vec![json!(11)]; 4]);
        assert_eq!(labels(&app, 11), vec![json!("lead"), json!("VIP")]);
        assert_eq!(labels(&app, base).len(), 1);
    }
}

#[actix_web::test]
async fn merge_errors() {
    let app = spawn_app_with(Some(merge_fixture())).await;
    let not_found = json!({"error": "Resource could not be found"});
    for body in [
        json!({"base_contact_id": 999, "mergee_contact_id": 11}),
        json!({"base_contact_id": 10, "mergee_contact_id": 999}),
        // A contact of another account is not found either way round.
        json!({"base_contact_id": 20, "mergee_contact_id": 11}),
        json!({"base_contact_id": 10, "mergee_contact_id": 20}),
        // Missing, null or blank ids find nothing, like Chatwoot's `find(nil)`.
        json!({"mergee_contact_id": 11}),
        json!({"base_contact_id": 10}),
        json!({"base_contact_id": null, "mergee_contact_id": 11}),
        json!({"base_contact_id": 10, "mergee_contact_id": ""}),
        json!({}),
    ] {
        let res = app.post(MERGE, ADMIN, body.clone()).await;
        assert_eq!((res.status, res.json()), (404, not_found.clone()), "{body}");
    }
    for (body, error) in [
        (
            json!({"base_contact_id": "abc", "mergee_contact_id": 11}),
            "base_contact_id must be an integer",
        ),
        (
            json!({"base_contact_id": 10, "mergee_contact_id": [11]}),
            "mergee_contact_id must be an integer",
        ),
        (
            json!({"base_contact_id": {"id": 10}, "mergee_contact_id": 11}),
            "base_contact_id must be an integer",
        ),
        (
            json!({"base_contact_id": 10.5, "mergee_contact_id": 11}),
            "base_contact_id must be an integer",
        ),
    ] {
        let res = app.post(MERGE, ADMIN, body.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (422, json!({"error": error})),
            "{body}"
        );
    }
    let res = app
        .send_raw(
            "POST",
            MERGE,
            Some(ADMIN),
            "application/json",
            "{\"base_contact_id\":",
        )
        .await;
    assert_eq!(res.status, 400);
    let res = app
        .send_raw("POST", MERGE, Some(ADMIN), "application/json", "[10, 11]")
        .await;
    assert_eq!(
        (res.status, res.json()),
        (422, json!({"error": "request body must be a JSON object"}))
    );

    let ids = json!({"base_contact_id": 10, "mergee_contact_id": 11});
    let res = app.send("POST", MERGE, None, Some(ids.clone())).await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"errors": ["You need to sign in or sign up before continuing."]})
        )
    );
    let res = app.post(MERGE, "nope", ids.clone()).await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": "Invalid Access Token"}))
    );
    let res = app.post(MERGE, OTHER, ids.clone()).await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"error": "You are not authorized to access this account"})
        )
    );
    let res = app
        .post("/api/v1/accounts/999/actions/contact_merge", ADMIN, ids)
        .await;
    assert_eq!((res.status, res.json()), (404, not_found));
    // Nothing was merged by any of the above.
    assert_eq!(owners(&app), vec![vec![json!(11)]; 4]);
    assert_eq!(
        app.get("/api/v1/accounts/1/contacts/11", ADMIN)
            .await
            .json(),
        json!({"payload": jane()})
    );
}
