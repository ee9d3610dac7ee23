//! Reading requests: path ids, query strings (with Rails' `labels[]=` arrays), the token header, and
//! bodies (JSON, form-encoded or empty) with a size limit. Every failure is an `Error`, so it renders
//! in Chatwoot's shape.

use crate::error::Error;
use actix_web::web::{self, Bytes};
use actix_web::{FromRequest, HttpRequest, dev};
use futures_util::StreamExt;
use serde_json::{Map, Value};

/// Largest JSON or form body accepted (multipart uploads have their own limit).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A path id. Anything that is not a positive integer can match no record, like Rails' `find("abc")`.
pub fn path_id(raw: &str) -> i64 {
    raw.parse::<i64>().ok().filter(|n| *n > 0).unwrap_or(-1)
}

/// The query string as ordered pairs.
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(req: &HttpRequest) -> Query {
        Query(
            form_urlencoded::parse(req.query_string().as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The last value of `name` (Rails keeps the last of repeated scalars).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `name[]=a&name[]=b`, or `name=a,b`.
    pub fn list(&self, name: &str) -> Vec<String> {
        let array_key = format!("{name}[]");
        let mut out: Vec<String> = Vec::new();
        for (k, v) in &self.0 {
            if *k == array_key {
                out.push(v.trim().to_string());
            } else if k == name {
                out.extend(v.split(',').map(|s| s.trim().to_string()));
            }
        }
        out.retain(|s| !s.is_empty());
        out
    }

    /// Chatwoot's `include_contact_inboxes`: absent or empty means true; otherwise only "true" is true.
    pub fn include_contact_inboxes(&self) -> bool {
        match self.get("include_contact_inboxes") {
            None | Some("") => true,
            Some(v) => v == "true",
        }
    }
}

/// The `api_access_token` header (Rails also accepts the `Api-Access-Token` spelling; HTTP header
/// names are case-insensitive). An `Authorization` header is ignored.
pub fn token(req: &HttpRequest) -> Result<String, Error> {
    req.headers()
        .get("api_access_token")
        .or_else(|| req.headers().get("api-access-token"))
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or(Error::Unauthenticated)
}

/// Who calls which account: the `{account_id}` path segment and the token. Extracting it fails with 401
/// when no token is sent, before the handler runs; whether the token may act on the account is decided
/// in the request's own transaction (`AppState::read_as` / `write_as`), as Chatwoot checks token, then
/// account, then membership.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: i64,
    pub token: String,
}

impl FromRequest for Caller {
    type Error = Error;
    type Future = std::future::Ready<Result<Caller, Error>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        std::future::ready(token(req).map(|token| Caller {
            account_id: path_id(req.match_info().get("account_id").unwrap_or_default()),
            token,
        }))
    }
}

/// The body (at most [`MAX_BODY_BYTES`]) parsed as Rails would; see [`parse_body`].
pub async fn json_body(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Map<String, Value>, Error> {
    parse_body(req, &read_body(payload, MAX_BODY_BYTES).await?)
}

/// Reads the whole body, refusing more than `limit` bytes.
pub async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Bytes, Error> {
    let mut buf = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|e| Error::BadRequest(format!("could not read the request body: {e}")))?;
        if buf.len() + chunk.len() > limit {
            return Err(Error::PayloadTooLarge(format!(
                "request body is larger than {limit} bytes"
            )));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// Parses a body as Rails would: JSON, or form fields; an empty body (or JSON `null`) is `{}`.
pub fn parse_body(req: &HttpRequest, bytes: &[u8]) -> Result<Map<String, Value>, Error> {
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok(form_to_json(bytes));
    }
    if !(content_type.is_empty()
        || content_type.starts_with("application/json")
        || content_type.contains("+json"))
    {
        return Err(Error::UnsupportedMediaType(format!(
            "unsupported content type {content_type:?}; send application/json"
        )));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(Error::Unprocessable(
            "request body must be a JSON object".into(),
        )),
        Err(e) => Err(Error::BadRequest(format!(
            "malformed JSON in request body: {e}"
        ))),
    }
}

/// Form fields to JSON, understanding `a[]=x` arrays and `h[k]=v` hashes one level deep.
fn form_to_json(bytes: &[u8]) -> Map<String, Value> {
    fields_to_json(form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())))
}

/// Named text fields (of a form or a multipart body) to JSON, the way Rails builds params.
pub fn fields_to_json(fields: impl IntoIterator<Item = (String, String)>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in fields {
        let v = Value::String(v);
        if let Some(name) = k.strip_suffix("[]") {
            match out
                .entry(name.to_string())
                .or_insert_with(|| Value::Array(vec![]))
            {
                Value::Array(a) => a.push(v),
                slot => *slot = Value::Array(vec![v]),
            }
        } else if let Some((name, rest)) = k.split_once('[')
            && let Some(key) = rest.strip_suffix(']')
        {
            match out
                .entry(name.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
            {
                Value::Object(m) => {
                    m.insert(key.to_string(), v);
                }
                slot => *slot = Value::Object(Map::from_iter([(key.to_string(), v)])),
            }
        } else {
            out.insert(k, v);
        }
    }
    out
}

/// Scheme and host the client used, for absolute URLs (avatar thumbnails).
pub fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;
    use serde_json::json;

    #[test]
    fn labels_in_both_forms() {
        let req =
            TestRequest::with_uri("/x?labels[]=vip&labels[]=lead&labels=a,%20b").to_http_request();
        assert_eq!(
            Query::parse(&req).list("labels"),
            vec!["vip", "lead", "a", "b"]
        );
    }

    #[test]
    fn include_contact_inboxes_rule() {
        for (q, want) in [
            ("", true),
            ("include_contact_inboxes=", true),
            ("include_contact_inboxes=true", true),
            ("include_contact_inboxes=TRUE", false),
            ("include_contact_inboxes=0", false),
        ] {
            let req = TestRequest::with_uri(&format!("/x?{q}")).to_http_request();
            assert_eq!(Query::parse(&req).include_contact_inboxes(), want, "{q}");
        }
    }

    #[test]
    fn bodies() {
        let json_req = TestRequest::default()
            .insert_header(("content-type", "application/json"))
            .to_http_request();
        assert_eq!(parse_body(&json_req, b"null").unwrap(), Map::new());
        assert_eq!(parse_body(&json_req, b"  ").unwrap(), Map::new());
        assert!(matches!(
            parse_body(&json_req, b"{bad"),
            Err(Error::BadRequest(_))
        ));
        assert!(matches!(
            parse_body(&json_req, b"[1]"),
            Err(Error::Unprocessable(_))
        ));
        let form = TestRequest::default()
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .to_http_request();
        assert_eq!(
            Value::Object(
                parse_body(
                    &form,
                    b"name=Jo&labels[]=a&labels[]=b&custom_attributes[plan]=pro"
                )
                .unwrap()
            ),
            json!({"name": "Jo", "labels": ["a", "b"], "custom_attributes": {"plan": "pro"}})
        );
        let xml = TestRequest::default()
            .insert_header(("content-type", "text/xml"))
            .to_http_request();
        assert!(matches!(
            parse_body(&xml, b"<a/>"),
            Err(Error::UnsupportedMediaType(_))
        ));
    }

    #[test]
    fn ids() {
        assert_eq!(path_id("12"), 12);
        assert_eq!(path_id("abc"), -1);
        assert_eq!(path_id("-4"), -1);
        assert_eq!(path_id("99999999999999999999"), -1);
    }
}
