//! Merging two contacts' attributes (Chatwoot's ContactMergeAction, reference 20): each side's
//! non-blank values, deep-merged with the base winning.

use super::contact::{ContactFields, is_blank};
use serde_json::{Map, Value};

/// Ruby's `loser.deep_merge(winner)`: keys of both survive, `winner` wins on conflict, and where both
/// hold a hash the two are merged the same way, recursively. Key order is the loser's, then the
/// winner's new keys, as in Ruby.
pub fn deep_merge(winner: &Map<String, Value>, loser: &Map<String, Value>) -> Map<String, Value> {
    let mut out = loser.clone();
    for (k, w) in winner {
        match (out.get_mut(k), w) {
            (Some(Value::Object(l)), Value::Object(w)) => {
                let merged = deep_merge(w, l);
                *l = merged;
            }
            _ => {
                out.insert(k.clone(), w.clone());
            }
        }
    }
    out
}

fn pick(base: &Option<String>, mergee: &Option<String>) -> Option<String> {
    let present = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    present(base).or_else(|| present(mergee))
}

/// The base contact's fields after absorbing the mergee. Only identifier, name, email, phone number
/// and the two attribute hashes merge; everything else (blocked, contact type) stays the base's.
/// Blank values never win: a blank base name takes the mergee's name.
pub fn merge_fields(base: &ContactFields, mergee: &ContactFields) -> ContactFields {
    let name_blank = is_blank(&Value::String(base.name.clone()));
    let mut out = ContactFields {
        name: if name_blank {
            mergee.name.clone()
        } else {
            base.name.clone()
        },
        email: pick(&base.email, &mergee.email),
        phone_number: pick(&base.phone_number, &mergee.phone_number),
        identifier: pick(&base.identifier, &mergee.identifier),
        blocked: base.blocked,
        contact_type: base.contact_type,
        additional_attributes: deep_merge(
            &base.additional_attributes,
            &mergee.additional_attributes,
        ),
        custom_attributes: deep_merge(&base.custom_attributes, &mergee.custom_attributes),
    };
    out.normalize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{CONTACT_TYPE_LEAD, CONTACT_TYPE_VISITOR};
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn deep_merge_table() {
        let cases = [
            // (winner, loser, expected)
            (json!({}), json!({}), json!({})),
            (json!({"a": 1}), json!({}), json!({"a": 1})),
            (json!({}), json!({"a": 1}), json!({"a": 1})),
            (
                json!({"a": 1}),
                json!({"a": 2, "b": 3}),
                json!({"a": 1, "b": 3}),
            ),
            (
                json!({"h": {"x": 1}}),
                json!({"h": {"x": 2, "y": 2}}),
                json!({"h": {"x": 1, "y": 2}}),
            ),
            (
                json!({"h": {"deep": {"p": 1}}}),
                json!({"h": {"deep": {"p": 0, "q": 0}, "z": 0}}),
                json!({"h": {"deep": {"p": 1, "q": 0}, "z": 0}}),
            ),
            // A hash meets a scalar: the winner's value replaces it whole, either way round.
            (json!({"h": "s"}), json!({"h": {"x": 1}}), json!({"h": "s"})),
            (
                json!({"h": {"x": 1}}),
                json!({"h": "s"}),
                json!({"h": {"x": 1}}),
            ),
            // Nested blanks still win (Chatwoot compacts only the top level).
            (
                json!({"h": {"x": ""}}),
                json!({"h": {"x": "v"}}),
                json!({"h": {"x": ""}}),
            ),
            (json!({"l": [1]}), json!({"l": [2, 3]}), json!({"l": [1]})),
        ];
        for (winner, loser, want) in cases {
            let got = deep_merge(&obj(winner.clone()), &obj(loser.clone()));
            assert_eq!(Value::Object(got), want, "winner {winner} loser {loser}");
        }
    }

    #[test]
    fn deep_merge_keeps_ruby_key_order() {
        let got = deep_merge(&obj(json!({"b": 1, "c": 1})), &obj(json!({"a": 0, "b": 0})));
        assert_eq!(got.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    fn fields(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        ident: Option<&str>,
    ) -> ContactFields {
        ContactFields {
            name: name.into(),
            email: email.map(Into::into),
            phone_number: phone.map(Into::into),
            identifier: ident.map(Into::into),
            ..ContactFields::default()
        }
    }

    #[test]
    fn scalar_table() {
        type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let cases: [(Row, Row, Row); 4] = [
            // base wins where it has a value
            (
                ("Base", Some("b@x.io"), Some("+111"), Some("b")),
                ("Mergee", Some("m@x.io"), Some("+222"), Some("m")),
                ("Base", Some("b@x.io"), Some("+111"), Some("b")),
            ),
            // blanks are filled from the mergee
            (
                ("", None, None, None),
                ("Mergee", Some("m@x.io"), Some("+222"), Some("m")),
                ("Mergee", Some("m@x.io"), Some("+222"), Some("m")),
            ),
            // whitespace counts as blank, as Ruby's `blank?`
            (
                ("  ", Some(" "), None, Some("")),
                ("Mergee", Some("m@x.io"), None, Some("m")),
                ("Mergee", Some("m@x.io"), None, Some("m")),
            ),
            // both blank: stays blank
            (
                ("", None, None, None),
                ("", None, None, None),
                ("", None, None, None),
            ),
        ];
        for (b, m, want) in cases {
            let got = merge_fields(&fields(b.0, b.1, b.2, b.3), &fields(m.0, m.1, m.2, m.3));
            assert_eq!(
                (
                    got.name.as_str(),
                    got.email.as_deref(),
                    got.phone_number.as_deref(),
                    got.identifier.as_deref()
                ),
                want,
                "base {b:?} mergee {m:?}"
            );
        }
    }

    #[test]
    fn attributes_deep_merge_base_first_and_type_follows_values() {
        let mut base = fields("Base", None, None, None);
        base.blocked = true;
        base.custom_attributes = obj(json!({"plan": "pro", "prefs": {"lang": "en"}}));
        let mut mergee = fields("", Some("M@X.io"), None, None);
        mergee.custom_attributes = obj(json!({"plan": "free", "seats": 2, "prefs": {"tz": "UTC"}}));
        mergee.additional_attributes = obj(json!({"city": "Oslo"}));
        let got = merge_fields(&base, &mergee);
        assert_eq!(
            Value::Object(got.custom_attributes.clone()),
            json!({"plan": "pro", "seats": 2, "prefs": {"tz": "UTC", "lang": "en"}})
        );
        assert_eq!(
            Value::Object(got.additional_attributes.clone()),
            json!({"city": "Oslo"})
        );
        assert_eq!(got.location(), "Oslo");
        assert_eq!(got.email.as_deref(), Some("m@x.io"));
        assert!(got.blocked);
        assert_eq!(base.contact_type, CONTACT_TYPE_VISITOR);
        assert_eq!(got.contact_type, CONTACT_TYPE_LEAD);
    }
}
