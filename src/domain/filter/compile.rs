//! [`Filter`] -> SQLite boolean expression over `contacts c` with `?` params.
//!
//! Every piece of SQL text comes from this file; user values only ever go to
//! [`SqlFragment::params`].

use chrono::{Days, NaiveDate, NaiveTime};

use super::SqlValue;
use super::ValueKind;
use super::ast::{
    AdditionalAttr, BoolOp, Condition, CustomOp, CustomValue, DateColumn, DateOp, Filter, Join,
    LabelOp, TextColumn, TextOp,
};

/// A boolean SQL expression (no leading WHERE/AND) and its bound parameters,
/// in placeholder order.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlFragment {
    pub sql: String,
    pub params: Vec<SqlValue>,
}

/// Compiles a filter. `today` is the current UTC date (injected so tests are
/// deterministic). An empty filter compiles to `1` (true).
pub fn compile(filter: &Filter, today: NaiveDate) -> SqlFragment {
    compile_as(filter, today, Lookup::MatchList)
}

/// How label and custom-attribute conditions find their contacts. Both forms select the same rows
/// (same parameters, in the same order); they differ in what SQLite does for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `c.id IN (SELECT contact_id ...)`: the match list is built once from its index. Cheap when
    /// the value is rare, and what a count wants.
    MatchList,
    /// `EXISTS (SELECT 1 ... WHERE contact_id = c.id ...)`: each contact walked in page order is
    /// probed by primary key. Cheap for one page when the value is common: a page of a filter
    /// matching a quarter of a million contacts probes ~60 rows instead of listing 250,000.
    ProbePerRow,
}

/// [`compile`], choosing how label and custom-attribute conditions are looked up.
pub fn compile_as(filter: &Filter, today: NaiveDate, lookup: Lookup) -> SqlFragment {
    let mut b = Builder {
        sql: String::new(),
        params: Vec::new(),
        today,
        lookup,
    };
    let count = filter.conditions.len();
    if count == 0 {
        b.lit("1");
    }
    for (i, fc) in filter.conditions.iter().enumerate() {
        b.lit("(");
        b.condition(&fc.condition);
        b.lit(")");
        if i + 1 < count {
            b.lit(match fc.join {
                Some(Join::Or) => " OR ",
                Some(Join::And) | None => " AND ",
            });
        }
    }
    SqlFragment {
        sql: b.sql,
        params: b.params,
    }
}

/// The `contact_attribute_values` column, comparison and bound value a custom condition is looked up
/// with, when it can use that table's indexes.
fn value_lookup(op: &CustomOp) -> Option<(&'static str, &'static str, SqlValue)> {
    let (cmp, v) = match op {
        CustomOp::EqualTo(v) => (" = ", v),
        CustomOp::IsGreaterThan(v @ CustomValue::Number(_)) => (" > ", v),
        CustomOp::IsLessThan(v @ CustomValue::Number(_)) => (" < ", v),
        _ => return None,
    };
    match v {
        CustomValue::Text(s) => Some(("value_text", cmp, SqlValue::Text(lower(s)))),
        CustomValue::Number(f) => Some(("value_num", cmp, SqlValue::Real(*f))),
        CustomValue::Date(_) | CustomValue::Bool(_) => None,
    }
}

/// A table that holds, per row, a contact's `account_id` and `resolved` flag beside what a filter
/// condition compares (migrations V10, V11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopedTable {
    AttributeValues,
    Labels,
}

/// For a filter that is one condition on custom-attribute values (indexed operators) or one
/// `labels equal_to`, that condition as a predicate over its table alone (`key = ? AND value_text = ?`,
/// `name = ?`). The table carries each contact's account and resolved flag, so the filter's count is one
/// index range there, without visiting a contact. At most one row per contact matches either predicate.
pub fn scoped_predicate(filter: &Filter) -> Option<(ScopedTable, SqlFragment)> {
    let [only] = filter.conditions.as_slice() else {
        return None;
    };
    match &only.condition {
        Condition::Custom { key, op, .. } => {
            let (column, cmp, param) = value_lookup(op)?;
            Some((
                ScopedTable::AttributeValues,
                SqlFragment {
                    sql: format!("key = ? AND {column}{cmp}?"),
                    params: vec![SqlValue::Text(key.to_string()), param],
                },
            ))
        }
        Condition::Labels(LabelOp::EqualTo(v)) => Some((
            ScopedTable::Labels,
            SqlFragment {
                sql: "name = ?".to_string(),
                params: vec![SqlValue::Text(lower(v))],
            },
        )),
        _ => None,
    }
}

/// A piece of SQL with the params its placeholders need.
struct Expr {
    sql: String,
    params: Vec<SqlValue>,
}

impl Expr {
    fn fixed(sql: &str) -> Self {
        Expr {
            sql: sql.to_string(),
            params: Vec::new(),
        }
    }

    fn wrap(&self, before: &str, after: &str) -> Self {
        Expr {
            sql: format!("{before}{}{after}", self.sql),
            params: self.params.clone(),
        }
    }
}

/// How a text column is read for each use.
struct TextExprs {
    /// Compared with `=` / `!=` against the lower-cased value.
    eq: Expr,
    /// Matched with `LIKE`.
    like: Expr,
    /// The raw value, for NULL tests.
    raw: Expr,
    /// phone_number: `+` prefix normalisation.
    phone: bool,
    /// The column of the trigram index `contacts_fts`, where there is one.
    fts_column: Option<&'static str>,
}

struct Builder {
    sql: String,
    params: Vec<SqlValue>,
    today: NaiveDate,
    lookup: Lookup,
}

impl Builder {
    fn lit(&mut self, s: &str) {
        self.sql.push_str(s);
    }

    fn param(&mut self, v: SqlValue) {
        self.sql.push('?');
        self.params.push(v);
    }

    fn expr(&mut self, e: &Expr) {
        self.sql.push_str(&e.sql);
        self.params.extend(e.params.iter().cloned());
    }

    fn condition(&mut self, c: &Condition) {
        match c {
            Condition::Text { column, op } => {
                let col = match column {
                    TextColumn::Name => "c.name",
                    TextColumn::Email => "c.email",
                    TextColumn::PhoneNumber => "c.phone_number",
                    TextColumn::Identifier => "c.identifier",
                };
                let lower = Expr::fixed(&format!("lower({col})"));
                // email is stored lower-case and phone numbers have no letters:
                // compare the column itself so an index can be used.
                let eq = match column {
                    TextColumn::Email | TextColumn::PhoneNumber => Expr::fixed(col),
                    TextColumn::Name | TextColumn::Identifier => Expr::fixed(&lower.sql),
                };
                let exprs = TextExprs {
                    eq,
                    like: lower,
                    raw: Expr::fixed(col),
                    phone: *column == TextColumn::PhoneNumber,
                    fts_column: match column {
                        TextColumn::Name => Some("name"),
                        TextColumn::Email => Some("email"),
                        TextColumn::PhoneNumber => Some("phone_number"),
                        TextColumn::Identifier => None,
                    },
                };
                self.text(&exprs, op);
            }
            Condition::Additional { attr, op } => {
                let raw = Expr::fixed(match attr {
                    AdditionalAttr::CountryCode => {
                        "json_extract(c.additional_attributes, '$.country_code')"
                    }
                    AdditionalAttr::City => "json_extract(c.additional_attributes, '$.city')",
                    AdditionalAttr::Company => "json_extract(c.additional_attributes, '$.company')",
                });
                let exprs = TextExprs {
                    eq: raw.wrap("lower(", ")"),
                    like: raw.wrap("lower(", ")"),
                    raw,
                    phone: false,
                    fts_column: None,
                };
                self.text(&exprs, op);
            }
            Condition::Labels(op) => {
                const ANY: &str =
                    "EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id)";
                match op {
                    // Uncorrelated, so SQLite walks the label-name index once instead of
                    // probing every contact.
                    LabelOp::EqualTo(v) | LabelOp::NotEqualTo(v) => {
                        let negated = matches!(op, LabelOp::NotEqualTo(_));
                        match (self.lookup, negated) {
                            (Lookup::MatchList, false) => self.lit("c.id IN "),
                            (Lookup::MatchList, true) => self.lit("c.id NOT IN "),
                            (Lookup::ProbePerRow, false) => self.lit("EXISTS "),
                            (Lookup::ProbePerRow, true) => self.lit("NOT EXISTS "),
                        }
                        match self.lookup {
                            Lookup::MatchList => self.lit(
                                "(SELECT cl.contact_id FROM contact_labels cl WHERE cl.name = ",
                            ),
                            Lookup::ProbePerRow => self.lit(
                                "(SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id AND cl.name = ",
                            ),
                        }
                        self.param(SqlValue::Text(lower(v)));
                        self.lit(")");
                    }
                    LabelOp::IsPresent => self.lit(ANY),
                    LabelOp::IsNotPresent => {
                        self.lit("NOT ");
                        self.lit(ANY);
                    }
                }
            }
            Condition::Date { column, op } => {
                self.lit(match column {
                    DateColumn::CreatedAt => "c.created_at",
                    DateColumn::LastActivityAt => "c.last_activity_at",
                });
                let (cmp, bound) = match op {
                    // `col::date > D`  <=>  col >= start of D+1
                    DateOp::IsGreaterThan(d) => {
                        (" >= ", d.succ_opt().map(day_start).unwrap_or(i64::MAX))
                    }
                    DateOp::IsLessThan(d) => (" < ", day_start(*d)),
                    DateOp::DaysBefore(n) => (" < ", day_start(self.days_before(*n))),
                };
                self.lit(cmp);
                self.param(SqlValue::Int(bound));
            }
            Condition::Blocked(op) => {
                let (cmp, v) = match op {
                    BoolOp::EqualTo(v) => (" = ", v),
                    BoolOp::NotEqualTo(v) => (" != ", v),
                };
                self.lit("c.blocked");
                self.lit(cmp);
                self.param(SqlValue::Int(i64::from(*v)));
            }
            Condition::Custom { key, display, op } => {
                if self.indexed_custom(key, op) {
                    return;
                }
                let x = Expr {
                    sql: "json_extract(c.custom_attributes, ?)".to_string(),
                    params: vec![SqlValue::Text(json_path(key))],
                };
                self.custom(&x, display.value_kind(), op);
            }
        }
    }

    fn text(&mut self, e: &TextExprs, op: &TextOp) {
        match op {
            TextOp::EqualTo(v) | TextOp::NotEqualTo(v) => {
                self.expr(&e.eq);
                self.lit(if matches!(op, TextOp::EqualTo(_)) {
                    " = "
                } else {
                    " != "
                });
                let v = if e.phone { phone(v) } else { lower(v) };
                self.param(SqlValue::Text(v));
            }
            TextOp::Contains(values) => match e.fts_column {
                Some(column)
                    if values
                        .iter()
                        .all(|v| v.trim().chars().count() >= 3 && !v.contains('\0')) =>
                {
                    self.fts_then_like(column, &e.like, values)
                }
                _ => self.like_any(&e.like, values),
            },
            TextOp::DoesNotContain(values) => self.not_like_any(&e.raw, &e.like, values),
            TextOp::StartsWith(v) => {
                let v = if e.phone { phone(v) } else { lower(v) };
                self.starts_with(&e.like, v);
            }
        }
    }

    /// `c.id IN (trigram matches) AND (t LIKE ? OR ...)`. The trigram index (Unicode case folding)
    /// finds a superset of what the ASCII-case-insensitive LIKE accepts, so LIKE keeps the result
    /// exactly what a plain scan would give, while the index keeps it from being a scan.
    fn fts_then_like(&mut self, column: &str, target: &Expr, values: &[String]) {
        self.lit("c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?");
        let query = values
            .iter()
            .map(|v| format!("{column} : {}", fts_phrase(v.trim())))
            .collect::<Vec<_>>()
            .join(" OR ");
        self.params.push(SqlValue::Text(query));
        self.lit(") AND (");
        self.like_any(target, values);
        self.lit(")");
    }

    /// Custom text/number `equal_to`, `is_greater_than`, `is_less_than` through the
    /// `contact_attribute_values` index. Its columns are defined as exactly what the json_extract
    /// forms compare (`lower(value)`, `CAST(value AS REAL)`), so results are identical.
    fn indexed_custom(&mut self, key: &str, op: &CustomOp) -> bool {
        let Some((column, cmp, param)) = value_lookup(op) else {
            return false;
        };
        self.lit(match self.lookup {
            Lookup::MatchList => {
                "c.id IN (SELECT contact_id FROM contact_attribute_values WHERE key = "
            }
            Lookup::ProbePerRow => {
                "EXISTS (SELECT 1 FROM contact_attribute_values v WHERE v.contact_id = c.id AND v.key = "
            }
        });
        self.param(SqlValue::Text(key.to_string()));
        self.lit(" AND ");
        self.lit(column);
        self.lit(cmp);
        self.param(param);
        self.lit(")");
        true
    }

    fn like(&mut self, target: &Expr, pattern: String) {
        self.expr(target);
        self.lit(" LIKE ");
        self.param(SqlValue::Text(pattern));
        self.lit(" ESCAPE '\\'");
    }

    /// `instr(t, ?) <cmp>`: LIKE (and FTS5) read a NUL in the value as the end of the string, so
    /// `%\0%` would match everything; instr() compares the whole value.
    fn instr(&mut self, target: &Expr, v: String, cmp: &str) {
        self.lit("instr(");
        self.expr(target);
        self.lit(", ");
        self.param(SqlValue::Text(v));
        self.lit(") ");
        self.lit(cmp);
    }

    /// `t LIKE 'v%'` (`v` already lower-cased).
    fn starts_with(&mut self, target: &Expr, v: String) {
        if v.contains('\0') {
            self.instr(target, v, "= 1");
        } else {
            self.like(target, format!("{}%", escape_like(&v)));
        }
    }

    /// `t LIKE ? OR t LIKE ? ...` (the caller provides the parentheses).
    fn like_any(&mut self, target: &Expr, values: &[String]) {
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.lit(" OR ");
            }
            let v = lower(v.trim());
            if v.contains('\0') {
                self.instr(target, v, "> 0");
            } else {
                self.like(target, format!("%{}%", escape_like(&v)));
            }
        }
        if values.is_empty() {
            self.lit("0");
        }
    }

    /// Like Postgres `NOT ILIKE ALL`, NULL never matches.
    fn not_like_any(&mut self, raw: &Expr, target: &Expr, values: &[String]) {
        self.expr(raw);
        self.lit(" IS NOT NULL AND NOT (");
        self.like_any(target, values);
        self.lit(")");
    }

    fn custom(&mut self, x: &Expr, kind: ValueKind, op: &CustomOp) {
        match op {
            CustomOp::EqualTo(v) => self.typed_cmp(x, " = ", v),
            CustomOp::NotEqualTo(v) => {
                self.typed_cmp(x, " != ", v);
                self.lit(" OR ");
                self.expr(x);
                self.lit(" IS NULL");
            }
            CustomOp::IsGreaterThan(v) => self.typed_cmp(x, " > ", v),
            CustomOp::IsLessThan(v) => self.typed_cmp(x, " < ", v),
            CustomOp::Contains(values) => self.like_any(&x.wrap("lower(", ")"), values),
            CustomOp::DoesNotContain(values) => {
                self.not_like_any(x, &x.wrap("lower(", ")"), values)
            }
            CustomOp::StartsWith(v) => self.starts_with(&x.wrap("lower(", ")"), lower(v)),
            CustomOp::DaysBefore(n) => {
                let day = self.days_before(*n);
                // Chatwoot casts both sides to the attribute type: text
                // attributes compare as text.
                let target = match kind {
                    ValueKind::Text => x.wrap("lower(", ")"),
                    _ => x.wrap("date(", ")"),
                };
                self.expr(&target);
                self.lit(" < ");
                self.param(SqlValue::Text(ymd(day)));
            }
            CustomOp::IsPresent => {
                self.expr(x);
                self.lit(" IS NOT NULL");
            }
            CustomOp::IsNotPresent => {
                self.expr(x);
                self.lit(" IS NULL");
            }
        }
    }

    /// `typed(x) <cmp> ?` with the value's type deciding the cast.
    fn typed_cmp(&mut self, x: &Expr, cmp: &str, v: &CustomValue) {
        let (target, param) = match v {
            CustomValue::Text(s) => (x.wrap("lower(", ")"), SqlValue::Text(lower(s))),
            CustomValue::Number(f) => (x.wrap("CAST(", " AS REAL)"), SqlValue::Real(*f)),
            CustomValue::Date(d) => (x.wrap("date(", ")"), SqlValue::Text(ymd(*d))),
            CustomValue::Bool(b) => (
                x.wrap(BOOL_CAST_BEFORE, BOOL_CAST_AFTER),
                SqlValue::Int(i64::from(*b)),
            ),
        };
        self.expr(&target);
        self.lit(cmp);
        self.param(param);
    }

    fn days_before(&self, n: u64) -> NaiveDate {
        self.today
            .checked_sub_days(Days::new(n))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// Postgres' `::boolean` over a stored value, as Chatwoot compares checkbox attributes: JSON true/false
/// (1/0) and the strings Postgres accepts (table `boolean_spellings`, migration V13) become 1/0; anything
/// else is NULL and matches nothing (Chatwoot answers 500). CSV imports store `"true"` as a string, so
/// without this an imported checkbox never matched.
const BOOL_CAST_BEFORE: &str =
    "(SELECT bs.value FROM boolean_spellings bs WHERE bs.spelling = lower(trim(CAST(";
const BOOL_CAST_AFTER: &str = " AS TEXT))))";

/// Unix seconds of 00:00:00 UTC of the day.
fn day_start(d: NaiveDate) -> i64 {
    d.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// ASCII lower-casing, which is what SQLite's built-in `lower()` does.
fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// `+` followed by the lower-cased value without its leading `+` signs.
fn phone(s: &str) -> String {
    format!("+{}", lower(s).trim_start_matches('+'))
}

/// An FTS5 string literal: the whole value as one phrase, so no query syntax inside it is live.
fn fts_phrase(v: &str) -> String {
    format!("\"{}\"", v.replace('"', "\"\""))
}

/// Escapes `\`, `%` and `_` for `LIKE ... ESCAPE '\'` (literal match).
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `$."key"` with `"` and `\` escaped (the parser refuses such keys anyway).
fn json_path(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    out.push_str("$.\"");
    for ch in key.chars() {
        if matches!(ch, '"' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{defs, i, placeholders, r, t, today};
    use super::super::{SqlValue, parse};
    use super::{BOOL_CAST_AFTER, BOOL_CAST_BEFORE, compile};
    use serde_json::{Value, json};

    const LIKE: &str = "LIKE ? ESCAPE '\\'";
    const X: &str = "json_extract(c.custom_attributes, ?)";
    const CC: &str = "lower(json_extract(c.additional_attributes, '$.country_code'))";
    const CITY_RAW: &str = "json_extract(c.additional_attributes, '$.city')";
    const COMPANY_RAW: &str = "json_extract(c.additional_attributes, '$.company')";
    const LABEL: &str = "EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id)";
    const LABEL_IN: &str = "IN (SELECT cl.contact_id FROM contact_labels cl WHERE cl.name = ?)";
    const CAV: &str = "c.id IN (SELECT contact_id FROM contact_attribute_values WHERE key = ? AND ";
    const FTS: &str = "c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)";

    /// One condition without query_operator.
    fn one(key: &str, op: &str, values: Value) -> Value {
        json!({ "payload": [ { "attribute_key": key, "filter_operator": op, "values": values } ] })
    }

    fn path(key: &str) -> SqlValue {
        t(&format!("$.\"{key}\""))
    }

    /// (request body, expected sql, expected params)
    fn table() -> Vec<(Value, String, Vec<SqlValue>)> {
        let s = |x: &str| x.to_string();
        let f = |x: &str| {
            x.replace("{LIKE}", LIKE)
                .replace(
                    "{BOOL(X)}",
                    &format!("{BOOL_CAST_BEFORE}{X}{BOOL_CAST_AFTER}"),
                )
                .replace("{X}", X)
                .replace("{CAV}", CAV)
                .replace("{FTS}", FTS)
        };
        let mut rows: Vec<(Value, String, Vec<SqlValue>)> = vec![
            // ---- name
            (
                one("name", "equal_to", json!(["John", "x"])),
                s("(lower(c.name) = ?)"),
                vec![t("john")],
            ),
            (
                one("name", "not_equal_to", json!(["John"])),
                s("(lower(c.name) != ?)"),
                vec![t("john")],
            ),
            (
                one("name", "contains", json!(["Jo", " 50%_\\ "])),
                f("(lower(c.name) {LIKE} OR lower(c.name) {LIKE})"),
                vec![t("%jo%"), t("%50\\%\\_\\\\%")],
            ),
            (
                one("name", "contains", json!("Jo")),
                f("(lower(c.name) {LIKE})"),
                vec![t("%jo%")],
            ),
            (
                one("name", "does_not_contain", json!("Jo")),
                f("(c.name IS NOT NULL AND NOT (lower(c.name) {LIKE}))"),
                vec![t("%jo%")],
            ),
            // ---- phone_number
            (
                one("phone_number", "equal_to", json!(["+4915"])),
                s("(c.phone_number = ?)"),
                vec![t("+4915")],
            ),
            (
                one("phone_number", "equal_to", json!(["4915"])),
                s("(c.phone_number = ?)"),
                vec![t("+4915")],
            ),
            (
                one("phone_number", "not_equal_to", json!([4915])),
                s("(c.phone_number != ?)"),
                vec![t("+4915")],
            ),
            (
                one("phone_number", "contains", json!(["49", "15"])),
                f("(lower(c.phone_number) {LIKE} OR lower(c.phone_number) {LIKE})"),
                vec![t("%49%"), t("%15%")],
            ),
            (
                one("phone_number", "does_not_contain", json!(["49"])),
                f("(c.phone_number IS NOT NULL AND NOT (lower(c.phone_number) {LIKE}))"),
                vec![t("%49%")],
            ),
            (
                one("phone_number", "starts_with", json!(["+49"])),
                f("(lower(c.phone_number) {LIKE})"),
                vec![t("+49%")],
            ),
            (
                one("phone_number", "starts_with", json!(["49"])),
                f("(lower(c.phone_number) {LIKE})"),
                vec![t("+49%")],
            ),
            // ---- email
            (
                one("email", "equal_to", json!(["A@B.com"])),
                s("(c.email = ?)"),
                vec![t("a@b.com")],
            ),
            (
                one("email", "not_equal_to", json!(["A@B.com"])),
                s("(c.email != ?)"),
                vec![t("a@b.com")],
            ),
            (
                // under 3 characters: no trigram index can help
                one("email", "contains", json!(["@B"])),
                f("(lower(c.email) {LIKE})"),
                vec![t("%@b%")],
            ),
            (
                // 3+ characters: the trigram index narrows, LIKE decides.
                one("email", "contains", json!(["@Bx.", "o\"r"])),
                f("({FTS} AND (lower(c.email) {LIKE} OR lower(c.email) {LIKE}))"),
                vec![
                    t("email : \"@Bx.\" OR email : \"o\"\"r\""),
                    t("%@bx.%"),
                    t("%o\"r%"),
                ],
            ),
            (
                // NUL ends a string for LIKE and FTS5: instr() compares the whole value.
                one("email", "contains", json!(["ab\u{0}cd", "x"])),
                f("(instr(lower(c.email), ?) > 0 OR lower(c.email) {LIKE})"),
                vec![t("ab\u{0}cd"), t("%x%")],
            ),
            (
                one("name", "does_not_contain", json!(["\u{0}"])),
                s("(c.name IS NOT NULL AND NOT (instr(lower(c.name), ?) > 0))"),
                vec![t("\u{0}")],
            ),
            (
                one("phone_number", "starts_with", json!(["4\u{0}"])),
                s("(instr(lower(c.phone_number), ?) = 1)"),
                vec![t("+4\u{0}")],
            ),
            (
                one("plan", "starts_with", json!(["P\u{0}"])),
                f("(instr(lower({X}), ?) = 1)"),
                vec![path("plan"), t("p\u{0}")],
            ),
            (
                one("email", "does_not_contain", json!(["gmail", "yahoo"])),
                f("(c.email IS NOT NULL AND NOT (lower(c.email) {LIKE} OR lower(c.email) {LIKE}))"),
                vec![t("%gmail%"), t("%yahoo%")],
            ),
            // ---- identifier
            (
                one("identifier", "equal_to", json!(["ID-1"])),
                s("(lower(c.identifier) = ?)"),
                vec![t("id-1")],
            ),
            (
                one("identifier", "not_equal_to", json!(["ID-1"])),
                s("(lower(c.identifier) != ?)"),
                vec![t("id-1")],
            ),
            // ---- additional attributes
            (
                one("country_code", "equal_to", json!(["DE"])),
                format!("({CC} = ?)"),
                vec![t("de")],
            ),
            (
                one("country_code", "not_equal_to", json!(["DE"])),
                format!("({CC} != ?)"),
                vec![t("de")],
            ),
            (
                one("city", "equal_to", json!(["Berlin"])),
                format!("(lower({CITY_RAW}) = ?)"),
                vec![t("berlin")],
            ),
            (
                one("city", "not_equal_to", json!(["Berlin"])),
                format!("(lower({CITY_RAW}) != ?)"),
                vec![t("berlin")],
            ),
            (
                one("city", "contains", json!(["Ber"])),
                format!("(lower({CITY_RAW}) {LIKE})"),
                vec![t("%ber%")],
            ),
            (
                one("city", "does_not_contain", json!(["Ber"])),
                format!("({CITY_RAW} IS NOT NULL AND NOT (lower({CITY_RAW}) {LIKE}))"),
                vec![t("%ber%")],
            ),
            (
                one("company", "equal_to", json!(["ACME"])),
                format!("(lower({COMPANY_RAW}) = ?)"),
                vec![t("acme")],
            ),
            (
                one("company", "not_equal_to", json!(["ACME"])),
                format!("(lower({COMPANY_RAW}) != ?)"),
                vec![t("acme")],
            ),
            (
                one("company", "contains", json!(["AC"])),
                format!("(lower({COMPANY_RAW}) {LIKE})"),
                vec![t("%ac%")],
            ),
            (
                one("company", "does_not_contain", json!(["AC"])),
                format!("({COMPANY_RAW} IS NOT NULL AND NOT (lower({COMPANY_RAW}) {LIKE}))"),
                vec![t("%ac%")],
            ),
            // ---- labels
            (
                one("labels", "equal_to", json!(["VIP", "other"])),
                format!("(c.id {LABEL_IN})"),
                vec![t("vip")],
            ),
            (
                one("labels", "not_equal_to", json!(["VIP"])),
                format!("(c.id NOT {LABEL_IN})"),
                vec![t("vip")],
            ),
            (
                json!({"payload": [{"attribute_key": "labels", "filter_operator": "is_present"}]}),
                format!("({LABEL})"),
                vec![],
            ),
            (
                one("labels", "is_not_present", json!([])),
                format!("(NOT {LABEL})"),
                vec![],
            ),
            // ---- dates (today = 2024-03-15)
            (
                one("created_at", "is_greater_than", json!(["2024-01-15"])),
                s("(c.created_at >= ?)"),
                vec![i(1705363200)],
            ),
            (
                one("created_at", "is_less_than", json!(["2024-01-15"])),
                s("(c.created_at < ?)"),
                vec![i(1705276800)],
            ),
            (
                // 23:30 at -02:00 is 01:30 UTC on the 16th
                one(
                    "created_at",
                    "is_greater_than",
                    json!(["2024-01-15T23:30:00-02:00"]),
                ),
                s("(c.created_at >= ?)"),
                vec![i(1705449600)],
            ),
            (
                one("created_at", "days_before", json!(["7"])),
                s("(c.created_at < ?)"),
                vec![i(1709856000)],
            ),
            (
                one("created_at", "days_before", json!([0])),
                s("(c.created_at < ?)"),
                vec![i(1710460800)],
            ),
            (
                one("last_activity_at", "is_greater_than", json!(["2024-01-15"])),
                s("(c.last_activity_at >= ?)"),
                vec![i(1705363200)],
            ),
            (
                one("last_activity_at", "is_less_than", json!([" 2024-01-15 "])),
                s("(c.last_activity_at < ?)"),
                vec![i(1705276800)],
            ),
            (
                one("last_activity_at", "days_before", json!([7])),
                s("(c.last_activity_at < ?)"),
                vec![i(1709856000)],
            ),
            // ---- blocked
            (
                one("blocked", "equal_to", json!(["true"])),
                s("(c.blocked = ?)"),
                vec![i(1)],
            ),
            (
                one("blocked", "equal_to", json!([true])),
                s("(c.blocked = ?)"),
                vec![i(1)],
            ),
            (
                one("blocked", "not_equal_to", json!(["FALSE"])),
                s("(c.blocked != ?)"),
                vec![i(0)],
            ),
            // ---- custom text
            (
                one("plan", "equal_to", json!(["Pro"])),
                f("({CAV}value_text = ?))"),
                vec![t("plan"), t("pro")],
            ),
            (
                one("plan", "not_equal_to", json!(["Pro"])),
                f("(lower({X}) != ? OR {X} IS NULL)"),
                vec![path("plan"), t("pro"), path("plan")],
            ),
            (
                one("plan", "contains", json!(["Pr", "o"])),
                f("(lower({X}) {LIKE} OR lower({X}) {LIKE})"),
                vec![path("plan"), t("%pr%"), path("plan"), t("%o%")],
            ),
            (
                one("plan", "does_not_contain", json!("Pr")),
                f("({X} IS NOT NULL AND NOT (lower({X}) {LIKE}))"),
                vec![path("plan"), path("plan"), t("%pr%")],
            ),
            (
                one("plan", "starts_with", json!(["P_"])),
                f("(lower({X}) {LIKE})"),
                vec![path("plan"), t("p\\_%")],
            ),
            (
                one("plan", "is_present", json!(null)),
                f("({X} IS NOT NULL)"),
                vec![path("plan")],
            ),
            (
                one("plan", "is_not_present", json!("ignored")),
                f("({X} IS NULL)"),
                vec![path("plan")],
            ),
            (
                one("plan", "is_greater_than", json!(["B"])),
                f("(lower({X}) > ?)"),
                vec![path("plan"), t("b")],
            ),
            (
                one("plan", "is_less_than", json!(["B"])),
                f("(lower({X}) < ?)"),
                vec![path("plan"), t("b")],
            ),
            (
                one("plan", "days_before", json!(["7"])),
                f("(lower({X}) < ?)"),
                vec![path("plan"), t("2024-03-08")],
            ),
            (
                one("plan", "no_such_operator", json!(["Pro"])),
                f("({CAV}value_text = ?))"),
                vec![t("plan"), t("pro")],
            ),
            (
                one("site", "equal_to", json!(["HTTP://X.io"])),
                f("({CAV}value_text = ?))"),
                vec![t("site"), t("http://x.io")],
            ),
            (
                one("tier", "not_equal_to", json!(["Gold"])),
                f("(lower({X}) != ? OR {X} IS NULL)"),
                vec![path("tier"), t("gold"), path("tier")],
            ),
            (
                one("plan.v2", "equal_to", json!(["a"])),
                f("({CAV}value_text = ?))"),
                vec![t("plan.v2"), t("a")],
            ),
            (
                json!({"payload": [{"attribute_key": "topic", "filter_operator": "equal_to", "values": ["A"], "custom_attribute_type": "conversation_attribute"}]}),
                f("({CAV}value_text = ?))"),
                vec![t("topic"), t("a")],
            ),
            (
                json!({"payload": [{"attribute_key": "plan", "filter_operator": "equal_to", "values": ["A"], "custom_attribute_type": "", "attribute_model": "customer"}]}),
                f("({CAV}value_text = ?))"),
                vec![t("plan"), t("a")],
            ),
            // ---- custom number / currency / percent
            (
                one("seats", "equal_to", json!(["10"])),
                f("({CAV}value_num = ?))"),
                vec![t("seats"), r(10.0)],
            ),
            (
                one("seats", "not_equal_to", json!([2.5])),
                f("(CAST({X} AS REAL) != ? OR {X} IS NULL)"),
                vec![path("seats"), r(2.5), path("seats")],
            ),
            (
                one("seats", "is_greater_than", json!([" 3 "])),
                f("({CAV}value_num > ?))"),
                vec![t("seats"), r(3.0)],
            ),
            (
                one("seats", "is_less_than", json!(["3"])),
                f("({CAV}value_num < ?))"),
                vec![t("seats"), r(3.0)],
            ),
            (
                one("seats", "contains", json!([1])),
                f("(lower({X}) {LIKE})"),
                vec![path("seats"), t("%1%")],
            ),
            (
                one("seats", "starts_with", json!(["1"])),
                f("(lower({X}) {LIKE})"),
                vec![path("seats"), t("1%")],
            ),
            (
                one("seats", "is_present", json!([])),
                f("({X} IS NOT NULL)"),
                vec![path("seats")],
            ),
            (
                one("seats", "whatever", json!([7])),
                f("({CAV}value_num = ?))"),
                vec![t("seats"), r(7.0)],
            ),
            (
                one("mrr", "equal_to", json!(["99.5"])),
                f("({CAV}value_num = ?))"),
                vec![t("mrr"), r(99.5)],
            ),
            (
                one("discount", "is_less_than", json!(["-1e1"])),
                f("({CAV}value_num < ?))"),
                vec![t("discount"), r(-10.0)],
            ),
            // ---- custom date
            (
                one("renewal", "equal_to", json!(["2024-05-01"])),
                f("(date({X}) = ?)"),
                vec![path("renewal"), t("2024-05-01")],
            ),
            (
                one("renewal", "not_equal_to", json!(["2024-05-01"])),
                f("(date({X}) != ? OR {X} IS NULL)"),
                vec![path("renewal"), t("2024-05-01"), path("renewal")],
            ),
            (
                one("renewal", "is_greater_than", json!(["2024-05-01"])),
                f("(date({X}) > ?)"),
                vec![path("renewal"), t("2024-05-01")],
            ),
            (
                one("renewal", "is_less_than", json!(["2024-05-01T10:00:00Z"])),
                f("(date({X}) < ?)"),
                vec![path("renewal"), t("2024-05-01")],
            ),
            (
                one("renewal", "days_before", json!(["30"])),
                f("(date({X}) < ?)"),
                vec![path("renewal"), t("2024-02-14")],
            ),
            (
                one("renewal", "is_not_present", json!(null)),
                f("({X} IS NULL)"),
                vec![path("renewal")],
            ),
            (
                one("renewal", "contains", json!(["2024-05"])),
                f("(lower({X}) {LIKE})"),
                vec![path("renewal"), t("%2024-05%")],
            ),
            // ---- custom checkbox
            (
                one("vip", "equal_to", json!([true])),
                f("({BOOL(X)} = ?)"),
                vec![path("vip"), i(1)],
            ),
            (
                one("vip", "not_equal_to", json!(["false"])),
                f("({BOOL(X)} != ? OR {X} IS NULL)"),
                vec![path("vip"), i(0), path("vip")],
            ),
            (
                one("vip", "is_present", json!([])),
                f("({X} IS NOT NULL)"),
                vec![path("vip")],
            ),
            (
                one("vip", "is_greater_than", json!(["False"])),
                f("({BOOL(X)} > ?)"),
                vec![path("vip"), i(0)],
            ),
            // ---- a standard key wins over a custom definition of the same name
            (
                one("name", "equal_to", json!(["Ann"])),
                s("(lower(c.name) = ?)"),
                vec![t("ann")],
            ),
        ];

        // ---- chains
        rows.push((
            json!({"payload": [
                {"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "AND"},
                {"attribute_key": "email", "filter_operator": "contains", "values": ["b"], "query_operator": "OR"},
                {"attribute_key": "labels", "filter_operator": "is_present", "query_operator": null}
            ]}),
            format!("(lower(c.name) = ?) AND (lower(c.email) {LIKE}) OR ({LABEL})"),
            vec![t("a"), t("%b%")],
        ));
        rows.push((
            json!({"payload": [
                {"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "or"},
                {"attribute_key": "plan", "filter_operator": "not_equal_to", "values": ["b"], "query_operator": "and"},
                {"attribute_key": "blocked", "filter_operator": "equal_to", "values": [false], "query_operator": "OR"}
            ]}),
            f("(lower(c.name) = ?) OR (lower({X}) != ? OR {X} IS NULL) AND (c.blocked = ?)"),
            vec![t("a"), path("plan"), t("b"), path("plan"), i(0)],
        ));
        // trailing operator ignored; an absent or empty one between conditions means AND
        rows.push((
            json!({"payload": [{"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "OR"}]}),
            s("(lower(c.name) = ?)"),
            vec![t("a")],
        ));
        rows.push((
            json!({"payload": [
                {"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"]},
                {"attribute_key": "name", "filter_operator": "equal_to", "values": ["b"], "query_operator": ""},
                {"attribute_key": "name", "filter_operator": "equal_to", "values": ["c"], "query_operator": "And"}
            ]}),
            s("(lower(c.name) = ?) AND (lower(c.name) = ?) AND (lower(c.name) = ?)"),
            vec![t("a"), t("b"), t("c")],
        ));
        rows
    }

    #[test]
    fn table_of_payloads_compiles_to_expected_sql() {
        let defs = defs();
        for (body, sql, params) in table() {
            let filter = parse(&body, &defs).unwrap_or_else(|e| panic!("{body}: {e}"));
            let frag = compile(&filter, today());
            assert_eq!(frag.sql, sql, "sql of {body}");
            assert_eq!(frag.params, params, "params of {body}");
        }
    }

    /// The probing form of every row binds the same values in the same order, and differs from the
    /// match-list form only in how label and custom-attribute lookups are written.
    #[test]
    fn probe_form_only_swaps_the_lookups() {
        use super::{Lookup, compile_as};
        let defs = defs();
        let mut swapped = 0;
        for (body, sql, params) in table() {
            let filter = parse(&body, &defs).unwrap_or_else(|e| panic!("{body}: {e}"));
            let probe = compile_as(&filter, today(), Lookup::ProbePerRow);
            assert_eq!(probe.params, params, "params of {body}");
            let back = probe
                .sql
                .replace(
                    "EXISTS (SELECT 1 FROM contact_attribute_values v WHERE v.contact_id = c.id AND v.key = ",
                    "c.id IN (SELECT contact_id FROM contact_attribute_values WHERE key = ",
                )
                .replace(
                    "NOT EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id AND cl.name = ",
                    "c.id NOT IN (SELECT cl.contact_id FROM contact_labels cl WHERE cl.name = ",
                )
                .replace(
                    "EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id AND cl.name = ",
                    "c.id IN (SELECT cl.contact_id FROM contact_labels cl WHERE cl.name = ",
                );
            assert_eq!(back, sql, "{body}");
            swapped += usize::from(probe.sql != sql);
        }
        assert!(swapped >= 4, "labels and custom rows use the probing form");
    }

    #[test]
    fn single_indexed_custom_conditions_count_from_the_value_table() {
        use super::{ScopedTable, scoped_predicate};
        let defs = defs();
        let pred = |body: Value| {
            scoped_predicate(&parse(&body, &defs).unwrap()).map(|(table, frag)| {
                assert_eq!(table, ScopedTable::AttributeValues);
                frag
            })
        };
        let plan = pred(one("plan", "equal_to", json!(["Pro"]))).expect("text equal_to");
        assert_eq!(plan.sql, "key = ? AND value_text = ?");
        assert_eq!(plan.params, vec![t("plan"), t("pro")]);
        let seats = pred(one("seats", "is_greater_than", json!([10]))).expect("number >");
        assert_eq!(seats.sql, "key = ? AND value_num > ?");
        assert_eq!(seats.params, vec![t("seats"), SqlValue::Real(10.0)]);
        assert!(
            pred(one("plan", "contains", json!(["p"]))).is_none(),
            "not indexed"
        );
        assert!(
            pred(one("name", "equal_to", json!(["x"]))).is_none(),
            "not custom"
        );
        let two = json!({"payload": [
            {"attribute_key": "plan", "filter_operator": "equal_to", "values": ["pro"], "query_operator": "and"},
            {"attribute_key": "plan", "filter_operator": "equal_to", "values": ["x"]}]});
        assert!(pred(two).is_none(), "only a single condition");
        let vip =
            scoped_predicate(&parse(&one("labels", "equal_to", json!(["VIP"])), &defs).unwrap());
        let (table, frag) = vip.expect("labels equal_to");
        assert_eq!(
            (table, frag.sql.as_str(), frag.params),
            (ScopedTable::Labels, "name = ?", vec![t("vip")])
        );
        let not_vip = parse(&one("labels", "not_equal_to", json!(["VIP"])), &defs).unwrap();
        assert!(scoped_predicate(&not_vip).is_none());
    }

    #[test]
    fn placeholder_count_matches_params_for_every_row() {
        let defs = defs();
        for (body, sql, params) in table() {
            assert_eq!(placeholders(&sql), params.len(), "expected row {body}");
            let filter = parse(&body, &defs).unwrap_or_else(|e| panic!("{body}: {e}"));
            let frag = compile(&filter, today());
            assert_eq!(placeholders(&frag.sql), frag.params.len(), "{body}");
        }
    }

    #[test]
    fn every_standard_key_and_allowed_operator_is_covered() {
        use super::super::{Operator, StandardKey};
        let rows = table();
        for key in StandardKey::ALL {
            for op in key.allowed_operators() {
                let found = rows.iter().any(|(body, _, _)| {
                    body["payload"].as_array().is_some_and(|conds| {
                        conds.iter().any(|c| {
                            c["attribute_key"] == key.as_str()
                                && c["filter_operator"] == op.as_str()
                        })
                    })
                });
                assert!(found, "no row for {} {}", key.as_str(), op.as_str());
            }
        }
        assert_eq!(Operator::ALL.len(), 10);
    }

    #[test]
    fn empty_filter_is_true() {
        let frag = compile(&super::super::Filter { conditions: vec![] }, today());
        assert_eq!(frag.sql, "1");
        assert!(frag.params.is_empty());
    }

    #[test]
    fn hand_built_keys_are_escaped_in_the_bound_path() {
        use super::super::{Condition, CustomOp, DisplayType, Filter, FilterCondition};
        let filter = Filter {
            conditions: vec![FilterCondition {
                condition: Condition::Custom {
                    key: "a\"b\\c".to_string(),
                    display: DisplayType::Text,
                    op: CustomOp::IsPresent,
                },
                join: None,
            }],
        };
        let frag = compile(&filter, today());
        assert_eq!(frag.params, vec![t("$.\"a\\\"b\\\\c\"")]);
    }

    #[test]
    fn extreme_dates_do_not_overflow() {
        let defs = defs();
        let body = one("created_at", "days_before", json!(["18446744073709551615"]));
        let filter = parse(&body, &defs).expect("valid");
        let frag = compile(&filter, today());
        assert_eq!(frag.params.len(), 1);
        let body = one("renewal", "days_before", json!(["99999999999"]));
        let filter = parse(&body, &defs).expect("valid");
        assert_eq!(compile(&filter, today()).params.len(), 2);
    }
}
