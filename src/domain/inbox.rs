//! An inbox as the contact endpoints see it.

use super::channel::{Channel, InboxKind};

#[derive(Debug, Clone, PartialEq)]
pub struct Inbox {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub channel_type: String,
    pub channel_id: i64,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub provider: Option<String>,
    pub medium: Option<String>,
    pub website_token: Option<String>,
    pub identifier: Option<String>,
    pub hmac_token: Option<String>,
    pub hmac_mandatory: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Inbox {
    pub fn channel(&self) -> Channel {
        Channel::from_type(&self.channel_type)
    }

    pub fn kind(&self) -> InboxKind {
        InboxKind {
            channel: self.channel(),
            channel_type: self.channel_type.clone(),
            medium: self.medium.clone(),
        }
    }
}

/// A contact's presence in an inbox, with the inbox it points at.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactInbox {
    pub id: i64,
    pub contact_id: i64,
    pub source_id: String,
    pub hmac_verified: bool,
    pub pubsub_token: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub inbox: Inbox,
}
