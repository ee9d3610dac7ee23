//! Conversations and messages as the contact's conversation list shows them (reference 2.4, 15.1).

/// A stored conversation with what its JSON needs from its inbox and contact inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub id: i64,
    pub display_id: i64,
    pub account_id: i64,
    pub inbox_id: i64,
    pub contact_id: i64,
    pub uuid: String,
    pub status: String,
    pub assignee_id: Option<i64>,
    pub priority: Option<String>,
    pub additional_attributes: String,
    pub custom_attributes: String,
    pub snoozed_until: Option<i64>,
    pub agent_last_seen_at: Option<i64>,
    pub contact_last_seen_at: Option<i64>,
    pub last_activity_at: i64,
    pub created_at: i64,
    pub channel_type: String,
    pub medium: Option<String>,
    /// The contact inbox's flag; `None` when the conversation has no contact inbox.
    pub hmac_verified: Option<bool>,
    /// When the contact last wrote (the reply window starts there).
    pub last_incoming_at: Option<i64>,
    /// Incoming messages the agents have not seen, capped at 10 as Chatwoot's `last(10)` caps it.
    pub unread_count: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: i64,
    pub account_id: i64,
    pub conversation_id: i64,
    pub inbox_id: i64,
    pub content: Option<String>,
    pub message_type: String,
    pub sender_type: Option<String>,
    pub sender_id: Option<i64>,
    pub created_at: i64,
}

/// Chatwoot's `message_type` enum value, as its JSON emits it.
pub fn message_type_code(message_type: &str) -> i64 {
    match message_type {
        "outgoing" => 1,
        "activity" => 2,
        "template" => 3,
        _ => 0,
    }
}

const DAY: i64 = 24 * 60 * 60;

/// The messaging window of a channel (Chatwoot's MessageWindowService): Meta's channels only accept a
/// reply within 24 hours of the contact's last message. `None`: no window.
pub fn reply_window(channel_type: &str, medium: Option<&str>) -> Option<i64> {
    match channel_type {
        "Channel::Whatsapp" | "Channel::FacebookPage" | "Channel::Instagram" => Some(DAY),
        "Channel::TwilioSms" if medium == Some("whatsapp") => Some(DAY),
        _ => None,
    }
}

pub fn can_reply(c: &Conversation, now: i64) -> bool {
    match reply_window(&c.channel_type, c.medium.as_deref()) {
        None => true,
        Some(window) => c.last_incoming_at.is_some_and(|t| now < t + window),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(
        channel_type: &str,
        medium: Option<&str>,
        last_incoming_at: Option<i64>,
    ) -> Conversation {
        Conversation {
            id: 1,
            display_id: 1,
            account_id: 1,
            inbox_id: 1,
            contact_id: 1,
            uuid: String::new(),
            status: "open".into(),
            assignee_id: None,
            priority: None,
            additional_attributes: "{}".into(),
            custom_attributes: "{}".into(),
            snoozed_until: None,
            agent_last_seen_at: None,
            contact_last_seen_at: None,
            last_activity_at: 0,
            created_at: 0,
            channel_type: channel_type.into(),
            medium: medium.map(Into::into),
            hmac_verified: None,
            last_incoming_at,
            unread_count: 0,
        }
    }

    #[test]
    fn reply_window_table() {
        let now = 1_000_000;
        #[rustfmt::skip]
        let cases = [
            ("Channel::WebWidget", None, None, true),
            ("Channel::Api", None, None, true),
            ("Channel::Email", None, Some(0), true),
            ("Channel::TwilioSms", Some("sms"), None, true),
            ("Channel::Whatsapp", None, None, false),
            ("Channel::Whatsapp", None, Some(now - DAY + 1), true),
            ("Channel::Whatsapp", None, Some(now - DAY), false),
            ("Channel::TwilioSms", Some("whatsapp"), Some(now - 60), true),
            ("Channel::TwilioSms", Some("whatsapp"), Some(now - 2 * DAY), false),
            ("Channel::FacebookPage", None, Some(now - 60), true),
            ("Channel::Instagram", None, None, false),
        ];
        for (t, medium, last, want) in cases {
            assert_eq!(
                can_reply(&conv(t, medium, last), now),
                want,
                "{t} {medium:?} {last:?}"
            );
        }
    }

    #[test]
    fn message_types() {
        for (t, code) in [
            ("incoming", 0),
            ("outgoing", 1),
            ("activity", 2),
            ("template", 3),
        ] {
            assert_eq!(message_type_code(t), code);
        }
    }
}
