//! `POST .../contacts/import` and `.../data_imports/{id}` (reference 18 and our README decisions).

use crate::helpers::*;
use contactd::clock::Clock;
use contactd::db::{Db, imports, labels};
use contactd::startup::{Application, Settings};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Uploads `bytes` as the multipart field `field` (the real one is `import_file`).
pub async fn upload(app: &TestApp, token: &str, field: &str, bytes: &[u8]) -> Resp {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name("contacts.csv")
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new().part(field.to_string(), part);
    let req = app
        .client
        .post(format!("{}/api/v1/accounts/1/contacts/import", app.url))
        .header("api_access_token", token)
        .multipart(form);
    TestApp::finish(req).await
}

/// Polls the import until it is completed or failed (at most 10 s) and returns its JSON.
pub async fn wait_import(url: &str, id: i64) -> Value {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = client
            .get(format!("{url}/api/v1/accounts/1/data_imports/{id}"))
            .header("api_access_token", ADMIN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        if body["status"] == "completed" || body["status"] == "failed" {
            return body;
        }
        assert!(Instant::now() < deadline, "import {id} still {body}");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn import_csv(app: &TestApp, csv: &str) -> Value {
    let res = upload(app, ADMIN, "import_file", csv.as_bytes()).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(without(body.clone(), &["id"]), json!({"status": "pending"}));
    let id = body["id"].as_i64().unwrap();
    without(
        wait_import(&app.url, id).await,
        &["created_at", "updated_at"],
    )
}

fn record(id: i64, status: &str, counts: [i64; 5], error: Option<&str>) -> Value {
    let [total, processed, failed, created, updated] = counts;
    json!({
        "id": id, "account_id": 1, "data_type": "contacts", "status": status, "file_name": "contacts.csv",
        "total_records": total, "processed_records": processed, "failed_records": failed,
        "created_records": created, "updated_records": updated, "error": error
    })
}

async fn contact_by_email(app: &TestApp, email: &str) -> Value {
    let res = app
        .get(
            &format!("/api/v1/accounts/1/contacts/search?q={email}&include_contact_inboxes=false"),
            ADMIN,
        )
        .await;
    assert_eq!(res.status, 200);
    let payload = res.json()["payload"].clone();
    assert_eq!(payload.as_array().unwrap().len(), 1, "{payload}");
    payload[0].clone()
}

fn contact_labels(app: &TestApp, id: i64) -> Vec<String> {
    app.db.read(|c| labels::for_contact(c, id)).unwrap()
}

fn contact_count(app: &TestApp) -> i64 {
    app.db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?))
        .unwrap()
}

#[actix_web::test]
async fn import_matches_maps_folds_and_rejects() {
    let app = spawn_app().await;
    let csv = "identifier,email,phone_number,name,company,city,labels,plan,tier\n\
               user_123,,,John Renamed,,,vip2,enterprise,\n\
               ,JOHN@example.com,,,,Boston,,,\n\
               ,new@x.io,15551234567,New Person,Acme,Paris,\"lead, vip\",free,gold\n\
               ,,+15551234567,,,,,,silver\n\
               ,bad-email,,Bad,,,,,\n\
               ,NEW@x.io,,Dup,,,,,\n\
               user_123,new@x.io,,Clash,,,,,\n\
               ,,1234567890,By Phone,,,,,\n";
    let done = import_csv(&app, csv).await;
    assert_eq!(done, record(1, "completed", [8, 6, 2, 1, 5], None));

    // Matched by identifier, then by email (case-insensitive), then by phone with the `+` added.
    let john = app
        .get(
            "/api/v1/accounts/1/contacts/10?include_contact_inboxes=false",
            ADMIN,
        )
        .await
        .json()["payload"]
        .clone();
    assert_eq!(
        john,
        json!({
            "additional_attributes": {"city": "Boston", "country": "USA", "company_name": "Doe Inc"},
            "availability_status": "offline", "email": "john@example.com", "id": 10, "name": "By Phone",
            "phone_number": "+1234567890", "blocked": false, "identifier": "user_123", "thumbnail": "",
            "custom_attributes": {"plan": "enterprise", "seats": 5},
            "last_activity_at": 1709294400, "created_at": 1705312800
        })
    );
    assert_eq!(contact_labels(&app, 10), ["vip", "vip2"]);

    // Later rows fold into the contact an earlier row of the same file created.
    let new = contact_by_email(&app, "new@x.io").await;
    let id = new["id"].as_i64().unwrap();
    assert_eq!(
        without(new, &["created_at", "id"]),
        json!({
            "additional_attributes": {"company": "Acme", "city": "Paris"},
            "availability_status": "offline", "email": "new@x.io", "name": "Dup",
            "phone_number": "+15551234567", "blocked": false, "identifier": null, "thumbnail": "",
            "custom_attributes": {"plan": "free", "tier": "silver"}
        })
    );
    assert_eq!(contact_labels(&app, id), ["lead", "vip"]);
    assert_eq!(contact_count(&app), 2);

    let failed = app
        .get("/api/v1/accounts/1/data_imports/1/failed_records", ADMIN)
        .await;
    assert_eq!(failed.status, 200);
    assert_eq!(
        failed.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        failed.text,
        "identifier,email,phone_number,name,company,city,labels,plan,tier,errors\n\
         ,bad-email,,Bad,,,,,,Email Invalid email\n\
         user_123,new@x.io,,Clash,,,,,,Email has already been taken\n"
    );
}

#[actix_web::test]
async fn invalid_rows_are_rejected_with_every_reason_and_the_rest_imported() {
    let app = spawn_app().await;
    let long = "n".repeat(256);
    let csv = format!(
        "email,phone_number,name\n\
         ok@x.io,,Fine\n\
         two@@x.io,12ab,{long}\n\
         \"=HYPERLINK(\"\"http://x\"\")\",,Formula\n\
         extra@x.io,,Extra,cell\n"
    );
    let done = import_csv(&app, &csv).await;
    assert_eq!(done, record(1, "completed", [4, 1, 3, 1, 0], None));
    let failed = app
        .get("/api/v1/accounts/1/data_imports/1/failed_records", ADMIN)
        .await;
    assert_eq!(
        failed.text,
        format!(
            "email,phone_number,name,errors\n\
             two@@x.io,12ab,{long},\"Email Invalid email, Phone number should be in e164 format, \
             Name is too long (maximum is 255 characters)\"\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",,Formula,Email Invalid email\n\
             extra@x.io,,Extra,cell,Row has 4 fields but the header has 3\n"
        )
    );
    assert_eq!(contact_count(&app), 2);
}

#[actix_web::test]
async fn duplicate_rows_inside_a_file_fold_into_one_contact() {
    let app = spawn_app().await;
    let csv = "email,name,plan\nsam@x.io,Sam,free\nSAM@x.io,,pro\nsam@x.io,Samuel,\n";
    let done = import_csv(&app, csv).await;
    assert_eq!(done, record(1, "completed", [3, 3, 0, 1, 2], None));
    let sam = contact_by_email(&app, "sam@x.io").await;
    assert_eq!(sam["name"], "Samuel");
    assert_eq!(sam["custom_attributes"], json!({"plan": "pro"}));
    assert_eq!(contact_count(&app), 2);
}

#[actix_web::test]
async fn malformed_files_fail_with_a_reason_and_import_nothing() {
    let cases: [(&[u8], &str); 4] = [
        (
            b"name,email\nRen\xe9,rene@x.io\n",
            "The file is not UTF-8 text (row 2 holds invalid bytes); save it as \"CSV UTF-8\" and import it again",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "The file is not UTF-8 text (row 1 holds invalid bytes); save it as \"CSV UTF-8\" and import it again",
        ),
        (
            b"email\nann@x.io\x00\n",
            "The file is not a CSV text file (row 2 holds a NUL byte)",
        ),
        (
            b"ann@x.io,Ann\nbob@x.io,Bob\n",
            "No header row: the first row must name at least one of the columns identifier, email, \
             phone_number or name (it reads: ann@x.io,Ann)",
        ),
    ];
    let app = spawn_app().await;
    for (i, (bytes, reason)) in cases.into_iter().enumerate() {
        let res = upload(&app, ADMIN, "import_file", bytes).await;
        assert_eq!(res.status, 200, "{}", res.text);
        let id = res.json()["id"].as_i64().unwrap();
        assert_eq!(id, i as i64 + 1);
        let done = without(
            wait_import(&app.url, id).await,
            &["created_at", "updated_at"],
        );
        assert_eq!(done, record(id, "failed", [0, 0, 0, 0, 0], Some(reason)));
    }
    assert_eq!(contact_count(&app), 1);
}

#[actix_web::test]
async fn blank_file_is_422() {
    let app = spawn_app().await;
    let blank = json!({"error": "File is blank"});
    for res in [
        upload(&app, ADMIN, "other_field", b"email\na@x.io\n").await,
        upload(&app, ADMIN, "import_file", b"").await,
        app.post("/api/v1/accounts/1/contacts/import", ADMIN, json!({}))
            .await,
        app.send(
            "POST",
            "/api/v1/accounts/1/contacts/import",
            Some(ADMIN),
            None,
        )
        .await,
    ] {
        assert_eq!(res.status, 422, "{}", res.text);
        assert_eq!(res.json(), blank);
    }
}

#[actix_web::test]
async fn import_and_its_records_are_for_administrators_only() {
    let app = spawn_app().await;
    let denied = json!({"error": "You are not authorized to do this action"});
    let res = upload(&app, AGENT, "import_file", b"email\na@x.io\n").await;
    assert_eq!((res.status, res.json()), (401, denied.clone()));
    // The policy comes before the file check, as in Chatwoot.
    let res = app
        .post("/api/v1/accounts/1/contacts/import", AGENT, json!({}))
        .await;
    assert_eq!((res.status, res.json()), (401, denied.clone()));
    let res = upload(&app, OTHER, "import_file", b"email\na@x.io\n").await;
    assert_eq!(
        (res.status, res.json()),
        (
            401,
            json!({"error": "You are not authorized to access this account"})
        )
    );
    let res = app
        .send("POST", "/api/v1/accounts/1/contacts/import", None, None)
        .await;
    assert_eq!(res.status, 401);

    let id = upload(&app, ADMIN, "import_file", b"email\na@x.io\n")
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    wait_import(&app.url, id).await;
    for path in [
        format!("/api/v1/accounts/1/data_imports/{id}"),
        format!("/api/v1/accounts/1/data_imports/{id}/failed_records"),
    ] {
        let res = app.get(&path, AGENT).await;
        assert_eq!((res.status, res.json()), (401, denied.clone()), "{path}");
        // Another account's import does not exist for this one.
        let res = app
            .get(&path.replace("accounts/1", "accounts/2"), OTHER)
            .await;
        assert_eq!(
            (res.status, res.json()),
            (404, json!({"error": "Resource could not be found"}))
        );
    }
    for path in [
        "/api/v1/accounts/1/data_imports/999",
        "/api/v1/accounts/1/data_imports/abc/failed_records",
    ] {
        let res = app.get(path, ADMIN).await;
        assert_eq!(
            (res.status, res.json()),
            (404, json!({"error": "Resource could not be found"}))
        );
    }
}

#[actix_web::test]
async fn failed_records_of_a_clean_import_is_the_header_only() {
    let app = spawn_app().await;
    let done = import_csv(&app, "Email,Name\nzed@x.io,Zed\n").await;
    assert_eq!(done, record(1, "completed", [1, 1, 0, 1, 0], None));
    let res = app
        .get("/api/v1/accounts/1/data_imports/1/failed_records", ADMIN)
        .await;
    assert_eq!(
        (res.status, res.text.as_str()),
        (200, "Email,Name,errors\n")
    );
}

/// An import left unfinished (the server stopped before its worker got to it) runs when the server starts.
#[actix_web::test]
async fn startup_resumes_unfinished_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let db = Db::open(&path, 4).unwrap();
    let clock = Clock::system();
    contactd::fixtures::load_file(&db, &fixture_path("base.json"), clock.now()).unwrap();
    let csv = b"email,name\nleft@x.io,Left Over\n";
    let id = db
        .write(|c| {
            imports::create(
                c,
                1,
                "contacts.csv",
                "digest",
                &mut &csv[..],
                csv.len() as u64,
                0,
            )
        })
        .unwrap();
    let settings = Settings {
        db: path,
        bind: "127.0.0.1:0".into(),
        presence_ttl: 20,
        workers: 1,
        allow_private_avatar_urls: true,
    };
    let app = Application::build(&settings, db.clone(), clock).unwrap();
    let url = app.url();
    actix_web::rt::spawn(app.run_until_stopped());
    let done = without(wait_import(&url, id).await, &["created_at", "updated_at"]);
    assert_eq!(done, record(id, "completed", [1, 1, 0, 1, 0], None));
}
