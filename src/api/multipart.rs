//! Contact bodies that may carry an avatar file: `multipart/form-data` (text fields become the same
//! map a JSON body gives, Rails-style `custom_attributes[plan]` keys included), or any body
//! `request::parse_body` reads.

use super::request;
use crate::domain::avatar;
use crate::error::{Error, Result};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;
use serde_json::{Map, Value};

/// The field holding the avatar file.
const AVATAR_FIELD: &str = "avatar";

fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The body as a field map, and the avatar file's bytes if one was sent (an empty file part, as a
/// browser sends when no file was chosen, counts as none).
pub async fn contact_body(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<(Map<String, Value>, Option<Vec<u8>>)> {
    if !is_multipart(req) {
        let bytes = request::read_body(payload, request::MAX_BODY_BYTES).await?;
        return Ok((request::parse_body(req, &bytes)?, None));
    }
    let mut parts = Multipart::new(req.headers(), payload);
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut text_bytes = 0usize;
    let mut avatar: Option<Vec<u8>> = None;
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(malformed)?;
        let name = part.name().unwrap_or_default().to_string();
        let is_avatar = name == AVATAR_FIELD;
        // Files under other names are unknown keys, which Chatwoot drops; they still count
        // towards the form's size limit.
        let is_other_file = !is_avatar
            && part
                .content_disposition()
                .is_some_and(|cd| cd.get_filename().is_some());
        let mut data: Vec<u8> = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(malformed)?;
            if is_avatar {
                if data.len() + chunk.len() > avatar::MAX_BYTES {
                    return Err(avatar::too_big());
                }
            } else {
                text_bytes += chunk.len();
                if text_bytes > request::MAX_BODY_BYTES {
                    return Err(Error::PayloadTooLarge(format!(
                        "form fields are larger than {} bytes",
                        request::MAX_BODY_BYTES
                    )));
                }
            }
            data.extend_from_slice(&chunk);
        }
        if is_avatar {
            if !data.is_empty() {
                avatar = Some(data);
            }
        } else if !name.is_empty() && !is_other_file {
            let text = String::from_utf8(data).map_err(|_| {
                Error::BadRequest(format!("form field {name:?} is not valid UTF-8"))
            })?;
            fields.push((name, text));
        }
    }
    Ok((request::fields_to_json(fields), avatar))
}

fn malformed(e: actix_multipart::MultipartError) -> Error {
    Error::BadRequest(format!("malformed multipart body: {e}"))
}
