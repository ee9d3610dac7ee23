//! `POST .../contacts/filter` (reference 17, README decisions): every standard attribute with every
//! operator it allows, every custom attribute display type, precedence, paging, the 422s, and random
//! payloads that must never be a 5xx.
//!
//! The app's clock is moved to noon UTC of "today" (`T`) so date conditions relative to today have 12
//! hours of margin either way; the fixture's dates are built around `T`.

use crate::helpers::*;
use chrono::{DateTime, Days, NaiveDate, NaiveTime};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value, json};

const FILTER: &str = "/api/v1/accounts/1/contacts/filter";

/// The resolved contacts of account 1 in the fixture (John is the base fixture's).
const ALL: [i64; 7] = [10, 1001, 1002, 1003, 1004, 1005, 1006];

const OPERATORS: [&str; 10] = [
    "equal_to",
    "not_equal_to",
    "contains",
    "does_not_contain",
    "starts_with",
    "is_present",
    "is_not_present",
    "is_greater_than",
    "is_less_than",
    "days_before",
];

fn day(t: NaiveDate, delta: i64) -> NaiveDate {
    if delta >= 0 {
        t + Days::new(delta as u64)
    } else {
        t - Days::new(delta.unsigned_abs())
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Unix seconds of 00:00 UTC of `d`, plus `hours`.
fn at(d: NaiveDate, hours: i64) -> i64 {
    d.and_time(NaiveTime::MIN).and_utc().timestamp() + hours * 3600
}

/// The contacts the filter tests run against (beside John, id 10, who has city New York, labels
/// [vip], custom {plan: pro, seats: 5}, created 2024-01-15, last active 2024-03-01).
///
/// | id   | name          | email             | phone         | identifier | city / country_code / company |
/// | 1001 | Alice Alpha   | alice@alpha.test  | +4915100001   | ID-Alice   | Berlin / DE / Acme GmbH       |
/// | 1002 | bob builder   | bob@beta.test     | +4915100002   | id-bob     | berlin / de / Builder & Co    |
/// | 1003 | Carol Cruz    | carol@gamma.test  | -             | -          | Hamburg / FR / acme gmbh      |
/// | 1004 | Dan           | -                 | +15550001004  | -          | -                             |
/// | 1005 | Erin 50%_off  | -                 | -             | ERIN_X     | Paris / - / 50%_off Ltd       |
/// | 1006 | Élodie Dupont | elodie@delta.test | +33612345678  | -          | -                             |
/// | 1009 | Unresolved Alice: like 1001 in every attribute but with no email, phone or identifier |
/// | 1010 | in account 2, a copy of 1001                                                           |
///
/// Labels: 1001 [vip, Lead], 1002 [lead], 1004 [vip]. Blocked: 1002 (and 1009).
/// created_at: 1001 T-10 noon, 1002 T-3 noon, 1003 2001-05-05, 1004 2090-01-01, 1005 T 00:00,
/// 1006 T-5 00:00. last_activity_at: 1001 T-2 noon, 1003 2001-06-01, 1005 T-1 noon.
fn fixture(t: NaiveDate) -> Value {
    let defs: Vec<Value> = [
        ("nickname", "text"),
        ("homepage", "link"),
        ("score", "number"),
        ("mrr", "currency"),
        ("discount", "percent"),
        ("renewal", "date"),
        ("vip_flag", "checkbox"),
    ]
    .iter()
    .map(|(k, ty)| {
        json!({"account_id": 1, "attribute_model": "contact_attribute", "attribute_key": k,
               "attribute_display_name": k, "attribute_display_type": ty})
    })
    .chain([
        json!({"account_id": 2, "attribute_model": "contact_attribute", "attribute_key": "secret",
               "attribute_display_name": "Secret", "attribute_display_type": "text"}),
        json!({"account_id": 1, "attribute_model": "conversation_attribute", "attribute_key": "topic",
               "attribute_display_name": "Topic", "attribute_display_type": "text"}),
    ])
    .collect();
    let alice_custom = json!({"nickname": "Ally", "homepage": "https://alice.example.com", "plan": "pro",
        "score": 10, "mrr": 99.5, "discount": 15, "renewal": "2030-01-15", "vip_flag": true});
    let alice_additional = json!({"city": "Berlin", "country_code": "DE", "company": "Acme GmbH"});
    json!({
        "custom_attribute_definitions": defs,
        "contacts": [
            {"id": 1001, "account_id": 1, "name": "Alice Alpha", "email": "alice@alpha.test",
             "phone_number": "+4915100001", "identifier": "ID-Alice",
             "additional_attributes": alice_additional, "labels": ["vip", "Lead"],
             "created_at": at(day(t, -10), 12), "last_activity_at": at(day(t, -2), 12),
             "custom_attributes": alice_custom},
            {"id": 1002, "account_id": 1, "name": "bob builder", "email": "bob@beta.test",
             "phone_number": "+4915100002", "identifier": "id-bob", "blocked": true,
             "additional_attributes": {"city": "berlin", "country_code": "de", "company": "Builder & Co"},
             "labels": ["lead"], "created_at": at(day(t, -3), 12),
             "custom_attributes": {"nickname": "Bobby", "homepage": "http://bob.example.org", "plan": "free",
                 "score": 2.5, "mrr": 0, "discount": 100, "renewal": "2020-06-30", "vip_flag": false}},
            {"id": 1003, "account_id": 1, "name": "Carol Cruz", "email": "carol@gamma.test",
             "additional_attributes": {"city": "Hamburg", "country_code": "FR", "company": "acme gmbh"},
             "created_at": "2001-05-05T08:00:00Z", "last_activity_at": "2001-06-01T08:00:00Z",
             "custom_attributes": {"nickname": "ally", "score": -3, "renewal": ymd(t), "vip_flag": true}},
            {"id": 1004, "account_id": 1, "name": "Dan", "phone_number": "+15550001004", "labels": ["vip"],
             "created_at": "2090-01-01T00:00:00Z"},
            {"id": 1005, "account_id": 1, "name": "Erin 50%_off", "identifier": "ERIN_X",
             "additional_attributes": {"city": "Paris", "company": "50%_off Ltd"},
             "created_at": at(t, 0), "last_activity_at": at(day(t, -1), 12),
             "custom_attributes": {"nickname": "50%_off", "homepage": "x"}},
            {"id": 1006, "account_id": 1, "name": "Élodie Dupont", "email": "elodie@delta.test",
             "phone_number": "+33612345678", "created_at": at(day(t, -5), 0),
             "custom_attributes": {"renewal": format!("{}T09:00:00Z", ymd(day(t, -10)))}},
            {"id": 1009, "account_id": 1, "name": "Unresolved Alice", "blocked": true,
             "additional_attributes": alice_additional, "labels": ["vip", "lead"],
             "created_at": at(day(t, -10), 12), "last_activity_at": at(day(t, -2), 12),
             "custom_attributes": alice_custom},
            {"id": 1010, "account_id": 2, "name": "Alice Alpha", "email": "alice@alpha.test",
             "phone_number": "+4915100001", "identifier": "ID-Alice",
             "additional_attributes": alice_additional, "labels": ["vip", "Lead"],
             "created_at": at(day(t, -10), 12), "last_activity_at": at(day(t, -2), 12),
             "custom_attributes": {"nickname": "Ally", "secret": "x"}}
        ]
    })
}

/// The app on the fixture, its clock at noon UTC of `T` (the next noon at least a minute away).
async fn filter_app() -> (TestApp, NaiveDate) {
    let now = chrono::Utc::now().timestamp();
    let mut noon = now.div_euclid(86_400) * 86_400 + 12 * 3600;
    if noon < now + 60 {
        noon += 86_400;
    }
    let t = DateTime::from_timestamp(noon, 0).unwrap().date_naive();
    let app = spawn_app_with(Some(fixture(t))).await;
    app.clock.advance(noon - app.clock.now());
    assert_eq!(app.clock.today(), t);
    (app, t)
}

fn cond(key: &str, op: &str, values: Value) -> Value {
    json!({"attribute_key": key, "filter_operator": op, "values": values, "query_operator": null})
}

fn joined(key: &str, op: &str, values: Value, query_operator: &str) -> Value {
    json!({"attribute_key": key, "filter_operator": op, "values": values,
           "query_operator": query_operator})
}

async fn post(app: &TestApp, query: &str, body: Value) -> Resp {
    app.post(&format!("{FILTER}{query}"), ADMIN, body).await
}

/// Every id matching `conditions` (one page of 100), after checking `meta`.
async fn matching(app: &TestApp, conditions: Value) -> Vec<i64> {
    let res = post(
        app,
        "?per_page=100&include_contact_inboxes=false",
        json!({ "payload": conditions }),
    )
    .await;
    assert_eq!(res.status, 200, "{conditions}: {}", res.text);
    let body = res.json();
    let ids = ids(&body);
    assert_eq!(
        body["meta"],
        json!({"count": ids.len(), "current_page": 1}),
        "{conditions}"
    );
    ids
}

async fn error(app: &TestApp, body: Value) -> (u16, Value) {
    let res = post(app, "", body).await;
    (res.status, res.json())
}

fn invalid_operator(key: &str, allowed: &[&str]) -> Value {
    json!({"error": format!("Invalid operator. The allowed operators for {key} are [{}].", allowed.join(","))})
}

fn invalid_value(key: &str) -> Value {
    json!({"error": format!("Invalid value. The values provided for {key} are invalid")})
}

fn invalid_key(key: &str) -> Value {
    json!({"error": format!(
        "Invalid attribute key - [{key}]. The key should be one of [name,phone_number,email,identifier,\
         country_code,city,company,labels,created_at,last_activity_at,blocked] or a custom attribute \
         defined in the account."
    )})
}

type Case = (&'static str, Value, Vec<i64>);

/// Runs the cases of one attribute key. For a standard key, `allowed` lists its operators: the cases
/// must cover each of them, and every other operator is a 422 naming them.
async fn check(app: &TestApp, key: &str, allowed: Option<&[&str]>, cases: Vec<Case>) {
    for (op, values, want) in &cases {
        let got = matching(app, json!([cond(key, op, values.clone())])).await;
        assert_eq!(&got, want, "{key} {op} {values}");
        // The resolved rule: 1009 (and account 2's 1010) match many conditions and never appear.
        assert!(!got.contains(&1009) && !got.contains(&1010));
    }
    if let Some(allowed) = allowed {
        for op in OPERATORS {
            if allowed.contains(&op) {
                assert!(
                    cases.iter().any(|(o, ..)| *o == op),
                    "{key} {op} is not tested"
                );
            } else {
                let body = json!({"payload": [cond(key, op, json!(["x"]))]});
                assert_eq!(
                    error(app, body).await,
                    (422, invalid_operator(key, allowed)),
                    "{key} {op}"
                );
            }
        }
    }
}

/// `ALL` but these.
fn all_but(out: &[i64]) -> Vec<i64> {
    ALL.iter().copied().filter(|i| !out.contains(i)).collect()
}

// ---------------------------------------------------------------------------------------------
// The envelope

#[actix_web::test]
async fn filter_renders_the_whole_body() {
    let (app, t) = filter_app().await;
    let res = post(
        &app,
        "",
        json!({"payload": [cond("identifier", "equal_to", json!(["id-alice"]))]}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({"meta": {"count": 1, "current_page": 1}, "payload": [{
            "additional_attributes": {"city": "Berlin", "country_code": "DE", "company": "Acme GmbH"},
            "availability_status": "offline",
            "email": "alice@alpha.test",
            "id": 1001,
            "name": "Alice Alpha",
            "phone_number": "+4915100001",
            "blocked": false,
            "identifier": "ID-Alice",
            "thumbnail": "",
            "custom_attributes": {"nickname": "Ally", "homepage": "https://alice.example.com", "plan": "pro",
                "score": 10, "mrr": 99.5, "discount": 15, "renewal": "2030-01-15", "vip_flag": true},
            "last_activity_at": at(day(t, -2), 12),
            "created_at": at(day(t, -10), 12),
            "contact_inboxes": []
        }]})
    );
    // include_contact_inboxes=false omits the key; an agent may filter.
    let res = app
        .post(
            &format!("{FILTER}?include_contact_inboxes=false"),
            AGENT,
            json!({"payload": [cond("identifier", "equal_to", json!(["id-alice"]))]}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["payload"][0]["id"], json!(1001));
    assert!(
        body["payload"][0].get("contact_inboxes").is_none(),
        "{body}"
    );
    // Nothing matching: an empty page.
    assert_eq!(
        error(
            &app,
            json!({"payload": [cond("name", "equal_to", json!(["nobody"]))]})
        )
        .await,
        (
            200,
            json!({"meta": {"count": 0, "current_page": 1}, "payload": []})
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Standard attributes

#[actix_web::test]
async fn filter_by_name() {
    let (app, _) = filter_app().await;
    let allowed = ["equal_to", "not_equal_to", "contains", "does_not_contain"];
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["alice alpha"]), vec![1001]),
        ("equal_to", json!(["ALICE ALPHA"]), vec![1001]),
        // Only values[0] counts for equality.
        (
            "equal_to",
            json!(["Alice Alpha", "bob builder"]),
            vec![1001],
        ),
        ("equal_to", json!(["Alice"]), vec![]),
        // Case folding is ASCII only (SQLite's lower()): "É" must be sent as stored.
        ("equal_to", json!(["Élodie DUPONT"]), vec![1006]),
        ("equal_to", json!(["élodie dupont"]), vec![]),
        ("not_equal_to", json!(["Alice Alpha"]), all_but(&[1001])),
        ("contains", json!(["ALI"]), vec![1001]),
        ("contains", json!(["al", "dan"]), vec![1001, 1004]),
        // A bare string is accepted for contains.
        ("contains", json!("Cruz"), vec![1003]),
        ("contains", json!([" cruz "]), vec![1003]),
        // % and _ are literal.
        ("contains", json!(["%"]), vec![1005]),
        ("contains", json!(["_"]), vec![1005]),
        ("contains", json!(["0%_"]), vec![1005]),
        ("contains", json!(["lodie"]), vec![1006]),
        ("contains", json!(["Élo"]), vec![1006]),
        ("contains", json!(["élo"]), vec![]),
        ("contains", json!(["il"]), vec![1002]),
        ("does_not_contain", json!(["a"]), vec![10, 1002, 1005, 1006]),
        ("does_not_contain", json!(["o", "i"]), vec![1004]),
        ("does_not_contain", json!("ALPHA"), all_but(&[1001])),
    ];
    check(&app, "name", Some(&allowed), cases).await;
}

#[actix_web::test]
async fn filter_by_phone_number() {
    let (app, _) = filter_app().await;
    let allowed = [
        "equal_to",
        "not_equal_to",
        "contains",
        "does_not_contain",
        "starts_with",
    ];
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["+4915100001"]), vec![1001]),
        // Chatwoot's `+` normalisation: one is added, any sent is dropped first.
        ("equal_to", json!(["4915100001"]), vec![1001]),
        ("equal_to", json!([4915100001_i64]), vec![1001]),
        ("equal_to", json!(["++4915100001"]), vec![1001]),
        ("equal_to", json!(["+49151"]), vec![]),
        (
            "not_equal_to",
            json!(["4915100001"]),
            vec![10, 1002, 1004, 1006],
        ),
        ("contains", json!(["49151"]), vec![1001, 1002]),
        ("contains", json!(["00"]), vec![1001, 1002, 1004]),
        ("contains", json!(["+1"]), vec![10, 1004]),
        ("contains", json!(["78", "+33"]), vec![10, 1006]),
        ("does_not_contain", json!(["49"]), vec![10, 1004, 1006]),
        ("starts_with", json!(["+49"]), vec![1001, 1002]),
        ("starts_with", json!(["49"]), vec![1001, 1002]),
        ("starts_with", json!(["1"]), vec![10, 1004]),
        ("starts_with", json!(["15"]), vec![1004]),
        ("starts_with", json!(["+336"]), vec![1006]),
        ("starts_with", json!(["%"]), vec![]),
        ("starts_with", json!(["4915100001"]), vec![1001]),
    ];
    check(&app, "phone_number", Some(&allowed), cases).await;
}

#[actix_web::test]
async fn filter_by_email() {
    let (app, _) = filter_app().await;
    let allowed = ["equal_to", "not_equal_to", "contains", "does_not_contain"];
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["ALICE@alpha.test"]), vec![1001]),
        ("equal_to", json!(["alice@alpha"]), vec![]),
        (
            "not_equal_to",
            json!(["alice@alpha.test"]),
            vec![10, 1002, 1003, 1006],
        ),
        // 3+ characters (trigram index) and 1-2 characters (LIKE) find the same contacts.
        ("contains", json!([".test"]), vec![1001, 1002, 1003, 1006]),
        ("contains", json!(["te"]), vec![1001, 1002, 1003, 1006]),
        ("contains", json!(["a.t"]), vec![1001, 1002, 1003, 1006]),
        ("contains", json!(["a."]), vec![1001, 1002, 1003, 1006]),
        ("contains", json!(["PH"]), vec![1001]),
        ("contains", json!(["pha"]), vec![1001]),
        ("contains", json!(["e@"]), vec![1001, 1006]),
        ("contains", json!(["ce@"]), vec![1001]),
        ("contains", json!(["mma", "OHN"]), vec![10, 1003]),
        ("contains", json!(["mma", "z"]), vec![1003]),
        ("contains", json!(["%"]), vec![]),
        ("contains", json!(["\"alpha\""]), vec![]),
        (
            "does_not_contain",
            json!(["alpha", "beta"]),
            vec![10, 1003, 1006],
        ),
    ];
    check(&app, "email", Some(&allowed), cases).await;
}

#[actix_web::test]
async fn filter_by_identifier() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["id-alice"]), vec![1001]),
        ("equal_to", json!(["ID-BOB"]), vec![1002]),
        ("equal_to", json!(["erin_x"]), vec![1005]),
        ("equal_to", json!(["erin%"]), vec![]),
        ("not_equal_to", json!(["ID-ALICE"]), vec![10, 1002, 1005]),
    ];
    check(
        &app,
        "identifier",
        Some(&["equal_to", "not_equal_to"]),
        cases,
    )
    .await;
}

#[actix_web::test]
async fn filter_by_country_code() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["de"]), vec![1001, 1002]),
        ("equal_to", json!(["DE"]), vec![1001, 1002]),
        ("equal_to", json!(["fr", "de"]), vec![1003]),
        // John's additional_attributes has "country": "USA", not "country_code".
        ("equal_to", json!(["USA"]), vec![]),
        // Missing values never match not_equal_to (SQL `!=`).
        ("not_equal_to", json!(["DE"]), vec![1003]),
    ];
    check(
        &app,
        "country_code",
        Some(&["equal_to", "not_equal_to"]),
        cases,
    )
    .await;
}

#[actix_web::test]
async fn filter_by_city() {
    let (app, _) = filter_app().await;
    let allowed = ["equal_to", "not_equal_to", "contains", "does_not_contain"];
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["BERLIN"]), vec![1001, 1002]),
        ("equal_to", json!(["new york"]), vec![10]),
        ("not_equal_to", json!(["berlin"]), vec![10, 1003, 1005]),
        ("contains", json!(["bur"]), vec![1003]),
        ("contains", json!(["r"]), vec![10, 1001, 1002, 1003, 1005]),
        ("contains", json!(["york", "PAR"]), vec![10, 1005]),
        ("does_not_contain", json!(["berlin"]), vec![10, 1003, 1005]),
        ("does_not_contain", json!(["r"]), vec![]),
    ];
    check(&app, "city", Some(&allowed), cases).await;
}

#[actix_web::test]
async fn filter_by_company_reads_the_company_key() {
    let (app, _) = filter_app().await;
    let allowed = ["equal_to", "not_equal_to", "contains", "does_not_contain"];
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["ACME GMBH"]), vec![1001, 1003]),
        // John's company is under "company_name", which the filter does not read (Chatwoot's key).
        ("equal_to", json!(["Doe Inc"]), vec![]),
        ("not_equal_to", json!(["acme gmbh"]), vec![1002, 1005]),
        ("contains", json!(["&"]), vec![1002]),
        ("contains", json!(["%_"]), vec![1005]),
        ("contains", json!(["acme"]), vec![1001, 1003]),
        ("contains", json!(["doe"]), vec![]),
        ("does_not_contain", json!(["acme"]), vec![1002, 1005]),
    ];
    check(&app, "company", Some(&allowed), cases).await;
}

#[actix_web::test]
async fn filter_by_labels() {
    let (app, _) = filter_app().await;
    let allowed = ["equal_to", "not_equal_to", "is_present", "is_not_present"];
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["VIP"]), vec![10, 1001, 1004]),
        // Only the first label counts; "Lead" and "lead" are the same label.
        ("equal_to", json!(["lead", "vip"]), vec![1001, 1002]),
        ("equal_to", json!(["nope"]), vec![]),
        ("not_equal_to", json!(["vip"]), vec![1002, 1003, 1005, 1006]),
        ("is_present", json!([]), vec![10, 1001, 1002, 1004]),
        ("is_present", Value::Null, vec![10, 1001, 1002, 1004]),
        ("is_not_present", json!([]), vec![1003, 1005, 1006]),
        ("is_not_present", json!(["ignored"]), vec![1003, 1005, 1006]),
    ];
    check(&app, "labels", Some(&allowed), cases).await;
    // Without a values key at all.
    let body = json!([{"attribute_key": "labels", "filter_operator": "is_present"}]);
    assert_eq!(matching(&app, body).await, vec![10, 1001, 1002, 1004]);
}

#[actix_web::test]
async fn filter_by_created_at() {
    let (app, t) = filter_app().await;
    let d = |delta| json!([ymd(day(t, delta))]);
    let cases: Vec<Case> = vec![
        ("is_greater_than", d(-4), vec![1002, 1004, 1005]),
        ("is_greater_than", d(-1), vec![1004, 1005]),
        ("is_greater_than", d(0), vec![1004]),
        // An RFC 3339 value counts by its UTC date: T-4 23:30 at -02:00 is T-3.
        (
            "is_greater_than",
            json!([format!("{}T23:30:00-02:00", ymd(day(t, -4)))]),
            vec![1004, 1005],
        ),
        ("is_greater_than", json!(["2089-12-31"]), vec![1004]),
        ("is_greater_than", json!(["1990-01-01"]), ALL.to_vec()),
        ("is_less_than", d(-5), vec![10, 1001, 1003]),
        ("is_less_than", d(-4), vec![10, 1001, 1003, 1006]),
        ("is_less_than", d(0), vec![10, 1001, 1002, 1003, 1006]),
        ("is_less_than", json!(["2001-05-05"]), vec![]),
        ("is_less_than", json!(["2001-05-06"]), vec![1003]),
        // Strictly before the start of today - N days.
        ("days_before", json!(["5"]), vec![10, 1001, 1003]),
        ("days_before", json!(["4"]), vec![10, 1001, 1003, 1006]),
        ("days_before", json!([0]), vec![10, 1001, 1002, 1003, 1006]),
        ("days_before", json!(["100000"]), vec![]),
    ];
    check(
        &app,
        "created_at",
        Some(&["is_greater_than", "is_less_than", "days_before"]),
        cases,
    )
    .await;
}

#[actix_web::test]
async fn filter_by_last_activity_at() {
    let (app, t) = filter_app().await;
    let d = |delta| json!([ymd(day(t, delta))]);
    let cases: Vec<Case> = vec![
        ("is_greater_than", d(-3), vec![1001, 1005]),
        ("is_greater_than", d(-2), vec![1005]),
        (
            "is_greater_than",
            json!(["2024-02-29"]),
            vec![10, 1001, 1005],
        ),
        ("is_less_than", d(-1), vec![10, 1001, 1003]),
        ("is_less_than", json!(["2024-03-01"]), vec![1003]),
        ("is_less_than", json!(["2024-03-02"]), vec![10, 1003]),
        ("days_before", json!(["1"]), vec![10, 1001, 1003]),
        ("days_before", json!(["2"]), vec![10, 1003]),
        ("days_before", json!(["0"]), vec![10, 1001, 1003, 1005]),
    ];
    check(
        &app,
        "last_activity_at",
        Some(&["is_greater_than", "is_less_than", "days_before"]),
        cases,
    )
    .await;
}

#[actix_web::test]
async fn filter_by_blocked() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["true"]), vec![1002]),
        ("equal_to", json!([true]), vec![1002]),
        ("equal_to", json!(["FALSE"]), all_but(&[1002])),
        ("not_equal_to", json!(["true"]), all_but(&[1002])),
        ("not_equal_to", json!([false]), vec![1002]),
    ];
    check(&app, "blocked", Some(&["equal_to", "not_equal_to"]), cases).await;
}

// ---------------------------------------------------------------------------------------------
// Custom attributes, one display type each. not_equal_to includes contacts without the key (our
// grouped `(x != v OR x IS NULL)`); contains is a LIKE on the lower-cased text whatever the length.

#[actix_web::test]
async fn filter_by_a_text_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["ALLY"]), vec![1001, 1003]),
        ("equal_to", json!(["Ally", "Bobby"]), vec![1001, 1003]),
        ("equal_to", json!(["al"]), vec![]),
        (
            "not_equal_to",
            json!(["ally"]),
            vec![10, 1002, 1004, 1005, 1006],
        ),
        ("contains", json!(["ll"]), vec![1001, 1003]),
        ("contains", json!(["all"]), vec![1001, 1003]),
        ("contains", json!(["bb", "%"]), vec![1002, 1005]),
        ("contains", json!(["_"]), vec![1005]),
        ("does_not_contain", json!(["ll"]), vec![1002, 1005]),
        ("starts_with", json!(["BO"]), vec![1002]),
        ("is_present", json!([]), vec![1001, 1002, 1003, 1005]),
        ("is_not_present", json!([]), vec![10, 1004, 1006]),
        // Text order.
        ("is_greater_than", json!(["b"]), vec![1002]),
        ("is_less_than", json!(["b"]), vec![1001, 1003, 1005]),
        // No operator validation for custom attributes (Chatwoot): unknown ones mean equal_to.
        ("whatever", json!(["ally"]), vec![1001, 1003]),
    ];
    check(&app, "nickname", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_link_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["HTTPS://ALICE.EXAMPLE.COM"]), vec![1001]),
        ("not_equal_to", json!(["x"]), all_but(&[1005])),
        ("contains", json!([".org"]), vec![1002]),
        ("contains", json!(["://"]), vec![1001, 1002]),
        ("does_not_contain", json!(["https"]), vec![1002, 1005]),
        ("is_present", json!([]), vec![1001, 1002, 1005]),
        ("is_not_present", json!([]), vec![10, 1003, 1004, 1006]),
    ];
    check(&app, "homepage", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_list_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["PRO"]), vec![10, 1001]),
        (
            "not_equal_to",
            json!(["pro"]),
            vec![1002, 1003, 1004, 1005, 1006],
        ),
        ("contains", json!(["r"]), vec![10, 1001, 1002]),
        ("contains", json!(["fr"]), vec![1002]),
        ("does_not_contain", json!(["fr"]), vec![10, 1001]),
        ("is_present", json!([]), vec![10, 1001, 1002]),
        ("is_not_present", json!([]), vec![1003, 1004, 1005, 1006]),
    ];
    check(&app, "plan", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_number_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!([10]), vec![1001]),
        ("equal_to", json!(["10"]), vec![1001]),
        ("equal_to", json!(["10.0"]), vec![1001]),
        ("equal_to", json!(["1e1"]), vec![1001]),
        ("equal_to", json!([2.5]), vec![1002]),
        ("equal_to", json!(["-3"]), vec![1003]),
        ("equal_to", json!([3]), vec![]),
        (
            "not_equal_to",
            json!([10]),
            vec![10, 1002, 1003, 1004, 1005, 1006],
        ),
        ("is_greater_than", json!([2.5]), vec![1001]),
        ("is_greater_than", json!(["-5"]), vec![1001, 1002, 1003]),
        ("is_less_than", json!([0]), vec![1003]),
        ("is_less_than", json!([10]), vec![1002, 1003]),
        ("contains", json!(["1"]), vec![1001]),
        ("contains", json!(["."]), vec![1002]),
        ("contains", json!(["-"]), vec![1003]),
        ("is_present", json!([]), vec![1001, 1002, 1003]),
        ("is_not_present", json!([]), vec![10, 1004, 1005, 1006]),
    ];
    check(&app, "score", None, cases).await;
    // The base fixture's number attribute.
    let cases: Vec<Case> = vec![
        ("equal_to", json!([5]), vec![10]),
        ("is_greater_than", json!([4.5]), vec![10]),
        ("not_equal_to", json!([5]), all_but(&[10])),
    ];
    check(&app, "seats", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_currency_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!([0]), vec![1002]),
        ("equal_to", json!(["99.50"]), vec![1001]),
        ("not_equal_to", json!([0]), all_but(&[1002])),
        ("is_greater_than", json!([50]), vec![1001]),
        ("is_less_than", json!([50]), vec![1002]),
        ("contains", json!(["99"]), vec![1001]),
        ("is_present", json!([]), vec![1001, 1002]),
        (
            "is_not_present",
            json!([]),
            vec![10, 1003, 1004, 1005, 1006],
        ),
    ];
    check(&app, "mrr", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_percent_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!([100]), vec![1002]),
        ("not_equal_to", json!([15]), all_but(&[1001])),
        ("is_greater_than", json!(["15"]), vec![1002]),
        ("is_less_than", json!([100]), vec![1001]),
        ("contains", json!(["5"]), vec![1001]),
        ("is_present", json!([]), vec![1001, 1002]),
        (
            "is_not_present",
            json!([]),
            vec![10, 1003, 1004, 1005, 1006],
        ),
    ];
    check(&app, "discount", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_date_custom_attribute() {
    let (app, t) = filter_app().await;
    let d = |delta| json!([ymd(day(t, delta))]);
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["2030-01-15"]), vec![1001]),
        ("equal_to", json!(["2030-01-15T08:00:00Z"]), vec![1001]),
        ("equal_to", d(0), vec![1003]),
        // 1006 holds a timestamp; it counts by its date.
        ("equal_to", d(-10), vec![1006]),
        ("not_equal_to", json!(["2030-01-15"]), all_but(&[1001])),
        ("is_greater_than", d(-1), vec![1001, 1003]),
        ("is_greater_than", json!(["2030-01-15"]), vec![]),
        ("is_less_than", d(0), vec![1002, 1006]),
        ("is_less_than", json!(["2020-07-01"]), vec![1002]),
        ("days_before", json!([0]), vec![1002, 1006]),
        ("days_before", json!(["9"]), vec![1002, 1006]),
        ("days_before", json!(["10"]), vec![1002]),
        ("contains", json!(["2030"]), vec![1001]),
        ("is_present", json!([]), vec![1001, 1002, 1003, 1006]),
        ("is_not_present", json!([]), vec![10, 1004, 1005]),
    ];
    check(&app, "renewal", None, cases).await;
}

#[actix_web::test]
async fn filter_by_a_checkbox_custom_attribute() {
    let (app, _) = filter_app().await;
    let cases: Vec<Case> = vec![
        ("equal_to", json!(["true"]), vec![1001, 1003]),
        ("equal_to", json!(["TRUE"]), vec![1001, 1003]),
        ("equal_to", json!([false]), vec![1002]),
        (
            "not_equal_to",
            json!(["true"]),
            vec![10, 1002, 1004, 1005, 1006],
        ),
        ("not_equal_to", json!([false]), all_but(&[1002])),
        ("is_present", json!([]), vec![1001, 1002, 1003]),
        ("is_not_present", json!([]), vec![10, 1004, 1005, 1006]),
    ];
    check(&app, "vip_flag", None, cases).await;
}

/// A checkbox attribute holding a string, as a CSV import stores every cell: Chatwoot compares
/// `(custom_attributes->>'vip_flag')::boolean`, so "TRUE", " yes " and "t" are true and "0", "off" false;
/// a value Postgres cannot cast ("maybe") matches neither (Chatwoot answers 500).
#[actix_web::test]
async fn a_checkbox_attribute_holding_a_string_compares_as_postgres_casts_it() {
    let (app, _) = filter_app().await;
    for (id, value) in [
        (1003, json!("TRUE")),
        (1005, json!(" yes ")),
        (1006, json!("t")),
        (1002, json!("0")),
        (1004, json!("maybe")),
    ] {
        let res = app
            .patch(
                &format!("/api/v1/accounts/1/contacts/{id}"),
                ADMIN,
                json!({"custom_attributes": {"vip_flag": value}}),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
    }
    let res = app
        .patch(
            "/api/v1/accounts/1/contacts/10",
            ADMIN,
            json!({"custom_attributes": {"vip_flag": "off"}}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let cases: Vec<Case> = vec![
        ("equal_to", json!([true]), vec![1001, 1003, 1005, 1006]),
        ("equal_to", json!(["false"]), vec![10, 1002]),
        ("not_equal_to", json!([true]), vec![10, 1002]),
        (
            "is_present",
            json!([]),
            vec![10, 1001, 1002, 1003, 1004, 1005, 1006],
        ),
    ];
    check(&app, "vip_flag", None, cases).await;
}

/// A number attribute holding a numeric string (any API client can store one): Chatwoot casts it,
/// `(custom_attributes->>'mrr')::numeric`, so it is 12.5 for every operator. `equal_to` and
/// `is_greater_than`/`is_less_than` go through `contact_attribute_values.value_num`, which must hold
/// the same CAST as the json_extract form `not_equal_to` uses, or the contact would fall between them.
#[actix_web::test]
async fn a_number_attribute_holding_a_numeric_string_compares_as_its_number() {
    let (app, _) = filter_app().await;
    let res = app
        .patch(
            "/api/v1/accounts/1/contacts/1003",
            ADMIN,
            json!({"custom_attributes": {"mrr": "12.5"}}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let cases: Vec<Case> = vec![
        ("equal_to", json!([12.5]), vec![1003]),
        ("not_equal_to", json!([12.5]), all_but(&[1003])),
        ("is_greater_than", json!([10]), vec![1001, 1003]),
        ("is_less_than", json!([50]), vec![1002, 1003]),
    ];
    check(&app, "mrr", None, cases).await;
}

// ---------------------------------------------------------------------------------------------
// Short and long contains values

/// name, email and phone_number `contains` take the trigram index for values of 3+ characters and
/// LIKE below: every ASCII substring (1 to 4 characters) of the stored values gives
/// exactly the contacts whose value contains it, ASCII case-insensitively (names in two casings).
#[actix_web::test]
async fn contains_agrees_with_a_substring_model_for_short_and_long_values() {
    let (app, _) = filter_app().await;
    let rows: &[(i64, &str, Option<&str>, Option<&str>)] = &[
        (
            10,
            "John Doe",
            Some("john@example.com"),
            Some("+1234567890"),
        ),
        (
            1001,
            "Alice Alpha",
            Some("alice@alpha.test"),
            Some("+4915100001"),
        ),
        (
            1002,
            "bob builder",
            Some("bob@beta.test"),
            Some("+4915100002"),
        ),
        (1003, "Carol Cruz", Some("carol@gamma.test"), None),
        (1004, "Dan", None, Some("+15550001004")),
        (1005, "Erin 50%_off", None, None),
        (
            1006,
            "Élodie Dupont",
            Some("elodie@delta.test"),
            Some("+33612345678"),
        ),
    ];
    for (column, key) in [(1, "name"), (2, "email"), (3, "phone_number")] {
        let values: Vec<&str> = rows
            .iter()
            .filter_map(|r| match column {
                1 => Some(r.1),
                2 => r.2,
                _ => r.3,
            })
            .collect();
        let mut terms: Vec<String> = Vec::new();
        for v in &values {
            let chars: Vec<char> = v.chars().collect();
            for len in 1..=4 {
                for w in chars.windows(len) {
                    let s: String = w.iter().collect();
                    // Stored emails are lower-case and phones have no letters: one casing
                    // each is enough there.
                    if s.is_ascii() && s.trim() == s {
                        if column == 1 {
                            terms.push(s.to_lowercase());
                        }
                        terms.push(s.to_uppercase());
                    }
                }
            }
        }
        terms.sort();
        terms.dedup();
        for term in &terms {
            let needle = term.to_ascii_lowercase();
            let want: Vec<i64> = rows
                .iter()
                .filter(|r| {
                    let v = match column {
                        1 => Some(r.1),
                        2 => r.2,
                        _ => r.3,
                    };
                    v.is_some_and(|v| v.to_ascii_lowercase().contains(&needle))
                })
                .map(|r| r.0)
                .collect();
            let got = matching(&app, json!([cond(key, "contains", json!([term]))])).await;
            assert_eq!(got, want, "{key} contains {term:?}");
        }
    }
}

/// LIKE and FTS5 read NUL as the end of a string (a 500, or a pattern matching everything); a
/// value holding one is matched literally like any other.
#[actix_web::test]
async fn a_nul_character_in_a_value_is_plain_text() {
    let (app, _) = filter_app().await;
    let res = app
        .post(
            "/api/v1/accounts/1/contacts",
            ADMIN,
            json!({"name": "Nul\u{0}Byte", "email": "nul@x.test",
                   "custom_attributes": {"nickname": "a\u{0}b"}}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let id = res.json()["payload"]["contact"]["id"].as_i64().unwrap();
    let others = ALL.to_vec();
    let cases: Vec<(&str, &str, Value, Vec<i64>)> = vec![
        ("name", "contains", json!(["\u{0}"]), vec![id]),
        ("name", "contains", json!(["l\u{0}b"]), vec![id]),
        ("name", "contains", json!(["L\u{0}B", "zzz"]), vec![id]),
        ("name", "contains", json!(["Joh\u{0}"]), vec![]),
        ("name", "does_not_contain", json!(["\u{0}"]), others.clone()),
        ("name", "equal_to", json!(["nul\u{0}byte"]), vec![id]),
        ("email", "contains", json!(["\u{0}\u{0}\u{0}"]), vec![]),
        ("phone_number", "starts_with", json!(["\u{0}"]), vec![]),
        ("city", "contains", json!(["\u{0}"]), vec![]),
        ("nickname", "contains", json!(["\u{0}"]), vec![id]),
        ("nickname", "starts_with", json!(["A\u{0}"]), vec![id]),
        ("nickname", "starts_with", json!(["\u{0}"]), vec![]),
        ("nickname", "equal_to", json!(["A\u{0}B"]), vec![id]),
    ];
    for (key, op, values, want) in cases {
        let got = matching(&app, json!([cond(key, op, values.clone())])).await;
        assert_eq!(got, want, "{key} {op} {values}");
    }
}

// ---------------------------------------------------------------------------------------------
// Combining conditions

#[actix_web::test]
async fn and_binds_tighter_than_or() {
    let (app, _) = filter_app().await;
    let berlin = |qo: &str| joined("city", "equal_to", json!(["berlin"]), qo);
    let blocked = |qo: &str| joined("blocked", "equal_to", json!(["true"]), qo);
    let dan = |qo: &str| joined("name", "equal_to", json!(["dan"]), qo);
    let cases: Vec<(Value, Vec<i64>)> = vec![
        // (berlin AND blocked) OR dan, not berlin AND (blocked OR dan)
        (
            json!([berlin("AND"), blocked("OR"), dan("")]),
            vec![1002, 1004],
        ),
        // dan OR (berlin AND blocked), not (dan OR berlin) AND blocked
        (
            json!([dan("OR"), berlin("AND"), blocked("")]),
            vec![1002, 1004],
        ),
        (
            json!([berlin("OR"), dan("AND"), blocked("")]),
            vec![1001, 1002],
        ),
        (json!([berlin("AND"), dan("OR"), blocked("")]), vec![1002]),
        // case-insensitive operators
        (
            json!([dan("or"), berlin("and"), blocked("")]),
            vec![1002, 1004],
        ),
        // A missing or null operator between two conditions means AND.
        (json!([berlin(""), blocked("")]), vec![1002]),
        (
            json!([cond("city", "equal_to", json!(["berlin"])), blocked("OR")]),
            vec![1002],
        ),
        (
            json!([{"attribute_key": "city", "filter_operator": "equal_to", "values": ["berlin"]},
                   dan("")]),
            vec![],
        ),
        // A trailing operator is ignored (Chatwoot: invalid SQL, a 500).
        (json!([dan("OR")]), vec![1004]),
        (json!([dan("AND")]), vec![1004]),
        (json!([berlin("AND"), blocked("OR")]), vec![1002]),
        (json!([berlin("OR"), dan("OR")]), vec![1001, 1002, 1004]),
    ];
    for (conditions, want) in cases {
        assert_eq!(
            matching(&app, conditions.clone()).await,
            want,
            "{conditions}"
        );
    }
}

#[actix_web::test]
async fn unresolved_contacts_and_other_accounts_never_appear() {
    let (app, _) = filter_app().await;
    for conditions in [
        json!([cond("name", "contains", json!(["Unresolved"]))]),
        json!([
            cond("blocked", "equal_to", json!(["true"])),
            joined("labels", "equal_to", json!(["vip"]), "")
        ]),
        json!([
            cond("nickname", "equal_to", json!(["ally"])),
            joined("score", "equal_to", json!([10]), "")
        ]),
    ] {
        let got = matching(&app, conditions.clone()).await;
        assert!(!got.contains(&1009), "{conditions}: {got:?}");
    }
    assert_eq!(
        matching(
            &app,
            json!([cond("name", "contains", json!(["Unresolved"]))])
        )
        .await,
        Vec::<i64>::new()
    );
    // Account 2 sees its own Alice only, and has no "nickname" but a "secret".
    let res = app
        .post(
            "/api/v1/accounts/2/contacts/filter",
            OTHER,
            json!({"payload": [cond("email", "equal_to", json!(["alice@alpha.test"]))]}),
        )
        .await;
    assert_eq!(ids(&res.json()), vec![1010]);
    let res = app
        .post(
            "/api/v1/accounts/2/contacts/filter",
            OTHER,
            json!({"payload": [cond("secret", "is_present", json!([]))]}),
        )
        .await;
    assert_eq!(ids(&res.json()), vec![1010]);
    let res = app
        .post(
            "/api/v1/accounts/2/contacts/filter",
            OTHER,
            json!({"payload": [cond("nickname", "is_present", json!([]))]}),
        )
        .await;
    assert_eq!((res.status, res.json()), (422, invalid_key("nickname")));
}

// ---------------------------------------------------------------------------------------------
// Paging and sorting

#[actix_web::test]
async fn meta_count_is_the_total_and_pages_and_sorts_apply() {
    let (app, _) = filter_app().await;
    // city contains "r": 10, 1001, 1002, 1003, 1005.
    let body = || json!({"payload": [cond("city", "contains", json!(["r"]))]});
    let cases: Vec<(&str, Value, Vec<i64>)> = vec![
        (
            "",
            json!({"count": 5, "current_page": 1}),
            vec![10, 1001, 1002, 1003, 1005],
        ),
        (
            "?per_page=2",
            json!({"count": 5, "current_page": 1}),
            vec![10, 1001],
        ),
        (
            "?per_page=2&page=2",
            json!({"count": 5, "current_page": "2"}),
            vec![1002, 1003],
        ),
        (
            "?per_page=2&page=3",
            json!({"count": 5, "current_page": "3"}),
            vec![1005],
        ),
        (
            "?per_page=2&page=4",
            json!({"count": 5, "current_page": "4"}),
            vec![],
        ),
        (
            "?per_page=2&page=0",
            json!({"count": 5, "current_page": "0"}),
            vec![10, 1001],
        ),
        (
            "?per_page=2&page=-1",
            json!({"count": 5, "current_page": "-1"}),
            vec![10, 1001],
        ),
        (
            "?per_page=2&page=abc",
            json!({"count": 5, "current_page": "abc"}),
            vec![10, 1001],
        ),
        (
            "?sort=-name",
            json!({"count": 5, "current_page": 1}),
            vec![10, 1005, 1003, 1002, 1001],
        ),
        (
            "?sort=name&per_page=3&page=2",
            json!({"count": 5, "current_page": "2"}),
            vec![1005, 10],
        ),
        // city is compared as stored (case-sensitive), missing last.
        (
            "?sort=city",
            json!({"count": 5, "current_page": 1}),
            vec![1001, 1003, 10, 1005, 1002],
        ),
        (
            "?sort=-created_at",
            json!({"count": 5, "current_page": 1}),
            vec![1005, 1002, 1001, 10, 1003],
        ),
        // The labels query parameter of index is ignored here.
        (
            "?labels=lead",
            json!({"count": 5, "current_page": 1}),
            vec![10, 1001, 1002, 1003, 1005],
        ),
    ];
    for (query, meta, want) in cases {
        let res = post(&app, query, body()).await;
        assert_eq!(res.status, 200, "{query}: {}", res.text);
        let got = res.json();
        assert_eq!((got["meta"].clone(), ids(&got)), (meta, want), "{query}");
    }
    // 15 a page by default.
    let res = post(
        &app,
        "",
        json!({"payload": [cond("created_at", "is_greater_than", json!(["1990-01-01"]))]}),
    )
    .await;
    assert_eq!(res.json()["meta"], json!({"count": 7, "current_page": 1}));
}

#[actix_web::test]
async fn page_may_come_in_the_json_body() {
    let (app, _) = filter_app().await;
    let conditions = json!([cond("city", "contains", json!(["r"]))]);
    let cases: Vec<(&str, Value, Value, Vec<i64>)> = vec![
        // Rails echoes the param as parsed: a JSON number stays a number.
        (
            "?per_page=2",
            json!(2),
            json!({"count": 5, "current_page": 2}),
            vec![1002, 1003],
        ),
        (
            "?per_page=2",
            json!("3"),
            json!({"count": 5, "current_page": "3"}),
            vec![1005],
        ),
        // The query string wins over the body.
        (
            "?per_page=2&page=1",
            json!(2),
            json!({"count": 5, "current_page": "1"}),
            vec![10, 1001],
        ),
    ];
    for (query, page, meta, want) in cases {
        let res = post(&app, query, json!({"page": page, "payload": conditions})).await;
        assert_eq!(res.status, 200, "{query} {page}: {}", res.text);
        let got = res.json();
        assert_eq!(
            (got["meta"].clone(), ids(&got)),
            (meta, want),
            "{query} {page}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Errors: every one a 422 {"error": ...} naming the problem (Chatwoot's messages where it has them)

#[actix_web::test]
async fn invalid_payloads_are_422_with_chatwoots_messages() {
    let (app, _) = filter_app().await;
    let one = |c: Value| json!({ "payload": [c] });
    let e = |m: &str| json!({ "error": m });
    let missing = e("param is missing or the value is empty: payload");
    let not_array = e("Invalid payload. The payload must be an array of filter conditions");
    let query_op = e("Query operator must be either \"AND\" or \"OR\".");
    let good = cond("name", "equal_to", json!(["dan"]));
    let cases: Vec<(Value, Value)> = vec![
        // Operators not allowed for a standard key.
        (
            one(cond("country_code", "contains", json!(["de"]))),
            invalid_operator("country_code", &["equal_to", "not_equal_to"]),
        ),
        (
            one(cond("name", "EQUAL_TO", json!(["dan"]))),
            invalid_operator(
                "name",
                &["equal_to", "not_equal_to", "contains", "does_not_contain"],
            ),
        ),
        (
            one(cond("name", "", json!(["dan"]))),
            invalid_operator(
                "name",
                &["equal_to", "not_equal_to", "contains", "does_not_contain"],
            ),
        ),
        (
            one(json!({"attribute_key": "blocked", "filter_operator": 5, "values": ["true"]})),
            invalid_operator("blocked", &["equal_to", "not_equal_to"]),
        ),
        (
            one(json!({"attribute_key": "name", "values": ["dan"]})),
            e("param is missing or the value is empty: filter_operator"),
        ),
        (
            one(
                json!({"attribute_key": "nickname", "filter_operator": ["equal_to"], "values": ["x"]}),
            ),
            e("Invalid operator. The filter_operator for nickname must be a string"),
        ),
        // Blank values.
        (
            one(cond("name", "equal_to", json!([]))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "equal_to", json!([""]))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "equal_to", json!(["  ", null]))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "contains", json!(""))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "equal_to", Value::Null)),
            invalid_value("name"),
        ),
        (
            one(json!({"attribute_key": "city", "filter_operator": "equal_to"})),
            invalid_value("city"),
        ),
        (
            one(cond("labels", "equal_to", json!([]))),
            invalid_value("labels"),
        ),
        (
            one(cond("created_at", "days_before", json!([]))),
            invalid_value("created_at"),
        ),
        (
            one(cond("nickname", "equal_to", json!([]))),
            invalid_value("nickname"),
        ),
        (
            one(cond("nickname", "contains", json!([" "]))),
            invalid_value("nickname"),
        ),
        // Values of the wrong shape.
        (
            one(cond("name", "equal_to", json!("dan"))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "equal_to", json!([["dan"]]))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "equal_to", json!([{"v": "dan"}]))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "equal_to", json!({"0": "dan"}))),
            invalid_value("name"),
        ),
        (
            one(cond("name", "contains", json!(vec!["a"; 101]))),
            e("Too many values for name (maximum is 100)"),
        ),
        // Unknown keys, including another account's and another model's custom attributes.
        (
            one(cond("foo", "equal_to", json!(["x"]))),
            invalid_key("foo"),
        ),
        (
            one(cond("NAME", "equal_to", json!(["x"]))),
            invalid_key("NAME"),
        ),
        (
            one(cond("company_name", "equal_to", json!(["x"]))),
            invalid_key("company_name"),
        ),
        (
            one(cond("secret", "equal_to", json!(["x"]))),
            invalid_key("secret"),
        ),
        (
            one(cond("topic", "equal_to", json!(["x"]))),
            invalid_key("topic"),
        ),
        (one(cond("", "equal_to", json!(["x"]))), invalid_key("")),
        (
            one(
                json!({"attribute_key": "nickname", "filter_operator": "equal_to", "values": ["x"],
                       "custom_attribute_type": "conversation_attribute"}),
            ),
            invalid_key("nickname"),
        ),
        (
            one(cond("a\"b", "equal_to", json!(["x"]))),
            invalid_key("a\"b"),
        ),
        (
            one(json!({"attribute_key": 5, "filter_operator": "equal_to", "values": ["x"]})),
            invalid_key("5"),
        ),
        (
            one(json!({"filter_operator": "equal_to", "values": ["x"]})),
            e("param is missing or the value is empty: attribute_key"),
        ),
        // Query operators, the last condition's included, checked before the conditions.
        (
            one(joined("name", "equal_to", json!(["dan"]), "XOR")),
            query_op.clone(),
        ),
        (
            one(joined("name", "equal_to", json!(["dan"]), "AND ")),
            query_op.clone(),
        ),
        (
            json!({"payload": [good.clone(), joined("foo", "nope", json!([]), "NAND")]}),
            query_op.clone(),
        ),
        (
            one(
                json!({"attribute_key": "name", "filter_operator": "equal_to", "values": ["dan"],
                       "query_operator": 1}),
            ),
            query_op.clone(),
        ),
        // The payload itself.
        (json!({}), missing.clone()),
        (json!({"payload": null}), missing.clone()),
        (json!({"payload": []}), missing.clone()),
        (json!({"payload": ""}), missing.clone()),
        (json!({"payload": {}}), missing.clone()),
        (json!({"page": 2}), missing.clone()),
        (json!({"payload": "name"}), not_array.clone()),
        (json!({"payload": 5}), not_array.clone()),
        (
            json!({"payload": {"attribute_key": "name"}}),
            not_array.clone(),
        ),
        (
            json!({"payload": [good.clone(), 1]}),
            e("Invalid payload. Each filter condition must be an object"),
        ),
        (
            json!([good.clone()]),
            e("request body must be a JSON object"),
        ),
        (json!("payload"), e("request body must be a JSON object")),
        (
            json!({"payload": vec![joined("name", "equal_to", json!(["dan"]), "OR"); 51]}),
            e("Too many filter conditions (maximum is 50)"),
        ),
        // Values that do not parse as the attribute's type.
        (
            one(cond("created_at", "is_greater_than", json!(["yesterday"]))),
            invalid_value("created_at"),
        ),
        (
            one(cond("created_at", "is_less_than", json!(["2024-02-30"]))),
            invalid_value("created_at"),
        ),
        (
            one(cond(
                "last_activity_at",
                "is_less_than",
                json!(["2024-1-5"]),
            )),
            invalid_value("last_activity_at"),
        ),
        (
            one(cond("created_at", "is_greater_than", json!([20240101]))),
            invalid_value("created_at"),
        ),
        (
            one(cond("renewal", "equal_to", json!(["soon"]))),
            invalid_value("renewal"),
        ),
        (
            one(cond("renewal", "is_less_than", json!(["2024-13-01"]))),
            invalid_value("renewal"),
        ),
        (
            one(cond("score", "equal_to", json!(["ten"]))),
            invalid_value("score"),
        ),
        (
            one(cond("score", "is_greater_than", json!(["1e400"]))),
            invalid_value("score"),
        ),
        (
            one(cond("score", "is_less_than", json!(["NaN"]))),
            invalid_value("score"),
        ),
        (
            one(cond("mrr", "not_equal_to", json!(["12,5"]))),
            invalid_value("mrr"),
        ),
        (
            one(cond("discount", "equal_to", json!([true]))),
            invalid_value("discount"),
        ),
        (
            one(cond("vip_flag", "equal_to", json!(["maybe"]))),
            invalid_value("vip_flag"),
        ),
        (
            one(cond("blocked", "equal_to", json!(["yes"]))),
            invalid_value("blocked"),
        ),
        // days_before takes a non-negative whole number, on dates (and text) only.
        (
            one(cond("created_at", "days_before", json!(["-1"]))),
            invalid_value("created_at"),
        ),
        (
            one(cond("created_at", "days_before", json!(["1.5"]))),
            invalid_value("created_at"),
        ),
        (
            one(cond("created_at", "days_before", json!(["x"]))),
            invalid_value("created_at"),
        ),
        (
            one(cond(
                "last_activity_at",
                "days_before",
                json!(["99999999999999999999999"]),
            )),
            invalid_value("last_activity_at"),
        ),
        (
            one(cond("renewal", "days_before", json!(["-3"]))),
            invalid_value("renewal"),
        ),
        (
            one(cond("score", "days_before", json!([3]))),
            invalid_value("score"),
        ),
        (
            one(cond("vip_flag", "days_before", json!([3]))),
            invalid_value("vip_flag"),
        ),
    ];
    for (body, want) in cases {
        for token in [ADMIN, AGENT] {
            let res = app.post(FILTER, token, body.clone()).await;
            assert_eq!((res.status, res.json()), (422, want.clone()), "{body}");
        }
    }
    // 50 conditions are fine.
    let body = json!({"payload": vec![joined("name", "equal_to", json!(["dan"]), "OR"); 50]});
    assert_eq!(ids(&post(&app, "", body).await.json()), vec![1004]);
}

#[actix_web::test]
async fn a_missing_or_unparsable_body_and_a_missing_token() {
    let (app, _) = filter_app().await;
    let missing = json!({"error": "param is missing or the value is empty: payload"});
    for raw in ["", "  ", "null"] {
        let res = app
            .send_raw("POST", FILTER, Some(ADMIN), "application/json", raw)
            .await;
        assert_eq!((res.status, res.json()), (422, missing.clone()), "{raw:?}");
    }
    let res = app
        .send_raw(
            "POST",
            FILTER,
            Some(ADMIN),
            "application/json",
            "{\"payload\": [",
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (
            400,
            json!({"error": "malformed JSON in request body: EOF while parsing a list at line 1 column 13"})
        )
    );
    // Form-encoded conditions work like Rails params.
    let res = app
        .send_raw(
            "POST",
            FILTER,
            Some(AGENT),
            "application/x-www-form-urlencoded",
            "payload[]=x",
        )
        .await;
    assert_eq!(
        (res.status, res.json()),
        (
            422,
            json!({"error": "Invalid payload. Each filter condition must be an object"})
        )
    );
    let body = json!({"payload": [cond("name", "equal_to", json!(["dan"]))]});
    let res = app.send("POST", FILTER, None, Some(body.clone())).await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"errors": ["You need to sign in or sign up before continuing."]})
        )
    );
    // Authentication is checked before the body.
    let res = app
        .send_raw("POST", FILTER, None, "application/json", "{\"payload\": [")
        .await;
    assert_eq!(res.status, 401, "{}", res.text);
    let res = app.send("POST", FILTER, Some("nope"), Some(body)).await;
    assert_eq!(
        (res.status, res.json()),
        (401, json!({"error": "Invalid Access Token"}))
    );
}

// ---------------------------------------------------------------------------------------------
// Random payloads

const KEYS: &[&str] = &[
    "name",
    "phone_number",
    "email",
    "identifier",
    "country_code",
    "city",
    "company",
    "labels",
    "created_at",
    "last_activity_at",
    "blocked",
    "nickname",
    "homepage",
    "plan",
    "seats",
    "score",
    "mrr",
    "discount",
    "renewal",
    "vip_flag",
    "topic",
    "secret",
    "",
    "foo",
    "NAME",
    "company_name",
    "a\"b",
    "a\\b",
    "$.x",
    "x'); DROP TABLE contacts; --",
];

const TOKENS: &[&str] = &[
    "2024-01-15",
    "2024-01-15T10:00:00Z",
    "2024-01-15T10:00:00+14:00",
    "9999-12-31",
    "0000-01-01",
    "0",
    "7",
    "-1",
    "3.5",
    "1e308",
    "1e400",
    "18446744073709551615",
    "99999999999999999999999",
    "true",
    "FALSE",
    "ally",
    "+4915",
    "",
    " ",
    "%",
    "_",
    "\\",
    "\"",
    "'",
    "NEAR(",
    "a*",
    "name:x",
    "\0",
];

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        select(TOKENS).prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        let key = prop_oneof![
            select(
                &[
                    "payload",
                    "attribute_key",
                    "filter_operator",
                    "values",
                    "query_operator"
                ][..]
            )
            .prop_map(str::to_string),
            "\\PC{0,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn arb_condition() -> impl Strategy<Value = Value> {
    let item = prop_oneof![
        6 => select(TOKENS).prop_map(Value::from),
        2 => "\\PC{0,10}".prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => arb_json(),
    ];
    let values = prop_oneof![
        8 => prop::collection::vec(item.clone(), 0..4).prop_map(Value::Array),
        1 => item,
        1 => arb_json(),
    ];
    let op = prop_oneof![
        12 => select(&OPERATORS[..]).prop_map(Value::from),
        1 => select(&["nope", "", "EQUAL_TO"][..]).prop_map(Value::from),
        1 => arb_json(),
    ];
    let key = prop_oneof![
        12 => select(KEYS).prop_map(Value::from),
        1 => arb_json(),
    ];
    let query_op = prop_oneof![
        12 => select(&["AND", "OR", "and", "or", ""][..]).prop_map(Value::from),
        3 => Just(Value::Null),
        1 => select(&["XOR", "AND "][..]).prop_map(Value::from),
        1 => arb_json(),
    ];
    let custom_type = prop_oneof![
        12 => Just(None),
        2 => select(&["", "contact_attribute", "conversation_attribute"][..])
            .prop_map(|s| Some(Value::from(s))),
        1 => arb_json().prop_map(Some),
    ];
    let drop = prop_oneof![
        12 => Just(None),
        1 => select(&["attribute_key", "filter_operator", "values", "query_operator"][..]).prop_map(Some),
    ];
    (key, op, values, query_op, custom_type, drop).prop_map(
        |(key, op, values, query_op, custom_type, drop)| {
            let mut o = Map::new();
            o.insert("attribute_key".into(), key);
            o.insert("filter_operator".into(), op);
            o.insert("values".into(), values);
            o.insert("query_operator".into(), query_op);
            if let Some(t) = custom_type {
                o.insert("custom_attribute_type".into(), t);
            }
            if let Some(field) = drop {
                o.remove(field);
            }
            Value::Object(o)
        },
    )
}

/// A condition that parses: a key with an operator it allows (any operator for custom keys) and
/// values of its type.
fn valid_condition() -> impl Strategy<Value = Value> {
    const STANDARD: &[(&str, &[&str])] = &[
        (
            "name",
            &["equal_to", "not_equal_to", "contains", "does_not_contain"],
        ),
        (
            "phone_number",
            &[
                "equal_to",
                "not_equal_to",
                "contains",
                "does_not_contain",
                "starts_with",
            ],
        ),
        (
            "email",
            &["equal_to", "not_equal_to", "contains", "does_not_contain"],
        ),
        ("identifier", &["equal_to", "not_equal_to"]),
        ("country_code", &["equal_to", "not_equal_to"]),
        (
            "city",
            &["equal_to", "not_equal_to", "contains", "does_not_contain"],
        ),
        (
            "company",
            &["equal_to", "not_equal_to", "contains", "does_not_contain"],
        ),
        (
            "labels",
            &["equal_to", "not_equal_to", "is_present", "is_not_present"],
        ),
        (
            "created_at",
            &["is_greater_than", "is_less_than", "days_before"],
        ),
        (
            "last_activity_at",
            &["is_greater_than", "is_less_than", "days_before"],
        ),
        ("blocked", &["equal_to", "not_equal_to"]),
    ];
    const CUSTOM: &[&str] = &[
        "nickname", "homepage", "plan", "seats", "score", "mrr", "discount", "renewal", "vip_flag",
    ];
    let mut pairs: Vec<(&'static str, &'static str)> = Vec::new();
    for (key, ops) in STANDARD {
        pairs.extend(ops.iter().map(|op| (*key, *op)));
    }
    for key in CUSTOM {
        pairs.extend(OPERATORS.iter().map(|op| (*key, *op)));
    }
    let query_op = prop_oneof![
        select(&["AND", "OR", "or", ""][..]).prop_map(Value::from),
        Just(Value::Null),
    ];
    (select(pairs), query_op).prop_flat_map(|((key, op), query_op)| {
        let typed: &'static [&'static str] = match (key, op) {
            ("created_at" | "last_activity_at" | "renewal", "days_before") => &["0", "3", "30", "36500"],
            ("created_at" | "last_activity_at" | "renewal", _) => {
                &["2024-01-15", "2001-05-05T08:00:00Z", "2090-01-01", "2030-01-15"]
            }
            ("blocked" | "vip_flag", _) => &["true", "false", "TRUE"],
            ("score" | "mrr" | "discount" | "seats", _) => &["10", "2.5", "-3", "0", "1e3"],
            ("labels", _) => &["vip", "Lead", "nope"],
            _ => &[
                "ally", "al", "a", "Berlin", "+49", "4915100001", "alice@alpha.test", "%", "_", "\0",
                "Élo", ".test", "acme gmbh", "de",
            ],
        };
        let values = prop::collection::vec(select(typed).prop_map(Value::from), 1..3)
            .prop_map(Value::Array);
        (Just(key), Just(op), values, Just(query_op.clone())).prop_map(|(key, op, values, qo)| {
            json!({"attribute_key": key, "filter_operator": op, "values": values, "query_operator": qo})
        })
    })
}

/// 300 random bodies: mostly plausible conditions, some random JSON. Every answer is a 200 with a
/// page or a 4xx with an error (`send` asserts no 5xx).
#[actix_web::test]
async fn random_payloads_never_fail() {
    let (app, _) = filter_app().await;
    let body = prop_oneof![
        6 => prop::collection::vec(valid_condition(), 1..5).prop_map(|c| json!({ "payload": c })),
        4 => prop::collection::vec(arb_condition(), 0..6).prop_map(|c| json!({ "payload": c })),
        1 => arb_json().prop_map(|p| json!({ "payload": p })),
        1 => arb_json(),
    ];
    let mut runner = TestRunner::deterministic();
    let mut ok = 0;
    for _ in 0..300 {
        let body = body.new_tree(&mut runner).unwrap().current();
        let res = post(&app, "?per_page=100", body.clone()).await;
        let got = res.json();
        if res.status == 200 {
            ok += 1;
            assert!(got["payload"].is_array(), "{body}: {got}");
            let ids = ids(&got);
            assert_eq!(got["meta"]["count"], json!(ids.len()), "{body}");
            assert!(ids.iter().all(|i| ALL.contains(i)), "{body}: {ids:?}");
        } else {
            assert!((400..500).contains(&res.status), "{body}: {}", res.text);
            let text = got.get("error").or_else(|| got.get("message"));
            assert!(
                text.is_some_and(|t| t.as_str().is_some_and(|s| !s.is_empty())),
                "{body}: {got}"
            );
        }
    }
    // The generator must reach the query, not just the validation.
    assert!(ok >= 120, "only {ok} of 300 were valid");
}
