//! Request body (JSON) -> validated [`Filter`], with Chatwoot's 422 messages.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use super::ast::{
    AdditionalAttr, BoolOp, Condition, CustomOp, CustomValue, DateColumn, DateOp, Filter,
    FilterCondition, Join, LabelOp, Operator, StandardKey, TextColumn, TextOp,
};
use super::{
    CustomAttributeDefs, DEFAULT_ATTRIBUTE_MODEL, DisplayType, FilterError, MAX_CONDITIONS,
    MAX_VALUES, ValueKind,
};

/// Parses and validates the whole filter request body (`{"payload": [...]}`).
pub fn parse(payload: &Value, defs: &CustomAttributeDefs) -> Result<Filter, FilterError> {
    let items = payload_items(payload)?;
    if items.len() > MAX_CONDITIONS {
        return Err(FilterError(format!(
            "Too many filter conditions (maximum is {MAX_CONDITIONS})"
        )));
    }
    let objects = items
        .iter()
        .map(|item| {
            item.as_object().ok_or_else(|| {
                FilterError("Invalid payload. Each filter condition must be an object".to_string())
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Chatwoot validates every query_operator before looking at any condition.
    let joins = objects
        .iter()
        .map(|obj| query_operator(obj))
        .collect::<Result<Vec<_>, _>>()?;

    let count = objects.len();
    let mut conditions = Vec::with_capacity(count);
    for (i, (obj, join)) in objects.into_iter().zip(joins).enumerate() {
        let condition = parse_condition(obj, defs)?;
        let join = if i + 1 == count {
            None
        } else {
            Some(join.unwrap_or(Join::And))
        };
        conditions.push(FilterCondition { condition, join });
    }
    Ok(Filter { conditions })
}

fn payload_items(body: &Value) -> Result<&Vec<Value>, FilterError> {
    let missing = || FilterError::missing("payload");
    let payload = body.as_object().and_then(|o| o.get("payload"));
    match payload {
        None | Some(Value::Null) => Err(missing()),
        Some(Value::Array(items)) if items.is_empty() => Err(missing()),
        Some(Value::Array(items)) => Ok(items),
        Some(Value::String(s)) if s.trim().is_empty() => Err(missing()),
        Some(Value::Object(o)) if o.is_empty() => Err(missing()),
        Some(_) => Err(FilterError(
            "Invalid payload. The payload must be an array of filter conditions".to_string(),
        )),
    }
}

fn query_operator(obj: &Map<String, Value>) -> Result<Option<Join>, FilterError> {
    match obj.get("query_operator") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("and") => Ok(Some(Join::And)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("or") => Ok(Some(Join::Or)),
        Some(_) => Err(FilterError::invalid_query_operator()),
    }
}

/// What an attribute key resolved to.
enum Target {
    Standard(StandardKey),
    Custom(DisplayType),
}

fn resolve_key(
    key: &str,
    obj: &Map<String, Value>,
    defs: &CustomAttributeDefs,
) -> Result<Target, FilterError> {
    if let Some(k) = StandardKey::parse(key) {
        return Ok(Target::Standard(k));
    }
    // Keys that cannot be addressed by a quoted SQLite JSON path label are refused.
    if key.contains(['"', '\\']) {
        return Err(FilterError::invalid_attribute(key));
    }
    let model = match obj.get("custom_attribute_type") {
        None | Some(Value::Null) => Some(DEFAULT_ATTRIBUTE_MODEL),
        Some(Value::String(s)) if s.is_empty() => Some(DEFAULT_ATTRIBUTE_MODEL),
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => None,
    };
    model
        .and_then(|m| defs.get(m, key))
        .map(Target::Custom)
        .ok_or_else(|| FilterError::invalid_attribute(key))
}

fn parse_condition(
    obj: &Map<String, Value>,
    defs: &CustomAttributeDefs,
) -> Result<Condition, FilterError> {
    let key = match obj.get("attribute_key") {
        None | Some(Value::Null) => return Err(FilterError::missing("attribute_key")),
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(FilterError::invalid_attribute(&other.to_string())),
    };
    let target = resolve_key(key, obj, defs)?;
    let op_name = match obj.get("filter_operator") {
        None | Some(Value::Null) => return Err(FilterError::missing("filter_operator")),
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => None,
    };
    match target {
        Target::Standard(k) => {
            let op = op_name
                .and_then(Operator::parse)
                .filter(|op| k.allowed_operators().contains(op))
                .ok_or_else(|| FilterError::invalid_operator(k))?;
            standard_condition(k, op, obj)
        }
        Target::Custom(display) => {
            let Some(name) = op_name else {
                return Err(FilterError(format!(
                    "Invalid operator. The filter_operator for {key} must be a string"
                )));
            };
            // Chatwoot validates no operator here: unknown ones mean equality.
            let op = Operator::parse(name).unwrap_or(Operator::EqualTo);
            custom_condition(key, display, op, obj)
        }
    }
}

/// Non-blank values of a condition: `first` is `values[0]`.
struct Values {
    first: String,
    all: Vec<String>,
}

fn read_values(obj: &Map<String, Value>, key: &str, op: Operator) -> Result<Values, FilterError> {
    let invalid = || FilterError::invalid_value(key);
    let all: Vec<String> = match obj.get("values") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            if items.len() > MAX_VALUES {
                return Err(FilterError(format!(
                    "Too many values for {key} (maximum is {MAX_VALUES})"
                )));
            }
            items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    Value::Bool(b) => Ok(b.to_string()),
                    Value::Null => Ok(String::new()),
                    Value::Array(_) | Value::Object(_) => Err(invalid()),
                })
                .collect::<Result<_, _>>()?
        }
        Some(Value::String(s)) if matches!(op, Operator::Contains | Operator::DoesNotContain) => {
            vec![s.clone()]
        }
        Some(_) => return Err(invalid()),
    };
    if all.iter().all(|v| v.trim().is_empty()) {
        return Err(invalid());
    }
    let first = all.first().cloned().ok_or_else(invalid)?;
    Ok(Values { first, all })
}

fn standard_condition(
    k: StandardKey,
    op: Operator,
    obj: &Map<String, Value>,
) -> Result<Condition, FilterError> {
    let key = k.as_str();
    let text_column = match k {
        StandardKey::Name => Some(TextColumn::Name),
        StandardKey::PhoneNumber => Some(TextColumn::PhoneNumber),
        StandardKey::Email => Some(TextColumn::Email),
        StandardKey::Identifier => Some(TextColumn::Identifier),
        _ => None,
    };
    let additional = match k {
        StandardKey::CountryCode => Some(AdditionalAttr::CountryCode),
        StandardKey::City => Some(AdditionalAttr::City),
        StandardKey::Company => Some(AdditionalAttr::Company),
        _ => None,
    };
    if let Some(column) = text_column {
        let op = text_op(op, read_values(obj, key, op)?)
            .ok_or_else(|| FilterError::invalid_operator(k))?;
        return Ok(Condition::Text { column, op });
    }
    if let Some(attr) = additional {
        let op = text_op(op, read_values(obj, key, op)?)
            .ok_or_else(|| FilterError::invalid_operator(k))?;
        return Ok(Condition::Additional { attr, op });
    }
    match k {
        StandardKey::Labels => {
            let op = match op {
                Operator::IsPresent => LabelOp::IsPresent,
                Operator::IsNotPresent => LabelOp::IsNotPresent,
                Operator::EqualTo => LabelOp::EqualTo(read_values(obj, key, op)?.first),
                Operator::NotEqualTo => LabelOp::NotEqualTo(read_values(obj, key, op)?.first),
                _ => return Err(FilterError::invalid_operator(k)),
            };
            Ok(Condition::Labels(op))
        }
        StandardKey::CreatedAt | StandardKey::LastActivityAt => {
            let column = if k == StandardKey::CreatedAt {
                DateColumn::CreatedAt
            } else {
                DateColumn::LastActivityAt
            };
            let first = read_values(obj, key, op)?.first;
            let invalid = || FilterError::invalid_value(key);
            let op = match op {
                Operator::IsGreaterThan => {
                    DateOp::IsGreaterThan(parse_date(&first).ok_or_else(invalid)?)
                }
                Operator::IsLessThan => DateOp::IsLessThan(parse_date(&first).ok_or_else(invalid)?),
                Operator::DaysBefore => DateOp::DaysBefore(parse_days(&first).ok_or_else(invalid)?),
                _ => return Err(FilterError::invalid_operator(k)),
            };
            Ok(Condition::Date { column, op })
        }
        StandardKey::Blocked => {
            let first = read_values(obj, key, op)?.first;
            let value = parse_bool(&first).ok_or_else(|| FilterError::invalid_value(key))?;
            let op = match op {
                Operator::EqualTo => BoolOp::EqualTo(value),
                Operator::NotEqualTo => BoolOp::NotEqualTo(value),
                _ => return Err(FilterError::invalid_operator(k)),
            };
            Ok(Condition::Blocked(op))
        }
        _ => Err(FilterError::invalid_operator(k)),
    }
}

fn text_op(op: Operator, values: Values) -> Option<TextOp> {
    match op {
        Operator::EqualTo => Some(TextOp::EqualTo(values.first)),
        Operator::NotEqualTo => Some(TextOp::NotEqualTo(values.first)),
        Operator::Contains => Some(TextOp::Contains(values.all)),
        Operator::DoesNotContain => Some(TextOp::DoesNotContain(values.all)),
        Operator::StartsWith => Some(TextOp::StartsWith(values.first)),
        _ => None,
    }
}

fn custom_condition(
    key: &str,
    display: DisplayType,
    op: Operator,
    obj: &Map<String, Value>,
) -> Result<Condition, FilterError> {
    let kind = display.value_kind();
    let invalid = || FilterError::invalid_value(key);
    let typed = |s: &str| -> Result<CustomValue, FilterError> {
        match kind {
            ValueKind::Text => Ok(CustomValue::Text(s.to_string())),
            ValueKind::Number => parse_number(s).map(CustomValue::Number).ok_or_else(invalid),
            ValueKind::Date => parse_date(s).map(CustomValue::Date).ok_or_else(invalid),
            ValueKind::Bool => parse_bool(s).map(CustomValue::Bool).ok_or_else(invalid),
        }
    };
    let op = match op {
        Operator::IsPresent => CustomOp::IsPresent,
        Operator::IsNotPresent => CustomOp::IsNotPresent,
        _ => {
            let values = read_values(obj, key, op)?;
            match op {
                Operator::NotEqualTo => CustomOp::NotEqualTo(typed(&values.first)?),
                Operator::IsGreaterThan => CustomOp::IsGreaterThan(typed(&values.first)?),
                Operator::IsLessThan => CustomOp::IsLessThan(typed(&values.first)?),
                Operator::Contains => CustomOp::Contains(values.all),
                Operator::DoesNotContain => CustomOp::DoesNotContain(values.all),
                Operator::StartsWith => CustomOp::StartsWith(values.first),
                Operator::DaysBefore => match kind {
                    ValueKind::Text | ValueKind::Date => {
                        CustomOp::DaysBefore(parse_days(&values.first).ok_or_else(invalid)?)
                    }
                    ValueKind::Number | ValueKind::Bool => return Err(invalid()),
                },
                Operator::EqualTo | Operator::IsPresent | Operator::IsNotPresent => {
                    CustomOp::EqualTo(typed(&values.first)?)
                }
            }
        }
    };
    Ok(Condition::Custom {
        key: key.to_string(),
        display,
        op,
    })
}

/// `YYYY-MM-DD`, or an RFC 3339 timestamp (its UTC date).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let plain = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if plain {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|dt| dt.with_timezone(&Utc).date_naive())
}

/// A non-negative integer made of ASCII digits only.
pub fn parse_days(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A finite decimal number (`12`, `-3.5`, `1e3`).
pub fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `true` / `false`, ASCII case-insensitive.
pub fn parse_bool(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::defs;
    use super::super::{MAX_CONDITIONS, MAX_VALUES};
    use super::parse;
    use serde_json::{Value, json};

    const KEYS: &str = "[name,phone_number,email,identifier,country_code,city,company,labels,created_at,last_activity_at,blocked]";

    fn one(key: &str, op: &str, values: Value) -> Value {
        json!({ "payload": [ { "attribute_key": key, "filter_operator": op, "values": values } ] })
    }

    fn attr(key: &str) -> String {
        format!(
            "Invalid attribute key - [{key}]. The key should be one of {KEYS} or a custom attribute defined in the account."
        )
    }

    fn op(key: &str, ops: &str) -> String {
        format!("Invalid operator. The allowed operators for {key} are [{ops}].")
    }

    fn val(key: &str) -> String {
        format!("Invalid value. The values provided for {key} are invalid")
    }

    const QUERY_OP: &str = "Query operator must be either \"AND\" or \"OR\".";
    const MISSING: &str = "param is missing or the value is empty: payload";
    const NOT_ARRAY: &str = "Invalid payload. The payload must be an array of filter conditions";

    /// (request body, exact error message)
    fn table() -> Vec<(Value, String)> {
        let s = |x: &str| x.to_string();
        let good = json!({"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "AND"});
        vec![
            // ---- payload shape
            (json!({}), s(MISSING)),
            (json!([]), s(MISSING)),
            (json!("payload"), s(MISSING)),
            (json!({"payload": null}), s(MISSING)),
            (json!({"payload": []}), s(MISSING)),
            (json!({"payload": ""}), s(MISSING)),
            (json!({"payload": {}}), s(MISSING)),
            (json!({"payload": "name"}), s(NOT_ARRAY)),
            (json!({"payload": 5}), s(NOT_ARRAY)),
            (json!({"payload": {"attribute_key": "name"}}), s(NOT_ARRAY)),
            (
                json!({"payload": [good.clone(), 1]}),
                s("Invalid payload. Each filter condition must be an object"),
            ),
            (
                json!({"payload": vec![good.clone(); MAX_CONDITIONS + 1]}),
                s("Too many filter conditions (maximum is 50)"),
            ),
            // ---- query operator (checked for every condition first, the last one included)
            (
                json!({"payload": [{"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "XOR"}]}),
                s(QUERY_OP),
            ),
            (
                json!({"payload": [{"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": 1}]}),
                s(QUERY_OP),
            ),
            (
                json!({"payload": [{"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "AND "}]}),
                s(QUERY_OP),
            ),
            (
                json!({"payload": [
                    {"attribute_key": "foo", "filter_operator": "equal_to", "values": ["a"], "query_operator": "and"},
                    {"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "NOPE"}
                ]}),
                s(QUERY_OP),
            ),
            // ---- attribute key
            (
                json!({"payload": [{"filter_operator": "equal_to", "values": ["a"]}]}),
                s("param is missing or the value is empty: attribute_key"),
            ),
            (one("foo", "equal_to", json!(["a"])), attr("foo")),
            (one("", "equal_to", json!(["a"])), attr("")),
            (one("Name", "equal_to", json!(["a"])), attr("Name")),
            (
                json!({"payload": [{"attribute_key": 5, "filter_operator": "equal_to", "values": ["a"]}]}),
                attr("5"),
            ),
            (
                json!({"payload": [{"attribute_key": "plan", "filter_operator": "equal_to", "values": ["a"], "custom_attribute_type": "conversation_attribute"}]}),
                attr("plan"),
            ),
            (
                json!({"payload": [{"attribute_key": "plan", "filter_operator": "equal_to", "values": ["a"], "custom_attribute_type": 3}]}),
                attr("plan"),
            ),
            (one("bad\"key", "equal_to", json!(["a"])), attr("bad\"key")),
            (one("bad\\key", "equal_to", json!(["a"])), attr("bad\\key")),
            (one("foo", "nope", json!([])), attr("foo")),
            // ---- operator
            (
                json!({"payload": [{"attribute_key": "name", "values": ["a"]}]}),
                s("param is missing or the value is empty: filter_operator"),
            ),
            (
                one("name", "starts_with", json!(["a"])),
                op("name", "equal_to,not_equal_to,contains,does_not_contain"),
            ),
            (
                one("name", "EQUAL_TO", json!(["a"])),
                op("name", "equal_to,not_equal_to,contains,does_not_contain"),
            ),
            (
                one("email", "is_present", json!([])),
                op("email", "equal_to,not_equal_to,contains,does_not_contain"),
            ),
            (
                one("phone_number", "is_present", json!(["a"])),
                op(
                    "phone_number",
                    "equal_to,not_equal_to,contains,does_not_contain,starts_with",
                ),
            ),
            (
                one("identifier", "contains", json!(["a"])),
                op("identifier", "equal_to,not_equal_to"),
            ),
            (
                one("country_code", "contains", json!(["a"])),
                op("country_code", "equal_to,not_equal_to"),
            ),
            (
                one("city", "starts_with", json!(["a"])),
                op("city", "equal_to,not_equal_to,contains,does_not_contain"),
            ),
            (
                one("company", "is_present", json!(["a"])),
                op("company", "equal_to,not_equal_to,contains,does_not_contain"),
            ),
            (
                one("labels", "contains", json!(["a"])),
                op("labels", "equal_to,not_equal_to,is_present,is_not_present"),
            ),
            (
                one("created_at", "equal_to", json!(["2024-01-01"])),
                op("created_at", "is_greater_than,is_less_than,days_before"),
            ),
            (
                one("last_activity_at", "is_present", json!([])),
                op(
                    "last_activity_at",
                    "is_greater_than,is_less_than,days_before",
                ),
            ),
            (
                one("blocked", "contains", json!(["true"])),
                op("blocked", "equal_to,not_equal_to"),
            ),
            (
                json!({"payload": [{"attribute_key": "blocked", "filter_operator": 5, "values": ["true"]}]}),
                op("blocked", "equal_to,not_equal_to"),
            ),
            (
                json!({"payload": [{"attribute_key": "plan", "filter_operator": ["equal_to"], "values": ["a"]}]}),
                s("Invalid operator. The filter_operator for plan must be a string"),
            ),
            // operator is checked before blank values
            (
                one("country_code", "contains", json!([])),
                op("country_code", "equal_to,not_equal_to"),
            ),
            // ---- blank or malformed values
            (
                json!({"payload": [{"attribute_key": "country_code", "filter_operator": "equal_to"}]}),
                val("country_code"),
            ),
            (
                one("country_code", "equal_to", json!(null)),
                val("country_code"),
            ),
            (
                one("country_code", "equal_to", json!([])),
                val("country_code"),
            ),
            (
                one("country_code", "equal_to", json!([""])),
                val("country_code"),
            ),
            (
                one("country_code", "equal_to", json!(["  ", null])),
                val("country_code"),
            ),
            (one("name", "contains", json!("   ")), val("name")),
            (one("labels", "equal_to", json!([])), val("labels")),
            (one("plan", "equal_to", json!([])), val("plan")),
            (one("plan", "unknown_op", json!([])), val("plan")),
            (
                one("country_code", "equal_to", json!("DE")),
                val("country_code"),
            ),
            (one("plan", "equal_to", json!("pro")), val("plan")),
            (one("name", "contains", json!(5)), val("name")),
            (one("name", "equal_to", json!({"a": 1})), val("name")),
            (one("name", "equal_to", json!([{"a": 1}])), val("name")),
            (one("name", "contains", json!([["a"]])), val("name")),
            (
                one("name", "contains", json!(vec!["a"; MAX_VALUES + 1])),
                s("Too many values for name (maximum is 100)"),
            ),
            // ---- typed values
            (
                one("created_at", "is_greater_than", json!(["yesterday"])),
                val("created_at"),
            ),
            (
                one("created_at", "is_greater_than", json!(["2024-13-01"])),
                val("created_at"),
            ),
            (
                one("created_at", "is_less_than", json!(["2024-1-5"])),
                val("created_at"),
            ),
            (
                one("created_at", "is_less_than", json!(["2024-01-15T10:00:00"])),
                val("created_at"),
            ),
            (
                one("last_activity_at", "is_less_than", json!(["2024-02-30"])),
                val("last_activity_at"),
            ),
            (
                one("last_activity_at", "is_less_than", json!([20240101])),
                val("last_activity_at"),
            ),
            (
                one("created_at", "days_before", json!(["-1"])),
                val("created_at"),
            ),
            (
                one("created_at", "days_before", json!(["1.5"])),
                val("created_at"),
            ),
            (
                one("created_at", "days_before", json!([1.5])),
                val("created_at"),
            ),
            (
                one("created_at", "days_before", json!(["abc"])),
                val("created_at"),
            ),
            (
                one("created_at", "days_before", json!(["99999999999999999999"])),
                val("created_at"),
            ),
            (one("blocked", "equal_to", json!(["yes"])), val("blocked")),
            (one("blocked", "not_equal_to", json!([1])), val("blocked")),
            (one("seats", "equal_to", json!(["abc"])), val("seats")),
            (
                one("seats", "is_greater_than", json!(["NaN"])),
                val("seats"),
            ),
            (one("mrr", "equal_to", json!(["inf"])), val("mrr")),
            (
                one("discount", "not_equal_to", json!(["10%"])),
                val("discount"),
            ),
            (one("seats", "days_before", json!(["7"])), val("seats")),
            (
                one("renewal", "equal_to", json!(["2024-02-30"])),
                val("renewal"),
            ),
            (
                one("renewal", "days_before", json!(["soon"])),
                val("renewal"),
            ),
            (one("plan", "days_before", json!(["-3"])), val("plan")),
            (one("vip", "equal_to", json!(["1"])), val("vip")),
            (one("vip", "days_before", json!(["1"])), val("vip")),
        ]
    }

    #[test]
    fn table_of_bad_payloads_gives_exact_messages() {
        let defs = defs();
        for (body, message) in table() {
            match parse(&body, &defs) {
                Ok(f) => panic!("{body} parsed as {f:?}, expected {message}"),
                Err(e) => assert_eq!(e.0, message, "for {body}"),
            }
        }
    }

    #[test]
    fn exactly_max_conditions_is_accepted() {
        let cond = json!({"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "OR"});
        let body = json!({ "payload": vec![cond; MAX_CONDITIONS] });
        let filter = parse(&body, &defs()).expect("50 conditions are fine");
        assert_eq!(filter.conditions.len(), MAX_CONDITIONS);
        assert_eq!(filter.conditions.last().and_then(|c| c.join), None);
    }

    #[test]
    fn date_number_and_bool_forms() {
        use super::{parse_bool, parse_date, parse_days, parse_number};
        assert!(parse_date("2024-01-15").is_some());
        assert!(parse_date("2024-01-15T00:00:00.123+05:30").is_some());
        assert!(parse_date("+2024-01-15").is_none());
        assert_eq!(parse_days(" 12 "), Some(12));
        assert_eq!(parse_days("+1"), None);
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("infinity"), None);
        assert_eq!(parse_bool(" TRUE "), Some(true));
        assert_eq!(parse_bool("t"), None);
    }
}
