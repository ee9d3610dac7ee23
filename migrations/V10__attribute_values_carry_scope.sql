-- Each custom attribute value row carries its contact's account and resolved flag, and the value indexes lead
-- with (key, value, account_id, resolved): the exact count of a custom-attribute filter (`plan = enterprise`,
-- a quarter of a million contacts) is then one index range, instead of a lookup of every matching contact.
ALTER TABLE contact_attribute_values ADD COLUMN account_id INTEGER;
ALTER TABLE contact_attribute_values ADD COLUMN resolved INTEGER;
UPDATE contact_attribute_values
SET (account_id, resolved) = (SELECT c.account_id, c.resolved FROM contacts c WHERE c.id = contact_id);

DROP INDEX contact_attribute_values_text;
DROP INDEX contact_attribute_values_num;
CREATE INDEX contact_attribute_values_text
    ON contact_attribute_values(key, value_text, account_id, resolved, contact_id);
CREATE INDEX contact_attribute_values_num
    ON contact_attribute_values(key, value_num, account_id, resolved, contact_id);

DROP TRIGGER contact_attribute_values_insert;
CREATE TRIGGER contact_attribute_values_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_attribute_values (contact_id, key, value_text, value_num, account_id, resolved)
        SELECT new.id, j.key, lower(j.value), CAST(j.value AS REAL), new.account_id, new.resolved
        FROM json_each(new.custom_attributes) j WHERE j.type NOT IN ('object', 'array', 'null');
END;
DROP TRIGGER contact_attribute_values_update;
CREATE TRIGGER contact_attribute_values_update AFTER UPDATE OF custom_attributes ON contacts BEGIN
    DELETE FROM contact_attribute_values WHERE contact_id = new.id;
    INSERT INTO contact_attribute_values (contact_id, key, value_text, value_num, account_id, resolved)
        SELECT new.id, j.key, lower(j.value), CAST(j.value AS REAL), new.account_id, new.resolved
        FROM json_each(new.custom_attributes) j WHERE j.type NOT IN ('object', 'array', 'null');
END;
-- An update that changes only what makes a contact resolved (email, phone, identifier) moves its values too.
CREATE TRIGGER contact_attribute_values_resolved AFTER UPDATE OF resolved ON contacts
WHEN old.resolved IS NOT new.resolved BEGIN
    UPDATE contact_attribute_values SET resolved = new.resolved WHERE contact_id = new.id;
END;
