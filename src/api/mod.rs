//! HTTP: the only module that knows actix-web. One file per resource; handlers are named after the
//! Chatwoot controller actions they mirror and say their route in their doc comment.

pub mod avatar_fetch;
pub mod avatars;
pub mod contact_actions;
pub mod contact_conversations;
pub mod contact_inboxes;
pub mod contact_labels;
pub mod contact_notes;
pub mod contact_search;
pub mod contacts;
pub mod errors;
pub mod exports;
pub mod imports;
pub mod merge;
pub mod meta;
pub mod multipart;
pub mod outbound;
pub mod public;
pub mod request;
pub mod views;

use crate::clock::Clock;
use crate::db::{Conn, Db};
use crate::domain::auth::Principal;
use crate::error::{Error, Result};
use actix_web::ResponseError;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Uri;
use actix_web::http::header::ContentType;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, web};
use std::sync::Arc;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    /// Seconds a presence heartbeat keeps a contact online.
    pub presence_ttl: i64,
    /// Whether `avatar_url` downloads may reach loopback and private addresses (`api::outbound`).
    pub allow_private_avatar_urls: bool,
    /// Where accepted imports wait for the background worker.
    pub imports: crate::import_worker::ImportQueue,
}

impl AppState {
    /// Runs read-only SQLite work on the blocking pool (never on an async worker).
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn, i64) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        let now = self.clock.now();
        web::block(move || db.read(|c| f(c, now))).await?
    }

    /// Runs one logical write on the blocking pool, as one transaction.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn, i64) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        let now = self.clock.now();
        web::block(move || db.write(|c| f(c, now))).await?
    }

    /// `read`, as `caller`: its token must act on its account (checked as Chatwoot does: token, then
    /// account, then membership) in the same transaction, before `f` runs.
    pub async fn read_as<T, F>(&self, caller: request::Caller, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn, &Principal, i64) -> Result<T> + Send + 'static,
    {
        self.read(as_caller(caller, f)).await
    }

    /// `write`, as `caller` (see [`AppState::read_as`]).
    pub async fn write_as<T, F>(&self, caller: request::Caller, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn, &Principal, i64) -> Result<T> + Send + 'static,
    {
        self.write(as_caller(caller, f)).await
    }

    pub fn view_ctx(&self, req: &HttpRequest) -> views::ViewCtx {
        views::ViewCtx {
            now: self.clock.now(),
            presence_ttl: self.presence_ttl,
            base_url: request::base_url(req),
        }
    }
}

/// `f` behind the caller's authorization, as the work `read_as` / `write_as` hand to the database.
fn as_caller<T>(
    caller: request::Caller,
    f: impl FnOnce(&Conn, &Principal, i64) -> Result<T>,
) -> impl FnOnce(&Conn, i64) -> Result<T> {
    move |conn, now| f(conn, &authorize(conn, &caller)?, now)
}

/// Resolves the caller's token for its account, in Chatwoot's order: token, account, membership. Most
/// handlers get this through [`AppState::read_as`] / [`AppState::write_as`].
pub fn authorize(conn: &Conn, caller: &request::Caller) -> Result<Principal> {
    crate::db::accounts::principal(conn, &caller.token, caller.account_id)
}

pub fn json(body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body)
}

async fn not_found() -> Result<HttpResponse> {
    Err(Error::NotFound)
}

/// A known path with an unknown method is a 404 like any unmatched route in Rails; actix would
/// answer 405 with an empty, non-JSON body.
pub fn method_not_allowed_as_404<B>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let (req, _) = res.into_parts();
    let res = ServiceResponse::new(req, Error::NotFound.error_response());
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}

/// Mounts every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api").route(web::get().to(meta::index)));
    // Before contacts: `/contacts/import` and `/contacts/export` would otherwise match `/contacts/{id}`.
    imports::configure(cfg);
    exports::configure(cfg);
    contacts::configure(cfg);
    contact_inboxes::configure(cfg);
    merge::configure(cfg);
    public::configure(cfg);
    avatars::configure(cfg);
    contact_actions::configure(cfg);
    contact_conversations::configure(cfg);
    contact_labels::configure(cfg);
    contact_notes::configure(cfg);
    cfg.default_service(web::to(not_found));
}

/// Rails routes accept an optional `.json` suffix; strip it before routing.
pub fn strip_json_suffix<S, B>(
    mut req: actix_web::dev::ServiceRequest,
    srv: &S,
) -> impl std::future::Future<
    Output = std::result::Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
> + use<S, B>
where
    S: Service<
            actix_web::dev::ServiceRequest,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
{
    if let Some(stripped) = req.path().strip_suffix(".json") {
        let pq = match req.query_string() {
            "" => stripped.to_string(),
            q => format!("{stripped}?{q}"),
        };
        if let Ok(uri) = pq.parse::<Uri>() {
            req.head_mut().uri = uri.clone();
            req.match_info_mut().get_mut().update(&uri);
        }
    }
    srv.call(req)
}

pub type SharedState = web::Data<Arc<AppState>>;
