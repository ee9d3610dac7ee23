//! Users as agents of an account: their role there and the inboxes they belong to.

use crate::domain::agent::Agent;
use crate::domain::auth::Role;
use crate::error::Result;
use rusqlite::{Connection, params_from_iter};
use std::collections::{HashMap, HashSet};

/// Several users with their role in `account_id`, in one query.
pub fn by_ids(conn: &Connection, account_id: i64, ids: &[i64]) -> Result<HashMap<i64, Agent>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT u.id, u.name, u.email, au.role FROM users u
         LEFT JOIN account_users au ON au.user_id = u.id AND au.account_id = ?
         WHERE u.id IN ({})",
        super::placeholders(ids.len())
    );
    let params = std::iter::once(account_id).chain(ids.iter().copied());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        let role: Option<String> = r.get(3)?;
        Ok(Agent {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            role: role.as_deref().and_then(Role::parse),
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let a = row?;
        out.insert(a.id, a);
    }
    Ok(out)
}

/// The inboxes `user_id` is a member of: all an agent may see.
pub fn member_inbox_ids(conn: &Connection, user_id: i64) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached("SELECT inbox_id FROM inbox_members WHERE user_id = ?")?;
    let rows = stmt.query_map([user_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
