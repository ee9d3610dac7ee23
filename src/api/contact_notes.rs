//! `/contacts/{contact_id}/notes`: Chatwoot's Contacts::NotesController (reference 15.4). Any member
//! of the account may read, write, edit and delete any note of the account's contacts.

use super::request::{self, Caller, path_id};
use super::views;
use super::{SharedState, json};
use crate::db::{self, Conn};
use crate::domain::note::{self, Note, NoteInput};
use crate::error::Result;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    let base = "/api/v1/accounts/{account_id}/contacts/{contact_id}/notes";
    cfg.service(web::resource(base).get(index).post(create))
        .service(
            web::resource(format!("{base}/{{id}}"))
                .get(show)
                .patch(update)
                .put(update)
                .delete(destroy),
        );
}

/// Notes rendered with their authors, loaded in one query.
fn notes_json(conn: &Conn, account_id: i64, notes: &[Note]) -> Result<Vec<u8>> {
    let mut user_ids: Vec<i64> = notes.iter().filter_map(|n| n.user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let authors = db::agents::by_ids(conn, account_id, &user_ids)?;
    let views: Vec<_> = notes
        .iter()
        .map(|n| views::note(n, n.user_id.and_then(|u| authors.get(&u))))
        .collect();
    views::to_json(&views)
}

fn note_json(conn: &Conn, account_id: i64, n: &Note) -> Result<Vec<u8>> {
    let authors = db::agents::by_ids(conn, account_id, n.user_id.as_slice())?;
    views::to_json(&views::note(n, n.user_id.and_then(|u| authors.get(&u))))
}

/// Reads the body as `params.require(:note)`: JSON bodies may send the content at the top level
/// (Rails' parameter wrapping); form bodies must say `note[content]`. A body that parses but names no
/// note is the inner error, reported only after authorization and the lookups, as Rails does.
async fn note_input(req: &HttpRequest, payload: web::Payload) -> Result<Result<NoteInput>> {
    let body = request::json_body(req, payload).await?;
    let form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    Ok(NoteInput::from_body(&body, !form))
}

/// GET /api/v1/accounts/{account_id}/contacts/{contact_id}/notes
pub async fn index(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, contact_id) = (caller.account_id, path_id(&path.1));
    let body = state
        .read_as(caller, move |conn, _who, _now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            notes_json(conn, account_id, &db::notes::for_contact(conn, contact.id)?)
        })
        .await?;
    Ok(json(body))
}

/// GET /api/v1/accounts/{account_id}/contacts/{contact_id}/notes/{id}
pub async fn show(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse> {
    let (account_id, contact_id, id) = (caller.account_id, path_id(&path.1), path_id(&path.2));
    let body = state
        .read_as(caller, move |conn, _who, _now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            note_json(conn, account_id, &db::notes::get(conn, contact.id, id)?)
        })
        .await?;
    Ok(json(body))
}

/// POST /api/v1/accounts/{account_id}/contacts/{contact_id}/notes
pub async fn create(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (account_id, contact_id) = (caller.account_id, path_id(&path.1));
    let input = note_input(&req, payload).await?;
    let body = state
        .write_as(caller, move |conn, principal, now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            let content = note::validate_content(input?.content.flatten().as_deref())?.to_string();
            let created = db::notes::create(
                conn,
                contact.account_id,
                contact.id,
                principal.user_id,
                &content,
                now,
            )?;
            note_json(conn, account_id, &created)
        })
        .await?;
    Ok(json(body))
}

/// PATCH|PUT /api/v1/accounts/{account_id}/contacts/{contact_id}/notes/{id}
pub async fn update(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (account_id, contact_id, id) = (caller.account_id, path_id(&path.1), path_id(&path.2));
    let input = note_input(&req, payload).await?;
    let body = state
        .write_as(caller, move |conn, _who, now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            let mut current = db::notes::get(conn, contact.id, id)?;
            // Absent content changes nothing; a blank one is refused (Chatwoot answers 200 without saving).
            if let Some(content) = input?.content {
                let content = note::validate_content(content.as_deref())?;
                current = db::notes::update_content(conn, &current, content, now)?;
            }
            note_json(conn, account_id, &current)
        })
        .await?;
    Ok(json(body))
}

/// DELETE /api/v1/accounts/{account_id}/contacts/{contact_id}/notes/{id}
pub async fn destroy(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse> {
    let (account_id, contact_id, id) = (caller.account_id, path_id(&path.1), path_id(&path.2));
    state
        .write_as(caller, move |conn, _who, _now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            let found = db::notes::get(conn, contact.id, id)?;
            db::notes::delete(conn, found.id)
        })
        .await?;
    Ok(HttpResponse::Ok().finish())
}
