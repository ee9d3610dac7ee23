-- The floor of a 1M-row import in pure SQL (issue 5): stage the CSV, drop the secondary indexes, insert
-- the contacts, the attribute values and the FTS5 rows in one statement each, rebuild the indexes.
-- No CSV parsing in Rust, no matching, no chunks. From the repo root, once bench/import_export.sh has written
-- bench/data/contacts-1000000.csv, on a fresh seeded database:
--   contactd seed --db /tmp/c.db bench/import_account.json && sqlite3 /tmp/c.db < bench/import_ceiling.sql
-- Each statement prints its time (.timer on). Results are in bench/import_export.md.
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384;
.timer on
CREATE TEMP TABLE s(identifier,email,phone_number,name,company,city,labels,plan,seats);
.import --csv --skip 1 bench/data/contacts-1000000.csv s
DROP INDEX contacts_by_id; DROP INDEX contacts_by_name; DROP INDEX contacts_by_email; DROP INDEX contacts_by_phone; DROP INDEX contacts_by_created; DROP INDEX contacts_by_activity; DROP INDEX contacts_by_company; DROP INDEX contacts_by_city; DROP INDEX contacts_by_country; DROP INDEX contacts_by_account;
DROP INDEX contact_attribute_values_text; DROP INDEX contact_attribute_values_num; DROP TRIGGER contact_attribute_values_insert;
BEGIN;
INSERT INTO contacts(account_id,name,email,phone_number,identifier,additional_attributes,custom_attributes,created_at,updated_at,resolved) SELECT 1, name, lower(email), '+'||phone_number, identifier, json_object('company_name',company,'city',city), json_object('plan',plan,'seats',seats), 1700000000, 1700000000, 1 FROM s;
COMMIT;
BEGIN;
INSERT INTO contact_attribute_values (contact_id, key, value_text, value_num, account_id, resolved) SELECT c.id, j.key, lower(j.value), CAST(j.value AS REAL), c.account_id, c.resolved FROM contacts c, json_each(c.custom_attributes) j WHERE j.type NOT IN ('object', 'array', 'null');
COMMIT;
BEGIN;
INSERT INTO contacts_fts(rowid,name,email,phone_number) SELECT id,name,email,phone_number FROM contacts;
COMMIT;
BEGIN;
INSERT INTO contacts_fts_identifier(rowid,identifier) SELECT id,identifier FROM contacts;
COMMIT;
BEGIN;
CREATE INDEX contacts_by_id         ON contacts(account_id, resolved, id);
CREATE INDEX contacts_by_name       ON contacts(account_id, resolved, lower(name), id);
CREATE INDEX contacts_by_email      ON contacts(account_id, resolved, email IS NULL, email, id);
CREATE INDEX contacts_by_phone      ON contacts(account_id, resolved, phone_number IS NULL, lower(phone_number), id);
CREATE INDEX contacts_by_created    ON contacts(account_id, resolved, created_at, id);
CREATE INDEX contacts_by_activity   ON contacts(account_id, resolved, last_activity_at IS NULL, last_activity_at, id);
CREATE INDEX contacts_by_company    ON contacts(account_id, resolved, json_extract(additional_attributes, '$.company_name') IS NULL, json_extract(additional_attributes, '$.company_name'), id);
CREATE INDEX contacts_by_city       ON contacts(account_id, resolved, json_extract(additional_attributes, '$.city') IS NULL, json_extract(additional_attributes, '$.city'), id);
CREATE INDEX contacts_by_country    ON contacts(account_id, resolved, json_extract(additional_attributes, '$.country') IS NULL, json_extract(additional_attributes, '$.country'), id);
CREATE INDEX contacts_by_account ON contacts(account_id);
COMMIT;
BEGIN;
CREATE INDEX contact_attribute_values_text ON contact_attribute_values(key, value_text, account_id, resolved, contact_id);
CREATE INDEX contact_attribute_values_num ON contact_attribute_values(key, value_num, account_id, resolved, contact_id);
COMMIT;
