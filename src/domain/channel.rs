//! Inbox channels and the contact-inbox source id rules (reference 1.2 and 4).

use crate::error::{Error, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Api,
    WebWidget,
    Email,
    Sms,
    Whatsapp,
    TwilioSms,
    /// Facebook, Telegram, Line, Instagram...: known to Chatwoot, with no source id rule.
    Other,
}

impl Channel {
    pub fn from_type(channel_type: &str) -> Channel {
        match channel_type {
            "Channel::Api" => Channel::Api,
            "Channel::WebWidget" => Channel::WebWidget,
            "Channel::Email" => Channel::Email,
            "Channel::Sms" => Channel::Sms,
            "Channel::Whatsapp" => Channel::Whatsapp,
            "Channel::TwilioSms" => Channel::TwilioSms,
            _ => Channel::Other,
        }
    }
}

/// The channel types fixtures may use.
pub const KNOWN_CHANNEL_TYPES: &[&str] = &[
    "Channel::Api",
    "Channel::WebWidget",
    "Channel::Email",
    "Channel::Sms",
    "Channel::Whatsapp",
    "Channel::TwilioSms",
    "Channel::FacebookPage",
    "Channel::Telegram",
    "Channel::Line",
    "Channel::Instagram",
    "Channel::TwitterProfile",
    "Channel::Voice",
];

/// What source id rules need to know about an inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxKind {
    pub channel: Channel,
    pub channel_type: String,
    /// Twilio's medium: `sms` or `whatsapp`.
    pub medium: Option<String>,
}

impl InboxKind {
    fn twilio_whatsapp(&self) -> bool {
        self.channel == Channel::TwilioSms && self.medium.as_deref() == Some("whatsapp")
    }

    /// The source id Chatwoot generates when none is given. `uuid` supplies a random UUID.
    pub fn generate_source_id(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        uuid: impl FnOnce() -> String,
    ) -> Result<String, Error> {
        let need_phone = || {
            phone
                .map(str::to_string)
                .ok_or_else(|| Error::param_missing("contact phone number"))
        };
        match self.channel {
            Channel::Api | Channel::WebWidget => Ok(uuid()),
            Channel::Email => email
                .map(str::to_string)
                .ok_or_else(|| Error::param_missing("contact email")),
            Channel::Sms => need_phone(),
            Channel::Whatsapp => Ok(need_phone()?.trim_start_matches('+').to_string()),
            Channel::TwilioSms if self.twilio_whatsapp() => {
                Ok(format!("whatsapp:{}", need_phone()?))
            }
            Channel::TwilioSms => need_phone(),
            // Chatwoot raises here (a 500); we answer what is missing.
            Channel::Other => Err(Error::Unprocessable(format!(
                "source_id is required for {} inboxes",
                self.channel_type
            ))),
        }
    }

    /// The format check of ContactInbox#source_id.
    pub fn validate_source_id(&self, source_id: &str) -> Result<(), Error> {
        let digits = |s: &str| (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match self.channel {
            Channel::TwilioSms if self.twilio_whatsapp() => {
                source_id.strip_prefix("whatsapp:+").is_some_and(digits)
            }
            Channel::TwilioSms => source_id.strip_prefix('+').is_some_and(digits),
            Channel::Whatsapp => digits(source_id),
            _ => true,
        };
        if ok {
            return Ok(());
        }
        let what = match self.channel {
            Channel::TwilioSms if self.twilio_whatsapp() => "Twilio Whatsapp",
            Channel::TwilioSms => "Twilio SMS",
            _ => "Whatsapp",
        };
        Err(Error::validation(vec![FieldError::new(
            "source_id",
            format!("Source id invalid source id for {what} inbox"),
        )]))
    }

    /// Channels where Chatwoot rewrites a colliding source id of another contact instead of failing.
    pub fn rewrites_collisions(&self) -> bool {
        matches!(
            self.channel,
            Channel::Email | Channel::Sms | Channel::Whatsapp | Channel::TwilioSms
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str, medium: Option<&str>) -> InboxKind {
        InboxKind {
            channel: Channel::from_type(t),
            channel_type: t.into(),
            medium: medium.map(Into::into),
        }
    }

    #[test]
    #[allow(clippy::type_complexity)] // a table reads best written out in place
    fn generation_table() {
        let u = || "uuid-1".to_string();
        let cases: Vec<(InboxKind, Option<&str>, Option<&str>, Result<&str, &str>)> = vec![
            (kind("Channel::Api", None), None, None, Ok("uuid-1")),
            (kind("Channel::WebWidget", None), None, None, Ok("uuid-1")),
            (
                kind("Channel::Email", None),
                Some("a@b.c"),
                None,
                Ok("a@b.c"),
            ),
            (
                kind("Channel::Email", None),
                None,
                None,
                Err("param is missing or the value is empty: contact email"),
            ),
            (kind("Channel::Sms", None), None, Some("+155"), Ok("+155")),
            (
                kind("Channel::Sms", None),
                None,
                None,
                Err("param is missing or the value is empty: contact phone number"),
            ),
            (
                kind("Channel::Whatsapp", None),
                None,
                Some("+155"),
                Ok("155"),
            ),
            (
                kind("Channel::TwilioSms", Some("sms")),
                None,
                Some("+155"),
                Ok("+155"),
            ),
            (
                kind("Channel::TwilioSms", Some("whatsapp")),
                None,
                Some("+155"),
                Ok("whatsapp:+155"),
            ),
            (
                kind("Channel::TwilioSms", None),
                None,
                None,
                Err("param is missing or the value is empty: contact phone number"),
            ),
            (
                kind("Channel::Telegram", None),
                None,
                None,
                Err("source_id is required for Channel::Telegram inboxes"),
            ),
        ];
        for (k, email, phone, want) in cases {
            let got = k.generate_source_id(email, phone, u).map_err(|e| match e {
                Error::Unprocessable(m) => m,
                other => format!("{other:?}"),
            });
            assert_eq!(
                got.as_deref(),
                want.map_err(str::to_string).as_deref(),
                "{k:?}"
            );
        }
    }

    #[test]
    fn validation_table() {
        let cases = [
            (kind("Channel::TwilioSms", Some("sms")), "+15551234", true),
            (kind("Channel::TwilioSms", Some("sms")), "15551234", false),
            (
                kind("Channel::TwilioSms", Some("whatsapp")),
                "whatsapp:+15551234",
                true,
            ),
            (
                kind("Channel::TwilioSms", Some("whatsapp")),
                "+15551234",
                false,
            ),
            (kind("Channel::Whatsapp", None), "15551234", true),
            (kind("Channel::Whatsapp", None), "+15551234", false),
            (kind("Channel::Whatsapp", None), "1234567890123456", false),
            (kind("Channel::Api", None), "anything at all", true),
        ];
        for (k, s, ok) in cases {
            assert_eq!(k.validate_source_id(s).is_ok(), ok, "{k:?} {s}");
        }
    }
}
