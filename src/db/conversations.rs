//! A contact's conversations and their last messages, each list in a fixed number of queries.

use crate::domain::conversation::{Conversation, Message};
use crate::error::Result;
use rusqlite::{Connection, Row, params, params_from_iter};
use std::collections::HashMap;

/// Chatwoot's cap on `contacts/:id/conversations` (there is no pagination).
pub const CONTACT_CONVERSATIONS_LIMIT: i64 = 20;

/// ?1 contact, ?2 account, ?3 member user or NULL, ?4 limit, ?5 "never seen" (i64::MIN).
const FOR_CONTACT_SQL: &str = "
    SELECT c.id, c.display_id, c.account_id, c.inbox_id, c.contact_id, c.uuid, c.status, c.assignee_id,
           c.priority, c.additional_attributes, c.custom_attributes, c.snoozed_until, c.agent_last_seen_at,
           c.contact_last_seen_at, c.last_activity_at, c.created_at, i.channel_type, i.medium, ci.hmac_verified,
           (SELECT m.created_at FROM messages m
             WHERE m.conversation_id = c.id AND m.message_type = 'incoming'
             ORDER BY m.created_at DESC, m.id DESC LIMIT 1),
           (SELECT count(*) FROM (SELECT 1 FROM messages m
             WHERE m.conversation_id = c.id AND m.message_type = 'incoming'
               AND m.created_at > coalesce(c.agent_last_seen_at, ?5) LIMIT 10))
    FROM conversations c
    JOIN inboxes i ON i.id = c.inbox_id
    LEFT JOIN contact_inboxes ci ON ci.id = c.contact_inbox_id
    WHERE c.contact_id = ?1 AND c.account_id = ?2
      AND (?3 IS NULL OR c.inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = ?3))
    ORDER BY c.last_activity_at DESC, c.id DESC
    LIMIT ?4";

fn from_row(r: &Row) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: r.get(0)?,
        display_id: r.get(1)?,
        account_id: r.get(2)?,
        inbox_id: r.get(3)?,
        contact_id: r.get(4)?,
        uuid: r.get(5)?,
        status: r.get(6)?,
        assignee_id: r.get(7)?,
        priority: r.get(8)?,
        additional_attributes: r.get(9)?,
        custom_attributes: r.get(10)?,
        snoozed_until: r.get(11)?,
        agent_last_seen_at: r.get(12)?,
        contact_last_seen_at: r.get(13)?,
        last_activity_at: r.get(14)?,
        created_at: r.get(15)?,
        channel_type: r.get(16)?,
        medium: r.get(17)?,
        hmac_verified: r.get(18)?,
        last_incoming_at: r.get(19)?,
        unread_count: r.get(20)?,
    })
}

/// The contact's conversations, most recently active first. `member_of`: only those in inboxes this
/// user is a member of (an agent's view); `None` for all (an administrator's).
pub fn for_contact(
    conn: &Connection,
    account_id: i64,
    contact_id: i64,
    member_of: Option<i64>,
) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(FOR_CONTACT_SQL)?;
    // Both subqueries walk `messages_conversation` from one end; ?5 stands in for "never seen" so
    // the unread test stays a range on that index.
    let rows = stmt.query_map(
        params![
            contact_id,
            account_id,
            member_of,
            CONTACT_CONVERSATIONS_LIMIT,
            i64::MIN
        ],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn last_chat_sql(n: usize) -> String {
    format!(
        "SELECT m.id, m.account_id, m.conversation_id, m.inbox_id, m.content, m.message_type, m.sender_type,
                m.sender_id, m.created_at
         FROM messages m
         WHERE m.id IN (
             SELECT (SELECT m2.id FROM messages m2
                      WHERE m2.conversation_id = c.id AND m2.message_type <> 'activity'
                      ORDER BY m2.created_at DESC, m2.id DESC LIMIT 1)
             FROM conversations c WHERE c.id IN ({}))",
        super::placeholders(n)
    )
}

/// The latest non-activity message of each conversation (Chatwoot's `messages.chat.last`), keyed by
/// conversation id, in one query.
pub fn last_chat_messages(
    conn: &Connection,
    conversation_ids: &[i64],
) -> Result<HashMap<i64, Message>> {
    if conversation_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = last_chat_sql(conversation_ids.len());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(conversation_ids), |r| {
        Ok(Message {
            id: r.get(0)?,
            account_id: r.get(1)?,
            conversation_id: r.get(2)?,
            inbox_id: r.get(3)?,
            content: r.get(4)?,
            message_type: r.get(5)?,
            sender_type: r.get(6)?,
            sender_id: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let m = row?;
        out.insert(m.conversation_id, m);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map(params, |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// However many conversations, messages or memberships there are, every step is an index search.
    #[test]
    fn queries_search_indexes_only() {
        let (db, _dir) = super::super::testing::temp_db();
        db.read(|conn| {
            let plans = [
                plan(conn, FOR_CONTACT_SQL, params![10, 1, 2, 20, i64::MIN]),
                plan(conn, &last_chat_sql(3), [1, 2, 3]),
            ];
            for steps in plans {
                let text = steps.join(" | ");
                assert!(!text.contains("TEMP B-TREE"), "{text}");
                for step in &steps {
                    let scans_a_table =
                        step.starts_with("SCAN ") && !step.starts_with("SCAN (subquery");
                    assert!(!scans_a_table, "{text}");
                }
            }
            Ok(())
        })
        .unwrap();
    }
}
