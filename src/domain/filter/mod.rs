//! The contacts filter DSL of `POST /api/v1/accounts/{account_id}/contacts/filter`
//! (Chatwoot compatible), turned into a bound SQLite boolean expression.
//!
//! [`parse`] validates the whole request body against the account's custom
//! attribute definitions and yields a typed [`Filter`]; [`compile`] turns it
//! into an [`SqlFragment`] over the contacts table aliased `c`, with `?`
//! placeholders only. No user string ever reaches the SQL text.
//!
//! # Payload grammar
//!
//! ```text
//! body      = { "payload": [ condition, ... ] }          1..=MAX_CONDITIONS conditions
//! condition = {
//!   "attribute_key":         string,                     standard key or custom attribute key
//!   "filter_operator":       string,                     see the table below
//!   "values":                [ string | number | bool | null, ... ]
//!                            (a bare string only for contains / does_not_contain;
//!                             ignored for is_present / is_not_present),
//!   "query_operator":        "AND" | "OR" | "" | null,   case-insensitive, joins to the NEXT
//!                            condition; ignored on the last one; absent between two
//!                            conditions means AND
//!   "custom_attribute_type": string | null,              attribute_model of the custom
//!                            definition; "" / null / absent = "contact_attribute"
//!   "attribute_model":       anything                    frontend only, ignored
//! }
//! ```
//!
//! Conditions are joined flat, `(A) AND (B) OR (C)`, so SQL precedence applies
//! like in Chatwoot: AND binds tighter than OR.
//!
//! Validation order per condition (first failure wins, all are 422
//! `{"error": message}`): every `query_operator` of the payload first, then
//! per condition: attribute key, operator (standard keys only), blank values,
//! value typing.
//!
//! # Operators
//!
//! `v0` is `values[0]`; `lc` means ASCII lower-cased (SQLite's `lower()`);
//! `%v%` is the stripped, lower-cased value with `%`, `_`, `\` escaped (literal
//! match, one `LIKE` per value). `x` is `json_extract(c.custom_attributes, ?)`
//! with the bound path `$."key"`.
//!
//! | attribute_key | allowed operators | SQL |
//! |---|---|---|
//! | `name`, `identifier` | equal_to, not_equal_to (+ contains, does_not_contain for name) | `lower(c.col) = ?` / `!= ?` (lc v0, NULL excluded); contains `lower(c.col) LIKE ? ESCAPE '\' OR ...`; does_not_contain `c.col IS NOT NULL AND NOT (...)` |
//! | `email` | equal_to, not_equal_to, contains, does_not_contain | `c.email = ?` / `!= ?` (stored lower-case, so index friendly); contains as above |
//! | `phone_number` | equal_to, not_equal_to, contains, does_not_contain, starts_with | `c.phone_number = ?` with `+` + v0 (leading `+` stripped); starts_with `lower(c.phone_number) LIKE ?` with `+v0%`; contains as above |
//! | `country_code` | equal_to, not_equal_to | `lower(json_extract(c.additional_attributes, '$.country_code')) = ?` |
//! | `city`, `company` | equal_to, not_equal_to, contains, does_not_contain | same on `'$.city'` / `'$.company'` |
//! | `labels` | equal_to, not_equal_to, is_present, is_not_present | `[NOT] EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id AND cl.name = ?)` (lc v0); presence drops the name test |
//! | `created_at`, `last_activity_at` | is_greater_than, is_less_than, days_before | `c.col >= ?` (start of D+1, UTC) / `c.col < ?` (start of D) / `c.col < ?` (start of today − N days); v0 is `YYYY-MM-DD` or RFC 3339 (its UTC date), N a non-negative integer |
//! | `blocked` | equal_to, not_equal_to | `c.blocked = ?` / `!= ?` with 1/0 (v0 `true`/`false`) |
//! | custom text, link, list | any (unknown ⇒ equal_to) | `lower(x) = ?` (lc v0); `>` / `<` compare text; days_before compares with the date text |
//! | custom number, currency, percent | any (unknown ⇒ equal_to) | `CAST(x AS REAL) = ?` with a float; v0 must be a number |
//! | custom date | any (unknown ⇒ equal_to) | `date(x) = ?` with `YYYY-MM-DD`; days_before `date(x) < ?` |
//! | custom checkbox | any (unknown ⇒ equal_to) | `x = ?` with 1/0 |
//!
//! For every custom type: not_equal_to is `(typed(x) != ? OR x IS NULL)`;
//! contains / does_not_contain / starts_with use the text forms on `lower(x)`;
//! is_present / is_not_present are `x IS NOT NULL` / `x IS NULL`.
//! days_before on number/currency/percent/checkbox is an invalid value.

pub mod ast;
pub mod compile;
pub mod parse;

pub use ast::*;
pub use compile::{Lookup, ScopedTable, SqlFragment, compile, compile_as, scoped_predicate};
pub use parse::parse;

use std::collections::HashMap;
use std::fmt;

/// A payload with more conditions is 422 "Too many filter conditions (maximum is 50)".
pub const MAX_CONDITIONS: usize = 50;

/// A condition with more values is 422 "Too many values for <key> (maximum is 100)".
/// Keeps the bound parameter count far below SQLite's limit.
pub const MAX_VALUES: usize = 100;

/// The attribute model used when `custom_attribute_type` is absent or empty.
pub const DEFAULT_ATTRIBUTE_MODEL: &str = "contact_attribute";

/// Bound parameter values; the db layer converts them to rusqlite values.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Int(i64),
    Real(f64),
    Text(String),
}

/// A 422 with Chatwoot's message, rendered by the caller as {"error": message}.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterError(pub String);

impl FilterError {
    /// `param is missing or the value is empty: <name>` (Rails ParameterMissing).
    pub fn missing(name: &str) -> Self {
        FilterError(format!("param is missing or the value is empty: {name}"))
    }

    /// Chatwoot's InvalidAttribute message.
    pub fn invalid_attribute(key: &str) -> Self {
        let keys: Vec<&str> = StandardKey::ALL.iter().map(|k| k.as_str()).collect();
        FilterError(format!(
            "Invalid attribute key - [{key}]. The key should be one of [{}] or a custom attribute defined in the account.",
            keys.join(",")
        ))
    }

    /// Chatwoot's InvalidOperator message.
    pub fn invalid_operator(key: StandardKey) -> Self {
        let ops: Vec<&str> = key.allowed_operators().iter().map(|o| o.as_str()).collect();
        FilterError(format!(
            "Invalid operator. The allowed operators for {} are [{}].",
            key.as_str(),
            ops.join(",")
        ))
    }

    /// Chatwoot's InvalidValue message.
    pub fn invalid_value(key: &str) -> Self {
        FilterError(format!(
            "Invalid value. The values provided for {key} are invalid"
        ))
    }

    /// Chatwoot's InvalidQueryOperator message.
    pub fn invalid_query_operator() -> Self {
        FilterError("Query operator must be either \"AND\" or \"OR\".".to_string())
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FilterError {}

/// Display type of a custom attribute definition (attribute_model = contact_attribute) of the account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DisplayType {
    Text,
    Link,
    List,
    Number,
    Currency,
    Percent,
    Date,
    Checkbox,
}

impl DisplayType {
    pub const ALL: [DisplayType; 8] = [
        DisplayType::Text,
        DisplayType::Link,
        DisplayType::List,
        DisplayType::Number,
        DisplayType::Currency,
        DisplayType::Percent,
        DisplayType::Date,
        DisplayType::Checkbox,
    ];

    /// `"text"`, `"link"`, ... (ASCII case-insensitive); unknown -> `None`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DisplayType::Text => "text",
            DisplayType::Link => "link",
            DisplayType::List => "list",
            DisplayType::Number => "number",
            DisplayType::Currency => "currency",
            DisplayType::Percent => "percent",
            DisplayType::Date => "date",
            DisplayType::Checkbox => "checkbox",
        }
    }

    /// The value type used for comparisons.
    pub fn value_kind(self) -> ValueKind {
        match self {
            DisplayType::Text | DisplayType::Link | DisplayType::List => ValueKind::Text,
            DisplayType::Number | DisplayType::Currency | DisplayType::Percent => ValueKind::Number,
            DisplayType::Date => ValueKind::Date,
            DisplayType::Checkbox => ValueKind::Bool,
        }
    }
}

/// SQL-side type of a custom attribute display type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Number,
    Date,
    Bool,
}

/// Custom attribute definitions of the account, keyed by (attribute_model, attribute_key).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomAttributeDefs {
    defs: HashMap<(String, String), DisplayType>,
}

impl CustomAttributeDefs {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, model: &str, key: &str, t: DisplayType) {
        self.defs.insert((model.to_string(), key.to_string()), t);
    }

    pub fn get(&self, model: &str, key: &str) -> Option<DisplayType> {
        self.defs
            .get(&(model.to_string(), key.to_string()))
            .copied()
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }
}

/// Definitions, clock and helpers shared by the test modules of this filter module.
#[cfg(test)]
mod test_support {
    use super::{CustomAttributeDefs, DisplayType, SqlValue};
    use chrono::NaiveDate;

    /// 2024-03-15, the injected `today` of every test.
    pub fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 15).unwrap_or_default()
    }

    /// One custom attribute per display type, plus a non-default model and a
    /// custom definition shadowed by a standard key.
    pub fn defs() -> CustomAttributeDefs {
        let mut d = CustomAttributeDefs::new();
        for (key, t) in [
            ("plan", DisplayType::Text),
            ("site", DisplayType::Link),
            ("tier", DisplayType::List),
            ("seats", DisplayType::Number),
            ("mrr", DisplayType::Currency),
            ("discount", DisplayType::Percent),
            ("renewal", DisplayType::Date),
            ("vip", DisplayType::Checkbox),
            ("plan.v2", DisplayType::Text),
            ("name", DisplayType::Number),
            ("bad\"key", DisplayType::Text),
            ("bad\\key", DisplayType::Text),
        ] {
            d.insert("contact_attribute", key, t);
        }
        d.insert("conversation_attribute", "topic", DisplayType::Text);
        d
    }

    pub fn t(s: &str) -> SqlValue {
        SqlValue::Text(s.to_string())
    }

    pub fn i(n: i64) -> SqlValue {
        SqlValue::Int(n)
    }

    pub fn r(f: f64) -> SqlValue {
        SqlValue::Real(f)
    }

    pub fn placeholders(sql: &str) -> usize {
        sql.matches('?').count()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{defs, placeholders, today};
    use super::{CustomAttributeDefs, DisplayType, StandardKey, compile, parse};
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use proptest::sample::select;
    use serde_json::{Map, Value, json};

    /// Every random string carries `~`, which no SQL this module writes contains.
    const MARKED: &str = "[a-zA-Z0-9 '\"%_\\\\;()?.$-]{0,6}~[a-zA-Z0-9 '\"%_\\\\;()?.$-]{0,6}";

    const TOKENS: &[&str] = &[
        "2024-01-15",
        "2024-01-15T10:00:00Z",
        "7",
        "-1",
        "3.5",
        "true",
        "FALSE",
        "john",
        "+4915",
        "pro",
        "",
        " ",
    ];

    const KEYS: &[&str] = &[
        "name",
        "phone_number",
        "email",
        "identifier",
        "country_code",
        "city",
        "company",
        "labels",
        "created_at",
        "last_activity_at",
        "blocked",
        "plan",
        "site",
        "tier",
        "seats",
        "mrr",
        "discount",
        "renewal",
        "vip",
        "topic",
        "bad\"key",
        "~k'ey?",
        "x~;DROP TABLE contacts",
    ];

    const OPERATORS: &[&str] = &[
        "equal_to",
        "not_equal_to",
        "contains",
        "does_not_contain",
        "starts_with",
        "is_present",
        "is_not_present",
        "is_greater_than",
        "is_less_than",
        "days_before",
        "nope",
    ];

    const FIELDS: &[&str] = &[
        "payload",
        "attribute_key",
        "filter_operator",
        "values",
        "query_operator",
        "custom_attribute_type",
    ];

    fn prop_defs() -> CustomAttributeDefs {
        let mut d = defs();
        d.insert("contact_attribute", "~k'ey?", DisplayType::Text);
        d.insert(
            "contact_attribute",
            "x~;DROP TABLE contacts",
            DisplayType::Number,
        );
        d
    }

    fn value_string() -> impl Strategy<Value = String> {
        prop_oneof![
            MARKED.prop_map(|s| s),
            select(TOKENS).prop_map(str::to_string),
        ]
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter_map("finite", |f| {
                serde_json::Number::from_f64(f).map(Value::Number)
            }),
            value_string().prop_map(Value::String),
        ]
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 24, 4, |inner| {
            let key = prop_oneof![select(FIELDS).prop_map(str::to_string), MARKED];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key, inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    /// Mostly well-formed values: tokens of every type, marked strings, scalars.
    fn plausible_values() -> impl Strategy<Value = Value> {
        let item = prop_oneof![
            6 => select(TOKENS).prop_map(Value::from),
            3 => MARKED.prop_map(Value::from),
            1 => leaf(),
        ];
        prop::collection::vec(item, 1..4).prop_map(Value::Array)
    }

    /// A (key, operator, values) triple that parses, values typed for the key.
    fn valid_triple() -> impl Strategy<Value = (Value, Value, Value)> {
        let mut pairs: Vec<(&'static str, &'static str)> = Vec::new();
        for key in StandardKey::ALL {
            for op in key.allowed_operators() {
                pairs.push((key.as_str(), op.as_str()));
            }
        }
        for key in [
            "plan",
            "site",
            "seats",
            "renewal",
            "vip",
            "~k'ey?",
            "x~;DROP TABLE contacts",
        ] {
            for op in OPERATORS {
                pairs.push((key, op));
            }
        }
        select(pairs).prop_flat_map(|(key, op)| {
            let typed: &'static [&'static str] = match key {
                "created_at" | "last_activity_at" | "renewal" if op == "days_before" => {
                    &["0", "7", "365"]
                }
                "created_at" | "last_activity_at" | "renewal" => {
                    &["2024-01-15", "2024-01-15T10:00:00+02:00"]
                }
                "blocked" | "vip" => &["true", "FALSE"],
                "seats" | "x~;DROP TABLE contacts" => &["3.5", "-1", "7"],
                _ => &[],
            };
            let item = if typed.is_empty() {
                prop_oneof![
                    MARKED.prop_map(Value::from),
                    select(TOKENS).prop_map(Value::from)
                ]
                .boxed()
            } else {
                select(typed).prop_map(Value::from).boxed()
            };
            let values = prop::collection::vec(item, 1..4).prop_map(Value::Array);
            (Just(Value::from(key)), Just(Value::from(op)), values)
        })
    }

    /// A plausible condition, each field now and then replaced by random JSON
    /// or dropped.
    fn arb_condition() -> impl Strategy<Value = Value> {
        let random = (
            prop_oneof![12 => select(KEYS).prop_map(Value::from), 1 => arb_json()],
            prop_oneof![12 => select(OPERATORS).prop_map(Value::from), 1 => arb_json()],
            prop_oneof![
                8 => plausible_values(),
                2 => value_string().prop_map(Value::from),
                1 => arb_json(),
            ],
        );
        (
            prop_oneof![3 => valid_triple(), 1 => random],
            prop_oneof![
                16 => select(&["AND", "or", ""][..]).prop_map(Value::from),
                4 => Just(Value::Null),
                1 => select(&["XOR", "AND "][..]).prop_map(Value::from),
                1 => arb_json(),
            ],
            prop_oneof![
                12 => Just(None),
                2 => select(&["", "contact_attribute", "conversation_attribute"][..])
                    .prop_map(|s| Some(Value::from(s))),
                1 => arb_json().prop_map(Some),
            ],
            prop_oneof![12 => Just(None), 1 => select(FIELDS).prop_map(Some)],
        )
            .prop_map(|((key, op, values), query, custom_type, drop)| {
                let mut obj = Map::new();
                obj.insert("attribute_key".into(), key);
                obj.insert("filter_operator".into(), op);
                obj.insert("values".into(), values);
                obj.insert("query_operator".into(), query);
                if let Some(t) = custom_type {
                    obj.insert("custom_attribute_type".into(), t);
                }
                if let Some(field) = drop {
                    obj.remove(field);
                }
                Value::Object(obj)
            })
    }

    fn arb_body() -> impl Strategy<Value = Value> {
        prop_oneof![
            1 => arb_json(),
            1 => arb_json().prop_map(|p| json!({ "payload": p })),
            8 => prop::collection::vec(arb_condition(), 0..5).prop_map(|c| json!({ "payload": c })),
        ]
    }

    fn arb_today() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            4 => Just(today()),
            1 => Just(NaiveDate::MIN),
            1 => Just(NaiveDate::MAX),
            1 => any::<i32>().prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MAX)),
        ]
    }

    /// Strings that must never reach the SQL: everything under `values`, and
    /// every marked string anywhere in the body.
    fn forbidden(body: &Value, under_values: bool, out: &mut Vec<String>) {
        match body {
            Value::String(s) if under_values || s.contains('~') => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| forbidden(v, under_values, out)),
            Value::Object(obj) => {
                for (k, v) in obj {
                    if k.contains('~') {
                        out.push(k.clone());
                    }
                    forbidden(v, under_values || k == "values", out);
                }
            }
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn random_payloads_never_panic_nor_leak_values(body in arb_body(), today in arb_today()) {
            let defs = prop_defs();
            if let Ok(filter) = parse(&body, &defs) {
                let frag = compile(&filter, today);
                prop_assert_eq!(placeholders(&frag.sql), frag.params.len(), "{}", frag.sql);
                prop_assert!(!frag.sql.contains('~'), "{}", frag.sql);
                let mut strings = Vec::new();
                forbidden(&body, false, &mut strings);
                for s in strings.iter().filter(|s| s.trim().chars().count() >= 2) {
                    prop_assert!(!frag.sql.contains(s.as_str()), "{:?} in {}", s, frag.sql);
                }
            }
        }
    }

    #[test]
    fn display_type_parse() {
        assert_eq!(DisplayType::parse("currency"), Some(DisplayType::Currency));
        assert_eq!(DisplayType::parse("Checkbox"), Some(DisplayType::Checkbox));
        assert_eq!(DisplayType::parse("money"), None);
        for t in DisplayType::ALL {
            assert_eq!(DisplayType::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn marked_custom_keys_parse_and_stay_out_of_sql() {
        let body = json!({"payload": [
            {"attribute_key": "~k'ey?", "filter_operator": "equal_to", "values": ["'; DROP TABLE contacts; --"]}
        ]});
        let frag = compile(&parse(&body, &prop_defs()).expect("defined key"), today());
        assert!(!frag.sql.contains("DROP"));
        assert_eq!(placeholders(&frag.sql), 2);
    }
}
