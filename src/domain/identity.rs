//! Identity verification for the public client API (reference 16): the client proves an identifier
//! with `identifier_hash` = hex HMAC-SHA256(key = the inbox's HMAC token, message = identifier).

use super::input::{self, Patch};
use crate::error::Error;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

pub const HMAC_INVALID: &str = "HMAC failed: Invalid Identifier Hash Provided";
pub const HMAC_CONFLICT: &str = "HMAC failed: Identifier does not match contact";

/// The fields the public client API permits. `additional_attributes` is not among them (ignored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientParams {
    pub source_id: Option<String>,
    pub identifier: Option<String>,
    pub identifier_hash: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub avatar_url: Option<String>,
    pub custom_attributes: Option<Map<String, Value>>,
}

impl ClientParams {
    /// Reads a body (or a query string turned into one). Absent and null are the same here; a wrong
    /// type is a 422 naming the field.
    pub fn from_json(body: &Map<String, Value>) -> Result<ClientParams, Error> {
        let s =
            |f: &str| -> Result<Option<String>, Error> { Ok(input::string(body, f)?.flatten()) };
        let attrs: Patch<Map<String, Value>> = input::object_field(body, "custom_attributes")?;
        Ok(ClientParams {
            source_id: s("source_id")?,
            identifier: s("identifier")?,
            identifier_hash: s("identifier_hash")?,
            email: s("email")?,
            name: s("name")?,
            phone_number: s("phone_number")?,
            avatar_url: s("avatar_url")?,
            custom_attributes: attrs.flatten(),
        })
    }

    /// Chatwoot's `process_hmac`: no check unless a hash is sent or the inbox makes it mandatory;
    /// then the hash must prove `identifier` (401 otherwise). Returns the proven identifier.
    pub fn proven_identifier(
        &self,
        token: Option<&str>,
        mandatory: bool,
    ) -> Result<Option<String>, Error> {
        let hash = self.identifier_hash.as_deref().unwrap_or("");
        if hash.trim().is_empty() && !mandatory {
            return Ok(None);
        }
        let identifier = self.identifier.clone().unwrap_or_default();
        if verify(token, &identifier, hash) {
            Ok(Some(identifier))
        } else {
            Err(Error::Unauthorized(HMAC_INVALID.into()))
        }
    }
}

/// Does `hash` prove `identifier` for an inbox whose token is `token`? The comparison is constant
/// time. An inbox without a token can verify nothing.
pub fn verify(token: Option<&str>, identifier: &str, hash: &str) -> bool {
    let Some(token) = token else {
        return false;
    };
    let Ok(given) = hex::decode(hash.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(token.as_bytes()) else {
        return false;
    };
    mac.update(identifier.as_bytes());
    mac.verify_slice(&given).is_ok()
}

/// Chatwoot (newer) refuses a proven identifier on a contact already bound to another one, so a
/// valid pair cannot be replayed against someone else's contact.
pub fn conflicts(contact_identifier: Option<&str>, proven: &str) -> bool {
    contact_identifier.is_some_and(|c| !c.is_empty() && c != proven)
}

/// Trust is granted only when the proven identifier is the contact's own.
pub fn matches(contact_identifier: Option<&str>, proven: &str) -> bool {
    contact_identifier.is_some_and(|c| !c.is_empty() && c == proven)
}

#[cfg(test)]
mod tests {
    use super::*;

    // `printf user_123 | openssl dgst -sha256 -hmac secret-hmac`
    const GOOD: &str = "d0aadd436740c64273e941b6878cdae2e87cbe0b08fafa8d9f39b728d2d62463";
    // the same over the empty message
    const EMPTY: &str = "f0e18837331f5d13bc25bca935fe15d1a68fc043e7b29eb25059a76e05d612d2";

    #[test]
    fn verify_table() {
        let cases = [
            (Some("secret-hmac"), "user_123", GOOD, true),
            (Some("secret-hmac"), "user_123", &GOOD.to_uppercase(), true),
            (Some("secret-hmac"), "user_124", GOOD, false),
            (Some("other"), "user_123", GOOD, false),
            (None, "user_123", GOOD, false),
            (Some("secret-hmac"), "user_123", "", false),
            (Some("secret-hmac"), "user_123", "not hex", false),
            (Some("secret-hmac"), "user_123", &GOOD[..62], false),
            (Some("secret-hmac"), "", EMPTY, true),
        ];
        for (token, ident, hash, want) in cases {
            assert_eq!(
                verify(token, ident, hash),
                want,
                "{token:?} {ident:?} {hash:?}"
            );
        }
    }

    #[test]
    fn proven_identifier_table() {
        let p = |ident: Option<&str>, hash: Option<&str>| ClientParams {
            identifier: ident.map(Into::into),
            identifier_hash: hash.map(Into::into),
            ..ClientParams::default()
        };
        let t = Some("secret-hmac");
        let cases = [
            // (params, mandatory, expected)
            (p(Some("user_123"), None), false, Ok(None)),
            (p(Some("user_123"), Some("  ")), false, Ok(None)),
            (
                p(Some("user_123"), Some(GOOD)),
                false,
                Ok(Some("user_123".to_string())),
            ),
            (
                p(Some("user_123"), Some(GOOD)),
                true,
                Ok(Some("user_123".to_string())),
            ),
            (p(Some("user_999"), Some(GOOD)), false, Err(HMAC_INVALID)),
            (p(Some("user_123"), None), true, Err(HMAC_INVALID)),
            (p(None, None), true, Err(HMAC_INVALID)),
            (p(None, Some(EMPTY)), true, Ok(Some(String::new()))),
        ];
        for (params, mandatory, want) in cases {
            let got = params.proven_identifier(t, mandatory).map_err(|e| match e {
                Error::Unauthorized(m) if m == HMAC_INVALID => HMAC_INVALID,
                _ => "other error",
            });
            assert_eq!(got, want, "{params:?} mandatory={mandatory}");
        }
    }

    #[test]
    fn params_reject_wrong_types_and_ignore_additional_attributes() {
        let body = |v: Value| match v {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let ok = ClientParams::from_json(&body(serde_json::json!({
            "name": "Jo", "email": null, "phone_number": 5, "additional_attributes": {"x": 1},
            "custom_attributes": {"plan": "pro"}
        })))
        .unwrap();
        assert_eq!(ok.name.as_deref(), Some("Jo"));
        assert_eq!(ok.email, None);
        assert_eq!(ok.phone_number.as_deref(), Some("5"));
        assert_eq!(
            ok.custom_attributes,
            Some(body(serde_json::json!({"plan": "pro"})))
        );
        for bad in [
            serde_json::json!({"name": {"a": 1}}),
            serde_json::json!({"identifier": [1]}),
            serde_json::json!({"custom_attributes": "x"}),
            serde_json::json!({"source_id": true}),
        ] {
            assert!(matches!(
                ClientParams::from_json(&body(bad)),
                Err(Error::Unprocessable(_))
            ));
        }
    }

    #[test]
    fn binding_table() {
        for (contact, proven, conflict, matched) in [
            (None, "u1", false, false),
            (Some(""), "u1", false, false),
            (Some("u1"), "u1", false, true),
            (Some("u2"), "u1", true, false),
            (Some("u1"), "", true, false),
        ] {
            assert_eq!(
                conflicts(contact, proven),
                conflict,
                "{contact:?} {proven:?}"
            );
            assert_eq!(matches(contact, proven), matched, "{contact:?} {proven:?}");
        }
    }
}
