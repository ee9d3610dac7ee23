//! `/contacts/{contact_id}/labels`: Chatwoot's Contacts::LabelsController (reference 15.3). Open to
//! every member of the account; any title is accepted (classic) and matched case-insensitively.

use super::request::{self, Caller, path_id};
use super::views;
use super::{SharedState, json};
use crate::db;
use crate::domain::input;
use crate::error::Result;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/accounts/{account_id}/contacts/{contact_id}/labels")
            .get(index)
            .post(create),
    );
}

/// GET /api/v1/accounts/{account_id}/contacts/{contact_id}/labels
pub async fn index(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, contact_id) = (caller.account_id, path_id(&path.1));
    let body = state
        .read_as(caller, move |conn, _who, _now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            views::to_json(&json!({"payload": db::labels::for_contact(conn, contact.id)?}))
        })
        .await?;
    Ok(json(body))
}

/// POST /api/v1/accounts/{account_id}/contacts/{contact_id}/labels
pub async fn create(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (account_id, contact_id) = (caller.account_id, path_id(&path.1));
    let body = request::json_body(&req, payload).await?;
    let out = state
        .write_as(caller, move |conn, _who, _now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            // Replace semantics: a missing or empty list clears every label.
            let labels = input::string_list(&body, "labels")?.unwrap_or_default();
            let kept = db::labels::replace(conn, account_id, contact.id, &labels)?;
            views::to_json(&json!({ "payload": kept }))
        })
        .await?;
    Ok(json(out))
}
