//! Fixture loading (shared/spec/fixtures.md): a bad file names its JSON path and reason, and leaves nothing.

use crate::helpers::*;
use contactd::db::Db;
use contactd::fixtures::{self, FixtureError};
use serde_json::{Value, json};

/// A database with the base fixture loaded, and the clock's "now" used to load it.
fn base_db() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(&dir.path().join("fx.sqlite3"), 2).expect("open db");
    fixtures::load_file(&db, &fixture_path("base.json"), 1_700_000_000).expect("base loads");
    (db, dir)
}

const TABLES: &[&str] = &[
    "accounts",
    "users",
    "access_tokens",
    "account_users",
    "inboxes",
    "inbox_members",
    "labels",
    "custom_attribute_definitions",
    "contacts",
    "contact_inboxes",
    "contact_labels",
    "contact_presences",
    "conversations",
    "messages",
    "notes",
];

fn row_counts(db: &Db) -> Vec<(&'static str, i64)> {
    TABLES
        .iter()
        .map(|t| (*t, scalar(db, &format!("SELECT count(*) FROM {t}"))))
        .collect()
}

/// Parses and loads `doc` as file "extra.json"; it must fail.
fn load_err(db: &Db, doc: &Value) -> FixtureError {
    let text = doc.to_string();
    let result = fixtures::parse("extra.json", &text)
        .and_then(|fx| fixtures::load(db, "extra.json", &fx, 1_700_000_100));
    match result {
        Ok(summary) => panic!("{doc} loaded: {summary:?}"),
        Err(e) => e,
    }
}

fn assert_fails(db: &Db, doc: Value, path: &str, reason: &str) {
    let before = row_counts(db);
    let e = load_err(db, &doc);
    assert_eq!(e.file, "extra.json", "{doc}");
    assert_eq!(
        (e.path.as_str(), e.reason.as_str()),
        (path, reason),
        "{doc}"
    );
    assert_eq!(e.to_string(), format!("extra.json: {path}: {reason}"));
    assert_eq!(row_counts(db), before, "{doc} left rows behind");
}

#[test]
fn parse_errors_name_the_path_and_reason() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "{\"accounts\": [",
            "$.accounts",
            "EOF while parsing a list at line 1 column 14",
        ),
        ("not json", "$", "expected ident at line 1 column 2"),
        ("[]", "$", "a fixture file is a JSON object, not an array"),
        ("{} {}", "$", "trailing characters at line 1 column 4"),
        (
            r#"{"contacts": [{"account_id": 1,}]}"#,
            "$.contacts[0]",
            "trailing comma at line 1 column 32",
        ),
        (
            "42",
            "$",
            "invalid type: integer `42`, expected struct Fixture at line 1 column 2",
        ),
        (
            r#"{"acounts": []}"#,
            "$.acounts",
            "unknown field `acounts`, expected one of `accounts`, `users`, `inboxes`, `labels`, \
             `custom_attribute_definitions`, `contacts`, `conversations`, `notes` at line 1 column 10",
        ),
        (
            r#"{"contacts": [{"account_id": 1}, {"account_id": 1, "nmae": "x"}]}"#,
            "$.contacts[1].nmae",
            "unknown field `nmae`, expected one of `id`, `account_id`, `name`, `email`, `phone_number`, \
             `identifier`, `blocked`, `custom_attributes`, `additional_attributes`, `labels`, `online`, \
             `created_at`, `last_activity_at`, `contact_inboxes` at line 1 column 57",
        ),
        (
            r#"{"contacts": [{"account_id": "1"}]}"#,
            "$.contacts[0].account_id",
            "invalid type: string \"1\", expected i64 at line 1 column 32",
        ),
        (
            r#"{"users": [{"id": 9, "name": "x", "email": "x@y", "accounts": [{"account_id": 1, "role": "owner"}]}]}"#,
            "$.users[0].accounts[0].role",
            "unknown variant `owner`, expected `administrator` or `agent` at line 1 column 96",
        ),
    ];
    for (text, path, reason) in cases {
        let e = fixtures::parse("bad.json", text).expect_err(text);
        assert_eq!(
            (e.file.as_str(), e.path.as_str(), e.reason.as_str()),
            ("bad.json", *path, *reason),
            "{text}"
        );
    }
}

#[test]
fn load_errors_name_the_entry_and_keep_nothing_of_the_file() {
    let (db, _dir) = base_db();
    // Each document starts with valid entries, so a partial load would show in the row counts.
    let valid_head = json!({
        "accounts": [{"id": 3, "name": "Third"}],
        "users": [{"id": 9, "name": "Nina", "email": "nina@third.test", "access_token": "tok-nina",
                   "accounts": [{"account_id": 3, "role": "administrator"}]}],
        "inboxes": [{"id": 30, "account_id": 3, "name": "Web", "channel_type": "Channel::WebWidget", "members": [9]}],
        "labels": [{"account_id": 3, "title": "gold"}]
    });
    let with = |extra: Value| {
        let mut doc = valid_head.clone();
        for (k, v) in extra.as_object().expect("object") {
            doc[k] = v.clone();
        }
        doc
    };
    let ok = json!({"id": 50, "account_id": 3, "name": "Ok", "email": "ok@third.test", "labels": ["gold"], "online": true,
                    "contact_inboxes": [{"inbox_id": 30, "source_id": "ok-web"}]});
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with(json!({"contacts": [ok.clone(), {"id": 51, "account_id": 99, "name": "x"}]})),
            "$.contacts[1].account_id",
            "unknown account 99",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 51, "account_id": 3, "email": "OK@third.test"}]}),
            ),
            "$.contacts[1]",
            "Email has already been taken",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 10, "account_id": 3, "email": "ten@third.test"}]}),
            ),
            "$.contacts[1].id",
            "id 10 already exists",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 51, "account_id": 3, "created_at": "yesterday"}]}),
            ),
            "$.contacts[1].created_at",
            "not an RFC 3339 timestamp (premature end of input): \"yesterday\"",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 51, "account_id": 3, "last_activity_at": "2024-13-01T00:00:00Z"}]}),
            ),
            "$.contacts[1].last_activity_at",
            "not an RFC 3339 timestamp (input is out of range): \"2024-13-01T00:00:00Z\"",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 51, "account_id": 3, "phone_number": "12345", "email": "bad"}]}),
            ),
            "$.contacts[1]",
            "Email Invalid email, Phone number should be in e164 format",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 51, "account_id": 3, "email": "b@third.test",
                                                   "contact_inboxes": [{"inbox_id": 1, "source_id": "s"}]}]}),
            ),
            "$.contacts[1].contact_inboxes[0].inbox_id",
            "inbox belongs to another account",
        ),
        (
            with(
                json!({"contacts": [ok.clone(), {"id": 51, "account_id": 3, "email": "b@third.test",
                                                   "contact_inboxes": [{"inbox_id": 30, "source_id": "ok-web"}]}]}),
            ),
            "$.contacts[1].contact_inboxes[0].source_id",
            "source_id already used in this inbox",
        ),
        (
            with(json!({"contacts": [ok.clone()], "notes": [{"contact_id": 999, "content": "x"}]})),
            "$.notes[0].contact_id",
            "unknown contact 999",
        ),
        (
            with(json!({"accounts": [{"id": 3, "name": "Third"}, {"id": 1, "name": "Again"}]})),
            "$.accounts[1].id",
            "id 1 already exists",
        ),
        (
            with(json!({"users": [{"id": 9, "name": "Nina", "email": "ada@acme.test"}]})),
            "$.users[0]",
            "email or access_token already used by another user",
        ),
        (
            with(
                json!({"inboxes": [{"id": 30, "account_id": 3, "name": "Fax", "channel_type": "Channel::Fax"}]}),
            ),
            "$.inboxes[0].channel_type",
            "unknown channel type \"Channel::Fax\"",
        ),
        (
            with(
                json!({"inboxes": [{"id": 30, "account_id": 3, "name": "Web", "channel_type": "Channel::WebWidget", "members": [77]}]}),
            ),
            "$.inboxes[0].members[0]",
            "unknown user 77",
        ),
    ];
    for (doc, path, reason) in cases {
        assert_fails(&db, doc, path, reason);
    }
    // The valid head alone loads: the failures above were not caused by it.
    let fx =
        fixtures::parse("ok.json", &with(json!({"contacts": [ok]})).to_string()).expect("parses");
    let summary = fixtures::load(&db, "ok.json", &fx, 1_700_000_200).expect("loads");
    assert_eq!(
        (
            summary.accounts,
            summary.users,
            summary.inboxes,
            summary.contacts
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(summary.example, Some((3, "tok-nina".to_string())));
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM contacts WHERE account_id = 3"),
        1
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT last_seen_at FROM contact_presences WHERE contact_id = 50"
        ),
        1_700_000_200
    );
}

#[test]
fn loading_base_json_twice_fails_and_changes_nothing() {
    let (db, _dir) = base_db();
    let before = row_counts(&db);
    let path = fixture_path("base.json");
    let e = fixtures::load_file(&db, &path, 1_700_000_000).expect_err("second load");
    assert_eq!(e.file, path.display().to_string());
    assert_eq!(
        (e.path.as_str(), e.reason.as_str()),
        ("$.accounts[0].id", "id 1 already exists")
    );
    assert_eq!(row_counts(&db), before);
}

#[test]
fn an_unreadable_file_is_an_error_at_the_root() {
    let (db, dir) = base_db();
    let path = dir.path().join("missing.json");
    let e = fixtures::load_file(&db, &path, 0).expect_err("missing file");
    assert_eq!(e.file, path.display().to_string());
    assert_eq!(e.path, "$");
    assert!(e.reason.starts_with("cannot read: "), "{}", e.reason);
}

#[test]
fn the_base_fixture_loads_with_its_defaults() {
    let (db, _dir) = base_db();
    let counts: Vec<(&str, i64)> = row_counts(&db);
    assert_eq!(
        counts,
        vec![
            ("accounts", 2),
            ("users", 3),
            ("access_tokens", 3),
            ("account_users", 3),
            ("inboxes", 9),
            ("inbox_members", 1),
            ("labels", 1),
            ("custom_attribute_definitions", 2),
            ("contacts", 1),
            ("contact_inboxes", 1),
            ("contact_labels", 1),
            ("contact_presences", 0),
            ("conversations", 1),
            ("messages", 1),
            ("notes", 1),
        ]
    );
    // Timestamps given as RFC 3339 text or unix seconds mean the same; missing ones default to the load time.
    let fx = fixtures::parse(
        "t.json",
        &json!({"contacts": [
            {"id": 60, "account_id": 1, "name": "a", "email": "a@t.io", "created_at": 1705312800},
            {"id": 61, "account_id": 1, "name": "b", "email": "b@t.io", "created_at": "2024-01-15T11:00:00+01:00"},
            {"id": 62, "account_id": 1, "name": "c", "email": "c@t.io"}
        ]})
        .to_string(),
    )
    .expect("parses");
    fixtures::load(&db, "t.json", &fx, 1_700_000_300).expect("loads");
    assert_eq!(
        scalar(&db, "SELECT created_at FROM contacts WHERE id = 60"),
        1705312800
    );
    assert_eq!(
        scalar(&db, "SELECT created_at FROM contacts WHERE id = 61"),
        1705312800
    );
    assert_eq!(
        scalar(&db, "SELECT created_at FROM contacts WHERE id = 62"),
        1_700_000_300
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM contacts WHERE id = 62 AND last_activity_at IS NULL"
        ),
        1
    );
}
