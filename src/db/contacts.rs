//! Contacts: lookups, the list query behind index/active/search/filter, and the create, update and
//! destroy operations with their validation.

use super::list_cache::{self, ListCache};
use crate::domain::contact::{Contact, ContactFields, ContactInput, Unique, ruby_capitalize};
use crate::domain::filter::{ScopedTable, SqlValue};
use crate::domain::sort::{SortKey, SortTerm};
use crate::error::{Error, Result};
use rusqlite::types::Value as SqlParam;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use std::collections::HashMap;

/// The columns `from_row` reads, as a macro so fixed queries are assembled at compile time (a
/// `format!` per show request was measurable).
macro_rules! contact_columns {
    () => {
        "c.id, c.account_id, c.name, c.email, c.phone_number, c.identifier, c.blocked, \
         c.contact_type, c.additional_attributes, c.custom_attributes, c.avatar_id, c.last_activity_at, \
         c.created_at, c.updated_at, p.last_seen_at \
         FROM contacts c LEFT JOIN contact_presences p ON p.contact_id = c.id"
    };
}
const CONTACT_COLUMNS: &str = contact_columns!();

fn from_row(r: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        email: r.get(3)?,
        phone_number: r.get(4)?,
        identifier: r.get(5)?,
        blocked: r.get(6)?,
        contact_type: r.get(7)?,
        additional_attributes: r.get(8)?,
        custom_attributes: r.get(9)?,
        avatar_id: r.get(10)?,
        last_activity_at: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        last_seen_at: r.get(14)?,
    })
}

/// Any contact of the account, resolved or not.
pub fn find(conn: &Connection, account_id: i64, id: i64) -> Result<Option<Contact>> {
    const SQL: &str = concat!(
        "SELECT ",
        contact_columns!(),
        " WHERE c.id = ? AND c.account_id = ?"
    );
    Ok(conn
        .prepare_cached(SQL)?
        .query_row(params![id, account_id], from_row)
        .optional()?)
}

pub fn get(conn: &Connection, account_id: i64, id: i64) -> Result<Contact> {
    find(conn, account_id, id)?.ok_or(Error::NotFound)
}

/// Which contacts a list starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// Index, filter, export: Chatwoot's resolved contacts.
    Resolved,
    /// Search: every contact of the account.
    All,
    /// Active: contacts with a heartbeat at or after this unix second.
    OnlineSince(i64),
}

/// A list request, compiled here into one id query (walking a sort index) and one row fetch.
#[derive(Debug, Clone)]
pub struct ListQuery<'a> {
    pub scope: Scope,
    /// Keep contacts tagged with any of these labels (case-insensitive).
    pub labels: &'a [String],
    /// An extra SQL condition over `c` with its bound values (the filter DSL, search).
    pub condition: Option<(&'a str, &'a [SqlValue])>,
    /// The same condition written to probe each contact (`filter::Lookup::ProbePerRow`), used for the
    /// page instead of `condition` when the count shows matches are dense enough that walking the sort
    /// order finds a page sooner than listing every match.
    pub probe_condition: Option<(&'a str, &'a [SqlValue])>,
    /// The same condition as a predicate over one scoped table alone (`filter::scoped_predicate`), when it
    /// has one: the count is then one index range there.
    pub scoped_predicate: Option<(ScopedTable, &'a str, &'a [SqlValue])>,
    pub sort: &'a [SortTerm],
    pub limit: i64,
    pub offset: i64,
    /// Compute the total (search pages without one, reading one row past the page instead).
    pub count: bool,
}

/// The ORDER BY terms of a sort, as (expression, descending), `c.id` last as the tie-breaker.
fn order_terms(sort: &[SortTerm]) -> Vec<(String, bool)> {
    let mut terms: Vec<(String, bool)> = Vec::new();
    for t in sort {
        let desc = t.descending;
        // Null placement follows Chatwoot on PostgreSQL: LOWER() keys put NULLs last ascending and first
        // descending (a plain reversal); the other keys say NULLS LAST in both directions.
        let (expr, nulls_last_always) = match t.key {
            SortKey::Name => ("lower(c.name)", None),
            SortKey::Email => ("c.email", Some(false)),
            SortKey::PhoneNumber => ("lower(c.phone_number)", Some(false)),
            SortKey::CreatedAt => ("c.created_at", None),
            SortKey::LastActivityAt => ("c.last_activity_at", Some(true)),
            SortKey::Company => (
                "json_extract(c.additional_attributes, '$.company_name')",
                Some(true),
            ),
            SortKey::City => (
                "json_extract(c.additional_attributes, '$.city')",
                Some(true),
            ),
            SortKey::Country => (
                "json_extract(c.additional_attributes, '$.country')",
                Some(true),
            ),
        };
        let null_col = match t.key {
            SortKey::PhoneNumber => "c.phone_number",
            _ => expr,
        };
        match nulls_last_always {
            None => {}
            Some(true) => terms.push((format!("{null_col} IS NULL"), false)),
            Some(false) => terms.push((format!("{null_col} IS NULL"), desc)),
        }
        terms.push((expr.to_string(), desc));
    }
    terms.push((
        "c.id".to_string(),
        sort.last().is_some_and(|t| t.descending),
    ));
    terms
}

fn order_by(sort: &[SortTerm]) -> String {
    order_terms(sort)
        .iter()
        .map(|(e, desc)| format!("{e} {}", if *desc { "DESC" } else { "ASC" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a page of this sort can seek to a remembered row instead of skipping to it: every key runs in
/// one direction and is never NULL (name is NOT NULL and sorts by lower(); created_at and id are NOT
/// NULL), so "at or after the anchor" is a plain index range.
fn seekable(sort: &[SortTerm]) -> bool {
    sort.iter().all(|t| {
        matches!(t.key, SortKey::Name | SortKey::CreatedAt) && t.descending == sort[0].descending
    })
}

/// `e1 >= ? AND (e1 > ? OR (e2 >= ? AND (e2 > ? OR c.id >= ?)))` for ascending terms (mirrored for
/// descending), with the values to bind: written so the first key is an index range SQLite seeks on,
/// where a row-value comparison would not use an expression index.
fn at_or_after(terms: &[(String, bool)], anchor: &[SqlParam]) -> (String, Vec<SqlParam>) {
    let (expr, desc) = &terms[0];
    let (ge, gt) = if *desc { ("<=", "<") } else { (">=", ">") };
    if terms.len() == 1 {
        return (format!("{expr} {ge} ?"), vec![anchor[0].clone()]);
    }
    let (rest, mut rest_params) = at_or_after(&terms[1..], &anchor[1..]);
    let mut params = vec![anchor[0].clone(), anchor[0].clone()];
    params.append(&mut rest_params);
    (
        format!("{expr} {ge} ? AND ({expr} {gt} ? OR ({rest}))"),
        params,
    )
}

pub(crate) fn where_clause(account_id: i64, q: &ListQuery) -> (String, Vec<SqlParam>) {
    let mut sql = String::from("c.account_id = ?");
    let mut params = vec![SqlParam::Integer(account_id)];
    match q.scope {
        Scope::Resolved => sql.push_str(" AND c.resolved = 1"),
        Scope::All => {}
        Scope::OnlineSince(t) => {
            sql.push_str(" AND c.id IN (SELECT contact_id FROM contact_presences WHERE account_id = ? AND last_seen_at >= ?)");
            params.push(SqlParam::Integer(account_id));
            params.push(SqlParam::Integer(t));
        }
    }
    if !q.labels.is_empty() {
        sql.push_str(&format!(
            " AND c.id IN (SELECT contact_id FROM contact_labels WHERE account_id = ? AND name IN ({}))",
            super::placeholders(q.labels.len())
        ));
        params.push(SqlParam::Integer(account_id));
        params.extend(q.labels.iter().map(|l| SqlParam::Text(l.clone())));
    }
    if let Some((cond, values)) = &q.condition {
        sql.push_str(" AND (");
        sql.push_str(cond);
        sql.push(')');
        params.extend(values.iter().map(sql_param));
    }
    (sql, params)
}

/// Pages deeper than this leave an anchor for the next reader; shallower ones are cheap to skip to.
const ANCHOR_FROM: i64 = 300;

/// One page of contacts and the total count of matches. With a cache, a count or deep-page position
/// computed before for the same query and the same generation of the account is reused (see
/// [`super::list_cache`]); the caller's read transaction makes the generation and the rows agree.
pub fn list(
    conn: &Connection,
    cache: Option<&ListCache>,
    account_id: i64,
    q: &ListQuery,
) -> Result<(Vec<Contact>, i64)> {
    let (filter, params) = where_clause(account_id, q);
    // Presence moves contacts in and out of `active` without touching them: never cached.
    let cache = cache.filter(|_| !matches!(q.scope, Scope::OnlineSince(_)));
    let counts: Option<(i64, i64)> = if q.count || cache.is_some() {
        conn.prepare_cached("SELECT resolved, generation FROM contact_counts WHERE account_id = ?")?
            .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
    } else {
        None
    };
    let (resolved, generation) = counts.unwrap_or((0, 0));
    let cache = cache.map(|c| (c, generation));
    let count = if !q.count {
        -1
    } else if q.scope == Scope::Resolved && q.labels.is_empty() && q.condition.is_none() {
        resolved
    } else {
        let (sql, params) = count_query(account_id, q, &filter, &params);
        let key = list_cache::key(account_id, &sql, &params);
        match cache.and_then(|(c, g)| c.count(&key, g)) {
            Some(n) => n,
            None => {
                let n = conn
                    .prepare_cached(&sql)?
                    .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
                if let Some((c, g)) = cache {
                    c.put_count(&key, g, n);
                }
                n
            }
        }
    };
    if q.count && q.offset >= count {
        return Ok((Vec::new(), count));
    }
    let (filter, params) = match q.probe_condition {
        Some(probe) if dense(count, resolved, q) => where_clause(
            account_id,
            &ListQuery {
                condition: Some(probe),
                ..q.clone()
            },
        ),
        _ => (filter, params),
    };
    let ids = page_ids(conn, cache, account_id, &filter, params, q)?;
    Ok((by_ids(conn, &ids)?, count))
}

/// The statement counting a list's matches, with its values.
fn count_query(
    account_id: i64,
    q: &ListQuery,
    filter: &str,
    params: &[SqlParam],
) -> (String, Vec<SqlParam>) {
    match q.scoped_predicate {
        Some((table, predicate, values)) if q.scope == Scope::Resolved && q.labels.is_empty() => {
            let table = match table {
                ScopedTable::AttributeValues => "contact_attribute_values",
                ScopedTable::Labels => "contact_labels",
            };
            let mut bound: Vec<SqlParam> = values.iter().map(sql_param).collect();
            bound.push(SqlParam::Integer(account_id));
            (
                format!(
                    "SELECT count(*) FROM {table} WHERE {predicate} AND account_id = ? AND resolved = 1"
                ),
                bound,
            )
        }
        _ => (
            format!("SELECT count(*) FROM contacts c WHERE {filter}"),
            params.to_vec(),
        ),
    }
}

fn sql_param(v: &SqlValue) -> SqlParam {
    match v {
        SqlValue::Int(i) => SqlParam::Integer(*i),
        SqlValue::Real(f) => SqlParam::Real(*f),
        SqlValue::Text(t) => SqlParam::Text(t.clone()),
    }
}

/// Whether a page of `count` matches among `total` contacts is found sooner by walking the sort order and
/// probing each contact (about `(offset + limit) * total / count` probes) than by listing every match
/// (`count` index entries). A probe is a b-tree seek, about four times a listed entry (measured on the
/// benchmark data: 440 matches of 92,000 list in 0.2 ms and probe in 2.6 ms), hence the factor.
fn dense(count: i64, total: i64, q: &ListQuery) -> bool {
    const PROBE_COST: f64 = 4.0;
    let wanted = q.offset.saturating_add(q.limit) as f64;
    let (count, total) = (count as f64, total.max(1) as f64);
    count * count > PROBE_COST * wanted * total
}

/// The ids of one page, in order: remembered from an earlier read of the same generation, or found.
fn page_ids(
    conn: &Connection,
    cache: Option<(&ListCache, i64)>,
    account_id: i64,
    filter: &str,
    params: Vec<SqlParam>,
    q: &ListQuery,
) -> Result<Vec<i64>> {
    let order = order_by(q.sort);
    let key = list_cache::key(account_id, &format!("{filter} ORDER BY {order}"), &params);
    let Some((cache, generation)) = cache else {
        return find_page_ids(conn, None, &key, filter, &order, params, q);
    };
    if let Some(ids) = cache.page(&key, generation, q.offset, q.limit) {
        return Ok(ids);
    }
    let ids = find_page_ids(
        conn,
        Some((cache, generation)),
        &key,
        filter,
        &order,
        params,
        q,
    )?;
    cache.put_page(&key, generation, q.offset, q.limit, ids.clone());
    Ok(ids)
}

fn find_page_ids(
    conn: &Connection,
    cache: Option<(&ListCache, i64)>,
    key: &str,
    filter: &str,
    order: &str,
    mut params: Vec<SqlParam>,
    q: &ListQuery,
) -> Result<Vec<i64>> {
    // A seekable sort starts from the nearest remembered row at or before the page instead of the top
    // of the index, and remembers where this page starts.
    let anchored = cache.filter(|_| q.offset >= ANCHOR_FROM && seekable(q.sort));
    let Some((cache, generation)) = anchored else {
        let sql =
            format!("SELECT c.id FROM contacts c WHERE {filter} ORDER BY {order} LIMIT ? OFFSET ?");
        params.push(SqlParam::Integer(q.limit));
        params.push(SqlParam::Integer(q.offset));
        return Ok(conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?);
    };
    let terms = order_terms(q.sort);
    let (seek, start) = match cache.anchor(key, generation, q.offset) {
        Some((at, anchor)) => {
            let (cond, mut values) = at_or_after(&terms, &anchor);
            params.append(&mut values);
            (format!(" AND ({cond})"), at)
        }
        None => (String::new(), 0),
    };
    let keys: Vec<&str> = terms.iter().map(|(e, _)| e.as_str()).collect();
    let sql = format!(
        "SELECT {} FROM contacts c WHERE {filter}{seek} ORDER BY {order} LIMIT ? OFFSET ?",
        keys.join(", ")
    );
    params.push(SqlParam::Integer(q.limit));
    params.push(SqlParam::Integer(q.offset - start));
    let width = keys.len();
    let rows: Vec<Vec<SqlParam>> = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(params.iter()), |r| {
            (0..width).map(|i| r.get::<_, SqlParam>(i)).collect()
        })?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(first) = rows.first()
        && start != q.offset
    {
        cache.put_anchor(key, generation, q.offset, first.clone());
    }
    Ok(rows
        .iter()
        .filter_map(|r| match r.last() {
            Some(SqlParam::Integer(id)) => Some(*id),
            _ => None,
        })
        .collect())
}

/// Chatwoot's search: `q` as a substring of name, email or phone number (case-insensitive) or of the
/// identifier (case-sensitive), over every contact of the account.
///
/// Terms of 3+ characters go through the trigram indexes (no scan); shorter ones cannot use a
/// trigram index and fall back to LIKE, which SQLite evaluates in id order and stops after one page.
/// A term holding NUL takes neither: FTS5 and LIKE read NUL as the end of the string (a syntax
/// error, or a pattern that matches everything), while instr() and lower() compare whole values.
pub fn search(
    conn: &Connection,
    account_id: i64,
    term: &str,
    sort: &[SortTerm],
    limit: i64,
    offset: i64,
) -> Result<(Vec<Contact>, i64)> {
    if sort.is_empty() && !term.contains('\0') && term.chars().count() >= 3 {
        let ids = trigram_search_by_id(conn, account_id, term, limit, offset)?;
        return Ok((by_ids(conn, &ids)?, -1));
    }
    let (cond, values): (&str, Vec<SqlValue>) = if term.contains('\0') {
        let folded = SqlValue::Text(term.to_ascii_lowercase());
        (
            "instr(lower(c.name), ?) > 0 OR instr(lower(c.email), ?) > 0 \
             OR instr(lower(c.phone_number), ?) > 0 OR instr(c.identifier, ?) > 0",
            vec![
                folded.clone(),
                folded.clone(),
                folded,
                SqlValue::Text(term.to_string()),
            ],
        )
    } else if term.chars().count() >= 3 {
        let phrase = format!("\"{}\"", term.replace('"', "\"\""));
        (
            "c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? \
             UNION SELECT rowid FROM contacts_fts_identifier WHERE contacts_fts_identifier MATCH ?)",
            vec![SqlValue::Text(phrase.clone()), SqlValue::Text(phrase)],
        )
    } else {
        let pattern = format!("%{}%", escape_like(term));
        (
            "c.name LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\' OR c.phone_number LIKE ? ESCAPE '\\' \
             OR instr(c.identifier, ?) > 0",
            vec![
                SqlValue::Text(pattern.clone()),
                SqlValue::Text(pattern.clone()),
                SqlValue::Text(pattern),
                SqlValue::Text(term.to_string()),
            ],
        )
    };
    let q = ListQuery {
        scope: Scope::All,
        labels: &[],
        condition: Some((cond, &values)),
        probe_condition: None,
        scoped_predicate: None,
        sort,
        limit,
        offset,
        count: false,
    };
    list(conn, None, account_id, &q)
}

/// One page of a 3+ character search in id order, reading no further into either trigram index than the
/// page needs: FTS5 hands rowids out in ascending order, so `ORDER BY rowid LIMIT` stops early, and the
/// union of the two indexes' first `offset + limit` matches holds the page. (Collecting every match first,
/// then ordering, costs as much as the term is common: 'ander' matches 16,000 of a million contacts.)
fn trigram_search_by_id(
    conn: &Connection,
    account_id: i64,
    term: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<i64>> {
    let phrase = format!("\"{}\"", term.replace('"', "\"\""));
    let want = offset.saturating_add(limit);
    let mut ids: Vec<i64> = Vec::new();
    for sql in [
        "SELECT contacts_fts.rowid FROM contacts_fts JOIN contacts c ON c.id = contacts_fts.rowid
         WHERE contacts_fts MATCH ? AND c.account_id = ? ORDER BY contacts_fts.rowid LIMIT ?",
        "SELECT contacts_fts_identifier.rowid FROM contacts_fts_identifier
         JOIN contacts c ON c.id = contacts_fts_identifier.rowid
         WHERE contacts_fts_identifier MATCH ? AND c.account_id = ?
         ORDER BY contacts_fts_identifier.rowid LIMIT ?",
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let found = stmt.query_map(params![phrase, account_id, want], |r| r.get::<_, i64>(0))?;
        for id in found {
            ids.push(id?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect())
}

/// Escapes LIKE's wildcards (with `\\` as the escape character) so user text matches literally.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Fetches contacts by id, in the order given.
pub fn by_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<Contact>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {CONTACT_COLUMNS} WHERE c.id IN ({})",
        super::placeholders(ids.len())
    );
    let mut by_id: HashMap<i64, Contact> = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(ids), from_row)?
        .map(|r| r.map(|c| (c.id, c)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The id of another contact of the account holding `value`, if any.
pub fn taken(
    conn: &Connection,
    account_id: i64,
    except: Option<i64>,
    field: Unique,
    value: &str,
) -> Result<Option<i64>> {
    let sql = match field {
        Unique::Email => {
            "SELECT id FROM contacts WHERE account_id = ? AND email = ? AND id IS NOT ?"
        }
        Unique::Identifier => {
            "SELECT id FROM contacts WHERE account_id = ? AND identifier = ? AND id IS NOT ?"
        }
        Unique::PhoneNumber => {
            "SELECT id FROM contacts WHERE account_id = ? AND phone_number = ? AND id IS NOT ?"
        }
    };
    let value = match field {
        Unique::Email => value.to_lowercase(),
        _ => value.to_string(),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![account_id, value, except], |r| r.get(0))
        .optional()?)
}

fn json_text(m: &serde_json::Map<String, serde_json::Value>) -> Result<String> {
    serde_json::to_string(m).map_err(Error::internal)
}

/// What a contact row stores of validated fields, in the column order `name, email, phone_number,
/// identifier, blocked, contact_type, additional_attributes, custom_attributes, location, country_code,
/// resolved` that insert, the bulk stage and save all write.
fn stored_fields(f: &ContactFields) -> Result<[SqlParam; 11]> {
    Ok([
        SqlParam::Text(f.name.clone()),
        SqlParam::from(f.email.clone()),
        SqlParam::from(f.phone_number.clone()),
        SqlParam::from(f.identifier.clone()),
        SqlParam::from(f.blocked),
        SqlParam::Integer(f.contact_type),
        SqlParam::Text(json_text(&f.additional_attributes)?),
        SqlParam::Text(json_text(&f.custom_attributes)?),
        SqlParam::Text(f.location()),
        SqlParam::Text(f.country_code()),
        SqlParam::from(f.resolved()),
    ])
}

/// Inserts validated fields with their search rows. `id` and `created_at` may be given (fixtures);
/// `None` means next id / now.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    id: Option<i64>,
    f: &ContactFields,
    created_at: i64,
    last_activity_at: Option<i64>,
    now: i64,
) -> Result<i64> {
    let id = insert_unindexed(conn, account_id, id, f, created_at, last_activity_at, now)?;
    index_for_search(conn, &[id])?;
    Ok(id)
}

/// [`insert`] without the search rows, for bulk loads that index many contacts at once afterwards
/// with [`index_for_search`] (see migration V9 for why that matters). The caller must index them in
/// the same transaction, before anything updates them.
pub fn insert_unindexed(
    conn: &Connection,
    account_id: i64,
    id: Option<i64>,
    f: &ContactFields,
    created_at: i64,
    last_activity_at: Option<i64>,
    now: i64,
) -> Result<i64> {
    let mut values = vec![SqlParam::from(id), SqlParam::Integer(account_id)];
    values.extend(stored_fields(f)?);
    values.extend([
        SqlParam::from(last_activity_at),
        SqlParam::Integer(created_at),
        SqlParam::Integer(now),
    ]);
    conn.prepare_cached(
        "INSERT INTO contacts (id, account_id, name, email, phone_number, identifier, blocked, contact_type,
             additional_attributes, custom_attributes, location, country_code, resolved, last_activity_at,
             created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params_from_iter(values))?;
    Ok(conn.last_insert_rowid())
}

/// Inserts validated new contacts under the ids given (in that order), all in one statement.
///
/// Inside a transaction every trigger-bearing statement opens a savepoint, and FTS5 writes its pending
/// terms out as a new index segment at each one: a statement per contact meant a segment per contact and
/// merging without end (a bulk import slowed to a few hundred rows per second). Staged in a temp table,
/// a batch is one statement for the contacts (their triggers still run for every row) and one per
/// search index, so one segment (migration V9).
pub fn insert_many(
    conn: &Connection,
    account_id: i64,
    rows: &[(i64, ContactFields)],
    now: i64,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS contacts_stage (
             id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone_number TEXT, identifier TEXT,
             blocked INTEGER NOT NULL, contact_type INTEGER NOT NULL, additional_attributes TEXT NOT NULL,
             custom_attributes TEXT NOT NULL, location TEXT NOT NULL, country_code TEXT NOT NULL,
             resolved INTEGER NOT NULL);
         DELETE FROM temp.contacts_stage;",
    )?;
    let mut stage = conn.prepare_cached(
        "INSERT INTO temp.contacts_stage (id, name, email, phone_number, identifier, blocked, contact_type,
             additional_attributes, custom_attributes, location, country_code, resolved)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    for (id, f) in rows {
        let mut values = vec![SqlParam::Integer(*id)];
        values.extend(stored_fields(f)?);
        stage.execute(params_from_iter(values))?;
    }
    conn.prepare_cached(
        "INSERT INTO contacts (id, account_id, name, email, phone_number, identifier, blocked, contact_type,
             additional_attributes, custom_attributes, location, country_code, last_activity_at, created_at,
             updated_at, resolved)
         SELECT id, ?1, name, email, phone_number, identifier, blocked, contact_type, additional_attributes,
             custom_attributes, location, country_code, NULL, ?2, ?2, resolved
         FROM temp.contacts_stage ORDER BY id",
    )?
    .execute(params![account_id, now])?;
    // Search rows after the contacts, one statement each (migration V9).
    conn.prepare_cached(
        "INSERT INTO contacts_fts (rowid, name, email, phone_number)
         SELECT id, name, email, phone_number FROM temp.contacts_stage ORDER BY id",
    )?
    .execute([])?;
    conn.prepare_cached(
        "INSERT INTO contacts_fts_identifier (rowid, identifier)
         SELECT id, identifier FROM temp.contacts_stage ORDER BY id",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM temp.contacts_stage")?
        .execute([])?;
    Ok(())
}

/// Writes the trigram search rows of contacts inserted without them. One statement per row and no
/// trigger in between, so FTS5 keeps them all in its pending set and writes one segment at commit.
pub fn index_for_search(conn: &Connection, ids: &[i64]) -> Result<()> {
    let mut read = conn.prepare_cached(
        "SELECT name, email, phone_number, identifier FROM contacts WHERE id = ?",
    )?;
    let mut text = conn.prepare_cached(
        "INSERT INTO contacts_fts (rowid, name, email, phone_number) VALUES (?, ?, ?, ?)",
    )?;
    let mut identifier = conn
        .prepare_cached("INSERT INTO contacts_fts_identifier (rowid, identifier) VALUES (?, ?)")?;
    for id in ids {
        let (name, email, phone, ident): (String, Option<String>, Option<String>, Option<String>) =
            read.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        text.execute(params![id, name, email, phone])?;
        identifier.execute(params![id, ident])?;
    }
    Ok(())
}

/// The id SQLite would give the next contact inserted without one (only stable under the write lock).
pub fn next_id(conn: &Connection) -> Result<i64> {
    let max: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM contacts")?
        .query_row([], |r| r.get(0))?;
    max.checked_add(1)
        .ok_or_else(|| Error::internal("contact ids are exhausted"))
}

/// Validates `fields` against the account (uniqueness excluding `except`) and the format rules.
pub fn validate(
    conn: &Connection,
    account_id: i64,
    except: Option<i64>,
    fields: &ContactFields,
) -> Result<()> {
    fields.validate(|u, v| taken(conn, account_id, except, u, v))
}

/// Creates a contact from a request body.
pub fn create(
    conn: &Connection,
    account_id: i64,
    input: &ContactInput,
    now: i64,
) -> Result<Contact> {
    let mut fields = ContactFields::default();
    fields.apply(input);
    validate(conn, account_id, None, &fields)?;
    let id = insert(conn, account_id, None, &fields, now, None, now)?;
    get(conn, account_id, id)
}

/// Writes validated fields over an existing contact.
pub fn save(conn: &Connection, id: i64, f: &ContactFields, now: i64) -> Result<()> {
    let mut values = stored_fields(f)?.to_vec();
    values.extend([SqlParam::Integer(now), SqlParam::Integer(id)]);
    conn.prepare_cached(
        "UPDATE contacts SET name = ?, email = ?, phone_number = ?, identifier = ?, blocked = ?, contact_type = ?,
             additional_attributes = ?, custom_attributes = ?, location = ?, country_code = ?, resolved = ?,
             updated_at = ?
         WHERE id = ?",
    )?
    .execute(params_from_iter(values))?;
    Ok(())
}

/// Applies a request body to a contact (scalars overwrite, attribute hashes shallow-merge).
pub fn update(
    conn: &Connection,
    account_id: i64,
    id: i64,
    input: &ContactInput,
    now: i64,
) -> Result<Contact> {
    let contact = get(conn, account_id, id)?;
    let mut fields = contact.fields()?;
    fields.apply(input);
    validate(conn, account_id, Some(id), &fields)?;
    save(conn, id, &fields, now)?;
    get(conn, account_id, id)
}

/// Deletes a contact and everything hanging off it, refusing while it is online.
pub fn destroy(
    conn: &Connection,
    account_id: i64,
    id: i64,
    now: i64,
    presence_ttl: i64,
) -> Result<()> {
    let contact = get(conn, account_id, id)?;
    if contact.is_online(now, presence_ttl) {
        return Err(Error::Message(format!(
            "{} is Online, please try again later",
            ruby_capitalize(&contact.name)
        )));
    }
    // Conversations, messages, contact inboxes, notes, labels and presence go by ON DELETE CASCADE.
    conn.prepare_cached("DELETE FROM contacts WHERE id = ?")?
        .execute([id])?;
    if let Some(avatar) = contact.avatar_id {
        conn.prepare_cached("DELETE FROM avatars WHERE id = ?")?
            .execute([avatar])?;
    }
    Ok(())
}

/// Records a presence heartbeat.
pub fn touch_presence(conn: &Connection, account_id: i64, contact_id: i64, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_presences (contact_id, account_id, last_seen_at) VALUES (?, ?, ?)
         ON CONFLICT (contact_id) DO UPDATE SET last_seen_at = excluded.last_seen_at",
    )?
    .execute(params![contact_id, account_id, now])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sort;

    #[test]
    fn order_by_table() {
        let cases = [
            (None, "c.id ASC"),
            (Some("name"), "lower(c.name) ASC, c.id ASC"),
            (Some("-name"), "lower(c.name) DESC, c.id DESC"),
            (Some("email"), "c.email IS NULL ASC, c.email ASC, c.id ASC"),
            (
                Some("-email"),
                "c.email IS NULL DESC, c.email DESC, c.id DESC",
            ),
            (
                Some("-phone_number"),
                "c.phone_number IS NULL DESC, lower(c.phone_number) DESC, c.id DESC",
            ),
            (
                Some("-last_activity_at"),
                "c.last_activity_at IS NULL ASC, c.last_activity_at DESC, c.id DESC",
            ),
            (Some("created_at"), "c.created_at ASC, c.id ASC"),
            (
                Some("-city,name"),
                "json_extract(c.additional_attributes, '$.city') IS NULL ASC, \
                 json_extract(c.additional_attributes, '$.city') DESC, lower(c.name) ASC, c.id ASC",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(order_by(&sort::parse(raw)), want, "sort={raw:?}");
        }
    }

    /// Every sort walks its covering index: no temp b-tree for the ORDER BY, no table lookups.
    #[test]
    fn list_queries_use_sort_indexes() {
        let (db, _dir) = super::super::testing::temp_db();
        db.read(|conn| {
            for raw in ["name", "-name", "email", "-email", "phone_number", "-phone_number", "created_at",
                        "-created_at", "last_activity_at", "company", "city", "country", ""] {
                let sort = sort::parse(Some(raw));
                let q = ListQuery { scope: Scope::Resolved, labels: &[], condition: None, probe_condition: None,
        scoped_predicate: None, sort: &sort, limit: 15, offset: 0, count: true };
                let (filter, params) = where_clause(1, &q);
                let sql = format!("EXPLAIN QUERY PLAN SELECT c.id FROM contacts c WHERE {filter} ORDER BY {} LIMIT 15", order_by(&sort));
                let plan: Vec<String> = conn
                    .prepare(&sql)?
                    .query_map(params_from_iter(params.iter()), |r| r.get::<_, String>(3))?
                    .collect::<rusqlite::Result<_>>()?;
                let plan = plan.join(" | ");
                // Covering: a deep page skips index entries without touching table rows.
                assert!(plan.contains("USING COVERING INDEX contacts_by_"), "sort={raw}: {plan}");
                assert!(!plan.contains("TEMP B-TREE"), "sort={raw}: {plan}");
            }
            Ok(())
        })
        .unwrap();
    }

    /// Pages read through remembered anchors and counts are the pages and counts a fresh query gives,
    /// before and after writes move rows around.
    #[test]
    fn cached_counts_and_anchored_pages_match_uncached_ones() {
        let (db, _dir) = super::super::testing::temp_db();
        let names = ["ann", "Bob", "carl", "Dora", "eve", "Émile", "ann"];
        let seed = |conn: &Connection, from: i64, to: i64| -> Result<()> {
            for i in from..to {
                let mut f = ContactFields {
                    name: format!("{}{}", names[(i % 7) as usize], i % 50),
                    ..ContactFields::default()
                };
                if i % 5 != 0 {
                    f.email = Some(format!("c{i}@example.com"));
                }
                insert(conn, 1, None, &f, 1_000 + (i % 97), None, 2_000)?;
            }
            Ok(())
        };
        db.write(|conn| {
            conn.execute(
                "INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'a', 0, 0)",
                [],
            )?;
            seed(conn, 0, 1200)
        })
        .unwrap();
        let cache = ListCache::default();
        let vip = ["vip".to_string()];
        let check = |round: &str| {
            for raw in [
                "",
                "name",
                "-name",
                "created_at",
                "-created_at,-name",
                "email",
            ] {
                let sort = sort::parse(Some(raw));
                for labels in [&[][..], &vip[..]] {
                    // Twice through: the second pass reads the anchors and counts the first one left.
                    for pass in 0..2 {
                        for offset in [0, 299, 300, 301, 450, 451, 600, 777, 930, 960, 1100] {
                            let q = ListQuery {
                                scope: Scope::Resolved,
                                labels,
                                condition: None,
                                probe_condition: None,
                                scoped_predicate: None,
                                sort: &sort,
                                limit: 7,
                                offset,
                                count: true,
                            };
                            let (fresh, fresh_n) = db.read(|c| list(c, None, 1, &q)).unwrap();
                            let (cached, n) = db.read(|c| list(c, Some(&cache), 1, &q)).unwrap();
                            let ids = |v: &[Contact]| v.iter().map(|c| c.id).collect::<Vec<_>>();
                            assert_eq!(
                                ids(&cached),
                                ids(&fresh),
                                "{round} pass {pass} sort={raw} offset={offset}"
                            );
                            assert_eq!(n, fresh_n, "{round} sort={raw}");
                        }
                    }
                }
            }
        };
        check("before writes");
        db.write(|conn| {
            seed(conn, 1200, 1300)?;
            conn.execute("DELETE FROM contacts WHERE id % 11 = 0", [])?;
            conn.execute("UPDATE contacts SET name = 'aaa' WHERE id % 13 = 0", [])?;
            let ids: Vec<i64> = conn
                .prepare("SELECT id FROM contacts WHERE id % 3 = 0")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                super::super::labels::add(conn, 1, id, &["vip".to_string()])?;
            }
            Ok(())
        })
        .unwrap();
        check("after writes");
        db.write(|conn| {
            let ids: Vec<i64> = conn
                .prepare("SELECT DISTINCT contact_id FROM contact_labels WHERE contact_id % 2 = 0")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                super::super::labels::replace(conn, 1, id, &[])?;
            }
            Ok(())
        })
        .unwrap();
        check("after unlabelling");
    }

    #[test]
    fn seek_conditions() {
        let terms = order_terms(&sort::parse(Some("-name,-created_at")));
        let (sql, params) = at_or_after(
            &terms,
            &[
                SqlParam::Text("b".into()),
                SqlParam::Integer(5),
                SqlParam::Integer(9),
            ],
        );
        assert_eq!(
            sql,
            "lower(c.name) <= ? AND (lower(c.name) < ? OR (c.created_at <= ? AND (c.created_at < ? OR (c.id <= ?))))"
        );
        assert_eq!(params.len(), 5);
        assert!(seekable(&sort::parse(Some("name"))));
        assert!(seekable(&sort::parse(None)));
        assert!(
            !seekable(&sort::parse(Some("name,-created_at"))),
            "mixed directions"
        );
        assert!(!seekable(&sort::parse(Some("email"))), "NULL-able key");
    }

    /// Every way a contact is written leaves the trigram indexes exactly in step with the rows (FTS5's
    /// integrity-check compares them), now that inserts write their search rows themselves.
    #[test]
    fn search_rows_stay_in_step_with_every_write_path() {
        let (db, _dir) = super::super::testing::temp_db();
        let fields = |i: i64| ContactFields {
            name: format!("Person {i}"),
            email: Some(format!("p{i}@example.com")),
            identifier: Some(format!("ID-{i}")),
            ..ContactFields::default()
        };
        db.write(|conn| {
            conn.execute(
                "INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'a', 0, 0)",
                [],
            )?;
            let one = insert(conn, 1, None, &fields(1), 0, None, 0)?;
            let bulk: Vec<i64> = (2..5)
                .map(|i| insert_unindexed(conn, 1, None, &fields(i), 0, None, 0))
                .collect::<Result<_>>()?;
            index_for_search(conn, &bulk)?;
            let next = next_id(conn)?;
            insert_many(conn, 1, &[(next, fields(5)), (next + 1, fields(6))], 0)?;
            let mut changed = fields(99);
            changed.identifier = None;
            save(conn, one, &changed, 1)?;
            conn.execute("DELETE FROM contacts WHERE id = ?", [bulk[0]])?;
            Ok(())
        })
        .unwrap();
        db.read(|conn| {
            conn.execute_batch(
                "INSERT INTO contacts_fts(contacts_fts) VALUES ('integrity-check');
                 INSERT INTO contacts_fts_identifier(contacts_fts_identifier) VALUES ('integrity-check');",
            )?;
            let (found, _) = search(conn, 1, "person 99", &[], 10, 0)?;
            assert_eq!(found.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Person 99"]);
            let (found, _) = search(conn, 1, "ID-6", &[], 10, 0)?;
            assert_eq!(found.len(), 1);
            let (found, _) = search(conn, 1, "p2@exa", &[], 10, 0)?;
            assert!(found.is_empty(), "a deleted contact leaves the index");
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn probing_is_chosen_when_one_page_needs_fewer_probes_than_the_list_has_entries() {
        let q = |offset| ListQuery {
            scope: Scope::Resolved,
            labels: &[],
            condition: None,
            probe_condition: None,
            scoped_predicate: None,
            sort: &[],
            limit: 15,
            offset,
            count: true,
        };
        // A quarter of a million contacts: page 1 probes ~60 rows instead of listing 250,000.
        assert!(dense(250_000, 1_000_000, &q(0)));
        // 4,600 of a million (a rare value): listing wins.
        assert!(!dense(4_600, 1_000_000, &q(0)));
        // Deep pages need more probes: listing wins again.
        assert!(!dense(250_000, 1_000_000, &q(100_000)));
    }

    /// A page found by probing each contact is the page the match list gives, at every offset and sort.
    #[test]
    fn probing_and_listing_give_the_same_pages() {
        let (db, _dir) = super::super::testing::temp_db();
        db.write(|conn| {
            conn.execute(
                "INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'a', 0, 0)",
                [],
            )?;
            for i in 0..600 {
                let f = ContactFields {
                    name: format!("n{}", (i * 7919) % 600),
                    email: (i % 4 != 0).then(|| format!("c{i}@example.com")),
                    ..ContactFields::default()
                };
                let id = insert(conn, 1, None, &f, i % 13, None, 0)?;
                if i % 3 == 0 {
                    super::super::labels::add(conn, 1, id, &["vip".to_string()])?;
                }
            }
            Ok(())
        })
        .unwrap();
        let list_form = "c.id IN (SELECT cl.contact_id FROM contact_labels cl WHERE cl.name = ?)";
        let probe =
            "EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = c.id AND cl.name = ?)";
        let values = [SqlValue::Text("vip".into())];
        for raw in ["", "name", "-created_at"] {
            let sort = sort::parse(Some(raw));
            for offset in [0, 15, 90, 140, 150] {
                let q = |form: &'static str| ListQuery {
                    scope: Scope::Resolved,
                    labels: &[],
                    condition: Some((form, &values[..])),
                    probe_condition: None,
                    scoped_predicate: None,
                    sort: &sort,
                    limit: 15,
                    offset,
                    count: true,
                };
                let (a, n) = db.read(|c| list(c, None, 1, &q(list_form))).unwrap();
                let (b, m) = db.read(|c| list(c, None, 1, &q(probe))).unwrap();
                let ids = |v: &[Contact]| v.iter().map(|c| c.id).collect::<Vec<_>>();
                assert_eq!(ids(&a), ids(&b), "sort={raw} offset={offset}");
                assert_eq!(a.len(), 15.min(150 - offset as usize));
                assert_eq!((n, m), (150, 150));
            }
        }
    }

    /// Counting from the value and label tables gives the count the contacts query gives, also after
    /// contacts stop or start being resolved without their attributes or labels changing, and after merges.
    #[test]
    fn value_table_counts_match_contact_counts() {
        let (db, _dir) = super::super::testing::temp_db();
        db.write(|conn| {
            conn.execute("INSERT INTO accounts (id, name, created_at, updated_at) VALUES (1, 'a', 0, 0), (2, 'b', 0, 0)", [])?;
            for i in 0..300 {
                let mut f = ContactFields { name: format!("n{i}"), ..ContactFields::default() };
                if i % 4 != 0 {
                    f.email = Some(format!("c{i}@example.com"));
                }
                f.custom_attributes.insert("plan".into(), serde_json::json!(["Pro", "free", "PRO "][i % 3]));
                f.custom_attributes.insert("seats".into(), serde_json::json!(i % 40));
                let account = 1 + (i % 5 == 0) as i64;
                let id = insert(conn, account, None, &f, 0, None, 0)?;
                if i % 2 == 0 {
                    super::super::labels::add(conn, account, id, &["VIP".to_string()])?;
                }
            }
            Ok(())
        })
        .unwrap();
        let check = |round: &str| {
            for (table, pred, cond, values) in [
                (
                    ScopedTable::AttributeValues,
                    "key = ? AND value_text = ?",
                    "c.id IN (SELECT contact_id FROM contact_attribute_values WHERE key = ? AND value_text = ?)",
                    vec![SqlValue::Text("plan".into()), SqlValue::Text("pro".into())],
                ),
                (
                    ScopedTable::AttributeValues,
                    "key = ? AND value_num > ?",
                    "c.id IN (SELECT contact_id FROM contact_attribute_values WHERE key = ? AND value_num > ?)",
                    vec![SqlValue::Text("seats".into()), SqlValue::Real(25.0)],
                ),
                (
                    ScopedTable::Labels,
                    "name = ?",
                    "c.id IN (SELECT cl.contact_id FROM contact_labels cl WHERE cl.name = ?)",
                    vec![SqlValue::Text("vip".into())],
                ),
            ] {
                let q = |with_values: bool| ListQuery {
                    scope: Scope::Resolved,
                    labels: &[],
                    condition: Some((cond, &values[..])),
                    probe_condition: None,
                    scoped_predicate: with_values.then_some((table, pred, &values[..])),
                    sort: &[],
                    limit: 15,
                    offset: 0,
                    count: true,
                };
                let (_, from_values) = db.read(|c| list(c, None, 1, &q(true))).unwrap();
                let (_, from_contacts) = db.read(|c| list(c, None, 1, &q(false))).unwrap();
                assert_eq!(from_values, from_contacts, "{round}: {pred}");
                assert!(from_values > 0, "{round}: {pred}");
            }
        };
        check("as inserted");
        db.write(|conn| {
            conn.execute("UPDATE contacts SET email = NULL, resolved = 0 WHERE id % 7 = 0", [])?;
            conn.execute("UPDATE contacts SET email = 'r' || id || '@example.com', resolved = 1 WHERE id % 8 = 1 AND email IS NULL", [])?;
            Ok(())
        })
        .unwrap();
        check("after resolved changes");
        db.write(|conn| {
            // An unresolved contact with labels merged into a resolved one: the moved labels count.
            super::super::merge::merge(conn, 1, 2, 5, 5)?;
            Ok(())
        })
        .unwrap();
        check("after a merge");
    }
}
