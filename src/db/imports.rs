//! Contact imports (reference 18): the `data_imports` record and the one runner that both the server's
//! background worker and `contactd import` use.
//!
//! Durability. Rows are applied in chunks of [`CHUNK_ROWS`], each chunk in one transaction that also moves
//! `checkpoint_offset` (the byte offset of the next unread record) and the counters. A killed process loses
//! only the chunk in flight, which SQLite rolls back whole and the next run reads again from the
//! checkpoint; a committed chunk is never read twice. Every chunk first checks, under the write lock, that
//! the checkpoint is still the one it read from: if another runner (a server resuming the import while a
//! command-line run goes on) moved it, this runner stops instead of applying rows a second time.
//!
//! Duplicates inside a file fold: each row is matched against the database and against the contacts
//! created earlier in the same chunk (held in memory until the chunk's one INSERT, see [`Pending`]), so a
//! later row updates the contact an earlier row created.

use super::Db;
use super::contacts;
use super::labels;
use crate::clock::Clock;
use crate::csv_io::{self, FailedRowsWriter, ImportHeader, ImportRow};
use crate::domain::contact::{ContactFields, Unique};
use crate::error::{Error, Result};
use csv::ByteRecord;
use rusqlite::{Connection, MAIN_DB, OptionalExtension, Row, params};
use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// Rows per transaction: large enough that commits cost little, small enough that a lock is short.
pub const CHUNK_ROWS: usize = 5_000;

#[derive(Debug, Clone, PartialEq)]
pub struct DataImport {
    pub id: i64,
    pub account_id: i64,
    pub data_type: String,
    pub status: String,
    pub file_name: Option<String>,
    /// Data rows in the file (known once the file has been checked).
    pub total_records: i64,
    /// Rows imported (created or updated), as Chatwoot counts them.
    pub processed_records: i64,
    pub failed_records: i64,
    pub created_records: i64,
    pub updated_records: i64,
    pub checkpoint_offset: i64,
    pub error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl DataImport {
    pub fn is_finished(&self) -> bool {
        self.status == "completed" || self.status == "failed"
    }

    /// Rows read so far, imported or not.
    pub fn rows_done(&self) -> i64 {
        self.processed_records + self.failed_records
    }
}

const COLUMNS: &str = "id, account_id, data_type, status, file_name, total_records, processed_records, \
     failed_records, created_records, updated_records, checkpoint_offset, error, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<DataImport> {
    Ok(DataImport {
        id: r.get(0)?,
        account_id: r.get(1)?,
        data_type: r.get(2)?,
        status: r.get(3)?,
        file_name: r.get(4)?,
        total_records: r.get(5)?,
        processed_records: r.get(6)?,
        failed_records: r.get(7)?,
        created_records: r.get(8)?,
        updated_records: r.get(9)?,
        checkpoint_offset: r.get(10)?,
        error: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

/// Creates a pending import holding the file (streamed into its own row, never whole in memory).
pub fn create(
    conn: &Connection,
    account_id: i64,
    file_name: &str,
    sha256: &str,
    file: &mut dyn Read,
    len: u64,
    now: i64,
) -> Result<i64> {
    let len_i64 = i64::try_from(len).map_err(Error::internal)?;
    conn.prepare_cached(
        "INSERT INTO data_imports (account_id, data_type, status, file_name, file_sha256, created_at, updated_at)
         VALUES (?, 'contacts', 'pending', ?, ?, ?, ?)",
    )?
    .execute(params![account_id, file_name, sha256, now, now])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT INTO data_import_files (data_import_id, file) VALUES (?, zeroblob(?))",
    )?
    .execute(params![id, len_i64])?;
    let mut blob = conn.blob_open(MAIN_DB, c"data_import_files", c"file", id, false)?;
    let copied = io::copy(&mut file.take(len), &mut blob)
        .map_err(|e| Error::internal(format!("storing the import file: {e}")))?;
    if copied != len {
        return Err(Error::internal(format!(
            "import file shrank while storing it ({copied} of {len} bytes)"
        )));
    }
    Ok(id)
}

pub fn find(conn: &Connection, account_id: i64, id: i64) -> Result<Option<DataImport>> {
    let sql = format!("SELECT {COLUMNS} FROM data_imports WHERE id = ? AND account_id = ?");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id, account_id], from_row)
        .optional()?)
}

fn by_id(conn: &Connection, id: i64) -> Result<DataImport> {
    let sql = format!("SELECT {COLUMNS} FROM data_imports WHERE id = ?");
    conn.prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Imports left pending or processing (by a stop or a crash), oldest first.
pub fn unfinished(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM data_imports WHERE status IN ('pending', 'processing') ORDER BY id",
    )?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// An unfinished import of the account whose file has this SHA-256: running the same file again resumes it.
pub fn unfinished_with_file(
    conn: &Connection,
    account_id: i64,
    sha256: &str,
) -> Result<Option<DataImport>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM data_imports WHERE account_id = ? AND status IN ('pending', 'processing')
         AND file_sha256 = ? ORDER BY id LIMIT 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![account_id, sha256], from_row)
        .optional()?)
}

/// Writes the failed rows as CSV: the file's header plus `errors`. Returns how many rows were written.
pub fn write_failures(conn: &Connection, id: i64, out: &mut dyn Write) -> Result<u64> {
    let headers: Option<String> = conn
        .prepare_cached("SELECT headers FROM data_imports WHERE id = ?")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten();
    let headers: Vec<String> = match headers {
        Some(h) => serde_json::from_str(&h).map_err(Error::internal)?,
        None => Vec::new(),
    };
    let mut w = FailedRowsWriter::new(out, &headers).map_err(write_error)?;
    let mut stmt = conn.prepare_cached(
        "SELECT record, errors FROM data_import_failures WHERE data_import_id = ? ORDER BY row_number",
    )?;
    let mut rows = stmt.query([id])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let record: String = r.get(0)?;
        let errors: String = r.get(1)?;
        let record: Vec<String> = serde_json::from_str(&record).map_err(Error::internal)?;
        w.row(&record, &errors).map_err(write_error)?;
        n += 1;
    }
    w.finish().map_err(write_error)?;
    Ok(n)
}

/// Failed rows with their spreadsheet row numbers and errors (the command line prints a few).
pub fn first_failures(conn: &Connection, id: i64, limit: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT row_number, errors FROM data_import_failures WHERE data_import_id = ? ORDER BY row_number LIMIT ?",
    )?;
    let rows = stmt.query_map(params![id, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn write_error(e: io::Error) -> Error {
    Error::internal(format!("writing CSV: {e}"))
}

/// The stored file is only needed until the import ends.
fn drop_file(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM data_import_files WHERE data_import_id = ?")?
        .execute([id])?;
    Ok(())
}

fn mark_failed(db: &Db, id: i64, reason: &str, now: i64) -> Result<DataImport> {
    db.write(|conn| {
        let changed = conn
            .prepare_cached(
                "UPDATE data_imports SET status = 'failed', error = ?, updated_at = ?
                 WHERE id = ? AND status IN ('pending', 'processing')",
            )?
            .execute(params![reason, now, id])?;
        if changed > 0 {
            drop_file(conn, id)?;
        }
        by_id(conn, id)
    })
}

/// Runs an import whose file is stored in the database (the server's worker, and resumes).
pub fn run_stored(
    db: &Db,
    id: i64,
    clock: &Clock,
    progress: &mut dyn FnMut(&DataImport),
) -> Result<DataImport> {
    let imp = db.read(|conn| by_id(conn, id))?;
    if imp.is_finished() {
        return Ok(imp);
    }
    // A copy on disk, so the run does not keep a read transaction (the blob handle) open for its
    // whole length, which would stop SQLite from checkpointing the WAL.
    let dir = db
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::tempfile_in(dir).map_err(Error::internal)?;
    let stored = db.read(|conn| {
        let present = conn
            .prepare_cached("SELECT 1 FROM data_import_files WHERE data_import_id = ?")?
            .exists([id])?;
        if !present {
            return Ok(false);
        }
        let mut blob = conn.blob_open(MAIN_DB, c"data_import_files", c"file", id, true)?;
        io::copy(&mut blob, &mut tmp).map_err(Error::internal)?;
        Ok(true)
    })?;
    if !stored {
        return mark_failed(db, id, "The import file is no longer stored", clock.now());
    }
    tmp.seek(SeekFrom::Start(0)).map_err(Error::internal)?;
    run(db, id, clock, tmp, progress)
}

/// How one row ended.
enum Outcome {
    Created,
    Updated,
    Failed(String),
}

#[derive(Default)]
struct Counts {
    created: i64,
    updated: i64,
    failed: i64,
}

enum Chunk {
    /// Committed; `true` once the file is done.
    Applied(DataImport, bool),
    /// Another runner moved the checkpoint: stop without touching anything.
    Superseded,
}

/// Runs (or resumes) import `id` over `file`, which must hold the bytes the import was created with.
/// `progress` sees the record after every committed chunk. A file that is not a usable CSV ends the
/// import as `failed` with the reason; so does a storage error, which is also returned.
pub fn run<R: Read + Seek>(
    db: &Db,
    id: i64,
    clock: &Clock,
    mut file: R,
    progress: &mut dyn FnMut(&DataImport),
) -> Result<DataImport> {
    let mut imp = db.read(|conn| by_id(conn, id))?;
    if imp.is_finished() {
        return Ok(imp);
    }
    if imp.status == "pending" {
        match csv_io::scan(&mut file) {
            Err(e) => return mark_failed(db, id, &e.0, clock.now()),
            Ok(scan) => {
                let headers =
                    serde_json::to_string(scan.header.names()).map_err(Error::internal)?;
                let rows = i64::try_from(scan.rows).map_err(Error::internal)?;
                imp = db.write(|conn| {
                    conn.prepare_cached(
                        "UPDATE data_imports SET status = 'processing', total_records = ?, headers = ?,
                             updated_at = ? WHERE id = ? AND status = 'pending'",
                    )?
                    .execute(params![rows, headers, clock.now(), id])?;
                    by_id(conn, id)
                })?;
            }
        }
        file.seek(SeekFrom::Start(0)).map_err(Error::internal)?;
        progress(&imp);
    }
    let mut reader = csv_io::import_reader(file);
    let header = match reader.byte_headers() {
        Ok(h) => ImportHeader::parse(h),
        Err(e) => Err(csv_io::FileError(e.to_string())),
    };
    let header = match header {
        Ok(h) => h,
        Err(e) => return mark_failed(db, id, &e.0, clock.now()),
    };
    if imp.checkpoint_offset > 0 {
        let mut pos = csv::Position::new();
        pos.set_byte(u64::try_from(imp.checkpoint_offset).map_err(Error::internal)?);
        if let Err(e) = reader.seek(pos) {
            return mark_failed(db, id, &format!("cannot resume: {e}"), clock.now());
        }
    }
    let mut record = ByteRecord::new();
    loop {
        let expected = imp.checkpoint_offset;
        let rows_before = imp.rows_done();
        let account_id = imp.account_id;
        let now = clock.now();
        let step = db.write(|conn| {
            chunk(
                conn,
                id,
                account_id,
                expected,
                rows_before,
                &mut reader,
                &header,
                &mut record,
                now,
            )
        });
        match step {
            Ok(Chunk::Applied(next, done)) => {
                progress(&next);
                imp = next;
                if done {
                    return Ok(imp);
                }
            }
            Ok(Chunk::Superseded) => {
                log::warn!(
                    "import #{id}: another runner moved its checkpoint; leaving it to that one"
                );
                return db.read(|conn| by_id(conn, id));
            }
            Err(e) => {
                let reason = format!("The import stopped: {e}");
                mark_failed(db, id, &reason, clock.now())?;
                return Err(e);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn chunk<R: Read>(
    conn: &Connection,
    id: i64,
    account_id: i64,
    expected_offset: i64,
    rows_before: i64,
    reader: &mut csv::Reader<R>,
    header: &ImportHeader,
    record: &mut ByteRecord,
    now: i64,
) -> Result<Chunk> {
    let (status, offset): (String, i64) = conn
        .prepare_cached("SELECT status, checkpoint_offset FROM data_imports WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if status != "processing" || offset != expected_offset {
        return Ok(Chunk::Superseded);
    }
    let mut counts = Counts::default();
    let mut pending = Pending::new(contacts::next_id(conn)?);
    let mut done = false;
    for _ in 0..CHUNK_ROWS {
        let more = reader
            .read_byte_record(record)
            .map_err(|e| Error::internal(format!("reading the import file: {e}")))?;
        if !more {
            done = true;
            break;
        }
        let index = rows_before + counts.created + counts.updated + counts.failed;
        let outcome = match csv_io::map_row(header, record) {
            Ok(row) => apply_row(conn, account_id, row, now, &mut pending)?,
            Err(e) => Outcome::Failed(e.0),
        };
        match outcome {
            Outcome::Created => counts.created += 1,
            Outcome::Updated => counts.updated += 1,
            Outcome::Failed(errors) => {
                counts.failed += 1;
                let fields: Vec<std::borrow::Cow<str>> =
                    record.iter().map(String::from_utf8_lossy).collect();
                let row_number = csv_io::row_number(u64::try_from(index).unwrap_or_default());
                conn.prepare_cached(
                    "INSERT INTO data_import_failures (data_import_id, row_number, record, errors) VALUES (?, ?, ?, ?)",
                )?
                .execute(params![
                    id,
                    i64::try_from(row_number).map_err(Error::internal)?,
                    serde_json::to_string(&fields).map_err(Error::internal)?,
                    errors
                ])?;
            }
        }
    }
    pending.flush(conn, account_id, now)?;
    let next_offset = i64::try_from(reader.position().byte()).map_err(Error::internal)?;
    conn.prepare_cached(
        "UPDATE data_imports SET checkpoint_offset = ?,
             processed_records = processed_records + ?, failed_records = failed_records + ?,
             created_records = created_records + ?, updated_records = updated_records + ?,
             status = CASE WHEN ? THEN 'completed' ELSE status END,
             updated_at = ?
         WHERE id = ?",
    )?
    .execute(params![
        next_offset,
        counts.created + counts.updated,
        counts.failed,
        counts.created,
        counts.updated,
        done,
        now,
        id
    ])?;
    if done {
        drop_file(conn, id)?;
    }
    Ok(Chunk::Applied(by_id(conn, id)?, done))
}

/// The contacts a chunk creates, held back so that they go in with one statement at the end of the
/// chunk ([`contacts::insert_many`]). Their ids are fixed when they are created: the ids SQLite would
/// have given them one by one, since nothing else writes while the chunk holds the write lock. Later
/// rows of the chunk find them here, by the values they hold as stored, as they would find a written
/// contact with [`contacts::taken`].
struct Pending {
    next_id: i64,
    contacts: Vec<(i64, ContactFields)>,
    /// Labels for pending contacts, in row order.
    labels: Vec<(i64, Vec<String>)>,
    /// Position in `contacts` of each id.
    position: HashMap<i64, usize>,
    by_identifier: HashMap<String, i64>,
    by_email: HashMap<String, i64>,
    by_phone: HashMap<String, i64>,
}

impl Pending {
    fn new(next_id: i64) -> Pending {
        Pending {
            next_id,
            contacts: Vec::new(),
            labels: Vec::new(),
            position: HashMap::new(),
            by_identifier: HashMap::new(),
            by_email: HashMap::new(),
            by_phone: HashMap::new(),
        }
    }

    /// The pending contact holding `value`, compared as [`contacts::taken`] compares it.
    fn holder(&self, field: Unique, value: &str) -> Option<i64> {
        match field {
            Unique::Identifier => self.by_identifier.get(value),
            Unique::Email => self.by_email.get(&value.to_lowercase()),
            Unique::PhoneNumber => self.by_phone.get(value),
        }
        .copied()
    }

    fn fields(&self, id: i64) -> Option<&ContactFields> {
        self.position.get(&id).map(|&i| &self.contacts[i].1)
    }

    fn index(&mut self, id: i64, f: &ContactFields, add: bool) {
        for (map, value) in [
            (&mut self.by_identifier, &f.identifier),
            (&mut self.by_email, &f.email),
            (&mut self.by_phone, &f.phone_number),
        ] {
            if let Some(v) = value {
                if add {
                    map.insert(v.clone(), id);
                } else {
                    map.remove(v);
                }
            }
        }
    }

    fn create(&mut self, f: ContactFields) -> Result<i64> {
        let id = self.next_id;
        self.next_id = id
            .checked_add(1)
            .ok_or_else(|| Error::internal("contact ids are exhausted"))?;
        self.index(id, &f, true);
        self.position.insert(id, self.contacts.len());
        self.contacts.push((id, f));
        Ok(id)
    }

    /// Replaces a pending contact's fields (the caller checked `id` is pending).
    fn update(&mut self, id: i64, f: ContactFields) {
        let Some(&i) = self.position.get(&id) else {
            return;
        };
        let old = std::mem::replace(&mut self.contacts[i].1, f);
        self.index(id, &old, false);
        let new = self.contacts[i].1.clone();
        self.index(id, &new, true);
    }

    /// Writes the held contacts, then their labels (which reference them).
    fn flush(&mut self, conn: &Connection, account_id: i64, now: i64) -> Result<()> {
        contacts::insert_many(conn, account_id, &self.contacts, now)?;
        for (id, names) in &self.labels {
            labels::add(conn, account_id, *id, names)?;
        }
        self.contacts.clear();
        self.labels.clear();
        self.position.clear();
        self.by_identifier.clear();
        self.by_email.clear();
        self.by_phone.clear();
        Ok(())
    }
}

/// Matches the row to a contact (identifier, then email, then phone number), applies it, validates it as
/// the API would, and writes it (a new contact, or one created earlier in the chunk, to `pending`). A
/// validation failure is the row's outcome, not an error.
fn apply_row(
    conn: &Connection,
    account_id: i64,
    row: ImportRow,
    now: i64,
    pending: &mut Pending,
) -> Result<Outcome> {
    let holder = |field: Unique, value: &Option<String>| -> Result<Option<i64>> {
        match value {
            Some(v) => match pending.holder(field, v) {
                Some(id) => Ok(Some(id)),
                None => contacts::taken(conn, account_id, None, field, v),
            },
            None => Ok(None),
        }
    };
    let by_identifier = holder(Unique::Identifier, &row.identifier)?;
    let by_email = holder(Unique::Email, &row.email)?;
    let by_phone = holder(Unique::PhoneNumber, &row.phone_number)?;
    let matched = by_identifier.or(by_email).or(by_phone);
    let matched_pending = matched.is_some_and(|id| pending.fields(id).is_some());
    let mut fields = match matched {
        Some(id) => match pending.fields(id) {
            Some(f) => f.clone(),
            None => contacts::get(conn, account_id, id)?.fields()?,
        },
        None => ContactFields::default(),
    };
    let mut row = row;
    let new_labels = std::mem::take(&mut row.labels);
    row.apply_to(&mut fields);
    // The unique values the contact ends up with are either the row's (whose holders were just looked up)
    // or the matched contact's own, which nobody else holds: no second round of lookups is needed.
    let checked = fields.validate(|field, _| {
        let holder = match field {
            Unique::Identifier => by_identifier,
            Unique::Email => by_email,
            Unique::PhoneNumber => by_phone,
        };
        Ok(holder.filter(|h| Some(*h) != matched))
    });
    match checked {
        Ok(()) => {}
        Err(Error::Validation(errors, _)) => {
            let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
            return Ok(Outcome::Failed(messages.join(", ")));
        }
        Err(e) => return Err(e),
    }
    let (contact_id, outcome) = match matched {
        Some(id) if matched_pending => {
            pending.update(id, fields);
            (id, Outcome::Updated)
        }
        Some(id) => {
            contacts::save(conn, id, &fields, now)?;
            (id, Outcome::Updated)
        }
        None => (pending.create(fields)?, Outcome::Created),
    };
    if !new_labels.is_empty() {
        if pending.fields(contact_id).is_some() {
            pending.labels.push((contact_id, new_labels));
        } else {
            labels::add(conn, account_id, contact_id, &new_labels)?;
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::temp_db;
    use std::io::Cursor;

    fn setup(db: &Db) {
        db.write(|c| {
            c.execute_batch(
                "INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'A', 0, 0);
                 INSERT INTO contacts (account_id, name, email, identifier, created_at, updated_at, resolved)
                     VALUES (1, 'Old', 'old@x.io', 'id-old', 0, 0, 1);",
            )?;
            // Rows inserted by hand carry no search rows (migration V9): index them as inserts do.
            crate::db::contacts::index_for_search(c, &[1])?;
            Ok(())
        })
        .unwrap();
    }

    fn import(db: &Db, text: &str) -> DataImport {
        let bytes = text.as_bytes().to_vec();
        let id = db
            .write(|c| {
                create(
                    c,
                    1,
                    "t.csv",
                    "x",
                    &mut Cursor::new(bytes.clone()),
                    bytes.len() as u64,
                    10,
                )
            })
            .unwrap();
        run_stored(db, id, &Clock::system(), &mut |_| {}).unwrap()
    }

    fn contacts_text(db: &Db) -> Vec<String> {
        db.read(|c| {
            let mut s = c.prepare(
                "SELECT coalesce(identifier,'-') || ' ' || coalesce(email,'-') || ' ' || coalesce(phone_number,'-') || ' ' || name
                 FROM contacts ORDER BY id",
            )?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .unwrap()
    }

    #[test]
    fn matches_folds_and_rejects() {
        let (db, _dir) = temp_db();
        setup(&db);
        let imp = import(
            &db,
            "identifier,email,phone_number,name\n\
             ,OLD@x.io,,Matched by email\n\
             n1,new@x.io,15550001,New\n\
             ,,+15550001,Folded by phone\n\
             id-old,new@x.io,,Taken email\n\
             ,bad,,Bad\n",
        );
        assert_eq!(imp.status, "completed");
        assert_eq!(
            (
                imp.total_records,
                imp.processed_records,
                imp.failed_records,
                imp.created_records,
                imp.updated_records
            ),
            (5, 3, 2, 1, 2)
        );
        assert_eq!(
            contacts_text(&db),
            vec![
                "id-old old@x.io - Matched by email",
                "n1 new@x.io +15550001 Folded by phone"
            ]
        );
        let failures = db.read(|c| first_failures(c, imp.id, 10)).unwrap();
        assert_eq!(
            failures,
            vec![
                (5, "Email has already been taken".to_string()),
                (6, "Email Invalid email".to_string())
            ]
        );
        let mut out = Vec::new();
        db.read(|c| write_failures(c, imp.id, &mut out)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "identifier,email,phone_number,name,errors\n\
             id-old,new@x.io,,Taken email,Email has already been taken\n\
             ,bad,,Bad,Email Invalid email\n"
        );
        // The file is dropped once the import is done.
        let file_gone: bool = db
            .read(|c| {
                Ok(
                    c.query_row("SELECT count(*) = 0 FROM data_import_files", [], |r| {
                        r.get(0)
                    })?,
                )
            })
            .unwrap();
        assert!(file_gone);
    }

    #[test]
    fn malformed_files_fail_with_a_reason() {
        let (db, _dir) = temp_db();
        setup(&db);
        let imp = import(&db, "plan,seats\npro,3\n");
        assert_eq!(imp.status, "failed");
        assert!(imp.error.unwrap().starts_with("No header row"));
        assert_eq!(contacts_text(&db).len(), 1);
    }

    #[test]
    fn resumes_from_the_checkpoint_and_skips_when_superseded() {
        let (db, _dir) = temp_db();
        setup(&db);
        let mut text = String::from("email\n");
        for i in 0..(CHUNK_ROWS * 2 + 10) {
            text.push_str(&format!("u{i}@x.io\n"));
        }
        let bytes = text.into_bytes();
        let id = db
            .write(|c| {
                create(
                    c,
                    1,
                    "t.csv",
                    "x",
                    &mut Cursor::new(bytes.clone()),
                    bytes.len() as u64,
                    10,
                )
            })
            .unwrap();
        // Stop after the first chunk, as a killed process would.
        struct Stop;
        let clock = Clock::system();
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(&db, id, &clock, Cursor::new(bytes.clone()), &mut |imp| {
                if imp.checkpoint_offset > 0 {
                    std::panic::panic_any(Stop);
                }
            })
        }));
        assert!(res.is_err());
        let mid = db.read(|c| by_id(c, id)).unwrap();
        assert_eq!(
            (mid.status.as_str(), mid.created_records),
            ("processing", CHUNK_ROWS as i64)
        );
        let done = run_stored(&db, id, &clock, &mut |_| {}).unwrap();
        assert_eq!(done.status, "completed");
        assert_eq!(done.created_records, (CHUNK_ROWS * 2 + 10) as i64);
        assert_eq!(contacts_text(&db).len(), CHUNK_ROWS * 2 + 11);
        // A runner that read an older checkpoint applies nothing.
        db.write(|c| {
            c.execute(
                "UPDATE data_imports SET status = 'processing' WHERE id = ?",
                [id],
            )?;
            Ok(())
        })
        .unwrap();
        let mut reader = csv_io::import_reader(Cursor::new(bytes));
        let header = ImportHeader::parse(reader.byte_headers().unwrap()).unwrap();
        let mut record = ByteRecord::new();
        let step = db
            .write(|c| chunk(c, id, 1, 0, 0, &mut reader, &header, &mut record, 0))
            .unwrap();
        assert!(matches!(step, Chunk::Superseded));
        assert_eq!(contacts_text(&db).len(), CHUNK_ROWS * 2 + 11);
    }

    /// An import accepted before V8 (its file still in `data_imports.file`) survives the upgrade: V8
    /// moves the file to `data_import_files` and the resumed import applies it.
    #[test]
    fn an_import_waiting_across_the_v8_upgrade_keeps_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            crate::db::embedded::migrations::runner()
                .set_target(refinery::Target::Version(7))
                .run(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'A', 0, 0);
                 INSERT INTO data_imports (id, account_id, status, file_name, file, created_at, updated_at)
                     VALUES (1, 1, 'pending', 'old.csv',
                             CAST('email,name\nuna@example.com,Una\nbad-email,Bo\n' AS BLOB), 0, 0);",
            )
            .unwrap();
        }
        let db = Db::open(&path, 2).unwrap();
        let (moved, old_column): (Vec<u8>, i64) = db
            .read(|c| {
                let moved = c.query_row(
                    "SELECT file FROM data_import_files WHERE data_import_id = 1",
                    [],
                    |r| r.get(0),
                )?;
                let old_column = c.query_row(
                    "SELECT count(*) FROM pragma_table_info('data_imports') WHERE name = 'file'",
                    [],
                    |r| r.get(0),
                )?;
                Ok((moved, old_column))
            })
            .unwrap();
        assert_eq!(moved, b"email,name\nuna@example.com,Una\nbad-email,Bo\n");
        assert_eq!(old_column, 0);
        let done = run_stored(&db, 1, &Clock::system(), &mut |_| {}).unwrap();
        assert_eq!(
            (
                done.status.as_str(),
                done.total_records,
                done.created_records,
                done.failed_records
            ),
            ("completed", 2, 1, 1)
        );
        assert_eq!(
            contacts_text(&db),
            vec!["- una@example.com - Una".to_string()]
        );
    }
}
