//! `POST .../contacts/export` (reference 19; README: 200 with the CSV itself, streamed).

use crate::helpers::*;
use serde_json::{Value, json};

const EXPORT: &str = "/api/v1/accounts/1/contacts/export";

/// Next to John Doe (10): a formula-looking name, a contact with no email, phone or identifier (not
/// resolved, so never exported), and a vip reachable by phone only.
fn extra() -> Value {
    json!({
        "contacts": [
            {"id": 20, "account_id": 1, "name": "=HYPERLINK(\"http://evil\",\"x\")", "email": "eve@x.io",
             "custom_attributes": {"plan": "free"}, "created_at": "2024-02-01T08:30:00Z"},
            {"id": 21, "account_id": 1, "name": "No Keys", "created_at": "2024-02-01T08:30:00Z"},
            {"id": 22, "account_id": 1, "name": "-Vip Two", "phone_number": "+15550009999", "labels": ["VIP"],
             "created_at": "2024-02-01T08:30:00Z"},
            {"id": 23, "account_id": 2, "name": "Other Account", "email": "o@x.io", "created_at": "2024-02-01T08:30:00Z"}
        ]
    })
}

async fn export(app: &TestApp, token: &str, body: Value) -> Resp {
    app.post(EXPORT, token, body).await
}

#[actix_web::test]
async fn default_columns_resolved_contacts_in_id_order() {
    let app = spawn_app_with(Some(extra())).await;
    let res = export(&app, ADMIN, json!({})).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        res.header("content-disposition"),
        Some("attachment; filename=\"contacts_1.csv\"")
    );
    assert_eq!(
        res.text,
        "id,name,email,phone_number\n\
         10,John Doe,john@example.com,+1234567890\n\
         20,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",eve@x.io,\n\
         22,'-Vip Two,,+15550009999\n"
    );
    // No body at all is the same request.
    let res = app.send("POST", EXPORT, Some(ADMIN), None).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.text.lines().count(), 4);
}

#[actix_web::test]
async fn column_names_keep_request_order_and_drop_unknown_names() {
    let app = spawn_app().await;
    let res = export(
        &app,
        ADMIN,
        json!({"column_names": ["email", "bogus", "id", "created_at", "custom_attributes",
                                "additional_attributes", "blocked", "contact_type", "location", "email"]}),
    )
    .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.text,
        "email,id,created_at,custom_attributes,additional_attributes,blocked,contact_type,location\n\
         john@example.com,10,2024-01-15 10:00:00 UTC,\"{\"\"plan\"\":\"\"pro\"\",\"\"seats\"\":5}\",\
         \"{\"\"city\"\":\"\"New York\"\",\"\"country\"\":\"\"USA\"\",\"\"company_name\"\":\"\"Doe Inc\"\"}\",\
         false,lead,New York\n"
    );
    // Only unknown names: the default columns.
    let res = export(&app, ADMIN, json!({"column_names": ["middle_name"]})).await;
    assert_eq!(
        res.text,
        "id,name,email,phone_number\n10,John Doe,john@example.com,+1234567890\n"
    );
}

#[actix_web::test]
async fn payload_filter_selects_and_wins_over_label() {
    let app = spawn_app_with(Some(extra())).await;
    let body = json!({
        "column_names": ["id"],
        "label": "vip",
        "payload": [{"attribute_key": "plan", "filter_operator": "equal_to", "values": ["FREE"]}]
    });
    let res = export(&app, ADMIN, body).await;
    assert_eq!((res.status, res.text.as_str()), (200, "id\n20\n"));
    let or = json!({"column_names": ["id"], "payload": [
        {"attribute_key": "email", "filter_operator": "equal_to", "values": ["eve@x.io"], "query_operator": "OR"},
        {"attribute_key": "phone_number", "filter_operator": "equal_to", "values": ["15550009999"]}]});
    let res = export(&app, ADMIN, or).await;
    assert_eq!(res.text, "id\n20\n22\n");
    // An empty payload is no filter.
    let res = export(&app, ADMIN, json!({"column_names": ["id"], "payload": []})).await;
    assert_eq!(res.text, "id\n10\n20\n22\n");
}

#[actix_web::test]
async fn label_selects_tagged_resolved_contacts_case_insensitively() {
    let app = spawn_app_with(Some(extra())).await;
    let res = export(
        &app,
        ADMIN,
        json!({"column_names": ["id", "name"], "label": "Vip"}),
    )
    .await;
    assert_eq!(res.text, "id,name\n10,John Doe\n22,'-Vip Two\n");
    let res = export(&app, ADMIN, json!({"label": "nobody-has-this"})).await;
    assert_eq!(res.text, "id,name,email,phone_number\n");
}

#[actix_web::test]
async fn filter_errors_are_the_filter_endpoint_422s() {
    let app = spawn_app().await;
    let res = export(
        &app,
        ADMIN,
        json!({"payload": [{"attribute_key": "country_code", "filter_operator": "contains", "values": ["x"]}]}),
    )
    .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"error": "Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to]."})
    );
    let res = export(&app, ADMIN, json!({"column_names": {"a": 1}})).await;
    assert_eq!(
        (res.status, res.json()),
        (
            422,
            json!({"error": "column_names must be an array of strings"})
        )
    );
    let res = app
        .send_raw("POST", EXPORT, Some(ADMIN), "application/json", "{oops")
        .await;
    assert_eq!(res.status, 400);
}

#[actix_web::test]
async fn export_is_for_administrators_only() {
    let app = spawn_app().await;
    let res = export(&app, AGENT, json!({})).await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"error": "You are not authorized to do this action"})
        )
    );
    let res = export(&app, OTHER, json!({})).await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"error": "You are not authorized to access this account"})
        )
    );
    let res = app
        .post("/api/v1/accounts/99/contacts/export", ADMIN, json!({}))
        .await;
    assert_eq!(
        (res.status, res.json()),
        (404, json!({"error": "Resource could not be found"}))
    );
    // Account 2's admin exports account 2 only.
    let res = app
        .post("/api/v1/accounts/2/contacts/export", OTHER, json!({}))
        .await;
    assert_eq!(
        (res.status, res.text.as_str()),
        (200, "id,name,email,phone_number\n")
    );
}

/// Large enough to need many chunks: every row arrives, in order, once.
#[actix_web::test]
async fn streams_many_rows() {
    let contacts: Vec<Value> = (0..10000)
        .map(|i| {
            json!({"id": 1000 + i, "account_id": 1, "name": format!("Person {i}"),
                        "email": format!("p{i}@x.io"), "created_at": 1700000000})
        })
        .collect();
    let app = spawn_app_with(Some(json!({ "contacts": contacts }))).await;
    let res = export(&app, ADMIN, json!({"column_names": ["id", "email"]})).await;
    assert_eq!(res.status, 200);
    let lines: Vec<&str> = res.text.lines().collect();
    assert_eq!(lines.len(), 10002);
    assert_eq!(lines[1], "10,john@example.com");
    assert_eq!(lines[2], "1000,p0@x.io");
    assert_eq!(lines[10001], "10999,p9999@x.io");
}
