//! The one error type. Every error body a client can see is decided here; `api::errors` renders it.

use serde_json::{Value, json};

/// One invalid attribute of a record, as Chatwoot's `errors.full_messages` would list it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub attribute: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(attribute: &'static str, message: impl Into<String>) -> Self {
        Self {
            attribute,
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("missing token")]
    Unauthenticated,
    #[error("invalid token")]
    InvalidToken,
    #[error("not a member of the account")]
    NotAccountMember,
    #[error("role may not do this action")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Chatwoot answers some lookups with a bare 404 and no body.
    #[error("not found (empty body)")]
    NotFoundEmpty,
    /// Model validation failure: 422 `{"message", "attributes"}` plus our additive `contact_id`.
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>, Option<i64>),
    /// 422 `{"message": ...}` (Chatwoot uses this key for the online-contact refusal).
    #[error("{0}")]
    Message(String),
    /// 422 `{"error": ...}`: missing params, filter errors, wrong types.
    #[error("{0}")]
    Unprocessable(String),
    /// 400 `{"error": ...}`: a body that is not parseable at all.
    #[error("{0}")]
    BadRequest(String),
    /// 401 `{"error": ...}` for the public API's identity verification.
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Anything that is our fault. The detail is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Error::Internal(e.to_string())
    }

    pub fn param_missing(name: &str) -> Self {
        Error::Unprocessable(format!("param is missing or the value is empty: {name}"))
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Error::Validation(errors, None)
    }

    pub fn status(&self) -> u16 {
        match self {
            Error::Unauthenticated
            | Error::InvalidToken
            | Error::NotAccountMember
            | Error::Forbidden
            | Error::Unauthorized(_) => 401,
            Error::NotFound | Error::NotFoundEmpty => 404,
            Error::Validation(..) | Error::Message(_) | Error::Unprocessable(_) => 422,
            Error::BadRequest(_) => 400,
            Error::PayloadTooLarge(_) => 413,
            Error::UnsupportedMediaType(_) => 415,
            Error::Internal(_) => 500,
        }
    }

    /// The JSON body, or `None` where Chatwoot sends an empty body.
    pub fn body(&self) -> Option<Value> {
        Some(match self {
            Error::Unauthenticated => {
                json!({"errors": ["You need to sign in or sign up before continuing."]})
            }
            Error::InvalidToken => json!({"error": "Invalid Access Token"}),
            Error::NotAccountMember => {
                json!({"error": "You are not authorized to access this account"})
            }
            Error::Forbidden => json!({"error": "You are not authorized to do this action"}),
            Error::NotFound => json!({"error": "Resource could not be found"}),
            Error::NotFoundEmpty => return None,
            Error::Validation(errors, contact_id) => {
                let message = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut attributes: Vec<&str> = Vec::new();
                for e in errors {
                    if !attributes.contains(&e.attribute) {
                        attributes.push(e.attribute);
                    }
                }
                let mut body = json!({"message": message, "attributes": attributes});
                if let Some(id) = contact_id {
                    body["contact_id"] = json!(id);
                }
                body
            }
            Error::Message(m) => json!({"message": m}),
            Error::Unprocessable(m)
            | Error::BadRequest(m)
            | Error::Unauthorized(m)
            | Error::PayloadTooLarge(m)
            | Error::UnsupportedMediaType(m) => json!({"error": m}),
            Error::Internal(_) => json!({"error": "Internal server error"}),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_body_joins_messages_and_dedups_attributes() {
        let e = Error::Validation(
            vec![
                FieldError::new("email", "Email Invalid email"),
                FieldError::new("email", "Email has already been taken"),
                FieldError::new("phone_number", "Phone number should be in e164 format"),
            ],
            Some(7),
        );
        assert_eq!(e.status(), 422);
        assert_eq!(
            e.body(),
            Some(json!({
                "message": "Email Invalid email, Email has already been taken, Phone number should be in e164 format",
                "attributes": ["email", "phone_number"],
                "contact_id": 7
            }))
        );
    }

    #[test]
    fn internal_detail_is_never_sent() {
        let e = Error::internal("disk I/O error at /secret/path");
        assert_eq!(e.body(), Some(json!({"error": "Internal server error"})));
    }
}
