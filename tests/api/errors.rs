//! Authentication order and the error bodies every endpoint shares (reference 0.2 to 0.4, README decisions).

use crate::helpers::*;
use serde_json::{Value, json};

const LIST: &str = "/api/v1/accounts/1/contacts";

fn sign_in() -> Value {
    json!({"errors": ["You need to sign in or sign up before continuing."]})
}

/// Every contacts route of the core, as (method, path, body).
fn routes(account: &str) -> Vec<(&'static str, String, Option<Value>)> {
    let base = format!("/api/v1/accounts/{account}/contacts");
    vec![
        ("GET", base.clone(), None),
        ("POST", base.clone(), Some(json!({"name": "x"}))),
        ("GET", format!("{base}/search?q=john"), None),
        ("GET", format!("{base}/active"), None),
        (
            "POST",
            format!("{base}/filter"),
            Some(json!({"payload": []})),
        ),
        ("GET", format!("{base}/10"), None),
        ("PATCH", format!("{base}/10"), Some(json!({"name": "x"}))),
        ("PUT", format!("{base}/10"), Some(json!({"name": "x"}))),
        ("DELETE", format!("{base}/10"), None),
    ]
}

fn assert_json_error(res: &Resp, status: u16, body: Value, what: &str) {
    assert_eq!(res.status, status, "{what}: {}", res.text);
    assert_eq!(
        res.header("content-type"),
        Some("application/json"),
        "{what}"
    );
    assert_eq!(res.json(), body, "{what}");
}

#[actix_web::test]
async fn a_missing_or_empty_token_asks_to_sign_in_on_every_route() {
    let app = spawn_app().await;
    for (method, path, body) in routes("1") {
        for token in [None, Some(""), Some("   ")] {
            let res = app.send(method, &path, token, body.clone()).await;
            assert_json_error(
                &res,
                401,
                sign_in(),
                &format!("{method} {path} token={token:?}"),
            );
        }
    }
    // Also before the account is looked up.
    let res = app
        .send("GET", "/api/v1/accounts/999/contacts", None, None)
        .await;
    assert_json_error(&res, 401, sign_in(), "unknown account");
    // An Authorization header is not a token.
    let res = TestApp::finish(
        app.client
            .get(format!("{}{LIST}", app.url))
            .header("authorization", format!("Bearer {ADMIN}")),
    )
    .await;
    assert_json_error(&res, 401, sign_in(), "bearer only");
}

#[actix_web::test]
async fn an_unknown_token_is_invalid_on_every_route_before_the_account_is_checked() {
    let app = spawn_app().await;
    for account in ["1", "999", "abc"] {
        for (method, path, body) in routes(account) {
            let res = app.send(method, &path, Some("tok-nope"), body).await;
            assert_json_error(
                &res,
                401,
                json!({"error": "Invalid Access Token"}),
                &format!("{method} {path}"),
            );
        }
    }
}

#[actix_web::test]
async fn an_unknown_account_is_404_for_a_valid_token() {
    let app = spawn_app().await;
    for account in ["999", "abc", "0", "-1"] {
        for (method, path, body) in routes(account) {
            for token in [ADMIN, AGENT] {
                let res = app.send(method, &path, Some(token), body.clone()).await;
                assert_json_error(
                    &res,
                    404,
                    json!({"error": "Resource could not be found"}),
                    &format!("{method} {path} as {token}"),
                );
            }
        }
    }
}

#[actix_web::test]
async fn another_accounts_member_is_not_authorized_for_this_account() {
    let app = spawn_app().await;
    for (method, path, body) in routes("1") {
        let res = app.send(method, &path, Some(OTHER), body).await;
        assert_json_error(
            &res,
            401,
            json!({"error": "You are not authorized to access this account"}),
            &format!("{method} {path}"),
        );
    }
    // Account 1's users are strangers to account 2 too.
    let res = app.get("/api/v1/accounts/2/contacts", AGENT).await;
    assert_json_error(
        &res,
        401,
        json!({"error": "You are not authorized to access this account"}),
        "agent in account 2",
    );
    // Nothing was changed by the refused writes.
    assert_eq!(scalar(&app.db, "SELECT count(*) FROM contacts"), 1);
    assert_eq!(
        scalar(
            &app.db,
            "SELECT count(*) FROM contacts WHERE name = 'John Doe'"
        ),
        1
    );
}

#[actix_web::test]
async fn the_token_header_has_two_spellings_and_authorization_is_ignored() {
    let app = spawn_app().await;
    let url = format!("{}{LIST}", app.url);
    for req in [
        app.client.get(&url).header("Api-Access-Token", ADMIN),
        app.client.get(&url).header("API_ACCESS_TOKEN", ADMIN),
        app.client
            .get(&url)
            .header("api_access_token", ADMIN)
            .header("authorization", "Bearer x"),
        app.client
            .get(&url)
            .header("api_access_token", ADMIN)
            .header("authorization", format!("Bearer {OTHER}")),
    ] {
        let res = TestApp::finish(req).await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.json()["meta"]["count"], json!(1));
    }
}

#[actix_web::test]
async fn malformed_json_is_400_with_a_json_error() {
    let app = spawn_app().await;
    for (method, path) in [
        ("POST", LIST.to_string()),
        ("PATCH", format!("{LIST}/10")),
        ("PUT", format!("{LIST}/10")),
        ("POST", format!("{LIST}/filter")),
    ] {
        for raw in ["{bad", "{\"name\": \"x\"", "{\"name\": }", "nul"] {
            let res = app
                .send_raw(method, &path, Some(ADMIN), "application/json", raw)
                .await;
            assert_eq!(res.status, 400, "{method} {path} {raw}: {}", res.text);
            assert_eq!(res.header("content-type"), Some("application/json"));
            let body = res.json();
            let msg = body["error"].as_str().unwrap_or_else(|| panic!("{body}"));
            assert!(msg.starts_with("malformed JSON in request body"), "{msg}");
            assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
        }
    }
    assert_eq!(scalar(&app.db, "SELECT count(*) FROM contacts"), 1);
}

#[actix_web::test]
async fn a_body_that_is_not_json_or_a_form_is_415() {
    let app = spawn_app().await;
    for ct in ["text/plain", "application/xml", "text/html; charset=utf-8"] {
        let res = app.send_raw("POST", LIST, Some(ADMIN), ct, "name=x").await;
        let lower = ct.to_ascii_lowercase();
        assert_json_error(
            &res,
            415,
            json!({"error": format!("unsupported content type {lower:?}; send application/json")}),
            ct,
        );
    }
    // A JSON body whose content type says "+json" or carries a charset is fine.
    for ct in [
        "application/json; charset=utf-8",
        "application/vnd.api+json",
    ] {
        let res = app
            .send_raw("POST", LIST, Some(ADMIN), ct, r#"{"name": "ok"}"#)
            .await;
        assert_eq!(res.status, 200, "{ct}: {}", res.text);
    }
}

#[actix_web::test]
async fn a_body_that_is_not_an_object_is_422() {
    let app = spawn_app().await;
    for raw in ["[1, 2]", "[]", "\"name\"", "42", "true"] {
        for (method, path) in [("POST", LIST.to_string()), ("PATCH", format!("{LIST}/10"))] {
            let res = app
                .send_raw(method, &path, Some(ADMIN), "application/json", raw)
                .await;
            assert_json_error(
                &res,
                422,
                json!({"error": "request body must be a JSON object"}),
                &format!("{method} {raw}"),
            );
        }
    }
    assert_eq!(scalar(&app.db, "SELECT count(*) FROM contacts"), 1);
}

#[actix_web::test]
async fn fields_of_the_wrong_type_are_422_naming_the_field() {
    let app = spawn_app().await;
    let cases = [
        (json!({"name": {"first": "x"}}), "name must be a string"),
        (json!({"name": ["x"]}), "name must be a string"),
        (json!({"email": true}), "email must be a string"),
        (
            json!({"phone_number": {"n": 1}}),
            "phone_number must be a string",
        ),
        (json!({"identifier": [1]}), "identifier must be a string"),
        (
            json!({"custom_attributes": ["plan"]}),
            "custom_attributes must be an object",
        ),
        (
            json!({"custom_attributes": "plan"}),
            "custom_attributes must be an object",
        ),
        (
            json!({"additional_attributes": 5}),
            "additional_attributes must be an object",
        ),
        (json!({"blocked": "maybe"}), "blocked must be true or false"),
        (json!({"blocked": 2}), "blocked must be true or false"),
    ];
    for (body, error) in &cases {
        for (method, path) in [("POST", LIST.to_string()), ("PATCH", format!("{LIST}/10"))] {
            let res = app
                .send(method, &path, Some(ADMIN), Some(body.clone()))
                .await;
            assert_json_error(
                &res,
                422,
                json!({"error": error}),
                &format!("{method} {body}"),
            );
        }
    }
    for (body, error) in [
        (
            json!({"name": "x", "inbox_id": "abc"}),
            "inbox_id must be an integer",
        ),
        (
            json!({"name": "x", "inbox_id": 1.5}),
            "inbox_id must be an integer",
        ),
        (
            json!({"name": "x", "inbox_id": [1]}),
            "inbox_id must be an integer",
        ),
        (
            json!({"name": "x", "inbox_id": 1, "source_id": {"a": 1}}),
            "source_id must be a string",
        ),
    ] {
        let res = app.post(LIST, ADMIN, body.clone()).await;
        assert_json_error(&res, 422, json!({"error": error}), &body.to_string());
    }
    assert_eq!(scalar(&app.db, "SELECT count(*) FROM contacts"), 1);
    let res = app.get(&format!("{LIST}/10"), ADMIN).await;
    assert_eq!(res.json()["payload"]["name"], json!("John Doe"));
    // Rails-style casts still work: "true", 0, a numeric string id.
    let res = app
        .post(
            LIST,
            ADMIN,
            json!({"name": "c", "blocked": "true", "inbox_id": "1", "source_id": 77}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let c = &res.json()["payload"]["contact"];
    assert_eq!(c["blocked"], json!(true));
    assert_eq!(c["contact_inboxes"][0]["source_id"], json!("77"));
}

#[actix_web::test]
async fn a_body_over_one_mebibyte_is_413() {
    let app = spawn_app().await;
    const LIMIT: usize = 1024 * 1024;
    // `{"name": "` + `"}` is 12 bytes: `body(n)` is exactly n bytes long.
    let body = |n: usize| format!(r#"{{"name": "{}"}}"#, "x".repeat(n - 12));
    let big = body(LIMIT + 1);
    for (method, path) in [("POST", LIST.to_string()), ("PATCH", format!("{LIST}/10"))] {
        let res = app
            .send_raw(method, &path, Some(ADMIN), "application/json", big.clone())
            .await;
        assert_json_error(
            &res,
            413,
            json!({"error": "request body is larger than 1048576 bytes"}),
            method,
        );
    }
    // Exactly the limit is read (and then refused by validation, not by size).
    let fits = body(LIMIT);
    assert_eq!(fits.len(), LIMIT);
    let res = app
        .send_raw("POST", LIST, Some(ADMIN), "application/json", fits)
        .await;
    assert_eq!(res.status, 422, "{}", &res.text[..res.text.len().min(200)]);
    assert_eq!(
        res.json(),
        json!({"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]})
    );
    assert_eq!(scalar(&app.db, "SELECT count(*) FROM contacts"), 1);
}

#[actix_web::test]
async fn unknown_routes_and_methods_are_404_json() {
    let app = spawn_app().await;
    for (method, path) in [
        ("GET", "/nope"),
        ("GET", "/api/v1"),
        ("GET", "/api/v1/accounts/1"),
        ("GET", "/api/v1/accounts/1/nope"),
        ("GET", "/api/v1/accounts/1/contacts/10/nope/1"),
        ("POST", "/api/v2/accounts/1/contacts"),
        ("DELETE", "/api/v1/accounts/1/contacts"),
        ("POST", "/api/v1/accounts/1/contacts/10"),
        ("PATCH", "/api/v1/accounts/1/contacts/search"),
    ] {
        let res = app.send(method, path, Some(ADMIN), None).await;
        assert_json_error(
            &res,
            404,
            json!({"error": "Resource could not be found"}),
            &format!("{method} {path}"),
        );
    }
    assert_eq!(scalar(&app.db, "SELECT count(*) FROM contacts"), 1);
}

#[actix_web::test]
async fn readiness_endpoint_answers_json() {
    let app = spawn_app().await;
    let res = app.send("GET", "/api", None, None).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.json()["name"], json!("contactd"));
}
