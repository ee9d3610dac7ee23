//! Inboxes.

use crate::domain::inbox::Inbox;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

pub(crate) const INBOX_COLUMNS: &str = "i.id, i.account_id, i.name, i.channel_type, i.channel_id, i.email, \
     i.phone_number, i.provider, i.medium, i.website_token, i.identifier, i.hmac_token, i.hmac_mandatory, \
     i.created_at, i.updated_at";

/// Reads an inbox from `INBOX_COLUMNS` starting at column `at`.
pub(crate) fn from_row(r: &Row, at: usize) -> rusqlite::Result<Inbox> {
    Ok(Inbox {
        id: r.get(at)?,
        account_id: r.get(at + 1)?,
        name: r.get(at + 2)?,
        channel_type: r.get(at + 3)?,
        channel_id: r.get(at + 4)?,
        email: r.get(at + 5)?,
        phone_number: r.get(at + 6)?,
        provider: r.get(at + 7)?,
        medium: r.get(at + 8)?,
        website_token: r.get(at + 9)?,
        identifier: r.get(at + 10)?,
        hmac_token: r.get(at + 11)?,
        hmac_mandatory: r.get(at + 12)?,
        created_at: r.get(at + 13)?,
        updated_at: r.get(at + 14)?,
    })
}

/// An inbox of the account.
pub fn find(conn: &Connection, account_id: i64, id: i64) -> Result<Option<Inbox>> {
    let sql = format!("SELECT {INBOX_COLUMNS} FROM inboxes i WHERE i.account_id = ? AND i.id = ?");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![account_id, id], |r| from_row(r, 0))
        .optional()?)
}

/// An API inbox by its public identifier.
pub fn find_api_by_identifier(conn: &Connection, identifier: &str) -> Result<Option<Inbox>> {
    let sql = format!(
        "SELECT {INBOX_COLUMNS} FROM inboxes i WHERE i.identifier = ? AND i.channel_type = 'Channel::Api'"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([identifier], |r| from_row(r, 0))
        .optional()?)
}

/// Every inbox of the account, by id.
pub fn all(conn: &Connection, account_id: i64) -> Result<Vec<Inbox>> {
    let sql = format!("SELECT {INBOX_COLUMNS} FROM inboxes i WHERE i.account_id = ? ORDER BY i.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([account_id], |r| from_row(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
