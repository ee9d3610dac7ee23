//! CSV in and out of contacts, knowing neither HTTP nor SQL.
//!
//! Import (reference 18). The first row is the header. `identifier`, `email`, `phone_number` and `name` are the
//! contact's own fields (a `+` is put in front of a phone number without one); `company`, `company_name` and
//! `city` go to `additional_attributes`; `labels` (comma separated) tags the contact; every other column is
//! stored in `custom_attributes` as a string. Known names match case-insensitively, cells are trimmed, and
//! a blank cell leaves the contact's value alone. A blank header cell drops its column; of two columns with
//! the same name the first wins, as Ruby's `CSV::Row#to_h` does.
//!
//! A file is checked whole ([`scan`]) before any row is applied, so a malformed file fails without leaving
//! half an import behind: it must be UTF-8 text without NUL bytes, and its header must name at least one of
//! identifier, email, phone_number or name (otherwise the first row is data, not a header). Chatwoot drops
//! invalid bytes silently; we refuse the file and say which row, because dropped bytes corrupt names unseen.
//!
//! Row numbers are spreadsheet row numbers: the header is row 1, the first contact row 2.
//!
//! Export (reference 19): [`ExportColumn`] lists the columns a request may name, and [`ExportWriter`]
//! renders them the way Chatwoot's export job prints them. Any cell a spreadsheet would evaluate as a
//! formula is prefixed with `'` ([`neutralise`]).

use crate::domain::contact::ContactFields;
use csv::ByteRecord;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io::{self, Read, Write};

/// Why a whole file was refused; becomes the import's `error`.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError(pub String);

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The spreadsheet row number of the `index`-th data row (0-based): the header is row 1.
pub fn row_number(index: u64) -> u64 {
    index + 2
}

#[derive(Debug, Clone, PartialEq)]
enum Column {
    Identifier,
    Email,
    PhoneNumber,
    Name,
    Company,
    CompanyName,
    City,
    Labels,
    Custom(String),
    Skip,
}

impl Column {
    fn known(name: &str) -> Option<Column> {
        Some(match name.to_ascii_lowercase().as_str() {
            "identifier" => Column::Identifier,
            "email" => Column::Email,
            "phone_number" => Column::PhoneNumber,
            "name" => Column::Name,
            "company" => Column::Company,
            "company_name" => Column::CompanyName,
            "city" => Column::City,
            "labels" => Column::Labels,
            _ => return None,
        })
    }
}

/// The header row: the names as written (for the failed-rows file) and what each column feeds.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportHeader {
    names: Vec<String>,
    columns: Vec<Column>,
}

const UTF8_BOM: &str = "\u{feff}";

impl ImportHeader {
    pub fn parse(record: &ByteRecord) -> Result<ImportHeader, FileError> {
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            return Err(FileError(
                "The file is empty: the first row must be a header naming the columns".into(),
            ));
        }
        let mut names = Vec::with_capacity(record.len());
        let mut columns: Vec<Column> = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let text = std::str::from_utf8(raw).map_err(|_| not_utf8(1))?;
            if raw.contains(&0) {
                return Err(nul_byte(1));
            }
            let text = if i == 0 {
                text.trim_start_matches(UTF8_BOM)
            } else {
                text
            };
            let name = text.trim();
            names.push(name.to_string());
            let column = if name.is_empty() {
                Column::Skip
            } else {
                Column::known(name).unwrap_or_else(|| Column::Custom(name.to_string()))
            };
            let column = if columns.contains(&column) {
                Column::Skip
            } else {
                column
            };
            columns.push(column);
        }
        let identifies = columns.iter().any(|c| {
            matches!(
                c,
                Column::Identifier | Column::Email | Column::PhoneNumber | Column::Name
            )
        });
        if !identifies {
            return Err(FileError(format!(
                "No header row: the first row must name at least one of the columns identifier, email, \
                 phone_number or name (it reads: {})",
                names.join(",")
            )));
        }
        Ok(ImportHeader { names, columns })
    }

    /// The header cells as written, trimmed.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

fn not_utf8(row: u64) -> FileError {
    FileError(format!(
        "The file is not UTF-8 text (row {row} holds invalid bytes); save it as \"CSV UTF-8\" and import it again"
    ))
}

fn nul_byte(row: u64) -> FileError {
    FileError(format!(
        "The file is not a CSV text file (row {row} holds a NUL byte)"
    ))
}

/// What one CSV row says about a contact. Blank cells are `None` / absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportRow {
    pub identifier: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub company_name: Option<String>,
    pub city: Option<String>,
    pub labels: Vec<String>,
    pub custom_attributes: Map<String, Value>,
}

/// A row that cannot be read as a contact at all; its message goes to the failed-rows file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError(pub String);

/// Maps one data row through the header.
pub fn map_row(header: &ImportHeader, record: &ByteRecord) -> Result<ImportRow, RowError> {
    let mut row = ImportRow::default();
    for (i, raw) in record.iter().enumerate() {
        let Some(column) = header.columns.get(i) else {
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Err(RowError(format!(
                "Row has {} fields but the header has {}",
                record.len(),
                header.columns.len()
            )));
        };
        let cell = std::str::from_utf8(raw)
            .map_err(|_| RowError("Row is not valid UTF-8 text".into()))?
            .trim();
        if cell.is_empty() || *column == Column::Skip {
            continue;
        }
        let value = Some(cell.to_string());
        match column {
            Column::Identifier => row.identifier = value,
            Column::Email => row.email = value,
            Column::PhoneNumber => {
                row.phone_number = Some(if cell.starts_with('+') {
                    cell.to_string()
                } else {
                    format!("+{cell}")
                })
            }
            Column::Name => row.name = value,
            Column::Company => row.company = value,
            Column::CompanyName => row.company_name = value,
            Column::City => row.city = value,
            Column::Labels => row.labels.extend(
                cell.split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            ),
            Column::Custom(key) => {
                row.custom_attributes
                    .insert(key.clone(), Value::String(cell.to_string()));
            }
            Column::Skip => {}
        }
    }
    Ok(row)
}

impl ImportRow {
    /// Writes the row over a contact's fields (a new contact's are the defaults), as Chatwoot's
    /// `DataImport::ContactManager` does, then normalises them. Labels are left to the caller.
    pub fn apply_to(self, f: &mut ContactFields) {
        if self.identifier.is_some() {
            f.identifier = self.identifier;
        }
        if self.email.is_some() {
            f.email = self.email;
        }
        if self.phone_number.is_some() {
            f.phone_number = self.phone_number;
        }
        if let Some(name) = self.name {
            f.name = name;
        }
        for (key, value) in [
            ("company", self.company),
            ("company_name", self.company_name),
            ("city", self.city),
        ] {
            if let Some(v) = value {
                f.additional_attributes
                    .insert(key.to_string(), Value::String(v));
            }
        }
        for (k, v) in self.custom_attributes {
            f.custom_attributes.insert(k, v);
        }
        f.normalize();
    }
}

/// A reader over an import file. Rows may be shorter than the header (the missing cells are blank).
pub fn import_reader<R: Read>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(r)
}

/// What a whole-file check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub header: ImportHeader,
    /// Data rows (the header not counted).
    pub rows: u64,
}

/// Reads the whole file once: the header must be one, every byte UTF-8 text, no NUL. Counts the rows.
pub fn scan<R: Read>(r: R) -> Result<Scan, FileError> {
    let mut reader = import_reader(r);
    let header = ImportHeader::parse(reader.byte_headers().map_err(read_error)?)?;
    let mut record = ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut record).map_err(read_error)? {
        let row = row_number(rows);
        for field in record.iter() {
            if std::str::from_utf8(field).is_err() {
                return Err(not_utf8(row));
            }
            if field.contains(&0) {
                return Err(nul_byte(row));
            }
        }
        rows += 1;
    }
    Ok(Scan { header, rows })
}

fn read_error(e: csv::Error) -> FileError {
    FileError(format!("The file could not be read: {e}"))
}

/// The columns an export may name: Chatwoot's contact table columns that contactd stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportColumn {
    Id,
    Name,
    Email,
    PhoneNumber,
    AccountId,
    CreatedAt,
    UpdatedAt,
    AdditionalAttributes,
    Identifier,
    CustomAttributes,
    LastActivityAt,
    ContactType,
    Location,
    CountryCode,
    Blocked,
}

impl ExportColumn {
    pub const ALL: [ExportColumn; 15] = [
        ExportColumn::Id,
        ExportColumn::Name,
        ExportColumn::Email,
        ExportColumn::PhoneNumber,
        ExportColumn::AccountId,
        ExportColumn::CreatedAt,
        ExportColumn::UpdatedAt,
        ExportColumn::AdditionalAttributes,
        ExportColumn::Identifier,
        ExportColumn::CustomAttributes,
        ExportColumn::LastActivityAt,
        ExportColumn::ContactType,
        ExportColumn::Location,
        ExportColumn::CountryCode,
        ExportColumn::Blocked,
    ];

    /// Chatwoot's default export columns.
    pub const DEFAULT: [ExportColumn; 4] = [
        ExportColumn::Id,
        ExportColumn::Name,
        ExportColumn::Email,
        ExportColumn::PhoneNumber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportColumn::Id => "id",
            ExportColumn::Name => "name",
            ExportColumn::Email => "email",
            ExportColumn::PhoneNumber => "phone_number",
            ExportColumn::AccountId => "account_id",
            ExportColumn::CreatedAt => "created_at",
            ExportColumn::UpdatedAt => "updated_at",
            ExportColumn::AdditionalAttributes => "additional_attributes",
            ExportColumn::Identifier => "identifier",
            ExportColumn::CustomAttributes => "custom_attributes",
            ExportColumn::LastActivityAt => "last_activity_at",
            ExportColumn::ContactType => "contact_type",
            ExportColumn::Location => "location",
            ExportColumn::CountryCode => "country_code",
            ExportColumn::Blocked => "blocked",
        }
    }

    /// Exact, case-sensitive match, like Ruby's `column_names & Contact.column_names`.
    pub fn parse(s: &str) -> Option<ExportColumn> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The requested columns in request order, unknown names and repeats dropped. Nothing requested, or
    /// nothing known, means the default columns (an export of empty rows helps nobody).
    pub fn select(requested: Option<&[String]>) -> Vec<ExportColumn> {
        let mut out: Vec<ExportColumn> = Vec::new();
        for c in requested
            .unwrap_or_default()
            .iter()
            .filter_map(|s| Self::parse(s))
        {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        if out.is_empty() {
            out = Self::DEFAULT.to_vec();
        }
        out
    }
}

/// One stored value, as the database hands it over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

/// Prefixes `'` to a cell a spreadsheet would evaluate: one starting with `=`, `@`, a tab or a carriage
/// return, or with `+` / `-` unless the rest is a plain number (so `+15550001111` stays a phone number).
pub fn neutralise(s: &str) -> Cow<'_, str> {
    let risky = match s.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_plain_number(&s[1..]),
        _ => false,
    };
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn is_plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && b.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && b.iter().filter(|c| **c == b'.').count() <= 1
}

/// Ruby's `Time#to_s` in UTC, which is how Chatwoot's export prints timestamps.
fn ruby_time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes an export: the header row on creation, then one row per contact.
pub struct ExportWriter<W: Write> {
    csv: csv::Writer<W>,
    columns: Vec<ExportColumn>,
    scratch: String,
}

impl<W: Write> ExportWriter<W> {
    pub fn new(out: W, columns: Vec<ExportColumn>) -> io::Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .buffer_capacity(64 * 1024)
            .from_writer(out);
        csv.write_record(columns.iter().map(|c| c.as_str()))
            .map_err(csv_error)?;
        Ok(ExportWriter {
            csv,
            columns,
            scratch: String::new(),
        })
    }

    pub fn columns(&self) -> &[ExportColumn] {
        &self.columns
    }

    /// One contact; `cells` are in the order of `columns()`.
    pub fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        use std::fmt::Write as _;
        for (column, cell) in self.columns.iter().zip(cells) {
            self.scratch.clear();
            let text: Cow<str> = match (column, *cell) {
                (_, Cell::Null) => Cow::Borrowed(""),
                (
                    ExportColumn::CreatedAt
                    | ExportColumn::UpdatedAt
                    | ExportColumn::LastActivityAt,
                    Cell::Int(t),
                ) => Cow::Owned(ruby_time(t)),
                (ExportColumn::Blocked, Cell::Int(b)) => {
                    Cow::Borrowed(if b != 0 { "true" } else { "false" })
                }
                (ExportColumn::ContactType, Cell::Int(t)) => Cow::Borrowed(match t {
                    0 => "visitor",
                    1 => "lead",
                    _ => "customer",
                }),
                (_, Cell::Int(i)) => {
                    let _ = write!(self.scratch, "{i}");
                    Cow::Borrowed(self.scratch.as_str())
                }
                (_, Cell::Real(f)) => {
                    let _ = write!(self.scratch, "{f}");
                    Cow::Borrowed(self.scratch.as_str())
                }
                (_, Cell::Text(s)) => neutralise(s),
            };
            self.csv.write_field(text.as_bytes()).map_err(csv_error)?;
        }
        self.csv.write_record(None::<&[u8]>).map_err(csv_error)
    }

    /// Flushes and hands back the output.
    pub fn finish(self) -> io::Result<W> {
        self.csv
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Writes the failed rows of an import: the file's own header plus `errors`, each row as it was read.
pub struct FailedRowsWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> FailedRowsWriter<W> {
    pub fn new(out: W, header: &[String]) -> io::Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .flexible(true)
            .buffer_capacity(64 * 1024)
            .from_writer(out);
        let mut names: Vec<Cow<str>> = header.iter().map(|h| neutralise(h)).collect();
        names.push(Cow::Borrowed("errors"));
        csv.write_record(names.iter().map(|n| n.as_bytes()))
            .map_err(csv_error)?;
        Ok(FailedRowsWriter { csv })
    }

    pub fn row(&mut self, fields: &[String], errors: &str) -> io::Result<()> {
        for f in fields {
            self.csv
                .write_field(neutralise(f).as_bytes())
                .map_err(csv_error)?;
        }
        self.csv
            .write_field(neutralise(errors).as_bytes())
            .map_err(csv_error)?;
        self.csv.write_record(None::<&[u8]>).map_err(csv_error)
    }

    pub fn finish(self) -> io::Result<W> {
        self.csv
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(line: &str) -> Result<ImportHeader, FileError> {
        let mut r = import_reader(line.as_bytes());
        ImportHeader::parse(r.byte_headers().unwrap())
    }

    fn rows(text: &str) -> Vec<Result<ImportRow, RowError>> {
        let mut r = import_reader(text.as_bytes());
        let h = ImportHeader::parse(r.byte_headers().unwrap()).unwrap();
        r.byte_records()
            .map(|rec| map_row(&h, &rec.unwrap()))
            .collect()
    }

    #[test]
    fn headers_table() {
        let ok = |s: &str| header(s).map(|h| h.names().to_vec());
        assert_eq!(
            ok("\u{feff}Email, name ,plan"),
            Ok(vec!["Email".into(), "name".into(), "plan".into()])
        );
        for bad in ["", " , ", "plan,seats", "john@example.com,John"] {
            assert!(header(bad).is_err(), "{bad:?}");
        }
        assert!(
            header("plan,seats")
                .unwrap_err()
                .0
                .starts_with("No header row")
        );
    }

    #[test]
    fn rows_map_columns() {
        let got = rows(
            "identifier,EMAIL,phone_number,name,company,city,labels,plan,,email\n\
             id-1, Ann@X.io ,15550001,Ann,Acme,Oslo,\"vip, lead,,\",pro,ignored,second@x.io\n\
             ,,+4711,,,,,,,\n",
        );
        assert_eq!(
            got[0],
            Ok(ImportRow {
                identifier: Some("id-1".into()),
                email: Some("Ann@X.io".into()),
                phone_number: Some("+15550001".into()),
                name: Some("Ann".into()),
                company: Some("Acme".into()),
                company_name: None,
                city: Some("Oslo".into()),
                labels: vec!["vip".into(), "lead".into()],
                custom_attributes: json!({"plan": "pro"}).as_object().unwrap().clone(),
            })
        );
        assert_eq!(
            got[1],
            Ok(ImportRow {
                phone_number: Some("+4711".into()),
                ..Default::default()
            })
        );
    }

    #[test]
    fn short_rows_are_blank_long_rows_fail() {
        let got = rows("email,name\na@x.io\nb@x.io,B,,\nc@x.io,C,extra\n");
        assert_eq!(got[0].as_ref().unwrap().email.as_deref(), Some("a@x.io"));
        assert_eq!(got[1].as_ref().unwrap().name.as_deref(), Some("B"));
        assert_eq!(
            got[2],
            Err(RowError("Row has 3 fields but the header has 2".into()))
        );
    }

    #[test]
    fn apply_overwrites_only_what_the_row_gives() {
        let mut f = ContactFields {
            name: "Old".into(),
            email: Some("old@x.io".into()),
            ..Default::default()
        };
        f.custom_attributes.insert("seats".into(), json!(5));
        let row = rows("email,name,city,plan\n,,Rome,pro\n")
            .remove(0)
            .unwrap();
        row.apply_to(&mut f);
        assert_eq!(f.name, "Old");
        assert_eq!(f.email.as_deref(), Some("old@x.io"));
        assert_eq!(
            Value::Object(f.additional_attributes.clone()),
            json!({"city": "Rome"})
        );
        assert_eq!(f.location(), "Rome");
        assert_eq!(
            Value::Object(f.custom_attributes),
            json!({"seats": 5, "plan": "pro"})
        );
        let mut g = ContactFields::default();
        rows("Email\nJOE@X.IO\n")
            .remove(0)
            .unwrap()
            .apply_to(&mut g);
        assert_eq!(g.email.as_deref(), Some("joe@x.io"));
        assert_eq!(g.contact_type, crate::domain::contact::CONTACT_TYPE_LEAD);
    }

    #[test]
    fn scan_table() {
        let cases: [(&[u8], Result<u64, &str>); 7] = [
            (b"email\na@x.io\nb@x.io\n", Ok(2)),
            (b"email\n", Ok(0)),
            (b"email\r\na@x.io\r\n\r\nb@x.io", Ok(2)),
            (b"email,name\n\"a@x.io\",\"multi\nline\"\nb@x.io,B\n", Ok(2)),
            (b"", Err("The file is empty")),
            (
                b"email,name\na@x.io,Jo\nb@x.io,Ren\xe9\n",
                Err("The file is not UTF-8 text (row 3"),
            ),
            (
                b"email\na@x.io\x00\n",
                Err("The file is not a CSV text file (row 2"),
            ),
        ];
        for (input, want) in cases {
            let got = scan(input).map(|s| s.rows).map_err(|e| e.0);
            match (got, want) {
                (Ok(n), Ok(m)) => assert_eq!(n, m, "{input:?}"),
                (Err(e), Err(prefix)) => assert!(e.starts_with(prefix), "{input:?}: {e}"),
                (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
            }
        }
        assert!(scan(&b"\x89PNG\r\n\x1a\n\x00\x00"[..]).is_err());
    }

    #[test]
    fn neutralise_table() {
        for (cell, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("-", "'-"),
            ("+15550001111", "+15550001111"),
            ("-12.5", "-12.5"),
            ("John", "John"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn export_columns_selection() {
        let s = |v: &[&str]| {
            ExportColumn::select(Some(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ExportColumn::select(None)
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["id", "name", "email", "phone_number"]
        );
        assert_eq!(
            s(&["email", "nope", "id", "email", "Name"]),
            ["email", "id"]
        );
        assert_eq!(s(&["nope"]), ["id", "name", "email", "phone_number"]);
    }

    #[test]
    fn export_rows_render_like_chatwoot() {
        let cols = vec![
            ExportColumn::Id,
            ExportColumn::Name,
            ExportColumn::CreatedAt,
            ExportColumn::Blocked,
            ExportColumn::ContactType,
            ExportColumn::CustomAttributes,
            ExportColumn::Email,
        ];
        let mut w = ExportWriter::new(Vec::new(), cols).unwrap();
        w.row(&[
            Cell::Int(7),
            Cell::Text("=HYPERLINK(\"x\")"),
            Cell::Int(1705312800),
            Cell::Int(0),
            Cell::Int(1),
            Cell::Text(r#"{"plan":"pro"}"#),
            Cell::Null,
        ])
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "id,name,created_at,blocked,contact_type,custom_attributes,email\n\
             7,\"'=HYPERLINK(\"\"x\"\")\",2024-01-15 10:00:00 UTC,false,lead,\"{\"\"plan\"\":\"\"pro\"\"}\",\n"
        );
    }

    #[test]
    fn failed_rows_keep_the_header_and_add_errors() {
        let mut w =
            FailedRowsWriter::new(Vec::new(), &["email".to_string(), "name".to_string()]).unwrap();
        w.row(&["bad".into(), "=1+1".into()], "Email Invalid email")
            .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out, "email,name,errors\nbad,'=1+1,Email Invalid email\n");
    }
}
