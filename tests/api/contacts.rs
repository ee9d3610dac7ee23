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

// ---------------------------------------------------------------------------------------------
// Fixtures for the list tests.

/// Contacts beside John (id 10) for the list tests. Resolved in account 1: 10, 20, 21, 22, 24.
///
/// | id | name  | email  | phone        | last_activity | created | company | city     | country |
/// | 10 | John Doe | john@ | +1234567890 | 03-01       | 01-15   | Doe Inc | New York | USA     |
/// | 20 | alice | b@x.io | -            | 02-01         | 01-03   | Zeta    | Aarhus   | -       |
/// | 21 | Bob   | -      | +15550000002 | -             | 01-01   | -       | -        | Norway  |
/// | 22 | carol | a@x.io | +15550000001 | 01-01         | 01-02   | Acme    | Bergen   | Denmark |
/// | 24 | dave  | -      | - (identifier) | 01-10       | 01-04   | Acme    | -        | Denmark |
/// 23 has a name only (not resolved); 30 lives in account 2 and shares John's email.
fn people() -> serde_json::Value {
    json!({"contacts": [
        {"id": 20, "account_id": 1, "name": "alice", "email": "b@x.io", "labels": ["vip", "lead"],
         "last_activity_at": "2024-02-01T00:00:00Z", "created_at": "2024-01-03T00:00:00Z",
         "additional_attributes": {"company_name": "Zeta", "city": "Aarhus"}},
        {"id": 21, "account_id": 1, "name": "Bob", "phone_number": "+15550000002", "labels": ["Lead"],
         "created_at": "2024-01-01T00:00:00Z", "additional_attributes": {"country": "Norway"}},
        {"id": 22, "account_id": 1, "name": "carol", "email": "a@x.io", "phone_number": "+15550000001",
         "labels": ["other"], "last_activity_at": "2024-01-01T00:00:00Z", "created_at": "2024-01-02T00:00:00Z",
         "additional_attributes": {"company_name": "Acme", "city": "Bergen", "country": "Denmark"}},
        {"id": 23, "account_id": 1, "name": "Nameless", "labels": ["vip"], "created_at": "2024-01-05T00:00:00Z"},
        {"id": 24, "account_id": 1, "name": "dave", "identifier": "dave-id",
         "last_activity_at": "2024-01-10T00:00:00Z", "created_at": "2024-01-04T00:00:00Z",
         "additional_attributes": {"company_name": "Acme", "country": "Denmark"}},
        {"id": 30, "account_id": 2, "name": "Other Person", "email": "john@example.com"}
    ]})
}

/// 105 more resolved contacts (ids 100..=204), so account 1 holds 106.
fn crowd() -> serde_json::Value {
    let contacts: Vec<_> = (100..=204)
        .map(|i| json!({"id": i, "account_id": 1, "name": format!("Person {i}"), "email": format!("p{i}@x.io")}))
        .collect();
    json!({ "contacts": contacts })
}

const LIST: &str = "/api/v1/accounts/1/contacts";

async fn list(app: &TestApp, query: &str) -> serde_json::Value {
    let res = app.get(&format!("{LIST}?{query}"), ADMIN).await;
    assert_eq!(res.status, 200, "{query}: {}", res.text);
    res.json()
}

// ---------------------------------------------------------------------------------------------
// Index

#[actix_web::test]
async fn index_renders_the_envelope_with_whole_contacts() {
    let app = spawn_app().await;
    let res = app.get(LIST, ADMIN).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(
        res.json(),
        json!({"meta": {"count": 1, "current_page": 1}, "payload": [john()]})
    );
    // An agent sees the same list.
    assert_eq!(app.get(LIST, AGENT).await.json(), res.json());
}

#[actix_web::test]
async fn index_hides_contacts_without_email_phone_or_identifier_but_show_finds_them() {
    let app = spawn_app_with(Some(people())).await;
    let body = list(&app, "include_contact_inboxes=false").await;
    assert_eq!(ids(&body), vec![10, 20, 21, 22, 24]);
    assert_eq!(body["meta"], json!({"count": 5, "current_page": 1}));

    let res = app.get(&format!("{LIST}/23"), ADMIN).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"payload": {
            "additional_attributes": {}, "availability_status": "offline", "email": null, "id": 23,
            "name": "Nameless", "phone_number": null, "blocked": false, "identifier": null, "thumbnail": "",
            "custom_attributes": {}, "created_at": 1704412800, "contact_inboxes": []
        }})
    );
}

#[actix_web::test]
async fn index_current_page_echoes_the_raw_param() {
    let app = spawn_app().await;
    for (query, echo) in [
        ("", json!(1)),
        ("page=1", json!("1")),
        ("page=0", json!("0")),
        ("page=-1", json!("-1")),
        ("page=abc", json!("abc")),
    ] {
        let body = list(&app, query).await;
        assert_eq!(
            body,
            json!({"meta": {"count": 1, "current_page": echo}, "payload": [john()]}),
            "{query}"
        );
    }
    assert_eq!(
        list(&app, "page=2").await,
        json!({"meta": {"count": 1, "current_page": "2"}, "payload": []})
    );
}

#[actix_web::test]
async fn index_pages_15_at_a_time_by_default() {
    let app = spawn_app_with(Some(crowd())).await;
    let page1 = list(&app, "include_contact_inboxes=false").await;
    let mut want: Vec<i64> = vec![10];
    want.extend(100..=113);
    assert_eq!(ids(&page1), want);
    assert_eq!(page1["meta"], json!({"count": 106, "current_page": 1}));

    let page2 = list(&app, "page=2&include_contact_inboxes=false").await;
    assert_eq!(ids(&page2), (114..=128).collect::<Vec<_>>());
    assert_eq!(page2["meta"], json!({"count": 106, "current_page": "2"}));

    // 106 = 7 * 15 + 1: the 8th page holds one contact, the 9th none, and both still count 106.
    assert_eq!(ids(&list(&app, "page=8").await), vec![204]);
    assert_eq!(
        list(&app, "page=9").await,
        json!({"meta": {"count": 106, "current_page": "9"}, "payload": []})
    );
    assert_eq!(
        list(&app, "page=99999999999999999999").await["payload"],
        json!([])
    );

    // Below 1 or not a number: the first page.
    for p in ["0", "-1", "abc", ""] {
        let body = list(&app, &format!("page={p}&include_contact_inboxes=false")).await;
        assert_eq!(ids(&body), want, "page={p}");
        assert_eq!(body["meta"]["count"], json!(106));
    }
}

#[actix_web::test]
async fn index_per_page_is_clamped_to_1_to_100_with_15_as_fallback() {
    let app = spawn_app_with(Some(crowd())).await;
    for (per_page, len) in [
        ("1", 1),
        ("2", 2),
        ("100", 100),
        ("101", 100),
        ("500", 100),
        ("0", 15),
        ("-5", 15),
        ("x", 15),
        ("", 15),
    ] {
        let body = list(
            &app,
            &format!("per_page={per_page}&include_contact_inboxes=false"),
        )
        .await;
        assert_eq!(ids(&body).len(), len, "per_page={per_page}");
        assert_eq!(body["meta"], json!({"count": 106, "current_page": 1}));
    }
    // Offsets use the page size asked for.
    let body = list(&app, "per_page=10&page=3&include_contact_inboxes=false").await;
    assert_eq!(ids(&body), (119..=128).collect::<Vec<_>>());
    let body = list(&app, "per_page=500&page=2&include_contact_inboxes=false").await;
    assert_eq!(ids(&body), vec![199, 200, 201, 202, 203, 204]);
}

#[actix_web::test]
async fn index_sorts_on_every_key_with_null_placement() {
    let app = spawn_app_with(Some(people())).await;
    let cases: &[(&str, [i64; 5])] = &[
        ("", [10, 20, 21, 22, 24]),
        // email: NULLs last ascending, first descending.
        ("email", [22, 20, 10, 21, 24]),
        ("-email", [24, 21, 10, 20, 22]),
        // name: case-insensitive ("Bob" between "alice" and "carol").
        ("name", [20, 21, 22, 24, 10]),
        ("-name", [10, 24, 22, 21, 20]),
        // phone_number: NULLs last ascending, first descending.
        ("phone_number", [10, 22, 21, 20, 24]),
        ("-phone_number", [24, 20, 21, 22, 10]),
        // last_activity_at, company, city, country: NULLs last both ways.
        ("last_activity_at", [22, 24, 20, 10, 21]),
        ("-last_activity_at", [10, 20, 24, 22, 21]),
        ("created_at", [21, 22, 20, 24, 10]),
        ("-created_at", [10, 24, 20, 22, 21]),
        ("company", [22, 24, 10, 20, 21]),
        ("-company", [20, 10, 24, 22, 21]),
        ("company_name", [22, 24, 10, 20, 21]),
        ("-company_name", [20, 10, 24, 22, 21]),
        ("city", [20, 22, 10, 21, 24]),
        ("-city", [10, 22, 20, 24, 21]),
        ("country", [22, 24, 21, 10, 20]),
        ("-country", [10, 21, 24, 22, 20]),
    ];
    for (sort, want) in cases {
        let body = list(&app, &format!("sort={sort}&include_contact_inboxes=false")).await;
        assert_eq!(ids(&body), want.to_vec(), "sort={sort}");
        assert_eq!(body["meta"]["count"], json!(5), "sort={sort}");
    }
}

#[actix_web::test]
async fn index_sort_keys_apply_in_the_order_given_and_unknown_ones_are_ignored() {
    let app = spawn_app_with(Some(people())).await;
    let cases: &[(&str, [i64; 5])] = &[
        // Chatwoot would apply name (declared 2nd) before company (6th); we keep the request's order.
        ("company,-name", [24, 22, 10, 20, 21]),
        ("-name,company", [10, 24, 22, 21, 20]),
        ("country,-created_at", [24, 22, 21, 10, 20]),
        ("country,created_at", [22, 24, 21, 10, 20]),
        ("bogus,-company", [20, 10, 24, 22, 21]),
        ("bogus", [10, 20, 21, 22, 24]),
        ("-", [10, 20, 21, 22, 24]),
        ("id", [10, 20, 21, 22, 24]),
    ];
    for (sort, want) in cases {
        let body = list(&app, &format!("sort={sort}&include_contact_inboxes=false")).await;
        assert_eq!(ids(&body), want.to_vec(), "sort={sort}");
    }
}

/// Pages through `query` `per_page` at a time and checks every resolved id comes exactly once.
async fn page_through(app: &TestApp, query: &str, per_page: usize, all: &[i64]) {
    let mut seen = Vec::new();
    let pages = all.len().div_ceil(per_page);
    for page in 1..=pages + 1 {
        let body = list(
            app,
            &format!("{query}&per_page={per_page}&page={page}&include_contact_inboxes=false"),
        )
        .await;
        assert_eq!(body["meta"]["count"], json!(all.len()), "{query}");
        let got = ids(&body);
        if page > pages {
            assert!(got.is_empty(), "{query}: page past the end holds {got:?}");
        }
        seen.extend(got);
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(sorted, all, "{query}: pages overlap or miss ({seen:?})");
}

#[actix_web::test]
async fn index_pages_never_overlap_on_any_sort() {
    let app = spawn_app_with(Some(people())).await;
    let all = [10, 20, 21, 22, 24];
    for key in [
        "",
        "email",
        "name",
        "phone_number",
        "last_activity_at",
        "created_at",
        "company",
        "city",
        "country",
    ] {
        for dir in ["", "-"] {
            page_through(&app, &format!("sort={dir}{key}"), 2, &all).await;
        }
    }
}

#[actix_web::test]
async fn index_pages_never_overlap_when_most_sort_values_tie() {
    // In the crowd every city, company and activity is NULL: only the id tie-breaker orders them.
    let app = spawn_app_with(Some(crowd())).await;
    let mut all: Vec<i64> = vec![10];
    all.extend(100..=204);
    for sort in [
        "city",
        "-city",
        "-company",
        "last_activity_at",
        "-created_at",
    ] {
        page_through(&app, &format!("sort={sort}"), 10, &all).await;
    }
}

#[actix_web::test]
async fn index_filters_by_any_of_the_labels_case_insensitively() {
    let app = spawn_app_with(Some(people())).await;
    for (query, want) in [
        ("labels[]=vip&labels[]=lead", vec![10, 20, 21]),
        ("labels[]=VIP&labels[]=LEAD", vec![10, 20, 21]),
        ("labels=vip,lead", vec![10, 20, 21]),
        ("labels=Vip, Lead", vec![10, 20, 21]),
        ("labels[]=vip", vec![10, 20]), // 23 is tagged vip but not resolved
        ("labels=other", vec![22]),
        ("labels[]=other&labels=lead", vec![20, 21, 22]),
        ("labels=nobody", vec![]),
        ("labels=", vec![10, 20, 21, 22, 24]),
    ] {
        let body = list(&app, &format!("{query}&include_contact_inboxes=false")).await;
        assert_eq!(ids(&body), want, "{query}");
        assert_eq!(body["meta"]["count"], json!(want.len()), "{query}");
    }
    // Labels combine with sorting and paging.
    let body = list(
        &app,
        "labels=vip,lead&sort=-name&per_page=2&page=2&include_contact_inboxes=false",
    )
    .await;
    assert_eq!(ids(&body), vec![20]);
    assert_eq!(body["meta"], json!({"count": 3, "current_page": "2"}));
}

#[actix_web::test]
async fn include_contact_inboxes_is_true_only_when_absent_empty_or_exactly_true() {
    let app = spawn_app().await;
    let without_inboxes = without(john(), &["contact_inboxes"]);
    for (query, include) in [
        ("", true),
        ("include_contact_inboxes=", true),
        ("include_contact_inboxes=true", true),
        ("include_contact_inboxes=false", false),
        ("include_contact_inboxes=0", false),
        ("include_contact_inboxes=TRUE", false),
        ("include_contact_inboxes=1", false),
    ] {
        let want = if include {
            john()
        } else {
            without_inboxes.clone()
        };
        let index = list(&app, query).await;
        assert_eq!(index["payload"], json!([want]), "index ?{query}");
        let show = app.get(&format!("{LIST}/10?{query}"), ADMIN).await;
        assert_eq!(show.json(), json!({"payload": want}), "show ?{query}");
    }
}

// ---------------------------------------------------------------------------------------------
// Show

#[actix_web::test]
async fn show_is_404_for_unknown_foreign_and_non_numeric_ids() {
    let app = spawn_app_with(Some(people())).await;
    for path in [
        "/api/v1/accounts/1/contacts/999",
        "/api/v1/accounts/1/contacts/30", // account 2's contact
        "/api/v1/accounts/1/contacts/abc",
        "/api/v1/accounts/1/contacts/-10",
        "/api/v1/accounts/1/contacts/10abc",
    ] {
        let res = app.get(path, ADMIN).await;
        assert_eq!(res.status, 404, "{path}");
        assert_eq!(
            res.json(),
            json!({"error": "Resource could not be found"}),
            "{path}"
        );
    }
    // Account 2's admin cannot reach John through account 2 either.
    let res = app.get("/api/v1/accounts/2/contacts/10", OTHER).await;
    assert_eq!(res.status, 404);
    // But does see their own contact.
    let res = app.get("/api/v1/accounts/2/contacts/30", OTHER).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["payload"]["email"], json!("john@example.com"));
}

#[actix_web::test]
async fn the_json_suffix_is_accepted() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/accounts/1/contacts/10.json", ADMIN).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json(), json!({"payload": john()}));
    let res = app
        .get(
            "/api/v1/accounts/1/contacts.json?include_contact_inboxes=false",
            ADMIN,
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"meta": {"count": 1, "current_page": 1}, "payload": [without(john(), &["contact_inboxes"])]})
    );
    let res = app
        .patch(
            "/api/v1/accounts/1/contacts/10.json",
            ADMIN,
            json!({"name": "Jo"}),
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["payload"]["name"], json!("Jo"));
}

// ---------------------------------------------------------------------------------------------
// Create

fn contact_count(app: &TestApp) -> i64 {
    scalar(&app.db, "SELECT count(*) FROM contacts")
}

/// The create response's contact after checking `created_at` is "now", with `created_at` removed.
fn created_contact(app: &TestApp, res: &Resp, before: i64) -> serde_json::Value {
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    let created_at = body["payload"]["contact"]["created_at"]
        .as_i64()
        .unwrap_or_else(|| panic!("no created_at in {body}"));
    assert!(
        (before..=app.clock.now()).contains(&created_at),
        "created_at {created_at} is not now"
    );
    without(body["payload"]["contact"].clone(), &["created_at"])
}

#[actix_web::test]
async fn create_with_a_minimal_body() {
    let app = spawn_app().await;
    let before = app.clock.now();
    let res = app.post(LIST, ADMIN, json!({"name": "Jane"})).await;
    let contact = created_contact(&app, &res, before);
    assert_eq!(
        contact,
        json!({
            "additional_attributes": {}, "availability_status": "offline", "email": null, "id": 11,
            "name": "Jane", "phone_number": null, "blocked": false, "identifier": null, "thumbnail": "",
            "custom_attributes": {}, "contact_inboxes": []
        })
    );
    assert_eq!(
        res.json()["payload"]["contact_inbox"],
        json!({"inbox": null, "source_id": null})
    );
    // Key order is Chatwoot's: contact, then contact_inbox.
    assert!(
        res.text
            .starts_with(r#"{"payload":{"contact":{"additional_attributes":"#),
        "{}",
        res.text
    );
    // A name-only contact is not resolved: show finds it, index does not.
    assert_eq!(app.get(&format!("{LIST}/11"), ADMIN).await.status, 200);
    assert_eq!(list(&app, "").await["meta"]["count"], json!(1));

    // Even an empty body creates a contact (name "").
    let res = app.post(LIST, AGENT, json!({})).await;
    let contact = created_contact(&app, &res, before);
    assert_eq!(contact["name"], json!(""));
    assert_eq!(contact["id"], json!(12));
}

#[actix_web::test]
async fn create_with_every_field() {
    let app = spawn_app().await;
    let before = app.clock.now();
    let res = app
        .post(
            LIST,
            AGENT,
            json!({
                "name": "Jane Roe", "email": "Jane.Roe@Example.COM", "phone_number": "+4915112345678",
                "identifier": "jr-1", "blocked": true,
                "additional_attributes": {"city": "Berlin", "company_name": "Roe GmbH"},
                // Not checked against the custom attribute definitions (plan is a list of free/pro).
                "custom_attributes": {"plan": "enterprise", "anything": [1, 2]},
                "avatar_url": "https://example.com/a.png",
                "unknown_key": "dropped"
            }),
        )
        .await;
    let contact = created_contact(&app, &res, before);
    assert_eq!(
        contact,
        json!({
            "additional_attributes": {"city": "Berlin", "company_name": "Roe GmbH"},
            "availability_status": "offline", "email": "jane.roe@example.com", "id": 11,
            "name": "Jane Roe", "phone_number": "+4915112345678", "blocked": true, "identifier": "jr-1",
            "thumbnail": "", "custom_attributes": {"plan": "enterprise", "anything": [1, 2]},
            "contact_inboxes": []
        })
    );
    // Show renders what create answered.
    let shown = app.get(&format!("{LIST}/11"), ADMIN).await.json();
    assert_eq!(shown["payload"], res.json()["payload"]["contact"]);
    assert_eq!(list(&app, "").await["meta"]["count"], json!(2));
}

#[actix_web::test]
async fn create_in_an_inbox_with_a_source_id() {
    let app = spawn_app().await;
    let res = app
        .post(
            LIST,
            ADMIN,
            json!({"name": "Web Visitor", "email": "v@x.io", "inbox_id": 1, "source_id": "visitor-1"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    let inbox_created = body["payload"]["contact_inbox"]["inbox"]["created_at"]
        .as_str()
        .expect("inbox created_at")
        .to_string();
    // Raw records serialise timestamps as Rails does: ISO 8601 with milliseconds.
    assert_eq!(inbox_created.len(), 24, "{inbox_created}");
    assert!(inbox_created.ends_with(".000Z"), "{inbox_created}");
    assert_eq!(
        without(body, &["created_at", "updated_at"]),
        json!({"payload": {
            "contact": {
                "additional_attributes": {}, "availability_status": "offline", "email": "v@x.io", "id": 11,
                "name": "Web Visitor", "phone_number": null, "blocked": false, "identifier": null,
                "thumbnail": "", "custom_attributes": {},
                "contact_inboxes": [{"source_id": "visitor-1", "inbox": {
                    "id": 1, "avatar_url": "", "channel_id": 1, "name": "Website",
                    "channel_type": "Channel::WebWidget", "provider": null}}]
            },
            "contact_inbox": {
                "inbox": {
                    "id": 1, "channel_id": 1, "account_id": 1, "name": "Website",
                    "channel_type": "Channel::WebWidget", "greeting_enabled": false, "greeting_message": null,
                    "email_address": null, "working_hours_enabled": false, "out_of_office_message": null,
                    "timezone": "UTC", "enable_auto_assignment": true, "enable_email_collect": true,
                    "csat_survey_enabled": false, "allow_messages_after_resolved": true,
                    "lock_to_single_conversation": false, "sender_name_type": "friendly", "business_name": null
                },
                "source_id": "visitor-1"
            }
        }})
    );
    // The secret HMAC token of an API inbox never shows.
    let res = app
        .post(
            LIST,
            ADMIN,
            json!({"name": "Api", "inbox_id": "4", "source_id": "api-1"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(!res.text.contains("secret-hmac"), "{}", res.text);
    assert_eq!(
        res.json()["payload"]["contact_inbox"]["inbox"]["id"],
        json!(4)
    );
}

#[actix_web::test]
async fn create_generates_the_source_id_from_the_channel() {
    let app = spawn_app().await;
    let uuid_v4 = |s: &str| uuid::Uuid::parse_str(s).map(|u| u.get_version_num()).ok() == Some(4);
    // (inbox, contact fields, expected source id; None = a random UUID v4)
    let cases: &[(i64, serde_json::Value, Option<&str>)] = &[
        (1, json!({"name": "web"}), None),
        (4, json!({"name": "api"}), None),
        (
            2,
            json!({"email": "Mail@Example.com"}),
            Some("mail@example.com"),
        ),
        (
            3,
            json!({"phone_number": "+15551234501"}),
            Some("+15551234501"),
        ),
        (
            5,
            json!({"phone_number": "+15551234502"}),
            Some("15551234502"),
        ),
        (
            6,
            json!({"phone_number": "+15551234503"}),
            Some("+15551234503"),
        ),
        (
            7,
            json!({"phone_number": "+15551234504"}),
            Some("whatsapp:+15551234504"),
        ),
        // An empty source_id counts as none.
        (
            3,
            json!({"phone_number": "+15551234505", "source_id": ""}),
            Some("+15551234505"),
        ),
    ];
    let mut uuids = Vec::new();
    for (inbox, fields, want) in cases {
        let mut body = fields.clone();
        body["inbox_id"] = json!(inbox);
        let res = app.post(LIST, AGENT, body).await;
        assert_eq!(res.status, 200, "inbox {inbox}: {}", res.text);
        let payload = res.json()["payload"].clone();
        let source_id = payload["contact_inbox"]["source_id"]
            .as_str()
            .expect("source_id")
            .to_string();
        match want {
            Some(want) => assert_eq!(source_id, *want, "inbox {inbox}"),
            None => {
                assert!(
                    uuid_v4(&source_id),
                    "inbox {inbox}: {source_id} is not a UUID v4"
                );
                uuids.push(source_id.clone());
            }
        }
        assert_eq!(payload["contact_inbox"]["inbox"]["id"], json!(inbox));
        let ci = &payload["contact"]["contact_inboxes"];
        assert_eq!(ci.as_array().map(Vec::len), Some(1), "{ci}");
        assert_eq!(ci[0]["source_id"], json!(source_id));
        assert_eq!(ci[0]["inbox"]["id"], json!(inbox));
    }
    assert_ne!(uuids[0], uuids[1]);
    // The email inbox carries its address in the slim inbox.
    let res = app.get(&format!("{LIST}/13"), ADMIN).await;
    assert_eq!(
        res.json()["payload"]["contact_inboxes"],
        json!([{"source_id": "mail@example.com", "inbox": {
            "id": 2, "avatar_url": "", "channel_id": 2, "name": "Support mail",
            "channel_type": "Channel::Email", "provider": null, "email": "support@acme.test"}}])
    );
}

#[actix_web::test]
async fn create_without_the_value_an_inbox_needs_is_422_and_creates_nothing() {
    let app = spawn_app().await;
    let before = contact_count(&app);
    let email = "param is missing or the value is empty: contact email";
    let phone = "param is missing or the value is empty: contact phone number";
    let cases: &[(serde_json::Value, &str)] = &[
        (
            json!({"inbox_id": 2, "phone_number": "+15550009999"}),
            email,
        ),
        (
            json!({"inbox_id": 2, "email": "", "phone_number": "+15550009999"}),
            email,
        ),
        (json!({"inbox_id": 3, "email": "x@y.z"}), phone),
        (json!({"inbox_id": 5, "email": "x@y.z"}), phone),
        (json!({"inbox_id": 6, "email": "x@y.z"}), phone),
        (
            json!({"inbox_id": 7, "email": "x@y.z", "phone_number": ""}),
            phone,
        ),
        // Chatwoot raises (500) for channels it cannot generate a source id for.
        (
            json!({"inbox_id": 8, "email": "x@y.z"}),
            "source_id is required for Channel::Telegram inboxes",
        ),
        (
            json!({"inbox_id": 8, "email": "x@y.z", "source_id": ""}),
            "source_id is required for Channel::Telegram inboxes",
        ),
    ];
    for (body, error) in cases {
        let res = app.post(LIST, ADMIN, body.clone()).await;
        assert_eq!(res.status, 422, "{body}: {}", res.text);
        assert_eq!(res.json(), json!({"error": error}), "{body}");
        assert_eq!(list(&app, "").await["meta"]["count"], json!(1), "{body}");
        assert_eq!(contact_count(&app), before, "{body}");
    }
    // With a source_id, a Telegram inbox works.
    let res = app
        .post(
            LIST,
            ADMIN,
            json!({"name": "tg", "inbox_id": 8, "source_id": "tg-1"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json()["payload"]["contact_inbox"]["source_id"],
        json!("tg-1")
    );
}

#[actix_web::test]
async fn create_in_an_unknown_or_foreign_inbox_is_404_and_creates_nothing() {
    let app = spawn_app().await;
    let before = contact_count(&app);
    for inbox in [999, 9, -1, 0] {
        let res = app
            .post(
                LIST,
                ADMIN,
                json!({"email": "new@x.io", "inbox_id": inbox, "source_id": "s"}),
            )
            .await;
        assert_eq!(res.status, 404, "inbox {inbox}: {}", res.text);
        assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
        assert_eq!(contact_count(&app), before, "inbox {inbox}");
    }
    assert_eq!(list(&app, "").await["meta"]["count"], json!(1));
    // The email is still free: nothing of the failed creates was kept.
    let res = app.post(LIST, ADMIN, json!({"email": "new@x.io"})).await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[actix_web::test]
async fn create_with_a_badly_formed_source_id_is_422_and_creates_nothing() {
    let app = spawn_app().await;
    let before = contact_count(&app);
    for (inbox, source_id, what) in [
        (5, "+15551234567", "Whatsapp"),
        (5, "whatsapp:15551234567", "Whatsapp"),
        (5, "1234567890123456", "Whatsapp"),
        (6, "15551234567", "Twilio SMS"),
        (6, "+1555abc", "Twilio SMS"),
        (7, "+15551234567", "Twilio Whatsapp"),
        (7, "whatsapp:15551234567", "Twilio Whatsapp"),
    ] {
        let res = app
            .post(
                LIST,
                ADMIN,
                json!({"phone_number": "+15551234567", "inbox_id": inbox, "source_id": source_id}),
            )
            .await;
        assert_eq!(res.status, 422, "{inbox} {source_id}: {}", res.text);
        assert_eq!(
            res.json(),
            json!({"message": format!("Source id invalid source id for {what} inbox"), "attributes": ["source_id"]}),
            "{inbox} {source_id}"
        );
        assert_eq!(contact_count(&app), before);
    }
    // Other channels take any source id.
    let res = app
        .post(
            LIST,
            ADMIN,
            json!({"name": "x", "inbox_id": 1, "source_id": "any thing +1"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

async fn create_error(app: &TestApp, body: serde_json::Value) -> serde_json::Value {
    let before = contact_count(app);
    let res = app.post(LIST, ADMIN, body.clone()).await;
    assert_eq!(res.status, 422, "{body}: {}", res.text);
    assert_eq!(contact_count(app), before, "{body}");
    res.json()
}

#[actix_web::test]
async fn create_validation_messages_are_chatwoots() {
    let app = spawn_app().await;
    for email in ["not-an-email", "two@@x.io", "a b@x.io", "@x.io", "a@"] {
        assert_eq!(
            create_error(&app, json!({"email": email})).await,
            json!({"message": "Email Invalid email", "attributes": ["email"]}),
            "{email}"
        );
    }
    for phone in [
        "12345",
        "abc+1234",
        "+0123",
        "+1",
        "+1234567890123456",
        "+1 234567",
        "+1234567890x",
    ] {
        assert_eq!(
            create_error(&app, json!({"phone_number": phone})).await,
            json!({"message": "Phone number should be in e164 format", "attributes": ["phone_number"]}),
            "{phone}"
        );
    }
    assert_eq!(
        create_error(&app, json!({"name": "n".repeat(256)})).await,
        json!({"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]})
    );
    assert_eq!(
        create_error(
            &app,
            json!({"email": "bad", "phone_number": "123", "name": "n".repeat(256)})
        )
        .await,
        json!({
            "message": "Email Invalid email, Phone number should be in e164 format, Name is too long (maximum is 255 characters)",
            "attributes": ["email", "phone_number", "name"]
        })
    );
    // 255 characters (not bytes) is fine.
    let res = app
        .post(LIST, ADMIN, json!({"name": "é".repeat(255)}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[actix_web::test]
async fn create_duplicates_are_422_with_the_holder_id() {
    let app = spawn_app().await;
    assert_eq!(
        create_error(&app, json!({"email": "JOHN@Example.com"})).await,
        json!({"message": "Email has already been taken", "attributes": ["email"], "contact_id": 10})
    );
    assert_eq!(
        create_error(&app, json!({"phone_number": "+1234567890"})).await,
        json!({"message": "Phone number has already been taken", "attributes": ["phone_number"], "contact_id": 10})
    );
    assert_eq!(
        create_error(&app, json!({"identifier": "user_123"})).await,
        json!({"message": "Identifier has already been taken", "attributes": ["identifier"], "contact_id": 10})
    );
    assert_eq!(
        create_error(
            &app,
            json!({"email": "john@example.com", "identifier": "user_123", "phone_number": "+1234567890"})
        )
        .await,
        json!({
            "message": "Email has already been taken, Identifier has already been taken, Phone number has already been taken",
            "attributes": ["email", "identifier", "phone_number"],
            "contact_id": 10
        })
    );
    // Identifiers are case-sensitive.
    let res = app
        .post(LIST, ADMIN, json!({"identifier": "USER_123"}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    // Uniqueness is per account.
    let res = app
        .post(
            "/api/v1/accounts/2/contacts",
            OTHER,
            json!({"email": "john@example.com", "phone_number": "+1234567890"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[actix_web::test]
async fn create_stores_blank_unique_values_as_null() {
    let app = spawn_app().await;
    for name in ["one", "two"] {
        let res = app
            .post(
                LIST,
                ADMIN,
                json!({"name": name, "identifier": "", "email": "", "phone_number": ""}),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        let c = &res.json()["payload"]["contact"];
        assert_eq!(
            (&c["identifier"], &c["email"], &c["phone_number"]),
            (&json!(null), &json!(null), &json!(null))
        );
    }
    assert_eq!(
        scalar(
            &app.db,
            "SELECT count(*) FROM contacts WHERE identifier IS NULL AND email IS NULL"
        ),
        2
    );
}

#[actix_web::test]
async fn create_accepts_form_encoded_bodies() {
    let app = spawn_app().await;
    let res = app
        .send_raw(
            "POST",
            LIST,
            Some(ADMIN),
            "application/x-www-form-urlencoded",
            "name=Form&email=form%40x.io&custom_attributes[plan]=free",
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let c = &res.json()["payload"]["contact"];
    assert_eq!(c["email"], json!("form@x.io"));
    assert_eq!(c["custom_attributes"], json!({"plan": "free"}));
}

// ---------------------------------------------------------------------------------------------
// Update

async fn patch_john(app: &TestApp, body: serde_json::Value) -> serde_json::Value {
    let res = app.patch(&format!("{LIST}/10"), ADMIN, body.clone()).await;
    assert_eq!(res.status, 200, "{body}: {}", res.text);
    let payload = res.json()["payload"].clone();
    // What update answers is what show renders afterwards.
    assert_eq!(
        app.get(&format!("{LIST}/10"), ADMIN).await.json()["payload"],
        payload
    );
    payload
}

#[actix_web::test]
async fn update_by_patch_and_put_changes_only_the_keys_given() {
    let app = spawn_app().await;
    assert_eq!(patch_john(&app, json!({})).await, john());

    let mut want = john();
    want["name"] = json!("Johnny");
    assert_eq!(patch_john(&app, json!({"name": "Johnny"})).await, want);

    let res = app
        .put(
            &format!("{LIST}/10"),
            AGENT,
            json!({"blocked": true, "identifier": "user_999"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    want["blocked"] = json!(true);
    want["identifier"] = json!("user_999");
    assert_eq!(res.json(), json!({"payload": want}));

    // inbox_id and source_id are not update fields.
    let res = app
        .patch(
            &format!("{LIST}/10"),
            ADMIN,
            json!({"inbox_id": 2, "source_id": "x"}),
        )
        .await;
    assert_eq!(res.json(), json!({"payload": want}));
}

#[actix_web::test]
async fn update_shallow_merges_the_attribute_hashes() {
    let app = spawn_app().await;
    let c = patch_john(
        &app,
        json!({"custom_attributes": {"plan": "free", "new": {"deep": 1}},
               "additional_attributes": {"city": "Boston"}}),
    )
    .await;
    assert_eq!(
        c["custom_attributes"],
        json!({"plan": "free", "seats": 5, "new": {"deep": 1}})
    );
    assert_eq!(
        c["additional_attributes"],
        json!({"city": "Boston", "country": "USA", "company_name": "Doe Inc"})
    );
    // A nested object is replaced, not merged; null and {} leave the hash alone.
    let c = patch_john(
        &app,
        json!({"custom_attributes": {"new": {"other": 2}}, "additional_attributes": null}),
    )
    .await;
    assert_eq!(
        c["custom_attributes"],
        json!({"plan": "free", "seats": 5, "new": {"other": 2}})
    );
    let c = patch_john(&app, json!({"custom_attributes": {}})).await;
    assert_eq!(
        c["custom_attributes"],
        json!({"plan": "free", "seats": 5, "new": {"other": 2}})
    );
    assert_eq!(c["additional_attributes"]["city"], json!("Boston"));
}

#[actix_web::test]
async fn update_with_empty_or_null_email_clears_it() {
    let app = spawn_app().await;
    let c = patch_john(&app, json!({"email": ""})).await;
    assert_eq!(c["email"], json!(null));
    assert_eq!(c["phone_number"], json!("+1234567890"));
    let c = patch_john(&app, json!({"email": "New@X.io"})).await;
    assert_eq!(c["email"], json!("new@x.io"));
    let c = patch_john(
        &app,
        json!({"email": null, "phone_number": null, "identifier": ""}),
    )
    .await;
    assert_eq!(
        (&c["email"], &c["phone_number"], &c["identifier"]),
        (&json!(null), &json!(null), &json!(null))
    );
    // Now John is no longer a resolved contact.
    assert_eq!(list(&app, "").await["meta"]["count"], json!(0));
    // And the freed email can be taken by someone else.
    let res = app
        .post(LIST, ADMIN, json!({"email": "john@example.com"}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[actix_web::test]
async fn update_duplicates_are_422_with_the_holder_id() {
    let app = spawn_app_with(Some(people())).await;
    for (body, message, attribute) in [
        (
            json!({"email": "JOHN@example.com"}),
            "Email has already been taken",
            "email",
        ),
        (
            json!({"phone_number": "+1234567890"}),
            "Phone number has already been taken",
            "phone_number",
        ),
        (
            json!({"identifier": "user_123"}),
            "Identifier has already been taken",
            "identifier",
        ),
    ] {
        let res = app.patch(&format!("{LIST}/20"), ADMIN, body.clone()).await;
        assert_eq!(res.status, 422, "{body}: {}", res.text);
        assert_eq!(
            res.json(),
            json!({"message": message, "attributes": [attribute], "contact_id": 10}),
            "{body}"
        );
    }
    assert_eq!(
        app.get(&format!("{LIST}/20"), ADMIN).await.json()["payload"]["email"],
        json!("b@x.io")
    );
    // A contact keeps its own values (and may re-case its email).
    let c = patch_john(
        &app,
        json!({"email": "John@Example.com", "phone_number": "+1234567890"}),
    )
    .await;
    assert_eq!(c, john());
    // A format error changes nothing.
    let res = app
        .patch(
            &format!("{LIST}/10"),
            ADMIN,
            json!({"name": "X", "email": "bad"}),
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "Email Invalid email", "attributes": ["email"]})
    );
    assert_eq!(
        app.get(&format!("{LIST}/10"), ADMIN).await.json()["payload"],
        john()
    );
}

#[actix_web::test]
async fn update_is_404_for_unknown_and_foreign_contacts() {
    let app = spawn_app_with(Some(people())).await;
    for (path, token) in [
        ("/api/v1/accounts/1/contacts/999", ADMIN),
        ("/api/v1/accounts/1/contacts/30", ADMIN),
        ("/api/v1/accounts/1/contacts/abc", ADMIN),
        ("/api/v1/accounts/2/contacts/10", OTHER),
    ] {
        for method in ["PATCH", "PUT"] {
            let res = app
                .send(method, path, Some(token), Some(json!({"name": "x"})))
                .await;
            assert_eq!(res.status, 404, "{method} {path}");
            assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
        }
    }
    assert_eq!(
        app.get("/api/v1/accounts/2/contacts/30", OTHER)
            .await
            .json()["payload"]["name"],
        json!("Other Person")
    );
}

#[actix_web::test]
async fn update_honours_include_contact_inboxes() {
    let app = spawn_app().await;
    let res = app
        .patch(
            &format!("{LIST}/10?include_contact_inboxes=false"),
            ADMIN,
            json!({}),
        )
        .await;
    assert_eq!(
        res.json(),
        json!({"payload": without(john(), &["contact_inboxes"])})
    );
    let res = app
        .put(
            &format!("{LIST}/10?include_contact_inboxes=true"),
            ADMIN,
            json!({}),
        )
        .await;
    assert_eq!(res.json(), json!({"payload": john()}));
}

// ---------------------------------------------------------------------------------------------
// Destroy and presence

/// A contact seen by the widget just now; its name shows Ruby's capitalize.
fn online_contact() -> serde_json::Value {
    json!({"contacts": [
        {"id": 40, "account_id": 1, "name": "john DOE", "email": "jd@x.io", "online": true},
        {"id": 41, "account_id": 1, "phone_number": "+15550004141", "online": true}
    ]})
}

#[actix_web::test]
async fn destroy_by_an_admin_answers_an_empty_200_and_removes_everything() {
    let app = spawn_app().await;
    let res = app.delete(&format!("{LIST}/10"), ADMIN).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.text, "");
    let res = app.get(&format!("{LIST}/10"), ADMIN).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
    assert_eq!(
        list(&app, "").await,
        json!({"meta": {"count": 0, "current_page": 1}, "payload": []})
    );
    for table in [
        "contact_inboxes",
        "contact_labels",
        "conversations",
        "notes",
    ] {
        assert_eq!(
            scalar(
                &app.db,
                &format!("SELECT count(*) FROM {table} WHERE contact_id = 10")
            ),
            0,
            "{table}"
        );
    }
    // Deleting again: 404.
    let res = app.delete(&format!("{LIST}/10"), ADMIN).await;
    assert_eq!(res.status, 404);
    // The email is free again.
    assert_eq!(
        app.post(LIST, ADMIN, json!({"email": "john@example.com"}))
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn destroy_is_admin_only_even_for_missing_contacts() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/accounts/1/contacts/10",
        "/api/v1/accounts/1/contacts/999",
        "/api/v1/accounts/1/contacts/abc",
    ] {
        let res = app.delete(path, AGENT).await;
        assert_eq!(res.status, 401, "{path}");
        assert_eq!(
            res.json(),
            json!({"error": "You are not authorized to do this action"})
        );
    }
    assert_eq!(
        app.get(&format!("{LIST}/10"), AGENT).await.json(),
        json!({"payload": john()})
    );
}

#[actix_web::test]
async fn destroy_is_404_for_unknown_foreign_and_non_numeric_ids() {
    let app = spawn_app_with(Some(people())).await;
    for (path, token) in [
        ("/api/v1/accounts/1/contacts/999", ADMIN),
        ("/api/v1/accounts/1/contacts/30", ADMIN),
        ("/api/v1/accounts/1/contacts/abc", ADMIN),
        ("/api/v1/accounts/2/contacts/10", OTHER),
    ] {
        let res = app.delete(path, token).await;
        assert_eq!(res.status, 404, "{path}");
        assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
    }
    assert_eq!(
        scalar(
            &app.db,
            "SELECT count(*) FROM contacts WHERE id IN (10, 30)"
        ),
        2
    );
}

#[actix_web::test]
async fn destroy_accepts_a_json_null_body() {
    let app = spawn_app().await;
    let res = app
        .send(
            "DELETE",
            &format!("{LIST}/10"),
            Some(ADMIN),
            Some(serde_json::Value::Null),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.text, "");
    assert_eq!(app.get(&format!("{LIST}/10"), ADMIN).await.status, 404);
}

#[actix_web::test]
async fn destroy_refuses_an_online_contact_until_the_window_passes() {
    let app = spawn_app_with(Some(online_contact())).await;
    let res = app.delete(&format!("{LIST}/40"), ADMIN).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "John doe is Online, please try again later"})
    );
    assert_eq!(app.get(&format!("{LIST}/40"), ADMIN).await.status, 200);
    // A contact without a name: the message starts with a space, as in Chatwoot.
    let res = app.delete(&format!("{LIST}/41"), ADMIN).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": " is Online, please try again later"})
    );

    app.clock.advance(21);
    let res = app.delete(&format!("{LIST}/40"), ADMIN).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(app.get(&format!("{LIST}/40"), ADMIN).await.status, 404);
}

#[actix_web::test]
async fn availability_status_follows_the_20_second_presence_window() {
    let app = spawn_app_with(Some(online_contact())).await;
    let status = |body: serde_json::Value| body["payload"]["availability_status"].clone();
    let show = || app.get("/api/v1/accounts/1/contacts/40", ADMIN);
    assert_eq!(status(show().await.json()), json!("online"));
    let index = list(&app, "sort=email&include_contact_inboxes=false").await;
    assert_eq!(index["payload"][0]["id"], json!(40));
    assert_eq!(index["payload"][0]["availability_status"], json!("online"));
    assert_eq!(index["payload"][1]["availability_status"], json!("offline"));

    app.clock.advance(10);
    assert_eq!(status(show().await.json()), json!("online"));
    // Online only while the heartbeat is strictly younger than 20 s.
    app.clock.advance(10);
    assert_eq!(status(show().await.json()), json!("offline"));
}

// ---------------------------------------------------------------------------------------------
// Smoke tests of the finders (tested in depth elsewhere).

#[actix_web::test]
async fn search_active_and_filter_answer() {
    let app = spawn_app_with(Some(online_contact())).await;
    let res = app
        .get(&format!("{LIST}/search?q=Doe&sort=email"), AGENT)
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(ids(&body), vec![40, 10]);
    assert_eq!(
        body["meta"],
        json!({"count": 2, "current_page": 1, "has_more": false})
    );
    assert_eq!(body["payload"][1], john());

    let res = app.get(&format!("{LIST}/active"), AGENT).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(ids(&res.json()), vec![40, 41]);
    assert_eq!(res.json()["meta"], json!({"count": 2, "current_page": 1}));
    // The list keeps heartbeats at exactly now - 20 (Chatwoot's `>=`), so step past the edge.
    app.clock.advance(21);
    assert_eq!(
        app.get(&format!("{LIST}/active"), AGENT).await.json(),
        json!({"meta": {"count": 0, "current_page": 1}, "payload": []})
    );

    let res = app
        .post(
            &format!("{LIST}/filter"),
            AGENT,
            json!({"payload": [{"attribute_key": "email", "filter_operator": "contains",
                                "values": ["example"], "query_operator": null}]}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({"meta": {"count": 1, "current_page": 1}, "payload": [john()]})
    );
}

#[actix_web::test]
async fn create_with_a_source_id_another_contact_holds() {
    let app = spawn_app().await;
    let before = contact_count(&app);
    // Web widget (and API, Telegram...): Chatwoot fails on the unique index (a 500); we answer 422.
    let res = app
        .post(
            LIST,
            ADMIN,
            json!({"email": "new@x.io", "inbox_id": 1, "source_id": "src-john-web"}),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({"error": "Source id has already been taken"})
    );
    assert_eq!(contact_count(&app), before);

    // Email, SMS, WhatsApp and Twilio inboxes free the source id by renaming the old holder's.
    let first = app
        .post(LIST, ADMIN, json!({"email": "first@x.io", "inbox_id": 2}))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = app
        .post(
            LIST,
            ADMIN,
            json!({"email": "second@x.io", "inbox_id": 2, "source_id": "first@x.io"}),
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!(
        second.json()["payload"]["contact_inbox"]["source_id"],
        json!("first@x.io")
    );
    let first_id = first.json()["payload"]["contact"]["id"].as_i64().unwrap();
    let shown = app.get(&format!("{LIST}/{first_id}"), ADMIN).await.json();
    let renamed = shown["payload"]["contact_inboxes"][0]["source_id"]
        .as_str()
        .expect("source id")
        .to_string();
    assert!(
        renamed.starts_with("first@x.io-") && renamed.len() == "first@x.io-".len() + 8,
        "{renamed}"
    );
}

#[actix_web::test]
async fn create_always_includes_contact_inboxes() {
    let app = spawn_app().await;
    let res = app
        .post(
            &format!("{LIST}?include_contact_inboxes=false"),
            ADMIN,
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json()["payload"]["contact"]["contact_inboxes"],
        json!([])
    );
}

#[actix_web::test]
async fn index_count_follows_contacts_becoming_and_ceasing_to_be_resolved() {
    let app = spawn_app_with(Some(people())).await;
    let count = async || list(&app, "").await["meta"]["count"].clone();
    assert_eq!(count().await, json!(5));
    let res = app
        .patch(
            &format!("{LIST}/23"),
            ADMIN,
            json!({"phone_number": "+15550002323"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(count().await, json!(6));
    assert!(ids(&list(&app, "per_page=100").await).contains(&23));
    // Swapping one contact value for another keeps it resolved.
    let res = app
        .patch(
            &format!("{LIST}/23"),
            ADMIN,
            json!({"phone_number": null, "email": "n@x.io"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(count().await, json!(6));
    let res = app
        .patch(&format!("{LIST}/23"), ADMIN, json!({"email": ""}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(count().await, json!(5));
    assert!(!ids(&list(&app, "per_page=100").await).contains(&23));
    assert_eq!(list(&app, "labels=vip").await["meta"]["count"], json!(2));
    // Deleting a resolved contact lowers the count; deleting an unresolved one does not.
    assert_eq!(app.delete(&format!("{LIST}/24"), ADMIN).await.status, 200);
    assert_eq!(count().await, json!(4));
    assert_eq!(app.delete(&format!("{LIST}/23"), ADMIN).await.status, 200);
    assert_eq!(count().await, json!(4));
}

#[actix_web::test]
async fn writes_are_committed_to_the_file() {
    let app = spawn_app().await;
    let res = app
        .post(LIST, ADMIN, json!({"email": "durable@x.io"}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = app
        .patch(&format!("{LIST}/10"), ADMIN, json!({"name": "Renamed"}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    // A second pool on the same file (as another process would open it) sees both writes.
    let other = contactd::db::Db::open(&app.db_path(), 2).expect("open again");
    assert_eq!(
        scalar(
            &other,
            "SELECT count(*) FROM contacts WHERE email = 'durable@x.io'"
        ),
        1
    );
    assert_eq!(
        scalar(
            &other,
            "SELECT count(*) FROM contacts WHERE name = 'Renamed'"
        ),
        1
    );
}
