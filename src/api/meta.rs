//! `GET /api`: version and readiness.

use actix_web::HttpResponse;
use serde_json::json;

/// GET /api
pub async fn index() -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "name": "contactd",
        "queue_services": "ok",
        "data_services": "ok"
    }))
}
