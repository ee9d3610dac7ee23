//! Chatwoot's JSON shapes (reference 2.x). Field order follows Chatwoot's jbuilder views.

use crate::domain::agent::Agent;
use crate::domain::auth::Role;
use crate::domain::contact::Contact;
use crate::domain::conversation::{Conversation, Message, can_reply, message_type_code};
use crate::domain::inbox::{ContactInbox, Inbox};
use crate::domain::note::Note;
use crate::error::Error;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// What a view needs besides the record: the presence window and where avatars are served.
#[derive(Debug, Clone)]
pub struct ViewCtx {
    pub now: i64,
    pub presence_ttl: i64,
    pub base_url: String,
}

#[derive(Serialize)]
pub struct ContactView<'a> {
    additional_attributes: &'a RawValue,
    availability_status: &'static str,
    email: Option<&'a str>,
    id: i64,
    name: &'a str,
    phone_number: Option<&'a str>,
    blocked: bool,
    identifier: Option<&'a str>,
    thumbnail: String,
    custom_attributes: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_activity_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_inboxes: Option<Vec<ContactInboxView<'a>>>,
}

fn raw(text: &str) -> Result<&RawValue, Error> {
    serde_json::from_str(text).map_err(|e| Error::internal(format!("stored JSON is invalid: {e}")))
}

pub fn thumbnail_url(ctx: &ViewCtx, avatar_id: Option<i64>) -> String {
    match avatar_id {
        Some(id) => format!("{}/avatars/{id}/thumbnail", ctx.base_url),
        None => String::new(),
    }
}

/// The contact object. `inboxes`: `Some` to include `contact_inboxes`, `None` to omit the key.
pub fn contact<'a>(
    c: &'a Contact,
    ctx: &ViewCtx,
    inboxes: Option<&'a [ContactInbox]>,
) -> Result<ContactView<'a>, Error> {
    Ok(ContactView {
        additional_attributes: raw(&c.additional_attributes)?,
        availability_status: if c.is_online(ctx.now, ctx.presence_ttl) {
            "online"
        } else {
            "offline"
        },
        email: c.email.as_deref(),
        id: c.id,
        name: &c.name,
        phone_number: c.phone_number.as_deref(),
        blocked: c.blocked,
        identifier: c.identifier.as_deref(),
        thumbnail: thumbnail_url(ctx, c.avatar_id),
        custom_attributes: raw(&c.custom_attributes)?,
        last_activity_at: c.last_activity_at,
        created_at: Some(c.created_at),
        contact_inboxes: inboxes.map(|list| list.iter().map(contact_inbox).collect()),
    })
}

#[derive(Serialize)]
pub struct ContactInboxView<'a> {
    source_id: &'a str,
    inbox: InboxSlim<'a>,
}

pub fn contact_inbox(ci: &ContactInbox) -> ContactInboxView<'_> {
    ContactInboxView {
        source_id: &ci.source_id,
        inbox: inbox_slim(&ci.inbox),
    }
}

#[derive(Serialize)]
pub struct InboxSlim<'a> {
    id: i64,
    avatar_url: &'static str,
    channel_id: i64,
    name: &'a str,
    channel_type: &'a str,
    provider: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

pub fn inbox_slim(i: &Inbox) -> InboxSlim<'_> {
    InboxSlim {
        id: i.id,
        avatar_url: "",
        channel_id: i.channel_id,
        name: &i.name,
        channel_type: &i.channel_type,
        provider: i.provider.as_deref(),
        // Only email inboxes carry their address.
        email: if i.channel_type == "Channel::Email" {
            Some(i.email.as_deref().unwrap_or(""))
        } else {
            None
        },
    }
}

/// Rails' ISO-8601 with milliseconds, as raw records serialise timestamps.
pub fn iso8601(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// The raw Inbox record Chatwoot dumps into the create response's `contact_inbox.inbox`: its basic
/// columns (secrets such as the HMAC token are left out).
#[derive(Serialize)]
pub struct InboxRecord<'a> {
    id: i64,
    channel_id: i64,
    account_id: i64,
    name: &'a str,
    created_at: String,
    updated_at: String,
    channel_type: &'a str,
    greeting_enabled: bool,
    greeting_message: Option<&'a str>,
    email_address: Option<&'a str>,
    working_hours_enabled: bool,
    out_of_office_message: Option<&'a str>,
    timezone: &'static str,
    enable_auto_assignment: bool,
    enable_email_collect: bool,
    csat_survey_enabled: bool,
    allow_messages_after_resolved: bool,
    lock_to_single_conversation: bool,
    sender_name_type: &'static str,
    business_name: Option<&'a str>,
}

pub fn inbox_record(i: &Inbox) -> InboxRecord<'_> {
    InboxRecord {
        id: i.id,
        channel_id: i.channel_id,
        account_id: i.account_id,
        name: &i.name,
        created_at: iso8601(i.created_at),
        updated_at: iso8601(i.updated_at),
        channel_type: &i.channel_type,
        greeting_enabled: false,
        greeting_message: None,
        email_address: None,
        working_hours_enabled: false,
        out_of_office_message: None,
        timezone: "UTC",
        enable_auto_assignment: true,
        enable_email_collect: true,
        csat_survey_enabled: false,
        allow_messages_after_resolved: true,
        lock_to_single_conversation: false,
        sender_name_type: "friendly",
        business_name: None,
    }
}

/// A serialised JSON body.
pub fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(v).map_err(Error::internal)
}

/// The public client API's contact (reference 16): the contact inbox's tokens plus a few contact
/// fields.
#[derive(Serialize)]
pub struct PublicContact<'a> {
    source_id: &'a str,
    pubsub_token: &'a str,
    id: i64,
    name: &'a str,
    email: Option<&'a str>,
    phone_number: Option<&'a str>,
}

pub fn public_contact<'a>(ci: &'a ContactInbox, c: &'a Contact) -> PublicContact<'a> {
    PublicContact {
        source_id: &ci.source_id,
        pubsub_token: &ci.pubsub_token,
        id: c.id,
        name: &c.name,
        email: c.email.as_deref(),
        phone_number: c.phone_number.as_deref(),
    }
}

/// The raw Contact record Chatwoot's public update dumps (every column, ISO timestamps).
#[derive(Serialize)]
pub struct ContactRecord<'a> {
    id: i64,
    name: &'a str,
    email: Option<&'a str>,
    phone_number: Option<&'a str>,
    account_id: i64,
    created_at: String,
    updated_at: String,
    additional_attributes: &'a RawValue,
    identifier: Option<&'a str>,
    custom_attributes: &'a RawValue,
    last_activity_at: Option<String>,
    contact_type: &'static str,
    middle_name: &'static str,
    last_name: &'static str,
    location: &'a str,
    country_code: &'a str,
    blocked: bool,
}

fn contact_type_name(t: i64) -> &'static str {
    match t {
        1 => "lead",
        2 => "customer",
        _ => "visitor",
    }
}

/// `location` and `country_code` are the stored columns.
pub fn contact_record<'a>(
    c: &'a Contact,
    location: &'a str,
    country_code: &'a str,
) -> Result<ContactRecord<'a>, Error> {
    Ok(ContactRecord {
        id: c.id,
        name: &c.name,
        email: c.email.as_deref(),
        phone_number: c.phone_number.as_deref(),
        account_id: c.account_id,
        created_at: iso8601(c.created_at),
        updated_at: iso8601(c.updated_at),
        additional_attributes: raw(&c.additional_attributes)?,
        identifier: c.identifier.as_deref(),
        custom_attributes: raw(&c.custom_attributes)?,
        last_activity_at: c.last_activity_at.map(iso8601),
        contact_type: contact_type_name(c.contact_type),
        middle_name: "",
        last_name: "",
        location,
        country_code,
        blocked: c.blocked,
    })
}

/// Chatwoot's agent partial (note authors, assignees). Presence and avatars of users are not tracked,
/// so every agent is offline with no thumbnail. `account_id` is the account being viewed.
#[derive(Serialize)]
pub struct AgentView<'a> {
    id: i64,
    account_id: i64,
    availability_status: &'static str,
    auto_offline: bool,
    confirmed: bool,
    email: &'a str,
    provider: &'static str,
    available_name: &'a str,
    name: &'a str,
    role: Option<&'static str>,
    thumbnail: &'static str,
}

pub fn agent(a: &Agent, account_id: i64) -> AgentView<'_> {
    AgentView {
        id: a.id,
        account_id,
        availability_status: "offline",
        auto_offline: true,
        confirmed: true,
        email: &a.email,
        provider: "email",
        available_name: &a.name,
        name: &a.name,
        role: a.role.map(Role::as_str),
        thumbnail: "",
    }
}

/// The note object (reference 2.3), with the real `account_id` and `contact_id` (our decision).
#[derive(Serialize)]
pub struct NoteView<'a> {
    id: i64,
    content: &'a str,
    account_id: i64,
    contact_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<AgentView<'a>>,
    created_at: i64,
    updated_at: i64,
}

/// An import's progress (ours; Chatwoot has no such endpoint). Counts as in Chatwoot's `data_imports`:
/// `processed_records` are rows imported, `failed_records` rows rejected, `total_records` rows in the file.
#[derive(Serialize)]
pub struct DataImportView<'a> {
    id: i64,
    account_id: i64,
    data_type: &'a str,
    status: &'a str,
    file_name: Option<&'a str>,
    total_records: i64,
    processed_records: i64,
    failed_records: i64,
    created_records: i64,
    updated_records: i64,
    error: Option<&'a str>,
    created_at: i64,
    updated_at: i64,
}

/// `author`: the note's user, if it still exists.
pub fn note<'a>(n: &'a Note, author: Option<&'a Agent>) -> NoteView<'a> {
    NoteView {
        id: n.id,
        content: &n.content,
        account_id: n.account_id,
        contact_id: n.contact_id,
        user: author.map(|a| agent(a, n.account_id)),
        created_at: n.created_at,
        updated_at: n.updated_at,
    }
}

/// The inbox in `contactable_inboxes`: the `inbox_slim` keys plus the channel attributes of Chatwoot's
/// full inbox partial that contactd stores, in that partial's order. Settings contactd does not keep
/// (greeting, working hours, CSAT...) are left out rather than invented, and secrets (`hmac_token`,
/// IMAP/SMTP, provider config) are never sent, whatever the caller's role.
#[derive(Serialize)]
pub struct InboxFull<'a> {
    id: i64,
    avatar_url: &'static str,
    channel_id: i64,
    name: &'a str,
    channel_type: &'a str,
    hmac_mandatory: Option<bool>,
    website_token: Option<&'a str>,
    phone_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    medium: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inbox_identifier: Option<Option<&'a str>>,
    provider: Option<&'a str>,
}

pub fn inbox_full(i: &Inbox) -> InboxFull<'_> {
    let is = |t: &str| i.channel_type == t;
    InboxFull {
        id: i.id,
        avatar_url: "",
        channel_id: i.channel_id,
        name: &i.name,
        channel_type: &i.channel_type,
        // Only widget and API channels have the column; the partial's `try` gives null elsewhere.
        hmac_mandatory: (is("Channel::WebWidget") || is("Channel::Api"))
            .then_some(i.hmac_mandatory),
        website_token: i.website_token.as_deref(),
        phone_number: i.phone_number.as_deref(),
        medium: is("Channel::TwilioSms").then_some(i.medium.as_deref()),
        email: is("Channel::Email").then_some(i.email.as_deref()),
        inbox_identifier: is("Channel::Api").then_some(i.identifier.as_deref()),
        provider: i.provider.as_deref(),
    }
}

/// A message as the conversation JSON embeds it: the columns of Chatwoot's `push_event_data` that
/// contactd stores, with the fixed values of what it does not (no private notes, attachments or
/// delivery tracking). `conversation_id` is the conversation's display id, as in Chatwoot.
#[derive(Serialize)]
pub struct MessageView<'a> {
    id: i64,
    content: Option<&'a str>,
    account_id: i64,
    inbox_id: i64,
    conversation_id: i64,
    message_type: i64,
    created_at: i64,
    private: bool,
    status: &'static str,
    source_id: Option<&'static str>,
    content_type: &'static str,
    content_attributes: Map<String, Value>,
    sender_type: Option<&'a str>,
    sender_id: Option<i64>,
}

pub fn message(m: &Message, display_id: i64) -> MessageView<'_> {
    MessageView {
        id: m.id,
        content: m.content.as_deref(),
        account_id: m.account_id,
        inbox_id: m.inbox_id,
        conversation_id: display_id,
        message_type: message_type_code(&m.message_type),
        created_at: m.created_at,
        private: false,
        status: "sent",
        source_id: None,
        content_type: "text",
        content_attributes: Map::new(),
        sender_type: m.sender_type.as_deref(),
        sender_id: m.sender_id,
    }
}

#[derive(Serialize)]
pub struct ConversationMeta<'a> {
    sender: &'a ContactView<'a>,
    channel: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee: Option<AgentView<'a>>,
    hmac_verified: Option<bool>,
}

/// The conversation object (reference 2.4). Timestamps contactd does not track (assignee seen, first
/// reply, waiting since) are 0, as Chatwoot renders a null one.
#[derive(Serialize)]
pub struct ConversationView<'a> {
    meta: ConversationMeta<'a>,
    id: i64,
    messages: Vec<MessageView<'a>>,
    account_id: i64,
    uuid: &'a str,
    additional_attributes: &'a RawValue,
    agent_last_seen_at: i64,
    assignee_last_seen_at: i64,
    can_reply: bool,
    contact_last_seen_at: i64,
    custom_attributes: &'a RawValue,
    inbox_id: i64,
    labels: [&'static str; 0],
    muted: bool,
    snoozed_until: Option<String>,
    status: &'a str,
    created_at: i64,
    timestamp: i64,
    first_reply_created_at: i64,
    unread_count: i64,
    last_non_activity_message: Option<MessageView<'a>>,
    last_activity_at: i64,
    priority: Option<&'a str>,
    waiting_since: i64,
    sla_policy_id: Option<i64>,
}

/// `sender`: the contact, already rendered without contact inboxes; `last`: the latest non-activity
/// message (both `messages` and `last_non_activity_message` show it); `now` decides the reply window.
pub fn conversation<'a>(
    c: &'a Conversation,
    sender: &'a ContactView<'a>,
    assignee: Option<&'a Agent>,
    last: Option<&'a Message>,
    now: i64,
) -> Result<ConversationView<'a>, Error> {
    Ok(ConversationView {
        meta: ConversationMeta {
            sender,
            channel: &c.channel_type,
            assignee: assignee.map(|a| agent(a, c.account_id)),
            hmac_verified: c.hmac_verified,
        },
        id: c.display_id,
        messages: last.map(|m| message(m, c.display_id)).into_iter().collect(),
        account_id: c.account_id,
        uuid: &c.uuid,
        additional_attributes: raw(&c.additional_attributes)?,
        agent_last_seen_at: c.agent_last_seen_at.unwrap_or(0),
        assignee_last_seen_at: 0,
        can_reply: can_reply(c, now),
        contact_last_seen_at: c.contact_last_seen_at.unwrap_or(0),
        custom_attributes: raw(&c.custom_attributes)?,
        inbox_id: c.inbox_id,
        labels: [],
        muted: false,
        // Chatwoot dumps this one as a raw time, not unix seconds.
        snoozed_until: c.snoozed_until.map(iso8601),
        status: &c.status,
        created_at: c.created_at,
        timestamp: c.last_activity_at,
        first_reply_created_at: 0,
        unread_count: c.unread_count,
        last_non_activity_message: last.map(|m| message(m, c.display_id)),
        last_activity_at: c.last_activity_at,
        priority: c.priority.as_deref(),
        waiting_since: 0,
        sla_policy_id: None,
    })
}

pub fn data_import(i: &crate::db::imports::DataImport) -> DataImportView<'_> {
    DataImportView {
        id: i.id,
        account_id: i.account_id,
        data_type: &i.data_type,
        status: &i.status,
        file_name: i.file_name.as_deref(),
        total_records: i.total_records,
        processed_records: i.processed_records,
        failed_records: i.failed_records,
        created_records: i.created_records,
        updated_records: i.updated_records,
        error: i.error.as_deref(),
        created_at: i.created_at,
        updated_at: i.updated_at,
    }
}
