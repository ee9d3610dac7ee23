//! The fixture file format (`shared/spec/fixtures.md`): parsed strictly (unknown keys are errors),
//! checked entry by entry, and loaded in one transaction so a bad file leaves nothing behind.

use crate::db::seed::{self, NewConversation, NewInbox, NewMessage, SeedTable};
use crate::db::{self, Db};
use crate::domain::channel::KNOWN_CHANNEL_TYPES;
use crate::domain::contact::{ContactFields, ContactInput};
use crate::error::Error;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::Path;

/// Why a fixture file was refused: which file, where in it, and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {path}: {reason}")]
pub struct FixtureError {
    pub file: String,
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    #[serde(default)]
    pub accounts: Vec<AccountFx>,
    #[serde(default)]
    pub users: Vec<UserFx>,
    #[serde(default)]
    pub inboxes: Vec<InboxFx>,
    #[serde(default)]
    pub labels: Vec<LabelFx>,
    #[serde(default)]
    pub custom_attribute_definitions: Vec<AttributeDefinitionFx>,
    #[serde(default)]
    pub contacts: Vec<ContactFx>,
    #[serde(default)]
    pub conversations: Vec<ConversationFx>,
    #[serde(default)]
    pub notes: Vec<NoteFx>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountFx {
    pub id: i64,
    pub name: String,
    #[serde(default = "default_locale")]
    pub locale: String,
}

fn default_locale() -> String {
    "en".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFx {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub access_token: Option<String>,
    #[serde(default)]
    pub accounts: Vec<MembershipFx>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipFx {
    pub account_id: i64,
    pub role: RoleFx,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum RoleFx {
    Administrator,
    Agent,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxFx {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub channel_type: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub provider: Option<String>,
    pub medium: Option<String>,
    pub website_token: Option<String>,
    pub identifier: Option<String>,
    pub hmac_token: Option<String>,
    #[serde(default)]
    pub hmac_mandatory: bool,
    #[serde(default)]
    pub members: Vec<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelFx {
    pub account_id: i64,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub color: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDefinitionFx {
    pub account_id: i64,
    #[serde(default = "default_attribute_model")]
    pub attribute_model: String,
    pub attribute_key: String,
    pub attribute_display_name: Option<String>,
    pub attribute_display_type: String,
    #[serde(default)]
    pub attribute_values: Vec<Value>,
}

fn default_attribute_model() -> String {
    "contact_attribute".into()
}

/// RFC 3339 text or unix seconds.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum Timestamp {
    Unix(i64),
    Text(String),
}

impl Timestamp {
    fn unix(&self) -> Result<i64, String> {
        match self {
            Timestamp::Unix(t) => Ok(*t),
            Timestamp::Text(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|d| d.timestamp())
                .map_err(|e| format!("not an RFC 3339 timestamp ({e}): {s:?}")),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFx {
    pub id: Option<i64>,
    pub account_id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub identifier: Option<String>,
    #[serde(default)]
    pub blocked: bool,
    pub custom_attributes: Option<Map<String, Value>>,
    pub additional_attributes: Option<Map<String, Value>>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub online: bool,
    pub created_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
    #[serde(default)]
    pub contact_inboxes: Vec<ContactInboxFx>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInboxFx {
    pub inbox_id: i64,
    pub source_id: String,
    #[serde(default)]
    pub hmac_verified: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationFx {
    pub id: i64,
    pub display_id: Option<i64>,
    pub account_id: i64,
    pub inbox_id: i64,
    pub contact_id: i64,
    #[serde(default = "default_status")]
    pub status: String,
    pub assignee_id: Option<i64>,
    pub created_at: Option<Timestamp>,
    pub last_activity_at: Option<Timestamp>,
    #[serde(default)]
    pub messages: Vec<MessageFx>,
}

fn default_status() -> String {
    "open".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageFx {
    pub content: Option<String>,
    #[serde(default = "default_message_type")]
    pub message_type: String,
    pub created_at: Option<Timestamp>,
}

fn default_message_type() -> String {
    "incoming".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteFx {
    pub id: Option<i64>,
    pub contact_id: i64,
    pub user_id: Option<i64>,
    pub content: String,
    pub created_at: Option<Timestamp>,
}

/// Parses fixture text, naming the JSON path of the first problem.
pub fn parse(file: &str, text: &str) -> Result<Fixture, FixtureError> {
    let fail = |path: String, reason: String| FixtureError {
        file: file.to_string(),
        path,
        reason,
    };
    // A derived struct also accepts an array (fields by position), so `[]` would load nothing.
    if text.trim_start().starts_with('[') {
        return Err(fail(
            "$".into(),
            "a fixture file is a JSON object, not an array".into(),
        ));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let fixture = serde_path_to_error::deserialize(&mut *de)
        .map_err(|e| fail(display_path(&e.path().to_string()), e.inner().to_string()))?;
    // serde_json::from_str refuses text after the value; a bare Deserializer only does so when asked.
    de.end().map_err(|e| fail("$".into(), e.to_string()))?;
    Ok(fixture)
}

/// serde_path_to_error marks a place it cannot name (inside a malformed entry) with `?`; the
/// entry around it is the useful answer.
fn display_path(p: &str) -> String {
    let p = p.trim_end_matches("?").trim_end_matches('.');
    if p.is_empty() {
        "$".to_string()
    } else {
        format!("$.{p}")
    }
}

/// Reads, parses and loads one file in one transaction.
pub fn load_file(db: &Db, path: &Path, now: i64) -> Result<Summary, FixtureError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| FixtureError {
        file: file.clone(),
        path: "$".into(),
        reason: format!("cannot read: {e}"),
    })?;
    let fixture = parse(&file, &text)?;
    let summary = load(db, &file, &fixture, now)?;
    db.analyze().map_err(|e| FixtureError {
        file: file.clone(),
        path: "$".into(),
        reason: e.to_string(),
    })?;
    Ok(summary)
}

/// What a loaded file added.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub accounts: usize,
    pub users: usize,
    pub inboxes: usize,
    pub contacts: usize,
    pub conversations: usize,
    pub notes: usize,
    /// An account and a token of one of its administrators (else agents), to show a first request.
    pub example: Option<(i64, String)>,
}

/// An error inside the load: either the file's fault (path + reason) or the database's.
enum LoadError {
    Entry(String, String),
    Db(Error),
}

impl From<Error> for LoadError {
    fn from(e: Error) -> Self {
        LoadError::Db(e)
    }
}

fn entry(path: String, reason: impl Into<String>) -> LoadError {
    LoadError::Entry(path, reason.into())
}

/// Files with this many contacts load with a larger page cache: their inserts land all over a dozen
/// indexes, and a cache that holds those indexes makes the load several times faster.
const BULK_CONTACTS: usize = 10_000;
const BULK_CACHE_MIB: i64 = 512;

pub fn load(db: &Db, file: &str, fx: &Fixture, now: i64) -> Result<Summary, FixtureError> {
    let mut failure: Option<LoadError> = None;
    let bulk = fx.contacts.len() >= BULK_CONTACTS;
    let result = db.write(|conn| {
        if bulk {
            db::set_cache_mib(conn, BULK_CACHE_MIB)?;
        }
        let outcome = match load_into(conn, fx, now) {
            Ok(s) => Ok(s),
            Err(e) => {
                failure = Some(e);
                // Any error rolls the whole file back.
                Err(Error::internal("fixture rejected"))
            }
        };
        if bulk {
            db::set_cache_mib(conn, db::CACHE_MIB)?;
        }
        outcome
    });
    match (result, failure) {
        (Ok(s), _) => Ok(s),
        (Err(_), Some(LoadError::Entry(path, reason))) => Err(FixtureError {
            file: file.into(),
            path,
            reason,
        }),
        (Err(_), Some(LoadError::Db(e))) | (Err(e), None) => Err(FixtureError {
            file: file.into(),
            path: "$".into(),
            reason: e.to_string(),
        }),
    }
}

fn ts(v: &Option<Timestamp>, path: String, default: i64) -> Result<i64, LoadError> {
    match v {
        None => Ok(default),
        Some(t) => t.unix().map_err(|r| entry(path, r)),
    }
}

fn require(
    conn: &db::Conn,
    table: SeedTable,
    id: i64,
    path: String,
    what: &str,
) -> Result<i64, LoadError> {
    seed::account_of(conn, table, id)?.ok_or_else(|| entry(path, format!("unknown {what} {id}")))
}

fn no_duplicate(conn: &db::Conn, table: SeedTable, id: i64, path: String) -> Result<(), LoadError> {
    if seed::exists(conn, table, id)? {
        return Err(entry(path, format!("id {id} already exists")));
    }
    Ok(())
}

fn load_into(conn: &db::Conn, fx: &Fixture, now: i64) -> Result<Summary, LoadError> {
    for (i, a) in fx.accounts.iter().enumerate() {
        no_duplicate(
            conn,
            SeedTable::Accounts,
            a.id,
            format!("$.accounts[{i}].id"),
        )?;
        seed::account(conn, a.id, &a.name, &a.locale, now)?;
    }
    let mut emails = HashSet::new();
    for (i, u) in fx.users.iter().enumerate() {
        no_duplicate(conn, SeedTable::Users, u.id, format!("$.users[{i}].id"))?;
        if !emails.insert(u.email.to_lowercase()) {
            return Err(entry(
                format!("$.users[{i}].email"),
                format!("duplicate user email {}", u.email),
            ));
        }
        seed::user(
            conn,
            u.id,
            &u.name,
            &u.email,
            u.access_token.as_deref(),
            now,
        )
        .map_err(|e| match e {
            Error::Internal(m) if m.contains("UNIQUE") => entry(
                format!("$.users[{i}]"),
                "email or access_token already used by another user",
            ),
            other => LoadError::Db(other),
        })?;
        for (j, m) in u.accounts.iter().enumerate() {
            require(
                conn,
                SeedTable::Accounts,
                m.account_id,
                format!("$.users[{i}].accounts[{j}].account_id"),
                "account",
            )?;
            let role = match m.role {
                RoleFx::Administrator => "administrator",
                RoleFx::Agent => "agent",
            };
            seed::account_user(conn, m.account_id, u.id, role)?;
        }
    }
    for (i, b) in fx.inboxes.iter().enumerate() {
        let at = |k: &str| format!("$.inboxes[{i}].{k}");
        no_duplicate(conn, SeedTable::Inboxes, b.id, at("id"))?;
        require(
            conn,
            SeedTable::Accounts,
            b.account_id,
            at("account_id"),
            "account",
        )?;
        if !KNOWN_CHANNEL_TYPES.contains(&b.channel_type.as_str()) {
            return Err(entry(
                at("channel_type"),
                format!("unknown channel type {:?}", b.channel_type),
            ));
        }
        if let Some(m) = &b.medium
            && m != "sms"
            && m != "whatsapp"
        {
            return Err(entry(
                at("medium"),
                "medium must be \"sms\" or \"whatsapp\"",
            ));
        }
        seed::inbox(
            conn,
            &NewInbox {
                id: b.id,
                account_id: b.account_id,
                name: &b.name,
                channel_type: &b.channel_type,
                email: b.email.as_deref(),
                phone_number: b.phone_number.as_deref(),
                provider: b.provider.as_deref(),
                medium: b.medium.as_deref(),
                website_token: b.website_token.as_deref(),
                identifier: b.identifier.as_deref(),
                hmac_token: b.hmac_token.as_deref(),
                hmac_mandatory: b.hmac_mandatory,
            },
            now,
        )
        .map_err(|e| match e {
            Error::Internal(m) if m.contains("UNIQUE") => {
                entry(at("identifier"), "identifier already used by another inbox")
            }
            other => LoadError::Db(other),
        })?;
        for (j, user_id) in b.members.iter().enumerate() {
            require(
                conn,
                SeedTable::Users,
                *user_id,
                at(&format!("members[{j}]")),
                "user",
            )?;
            seed::inbox_member(conn, b.id, *user_id)?;
        }
    }
    for (i, l) in fx.labels.iter().enumerate() {
        require(
            conn,
            SeedTable::Accounts,
            l.account_id,
            format!("$.labels[{i}].account_id"),
            "account",
        )?;
        db::labels::insert_catalogue(
            conn,
            l.account_id,
            &l.title,
            &l.description,
            l.color.as_deref().unwrap_or("#1f93ff"),
        )
        .map_err(|e| match e {
            Error::Internal(m) if m.contains("UNIQUE") => {
                entry(format!("$.labels[{i}].title"), "duplicate label title")
            }
            other => LoadError::Db(other),
        })?;
    }
    for (i, d) in fx.custom_attribute_definitions.iter().enumerate() {
        let at = |k: &str| format!("$.custom_attribute_definitions[{i}].{k}");
        require(
            conn,
            SeedTable::Accounts,
            d.account_id,
            at("account_id"),
            "account",
        )?;
        const TYPES: &[&str] = &[
            "text", "number", "currency", "percent", "link", "date", "list", "checkbox",
        ];
        if !TYPES.contains(&d.attribute_display_type.as_str()) {
            return Err(entry(
                at("attribute_display_type"),
                format!("must be one of {}", TYPES.join(", ")),
            ));
        }
        if d.attribute_model != "contact_attribute" && d.attribute_model != "conversation_attribute"
        {
            return Err(entry(
                at("attribute_model"),
                "must be contact_attribute or conversation_attribute",
            ));
        }
        let values = serde_json::to_string(&d.attribute_values).map_err(Error::internal)?;
        let display = d
            .attribute_display_name
            .clone()
            .unwrap_or_else(|| d.attribute_key.clone());
        seed::custom_attribute_definition(
            conn,
            d.account_id,
            &d.attribute_model,
            &d.attribute_key,
            &display,
            &d.attribute_display_type,
            &values,
        )
        .map_err(|e| match e {
            Error::Internal(m) if m.contains("UNIQUE") => {
                entry(at("attribute_key"), "duplicate attribute key")
            }
            other => LoadError::Db(other),
        })?;
    }
    let mut contact_ids = Vec::with_capacity(fx.contacts.len());
    for (i, c) in fx.contacts.iter().enumerate() {
        contact_ids.push(load_contact(conn, i, c, now)?);
    }
    // All search rows at once, after the contacts: one FTS segment for the file (migration V9).
    db::contacts::index_for_search(conn, &contact_ids)?;
    for (i, c) in fx.conversations.iter().enumerate() {
        load_conversation(conn, i, c, now)?;
    }
    for (i, n) in fx.notes.iter().enumerate() {
        let at = |k: &str| format!("$.notes[{i}].{k}");
        if let Some(id) = n.id {
            no_duplicate(conn, SeedTable::Notes, id, at("id"))?;
        }
        let account_id = require(
            conn,
            SeedTable::Contacts,
            n.contact_id,
            at("contact_id"),
            "contact",
        )?;
        if let Some(u) = n.user_id {
            require(conn, SeedTable::Users, u, at("user_id"), "user")?;
        }
        if n.content.trim().is_empty() {
            return Err(entry(at("content"), "Content can't be blank"));
        }
        let created = ts(&n.created_at, at("created_at"), now)?;
        seed::note(
            conn,
            n.id,
            account_id,
            n.contact_id,
            n.user_id,
            &n.content,
            created,
        )?;
    }
    Ok(Summary {
        accounts: fx.accounts.len(),
        users: fx.users.len(),
        inboxes: fx.inboxes.len(),
        contacts: fx.contacts.len(),
        conversations: fx.conversations.len(),
        notes: fx.notes.len(),
        example: example(fx),
    })
}

fn example(fx: &Fixture) -> Option<(i64, String)> {
    let pick = |want_admin: bool| {
        fx.users.iter().find_map(|u| {
            let token = u.access_token.clone()?;
            let m = u
                .accounts
                .iter()
                .find(|m| matches!(m.role, RoleFx::Administrator) == want_admin)?;
            Some((m.account_id, token))
        })
    };
    pick(true).or_else(|| pick(false))
}

fn load_contact(conn: &db::Conn, i: usize, c: &ContactFx, now: i64) -> Result<i64, LoadError> {
    let at = |k: &str| format!("$.contacts[{i}].{k}");
    if let Some(id) = c.id {
        no_duplicate(conn, SeedTable::Contacts, id, at("id"))?;
    }
    require(
        conn,
        SeedTable::Accounts,
        c.account_id,
        at("account_id"),
        "account",
    )?;
    let input = ContactInput {
        name: c.name.clone().map(Some),
        email: c.email.clone().map(Some),
        phone_number: c.phone_number.clone().map(Some),
        identifier: c.identifier.clone().map(Some),
        blocked: Some(Some(c.blocked)),
        additional_attributes: c.additional_attributes.clone().map(Some),
        custom_attributes: c.custom_attributes.clone().map(Some),
        avatar_url: None,
    };
    let mut fields = ContactFields::default();
    fields.apply(&input);
    db::contacts::validate(conn, c.account_id, None, &fields).map_err(|e| match e {
        Error::Validation(errs, _) => entry(
            format!("$.contacts[{i}]"),
            errs.iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => LoadError::Db(other),
    })?;
    let created = ts(&c.created_at, at("created_at"), now)?;
    let activity = match &c.last_activity_at {
        None => None,
        Some(_) => Some(ts(&c.last_activity_at, at("last_activity_at"), now)?),
    };
    let id = db::contacts::insert_unindexed(
        conn,
        c.account_id,
        c.id,
        &fields,
        created,
        activity,
        created,
    )?;
    db::labels::add(conn, c.account_id, id, &c.labels)?;
    if c.online {
        db::contacts::touch_presence(conn, c.account_id, id, now)?;
    }
    for (j, ci) in c.contact_inboxes.iter().enumerate() {
        let path = format!("$.contacts[{i}].contact_inboxes[{j}]");
        let inbox_account = require(
            conn,
            SeedTable::Inboxes,
            ci.inbox_id,
            format!("{path}.inbox_id"),
            "inbox",
        )?;
        if inbox_account != c.account_id {
            return Err(entry(
                format!("{path}.inbox_id"),
                "inbox belongs to another account",
            ));
        }
        if db::contact_inboxes::find_by_source(conn, ci.inbox_id, &ci.source_id)?.is_some() {
            return Err(entry(
                format!("{path}.source_id"),
                "source_id already used in this inbox",
            ));
        }
        db::contact_inboxes::insert(
            conn,
            id,
            ci.inbox_id,
            &ci.source_id,
            ci.hmac_verified,
            created,
        )?;
    }
    Ok(id)
}

fn load_conversation(
    conn: &db::Conn,
    i: usize,
    c: &ConversationFx,
    now: i64,
) -> Result<(), LoadError> {
    let at = |k: &str| format!("$.conversations[{i}].{k}");
    no_duplicate(conn, SeedTable::Conversations, c.id, at("id"))?;
    require(
        conn,
        SeedTable::Accounts,
        c.account_id,
        at("account_id"),
        "account",
    )?;
    if require(
        conn,
        SeedTable::Inboxes,
        c.inbox_id,
        at("inbox_id"),
        "inbox",
    )? != c.account_id
    {
        return Err(entry(at("inbox_id"), "inbox belongs to another account"));
    }
    if require(
        conn,
        SeedTable::Contacts,
        c.contact_id,
        at("contact_id"),
        "contact",
    )? != c.account_id
    {
        return Err(entry(
            at("contact_id"),
            "contact belongs to another account",
        ));
    }
    if let Some(a) = c.assignee_id {
        require(conn, SeedTable::Users, a, at("assignee_id"), "user")?;
    }
    if !["open", "resolved", "pending", "snoozed"].contains(&c.status.as_str()) {
        return Err(entry(
            at("status"),
            "must be open, resolved, pending or snoozed",
        ));
    }
    let created = ts(&c.created_at, at("created_at"), now)?;
    let activity = ts(&c.last_activity_at, at("last_activity_at"), created)?;
    let contact_inbox_id = seed::contact_inbox_id(conn, c.contact_id, c.inbox_id)?;
    seed::conversation(
        conn,
        &NewConversation {
            id: c.id,
            display_id: c.display_id.unwrap_or(c.id),
            account_id: c.account_id,
            inbox_id: c.inbox_id,
            contact_id: c.contact_id,
            contact_inbox_id,
            status: &c.status,
            assignee_id: c.assignee_id,
            created_at: created,
            last_activity_at: activity,
        },
    )
    .map_err(|e| match e {
        Error::Internal(m) if m.contains("UNIQUE") => {
            entry(at("display_id"), "display_id already used in this account")
        }
        other => LoadError::Db(other),
    })?;
    for (j, m) in c.messages.iter().enumerate() {
        let mat = format!("$.conversations[{i}].messages[{j}]");
        if !["incoming", "outgoing", "activity", "template"].contains(&m.message_type.as_str()) {
            return Err(entry(
                format!("{mat}.message_type"),
                "must be incoming, outgoing, activity or template",
            ));
        }
        let (sender_type, sender_id) = match m.message_type.as_str() {
            "incoming" => (Some("Contact"), Some(c.contact_id)),
            "outgoing" => (c.assignee_id.map(|_| "User"), c.assignee_id),
            _ => (None, None),
        };
        seed::message(
            conn,
            &NewMessage {
                account_id: c.account_id,
                conversation_id: c.id,
                inbox_id: c.inbox_id,
                content: m.content.as_deref(),
                message_type: &m.message_type,
                sender_type,
                sender_id,
                created_at: ts(&m.created_at, format!("{mat}.created_at"), activity)?,
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_nearest_entry() {
        for (raw, want) in [
            (".", "$"),
            ("", "$"),
            ("?", "$"),
            ("accounts", "$.accounts"),
            ("contacts[1].nmae", "$.contacts[1].nmae"),
            ("contacts[0].?", "$.contacts[0]"),
        ] {
            assert_eq!(display_path(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn only_one_json_object_is_a_fixture() {
        for (text, path, reason) in [
            ("[]", "$", "a fixture file is a JSON object, not an array"),
            (
                " [{}]",
                "$",
                "a fixture file is a JSON object, not an array",
            ),
            ("{} {}", "$", "trailing characters at line 1 column 4"),
            (
                r#"{"contacts": [{"account_id": 1,}]}"#,
                "$.contacts[0]",
                "trailing comma at line 1 column 32",
            ),
        ] {
            let e = parse("f.json", text).expect_err(text);
            assert_eq!(
                (e.path.as_str(), e.reason.as_str()),
                (path, reason),
                "{text}"
            );
        }
        assert!(parse("f.json", " {}\n").is_ok());
    }
}
