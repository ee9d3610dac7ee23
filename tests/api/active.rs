//! `GET .../contacts/active` (reference 8, 11): the contacts with a presence heartbeat inside the
//! window (20 s here), resolved or not, in index's envelope.

use crate::helpers::*;
use serde_json::{Value, json};

const ACTIVE: &str = "/api/v1/accounts/1/contacts/active";

/// Online: 1001 (resolved), 1002 (unresolved), 1004; offline: 1003; 1010 is online in account 2.
fn fixture() -> Value {
    json!({"contacts": [
        {"id": 1001, "account_id": 1, "name": "Zed Online", "email": "zed@online.test", "online": true,
         "created_at": "2024-02-01T00:00:00Z", "additional_attributes": {"city": "Oslo"},
         "contact_inboxes": [{"inbox_id": 1, "source_id": "src-zed-web"}]},
        {"id": 1002, "account_id": 1, "name": "amy unresolved", "online": true,
         "created_at": "2024-02-02T00:00:00Z"},
        {"id": 1003, "account_id": 1, "name": "Bea Offline", "email": "bea@offline.test",
         "identifier": "bea-id", "created_at": "2024-02-03T00:00:00Z"},
        {"id": 1004, "account_id": 1, "name": "Cy Online", "phone_number": "+4915100004", "online": true,
         "created_at": "2024-02-04T00:00:00Z"},
        {"id": 1010, "account_id": 2, "name": "Other Online", "email": "o@other.test", "online": true}
    ]})
}

fn zed() -> Value {
    json!({
        "additional_attributes": {"city": "Oslo"},
        "availability_status": "online",
        "email": "zed@online.test",
        "id": 1001,
        "name": "Zed Online",
        "phone_number": null,
        "blocked": false,
        "identifier": null,
        "thumbnail": "",
        "custom_attributes": {},
        "created_at": 1706745600,
        "contact_inboxes": [{"source_id": "src-zed-web", "inbox": {
            "id": 1, "avatar_url": "", "channel_id": 1, "name": "Website",
            "channel_type": "Channel::WebWidget", "provider": null}}]
    })
}

fn amy() -> Value {
    json!({
        "additional_attributes": {},
        "availability_status": "online",
        "email": null,
        "id": 1002,
        "name": "amy unresolved",
        "phone_number": null,
        "blocked": false,
        "identifier": null,
        "thumbnail": "",
        "custom_attributes": {},
        "created_at": 1706832000,
        "contact_inboxes": []
    })
}

fn cy() -> Value {
    json!({
        "additional_attributes": {},
        "availability_status": "online",
        "email": null,
        "id": 1004,
        "name": "Cy Online",
        "phone_number": "+4915100004",
        "blocked": false,
        "identifier": null,
        "thumbnail": "",
        "custom_attributes": {},
        "created_at": 1707004800,
        "contact_inboxes": []
    })
}

async fn active(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("{ACTIVE}{query}"), ADMIN).await;
    assert_eq!(res.status, 200, "{query}: {}", res.text);
    res.json()
}

#[actix_web::test]
async fn active_lists_online_contacts_resolved_or_not_in_the_index_envelope() {
    let app = spawn_app_with(Some(fixture())).await;
    assert_eq!(
        active(&app, "").await,
        json!({"meta": {"count": 3, "current_page": 1}, "payload": [zed(), amy(), cy()]})
    );
    // An agent may list them too; another account sees only its own.
    let res = app.get(ACTIVE, AGENT).await;
    assert_eq!(res.status, 200);
    assert_eq!(ids(&res.json()), vec![1001, 1002, 1004]);
    let res = app.get("/api/v1/accounts/2/contacts/active", OTHER).await;
    assert_eq!(ids(&res.json()), vec![1010]);
    // include_contact_inboxes=false omits the key.
    let mut slim = zed();
    slim.as_object_mut().unwrap().remove("contact_inboxes");
    let body = active(&app, "?include_contact_inboxes=false&per_page=1").await;
    assert_eq!(
        body,
        json!({"meta": {"count": 3, "current_page": 1}, "payload": [slim]})
    );
}

#[actix_web::test]
async fn active_sorts_and_pages() {
    let app = spawn_app_with(Some(fixture())).await;
    let cases: Vec<(&str, Value, Vec<i64>)> = vec![
        (
            "?sort=name",
            json!({"count": 3, "current_page": 1}),
            vec![1002, 1004, 1001],
        ),
        (
            "?sort=-name",
            json!({"count": 3, "current_page": 1}),
            vec![1001, 1004, 1002],
        ),
        // Missing emails last ascending (ties by id).
        (
            "?sort=email",
            json!({"count": 3, "current_page": 1}),
            vec![1001, 1002, 1004],
        ),
        (
            "?sort=-created_at",
            json!({"count": 3, "current_page": 1}),
            vec![1004, 1002, 1001],
        ),
        (
            "?per_page=2",
            json!({"count": 3, "current_page": 1}),
            vec![1001, 1002],
        ),
        (
            "?per_page=2&page=2",
            json!({"count": 3, "current_page": "2"}),
            vec![1004],
        ),
        (
            "?per_page=2&page=3",
            json!({"count": 3, "current_page": "3"}),
            vec![],
        ),
        (
            "?per_page=2&page=0",
            json!({"count": 3, "current_page": "0"}),
            vec![1001, 1002],
        ),
        (
            "?per_page=2&page=x",
            json!({"count": 3, "current_page": "x"}),
            vec![1001, 1002],
        ),
        (
            "?sort=-name&per_page=2&page=2",
            json!({"count": 3, "current_page": "2"}),
            vec![1002],
        ),
    ];
    for (query, meta, want) in cases {
        let body = active(&app, query).await;
        assert_eq!((body["meta"].clone(), ids(&body)), (meta, want), "{query}");
    }
}

#[actix_web::test]
async fn active_empties_when_the_window_passes_and_public_requests_bring_contacts_back() {
    let app = spawn_app_with(Some(fixture())).await;
    app.clock.advance(10);
    assert_eq!(ids(&active(&app, "").await), vec![1001, 1002, 1004]);
    app.clock.advance(11);
    let empty = json!({"meta": {"count": 0, "current_page": 1}, "payload": []});
    assert_eq!(active(&app, "").await, empty);
    assert_eq!(
        app.get("/api/v1/accounts/2/contacts/active", OTHER)
            .await
            .json(),
        empty
    );

    // A public API request is the contact's heartbeat: Bea, found by her identifier...
    let res = app
        .send(
            "POST",
            "/public/api/v1/inboxes/api-inbox-1/contacts",
            None,
            Some(json!({"identifier": "bea-id", "source_id": "src-bea-api"})),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["id"], json!(1003));
    let body = active(&app, "").await;
    assert_eq!(ids(&body), vec![1003]);
    assert_eq!(body["payload"][0]["availability_status"], json!("online"));
    assert_eq!(body["meta"], json!({"count": 1, "current_page": 1}));

    // ...and a contact the public API creates, with nothing that resolves it.
    let res = app
        .send(
            "POST",
            "/public/api/v1/inboxes/api-inbox-1/contacts",
            None,
            Some(json!({"name": "Newcomer"})),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let new_id = res.json()["id"].as_i64().unwrap();
    let body = active(&app, "?sort=name").await;
    assert_eq!(ids(&body), vec![1003, new_id]);
    assert_eq!(body["payload"][1]["name"], json!("Newcomer"));

    app.clock.advance(21);
    assert_eq!(active(&app, "").await, empty);
}
