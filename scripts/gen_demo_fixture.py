#!/usr/bin/env python3
"""Writes fixtures/demo.json: a small, believable company for demos and manual testing.

Deterministic (fixed seed), so regenerating gives the same file. Run: python3 scripts/gen_demo_fixture.py
"""
import json
import random
from pathlib import Path

rng = random.Random(42)
FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan", "Amara", "Kenji",
         "Priya", "Jonas", "Chloé", "Diego", "Fatima", "Hugo", "Ingrid", "Tariq", "Yuki", "Zoe", "Björn", "Leila"]
LAST = ["Smith", "García", "Müller", "Rossi", "Tanaka", "Okafor", "Novak", "Silva", "Dubois", "Kowalski",
        "Nguyen", "Andersson", "O'Brien", "Haddad", "Patel", "Moreau"]
CITIES = [("Berlin", "Germany", "de"), ("Lisbon", "Portugal", "pt"), ("Austin", "USA", "us"), ("Osaka", "Japan", "jp"),
          ("Lagos", "Nigeria", "ng"), ("Toronto", "Canada", "ca"), ("Lyon", "France", "fr"), ("Melbourne", "Australia", "au")]
COMPANIES = ["Northwind", "Initech", "Umbrella Health", "Hooli", "Stark Logistics", "Wayne Foods", "Soylent Labs", None]
PLANS = ["free", "starter", "pro", "enterprise"]
LABELS = ["vip", "lead", "customer", "churn-risk", "partner"]

accounts = [{"id": 1, "name": "Acme Corp", "locale": "en"}, {"id": 2, "name": "Globex", "locale": "en"}]
users = [
    {"id": 1, "name": "Ada Admin", "email": "ada@acme.test", "access_token": "demo-admin-token",
     "accounts": [{"account_id": 1, "role": "administrator"}]},
    {"id": 2, "name": "Andy Agent", "email": "andy@acme.test", "access_token": "demo-agent-token",
     "accounts": [{"account_id": 1, "role": "agent"}]},
    {"id": 3, "name": "Alice Agent", "email": "alice@acme.test", "access_token": "demo-agent2-token",
     "accounts": [{"account_id": 1, "role": "agent"}]},
    {"id": 4, "name": "Gus Globex", "email": "gus@globex.test", "access_token": "demo-globex-token",
     "accounts": [{"account_id": 2, "role": "administrator"}]},
]
inboxes = [
    {"id": 1, "account_id": 1, "name": "Website", "channel_type": "Channel::WebWidget", "website_token": "wt-acme", "members": [2]},
    {"id": 2, "account_id": 1, "name": "Support mail", "channel_type": "Channel::Email", "email": "support@acme.test", "provider": "google", "members": [2, 3]},
    {"id": 3, "account_id": 1, "name": "SMS", "channel_type": "Channel::Sms", "phone_number": "+15550001111", "members": [3]},
    {"id": 4, "account_id": 1, "name": "Mobile app", "channel_type": "Channel::Api", "identifier": "api-inbox-acme",
     "hmac_token": "demo-hmac-secret", "hmac_mandatory": False, "members": [2]},
    {"id": 5, "account_id": 1, "name": "WhatsApp", "channel_type": "Channel::Whatsapp", "phone_number": "+15550002222", "provider": "whatsapp_cloud"},
    {"id": 6, "account_id": 1, "name": "Twilio SMS", "channel_type": "Channel::TwilioSms", "phone_number": "+15550003333", "medium": "sms"},
    {"id": 7, "account_id": 1, "name": "Twilio WhatsApp", "channel_type": "Channel::TwilioSms", "phone_number": "+15550004444", "medium": "whatsapp"},
    {"id": 8, "account_id": 1, "name": "Facebook", "channel_type": "Channel::FacebookPage"},
    {"id": 9, "account_id": 1, "name": "Telegram", "channel_type": "Channel::Telegram"},
    {"id": 10, "account_id": 1, "name": "Line", "channel_type": "Channel::Line"},
    {"id": 11, "account_id": 1, "name": "Instagram", "channel_type": "Channel::Instagram"},
    {"id": 12, "account_id": 2, "name": "Globex web", "channel_type": "Channel::WebWidget", "website_token": "wt-globex"},
]
labels = [{"account_id": 1, "title": t, "color": c} for t, c in
          zip(LABELS, ["#f5a623", "#1f93ff", "#2ecc71", "#e74c3c", "#9b59b6"])]
labels.append({"account_id": 2, "title": "vip", "color": "#f5a623"})
defs = [
    ("plan", "Plan", "list", PLANS), ("seats", "Seats", "number", []), ("mrr", "Monthly revenue", "currency", []),
    ("discount", "Discount", "percent", []), ("signup_date", "Signed up", "date", []),
    ("newsletter", "Newsletter", "checkbox", []), ("website", "Website", "link", []), ("tier_note", "Tier note", "text", []),
]
custom_attribute_definitions = [
    {"account_id": 1, "attribute_model": "contact_attribute", "attribute_key": k, "attribute_display_name": n,
     "attribute_display_type": t, "attribute_values": v} for k, n, t, v in defs
]

contacts = []
used_emails = set()
for i in range(64):
    cid = 100 + i
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last}"
    city, country, cc = rng.choice(CITIES)
    company = rng.choice(COMPANIES)
    c = {"id": cid, "account_id": 1, "name": name}
    kind = i % 8
    slug = (first + "." + last).lower().replace("'", "").replace("é", "e").replace("ö", "o").replace("í", "i").replace("ü", "u")
    email = f"{slug}{i}@example.com"
    if kind != 7:  # every 8th contact is an anonymous visitor (not "resolved": hidden from index)
        if kind in (0, 1, 2, 3, 4):
            c["email"] = email
        if kind in (1, 3, 5):
            c["phone_number"] = f"+1555{2000000 + i * 7919 % 1000000:07d}"
        if kind in (2, 6):
            c["identifier"] = f"user_{1000 + i}"
    else:
        c["name"] = f"Visitor {i}"
    add = {"city": city, "country": country, "country_code": cc}
    if company:
        add["company_name"] = company
    if i % 5 == 0:
        add["social_twitter_user_name"] = slug.replace(".", "_")
    c["additional_attributes"] = add
    custom = {"plan": PLANS[i % 4], "seats": (i * 3) % 50 + 1}
    if i % 3 == 0:
        custom["mrr"] = round(49.5 * ((i % 6) + 1), 2)
    if i % 4 == 0:
        custom["discount"] = (i % 5) * 5
    custom["signup_date"] = f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}"
    custom["newsletter"] = i % 2 == 0
    if company:
        custom["website"] = f"https://{company.lower().replace(' ', '-')}.example"
    c["custom_attributes"] = custom
    c["labels"] = sorted({LABELS[i % 5]} | ({"vip"} if i % 9 == 0 else set()))
    c["blocked"] = i % 23 == 0
    c["created_at"] = f"2024-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}T{(i % 24):02d}:15:00Z"
    if i % 3 != 2:
        c["last_activity_at"] = f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}T09:30:00Z"
    if i in (0, 5, 12):
        c["online"] = True
    cis = []
    if "email" in c and i % 2 == 0:
        cis.append({"inbox_id": 2, "source_id": c["email"]})
    if i % 4 == 1:
        cis.append({"inbox_id": 1, "source_id": f"web-{cid}"})
    if i % 6 == 0:
        cis.append({"inbox_id": 4, "source_id": f"app-{cid}"})
    if cis:
        c["contact_inboxes"] = cis
    contacts.append(c)

# The contact from the spec's example, so the README's snippets match.
contacts.append({"id": 10, "account_id": 1, "name": "John Doe", "email": "john@example.com", "phone_number": "+1234567890",
                 "identifier": "user_123", "custom_attributes": {"plan": "pro", "seats": 5},
                 "additional_attributes": {"city": "New York", "country": "USA", "company_name": "Doe Inc"},
                 "labels": ["vip"], "created_at": "2024-01-15T10:00:00Z", "last_activity_at": "2024-03-01T12:00:00Z",
                 "contact_inboxes": [{"inbox_id": 1, "source_id": "src-john-web"}]})
for i in range(6):
    contacts.append({"id": 500 + i, "account_id": 2, "name": f"Globex Customer {i}", "email": f"customer{i}@globex-client.test",
                     "labels": ["vip"] if i % 2 == 0 else []})

conversations = []
cid_with_inbox = [c for c in contacts if c.get("contact_inboxes")]
conv_id = 1000
for n, c in enumerate(cid_with_inbox[:20]):
    for k, ci in enumerate(c["contact_inboxes"][:2]):
        conv_id += 1
        day = (n % 27) + 1
        conversations.append({
            "id": conv_id, "display_id": conv_id - 1000, "account_id": 1, "inbox_id": ci["inbox_id"], "contact_id": c["id"],
            "status": ["open", "resolved", "pending", "snoozed"][(n + k) % 4], "assignee_id": 2 if n % 2 else 3,
            "created_at": f"2025-02-{day:02d}T08:00:00Z", "last_activity_at": f"2025-02-{day:02d}T09:{n:02d}:00Z",
            "messages": [
                {"content": "Hi, I have a question about my invoice.", "message_type": "incoming", "created_at": f"2025-02-{day:02d}T08:00:00Z"},
                {"content": "Happy to help! Could you share the invoice number?", "message_type": "outgoing", "created_at": f"2025-02-{day:02d}T08:05:00Z"},
                {"content": "Sure, it is INV-2291.", "message_type": "incoming", "created_at": f"2025-02-{day:02d}T09:{n:02d}:00Z"},
            ]})

notes = []
for n, c in enumerate(contacts[:24]):
    notes.append({"id": n + 1, "contact_id": c["id"], "user_id": [1, 2, 3][n % 3],
                  "content": ["Met at the expo", "Asked about annual billing", "Prefers email over phone",
                              "Renewal due next quarter"][n % 4], "created_at": f"2025-03-{(n % 27) + 1:02d}T10:00:00Z"})

fixture = {"accounts": accounts, "users": users, "inboxes": inboxes, "labels": labels,
           "custom_attribute_definitions": custom_attribute_definitions, "contacts": contacts,
           "conversations": conversations, "notes": notes}
out = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"
out.parent.mkdir(exist_ok=True)
out.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {out}: {len(contacts)} contacts, {len(conversations)} conversations, {len(notes)} notes")
