//! Contact inboxes through the account API: Chatwoot's Contacts::ContactInboxesController#create
//! (reference 15.2) and ContactInboxesController#filter (reference 21).

use super::contacts::contact_json;
use super::request::{self, Caller, path_id};
use super::{SharedState, json, views};
use crate::db::{self, Conn};
use crate::domain::auth::Principal;
use crate::domain::inbox::Inbox;
use crate::domain::input;
use crate::error::{Error, Result};
use actix_web::{HttpRequest, HttpResponse, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/accounts/{account_id}/contacts/{contact_id}/contact_inboxes")
            .post(create),
    )
    .service(web::resource("/api/v1/accounts/{account_id}/contact_inboxes/filter").post(filter));
}

/// An inbox of the account the caller may see (InboxPolicy#show?): administrators see every inbox,
/// agents only those they are members of (401 otherwise). Unknown inbox: 404.
pub fn visible_inbox(conn: &Conn, principal: &Principal, inbox_id: i64) -> Result<Inbox> {
    let inbox = db::inboxes::find(conn, principal.account_id, inbox_id)?.ok_or(Error::NotFound)?;
    if principal.is_admin() || db::accounts::is_inbox_member(conn, inbox.id, principal.user_id)? {
        Ok(inbox)
    } else {
        Err(Error::Forbidden)
    }
}

/// `inbox_id` is required: absent, null or blank is Chatwoot's ParameterMissing (422).
fn required_inbox_id(body: &serde_json::Map<String, serde_json::Value>) -> Result<i64> {
    input::integer(body, "inbox_id")?
        .flatten()
        .ok_or_else(|| Error::param_missing("inbox_id"))
}

/// POST /api/v1/accounts/{account_id}/contacts/{contact_id}/contact_inboxes
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
        .write_as(caller, move |conn, principal, now| {
            let contact = db::contacts::get(conn, account_id, contact_id)?;
            let inbox_id = required_inbox_id(&body)?;
            let source_id = input::string(&body, "source_id")?.flatten();
            // Classic Chatwoot: the client asserts verification with a truthy `hmac_verified`.
            let hmac_verified = input::boolean(&body, "hmac_verified")?
                .flatten()
                .unwrap_or(false);
            let inbox = visible_inbox(conn, principal, inbox_id)?;
            let ci =
                db::contact_inboxes::build(conn, &contact, &inbox, source_id, hmac_verified, now)?;
            views::to_json(&views::contact_inbox(&ci))
        })
        .await?;
    Ok(json(out))
}

/// POST /api/v1/accounts/{account_id}/contact_inboxes/filter
pub async fn filter(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let body = request::json_body(&req, payload).await?;
    let ctx = state.view_ctx(&req);
    let out = state
        .read_as(caller, move |conn, principal, _now| {
            let inbox_id = required_inbox_id(&body)?;
            let source_id = input::string(&body, "source_id")?.flatten();
            let inbox = visible_inbox(conn, principal, inbox_id)?;
            // Chatwoot answers a miss with a bare 404, no JSON.
            let ci = match source_id {
                Some(s) => db::contact_inboxes::find_by_source(conn, inbox.id, &s)?,
                None => None,
            }
            .ok_or(Error::NotFoundEmpty)?;
            let contact =
                db::contacts::find(conn, account_id, ci.contact_id)?.ok_or(Error::NotFoundEmpty)?;
            views::to_json(&contact_json(conn, &contact, &ctx, true)?)
        })
        .await?;
    Ok(json(out))
}
