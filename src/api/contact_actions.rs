//! Member actions of ContactsController beside CRUD: `contactable_inboxes` and
//! `destroy_custom_attributes` (reference 12, 13). Both are open to agents.

use super::contacts::contact_payload;
use super::request::{self, Caller, path_id};
use super::views;
use super::{SharedState, json};
use crate::db;
use crate::domain::{contactable, input};
use crate::error::Result;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let base = "/api/v1/accounts/{account_id}/contacts/{id}";
    cfg.service(web::resource(format!("{base}/contactable_inboxes")).get(contactable_inboxes))
        .service(
            web::resource(format!("{base}/destroy_custom_attributes"))
                .post(destroy_custom_attributes),
        );
}

/// GET /api/v1/accounts/{account_id}/contacts/{id}/contactable_inboxes
pub async fn contactable_inboxes(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let body = state
        .read_as(caller, move |conn, principal, _now| {
            let contact = db::contacts::get(conn, account_id, id)?;
            // An agent silently loses the inboxes they are not a member of.
            let visible = if principal.is_admin() {
                None
            } else {
                Some(db::agents::member_inbox_ids(conn, principal.user_id)?)
            };
            // Rows come in id order, so the last one per inbox is the latest.
            let latest: HashMap<i64, (i64, String)> =
                db::contact_inboxes::for_contacts(conn, &[contact.id])?
                    .remove(&contact.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|ci| (ci.inbox.id, (ci.id, ci.source_id)))
                    .collect();
            let mut payload: Vec<Value> = Vec::new();
            for inbox in db::inboxes::all(conn, account_id)? {
                if visible.as_ref().is_some_and(|v| !v.contains(&inbox.id)) {
                    continue;
                }
                let existing = latest.get(&inbox.id);
                let source_id = contactable::source_id(
                    &inbox.kind(),
                    contact.email.as_deref(),
                    contact.phone_number.as_deref(),
                    existing.map(|(_, s)| s.as_str()),
                    || match existing {
                        Some((ci_id, _)) => db::contact_inboxes::has_conversations(conn, *ci_id),
                        None => Ok(false),
                    },
                    || uuid::Uuid::new_v4().to_string(),
                )?;
                if let Some(source_id) = source_id {
                    payload
                        .push(json!({"inbox": views::inbox_full(&inbox), "source_id": source_id}));
                }
            }
            views::to_json(&json!({ "payload": payload }))
        })
        .await?;
    Ok(json(body))
}

/// POST /api/v1/accounts/{account_id}/contacts/{id}/destroy_custom_attributes
pub async fn destroy_custom_attributes(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let body = request::json_body(&req, payload).await?;
    let ctx = state.view_ctx(&req);
    let out = state
        .write_as(caller, move |conn, _who, now| {
            let mut contact = db::contacts::get(conn, account_id, id)?;
            // A missing list removes nothing; a list of the wrong type is a 422, not a silent no-op.
            let keys = input::string_list(&body, "custom_attributes")?.unwrap_or_default();
            let mut fields = contact.fields()?;
            let before = fields.custom_attributes.len();
            for key in &keys {
                fields.custom_attributes.shift_remove(key);
            }
            // Removing keys cannot make a contact invalid, so nothing is re-validated; an unchanged
            // contact is not saved (its updated_at stays).
            if fields.custom_attributes.len() != before {
                db::contacts::save(conn, contact.id, &fields, now)?;
                contact = db::contacts::get(conn, account_id, id)?;
            }
            contact_payload(conn, &contact, &ctx, true)
        })
        .await?;
    Ok(json(out))
}
