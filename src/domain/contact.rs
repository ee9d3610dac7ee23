//! The contact: its stored shape, what a create or update may change, and Chatwoot's validation rules
//! (reference 1.1), with our fixes: both-ends anchored phone format, blank identifier and phone stored as null.

use super::input::{self, Patch};
use crate::error::{Error, FieldError};
use serde_json::{Map, Value};

pub const NAME_MAX_CHARS: usize = 255;

/// Chatwoot's contact_type enum; only `visitor -> lead` is ever automatic.
pub const CONTACT_TYPE_VISITOR: i64 = 0;
pub const CONTACT_TYPE_LEAD: i64 = 1;

/// A stored contact. The attribute hashes stay as the JSON text the database holds, so listing
/// contacts never re-parses them.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub identifier: Option<String>,
    pub blocked: bool,
    pub contact_type: i64,
    pub additional_attributes: String,
    pub custom_attributes: String,
    pub avatar_id: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Latest presence heartbeat, if any.
    pub last_seen_at: Option<i64>,
}

impl Contact {
    pub fn is_online(&self, now: i64, presence_ttl: i64) -> bool {
        // Chatwoot: online iff the heartbeat score is strictly greater than now - window.
        self.last_seen_at.is_some_and(|t| t > now - presence_ttl)
    }

    pub fn fields(&self) -> Result<ContactFields, Error> {
        Ok(ContactFields {
            name: self.name.clone(),
            email: self.email.clone(),
            phone_number: self.phone_number.clone(),
            identifier: self.identifier.clone(),
            blocked: self.blocked,
            contact_type: self.contact_type,
            additional_attributes: parse_object(&self.additional_attributes)?,
            custom_attributes: parse_object(&self.custom_attributes)?,
        })
    }
}

pub fn parse_object(text: &str) -> Result<Map<String, Value>, Error> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Ok(Map::new()),
        Err(e) => Err(Error::internal(format!(
            "stored attributes are not JSON: {e}"
        ))),
    }
}

/// What a create or update request asks to change. Unknown keys are ignored, as in Chatwoot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactInput {
    pub name: Patch<String>,
    pub email: Patch<String>,
    pub phone_number: Patch<String>,
    pub identifier: Patch<String>,
    pub blocked: Patch<bool>,
    pub additional_attributes: Patch<Map<String, Value>>,
    pub custom_attributes: Patch<Map<String, Value>>,
    pub avatar_url: Patch<String>,
}

impl ContactInput {
    pub fn from_json(body: &Map<String, Value>) -> Result<ContactInput, Error> {
        Ok(ContactInput {
            name: input::string(body, "name")?,
            email: input::string(body, "email")?,
            phone_number: input::string(body, "phone_number")?,
            identifier: input::string(body, "identifier")?,
            blocked: input::boolean(body, "blocked")?,
            additional_attributes: input::object_field(body, "additional_attributes")?,
            custom_attributes: input::object_field(body, "custom_attributes")?,
            avatar_url: input::string(body, "avatar_url")?,
        })
    }
}

/// The writable columns of a contact, normalised and ready to validate and store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactFields {
    pub name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub identifier: Option<String>,
    pub blocked: bool,
    pub contact_type: i64,
    pub additional_attributes: Map<String, Value>,
    pub custom_attributes: Map<String, Value>,
}

/// Which unique value a lookup is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    Email,
    Identifier,
    PhoneNumber,
}

impl ContactFields {
    /// Applies a request: scalars overwrite, the attribute hashes shallow-merge (Chatwoot's update).
    pub fn apply(&mut self, input: &ContactInput) {
        if let Some(v) = &input.name {
            self.name = v.clone().unwrap_or_default();
        }
        if let Some(v) = &input.email {
            self.email = v.clone();
        }
        if let Some(v) = &input.phone_number {
            self.phone_number = v.clone();
        }
        if let Some(v) = &input.identifier {
            self.identifier = v.clone();
        }
        if let Some(Some(v)) = input.blocked {
            self.blocked = v;
        }
        if let Some(Some(m)) = &input.additional_attributes {
            merge_shallow(&mut self.additional_attributes, m);
        }
        if let Some(Some(m)) = &input.custom_attributes {
            merge_shallow(&mut self.custom_attributes, m);
        }
        self.normalize();
    }

    /// Chatwoot's before-validation normalisation plus SyncAttributes.
    pub fn normalize(&mut self) {
        self.email = blank_to_none(self.email.take()).map(|e| e.to_lowercase());
        self.identifier = blank_to_none(self.identifier.take());
        self.phone_number = blank_to_none(self.phone_number.take());
        let social = self
            .additional_attributes
            .iter()
            .any(|(k, v)| k.starts_with("social_") && !is_blank(v));
        if self.contact_type == CONTACT_TYPE_VISITOR
            && (self.email.is_some()
                || self.phone_number.is_some()
                || self.identifier.is_some()
                || social)
        {
            self.contact_type = CONTACT_TYPE_LEAD;
        }
    }

    /// Chatwoot's "resolved contact" (classic rule): reachable by email, phone or identifier.
    pub fn resolved(&self) -> bool {
        self.email.is_some() || self.phone_number.is_some() || self.identifier.is_some()
    }

    /// `location` mirrors `additional_attributes.city`.
    pub fn location(&self) -> String {
        attr_text(&self.additional_attributes, "city")
    }

    /// `country_code` mirrors `additional_attributes.country`.
    pub fn country_code(&self) -> String {
        attr_text(&self.additional_attributes, "country")
    }

    /// Runs every validation in Chatwoot's declaration order. `taken` answers which other contact of
    /// the account already holds a unique value; the first holder found is reported as `contact_id`.
    pub fn validate(
        &self,
        mut taken: impl FnMut(Unique, &str) -> Result<Option<i64>, Error>,
    ) -> Result<(), Error> {
        let mut errors = Vec::new();
        let mut holder = None;
        let mut check = |field: Unique,
                         value: &Option<String>,
                         errors: &mut Vec<FieldError>|
         -> Result<(), Error> {
            if let Some(v) = value
                && let Some(id) = taken(field, v)?
            {
                let (attr, msg) = match field {
                    Unique::Email => ("email", "Email has already been taken"),
                    Unique::Identifier => ("identifier", "Identifier has already been taken"),
                    Unique::PhoneNumber => ("phone_number", "Phone number has already been taken"),
                };
                errors.push(FieldError::new(attr, msg));
                holder.get_or_insert(id);
            }
            Ok(())
        };
        check(Unique::Email, &self.email, &mut errors)?;
        if let Some(e) = &self.email
            && !valid_email(e)
        {
            errors.push(FieldError::new("email", "Email Invalid email"));
        }
        check(Unique::Identifier, &self.identifier, &mut errors)?;
        check(Unique::PhoneNumber, &self.phone_number, &mut errors)?;
        if let Some(p) = &self.phone_number
            && !valid_e164(p)
        {
            errors.push(FieldError::new(
                "phone_number",
                "Phone number should be in e164 format",
            ));
        }
        if self.name.chars().count() > NAME_MAX_CHARS {
            errors.push(FieldError::new(
                "name",
                "Name is too long (maximum is 255 characters)",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errors, holder))
        }
    }
}

fn merge_shallow(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        into.insert(k.clone(), v.clone());
    }
}

fn attr_text(m: &Map<String, Value>, key: &str) -> String {
    match m.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

fn blank_to_none(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

/// Ruby's `blank?` for JSON values.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

/// Devise's default email format: `\A[^@\s]+@[^@\s]+\z`.
pub fn valid_email(s: &str) -> bool {
    let mut parts = s.split('@');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && !p.chars().any(char::is_whitespace));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// E.164, anchored at both ends: `^\+[1-9]\d{1,14}$`.
pub fn valid_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    let b = digits.as_bytes();
    (2..=15).contains(&b.len()) && b[0] != b'0' && b.iter().all(u8::is_ascii_digit)
}

/// Ruby's `String#capitalize`: first character upper-case, the rest lower-case.
pub fn ruby_capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> ContactFields {
        let mut f = ContactFields::default();
        let body = match v {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        f.apply(&ContactInput::from_json(&body).unwrap_or_default());
        f
    }

    fn messages(
        f: &ContactFields,
        taken: &[(Unique, i64)],
    ) -> Option<(String, Vec<&'static str>, Option<i64>)> {
        match f.validate(|u, _| Ok(taken.iter().find(|(t, _)| *t == u).map(|(_, id)| *id))) {
            Ok(()) => None,
            Err(Error::Validation(errs, holder)) => Some((
                errs.iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                errs.iter().map(|e| e.attribute).collect(),
                holder,
            )),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }

    #[test]
    fn email_table() {
        for (email, ok) in [
            ("a@b", true),
            ("john@example.com", true),
            ("", true),
            ("no-at-sign", false),
            ("two@@ats", false),
            ("a b@c.d", false),
            ("@b.c", false),
            ("a@", false),
        ] {
            let f = fields(json!({"email": email}));
            assert_eq!(messages(&f, &[]).is_none(), ok, "email {email:?}");
        }
    }

    #[test]
    fn phone_table() {
        for (phone, ok) in [
            ("+1234567890", true),
            ("+12", true),
            ("+123456789012345", true),
            ("+1234567890123456", false),
            ("+1", false),
            ("+0123", false),
            ("1234567", false),
            ("abc+1234", false), // classic Chatwoot accepted this; we anchor both ends
            ("+1234 567", false),
            ("", true),
        ] {
            let f = fields(json!({"phone_number": phone}));
            assert_eq!(messages(&f, &[]).is_none(), ok, "phone {phone:?}");
        }
    }

    #[test]
    fn errors_come_in_chatwoot_order_with_first_holder() {
        let f = fields(
            json!({"email": "bad", "phone_number": "123", "identifier": "x", "name": "n".repeat(256)}),
        );
        let (msg, attrs, holder) =
            messages(&f, &[(Unique::Identifier, 4), (Unique::PhoneNumber, 9)]).unwrap();
        assert_eq!(
            msg,
            "Email Invalid email, Identifier has already been taken, Phone number has already been taken, \
             Phone number should be in e164 format, Name is too long (maximum is 255 characters)"
        );
        assert_eq!(
            attrs,
            vec![
                "email",
                "identifier",
                "phone_number",
                "phone_number",
                "name"
            ]
        );
        assert_eq!(holder, Some(4));
    }

    #[test]
    fn name_limit_counts_characters_not_bytes() {
        assert!(messages(&fields(json!({"name": "é".repeat(255)})), &[]).is_none());
    }

    #[test]
    fn normalisation() {
        let f = fields(json!({"email": "  ", "identifier": "", "phone_number": ""}));
        assert_eq!((f.email, f.identifier, f.phone_number), (None, None, None));
        let f = fields(json!({"email": "John@Example.COM"}));
        assert_eq!(f.email.as_deref(), Some("john@example.com"));
        assert_eq!(f.contact_type, CONTACT_TYPE_LEAD);
        let f = fields(json!({"name": "x"}));
        assert_eq!(f.contact_type, CONTACT_TYPE_VISITOR);
        let f = fields(
            json!({"additional_attributes": {"social_twitter_user_name": "jd", "city": "Oslo", "country": "Norway"}}),
        );
        assert_eq!(f.contact_type, CONTACT_TYPE_LEAD);
        assert_eq!(
            (f.location(), f.country_code()),
            ("Oslo".to_string(), "Norway".to_string())
        );
    }

    #[test]
    fn update_shallow_merges_attributes_and_null_clears_scalars() {
        let mut f = fields(
            json!({"name": "A", "email": "a@x.io", "custom_attributes": {"plan": "free", "seats": 2}}),
        );
        let body = json!({"email": null, "custom_attributes": {"plan": "pro"}, "additional_attributes": {"city": "Rome"}});
        f.apply(&ContactInput::from_json(body.as_object().unwrap()).unwrap());
        assert_eq!(f.email, None);
        assert_eq!(f.name, "A");
        assert_eq!(
            Value::Object(f.custom_attributes),
            json!({"plan": "pro", "seats": 2})
        );
        assert_eq!(
            Value::Object(f.additional_attributes),
            json!({"city": "Rome"})
        );
    }

    #[test]
    fn capitalize_like_ruby() {
        assert_eq!(ruby_capitalize("John Doe"), "John doe");
        assert_eq!(ruby_capitalize("éLODIE"), "Élodie");
        assert_eq!(ruby_capitalize(""), "");
    }

    #[test]
    fn online_is_strictly_inside_the_window() {
        let mut c = Contact {
            id: 1,
            account_id: 1,
            name: String::new(),
            email: None,
            phone_number: None,
            identifier: None,
            blocked: false,
            contact_type: 0,
            additional_attributes: "{}".into(),
            custom_attributes: "{}".into(),
            avatar_id: None,
            last_activity_at: None,
            created_at: 0,
            updated_at: 0,
            last_seen_at: Some(100),
        };
        assert!(c.is_online(119, 20));
        assert!(!c.is_online(120, 20));
        c.last_seen_at = None;
        assert!(!c.is_online(100, 20));
    }
}
