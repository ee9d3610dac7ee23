-- contactd data model. Timestamps are unix seconds (UTC). JSON columns hold compact JSON objects.

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    locale      TEXT    NOT NULL DEFAULT 'en',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- Only a SHA-256 of each token is stored; a leaked database file leaks no usable token.
CREATE TABLE access_tokens (
    token_sha256 TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE account_users (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT    NOT NULL CHECK (role IN ('administrator', 'agent')),
    PRIMARY KEY (account_id, user_id)
) WITHOUT ROWID;

CREATE TABLE inboxes (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    channel_type    TEXT    NOT NULL,
    channel_id      INTEGER NOT NULL,
    email           TEXT,
    phone_number    TEXT,
    provider        TEXT,
    medium          TEXT,
    website_token   TEXT,
    identifier      TEXT UNIQUE,
    hmac_token      TEXT,
    hmac_mandatory  INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX inboxes_account ON inboxes(account_id, id);

CREATE TABLE inbox_members (
    inbox_id    INTEGER NOT NULL REFERENCES inboxes(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (inbox_id, user_id)
) WITHOUT ROWID;

CREATE TABLE contacts (
    id                    INTEGER PRIMARY KEY,
    account_id            INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name                  TEXT    NOT NULL DEFAULT '',
    email                 TEXT,
    phone_number          TEXT,
    identifier            TEXT,
    blocked               INTEGER NOT NULL DEFAULT 0,
    contact_type          INTEGER NOT NULL DEFAULT 0,
    additional_attributes TEXT    NOT NULL DEFAULT '{}',
    custom_attributes     TEXT    NOT NULL DEFAULT '{}',
    location              TEXT    NOT NULL DEFAULT '',
    country_code          TEXT    NOT NULL DEFAULT '',
    avatar_id             INTEGER,
    last_activity_at      INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    -- Chatwoot's "resolved contacts" rule (classic): index, filter and export only see these. A plain
    -- column written with the row (a generated column would keep SQLite from using the sort indexes
    -- as covering indexes); the CHECK keeps every writer honest.
    resolved              INTEGER NOT NULL DEFAULT 0 CHECK (resolved = (
        coalesce(email, '') <> '' OR coalesce(phone_number, '') <> '' OR coalesce(identifier, '') <> ''
    ))
);

-- Uniqueness per account. Email is stored lower-case so this is case-insensitive.
CREATE UNIQUE INDEX contacts_email      ON contacts(account_id, email)        WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_identifier ON contacts(account_id, identifier)   WHERE identifier IS NOT NULL;
CREATE UNIQUE INDEX contacts_phone      ON contacts(account_id, phone_number) WHERE phone_number IS NOT NULL;

-- One index per sort key, shaped like the ORDER BY the list query emits, so that a page is an index walk.
CREATE INDEX contacts_by_id         ON contacts(account_id, resolved, id);
CREATE INDEX contacts_by_name       ON contacts(account_id, resolved, lower(name), id);
CREATE INDEX contacts_by_email      ON contacts(account_id, resolved, email IS NULL, email, id);
CREATE INDEX contacts_by_phone      ON contacts(account_id, resolved, phone_number IS NULL, lower(phone_number), id);
CREATE INDEX contacts_by_created    ON contacts(account_id, resolved, created_at, id);
CREATE INDEX contacts_by_activity   ON contacts(account_id, resolved, last_activity_at IS NULL, last_activity_at, id);
CREATE INDEX contacts_by_company    ON contacts(account_id, resolved, json_extract(additional_attributes, '$.company_name') IS NULL, json_extract(additional_attributes, '$.company_name'), id);
CREATE INDEX contacts_by_city       ON contacts(account_id, resolved, json_extract(additional_attributes, '$.city') IS NULL, json_extract(additional_attributes, '$.city'), id);
CREATE INDEX contacts_by_country    ON contacts(account_id, resolved, json_extract(additional_attributes, '$.country') IS NULL, json_extract(additional_attributes, '$.country'), id);

-- Exact counts without scanning: kept in step by triggers.
CREATE TABLE contact_counts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    total      INTEGER NOT NULL DEFAULT 0,
    resolved   INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER contact_counts_account AFTER INSERT ON accounts BEGIN
    INSERT INTO contact_counts(account_id) VALUES (new.id);
END;
CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts BEGIN
    UPDATE contact_counts SET total = total + 1, resolved = resolved + new.resolved WHERE account_id = new.account_id;
END;
CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts BEGIN
    UPDATE contact_counts SET total = total - 1, resolved = resolved - old.resolved WHERE account_id = old.account_id;
END;
CREATE TRIGGER contact_counts_update AFTER UPDATE OF email, phone_number, identifier ON contacts
WHEN old.resolved <> new.resolved BEGIN
    UPDATE contact_counts SET resolved = resolved + new.resolved - old.resolved WHERE account_id = new.account_id;
END;

-- Presence heartbeats (Chatwoot keeps them in Redis). One row per contact, the latest beat.
CREATE TABLE contact_presences (
    contact_id   INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX contact_presences_recent ON contact_presences(account_id, last_seen_at);

CREATE TABLE avatars (
    id           INTEGER PRIMARY KEY,
    content_type TEXT    NOT NULL,
    original     BLOB    NOT NULL,
    thumbnail    BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE contact_inboxes (
    id            INTEGER PRIMARY KEY,
    contact_id    INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    inbox_id      INTEGER NOT NULL REFERENCES inboxes(id) ON DELETE CASCADE,
    source_id     TEXT    NOT NULL,
    hmac_verified INTEGER NOT NULL DEFAULT 0,
    pubsub_token  TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX contact_inboxes_source ON contact_inboxes(inbox_id, source_id);
CREATE INDEX contact_inboxes_contact ON contact_inboxes(contact_id, id);

-- The account's label catalogue (title, colour) ...
CREATE TABLE labels (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    title       TEXT    NOT NULL COLLATE NOCASE,
    description TEXT    NOT NULL DEFAULT '',
    color       TEXT    NOT NULL DEFAULT '#1f93ff',
    UNIQUE (account_id, title)
);
-- ... and the tags on contacts, which (like acts-as-taggable-on) need not be in the catalogue.
CREATE TABLE contact_labels (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    name       TEXT    NOT NULL COLLATE NOCASE,
    PRIMARY KEY (contact_id, name)
) WITHOUT ROWID;
CREATE INDEX contact_labels_by_name ON contact_labels(account_id, name, contact_id);

CREATE TABLE custom_attribute_definitions (
    id                     INTEGER PRIMARY KEY,
    account_id             INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    attribute_model        TEXT    NOT NULL,
    attribute_key          TEXT    NOT NULL,
    attribute_display_name TEXT    NOT NULL,
    attribute_display_type TEXT    NOT NULL,
    attribute_values       TEXT    NOT NULL DEFAULT '[]',
    UNIQUE (account_id, attribute_model, attribute_key)
);

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    display_id       INTEGER NOT NULL,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    inbox_id         INTEGER NOT NULL REFERENCES inboxes(id) ON DELETE CASCADE,
    contact_id       INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    contact_inbox_id INTEGER REFERENCES contact_inboxes(id) ON DELETE SET NULL,
    uuid             TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'pending', 'snoozed')),
    assignee_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    priority         TEXT,
    additional_attributes TEXT NOT NULL DEFAULT '{}',
    custom_attributes     TEXT NOT NULL DEFAULT '{}',
    snoozed_until    INTEGER,
    agent_last_seen_at    INTEGER,
    contact_last_seen_at  INTEGER,
    last_activity_at INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (account_id, display_id)
);
CREATE INDEX conversations_contact ON conversations(contact_id, last_activity_at);
CREATE INDEX conversations_contact_inbox ON conversations(contact_inbox_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    inbox_id        INTEGER NOT NULL,
    content         TEXT,
    message_type    TEXT    NOT NULL CHECK (message_type IN ('incoming', 'outgoing', 'activity', 'template')),
    sender_type     TEXT,
    sender_id       INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, created_at, id);
CREATE INDEX messages_sender ON messages(sender_type, sender_id);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    content     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX notes_contact ON notes(contact_id, created_at);

CREATE TABLE data_imports (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    data_type         TEXT    NOT NULL DEFAULT 'contacts',
    status            TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    file_name         TEXT,
    file              BLOB,
    total_records     INTEGER NOT NULL DEFAULT 0,
    processed_records INTEGER NOT NULL DEFAULT 0,
    failed_records    INTEGER NOT NULL DEFAULT 0,
    created_records   INTEGER NOT NULL DEFAULT 0,
    updated_records   INTEGER NOT NULL DEFAULT 0,
    -- Bytes of the file already applied: a resumed import starts here, so no row is applied twice.
    checkpoint_offset INTEGER NOT NULL DEFAULT 0,
    error             TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE data_import_failures (
    data_import_id INTEGER NOT NULL REFERENCES data_imports(id) ON DELETE CASCADE,
    row_number     INTEGER NOT NULL,
    record         TEXT    NOT NULL,
    errors         TEXT    NOT NULL,
    PRIMARY KEY (data_import_id, row_number)
) WITHOUT ROWID;
