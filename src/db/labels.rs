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
    let removed = conn
        .prepare_cached("DELETE FROM contact_labels WHERE contact_id = ?")?
        .execute([contact_id])?;
    if removed > 0 {
        label_lists_changed(conn, account_id)?;
    }
    add(conn, account_id, contact_id, names)?;
    for_contact(conn, contact_id)
}

/// Adds labels to a contact, keeping the ones it has.
pub fn add(conn: &Connection, account_id: i64, contact_id: i64, names: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_labels (contact_id, account_id, name, resolved)
         VALUES (?1, ?2, ?3, (SELECT resolved FROM contacts WHERE id = ?1)) ON CONFLICT DO NOTHING",
    )?;
    let mut added = 0;
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        added += stmt.execute(params![contact_id, account_id, name])?;
    }
    if added > 0 {
        label_lists_changed(conn, account_id)?;
    }
    Ok(())
}

/// Bumps the account's list generation (see `list_cache`): label-filtered counts and pages change.
/// Here rather than in a trigger on `contact_labels`: a trigger makes each label insert a statement
/// with its own savepoint, and every savepoint makes FTS5 flush its pending index data as a new
/// segment, which turned a fixture load of 100,000 contacts from 35 s into minutes.
fn label_lists_changed(conn: &Connection, account_id: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contact_counts SET generation = generation + 1 WHERE account_id = ?",
    )?
    .execute([account_id])?;
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
