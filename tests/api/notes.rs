//! `/contacts/{contact_id}/notes` (reference 2.3, 15.4).

use crate::helpers::*;
use serde_json::{Value, json};

const NOTES: &str = "/api/v1/accounts/1/contacts/10/notes";

fn ada() -> Value {
    json!({"id": 1, "account_id": 1, "availability_status": "offline", "auto_offline": true,
           "confirmed": true, "email": "ada@acme.test", "provider": "email",
           "available_name": "Ada Admin", "name": "Ada Admin", "role": "administrator", "thumbnail": ""})
}

fn andy() -> Value {
    json!({"id": 2, "account_id": 1, "availability_status": "offline", "auto_offline": true,
           "confirmed": true, "email": "andy@acme.test", "provider": "email",
           "available_name": "Andy Agent", "name": "Andy Agent", "role": "agent", "thumbnail": ""})
}

/// The base fixture's note on John, with the real account and contact ids (our decision).
fn expo_note() -> Value {
    json!({"id": 1, "content": "Met at the expo", "account_id": 1, "contact_id": 10, "user": ada(),
           "created_at": 1709370000, "updated_at": 1709370000})
}

/// More notes on John (two at the same second, one without author) and a note on another contact.
fn notes_fixture() -> Value {
    json!({
        "contacts": [
            {"id": 1000, "account_id": 1, "name": "Mia Moe", "email": "mia@example.com"},
            {"id": 1001, "account_id": 2, "name": "Elsewhere", "email": "else@other.test"}
        ],
        "notes": [
            {"id": 1000, "contact_id": 10, "user_id": 2, "content": "Same second, lower id",
             "created_at": "2024-03-03T09:00:00Z"},
            {"id": 1001, "contact_id": 10, "content": "Same second, higher id",
             "created_at": "2024-03-03T09:00:00Z"},
            {"id": 1002, "contact_id": 10, "user_id": 2, "content": "Oldest",
             "created_at": "2024-01-01T00:00:00Z"},
            {"id": 1003, "contact_id": 1000, "user_id": 1, "content": "Mia's"},
            {"id": 1004, "contact_id": 1001, "user_id": 3, "content": "Other account"}
        ]
    })
}

#[actix_web::test]
async fn index_is_a_bare_array_newest_first() {
    let app = spawn_app_with(Some(notes_fixture())).await;
    let res = app.get(NOTES, AGENT).await;
    assert_eq!(res.status, 200);
    let at = 1709456400; // 2024-03-03T09:00:00Z
    assert_eq!(
        res.json(),
        json!([
            {"id": 1001, "content": "Same second, higher id", "account_id": 1, "contact_id": 10,
             "created_at": at, "updated_at": at},
            {"id": 1000, "content": "Same second, lower id", "account_id": 1, "contact_id": 10,
             "user": andy(), "created_at": at, "updated_at": at},
            expo_note(),
            {"id": 1002, "content": "Oldest", "account_id": 1, "contact_id": 10, "user": andy(),
             "created_at": 1704067200, "updated_at": 1704067200}
        ])
    );
    let res = app
        .get("/api/v1/accounts/1/contacts/10/notes/1", ADMIN)
        .await;
    assert_eq!((res.status, res.json()), (200, expo_note()));
}

#[actix_web::test]
async fn create_accepts_both_body_forms() {
    let app = spawn_app().await;
    let before = app.clock.now();
    let res = app
        .post(NOTES, AGENT, json!({"note": {"content": "Called back"}}))
        .await;
    assert_eq!(res.status, 200);
    let body = res.json();
    let created = body["created_at"].as_i64().unwrap();
    assert!(created >= before && created <= app.clock.now(), "{body}");
    assert_eq!(body["updated_at"], body["created_at"]);
    assert_eq!(
        without(body, &["created_at", "updated_at"]),
        json!({"id": 2, "content": "Called back", "account_id": 1, "contact_id": 10, "user": andy()})
    );
    // Rails' JSON parameter wrapping: a top-level content is the note.
    let res = app.post(NOTES, ADMIN, json!({"content": "Wrapped"})).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        without(res.json(), &["created_at", "updated_at"]),
        json!({"id": 3, "content": "Wrapped", "account_id": 1, "contact_id": 10, "user": ada()})
    );
    // Form bodies must nest it.
    let res = app
        .send_raw(
            "POST",
            NOTES,
            Some(ADMIN),
            "application/x-www-form-urlencoded",
            "note[content]=From%20a%20form",
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["content"], json!("From a form"));
    let list = app.get(NOTES, ADMIN).await.json();
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![4, 3, 2, 1]);
}

#[actix_web::test]
async fn create_refuses_missing_and_blank_content() {
    let app = spawn_app().await;
    let missing = json!({"error": "param is missing or the value is empty: note"});
    let blank = json!({"message": "Content can't be blank", "attributes": ["content"]});
    let cases: Vec<(Option<Value>, Value)> = vec![
        (Some(json!({})), missing.clone()),
        (None, missing.clone()),
        (Some(json!({"note": {}})), missing.clone()),
        (Some(json!({"note": null})), missing.clone()),
        (Some(json!({"unrelated": "x"})), missing.clone()),
        (Some(json!({"content": ""})), blank.clone()),
        (Some(json!({"content": "   "})), blank.clone()),
        (Some(json!({"content": null})), blank.clone()),
        (Some(json!({"note": {"content": ""}})), blank.clone()),
        (Some(json!({"note": {"other": "x"}})), blank.clone()),
        (
            Some(json!({"note": "text"})),
            json!({"error": "note must be an object"}),
        ),
        (
            Some(json!({"content": ["x"]})),
            json!({"error": "content must be a string"}),
        ),
    ];
    for (body, want) in cases {
        let res = app.send("POST", NOTES, Some(ADMIN), body.clone()).await;
        assert_eq!((res.status, res.json()), (422, want), "{body:?}");
    }
    // A form body without `note` is ParameterMissing, even with a top-level content.
    for form in ["content=hi", ""] {
        let res = app
            .send_raw(
                "POST",
                NOTES,
                Some(ADMIN),
                "application/x-www-form-urlencoded",
                form,
            )
            .await;
        assert_eq!((res.status, res.json()), (422, missing.clone()), "{form:?}");
    }
    assert_eq!(app.get(NOTES, ADMIN).await.json(), json!([expo_note()]));
}

#[actix_web::test]
async fn update_changes_content_for_any_member() {
    let app = spawn_app().await;
    let path = "/api/v1/accounts/1/contacts/10/notes/1";
    app.clock.advance(60);
    // Agents may edit an administrator's note; the author stays.
    let res = app
        .patch(
            path,
            AGENT,
            json!({"note": {"content": "Met at the expo, again"}}),
        )
        .await;
    assert_eq!(res.status, 200);
    let body = res.json();
    assert!(body["updated_at"].as_i64().unwrap() > 1709370000);
    let mut want = expo_note();
    want["content"] = json!("Met at the expo, again");
    want["updated_at"] = body["updated_at"].clone();
    assert_eq!(body, want);
    let res = app.put(path, ADMIN, json!({"content": "Put"})).await;
    want["content"] = json!("Put");
    assert_eq!(
        (res.status, without(res.json(), &["updated_at"])),
        (200, without(want.clone(), &["updated_at"]))
    );
    // No content key: nothing to change.
    let res = app.patch(path, ADMIN, json!({"note": {"other": 1}})).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["content"], json!("Put"));
}

#[actix_web::test]
async fn update_refuses_blank_content() {
    let app = spawn_app().await;
    let path = "/api/v1/accounts/1/contacts/10/notes/1";
    let blank = json!({"message": "Content can't be blank", "attributes": ["content"]});
    for body in [
        json!({"content": ""}),
        json!({"note": {"content": " "}}),
        json!({"content": null}),
    ] {
        let res = app.patch(path, ADMIN, body.clone()).await;
        assert_eq!((res.status, res.json()), (422, blank.clone()), "{body}");
    }
    let res = app.put(path, ADMIN, json!({})).await;
    assert_eq!(
        (res.status, res.json()),
        (
            422,
            json!({"error": "param is missing or the value is empty: note"})
        )
    );
    assert_eq!(app.get(path, ADMIN).await.json(), expo_note());
}

#[actix_web::test]
async fn destroy_answers_an_empty_200() {
    let app = spawn_app().await;
    let path = "/api/v1/accounts/1/contacts/10/notes/1";
    let res = app.delete(path, AGENT).await;
    assert_eq!((res.status, res.text.as_str()), (200, ""));
    let res = app.get(path, ADMIN).await;
    assert_eq!(
        (res.status, res.json()),
        (404, json!({"error": "Resource could not be found"}))
    );
    let res = app.delete(path, ADMIN).await;
    assert_eq!(res.status, 404);
    assert_eq!(app.get(NOTES, ADMIN).await.json(), json!([]));
}

#[actix_web::test]
async fn notes_of_other_contacts_are_not_found() {
    let app = spawn_app_with(Some(notes_fixture())).await;
    let not_found = json!({"error": "Resource could not be found"});
    // 1003 is Mia's note, 1004 another account's, 999 nobody's; `new` and `edit` have no action.
    for id in ["1003", "1004", "999", "new", "abc"] {
        let path = format!("/api/v1/accounts/1/contacts/10/notes/{id}");
        for (method, body) in [
            ("GET", None),
            ("PATCH", Some(json!({"content": "x"}))),
            ("PUT", Some(json!({"content": "x"}))),
            ("DELETE", None),
        ] {
            let res = app.send(method, &path, Some(ADMIN), body).await;
            assert_eq!(
                (res.status, res.json()),
                (404, not_found.clone()),
                "{method} {path}"
            );
        }
    }
    let res = app
        .get("/api/v1/accounts/1/contacts/10/notes/1/edit", ADMIN)
        .await;
    assert_eq!(res.status, 404);
    // Mia's note through Mia is fine.
    let res = app
        .get("/api/v1/accounts/1/contacts/1000/notes/1003", AGENT)
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["content"], json!("Mia's"));
}

#[actix_web::test]
async fn access_errors() {
    let app = spawn_app_with(Some(notes_fixture())).await;
    let list = |a: &str, c: &str| format!("/api/v1/accounts/{a}/contacts/{c}/notes");
    let one = |a: &str, c: &str| format!("/api/v1/accounts/{a}/contacts/{c}/notes/1");
    assert_contact_route_errors(&app, "GET", list, None, 1001).await;
    assert_contact_route_errors(&app, "POST", list, Some(json!({"content": "x"})), 1001).await;
    assert_contact_route_errors(&app, "GET", one, None, 1001).await;
    assert_contact_route_errors(&app, "PATCH", one, Some(json!({"content": "x"})), 1001).await;
    assert_contact_route_errors(&app, "PUT", one, Some(json!({"content": "x"})), 1001).await;
    assert_contact_route_errors(&app, "DELETE", one, None, 1001).await;
    // Authorization comes before the body: a bad note is 401 without a token.
    let res = app.send("POST", NOTES, None, Some(json!({}))).await;
    assert_eq!(res.status, 401);
    // Nothing above changed John's notes.
    assert_eq!(
        app.get(NOTES, ADMIN).await.json().as_array().unwrap().len(),
        4
    );
    // Account 2's admin sees account 2's note, with their own role there.
    let res = app
        .get("/api/v1/accounts/2/contacts/1001/notes", OTHER)
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()[0]["user"]["role"], json!("administrator"));
    assert_eq!(res.json()[0]["account_id"], json!(2));
}
