//! Chatwoot's JSON shapes (reference 2.x). Field order follows Chatwoot's jbuilder views.

use crate::domain::contact::Contact;
use crate::domain::inbox::{ContactInbox, Inbox};
use crate::error::Error;
use serde::Serialize;
use serde_json::value::RawValue;

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
