//! `/api/v1/accounts/{account_id}/contacts`: Chatwoot's ContactsController (reference 3 to 10).

use super::request::{self, Caller, Query, path_id};
use super::views::{self, ViewCtx};
use super::{SharedState, avatar_fetch, avatars, contact_search, json, multipart};
use crate::db::contacts::{ListQuery, Scope};
use crate::db::list_cache::ListCache;
use crate::db::{self, Conn};
use crate::domain::auth;
use crate::domain::avatar::{self, Avatar};
use crate::domain::contact::{Contact, ContactInput};
use crate::domain::inbox::ContactInbox;
use crate::domain::{input, page::Page, sort};
use crate::error::{Error, Result};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let base = "/api/v1/accounts/{account_id}/contacts";
    cfg.service(web::resource(base).get(index).post(create))
        .service(web::resource(format!("{base}/search")).get(contact_search::search))
        .service(web::resource(format!("{base}/active")).get(contact_search::active))
        .service(web::resource(format!("{base}/filter")).post(contact_search::filter))
        .service(
            web::resource(format!("{base}/{{id}}"))
                .get(show)
                .patch(update)
                .put(update)
                .delete(destroy),
        );
}

/// Contacts and, when asked for, their inboxes (loaded in one query): what their views borrow.
pub(super) struct WithInboxes<'a> {
    contacts: &'a [Contact],
    inboxes: Option<HashMap<i64, Vec<ContactInbox>>>,
}

impl<'a> WithInboxes<'a> {
    pub(super) fn load(conn: &Conn, contacts: &'a [Contact], include: bool) -> Result<Self> {
        let inboxes = if include {
            let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
            Some(db::contact_inboxes::for_contacts(conn, &ids)?)
        } else {
            None
        };
        Ok(WithInboxes { contacts, inboxes })
    }

    /// Typed views, serialized straight to bytes by the caller: going through `serde_json::Value`
    /// re-parsed both attribute documents and was a sixth of a show request.
    pub(super) fn views(&self, ctx: &ViewCtx) -> Result<Vec<views::ContactView<'_>>> {
        self.contacts
            .iter()
            .map(|c| {
                let own = self
                    .inboxes
                    .as_ref()
                    .map(|m| m.get(&c.id).map_or(&[][..], Vec::as_slice));
                views::contact(c, ctx, own)
            })
            .collect()
    }
}

/// Renders one contact's view with `render`.
fn with_view<R>(
    conn: &Conn,
    c: &Contact,
    ctx: &ViewCtx,
    include_inboxes: bool,
    render: impl FnOnce(Option<views::ContactView<'_>>) -> Result<R>,
) -> Result<R> {
    let loaded = WithInboxes::load(conn, std::slice::from_ref(c), include_inboxes)?;
    render(loaded.views(ctx)?.pop())
}

/// One contact as a JSON value, for responses that embed it in a larger document.
pub fn contact_json(
    conn: &Conn,
    c: &Contact,
    ctx: &ViewCtx,
    include_inboxes: bool,
) -> Result<Value> {
    with_view(conn, c, ctx, include_inboxes, |view| {
        serde_json::to_value(&view).map_err(Error::internal)
    })
}

/// `{"payload": <one contact>}` as bytes, without an intermediate `Value`.
pub fn contact_payload(
    conn: &Conn,
    c: &Contact,
    ctx: &ViewCtx,
    include_inboxes: bool,
) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Payload<'a> {
        payload: Option<views::ContactView<'a>>,
    }
    with_view(conn, c, ctx, include_inboxes, |payload| {
        views::to_json(&Payload { payload })
    })
}

#[derive(Serialize)]
struct ListMeta {
    count: i64,
    current_page: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_more: Option<bool>,
}

#[derive(Serialize)]
struct ListBody<'a> {
    meta: ListMeta,
    payload: Vec<views::ContactView<'a>>,
}

/// The parameters every list endpoint shares.
pub(super) struct ListParams {
    pub page: Page,
    pub sort: Vec<sort::SortTerm>,
    pub include_inboxes: bool,
}

impl ListParams {
    pub(super) fn from(q: &Query) -> ListParams {
        ListParams {
            page: Page::new(q.get("page"), q.get("per_page")),
            sort: sort::parse(q.get("sort")),
            include_inboxes: q.include_contact_inboxes(),
        }
    }
}

impl ListParams {
    /// The list query these parameters ask for over `scope` (index, active, filter).
    pub(super) fn query<'a>(
        &'a self,
        scope: Scope,
        labels: &'a [String],
        condition: Option<(&'a str, &'a [crate::domain::filter::SqlValue])>,
    ) -> ListQuery<'a> {
        ListQuery {
            scope,
            labels,
            condition,
            probe_condition: None,
            scoped_predicate: None,
            sort: &self.sort,
            limit: self.page.per_page as i64,
            offset: self.page.offset(),
            count: true,
        }
    }

    /// One counted page, rendered.
    pub(super) fn counted_page(
        &self,
        conn: &Conn,
        cache: &ListCache,
        account_id: i64,
        query: &ListQuery,
        ctx: &ViewCtx,
    ) -> Result<Vec<u8>> {
        let (contacts, count) = db::contacts::list(conn, Some(cache), account_id, query)?;
        list_body(conn, &contacts, count, None, self, ctx)
    }
}

pub(super) fn list_body(
    conn: &Conn,
    contacts: &[Contact],
    count: i64,
    has_more: Option<bool>,
    p: &ListParams,
    ctx: &ViewCtx,
) -> Result<Vec<u8>> {
    let loaded = WithInboxes::load(conn, contacts, p.include_inboxes)?;
    let payload = loaded.views(ctx)?;
    views::to_json(&ListBody {
        meta: ListMeta {
            count,
            current_page: p.page.echo.clone(),
            has_more,
        },
        payload,
    })
}

/// GET /api/v1/accounts/{account_id}/contacts
pub async fn index(req: HttpRequest, state: SharedState, caller: Caller) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let q = Query::parse(&req);
    let params = ListParams::from(&q);
    let labels = q.list("labels");
    let ctx = state.view_ctx(&req);
    let cache = state.db.list_cache().clone();
    let body = state
        .read_as(caller, move |conn, _who, _now| {
            let query = params.query(Scope::Resolved, &labels, None);
            params.counted_page(conn, &cache, account_id, &query, &ctx)
        })
        .await?;
    Ok(json(body))
}

/// GET /api/v1/accounts/{account_id}/contacts/{id}
pub async fn show(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let include = Query::parse(&req).include_contact_inboxes();
    let ctx = state.view_ctx(&req);
    let body = state
        .read_as(caller, move |conn, _who, _now| {
            let contact = db::contacts::get(conn, account_id, id)?;
            contact_payload(conn, &contact, &ctx, include)
        })
        .await?;
    Ok(json(body))
}

/// POST /api/v1/accounts/{account_id}/contacts
pub async fn create(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let (body, upload) = multipart::contact_body(&req, payload).await?;
    let contact_input = ContactInput::from_json(&body)?;
    let avatar_url = avatar::url_to_fetch(&contact_input.avatar_url)?;
    let inbox_id = input::integer(&body, "inbox_id")?.flatten();
    let source_id = input::string(&body, "source_id")?.flatten();
    let new_avatar = avatars::prepare(&state, &caller, upload).await?;
    let ctx = state.view_ctx(&req);
    let (out, contact_id) = state
        .write_as(caller, move |conn, _who, now| {
            // The avatar goes in first: if anything after it fails, the rollback must take it too.
            let avatar_id = insert_avatar(conn, new_avatar.as_ref(), now)?;
            let mut contact = db::contacts::create(conn, account_id, &contact_input, now)?;
            if avatar_id.is_some() {
                db::avatars::set_for_contact(conn, &contact, avatar_id, now)?;
                contact = db::contacts::get(conn, account_id, contact.id)?;
            }
            let contact_inbox = match inbox_id {
                None => None,
                Some(inbox_id) => {
                    // Unknown inbox: 404, and the transaction rolls the contact back.
                    let inbox = db::inboxes::find(conn, account_id, inbox_id)?.ok_or(Error::NotFound)?;
                    Some(db::contact_inboxes::build(conn, &contact, &inbox, source_id, false, now)?)
                }
            };
            let contact_inbox = match &contact_inbox {
                Some(ci) => serde_json::json!({"inbox": views::inbox_record(&ci.inbox), "source_id": ci.source_id}),
                None => serde_json::json!({"inbox": null, "source_id": null}),
            };
            let body = views::to_json(&serde_json::json!({"payload": {
                "contact": contact_json(conn, &contact, &ctx, true)?,
                "contact_inbox": contact_inbox,
            }}))?;
            Ok((body, contact.id))
        })
        .await?;
    if let Some(url) = avatar_url {
        avatar_fetch::spawn(state, account_id, contact_id, url);
    }
    Ok(json(out))
}

fn insert_avatar(conn: &Conn, avatar: Option<&Avatar>, now: i64) -> Result<Option<i64>> {
    avatar
        .map(|a| db::avatars::insert(conn, a, now))
        .transpose()
}

/// PATCH|PUT /api/v1/accounts/{account_id}/contacts/{id}
pub async fn update(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let (body, upload) = multipart::contact_body(&req, payload).await?;
    let contact_input = ContactInput::from_json(&body)?;
    let avatar_url = avatar::url_to_fetch(&contact_input.avatar_url)?;
    let new_avatar = avatars::prepare(&state, &caller, upload).await?;
    let include = Query::parse(&req).include_contact_inboxes();
    let ctx = state.view_ctx(&req);
    let out = state
        .write_as(caller, move |conn, _who, now| {
            // The avatar goes in first: if the update fails, the rollback must take it too.
            let avatar_id = insert_avatar(conn, new_avatar.as_ref(), now)?;
            let mut contact = db::contacts::update(conn, account_id, id, &contact_input, now)?;
            if avatar_id.is_some() {
                db::avatars::set_for_contact(conn, &contact, avatar_id, now)?;
                contact = db::contacts::get(conn, account_id, id)?;
            }
            contact_payload(conn, &contact, &ctx, include)
        })
        .await?;
    if let Some(url) = avatar_url {
        avatar_fetch::spawn(state, account_id, id, url);
    }
    Ok(json(out))
}

/// DELETE /api/v1/accounts/{account_id}/contacts/{id}
pub async fn destroy(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    // The body is ignored, but it must be readable (a JSON `null` is fine).
    request::json_body(&req, payload).await?;
    let ttl = state.presence_ttl;
    state
        .write_as(caller, move |conn, principal, now| {
            // Policy before lookup: an agent deleting a missing contact gets 401, like Chatwoot.
            auth::admin_only(principal)?;
            db::contacts::destroy(conn, account_id, id, now, ttl)
        })
        .await?;
    Ok(HttpResponse::Ok().finish())
}
