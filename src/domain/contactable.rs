//! Which inboxes can reach a contact, and with which source id (Chatwoot's ContactableInboxesService,
//! reference 12).

use super::channel::{Channel, InboxKind};

/// The source id an inbox would reach the contact with, or `None` when the inbox cannot reach them.
/// `latest`: the source id of the contact's latest contact inbox in this inbox. `has_conversations` is
/// only asked (it costs a query) for a web widget inbox where the contact already has one.
pub fn source_id<E>(
    kind: &InboxKind,
    email: Option<&str>,
    phone: Option<&str>,
    latest: Option<&str>,
    has_conversations: impl FnOnce() -> Result<bool, E>,
    uuid: impl FnOnce() -> String,
) -> Result<Option<String>, E> {
    let email = email.filter(|s| !s.trim().is_empty());
    let phone = phone.filter(|s| !s.trim().is_empty());
    Ok(match kind.channel {
        Channel::TwilioSms if kind.medium.as_deref() == Some("whatsapp") => {
            phone.map(|p| format!("whatsapp:{p}"))
        }
        Channel::TwilioSms | Channel::Sms => phone.map(str::to_string),
        Channel::Whatsapp => phone.map(|p| p.replace('+', "")),
        Channel::Email => email.map(str::to_string),
        // A fresh UUID on every call when the contact has none there yet, as Chatwoot does.
        Channel::Api => Some(latest.map_or_else(uuid, str::to_string)),
        // A widget contact inbox is only offered while it has no conversation (Chatwoot's FIXME).
        Channel::WebWidget => match latest {
            Some(s) if !has_conversations()? => Some(s.to_string()),
            _ => None,
        },
        Channel::Other => None,
    })
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

    /// kind, email, phone, latest source id, has conversations, expected source id.
    type Case = (
        InboxKind,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        bool,
        Option<&'static str>,
    );

    #[test]
    fn rules_table() {
        let e = Some("jo@x.test");
        let p = Some("+15551234");
        #[rustfmt::skip]
        let cases: Vec<Case> = vec![
            (kind("Channel::TwilioSms", Some("sms")), e, p, None, false, Some("+15551234")),
            (kind("Channel::TwilioSms", Some("whatsapp")), e, p, None, false, Some("whatsapp:+15551234")),
            (kind("Channel::TwilioSms", Some("sms")), e, None, None, false, None),
            (kind("Channel::TwilioSms", Some("sms")), e, Some(""), None, false, None),
            (kind("Channel::Whatsapp", None), None, p, None, false, Some("15551234")),
            (kind("Channel::Whatsapp", None), e, None, None, false, None),
            (kind("Channel::Sms", None), None, p, Some("old"), false, Some("+15551234")),
            (kind("Channel::Sms", None), e, None, None, false, None),
            (kind("Channel::Email", None), e, None, None, false, Some("jo@x.test")),
            (kind("Channel::Email", None), None, p, None, false, None),
            (kind("Channel::Api", None), None, None, None, false, Some("fresh-uuid")),
            (kind("Channel::Api", None), None, None, Some("api-src"), true, Some("api-src")),
            (kind("Channel::WebWidget", None), e, p, None, false, None),
            (kind("Channel::WebWidget", None), e, p, Some("web-src"), false, Some("web-src")),
            (kind("Channel::WebWidget", None), e, p, Some("web-src"), true, None),
            (kind("Channel::Telegram", None), e, p, Some("tg"), false, None),
            (kind("Channel::FacebookPage", None), e, p, None, false, None),
        ];
        for (k, email, phone, latest, convs, want) in cases {
            let got: Result<_, ()> = source_id(
                &k,
                email,
                phone,
                latest,
                || Ok(convs),
                || "fresh-uuid".to_string(),
            );
            assert_eq!(
                got,
                Ok(want.map(str::to_string)),
                "{k:?} {email:?} {phone:?} {latest:?}"
            );
        }
    }

    #[test]
    fn conversations_are_only_asked_for_widgets_with_a_contact_inbox() {
        let k = kind("Channel::Api", None);
        let got: Result<_, &str> =
            source_id(&k, None, None, Some("s"), || Err("asked"), String::new);
        assert_eq!(got, Ok(Some("s".to_string())));
        let w = kind("Channel::WebWidget", None);
        let got: Result<_, &str> = source_id(&w, None, None, None, || Err("asked"), String::new);
        assert_eq!(got, Ok(None));
        let got: Result<Option<String>, &str> =
            source_id(&w, None, None, Some("s"), || Err("asked"), String::new);
        assert_eq!(got, Err("asked"));
    }
}
