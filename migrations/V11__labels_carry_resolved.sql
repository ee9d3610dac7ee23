-- Label rows carry their contact's resolved flag, and the account's label index leads with
-- (account_id, name, resolved): a `labels = vip` filter counts from one index range (as V10 does for custom
-- attribute values) instead of looking up every labelled contact.
ALTER TABLE contact_labels ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
UPDATE contact_labels SET resolved = (SELECT c.resolved FROM contacts c WHERE c.id = contact_id);
DROP INDEX contact_labels_by_name;
CREATE INDEX contact_labels_by_name ON contact_labels(account_id, name, resolved, contact_id);
CREATE TRIGGER contact_labels_resolved AFTER UPDATE OF resolved ON contacts
WHEN old.resolved IS NOT new.resolved BEGIN
    UPDATE contact_labels SET resolved = new.resolved WHERE contact_id = new.id;
END;
