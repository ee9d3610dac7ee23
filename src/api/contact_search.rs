//! Finding contacts: search, the filter DSL and active contacts (reference 8, 10, 17).

use super::contacts::{ListParams, list_body};
use super::request::{self, Caller, Query};
use super::{SharedState, json};
use crate::db;
use crate::db::contacts::Scope;
use crate::domain::{filter, input};
use crate::error::{Error, Result};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

/// GET /api/v1/accounts/{account_id}/contacts/active
pub async fn active(req: HttpRequest, state: SharedState, caller: Caller) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let q = Query::parse(&req);
    let params = ListParams::from(&q);
    let ctx = state.view_ctx(&req);
    let ttl = state.presence_ttl;
    let cache = state.db.list_cache().clone();
    let body = state
        .read_as(caller, move |conn, _who, now| {
            let query = params.query(Scope::OnlineSince(now - ttl), &[], None);
            params.counted_page(conn, &cache, account_id, &query, &ctx)
        })
        .await?;
    Ok(json(body))
}

/// GET /api/v1/accounts/{account_id}/contacts/search
pub async fn search(req: HttpRequest, state: SharedState, caller: Caller) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let q = Query::parse(&req);
    let params = ListParams::from(&q);
    let term = q.get("q").map(str::trim).unwrap_or("").to_string();
    let ctx = state.view_ctx(&req);
    let body = state
        .read_as(caller, move |conn, _who, _now| {
            if term.is_empty() {
                return Err(Error::Unprocessable(
                    "Specify search string with parameter q".into(),
                ));
            }
            let (mut contacts, _) = db::contacts::search(
                conn,
                account_id,
                &term,
                &params.sort,
                params.page.per_page as i64 + 1,
                params.page.offset(),
            )?;
            let has_more = contacts.len() > params.page.per_page as usize;
            contacts.truncate(params.page.per_page as usize);
            list_body(
                conn,
                &contacts,
                contacts.len() as i64,
                Some(has_more),
                &params,
                &ctx,
            )
        })
        .await?;
    Ok(json(body))
}

/// POST /api/v1/accounts/{account_id}/contacts/filter
pub async fn filter(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let body = request::json_body(&req, payload).await?;
    let q = Query::parse(&req);
    let mut params = ListParams::from(&q);
    // Rails merges body and query params; `page` may come in either.
    if q.get("page").is_none()
        && let Some(page) = input::string(&body, "page")?.flatten()
    {
        params.page = crate::domain::page::Page::new(Some(&page), q.get("per_page"));
        // current_page echoes the parsed param: a JSON number stays a number.
        if let Some(raw) = body.get("page") {
            params.page.echo = raw.clone();
        }
    }
    let ctx = state.view_ctx(&req);
    let today = state.clock.today();
    let cache = state.db.list_cache().clone();
    let body = Value::Object(body);
    let out = state
        .read_as(caller, move |conn, _who, _now| {
            let defs = db::custom_attributes::definitions(conn, account_id)?;
            let parsed = filter::parse(&body, &defs).map_err(|e| Error::Unprocessable(e.0))?;
            let fragment = filter::compile(&parsed, today);
            let probing = filter::compile_as(&parsed, today, filter::Lookup::ProbePerRow);
            let condition = Some((fragment.sql.as_str(), fragment.params.as_slice()));
            let mut query = params.query(Scope::Resolved, &[], condition);
            query.probe_condition = Some((probing.sql.as_str(), probing.params.as_slice()));
            let scoped = filter::scoped_predicate(&parsed);
            query.scoped_predicate = scoped
                .as_ref()
                .map(|(table, p)| (*table, p.sql.as_str(), p.params.as_slice()));
            params.counted_page(conn, &cache, account_id, &query, &ctx)
        })
        .await?;
    Ok(json(out))
}
