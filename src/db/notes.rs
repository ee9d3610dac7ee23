//! Notes on contacts.

use crate::domain::note::Note;
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, Row, params};

const NOTE_COLUMNS: &str =
    "id, account_id, contact_id, user_id, content, created_at, updated_at FROM notes";

fn from_row(r: &Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        account_id: r.get(1)?,
        contact_id: r.get(2)?,
        user_id: r.get(3)?,
        content: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// The contact's notes, newest first (ties: the later id first, so the order is stable).
pub fn for_contact(conn: &Connection, contact_id: i64) -> Result<Vec<Note>> {
    let sql =
        format!("SELECT {NOTE_COLUMNS} WHERE contact_id = ? ORDER BY created_at DESC, id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([contact_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A note of this contact; a note of another contact is not found.
pub fn get(conn: &Connection, contact_id: i64, id: i64) -> Result<Note> {
    let sql = format!("SELECT {NOTE_COLUMNS} WHERE id = ? AND contact_id = ?");
    conn.prepare_cached(&sql)?
        .query_row(params![id, contact_id], from_row)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn create(
    conn: &Connection,
    account_id: i64,
    contact_id: i64,
    user_id: i64,
    content: &str,
    now: i64,
) -> Result<Note> {
    conn.prepare_cached(
        "INSERT INTO notes (account_id, contact_id, user_id, content, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![account_id, contact_id, user_id, content, now, now])?;
    get(conn, contact_id, conn.last_insert_rowid())
}

pub fn update_content(conn: &Connection, note: &Note, content: &str, now: i64) -> Result<Note> {
    conn.prepare_cached("UPDATE notes SET content = ?, updated_at = ? WHERE id = ?")?
        .execute(params![content, now, note.id])?;
    get(conn, note.contact_id, note.id)
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM notes WHERE id = ?")?
        .execute([id])?;
    Ok(())
}
