//! `/contacts/{contact_id}/conversations`: Chatwoot's Contacts::ConversationsController (reference
//! 15.1). Administrators see every conversation of the contact, agents those in their inboxes.

use super::request::{Caller, path_id};
use super::views;
use super::{SharedState, json};
use crate::db;
use crate::error::{Error, Result};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/accounts/{account_id}/contacts/{contact_id}/conversations")
            .get(index),
    );
}

/// GET /api/v1/accounts/{account_id}/contacts/{contact_id}/conversations
pub async fn index(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, contact_id) = (caller.account_id, path_id(&path.1));
    let ctx = state.view_ctx(&req);
    let body = state
        .read_as(caller, move |conn, principal, now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            let member_of = (!principal.is_admin()).then_some(principal.user_id);
            // Four queries whatever the count: conversations (with inbox and contact inbox joined),
            // their last messages, their assignees, and the contact above.
            let conversations =
                db::conversations::for_contact(conn, account_id, contact.id, member_of)?;
            let ids: Vec<i64> = conversations.iter().map(|c| c.id).collect();
            let last = db::conversations::last_chat_messages(conn, &ids)?;
            let mut assignee_ids: Vec<i64> =
                conversations.iter().filter_map(|c| c.assignee_id).collect();
            assignee_ids.sort_unstable();
            assignee_ids.dedup();
            let assignees = db::agents::by_ids(conn, account_id, &assignee_ids)?;
            let sender = views::contact(&contact, &ctx, None)?;
            let payload = conversations
                .iter()
                .map(|c| {
                    let assignee = c.assignee_id.and_then(|id| assignees.get(&id));
                    views::conversation(c, &sender, assignee, last.get(&c.id), now)
                })
                .collect::<Result<Vec<_>, Error>>()?;
            views::to_json(&json!({ "payload": payload }))
        })
        .await?;
    Ok(json(body))
}
