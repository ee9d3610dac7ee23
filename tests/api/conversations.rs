//! `/contacts/{contact_id}/conversations` (reference 2.4, 15.1).

use crate::contacts::john;
use crate::helpers::*;
use serde_json::{Value, json};

const JOHN: &str = "/api/v1/accounts/1/contacts/10/conversations";

fn agent(id: i64, name: &str, email: &str, role: &str) -> Value {
    json!({"id": id, "account_id": 1, "availability_status": "offline", "auto_offline": true,
           "confirmed": true, "email": email, "provider": "email", "available_name": name,
           "name": name, "role": role, "thumbnail": ""})
}

fn message(
    id: i64,
    content: &str,
    inbox_id: i64,
    display_id: i64,
    message_type: i64,
    at: i64,
    sender: (&str, i64),
) -> Value {
    json!({"id": id, "content": content, "account_id": 1, "inbox_id": inbox_id,
           "conversation_id": display_id, "message_type": message_type, "created_at": at,
           "private": false, "status": "sent", "source_id": null, "content_type": "text",
           "content_attributes": {}, "sender_type": sender.0, "sender_id": sender.1})
}

fn sender() -> Value {
    without(john(), &["contact_inboxes"])
}

/// The base fixture's conversation: John's, in the website inbox, assigned to Andy.
fn website_conversation() -> Value {
    let hello = message(1, "Hello", 1, 1, 0, 1709294400, ("Contact", 10));
    json!({
        "meta": {"sender": sender(), "channel": "Channel::WebWidget",
                 "assignee": agent(2, "Andy Agent", "andy@acme.test", "agent"), "hmac_verified": false},
        "id": 1,
        "messages": [hello.clone()],
        "account_id": 1,
        "additional_attributes": {},
        "agent_last_seen_at": 0, "assignee_last_seen_at": 0, "can_reply": true, "contact_last_seen_at": 0,
        "custom_attributes": {}, "inbox_id": 1, "labels": [], "muted": false, "snoozed_until": null,
        "status": "open", "created_at": 1709294340, "timestamp": 1709294400, "first_reply_created_at": 0,
        "unread_count": 1, "last_non_activity_message": hello, "last_activity_at": 1709294400,
        "priority": null, "waiting_since": 0, "sla_policy_id": null
    })
}

/// Two more conversations of John's, in inboxes the agent is not a member of.
fn fixture() -> Value {
    json!({
        "inboxes": [{"id": 1000, "account_id": 1, "name": "Bot API", "channel_type": "Channel::Api"}],
        "contacts": [
            {"id": 1000, "account_id": 1, "name": "Mia Moe", "email": "mia@example.com"},
            {"id": 1001, "account_id": 2, "name": "Elsewhere", "email": "else@other.test"}
        ],
        "conversations": [
            {"id": 1000, "display_id": 1000, "account_id": 1, "inbox_id": 1000, "contact_id": 10,
             "status": "resolved", "assignee_id": 1, "created_at": "2024-04-01T00:00:00Z",
             "last_activity_at": "2024-04-02T00:00:00Z",
             "messages": [
                {"content": "Hi bot", "message_type": "incoming", "created_at": "2024-04-01T00:00:00Z"},
                {"content": "Hello human", "message_type": "outgoing", "created_at": "2024-04-01T10:00:00Z"},
                {"content": "Conversation resolved", "message_type": "activity", "created_at": "2024-04-02T00:00:00Z"}
             ]},
            {"id": 1001, "display_id": 1001, "account_id": 1, "inbox_id": 5, "contact_id": 10,
             "created_at": "2024-02-01T00:00:00Z", "last_activity_at": "2024-02-01T00:00:00Z"},
            {"id": 1002, "display_id": 1002, "account_id": 2, "inbox_id": 9, "contact_id": 1001}
        ]
    })
}

#[actix_web::test]
async fn admin_sees_every_conversation_latest_first() {
    let app = spawn_app_with(Some(fixture())).await;
    let res = app.get(JOHN, ADMIN).await;
    assert_eq!(res.status, 200);
    let body = res.json();
    for c in body["payload"].as_array().unwrap() {
        let uuid = c["uuid"].as_str().unwrap();
        assert_eq!((uuid.len(), uuid.matches('-').count()), (36, 4), "{uuid}");
    }
    // The last message skips activity messages (Chatwoot's `chat` scope).
    let reply = message(3, "Hello human", 1000, 1000, 1, 1711965600, ("User", 1));
    let api = json!({
        "meta": {"sender": sender(), "channel": "Channel::Api",
                 "assignee": agent(1, "Ada Admin", "ada@acme.test", "administrator"), "hmac_verified": null},
        "id": 1000,
        "messages": [reply.clone()],
        "account_id": 1,
        "additional_attributes": {},
        "agent_last_seen_at": 0, "assignee_last_seen_at": 0, "can_reply": true, "contact_last_seen_at": 0,
        "custom_attributes": {}, "inbox_id": 1000, "labels": [], "muted": false, "snoozed_until": null,
        "status": "resolved", "created_at": 1711929600, "timestamp": 1712016000, "first_reply_created_at": 0,
        "unread_count": 1, "last_non_activity_message": reply, "last_activity_at": 1712016000,
        "priority": null, "waiting_since": 0, "sla_policy_id": null
    });
    // No messages, no assignee, no contact inbox; WhatsApp's 24 h window is closed without an incoming message.
    let whatsapp = json!({
        "meta": {"sender": sender(), "channel": "Channel::Whatsapp", "hmac_verified": null},
        "id": 1001,
        "messages": [],
        "account_id": 1,
        "additional_attributes": {},
        "agent_last_seen_at": 0, "assignee_last_seen_at": 0, "can_reply": false, "contact_last_seen_at": 0,
        "custom_attributes": {}, "inbox_id": 5, "labels": [], "muted": false, "snoozed_until": null,
        "status": "open", "created_at": 1706745600, "timestamp": 1706745600, "first_reply_created_at": 0,
        "unread_count": 0, "last_non_activity_message": null, "last_activity_at": 1706745600,
        "priority": null, "waiting_since": 0, "sla_policy_id": null
    });
    assert_eq!(
        without(body, &["uuid"]),
        json!({"payload": [api, website_conversation(), whatsapp]})
    );
    // Key order follows Chatwoot's partial.
    assert!(
        res.text
            .starts_with(r#"{"payload":[{"meta":{"sender":{"additional_attributes":"#),
        "{}",
        res.text
    );
}

#[actix_web::test]
async fn agents_see_conversations_of_their_inboxes_only() {
    let app = spawn_app_with(Some(fixture())).await;
    let res = app.get(JOHN, AGENT).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        without(res.json(), &["uuid"]),
        json!({"payload": [website_conversation()]})
    );
}

#[actix_web::test]
async fn a_contact_without_conversations_has_an_empty_list() {
    let app = spawn_app_with(Some(fixture())).await;
    for token in [ADMIN, AGENT] {
        let res = app
            .get("/api/v1/accounts/1/contacts/1000/conversations", token)
            .await;
        assert_eq!((res.status, res.json()), (200, json!({"payload": []})));
    }
    let res = app
        .get("/api/v1/accounts/2/contacts/1001/conversations", OTHER)
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["payload"][0]["id"], json!(1002));
}

#[actix_web::test]
async fn at_most_twenty_by_last_activity_then_id() {
    // 25 conversations of Mia's; activity times repeat, so the id breaks ties.
    let conversations: Vec<Value> = (0..25)
        .map(|i| {
            json!({"id": 2000 + i, "display_id": 3000 + i, "account_id": 1, "inbox_id": 1, "contact_id": 1000,
                   "created_at": 1700000000, "last_activity_at": 1700000000 + (i % 7) * 60})
        })
        .collect();
    let app = spawn_app_with(Some(json!({
        "contacts": [{"id": 1000, "account_id": 1, "name": "Mia Moe", "email": "mia@example.com"}],
        "conversations": conversations
    })))
    .await;
    let res = app
        .get("/api/v1/accounts/1/contacts/1000/conversations", AGENT)
        .await;
    assert_eq!(res.status, 200);
    let got: Vec<i64> = res.json()["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let mut want: Vec<(i64, i64)> = (0..25).map(|i| ((i % 7) * 60, 3000 + i)).collect();
    want.sort_by(|a, b| b.cmp(a));
    let want: Vec<i64> = want.into_iter().take(20).map(|(_, d)| d).collect();
    assert_eq!(got, want);
}

#[actix_web::test]
async fn reply_window_and_unread_count_follow_recent_incoming_messages() {
    // Twelve incoming messages, just now, in the Twilio WhatsApp inbox.
    let messages: Vec<Value> = (0..12)
        .map(|i| json!({"content": format!("m{i}"), "message_type": "incoming"}))
        .collect();
    let app = spawn_app_with(Some(json!({
        "contacts": [{"id": 1000, "account_id": 1, "name": "Mia Moe", "email": "mia@example.com"}],
        "conversations": [{"id": 1000, "account_id": 1, "inbox_id": 7, "contact_id": 1000, "messages": messages}]
    })))
    .await;
    let res = app
        .get("/api/v1/accounts/1/contacts/1000/conversations", ADMIN)
        .await;
    assert_eq!(res.status, 200);
    let c = &res.json()["payload"][0];
    assert_eq!(c["can_reply"], json!(true));
    assert_eq!(
        c["unread_count"],
        json!(10),
        "capped like Chatwoot's last(10)"
    );
    assert_eq!(c["messages"][0]["content"], json!("m11"));
    assert_eq!(c["messages"][0]["sender_type"], json!("Contact"));
    assert_eq!(c["meta"]["channel"], json!("Channel::TwilioSms"));
    // A day later the window has closed.
    app.clock.advance(24 * 60 * 60);
    let res = app
        .get("/api/v1/accounts/1/contacts/1000/conversations", ADMIN)
        .await;
    assert_eq!(res.json()["payload"][0]["can_reply"], json!(false));
}

#[actix_web::test]
async fn access_errors() {
    let app = spawn_app_with(Some(fixture())).await;
    assert_contact_route_errors(
        &app,
        "GET",
        |a, c| format!("/api/v1/accounts/{a}/contacts/{c}/conversations"),
        None,
        1001,
    )
    .await;
}
