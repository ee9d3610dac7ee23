//! `POST /api/v1/accounts/{account_id}/actions/contact_merge`: Chatwoot's
//! Actions::ContactMergesController (reference 20).

use super::contacts::contact_json;
use super::request::{self, Caller};
use super::{SharedState, json, views};
use crate::db;
use crate::domain::input;
use crate::error::Result;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Map, Value};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/accounts/{account_id}/actions/contact_merge").post(create));
}

/// A contact id of the body. Absent, null or blank finds nothing (Chatwoot's `find(nil)`: 404); a
/// value that is not an integer is a 422 naming the field.
fn contact_id(body: &Map<String, Value>, field: &str) -> Result<i64> {
    Ok(input::integer(body, field)?.flatten().unwrap_or(-1))
}

/// POST /api/v1/accounts/{account_id}/actions/contact_merge
pub async fn create(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let body = request::json_body(&req, payload).await?;
    let ctx = state.view_ctx(&req);
    let out = state
        .write_as(caller, move |conn, _who, now| {
            let base_id = contact_id(&body, "base_contact_id")?;
            let mergee_id = contact_id(&body, "mergee_contact_id")?;
            let base = db::merge::merge(conn, account_id, base_id, mergee_id, now)?;
            views::to_json(&contact_json(conn, &base, &ctx, false)?)
        })
        .await?;
    Ok(json(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn contact_id_table() {
        for (body, want) in [
            (json!({"id": 5}), Ok(5)),
            (json!({"id": "5"}), Ok(5)),
            (json!({}), Ok(-1)),
            (json!({"id": null}), Ok(-1)),
            (json!({"id": ""}), Ok(-1)),
            (json!({"id": "abc"}), Err(422)),
            (json!({"id": 1.5}), Err(422)),
            (json!({"id": [5]}), Err(422)),
        ] {
            let Value::Object(m) = body.clone() else {
                unreachable!()
            };
            assert_eq!(contact_id(&m, "id").map_err(|e| e.status()), want, "{body}");
        }
    }
}
