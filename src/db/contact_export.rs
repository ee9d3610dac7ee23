//! Export (reference 19): the selected contacts written as CSV straight from one statement, in id order.
//! One statement is one read snapshot, and rows go to the writer as SQLite steps through them, so memory
//! stays flat however many contacts there are.

use super::contacts::{ListQuery, Scope, where_clause};
use super::custom_attributes;
use crate::csv_io::{Cell, ExportColumn, ExportWriter};
use crate::domain::filter::{self, SqlFragment};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, params_from_iter};
use serde_json::Value;
use std::io::Write;

/// Which contacts an export holds: resolved contacts, narrowed by a filter or else by a label.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    filter: Option<SqlFragment>,
    label: Option<String>,
}

impl Selection {
    /// `body` is a filter request (`{"payload": [...]}`) when the export has a non-empty payload; it wins
    /// over `label`, as in Chatwoot's export job. Filter errors are the filter endpoint's 422s.
    pub fn new(
        conn: &Connection,
        account_id: i64,
        body: Option<&Value>,
        label: Option<&str>,
        today: NaiveDate,
    ) -> Result<Selection> {
        if let Some(body) = body {
            let defs = custom_attributes::definitions(conn, account_id)?;
            let parsed = filter::parse(body, &defs).map_err(|e| Error::Unprocessable(e.0))?;
            return Ok(Selection {
                filter: Some(filter::compile(&parsed, today)),
                label: None,
            });
        }
        Ok(Selection {
            filter: None,
            label: label
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        })
    }
}

fn column_sql(c: ExportColumn) -> &'static str {
    match c {
        ExportColumn::Id => "c.id",
        ExportColumn::Name => "c.name",
        ExportColumn::Email => "c.email",
        ExportColumn::PhoneNumber => "c.phone_number",
        ExportColumn::AccountId => "c.account_id",
        ExportColumn::CreatedAt => "c.created_at",
        ExportColumn::UpdatedAt => "c.updated_at",
        ExportColumn::AdditionalAttributes => "c.additional_attributes",
        ExportColumn::Identifier => "c.identifier",
        ExportColumn::CustomAttributes => "c.custom_attributes",
        ExportColumn::LastActivityAt => "c.last_activity_at",
        ExportColumn::ContactType => "c.contact_type",
        ExportColumn::Location => "c.location",
        ExportColumn::CountryCode => "c.country_code",
        ExportColumn::Blocked => "c.blocked",
    }
}

/// Writes the header row and one row per selected contact to `out`; returns the number of contacts.
pub fn write_csv(
    conn: &Connection,
    account_id: i64,
    selection: &Selection,
    columns: Vec<ExportColumn>,
    out: impl Write,
) -> Result<u64> {
    let labels: Vec<String> = selection.label.iter().cloned().collect();
    let query = ListQuery {
        scope: Scope::Resolved,
        labels: &labels,
        condition: selection
            .filter
            .as_ref()
            .map(|f| (f.sql.as_str(), f.params.as_slice())),
        probe_condition: None,
        scoped_predicate: None,
        sort: &[],
        limit: 0,
        offset: 0,
        count: false,
    };
    let (condition, params) = where_clause(account_id, &query);
    let select: Vec<&str> = columns.iter().map(|c| column_sql(*c)).collect();
    let sql = format!(
        "SELECT {} FROM contacts c WHERE {condition} ORDER BY c.id",
        select.join(", ")
    );
    let width = columns.len();
    let mut writer = ExportWriter::new(out, columns).map_err(write_error)?;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        let mut cells = [Cell::Null; ExportColumn::ALL.len()];
        for (i, cell) in cells.iter_mut().enumerate().take(width) {
            *cell = match row.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Int(v),
                ValueRef::Real(v) => Cell::Real(v),
                ValueRef::Text(t) | ValueRef::Blob(t) => Cell::Text(
                    std::str::from_utf8(t)
                        .map_err(|e| Error::internal(format!("stored text is not UTF-8: {e}")))?,
                ),
            };
        }
        writer.row(&cells[..width]).map_err(write_error)?;
        n += 1;
    }
    writer.finish().map_err(write_error)?;
    Ok(n)
}

fn write_error(e: std::io::Error) -> Error {
    Error::internal(format!("writing the export: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::temp_db;
    use serde_json::json;

    #[test]
    fn resolved_label_and_filter_selections() {
        let (db, _dir) = temp_db();
        db.write(|c| {
            c.execute_batch(
                "INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'A', 0, 0), (2, 'B', 0, 0);
                 INSERT INTO contacts (id, account_id, name, email, phone_number, created_at, updated_at, resolved) VALUES
                     (1, 1, 'Ann', 'ann@x.io', NULL, 0, 0, 1),
                     (2, 1, 'Nobody', NULL, NULL, 0, 0, 0),
                     (3, 1, '=cmd', NULL, '+15550001', 0, 0, 1),
                     (4, 2, 'Other', 'o@x.io', NULL, 0, 0, 1);
                 INSERT INTO contact_labels (contact_id, account_id, name) VALUES (3, 1, 'VIP');",
            )?;
            // Rows inserted by hand carry no search rows (migration V9): index them as inserts do.
            crate::db::contacts::index_for_search(c, &[1, 2, 3, 4])?;
            Ok(())
        })
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let export = |body: Option<Value>, label: Option<&str>| {
            db.read(|c| {
                let sel = Selection::new(c, 1, body.as_ref(), label, today)?;
                let mut out = Vec::new();
                write_csv(c, 1, &sel, ExportColumn::DEFAULT.to_vec(), &mut out)?;
                Ok(String::from_utf8(out).unwrap())
            })
        };
        assert_eq!(
            export(None, None).unwrap(),
            "id,name,email,phone_number\n1,Ann,ann@x.io,\n3,'=cmd,,+15550001\n"
        );
        assert_eq!(
            export(None, Some("vip")).unwrap(),
            "id,name,email,phone_number\n3,'=cmd,,+15550001\n"
        );
        let body = json!({"payload": [{"attribute_key": "email", "filter_operator": "contains", "values": ["ann"]}]});
        assert_eq!(
            export(Some(body), Some("vip")).unwrap(),
            "id,name,email,phone_number\n1,Ann,ann@x.io,\n"
        );
        let bad = json!({"payload": [{"attribute_key": "nope", "filter_operator": "equal_to", "values": ["x"]}]});
        assert!(matches!(
            export(Some(bad), None),
            Err(Error::Unprocessable(_))
        ));
    }
}
