//! Merging one contact into another (Chatwoot's ContactMergeAction, reference 20). Runs inside the
//! caller's write transaction, so any error (a 422 from the final save included) undoes every step.

use super::contacts;
use crate::domain::contact::Contact;
use crate::domain::merge::merge_fields;
use crate::error::Result;
use rusqlite::{Connection, params};

/// Moves everything of `mergee_id` onto `base_id`, deletes the mergee, then saves the base with the
/// merged attributes (validated). Returns the base as stored. Both must be contacts of the account
/// (404 otherwise); merging a contact into itself changes nothing.
pub fn merge(
    conn: &Connection,
    account_id: i64,
    base_id: i64,
    mergee_id: i64,
    now: i64,
) -> Result<Contact> {
    let base = contacts::get(conn, account_id, base_id)?;
    let mergee = contacts::get(conn, account_id, mergee_id)?;
    if base.id == mergee.id {
        return Ok(base);
    }
    let fields = merge_fields(&base.fields()?, &mergee.fields()?);
    move_children(conn, account_id, base.id, mergee.id)?;
    // Keep the latest heartbeat, so a merge never takes an online contact offline.
    if let Some(seen) = mergee.last_seen_at
        && base.last_seen_at.is_none_or(|b| b < seen)
    {
        contacts::touch_presence(conn, account_id, base.id, seen)?;
    }
    // The mergee goes first: that frees its email, identifier and phone for the base.
    conn.prepare_cached("DELETE FROM contacts WHERE id = ?")?
        .execute([mergee.id])?;
    if let Some(avatar) = mergee.avatar_id {
        conn.prepare_cached("DELETE FROM avatars WHERE id = ?")?
            .execute([avatar])?;
    }
    contacts::validate(conn, account_id, Some(base.id), &fields)?;
    contacts::save(conn, base.id, &fields, now)?;
    contacts::get(conn, account_id, base.id)
}

/// Conversations, the messages the mergee sent, contact inboxes and notes change owner; labels are
/// united (our decision: Chatwoot drops the mergee's).
fn move_children(conn: &Connection, account_id: i64, base: i64, mergee: i64) -> Result<()> {
    conn.prepare_cached("UPDATE conversations SET contact_id = ? WHERE contact_id = ?")?
        .execute(params![base, mergee])?;
    conn.prepare_cached(
        "UPDATE messages SET sender_id = ? WHERE sender_type = 'Contact' AND sender_id = ? AND account_id = ?",
    )?
    .execute(params![base, mergee, account_id])?;
    conn.prepare_cached("UPDATE contact_inboxes SET contact_id = ? WHERE contact_id = ?")?
        .execute(params![base, mergee])?;
    conn.prepare_cached("UPDATE notes SET contact_id = ? WHERE contact_id = ?")?
        .execute(params![base, mergee])?;
    // The label key is case-insensitive, so "VIP" on the mergee folds into "vip" on the base.
    conn.prepare_cached(
        "INSERT OR IGNORE INTO contact_labels (contact_id, account_id, name, resolved)
         SELECT ?1, account_id, name, (SELECT resolved FROM contacts WHERE id = ?1)
         FROM contact_labels WHERE contact_id = ?2",
    )?
    .execute(params![base, mergee])?;
    Ok(())
}
