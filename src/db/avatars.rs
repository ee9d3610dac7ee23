//! Avatar images, stored in the database file itself so a backup of that one file keeps them.

use crate::domain::avatar::Avatar;
use crate::domain::contact::Contact;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// Stores an avatar and returns its id.
pub fn insert(conn: &Connection, avatar: &Avatar, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO avatars (content_type, original, thumbnail, created_at) VALUES (?, ?, ?, ?)",
    )?
    .execute(params![
        avatar.content_type,
        avatar.original,
        avatar.thumbnail,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Points the contact at `avatar_id` (or at none) and deletes the avatar it had before.
pub fn set_for_contact(
    conn: &Connection,
    contact: &Contact,
    avatar_id: Option<i64>,
    now: i64,
) -> Result<()> {
    if contact.avatar_id == avatar_id {
        return Ok(());
    }
    conn.prepare_cached("UPDATE contacts SET avatar_id = ?, updated_at = ? WHERE id = ?")?
        .execute(params![avatar_id, now, contact.id])?;
    if let Some(old) = contact.avatar_id {
        delete(conn, old)?;
    }
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM avatars WHERE id = ?")?
        .execute([id])?;
    Ok(())
}

/// The original upload: its content type and bytes.
pub fn original(conn: &Connection, id: i64) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .prepare_cached("SELECT content_type, original FROM avatars WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The thumbnail's bytes (its type is read from them).
pub fn thumbnail(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT thumbnail FROM avatars WHERE id = ?")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// How many avatars are stored (tests use it to prove a failed write left none behind).
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM avatars")?
        .query_row([], |r| r.get(0))?)
}
