-- Search and filter at a million contacts.

-- Substring search: trigram full-text indexes over the contacts table (external content, kept in step by
-- triggers). Chatwoot matches name/email/phone case-insensitively and identifier case-sensitively, so
-- the two get separate indexes with the matching trigram case rule.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, email, phone_number,
    content = 'contacts', content_rowid = 'id', tokenize = 'trigram case_sensitive 0'
);
CREATE VIRTUAL TABLE contacts_fts_identifier USING fts5(
    identifier,
    content = 'contacts', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild');
INSERT INTO contacts_fts_identifier(contacts_fts_identifier) VALUES ('rebuild');

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts(rowid, name, email, phone_number) VALUES (new.id, new.name, new.email, new.phone_number);
    INSERT INTO contacts_fts_identifier(rowid, identifier) VALUES (new.id, new.identifier);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts(contacts_fts, rowid, name, email, phone_number)
        VALUES ('delete', old.id, old.name, old.email, old.phone_number);
    INSERT INTO contacts_fts_identifier(contacts_fts_identifier, rowid, identifier)
        VALUES ('delete', old.id, old.identifier);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, email, phone_number ON contacts BEGIN
    INSERT INTO contacts_fts(contacts_fts, rowid, name, email, phone_number)
        VALUES ('delete', old.id, old.name, old.email, old.phone_number);
    INSERT INTO contacts_fts(rowid, name, email, phone_number) VALUES (new.id, new.name, new.email, new.phone_number);
END;
CREATE TRIGGER contacts_fts_identifier_update AFTER UPDATE OF identifier ON contacts BEGIN
    INSERT INTO contacts_fts_identifier(contacts_fts_identifier, rowid, identifier)
        VALUES ('delete', old.id, old.identifier);
    INSERT INTO contacts_fts_identifier(rowid, identifier) VALUES (new.id, new.identifier);
END;

-- Custom attribute values, one row per scalar key, so `equal_to` on a custom attribute is an index range
-- instead of a json_extract over every contact. The columns are exactly what the filter's json_extract
-- forms compare: `value_text` = lower(value), `value_num` = CAST(value AS REAL) (so "12.5" stored as text
-- compares as 12.5, as it does there).
CREATE TABLE contact_attribute_values (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    key        TEXT    NOT NULL,
    value_text TEXT,
    value_num  REAL,
    PRIMARY KEY (contact_id, key)
) WITHOUT ROWID;
CREATE INDEX contact_attribute_values_text ON contact_attribute_values(key, value_text, contact_id);
CREATE INDEX contact_attribute_values_num ON contact_attribute_values(key, value_num, contact_id);

INSERT INTO contact_attribute_values (contact_id, key, value_text, value_num)
    SELECT c.id, j.key, lower(j.value), CAST(j.value AS REAL)
    FROM contacts c, json_each(c.custom_attributes) j WHERE j.type NOT IN ('object', 'array', 'null');

CREATE TRIGGER contact_attribute_values_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_attribute_values (contact_id, key, value_text, value_num)
        SELECT new.id, j.key, lower(j.value), CAST(j.value AS REAL)
        FROM json_each(new.custom_attributes) j WHERE j.type NOT IN ('object', 'array', 'null');
END;
CREATE TRIGGER contact_attribute_values_update AFTER UPDATE OF custom_attributes ON contacts BEGIN
    DELETE FROM contact_attribute_values WHERE contact_id = new.id;
    INSERT INTO contact_attribute_values (contact_id, key, value_text, value_num)
        SELECT new.id, j.key, lower(j.value), CAST(j.value AS REAL)
        FROM json_each(new.custom_attributes) j WHERE j.type NOT IN ('object', 'array', 'null');
END;

-- Label filters look contacts up by label name across the account.
CREATE INDEX contact_labels_name ON contact_labels(name, contact_id);
