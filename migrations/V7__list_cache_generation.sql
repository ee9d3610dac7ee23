-- A per-account write counter for contacts. Every change that can move a contact in or out of a list, or
-- move it within a sort order, bumps it in the same transaction. A reader that sees generation N in its
-- snapshot knows any count or page position it cached at generation N is still exact; this is what lets
-- repeated filter counts and deep pages skip their scans (src/db/list_cache.rs).
ALTER TABLE contact_counts ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER contact_counts_insert;
CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts BEGIN
    UPDATE contact_counts SET total = total + 1, resolved = resolved + new.resolved, generation = generation + 1
    WHERE account_id = new.account_id;
END;
DROP TRIGGER contact_counts_delete;
CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts BEGIN
    UPDATE contact_counts SET total = total - 1, resolved = resolved - old.resolved, generation = generation + 1
    WHERE account_id = old.account_id;
END;
-- Any column: filters read almost every column, and a contact update always changes updated_at anyway.
CREATE TRIGGER contact_counts_generation_update AFTER UPDATE ON contacts BEGIN
    UPDATE contact_counts SET generation = generation + 1 WHERE account_id IN (old.account_id, new.account_id);
END;
-- Label changes bump it from db/labels.rs: a trigger on contact_labels would give each label insert its own
-- statement savepoint, and FTS5 flushes its pending data as a new segment at every savepoint.

-- Search in id order over every contact of an account (resolved or not): SQLite appends the rowid to each
-- index entry, so (account_id) alone is (account_id, id), and a 1-2 character search (which no trigram
-- index can serve) walks it in id order and stops after one page instead of sorting the whole account.
CREATE INDEX contacts_by_account ON contacts(account_id);
