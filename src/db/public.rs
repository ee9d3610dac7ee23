//! The public client API's storage steps (reference 16): finding the caller's contact, creating an
//! anonymous one, and Chatwoot's "identify" update, which may merge other contacts into this one.

use super::{contact_inboxes, contacts, merge};
use crate::domain::contact::{Contact, ContactInput, Unique};
use crate::domain::haikunator::haikunate;
use crate::domain::identity::ClientParams;
use crate::domain::inbox::{ContactInbox, Inbox};
use crate::domain::merge::deep_merge;
use crate::error::{Error, Result};
use rand::Rng;
use rusqlite::{Connection, params};

/// The contact inbox a client names by its source id in this inbox, and its contact (404 if none).
pub fn contact_inbox(
    conn: &Connection,
    inbox: &Inbox,
    source_id: &str,
) -> Result<(ContactInbox, Contact)> {
    let ci = contact_inboxes::find_by_source(conn, inbox.id, source_id)?.ok_or(Error::NotFound)?;
    let contact = contacts::get(conn, inbox.account_id, ci.contact_id)?;
    Ok((ci, contact))
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

fn holder(
    conn: &Connection,
    account_id: i64,
    field: Unique,
    value: Option<&str>,
) -> Result<Option<Contact>> {
    match value {
        None => Ok(None),
        Some(v) => match contacts::taken(conn, account_id, None, field, v)? {
            Some(id) => contacts::find(conn, account_id, id),
            None => Ok(None),
        },
    }
}

/// ContactInboxWithContactBuilder: an account contact with the identifier, else the email
/// (case-insensitive), else the phone number; else a new contact, named by Haikunator if unnamed.
pub fn find_or_create_contact(
    conn: &Connection,
    account_id: i64,
    p: &ClientParams,
    now: i64,
) -> Result<Contact> {
    for (field, value) in [
        (Unique::Identifier, present(&p.identifier)),
        (Unique::Email, present(&p.email)),
        (Unique::PhoneNumber, present(&p.phone_number)),
    ] {
        if let Some(c) = holder(conn, account_id, field, value)? {
            return Ok(c);
        }
    }
    let name = match &p.name {
        Some(n) => n.clone(),
        None => {
            let mut rng = rand::rng();
            haikunate(|n| rng.random_range(0..n.max(1)))
        }
    };
    let input = ContactInput {
        name: Some(Some(name)),
        email: Some(p.email.clone()),
        phone_number: Some(p.phone_number.clone()),
        identifier: Some(p.identifier.clone()),
        custom_attributes: Some(p.custom_attributes.clone()),
        ..ContactInput::default()
    };
    contacts::create(conn, account_id, &input, now)
}

pub fn set_hmac_verified(conn: &Connection, contact_inbox_id: i64, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contact_inboxes SET hmac_verified = 1, updated_at = ? WHERE id = ?",
    )?
    .execute(params![now, contact_inbox_id])?;
    Ok(())
}

/// Chatwoot's ContactIdentifyAction without the identifier: a contact of the account holding the
/// incoming email, then one holding the incoming phone, is merged into `contact` (which survives);
/// then the non-blank name, email and phone are written and `custom_attributes` deep-merged in.
pub fn identify(
    conn: &Connection,
    account_id: i64,
    contact: &Contact,
    p: &ClientParams,
    now: i64,
) -> Result<Contact> {
    let email = present(&p.email);
    let phone = present(&p.phone_number);
    let mut write_phone = true;
    let others = |field, value| -> Result<Option<Contact>> {
        Ok(holder(conn, account_id, field, value)?.filter(|c| c.id != contact.id))
    };
    if let Some(other) = others(Unique::Email, email)? {
        merge::merge(conn, account_id, contact.id, other.id, now)?;
    }
    if let Some(other) = others(Unique::PhoneNumber, phone)? {
        // The email wins: a phone holder with another email is left alone, and the phone not taken.
        let other_email = other.email.as_deref().unwrap_or("");
        if email.is_some_and(|e| !e.eq_ignore_ascii_case(other_email)) {
            write_phone = false;
        } else {
            merge::merge(conn, account_id, contact.id, other.id, now)?;
        }
    }
    let current = contacts::get(conn, account_id, contact.id)?;
    let mut fields = current.fields()?;
    if let Some(name) = present(&p.name) {
        fields.name = name.to_string();
    }
    if let Some(email) = email {
        fields.email = Some(email.to_string());
    }
    if let Some(phone) = phone.filter(|_| write_phone) {
        fields.phone_number = Some(phone.to_string());
    }
    if let Some(attrs) = &p.custom_attributes {
        fields.custom_attributes = deep_merge(attrs, &fields.custom_attributes);
    }
    fields.normalize();
    contacts::validate(conn, account_id, Some(contact.id), &fields)?;
    contacts::save(conn, contact.id, &fields, now)?;
    contacts::get(conn, account_id, contact.id)
}

/// The stored `location` and `country_code` columns (only the raw record shows them).
pub fn location_columns(conn: &Connection, contact_id: i64) -> Result<(String, String)> {
    Ok(conn
        .prepare_cached("SELECT location, country_code FROM contacts WHERE id = ?")?
        .query_row([contact_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}
