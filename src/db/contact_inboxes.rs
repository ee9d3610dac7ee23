//! Contact inboxes: how a contact is reached through an inbox (Chatwoot's ContactInboxBuilder).

use super::inboxes::{INBOX_COLUMNS, from_row as inbox_from_row};
use crate::domain::contact::Contact;
use crate::domain::inbox::{ContactInbox, Inbox};
use crate::error::{Error, Result};
use rand::Rng;
use rand::distr::Alphanumeric;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

fn select_sql(filter: &str) -> String {
    format!(
        "SELECT ci.id, ci.contact_id, ci.source_id, ci.hmac_verified, ci.pubsub_token, ci.created_at, \
         ci.updated_at, {INBOX_COLUMNS} FROM contact_inboxes ci JOIN inboxes i ON i.id = ci.inbox_id {filter}"
    )
}

fn from_row(r: &Row) -> rusqlite::Result<ContactInbox> {
    Ok(ContactInbox {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        source_id: r.get(2)?,
        hmac_verified: r.get(3)?,
        pubsub_token: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        inbox: inbox_from_row(r, 7)?,
    })
}

/// The contact inboxes of several contacts in one query (no N+1), each list in DB order.
pub fn for_contacts(
    conn: &Connection,
    contact_ids: &[i64],
) -> Result<HashMap<i64, Vec<ContactInbox>>> {
    let mut out: HashMap<i64, Vec<ContactInbox>> = HashMap::new();
    if contact_ids.is_empty() {
        return Ok(out);
    }
    let sql = select_sql(&format!(
        "WHERE ci.contact_id IN ({}) ORDER BY ci.contact_id, ci.id",
        super::placeholders(contact_ids.len())
    ));
    // Cached: a page has one of at most 100 sizes, so the statement cache serves every list.
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(contact_ids), from_row)?;
    for row in rows {
        let ci = row?;
        out.entry(ci.contact_id).or_default().push(ci);
    }
    Ok(out)
}

pub fn find_by_source(
    conn: &Connection,
    inbox_id: i64,
    source_id: &str,
) -> Result<Option<ContactInbox>> {
    let sql = select_sql("WHERE ci.inbox_id = ? AND ci.source_id = ?");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![inbox_id, source_id], from_row)
        .optional()?)
}

/// A random token like Rails' `has_secure_token` (24 alphanumerics).
pub fn secure_token() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect()
}

/// Find-or-create the contact's contact inbox, generating and checking the source id by channel.
pub fn build(
    conn: &Connection,
    contact: &Contact,
    inbox: &Inbox,
    source_id: Option<String>,
    hmac_verified: bool,
    now: i64,
) -> Result<ContactInbox> {
    let kind = inbox.kind();
    let source_id = match source_id.filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => kind.generate_source_id(
            contact.email.as_deref(),
            contact.phone_number.as_deref(),
            || uuid::Uuid::new_v4().to_string(),
        )?,
    };
    kind.validate_source_id(&source_id)?;
    if let Some(existing) = find_by_source(conn, inbox.id, &source_id)? {
        if existing.contact_id == contact.id {
            return Ok(existing);
        }
        if !kind.rewrites_collisions() {
            // Chatwoot raises a unique violation (500) here.
            return Err(Error::Unprocessable(
                "Source id has already been taken".into(),
            ));
        }
        // Chatwoot frees the source id by giving the other contact's row a random variant of it.
        let variant = format!("{source_id}-{}", &secure_token()[..8]);
        conn.prepare_cached(
            "UPDATE contact_inboxes SET source_id = ?, updated_at = ? WHERE id = ?",
        )?
        .execute(params![variant, now, existing.id])?;
    }
    insert(conn, contact.id, inbox.id, &source_id, hmac_verified, now)?;
    find_by_source(conn, inbox.id, &source_id)?
        .ok_or_else(|| Error::internal("contact inbox vanished"))
}

pub fn insert(
    conn: &Connection,
    contact_id: i64,
    inbox_id: i64,
    source_id: &str,
    hmac_verified: bool,
    now: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contact_inboxes (contact_id, inbox_id, source_id, hmac_verified, pubsub_token, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![contact_id, inbox_id, source_id, hmac_verified, secure_token(), now, now])?;
    Ok(conn.last_insert_rowid())
}

/// Does this contact inbox have any conversation? (Web widget inboxes are only offered when not.)
pub fn has_conversations(conn: &Connection, contact_inbox_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM conversations WHERE contact_inbox_id = ? LIMIT 1")?
        .exists([contact_inbox_id])?)
}
