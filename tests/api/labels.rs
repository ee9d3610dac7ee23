//! `/contacts/{contact_id}/labels` (reference 15.3) and how the labels it sets are found again.

use crate::helpers::*;
use serde_json::{Value, json};

/// Mia: resolved (she has an email) and unlabelled; plus a contact of account 2.
fn mia_fixture() -> Value {
    json!({
        "contacts": [
            {"id": 1000, "account_id": 1, "name": "Mia Moe", "email": "mia@example.com",
             "created_at": "2024-02-01T00:00:00Z"},
            {"id": 1001, "account_id": 2, "name": "Elsewhere", "email": "else@other.test"}
        ]
    })
}

fn mia() -> Value {
    json!({
        "additional_attributes": {}, "availability_status": "offline", "email": "mia@example.com",
        "id": 1000, "name": "Mia Moe", "phone_number": null, "blocked": false, "identifier": null,
        "thumbnail": "", "custom_attributes": {}, "created_at": 1706745600, "contact_inboxes": []
    })
}

const JOHN: &str = "/api/v1/accounts/1/contacts/10/labels";
const MIA: &str = "/api/v1/accounts/1/contacts/1000/labels";

#[actix_web::test]
async fn index_lists_the_titles() {
    let app = spawn_app().await;
    for token in [ADMIN, AGENT] {
        let res = app.get(JOHN, token).await;
        assert_eq!((res.status, res.json()), (200, json!({"payload": ["vip"]})));
    }
}

#[actix_web::test]
async fn create_replaces_the_whole_set() {
    let app = spawn_app().await;
    // Any title is accepted (classic), case-insensitively unique; blanks are dropped.
    let res = app
        .post(
            JOHN,
            AGENT,
            json!({"labels": ["Lead", "churn-risk", "LEAD", " ", "vip"]}),
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"payload": ["churn-risk", "Lead", "vip"]}))
    );
    let res = app.post(JOHN, ADMIN, json!({"labels": ["lead"]})).await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"payload": ["lead"]}))
    );
    assert_eq!(
        app.get(JOHN, ADMIN).await.json(),
        json!({"payload": ["lead"]})
    );
    // A single string is a one-element list; form bodies use `labels[]`.
    let res = app.post(JOHN, ADMIN, json!({"labels": "solo"})).await;
    assert_eq!(res.json(), json!({"payload": ["solo"]}));
    let res = app
        .send_raw(
            "POST",
            JOHN,
            Some(ADMIN),
            "application/x-www-form-urlencoded",
            "labels[]=a&labels[]=b",
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"payload": ["a", "b"]}))
    );
}

#[actix_web::test]
async fn missing_or_empty_labels_clear_them() {
    let app = spawn_app().await;
    for body in [
        Some(json!({"labels": []})),
        Some(json!({})),
        Some(json!({"labels": null})),
        None,
    ] {
        app.post(JOHN, ADMIN, json!({"labels": ["x"]})).await;
        let res = app.send("POST", JOHN, Some(ADMIN), body.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (200, json!({"payload": []})),
            "{body:?}"
        );
        assert_eq!(app.get(JOHN, ADMIN).await.json(), json!({"payload": []}));
    }
}

#[actix_web::test]
async fn wrong_types_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    for bad in [
        json!({"labels": {"a": 1}}),
        json!({"labels": [["a"]]}),
        json!({"labels": [null]}),
        json!({"labels": true}),
    ] {
        let res = app.post(JOHN, ADMIN, bad.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (422, json!({"error": "labels must be an array of strings"})),
            "{bad}"
        );
    }
    let res = app
        .send_raw("POST", JOHN, Some(ADMIN), "application/json", "[1]")
        .await;
    assert_eq!(
        (res.status, res.json()),
        (422, json!({"error": "request body must be a JSON object"}))
    );
    let res = app
        .send_raw("POST", JOHN, Some(ADMIN), "application/json", "{")
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(
        app.get(JOHN, ADMIN).await.json(),
        json!({"payload": ["vip"]})
    );
}

#[actix_web::test]
async fn access_errors() {
    let app = spawn_app_with(Some(mia_fixture())).await;
    let path = |a: &str, c: &str| format!("/api/v1/accounts/{a}/contacts/{c}/labels");
    assert_contact_route_errors(&app, "GET", path, None, 1001).await;
    assert_contact_route_errors(&app, "POST", path, Some(json!({"labels": ["x"]})), 1001).await;
    // Account 2's admin labels account 2's contact; account 1 is untouched.
    let res = app
        .post(
            "/api/v1/accounts/2/contacts/1001/labels",
            OTHER,
            json!({"labels": ["x"]}),
        )
        .await;
    assert_eq!((res.status, res.json()), (200, json!({"payload": ["x"]})));
    assert_eq!(
        app.get(JOHN, ADMIN).await.json(),
        json!({"payload": ["vip"]})
    );
}

#[actix_web::test]
async fn labels_set_here_are_found_by_the_index_labels_param() {
    let app = spawn_app_with(Some(mia_fixture())).await;
    let res = app.post(MIA, AGENT, json!({"labels": ["Newbie"]})).await;
    assert_eq!(res.json(), json!({"payload": ["Newbie"]}));
    let res = app
        .get("/api/v1/accounts/1/contacts?labels[]=newbie", ADMIN)
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"meta": {"count": 1, "current_page": 1}, "payload": [mia()]})
    );
}

#[actix_web::test]
async fn labels_set_here_are_found_by_the_filter() {
    let app = spawn_app_with(Some(mia_fixture())).await;
    app.post(MIA, ADMIN, json!({"labels": ["newbie", "vip"]}))
        .await;
    let res = app
        .post(
            "/api/v1/accounts/1/contacts/filter",
            ADMIN,
            json!({"payload": [{"attribute_key": "labels", "filter_operator": "equal_to",
                                "values": ["NEWBIE"], "query_operator": null}]}),
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"meta": {"count": 1, "current_page": 1}, "payload": [mia()]})
    );
    // Clearing them here takes Mia out of the filter again.
    app.post(MIA, ADMIN, json!({"labels": []})).await;
    let res = app
        .post(
            "/api/v1/accounts/1/contacts/filter",
            ADMIN,
            json!({"payload": [{"attribute_key": "labels", "filter_operator": "is_present", "values": []}]}),
        )
        .await;
    assert_eq!(res.json()["meta"]["count"], json!(1));
    assert_eq!(res.json()["payload"][0]["id"], json!(10));
}
