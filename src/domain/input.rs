//! Reading request bodies field by field: absent, null and wrong-typed are three different answers.
//! A wrong type is a 422 naming the field, never a silent drop (our decision; Chatwoot often 500s).

use crate::error::Error;
use serde_json::{Map, Value};

/// A PATCH field: `None` absent, `Some(None)` explicit null, `Some(Some(v))` a value.
pub type Patch<T> = Option<Option<T>>;

fn wrong_type(field: &str, want: &str) -> Error {
    Error::Unprocessable(format!("{field} must be {want}"))
}

/// The body as an object. Anything else (an array, a string) is a 422.
pub fn object(body: &Value) -> Result<&Map<String, Value>, Error> {
    match body {
        Value::Object(m) => Ok(m),
        Value::Null => Err(Error::Unprocessable(
            "request body must be a JSON object".into(),
        )),
        _ => Err(Error::Unprocessable(
            "request body must be a JSON object".into(),
        )),
    }
}

/// A string field. Numbers are accepted and turned into their text, as Rails params would.
pub fn string(obj: &Map<String, Value>, field: &str) -> Result<Patch<String>, Error> {
    match obj.get(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Some(Value::Number(n)) => Ok(Some(Some(n.to_string()))),
        Some(_) => Err(wrong_type(field, "a string")),
    }
}

/// A boolean field, with Rails' string casts ("true", "1", "false", "0", ...).
pub fn boolean(obj: &Map<String, Value>, field: &str) -> Result<Patch<bool>, Error> {
    match obj.get(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::Bool(b)) => Ok(Some(Some(*b))),
        Some(v) => match cast_bool(v) {
            Some(b) => Ok(Some(Some(b))),
            None => Err(wrong_type(field, "true or false")),
        },
    }
}

pub fn cast_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) if n.as_i64() == Some(1) => Some(true),
        Value::Number(n) if n.as_i64() == Some(0) => Some(false),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "t" | "on" | "yes" => Some(true),
            "false" | "0" | "f" | "off" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An integer id field; numeric strings are accepted ("5"), as Rails params would.
pub fn integer(obj: &Map<String, Value>, field: &str) -> Result<Patch<i64>, Error> {
    match obj.get(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(|i| Some(Some(i)))
            .ok_or_else(|| wrong_type(field, "an integer")),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(|i| Some(Some(i)))
            .map_err(|_| wrong_type(field, "an integer")),
        Some(_) => Err(wrong_type(field, "an integer")),
    }
}

/// A JSON object field (the attribute hashes).
pub fn object_field(
    obj: &Map<String, Value>,
    field: &str,
) -> Result<Patch<Map<String, Value>>, Error> {
    match obj.get(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::Object(m)) => Ok(Some(Some(m.clone()))),
        // Rails turns a blank string into nil for these hashes.
        Some(Value::String(s)) if s.is_empty() => Ok(Some(None)),
        Some(_) => Err(wrong_type(field, "an object")),
    }
}

/// An array of strings (label lists, attribute key lists). A single string counts as a one-element list.
pub fn string_list(obj: &Map<String, Value>, field: &str) -> Result<Option<Vec<String>>, Error> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(wrong_type(field, "an array of strings")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(wrong_type(field, "an array of strings")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn absent_null_value_and_wrong_type_differ() {
        let o = obj(json!({"a": null, "b": "x", "c": {"k": 1}, "d": 5, "e": [1]}));
        assert_eq!(string(&o, "missing").ok(), Some(None));
        assert_eq!(string(&o, "a").ok(), Some(Some(None)));
        assert_eq!(string(&o, "b").ok(), Some(Some(Some("x".into()))));
        assert_eq!(string(&o, "d").ok(), Some(Some(Some("5".into()))));
        assert!(string(&o, "c").is_err());
        assert!(object_field(&o, "b").is_err());
        assert!(object_field(&o, "e").is_err());
        assert_eq!(integer(&o, "d").ok(), Some(Some(Some(5))));
        assert!(integer(&o, "b").is_err());
        assert!(boolean(&o, "b").is_err());
        assert_eq!(string_list(&o, "b").ok(), Some(Some(vec!["x".to_string()])));
        assert!(string_list(&o, "c").is_err());
    }

    #[test]
    fn body_must_be_an_object() {
        assert!(object(&json!([1, 2])).is_err());
        assert!(object(&json!("x")).is_err());
        assert!(object(&json!({})).is_ok());
    }
}
