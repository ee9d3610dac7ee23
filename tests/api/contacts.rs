//! Contacts CRUD (reference 3 to 7, 9).

use crate::helpers::*;
use serde_json::json;

/// John Doe of the base fixture, as show renders him.
pub fn john() -> serde_json::Value {
    json!({
        "additional_attributes": {"city": "New York", "country": "USA", "company_name": "Doe Inc"},
        "availability_status": "offline",
        "email": "john@example.com",
        "id": 10,
        "name": "John Doe",
        "phone_number": "+1234567890",
        "blocked": false,
        "identifier": "user_123",
        "thumbnail": "",
        "custom_attributes": {"plan": "pro", "seats": 5},
        "last_activity_at": 1709294400,
        "created_at": 1705312800,
        "contact_inboxes": [{"source_id": "src-john-web", "inbox": {
            "id": 1, "avatar_url": "", "channel_id": 1, "name": "Website",
            "channel_type": "Channel::WebWidget", "provider": null}}]
    })
}

#[actix_web::test]
async fn show_renders_the_whole_contact() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/accounts/1/contacts/10", ADMIN).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json(), json!({"payload": john()}));
    // Key order is Chatwoot's.
    assert!(
        res.text
            .starts_with(r#"{"payload":{"additional_attributes":"#),
        "{}",
        res.text
    );
}
