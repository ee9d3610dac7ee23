//! `contactable_inboxes` and `destroy_custom_attributes` (reference 12, 13).

use crate::contacts::john;
use crate::helpers::*;
use serde_json::{Value, json};

fn inbox(id: i64, name: &str, channel_type: &str, extra: Value) -> Value {
    let mut v = json!({
        "id": id, "avatar_url": "", "channel_id": id, "name": name, "channel_type": channel_type,
        "hmac_mandatory": null, "website_token": null, "phone_number": null,
    });
    let obj = v.as_object_mut().unwrap();
    for (k, x) in extra.as_object().unwrap() {
        obj.insert(k.clone(), x.clone());
    }
    // `provider` closes the object, as in Chatwoot's partial.
    let provider = obj.remove("provider").unwrap_or(Value::Null);
    obj.insert("provider".into(), provider);
    v
}

fn entry(inbox: Value, source_id: &str) -> Value {
    json!({"inbox": inbox, "source_id": source_id})
}

/// Jane: an email, no phone, a widget contact inbox without conversations and two API contact inboxes.
fn jane_fixture() -> Value {
    json!({
        "contacts": [
            {"id": 1000, "account_id": 1, "name": "Jane Roe", "email": "jane@example.com",
             "created_at": "2024-02-01T00:00:00Z",
             "contact_inboxes": [
                {"inbox_id": 1, "source_id": "src-jane-web"},
                {"inbox_id": 4, "source_id": "src-jane-api"},
                {"inbox_id": 4, "source_id": "src-jane-api-2"}
             ]},
            {"id": 1001, "account_id": 2, "name": "Elsewhere", "email": "else@other.test"}
        ]
    })
}

fn is_uuid(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 36
            && s.chars().filter(|c| *c == '-').count() == 4
            && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
    })
}

#[actix_web::test]
async fn contactable_inboxes_follow_the_channel_rules() {
    let app = spawn_app().await;
    let res = app
        .get("/api/v1/accounts/1/contacts/10/contactable_inboxes", ADMIN)
        .await;
    assert_eq!(res.status, 200);
    let mut body = res.json();
    // The API inbox has no contact inbox for John: a fresh UUID, new on every call.
    let api_source = body["payload"][2]["source_id"].take();
    assert!(is_uuid(&api_source), "{api_source}");
    body["payload"][2]["source_id"] = json!("<uuid>");
    assert_eq!(
        body,
        json!({"payload": [
            // Website (1) is left out: John's widget contact inbox already has a conversation.
            entry(inbox(2, "Support mail", "Channel::Email", json!({"email": "support@acme.test"})), "john@example.com"),
            entry(inbox(3, "SMS", "Channel::Sms", json!({"phone_number": "+15550001111"})), "+1234567890"),
            entry(inbox(4, "API", "Channel::Api", json!({"hmac_mandatory": false, "inbox_identifier": "api-inbox-1"})), "<uuid>"),
            entry(inbox(5, "WhatsApp", "Channel::Whatsapp", json!({"phone_number": "+15550002222", "provider": "whatsapp_cloud"})), "1234567890"),
            entry(inbox(6, "Twilio", "Channel::TwilioSms", json!({"phone_number": "+15550003333", "medium": "sms"})), "+1234567890"),
            entry(inbox(7, "Twilio WA", "Channel::TwilioSms", json!({"phone_number": "+15550004444", "medium": "whatsapp"})), "whatsapp:+1234567890"),
            // Telegram (8) is never contactable; inbox 9 is another account's.
        ]})
    );
    // Secrets never leave.
    assert!(!res.text.contains("secret-hmac"), "{}", res.text);
    let again = app
        .get("/api/v1/accounts/1/contacts/10/contactable_inboxes", ADMIN)
        .await
        .json();
    assert!(is_uuid(&again["payload"][2]["source_id"]));
    assert_ne!(again["payload"][2]["source_id"], api_source);
}

#[actix_web::test]
async fn contactable_inboxes_offer_existing_contact_inboxes() {
    let app = spawn_app_with(Some(jane_fixture())).await;
    let res = app
        .get(
            "/api/v1/accounts/1/contacts/1000/contactable_inboxes",
            ADMIN,
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"payload": [
            // A widget contact inbox without conversations is offered with its source id.
            entry(inbox(1, "Website", "Channel::WebWidget", json!({"hmac_mandatory": false, "website_token": "wt-1"})), "src-jane-web"),
            entry(inbox(2, "Support mail", "Channel::Email", json!({"email": "support@acme.test"})), "jane@example.com"),
            // No phone: no SMS, WhatsApp or Twilio. The API inbox offers the latest contact inbox.
            entry(inbox(4, "API", "Channel::Api", json!({"hmac_mandatory": false, "inbox_identifier": "api-inbox-1"})), "src-jane-api-2"),
        ]})
    );
}

#[actix_web::test]
async fn agents_only_get_their_inboxes() {
    let app = spawn_app_with(Some(jane_fixture())).await;
    let res = app
        .get(
            "/api/v1/accounts/1/contacts/1000/contactable_inboxes",
            AGENT,
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"payload": [
            entry(inbox(1, "Website", "Channel::WebWidget", json!({"hmac_mandatory": false, "website_token": "wt-1"})), "src-jane-web"),
        ]})
    );
    // John's only member inbox has a conversation: nothing left for the agent.
    let res = app
        .get("/api/v1/accounts/1/contacts/10/contactable_inboxes", AGENT)
        .await;
    assert_eq!((res.status, res.json()), (200, json!({"payload": []})));
}

#[actix_web::test]
async fn contactable_inboxes_errors() {
    let app = spawn_app_with(Some(jane_fixture())).await;
    assert_contact_route_errors(
        &app,
        "GET",
        |a, c| format!("/api/v1/accounts/{a}/contacts/{c}/contactable_inboxes"),
        None,
        1001,
    )
    .await;
}

#[actix_web::test]
async fn destroy_custom_attributes_removes_the_keys() {
    let app = spawn_app().await;
    let path = "/api/v1/accounts/1/contacts/10/destroy_custom_attributes";
    // Unknown keys are ignored; agents may do this.
    let res = app
        .post(path, AGENT, json!({"custom_attributes": ["plan", "nope"]}))
        .await;
    assert_eq!(res.status, 200);
    let mut want = john();
    want["custom_attributes"] = json!({"seats": 5});
    assert_eq!(res.json(), json!({"payload": want}));
    // Saved, and the contact inboxes come whatever include_contact_inboxes says elsewhere.
    let shown = app.get("/api/v1/accounts/1/contacts/10", ADMIN).await;
    assert_eq!(shown.json(), json!({"payload": want}));
    let res = app
        .post(
            &format!("{path}?include_contact_inboxes=false"),
            ADMIN,
            json!({"custom_attributes": "seats"}),
        )
        .await;
    want["custom_attributes"] = json!({});
    assert_eq!((res.status, res.json()), (200, json!({"payload": want})));
}

#[actix_web::test]
async fn destroy_custom_attributes_without_keys_is_a_no_op() {
    let app = spawn_app().await;
    let path = "/api/v1/accounts/1/contacts/10/destroy_custom_attributes";
    for body in [
        None,
        Some(json!({})),
        Some(json!({"custom_attributes": []})),
        Some(json!({"custom_attributes": null})),
    ] {
        let res = app.send("POST", path, Some(ADMIN), body.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (200, json!({"payload": john()})),
            "{body:?}"
        );
    }
    // Form-encoded lists work too.
    let res = app
        .send_raw(
            "POST",
            path,
            Some(ADMIN),
            "application/x-www-form-urlencoded",
            "custom_attributes[]=plan",
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json()["payload"]["custom_attributes"],
        json!({"seats": 5})
    );
}

#[actix_web::test]
async fn destroy_custom_attributes_errors() {
    let app = spawn_app_with(Some(jane_fixture())).await;
    let path = "/api/v1/accounts/1/contacts/10/destroy_custom_attributes";
    for bad in [json!({"plan": true}), json!([["plan"]]), json!(5)] {
        let res = app
            .post(path, ADMIN, json!({"custom_attributes": bad}))
            .await;
        assert_eq!(
            (res.status, res.json()),
            (
                422,
                json!({"error": "custom_attributes must be an array of strings"})
            ),
            "{bad}"
        );
    }
    let res = app
        .send_raw("POST", path, Some(ADMIN), "application/json", "{nope")
        .await;
    assert_eq!(res.status, 400);
    assert_contact_route_errors(
        &app,
        "POST",
        |a, c| format!("/api/v1/accounts/{a}/contacts/{c}/destroy_custom_attributes"),
        Some(json!({"custom_attributes": ["plan"]})),
        1001,
    )
    .await;
    // Nothing above touched John.
    let shown = app.get("/api/v1/accounts/1/contacts/10", ADMIN).await;
    assert_eq!(shown.json(), json!({"payload": john()}));
}
