//! Contact avatars over HTTP: removing one (ContactsController#avatar), serving the stored images
//! (Chatwoot's public ActiveStorage blob URLs), and preparing an uploaded file for a contact write.

use super::contacts::contact_payload;
use super::request::{Caller, path_id};
use super::{SharedState, json};
use crate::db;
use crate::domain::avatar::{self, Avatar};
use crate::error::{Error, Result};
use actix_web::http::header::{
    self, CacheControl, CacheDirective, ContentEncoding, ETag, EntityTag, IfNoneMatch,
};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/accounts/{account_id}/contacts/{id}/avatar").delete(avatar))
        .service(web::resource("/avatars/{id}/thumbnail").get(thumbnail))
        .service(web::resource("/avatars/{id}").get(original));
}

/// Checks and thumbnails an uploaded avatar on the blocking pool, after the caller is known to be a
/// member of the account (so strangers cannot make us decode images).
pub async fn prepare(
    state: &SharedState,
    caller: &Caller,
    bytes: Option<Vec<u8>>,
) -> Result<Option<Avatar>> {
    let Some(bytes) = bytes else {
        return Ok(None);
    };
    state.read_as(caller.clone(), |_, _, _| Ok(())).await?;
    web::block(move || Avatar::process(bytes)).await?.map(Some)
}

/// DELETE /api/v1/accounts/{account_id}/contacts/{id}/avatar
pub async fn avatar(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let ctx = state.view_ctx(&req);
    let body = state
        .write_as(caller, move |conn, _who, now| {
            let contact = db::contacts::get(conn, account_id, id)?;
            db::avatars::set_for_contact(conn, &contact, None, now)?;
            let contact = db::contacts::get(conn, account_id, id)?;
            contact_payload(conn, &contact, &ctx, false)
        })
        .await?;
    Ok(json(body))
}

/// GET /avatars/{id}: the original upload. Public, like Chatwoot's blob URLs.
pub async fn original(
    req: HttpRequest,
    state: SharedState,
    path: web::Path<(String,)>,
) -> Result<HttpResponse> {
    let id = path_id(&path.0);
    let (content_type, bytes) = state
        .read(move |conn, _now| db::avatars::original(conn, id))
        .await?
        .ok_or(Error::NotFound)?;
    Ok(image_response(
        &req,
        &content_type,
        format!("avatar-{id}"),
        bytes,
    ))
}

/// GET /avatars/{id}/thumbnail: the resized image the contact's `thumbnail` links to.
pub async fn thumbnail(
    req: HttpRequest,
    state: SharedState,
    path: web::Path<(String,)>,
) -> Result<HttpResponse> {
    let id = path_id(&path.0);
    let bytes = state
        .read(move |conn, _now| db::avatars::thumbnail(conn, id))
        .await?
        .ok_or(Error::NotFound)?;
    let content_type = avatar::sniff(&bytes)
        .map(|k| k.content_type())
        .unwrap_or("application/octet-stream");
    Ok(image_response(
        &req,
        content_type,
        format!("avatar-{id}-thumbnail"),
        bytes,
    ))
}

/// An avatar never changes under its id (a new avatar gets a new id, see migration V6), so it may
/// be cached for good.
fn image_response(
    req: &HttpRequest,
    content_type: &str,
    tag: String,
    bytes: Vec<u8>,
) -> HttpResponse {
    let etag = EntityTag::new_strong(tag);
    let cached = match req.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&etag)),
        None => false,
    };
    let mut res = if cached {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(CacheControl(vec![
        CacheDirective::Public,
        CacheDirective::MaxAge(31_536_000),
        CacheDirective::Extension("immutable".into(), None),
    ]))
    .insert_header(ETag(etag))
    // Images are compressed already; and a sniffed type must not be second-guessed by browsers.
    .insert_header(ContentEncoding::Identity)
    .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if cached {
        res.finish()
    } else {
        res.content_type(content_type).body(bytes)
    }
}
