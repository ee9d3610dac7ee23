//! Accounts, users and tokens: who is calling.

use crate::domain::auth::{Principal, Role};
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Tokens are stored and looked up by their SHA-256.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Resolves a token for an account, in Chatwoot's order: token, account, membership.
pub fn principal(conn: &Connection, token: &str, account_id: i64) -> Result<Principal> {
    let row: Option<(i64, Option<i64>, Option<String>)> = conn
        .prepare_cached(
            "SELECT t.user_id,
                    (SELECT 1 FROM accounts WHERE id = ?2),
                    (SELECT role FROM account_users WHERE account_id = ?2 AND user_id = t.user_id)
             FROM access_tokens t WHERE t.token_sha256 = ?1",
        )?
        .query_row(params![token_digest(token), account_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (user_id, account, role) = row.ok_or(Error::InvalidToken)?;
    account.ok_or(Error::NotFound)?;
    let role = role.ok_or(Error::NotAccountMember)?;
    let role = Role::parse(&role).ok_or_else(|| Error::internal(format!("unknown role {role}")))?;
    Ok(Principal {
        user_id,
        account_id,
        role,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
}

pub fn user(conn: &Connection, id: i64) -> Result<Option<User>> {
    Ok(conn
        .prepare_cached("SELECT id, name, email FROM users WHERE id = ?")?
        .query_row([id], |r| {
            Ok(User {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        })
        .optional()?)
}

pub fn account_exists(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM accounts WHERE id = ?")?
        .exists([id])?)
}

/// Is `user_id` a member of `inbox_id`? (Agents only see their inboxes.)
pub fn is_inbox_member(conn: &Connection, inbox_id: i64, user_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM inbox_members WHERE inbox_id = ? AND user_id = ?")?
        .exists(params![inbox_id, user_id])?)
}
