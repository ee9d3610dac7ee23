//! Notes on a contact (reference 1.3, 15.4): the stored shape and how a request body names the content.

use super::input::{self, Patch};
use crate::error::{Error, FieldError};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: i64,
    pub account_id: i64,
    pub contact_id: i64,
    pub user_id: Option<i64>,
    pub content: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The Note model's attribute names: Rails' JSON parameter wrapping moves exactly these top-level keys
/// under `note` when the body has no `note` key of its own.
const NOTE_ATTRIBUTES: &[&str] = &[
    "id",
    "content",
    "account_id",
    "contact_id",
    "user_id",
    "created_at",
    "updated_at",
];

/// What a create or update asks for. Only `content` is permitted; `None` means the key was absent.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteInput {
    pub content: Patch<String>,
}

impl NoteInput {
    /// Reads `params.require(:note).permit(:content)`. `json`: the body came as JSON, so a top-level
    /// `{"content": ..}` counts as the note (Rails' parameter wrapping); a form body must say `note[content]`.
    pub fn from_body(body: &Map<String, Value>, json: bool) -> Result<NoteInput, Error> {
        let missing = || Error::param_missing("note");
        let note = match body.get("note") {
            Some(Value::Object(m)) if m.is_empty() => return Err(missing()),
            Some(Value::Object(m)) => m,
            Some(Value::Null) => return Err(missing()),
            Some(Value::String(s)) if s.trim().is_empty() => return Err(missing()),
            // Chatwoot 500s calling `permit` on a non-hash.
            Some(_) => return Err(Error::Unprocessable("note must be an object".into())),
            None if json && NOTE_ATTRIBUTES.iter().any(|k| body.contains_key(*k)) => body,
            None => return Err(missing()),
        };
        Ok(NoteInput {
            content: input::string(note, "content")?,
        })
    }
}

/// Note's only validation: content present (Rails' `blank?`, so whitespace-only is blank too).
pub fn validate_content(content: Option<&str>) -> Result<&str, Error> {
    match content {
        Some(c) if !c.trim().is_empty() => Ok(c),
        _ => Err(Error::validation(vec![FieldError::new(
            "content",
            "Content can't be blank",
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(body: Value, json: bool) -> Result<Patch<String>, String> {
        let Value::Object(m) = body else {
            return Err("not an object".into());
        };
        NoteInput::from_body(&m, json)
            .map(|n| n.content)
            .map_err(|e| match e {
                Error::Unprocessable(m) => m,
                other => format!("{other:?}"),
            })
    }

    #[test]
    fn body_forms() {
        const MISSING: &str = "param is missing or the value is empty: note";
        let some = |s: &str| Ok(Some(Some(s.to_string())));
        let cases: Vec<(Value, bool, Result<Patch<String>, String>)> = vec![
            (json!({"note": {"content": "hi"}}), true, some("hi")),
            (json!({"note": {"content": "hi"}}), false, some("hi")),
            (json!({"content": "hi"}), true, some("hi")),
            (json!({"content": "hi"}), false, Err(MISSING.into())),
            (json!({"content": 5}), true, some("5")),
            (json!({"content": null}), true, Ok(Some(None))),
            // Wrapped, but nothing permitted: the content is simply absent.
            (json!({"user_id": 3}), true, Ok(None)),
            (json!({"note": {"other": 1}}), true, Ok(None)),
            (json!({}), true, Err(MISSING.into())),
            (json!({"foo": "bar"}), true, Err(MISSING.into())),
            (json!({"note": {}}), true, Err(MISSING.into())),
            (json!({"note": null}), true, Err(MISSING.into())),
            (json!({"note": ""}), false, Err(MISSING.into())),
            (
                json!({"note": "text"}),
                true,
                Err("note must be an object".into()),
            ),
            (
                json!({"note": [1]}),
                true,
                Err("note must be an object".into()),
            ),
            (
                json!({"note": {"content": {"a": 1}}}),
                true,
                Err("content must be a string".into()),
            ),
            // An explicit `note` wins over wrapping.
            (
                json!({"note": {"content": "a"}, "content": "b"}),
                true,
                some("a"),
            ),
        ];
        for (body, json, want) in cases {
            assert_eq!(read(body.clone(), json), want, "{body} json={json}");
        }
    }

    #[test]
    fn blank_content() {
        for (c, ok) in [
            (None, false),
            (Some(""), false),
            (Some(" \n\t"), false),
            (Some("x"), true),
            (Some(" x "), true),
        ] {
            assert_eq!(validate_content(c).is_ok(), ok, "{c:?}");
        }
        let err = validate_content(Some("")).err().and_then(|e| e.body());
        assert_eq!(
            err,
            Some(json!({"message": "Content can't be blank", "attributes": ["content"]}))
        );
    }
}
