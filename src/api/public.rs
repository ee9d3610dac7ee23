//! `/public/api/v1/inboxes/{inbox_identifier}/contacts`: Chatwoot's public (client) API for contacts
//! (reference 16). No token: the API inbox's identifier and the contact inbox's source id are the
//! credentials, optionally strengthened by an HMAC of the contact's identifier.

use super::request::{self, Query};
use super::{SharedState, avatar_fetch, json, views};
use crate::db::{self, Conn};
use crate::domain::avatar;
use crate::domain::contact::Contact;
use crate::domain::identity::{self, ClientParams, HMAC_CONFLICT};
use crate::domain::inbox::{ContactInbox, Inbox};
use crate::error::{Error, Result};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Map, Value};

pub fn configure(cfg: &mut web::ServiceConfig) {
    let base = "/public/api/v1/inboxes/{inbox_identifier}/contacts";
    cfg.service(web::resource(base).post(create)).service(
        web::resource(format!("{base}/{{contact_identifier}}"))
            .get(show)
            .patch(update)
            .put(update),
    );
}

/// Only API-channel inboxes have a public identifier; anything else is 404.
fn api_inbox(conn: &Conn, identifier: &str) -> Result<Inbox> {
    db::inboxes::find_api_by_identifier(conn, identifier)?.ok_or(Error::NotFound)
}

/// After the contact is known: a proven identifier must be the contact's own (newer Chatwoot: 401 if
/// the contact is bound to another), and when it is, the contact inbox is marked verified. Then the
/// request counts as the contact's presence heartbeat.
fn bind_and_beat(
    conn: &Conn,
    proven: Option<&str>,
    ci: &ContactInbox,
    contact: &Contact,
    now: i64,
) -> Result<()> {
    if let Some(proven) = proven {
        let own = contact.identifier.as_deref();
        if identity::conflicts(own, proven) {
            return Err(Error::Unauthorized(HMAC_CONFLICT.into()));
        }
        if identity::matches(own, proven) && !ci.hmac_verified {
            db::public::set_hmac_verified(conn, ci.id, now)?;
        }
    }
    db::contacts::touch_presence(conn, contact.account_id, contact.id, now)
}

/// POST /public/api/v1/inboxes/{inbox_identifier}/contacts
pub async fn create(
    req: HttpRequest,
    state: SharedState,
    path: web::Path<(String,)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let inbox_identifier = path.into_inner().0;
    let params = ClientParams::from_json(&request::json_body(&req, payload).await?);
    let (out, fetch) = state
        .write(move |conn, now| {
            let inbox = api_inbox(conn, &inbox_identifier)?;
            let p = params?;
            let avatar_url = avatar::url_to_fetch(&p.avatar_url.clone().map(Some))?;
            let proven = p.proven_identifier(inbox.hmac_token.as_deref(), inbox.hmac_mandatory)?;
            let source_id = p
                .source_id
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            let ci = match db::contact_inboxes::find_by_source(conn, inbox.id, &source_id)? {
                // A known source id is returned as it is, nothing updated.
                Some(ci) => ci,
                None => {
                    let contact =
                        db::public::find_or_create_contact(conn, inbox.account_id, &p, now)?;
                    db::contact_inboxes::build(conn, &contact, &inbox, Some(source_id), false, now)?
                }
            };
            let contact = db::contacts::get(conn, inbox.account_id, ci.contact_id)?;
            bind_and_beat(conn, proven.as_deref(), &ci, &contact, now)?;
            let fetch = avatar_url.map(|url| (inbox.account_id, contact.id, url));
            Ok((
                views::to_json(&views::public_contact(&ci, &contact))?,
                fetch,
            ))
        })
        .await?;
    if let Some((account_id, contact_id, url)) = fetch {
        avatar_fetch::spawn(state, account_id, contact_id, url);
    }
    Ok(json(out))
}

/// GET /public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}
pub async fn show(
    req: HttpRequest,
    state: SharedState,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (inbox_identifier, source_id) = path.into_inner();
    // A GET proves its identifier in the query string.
    let q = Query::parse(&req);
    let mut query = Map::new();
    for key in ["identifier", "identifier_hash"] {
        if let Some(v) = q.get(key) {
            query.insert(key.into(), Value::String(v.into()));
        }
    }
    let params = ClientParams::from_json(&query);
    let out = state
        .write(move |conn, now| {
            let inbox = api_inbox(conn, &inbox_identifier)?;
            let (ci, contact) = db::public::contact_inbox(conn, &inbox, &source_id)?;
            let p = params?;
            let proven = p.proven_identifier(inbox.hmac_token.as_deref(), inbox.hmac_mandatory)?;
            bind_and_beat(conn, proven.as_deref(), &ci, &contact, now)?;
            views::to_json(&views::public_contact(&ci, &contact))
        })
        .await?;
    Ok(json(out))
}

/// PATCH|PUT /public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}
pub async fn update(
    req: HttpRequest,
    state: SharedState,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (inbox_identifier, source_id) = path.into_inner();
    let params = ClientParams::from_json(&request::json_body(&req, payload).await?);
    let (out, fetch) = state
        .write(move |conn, now| {
            let inbox = api_inbox(conn, &inbox_identifier)?;
            let (ci, contact) = db::public::contact_inbox(conn, &inbox, &source_id)?;
            let p = params?;
            let avatar_url = avatar::url_to_fetch(&p.avatar_url.clone().map(Some))?;
            let proven = p.proven_identifier(inbox.hmac_token.as_deref(), inbox.hmac_mandatory)?;
            bind_and_beat(conn, proven.as_deref(), &ci, &contact, now)?;
            // The identifier only proves identity here; it is never written.
            let contact = db::public::identify(conn, inbox.account_id, &contact, &p, now)?;
            let (location, country_code) = db::public::location_columns(conn, contact.id)?;
            let fetch = avatar_url.map(|url| (inbox.account_id, contact.id, url));
            Ok((
                views::to_json(&views::contact_record(&contact, &location, &country_code)?)?,
                fetch,
            ))
        })
        .await?;
    if let Some((account_id, contact_id, url)) = fetch {
        avatar_fetch::spawn(state, account_id, contact_id, url);
    }
    Ok(json(out))
}
