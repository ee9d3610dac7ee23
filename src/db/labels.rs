//! Labels on contacts (tags, matched case-insensitively) and the account's label catalogue.

use crate::error::Result;
use rusqlite::{Connection, params};

/// The contact's label names, alphabetically.
pub fn for_contact(conn: &Connection, contact_id: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM contact_labels WHERE contact_id = ? ORDER BY name")?;
    let rows = stmt.query_map([contact_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces the contact's labels. Names equal but for case count once (the first spelling is kept).
pub fn replace(
    conn: &Connection,
    account_id: i64,
    contact_id: i64,
    names: &[String],
) -> Result<Vec<String>> {
    conn.prepare_cached("DELETE FROM contact_labels WHERE contact_id = ?")?
        .execute([contact_id])?;
    add(conn, account_id, contact_id, names)?;
    for_contact(conn, contact_id)
}

/// Adds labels to a contact, keeping the ones it has.
pub fn add(conn: &Connection, account_id: i64, contact_id: i64, names: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_labels (contact_id, account_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    )?;
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        stmt.execute(params![contact_id, account_id, name])?;
    }
    Ok(())
}

pub fn insert_catalogue(
    conn: &Connection,
    account_id: i64,
    title: &str,
    description: &str,
    color: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO labels (account_id, title, description, color) VALUES (?, ?, ?, ?)",
    )?
    .execute(params![account_id, title, description, color])?;
    Ok(())
}
