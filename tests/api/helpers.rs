//! `spawn_app()` and a small HTTP client with one method per verb.
// Not every test file uses every helper.
#![allow(dead_code)]

use contactd::clock::Clock;
use contactd::db::Db;
use contactd::fixtures;
use contactd::startup::{Application, Settings};
use serde_json::Value;
use std::path::PathBuf;

pub const ADMIN: &str = "tok-admin";
pub const AGENT: &str = "tok-agent";
/// Administrator of account 2 only.
pub const OTHER: &str = "tok-other";

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub clock: Clock,
    pub db: Db,
    pub dir: tempfile::TempDir,
}

/// A response: status, headers and body text, with `json()` for the parsed body.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The app on the base fixture.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(None).await
}

/// The app on the base fixture plus `extra` (another fixture document, loaded after it).
pub async fn spawn_app_with(extra: Option<Value>) -> TestApp {
    spawn(extra, true).await
}

/// The app as `serve` starts it by default: `avatar_url` may only reach public addresses. (The
/// other helpers allow private ones, since the tests serve images from 127.0.0.1.)
pub async fn spawn_app_public_urls_only() -> TestApp {
    spawn(None, false).await
}

async fn spawn(extra: Option<Value>, allow_private_avatar_urls: bool) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(&dir.path().join("test.sqlite3"), 4).expect("open db");
    let clock = Clock::system();
    fixtures::load_file(&db, &fixture_path("base.json"), clock.now()).expect("base fixture");
    if let Some(extra) = extra {
        let fx = fixtures::parse("extra", &extra.to_string()).expect("extra fixture parses");
        fixtures::load(&db, "extra", &fx, clock.now()).expect("extra fixture loads");
    }
    let settings = Settings {
        db: dir.path().join("test.sqlite3"),
        bind: "127.0.0.1:0".into(),
        presence_ttl: 20,
        workers: 1,
        allow_private_avatar_urls,
    };
    let app = Application::build(&settings, db.clone(), clock.clone()).expect("build app");
    let url = app.url();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        url,
        client: reqwest::Client::new(),
        clock,
        db,
        dir,
    }
}

impl TestApp {
    /// Sends a request. `body`: JSON to send (with content type), or `None`.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(method, format!("{}{}", self.url, path));
        if let Some(t) = token {
            req = req.header("api_access_token", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::finish(req).await
    }

    /// Sends raw bytes with a content type (for malformed bodies).
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Resp {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .client
            .request(method, format!("{}{}", self.url, path))
            .header("content-type", content_type);
        if let Some(t) = token {
            req = req.header("api_access_token", t);
        }
        Self::finish(req.body(body)).await
    }

    pub async fn finish(req: reqwest::RequestBuilder) -> Resp {
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        assert!(status < 500, "server error {status}: {text}");
        Resp {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.send("GET", path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.send("POST", path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Resp {
        self.send("PATCH", path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Resp {
        self.send("PUT", path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Resp {
        self.send("DELETE", path, Some(token), None).await
    }
}

/// Removes the keys whose values change run to run (timestamps of records created during the test),
/// so whole bodies can be compared.
pub fn without(mut v: Value, keys: &[&str]) -> Value {
    fn strip(v: &mut Value, keys: &[&str]) {
        match v {
            Value::Object(m) => {
                for k in keys {
                    m.remove(*k);
                }
                for x in m.values_mut() {
                    strip(x, keys);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| strip(x, keys)),
            _ => {}
        }
    }
    strip(&mut v, keys);
    v
}

/// The 401 and 404 answers every route under `/accounts/{a}/contacts/{c}` shares, in Chatwoot's order
/// (token, account, membership, then the contact lookup). `path_for(account, contact)` builds the
/// path; `foreign_contact` is a contact of account 2 (not found from account 1).
pub async fn assert_contact_route_errors(
    app: &TestApp,
    method: &str,
    path_for: impl Fn(&str, &str) -> String,
    body: Option<Value>,
    foreign_contact: i64,
) {
    let not_found = serde_json::json!({"error": "Resource could not be found"});
    let foreign = foreign_contact.to_string();
    let cases: Vec<(String, Option<&str>, u16, Value)> = vec![
        (
            path_for("1", "10"),
            None,
            401,
            serde_json::json!({"errors": ["You need to sign in or sign up before continuing."]}),
        ),
        (
            path_for("1", "10"),
            Some("nope"),
            401,
            serde_json::json!({"error": "Invalid Access Token"}),
        ),
        (
            path_for("1", "10"),
            Some(OTHER),
            401,
            serde_json::json!({"error": "You are not authorized to access this account"}),
        ),
        (path_for("999", "10"), Some(ADMIN), 404, not_found.clone()),
        (path_for("1", "424242"), Some(ADMIN), 404, not_found.clone()),
        (path_for("1", "abc"), Some(AGENT), 404, not_found.clone()),
        (path_for("1", &foreign), Some(ADMIN), 404, not_found.clone()),
    ];
    for (path, token, status, want) in cases {
        let res = app.send(method, &path, token, body.clone()).await;
        assert_eq!(
            (res.status, res.json()),
            (status, want),
            "{method} {path} {token:?}"
        );
    }
}

/// One integer from a SQL query against the test database (row counts after failed writes).
pub fn scalar(db: &Db, sql: &str) -> i64 {
    db.read(|c| Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))?))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The `id`s of a list response's `payload`, in order.
pub fn ids(body: &Value) -> Vec<i64> {
    body["payload"]
        .as_array()
        .unwrap_or_else(|| panic!("no payload array in {body}"))
        .iter()
        .map(|c| c["id"].as_i64().expect("contact id"))
        .collect()
}

impl TestApp {
    /// The database file, for opening it the way another process would.
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("test.sqlite3")
    }
}
