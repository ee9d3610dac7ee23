//! Inserts for the fixture loader: explicit ids, no API validation beyond what the loader checks.

use super::accounts::token_digest;
use crate::error::Result;
use rusqlite::{Connection, params};

pub fn account(conn: &Connection, id: i64, name: &str, locale: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO accounts (id, name, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    )?
    .execute(params![id, name, locale, now, now])?;
    Ok(())
}

pub fn user(
    conn: &Connection,
    id: i64,
    name: &str,
    email: &str,
    token: Option<&str>,
    now: i64,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, ?)")?
        .execute(params![id, name, email, now])?;
    if let Some(token) = token {
        conn.prepare_cached("INSERT INTO access_tokens (token_sha256, user_id) VALUES (?, ?)")?
            .execute(params![token_digest(token), id])?;
    }
    Ok(())
}

pub fn account_user(conn: &Connection, account_id: i64, user_id: i64, role: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO account_users (account_id, user_id, role) VALUES (?, ?, ?)")?
        .execute(params![account_id, user_id, role])?;
    Ok(())
}

pub struct NewInbox<'a> {
    pub id: i64,
    pub account_id: i64,
    pub name: &'a str,
    pub channel_type: &'a str,
    pub email: Option<&'a str>,
    pub phone_number: Option<&'a str>,
    pub provider: Option<&'a str>,
    pub medium: Option<&'a str>,
    pub website_token: Option<&'a str>,
    pub identifier: Option<&'a str>,
    pub hmac_token: Option<&'a str>,
    pub hmac_mandatory: bool,
}

pub fn inbox(conn: &Connection, i: &NewInbox, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inboxes (id, account_id, name, channel_type, channel_id, email, phone_number, provider, medium,
             website_token, identifier, hmac_token, hmac_mandatory, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        i.id,
        i.account_id,
        i.name,
        i.channel_type,
        i.id,
        i.email,
        i.phone_number,
        i.provider,
        i.medium,
        i.website_token,
        i.identifier,
        i.hmac_token,
        i.hmac_mandatory,
        now,
        now
    ])?;
    Ok(())
}

pub fn inbox_member(conn: &Connection, inbox_id: i64, user_id: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO inbox_members (inbox_id, user_id) VALUES (?, ?)")?
        .execute(params![inbox_id, user_id])?;
    Ok(())
}

pub fn custom_attribute_definition(
    conn: &Connection,
    account_id: i64,
    model: &str,
    key: &str,
    display_name: &str,
    display_type: &str,
    values_json: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO custom_attribute_definitions (account_id, attribute_model, attribute_key,
             attribute_display_name, attribute_display_type, attribute_values) VALUES (?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![account_id, model, key, display_name, display_type, values_json])?;
    Ok(())
}

pub struct NewConversation<'a> {
    pub id: i64,
    pub display_id: i64,
    pub account_id: i64,
    pub inbox_id: i64,
    pub contact_id: i64,
    pub contact_inbox_id: Option<i64>,
    pub status: &'a str,
    pub assignee_id: Option<i64>,
    pub created_at: i64,
    pub last_activity_at: i64,
}

pub fn conversation(conn: &Connection, c: &NewConversation) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO conversations (id, display_id, account_id, inbox_id, contact_id, contact_inbox_id, uuid, status,
             assignee_id, last_activity_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        c.id,
        c.display_id,
        c.account_id,
        c.inbox_id,
        c.contact_id,
        c.contact_inbox_id,
        uuid::Uuid::new_v4().to_string(),
        c.status,
        c.assignee_id,
        c.last_activity_at,
        c.created_at,
        c.last_activity_at
    ])?;
    Ok(())
}

pub struct NewMessage<'a> {
    pub account_id: i64,
    pub conversation_id: i64,
    pub inbox_id: i64,
    pub content: Option<&'a str>,
    pub message_type: &'a str,
    pub sender_type: Option<&'a str>,
    pub sender_id: Option<i64>,
    pub created_at: i64,
}

pub fn message(conn: &Connection, m: &NewMessage) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO messages (account_id, conversation_id, inbox_id, content, message_type, sender_type, sender_id,
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        m.account_id,
        m.conversation_id,
        m.inbox_id,
        m.content,
        m.message_type,
        m.sender_type,
        m.sender_id,
        m.created_at,
        m.created_at
    ])?;
    Ok(())
}

pub fn note(
    conn: &Connection,
    id: Option<i64>,
    account_id: i64,
    contact_id: i64,
    user_id: Option<i64>,
    content: &str,
    at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO notes (id, account_id, contact_id, user_id, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![id, account_id, contact_id, user_id, content, at, at])?;
    Ok(())
}

/// Does a row with this id exist in `table`? `table` is one of our own names, never user input.
pub fn exists(conn: &Connection, table: SeedTable, id: i64) -> Result<bool> {
    let sql = match table {
        SeedTable::Accounts => "SELECT 1 FROM accounts WHERE id = ?",
        SeedTable::Users => "SELECT 1 FROM users WHERE id = ?",
        SeedTable::Inboxes => "SELECT 1 FROM inboxes WHERE id = ?",
        SeedTable::Contacts => "SELECT 1 FROM contacts WHERE id = ?",
        SeedTable::Conversations => "SELECT 1 FROM conversations WHERE id = ?",
        SeedTable::Notes => "SELECT 1 FROM notes WHERE id = ?",
    };
    Ok(conn.prepare_cached(sql)?.exists([id])?)
}

#[derive(Debug, Clone, Copy)]
pub enum SeedTable {
    Accounts,
    Users,
    Inboxes,
    Contacts,
    Conversations,
    Notes,
}

/// The account an inbox or contact belongs to.
pub fn account_of(conn: &Connection, table: SeedTable, id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    let sql = match table {
        SeedTable::Inboxes => "SELECT account_id FROM inboxes WHERE id = ?",
        SeedTable::Contacts => "SELECT account_id FROM contacts WHERE id = ?",
        SeedTable::Conversations => "SELECT account_id FROM conversations WHERE id = ?",
        SeedTable::Notes => "SELECT account_id FROM notes WHERE id = ?",
        SeedTable::Accounts => "SELECT id FROM accounts WHERE id = ?",
        SeedTable::Users => "SELECT id FROM users WHERE id = ?",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The contact inbox of a contact in an inbox, if one exists (latest first).
pub fn contact_inbox_id(conn: &Connection, contact_id: i64, inbox_id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT id FROM contact_inboxes WHERE contact_id = ? AND inbox_id = ? ORDER BY id DESC LIMIT 1")?
        .query_row(params![contact_id, inbox_id], |r| r.get(0))
        .optional()?)
}
