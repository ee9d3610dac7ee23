//! Contact avatars: multipart uploads on create/update, the served images, `DELETE .../avatar`, and
//! `avatar_url` downloads from a local server (reference 2.1, 4, 6, 14).

use crate::contacts::john;
use crate::helpers::*;
use actix_web::{App, HttpResponse, HttpServer, web};
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb, Rgba};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = ImageBuffer::from_pixel(w, h, Rgba([200u8, 30, 30, 255]));
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = ImageBuffer::from_pixel(w, h, Rgb([30u8, 200, 30]));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .unwrap();
    out
}

fn file(bytes: Vec<u8>, name: &str, mime: &str) -> Part {
    Part::bytes(bytes)
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap()
}

async fn multipart(app: &TestApp, method: &str, path: &str, token: &str, form: Form) -> Resp {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let req = app
        .client
        .request(method, format!("{}{path}", app.url))
        .header("api_access_token", token)
        .multipart(form);
    TestApp::finish(req).await
}

/// Status, headers and raw bytes of a GET (images are not text).
async fn fetch(
    url: &str,
    if_none_match: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(tag) = if_none_match {
        req = req.header("if-none-match", tag);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

fn dims(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).unwrap();
    (img.width(), img.height())
}

fn avatar_count(app: &TestApp) -> i64 {
    app.db.read(contactd::db::avatars::count).unwrap()
}

fn thumbnail_of(res: &Resp) -> String {
    let body = res.json();
    let c = if body["payload"]["contact"].is_object() {
        &body["payload"]["contact"]
    } else {
        &body["payload"]
    };
    c["thumbnail"].as_str().unwrap().to_string()
}

/// John as show renders him, with `thumbnail` set.
fn john_with(thumbnail: &str) -> Value {
    let mut j = john();
    j["thumbnail"] = json!(thumbnail);
    j
}

#[actix_web::test]
async fn multipart_create_with_a_png_serves_a_cached_thumbnail() {
    let app = spawn_app().await;
    let original = png(600, 300);
    let form = Form::new()
        .text("name", "Pat Png")
        .text("email", "PAT@example.com")
        .text("custom_attributes[plan]", "free")
        .text("additional_attributes[city]", "Oslo")
        .text("blocked", "true")
        .part("avatar", file(original.clone(), "me.png", "image/png"));
    let res = multipart(&app, "POST", "/api/v1/accounts/1/contacts", ADMIN, form).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let thumb = format!("{}/avatars/1/thumbnail", app.url);
    let body = res.json();
    let id = body["payload"]["contact"]["id"].clone();
    assert_eq!(
        without(body, &["created_at"]),
        json!({"payload": {
            "contact": {
                "additional_attributes": {"city": "Oslo"}, "availability_status": "offline",
                "email": "pat@example.com", "id": id, "name": "Pat Png", "phone_number": null,
                "blocked": true, "identifier": null, "thumbnail": thumb,
                "custom_attributes": {"plan": "free"}, "contact_inboxes": []
            },
            "contact_inbox": {"inbox": null, "source_id": null}
        }})
    );

    let (status, headers, bytes) = fetch(&thumb, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let etag = headers["etag"].to_str().unwrap().to_string();
    assert_eq!(dims(&bytes), (250, 125));

    // A cache revalidating with the ETag gets a 304 without the body.
    let (status, headers, bytes) = fetch(&thumb, Some(&etag)).await;
    assert_eq!(status, 304);
    assert_eq!(headers["etag"].to_str().unwrap(), etag);
    assert!(bytes.is_empty());

    // The original is kept byte for byte.
    let (status, headers, bytes) = fetch(&format!("{}/avatars/1", app.url), None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(bytes, original);

    // Show renders the same thumbnail URL.
    let res = app
        .get(&format!("/api/v1/accounts/1/contacts/{id}"), ADMIN)
        .await;
    assert_eq!(thumbnail_of(&res), thumb);
}

#[actix_web::test]
async fn multipart_update_with_a_jpeg_by_put() {
    let app = spawn_app().await;
    // The file name says PNG; the bytes say JPEG, and the bytes win.
    let form = Form::new()
        .text("name", "John Doe")
        .part("avatar", file(jpeg(120, 400), "photo.png", "image/png"));
    let res = multipart(&app, "PUT", "/api/v1/accounts/1/contacts/10", AGENT, form).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let thumb = format!("{}/avatars/1/thumbnail", app.url);
    assert_eq!(
        without(res.json(), &[]),
        json!({"payload": john_with(&thumb)})
    );

    let (status, headers, bytes) = fetch(&thumb, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(dims(&bytes), (75, 250));
    let (_, headers, _) = fetch(&format!("{}/avatars/1", app.url), None).await;
    assert_eq!(headers["content-type"], "image/jpeg");
}

#[actix_web::test]
async fn multipart_text_fields_follow_the_json_rules() {
    let app = spawn_app().await;
    // No avatar at all: a plain multipart form works like JSON, hashes shallow-merged.
    let form = Form::new()
        .text("custom_attributes[tier]", "gold")
        .text("phone_number", "+1234567890")
        // A file under any other name is an unknown key, dropped like the others.
        .part(
            "resume",
            file(vec![0xFF, 0xFE, 0x00], "cv.bin", "application/octet-stream"),
        );
    let res = multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let mut want = john();
    want["custom_attributes"] = json!({"plan": "pro", "seats": 5, "tier": "gold"});
    assert_eq!(res.json(), json!({"payload": want}));
    assert_eq!(avatar_count(&app), 0);

    // An empty file part (a browser form with no file chosen) is no avatar.
    let form = Form::new().part("avatar", file(Vec::new(), "", "application/octet-stream"));
    let res = multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(thumbnail_of(&res), "");

    // A malformed multipart body is a 400.
    let res = app
        .send_raw(
            "PATCH",
            "/api/v1/accounts/1/contacts/10",
            Some(ADMIN),
            "multipart/form-data; boundary=xyz",
            "this is not multipart",
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.text);
}

#[actix_web::test]
async fn an_avatar_that_is_not_an_image_is_422_and_nothing_is_stored() {
    let app = spawn_app().await;
    let form = Form::new().text("name", "Tex").part(
        "avatar",
        file(b"hello, I am text".to_vec(), "x.png", "image/png"),
    );
    let res = multipart(&app, "POST", "/api/v1/accounts/1/contacts", ADMIN, form).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "Avatar filetype not supported", "attributes": ["avatar"]})
    );

    // Image magic bytes with garbage after them.
    let mut broken = png(10, 10);
    broken.truncate(30);
    let form = Form::new().part("avatar", file(broken, "x.png", "image/png"));
    let res = multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "Avatar is not a valid image", "attributes": ["avatar"]})
    );

    // A small file announcing a huge canvas (a decompression bomb) is refused from its header.
    let form = Form::new().part("avatar", file(png(9000, 1), "wide.png", "image/png"));
    let res = multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "Avatar is too large (at most 8192x8192 pixels)", "attributes": ["avatar"]})
    );

    assert_eq!(avatar_count(&app), 0);
    let res = app
        .get("/api/v1/accounts/1/contacts/search?q=Tex", ADMIN)
        .await;
    assert_eq!(res.json()["payload"], json!([]));
    let res = app.get("/api/v1/accounts/1/contacts/10", ADMIN).await;
    assert_eq!(res.json(), json!({"payload": john()}));
}

#[actix_web::test]
async fn an_avatar_over_the_size_limit_is_413() {
    let app = spawn_app().await;
    let mut big = png(10, 10);
    big.resize(5 * 1024 * 1024 + 1, 0);
    let form = Form::new().part("avatar", file(big, "big.png", "image/png"));
    let res = multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(res.status, 413);
    assert_eq!(
        res.json(),
        json!({"error": "Avatar is too big (at most 5 MiB)"})
    );
    assert_eq!(avatar_count(&app), 0);
}

#[actix_web::test]
async fn auth_comes_before_the_avatar_is_looked_at() {
    let app = spawn_app().await;
    let form = || {
        Form::new().part(
            "avatar",
            file(b"not an image".to_vec(), "x.png", "image/png"),
        )
    };
    let res = multipart(
        &app,
        "PATCH",
        "/api/v1/accounts/1/contacts/10",
        "nope",
        form(),
    )
    .await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json(), json!({"error": "Invalid Access Token"}));
    let res = multipart(&app, "POST", "/api/v1/accounts/1/contacts", OTHER, form()).await;
    assert_eq!(res.status, 401);
    assert_eq!(
        res.json(),
        json!({"error": "You are not authorized to access this account"})
    );
}

#[actix_web::test]
async fn a_new_avatar_replaces_the_old_one_under_a_new_url() {
    let app = spawn_app().await;
    let path = "/api/v1/accounts/1/contacts/10";
    let form = Form::new().part("avatar", file(png(50, 50), "a.png", "image/png"));
    let res = multipart(&app, "PATCH", path, ADMIN, form).await;
    let first = thumbnail_of(&res);
    assert_eq!(first, format!("{}/avatars/1/thumbnail", app.url));

    let form = Form::new().part("avatar", file(jpeg(50, 50), "b.jpg", "image/jpeg"));
    let res = multipart(&app, "PATCH", path, ADMIN, form).await;
    assert_eq!(res.status, 200);
    let second = format!("{}/avatars/2/thumbnail", app.url);
    assert_eq!(res.json(), json!({"payload": john_with(&second)}));

    assert_eq!(avatar_count(&app), 1);
    let (status, _, body) = fetch(&first, None).await;
    assert_eq!(status, 404);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body, json!({"error": "Resource could not be found"}));
    let (status, _, _) = fetch(&format!("{}/avatars/1", app.url), None).await;
    assert_eq!(status, 404);
    assert_eq!(fetch(&second, None).await.0, 200);

    // Deleting the newest avatar and uploading again never brings an old URL back.
    let res = app.delete(&format!("{path}/avatar"), ADMIN).await;
    assert_eq!(res.status, 200);
    let form = Form::new().part("avatar", file(png(20, 20), "c.png", "image/png"));
    let res = multipart(&app, "PATCH", path, ADMIN, form).await;
    assert_eq!(
        thumbnail_of(&res),
        format!("{}/avatars/3/thumbnail", app.url)
    );
}

#[actix_web::test]
async fn delete_avatar_is_idempotent_and_open_to_agents() {
    let app = spawn_app().await;
    let form = Form::new().part("avatar", file(png(30, 30), "a.png", "image/png"));
    multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(avatar_count(&app), 1);

    let mut want = john();
    want.as_object_mut().unwrap().remove("contact_inboxes");
    for _ in 0..2 {
        let res = app
            .delete("/api/v1/accounts/1/contacts/10/avatar", AGENT)
            .await;
        assert_eq!(res.status, 200);
        assert_eq!(res.json(), json!({"payload": want}));
    }
    assert_eq!(avatar_count(&app), 0);
    let (status, _, _) = fetch(&format!("{}/avatars/1/thumbnail", app.url), None).await;
    assert_eq!(status, 404);

    let res = app
        .delete("/api/v1/accounts/1/contacts/999/avatar", AGENT)
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
    let res = app
        .delete("/api/v1/accounts/1/contacts/10/avatar", OTHER)
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(
        res.json(),
        json!({"error": "You are not authorized to access this account"})
    );
    let res = app
        .send(
            "DELETE",
            "/api/v1/accounts/1/contacts/10/avatar",
            None,
            None,
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(
        res.json(),
        json!({"errors": ["You need to sign in or sign up before continuing."]})
    );
}

#[actix_web::test]
async fn unknown_avatars_are_404() {
    let app = spawn_app().await;
    for path in [
        "/avatars/1",
        "/avatars/1/thumbnail",
        "/avatars/abc/thumbnail",
    ] {
        let res = app.send("GET", path, None, None).await;
        assert_eq!(res.status, 404, "{path}");
        assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
    }
}

/// The write is one transaction and the avatar row goes in before the contact: a contact that fails
/// validation after it must take the avatar down with it.
#[actix_web::test]
async fn a_failure_after_the_avatar_is_stored_leaves_nothing_behind() {
    let app = spawn_app().await;
    let form = Form::new()
        .text("email", "not-an-email")
        .part("avatar", file(png(40, 40), "a.png", "image/png"));
    let res = multipart(&app, "PATCH", "/api/v1/accounts/1/contacts/10", ADMIN, form).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "Email Invalid email", "attributes": ["email"]})
    );
    assert_eq!(avatar_count(&app), 0);
    let res = app.get("/api/v1/accounts/1/contacts/10", ADMIN).await;
    assert_eq!(res.json(), json!({"payload": john()}));

    // Create: the contact is valid but its inbox is unknown, so contact and avatar both roll back.
    let form = Form::new()
        .text("name", "Rolled Back")
        .text("email", "rolled@example.com")
        .text("inbox_id", "999")
        .part("avatar", file(png(40, 40), "a.png", "image/png"));
    let res = multipart(&app, "POST", "/api/v1/accounts/1/contacts", ADMIN, form).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json(), json!({"error": "Resource could not be found"}));
    assert_eq!(avatar_count(&app), 0);
    let res = app
        .get("/api/v1/accounts/1/contacts/search?q=rolled", ADMIN)
        .await;
    assert_eq!(res.json()["payload"], json!([]));
}

/// A local HTTP server: path -> (status, body). Counts the requests it answered.
struct ImageServer {
    url: String,
    hits: Arc<AtomicUsize>,
}

async fn image_server(routes: Vec<(&'static str, u16, Vec<u8>)>) -> ImageServer {
    let routes: Arc<HashMap<&'static str, (u16, Vec<u8>)>> = Arc::new(
        routes
            .into_iter()
            .map(|(path, status, body)| (path, (status, body)))
            .collect(),
    );
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let server = HttpServer::new(move || {
        let routes = routes.clone();
        let counter = counter.clone();
        App::new().default_service(web::to(move |req: actix_web::HttpRequest| {
            let routes = routes.clone();
            let counter = counter.clone();
            async move {
                let res = match routes.get(req.path()) {
                    Some((status, body)) => {
                        HttpResponse::build(actix_web::http::StatusCode::from_u16(*status).unwrap())
                            .body(body.clone())
                    }
                    None => HttpResponse::NotFound().body("no such file"),
                };
                counter.fetch_add(1, Ordering::SeqCst);
                res
            }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let addr = server.addrs()[0];
    actix_web::rt::spawn(server.run());
    ImageServer {
        url: format!("http://{addr}"),
        hits,
    }
}

/// Polls show (at most ~5 s) until the thumbnail differs from `before`.
async fn wait_for_new_thumbnail(app: &TestApp, path: &str, before: &str) -> String {
    for _ in 0..100 {
        let now = thumbnail_of(&app.get(path, ADMIN).await);
        if now != before {
            return now;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the thumbnail never changed from {before:?}");
}

#[actix_web::test]
async fn avatar_url_is_downloaded_in_the_background() {
    let app = spawn_app().await;
    let srv = image_server(vec![
        ("/face.png", 200, png(500, 500)),
        ("/pic.jpg", 200, jpeg(10, 10)),
    ])
    .await;

    // The response does not wait for the download.
    let res = app
        .patch(
            "/api/v1/accounts/1/contacts/10",
            AGENT,
            json!({"avatar_url": format!("{}/face.png", srv.url)}),
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json(), json!({"payload": john()}));
    let thumb = wait_for_new_thumbnail(&app, "/api/v1/accounts/1/contacts/10", "").await;
    assert_eq!(thumb, format!("{}/avatars/1/thumbnail", app.url));
    let (status, headers, bytes) = fetch(&thumb, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(dims(&bytes), (250, 250));

    // On create too.
    let res = app
        .post(
            "/api/v1/accounts/1/contacts",
            ADMIN,
            json!({"name": "Url Ulla", "avatar_url": format!("{}/pic.jpg", srv.url)}),
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(thumbnail_of(&res), "");
    let id = res.json()["payload"]["contact"]["id"].as_i64().unwrap();
    let thumb =
        wait_for_new_thumbnail(&app, &format!("/api/v1/accounts/1/contacts/{id}"), "").await;
    assert_eq!(thumb, format!("{}/avatars/2/thumbnail", app.url));
    assert_eq!(srv.hits.load(Ordering::SeqCst), 2);
}

#[actix_web::test]
async fn avatar_url_failures_are_logged_and_change_nothing() {
    let app = spawn_app().await;
    let mut big = png(10, 10);
    big.resize(5 * 1024 * 1024 + 1, 0);
    let srv = image_server(vec![
        ("/notes.txt", 200, b"plain text, not a picture".to_vec()),
        ("/big.png", 200, big),
        ("/gone.png", 500, b"oops".to_vec()),
    ])
    .await;
    let path = "/api/v1/accounts/1/contacts/10";
    let form = Form::new().part("avatar", file(png(30, 30), "a.png", "image/png"));
    let before = thumbnail_of(&multipart(&app, "PATCH", path, ADMIN, form).await);
    assert_eq!(before, format!("{}/avatars/1/thumbnail", app.url));

    for (i, file) in ["/missing.png", "/notes.txt", "/big.png", "/gone.png"]
        .into_iter()
        .enumerate()
    {
        let res = app
            .patch(
                path,
                ADMIN,
                json!({"avatar_url": format!("{}{file}", srv.url)}),
            )
            .await;
        assert_eq!(res.status, 200);
        // Wait for the server to have answered, then give the app time to act on the answer.
        for _ in 0..100 {
            if srv.hits.load(Ordering::SeqCst) > i {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(srv.hits.load(Ordering::SeqCst), i + 1, "{file}");
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        let res = app.get(path, ADMIN).await;
        assert_eq!(res.json(), json!({"payload": john_with(&before)}), "{file}");
        assert_eq!(avatar_count(&app), 1, "{file}");
    }

    // Nothing listens here: the connection is refused.
    let res = app
        .patch(
            path,
            ADMIN,
            json!({"avatar_url": "http://127.0.0.1:9/x.png"}),
        )
        .await;
    assert_eq!(res.status, 200);
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(thumbnail_of(&app.get(path, ADMIN).await), before);
}

/// By default (`serve` without `--allow-private-avatar-urls`) a download may not reach the server's
/// own host or network, whether the URL names an address or a host that resolves to one.
#[actix_web::test]
async fn avatar_url_may_not_reach_private_addresses_by_default() {
    let app = spawn_app_public_urls_only().await;
    let srv = image_server(vec![("/face.png", 200, png(40, 40))]).await;
    let port = srv.url.rsplit(':').next().unwrap().to_string();
    let path = "/api/v1/accounts/1/contacts/10";
    for url in [
        format!("http://127.0.0.1:{port}/face.png"),
        format!("http://localhost:{port}/face.png"),
        format!("http://[::ffff:127.0.0.1]:{port}/face.png"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
    ] {
        let res = app.patch(path, ADMIN, json!({"avatar_url": url})).await;
        assert_eq!(res.status, 200, "{url}");
        assert_eq!(res.json(), json!({"payload": john()}), "{url}");
    }
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(srv.hits.load(Ordering::SeqCst), 0);
    assert_eq!(thumbnail_of(&app.get(path, ADMIN).await), "");
    assert_eq!(avatar_count(&app), 0);
}

#[actix_web::test]
async fn avatar_url_must_be_http_or_https() {
    let app = spawn_app().await;
    for url in ["ftp://127.0.0.1/x.png", "file:///etc/passwd", "x.png"] {
        let res = app
            .patch(
                "/api/v1/accounts/1/contacts/10",
                ADMIN,
                json!({"name": "Changed", "avatar_url": url}),
            )
            .await;
        assert_eq!(res.status, 422, "{url}");
        assert_eq!(
            res.json(),
            json!({"message": "Avatar url must be an http or https URL", "attributes": ["avatar_url"]})
        );
        let res = app
            .post(
                "/api/v1/accounts/1/contacts",
                ADMIN,
                json!({"name": "New", "avatar_url": url}),
            )
            .await;
        assert_eq!(res.status, 422, "{url}");
    }
    // Nothing was written.
    let res = app.get("/api/v1/accounts/1/contacts/10", ADMIN).await;
    assert_eq!(res.json(), json!({"payload": john()}));
    // Blank means no avatar_url, as in Chatwoot.
    let res = app
        .patch(
            "/api/v1/accounts/1/contacts/10",
            ADMIN,
            json!({"avatar_url": ""}),
        )
        .await;
    assert_eq!(res.status, 200);
}

/// The public client API takes `avatar_url` too (reference 16's permitted fields).
#[actix_web::test]
async fn public_api_avatar_url_is_downloaded_in_the_background() {
    let app = spawn_app().await;
    let srv = image_server(vec![
        ("/me.png", 200, png(60, 60)),
        ("/new.png", 200, png(30, 30)),
    ])
    .await;
    let res = app
        .send(
            "POST",
            "/public/api/v1/inboxes/api-inbox-1/contacts",
            None,
            Some(json!({"name": "Pia Public", "source_id": "pub-avatar", "avatar_url": format!("{}/me.png", srv.url)})),
        )
        .await;
    assert_eq!(res.status, 200);
    let id = res.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/accounts/1/contacts/{id}");
    let first = wait_for_new_thumbnail(&app, &path, "").await;
    assert_eq!(first, format!("{}/avatars/1/thumbnail", app.url));

    let res = app
        .send(
            "PATCH",
            "/public/api/v1/inboxes/api-inbox-1/contacts/pub-avatar",
            None,
            Some(json!({"avatar_url": format!("{}/new.png", srv.url)})),
        )
        .await;
    assert_eq!(res.status, 200);
    let second = wait_for_new_thumbnail(&app, &path, &first).await;
    assert_eq!(second, format!("{}/avatars/2/thumbnail", app.url));
    assert_eq!(srv.hits.load(Ordering::SeqCst), 2);

    let res = app
        .send(
            "PATCH",
            "/public/api/v1/inboxes/api-inbox-1/contacts/pub-avatar",
            None,
            Some(json!({"avatar_url": "ftp://example.com/a.png"})),
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json(),
        json!({"message": "Avatar url must be an http or https URL", "attributes": ["avatar_url"]})
    );
}
